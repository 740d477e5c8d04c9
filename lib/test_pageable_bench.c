// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of the pageable object allocator against the status quo.
 *
 * Each figure is measured side by side with what drivers use today, in
 * the same boot: shmem_file_setup() files, the code path of
 * drm_gem_get_pages() and drm_gem_put_pages() before they were converted,
 * memcpy(), reclaim of a shmem file, and set_pages_array_wc() and
 * set_pages_array_wb() around every write-combined mapping.  The two
 * sides alternate within each repetition, so that both see the same state
 * of the machine.
 *
 * Load with figure=NAME (or "all") and reps=N; every figure prints one
 * line that starts with "pageable_bench:" and that "make bench" turns
 * into a table.  Nothing here fails on a timing: the module measures and
 * then refuses to stay loaded, like lib/test_vmalloc.c.
 *
 * Copyright (C) 2026 The pageable authors
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/file.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pageable.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/swap.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <kunit/visibility.h>

#include "../mm/pageable_test_hooks.h"

#ifdef CONFIG_X86
#include <asm/set_memory.h>
#endif

#define BENCH_MAX_REPS	16

static char *figure = "all";
module_param(figure, charp, 0444);
MODULE_PARM_DESC(figure, "Figure to measure, or \"all\"");

static unsigned int reps = 5;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "Repetitions of each figure (1 to 16)");

/*
 * One figure: values of both sides for each repetition, in @unit.  When
 * @lower_is_better, the ratio is still pageable / status quo, and a ratio
 * below 1 is the good side.
 */
struct bench_figure {
	const char *name;
	const char *what;
	const char *unit;
	const char *status_quo;
	const char *goal;
	unsigned int n;
	u64 pageable[BENCH_MAX_REPS];
	u64 status[BENCH_MAX_REPS];
};

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 median(u64 *v, unsigned int n)
{
	u64 tmp[BENCH_MAX_REPS];

	memcpy(tmp, v, n * sizeof(*v));
	sort(tmp, n, sizeof(*tmp), cmp_u64, NULL);
	return tmp[n / 2];
}

/*
 * Print one figure: the medians of both sides, and the minimum, median
 * and maximum of the per-repetition ratio, in thousandths.
 */
static void bench_report(struct bench_figure *f)
{
	u64 ratio[BENCH_MAX_REPS];
	unsigned int i;

	if (!f->n)
		return;
	for (i = 0; i < f->n; i++)
		ratio[i] = f->status[i] ?
			   div64_u64(f->pageable[i] * 1000, f->status[i]) : 0;
	sort(ratio, f->n, sizeof(*ratio), cmp_u64, NULL);
	pr_info("pageable_bench: %s|%s|%s|%llu|%s|%llu|%llu.%03llu|%u|%llu.%03llu|%llu.%03llu|%s\n",
		f->name, f->what, f->unit, median(f->pageable, f->n),
		f->status_quo, median(f->status, f->n),
		ratio[f->n / 2] / 1000, ratio[f->n / 2] % 1000, f->n,
		ratio[0] / 1000, ratio[0] % 1000,
		ratio[f->n - 1] / 1000, ratio[f->n - 1] % 1000, f->goal);
}

static u64 per_second(u64 count, u64 ns)
{
	return div64_u64(count * NSEC_PER_SEC, max_t(u64, ns, 1));
}

static u64 mib_per_second(u64 bytes, u64 ns)
{
	return per_second(bytes, ns) >> 20;
}

static long slab_bytes(void)
{
	return (global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B) +
		global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)) <<
	       PAGE_SHIFT;
}

static long used_bytes(void)
{
	return (totalram_pages() - global_zone_page_state(NR_FREE_PAGES)) <<
	       PAGE_SHIFT;
}

static unsigned long vm_event(enum vm_event_item item)
{
	unsigned long ev[NR_VM_EVENT_ITEMS];

	all_vm_events(ev);
	return ev[item];
}

/* A status-quo object: an unlinked tmpfs file, as GEM creates one. */
static struct file *shmem_object(u64 size)
{
	return shmem_file_setup("pageable-bench", size, VM_NORESERVE);
}

