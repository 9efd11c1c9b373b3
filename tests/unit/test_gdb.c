/* The gdb stub's pure parts: the packet layer (framing, checksums, escapes,
 * run-length decoding, acknowledgements, interrupt, malformed and overlong
 * packets), the command parser, and the register layouts with their target
 * descriptions and encodings. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "debug/gdb_command.h"
#include "debug/gdb_packet.h"
#include "debug/gdb_regs.h"

static struct gdb_rx rx;

/* Feeds a string; returns the last event other than GDB_RX_NONE. */
static enum gdb_rx_event feed(const char *bytes)
{
	enum gdb_rx_event last = GDB_RX_NONE;
	for (; *bytes; bytes++) {
		enum gdb_rx_event e = gdb_rx_feed(&rx, *bytes);
		if (e != GDB_RX_NONE)
			last = e;
	}
	return last;
}

static void framing_and_checksum(void)
{
	gdb_rx_reset(&rx);
	CHECK(feed("$g#67") == GDB_RX_PACKET && rx.length == 1 && !strcmp(rx.data, "g"));
	CHECK(feed("$m100010,4#ef") == GDB_RX_PACKET && !strcmp(rx.data, "m100010,4"));
	CHECK(feed("$?#3F") == GDB_RX_PACKET);                  /* upper-case digits */
	CHECK(feed("$#00") == GDB_RX_PACKET && rx.length == 0);
	CHECK(feed("noise$g#67") == GDB_RX_PACKET);              /* junk between packets */
	CHECK(feed("$ga$g#67") == GDB_RX_PACKET && rx.length == 1); /* '$' restarts */
}

static void bad_packets_are_naked(void)
{
	gdb_rx_reset(&rx);
	CHECK(feed("$g#66") == GDB_RX_BAD);                     /* wrong checksum */
	CHECK(feed("$g#6z") == GDB_RX_BAD);                     /* not hex */
	CHECK(feed("$}#00") == GDB_RX_BAD);                     /* escape with nothing after */
	CHECK(feed("$*#00") == GDB_RX_BAD);                     /* run with nothing before */
	CHECK(feed("$g#67") == GDB_RX_PACKET);                  /* and it recovers */
}

static void overlong_packet(void)
{
	size_t n = GDB_PACKET_MAX + 10;
	char *p = malloc(n + 5);
	unsigned sum = 0;
	p[0] = '$';
	for (size_t i = 1; i <= n; i++) {
		p[i] = 'a';
		sum += 'a';
	}
	snprintf(p + n + 1, 4, "#%02x", sum & 0xff);
	gdb_rx_reset(&rx);
	CHECK(feed(p) == GDB_RX_BAD);
	CHECK(rx.length <= GDB_PACKET_MAX);
	/* a run-length count that would overflow is refused the same way */
	CHECK(feed("$a*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~"
		   "*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~*~#00") == GDB_RX_BAD);
	CHECK(feed("$g#67") == GDB_RX_PACKET);
	free(p);
}

static void escapes_and_runs(void)
{
	gdb_rx_reset(&rx);
	/* "}]" decodes to '}' (0x5d ^ 0x20 = 0x7d); the checksum is of the bytes sent */
	CHECK(feed("$X}]#32") == GDB_RX_PACKET && rx.length == 2 && rx.data[1] == '}');
	/* "0* " is '0' repeated 32 - 29 = 3 more times */
	CHECK(feed("$0* #7a") == GDB_RX_PACKET && !strcmp(rx.data, "0000"));
}

static void acks_and_interrupt(void)
{
	gdb_rx_reset(&rx);
	CHECK(gdb_rx_feed(&rx, '+') == GDB_RX_ACK);
	CHECK(gdb_rx_feed(&rx, '-') == GDB_RX_NAK);
	CHECK(gdb_rx_feed(&rx, 0x03) == GDB_RX_INTERRUPT);
	/* inside a packet, 0x03 is data */
	CHECK(feed("$\x03#03") == GDB_RX_PACKET && rx.data[0] == 0x03);
}

static void frame_escapes(void)
{
	char out[32];
	size_t n = gdb_frame("OK", 2, out, sizeof(out));
	CHECK(n == 6 && !memcmp(out, "$OK#9a", 6));
	n = gdb_frame("a#b", 3, out, sizeof(out));
	CHECK(n == 8 && !memcmp(out, "$a}\x03" "b#43", 8));
	/* what is framed decodes back to itself */
	gdb_rx_reset(&rx);
	out[n] = '\0';
	CHECK(feed(out) == GDB_RX_PACKET && !strcmp(rx.data, "a#b"));
	CHECK(gdb_frame("toolong", 7, out, 8) == 0);
}

