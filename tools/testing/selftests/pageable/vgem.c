// SPDX-License-Identifier: GPL-2.0
/*
 * vgem dumb buffers under memory pressure.
 *
 * vgem backs its dumb buffers with GEM shmem objects that it maps
 * write-combined (map_wc).  A process in a memory cgroup limited well below
 * the total size of its buffers creates them, keeps them all mapped, fills
 * them word by word, pushes them to swap with memory.reclaim and reads
 * every word back through the same mappings.  A second test shares a
 * buffer between two vgem file descriptors through PRIME and checks what
 * comes back from swap through the imported handle's mapping and through
 * a mapping of the dma-buf itself.
 *
 * With GEM objects backed by pageable objects, a user mapping holds only
 * the pages it faulted in, and the pageable shrinker releases them under
 * memory pressure, so mapped buffers are swapped out like any tmpfs
 * mapping and the Unevictable count does not grow with them.  The base
 * kernel's drm_gem_shmem_mmap() pins every page of an object for as long
 * as it is mapped: the pages are unevictable and never swapped, and in a
 * cgroup that maps more than its limit mmap() fails with ENOMEM (or the
 * OOM killer or a SIGBUS at fault time ends the process).  These tests
 * fail there.
 *
 * A test skips when the system lacks what it needs: vgem
 * (CONFIG_DRM_VGEM), root, the cgroup v2 memory controller or swap.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <drm/drm.h>
#include <drm/drm_mode.h>

#include "../kselftest_harness.h"
#include "pageable_util.h"

#define MIB			(1024UL * 1024)
#define CG_LIMIT_MIB		32
#define CG_LIMIT		"32M"

/* Dumb buffers of BUF_WIDTH x height pixels of 32 bits. */
#define BUF_WIDTH		1024
#define BUF_BPP			32

/* swap_out_and_verify: 20 x 4 MiB, 2.5 times the limit. */
#define PRESSURE_BUFS		20
#define PRESSURE_HEIGHT		1024
#define PRESSURE_BUF_SIZE	(4 * MIB)
#define PRESSURE_TOTAL		(PRESSURE_BUFS * PRESSURE_BUF_SIZE)

/* dmabuf_swap_out_and_verify: one buffer of 16 MiB. */
#define DMABUF_HEIGHT		4096
#define DMABUF_SIZE		(16 * MIB)

/*
 * Swap-out must reach at least a quarter of the pages of the buffers
 * (pswpout, plus zswpout if the kernel has it): not just a few pages of
 * the process, but a real part of the buffers themselves.
 */
#define SWAP_OUT_DIVISOR	4

/*
 * Unevictable (/proc/meminfo) after memory.reclaim may exceed what it was
 * before the buffers by less than this.  The base kernel pins all of them:
 * 80 MiB for swap_out_and_verify.
 */
#define UNEVICTABLE_SLACK_KB	(8 * 1024)

/*
 * The children kill themselves with SIGALRM before the harness timeouts,
 * so that a stuck child is reported and the cgroup still removed.  The
 * pressure case takes about 20 s on a test kernel under QEMU without KVM,
 * and more than 170 s on a KASAN kernel sharing the host with builds.
 */
#define PRESSURE_TIMEOUT	600
#define PRESSURE_CHILD_TIMEOUT	570
#define DMABUF_TIMEOUT		300
#define DMABUF_CHILD_TIMEOUT	270

enum phase {
	PHASE_START,
	PHASE_CREATE,
	PHASE_FILL,
	PHASE_RECLAIM,
	PHASE_VERIFY,
	PHASE_CLEANUP,
	PHASE_DONE,
};

static const char * const phase_names[] = {
	[PHASE_START] = "starting",
	[PHASE_CREATE] = "creating and mapping buffers",
	[PHASE_FILL] = "filling",
	[PHASE_RECLAIM] = "in memory.reclaim",
	[PHASE_VERIFY] = "verifying",
	[PHASE_CLEANUP] = "cleaning up",
	[PHASE_DONE] = "done",
};

/*
 * The state of a test, shared with the child that does the work in the
 * cgroup (FIXTURE_TEARDOWN_PARENT puts the fixture in shared memory): the
 * child reports its progress and what it measured and found there.
 */