/*
 * Copy @len bytes at @pos of a pageable object, or of a file if @obj is
 * %NULL, from @buf (@write) or to it, @buf_len bytes at a time.
 */
static int transfer(struct pageable *obj, struct file *file, loff_t pos,
		    size_t len, void *buf, size_t buf_len, bool write)
{
	while (len) {
		size_t n = min(len, buf_len);
		struct kvec kv = { .iov_base = buf, .iov_len = n };
		struct iov_iter it;
		loff_t p = pos;
		ssize_t ret;

		if (obj) {
			iov_iter_kvec(&it, write ? ITER_SOURCE : ITER_DEST,
				      &kv, 1, n);
			ret = write ? pageable_write(obj, pos, &it,
						     PAGEABLE_INTENT_CPU) :
				      pageable_read(obj, pos, &it,
						    PAGEABLE_INTENT_CPU);
		} else {
			ret = write ? kernel_write(file, buf, n, &p) :
				      kernel_read(file, buf, n, &p);
		}
		if (ret != n)
			return ret < 0 ? ret : -EIO;
		pos += n;
		len -= n;
	}
	return 0;
}

static int fill(struct pageable *obj, struct file *file, loff_t pos,
		size_t len, void *buf, size_t buf_len)
{
	return transfer(obj, file, pos, len, buf, buf_len, true);
}

static int drain(struct pageable *obj, struct file *file, loff_t pos,
		 size_t len, void *buf, size_t buf_len)
{
	return transfer(obj, file, pos, len, buf, buf_len, false);
}

/* Create and release empty objects: the rate. */
static void bench_create(struct bench_figure *f)
{
	const unsigned int nr = 10000;
	unsigned int r, i;
	u64 t;

	for (r = 0; r < reps; r++) {
		t = ktime_get_ns();
		for (i = 0; i < nr; i++) {
			struct pageable *obj = pageable_create(SZ_1M,
							PAGEABLE_NORESERVE);

			if (IS_ERR(obj))
				return;
			pageable_put(obj);
		}
		f->pageable[r] = per_second(nr, ktime_get_ns() - t);

		t = ktime_get_ns();
		for (i = 0; i < nr; i++) {
			struct file *file = shmem_object(SZ_1M);

			if (IS_ERR(file))
				return;
			__fput_sync(file);
		}
		f->status[r] = per_second(nr, ktime_get_ns() - t);
		f->n++;
		cond_resched();
	}
}

/*
 * Slab bytes per object, untouched or with one page written: the growth
 * of the slab counters over @nr objects.
 */
static long slab_per_object(bool pageable, bool one_page, unsigned int nr,
			    void *page)
{
	void **objs = kvcalloc(nr, sizeof(*objs), GFP_KERNEL);
	long before, after = 0;
	unsigned int i, done = 0;

	if (!objs)
		return 0;
	before = slab_bytes();
	for (i = 0; i < nr; i++, done++) {
		void *o = pageable ? (void *)pageable_create(SZ_1M,
							PAGEABLE_NORESERVE) :
				     (void *)shmem_object(SZ_1M);

		if (IS_ERR(o))
			break;
		objs[i] = o;
		if (one_page &&
		    fill(pageable ? o : NULL, pageable ? NULL : o, 0,
			 PAGE_SIZE, page, PAGE_SIZE))
			break;
	}
	if (done == nr)
		after = slab_bytes();
	for (i = 0; i < nr && objs[i]; i++) {
		if (pageable)
			pageable_put(objs[i]);
		else
			__fput_sync(objs[i]);
	}
	kvfree(objs);
	return after ? (after - before) / nr : 0;
}

static void bench_slab(struct bench_figure *f, bool one_page)
{
	void *page = (void *)get_zeroed_page(GFP_KERNEL);
	unsigned int r;

	if (!page)
		return;
	memset(page, 0x5a, PAGE_SIZE);
	for (r = 0; r < reps; r++) {
		long p = slab_per_object(true, one_page, 10000, page);
		long s = slab_per_object(false, one_page, 10000, page);

		if (p <= 0 || s <= 0)
			break;
		f->pageable[r] = p;
		f->status[r] = s;
		f->n++;
	}
	free_page((unsigned long)page);
}

