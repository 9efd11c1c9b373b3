/* selftest=dma: proves DMA confinement with QEMU's "edu" teaching device
 * (QEMU docs/specs/edu.rst): BAR0 holds a DMA engine that copies between a
 * 4 KiB buffer inside the device (device address 0x40000) and any bus
 * address. The device DMAs once into a page of guest memory, which must be
 * written, and once into a page of the hypervisor's image, which must stay
 * as it was, with a VT-d fault recorded for the edu's requester id. With
 * iommu=off the second DMA lands, which is what the test compares against. */
#include "arch/console.h"
#include "iommu/iommu.h"
#include "arch/pci_config.h"
#include "lib/string.h"
#include "mm/memory.h"

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_ID 0x00                     /* reads 0xRRrr00ed */
#define EDU_DMA_SOURCE 0x80
#define EDU_DMA_DESTINATION 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_COMMAND 0x98
#define EDU_DMA_START 0x1               /* cleared by the device when done */
#define EDU_DMA_TO_RAM 0x2              /* from the device's buffer to the bus address */
#define EDU_BUFFER 0x40000
#define EDU_REACH (1ull << 28)          /* the edu's default dma_mask: 28 address bits */
#define DMA_POLL_LIMIT 20000000u

#define PAGE 4096u
/* Less than the device's 4 KiB buffer: QEMU 7.2's edu stops the emulator
 * ("DMA range ... out of bounds") for a transfer of the whole buffer. */
#define TRANSFER 2048u
#define HYPERVISOR_FILL 0xa5

/* A page of the hypervisor's image: never mapped for devices. */
static uint8_t hypervisor_page[PAGE] __attribute__((aligned(PAGE)));

static volatile uint8_t *edu_registers;

static void edu_write64(unsigned offset, uint64_t value)
{
	*(volatile uint64_t *)(edu_registers + offset) = value;
}

/* One transfer of TRANSFER bytes; false if the device never finished. */
static bool edu_dma(uint64_t source, uint64_t destination, uint32_t command)
{
	edu_write64(EDU_DMA_SOURCE, source);
	edu_write64(EDU_DMA_DESTINATION, destination);
	edu_write64(EDU_DMA_COUNT, TRANSFER);
	edu_write64(EDU_DMA_COMMAND, command | EDU_DMA_START);
	for (unsigned i = 0; i < DMA_POLL_LIMIT; i++)
		if (!(*(volatile uint64_t *)(edu_registers + EDU_DMA_COMMAND) & EDU_DMA_START))
			return true;
	return false;
}

static bool transfer_has_pattern(const volatile uint8_t *p)
{
	for (unsigned i = 0; i < TRANSFER; i++)
		if (p[i] != (uint8_t)(i * 7 + 1))
			return false;
	return true;
}

static bool page_untouched(const volatile uint8_t *p)
{
	for (unsigned i = 0; i < PAGE; i++)
		if (p[i] != HYPERVISOR_FILL)
			return false;
	return true;
}

/* The lowest page of guest memory above the first MiB that the edu reaches:
 * nothing lives there yet (the boot data was copied into the pool). */
static uint64_t guest_scratch_page(void)
{
	const struct range_set *g = guest_usable_memory();
	for (unsigned i = 0; i < g->count; i++) {
		uint64_t base = g->r[i].base < 0x100000 ? 0x100000 : g->r[i].base;
		if (base + PAGE <= g->r[i].end && base + PAGE <= EDU_REACH)
			return base;
	}
	return 0;
}

static bool find_edu(struct pci_function *edu)
{
	if (!pci_find(EDU_VENDOR, EDU_DEVICE, edu)) {
		printk("selftest dma: no edu device (QEMU -device edu) on PCI\n");
		return false;
	}
	uint32_t bar = pci_config_read32(*edu, PCI_BAR0) & ~0xfu;
	if (!bar) {
		printk("selftest dma: edu at %02x:%02x.%x has no BAR0 address\n", edu->bus,
		       edu->device, edu->function);
		return false;
	}
	pci_config_write32(*edu, PCI_COMMAND, pci_config_read32(*edu, PCI_COMMAND) |
						      PCI_COMMAND_MEMORY | PCI_COMMAND_BUS_MASTER);
	edu_registers = (volatile uint8_t *)(uintptr_t)bar;
	printk("selftest dma: edu at %02x:%02x.%x (source id 0x%04x), registers at 0x%x, id 0x%x\n",
	       edu->bus, edu->device, edu->function, pci_source_id(*edu), bar,
	       *(volatile uint32_t *)(edu_registers + EDU_ID));
	return true;
}

/* Whether the unit recorded the edu's write to the hypervisor's page. */
static bool fault_recorded_for(struct pci_function edu, uint64_t address)
{
	struct vtd_fault faults[8];
	unsigned n = iommu_report_faults(faults, 8);
	for (unsigned i = 0; i < n && i < 8; i++)
		if (faults[i].source_id == pci_source_id(edu) && faults[i].address == address &&
		    !faults[i].read)
			return true;
	return false;
}

void selftest_dma(void)
{
	struct pci_function edu;
	if (!find_edu(&edu))
		return;
	uint64_t guest = guest_scratch_page(), hypervisor = (uint64_t)(uintptr_t)hypervisor_page;
	if (!guest || hypervisor + PAGE > EDU_REACH) {
		printk("selftest dma: no guest page or hypervisor page below the edu's reach (0x%llx)\n",
		       (unsigned long long)EDU_REACH);
		return;
	}
	volatile uint8_t *guest_page = (volatile uint8_t *)(uintptr_t)guest;
	for (unsigned i = 0; i < PAGE; i++)
		guest_page[i] = (uint8_t)(i * 7 + 1);
	memset(hypervisor_page, HYPERVISOR_FILL, PAGE);

	/* Guest page -> device buffer, clear the page, device buffer -> guest page. */
	bool done = edu_dma(guest, EDU_BUFFER, 0);
	for (unsigned i = 0; i < PAGE; i++)
		guest_page[i] = 0;
	done = done && edu_dma(EDU_BUFFER, guest, EDU_DMA_TO_RAM);
	/* Device buffer -> the hypervisor's page. */
	done = done && edu_dma(EDU_BUFFER, hypervisor, EDU_DMA_TO_RAM);
	if (!done) {
		printk("selftest dma: the edu did not finish a transfer\n");
		return;
	}
	bool guest_written = transfer_has_pattern(guest_page);
	bool hypervisor_kept = page_untouched(hypervisor_page);
	bool fault = iommu_confining() && fault_recorded_for(edu, hypervisor);
	printk("selftest dma: guest page 0x%llx %s\n", (unsigned long long)guest,
	       guest_written ? "written" : "NOT written");
	printk("selftest dma: hypervisor page 0x%llx %s\n", (unsigned long long)hypervisor,
	       hypervisor_kept ? "unchanged" : "OVERWRITTEN");
	printk("selftest dma: %s\n", fault ? "VT-d fault recorded for the edu's write"
					   : "no VT-d fault recorded");
	printk("selftest dma: %s\n",
	       guest_written && hypervisor_kept && fault ? "DMA confined"
	       : guest_written && !hypervisor_kept && !fault ? "DMA NOT confined"
							      : "unexpected outcome");
}
