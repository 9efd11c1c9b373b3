/* The hypervisor's memory pool; see memory.h. */
#include "mm/memory.h"
#include "lib/spinlock.h"
#include "arch/console.h"
#include "lib/string.h"
#include "mm/paging.h"

extern char __image_start[], __image_end[];

#define MIB (1024ull * 1024)
#define POOL_BASE_SIZE (16 * MIB)       /* tables, VMCS, bitmaps, stacks */
#define POOL_ALIGN (2 * MIB)            /* lets EPT use 2 MiB pages around it */

static struct frame_allocator system_frames;   /* all RAM, before the pool is carved */
static struct frame_allocator pool;
static struct range_set owned;
static struct range_set owned_ram;      /* the image and the pool */
static struct range_set guest_usable;

void memory_init(const struct boot_info *bi, const struct range_set *in_use,
		 uint64_t extra_bytes)
{
	frames_init(&system_frames, bi->regions, bi->region_count, BOOT_MAPPED_END);
	frames_reserve(&system_frames, (uint64_t)__image_start, (uint64_t)__image_end);
	for (unsigned i = 0; i < in_use->count; i++)
		frames_reserve(&system_frames, in_use->r[i].base, in_use->r[i].end);

	uint64_t size = (POOL_BASE_SIZE + extra_bytes + POOL_ALIGN - 1) & ~(POOL_ALIGN - 1);
	uint64_t base = frames_alloc(&system_frames, size / PAGE_SIZE, POOL_ALIGN);
	if (!base)
		panic("not enough memory for the hypervisor's pool of %llu MiB",
		      (unsigned long long)(size / MIB));
	struct mem_region pool_region = { base, size, MEM_USABLE };
	frames_init(&pool, &pool_region, 1, base + size);

	range_set_clear(&owned_ram);
	range_set_add(&owned_ram, (uint64_t)__image_start, (uint64_t)__image_end);
	range_set_add(&owned_ram, base, base + size);
	owned = owned_ram;

	/* Guests may use all usable RAM but the hypervisor's (the boot data is
	 * copied into the pool, so its first home is given to the guest). */
	usable_memory_ranges(&guest_usable, bi->regions, bi->region_count, UINT64_MAX);
	for (unsigned i = 0; i < owned.count; i++)
		range_set_remove(&guest_usable, owned.r[i].base, owned.r[i].end);
	printk("memory: hypervisor pool %llx-%llx (%llu MiB), image %llx-%llx\n",
	       (unsigned long long)base, (unsigned long long)(base + size),
	       (unsigned long long)(size / MIB), (unsigned long long)(uint64_t)__image_start,
	       (unsigned long long)(uint64_t)__image_end);
}

/* Every processor allocates (VMCS, EPT tables on first touch). */
static struct spinlock pool_lock;

void *pages_try_alloc(uint64_t pages)
{
	spin_lock(&pool_lock);
	uint64_t pa = frames_alloc(&pool, pages, PAGE_SIZE);
	spin_unlock(&pool_lock);
	if (pa)
		memset((void *)pa, 0, pages * PAGE_SIZE);
	return (void *)pa;
}

void *pages_alloc(uint64_t pages)
{
	void *p = pages_try_alloc(pages);
	if (!p)
		panic("hypervisor pool exhausted (asked for %llu pages, %llu KiB free)",
		      (unsigned long long)pages, (unsigned long long)(frames_free_bytes(&pool) / 1024));
	return p;
}

uint64_t *page_alloc(void)
{
	return pages_alloc(1);
}

const struct range_set *hypervisor_memory(void)
{
	return &owned;
}

const struct range_set *guest_usable_memory(void)
{
	return &guest_usable;
}

void memory_claim_for_hypervisor(uint64_t base, uint64_t end)
{
	if (!range_set_add(&owned, base, end) || !range_set_remove(&guest_usable, base, end))
		panic("hypervisor memory: no room to record %llx-%llx", (unsigned long long)base,
		      (unsigned long long)end);
}

uint64_t memory_pool_free_bytes(void)
{
	return frames_free_bytes(&pool);
}

uint64_t memory_scrub(const struct range_set *keep)
{
	struct range_set zero = owned_ram;
	for (unsigned i = 0; i < keep->count; i++)
		range_set_remove(&zero, keep->r[i].base, keep->r[i].end);
	for (unsigned i = 0; i < zero.count; i++)
		memset((void *)zero.r[i].base, 0, zero.r[i].end - zero.r[i].base);
	return range_set_total(&zero);
}
