/* printf-style formatting; see format.h. */
#include "lib/format.h"
#include <stdbool.h>
#include <stdint.h>

struct spec {
	bool left;
	char pad;
	int width;
	int precision;          /* -1: none */
};

struct out {
	format_sink sink;
	void *ctx;
	int count;
};

static void emit(struct out *o, char c)
{
	o->sink(c, o->ctx);
	o->count++;
}

static void emit_padded(struct out *o, const struct spec *sp, const char *s, int len)
{
	int fill = sp->width > len ? sp->width - len : 0;
	if (!sp->left)
		for (int i = 0; i < fill; i++)
			emit(o, sp->pad);
	for (int i = 0; i < len; i++)
		emit(o, s[i]);
	if (sp->left)
		for (int i = 0; i < fill; i++)
			emit(o, ' ');
}

static void emit_number(struct out *o, const struct spec *sp, uint64_t value,
			bool negative, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0;

	do {
		buf[sizeof(buf) - 1 - len++] = digits[value % base];
		value /= base;
	} while (value);
	if (negative) {
		if (sp->pad == '0' && !sp->left) {
			/* Sign goes before zero padding: -0042. */
			emit(o, '-');
			struct spec rest = *sp;
			rest.width = sp->width > 0 ? sp->width - 1 : 0;
			emit_padded(o, &rest, buf + sizeof(buf) - len, len);
			return;
		}
		buf[sizeof(buf) - 1 - len++] = '-';
	}
	emit_padded(o, sp, buf + sizeof(buf) - len, len);
}

static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	sp->left = false;
	sp->pad = ' ';
	sp->width = 0;
	sp->precision = -1;
	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->pad = '0';
		else
			break;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		p++;
	}
	while (*p >= '0' && *p <= '9')
		sp->width = sp->width * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		sp->precision = 0;
		if (*p == '*') {
			sp->precision = va_arg(*ap, int);
			p++;
		}
		while (*p >= '0' && *p <= '9')
			sp->precision = sp->precision * 10 + (*p++ - '0');
	}
	return p;
}

/* Reads an integer argument of the size given by the length modifier. */
static uint64_t fetch_unsigned(va_list *ap, int longs, bool size)
{
	if (size)
		return va_arg(*ap, size_t);
	if (longs >= 2)
		return va_arg(*ap, unsigned long long);
	if (longs == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t fetch_signed(va_list *ap, int longs, bool size)
{
	if (size)
		return (int64_t)va_arg(*ap, size_t);
	if (longs >= 2)
		return va_arg(*ap, long long);
	if (longs == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

int format_to(format_sink sink, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = { sink, ctx, 0 };
	va_list ap;
	va_copy(ap, ap_in);

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			emit(&o, *p);
			continue;
		}
		const char *start = p;
		struct spec sp;
		p = parse_spec(p + 1, &sp, &ap);
		int longs = 0;
		bool size = false;
		for (; *p == 'l' || *p == 'z'; p++) {
			if (*p == 'l')
				longs++;
			else
				size = true;
		}
		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&ap, longs, size);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			emit_number(&o, &sp, mag, v < 0, 10, false);
			break;
		}
		case 'u':
			emit_number(&o, &sp, fetch_unsigned(&ap, longs, size), false, 10, false);
			break;
		case 'x':
		case 'X':
			emit_number(&o, &sp, fetch_unsigned(&ap, longs, size), false, 16, *p == 'X');
			break;
		case 'p': {
			emit(&o, '0');
			emit(&o, 'x');
			struct spec ptr = { false, '0', 16, -1 };
			emit_number(&o, &ptr, (uintptr_t)va_arg(ap, void *), false, 16, false);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int len = 0;
			/* C11 7.21.6.1: with a precision, no byte past it is read
			 * (the string need not be terminated). */
			while ((sp.precision < 0 || len < sp.precision) && s[len])
				len++;
			sp.pad = ' ';
			emit_padded(&o, &sp, s, len);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			emit_padded(&o, &sp, &c, 1);
			break;
		}
		case '%':
			emit(&o, '%');
			break;
		default:
			/* Unknown or truncated conversion: print it literally. */
			for (const char *q = start; q <= p && *q; q++)
				emit(&o, *q);
			if (!*p)
				p--;
			break;
		}
	}
	va_end(ap);
	return o.count;
}

struct buffer_sink {
	char *buf;
	size_t size;
	size_t used;
};

static void buffer_put(char c, void *ctx)
{
	struct buffer_sink *b = ctx;
	if (b->used + 1 < b->size)
		b->buf[b->used] = c;
	b->used++;
}

int format_buffer(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer_sink b = { buf, size, 0 };
	int n = format_to(buffer_put, &b, fmt, ap);
	if (size)
		buf[b.used < size ? b.used : size - 1] = '\0';
	return n;
}

int format_string(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = format_buffer(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
