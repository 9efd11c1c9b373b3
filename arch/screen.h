/* A text console drawn on the screen GRUB handed over: VGA text mode
 * (characters and attributes) or a linear framebuffer of 15/16, 24 or 32
 * bits a pixel, written with the built-in font (arch/font.h). A grid of
 * the characters on screen lets scrolling redraw only the cells that change,
 * so the framebuffer is only written, never read (reads of video memory are
 * slow on real hardware). Pure: unit-tested on the host with a buffer for
 * the framebuffer. */
#ifndef ARCH_SCREEN_H
#define ARCH_SCREEN_H
#include <stddef.h>
#include <stdint.h>
#include "boot/multiboot2.h"

#define VGA_TEXT_ATTRIBUTE 0x07         /* light grey on black */

struct screen {
	uint8_t *base;                  /* the framebuffer */
	uint8_t type;                   /* FRAMEBUFFER_RGB or FRAMEBUFFER_EGA_TEXT */
	uint32_t pitch;
	unsigned bytes_per_pixel;
	uint32_t foreground;            /* pixel value of the text; background is 0 */
	unsigned columns, rows;
	unsigned column, row;           /* the cursor */
	uint8_t *cells;                 /* columns * rows characters on screen */
};

/* Sets up a console on `fb`, mapped at `base`, with `cells` (cells_size
 * bytes) for the character grid; a screen too large for it uses its top
 * left part. Clears the screen. Returns 0, or -1 when fb is not a type the
 * console draws on (indexed colour) or smaller than one character. */
int screen_init(struct screen *s, const struct framebuffer *fb, void *base, uint8_t *cells,
		size_t cells_size);
void screen_putc(struct screen *s, char c);

#endif
