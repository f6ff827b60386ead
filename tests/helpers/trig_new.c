/* trig_new.c: performs the syscalls that have an event appended after 351
 * (tests/probe/test_new.py), inside the directory it is given, and prints
 * what the kernel returned as key=value lines on stderr (the value, or
 * -errno), so that they never interleave with probe_dump's events.
 * Each syscall is made with syscall(2) so that libc cannot substitute
 * another. The module calls are made with input the kernel must refuse:
 * no module is ever loaded or removed.
 *   trig_new SCENARIO DIR */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#define MFD_ALLOW_SEALING 0x0002U
#endif
#ifndef MODULE_INIT_IGNORE_VERMAGIC
#define MODULE_INIT_IGNORE_VERMAGIC 2
#endif
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 0x01
#endif
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#endif
#define FSCONFIG_SET_FLAG 0
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_SET_BINARY 2

/* An fd number that is certainly not open, a pid that certainly is not used. */
#define BADFD 987
#define BADPID 0x3ffffff0

/* The raw result of a syscall made with syscall(2): the value or -errno. */
static long raw(long r)
{
	return r == -1 ? -errno : r;
}

#define SC(...) raw(syscall(__VA_ARGS__))

static void put(const char *key, long v)
{
	fprintf(stderr, "%s=%ld\n", key, v);
}

static void put_str(const char *key, const char *v)
{
	fprintf(stderr, "%s=%s\n", key, v);
}

static int make_file(const char *path, const char *content)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (content && write(fd, content, strlen(content)) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* memfd_create with flags, and its EINVAL and EFAULT failures. */
static int scenario_memfd(void)
{
	put("memfd", SC(SYS_memfd_create, "wtf-memfd", MFD_CLOEXEC | MFD_ALLOW_SEALING));
	put("memfd_plain", SC(SYS_memfd_create, "wtf-plain", 0));
	put("memfd_inval", SC(SYS_memfd_create, "wtf-inval", 0x4000));
	put("memfd_fault", SC(SYS_memfd_create, (void *)8, 0));
	return 0;
}

/* init_module, finit_module and delete_module, all refused by the kernel: the
 * image is not an ELF file, the fd is a text file or not open, the module
 * does not exist. */
static int scenario_module(void)
{
	char img[64];
	int fd;

	memset(img, 'W', sizeof(img));
	put("init_module", SC(SYS_init_module, img, sizeof(img), "wtfarg=1"));
	make_file("junk.ko", "this is not a kernel module\n");
	fd = open("junk.ko", O_RDONLY | O_CLOEXEC);
	put("fd", fd);
	put("finit_module", SC(SYS_finit_module, fd, "wtfarg=2", MODULE_INIT_IGNORE_VERMAGIC));
	put("finit_module_bad", SC(SYS_finit_module, BADFD, "", 0));
	put("delete_module", SC(SYS_delete_module, "wtftop_no_such_module", O_NONBLOCK | O_TRUNC));
	return 0;
}

/* chown, lchown, fchown and fchownat on a temporary file, and failures. */
static int scenario_chown(void)
{
	int fd, dfd;

	mkdir("sub", 0755);
	make_file("c", NULL);
	make_file("sub/x", NULL);
	symlink("c", "lnk");
	fd = open("c", O_RDONLY);
	dfd = open("sub", O_RDONLY | O_DIRECTORY);
	put("fd", fd);
	put("dfd", dfd);
	put("uid", getuid());
	put("gid", getgid());
	put("chown", SC(SYS_chown, "c", 1234, 5678));
	put("chown_noent", SC(SYS_chown, "nope", 1, 1));
	put("lchown", SC(SYS_lchown, "lnk", 4321, -1));
	put("fchown", SC(SYS_fchown, fd, -1, 8765));
	put("fchown_bad", SC(SYS_fchown, BADFD, 0, 0));
	put("fchownat", SC(SYS_fchownat, dfd, "x", 11, 22, AT_SYMLINK_NOFOLLOW));
	put("fchownat_empty", SC(SYS_fchownat, fd, "", 33, 44, AT_EMPTY_PATH));
	put("fchownat_noent", SC(SYS_fchownat, AT_FDCWD, "nope", 0, 0, 0));
	put("fchownat_inval", SC(SYS_fchownat, AT_FDCWD, "c", 0, 0, 0x8000));
	return 0;
}

/* mknodat of FIFOs (cwd and dirfd), mknod of a regular file, and EEXIST. */
static int scenario_mknod(void)
{
	int dfd;

	mkdir("sub", 0755);
	dfd = open("sub", O_RDONLY | O_DIRECTORY);
	put("dfd", dfd);
	put("mknodat", SC(SYS_mknodat, AT_FDCWD, "fifo", S_IFIFO | 0640, 0));
	put("mknodat_dirfd", SC(SYS_mknodat, dfd, "fifo2", S_IFIFO | 0600, 0));
	put("mknod", SC(SYS_mknod, "reg", 0644, 0));
	put("mknod_exist", SC(SYS_mknod, "fifo", S_IFIFO | 0600, 0));
	put("mknod_null", SC(SYS_mknod, "nulldev", S_IFCHR | 0600, makedev(1, 3)));
	put("nulldev", makedev(1, 3));
	return 0;
}

/* prctl: PR_SET_NAME / PR_GET_NAME, the child subreaper pair, and EINVAL. */
static int scenario_prctl(void)
{
	char name[16] = "";
	int v = -1;

	put("set_name", SC(SYS_prctl, PR_SET_NAME, "wtf-newname", 0, 0, 0));
	put("get_name", SC(SYS_prctl, PR_GET_NAME, name, 0, 0, 0));
	put_str("name", name);
	put("set_subreaper", SC(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	put("get_subreaper", SC(SYS_prctl, PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0));
	put("subreaper", v);
	put("get_dumpable", SC(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0));
	put("inval", SC(SYS_prctl, 9999, 77, 0, 0, 0));
	return 0;
}

/* A child that waits until its parent is done with it. */
static pid_t spawn_waiting_child(int *release)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[0]);
	*release = p[1];
	return pid;
}

/* pidfd_open of a child, pidfd_getfd of a file the child holds, failures. */
static int scenario_pidfd(void)
{
	int release = -1, pfd, fd;
	pid_t child;

	make_file("held", "held by the child\n");
	fd = open("held", O_RDONLY);
	put("fd", fd);
	child = spawn_waiting_child(&release);
	put("child", child);
	pfd = SC(SYS_pidfd_open, child, 0);
	put("pidfd_open", pfd);
	put("pidfd_open_nb", SC(SYS_pidfd_open, child, O_NONBLOCK));
	put("pidfd_open_srch", SC(SYS_pidfd_open, BADPID, 0));
	put("pidfd_getfd", SC(SYS_pidfd_getfd, pfd, fd, 0));
	put("pidfd_getfd_bad", SC(SYS_pidfd_getfd, BADFD, fd, 0));
	put("pidfd_getfd_inval", SC(SYS_pidfd_getfd, pfd, fd, 1));
	close(release);
	waitpid(child, NULL, 0);
	return 0;
}

/* setreuid / setregid in a child: -1s (no change), dropping to nobody, then
 * trying to get root back (EPERM). */
static int scenario_setre(void)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		put("setreuid_same", SC(SYS_setreuid, -1, -1));
		put("setregid_same", SC(SYS_setregid, -1, -1));
		put("setregid", SC(SYS_setregid, 65534, 65534));
		put("setreuid", SC(SYS_setreuid, 65534, 65534));
		put("setreuid_perm", SC(SYS_setreuid, 0, 0));
		put("setregid_perm", SC(SYS_setregid, 0, 0));
		fflush(stderr);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	put("child", pid);
	return 0;
}

