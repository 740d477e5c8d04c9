// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of user mappings of shmem GEM objects: they are VM_PFNMAP
 * mappings of the DRM file that GUP refuses, the device's address space
 * revokes them, and a stale mapping of a purged object raises SIGBUS;
 * and purging, as driver shrinkers do, is safe in reclaim.
 */

#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pageable.h>
#include <linux/sched/mm.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>

#include <kunit/test.h>

#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_kunit_helpers.h>
#include <drm/drm_vma_manager.h>

#define TEST_SIZE	SZ_64K

DEFINE_DRM_GEM_FOPS(drm_gem_shmem_mmap_test_fops);

static const struct drm_driver drm_gem_shmem_mmap_test_driver = {
	.driver_features = DRIVER_GEM,
	.fops = &drm_gem_shmem_mmap_test_fops,
};

/*
 * A reference, not drm_gem_shmem_free(): the mapping may still hold one
 * while the test's mm goes away.
 */
KUNIT_DEFINE_ACTION_WRAPPER(drm_gem_object_put_wrapper, drm_gem_object_put,
			    struct drm_gem_object *);
KUNIT_DEFINE_ACTION_WRAPPER(fput_wrapper, fput, struct file *);

struct test_grant {
	struct drm_vma_offset_node *node;
	struct drm_file *file;
};

static void test_revoke(void *data)
{
	struct test_grant *grant = data;

	drm_vma_node_revoke(grant->node, grant->file);
}

/* A shmem GEM object, put when the test ends. */
static struct drm_gem_shmem_object *test_shmem(struct kunit *test)
{
	struct drm_device *drm = test->priv;
	struct drm_gem_shmem_object *shmem;
	int ret;

	shmem = drm_gem_shmem_create(drm, TEST_SIZE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, shmem);
	ret = kunit_add_action_or_reset(test, drm_gem_object_put_wrapper,
					&shmem->base);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return shmem;
}

/* A shmem GEM object that a DRM file can map, and its file. */
static struct drm_gem_shmem_object *
test_mappable(struct kunit *test, struct file **filep)
{
	struct drm_gem_shmem_object *shmem = test_shmem(test);
	struct drm_device *drm = test->priv;
	struct test_grant *grant;
	struct file *file;
	int ret;

	file = mock_drm_getfile(drm->primary, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	ret = kunit_add_action_or_reset(test, fput_wrapper, file);
	KUNIT_ASSERT_EQ(test, ret, 0);

	KUNIT_ASSERT_EQ(test, drm_gem_create_mmap_offset(&shmem->base), 0);
	grant = kunit_kzalloc(test, sizeof(*grant), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, grant);
	grant->node = &shmem->base.vma_node;
	grant->file = file->private_data;
	KUNIT_ASSERT_EQ(test, drm_vma_node_allow(grant->node, grant->file), 0);
	ret = kunit_add_action_or_reset(test, test_revoke, grant);
	KUNIT_ASSERT_EQ(test, ret, 0);
	*filep = file;
	return shmem;
}

/*
 * A mapping of the DRM file is a VM_PFNMAP mapping of that file, which
 * GUP refuses; drm_vma_node_unmap() revokes it, and the next access
 * faults the page in again, with the contents.
 */
static void drm_gem_shmem_mmap_test_pfnmap(struct kunit *test)
{
	struct drm_gem_shmem_object *shmem;
	struct vm_area_struct *vma;
	unsigned long addr;
	struct file *file;
	struct page *page;
	vm_flags_t flags = 0;
	bool own = false;
	u8 byte = 0x5a;

	shmem = test_mappable(test, &file);
	addr = kunit_vm_mmap(test, file, 0, TEST_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED,
			     drm_vma_node_offset_addr(&shmem->base.vma_node));
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, addr);
	if (vma) {
		flags = vma->vm_flags;
		own = vma->vm_file == file;
	}
	mmap_read_unlock(current->mm);
	KUNIT_EXPECT_TRUE(test, own);
	KUNIT_EXPECT_TRUE(test, flags & VM_PFNMAP);

	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr + PAGE_SIZE,
					   &byte, 1), 0);
	KUNIT_EXPECT_LT(test, get_user_pages_fast(addr + PAGE_SIZE, 1, 0,
						  &page), 0);

	drm_vma_node_unmap(&shmem->base.vma_node,
			   shmem->base.dev->anon_inode->i_mapping);
	byte = 0;
	KUNIT_ASSERT_EQ(test, copy_from_user(&byte,
					     (void __user *)addr + PAGE_SIZE,
					     1), 0);
	KUNIT_EXPECT_EQ(test, byte, 0x5a);
	KUNIT_EXPECT_EQ(test, vm_munmap(addr, TEST_SIZE), 0);
}

/*
 * After drm_gem_shmem_purge(), an access through a mapping made before
 * raises SIGBUS (a failed copy for a uaccess), as the madv check of the
 * fault handler always did.
 */
