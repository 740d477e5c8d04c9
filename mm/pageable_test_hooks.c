// SPDX-License-Identifier: GPL-2.0
/*
 * Pageable objects: internals exported to the KUnit suite in
 * lib/test_pageable/ and to the benchmark, and an object created by an
 * early initcall for the suite to check.  Built only with them.
 *
 * Copyright (C) 2026 The pageable authors
 */

#include <linux/init.h>
#include <linux/kref.h>
#include <linux/list_lru.h>
#include <linux/memcontrol.h>
#include <linux/swap.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#include "pageable.h"
#include "pageable_test_hooks.h"

unsigned int pageable_object_size(void)
{
	/* What KMEM_CACHE() makes each object of the cache. */
	return sizeof(struct pageable);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_object_size);

unsigned int pageable_refcount(struct pageable *obj)
{
	return kref_read(&obj->ref);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_refcount);

struct mutex *pageable_mutex(struct pageable *obj)
{
	return &obj->mutex;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_mutex);

/* No reference: for a test whose cgroup outlives the call. */
struct mem_cgroup *pageable_memcg(struct pageable *obj)
{
	struct mem_cgroup *memcg = pageable_memcg_get(obj);

	mem_cgroup_put(memcg);
	return memcg;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_memcg);

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

unsigned long pageable_id(struct pageable *obj)
{
	return obj->id;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_id);

/* Whether the object numbered @id is still on the list of live objects. */
bool pageable_live(unsigned long id)
{
	struct pageable *obj;
	bool found = false;

	spin_lock(&pageable_list_lock);
	list_for_each_entry(obj, &pageable_list, node) {
		if (obj->id == id) {
			found = true;
			break;
		}
	}
	spin_unlock(&pageable_list_lock);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(pageable_live);

/* Wait for the releases that the last references handed to the worker. */
void pageable_flush_releases(void)
{
	flush_work(&pageable_release_work);
}
EXPORT_SYMBOL_IF_KUNIT(pageable_flush_releases);

long pageable_nr_held_pages(void)
{
	return atomic_long_read(&pageable_nr_held);
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

	if (!IS_ENABLED(CONFIG_PAGEABLE_KUNIT_TEST))
		return 0;
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
