/* See pae.h. */
#include "vmx/pae.h"

#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define EFER_LMA (1ull << 10)
#define PDPTE_P (1ull << 0)
#define PDPTE_RESERVED_LOW 0x1e6ull     /* bits 2:1 and 8:5 */

bool pae_paging(uint64_t cr0, uint64_t cr4, uint64_t efer)
{
	return (cr0 & CR0_PG) && (cr4 & CR4_PAE) && !(efer & EFER_LMA);
}

bool pae_pdptes_valid(const uint64_t pdpte[4], unsigned maxphyaddr)
{
	uint64_t reserved = PDPTE_RESERVED_LOW;
	if (maxphyaddr < 64)
		reserved |= ~0ull << maxphyaddr;
	for (int i = 0; i < 4; i++)
		if ((pdpte[i] & PDPTE_P) && (pdpte[i] & reserved))
			return false;
	return true;
}
