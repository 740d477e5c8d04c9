// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pageable object allocator: the slow campaigns.
 * Dontneed under memory pressure needs swap and a memory cgroup; the
 * concurrency stress of every operation needs a memory cgroup and swaps
 * when there is swap; fault injection needs CONFIG_FAULT_INJECTION.
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
	ret = ptest_write(obj, PAGE_SIZE - 8, buf, sizeof(buf));
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
	ret = ptest_read(obj, PAGE_SIZE - 8, back, sizeof(back));
	if (ret != sizeof(back)) {
		ret = ret < 0 ? ret : -ENOMEM;
		goto out_put;
	}
	/* Not an allocation error: ptest_alloc_error() rejects it. */
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
		ptest_skip(test, "needs CONFIG_FAULT_INJECTION");
	if (ptest_memcg)
		usage = ptest_memcg_usage(ptest_memcg);

	old = set_active_memcg(ptest_memcg);
	ptest_expect_warning_begin();
	for (nth = 1; nth < 2000; nth++) {
		ptest_set_fail_nth(nth);
		ret = test_fault_cycle(test, &step);
		if (ptest_get_fail_nth()) {
			/* Fewer than nth injection points: all done. */
			ptest_set_fail_nth(0);
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
			KUNIT_EXPECT_TRUE_MSG(test, ptest_alloc_error(ret),
					      "nth %u: %s: error %ld", nth,
					      fault_step_names[step], ret);
		}
		/* Objects of earlier cases may still go away meanwhile. */
		KUNIT_EXPECT_LE(test, pageable_nr_live_objects(), objects);
		KUNIT_EXPECT_LE(test, pageable_nr_pinned_pages(), pinned);
		KUNIT_EXPECT_LE(test, pageable_nr_held_pages(), held);
	}
	ptest_set_fail_nth(0);
	ptest_expect_warning_end();
	/* Every path still works. */
	ret = test_fault_cycle(test, &step);
	set_active_memcg(old);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", fault_step_names[step]);

	/* The charges go back, give or take the per-CPU charge stocks. */
	slack = ptest_memcg_slack();
	if (ptest_memcg)
		KUNIT_EXPECT_LE(test, ptest_memcg_usage(ptest_memcg),
				usage + slack);
	for (step = 0; step < FAULT_NR_STEPS; step++)
		len += scnprintf(line + len, sizeof(line) - len, " %s %u",
				 fault_step_names[step], failed[step]);
	kunit_info(test, "%u allocation failures injected in %u runs; failed steps:%s\n",
		   injected, nth, line);
	if (!injected)
		ptest_skip(test, "no failure injected: see ignore-gfp-wait");
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
	u64 *buf = ptest_alloc(test, chunk);
	u64 pos, i;

	for (pos = 0; pos < pageable_size(obj); pos += chunk) {
		for (i = 0; i < words; i++)
			buf[i] = pressure_word(seed, pos / sizeof(u64) + i);
		KUNIT_ASSERT_EQ(test, ptest_write(obj, pos, buf, chunk),
				(ssize_t)chunk);
		if (dontneed)
			KUNIT_ASSERT_EQ(test, 0,
					pageable_dontneed(obj, pos >> PAGE_SHIFT,
							  chunk >> PAGE_SHIFT));
		cond_resched();
	}
	ptest_free(test, buf);
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
	u64 *buf = ptest_alloc(test, PAGE_SIZE);
	u64 i;

	for (index = 0; index < pageable_size(obj) >> PAGE_SHIFT; index++) {
		bool zero = lost && test_bit(index, lost);

		KUNIT_ASSERT_EQ(test, ptest_read(obj, (loff_t)index << PAGE_SHIFT,
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
	ptest_free(test, buf);
	return intact;
}

/*
 * memory.max of the suite's cgroup in pages, for the cases that put it
 * under pressure; skips unless there is swap and a limit of @min_mb to
 * 256 MiB.
 */
static unsigned long pressure_limit(struct kunit *test, unsigned long min_mb)
{
	unsigned long limit;

	if (!pageable_swap_enabled())
		ptest_skip(test, "no swap: swapon before loading the suite");
	if (!IS_ENABLED(CONFIG_MEMCG))
		ptest_skip(test, "needs CONFIG_MEMCG");
	if (!ptest_memcg)
		ptest_skip(test, "load the suite in a memory cgroup");
	limit = ptest_memcg_max(ptest_memcg);
	if (limit > SZ_256M >> PAGE_SHIFT || limit < (min_mb << 20) >> PAGE_SHIFT)
		ptest_skip(test, "memory.max of the suite's cgroup is out of range");
	return limit;
}

/* An object of @pages pages charged to the suite's cgroup, put at the end. */
static struct pageable *pressure_object(struct kunit *test,
					unsigned long pages)
{
	struct mem_cgroup *old = set_active_memcg(ptest_memcg);
	struct pageable *obj = pageable_create((u64)pages << PAGE_SHIFT, 0);

	set_active_memcg(old);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, ptest_put_action, obj));
	return obj;
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
	struct pageable *dobj, *ctl;
	unsigned long *lost;
	long nr_lost;

	limit = pressure_limit(test, 0);
	pages = 2 * limit;
	dobj = pressure_object(test, pages);
	ctl = pressure_object(test, pages);
	lost = ptest_bitmap(test, pages);

	pswp0 = ptest_pswpout(test);
	pressure_fill(test, dobj, 1, true);
	pswp1 = ptest_pswpout(test);
	pressure_fill(test, ctl, 2, false);
	pageable_reclaim_memcg(ptest_memcg, limit);
	swapped = ptest_stat(ctl).swapped;
	pswp2 = ptest_pswpout(test);

	kunit_info(test, "memory.max %lu pages; dontneed set %lu pages: pswpout +%lu; control %lu pages: pswpout +%lu, %lu swapped\n",
		   limit, pages, pswp1 - pswp0, pages, pswp2 - pswp1, swapped);
	KUNIT_EXPECT_LT(test, pswp1 - pswp0, pages / 8);
	KUNIT_EXPECT_GE(test, swapped, pages / 4);
	KUNIT_EXPECT_EQ(test, pressure_check(test, ctl, 2, NULL), pages);

	nr_lost = pageable_willneed(dobj, 0, pages, lost);
	KUNIT_ASSERT_GE(test, nr_lost, 0);
	intact = pressure_check(test, dobj, 1, lost);
	kunit_info(test, "dontneed set: %ld pages discarded, %lu intact and verified\n",
		   nr_lost, intact);
	KUNIT_EXPECT_EQ(test, intact + nr_lost, pages);
	KUNIT_EXPECT_GE(test, (unsigned long)nr_lost, pages / 2);
}

