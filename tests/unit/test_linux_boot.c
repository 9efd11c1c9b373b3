/* The bzImage setup-header parser, the zero page, and the ACPI FADT walk. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "arch/acpi.h"
#include "guest/acpi_tables.h"
#include "arch/madt.h"
#include "guest/bzimage.h"
#include "guest/linux_placement.h"

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* A bzImage like Debian's: 39 setup sectors, protocol 2.15. */
static uint8_t *make_bzimage(size_t *size)
{
	*size = 40 * 512 + 8192;
	uint8_t *img = calloc(1, *size);
	img[0x1f1] = 39;
	put16(img + 0x1fe, 0xaa55);
	img[0x201] = 0x6a;                       /* header ends at 0x26c */
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020f);
	img[0x211] = 0x01;                       /* LOADED_HIGH */
	put32(img + 0x22c, 0x7fffffff);
	put32(img + 0x230, 0x200000);
	img[0x234] = 1;
	put32(img + 0x238, 0x7ff);
	put64(img + 0x258, 0x1000000);
	put32(img + 0x260, 0x3377000);
	return img;
}

static void parse_valid(void)
{
	size_t size;
	uint8_t *img = make_bzimage(&size);
	struct bzimage bz;
	char err[128];
	CHECK(bzimage_parse(img, size, &bz, err, sizeof(err)) == 0);
	CHECK(bz.protocol == 0x020f && bz.relocatable && bz.alignment == 0x200000);
	CHECK(bz.kernel_offset == 40 * 512 && bz.kernel_size == 8192);
	CHECK(bz.pref_address == 0x1000000 && bz.init_size == 0x3377000);
	free(img);
}

static void refuse(uint8_t *img, size_t size, const char *fragment)
{
	struct bzimage bz;
	char err[128] = "";
	CHECK(bzimage_parse(img, size, &bz, err, sizeof(err)) == -1);
	if (!strstr(err, fragment)) {
		printf("    error \"%s\", expected \"%s\"\n", err, fragment);
		unit_failures_in_test++;
	}
}

static void parse_refuses_bad_headers(void)
{
	size_t size;
	uint8_t *img = make_bzimage(&size);
	refuse(img, 0x200, "too small");
	memcpy(img + 0x202, "HdrX", 4);
	refuse(img, size, "no setup header");
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x0209);
	refuse(img, size, "boot protocol 2.09 is older than 2.10");
	put16(img + 0x206, 0x020f);
	img[0x211] = 0;
	refuse(img, size, "LOADED_HIGH");
	img[0x211] = 1;
	img[0x1f1] = 200;                        /* setup past the end */
	refuse(img, size, "past the end");
	img[0x1f1] = 39;
	put32(img + 0x230, 0x300000);
	refuse(img, size, "power of two");
	put32(img + 0x230, 0x200000);
	put32(img + 0x260, 100);
	refuse(img, size, "init_size");
	free(img);
}

static void zero_page(void)
{
	size_t size;
	uint8_t *img = make_bzimage(&size);
	struct bzimage bz;
	char err[128];
	CHECK(bzimage_parse(img, size, &bz, err, sizeof(err)) == 0);
	struct mem_region e820[3] = {
		{ 0, 0x9f000, MEM_USABLE }, { 0x100000, 0x7f00000, MEM_USABLE },
		{ 0x8000000, 0x20000, MEM_RESERVED },
	};
	struct linux_layout l = { .kernel_address = 0x1000000, .cmdline_address = 0x11000,
				  .initrd_address = 0x1fe0b000, .initrd_size = 1983828,
				  .rsdp_address = 0x12100, .e820 = e820, .e820_count = 3 };
	uint8_t *bp = calloc(1, BOOT_PARAMS_SIZE);
	bzimage_fill_boot_params(bp, img, &bz, &l);
	CHECK(bp[0x1f1] == 39 && memcmp(bp + 0x202, "HdrS", 4) == 0);   /* header copied */
	CHECK(bp[0x210] == 0xff);                                      /* type_of_loader */
	CHECK(get32(bp + 0x214) == 0x1000000);                         /* code32_start */
	CHECK(get32(bp + 0x228) == 0x11000);                           /* cmd_line_ptr */
	CHECK(get32(bp + 0x218) == 0x1fe0b000 && get32(bp + 0x21c) == 1983828);
	CHECK(get64(bp + 0x70) == 0x12100);                            /* acpi_rsdp_addr */
	CHECK(bp[0x1e8] == 3);                                         /* e820_entries */
	CHECK(get64(bp + 0x2d0 + 20) == 0x100000 && get64(bp + 0x2d0 + 28) == 0x7f00000);
	CHECK(get32(bp + 0x2d0 + 40 + 16) == MEM_RESERVED);
	/* A BIOS boot: no screen_info, no efi_info, as before UEFI support. */
	for (unsigned i = 0; i < 0x40; i++)
		CHECK(bp[i] == 0);
	for (unsigned i = 0x1c0; i < 0x1e0; i++)
		CHECK(bp[i] == 0);
	free(bp);
	free(img);
}

