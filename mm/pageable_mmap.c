// SPDX-License-Identifier: GPL-2.0
/*
 * Pageable objects: user mappings (pageable_mmap(), pageable_fault()) and
 * the folios held for them.
 *
 * Copyright (C) 2026 The pageable authors
 */

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>

#include "pageable.h"

atomic_long_t pageable_nr_held = ATOMIC_LONG_INIT(0);

/*
 * Pages that a user fault maps at most: as TTM's fault-around
 * (TTM_BO_VM_NUM_PREFAULT) for write-back mappings, more for mappings of
 * another caching, where each batch costs a change of the linear map and
 * a TLB flush on every CPU.
 */
#define PAGEABLE_FAULT_AROUND		16
#define PAGEABLE_FAULT_AROUND_CACHING	256
/* Pages whose caching a release restores at once, outside reclaim. */
#define PAGEABLE_RELEASE_BATCH		8192

/*
 * Folios that a fault holds, or a release lets go, together, with one
 * change of caching for all their pages: up to @max folios and pages, in
 * @folios and @pages, which point to the arrays on the stack unless an
 * object with write-combined or uncached user mappings got larger ones.
 */
struct pageable_batch {
	unsigned int nr;
	unsigned int max;
	struct folio **folios;
	struct page **pages;
	struct folio *folios_stack[PAGEABLE_FAULT_AROUND];
	struct page *pages_stack[PAGEABLE_FAULT_AROUND];
};

static void pageable_batch_init(struct pageable *obj, struct pageable_batch *b,
				unsigned long max)
{
	b->nr = 0;
	b->max = PAGEABLE_FAULT_AROUND;
	b->folios = b->folios_stack;
	b->pages = b->pages_stack;
	if (max <= b->max || obj->user_caching == PAGEABLE_CACHING_WB)
		return;
	/* Not from reclaim's reserves: the small batch does without. */
	b->folios = kvmalloc_array(2 * max, sizeof(void *),
				   GFP_KERNEL | __GFP_NOMEMALLOC | __GFP_NOWARN);
	if (!b->folios) {
		b->folios = b->folios_stack;
		return;
	}
	b->pages = (struct page **)(b->folios + max);
	b->max = max;
}

static void pageable_batch_free(struct pageable_batch *b)
{
	if (b->folios != b->folios_stack)
		kvfree(b->folios);
}

/*
 * Switch the linear map of the pages of the first @nr folios of @b that no
 * kernel mapping with the caching of the user mappings of @obj covers: to
 * that caching, or back to write-back if @restore, b->max pages per change
 * (and TLB flush).  The folios are being held or let go: whether obj->held
 * has them yet, or still, does not count.  Called with obj->mutex held.
 * On failure, the folios are write-back again.
 */
static int pageable_batch_caching(struct pageable *obj,
				  struct pageable_batch *b, unsigned int nr,
				  bool restore)
{
	enum pageable_caching to = restore ? PAGEABLE_CACHING_WB :
					     obj->user_caching;
	unsigned int f, n = 0;
	int ret = 0;

	if (obj->user_caching == PAGEABLE_CACHING_WB)
		return 0;
	for (f = 0; f < nr && !ret; f++) {
		struct folio *folio = b->folios[f];
		long i, pages = folio_nr_pages(folio);

		for (i = 0; i < pages && !ret; i++) {
			struct page *page = folio_page(folio, i);

			if (!pageable_vmaps_cover(obj, NULL, folio->index + i,
						  page, obj->user_caching))
				b->pages[n++] = page;
			if (n == b->max) {
				ret = pageable_set_caching(b->pages, n, to);
				n = 0;
			}
		}
	}
	if (n && !ret)
		ret = pageable_set_caching(b->pages, n, to);
	if (ret && !restore)
		pageable_batch_caching(obj, b, nr, true);
	return ret;
}

/*
 * Zap the user PTEs of @nr pages from @index, in the file range that the
 * object's user mappings map (see pageable_mmap()).  Called with
 * obj->mutex held, which keeps pageable_fault() from mapping them again.
 */
void pageable_user_zap(struct pageable *obj, pgoff_t index,
		       unsigned long nr)
{
	lockdep_assert_held(&obj->mutex);
	if (obj->user_mapping)
		unmap_mapping_pages(obj->user_mapping, obj->user_pgoff + index,
				    nr, false);
}

