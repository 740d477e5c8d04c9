// SPDX-License-Identifier: GPL-2.0
/*
 * Pageable object allocator.
 *
 * Copyright (C) 2026 The pageable authors
 */

/**
 * DOC: Overview
 *
 * A pageable object is a range of kernel-owned, swappable memory behind an
 * opaque &struct pageable handle.  It replaces the pattern of borrowing a
 * tmpfs file with shmem_file_setup() and reaching into the page cache: the
 * allocator owns pinning, the unevictable state, kernel mappings and their
 * caching attributes, dirtying, pageout and SHM_LOCK-style locking once,
 * for all of its users.
 *
 * **Backing store.**  Pages live in the page cache of an unlinked,
 * %S_PRIVATE inode on the kernel's internal tmpfs mount (``shm_mnt``), so
 * they go to swap through shmem's own writeout, swapoff finds them, and
 * memory accounting, NUMA policy and THP behave as for any tmpfs file.
 * Objects created with %PAGEABLE_LARGE_FOLIOS use a tmpfs mount of the
 * allocator's own, with huge=within_size.  With !CONFIG_SHMEM the inode
 * is a ramfs inode: same API, no swap.
 *
 * **Cheap objects.**  pageable_create() allocates only a &struct pageable
 * from its own %SLAB_ACCOUNT cache.  The inode is created on first use
 * (pin, vmap, write, mmap, file) and a &struct file only when
 * pageable_file() asks for one.  There is never a
 * dentry or a file for the inode alone.  Reading a never-written range
 * returns zeroes without creating anything.  Objects may be created from
 * an early initcall: the internal mount exists once vfs_caches_init() has
 * run.
 *
 * **Memory cgroup.**  The cgroup that the creator's kernel allocations are
 * charged to (its active memcg, else its own) is recorded at creation as
 * an obj_cgroup, which follows reparenting when the cgroup is removed and
 * keeps no dying cgroup alive.  Every page the allocator populates itself
 * is charged to it with set_active_memcg(), even from a worker or another
 * task, and so are the pages that user mappings fault in and hold, which
 * the shrinker of that cgroup releases.
 *
 * **Unevictable state.**  One counter, ``holds``, folds every reason to keep
 * the pages off the evictable LRUs: one hold per pinned page (vmap pins
 * its range too) and one for pageable_lock().  The mapping is marked
 * unevictable when ``holds`` leaves zero and made evictable again when it
 * returns to zero, at which point the pages that reclaim culled meanwhile
 * are moved back with shmem_unlock_mapping().  Nested users can therefore
 * never clobber each other's state, unlike a bare AS_UNEVICTABLE bit.
 * Pinned pages hold a FOLL_PIN per page (folio_maybe_dma_pinned() sees
 * them), so reclaim, migration and pageout all leave them alone; they are
 * long-term pins, migrated out of %ZONE_MOVABLE and CMA before they are
 * taken.  A hole punched through the object's file takes pinned pages out
 * of the object, and the pinner keeps them until it unpins; held folios
 * are tracked by pointer and forgotten when they left the page cache.
 *
 * **States of a page.**  A page of an object is in one of these states:
 *
 * - *hole*: never written, or discarded; reads as zeroes, uses no memory.
 * - *resident*: in the page cache, on the LRUs, reclaimable.
 * - *pinned*: resident, held by pageable_pin() or pageable_vmap(); neither
 *   reclaim nor the shrinker touch it.
 * - *swapped*: written out by reclaim or pageable_pageout(); read back on
 *   the next access.
 * - *dontneed*: given up by pageable_dontneed().  A resident dontneed page
 *   is clean, so reclaim drops it instead of writing it to swap, and the
 *   dontneed shrinker discards it before reclaim gets that far; a swapped
 *   one is discarded at once.  pageable_willneed() ends the state and
 *   reports, page by page, whether the contents survived (the page is
 *   resident again, byte for byte as before) or were *discarded* (it is a
 *   hole now).  Pinning, vmapping or writing a dontneed page fails with
 *   %-EBUSY until then.
 *
 * ::
 *
 *   hole --write/pin/fault--> resident <--swap-in/swap-out--> swapped
 *   resident --pin--> pinned --unpin--> resident
 *   resident, pinned --dontneed--> dontneed (kept) --willneed--> resident
 *   dontneed (kept) --shrinker, reclaim, pageout--> dontneed (discarded)
 *   swapped --dontneed--> dontneed (discarded) --willneed--> hole
 *
 * Discarded pages are found through a memcg- and NUMA-aware list_lru of
 * the objects that have resident dontneed pages, on the list of the memcg
 * that the &struct pageable is charged to and the node it lives on.  The
 * shrinker counts pages: each listed object counts for the average number
 * of discardable pages per listed object.  Reclaim itself also drops clean
 * dontneed pages; pageable_willneed() notices them as missing.
 *
 * **Locking order.**
 *
 * 1. &pageable.mutex: serializes creation of the inode and of the file,
 *    and protects the dontneed state and the held folios.  It is taken
 *    under mmap_lock (pageable_mmap(), pageable_fault()), and the
 *    i_mmap_rwsem of the address space of the user mappings nests in it
 *    (zapping them).  The shrinker, pageable_purge() and pageable_unpin()
 *    only ever trylock it, so memory may be allocated under it.
 * 2. The list_lru lock of ``pageable_lru``: taken under &pageable.mutex to
 *    add or remove the object, except by the release and by the shrinker,
 *    which puts back an object whose mutex is busy.  The shrinker takes
 *    objects off the list under it with a reference (kref_get_unless_zero())
 *    and works on them after dropping it; its last reference is released
 *    by a worker.
 * 3. &pageable.lock (spinlock): protects ``holds``, ``pinned``,
 *    ``lock_ucounts``, the vmap list, the ``dn`` pointer and the
 *    unevictable bit of the mapping.  Nothing sleeps under it, which is
 *    what lets pageable_lock() and pageable_unlock() be called under a
 *    caller's spinlock.  user_shm_lock()'s lock nests in it.
 * 4. The folio lock: taken in pageable_write(), in pageable_pageout() and
 *    by the dontneed code (trylock in the shrinker), with &pageable.lock
 *    not held.
 *
 * The global ``pageable_list_lock`` (list of live objects) is taken alone
 * by pageable_create() and the release, and outside &pageable.lock by the
 * debugfs listing.
 *
 * **Lifetime.**  Objects are reference counted with pageable_get() and
 * pageable_put().  The last put releases the object's own kernel mappings,
 * its file and its inode; evicting the inode frees the pages and the swap
 * and unaccounts the size.  The file handed out by pageable_file() keeps
 * the inode alive on its own, and so does a mapping of it.  The caller of
 * pageable_mmap() keeps the object alive for as long as its VMAs exist.
 * Releasing an object that is still vmapped or locked is a bug that is
 * reported with a warning and repaired.
 * Pins are the caller's: a pin still held at release is reported, the
 * pages leave the page cache, and they are freed when the caller drops
 * its pins with unpin_user_pages().
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/blkdev.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kref.h>
#include <linux/list_lru.h>
#include <linux/llist.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/pageable.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/set_memory.h>
#include <linux/shmem_fs.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swap.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/writeback.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>

#ifdef CONFIG_X86
#include <asm/memtype.h>
#endif

#include "internal.h"
#include "swap.h"

#define CREATE_TRACE_POINTS
#include <trace/events/pageable.h>

#define PAGEABLE_VALID_FLAGS	(PAGEABLE_NORESERVE | PAGEABLE_DMA32 | \
				 PAGEABLE_MOVABLE | PAGEABLE_LARGE_FOLIOS)
#define PAGEABLE_UNPIN_VALID	(PAGEABLE_UNPIN_DIRTY | PAGEABLE_UNPIN_ACCESSED)

/**
 * struct pageable - A pageable object.
 * @ref: Reference count.
 * @flags: &enum pageable_flags given at creation.
 * @size: Size in bytes, a multiple of %PAGE_SIZE.
 * @inode: Backing inode, created on first use; read with acquire.
 * @file: File on @inode, created by pageable_file(); read with acquire.
 * @objcg: Memory cgroup charged for the pages, as an obj_cgroup that
 *	follows reparenting (reference held); %NULL for the root.
 * @id: Number shown in debugfs and tracepoints.
 * @mutex: Serializes the creation of @inode and @file; protects @dn.
 * @lock: Protects the fields below and the unevictable bit of the mapping.
 * @holds: Reasons to be unevictable: pinned pages plus one if locked.
 * @pinned: Pages pinned by pageable_pin(), including those of vmaps.
 * @nr_vmaps: Number of entries on @vmaps.
 * @lock_ucounts: Owner of the RLIMIT_MEMLOCK charge while locked.
 * @vmaps: Kernel mappings made by pageable_vmap().
 * @dn: Dontneed state, allocated by the first pageable_dontneed() and
 *	freed when no page is left in that state; under @mutex, and the
 *	pointer also under @lock.
 * @held: The folios held pinned with caching @user_caching until the
 *	shrinker releases them, at every page index they cover: faulted in
 *	by user mappings (see pageable_fault()), or kept from write-combined
 *	or uncached kernel mappings (see pageable_vunmap()).  The entries are
 *	the folios the allocator holds pins on, which may have left the page
 *	cache meanwhile (a hole punched through the file).  Under @mutex.
 * @nr_user_held: Number of pages in @held; under @lock.
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
 * @retire_node: Entry on ``pageable_retire_list``.
 * @lru: Entry on ``pageable_lru`` while @dn has pages to discard or
 *	@held has folios to release.
 * @node: Entry on the global list of live objects, then on the list of
 *	objects whose release was deferred to a worker.
 */
