/* See tsc.h. */
#include "arch/tsc.h"
#include "arch/console.h"
#include "arch/cpu.h"

#define PIT_HZ 1193182u
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND 0x43
#define PIT_CH2_GATE_PORT 0x61     /* bit 0 gate, bit 1 speaker, bit 5 output */
#define CALIBRATION_MS 10
#define FALLBACK_TSC_PER_MS 1000000ull  /* 1 GHz: the wait is longer, never shorter, on any real CPU */
#define WAIT_SCALE_VIRTUAL 20

static uint64_t rate = FALLBACK_TSC_PER_MS;
static uint64_t wait_scale = 1;

/* Channel 2 in mode 0 counts down once from the count; its output (port 0x61
 * bit 5) goes high at zero. */
void tsc_calibrate(void)
{
	if (cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR) {
		wait_scale = WAIT_SCALE_VIRTUAL;
		printk("tsc: under a hypervisor: waits on other processors bounded %llu times "
		       "longer\n", (unsigned long long)wait_scale);
	}
	uint16_t count = PIT_HZ / 1000 * CALIBRATION_MS;
	outb(PIT_CH2_GATE_PORT, (inb(PIT_CH2_GATE_PORT) & ~0x02) & ~0x01);
	outb(PIT_COMMAND, 0xb0);        /* channel 2, lobyte/hibyte, mode 0, binary */
	outb(PIT_CHANNEL2, count & 0xff);
	outb(PIT_CHANNEL2, count >> 8);
	outb(PIT_CH2_GATE_PORT, (inb(PIT_CH2_GATE_PORT) & ~0x02) | 0x01);
	uint64_t start = rdtsc();
	for (uint64_t polls = 0; !(inb(PIT_CH2_GATE_PORT) & 0x20); polls++) {
		if (polls > (1ull << 26)) {
			printk("tsc: the PIT never counted down; assuming %llu ticks per ms\n",
			       (unsigned long long)rate);
			return;
		}
	}
	rate = (rdtsc() - start) / CALIBRATION_MS;
	if (rate == 0)
		rate = 1;
	printk("tsc: %llu ticks per ms (measured against the PIT)\n", (unsigned long long)rate);
}

uint64_t tsc_per_ms(void)
{
	return rate;
}

uint64_t wait_bound_ms(uint64_t ms)
{
	return ms * wait_scale;
}

uint64_t wait_deadline(uint64_t ms)
{
	return rdtsc() + wait_bound_ms(ms) * rate;
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + us * rate / 1000 + 1;
	while (rdtsc() < end)
		__asm__ volatile("pause");
}
