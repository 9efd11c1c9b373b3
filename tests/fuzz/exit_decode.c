/* The decoder of exit qualifications (debug/exit_decode.c), fed the fields
 * a guest provokes. Input: reason (2 bytes), qualification, RCX, guest-
 * physical and guest-linear address (8 bytes each), interruption
 * information and error code (4 bytes each), the buffer size (1 byte). */
#include <stdlib.h>
#include <string.h>
#include "debug/exit_decode.h"
#include "tests/fuzz/fuzz.h"

#define FULL 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct exit_info x = { 0 };
	x.reason = (uint32_t)fuzz_take(&in, 2);
	x.qualification = fuzz_take(&in, 8);
	x.rcx = fuzz_take(&in, 8);
	x.guest_physical = fuzz_take(&in, 8);
	x.guest_linear = fuzz_take(&in, 8);
	x.interruption_info = (uint32_t)fuzz_take(&in, 4);
	x.interruption_error = (uint32_t)fuzz_take(&in, 4);
	size_t small = fuzz_take(&in, 1);

	char full[FULL];
	memset(full, 'x', sizeof(full));
	exit_decode(&x, full, sizeof(full));
	FUZZ_CHECK(fuzz_terminated(full, sizeof(full)));
	FUZZ_CHECK(strlen(full) < 128);    /* never cut in the exit log (debug/exit_log.c) */

	/* A smaller buffer gets the same text, cut and terminated, and nothing
	 * is written past it (the buffer is exactly `small` bytes). */
	char *cut = malloc(small ? small : 1);
	exit_decode(&x, small ? cut : NULL, small);
	if (small) {
		FUZZ_CHECK(fuzz_terminated(cut, small));
		FUZZ_CHECK(strncmp(cut, full, small - 1) == 0);
	}
	free(cut);
	return 0;
}
