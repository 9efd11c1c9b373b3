/* Parser of the multiboot2 boot information (Multiboot2 specification,
 * section 3.6). Pure: unit-tested on the host with valid, truncated and
 * hostile inputs. Every length is checked before it is used, so a corrupt
 * block is an error message, never a read past its end. */
#ifndef BOOT_MULTIBOOT2_H
#define BOOT_MULTIBOOT2_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289

/* Memory types, numbered as in the multiboot2 and e820 maps. */
enum mem_type {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIMABLE = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
};

#define BOOT_MAX_REGIONS 128
#define BOOT_MAX_MODULES 16

struct mem_region {
	uint64_t base;
	uint64_t length;
	uint32_t type;          /* enum mem_type */
};

struct boot_module {
	uint64_t start;
	uint64_t end;           /* exclusive */
	const char *cmdline;
};

struct boot_info {
	uint32_t info_size;
	const char *cmdline;
	const char *loader_name;
	bool memory_map_from_efi;
	unsigned region_count;
	struct mem_region regions[BOOT_MAX_REGIONS];   /* sorted by base */
	unsigned module_count;
	struct boot_module modules[BOOT_MAX_MODULES];
	const void *rsdp;       /* the copy in the information block, or NULL */
	uint32_t rsdp_length;
	uint8_t rsdp_revision;  /* 0: ACPI 1.0 RSDP, 2: ACPI 2.0+ XSDP */
	uint64_t efi_system_table;
	bool efi_boot_services_active;
};

/* Parses the information block at info, of which at most `available` bytes
 * may be read. Returns 0, or -1 with a message in err. */
int multiboot2_parse(const void *info, size_t available, struct boot_info *out,
		     char *err, size_t err_size);

const char *mem_type_name(uint32_t type);

#endif
