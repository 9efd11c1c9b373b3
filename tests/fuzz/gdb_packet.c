/* The gdb stub's packet layer and command parser (debug/gdb_packet.c,
 * debug/gdb_command.c), fed the bytes that arrive over the serial line from
 * whoever is at the other end. Input: the byte stream. */
#include <stdlib.h>
#include <string.h>
#include "debug/gdb_command.h"
#include "debug/gdb_packet.h"
#include "tests/fuzz/fuzz.h"

/* A command's pointers stay inside the packet they came from. */
static void check_command(const char *packet, size_t length)
{
	/* an exact-size copy, so a read past the packet is caught */
	char *copy = malloc(length ? length : 1);
	memcpy(copy, packet, length);
	struct gdb_command c;
	if (gdb_parse_command(copy, length, &c) == 0) {
		if (c.data)
			FUZZ_CHECK(fuzz_inside(c.data, c.data_length, copy, length));
		if (c.annex)
			FUZZ_CHECK(fuzz_inside(c.annex, c.annex_length, copy, length));
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdb_rx rx;
	gdb_rx_reset(&rx);
	for (size_t i = 0; i < size; i++) {
		enum gdb_rx_event e = gdb_rx_feed(&rx, (char)data[i]);
		FUZZ_CHECK(rx.length <= GDB_PACKET_MAX);
		if (e != GDB_RX_PACKET)
			continue;
		FUZZ_CHECK(rx.data[rx.length] == '\0');
		check_command(rx.data, rx.length);
		/* framed again, the packet decodes to the same bytes */
		static char framed[2 * GDB_PACKET_MAX + 8];
		size_t n = gdb_frame(rx.data, rx.length, framed, sizeof(framed));
		FUZZ_CHECK(n > 0);
		static struct gdb_rx again;
		gdb_rx_reset(&again);
		enum gdb_rx_event last = GDB_RX_NONE;
		for (size_t j = 0; j < n; j++)
			last = gdb_rx_feed(&again, framed[j]);
		FUZZ_CHECK(last == GDB_RX_PACKET && again.length == rx.length &&
			   memcmp(again.data, rx.data, rx.length) == 0);
	}
	return 0;
}
