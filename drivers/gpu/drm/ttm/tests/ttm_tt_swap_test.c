// SPDX-License-Identifier: GPL-2.0 AND MIT
/*
 * Swapping out more TTM objects than a memory cgroup may keep resident.
 */
#include <linux/highmem.h>
#include <linux/memcontrol.h>
#include <linux/pageable.h>
#include <linux/sched/mm.h>
#include <linux/swap.h>
#include <drm/drm_gem.h>
#include <drm/ttm/ttm_tt.h>

#include "ttm_kunit_helpers.h"

#define SWAP_BO_SIZE	SZ_4M
#define SWAP_MAX_LIMIT	SZ_256M

/* The memory cgroup of the task that loaded the suite. */
static struct mem_cgroup *ttm_swap_memcg;

static int ttm_tt_swap_suite_init(struct kunit_suite *suite)
{
	ttm_swap_memcg = get_mem_cgroup_from_mm(current->mm);
	return 0;
}

static void ttm_tt_swap_suite_exit(struct kunit_suite *suite)
{
	mem_cgroup_put(ttm_swap_memcg);
	ttm_swap_memcg = NULL;
}

#ifdef CONFIG_MEMCG
/* memory.max of the loader's cgroup in pages, 0 if it has none. */
static unsigned long ttm_swap_memcg_max(void)
{
	if (ttm_swap_memcg && ttm_swap_memcg->css.parent &&
	    READ_ONCE(ttm_swap_memcg->memory.max) != PAGE_COUNTER_MAX)
		return READ_ONCE(ttm_swap_memcg->memory.max);
	return 0;
}

/* Swap pages that the loader's cgroup, and its ancestors, may still use. */
static unsigned long ttm_swap_room(void)
{
	unsigned long room = max(get_nr_swap_pages(), 0L);
	struct mem_cgroup *memcg;

	for (memcg = ttm_swap_memcg; memcg && memcg->css.parent;
	     memcg = parent_mem_cgroup(memcg)) {
		unsigned long max = READ_ONCE(memcg->swap.max);

		room = min(room, max - min(page_counter_read(&memcg->swap), max));
	}
	return room;
}
#else
static unsigned long ttm_swap_memcg_max(void)
{
	return 0;
}

static unsigned long ttm_swap_room(void)
{
	return max(get_nr_swap_pages(), 0L);
}
#endif

/*
 * Each page starts with the numbers of its object and page, so that a
 * page that comes back in the wrong place is caught, then a pattern.
 */
static void ttm_swap_fill(struct ttm_tt *tt, u32 bo)
{
	pgoff_t i;

	for (i = 0; i < tt->num_pages; i++) {
		u32 *p = kmap_local_page(tt->pages[i]);
		unsigned int w;

		p[0] = bo;
		p[1] = i;
		for (w = 2; w < PAGE_SIZE / sizeof(u32); w++)
			p[w] = (bo * 0x9e3779b1) ^ ((u32)i << 12) ^ w;
		kunmap_local(p);
	}
}

/* The number of pages of @tt whose contents are not what was filled in. */
static unsigned long ttm_swap_check(struct ttm_tt *tt, u32 bo)
{
	unsigned long bad = 0;
	pgoff_t i;

	for (i = 0; i < tt->num_pages; i++) {
		u32 *p = kmap_local_page(tt->pages[i]);
		unsigned int w;

		if (p[0] != bo || p[1] != i) {
			bad++;
		} else {
			for (w = 2; w < PAGE_SIZE / sizeof(u32); w++) {
				if (p[w] != ((bo * 0x9e3779b1) ^ ((u32)i << 12) ^ w)) {
					bad++;
					break;
				}
			}
		}
		kunmap_local(p);
	}
	return bad;
}

/*
 * Twice the loader's memory.max of TTM objects, swapped out one after the
 * other as the task in that cgroup would: the copies are charged to the
 * cgroup and cannot all stay resident, so its reclaim moves at least the
 * excess out of the page cache to swap.  Swapping each object back in
 * through ttm_tt_populate() must give back every byte.  Nothing asserts
 * between the first object and the cleanup, so that no TTM page or copy
 * is left behind.  The pages that TTM allocates are not charged: the
 * cgroup holds only the copies.
 */
