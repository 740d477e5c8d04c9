// SPDX-License-Identifier: GPL-2.0
/*
 * Pageable objects: dontneed and willneed, purge, and the shrinker that
 * discards dontneed pages and releases held folios.
 *
 * Copyright (C) 2026 The pageable authors
 */

#include <linux/list_lru.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/shmem_fs.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/swap.h>

#include "internal.h"
#include "pageable.h"
#include "swap.h"

#include <trace/events/pageable.h>

struct list_lru pageable_lru;
atomic_long_t pageable_nr_dontneed = ATOMIC_LONG_INIT(0);
atomic_long_t pageable_nr_discardable = ATOMIC_LONG_INIT(0);
atomic_long_t pageable_nr_discarded = ATOMIC_LONG_INIT(0);

/* Forget the dontneed state of an object that is going away. */
void pageable_dontneed_destroy(struct pageable *obj)
{
	struct pageable_dontneed_state *state = obj->dontneed;

	list_lru_del_obj(&pageable_lru, &obj->lru);
	if (!state)
		return;
	atomic_long_sub(state->nr_dontneed, &pageable_nr_dontneed);
	atomic_long_sub(state->nr_kept, &pageable_nr_discardable);
	obj->dontneed = NULL;
	kvfree(state);
}

/*
 * Does [first, first + nr) have pages in the dontneed state?  They must be
 * taken back with pageable_willneed() before they are populated again.
 */
bool pageable_dontneed_busy(struct pageable *obj, pgoff_t first,
			    unsigned long nr)
{
	bool busy = false;

	if (!READ_ONCE(obj->dontneed))
		return false;
	mutex_lock(&obj->mutex);
	if (obj->dontneed)
		busy = find_next_bit(pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_STATE),
				     first + nr, first) < first + nr;
	mutex_unlock(&obj->mutex);
	return busy;
}

/* A hole in the dontneed state now has contents to keep. */
static void pageable_dontneed_keep(struct pageable *obj, pgoff_t index)
{
	struct pageable_dontneed_state *state = obj->dontneed;

	lockdep_assert_held(&obj->mutex);
	if (test_bit(index, pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_LOST)) ||
	    __test_and_set_bit(index, pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_KEPT)))
		return;
	state->nr_kept++;
	atomic_long_inc(&pageable_nr_discardable);
}

/* The contents of [first, first + nr), all dontneed, are gone. */
static void pageable_dontneed_lose(struct pageable *obj, pgoff_t first,
				   unsigned long nr)
{
	unsigned long *kept = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_KEPT);
	unsigned long *lost = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_LOST);
	struct pageable_dontneed_state *state = obj->dontneed;
	unsigned long i, was_kept = 0, newly_lost = 0;

	lockdep_assert_held(&obj->mutex);
	for (i = first; i < first + nr; i++) {
		if (__test_and_clear_bit(i, kept))
			was_kept++;
		if (!__test_and_set_bit(i, lost))
			newly_lost++;
	}
	state->nr_kept -= was_kept;
	state->nr_lost += newly_lost;
	atomic_long_sub(was_kept, &pageable_nr_discardable);
	atomic_long_add(newly_lost, &pageable_nr_discarded);
	if (newly_lost)
		trace_pageable_discard(obj->id, first, nr, newly_lost);
}

/*
 * Discard a folio whose pages are all kept dontneed pages.  One that is
 * locked, mapped, under writeback or pinned stays for a later scan:
 * mapping_evict_folio() refuses any reference beyond the page cache's and
 * ours.  Returns the number of pages freed.
 */
static long pageable_discard_folio(struct address_space *mapping,
				   struct folio *folio)
{
	long freed = 0;

	if (!folio_trylock(folio))
		return 0;
	if (folio->mapping == mapping) {
		/* Written since pageable_dontneed(): throw it away all the same. */
		folio_clear_dirty_for_io(folio);
		freed = mapping_evict_folio(mapping, folio);
	}
	folio_unlock(folio);
	return freed;
}

