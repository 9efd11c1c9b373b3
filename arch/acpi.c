/* See acpi.h. */
#include "arch/acpi.h"
#include "lib/bytes.h"
#include "lib/string.h"

#define SDT_HEADER_SIZE 36
#define FADT_PM1A_CNT_BLK 64
#define FADT_X_PM1A_CNT_BLK 172         /* Generic Address Structure, 12 bytes */
#define GAS_SYSTEM_IO 1
#define MAX_TABLE_LENGTH (1u << 20)

uint8_t acpi_sum(const uint8_t *p, uint64_t length)
{
	uint8_t sum = 0;
	for (uint64_t i = 0; i < length; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum;
}

static bool checksum_ok(const uint8_t *p, uint64_t length)
{
	return acpi_sum(p, length) == 0;
}

/* A whole table, checked: its length read first, then all of it summed. */
const uint8_t *acpi_read_table(acpi_read_fn read, void *ctx, uint64_t address)
{
	const uint8_t *header = read(ctx, address, SDT_HEADER_SIZE);
	if (!header)
		return NULL;
	uint32_t length = load32(header + 4);
	if (length < SDT_HEADER_SIZE || length > MAX_TABLE_LENGTH)
		return NULL;
	const uint8_t *table = read(ctx, address, length);
	return table && checksum_ok(table, length) ? table : NULL;
}

#define BDA_EBDA_SEGMENT 0x40e
#define EBDA_SEARCHED 1024
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END 0x100000
#define RSDP_V1_LENGTH 20
#define RSDP_V2_LENGTH 36

static const uint8_t *rsdp_at(acpi_read_fn read, void *ctx, uint64_t address, uint32_t *length)
{
	const uint8_t *p = read(ctx, address, RSDP_V1_LENGTH);
	if (!p || memcmp(p, "RSD PTR ", 8) || !checksum_ok(p, RSDP_V1_LENGTH))
		return NULL;
	if (p[15] < 2) {
		*length = RSDP_V1_LENGTH;
		return p;
	}
	p = read(ctx, address, RSDP_V2_LENGTH);
	if (!p || !checksum_ok(p, RSDP_V2_LENGTH))
		return NULL;
	*length = RSDP_V2_LENGTH;
	return p;
}

static const uint8_t *search_rsdp(acpi_read_fn read, void *ctx, uint64_t start, uint64_t end,
				  uint32_t *length)
{
	for (uint64_t address = start; address + RSDP_V1_LENGTH <= end; address += 16) {
		const uint8_t *rsdp = rsdp_at(read, ctx, address, length);
		if (rsdp)
			return rsdp;
	}
	return NULL;
}

const uint8_t *acpi_find_rsdp(acpi_read_fn read, void *ctx, uint32_t *length)
{
	const uint8_t *segment = read(ctx, BDA_EBDA_SEGMENT, 2);
	uint64_t ebda = segment ? (uint64_t)load16(segment) << 4 : 0;
	const uint8_t *rsdp = ebda ? search_rsdp(read, ctx, ebda, ebda + EBDA_SEARCHED, length) : 0;
	return rsdp ? rsdp : search_rsdp(read, ctx, BIOS_AREA_START, BIOS_AREA_END, length);
}

const uint8_t *acpi_find_table(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
			       void *ctx, const char signature[4])
{
	if (rsdp_length < 20 || memcmp(rsdp, "RSD PTR ", 8) || !checksum_ok(rsdp, 20))
		return NULL;
	bool xsdt = rsdp_length >= 36 && rsdp[15] >= 2 && load64(rsdp + 24);
	const uint8_t *sdt = acpi_read_table(read, ctx, xsdt ? load64(rsdp + 24) : load32(rsdp + 16));
	if (!sdt)
		return NULL;
	unsigned entry_size = xsdt ? 8 : 4;
	uint32_t length = load32(sdt + 4);
	for (uint32_t at = SDT_HEADER_SIZE; at + entry_size <= length; at += entry_size) {
		uint64_t address = xsdt ? load64(sdt + at) : load32(sdt + at);
		const uint8_t *table = acpi_read_table(read, ctx, address);
		if (table && !memcmp(table, signature, 4))
			return table;
	}
	return NULL;
}

bool acpi_find_pm1a_control(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
			    void *ctx, uint16_t *port)
{
	const uint8_t *fadt = acpi_find_table(rsdp, rsdp_length, read, ctx, "FACP");
	if (!fadt)
		return false;
	uint32_t length = load32(fadt + 4);
	/* ACPI 2.0+: the 64-bit X_PM1a_CNT_BLK wins when it is filled in. */
	if (length >= FADT_X_PM1A_CNT_BLK + 12 && load64(fadt + FADT_X_PM1A_CNT_BLK + 4) &&
	    fadt[FADT_X_PM1A_CNT_BLK] == GAS_SYSTEM_IO) {
		uint64_t address = load64(fadt + FADT_X_PM1A_CNT_BLK + 4);
		if (address > 0xffff)
			return false;
		*port = (uint16_t)address;
		return true;
	}
	if (length < FADT_PM1A_CNT_BLK + 4)
		return false;
	uint32_t block = load32(fadt + FADT_PM1A_CNT_BLK);
	if (block == 0 || block > 0xffff)
		return false;
	*port = (uint16_t)block;
	return true;
}
