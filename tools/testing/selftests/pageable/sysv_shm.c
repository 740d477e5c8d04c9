// SPDX-License-Identifier: GPL-2.0
/*
 * SysV shared memory under memory pressure.
 *
 * Segments are created and filled by processes in a memory cgroup limited
 * well below their total size, pushed to swap with memory.reclaim and read
 * back word by word from the same cgroup.  SHM_LOCK must keep a segment
 * resident under that pressure and is bounded by RLIMIT_MEMLOCK; IPC_RMID
 * and the exit of the creator must not take a segment away from the
 * processes that still use it.
 *
 * Every check holds on any kernel with SysV IPC: a test skips when the
 * kernel or the system lacks what it needs (SysV IPC, swap, the cgroup v2
 * memory controller, root).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "../kselftest_harness.h"
#include "pageable_util.h"

#define MIB			(1024UL * 1024)
#define CG_LIMIT		"64M"
#define MAX_SEGS		4

/* swap_out_and_verify: 4 x 36 MiB, more than twice the 64 MiB limit. */
#define PRESSURE_SEGS		4
#define PRESSURE_SEG_SIZE	(36 * MIB)

/* shm_lock_keeps_resident: 16 MiB locked, then 2 x 32 MiB on top. */
#define LOCKED_SEG_SIZE		(16 * MIB)
#define LOCK_PRESSURE_SEGS	2
#define LOCK_PRESSURE_SEG_SIZE	(32 * MIB)

#define NOBODY			65534

/* The 64-bit word at index @idx of segment @seg. */
static uint64_t pattern(unsigned int seg, size_t idx)
{
	return ((uint64_t)(seg + 1) << 48) ^ (idx * 0x9e3779b97f4a7c15ULL);
}

static void fill_pattern(uint64_t *p, size_t words, unsigned int seg)
{
	size_t i;

	for (i = 0; i < words; i++)
		p[i] = pattern(seg, i);
}

/* Index of the first word that does not match, or -1. */
static ssize_t check_pattern(const uint64_t *p, size_t words,
			     unsigned int seg)
{
	size_t i;

	for (i = 0; i < words; i++)
		if (p[i] != pattern(seg, i))
			return i;
	return -1;
}

/* Report a failure in a child process; returns the child's exit code. */
static int child_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# child %d: ", getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int get_shm_info(struct shm_info *info)
{
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)info) < 0)
		return -errno;
	return 0;
}

/* 1 if the segment is SHM_LOCKED, 0 if not, -errno on error. */
static int shm_locked(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds))
		return -errno;
	return !!(ds.shm_perm.mode & SHM_LOCKED);
}

/*
 * Whether the kernel has SysV IPC at all: without CONFIG_SYSVIPC, shmget()
 * is not implemented and /proc/sysvipc does not exist.
 */
static bool have_sysvipc(void)
{
	return !access("/proc/sysvipc/shm", F_OK);
}

/* 0 if a SysV segment can be created, or -errno. */
static int shm_probe(void)
{
	int id = shmget(IPC_PRIVATE, getpagesize(), IPC_CREAT | 0600);

	if (id < 0)
		return -errno;
	shmctl(id, IPC_RMID, NULL);
	return 0;
}

static bool has_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};

	/* If in doubt, assume the capability is there. */
	if (syscall(SYS_capget, &hdr, data))
		return true;
	return data[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap);
}

/* Wait for @n children; returns how many failed or were killed. */
static int wait_children(const pid_t *pids, int n)
{
	int i, status, failed = 0;

	for (i = 0; i < n; i++) {
		if (pids[i] < 0 || waitpid(pids[i], &status, 0) != pids[i]) {
			failed++;
			continue;
		}
		if (WIFSIGNALED(status)) {
			fprintf(stderr, "# child %d killed by signal %d\n",
				pids[i], WTERMSIG(status));
			failed++;
		} else if (WEXITSTATUS(status)) {
			failed++;
		}
	}
	return failed;
}

/*
 * The state of a pressure test, shared with the children that do the work
 * in the cgroup (FIXTURE_TEARDOWN_PARENT puts the fixture in shared
 * memory): they store the ids of the segments they create and what they
 * find there.
 */
struct sysv_state {
	char cg[64];
	bool private_ns;
	int nsegs;
	int ids[MAX_SEGS];
	size_t sizes[MAX_SEGS];
	/* Results from the children. */
	int bad_seg;
	size_t bad_off;
	uint64_t bad_want;
	uint64_t bad_got;
	unsigned long verified_pages;
	unsigned long nonresident;
};