static void drm_gem_shmem_mmap_test_purged(struct kunit *test)
{
	struct drm_gem_shmem_object *shmem;
	struct sg_table *sgt;
	unsigned long addr;
	struct file *file;
	u8 byte = 0x5a;
	int ret;

	shmem = test_mappable(test, &file);
	addr = kunit_vm_mmap(test, file, 0, TEST_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED,
			     drm_vma_node_offset_addr(&shmem->base.vma_node));
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, &byte, 1), 0);

	dma_resv_lock(shmem->base.resv, NULL);
	ret = drm_gem_shmem_madvise(shmem, 1);
	dma_resv_unlock(shmem->base.resv);
	KUNIT_EXPECT_TRUE(test, ret);
	/* The scatter/gather table will be freed by drm_gem_shmem_free */
	sgt = drm_gem_shmem_get_pages_sgt(shmem);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	dma_resv_lock(shmem->base.resv, NULL);
	KUNIT_EXPECT_TRUE(test, drm_gem_shmem_is_purgeable(shmem));
	drm_gem_shmem_purge(shmem);
	dma_resv_unlock(shmem->base.resv);
	KUNIT_EXPECT_EQ(test, shmem->madv, -1);

	KUNIT_EXPECT_NE(test, copy_from_user(&byte, (void __user *)addr, 1),
			0);
	KUNIT_EXPECT_NE(test, copy_to_user((void __user *)addr + PAGE_SIZE,
					   &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, vm_munmap(addr, TEST_SIZE), 0);
}

/*
 * Driver shrinkers (panfrost, msm) purge from reclaim: the purge path must
 * not wait for a lock that is held around allocations, nor allocate.  A
 * write-combined object is pinned through a write-combined kernel mapping
 * on x86, whose teardown is on that path; it is the case to check, in
 * reclaim context, on a lockdep kernel.  All memory goes.
 */
static void drm_gem_shmem_mmap_test_purge_reclaim(struct kunit *test)
{
	struct drm_gem_shmem_object *shmem = test_shmem(test);
	struct pageable_stats st;
	unsigned int noreclaim;
	struct sg_table *sgt;

	shmem->map_wc = true;

	/* The scatter/gather table will be freed by drm_gem_shmem_free */
	sgt = drm_gem_shmem_get_pages_sgt(shmem);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	dma_resv_lock(shmem->base.resv, NULL);
	KUNIT_EXPECT_TRUE(test, drm_gem_shmem_madvise(shmem, 1));
	dma_resv_unlock(shmem->base.resv);

	/* As direct reclaim runs a shrinker, with a trylock of the object. */
	fs_reclaim_acquire(GFP_KERNEL);
	noreclaim = memalloc_noreclaim_save();
	if (dma_resv_trylock(shmem->base.resv)) {
		if (drm_gem_shmem_is_purgeable(shmem))
			drm_gem_shmem_purge(shmem);
		dma_resv_unlock(shmem->base.resv);
	}
	memalloc_noreclaim_restore(noreclaim);
	fs_reclaim_release(GFP_KERNEL);

	KUNIT_EXPECT_EQ(test, shmem->madv, -1);
	KUNIT_EXPECT_NULL(test, shmem->pages);
	pageable_stat(shmem->base.pageable, &st);
	KUNIT_EXPECT_EQ(test, st.vmaps, 0);
	KUNIT_EXPECT_EQ(test, st.pinned, 0);
	KUNIT_EXPECT_EQ(test, st.held, 0);
	KUNIT_EXPECT_EQ(test, st.resident, 0);
}

static int drm_gem_shmem_mmap_test_init(struct kunit *test)
{
	struct drm_device *drm;
	struct device *dev;

	dev = drm_kunit_helper_alloc_device(test);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, dma_set_mask(dev, DMA_BIT_MASK(64)), 0);

	drm = __drm_kunit_helper_alloc_drm_device_with_driver(test, dev,
							      sizeof(*drm), 0,
							      &drm_gem_shmem_mmap_test_driver);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, drm);
	test->priv = drm;
	return 0;
}

static struct kunit_case drm_gem_shmem_mmap_test_cases[] = {
	KUNIT_CASE(drm_gem_shmem_mmap_test_pfnmap),
	KUNIT_CASE(drm_gem_shmem_mmap_test_purged),
	KUNIT_CASE(drm_gem_shmem_mmap_test_purge_reclaim),
	{}
};

static struct kunit_suite drm_gem_shmem_mmap_test_suite = {
	.name = "drm_gem_shmem_mmap",
	.init = drm_gem_shmem_mmap_test_init,
	.test_cases = drm_gem_shmem_mmap_test_cases
};

kunit_test_suite(drm_gem_shmem_mmap_test_suite);

MODULE_DESCRIPTION("KUnit tests of the mappings of shmem GEM objects");
MODULE_LICENSE("GPL");
