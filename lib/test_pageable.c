// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pageable object allocator (mm/pageable.c).
 *
 * The swap cases run only when swap is active (load the suite as a module
 * after swapon); without swap they are skipped with a reason.  Deliberate
 * warnings are bracketed by "pageable-test: expect WARNING begin/end" so a
 * harness can tell them from real ones.
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

#include "../mm/pageable.h"

#define TEST_PAGES	4

static struct pageable *suite_obj;
/* The memory cgroup of the task that loaded the suite. */
static struct mem_cgroup *suite_memcg;

/* memory.max of @memcg, and its usage, in pages. */
#ifdef CONFIG_MEMCG
static unsigned long test_memcg_max(struct mem_cgroup *memcg)
{
	return READ_ONCE(memcg->memory.max);
}

static unsigned long test_memcg_usage(struct mem_cgroup *memcg)
{
	return page_counter_read(&memcg->memory);
}

/* root_mem_cgroup is not exported to modules. */
static bool test_memcg_is_root(struct mem_cgroup *memcg)
{
	return !memcg->css.parent;
}

/* What the per-CPU charge stocks may hold back from memcg->memory. */
static unsigned long test_memcg_slack(void)
{
	return 2 * MEMCG_CHARGE_BATCH * num_online_cpus();
}
#else
static unsigned long test_memcg_max(struct mem_cgroup *memcg)
{
	return ULONG_MAX;
}

static unsigned long test_memcg_usage(struct mem_cgroup *memcg)
{
	return 0;
}

static bool test_memcg_is_root(struct mem_cgroup *memcg)
{
	return true;
}

static unsigned long test_memcg_slack(void)
{
	return 0;
}
#endif

KUNIT_DEFINE_ACTION_WRAPPER(pageable_put_action, pageable_put,
			    struct pageable *);

/*
 * kunit_skip() overwrites the status of the case: do not let it hide an
 * expectation that failed before it.
 */
static void test_skip(struct kunit *test, const char *reason)
{
	if (READ_ONCE(test->status) == KUNIT_FAILURE)
		KUNIT_FAIL_AND_ABORT(test, "%s", reason);
	kunit_skip(test, "%s", reason);
}

static void expect_warning_begin(void)
{
	pr_info("pageable-test: expect WARNING begin\n");
}

static void expect_warning_end(void)
{
	pr_info("pageable-test: expect WARNING end\n");
}

/* Without CONFIG_SHMEM, ramfs keeps every page of an object unevictable. */
static bool test_always_unevictable(void)
{
	return !IS_ENABLED(CONFIG_SHMEM);
}

/* Create an object that is put when the test ends, whatever happens. */
static struct pageable *test_create(struct kunit *test, u64 size,
				    unsigned int flags)
{
	struct pageable *obj = pageable_create(size, flags);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, pageable_put_action,
						  obj));
	return obj;
}

static ssize_t test_write(struct pageable *obj, loff_t pos, const void *buf,
			  size_t len)
{
	struct kvec kvec = { .iov_base = (void *)buf, .iov_len = len };
	struct iov_iter iter;

	iov_iter_kvec(&iter, ITER_SOURCE, &kvec, 1, len);
	return pageable_write(obj, pos, &iter, PAGEABLE_INTENT_CPU);
}

static ssize_t test_read(struct pageable *obj, loff_t pos, void *buf,
			 size_t len)
{
	struct kvec kvec = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;

	iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, len);
	return pageable_read(obj, pos, &iter, PAGEABLE_INTENT_CPU);
}

static u8 pattern(loff_t pos)
{
	return (pos * 7 + (pos >> PAGE_SHIFT) + 1) & 0xff;
}

KUNIT_DEFINE_ACTION_WRAPPER(kvfree_action, kvfree, const void *);

/* A zeroed buffer (vmalloc for large ones) freed when the test ends. */
static void *test_alloc(struct kunit *test, size_t size)
{
	void *p = kvzalloc(size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, kvfree_action,
							   p));
	return p;
}

static void test_free(struct kunit *test, void *p)
{
	kunit_release_action(test, kvfree_action, p);
}

/* Fill [pos, pos + len) with pattern(). */
static void test_fill(struct kunit *test, struct pageable *obj, loff_t pos,
		      size_t len)
{
	u8 *buf = test_alloc(test, len);
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = pattern(pos + i);
	KUNIT_ASSERT_EQ(test, test_write(obj, pos, buf, len), (ssize_t)len);
	test_free(test, buf);
}

/* Check that [pos, pos + len) holds pattern(), byte by byte. */
static void test_check(struct kunit *test, struct pageable *obj, loff_t pos,
		       size_t len)
{
	u8 *buf = test_alloc(test, len);
	size_t i;

	KUNIT_ASSERT_EQ(test, test_read(obj, pos, buf, len), (ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i], pattern(pos + i),
				    "offset %lld", pos + i);
	test_free(test, buf);
}

static struct pageable_stats test_stat(struct pageable *obj)
{
	struct pageable_stats st;

	pageable_stat(obj, &st);
	return st;
}

/* A pin that is released when the test ends if the test did not. */
struct test_pin {
	struct pageable *obj;
	pgoff_t first;
	unsigned long nr;
	struct page **pages;
	bool pinned;
};

static void test_pin_cleanup(void *data)
{
	struct test_pin *pin = data;

	if (pin->pinned)
		pageable_unpin(pin->obj, pin->first, pin->nr, pin->pages, 0);
}

static struct test_pin *test_pin(struct kunit *test, struct pageable *obj,
				 pgoff_t first, unsigned long nr)
{
	struct test_pin *pin = test_alloc(test, sizeof(*pin));

	pin->obj = obj;
	pin->first = first;
	pin->nr = nr;
	pin->pages = test_alloc(test, nr * sizeof(*pin->pages));
	KUNIT_ASSERT_EQ(test, pageable_pin(obj, first, nr, pin->pages), 0);
	pin->pinned = true;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   test_pin_cleanup,
							   pin));
	return pin;
}

static void test_unpin(struct kunit *test, struct test_pin *pin,
		       unsigned int flags)
{
	KUNIT_ASSERT_TRUE(test, pin->pinned);
	pin->pinned = false;
	KUNIT_EXPECT_EQ(test, pageable_unpin(pin->obj, pin->first, pin->nr,
					     pin->pages, flags), 0);
}

/* A vmap that is undone when the test ends if the test did not. */
struct test_vmap {
	struct pageable *obj;
	void *vaddr;
};

static void test_vmap_cleanup(void *data)
{
	struct test_vmap *map = data;

	if (map->vaddr)
		pageable_vunmap(map->obj, map->vaddr, 0);
}

static struct test_vmap *test_vmap(struct kunit *test, struct pageable *obj,
				   pgoff_t first, unsigned long nr,
				   pgprot_t prot)
{
	struct test_vmap *map = test_alloc(test, sizeof(*map));
	void *vaddr;

	map->obj = obj;
	vaddr = pageable_vmap(obj, first, nr, prot);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vaddr);
	map->vaddr = vaddr;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   test_vmap_cleanup,
							   map));
	return map;
}

static void test_vunmap(struct kunit *test, struct test_vmap *map,
			unsigned int flags)
{
	void *vaddr = map->vaddr;

	map->vaddr = NULL;
	KUNIT_EXPECT_EQ(test, pageable_vunmap(map->obj, vaddr, flags), 0);
}

static void test_unlock_cleanup(void *data)
{
	struct pageable *obj = data;

	pageable_unlock(obj);
	pageable_rescue_evictable(obj);
}

static void test_lock(struct kunit *test, struct pageable *obj)
{
	KUNIT_ASSERT_EQ(test, pageable_lock(obj, current_ucounts()), 0);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   test_unlock_cleanup,
							   obj));
}

static void test_unlock(struct pageable *obj)
{
	pageable_unlock(obj);
	pageable_rescue_evictable(obj);
}

struct size_case {
	const char *name;
	u64 size;
};

static const struct size_case size_cases[] = {
	{ "1 byte", 1 },
	{ "page - 1", PAGE_SIZE - 1 },
	{ "page", PAGE_SIZE },
	{ "page + 1", PAGE_SIZE + 1 },
	{ "3 pages + 5", 3 * PAGE_SIZE + 5 },
	{ "1 TiB", 1ULL << 40 },
	{ "largest", MAX_LFS_FILESIZE },
};

static void size_case_desc(const struct size_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(size, size_cases, size_case_desc);

/*
 * An object has the size it was created with, in bytes, and pages up to
 * the page that holds its last byte; huge lazy objects cost nothing.
 */
static void pageable_test_create_sizes(struct kunit *test)
{
	const struct size_case *c = test->param_value;
	struct pageable *obj = test_create(test, c->size, PAGEABLE_NORESERVE);
	struct pageable_stats st = test_stat(obj);
	pgoff_t last = (c->size - 1) >> PAGE_SHIFT;

	KUNIT_EXPECT_EQ(test, pageable_size(obj), c->size);
	KUNIT_EXPECT_EQ(test, st.size, c->size);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, last, 1), 0);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, last + 1, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
	KUNIT_EXPECT_FALSE(test, st.has_inode);
}

/*
 * An object of 0 bytes is empty, as a tmpfs file of 0 bytes: no range is
 * valid in it.
 */
static void pageable_test_create_zero(struct kunit *test)
{
	struct pageable *obj = test_create(test, 0, 0);
	struct page *page;
	u8 byte = 0;

	KUNIT_EXPECT_EQ(test, pageable_size(obj), 0);
	KUNIT_EXPECT_EQ(test, test_read(obj, 0, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, test_write(obj, 0, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, 1, &page), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 0, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_purge(obj), 0);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, pageable_file(obj, NULL));

	obj = test_create(test, 0, PAGEABLE_NORESERVE);
	KUNIT_EXPECT_EQ(test, pageable_size(obj), 0);
}

/* Unknown flags and impossible combinations are refused. */
static void pageable_test_create_bad_flags(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(pageable_create(PAGE_SIZE, BIT(31))),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(pageable_create(PAGE_SIZE, BIT(4))),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(pageable_create(PAGE_SIZE, PAGEABLE_DMA32 |
						PAGEABLE_MOVABLE)),
			-EINVAL);
}

/* Sizes beyond MAX_LFS_FILESIZE, including ones that overflow, are EFBIG. */
static void pageable_test_create_too_big(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(pageable_create((u64)MAX_LFS_FILESIZE + 1,
						PAGEABLE_NORESERVE)),
			-EFBIG);
	KUNIT_EXPECT_EQ(test, PTR_ERR(pageable_create(U64_MAX,
						      PAGEABLE_NORESERVE)),
			-EFBIG);
}

/*
 * An untouched object has no pages and no inode, and costs one small slab
 * object.  Reading it returns zeroes and still allocates nothing.
 */
static void pageable_test_untouched(struct kunit *test)
{
	struct pageable *obj = test_create(test, 2 * PAGE_SIZE,
					   PAGEABLE_NORESERVE);
	u8 *buf = test_alloc(test, 2 * PAGE_SIZE);
	struct pageable_stats st;
	size_t i;

	kunit_info(test, "slab object size %zu bytes\n",
		   sizeof(struct pageable));
	/* Lock debugging and KASAN make the object larger. */
	if (!IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) && !IS_ENABLED(CONFIG_KASAN))
		KUNIT_EXPECT_LT(test, sizeof(struct pageable), 256);

	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
	KUNIT_EXPECT_EQ(test, st.swapped, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_FALSE(test, st.has_inode);

	memset(buf, 0xaa, 2 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, 2 * PAGE_SIZE),
			(ssize_t)(2 * PAGE_SIZE));
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], 0);
	st = test_stat(obj);
	KUNIT_EXPECT_FALSE(test, st.has_inode);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
}

/* Data written at unaligned offsets reads back byte by byte. */
static void pageable_test_write_read_unaligned(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t size = TEST_PAGES * PAGE_SIZE;
	loff_t start = PAGE_SIZE - 3;
	size_t len = 2 * PAGE_SIZE + 7;
	u8 *buf = test_alloc(test, size);
	loff_t pos;
	size_t i;

	test_fill(test, obj, start, len);

	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, size), (ssize_t)size);
	for (i = 0; i < size; i++) {
		u8 want = (i >= start && i < start + len) ? pattern(i) : 0;

		KUNIT_ASSERT_EQ_MSG(test, buf[i], want, "offset %zu", i);
	}

	/* Odd-sized reads at odd offsets. */
	for (pos = start; pos < start + len; pos += 13) {
		size_t n = min_t(size_t, 13, start + len - pos);

		KUNIT_ASSERT_EQ(test, test_read(obj, pos, buf, n), (ssize_t)n);
		for (i = 0; i < n; i++)
			KUNIT_ASSERT_EQ(test, buf[i], pattern(pos + i));
	}
}

/* Holes read as zeroes and are not allocated. */
static void pageable_test_read_hole(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE,
					   PAGEABLE_NORESERVE);
	u8 *buf = test_alloc(test, PAGE_SIZE);
	u8 one = 0x5a;
	pgoff_t index;
	size_t i;

	KUNIT_ASSERT_EQ(test, test_write(obj, 2 * PAGE_SIZE + 100, &one, 1), 1);
	KUNIT_EXPECT_EQ(test, test_stat(obj).resident, 1);

	for (index = 0; index < TEST_PAGES; index++) {
		memset(buf, 0xff, PAGE_SIZE);
		KUNIT_ASSERT_EQ(test, test_read(obj, index * PAGE_SIZE, buf,
						PAGE_SIZE),
				(ssize_t)PAGE_SIZE);
		for (i = 0; i < PAGE_SIZE; i++) {
			u8 want = (index == 2 && i == 100) ? one : 0;

			KUNIT_ASSERT_EQ(test, buf[i], want);
		}
	}
	KUNIT_EXPECT_EQ(test, test_stat(obj).resident, 1);
}

