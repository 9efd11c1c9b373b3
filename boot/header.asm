; Multiboot2 header (Multiboot2 specification, section 3.1).
; GRUB finds it in the first 32 KiB of the image, 8-byte aligned.
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
