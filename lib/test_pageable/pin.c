// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pageable object allocator: pin and unpin, and the
 * unevictable state they hold.
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

/* Without CONFIG_SHMEM, ramfs keeps every page of an object unevictable. */
static bool test_always_unevictable(void)
{
	return !IS_ENABLED(CONFIG_SHMEM);
}

/* pin returns the object's pages, in order, with their content. */
static void pageable_test_pin_content(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct ptest_pin *pin;
	struct pageable_stats st;
	unsigned long i;
	size_t j;

	ptest_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	pin = ptest_pin(test, obj, 1, 2);

	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 2);
	KUNIT_EXPECT_TRUE(test, st.unevictable);
	KUNIT_EXPECT_GE(test, pageable_nr_pinned_pages(), 2);

	KUNIT_EXPECT_PTR_NE(test, pin->pages[0], pin->pages[1]);
	for (i = 0; i < pin->nr; i++) {
		u8 *p;

		KUNIT_EXPECT_NE(test, page_zonenum(pin->pages[i]), ZONE_MOVABLE);
		p = kmap_local_page(pin->pages[i]);
		for (j = 0; j < PAGE_SIZE; j++)
			if (p[j] != ptest_pattern((1 + i) * PAGE_SIZE + j))
				break;
		kunmap_local(p);
		KUNIT_EXPECT_EQ_MSG(test, j, PAGE_SIZE, "page %lu", i);
	}

	ptest_unpin(test, pin, PAGEABLE_UNPIN_ACCESSED);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_EQ(test, st.unevictable, test_always_unevictable());
}

/* Every invalid pin or unpin argument gets -EINVAL. */
static void pageable_test_pin_errors(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *movable = ptest_create(test, PAGE_SIZE,
					       PAGEABLE_MOVABLE);
	struct page *pages[TEST_PAGES + 1];
	struct ptest_pin *pin;

	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, 0, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, TEST_PAGES, 1, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 1, TEST_PAGES, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, ULONG_MAX, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, 1, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(movable, 0, 1, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, 1, pages,
					       GFP_KERNEL | __GFP_HIGHMEM),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, 1, pages,
					       GFP_KERNEL | __GFP_NOFAIL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, 1, pages, GFP_NOFS),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, 1, pages, GFP_NOIO),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, 1, pages, 0), -EINVAL);
	KUNIT_EXPECT_TRUE(test, IS_ERR(pageable_vmap(movable, 0, 1,
						     PAGE_KERNEL)));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);

	pin = ptest_pin(test, obj, 0, 1);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 1, pin->pages, BIT(7)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 0, pin->pages, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 1, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 1);
	ptest_unpin(test, pin, 0);

	/* The reclaim flags of a driver's first, cheap attempt. */
	KUNIT_ASSERT_EQ(test, pageable_pin_gfp(obj, 1, 2, pages,
					       (GFP_KERNEL & ~__GFP_RECLAIM) |
					       __GFP_NORETRY | __GFP_NOWARN),
			0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 2);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 1, 2, pages, 0), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);
}

/* Nested and overlapping pins keep the object unevictable until the last. */
static void pageable_test_pin_nested(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct ptest_pin *a, *b, *c;

	a = ptest_pin(test, obj, 0, 2);
	b = ptest_pin(test, obj, 0, 2);
	c = ptest_pin(test, obj, 1, 3);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 7);
	KUNIT_EXPECT_PTR_EQ(test, a->pages[1], c->pages[0]);

	ptest_unpin(test, b, 0);
	KUNIT_EXPECT_TRUE(test, ptest_stat(obj).unevictable);
	ptest_unpin(test, a, 0);
	KUNIT_EXPECT_TRUE(test, ptest_stat(obj).unevictable);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 3);
	ptest_unpin(test, c, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).unevictable,
			test_always_unevictable());
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);
}

