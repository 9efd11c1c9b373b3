/* See trace_filter.h. */
#include "debug/trace_filter.h"
#include "lib/format.h"
#include "lib/string.h"
#include "vmx/exit_reasons.h"

struct group {
	const char *name;
	uint8_t reasons[13];            /* 0-terminated, except for the first entry */
	uint8_t count;
};

static const struct group groups[] = {
	{ "exception", { EXIT_REASON_EXCEPTION_NMI }, 1 },
	{ "interrupt", { EXIT_REASON_EXTERNAL_INTERRUPT }, 1 },
	{ "triple", { EXIT_REASON_TRIPLE_FAULT }, 1 },
	{ "init", { EXIT_REASON_INIT_SIGNAL, EXIT_REASON_SIPI_SIGNAL }, 2 },
	{ "cpuid", { EXIT_REASON_CPUID }, 1 },
	{ "hlt", { EXIT_REASON_HLT }, 1 },
	{ "cache", { EXIT_REASON_INVD, EXIT_REASON_WBINVD }, 2 },
	{ "vmcall", { EXIT_REASON_VMCALL }, 1 },
	{ "vmx", { EXIT_REASON_VMCLEAR, EXIT_REASON_VMLAUNCH, EXIT_REASON_VMPTRLD,
		   EXIT_REASON_VMPTRST, EXIT_REASON_VMREAD, EXIT_REASON_VMRESUME,
		   EXIT_REASON_VMWRITE, EXIT_REASON_VMXOFF, EXIT_REASON_VMXON,
		   EXIT_REASON_INVEPT, EXIT_REASON_INVVPID, EXIT_REASON_VMFUNC }, 12 },
	{ "cr", { EXIT_REASON_CR_ACCESS }, 1 },
	{ "io", { EXIT_REASON_IO_INSTRUCTION }, 1 },
	{ "msr", { EXIT_REASON_MSR_READ, EXIT_REASON_MSR_WRITE }, 2 },
	{ "rdmsr", { EXIT_REASON_MSR_READ }, 1 },
	{ "wrmsr", { EXIT_REASON_MSR_WRITE }, 1 },
	{ "ept", { EXIT_REASON_EPT_VIOLATION, EXIT_REASON_EPT_MISCONFIG }, 2 },
	{ "xsetbv", { EXIT_REASON_XSETBV }, 1 },
};

static void add(struct trace_filter *f, unsigned reason)
{
	f->reasons[reason / 64] |= 1ull << (reason % 64);
}

static bool word_is(const char *word, size_t len, const char *name)
{
	return strlen(name) == len && !strncmp(word, name, len);
}

static int apply_word(const char *word, size_t len, struct trace_filter *f)
{
	if (word_is(word, len, "exits") || word_is(word, len, "all")) {
		f->reasons[0] = f->reasons[1] = ~0ull;
		return 0;
	}
	if (word_is(word, len, "none")) {
		f->reasons[0] = f->reasons[1] = 0;
		return 0;
	}
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		if (!word_is(word, len, groups[g].name))
			continue;
		for (unsigned i = 0; i < groups[g].count; i++)
			add(f, groups[g].reasons[i]);
		return 0;
	}
	unsigned value = 0;
	if (len == 0 || len > 3)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (word[i] < '0' || word[i] > '9')
			return -1;
		value = value * 10 + (unsigned)(word[i] - '0');
	}
	if (value >= 128)
		return -1;
	add(f, value);
	return 0;
}

int trace_filter_parse(const char *spec, size_t length, struct trace_filter *out, char *err,
		       size_t err_size)
{
	struct trace_filter f = { { 0, 0 } };
	size_t i = 0;
	for (;;) {
		size_t start = i;
		while (i < length && spec[i] && spec[i] != ',')
			i++;
		if (apply_word(spec + start, i - start, &f)) {
			format_string(err, err_size,
				      "unknown exit filter '%.*s' (exits, none, cpuid, io, msr, cr, "
				      "ept, exception, hlt, vmcall, vmx, ... or a reason number)",
				      (int)(i - start), spec + start);
			return -1;
		}
		if (i >= length || !spec[i])
			break;
		i++;                    /* the comma */
	}
	*out = f;
	return 0;
}

bool trace_filter_has(const struct trace_filter *f, unsigned reason)
{
	return reason < 128 && (f->reasons[reason / 64] >> (reason % 64)) & 1;
}

bool trace_filter_empty(const struct trace_filter *f)
{
	return !f->reasons[0] && !f->reasons[1];
}
