// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pageable object allocator: what the suites share.
 *
 * The swap cases run only when swap is active (load the suites as a
 * module after swapon); without swap they are skipped with a reason.
 * Deliberate warnings are bracketed by "pageable-test: expect WARNING
 * begin/end" so a harness can tell them from real ones.
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

/* The memory cgroup of the task that loaded the suite. */
struct mem_cgroup *ptest_memcg;

/* memory.max of @memcg, and its usage, in pages. */
#ifdef CONFIG_MEMCG
unsigned long ptest_memcg_max(struct mem_cgroup *memcg)
{
	return READ_ONCE(memcg->memory.max);
}

unsigned long ptest_memcg_usage(struct mem_cgroup *memcg)
{
	return page_counter_read(&memcg->memory);
}

/* root_mem_cgroup is not exported to modules. */
bool ptest_memcg_is_root(struct mem_cgroup *memcg)
{
	return !memcg->css.parent;
}

/* What the per-CPU charge stocks may hold back from memcg->memory. */
unsigned long ptest_memcg_slack(void)
{
	return 2 * MEMCG_CHARGE_BATCH * num_online_cpus();
}
#else
unsigned long ptest_memcg_max(struct mem_cgroup *memcg)
{
	return ULONG_MAX;
}

unsigned long ptest_memcg_usage(struct mem_cgroup *memcg)
{
	return 0;
}

bool ptest_memcg_is_root(struct mem_cgroup *memcg)
{
	return true;
}

unsigned long ptest_memcg_slack(void)
{
	return 0;
}
#endif

void ptest_put_action(void *in)
{
	pageable_put((struct pageable *)in);
}

/*
 * kunit_skip() overwrites the status of the case: do not let it hide an
 * expectation that failed before it.
 */
void ptest_skip(struct kunit *test, const char *reason)
{
	if (READ_ONCE(test->status) == KUNIT_FAILURE)
		KUNIT_FAIL_AND_ABORT(test, "%s", reason);
	kunit_skip(test, "%s", reason);
}

void ptest_expect_warning_begin(void)
{
	pr_info("pageable-test: expect WARNING begin\n");
}

void ptest_expect_warning_end(void)
{
	pr_info("pageable-test: expect WARNING end\n");
}

/* Create an object that is put when the test ends, whatever happens. */
struct pageable *ptest_create(struct kunit *test, u64 size,
			      unsigned int flags)
{
	struct pageable *obj = pageable_create(size, flags);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, ptest_put_action,
						  obj));
	return obj;
}

ssize_t ptest_write(struct pageable *obj, loff_t pos, const void *buf,
		    size_t len)
{
	struct kvec kvec = { .iov_base = (void *)buf, .iov_len = len };
	struct iov_iter iter;

	iov_iter_kvec(&iter, ITER_SOURCE, &kvec, 1, len);
	return pageable_write(obj, pos, &iter, PAGEABLE_INTENT_CPU);
}

ssize_t ptest_read(struct pageable *obj, loff_t pos, void *buf,
		   size_t len)
{
	struct kvec kvec = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;

	iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, len);
	return pageable_read(obj, pos, &iter, PAGEABLE_INTENT_CPU);
}

u8 ptest_pattern(loff_t pos)
{
	return (pos * 7 + (pos >> PAGE_SHIFT) + 1) & 0xff;
}

static void ptest_kvfree_action(void *in)
{
	kvfree((const void *)in);
}

/* A zeroed buffer (vmalloc for large ones) freed when the test ends. */
void *ptest_alloc(struct kunit *test, size_t size)
{
	void *p = kvzalloc(size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ptest_kvfree_action,
							   p));
	return p;
}

void ptest_free(struct kunit *test, void *p)
{
	kunit_release_action(test, ptest_kvfree_action, p);
}

/* Fill [pos, pos + len) with ptest_pattern(). */
void ptest_fill(struct kunit *test, struct pageable *obj, loff_t pos,
		size_t len)
{
	u8 *buf = ptest_alloc(test, len);
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = ptest_pattern(pos + i);
	KUNIT_ASSERT_EQ(test, ptest_write(obj, pos, buf, len), (ssize_t)len);
	ptest_free(test, buf);
}

