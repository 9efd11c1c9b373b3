/* The console's built-in bitmap font: printable ASCII in 8x16 cells. Each
 * glyph is drawn 5 dots wide and 8 tall (the last row for descenders); a
 * cell shows it one blank column in from the left and each row twice.
 * Pure: the screen console draws with it, and the host tools read screens
 * back with it (tests/tools/screen_text.c). */
#ifndef ARCH_FONT_H
#define ARCH_FONT_H
#include <stdint.h>

#define FONT_WIDTH 8
#define FONT_HEIGHT 16
#define FONT_FIRST ' '
#define FONT_LAST '~'

/* Row y (0..15) of character c's cell: bit 7 is the leftmost pixel.
 * Characters outside the font are drawn as '?'. */
uint8_t font_row(unsigned char c, unsigned y);

#endif
