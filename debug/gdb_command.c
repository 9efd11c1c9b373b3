/* The command parser; see gdb_command.h. */
#include "debug/gdb_command.h"
#include "debug/gdb_packet.h"
#include "lib/string.h"

struct cursor {
	const char *p, *end;
};

static bool take(struct cursor *c, char expected)
{
	if (c->p == c->end || *c->p != expected)
		return false;
	c->p++;
	return true;
}

static bool take_text(struct cursor *c, const char *text)
{
	size_t n = strlen(text);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, text, n))
		return false;
	c->p += n;
	return true;
}

static bool hex_number(struct cursor *c, uint64_t *value)
{
	return gdb_parse_hex(&c->p, c->end, value) == 0;
}

static bool at_end(const struct cursor *c)
{
	return c->p == c->end;
}

/* addr,length */
static bool address_and_length(struct cursor *c, struct gdb_command *out)
{
	return hex_number(c, &out->address) && take(c, ',') && hex_number(c, &out->length);
}

static void rest_is_data(struct cursor *c, struct gdb_command *out)
{
	out->data = c->p;
	out->data_length = (size_t)(c->end - c->p);
	c->p = c->end;
}

static int memory_read(struct cursor *c, struct gdb_command *out)
{
	out->kind = GDB_READ_MEMORY;
	return address_and_length(c, out) && at_end(c) ? 0 : -1;
}

/* M addr,length:hex and X addr,length:binary */
static int memory_write(struct cursor *c, struct gdb_command *out, bool binary)
{
	out->kind = binary ? GDB_WRITE_MEMORY_BINARY : GDB_WRITE_MEMORY;
	if (!address_and_length(c, out) || !take(c, ':'))
		return -1;
	rest_is_data(c, out);
	uint64_t expected = binary ? out->length : out->length * 2;
	return out->length <= GDB_PACKET_MAX && out->data_length == expected ? 0 : -1;
}

static int register_access(struct cursor *c, struct gdb_command *out, bool write)
{
	uint64_t n;
	out->kind = write ? GDB_WRITE_REGISTER : GDB_READ_REGISTER;
	if (!hex_number(c, &n) || n > 0xffff)
		return -1;
	out->number = (unsigned)n;
	if (!write)
		return at_end(c) ? 0 : -1;
	if (!take(c, '='))
		return -1;
	rest_is_data(c, out);
	return out->data_length && out->data_length % 2 == 0 ? 0 : -1;
}

/* c [addr] and s [addr] */
static int resume(struct cursor *c, struct gdb_command *out, enum gdb_command_kind kind)
{
	out->kind = kind;
	if (at_end(c))
		return 0;
	out->has_address = true;
	return hex_number(c, &out->address) && at_end(c) ? 0 : -1;
}

/* Z type,addr,kind (conditions after ';' are not offered in qSupported) */
static int breakpoint(struct cursor *c, struct gdb_command *out, bool insert)
{
	uint64_t type;
	out->kind = insert ? GDB_INSERT_BREAKPOINT : GDB_REMOVE_BREAKPOINT;
	if (!hex_number(c, &type) || type > GDB_WATCH_ACCESS || !take(c, ','))
		return -1;
	out->number = (unsigned)type;
	return address_and_length(c, out) && at_end(c) ? 0 : -1;
}

/* A thread id: hex, or -1 for all threads. */
static bool thread_id(struct cursor *c, int64_t *id)
{
	uint64_t v;
	if (take_text(c, "-1")) {
		*id = -1;
		return true;
	}
	if (!hex_number(c, &v) || v > 0x7fffffff)
		return false;
	*id = (int64_t)v;
	return true;
}

static int set_thread(struct cursor *c, struct gdb_command *out)
{
	out->kind = GDB_SET_THREAD;
	if (at_end(c) || (*c->p != 'g' && *c->p != 'c'))
		return -1;
	out->number = (unsigned char)*c->p++;
	return thread_id(c, &out->thread) && at_end(c) ? 0 : -1;
}

/* One vCont action: c, s, Csig or Ssig, then :thread or nothing (all). */
static bool vcont_action(struct cursor *c, char *action, int64_t *thread)
{
	uint64_t signal;
	if (at_end(c))
		return false;
	*action = *c->p++;
	if ((*action == 'C' || *action == 'S') && !hex_number(c, &signal))
		return false;
	if (*action != 'c' && *action != 's' && *action != 'C' && *action != 'S')
		return false;
	*thread = 0;
	return !take(c, ':') || thread_id(c, thread);
}

