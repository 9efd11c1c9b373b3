/* A test-and-test-and-set spinlock for state that two processors can reach
 * at once (the console, the memory pool, EPT). Held for a few hundred
 * instructions at most; interrupts are always off in the hypervisor. */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H
#include <stdbool.h>

struct spinlock {
	volatile int locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			__asm__ volatile("pause");
}

static inline bool spin_trylock(struct spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
