/* Holding vCPUs for a debugger; see debugger_hold.h. */
#include "debug/debugger_hold.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "arch/tsc.h"
#include "debug/gdb_stub.h"
#include "platform/apic.h"
#include "vmx/launch.h"

/* A kicked vCPU leaves the guest within one instruction; the bound only
 * matters when one is stuck in the hypervisor. */
#define HOLD_TIMEOUT_MS 1000

static void set_bits(struct vcpu *v, uint8_t bits)
{
	__atomic_or_fetch(&v->debugger_request, bits, __ATOMIC_SEQ_CST);
}

static void clear_bits(struct vcpu *v, uint8_t bits)
{
	__atomic_and_fetch(&v->debugger_request, (uint8_t)~bits, __ATOMIC_SEQ_CST);
}

static bool has_bits(const struct vcpu *v, uint8_t bits)
{
	return __atomic_load_n(&v->debugger_request, __ATOMIC_SEQ_CST) & bits;
}

void debugger_hold(struct vcpu *v)
{
	set_bits(v, DEBUGGER_HOLD);
}

void debugger_release(struct vcpu *v)
{
	clear_bits(v, DEBUGGER_HOLD);
}

bool debugger_is_held(const struct vcpu *v)
{
	return has_bits(v, DEBUGGER_HELD);
}

void debugger_reload_all(void)
{
	for (unsigned i = 0; i < cpu_count; i++)
		set_bits(vcpu_of_cpu(i), DEBUGGER_RELOAD);
}

static bool wait_until_held(struct vcpu *v, uint64_t deadline)
{
	while (v->state == GUEST_RUNNING && !debugger_is_held(v) && !guest_is_ending()) {
		if (rdtsc() > deadline) {
			printk("debugger: cpu %u did not leave the guest within %llu ms\n", v->cpu,
			       (unsigned long long)wait_bound_ms(HOLD_TIMEOUT_MS));
			return false;
		}
		__asm__ volatile("pause");
	}
	return true;
}

bool debugger_hold_others(struct vcpu *self)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		struct vcpu *other = vcpu_of_cpu(i);
		if (other == self)
			continue;
		debugger_hold(other);
		if (other->state == GUEST_RUNNING && !debugger_is_held(other))
			apic_kick(other);
	}
	uint64_t deadline = wait_deadline(HOLD_TIMEOUT_MS);
	bool all_held = true;
	for (unsigned i = 0; i < cpu_count; i++)
		if (vcpu_of_cpu(i) != self && !wait_until_held(vcpu_of_cpu(i), deadline))
			all_held = false;
	return all_held;
}

void debugger_release_others(struct vcpu *self)
{
	for (unsigned i = 0; i < cpu_count; i++)
		if (vcpu_of_cpu(i) != self)
			debugger_release(vcpu_of_cpu(i));
}

void debugger_take_request(struct vcpu *v)
{
	if (has_bits(v, DEBUGGER_HOLD)) {
		set_bits(v, DEBUGGER_HELD);
		while (has_bits(v, DEBUGGER_HOLD) && !guest_is_ending()) {
			gdb_stub_serve_if_chosen(v);
			__asm__ volatile("pause");
		}
		clear_bits(v, DEBUGGER_HELD);
	}
	if (has_bits(v, DEBUGGER_RELOAD)) {
		clear_bits(v, DEBUGGER_RELOAD);
		gdb_stub_vcpu_resumes(v);
	}
}
