/* See cpuid.h. The features and their MSRs are from the SDM vol. 4
 * (model-specific registers) and vol. 2 CPUID. */
#include "platform/cpuid.h"
#include "arch/console.h"
#include "arch/msr_safe.h"
#include "arch/percpu.h"
#include "vmx/exit.h"
#include "vmx/feature_controls.h"
#include "vmx/vmx.h"
#include "vmx/vmcs.h"

enum reg { EAX, EBX, ECX, EDX };

/* How the hypervisor learns whether an MSR exists: RDMSR, or for the
 * write-only command MSRs (IA32_PRED_CMD, IA32_FLUSH_CMD: RDMSR #GPs on
 * every CPU) a WRMSR of 0, which commands nothing. */
enum probe { READ, WRITE_ZERO };

struct msr_feature {
	const char *name;
	uint32_t leaf, subleaf;
	enum reg reg;
	uint32_t bits;
	enum probe probe;
	uint32_t msrs[4];       /* 0-terminated */
};

#define BIT(n) (1u << (n))

static const struct msr_feature features[] = {
	{ "TSC deadline", 1, 0, ECX, BIT(24), READ, { 0x6e0 } },
	{ "PDCM", 1, 0, ECX, BIT(15), READ, { 0x345 } },
	{ "APERF/MPERF", 6, 0, ECX, BIT(0), READ, { 0xe7, 0xe8 } },
	{ "TSC_ADJUST", 7, 0, EBX, BIT(1), READ, { 0x3b } },
	{ "IBRS", 7, 0, EDX, BIT(26), READ, { 0x48 } },
	{ "IBPB", 7, 0, EDX, BIT(26), WRITE_ZERO, { 0x49 } },
	{ "STIBP", 7, 0, EDX, BIT(27), READ, { 0x48 } },
	{ "L1D flush", 7, 0, EDX, BIT(28), WRITE_ZERO, { 0x10b } },
	{ "ARCH_CAPABILITIES", 7, 0, EDX, BIT(29), READ, { 0x10a } },
	{ "SSBD", 7, 0, EDX, BIT(31), READ, { 0x48 } },
	/* PSFD, IPRED_CTRL, RRSBA_CTRL, DDPD_U, BHI_CTRL: bits of IA32_SPEC_CTRL */
	{ "IA32_SPEC_CTRL controls of leaf 7 subleaf 2", 7, 2, EDX, 0x1f, READ, { 0x48 } },
	{ "thermal monitor", 1, 0, EDX, BIT(22), READ, { 0x19a, 0x19b, 0x19c } },
	{ "enhanced SpeedStep", 1, 0, ECX, BIT(7), READ, { 0x198, 0x199 } },
	{ "HWP", 6, 0, EAX, BIT(7), READ, { 0x770, 0x771, 0x774 } },
	{ "energy-performance bias", 6, 0, ECX, BIT(3), READ, { 0x1b0 } },
	{ "XSAVES supervisor state", 0xd, 1, EAX, BIT(3), READ, { 0xda0 } },
};

#define FEATURE_COUNT (sizeof(features) / sizeof(features[0]))

/* Feature bits hidden from the guest, by leaf and register: a row for each
 * leaf below FILTERED_LEAVES without subleaves, and for subleaves 0 to 2 of
 * leaf 7 and subleaf 1 of leaf 0xd. Looked up on every CPUID exit, so a
 * direct index, not a search. */
#define FILTERED_LEAVES 0xe
#define LEAF7_SUBLEAVES 3
#define LEAF7_EXTRA_ROW FILTERED_LEAVES        /* subleaves 1 and 2 of leaf 7 */
static uint32_t hidden[FILTERED_LEAVES + LEAF7_SUBLEAVES - 1][4];

/* The row of hidden bits for this leaf and subleaf, or NULL where nothing
 * is filtered. */
static uint32_t *hidden_row(uint32_t leaf, uint32_t subleaf)
{
	if (leaf >= FILTERED_LEAVES)
		return NULL;
	if (leaf == 7) {
		if (subleaf >= LEAF7_SUBLEAVES)
			return NULL;
		return subleaf ? hidden[LEAF7_EXTRA_ROW + subleaf - 1] : hidden[7];
	}
	if (leaf == 0xd && subleaf != 1)
		return NULL;
	return hidden[leaf];
}

static uint32_t reg_value(const struct cpuid_regs *r, enum reg reg)
{
	return reg == EAX ? r->eax : reg == EBX ? r->ebx : reg == ECX ? r->ecx : r->edx;
}

static uint32_t *reg_slot(struct cpuid_regs *r, enum reg reg)
{
	return reg == EAX ? &r->eax : reg == EBX ? &r->ebx : reg == ECX ? &r->ecx : &r->edx;
}

#define CPUID_1_EDX_MCE (1u << 7)
#define CPUID_1_EDX_MCA (1u << 14)
#define MSR_IA32_MCG_CAP 0x179
#define MSR_IA32_MCG_STATUS 0x17a
#define MCA_FEATURE_BITS (CPUID_1_EDX_MCE | CPUID_1_EDX_MCA)

