/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the pageable object allocator that its KUnit suites
 * (lib/test_pageable/) and its benchmark (lib/test_pageable_bench.c) use,
 * exported to them only (EXPORT_SYMBOL_IF_KUNIT).
 */
#ifndef __MM_PAGEABLE_TEST_HOOKS_H
#define __MM_PAGEABLE_TEST_HOOKS_H

#include <linux/types.h>

struct mem_cgroup;
struct mutex;
struct pageable;

unsigned int pageable_object_size(void);
unsigned int pageable_refcount(struct pageable *obj);
struct mutex *pageable_mutex(struct pageable *obj);
struct mem_cgroup *pageable_memcg(struct pageable *obj);
long pageable_nr_pinned_pages(void);
long pageable_nr_live_objects(void);
unsigned long pageable_id(struct pageable *obj);
bool pageable_live(unsigned long id);
void pageable_flush_releases(void);
long pageable_nr_held_pages(void);
unsigned long pageable_nr_listed(void);
void pageable_drain_lrus(void);
bool pageable_swap_enabled(void);
struct pageable *pageable_early_object(const char **signature);
unsigned long pageable_shrink(struct pageable *obj, unsigned long nr_to_scan,
			      gfp_t gfp);
unsigned long pageable_reclaim_memcg(struct mem_cgroup *memcg,
				     unsigned long nr_pages);

#endif /* __MM_PAGEABLE_TEST_HOOKS_H */
