/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the pageable object allocator, shared by its files:
 *
 * - pageable.c: objects, their inode and file, pin and unpin, read and
 *   write, pageout, lock and stat;
 * - pageable_caching.c: the caching of pages under kernel and user mappings;
 * - pageable_vmap.c: kernel mappings;
 * - pageable_mmap.c: user mappings and the folios held for them;
 * - pageable_dontneed.c: dontneed, willneed, purge and the shrinker;
 * - pageable_debugfs.c: the debugfs listing;
 * - pageable_test_hooks.c: what the KUnit suites and the benchmark use
 *   (declared in pageable_test_hooks.h).
 */
#ifndef __MM_PAGEABLE_H
#define __MM_PAGEABLE_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/list_lru.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pageable.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>

/**
 * struct pageable - A pageable object.
 * @ref: Reference count.
 * @flags: &enum pageable_flags given at creation.
 * @size: Size in bytes, as given to pageable_create().
 * @inode: Backing inode, created on first use; read with acquire.
 * @file: File on @inode, created by pageable_file(); read with acquire.
 * @objcg: Memory cgroup charged for the pages, as an obj_cgroup that
 *	follows reparenting (reference held); %NULL for the root.
 * @memcg: With cgroup.memory=nokmem, which has no obj_cgroups: the memory
 *	cgroup charged for the pages (reference held).
 * @id: Number shown in debugfs and tracepoints.
 * @mutex: Serializes the creation of @inode and @file; protects @dontneed.
 * @lock: Protects the fields below and the unevictable bit of the mapping.
 * @holds: Reasons to be unevictable: pinned pages plus one if locked.
 * @pinned: Pages pinned by pageable_pin(), including those of vmaps.
 * @nr_vmaps: Number of entries on @vmaps.
 * @lock_ucounts: Owner of the RLIMIT_MEMLOCK charge while locked.
 * @vmaps: Kernel mappings made by pageable_vmap().
 * @dontneed: Dontneed state, allocated by the first pageable_dontneed() and
 *	freed when no page is left in that state; under @mutex, and the
 *	pointer also under @lock.
 * @held: The folios held pinned with caching @user_caching until the
 *	shrinker releases them, at every page index they cover: faulted in
 *	by user mappings (see pageable_fault()), or kept from write-combined
 *	or uncached kernel mappings (see pageable_vunmap()).  The entries are
 *	the folios the allocator holds pins on, which may have left the page
 *	cache meanwhile (a hole punched through the file).  Under @mutex.
 * @nr_held: Number of pages in @held; under @lock.
 * @held_scan: Where the next shrinker scan of @held starts, so that scans
 *	make progress past folios that cannot be released yet.
 * @user_mapping: Address space of the file through which user space maps
 *	the object (see pageable_mmap()); its PTEs of a held folio are
 *	zapped before the folio is let go.  A reference on its host inode
 *	keeps it alive.  Under @mutex.
 * @user_pgoff: Offset in pages of the object's first page in the file of
 *	@user_mapping.  Under @mutex.
 * @user_caching: Caching of the user mappings, fixed by the first
 *	pageable_mmap(), and of the held pages; under @mutex.
 * @user_mapped: pageable_mmap() was called; under @mutex.
 * @user_writable: A user mapping may write: held folios are dirty when
 *	they are let go.  Under @mutex.
 * @purging: pageable_purge() is at work: pins and locks fail meanwhile;
 *	under @lock.
 * @retire_queued: The object is on ``pageable_retire_list``, with a
 *	reference, for the kernel mappings that pageable_vunmap() unmapped
 *	while @mutex was busy; under @lock.
 * @nr_retired: Number of those mappings still on @vmaps; under @lock.
 * @retire_node: Entry on ``pageable_retire_list``; once the last reference
 *	is gone, on the list of objects that a worker releases.
 * @lru: Entry on ``pageable_lru`` while @dontneed has pages to discard or
 *	@held has folios to release.
 * @node: Entry on the global list of live objects.
 */