/* Machine-check architecture (SDM vol. 3B 15.3): the guest owns MCG_CAP,
 * MCG_STATUS and the banks (platform/msr_policy.c), or, if they cannot be
 * read, sees no MCE/MCA. */
static void machine_check_init(void)
{
	if ((cpuid(1, 0).edx & MCA_FEATURE_BITS) != MCA_FEATURE_BITS)
		return;
	uint64_t ignored;
	if (!rdmsr_safe(MSR_IA32_MCG_CAP, &ignored) || !rdmsr_safe(MSR_IA32_MCG_STATUS, &ignored)) {
		hidden[1][EDX] |= MCA_FEATURE_BITS;
		printk("guest cpu: hiding MCE/MCA: CPUID advertises it but its MSRs are missing\n");
	}
}

void guest_cpu_hide_leaf(uint32_t leaf)
{
	for (enum reg reg = EAX; reg <= EDX; reg++)
		hidden[leaf][reg] = ~0u;
}

#define CPUID_1_ECX_DS_CPL (1u << 4)
#define CPUID_1_EDX_DS (1u << 21)
#define CPUID_7_EBX_PT (1u << 25)

/* Features whose MSRs the hypervisor keeps from the guest
 * (platform/msr_policy.c): the debug store (BTS, PEBS) and Intel PT. */
static void hide_owned_features(void)
{
	hidden[1][EDX] |= CPUID_1_EDX_DS;
	hidden[1][ECX] |= CPUID_1_ECX_DS_CPL;
	hidden[7][EBX] |= CPUID_7_EBX_PT;
}

#define CPUID_7_EDX_ARCH_LBR (1u << 19)
#define CPUID_7_1_EAX_FRED (1u << 17)
#define CPUID_7_1_EAX_MSRLIST (1u << 27)

/* Features the hypervisor cannot virtualize yet, each hidden with its
 * reason (docs/CPUID.md has the whole audit):
 * - FRED: under FRED, event injection and the re-injection of an event
 *   whose delivery a VM exit interrupted carry event data (CR2 of a #PF,
 *   DR6 of a #DB), and the guest's FRED state is switched by its own VM-entry
 *   and VM-exit controls (SDM vol. 3C, FRED chapter of the VMX part); the
 *   hypervisor uses neither, so a FRED guest would get a #PF without its
 *   address. CR4.FRED stays the hypervisor's (vmx_cr4_guest_host_mask).
 * - MSRLIST: RDMSRLIST and WRMSRLIST of an MSR the MSR bitmap intercepts exit
 *   with reasons of their own, which have no handler.
 * - Architectural LBRs: IA32_LBR_CTL is not cleared at VM exit (no "clear
 *   IA32_LBR_CTL" exit control), so the LBRs would record the hypervisor's
 *   branches and show them to the guest. */
static void hide_unvirtualized_features(void)
{
	hidden[7][EDX] |= CPUID_7_EDX_ARCH_LBR;
	hidden_row(7, 1)[EAX] |= CPUID_7_1_EAX_FRED | CPUID_7_1_EAX_MSRLIST;
}

/* The MSRs of a feature exist (probed on this processor). */
static bool msrs_present(const struct msr_feature *f)
{
	uint64_t ignored;
	for (unsigned m = 0; f->msrs[m]; m++)
		if (f->probe == READ ? !rdmsr_safe(f->msrs[m], &ignored) : !wrmsr_safe(f->msrs[m], 0))
			return false;
	return true;
}

void guest_cpu_init(void)
{
	machine_check_init();
	hide_owned_features();
	hide_unvirtualized_features();
	uint32_t max_leaf = cpuid(0, 0).eax;
	for (unsigned i = 0; i < FEATURE_COUNT; i++) {
		const struct msr_feature *f = &features[i];
		uint32_t *row = hidden_row(f->leaf, f->subleaf);
		if (f->leaf > max_leaf || !row)
			continue;
		struct cpuid_regs r = cpuid(f->leaf, f->subleaf);
		if (!(reg_value(&r, f->reg) & f->bits & ~row[f->reg]) || msrs_present(f))
			continue;
		row[f->reg] |= f->bits;
		printk("guest cpu: hiding %s: CPUID advertises it but its MSRs are missing\n", f->name);
	}
}

void guest_cpu_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	const uint32_t *row = hidden_row(leaf, subleaf);
	if (!row)
		return;
	for (enum reg reg = EAX; reg <= EDX; reg++)
		*reg_slot(r, reg) &= ~row[reg];
}

#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CPUID_7_ECX_OSPKE (1u << 4)
#define CPUID_80000001_EDX_SYSCALL (1u << 11)
#define CR4_OSXSAVE (1ull << 18)
#define CR4_PKE (1ull << 22)
#define CPUID_HYPERVISOR_BASE 0x40000000u
#define CPUID_HYPERVISOR_LAST 0x400000ffu

/* The guest's answer for a leaf, without the bits that follow the guest's
 * state (handle_cpuid adds those per exit). */
