/* Reading text back from pixels with the console's font (arch/font.h): the
 * check that what the screen console drew is the text it was given. */
#ifndef TESTS_TOOLS_FONT_MATCH_H
#define TESTS_TOOLS_FONT_MATCH_H
#include <stdbool.h>

/* lit(ctx, x, y) says whether pixel (x, y) of a cell is not background.
 * Returns the printable character whose glyph matches every pixel of the
 * cell, or 0 when none does. */
char font_match_cell(bool (*lit)(const void *ctx, unsigned x, unsigned y), const void *ctx);

#endif
