// SPDX-License-Identifier: GPL-2.0 AND MIT
/*
 * TTM swap-out and swap-in against the shmem-file path of Linux 6.12, in
 * the same boot.  A benchmark, not a test: it prints figures and fails
 * only if the data do not come back.  It runs only when loaded with
 * reps=N, from a cgroup with a memory.max, as "make bench" does.
 */
#include <linux/highmem.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/shmem_fs.h>
#include <linux/sort.h>
#include <linux/swap.h>
#include <linux/vmstat.h>
#include <drm/drm_gem.h>
#include <drm/ttm/ttm_tt.h>

#include "ttm_kunit_helpers.h"

#define BENCH_MAX_REPS	10
#define BENCH_BO_SIZE	SZ_16M
#define BENCH_BOS	16			/* 256 MiB */
#define BENCH_SLAB_BOS	1000

static unsigned int reps;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "Repetitions of each figure (0: do not run)");

static struct mem_cgroup *bench_memcg;

static int ttm_swap_bench_suite_init(struct kunit_suite *suite)
{
	bench_memcg = get_mem_cgroup_from_mm(current->mm);
	return 0;
}

static void ttm_swap_bench_suite_exit(struct kunit_suite *suite)
{
	mem_cgroup_put(bench_memcg);
	bench_memcg = NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * One line per figure, in the format of test_pageable_bench: the medians
 * of both sides and the minimum, median and maximum of their ratio.
 */
static void bench_report(const char *name, const char *what,
			 const char *unit, const char *status_quo,
			 const char *goal, u64 *ttm, u64 *old, unsigned int n)
{
	u64 ratio[BENCH_MAX_REPS];
	unsigned int i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		ratio[i] = old[i] ? div64_u64(ttm[i] * 1000, old[i]) : 0;
	sort(ratio, n, sizeof(*ratio), cmp_u64, NULL);
	sort(ttm, n, sizeof(*ttm), cmp_u64, NULL);
	sort(old, n, sizeof(*old), cmp_u64, NULL);
	pr_info("ttm_swap_bench: %s|%s|%s|%llu|%s|%llu|%llu.%03llu|%u|%llu.%03llu|%llu.%03llu|%s\n",
		name, what, unit, ttm[n / 2], status_quo, old[n / 2],
		ratio[n / 2] / 1000, ratio[n / 2] % 1000, n,
		ratio[0] / 1000, ratio[0] % 1000,
		ratio[n - 1] / 1000, ratio[n - 1] % 1000, goal);
}

/* The ttm_tt_swapout() of Linux 6.12: a shmem file per object. */
static struct file *old_swapout(struct ttm_device *bdev, struct ttm_tt *tt)
{
	struct address_space *mapping;
	struct file *file;
	pgoff_t i;

	file = shmem_file_setup("ttm swap", (loff_t)tt->num_pages << PAGE_SHIFT,
				0);
	if (IS_ERR(file))
		return file;
	mapping = file->f_mapping;
	for (i = 0; i < tt->num_pages; i++) {
		struct page *to;

		to = shmem_read_mapping_page_gfp(mapping, i, GFP_KERNEL &
						 mapping_gfp_mask(mapping));
		if (IS_ERR(to)) {
			fput(file);
			return ERR_CAST(to);
		}
		copy_highpage(to, tt->pages[i]);
		set_page_dirty(to);
		mark_page_accessed(to);
		put_page(to);
	}
	ttm_tt_unpopulate(bdev, tt);
	return file;
}

/* Its ttm_tt_populate() of a swapped-out object, with ttm_tt_swapin(). */
static int old_swapin(struct ttm_device *bdev, struct ttm_tt *tt,
		      struct file *file)
{
	struct ttm_operation_ctx ctx = { };
	struct address_space *mapping = file->f_mapping;
	pgoff_t i;
	int ret;

	ret = ttm_tt_populate(bdev, tt, &ctx);
	if (ret)
		return ret;
	for (i = 0; i < tt->num_pages; i++) {
		struct page *from;

		from = shmem_read_mapping_page_gfp(mapping, i,
						   mapping_gfp_mask(mapping));
		if (IS_ERR(from))
			return PTR_ERR(from);
		copy_highpage(tt->pages[i], from);
		put_page(from);
	}
	fput(file);
	return 0;
}

static void bench_fill(struct ttm_tt *tt, u32 seed)
{
	pgoff_t i;

	for (i = 0; i < tt->num_pages; i++) {
		u32 *p = kmap_local_page(tt->pages[i]);

		memset32(p, seed ^ (u32)i, PAGE_SIZE / sizeof(u32));
		kunmap_local(p);
	}
}

static bool bench_check(struct ttm_tt *tt, u32 seed)
{
	bool ok = true;
	pgoff_t i;

	for (i = 0; i < tt->num_pages && ok; i++) {
		u32 *p = kmap_local_page(tt->pages[i]);

		ok = p[0] == (seed ^ (u32)i) &&
		     !memcmp(p, p + 1, PAGE_SIZE - sizeof(u32));
		kunmap_local(p);
	}
	return ok;
}

/*
 * Swap out BENCH_BOS populated objects and swap them back in, with the
 * series' ttm_tt_swapout() or the old path: MiB per second for the round
 * trip, 0 on failure.
 */
static u64 bench_round_trip(struct kunit *test, struct ttm_tt **tts,
			    bool old)
{
	const struct ttm_test_devices *devs = test->priv;
	struct ttm_operation_ctx ctx = { };
	struct file *files[BENCH_BOS];
	unsigned int i;
	bool ok = true;
	u64 t;

	for (i = 0; i < BENCH_BOS; i++) {
		KUNIT_ASSERT_EQ(test, ttm_tt_populate(devs->ttm_dev, tts[i], &ctx), 0);
		bench_fill(tts[i], i);
	}

	t = ktime_get_ns();
	for (i = 0; i < BENCH_BOS; i++) {
		if (old) {
			files[i] = old_swapout(devs->ttm_dev, tts[i]);
			KUNIT_ASSERT_FALSE(test, IS_ERR(files[i]));
		} else {
			KUNIT_ASSERT_GT(test, ttm_tt_swapout(devs->ttm_dev, tts[i],
							     GFP_KERNEL), 0);
		}
	}
	for (i = 0; i < BENCH_BOS; i++) {
		if (old)
			KUNIT_ASSERT_EQ(test, old_swapin(devs->ttm_dev, tts[i],
							 files[i]), 0);
		else
			KUNIT_ASSERT_EQ(test, ttm_tt_populate(devs->ttm_dev,
							      tts[i], &ctx), 0);
	}
	t = ktime_get_ns() - t;

	for (i = 0; i < BENCH_BOS; i++) {
		ok &= bench_check(tts[i], i);
		ttm_tt_unpopulate(devs->ttm_dev, tts[i]);
	}
	KUNIT_EXPECT_TRUE(test, ok);
	return ok ? div64_u64(2ULL * BENCH_BOS * BENCH_BO_SIZE * NSEC_PER_SEC,
			      max_t(u64, t, 1)) >> 20 : 0;
}

static void ttm_swap_bench_round_trip(struct kunit *test)
{
	u64 ttm[BENCH_MAX_REPS], old[BENCH_MAX_REPS];
	struct ttm_buffer_object *bo;
	struct ttm_tt *tts[BENCH_BOS];
	struct mem_cgroup *prev;
	unsigned int i, r, n = min(reps, BENCH_MAX_REPS);

	if (!n)
		kunit_skip(test, "load with reps=N to run the benchmark");
	if (!IS_ENABLED(CONFIG_SHMEM) || !get_nr_swap_pages())
		kunit_skip(test, "no swap");

	bo = ttm_bo_kunit_init(test, test->priv, BENCH_BO_SIZE, NULL);
	for (i = 0; i < BENCH_BOS; i++) {
		tts[i] = kunit_kzalloc(test, sizeof(*tts[i]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, tts[i]);
		KUNIT_ASSERT_EQ(test, ttm_tt_init(tts[i], bo, 0, ttm_cached, 0), 0);
	}

	prev = set_active_memcg(bench_memcg);
	for (r = 0; r < n; r++) {
		ttm[r] = bench_round_trip(test, tts, false);
		old[r] = bench_round_trip(test, tts, true);
	}
	set_active_memcg(prev);

	for (i = 0; i < BENCH_BOS; i++)
		ttm_tt_fini(tts[i]);
	drm_gem_object_release(&bo->base);
	bench_report("ttm_swap", "TTM swap-out + swap-in of 256 MiB",
		     "MiB/s", "shmem file per object (6.12)", ">= 1.0x",
		     ttm, old, n);
}

static long slab_bytes(void)
{
	return (global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B) +
		global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)) <<
	       PAGE_SHIFT;
}

