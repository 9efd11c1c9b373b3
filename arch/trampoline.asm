; The application processors' way into the hypervisor (SDM vol. 3A 8.4.4,
; 9.8.5). arch/smp.c copies ap_trampoline to a page below 1 MiB and sends
; INIT-SIPI-SIPI with that page as the start-up vector: the AP begins here in
; real mode at CS:IP = page:0. It loads the boot GDT (boot/entry.asm),
; turns on PAE, long mode and paging in one step on the boot page tables
; (which map the first 4 GiB, where the image is), and jumps to 64-bit code in
; the image, which takes its stack and per-CPU index from ap_start_* and calls
; ap_main(). Everything after the first far jump runs in the image.


%include "boot/long_mode.inc"

extern boot_pml4
extern boot_gdt
extern ap_main
global ap_trampoline
global ap_trampoline_end
global ap_start_stack
global ap_start_index

section .rodata
bits 16
ap_trampoline:
    cli
    cld
    mov ax, cs
    mov ds, ax
    o32 lgdt [gdt_pointer - ap_trampoline]
    ENABLE_LONG_MODE
    o32 jmp far [far_target - ap_trampoline]

align 8
gdt_pointer:
    dw 3 * 8 - 1
    dd boot_gdt
far_target:
    dd ap_long_mode
    dw 0x08
ap_trampoline_end:

section .data
align 8
ap_start_stack: dq 0            ; set by arch/smp.c before each SIPI
ap_start_index: dq 0

section .text
bits 64
ap_long_mode:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rsp, [rel ap_start_stack]
    mov rdi, [rel ap_start_index]
    xor ebp, ebp                ; ends the backtrace chain
    call ap_main
.hang:
    cli
    hlt
    jmp .hang