struct vgem_state {
	char cg[64];
	char dev[PATH_MAX];
	/* A device node made in /tmp, to remove, or "". */
	char node[PATH_MAX];
	uint64_t seed;
	/* Progress and results from the child. */
	enum phase phase;
	unsigned long filled;
	unsigned long verified;
	char error[256];
	int bad_buf;
	const char *bad_map;
	size_t bad_off;
	uint64_t bad_want;
	uint64_t bad_got;
	/* Swap-out: pswpout, and pswpout + zswpout. */
	long long pswpout[3];
	long long swapout[3];
	/* Unevictable in kB: before, peak while filling, after reclaim. */
	long long unevict0;
	long long unevict_peak;
	long long unevict_reclaimed;
	double fill_s;
	double reclaim_s;
	double verify_s;
};

/* The 64-bit word at index @idx of buffer @buf. */
static uint64_t pattern(uint64_t seed, unsigned int buf, size_t idx)
{
	return ((uint64_t)buf << 40) ^ (idx * 0x9e3779b97f4a7c15ULL) ^ seed;
}

static void fill_pattern(uint64_t *p, size_t words, uint64_t seed,
			 unsigned int buf)
{
	size_t i;

	for (i = 0; i < words; i++)
		p[i] = pattern(seed, buf, i);
}

/*
 * Check buffer @buf, mapped at @p, against its pattern and record the
 * first mismatch in @st; returns 0 if every word matches.  With @new_seed
 * non-zero, also rewrite each word with the pattern of @new_seed.
 */
static int check_pattern(struct vgem_state *st, const char *map,
			 uint64_t *p, size_t words, uint64_t seed,
			 unsigned int buf, uint64_t new_seed)
{
	size_t i;

	for (i = 0; i < words; i++) {
		uint64_t want = pattern(seed, buf, i);
		uint64_t got = p[i];

		if (got != want) {
			st->bad_buf = buf;
			st->bad_map = map;
			st->bad_off = i * sizeof(*p);
			st->bad_want = want;
			st->bad_got = got;
			return 1;
		}
		if (new_seed)
			p[i] = pattern(new_seed, buf, i);
	}
	st->verified += words * sizeof(*p);
	return 0;
}

/*
 * Report a failure in a child process, keeping the first one for the
 * parent; returns the child's exit code.
 */
static int child_fail(struct vgem_state *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!st->error[0])
		vsnprintf(st->error, sizeof(st->error), fmt, ap);
	va_end(ap);
	fprintf(stderr, "# child %d: %s\n", getpid(), st->error);
	return 1;
}

/* ioctl(), restarted like libdrm's drmIoctl(); 0 or -errno. */
static int drm_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

/* Whether the DRM device node at @path belongs to the vgem driver. */
static bool is_vgem(const char *path)
{
	char name[32] = "";
	struct drm_version v = {
		.name_len = sizeof(name) - 1,
		.name = name,
	};
	int fd, ret;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return false;
	ret = drm_ioctl(fd, DRM_IOCTL_VERSION, &v);
	close(fd);
	return !ret && !strcmp(name, "vgem");
}

/* Whether @name is "card" and a number: a primary node, not a connector. */
static bool is_card(const char *name)
{
	if (strncmp(name, "card", 4) || !name[4])
		return false;
	return strspn(name + 4, "0123456789") == strlen(name + 4);
}

/* Look for vgem's primary node in /dev/dri. */
static bool find_vgem_dev(struct vgem_state *st)
{
	struct dirent *de;
	bool found = false;
	DIR *dir;

	dir = opendir("/dev/dri");
	if (!dir)
		return false;
	while (!found && (de = readdir(dir))) {
		if (!is_card(de->d_name))
			continue;
		snprintf(st->dev, sizeof(st->dev), "/dev/dri/%s", de->d_name);
		found = is_vgem(st->dev);
	}
	closedir(dir);
	return found;
}

/*
 * Without a node in /dev/dri, make one in /tmp for each card in
 * /sys/class/drm until one is vgem's.
 */
