// SPDX-License-Identifier: GPL-2.0
/*
 * shmdemo: fill SysV segments well beyond a memcg limit, let reclaim swap
 * them out, and verify every byte.  Used by "make" to show the guest's
 * memory pressure set-up at work.
 *
 * usage: shmdemo TOTAL_MIB SEGMENT_MIB
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

static unsigned long vmstat(const char *name)
{
	char key[64];
	unsigned long val;
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fscanf(f, "%63s %lu", key, &val) == 2) {
		if (!strcmp(key, name)) {
			fclose(f);
			return val;
		}
	}
	if (f)
		fclose(f);
	return 0;
}

/* The allocator's own view of the segments, if it is there. */
static void show_objects(void)
{
	FILE *f = fopen("/sys/kernel/debug/pageable/objects", "r");
	char line[256];

	if (!f)
		return;
	printf("shmdemo: /sys/kernel/debug/pageable/objects while the segments exist:\n");
	while (fgets(line, sizeof(line), f))
		printf("    %s", line);
	fclose(f);
}

int main(int argc, char **argv)
{
	unsigned long total = argc > 1 ? strtoul(argv[1], NULL, 0) : 256;
	unsigned long seg = argc > 2 ? strtoul(argv[2], NULL, 0) : 32;
	unsigned long nseg = total / seg, i, j, bad = 0;
	unsigned long out0 = vmstat("pswpout"), in0 = vmstat("pswpin");
	size_t bytes = seg << 20;
	struct shm_info info;
	int *ids = calloc(nseg, sizeof(*ids));

	for (i = 0; i < nseg; i++) {
		unsigned long *p;

		ids[i] = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
		p = shmat(ids[i], NULL, 0);
		if (ids[i] < 0 || p == (void *)-1) {
			perror("shmget/shmat");
			return 1;
		}
		for (j = 0; j < bytes / sizeof(*p); j++)
			p[j] = i << 32 | j;
		shmdt(p);
	}
	shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	printf("shmdemo: %lu MiB in %lu segments: resident %lu MiB, swapped %lu MiB, pswpout +%lu\n",
	       total, nseg, info.shm_rss >> 8, info.shm_swp >> 8,
	       vmstat("pswpout") - out0);
	show_objects();
	for (i = 0; i < nseg; i++) {
		unsigned long *p = shmat(ids[i], NULL, SHM_RDONLY);

		for (j = 0; j < bytes / sizeof(*p); j++)
			bad += p[j] != (i << 32 | j);
		shmdt(p);
		shmctl(ids[i], IPC_RMID, NULL);
	}
	printf("shmdemo: verified %lu MiB: %lu bad words, pswpin +%lu\n",
	       total, bad, vmstat("pswpin") - in0);
	return bad ? 1 : 0;
}
