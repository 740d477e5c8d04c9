// SPDX-License-Identifier: GPL-2.0 AND MIT
/*
 * TTM swap-out and swap-in against the shmem-file path of Linux 6.12, in
 * the same boot.  A benchmark, not a test: it prints figures and never
 * checks them.  Its cases run only when the module is loaded with reps=N
 * from a cgroup with a memory.max, as "make bench" does, and fail only if
 * the benchmark cannot run or the data do not come back.
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
#define BENCH_SLAB_BOS	4000

static unsigned int reps;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "Repetitions of each figure (0: do not run)");

/* The memory cgroup of the task that loaded the module. */
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

#ifdef CONFIG_MEMCG
/* Whether the loader's cgroup has a memory.max. */
static bool bench_memcg_limited(void)
{
	return bench_memcg && bench_memcg->css.parent &&
	       READ_ONCE(bench_memcg->memory.max) != PAGE_COUNTER_MAX;
}
#else
static bool bench_memcg_limited(void)
{
	return false;
}
#endif

/* Skip unless asked to run, from a cgroup with a limit, with swap. */
static unsigned int bench_reps(struct kunit *test)
{
	if (!reps)
		kunit_skip(test, "load with reps=N to run the benchmark");
	if (!bench_memcg_limited())
		kunit_skip(test, "load from a cgroup with memory.max (needs CONFIG_MEMCG)");
	if (!IS_ENABLED(CONFIG_SHMEM) ||
	    get_nr_swap_pages() < (2 * BENCH_BOS * BENCH_BO_SIZE) >> PAGE_SHIFT)
		kunit_skip(test, "needs 512 MiB of free swap");
	return min(reps, BENCH_MAX_REPS);
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

/*
 * Its ttm_tt_populate() of a swapped-out object: allocate, then
 * ttm_tt_swapin() from @file, which is released on success.
 */
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

/* Each page starts with the numbers of its object and page. */
static void bench_fill(struct ttm_tt *tt, u32 bo)
{
	pgoff_t i;

	for (i = 0; i < tt->num_pages; i++) {
		u32 *p = kmap_local_page(tt->pages[i]);

		memset32(p, bo * 0x9e3779b1 ^ (u32)i, PAGE_SIZE / sizeof(u32));
		p[0] = bo;
		p[1] = i;
		kunmap_local(p);
	}
}

static bool bench_check(struct ttm_tt *tt, u32 bo)
{
	bool ok = true;
	pgoff_t i;

	for (i = 0; i < tt->num_pages && ok; i++) {
		u32 *p = kmap_local_page(tt->pages[i]);

		ok = p[0] == bo && p[1] == i &&
		     p[2] == (bo * 0x9e3779b1 ^ (u32)i) &&
		     !memcmp(p + 2, p + 3, PAGE_SIZE - 3 * sizeof(u32));
		kunmap_local(p);
	}
	return ok;
}

/*
 * Swap @nr objects out with the series' ttm_tt_swapout(), or the old path,
 * and back in, calling @between(@arg) once all are swapped out (the slab
 * figure samples there): the nanoseconds of the round trip, 0 if anything
 * failed.  Every object ends unpopulated and without swap storage.
 */
static u64 bench_round_trip(struct kunit *test, struct ttm_tt *tts,
			    unsigned int nr, bool old,
			    void (*between)(void *), void *arg)
{
	const struct ttm_test_devices *devs = test->priv;
	struct ttm_operation_ctx ctx = { };
	struct file **files = NULL;
	unsigned int i, out, in;
	struct mem_cgroup *prev;
	bool ok = true;
	u64 t = 0;

	if (old) {
		files = kvcalloc(nr, sizeof(*files), GFP_KERNEL);
		if (!files)
			return 0;
	}
	for (i = 0; i < nr && ok; i++) {
		ok = !ttm_tt_populate(devs->ttm_dev, &tts[i], &ctx);
		if (ok)
			bench_fill(&tts[i], i);
	}
	if (!ok)
		goto out;

	prev = set_active_memcg(bench_memcg);
	t = ktime_get_ns();
	for (out = 0; out < nr && ok; out++) {
		if (old) {
			files[out] = old_swapout(devs->ttm_dev, &tts[out]);
			ok = !IS_ERR(files[out]);
		} else {
			ok = ttm_tt_swapout(devs->ttm_dev, &tts[out],
					    GFP_KERNEL) > 0;
		}
	}
	if (ok && between)
		between(arg);
	for (in = 0; in < nr && ok; in++) {
		if (old) {
			ok = !old_swapin(devs->ttm_dev, &tts[in], files[in]);
			if (ok)
				files[in] = NULL;
		} else {
			ok = !ttm_tt_populate(devs->ttm_dev, &tts[in], &ctx);
		}
	}
	t = ktime_get_ns() - t;
	set_active_memcg(prev);

	for (i = 0; i < nr && ok; i++)
		ok = bench_check(&tts[i], i);
out:
	KUNIT_EXPECT_TRUE(test, ok);
	for (i = 0; i < nr; i++) {
		ttm_tt_unpopulate(devs->ttm_dev, &tts[i]);
		/* What failed half-way: drop the copy as ttm_tt_fini() would. */
		if (files && !IS_ERR_OR_NULL(files[i]))
			fput(files[i]);
		if (tts[i].swap_storage) {
			pageable_put(tts[i].swap_storage);
			tts[i].swap_storage = NULL;
			tts[i].page_flags &= ~TTM_TT_FLAG_SWAPPED;
		}
	}
	kvfree(files);
	return ok ? max_t(u64, t, 1) : 0;
}

/* @nr ttm_tts of @size bytes, unpopulated, on one buffer object. */
static struct ttm_tt *bench_tts(struct kunit *test, size_t size,
				unsigned int nr, struct ttm_buffer_object **bo)
{
	struct ttm_tt *tts;
	unsigned int i;

	*bo = ttm_bo_kunit_init(test, test->priv, size, NULL);
	tts = kvcalloc(nr, sizeof(*tts), GFP_KERNEL);
	for (i = 0; tts && i < nr; i++) {
		if (ttm_tt_init(&tts[i], *bo, 0, ttm_cached, 0)) {
			while (i--)
				ttm_tt_fini(&tts[i]);
			kvfree(tts);
			tts = NULL;
		}
	}
	if (!tts) {
		drm_gem_object_release(&(*bo)->base);
		KUNIT_FAIL(test, "no memory for %u ttm_tts", nr);
	}
	return tts;
}

static void bench_tts_free(struct ttm_tt *tts, unsigned int nr,
			   struct ttm_buffer_object *bo)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		ttm_tt_fini(&tts[i]);
	kvfree(tts);
	drm_gem_object_release(&bo->base);
}

