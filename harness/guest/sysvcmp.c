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
#include <sys/stat.h>
#include <sys/wait.h>

#define PG 4096UL

#ifndef SHM_HUGE_SHIFT
#define SHM_HUGE_SHIFT 26
#endif

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

/*
 * Print whether shmat() returned @p (not -1) and, if @want is not NULL,
 * whether at @want; detach it again.
 */
static void say_at(const char *what, void *p, void *want)
{
	if (p == (void *)-1) {
		say(what, -1);
		return;
	}
	if (want)
		printf("%s: 0 at-wanted %d\n", what, p == want);
	else
		printf("%s: 0\n", what);
	shmdt(p);
}

/* stat() of the file that the /proc/self/map_files link of @addr names. */
static void map_file(const char *what, void *addr, size_t len, int id)
{
	char name[64];
	struct stat st;

	snprintf(name, sizeof(name), "/proc/self/map_files/%lx-%lx",
		 (unsigned long)addr, (unsigned long)addr + len);
	if (stat(name, &st) < 0) {
		say(what, -1);
		return;
	}
	printf("%s: size %lld mode %#o nlink %lu inode-is-shmid %d\n", what,
	       (long long)st.st_size, st.st_mode, (unsigned long)st.st_nlink,
	       st.st_ino == (ino_t)id);
}

/* shmget() of @size, SHM_NORESERVE: whether it worked; then IPC_RMID. */
static void huge_seg(const char *what, size_t size)
{
	int id = shmget(IPC_PRIVATE, size, 0600 | SHM_NORESERVE);
	char name[64];

	say(what, id < 0 ? -1 : 1);
	if (id < 0)
		return;
	snprintf(name, sizeof(name), "  stat %s", what);
	stat_seg(name, id);
	shmctl(id, IPC_RMID, NULL);
}

