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

#include "../../mm/pageable_test_hooks.h"
#include "helpers.h"

/* A write-back vmap shows the object's data, and writes through it stick. */
static void pageable_test_vmap_wb(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = 2 * PAGE_SIZE;
	struct ptest_vmap *map;
	u8 *vaddr;
	size_t i;

	ptest_fill(test, obj, PAGE_SIZE, len);
	map = ptest_vmap(test, obj, 1, 2, PAGE_KERNEL);
	vaddr = map->vaddr;
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, vaddr[i], ptest_pattern(PAGE_SIZE + i));

	for (i = 0; i < len; i++)
		vaddr[i] = ptest_pattern(3 * PAGE_SIZE + i);
	ptest_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, 0), -EINVAL);

	vaddr = ptest_alloc(test, len);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, PAGE_SIZE, vaddr, len),
			(ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, vaddr[i], ptest_pattern(3 * PAGE_SIZE + i));
}

static void test_vmap_caching(struct kunit *test, pgprot_t prot)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct ptest_vmap *map;
	u8 *vaddr, *buf;
	size_t i;

	ptest_fill(test, obj, 0, len);
	map = ptest_vmap(test, obj, 0, TEST_PAGES, prot);
	vaddr = map->vaddr;
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, vaddr[i], ptest_pattern(i));
	for (i = 0; i < len; i++)
		vaddr[i] = ~ptest_pattern(i);
	ptest_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);

	buf = ptest_alloc(test, len);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, len), (ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, buf[i], (u8)~ptest_pattern(i));

	/* The linear map is write-back again: a second vmap works. */
	map = ptest_vmap(test, obj, 0, TEST_PAGES, prot);
	ptest_vunmap(test, map, 0);
}

/* Write-combined vmaps work (x86 changes the linear map and restores it). */
static void pageable_test_vmap_wc(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	test_vmap_caching(test, pgprot_writecombine(PAGE_KERNEL));
}

