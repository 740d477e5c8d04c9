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
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/pageable.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
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

/* An object that lives as long as the suite. */
static struct pageable *suite_obj;

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
	struct pageable *obj = ptest_create(test, c->size, PAGEABLE_NORESERVE);
	struct pageable_stats st = ptest_stat(obj);
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
	struct pageable *obj = ptest_create(test, 0, 0);
	struct page *page;
	u8 byte = 0;

	KUNIT_EXPECT_EQ(test, pageable_size(obj), 0);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, 0, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 0, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, pageable_pin(obj, 0, 1, &page), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 0, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_purge(obj), 0);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, pageable_file(obj, NULL));

	obj = ptest_create(test, 0, PAGEABLE_NORESERVE);
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
	struct pageable *obj = ptest_create(test, 2 * PAGE_SIZE,
					   PAGEABLE_NORESERVE);
	u8 *buf = ptest_alloc(test, 2 * PAGE_SIZE);
	struct pageable_stats st;
	size_t i;

	kunit_info(test, "slab object size %u bytes\n",
		   pageable_object_size());
	KUNIT_EXPECT_GT(test, pageable_object_size(), 0);
	/* Lock debugging and KASAN make the object larger. */
	if (!IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) && !IS_ENABLED(CONFIG_KASAN))
		KUNIT_EXPECT_LT(test, pageable_object_size(), 256);

	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
	KUNIT_EXPECT_EQ(test, st.swapped, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_FALSE(test, st.has_inode);

	memset(buf, 0xaa, 2 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, 2 * PAGE_SIZE),
			(ssize_t)(2 * PAGE_SIZE));
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], 0);
	st = ptest_stat(obj);
	KUNIT_EXPECT_FALSE(test, st.has_inode);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
}

/* Data written at unaligned offsets reads back byte by byte. */
static void pageable_test_write_read_unaligned(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t size = TEST_PAGES * PAGE_SIZE;
	loff_t start = PAGE_SIZE - 3;
	size_t len = 2 * PAGE_SIZE + 7;
	u8 *buf = ptest_alloc(test, size);
	loff_t pos;
	size_t i;

	ptest_fill(test, obj, start, len);

	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, size), (ssize_t)size);
	for (i = 0; i < size; i++) {
		u8 want = (i >= start && i < start + len) ? ptest_pattern(i) : 0;

		KUNIT_ASSERT_EQ_MSG(test, buf[i], want, "offset %zu", i);
	}

	/* Odd-sized reads at odd offsets. */
	for (pos = start; pos < start + len; pos += 13) {
		size_t n = min_t(size_t, 13, start + len - pos);

		KUNIT_ASSERT_EQ(test, ptest_read(obj, pos, buf, n), (ssize_t)n);
		for (i = 0; i < n; i++)
			KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(pos + i));
	}
}

/* Holes read as zeroes and are not allocated. */
static void pageable_test_read_hole(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE,
					   PAGEABLE_NORESERVE);
	u8 *buf = ptest_alloc(test, PAGE_SIZE);
	u8 one = 0x5a;
	pgoff_t index;
	size_t i;

	KUNIT_ASSERT_EQ(test, ptest_write(obj, 2 * PAGE_SIZE + 100, &one, 1), 1);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).resident, 1);

	for (index = 0; index < TEST_PAGES; index++) {
		memset(buf, 0xff, PAGE_SIZE);
		KUNIT_ASSERT_EQ(test, ptest_read(obj, index * PAGE_SIZE, buf,
						 PAGE_SIZE),
				(ssize_t)PAGE_SIZE);
		for (i = 0; i < PAGE_SIZE; i++) {
			u8 want = (index == 2 && i == 100) ? one : 0;

			KUNIT_ASSERT_EQ(test, buf[i], want);
		}
	}
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).resident, 1);
}

/* I/O stops at the end of the object; starting beyond it is an error. */
static void pageable_test_io_bounds(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, PAGE_SIZE, 0);
	loff_t size = PAGE_SIZE;
	u8 buf[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct kvec kvec = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct iov_iter iter;

	KUNIT_EXPECT_EQ(test, ptest_write(obj, -1, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, -1, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, size + 1, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, size + 1, buf, 1), -EINVAL);
	iov_iter_kvec(&iter, ITER_SOURCE, &kvec, 1, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pageable_write(obj, 0, &iter, 2), -EINVAL);
	iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pageable_read(obj, 0, &iter, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, size, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, size, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, size - 4, buf, sizeof(buf)), 4);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, ptest_read(obj, size - 4, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_EQ(test, buf[0], 1);
	KUNIT_EXPECT_EQ(test, buf[3], 4);
	KUNIT_EXPECT_EQ(test, buf[4], 0);

	/* I/O ends at the size, not at the end of the last page. */
	obj = ptest_create(test, 100, 0);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 96, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 100, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 101, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, 100, buf, 1), 0);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, 96, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).resident, 1);
}

