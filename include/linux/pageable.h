/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pageable object allocator: kernel objects backed by swappable memory.
 *
 * See mm/pageable.c for the design, the locking rules and the lifetime
 * rules.
 */
#ifndef _LINUX_PAGEABLE_H
#define _LINUX_PAGEABLE_H

#include <linux/bits.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/mm_types.h>
#include <linux/types.h>
#include <asm/page.h>

struct file;
struct iov_iter;
struct page;
struct pageable;
struct ucounts;
struct vm_area_struct;
struct vm_fault;

/**
 * enum pageable_flags - Creation flags for pageable_create().
 * @PAGEABLE_NORESERVE: Account memory page by page as the object is
 *	populated, like %VM_NORESERVE, instead of committing the whole size
 *	against the overcommit limit at creation.
 * @PAGEABLE_DMA32: Allocate pages below 4 GiB (%GFP_DMA32), for devices
 *	that can only address 32 bits.
 * @PAGEABLE_MOVABLE: Allow pages in %ZONE_MOVABLE and CMA areas.  Such an
 *	object can be read, written, mapped, locked and paged out, but not
 *	pinned or vmapped.  Cannot be combined with @PAGEABLE_DMA32.
 * @PAGEABLE_LARGE_FOLIOS: Use large folios (transparent huge pages) where
 *	tmpfs can allocate them: the object lives on a tmpfs mount of the
 *	allocator's own with huge=within_size, whatever the shmem_enabled
 *	policy of the kernel's internal mount.  Ignored without
 *	CONFIG_TRANSPARENT_HUGEPAGE or CONFIG_SHMEM.
 *
 * Without @PAGEABLE_MOVABLE, pages come from %GFP_HIGHUSER (or %GFP_USER
 * with @PAGEABLE_DMA32): never from %ZONE_MOVABLE or CMA, so that they
 * can be pinned for as long as a device needs them.
 */
enum pageable_flags {
	PAGEABLE_NORESERVE	= BIT(0),
	PAGEABLE_DMA32		= BIT(1),
	PAGEABLE_MOVABLE	= BIT(2),
	PAGEABLE_LARGE_FOLIOS	= BIT(3),
};

/**
 * enum pageable_intent - Who looks at the data after pageable_read() or
 *	pageable_write().
 * @PAGEABLE_INTENT_CPU: The CPU will look at the data again: copy through
 *	the cache and mark the folios accessed.
 * @PAGEABLE_INTENT_DEVICE: Only a device will look at the data: folios
 *	are not marked accessed, and writes from user memory use
 *	non-temporal stores where the architecture has them, so they do not
 *	pollute the CPU caches.
 */
enum pageable_intent {
	PAGEABLE_INTENT_CPU	= 0,
	PAGEABLE_INTENT_DEVICE	= 1,
};

/**
 * enum pageable_unpin_flags - What the device did to an unpinned range.
 * @PAGEABLE_UNPIN_DIRTY: The pages were written (by a device or through a
 *	kernel mapping): mark them dirty so that reclaim writes them to swap
 *	instead of dropping them.
 * @PAGEABLE_UNPIN_ACCESSED: The pages were used: mark them accessed so that
 *	reclaim ages them like recently used memory.
 */
enum pageable_unpin_flags {
	PAGEABLE_UNPIN_DIRTY	= BIT(0),
	PAGEABLE_UNPIN_ACCESSED	= BIT(1),
};

/**
 * struct pageable_stats - Snapshot of the state of a pageable object.
 * @size: Size of the object in bytes, as given to pageable_create().
 * @resident: Pages in memory (in the object's page cache).
 * @swapped: Pages written out to swap.
 * @pinned: Pages pinned by pageable_pin() and pageable_vmap(), counted
 *	once per pin.
 * @vmaps: Kernel mappings made by pageable_vmap().
 * @locked: The object is locked by pageable_lock().
 * @unevictable: Reclaim leaves the object's pages alone (pinned, vmapped
 *	or locked).
 * @dontneed: Pages in the dontneed state (see pageable_dontneed()).
 * @discarded: Dontneed pages whose contents were discarded so far.
 * @held: Pages held for user mappings (see pageable_fault()) or,
 *	write-combined or uncached, after kernel mappings (see
 *	pageable_vunmap()), until the shrinker releases them.
 * @has_inode: Backing store was created.  An object that was never
 *	touched has none.
 */
