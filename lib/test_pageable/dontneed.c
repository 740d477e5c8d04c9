// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pageable object allocator: dontneed, willneed, purge
 * and the shrinker.
 */

#include <kunit/test.h>
#include <linux/anon_inodes.h>
#include <linux/bitmap.h>
#include <linux/capability.h>
#include <linux/falloc.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/pageable.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/user_namespace.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

#include "../../mm/pageable_test_hooks.h"
#include "helpers.h"

#define DN_PAGES	8

/* Check page @index of @obj: ptest_pattern() if @intact, else zeroes. */
static void test_check_page(struct kunit *test, struct pageable *obj,
			    pgoff_t index, bool intact)
{
	loff_t pos = (loff_t)index << PAGE_SHIFT;
	u8 *buf = ptest_alloc(test, PAGE_SIZE);
	size_t i;

	KUNIT_ASSERT_EQ(test, ptest_read(obj, pos, buf, PAGE_SIZE),
			(ssize_t)PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i], intact ? ptest_pattern(pos + i) : 0,
				    "page %lu offset %zu", index, i);
	ptest_free(test, buf);
}

/*
 * A shrinker scan discards exactly the dontneed pages; willneed reports
 * them page by page, and the pages around them are intact.
 */
static void pageable_test_dontneed_discard(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = ptest_bitmap(test, DN_PAGES);
	struct pageable_stats st;
	pgoff_t i;

	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 4), 0);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.dontneed, 4);
	KUNIT_EXPECT_EQ(test, st.discarded, 0);
	KUNIT_EXPECT_EQ(test, st.resident, DN_PAGES);

	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 4);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.discarded, 4);
	KUNIT_EXPECT_EQ(test, st.resident, DN_PAGES - 4);
	KUNIT_EXPECT_EQ(test, st.swapped, 0);
	/* Nothing left to discard. */
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 0);

	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost), 4);
	for (i = 0; i < DN_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, test_bit(i, lost), i >= 2 && i < 6);
		test_check_page(test, obj, i, i < 2 || i >= 6);
	}
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.dontneed, 0);
	KUNIT_EXPECT_EQ(test, st.discarded, 0);

	/* The range is usable again. */
	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	ptest_check(test, obj, 0, DN_PAGES * PAGE_SIZE);
}

/*
 * Partial discard: pinned pages survive a scan, the others do not, and the
 * report says which is which.  The survivors are byte-identical.
 */
static void pageable_test_dontneed_partial(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = ptest_bitmap(test, DN_PAGES);
	struct ptest_pin *pin;
	pgoff_t i;

	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	pin = ptest_pin(test, obj, 3, 2);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, DN_PAGES), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), DN_PAGES - 2);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).resident, 2);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 2);

	/* Unpinning a dontneed page, even dirty, lets the shrinker have it. */
	ptest_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 4, 1, lost), 0);
	KUNIT_EXPECT_FALSE(test, test_bit(0, lost));
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 1);

	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost),
			DN_PAGES - 1);
	for (i = 0; i < DN_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, test_bit(i, lost), i != 4);
		test_check_page(test, obj, i, i == 4);
	}
}

/* willneed on pages that were never dontneed reports nothing lost. */
static void pageable_test_willneed_only(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = ptest_bitmap(test, DN_PAGES);

	bitmap_fill(lost, DN_PAGES);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost), 0);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(lost, DN_PAGES));

	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 1, 3, NULL), 0);
	/* Nor on the pages around a dontneed range. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 2), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 2);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 2, DN_PAGES - 2, lost), 0);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(lost, DN_PAGES - 2));
	ptest_check(test, obj, 2 * PAGE_SIZE, (DN_PAGES - 2) * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 2, NULL), 2);

	/* A hole loses nothing: it had no contents. */
	obj = ptest_create(test, DN_PAGES * PAGE_SIZE, 0);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, DN_PAGES), 0);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost), 0);
}