/*
 * Forget the held @folio: zap the user mappings of its pages unless the
 * caller did (!@zap), and mark it dirty if they may have written it.  The
 * caller holds obj->mutex and the folio lock, and puts the folio in a
 * batch that it hands to pageable_held_put() once it has unlocked it.
 */
static void pageable_held_forget(struct pageable *obj, struct folio *folio,
				 bool zap)
{
	lockdep_assert_held(&obj->mutex);
	if (zap)
		pageable_user_zap(obj, folio->index, folio_nr_pages(folio));
	/*
	 * The user PTEs are PFN mappings, whose dirty bits never reach the
	 * folio: a folio that a writable mapping may have written is dirty.
	 */
	if (obj->user_writable && folio->mapping == obj->inode->i_mapping)
		folio_mark_dirty(folio);
}

/*
 * Take @nr @folios out of obj->held, under one lock of the xarray: every
 * page index they cover, but only the first @first pages of the first
 * folio.
 */
static void pageable_held_erase(struct pageable *obj, struct folio **folios,
				unsigned int nr, long first)
{
	XA_STATE(xas, &obj->held, 0);
	unsigned int f;
	long i;

	xas_lock(&xas);
	for (f = 0; f < nr; f++) {
		i = f ? folio_nr_pages(folios[f]) : first;
		while (i--) {
			xas_set(&xas, folios[f]->index + i);
			xas_store(&xas, NULL);
		}
	}
	xas_unlock(&xas);
}

/*
 * Uncount the folios of @b if pageable_held_forget() forgot them (@held),
 * rather than pageable_user_hold() not holding them, once they are out of
 * obj->held; give them back write-back caching, unpin them and empty @b.
 * Returns true when the object became evictable.
 */
static bool pageable_held_put(struct pageable *obj, struct pageable_batch *b,
			      bool held)
{
	unsigned long nr = 0;
	bool rescue = false;
	unsigned int i;

	if (!b->nr)
		return false;
	for (i = 0; i < b->nr; i++)
		nr += folio_nr_pages(b->folios[i]);
	if (held) {
		spin_lock(&obj->lock);
		obj->nr_held -= nr;
		rescue = pageable_unhold(obj, nr);
		spin_unlock(&obj->lock);
		atomic_long_sub(nr, &pageable_nr_held);
	}
	pageable_batch_caching(obj, b, b->nr, true);
	for (i = 0; i < b->nr; i++)
		pageable_unpin_folio(b->folios[i],
				     folio_nr_pages(b->folios[i]));
	b->nr = 0;
	return rescue;
}

/*
 * Let go of the held folios other than @keep that cover pages @first to
 * @last.  Called with obj->mutex held.
 */
void pageable_held_release_range(struct pageable *obj, pgoff_t first,
				 pgoff_t last, struct folio *keep)
{
	struct pageable_batch b;
	pgoff_t index = first;
	struct folio *folio;
	bool rescue = false;

	lockdep_assert_held(&obj->mutex);
	pageable_batch_init(obj, &b, 0);
	xa_for_each_range(&obj->held, index, folio, first, last) {
		if (folio == keep)
			continue;
		folio_lock(folio);
		pageable_held_forget(obj, folio, true);
		folio_unlock(folio);
		pageable_held_erase(obj, &folio, 1, folio_nr_pages(folio));
		b.folios[b.nr++] = folio;
		if (b.nr == b.max)
			rescue |= pageable_held_put(obj, &b, true);
	}
	rescue |= pageable_held_put(obj, &b, true);
	if (rescue && !READ_ONCE(obj->holds))
		pageable_rescue_evictable(obj);
}

/*
 * Look up the folio at @index for pageable_user_hold(), with the object's
 * memory cgroup active, and pin it, one pin per page.  Held folios that a
 * hole punched through the file took out of the page cache, and that the
 * folio's range covers, are let go.  Returns the folio, %NULL if it is
 * held already, or an ERR_PTR().
 */
static struct folio *pageable_user_get(struct pageable *obj, pgoff_t index)
{
	struct address_space *mapping = obj->inode->i_mapping;
	unsigned int tries = 0;
	struct folio *folio;
	gfp_t gfp;
	int ret;

