#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/,
docs/FUZZING.md). The multiboot2 and ACPI seeds come from real boots: it
boots build/hypervisor.iso in QEMU (SeaBIOS with 1 and 4 CPUs, then UEFI
with OVMF) without the isa-debug-exit device, so that the machine stays up
after the hypervisor stops for lack of VT-x; reads from the serial log
where the multiboot2 information lies (the RSDP copy it prints is inside it);
saves that block, and the firmware's ACPI tables in the form of
tests/fuzz/acpi_input.h. The bzImage seed is the head of the Linux guest
(build/linux/vmlinuz), the multiboot ELF seeds are the test guests
(build/guests/, without debug information); the others are written out
here: command lines, monitor commands, exits, guest page tables and VMCS
snapshots.
Usage: make iso guests && tools/fuzz-seeds.py [--no-boot] (run once: the
seeds are committed; the ISO's default Linux guest puts module tags in the
multiboot2 seeds)."""
import os, re, socket, struct, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus")
OUT_SIZE, OUT_BASE = 0x5000, 0x13000       # guest/linux.c: ACPI_TABLES_*


def boot(iso, uefi, smp, work):
    serial, sock = os.path.join(work, "serial.log"), os.path.join(work, "mon.sock")
    cmd = ["qemu-system-x86_64", "-m", "256", "-cdrom", iso, "-boot", "d", "-display", "none",
           "-smp", str(smp), "-serial", "file:" + serial, "-monitor", "unix:%s,server,nowait" % sock, "-net", "none"]
    if uefi:
        cmd += ["-bios", "/usr/share/ovmf/OVMF.fd"]
    qemu = subprocess.Popen(cmd)
    for _ in range(240):
        time.sleep(0.5)
        log = open(serial, errors="replace").read() if os.path.exists(serial) else ""
        if "VT-x not available" in log:
            break
    time.sleep(1)
    mon = socket.socket(socket.AF_UNIX)
    mon.connect(sock)
    return qemu, mon, log


def dump(mon, work, address, size):
    path = os.path.join(work, "dump-%x.bin" % address)
    mon.send(('pmemsave 0x%x 0x%x "%s"\n' % (address, size, path)).encode())
    for _ in range(50):
        time.sleep(0.2)
        if os.path.exists(path) and os.path.getsize(path) == size:
            return open(path, "rb").read()
    sys.exit("fuzz-seeds: no memory dump at 0x%x" % address)


def tags_end_at(block, total):
    at = 8
    while at + 8 <= total:
        kind, size = struct.unpack_from("<II", block, at)
        if size < 8 or at + size > total:
            return False
        if kind == 0:
            return size == 8 and at + 8 == total
        at += (size + 7) & ~7
    return False


def find_multiboot2(mem, base, inside):
    """The 8-aligned block that holds `inside` and whose tags end exactly at its size."""
    for start in range((inside - base) & ~7, -1, -8):
        total, reserved = struct.unpack_from("<II", mem, start)
        if reserved == 0 and 16 <= total <= len(mem) - start and start + total > inside - base \
                and tags_end_at(mem[start:start + total], total):
            return mem[start:start + total]
    sys.exit("fuzz-seeds: multiboot2 information not found")


def read_table(mon, work, address):
    header = dump(mon, work, address, 36)
    return dump(mon, work, address, struct.unpack_from("<I", header, 4)[0])


def acpi_seed(mon, work, rsdp):
    """Window from the lowest to the highest byte of RSDT, XSDT and what they list."""
    roots = [struct.unpack_from("<I", rsdp, 16)[0]]
    if rsdp[15] >= 2 and len(rsdp) >= 36:
        roots.append(struct.unpack_from("<Q", rsdp, 24)[0])
    spans = []
    for root in roots:
        table = read_table(mon, work, root)
        spans.append((root, len(table)))
        width = 8 if table[:4] == b"XSDT" else 4
        for at in range(36, len(table), width):
            entry = int.from_bytes(table[at:at + width], "little")
            spans.append((entry, len(read_table(mon, work, entry))))
    low = min(a for a, _ in spans)
    high = max(a + n for a, n in spans)
    window = dump(mon, work, low, high - low)
    flags = 1 if len(rsdp) == 36 else 0
    return struct.pack("<QBBHI", low, flags, 0, OUT_SIZE, OUT_BASE) + rsdp.ljust(36, b"\0") + window


def save(target, name, data):
    path = os.path.join(CORPUS, target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(data)
    print("%s: %d bytes" % (os.path.relpath(path, ROOT), len(data)))


def capture(iso, uefi, smp, name):
    with tempfile.TemporaryDirectory() as work:
        qemu, mon, log = boot(iso, uefi, smp, work)
        try:
            m = re.search(r"ACPI RSDP: revision (\d+), copy at 0x([0-9a-f]+)", log)
            if not m:
                sys.exit("fuzz-seeds: the serial log names no RSDP copy:\n" + log)
            revision, copy = int(m.group(1)), int(m.group(2), 16)
            base = max(copy - 0x10000, 0) & ~0xfff
            mem = dump(mon, work, base, 0x20000)
            block = find_multiboot2(mem, base, copy)
            rsdp = mem[copy - base:copy - base + (36 if revision else 20)]
            seeds = {"multiboot2": block, "acpi": acpi_seed(mon, work, rsdp)}
        finally:
            mon.send(b"quit\n")
            qemu.wait()
    save("multiboot2", name, seeds["multiboot2"])
    save("acpi", name, seeds["acpi"])
    save("acpi_tables", name, seeds["acpi"])    # the two ACPI targets read the same input


def bzimage_seed():
    """tests/fuzz/bzimage.c: a layout, then the setup and 4 KiB of the kernel."""
    image = open(os.path.join(ROOT, "build/linux/vmlinuz"), "rb").read()
    setup = (image[0x1f1] or 4) + 1
    layout = struct.pack("<QQQQQB", 0x1000000, 0x11000, 0x7000000, 0x800000, 0x13100, 6)
    save("bzimage", "debian-6.1-cloud-head", layout + image[:setup * 512 + 4096])


def elf_seeds():
    for guest in ("basic", "hlt", "triple_fault"):
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, guest)
            subprocess.run(["objcopy", "--strip-all", os.path.join(ROOT, "build/guests", guest + ".elf"),
                            out], check=True)
            save("multiboot_image", guest, open(out, "rb").read())


def exit_seed(reason, qualification=0, rcx=0, gpa=0, gla=0, info=0, error=0, size=64):
    return struct.pack("<HQQQQIIB", reason, qualification, rcx, gpa, gla, info, error, size)


def page_tables(cr0, cr3, cr4, efer, pdptes, gva, memory):
    return struct.pack("<9Q", cr0, cr3, cr4, efer, *pdptes, gva) + bytes(memory)


def walk_seeds():
    """tests/fuzz/guest_walk.c: one translation in each paging mode."""
    pg, pe, pae, pse, lma = 1 << 31, 1, 1 << 5, 1 << 4, 1 << 10
    mem = bytearray(0x5000)
    struct.pack_into("<Q", mem, 0x1000, 0x2003)             # PML4E 0 -> PDPT
    struct.pack_into("<Q", mem, 0x2000, 0x3003)             # PDPTE 0 -> PD
    struct.pack_into("<Q", mem, 0x3000, 0x4003)             # PDE 0 -> PT
    struct.pack_into("<Q", mem, 0x3008, 0x200083)           # PDE 1: 2 MiB page
    struct.pack_into("<Q", mem, 0x4008, 0x7003)             # PTE 1
    save("guest_walk", "4-level", page_tables(pg | pe, 0x1000, pae, lma | 0x100, [0] * 4, 0x1234, mem))
    save("guest_walk", "4-level-2mib", page_tables(pg | pe, 0x1000, pae, lma | 0x100, [0] * 4, 0x212345, mem))
    save("guest_walk", "pae", page_tables(pg | pe, 0x2000, pae, 0, [0x3001, 0, 0, 0], 0x1234, mem))
    mem32 = bytearray(0x3000)
    struct.pack_into("<I", mem32, 0x1000, 0x2003)           # PDE 0 -> PT
    struct.pack_into("<I", mem32, 0x1004, 0x400083)         # PDE 1: 4 MiB page
    struct.pack_into("<I", mem32, 0x2004, 0x5003)           # PTE 1
    save("guest_walk", "32-bit", page_tables(pg | pe, 0x1000, pse, 0, [0] * 4, 0x1234, mem32))
    save("guest_walk", "32-bit-4mib", page_tables(pg | pe, 0x1000, pse, 0, [0] * 4, 0x412345, mem32))
    save("guest_walk", "paging-off", page_tables(pe, 0, 0, 0, [0] * 4, 0x12345678, b""))


def text_seeds():
    for name, text in {
        "grub-line": "/boot/hypervisor.elf verbose intercept=pf trace=cpuid,io,msr monitor=keys",
        "selftest": "selftest=vmentry-failure trace=exits monitor=fatal",
        "bad-values": "intercept=maybe trace=bogus,12 monitor verbose=1 unknown",
        "vmentry-failure-groups":
            "selftest=vmentry-failure:segments vmcheck selftest=vmentry-failure:bogus",
    }.items():
        save("cmdline", name, text.encode())
    for name, text in {"groups": "cpuid,io,msr,cr,ept,exception", "all": "exits",
                       "numbers": "48,vmx,none,10,30"}.items():
        save("trace_filter", name, text.encode())
    for name, text in {"mem": "mem 0x100000 64", "vmem": "vmem 0xffffffff81000000 0x40",
                       "xlate": "xlate 4096", "filter": "filter cpuid,io", "vmcs": "vmcs guest",
                       "ring": "ring 8", "keys": "ab\x1dm\x1d\x1dc\x1dx"}.items():
        save("monitor_parse", name, text.encode().decode("unicode_escape").encode("latin-1"))
    save("exit_decode", "io", exit_seed(30, 0x3f80008))
    save("exit_decode", "cr", exit_seed(28, 0x30))
    save("exit_decode", "msr", exit_seed(31, rcx=0xc0000080))
    save("exit_decode", "ept", exit_seed(48, 0x182, gpa=0x8000040, gla=0xffff8000))
    save("exit_decode", "page-fault", exit_seed(0, 0xdead000, info=0x80000b0e, error=2))


def mtrr_seed(flags, default, width, variables, fixed, length_log, base):
    """tests/fuzz/mtrr.c's input: the state, then a range of 4 KiB << length_log."""
    data = struct.pack("<BBBB", flags, default, width - 32, len(variables))
    for physbase, physmask in variables:
        data += struct.pack("<QQ", physbase, physmask)
    return data + bytes(fixed) + struct.pack("<BQ", length_log, base // 4096)


def mtrr_seeds():
    """A PC's MTRRs as firmware sets them (WB RAM below 2 GiB, UC MMIO hole
    from 0xe0000000, the VGA hole and BIOS in the fixed ranges), asked for
    the blocks EPT maps; and a range with a non-contiguous mask."""
    valid, mask39 = 1 << 11, (1 << 39) - 1
    pc = [(0x0 | 6, (~(2 * 1024**3 - 1) & mask39) | valid),
          (0xE0000000 | 0, (~(512 * 1024**2 - 1) & mask39) | valid)]
    fixed = [6] * 16 + [0] * 8 + [5] * 64
    save("mtrr", "pc-gib-above-4g", mtrr_seed(3, 0, 39, pc, fixed, 18, 4 * 1024**3))
    save("mtrr", "pc-first-2m", mtrr_seed(3, 0, 39, pc, fixed, 9, 0))
    save("mtrr", "pc-mmio-hole", mtrr_seed(3, 0, 39, pc, fixed, 9, 0xE0000000))
    holes = pc + [(0x1000 | 4, (~0x1FFF & ~0x100000 & mask39) | valid)]
    save("mtrr", "non-contiguous", mtrr_seed(1, 6, 39, holes, fixed, 2, 0))


def snapshot_members():
    """The members of struct vmcs_snapshot in the order of the table in
    vmx/vmcs_snapshot.c (the fuzz target's member numbers)."""
    text = open(os.path.join(ROOT, "vmx/vmcs_snapshot.c")).read()
    table = text[text.index("vmcs_snapshot_fields[] = {"):]
    members = []
    for macro, arg in re.findall(r"\b(VMCS|HOST_SELECTOR|GUEST_SEGMENT|CAPABILITY|CPU)\(([^,)]+)",
                                 table[:table.index("};")]):
        if macro == "HOST_SELECTOR":
            members.append("host.selector[%s]" % arg)
        elif macro == "GUEST_SEGMENT":
            members += ["guest.seg[%s].%s" % (arg, m) for m in ("selector", "base", "limit", "ar")]
        else:
            members.append(arg)
    return members


def entry_checks_seeds():
    """tests/fuzz/entry_checks.c's input: the real entry's snapshot with the
    changes of each selftest=vmentry-failure:GROUP (vmx/launch.c), the CPU
    said to refuse that group; the real entry with the controls refused (the
    report of a rule the model lacks); an all-zero snapshot."""
    members = snapshot_members()
    controls, host, guest, none = 0, 1, 2, 3

    def changes(refused, *pairs):
        data = bytes([1 | refused << 1])
        for member, value in pairs:
            data += struct.pack("<BQ", members.index(member), value)
        return data
    save("entry_checks", "real-entry-controls-refused", changes(controls))
    save("entry_checks", "rflags-bit-1", changes(guest, ("guest.rflags", 0)))
    save("entry_checks", "cr3-targets", changes(controls, ("controls.cr3_target_count", 5)))
    save("entry_checks", "host-rip", changes(host, ("host.rip", 1 << 47)))
    save("entry_checks", "ss-type", changes(guest, ("guest.seg[SEG_SS].ar", 0xc09b)))
    save("entry_checks", "cr0-pg-without-pe", changes(guest, ("guest.cr0", 0x80000030)))
    save("entry_checks", "rip-above-4g", changes(guest, ("guest.rip", 0x100100010)))
    save("entry_checks", "sti-without-if", changes(guest, ("guest.interruptibility", 1)))
    save("entry_checks", "gp-without-error-code",
         changes(controls, ("controls.entry_intr_info", 0x8000030d)))
    save("entry_checks", "long-mode", changes(none, ("controls.entry", 0xd3ff),
                                              ("guest.cr0", 0x80000031), ("guest.cr4", 0x2020),
                                              ("guest.efer", 0x500)))
    save("entry_checks", "all-zero", bytes([none << 1]))


def main():
    if "--no-boot" not in sys.argv:
        iso = os.path.join(ROOT, "build/hypervisor.iso")
        capture(iso, False, 1, "qemu-bios-grub")
        capture(iso, False, 4, "qemu-bios-grub-4cpus")
        capture(iso, True, 1, "qemu-ovmf-grub")
    bzimage_seed()
    elf_seeds()
    walk_seeds()
    text_seeds()
    mtrr_seeds()
    entry_checks_seeds()


if __name__ == "__main__":
    main()
