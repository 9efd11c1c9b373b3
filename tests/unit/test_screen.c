/* The screen console's renderer (arch/screen.c) on host buffers standing in
 * for the framebuffer, read back with the font (tests/tools/font_match.c). */
#include <stdlib.h>
#include <string.h>
#include "arch/font.h"
#include "arch/screen.h"
#include "tests/tools/font_match.h"
#include "tests/unit/unit.h"

#define PADDING 0xab            /* bytes the console must never write */

struct cell_view {
	const struct screen *s;
	unsigned column, row;
};

static uint32_t pixel_at(const struct screen *s, unsigned x, unsigned y)
{
	const uint8_t *p = s->base + (size_t)y * s->pitch + (size_t)x * s->bytes_per_pixel;
	uint32_t v = 0;
	memcpy(&v, p, s->bytes_per_pixel);
	return v;
}

static bool cell_pixel_lit(const void *ctx, unsigned x, unsigned y)
{
	const struct cell_view *v = ctx;
	return pixel_at(v->s, v->column * FONT_WIDTH + x, v->row * FONT_HEIGHT + y) != 0;
}

/* The text of one row as the pixels show it; '\1' marks a cell that matches
 * no glyph. */
static void row_text(const struct screen *s, unsigned row, char *out)
{
	for (unsigned column = 0; column < s->columns; column++) {
		struct cell_view v = { s, column, row };
		char c = font_match_cell(cell_pixel_lit, &v);
		out[column] = c ? c : '\1';
	}
	out[s->columns] = '\0';
}

static struct framebuffer rgb(unsigned width, unsigned height, unsigned pitch, uint8_t bpp)
{
	struct framebuffer fb = { .present = true, .type = FRAMEBUFFER_RGB, .bpp = bpp,
				  .pitch = pitch, .width = width, .height = height };
	if (bpp == 16) {
		fb.red = (struct colour_field){ 11, 5 };
		fb.green = (struct colour_field){ 5, 6 };
		fb.blue = (struct colour_field){ 0, 5 };
	} else {
		fb.red = (struct colour_field){ 16, 8 };
		fb.green = (struct colour_field){ 8, 8 };
		fb.blue = (struct colour_field){ 0, 8 };
	}
	return fb;
}

static void put_string(struct screen *s, const char *text)
{
	while (*text)
		screen_putc(s, *text++);
}

static uint8_t cells[4096];

static void glyphs_are_distinct_and_fit_the_cell(void)
{
	for (unsigned a = FONT_FIRST; a <= FONT_LAST; a++) {
		for (unsigned b = a + 1; b <= FONT_LAST; b++) {
			unsigned y = 0;
			while (y < FONT_HEIGHT && font_row((unsigned char)a, y) == font_row((unsigned char)b, y))
				y++;
			CHECK(y < FONT_HEIGHT);
		}
		/* One blank column on the left, two on the right: cells never touch. */
		for (unsigned y = 0; y < FONT_HEIGHT; y++)
			CHECK((font_row((unsigned char)a, y) & 0x83) == 0);
	}
	for (unsigned y = 0; y < FONT_HEIGHT; y++)
		CHECK(font_row(0x07, y) == font_row('?', y) && font_row(0xc8, y) == font_row('?', y));
}

/* Text at its cells, in the colour of every mask bit, the pitch's padding
 * untouched, for each depth. */
static void draws_text_in_each_depth(void)
{
	static const struct { uint8_t bpp; uint32_t white; } depths[] = {
		{ 32, 0xffffff }, { 24, 0xffffff }, { 16, 0xffff },
	};
	for (unsigned d = 0; d < 3; d++) {
		unsigned bytes = (depths[d].bpp + 7) / 8, width = 5 * FONT_WIDTH + 3;
		unsigned pitch = width * bytes + 12, height = 2 * FONT_HEIGHT + 5;
		struct framebuffer fb = rgb(width, height, pitch, depths[d].bpp);
		uint8_t *buffer = malloc((size_t)pitch * height);
		memset(buffer, PADDING, (size_t)pitch * height);
		struct screen s;
		CHECK(screen_init(&s, &fb, buffer, cells, sizeof(cells)) == 0);
		CHECK(s.columns == 5 && s.rows == 2);
		put_string(&s, "Hi,\nVT-x");
		char text[8];
		row_text(&s, 0, text);
		CHECK_STR(text, "Hi,  ");
		row_text(&s, 1, text);
		CHECK_STR(text, "VT-x ");
		/* 'H' row 0: dots at glyph columns 0 and 4, i.e. cell x 1 and 5. */
		CHECK(pixel_at(&s, 1, 0) == depths[d].white && pixel_at(&s, 5, 0) == depths[d].white);
		CHECK(pixel_at(&s, 2, 0) == 0);
		for (unsigned y = 0; y < height; y++)    /* right of the cells, and the pitch padding */
			for (unsigned x = 5 * FONT_WIDTH * bytes; x < pitch; x++)
				CHECK(buffer[(size_t)y * pitch + x] == PADDING);
		for (unsigned x = 0; x < pitch; x++)     /* below the last row of cells */
			CHECK(buffer[(size_t)(2 * FONT_HEIGHT) * pitch + x] == PADDING);
		free(buffer);
	}
}

