# The hypervisor: build, boot and test. `make help` lists the targets.

BUILD := build
ELF := $(BUILD)/hypervisor.elf
ISO := $(BUILD)/hypervisor.iso
HV_OPTIONS ?=

CC := gcc
NASM := nasm
HOST_CC := gcc

# Freestanding kernel code: no red zone (interrupts use the stack), no SSE
# (the hypervisor does not save guest vector state), frame pointers for backtraces.
KERNEL_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie \
	-mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx -mcmodel=small \
	-fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -nostdlib -I.
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-z,max-page-size=4096 -T linker.ld

HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -I. -DHOST_TEST \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

C_SOURCES := $(wildcard boot/*.c arch/*.c mm/*.c vmx/*.c platform/*.c debug/*.c guest/*.c \
	iommu/*.c lib/*.c)
ASM_SOURCES := boot/header.asm boot/entry.asm $(wildcard arch/*.asm vmx/*.asm)
OBJECTS := $(C_SOURCES:%.c=$(BUILD)/obj/%.o) $(ASM_SOURCES:%.asm=$(BUILD)/obj/%.o)

# Test guests: 32-bit multiboot (v1) kernels (guest/tests/), sharing the
# hypervisor's pure formatting and string code.
GUEST_CFLAGS := -m32 -std=c11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables -nostdlib -I.
GUEST_NAMES := $(basename $(notdir $(filter-out guest/tests/runtime.c guest/tests/ap_start.c \
	guest/tests/smm_probe.c,$(wildcard guest/tests/*.c))))
GUESTS := $(GUEST_NAMES:%=$(BUILD)/guests/%.elf)
GUEST_RUNTIME := $(BUILD)/guests/obj/start.o $(BUILD)/guests/obj/runtime.o \
	$(BUILD)/guests/obj/format.o $(BUILD)/guests/obj/string.o

# Pure logic, compiled for the host: unit-tested there, and fuzzed.
PURE_SOURCES := lib/format.c lib/cmdline.c lib/symbols.c lib/checksum.c boot/boot_info.c boot/multiboot2.c boot/multiboot1.c \
	mm/ranges.c mm/frames.c vmx/controls.c vmx/mtrr.c vmx/ept.c vmx/guest_memory.c vmx/event_rules.c vmx/pae.c \
	vmx/feature_controls.c vmx/vmcs_snapshot.c vmx/entry_checks.c vmx/entry_checks_controls.c \
	vmx/entry_checks_injection.c vmx/entry_checks_host.c vmx/entry_checks_guest.c \
	vmx/entry_checks_segments.c vmx/entry_checks_non_register.c \
	platform/msr_policy.c platform/vmtrr.c \
	debug/exit_decode.c debug/trace_filter.c debug/monitor_parse.c debug/guest_walk.c guest/acpi_tables.c \
	debug/entry_explain.c \
	debug/gdb_packet.c debug/gdb_command.c debug/gdb_regs.c \
	vmx/exit_reasons.c guest/memory_map.c guest/multiboot_image.c guest/bzimage.c guest/linux_placement.c \
	arch/acpi.c arch/madt.c platform/mmio_decode.c platform/apic_dest.c \
	iommu/dmar.c iommu/dma_map.c iommu/vtd_decode.c arch/font.c arch/screen.c
UNIT_SOURCES := $(PURE_SOURCES) tests/tools/font_match.c $(wildcard tests/unit/*.c)

# Fuzz targets (docs/FUZZING.md): each tests/fuzz/NAME.c but support.c is one
# libFuzzer program, linked with the same pure sources, built by clang with
# AddressSanitizer and UBSan; its seeds are in tests/fuzz/corpus/NAME/.
FUZZ_CC := clang
FUZZ_CFLAGS := $(HOST_CFLAGS) -fsanitize=fuzzer-no-link
FUZZ_NAMES := $(basename $(notdir $(filter-out tests/fuzz/support.c,$(wildcard tests/fuzz/*.c))))
FUZZERS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60

# The guest of `make iso` and the run targets: `linux` (KERNEL and INITRD,
# by default Debian's cloud kernel and a busybox initramfs, fetched once into
# build/linux/), or the name of a test guest from guest/tests/.
GUEST ?= linux
# Processors of the emulated machine for the run targets; the hypervisor
# virtualizes every one of them.
CPUS ?= 2
KERNEL ?= $(BUILD)/linux/vmlinuz
INITRD ?= $(BUILD)/linux/initrd.img
# idle=halt: in Bochs with two processors Linux's MWAIT idle misses
# wakeups and stalls for seconds (docs/PERFORMANCE.md, "Two processors in
# Bochs"); under KVM, which hides MWAIT, Linux idles with HLT anyway.
LINUX_CMDLINE ?= console=ttyS0,115200 cryptomgr.notests quiet idle=halt

.PHONY: guests bench bench-linux all iso run run-bochs run-qemu run-uefi test unit-test boot-test fuzz fuzzers deps help clean

all: $(ELF)

help:
	@echo "make            build $(ELF)"
	@echo "make iso        build $(ISO) (BIOS and UEFI)"
	@echo "make run        boot it: QEMU/KVM with nested VT-x if present, else Bochs"
	@echo "make run-bochs  boot in Bochs (emulated VMX)"
	@echo "make run-qemu   boot in QEMU TCG (no VMX: boot path only)"
	@echo "make run-uefi   boot in QEMU with OVMF (UEFI boot path)"
	@echo "make test       unit tests (host, ASan+UBSan), a short fuzz run, emulator boot tests"
	@echo "make unit-test  the unit tests alone"
	@echo "make boot-test  the emulator tests alone; TESTS='a b' only those (tests/boot/a.sh)"
	@echo "make fuzz       run every fuzz target FUZZ_SECONDS (default 60) each"
	@echo "HV_OPTIONS='...' sets the hypervisor command line"
	@echo "make bench      cost of each kind of VM exit (ticks per round trip)"
	@echo "make bench-linux  Linux boot (1 and 2 CPUs) in Bochs with and without the hypervisor"
	@echo "GUEST=name      the guest: linux (default) or a test guest (guest/tests/name.c)"
	@echo "CPUS=N          processors of the emulated machine for the run targets (default 2)"
	@echo "KERNEL=, INITRD=, LINUX_CMDLINE=  another Linux kernel, initrd or command line"

deps:
	@tools/deps.sh all

$(BUILD)/.deps-build:
	@tools/deps.sh build
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/.deps-fuzz:
	@tools/deps.sh fuzz
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/obj/%.o: %.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.asm | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -g -o $@ $<

# The assembly that includes the long-mode switch.
$(BUILD)/obj/boot/entry.o $(BUILD)/obj/arch/trampoline.o: boot/long_mode.inc

# Two links: the first gives the addresses of the functions, which become the
# symbol table of the second (for backtraces). The table lies after all code,
# so no function moves; the recipe checks that.
$(BUILD)/symbols-empty.asm: tools/gensyms.sh
	@mkdir -p $(BUILD)
	tools/gensyms.sh >$@

$(BUILD)/symbols-empty.o $(BUILD)/symbols.o: $(BUILD)/%.o: $(BUILD)/%.asm
	$(NASM) -f elf64 -o $@ $<

$(BUILD)/pass1.elf: $(OBJECTS) $(BUILD)/symbols-empty.o linker.ld
	$(CC) $(KERNEL_LDFLAGS) -o $@ $(OBJECTS) $(BUILD)/symbols-empty.o

$(BUILD)/symbols.asm: $(BUILD)/pass1.elf tools/gensyms.sh
	tools/gensyms.sh $< >$@

$(ELF): $(OBJECTS) $(BUILD)/symbols.o linker.ld
	$(CC) $(KERNEL_LDFLAGS) -o $@ $(OBJECTS) $(BUILD)/symbols.o
	@nm -n $(BUILD)/pass1.elf | grep ' [tT] ' >$(BUILD)/pass1.syms
	@nm -n $@ | grep ' [tT] ' >$(BUILD)/final.syms
	@cmp -s $(BUILD)/pass1.syms $(BUILD)/final.syms || \
		{ echo "functions moved between the two links" >&2; rm -f $@; exit 1; }

$(BUILD)/guests/obj/%.o: guest/tests/%.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/guests/obj/%.o: lib/%.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/guests/obj/start.o: guest/tests/start.asm | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -o $@ $<

$(BUILD)/guests/%.elf: $(BUILD)/guests/obj/%.o $(GUEST_RUNTIME) guest/tests/guest.ld
	$(CC) -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
		-Wl,--no-warn-rwx-segments -T guest/tests/guest.ld -o $@ $(GUEST_RUNTIME) \
		$(filter $(BUILD)/guests/obj/ap_start.o $(BUILD)/guests/obj/smm_probe.o,$^) $< -lgcc

# The guests that start application processors (guest/tests/ap_start.h), and
# those that try to run code in SMM (guest/tests/smm_probe.h).
AP_GUESTS := smp gdb_smp init_sipi console_abuse
$(AP_GUESTS:%=$(BUILD)/guests/%.elf): $(BUILD)/guests/obj/ap_start.o
SMM_GUESTS := apic_abuse smram
$(SMM_GUESTS:%=$(BUILD)/guests/%.elf): $(BUILD)/guests/obj/smm_probe.o

guests: $(GUESTS)

ifeq ($(GUEST),linux)
GUEST_FILES := $(KERNEL) $(INITRD)
GUEST_MODULES = $(KERNEL) "$(LINUX_CMDLINE)" $(INITRD) initrd
else
GUEST_FILES := $(BUILD)/guests/$(GUEST).elf
GUEST_MODULES = $(BUILD)/guests/$(GUEST).elf "$(GUEST)"
endif

# Rebuilt every time: GUEST and HV_OPTIONS may differ from the last build.
$(ISO): $(ELF) $(GUEST_FILES) tools/mkiso.sh FORCE
	tools/mkiso.sh $@ $(ELF) "$(HV_OPTIONS)" $(GUEST_MODULES)

# The default Linux guest, from Debian's registry (tools/fetch-linux.sh); one
# grouped target (&:), so that make -j runs the fetch once, not once per file.
$(BUILD)/linux/vmlinuz $(BUILD)/linux/initrd.img &: tools/fetch-linux.sh tests/linux/init | $(BUILD)/.deps-build
	tools/fetch-linux.sh

# Cost of each kind of VM exit (guest/tests/bench.c); table in build/bench-*.txt.
bench: $(ELF) $(BUILD)/guests/bench.elf
	@tools/deps.sh all
	@tools/bench.sh

# The same Linux boot (to its power-off) in Bochs, without and with the
# hypervisor, on one and on two processors: emulated ticks and wall time;
# the result goes to build/bench-linux.txt.
bench-linux: $(ELF) $(BUILD)/linux/vmlinuz $(BUILD)/linux/initrd.img
	@tools/deps.sh all
	tools/bench-linux.sh $(KERNEL) $(INITRD)

.PHONY: FORCE
FORCE:
.SECONDARY: $(GUEST_RUNTIME) $(GUEST_NAMES:%=$(BUILD)/guests/obj/%.o)

iso: $(ISO)

run: $(ISO)
	@tools/deps.sh all
	@if tools/run-qemu.sh --accel auto --probe 2>/dev/null; then \
		QEMU_SMP=$(CPUS) tools/run-qemu.sh --accel kvm $(ISO); \
	else \
		echo "no nested VT-x through /dev/kvm: booting in Bochs (emulated VMX), $(CPUS) CPUs"; \
		BOCHS_CPUS=$(CPUS) tools/run-bochs.sh $(ISO); \
	fi

run-bochs: $(ISO)
	@tools/deps.sh all
	BOCHS_CPUS=$(CPUS) tools/run-bochs.sh $(ISO)

run-qemu: $(ISO)
	@tools/deps.sh all
	QEMU_SMP=$(CPUS) tools/run-qemu.sh --accel tcg $(ISO)

run-uefi: $(ISO)
	@tools/deps.sh all
	tools/run-qemu.sh --uefi --accel tcg $(ISO)

$(BUILD)/unit-tests: $(UNIT_SOURCES) $(wildcard */*.h tests/unit/*.h)
	@mkdir -p $(BUILD)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $(UNIT_SOURCES)

# Reads the screen console's text back from a QEMU screendump (tests/boot/screen_*.sh).
$(BUILD)/screen-text: tests/tools/screen_text.c tests/tools/font_match.c arch/font.c \
		tests/tools/font_match.h arch/font.h
	@mkdir -p $(BUILD)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/tools/screen_text.c \
		tests/tools/font_match.c arch/font.c

unit-test: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

$(BUILD)/fuzz/obj/%.o: %.c | $(BUILD)/.deps-fuzz
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/fuzz/pure.a: $(PURE_SOURCES:%.c=$(BUILD)/fuzz/obj/%.o) $(BUILD)/fuzz/obj/tests/fuzz/support.o
	rm -f $@ && ar rcs $@ $^

$(FUZZERS): $(BUILD)/fuzz/%: $(BUILD)/fuzz/obj/tests/fuzz/%.o $(BUILD)/fuzz/pure.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

fuzzers: $(FUZZERS)

fuzz: $(FUZZERS)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

# The emulator and documentation tests alone, or those TESTS names
# (tests/boot/NAME.sh; TEST.MODEL for the model matrix), e.g.
# `make boot-test TESTS="guest_basic linux_guest"`.
boot-test: $(ELF) $(GUESTS) $(BUILD)/screen-text $(BUILD)/linux/vmlinuz $(BUILD)/linux/initrd.img
	@tools/deps.sh all
	@tools/build-bochs.sh >/dev/null
	@tests/run-tests.sh --emulator $(TESTS)

# One closing line for the whole run: "N passed, N failed". Bochs 3 (the
# model matrix and the UEFI tests) is built once, outside the clone
# (tools/build-bochs.sh; about 10 minutes the first time).
test: $(BUILD)/unit-tests $(BUILD)/screen-text $(FUZZERS) $(ELF) $(GUESTS) $(BUILD)/linux/vmlinuz $(BUILD)/linux/initrd.img
	@tools/deps.sh all
	@tools/build-bochs.sh >/dev/null
	@tests/run-tests.sh

clean:
	rm -rf $(BUILD)

-include $(OBJECTS:.o=.d) $(wildcard $(BUILD)/guests/obj/*.d)
-include $(shell find $(BUILD)/fuzz/obj -name '*.d' 2>/dev/null)