struct pageable {
	struct kref ref;
	unsigned int flags;
	u64 size;
	struct inode *inode;
	struct file *file;
	struct obj_cgroup *objcg;
	struct mem_cgroup *memcg;
	unsigned long id;
	struct mutex mutex;		/* See the kernel-doc above. */
	spinlock_t lock;		/* See the kernel-doc above. */
	unsigned int nr_vmaps;
	unsigned long holds;
	unsigned long pinned;
	struct ucounts *lock_ucounts;
	struct list_head vmaps;
	struct pageable_dontneed_state *dontneed;
	struct xarray held;
	unsigned long nr_held;
	pgoff_t held_scan;
	struct address_space *user_mapping;
	pgoff_t user_pgoff;
	u8 user_caching;
	bool user_mapped;
	bool user_writable;
	bool purging;
	bool retire_queued;
	unsigned int nr_retired;
	struct llist_node retire_node;
	struct list_head lru;
	struct list_head node;
};

/* The three bitmaps of &struct pageable_dontneed_state. */
enum {
	PAGEABLE_DONTNEED_STATE,		/* The page is in the dontneed state. */
	PAGEABLE_DONTNEED_KEPT,	/* It had contents, not discarded yet. */
	PAGEABLE_DONTNEED_LOST,	/* Its contents were discarded. */
	PAGEABLE_DONTNEED_NR_MAPS,
};

/**
 * struct pageable_dontneed_state - Dontneed state of an object.
 * @nr_dontneed: Pages in the dontneed state.
 * @nr_kept: Dontneed pages that had contents and were not seen discarded
 *	yet.  Some of them may have been dropped by reclaim meanwhile: the
 *	next scan of the object notices.
 * @nr_lost: Dontneed pages whose contents were discarded.
 * @scan: Where the next shrinker scan of the object starts, so that scans
 *	make progress past pages that cannot be discarded yet.
 * @bits: %PAGEABLE_DONTNEED_NR_MAPS bitmaps of one bit per page of the object.
 *
 * A page in the dontneed state is a *hole* (no contents when it was
 * declared dontneed: nothing to lose), *kept* or *lost*.
 */
struct pageable_dontneed_state {
	unsigned long nr_dontneed;
	unsigned long nr_kept;
	unsigned long nr_lost;
	pgoff_t scan;
	unsigned long bits[];
};

/* The caching of a kernel mapping, as far as the linear map cares. */
enum pageable_caching {
	PAGEABLE_CACHING_WB,
	PAGEABLE_CACHING_WC,
	PAGEABLE_CACHING_UC,
};

/**
 * struct pageable_vmapping - A kernel mapping made by pageable_vmap().
 * @node: Entry on &pageable.vmaps.
 * @vaddr: Start of the mapping, %NULL once it is unmapped.
 * @first: First page of the object that is mapped.
 * @nr: Number of pages.
 * @caching: Caching of the mapping, which the linear map of @pages follows
 *	until the last mapping of that caching of each page is gone.
 * @pages: The pinned pages.
 * @flags: Once @vaddr is %NULL, the &enum pageable_unpin_flags of the
 *	pageable_vunmap() that found the object's mutex busy.
 */
struct pageable_vmapping {
	struct list_head node;
	void *vaddr;
	pgoff_t first;
	unsigned long nr;
	enum pageable_caching caching;
	struct page **pages;
	unsigned int flags;
};

/* What pageable_dontneed_walk() does to the kept pages it finds resident. */
enum pageable_dontneed_mode {
	PAGEABLE_DONTNEED_DISCARD,	/* Discard them. */
	PAGEABLE_DONTNEED_RESTORE,	/* Dirty them again: they are wanted. */
};

/* The unpin flags pageable_unpin() and pageable_vunmap() accept. */
#define PAGEABLE_UNPIN_VALID	(PAGEABLE_UNPIN_DIRTY | PAGEABLE_UNPIN_ACCESSED)
/* Tries to pin a folio that migration moves under us; see pageable.c. */
#define PAGEABLE_PIN_TRIES	8

extern struct list_head pageable_list;
extern spinlock_t pageable_list_lock;
extern struct list_lru pageable_lru;
extern atomic_long_t pageable_nr_objects;
extern atomic_long_t pageable_nr_pinned;
extern atomic_long_t pageable_nr_held;
extern atomic_long_t pageable_nr_dontneed;
extern atomic_long_t pageable_nr_discardable;
extern atomic_long_t pageable_nr_discarded;

