/* A VMCS snapshot taken from a real VM entry: the unit tests of the model
 * of the VM-entry checks (test_entry_checks.c) and its fuzz target
 * (tests/fuzz/entry_checks.c) start from it. It is the first entry of the
 * test guest `basic` under the hypervisor on Debian 12's Bochs 2.7, cpu
 * model corei7_skylake_x, one processor (tools/run-bochs.sh), as the
 * hypervisor printed it with the options `vmcheck verbose` ("vmcheck: cpu 0,
 * before its first VM entry: the snapshot", pasted unchanged). Bochs
 * entered the guest, which then ran to its end: it breaks no rule. */
#ifndef TESTS_UNIT_SNAPSHOT_BOCHS_H
#define TESTS_UNIT_SNAPSHOT_BOCHS_H
#include "vmx/vmcs_snapshot.h"

static const struct vmcs_snapshot bochs_skylake_x_snapshot = {
	.controls.pin = 0x3e, .controls.primary = 0x960061f2, .controls.secondary = 0x1010aa,
	.controls.exit = 0x3f6fff, .controls.entry = 0xd1ff, .controls.cr3_target_count = 0x0,
	.controls.io_bitmap_a = 0x1fdea000, .controls.io_bitmap_b = 0x1fde9000,
	.controls.msr_bitmap = 0x1fde8000, .controls.ept_pointer = 0x1fdf101e, .controls.vpid = 0x1,
	.controls.exit_msr_store_count = 0x0, .controls.exit_msr_store_addr = 0x0,
	.controls.exit_msr_load_count = 0x0, .controls.exit_msr_load_addr = 0x0,
	.controls.entry_msr_load_count = 0x0, .controls.entry_msr_load_addr = 0x0,
	.controls.entry_intr_info = 0x0, .controls.entry_exception_error_code = 0x0,
	.controls.entry_instruction_length = 0x0, .host.cr0 = 0x80010031, .host.cr3 = 0x1fdf4000,
	.host.cr4 = 0x42020, .host.selector[SEG_ES] = 0x10, .host.selector[SEG_CS] = 0x8,
	.host.selector[SEG_SS] = 0x10, .host.selector[SEG_DS] = 0x10, .host.selector[SEG_FS] = 0x0,
	.host.selector[SEG_GS] = 0x0, .host.selector[HOST_SEG_TR] = 0x18, .host.fs_base = 0x0,
	.host.gs_base = 0x8041fe0, .host.tr_base = 0x80420d0, .host.gdtr_base = 0x80420a0,
	.host.idtr_base = 0x8041de0, .host.sysenter_esp = 0x0, .host.sysenter_eip = 0x0,
	.host.efer = 0x500, .host.pat = 0x7040600070406, .host.rip = 0x8019e8c, .guest.cr0 = 0x31,
	.guest.cr3 = 0x0, .guest.cr4 = 0x2000, .guest.dr7 = 0x400, .guest.rip = 0x100010,
	.guest.rflags = 0x2, .guest.seg[SEG_ES].selector = 0x18, .guest.seg[SEG_ES].base = 0x0,
	.guest.seg[SEG_ES].limit = 0xffffffff, .guest.seg[SEG_ES].ar = 0xc093,
	.guest.seg[SEG_CS].selector = 0x10, .guest.seg[SEG_CS].base = 0x0,
	.guest.seg[SEG_CS].limit = 0xffffffff, .guest.seg[SEG_CS].ar = 0xc09b,
	.guest.seg[SEG_SS].selector = 0x18, .guest.seg[SEG_SS].base = 0x0,
	.guest.seg[SEG_SS].limit = 0xffffffff, .guest.seg[SEG_SS].ar = 0xc093,
	.guest.seg[SEG_DS].selector = 0x18, .guest.seg[SEG_DS].base = 0x0,
	.guest.seg[SEG_DS].limit = 0xffffffff, .guest.seg[SEG_DS].ar = 0xc093,
	.guest.seg[SEG_FS].selector = 0x18, .guest.seg[SEG_FS].base = 0x0,
	.guest.seg[SEG_FS].limit = 0xffffffff, .guest.seg[SEG_FS].ar = 0xc093,
	.guest.seg[SEG_GS].selector = 0x18, .guest.seg[SEG_GS].base = 0x0,
	.guest.seg[SEG_GS].limit = 0xffffffff, .guest.seg[SEG_GS].ar = 0xc093,
	.guest.seg[SEG_LDTR].selector = 0x0, .guest.seg[SEG_LDTR].base = 0x0,
	.guest.seg[SEG_LDTR].limit = 0x0, .guest.seg[SEG_LDTR].ar = 0x10000,
	.guest.seg[SEG_TR].selector = 0x0, .guest.seg[SEG_TR].base = 0x0,
	.guest.seg[SEG_TR].limit = 0xffff, .guest.seg[SEG_TR].ar = 0x8b, .guest.gdtr_base = 0x106198,
	.guest.gdtr_limit = 0x1f, .guest.idtr_base = 0x0, .guest.idtr_limit = 0x3ff,
	.guest.debugctl = 0x0, .guest.sysenter_esp = 0x0, .guest.sysenter_eip = 0x0,
	.guest.efer = 0x0, .guest.pat = 0x7040600070406, .guest.activity_state = 0x0,
	.guest.interruptibility = 0x0, .guest.pending_debug = 0x0,
	.guest.link_pointer = 0xffffffffffffffff, .guest.pdpte[0] = 0x0, .guest.pdpte[1] = 0x0,
	.guest.pdpte[2] = 0x0, .guest.pdpte[3] = 0x0, .caps.basic = 0xd810000000002b,
	.caps.pin = 0x7f00000016, .caps.primary = 0xf7f9fffe04006172,
	.caps.secondary = 0x2177fff00000000, .caps.exit = 0x7fffff00036dfb,
	.caps.entry = 0xffff000011fb, .caps.misc = 0x600401e0, .caps.cr0_fixed0 = 0x80000021,
	.caps.cr0_fixed1 = 0xffffffff, .caps.cr4_fixed0 = 0x2000, .caps.cr4_fixed1 = 0x3727ff,
	.caps.ept_vpid = 0xf0106334141, .cpu.maxphyaddr = 0x28, .cpu.linear_width = 0x30,
	.cpu.efer = 0x500, .cpu.vmcs_pointer = 0x1fde7000,
};

#endif
