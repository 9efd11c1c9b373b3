/* Frame-pointer backtrace. Each frame is [saved rbp][return address]; the
 * walk stops at a zero rbp (set by boot/entry.asm), at a frame outside the
 * hypervisor image, or after a fixed depth, so a corrupt stack cannot make
 * it read wild memory. */
#include "arch/backtrace.h"
#include "arch/console.h"
#include "lib/symbols.h"

extern char __image_start[], __image_end[];

#define BACKTRACE_MAX_DEPTH 24

void backtrace_print_symbol(uint64_t addr)
{
	const struct symbol *s = symbol_find(symbol_table, symbol_count, symbol_text_end, addr);
	if (s)
		printk(" <%s+0x%llx>", s->name, (unsigned long long)(addr - s->address));
}

static int frame_is_inside_image(uint64_t rbp)
{
	return (rbp & 7) == 0 && rbp >= (uint64_t)__image_start &&
	       rbp + 16 <= (uint64_t)__image_end;
}

void backtrace_print(uint64_t rip, uint64_t rbp)
{
	printk("  backtrace:\n    %016llx", (unsigned long long)rip);
	backtrace_print_symbol(rip);
	printk("\n");
	for (int depth = 0; depth < BACKTRACE_MAX_DEPTH && frame_is_inside_image(rbp); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret == 0)
			break;
		printk("    %016llx", (unsigned long long)ret);
		backtrace_print_symbol(ret - 1);   /* the call, not the next instruction */
		printk("\n");
		if (frame[0] <= rbp)
			break;                     /* stacks grow down: callers are above */
		rbp = frame[0];
	}
}
