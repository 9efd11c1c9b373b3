/* The hypervisor's GDT and TSS. VMX needs a non-zero host TR selector
 * (SDM vol. 3C 26.2.3, checks on host segment registers). */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H
#include <stdint.h>

#define GDT_SELECTOR_CODE 0x08
#define GDT_SELECTOR_DATA 0x10
#define GDT_SELECTOR_TSS  0x18

/* Loads the calling processor's GDT and TSS (in its per-CPU area). */
void gdt_init(void);
uint64_t gdt_base(void);
uint64_t tss_base(void);

#endif
