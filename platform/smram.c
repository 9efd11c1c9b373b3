/* See smram.h. */
#include "platform/smram.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/pci_config.h"
#include "lib/spinlock.h"
#include "platform/io_ports.h"

#define SMRAM_D_OPEN 0x40
#define SMRAM_D_LCK 0x10
#define SMRAM_G_SMRAME 0x08
#define CONFIG_ADDRESS_FIELDS 0x80fffffcu       /* enable, bus, device, function, dword */

struct host_bridge {
	uint32_t id;            /* device << 16 | vendor */
	uint8_t smram;          /* SMRAM control; the extended one follows it */
	const char *name;
};

static const struct host_bridge known_bridges[] = {
	{ 0x12378086, 0x72, "i440FX" },
	{ 0x71908086, 0x72, "440BX" },
	{ 0x71928086, 0x72, "440BX" },
	{ 0x29c08086, 0x9d, "Q35" },
};

static const struct pci_function host_bridge_function = { 0, 0, 0 };
static const struct host_bridge *bridge;
static struct spinlock config_lock;     /* CONFIG_ADDRESS and the data access after it */

static void lock_smram(void)
{
	uint8_t found = pci_config_read8(host_bridge_function, bridge->smram);
	if (found & SMRAM_D_LCK) {
		printk("smram: %s SMRAM control 0x%02x: locked by the firmware\n", bridge->name,
		       found);
		return;
	}
	pci_config_write8(host_bridge_function, bridge->smram,
			  (uint8_t)((found & ~SMRAM_D_OPEN) | SMRAM_D_LCK));
	uint8_t now = pci_config_read8(host_bridge_function, bridge->smram);
	if (now & SMRAM_D_LCK)
		printk("smram: %s SMRAM control 0x%02x: the firmware left it unlocked; locked now "
		       "(0x%02x)\n", bridge->name, found, now);
	else
		printk("smram: WARNING: %s SMRAM control 0x%02x: unlocked, and it did not take the "
		       "lock (0x%02x): SMM code is within the guest's reach\n", bridge->name, found,
		       now);
}

/* CONFIG_ADDRESS: the dword is the chipset's register (its other widths
 * are bytes of 0xcf8-0xcfb, 0xcf9 the reset control among them). */
static void config_address_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	if (a->size == 4) {
		spin_lock(&config_lock);
		io_pass_through(a, value);
		spin_unlock(&config_lock);
	} else if (a->size == 1) {
		io_pass_through(a, value);
	} else {
		io_access_bytewise(v, a, value);
	}
}

/* A write through the data ports keeps the SMRAM control bytes (the
 * register and the extended one after it) as they are. */
static void keep_smram_bytes(const struct io_access *a, uint32_t *value)
{
	uint32_t selected = inl(PCI_CONFIG_ADDRESS_PORT) & CONFIG_ADDRESS_FIELDS;
	if (selected != pci_config_address(host_bridge_function, bridge->smram))
		return;
	uint32_t current = inl(PCI_CONFIG_DATA_PORT);
	unsigned first = a->port - PCI_CONFIG_DATA_PORT;
	for (unsigned b = bridge->smram & 3; b <= (bridge->smram & 3) + 1u; b++) {
		if (b < first || b >= first + a->size)
			continue;
		unsigned shift = 8 * (b - first);
		*value = (*value & ~(0xffu << shift)) | (((current >> (8 * b)) & 0xff) << shift);
	}
}

static void config_data_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	(void)v;
	spin_lock(&config_lock);
	if (!a->in)
		keep_smram_bytes(a, value);
	io_pass_through(a, value);
	spin_unlock(&config_lock);
}

static const struct host_bridge *find_bridge(uint32_t id)
{
	for (unsigned i = 0; i < sizeof(known_bridges) / sizeof(known_bridges[0]); i++)
		if (known_bridges[i].id == id)
			return &known_bridges[i];
	return 0;
}

void smram_init(struct vmx_bitmaps *b)
{
	io_intercept_port(b, PCI_CONFIG_ADDRESS_PORT, config_address_access);
	uint32_t id = pci_config_read32(host_bridge_function, 0);
	bridge = find_bridge(id);
	if (!bridge) {
		printk("smram: WARNING: host bridge %04x:%04x is not one whose SMRAM control the "
		       "hypervisor knows: SMRAM is as the firmware left it (real firmware locks it)\n",
		       id & 0xffff, id >> 16);
		return;
	}
	lock_smram();
	for (uint16_t port = PCI_CONFIG_DATA_PORT; port < PCI_CONFIG_DATA_PORT + 4; port++)
		io_intercept_port(b, port, config_data_access);
}
