/* The GDB remote serial protocol's packet layer: framing ($data#cs),
 * checksums, escapes, run-length encoding, acknowledgements and the
 * interrupt byte, and the hex encodings every command uses. Pure: the same
 * source is unit-tested on the host, malformed and overlong input included.
 * (The protocol: the GDB manual, appendix "GDB Remote Serial Protocol".) */
#ifndef DEBUG_GDB_PACKET_H
#define DEBUG_GDB_PACKET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest decoded packet accepted (advertised in qSupported as
 * PacketSize); longer ones are refused with a NAK. */
#define GDB_PACKET_MAX 4096
#define GDB_INTERRUPT 0x03              /* Ctrl-C from gdb while the target runs */

enum gdb_rx_event {
	GDB_RX_NONE,                    /* byte taken, nothing complete yet */
	GDB_RX_PACKET,                  /* a whole packet with a good checksum: ACK it */
	GDB_RX_BAD,                     /* bad checksum, bad escape or overlong: NAK it */
	GDB_RX_INTERRUPT,               /* 0x03 outside a packet */
	GDB_RX_ACK,                     /* '+' for our last packet */
	GDB_RX_NAK,                     /* '-': send our last packet again */
};

struct gdb_rx {
	enum { RX_IDLE, RX_DATA, RX_ESCAPE, RX_RUN, RX_SUM_HIGH, RX_SUM_LOW } state;
	bool broken;                    /* overlong or malformed: NAK at the end */
	uint8_t sum;                    /* of the bytes between $ and # as sent */
	uint8_t sent_sum;               /* the two hex digits after # */
	size_t length;
	char data[GDB_PACKET_MAX + 1];  /* the decoded packet, NUL-terminated */
};

void gdb_rx_reset(struct gdb_rx *rx);
/* Feeds one received byte. After GDB_RX_PACKET, rx->data/length hold the
 * packet until the next byte is fed. */
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, char c);

/* Frames payload as $payload#cs, escaping '$', '#', '}' and '*'. Returns the
 * framed length, or 0 if it does not fit in out (out_size bytes). */
size_t gdb_frame(const char *payload, size_t length, char *out, size_t out_size);

/* Hex digits: value 0-15, or -1. */
int gdb_hex_digit(char c);
/* Writes 2*n lowercase hex digits (no NUL). */
void gdb_hex_encode(const uint8_t *bytes, size_t n, char *out);
/* Decodes 2*n hex digits into n bytes; returns 0, or -1 on a non-hex digit. */
int gdb_hex_decode(const char *hex, size_t n, uint8_t *out);
/* Parses 1-16 hex digits at *p, advancing *p past them; returns 0, or -1 if
 * there are none or too many. */
int gdb_parse_hex(const char **p, const char *end, uint64_t *value);

#endif