/* A pinned range may be unpinned in parts. */
static void pageable_test_unpin_split(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct ptest_pin *pin = ptest_pin(test, obj, 0, TEST_PAGES);

	pin->pinned = false;
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 1, pin->pages, 0), 0);
	KUNIT_EXPECT_TRUE(test, ptest_stat(obj).unevictable);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 1, TEST_PAGES - 1,
					     pin->pages + 1, 0), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).unevictable,
			test_always_unevictable());
}

enum hold { HOLD_PIN, HOLD_LOCK, HOLD_VMAP, NR_HOLDS };

static const char *const hold_names[] = { "pin", "lock", "vmap" };

static const enum hold hold_orders[][NR_HOLDS] = {
	{ HOLD_PIN, HOLD_LOCK, HOLD_VMAP },
	{ HOLD_PIN, HOLD_VMAP, HOLD_LOCK },
	{ HOLD_LOCK, HOLD_PIN, HOLD_VMAP },
	{ HOLD_LOCK, HOLD_VMAP, HOLD_PIN },
	{ HOLD_VMAP, HOLD_PIN, HOLD_LOCK },
	{ HOLD_VMAP, HOLD_LOCK, HOLD_PIN },
};

static void hold_order_desc(const enum hold (*order)[NR_HOLDS], char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "release %s, %s, %s",
		 hold_names[(*order)[0]], hold_names[(*order)[1]],
		 hold_names[(*order)[2]]);
}

KUNIT_ARRAY_PARAM(hold_order, hold_orders, hold_order_desc);

/*
 * Pin, lock and vmap never clobber each other's unevictable state: after
 * each release in any order, the object is unevictable until the last.
 */
static void pageable_test_hold_orders(struct kunit *test)
{
	const enum hold (*order)[NR_HOLDS] = test->param_value;
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct ptest_vmap *map;
	struct ptest_pin *pin;
	struct pageable_stats st;
	int i;

	KUNIT_EXPECT_FALSE(test, ptest_stat(obj).unevictable);
	pin = ptest_pin(test, obj, 0, 2);
	ptest_lock(test, obj);
	map = ptest_vmap(test, obj, 1, 2, PAGE_KERNEL);

	st = ptest_stat(obj);
	KUNIT_EXPECT_TRUE(test, st.unevictable);
	KUNIT_EXPECT_TRUE(test, st.locked);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_EQ(test, st.pinned, 4);

	for (i = 0; i < NR_HOLDS; i++) {
		switch ((*order)[i]) {
		case HOLD_PIN:
			ptest_unpin(test, pin, 0);
			break;
		case HOLD_LOCK:
			ptest_unlock(obj);
			KUNIT_EXPECT_FALSE(test, ptest_stat(obj).locked);
			break;
		case HOLD_VMAP:
			ptest_vunmap(test, map, 0);
			KUNIT_EXPECT_EQ(test, ptest_stat(obj).vmaps, 0);
			break;
		default:
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, ptest_stat(obj).unevictable,
				    i < NR_HOLDS - 1 ||
				    test_always_unevictable(),
				    "after releasing %s",
				    hold_names[(*order)[i]]);
	}
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);
}

/* Unpinning more than is pinned warns once and returns -EINVAL. */
static void pageable_test_unbalanced_unpin(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, PAGE_SIZE, 0);
	struct ptest_pin *pin = ptest_pin(test, obj, 0, 1);
	int ret;

	ptest_unpin(test, pin, 0);

	ptest_expect_warning_begin();
	ret = pageable_unpin(obj, 0, 1, pin->pages, 0);
	ptest_expect_warning_end();

	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).unevictable,
			test_always_unevictable());
}

/*
 * An object created with PAGEABLE_LARGE_FOLIOS gets large folios, even
 * though the kernel's internal tmpfs mount does not use them by default;
 * pins, reads and a swap round trip work on them page by page.
 */
