/* See fuzz.h. */
#include "tests/fuzz/fuzz.h"
#include "boot/boot_info.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fuzz input that makes a parser read more than this through the callback
 * is answered "not readable": keeps one run's memory bounded. */
#define FAKE_MEMORY_COPY_BUDGET (16u << 20)

void fuzz_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", file, line, what);
	abort();
}

uint64_t fuzz_take(struct fuzz_input *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes && i < 8; i++) {
		if (in->size == 0)
			break;
		v |= (uint64_t)in->data[0] << (8 * i);
		in->data++;
		in->size--;
	}
	return v;
}

uint8_t *fuzz_take_copy(struct fuzz_input *in, size_t length, size_t *got)
{
	size_t n = length < in->size ? length : in->size;
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		abort();
	memcpy(copy, in->data, n);
	in->data += n;
	in->size -= n;
	*got = n;
	return copy;
}

uint8_t *fuzz_take_rest(struct fuzz_input *in, size_t *got)
{
	return fuzz_take_copy(in, in->size, got);
}

char *fuzz_take_string(struct fuzz_input *in)
{
	const uint8_t *nul = memchr(in->data, '\0', in->size);
	size_t n = nul ? (size_t)(nul - in->data) : in->size;
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, in->data, n);
	s[n] = '\0';
	in->data += in->size;
	in->size = 0;
	return s;
}

bool fuzz_terminated(const char *buf, size_t size)
{
	return memchr(buf, '\0', size) != NULL;
}

bool fuzz_inside(const void *p, size_t length, const void *base, size_t size)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;
	return a >= b && a - b <= size && length <= size - (a - b);
}

void fake_memory_add(struct fake_memory *m, uint64_t base, const uint8_t *bytes, size_t size)
{
	if (m->windows == FAKE_MEMORY_WINDOWS)
		abort();
	m->window[m->windows].base = base;
	m->window[m->windows].bytes = bytes;
	m->window[m->windows].size = size;
	m->windows++;
}

static const uint8_t *keep_copy(struct fake_memory *m, const uint8_t *from, uint64_t length)
{
	if (m->copied_bytes + length > FAKE_MEMORY_COPY_BUDGET)
		return NULL;
	if (m->copy_count == m->copy_capacity) {
		m->copy_capacity = m->copy_capacity ? 2 * m->copy_capacity : 16;
		m->copies = realloc(m->copies, m->copy_capacity * sizeof(*m->copies));
		if (!m->copies)
			abort();
	}
	uint8_t *copy = malloc(length ? length : 1);
	if (!copy)
		abort();
	memcpy(copy, from, length);
	m->copies[m->copy_count++] = copy;
	m->copied_bytes += length;
	return copy;
}

const uint8_t *fake_memory_read(struct fake_memory *m, uint64_t address, uint64_t length)
{
	m->reads++;
	for (unsigned i = 0; i < m->windows; i++) {
		uint64_t base = m->window[i].base, size = m->window[i].size;
		if (address >= base && address - base <= size && length <= size - (address - base))
			return keep_copy(m, m->window[i].bytes + (address - base), length);
	}
	return NULL;
}

void fake_memory_release(struct fake_memory *m)
{
	for (size_t i = 0; i < m->copy_count; i++)
		free(m->copies[i]);
	free(m->copies);
	m->copies = NULL;
	m->copy_count = m->copy_capacity = m->copied_bytes = 0;
}

void fuzz_check_memory_map(const struct boot_info *bi)
{
	FUZZ_CHECK(bi->region_count <= BOOT_MAX_REGIONS);
	for (unsigned i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		FUZZ_CHECK(r->length > 0 && r->base + r->length > r->base);
		FUZZ_CHECK(r->type >= MEM_USABLE && r->type <= MEM_BAD);
		FUZZ_CHECK(i == 0 || bi->regions[i - 1].base <= r->base);
	}
}