/*
 * Walk the kept pages of [first, last]: note those that reclaim dropped
 * since they were declared dontneed, and discard or restore the others as
 * @mode says.  Restored pages are wanted from now on, and must go to swap
 * rather than be dropped: a large folio that straddles the range is
 * restored too, while only whole folios are discarded.  A locked object
 * keeps its pages.  Stops when *@budget pages were looked at, and then
 * sets *@stop (if not %NULL) to the first page not looked at.  Returns the
 * number of pages discarded.
 */
unsigned long pageable_dontneed_walk(struct pageable *obj, pgoff_t first,
				     pgoff_t last, enum pageable_dontneed_mode mode,
				     unsigned long *budget, pgoff_t *stop)
{
	bool discard = mode == PAGEABLE_DONTNEED_DISCARD &&
		       !READ_ONCE(obj->lock_ucounts);
	unsigned long *kept = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_KEPT);
	struct address_space *mapping = obj->inode->i_mapping;
	unsigned long freed = 0;
	struct folio_batch fbatch;
	pgoff_t start, end, next = first;

	lockdep_assert_held(&obj->mutex);
	/* Folios in this CPU's LRU caches would look pinned. */
	if (discard)
		lru_add_drain();
	folio_batch_init(&fbatch);
	start = find_next_bit(kept, last + 1, first);
	while (start <= last && *budget) {
		pgoff_t index = start;
		unsigned int i;

		next = start;
		end = find_next_zero_bit(kept, last + 1, start) - 1;
		while (*budget && next <= end &&
		       filemap_get_folios(mapping, &index, end, &fbatch)) {
			for (i = 0; i < folio_batch_count(&fbatch); i++) {
				struct folio *folio = fbatch.folios[i];
				pgoff_t fstart = folio->index;
				long n = folio_nr_pages(folio);

				if (fstart > next)
					pageable_dontneed_lose(obj, next, fstart - next);
				next = fstart + n;
				*budget -= min_t(unsigned long, n, *budget);
				if (mode == PAGEABLE_DONTNEED_RESTORE) {
					folio_mark_dirty(folio);
					continue;
				}
				/* Only whole folios: the rest must survive. */
				if (fstart < start || next - 1 > end || !discard)
					continue;
				if (pageable_discard_folio(mapping, folio)) {
					pageable_dontneed_lose(obj, fstart, n);
					freed += n;
				}
			}
			folio_batch_release(&fbatch);
			cond_resched();
		}
		/* No folio from next to end: reclaim dropped them. */
		if (*budget && next <= end) {
			pageable_dontneed_lose(obj, next, end - next + 1);
			next = end + 1;
		}
		start = find_next_bit(kept, last + 1, next);
	}
	if (stop)
		*stop = *budget ? last + 1 : next;
	return freed;
}

static enum lru_status pageable_shrink_isolate(struct list_head *item,
					       struct list_lru_one *list,
					       spinlock_t *lock, void *arg)
{
	struct pageable *obj = container_of(item, struct pageable, lru);
	struct pageable **found = arg;

	if (*found)
		return LRU_STOP;
	/* Being released: the release takes it off the list. */
	if (!kref_get_unless_zero(&obj->ref))
		return LRU_SKIP;
	list_lru_isolate(list, item);
	*found = obj;
	return LRU_REMOVED;
}

/*
 * The pages of @obj that the shrinker may give back in a reclaim context
 * with @gfp: held pages only where file system calls and I/O are allowed
 * (see pageable_shrink_obj()).  Read without the object's mutex.
 */
static unsigned long pageable_shrink_share(struct pageable *obj, gfp_t gfp)
{
	unsigned long pages;

	/* obj->lock keeps the dontneed state from being freed meanwhile. */
	spin_lock(&obj->lock);
	pages = obj->dontneed ? READ_ONCE(obj->dontneed->nr_kept) : 0;
	if ((gfp & GFP_KERNEL) == GFP_KERNEL)
		pages += obj->nr_held;
	spin_unlock(&obj->lock);
	return pages;
}

