/* The guest's memory map and the multiboot (v1) image parser. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "guest/memory_map.h"
#include "guest/multiboot_image.h"
#include "mm/frames.h"
#include "vmx/exit_reasons.h"

#define MIB 0x100000ull

static void memory_map_reserves_the_hypervisor(void)
{
	const struct mem_region fw[] = {
		{ 0, 0x9f000, MEM_USABLE },
		{ 0x9f000, 0x1000, MEM_RESERVED },
		{ MIB, 511 * MIB, MEM_USABLE },
		{ 0xfffc0000, 0x40000, MEM_RESERVED },
	};
	struct range_set hv;
	range_set_clear(&hv);
	range_set_add(&hv, 128 * MIB, 128 * MIB + 0x15000);
	range_set_add(&hv, 494 * MIB, 512 * MIB);      /* touches the end of RAM */
	struct mem_region out[16];
	unsigned n = guest_memory_map(fw, 4, &hv, out, 16);
	CHECK(n == 7);
	CHECK(out[2].base == MIB && out[2].length == 127 * MIB && out[2].type == MEM_USABLE);
	CHECK(out[3].base == 128 * MIB && out[3].length == 0x15000 && out[3].type == MEM_RESERVED);
	CHECK(out[4].base == 128 * MIB + 0x15000 && out[4].type == MEM_USABLE);
	CHECK(out[4].base + out[4].length == 494 * MIB);
	CHECK(out[5].base == 494 * MIB && out[5].length == 18 * MIB && out[5].type == MEM_RESERVED);
	CHECK(out[6].type == MEM_RESERVED && out[6].base == 0xfffc0000);
	/* nothing usable overlaps the hypervisor */
	for (unsigned i = 0; i < n; i++)
		if (out[i].type == MEM_USABLE)
			CHECK(!range_set_overlaps(&hv, out[i].base, out[i].base + out[i].length));
	CHECK(guest_memory_map(fw, 4, &hv, out, 3) == 3);    /* bounded output */
}

/* One 48-byte EFI memory descriptor (UEFI spec 7.2) as GRUB passes them:
 * type, physical start, virtual start, pages, attribute, 8 bytes of padding
 * (marked, to see that they are carried along). */
static void efi_descriptor(uint8_t *d, uint32_t type, uint64_t base, uint64_t pages,
			   uint64_t attribute)
{
	memset(d, 0, 48);
	memcpy(d, &type, 4);
	memcpy(d + 8, &base, 8);
	memcpy(d + 24, &pages, 8);
	memcpy(d + 32, &attribute, 8);
	memset(d + 40, 0x5a, 8);
}

static uint32_t efi_type(const uint8_t *d) { uint32_t v; memcpy(&v, d, 4); return v; }
static uint64_t efi_base(const uint8_t *d) { uint64_t v; memcpy(&v, d + 8, 8); return v; }
static uint64_t efi_end(const uint8_t *d)
{
	uint64_t pages;
	memcpy(&pages, d + 24, 8);
	return efi_base(d) + pages * 4096;
}

#define EFI_WB 0x8ull
#define EFI_RUNTIME 0x8000000000000000ull

