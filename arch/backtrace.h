/* Backtraces of the hypervisor's own stack, with function names. */
#ifndef ARCH_BACKTRACE_H
#define ARCH_BACKTRACE_H
#include <stdint.h>

/* Prints " <name+0xoff>" for a code address, or nothing if it is not ours. */
void backtrace_print_symbol(uint64_t addr);
/* Walks the frame-pointer chain from rbp (the image is built with frame pointers). */
void backtrace_print(uint64_t rip, uint64_t rbp);

#endif
