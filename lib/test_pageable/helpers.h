/* SPDX-License-Identifier: GPL-2.0 */
/* KUnit tests of the pageable object allocator: shared helpers. */
#ifndef __TEST_PAGEABLE_HELPERS_H
#define __TEST_PAGEABLE_HELPERS_H

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/pageable.h>

struct file;
struct mem_cgroup;

#define TEST_PAGES	4

extern struct pageable *suite_obj;
/* The memory cgroup of the task that loaded the suite. */
extern struct mem_cgroup *suite_memcg;

/* A pin that is released when the test ends if the test did not. */
struct test_pin {
	struct pageable *obj;
	pgoff_t first;
	unsigned long nr;
	struct page **pages;
	bool pinned;
};

/* A vmap that is undone when the test ends if the test did not. */
struct test_vmap {
	struct pageable *obj;
	void *vaddr;
};

unsigned long test_memcg_max(struct mem_cgroup *memcg);
unsigned long test_memcg_usage(struct mem_cgroup *memcg);
bool test_memcg_is_root(struct mem_cgroup *memcg);
unsigned long test_memcg_slack(void);
void pageable_put_action(void *in);
void test_skip(struct kunit *test, const char *reason);
void expect_warning_begin(void);
void expect_warning_end(void);
struct pageable *test_create(struct kunit *test, u64 size,
			     unsigned int flags);
ssize_t test_write(struct pageable *obj, loff_t pos, const void *buf,
		   size_t len);
ssize_t test_read(struct pageable *obj, loff_t pos, void *buf,
		  size_t len);
u8 test_pattern(loff_t pos);
void *test_alloc(struct kunit *test, size_t size);
void test_free(struct kunit *test, void *p);
void test_fill(struct kunit *test, struct pageable *obj, loff_t pos,
	       size_t len);
void test_check(struct kunit *test, struct pageable *obj, loff_t pos,
		size_t len);
struct pageable_stats test_stat(struct pageable *obj);
struct test_pin *test_pin(struct kunit *test, struct pageable *obj,
			  pgoff_t first, unsigned long nr);
void test_unpin(struct kunit *test, struct test_pin *pin,
		unsigned int flags);
struct test_vmap *test_vmap(struct kunit *test, struct pageable *obj,
			    pgoff_t first, unsigned long nr,
				   pgprot_t prot);
void test_vunmap(struct kunit *test, struct test_vmap *map,
		 unsigned int flags);
void test_lock(struct kunit *test, struct pageable *obj);
void test_unlock(struct pageable *obj);
unsigned long test_pswpout(struct kunit *test);
int test_mmap_at(struct pageable *obj, struct vm_area_struct *vma,
		 pgoff_t pgoff);
struct file *test_file(struct kunit *test, struct pageable *obj,
		       const struct file_operations *fops);
struct file *test_driver_file(struct kunit *test, struct pageable *obj);
extern const struct file_operations test_mmap_wc_fops;
void test_set_fail_nth(unsigned int nth);
unsigned int test_get_fail_nth(void);
bool test_alloc_error(long err);
unsigned long *test_bitmap(struct kunit *test, unsigned long nr);
bool test_folio_dirty(struct kunit *test, struct pageable *obj,
		      pgoff_t index);
struct pageable *test_large_object(struct kunit *test);
int pageable_test_suite_init(struct kunit_suite *suite);
void pageable_test_suite_exit(struct kunit_suite *suite);

#endif /* __TEST_PAGEABLE_HELPERS_H */
