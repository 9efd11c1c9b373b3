/* The debug registers shared between the guest and gdb; see debug_regs.h.
 * gdb's slots are one set for the whole guest; each vCPU's processor holds
 * them merged with that vCPU's own guest values, loaded on that processor
 * (debug_regs_load), since DR0-DR3 are registers of each processor and DR7
 * a field of each VMCS.
 * DR7's layout (SDM vol. 3B 17.2.4): L/G enable bits 2n and 2n+1 for slot
 * n, then for each slot R/W at 16+4n (00 execute, 01 write, 11 read or
 * write) and LEN at 18+4n (00 1 byte, 01 2, 11 4, 10 8). */
#include "debug/debug_regs.h"
#include "arch/percpu.h"
#include "debug/gdb_command.h"
#include "vmx/exit.h"
#include "vmx/vmcs.h"
#include "vmx/vmcs_setup.h"

#define SLOTS 4
#define DR7_ENABLE_MASK(n) (3ull << (2 * (n)))
#define DR7_LOCAL_ENABLE(n) (1ull << (2 * (n)))
#define DR7_CONTROL_SHIFT(n) (16 + 4 * (n))
#define DR7_CONTROL_MASK(n) (0xfull << DR7_CONTROL_SHIFT(n))
#define DR7_RESERVED_ONE (1ull << 10)
#define DR6_STATUS_MASK 0x600full       /* B0-B3, BD, BS as in the qualification */
#define CR4_DE (1ull << 3)
#define DR_ACCESS_FROM_DR (1u << 4)

struct slot {
	bool used;
	unsigned type;
	uint64_t address, length;
};

static struct slot slot[SLOTS];        /* gdb's, for every vCPU */

/* One vCPU's own values while gdb's slots are loaded on its processor. */
struct guest_debug_regs {
	bool active;                    /* MOV DR exits; the guest's values are here */
	uint64_t dr[SLOTS], dr7;
};

static struct guest_debug_regs guest_regs[MAX_CPUS];

static struct guest_debug_regs *guest_of(const struct vcpu *v)
{
	return &guest_regs[v->cpu];
}

static uint64_t read_dr(unsigned n)
{
	uint64_t v = 0;
	switch (n) {
	case 0: __asm__ volatile("mov %%db0, %0" : "=r"(v)); break;
	case 1: __asm__ volatile("mov %%db1, %0" : "=r"(v)); break;
	case 2: __asm__ volatile("mov %%db2, %0" : "=r"(v)); break;
	case 3: __asm__ volatile("mov %%db3, %0" : "=r"(v)); break;
	case 6: __asm__ volatile("mov %%db6, %0" : "=r"(v)); break;
	}
	return v;
}

static void write_dr(unsigned n, uint64_t v)
{
	switch (n) {
	case 0: __asm__ volatile("mov %0, %%db0" ::"r"(v)); break;
	case 1: __asm__ volatile("mov %0, %%db1" ::"r"(v)); break;
	case 2: __asm__ volatile("mov %0, %%db2" ::"r"(v)); break;
	case 3: __asm__ volatile("mov %0, %%db3" ::"r"(v)); break;
	case 6: __asm__ volatile("mov %0, %%db6" ::"r"(v)); break;
	}
}

static uint64_t slot_control(const struct slot *s)
{
	static const uint64_t length_code[9] = { [1] = 0, [2] = 1, [4] = 3, [8] = 2 };
	uint64_t rw = s->type == GDB_BREAK_HARDWARE ? 0 : s->type == GDB_WATCH_WRITE ? 1 : 3;
	uint64_t len = s->type == GDB_BREAK_HARDWARE ? 0 : length_code[s->length];
	return rw | len << 2;
}

/* The DR7 the processor runs with: the guest's, with gdb's slots in place. */
static void load_dr7(const struct guest_debug_regs *g)
{
	uint64_t value = g->dr7 | DR7_RESERVED_ONE;
	for (unsigned n = 0; n < SLOTS; n++) {
		if (!slot[n].used)
			continue;
		value &= ~(DR7_ENABLE_MASK(n) | DR7_CONTROL_MASK(n));
		value |= DR7_LOCAL_ENABLE(n) | slot_control(&slot[n]) << DR7_CONTROL_SHIFT(n);
	}
	vmcs_write(GUEST_DR7, value);
}

static void set_mov_dr_exiting(bool on)
{
	uint64_t controls = vmread(CPU_BASED_VM_EXEC_CONTROL);
	vmcs_write(CPU_BASED_VM_EXEC_CONTROL, on ? controls | CPU_BASED_MOV_DR_EXITING
						  : controls & ~(uint64_t)CPU_BASED_MOV_DR_EXITING);
}

static void take_over(const struct vcpu *v)
{
	struct guest_debug_regs *g = guest_of(v);
	if (g->active)
		return;
	for (unsigned n = 0; n < SLOTS; n++)
		g->dr[n] = read_dr(n);
	g->dr7 = vmread(GUEST_DR7);
	set_mov_dr_exiting(true);
	g->active = true;
}

