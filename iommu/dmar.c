/* See dmar.h. Offsets from VT-d spec ch. 8 (rev. 3.x numbering). */
#include "iommu/dmar.h"
#include "lib/bytes.h"
#include "lib/format.h"
#include "lib/string.h"

#define DMAR_HEADER_SIZE 48             /* ACPI header (36), HAW, flags, 10 reserved */
#define DMAR_HAW 36
#define DMAR_FLAGS 37
#define DMAR_FLAG_INTR_REMAP 0x1
#define DMAR_FLAG_X2APIC_OPT_OUT 0x2

#define STRUCT_HEADER_SIZE 4            /* type (16), length (16) */
#define TYPE_DRHD 0
#define TYPE_RMRR 1
#define TYPE_LAST_KNOWN 6               /* ATSR 2, RHSA 3, ANDD 4, SATC 5, SIDP 6 */

#define DRHD_FLAGS 4
#define DRHD_FLAG_INCLUDE_PCI_ALL 0x1
#define DRHD_SIZE 5                     /* bits 3:0: 2^N pages of registers */
#define DRHD_SEGMENT 6
#define DRHD_BASE 8
#define DRHD_SCOPES 16

#define RMRR_SEGMENT 6
#define RMRR_BASE 8
#define RMRR_LIMIT 16                   /* last byte, inclusive */
#define RMRR_SCOPES 24

#define SCOPE_HEADER_SIZE 6             /* type, length, 2 reserved, enum id, start bus */
#define PAGE_MASK 0xfffull

struct parser {
	char *err;
	unsigned err_size;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format_buffer(p->err, p->err_size, fmt, ap);
	va_end(ap);
	return -1;
}

/* Device scopes fill [at, end) of a structure (VT-d 8.3.1). */
static int parse_scopes(struct parser *p, const uint8_t *s, uint32_t at, uint32_t end,
			struct dmar_scope_list *out, uint32_t where)
{
	out->count = 0;
	while (at < end) {
		if (end - at < SCOPE_HEADER_SIZE)
			return fail(p, "device scope at offset %u is cut short", where + at);
		uint8_t length = s[at + 1];
		if (length < SCOPE_HEADER_SIZE || length > end - at || (length - SCOPE_HEADER_SIZE) % 2)
			return fail(p, "device scope at offset %u has a bad length %u", where + at,
				    length);
		uint8_t type = s[at];
		if (type < DMAR_SCOPE_PCI_ENDPOINT || type > DMAR_SCOPE_ACPI_NAMESPACE)
			return fail(p, "device scope at offset %u has unknown type %u", where + at,
				    type);
		unsigned steps = (length - SCOPE_HEADER_SIZE) / 2u;
		if (steps > DMAR_MAX_PATH)
			return fail(p, "device scope at offset %u has a path of %u steps (at most %u handled)",
				    where + at, steps, DMAR_MAX_PATH);
		if (out->count == DMAR_MAX_SCOPES)
			return fail(p, "more than %u device scopes in one structure (at offset %u)",
				    DMAR_MAX_SCOPES, where);
		struct dmar_scope *d = &out->scope[out->count++];
		*d = (struct dmar_scope){ .type = type, .enumeration_id = s[at + 4],
					  .start_bus = s[at + 5], .path_length = (uint8_t)steps };
		for (unsigned i = 0; i < steps; i++) {
			d->path[i].device = s[at + SCOPE_HEADER_SIZE + 2 * i];
			d->path[i].function = s[at + SCOPE_HEADER_SIZE + 2 * i + 1];
			if (d->path[i].device > 31 || d->path[i].function > 7)
				return fail(p, "device scope at offset %u names device %u function %u",
					    where + at, d->path[i].device, d->path[i].function);
		}
		at += length;
	}
	return 0;
}

static int parse_drhd(struct parser *p, const uint8_t *s, uint16_t length, uint32_t where,
		      struct dmar_info *out)
{
	if (length < DRHD_SCOPES)
		return fail(p, "DRHD at offset %u is %u bytes, shorter than its fixed part", where,
			    length);
	if (out->unit_count == DMAR_MAX_UNITS)
		return fail(p, "more than %u remapping units (DRHD)", DMAR_MAX_UNITS);
	struct dmar_unit *u = &out->units[out->unit_count];
	*u = (struct dmar_unit){ .register_base = load64(s + DRHD_BASE),
				 .register_size = 4096ull << (s[DRHD_SIZE] & 0xf),
				 .segment = load16(s + DRHD_SEGMENT),
				 .include_pci_all = s[DRHD_FLAGS] & DRHD_FLAG_INCLUDE_PCI_ALL };
	if (u->register_base == 0 || (u->register_base & PAGE_MASK))
		return fail(p, "DRHD at offset %u has register base 0x%llx, not a page address",
			    where, (unsigned long long)u->register_base);
	if (u->register_base + u->register_size < u->register_base)
		return fail(p, "DRHD at offset %u has registers past the end of the address space",
			    where);
	for (unsigned i = 0; i < out->unit_count; i++) {
		const struct dmar_unit *o = &out->units[i];
		if (o->register_base == u->register_base)
			return fail(p, "two DRHDs share the register base 0x%llx",
				    (unsigned long long)u->register_base);
		/* VT-d 8.3: at most one INCLUDE_PCI_ALL unit per segment. */
		if (o->include_pci_all && u->include_pci_all && o->segment == u->segment)
			return fail(p, "two DRHDs with INCLUDE_PCI_ALL in segment %u", u->segment);
	}
	if (parse_scopes(p, s, DRHD_SCOPES, length, &u->scopes, where))
		return -1;
	out->unit_count++;
	return 0;
}

