// SPDX-License-Identifier: GPL-2.0
/*
 * Pageable objects: the caching of the linear map under kernel and user
 * mappings that are not write-back: which pages of an object are mapped
 * with which caching, and (on x86) the switch of their linear map.
 *
 * Copyright (C) 2026 The pageable authors
 */

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/set_memory.h>

#include "pageable.h"

#ifdef CONFIG_X86
#include <asm/memtype.h>

/* The caching that the linear map of the pages must have for @prot. */
int pageable_caching(pgprot_t prot)
{
	switch (pgprot2cachemode(prot)) {
	case _PAGE_CACHE_MODE_WB:
		return PAGEABLE_CACHING_WB;
	case _PAGE_CACHE_MODE_WC:
		return PAGEABLE_CACHING_WC;
	case _PAGE_CACHE_MODE_UC_MINUS:
	case _PAGE_CACHE_MODE_UC:
		return PAGEABLE_CACHING_UC;
	default:
		return -EINVAL;
	}
}

int pageable_set_caching(struct page **pages, unsigned long nr,
			 enum pageable_caching caching)
{
	switch (caching) {
	case PAGEABLE_CACHING_WC:
		return set_pages_array_wc(pages, nr);
	case PAGEABLE_CACHING_UC:
		return set_pages_array_uc(pages, nr);
	default:
		return set_pages_array_wb(pages, nr);
	}
}
#endif /* CONFIG_X86 */

/*
 * Is @page, at @index of @obj, mapped by a kernel mapping of @obj other
 * than @skip with caching @caching?  The page is compared, not only the
 * index: a folio vmapped may have left the page cache, and another one may
 * stand at its index now.  Called with obj->mutex held.
 */
bool pageable_vmaps_cover(struct pageable *obj,
			  struct pageable_vmapping *skip, pgoff_t index,
			  struct page *page, enum pageable_caching caching)
{
	struct pageable_vmapping *v;

	list_for_each_entry(v, &obj->vmaps, node)
		if (v != skip && v->caching == caching &&
		    index >= v->first && index - v->first < v->nr &&
		    v->pages[index - v->first] == page)
			return true;
	return false;
}

/* The same, or is @page held for user mappings with caching @caching? */
static bool pageable_vmapping_covers(struct pageable *obj,
				     struct pageable_vmapping *skip, pgoff_t index,
				     struct page *page, enum pageable_caching caching)
{
	if (obj->user_caching == caching &&
	    xa_load(&obj->held, index) == page_folio(page))
		return true;
	return pageable_vmaps_cover(obj, skip, index, page, caching);
}

/*
 * Set the caching of the linear map of the pages of @v that no other
 * mapping with the same caching covers, in runs, up to page @end of @v:
 * to @v's caching, or back to write-back if @restore.  %NULL entries of
 * v->pages were handed over to obj->held and are left alone.  Called with
 * obj->mutex held.
 */
static int pageable_vmapping_caching(struct pageable *obj, struct pageable_vmapping *v,
				     unsigned long end, bool restore)
{
	enum pageable_caching to = restore ? PAGEABLE_CACHING_WB : v->caching;
	unsigned long i = 0, j;
	int ret;

	while (i < end) {
		if (!v->pages[i] ||
		    pageable_vmapping_covers(obj, v, v->first + i, v->pages[i],
					     v->caching)) {
			i++;
			continue;
		}
		for (j = i + 1; j < end; j++)
			if (!v->pages[j] ||
			    pageable_vmapping_covers(obj, v, v->first + j,
						     v->pages[j], v->caching))
				break;
		ret = pageable_set_caching(&v->pages[i], j - i, to);
		if (ret && !restore) {
			/* Undo the runs before this one. */
			pageable_vmapping_caching(obj, v, i, true);
			return ret;
		}
		i = j;
	}
	return 0;
}

/*
 * x86 must not map a page with two caching attributes: switch the linear
 * map of the pages of a new write-combined or uncached mapping @v, counting
 * pages that overlapping mappings of the same caching already switched, and
 * refuse @v if it overlaps a kernel or user mapping of another caching.
 * Called with obj->mutex held, before @v is added to obj->vmaps.
 */
int pageable_vmapping_set_caching(struct pageable *obj,
				  struct pageable_vmapping *v)
{
	struct address_space *mapping = obj->inode->i_mapping;
	pgoff_t index = v->first;
	struct pageable_vmapping *w;

	list_for_each_entry(w, &obj->vmaps, node)
		if (w->caching != v->caching && v->first < w->first + w->nr &&
		    w->first < v->first + v->nr)
			return -EINVAL;
	/*
	 * User mappings that hold no pages have the caching of the linear
	 * map: write-back.  A write-combined or uncached kernel mapping must
	 * not alias their pages: not after a write-back pageable_mmap(),
	 * which fixes the caching of the object's user mappings, nor while
	 * a mapping of the file made otherwise exists.
	 */
	if (v->caching != PAGEABLE_CACHING_WB &&
	    (obj->user_mapped ? obj->user_caching != v->caching :
				mapping_mapped(mapping)))
		return -EINVAL;
	if (obj->user_caching != v->caching &&
	    xa_find(&obj->held, &index, v->first + v->nr - 1, XA_PRESENT)) {
		unsigned long budget = ULONG_MAX;

		/* Pages that user mappings hold stay as they are. */
		if (obj->user_mapped)
			return -EINVAL;
		/* Pages kept from earlier kernel mappings: let them go. */
		pageable_held_release(obj, &budget, false);
	}
	if (v->caching == PAGEABLE_CACHING_WB)
		return 0;
	return pageable_vmapping_caching(obj, v, v->nr, false);
}

/*
 * Is there a write-combined or uncached kernel mapping of @obj?  Its pages
 * must not be mapped write-back into user space.  Called with obj->mutex
 * held.
 */
bool pageable_vmapping_any_caching(struct pageable *obj)
{
	struct pageable_vmapping *v;

	list_for_each_entry(v, &obj->vmaps, node)
		if (v->caching != PAGEABLE_CACHING_WB)
			return true;
	return false;
}

/*
 * Give back write-back caching to the pages of @v that no other mapping
 * with its caching covers, before they can be unpinned and reclaimed.
 * Called with obj->mutex held, after @v left obj->vmaps.
 */
void pageable_vmapping_restore_caching(struct pageable *obj,
				       struct pageable_vmapping *v)
{
	if (v->caching != PAGEABLE_CACHING_WB)
		pageable_vmapping_caching(obj, v, v->nr, true);
}