	/*
	 * A fault that fails with VM_FAULT_OOM is retried for ever unless
	 * the OOM killer runs: not with the owner's may-fail flags.
	 */
	gfp = mapping_gfp_mask(mapping) &
	      ~(__GFP_RETRY_MAYFAIL | __GFP_NORETRY);
	do {
		folio = shmem_read_folio_gfp(mapping, index, gfp);
		if (IS_ERR(folio))
			return folio;
		/* Held already: its mapping was read while it changed. */
		if (xa_load(&obj->held, index) == folio) {
			folio_put(folio);
			return NULL;
		}
		ret = pageable_pin_folio(folio, folio_nr_pages(folio));
	} while (ret == -EAGAIN && ++tries < PAGEABLE_PIN_TRIES);
	if (ret)
		return ERR_PTR(ret == -EAGAIN ? -ENOMEM : ret);
	pageable_held_release_range(obj, folio->index,
				    folio_next_index(folio) - 1, folio);
	return folio;
}

/*
 * Enter the folios of @b in obj->held, at every page index they cover,
 * under one lock of the xarray.  Returns how many were entered: all of
 * them unless memory ran out, in which case the next one has no entry.
 */
static unsigned int pageable_held_store(struct pageable *obj,
					struct pageable_batch *b)
{
	XA_STATE(xas, &obj->held, 0);
	unsigned int f = 0;
	long i = 0;

	do {
		xas_lock(&xas);
		for (; f < b->nr; f++, i = 0) {
			struct folio *folio = b->folios[f];

			for (; i < folio_nr_pages(folio); i++) {
				xas_set(&xas, folio->index + i);
				xas_store(&xas, folio);
				if (xas_error(&xas))
					break;
			}
			if (xas_error(&xas))
				break;
		}
		xas_unlock(&xas);
	} while (xas_nomem(&xas, GFP_KERNEL_ACCOUNT));

	if (f < b->nr)
		pageable_held_erase(obj, &b->folios[f], 1, i);
	return f;
}

/*
 * Hold the folios for user mappings that cover pages @index up to @end, as
 * far as they can be (the one at @index at least; the others only if they
 * are in memory or holes) and up to a batch: pin
 * them, and switch their linear map to the caching of the mappings, all at
 * once, until pageable_held_release() undoes both.  Folios are held whole,
 * and charged to the object's memory cgroup, whose reclaim releases them.
 * Called with obj->mutex held, from the fault handler.  Returns the number
 * of pages from @index on that are held, or an error.
 */
