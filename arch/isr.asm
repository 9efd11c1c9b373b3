; Exception entry stubs: one per vector 0-31, all funnelled into
; exception_common, which saves the general registers in the layout of
; struct exception_frame (arch/exceptions.h) and calls exception_handler(),
; which either stops the machine or, for a fault it expected, returns.

bits 64
extern exception_handler
global exception_stubs

; Vectors whose exceptions push an error code (SDM vol. 3A 6.13, table 6-1).
%define HAS_ERROR_CODE(v) (v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30)

section .text
%macro STUB 1
align 16
exception_stub_%1:
%if HAS_ERROR_CODE(%1) == 0
    push 0                      ; uniform frame: a dummy error code
%endif
    push %1
    jmp exception_common
%endmacro

%assign v 0
%rep 32
STUB v
%assign v v+1
%endrep

exception_common:
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
    mov rdi, rsp
    cld
    call exception_handler      ; returns only after a fixup (arch/msr_safe.c)
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    add rsp, 16                 ; vector and error code
    iretq

section .rodata
align 8
exception_stubs:
%assign v 0
%rep 32
    dq exception_stub_ %+ v
%assign v v+1
%endrep
