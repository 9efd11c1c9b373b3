/* The packet layer; see gdb_packet.h. */
#include "debug/gdb_packet.h"

/* Run-length encoding: "X*n" repeats X (n - 29) more times; gdb never
 * sends a count below 3 or one of the framing characters. */
#define RLE_BIAS 29
#define RLE_MIN ' '                    /* 3 more copies */
#define ESCAPE_XOR 0x20

void gdb_rx_reset(struct gdb_rx *rx)
{
	rx->state = RX_IDLE;
	rx->broken = false;
	rx->sum = 0;
	rx->length = 0;
	rx->data[0] = '\0';
}

static void store(struct gdb_rx *rx, char c)
{
	if (rx->length == GDB_PACKET_MAX) {
		rx->broken = true;
		return;
	}
	rx->data[rx->length++] = c;
}

static enum gdb_rx_event idle_byte(struct gdb_rx *rx, char c)
{
	switch (c) {
	case '$':
		gdb_rx_reset(rx);
		rx->state = RX_DATA;
		return GDB_RX_NONE;
	case GDB_INTERRUPT: return GDB_RX_INTERRUPT;
	case '+': return GDB_RX_ACK;
	case '-': return GDB_RX_NAK;
	default: return GDB_RX_NONE;        /* line noise between packets */
	}
}

static void repeat_last(struct gdb_rx *rx, char count)
{
	if (rx->length == 0 || count < RLE_MIN || count == '#' || count == '$') {
		rx->broken = true;
		return;
	}
	char last = rx->data[rx->length - 1];
	for (int n = count - RLE_BIAS; n > 0; n--)
		store(rx, last);
}

static enum gdb_rx_event checksum_digit(struct gdb_rx *rx, char c)
{
	int digit = gdb_hex_digit(c);
	if (digit < 0)
		rx->broken = true;
	if (rx->state == RX_SUM_HIGH) {
		rx->sent_sum = (uint8_t)((digit < 0 ? 0 : digit) << 4);
		rx->state = RX_SUM_LOW;
		return GDB_RX_NONE;
	}
	rx->sent_sum |= (uint8_t)(digit < 0 ? 0 : digit);
	rx->state = RX_IDLE;
	rx->data[rx->length] = '\0';
	return rx->broken || rx->sent_sum != rx->sum ? GDB_RX_BAD : GDB_RX_PACKET;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, char c)
{
	if (rx->state == RX_IDLE)
		return idle_byte(rx, c);
	if (rx->state == RX_SUM_HIGH || rx->state == RX_SUM_LOW)
		return checksum_digit(rx, c);
	if (c == '$') {                 /* a new packet start abandons this one */
		gdb_rx_reset(rx);
		rx->state = RX_DATA;
		return GDB_RX_NONE;
	}
	if (c == '#') {
		if (rx->state != RX_DATA)
			rx->broken = true;      /* '}' or '*' with nothing after it */
		rx->state = RX_SUM_HIGH;
		return GDB_RX_NONE;
	}
	rx->sum = (uint8_t)(rx->sum + (uint8_t)c);
	if (rx->state == RX_ESCAPE) {
		store(rx, (char)(c ^ ESCAPE_XOR));
		rx->state = RX_DATA;
	} else if (rx->state == RX_RUN) {
		repeat_last(rx, c);
		rx->state = RX_DATA;
	} else if (c == '}') {
		rx->state = RX_ESCAPE;
	} else if (c == '*') {
		rx->state = RX_RUN;
	} else {
		store(rx, c);
	}
	return GDB_RX_NONE;
}

static bool needs_escape(char c)
{
	return c == '$' || c == '#' || c == '}' || c == '*';
}

size_t gdb_frame(const char *payload, size_t length, char *out, size_t out_size)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	uint8_t sum = 0;
	if (out_size < 4)
		return 0;
	out[n++] = '$';
	for (size_t i = 0; i < length; i++) {
		bool escape = needs_escape(payload[i]);
		if (n + (escape ? 2 : 1) + 3 > out_size)
			return 0;
		char c = escape ? (char)(payload[i] ^ ESCAPE_XOR) : payload[i];
		if (escape) {
			out[n++] = '}';
			sum = (uint8_t)(sum + '}');
		}
		out[n++] = c;
		sum = (uint8_t)(sum + (uint8_t)c);
	}
	out[n++] = '#';
	out[n++] = hex[sum >> 4];
	out[n++] = hex[sum & 15];
	return n;
}

int gdb_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void gdb_hex_encode(const uint8_t *bytes, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
}

int gdb_hex_decode(const char *hex, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int high = gdb_hex_digit(hex[2 * i]), low = gdb_hex_digit(hex[2 * i + 1]);
		if (high < 0 || low < 0)
			return -1;
		out[i] = (uint8_t)(high << 4 | low);
	}
	return 0;
}

int gdb_parse_hex(const char **p, const char *end, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;
	unsigned digits = 0;
	for (; s < end && gdb_hex_digit(*s) >= 0; s++, digits++) {
		if (digits == 16)
			return -1;
		v = v << 4 | (uint64_t)gdb_hex_digit(*s);
	}
	if (digits == 0)
		return -1;
	*p = s;
	*value = v;
	return 0;
}