#define SWAP_PAGES	64

/*
 * pageout writes the object to swap (stat and PSWPOUT show it) and reading
 * brings back every byte.
 */
static void pageable_test_pageout_roundtrip(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, SWAP_PAGES * PAGE_SIZE, 0);
	unsigned long pswpout;
	struct pageable_stats st;
	long written;

	if (!pageable_swap_enabled())
		ptest_skip(test, "no swap: swapon before loading the suite");

	ptest_fill(test, obj, 0, SWAP_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, ptest_stat(obj).resident, SWAP_PAGES);

	pswpout = ptest_pswpout(test);
	written = pageable_pageout(obj, 0, SWAP_PAGES);
	KUNIT_EXPECT_EQ(test, written, SWAP_PAGES);

	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.swapped, SWAP_PAGES);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
	if (IS_ENABLED(CONFIG_VM_EVENT_COUNTERS) && !IS_ENABLED(CONFIG_ZSWAP))
		KUNIT_EXPECT_GE(test, ptest_pswpout(test) - pswpout, SWAP_PAGES);

	ptest_check(test, obj, 0, SWAP_PAGES * PAGE_SIZE);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.swapped, 0);
	KUNIT_EXPECT_EQ(test, st.resident, SWAP_PAGES);

	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, SWAP_PAGES, 1), -EINVAL);
}

/*
 * The shrinker's pageout writes only where reclaim may do I/O, and never
 * waits for a busy object.
 */
static void pageable_test_try_pageout(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);

	ptest_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_try_pageout(obj, 0, 0, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_try_pageout(obj, TEST_PAGES, 1,
						   GFP_NOFS), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_try_pageout(obj, 0, TEST_PAGES,
						   GFP_NOFS), 0);
	KUNIT_EXPECT_EQ(test, pageable_try_pageout(obj, 0, TEST_PAGES,
						   GFP_NOIO), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).resident, TEST_PAGES);

	mutex_lock(pageable_mutex(obj));
	KUNIT_EXPECT_EQ(test, pageable_try_pageout(obj, 0, TEST_PAGES,
						   GFP_KERNEL), -EBUSY);
	mutex_unlock(pageable_mutex(obj));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).swapped, 0);

	if (!pageable_swap_enabled()) {
		KUNIT_EXPECT_EQ(test, pageable_try_pageout(obj, 0, TEST_PAGES,
							   GFP_KERNEL), 0);
		ptest_skip(test, "no swap: swapon before loading the suite");
	}
	KUNIT_EXPECT_EQ(test, pageable_try_pageout(obj, 0, TEST_PAGES,
						   GFP_KERNEL), TEST_PAGES);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).swapped, TEST_PAGES);
	ptest_check(test, obj, 0, TEST_PAGES * PAGE_SIZE);
}

/* pageout leaves pinned pages and locked objects alone. */
static void pageable_test_pageout_skips(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct ptest_pin *pin;
	long written;
	size_t j;
	u8 *p;

	ptest_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	if (!pageable_swap_enabled()) {
		KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, TEST_PAGES), 0);
		ptest_skip(test, "no swap: swapon before loading the suite");
	}

	pin = ptest_pin(test, obj, 0, 1);
	written = pageable_pageout(obj, 0, TEST_PAGES);
	KUNIT_EXPECT_LT(test, written, TEST_PAGES);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).swapped, written);
	KUNIT_EXPECT_GE(test, ptest_stat(obj).resident, 1);
	p = kmap_local_page(pin->pages[0]);
	for (j = 0; j < PAGE_SIZE; j++)
		if (p[j] != ptest_pattern(j))
			break;
	kunmap_local(p);
	KUNIT_EXPECT_EQ(test, j, PAGE_SIZE);
	ptest_unpin(test, pin, 0);
	ptest_check(test, obj, 0, TEST_PAGES * PAGE_SIZE);

	ptest_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	ptest_lock(test, obj);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, TEST_PAGES), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).swapped, 0);
	ptest_unlock(obj);
}