/*
 * A pin without direct reclaim fails with -ENOMEM when the suite's cgroup
 * is at its memory.max, leaving nothing pinned; the same pin with
 * GFP_KERNEL swaps out other pages of the cgroup and succeeds, and what
 * was swapped out comes back intact.  i915 pins this way: first without
 * reclaim, then, after shrinking its own objects, trying hard.
 */
static void pageable_test_pin_noreclaim(struct kunit *test)
{
	unsigned long limit, usage, swapped, nr, max_nr;
	struct pageable *big, *obj;
	struct page **pages;
	unsigned int tries;
	int ret;

	limit = pressure_limit(test, 16);
	max_nr = limit / 4;
	big = pressure_object(test, limit);
	obj = pressure_object(test, max_nr);
	pages = kunit_kcalloc(test, max_nr, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);

	/* Creating the backing store reclaims: do it before the fill. */
	KUNIT_ASSERT_EQ(test, ptest_write(obj, 0, "x", 1), 1);

	/* Fills the cgroup up to memory.max. */
	pressure_fill(test, big, 3, false);

	/* More than the cgroup can still charge without reclaim. */
	usage = ptest_memcg_usage(ptest_memcg);
	nr = min(max_nr, (limit > usage ? limit - usage : 0) +
			 ptest_memcg_slack() + (SZ_1M >> PAGE_SHIFT));
	swapped = ptest_stat(big).swapped;
	KUNIT_EXPECT_EQ(test, pageable_pin_gfp(obj, 0, nr, pages,
					       (GFP_KERNEL & ~__GFP_RECLAIM) |
					       __GFP_NOWARN),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);

	/* Reclaim may need a few rounds while writeback completes. */
	for (tries = 0; tries < 3; tries++) {
		ret = pageable_pin_gfp(obj, 0, nr, pages,
				       GFP_KERNEL | __GFP_RETRY_MAYFAIL |
				       __GFP_NOWARN);
		if (ret != -ENOMEM)
			break;
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, nr);
	KUNIT_EXPECT_EQ(test, pageable_unpin(obj, 0, nr, pages, 0), 0);
	kunit_info(test, "memory.max %lu pages, usage %lu: pinned %lu pages, %lu more swapped\n",
		   limit, usage, nr, ptest_stat(big).swapped - swapped);
	KUNIT_EXPECT_EQ(test, pressure_check(test, big, 3, NULL), limit);
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
		if (ptest_stat(ref).size != STRESS_OBJ_PAGES * PAGE_SIZE)
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
	struct stress *s = ptest_alloc(test, sizeof(*s));
	unsigned int i, op, obj;
	struct mem_cgroup *old;
	struct file *file;
	char line[256];
	int len;

	if (!IS_ENABLED(CONFIG_MEMCG))
		ptest_skip(test, "needs CONFIG_MEMCG");
	if (!ptest_memcg)
		ptest_skip(test, "load the suite in a memory cgroup");
	BUILD_BUG_ON(STRESS_CHUNK % STRESS_RUN || BITS_PER_LONG < STRESS_RUN);
	/*
	 * 1.5 times the cgroup's limit (at most 96 MiB) with swap, so that
	 * reclaim runs all along; half of it without.
	 */
	limit = min(ptest_memcg_max(ptest_memcg), SZ_64M >> PAGE_SHIFT);
	s->nr_objs = limit * (pageable_swap_enabled() ? 3 : 1) / 2 /
		     STRESS_OBJ_PAGES;
	s->memcg = ptest_memcg;
	s->objs = ptest_alloc(test, s->nr_objs * sizeof(*s->objs));
	s->maps = ptest_alloc(test, s->nr_objs * sizeof(*s->maps));
	old = set_active_memcg(ptest_memcg);
	for (obj = 0; obj < s->nr_objs; obj++) {
		s->objs[obj] = pageable_create(STRESS_OBJ_PAGES * PAGE_SIZE, 0);
		if (IS_ERR(s->objs[obj]))
			break;
		if (kunit_add_action_or_reset(test, ptest_put_action,
					      s->objs[obj])) {
			s->objs[obj] = ERR_PTR(-ENOMEM);
			break;
		}
	}
	set_active_memcg(old);
	KUNIT_ASSERT_EQ(test, obj, s->nr_objs);
	for (obj = 0; obj < s->nr_objs; obj++) {
		file = ptest_driver_file(test, s->objs[obj]);
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
		t->gen = ptest_alloc(test, s->nr_objs * STRESS_CHUNK *
					  sizeof(*t->gen));
		t->dontneed = ptest_bitmap(test, s->nr_objs * STRESS_CHUNK);
		t->buf = ptest_alloc(test, STRESS_RUN * PAGE_SIZE);
	}
	pswpout = ptest_pswpout(test);
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
	pswpout = ptest_pswpout(test) - pswpout;

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

static struct kunit_case pageable_slow_cases[] = {
	KUNIT_CASE_SLOW(pageable_test_dontneed_pressure),
	KUNIT_CASE_SLOW(pageable_test_pin_noreclaim),
	KUNIT_CASE_SLOW(pageable_test_fault_injection),
	KUNIT_CASE_SLOW(pageable_test_stress),
	{}
};

static struct kunit_suite pageable_slow_suite = {
	.name = "pageable_slow",
	.suite_init = ptest_suite_init,
	.suite_exit = ptest_suite_exit,
	.test_cases = pageable_slow_cases,
};

kunit_test_suite(pageable_slow_suite);
