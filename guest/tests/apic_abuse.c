/* Test guest: what a hostile guest may try with its local APIC, on a
 * machine of two processors whose second one the guest never starts (it
 * waits for a SIPI in the hypervisor's VMX root operation).
 *   - an SMI IPI to the other processor, through the xAPIC's ICR and the
 *     x2APIC's: in Bochs that processor's SMBASE is the reset value 0x30000
 *     (the BIOS relocates the boot processor's only), so an SMI would run
 *     the code this guest puts at its SMM entry, 0x38000, with VMX off; that
 *     code writes a marker and the hypervisor's image. Both must be refused;
 *   - stores of 8 and 16 bits and MOVS (with and without REP) to xAPIC
 *     registers, which the hypervisor decodes and performs;
 *   - reserved bits in the x2APIC ICR (#GP, SDM vol. 3A 10.12.1.3) and bit
 *     12, which WRMSR ignores (10.12.9);
 *   - IA32_APIC_BASE from disabled straight to x2APIC mode (#GP, 10.12.5).
 *     Last, since Bochs cannot enable an APIC once it was disabled. */
#include "guest/tests/runtime.h"
#include "guest/tests/smm_probe.h"

#define APIC_BASE_ADDRESS 0xfee00000u
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define MSR_IA32_APIC_BASE 0x1b
#define MSR_X2APIC_ICR 0x830
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_X2APIC (1u << 10)
#define IPI_VECTOR 0x2e
#define ICR_SELF (1u << 18)
#define ICR_ALL_EXCLUDING_SELF (3u << 18)
#define ICR_ASSERT (1u << 14)
#define ICR_SMI (2u << 8)
#define SELF_IPI (ICR_SELF | ICR_ASSERT | IPI_VECTOR)
#define SMM_ENTRY 0x38000u              /* SMBASE 0x30000 + 0x8000 (SDM vol. 3C 34.4.1) */
#define WAIT_TICKS 20000000ull

static volatile unsigned ipis;

static volatile uint32_t *apic(unsigned offset)
{
	return (volatile uint32_t *)(APIC_BASE_ADDRESS + offset);
}

static void ipi_received(void)
{
	ipis++;
	*apic(APIC_EOI) = 0;
}

static void wait_ticks(uint64_t ticks)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	uint64_t end = (((uint64_t)hi << 32) | lo) + ticks;
	do
		__asm__ volatile("pause; rdtsc" : "=a"(lo), "=d"(hi));
	while ((((uint64_t)hi << 32) | lo) < end);
}

static void narrow_stores(void)
{
	volatile uint32_t *tpr = apic(APIC_TPR);
	__asm__ volatile("movw %w0, (%1)" ::"r"(0x20), "r"(tpr) : "memory");
	check("a 16-bit store to the TPR is performed", (*tpr & 0xff) == 0x20);
	__asm__ volatile("movb $0x40, (%0)" ::"r"(tpr) : "memory");
	check("an 8-bit store to the TPR is performed", (*tpr & 0xff) == 0x40);
	*tpr = 0;
}

static void string_stores(void)
{
	static const uint32_t icr_values[2] = { SELF_IPI, 0x12345678 };
	const uint32_t *source = icr_values;
	volatile uint32_t *destination = apic(APIC_ICR_LOW);
	unsigned before = ipis;
	__asm__ volatile("cld; movsl" : "+S"(source), "+D"(destination) : : "memory");
	check("MOVS to the ICR sends the IPI", ipis == before + 1 && source == icr_values + 1);
	source = icr_values;
	destination = apic(APIC_ICR_LOW);
	uint32_t count = 2;
	__asm__ volatile("rep movsl" : "+S"(source), "+D"(destination), "+c"(count) : : "memory");
	check("REP MOVS over the ICR sends one IPI and moves both elements",
	      ipis == before + 2 && count == 0 && source == icr_values + 2 &&
	      destination == apic(APIC_ICR_LOW + 8));
}

static void smi_through_xapic(void)
{
	*apic(APIC_ICR_HIGH) = 0;
	*apic(APIC_ICR_LOW) = ICR_ALL_EXCLUDING_SELF | ICR_ASSERT | ICR_SMI;
	wait_ticks(WAIT_TICKS);
	check("an SMI IPI (xAPIC, all excluding self) runs no SMM code", !smm_probe_ran());
}

static void x2apic_icr(void)
{
	uint64_t base = guest_rdmsr(MSR_IA32_APIC_BASE);
	guest_wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC);
	check("an SMI IPI to APIC ID 1 through the x2APIC ICR is taken without #GP",
	      wrmsr_checked(MSR_X2APIC_ICR, (1ull << 32) | ICR_ASSERT | ICR_SMI));
	wait_ticks(WAIT_TICKS);
	check("an SMI IPI (x2APIC) runs no SMM code", !smm_probe_ran());
	unsigned before = ipis;
	check("x2APIC ICR bit 13 (reserved): #GP",
	      !wrmsr_checked(MSR_X2APIC_ICR, (1u << 13) | SELF_IPI) && ipis == before);
	check("x2APIC ICR bits 31:20 (reserved): #GP",
	      !wrmsr_checked(MSR_X2APIC_ICR, (1u << 24) | SELF_IPI) && ipis == before);
	check("x2APIC ICR bit 12 is ignored: the IPI is sent",
	      wrmsr_checked(MSR_X2APIC_ICR, (1u << 12) | SELF_IPI) && ipis == before + 1);
}

static void apic_base_transitions(void)
{
	uint64_t base = guest_rdmsr(MSR_IA32_APIC_BASE);
	uint64_t disabled = base & ~(uint64_t)(APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	check("x2APIC -> disabled is accepted", wrmsr_checked(MSR_IA32_APIC_BASE, disabled));
	check("disabled -> x2APIC: #GP",
	      !wrmsr_checked(MSR_IA32_APIC_BASE, disabled | APIC_BASE_ENABLE | APIC_BASE_X2APIC));
}

int guest_main(void)
{
	idt_setup();
	smm_probe_install(SMM_ENTRY);
	set_interrupt_handler(IPI_VECTOR, ipi_received);
	*apic(APIC_SVR) = 0x1ff;                /* software-enabled, spurious vector 0xff */
	outb(0x21, 0xff);                       /* the 8259s' IRQs masked: only IPIs come */
	outb(0xa1, 0xff);
	__asm__ volatile("sti");
	smi_through_xapic();
	narrow_stores();
	string_stores();
	x2apic_icr();
	__asm__ volatile("cli");
	apic_base_transitions();
	guest_printf("apic guest: %d failed checks\n", check_failures());
	return check_failures();
}