/*
 * lock is idempotent, makes the object unevictable (also when it happens
 * before the object has pages) and unlock undoes it.
 */
static void pageable_test_lock(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable_stats st;

	KUNIT_EXPECT_EQ(test, pageable_lock(obj, NULL), -EINVAL);

	ptest_lock(test, obj);
	KUNIT_EXPECT_EQ(test, pageable_lock(obj, current_ucounts()), 0);
	st = ptest_stat(obj);
	KUNIT_EXPECT_TRUE(test, st.locked);
	KUNIT_EXPECT_TRUE(test, st.unevictable);
	KUNIT_EXPECT_FALSE(test, st.has_inode);

	ptest_fill(test, obj, 0, PAGE_SIZE);
	st = ptest_stat(obj);
	KUNIT_EXPECT_TRUE(test, st.has_inode);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	ptest_unlock(obj);
	st = ptest_stat(obj);
	KUNIT_EXPECT_FALSE(test, st.locked);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	pageable_unlock(obj);
	KUNIT_EXPECT_FALSE(test, ptest_stat(obj).locked);
}

/* lock and unlock do not sleep: they work under a spinlock. */
static void pageable_test_lock_atomic(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, PAGE_SIZE, 0);
	struct ucounts *ucounts = current_ucounts();
	spinlock_t lock;	/* Stands for the IPC object lock. */
	int ret;

	spin_lock_init(&lock);
	ptest_fill(test, obj, 0, PAGE_SIZE);
	spin_lock(&lock);
	ret = pageable_lock(obj, ucounts);
	spin_unlock(&lock);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_TRUE(test, ptest_stat(obj).locked);

	spin_lock(&lock);
	pageable_unlock(obj);
	spin_unlock(&lock);
	pageable_rescue_evictable(obj);
	KUNIT_EXPECT_FALSE(test, ptest_stat(obj).locked);
}

/* The file is created once and shares the object's pages. */
static void pageable_test_file(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
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
	KUNIT_EXPECT_TRUE(test, ptest_stat(obj).has_inode);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_TRUE(test, shmem_file(file));

	ptest_fill(test, obj, PAGE_SIZE, PAGE_SIZE);
	/* A shmem file can be read only with CONFIG_TMPFS. */
	if (IS_ENABLED(CONFIG_SHMEM) && !IS_ENABLED(CONFIG_TMPFS))
		ptest_skip(test, "reading the file needs CONFIG_TMPFS");
	buf = ptest_alloc(test, 100);
	KUNIT_ASSERT_EQ(test, kernel_read(file, buf, 100, &pos), 100);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, buf[i], ptest_pattern(PAGE_SIZE + 1 + i));
}

/* get and put count references; put(NULL) is allowed. */
static void pageable_test_get_put(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, PAGE_SIZE, 0);

	KUNIT_EXPECT_EQ(test, pageable_refcount(obj), 1);
	KUNIT_EXPECT_PTR_EQ(test, pageable_get(obj), obj);
	KUNIT_EXPECT_EQ(test, pageable_refcount(obj), 2);
	pageable_put(obj);
	KUNIT_EXPECT_EQ(test, pageable_refcount(obj), 1);
	ptest_fill(test, obj, 0, PAGE_SIZE);
	ptest_check(test, obj, 0, PAGE_SIZE);
	pageable_put(NULL);
	pageable_put(ERR_PTR(-ENOMEM));
}

struct test_put {
	struct irq_work work;
	struct rcu_head rcu;
	struct pageable *obj;
};

static void test_put_irq_fn(struct irq_work *work)
{
	pageable_put_async(container_of(work, struct test_put, work)->obj);
}

static void test_put_rcu_fn(struct rcu_head *rcu)
{
	pageable_put_async(container_of(rcu, struct test_put, rcu)->obj);
}

static struct pageable *test_put_object(struct kunit *test, unsigned long *id)
{
	struct pageable *obj = pageable_create(TEST_PAGES * PAGE_SIZE, 0);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	*id = pageable_id(obj);
	if (ptest_write(obj, 0, "x", 1) != 1) {
		pageable_put(obj);
		KUNIT_FAIL_AND_ABORT(test, "cannot populate the object\n");
	}
	KUNIT_EXPECT_TRUE(test, pageable_live(*id));
	return obj;
}

