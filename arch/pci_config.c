/* See pci_config.h. */
#include "arch/pci_config.h"
#include "arch/cpu.h"

#define CONFIG_ADDRESS PCI_CONFIG_ADDRESS_PORT
#define CONFIG_DATA PCI_CONFIG_DATA_PORT
#define CONFIG_ENABLE (1u << 31)
#define PCI_ID 0x00
#define PCI_HEADER_TYPE 0x0c            /* the byte at 0x0e, in this dword's bits 23:16 */
#define HEADER_MULTI_FUNCTION (1u << 23)
#define NO_DEVICE 0xffff

uint32_t pci_config_address(struct pci_function f, uint8_t offset)
{
	return CONFIG_ENABLE | (uint32_t)f.bus << 16 | (uint32_t)f.device << 11 |
	       (uint32_t)f.function << 8 | (offset & 0xfc);
}

uint32_t pci_config_read32(struct pci_function f, uint8_t offset)
{
	outl(CONFIG_ADDRESS, pci_config_address(f, offset));
	return inl(CONFIG_DATA);
}

void pci_config_write32(struct pci_function f, uint8_t offset, uint32_t value)
{
	outl(CONFIG_ADDRESS, pci_config_address(f, offset));
	outl(CONFIG_DATA, value);
}

/* A byte at `offset`: the data port's byte (offset & 3), 0xcfc + 0-3. */
uint8_t pci_config_read8(struct pci_function f, uint8_t offset)
{
	outl(CONFIG_ADDRESS, pci_config_address(f, offset));
	return inb((uint16_t)(CONFIG_DATA + (offset & 3)));
}

void pci_config_write8(struct pci_function f, uint8_t offset, uint8_t value)
{
	outl(CONFIG_ADDRESS, pci_config_address(f, offset));
	outb((uint16_t)(CONFIG_DATA + (offset & 3)), value);
}

bool pci_find(uint16_t vendor, uint16_t device, struct pci_function *out)
{
	uint32_t wanted = (uint32_t)device << 16 | vendor;
	for (unsigned bus = 0; bus < 256; bus++) {
		for (uint8_t dev = 0; dev < 32; dev++) {
			struct pci_function f = { (uint8_t)bus, dev, 0 };
			uint32_t id = pci_config_read32(f, PCI_ID);
			if ((id & 0xffff) == NO_DEVICE)
				continue;
			bool multi = pci_config_read32(f, PCI_HEADER_TYPE) & HEADER_MULTI_FUNCTION;
			for (uint8_t fn = 0; fn < (multi ? 8 : 1); fn++) {
				f.function = fn;
				if (pci_config_read32(f, PCI_ID) == wanted) {
					*out = f;
					return true;
				}
			}
		}
	}
	return false;
}

uint16_t pci_source_id(struct pci_function f)
{
	return (uint16_t)(f.bus << 8 | f.device << 3 | f.function);
}
