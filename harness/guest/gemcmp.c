// SPDX-License-Identifier: GPL-2.0
/*
 * Print what user space can see of DRM GEM objects through the vgem driver,
 * one fact per line: dumb buffer sizes and pitches, the errors that bad
 * input gets (bad sizes, handles, offsets, names, fds and flags), which
 * mmap()s of the DRM fd and of a dma-buf work, and whether the contents
 * read back right through every mapping, after MADV_DONTNEED, after
 * munmap() and after GEM_CLOSE.  Nothing that may change from boot to boot
 * or between two correct kernels is printed (no offsets, handles, names,
 * addresses or residency).  The harness runs it on the base kernel and on
 * the patched one and compares the two transcripts: they must be identical.
 * Without a vgem device it prints "no vgem" and exits with status 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <drm/drm.h>
#include <drm/drm_mode.h>
#include <drm/vgem_drm.h>

#include "vgem.h"

#define PG 4096UL

/* The buffer most cases use: 1024 x 16 x 32 bpp, 16 pages. */
#define BO_W 1024
#define BO_H 16
#define BO_BPP 32

static char path[32];

static void say(const char *what, long ret)
{
	if (ret < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: %ld\n", what, ret);
}

/* DRM_IOCTL_MODE_CREATE_DUMB; prints size and pitch or the error. */
static uint32_t create(int fd, const char *what, uint32_t width,
		       uint32_t height, uint32_t bpp, uint64_t *size)
{
	struct drm_mode_create_dumb c = {
		.width = width,
		.height = height,
		.bpp = bpp,
	};

	if (drm_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c)) {
		say(what, -1);
		return 0;
	}
	printf("%s: size %llu pitch %u handle-nonzero %d\n", what,
	       (unsigned long long)c.size, c.pitch, c.handle != 0);
	if (size)
		*size = c.size;
	return c.handle;
}

static int destroy(int fd, uint32_t handle)
{
	struct drm_mode_destroy_dumb d = { .handle = handle };

	return drm_ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
}

/* create() and destroy the buffer at once if it was made. */
static void try_create(int fd, const char *what, uint32_t width,
		       uint32_t height, uint32_t bpp)
{
	uint32_t handle = create(fd, what, width, height, bpp, NULL);

	if (handle && destroy(fd, handle))
		say("  destroy", -1);
}

static int map_dumb(int fd, uint32_t handle, uint64_t *offset)
{
	struct drm_mode_map_dumb m = { .handle = handle };
	int ret = drm_ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m);

	if (!ret)
		*offset = m.offset;
	return ret;
}

static int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return drm_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

/* PRIME_HANDLE_TO_FD; the dma-buf fd or -1. */
static int to_fd(int fd, uint32_t handle, uint32_t flags)
{
	struct drm_prime_handle p = { .handle = handle, .flags = flags };

	if (drm_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p))
		return -1;
	return p.fd;
}

/* PRIME_FD_TO_HANDLE; 0 or -1. */
static int to_handle(int fd, int prime_fd, uint32_t *handle)
{
	struct drm_prime_handle p = { .fd = prime_fd };
	int ret = drm_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	if (!ret && handle)
		*handle = p.handle;
	return ret;
}

static void *map(int fd, uint64_t offset, size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, fd, offset);
}

/* Print whether mmap() worked: 0 or -1 and the error. */
static void say_map(const char *what, void *p)
{
	say(what, p == MAP_FAILED ? -1 : 0);
}

static void unmap(void *p, size_t len)
{
	if (p != MAP_FAILED)
		munmap(p, len);
}

/* The pattern word at word index @i of an object filled with @seed. */
static uint32_t word(uint32_t seed, size_t i)
{
	return seed ^ (uint32_t)(i * 2654435761u);
}

static void fill(void *p, size_t len, uint32_t seed)
{
	uint32_t *w = p;
	size_t i;

	for (i = 0; i < len / 4; i++)
		w[i] = word(seed, i);
}

/*
 * Print whether @len bytes at @p hold the pattern @seed, starting at byte
 * @from of the object: "ok", or the first page that does not.
 */
static void check_at(const char *what, const void *p, size_t len,
		     size_t from, uint32_t seed)
{
	const uint32_t *w = p;
	size_t i;

	if (p == MAP_FAILED) {
		printf("%s: not mapped\n", what);
		return;
	}
	for (i = 0; i < len / 4; i++) {
		if (w[i] != word(seed, from / 4 + i)) {
			printf("%s: mismatch in page %zu\n", what,
			       i * 4 / PG);
			return;
		}
	}
	printf("%s: ok\n", what);
}

static void check(const char *what, const void *p, size_t len, uint32_t seed)
{
	check_at(what, p, len, 0, seed);
}

static void create_cases(int fd)
{
	uint32_t handle;

	handle = create(fd, "create 1024x1024x32", 1024, 1024, 32, NULL);
	say("destroy", destroy(fd, handle));
	say("destroy again", destroy(fd, handle));
	say("destroy handle 0", destroy(fd, 0));
	say("destroy handle 12345", destroy(fd, 12345));
	try_create(fd, "create 1x1x32", 1, 1, 32);
	try_create(fd, "create 1024x1x7", 1024, 1, 7);
	try_create(fd, "create 1001x1x1", 1001, 1, 1);
	try_create(fd, "create width 0", 0, 1024, 32);
	try_create(fd, "create height 0", 1024, 0, 32);
	try_create(fd, "create bpp 0", 1024, 1024, 0);
	try_create(fd, "create bpp 2^32-9", 1, 1, 0xfffffff7);
	try_create(fd, "create bpp 2^32-8", 1, 1, 0xfffffff8);
	try_create(fd, "create bpp 2^32-1", 1, 1, 0xffffffff);
	try_create(fd, "create width 2^31", 0x80000000, 1, 32);
	try_create(fd, "create width 2^32-1", 0xffffffff, 1, 8);
	try_create(fd, "create height 2^20", 1024, 1 << 20, 32);
	try_create(fd, "create height 2^32-1", 1, 0xffffffff, 8);
	try_create(fd, "create 65536x65536x32", 65536, 65536, 32);
	/* Just under 4 GiB (the size is computed in 32 bits), and 4 GiB. */
	try_create(fd, "create 32768x32767x32", 32768, 32767, 32);
	try_create(fd, "create 32768x32768x32", 32768, 32768, 32);
	/*
	 * The shmem helper's width * bpp wraps in 32 bits: to a pitch of 1
	 * byte, and to 0, an empty object.
	 */
	try_create(fd, "create 2^29+1 x1x8 (pitch wraps)", 0x20000001, 1, 8);
	try_create(fd, "create 2^29x1x8 (size wraps to 0)", 0x20000000, 1, 8);
}

static void map_dumb_cases(int fd)
{
	uint64_t off = 0, off2 = 0;
	uint32_t handle;

	handle = create(fd, "create for map_dumb", BO_W, BO_H, BO_BPP, NULL);
	say("map_dumb", map_dumb(fd, handle, &off));
	printf("map_dumb offset nonzero: %d page-aligned: %d\n", off != 0,
	       !(off & (PG - 1)));
	say("map_dumb again", map_dumb(fd, handle, &off2));
	printf("map_dumb again same offset: %d\n", off == off2);
	say("map_dumb handle 0", map_dumb(fd, 0, &off2));
	say("map_dumb handle 12345", map_dumb(fd, 12345, &off2));
	say("destroy", destroy(fd, handle));
	say("map_dumb destroyed", map_dumb(fd, handle, &off2));
	/* Nothing was created since: the offset maps nothing now. */
	say_map("mmap destroyed offset",
		map(fd, off, BO_W * BO_H * 4, PROT_READ, MAP_SHARED));
}

/*
 * What /proc/self/smaps says of the mapping at @p: the name (the file it
 * maps) and the VmFlags.
 */
static void say_smaps(const char *what, const void *p)
{
	unsigned long start, end, at = (unsigned long)p;
	char line[512], name[256];
	int in = 0, found = 0;
	FILE *f;

	f = fopen("/proc/self/smaps", "r");
	if (!f) {
		say(what, -1);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		name[0] = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %255[^\n]", &start,
			   &end, name) >= 2) {
			in = at >= start && at < end;
			if (in) {
				printf("%s name: %s\n", what,
				       name[0] ? name : "(none)");
				found = 1;
			}
		} else if (in && !strncmp(line, "VmFlags:", 8)) {
			printf("%s %s", what, line);
		}
	}
	fclose(f);
	if (!found)
		printf("%s: not in smaps\n", what);
}

/*
 * A GEM mapping is the driver's VM_PFNMAP mapping of the DRM file: GUP
 * (vmsplice(), process_vm_readv()) refuses it, madvise() and mlock() treat
 * it as such, and the contents stay.
 */
static void pfnmap_cases(char *p, size_t len, uint32_t seed)
{
	struct iovec local, remote;
	char buf[64];
	int pfd[2];

	say_smaps("mapping", p);
	local.iov_base = p;
	local.iov_len = PG;
	if (pipe(pfd) == 0) {
		say("vmsplice from mapping", vmsplice(pfd[1], &local, 1, 0));
		close(pfd[0]);
		close(pfd[1]);
	}
	local.iov_base = buf;
	local.iov_len = sizeof(buf);
	remote.iov_base = p;
	remote.iov_len = sizeof(buf);
	say("process_vm_readv of mapping",
	    process_vm_readv(getpid(), &local, 1, &remote, 1, 0));
	say("madvise remove", madvise(p, PG, MADV_REMOVE));
	say("madvise pageout", madvise(p, len, MADV_PAGEOUT));
	say("mlock", mlock(p, len));
	say("munlock", munlock(p, len));
	check("after madvise and mlock", p, len, seed);
}