static long pageable_user_hold(struct pageable *obj, pgoff_t index,
			       pgoff_t end)
{
	struct address_space *mapping = obj->inode->i_mapping;
	struct pageable_vmapping *v;
	struct pageable_batch b;
	struct mem_cgroup *old;
	pgoff_t next = index;
	struct folio *folio;
	long i, held = 0;
	unsigned int f;
	int ret = 0;

	lockdep_assert_held(&obj->mutex);
	pageable_batch_init(obj, &b, PAGEABLE_FAULT_AROUND_CACHING);
	end = min_t(pgoff_t, end, index + b.max);
	old = pageable_memcg_enter(obj);
	while (next < end && b.nr < b.max) {
		folio = xa_load(&obj->held, next);
		/* A stale folio held is still pinned: let it be replaced. */
		if (folio && READ_ONCE(folio->mapping) == mapping) {
			next = folio_next_index(folio);
			continue;
		}
		/* Fault-around allocates holes but swaps nothing in. */
		if (next != index &&
		    xa_is_value(xa_load(&mapping->i_pages, next)))
			break;
		folio = pageable_user_get(obj, next);
		if (IS_ERR(folio)) {
			ret = PTR_ERR(folio);
			break;
		}
		if (!folio) {
			next++;
			continue;
		}
		/* A kernel mapping of another caching must not alias it. */
		list_for_each_entry(v, &obj->vmaps, node) {
			if (v->caching != obj->user_caching &&
			    folio->index < v->first + v->nr &&
			    v->first < folio_next_index(folio)) {
				ret = -EINVAL;
				break;
			}
		}
		if (ret) {
			pageable_unpin_folio(folio, folio_nr_pages(folio));
			break;
		}
		b.folios[b.nr++] = folio;
		next = folio_next_index(folio);
	}
	pageable_memcg_exit(old);
	/* Before the folios are in obj->held, which counts as switched. */
	if (b.nr && pageable_batch_caching(obj, &b, b.nr, false)) {
		/* Do without the fault-around, then. */
		for (f = 1; f < b.nr; f++)
			pageable_unpin_folio(b.folios[f],
					     folio_nr_pages(b.folios[f]));
		b.nr = 1;
		ret = pageable_batch_caching(obj, &b, 1, false);
		if (ret) {
			pageable_unpin_folio(b.folios[0],
					     folio_nr_pages(b.folios[0]));
			b.nr = 0;
		}
	}
	f = pageable_held_store(obj, &b);
	for (i = 0; i < f; i++)
		held += folio_nr_pages(b.folios[i]);
	if (f < b.nr) {
		/* Out of memory: this folio and the next ones stay out. */
		ret = -ENOMEM;
		memmove(b.folios, b.folios + f, (b.nr - f) * sizeof(*b.folios));
		b.nr -= f;
		pageable_held_put(obj, &b, false);
	}
	pageable_batch_free(&b);
	if (held) {
		spin_lock(&obj->lock);
		pageable_hold(obj, held);
		obj->nr_held += held;
		spin_unlock(&obj->lock);
		atomic_long_add(held, &pageable_nr_held);
		list_lru_add_obj(&pageable_lru, &obj->lru);
	}
	held = 0;

	/* The pages from @index on that are held now. */
	for (next = index; next < end; next = folio_next_index(folio)) {
		folio = xa_load(&obj->held, next);
		if (!folio || READ_ONCE(folio->mapping) != mapping)
			break;
		held = min_t(pgoff_t, folio_next_index(folio), end) - index;
	}
	return held ? held : ret;
}

/*
 * Release the folios held for user mappings, up to *@budget pages: zap
 * their user PTEs, give them back write-back caching and unpin them.  The
 * next user access faults them in and holds them again.  For the shrinker
 * (@reclaim), a folio whose lock is busy (e.g. under migration, which
 * allocates with source folios locked) is skipped, and the walk starts
 * where the last one stopped; and the caching is changed in small batches,
 * as memory is short.  Called with obj->mutex held.  Returns the number of
 * pages released.
 */
unsigned long pageable_held_release(struct pageable *obj,
				    unsigned long *budget, bool reclaim)
{
	pgoff_t start = reclaim ? obj->held_scan : 0, index;
	unsigned long released = 0;
	struct pageable_batch b;
	bool rescue = false, all;
	struct folio *folio;

	lockdep_assert_held(&obj->mutex);
	pageable_batch_init(obj, &b, reclaim ? 0 :
			    min_t(unsigned long, obj->nr_held,
				  PAGEABLE_RELEASE_BATCH));
	/*
	 * Letting go of everything, with no folio skipped: zap it all, and
	 * empty obj->held at the end.
	 */
	all = !reclaim && *budget >= obj->nr_held;
	if (all)
		pageable_user_zap(obj, 0, pageable_nr_pages(obj));
	xa_for_each_start(&obj->held, index, folio, start) {
		long nr = folio_nr_pages(folio);

		if (!*budget)
			break;
		*budget -= min_t(unsigned long, nr, *budget);
		obj->held_scan = folio_next_index(folio);
		/* Next, the folio after this one: it is erased later. */
		index = folio_next_index(folio) - 1;
		if (reclaim) {
			if (!folio_trylock(folio))
				continue;
		} else {
			folio_lock(folio);
		}
		pageable_held_forget(obj, folio, !all);
		folio_unlock(folio);
		released += nr;
		b.folios[b.nr++] = folio;
		if (b.nr == b.max) {
			if (!all)
				pageable_held_erase(obj, b.folios, b.nr,
						    folio_nr_pages(b.folios[0]));
			rescue |= pageable_held_put(obj, &b, true);
			cond_resched();
		}
	}
	if (!all && b.nr)
		pageable_held_erase(obj, b.folios, b.nr,
				    folio_nr_pages(b.folios[0]));
	rescue |= pageable_held_put(obj, &b, true);
	pageable_batch_free(&b);
	if (all)
		xa_destroy(&obj->held);
	/* Wrap around: the next scan starts again from the first folio. */
	if (*budget || xa_empty(&obj->held))
		obj->held_scan = 0;
	if (rescue && !READ_ONCE(obj->holds))
		pageable_rescue_evictable(obj);
	return released;
}