/*
 * Slab bytes that a swapped-out one-page object keeps, beyond its ttm_tt:
 * the growth of the slab counters over BENCH_SLAB_BOS swap-outs.
 */
static u64 bench_slab(struct kunit *test, struct ttm_tt *tts, bool old)
{
	const struct ttm_test_devices *devs = test->priv;
	struct ttm_operation_ctx ctx = { };
	struct file **files = NULL;
	unsigned int i;
	long before, after;

	if (old) {
		files = kvcalloc(BENCH_SLAB_BOS, sizeof(*files), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, files);
	}
	for (i = 0; i < BENCH_SLAB_BOS; i++) {
		KUNIT_ASSERT_EQ(test, ttm_tt_populate(devs->ttm_dev, &tts[i], &ctx), 0);
		bench_fill(&tts[i], i);
	}

	before = slab_bytes();
	for (i = 0; i < BENCH_SLAB_BOS; i++) {
		if (old) {
			files[i] = old_swapout(devs->ttm_dev, &tts[i]);
			KUNIT_ASSERT_FALSE(test, IS_ERR(files[i]));
		} else {
			KUNIT_ASSERT_EQ(test, ttm_tt_swapout(devs->ttm_dev, &tts[i],
							     GFP_KERNEL), 1);
		}
	}
	after = slab_bytes();

	for (i = 0; i < BENCH_SLAB_BOS; i++) {
		if (old)
			KUNIT_EXPECT_EQ(test, old_swapin(devs->ttm_dev, &tts[i],
							 files[i]), 0);
		else
			KUNIT_EXPECT_EQ(test, ttm_tt_populate(devs->ttm_dev,
							      &tts[i], &ctx), 0);
		KUNIT_EXPECT_TRUE(test, bench_check(&tts[i], i));
		ttm_tt_unpopulate(devs->ttm_dev, &tts[i]);
	}
	kvfree(files);
	return max(after - before, 0L) / BENCH_SLAB_BOS;
}

