/* trig_filters.c: performs the syscalls behind the end-to-end filter tests
 * (tests/e2e/test_filters.py) under a chosen process name, and prints what it
 * did as key=value lines on stderr.
 *   trig_filters [-n NAME] SCENARIO [ARGS]
 * -n renames the process with prctl(PR_SET_NAME) before the scenario runs. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void set_name(const char *name)
{
	if (prctl(PR_SET_NAME, name, 0, 0, 0))
		fprintf(stderr, "prctl_errno=%d\n", errno);
}

/* a write-open (openat, O_CREAT) of a new file, removed again */
static int scenario_openw(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int e = errno;
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	fprintf(stderr, "pid=%d\nfd=%d\nerrno=%d\n", getpid(), fd, fd < 0 ? e : 0);
	return 0;
}

/* a read-only open of an existing file */
static int scenario_openr(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	int e = errno;
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "pid=%d\nfd=%d\nerrno=%d\n", getpid(), fd, fd < 0 ? e : 0);
	return 0;
}

/* an O_CREAT openat of a path that may exist (e.g. /dev/null): not removed */
static int scenario_opencreat(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	int e = errno;
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "pid=%d\nfd=%d\nerrno=%d\n", getpid(), fd, fd < 0 ? e : 0);
	return 0;
}

/* creat(2) itself (glibc's creat() may be an openat), the file removed again */
static int scenario_creat(const char *path)
{
	int fd = syscall(SYS_creat, path, 0600);
	int e = errno;
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	fprintf(stderr, "pid=%d\nfd=%d\nerrno=%d\n", getpid(), fd, fd < 0 ? e : 0);
	return 0;
}

/* open(2) itself, not openat: glibc's open() is openat */
static int scenario_sysopen(const char *path)
{
	int fd = syscall(SYS_open, path, O_RDONLY | O_CLOEXEC);
	int e = errno;
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "pid=%d\nfd=%d\nerrno=%d\n", getpid(), fd, fd < 0 ? e : 0);
	return 0;
}

/* setns into the namespace the process is already in: succeeds as root */
static int scenario_setns(void)
{
	int nsfd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	int r = setns(nsfd, CLONE_NEWUTS);
	int e = errno;
	close(nsfd);
	fprintf(stderr, "pid=%d\nnsfd=%d\nsetns=%d\nerrno=%d\n", getpid(), nsfd, r, r < 0 ? e : 0);
	return 0;
}

/* a three-generation tree: this process renamed TOP, a child MID, a grandchild
 * LEAF that opens PATH; each waits for its child */
static int scenario_tree(const char *top, const char *mid, const char *leaf, const char *path)
{
	pid_t c, g;
	int st;

	set_name(top);
	fprintf(stderr, "top_pid=%d\n", getpid());
	c = fork();
	if (c == 0) {
		set_name(mid);
		g = fork();
		if (g == 0) {
			set_name(leaf);
			fprintf(stderr, "leaf_pid=%d\n", getpid());
			scenario_openr(path);
			_exit(0);
		}
		fprintf(stderr, "mid_pid=%d\n", getpid());
		waitpid(g, &st, 0);
		_exit(0);
	}
	waitpid(c, &st, 0);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;

	setvbuf(stderr, NULL, _IOLBF, 0);
	if (argc > 3 && !strcmp(argv[1], "-n")) {
		set_name(argv[2]);
		i = 3;
	}
	if (argc <= i)
		return 2;
	const char *s = argv[i];
	const char *a1 = argc > i + 1 ? argv[i + 1] : NULL;
	if (!strcmp(s, "setns"))
		return scenario_setns();
	if (!a1)
		return 2;
	if (!strcmp(s, "openw"))
		return scenario_openw(a1);
	if (!strcmp(s, "openr"))
		return scenario_openr(a1);
	if (!strcmp(s, "opencreat"))
		return scenario_opencreat(a1);
	if (!strcmp(s, "creat"))
		return scenario_creat(a1);
	if (!strcmp(s, "sysopen"))
		return scenario_sysopen(a1);
	if (!strcmp(s, "tree") && argc > i + 4)
		return scenario_tree(a1, argv[i + 2], argv[i + 3], argv[i + 4]);
	return 2;
}