typedef int (*cg_child_fn)(struct sysv_state *st, int arg);

/* Fork a child that joins the fixture's cgroup and returns fn(st, arg). */
static pid_t spawn_in_cgroup(struct sysv_state *st, cg_child_fn fn,
			     int arg)
{
	pid_t pid;
	int ret;

	fflush(NULL);
	pid = fork();
	if (pid)
		return pid;
	ret = cg_enter(st->cg);
	if (ret)
		_exit(child_fail("joining %s: %s", st->cg, strerror(-ret)));
	_exit(fn(st, arg));
}

static int run_in_cgroup(struct sysv_state *st, cg_child_fn fn,
			 int arg)
{
	pid_t pid = spawn_in_cgroup(st, fn, arg);

	return wait_children(&pid, 1);
}

/* Create the first @nsegs segments of the fixture, charged to the cgroup. */
static int create_child(struct sysv_state *st, int nsegs)
{
	int i;

	for (i = 0; i < nsegs; i++) {
		st->ids[i] = shmget(IPC_PRIVATE, st->sizes[i],
				    IPC_CREAT | 0600);
		if (st->ids[i] < 0)
			return child_fail("shmget(%zu MiB): %s",
					  st->sizes[i] / MIB,
					  strerror(errno));
	}
	return 0;
}

/* Fill segment @seg with its pattern. */
static int fill_child(struct sysv_state *st, int seg)
{
	uint64_t *p = shmat(st->ids[seg], NULL, 0);

	if (p == (void *)-1)
		return child_fail("shmat(%d): %s", st->ids[seg],
				  strerror(errno));
	fill_pattern(p, st->sizes[seg] / sizeof(*p), seg);
	if (shmdt(p))
		return child_fail("shmdt: %s", strerror(errno));
	return 0;
}

static int verify_segment(struct sysv_state *st, int seg)
{
	size_t words = st->sizes[seg] / sizeof(uint64_t);
	uint64_t *p = shmat(st->ids[seg], NULL, SHM_RDONLY);
	ssize_t bad;

	if (p == (void *)-1)
		return child_fail("shmat(%d): %s", st->ids[seg],
				  strerror(errno));
	bad = check_pattern(p, words, seg);
	if (bad >= 0) {
		st->bad_seg = seg;
		st->bad_off = bad * sizeof(*p);
		st->bad_want = pattern(seg, bad);
		st->bad_got = p[bad];
		shmdt(p);
		return 1;
	}
	st->verified_pages += st->sizes[seg] / getpagesize();
	if (shmdt(p))
		return child_fail("shmdt: %s", strerror(errno));
	return 0;
}

/* Verify every segment whose bit is set in @mask. */
static int verify_child(struct sysv_state *st, int mask)
{
	int seg;

	for (seg = 0; seg < st->nsegs; seg++) {
		if (!(mask & (1 << seg)))
			continue;
		if (verify_segment(st, seg))
			return 1;
	}
	return 0;
}

/*
 * Count the pages of segment @seg that are not resident, before touching
 * them, then verify its content.
 */
static int residency_child(struct sysv_state *st, int seg)
{
	size_t pages = st->sizes[seg] / getpagesize();
	unsigned char *vec;
	void *p;
	size_t i;

	vec = malloc(pages);
	if (!vec)
		return child_fail("out of memory");
	p = shmat(st->ids[seg], NULL, SHM_RDONLY);
	if (p == (void *)-1)
		return child_fail("shmat(%d): %s", st->ids[seg],
				  strerror(errno));
	if (mincore(p, st->sizes[seg], vec))
		return child_fail("mincore: %s", strerror(errno));
	st->nonresident = 0;
	for (i = 0; i < pages; i++)
		if (!(vec[i] & 1))
			st->nonresident++;
	free(vec);
	shmdt(p);
	return verify_segment(st, seg);
}

/* Why the pressure tests cannot run here, or NULL. */
static const char *pressure_unsupported(size_t total)
{
	if (geteuid())
		return "needs root for the cgroup and SHM_LOCK";
	return cg_swap_unsupported(total);
}

FIXTURE(pressure) {
	struct sysv_state st;
};