/*
 * Discard the kept dontneed pages and release the held folios of @obj, up
 * to *@budget pages, from where the last scan of the object stopped, so
 * that pages that cannot go yet (pinned, mapped, locked) do not stop the
 * pages behind them from going.  Called with obj->mutex held.
 */
static unsigned long pageable_shrink_obj(struct pageable *obj,
					 unsigned long *budget, gfp_t gfp)
{
	pgoff_t last = pageable_nr_pages(obj) - 1;
	struct pageable_dontneed_state *state = obj->dontneed;
	unsigned long freed = 0;
	pgoff_t from;

	lockdep_assert_held(&obj->mutex);
	if (state && state->nr_kept) {
		from = state->scan;
		freed += pageable_dontneed_walk(obj, from, last,
						PAGEABLE_DONTNEED_DISCARD,
						budget, &state->scan);
		if (*budget && from)
			freed += pageable_dontneed_walk(obj, 0, from - 1,
							PAGEABLE_DONTNEED_DISCARD,
							budget, &state->scan);
		if (state->scan > last)
			state->scan = 0;
	}
	/*
	 * Restoring write-back caching may allocate page tables: only from
	 * a reclaim context that may enter the file system and do I/O.
	 */
	if ((gfp & GFP_KERNEL) == GFP_KERNEL) {
		pageable_vmappings_reap(obj, false);
		if (obj->nr_held)
			freed += pageable_held_release(obj, budget, true);
	}
	return freed;
}

/*
 * Discard up to @nr_to_scan pages of the objects on the (@nid, @memcg)
 * list.  Objects are taken off the list one at a time, with a reference,
 * so that pageable_willneed() and the release never see them half way;
 * an object whose mutex is held elsewhere is put back at the tail, never
 * waited for, and so is an object that still has pages to give after its
 * scan.  Sets *@scanned to the pages looked at; an object that gave
 * nothing counts with all of its pages.
 */
unsigned long pageable_do_shrink(int nid, struct mem_cgroup *memcg,
				 unsigned long nr_to_scan, gfp_t gfp,
				 unsigned long *scanned)
{
	unsigned long tries = list_lru_count_one(&pageable_lru, nid, memcg);
	unsigned long budget = nr_to_scan, freed = 0;

	while (budget && tries--) {
		unsigned long nr_to_walk = tries + 1, before = budget;
		struct pageable *obj = NULL;

		list_lru_walk_one(&pageable_lru, nid, memcg,
				  pageable_shrink_isolate, &obj, &nr_to_walk);
		if (!obj)
			break;
		if (mutex_trylock(&obj->mutex)) {
			freed += pageable_shrink_obj(obj, &budget, gfp);
			if ((obj->dontneed && obj->dontneed->nr_kept) || obj->nr_held)
				list_lru_add_obj(&pageable_lru, &obj->lru);
			mutex_unlock(&obj->mutex);
		} else {
			/* Busy: back to the tail of the list. */
			list_lru_add_obj(&pageable_lru, &obj->lru);
		}
		/*
		 * An object that gave nothing (busy, or its pages cannot go
		 * now) counts as scanned whole: the count included all of its
		 * pages, and reclaim must not call again for each of them.
		 */
		if (budget == before)
			budget -= min(budget, max(1UL, pageable_shrink_share(obj,
									     gfp)));
		kref_put(&obj->ref, pageable_release_deferred);
	}
	*scanned = nr_to_scan - budget;
	return freed;
}

/*
 * The list_lru counts objects; reclaim wants pages.  Scale the objects on
 * this list by the average number of pages to discard or to release from
 * user mappings per listed object.
 */
static unsigned long pageable_shrink_count(struct shrinker *shrinker,
					   struct shrink_control *sc)
{
	unsigned long objs = list_lru_shrink_count(&pageable_lru, sc);
	unsigned long all = list_lru_count(&pageable_lru);
	long pages = atomic_long_read(&pageable_nr_discardable);

