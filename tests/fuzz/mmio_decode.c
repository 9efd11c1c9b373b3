/* The decoder of guest stores to the xAPIC page (platform/mmio_decode.c),
 * fed the bytes at the guest's RIP, which the guest controls. Input: the
 * mode (1 byte: bit 0 = 64-bit code), then the instruction bytes. */
#include <stdlib.h>
#include "platform/mmio_decode.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	bool long_mode = fuzz_take(&in, 1) & 1;
	size_t got;
	uint8_t *code = fuzz_take_rest(&in, &got);
	struct mmio_store s;
	if (mmio_decode_store(code, (unsigned)got, long_mode, &s) == 0) {
		/* the instruction lies inside the bytes given, within the
		 * architectural limit, and names a real register */
		FUZZ_CHECK(s.length >= 2 - s.is_immediate && s.length <= got &&
			   s.length <= MMIO_INSN_MAX);
		FUZZ_CHECK(s.reg < 16 && (long_mode || s.reg < 8));
		FUZZ_CHECK(!(s.is_immediate && s.is_exchange));
		/* the same bytes decode the same way with more bytes after them */
		uint8_t *longer = malloc(got + 4);
		for (size_t i = 0; i < got; i++)
			longer[i] = code[i];
		for (size_t i = got; i < got + 4; i++)
			longer[i] = 0x90;
		struct mmio_store again;
		FUZZ_CHECK(mmio_decode_store(longer, (unsigned)(got + 4), long_mode, &again) == 0);
		FUZZ_CHECK(again.length == s.length && again.reg == s.reg &&
			   again.immediate == s.immediate);
		free(longer);
	}
	free(code);
	return 0;
}