/* 100,000 live objects: memory used (@time false) or creation time. */
static void bench_many(struct bench_figure *mem, struct bench_figure *time)
{
	const unsigned int nr = 100000;
	void **objs = kvcalloc(nr, sizeof(*objs), GFP_KERNEL);
	unsigned int r, i, side;

	if (!objs)
		return;
	for (r = 0; r < min(reps, 3U); r++) {
		for (side = 0; side < 2; side++) {
			long before = used_bytes();
			u64 t = ktime_get_ns(), dt;
			long used;

			for (i = 0; i < nr; i++) {
				void *o = side ? (void *)shmem_object(SZ_1M) :
					(void *)pageable_create(SZ_1M,
							PAGEABLE_NORESERVE);

				if (IS_ERR(o))
					break;
				objs[i] = o;
			}
			dt = ktime_get_ns() - t;
			used = used_bytes() - before;
			for (i = 0; i < nr && objs[i]; i++) {
				if (side)
					__fput_sync(objs[i]);
				else
					pageable_put(objs[i]);
				objs[i] = NULL;
			}
			if (side) {
				mem->status[r] = max(used, 0L) >> 10;
				time->status[r] = div_u64(dt, NSEC_PER_MSEC);
			} else {
				mem->pageable[r] = max(used, 0L) >> 10;
				time->pageable[r] = div_u64(dt, NSEC_PER_MSEC);
			}
			cond_resched();
		}
		mem->n++;
		time->n++;
	}
	kvfree(objs);
}

/* drm_gem_get_pages() as it was in 6.12, on a shmem file. */
static int gem_get_pages(struct address_space *mapping, long npages,
			 struct page **pages)
{
	long i = 0, j;

	mapping_set_unevictable(mapping);
	while (i < npages) {
		struct folio *folio;
		long nr;

		folio = shmem_read_folio_gfp(mapping, i,
					     mapping_gfp_mask(mapping));
		if (IS_ERR(folio))
			return PTR_ERR(folio);
		nr = min(npages - i, folio_nr_pages(folio));
		for (j = 0; j < nr; j++, i++)
			pages[i] = folio_file_page(folio, i);
	}
	return 0;
}

static void gem_release_batch(struct folio_batch *fbatch)
{
	check_move_unevictable_folios(fbatch);
	__folio_batch_release(fbatch);
	cond_resched();
}

/* drm_gem_put_pages() as it was in 6.12, marking the pages dirty. */
static void gem_put_pages(struct address_space *mapping, long npages,
			  struct page **pages)
{
	struct folio_batch fbatch;
	long i;

	mapping_clear_unevictable(mapping);
	folio_batch_init(&fbatch);
	for (i = 0; i < npages; i++) {
		struct folio *folio = page_folio(pages[i]);

		folio_mark_dirty(folio);
		if (!folio_batch_add(&fbatch, folio))
			gem_release_batch(&fbatch);
		i += folio_nr_pages(folio) - 1;
	}
	if (folio_batch_count(&fbatch))
		gem_release_batch(&fbatch);
}

/*
 * Pin and unpin a resident 64 MiB object, against the GEM path on a shmem
 * file (GFP_HIGHUSER, as the shmem helpers set), cycles per second.
 */