static void efi_memory_map_reserves_the_hypervisor(void)
{
	uint8_t fw[7 * 48];
	efi_descriptor(fw + 0 * 48, 7, 0, 0xa0, EFI_WB);                  /* conventional */
	efi_descriptor(fw + 1 * 48, 5, 0x800000, 0x10, EFI_WB | EFI_RUNTIME); /* RT code */
	efi_descriptor(fw + 2 * 48, 9, 16 * MIB, 0x10, EFI_WB);           /* ACPI reclaim */
	efi_descriptor(fw + 3 * 48, 10, 17 * MIB, 0x10, EFI_WB);          /* ACPI NVS */
	efi_descriptor(fw + 4 * 48, 7, 32 * MIB, (256 - 32) * MIB / 4096, EFI_WB);
	efi_descriptor(fw + 5 * 48, 4, 256 * MIB, 0x100, EFI_WB);         /* boot services data */
	efi_descriptor(fw + 6 * 48, 11, 0xfec00000, 1, EFI_RUNTIME);      /* MMIO */
	struct efi_memory_map map = { fw, sizeof(fw), 48, 1 };
	struct range_set hv;
	range_set_clear(&hv);
	range_set_add(&hv, 128 * MIB, 128 * MIB + 0x28000);     /* the image */
	range_set_add(&hv, 156 * MIB, 158 * MIB);               /* the pool */
	range_set_add(&hv, 256 * MIB + 0x80000, 256 * MIB + 0x80800);  /* not page-aligned */
	uint8_t out[16 * 48];
	size_t size = guest_efi_memory_map(&map, &hv, out, sizeof(out));
	CHECK(size == 13 * 48);
	/* Descriptors the guest may not use as RAM are copied byte for byte. */
	CHECK(memcmp(out, fw, 4 * 48) == 0);
	CHECK(memcmp(out + 12 * 48, fw + 6 * 48, 48) == 0);
	/* The conventional memory around the image and the pool. */
	static const struct { uint32_t type; uint64_t base, end; } want[] = {
		{ 7, 32 * MIB, 128 * MIB }, { 0, 128 * MIB, 128 * MIB + 0x28000 },
		{ 7, 128 * MIB + 0x28000, 156 * MIB }, { 0, 156 * MIB, 158 * MIB },
		{ 7, 158 * MIB, 256 * MIB },
		{ 4, 256 * MIB, 256 * MIB + 0x80000 }, { 0, 256 * MIB + 0x80000, 256 * MIB + 0x81000 },
		{ 4, 256 * MIB + 0x81000, 257 * MIB },
	};
	for (unsigned i = 0; i < 8; i++) {
		const uint8_t *d = out + (4 + i) * 48;
		CHECK(efi_type(d) == want[i].type);
		CHECK(efi_base(d) == want[i].base && efi_end(d) == want[i].end);
		CHECK(memcmp(d + 32, fw + 4 * 48 + 32, 16) == 0);  /* attribute and padding kept */
	}
	/* Nothing the guest may use overlaps the hypervisor. */
	for (unsigned i = 0; i < 13; i++) {
		const uint8_t *d = out + i * 48;
		if (mem_type_of_efi_type(efi_type(d)) == MEM_USABLE)
			CHECK(!range_set_overlaps(&hv, efi_base(d), efi_end(d)));
	}
	/* Too small a buffer: nothing half-written is passed on. */
	CHECK(guest_efi_memory_map(&map, &hv, out, 12 * 48 + 47) == 0);
	/* A descriptor size other than 48 is kept. */
	uint8_t wide[2 * 56] = { 0 };
	memcpy(wide, fw + 4 * 48, 48);
	memcpy(wide + 56, fw + 2 * 48, 48);
	struct efi_memory_map wide_map = { wide, sizeof(wide), 56, 1 };
	CHECK(guest_efi_memory_map(&wide_map, &hv, out, sizeof(out)) == 6 * 56);
	CHECK(efi_type(out + 5 * 56) == 9 && efi_base(out + 5 * 56) == 16 * MIB);
}

/* Under UEFI the hypervisor's pool comes from EfiConventionalMemory only,
 * and the guest's loaders keep out of boot-services memory: OVMF's memory
 * attributes table lies in boot-services data at the top of RAM (where a
 * top-down allocator would otherwise start), and the EFI configuration table
 * still points to it when Linux starts. The map the guest gets keeps that
 * descriptor as it was. */