static void pageable_test_large_folios(struct kunit *test)
{
	unsigned long nr = SZ_4M >> PAGE_SHIFT, i, large = 0;
	struct pageable *obj = ptest_create(test, SZ_4M, PAGEABLE_LARGE_FOLIOS);
	struct ptest_pin *pin;

	if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) ||
	    !IS_ENABLED(CONFIG_SHMEM))
		ptest_skip(test, "no transparent huge pages for tmpfs");
	ptest_fill(test, obj, 0, SZ_4M);
	pin = ptest_pin(test, obj, 0, nr);
	for (i = 0; i < nr; i++) {
		struct folio *folio = page_folio(pin->pages[i]);

		/* Page i of the object is the right page of its folio. */
		KUNIT_ASSERT_PTR_EQ(test, folio_file_page(folio, i),
				    pin->pages[i]);
		large += folio_test_large(folio);
	}
	kunit_info(test, "%lu of %lu pages in large folios\n", large, nr);
	KUNIT_EXPECT_GT(test, large, 0);
	ptest_unpin(test, pin, 0);
	ptest_check(test, obj, 0, SZ_4M);

	if (!pageable_swap_enabled())
		return;
	KUNIT_EXPECT_GT(test, pageable_pageout(obj, 0, nr), 0);
	KUNIT_EXPECT_GT(test, ptest_stat(obj).swapped, 0);
	ptest_check(test, obj, 0, SZ_4M);
}

/* Fill pinned pages through the kernel mapping, as a device would. */
static void test_fill_pinned(struct ptest_pin *pin)
{
	unsigned long i;
	size_t j;

	for (i = 0; i < pin->nr; i++) {
		u8 *p = kmap_local_page(pin->pages[i]);

		for (j = 0; j < PAGE_SIZE; j++)
			p[j] = ptest_pattern((pin->first + i) * PAGE_SIZE + j);
		kunmap_local(p);
	}
}

/*
 * Data written into pinned pages persists through swap if, and only if,
 * the range is unpinned dirty: clean pages are not written out.
 */
static void pageable_test_unpin_dirty(struct kunit *test)
{
	struct pageable *dirty = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *clean = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct ptest_pin *pin;

	pin = ptest_pin(test, dirty, 0, TEST_PAGES);
	test_fill_pinned(pin);
	ptest_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
	ptest_check(test, dirty, 0, TEST_PAGES * PAGE_SIZE);

	pin = ptest_pin(test, clean, 0, TEST_PAGES);
	test_fill_pinned(pin);
	ptest_unpin(test, pin, 0);

	if (!pageable_swap_enabled())
		ptest_skip(test, "no swap: swapon before loading the suite");

	KUNIT_EXPECT_EQ(test, pageable_pageout(dirty, 0, TEST_PAGES),
			TEST_PAGES);
	KUNIT_EXPECT_EQ(test, ptest_stat(dirty).swapped, TEST_PAGES);
	ptest_check(test, dirty, 0, TEST_PAGES * PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, pageable_pageout(clean, 0, TEST_PAGES), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(clean).swapped, 0);
}

/*
 * Unpinning a large folio with PAGEABLE_UNPIN_DIRTY dirties it unless all
 * of its pages in the range are dontneed: a dontneed first page must not
 * hide what the device wrote to the others.
 */
static void pageable_test_unpin_dirty_large(struct kunit *test)
{
	struct pageable *obj = ptest_large_object(test);
	struct ptest_pin *pin = ptest_pin(test, obj, 0, 512);
	struct folio *folio = page_folio(pin->pages[0]);

	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 1), 0);
	/* Clean, as after a writeback: only the device's writes follow. */
	folio_lock(folio);
	folio_clear_dirty_for_io(folio);
	folio_unlock(folio);
	ptest_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
	KUNIT_EXPECT_TRUE(test, ptest_folio_dirty(test, obj, 1));
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 1, NULL), 0);
}

/*
 * A hole punched under pinned pages takes them out of the object, as for
 * any tmpfs file with pinned pages: the pinner keeps its pages until it
 * unpins, and the counts come back to zero.
 */