	/* Held pages go only where pageable_shrink_obj() releases them. */
	if ((sc->gfp_mask & GFP_KERNEL) == GFP_KERNEL)
		pages += atomic_long_read(&pageable_nr_held);
	if (!objs || pages <= 0)
		return 0;
	return max(1UL, mult_frac((unsigned long)pages, objs, max(all, objs)));
}

static unsigned long pageable_shrink_scan(struct shrinker *shrinker,
					  struct shrink_control *sc)
{
	unsigned long scanned, freed;

	freed = pageable_do_shrink(sc->nid, sc->memcg, sc->nr_to_scan,
				   sc->gfp_mask, &scanned);
	/*
	 * Nothing given back (objects busy, being released, or with pages
	 * that cannot go now): say so, or do_shrink_slab() calls again for
	 * as long as the count stands.
	 */
	if (!freed)
		return SHRINK_STOP;
	sc->nr_scanned = scanned;
	return freed;
}

/*
 * The shrinker that discards dontneed pages and releases held folios, and
 * its list_lru; pageable_create() registers it before the first object.
 */
struct shrinker *pageable_shrinker_alloc(void)
{
	struct shrinker *shrinker;

	shrinker = shrinker_alloc(SHRINKER_MEMCG_AWARE | SHRINKER_NUMA_AWARE,
				  "pageable");
	if (!shrinker)
		return NULL;
	if (list_lru_init_memcg(&pageable_lru, shrinker)) {
		shrinker_free(shrinker);
		return NULL;
	}
	shrinker->count_objects = pageable_shrink_count;
	shrinker->scan_objects = pageable_shrink_scan;
	shrinker->seeks = 0;	/* Discarded pages cost no I/O. */
	return shrinker;
}

void pageable_shrinker_free(struct shrinker *shrinker)
{
	list_lru_destroy(&pageable_lru);
	shrinker_free(shrinker);
}

/* Allocate the dontneed state on first use; called with obj->mutex held. */
static int pageable_dontneed_alloc(struct pageable *obj)
{
	size_t longs = BITS_TO_LONGS(pageable_nr_pages(obj));
	struct pageable_dontneed_state *state;

	lockdep_assert_held(&obj->mutex);
	if (obj->dontneed)
		return 0;
	/* Past INT_MAX bytes (2^31 pages and more), -ENOMEM, no warning. */
	state = kvzalloc(struct_size(state, bits, PAGEABLE_DONTNEED_NR_MAPS * longs),
			 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!state)
		return -ENOMEM;
	spin_lock(&obj->lock);
	obj->dontneed = state;
	spin_unlock(&obj->lock);
	return 0;
}

/* Free the dontneed state once no page is left in it. */
static void pageable_dontneed_free(struct pageable *obj)
{
	struct pageable_dontneed_state *state = obj->dontneed;

	lockdep_assert_held(&obj->mutex);
	if (state->nr_kept)
		return;
	if (!obj->nr_held)
		list_lru_del_obj(&pageable_lru, &obj->lru);
	if (state->nr_dontneed)
		return;
	spin_lock(&obj->lock);
	obj->dontneed = NULL;
	spin_unlock(&obj->lock);
	kvfree(state);
}

/*
 * Free the swap of the dontneed range [first, last]: the contents of pages
 * that reclaim already wrote out are discarded at once.  Returns the number
 * of pages whose swap was freed.
 */
static unsigned long pageable_dontneed_free_swap(struct pageable *obj,
						 pgoff_t first, pgoff_t last)
{
	struct inode *inode = obj->inode;
	struct xarray *xa = &inode->i_mapping->i_pages;
	unsigned long freed = 0;
	pgoff_t index, end;

	lockdep_assert_held(&obj->mutex);
	if (!shmem_mapping(inode->i_mapping))
		return 0;
	for (index = first; index <= last; index = end + 1) {
		end = index;
		cond_resched();
		if (!xa_is_value(xa_load(xa, index)))
			continue;
		/* A run of swap entries: free it in one go. */
		while (end < last && xa_is_value(xa_load(xa, end + 1)))
			end++;
		shmem_truncate_range(inode, (loff_t)index << PAGE_SHIFT,
				     ((loff_t)(end + 1) << PAGE_SHIFT) - 1);
		pageable_dontneed_lose(obj, index, end - index + 1);
		freed += end - index + 1;
	}
	return freed;
}

