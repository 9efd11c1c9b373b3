/* I/O and MSR bitmaps; see bitmaps.h. */
#include "vmx/bitmaps.h"
#include "arch/console.h"
#include "lib/string.h"
#include "mm/memory.h"

#define MSR_LOW_END 0x2000u
#define MSR_HIGH_BASE 0xc0000000u
#define MSR_HIGH_END 0xc0002000u
/* Offsets of the four 1 KiB parts of the MSR bitmap (SDM 24.6.9). */
#define MSR_READ_LOW 0
#define MSR_READ_HIGH 1024
#define MSR_WRITE_LOW 2048
#define MSR_WRITE_HIGH 3072

void bitmaps_init(struct vmx_bitmaps *b)
{
	b->io_a = (uint8_t *)page_alloc();
	b->io_b = (uint8_t *)page_alloc();
	b->msr = (uint8_t *)page_alloc();
	memset(b->msr, 0, 4096);
}

static void set_bit(uint8_t *base, unsigned bit)
{
	base[bit / 8] |= (uint8_t)(1u << (bit % 8));
}

void bitmaps_intercept_port(struct vmx_bitmaps *b, uint16_t port)
{
	set_bit(port < 0x8000 ? b->io_a : b->io_b, port & 0x7fff);
}

void bitmaps_intercept_msr(struct vmx_bitmaps *b, uint32_t msr)
{
	if (msr < MSR_LOW_END) {
		set_bit(b->msr + MSR_READ_LOW, msr);
		set_bit(b->msr + MSR_WRITE_LOW, msr);
	} else if (msr >= MSR_HIGH_BASE && msr < MSR_HIGH_END) {
		set_bit(b->msr + MSR_READ_HIGH, msr - MSR_HIGH_BASE);
		set_bit(b->msr + MSR_WRITE_HIGH, msr - MSR_HIGH_BASE);
	} else {
		panic("MSR 0x%x is outside the MSR bitmap: it always exits", msr);
	}
}