static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

/* A zero page for the layout, with everything but the screen and EFI zero. */
static uint8_t *zero_page_for(const struct linux_layout *l)
{
	size_t size;
	uint8_t *img = make_bzimage(&size);
	struct bzimage bz;
	char err[128];
	CHECK(bzimage_parse(img, size, &bz, err, sizeof(err)) == 0);
	uint8_t *bp = calloc(1, BOOT_PARAMS_SIZE);
	bzimage_fill_boot_params(bp, img, &bz, l);
	free(img);
	return bp;
}

static void screen_info_from_the_framebuffer(void)
{
	/* GOP 1024x768 BGRX above 4 GiB (a large BAR). */
	struct framebuffer fb = { .present = true, .type = FRAMEBUFFER_RGB, .bpp = 32,
				  .address = 0x4000000000ull + 0x1000000, .pitch = 4096,
				  .width = 1024, .height = 768, .red = { 16, 8 },
				  .green = { 8, 8 }, .blue = { 0, 8 } };
	struct linux_layout l = { .kernel_address = 0x1000000, .framebuffer = &fb };
	uint8_t *bp = zero_page_for(&l);
	CHECK(bp[0x0f] == 0x70);                                        /* VIDEO_TYPE_EFI */
	CHECK(get16(bp + 0x12) == 1024 && get16(bp + 0x14) == 768 && get16(bp + 0x16) == 32);
	CHECK(get32(bp + 0x18) == 0x1000000 && get32(bp + 0x3a) == 0x40);  /* lfb_base, ext */
	CHECK(get32(bp + 0x36) == 2);                     /* VIDEO_CAPABILITY_64BIT_BASE */
	CHECK(get32(bp + 0x1c) == 4096 * 768);                          /* lfb_size, bytes */
	CHECK(get16(bp + 0x24) == 4096);                                /* lfb_linelength */
	static const uint8_t fields[8] = { 8, 16, 8, 8, 8, 0, 8, 24 };  /* size, pos: R G B X */
	CHECK(memcmp(bp + 0x26, fields, 8) == 0);
	CHECK(memcmp(bp + 0x1c0, "\0\0\0\0", 4) == 0);                /* no efi_info */
	free(bp);

	/* 16 bpp 5:6:5 below 4 GiB: no high base, no reserved bits. */
	fb = (struct framebuffer){ .present = true, .type = FRAMEBUFFER_RGB, .bpp = 16,
				   .address = 0xc0000000, .pitch = 1600, .width = 800,
				   .height = 600, .red = { 11, 5 }, .green = { 5, 6 },
				   .blue = { 0, 5 } };
	bp = zero_page_for(&l);
	CHECK(bp[0x0f] == 0x70 && get32(bp + 0x18) == 0xc0000000);
	CHECK(get32(bp + 0x3a) == 0 && get32(bp + 0x36) == 0);
	static const uint8_t fields16[8] = { 5, 11, 6, 5, 5, 0, 0, 16 };
	CHECK(memcmp(bp + 0x26, fields16, 8) == 0);
	free(bp);

	/* VGA text mode (a BIOS boot), and a pitch screen_info cannot hold: none. */
	fb = (struct framebuffer){ .present = true, .type = FRAMEBUFFER_EGA_TEXT, .bpp = 16,
				   .address = 0xb8000, .pitch = 160, .width = 80, .height = 25 };
	bp = zero_page_for(&l);
	CHECK(bp[0x0f] == 0 && get32(bp + 0x18) == 0);
	free(bp);
	fb = (struct framebuffer){ .present = true, .type = FRAMEBUFFER_RGB, .bpp = 32,
				   .address = 0x80000000, .pitch = 0x10000, .width = 0x4000,
				   .height = 16, .red = { 16, 8 }, .green = { 8, 8 },
				   .blue = { 0, 8 } };
	bp = zero_page_for(&l);
	CHECK(bp[0x0f] == 0 && get32(bp + 0x18) == 0);
	free(bp);
}