FIXTURE_SETUP(pressure)
{
	struct sysv_state *st = &self->st;
	size_t total = PRESSURE_SEGS * PRESSURE_SEG_SIZE;
	char path[PATH_MAX];
	const char *why;
	int i, ret;

	for (i = 0; i < MAX_SEGS; i++)
		st->ids[i] = -1;
	st->bad_seg = -1;

	ret = shm_probe();
	if (ret && !have_sysvipc())
		SKIP(return, "no SysV IPC (CONFIG_SYSVIPC)");
	ASSERT_EQ(0, ret) TH_LOG("shmget: %s", strerror(-ret));
	why = pressure_unsupported(total);
	if (why)
		SKIP(return, "%s", why);

	/* SHM_INFO then counts only our segments, if the kernel can. */
	st->private_ns = !unshare(CLONE_NEWIPC);

	snprintf(st->cg, sizeof(st->cg), CG_ROOT "/pageable-sysv-%d",
		 getpid());
	ASSERT_EQ(0, mkdir(st->cg, 0755))
		TH_LOG("mkdir %s: %s", st->cg, strerror(errno));
	ret = cg_write(st->cg, "memory.max", CG_LIMIT);
	if (ret)
		rmdir(st->cg);
	ASSERT_EQ(0, ret)
		TH_LOG("%s/memory.max: %s", st->cg, strerror(-ret));
	snprintf(path, sizeof(path), "%s/memory.reclaim", st->cg);
	if (access(path, F_OK)) {
		rmdir(st->cg);
		SKIP(return, "no memory.reclaim in the cgroup (before 5.19)");
	}
}

FIXTURE_TEARDOWN_PARENT(pressure)
{
	struct sysv_state *st = &self->st;
	int i, ret;

	/* A private IPC namespace takes its segments with it. */
	for (i = 0; i < MAX_SEGS && !st->private_ns; i++)
		if (st->ids[i] >= 0)
			shmctl(st->ids[i], IPC_RMID, NULL);
	ret = cg_remove(st->cg);
	if (ret)
		TH_LOG("rmdir %s: %s", st->cg, strerror(-ret));
}

/* Log what the cgroup used; the numbers show the pressure in the log. */
static void log_cgroup(struct __test_metadata *_metadata,
		       struct sysv_state *st)
{
	TH_LOG("cgroup: memory.peak %lld KiB, memory.swap.current %lld KiB",
	       cg_read_ll(st->cg, "memory.peak") / 1024,
	       cg_read_ll(st->cg, "memory.swap.current") / 1024);
	TH_LOG("cgroup: memory.stat: unevictable %lld KiB, shmem %lld KiB",
	       cg_keyed_read(st->cg, "memory.stat", "unevictable") / 1024,
	       cg_keyed_read(st->cg, "memory.stat", "shmem") / 1024);
}

/*
 * Segments written by several processes in a cgroup limited to half their
 * size go to swap (pswpout grows, SHM_INFO counts swapped pages) and every
 * word reads back intact from a process under the same limit.
 */
TEST_F_TIMEOUT(pressure, swap_out_and_verify, 300)
{
	struct sysv_state *st = &self->st;
	pid_t pids[PRESSURE_SEGS];
	long long out0, out1, in0, pswpout0;
	struct timespec t0, t1;
	struct shm_info info;
	unsigned long swp0;
	int i, ret;

	st->nsegs = PRESSURE_SEGS;
	for (i = 0; i < st->nsegs; i++)
		st->sizes[i] = PRESSURE_SEG_SIZE;
	ASSERT_EQ(0, get_shm_info(&info));
	swp0 = info.shm_swp;
	out0 = swapped_out();
	pswpout0 = vmstat_read("pswpout");
	in0 = vmstat_read("pswpin");
	clock_gettime(CLOCK_MONOTONIC, &t0);

	ASSERT_EQ(0, run_in_cgroup(st, create_child, st->nsegs));
	for (i = 0; i < st->nsegs; i++)
		pids[i] = spawn_in_cgroup(st, fill_child, i);
	ASSERT_EQ(0, wait_children(pids, st->nsegs))
		TH_LOG("a writer failed");
	ret = cg_reclaim(st->cg, CG_LIMIT);
	ASSERT_EQ(0, ret) TH_LOG("memory.reclaim: %s", strerror(-ret));

	out1 = swapped_out();
	ASSERT_EQ(0, get_shm_info(&info));
	TH_LOG("%d x %zu MiB filled in a %s cgroup and reclaimed in %.1f s",
	       st->nsegs, st->sizes[0] / MIB, CG_LIMIT, elapsed(&t0));
	TH_LOG("swap-out +%lld pages (pswpout +%lld), SHM_INFO%s:",
	       out1 - out0, vmstat_read("pswpout") - pswpout0,
	       st->private_ns ? "" : " of the whole system");
	TH_LOG("shm_swp %lu pages (%lu before), shm_rss %lu pages",
	       info.shm_swp, swp0, info.shm_rss);
	log_cgroup(_metadata, st);
	ASSERT_GT(out1 - out0, 0) TH_LOG("nothing was swapped out");
	ASSERT_GT(info.shm_swp, swp0)
		TH_LOG("SHM_INFO shows no swapped pages (%lu before)", swp0);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ret = run_in_cgroup(st, verify_child, (1 << st->nsegs) - 1);
	ASSERT_EQ(-1, st->bad_seg)
		TH_LOG("segment %d, offset %#zx: %#llx, expected %#llx",
		       st->bad_seg, st->bad_off,
		       (unsigned long long)st->bad_got,
		       (unsigned long long)st->bad_want);
	ASSERT_EQ(0, ret) TH_LOG("the verifier failed");
	TH_LOG("verified %lu pages in %.1f s, pswpin +%lld pages",
	       st->verified_pages, elapsed(&t1), vmstat_read("pswpin") - in0);

	for (i = 0; i < st->nsegs; i++) {
		ASSERT_EQ(0, shmctl(st->ids[i], IPC_RMID, NULL))
			TH_LOG("IPC_RMID: %s", strerror(errno));
		st->ids[i] = -1;
	}
}

