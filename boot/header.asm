; Multiboot2 header (Multiboot2 specification, section 3.1).
; GRUB finds it in the first 32 KiB of the image, 8-byte aligned.
; No framebuffer tag: GRUB triple-faults setting a video mode under Bochs' VGA BIOS,
; and the hypervisor only talks over the serial port.

MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0
MB2_TAG_END      equ 0
MB2_TAG_MODALIGN equ 6

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

    align 8
    dw MB2_TAG_END, 0
    dd 8
mb2_header_end:
