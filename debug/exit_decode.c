/* See exit_decode.h. Layouts: SDM vol. 3C 27.2.1 (tables 27-3 CR access,
 * 27-5 I/O, 27-7 EPT violation) and 24.9.2 (interruption information). */
#include "debug/exit_decode.h"
#include "lib/format.h"
#include "vmx/exit_reasons.h"

_Static_assert(EXIT_REASON_EPT_VIOLATION == 48 && EXIT_REASON_EPT_MISCONFIG == 49 &&
	       EXIT_REASON_EXCEPTION_NMI == 0, "exit_decode.h inlines these numbers");

static const char *const gpr_names[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static void decode_cr(uint64_t q, char *buf, size_t size)
{
	static const char *const ops[4] = { "mov to", "mov from", "clts", "lmsw" };
	unsigned cr = q & 15, type = (q >> 4) & 3;
	if (type < 2)
		format_string(buf, size, "%s cr%u %s %s", ops[type], cr,
			      type == 0 ? "from" : "to", gpr_names[(q >> 8) & 15]);
	else if (type == 2)
		format_string(buf, size, "clts");
	else
		format_string(buf, size, "lmsw 0x%llx", (unsigned long long)((q >> 16) & 0xffff));
}

static void decode_io(uint64_t q, char *buf, size_t size)
{
	format_string(buf, size, "%s%s port 0x%llx size %u%s", (q & 8) ? "in" : "out",
		      (q & 16) ? "s" : "", (unsigned long long)((q >> 16) & 0xffff),
		      (unsigned)(q & 7) + 1, (q & 32) ? " rep" : "");
}

static void decode_ept(const struct exit_info *x, char *buf, size_t size)
{
	uint64_t q = x->qualification;
	const char *access = (q & 4) ? "fetch" : (q & 2) ? "write" : "read";
	int n = format_string(buf, size, "%s of GPA 0x%llx (entry allowed %c%c%c)", access,
			      (unsigned long long)x->guest_physical, (q & 8) ? 'r' : '-',
			      (q & 16) ? 'w' : '-', (q & 32) ? 'x' : '-');
	if ((q & (1u << 7)) && n >= 0 && (size_t)n < size)
		format_string(buf + n, size - (size_t)n, ", GLA 0x%llx",
			      (unsigned long long)x->guest_linear);
}

static void decode_exception(const struct exit_info *x, char *buf, size_t size)
{
	static const char *const types[8] = {
		"external interrupt", "reserved", "NMI", "hardware exception",
		"software interrupt", "privileged software exception", "software exception",
		"other event",
	};
	uint32_t info = x->interruption_info;
	unsigned vector = info & 0xff, type = (info >> 8) & 7;
	int n = format_string(buf, size, "%s %u", types[type], vector);
	if ((info & (1u << 11)) && n >= 0 && (size_t)n < size)
		n += format_string(buf + n, size - (size_t)n, " error code 0x%x",
				   x->interruption_error);
	if (type == 3 && vector == 14 && n >= 0 && (size_t)n < size)
		format_string(buf + n, size - (size_t)n, " cr2 0x%llx",
			      (unsigned long long)x->qualification);
}

void exit_decode(const struct exit_info *x, char *buf, size_t size)
{
	switch (x->reason) {
	case EXIT_REASON_CR_ACCESS:
		decode_cr(x->qualification, buf, size);
		break;
	case EXIT_REASON_IO_INSTRUCTION:
		decode_io(x->qualification, buf, size);
		break;
	case EXIT_REASON_MSR_READ:
	case EXIT_REASON_MSR_WRITE:
		format_string(buf, size, "msr 0x%llx", (unsigned long long)(uint32_t)x->rcx);
		break;
	case EXIT_REASON_EPT_VIOLATION:
		decode_ept(x, buf, size);
		break;
	case EXIT_REASON_EPT_MISCONFIG:
		format_string(buf, size, "GPA 0x%llx", (unsigned long long)x->guest_physical);
		break;
	case EXIT_REASON_EXCEPTION_NMI:
		decode_exception(x, buf, size);
		break;
	default:
		if (x->qualification)
			format_string(buf, size, "qualification 0x%llx",
				      (unsigned long long)x->qualification);
		else if (size)
			buf[0] = '\0';
		break;
	}
}