struct pageable {
	struct kref ref;
	unsigned int flags;
	u64 size;
	struct inode *inode;
	struct file *file;
	struct obj_cgroup *objcg;
	unsigned long id;
	struct mutex mutex;		/* See the kernel-doc above. */
	spinlock_t lock;		/* See the kernel-doc above. */
	unsigned int nr_vmaps;
	unsigned long holds;
	unsigned long pinned;
	struct ucounts *lock_ucounts;
	struct list_head vmaps;
	struct pageable_dn *dn;
	struct xarray held;
	unsigned long nr_user_held;
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

/* The three bitmaps of &struct pageable_dn. */
enum {
	PAGEABLE_DN,		/* The page is in the dontneed state. */
	PAGEABLE_DN_KEPT,	/* It had contents, not discarded yet. */
	PAGEABLE_DN_LOST,	/* Its contents were discarded. */
	PAGEABLE_DN_NR_MAPS,
};

/**
 * struct pageable_dn - Dontneed state of an object.
 * @nr_dontneed: Pages in the dontneed state.
 * @nr_kept: Dontneed pages that had contents and were not seen discarded
 *	yet.  Some of them may have been dropped by reclaim meanwhile: the
 *	next scan of the object notices.
 * @nr_lost: Dontneed pages whose contents were discarded.
 * @scan: Where the next shrinker scan of the object starts, so that scans
 *	make progress past pages that cannot be discarded yet.
 * @bits: %PAGEABLE_DN_NR_MAPS bitmaps of one bit per page of the object.
 *
 * A page in the dontneed state is a *hole* (no contents when it was
 * declared dontneed: nothing to lose), *kept* or *lost*.
 */
struct pageable_dn {
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
 * struct pageable_kmap - A kernel mapping made by pageable_vmap().
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
struct pageable_kmap {
	struct list_head node;
	void *vaddr;
	pgoff_t first;
	unsigned long nr;
	enum pageable_caching caching;
	struct page **pages;
	unsigned int flags;
};

static struct kmem_cache *pageable_cachep;
static struct list_lru pageable_lru;
static LIST_HEAD(pageable_list);
static LIST_HEAD(pageable_deferred);
static LLIST_HEAD(pageable_retire_list);
static DEFINE_SPINLOCK(pageable_list_lock);
static atomic_long_t pageable_nr_objects = ATOMIC_LONG_INIT(0);
static atomic_long_t pageable_nr_pinned = ATOMIC_LONG_INIT(0);
static atomic_long_t pageable_nr_dontneed = ATOMIC_LONG_INIT(0);
static atomic_long_t pageable_nr_discardable = ATOMIC_LONG_INIT(0);
static atomic_long_t pageable_nr_discarded = ATOMIC_LONG_INIT(0);
static atomic_long_t pageable_nr_user_held = ATOMIC_LONG_INIT(0);
static atomic_long_t pageable_next_id = ATOMIC_LONG_INIT(0);

static unsigned long pageable_shrink_count(struct shrinker *shrinker,
					   struct shrink_control *sc);
static unsigned long pageable_shrink_scan(struct shrinker *shrinker,
					  struct shrink_control *sc);
static unsigned long pageable_user_release(struct pageable *obj,
					   unsigned long *budget, bool reclaim);

/*
 * Set up the object cache and the shrinker on first use, so that objects
 * can be created from an early initcall.  The shrinker comes first: the
 * cache allocates objects on its list_lru.  A failure is not remembered:
 * the next pageable_create() tries again.
 */
static int pageable_cache_init(void)
{
	static DEFINE_MUTEX(init_mutex);
	struct kmem_cache *cachep;
	struct shrinker *shrinker;
	int ret = 0;

	/* Pairs with smp_store_release() below. */
	if (likely(smp_load_acquire(&pageable_cachep)))
		return 0;

	mutex_lock(&init_mutex);
	if (pageable_cachep)
		goto out_unlock;
	ret = -ENOMEM;
	shrinker = shrinker_alloc(SHRINKER_MEMCG_AWARE | SHRINKER_NUMA_AWARE,
				  "pageable");
	if (!shrinker)
		goto out_unlock;
	if (list_lru_init_memcg(&pageable_lru, shrinker))
		goto out_free_shrinker;
	cachep = KMEM_CACHE(pageable, SLAB_ACCOUNT);
	if (!cachep)
		goto out_destroy_lru;

	shrinker->count_objects = pageable_shrink_count;
	shrinker->scan_objects = pageable_shrink_scan;
	shrinker->seeks = 0;	/* Discarded pages cost no I/O. */
	shrinker_register(shrinker);
	/* Publish to the lockless check above, once all is set up. */
	smp_store_release(&pageable_cachep, cachep);
	ret = 0;
	goto out_unlock;

out_destroy_lru:
	list_lru_destroy(&pageable_lru);
out_free_shrinker:
	shrinker_free(shrinker);
out_unlock:
	mutex_unlock(&init_mutex);
	return ret;
}

static unsigned long pageable_nr_pages(const struct pageable *obj)
{
	return DIV_ROUND_UP_ULL(obj->size, PAGE_SIZE);
}

static bool pageable_range_ok(const struct pageable *obj, pgoff_t first,
			      unsigned long nr)
{
	unsigned long total = pageable_nr_pages(obj);

	return nr && first < total && nr <= total - first;
}

static gfp_t pageable_gfp(unsigned int flags)
{
	if (flags & PAGEABLE_MOVABLE)
		return GFP_HIGHUSER_MOVABLE;
	if (flags & PAGEABLE_DMA32)
		return GFP_USER | __GFP_DMA32;
	return GFP_HIGHUSER;
}

static unsigned long pageable_vm_flags(const struct pageable *obj)
{
	return (obj->flags & PAGEABLE_NORESERVE) ? VM_NORESERVE : 0;
}

/* The inode, or %NULL if the object was never populated. */
static struct inode *pageable_inode_peek(struct pageable *obj)
{
	/* Pairs with smp_store_release() in pageable_inode_create_locked(). */
	return smp_load_acquire(&obj->inode);
}

/*
 * Only shmem mappings have an unevictable state of our own to manage:
 * ramfs (!CONFIG_SHMEM) mappings are always unevictable and must stay so.
 */
static void pageable_set_unevictable(struct pageable *obj, bool unevictable)
{
	struct address_space *mapping;

	lockdep_assert_held(&obj->lock);
	if (!obj->inode)
		return;
	mapping = obj->inode->i_mapping;
	if (!shmem_mapping(mapping))
		return;
	if (unevictable)
		mapping_set_unevictable(mapping);
	else
		mapping_clear_unevictable(mapping);
}

/* Take @n holds; called with obj->lock held. */
static void pageable_hold(struct pageable *obj, unsigned long n)
{
	lockdep_assert_held(&obj->lock);
	if (!obj->holds)
		pageable_set_unevictable(obj, true);
	obj->holds += n;
}

/*
 * Drop @n holds; called with obj->lock held.  Returns true when the object
 * became evictable: the caller must then call pageable_rescue_evictable()
 * once it may sleep.
 */
static bool pageable_unhold(struct pageable *obj, unsigned long n)
{
	lockdep_assert_held(&obj->lock);
	obj->holds -= n;
	if (obj->holds)
		return false;
	pageable_set_unevictable(obj, false);
	return true;
}

#ifdef CONFIG_MEMCG
/*
 * The creator's cgroup, as for its kernel memory: an obj_cgroup follows
 * reparenting when the cgroup goes away, and pins no dying memcg.  %NULL
 * stands for the root.
 */
static struct obj_cgroup *pageable_objcg_get(void)
{
	return get_obj_cgroup_from_current();
}

/* The memcg that the object's pages are charged to now, with a reference. */
static struct mem_cgroup *pageable_memcg_get(struct pageable *obj)
{
	if (!obj->objcg)
		return root_mem_cgroup;
	return get_mem_cgroup_from_objcg(obj->objcg);
}
#else /* !CONFIG_MEMCG */
static struct obj_cgroup *pageable_objcg_get(void)
{
	return NULL;
}

static struct mem_cgroup *pageable_memcg_get(struct pageable *obj)
{
	return NULL;
}
#endif /* CONFIG_MEMCG */

/* Charge what the current task allocates to the object's memcg. */
static struct mem_cgroup *pageable_memcg_enter(struct pageable *obj)
{
	return set_active_memcg(pageable_memcg_get(obj));
}

static void pageable_memcg_exit(struct mem_cgroup *old)
{
	mem_cgroup_put(set_active_memcg(old));
}

/*
 * Objects that ask for large folios live on a tmpfs mount of their own
 * with huge=within_size, as i915's gemfs does, so that they do not depend
 * on the shmem_enabled policy of the kernel's internal mount.  It is
 * mounted on first use; until that succeeds, such objects use the
 * internal mount.
 */
/* The tmpfs mount with huge=within_size, once it is mounted. */
static struct vfsmount *pageable_huge_mnt_ptr;

static struct vfsmount *pageable_huge_mnt(void)
{
	static DEFINE_MUTEX(mnt_mutex);
	char opts[] = "huge=within_size";
	struct file_system_type *type;
	struct vfsmount *mnt;

	/* Pairs with smp_store_release() below. */
	mnt = smp_load_acquire(&pageable_huge_mnt_ptr);
	if (likely(mnt))
		return mnt;

	mutex_lock(&mnt_mutex);
	mnt = pageable_huge_mnt_ptr;
	if (!mnt) {
		type = get_fs_type("tmpfs");
		mnt = type ? vfs_kern_mount(type, SB_KERNMOUNT, type->name,
					    opts) : ERR_PTR(-ENODEV);
		if (type)
			put_filesystem(type);
		if (IS_ERR(mnt)) {
			mnt = NULL;
		} else {
			/* Publish to the lockless readers. */
			smp_store_release(&pageable_huge_mnt_ptr, mnt);
		}
	}
	mutex_unlock(&mnt_mutex);
	return mnt;
}

/*
 * The mount of an existing inode, for its file: the huge mount may have
 * come up after the inode was created on the internal one.
 */
static struct vfsmount *pageable_inode_mnt(const struct inode *inode)
{
	/* Pairs with smp_store_release() in pageable_huge_mnt(). */
	struct vfsmount *mnt = smp_load_acquire(&pageable_huge_mnt_ptr);

	return mnt && mnt->mnt_sb == inode->i_sb ? mnt : NULL;
}

/* The mount for a new inode; %NULL for the internal tmpfs mount. */
static struct vfsmount *pageable_mnt(const struct pageable *obj)
{
	if (!(obj->flags & PAGEABLE_LARGE_FOLIOS) ||
	    !IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) || !IS_ENABLED(CONFIG_SHMEM))
		return NULL;
	return pageable_huge_mnt();
}

/* Create the backing inode if needed; called with obj->mutex held. */
static struct inode *pageable_inode_create_locked(struct pageable *obj)
{
	struct mem_cgroup *old;
	struct inode *inode;

	lockdep_assert_held(&obj->mutex);
	if (obj->inode)
		return obj->inode;

	old = pageable_memcg_enter(obj);
	inode = shmem_kernel_inode_create(pageable_mnt(obj), obj->size,
					  pageable_vm_flags(obj));
	pageable_memcg_exit(old);
	if (IS_ERR(inode))
		return inode;

	/* Zones must not change once pages exist (see drm_gem_get_pages). */
	mapping_set_gfp_mask(inode->i_mapping, pageable_gfp(obj->flags));

	spin_lock(&obj->lock);
	/* Publish a fully set up inode to pageable_inode_peek(). */
	smp_store_release(&obj->inode, inode);
	/* pageable_lock() may have been called before the first use. */
	if (obj->holds)
		pageable_set_unevictable(obj, true);
	spin_unlock(&obj->lock);
	return inode;
}

/* The inode, created on first use. */
static struct inode *pageable_inode(struct pageable *obj)
{
	struct inode *inode = pageable_inode_peek(obj);

	if (likely(inode))
		return inode;

