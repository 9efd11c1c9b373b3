/* XCR0, the guest's (platform/xsetbv.c). */
#ifndef PLATFORM_XSETBV_H
#define PLATFORM_XSETBV_H

/* selftest=xsetbv: the XSETBV handler skips its own checks of the value, so
 * that the CPU's #GP is what refuses a bad one (the path a rule the
 * hypervisor does not know takes, e.g. AMX's XCR0 bits 17 and 18). */
void xsetbv_leave_checks_to_cpu(void);

#endif
