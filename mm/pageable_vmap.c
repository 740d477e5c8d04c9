// SPDX-License-Identifier: GPL-2.0
/*
 * Pageable objects: kernel mappings (pageable_vmap()).
 *
 * Copyright (C) 2026 The pageable authors
 */

#include <linux/fs.h>
#include <linux/llist.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "pageable.h"

/*
 * Keep the pages of a write-combined or uncached kernel mapping @v that
 * goes away pinned with their caching, as held pages (see
 * pageable_held_release()), so that mapping them again with that caching
 * switches nothing: the shrinker gives them back write-back caching when
 * reclaim needs the memory.  Only order-0 folios are kept, and only while
 * the held pages and user mappings of the object have @v's caching.  The
 * kept entries of v->pages are cleared: their pins became holds.  Called
 * with obj->mutex held.
 */
static void pageable_vmapping_keep(struct pageable *obj, struct pageable_vmapping *v,
				   unsigned int flags)
{
	unsigned long i, kept = 0;

	lockdep_assert_held(&obj->mutex);
	if (v->caching == PAGEABLE_CACHING_WB)
		return;
	if ((obj->user_mapped || obj->nr_held) &&
	    obj->user_caching != v->caching)
		return;
	obj->user_caching = v->caching;

	for (i = 0; i < v->nr; i++) {
		struct folio *folio = page_folio(v->pages[i]);
		pgoff_t index = v->first + i;

		/* Only pages still in the page cache, and not held yet. */
		if (folio_test_large(folio) ||
		    folio->mapping != obj->inode->i_mapping ||
		    xa_load(&obj->held, index))
			continue;
		/* Keeping only saves work: never reclaim for it. */
		if (xa_err(xa_store(&obj->held, index, folio,
				    GFP_NOWAIT | __GFP_NOMEMALLOC |
				    __GFP_NOWARN | __GFP_ACCOUNT)))
			break;
		if (flags & PAGEABLE_UNPIN_DIRTY)
			folio_mark_dirty(folio);
		if (flags & PAGEABLE_UNPIN_ACCESSED)
			folio_mark_accessed(folio);
		v->pages[i] = NULL;
		kept++;
	}
	if (!kept)
		return;
	spin_lock(&obj->lock);
	obj->pinned -= kept;
	obj->nr_held += kept;
	spin_unlock(&obj->lock);
	atomic_long_sub(kept, &pageable_nr_pinned);
	atomic_long_add(kept, &pageable_nr_held);
	list_lru_add_obj(&pageable_lru, &obj->lru);
}

/* Take @v off obj->vmaps; called with obj->mutex held. */
void pageable_vmapping_unlink(struct pageable *obj, struct pageable_vmapping *v)
{
	lockdep_assert_held(&obj->mutex);
	spin_lock(&obj->lock);
	list_del(&v->node);
	obj->nr_vmaps--;
	if (!v->vaddr)
		obj->nr_retired--;
	spin_unlock(&obj->lock);
}

/*
 * Unmap one vmap that the caller took off obj->vmaps with obj->mutex held,
 * unless pageable_vunmap() did, and keep its pages (if @keep) or give them
 * back write-back caching.  pageable_vmapping_free() unpins them.
 */
static void pageable_vmapping_teardown(struct pageable *obj,
				       struct pageable_vmapping *v, unsigned int flags,
				       bool keep)
{
	lockdep_assert_held(&obj->mutex);
	if (v->vaddr)
		vunmap(v->vaddr);
	if (keep)
		pageable_vmapping_keep(obj, v, flags);
	pageable_vmapping_restore_caching(obj, v);
}

/* Unpin what pageable_vmapping_teardown() did not keep, run by run; free @v. */
static void pageable_vmapping_free(struct pageable *obj, struct pageable_vmapping *v,
				   unsigned int flags)
{
	unsigned long i, end;

	for (i = 0; i < v->nr; i = end) {
		if (!v->pages[i]) {
			end = i + 1;
			continue;
		}
		for (end = i + 1; end < v->nr && v->pages[end]; end++)
			;
		pageable_unpin(obj, v->first + i, end - i, v->pages + i,
			       flags);
	}
	kvfree(v->pages);
	kfree(v);
}