/* I/O stops at the end of the object; starting beyond it is an error. */
static void pageable_test_io_bounds(struct kunit *test)
{
	struct pageable *obj = test_create(test, PAGE_SIZE, 0);
	loff_t size = PAGE_SIZE;
	u8 buf[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct kvec kvec = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct iov_iter iter;

	KUNIT_EXPECT_EQ(test, test_write(obj, -1, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_read(obj, -1, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_write(obj, size + 1, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_read(obj, size + 1, buf, 1), -EINVAL);
	iov_iter_kvec(&iter, ITER_SOURCE, &kvec, 1, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pageable_write(obj, 0, &iter, 2), -EINVAL);
	iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pageable_read(obj, 0, &iter, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_write(obj, size, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, test_read(obj, size, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, test_write(obj, size - 4, buf, sizeof(buf)), 4);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, test_read(obj, size - 4, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_EQ(test, buf[0], 1);
	KUNIT_EXPECT_EQ(test, buf[3], 4);
	KUNIT_EXPECT_EQ(test, buf[4], 0);

	/* I/O ends at the size, not at the end of the last page. */
	obj = test_create(test, 100, 0);
	KUNIT_EXPECT_EQ(test, test_write(obj, 96, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_EQ(test, test_write(obj, 100, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, test_write(obj, 101, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_read(obj, 100, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, test_read(obj, 96, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_EQ(test, test_stat(obj).resident, 1);
}

/* pin returns the object's pages, in order, with their content. */
static void pageable_test_pin_content(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_pin *pin;
	struct pageable_stats st;
	unsigned long i;
	size_t j;

	test_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	pin = test_pin(test, obj, 1, 2);

	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 2);
	KUNIT_EXPECT_TRUE(test, st.unevictable);
	KUNIT_EXPECT_GE(test, pageable_nr_pinned_pages(), 2);

	KUNIT_EXPECT_PTR_NE(test, pin->pages[0], pin->pages[1]);
	for (i = 0; i < pin->nr; i++) {
		u8 *p;

		KUNIT_EXPECT_NE(test, page_zonenum(pin->pages[i]), ZONE_MOVABLE);
		p = kmap_local_page(pin->pages[i]);
		for (j = 0; j < PAGE_SIZE; j++)
			if (p[j] != pattern((1 + i) * PAGE_SIZE + j))
				break;
		kunmap_local(p);
		KUNIT_EXPECT_EQ_MSG(test, j, PAGE_SIZE, "page %lu", i);
	}

	test_unpin(test, pin, PAGEABLE_UNPIN_ACCESSED);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_EQ(test, st.unevictable, test_always_unevictable());
}

/* Every invalid pin or unpin argument gets -EINVAL. */
static void pageable_test_pin_errors(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *movable = test_create(test, PAGE_SIZE,
					       PAGEABLE_MOVABLE);
	struct page *pages[TEST_PAGES + 1];
	struct test_pin *pin;

	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, 0, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, TEST_PAGES, 1, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 1, TEST_PAGES, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, ULONG_MAX, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, 1, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin(movable, 0, 1, pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, 1, pages, __GFP_FS),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, 1, pages, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_TRUE(test, IS_ERR(pageable_vmap(movable, 0, 1,
						     PAGE_KERNEL)));
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);

	pin = test_pin(test, obj, 0, 1);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 1, pin->pages, BIT(7)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 0, pin->pages, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 1, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 1);
	test_unpin(test, pin, 0);

	/* The reclaim flags of a driver's first, cheap attempt. */
	KUNIT_ASSERT_EQ(test, pageable_pin_gfp(obj, 1, 2, pages,
					       __GFP_NORETRY | __GFP_NOWARN),
			0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 2);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 1, 2, pages, 0), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);
}

/* Nested and overlapping pins keep the object unevictable until the last. */
static void pageable_test_pin_nested(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_pin *a, *b, *c;

	a = test_pin(test, obj, 0, 2);
	b = test_pin(test, obj, 0, 2);
	c = test_pin(test, obj, 1, 3);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 7);
	KUNIT_EXPECT_PTR_EQ(test, a->pages[1], c->pages[0]);

	test_unpin(test, b, 0);
	KUNIT_EXPECT_TRUE(test, test_stat(obj).unevictable);
	test_unpin(test, a, 0);
	KUNIT_EXPECT_TRUE(test, test_stat(obj).unevictable);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 3);
	test_unpin(test, c, 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).unevictable,
			test_always_unevictable());
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);
}

/* A pinned range may be unpinned in parts. */
static void pageable_test_unpin_split(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_pin *pin = test_pin(test, obj, 0, TEST_PAGES);

	pin->pinned = false;
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, 1, pin->pages, 0), 0);
	KUNIT_EXPECT_TRUE(test, test_stat(obj).unevictable);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 1, TEST_PAGES - 1,
					     pin->pages + 1, 0), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).unevictable,
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
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_vmap *map;
	struct test_pin *pin;
	struct pageable_stats st;
	int i;

	KUNIT_EXPECT_FALSE(test, test_stat(obj).unevictable);
	pin = test_pin(test, obj, 0, 2);
	test_lock(test, obj);
	map = test_vmap(test, obj, 1, 2, PAGE_KERNEL);

	st = test_stat(obj);
	KUNIT_EXPECT_TRUE(test, st.unevictable);
	KUNIT_EXPECT_TRUE(test, st.locked);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_EQ(test, st.pinned, 4);

	for (i = 0; i < NR_HOLDS; i++) {
		switch ((*order)[i]) {
		case HOLD_PIN:
			test_unpin(test, pin, 0);
			break;
		case HOLD_LOCK:
			test_unlock(obj);
			KUNIT_EXPECT_FALSE(test, test_stat(obj).locked);
			break;
		case HOLD_VMAP:
			test_vunmap(test, map, 0);
			KUNIT_EXPECT_EQ(test, test_stat(obj).vmaps, 0);
			break;
		default:
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, test_stat(obj).unevictable,
				    i < NR_HOLDS - 1 ||
				    test_always_unevictable(),
				    "after releasing %s",
				    hold_names[(*order)[i]]);
	}
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);
}

/* Unpinning more than is pinned warns once and returns -EINVAL. */
static void pageable_test_unbalanced_unpin(struct kunit *test)
{
	struct pageable *obj = test_create(test, PAGE_SIZE, 0);
	struct test_pin *pin = test_pin(test, obj, 0, 1);
	int ret;

	test_unpin(test, pin, 0);

	expect_warning_begin();
	ret = pageable_unpin(obj, 0, 1, pin->pages, 0);
	expect_warning_end();

	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).unevictable,
			test_always_unevictable());
}

/* A write-back vmap shows the object's data, and writes through it stick. */
static void pageable_test_vmap_wb(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = 2 * PAGE_SIZE;
	struct test_vmap *map;
	u8 *vaddr;
	size_t i;

	test_fill(test, obj, PAGE_SIZE, len);
	map = test_vmap(test, obj, 1, 2, PAGE_KERNEL);
	vaddr = map->vaddr;
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, vaddr[i], pattern(PAGE_SIZE + i));

	for (i = 0; i < len; i++)
		vaddr[i] = pattern(3 * PAGE_SIZE + i);
	test_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, 0), -EINVAL);

	vaddr = test_alloc(test, len);
	KUNIT_ASSERT_EQ(test, test_read(obj, PAGE_SIZE, vaddr, len),
			(ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, vaddr[i], pattern(3 * PAGE_SIZE + i));
}

static void test_vmap_caching(struct kunit *test, pgprot_t prot)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct test_vmap *map;
	u8 *vaddr, *buf;
	size_t i;

	test_fill(test, obj, 0, len);
	map = test_vmap(test, obj, 0, TEST_PAGES, prot);
	vaddr = map->vaddr;
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, vaddr[i], pattern(i));
	for (i = 0; i < len; i++)
		vaddr[i] = ~pattern(i);
	test_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);

	buf = test_alloc(test, len);
	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, len), (ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, buf[i], (u8)~pattern(i));

	/* The linear map is write-back again: a second vmap works. */
	map = test_vmap(test, obj, 0, TEST_PAGES, prot);
	test_vunmap(test, map, 0);
}

/* Write-combined vmaps work (x86 changes the linear map and restores it). */
static void pageable_test_vmap_wc(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	test_vmap_caching(test, pgprot_writecombine(PAGE_KERNEL));
}

/* Uncached vmaps work too. */
static void pageable_test_vmap_uc(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	test_vmap_caching(test, pgprot_noncached(PAGE_KERNEL));
}

/*
 * Drivers vunmap from their shrinkers, which must not wait for the
 * object's mutex: with the mutex busy, pageable_vunmap() returns at once
 * with the mapping gone, and a worker unpins the pages, with their caching
 * restored or kept and the data written through the mapping, once the
 * mutex is free; or the next user of the mutex does, before it looks at
 * the object's mappings.
 */
static void pageable_test_vunmap_busy(struct kunit *test)
{
	pgprot_t prot = IS_ENABLED(CONFIG_X86) ?
			pgprot_writecombine(PAGE_KERNEL) : PAGE_KERNEL;
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t i, len = TEST_PAGES * PAGE_SIZE;
	struct pageable_stats st;
	struct test_vmap *map;
	unsigned int waited;
	u8 *vaddr, *buf;

	test_fill(test, obj, 0, len);
	vaddr = pageable_vmap(obj, 0, TEST_PAGES, prot);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vaddr);
	for (i = 0; i < len; i++)
		vaddr[i] = ~pattern(i);

	mutex_lock(&obj->mutex);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, PAGEABLE_UNPIN_DIRTY),
			0);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_EQ(test, st.pinned, TEST_PAGES);
	/* Gone for the caller already. */
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, 0), -EINVAL);
	mutex_unlock(&obj->mutex);

	/* The worker. */
	for (waited = 0; waited < 10000; waited += 20) {
		st = test_stat(obj);
		if (!st.vmaps && !st.pinned)
			break;
		msleep(20);
	}
	KUNIT_EXPECT_EQ(test, st.vmaps, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	buf = test_alloc(test, len);
	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, len), (ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, buf[i], (u8)~pattern(i));

	/*
	 * The next user of the mutex: a write-back vmap, which the pages
	 * of the write-combined one would refuse, works at once.
	 */
	vaddr = pageable_vmap(obj, 0, TEST_PAGES, prot);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vaddr);
	mutex_lock(&obj->mutex);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, 0), 0);
	mutex_unlock(&obj->mutex);
	map = test_vmap(test, obj, 0, TEST_PAGES, PAGE_KERNEL);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_EQ(test, st.pinned, TEST_PAGES);
	test_vunmap(test, map, 0);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.vmaps, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
}

/*
 * After a write-combined vmap goes, its pages stay pinned and write-
 * combined until the shrinker releases them, so that the next
 * write-combined vmap switches nothing; a vmap of another caching lets
 * them go at once.
 */
static void pageable_test_vmap_wc_kept(struct kunit *test)
{
	pgprot_t wc = pgprot_writecombine(PAGE_KERNEL);
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_vmap *map;
	struct pageable_stats st;
	u8 *p;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	if (pgprot_val(wc) == pgprot_val(pgprot_noncached(PAGE_KERNEL)))
		test_skip(test, "no PAT: write-combining falls back to uncached");
	test_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	map = test_vmap(test, obj, 0, TEST_PAGES, wc);
	p = map->vaddr;
	p[PAGE_SIZE] = 0x11;
	test_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, TEST_PAGES);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	/* x86 PAT refuses to switch a page twice: this shows none was. */
	map = test_vmap(test, obj, 1, 2, wc);
	p = map->vaddr;
	KUNIT_EXPECT_EQ(test, p[0], 0x11);
	test_vunmap(test, map, 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES);

	/* Reclaim gets them back: write-back, unpinned, evictable. */
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), TEST_PAGES);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	map = test_vmap(test, obj, 0, 2, PAGE_KERNEL);
	p = map->vaddr;
	KUNIT_EXPECT_EQ(test, p[PAGE_SIZE], 0x11);
	test_vunmap(test, map, 0);

	/* Kept again, then let go by an uncached vmap of the same pages. */
	map = test_vmap(test, obj, 2, 2, wc);
	test_vunmap(test, map, 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 2);
	map = test_vmap(test, obj, 3, 1, pgprot_noncached(PAGE_KERNEL));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);
	test_vunmap(test, map, 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 1);
}

/*
 * Write-combined vmaps of overlapping ranges share the caching change of
 * the linear map, which each page keeps until the last of them goes;
 * vmaps of another caching over those pages are refused.  x86 PAT itself
 * refuses to switch a page twice, so every success below also shows that
 * the count is right.
 */
static void pageable_test_vmap_overlap(struct kunit *test)
{
	pgprot_t wc = pgprot_writecombine(PAGE_KERNEL);
	pgprot_t uc = pgprot_noncached(PAGE_KERNEL);
	struct pageable *obj = test_create(test, 6 * PAGE_SIZE, 0);
	struct test_vmap *a, *b, *c;
	u8 *p;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	if (pgprot_val(wc) == pgprot_val(uc))
		test_skip(test, "no PAT: write-combining falls back to uncached");
	test_fill(test, obj, 0, 6 * PAGE_SIZE);
	a = test_vmap(test, obj, 0, 4, wc);
	b = test_vmap(test, obj, 2, 4, wc);
	KUNIT_EXPECT_EQ(test, test_stat(obj).vmaps, 2);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 8);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 3, 1, uc),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 5, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 8);

	/* Pages 0 and 1 are write-back again, pages 2 to 5 still not. */
	test_vunmap(test, a, 0);
	p = b->vaddr;
	KUNIT_EXPECT_EQ(test, p[0], pattern(2 * PAGE_SIZE));
	c = test_vmap(test, obj, 0, 2, uc);
	test_vunmap(test, c, 0);
	c = test_vmap(test, obj, 0, 2, PAGE_KERNEL);
	test_vunmap(test, c, 0);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 1, 2, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));

	/* All write-back again: an uncached vmap of everything works. */
	test_vunmap(test, b, 0);
	c = test_vmap(test, obj, 0, 6, uc);
	test_vunmap(test, c, 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);
}

/*
 * An object created with PAGEABLE_LARGE_FOLIOS gets large folios, even
 * though the kernel's internal tmpfs mount does not use them by default;
 * pins, reads and a swap round trip work on them page by page.
 */
static void pageable_test_large_folios(struct kunit *test)
{
	unsigned long nr = SZ_4M >> PAGE_SHIFT, i, large = 0;
	struct pageable *obj = test_create(test, SZ_4M, PAGEABLE_LARGE_FOLIOS);
	struct test_pin *pin;

	if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) ||
	    !IS_ENABLED(CONFIG_SHMEM))
		test_skip(test, "no transparent huge pages for tmpfs");
	test_fill(test, obj, 0, SZ_4M);
	pin = test_pin(test, obj, 0, nr);
	for (i = 0; i < nr; i++) {
		struct folio *folio = page_folio(pin->pages[i]);

		/* Page i of the object is the right page of its folio. */
		KUNIT_ASSERT_PTR_EQ(test, folio_file_page(folio, i),
				    pin->pages[i]);
		large += folio_test_large(folio);
	}
	kunit_info(test, "%lu of %lu pages in large folios\n", large, nr);
	KUNIT_EXPECT_GT(test, large, 0);
	test_unpin(test, pin, 0);
	test_check(test, obj, 0, SZ_4M);

	if (!pageable_swap_enabled())
		return;
	KUNIT_EXPECT_GT(test, pageable_pageout(obj, 0, nr), 0);
	KUNIT_EXPECT_GT(test, test_stat(obj).swapped, 0);
	test_check(test, obj, 0, SZ_4M);
}

/* Fill pinned pages through the kernel mapping, as a device would. */
static void test_fill_pinned(struct test_pin *pin)
{
	unsigned long i;
	size_t j;

	for (i = 0; i < pin->nr; i++) {
		u8 *p = kmap_local_page(pin->pages[i]);

		for (j = 0; j < PAGE_SIZE; j++)
			p[j] = pattern((pin->first + i) * PAGE_SIZE + j);
		kunmap_local(p);
	}
}

/*
 * Data written into pinned pages persists through swap if, and only if,
 * the range is unpinned dirty: clean pages are not written out.
 */
static void pageable_test_unpin_dirty(struct kunit *test)
{
	struct pageable *dirty = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *clean = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_pin *pin;

	pin = test_pin(test, dirty, 0, TEST_PAGES);
	test_fill_pinned(pin);
	test_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
	test_check(test, dirty, 0, TEST_PAGES * PAGE_SIZE);

	pin = test_pin(test, clean, 0, TEST_PAGES);
	test_fill_pinned(pin);
	test_unpin(test, pin, 0);

	if (!pageable_swap_enabled())
		test_skip(test, "no swap: swapon before loading the suite");

	KUNIT_EXPECT_EQ(test, pageable_pageout(dirty, 0, TEST_PAGES),
			TEST_PAGES);
	KUNIT_EXPECT_EQ(test, test_stat(dirty).swapped, TEST_PAGES);
	test_check(test, dirty, 0, TEST_PAGES * PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, pageable_pageout(clean, 0, TEST_PAGES), 0);
	KUNIT_EXPECT_EQ(test, test_stat(clean).swapped, 0);
}

#define SWAP_PAGES	64

static unsigned long test_pswpout(struct kunit *test)
{
	unsigned long *events;
	unsigned long ret;

	events = test_alloc(test, NR_VM_EVENT_ITEMS * sizeof(*events));
	all_vm_events(events);
	ret = events[PSWPOUT];
	test_free(test, events);
	return ret;
}

/*
 * pageout writes the object to swap (stat and PSWPOUT show it) and reading
 * brings back every byte.
 */
static void pageable_test_pageout_roundtrip(struct kunit *test)
{
	struct pageable *obj = test_create(test, SWAP_PAGES * PAGE_SIZE, 0);
	unsigned long pswpout;
	struct pageable_stats st;
	long written;

	if (!pageable_swap_enabled())
		test_skip(test, "no swap: swapon before loading the suite");

	test_fill(test, obj, 0, SWAP_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_stat(obj).resident, SWAP_PAGES);

	pswpout = test_pswpout(test);
	written = pageable_pageout(obj, 0, SWAP_PAGES);
	KUNIT_EXPECT_EQ(test, written, SWAP_PAGES);

	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.swapped, SWAP_PAGES);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
	if (IS_ENABLED(CONFIG_VM_EVENT_COUNTERS) && !IS_ENABLED(CONFIG_ZSWAP))
		KUNIT_EXPECT_GE(test, test_pswpout(test) - pswpout, SWAP_PAGES);

	test_check(test, obj, 0, SWAP_PAGES * PAGE_SIZE);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.swapped, 0);
	KUNIT_EXPECT_EQ(test, st.resident, SWAP_PAGES);

	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, SWAP_PAGES, 1), -EINVAL);
}