/* Check that [pos, pos + len) holds ptest_pattern(), byte by byte. */
void ptest_check(struct kunit *test, struct pageable *obj, loff_t pos,
		 size_t len)
{
	u8 *buf = ptest_alloc(test, len);
	size_t i;

	KUNIT_ASSERT_EQ(test, ptest_read(obj, pos, buf, len), (ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i], ptest_pattern(pos + i),
				    "offset %lld", pos + i);
	ptest_free(test, buf);
}

struct pageable_stats ptest_stat(struct pageable *obj)
{
	struct pageable_stats st;

	pageable_stat(obj, &st);
	return st;
}

static void ptest_pin_cleanup(void *data)
{
	struct ptest_pin *pin = data;

	if (pin->pinned)
		pageable_unpin(pin->obj, pin->first, pin->nr, pin->pages, 0);
}

struct ptest_pin *ptest_pin(struct kunit *test, struct pageable *obj,
			    pgoff_t first, unsigned long nr)
{
	struct ptest_pin *pin = ptest_alloc(test, sizeof(*pin));

	pin->obj = obj;
	pin->first = first;
	pin->nr = nr;
	pin->pages = ptest_alloc(test, nr * sizeof(*pin->pages));
	KUNIT_ASSERT_EQ(test, pageable_pin(obj, first, nr, pin->pages), 0);
	pin->pinned = true;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   ptest_pin_cleanup,
							   pin));
	return pin;
}

void ptest_unpin(struct kunit *test, struct ptest_pin *pin,
		 unsigned int flags)
{
	KUNIT_ASSERT_TRUE(test, pin->pinned);
	pin->pinned = false;
	KUNIT_EXPECT_EQ(test, pageable_unpin(pin->obj, pin->first, pin->nr,
					     pin->pages, flags), 0);
}

static void ptest_vmap_cleanup(void *data)
{
	struct ptest_vmap *map = data;

	if (map->vaddr)
		pageable_vunmap(map->obj, map->vaddr, 0);
}

struct ptest_vmap *ptest_vmap(struct kunit *test, struct pageable *obj,
			      pgoff_t first, unsigned long nr,
				   pgprot_t prot)
{
	struct ptest_vmap *map = ptest_alloc(test, sizeof(*map));
	void *vaddr;

	map->obj = obj;
	vaddr = pageable_vmap(obj, first, nr, prot);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vaddr);
	map->vaddr = vaddr;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   ptest_vmap_cleanup,
							   map));
	return map;
}

void ptest_vunmap(struct kunit *test, struct ptest_vmap *map,
		  unsigned int flags)
{
	void *vaddr = map->vaddr;

	map->vaddr = NULL;
	KUNIT_EXPECT_EQ(test, pageable_vunmap(map->obj, vaddr, flags), 0);
}

static void ptest_unlock_cleanup(void *data)
{
	struct pageable *obj = data;

	pageable_unlock(obj);
	pageable_rescue_evictable(obj);
}

void ptest_lock(struct kunit *test, struct pageable *obj)
{
	KUNIT_ASSERT_EQ(test, pageable_lock(obj, current_ucounts()), 0);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   ptest_unlock_cleanup,
							   obj));
}

void ptest_unlock(struct pageable *obj)
{
	pageable_unlock(obj);
	pageable_rescue_evictable(obj);
}

unsigned long ptest_pswpout(struct kunit *test)
{
	unsigned long *events;
	unsigned long ret;

	events = ptest_alloc(test, NR_VM_EVENT_ITEMS * sizeof(*events));
	all_vm_events(events);
	ret = events[PSWPOUT];
	ptest_free(test, events);
	return ret;
}

static vm_fault_t ptest_vm_fault(struct vm_fault *vmf)
{
	return pageable_fault(vmf->vma->vm_private_data, vmf);
}

static void ptest_vm_open(struct vm_area_struct *vma)
{
	pageable_get(vma->vm_private_data);
}

static void ptest_vm_close(struct vm_area_struct *vma)
{
	pageable_put(vma->vm_private_data);
}

/* A driver's mapping: its VMAs keep the object alive, as a GEM one does. */
static const struct vm_operations_struct ptest_vm_ops = {
	.fault = ptest_vm_fault,
	.open = ptest_vm_open,
	.close = ptest_vm_close,
};

