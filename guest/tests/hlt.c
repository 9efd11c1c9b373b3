/* Test guest: HLT with interrupts on. The PIT (IRQ 0 through the 8259 PIC,
 * both passed through) wakes the guest; the hypervisor intercepts HLT and
 * lets the guest wait in the HLT activity state. */
#include "guest/tests/runtime.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
#define PIT_CMD 0x43
#define PIT_CH0 0x40
#define TIMER_VECTOR 32
#define WAKEUPS 5

static volatile unsigned ticks;

static void timer_interrupt(void)
{
	ticks++;
	outb(PIC1_CMD, 0x20);           /* EOI */
}

/* 8259A: ICW1-ICW4, vectors 32-39 for the master, only IRQ 0 unmasked. */
static void pic_setup(void)
{
	outb(PIC1_CMD, 0x11);
	outb(PIC1_DATA, TIMER_VECTOR);
	outb(PIC1_DATA, 0x04);
	outb(PIC1_DATA, 0x01);
	outb(PIC1_DATA, 0xfe);
	outb(PIC2_DATA, 0xff);
}

/* 8254 channel 0, mode 2, about 1 kHz. */
static void pit_setup(void)
{
	outb(PIT_CMD, 0x34);
	outb(PIT_CH0, 1193 & 0xff);
	outb(PIT_CH0, 1193 >> 8);
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	set_interrupt_handler(TIMER_VECTOR, timer_interrupt);
	pic_setup();
	pit_setup();
	for (unsigned i = 0; i < WAKEUPS; i++) {
		unsigned before = ticks;
		__asm__ volatile("sti; hlt; cli");
		guest_printf("hlt %u: woken, ticks %u -> %u\n", i, before, ticks);
	}
	check("timer interrupts woke the guest from HLT", ticks >= WAKEUPS);
	outb(PIC1_DATA, 0xff);
	return check_failures();
}