/* Overlapping and partial ranges keep each page's state. */
static void pageable_test_dontneed_overlap(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = ptest_bitmap(test, DN_PAGES);

	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 4), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 4);
	/* Again, overlapping: discarded pages stay discarded. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 4), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).dontneed, 6);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).discarded, 4);

	/* Take back the middle only. */
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 3, 2, lost), 1);
	KUNIT_EXPECT_TRUE(test, test_bit(0, lost));
	KUNIT_EXPECT_FALSE(test, test_bit(1, lost));
	test_check_page(test, obj, 4, true);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).dontneed, 4);

	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost), 4);
	KUNIT_EXPECT_EQ(test, bitmap_weight(lost, DN_PAGES), 4);
	KUNIT_EXPECT_TRUE(test, test_bit(5, lost));
	KUNIT_EXPECT_FALSE(test, test_bit(3, lost));
	test_check_page(test, obj, 6, true);
	test_check_page(test, obj, 5, false);
}

/* Invalid ranges fail cleanly; dontneed pages refuse pins and writes. */
static void pageable_test_dontneed_errors(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, DN_PAGES * PAGE_SIZE, 0);
	struct page *pages[DN_PAGES];
	u8 byte = 1;

	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, DN_PAGES, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, 1, DN_PAGES), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, 1, ULONG_MAX), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, DN_PAGES, 1, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 2, ULONG_MAX, NULL),
			-EINVAL);

	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 1), 0);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, DN_PAGES, pages), -EBUSY);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 2, 1, pages), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 1, 2, PAGE_KERNEL),
			    ERR_PTR(-EBUSY));
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 3 * PAGE_SIZE - 1, &byte, 2),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);
	/* Next to it is fine, and reading it is too. */
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 3, 1, pages), 0);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 3, 1, pages, 0), 0);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 2 * PAGE_SIZE - 1, &byte, 1), 1);
	test_check_page(test, obj, 2, true);

	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 2, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 2 * PAGE_SIZE, &byte, 1), 1);
}

/*
 * pageout discards dontneed pages instead of writing them; pages that were
 * already on swap lose their swap when they become dontneed.
 */
static void pageable_test_dontneed_pageout(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = ptest_bitmap(test, DN_PAGES);
	struct pageable_stats st;
	pgoff_t i;

	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 2), 0);
	if (!pageable_swap_enabled()) {
		KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, DN_PAGES), 2);
		ptest_skip(test, "no swap: swapon before loading the suite");
	}
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, DN_PAGES), DN_PAGES);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.swapped, DN_PAGES - 2);
	KUNIT_EXPECT_EQ(test, st.discarded, 2);
	KUNIT_EXPECT_EQ(test, st.resident, 0);

	/* Now swapped, pages 2 and 3 are discarded as they become dontneed. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 2), 0);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.swapped, DN_PAGES - 4);
	KUNIT_EXPECT_EQ(test, st.discarded, 4);

	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost), 4);
	for (i = 0; i < DN_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, test_bit(i, lost), i < 4);
		test_check_page(test, obj, i, i >= 4);
	}
}

/*
 * dontneed lets go of the pages that the user mapping holds in the range,
 * after zapping them; after a discard, a fault sees zeroes, and willneed
 * reports the page lost all the same.
 */
static void pageable_test_dontneed_mmap(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	unsigned long *lost = ptest_bitmap(test, TEST_PAGES);
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	ptest_fill(test, obj, 0, len);
	file = ptest_driver_file(test, obj);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	/* Fault everything in through the mapping. */
	buf = ptest_alloc(test, len);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr, len), 0);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(i));

	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 1, 2), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, TEST_PAGES - 2);
	/* Not held any more: discarded, and the other held pages let go. */
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL),
			TEST_PAGES);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr, len), 0);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i],
				    i >= PAGE_SIZE && i < 3 * PAGE_SIZE ? 0 :
				    ptest_pattern(i), "offset %zu", i);

	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, TEST_PAGES, lost), 2);
	KUNIT_EXPECT_EQ(test, bitmap_weight(lost, TEST_PAGES), 2);
	KUNIT_EXPECT_TRUE(test, test_bit(1, lost) && test_bit(2, lost));
}

/* Releasing an object with dontneed pages frees them and its state. */
static void pageable_test_dontneed_release(struct kunit *test)
{
	struct pageable *obj = pageable_create(DN_PAGES * PAGE_SIZE, 0);
	struct pageable *other = ptest_create(test, PAGE_SIZE, 0);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	ptest_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, 0, DN_PAGES), 0);
	pageable_put(obj);
	/* Off the shrinker's list: a scan of it finds nothing. */
	ptest_fill(test, other, 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(other, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(other, ULONG_MAX, GFP_KERNEL), 1);
}

