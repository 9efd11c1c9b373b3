/* The four PDPTEs of 32-bit PAE paging (SDM vol. 3A 4.4.1). A MOV to CR0,
 * CR3 or CR4 that leaves PAE paging on loads them from the 32-byte PDPT at
 * CR3; with EPT, VM entry takes them from the VMCS instead (SDM vol. 3C
 * 26.3.2.4), so an emulated MOV must load them there. Pure: unit-tested. */
#ifndef VMX_PAE_H
#define VMX_PAE_H
#include <stdbool.h>
#include <stdint.h>

#define PAE_PDPT_ALIGN_MASK 0xffffffe0ull       /* CR3 bits 31:5 */

/* True if CR0, CR4 and EFER put the guest in PAE paging (not IA-32e). */
bool pae_paging(uint64_t cr0, uint64_t cr4, uint64_t efer);
/* False if a present PDPTE sets a reserved bit (bits 2:1, 8:5, and
 * MAXPHYADDR up to 63): the MOV raises #GP(0) then. */
bool pae_pdptes_valid(const uint64_t pdpte[4], unsigned maxphyaddr);

#endif