static void efi_pool_from_conventional_memory_only(void)
{
	uint8_t fw[7 * 48];
	efi_descriptor(fw + 0 * 48, 7, 0, 0xa0, EFI_WB);                  /* conventional */
	efi_descriptor(fw + 1 * 48, 2, 1 * MIB, 0x100, EFI_WB);           /* loader data */
	efi_descriptor(fw + 2 * 48, 7, 2 * MIB, (472 - 2) * MIB / 4096, EFI_WB);
	efi_descriptor(fw + 3 * 48, 2, 472 * MIB, 8 * MIB / 4096, EFI_WB); /* loader data */
	efi_descriptor(fw + 4 * 48, 3, 480 * MIB, 8 * MIB / 4096, EFI_WB); /* boot services code */
	efi_descriptor(fw + 5 * 48, 4, 488 * MIB, 16 * MIB / 4096, EFI_WB); /* BS data: tables */
	efi_descriptor(fw + 6 * 48, 6, 504 * MIB, 8 * MIB / 4096, EFI_WB | EFI_RUNTIME);
	struct efi_memory_map map = { fw, sizeof(fw), 48, 1 };
	/* What the multiboot2 parser makes of it: one usable run to 504 MiB. */
	const struct mem_region regions[] = {
		{ 0, 0xa0000, MEM_USABLE }, { 1 * MIB, 503 * MIB, MEM_USABLE },
		{ 504 * MIB, 8 * MIB, MEM_RESERVED },
	};
	struct range_set firmware, loader;
	CHECK(efi_ranges_of_types(&firmware, &map, EFI_BOOT_SERVICES_MEMORY));
	CHECK(firmware.count == 1 && firmware.r[0].base == 480 * MIB &&
	      firmware.r[0].end == 504 * MIB);
	CHECK(efi_ranges_of_types(&loader, &map, EFI_LOADER_MEMORY));
	CHECK(loader.count == 2 && loader.r[0].base == 1 * MIB && loader.r[0].end == 2 * MIB &&
	      loader.r[1].base == 472 * MIB && loader.r[1].end == 480 * MIB);

	static struct frame_allocator fa;
	frames_init(&fa, regions, 3, 512 * MIB);
	for (unsigned i = 0; i < firmware.count; i++)
		CHECK(frames_reserve(&fa, firmware.r[i].base, firmware.r[i].end));
	for (unsigned i = 0; i < loader.count; i++)
		CHECK(frames_reserve(&fa, loader.r[i].base, loader.r[i].end));
	uint64_t pool = frames_alloc(&fa, 16 * MIB / 4096, 2 * MIB);
	CHECK(pool == 456 * MIB);               /* the top of conventional memory */

	struct range_set hv;
	range_set_clear(&hv);
	range_set_add(&hv, pool, pool + 16 * MIB);
	uint8_t out[8 * 48];
	CHECK(guest_efi_memory_map(&map, &hv, out, sizeof(out)) == 8 * 48);
	CHECK(efi_type(out + 3 * 48) == EFI_RESERVED_MEMORY_TYPE && efi_base(out + 3 * 48) == pool);
	/* loader data, BS code, BS data, runtime: as they were */
	CHECK(memcmp(out + 4 * 48, fw + 3 * 48, 4 * 48) == 0);

	/* A BIOS boot has no EFI map: nothing to keep out. */
	struct efi_memory_map none = { NULL, 0, 0, 0 };
	CHECK(efi_ranges_of_types(&firmware, &none, EFI_BOOT_SERVICES_MEMORY) && firmware.count == 0);
	/* A map too fragmented to record is an error, not a partial set. */
	static uint8_t many[(RANGE_SET_MAX + 1) * 2 * 48];
	for (unsigned i = 0; i < (RANGE_SET_MAX + 1) * 2; i++)
		efi_descriptor(many + i * 48, i % 2 ? 7 : 4, i * 2 * 4096ull, 1, EFI_WB);
	struct efi_memory_map fragmented = { many, sizeof(many), 48, 1 };
	CHECK(!efi_ranges_of_types(&firmware, &fragmented, EFI_BOOT_SERVICES_MEMORY));
	/* Types beyond the mask's 32 bits (OEM and OS ranges) are never taken. */
	efi_descriptor(many, 0x80000004u, 0, 1, EFI_WB);
	struct efi_memory_map oem = { many, 48, 48, 1 };
	CHECK(efi_ranges_of_types(&firmware, &oem, EFI_BOOT_SERVICES_MEMORY) && firmware.count == 0);
}

/* A minimal ELF32 multiboot kernel: header, one program header, code. */
static uint8_t *make_elf32(size_t *size, uint32_t paddr, uint32_t vaddr, uint32_t entry)
{
	*size = 0x1000 + 64;
	uint8_t *img = calloc(1, *size);
	memcpy(img, "\177ELF", 4);
	img[4] = 1;  img[5] = 1;  img[6] = 1;
	uint16_t v16;
	uint32_t v32;
	v16 = 2; memcpy(img + 16, &v16, 2);            /* ET_EXEC */
	v16 = 3; memcpy(img + 18, &v16, 2);            /* EM_386 */
	memcpy(img + 24, &entry, 4);
	v32 = 52; memcpy(img + 28, &v32, 4);           /* phoff */
	v16 = 32; memcpy(img + 42, &v16, 2);           /* phentsize */
	v16 = 1; memcpy(img + 44, &v16, 2);            /* phnum */
	uint32_t ph[8] = { 1, 0x1000, vaddr, paddr, 64, 0x2000, 5, 0x1000 };
	memcpy(img + 52, ph, sizeof(ph));
	uint32_t header[3] = { MULTIBOOT_HEADER_MAGIC, 3, (uint32_t)-(MULTIBOOT_HEADER_MAGIC + 3) };
	memcpy(img + 0x1000, header, sizeof(header));
	return img;
}