static void give_back(const struct vcpu *v)
{
	struct guest_debug_regs *g = guest_of(v);
	if (!g->active)
		return;
	for (unsigned n = 0; n < SLOTS; n++)
		write_dr(n, g->dr[n]);
	vmcs_write(GUEST_DR7, g->dr7);
	set_mov_dr_exiting(false);
	g->active = false;
}

void debug_regs_load(const struct vcpu *v)
{
	if (!debug_regs_in_use()) {
		give_back(v);
		return;
	}
	take_over(v);
	const struct guest_debug_regs *g = guest_of(v);
	for (unsigned n = 0; n < SLOTS; n++)
		write_dr(n, slot[n].used ? slot[n].address : g->dr[n]);
	load_dr7(g);
}

static bool valid_length(unsigned type, uint64_t address, uint64_t length)
{
	if (type == GDB_BREAK_HARDWARE)
		return true;            /* gdb sends the instruction's "kind" (1) */
	return (length == 1 || length == 2 || length == 4 || length == 8) &&
	       (address & (length - 1)) == 0;
}

/* A slot the guest enabled on a vCPU whose values are known here stays the
 * guest's. */
static bool guest_uses_slot(unsigned n)
{
	for (unsigned i = 0; i < cpu_count; i++)
		if (guest_regs[i].active && (guest_regs[i].dr7 & DR7_ENABLE_MASK(n)))
			return true;
	return false;
}

int debug_regs_insert(const struct vcpu *v, unsigned type, uint64_t address, uint64_t length)
{
	if (!valid_length(type, address, length))
		return -1;
	take_over(v);
	for (unsigned n = 0; n < SLOTS; n++) {
		if (slot[n].used || guest_uses_slot(n))
			continue;
		slot[n] = (struct slot){ true, type, address, length };
		debug_regs_load(v);
		return 0;
	}
	debug_regs_load(v);
	return -1;
}

int debug_regs_remove(const struct vcpu *v, unsigned type, uint64_t address, uint64_t length)
{
	for (unsigned n = 0; n < SLOTS; n++) {
		struct slot *s = &slot[n];
		if (s->used && s->type == type && s->address == address &&
		    (type == GDB_BREAK_HARDWARE || s->length == length)) {
			s->used = false;
			debug_regs_load(v);
			return 0;
		}
	}
	return -1;
}

bool debug_regs_in_use(void)
{
	for (unsigned n = 0; n < SLOTS; n++)
		if (slot[n].used)
			return true;
	return false;
}

void debug_regs_clear(void)
{
	for (unsigned n = 0; n < SLOTS; n++)
		slot[n].used = false;
}

bool debug_regs_hit(uint64_t qualification, unsigned *type, uint64_t *address)
{
	for (unsigned n = 0; n < SLOTS; n++) {
		if (slot[n].used && (qualification & (1ull << n))) {
			*type = slot[n].type;
			*address = slot[n].address;
			return true;
		}
	}
	return false;
}

/* A #DB that exits leaves DR6 as it was (SDM 27.1): write the status the
 * guest would have seen, less gdb's slots, then deliver the exception. */
void debug_regs_reflect(struct vcpu *v, uint64_t qualification)
{
	uint64_t status = qualification & DR6_STATUS_MASK;
	for (unsigned n = 0; n < SLOTS; n++)
		if (slot[n].used)
			status &= ~(1ull << n);
	write_dr(6, (read_dr(6) & ~DR6_STATUS_MASK) | status);
	vcpu_inject_exception(v, VECTOR_DB, false, 0);
}

/* MOV DR while gdb holds slots: the guest reads and writes its own values.
 * DR4/DR5 are DR6/DR7 unless CR4.DE makes them #UD (SDM vol. 3B 17.2.2). */
void handle_dr_access(struct vcpu *v)
{
	struct guest_debug_regs *g = guest_of(v);
	uint64_t q = v->exit->qualification;
	unsigned n = q & 7, gpr = (q >> 8) & 15;
	if (n == 4 || n == 5) {
		if (guest_cr4() & CR4_DE) {
			vcpu_inject_exception(v, VECTOR_UD, false, 0);
			return;
		}
		n += 2;
	}
	if (q & DR_ACCESS_FROM_DR) {
		uint64_t value = n < SLOTS ? g->dr[n] : n == 6 ? read_dr(6) : g->dr7;
		vcpu_write_gpr(v, gpr, value);
	} else {
		uint64_t value = vcpu_read_gpr(v, gpr);
		if (n < SLOTS) {
			g->dr[n] = value;
			if (!slot[n].used)
				write_dr(n, value);
		} else if (n == 6) {
			write_dr(6, value);
		} else {
			g->dr7 = value | DR7_RESERVED_ONE;
			load_dr7(g);
		}
	}
	vcpu_skip_instruction(v);
}
