/* Test guest: CPUID, port I/O, MSRs, CR0/CR4, VMCALL and a VMX instruction,
 * each checked from inside the guest. Exit status: the number of failed checks. */
#include "guest/tests/runtime.h"
#include "lib/string.h"
#include "platform/hypercall.h"

#define CR4_PSE (1u << 4)
#define CR4_VMXE (1u << 13)

static void test_cpuid(void)
{
	struct cpuid_result r = guest_cpuid(1);
	check("cpuid hypervisor bit set", r.ecx & (1u << 31));
	check("cpuid vmx bit hidden", !(r.ecx & (1u << 5)));
	r = guest_cpuid(0x40000000);
	char vendor[13];
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.ecx, 4);
	memcpy(vendor + 8, &r.edx, 4);
	vendor[12] = '\0';
	guest_printf("cpuid 0x40000000: max leaf 0x%x, vendor '%s'\n", r.eax, vendor);
	check("cpuid hypervisor vendor", strcmp(vendor, "TeachVisorVT") == 0);
}

static void test_port_io(void)
{
	/* CMOS (ports 0x70/0x71) and the serial scratch register belong to the
	 * guest: reads and writes go to the device, no exit. */
	outb(0x3f8 + 7, 0x5a);
	check("serial scratch register round trip", inb(0x3f8 + 7) == 0x5a);
	outb(0x70, 0x0a);
	uint8_t status_a = inb(0x71);
	guest_printf("cmos status A 0x%x\n", status_a);
	check("cmos readable", status_a != 0xff);
}

static void test_msrs(void)
{
	check("feature control reads locked, VMX off", guest_rdmsr(0x3a) == 1);
	expect_fault(2, 0);
	guest_rdmsr(0x480);
	check("rdmsr IA32_VMX_BASIC raises #GP", last_fault.happened && last_fault.vector == 13);
	expect_fault(2, 0);
	guest_rdmsr(0x4b564d99);
	check("rdmsr of an unknown MSR raises #GP", last_fault.happened && last_fault.vector == 13);
	expect_fault(2, 0);
	guest_wrmsr(0x48d, 0);
	check("wrmsr of a VMX control MSR raises #GP", last_fault.happened && last_fault.vector == 13);
	guest_wrmsr(0x174, 0x10);       /* IA32_SYSENTER_CS: passed through */
	check("sysenter_cs round trip", guest_rdmsr(0x174) == 0x10);
	guest_wrmsr(0x1a0, guest_rdmsr(0x1a0));
	check("misc_enable fast strings", guest_rdmsr(0x1a0) & 1);
}

static uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" ::"r"(v)); }
static void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" ::"r"(v)); }

static void test_control_registers(void)
{
	uint32_t cr0 = read_cr0();
	guest_printf("cr0 0x%x cr4 0x%x\n", cr0, read_cr4());
	check("cr0 shows NE as the guest set it", !(cr0 & (1u << 5)));
	write_cr0(cr0 | (1u << 5));     /* NE is ours: this exits */
	check("cr0 NE write seen", read_cr0() & (1u << 5));
	write_cr0(cr0);
	check("cr0 NE cleared again", read_cr0() == cr0);
	check("cr4 hides VMXE", !(read_cr4() & CR4_VMXE));
	write_cr4(read_cr4() | CR4_PSE);
	check("cr4 PSE set", read_cr4() & CR4_PSE);
	expect_fault(3, 0);             /* mov cr4, eax is 3 bytes */
	__asm__ volatile("mov %0, %%cr4" ::"a"(read_cr4() | CR4_VMXE));
	check("cr4 VMXE raises #GP", last_fault.happened && last_fault.vector == 13);
}

static void test_vmcall(void)
{
	check("vmcall ping", vmcall(HC_PING, 0, 0) == (uint32_t)HC_PING_REPLY);
	static const char msg[] = "hello from the guest through VMCALL\n";
	check("vmcall puts", vmcall(HC_PUTS, (uint32_t)msg, sizeof(msg) - 1) == sizeof(msg) - 1);
	check("vmcall puts of hypervisor memory refused",
	      vmcall(HC_PUTS, 0x8000000, 16) == (uint32_t)HC_ERROR_FAULT);
	check("vmcall unknown function", vmcall(77, 0, 0) == (uint32_t)HC_ERROR_NOSYS);
	guest_printf("exits so far: %u\n", vmcall(HC_EXIT_COUNT, 0, 0));
}

static void test_vmx_instruction(void)
{
	expect_fault(3, 0);             /* vmxoff: 0f 01 c4 */
	__asm__ volatile("vmxoff");
	check("vmxoff raises #UD", last_fault.happened && last_fault.vector == 6);
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	guest_printf("basic guest: magic 0x%x info 0x%x\n", magic, info);
	idt_setup();
	check("multiboot magic", magic == 0x2badb002);
	test_cpuid();
	test_port_io();
	test_msrs();
	test_control_registers();
	test_vmcall();
	test_vmx_instruction();
	guest_printf("basic guest: %d failed checks\n", check_failures());
	return check_failures();
}