struct pageable_stats {
	u64 size;
	unsigned long resident;
	unsigned long swapped;
	unsigned long pinned;
	unsigned long dontneed;
	unsigned long discarded;
	unsigned long held;
	unsigned int vmaps;
	bool locked;
	bool unevictable;
	bool has_inode;
};

#ifdef CONFIG_PAGEABLE

struct pageable *pageable_create(u64 size, unsigned int flags);
struct pageable *pageable_get(struct pageable *obj);
void pageable_put(struct pageable *obj);
void pageable_put_async(struct pageable *obj);
u64 pageable_size(const struct pageable *obj);
int pageable_pin(struct pageable *obj, pgoff_t first, unsigned long nr,
		 struct page **pages);
int pageable_pin_gfp(struct pageable *obj, pgoff_t first, unsigned long nr,
		     struct page **pages, gfp_t gfp);
int pageable_unpin(struct pageable *obj, pgoff_t first, unsigned long nr,
		   struct page **pages, unsigned int flags);
void *pageable_vmap(struct pageable *obj, pgoff_t first, unsigned long nr,
		    pgprot_t prot);
int pageable_vunmap(struct pageable *obj, const void *vaddr,
		    unsigned int flags);
ssize_t pageable_read(struct pageable *obj, loff_t pos, struct iov_iter *to,
		      enum pageable_intent intent);
ssize_t pageable_write(struct pageable *obj, loff_t pos,
		       struct iov_iter *from, enum pageable_intent intent);
int pageable_mmap(struct pageable *obj, struct vm_area_struct *vma,
		  pgoff_t pgoff);
vm_fault_t pageable_fault(struct pageable *obj, struct vm_fault *vmf);
void pageable_revoke(struct pageable *obj);
long pageable_pageout(struct pageable *obj, pgoff_t first, unsigned long nr);
long pageable_try_pageout(struct pageable *obj, pgoff_t first,
			  unsigned long nr, gfp_t gfp);
int pageable_purge(struct pageable *obj);
/**
 * pageable_dontneed() - Allow the contents of a range to be discarded.
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 *
 * Declares that the owner can recreate the contents of the range, e.g.
 * because a device holds a copy.  The pages stay valid and are reused at
 * no cost by pageable_willneed() as long as memory allows, but they are
 * never written to swap: under memory pressure the shrinker and reclaim
 * discard them instead, and pageable_pageout() discards them at once.
 * Pages that are already on swap are discarded now (their swap is freed).
 * User mappings of the range are zapped; a later fault sees the contents
 * if they are still there and zeroes once they were discarded.  A pinned
 * or vmapped page is not discarded while it is pinned, and its unpin does
 * not dirty it.  An object locked with pageable_lock() keeps its pages.
 *
 * Until pageable_willneed() takes the range back, pageable_pin(),
 * pageable_vmap() and pageable_write() refuse it with %-EBUSY, and
 * pageable_read() returns the contents or zeroes.  Calling this on pages
 * that are already dontneed leaves their state alone.  The caller
 * serializes this with its own pins and writes of the same range.  User
 * space is not expected to touch a dontneed range: a page it dirties may
 * be written to swap, and a page it faults in after reclaim dropped the
 * contents reads as zeroes but may be reported intact.
 *
 * Context: Process context.  May sleep.
 * Return: 0, %-EINVAL if the range is empty or outside the object, or
 * %-ENOMEM if the state (three bits per page of the object) cannot be
 * allocated.
 */
int pageable_dontneed(struct pageable *obj, pgoff_t first, unsigned long nr);

/**
 * pageable_willneed() - Take back a range given up with pageable_dontneed().
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 * @lost: If not %NULL, a bitmap of @nr bits.  Bit ``i`` is set if the
 *	contents of page @first + ``i`` were discarded, and cleared if the
 *	page is intact.
 *
 * Ends the dontneed state of the pages of the range and tells which of
 * them lost their contents, so that the owner can fill exactly those,
 * e.g. with one DMA transfer per run of bits in @lost.  A discarded page
 * reads as zeroes until it is filled.  Pages that survived hold the same
 * bytes as when they were declared dontneed; they are reported without
 * being copied, mapped or faulted in.  Pages of the range that were not
 * dontneed are reported intact.
 *
 * Context: Process context.  May sleep.
 * Return: The number of pages whose contents were discarded, or %-EINVAL
 * if the range is empty or outside the object.
 */
