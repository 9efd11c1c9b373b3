/* The multiboot2 parser against valid, truncated and hostile blocks. Each
 * block under test is copied into a heap buffer of exactly its size, so
 * AddressSanitizer catches any read past the end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "boot/multiboot2.h"
#include "tests/unit/unit.h"

struct mb {
	uint8_t b[4096] __attribute__((aligned(8)));
	uint32_t len;
};

static void put32(struct mb *m, uint32_t v) { memcpy(m->b + m->len, &v, 4); m->len += 4; }
static void put64(struct mb *m, uint64_t v) { memcpy(m->b + m->len, &v, 8); m->len += 8; }
static void pad8(struct mb *m) { while (m->len % 8) m->b[m->len++] = 0; }

static void begin(struct mb *m)
{
	memset(m, 0, sizeof(*m));
	m->len = 8;
}

static uint32_t tag_start(struct mb *m, uint32_t type)
{
	pad8(m);
	uint32_t at = m->len;
	put32(m, type);
	put32(m, 0);
	return at;
}

static void tag_end(struct mb *m, uint32_t at)
{
	uint32_t size = m->len - at;
	memcpy(m->b + at + 4, &size, 4);
}

static void string_tag(struct mb *m, uint32_t type, const char *s)
{
	uint32_t at = tag_start(m, type);
	memcpy(m->b + m->len, s, strlen(s) + 1);
	m->len += (uint32_t)strlen(s) + 1;
	tag_end(m, at);
}

static void module_tag(struct mb *m, uint32_t start, uint32_t end, const char *s)
{
	uint32_t at = tag_start(m, 3);
	put32(m, start);
	put32(m, end);
	memcpy(m->b + m->len, s, strlen(s) + 1);
	m->len += (uint32_t)strlen(s) + 1;
	tag_end(m, at);
}

static void finish(struct mb *m)
{
	uint32_t at = tag_start(m, 0);
	tag_end(m, at);
	memcpy(m->b, &m->len, 4);
}

static void rsdp_tag(struct mb *m, uint32_t type, uint32_t length)
{
	uint32_t at = tag_start(m, type);
	memcpy(m->b + m->len, "RSD PTR ", 8);
	m->len += length;
	tag_end(m, at);
}

/* Framebuffer tag (spec 3.6.12) with the colour fields of an RGB tag. */
static uint32_t framebuffer_tag(struct mb *m, uint64_t address, uint32_t pitch, uint32_t width,
				uint32_t height, uint8_t bpp, uint8_t type)
{
	uint32_t at = tag_start(m, 8);
	put64(m, address);
	put32(m, pitch); put32(m, width); put32(m, height);
	m->b[m->len++] = bpp;
	m->b[m->len++] = type;
	m->len += 2;            /* reserved */
	if (type == 1) {
		const uint8_t fields[6] = { 16, 8, 8, 8, 0, 8 };  /* red, green, blue */
		memcpy(m->b + m->len, fields, 6);
		m->len += 6;
	}
	tag_end(m, at);
	return at;
}

/* A block like GRUB's under BIOS: command line, loader, map, modules, ACPI,
 * and a framebuffer tag like GRUB's under UEFI. */
static void build_valid(struct mb *m)
{
	begin(m);
	string_tag(m, 1, "intercept=pf verbose");
	string_tag(m, 2, "GRUB test");
	uint32_t at = tag_start(m, 6);
	put32(m, 24);
	put32(m, 0);
	put64(m, 0x100000); put64(m, 0x1ff00000); put32(m, 1); put32(m, 0);
	put64(m, 0); put64(m, 0x9f000); put32(m, 1); put32(m, 0);
	put64(m, 0x9f000); put64(m, 0x1000); put32(m, 2); put32(m, 0);
	put64(m, 0xfffc0000); put64(m, 0x40000); put32(m, 77); put32(m, 0); /* unknown type */
	tag_end(m, at);
	module_tag(m, 0x200000, 0x201000, "guest.elf arg1 arg2");
	module_tag(m, 0x300000, 0x300000, "");
	rsdp_tag(m, 14, 20);
	rsdp_tag(m, 15, 36);
	framebuffer_tag(m, 0x4000000000ull, 4096, 1024, 768, 32, 1);
	finish(m);
}

