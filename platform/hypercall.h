/* The hypercall interface: VMCALL with the function number in RAX and
 * arguments in RBX, RCX, RDX; the result comes back in RAX (negative: an
 * error). Only ring 0 of the guest may call (others get HC_ERROR_PERM). */
#ifndef PLATFORM_HYPERCALL_H
#define PLATFORM_HYPERCALL_H

#define HC_PING         0       /* RAX = HC_PING_REPLY: is the hypervisor there? */
#define HC_PUTS         1       /* print RCX bytes at guest-physical RBX on the console */
#define HC_EXIT_COUNT   2       /* RAX = number of VM exits so far */

#define HC_PING_REPLY   0x48565821ull   /* "HVX!" */
#define HC_ERROR_NOSYS  (-38ll)         /* unknown function */
#define HC_ERROR_PERM   (-1ll)          /* called from CPL > 0 */
#define HC_ERROR_FAULT  (-14ll)         /* bad guest address */
#define HC_PUTS_MAX     4096

#endif