static void multiboot_elf_parsed(void)
{
	size_t size;
	uint8_t *img = make_elf32(&size, 0x100000, 0xc0100000, 0xc0100010);
	struct multiboot_image mb;
	char err[128];
	CHECK(multiboot_image_has_header(img, size));
	CHECK(multiboot_image_parse(img, size, &mb, err, sizeof(err)) == 0);
	CHECK(mb.header_flags == 3);
	CHECK(mb.entry == 0x100010);           /* virtual entry translated */
	CHECK(mb.segment_count == 1);
	CHECK(mb.segments[0].dest == 0x100000 && mb.segments[0].file_size == 64 &&
	      mb.segments[0].mem_size == 0x2000);
	CHECK(mb.lowest == 0x100000 && mb.highest == 0x102000);
	free(img);
}

static void expect_refused(uint8_t *img, size_t size, const char *fragment)
{
	struct multiboot_image mb;
	char err[128] = "";
	uint8_t *copy = malloc(size);
	memcpy(copy, img, size);
	CHECK(multiboot_image_parse(copy, size, &mb, err, sizeof(err)) == -1);
	if (!strstr(err, fragment)) {
		printf("    error \"%s\", expected \"%s\"\n", err, fragment);
		unit_failures_in_test++;
	}
	free(copy);
}

static void hostile_images_refused(void)
{
	size_t size;
	uint8_t *img = make_elf32(&size, 0x100000, 0x100000, 0x100010);
	uint32_t v32;

	expect_refused(img, 0x1000, "no multiboot header");     /* header cut off */
	v32 = 0x10000000; memcpy(img + 52 + 4, &v32, 4);        /* segment offset past end */
	expect_refused(img, size, "past the end");
	v32 = 0x1000; memcpy(img + 52 + 4, &v32, 4);
	v32 = 0x3000; memcpy(img + 52 + 16, &v32, 4);           /* filesz > memsz */
	expect_refused(img, size, "file size above memory size");
	v32 = 64; memcpy(img + 52 + 16, &v32, 4);
	v32 = 0xfffff000; memcpy(img + 52 + 12, &v32, 4);       /* crosses 4 GiB */
	expect_refused(img, size, "below 4 GiB");
	v32 = 0x100000; memcpy(img + 52 + 12, &v32, 4);
	v32 = 0x900000; memcpy(img + 24, &v32, 4);              /* entry outside */
	expect_refused(img, size, "entry point outside");
	v32 = 0x100010; memcpy(img + 24, &v32, 4);
	uint16_t v16 = 0xffff; memcpy(img + 44, &v16, 2);       /* phnum huge */
	expect_refused(img, size, "program headers outside");
	v16 = 1; memcpy(img + 44, &v16, 2);
	img[18] = 40;                                           /* ARM */
	expect_refused(img, size, "not for x86");
	img[18] = 3;
	memcpy(img, "MZ\0\0", 4);
	expect_refused(img, size, "not an ELF");
	free(img);
}

static void exit_reason_names(void)
{
	CHECK(strcmp(exit_reason_name(EXIT_REASON_EPT_VIOLATION), "EPT violation") == 0);
	CHECK(strcmp(exit_reason_name(EXIT_REASON_CPUID), "CPUID") == 0);
	CHECK(strcmp(exit_reason_name(35), "unknown") == 0);
	CHECK(strcmp(exit_reason_name(1000), "unknown") == 0);
}

const struct unit_test guest_loading_tests[] = {
	{ "memory_map_reserves_the_hypervisor", memory_map_reserves_the_hypervisor },
	{ "efi_memory_map_reserves_the_hypervisor", efi_memory_map_reserves_the_hypervisor },
	{ "efi_pool_from_conventional_memory_only", efi_pool_from_conventional_memory_only },
	{ "multiboot_elf_parsed", multiboot_elf_parsed },
	{ "hostile_images_refused", hostile_images_refused },
	{ "exit_reason_names", exit_reason_names },
};
const unsigned guest_loading_test_count = sizeof(guest_loading_tests) / sizeof(guest_loading_tests[0]);