/* Bad input: each call must fail, or work, as on the base kernel. */
static void bad_input(void)
{
	unsigned long shmmax = 0;
	struct shmid_ds ds;
	struct shminfo si;
	char *area, *p, *q;
	int id, id2, status;
	FILE *f;

	if (shmctl(0, IPC_INFO, (struct shmid_ds *)&si) < 0)
		say("ipc_info", -1);
	else
		printf("ipc_info: shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n",
		       si.shmmax, si.shmmin, si.shmmni, si.shmseg,
		       si.shmall);
	f = fopen("/proc/sys/kernel/shmmax", "r");
	if (!f || fscanf(f, "%lu", &shmmax) != 1)
		printf("shmmax unreadable\n");
	if (f)
		fclose(f);
	if (shmmax && shmmax != -1UL)
		say("shmget size shmmax+1", shmget(IPC_PRIVATE, shmmax + 1,
						   0600 | SHM_NORESERVE));
	if (shmmax)
		say("shmget size shmmax noreserve",
		    shmget(IPC_PRIVATE, shmmax, 0600 | SHM_NORESERVE));
	/* Around MAX_LFS_FILESIZE, the largest tmpfs file. */
	huge_seg("shmget size 2^63-4096 noreserve", (1UL << 63) - 4096);
	huge_seg("shmget size 2^63-4095 noreserve", (1UL << 63) - 4095);
	huge_seg("shmget size 2^63-1 noreserve", (1UL << 63) - 1);
	/* There are no 2 GiB huge pages. */
	say("shmget hugetlb 2G pages", shmget(IPC_PRIVATE, 2 << 20,
					      0600 | SHM_HUGETLB |
					      31 << SHM_HUGE_SHIFT));

	/* Ids that name no segment. */
	say_at("shmat id -1", shmat(-1, NULL, 0), NULL);
	say_at("shmat id never used", shmat(123456789, NULL, 0), NULL);
	say("stat id -1", shmctl(-1, IPC_STAT, &ds));
	say("stat id never used", shmctl(123456789, IPC_STAT, &ds));
	say("set id -1", shmctl(-1, IPC_SET, &ds));
	say("rmid id -1", shmctl(-1, IPC_RMID, NULL));
	say("rmid id never used", shmctl(123456789, IPC_RMID, NULL));
	say("shm_lock id -1", shmctl(-1, SHM_LOCK, NULL));
	say("shm_lock id never used", shmctl(123456789, SHM_LOCK, NULL));
	say("shm_unlock id -1", shmctl(-1, SHM_UNLOCK, NULL));
	say("shm_unlock id never used", shmctl(123456789, SHM_UNLOCK, NULL));
	say("shm_stat index 32767", shmctl(32767, SHM_STAT, &ds));

	/* One page, asked for as one byte. */
	id = shmget(IPC_PRIVATE, 1, 0600);
	say("shmget size 1", id < 0 ? -1 : 0);
	stat_seg("stat size 1", id);
	procshm("proc size 1", id);
	say("shmat stale id", shmat(id + 32768, NULL, 0) == (void *)-1 ?
	    -1 : 0);
	say("stat stale id", shmctl(id + 32768, IPC_STAT, &ds));
	say("shmctl cmd 12345", shmctl(id, 12345, &ds));
	say("shmctl cmd -1", shmctl(id, -1, &ds));
	say("stat NULL buffer", shmctl(id, IPC_STAT, NULL));
	p = shmat(id, NULL, 0);
	say("shmat size 1", p == (void *)-1 ? -1 : 0);
	if (p != (void *)-1) {
		maps("maps size 1", p, id);
		map_file("map_files size 1", p, PG, id);
		p[PG - 1] = 7;
		q = shmat(id, NULL, SHM_RDONLY);
		say("shmat size 1 read-only", q == (void *)-1 ? -1 : 0);
		if (q != (void *)-1) {
			printf("last byte of the page: %d\n", q[PG - 1]);
			say("mprotect write read-only",
			    mprotect(q, PG, PROT_READ | PROT_WRITE));
			say("shmdt read-only", shmdt(q));
		}
		say("shmdt page + 1", shmdt(p + 1));
		say("shmdt size 1", shmdt(p));
	}
	say("rmid size 1", shmctl(id, IPC_RMID, NULL));
	say("rmid size 1 again", shmctl(id, IPC_RMID, NULL));

	/* Attach addresses: misaligned, taken, reserved, wrapping. */
	id = shmget(IPC_PRIVATE, 2 * PG, 0600);
	say("shmget 2 pages", id < 0 ? -1 : 0);
	area = mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	say_at("shmat misaligned", shmat(id, area + 100, 0), area);
	say_at("shmat over a mapping", shmat(id, area, 0), area);
	say_at("shmat over a mapping remap", shmat(id, area, SHM_REMAP),
	       area);
	say("shmdt anonymous mapping", shmdt(area));
	munmap(area, 4 * PG);
	say("shmdt unmapped", shmdt(area));
	say("shmdt NULL", shmdt(NULL));
	say_at("shmat misaligned rnd", shmat(id, area + 100, SHM_RND), area);
	say_at("shmat misaligned rnd remap",
	       shmat(id, area + 100, SHM_RND | SHM_REMAP), area);
	say_at("shmat NULL remap", shmat(id, NULL, SHM_REMAP), NULL);
	say_at("shmat 100 rnd remap",
	       shmat(id, (void *)100, SHM_RND | SHM_REMAP), NULL);
	say_at("shmat at the top", shmat(id, (void *)-PG, 0), NULL);

	/* IPC_SET as the owner keeps only the permission bits. */
	say("stat before set", shmctl(id, IPC_STAT, &ds));
	ds.shm_perm.mode = 0177777;
	say("set mode 0177777", shmctl(id, IPC_SET, &ds));
	stat_seg("stat mode 0177777", id);
	ds.shm_perm.mode = 0;
	say("set mode 0", shmctl(id, IPC_SET, &ds));
	stat_seg("stat mode 0", id);

	/* Unprivileged: another user's segment, then one's own. */
	id2 = shmget(0x5678, PG, IPC_CREAT | IPC_EXCL | 0600);
	say("shmget key 0x5678", id2 < 0 ? -1 : 0);
	if (fork() == 0) {
		if (setgid(65534) || setuid(65534))
			exit(1);
		say_at("user shmat", shmat(id, NULL, 0), NULL);
		say("user stat", shmctl(id, IPC_STAT, &ds));
		say("user shm_stat", shmctl(id & 0x7fff, SHM_STAT, &ds));
		say("user shm_stat_any",
		    shmctl(id & 0x7fff, SHM_STAT_ANY, &ds) == id);
		say("user set", shmctl(id, IPC_SET, &ds));
		say("user rmid", shmctl(id, IPC_RMID, NULL));
		say("user shmget key 0x5678 read",
		    shmget(0x5678, PG, 0400) < 0 ? -1 : 0);
		say("user shmget key 0x5678 no access",
		    shmget(0x5678, PG, 0) < 0 ? -1 : 0);
		exit(0);
	}
	wait(&status);
	say("rmid key 0x5678", shmctl(id2, IPC_RMID, NULL));
	ds.shm_perm.uid = 65534;
	say("set uid 65534", shmctl(id, IPC_SET, &ds));
	stat_seg("stat uid 65534", id);
	if (fork() == 0) {
		if (setgid(65534) || setuid(65534))
			exit(1);
		say("owner stat mode 0", shmctl(id, IPC_STAT, &ds));
		say("owner rmid mode 0", shmctl(id, IPC_RMID, NULL));
		exit(0);
	}
	wait(&status);
	say("stat after owner rmid", shmctl(id, IPC_STAT, &ds));
	if (shmctl(id, IPC_STAT, &ds) == 0)
		shmctl(id, IPC_RMID, NULL);
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
	bad_input();
	info("info end");
	return 0;
}