static void hex(void)
{
	uint8_t bytes[4];
	char text[9] = { 0 };
	CHECK(gdb_hex_decode("00ff7A", 3, bytes) == 0 && bytes[1] == 0xff && bytes[2] == 0x7a);
	CHECK(gdb_hex_decode("0g", 1, bytes) == -1);
	gdb_hex_encode((const uint8_t *)"\x12\xab", 2, text);
	CHECK(!strcmp(text, "12ab"));
	const char *s = "ffffffff81000000,", *end = s + strlen(s);
	uint64_t v;
	CHECK(gdb_parse_hex(&s, end, &v) == 0 && v == 0xffffffff81000000ull && *s == ',');
	s = "10000000000000000";
	CHECK(gdb_parse_hex(&s, s + 17, &v) == -1);             /* 17 digits */
	s = ",";
	CHECK(gdb_parse_hex(&s, s + 1, &v) == -1);
}

static struct gdb_command cmd;

static int parse(const char *packet)
{
	return gdb_parse_command(packet, strlen(packet), &cmd);
}

static void commands(void)
{
	CHECK(parse("?") == 0 && cmd.kind == GDB_STOP_REASON);
	CHECK(parse("g") == 0 && cmd.kind == GDB_READ_REGISTERS);
	CHECK(parse("m100010,40") == 0 && cmd.kind == GDB_READ_MEMORY &&
	      cmd.address == 0x100010 && cmd.length == 0x40);
	CHECK(parse("M100,2:cc90") == 0 && cmd.kind == GDB_WRITE_MEMORY && cmd.data_length == 4);
	CHECK(parse("X100,0:") == 0 && cmd.kind == GDB_WRITE_MEMORY_BINARY && cmd.length == 0);
	CHECK(parse("p8") == 0 && cmd.kind == GDB_READ_REGISTER && cmd.number == 8);
	CHECK(parse("P8=10001000") == 0 && cmd.kind == GDB_WRITE_REGISTER && cmd.data_length == 8);
	CHECK(parse("c") == 0 && cmd.kind == GDB_CONTINUE && !cmd.has_address);
	CHECK(parse("s100020") == 0 && cmd.kind == GDB_STEP && cmd.has_address &&
	      cmd.address == 0x100020);
	CHECK(parse("vCont?") == 0 && cmd.kind == GDB_VCONT_QUERY);
	CHECK(parse("vCont;s:1;c") == 0 && cmd.kind == GDB_STEP && cmd.thread == 1);
	CHECK(parse("vCont;c") == 0 && cmd.kind == GDB_CONTINUE && cmd.thread == 0);
	CHECK(parse("Z0,100de0,1") == 0 && cmd.kind == GDB_INSERT_BREAKPOINT &&
	      cmd.number == GDB_BREAK_SOFTWARE && cmd.address == 0x100de0 && cmd.length == 1);
	CHECK(parse("z2,105000,4") == 0 && cmd.kind == GDB_REMOVE_BREAKPOINT &&
	      cmd.number == GDB_WATCH_WRITE);
	CHECK(parse("D") == 0 && cmd.kind == GDB_DETACH);
	CHECK(parse("D;1") == 0 && cmd.kind == GDB_DETACH);
	CHECK(parse("k") == 0 && cmd.kind == GDB_KILL);
	CHECK(parse("qSupported:multiprocess+;swbreak+") == 0 && cmd.kind == GDB_QUERY_SUPPORTED);
	CHECK(parse("qXfer:features:read:target.xml:0,ffb") == 0 &&
	      cmd.kind == GDB_READ_FEATURES && cmd.annex_length == 10 &&
	      !strncmp(cmd.annex, "target.xml", 10) && cmd.offset == 0 && cmd.length == 0xffb);
	CHECK(parse("Hg0") == 0 && cmd.kind == GDB_SET_THREAD && cmd.number == 'g' &&
	      cmd.thread == 0);
	CHECK(parse("Hc-1") == 0 && cmd.thread == -1);
	CHECK(parse("T1") == 0 && cmd.kind == GDB_THREAD_ALIVE && cmd.thread == 1);
	CHECK(parse("qC") == 0 && cmd.kind == GDB_CURRENT_THREAD);
	CHECK(parse("qfThreadInfo") == 0 && cmd.kind == GDB_FIRST_THREAD_INFO);
	CHECK(parse("qsThreadInfo") == 0 && cmd.kind == GDB_NEXT_THREAD_INFO);
	CHECK(parse("qAttached:1") == 0 && cmd.kind == GDB_QUERY_ATTACHED);
}