/*
 * A segment locked with SHM_LOCK stays resident (mincore) and intact
 * while the rest of the cgroup is pushed to swap; after SHM_UNLOCK the
 * same pressure can swap it out, and it still reads back intact.
 */
TEST_F_TIMEOUT(pressure, shm_lock_keeps_resident, 300)
{
	struct sysv_state *st = &self->st;
	const int locked = 0, others = ((1 << LOCK_PRESSURE_SEGS) - 1) << 1;
	pid_t pids[LOCK_PRESSURE_SEGS];
	struct shm_info info;
	long long out0, out1, pswpout0;
	struct timespec t0;
	unsigned long pages;
	int i, ret;

	st->nsegs = 1 + LOCK_PRESSURE_SEGS;
	st->sizes[locked] = LOCKED_SEG_SIZE;
	for (i = 1; i < st->nsegs; i++)
		st->sizes[i] = LOCK_PRESSURE_SEG_SIZE;
	pages = LOCKED_SEG_SIZE / getpagesize();
	out0 = swapped_out();
	pswpout0 = vmstat_read("pswpout");
	clock_gettime(CLOCK_MONOTONIC, &t0);

	ASSERT_EQ(0, run_in_cgroup(st, create_child, st->nsegs));
	ASSERT_EQ(0, shmctl(st->ids[locked], SHM_LOCK, NULL))
		TH_LOG("SHM_LOCK: %s", strerror(errno));
	ASSERT_EQ(1, shm_locked(st->ids[locked]));
	ASSERT_EQ(0, run_in_cgroup(st, fill_child, locked));
	for (i = 0; i < LOCK_PRESSURE_SEGS; i++)
		pids[i] = spawn_in_cgroup(st, fill_child, i + 1);
	ASSERT_EQ(0, wait_children(pids, LOCK_PRESSURE_SEGS))
		TH_LOG("a writer failed");
	ret = cg_reclaim(st->cg, CG_LIMIT);
	ASSERT_EQ(0, ret) TH_LOG("memory.reclaim: %s", strerror(-ret));

	out1 = swapped_out();
	ASSERT_EQ(0, get_shm_info(&info));
	TH_LOG("%zu MiB locked + %d x %zu MiB filled in a %s cgroup, %.1f s",
	       st->sizes[locked] / MIB, LOCK_PRESSURE_SEGS,
	       st->sizes[1] / MIB, CG_LIMIT, elapsed(&t0));
	TH_LOG("swap-out +%lld pages (pswpout +%lld)", out1 - out0,
	       vmstat_read("pswpout") - pswpout0);
	TH_LOG("SHM_INFO: shm_swp %lu pages, shm_rss %lu pages",
	       info.shm_swp, info.shm_rss);
	log_cgroup(_metadata, st);
	ASSERT_GT(out1 - out0, 0) TH_LOG("the pressure did not reach swap");

	ret = run_in_cgroup(st, residency_child, locked);
	ASSERT_EQ(-1, st->bad_seg)
		TH_LOG("locked segment, offset %#zx: %#llx, expected %#llx",
		       st->bad_off, (unsigned long long)st->bad_got,
		       (unsigned long long)st->bad_want);
	ASSERT_EQ(0, ret);
	TH_LOG("locked segment: %lu of %lu pages resident",
	       pages - st->nonresident, pages);
	ASSERT_EQ(0UL, st->nonresident)
		TH_LOG("pages of the locked segment were swapped out");

	ret = run_in_cgroup(st, verify_child, others);
	ASSERT_EQ(-1, st->bad_seg)
		TH_LOG("segment %d, offset %#zx: %#llx, expected %#llx",
		       st->bad_seg, st->bad_off,
		       (unsigned long long)st->bad_got,
		       (unsigned long long)st->bad_want);
	ASSERT_EQ(0, ret);

	/* Unlocked, the segment is evictable again. */
	ASSERT_EQ(0, shmctl(st->ids[locked], SHM_UNLOCK, NULL))
		TH_LOG("SHM_UNLOCK: %s", strerror(errno));
	ASSERT_EQ(0, shm_locked(st->ids[locked]));
	ret = cg_reclaim(st->cg, CG_LIMIT);
	ASSERT_EQ(0, ret) TH_LOG("memory.reclaim: %s", strerror(-ret));
	ret = run_in_cgroup(st, residency_child, locked);
	ASSERT_EQ(-1, st->bad_seg)
		TH_LOG("unlocked segment, offset %#zx: %#llx, expected %#llx",
		       st->bad_off, (unsigned long long)st->bad_got,
		       (unsigned long long)st->bad_want);
	ASSERT_EQ(0, ret);
	TH_LOG("after SHM_UNLOCK and memory.reclaim: %lu of %lu pages resident",
	       pages - st->nonresident, pages);
	TH_LOG("verified %lu pages in all, %.1f s in all", st->verified_pages,
	       elapsed(&t0));
	ASSERT_GT(st->nonresident, 0UL)
		TH_LOG("the unlocked segment stayed resident");

	for (i = 0; i < st->nsegs; i++) {
		ASSERT_EQ(0, shmctl(st->ids[i], IPC_RMID, NULL))
			TH_LOG("IPC_RMID: %s", strerror(errno));
		st->ids[i] = -1;
	}
}