/* pageout leaves pinned pages and locked objects alone. */
static void pageable_test_pageout_skips(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_pin *pin;
	long written;
	size_t j;
	u8 *p;

	test_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	if (!pageable_swap_enabled()) {
		KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, TEST_PAGES), 0);
		test_skip(test, "no swap: swapon before loading the suite");
	}

	pin = test_pin(test, obj, 0, 1);
	written = pageable_pageout(obj, 0, TEST_PAGES);
	KUNIT_EXPECT_LT(test, written, TEST_PAGES);
	KUNIT_EXPECT_EQ(test, test_stat(obj).swapped, written);
	KUNIT_EXPECT_GE(test, test_stat(obj).resident, 1);
	p = kmap_local_page(pin->pages[0]);
	for (j = 0; j < PAGE_SIZE; j++)
		if (p[j] != pattern(j))
			break;
	kunmap_local(p);
	KUNIT_EXPECT_EQ(test, j, PAGE_SIZE);
	test_unpin(test, pin, 0);
	test_check(test, obj, 0, TEST_PAGES * PAGE_SIZE);

	test_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	test_lock(test, obj);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, TEST_PAGES), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).swapped, 0);
	test_unlock(obj);
}

/*
 * lock is idempotent, makes the object unevictable (also when it happens
 * before the object has pages) and unlock undoes it.
 */
static void pageable_test_lock(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable_stats st;

	KUNIT_EXPECT_EQ(test, pageable_lock(obj, NULL), -EINVAL);

	test_lock(test, obj);
	KUNIT_EXPECT_EQ(test, pageable_lock(obj, current_ucounts()), 0);
	st = test_stat(obj);
	KUNIT_EXPECT_TRUE(test, st.locked);
	KUNIT_EXPECT_TRUE(test, st.unevictable);
	KUNIT_EXPECT_FALSE(test, st.has_inode);

	test_fill(test, obj, 0, PAGE_SIZE);
	st = test_stat(obj);
	KUNIT_EXPECT_TRUE(test, st.has_inode);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	test_unlock(obj);
	st = test_stat(obj);
	KUNIT_EXPECT_FALSE(test, st.locked);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	pageable_unlock(obj);
	KUNIT_EXPECT_FALSE(test, test_stat(obj).locked);
}

/* lock and unlock do not sleep: they work under a spinlock. */
static void pageable_test_lock_atomic(struct kunit *test)
{
	struct pageable *obj = test_create(test, PAGE_SIZE, 0);
	struct ucounts *ucounts = current_ucounts();
	spinlock_t lock;	/* Stands for the IPC object lock. */
	int ret;

	spin_lock_init(&lock);
	test_fill(test, obj, 0, PAGE_SIZE);
	spin_lock(&lock);
	ret = pageable_lock(obj, ucounts);
	spin_unlock(&lock);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_TRUE(test, test_stat(obj).locked);

	spin_lock(&lock);
	pageable_unlock(obj);
	spin_unlock(&lock);
	pageable_rescue_evictable(obj);
	KUNIT_EXPECT_FALSE(test, test_stat(obj).locked);
}

/* The file is created once and shares the object's pages. */
static void pageable_test_file(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct file *file, *again;
	loff_t pos = PAGE_SIZE + 1;
	u8 *buf;
	size_t i;

	file = pageable_file(obj, "pageable-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_EXPECT_STREQ(test, file_dentry(file)->d_name.name,
			   "pageable-test");
	again = pageable_file(obj, NULL);
	KUNIT_EXPECT_PTR_EQ(test, file, again);
	KUNIT_EXPECT_EQ(test, i_size_read(file_inode(file)),
			(loff_t)pageable_size(obj));
	KUNIT_EXPECT_TRUE(test, test_stat(obj).has_inode);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_TRUE(test, shmem_file(file));

	test_fill(test, obj, PAGE_SIZE, PAGE_SIZE);
	buf = test_alloc(test, 100);
	KUNIT_ASSERT_EQ(test, kernel_read(file, buf, 100, &pos), 100);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, buf[i], pattern(PAGE_SIZE + 1 + i));
}

static vm_fault_t test_vm_fault(struct vm_fault *vmf)
{
	return pageable_fault(vmf->vma->vm_private_data, vmf);
}

static void test_vm_open(struct vm_area_struct *vma)
{
	pageable_get(vma->vm_private_data);
}

static void test_vm_close(struct vm_area_struct *vma)
{
	pageable_put(vma->vm_private_data);
}

/* A driver's mapping: its VMAs keep the object alive, as a GEM one does. */
static const struct vm_operations_struct test_vm_ops = {
	.fault = test_vm_fault,
	.open = test_vm_open,
	.close = test_vm_close,
};

/*
 * A driver's mmap of @obj at @pgoff pages into its file, with the caching
 * in vma->vm_page_prot.
 */
static int test_mmap_at(struct pageable *obj, struct vm_area_struct *vma,
			pgoff_t pgoff)
{
	int ret = pageable_mmap(obj, vma, pgoff);

	if (ret)
		return ret;
	vma->vm_ops = &test_vm_ops;
	vma->vm_private_data = pageable_get(obj);
	return 0;
}

static int test_mmap_fop(struct file *file, struct vm_area_struct *vma)
{
	return test_mmap_at(file->private_data, vma, 0);
}

static const struct file_operations test_mmap_fops = {
	.owner = THIS_MODULE,
	.mmap = test_mmap_fop,
};

KUNIT_DEFINE_ACTION_WRAPPER(fput_action, fput, struct file *);

/*
 * A driver's file whose mmap maps @obj, put when the test ends.  It has an
 * inode of its own, so that zapping a range of its address space zaps the
 * mappings of this file only.
 */
static struct file *test_file(struct kunit *test, struct pageable *obj,
			      const struct file_operations *fops)
{
	struct file *file;

	file = anon_inode_create_getfile("[pageable-test]", fops, obj, O_RDWR,
					 NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, fput_action,
							   file));
	return file;
}

static struct file *test_driver_file(struct kunit *test, struct pageable *obj)
{
	return test_file(test, obj, &test_mmap_fops);
}

/*
 * A user mapping made by pageable_mmap() from a driver's mmap shows the
 * object's data, and writes through it land in the object.  It is a PFN
 * mapping of the driver's file: the pages it touched are held, not pinned
 * for GUP, until the shrinker lets them go.  A mapping beyond the end
 * fails.
 */
static void pageable_test_mmap(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct pageable_stats st;
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	test_fill(test, obj, 0, len);
	file = test_driver_file(test, obj);

	addr = kunit_vm_mmap(test, file, 0, len + PAGE_SIZE,
			     PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);

	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	buf = test_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf,
					     (void __user *)addr + PAGE_SIZE,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], pattern(PAGE_SIZE + i));

	memset(buf, 0x3c, 16);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr +
					   2 * PAGE_SIZE + 5, buf, 16), 0);
	memset(buf, 0, 16);
	KUNIT_ASSERT_EQ(test, test_read(obj, 2 * PAGE_SIZE + 5, buf, 16), 16);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, buf[i], 0x3c);

	/* The fault at page 1 held the rest of the mapping too. */
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_EQ(test, st.vmaps, 0);
	KUNIT_EXPECT_EQ(test, st.held, TEST_PAGES - 1);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	/* Let go: what was written through the mapping stays. */
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, 64, GFP_KERNEL), 2);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	memset(buf, 0, 16);
	KUNIT_ASSERT_EQ(test, test_read(obj, 2 * PAGE_SIZE + 5, buf, 16), 16);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, buf[i], 0x3c);
}

/*
 * The dirty bits of PFN mappings never reach the folio: a page written
 * only through a mapping is dirty when the allocator lets it go, so that
 * reclaim writes it out instead of dropping it as a clean page.
 */
static void pageable_test_mmap_dirty(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	addr = kunit_vm_mmap(test, test_driver_file(test, obj), 0,
			     TEST_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	buf = test_alloc(test, PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		buf[i] = pattern(PAGE_SIZE + i);
	/* A hole: the fault allocates a clean zeroed folio. */
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr + PAGE_SIZE,
					   buf, PAGE_SIZE), 0);
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, 64, GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);

	/* What reclaim does to clean, unmapped page cache: drop it. */
	file = pageable_file(obj, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	invalidate_mapping_pages(file->f_mapping, 0, -1);
	memset(buf, 0, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_read(obj, PAGE_SIZE, buf, PAGE_SIZE),
			PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i], pattern(PAGE_SIZE + i),
				    "offset %zu", i);
}

/*
 * pageable_revoke() lets go of the held pages and of the driver's address
 * space: the mapping left gets SIGBUS, and a new pageable_mmap() works.
 */
static void pageable_test_revoke(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	unsigned long addr;
	u8 byte;

	test_fill(test, obj, 0, len);
	addr = kunit_vm_mmap(test, test_driver_file(test, obj), 0, len,
			     PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES);

	pageable_revoke(obj);
	pageable_revoke(NULL);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, test_stat(obj).unevictable);
	KUNIT_EXPECT_NE(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);

	addr = kunit_vm_mmap(test, test_driver_file(test, obj), 0, len,
			     PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, pattern(PAGE_SIZE));
}

/* The object at page 16 of the driver's file, as at a DRM fake offset. */
#define TEST_PGOFF	16

static int test_mmap_offset_fop(struct file *file, struct vm_area_struct *vma)
{
	return test_mmap_at(file->private_data, vma, TEST_PGOFF);
}

static const struct file_operations test_mmap_offset_fops = {
	.owner = THIS_MODULE,
	.mmap = test_mmap_offset_fop,
};

/*
 * The user mapping is the driver's: a VM_PFNMAP mapping of its file, at
 * the driver's offset, that GUP refuses.  The driver revokes it by zapping
 * its address space, as drm_vma_node_unmap() does, and the next access
 * faults the page in again.  When the allocator lets a held page go, it
 * zaps the page first: after a hole is punched in its place, the mapping
 * sees the hole, not the old page.  A mapping through another file range
 * takes over, and the VMAs of the first one get SIGBUS.
 */
static void pageable_test_mmap_revoke(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	loff_t off = (loff_t)TEST_PGOFF << PAGE_SHIFT;
	struct vm_area_struct *vma;
	vm_flags_t flags = 0;
	unsigned long addr, other;
	struct file *file;
	struct page *page;
	u8 *buf;
	size_t i;

	test_fill(test, obj, 0, len);
	file = test_file(test, obj, &test_mmap_offset_fops);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, off + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	addr = kunit_vm_mmap(test, file, 0, len - PAGE_SIZE,
			     PROT_READ | PROT_WRITE, MAP_SHARED,
			     off + PAGE_SIZE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, addr);
	if (vma && vma->vm_file == file)
		flags = vma->vm_flags;
	mmap_read_unlock(current->mm);
	KUNIT_EXPECT_TRUE(test, flags & VM_PFNMAP);
	KUNIT_EXPECT_TRUE(test, flags & VM_DONTEXPAND);

	/* Page 1 of the object is the first page of the mapping. */
	buf = test_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], pattern(PAGE_SIZE + i));
	KUNIT_EXPECT_LT(test, get_user_pages_fast(addr, 1, 0, &page), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES - 1);

	/* Revoked by the driver, the mapping faults the page in again. */
	unmap_mapping_range(file->f_mapping, off, len, 1);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], pattern(PAGE_SIZE + i));
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr +
					     PAGE_SIZE, PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], pattern(2 * PAGE_SIZE + i));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES - 1);

	/* Let go, which zaps it, and punched: a new fault sees the hole. */
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, 64, GFP_KERNEL), 2);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);
	if (IS_ENABLED(CONFIG_SHMEM)) {
		KUNIT_ASSERT_EQ(test, vfs_fallocate(pageable_file(obj, NULL),
						    FALLOC_FL_PUNCH_HOLE |
						    FALLOC_FL_KEEP_SIZE,
						    PAGE_SIZE, PAGE_SIZE), 0);
		KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr,
						     PAGE_SIZE), 0);
		KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, PAGE_SIZE));
	}

	/* Another file range takes over. */
	other = kunit_vm_mmap(test, test_driver_file(test, obj), 0, len,
			      PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(other));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);
	KUNIT_EXPECT_NE(test, copy_from_user(buf, (void __user *)addr +
					     PAGE_SIZE, 1), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)other +
					     2 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, buf[0], pattern(2 * PAGE_SIZE));
}

static int test_mmap_wc_fop(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return test_mmap_at(file->private_data, vma, 0);
}

static const struct file_operations test_mmap_wc_fops = {
	.owner = THIS_MODULE,
	.mmap = test_mmap_wc_fop,
};

/*
 * A fault holds and maps the pages after the faulting one too (16 pages in
 * all for a write-back mapping, as TTM's fault-around), but not beyond the
 * VMA or the object.  A write-combined mapping (x86) holds up to 256 pages
 * a fault, with the caching of the mapping at once.
 */
static void pageable_test_fault_around(struct kunit *test)
{
	unsigned long nr = 40, big = 300, addr;
	struct pageable *obj = test_create(test, nr * PAGE_SIZE, 0);
	struct file *file;
	u8 byte;

	test_fill(test, obj, 0, nr * PAGE_SIZE);
	file = test_driver_file(test, obj);
	addr = kunit_vm_mmap(test, file, 0, nr * PAGE_SIZE, PROT_READ,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, pattern(PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 16);
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     10 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, pattern(10 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 16);
	/* Up to the end of the object: pages 30 to 39. */
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     30 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, pattern(30 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 26);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 26);
	KUNIT_EXPECT_EQ(test, vm_munmap(addr, nr * PAGE_SIZE), 0);

	/* Up to the end of the VMA: pages 2 and 3. */
	addr = kunit_vm_mmap(test, file, 0, 4 * PAGE_SIZE, PROT_READ,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     2 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, pattern(2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 2);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 2);

	if (!IS_ENABLED(CONFIG_X86))
		return;
	obj = test_create(test, big * PAGE_SIZE, 0);
	test_fill(test, obj, 0, big * PAGE_SIZE);
	addr = kunit_vm_mmap(test, test_file(test, obj, &test_mmap_wc_fops),
			     0, big * PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, byte, pattern(0));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 256);
	/* Page 255 is write-combined already, page 256 is not held. */
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 255, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	test_vunmap(test, test_vmap(test, obj, 256, 1, PAGE_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     299 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, pattern(299 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 257);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 512, GFP_KERNEL), 257);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);
}

/*
 * A write-combined user mapping holds the folios it faults in, with a
 * write-combined linear map (kernel mappings of another caching are
 * refused), until the shrinker releases them: then nothing is pinned,
 * what was written through the mapping is in the object, and the next
 * access faults the page in and holds it again.  Private write-combined
 * mappings and mappings of another caching are refused.
 */
static void pageable_test_mmap_wc(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	pgprot_t wc = pgprot_writecombine(PAGE_KERNEL);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct pageable_stats st;
	struct test_vmap *map;
	unsigned long addr, wb;
	struct file *file;
	u8 *buf;
	size_t i;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	if (pgprot_val(wc) == pgprot_val(pgprot_noncached(PAGE_KERNEL)))
		test_skip(test, "no PAT: write-combining falls back to uncached");
	test_fill(test, obj, 0, len);
	file = test_file(test, obj, &test_mmap_wc_fops);

	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	/* Every user mapping of an object has the caching of the first. */
	wb = kunit_vm_mmap(test, test_driver_file(test, obj), 0, len,
			   PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)wb, -EINVAL);

	buf = test_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf,
					     (void __user *)addr + PAGE_SIZE,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], pattern(PAGE_SIZE + i));
	memset(buf, 0x5a, 16);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr +
					   2 * PAGE_SIZE + 7, buf, 16), 0);
	/* Pages 1 to 3: the fault at page 1 held the rest of the mapping. */
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, TEST_PAGES - 1);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	/* The held pages are write-combined: no write-back alias of them. */
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 1, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	map = test_vmap(test, obj, 1, 2, wc);
	test_vunmap(test, map, 0);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 2, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	map = test_vmap(test, obj, 0, 1, PAGE_KERNEL);
	test_vunmap(test, map, 0);

	/* The shrinker unmaps, restores write-back and unpins. */
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL),
			TEST_PAGES - 1);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	memset(buf, 0, 16);
	KUNIT_ASSERT_EQ(test, test_read(obj, 2 * PAGE_SIZE + 7, buf, 16), 16);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, buf[i], 0x5a);
	map = test_vmap(test, obj, 1, 2, PAGE_KERNEL);
	test_vunmap(test, map, 0);

	/* The next access faults the page in and holds it again. */
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr +
					     3 * PAGE_SIZE, PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], pattern(3 * PAGE_SIZE + i));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 1);
}

/* get and put count references; put(NULL) is allowed. */
static void pageable_test_get_put(struct kunit *test)
{
	struct pageable *obj = test_create(test, PAGE_SIZE, 0);

	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 1);
	KUNIT_EXPECT_PTR_EQ(test, pageable_get(obj), obj);
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 2);
	pageable_put(obj);
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 1);
	test_fill(test, obj, 0, PAGE_SIZE);
	test_check(test, obj, 0, PAGE_SIZE);
	pageable_put(NULL);
	pageable_put(ERR_PTR(-ENOMEM));
}

/* The cleanup hook puts the object when it goes out of scope. */
static void pageable_test_cleanup_hook(struct kunit *test)
{
	struct pageable *obj = test_create(test, PAGE_SIZE, 0);

	{
		struct pageable *ref __free(pageable_put) = pageable_get(obj);

		KUNIT_EXPECT_EQ(test, kref_read(&ref->ref), 2);
	}
	KUNIT_EXPECT_EQ(test, kref_read(&obj->ref), 1);
}

struct test_work {
	struct work_struct work;
	struct pageable *obj;
	ssize_t ret;
};

static void test_populate_work(struct work_struct *work)
{
	struct test_work *tw = container_of(work, struct test_work, work);
	u8 byte = 0x42;

	tw->ret = test_write(tw->obj, 0, &byte, 1);
}

/*
 * Pages populated by a worker are charged to the memory cgroup of the
 * object's creator.  The object comes from .suite_init, which runs in the
 * task that loads the module: run that task in a non-root memory cgroup
 * to make this a strong check (a worker charges the root cgroup itself).
 */
static void pageable_test_memcg_worker(struct kunit *test)
{
	struct pageable *obj = suite_obj;
	struct test_work tw = { .obj = obj };
	struct mem_cgroup *memcg;
	struct test_pin *pin;

	if (mem_cgroup_disabled())
		test_skip(test, "memory cgroups are disabled");
	KUNIT_ASSERT_NOT_NULL(test, obj);
	memcg = pageable_memcg(obj);
	KUNIT_ASSERT_NOT_NULL(test, memcg);

	INIT_WORK_ONSTACK(&tw.work, test_populate_work);
	queue_work(system_unbound_wq, &tw.work);
	flush_work(&tw.work);
	destroy_work_on_stack(&tw.work);
	KUNIT_ASSERT_EQ(test, tw.ret, 1);

	pin = test_pin(test, obj, 0, 1);
	KUNIT_EXPECT_PTR_EQ(test, folio_memcg(page_folio(pin->pages[0])),
			    memcg);
	test_unpin(test, pin, 0);
}

/* An object created in another context (.suite_init) is usable here. */
static void pageable_test_suite_object(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, suite_obj);
	test_fill(test, suite_obj, PAGE_SIZE + 7, PAGE_SIZE);
	test_check(test, suite_obj, PAGE_SIZE + 7, PAGE_SIZE);
}

/* The object written by an early initcall at boot is intact. */
static void pageable_test_early_initcall(struct kunit *test)
{
	const char *sig;
	struct pageable *obj = pageable_early_object(&sig);
	size_t len;
	char *buf;

	KUNIT_ASSERT_NOT_NULL(test, obj);
	len = strlen(sig) + 1;
	buf = test_alloc(test, len);
	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, len), (ssize_t)len);
	KUNIT_EXPECT_STREQ(test, buf, sig);
}

#ifdef CONFIG_FAULT_INJECTION
static void test_set_fail_nth(unsigned int nth)
{
	current->fail_nth = nth;
}

static unsigned int test_get_fail_nth(void)
{
	return current->fail_nth;
}
#else
static void test_set_fail_nth(unsigned int nth)
{
}

static unsigned int test_get_fail_nth(void)
{
	return 0;
}
#endif

static bool test_alloc_error(long err)
{
	return err == -ENOMEM || err == -ENOSPC || err == -EFAULT ||
	       err == -EIO;
}

enum fault_step {
	FAULT_CREATE, FAULT_WRITE, FAULT_PIN, FAULT_VMAP_WC, FAULT_VMAP_WB,
	FAULT_DONTNEED, FAULT_WILLNEED, FAULT_READ, FAULT_FILE, FAULT_NR_STEPS
};

static const char * const fault_step_names[FAULT_NR_STEPS] = {
	"create", "write", "pin", "vmap-wc", "vmap-wb", "dontneed",
	"willneed", "read", "file",
};

/*
 * One cycle through every path that allocates: create, populate by a
 * write, page out, pin (swap-in), write-combined vmap (caching change),
 * write-back vmap (which gives the kept write-combined pages back),
 * dontneed, willneed, read and the transitional file.  Returns 0 or the
 * error, and in @step where it failed.
 */
static long test_fault_cycle(struct kunit *test, enum fault_step *step)
{
	u8 buf[64], back[64];
	struct page *pages[2];
	struct pageable *obj;
	unsigned long lost;
	struct file *file;
	void *vaddr;
	long ret;

	memset(buf, 0xa5, sizeof(buf));
	*step = FAULT_CREATE;
	obj = pageable_create(2 * PAGE_SIZE, 0);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	*step = FAULT_WRITE;
	ret = test_write(obj, PAGE_SIZE - 8, buf, sizeof(buf));
	/* A write that fails after the first page is short, as write(2). */
	if (ret != sizeof(buf)) {
		ret = ret < 0 ? ret : -ENOMEM;
		goto out_put;
	}
	pageable_pageout(obj, 0, 2);
	*step = FAULT_PIN;
	ret = pageable_pin(obj, 0, 2, pages);
	if (ret)
		goto out_put;
	pageable_unpin(obj, 0, 2, pages, PAGEABLE_UNPIN_DIRTY);
	*step = FAULT_VMAP_WC;
	vaddr = pageable_vmap(obj, 0, 2, pgprot_writecombine(PAGE_KERNEL));
	if (IS_ERR(vaddr)) {
		ret = PTR_ERR(vaddr);
		goto out_put;
	}
	pageable_vunmap(obj, vaddr, 0);
	*step = FAULT_VMAP_WB;
	vaddr = pageable_vmap(obj, 0, 2, PAGE_KERNEL);
	if (IS_ERR(vaddr)) {
		ret = PTR_ERR(vaddr);
		goto out_put;
	}
	pageable_vunmap(obj, vaddr, 0);
	*step = FAULT_DONTNEED;
	ret = pageable_dontneed(obj, 1, 1);
	if (ret)
		goto out_put;
	*step = FAULT_WILLNEED;
	ret = pageable_willneed(obj, 1, 1, &lost);
	if (ret)
		goto out_put;
	*step = FAULT_READ;
	ret = test_read(obj, PAGE_SIZE - 8, back, sizeof(back));
	if (ret != sizeof(back)) {
		ret = ret < 0 ? ret : -ENOMEM;
		goto out_put;
	}
	/* Not an allocation error: test_alloc_error() rejects it. */
	ret = memcmp(buf, back, sizeof(buf)) ? -EBADMSG : 0;
	if (ret)
		goto out_put;
	*step = FAULT_FILE;
	file = pageable_file(obj, NULL);
	ret = PTR_ERR_OR_ZERO(file);
out_put:
	pageable_put(obj);
	return ret;
}

/*
 * Failing the n-th allocation (slab or page) at every step of the cycle
 * above gives a clean error and leaves no object, pin, held page or memcg
 * charge behind.  The objects are charged to the suite's memcg.  Needs
 * CONFIG_FAILSLAB or CONFIG_FAIL_PAGE_ALLOC with ignore-gfp-wait=N (and
 * min-order=0 for pages) set in debugfs before the suite runs.
 */
static void pageable_test_fault_injection(struct kunit *test)
{
	unsigned int nth, injected = 0, failed[FAULT_NR_STEPS] = { };
	long objects = pageable_nr_live_objects();
	long pinned = pageable_nr_pinned_pages();
	long held = pageable_nr_held_pages();
	unsigned long usage = 0, slack;
	struct mem_cgroup *old;
	enum fault_step step;
	char line[160];
	int len = 0;
	long ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		test_skip(test, "needs CONFIG_FAULT_INJECTION");
	if (suite_memcg)
		usage = test_memcg_usage(suite_memcg);

	old = set_active_memcg(suite_memcg);
	expect_warning_begin();
	for (nth = 1; nth < 2000; nth++) {
		test_set_fail_nth(nth);
		ret = test_fault_cycle(test, &step);
		if (test_get_fail_nth()) {
			/* Fewer than nth injection points: all done. */
			test_set_fail_nth(0);
			break;
		}
		/*
		 * x86 _set_pages_array() reports a failed allocation in
		 * memtype_reserve() or in a page-table split as -EINVAL.
		 */
		if (ret == -EINVAL && step == FAULT_VMAP_WC)
			ret = -ENOMEM;
		if (ret) {
			injected++;
			failed[step]++;
			KUNIT_EXPECT_TRUE_MSG(test, test_alloc_error(ret),
					      "nth %u: %s: error %ld", nth,
					      fault_step_names[step], ret);
		}
		/* Objects of earlier cases may still go away meanwhile. */
		KUNIT_EXPECT_LE(test, pageable_nr_live_objects(), objects);
		KUNIT_EXPECT_LE(test, pageable_nr_pinned_pages(), pinned);
		KUNIT_EXPECT_LE(test, pageable_nr_held_pages(), held);
	}
	test_set_fail_nth(0);
	expect_warning_end();
	/* Every path still works. */
	ret = test_fault_cycle(test, &step);
	set_active_memcg(old);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", fault_step_names[step]);

	/* The charges go back, give or take the per-CPU charge stocks. */
	slack = test_memcg_slack();
	if (suite_memcg)
		KUNIT_EXPECT_LE(test, test_memcg_usage(suite_memcg),
				usage + slack);
	for (step = 0; step < FAULT_NR_STEPS; step++)
		len += scnprintf(line + len, sizeof(line) - len, " %s %u",
				 fault_step_names[step], failed[step]);
	kunit_info(test, "%u allocation failures injected in %u runs; failed steps:%s\n",
		   injected, nth, line);
	if (!injected)
		test_skip(test, "no failure injected: see ignore-gfp-wait");
}

/*
 * The superblock of @obj's backing inode, created by a write before.  The
 * file is the object's: no reference to drop.
 */
static struct super_block *test_sb(struct kunit *test, struct pageable *obj)
{
	struct file *file = pageable_file(obj, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	return file_inode(file)->i_sb;
}

/*
 * A failure to set up the huge tmpfs mount, on the first write to the
 * first PAGEABLE_LARGE_FOLIOS object, is not remembered: that object falls
 * back to the internal mount, and a later object gets the huge mount.
 * Must run before any other case creates a large-folio object.
 */
static void pageable_test_init_retry(struct kunit *test)
{
	struct pageable *plain = test_create(test, PAGE_SIZE, 0);
	unsigned int nth, fallbacks = 0;
	struct super_block *sb, *internal;
	struct pageable *obj;
	bool huge = false;
	u8 byte = 0x5a;
	ssize_t ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		test_skip(test, "needs CONFIG_FAULT_INJECTION");
	if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) ||
	    !IS_ENABLED(CONFIG_SHMEM))
		test_skip(test, "no huge tmpfs mount");
	KUNIT_ASSERT_EQ(test, test_write(plain, 0, &byte, 1), 1);
	internal = test_sb(test, plain);

	expect_warning_begin();
	for (nth = 1; nth < 200 && !huge; nth++) {
		obj = test_create(test, SZ_2M, PAGEABLE_LARGE_FOLIOS);
		test_set_fail_nth(nth);
		ret = test_write(obj, 0, &byte, 1);
		test_set_fail_nth(0);
		if (ret == 1) {
			sb = test_sb(test, obj);
			fallbacks += sb == internal;
			huge = sb != internal;
		} else {
			KUNIT_EXPECT_TRUE_MSG(test, test_alloc_error(ret),
					      "nth %u: error %zd", nth, ret);
		}
		kunit_release_action(test, pageable_put_action, obj);
	}
	expect_warning_end();
	kunit_info(test, "%u objects on the internal mount, huge mount %s after %u runs\n",
		   fallbacks, huge ? "up" : "never up", nth - 1);
	if (huge && !fallbacks)
		test_skip(test, "the huge mount was up before this case");
	KUNIT_EXPECT_TRUE(test, huge);
}

#define DN_PAGES	8

/* Check page @index of @obj: pattern() if @intact, else zeroes. */
static void test_check_page(struct kunit *test, struct pageable *obj,
			    pgoff_t index, bool intact)
{
	loff_t pos = (loff_t)index << PAGE_SHIFT;
	u8 *buf = test_alloc(test, PAGE_SIZE);
	size_t i;

	KUNIT_ASSERT_EQ(test, test_read(obj, pos, buf, PAGE_SIZE),
			(ssize_t)PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i], intact ? pattern(pos + i) : 0,
				    "page %lu offset %zu", index, i);
	test_free(test, buf);
}

/* A bitmap of @nr bits freed when the test ends. */
static unsigned long *test_bitmap(struct kunit *test, unsigned long nr)
{
	return test_alloc(test, BITS_TO_LONGS(nr) * sizeof(unsigned long));
}

/*
 * A shrinker scan discards exactly the dontneed pages; willneed reports
 * them page by page, and the pages around them are intact.
 */
static void pageable_test_dontneed_discard(struct kunit *test)
{
	struct pageable *obj = test_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = test_bitmap(test, DN_PAGES);
	struct pageable_stats st;
	pgoff_t i;

	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 4), 0);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.dontneed, 4);
	KUNIT_EXPECT_EQ(test, st.discarded, 0);
	KUNIT_EXPECT_EQ(test, st.resident, DN_PAGES);

	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 4);
	st = test_stat(obj);
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
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.dontneed, 0);
	KUNIT_EXPECT_EQ(test, st.discarded, 0);

	/* The range is usable again. */
	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	test_check(test, obj, 0, DN_PAGES * PAGE_SIZE);
}

/*
 * Partial discard: pinned pages survive a scan, the others do not, and the
 * report says which is which.  The survivors are byte-identical.
 */
static void pageable_test_dontneed_partial(struct kunit *test)
{
	struct pageable *obj = test_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = test_bitmap(test, DN_PAGES);
	struct test_pin *pin;
	pgoff_t i;

	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	pin = test_pin(test, obj, 3, 2);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, DN_PAGES), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), DN_PAGES - 2);
	KUNIT_EXPECT_EQ(test, test_stat(obj).resident, 2);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 2);

	/* Unpinning a dontneed page, even dirty, lets the shrinker have it. */
	test_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
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
	struct pageable *obj = test_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = test_bitmap(test, DN_PAGES);

	bitmap_fill(lost, DN_PAGES);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost), 0);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(lost, DN_PAGES));

	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 1, 3, NULL), 0);
	/* Nor on the pages around a dontneed range. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 2), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 2);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 2, DN_PAGES - 2, lost), 0);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(lost, DN_PAGES - 2));
	test_check(test, obj, 2 * PAGE_SIZE, (DN_PAGES - 2) * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 2, NULL), 2);

	/* A hole loses nothing: it had no contents. */
	obj = test_create(test, DN_PAGES * PAGE_SIZE, 0);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, DN_PAGES), 0);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, DN_PAGES, lost), 0);
}