/* Each vCPU is a thread: ids in H, T and vCont's actions. */
static void thread_ids(void)
{
	CHECK(parse("Hg2") == 0 && cmd.kind == GDB_SET_THREAD && cmd.number == 'g' &&
	      cmd.thread == 2);
	CHECK(parse("Hc10") == 0 && cmd.number == 'c' && cmd.thread == 0x10);
	CHECK(parse("T2") == 0 && cmd.kind == GDB_THREAD_ALIVE && cmd.thread == 2);
	/* gdb's step with scheduler-locking off: thread 2 steps, the rest continue */
	CHECK(parse("vCont;s:2;c") == 0 && cmd.kind == GDB_STEP && cmd.thread == 2);
	CHECK(parse("vCont;c;s:2") == 0 && cmd.kind == GDB_STEP && cmd.thread == 2);
	CHECK(parse("vCont;s:2") == 0 && cmd.kind == GDB_STEP && cmd.thread == 2);
	CHECK(parse("vCont;S05:a") == 0 && cmd.kind == GDB_STEP && cmd.thread == 0xa);
	CHECK(parse("vCont;s") == 0 && cmd.kind == GDB_STEP && cmd.thread == 0);
	CHECK(parse("vCont;s:-1") == 0 && cmd.kind == GDB_STEP && cmd.thread == -1);
	CHECK(parse("vCont;c:1;c:2") == 0 && cmd.kind == GDB_CONTINUE);
	CHECK(parse("vCont;C02:1") == 0 && cmd.kind == GDB_CONTINUE);
	/* the first step action names the thread */
	CHECK(parse("vCont;s:1;s:2") == 0 && cmd.kind == GDB_STEP && cmd.thread == 1);
}

static void unknown_commands_are_unsupported(void)
{
	CHECK(parse("vMustReplyEmpty") == 0 && cmd.kind == GDB_UNSUPPORTED);
	CHECK(parse("qTStatus") == 0 && cmd.kind == GDB_UNSUPPORTED);
	CHECK(parse("!") == 0 && cmd.kind == GDB_UNSUPPORTED);
	CHECK(gdb_parse_command("", 0, &cmd) == 0 && cmd.kind == GDB_UNSUPPORTED);
}

static void malformed_commands(void)
{
	CHECK(parse("m100010") == -1);                          /* no length */
	CHECK(parse("m,4") == -1);
	CHECK(parse("mzz,4") == -1);
	CHECK(parse("m1,4x") == -1);                            /* trailing junk */
	CHECK(parse("M100,2:cc") == -1);                        /* data shorter than length */
	CHECK(parse("M100,2cc90") == -1);                       /* no ':' */
	CHECK(parse("X100,4:ab") == -1);
	CHECK(parse("M0,fffff:00") == -1);                      /* longer than any packet */
	CHECK(parse("P8") == -1 && parse("P8=1") == -1 && parse("p") == -1);
	CHECK(parse("G123") == -1);                             /* odd hex */
	CHECK(parse("Z5,100,1") == -1);                         /* no such type */
	CHECK(parse("Z0,100") == -1);
	CHECK(parse("cq") == -1);
	CHECK(parse("Hx0") == -1);
	CHECK(parse("vCont;t") == -1);
	CHECK(parse("vCont") == -1 && parse("vCont;") == -1 && parse("vCont;c;") == -1);
	CHECK(parse("vCont;s:") == -1 && parse("vCont;s:zz") == -1);
	CHECK(parse("vCont;s:2x") == -1 && parse("vCont;s2") == -1);
	CHECK(parse("vCont;S:1") == -1);                        /* S needs its signal */
	CHECK(parse("vCont;s:80000000") == -1);                 /* beyond any thread id */
	CHECK(parse("Hg") == -1 && parse("Hg2x") == -1 && parse("T") == -1);
	CHECK(parse("qXfer:features:read:target.xml:0") == -1);
	CHECK(parse("?x") == -1 && parse("gg") == -1 && parse("kk") == -1);
}

static uint64_t fake_value(enum gdb_reg_source s)
{
	return 0x1111111111111111ull * (uint64_t)(s % 15 + 1);
}