/* dup2, dup3 and pipe2 with their flags. */
static int scenario_dup_pipe(void)
{
	int p[2] = { -1, -1 };
	int fd = open(".", O_RDONLY | O_DIRECTORY);

	put("fd", fd);
	put("dup2", SC(SYS_dup2, fd, 40));
	put("dup3", SC(SYS_dup3, fd, 41, O_CLOEXEC));
	put("dup3_inval", SC(SYS_dup3, fd, fd, 0));
	put("pipe2", SC(SYS_pipe2, p, O_CLOEXEC | O_DIRECT));
	put("p0", p[0]);
	put("p1", p[1]);
	return 0;
}

/* Written by the parent's process_vm_writev, read by process_vm_readv. */
static char shared_buf[32] = "parent-data-before-fork";

/* process_vm_readv of its own child, whose copy of shared_buf differs, then
 * process_vm_writev into it; and ESRCH. */
static int scenario_process_vm(void)
{
	int p[2], q[2];
	char c = 0, got[16] = "", part2[8] = "";
	struct iovec local[2] = { { got, 10 }, { part2, 6 } };
	struct iovec remote = { shared_buf, 16 };
	struct iovec wlocal = { "written-by-parent", 17 };
	struct iovec wremote = { shared_buf, 17 };
	pid_t pid;

	if (pipe(p) || pipe(q))
		return 1;
	pid = fork();
	if (pid == 0) {
		strcpy(shared_buf, "child-data-0123456789");
		write(q[1], "r", 1);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	while (read(q[0], &c, 1) < 0 && errno == EINTR)
		;
	put("child", pid);
	put("readv", SC(SYS_process_vm_readv, pid, local, 2, &remote, 1, 0));
	put("writev", SC(SYS_process_vm_writev, pid, &wlocal, 1, &wremote, 1, 0));
	put("readv_srch", SC(SYS_process_vm_readv, BADPID, local, 2, &remote, 1, 0));
	put("readv_inval", SC(SYS_process_vm_readv, pid, local, 2, &remote, 1, 1));
	write(p[1], "x", 1);
	waitpid(pid, NULL, 0);
	return 0;
}

/* epoll_create and epoll_create1, with EINVAL failures. */
static int scenario_epoll(void)
{
	put("epoll_create", SC(SYS_epoll_create, 8));
	put("epoll_create_inval", SC(SYS_epoll_create, 0));
	put("epoll_create1", SC(SYS_epoll_create1, EPOLL_CLOEXEC));
	put("epoll_create1_plain", SC(SYS_epoll_create1, 0));
	put("epoll_create1_inval", SC(SYS_epoll_create1, 1));
	return 0;
}

/* newfstatat on a file by name, through a dirfd, on an fd itself, ENOENT. */
static int scenario_stat(void)
{
	struct stat st;
	int fd, dfd;

	mkdir("sub", 0755);
	make_file("s", "abc");
	make_file("sub/y", NULL);
	fd = open("s", O_RDONLY);
	dfd = open("sub", O_RDONLY | O_DIRECTORY);
	put("fd", fd);
	put("dfd", dfd);
	put("fstatat", SC(SYS_newfstatat, AT_FDCWD, "s", &st, 0));
	put("size", st.st_size);
	put("fstatat_dirfd", SC(SYS_newfstatat, dfd, "y", &st, AT_SYMLINK_NOFOLLOW));
	put("fstatat_empty", SC(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
	put("fstatat_noent", SC(SYS_newfstatat, dfd, "nope", &st, AT_NO_AUTOMOUNT));
	return 0;
}

/* mlock2 of one page with MLOCK_ONFAULT, and EINVAL. */
static int scenario_mlock2(void)
{
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	fprintf(stderr, "addr=%lu\n", (unsigned long)page);
	put("mlock2", SC(SYS_mlock2, page, 4096, MLOCK_ONFAULT));
	put("mlock2_inval", SC(SYS_mlock2, page, 4096, 0x100));
	munlock(page, 4096);
	return 0;
}

/* fsconfig on a tmpfs context that is never created nor mounted. */
static int scenario_fsconfig(void)
{
	int fsfd = SC(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);

	put("fsfd", fsfd);
	put("set_string", SC(SYS_fsconfig, fsfd, FSCONFIG_SET_STRING, "size", "1m", 0));
	put("set_flag", SC(SYS_fsconfig, fsfd, FSCONFIG_SET_FLAG, "ro", NULL, 0));
	put("set_binary", SC(SYS_fsconfig, fsfd, FSCONFIG_SET_BINARY, "size", "\1\2\3", 3));
	put("bad_fd", SC(SYS_fsconfig, BADFD, FSCONFIG_SET_STRING, "size", "2m", 0));
	close(fsfd);
	return 0;
}

/* capset with the sets capget returns (no change), and with a bad version. */
static int scenario_capset(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	struct __user_cap_header_struct bad = { 0x12345678, 0 };

	memset(data, 0, sizeof(data));
	put("capget", SC(SYS_capget, &hdr, data));
	fprintf(stderr, "inh=%llu\nprm=%llu\neff=%llu\n",
		(unsigned long long)data[0].inheritable | (unsigned long long)data[1].inheritable << 32,
		(unsigned long long)data[0].permitted | (unsigned long long)data[1].permitted << 32,
		(unsigned long long)data[0].effective | (unsigned long long)data[1].effective << 32);
	put("capset", SC(SYS_capset, &hdr, data));
	put("capset_inval", SC(SYS_capset, &bad, data));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} scenarios[] = {
		{ "memfd", scenario_memfd },         { "module", scenario_module },
		{ "chown", scenario_chown },         { "mknod", scenario_mknod },
		{ "prctl", scenario_prctl },         { "pidfd", scenario_pidfd },
		{ "setre", scenario_setre },         { "dup_pipe", scenario_dup_pipe },
		{ "process_vm", scenario_process_vm }, { "epoll", scenario_epoll },
		{ "stat", scenario_stat },           { "mlock2", scenario_mlock2 },
		{ "fsconfig", scenario_fsconfig },   { "capset", scenario_capset },
	};

	if (argc < 3) {
		fprintf(stderr, "usage: trig_new SCENARIO DIR\n");
		return 2;
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (chdir(argv[2])) {
		perror(argv[2]);
		return 1;
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (!strcmp(argv[1], scenarios[i].name))
			return scenarios[i].fn();
	fprintf(stderr, "trig_new: unknown scenario %s\n", argv[1]);
	return 2;
}