static int parse_exact(const struct mb *m, size_t size, struct boot_info *bi, char *err)
{
	/* Heap copy of exactly `size` bytes (8-byte aligned by malloc). */
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, m->b, size);
	int rc = multiboot2_parse(copy, size, bi, err, 160);
	free(copy);
	return rc;
}

static struct boot_info bi;
static char err[160];

static void valid_block(void)
{
	struct mb m;
	build_valid(&m);
	uint8_t *copy = malloc(m.len);
	memcpy(copy, m.b, m.len);
	CHECK(multiboot2_parse(copy, m.len, &bi, err, sizeof(err)) == 0);
	CHECK_STR(bi.cmdline, "intercept=pf verbose");
	CHECK_STR(bi.loader_name, "GRUB test");
	CHECK(!bi.memory_map_from_efi);
	CHECK(bi.region_count == 4);
	/* sorted by base */
	CHECK(bi.regions[0].base == 0 && bi.regions[0].type == MEM_USABLE);
	CHECK(bi.regions[1].base == 0x9f000 && bi.regions[1].type == MEM_RESERVED);
	CHECK(bi.regions[2].base == 0x100000 && bi.regions[2].length == 0x1ff00000);
	CHECK(bi.regions[3].type == MEM_RESERVED);   /* unknown type 77 */
	CHECK(bi.module_count == 2);
	CHECK(bi.modules[0].start == 0x200000 && bi.modules[0].end == 0x201000);
	CHECK_STR(bi.modules[0].cmdline, "guest.elf arg1 arg2");
	CHECK_STR(bi.modules[1].cmdline, "");
	CHECK(bi.rsdp_revision == 2 && bi.rsdp_length == 36);
	CHECK(bi.info_size == m.len);
	CHECK(bi.framebuffer.present && bi.framebuffer.type == FRAMEBUFFER_RGB);
	CHECK(bi.framebuffer.address == 0x4000000000ull && bi.framebuffer.pitch == 4096);
	CHECK(bi.framebuffer.width == 1024 && bi.framebuffer.height == 768);
	CHECK(bi.framebuffer.bpp == 32);
	CHECK(bi.framebuffer.red.position == 16 && bi.framebuffer.red.size == 8);
	CHECK(bi.framebuffer.green.position == 8 && bi.framebuffer.blue.position == 0);
	CHECK(bi.efi_map.descriptors == NULL);
	free(copy);
}

static void efi_map_preferred_and_merged(void)
{
	struct mb m;
	begin(&m);
	uint32_t at = tag_start(&m, 6);
	put32(&m, 24); put32(&m, 0);
	put64(&m, 0); put64(&m, 0x1000); put32(&m, 1); put32(&m, 0);
	tag_end(&m, at);
	at = tag_start(&m, 17);
	put32(&m, 48); put32(&m, 1);
	uint32_t types[] = { 7, 2, 4, 9, 10, 11 };  /* conv, loader data, BS data, ACPI, NVS, MMIO */
	for (int i = 0; i < 6; i++) {
		put32(&m, types[i]); put32(&m, 0);
		put64(&m, 0x100000 + (uint64_t)i * 0x10000); put64(&m, 0);
		put64(&m, 0x10); put64(&m, 0);
		put64(&m, 0);   /* padding to the 48-byte descriptor */
	}
	tag_end(&m, at);
	finish(&m);
	/* Kept as it is for the guest's efi_info: 6 descriptors of 48 bytes. */
	uint8_t *copy = malloc(m.len);
	memcpy(copy, m.b, m.len);
	CHECK(multiboot2_parse(copy, m.len, &bi, err, sizeof(err)) == 0);
	CHECK(bi.efi_map.descriptors == copy + at + 16);
	CHECK(bi.efi_map.size == 6 * 48 && bi.efi_map.descriptor_size == 48);
	CHECK(bi.efi_map.descriptor_version == 1);
	free(copy);
	CHECK(parse_exact(&m, m.len, &bi, err) == 0);
	CHECK(bi.memory_map_from_efi);
	/* 3 usable descriptors merge into one; then ACPI, NVS, reserved. */
	CHECK(bi.region_count == 4);
	CHECK(bi.regions[0].base == 0x100000 && bi.regions[0].length == 0x30000);
	CHECK(bi.regions[1].type == MEM_ACPI_RECLAIMABLE);
	CHECK(bi.regions[2].type == MEM_ACPI_NVS);
	CHECK(bi.regions[3].type == MEM_RESERVED);
}