static void pageable_test_punch_pinned(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	long pinned = pageable_nr_pinned_pages();
	struct pageable_stats st;
	struct ptest_pin *pin;
	u8 *buf;

	if (!IS_ENABLED(CONFIG_TMPFS))
		ptest_skip(test, "punching holes needs CONFIG_TMPFS");
	ptest_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	pin = ptest_pin(test, obj, 0, 2);
	KUNIT_ASSERT_EQ(test, vfs_fallocate(pageable_file(obj, NULL),
					    FALLOC_FL_PUNCH_HOLE |
					    FALLOC_FL_KEEP_SIZE,
					    0, PAGE_SIZE), 0);
	/* The device still writes its page. */
	memset(page_address(pin->pages[0]), 0x77, PAGE_SIZE);
	ptest_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_FALSE(test, st.unevictable);
	KUNIT_EXPECT_EQ(test, pageable_nr_pinned_pages(), pinned);

	buf = ptest_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, PAGE_SIZE), PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, PAGE_SIZE));
	ptest_check(test, obj, PAGE_SIZE, 3 * PAGE_SIZE);
}

/* The zone of the page at @index of @obj's page cache, or -1. */
static int test_cache_zone(struct pageable *obj, pgoff_t index)
{
	struct file *file = pageable_file(obj, NULL);
	struct folio *folio;
	int zone;

	if (IS_ERR(file))
		return -1;
	/* The file is the object's: no reference to drop. */
	folio = filemap_get_folio(file->f_mapping, index);
	if (IS_ERR(folio))
		return -1;
	zone = folio_zonenum(folio);
	folio_put(folio);
	return zone;
}

/*
 * Pins are what mm calls pins: folio_maybe_dma_pinned() sees them.  And
 * they are long-term pins: a folio in %ZONE_MOVABLE, here one of a
 * PAGEABLE_MOVABLE object that a user mapping comes to hold, is
 * migrated out before it is held, as FOLL_LONGTERM does.  The harness
 * boots with movablecore= so that there is a %ZONE_MOVABLE.
 */
static void pageable_test_pin_longterm(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *movable;
	struct ptest_pin *pin;
	unsigned long addr;
	u8 byte;

	pin = ptest_pin(test, obj, 0, 2);
	KUNIT_EXPECT_TRUE(test,
			  folio_maybe_dma_pinned(page_folio(pin->pages[1])));
	ptest_unpin(test, pin, 0);

	movable = ptest_create(test, TEST_PAGES * PAGE_SIZE, PAGEABLE_MOVABLE);
	ptest_fill(test, movable, 0, TEST_PAGES * PAGE_SIZE);
	if (test_cache_zone(movable, 0) != ZONE_MOVABLE)
		ptest_skip(test, "no ZONE_MOVABLE: boot with movablecore=");
	addr = kunit_vm_mmap(test, ptest_driver_file(test, movable), 0,
			     PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(0));
	KUNIT_EXPECT_EQ(test, ptest_stat(movable).held, 1);
	KUNIT_EXPECT_NE(test, test_cache_zone(movable, 0), ZONE_MOVABLE);
}

static struct kunit_case pageable_pin_cases[] = {
	KUNIT_CASE(pageable_test_pin_content),
	KUNIT_CASE(pageable_test_pin_errors),
	KUNIT_CASE(pageable_test_pin_nested),
	KUNIT_CASE(pageable_test_unpin_split),
	KUNIT_CASE_PARAM(pageable_test_hold_orders, hold_order_gen_params),
	KUNIT_CASE(pageable_test_unbalanced_unpin),
	KUNIT_CASE(pageable_test_large_folios),
	KUNIT_CASE(pageable_test_unpin_dirty),
	KUNIT_CASE(pageable_test_unpin_dirty_large),
	KUNIT_CASE(pageable_test_punch_pinned),
	KUNIT_CASE(pageable_test_pin_longterm),
	{}
};

static struct kunit_suite pageable_pin_suite = {
	.name = "pageable_pin",
	.suite_init = ptest_suite_init,
	.suite_exit = ptest_suite_exit,
	.test_cases = pageable_pin_cases,
};

kunit_test_suite(pageable_pin_suite);