/* Uncached vmaps work too. */
static void pageable_test_vmap_uc(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t i, len = TEST_PAGES * PAGE_SIZE;
	struct pageable_stats st;
	struct ptest_vmap *map;
	unsigned int waited;
	u8 *vaddr, *buf;

	ptest_fill(test, obj, 0, len);
	vaddr = pageable_vmap(obj, 0, TEST_PAGES, prot);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vaddr);
	for (i = 0; i < len; i++)
		vaddr[i] = ~ptest_pattern(i);

	mutex_lock(pageable_mutex(obj));
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, PAGEABLE_UNPIN_DIRTY),
			0);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_EQ(test, st.pinned, TEST_PAGES);
	/* Gone for the caller already. */
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, 0), -EINVAL);
	mutex_unlock(pageable_mutex(obj));

	/* The worker. */
	for (waited = 0; waited < 10000; waited += 20) {
		st = ptest_stat(obj);
		if (!st.vmaps && !st.pinned)
			break;
		msleep(20);
	}
	KUNIT_EXPECT_EQ(test, st.vmaps, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	buf = ptest_alloc(test, len);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, len), (ssize_t)len);
	for (i = 0; i < len; i++)
		KUNIT_ASSERT_EQ(test, buf[i], (u8)~ptest_pattern(i));

	/*
	 * The next user of the mutex: a write-back vmap, which the pages
	 * of the write-combined one would refuse, works at once.
	 */
	vaddr = pageable_vmap(obj, 0, TEST_PAGES, prot);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vaddr);
	mutex_lock(pageable_mutex(obj));
	KUNIT_EXPECT_EQ(test, pageable_vunmap(obj, vaddr, 0), 0);
	mutex_unlock(pageable_mutex(obj));
	map = ptest_vmap(test, obj, 0, TEST_PAGES, PAGE_KERNEL);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.vmaps, 1);
	KUNIT_EXPECT_EQ(test, st.pinned, TEST_PAGES);
	ptest_vunmap(test, map, 0);
	st = ptest_stat(obj);
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct ptest_vmap *map;
	struct pageable_stats st;
	u8 *p;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	if (pgprot_val(wc) == pgprot_val(pgprot_noncached(PAGE_KERNEL)))
		ptest_skip(test, "no PAT: write-combining falls back to uncached");
	ptest_fill(test, obj, 0, TEST_PAGES * PAGE_SIZE);
	map = ptest_vmap(test, obj, 0, TEST_PAGES, wc);
	p = map->vaddr;
	p[PAGE_SIZE] = 0x11;
	ptest_vunmap(test, map, PAGEABLE_UNPIN_DIRTY);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, TEST_PAGES);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	/* x86 PAT refuses to switch a page twice: this shows none was. */
	map = ptest_vmap(test, obj, 1, 2, wc);
	p = map->vaddr;
	KUNIT_EXPECT_EQ(test, p[0], 0x11);
	ptest_vunmap(test, map, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, TEST_PAGES);

	/* Reclaim gets them back: write-back, unpinned, evictable. */
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), TEST_PAGES);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	map = ptest_vmap(test, obj, 0, 2, PAGE_KERNEL);
	p = map->vaddr;
	KUNIT_EXPECT_EQ(test, p[PAGE_SIZE], 0x11);
	ptest_vunmap(test, map, 0);

	/* Kept again, then let go by an uncached vmap of the same pages. */
	map = ptest_vmap(test, obj, 2, 2, wc);
	ptest_vunmap(test, map, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 2);
	map = ptest_vmap(test, obj, 3, 1, pgprot_noncached(PAGE_KERNEL));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);
	ptest_vunmap(test, map, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 1);
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
	struct pageable *obj = ptest_create(test, 6 * PAGE_SIZE, 0);
	struct ptest_vmap *a, *b, *c;
	u8 *p;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	if (pgprot_val(wc) == pgprot_val(uc))
		ptest_skip(test, "no PAT: write-combining falls back to uncached");
	ptest_fill(test, obj, 0, 6 * PAGE_SIZE);
	a = ptest_vmap(test, obj, 0, 4, wc);
	b = ptest_vmap(test, obj, 2, 4, wc);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).vmaps, 2);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 8);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 3, 1, uc),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 5, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 8);

	/* Pages 0 and 1 are write-back again, pages 2 to 5 still not. */
	ptest_vunmap(test, a, 0);
	p = b->vaddr;
	KUNIT_EXPECT_EQ(test, p[0], ptest_pattern(2 * PAGE_SIZE));
	c = ptest_vmap(test, obj, 0, 2, uc);
	ptest_vunmap(test, c, 0);
	c = ptest_vmap(test, obj, 0, 2, PAGE_KERNEL);
	ptest_vunmap(test, c, 0);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 1, 2, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));

	/* All write-back again: an uncached vmap of everything works. */
	ptest_vunmap(test, b, 0);
	c = ptest_vmap(test, obj, 0, 6, uc);
	ptest_vunmap(test, c, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct pageable_stats st;
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	ptest_fill(test, obj, 0, len);
	file = ptest_driver_file(test, obj);

	addr = kunit_vm_mmap(test, file, 0, len + PAGE_SIZE,
			     PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);

	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	buf = ptest_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf,
					     (void __user *)addr + PAGE_SIZE,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(PAGE_SIZE + i));

	memset(buf, 0x3c, 16);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr +
					   2 * PAGE_SIZE + 5, buf, 16), 0);
	memset(buf, 0, 16);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 2 * PAGE_SIZE + 5, buf, 16), 16);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, buf[i], 0x3c);

	/* The fault at page 1 held the rest of the mapping too. */
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_EQ(test, st.vmaps, 0);
	KUNIT_EXPECT_EQ(test, st.held, TEST_PAGES - 1);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	/* Let go: what was written through the mapping stays. */
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, 64, GFP_KERNEL), 2);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	memset(buf, 0, 16);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 2 * PAGE_SIZE + 5, buf, 16), 16);
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	addr = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0,
			     TEST_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	buf = ptest_alloc(test, PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		buf[i] = ptest_pattern(PAGE_SIZE + i);
	/* A hole: the fault allocates a clean zeroed folio. */
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr + PAGE_SIZE,
					   buf, PAGE_SIZE), 0);
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, 64, GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);

	/* What reclaim does to clean, unmapped page cache: drop it. */
	file = pageable_file(obj, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	invalidate_mapping_pages(file->f_mapping, 0, -1);
	memset(buf, 0, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, PAGE_SIZE, buf, PAGE_SIZE),
			PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i], ptest_pattern(PAGE_SIZE + i),
				    "offset %zu", i);
}

