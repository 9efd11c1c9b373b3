; The one place the guest starts and stops running.
;
; int vmx_enter_guest(struct vcpu *v, int launched)
;   Saves the host's callee-saved registers, writes HOST_RSP (when the stack
;   pointer differs from the last entry's), loads the guest GPRs from v->regs
;   (offset 0 of struct vcpu) and executes VMLAUNCH (launched == 0) or
;   VMRESUME. The guest then runs until a VM exit, at which the CPU loads RIP
;   from the VMCS field HOST_RIP = vmx_exit_point and RSP from HOST_RSP (SDM
;   27.5.3), and execution continues below with the guest's GPRs still in
;   the registers: they are stored into v->regs and
;   vmx_handle_exit(v) (vmx/exit.c) handles the exit. While it
;   answers true, the guest GPRs are loaded again and VMRESUME runs from
;   here, without returning to C and without saving the host's registers
;   again (the exit path's length is the hypervisor's cost per exit); when it
;   answers false we return 0.
;   If VMLAUNCH/VMRESUME fails instead (VMfail, SDM 30.2), the next instruction
;   runs: we return 1 for VMfailInvalid (CF) and 2 for VMfailValid (ZF).

bits 64
global vmx_enter_guest
global vmx_exit_point
extern vmx_handle_exit

; Offsets in struct guest_regs (vmx/vcpu.h).
%define GUEST_RAX 0
%define GUEST_RBX 8
%define GUEST_RCX 16
%define GUEST_RDX 24
%define GUEST_RSI 32
%define GUEST_RDI 40
%define GUEST_RBP 48
%define GUEST_R8  56
%define GUEST_R9  64
%define GUEST_R10 72
%define GUEST_R11 80
%define GUEST_R12 88
%define GUEST_R13 96
%define GUEST_R14 104
%define GUEST_R15 112
%define HOST_RSP_CACHE 120      ; struct guest_regs.host_rsp
%define FRAME_SIZE 48           ; pushed below the saved RBP: 5 registers and v

HOST_RSP equ 0x6c14

; The guest's GPRs from [rdi]; RDI itself last. MOVs only: flags kept.
%macro load_guest_gprs 0
    mov rax, [rdi + GUEST_RAX]
    mov rbx, [rdi + GUEST_RBX]
    mov rcx, [rdi + GUEST_RCX]
    mov rdx, [rdi + GUEST_RDX]
    mov rsi, [rdi + GUEST_RSI]
    mov rbp, [rdi + GUEST_RBP]
    mov r8,  [rdi + GUEST_R8]
    mov r9,  [rdi + GUEST_R9]
    mov r10, [rdi + GUEST_R10]
    mov r11, [rdi + GUEST_R11]
    mov r12, [rdi + GUEST_R12]
    mov r13, [rdi + GUEST_R13]
    mov r14, [rdi + GUEST_R14]
    mov r15, [rdi + GUEST_R15]
    mov rdi, [rdi + GUEST_RDI]
%endmacro

section .text
vmx_enter_guest:
    push rbp
    mov rbp, rsp                ; a frame for backtraces
    push rbx
    push r12
    push r13
    push r14
    push r15
    push rdi                    ; v, found again at [rsp] after each exit

    cmp rsp, [rdi + HOST_RSP_CACHE]
    je .host_rsp_written        ; the same stack as last time: no VMWRITE
    mov [rdi + HOST_RSP_CACHE], rsp
    mov rax, HOST_RSP
    vmwrite rax, rsp            ; the exit lands on this very stack
.host_rsp_written:

    test esi, esi
    load_guest_gprs
    jz .launch
    vmresume                    ; the guest runs from here ...
    jmp vmentry_failed
.launch:
    vmlaunch                    ; ... or from here, the first time
vmentry_failed:
    ; Only reached when the VM entry did not happen.
    mov eax, 1                  ; VMfailInvalid: CF = 1
    jc return_to_c
    mov eax, 2                  ; VMfailValid: ZF = 1
    jmp return_to_c

vmx_exit_point:
    ; HOST_RIP: every VM exit arrives here, RSP = HOST_RSP, guest GPRs live.
    push rdi                    ; guest RDI
    mov rdi, [rsp + 8]          ; v
    mov [rdi + GUEST_RAX], rax
    mov [rdi + GUEST_RBX], rbx
    mov [rdi + GUEST_RCX], rcx
    mov [rdi + GUEST_RDX], rdx
    mov [rdi + GUEST_RSI], rsi
    mov [rdi + GUEST_RBP], rbp
    mov [rdi + GUEST_R8],  r8
    mov [rdi + GUEST_R9],  r9
    mov [rdi + GUEST_R10], r10
    mov [rdi + GUEST_R11], r11
    mov [rdi + GUEST_R12], r12
    mov [rdi + GUEST_R13], r13
    mov [rdi + GUEST_R14], r14
    mov [rdi + GUEST_R15], r15
    pop rax
    mov [rdi + GUEST_RDI], rax
    lea rbp, [rsp + FRAME_SIZE] ; vmx_enter_guest's frame again, for backtraces
    call vmx_handle_exit         ; RSP is 16-byte aligned here
    test al, al
    jz .leave
    mov rdi, [rsp]              ; v
    load_guest_gprs
    vmresume                    ; the guest goes on ...
    jmp vmentry_failed          ; ... unless the entry failed
.leave:
    xor eax, eax                ; 0: left after a VM exit
return_to_c:
    add rsp, 8                  ; drop v
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret
