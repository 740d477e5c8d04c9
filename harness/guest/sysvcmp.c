// SPDX-License-Identifier: GPL-2.0
/*
 * Print what user space can see of SysV shared memory, one fact per line,
 * without anything that changes from boot to boot (pids, times).  The
 * harness runs it on the base kernel and on the patched one and compares
 * the two transcripts: they must be identical.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/wait.h>

#define PG 4096UL

static void say(const char *what, long ret)
{
	if (ret < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: %ld\n", what, ret);
}

static void stat_seg(const char *what, int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) < 0) {
		say(what, -1);
		return;
	}
	printf("%s: key %#x segsz %zu nattch %lu mode %#o uid %u cpid-is-me %d\n",
	       what, ds.shm_perm.__key, ds.shm_segsz, ds.shm_nattch,
	       ds.shm_perm.mode, ds.shm_perm.uid, ds.shm_cpid == getpid());
}

static void info(const char *what)
{
	struct shm_info si;
	int ret = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);

	if (ret < 0) {
		say(what, -1);
		return;
	}
	printf("%s: used_ids %d shm_tot %lu shm_rss %lu shm_swp %lu\n",
	       what, si.used_ids, si.shm_tot, si.shm_rss, si.shm_swp);
}

/* The /proc/self/maps line of @addr: name, and whether inode == @id. */
static void maps(const char *what, void *addr, int id)
{
	char line[512], name[256], perms[8];
	unsigned long start, end, off, ino;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		name[0] = 0;
		if (sscanf(line, "%lx-%lx %7s %lx %*s %lu %255[^\n]", &start,
			   &end, perms, &off, &ino, name) < 5)
			continue;
		if (start != (unsigned long)addr)
			continue;
		printf("%s: len %lu perms %s off %lu inode-is-shmid %d name %s\n",
		       what, end - start, perms, off, ino == (unsigned long)id,
		       name);
	}
	if (f)
		fclose(f);
}

/* The smaps Size/Rss/Swap/Locked lines of @addr. */
static void smaps(const char *what, void *addr)
{
	char line[512];
	unsigned long start;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-", &start) == 1 && strchr(line, ' ') &&
		    line[strspn(line, "0123456789abcdef")] == '-') {
			in = start == (unsigned long)addr;
			continue;
		}
		if (in && (!strncmp(line, "Size:", 5) ||
			   !strncmp(line, "Rss:", 4) ||
			   !strncmp(line, "Shared_", 7) ||
			   !strncmp(line, "Swap:", 5) ||
			   !strncmp(line, "Locked:", 7)))
			printf("%s: %s", what, line);
	}
	if (f)
		fclose(f);
}

/* Our line of /proc/sysvipc/shm, without pids and times. */
static void procshm(const char *what, int id)
{
	char line[512];
	FILE *f = fopen("/proc/sysvipc/shm", "r");

	while (f && fgets(line, sizeof(line), f)) {
		long key, shmid, perms, size, cpid, lpid, nattch;
		long uid, gid, cuid, cgid, atime, dtime, ctime, rss, swap;

		if (sscanf(line, "%ld %ld %lo %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld",
			   &key, &shmid, &perms, &size, &cpid, &lpid, &nattch,
			   &uid, &gid, &cuid, &cgid, &atime, &dtime, &ctime,
			   &rss, &swap) != 16 || shmid != id)
			continue;
		printf("%s: key %ld perms %lo size %ld nattch %ld uid %ld rss %ld swap %ld\n",
		       what, key, perms, size, nattch, uid, rss, swap);
	}
	if (f)
		fclose(f);
}

static void resident(const char *what, void *addr, size_t len)
{
	unsigned char vec[64];
	size_t i, n = len / PG;

	if (mincore(addr, len, vec) < 0) {
		say(what, -1);
		return;
	}
	printf("%s: ", what);
	for (i = 0; i < n; i++)
		putchar('0' + (vec[i] & 1));
	putchar('\n');
}