/*
 * put_async drops references with interrupts off, from a hard interrupt
 * and from an RCU callback; the last one frees the object (pages and
 * all) from a worker.
 */
static void pageable_test_put_async(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct test_put *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	unsigned long id;

	KUNIT_ASSERT_NOT_NULL(test, p);
	ptest_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	pageable_get(obj);
	local_irq_disable();
	pageable_put_async(obj);
	local_irq_enable();
	KUNIT_EXPECT_EQ(test, pageable_refcount(obj), 1);
	ptest_check(test, obj, 0, TEST_PAGES * PAGE_SIZE);

	p->obj = test_put_object(test, &id);
	init_irq_work(&p->work, test_put_irq_fn);
	irq_work_queue(&p->work);
	irq_work_sync(&p->work);
	pageable_flush_releases();
	KUNIT_EXPECT_FALSE(test, pageable_live(id));

	p->obj = test_put_object(test, &id);
	call_rcu(&p->rcu, test_put_rcu_fn);
	rcu_barrier();
	pageable_flush_releases();
	KUNIT_EXPECT_FALSE(test, pageable_live(id));

	pageable_put_async(NULL);
	pageable_put_async(ERR_PTR(-ENOMEM));
}

/* The cleanup hook puts the object when it goes out of scope. */
static void pageable_test_cleanup_hook(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, PAGE_SIZE, 0);

	{
		struct pageable *ref __free(pageable_put) = pageable_get(obj);

		KUNIT_EXPECT_EQ(test, pageable_refcount(ref), 2);
	}
	KUNIT_EXPECT_EQ(test, pageable_refcount(obj), 1);
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

	tw->ret = ptest_write(tw->obj, 0, &byte, 1);
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
	struct ptest_pin *pin;

	if (mem_cgroup_disabled())
		ptest_skip(test, "memory cgroups are disabled");
	KUNIT_ASSERT_NOT_NULL(test, obj);
	memcg = pageable_memcg(obj);
	KUNIT_ASSERT_NOT_NULL(test, memcg);
	/* The loader's cgroup, with or without cgroup.memory=nokmem. */
	KUNIT_EXPECT_PTR_EQ(test, memcg, ptest_memcg);

	INIT_WORK_ONSTACK(&tw.work, test_populate_work);
	queue_work(system_unbound_wq, &tw.work);
	flush_work(&tw.work);
	destroy_work_on_stack(&tw.work);
	KUNIT_ASSERT_EQ(test, tw.ret, 1);

	pin = ptest_pin(test, obj, 0, 1);
	KUNIT_EXPECT_PTR_EQ(test, folio_memcg(page_folio(pin->pages[0])),
			    memcg);
	ptest_unpin(test, pin, 0);
}

