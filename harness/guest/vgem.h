/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest programs that use vgem share: a restarting ioctl() and
 * the lookup of the vgem device.
 */
#ifndef HARNESS_GUEST_VGEM_H
#define HARNESS_GUEST_VGEM_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <drm/drm.h>

/* ioctl(), restarted like libdrm's drmIoctl(); 0 or -1 with errno set. */
static int drm_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret;
}

/*
 * Open /dev/dri/card0..7 until one is vgem's: the fd, with its path in
 * @path (@size bytes) and its version in @v, or -1.
 */
static int open_vgem(char *path, size_t size, struct drm_version *v)
{
	char name[16];
	int i, fd;

	for (i = 0; i < 8; i++) {
		snprintf(path, size, "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		memset(v, 0, sizeof(*v));
		v->name_len = sizeof(name) - 1;
		v->name = name;
		if (!drm_ioctl(fd, DRM_IOCTL_VERSION, v) && !strcmp(name, "vgem")) {
			v->name = NULL;
			return fd;
		}
		close(fd);
	}
	return -1;
}

#endif /* HARNESS_GUEST_VGEM_H */
