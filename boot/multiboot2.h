/* Parser of the multiboot2 boot information (Multiboot2 specification,
 * section 3.6). Pure: unit-tested on the host with valid, truncated and
 * hostile inputs. Every length is checked before it is used, so a corrupt
 * block is an error message, never a read past its end. */
#ifndef BOOT_MULTIBOOT2_H
#define BOOT_MULTIBOOT2_H
#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289

#include "boot/boot_info.h"

/* UEFI spec 7.2, EFI_MEMORY_DESCRIPTOR field offsets and EFI_MEMORY_TYPE
 * values used here. */
#define EFI_DESC_TYPE 0
#define EFI_DESC_PHYSICAL_START 8
#define EFI_DESC_NUMBER_OF_PAGES 24
#define EFI_DESCRIPTOR_MIN_SIZE 40
#define EFI_PAGE_SIZE 4096
#define EFI_RESERVED_MEMORY_TYPE 0
#define EFI_LOADER_CODE 1
#define EFI_LOADER_DATA 2
#define EFI_BOOT_SERVICES_CODE 3
#define EFI_BOOT_SERVICES_DATA 4
#define EFI_CONVENTIONAL_MEMORY 7

/* Parses the information block at info, of which at most `available` bytes
 * may be read. Returns 0, or -1 with a message in err. */
int multiboot2_parse(const void *info, size_t available, struct boot_info *out,
		     char *err, size_t err_size);

/* What an EFI memory type is once boot services have exited (enum mem_type). */
uint32_t mem_type_of_efi_type(uint32_t efi_type);

#endif