static void scrolls_and_wraps(void)
{
	unsigned width = 3 * FONT_WIDTH, height = 2 * FONT_HEIGHT, pitch = width * 4;
	struct framebuffer fb = rgb(width, height, pitch, 32);
	uint8_t *buffer = calloc(1, (size_t)pitch * height);
	struct screen s;
	CHECK(screen_init(&s, &fb, buffer, cells, sizeof(cells)) == 0);
	char text[8];
	put_string(&s, "abcd");          /* wraps after 3 columns */
	row_text(&s, 0, text);
	CHECK_STR(text, "abc");
	row_text(&s, 1, text);
	CHECK_STR(text, "d  ");
	put_string(&s, "\nef\tg\r!");    /* scrolls; the tab moves to the next line's start */
	row_text(&s, 0, text);
	CHECK_STR(text, "ef ");
	row_text(&s, 1, text);
	CHECK_STR(text, "!  ");
	CHECK(s.row == 1 && s.column == 1);
	free(buffer);
}

static void vga_text_mode(void)
{
	struct framebuffer fb = { .present = true, .type = FRAMEBUFFER_EGA_TEXT, .bpp = 16,
				  .pitch = 160, .width = 80, .height = 25 };
	uint16_t *vram = malloc(160 * 25);
	struct screen s;
	CHECK(screen_init(&s, &fb, vram, cells, sizeof(cells)) == 0);
	CHECK(s.columns == 80 && s.rows == 25);
	CHECK(vram[0] == (' ' | VGA_TEXT_ATTRIBUTE << 8) && vram[80 * 25 - 1] == vram[0]);
	put_string(&s, "A\nB");
	CHECK(vram[0] == ('A' | 0x0700) && vram[80] == ('B' | 0x0700));
	for (int i = 0; i < 24; i++)
		screen_putc(&s, '\n');
	/* 'B' was on row 1: 24 new lines later it has scrolled to the top. */
	CHECK(vram[0] == ('B' | 0x0700) && vram[80] == (' ' | 0x0700));
	free(vram);
}

static void unusable_or_oversized_screens(void)
{
	struct screen s;
	uint8_t buffer[64];
	struct framebuffer fb = { .present = true, .type = FRAMEBUFFER_INDEXED, .bpp = 8,
				  .pitch = 320, .width = 320, .height = 200 };
	CHECK(screen_init(&s, &fb, buffer, cells, sizeof(cells)) == -1);
	fb = rgb(FONT_WIDTH - 1, 100, 64, 32);         /* narrower than one character */
	CHECK(screen_init(&s, &fb, buffer, cells, sizeof(cells)) == -1);
	fb.present = false;
	CHECK(screen_init(&s, &fb, buffer, cells, sizeof(cells)) == -1);

	/* 100x40 characters with a grid of 1000: the top 10 rows are used. */
	fb = rgb(100 * FONT_WIDTH, 40 * FONT_HEIGHT, 100 * FONT_WIDTH * 2, 16);
	uint8_t *big = malloc((size_t)fb.pitch * fb.height);
	CHECK(screen_init(&s, &fb, big, cells, 1000) == 0);
	CHECK(s.columns == 100 && s.rows == 10);
	free(big);
}

const struct unit_test screen_tests[] = {
	{ "glyphs_are_distinct_and_fit_the_cell", glyphs_are_distinct_and_fit_the_cell },
	{ "draws_text_in_each_depth", draws_text_in_each_depth },
	{ "scrolls_and_wraps", scrolls_and_wraps },
	{ "vga_text_mode", vga_text_mode },
	{ "unusable_or_oversized_screens", unusable_or_oversized_screens },
};
const unsigned screen_test_count = sizeof(screen_tests) / sizeof(screen_tests[0]);
