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
 * an obj_cgroup, so that new charges follow reparenting when the cgroup
 * is removed (without obj_cgroups, under cgroup.memory=nokmem, as the
 * memcg itself).  Every page the allocator populates itself
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
 *    ``lock_ucounts``, the vmap list, the ``dontneed`` pointer and the
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

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/memcontrol.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/sched/mm.h>
#include <linux/shmem_fs.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <linux/writeback.h>

#include "internal.h"
#include "pageable.h"
#include "swap.h"

#define CREATE_TRACE_POINTS
#include <trace/events/pageable.h>

#define PAGEABLE_VALID_FLAGS	(PAGEABLE_NORESERVE | PAGEABLE_DMA32 | \
				 PAGEABLE_MOVABLE | PAGEABLE_LARGE_FOLIOS)

static struct kmem_cache *pageable_cachep;
static atomic_long_t pageable_next_id = ATOMIC_LONG_INIT(0);
LIST_HEAD(pageable_list);
DEFINE_SPINLOCK(pageable_list_lock);
atomic_long_t pageable_nr_objects = ATOMIC_LONG_INIT(0);
atomic_long_t pageable_nr_pinned = ATOMIC_LONG_INIT(0);

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
	shrinker = pageable_shrinker_alloc();
	if (!shrinker)
		goto out_unlock;
	cachep = KMEM_CACHE(pageable, SLAB_ACCOUNT);
	if (!cachep) {
		pageable_shrinker_free(shrinker);
		goto out_unlock;
	}
	shrinker_register(shrinker);
	/* Publish to the lockless check above, once all is set up. */
	smp_store_release(&pageable_cachep, cachep);
	ret = 0;
out_unlock:
	mutex_unlock(&init_mutex);
	return ret;
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
void pageable_hold(struct pageable *obj, unsigned long n)
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
bool pageable_unhold(struct pageable *obj, unsigned long n)
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
 * The creator's cgroup, as for its kernel memory: an obj_cgroup, so that
 * new charges follow reparenting once the cgroup is removed.  %NULL stands
 * for the root.  With cgroup.memory=nokmem there are no obj_cgroups: then
 * the memcg itself, with a reference, and new charges go to its nearest
 * online ancestor (see pageable_memcg_get()).
 */
static void pageable_memcg_init(struct pageable *obj)
{
	struct mem_cgroup *memcg;

	obj->objcg = get_obj_cgroup_from_current();
	if (obj->objcg || !mem_cgroup_kmem_disabled())
		return;
	/*
	 * Process context (pageable_create() sleeps): the task's active memcg,
	 * whose setter holds a reference meanwhile, else its own.
	 */
	memcg = current->active_memcg;
	if (memcg)
		css_get(&memcg->css);
	else
		memcg = get_mem_cgroup_from_current();
	obj->memcg = memcg;
}

static void pageable_memcg_fini(struct pageable *obj)
{
	obj_cgroup_put(obj->objcg);
	mem_cgroup_put(obj->memcg);
}

/* The memcg that the object's pages are charged to now, with a reference. */
struct mem_cgroup *pageable_memcg_get(struct pageable *obj)
{
	if (obj->objcg)
		return get_mem_cgroup_from_objcg(obj->objcg);
	if (obj->memcg) {
		struct mem_cgroup *memcg = obj->memcg;

		/* As reparenting would: never charge a removed cgroup. */
		while (!mem_cgroup_is_root(memcg) &&
		       !css_tryget_online(&memcg->css))
			memcg = parent_mem_cgroup(memcg);
		return memcg;
	}
	return root_mem_cgroup;
}
#else /* !CONFIG_MEMCG */
static void pageable_memcg_init(struct pageable *obj)
{
}

static void pageable_memcg_fini(struct pageable *obj)
{
}

struct mem_cgroup *pageable_memcg_get(struct pageable *obj)
{
	return NULL;
}
#endif /* CONFIG_MEMCG */

/* Charge what the current task allocates to the object's memcg. */
struct mem_cgroup *pageable_memcg_enter(struct pageable *obj)
{
	return set_active_memcg(pageable_memcg_get(obj));
}

void pageable_memcg_exit(struct mem_cgroup *old)
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
struct inode *pageable_inode(struct pageable *obj)
{
	struct inode *inode = pageable_inode_peek(obj);

	if (likely(inode))
		return inode;