static void efi_info_encoding(void)
{
	struct linux_layout l = { .kernel_address = 0x1000000,
				  .efi_system_table = 0x17ff5e018ull, .efi_map_address = 0x18000,
				  .efi_map_size = 13 * 48, .efi_descriptor_size = 48,
				  .efi_descriptor_version = 1 };
	uint8_t *bp = zero_page_for(&l);
	CHECK(memcmp(bp + 0x1c0, "EL64", 4) == 0);                     /* efi_loader_signature */
	CHECK(get32(bp + 0x1c4) == 0x7ff5e018 && get32(bp + 0x1d8) == 1);  /* efi_systab, _hi */
	CHECK(get32(bp + 0x1c8) == 48 && get32(bp + 0x1cc) == 1);       /* memdesc size, version */
	CHECK(get32(bp + 0x1d0) == 0x18000 && get32(bp + 0x1dc) == 0);  /* efi_memmap, _hi */
	CHECK(get32(bp + 0x1d4) == 13 * 48);                            /* efi_memmap_size */
	CHECK(bp[0x0f] == 0);                                           /* no screen given */
	free(bp);
}

/* The kernel at its preferred address when that is RAM, else relocated to
 * the lowest aligned place from 16 MiB; the initrd as high as allowed. */
static void placement(void)
{
	static struct range_set ram;
	struct bzimage bz = { .protocol = 0x020f, .relocatable = true, .alignment = 0x200000,
			      .pref_address = 0x1000000, .init_size = 0x2800000,
			      .initrd_addr_max = 0x7fffffff };
	char err[128];
	uint64_t kernel = 0, initrd = 0;
	range_set_clear(&ram);
	range_set_add(&ram, 0x100000, 0x20000000);
	CHECK(linux_place_kernel(&bz, &ram, &kernel, err, sizeof(err)) == 0 && kernel == 0x1000000);
	CHECK(linux_place_initrd(&bz, &ram, 0x800000, kernel, kernel + bz.init_size, &initrd, err,
				 sizeof(err)) == 0 && initrd == 0x20000000 - 0x800000);
	/* the preferred place taken: relocated to the next aligned free place */
	range_set_remove(&ram, 0x1000000, 0x2100000);
	CHECK(linux_place_kernel(&bz, &ram, &kernel, err, sizeof(err)) == 0 && kernel == 0x2200000);
	bz.relocatable = false;
	CHECK(linux_place_kernel(&bz, &ram, &kernel, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not relocatable") != NULL);
}

/* RAM up to the top of the address space: aligning up or adding init_size
 * must not wrap to address 0 (found by the linux_placement fuzz target). */
static void placement_never_wraps(void)
{
	static struct range_set ram;
	struct bzimage bz = { .protocol = 0x020f, .relocatable = true, .alignment = 0x200000,
			      .pref_address = 0, .init_size = 0x2000000 };
	char err[128];
	uint64_t kernel = 0x1234;
	range_set_clear(&ram);
	range_set_add(&ram, 0xfffffffffff00000ull, 0xffffffffffffffffull);
	CHECK(linux_place_kernel(&bz, &ram, &kernel, err, sizeof(err)) == -1);
	CHECK(strstr(err, "no room") != NULL && kernel == 0x1234);
	range_set_clear(&ram);
	range_set_add(&ram, 0xffffffffff000000ull, 0xffffffffffffffffull);
	bz.alignment = 0x1000;
	CHECK(linux_place_kernel(&bz, &ram, &kernel, err, sizeof(err)) == -1);
}

/* A physical memory of 64 KiB for the ACPI tables. */
static uint8_t phys[65536];

static const uint8_t *read_phys(void *ctx, uint64_t address, uint64_t length)
{
	(void)ctx;
	if (address + length < address || address + length > sizeof(phys))
		return NULL;
	return phys + address;
}

static void fix_checksum(uint8_t *p, size_t length, size_t at)
{
	uint8_t sum = 0;
	p[at] = 0;
	for (size_t i = 0; i < length; i++)
		sum = (uint8_t)(sum + p[i]);
	p[at] = (uint8_t)-sum;
}

static void make_tables(uint8_t *rsdp)
{
	memset(phys, 0, sizeof(phys));
	memset(rsdp, 0, 20);
	memcpy(rsdp, "RSD PTR ", 8);
	put32(rsdp + 16, 0x1000);                /* RSDT */
	fix_checksum(rsdp, 20, 8);
	uint8_t *rsdt = phys + 0x1000;
	memcpy(rsdt, "RSDT", 4);
	put32(rsdt + 4, 36 + 8);
	put32(rsdt + 36, 0x3000);                /* an APIC table */
	put32(rsdt + 40, 0x2000);                /* the FADT */
	fix_checksum(rsdt, 44, 9);
	uint8_t *apic = phys + 0x3000;
	memcpy(apic, "APIC", 4);
	put32(apic + 4, 44);
	fix_checksum(apic, 44, 9);
	uint8_t *fadt = phys + 0x2000;
	memcpy(fadt, "FACP", 4);
	put32(fadt + 4, 116);
	put32(fadt + 64, 0xb004);
	fix_checksum(fadt, 116, 9);
}

static void acpi_pm1a_control(void)
{
	uint8_t rsdp[20];
	uint16_t port = 0;
	make_tables(rsdp);
	CHECK(acpi_find_pm1a_control(rsdp, 20, read_phys, NULL, &port) && port == 0xb004);

	phys[0x2000 + 70] ^= 1;                 /* FADT checksum broken */
	CHECK(!acpi_find_pm1a_control(rsdp, 20, read_phys, NULL, &port));
	make_tables(rsdp);
	put32(phys + 0x1000 + 4, 0xffffff);     /* RSDT claims 16 MiB */
	CHECK(!acpi_find_pm1a_control(rsdp, 20, read_phys, NULL, &port));
	make_tables(rsdp);
	put32(phys + 0x1000 + 40, 0xfffffff0);  /* FADT pointer outside memory */
	fix_checksum(phys + 0x1000, 44, 9);
	CHECK(!acpi_find_pm1a_control(rsdp, 20, read_phys, NULL, &port));
	make_tables(rsdp);
	rsdp[3] = 'X';
	CHECK(!acpi_find_pm1a_control(rsdp, 20, read_phys, NULL, &port));
}

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static const uint32_t boot_only[] = { 0 };

static void hypervisor_table_added(void)
{
	uint8_t rsdp[36];
	uint16_t port = 0;
	static uint8_t out[4096];
	make_tables(rsdp);
	unsigned hidden;
	long at = acpi_tables_with_hypervisor(rsdp, 20, read_phys, NULL, out, sizeof(out), 0x8000, boot_only, 1,
					      &hidden);
	CHECK(at > 0);
	const uint8_t *new_rsdp = out + at;
	CHECK(memcmp(new_rsdp, "RSD PTR ", 8) == 0 && acpi_sum(new_rsdp, 20) == 0);
	uint32_t rsdt = rd32(new_rsdp + 16);
	CHECK(rsdt >= 0x8000 && rsdt < 0x8000 + sizeof(out));
	const uint8_t *t = out + (rsdt - 0x8000);
	CHECK(memcmp(t, "RSDT", 4) == 0 && rd32(t + 4) == 48 && acpi_sum(t, 48) == 0);
	/* the firmware's entries: the MADT replaced by the guest's copy, the FADT kept */
	CHECK(rd32(t + 36) != 0x3000 && memcmp(out + (rd32(t + 36) - 0x8000), "APIC", 4) == 0);
	CHECK(rd32(t + 40) == 0x2000);
	CHECK(rd32(t + 44) == 0x8000);                              /* and ours */
	CHECK(memcmp(out, "OEMH", 4) == 0 && memcmp(out + 10, "TEACHV", 6) == 0 &&
	      acpi_sum(out, 36) == 0);
	/* the new tables still lead to the FADT: copy them into "physical" memory */
	memcpy(phys + 0x8000, out, 4096);
	CHECK(acpi_find_pm1a_control(phys + 0x8000 + at, 20, read_phys, NULL, &port) &&
	      port == 0xb004);
}

static void hypervisor_table_with_xsdt(void)
{
	uint8_t rsdp[36];
	static uint8_t out[4096];
	make_tables(rsdp);
	/* an XSDT at 0x4000 with the FADT, and an ACPI 2.0 RSDP pointing at it */
	uint8_t *xsdt = phys + 0x4000;
	memcpy(xsdt, "XSDT", 4);
	put32(xsdt + 4, 44);
	put64(xsdt + 36, 0x2000);
	fix_checksum(xsdt, 44, 9);
	rsdp[15] = 2;
	put32(rsdp + 20, 36);
	put64(rsdp + 24, 0x4000);
	fix_checksum(rsdp, 20, 8);
	fix_checksum(rsdp, 36, 32);
	unsigned hidden;
	long at = acpi_tables_with_hypervisor(rsdp, 36, read_phys, NULL, out, sizeof(out), 0x9000, boot_only, 1,
					      &hidden);
	CHECK(at > 0);
	const uint8_t *new_rsdp = out + at;
	CHECK(acpi_sum(new_rsdp, 20) == 0 && acpi_sum(new_rsdp, 36) == 0);
	uint64_t x = get64(new_rsdp + 24);
	const uint8_t *t = out + (x - 0x9000);
	CHECK(memcmp(t, "XSDT", 4) == 0 && rd32(t + 4) == 52 && acpi_sum(t, 52) == 0);
	CHECK(get64(t + 44) == 0x9000);
	/* damaged firmware tables: no new tables */
	phys[0x4000 + 40] ^= 0xff;
	CHECK(acpi_tables_with_hypervisor(rsdp, 36, read_phys, NULL, out, sizeof(out), 0x9000, boot_only, 1,
					  &hidden) == -1);
	/* too small a buffer: refused, not overrun */
	make_tables(rsdp);
	CHECK(acpi_tables_with_hypervisor(rsdp, 20, read_phys, NULL, out, 64, 0x9000, boot_only, 1, &hidden) ==
	      -1);
}

/* The new tables are reached through 32-bit RSDT pointers: a buffer that
 * would put them across 4 GiB is refused, not given truncated pointers
 * (found by the acpi_tables fuzz target). */
static void tables_stay_below_4gib(void)
{
	uint8_t rsdp[36];
	static uint8_t out[4096];
	unsigned hidden;
	make_tables(rsdp);
	CHECK(acpi_tables_with_hypervisor(rsdp, 20, read_phys, NULL, out, sizeof(out),
					  0xffffff80, boot_only, 1, &hidden) == -1);
	long at = acpi_tables_with_hypervisor(rsdp, 20, read_phys, NULL, out, sizeof(out),
					      0xfffff000, boot_only, 1, &hidden);
	CHECK(at > 0 && rd32(out + at + 16) > 0xfffff000);
}

/* The firmware RSDP's length field is not trusted: the guest's RSDP is 36
 * bytes, says so, and its extended checksum covers them, neither reading past
 * the buffer for a huge length nor leaving bytes unsummed for a short one
 * (found by the acpi_tables fuzz target). */
static void rsdp_length_field_not_trusted(void)
{
	static const uint32_t lengths[] = { 0x100000, 20, 0 };
	uint8_t rsdp[36];
	static uint8_t out[4096];
	for (unsigned i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		make_tables(rsdp);
		uint8_t *xsdt = phys + 0x4000;
		memcpy(xsdt, "XSDT", 4);
		put32(xsdt + 4, 44);
		put64(xsdt + 36, 0x2000);
		fix_checksum(xsdt, 44, 9);
		rsdp[15] = 2;
		put32(rsdp + 20, lengths[i]);
		put64(rsdp + 24, 0x4000);
		fix_checksum(rsdp, 20, 8);
		unsigned hidden;
		long at = acpi_tables_with_hypervisor(rsdp, 36, read_phys, NULL, out, sizeof(out),
						      0x9000, boot_only, 1, &hidden);
		CHECK(at > 0);
		if (at <= 0)
			continue;
		const uint8_t *new_rsdp = out + at;
		CHECK(rd32(new_rsdp + 20) == 36);
		CHECK(acpi_sum(new_rsdp, 20) == 0 && acpi_sum(new_rsdp, 36) == 0);
	}
}

/* A MADT with the boot processor (APIC ID 0), an AP (1) and an x2APIC AP (2):
 * the guest's copy keeps only the boot processor enabled. */
static void other_processors_disabled(void)
{
	uint8_t rsdp[36];
	static uint8_t out[4096];
	unsigned hidden = 0;
	make_tables(rsdp);
	uint8_t *madt = phys + 0x3000;
	uint8_t entries[] = {
		0, 8, 0, 0, 1, 0, 0, 0,                         /* local APIC 0, enabled */
		0, 8, 1, 1, 1, 0, 0, 0,                         /* local APIC 1, enabled */
		9, 16, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0,   /* x2APIC 2, enabled+online */
		1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0,      /* an I/O APIC, untouched */
	};
	memcpy(madt + 44, entries, sizeof(entries));
	put32(madt + 4, 44 + sizeof(entries));
	fix_checksum(madt, 44 + sizeof(entries), 9);
	long at = acpi_tables_with_hypervisor(rsdp, 20, read_phys, NULL, out, sizeof(out), 0x8000, boot_only, 1,
					      &hidden);
	CHECK(at > 0 && hidden == 2);
	uint32_t rsdt = rd32(out + at + 16);
	uint32_t madt_copy = rd32(out + (rsdt - 0x8000) + 36);   /* the entry that was 0x3000 */
	CHECK(madt_copy != 0x3000 && madt_copy >= 0x8000);
	const uint8_t *m = out + (madt_copy - 0x8000);
	CHECK(memcmp(m, "APIC", 4) == 0 && acpi_sum(m, rd32(m + 4)) == 0);
	CHECK(rd32(m + 44 + 4) == 1);           /* boot processor: still enabled */
	CHECK(rd32(m + 52 + 4) == 0);           /* AP: disabled */
	CHECK(rd32(m + 60 + 8) == 0);           /* x2APIC AP: disabled, not online capable */
	CHECK(m[76] == 1 && m[77] == 12);       /* the I/O APIC entry is unchanged */
	/* a malformed entry length ends the scan instead of looping */
	madt[44 + 1] = 0;
	fix_checksum(madt, 44 + sizeof(entries), 9);
	CHECK(acpi_tables_with_hypervisor(rsdp, 20, read_phys, NULL, out, sizeof(out), 0x8000, boot_only, 1,
					  &hidden) > 0 && hidden == 0);
}

/* Processors 0 and 2 virtualized: only processor 1 is disabled. */
static void virtualized_processors_kept(void)
{
	uint8_t rsdp[36];
	static uint8_t out[4096];
	static const uint32_t virtualized[] = { 0, 2 };
	unsigned hidden = 0;
	make_tables(rsdp);
	uint8_t *madt = phys + 0x3000;
	uint8_t entries[] = {
		0, 8, 0, 0, 1, 0, 0, 0,                         /* local APIC 0, enabled */
		0, 8, 1, 1, 1, 0, 0, 0,                         /* local APIC 1, enabled */
		9, 16, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,   /* x2APIC 2, enabled */
	};
	memcpy(madt + 44, entries, sizeof(entries));
	put32(madt + 4, 44 + sizeof(entries));
	fix_checksum(madt, 44 + sizeof(entries), 9);
	long at = acpi_tables_with_hypervisor(rsdp, 20, read_phys, NULL, out, sizeof(out), 0x8000,
					      virtualized, 2, &hidden);
	CHECK(at > 0 && hidden == 1);
	const uint8_t *m = out + (rd32(out + (rd32(out + at + 16) - 0x8000) + 36) - 0x8000);
	CHECK(rd32(m + 44 + 4) == 1 && rd32(m + 52 + 4) == 0 && rd32(m + 60 + 8) == 1);
}

/* The MADT walk: both entry kinds, other entries skipped, damage ends it. */
static void madt_processor_walk(void)
{
	uint8_t madt[44 + 8 + 12 + 16] = { 0 };
	uint8_t entries[] = {
		0, 8, 0, 5, 1, 0, 0, 0,
		1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0,
		9, 16, 0, 0, 0x34, 0x12, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0,
	};
	memcpy(madt + 44, entries, sizeof(entries));
	struct madt_processor p;
	uint32_t cursor = 0;
	CHECK(madt_next_processor(madt, sizeof(madt), &cursor, &p) && p.apic_id == 5 &&
	      p.flags == 1 && p.flags_offset == 48);
	CHECK(madt_next_processor(madt, sizeof(madt), &cursor, &p) && p.apic_id == 0x1234 &&
	      p.flags == 2 && p.flags_offset == 72);
	CHECK(!madt_next_processor(madt, sizeof(madt), &cursor, &p));
	CHECK(!madt_next_processor(madt, sizeof(madt), &cursor, &p));   /* stays at the end */
	/* an entry that claims to run past the table is not read */
	cursor = 0;
	CHECK(!madt_next_processor(madt, 44 + 6, &cursor, &p));
	madt[44 + 8 + 1] = 40;                  /* the I/O APIC entry runs past the end */
	cursor = 0;
	CHECK(madt_next_processor(madt, sizeof(madt), &cursor, &p) && p.apic_id == 5);
	CHECK(!madt_next_processor(madt, sizeof(madt), &cursor, &p));
	/* a processor entry that claims to run past the end, its fields inside:
	 * read (an OS walking by headers reads it), and the last one (found
	 * by the acpi_tables fuzz target: the guest's copy kept it enabled) */
	madt[44 + 1] = 200;
	cursor = 0;
	CHECK(madt_next_processor(madt, sizeof(madt), &cursor, &p) && p.apic_id == 5 &&
	      p.flags_offset == 48);
	CHECK(!madt_next_processor(madt, sizeof(madt), &cursor, &p));
}

const struct unit_test linux_boot_tests[] = {
	{ "other_processors_disabled", other_processors_disabled },
	{ "virtualized_processors_kept", virtualized_processors_kept },
	{ "madt_processor_walk", madt_processor_walk },
	{ "hypervisor_table_added", hypervisor_table_added },
	{ "hypervisor_table_with_xsdt", hypervisor_table_with_xsdt },
	{ "rsdp_length_field_not_trusted", rsdp_length_field_not_trusted },
	{ "tables_stay_below_4gib", tables_stay_below_4gib },
	{ "parse_valid", parse_valid },
	{ "parse_refuses_bad_headers", parse_refuses_bad_headers },
	{ "zero_page", zero_page },
	{ "screen_info_from_the_framebuffer", screen_info_from_the_framebuffer },
	{ "efi_info_encoding", efi_info_encoding },
	{ "placement", placement },
	{ "placement_never_wraps", placement_never_wraps },
	{ "acpi_pm1a_control", acpi_pm1a_control },
};
const unsigned linux_boot_test_count = sizeof(linux_boot_tests) / sizeof(linux_boot_tests[0]);