/* Overlapping and partial ranges keep each page's state. */
static void pageable_test_dontneed_overlap(struct kunit *test)
{
	struct pageable *obj = test_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = test_bitmap(test, DN_PAGES);

	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 4), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL), 4);
	/* Again, overlapping: discarded pages stay discarded. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 4), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).dontneed, 6);
	KUNIT_EXPECT_EQ(test, test_stat(obj).discarded, 4);

	/* Take back the middle only. */
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 3, 2, lost), 1);
	KUNIT_EXPECT_TRUE(test, test_bit(0, lost));
	KUNIT_EXPECT_FALSE(test, test_bit(1, lost));
	test_check_page(test, obj, 4, true);
	KUNIT_EXPECT_EQ(test, test_stat(obj).dontneed, 4);

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
	struct pageable *obj = test_create(test, DN_PAGES * PAGE_SIZE, 0);
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

	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 1), 0);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, DN_PAGES, pages), -EBUSY);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 2, 1, pages), -EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 1, 2, PAGE_KERNEL),
			    ERR_PTR(-EBUSY));
	KUNIT_EXPECT_EQ(test, test_write(obj, 3 * PAGE_SIZE - 1, &byte, 2),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);
	/* Next to it is fine, and reading it is too. */
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 3, 1, pages), 0);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 3, 1, pages, 0), 0);
	KUNIT_EXPECT_EQ(test, test_write(obj, 2 * PAGE_SIZE - 1, &byte, 1), 1);
	test_check_page(test, obj, 2, true);

	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 2, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, test_write(obj, 2 * PAGE_SIZE, &byte, 1), 1);
}

/*
 * pageout discards dontneed pages instead of writing them; pages that were
 * already on swap lose their swap when they become dontneed.
 */
static void pageable_test_dontneed_pageout(struct kunit *test)
{
	struct pageable *obj = test_create(test, DN_PAGES * PAGE_SIZE, 0);
	unsigned long *lost = test_bitmap(test, DN_PAGES);
	struct pageable_stats st;
	pgoff_t i;

	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 2), 0);
	if (!pageable_swap_enabled()) {
		KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, DN_PAGES), 2);
		test_skip(test, "no swap: swapon before loading the suite");
	}
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, DN_PAGES), DN_PAGES);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.swapped, DN_PAGES - 2);
	KUNIT_EXPECT_EQ(test, st.discarded, 2);
	KUNIT_EXPECT_EQ(test, st.resident, 0);

	/* Now swapped, pages 2 and 3 are discarded as they become dontneed. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 2, 2), 0);
	st = test_stat(obj);
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
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	unsigned long *lost = test_bitmap(test, TEST_PAGES);
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	test_fill(test, obj, 0, len);
	file = test_driver_file(test, obj);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	/* Fault everything in through the mapping. */
	buf = test_alloc(test, len);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr, len), 0);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, buf[i], pattern(i));

	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 1, 2), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES - 2);
	/* Not held any more: discarded, and the other held pages let go. */
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, ULONG_MAX, GFP_KERNEL),
			TEST_PAGES);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr, len), 0);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i],
				    i >= PAGE_SIZE && i < 3 * PAGE_SIZE ? 0 :
				    pattern(i), "offset %zu", i);

	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, TEST_PAGES, lost), 2);
	KUNIT_EXPECT_EQ(test, bitmap_weight(lost, TEST_PAGES), 2);
	KUNIT_EXPECT_TRUE(test, test_bit(1, lost) && test_bit(2, lost));
}

/* Releasing an object with dontneed pages frees them and its state. */
static void pageable_test_dontneed_release(struct kunit *test)
{
	struct pageable *obj = pageable_create(DN_PAGES * PAGE_SIZE, 0);
	struct pageable *other = test_create(test, PAGE_SIZE, 0);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	test_fill(test, obj, 0, DN_PAGES * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, 0, DN_PAGES), 0);
	pageable_put(obj);
	/* Off the shrinker's list: a scan of it finds nothing. */
	test_fill(test, other, 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(other, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, pageable_shrink(other, ULONG_MAX, GFP_KERNEL), 1);
}

/* Ranges that every function taking a page range refuses. */
struct bad_range {
	pgoff_t first;
	unsigned long nr;
};

static const struct bad_range bad_ranges[] = {
	{ 0, 0 },		/* empty */
	{ TEST_PAGES, 1 },	/* starts at the end */
	{ ULONG_MAX, 1 },	/* starts far beyond the end */
	{ 1, TEST_PAGES },	/* ends one page beyond the end */
	{ 1, ULONG_MAX },	/* first + nr wraps around */
};

enum bad_op {
	BAD_PIN, BAD_UNPIN, BAD_VMAP, BAD_PAGEOUT, BAD_DONTNEED, BAD_WILLNEED,
	NR_BAD_OPS
};

static const char * const bad_op_names[NR_BAD_OPS] = {
	"pageable_pin", "pageable_unpin", "pageable_vmap", "pageable_pageout",
	"pageable_dontneed", "pageable_willneed",
};

/* Call @op on a range; the ERR_PTR() of pageable_vmap() becomes an error. */
static long bad_op_call(enum bad_op op, struct pageable *obj, pgoff_t first,
			unsigned long nr, struct page **pages)
{
	switch (op) {
	case BAD_PIN:
		return pageable_pin(obj, first, nr, pages);
	case BAD_UNPIN:
		return pageable_unpin(obj, first, nr, pages, 0);
	case BAD_VMAP:
		return PTR_ERR_OR_ZERO(pageable_vmap(obj, first, nr,
						     PAGE_KERNEL));
	case BAD_PAGEOUT:
		return pageable_pageout(obj, first, nr);
	case BAD_DONTNEED:
		return pageable_dontneed(obj, first, nr);
	case BAD_WILLNEED:
		return pageable_willneed(obj, first, nr, NULL);
	default:
		return 0;	/* Reported as not refused. */
	}
}

/*
 * Every function taking a page range refuses each bad range with -EINVAL
 * and touches nothing.  Then the other invalid arguments that need no
 * special setup: a vmap of more than INT_MAX pages or of a movable
 * object, unknown vunmap flags and addresses that are not vmaps of the
 * object, empty and unusable iterators, pageout of an untouched object,
 * the default file name, and a mapping that starts beyond the end.
 */
static void pageable_test_bad_input(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *movable = test_create(test, PAGE_SIZE,
					       PAGEABLE_MOVABLE);
	struct page *pages[TEST_PAGES + 1];
	struct pageable_stats st;
	struct test_vmap *map;
	struct iov_iter iter;
	unsigned long ro, none, addr;
	struct pageable *big;
	struct file *file;
	enum bad_op op;
	u8 buf[1];
	size_t i;

	for (op = 0; op < NR_BAD_OPS; op++)
		for (i = 0; i < ARRAY_SIZE(bad_ranges); i++)
			KUNIT_EXPECT_EQ_MSG(test,
					    bad_op_call(op, obj,
							bad_ranges[i].first,
							bad_ranges[i].nr,
							pages),
					    -EINVAL, "%s(%lu, %lu)",
					    bad_op_names[op],
					    bad_ranges[i].first,
					    bad_ranges[i].nr);

	/* Empty iterators copy nothing; pageout of no pages writes none. */
	KUNIT_EXPECT_EQ(test, test_read(obj, 0, buf, 0), 0);
	KUNIT_EXPECT_EQ(test, test_write(obj, 0, buf, 0), 0);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, TEST_PAGES), 0);

	/* Nothing above allocated, pinned or mapped anything. */
	st = test_stat(obj);
	KUNIT_EXPECT_FALSE(test, st.has_inode);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_EQ(test, st.vmaps, 0);
	KUNIT_EXPECT_EQ(test, st.dontneed, 0);

	/* A read-only and an inaccessible user buffer. */
	ro = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ,
			   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, ro, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(ro));
	none = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_NONE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, none, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(none));

	/* Zeroes of an untouched object cannot be stored either. */
	iov_iter_ubuf(&iter, ITER_DEST, (void __user *)ro, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_read(obj, 0, &iter,
					    PAGEABLE_INTENT_CPU), -EFAULT);
	iov_iter_ubuf(&iter, ITER_SOURCE, (void __user *)none, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_write(obj, 0, &iter,
					     PAGEABLE_INTENT_CPU), -EFAULT);

	/* Unknown flags or a foreign address leave the vmap in place. */
	map = test_vmap(test, obj, 0, 1, PAGE_KERNEL);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, map->vaddr, BIT(7)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(movable, map->vaddr, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, test_stat(obj).vmaps, 1);
	/* Page 0 is resident now: the copy to the user buffer fails. */
	iov_iter_ubuf(&iter, ITER_DEST, (void __user *)ro, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_read(obj, 0, &iter,
					    PAGEABLE_INTENT_CPU), -EFAULT);
	test_vunmap(test, map, 0);

	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(movable, 0, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	big = test_create(test, ((u64)INT_MAX + 1) << PAGE_SHIFT,
			  PAGEABLE_NORESERVE);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(big, 0,
						(unsigned long)INT_MAX + 1,
						PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_FALSE(test, test_stat(big).has_inode);

	file = pageable_file(obj, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_EXPECT_STREQ(test, file_dentry(file)->d_name.name, "pageable");

	addr = kunit_vm_mmap(test, test_driver_file(test, obj), 0, PAGE_SIZE,
			     PROT_READ, MAP_SHARED, TEST_PAGES * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
}

/*
 * Without PAGEABLE_NORESERVE the size is committed at creation: a size far
 * above RAM and swap is refused.  The size is the largest whose commit
 * charge, in bytes, fits a long (2 GiB on 32-bit, which may be committed).
 */
static void pageable_test_create_no_commit(struct kunit *test)
{
	u64 size = (u64)(LONG_MAX >> PAGE_SHIFT) << PAGE_SHIFT;
	struct pageable *obj = pageable_create(size, 0);

	if (!IS_ERR(obj)) {
		pageable_put(obj);
		test_skip(test, "size committed: overcommit_memory=1 or !SHMEM");
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(obj), -ENOMEM);
}

/*
 * Without CAP_IPC_LOCK, locking more than RLIMIT_MEMLOCK allows fails and
 * leaves the object unlocked; with it, the limit does not apply.
 */
static void pageable_test_lock_rlimit(struct kunit *test)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK);
	const struct cred *old;
	struct pageable *obj;
	struct cred *cred;
	int ret;

	if (limit == RLIM_INFINITY || limit >= SZ_1T)
		test_skip(test, "RLIMIT_MEMLOCK is unlimited");
	obj = test_create(test, SZ_1T, PAGEABLE_NORESERVE);
	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_IPC_LOCK);

	old = override_creds(cred);
	ret = pageable_lock(obj, current_ucounts());
	revert_creds(old);
	put_cred(cred);

	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	KUNIT_EXPECT_FALSE(test, test_stat(obj).locked);
	KUNIT_EXPECT_FALSE(test, test_stat(obj).unevictable);
	test_lock(test, obj);
	KUNIT_EXPECT_TRUE(test, test_stat(obj).locked);
}

static int test_mmap_wt_fop(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_writethrough(vma->vm_page_prot);
	return test_mmap_at(file->private_data, vma, 0);
}

static const struct file_operations test_mmap_wt_fops = {
	.owner = THIS_MODULE,
	.mmap = test_mmap_wt_fop,
};

/*
 * x86 maps pages write-back, write-combined or uncached only: kernel and
 * user mappings with another caching (write-through) are refused.
 */
static void pageable_test_bad_caching(struct kunit *test)
{
	pgprot_t wt = pgprot_writethrough(PAGE_KERNEL);
	struct pageable *obj;
	unsigned long addr;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	/* Without a write-through PAT entry it falls back to uncached. */
	if (pgprot_val(wt) == pgprot_val(PAGE_KERNEL) ||
	    pgprot_val(wt) == pgprot_val(pgprot_writecombine(PAGE_KERNEL)) ||
	    pgprot_val(wt) == pgprot_val(pgprot_noncached(PAGE_KERNEL)))
		test_skip(test, "no write-through caching");
	obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);

	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 0, 1, wt),
			    ERR_PTR(-EINVAL));
	addr = kunit_vm_mmap(test, test_file(test, obj, &test_mmap_wt_fops),
			     0, TEST_PAGES * PAGE_SIZE, PROT_READ, MAP_SHARED,
			     0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	KUNIT_EXPECT_EQ(test, test_stat(obj).pinned, 0);
}

/*
 * A write-combined user mapping cannot fault in a page that a write-back
 * vmap maps: the access gets SIGBUS (a failed copy for a uaccess), and the
 * page is not held.  The pages next to it fault in as usual.
 */
static void pageable_test_mmap_alias(struct kunit *test)
{
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct pageable *obj;
	unsigned long addr;
	u8 byte = 0;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	test_fill(test, obj, 0, len);
	test_vmap(test, obj, 0, 1, PAGE_KERNEL);
	addr = kunit_vm_mmap(test, test_file(test, obj, &test_mmap_wc_fops),
			     0, len, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	KUNIT_EXPECT_NE(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(&byte,
					     (void __user *)addr + PAGE_SIZE,
					     1), 0);
	KUNIT_EXPECT_EQ(test, byte, pattern(PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES - 1);
}

/*
 * Dropping the last reference while pins, a vmap and a lock are left warns
 * and releases them: the vmap is removed, the lock is uncharged and the
 * pin count dropped.  The caller keeps its pins of the pages.
 */
static void pageable_test_release_held(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	long objects = pageable_nr_live_objects();
	long pinned = pageable_nr_pinned_pages();
	struct page *pages[2];
	struct pageable_stats st;
	void *vaddr;

	KUNIT_ASSERT_EQ(test, pageable_pin(obj, 0, 2, pages), 0);
	vaddr = pageable_vmap(obj, 2, 2, PAGE_KERNEL);
	KUNIT_EXPECT_FALSE(test, IS_ERR(vaddr));
	KUNIT_EXPECT_EQ(test, pageable_lock(obj, current_ucounts()), 0);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 4);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_TRUE(test, st.locked);

	expect_warning_begin();
	kunit_release_action(test, pageable_put_action, obj);
	expect_warning_end();

	/* The pins outlive the object: drop them as mm's pins. */
	unpin_user_pages(pages, ARRAY_SIZE(pages));
	KUNIT_EXPECT_EQ(test, pageable_nr_pinned_pages(), pinned);
	/* Objects of earlier cases may still go away meanwhile. */
	KUNIT_EXPECT_LE(test, pageable_nr_live_objects(), objects - 1);
}

/*
 * Releasing an object that still has a write-combined vmap keeps nothing
 * listed for the shrinker: tearing the vmap down keeps its pages as held
 * pages, which lists the object, and the release must take it off the
 * list after that, or the shrinker walks a freed object.
 */
static void pageable_test_release_wc_vmap(struct kunit *test)
{
	unsigned long listed = pageable_nr_listed();
	long held = pageable_nr_held_pages();
	struct pageable *obj;
	void *vaddr;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	obj = pageable_create(TEST_PAGES * PAGE_SIZE, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	vaddr = pageable_vmap(obj, 0, 2, pgprot_writecombine(PAGE_KERNEL));
	KUNIT_EXPECT_FALSE(test, IS_ERR(vaddr));

	expect_warning_begin();
	pageable_put(obj);
	expect_warning_end();
	KUNIT_EXPECT_LE(test, pageable_nr_listed(), listed);
	KUNIT_EXPECT_LE(test, pageable_nr_held_pages(), held);
}

/* Is the folio of page @index dirty?  The page must not be dontneed. */
static bool test_folio_dirty(struct kunit *test, struct pageable *obj,
			     pgoff_t index)
{
	struct page *page;
	bool dirty;

	KUNIT_ASSERT_EQ(test, pageable_pin(obj, index, 1, &page), 0);
	dirty = folio_test_dirty(page_folio(page));
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, index, 1, &page, 0), 0);
	return dirty;
}

/* A 2 MiB object in one large folio, filled; skips if tmpfs has none. */
static struct pageable *test_large_object(struct kunit *test)
{
	struct pageable *obj = test_create(test, SZ_2M, PAGEABLE_LARGE_FOLIOS);
	struct page *page;
	bool large;

	test_fill(test, obj, 0, SZ_2M);
	KUNIT_ASSERT_EQ(test, pageable_pin(obj, 0, 1, &page), 0);
	large = folio_nr_pages(page_folio(page)) == SZ_2M >> PAGE_SHIFT;
	KUNIT_ASSERT_EQ(test, pageable_unpin(obj, 0, 1, &page, 0), 0);
	if (!large)
		test_skip(test, "no 2 MiB folio from tmpfs");
	return obj;
}

/*
 * Taking back part of a dontneed large folio makes the whole folio dirty
 * again: it holds pages reported intact, which reclaim must write to swap
 * rather than drop.
 */