/* vCont;ACTION[:thread]...: a step action makes it a step of its thread
 * (0: the current one); otherwise every thread continues. Signals are not
 * passed to the guest. */
static int vcont(struct cursor *c, struct gdb_command *out)
{
	if (take(c, '?')) {
		out->kind = GDB_VCONT_QUERY;
		return at_end(c) ? 0 : -1;
	}
	out->kind = GDB_CONTINUE;
	if (at_end(c))
		return -1;
	while (take(c, ';')) {
		char action;
		int64_t thread;
		if (!vcont_action(c, &action, &thread))
			return -1;
		if ((action == 's' || action == 'S') && out->kind != GDB_STEP) {
			out->kind = GDB_STEP;
			out->thread = thread;
		}
	}
	return at_end(c) ? 0 : -1;
}

/* qXfer:features:read:ANNEX:offset,length */
static int read_features(struct cursor *c, struct gdb_command *out)
{
	out->kind = GDB_READ_FEATURES;
	out->annex = c->p;
	while (c->p < c->end && *c->p != ':')
		c->p++;
	out->annex_length = (size_t)(c->p - out->annex);
	if (!take(c, ':') || !hex_number(c, &out->offset) || !take(c, ',') ||
	    !hex_number(c, &out->length))
		return -1;
	return at_end(c) ? 0 : -1;
}

static int query(struct cursor *c, struct gdb_command *out)
{
	if (take_text(c, "Supported")) {
		out->kind = GDB_QUERY_SUPPORTED;
		c->p = c->end;          /* gdb's own features: none changes our reply */
		return 0;
	}
	if (take_text(c, "Xfer:features:read:"))
		return read_features(c, out);
	if (take_text(c, "fThreadInfo"))
		out->kind = GDB_FIRST_THREAD_INFO;
	else if (take_text(c, "sThreadInfo"))
		out->kind = GDB_NEXT_THREAD_INFO;
	else if (take_text(c, "Attached"))
		out->kind = GDB_QUERY_ATTACHED;
	else if (take(c, 'C'))
		out->kind = GDB_CURRENT_THREAD;
	else
		return 0;
	if (out->kind == GDB_QUERY_ATTACHED && take(c, ':'))
		c->p = c->end;          /* qAttached:pid */
	return at_end(c) ? 0 : -1;
}

static int simple(struct cursor *c, struct gdb_command *out, enum gdb_command_kind kind)
{
	out->kind = kind;
	return at_end(c) ? 0 : -1;
}

int gdb_parse_command(const char *packet, size_t length, struct gdb_command *out)
{
	memset(out, 0, sizeof(*out));
	if (length == 0)
		return 0;
	struct cursor c = { packet + 1, packet + length };
	switch (packet[0]) {
	case '?': return simple(&c, out, GDB_STOP_REASON);
	case 'g': return simple(&c, out, GDB_READ_REGISTERS);
	case 'G':
		out->kind = GDB_WRITE_REGISTERS;
		rest_is_data(&c, out);
		return out->data_length % 2 == 0 ? 0 : -1;
	case 'p': return register_access(&c, out, false);
	case 'P': return register_access(&c, out, true);
	case 'm': return memory_read(&c, out);
	case 'M': return memory_write(&c, out, false);
	case 'X': return memory_write(&c, out, true);
	case 'c': return resume(&c, out, GDB_CONTINUE);
	case 's': return resume(&c, out, GDB_STEP);
	case 'Z': return breakpoint(&c, out, true);
	case 'z': return breakpoint(&c, out, false);
	case 'D':
		out->kind = GDB_DETACH;         /* D or D;pid */
		return at_end(&c) || take(&c, ';') ? 0 : -1;
	case 'k': return simple(&c, out, GDB_KILL);
	case 'H': return set_thread(&c, out);
	case 'T':
		out->kind = GDB_THREAD_ALIVE;
		return thread_id(&c, &out->thread) && at_end(&c) ? 0 : -1;
	case 'q': return query(&c, out);
	case 'v':
		if (take_text(&c, "Cont"))
			return vcont(&c, out);
		return 0;
	default: return 0;
	}
}
