/* What the fuzz targets share (docs/FUZZING.md). A target is one file,
 * tests/fuzz/NAME.c, defining LLVMFuzzerTestOneInput: it cuts the input into
 * the parser's arguments with the fuzz_take helpers, runs the parser on
 * buffers of exactly the size it may read (so AddressSanitizer sees the
 * first byte too far), and checks with FUZZ_CHECK what the parser promises
 * about its results. A failed check aborts, which libFuzzer reports as a
 * crash and saves the input. */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                    \
	do {                                                                \
		if (!(cond))                                                \
			fuzz_failed(__FILE__, __LINE__, #cond);             \
	} while (0)

void fuzz_failed(const char *file, int line, const char *what) __attribute__((noreturn));

/* The input, consumed from the front. */
struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

/* The next `bytes` (1-8) bytes as a little-endian number; missing bytes read as 0. */
uint64_t fuzz_take(struct fuzz_input *in, unsigned bytes);
/* The next `length` bytes (fewer if the input ends), copied to a heap buffer
 * of exactly that many bytes; *got says how many. Free with free(). */
uint8_t *fuzz_take_copy(struct fuzz_input *in, size_t length, size_t *got);
/* The rest of the input as a heap copy of exactly its size (*got bytes). */
uint8_t *fuzz_take_rest(struct fuzz_input *in, size_t *got);
/* The rest of the input as a NUL-terminated heap string (cut at the first NUL). */
char *fuzz_take_string(struct fuzz_input *in);

/* True when buf holds a NUL within its first size bytes. */
bool fuzz_terminated(const char *buf, size_t size);
/* True when [p, p + length) lies inside [base, base + size). */
bool fuzz_inside(const void *p, size_t length, const void *base, size_t size);

/* Physical memory for parsers that read it through a callback (ACPI tables,
 * guest page tables): windows of bytes at guest-physical addresses. Each
 * read hands out its own heap copy of exactly the bytes asked for, so a
 * parser that reads past what it asked for is caught; the copies are freed
 * by fake_memory_release. */
#define FAKE_MEMORY_WINDOWS 2

struct fake_memory {
	struct {
		uint64_t base;
		const uint8_t *bytes;
		size_t size;
	} window[FAKE_MEMORY_WINDOWS];
	unsigned windows;
	void **copies;
	size_t copy_count, copy_capacity, copied_bytes;
	uint64_t reads;
};

void fake_memory_add(struct fake_memory *m, uint64_t base, const uint8_t *bytes, size_t size);
/* The bytes at [address, address + length), or NULL if they are not all in one window. */
const uint8_t *fake_memory_read(struct fake_memory *m, uint64_t address, uint64_t length);
void fake_memory_release(struct fake_memory *m);

/* What every boot-information parser promises of the memory map it made
 * (boot/boot_info.h): at most BOOT_MAX_REGIONS regions, each non-empty, not
 * wrapping, of a known type, sorted by base. */
struct boot_info;
void fuzz_check_memory_map(const struct boot_info *bi);

#endif