static bool find_vgem_sysfs(struct vgem_state *st)
{
	char path[PATH_MAX], buf[32];
	unsigned int major, minor;
	struct dirent *de;
	bool found = false;
	DIR *dir;

	dir = opendir("/sys/class/drm");
	if (!dir)
		return false;
	while (!found && (de = readdir(dir))) {
		if (!is_card(de->d_name))
			continue;
		snprintf(path, sizeof(path), "/sys/class/drm/%s/dev",
			 de->d_name);
		if (read_file(path, buf, sizeof(buf)) <= 0 ||
		    sscanf(buf, "%u:%u", &major, &minor) != 2)
			continue;
		snprintf(st->node, sizeof(st->node),
			 "/tmp/pageable-vgem-%d-%s", getpid(), de->d_name);
		if (mknod(st->node, S_IFCHR | 0600, makedev(major, minor)))
			continue;
		snprintf(st->dev, sizeof(st->dev), "%s", st->node);
		found = is_vgem(st->dev);
		if (!found)
			unlink(st->node);
	}
	closedir(dir);
	if (!found)
		st->node[0] = '\0';
	return found;
}

/* A dumb buffer: its handle, size and mapping. */
struct dumb {
	uint32_t handle;
	size_t size;
	uint64_t *map;
};

/* Create a BUF_WIDTH x @height dumb buffer on @fd; 0 or -errno. */
static int dumb_create(int fd, uint32_t height, struct dumb *bo)
{
	struct drm_mode_create_dumb args = {
		.width = BUF_WIDTH,
		.height = height,
		.bpp = BUF_BPP,
	};
	int ret;

	ret = drm_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &args);
	if (ret)
		return ret;
	bo->handle = args.handle;
	bo->size = args.size;
	bo->map = MAP_FAILED;
	return 0;
}

/* Map the buffer with @handle on @fd (MODE_MAP_DUMB); 0 or -errno. */
static int dumb_map(int fd, uint32_t handle, size_t size, uint64_t **map)
{
	struct drm_mode_map_dumb args = { .handle = handle };
	int ret;

	ret = drm_ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &args);
	if (ret)
		return ret;
	*map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    args.offset);
	return *map == MAP_FAILED ? -errno : 0;
}

/* Unmap and destroy a dumb buffer made by dumb_create(). */
static int dumb_destroy(int fd, struct dumb *bo)
{
	struct drm_mode_destroy_dumb args = { .handle = bo->handle };

	if (bo->map != MAP_FAILED && munmap(bo->map, bo->size))
		return -errno;
	bo->map = MAP_FAILED;
	return drm_ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &args);
}

static int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	return drm_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

typedef int (*cg_child_fn)(struct vgem_state *st);

/*
 * Fork a child that joins the fixture's cgroup and returns fn(st), killed
 * by SIGALRM after @timeout seconds; returns its wait status, or -1.
 */