static void bench_pin(struct bench_figure *f, unsigned int flags)
{
	const long npages = SZ_64M >> PAGE_SHIFT;
	struct page **pages = kvmalloc_array(npages, sizeof(*pages),
					     GFP_KERNEL);
	struct pageable *obj = pageable_create(SZ_64M, flags);
	struct file *file = shmem_object(SZ_64M);
	const unsigned int cycles = 4;
	unsigned int r, c;
	u64 t;

	if (!pages || IS_ERR(obj) || IS_ERR(file))
		goto out;
	mapping_set_gfp_mask(file->f_mapping, GFP_HIGHUSER);
	/* Populate both, so that only pinning is measured. */
	if (pageable_pin(obj, 0, npages, pages))
		goto out;
	pageable_unpin(obj, 0, npages, pages, PAGEABLE_UNPIN_DIRTY);
	if (gem_get_pages(file->f_mapping, npages, pages))
		goto out;
	gem_put_pages(file->f_mapping, npages, pages);

	for (r = 0; r < reps; r++) {
		t = ktime_get_ns();
		for (c = 0; c < cycles; c++) {
			if (pageable_pin(obj, 0, npages, pages))
				goto out;
			pageable_unpin(obj, 0, npages, pages,
				       PAGEABLE_UNPIN_DIRTY);
		}
		f->pageable[r] = per_second(cycles * 1000,
					    ktime_get_ns() - t);
		t = ktime_get_ns();
		for (c = 0; c < cycles; c++) {
			if (gem_get_pages(file->f_mapping, npages, pages))
				goto out;
			gem_put_pages(file->f_mapping, npages, pages);
		}
		f->status[r] = per_second(cycles * 1000, ktime_get_ns() - t);
		f->n++;
	}
out:
	if (!IS_ERR_OR_NULL(file))
		__fput_sync(file);
	pageable_put(obj);
	kvfree(pages);
}

/* Write then read 64 MiB of a resident object, against two memcpy(). */
static void bench_copy(struct bench_figure *f, unsigned int flags)
{
	const size_t len = SZ_64M;
	struct pageable *obj = pageable_create(len, flags);
	void *a = vmalloc(len), *b = vmalloc(len);
	unsigned int r;
	u64 t;

	if (IS_ERR(obj) || !a || !b)
		goto out;
	memset(a, 0x3c, len);
	memset(b, 0xc3, len);
	if (fill(obj, NULL, 0, len, a, len))
		goto out;
	for (r = 0; r < reps; r++) {
		t = ktime_get_ns();
		if (fill(obj, NULL, 0, len, a, len) ||
		    drain(obj, NULL, 0, len, b, len))
			goto out;
		f->pageable[r] = mib_per_second(2 * len, ktime_get_ns() - t);
		t = ktime_get_ns();
		memcpy(b, a, len);
		memcpy(a, b, len);
		f->status[r] = mib_per_second(2 * len, ktime_get_ns() - t);
		f->n++;
		cond_resched();
	}
out:
	vfree(a);
	vfree(b);
	pageable_put(obj);
}

/*
 * Reclaim @memcg until @resident() reports nothing left or reclaim stops
 * making progress.  Returns the nanoseconds it took.
 */
static u64 reclaim_all(struct mem_cgroup *memcg, unsigned long nr,
		       unsigned long (*resident)(void *), void *arg)
{
	u64 t = ktime_get_ns();
	int tries = 16;

	while (resident(arg) && tries--)
		pageable_reclaim_memcg(memcg, nr);
	return ktime_get_ns() - t;
}

static unsigned long file_resident(void *file)
{
	return READ_ONCE(((struct file *)file)->f_mapping->nrpages);
}

static unsigned long obj_kept(void *obj)
{
	struct pageable_stats st;

	pageable_stat(obj, &st);
	return st.dontneed - st.discarded;
}

/*
 * Page out 256 MiB and read it back: pageable_pageout() against reclaim
 * of a shmem file of the same size, MiB per second for the round trip.
 */
static void bench_swap(struct bench_figure *f)
{
	const size_t len = SZ_256M, buf_len = SZ_1M;
	void *buf = kvmalloc(buf_len, GFP_KERNEL);
	unsigned int r;

	if (!buf || !pageable_swap_enabled())
		goto out;
	memset(buf, 0x69, buf_len);
	for (r = 0; r < min(reps, 3U); r++) {
		struct pageable *obj = pageable_create(len, 0);
		struct file *file;
		u64 t;

		if (IS_ERR(obj))
			break;
		if (fill(obj, NULL, 0, len, buf, buf_len)) {
			pageable_put(obj);
			break;
		}
		t = ktime_get_ns();
		pageable_pageout(obj, 0, len >> PAGE_SHIFT);
		drain(obj, NULL, 0, len, buf, buf_len);
		f->pageable[r] = mib_per_second(2 * len, ktime_get_ns() - t);
		pageable_put(obj);

		file = shmem_object(len);
		if (IS_ERR(file))
			break;
		if (fill(NULL, file, 0, len, buf, buf_len)) {
			__fput_sync(file);
			break;
		}
		obj = pageable_create(PAGE_SIZE, 0);	/* for its memcg */
		if (IS_ERR(obj)) {
			__fput_sync(file);
			break;
		}
		t = ktime_get_ns();
		reclaim_all(pageable_memcg(obj), len >> PAGE_SHIFT,
			    file_resident, file);
		drain(NULL, file, 0, len, buf, buf_len);
		f->status[r] = mib_per_second(2 * len, ktime_get_ns() - t);
		pageable_put(obj);
		__fput_sync(file);
		f->n++;
	}
out:
	kvfree(buf);
}

/*
 * Reclaim 256 MiB of dontneed memory against swapping out a shmem file of
 * the same size, MiB per second; and the swap writes of the former.
 */
static void bench_dontneed(struct bench_figure *f, struct bench_figure *wr)
{
	const size_t len = SZ_256M, buf_len = SZ_1M;
	void *buf = kvmalloc(buf_len, GFP_KERNEL);
	unsigned int r;

	if (!buf || !pageable_swap_enabled())
		goto out;
	memset(buf, 0x96, buf_len);
	for (r = 0; r < min(reps, 3U); r++) {
		struct pageable *obj = pageable_create(len, 0);
		unsigned long pswpout;
		struct file *file;
		u64 dt;

		if (IS_ERR(obj))
			break;
		if (fill(obj, NULL, 0, len, buf, buf_len) ||
		    pageable_dontneed(obj, 0, len >> PAGE_SHIFT)) {
			pageable_put(obj);
			break;
		}
		pswpout = vm_event(PSWPOUT);
		dt = reclaim_all(pageable_memcg(obj), len >> PAGE_SHIFT,
				 obj_kept, obj);
		f->pageable[r] = mib_per_second(len, dt);
		wr->pageable[r] = vm_event(PSWPOUT) - pswpout;

		file = shmem_object(len);
		if (IS_ERR(file) || fill(NULL, file, 0, len, buf, buf_len)) {
			if (!IS_ERR(file))
				__fput_sync(file);
			pageable_put(obj);
			break;
		}
		pswpout = vm_event(PSWPOUT);
		dt = reclaim_all(pageable_memcg(obj), len >> PAGE_SHIFT,
				 file_resident, file);
		f->status[r] = mib_per_second(len, dt);
		wr->status[r] = vm_event(PSWPOUT) - pswpout;
		__fput_sync(file);
		pageable_put(obj);
		f->n++;
		wr->n++;
	}
out:
	kvfree(buf);
}

#ifdef CONFIG_X86
/*
 * Map a resident 16 MiB object write-combined and unmap it, cycles per
 * second: pageable_vmap(), against pinning, set_pages_array_wc(), vmap(),
 * vunmap(), set_pages_array_wb() and unpinning on every cycle.
 */
static void bench_wc(struct bench_figure *f)
{
	const long npages = SZ_16M >> PAGE_SHIFT;
	pgprot_t wc = pgprot_writecombine(PAGE_KERNEL);
	struct page **pages = kvmalloc_array(npages, sizeof(*pages),
					     GFP_KERNEL);
	struct pageable *obj = pageable_create(SZ_16M, 0);
	const unsigned int cycles = 8;
	unsigned int r, c;
	void *vaddr;
	u64 t;

	if (!pages || IS_ERR(obj))
		goto out;
	for (r = 0; r < reps; r++) {
		t = ktime_get_ns();
		for (c = 0; c < cycles; c++) {
			vaddr = pageable_vmap(obj, 0, npages, wc);
			if (IS_ERR(vaddr))
				goto out;
			memset(vaddr, c, PAGE_SIZE);
			pageable_vunmap(obj, vaddr, PAGEABLE_UNPIN_DIRTY);
		}
		f->pageable[r] = per_second(cycles * 1000,
					    ktime_get_ns() - t);
		t = ktime_get_ns();
		for (c = 0; c < cycles; c++) {
			if (pageable_pin(obj, 0, npages, pages))
				goto out;
			set_pages_array_wc(pages, npages);
			vaddr = vmap(pages, npages, VM_MAP, wc);
			if (vaddr)
				memset(vaddr, c, PAGE_SIZE);
			vunmap(vaddr);
			set_pages_array_wb(pages, npages);
			pageable_unpin(obj, 0, npages, pages,
				       PAGEABLE_UNPIN_DIRTY);
		}
		f->status[r] = per_second(cycles * 1000, ktime_get_ns() - t);
		f->n++;
	}
out:
	pageable_put(obj);
	kvfree(pages);
}
#else
static void bench_wc(struct bench_figure *f)
{
}
#endif

