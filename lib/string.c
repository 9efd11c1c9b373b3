/* Freestanding string and memory helpers, for the hypervisor and the test
 * guests (the host unit tests use the C library's). memcpy and memset move
 * whole words with REP MOVS/STOS: they copy the guest kernel and its initrd,
 * megabytes, and in an emulator every iteration counts. */
#include "lib/string.h"

#ifdef __x86_64__
#define WORD_SUFFIX "q"
#else
#define WORD_SUFFIX "l"
#endif

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t words = n / sizeof(long), rest = n % sizeof(long);
	__asm__ volatile("rep movs" WORD_SUFFIX "\n\t"
			 "mov %3, %0\n\t"
			 "rep movsb"
			 : "=&c"(words), "+D"(d), "+S"(src)
			 : "r"(rest), "0"(words)
			 : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	unsigned long pattern = (unsigned char)c * (~0ul / 0xff);   /* the byte in every lane */
	size_t words = n / sizeof(long), rest = n % sizeof(long);
	__asm__ volatile("rep stos" WORD_SUFFIX "\n\t"
			 "mov %3, %0\n\t"
			 "rep stosb"
			 : "=&c"(words), "+D"(d), "+a"(pattern)
			 : "r"(rest), "0"(words)
			 : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}