/*
 * pageable_revoke() lets go of the held pages and of the driver's address
 * space: the mapping left gets SIGBUS, and a new pageable_mmap() works.
 */
static void pageable_test_revoke(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	unsigned long addr;
	u8 byte;

	ptest_fill(test, obj, 0, len);
	addr = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0, len,
			     PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, TEST_PAGES);

	pageable_revoke(obj);
	pageable_revoke(NULL);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, ptest_stat(obj).unevictable);
	KUNIT_EXPECT_NE(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);

	addr = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0, len,
			     PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(PAGE_SIZE));
}

/* The object at page 16 of the driver's file, as at a DRM fake offset. */
#define TEST_PGOFF	16

static int test_mmap_offset_fop(struct file *file, struct vm_area_struct *vma)
{
	return ptest_mmap_at(file->private_data, vma, TEST_PGOFF);
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	loff_t off = (loff_t)TEST_PGOFF << PAGE_SHIFT;
	struct vm_area_struct *vma;
	vm_flags_t flags = 0;
	unsigned long addr, other;
	struct file *file;
	struct page *page;
	u8 *buf;
	size_t i;

	ptest_fill(test, obj, 0, len);
	file = ptest_file(test, obj, &test_mmap_offset_fops);
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
	buf = ptest_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(PAGE_SIZE + i));
	KUNIT_EXPECT_LT(test, get_user_pages_fast(addr, 1, 0, &page), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, TEST_PAGES - 1);

	/* Revoked by the driver, the mapping faults the page in again. */
	unmap_mapping_range(file->f_mapping, off, len, 1);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(PAGE_SIZE + i));
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr +
					     PAGE_SIZE, PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(2 * PAGE_SIZE + i));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, TEST_PAGES - 1);

	/* Let go, which zaps it, and punched: a new fault sees the hole. */
	KUNIT_EXPECT_GE(test, pageable_shrink(obj, 64, GFP_KERNEL), 2);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);
	/* Without CONFIG_TMPFS, the file cannot punch holes. */
	if (IS_ENABLED(CONFIG_TMPFS)) {
		KUNIT_ASSERT_EQ(test, vfs_fallocate(pageable_file(obj, NULL),
						    FALLOC_FL_PUNCH_HOLE |
						    FALLOC_FL_KEEP_SIZE,
						    PAGE_SIZE, PAGE_SIZE), 0);
		KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr,
						     PAGE_SIZE), 0);
		KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, PAGE_SIZE));
	}

	/* Another file range takes over. */
	other = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0, len,
			      PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(other));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);
	KUNIT_EXPECT_NE(test, copy_from_user(buf, (void __user *)addr +
					     PAGE_SIZE, 1), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)other +
					     2 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, buf[0], ptest_pattern(2 * PAGE_SIZE));
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
	struct pageable *obj = ptest_create(test, nr * PAGE_SIZE, 0);
	struct file *file;
	u8 byte;

	ptest_fill(test, obj, 0, nr * PAGE_SIZE);
	file = ptest_driver_file(test, obj);
	addr = kunit_vm_mmap(test, file, 0, nr * PAGE_SIZE, PROT_READ,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 16);
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     10 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(10 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 16);
	/* Up to the end of the object: pages 30 to 39. */
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     30 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(30 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 26);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 26);
	KUNIT_EXPECT_EQ(test, vm_munmap(addr, nr * PAGE_SIZE), 0);

	/* Up to the end of the VMA: pages 2 and 3. */
	addr = kunit_vm_mmap(test, file, 0, 4 * PAGE_SIZE, PROT_READ,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     2 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 2);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 2);

	if (!IS_ENABLED(CONFIG_X86))
		return;
	obj = ptest_create(test, big * PAGE_SIZE, 0);
	ptest_fill(test, obj, 0, big * PAGE_SIZE);
	addr = kunit_vm_mmap(test, ptest_file(test, obj, &ptest_mmap_wc_fops),
			     0, big * PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(0));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 256);
	/* Page 255 is write-combined already, page 256 is not held. */
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 255, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	ptest_vunmap(test, ptest_vmap(test, obj, 256, 1, PAGE_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr +
					     299 * PAGE_SIZE, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(299 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 257);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 512, GFP_KERNEL), 257);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	pgprot_t wc = pgprot_writecombine(PAGE_KERNEL);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct pageable_stats st;
	struct ptest_vmap *map;
	unsigned long addr, wb;
	struct file *file;
	u8 *buf;
	size_t i;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	if (pgprot_val(wc) == pgprot_val(pgprot_noncached(PAGE_KERNEL)))
		ptest_skip(test, "no PAT: write-combining falls back to uncached");
	ptest_fill(test, obj, 0, len);
	file = ptest_file(test, obj, &ptest_mmap_wc_fops);

	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	/* Every user mapping of an object has the caching of the first. */
	wb = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0, len,
			   PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)wb, -EINVAL);

	buf = ptest_alloc(test, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf,
					     (void __user *)addr + PAGE_SIZE,
					     PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(PAGE_SIZE + i));
	memset(buf, 0x5a, 16);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr +
					   2 * PAGE_SIZE + 7, buf, 16), 0);
	/* Pages 1 to 3: the fault at page 1 held the rest of the mapping. */
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, TEST_PAGES - 1);
	KUNIT_EXPECT_TRUE(test, st.unevictable);

	/* The held pages are write-combined: no write-back alias of them. */
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 1, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	map = ptest_vmap(test, obj, 1, 2, wc);
	ptest_vunmap(test, map, 0);
	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 2, 1, PAGE_KERNEL),
			    ERR_PTR(-EINVAL));
	map = ptest_vmap(test, obj, 0, 1, PAGE_KERNEL);
	ptest_vunmap(test, map, 0);

	/* The shrinker unmaps, restores write-back and unpins. */
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL),
			TEST_PAGES - 1);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	if (IS_ENABLED(CONFIG_SHMEM))
		KUNIT_EXPECT_FALSE(test, st.unevictable);
	memset(buf, 0, 16);
	KUNIT_ASSERT_EQ(test, ptest_read(obj, 2 * PAGE_SIZE + 7, buf, 16), 16);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, buf[i], 0x5a);
	map = ptest_vmap(test, obj, 1, 2, PAGE_KERNEL);
	ptest_vunmap(test, map, 0);

	/* The next access faults the page in and holds it again. */
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr +
					     3 * PAGE_SIZE, PAGE_SIZE), 0);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], ptest_pattern(3 * PAGE_SIZE + i));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 1);
}

