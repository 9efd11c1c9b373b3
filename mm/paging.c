/* Host identity map (SDM vol. 3A 4.5, 4-level paging). Replaces the boot
 * tables of boot/entry.asm, which cover only the first 4 GiB. */
#include "mm/paging.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "mm/memory.h"

#define PTE_P  (1ull << 0)
#define PTE_W  (1ull << 1)
#define PTE_PS (1ull << 7)
#define GIB (1ull << 30)
#define MIB2 (1ull << 21)
#define CPUID_80000001_EDX_PDPE1GB (1u << 26)

static uint64_t mapped_end = BOOT_MAPPED_END;

bool physical_range_mapped(uint64_t address, uint64_t length)
{
	return address + length >= address && address + length <= mapped_end;
}

const uint8_t *physical_read(void *ctx, uint64_t address, uint64_t length)
{
	(void)ctx;
	return physical_range_mapped(address, length) ? (const uint8_t *)address : NULL;
}

void paging_init(uint64_t top)
{
	bool gib_pages = cpuid(0x80000001, 0).edx & CPUID_80000001_EDX_PDPE1GB;
	uint64_t *pml4 = page_alloc();
	uint64_t gigabytes = (top + GIB - 1) / GIB;

	for (uint64_t g = 0; g < gigabytes; g++) {
		uint64_t *pml4e = &pml4[g / 512];
		if (!*pml4e)
			*pml4e = (uint64_t)page_alloc() | PTE_P | PTE_W;
		uint64_t *pdpt = (uint64_t *)(*pml4e & ~0xfffull);
		if (gib_pages) {
			pdpt[g % 512] = (g * GIB) | PTE_P | PTE_W | PTE_PS;
			continue;
		}
		uint64_t *pd = page_alloc();
		for (uint64_t m = 0; m < 512; m++)
			pd[m] = (g * GIB + m * MIB2) | PTE_P | PTE_W | PTE_PS;
		pdpt[g % 512] = (uint64_t)pd | PTE_P | PTE_W;
	}
	write_cr3((uint64_t)pml4);
	mapped_end = gigabytes * GIB;
	printk("paging: identity map of %llu GiB with %s pages\n",
	       (unsigned long long)gigabytes, gib_pages ? "1 GiB" : "2 MiB");
}

void paging_use_boot_tables(void)
{
	extern char boot_pml4[];
	write_cr3((uint64_t)boot_pml4);
}