static int run_in_cgroup(struct vgem_state *st, cg_child_fn fn,
			 unsigned int timeout)
{
	int ret, status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		alarm(timeout);
		ret = cg_enter(st->cg);
		if (ret)
			_exit(child_fail(st, "joining %s: %s", st->cg,
					 strerror(-ret)));
		_exit(fn(st));
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/*
 * The body of swap_out_and_verify, in the cgroup: create, map and fill
 * PRESSURE_BUFS buffers, keeping them all mapped, reclaim and verify them
 * through the same mappings.
 */
static int pressure_child(struct vgem_state *st)
{
	struct dumb bufs[PRESSURE_BUFS];
	struct timespec t0;
	int fd, i, n = 0, ret;
	long long kb;

	fd = open(st->dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return child_fail(st, "open %s: %s", st->dev, strerror(errno));

	st->unevict0 = meminfo_kb("Unevictable");
	st->unevict_peak = st->unevict0;
	st->pswpout[0] = vmstat_read("pswpout");
	st->swapout[0] = swapped_out();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (n = 0; n < PRESSURE_BUFS; n++) {
		struct dumb *bo = &bufs[n];

		st->phase = PHASE_CREATE;
		ret = dumb_create(fd, PRESSURE_HEIGHT, bo);
		if (ret) {
			child_fail(st, "MODE_CREATE_DUMB %d: %s", n,
				   strerror(-ret));
			goto out;
		}
		if (bo->size < PRESSURE_BUF_SIZE) {
			child_fail(st, "buffer %d: %zu bytes, expected %lu", n,
				   bo->size, PRESSURE_BUF_SIZE);
			n++;
			goto out;
		}
		ret = dumb_map(fd, bo->handle, bo->size, &bo->map);
		if (ret) {
			child_fail(st, "mapping buffer %d: %s", n,
				   strerror(-ret));
			n++;
			goto out;
		}
		st->phase = PHASE_FILL;
		fill_pattern(bo->map, bo->size / sizeof(uint64_t), st->seed,
			     n);
		st->filled += bo->size;
		kb = meminfo_kb("Unevictable");
		if (kb > st->unevict_peak)
			st->unevict_peak = kb;
	}
	st->fill_s = elapsed(&t0);

	st->phase = PHASE_RECLAIM;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = cg_reclaim(st->cg, CG_LIMIT);
	if (ret) {
		child_fail(st, "memory.reclaim: %s", strerror(-ret));
		goto out;
	}
	st->reclaim_s = elapsed(&t0);
	st->pswpout[1] = vmstat_read("pswpout");
	st->swapout[1] = swapped_out();
	st->unevict_reclaimed = meminfo_kb("Unevictable");

	st->phase = PHASE_VERIFY;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (check_pattern(st, "mapping", bufs[i].map,
				  bufs[i].size / sizeof(uint64_t), st->seed,
				  i, 0))
			goto out;
	}
	st->verify_s = elapsed(&t0);
	st->phase = PHASE_CLEANUP;
out:
	ret = st->phase == PHASE_CLEANUP ? 0 : 1;
	for (i = 0; i < n; i++) {
		int err = dumb_destroy(fd, &bufs[i]);

		if (err && !ret)
			ret = child_fail(st, "destroying buffer %d: %s", i,
					 strerror(-err));
	}
	close(fd);
	if (!ret)
		st->phase = PHASE_DONE;
	return ret;
}

/*
 * The body of dmabuf_swap_out_and_verify, in the cgroup.  The buffer is
 * created and mapped on a first vgem file, exported as a dma-buf, imported
 * on a second vgem file and mapped there, and the dma-buf is mapped too.  It is filled through the
 * first mapping, reclaimed, checked and rewritten with a second pattern
 * through the imported handle's mapping, reclaimed again and checked
 * through the dma-buf's mapping.
 */
static int dmabuf_child(struct vgem_state *st)
{
	const size_t words = DMABUF_SIZE / sizeof(uint64_t);
	const uint64_t seed2 = ~st->seed;
	uint64_t *imported = MAP_FAILED, *dmabuf = MAP_FAILED;
	struct drm_prime_handle export = {
		.flags = DRM_CLOEXEC | DRM_RDWR,
		.fd = -1,
	};
	struct drm_prime_handle import = { 0 };
	struct dumb bo = { .map = MAP_FAILED };
	int fd1, fd2 = -1, ret = 1, err;
	struct timespec t0;

	fd1 = open(st->dev, O_RDWR | O_CLOEXEC);
	if (fd1 < 0)
		return child_fail(st, "open %s: %s", st->dev, strerror(errno));
	st->phase = PHASE_CREATE;
	err = dumb_create(fd1, DMABUF_HEIGHT, &bo);
	if (err) {
		child_fail(st, "MODE_CREATE_DUMB: %s", strerror(-err));
		goto out;
	}
	if (bo.size < DMABUF_SIZE) {
		child_fail(st, "buffer of %zu bytes, expected %lu", bo.size,
			   DMABUF_SIZE);
		goto out;
	}
	err = dumb_map(fd1, bo.handle, bo.size, &bo.map);
	if (err) {
		child_fail(st, "mapping the buffer: %s", strerror(-err));
		goto out;
	}
	export.handle = bo.handle;
	err = drm_ioctl(fd1, DRM_IOCTL_PRIME_HANDLE_TO_FD, &export);
	if (err) {
		export.fd = -1;
		child_fail(st, "PRIME_HANDLE_TO_FD: %s", strerror(-err));
		goto out;
	}
	fd2 = open(st->dev, O_RDWR | O_CLOEXEC);
	if (fd2 < 0) {
		child_fail(st, "open %s again: %s", st->dev, strerror(errno));
		goto out;
	}
	import.fd = export.fd;
	err = drm_ioctl(fd2, DRM_IOCTL_PRIME_FD_TO_HANDLE, &import);
	if (err) {
		import.handle = 0;
		child_fail(st, "PRIME_FD_TO_HANDLE: %s", strerror(-err));
		goto out;
	}
	err = dumb_map(fd2, import.handle, DMABUF_SIZE, &imported);
	if (err) {
		child_fail(st, "mapping the imported handle: %s",
			   strerror(-err));
		goto out;
	}
	dmabuf = mmap(NULL, DMABUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		      export.fd, 0);
	if (dmabuf == MAP_FAILED) {
		child_fail(st, "mmap of the dma-buf: %s", strerror(errno));
		goto out;
	}

	st->phase = PHASE_FILL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fill_pattern(bo.map, words, st->seed, 0);
	st->filled = DMABUF_SIZE;
	st->fill_s = elapsed(&t0);

	st->phase = PHASE_RECLAIM;
	st->pswpout[0] = vmstat_read("pswpout");
	st->swapout[0] = swapped_out();
	err = cg_reclaim(st->cg, CG_LIMIT);
	if (err) {
		child_fail(st, "memory.reclaim: %s", strerror(-err));
		goto out;
	}
	st->pswpout[1] = vmstat_read("pswpout");
	st->swapout[1] = swapped_out();

	/* Rewritten, so that the second reclaim has to write it again. */
	st->phase = PHASE_VERIFY;
	if (check_pattern(st, "the imported handle's mapping", imported,
			  words, st->seed, 0, seed2))
		goto out;

	st->phase = PHASE_RECLAIM;
	err = cg_reclaim(st->cg, CG_LIMIT);
	if (err) {
		child_fail(st, "memory.reclaim: %s", strerror(-err));
		goto out;
	}
	st->pswpout[2] = vmstat_read("pswpout");
	st->swapout[2] = swapped_out();

	st->phase = PHASE_VERIFY;
	if (check_pattern(st, "the dma-buf's mapping", dmabuf, words, seed2,
			  0, 0))
		goto out;
	st->phase = PHASE_CLEANUP;
	ret = 0;
out:
	if (dmabuf != MAP_FAILED && munmap(dmabuf, DMABUF_SIZE) && !ret)
		ret = child_fail(st, "munmap: %s", strerror(errno));
	if (imported != MAP_FAILED && munmap(imported, DMABUF_SIZE) && !ret)
		ret = child_fail(st, "munmap: %s", strerror(errno));
	if (import.handle) {
		err = gem_close(fd2, import.handle);
		if (err && !ret)
			ret = child_fail(st, "GEM_CLOSE: %s", strerror(-err));
	}
	if (fd2 >= 0)
		close(fd2);
	if (export.fd >= 0)
		close(export.fd);
	if (bo.size) {
		err = dumb_destroy(fd1, &bo);
		if (err && !ret)
			ret = child_fail(st, "MODE_DESTROY_DUMB: %s",
					 strerror(-err));
	}
	close(fd1);
	if (!ret)
		st->phase = PHASE_DONE;
	return ret;
}

/* Why the tests cannot run here, or NULL. */
static const char *unsupported(size_t total)
{
	const char *why;

	if (geteuid())
		return "needs root for the cgroup and the vgem device";
	why = cg_swap_unsupported(total);
	if (why)
		return why;
	if (meminfo_kb("Unevictable") < 0)
		return "no Unevictable in /proc/meminfo";
	return NULL;
}

FIXTURE(vgem) {
	struct vgem_state st;
};

FIXTURE_SETUP(vgem)
{
	struct vgem_state *st = &self->st;
	const char *why, *what;
	char path[PATH_MAX];
	int ret;

	st->bad_buf = -1;
	why = unsupported(2 * PRESSURE_TOTAL);
	if (why)
		SKIP(return, "%s", why);
	if (!find_vgem_dev(st) && !find_vgem_sysfs(st))
		SKIP(return, "no vgem device (CONFIG_DRM_VGEM) in /dev/dri or /sys/class/drm");

	/* Never 0, so that a page of zeroes never matches. */
	st->seed = (((uint64_t)getpid() << 32) ^ time(NULL)) | 1;

	snprintf(st->cg, sizeof(st->cg), CG_ROOT "/pageable-vgem-%d",
		 getpid());
	what = "mkdir";
	ret = mkdir(st->cg, 0755) ? -errno : 0;
	if (!ret) {
		what = "memory.max";
		ret = cg_write(st->cg, "memory.max", CG_LIMIT);
		if (ret)
			rmdir(st->cg);
	}
	if (ret && st->node[0])
		unlink(st->node);
	ASSERT_EQ(0, ret)
		TH_LOG("%s: %s: %s", st->cg, what, strerror(-ret));
	snprintf(path, sizeof(path), "%s/memory.reclaim", st->cg);
	if (access(path, F_OK)) {
		rmdir(st->cg);
		if (st->node[0])
			unlink(st->node);
		SKIP(return, "no memory.reclaim in the cgroup (before 5.19)");
	}
}

FIXTURE_TEARDOWN_PARENT(vgem)
{
	struct vgem_state *st = &self->st;
	int ret;

	ret = cg_remove(st->cg);
	if (ret)
		TH_LOG("rmdir %s: %s", st->cg, strerror(-ret));
	if (st->node[0])
		unlink(st->node);
}

/* Log what the cgroup used; the numbers show the pressure in the log. */
static void log_cgroup(struct __test_metadata *_metadata,
		       struct vgem_state *st)
{
	TH_LOG("cgroup: memory.peak %lld KiB, memory.swap.current %lld KiB",
	       cg_read_ll(st->cg, "memory.peak") / 1024,
	       cg_read_ll(st->cg, "memory.swap.current") / 1024);
	TH_LOG("cgroup: memory.stat: unevictable %lld KiB, shmem %lld KiB",
	       cg_keyed_read(st->cg, "memory.stat", "unevictable") / 1024,
	       cg_keyed_read(st->cg, "memory.stat", "shmem") / 1024);
	TH_LOG("cgroup: memory.events: oom %lld, oom_kill %lld",
	       cg_keyed_read(st->cg, "memory.events", "oom"),
	       cg_keyed_read(st->cg, "memory.events", "oom_kill"));
}

/*
 * Dumb buffers of 2.5 times the cgroup's limit, all mapped at once and
 * filled by a process in the cgroup, go to swap (pswpout grows by at least
 * a quarter of their pages) without growing Unevictable, and every word
 * reads back intact through the same mappings.
 */
TEST_F_TIMEOUT(vgem, swap_out_and_verify, PRESSURE_TIMEOUT)
{
	struct vgem_state *st = &self->st;
	const long long want = PRESSURE_TOTAL / getpagesize() /
			       SWAP_OUT_DIVISOR;
	long long out, zout, grown;
	char line[256];
	int status;

	status = run_in_cgroup(st, pressure_child, PRESSURE_CHILD_TIMEOUT);
	ASSERT_NE(-1, status) TH_LOG("vgem: fork or waitpid failed");
	if (WIFSIGNALED(status) || WEXITSTATUS(status))
		log_cgroup(_metadata, st);
	ASSERT_FALSE(WIFSIGNALED(status))
		TH_LOG("vgem: child killed by signal %d (%s) while %s after filling %lu/%lu MiB",
		       WTERMSIG(status), strsignal(WTERMSIG(status)),
		       phase_names[st->phase], st->filled / MIB,
		       PRESSURE_TOTAL / MIB);
	ASSERT_EQ(-1, st->bad_buf)
		TH_LOG("vgem: buffer %d, offset %#zx: %#llx, expected %#llx",
		       st->bad_buf, st->bad_off,
		       (unsigned long long)st->bad_got,
		       (unsigned long long)st->bad_want);
	ASSERT_EQ(0, WEXITSTATUS(status))
		TH_LOG("vgem: child failed while %s, after filling %lu of %lu MiB: %s",
		       phase_names[st->phase], st->filled / MIB,
		       PRESSURE_TOTAL / MIB, st->error);

	out = st->pswpout[1] - st->pswpout[0];
	zout = st->swapout[1] - st->swapout[0] - out;
	grown = st->unevict_reclaimed - st->unevict0;
	snprintf(line, sizeof(line),
		 "vgem: %lu MiB of mapped dumb buffers in a %d MiB cgroup: pswpout +%lld pages, Unevictable %+lld kB after reclaim, every word verified",
		 PRESSURE_TOTAL / MIB, CG_LIMIT_MIB, out, grown);
	TH_LOG("%s", line);
	TH_LOG("Unevictable: %lld kB before, peak %+lld kB while filling, %+lld kB after reclaim",
	       st->unevict0, st->unevict_peak - st->unevict0, grown);
	TH_LOG("time: fill %.1f s, reclaim %.1f s, verify %.1f s; zswpout +%lld pages",
	       st->fill_s, st->reclaim_s, st->verify_s, zout);
	log_cgroup(_metadata, st);
	ASSERT_GE(out + zout, want)
		TH_LOG("vgem: %lld pages swapped out, expected at least %lld",
		       out + zout, want);
	ASSERT_LT(grown, UNEVICTABLE_SLACK_KB)
		TH_LOG("vgem: Unevictable grew by %lld kB, limit %d kB",
		       grown, UNEVICTABLE_SLACK_KB);
}

/*
 * A dumb buffer exported with PRIME and imported on a second vgem file
 * goes to swap from the cgroup under memory.reclaim, and comes back
 * intact through the imported handle's mapping, then, rewritten there and
 * reclaimed again, through a mapping of the dma-buf itself.
 */
TEST_F_TIMEOUT(vgem, dmabuf_swap_out_and_verify, DMABUF_TIMEOUT)
{
	struct vgem_state *st = &self->st;
	const long long want = DMABUF_SIZE / getpagesize() / SWAP_OUT_DIVISOR;
	long long out;
	char line[320];
	int i, status;

	status = run_in_cgroup(st, dmabuf_child, DMABUF_CHILD_TIMEOUT);
	ASSERT_NE(-1, status) TH_LOG("vgem: fork or waitpid failed");
	if (WIFSIGNALED(status) || WEXITSTATUS(status))
		log_cgroup(_metadata, st);
	ASSERT_FALSE(WIFSIGNALED(status))
		TH_LOG("vgem: dma-buf: child killed by signal %d (%s) while %s",
		       WTERMSIG(status), strsignal(WTERMSIG(status)),
		       phase_names[st->phase]);
	ASSERT_EQ(-1, st->bad_buf)
		TH_LOG("vgem: dma-buf: through %s, offset %#zx: %#llx, expected %#llx",
		       st->bad_map, st->bad_off,
		       (unsigned long long)st->bad_got,
		       (unsigned long long)st->bad_want);
	ASSERT_EQ(0, WEXITSTATUS(status))
		TH_LOG("vgem: dma-buf: child failed while %s: %s",
		       phase_names[st->phase], st->error);

	snprintf(line, sizeof(line),
		 "vgem: dma-buf: %lu MiB buffer shared through PRIME by two vgem files in a %d MiB cgroup: pswpout +%lld and +%lld pages in two reclaims, every word verified through the imported handle and the dma-buf",
		 DMABUF_SIZE / MIB, CG_LIMIT_MIB,
		 st->pswpout[1] - st->pswpout[0],
		 st->pswpout[2] - st->pswpout[1]);
	TH_LOG("%s", line);
	log_cgroup(_metadata, st);
	for (i = 1; i <= 2; i++) {
		out = st->swapout[i] - st->swapout[i - 1];
		ASSERT_GE(out, want)
			TH_LOG("vgem: dma-buf: reclaim %d: %lld pages swapped out, want %lld",
			       i, out, want);
	}
}

TEST_HARNESS_MAIN
