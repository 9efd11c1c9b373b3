/* Parser of the multiboot (version 1) boot information (Multiboot
 * Specification 0.6.96, section 3.3), which QEMU's -kernel hands over (and
 * GRUB's `multiboot` command). Unlike multiboot2's one block, the
 * information is a structure of physical addresses: of the command line, the
 * memory map, the module list and each module's string. Everything is read
 * through a callback that bounds each access, so the parser is pure,
 * unit-tested and fuzzed on the host, and a damaged structure is an error
 * message, never a wild read. */
#ifndef BOOT_MULTIBOOT1_H
#define BOOT_MULTIBOOT1_H
#include <stddef.h>
#include <stdint.h>
#include "boot/boot_info.h"
#include "mm/ranges.h"

#define MULTIBOOT1_BOOTLOADER_MAGIC 0x2BADB002

/* Returns a pointer to `length` readable bytes at physical `address`, or NULL
 * (the shape of acpi_read_fn). */
typedef const uint8_t *(*multiboot1_read_fn)(void *ctx, uint64_t address, uint64_t length);

/* Parses the information structure at physical `info` into out (the command
 * line, the boot loader's name and each module's string point at the bytes
 * `read` returned), and adds to `used` every physical range the information
 * and the modules occupy. Each command line's first word is dropped: QEMU's
 * -kernel and -initrd and GRUB's multiboot and module commands put the
 * file's name there.
 * Without a memory map (flag 6) the map is made from mem_lower and
 * mem_upper (flag 0). Returns 0, or -1 with a message in err. */
int multiboot1_parse(uint64_t info, multiboot1_read_fn read, void *ctx, struct boot_info *out,
		     struct range_set *used, char *err, size_t err_size);

#endif
