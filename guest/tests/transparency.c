/* Test guest: records what the CPU looks like from inside, so that the same
 * guest run bare in Bochs and under the hypervisor can be compared
 * (tests/boot/transparency_common.sh): the CPUID leaves and subleaves, for
 * every MSR in 0-0x1fff and 0xc0000000-0xc0001fff whether RDMSR faults and
 * its value (or "varies" when two reads differ), the xAPIC version register,
 * then a switch to x2APIC mode, its APIC ID and version and the x2APIC MSRs.
 * It also writes its MTRRs, which must behave as the CPU's (the hypervisor
 * gives it its own copy).
 * Nothing it prints says whether it runs bare. Exit status: failed checks. */
#include "guest/tests/runtime.h"

#define CPUID_1_ECX_X2APIC (1u << 21)
#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1u << 10)
#define APIC_BASE_ENABLE (1u << 11)
#define XAPIC_VERSION_REGISTER 0xfee00030u
#define MSR_X2APIC_ID 0x802
#define MSR_X2APIC_VERSION 0x803
#define MSR_X2APIC_FIRST 0x800
#define MSR_X2APIC_LAST 0x8ff
#define SUBLEAF_LIMIT 64

static bool subleaf_leaf(uint32_t leaf)
{
	static const uint32_t leaves[] = { 4, 7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18,
					   0x1a, 0x1b, 0x1d, 0x1e, 0x1f, 0x20 };
	for (unsigned i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		if (leaves[i] == leaf)
			return true;
	return false;
}

/* The last subleaf of a leaf that enumerates until a terminating entry:
 * leaf 4 (cache type 0), leaves 0xb and 0x1f (level type 0). */
static bool terminating_subleaf(uint32_t leaf, const struct cpuid_result *r)
{
	if (leaf == 4)
		return (r->eax & 0x1f) == 0;
	if (leaf == 0xb || leaf == 0x1f)
		return (r->ecx & 0xff00) == 0;
	return false;
}

static void print_cpuid(uint32_t leaf, uint32_t subleaf, const struct cpuid_result *r)
{
	guest_printf("cpuid %08x.%02x: %08x %08x %08x %08x\n", leaf, subleaf, r->eax, r->ebx,
		     r->ecx, r->edx);
}

static void record_leaf(uint32_t leaf)
{
	for (uint32_t sub = 0; sub < (subleaf_leaf(leaf) ? SUBLEAF_LIMIT : 1u); sub++) {
		struct cpuid_result r = guest_cpuid_subleaf(leaf, sub);
		if (sub == 0 || r.eax || r.ebx || r.ecx || r.edx)
			print_cpuid(leaf, sub, &r);
		if (terminating_subleaf(leaf, &r))
			break;
	}
}

static void record_cpuid(void)
{
	uint32_t max = guest_cpuid(0).eax;
	for (uint32_t leaf = 0; leaf <= max; leaf++)
		record_leaf(leaf);
	record_leaf(0x40000000);
	record_leaf(0x40000001);
	uint32_t max_extended = guest_cpuid(0x80000000).eax;
	for (uint32_t leaf = 0x80000000; leaf <= max_extended; leaf++)
		record_leaf(leaf);
}

static void print_absent(const char *prefix, uint32_t first, uint32_t last)
{
	if (first == last)
		guest_printf("%s %08x: #GP\n", prefix, first);
	else
		guest_printf("%s %08x-%08x: #GP\n", prefix, first, last);
}

/* One line per MSR that reads, one per run of MSRs that fault. */
static void record_msrs(const char *prefix, uint32_t first, uint32_t last)
{
	bool in_run = false;
	uint32_t run_start = 0;
	for (uint32_t msr = first;; msr++) {
		uint64_t a, b;
		bool present = rdmsr_checked(msr, &a) && rdmsr_checked(msr, &b);
		if (!present && !in_run) {
			in_run = true;
			run_start = msr;
		} else if (present) {
			if (in_run)
				print_absent(prefix, run_start, msr - 1);
			in_run = false;
			if (a == b)
				guest_printf("%s %08x: %016llx\n", prefix, msr, (unsigned long long)a);
			else
				guest_printf("%s %08x: varies\n", prefix, msr);
		}
		if (msr == last)
			break;
	}
	if (in_run)
		print_absent(prefix, run_start, last);
}

#define MSR_MTRRCAP 0xfe
#define MSR_MTRR_PHYSBASE2 0x204
#define MSR_MTRR_PHYSMASK2 0x205
#define MTRR_TYPE_UC 0
#define MTRR_PHYSMASK_VALID (1u << 11)
#define MTRR_TEST_BASE 0x10000000u      /* 256 MiB, 16 MiB long: no code there */
#define MTRR_TEST_SIZE 0x1000000ull

/* SDM vol. 3A 11.11: reserved types and bits #GP; a valid range reads back. */
static void record_mtrr_writes(void)
{
	uint64_t cap;
	if (!rdmsr_checked(MSR_MTRRCAP, &cap) || (cap & 0xff) < 3) {
		guest_printf("mtrr: fewer than 3 variable ranges\n");
		return;
	}
	uint64_t base, mask, address_bits = guest_cpuid(0x80000008).eax & 0xff;
	check("mtrr write of type 2 raises #GP", !wrmsr_checked(MSR_MTRR_PHYSBASE2, 2));
	check("mtrr write of a reserved mask bit raises #GP",
	      !wrmsr_checked(MSR_MTRR_PHYSMASK2, MTRR_PHYSMASK_VALID | 1));
	uint64_t full_mask = ((1ull << address_bits) - 1) & ~(MTRR_TEST_SIZE - 1);
	bool written = wrmsr_checked(MSR_MTRR_PHYSBASE2, MTRR_TEST_BASE | MTRR_TYPE_UC) &&
		       wrmsr_checked(MSR_MTRR_PHYSMASK2, full_mask | MTRR_PHYSMASK_VALID);
	check("mtrr variable range written",
	      written && rdmsr_checked(MSR_MTRR_PHYSBASE2, &base) &&
	      rdmsr_checked(MSR_MTRR_PHYSMASK2, &mask) && base == (MTRR_TEST_BASE | MTRR_TYPE_UC) &&
	      mask == (full_mask | MTRR_PHYSMASK_VALID));
	check("mtrr variable range cleared",
	      wrmsr_checked(MSR_MTRR_PHYSMASK2, 0) && wrmsr_checked(MSR_MTRR_PHYSBASE2, 0));
}

/* SDM vol. 3A 10.12.1: x2APIC mode is entered from xAPIC mode by setting
 * IA32_APIC_BASE.EXTD; the registers are then MSRs 0x800-0x8ff. */
static void record_apic(void)
{
	uint32_t xapic_version = *(volatile uint32_t *)XAPIC_VERSION_REGISTER;
	guest_printf("xapic version: %08x\n", xapic_version);
	if (!(guest_cpuid(1).ecx & CPUID_1_ECX_X2APIC)) {
		guest_printf("x2apic: not offered by CPUID\n");
		return;
	}
	uint64_t base = guest_rdmsr(MSR_IA32_APIC_BASE);
	guest_wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_EXTD);
	uint64_t id, version;
	bool id_read = rdmsr_checked(MSR_X2APIC_ID, &id);
	bool version_read = rdmsr_checked(MSR_X2APIC_VERSION, &version);
	check("x2apic id reads", id_read);
	check("x2apic version reads", version_read);
	guest_printf("x2apic: id %llx version %llx\n", (unsigned long long)id,
		     (unsigned long long)version);
	check("x2apic id is the initial APIC ID of CPUID leaf 1",
	      id == guest_cpuid(1).ebx >> 24);
	check("x2apic version is the xAPIC version", version == xapic_version);
	record_msrs("x2apic msr", MSR_X2APIC_FIRST, MSR_X2APIC_LAST);
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	serial_init();
	idt_setup();
	guest_printf("transparency: start\n");
	record_cpuid();
	record_msrs("msr", 0, 0x1fff);
	record_msrs("msr", 0xc0000000, 0xc0001fff);
	record_mtrr_writes();
	record_apic();
	guest_printf("transparency: done, %d failed checks\n", check_failures());
	stop_bochs_if_bare();
	return check_failures();
}
