/* See font_match.h. */
#include "tests/tools/font_match.h"
#include "arch/font.h"

char font_match_cell(bool (*lit)(const void *ctx, unsigned x, unsigned y), const void *ctx)
{
	uint8_t rows[FONT_HEIGHT];
	for (unsigned y = 0; y < FONT_HEIGHT; y++) {
		rows[y] = 0;
		for (unsigned x = 0; x < FONT_WIDTH; x++)
			if (lit(ctx, x, y))
				rows[y] |= 0x80 >> x;
	}
	for (unsigned c = FONT_FIRST; c <= FONT_LAST; c++) {
		unsigned y = 0;
		while (y < FONT_HEIGHT && font_row((unsigned char)c, y) == rows[y])
			y++;
		if (y == FONT_HEIGHT)
			return (char)c;
	}
	return 0;
}