/*
 * Make the resident folios of [first, last] clean, so that reclaim drops
 * them instead of writing them to swap, and remember that their pages have
 * contents.  A large folio that straddles the range stays dirty: its other
 * pages are not dontneed.
 */
static void pageable_dontneed_clean(struct pageable *obj, pgoff_t first,
				    pgoff_t last)
{
	struct address_space *mapping = obj->inode->i_mapping;
	struct folio_batch fbatch;
	pgoff_t index = first;
	unsigned int i;

	lockdep_assert_held(&obj->mutex);
	folio_batch_init(&fbatch);
	while (filemap_get_folios(mapping, &index, last, &fbatch)) {
		for (i = 0; i < folio_batch_count(&fbatch); i++) {
			struct folio *folio = fbatch.folios[i];
			pgoff_t start = max(folio->index, first);
			pgoff_t end = min(folio_next_index(folio) - 1, last);
			pgoff_t p;

			folio_lock(folio);
			if (folio->mapping == mapping) {
				/*
				 * Clean: reclaim drops it instead of
				 * writing it out.  Its place on the LRU
				 * stays; the shrinker discards it first.
				 */
				if (folio->index >= first &&
				    folio_next_index(folio) - 1 <= last) {
					folio_clear_dirty_for_io(folio);
				}
				for (p = start; p <= end; p++)
					pageable_dontneed_keep(obj, p);
			}
			folio_unlock(folio);
		}
		folio_batch_release(&fbatch);
		cond_resched();
	}
}

/*
 * Purge @obj, whose mutex the caller holds.  Returns 0, or %-EBUSY if it
 * is pinned, vmapped or locked.
 */
static int pageable_purge_locked(struct pageable *obj)
{
	struct inode *inode = obj->inode;
	struct pageable_dontneed_state *state;
	bool busy;

	lockdep_assert_held(&obj->mutex);
	pageable_vmappings_reap(obj, false);
	spin_lock(&obj->lock);
	busy = obj->pinned || obj->lock_ucounts;
	obj->purging = !busy;
	spin_unlock(&obj->lock);
	if (busy)
		return -EBUSY;

	if (obj->nr_held) {
		unsigned long budget = ULONG_MAX;

		/*
		 * A folio it cannot lock goes with the truncation, and is
		 * let go by the next fault or scan; its user PTEs go now.
		 */
		obj->held_scan = 0;
		pageable_held_release(obj, &budget, true);
		pageable_user_zap(obj, 0, pageable_nr_pages(obj));
	}
	shmem_truncate_range(inode, 0, (loff_t)-1);

	state = obj->dontneed;
	if (state && state->nr_kept) {
		unsigned long *kept = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_KEPT);
		unsigned long end = pageable_nr_pages(obj), first, last;

		for_each_set_bitrange(first, last, kept, end)
			pageable_dontneed_lose(obj, first, last - first);
	}
	if (state)
		pageable_dontneed_free(obj);
	spin_lock(&obj->lock);
	obj->purging = false;
	spin_unlock(&obj->lock);
	return 0;
}

/**
 * pageable_purge() - Discard the contents of an object now.
 * @obj: The object.
 *
 * Drops every page and every swap entry of @obj, as truncating a tmpfs
 * file does (drm_gem_shmem_purge() did exactly that): the object reads as
 * zeroes afterwards and uses no memory until it is populated again.  User
 * mappings are unmapped first; what they touch later is zeroes.  Pages in
 * the dontneed state are reported lost by pageable_willneed().
 *
 * Unlike the other calls that change an object, this one is meant for
 * reclaim: a driver's shrinker may call it for a buffer that user space
 * marked purgeable.  It never waits for the object's mutex, which other
 * calls hold across allocations, and allocates no memory itself; an
 * object that another call holds, or that is pinned, vmapped or locked,
 * is left alone, and pageable_pin() fails with %-EBUSY while the purge
 * runs.  Like the shmem_truncate_range() that driver shrinkers called
 * before, the truncation waits for folios that others have locked.
 *
 * Context: Process context, including direct reclaim and kswapd.
 * Return: 0, or %-EBUSY if the object is busy, pinned, vmapped or locked.
 */
