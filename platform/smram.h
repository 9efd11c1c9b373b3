/* SMRAM, where system-management mode runs the firmware's code with VMX
 * off and every byte of memory in reach: a guest that could put its code
 * there, and raise an SMI (port 0xb2 on a PC), would run outside VMX. The
 * chipset guards it with its SMRAM control register (i440FX/440BX 0x72,
 * Q35 0x9d: D_OPEN shows SMRAM to code outside SMM, G_SMRAME enables it,
 * D_LCK makes D_OPEN 0 and the register read-only until a power-on reset).
 * Real firmware sets D_LCK; Bochs' BIOS does not. At boot the hypervisor
 * locks it where it knows the host bridge, and says what it found. The PCI
 * configuration ports stay the guest's, but its writes to the SMRAM control
 * bytes are dropped (Bochs' i440FX lets G_SMRAME be cleared after D_LCK,
 * which sends SMM's own fetches to the VGA memory the guest writes). The
 * memory-mapped configuration space (ECAM) is not filtered: there the
 * chipset's D_LCK is what holds. */
#ifndef PLATFORM_SMRAM_H
#define PLATFORM_SMRAM_H
#include "vmx/bitmaps.h"

/* Locks SMRAM (before the guest runs) and intercepts the PCI configuration
 * ports: CONFIG_ADDRESS (0xcf8) always, the data ports where there is an
 * SMRAM control register to keep. */
void smram_init(struct vmx_bitmaps *b);

#endif