/* An object created in another context (.suite_init) is usable here. */
static void pageable_test_suite_object(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, suite_obj);
	ptest_fill(test, suite_obj, PAGE_SIZE + 7, PAGE_SIZE);
	ptest_check(test, suite_obj, PAGE_SIZE + 7, PAGE_SIZE);
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
	buf = ptest_alloc(test, len);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, len), (ssize_t)len);
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
	struct pageable *plain = ptest_create(test, PAGE_SIZE, 0);
	unsigned int nth, fallbacks = 0;
	struct super_block *sb, *internal;
	struct pageable *obj;
	bool huge = false;
	u8 byte = 0x5a;
	ssize_t ret;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		ptest_skip(test, "needs CONFIG_FAULT_INJECTION");
	if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) ||
	    !IS_ENABLED(CONFIG_SHMEM))
		ptest_skip(test, "no huge tmpfs mount");
	KUNIT_ASSERT_EQ(test, ptest_write(plain, 0, &byte, 1), 1);
	internal = test_sb(test, plain);

	ptest_expect_warning_begin();
	for (nth = 1; nth < 200 && !huge; nth++) {
		obj = ptest_create(test, SZ_2M, PAGEABLE_LARGE_FOLIOS);
		ptest_set_fail_nth(nth);
		ret = ptest_write(obj, 0, &byte, 1);
		ptest_set_fail_nth(0);
		if (ret == 1) {
			sb = test_sb(test, obj);
			fallbacks += sb == internal;
			huge = sb != internal;
		} else {
			KUNIT_EXPECT_TRUE_MSG(test, ptest_alloc_error(ret),
					      "nth %u: error %zd", nth, ret);
		}
		kunit_release_action(test, ptest_put_action, obj);
	}
	ptest_expect_warning_end();
	kunit_info(test, "%u objects on the internal mount, huge mount %s after %u runs\n",
		   fallbacks, huge ? "up" : "never up", nth - 1);
	if (huge && !fallbacks)
		ptest_skip(test, "the huge mount was up before this case");
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct pageable *movable = ptest_create(test, PAGE_SIZE,
					       PAGEABLE_MOVABLE);
	struct page *pages[TEST_PAGES + 1];
	struct pageable_stats st;
	struct ptest_vmap *map;
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
	KUNIT_EXPECT_EQ(test, ptest_read(obj, 0, buf, 0), 0);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, 0, buf, 0), 0);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 0, TEST_PAGES), 0);

	/* Nothing above allocated, pinned or mapped anything. */
	st = ptest_stat(obj);
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
	map = ptest_vmap(test, obj, 0, 1, PAGE_KERNEL);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, map->vaddr, BIT(7)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(movable, map->vaddr, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).vmaps, 1);
	/* Page 0 is resident now: the copy to the user buffer fails. */
	iov_iter_ubuf(&iter, ITER_DEST, (void __user *)ro, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pageable_read(obj, 0, &iter,
					    PAGEABLE_INTENT_CPU), -EFAULT);
	ptest_vunmap(test, map, 0);

	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(movable, 0, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	big = ptest_create(test, ((u64)INT_MAX + 1) << PAGE_SHIFT,
			   PAGEABLE_NORESERVE);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(big, 0,
						(unsigned long)INT_MAX + 1,
						PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_FALSE(test, ptest_stat(big).has_inode);

	file = pageable_file(obj, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_EXPECT_STREQ(test, file_dentry(file)->d_name.name, "pageable");

	addr = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0, PAGE_SIZE,
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
		ptest_skip(test, "size committed: overcommit_memory=1 or !SHMEM");
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
		ptest_skip(test, "RLIMIT_MEMLOCK is unlimited");
	obj = ptest_create(test, SZ_1T, PAGEABLE_NORESERVE);
	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_IPC_LOCK);

	old = override_creds(cred);
	ret = pageable_lock(obj, current_ucounts());
	revert_creds(old);
	put_cred(cred);

	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	KUNIT_EXPECT_FALSE(test, ptest_stat(obj).locked);
	KUNIT_EXPECT_FALSE(test, ptest_stat(obj).unevictable);
	ptest_lock(test, obj);
	KUNIT_EXPECT_TRUE(test, ptest_stat(obj).locked);
}

/*
 * Paging out pages of an object whose other pages are pinned leaves
 * nothing on the unevictable LRU once the pin is gone: the pages written
 * to swap move back to the evictable LRUs.
 */
static void pageable_test_pageout_unevictable(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, 64 * PAGE_SIZE, 0);
	unsigned int i, stranded = 0;
	struct ptest_pin *pin, *held;

	if (!pageable_swap_enabled())
		ptest_skip(test, "no swap");
	held = ptest_pin(test, obj, 0, 1);
	ptest_fill(test, obj, PAGE_SIZE, 63 * PAGE_SIZE);
	pageable_drain_lrus();
	/* The object is unevictable: its new pages are on that LRU. */
	pin = ptest_pin(test, obj, 1, 63);
	for (i = 0; i < 63; i++)
		stranded += folio_test_unevictable(page_folio(pin->pages[i]));
	ptest_unpin(test, pin, 0);
	KUNIT_ASSERT_EQ(test, stranded, 63);
	KUNIT_EXPECT_EQ(test, pageable_pageout(obj, 1, 63), 63);
	ptest_unpin(test, held, 0);

	/*
	 * Pinning brings back the very folios from the swap cache: none
	 * of them may still be on the unevictable LRU.
	 */
	stranded = 0;
	pin = ptest_pin(test, obj, 1, 63);
	for (i = 0; i < 63; i++)
		stranded += folio_test_unevictable(page_folio(pin->pages[i]));
	ptest_unpin(test, pin, 0);
	KUNIT_EXPECT_EQ(test, stranded, 0);
	ptest_check(test, obj, PAGE_SIZE, 63 * PAGE_SIZE);
}

/*
 * Reads and writes refuse a poisoned page with -EIO, as tmpfs does, and
 * still serve the other pages.
 */