static void every_truncation_is_rejected(void)
{
	struct mb m;
	build_valid(&m);
	for (uint32_t n = 0; n < m.len; n++) {
		/* The block is cut but still claims its full size. */
		CHECK(parse_exact(&m, n, &bi, err) == -1);
		/* The block is cut and its size field says so: the end tag is missing. */
		struct mb cut = m;
		if (n >= 4)
			memcpy(cut.b, &n, 4);
		CHECK(parse_exact(&cut, n, &bi, err) == -1);
	}
	CHECK(parse_exact(&m, m.len, &bi, err) == 0);
}

static void expect_error(struct mb *m, const char *fragment)
{
	err[0] = '\0';
	CHECK(parse_exact(m, m->len, &bi, err) == -1);
	if (!strstr(err, fragment)) {
		printf("    error was \"%s\", expected \"%s\"\n", err, fragment);
		unit_failures_in_test++;
	}
}

static void hostile_tags(void)
{
	struct mb m;
	uint32_t at;

	begin(&m);  /* a zero-size tag would loop forever if accepted */
	at = tag_start(&m, 1);
	finish(&m);
	memset(m.b + at + 4, 0, 4);
	expect_error(&m, "smaller than its header");

	begin(&m);  /* a tag claiming 4 GiB */
	at = tag_start(&m, 1);
	finish(&m);
	memset(m.b + at + 4, 0xff, 4);
	expect_error(&m, "runs past the end");

	begin(&m);
	at = tag_start(&m, 6);
	put32(&m, 0); put32(&m, 0);     /* entry size 0 */
	put64(&m, 0); put64(&m, 0);
	tag_end(&m, at);
	finish(&m);
	expect_error(&m, "entry size invalid");

	begin(&m);
	module_tag(&m, 0x2000, 0x1000, "backwards");
	finish(&m);
	expect_error(&m, "ends before it starts");

	begin(&m);
	at = tag_start(&m, 1);
	memcpy(m.b + m.len, "noterm", 6);   /* no NUL inside the tag */
	m.len += 6;
	tag_end(&m, at);
	finish(&m);
	expect_error(&m, "not terminated");

	begin(&m);
	at = tag_start(&m, 0);
	put64(&m, 0);                       /* end tag of size 16 */
	tag_end(&m, at);
	memcpy(m.b, &m.len, 4);
	expect_error(&m, "end tag of wrong size");

	begin(&m);
	for (int i = 0; i < BOOT_MAX_MODULES + 1; i++)
		module_tag(&m, 0x1000, 0x2000, "m");
	finish(&m);
	expect_error(&m, "more modules");

	begin(&m);
	rsdp_tag(&m, 14, 20);
	memcpy(m.b + 16, "XXXXXXXX", 8);
	finish(&m);
	expect_error(&m, "RSDP signature");

	begin(&m);
	at = tag_start(&m, 6);
	put32(&m, 24); put32(&m, 0);
	put64(&m, 0xfffffffffffff000ull); put64(&m, 0x2000); put32(&m, 1); put32(&m, 0);
	tag_end(&m, at);
	finish(&m);
	expect_error(&m, "wraps around");
}

/* What GRUB gives under a legacy BIOS in text mode, and framebuffer tags
 * whose geometry would make the console write outside the screen. */
