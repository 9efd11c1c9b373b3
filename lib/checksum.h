/* FNV-1a, 64-bit: a cheap checksum to notice that memory changed. Pure. */
#ifndef LIB_CHECKSUM_H
#define LIB_CHECKSUM_H
#include <stddef.h>
#include <stdint.h>

uint64_t checksum_fnv1a(const void *data, size_t size);

#endif