static inline unsigned long pageable_nr_pages(const struct pageable *obj)
{
	return DIV_ROUND_UP_ULL(obj->size, PAGE_SIZE);
}

static inline bool pageable_range_ok(const struct pageable *obj,
				     pgoff_t first, unsigned long nr)
{
	unsigned long total = pageable_nr_pages(obj);

	return nr && first < total && nr <= total - first;
}

/* The inode, or %NULL before the first use; see pageable_inode(). */
static inline struct inode *pageable_inode_peek(struct pageable *obj)
{
	/* Pairs with smp_store_release() in pageable_inode_create_locked(). */
	return smp_load_acquire(&obj->inode);
}

/* Drop @refs pins of @folio taken by pageable_pin_folio(). */
static inline void pageable_unpin_folio(struct folio *folio, unsigned long refs)
{
	unpin_user_page_range_dirty_lock(&folio->page, refs, false);
}

/* Bitmap @map of the dontneed state; obj->dontneed must be set. */
static inline unsigned long *pageable_dontneed_bits(struct pageable *obj,
						    unsigned int map)
{
	return obj->dontneed->bits + map * BITS_TO_LONGS(pageable_nr_pages(obj));
}

/* pageable.c */
void pageable_hold(struct pageable *obj, unsigned long n);
bool pageable_unhold(struct pageable *obj, unsigned long n);
struct inode *pageable_inode(struct pageable *obj);
struct mem_cgroup *pageable_memcg_get(struct pageable *obj);
struct mem_cgroup *pageable_memcg_enter(struct pageable *obj);
void pageable_memcg_exit(struct mem_cgroup *old);
int pageable_pin_folio(struct folio *folio, int refs);
void pageable_release_deferred(struct kref *ref);
extern struct work_struct pageable_release_work;

/* pageable_caching.c */
#ifdef CONFIG_X86
int pageable_caching(pgprot_t prot);
int pageable_set_caching(struct page **pages, unsigned long nr,
			 enum pageable_caching caching);
#else
/* Only x86 keeps the caching of the linear map in line with aliases. */
static inline int pageable_caching(pgprot_t prot)
{
	return PAGEABLE_CACHING_WB;
}

static inline int pageable_set_caching(struct page **pages,
				       unsigned long nr,
				       enum pageable_caching caching)
{
	return 0;
}
#endif
bool pageable_vmaps_cover(struct pageable *obj,
			  struct pageable_vmapping *skip, pgoff_t index,
			  struct page *page, enum pageable_caching caching);
int pageable_vmapping_set_caching(struct pageable *obj,
				  struct pageable_vmapping *v);
void pageable_vmapping_restore_caching(struct pageable *obj,
				       struct pageable_vmapping *v);
bool pageable_vmapping_any_caching(struct pageable *obj);

/* pageable_vmap.c */
void pageable_vmapping_unlink(struct pageable *obj,
			      struct pageable_vmapping *v);
void pageable_vmap_destroy(struct pageable *obj, struct pageable_vmapping *v,
			   unsigned int flags);
void pageable_vmappings_reap(struct pageable *obj, bool keep);

/* pageable_mmap.c */
void pageable_user_zap(struct pageable *obj, pgoff_t index, unsigned long nr);
void pageable_held_release_range(struct pageable *obj, pgoff_t first,
				 pgoff_t last, struct folio *keep);
unsigned long pageable_held_release(struct pageable *obj,
				    unsigned long *budget, bool reclaim);

/* pageable_dontneed.c */
struct shrinker *pageable_shrinker_alloc(void);
void pageable_shrinker_free(struct shrinker *shrinker);
bool pageable_dontneed_busy(struct pageable *obj, pgoff_t first,
			    unsigned long nr);
void pageable_dontneed_destroy(struct pageable *obj);
unsigned long pageable_dontneed_walk(struct pageable *obj, pgoff_t first,
				     pgoff_t last,
				     enum pageable_dontneed_mode mode,
				     unsigned long *budget, pgoff_t *stop);
unsigned long pageable_do_shrink(int nid, struct mem_cgroup *memcg,
				 unsigned long nr_to_scan, gfp_t gfp,
				 unsigned long *scanned);

#endif /* __MM_PAGEABLE_H */