static void mmap_cases(int fd)
{
	int rw = PROT_READ | PROT_WRITE, fd2, status;
	uint64_t size = 0, off = 0;
	char *p, *q, *r;
	uint32_t handle;
	size_t len;

	handle = create(fd, "create for mmap", BO_W, BO_H, BO_BPP, &size);
	len = size;
	say("map_dumb", map_dumb(fd, handle, &off));

	p = map(fd, off, len, rw, MAP_SHARED);
	say_map("mmap whole", p);
	q = map(fd, off, len + PG, rw, MAP_SHARED);
	say_map("mmap size + 1 page", q);
	unmap(q, len + PG);
	q = map(fd, off, 0, rw, MAP_SHARED);
	say_map("mmap length 0", q);
	q = map(fd, 0, PG, rw, MAP_SHARED);
	say_map("mmap offset 0", q);
	unmap(q, PG);
	q = map(fd, off + len, PG, rw, MAP_SHARED);
	say_map("mmap offset after the object", q);
	unmap(q, PG);
	q = map(fd, off - PG, len, rw, MAP_SHARED);
	say_map("mmap offset - 1 page", q);
	unmap(q, len);
	q = map(fd, off + PG, len - PG, rw, MAP_SHARED);
	say_map("mmap offset + 1 page", q);
	if (p != MAP_FAILED && q != MAP_FAILED) {
		fill(p, len, 0x1234);
		check_at("mmap offset + 1 page content", q, len - PG, PG,
			 0x1234);
	}
	unmap(q, len - PG);
	q = map(fd, off, len, rw, MAP_PRIVATE);
	say_map("mmap private", q);
	unmap(q, len);
	q = map(fd, off, len, PROT_READ, MAP_PRIVATE);
	say_map("mmap private read-only", q);
	unmap(q, len);

	if (p == MAP_FAILED)
		goto out;
	fill(p, len, 0xc0ffee);
	check("write and read back", p, len, 0xc0ffee);
	pfnmap_cases(p, len, 0xc0ffee);
	q = map(fd, off, len, rw, MAP_SHARED);
	say_map("mmap second", q);
	check("second mapping", q, len, 0xc0ffee);
	r = map(fd, off, len, PROT_READ, MAP_SHARED);
	say_map("mmap read-only", r);
	check("read-only mapping", r, len, 0xc0ffee);
	unmap(r, len);
	if (q != MAP_FAILED) {
		fill(q, len, 0xbeef);
		check("written through the second, first mapping", p, len,
		      0xbeef);
	}

	say("madvise dontneed", madvise(p, len, MADV_DONTNEED));
	check("after madvise dontneed", p, len, 0xbeef);
	unmap(q, len);
	q = map(fd, off, len, rw, MAP_SHARED);
	say_map("mmap after munmap", q);
	check("after munmap and mmap", q, len, 0xbeef);
	unmap(q, len);
	q = mremap(p, len, len + PG, 0);
	say("mremap grow", q == MAP_FAILED ? -1 : 0);

	if (fork() == 0) {
		check("child", p, len, 0xbeef);
		fill(p, PG, 0xc41d);
		_exit(0);
	}
	wait(&status);
	check("parent sees the child's write", p, PG, 0xc41d);
	fill(p, len, 0xbeef);

	/* Another open file of the device has no handle: no access. */
	fd2 = open(path, O_RDWR | O_CLOEXEC);
	q = map(fd2, off, len, rw, MAP_SHARED);
	say_map("mmap from another file", q);
	unmap(q, len);
	close(fd2);

	/*
	 * GEM_CLOSE while mapped: the mapping holds the GEM object and keeps
	 * the contents; the object's offset then refuses this file, which
	 * has no handle for it any more.
	 */
	say("gem_close mapped", gem_close(fd, handle));
	check("mapped after gem_close", p, len, 0xbeef);
	q = map(fd, off, len, rw, MAP_SHARED);
	say_map("mmap after gem_close", q);
	unmap(q, len);
	say("map_dumb after gem_close", map_dumb(fd, handle, &off));
	munmap(p, len);
	q = map(fd, off, len, rw, MAP_SHARED);
	say_map("mmap after gem_close and munmap", q);
	unmap(q, len);
	return;
out:
	say("destroy", destroy(fd, handle));
}

