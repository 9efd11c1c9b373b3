/* See screen.h. */
#include "arch/screen.h"
#include "arch/font.h"
#include "lib/bytes.h"

#define TAB_WIDTH 8

/* Every bit of a colour field set: the brightest grey the format has. */
static uint32_t colour_field_ones(struct colour_field f)
{
	return f.size ? ((1u << f.size) - 1) << f.position : 0;
}

static void put_pixel(const struct screen *s, uint8_t *p, uint32_t value)
{
	switch (s->bytes_per_pixel) {
	case 4:
		store32(p, value);
		break;
	case 3:
		store16(p, (uint16_t)value);
		p[2] = (uint8_t)(value >> 16);
		break;
	default:
		store16(p, (uint16_t)value);
		break;
	}
}

static void draw_cell(struct screen *s, unsigned column, unsigned row, uint8_t c)
{
	s->cells[row * s->columns + column] = c;
	if (s->type == FRAMEBUFFER_EGA_TEXT) {
		store16(s->base + row * s->pitch + column * 2, (uint16_t)(c | VGA_TEXT_ATTRIBUTE << 8));
		return;
	}
	uint8_t *line = s->base + (size_t)row * FONT_HEIGHT * s->pitch +
			(size_t)column * FONT_WIDTH * s->bytes_per_pixel;
	for (unsigned y = 0; y < FONT_HEIGHT; y++, line += s->pitch) {
		uint8_t bits = font_row(c, y);
		for (unsigned x = 0; x < FONT_WIDTH; x++)
			put_pixel(s, line + x * s->bytes_per_pixel,
				  (bits & (0x80 >> x)) ? s->foreground : 0);
	}
}

/* Draws c unless the cell already shows it. */
static void update_cell(struct screen *s, unsigned column, unsigned row, uint8_t c)
{
	if (s->cells[row * s->columns + column] != c)
		draw_cell(s, column, row, c);
}

static void scroll(struct screen *s)
{
	for (unsigned row = 0; row + 1 < s->rows; row++)
		for (unsigned column = 0; column < s->columns; column++)
			update_cell(s, column, row, s->cells[(row + 1) * s->columns + column]);
	for (unsigned column = 0; column < s->columns; column++)
		update_cell(s, column, s->rows - 1, ' ');
}

static void new_line(struct screen *s)
{
	s->column = 0;
	if (s->row + 1 < s->rows)
		s->row++;
	else
		scroll(s);
}

int screen_init(struct screen *s, const struct framebuffer *fb, void *base, uint8_t *cells,
		size_t cells_size)
{
	*s = (struct screen){ .base = base, .type = fb->type, .pitch = fb->pitch, .cells = cells };
	if (!fb->present)
		return -1;
	if (fb->type == FRAMEBUFFER_EGA_TEXT) {
		s->columns = fb->width;
		s->rows = fb->height;
	} else if (fb->type == FRAMEBUFFER_RGB) {
		s->columns = fb->width / FONT_WIDTH;
		s->rows = fb->height / FONT_HEIGHT;
		s->bytes_per_pixel = (fb->bpp + 7u) / 8;
		s->foreground = colour_field_ones(fb->red) | colour_field_ones(fb->green) |
				colour_field_ones(fb->blue);
	} else {
		return -1;
	}
	if (s->columns > cells_size)
		s->columns = (unsigned)cells_size;
	if (s->columns && (size_t)s->columns * s->rows > cells_size)
		s->rows = (unsigned)(cells_size / s->columns);
	if (s->columns == 0 || s->rows == 0)
		return -1;
	for (unsigned row = 0; row < s->rows; row++)
		for (unsigned column = 0; column < s->columns; column++)
			draw_cell(s, column, row, ' ');
	return 0;
}

void screen_putc(struct screen *s, char c)
{
	switch (c) {
	case '\n':
		new_line(s);
		return;
	case '\r':
		s->column = 0;
		return;
	case '\t':     /* to the next tab stop, or the end of the line */
		do
			screen_putc(s, ' ');
		while (s->column % TAB_WIDTH && s->column < s->columns);
		return;
	default:
		if (s->column == s->columns)
			new_line(s);
		draw_cell(s, s->column++, s->row, (uint8_t)c);
	}
}