int pageable_purge(struct pageable *obj)
{
	int ret;

	if (!pageable_inode_peek(obj))
		return 0;
	if (!mutex_trylock(&obj->mutex))
		return -EBUSY;
	ret = pageable_purge_locked(obj);
	mutex_unlock(&obj->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(pageable_purge);

/* Documented in <linux/pageable.h>, with pageable_willneed(). */
int pageable_dontneed(struct pageable *obj, pgoff_t first, unsigned long nr)
{
	unsigned long added = 0, freed = 0;
	unsigned long *dontneed;
	pgoff_t i, last;
	int ret;

	might_sleep();
	if (!pageable_range_ok(obj, first, nr))
		return -EINVAL;
	last = first + nr - 1;

	mutex_lock(&obj->mutex);
	ret = pageable_dontneed_alloc(obj);
	if (ret)
		goto out_unlock;

	dontneed = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_STATE);
	for (i = first; i <= last; i++)
		if (!__test_and_set_bit(i, dontneed))
			added++;
	obj->dontneed->nr_dontneed += added;
	atomic_long_add(added, &pageable_nr_dontneed);

	if (obj->inode) {
		pageable_held_release_range(obj, first, last, NULL);
		unmap_mapping_pages(obj->inode->i_mapping, first, nr, false);
		freed = pageable_dontneed_free_swap(obj, first, last);
		pageable_dontneed_clean(obj, first, last);
		if (obj->dontneed->nr_kept)
			list_lru_add_obj(&pageable_lru, &obj->lru);
	}
	trace_pageable_dontneed(obj->id, first, nr, freed);
out_unlock:
	mutex_unlock(&obj->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(pageable_dontneed);

long pageable_willneed(struct pageable *obj, pgoff_t first, unsigned long nr,
		       unsigned long *lost)
{
	unsigned long *dontneed, *was_lost, *kept;
	unsigned long budget = ULONG_MAX;
	struct pageable_dontneed_state *state;
	unsigned long cleared = 0;
	long nr_lost = 0;
	pgoff_t i;

	might_sleep();
	if (!pageable_range_ok(obj, first, nr))
		return -EINVAL;
	/* Not bitmap_zero(): its size is an unsigned int. */
	if (lost)
		memset(lost, 0, BITS_TO_LONGS(nr) * sizeof(*lost));

	mutex_lock(&obj->mutex);
	state = obj->dontneed;
	if (!state)
		goto out_unlock;
	if (obj->inode)
		pageable_dontneed_walk(obj, first, first + nr - 1,
				       PAGEABLE_DONTNEED_RESTORE, &budget, NULL);

	dontneed = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_STATE);
	kept = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_KEPT);
	was_lost = pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_LOST);
	for (i = first; i < first + nr; i++) {
		if (!__test_and_clear_bit(i, dontneed))
			continue;
		cleared++;
		if (__test_and_clear_bit(i, kept)) {
			state->nr_kept--;
			atomic_long_dec(&pageable_nr_discardable);
		}
		if (__test_and_clear_bit(i, was_lost)) {
			state->nr_lost--;
			nr_lost++;
			if (lost)
				__set_bit(i - first, lost);
		}
	}
	state->nr_dontneed -= cleared;
	atomic_long_sub(cleared, &pageable_nr_dontneed);
	pageable_dontneed_free(obj);
	trace_pageable_willneed(obj->id, first, nr, nr_lost);
out_unlock:
	mutex_unlock(&obj->mutex);
	return nr_lost;
}
EXPORT_SYMBOL_GPL(pageable_willneed);
