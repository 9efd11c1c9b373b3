/* The debug registers shared between the guest and gdb's hardware
 * breakpoints and watchpoints (SDM vol. 3B 17.2). While gdb uses a slot,
 * MOV DR exits: the guest reads and writes its own copies of DR0-DR3, DR6
 * and DR7, the processor holds the guest's slots and gdb's merged, and a
 * #DB from a guest slot is the guest's. */
#ifndef DEBUG_DEBUG_REGS_H
#define DEBUG_DEBUG_REGS_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/vcpu.h"

/* gdb's Z1-Z4 (type: 1 execute, 2 write, 3 read, 4 access), for every
 * vCPU, loaded at once on v's processor; returns 0, or -1 when no slot is
 * free (a slot the guest enabled on a vCPU that gdb's slots are loaded on
 * stays the guest's) or the length is not 1, 2, 4 or 8 (aligned). */
int debug_regs_insert(const struct vcpu *v, unsigned type, uint64_t address, uint64_t length);
int debug_regs_remove(const struct vcpu *v, unsigned type, uint64_t address, uint64_t length);
/* Frees every slot (gdb detached); each vCPU gets its own values back at
 * its next debug_regs_load. */
void debug_regs_clear(void);
bool debug_regs_in_use(void);
/* On v's own processor: gdb's slots merged with v's own values, with MOV
 * DR exiting; with no slot in use, v's own values back and no exiting. */
void debug_regs_load(const struct vcpu *v);
/* Of a #DB exit's qualification (B0-B3, SDM 27.2.1): the gdb slot that hit;
 * false if none of gdb's did. */
bool debug_regs_hit(uint64_t qualification, unsigned *type, uint64_t *address);
/* Gives the guest a #DB that was its own: its DR6 bits, then the event. */
void debug_regs_reflect(struct vcpu *v, uint64_t qualification);
/* The MOV DR exit (SDM 27.2.1, table 27-4). */
void handle_dr_access(struct vcpu *v);

#endif