int main(void)
{
	size_t len = 8 * PG;
	struct rlimit rl;
	char *p, *q;
	int id, id2, status;

	setvbuf(stdout, NULL, _IOLBF, 0);
	say("shmget size 0", shmget(IPC_PRIVATE, 0, 0600));
	say("shmget size 2^62", shmget(IPC_PRIVATE, 1UL << 62, 0600));
	say("shmget size 2^63 noreserve",
	    shmget(IPC_PRIVATE, 1UL << 63, 0600 | SHM_NORESERVE));
	say("shmget hugetlb", shmget(IPC_PRIVATE, 2 << 20, 0600 | SHM_HUGETLB));
	info("info empty");

	id = shmget(0x1234, len - 100, IPC_CREAT | 0640);
	say("shmget key 0x1234", id);
	say("shmget key 0x1234 excl", shmget(0x1234, PG, IPC_CREAT | IPC_EXCL));
	say("shmget key 0x1234 again", shmget(0x1234, PG, 0));
	say("shmget key 0x1234 bigger", shmget(0x1234, 2 * len, 0));
	stat_seg("stat new", id);
	procshm("proc new", id);
	info("info new");

	p = shmat(id, NULL, 0);
	say("shmat", p == (void *)-1 ? -1 : 0);
	maps("maps", p, id);
	resident("mincore untouched", p, len);
	memset(p, 0x5a, 3 * PG);
	p[5 * PG] = 1;
	resident("mincore touched", p, len);
	stat_seg("stat attached", id);
	procshm("proc attached", id);
	info("info attached");
	smaps("smaps", p);

	say("madvise remove", madvise(p + PG, PG, MADV_REMOVE));
	printf("after remove: %d %d %d\n", p[0], p[PG], p[2 * PG]);
	resident("mincore removed", p, len);
	info("info removed");

	say("shm_lock", shmctl(id, SHM_LOCK, NULL));
	stat_seg("stat locked", id);
	say("shm_lock again", shmctl(id, SHM_LOCK, NULL));
	smaps("smaps locked", p);
	say("shm_unlock", shmctl(id, SHM_UNLOCK, NULL));
	say("shm_unlock again", shmctl(id, SHM_UNLOCK, NULL));
	stat_seg("stat unlocked", id);

	/* Past RLIMIT_MEMLOCK, as an unprivileged owner. */
	if (fork() == 0) {
		int small, big;

		rl.rlim_cur = rl.rlim_max = 4 * PG;
		setrlimit(RLIMIT_MEMLOCK, &rl);
		if (setgid(65534) || setuid(65534))
			return 1;
		small = shmget(IPC_PRIVATE, 2 * PG, 0600);
		big = shmget(IPC_PRIVATE, 16 * PG, 0600);
		say("user shm_lock small", shmctl(small, SHM_LOCK, NULL));
		say("user shm_lock big", shmctl(big, SHM_LOCK, NULL));
		say("user shm_unlock small", shmctl(small, SHM_UNLOCK, NULL));
		say("user shm_lock other's", shmctl(id, SHM_LOCK, NULL));
		rl.rlim_cur = 0;
		setrlimit(RLIMIT_MEMLOCK, &rl);
		say("user shm_lock no rlimit", shmctl(small, SHM_LOCK, NULL));
		shmctl(small, IPC_RMID, NULL);
		shmctl(big, IPC_RMID, NULL);
		return 0;
	}
	wait(&status);

	say("shm_stat index", shmctl(0, SHM_STAT, &(struct shmid_ds){}) == id);
	say("rmid attached", shmctl(id, IPC_RMID, NULL));
	stat_seg("stat removed", id);
	say("shmget key after rmid", shmget(0x1234, PG, 0));
	q = shmat(id, NULL, SHM_RDONLY);
	say("shmat after rmid", q == (void *)-1 ? -1 : 0);
	if (q != (void *)-1)
		printf("second attach: %d\n", q[0]);
	info("info attached twice");
	if (q != (void *)-1)
		say("shmdt second", shmdt(q));
	printf("still mapped: %d %d\n", p[0], p[5 * PG]);
	info("info removed attached");
	say("shmdt", shmdt(p));
	say("shmdt again", shmdt(p));
	info("info gone");
	say("stat gone", shmctl(id, IPC_STAT, &(struct shmid_ds){}));

	id2 = shmget(IPC_PRIVATE, 64UL << 30, 0600 | SHM_NORESERVE);
	say("shmget 64G noreserve", id2 >= 0);
	if (id2 >= 0)
		shmctl(id2, IPC_RMID, NULL);
	say("shmget 64G reserve", shmget(IPC_PRIVATE, 64UL << 30, 0600));
	info("info end");
	return 0;
}
