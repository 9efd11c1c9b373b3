/* PCI configuration space through the legacy ports 0xcf8/0xcfc (PCI Local
 * Bus spec 3.0, 3.2.2.3.2: configuration mechanism #1), segment 0 only. */
#ifndef ARCH_PCI_CONFIG_H
#define ARCH_PCI_CONFIG_H
#include <stdbool.h>
#include <stdint.h>

#define PCI_CONFIG_ADDRESS_PORT 0xcf8
#define PCI_CONFIG_DATA_PORT 0xcfc
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_BUS_MASTER (1u << 2)
#define PCI_BAR0 0x10

struct pci_function {
	uint8_t bus, device, function;
};

/* The CONFIG_ADDRESS value that selects the dword of `offset`. */
uint32_t pci_config_address(struct pci_function f, uint8_t offset);
uint32_t pci_config_read32(struct pci_function f, uint8_t offset);
void pci_config_write32(struct pci_function f, uint8_t offset, uint32_t value);
uint8_t pci_config_read8(struct pci_function f, uint8_t offset);
void pci_config_write8(struct pci_function f, uint8_t offset, uint8_t value);
/* Searches every bus, device and function for vendor:device. */
bool pci_find(uint16_t vendor, uint16_t device, struct pci_function *out);
/* The requester id a remapping unit sees (VT-d 3.4.1): bus, device, function. */
uint16_t pci_source_id(struct pci_function f);

#endif