/**
 * pageable_fault() - Map a page of an object at a user fault.
 * @obj: The object.
 * @vmf: The fault, in a VMA set up by pageable_mmap().
 *
 * The &vm_operations_struct.fault handler of the caller's mapping calls
 * this, after its own checks, with its own locks held if it needs them.
 * The page at the file offset vmf->pgoff, relative to the offset given to
 * pageable_mmap(), is looked up (swapped in, or allocated and charged to
 * the object's memory cgroup), held with its folio and the caching of the
 * mapping, and its PFN inserted with vmf_insert_pfn().  So are, as far as
 * that works, the pages after it in the VMA (fault-around, as TTM does):
 * up to 16 in all for a write-back mapping, up to 256 for a write-combined
 * or uncached one, with one change of the caching of the linear map for
 * all of them; holes are allocated, but fault-around swaps nothing in.  A
 * folio stays held, mapped or not, until the allocator's shrinker,
 * pageable_purge() or the release of the object let it go, after zapping
 * the mapping's PTEs of it; the next access faults it in again.  GUP never
 * sees these pages: the mappings are %VM_PFNMAP.
 *
 * Context: Process context, from a fault handler.  Takes the object's
 * mutex and may allocate memory.
 * Return: %VM_FAULT_NOPAGE when the page is mapped (or to be faulted again,
 * after a race with a hole punched through the file), %VM_FAULT_SIGBUS for
 * an offset outside the object or a VMA of another file range than the
 * last pageable_mmap() (see there), %VM_FAULT_OOM or another error.
 */