static void framebuffer_tags(void)
{
	struct mb m;
	begin(&m);
	framebuffer_tag(&m, 0xb8000, 160, 80, 25, 16, 2);
	finish(&m);
	CHECK(parse_exact(&m, m.len, &bi, err) == 0);
	CHECK(bi.framebuffer.present && bi.framebuffer.type == FRAMEBUFFER_EGA_TEXT);
	CHECK(bi.framebuffer.address == 0xb8000 && bi.framebuffer.width == 80);

	begin(&m);      /* indexed colour: recorded, not checked, not used */
	framebuffer_tag(&m, 0xa0000, 320, 320, 200, 8, 0);
	finish(&m);
	CHECK(parse_exact(&m, m.len, &bi, err) == 0);
	CHECK(bi.framebuffer.present && bi.framebuffer.type == FRAMEBUFFER_INDEXED);

	begin(&m);      /* no tag: no screen */
	finish(&m);
	CHECK(parse_exact(&m, m.len, &bi, err) == 0);
	CHECK(!bi.framebuffer.present);

	begin(&m);
	uint32_t at = framebuffer_tag(&m, 0x80000000, 4096, 1024, 768, 32, 1);
	memcpy(m.b + at + 4, &(uint32_t){ 36 }, 4);     /* cuts the colour fields */
	m.len = at + 40;
	finish(&m);
	expect_error(&m, "too short for its colour fields");

	begin(&m);
	at = tag_start(&m, 8);
	put64(&m, 0x80000000);
	tag_end(&m, at);
	finish(&m);
	expect_error(&m, "framebuffer tag too short");

	begin(&m);
	framebuffer_tag(&m, 0x80000000, 4000, 1024, 768, 32, 1);   /* 1024 * 4 > 4000 */
	finish(&m);
	expect_error(&m, "longer than its pitch");

	begin(&m);
	framebuffer_tag(&m, 0xb8000, 100, 80, 25, 16, 2);          /* 80 * 2 > 100 */
	finish(&m);
	expect_error(&m, "longer than its pitch");

	begin(&m);
	framebuffer_tag(&m, 0xb8000, 160, 80, 25, 8, 2);
	finish(&m);
	expect_error(&m, "16 bits a character");

	begin(&m);
	framebuffer_tag(&m, 0x80000000, 4096, 0, 768, 32, 1);
	finish(&m);
	expect_error(&m, "zero width or height");

	begin(&m);
	framebuffer_tag(&m, 0x80000000, 4096, 1024, 768, 12, 1);
	finish(&m);
	expect_error(&m, "depth not");

	begin(&m);
	framebuffer_tag(&m, 0x80000000, 2048, 1024, 768, 16, 1);   /* red at 16 in 16 bpp */
	finish(&m);
	expect_error(&m, "colour field outside the pixel");

	begin(&m);
	framebuffer_tag(&m, 0xffffffffff000000ull, 0x10000, 0x4000, 0x1000, 32, 1);
	finish(&m);
	expect_error(&m, "wraps around");
}

static void bad_headers(void)
{
	struct mb m;
	build_valid(&m);
	uint32_t small = 8;
	memcpy(m.b, &small, 4);
	expect_error(&m, "total size smaller");
	build_valid(&m);
	CHECK(multiboot2_parse(m.b + 4, m.len, &bi, err, sizeof(err)) == -1);
	CHECK(strstr(err, "aligned") != NULL);
	CHECK(multiboot2_parse(NULL, 100, &bi, err, sizeof(err)) == -1);
}

/* Random corruption of a valid block: the parser must answer, not crash or
 * read outside the buffer (AddressSanitizer watches). */
static void random_corruption_never_crashes(void)
{
	struct mb m, bad;
	build_valid(&m);
	uint32_t seed = 12345;
	int rejected = 0;
	for (int i = 0; i < 20000; i++) {
		bad = m;
		for (int k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			bad.b[(seed >> 8) % m.len] = (uint8_t)(seed >> 20);
		}
		if (parse_exact(&bad, bad.len, &bi, err) != 0)
			rejected++;
	}
	CHECK(rejected > 0);
}

const struct unit_test multiboot2_tests[] = {
	{ "valid_block", valid_block },
	{ "efi_map_preferred_and_merged", efi_map_preferred_and_merged },
	{ "every_truncation_is_rejected", every_truncation_is_rejected },
	{ "hostile_tags", hostile_tags },
	{ "framebuffer_tags", framebuffer_tags },
	{ "bad_headers", bad_headers },
	{ "random_corruption_never_crashes", random_corruption_never_crashes },
};
const unsigned multiboot2_test_count = sizeof(multiboot2_tests) / sizeof(multiboot2_tests[0]);
