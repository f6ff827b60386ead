/* trig_fs.c: performs filesystem syscalls for the probe tests, inside the
 * directory it is given, and prints what it did as key=value lines.
 * Each syscall is made with syscall(2) so that libc cannot substitute another
 * (mkdir for mkdirat, rename for renameat2...). Results are printed as the
 * kernel returns them: the value, or -errno. The facts go to stderr, so
 * that they never interleave with the events probe_dump prints on stdout.
 *   trig_fs SCENARIO DIR */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/* An fd number that is certainly not open. */
#define BADFD 987

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

static int make_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
	return fd < 0 ? -1 : 0;
}

/* readv/writev/preadv/pwritev with two iovecs each, and a writev on a bad fd. */
static int scenario_vec(void)
{
	char a[] = "hello ", b[] = "iovec world\n";
	char r1[4], r2[64];
	struct iovec wv[2] = { { a, 6 }, { b, 12 } };
	struct iovec rv[2] = { { r1, sizeof(r1) }, { r2, sizeof(r2) } };
	struct iovec pwv[2] = { { "AB", 2 }, { "CDE", 3 } };
	int fd = SC(SYS_openat, AT_FDCWD, "v.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);

	put("fd", fd);
	put("writev", SC(SYS_writev, fd, wv, 2));
	put("pwritev", SC(SYS_pwritev, fd, pwv, 2, 100, 0));
	lseek(fd, 0, SEEK_SET);
	put("readv", SC(SYS_readv, fd, rv, 2));
	put("preadv", SC(SYS_preadv, fd, rv, 2, 101, 0));
	put("writev_bad", SC(SYS_writev, BADFD, wv, 2));
	put("readv_bad", SC(SYS_readv, BADFD, rv, 2));
	return 0;
}

/* dup, dup2, dup3 and fcntl's F_DUPFD family, with EBADF failures. */
static int scenario_dup(void)
{
	int fd = SC(SYS_openat, AT_FDCWD, "d.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);

	put("fd", fd);
	put("dup", SC(SYS_dup, fd));
	put("dup2", SC(SYS_dup2, fd, 50));
	put("dup3", SC(SYS_dup3, fd, 51, O_CLOEXEC));
	put("dup_bad", SC(SYS_dup, BADFD));
	put("dup3_bad", SC(SYS_dup3, BADFD, 52, 0));
	put("dupfd", SC(SYS_fcntl, fd, F_DUPFD, 60));
	put("dupfd_cloexec", SC(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 70));
	put("getfl", SC(SYS_fcntl, fd, F_GETFL));
	put("setfd", SC(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC));
	put("getfd_bad", SC(SYS_fcntl, BADFD, F_GETFD));
	return 0;
}

/* pipe, pipe2 with flags, and failing pipe2 calls. */
static int scenario_pipe(void)
{
	int p[2] = { -1, -1 }, q[2] = { -1, -1 };
	struct stat st;

	put("pipe", SC(SYS_pipe, p));
	put("p0", p[0]);
	put("p1", p[1]);
	fstat(p[0], &st);
	put("p_ino", st.st_ino);
	put("pipe2", SC(SYS_pipe2, q, O_CLOEXEC | O_NONBLOCK));
	put("q0", q[0]);
	put("q1", q[1]);
	fstat(q[0], &st);
	put("q_ino", st.st_ino);
	put("pipe2_fault", SC(SYS_pipe2, (void *)8, 0));
	put("pipe2_inval", SC(SYS_pipe2, q, 0x7fff0000));
	return 0;
}

/* mkdir, mkdirat, rmdir, unlink, unlinkat: relative paths, with a dirfd. */
static int scenario_dirs(void)
{
	int dfd;

	put("mkdir", SC(SYS_mkdir, "d1", 0750));
	put("mkdir_exist", SC(SYS_mkdir, "d1", 0750));
	dfd = SC(SYS_openat, AT_FDCWD, "d1", O_RDONLY | O_DIRECTORY);
	put("dfd", dfd);
	put("mkdirat", SC(SYS_mkdirat, dfd, "sub", 0700));
	put("mkdirat_cwd", SC(SYS_mkdirat, AT_FDCWD, "d2", 0755));
	put("mkdirat_noent", SC(SYS_mkdirat, dfd, "nope/x", 0700));
	put("rmdir", SC(SYS_rmdir, "d2"));
	put("rmdir_noent", SC(SYS_rmdir, "nope"));
	put("unlinkat_dir", SC(SYS_unlinkat, dfd, "sub", AT_REMOVEDIR));
	make_file("f");
	put("unlink", SC(SYS_unlink, "f"));
	put("unlink_noent", SC(SYS_unlink, "nope"));
	make_file("d1/g");
	put("unlinkat", SC(SYS_unlinkat, dfd, "g", 0));
	put("unlinkat_noent", SC(SYS_unlinkat, AT_FDCWD, "nope", 0));
	put("unlinkat_badfd", SC(SYS_unlinkat, BADFD, "g", 0));
	return 0;
}

/* rename, renameat, renameat2 (RENAME_NOREPLACE), with failures. */
static int scenario_rename(void)
{
	int dfd;

	SC(SYS_mkdir, "sub", 0755);
	dfd = SC(SYS_openat, AT_FDCWD, "sub", O_RDONLY | O_DIRECTORY);
	put("dfd", dfd);
	make_file("a");
	put("rename", SC(SYS_rename, "a", "b"));
	put("rename_noent", SC(SYS_rename, "nope", "x"));
	put("renameat", SC(SYS_renameat, AT_FDCWD, "b", dfd, "c"));
	put("renameat2", SC(SYS_renameat2, dfd, "c", AT_FDCWD, "e", RENAME_NOREPLACE));
	make_file("f");
	put("renameat2_exist", SC(SYS_renameat2, AT_FDCWD, "e", AT_FDCWD, "f", RENAME_NOREPLACE));
	put("renameat_badfd", SC(SYS_renameat, BADFD, "e", AT_FDCWD, "g"));
	return 0;
}

/* link, linkat, symlink, symlinkat, with failures. */
static int scenario_link(void)
{
	int dfd;

	SC(SYS_mkdir, "sub", 0755);
	dfd = SC(SYS_openat, AT_FDCWD, "sub", O_RDONLY | O_DIRECTORY);
	put("dfd", dfd);
	make_file("t");
	put("link", SC(SYS_link, "t", "l1"));
	put("link_exist", SC(SYS_link, "t", "l1"));
	put("symlink", SC(SYS_symlink, "t", "sym"));
	put("symlink_exist", SC(SYS_symlink, "t", "sym"));
	put("symlinkat", SC(SYS_symlinkat, "../t", dfd, "s2"));
	put("linkat", SC(SYS_linkat, AT_FDCWD, "t", dfd, "l2", 0));
	put("linkat_follow", SC(SYS_linkat, AT_FDCWD, "sym", AT_FDCWD, "l3", AT_SYMLINK_FOLLOW));
	put("linkat_noent", SC(SYS_linkat, dfd, "nope", AT_FDCWD, "l4", 0));
	return 0;
}

/* chmod, fchmod, fchmodat; and the chown family, which stays generic. */
static int scenario_chmod(void)
{
	int dfd, fd;

	SC(SYS_mkdir, "sub", 0755);
	dfd = SC(SYS_openat, AT_FDCWD, "sub", O_RDONLY | O_DIRECTORY);
	put("dfd", dfd);
	make_file("m");
	make_file("sub/x");
	fd = SC(SYS_openat, AT_FDCWD, "m", O_RDONLY);
	put("fd", fd);
	put("chmod", SC(SYS_chmod, "m", 0640));
	put("chmod_noent", SC(SYS_chmod, "nope", 0600));
	put("fchmod", SC(SYS_fchmod, fd, 04755));
	put("fchmod_bad", SC(SYS_fchmod, BADFD, 0600));
	put("fchmodat", SC(SYS_fchmodat, dfd, "x", 0600));
	put("fchmodat_cwd", SC(SYS_fchmodat, AT_FDCWD, "m", 01777));
	put("fchmodat_noent", SC(SYS_fchmodat, dfd, "nope", 0600));
	put("chown", SC(SYS_chown, "m", getuid(), getgid()));
	put("lchown", SC(SYS_lchown, "m", getuid(), getgid()));
	put("fchown", SC(SYS_fchown, fd, getuid(), getgid()));
	put("fchownat", SC(SYS_fchownat, dfd, "x", getuid(), getgid(), 0));
	return 0;
}

/* openat2: create with resolve flags, ENOENT through a dirfd, EXDEV for a
 * path that leaves the dirfd under RESOLVE_BENEATH. */
static int scenario_openat2(void)
{
	struct open_how how = { .flags = O_WRONLY | O_CREAT | O_CLOEXEC, .mode = 0640,
				.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS };
	struct open_how rd = { .flags = O_RDONLY };
	struct open_how beneath = { .flags = O_RDONLY, .resolve = RESOLVE_BENEATH };
	struct stat st;
	int dfd, fd;

	SC(SYS_mkdir, "sub", 0755);
	dfd = SC(SYS_openat, AT_FDCWD, "sub", O_RDONLY | O_DIRECTORY);
	put("dfd", dfd);
	fd = SC(SYS_openat2, AT_FDCWD, "o2", &how, sizeof(how));
	put("openat2", fd);
	fstat(fd, &st);
	put("ino", st.st_ino);
	put("dev_major", major(st.st_dev));
	put("dev_minor", minor(st.st_dev));
	put("openat2_noent", SC(SYS_openat2, dfd, "nope", &rd, sizeof(rd)));
	put("openat2_xdev", SC(SYS_openat2, dfd, "../o2", &beneath, sizeof(beneath)));
	return 0;
}

/* TOCTOU: the path lives in memory shared with a child process. The open of
 * a FIFO blocks inside the kernel (after the path was read) until the child,
 * having overwritten the path, opens the FIFO for writing. The event must
 * show the path the kernel used, not what the memory holds at exit.
 * Done for openat2 and for openat. */
static long open_while_path_changes(int use_openat2)
{
	char *path = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct open_how how = { .flags = O_RDONLY };
	long fd;
	pid_t child;

	if (path == MAP_FAILED)
		return -errno;
	strcpy(path, "fifo");
	child = fork();
	if (child == 0) {
		usleep(200 * 1000);
		strcpy(path, "changed-after-enter");
		close(open("fifo", O_WRONLY));
		_exit(0);
	}
	if (use_openat2)
		fd = SC(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	else
		fd = SC(SYS_openat, AT_FDCWD, path, O_RDONLY);
	waitpid(child, NULL, 0);
	put("path_at_exit_changed", strcmp(path, "fifo") != 0);
	munmap(path, 4096);
	if (fd >= 0)
		close(fd);
	return fd;
}

static int scenario_toctou(void)
{
	if (mkfifo("fifo", 0600))
		return 1;
	put("openat2", open_while_path_changes(1));
	put("openat", open_while_path_changes(0));
	return 0;
}

/* openat without O_CREAT, with a stray mode argument the kernel ignores. */
static int scenario_open_mode(void)
{
	make_file("m");
	put("openat", SC(SYS_openat, AT_FDCWD, "m", O_RDONLY, 0755));
	put("open", SC(SYS_open, "m", O_RDONLY, 0755));
	return 0;
}

/* openat relative to the cwd and to a dirfd, with ENOENT and EBADF failures. */
static int scenario_open_rel(void)
{
	int dfd;

	make_file("r");
	SC(SYS_mkdir, "sub", 0755);
	make_file("sub/r2");
	dfd = SC(SYS_openat, AT_FDCWD, "sub", O_RDONLY | O_DIRECTORY);
	put("dfd", dfd);
	put("cwd_rel", SC(SYS_openat, AT_FDCWD, "r", O_RDONLY));
	put("dirfd_rel", SC(SYS_openat, dfd, "r2", O_RDONLY));
	put("dirfd_noent", SC(SYS_openat, dfd, "nope", O_RDONLY));
	put("badfd", SC(SYS_openat, BADFD, "r2", O_RDONLY));
	put("open_noent", SC(SYS_open, "nope", O_RDONLY));
	put("creat_noent", SC(SYS_creat, "nope/x", 0600));
	return 0;
}

/* stat and lstat (the syscalls: libc's stat() calls newfstatat): a file, a
 * symlink to it, a relative and a missing path, and a bad pointer. */
static int scenario_stat(void)
{
	struct stat st;

	make_file("s.txt");
	if (symlink("s.txt", "ln"))
		return 1;
	put("stat", SC(SYS_stat, "s.txt", &st));
	put("stat_mode", st.st_mode & S_IFMT);
	put("lstat", SC(SYS_lstat, "ln", &st));
	put("lstat_mode", st.st_mode & S_IFMT);
	put("stat_dotdot", SC(SYS_stat, "../", &st));
	put("stat_noent", SC(SYS_stat, "nope", &st));
	put("lstat_noent", SC(SYS_lstat, "nope/x", &st));
	put("stat_fault", SC(SYS_stat, "s.txt", (void *)8));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} scenarios[] = {
		{ "vec", scenario_vec },       { "dup", scenario_dup },
		{ "pipe", scenario_pipe },     { "dirs", scenario_dirs },
		{ "rename", scenario_rename }, { "link", scenario_link },
		{ "chmod", scenario_chmod },   { "openat2", scenario_openat2 },
		{ "toctou", scenario_toctou }, { "open_mode", scenario_open_mode },
		{ "open_rel", scenario_open_rel }, { "stat", scenario_stat },
	};

	if (argc < 3) {
		fprintf(stderr, "usage: trig_fs SCENARIO DIR\n");
		return 2;
	}
	if (chdir(argv[2])) {
		perror(argv[2]);
		return 1;
	}
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (!strcmp(argv[1], scenarios[i].name))
			return scenarios[i].fn();
	fprintf(stderr, "trig_fs: unknown scenario %s\n", argv[1]);
	return 2;
}