/*
 * Tear down one vmap, which the caller took off obj->vmaps with obj->mutex
 * held; the mutex is released before the pages are unpinned.
 */
void pageable_vmap_destroy(struct pageable *obj,
			   struct pageable_vmapping *v, unsigned int flags)
{
	pageable_vmapping_teardown(obj, v, flags, true);
	mutex_unlock(&obj->mutex);
	pageable_vmapping_free(obj, v, flags);
}

/*
 * Tear down the kernel mappings that pageable_vunmap() unmapped while
 * obj->mutex was busy, keeping their pages (@keep) or not, before anything
 * else looks at obj->vmaps.  Called with obj->mutex held.
 */
void pageable_vmappings_reap(struct pageable *obj, bool keep)
{
	struct pageable_vmapping *v, *tmp;

	lockdep_assert_held(&obj->mutex);
	if (!READ_ONCE(obj->nr_retired))
		return;
	list_for_each_entry_safe(v, tmp, &obj->vmaps, node) {
		/* Pairs with smp_store_release() in pageable_vunmap(). */
		if (smp_load_acquire(&v->vaddr))
			continue;
		pageable_vmapping_unlink(obj, v);
		pageable_vmapping_teardown(obj, v, v->flags, keep);
		pageable_vmapping_free(obj, v, v->flags);
	}
}

/**
 * pageable_vmap() - Map a range of an object into kernel virtual memory.
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 * @prot: Protection and caching of the mapping, e.g. %PAGE_KERNEL or
 *	pgprot_writecombine(%PAGE_KERNEL).
 *
 * Pins the range like pageable_pin() (and fails like it, e.g. with
 * %-EBUSY on dontneed pages) and maps it contiguously.  For a
 * write-combined or uncached @prot, the caching of the kernel's linear map
 * of the pages is changed to match (x86 set_pages_array_wc() and
 * set_pages_array_uc()).  Overlapping vmaps of the same caching share the
 * change, counted per page: pageable_vunmap() gives a page back its
 * write-back caching when the last of them is gone, before the page is
 * unpinned.  A vmap that overlaps one of another caching (write-back
 * included) is refused, as x86 must not map a page with two caching
 * attributes; the caller must not map such pages write-back through
 * pageable_mmap() either.
 *
 * Context: Process context.  May sleep.
 * Return: The address of the mapping, or an ERR_PTR():
 *
 *  * %-EINVAL - Bad range (as for pageable_pin()), more than %INT_MAX
 *    pages, a %PAGEABLE_MOVABLE object, a caching mode the architecture
 *    cannot provide, a range that overlaps a vmap of another caching, or
 *    pages whose caching the architecture refuses to change.
 *  * %-EBUSY - Pages of the range are in the dontneed state.
 *  * %-ENOMEM, %-ENOSPC, %-EIO - As for pageable_pin(), or no vmalloc space.
 */
void *pageable_vmap(struct pageable *obj, pgoff_t first, unsigned long nr,
		    pgprot_t prot)
{
	struct pageable_vmapping *v;
	int caching, ret;
	void *vaddr;

	might_sleep();
	caching = pageable_caching(prot);
	if (!pageable_range_ok(obj, first, nr) || nr > INT_MAX || caching < 0)
		return ERR_PTR(-EINVAL);

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return ERR_PTR(-ENOMEM);
	v->pages = kvmalloc_array(nr, sizeof(*v->pages), GFP_KERNEL);
	if (!v->pages) {
		ret = -ENOMEM;
		goto out_free_vmap;
	}
	v->first = first;
	v->nr = nr;
	v->caching = caching;

	ret = pageable_pin(obj, first, nr, v->pages);
	if (ret)
		goto out_free_pages;

	mutex_lock(&obj->mutex);
	pageable_vmappings_reap(obj, true);
	ret = pageable_vmapping_set_caching(obj, v);
	if (ret)
		goto out_unlock;

	v->vaddr = vmap(v->pages, nr, VM_MAP, prot);
	if (!v->vaddr) {
		ret = -ENOMEM;
		pageable_vmapping_restore_caching(obj, v);
		goto out_unlock;
	}

	vaddr = v->vaddr;
	spin_lock(&obj->lock);
	list_add(&v->node, &obj->vmaps);
	obj->nr_vmaps++;
	spin_unlock(&obj->lock);
	mutex_unlock(&obj->mutex);
	return vaddr;

out_unlock:
	mutex_unlock(&obj->mutex);
	pageable_unpin(obj, first, nr, v->pages, 0);
out_free_pages:
	kvfree(v->pages);
out_free_vmap:
	kfree(v);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(pageable_vmap);

static LLIST_HEAD(pageable_retire_list);
static void pageable_retire_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(pageable_retire_work, pageable_retire_workfn);

/*
 * Reap the kernel mappings that pageable_vunmap() left to a worker, object
 * by object, unless the next user of the object's mutex did: never
 * waiting for a mutex, which may be held across allocations; a busy
 * object is tried again a jiffy later.
 */
static void pageable_retire_workfn(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&pageable_retire_list);
	struct pageable *obj, *tmp;
	bool again = false;

	llist_for_each_entry_safe(obj, tmp, list, retire_node) {
		if (!mutex_trylock(&obj->mutex)) {
			llist_add(&obj->retire_node, &pageable_retire_list);
			again = true;
			continue;
		}
		spin_lock(&obj->lock);
		obj->retire_queued = false;
		spin_unlock(&obj->lock);
		pageable_vmappings_reap(obj, true);
		mutex_unlock(&obj->mutex);
		pageable_put(obj);
		cond_resched();
	}
	if (again)
		schedule_delayed_work(&pageable_retire_work, 1);
}

