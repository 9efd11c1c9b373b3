/* See table_pages.h. */
#include "tests/unit/table_pages.h"
#include <stdlib.h>
#include <string.h>

static void *pages[4096];
static unsigned page_count;
static unsigned page_limit;

uint64_t *alloc_page(void *ctx)
{
	(void)ctx;
	if (page_count >= page_limit)
		return NULL;
	void *p = aligned_alloc(4096, 4096);
	memset(p, 0, 4096);
	pages[page_count++] = p;
	return p;
}

void set_page_limit(unsigned limit)
{
	page_limit = limit < sizeof(pages) / sizeof(pages[0]) ? limit
							      : sizeof(pages) / sizeof(pages[0]);
}

unsigned pages_allocated(void)
{
	return page_count;
}

bool page_allocated(const void *page)
{
	for (unsigned i = 0; i < page_count; i++)
		if (pages[i] == page)
			return true;
	return false;
}

void free_pages(void)
{
	while (page_count)
		free(pages[--page_count]);
}