static void ttm_tt_swapout_memcg_pressure(struct kunit *test)
{
	const struct ttm_test_devices *devs = test->priv;
	unsigned long max = ttm_swap_memcg_max();
	struct ttm_operation_ctx ctx = { };
	unsigned long swapped = 0, bad = 0;
	unsigned int nr, i, done = 0;
	struct ttm_buffer_object *bo;
	struct mem_cgroup *old;
	struct ttm_tt *tts;
	int err = 0;

	if (!max)
		kunit_skip(test, "load the suite from a cgroup with memory.max");
	if (max > SWAP_MAX_LIMIT >> PAGE_SHIFT)
		kunit_skip(test, "memory.max above %u MiB", SWAP_MAX_LIMIT >> 20);
	if (!IS_ENABLED(CONFIG_SHMEM) || ttm_swap_room() < 4 * max)
		kunit_skip(test, "needs %lu MiB of swap that the cgroup may use",
			   (4 * max) >> (20 - PAGE_SHIFT));

	nr = DIV_ROUND_UP(2 * max, SWAP_BO_SIZE >> PAGE_SHIFT);
	tts = kunit_kcalloc(test, nr, sizeof(*tts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tts);
	bo = ttm_bo_kunit_init(test, test->priv, SWAP_BO_SIZE, NULL);

	old = set_active_memcg(ttm_swap_memcg);
	for (i = 0; i < nr && !err; i++) {
		int ret;

		err = ttm_tt_init(&tts[i], bo, 0, ttm_cached, 0);
		if (err)
			break;
		done++;
		err = ttm_tt_populate(devs->ttm_dev, &tts[i], &ctx);
		if (err)
			break;
		ttm_swap_fill(&tts[i], i);
		ret = ttm_tt_swapout(devs->ttm_dev, &tts[i], GFP_KERNEL);
		if (ret < 0)
			err = ret;
		else
			KUNIT_EXPECT_EQ(test, ret, SWAP_BO_SIZE >> PAGE_SHIFT);
	}
	set_active_memcg(old);
	KUNIT_EXPECT_EQ(test, err, 0);

	for (i = 0; i < done; i++) {
		struct pageable_stats st;

		if (!(tts[i].page_flags & TTM_TT_FLAG_SWAPPED))
			continue;
		pageable_stat(tts[i].swap_storage, &st);
		swapped += st.swapped;
	}
	kunit_info(test, "%u objects of %u MiB swapped out under memory.max %lu MiB: %lu pages on swap\n",
		   done, SWAP_BO_SIZE >> 20, max >> (20 - PAGE_SHIFT), swapped);
	/* Not all of it could stay in the page cache within the limit. */
	if (!err)
		KUNIT_EXPECT_GE(test, swapped,
				(unsigned long)nr * (SWAP_BO_SIZE >> PAGE_SHIFT) - max);

	old = set_active_memcg(ttm_swap_memcg);
	for (i = 0; i < done; i++) {
		if (tts[i].page_flags & TTM_TT_FLAG_SWAPPED) {
			err = ttm_tt_populate(devs->ttm_dev, &tts[i], &ctx);
			KUNIT_EXPECT_EQ(test, err, 0);
			if (!err)
				bad += ttm_swap_check(&tts[i], i);
		}
		ttm_tt_unpopulate(devs->ttm_dev, &tts[i]);
		ttm_tt_fini(&tts[i]);
	}
	set_active_memcg(old);
	drm_gem_object_release(&bo->base);
	KUNIT_EXPECT_EQ(test, bad, 0);
}

static struct kunit_case ttm_tt_swap_test_cases[] = {
	KUNIT_CASE_SLOW(ttm_tt_swapout_memcg_pressure),
	{}
};

static struct kunit_suite ttm_tt_swap_test_suite = {
	.name = "ttm_tt_swap",
	.suite_init = ttm_tt_swap_suite_init,
	.suite_exit = ttm_tt_swap_suite_exit,
	.init = ttm_test_devices_all_init,
	.exit = ttm_test_devices_fini,
	.test_cases = ttm_tt_swap_test_cases,
};

kunit_test_suites(&ttm_tt_swap_test_suite);

MODULE_DESCRIPTION("KUnit tests for swapping out ttm_tt objects");
MODULE_LICENSE("GPL and additional rights");
