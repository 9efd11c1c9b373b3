/* Guest power-off (its resets: platform/reset.c). The port stays the
 * guest's: every access is passed to the hardware, except the write that
 * would end the machine, which ends the guest instead, so that the
 * hypervisor can print its summary.
 *   ACPI PM1a_CNT (ACPI 6.x 4.8.3.2.1): SLP_EN (bit 13) enters sleep state
 *     SLP_TYP (bits 12:10); for an OS powering off that is S5. */
#include "platform/power.h"
#include "arch/acpi.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "mm/paging.h"
#include "platform/io_ports.h"

#define PM1_CNT_SLP_EN (1u << 13)
#define PM1_CNT_SLP_TYP_SHIFT 10

static uint16_t pm1a_control;

/* The 16-bit PM1a_CNT may be written a byte at a time: place the bytes. */
static void pm1a_control_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	uint32_t written = a->port == pm1a_control ? *value : *value << 8;
	if (!a->in && (written & PM1_CNT_SLP_EN)) {
		v->sleep_type = (written >> PM1_CNT_SLP_TYP_SHIFT) & 7;
		v->state = GUEST_POWERED_OFF;
		return;
	}
	io_pass_through(a, value);
}

void guest_power_init(struct vmx_bitmaps *b, const struct boot_info *bi)
{
	if (bi->rsdp && acpi_find_pm1a_control(bi->rsdp, bi->rsdp_length, physical_read, 0,
					       &pm1a_control)) {
		io_intercept_port(b, pm1a_control, pm1a_control_access);
		io_intercept_port(b, (uint16_t)(pm1a_control + 1), pm1a_control_access);
		printk("acpi: PM1a control at port 0x%x: the guest's power-off is seen\n",
		       pm1a_control);
	} else {
		printk("acpi: no FADT with a PM1a control port: guest power-off is not seen\n");
	}
}