/* SHM_LOCK, or SHM_UNLOCK if !lock, expecting @err (0 for success). */
static int lock_expect(int id, bool lock, int err, const char *what)
{
	int ret = shmctl(id, lock ? SHM_LOCK : SHM_UNLOCK, NULL);

	if (err && ret != -1)
		return child_fail("%s: succeeded, expected %s", what,
				  strerror(err));
	if (err && errno != err)
		return child_fail("%s: %s, expected %s", what,
				  strerror(errno), strerror(err));
	if (!err && ret)
		return child_fail("%s: %s", what, strerror(errno));
	return 0;
}

/*
 * The body of shm_lock_rlimit_memlock, as an unprivileged user with
 * RLIMIT_MEMLOCK at 16 pages.  @foreign is a segment of another user, or
 * -1.  Returns 0, 1 on failure or KSFT_SKIP.
 */
static int memlock_child(int foreign)
{
	const size_t page = getpagesize();
	struct rlimit rl = { 16 * page, 16 * page };
	int big, small, fit, mid, ret = 1;

	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		return child_fail("setrlimit: %s", strerror(errno));
	if (!geteuid() &&
	    (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)))
		return child_fail("setuid(%d): %s", NOBODY, strerror(errno));
	if (has_cap(CAP_IPC_LOCK))
		return KSFT_SKIP;

	big = shmget(IPC_PRIVATE, 32 * page, IPC_CREAT | 0600);
	small = shmget(IPC_PRIVATE, 4 * page, IPC_CREAT | 0600);
	fit = shmget(IPC_PRIVATE, 12 * page, IPC_CREAT | 0600);
	mid = shmget(IPC_PRIVATE, 13 * page, IPC_CREAT | 0600);
	if (big < 0 || small < 0 || fit < 0 || mid < 0) {
		child_fail("shmget: %s", strerror(errno));
		goto out;
	}

	/* user_shm_lock() refuses: ENOMEM, and nothing stays charged. */
	if (lock_expect(big, true, ENOMEM, "SHM_LOCK 32 pages"))
		goto out;
	if (shm_locked(big) != 0) {
		child_fail("failed SHM_LOCK left SHM_LOCKED set");
		goto out;
	}
	/* 4 pages, twice: the second SHM_LOCK charges nothing. */
	if (lock_expect(small, true, 0, "SHM_LOCK 4 pages") ||
	    lock_expect(small, true, 0, "SHM_LOCK 4 pages again"))
		goto out;
	if (shm_locked(small) != 1) {
		child_fail("SHM_LOCKED not set after SHM_LOCK");
		goto out;
	}
	/* 4 + 13 > 16, but 4 + 12 fits exactly. */
	if (lock_expect(mid, true, ENOMEM, "SHM_LOCK 13 more pages") ||
	    lock_expect(fit, true, 0, "SHM_LOCK 12 more pages"))
		goto out;
	/* SHM_UNLOCK gives the charge back. */
	if (lock_expect(small, false, 0, "SHM_UNLOCK 4 pages") ||
	    lock_expect(fit, false, 0, "SHM_UNLOCK 12 pages") ||
	    lock_expect(mid, true, 0, "SHM_LOCK 13 pages after SHM_UNLOCK") ||
	    lock_expect(mid, false, 0, "SHM_UNLOCK 13 pages"))
		goto out;
	if (shm_locked(small) != 0) {
		child_fail("SHM_LOCKED still set after SHM_UNLOCK");
		goto out;
	}
	/* Not the owner or creator, no CAP_IPC_LOCK: EPERM. */
	if (foreign >= 0 &&
	    lock_expect(foreign, true, EPERM, "SHM_LOCK of another user's"))
		goto out;
	/* A soft limit of 0 forbids SHM_LOCK outright: EPERM. */
	rl.rlim_cur = 0;
	if (setrlimit(RLIMIT_MEMLOCK, &rl)) {
		child_fail("setrlimit: %s", strerror(errno));
		goto out;
	}
	if (lock_expect(small, true, EPERM, "SHM_LOCK with RLIMIT_MEMLOCK 0"))
		goto out;
	ret = 0;
