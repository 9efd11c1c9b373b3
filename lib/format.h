/* printf-style formatting into any character sink. Pure: unit-tested on the host.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%, length modifiers l, ll, z,
 * flags '-' and '0', a field width (number or '*'), and a precision for %s.
 * An unknown conversion is printed as-is, so a typo shows in the output. */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink)(char c, void *ctx);

/* Returns the number of characters produced. */
int format_to(format_sink sink, void *ctx, const char *fmt, va_list ap);

/* Like vsnprintf/snprintf: always NUL-terminates when size > 0, returns the
 * length the full output would have had. */
int format_buffer(char *buf, size_t size, const char *fmt, va_list ap);
int format_string(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
