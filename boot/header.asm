; The boot headers: multiboot2 (Multiboot2 specification, section 3.1), which
; GRUB's multiboot2 command reads, and multiboot version 1 (Multiboot
; Specification 0.6.96, section 3.1), which QEMU's -kernel reads (and GRUB's
; multiboot command). Both enter boot/entry.asm; EAX says which protocol.
;
; Multiboot2: GRUB finds it in the first 32 KiB of the image, 8-byte aligned.
; The framebuffer request (tag 5) is optional and names no mode: GRUB hands over
; what grub.cfg chose (tools/mkiso.sh): under UEFI the GOP mode, under a legacy
; BIOS VGA text mode (gfxpayload=text, set after the multiboot2 line, which
; resets it to auto). GRUB triple-faults setting a VBE mode under Bochs' VGA
; BIOS, so the BIOS path must never ask for a graphics mode.

MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0
MB2_TAG_END      equ 0
MB2_TAG_FRAMEBUFFER equ 5
MB2_TAG_MODALIGN equ 6
MB2_TAG_OPTIONAL equ 1

section .multiboot2 align=8
mb2_header:
    dd MB2_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

    ; Ask for page-aligned modules: the guest loaders copy them page by page.
    align 8
    dw MB2_TAG_MODALIGN, 0
    dd 8

    ; Spec 3.1.10: width, height and depth 0 mean no preference.
    align 8
    dw MB2_TAG_FRAMEBUFFER, MB2_TAG_OPTIONAL
    dd 20
    dd 0, 0, 0

    align 8
    dw MB2_TAG_END, 0
    dd 8
mb2_header_end:

; Multiboot version 1: in the first 8 KiB of the file, 4-byte aligned. QEMU
; loads only 32-bit ELF files by their program headers, so the header gives
; the load addresses itself (flag 16, the "a.out kludge", 3.1.3): the file
; from this header on is the image from header_addr on, up to load_end_addr,
; zeroed up to bss_end_addr (linker.ld keeps the image contiguous in the
; file), entered at entry_addr in 32-bit protected mode.
MB1_MAGIC            equ 0x1BADB002
MB1_PAGE_ALIGN       equ 1 << 0    ; modules page-aligned
MB1_MEMORY_INFO      equ 1 << 1    ; mem_* and the memory map
MB1_ADDRESSES        equ 1 << 16   ; the address fields below are valid
MB1_FLAGS            equ MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_ADDRESSES

extern __image_start
extern __load_end
extern __bss_end
extern _start

section .multiboot1 align=4
mb1_header:
    dd MB1_MAGIC
    dd MB1_FLAGS
    dd -(MB1_MAGIC + MB1_FLAGS)
    dd mb1_header               ; header_addr
    dd __image_start            ; load_addr
    dd __load_end               ; load_end_addr
    dd __bss_end                ; bss_end_addr
    dd _start                   ; entry_addr