static struct cpuid_regs guest_leaf(uint32_t leaf, uint32_t subleaf)
{
	if (leaf >= CPUID_HYPERVISOR_BASE && leaf <= CPUID_HYPERVISOR_LAST) {
		if (leaf != CPUID_HYPERVISOR_BASE)
			return (struct cpuid_regs){ 0, 0, 0, 0 };
		return (struct cpuid_regs){
			.eax = CPUID_HYPERVISOR_BASE + 1,       /* highest leaf */
			.ebx = 0x63616554,                      /* "TeachVisorVT" */
			.ecx = 0x73695668,
			.edx = 0x5456726f,
		};
	}
	struct cpuid_regs r = cpuid(leaf, subleaf);
	guest_cpu_filter(leaf, subleaf, &r);
	feature_controls_filter(leaf, subleaf, &r, vmx_caps.secondary);
	if (leaf == 1) {
		r.ecx &= ~(CPUID_1_ECX_VMX | CPUID_1_ECX_OSXSAVE);
		r.ecx |= CPUID_1_ECX_HYPERVISOR;
	} else if (leaf == 7 && subleaf == 0) {
		r.ecx &= ~CPUID_7_ECX_OSPKE;
	}
	return r;
}

/* Leaves without subleaves, answered from a per-processor copy made at the
 * processor's first CPUID exit for each: 0-3 and 0x80000000-0x80000008.
 * Per processor because leaf 1 EBX[31:24] is its initial APIC ID; each
 * copy is written only by its own processor. A CPUID in root operation is
 * slow on hardware and one more exit in nested setups. */
#define CACHED_BASIC_LAST 3u
#define CACHED_EXTENDED_FIRST 0x80000000u
#define CACHED_EXTENDED_LAST 0x80000008u
#define CACHED_LEAVES (CACHED_BASIC_LAST + 1 + CACHED_EXTENDED_LAST - CACHED_EXTENDED_FIRST + 1)

struct leaf_cache {
	uint32_t filled;                /* bit n: answer[n] is there */
	struct cpuid_regs answer[CACHED_LEAVES];
};

static struct leaf_cache leaf_caches[MAX_CPUS];

/* The index of leaf in struct leaf_cache, or -1 when it is not kept. */
static int cache_index(uint32_t leaf)
{
	if (leaf <= CACHED_BASIC_LAST)
		return (int)leaf;
	if (leaf - CACHED_EXTENDED_FIRST <= CACHED_EXTENDED_LAST - CACHED_EXTENDED_FIRST)
		return (int)(CACHED_BASIC_LAST + 1 + leaf - CACHED_EXTENDED_FIRST);
	return -1;
}

/* The bits that follow the guest's state, then the answer in the guest's
 * registers and the RIP past CPUID. Inline in both callers below. */
static inline __attribute__((always_inline)) void answer_cpuid(struct vcpu *v, uint32_t leaf,
							      uint32_t subleaf,
							      struct cpuid_regs r)
{
	if (leaf == 1) {
		if (vmread(GUEST_CR4) & CR4_OSXSAVE)
			r.ecx |= CPUID_1_ECX_OSXSAVE;
	} else if (leaf == 7 && subleaf == 0) {
		if (vmread(GUEST_CR4) & CR4_PKE)
			r.ecx |= CPUID_7_ECX_OSPKE;
	} else if (leaf == 0x80000001 && !(vmread(GUEST_CS_AR_BYTES) & AR_L)) {
		r.edx &= ~CPUID_80000001_EDX_SYSCALL;
	}
	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	vcpu_skip_instruction(v);
}

/* A leaf not kept, or kept but not yet asked on this processor. Out of
 * line: the answers already kept then cost no saved registers. */
static __attribute__((noinline)) void handle_cpuid_uncached(struct vcpu *v, uint32_t leaf,
							   uint32_t subleaf, int index)
{
	struct cpuid_regs r = guest_leaf(leaf, subleaf);
	if (index >= 0) {
		struct leaf_cache *c = &leaf_caches[v->cpu];
		c->answer[index] = r;
		c->filled |= 1u << index;
	}
	answer_cpuid(v, leaf, subleaf, r);
}

/* CPUID always exits (SDM 25.1.2). The
 * guest sees the real CPU, except: no VMX (the hypervisor does not nest),
 * the hypervisor-present bit, no feature whose MSRs are missing
 * (platform/cpuid.c) or whose VMX control is off (vmx/feature_controls.c),
 * our leaves 0x40000000+, the bits that mirror CR4 (OSXSAVE, OSPKE) taken
 * from the guest's CR4, not the hypervisor's, and SYSCALL, which Intel CPUs
 * report only in 64-bit mode (the hypervisor's CPUID runs in it), as the
 * guest's mode says. */
void handle_cpuid(struct vcpu *v)
{
	uint32_t leaf = (uint32_t)v->regs.rax, subleaf = (uint32_t)v->regs.rcx;
	int index = cache_index(leaf);
	const struct leaf_cache *c = &leaf_caches[v->cpu];
	if (index < 0 || !(c->filled & (1u << index))) {
		handle_cpuid_uncached(v, leaf, subleaf, index);
		return;
	}
	answer_cpuid(v, leaf, subleaf, c->answer[index]);
}
