// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pageable object allocator: kernel mappings (vmap) with
 * their caching, and user mappings.
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
		KUNIT_ASSERT_EQ(test, vaddr[i], test_pattern(PAGE_SIZE + i));

	for (i = 0; i < len; i++)
		vaddr[i] = test_pattern(3 * PAGE_SIZE + i);
	test_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, 0), -EINVAL);

	vaddr = test_alloc(test, len);
	KUNIT_ASSERT_EQ(test, test_read(obj, PAGE_SIZE, vaddr, len),
			(ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, vaddr[i], test_pattern(3 * PAGE_SIZE + i));
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
		KUNIT_ASSERT_EQ(test, vaddr[i], test_pattern(i));
	for (i = 0; i < len; i++)
		vaddr[i] = ~test_pattern(i);
	test_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);

	buf = test_alloc(test, len);
	KUNIT_ASSERT_EQ(test, test_read(obj, 0, buf, len), (ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, buf[i], (u8)~test_pattern(i));

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
		vaddr[i] = ~test_pattern(i);

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
		KUNIT_ASSERT_EQ(test, buf[i], (u8)~test_pattern(i));

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
	KUNIT_EXPECT_EQ(test, p[0], test_pattern(2 * PAGE_SIZE));
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
		KUNIT_ASSERT_EQ(test, buf[i], test_pattern(PAGE_SIZE + i));

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
		buf[i] = test_pattern(PAGE_SIZE + i);
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
		KUNIT_ASSERT_EQ_MSG(test, buf[i], test_pattern(PAGE_SIZE + i),
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
	KUNIT_EXPECT_EQ(test, byte, test_pattern(PAGE_SIZE));
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
		KUNIT_ASSERT_EQ(test, buf[i], test_pattern(PAGE_SIZE + i));
	KUNIT_EXPECT_LT(test, get_user_pages_fast(addr, 1, 0, &page), 0);
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, TEST_PAGES - 1);

	/* Revoked by the driver, the mapping faults the page in again. */
	unmap_mapping_range(file->f_mapping, off, len, 1);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], test_pattern(PAGE_SIZE + i));
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr +
					     PAGE_SIZE, PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], test_pattern(2 * PAGE_SIZE + i));
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
	KUNIT_EXPECT_EQ(test, buf[0], test_pattern(2 * PAGE_SIZE));
}

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
	KUNIT_EXPECT_EQ(test, byte, test_pattern(PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 16);
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     10 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, test_pattern(10 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 16);
	/* Up to the end of the object: pages 30 to 39. */
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     30 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, test_pattern(30 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 26);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 26);
	KUNIT_EXPECT_EQ(test, vm_munmap(addr, nr * PAGE_SIZE), 0);

	/* Up to the end of the VMA: pages 2 and 3. */
	addr = kunit_vm_mmap(test, file, 0, 4 * PAGE_SIZE, PROT_READ,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     2 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, test_pattern(2 * PAGE_SIZE));
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
	KUNIT_EXPECT_EQ(test, byte, test_pattern(0));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 256);
	/* Page 255 is write-combined already, page 256 is not held. */
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 255, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	test_vunmap(test, test_vmap(test, obj, 256, 1, PAGE_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     299 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, test_pattern(299 * PAGE_SIZE));
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
		KUNIT_ASSERT_EQ(test, buf[i], test_pattern(PAGE_SIZE + i));
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
		KUNIT_ASSERT_EQ(test, buf[i], test_pattern(3 * PAGE_SIZE + i));
	KUNIT_EXPECT_EQ(test, test_stat(obj).held, 1);
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
	KUNIT_EXPECT_EQ(test, byte, test_pattern(PAGE_SIZE));
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

static struct kunit_case pageable_mappings_cases[] = {
	KUNIT_CASE(pageable_test_vmap_wb),
	KUNIT_CASE(pageable_test_vmap_wc),
	KUNIT_CASE(pageable_test_vmap_uc),
	KUNIT_CASE(pageable_test_vmap_wc_kept),
	KUNIT_CASE(pageable_test_vunmap_busy),
	KUNIT_CASE(pageable_test_vmap_overlap),
	KUNIT_CASE(pageable_test_mmap),
	KUNIT_CASE(pageable_test_mmap_revoke),
	KUNIT_CASE(pageable_test_fault_around),
	KUNIT_CASE(pageable_test_mmap_dirty),
	KUNIT_CASE(pageable_test_revoke),
	KUNIT_CASE(pageable_test_mmap_wc),
	KUNIT_CASE(pageable_test_bad_caching),
	KUNIT_CASE(pageable_test_mmap_alias),
	KUNIT_CASE(pageable_test_release_held),
	KUNIT_CASE(pageable_test_release_wc_vmap),
	KUNIT_CASE(pageable_test_punch_held),
	KUNIT_CASE(pageable_test_mmap_no_expand),
	KUNIT_CASE(pageable_test_vmap_wc_over_mmap),
	KUNIT_CASE(pageable_test_hwpoison),
	KUNIT_CASE(pageable_test_held_memcg),
	{}
};

static struct kunit_suite pageable_mappings_suite = {
	.name = "pageable_mappings",
	.suite_init = pageable_test_suite_init,
	.suite_exit = pageable_test_suite_exit,
	.test_cases = pageable_mappings_cases,
};

kunit_test_suite(pageable_mappings_suite);