static void pageable_test_willneed_large_partial(struct kunit *test)
{
	struct pageable *obj = test_large_object(test);

	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 512), 0);
	KUNIT_ASSERT_EQ(test, pageable_willneed(obj, 0, 256, NULL), 0);
	KUNIT_EXPECT_TRUE(test, test_folio_dirty(test, obj, 0));
	KUNIT_ASSERT_EQ(test, pageable_willneed(obj, 256, 256, NULL), 0);
	test_check(test, obj, 0, SZ_2M);
}

/*
 * Unpinning a large folio with PAGEABLE_UNPIN_DIRTY dirties it unless all
 * of its pages in the range are dontneed: a dontneed first page must not
 * hide what the device wrote to the others.
 */
static void pageable_test_unpin_dirty_large(struct kunit *test)
{
	struct pageable *obj = test_large_object(test);
	struct test_pin *pin = test_pin(test, obj, 0, 512);
	struct folio *folio = page_folio(pin->pages[0]);

	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 1), 0);
	/* Clean, as after a writeback: only the device's writes follow. */
	folio_lock(folio);
	folio_clear_dirty_for_io(folio);
	folio_unlock(folio);
	test_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
	KUNIT_EXPECT_TRUE(test, test_folio_dirty(test, obj, 1));
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 1, NULL), 0);
}

/*
 * Pages that the shrinker cannot discard (pinned here) do not stop it from
 * discarding the pages behind them: each scan starts where the last one
 * stopped.
 */
static void pageable_test_shrink_progress(struct kunit *test)
{
	struct pageable *obj = test_create(test, 64 * PAGE_SIZE, 0);
	unsigned long *lost = test_bitmap(test, 64);
	unsigned long freed = 0;
	struct test_pin *pin;
	unsigned int i;

	test_fill(test, obj, 0, 64 * PAGE_SIZE);
	pin = test_pin(test, obj, 0, 32);
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 64), 0);
	for (i = 0; i < 8 && freed < 32; i++)
		freed += pageable_shrink(obj, 16, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, freed, 32);
	test_unpin(test, pin, 0);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 64, lost), 32);
	KUNIT_EXPECT_EQ(test, find_first_bit(lost, 64), 32);
}

/*
 * A hole punched through the object's file (pageable_file(), as drivers
 * that use the file may do) under pages that a write-combined mapping
 * holds takes their folios out of the page cache.  Once the driver has
 * revoked its mapping, the allocator holds a new folio in place of the
 * old one when the page is touched again, forgets the old ones with
 * write-back caching back, and drops only its own references: nothing is
 * held or unevictable afterwards, and the contents are what was written
 * since.
 */
static void pageable_test_punch_held(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	long held = pageable_nr_held_pages();
	struct pageable_stats st;
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	if (!IS_ENABLED(CONFIG_SHMEM))
		test_skip(test, "ramfs cannot punch holes");
	test_fill(test, obj, 0, len);
	file = test_file(test, obj, &test_mmap_wc_fops);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	buf = test_alloc(test, PAGE_SIZE);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr +
						     i * PAGE_SIZE, 1), 0);
	KUNIT_ASSERT_EQ(test, test_stat(obj).held, TEST_PAGES);

	KUNIT_ASSERT_EQ(test, vfs_fallocate(pageable_file(obj, NULL),
					    FALLOC_FL_PUNCH_HOLE |
					    FALLOC_FL_KEEP_SIZE,
					    0, 2 * PAGE_SIZE), 0);
	/* The driver revokes its mapping, as a DRM purge does. */
	unmap_mapping_range(file->f_mapping, 0, len, 1);
	/* Page 1 again: a new folio, held in place of the punched one. */
	memset(buf, 0x3c, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr + PAGE_SIZE,
					   buf, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES);

	/* Page 0's old folio, page 1's new one, pages 2 and 3. */
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL),
			TEST_PAGES);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	KUNIT_EXPECT_FALSE(test, st.unevictable);
	KUNIT_EXPECT_EQ(test, pageable_nr_held_pages(), held);

	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, PAGE_SIZE), PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, test_read(obj, PAGE_SIZE, buf, PAGE_SIZE),
			PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], 0x3c);
	test_check(test, obj, 2 * PAGE_SIZE, 2 * PAGE_SIZE);
}

/*
 * A hole punched under pinned pages takes them out of the object, as for
 * any tmpfs file with pinned pages: the pinner keeps its pages until it
 * unpins, and the counts come back to zero.
 */
static void pageable_test_punch_pinned(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	long pinned = pageable_nr_pinned_pages();
	struct pageable_stats st;
	struct test_pin *pin;
	u8 *buf;

	if (!IS_ENABLED(CONFIG_SHMEM))
		test_skip(test, "ramfs cannot punch holes");
	test_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	pin = test_pin(test, obj, 0, 2);
	KUNIT_ASSERT_EQ(test, vfs_fallocate(pageable_file(obj, NULL),
					    FALLOC_FL_PUNCH_HOLE |
					    FALLOC_FL_KEEP_SIZE,
					    0, PAGE_SIZE), 0);
	/* The device still writes its page. */
	memset(page_address(pin->pages[0]), 0x77, PAGE_SIZE);
	test_unpin(test, pin, PAGEABLE_UNPIN_DIRTY);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_FALSE(test, st.unevictable);
	KUNIT_EXPECT_EQ(test, pageable_nr_pinned_pages(), pinned);

	buf = test_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, PAGE_SIZE), PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, PAGE_SIZE));
	test_check(test, obj, PAGE_SIZE, 3 * PAGE_SIZE);
}

/*
 * The fault handler of a write-combined mapping serves the object's pages
 * and no more: mremap() cannot grow the mapping past them.
 */
static void pageable_test_mmap_no_expand(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct vm_area_struct *vma;
	unsigned long addr;
	vm_flags_t flags = 0;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	addr = kunit_vm_mmap(test, test_file(test, obj, &test_mmap_wc_fops),
			     0, 2 * PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, addr);
	if (vma)
		flags = vma->vm_flags;
	mmap_read_unlock(current->mm);
	KUNIT_EXPECT_TRUE(test, flags & VM_DONTEXPAND);
	KUNIT_EXPECT_TRUE(test, flags & VM_PFNMAP);
}

/*
 * A write-combined vmap must not alias pages that a write-back user
 * mapping may map: it is refused once the object was mapped write-back
 * (which fixes the caching of its user mappings), and a write-back user
 * mapping is refused while a write-combined vmap exists.
 */
static void pageable_test_vmap_wc_over_mmap(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	pgprot_t wc = pgprot_writecombine(PAGE_KERNEL);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct test_vmap *map;
	unsigned long addr;
	void *vaddr;
	u8 byte;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	test_fill(test, obj, 0, len);
	addr = kunit_vm_mmap(test, test_driver_file(test, obj), 0, len,
			     PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	vaddr = pageable_vmap(obj, 0, 1, wc);
	KUNIT_EXPECT_PTR_EQ(test, vaddr, ERR_PTR(-EINVAL));
	if (!IS_ERR(vaddr))
		pageable_vunmap(obj, vaddr, 0);
	KUNIT_ASSERT_EQ(test, vm_munmap(addr, len), 0);
	vaddr = pageable_vmap(obj, 3, 1, wc);
	KUNIT_EXPECT_PTR_EQ(test, vaddr, ERR_PTR(-EINVAL));
	if (!IS_ERR(vaddr))
		pageable_vunmap(obj, vaddr, 0);

	/* The other order. */
	obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	map = test_vmap(test, obj, 2, 1, wc);
	addr = kunit_vm_mmap(test, test_driver_file(test, obj), 0, len,
			     PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	test_vunmap(test, map, 0);
}

/*
 * Reads and writes refuse a poisoned page with -EIO, as tmpfs does, and
 * still serve the other pages.
 */
static void pageable_test_hwpoison(struct kunit *test)
{
	struct pageable *obj = test_create(test, 2 * PAGE_SIZE, 0);
	struct test_pin *pin;
	struct page *page;
	u8 buf[16];

	if (!IS_ENABLED(CONFIG_MEMORY_FAILURE))
		test_skip(test, "needs CONFIG_MEMORY_FAILURE");
	test_fill(test, obj, 0, 2 * PAGE_SIZE);
	/* The pin keeps the poisoned page out of reclaim and the allocator. */
	pin = test_pin(test, obj, 1, 1);
	page = pin->pages[0];
	SetPageHWPoison(page);
	KUNIT_EXPECT_EQ(test, test_read(obj, PAGE_SIZE + 8, buf, sizeof(buf)),
			-EIO);
	KUNIT_EXPECT_EQ(test, test_write(obj, PAGE_SIZE + 8, buf, sizeof(buf)),
			-EIO);
	KUNIT_EXPECT_EQ(test, test_read(obj, 8, buf, sizeof(buf)),
			sizeof(buf));
	ClearPageHWPoison(page);
	test_unpin(test, pin, 0);
	test_check(test, obj, 0, 2 * PAGE_SIZE);
}

/*
 * Pages that a write-combined mapping holds are charged to the object's
 * memory cgroup, whose reclaim releases them, not to the faulting task's.
 */
static void pageable_test_held_memcg(struct kunit *test)
{
	struct pageable *obj;
	struct mem_cgroup *old;
	struct test_pin *pin;
	unsigned long addr;
	u8 byte;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	if (!suite_memcg || test_memcg_is_root(suite_memcg))
		test_skip(test, "load the suite in a memory cgroup");
	old = set_active_memcg(suite_memcg);
	obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	set_active_memcg(old);

	/* This kthread's mm is in the root cgroup. */
	addr = kunit_vm_mmap(test, test_file(test, obj, &test_mmap_wc_fops),
			     0, PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_ASSERT_EQ(test, test_stat(obj).held, 1);
	pin = test_pin(test, obj, 0, 1);
	KUNIT_EXPECT_PTR_EQ(test, folio_memcg(page_folio(pin->pages[0])),
			    suite_memcg);
	test_unpin(test, pin, 0);
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
	struct pageable *obj = test_create(test, 8 * PAGE_SIZE, 0);
	unsigned long *lost = test_bitmap(test, 8);
	struct pageable_stats st;
	struct test_pin *pin;
	u8 *buf;

	test_fill(test, obj, 0, 8 * PAGE_SIZE);
	/* Allocates under the object's mutex: lockdep learns that order. */
	KUNIT_ASSERT_EQ(test, pageable_dontneed(obj, 0, 2), 0);
	pageable_pageout(obj, 6, 2);

	pin = test_pin(test, obj, 4, 1);
	fs_reclaim_acquire(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, pageable_purge(obj), -EBUSY);
	fs_reclaim_release(GFP_KERNEL);
	test_unpin(test, pin, 0);

	fs_reclaim_acquire(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, pageable_purge(obj), 0);
	fs_reclaim_release(GFP_KERNEL);
	st = test_stat(obj);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
	KUNIT_EXPECT_EQ(test, st.swapped, 0);
	KUNIT_EXPECT_EQ(test, pageable_willneed(obj, 0, 8, lost), 2);
	KUNIT_EXPECT_EQ(test, find_first_zero_bit(lost, 8), 2);
	buf = test_alloc(test, 8 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, 8 * PAGE_SIZE),
			8 * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, 8 * PAGE_SIZE));
}

/*
 * Paging out pages of an object whose other pages are pinned leaves
 * nothing on the unevictable LRU once the pin is gone: the pages written
 * to swap move back to the evictable LRUs.
 */
static void pageable_test_pageout_unevictable(struct kunit *test)
{
	struct pageable *obj = test_create(test, 64 * PAGE_SIZE, 0);
	unsigned int i, stranded = 0;
	struct test_pin *pin, *held;

	if (!pageable_swap_enabled())
		test_skip(test, "no swap");
	held = test_pin(test, obj, 0, 1);
	test_fill(test, obj, PAGE_SIZE, 63 * PAGE_SIZE);
	pageable_drain_lrus();
	/* The object is unevictable: its new pages are on that LRU. */
	pin = test_pin(test, obj, 1, 63);
	for (i = 0; i < 63; i++)
		stranded += folio_test_unevictable(page_folio(pin->pages[i]));
	test_unpin(test, pin, 0);
	KUNIT_ASSERT_EQ(test, stranded, 63);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 1, 63), 63);
	test_unpin(test, held, 0);

	/*
	 * Pinning brings back the very folios from the swap cache: none
	 * of them may still be on the unevictable LRU.
	 */
	stranded = 0;
	pin = test_pin(test, obj, 1, 63);
	for (i = 0; i < 63; i++)
		stranded += folio_test_unevictable(page_folio(pin->pages[i]));
	test_unpin(test, pin, 0);
	KUNIT_EXPECT_EQ(test, stranded, 0);
	test_check(test, obj, PAGE_SIZE, 63 * PAGE_SIZE);
}

/*
 * Page indexes past 2^32 work wherever the allocator keeps per-page
 * state: held pages of a write-combined mapping, and the dontneed state,
 * which an object that large gets -ENOMEM for, without a warning.
 */
static void pageable_test_huge_index(struct kunit *test)
{
	u64 pages = (1ULL << 32) + 16;
	struct pageable *obj;
	unsigned long addr;
	u8 byte = 0x5a;

	if (!IS_ENABLED(CONFIG_X86) || !IS_ENABLED(CONFIG_64BIT))
		test_skip(test, "caching changes are only tested on x86-64");
	obj = test_create(test, pages << PAGE_SHIFT, PAGEABLE_NORESERVE);
	addr = kunit_vm_mmap(test, test_file(test, obj, &test_mmap_wc_fops),
			     0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			     (pages - 1) << PAGE_SHIFT);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 1);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 1);
	byte = 0;
	KUNIT_ASSERT_EQ(test, test_read(obj, (pages - 1) << PAGE_SHIFT, &byte,
					1), 1);
	KUNIT_EXPECT_EQ(test, byte, 0x5a);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, pages - 1, 1), -ENOMEM);
}

/* The zone of the page that user address @addr maps, or -1. */
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
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *movable;
	struct test_pin *pin;
	unsigned long addr;
	u8 byte;

	pin = test_pin(test, obj, 0, 2);
	KUNIT_EXPECT_TRUE(test,
			  folio_maybe_dma_pinned(page_folio(pin->pages[1])));
	test_unpin(test, pin, 0);

	movable = test_create(test, TEST_PAGES * PAGE_SIZE, PAGEABLE_MOVABLE);
	test_fill(test, movable, 0, TEST_PAGES * PAGE_SIZE);
	if (test_cache_zone(movable, 0) != ZONE_MOVABLE)
		test_skip(test, "no ZONE_MOVABLE: boot with movablecore=");
	addr = kunit_vm_mmap(test, test_driver_file(test, movable), 0,
			     PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, byte, pattern(0));
	KUNIT_EXPECT_EQ(test, test_stat(movable).held, 1);
	KUNIT_EXPECT_NE(test, test_cache_zone(movable, 0), ZONE_MOVABLE);
}

/*
 * The shrinker waits for nothing that reclaim may hold: a held folio whose
 * lock is taken (migration keeps its source folios locked while it
 * allocates) is skipped, not waited for; and a reclaim context that may
 * not enter the file system releases no held page, as restoring their
 * caching may allocate.
 */
static void pageable_test_shrink_reclaim_ctx(struct kunit *test)
{
	struct pageable *obj = test_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct test_pin *pin;
	struct folio *folio;
	unsigned long addr;
	u8 byte;

	if (!IS_ENABLED(CONFIG_X86))
		test_skip(test, "caching changes are only tested on x86");
	test_fill(test, obj, 0, len);
	addr = kunit_vm_mmap(test, test_file(test, obj, &test_mmap_wc_fops),
			     0, len, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_ASSERT_EQ(test, test_stat(obj).held, TEST_PAGES);

	pin = test_pin(test, obj, 0, 1);
	folio = page_folio(pin->pages[0]);
	folio_lock(folio);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL),
			TEST_PAGES - 1);
	folio_unlock(folio);
	test_unpin(test, pin, 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 1);

	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_NOFS), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 1);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 0);
}

/* Word @i of the pattern of the pressure test. */
static u64 pressure_word(u64 seed, u64 i)
{
	return (i + 1) * 0x9e3779b97f4a7c15ULL ^ seed;
}