static void prime_cases(int fd)
{
	int rw = PROT_READ | PROT_WRITE, dfd, dfd2, fd2, null, pipefd[2];
	uint32_t handle, h = 0, h2 = 0;
	uint64_t size = 0, off = 0, off2 = 0;
	struct stat st, st2;
	char *p, *d, *q;
	size_t len;

	handle = create(fd, "create for prime", BO_W, BO_H, BO_BPP, &size);
	len = size;
	say("map_dumb", map_dumb(fd, handle, &off));
	p = map(fd, off, len, rw, MAP_SHARED);
	say_map("mmap", p);
	if (p == MAP_FAILED)
		return;
	fill(p, len, 0xd1ce);

	say("handle_to_fd handle 12345",
	    to_fd(fd, 12345, DRM_CLOEXEC | DRM_RDWR));
	say("handle_to_fd flags 0x1234", to_fd(fd, handle, 0x1234));
	say("handle_to_fd flags ~0", to_fd(fd, handle, ~0u));
	dfd = to_fd(fd, handle, DRM_CLOEXEC | DRM_RDWR);
	say("handle_to_fd", dfd < 0 ? -1 : 0);
	if (dfd < 0)
		goto out;
	dfd2 = to_fd(fd, handle, DRM_CLOEXEC);
	say("handle_to_fd again", dfd2 < 0 ? -1 : 0);
	printf("handle_to_fd again same dma-buf: %d\n", dfd2 >= 0 &&
	       !fstat(dfd, &st) && !fstat(dfd2, &st2) &&
	       st.st_ino == st2.st_ino);
	if (dfd2 >= 0)
		close(dfd2);
	say("dma-buf lseek end", lseek(dfd, 0, SEEK_END));
	say("dma-buf lseek set", lseek(dfd, 0, SEEK_SET));
	say("dma-buf lseek cur", lseek(dfd, 0, SEEK_CUR));

	d = map(dfd, 0, len, rw, MAP_SHARED);
	say_map("dma-buf mmap", d);
	check("dma-buf mapping", d, len, 0xd1ce);
	if (d != MAP_FAILED) {
		fill(d, len, 0xfade);
		check("written through the dma-buf, GEM mapping", p, len,
		      0xfade);
	}
	q = map(dfd, 0, len + PG, rw, MAP_SHARED);
	say_map("dma-buf mmap size + 1 page", q);
	unmap(q, len + PG);
	q = map(dfd, len, PG, rw, MAP_SHARED);
	say_map("dma-buf mmap offset size", q);
	unmap(q, PG);
	/*
	 * The base kernel's fault handler ignores the offset of a dma-buf
	 * mapping (it shows page 0 at the first page): print only that it
	 * works.
	 */
	q = map(dfd, PG, len - PG, rw, MAP_SHARED);
	say_map("dma-buf mmap offset 1 page", q);
	unmap(q, len - PG);
	q = map(dfd, 0, len, rw, MAP_PRIVATE);
	say_map("dma-buf mmap private", q);
	unmap(q, len);

	say("fd_to_handle fd -1", to_handle(fd, -1, NULL));
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	say("fd_to_handle /dev/null", to_handle(fd, null, NULL));
	close(null);
	if (!pipe(pipefd)) {
		say("fd_to_handle pipe", to_handle(fd, pipefd[0], NULL));
		close(pipefd[0]);
		close(pipefd[1]);
	}
	say("fd_to_handle drm fd", to_handle(fd, fd, NULL));
	say("fd_to_handle own dma-buf", to_handle(fd, dfd, &h));
	printf("fd_to_handle own dma-buf same handle: %d\n", h == handle);

	/* Import into another open file of the device. */
	fd2 = open(path, O_RDWR | O_CLOEXEC);
	q = map(fd2, off, len, rw, MAP_SHARED);
	say_map("other file mmap before import", q);
	unmap(q, len);
	say("other file fd_to_handle", to_handle(fd2, dfd, &h2));
	say("other file map_dumb", map_dumb(fd2, h2, &off2));
	printf("other file same offset: %d\n", off == off2);
	q = map(fd2, off2, len, rw, MAP_SHARED);
	say_map("other file mmap", q);
	check("other file mapping", q, len, 0xfade);
	unmap(q, len);

	/* The dma-buf and the other file keep the object. */
	say("gem_close handle 0", gem_close(fd, 0));
	say("gem_close handle 12345", gem_close(fd, 12345));
	say("gem_close", gem_close(fd, handle));
	say("gem_close again", gem_close(fd, handle));
	check("GEM mapping after gem_close", p, len, 0xfade);
	check("dma-buf mapping after gem_close", d, len, 0xfade);
	unmap(d, len);
	d = map(dfd, 0, len, rw, MAP_SHARED);
	say_map("dma-buf mmap after gem_close", d);
	check("new dma-buf mapping after gem_close", d, len, 0xfade);
	unmap(d, len);
	q = map(fd, off, len, rw, MAP_SHARED);
	say_map("mmap after gem_close, imported elsewhere", q);
	unmap(q, len);
	q = map(fd2, off2, len, rw, MAP_SHARED);
	say_map("other file mmap after gem_close", q);
	check("other file mapping after gem_close", q, len, 0xfade);
	unmap(q, len);
	say("other file gem_close", gem_close(fd2, h2));
	close(fd2);

	/* Import back from the dma-buf: a new handle, same object. */
	say("fd_to_handle after gem_close", to_handle(fd, dfd, &h));
	say("map_dumb after import", map_dumb(fd, h, &off2));
	printf("same offset after import: %d\n", off == off2);
	q = map(fd, off2, len, rw, MAP_SHARED);
	say_map("mmap after import", q);
	check("mapping after import", q, len, 0xfade);
	unmap(q, len);
	say("gem_close imported", gem_close(fd, h));
	close(dfd);
	check("GEM mapping after everything is closed", p, len, 0xfade);
	munmap(p, len);
	return;
out:
	munmap(p, len);
	say("destroy", destroy(fd, handle));
}