static void ttm_swap_bench_slab(struct kunit *test)
{
	u64 ttm[BENCH_MAX_REPS], old[BENCH_MAX_REPS];
	struct ttm_buffer_object *bo;
	struct mem_cgroup *prev;
	unsigned int i, r, n = min(reps, BENCH_MAX_REPS);
	struct ttm_tt *tts;

	if (!n)
		kunit_skip(test, "load with reps=N to run the benchmark");

	bo = ttm_bo_kunit_init(test, test->priv, PAGE_SIZE, NULL);
	tts = kvcalloc(BENCH_SLAB_BOS, sizeof(*tts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tts);
	for (i = 0; i < BENCH_SLAB_BOS; i++)
		KUNIT_ASSERT_EQ(test, ttm_tt_init(&tts[i], bo, 0, ttm_cached, 0), 0);

	prev = set_active_memcg(bench_memcg);
	for (r = 0; r < n; r++) {
		ttm[r] = bench_slab(test, tts, false);
		old[r] = bench_slab(test, tts, true);
	}
	set_active_memcg(prev);

	for (i = 0; i < BENCH_SLAB_BOS; i++)
		ttm_tt_fini(&tts[i]);
	kvfree(tts);
	drm_gem_object_release(&bo->base);
	bench_report("ttm_slab", "slab per swapped-out 1-page TTM object",
		     "bytes", "shmem file per object (6.12)", "<= 0.5x",
		     ttm, old, n);
}

static struct kunit_case ttm_swap_bench_cases[] = {
	KUNIT_CASE_SLOW(ttm_swap_bench_round_trip),
	KUNIT_CASE_SLOW(ttm_swap_bench_slab),
	{}
};

static struct kunit_suite ttm_swap_bench_suite = {
	.name = "ttm_swap_bench",
	.suite_init = ttm_swap_bench_suite_init,
	.suite_exit = ttm_swap_bench_suite_exit,
	.init = ttm_test_devices_all_init,
	.exit = ttm_test_devices_fini,
	.test_cases = ttm_swap_bench_cases,
};

kunit_test_suites(&ttm_swap_bench_suite);

MODULE_DESCRIPTION("Benchmark of TTM swap against shmem files");
MODULE_LICENSE("GPL and additional rights");