out:
	shmctl(big, IPC_RMID, NULL);
	shmctl(small, IPC_RMID, NULL);
	shmctl(fit, IPC_RMID, NULL);
	shmctl(mid, IPC_RMID, NULL);
	return ret;
}

/*
 * Without CAP_IPC_LOCK, SHM_LOCK is charged to RLIMIT_MEMLOCK: a segment
 * over the limit fails with ENOMEM (shmem_lock() when user_shm_lock()
 * refuses), segments under it lock, the charge adds up over segments and
 * SHM_UNLOCK gives it back; a soft limit of 0 and another user's segment
 * give EPERM (shmctl_do_lock()).
 */
TEST(shm_lock_rlimit_memlock)
{
	int foreign = -1, ret, status;
	pid_t pid;

	ret = shm_probe();
	if (ret && !have_sysvipc())
		SKIP(return, "no SysV IPC (CONFIG_SYSVIPC)");
	ASSERT_EQ(0, ret) TH_LOG("shmget: %s", strerror(-ret));
	if (!geteuid()) {
		foreign = shmget(IPC_PRIVATE, getpagesize(), IPC_CREAT | 0666);
		ASSERT_LE(0, foreign) TH_LOG("shmget: %s", strerror(errno));
	}

	fflush(NULL);
	pid = fork();
	if (!pid)
		_exit(memlock_child(foreign));
	ret = waitpid(pid, &status, 0);
	if (foreign >= 0)
		shmctl(foreign, IPC_RMID, NULL);
	ASSERT_EQ(pid, ret);
	if (WIFEXITED(status) && WEXITSTATUS(status) == KSFT_SKIP)
		SKIP(return, "CAP_IPC_LOCK cannot be dropped (not root)");
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/*
 * IPC_RMID on an attached segment only marks it SHM_DEST and frees its
 * key: the mapping keeps working, also in a child forked afterwards, and
 * Linux still lets shmat() attach it by id (see shmctl(2)).  On the last
 * detach it is destroyed and its id gives EINVAL.
 */
TEST(rmid_while_attached)
{
	const size_t size = 64 * getpagesize();
	const size_t words = size / sizeof(uint64_t);
	int i, id = -1, id2, ret, status;
	struct shmid_ds ds;
	uint64_t *p, *q;
	key_t key = 0;
	ssize_t bad;
	pid_t pid;

	ret = shm_probe();
	if (ret && !have_sysvipc())
		SKIP(return, "no SysV IPC (CONFIG_SYSVIPC)");
	ASSERT_EQ(0, ret) TH_LOG("shmget: %s", strerror(-ret));

	/* A key of our own, to see it freed by IPC_RMID. */
	for (i = 0; i < 256; i++) {
		key = 0x53590000 | ((getpid() + i) & 0xffff);
		id = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);
		if (id >= 0 || errno != EEXIST)
			break;
	}
	ASSERT_LE(0, id) TH_LOG("shmget: %s", strerror(errno));
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		shmctl(id, IPC_RMID, NULL);
	ASSERT_NE((void *)-1, p) TH_LOG("shmat: %s", strerror(errno));
	fill_pattern(p, words, 0);

	ASSERT_EQ(0, shmctl(id, IPC_RMID, NULL))
		TH_LOG("IPC_RMID: %s", strerror(errno));
	ASSERT_EQ(0, shmctl(id, IPC_STAT, &ds))
		TH_LOG("IPC_STAT after IPC_RMID: %s", strerror(errno));
	ASSERT_TRUE(!!(ds.shm_perm.mode & SHM_DEST));
	ASSERT_EQ(1, (int)ds.shm_nattch);

	/* The key is gone, and free for a new segment. */
	ASSERT_EQ(-1, shmget(key, size, 0));
	ASSERT_EQ(ENOENT, errno);
	id2 = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);
	ASSERT_LE(0, id2) TH_LOG("shmget: %s", strerror(errno));
	ASSERT_NE(id, id2);
	ASSERT_EQ(0, shmctl(id2, IPC_RMID, NULL));

	/* The mapping still works. */
	bad = check_pattern(p, words, 0);
	ASSERT_EQ(-1, bad) TH_LOG("offset %#zx", bad * sizeof(*p));
	fill_pattern(p, words, 1);

	/* A new attach by id sees the same memory. */
	q = shmat(id, NULL, 0);
	ASSERT_NE((void *)-1, q)
		TH_LOG("shmat of a removed, attached segment: %s",
		       strerror(errno));
	ASSERT_NE(p, q);
	bad = check_pattern(q, words, 1);
	ASSERT_EQ(-1, bad) TH_LOG("offset %#zx", bad * sizeof(*q));
	q[words - 1] = ~0ULL;
	ASSERT_EQ(~0ULL, p[words - 1]);
	p[words - 1] = pattern(1, words - 1);
	ASSERT_EQ(0, shmdt(q));

	/* A child inherits the attach and shares the memory. */
	fflush(NULL);
	pid = fork();
	if (!pid) {
		if (check_pattern(p, words, 1) >= 0)
			_exit(1);
		p[0] = 0x5359537653484dULL;
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0x5359537653484dULL, p[0]);
	ASSERT_EQ(0, shmctl(id, IPC_STAT, &ds));
	ASSERT_EQ(1, (int)ds.shm_nattch);

	/* The last detach destroys it. */
	ASSERT_EQ(0, shmdt(p));
	ASSERT_EQ((void *)-1, shmat(id, NULL, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, shmctl(id, IPC_STAT, &ds));
	ASSERT_EQ(EINVAL, errno);
}