/**
 * pageable_vunmap() - Undo pageable_vmap().
 * @obj: The object.
 * @vaddr: Address returned by pageable_vmap().
 * @flags: &enum pageable_unpin_flags, as for pageable_unpin().  Pass
 *	%PAGEABLE_UNPIN_DIRTY if anything was written through the mapping.
 *
 * Removes the mapping and unpins the pages.  Pages of a write-back
 * mapping, and pages in large folios, get back write-back caching at
 * once.  Those of a write-combined or uncached mapping keep their caching
 * and stay resident until the allocator's shrinker needs the memory, so
 * that mapping them again with that caching costs no caching change and
 * no cache flush; the shrinker restores write-back caching before they
 * can be reclaimed, and so does a later mapping of another caching.
 *
 * Drivers unmap from their shrinkers: this never waits for the object's
 * mutex, and never allocates with reclaim.  If the mutex is busy, the
 * mapping is gone on return, but its pages are unpinned a little later,
 * with their caching restored or kept, by the next user of the mutex or a
 * worker.
 *
 * Context: Process context, including reclaim.  May sleep.
 * Return: 0, or %-EINVAL if @vaddr is not a vmap of @obj or @flags has
 * unknown bits.
 */
int pageable_vunmap(struct pageable *obj, const void *vaddr,
		    unsigned int flags)
{
	struct pageable_vmapping *v, *found = NULL;
	bool locked, queue = false;

	might_sleep();
	if (!vaddr || (flags & ~PAGEABLE_UNPIN_VALID))
		return -EINVAL;

	locked = mutex_trylock(&obj->mutex);
	spin_lock(&obj->lock);
	list_for_each_entry(v, &obj->vmaps, node) {
		if (v->vaddr == vaddr) {
			found = v;
			break;
		}
	}
	spin_unlock(&obj->lock);
	if (!found) {
		if (locked)
			mutex_unlock(&obj->mutex);
		return -EINVAL;
	}
	if (locked) {
		pageable_vmapping_unlink(obj, found);
		pageable_vmap_destroy(obj, found, flags);
		return 0;
	}
	/*
	 * Unmap first: nothing reaps the vmapping, unpinning its pages and
	 * restoring their caching, before its vaddr is %NULL.  It stays on
	 * obj->vmaps, counted against other mappings' caching, until then.
	 */
	vunmap(vaddr);
	spin_lock(&obj->lock);
	found->flags = flags;
	/* Pairs with smp_load_acquire() in pageable_vmappings_reap(). */
	smp_store_release(&found->vaddr, NULL);
	obj->nr_retired++;
	queue = !obj->retire_queued;
	obj->retire_queued = true;
	spin_unlock(&obj->lock);
	if (queue) {
		pageable_get(obj);
		llist_add(&obj->retire_node, &pageable_retire_list);
		schedule_delayed_work(&pageable_retire_work, 0);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(pageable_vunmap);