static struct bench_figure figures[] = {
	{ "create", "create + release of empty objects", "objects/s",
	  "shmem_file_setup() + fput", ">= 3x" },
	{ "slab0", "slab per untouched object", "bytes",
	  "shmem file", "<= 0.25x" },
	{ "slab1", "slab per 1-page object", "bytes", "shmem file", "-" },
	{ "many_mem", "100,000 live objects: memory", "KiB",
	  "100,000 shmem files", "<= 30 MB" },
	{ "many_time", "100,000 live objects: creation", "ms",
	  "100,000 shmem files", "< 1 s" },
	{ "pin", "pin + unpin 64 MiB", "cycles/1000 s",
	  "drm_gem_get/put_pages (6.12)", ">= 1.5x" },
	{ "pin_large", "pin + unpin 64 MiB, large folios", "cycles/1000 s",
	  "drm_gem_get/put_pages (6.12)", ">= 1.5x" },
	{ "copy", "write + read 64 MiB resident", "MiB/s", "memcpy",
	  ">= 0.9x" },
	{ "copy_large", "write + read 64 MiB resident, large folios",
	  "MiB/s", "memcpy", ">= 0.9x" },
	{ "swap", "pageout + swap-in of 256 MiB", "MiB/s",
	  "reclaim + read of a shmem file", ">= 0.95x" },
	{ "dontneed", "reclaim 256 MiB: dontneed vs swap-out", "MiB/s",
	  "swap-out of a shmem file", ">= 10x" },
	{ "dontneed_writes", "swap writes during that reclaim", "pages",
	  "swap-out of a shmem file", "0" },
	{ "wc", "WC vmap + vunmap of 16 MiB", "cycles/1000 s",
	  "set_pages_array_wc/wb each cycle", ">= 5x" },
};

static struct bench_figure *find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(figures); i++)
		if (!strcmp(figures[i].name, name))
			return &figures[i];
	return NULL;
}

static bool wanted(const char *name)
{
	return !strcmp(figure, "all") || !strcmp(figure, name);
}

static int __init pageable_bench_init(void)
{
	unsigned int i;

	reps = clamp(reps, 1U, (unsigned int)BENCH_MAX_REPS);
	if (wanted("create"))
		bench_create(find("create"));
	if (wanted("slab0"))
		bench_slab(find("slab0"), false);
	if (wanted("slab1"))
		bench_slab(find("slab1"), true);
	if (wanted("many"))
		bench_many(find("many_mem"), find("many_time"));
	if (wanted("pin"))
		bench_pin(find("pin"), 0);
	if (wanted("pin_large"))
		bench_pin(find("pin_large"), PAGEABLE_LARGE_FOLIOS);
	if (wanted("copy"))
		bench_copy(find("copy"), 0);
	if (wanted("copy_large"))
		bench_copy(find("copy_large"), PAGEABLE_LARGE_FOLIOS);
	if (wanted("swap"))
		bench_swap(find("swap"));
	if (wanted("dontneed"))
		bench_dontneed(find("dontneed"), find("dontneed_writes"));
	if (wanted("wc"))
		bench_wc(find("wc"));

	for (i = 0; i < ARRAY_SIZE(figures); i++)
		bench_report(&figures[i]);
	pr_info("pageable_bench: done\n");
	/* Measured; nothing to keep loaded. */
	return -EAGAIN;
}
module_init(pageable_bench_init);

MODULE_DESCRIPTION("Benchmark of the pageable allocator against shmem files");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
