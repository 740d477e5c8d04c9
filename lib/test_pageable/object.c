// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pageable object allocator: objects: create, read and
 * write, pageout, lock, file, reference counting and bad input.
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

#include "../../mm/pageable.h"
#include "helpers.h"

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
		u8 want = (i >= start && i < start + len) ? test_pattern(i) : 0;

		KUNIT_ASSERT_EQ_MSG(test, buf[i], want, "offset %zu", i);
	}

	/* Odd-sized reads at odd offsets. */
	for (pos = start; pos < start + len; pos += 13) {
		size_t n = min_t(size_t, 13, start + len - pos);

		KUNIT_ASSERT_EQ(test, test_read(obj, pos, buf, n), (ssize_t)n);
		for (i = 0; i < n; i++)
			KUNIT_ASSERT_EQ(test, buf[i], test_pattern(pos + i));
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

#define SWAP_PAGES	64

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
		if (p[j] != test_pattern(j))
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
		KUNIT_EXPECT_EQ(test, buf[i], test_pattern(PAGE_SIZE + 1 + i));
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

static struct kunit_case pageable_object_cases[] = {
	KUNIT_CASE_PARAM(pageable_test_create_sizes, size_gen_params),
	KUNIT_CASE(pageable_test_create_zero),
	KUNIT_CASE(pageable_test_create_bad_flags),
	KUNIT_CASE(pageable_test_create_too_big),
	KUNIT_CASE(pageable_test_init_retry),
	KUNIT_CASE(pageable_test_untouched),
	KUNIT_CASE(pageable_test_write_read_unaligned),
	KUNIT_CASE(pageable_test_read_hole),
	KUNIT_CASE(pageable_test_io_bounds),
	KUNIT_CASE(pageable_test_pageout_roundtrip),
	KUNIT_CASE(pageable_test_pageout_skips),
	KUNIT_CASE(pageable_test_lock),
	KUNIT_CASE(pageable_test_lock_atomic),
	KUNIT_CASE(pageable_test_file),
	KUNIT_CASE(pageable_test_get_put),
	KUNIT_CASE(pageable_test_cleanup_hook),
	KUNIT_CASE(pageable_test_memcg_worker),
	KUNIT_CASE(pageable_test_suite_object),
	KUNIT_CASE(pageable_test_early_initcall),
	KUNIT_CASE(pageable_test_bad_input),
	KUNIT_CASE(pageable_test_create_no_commit),
	KUNIT_CASE(pageable_test_lock_rlimit),
	KUNIT_CASE(pageable_test_pageout_unevictable),
	KUNIT_CASE(pageable_test_huge_index),
	{}
};

static struct kunit_suite pageable_object_suite = {
	.name = "pageable_object",
	.suite_init = pageable_test_suite_init,
	.suite_exit = pageable_test_suite_exit,
	.test_cases = pageable_object_cases,
};

kunit_test_suite(pageable_object_suite);