/* Fill @obj with pressure_word(), 1 MiB at a time; dontneed each chunk. */
static void pressure_fill(struct kunit *test, struct pageable *obj, u64 seed,
			  bool dontneed)
{
	size_t chunk = SZ_1M, words = chunk / sizeof(u64);
	u64 *buf = test_alloc(test, chunk);
	u64 pos, i;

	for (pos = 0; pos < pageable_size(obj); pos += chunk) {
		for (i = 0; i < words; i++)
			buf[i] = pressure_word(seed, pos / sizeof(u64) + i);
		KUNIT_ASSERT_EQ(test, test_write(obj, pos, buf, chunk),
				(ssize_t)chunk);
		if (dontneed)
			KUNIT_ASSERT_EQ(test, 0,
					pageable_dontneed(obj, pos >> PAGE_SHIFT,
							  chunk >> PAGE_SHIFT));
		cond_resched();
	}
	test_free(test, buf);
}

/*
 * Check @obj page by page: pages set in @lost must be zeroes, the others
 * must hold the pattern.  Returns the number of pages checked intact.
 */
static unsigned long pressure_check(struct kunit *test, struct pageable *obj,
				    u64 seed, const unsigned long *lost)
{
	size_t words = PAGE_SIZE / sizeof(u64);
	unsigned long index, intact = 0;
	u64 *buf = test_alloc(test, PAGE_SIZE);
	u64 i;

	for (index = 0; index < pageable_size(obj) >> PAGE_SHIFT; index++) {
		bool zero = lost && test_bit(index, lost);

		KUNIT_ASSERT_EQ(test, test_read(obj, (loff_t)index << PAGE_SHIFT,
						buf, PAGE_SIZE),
				(ssize_t)PAGE_SIZE);
		for (i = 0; i < words; i++)
			KUNIT_ASSERT_EQ_MSG(test, buf[i], zero ? 0 :
					    pressure_word(seed,
							  index * words + i),
					    "page %lu word %llu", index, i);
		intact += !zero;
		cond_resched();
	}
	test_free(test, buf);
	return intact;
}

/*
 * Under the memory.max of the cgroup the suite was loaded in: a dontneed
 * set twice the limit is reclaimed with (almost) no swap writes, while a
 * normal object of the same size is swapped and comes back intact.  The
 * harness runs the suite in a cgroup with a 64 MiB limit.
 */
static void pageable_test_dontneed_pressure(struct kunit *test)
{
	unsigned long limit, pages, pswp0, pswp1, pswp2, swapped, intact;
	struct pageable *state, *ctl;
	struct mem_cgroup *old;
	unsigned long *lost;
	long nr_lost;

	if (!pageable_swap_enabled())
		test_skip(test, "no swap: swapon before loading the suite");
	if (!suite_memcg)
		test_skip(test, "load the suite in a memory cgroup");
	limit = test_memcg_max(suite_memcg);
	if (limit > SZ_256M >> PAGE_SHIFT)
		test_skip(test, "memory.max of the suite's cgroup is above 256M");

	pages = 2 * limit;
	old = set_active_memcg(suite_memcg);
	state = pageable_create((u64)pages << PAGE_SHIFT, 0);
	ctl = pageable_create((u64)pages << PAGE_SHIFT, 0);
	set_active_memcg(old);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, state);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, pageable_put_action, state));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctl);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, pageable_put_action, ctl));
	lost = test_bitmap(test, pages);

	pswp0 = test_pswpout(test);
	pressure_fill(test, state, 1, true);
	pswp1 = test_pswpout(test);
	pressure_fill(test, ctl, 2, false);
	pageable_reclaim_memcg(suite_memcg, limit);
	swapped = test_stat(ctl).swapped;
	pswp2 = test_pswpout(test);

	kunit_info(test, "memory.max %lu pages; dontneed set %lu pages: pswpout +%lu; control %lu pages: pswpout +%lu, %lu swapped\n",
		   limit, pages, pswp1 - pswp0, pages, pswp2 - pswp1, swapped);
	KUNIT_EXPECT_LT(test, pswp1 - pswp0, pages / 8);
	KUNIT_EXPECT_GE(test, swapped, pages / 4);
	KUNIT_EXPECT_EQ(test, pressure_check(test, ctl, 2, NULL), pages);

	nr_lost = pageable_willneed(state, 0, pages, lost);
	KUNIT_ASSERT_GE(test, nr_lost, 0);
	intact = pressure_check(test, state, 1, lost);
	kunit_info(test, "dontneed set: %ld pages discarded, %lu intact and verified\n",
		   nr_lost, intact);
	KUNIT_EXPECT_EQ(test, intact + nr_lost, pages);
	KUNIT_EXPECT_GE(test, (unsigned long)nr_lost, pages / 2);
}

/*
 * Concurrency stress: STRESS_THREADS threads (the test's own, which has a
 * user address space, and kthreads) share STRESS_OBJS objects.  Each
 * thread owns a chunk of every object and writes, reads, pins, vmaps,
 * maps, declares dontneed and takes back only its chunk, but pages out
 * and reads whole objects, and creates and releases objects of its own.
 * The objects are charged to the suite's memcg and their total size is
 * above its limit, so reclaim swaps them while the threads run.  Every
 * byte is checked against a model of what each thread wrote.
 */
static unsigned int stress_ms = 3000;
module_param(stress_ms, uint, 0444);
MODULE_PARM_DESC(stress_ms, "Duration of the concurrency stress test (ms)");

#define STRESS_THREADS	4
#define STRESS_CHUNK	32	/* pages a thread owns in each object */
#define STRESS_OBJ_PAGES (STRESS_THREADS * STRESS_CHUNK)
#define STRESS_RUN	8	/* longest range of one operation */

enum stress_op {
	STRESS_WRITE, STRESS_READ, STRESS_PIN, STRESS_VMAP, STRESS_DONTNEED,
	STRESS_WILLNEED, STRESS_PAGEOUT, STRESS_READ_ALL, STRESS_GET_PUT,
	STRESS_CHURN, STRESS_MMAP, STRESS_NR_OPS
};

static const char * const stress_op_names[STRESS_NR_OPS] = {
	"write", "read", "pin", "vmap", "dontneed", "willneed", "pageout",
	"read-all", "get-put", "churn", "mmap",
};

struct stress;

struct stress_thread {
	struct stress *s;
	unsigned int id;
	struct rnd_state rnd;
	struct task_struct *task;
	struct completion done;
	u32 *gen;		/* [obj][page of chunk]: 0 is zeroes */
	unsigned long *dontneed;/* [obj][page of chunk] */
	void *buf;		/* STRESS_RUN pages */
	unsigned long ops[STRESS_NR_OPS];
	unsigned long busy, lost, bad;
	char err[128];
};

struct stress {
	struct pageable **objs;
	char __user **maps;
	unsigned int nr_objs;
	struct mem_cgroup *memcg;
	struct stress_thread t[STRESS_THREADS];
};

static u32 stress_word(unsigned int obj, pgoff_t page, u32 gen, unsigned int i)
{
	return gen ? (obj << 20 ^ page << 8 ^ gen) + i * 0x9e3779b1 : 0;
}

static u32 *stress_gen(struct stress_thread *t, unsigned int obj, pgoff_t p)
{
	return &t->gen[obj * STRESS_CHUNK + p];
}

static bool stress_is_dontneed(struct stress_thread *t, unsigned int obj,
			       pgoff_t p)
{
	return test_bit(obj * STRESS_CHUNK + p, t->dontneed);
}

/* Page @p of the thread's chunk in the object. */
static pgoff_t stress_index(struct stress_thread *t, pgoff_t p)
{
	return t->id * STRESS_CHUNK + p;
}

static void stress_fail(struct stress_thread *t, const char *what,
			unsigned int obj, pgoff_t p, long val)
{
	if (!t->bad++)
		snprintf(t->err, sizeof(t->err), "thread %u %s: object %u page %lu: %ld",
			 t->id, what, obj, stress_index(t, p), val);
}

static void stress_fill_page(void *dst, unsigned int obj, pgoff_t index,
			     u32 gen)
{
	u32 *w = dst;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		w[i] = stress_word(obj, index, gen, i);
}

/*
 * Check one page of the chunk against the model: a dontneed page may also
 * read as zeroes.
 */
static void stress_check_page(struct stress_thread *t, const void *src,
			      unsigned int obj, pgoff_t p)
{
	u32 gen = *stress_gen(t, obj, p);
	pgoff_t index = stress_index(t, p);
	const u32 *w = src;
	bool zero = stress_is_dontneed(t, obj, p) && !w[0];
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*w); i++) {
		if (w[i] != (zero ? 0 : stress_word(obj, index, gen, i))) {
			stress_fail(t, "content", obj, p, i);
			return;
		}
	}
}

static bool stress_run_dontneed(struct stress_thread *t, unsigned int obj,
				pgoff_t p, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (stress_is_dontneed(t, obj, p + i))
			return true;
	return false;
}

static struct pageable *stress_obj(struct stress_thread *t, unsigned int obj)
{
	return t->s->objs[obj];
}

static long stress_io(struct stress_thread *t, unsigned int obj, pgoff_t p,
		      unsigned int nr, bool write)
{
	loff_t pos = (loff_t)stress_index(t, p) << PAGE_SHIFT;
	struct kvec kvec = { .iov_base = t->buf, .iov_len = nr * PAGE_SIZE };
	struct iov_iter iter;

	iov_iter_kvec(&iter, write ? ITER_SOURCE : ITER_DEST, &kvec, 1,
		      kvec.iov_len);
	if (write)
		return pageable_write(stress_obj(t, obj), pos, &iter,
				      PAGEABLE_INTENT_CPU);
	return pageable_read(stress_obj(t, obj), pos, &iter,
			     PAGEABLE_INTENT_CPU);
}

static void stress_write(struct stress_thread *t, unsigned int obj, pgoff_t p,
			 unsigned int nr)
{
	bool busy = stress_run_dontneed(t, obj, p, nr);
	unsigned int i;
	long ret;

	for (i = 0; i < nr; i++)
		stress_fill_page(t->buf + i * PAGE_SIZE, obj,
				 stress_index(t, p + i),
				 *stress_gen(t, obj, p + i) + 1);
	ret = stress_io(t, obj, p, nr, true);
	if (busy) {
		if (ret != -EBUSY)
			stress_fail(t, "write of dontneed", obj, p, ret);
		t->busy++;
		return;
	}
	if (ret != nr * PAGE_SIZE) {
		stress_fail(t, "write", obj, p, ret);
		return;
	}
	for (i = 0; i < nr; i++)
		++*stress_gen(t, obj, p + i);
}

static void stress_read(struct stress_thread *t, unsigned int obj, pgoff_t p,
			unsigned int nr)
{
	unsigned int i;
	long ret;

	ret = stress_io(t, obj, p, nr, false);
	if (ret != nr * PAGE_SIZE) {
		stress_fail(t, "read", obj, p, ret);
		return;
	}
	for (i = 0; i < nr; i++)
		stress_check_page(t, t->buf + i * PAGE_SIZE, obj, p + i);
}

/* Pin, check, write one page through the pin, unpin dirty. */
static void stress_pin(struct stress_thread *t, unsigned int obj, pgoff_t p,
		       unsigned int nr)
{
	struct page *pages[STRESS_RUN];
	bool busy = stress_run_dontneed(t, obj, p, nr);
	void *addr;
	unsigned int i;
	int ret;

	ret = pageable_pin(stress_obj(t, obj), stress_index(t, p), nr, pages);
	if (busy || ret) {
		if (!busy || ret != -EBUSY)
			stress_fail(t, "pin", obj, p, ret);
		t->busy += busy;
		if (!ret)
			pageable_unpin(stress_obj(t, obj), stress_index(t, p),
				       nr, pages, 0);
		return;
	}
	for (i = 0; i < nr; i++) {
		addr = kmap_local_page(pages[i]);
		stress_check_page(t, addr, obj, p + i);
		kunmap_local(addr);
	}
	i = prandom_u32_state(&t->rnd) % nr;
	addr = kmap_local_page(pages[i]);
	stress_fill_page(addr, obj, stress_index(t, p + i),
			 ++*stress_gen(t, obj, p + i));
	kunmap_local(addr);
	ret = pageable_unpin(stress_obj(t, obj), stress_index(t, p), nr, pages,
			     PAGEABLE_UNPIN_DIRTY);
	if (ret)
		stress_fail(t, "unpin", obj, p, ret);
}

static void stress_vmap(struct stress_thread *t, unsigned int obj, pgoff_t p,
			unsigned int nr)
{
	bool busy = stress_run_dontneed(t, obj, p, nr);
	unsigned int i;
	void *vaddr;
	int ret;

	vaddr = pageable_vmap(stress_obj(t, obj), stress_index(t, p), nr,
			      PAGE_KERNEL);
	if (busy || IS_ERR(vaddr)) {
		if (!busy || PTR_ERR(vaddr) != -EBUSY)
			stress_fail(t, "vmap", obj, p, PTR_ERR_OR_ZERO(vaddr));
		t->busy += busy;
		if (!IS_ERR(vaddr))
			pageable_vunmap(stress_obj(t, obj), vaddr, 0);
		return;
	}
	for (i = 0; i < nr; i++)
		stress_check_page(t, vaddr + i * PAGE_SIZE, obj, p + i);
	i = prandom_u32_state(&t->rnd) % nr;
	stress_fill_page(vaddr + i * PAGE_SIZE, obj, stress_index(t, p + i),
			 ++*stress_gen(t, obj, p + i));
	ret = pageable_vunmap(stress_obj(t, obj), vaddr, PAGEABLE_UNPIN_DIRTY);
	if (ret)
		stress_fail(t, "vunmap", obj, p, ret);
}

static void stress_dontneed(struct stress_thread *t, unsigned int obj,
			    pgoff_t p, unsigned int nr)
{
	int ret;

	ret = pageable_dontneed(stress_obj(t, obj), stress_index(t, p), nr);
	if (ret) {
		stress_fail(t, "dontneed", obj, p, ret);
		return;
	}
	bitmap_set(t->dontneed, obj * STRESS_CHUNK + p, nr);
}

/* Take a range back: lost pages read as zeroes until rewritten. */
static void stress_willneed(struct stress_thread *t, unsigned int obj,
			    pgoff_t p, unsigned int nr)
{
	unsigned long lost = 0;
	unsigned int i;
	long ret;

	ret = pageable_willneed(stress_obj(t, obj), stress_index(t, p), nr,
				&lost);
	if (ret != bitmap_weight(&lost, nr)) {
		stress_fail(t, "willneed", obj, p, ret);
		return;
	}
	for (i = 0; i < nr; i++) {
		if (!test_bit(i, &lost))
			continue;
		if (!stress_is_dontneed(t, obj, p + i))
			stress_fail(t, "lost a page not dontneed", obj, p + i,
				    0);
		*stress_gen(t, obj, p + i) = 0;
	}
	t->lost += ret;
	bitmap_clear(t->dontneed, obj * STRESS_CHUNK + p, nr);
	/* What survived is intact, what was lost is zeroes. */
	stress_read(t, obj, p, nr);
}

/* Read the whole object: the other threads' chunks change meanwhile. */
static void stress_read_all(struct stress_thread *t, unsigned int obj)
{
	struct kvec kvec = { .iov_base = t->buf, .iov_len = STRESS_RUN * PAGE_SIZE };
	struct pageable *o = stress_obj(t, obj);
	pgoff_t first = stress_index(t, 0);
	struct iov_iter iter;
	loff_t pos;
	pgoff_t i;
	long ret;

	for (pos = 0; pos < pageable_size(o); pos += kvec.iov_len) {
		iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, kvec.iov_len);
		ret = pageable_read(o, pos, &iter, PAGEABLE_INTENT_CPU);
		if (ret != kvec.iov_len) {
			stress_fail(t, "read-all", obj, 0, ret);
			return;
		}
		for (i = 0; i < STRESS_RUN; i++) {
			pgoff_t index = (pos >> PAGE_SHIFT) + i;

			if (index >= first && index < first + STRESS_CHUNK)
				stress_check_page(t, t->buf + i * PAGE_SIZE,
						  obj, index - first);
		}
	}
}

