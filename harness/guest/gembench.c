// SPDX-License-Identifier: GPL-2.0
/*
 * Time the first touch of a write-combined GEM buffer through its mapping:
 * create a vgem dumb buffer (vgem objects are write-combined), map it
 * through the DRM fd, memset() all of it, check one word per page, unmap
 * it and close it, REPS times.  Prints one line per repetition:
 *
 *   gembench: MIB mib memset MS ms total MS ms close MS ms
 *
 * memset is mmap() plus the memset(), which faults every page in; total
 * adds the check, munmap() and GEM_CLOSE; close is GEM_CLOSE alone.  "make bench" runs it on the
 * base kernel and on the patched one and reports the ratios.
 * Usage: gembench [MIB [REPS]]; exit status 1 on any error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <drm/drm.h>
#include <drm/drm_mode.h>

#include "vgem.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int fail(const char *what)
{
	fprintf(stderr, "gembench: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 256;
	int reps = argc > 2 ? atoi(argv[2]) : 5;
	size_t size = mib << 20, i;
	struct drm_version v;
	char path[32];
	int fd = open_vgem(path, sizeof(path), &v), r;

	if (fd < 0)
		return fail("no vgem device");
	for (r = 0; r < reps; r++) {
		struct drm_mode_create_dumb create = {
			.width = 1024, .height = size / 4096, .bpp = 32,
		};
		struct drm_mode_map_dumb map = { 0 };
		struct drm_gem_close close_bo = { 0 };
		double t0, t1, t2, t3;
		uint32_t *p;

		t0 = now_ms();
		if (drm_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
			return fail("create dumb");
		map.handle = create.handle;
		if (drm_ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map))
			return fail("map dumb");
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 map.offset);
		if (p == MAP_FAILED)
			return fail("mmap");
		memset(p, 0x5a, size);
		t1 = now_ms();
		for (i = 0; i < size / 4; i += 1024)
			if (p[i] != 0x5a5a5a5a) {
				fprintf(stderr, "gembench: word %zu: %#x\n", i,
					p[i]);
				return 1;
			}
		if (munmap(p, size))
			return fail("munmap");
		t2 = now_ms();
		close_bo.handle = create.handle;
		if (drm_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &close_bo))
			return fail("gem close");
		t3 = now_ms();
		printf("gembench: %lu mib memset %.1f ms total %.1f ms close %.1f ms\n",
		       mib, t1 - t0, t3 - t0, t3 - t2);
		fflush(stdout);
	}
	return 0;
}