/*
 * The creator of attach_after_creator_exit: create two segments of @size
 * bytes, fill them, detach the first, send their ids to @fd and return
 * with the second still attached.
 */
static int creator_child(int fd, size_t size)
{
	int i, ids[2] = { -1, -1 };
	uint64_t *p;

	for (i = 0; i < 2; i++) {
		ids[i] = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
		if (ids[i] < 0) {
			child_fail("shmget: %s", strerror(errno));
			goto fail;
		}
		p = shmat(ids[i], NULL, 0);
		if (p == (void *)-1) {
			child_fail("shmat: %s", strerror(errno));
			goto fail;
		}
		fill_pattern(p, size / sizeof(*p), i);
		if (!i && shmdt(p)) {
			child_fail("shmdt: %s", strerror(errno));
			goto fail;
		}
	}
	if (write(fd, ids, sizeof(ids)) == sizeof(ids))
		return 0;
	child_fail("write: %s", strerror(errno));
fail:
	shmctl(ids[0], IPC_RMID, NULL);
	shmctl(ids[1], IPC_RMID, NULL);
	return 1;
}

/*
 * A segment outlives its creator: a child creates two segments, fills
 * them, detaches one and exits with the other still attached.  The parent
 * finds both with no attach and the child as creator, attaches them by id
 * and reads back what the child wrote.
 */
