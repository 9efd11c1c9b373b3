/* Prints the text the hypervisor's screen console drew, one line per row,
 * trailing blanks removed. Usage:
 *   screen-text --raw32 WIDTH HEIGHT PITCH DUMP: from the bytes of a 32 bpp
 *     framebuffer as they are in memory (Bochs' debugger `writemem`), PITCH
 *     bytes per line, read with the console's own font in 8x16 cells from
 *     the top left corner; '?' for a cell that shows no glyph of the font.
 *   screen-text --vga-text MONITOR.log: from the 16-bit words of VGA text
 *     memory (80 columns) that QEMU's monitor printed for `xp /2000hx 0xb8000`;
 *     the attribute bytes are dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch/font.h"
#include "tests/tools/font_match.h"

struct image {
	unsigned width, height;
	unsigned char *rgb;
};

struct cell_view {
	const struct image *image;
	unsigned x0, y0;
};

static bool cell_pixel_lit(const void *ctx, unsigned x, unsigned y)
{
	const struct cell_view *v = ctx;
	const unsigned char *p = v->image->rgb + 3 * ((size_t)(v->y0 + y) * v->image->width + v->x0 + x);
	return p[0] || p[1] || p[2];
}

/* A 32 bpp dump: each pixel's first three bytes are its colour fields (in
 * whichever order; a cell's pixel is lit when any is non-zero). */
static int read_raw32(const char *width, const char *height, const char *pitch, const char *path,
		      struct image *image)
{
	image->width = (unsigned)strtoul(width, NULL, 0);
	image->height = (unsigned)strtoul(height, NULL, 0);
	unsigned long line = strtoul(pitch, NULL, 0);
	if (image->width > 16384 || image->height > 16384 || line < 4ul * image->width)
		return -1;
	FILE *f = fopen(path, "rb");
	unsigned char *raw = malloc(line * image->height);
	image->rgb = malloc((size_t)image->width * image->height * 3);
	int ok = f && raw && image->rgb && fread(raw, 1, line * image->height, f) == line * image->height;
	for (size_t y = 0; ok && y < image->height; y++)
		for (size_t x = 0; x < image->width; x++)
			memcpy(image->rgb + 3 * (y * image->width + x), raw + y * line + 4 * x, 3);
	if (f)
		fclose(f);
	free(raw);
	return ok ? 0 : -1;
}

#define VGA_TEXT_COLUMNS 80

/* Lines "00000000000b8000: 0x0768 0x0779 ..." of the monitor's answer. */
static int print_vga_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char input[1024], line[VGA_TEXT_COLUMNS + 1];
	unsigned n = 0;
	if (!f)
		return 2;
	while (fgets(input, sizeof(input), f)) {
		char *p = strstr(input, ": 0x");
		if (!p || strspn(input, "0123456789abcdef") != (size_t)(p - input))
			continue;
		unsigned long word;
		int used;
		for (p += 2; sscanf(p, " 0x%lx%n", &word, &used) == 1; p += used) {
			unsigned char c = word & 0xff;
			line[n++] = c >= ' ' && c <= '~' ? (char)c : '?';
			if (n == VGA_TEXT_COLUMNS) {
				while (n > 0 && line[n - 1] == ' ')
					n--;
				line[n] = '\0';
				puts(line);
				n = 0;
			}
		}
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	struct image image;
	if (argc == 3 && !strcmp(argv[1], "--vga-text"))
		return print_vga_text(argv[2]);
	if (argc != 6 || strcmp(argv[1], "--raw32") ||
	    read_raw32(argv[2], argv[3], argv[4], argv[5], &image)) {
		fprintf(stderr, "usage: screen-text --raw32 WIDTH HEIGHT PITCH DUMP\n"
				"   or: screen-text --vga-text MONITOR.log\n");
		return 2;
	}
	char line[16384 / FONT_WIDTH + 1];
	for (unsigned y0 = 0; y0 + FONT_HEIGHT <= image.height; y0 += FONT_HEIGHT) {
		unsigned n = 0;
		for (unsigned x0 = 0; x0 + FONT_WIDTH <= image.width; x0 += FONT_WIDTH) {
			struct cell_view v = { &image, x0, y0 };
			char c = font_match_cell(cell_pixel_lit, &v);
			line[n++] = c ? c : '?';
		}
		while (n > 0 && line[n - 1] == ' ')
			n--;
		line[n] = '\0';
		puts(line);
	}
	free(image.rgb);
	return 0;
}
