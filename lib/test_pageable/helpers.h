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

/* The memory cgroup of the task that loaded the suite. */
extern struct mem_cgroup *ptest_memcg;

/* A pin that is released when the test ends if the test did not. */
struct ptest_pin {
	struct pageable *obj;
	pgoff_t first;
	unsigned long nr;
	struct page **pages;
	bool pinned;
};

/* A vmap that is undone when the test ends if the test did not. */
struct ptest_vmap {
	struct pageable *obj;
	void *vaddr;
};

unsigned long ptest_memcg_max(struct mem_cgroup *memcg);
unsigned long ptest_memcg_usage(struct mem_cgroup *memcg);
bool ptest_memcg_is_root(struct mem_cgroup *memcg);
unsigned long ptest_memcg_slack(void);
void ptest_put_action(void *in);
void ptest_skip(struct kunit *test, const char *reason);
void ptest_expect_warning_begin(void);
void ptest_expect_warning_end(void);
struct pageable *ptest_create(struct kunit *test, u64 size,
			      unsigned int flags);
ssize_t ptest_write(struct pageable *obj, loff_t pos, const void *buf,
		    size_t len);
ssize_t ptest_read(struct pageable *obj, loff_t pos, void *buf,
		   size_t len);
u8 ptest_pattern(loff_t pos);
void *ptest_alloc(struct kunit *test, size_t size);
void ptest_free(struct kunit *test, void *p);
void ptest_fill(struct kunit *test, struct pageable *obj, loff_t pos,
		size_t len);
void ptest_check(struct kunit *test, struct pageable *obj, loff_t pos,
		 size_t len);
struct pageable_stats ptest_stat(struct pageable *obj);
struct ptest_pin *ptest_pin(struct kunit *test, struct pageable *obj,
			    pgoff_t first, unsigned long nr);
void ptest_unpin(struct kunit *test, struct ptest_pin *pin,
		 unsigned int flags);
struct ptest_vmap *ptest_vmap(struct kunit *test, struct pageable *obj,
			      pgoff_t first, unsigned long nr,
				   pgprot_t prot);
void ptest_vunmap(struct kunit *test, struct ptest_vmap *map,
		  unsigned int flags);
void ptest_lock(struct kunit *test, struct pageable *obj);
void ptest_unlock(struct pageable *obj);
unsigned long ptest_pswpout(struct kunit *test);
int ptest_mmap_at(struct pageable *obj, struct vm_area_struct *vma,
		  pgoff_t pgoff);
struct file *ptest_file(struct kunit *test, struct pageable *obj,
			const struct file_operations *fops);
struct file *ptest_driver_file(struct kunit *test, struct pageable *obj);
extern const struct file_operations ptest_mmap_wc_fops;
void ptest_set_fail_nth(unsigned int nth);
unsigned int ptest_get_fail_nth(void);
bool ptest_alloc_error(long err);
unsigned long *ptest_bitmap(struct kunit *test, unsigned long nr);
bool ptest_folio_dirty(struct kunit *test, struct pageable *obj,
		       pgoff_t index);
struct pageable *ptest_large_object(struct kunit *test);
int ptest_case_init(struct kunit *test);
int ptest_suite_init(struct kunit_suite *suite);
void ptest_suite_exit(struct kunit_suite *suite);

#endif /* __TEST_PAGEABLE_HELPERS_H */