TEST(attach_after_creator_exit)
{
	/* Not a whole number of pages. */
	const size_t size = MIB + 123;
	const size_t words = size / sizeof(uint64_t);
	struct shmid_ds ds[2];
	int ids[2], fds[2], ret, status, i, err[2];
	ssize_t bad[2];
	char buf[8];
	pid_t pid;

	ret = shm_probe();
	if (ret && !have_sysvipc())
		SKIP(return, "no SysV IPC (CONFIG_SYSVIPC)");
	ASSERT_EQ(0, ret) TH_LOG("shmget: %s", strerror(-ret));
	/* With it set, the exit of the creator removes the segments. */
	if (read_file("/proc/sys/kernel/shm_rmid_forced", buf,
		      sizeof(buf)) > 0 && buf[0] != '0')
		SKIP(return, "kernel.shm_rmid_forced is set");
	ASSERT_EQ(0, pipe(fds));
	fflush(NULL);
	pid = fork();
	if (!pid) {
		close(fds[0]);
		_exit(creator_child(fds[1], size));
	}
	close(fds[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("the creator failed");
	ASSERT_EQ((ssize_t)sizeof(ids), read(fds[0], ids, sizeof(ids)));
	close(fds[0]);

	/* Look at both, remove both, then judge. */
	for (i = 0; i < 2; i++) {
		uint64_t *p;

		bad[i] = -2;
		err[i] = shmctl(ids[i], IPC_STAT, &ds[i]) ? errno : 0;
		p = shmat(ids[i], NULL, SHM_RDONLY);
		if (p != (void *)-1) {
			bad[i] = check_pattern(p, words, i);
			shmdt(p);
		} else if (!err[i]) {
			err[i] = errno;
		}
		shmctl(ids[i], IPC_RMID, NULL);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, err[i])
			TH_LOG("segment %d: %s", i, strerror(err[i]));
		ASSERT_EQ(size, ds[i].shm_segsz);
		ASSERT_EQ(0, (int)ds[i].shm_nattch);
		ASSERT_EQ(pid, ds[i].shm_cpid);
		ASSERT_EQ(pid, ds[i].shm_lpid);
		ASSERT_EQ(-1, bad[i])
			TH_LOG("segment %d, offset %#zx", i,
			       bad[i] * sizeof(uint64_t));
	}
}

/* Wait up to 10 s for the cgroup @cg to have no dying descendant. */
static long long wait_no_dying(const char *cg)
{
	long long dying = -1;
	int i;

	for (i = 0; i < 100; i++) {
		dying = cg_keyed_read(cg, "cgroup.stat", "nr_dying_descendants");
		if (dying <= 0)
			break;
		usleep(100000);
	}
	return dying;
}

/* Join @cg, create a segment, pass its id up the pipe and exit. */
static int dying_creator(const char *cg, int fd)
{
	int id, ret;

	ret = cg_enter(cg);
	if (ret)
		return child_fail("joining %s: %s", cg, strerror(-ret));
	id = shmget(IPC_PRIVATE, MIB, IPC_CREAT | 0600);
	if (id < 0)
		return child_fail("shmget: %s", strerror(errno));
	return write(fd, &id, sizeof(id)) == sizeof(id) ? 0 : 1;
}

/*
 * A segment outlives the cgroup of the task that created it without
 * keeping that cgroup alive as a dying one: its charges follow the
 * cgroup's parent when the cgroup is removed.
 */
TEST(segment_outlives_creator_cgroup)
{
	char parent[PATH_MAX], child[PATH_MAX];
	long long dying;
	int fds[2], status, id = -1, ret;
	pid_t pid;

	ret = shm_probe();
	if (ret && !have_sysvipc())
		SKIP(return, "no SysV IPC (CONFIG_SYSVIPC)");
	ASSERT_EQ(0, ret) TH_LOG("shmget: %s", strerror(-ret));
	if (!file_has_word(CG_ROOT "/cgroup.subtree_control", "memory"))
		SKIP(return, "no memory controller in " CG_ROOT);

	snprintf(parent, sizeof(parent), CG_ROOT "/pageable-dying-%d",
		 getpid());
	snprintf(child, sizeof(child), "%s/creator", parent);
	ASSERT_EQ(0, mkdir(parent, 0755))
		TH_LOG("mkdir %s: %s", parent, strerror(errno));
	ret = cg_write(parent, "cgroup.subtree_control", "+memory");
	if (!ret && mkdir(child, 0755))
		ret = -errno;
	if (ret)
		rmdir(parent);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s", child, strerror(-ret));

	ASSERT_EQ(0, pipe(fds));
	fflush(NULL);
	pid = fork();
	if (!pid) {
		close(fds[0]);
		_exit(dying_creator(child, fds[1]));
	}
	close(fds[1]);
	ret = waitpid(pid, &status, 0) == pid && WIFEXITED(status) ?
	      WEXITSTATUS(status) : -1;
	if (!ret && read(fds[0], &id, sizeof(id)) != sizeof(id))
		ret = -1;
	close(fds[0]);
	if (!ret)
		ret = cg_remove(child);

	dying = ret ? -1 : wait_no_dying(parent);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	cg_remove(parent);
	ASSERT_EQ(0, ret) TH_LOG("creating the segment in %s failed", child);
	ASSERT_EQ(0, dying)
		TH_LOG("%lld dying cgroups under %s while the segment lives",
		       dying, parent);
}

TEST_HARNESS_MAIN
