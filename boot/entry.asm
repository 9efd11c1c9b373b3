; 32-bit entry from GRUB and the switch to long mode.
;
; GRUB enters here in 32-bit protected mode, paging off, EAX = 0x36d76289 and
; EBX = physical address of the multiboot2 information (Multiboot2 spec 3.3).
; We build identity-mapped page tables for the first 4 GiB with 2 MiB pages,
; turn on long mode (SDM vol. 3A 9.8.5, "Initializing IA-32e Mode") and call
; hypervisor_main(magic, info) in C. mm/paging.c replaces these tables later.

bits 32

%include "boot/long_mode.inc"

PTE_P     equ 1 << 0
PTE_W     equ 1 << 1
PTE_PS    equ 1 << 7
COM1      equ 0x3F8

extern hypervisor_main
extern __bss_start
extern __bss_end
global _start
global boot_stack_top
global boot_pml4
global boot_stack
global boot_gdt

section .text.boot
_start:
    cli
    cld
    mov esp, boot_stack_top
    mov esi, eax                ; multiboot2 magic
    mov edi, ebx                ; multiboot2 information address

    ; Clear .bss (page tables and stacks live there); GRUB zeroes it too, but a
    ; loader that does not must not leave us with garbage page tables.
    mov ebp, edi                ; not on the stack: it lives in .bss
    mov edi, __bss_start
    mov ecx, __bss_end
    sub ecx, edi
    shr ecx, 2
    xor eax, eax
    rep stosd
    mov edi, ebp

    ; Long mode needs CPUID leaf 0x80000001 EDX.LM (bit 29).
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no_long_mode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29
    jz .no_long_mode

    ; PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages.
    mov eax, boot_pdpt
    or eax, PTE_P | PTE_W
    mov [boot_pml4], eax
    mov ebx, boot_pd
    xor ecx, ecx
.pdpt_loop:
    mov eax, ebx
    or eax, PTE_P | PTE_W
    mov [boot_pdpt + ecx * 8], eax
    add ebx, 4096
    inc ecx
    cmp ecx, 4
    jb .pdpt_loop
    xor ecx, ecx                ; 2048 entries x 2 MiB = 4 GiB
.pd_loop:
    mov eax, ecx
    shl eax, 21
    or eax, PTE_P | PTE_W | PTE_PS
    mov [boot_pd + ecx * 8], eax
    mov eax, ecx
    shr eax, 11                 ; bits 32+ of the physical address
    mov [boot_pd + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, 2048
    jb .pd_loop

    ENABLE_LONG_MODE

    lgdt [boot_gdt_pointer]
    jmp 0x08:long_mode_entry

.no_long_mode:
    mov ebx, no_long_mode_message
.print:
    mov al, [ebx]
    test al, al
    jz .halt
    mov ah, al
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov dx, COM1
    mov al, ah
    out dx, al
    inc ebx
    jmp .print
.halt:
    hlt
    jmp .halt

bits 64
long_mode_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rsp, boot_stack_top
    xor ebp, ebp                ; ends the backtrace chain
    mov eax, esi                ; hypervisor_main(magic, info): rdi, rsi
    mov esi, edi
    mov edi, eax
    call hypervisor_main
.hang:
    cli
    hlt
    jmp .hang

section .rodata.boot
no_long_mode_message:
    db "hypervisor: this CPU has no long mode (CPUID 80000001h EDX.LM = 0); stopping", 13, 10, 0

align 8
boot_gdt:
    dq 0
    dq 0x00AF9A000000FFFF       ; 0x08: 64-bit code, DPL 0
    dq 0x00CF92000000FFFF       ; 0x10: data, DPL 0
boot_gdt_end:
boot_gdt_pointer:
    dw boot_gdt_end - boot_gdt - 1
    dq boot_gdt

section .bss
align 4096
boot_pml4:  resb 4096
boot_pdpt:  resb 4096
boot_pd:    resb 4 * 4096
boot_stack: resb 16384
boot_stack_top:
