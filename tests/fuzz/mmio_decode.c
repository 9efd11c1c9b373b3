/* The decoder of guest stores to the xAPIC page (platform/mmio_decode.c),
 * fed the bytes at the guest's RIP, which the guest controls. Input: the
 * mode (1 byte: bits 1:0 choose 16-, 32- or 64-bit code), then the
 * instruction bytes. */
#include <stdlib.h>
#include "platform/mmio_decode.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	static const unsigned code_sizes[4] = { 2, 4, 8, 8 };
	unsigned code_size = code_sizes[fuzz_take(&in, 1) & 3];
	size_t got;
	uint8_t *code = fuzz_take_rest(&in, &got);
	struct mmio_store s;
	if (mmio_decode_store(code, (unsigned)got, code_size, &s) == 0) {
		/* the instruction lies inside the bytes given, within the
		 * architectural limit, stores 1, 2 or 4 bytes and names a real
		 * register */
		FUZZ_CHECK(s.length >= 1 && s.length <= got && s.length <= MMIO_INSN_MAX);
		FUZZ_CHECK(s.size == 1 || s.size == 2 || s.size == 4);
		FUZZ_CHECK(s.address_size == 2 || s.address_size == 4 || s.address_size == 8);
		FUZZ_CHECK(s.reg < 16 && (code_size == 8 || s.reg < 8));
		FUZZ_CHECK(!s.high_byte || (s.size == 1 && s.reg < 4));
		FUZZ_CHECK(!(s.source != MMIO_FROM_REGISTER && s.is_exchange));
		FUZZ_CHECK(!s.rep || s.source == MMIO_FROM_MEMORY);
		FUZZ_CHECK(s.segment <= SEG_GS);
		/* the same bytes decode the same way with more bytes after them */
		uint8_t *longer = malloc(got + 4);
		for (size_t i = 0; i < got; i++)
			longer[i] = code[i];
		for (size_t i = got; i < got + 4; i++)
			longer[i] = 0x90;
		struct mmio_store again;
		FUZZ_CHECK(mmio_decode_store(longer, (unsigned)(got + 4), code_size, &again) == 0);
		FUZZ_CHECK(again.length == s.length && again.reg == s.reg && again.size == s.size &&
			   again.immediate == s.immediate && again.source == s.source);
		free(longer);
	}
	free(code);
	return 0;
}