/*
 * 256 MiB swapped out and back in, in a cgroup whose limit is below that,
 * which is when TTM swaps: MiB per second for the round trip.  The two
 * sides alternate, each repetition starting with the other one.
 */
static void ttm_swap_bench_round_trip(struct kunit *test)
{
	u64 ttm[BENCH_MAX_REPS], old[BENCH_MAX_REPS];
	unsigned int r, n = bench_reps(test);
	struct ttm_buffer_object *bo;
	struct ttm_tt *tts;

	tts = bench_tts(test, BENCH_BO_SIZE, BENCH_BOS, &bo);
	if (!tts)
		return;
	for (r = 0; r < n; r++) {
		bool first = r & 1;
		u64 ns[2];

		ns[first] = bench_round_trip(test, tts, BENCH_BOS, first,
					     NULL, NULL);
		ns[!first] = bench_round_trip(test, tts, BENCH_BOS, !first,
					      NULL, NULL);
		if (!ns[0] || !ns[1])
			break;
		ttm[r] = div64_u64(2ULL * BENCH_BOS * BENCH_BO_SIZE *
				   NSEC_PER_SEC, ns[0]) >> 20;
		old[r] = div64_u64(2ULL * BENCH_BOS * BENCH_BO_SIZE *
				   NSEC_PER_SEC, ns[1]) >> 20;
	}
	bench_tts_free(tts, BENCH_BOS, bo);
	if (r == n)
		bench_report("ttm_swap", "TTM swap-out + swap-in of 256 MiB in a 64 MiB cgroup",
			     "MiB/s", "shmem file per object (6.12)",
			     ">= 1.0x", ttm, old, n);
}

/* The slab counters, in bytes. */
static void bench_slab_sample(void *arg)
{
	long *bytes = arg;

	*bytes = (global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B) +
		  global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)) <<
		 PAGE_SHIFT;
}

/*
 * Slab bytes that a swapped-out one-page object keeps besides its ttm_tt:
 * the growth of the slab counters over BENCH_SLAB_BOS swap-outs.
 */
static void ttm_swap_bench_slab(struct kunit *test)
{
	u64 ttm[BENCH_MAX_REPS], old[BENCH_MAX_REPS];
	unsigned int r, n = bench_reps(test);
	struct ttm_buffer_object *bo;
	struct ttm_tt *tts;

	tts = bench_tts(test, PAGE_SIZE, BENCH_SLAB_BOS, &bo);
	if (!tts)
		return;
	for (r = 0; r < n; r++) {
		bool first = r & 1;
		long before[2], after[2];
		u64 *side[2] = { ttm, old };
		unsigned int k;

		for (k = 0; k < 2; k++) {
			bool o = first ^ k;

			bench_slab_sample(&before[o]);
			if (!bench_round_trip(test, tts, BENCH_SLAB_BOS, o,
					      bench_slab_sample, &after[o]))
				goto out;
			side[o][r] = max(after[o] - before[o], 0L) /
				     BENCH_SLAB_BOS;
		}
	}
out:
	bench_tts_free(tts, BENCH_SLAB_BOS, bo);
	if (r == n)
		bench_report("ttm_slab", "slab per swapped-out 1-page TTM object",
			     "bytes", "shmem file per object (6.12)",
			     "<= 0.5x", ttm, old, n);
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