/*
 * A driver's mmap of @obj at @pgoff pages into its file, with the caching
 * in vma->vm_page_prot.
 */
int ptest_mmap_at(struct pageable *obj, struct vm_area_struct *vma,
		  pgoff_t pgoff)
{
	int ret = pageable_mmap(obj, vma, pgoff);

	if (ret)
		return ret;
	vma->vm_ops = &ptest_vm_ops;
	vma->vm_private_data = pageable_get(obj);
	return 0;
}

static int ptest_mmap_fop(struct file *file, struct vm_area_struct *vma)
{
	return ptest_mmap_at(file->private_data, vma, 0);
}

static const struct file_operations ptest_mmap_fops = {
	.owner = THIS_MODULE,
	.mmap = ptest_mmap_fop,
};

static void ptest_fput_action(void *in)
{
	fput((struct file *)in);
}

/*
 * A driver's file whose mmap maps @obj, put when the test ends.  It has an
 * inode of its own, so that zapping a range of its address space zaps the
 * mappings of this file only.
 */
struct file *ptest_file(struct kunit *test, struct pageable *obj,
			const struct file_operations *fops)
{
	struct file *file;

	file = anon_inode_create_getfile("[pageable-test]", fops, obj, O_RDWR,
					 NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, ptest_fput_action,
							   file));
	return file;
}

struct file *ptest_driver_file(struct kunit *test, struct pageable *obj)
{
	return ptest_file(test, obj, &ptest_mmap_fops);
}

static int ptest_mmap_wc_fop(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return ptest_mmap_at(file->private_data, vma, 0);
}

const struct file_operations ptest_mmap_wc_fops = {
	.owner = THIS_MODULE,
	.mmap = ptest_mmap_wc_fop,
};

#ifdef CONFIG_FAULT_INJECTION
void ptest_set_fail_nth(unsigned int nth)
{
	current->fail_nth = nth;
}

unsigned int ptest_get_fail_nth(void)
{
	return current->fail_nth;
}
#else
void ptest_set_fail_nth(unsigned int nth)
{
}

unsigned int ptest_get_fail_nth(void)
{
	return 0;
}
#endif

bool ptest_alloc_error(long err)
{
	return err == -ENOMEM || err == -ENOSPC || err == -EFAULT ||
	       err == -EIO;
}

/* A bitmap of @nr bits freed when the test ends. */
unsigned long *ptest_bitmap(struct kunit *test, unsigned long nr)
{
	return ptest_alloc(test, BITS_TO_LONGS(nr) * sizeof(unsigned long));
}

/* Is the folio of page @index dirty?  The page must not be dontneed. */
bool ptest_folio_dirty(struct kunit *test, struct pageable *obj,
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
struct pageable *ptest_large_object(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, SZ_2M, PAGEABLE_LARGE_FOLIOS);
	struct page *page;
	bool large;

	ptest_fill(test, obj, 0, SZ_2M);
	KUNIT_ASSERT_EQ(test, pageable_pin(obj, 0, 1, &page), 0);
	large = folio_nr_pages(page_folio(page)) == SZ_2M >> PAGE_SHIFT;
	KUNIT_ASSERT_EQ(test, pageable_unpin(obj, 0, 1, &page, 0), 0);
	if (!large)
		ptest_skip(test, "no 2 MiB folio from tmpfs");
	return obj;
}

/*
 * The suites that count what the shrinker releases: an object that an
 * earlier case mapped lives, with its held pages on the shrinker's list,
 * until the mm of that case is torn down, which may be after the next case
 * started.  Wait for them to go.
 */
int ptest_case_init(struct kunit *test)
{
	unsigned long timeout = jiffies + 10 * HZ;

	while (pageable_nr_held_pages() && time_before(jiffies, timeout))
		msleep(20);
	return 0;
}

/* Every suite: the memory cgroup of the task that loads it. */
int ptest_suite_init(struct kunit_suite *suite)
{
	ptest_memcg = get_mem_cgroup_from_mm(current->mm);
	return 0;
}

void ptest_suite_exit(struct kunit_suite *suite)
{
	mem_cgroup_put(ptest_memcg);
	ptest_memcg = NULL;
}

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests for the pageable object allocator");
MODULE_LICENSE("GPL");