/* An object of the thread's own: fill, pin, vmap write-combined, check. */
static void stress_churn(struct stress_thread *t)
{
	static const unsigned int flags[] = {
		0, PAGEABLE_NORESERVE, PAGEABLE_LARGE_FOLIOS, PAGEABLE_DMA32,
	};
	unsigned int nr = 1 + prandom_u32_state(&t->rnd) % STRESS_RUN;
	unsigned int f = flags[prandom_u32_state(&t->rnd) % ARRAY_SIZE(flags)];
	struct kvec kvec = { .iov_base = t->buf, .iov_len = nr * PAGE_SIZE };
	struct page *pages[STRESS_RUN];
	struct iov_iter iter;
	struct pageable *o;
	unsigned int i;
	void *vaddr;
	long ret;

	o = pageable_create(nr * PAGE_SIZE, f);
	if (IS_ERR(o)) {
		stress_fail(t, "create", 0, 0, PTR_ERR(o));
		return;
	}
	for (i = 0; i < nr; i++)
		stress_fill_page(t->buf + i * PAGE_SIZE, 0xfff, i, t->id + 1);
	iov_iter_kvec(&iter, ITER_SOURCE, &kvec, 1, kvec.iov_len);
	ret = pageable_write(o, 0, &iter, PAGEABLE_INTENT_DEVICE);
	if (ret != kvec.iov_len)
		goto fail;
	ret = pageable_pin(o, 0, nr, pages);
	if (ret)
		goto fail;
	vaddr = pageable_vmap(o, 0, nr, pgprot_writecombine(PAGE_KERNEL));
	if (IS_ERR(vaddr)) {
		ret = PTR_ERR(vaddr);
		pageable_unpin(o, 0, nr, pages, 0);
		goto fail;
	}
	ret = memcmp(vaddr, t->buf, nr * PAGE_SIZE) ? -EIO : 0;
	pageable_vunmap(o, vaddr, 0);
	pageable_unpin(o, 0, nr, pages, 0);
	if (ret)
		goto fail;
	/* Sometimes leave it on swap or dontneed for the release. */
	if (prandom_u32_state(&t->rnd) & 1)
		pageable_pageout(o, 0, nr);
	else
		pageable_dontneed(o, 0, nr);
	pageable_put(o);
	return;
fail:
	stress_fail(t, "own object", 0, 0, ret);
	pageable_put(o);
}

/* Through the test's user mapping of the object: read or write a page. */
static void stress_mmap(struct stress_thread *t, unsigned int obj, pgoff_t p)
{
	char __user *uaddr = t->s->maps[obj] + stress_index(t, p) * PAGE_SIZE;

	if (stress_is_dontneed(t, obj, p))
		return;
	if (prandom_u32_state(&t->rnd) & 1) {
		if (copy_from_user(t->buf, uaddr, PAGE_SIZE))
			stress_fail(t, "mmap read", obj, p, -EFAULT);
		else
			stress_check_page(t, t->buf, obj, p);
		return;
	}
	stress_fill_page(t->buf, obj, stress_index(t, p),
			 *stress_gen(t, obj, p) + 1);
	if (copy_to_user(uaddr, t->buf, PAGE_SIZE))
		stress_fail(t, "mmap write", obj, p, -EFAULT);
	else
		++*stress_gen(t, obj, p);
}

static void stress_step(struct stress_thread *t)
{
	/* Only thread 0 has an address space with the mappings. */
	unsigned int op = prandom_u32_state(&t->rnd) %
			  (t->id ? STRESS_MMAP : STRESS_NR_OPS);
	unsigned int obj = prandom_u32_state(&t->rnd) % t->s->nr_objs;
	unsigned int nr = 1 + prandom_u32_state(&t->rnd) % STRESS_RUN;
	pgoff_t p = prandom_u32_state(&t->rnd) % (STRESS_CHUNK - nr + 1);
	struct pageable *ref;

	switch (op) {
	case STRESS_WRITE:
		stress_write(t, obj, p, nr);
		break;
	case STRESS_READ:
		stress_read(t, obj, p, nr);
		break;
	case STRESS_PIN:
		stress_pin(t, obj, p, nr);
		break;
	case STRESS_VMAP:
		stress_vmap(t, obj, p, nr);
		break;
	case STRESS_DONTNEED:
		stress_dontneed(t, obj, p, nr);
		break;
	case STRESS_WILLNEED:
		stress_willneed(t, obj, p, nr);
		break;
	case STRESS_PAGEOUT:
		if (pageable_pageout(stress_obj(t, obj), 0, STRESS_OBJ_PAGES) < 0)
			stress_fail(t, "pageout", obj, 0, -1);
		break;
	case STRESS_READ_ALL:
		stress_read_all(t, obj);
		break;
	case STRESS_GET_PUT:
		ref = pageable_get(stress_obj(t, obj));
		if (test_stat(ref).size != STRESS_OBJ_PAGES * PAGE_SIZE)
			stress_fail(t, "stat", obj, 0, 0);
		pageable_put(ref);
		break;
	case STRESS_CHURN:
		stress_churn(t);
		break;
	case STRESS_MMAP:
		stress_mmap(t, obj, p);
		break;
	}
	t->ops[op]++;
}

/* Fill the thread's chunks, then run random operations for stress_ms. */
static void stress_loop(struct stress_thread *t)
{
	struct mem_cgroup *old = set_active_memcg(t->s->memcg);
	unsigned long deadline;
	unsigned int obj;
	pgoff_t p;

	for (obj = 0; obj < t->s->nr_objs; obj++)
		for (p = 0; p < STRESS_CHUNK; p += STRESS_RUN)
			stress_write(t, obj, p, STRESS_RUN);
	deadline = jiffies + msecs_to_jiffies(stress_ms);
	while (time_before(jiffies, deadline) && t->bad < 10) {
		stress_step(t);
		cond_resched();
	}
	set_active_memcg(old);
}

static int stress_kthread(void *data)
{
	struct stress_thread *t = data;

	stress_loop(t);
	complete(&t->done);
	return 0;
}

/* Take everything back and check every page of every chunk. */
static void stress_verify(struct stress_thread *t)
{
	unsigned int obj;
	pgoff_t p;

	for (obj = 0; obj < t->s->nr_objs; obj++)
		for (p = 0; p < STRESS_CHUNK; p += STRESS_RUN)
			stress_willneed(t, obj, p, STRESS_RUN);
}

static void pageable_test_stress(struct kunit *test)
{
	unsigned long limit, ops = 0, busy = 0, lost = 0, pswpout, addr;
	struct stress *s = test_alloc(test, sizeof(*s));
	unsigned int i, op, obj;
	struct mem_cgroup *old;
	struct file *file;
	char line[256];
	int len;

	if (!suite_memcg)
		test_skip(test, "load the suite in a memory cgroup");
	BUILD_BUG_ON(STRESS_CHUNK % STRESS_RUN || BITS_PER_LONG < STRESS_RUN);
	/*
	 * 1.5 times the cgroup's limit (at most 96 MiB) with swap, so that
	 * reclaim runs all along; half of it without.
	 */
	limit = min(test_memcg_max(suite_memcg), SZ_64M >> PAGE_SHIFT);
	s->nr_objs = limit * (pageable_swap_enabled() ? 3 : 1) / 2 /
		     STRESS_OBJ_PAGES;
	s->memcg = suite_memcg;
	s->objs = test_alloc(test, s->nr_objs * sizeof(*s->objs));
	s->maps = test_alloc(test, s->nr_objs * sizeof(*s->maps));
	old = set_active_memcg(suite_memcg);
	for (obj = 0; obj < s->nr_objs; obj++) {
		s->objs[obj] = pageable_create(STRESS_OBJ_PAGES * PAGE_SIZE, 0);
		if (IS_ERR(s->objs[obj]))
			break;
		if (kunit_add_action_or_reset(test, pageable_put_action,
					      s->objs[obj])) {
			s->objs[obj] = ERR_PTR(-ENOMEM);
			break;
		}
	}
	set_active_memcg(old);
	KUNIT_ASSERT_EQ(test, obj, s->nr_objs);
	for (obj = 0; obj < s->nr_objs; obj++) {
		file = test_driver_file(test, s->objs[obj]);
		addr = kunit_vm_mmap(test, file, 0, STRESS_OBJ_PAGES * PAGE_SIZE,
				     PROT_READ | PROT_WRITE, MAP_SHARED, 0);
		KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
		s->maps[obj] = (char __user *)addr;
	}

	for (i = 0; i < STRESS_THREADS; i++) {
		struct stress_thread *t = &s->t[i];

		t->s = s;
		t->id = i;
		prandom_seed_state(&t->rnd, 0x5eed + i);
		init_completion(&t->done);
		t->gen = test_alloc(test, s->nr_objs * STRESS_CHUNK *
					  sizeof(*t->gen));
		t->dontneed = test_bitmap(test, s->nr_objs * STRESS_CHUNK);
		t->buf = test_alloc(test, STRESS_RUN * PAGE_SIZE);
	}
	pswpout = test_pswpout(test);
	/* Thread 0 is this one: it has the user mappings. */
	for (i = 1; i < STRESS_THREADS; i++) {
		s->t[i].task = kthread_run(stress_kthread, &s->t[i],
					   "pageable-stress/%u", i);
		if (IS_ERR(s->t[i].task)) {
			stress_fail(&s->t[i], "kthread_run", 0, 0,
				    PTR_ERR(s->t[i].task));
			complete(&s->t[i].done);
		}
	}
	stress_loop(&s->t[0]);
	for (i = 1; i < STRESS_THREADS; i++)
		wait_for_completion(&s->t[i].done);
	pswpout = test_pswpout(test) - pswpout;

	for (i = 0; i < STRESS_THREADS; i++) {
		struct stress_thread *t = &s->t[i];

		stress_verify(t);
		KUNIT_EXPECT_EQ_MSG(test, t->bad, 0, "%s", t->err);
		for (op = 0; op < STRESS_NR_OPS; op++)
			ops += t->ops[op];
		busy += t->busy;
		lost += t->lost;
	}
	kunit_info(test, "%u threads, %u objects of %u pages (memory.max %lu pages), %u ms: %lu operations, %lu refused busy, %lu pages discarded, pswpout +%lu\n",
		   STRESS_THREADS, s->nr_objs, STRESS_OBJ_PAGES, limit,
		   stress_ms, ops, busy, lost, pswpout);
	len = 0;
	for (op = 0; op < STRESS_NR_OPS; op++) {
		unsigned long n = 0;

		for (i = 0; i < STRESS_THREADS; i++)
			n += s->t[i].ops[op];
		len += scnprintf(line + len, sizeof(line) - len, " %s %lu",
				 stress_op_names[op], n);
	}
	kunit_info(test, "operations:%s\n", line);
	KUNIT_EXPECT_GT(test, ops, 0);
	if (pageable_swap_enabled())
		KUNIT_EXPECT_GT(test, pswpout, 0);
}

static int pageable_suite_init(struct kunit_suite *suite)
{
	/* The cgroup of the task that loads the suite. */
	suite_memcg = get_mem_cgroup_from_mm(current->mm);
	suite_obj = pageable_create(TEST_PAGES * PAGE_SIZE, PAGEABLE_NORESERVE);
	if (IS_ERR(suite_obj)) {
		int ret = PTR_ERR(suite_obj);

		suite_obj = NULL;
		mem_cgroup_put(suite_memcg);
		suite_memcg = NULL;
		return ret;
	}
	return 0;
}

static void pageable_suite_exit(struct kunit_suite *suite)
{
	pageable_put(suite_obj);
	suite_obj = NULL;
	mem_cgroup_put(suite_memcg);
	suite_memcg = NULL;
}

static struct kunit_case pageable_test_cases[] = {
	KUNIT_CASE_PARAM(pageable_test_create_sizes, size_gen_params),
	KUNIT_CASE(pageable_test_create_zero),
	KUNIT_CASE(pageable_test_create_bad_flags),
	KUNIT_CASE(pageable_test_create_too_big),
	KUNIT_CASE(pageable_test_init_retry),
	KUNIT_CASE(pageable_test_untouched),
	KUNIT_CASE(pageable_test_write_read_unaligned),
	KUNIT_CASE(pageable_test_read_hole),
	KUNIT_CASE(pageable_test_io_bounds),
	KUNIT_CASE(pageable_test_pin_content),
	KUNIT_CASE(pageable_test_pin_errors),
	KUNIT_CASE(pageable_test_pin_nested),
	KUNIT_CASE(pageable_test_unpin_split),
	KUNIT_CASE_PARAM(pageable_test_hold_orders, hold_order_gen_params),
	KUNIT_CASE(pageable_test_unbalanced_unpin),
	KUNIT_CASE(pageable_test_vmap_wb),
	KUNIT_CASE(pageable_test_vmap_wc),
	KUNIT_CASE(pageable_test_vmap_uc),
	KUNIT_CASE(pageable_test_vmap_wc_kept),
	KUNIT_CASE(pageable_test_vunmap_busy),
	KUNIT_CASE(pageable_test_vmap_overlap),
	KUNIT_CASE(pageable_test_large_folios),
	KUNIT_CASE(pageable_test_unpin_dirty),
	KUNIT_CASE(pageable_test_pageout_roundtrip),
	KUNIT_CASE(pageable_test_pageout_skips),
	KUNIT_CASE(pageable_test_lock),
	KUNIT_CASE(pageable_test_lock_atomic),
	KUNIT_CASE(pageable_test_file),
	KUNIT_CASE(pageable_test_mmap),
	KUNIT_CASE(pageable_test_mmap_revoke),
	KUNIT_CASE(pageable_test_fault_around),
	KUNIT_CASE(pageable_test_mmap_dirty),
	KUNIT_CASE(pageable_test_revoke),
	KUNIT_CASE(pageable_test_mmap_wc),
	KUNIT_CASE(pageable_test_get_put),
	KUNIT_CASE(pageable_test_cleanup_hook),
	KUNIT_CASE(pageable_test_memcg_worker),
	KUNIT_CASE(pageable_test_suite_object),
	KUNIT_CASE(pageable_test_early_initcall),
	KUNIT_CASE(pageable_test_dontneed_discard),
	KUNIT_CASE(pageable_test_dontneed_partial),
	KUNIT_CASE(pageable_test_willneed_only),
	KUNIT_CASE(pageable_test_dontneed_overlap),
	KUNIT_CASE(pageable_test_dontneed_errors),
	KUNIT_CASE(pageable_test_dontneed_pageout),
	KUNIT_CASE(pageable_test_dontneed_mmap),
	KUNIT_CASE(pageable_test_dontneed_release),
	KUNIT_CASE(pageable_test_bad_input),
	KUNIT_CASE(pageable_test_create_no_commit),
	KUNIT_CASE(pageable_test_lock_rlimit),
	KUNIT_CASE(pageable_test_bad_caching),
	KUNIT_CASE(pageable_test_mmap_alias),
	KUNIT_CASE(pageable_test_release_held),
	KUNIT_CASE(pageable_test_release_wc_vmap),
	KUNIT_CASE(pageable_test_willneed_large_partial),
	KUNIT_CASE(pageable_test_unpin_dirty_large),
	KUNIT_CASE(pageable_test_shrink_progress),
	KUNIT_CASE(pageable_test_shrink_reclaim_ctx),
	KUNIT_CASE(pageable_test_punch_held),
	KUNIT_CASE(pageable_test_punch_pinned),
	KUNIT_CASE(pageable_test_mmap_no_expand),
	KUNIT_CASE(pageable_test_vmap_wc_over_mmap),
	KUNIT_CASE(pageable_test_hwpoison),
	KUNIT_CASE(pageable_test_held_memcg),
	KUNIT_CASE(pageable_test_purge_reclaim),
	KUNIT_CASE(pageable_test_pageout_unevictable),
	KUNIT_CASE(pageable_test_huge_index),
	KUNIT_CASE(pageable_test_pin_longterm),
	KUNIT_CASE_SLOW(pageable_test_dontneed_pressure),
	KUNIT_CASE_SLOW(pageable_test_fault_injection),
	KUNIT_CASE_SLOW(pageable_test_stress),
	{}
};

static struct kunit_suite pageable_test_suite = {
	.name = "pageable",
	.suite_init = pageable_suite_init,
	.suite_exit = pageable_suite_exit,
	.test_cases = pageable_test_cases,
};

kunit_test_suite(pageable_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests for the pageable object allocator");
MODULE_LICENSE("GPL");
