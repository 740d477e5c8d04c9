/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the pageable selftests: files of a cgroup v2 and
 * counters of /proc.
 */
#ifndef PAGEABLE_UTIL_H
#define PAGEABLE_UTIL_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#define CG_ROOT			"/sys/fs/cgroup"

ssize_t read_file(const char *path, char *buf, size_t size);
bool file_has_word(const char *path, const char *word);

int cg_write(const char *cg, const char *file, const char *val);
long long cg_read_ll(const char *cg, const char *file);
long long cg_keyed_read(const char *cg, const char *file, const char *key);
int cg_enter(const char *cg);
int cg_reclaim(const char *cg, const char *amount);
int cg_remove(const char *cg);

long long vmstat_read(const char *name);
long long swapped_out(void);
long long meminfo_kb(const char *key);
const char *cg_swap_unsupported(size_t total);

double elapsed(const struct timespec *t0);

#endif /* PAGEABLE_UTIL_H */
