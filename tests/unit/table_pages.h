/* Page-table memory for the table builders under test (EPT, VT-d): zeroed,
 * 4 KiB-aligned heap pages, whose pointer is their "physical address", with
 * a limit to test running out. */
#ifndef TESTS_UNIT_TABLE_PAGES_H
#define TESTS_UNIT_TABLE_PAGES_H
#include <stdbool.h>
#include <stdint.h>

/* The builders' allocation callback: a page, or NULL past the limit. */
uint64_t *alloc_page(void *ctx);
/* How many pages alloc_page hands out before it returns NULL. */
void set_page_limit(unsigned pages);
/* How many pages are handed out now. */
unsigned pages_allocated(void);
/* True when page is one alloc_page handed out and not yet freed. */
bool page_allocated(const void *page);
/* Frees every page handed out. */
void free_pages(void);

#endif