static bool fake_read(void *ctx, enum gdb_reg_source s, uint64_t *value)
{
	(void)ctx;
	*value = fake_value(s);
	return true;
}

static void layouts_and_descriptions(void)
{
	static char xml[4096];
	const struct gdb_reg_layout *l32 = gdb_reg_layout(false), *l64 = gdb_reg_layout(true);
	CHECK(!strcmp(l32->architecture, "i386") && !strcmp(l64->architecture, "i386:x86-64"));
	CHECK(!strcmp(l32->regs[8].name, "eip") && !strcmp(l64->regs[16].name, "rip"));
	size_t n = gdb_target_xml(l32, xml, sizeof(xml));
	CHECK(n > 0 && n == strlen(xml));
	CHECK(strstr(xml, "<architecture>i386</architecture>") != NULL);
	CHECK(strstr(xml, "<feature name=\"org.gnu.gdb.i386.core\"><reg name=\"eax\" bitsize=\"32\"") != NULL);
	CHECK(strstr(xml, "<reg name=\"cr3\" bitsize=\"32\" type=\"int\"/>") != NULL);
	CHECK(!strcmp(xml + n - 19, "</feature></target>"));
	n = gdb_target_xml(l64, xml, sizeof(xml));
	CHECK(n > 0 && strstr(xml, "<architecture>i386:x86-64</architecture>") != NULL);
	CHECK(strstr(xml, "<reg name=\"r15\" bitsize=\"64\" type=\"int64\"/>") != NULL);
	CHECK(strstr(xml, "<reg name=\"xmm15\" bitsize=\"128\"") != NULL);
	/* one <feature> per group, in order */
	char *core = strstr(xml, "i386.core"), *sse = strstr(xml, "i386.sse");
	CHECK(core && sse && core < sse && !strstr(sse + 1, "i386.core"));
	CHECK(gdb_target_xml(l64, xml, 100) == 0);              /* does not fit */
}

static void register_encoding(void)
{
	static char g[2048];
	const struct gdb_reg_layout *l = gdb_reg_layout(false);
	size_t n = gdb_encode_registers(l, fake_read, NULL, g, sizeof(g));
	CHECK(n == gdb_register_offset(l, l->count));
	/* eax (REG_RAX) low 32 bits, little-endian */
	CHECK(!strncmp(g, "11111111", 8));
	/* ecx is REG_RCX: 0x33333333 */
	CHECK(!strncmp(g + 8, "33333333", 8));
	/* st0 is unavailable: "x" digits, 20 of them, after the 16 general and segment registers */
	CHECK(gdb_register_offset(l, 16) == 16 * 8 && !strncmp(g + 128, "xxxxxxxxxxxxxxxxxxxx", 20) &&
	      g[148] == 'x');
	uint64_t v;
	CHECK(gdb_decode_register(l, 8, "10001000", 8, &v) == 0 && v == 0x00100010);
	CHECK(gdb_decode_register(l, 8, "1000100", 7, &v) == -1);       /* wrong size */
	CHECK(gdb_decode_register(l, 8, "1000100z", 8, &v) == -1);
	CHECK(gdb_decode_register(l, 999, "10001000", 8, &v) == -1);
	CHECK(gdb_encode_register(l, 999, fake_read, NULL, g, sizeof(g)) == 0);
	CHECK(gdb_encode_registers(l, fake_read, NULL, g, 100) == 0);   /* too small */
	const struct gdb_reg_layout *l64 = gdb_reg_layout(true);
	CHECK(gdb_encode_register(l64, 16, fake_read, NULL, g, sizeof(g)) == 16 &&
	      !strncmp(g, "2222222222222222", 16));                     /* rip is REG_RIP */
}

const struct unit_test gdb_tests[] = {
	{ "framing_and_checksum", framing_and_checksum },
	{ "bad_packets_are_naked", bad_packets_are_naked },
	{ "overlong_packet", overlong_packet },
	{ "escapes_and_runs", escapes_and_runs },
	{ "acks_and_interrupt", acks_and_interrupt },
	{ "frame_escapes", frame_escapes },
	{ "hex", hex },
	{ "commands", commands },
	{ "thread_ids", thread_ids },
	{ "unknown_commands_are_unsupported", unknown_commands_are_unsupported },
	{ "malformed_commands", malformed_commands },
	{ "layouts_and_descriptions", layouts_and_descriptions },
	{ "register_encoding", register_encoding },
};
const unsigned gdb_test_count = sizeof(gdb_tests) / sizeof(gdb_tests[0]);