vm_fault_t pageable_fault(struct pageable *obj, struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long addr = vmf->address;
	pgoff_t index, end;
	struct folio *folio;
	vm_fault_t ret;
	long i, nr;

	mutex_lock(&obj->mutex);
	pageable_vmappings_reap(obj, true);
	index = vmf->pgoff - obj->user_pgoff;
	if (!vma->vm_file || vma->vm_file->f_mapping != obj->user_mapping ||
	    vmf->pgoff < obj->user_pgoff || index >= pageable_nr_pages(obj)) {
		ret = VM_FAULT_SIGBUS;
		goto out_unlock;
	}
	end = min_t(pgoff_t, pageable_nr_pages(obj),
		    index + ((vma->vm_end - addr) >> PAGE_SHIFT));
	nr = pageable_user_hold(obj, index, end);
	if (nr <= 0) {
		/* None: a hole punched meanwhile; the access faults again. */
		ret = !nr ? VM_FAULT_NOPAGE :
		      nr == -EINVAL ? VM_FAULT_SIGBUS : vmf_error(nr);
		goto out_unlock;
	}
	/*
	 * Under obj->mutex: no release can zap before the PTEs are in.  The
	 * pages after the faulting one are mapped as far as that works.
	 */
	for (i = 0; i < nr; i++, addr += PAGE_SIZE) {
		vm_fault_t err;

		folio = xa_load(&obj->held, index + i);
		err = vmf_insert_pfn(vma, addr,
				     folio_pfn(folio) + index + i - folio->index);
		if (!i)
			ret = err;
		if (err & VM_FAULT_ERROR)
			break;
	}
out_unlock:
	mutex_unlock(&obj->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(pageable_fault);

/**
 * pageable_mmap() - Set up a user mapping of a pageable object.
 * @obj: The object.
 * @vma: The VMA, from the caller's &file_operations.mmap, on the caller's
 *	file.  vma->vm_pgoff is the offset in pages into that file.
 * @pgoff: Offset in pages of the object's first page in that file (e.g. a
 *	DRM fake offset).
 *
 * Makes @vma a %VM_PFNMAP, %VM_DONTEXPAND and %VM_DONTDUMP mapping whose
 * caller-provided fault handler calls pageable_fault().  The VMA keeps its
 * file: /proc/PID/maps names it, unmap_mapping_range() on its address
 * space revokes it, GUP refuses it, and madvise() and mlock() treat it as
 * any PFN mapping.  Nothing is pinned until a page is faulted in; held
 * pages are given back to reclaim by the allocator's shrinker, which zaps
 * the range [@pgoff, @pgoff + object size) of the file's address space
 * first.  An object is mapped through one file range at a time: mapping
 * it through another one releases the held pages, and faults of VMAs of
 * the earlier range raise SIGBUS.  The object keeps a reference on the
 * host inode of the address space it zaps until then.  The caching of the
 * mapping is vma->vm_page_prot, as set by the caller; all user mappings of
 * an object have the caching of the first one.  The VMA must not be a
 * copy-on-write (private, writable) one.
 *
 * Context: Process context, with the mmap_lock held for writing.
 * Return: 0, %-EINVAL if the VMA is copy-on-write, extends beyond the object,
 * has a caching other than that of the object's first user mapping, or is
 * a write-back mapping of an object with a write-combined or uncached
 * vmap, or %-ENOMEM.
 */
int pageable_mmap(struct pageable *obj, struct vm_area_struct *vma,
		  pgoff_t pgoff)
{
	unsigned long total = pageable_nr_pages(obj);
	int caching = pageable_caching(vma->vm_page_prot);
	struct address_space *mapping;
	unsigned long budget = ULONG_MAX;
	struct inode *inode;
	pgoff_t first;
	int ret = 0;

	if (!vma->vm_file || is_cow_mapping(vma->vm_flags) || caching < 0 ||
	    vma->vm_pgoff < pgoff)
		return -EINVAL;
	first = vma->vm_pgoff - pgoff;
	if (first >= total || vma_pages(vma) > total - first)
		return -EINVAL;
	mapping = vma->vm_file->f_mapping;

	inode = pageable_inode(obj);
	if (IS_ERR(inode))
		return PTR_ERR(inode);

	mutex_lock(&obj->mutex);
	pageable_vmappings_reap(obj, true);
	if ((obj->user_mapped && obj->user_caching != caching) ||
	    (caching == PAGEABLE_CACHING_WB && pageable_vmapping_any_caching(obj))) {
		ret = -EINVAL;
		goto out_unlock;
	}
	/*
	 * Pages kept from kernel mappings of another caching, or mapped
	 * through another file range, whose PTEs a release could not find.
	 */
	if ((!obj->user_mapped && obj->user_caching != caching) ||
	    obj->user_mapping != mapping || obj->user_pgoff != pgoff)
		pageable_held_release(obj, &budget, false);
	if (obj->user_mapping != mapping) {
		ihold(mapping->host);
		if (obj->user_mapping)
			iput(obj->user_mapping->host);
		obj->user_mapping = mapping;
	}
	obj->user_pgoff = pgoff;
	obj->user_mapped = true;
	obj->user_caching = caching;
	if (vma->vm_flags & VM_MAYWRITE)
		obj->user_writable = true;
	vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
out_unlock:
	mutex_unlock(&obj->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(pageable_mmap);

/**
 * pageable_revoke() - Forget the user mappings of an object.
 * @obj: The object, or %NULL.
 *
 * Lets go of the pages held for user mappings, after zapping their PTEs,
 * and of the address space given to pageable_mmap(): faults of VMAs of it
 * that are left raise SIGBUS, until pageable_mmap() is called again.  The
 * allocator's shrinker may hold the last reference of an object for a
 * while: a caller whose address space may go away before the object is
 * released calls this when it is done with the object, e.g. as it frees
 * its own object.
 *
 * Context: Process context.  May sleep.
 */
void pageable_revoke(struct pageable *obj)
{
	unsigned long budget = ULONG_MAX;

	if (IS_ERR_OR_NULL(obj))
		return;
	mutex_lock(&obj->mutex);
	if (obj->user_mapping) {
		pageable_held_release(obj, &budget, false);
		iput(obj->user_mapping->host);
		obj->user_mapping = NULL;
	}
	mutex_unlock(&obj->mutex);
}
EXPORT_SYMBOL_GPL(pageable_revoke);
