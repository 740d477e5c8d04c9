// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the pageable selftests: files of a cgroup v2 and
 * counters of /proc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pageable_util.h"

/* Write the string @val to the file at @path; 0 or -errno. */
static int write_file(const char *path, const char *val)
{
	ssize_t len = strlen(val);
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	errno = 0;
	if (write(fd, val, len) != len)
		ret = errno ? -errno : -EIO;
	close(fd);
	return ret;
}

/* Read a small file into @buf as a string; returns its length or -errno. */
ssize_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	if (len < 0)
		len = -errno;
	else
		buf[len] = '\0';
	close(fd);
	return len;
}

/* Whether the file at @path contains the blank-separated word @word. */
bool file_has_word(const char *path, const char *word)
{
	char buf[512], *tok, *save;

	if (read_file(path, buf, sizeof(buf)) < 0)
		return false;
	for (tok = strtok_r(buf, "\n ", &save); tok;
	     tok = strtok_r(NULL, "\n ", &save))
		if (!strcmp(tok, word))
			return true;
	return false;
}

/* Write @val to the file @file of the cgroup @cg; 0 or -errno. */
int cg_write(const char *cg, const char *file, const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return write_file(path, val);
}

/* A number from a cgroup file ("max" and missing files give -1). */
long long cg_read_ll(const char *cg, const char *file)
{
	char path[PATH_MAX], buf[64];
	char *end;
	long long val;

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	val = strtoll(buf, &end, 10);
	return end == buf ? -1 : val;
}

/* The value of @key in a file of "key value" lines, or -1. */
static long long keyed_read(const char *path, const char *key)
{
	long long val, ret = -1;
	char name[64];
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &val) == 2) {
		if (!strcmp(name, key)) {
			ret = val;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* The value of @key in the cgroup's keyed file @file, or -1. */
long long cg_keyed_read(const char *cg, const char *file, const char *key)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return keyed_read(path, key);
}

/* Move the calling process into the cgroup @cg. */
int cg_enter(const char *cg)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", getpid());
	return cg_write(cg, "cgroup.procs", pid);
}

/*
 * Reclaim @amount from the cgroup.  memory.reclaim fails with EAGAIN when
 * it could not reclaim all of it, which is fine here: what matters is what
 * reached swap, and that is measured separately.
 */
int cg_reclaim(const char *cg, const char *amount)
{
	int ret = cg_write(cg, "memory.reclaim", amount);

	if (ret == -EAGAIN || ret == -EBUSY || ret == -EINTR)
		return 0;
	return ret;
}

/* Kill what is left in the cgroup and remove it. */
int cg_remove(const char *cg)
{
	int i;

	cg_write(cg, "cgroup.kill", "1");
	for (i = 0; i < 100; i++) {
		if (!rmdir(cg) || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			break;
		usleep(20000);
	}
	return -errno;
}

/* A counter from /proc/vmstat, or -1 if the kernel does not have it. */
long long vmstat_read(const char *name)
{
	return keyed_read("/proc/vmstat", name);
}

/* Pages written to swap so far, to a swap device or to zswap. */
long long swapped_out(void)
{
	long long pswpout = vmstat_read("pswpout");
	long long zswpout = vmstat_read("zswpout");

	return pswpout + (zswpout > 0 ? zswpout : 0);
}

/* The value in kB of the field @key of /proc/meminfo, or -1. */
long long meminfo_kb(const char *key)
{
	long long val, ret = -1;
	char line[128], name[64];
	FILE *f;

	f = fopen("/proc/meminfo", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[^:]: %lld", name, &val) == 2 &&
		    !strcmp(name, key)) {
			ret = val;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* Free swap in KiB over all active swap areas. */
static long long swap_free_kib(void)
{
	unsigned long long size, used;
	long long kib = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/swaps", "re");
	if (!f)
		return 0;
	/* Skip the header. */
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %llu %llu", &size, &used) == 2)
			kib += size - used;
	fclose(f);
	return kib;
}

/*
 * Why a cgroup cannot push @total bytes to swap here, or NULL: the memory
 * controller, enough free swap and pswpout in /proc/vmstat are needed.
 */
const char *cg_swap_unsupported(size_t total)
{
	static char why[128];
	long long kib;

	if (!file_has_word(CG_ROOT "/cgroup.controllers", "memory"))
		return "no cgroup v2 memory controller at " CG_ROOT;
	if (!file_has_word(CG_ROOT "/cgroup.subtree_control", "memory"))
		return "memory controller not enabled in " CG_ROOT
		       "/cgroup.subtree_control";
	kib = swap_free_kib();
	if (kib <= 0)
		return "no swap active (/proc/swaps)";
	if (kib < (long long)(total / 1024)) {
		snprintf(why, sizeof(why),
			 "%lld KiB of free swap, %zu KiB needed",
			 kib, total / 1024);
		return why;
	}
	if (vmstat_read("pswpout") < 0)
		return "no pswpout in /proc/vmstat";
	return NULL;
}

/* Seconds since @t0. */
double elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec - t0->tv_sec + (t.tv_nsec - t0->tv_nsec) / 1e9;
}