/*
 * Taking back part of a dontneed large folio makes the whole folio dirty
 * again: it holds pages reported intact, which reclaim must write to swap
 * rather than drop.
 */
static void pageable_test_willneed_large_partial(struct kunit *test)
{
	struct pageable *obj = ptest_large_object(test);

	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 512), 0);
	KUNIT_ASSERT_EQ(test, pageable_willneed(obj, 0, 256, NULL), 0);
	KUNIT_EXPECT_TRUE(test, ptest_folio_dirty(test, obj, 0));
	KUNIT_ASSERT_EQ(test, pageable_willneed(obj, 256, 256, NULL), 0);
	ptest_check(test, obj, 0, SZ_2M);
}

/*
 * Pages that the shrinker cannot discard (pinned here) do not stop it from
 * discarding the pages behind them: each scan starts where the last one
 * stopped.
 */
static void pageable_test_shrink_progress(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, 64 * PAGE_SIZE, 0);
	unsigned long *lost = ptest_bitmap(test, 64);
	unsigned long freed = 0;
	struct ptest_pin *pin;
	unsigned int i;

	ptest_fill(test, obj, 0, 64 * PAGE_SIZE);
	pin = ptest_pin(test, obj, 0, 32);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 64), 0);
	for (i = 0; i < 8 && freed < 32; i++)
		freed += pageable_shrink(obj, 16, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, freed, 32);
	ptest_unpin(test, pin, 0);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 64, lost), 32);
	KUNIT_EXPECT_EQ(test, find_first_bit(lost, 64), 32);
}

/*
 * pageable_purge() is what a driver's shrinker calls: inside fs_reclaim,
 * which lockdep tracks on PROVE_LOCKING kernels, it takes no lock that
 * allocations are made under.  It leaves a pinned object alone, and
 * otherwise drops every page and swap entry: the object reads as zeroes,
 * and dontneed pages are reported lost.
 */
static void pageable_test_purge_reclaim(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, 8 * PAGE_SIZE, 0);
	unsigned long *lost = ptest_bitmap(test, 8);
	struct pageable_stats st;
	struct ptest_pin *pin;
	u8 *buf;

	ptest_fill(test, obj, 0, 8 * PAGE_SIZE);
	/* Allocates under the object's mutex: lockdep learns that order. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 2), 0);
	pageable_pageout(obj, 6, 2);

	pin = ptest_pin(test, obj, 4, 1);
	fs_reclaim_acquire(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, pageable_purge(obj), -EBUSY);
	fs_reclaim_release(GFP_KERNEL);
	ptest_unpin(test, pin, 0);

	fs_reclaim_acquire(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, pageable_purge(obj), 0);
	fs_reclaim_release(GFP_KERNEL);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
	KUNIT_EXPECT_EQ(test, st.swapped, 0);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 8, lost), 2);
	KUNIT_EXPECT_EQ(test, find_first_zero_bit(lost, 8), 2);
	buf = ptest_alloc(test, 8 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, 8 * PAGE_SIZE),
			8 * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, 8 * PAGE_SIZE));
}

static struct kunit_case pageable_dontneed_cases[] = {
	KUNIT_CASE(pageable_test_dontneed_discard),
	KUNIT_CASE(pageable_test_dontneed_partial),
	KUNIT_CASE(pageable_test_willneed_only),
	KUNIT_CASE(pageable_test_dontneed_overlap),
	KUNIT_CASE(pageable_test_dontneed_errors),
	KUNIT_CASE(pageable_test_dontneed_pageout),
	KUNIT_CASE(pageable_test_dontneed_mmap),
	KUNIT_CASE(pageable_test_dontneed_release),
	KUNIT_CASE(pageable_test_willneed_large_partial),
	KUNIT_CASE(pageable_test_shrink_progress),
	KUNIT_CASE(pageable_test_purge_reclaim),
	{}
};

static struct kunit_suite pageable_dontneed_suite = {
	.name = "pageable_dontneed",
	.suite_init = ptest_suite_init,
	.suite_exit = ptest_suite_exit,
	.init = ptest_case_init,
	.test_cases = pageable_dontneed_cases,
};

kunit_test_suite(pageable_dontneed_suite);