static void name_cases(int fd)
{
	struct drm_gem_flink flink = { .handle = 12345 };
	struct drm_gem_open op = { .name = 0x7fffffff };
	uint32_t handle, name;
	int fd2;

	say("flink handle 12345", drm_ioctl(fd, DRM_IOCTL_GEM_FLINK, &flink));
	say("gem_open name 0x7fffffff", drm_ioctl(fd, DRM_IOCTL_GEM_OPEN, &op));
	op.name = 0;
	say("gem_open name 0", drm_ioctl(fd, DRM_IOCTL_GEM_OPEN, &op));

	handle = create(fd, "create for flink", BO_W, BO_H, BO_BPP, NULL);
	flink.handle = handle;
	flink.name = 0;
	say("flink", drm_ioctl(fd, DRM_IOCTL_GEM_FLINK, &flink));
	name = flink.name;
	printf("flink name nonzero: %d\n", name != 0);
	say("flink again", drm_ioctl(fd, DRM_IOCTL_GEM_FLINK, &flink));
	printf("flink again same name: %d\n", flink.name == name);

	/* A second handle on the same file, then one on another file. */
	memset(&op, 0, sizeof(op));
	op.name = name;
	say("gem_open own name", drm_ioctl(fd, DRM_IOCTL_GEM_OPEN, &op));
	printf("gem_open own name new handle: %d size %llu\n",
	       op.handle != handle, (unsigned long long)op.size);
	say("gem_close second handle", gem_close(fd, op.handle));
	fd2 = open(path, O_RDWR | O_CLOEXEC);
	memset(&op, 0, sizeof(op));
	op.name = name;
	say("other file gem_open", drm_ioctl(fd2, DRM_IOCTL_GEM_OPEN, &op));
	printf("other file gem_open size %llu\n", (unsigned long long)op.size);
	close(fd2);

	/* The name goes with the last handle. */
	say("destroy", destroy(fd, handle));
	memset(&op, 0, sizeof(op));
	op.name = name;
	say("gem_open name after destroy",
	    drm_ioctl(fd, DRM_IOCTL_GEM_OPEN, &op));
}

static void fence_cases(int fd)
{
	struct drm_vgem_fence_attach attach = { .handle = 12345 };
	struct drm_vgem_fence_signal signal = { .fence = 12345 };
	uint32_t handle;

	say("fence_attach handle 12345",
	    drm_ioctl(fd, DRM_IOCTL_VGEM_FENCE_ATTACH, &attach));
	handle = create(fd, "create for fence", BO_W, BO_H, BO_BPP, NULL);
	attach.handle = handle;
	attach.flags = 2;
	say("fence_attach flags 2",
	    drm_ioctl(fd, DRM_IOCTL_VGEM_FENCE_ATTACH, &attach));
	attach.flags = 0;
	attach.pad = 1;
	say("fence_attach pad 1",
	    drm_ioctl(fd, DRM_IOCTL_VGEM_FENCE_ATTACH, &attach));
	say("fence_signal fence 12345",
	    drm_ioctl(fd, DRM_IOCTL_VGEM_FENCE_SIGNAL, &signal));
	signal.flags = 1;
	say("fence_signal flags 1",
	    drm_ioctl(fd, DRM_IOCTL_VGEM_FENCE_SIGNAL, &signal));
	say("destroy", destroy(fd, handle));
}

int main(void)
{
	struct drm_version v;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = open_vgem(path, sizeof(path), &v);
	if (fd < 0) {
		printf("no vgem\n");
		return 0;
	}
	printf("version: vgem %d.%d\n", v.version_major, v.version_minor);
	create_cases(fd);
	map_dumb_cases(fd);
	mmap_cases(fd);
	prime_cases(fd);
	name_cases(fd);
	fence_cases(fd);
	close(fd);
	printf("end\n");
	return 0;
}