	mutex_lock(&obj->mutex);
	inode = pageable_inode_create_locked(obj);
	mutex_unlock(&obj->mutex);
	return inode;
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
	pageable_memcg_init(obj);
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

/* Free an object whose last reference is gone. */
static void pageable_free(struct pageable *obj)
{
	struct pageable_vmapping *v;
	struct ucounts *ucounts;

	trace_pageable_release(obj->id, obj->size,
			       obj->inode ? obj->inode->i_mapping->nrpages : 0);

	spin_lock(&obj->lock);
	WARN_ON_ONCE(obj->nr_vmaps);
	ucounts = obj->lock_ucounts;
	spin_unlock(&obj->lock);

	for (;;) {
		mutex_lock(&obj->mutex);
		v = list_first_entry_or_null(&obj->vmaps, struct pageable_vmapping,
					     node);
		if (!v) {
			mutex_unlock(&obj->mutex);
			break;
		}
		pageable_vmapping_unlink(obj, v);
		pageable_vmap_destroy(obj, v, 0);
	}

	if (obj->nr_held) {
		unsigned long budget = ULONG_MAX;

		mutex_lock(&obj->mutex);
		pageable_held_release(obj, &budget, false);
		mutex_unlock(&obj->mutex);
	}
	if (obj->user_mapping)
		iput(obj->user_mapping->host);
	/*
	 * Off the shrinker's list only now: tearing down a write-combined
	 * vmap above may have kept its pages, which lists the object.
	 */
	pageable_dontneed_destroy(obj);
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

	pageable_memcg_fini(obj);
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

static LLIST_HEAD(pageable_release_list);

static void pageable_release_workfn(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&pageable_release_list);
	struct pageable *obj, *tmp;

	llist_for_each_entry_safe(obj, tmp, list, retire_node) {
		pageable_release(&obj->ref);
		cond_resched();
	}
}

DECLARE_WORK(pageable_release_work, pageable_release_workfn);

/*
 * The shrinker holds references, and must not free an object (iput(), swap
 * and all) from reclaim, nor can pageable_put_async() from atomic context:
 * their last reference hands the release to a worker.  Until it runs, the
 * object stays on the list of live objects.  No mapping can be retiring
 * now (that holds a reference), so ``retire_node`` is free.
 */
void pageable_release_deferred(struct kref *ref)
{
	struct pageable *obj = container_of(ref, struct pageable, ref);

	WARN_ON_ONCE(obj->retire_queued);
	if (llist_add(&obj->retire_node, &pageable_release_list))
		schedule_work(&pageable_release_work);
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
 * pageable_put_async() - Drop a reference from any context.
 * @obj: The object.  %NULL and ERR_PTR() values are ignored.
 *
 * As pageable_put(), but if this is the last reference, the object is
 * freed later by a worker, so that a reference can be dropped where
 * sleeping is not allowed: from an RCU callback, under a spinlock, from
 * an interrupt or from a shrinker.
 *
 * Context: Any context but NMI.
 */
void pageable_put_async(struct pageable *obj)
{
	if (IS_ERR_OR_NULL(obj))
		return;
	kref_put(&obj->ref, pageable_release_deferred);
}
EXPORT_SYMBOL_GPL(pageable_put_async);

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
int pageable_pin_folio(struct folio *folio, int refs)
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

/* The reclaim bits a caller may give pageable_pin_gfp(). */
#define PAGEABLE_PIN_GFP	(GFP_KERNEL | __GFP_NORETRY | \
				 __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/* The object's mask, with the reclaim of @gfp, never stronger. */
static gfp_t pageable_pin_mask(struct address_space *mapping, gfp_t gfp)
{
	gfp_t mask = mapping_gfp_mask(mapping);

	return (mask & ~__GFP_RECLAIM) | (mask & gfp & __GFP_RECLAIM) |
	       (gfp & ~GFP_KERNEL);
}

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
	return pageable_pin_gfp(obj, first, nr, pages, GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(pageable_pin);

/**
 * pageable_pin_gfp() - Pin a range, with the reclaim behaviour of this call.
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 * @pages: Array of @nr entries that receives the pages.
 * @gfp: How hard populating the range may try to reclaim memory:
 *	%GFP_KERNEL, or %GFP_KERNEL without %__GFP_DIRECT_RECLAIM or without
 *	%__GFP_RECLAIM, plus any of %__GFP_NORETRY, %__GFP_RETRY_MAYFAIL and
 *	%__GFP_NOWARN.  A driver can first try without reclaim and fail fast,
 *	shrink its own caches, then try hard.
 *
 * As pageable_pin(), which is pageable_pin_gfp() with @gfp %GFP_KERNEL.
 * The reclaim bits of @gfp replace the object's own for the pages and
 * the memory cgroup charges of the range: without %__GFP_DIRECT_RECLAIM
 * they fail with %-ENOMEM instead of reclaiming.  Zone and placement stay
 * the object's.  Other allocations are not affected: the backing store
 * of an object that was never used is created with %GFP_KERNEL, and so
 * are the targets of migration out of %ZONE_MOVABLE.
 *
 * Context: Process context.  May sleep, whatever @gfp says: swap-in waits
 * for I/O.
 * Return: As pageable_pin(); %-EINVAL for @gfp without %__GFP_IO and
 * %__GFP_FS, or with other bits.
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
	    (obj->flags & PAGEABLE_MOVABLE) || (gfp & ~PAGEABLE_PIN_GFP) ||
	    (gfp & (__GFP_IO | __GFP_FS)) != (__GFP_IO | __GFP_FS))
		return -EINVAL;
	if (pageable_dontneed_busy(obj, first, nr))
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
					     pageable_pin_mask(mapping, gfp));
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
	if ((flags & PAGEABLE_UNPIN_DIRTY) && READ_ONCE(obj->dontneed) &&
	    mutex_trylock(&obj->mutex)) {
		unsigned long *dontneed = obj->dontneed ?
			pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_STATE) :
			NULL;

		whole = pageable_release_pages(obj, pages, first, nr, flags,
					       dontneed, whole);
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
	if (pageable_dontneed_busy(obj, pos >> PAGE_SHIFT,
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
 * Write one folio to swap the way reclaim does (see i915's
 * __shmem_writeback()).  Returns the number of pages written; sets *split
 * if shmem had to split the folio, leaving its tail pages in the cache.
 */
static unsigned long pageable_pageout_folio(struct pageable *obj,
					    struct address_space *mapping,
					    struct folio *folio,
					    struct writeback_control *wbc,
					    bool reclaim, bool *split)
{
	long nr = folio_nr_pages(folio);
	int ret;

	/* Dontneed pages are discarded, never written. */
	if (obj->dontneed &&
	    find_next_bit(pageable_dontneed_bits(obj, PAGEABLE_DONTNEED_STATE),
			  folio->index + nr, folio->index) < folio->index + nr)
		return 0;

	/* As reclaim, never wait for a folio lock from a shrinker. */
	if (!reclaim)
		folio_lock(folio);
	else if (!folio_trylock(folio))
		return 0;
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

static long __pageable_pageout(struct pageable *obj, pgoff_t first,
			       unsigned long nr, bool reclaim)
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

	/*
	 * Keeps the dontneed state still; the shrinker only trylocks it, and
	 * so does reclaim here: memory is allocated under the mutex.
	 */
	if (!reclaim)
		mutex_lock(&obj->mutex);
	else if (!mutex_trylock(&obj->mutex))
		return -EBUSY;
	if (obj->dontneed) {
		unsigned long budget = ULONG_MAX;

		written = pageable_dontneed_walk(obj, first, first + nr - 1,
						 PAGEABLE_DONTNEED_DISCARD, &budget, NULL);
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
							  &wbc, reclaim, &split);
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
	might_sleep();
	return __pageable_pageout(obj, first, nr, false);
}
EXPORT_SYMBOL_GPL(pageable_pageout);

/**
 * pageable_try_pageout() - Write a range to swap from a shrinker.
 * @obj: The object.
 * @first: First page of the range.
 * @nr: Number of pages.
 * @gfp: The allocation context that reclaims, e.g. the &shrink_control's
 *	@gfp_mask; narrowed by the task's memalloc_noio_save() and
 *	memalloc_nofs_save() scopes.
 *
 * As pageable_pageout(), for a driver's shrinker or OOM notifier that
 * holds its own locks while it writes its idle objects to swap.  It never
 * waits for the object's mutex, under which memory is allocated, nor for
 * a folio lock, and it writes only where reclaim itself would, that is if
 * @gfp allows both filesystem and block I/O (%__GFP_FS and %__GFP_IO).  It
 * runs with %PF_MEMALLOC, as reclaim's own pageout does, so that the
 * allocations of the writeout (swap entries, splitting a large folio that
 * cannot get contiguous swap) neither reclaim nor fail for want of reserves.
 *
 * Context: Process context, including direct reclaim, kswapd and OOM
 * notifiers.  May sleep while submitting I/O.
 * Return: As pageable_pageout(): the number of pages written or
 * discarded, 0 if @gfp forbids the I/O, %-EINVAL for a bad range, or
 * %-EBUSY if another call holds the object's mutex (pageable_vmap(),
 * pageable_mmap(), a fault, pageable_dontneed(), pageable_willneed(),
 * the first pin of the object).  A locked object gives 0, as for
 * pageable_pageout().
 */
long pageable_try_pageout(struct pageable *obj, pgoff_t first,
			  unsigned long nr, gfp_t gfp)
{
	unsigned int noreclaim;
	long ret;

	might_sleep();
	gfp = current_gfp_context(gfp);
	if ((gfp & (__GFP_FS | __GFP_IO)) != (__GFP_FS | __GFP_IO))
		return pageable_range_ok(obj, first, nr) ? 0 : -EINVAL;

	noreclaim = memalloc_noreclaim_save();
	ret = __pageable_pageout(obj, first, nr, true);
	memalloc_noreclaim_restore(noreclaim);
	return ret;
}
EXPORT_SYMBOL_GPL(pageable_try_pageout);

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
 * Return: 0, %-EINVAL if @ucounts is %NULL, %-EBUSY while pageable_purge()
 * is at work, or %-ENOMEM if the limit would be exceeded.
 */
int pageable_lock(struct pageable *obj, struct ucounts *ucounts)
{
	int ret = 0;

	if (!ucounts)
		return -EINVAL;

	spin_lock(&obj->lock);
	if (obj->purging) {
		ret = -EBUSY;
	} else if (!obj->lock_ucounts) {
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
	stat->held = obj->nr_held;
	if (obj->dontneed) {
		stat->dontneed = READ_ONCE(obj->dontneed->nr_dontneed);
		stat->discarded = READ_ONCE(obj->dontneed->nr_lost);
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