	mutex_lock(&obj->mutex);
	inode = pageable_inode_create_locked(obj);
	mutex_unlock(&obj->mutex);
	return inode;
}

#ifdef CONFIG_X86
/* The caching that the linear map of the pages must have for @prot. */
static int pageable_caching(pgprot_t prot)
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

static int pageable_set_caching(struct page **pages, unsigned long nr,
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
#else /* !CONFIG_X86 */
/* Only x86 keeps the caching of the linear map in line with aliases. */
static int pageable_caching(pgprot_t prot)
{
	return PAGEABLE_CACHING_WB;
}

static int pageable_set_caching(struct page **pages, unsigned long nr,
				enum pageable_caching caching)
{
	return 0;
}
#endif /* CONFIG_X86 */

/*
 * Is @page, at @index of @obj, mapped by a kernel mapping of @obj other
 * than @skip with caching @caching?  The page is compared, not only the
 * index: a folio vmapped may have left the page cache, and another one may
 * stand at its index now.  Called with obj->mutex held.
 */
static bool pageable_vmaps_cover(struct pageable *obj,
				 struct pageable_kmap *skip, pgoff_t index,
				 struct page *page, enum pageable_caching caching)
{
	struct pageable_kmap *v;

	list_for_each_entry(v, &obj->vmaps, node)
		if (v != skip && v->caching == caching &&
		    index >= v->first && index - v->first < v->nr &&
		    v->pages[index - v->first] == page)
			return true;
	return false;
}

/* The same, or is @page held for user mappings with caching @caching? */
static bool pageable_kmap_covers(struct pageable *obj,
				 struct pageable_kmap *skip, pgoff_t index,
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
static int pageable_kmap_caching(struct pageable *obj, struct pageable_kmap *v,
				 unsigned long end, bool restore)
{
	enum pageable_caching to = restore ? PAGEABLE_CACHING_WB : v->caching;
	unsigned long i = 0, j;
	int ret;

	while (i < end) {
		if (!v->pages[i] ||
		    pageable_kmap_covers(obj, v, v->first + i, v->pages[i],
					 v->caching)) {
			i++;
			continue;
		}
		for (j = i + 1; j < end; j++)
			if (!v->pages[j] ||
			    pageable_kmap_covers(obj, v, v->first + j,
						 v->pages[j], v->caching))
				break;
		ret = pageable_set_caching(&v->pages[i], j - i, to);
		if (ret && !restore) {
			/* Undo the runs before this one. */
			pageable_kmap_caching(obj, v, i, true);
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
static int pageable_kmap_set_caching(struct pageable *obj,
				     struct pageable_kmap *v)
{
	struct address_space *mapping = obj->inode->i_mapping;
	pgoff_t index = v->first;
	struct pageable_kmap *w;

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
		pageable_user_release(obj, &budget, false);
	}
	if (v->caching == PAGEABLE_CACHING_WB)
		return 0;
	return pageable_kmap_caching(obj, v, v->nr, false);
}

/*
 * Is there a write-combined or uncached kernel mapping of @obj?  Its pages
 * must not be mapped write-back into user space.  Called with obj->mutex
 * held.
 */
static bool pageable_kmap_any_caching(struct pageable *obj)
{
	struct pageable_kmap *v;

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
static void pageable_kmap_restore_caching(struct pageable *obj,
					  struct pageable_kmap *v)
{
	if (v->caching != PAGEABLE_CACHING_WB)
		pageable_kmap_caching(obj, v, v->nr, true);
}

/**
 * pageable_create() - Create a pageable object.
 * @size: Size in bytes.  The object has DIV_ROUND_UP(@size, %PAGE_SIZE)
 *	pages; reads and writes end at @size, as in a file of that size.  An
 *	object of 0 bytes is empty, as a tmpfs file of 0 bytes: no range is
 *	valid in it.
 * @flags: A combination of &enum pageable_flags.
 *
 * Creates an object of @size bytes of zeroes.  No memory other than the
 * &struct pageable is used until the object is first populated.  Unless
 * @flags has %PAGEABLE_NORESERVE, the whole size is committed now against
 * the overcommit limit of the current task, as shmem_file_setup() does.
 * Pages are later charged to the memory cgroup that the current task
 * would charge now.
 *
 * Context: Process context, including early initcalls.  May sleep.
 * Return: The new object with one reference, or an ERR_PTR():
 *
 *  * %-EINVAL - @flags has unknown bits or combines %PAGEABLE_DMA32 and
 *    %PAGEABLE_MOVABLE.
 *  * %-EFBIG - @size is above %MAX_LFS_FILESIZE.
 *  * %-ENOMEM - Out of memory, or the size cannot be committed.
 */
struct pageable *pageable_create(u64 size, unsigned int flags)
{
	struct pageable *obj;
	int ret;

	might_sleep();
	if (flags & ~PAGEABLE_VALID_FLAGS)
		return ERR_PTR(-EINVAL);
	if ((flags & PAGEABLE_DMA32) && (flags & PAGEABLE_MOVABLE))
		return ERR_PTR(-EINVAL);
	if (size > MAX_LFS_FILESIZE)
		return ERR_PTR(-EFBIG);

	ret = pageable_cache_init();
	if (ret)
		return ERR_PTR(ret);

	/* On the list_lru, so that the memcg's lists exist when needed. */
	obj = kmem_cache_alloc_lru(pageable_cachep, &pageable_lru,
				   GFP_KERNEL | __GFP_ZERO);
	if (!obj)
		return ERR_PTR(-ENOMEM);

	obj->flags = flags;
	obj->size = size;
	ret = shmem_kernel_acct_size(size, pageable_vm_flags(obj));
	if (ret) {
		kmem_cache_free(pageable_cachep, obj);
		return ERR_PTR(ret);
	}

	kref_init(&obj->ref);
	mutex_init(&obj->mutex);
	spin_lock_init(&obj->lock);
	INIT_LIST_HEAD(&obj->vmaps);
	INIT_LIST_HEAD(&obj->lru);
	xa_init(&obj->held);
	obj->objcg = pageable_objcg_get();
	obj->id = atomic_long_inc_return(&pageable_next_id);

	spin_lock(&pageable_list_lock);
	list_add_tail(&obj->node, &pageable_list);
	spin_unlock(&pageable_list_lock);
	atomic_long_inc(&pageable_nr_objects);

	trace_pageable_create(obj->id, size, flags);
	return obj;
}
EXPORT_SYMBOL_GPL(pageable_create);

/**
 * pageable_get() - Take a reference on a pageable object.
 * @obj: The object.
 *
 * Context: Any context.
 * Return: @obj.
 */
struct pageable *pageable_get(struct pageable *obj)
{
	kref_get(&obj->ref);
	return obj;
}
EXPORT_SYMBOL_GPL(pageable_get);

/*
 * Keep the pages of a write-combined or uncached kernel mapping @v that
 * goes away pinned with their caching, as held pages (see
 * pageable_user_release()), so that mapping them again with that caching
 * switches nothing: the shrinker gives them back write-back caching when
 * reclaim needs the memory.  Only order-0 folios are kept, and only while
 * the held pages and user mappings of the object have @v's caching.  The
 * kept entries of v->pages are cleared: their pins became holds.  Called
 * with obj->mutex held.
 */
static void pageable_kmap_keep(struct pageable *obj, struct pageable_kmap *v,
			       unsigned int flags)
{
	unsigned long i, kept = 0;

	lockdep_assert_held(&obj->mutex);
	if (v->caching == PAGEABLE_CACHING_WB)
		return;
	if ((obj->user_mapped || obj->nr_user_held) &&
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
	obj->nr_user_held += kept;
	spin_unlock(&obj->lock);
	atomic_long_sub(kept, &pageable_nr_pinned);
	atomic_long_add(kept, &pageable_nr_user_held);
	list_lru_add_obj(&pageable_lru, &obj->lru);
}

/* Take @v off obj->vmaps; called with obj->mutex held. */
static void pageable_kmap_unlink(struct pageable *obj, struct pageable_kmap *v)
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
 * back write-back caching.  pageable_kmap_free() unpins them.
 */
static void pageable_kmap_teardown(struct pageable *obj,
				   struct pageable_kmap *v, unsigned int flags,
				   bool keep)
{
	lockdep_assert_held(&obj->mutex);
	if (v->vaddr)
		vunmap(v->vaddr);
	if (keep)
		pageable_kmap_keep(obj, v, flags);
	pageable_kmap_restore_caching(obj, v);
}

/* Unpin what pageable_kmap_teardown() did not keep, run by run; free @v. */
static void pageable_kmap_free(struct pageable *obj, struct pageable_kmap *v,
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
static void pageable_vmap_destroy(struct pageable *obj,
				  struct pageable_kmap *v, unsigned int flags)
{
	pageable_kmap_teardown(obj, v, flags, true);
	mutex_unlock(&obj->mutex);
	pageable_kmap_free(obj, v, flags);
}

/*
 * Tear down the kernel mappings that pageable_vunmap() unmapped while
 * obj->mutex was busy, keeping their pages (@keep) or not, before anything
 * else looks at obj->vmaps.  Called with obj->mutex held.
 */
static void pageable_kmaps_reap(struct pageable *obj, bool keep)
{
	struct pageable_kmap *v, *tmp;

	lockdep_assert_held(&obj->mutex);
	if (!READ_ONCE(obj->nr_retired))
		return;
	list_for_each_entry_safe(v, tmp, &obj->vmaps, node) {
		if (v->vaddr)
			continue;
		pageable_kmap_unlink(obj, v);
		pageable_kmap_teardown(obj, v, v->flags, keep);
		pageable_kmap_free(obj, v, v->flags);
	}
}

/* Forget the dontneed state of an object that is going away. */
static void pageable_dn_destroy(struct pageable *obj)
{
	struct pageable_dn *dn = obj->dn;

	list_lru_del_obj(&pageable_lru, &obj->lru);
	if (!dn)
		return;
	atomic_long_sub(dn->nr_dontneed, &pageable_nr_dontneed);
	atomic_long_sub(dn->nr_kept, &pageable_nr_discardable);
	obj->dn = NULL;
	kvfree(dn);
}

/* Free an object whose last reference is gone. */
static void pageable_free(struct pageable *obj)
{
	struct pageable_kmap *v;
	struct ucounts *ucounts;

	trace_pageable_release(obj->id, obj->size,
			       obj->inode ? obj->inode->i_mapping->nrpages : 0);

	spin_lock(&obj->lock);
	WARN_ON_ONCE(obj->nr_vmaps);
	ucounts = obj->lock_ucounts;
	spin_unlock(&obj->lock);

	for (;;) {
		mutex_lock(&obj->mutex);
		v = list_first_entry_or_null(&obj->vmaps, struct pageable_kmap,
					     node);
		if (!v) {
			mutex_unlock(&obj->mutex);
			break;
		}
		pageable_kmap_unlink(obj, v);
		pageable_vmap_destroy(obj, v, 0);
	}

	if (obj->nr_user_held) {
		unsigned long budget = ULONG_MAX;

		mutex_lock(&obj->mutex);
		pageable_user_release(obj, &budget, false);
		mutex_unlock(&obj->mutex);
	}
	if (obj->user_mapping)
		iput(obj->user_mapping->host);
	/*
	 * Off the shrinker's list only now: tearing down a write-combined
	 * vmap above may have kept its pages, which lists the object.
	 */
	pageable_dn_destroy(obj);
	WARN_ON_ONCE(!xa_empty(&obj->held));
	xa_destroy(&obj->held);

	if (WARN_ON_ONCE(ucounts))
		pageable_unlock(obj);

	if (WARN_ON_ONCE(obj->pinned)) {
		/* The caller's page references outlive the page cache. */
		atomic_long_sub(obj->pinned, &pageable_nr_pinned);
		spin_lock(&obj->lock);
		pageable_unhold(obj, obj->pinned);
		obj->pinned = 0;
		spin_unlock(&obj->lock);
	}

	if (obj->file)
		fput(obj->file);
	if (obj->inode)
		iput(obj->inode);
	else
		shmem_kernel_unacct_size(obj->size, pageable_vm_flags(obj));

	obj_cgroup_put(obj->objcg);
	atomic_long_dec(&pageable_nr_objects);
	kmem_cache_free(pageable_cachep, obj);
}

static void pageable_release(struct kref *ref)
{
	struct pageable *obj = container_of(ref, struct pageable, ref);

	spin_lock(&pageable_list_lock);
	list_del(&obj->node);
	spin_unlock(&pageable_list_lock);
	pageable_free(obj);
}

static void pageable_release_workfn(struct work_struct *work)
{
	struct pageable *obj, *tmp;
	LIST_HEAD(list);

	spin_lock(&pageable_list_lock);
	list_splice_init(&pageable_deferred, &list);
	spin_unlock(&pageable_list_lock);

	list_for_each_entry_safe(obj, tmp, &list, node) {
		list_del(&obj->node);
		pageable_free(obj);
		cond_resched();
	}
}

static DECLARE_WORK(pageable_release_work, pageable_release_workfn);

/*
 * The shrinker holds references, and must not free an object (iput(), swap
 * and all) from reclaim: its last reference hands the release to a worker.
 */
static void pageable_release_deferred(struct kref *ref)
{
	struct pageable *obj = container_of(ref, struct pageable, ref);

	spin_lock(&pageable_list_lock);
	list_move_tail(&obj->node, &pageable_deferred);
	spin_unlock(&pageable_list_lock);
	schedule_work(&pageable_release_work);
}

static unsigned long *pageable_dn_bits(struct pageable *obj, unsigned int map)
{
	return obj->dn->bits + map * BITS_TO_LONGS(pageable_nr_pages(obj));
}

/*
 * Does [first, first + nr) have pages in the dontneed state?  They must be
 * taken back with pageable_willneed() before they are populated again.
 */
static bool pageable_dn_busy(struct pageable *obj, pgoff_t first,
			     unsigned long nr)
{
	bool busy = false;

	if (!READ_ONCE(obj->dn))
		return false;
	mutex_lock(&obj->mutex);
	if (obj->dn)
		busy = find_next_bit(pageable_dn_bits(obj, PAGEABLE_DN),
				     first + nr, first) < first + nr;
	mutex_unlock(&obj->mutex);
	return busy;
}

/* A hole in the dontneed state now has contents to keep. */
static void pageable_dn_keep(struct pageable *obj, pgoff_t index)
{
	struct pageable_dn *dn = obj->dn;

	lockdep_assert_held(&obj->mutex);
	if (test_bit(index, pageable_dn_bits(obj, PAGEABLE_DN_LOST)) ||
	    __test_and_set_bit(index, pageable_dn_bits(obj, PAGEABLE_DN_KEPT)))
		return;
	dn->nr_kept++;
	atomic_long_inc(&pageable_nr_discardable);
}

/* The contents of [first, first + nr), all dontneed, are gone. */
static void pageable_dn_lose(struct pageable *obj, pgoff_t first,
			     unsigned long nr)
{
	unsigned long *kept = pageable_dn_bits(obj, PAGEABLE_DN_KEPT);
	unsigned long *lost = pageable_dn_bits(obj, PAGEABLE_DN_LOST);
	struct pageable_dn *dn = obj->dn;
	unsigned long i, was_kept = 0, newly_lost = 0;

	lockdep_assert_held(&obj->mutex);
	for (i = first; i < first + nr; i++) {
		if (__test_and_clear_bit(i, kept))
			was_kept++;
		if (!__test_and_set_bit(i, lost))
			newly_lost++;
	}
	dn->nr_kept -= was_kept;
	dn->nr_lost += newly_lost;
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

/* What pageable_dn_walk() does to the kept pages it finds resident. */
enum pageable_dn_walk {
	PAGEABLE_DN_DISCARD,	/* Discard them. */
	PAGEABLE_DN_RESTORE,	/* Dirty them again: they are wanted. */
};

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
static unsigned long pageable_dn_walk(struct pageable *obj, pgoff_t first,
				      pgoff_t last, enum pageable_dn_walk mode,
				      unsigned long *budget, pgoff_t *stop)
{
	bool discard = mode == PAGEABLE_DN_DISCARD &&
		       !READ_ONCE(obj->lock_ucounts);
	unsigned long *kept = pageable_dn_bits(obj, PAGEABLE_DN_KEPT);
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
					pageable_dn_lose(obj, next, fstart - next);
				next = fstart + n;
				*budget -= min_t(unsigned long, n, *budget);
				if (mode == PAGEABLE_DN_RESTORE) {
					folio_mark_dirty(folio);
					continue;
				}
				/* Only whole folios: the rest must survive. */
				if (fstart < start || next - 1 > end || !discard)
					continue;
				if (pageable_discard_folio(mapping, folio)) {
					pageable_dn_lose(obj, fstart, n);
					freed += n;
				}
			}
			folio_batch_release(&fbatch);
			cond_resched();
		}
		/* No folio from next to end: reclaim dropped them. */
		if (*budget && next <= end) {
			pageable_dn_lose(obj, next, end - next + 1);
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
	pages = obj->dn ? READ_ONCE(obj->dn->nr_kept) : 0;
	if ((gfp & GFP_KERNEL) == GFP_KERNEL)
		pages += obj->nr_user_held;
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
	struct pageable_dn *dn = obj->dn;
	unsigned long freed = 0;
	pgoff_t from;

	lockdep_assert_held(&obj->mutex);
	if (dn && dn->nr_kept) {
		from = dn->scan;
		freed += pageable_dn_walk(obj, from, last, PAGEABLE_DN_DISCARD,
					  budget, &dn->scan);
		if (*budget && from)
			freed += pageable_dn_walk(obj, 0, from - 1,
						  PAGEABLE_DN_DISCARD, budget,
						  &dn->scan);
		if (dn->scan > last)
			dn->scan = 0;
	}
	/*
	 * Restoring write-back caching may allocate page tables: only from
	 * a reclaim context that may enter the file system and do I/O.
	 */
	if ((gfp & GFP_KERNEL) == GFP_KERNEL) {
		pageable_kmaps_reap(obj, false);
		if (obj->nr_user_held)
			freed += pageable_user_release(obj, budget, true);
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
static unsigned long pageable_do_shrink(int nid, struct mem_cgroup *memcg,
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
			if ((obj->dn && obj->dn->nr_kept) || obj->nr_user_held)
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
		pages += atomic_long_read(&pageable_nr_user_held);
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

/**
 * pageable_put() - Drop a reference on a pageable object.
 * @obj: The object.  %NULL and ERR_PTR() values are ignored, so that
 *	error paths and the ``__free(pageable_put)`` cleanup hook may pass
 *	the result of pageable_create() as is.
 *
 * The last reference frees the object, its pages and its swap.  The object
 * must then have no pin, vmap or lock left; any that is left is reported
 * with a warning and released.
 *
 * Context: Process context.  May sleep if this is the last reference.
 */
void pageable_put(struct pageable *obj)
{
	if (IS_ERR_OR_NULL(obj))
		return;
	kref_put(&obj->ref, pageable_release);
}
EXPORT_SYMBOL_GPL(pageable_put);

/**
 * pageable_size() - Size of a pageable object.
 * @obj: The object.
 *
 * Context: Any context.
 * Return: The size in bytes given to pageable_create().
 */
u64 pageable_size(const struct pageable *obj)
{
	return obj->size;
}
EXPORT_SYMBOL_GPL(pageable_size);

/*
 * Pin @folio, found with a reference in the object's page cache, @refs
 * times, as FOLL_PIN | FOLL_LONGTERM would: folio_maybe_dma_pinned() is
 * true from now on, and a folio in %ZONE_MOVABLE or a CMA area (where
 * compaction or mbind() may have moved it) is migrated out first, after
 * which -EAGAIN asks the caller to look it up again, at most
 * %PAGEABLE_PIN_TRIES times.  Consumes the caller's reference.
 */
#define PAGEABLE_PIN_TRIES	8

static int pageable_pin_folio(struct folio *folio, int refs)
{
	struct page *page = &folio->page;
	long ret;

	ret = try_grab_folio(folio, 1, FOLL_PIN);
	folio_put(folio);
	if (ret)
		return ret;
	if (unlikely(!folio_is_longterm_pinnable(folio))) {
		unsigned int flags = memalloc_pin_save();

		/* Unpins the folio unless it may stay; targets not movable. */
		ret = check_and_migrate_movable_pages(1, &page);
		memalloc_pin_restore(flags);
		if (ret)
			return ret == -EAGAIN ? -EAGAIN : -ENOMEM;
	}
	if (refs > 1) {
		ret = try_grab_folio(folio, refs - 1, FOLL_PIN);
		if (ret)
			unpin_folio(folio);
	}
	return ret;
}

/* Drop @refs pins of @folio taken by pageable_pin_folio(). */
static void pageable_unpin_folio(struct folio *folio, unsigned long refs)
{
	unpin_user_page_range_dirty_lock(&folio->page, refs, false);
}

/*
 * Drop the pins of @nr pages from @first.  A folio is dirtied or marked
 * accessed once.  Folios whose pages in the range are all in @dontneed (if
 * not %NULL) are not dirtied: they stay clean, so that reclaim discards
 * them instead of writing them to swap.  If @evictable, the folios move
 * back to the evictable LRUs first, in batches; then returns false if a
 * folio had left the object's page cache (a hole was punched), so that
 * the caller rescues whatever took its place.
 */
static bool pageable_release_pages(struct pageable *obj, struct page **pages,
				   pgoff_t first, unsigned long nr,
				   unsigned int flags,
				   const unsigned long *dontneed, bool evictable)
{
	struct folio_batch fbatch;
	unsigned long i, n;
	bool all = true;

	folio_batch_init(&fbatch);
	for (i = 0; i < nr; i += n) {
		struct folio *folio = page_folio(pages[i]);

		for (n = 1; i + n < nr; n++)
			if (page_folio(pages[i + n]) != folio)
				break;

		/* Dirty unless every page of the run is dontneed. */
		if ((flags & PAGEABLE_UNPIN_DIRTY) &&
		    (!dontneed || find_next_zero_bit(dontneed, first + i + n,
						     first + i) < first + i + n))
			folio_mark_dirty(folio);
		if (flags & PAGEABLE_UNPIN_ACCESSED)
			folio_mark_accessed(folio);

		if (folio->mapping != obj->inode->i_mapping)
			all = false;
		/* The pins keep the folios until they are dropped below. */
		if (evictable && !folio_batch_add(&fbatch, folio)) {
			check_move_unevictable_folios(&fbatch);
			folio_batch_reinit(&fbatch);
			cond_resched();
		}
	}
	if (folio_batch_count(&fbatch))
		check_move_unevictable_folios(&fbatch);
	unpin_user_pages(pages, nr);
	return evictable && all;
}

/**
 * pageable_rescue_evictable() - Put reclaimable pages back on the LRUs.
 * @obj: The object.
 *
 * Reclaim moves the pages of an unevictable object to the unevictable LRU
 * as it comes across them.  Once the object has no pin, vmap or lock left,
 * this moves them back so that they can be reclaimed again.
 * pageable_unpin() and pageable_vunmap() call it themselves;
 * pageable_unlock() cannot, as it must not sleep, so its caller calls this
 * after dropping its own locks.  It does nothing while the object is
 * still unevictable.
 *
 * Context: Process context.  May sleep.
 */
void pageable_rescue_evictable(struct pageable *obj)
{
	struct inode *inode = pageable_inode_peek(obj);

	might_sleep();
	if (inode && shmem_mapping(inode->i_mapping))
		shmem_unlock_mapping(inode->i_mapping);
}
EXPORT_SYMBOL_GPL(pageable_rescue_evictable);

/**
 * pageable_pin() - Make a range resident and unevictable, and get its pages.
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 * @pages: Array of @nr entries that receives the pages.
 *
 * Populates the range (zero-filled pages for holes, swap-in for pages on
 * swap), charging new pages to the object's memory cgroup, and takes one
 * reference per page.  Until the matching pageable_unpin() the pages stay
 * where they are: reclaim, migration and pageout skip them.  The pages
 * never come from %ZONE_MOVABLE or CMA.  Pins nest: the object is
 * unevictable while any pin, vmap or lock remains.
 *
 * Data written to the pages through the returned pointers (by the CPU or
 * a device) is only guaranteed to survive if the range is unpinned with
 * %PAGEABLE_UNPIN_DIRTY.
 *
 * Context: Process context.  May sleep.
 * Return:
 * * 0 - Success; @pages is filled.
 * * %-EINVAL - The range is empty or outside the object, @pages is %NULL,
 *   or the object was created with %PAGEABLE_MOVABLE.
 * * %-EBUSY - Pages of the range are in the dontneed state: take them back
 *   with pageable_willneed() first.  Or pageable_purge() is at work.
 * * %-ENOMEM - Out of memory or over the memory cgroup limit.
 * * %-ENOSPC - Out of tmpfs space or commit charge for a %PAGEABLE_NORESERVE
 *   object.
 * * %-EIO - A page is poisoned or could not be read from swap.
 */
int pageable_pin(struct pageable *obj, pgoff_t first, unsigned long nr,
		 struct page **pages)
{
	return pageable_pin_gfp(obj, first, nr, pages, 0);
}
EXPORT_SYMBOL_GPL(pageable_pin);

/**
 * pageable_pin_gfp() - Pin a range, with reclaim flags for this call.
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 * @pages: Array of @nr entries that receives the pages.
 * @gfp: Flags added to the object's GFP mask for the pages this call
 *	allocates: any of %__GFP_NORETRY, %__GFP_RETRY_MAYFAIL and
 *	%__GFP_NOWARN, for drivers that first try to pin without much
 *	reclaim and shrink their own caches before they try again.
 *
 * As pageable_pin(), which is pageable_pin_gfp() with @gfp 0.
 *
 * Context: Process context.  May sleep.
 * Return: As pageable_pin(); %-EINVAL for other bits in @gfp.
 */
int pageable_pin_gfp(struct pageable *obj, pgoff_t first, unsigned long nr,
		     struct page **pages, gfp_t gfp)
{
	struct address_space *mapping;
	struct mem_cgroup *old;
	struct inode *inode;
	unsigned long i, j, n = 0;
	unsigned int tries = 0;
	bool rescue;
	int ret = 0;

	might_sleep();
	if (!pages || !pageable_range_ok(obj, first, nr) ||
	    (obj->flags & PAGEABLE_MOVABLE) ||
	    (gfp & ~(__GFP_NORETRY | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)))
		return -EINVAL;
	if (pageable_dn_busy(obj, first, nr))
		return -EBUSY;

	inode = pageable_inode(obj);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	mapping = inode->i_mapping;

	/* Unevictable before populating, so new pages skip the LRU dance. */
	spin_lock(&obj->lock);
	if (obj->purging) {
		spin_unlock(&obj->lock);
		return -EBUSY;
	}
	pageable_hold(obj, nr);
	obj->pinned += nr;
	spin_unlock(&obj->lock);

	old = pageable_memcg_enter(obj);
	for (i = 0; i < nr; i += n) {
		pgoff_t index = first + i;
		struct folio *folio;

		folio = shmem_read_folio_gfp(mapping, index,
					     mapping_gfp_mask(mapping) | gfp);
		if (IS_ERR(folio)) {
			ret = PTR_ERR(folio);
			break;
		}

		n = min_t(unsigned long, folio_next_index(folio) - index,
			  nr - i);
		ret = pageable_pin_folio(folio, n);
		if (ret == -EAGAIN && ++tries < PAGEABLE_PIN_TRIES) {
			/* Migrated: look it up again. */
			n = 0;
			ret = 0;
			cond_resched();
			continue;
		}
		if (ret) {
			ret = ret == -EAGAIN ? -ENOMEM : ret;
			break;
		}
		tries = 0;
		for (j = 0; j < n; j++) {
			pages[i + j] = folio_file_page(folio, index + j);
			if (PageHWPoison(pages[i + j]))
				ret = -EIO;
		}
		if (ret) {
			i += n;
			break;
		}
		cond_resched();
	}
	pageable_memcg_exit(old);

	if (ret) {
		pageable_release_pages(obj, pages, first, i, 0, NULL, false);
		spin_lock(&obj->lock);
		obj->pinned -= nr;
		rescue = pageable_unhold(obj, nr);
		spin_unlock(&obj->lock);
		if (rescue)
			pageable_rescue_evictable(obj);
	} else {
		atomic_long_add(nr, &pageable_nr_pinned);
	}

	trace_pageable_pin(obj->id, first, nr, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(pageable_pin_gfp);

/**
 * pageable_unpin() - Release pages pinned by pageable_pin().
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 * @pages: The pages returned by pageable_pin() for this range.
 * @flags: &enum pageable_unpin_flags: whether the pages were written or used.
 *
 * A pinned range may be unpinned in several parts.  When the last pin,
 * vmap and lock of the object are gone, its pages become reclaimable again.
 *
 * Context: Process context, including reclaim: waits for none of the
 * object's locks.  May sleep.
 * Return:
 * * 0 - Success.
 * * %-EINVAL - The range is empty or outside the object, @pages is %NULL,
 *   @flags has unknown bits, or more pages are unpinned than are pinned
 *   (this also warns: it is a bug in the caller).
 */
int pageable_unpin(struct pageable *obj, pgoff_t first, unsigned long nr,
		   struct page **pages, unsigned int flags)
{
	bool rescue, whole;

	might_sleep();
	if (!pages || !pageable_range_ok(obj, first, nr) ||
	    (flags & ~PAGEABLE_UNPIN_VALID))
		return -EINVAL;

	/*
	 * Drop the holds first: when the last one goes with a range that
	 * covers the whole object, the folios of the range are all the
	 * folios that reclaim may have culled, and they move back to the
	 * evictable LRUs in the same batches that drop the references,
	 * without a second walk of the mapping.
	 */
	spin_lock(&obj->lock);
	if (WARN_ON_ONCE(nr > obj->pinned)) {
		spin_unlock(&obj->lock);
		return -EINVAL;
	}
	obj->pinned -= nr;
	rescue = pageable_unhold(obj, nr);
	spin_unlock(&obj->lock);
	whole = rescue && first == 0 && nr == pageable_nr_pages(obj) &&
		shmem_mapping(obj->inode->i_mapping);

	/*
	 * Never wait for the mutex (drivers unpin from their shrinkers):
	 * if it is busy, dontneed pages are dirtied too and go to swap.
	 */
	if ((flags & PAGEABLE_UNPIN_DIRTY) && READ_ONCE(obj->dn) &&
	    mutex_trylock(&obj->mutex)) {
		whole = pageable_release_pages(obj, pages, first, nr, flags,
					       obj->dn ? pageable_dn_bits(obj,
							PAGEABLE_DN) : NULL,
					       whole);
		mutex_unlock(&obj->mutex);
	} else {
		whole = pageable_release_pages(obj, pages, first, nr, flags,
					       NULL, whole);
	}
	atomic_long_sub(nr, &pageable_nr_pinned);

	if (rescue && !whole)
		pageable_rescue_evictable(obj);
	return 0;
}
EXPORT_SYMBOL_GPL(pageable_unpin);

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
	struct pageable_kmap *v;
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
	pageable_kmaps_reap(obj, true);
	ret = pageable_kmap_set_caching(obj, v);
	if (ret)
		goto out_unlock;

	v->vaddr = vmap(v->pages, nr, VM_MAP, prot);
	if (!v->vaddr) {
		ret = -ENOMEM;
		pageable_kmap_restore_caching(obj, v);
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
		pageable_kmaps_reap(obj, true);
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
	struct pageable_kmap *v, *found = NULL;
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
		pageable_kmap_unlink(obj, found);
		pageable_vmap_destroy(obj, found, flags);
		return 0;
	}
	/*
	 * Unmap first: nothing reaps the kmap, unpinning its pages and
	 * restoring their caching, before its vaddr is %NULL.  It stays on
	 * obj->vmaps, counted against other mappings' caching, until then.
	 */
	vunmap(vaddr);
	spin_lock(&obj->lock);
	found->vaddr = NULL;
	found->flags = flags;
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

/*
 * Check the start of an I/O and clamp it to the end of the object:
 * -EINVAL for a position outside the object, else the bytes to copy.
 */
static ssize_t pageable_io_count(const struct pageable *obj, loff_t pos,
				 const struct iov_iter *iter,
				 enum pageable_intent intent)
{
	if (pos < 0 || pos > obj->size || intent > PAGEABLE_INTENT_DEVICE)
		return -EINVAL;
	return min_t(u64, iov_iter_count(iter), obj->size - pos);
}

/* Find a folio without allocating: %NULL for a hole. Returns it unlocked. */
static struct folio *pageable_find_folio(struct inode *inode, pgoff_t index)
{
	struct folio *folio;
	int ret;

	if (!IS_ENABLED(CONFIG_SHMEM)) {
		folio = filemap_get_folio(inode->i_mapping, index);
		return IS_ERR(folio) ? NULL : folio;
	}

	ret = shmem_get_folio(inode, index, 0, &folio, SGP_READ);
	if (ret)
		return ERR_PTR(ret);
	if (folio)
		folio_unlock(folio);
	return folio;
}

/**
 * pageable_read() - Copy data out of a pageable object.
 * @obj: The object.
 * @pos: Offset in bytes, any alignment.
 * @to: Destination (kernel or user buffers).
 * @intent: &enum pageable_intent: whether the CPU will use the object's
 *	pages again soon.
 *
 * Copies up to iov_iter_count(@to) bytes, stopping at the end of the
 * object.  Pages on swap are read back; holes read as zeroes and are not
 * allocated.  No pin is needed.
 *
 * Context: Process context.  May sleep.
 * Return: The number of bytes copied (0 at the end of the object), or:
 *
 *  * %-EINVAL - @pos is negative or beyond the end of the object, or
 *    @intent is not an &enum pageable_intent.
 *  * %-EFAULT - Nothing could be copied to @to.
 *  * %-ENOMEM, %-EIO - Reading a page back from swap failed before anything
 *    was copied.
 */
ssize_t pageable_read(struct pageable *obj, loff_t pos, struct iov_iter *to,
		      enum pageable_intent intent)
{
	struct mem_cgroup *old;
	struct inode *inode;
	size_t count, done = 0;
	ssize_t len;
	int ret = 0;

	might_sleep();
	len = pageable_io_count(obj, pos, to, intent);
	if (len <= 0)
		return len;
	count = len;

	inode = pageable_inode_peek(obj);
	if (!inode) {
		done = iov_iter_zero(count, to);
		return done ? done : -EFAULT;
	}

	while (done < count) {
		size_t bytes = min_t(size_t, count - done,
				     PAGE_SIZE - offset_in_page(pos));
		struct folio *folio;
		size_t copied;

		/* Swap-in for the object; the copy's faults are the reader's. */
		old = pageable_memcg_enter(obj);
		folio = pageable_find_folio(inode, pos >> PAGE_SHIFT);
		pageable_memcg_exit(old);
		if (IS_ERR(folio)) {
			ret = PTR_ERR(folio);
			break;
		}
		if (folio && PageHWPoison(folio_file_page(folio,
							  pos >> PAGE_SHIFT))) {
			/* As shmem_file_read_iter(): never consume poison. */
			folio_put(folio);
			ret = -EIO;
			break;
		}
		if (folio) {
			/* A large folio in one go, unless a page is poisoned. */
			if (!folio_contain_hwpoisoned_page(folio))
				bytes = min_t(size_t, count - done,
					      folio_pos(folio) +
					      folio_size(folio) - pos);
			copied = copy_folio_to_iter(folio, pos - folio_pos(folio),
						    bytes, to);
			if (intent == PAGEABLE_INTENT_CPU)
				folio_mark_accessed(folio);
			folio_put(folio);
		} else {
			copied = iov_iter_zero(bytes, to);
		}
		done += copied;
		pos += copied;
		if (copied < bytes) {
			ret = -EFAULT;
			break;
		}
		cond_resched();
	}

	return done ? done : ret;
}
EXPORT_SYMBOL_GPL(pageable_read);

/* The folio at @index, populated if needed, locked, with a reference. */
static struct folio *pageable_lock_folio(struct inode *inode, pgoff_t index)
{
	struct folio *folio;
	int ret;

	if (!IS_ENABLED(CONFIG_SHMEM)) {
		folio = shmem_read_folio_gfp(inode->i_mapping, index,
					     mapping_gfp_mask(inode->i_mapping));
		if (!IS_ERR(folio))
			folio_lock(folio);
		return folio;
	}

	ret = shmem_get_folio(inode, index, 0, &folio, SGP_CACHE);
	return ret ? ERR_PTR(ret) : folio;
}

/*
 * Copy into a locked folio with page faults disabled: the source may be a
 * user mapping of this very object.  kmap_local_folio() maps one page, so
 * the non-temporal copy goes page by page.
 */
static size_t pageable_copy_from_iter(struct folio *folio, size_t offset,
				      size_t bytes, struct iov_iter *from,
				      enum pageable_intent intent)
{
	size_t copied = 0, n, done;
	void *addr;

	if (intent == PAGEABLE_INTENT_CPU)
		return copy_folio_from_iter_atomic(folio, offset, bytes, from);

	while (copied < bytes) {
		n = min(bytes - copied, PAGE_SIZE - offset_in_page(offset));
		addr = kmap_local_folio(folio, offset);
		pagefault_disable();
		done = copy_from_iter_nocache(addr, n, from);
		pagefault_enable();
		kunmap_local(addr);
		copied += done;
		offset += done;
		if (done < n)
			break;
	}
	return copied;
}

/**
 * pageable_write() - Copy data into a pageable object.
 * @obj: The object.
 * @pos: Offset in bytes, any alignment.
 * @from: Source (kernel or user buffers).
 * @intent: &enum pageable_intent: %PAGEABLE_INTENT_DEVICE if only a device
 *	will read the data, so the CPU caches need not keep it.
 *
 * Copies up to iov_iter_count(@from) bytes, stopping at the end of the
 * object, allocating pages for holes (charged to the object's memory
 * cgroup) and dirtying the pages written.  No pin is needed.
 *
 * Context: Process context.  May sleep.
 * Return: The number of bytes copied (0 at the end of the object), or:
 *
 *  * %-EINVAL - @pos is negative or beyond the end of the object, or
 *    @intent is not an &enum pageable_intent.
 *  * %-EBUSY - Pages of the range are in the dontneed state (see
 *    pageable_willneed()).
 *  * %-EFAULT - Nothing could be copied from @from.
 *  * %-ENOMEM, %-ENOSPC, %-EIO - As for pageable_pin(), before anything was
 *    copied.
 */
ssize_t pageable_write(struct pageable *obj, loff_t pos,
		       struct iov_iter *from, enum pageable_intent intent)
{
	struct address_space *mapping;
	struct mem_cgroup *old;
	struct inode *inode;
	size_t count, done = 0;
	ssize_t len;
	int ret = 0;

	might_sleep();
	len = pageable_io_count(obj, pos, from, intent);
	if (len <= 0)
		return len;
	count = len;
	if (pageable_dn_busy(obj, pos >> PAGE_SHIFT,
			     ((pos + count - 1) >> PAGE_SHIFT) -
			     (pos >> PAGE_SHIFT) + 1))
		return -EBUSY;

	inode = pageable_inode(obj);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	mapping = inode->i_mapping;

	while (done < count) {
		size_t bytes = min_t(size_t, count - done,
				     PAGE_SIZE - offset_in_page(pos));
		struct folio *folio;
		size_t copied;

		if (fault_in_iov_iter_readable(from, bytes) == bytes) {
			ret = -EFAULT;
			break;
		}

		/* The lock keeps pageout from racing with the copy. */
		old = pageable_memcg_enter(obj);
		folio = pageable_lock_folio(inode, pos >> PAGE_SHIFT);
		pageable_memcg_exit(old);
		if (IS_ERR(folio)) {
			ret = PTR_ERR(folio);
			break;
		}
		if (unlikely(folio->mapping != mapping)) {
			folio_unlock(folio);
			folio_put(folio);
			continue;
		}
		/* As shmem_write_begin(): never write over poison. */
		if (folio_contain_hwpoisoned_page(folio)) {
			folio_unlock(folio);
			folio_put(folio);
			ret = -EIO;
			break;
		}
		/* A large folio in one go, as far as the source is readable. */
		if (!folio_test_highmem(folio))
			bytes = min_t(size_t, count - done,
				      folio_pos(folio) + folio_size(folio) - pos);
		copied = pageable_copy_from_iter(folio, pos - folio_pos(folio),
						 bytes, from, intent);
		if (copied)
			folio_mark_dirty(folio);
		folio_unlock(folio);
		if (intent == PAGEABLE_INTENT_CPU)
			folio_mark_accessed(folio);
		folio_put(folio);

		done += copied;
		pos += copied;
		cond_resched();
	}

	return done ? done : ret;
}
EXPORT_SYMBOL_GPL(pageable_write);

/**
 * pageable_file() - Get a file for a pageable object.
 * @obj: The object.
 * @name: Name of the file if this call creates it, as shown in
 *	/proc/PID/maps (e.g. "SYSV0000002a"), or %NULL for "pageable".
 *
 * Transitional accessor for users that still need a &struct file (SysV
 * attach, drivers that map the file).  The file is created on first use
 * and cached: later calls return the same file, whatever @name they pass.
 * The file is an unlinked tmpfs (or ramfs) file, like one from
 * shmem_kernel_file_setup(): %S_PRIVATE, so LSMs do not check it.  No
 * reference is taken for the caller; the file lives as long as the object,
 * or longer if the caller takes its own reference with get_file().
 *
 * Context: Process context.  May sleep.
 * Return: The file, or an ERR_PTR() (%-ENOMEM, %-ENOSPC, %-ENFILE).
 */
struct file *pageable_file(struct pageable *obj, const char *name)
{
	/* Pairs with the smp_store_release() below. */
	struct file *file = smp_load_acquire(&obj->file);
	struct mem_cgroup *old;
	struct inode *inode;

	if (likely(file))
		return file;

	might_sleep();
	mutex_lock(&obj->mutex);
	file = obj->file;
	if (file)
		goto out_unlock;

	inode = pageable_inode_create_locked(obj);
	if (IS_ERR(inode)) {
		file = ERR_CAST(inode);
		goto out_unlock;
	}

	old = pageable_memcg_enter(obj);
	file = shmem_kernel_file_create(pageable_inode_mnt(inode), inode,
					name ?: "pageable");
	pageable_memcg_exit(old);
	if (!IS_ERR(file))	/* Publish it to the lockless fast path. */
		smp_store_release(&obj->file, file);
out_unlock:
	mutex_unlock(&obj->mutex);
	return file;
}
EXPORT_SYMBOL_GPL(pageable_file);

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
static void pageable_user_zap(struct pageable *obj, pgoff_t index,
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
		obj->nr_user_held -= nr;
		rescue = pageable_unhold(obj, nr);
		spin_unlock(&obj->lock);
		atomic_long_sub(nr, &pageable_nr_user_held);
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
static void pageable_held_release_range(struct pageable *obj, pgoff_t first,
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
 * once, until pageable_user_release() undoes both.  Folios are held whole,
 * and charged to the object's memory cgroup, whose reclaim releases them.
 * Called with obj->mutex held, from the fault handler.  Returns the number
 * of pages from @index on that are held, or an error.
 */
static long pageable_user_hold(struct pageable *obj, pgoff_t index,
			       pgoff_t end)
{
	struct address_space *mapping = obj->inode->i_mapping;
	struct pageable_kmap *v;
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
		obj->nr_user_held += held;
		spin_unlock(&obj->lock);
		atomic_long_add(held, &pageable_nr_user_held);
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
static unsigned long pageable_user_release(struct pageable *obj,
					   unsigned long *budget, bool reclaim)
{
	pgoff_t start = reclaim ? obj->held_scan : 0, index;
	unsigned long released = 0;
	struct pageable_batch b;
	bool rescue = false, all;
	struct folio *folio;

	lockdep_assert_held(&obj->mutex);
	pageable_batch_init(obj, &b, reclaim ? 0 :
			    min_t(unsigned long, obj->nr_user_held,
				  PAGEABLE_RELEASE_BATCH));
	/*
	 * Letting go of everything, with no folio skipped: zap it all, and
	 * empty obj->held at the end.
	 */
	all = !reclaim && *budget >= obj->nr_user_held;
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
	pageable_kmaps_reap(obj, true);
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
	pageable_kmaps_reap(obj, true);
	if ((obj->user_mapped && obj->user_caching != caching) ||
	    (caching == PAGEABLE_CACHING_WB && pageable_kmap_any_caching(obj))) {
		ret = -EINVAL;
		goto out_unlock;
	}
	/*
	 * Pages kept from kernel mappings of another caching, or mapped
	 * through another file range, whose PTEs a release could not find.
	 */
	if ((!obj->user_mapped && obj->user_caching != caching) ||
	    obj->user_mapping != mapping || obj->user_pgoff != pgoff)
		pageable_user_release(obj, &budget, false);
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
		pageable_user_release(obj, &budget, false);
		iput(obj->user_mapping->host);
		obj->user_mapping = NULL;
	}
	mutex_unlock(&obj->mutex);
}
EXPORT_SYMBOL_GPL(pageable_revoke);

/*
 * Write one folio to swap the way reclaim does (see i915's
 * __shmem_writeback()).  Returns the number of pages written; sets *split
 * if shmem had to split the folio, leaving its tail pages in the cache.
 */
static unsigned long pageable_pageout_folio(struct pageable *obj,
					    struct address_space *mapping,
					    struct folio *folio,
					    struct writeback_control *wbc,
					    bool *split)
{
	long nr = folio_nr_pages(folio);
	int ret;

	/* Dontneed pages are discarded, never written. */
	if (obj->dn && find_next_bit(pageable_dn_bits(obj, PAGEABLE_DN),
				     folio->index + nr, folio->index) <
		       folio->index + nr)
		return 0;

	folio_lock(folio);
	/*
	 * Leave alone: truncated or moved to swap meanwhile, mapped by user
	 * space (reclaim will unmap and age it), under writeback, or pinned.
	 * Under the folio lock a folio cannot become mapped, and a pin that
	 * got this folio before we locked it has raised obj->holds, which
	 * stays raised until its references are dropped.  While the object
	 * has holds, any reference beyond the page cache's and ours may be a
	 * pin, so be conservative then.
	 */
	if (folio->mapping != mapping || folio_mapped(folio) ||
	    folio_test_writeback(folio) || folio_maybe_dma_pinned(folio) ||
	    (READ_ONCE(obj->holds) && folio_ref_count(folio) != nr + 1) ||
	    !folio_clear_dirty_for_io(folio)) {
		folio_unlock(folio);
		return 0;
	}

	folio_set_reclaim(folio);
	ret = mapping->a_ops->writepage(&folio->page, wbc);
	if (!folio_test_writeback(folio))
		folio_clear_reclaim(folio);
	if (ret == AOP_WRITEPAGE_ACTIVATE) {
		/* No swap space: shmem redirtied the folio. */
		folio_unlock(folio);
		return 0;
	}
	if (folio_nr_pages(folio) != nr)
		*split = true;
	return ret ? 0 : folio_nr_pages(folio);
}

/**
 * pageable_pageout() - Write a range of an object to swap now.
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 *
 * Starts writing the dirty, resident pages of the range to swap and takes
 * them out of the page cache, e.g. before suspend or when an object goes
 * idle.  Pages that are pinned, vmapped, mapped into user space or under
 * writeback are skipped, and so is the whole object while it is locked.
 * Pages in the dontneed state are not written: they are discarded now, as
 * the shrinker would under memory pressure.  Without swap (or without
 * CONFIG_SHMEM) nothing is written; that is not an error.  The pages are
 * freed once the I/O completes.
 *
 * Context: Process context.  May sleep.
 * Return: The number of pages written or discarded, or %-EINVAL if the
 * range is empty or outside the object.  pageable_stat() tells what stayed
 * resident.
 */
long pageable_pageout(struct pageable *obj, pgoff_t first, unsigned long nr)
{
	struct swap_iocb *swap_plug = NULL;
	struct writeback_control wbc = {
		.sync_mode = WB_SYNC_NONE,
		.nr_to_write = SWAP_CLUSTER_MAX,
		.range_start = 0,
		.range_end = LLONG_MAX,
		.for_reclaim = 1,
		.swap_plug = &swap_plug,
	};
	struct address_space *mapping;
	struct folio_batch fbatch;
	pgoff_t index, end;
	struct blk_plug plug;
	struct inode *inode;
	unsigned long written = 0;
	bool locked;

	might_sleep();
	if (!pageable_range_ok(obj, first, nr))
		return -EINVAL;

	inode = pageable_inode_peek(obj);
	if (!inode)
		return 0;
	mapping = inode->i_mapping;

	spin_lock(&obj->lock);
	locked = obj->lock_ucounts;
	spin_unlock(&obj->lock);
	if (locked)
		return 0;

	/* Keeps the dontneed state still; the shrinker only trylocks it. */
	mutex_lock(&obj->mutex);
	if (obj->dn) {
		unsigned long budget = ULONG_MAX;

		written = pageable_dn_walk(obj, first, first + nr - 1,
					   PAGEABLE_DN_DISCARD, &budget, NULL);
	}
	if (!shmem_mapping(mapping) || !total_swap_pages)
		goto out;

	/* Folios in this CPU's LRU caches would look pinned. */
	lru_add_drain();
	index = first;
	end = first + nr - 1;
	folio_batch_init(&fbatch);
	blk_start_plug(&plug);
	while (index <= end &&
	       filemap_get_folios(mapping, &index, end, &fbatch)) {
		pgoff_t restart = index;
		unsigned int i;

		for (i = 0; i < folio_batch_count(&fbatch); i++) {
			struct folio *folio = fbatch.folios[i];
			pgoff_t start = folio->index;
			bool split = false;

			written += pageable_pageout_folio(obj, mapping, folio,
							  &wbc, &split);
			/* Come back for the tail pages of a split folio. */
			if (split && start + 1 < restart)
				restart = start + 1;
		}
		/*
		 * Pinned pages elsewhere in the object make its mapping
		 * unevictable, and the pages written here may sit on the
		 * unevictable LRU: in the swap cache now, they would stay
		 * there after the unpin, which only rescues the mapping's
		 * pages.  Move them back to the evictable LRUs.
		 */
		if (READ_ONCE(obj->holds))
			check_move_unevictable_folios(&fbatch);
		folio_batch_release(&fbatch);
		if (restart < index)
			index = restart;
		cond_resched();
	}
	if (swap_plug)
		swap_write_unplug(swap_plug);
	blk_finish_plug(&plug);
out:
	mutex_unlock(&obj->mutex);
	trace_pageable_pageout(obj->id, first, nr, written);
	return written;
}
EXPORT_SYMBOL_GPL(pageable_pageout);

/* Allocate the dontneed state on first use; called with obj->mutex held. */
static int pageable_dn_alloc(struct pageable *obj)
{
	size_t longs = BITS_TO_LONGS(pageable_nr_pages(obj));
	struct pageable_dn *dn;

	lockdep_assert_held(&obj->mutex);
	if (obj->dn)
		return 0;
	/* Past INT_MAX bytes (2^31 pages and more), -ENOMEM, no warning. */
	dn = kvzalloc(struct_size(dn, bits, PAGEABLE_DN_NR_MAPS * longs),
		      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!dn)
		return -ENOMEM;
	spin_lock(&obj->lock);
	obj->dn = dn;
	spin_unlock(&obj->lock);
	return 0;
}

/* Free the dontneed state once no page is left in it. */
static void pageable_dn_free(struct pageable *obj)
{
	struct pageable_dn *dn = obj->dn;

	lockdep_assert_held(&obj->mutex);
	if (dn->nr_kept)
		return;
	if (!obj->nr_user_held)
		list_lru_del_obj(&pageable_lru, &obj->lru);
	if (dn->nr_dontneed)
		return;
	spin_lock(&obj->lock);
	obj->dn = NULL;
	spin_unlock(&obj->lock);
	kvfree(dn);
}

/*
 * Free the swap of the dontneed range [first, last]: the contents of pages
 * that reclaim already wrote out are discarded at once.  Returns the number
 * of pages whose swap was freed.
 */
static unsigned long pageable_dn_free_swap(struct pageable *obj,
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
		pageable_dn_lose(obj, index, end - index + 1);
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
static void pageable_dn_clean(struct pageable *obj, pgoff_t first,
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
					pageable_dn_keep(obj, p);
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
	struct pageable_dn *dn;
	bool busy;

	lockdep_assert_held(&obj->mutex);
	pageable_kmaps_reap(obj, false);
	spin_lock(&obj->lock);
	busy = obj->pinned || obj->lock_ucounts;
	obj->purging = !busy;
	spin_unlock(&obj->lock);
	if (busy)
		return -EBUSY;

	if (obj->nr_user_held) {
		unsigned long budget = ULONG_MAX;

		/*
		 * A folio it cannot lock goes with the truncation, and is
		 * let go by the next fault or scan; its user PTEs go now.
		 */
		obj->held_scan = 0;
		pageable_user_release(obj, &budget, true);
		pageable_user_zap(obj, 0, pageable_nr_pages(obj));
	}
	shmem_truncate_range(inode, 0, (loff_t)-1);

	dn = obj->dn;
	if (dn && dn->nr_kept) {
		unsigned long *kept = pageable_dn_bits(obj, PAGEABLE_DN_KEPT);
		unsigned long end = pageable_nr_pages(obj), first, last;

		for_each_set_bitrange(first, last, kept, end)
			pageable_dn_lose(obj, first, last - first);
	}
	if (dn)
		pageable_dn_free(obj);
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
	ret = pageable_dn_alloc(obj);
	if (ret)
		goto out_unlock;

	dontneed = pageable_dn_bits(obj, PAGEABLE_DN);
	for (i = first; i <= last; i++)
		if (!__test_and_set_bit(i, dontneed))
			added++;
	obj->dn->nr_dontneed += added;
	atomic_long_add(added, &pageable_nr_dontneed);

	if (obj->inode) {
		pageable_held_release_range(obj, first, last, NULL);
		unmap_mapping_pages(obj->inode->i_mapping, first, nr, false);
		freed = pageable_dn_free_swap(obj, first, last);
		pageable_dn_clean(obj, first, last);
		if (obj->dn->nr_kept)
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
	struct pageable_dn *dn;
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
	dn = obj->dn;
	if (!dn)
		goto out_unlock;
	if (obj->inode)
		pageable_dn_walk(obj, first, first + nr - 1,
				 PAGEABLE_DN_RESTORE, &budget, NULL);

	dontneed = pageable_dn_bits(obj, PAGEABLE_DN);
	kept = pageable_dn_bits(obj, PAGEABLE_DN_KEPT);
	was_lost = pageable_dn_bits(obj, PAGEABLE_DN_LOST);
	for (i = first; i < first + nr; i++) {
		if (!__test_and_clear_bit(i, dontneed))
			continue;
		cleared++;
		if (__test_and_clear_bit(i, kept)) {
			dn->nr_kept--;
			atomic_long_dec(&pageable_nr_discardable);
		}
		if (__test_and_clear_bit(i, was_lost)) {
			dn->nr_lost--;
			nr_lost++;
			if (lost)
				__set_bit(i - first, lost);
		}
	}
	dn->nr_dontneed -= cleared;
	atomic_long_sub(cleared, &pageable_nr_dontneed);
	pageable_dn_free(obj);
	trace_pageable_willneed(obj->id, first, nr, nr_lost);
out_unlock:
	mutex_unlock(&obj->mutex);
	return nr_lost;
}
EXPORT_SYMBOL_GPL(pageable_willneed);

#ifdef CONFIG_MMU
static bool pageable_lock_charge(u64 size, struct ucounts *ucounts)
{
	return user_shm_lock(size, ucounts);
}

static void pageable_lock_uncharge(u64 size, struct ucounts *ucounts)
{
	user_shm_unlock(size, ucounts);
}
#else /* !CONFIG_MMU */
/* Nothing is mlocked without an MMU: SHM_LOCK charges nothing there. */
static bool pageable_lock_charge(u64 size, struct ucounts *ucounts)
{
	return true;
}

static void pageable_lock_uncharge(u64 size, struct ucounts *ucounts)
{
}
#endif /* CONFIG_MMU */

/**
 * pageable_lock() - Lock an object in memory, like SHM_LOCK.
 * @obj: The object.
 * @ucounts: Owner of the locked memory, e.g. current_ucounts().
 *
 * Charges the object's size to RLIMIT_MEMLOCK of @ucounts (unless the task
 * has %CAP_IPC_LOCK) and makes the object unevictable until
 * pageable_unlock().  Locking a locked object does nothing.  Unlike
 * mlock(), pages are not faulted in: they are kept once present.
 *
 * Context: Process context, also under a spinlock; not from interrupts
 * (the object's spinlock is not irq-safe).  Does not sleep.  The limit
 * and %CAP_IPC_LOCK checked are those of the current task.  Concurrent
 * lock and unlock calls are safe.
 * Return: 0, %-EINVAL if @ucounts is %NULL, or %-ENOMEM if the limit would
 * be exceeded.
 */
int pageable_lock(struct pageable *obj, struct ucounts *ucounts)
{
	int ret = 0;

	if (!ucounts)
		return -EINVAL;

	spin_lock(&obj->lock);
	if (!obj->lock_ucounts) {
		if (pageable_lock_charge(obj->size, ucounts)) {
			obj->lock_ucounts = ucounts;
			pageable_hold(obj, 1);
		} else {
			ret = -ENOMEM;
		}
	}
	spin_unlock(&obj->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(pageable_lock);

/**
 * pageable_unlock() - Undo pageable_lock().
 * @obj: The object.
 *
 * Uncharges RLIMIT_MEMLOCK.  If nothing else keeps the object unevictable,
 * its pages may be reclaimed again once the caller has called
 * pageable_rescue_evictable(), which it must do when it may sleep (as SysV
 * does after dropping the IPC lock).  Unlocking an object that is not
 * locked does nothing.
 *
 * Context: Process context, also under a spinlock; not from interrupts.
 * Does not sleep.
 */
void pageable_unlock(struct pageable *obj)
{
	spin_lock(&obj->lock);
	if (obj->lock_ucounts) {
		pageable_lock_uncharge(obj->size, obj->lock_ucounts);
		obj->lock_ucounts = NULL;
		pageable_unhold(obj, 1);
	}
	spin_unlock(&obj->lock);
}
EXPORT_SYMBOL_GPL(pageable_unlock);

/**
 * pageable_stat() - Get the state of a pageable object.
 * @obj: The object.
 * @stat: Filled with a snapshot of the state.
 *
 * The counts are read without stopping concurrent users and may be stale
 * by the time the function returns.
 *
 * Context: Process context, also under a spinlock; not from interrupts.
 */
void pageable_stat(struct pageable *obj, struct pageable_stats *stat)
{
	struct inode *inode = pageable_inode_peek(obj);

	*stat = (struct pageable_stats){ .size = obj->size };

	spin_lock(&obj->lock);
	stat->pinned = obj->pinned;
	stat->vmaps = obj->nr_vmaps;
	stat->locked = obj->lock_ucounts;
	stat->unevictable = obj->holds;
	stat->user_held = obj->nr_user_held;
	if (obj->dn) {
		stat->dontneed = READ_ONCE(obj->dn->nr_dontneed);
		stat->discarded = READ_ONCE(obj->dn->nr_lost);
	}
	spin_unlock(&obj->lock);

	if (!inode)
		return;
	stat->has_inode = true;
	stat->resident = READ_ONCE(inode->i_mapping->nrpages);
	stat->unevictable = mapping_unevictable(inode->i_mapping);
	if (shmem_mapping(inode->i_mapping))
		stat->swapped = READ_ONCE(SHMEM_I(inode)->swapped);
}
EXPORT_SYMBOL_GPL(pageable_stat);

#if IS_ENABLED(CONFIG_PAGEABLE_KUNIT_TEST)
/* Helpers for lib/test_pageable.c, declared in <linux/pageable.h>. */

unsigned int pageable_object_size(void)
{
	return pageable_cachep ? kmem_cache_size(pageable_cachep) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_object_size);

unsigned int pageable_refcount(struct pageable *obj)
{
	return kref_read(&obj->ref);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_refcount);

/* No reference: for a test whose cgroup outlives the call. */
struct mem_cgroup *pageable_memcg(struct pageable *obj)
{
	struct mem_cgroup *memcg = pageable_memcg_get(obj);

	mem_cgroup_put(memcg);
	return memcg;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_memcg);

struct mutex *pageable_mutex(struct pageable *obj)
{
	return &obj->mutex;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_mutex);

long pageable_nr_pinned_pages(void)
{
	return atomic_long_read(&pageable_nr_pinned);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_nr_pinned_pages);

long pageable_nr_live_objects(void)
{
	return atomic_long_read(&pageable_nr_objects);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_nr_live_objects);

long pageable_nr_held_pages(void)
{
	return atomic_long_read(&pageable_nr_user_held);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_nr_held_pages);

/* Empty the per-CPU LRU caches, so that the LRU counts are exact. */
void pageable_drain_lrus(void)
{
	lru_add_drain_all();
}
EXPORT_SYMBOL_IF_KUNIT(pageable_drain_lrus);

/* Objects on the shrinker's list, in every memcg and node. */
unsigned long pageable_nr_listed(void)
{
	return list_lru_count(&pageable_lru);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_nr_listed);

/* Run the shrinker on the list of @obj, as reclaim with @gfp would. */
unsigned long pageable_shrink(struct pageable *obj, unsigned long nr_to_scan,
			      gfp_t gfp)
{
	struct mem_cgroup *memcg;
	unsigned long scanned, freed;

	rcu_read_lock();
	memcg = mem_cgroup_from_slab_obj(obj);
	if (!mem_cgroup_tryget(memcg))
		memcg = NULL;
	rcu_read_unlock();
	freed = pageable_do_shrink(page_to_nid(virt_to_page(obj)), memcg,
				   nr_to_scan, gfp, &scanned);
	mem_cgroup_put(memcg);
	return freed;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_shrink);

/* Reclaim from a memory cgroup as memory.reclaim does. */
unsigned long pageable_reclaim_memcg(struct mem_cgroup *memcg,
				     unsigned long nr_pages)
{
	if (!IS_ENABLED(CONFIG_MEMCG))
		return 0;
	return try_to_free_mem_cgroup_pages(memcg, nr_pages, GFP_KERNEL,
					    MEMCG_RECLAIM_MAY_SWAP |
					    MEMCG_RECLAIM_PROACTIVE, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_reclaim_memcg);

bool pageable_swap_enabled(void)
{
	return IS_ENABLED(CONFIG_SHMEM) && total_swap_pages > 0;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_swap_enabled);

static struct pageable *pageable_early_obj;
static const char pageable_early_sig[] = "pageable: written by an early initcall";

/*
 * Create an object from an early initcall, before SMP bring-up and user
 * space, and write a signature into it: the suite checks later that it is
 * intact.
 */
static int __init pageable_early_test_init(void)
{
	struct kvec kvec = {
		.iov_base = (void *)pageable_early_sig,
		.iov_len = sizeof(pageable_early_sig),
	};
	struct pageable *obj;
	struct iov_iter iter;

	obj = pageable_create(PAGE_SIZE, PAGEABLE_NORESERVE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	iov_iter_kvec(&iter, ITER_SOURCE, &kvec, 1, kvec.iov_len);
	if (pageable_write(obj, 0, &iter, PAGEABLE_INTENT_CPU) != kvec.iov_len) {
		pageable_put(obj);
		return -EIO;
	}
	pageable_early_obj = obj;
	return 0;
}
early_initcall(pageable_early_test_init);

struct pageable *pageable_early_object(const char **signature)
{
	*signature = pageable_early_sig;
	return pageable_early_obj;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_early_object);
#endif /* CONFIG_PAGEABLE_KUNIT_TEST */

/* debugfs: pageable/objects lists the global counters and live objects. */

static void *pageable_objects_start(struct seq_file *m, loff_t *pos)
	__acquires(&pageable_list_lock)
{
	spin_lock(&pageable_list_lock);
	return seq_list_start_head(&pageable_list, *pos);
}

static void *pageable_objects_next(struct seq_file *m, void *v, loff_t *pos)
{
	return seq_list_next(v, &pageable_list, pos);
}

static void pageable_objects_stop(struct seq_file *m, void *v)
	__releases(&pageable_list_lock)
{
	spin_unlock(&pageable_list_lock);
}

static int pageable_objects_show(struct seq_file *m, void *v)
{
	struct pageable_stats st;
	struct pageable *obj;

	if (v == &pageable_list) {
		seq_printf(m, "objects: %ld\npinned_pages: %ld\n",
			   atomic_long_read(&pageable_nr_objects),
			   atomic_long_read(&pageable_nr_pinned));
		seq_printf(m, "dontneed_pages: %ld\ndiscardable_pages: %ld\ndiscarded_pages: %ld\n",
			   atomic_long_read(&pageable_nr_dontneed),
			   atomic_long_read(&pageable_nr_discardable),
			   atomic_long_read(&pageable_nr_discarded));
		seq_printf(m, "user_held_pages: %ld\n",
			   atomic_long_read(&pageable_nr_user_held));
		seq_puts(m, "id size flags resident swapped pinned vmaps locked unevictable dontneed discarded\n");
		return 0;
	}

	obj = list_entry(v, struct pageable, node);
	pageable_stat(obj, &st);
	seq_printf(m, "%lu %llu %#x %lu %lu %lu %u %d %d %lu %lu\n", obj->id,
		   st.size, obj->flags, st.resident, st.swapped, st.pinned,
		   st.vmaps, st.locked, st.unevictable, st.dontneed,
		   st.discarded);
	return 0;
}

static const struct seq_operations pageable_objects_sops = {
	.start = pageable_objects_start,
	.next = pageable_objects_next,
	.stop = pageable_objects_stop,
	.show = pageable_objects_show,
};
DEFINE_SEQ_ATTRIBUTE(pageable_objects);

static int __init pageable_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("pageable", NULL);

	debugfs_create_file("objects", 0400, dir, NULL,
			    &pageable_objects_fops);
	return 0;
}
late_initcall(pageable_debugfs_init);