static int test_mmap_wt_fop(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_writethrough(vma->vm_page_prot);
	return ptest_mmap_at(file->private_data, vma, 0);
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
		ptest_skip(test, "caching changes are only tested on x86");
	/* Without a write-through PAT entry it falls back to uncached. */
	if (pgprot_val(wt) == pgprot_val(PAGE_KERNEL) ||
	    pgprot_val(wt) == pgprot_val(pgprot_writecombine(PAGE_KERNEL)) ||
	    pgprot_val(wt) == pgprot_val(pgprot_noncached(PAGE_KERNEL)))
		ptest_skip(test, "no write-through caching");
	obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);

	KUNIT_EXPECT_PTR_EQ(test, pageable_vmap(obj, 0, 1, wt),
			    ERR_PTR(-EINVAL));
	addr = kunit_vm_mmap(test, ptest_file(test, obj, &test_mmap_wt_fops),
			     0, TEST_PAGES * PAGE_SIZE, PROT_READ, MAP_SHARED,
			     0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).pinned, 0);
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
		ptest_skip(test, "caching changes are only tested on x86");
	obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	ptest_fill(test, obj, 0, len);
	ptest_vmap(test, obj, 0, 1, PAGE_KERNEL);
	addr = kunit_vm_mmap(test, ptest_file(test, obj, &ptest_mmap_wc_fops),
			     0, len, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	KUNIT_EXPECT_NE(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(&byte,
					     (void __user *)addr + PAGE_SIZE,
					     1), 0);
	KUNIT_EXPECT_EQ(test, byte, ptest_pattern(PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, TEST_PAGES - 1);
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
		ptest_skip(test, "caching changes are only tested on x86");
	obj = pageable_create(TEST_PAGES * PAGE_SIZE, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	vaddr = pageable_vmap(obj, 0, 2, pgprot_writecombine(PAGE_KERNEL));
	KUNIT_EXPECT_FALSE(test, IS_ERR(vaddr));

	ptest_expect_warning_begin();
	pageable_put(obj);
	ptest_expect_warning_end();
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	long held = pageable_nr_held_pages();
	struct pageable_stats st;
	unsigned long addr;
	struct file *file;
	u8 *buf;
	size_t i;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	if (!IS_ENABLED(CONFIG_TMPFS))
		ptest_skip(test, "punching holes needs CONFIG_TMPFS");
	ptest_fill(test, obj, 0, len);
	file = ptest_file(test, obj, &ptest_mmap_wc_fops);
	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	buf = ptest_alloc(test, PAGE_SIZE);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr +
						     i * PAGE_SIZE, 1), 0);
	KUNIT_ASSERT_EQ(test, ptest_stat(obj).held, TEST_PAGES);

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
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, TEST_PAGES);

	/* Page 0's old folio, page 1's new one, pages 2 and 3. */
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL),
			TEST_PAGES);
	st = ptest_stat(obj);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	KUNIT_EXPECT_FALSE(test, st.unevictable);
	KUNIT_EXPECT_EQ(test, pageable_nr_held_pages(), held);

	KUNIT_ASSERT_EQ(test, ptest_read(obj, 0, buf, PAGE_SIZE), PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, mem_is_zero(buf, PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, ptest_read(obj, PAGE_SIZE, buf, PAGE_SIZE),
			PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ(test, buf[i], 0x3c);
	ptest_check(test, obj, 2 * PAGE_SIZE, 2 * PAGE_SIZE);
}

/*
 * The fault handler of a write-combined mapping serves the object's pages
 * and no more: mremap() cannot grow the mapping past them.
 */
static void pageable_test_mmap_no_expand(struct kunit *test)
{
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	struct vm_area_struct *vma;
	unsigned long addr;
	vm_flags_t flags = 0;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	addr = kunit_vm_mmap(test, ptest_file(test, obj, &ptest_mmap_wc_fops),
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	pgprot_t wc = pgprot_writecombine(PAGE_KERNEL);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct ptest_vmap *map;
	unsigned long addr;
	void *vaddr;
	u8 byte;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	ptest_fill(test, obj, 0, len);
	addr = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0, len,
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
	obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	map = ptest_vmap(test, obj, 2, 1, wc);
	addr = kunit_vm_mmap(test, ptest_driver_file(test, obj), 0, len,
			     PROT_READ, MAP_SHARED, 0);
	KUNIT_EXPECT_EQ(test, (long)addr, -EINVAL);
	ptest_vunmap(test, map, 0);
}

/*
 * Pages that a write-combined mapping holds are charged to the object's
 * memory cgroup, whose reclaim releases them, not to the faulting task's.
 */
static void pageable_test_held_memcg(struct kunit *test)
{
	struct pageable *obj;
	struct mem_cgroup *old;
	struct ptest_pin *pin;
	unsigned long addr;
	u8 byte;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	if (!IS_ENABLED(CONFIG_MEMCG))
		ptest_skip(test, "needs CONFIG_MEMCG");
	if (!ptest_memcg || ptest_memcg_is_root(ptest_memcg))
		ptest_skip(test, "load the suite in a memory cgroup");
	old = set_active_memcg(ptest_memcg);
	obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	set_active_memcg(old);

	/* This kthread's mm is in the root cgroup. */
	addr = kunit_vm_mmap(test, ptest_file(test, obj, &ptest_mmap_wc_fops),
			     0, PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_ASSERT_EQ(test, ptest_stat(obj).held, 1);
	pin = ptest_pin(test, obj, 0, 1);
	KUNIT_EXPECT_PTR_EQ(test, folio_memcg(page_folio(pin->pages[0])),
			    ptest_memcg);
	ptest_unpin(test, pin, 0);
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
		ptest_skip(test, "caching changes are only tested on x86-64");
	obj = ptest_create(test, pages << PAGE_SHIFT, PAGEABLE_NORESERVE);
	addr = kunit_vm_mmap(test, ptest_file(test, obj, &ptest_mmap_wc_fops),
			     0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			     (pages - 1) << PAGE_SHIFT);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 1);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 1);
	byte = 0;
	KUNIT_ASSERT_EQ(test, ptest_read(obj, (pages - 1) << PAGE_SHIFT, &byte,
					 1), 1);
	KUNIT_EXPECT_EQ(test, byte, 0x5a);
	KUNIT_EXPECT_EQ(test, pageable_dontneed(obj, pages - 1, 1), -ENOMEM);
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
	struct pageable *obj = ptest_create(test, TEST_PAGES * PAGE_SIZE, 0);
	size_t len = TEST_PAGES * PAGE_SIZE;
	struct ptest_pin *pin;
	struct folio *folio;
	unsigned long addr;
	u8 byte;

	if (!IS_ENABLED(CONFIG_X86))
		ptest_skip(test, "caching changes are only tested on x86");
	ptest_fill(test, obj, 0, len);
	addr = kunit_vm_mmap(test, ptest_file(test, obj, &ptest_mmap_wc_fops),
			     0, len, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_ASSERT_EQ(test, ptest_stat(obj).held, TEST_PAGES);

	pin = ptest_pin(test, obj, 0, 1);
	folio = page_folio(pin->pages[0]);
	folio_lock(folio);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL),
			TEST_PAGES - 1);
	folio_unlock(folio);
	ptest_unpin(test, pin, 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 1);

	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_NOFS), 0);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 1);
	KUNIT_EXPECT_EQ(test, pageable_shrink(obj, 64, GFP_KERNEL), 1);
	KUNIT_EXPECT_EQ(test, ptest_stat(obj).held, 0);
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
	KUNIT_CASE(pageable_test_release_wc_vmap),
	KUNIT_CASE(pageable_test_punch_held),
	KUNIT_CASE(pageable_test_mmap_no_expand),
	KUNIT_CASE(pageable_test_vmap_wc_over_mmap),
	KUNIT_CASE(pageable_test_held_memcg),
	KUNIT_CASE(pageable_test_huge_index),
	KUNIT_CASE(pageable_test_shrink_reclaim_ctx),
	{}
};

static struct kunit_suite pageable_mappings_suite = {
	.name = "pageable_mappings",
	.suite_init = ptest_suite_init,
	.suite_exit = ptest_suite_exit,
	.init = ptest_case_init,
	.test_cases = pageable_mappings_cases,
};

kunit_test_suite(pageable_mappings_suite);
