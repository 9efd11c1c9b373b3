/* Test guest: SMRAM from the guest's side, on Bochs' i440FX (host bridge
 * 00:00.0, SMRAM control at 0x72; the PIIX4 power management function
 * 00:01.3 raises an SMI on a write to port 0xb2 when its register 0x5b bit 1
 * allows). Two attempts to run the guest's own code in SMM (the SMM entry
 * of the boot processor is 0xa8000, SMBASE 0xa0000):
 *   - open SMRAM (D_OPEN), write the code into it, close it, raise an SMI;
 *   - clear G_SMRAME, so that SMM's fetches go where the guest writes (the
 *     VGA memory at 0xa0000), write the code there, raise an SMI.
 * The hypervisor locked SMRAM at boot and drops the guest's writes to its
 * control register: neither attempt runs the code. The guest runs with
 * paging on: Bochs 2.7 returns from SMM to a guest without paging with
 * CR0.PG set. */
#include "guest/tests/runtime.h"
#include "guest/tests/smm_probe.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc
#define HOST_BRIDGE 0x80000000u         /* bus 0, device 0, function 0 */
#define PM_FUNCTION 0x80000b00u         /* bus 0, device 1, function 3 */
#define SMRAM_CONTROL 0x72
#define SMRAM_D_OPEN 0x40
#define SMRAM_D_LCK 0x10
#define SMRAM_G_SMRAME 0x08
#define PM_APMC_ENABLE_REG 0x5b
#define PM_APMC_ENABLE 0x02
#define APM_CONTROL_PORT 0xb2
#define SMM_ENTRY 0xa8000u

#define CR4_PSE (1u << 4)
#define PDE_4M 0x83u                    /* present, writable, 4 MiB page */

static uint32_t page_directory[1024] __attribute__((aligned(4096)));

/* Identity map of the 4 GiB with 4 MiB pages. */
static void paging_on(void)
{
	for (uint32_t i = 0; i < 1024; i++)
		page_directory[i] = (i << 22) | PDE_4M;
	paging_enable(page_directory, CR4_PSE);
}

static uint8_t config_read8(uint32_t function, uint8_t offset)
{
	__asm__ volatile("outl %0, %1" ::"a"(function | (offset & 0xfc)), "Nd"(CONFIG_ADDRESS));
	return inb((uint16_t)(CONFIG_DATA + (offset & 3)));
}

static void config_write8(uint32_t function, uint8_t offset, uint8_t value)
{
	__asm__ volatile("outl %0, %1" ::"a"(function | (offset & 0xfc)), "Nd"(CONFIG_ADDRESS));
	outb((uint16_t)(CONFIG_DATA + (offset & 3)), value);
}

static void raise_smi(void)
{
	uint8_t enable = config_read8(PM_FUNCTION, PM_APMC_ENABLE_REG);
	config_write8(PM_FUNCTION, PM_APMC_ENABLE_REG, enable | PM_APMC_ENABLE);
	outb(APM_CONTROL_PORT, 0);
}

int guest_main(void)
{
	paging_on();
	uint8_t smram = config_read8(HOST_BRIDGE, SMRAM_CONTROL);
	guest_printf("smram guest: SMRAM control 0x%02x\n", smram);
	check("SMRAM is locked (D_LCK)", smram & SMRAM_D_LCK);

	config_write8(HOST_BRIDGE, SMRAM_CONTROL, (smram & ~SMRAM_D_LCK) | SMRAM_D_OPEN);
	check("D_OPEN does not open it", !(config_read8(HOST_BRIDGE, SMRAM_CONTROL) & SMRAM_D_OPEN));
	smm_probe_install(SMM_ENTRY);
	config_write8(HOST_BRIDGE, SMRAM_CONTROL, smram);
	raise_smi();
	check("code written with D_OPEN set does not run in SMM", !smm_probe_ran());

	config_write8(HOST_BRIDGE, SMRAM_CONTROL, smram & ~SMRAM_G_SMRAME);
	check("G_SMRAME stays set",
	      config_read8(HOST_BRIDGE, SMRAM_CONTROL) & SMRAM_G_SMRAME);
	smm_probe_install(SMM_ENTRY);
	raise_smi();
	check("code written with G_SMRAME cleared does not run in SMM", !smm_probe_ran());
	guest_printf("smram guest: %d failed checks\n", check_failures());
	return check_failures();
}