static int parse_rmrr(struct parser *p, const uint8_t *s, uint16_t length, uint32_t where,
		      struct dmar_info *out)
{
	if (length < RMRR_SCOPES)
		return fail(p, "RMRR at offset %u is %u bytes, shorter than its fixed part", where,
			    length);
	if (out->rmrr_count == DMAR_MAX_RMRRS)
		return fail(p, "more than %u reserved memory regions (RMRR)", DMAR_MAX_RMRRS);
	uint64_t base = load64(s + RMRR_BASE), limit = load64(s + RMRR_LIMIT);
	/* VT-d 8.4: base 4 KiB-aligned, limit + 1 4 KiB-aligned. */
	if ((base & PAGE_MASK) || (limit & PAGE_MASK) != PAGE_MASK || limit < base ||
	    limit == UINT64_MAX)
		return fail(p, "RMRR at offset %u has a bad range 0x%llx-0x%llx", where,
			    (unsigned long long)base, (unsigned long long)limit);
	struct dmar_rmrr *r = &out->rmrrs[out->rmrr_count];
	*r = (struct dmar_rmrr){ .base = base, .end = limit + 1,
				 .segment = load16(s + RMRR_SEGMENT) };
	if (parse_scopes(p, s, RMRR_SCOPES, length, &r->scopes, where))
		return -1;
	out->rmrr_count++;
	return 0;
}

int dmar_parse(const uint8_t *table, uint32_t length, struct dmar_info *out, char *err,
	       unsigned err_size)
{
	struct parser p = { err, err_size };
	memset(out, 0, sizeof(*out));
	if (length < DMAR_HEADER_SIZE || memcmp(table, "DMAR", 4) || load32(table + 4) != length)
		return fail(&p, "not a whole DMAR table");
	out->host_address_width = table[DMAR_HAW] + 1u;
	out->interrupt_remapping = table[DMAR_FLAGS] & DMAR_FLAG_INTR_REMAP;
	out->x2apic_opt_out = table[DMAR_FLAGS] & DMAR_FLAG_X2APIC_OPT_OUT;
	if (out->host_address_width < 32 || out->host_address_width > 64)
		return fail(&p, "host address width %u bits is not plausible",
			    out->host_address_width);

	for (uint32_t at = DMAR_HEADER_SIZE; at < length;) {
		if (length - at < STRUCT_HEADER_SIZE)
			return fail(&p, "structure at offset %u is cut short", at);
		uint16_t type = load16(table + at), size = load16(table + at + 2);
		if (size < STRUCT_HEADER_SIZE || size > length - at)
			return fail(&p, "structure at offset %u has a bad length %u", at, size);
		int result = 0;
		if (type == TYPE_DRHD)
			result = parse_drhd(&p, table + at, size, at, out);
		else if (type == TYPE_RMRR)
			result = parse_rmrr(&p, table + at, size, at, out);
		else if (type <= TYPE_LAST_KNOWN)
			out->other_structures++;
		else
			return fail(&p, "structure at offset %u has unknown type %u", at, type);
		if (result)
			return -1;
		at += size;
	}
	if (out->unit_count == 0)
		return fail(&p, "no remapping unit (DRHD)");
	return 0;
}

void dmar_scope_describe(const struct dmar_scope *s, char *buf, unsigned size)
{
	static const char *const names[] = {
		[DMAR_SCOPE_PCI_ENDPOINT] = "PCI endpoint",
		[DMAR_SCOPE_PCI_SUB_HIERARCHY] = "PCI bridge",
		[DMAR_SCOPE_IOAPIC] = "IOAPIC", [DMAR_SCOPE_HPET] = "HPET",
		[DMAR_SCOPE_ACPI_NAMESPACE] = "ACPI device",
	};
	unsigned used = (unsigned)format_string(buf, size, "%s", names[s->type]);
	if (s->type >= DMAR_SCOPE_IOAPIC && used < size)
		used += (unsigned)format_string(buf + used, size - used, " %u", s->enumeration_id);
	for (unsigned i = 0; i < s->path_length && used < size; i++)
		used += i ? (unsigned)format_string(buf + used, size - used, " -> %02x.%x",
						    s->path[i].device, s->path[i].function)
			  : (unsigned)format_string(buf + used, size - used, " at %02x:%02x.%x",
						    s->start_bus, s->path[i].device,
						    s->path[i].function);
}