long pageable_willneed(struct pageable *obj, pgoff_t first, unsigned long nr,
		       unsigned long *lost);

int pageable_lock(struct pageable *obj, struct ucounts *ucounts);
void pageable_unlock(struct pageable *obj);
void pageable_rescue_evictable(struct pageable *obj);
struct file *pageable_file(struct pageable *obj, const char *name);
void pageable_stat(struct pageable *obj, struct pageable_stats *stat);

#else /* !CONFIG_PAGEABLE */

static inline struct pageable *pageable_create(u64 size, unsigned int flags)
{
	return ERR_PTR(-ENODEV);
}

static inline struct pageable *pageable_get(struct pageable *obj)
{
	return obj;
}

static inline void pageable_put(struct pageable *obj)
{
}

static inline void pageable_put_async(struct pageable *obj)
{
}

static inline u64 pageable_size(const struct pageable *obj)
{
	return 0;
}

static inline int pageable_pin(struct pageable *obj, pgoff_t first,
			       unsigned long nr, struct page **pages)
{
	return -ENODEV;
}

static inline int pageable_pin_gfp(struct pageable *obj, pgoff_t first,
				   unsigned long nr, struct page **pages,
				   gfp_t gfp)
{
	return -ENODEV;
}

static inline int pageable_unpin(struct pageable *obj, pgoff_t first,
				 unsigned long nr, struct page **pages,
				 unsigned int flags)
{
	return -ENODEV;
}

static inline void *pageable_vmap(struct pageable *obj, pgoff_t first,
				  unsigned long nr, pgprot_t prot)
{
	return ERR_PTR(-ENODEV);
}

static inline int pageable_vunmap(struct pageable *obj, const void *vaddr,
				  unsigned int flags)
{
	return -ENODEV;
}

static inline ssize_t pageable_read(struct pageable *obj, loff_t pos,
				    struct iov_iter *to,
				    enum pageable_intent intent)
{
	return -ENODEV;
}

static inline ssize_t pageable_write(struct pageable *obj, loff_t pos,
				     struct iov_iter *from,
				     enum pageable_intent intent)
{
	return -ENODEV;
}

static inline int pageable_mmap(struct pageable *obj,
				struct vm_area_struct *vma, pgoff_t pgoff)
{
	return -ENODEV;
}

static inline vm_fault_t pageable_fault(struct pageable *obj,
					struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static inline void pageable_revoke(struct pageable *obj)
{
}

static inline long pageable_pageout(struct pageable *obj, pgoff_t first,
				    unsigned long nr)
{
	return 0;
}

static inline long pageable_try_pageout(struct pageable *obj, pgoff_t first,
					unsigned long nr, gfp_t gfp)
{
	return 0;
}

static inline int pageable_purge(struct pageable *obj)
{
	return -ENODEV;
}

static inline int pageable_dontneed(struct pageable *obj, pgoff_t first,
				    unsigned long nr)
{
	return -ENODEV;
}

static inline long pageable_willneed(struct pageable *obj, pgoff_t first,
				     unsigned long nr, unsigned long *lost)
{
	return -ENODEV;
}

static inline int pageable_lock(struct pageable *obj, struct ucounts *ucounts)
{
	return -ENODEV;
}

static inline void pageable_unlock(struct pageable *obj)
{
}

static inline void pageable_rescue_evictable(struct pageable *obj)
{
}

static inline struct file *pageable_file(struct pageable *obj,
					 const char *name)
{
	return ERR_PTR(-ENODEV);
}

static inline void pageable_stat(struct pageable *obj,
				 struct pageable_stats *stat)
{
	*stat = (struct pageable_stats){ };
}

#endif /* CONFIG_PAGEABLE */

/* pageable_put() ignores %NULL and ERR_PTR() values. */
DEFINE_FREE(pageable_put, struct pageable *, pageable_put(_T))

#endif /* _LINUX_PAGEABLE_H */