static void pageable_test_hwpoison(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, 2 * PAGE_SIZE, 0);
	struct ptest_pin *pin;
	struct page *page;
	u8 buf[16];

	if (!IS_ENABLED(CONFIG_MEMORY_FAILURE))
		ptest_skip(test, "needs CONFIG_MEMORY_FAILURE");
	ptest_fill(test, obj, 0, 2 * PAGE_SIZE);
	/* The pin keeps the poisoned page out of reclaim and the allocator. */
	pin = ptest_pin(test, obj, 1, 1);
	page = pin->pages[0];
	SetPageHWPoison(page);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, PAGE_SIZE + 8, buf, sizeof(buf)),
			-EIO);
	KUNIT_EXPECT_EQ(test, ptest_write(obj, PAGE_SIZE + 8, buf, sizeof(buf)),
			-EIO);
	KUNIT_EXPECT_EQ(test, ptest_read(obj, 8, buf, sizeof(buf)),
			sizeof(buf));
	ClearPageHWPoison(page);
	ptest_unpin(test, pin, 0);
	ptest_check(test, obj, 0, 2 * PAGE_SIZE);
}

/*
 * Dropping the last reference while pins, a vmap and a lock are left warns
 * and releases them: the vmap is removed, the lock is uncharged and the
 * pin count dropped.  The caller keeps its pins of the pages.
 */
static void pageable_test_release_held(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	long objects = pageable_nr_live_objects();
	long pinned = pageable_nr_pinned_pages();
	struct page *pages[2];
	struct pageable_stats st;
	void *vaddr;

	KUNIT_ASSERT_EQ(test, pageable_pin(obj, 0, 2, pages), 0);
	vaddr = pageable_vmap(obj, 2, 2, PAGE_KERNEL);
	KUNIT_EXPECT_FALSE(test, IS_ERR(vaddr));
	KUNIT_EXPECT_EQ(test, pageable_lock(obj, current_ucounts()), 0);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 4);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_TRUE(test, st.locked);

	ptest_expect_warning_begin();
	kunit_release_action(test, ptest_put_action, obj);
	ptest_expect_warning_end();

	/* The pins outlive the object: drop them as mm's pins. */
	unpin_user_pages(pages, ARRAY_SIZE(pages));
	KUNIT_EXPECT_EQ(test, pageable_nr_pinned_pages(), pinned);
	/* Objects of earlier cases may still go away meanwhile. */
	KUNIT_EXPECT_LE(test, pageable_nr_live_objects(), objects - 1);
}

static int pageable_object_suite_init(struct kunit_suite *suite)
{
	int ret = ptest_suite_init(suite);

	if (ret)
		return ret;
	suite_obj = pageable_create(TEST_PAGES * PAGE_SIZE, PAGEABLE_NORESERVE);
	if (IS_ERR(suite_obj)) {
		ret = PTR_ERR(suite_obj);
		suite_obj = NULL;
		ptest_suite_exit(suite);
	}
	return ret;
}

static void pageable_object_suite_exit(struct kunit_suite *suite)
{
	pageable_put(suite_obj);
	suite_obj = NULL;
	ptest_suite_exit(suite);
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
	KUNIT_CASE(pageable_test_try_pageout),
	KUNIT_CASE(pageable_test_lock),
	KUNIT_CASE(pageable_test_lock_atomic),
	KUNIT_CASE(pageable_test_file),
	KUNIT_CASE(pageable_test_get_put),
	KUNIT_CASE(pageable_test_put_async),
	KUNIT_CASE(pageable_test_cleanup_hook),
	KUNIT_CASE(pageable_test_memcg_worker),
	KUNIT_CASE(pageable_test_suite_object),
	KUNIT_CASE(pageable_test_early_initcall),
	KUNIT_CASE(pageable_test_bad_input),
	KUNIT_CASE(pageable_test_create_no_commit),
	KUNIT_CASE(pageable_test_lock_rlimit),
	KUNIT_CASE(pageable_test_pageout_unevictable),
	KUNIT_CASE(pageable_test_hwpoison),
	KUNIT_CASE(pageable_test_release_held),
	{}
};

static struct kunit_suite pageable_object_suite = {
	.name = "pageable_object",
	.suite_init = pageable_object_suite_init,
	.suite_exit = pageable_object_suite_exit,
	.test_cases = pageable_object_cases,
};

kunit_test_suite(pageable_object_suite);
