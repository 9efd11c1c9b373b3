; Entry of every test guest: a multiboot (v1) header, a stack, guest_main(),
; and the end of the run: the value guest_main returns is written to port
; 0xf4, which the hypervisor intercepts ("guest exit status N").

bits 32
MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x3                ; page-aligned modules, memory information

extern guest_main
extern guest_exception
global _start
global exception_stubs

section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)

section .text
_start:
    mov esp, stack_top
    push ebx                    ; multiboot information
    push eax                    ; 0x2BADB002
    call guest_main
    mov dx, 0xf4
    out dx, al
.hang:
    cli
    hlt
    jmp .hang

; Exception stubs: push a uniform frame (vector, error code) and call
; guest_exception(frame), which may change the saved EIP before IRET.
%define HAS_ERROR_CODE(v) (v == 8 || (v >= 10 && v <= 14) || v == 17)
%macro STUB 1
stub_%1:
%if HAS_ERROR_CODE(%1) == 0
    push 0
%endif
    push %1
    jmp exception_common
%endmacro
%assign v 0
%rep 48
STUB v
%assign v v+1
%endrep

exception_common:
    pusha
    push esp                    ; struct guest_frame *
    cld
    call guest_exception
    add esp, 4
    popa
    add esp, 8                  ; vector and error code
    iret

section .rodata
exception_stubs:
%assign v 0
%rep 48
    dd stub_ %+ v
%assign v v+1
%endrep

section .bss
align 16
    resb 16384
stack_top:
