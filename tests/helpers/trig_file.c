/* trig_file.c: performs file syscalls for the probe tests and prints what it
 * did as key=value lines.  trig_file SCENARIO [ARGS] */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int scenario_open_read(const char *path)
{
	char buf[64];
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	ssize_t n = read(fd, buf, sizeof(buf));
	int r = close(fd);
	printf("fd=%d\nnread=%zd\nclose=%d\n", fd, n, r);
	return 0;
}

static int scenario_open_fail(void)
{
	int fd = openat(AT_FDCWD, "/nonexistent-wtftop/x", O_RDONLY);
	printf("fd=%d\nerrno=%d\n", fd, errno);
	return 0;
}

static int scenario_write(const char *path)
{
	const char msg[] = "hello wtftop\n";
	/* glibc's open() is openat(2): call open(2) itself */
	int fd = syscall(SYS_open, path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	ssize_t n = write(fd, msg, sizeof(msg) - 1);
	ssize_t p = pwrite(fd, "XY", 2, 100);
	off_t set = lseek(fd, 7, SEEK_SET), end = lseek(fd, 0, SEEK_END);
	char got[4];
	int rfd = open(path, O_RDONLY);
	ssize_t r = pread(rfd, got, sizeof(got), 6);
	close(rfd);
	close(fd);
	fd = syscall(SYS_creat, path, 0600);
	close(fd);
	printf("fd=%d\nnwritten=%zd\npwritten=%zd\nseek_set=%lld\nseek_end=%lld\nrfd=%d\npread=%zd\n", fd, n,
	       p, (long long)set, (long long)end, rfd, r);
	return 0;
}

static int scenario_relative(const char *dir, const char *name)
{
	int dfd, fd1, fd2;
	if (chdir(dir))
		return 1;
	fd1 = openat(AT_FDCWD, name, O_RDONLY);
	dfd = open(".", O_RDONLY | O_DIRECTORY);
	fd2 = openat(dfd, name, O_RDONLY);
	printf("fd1=%d\ndfd=%d\nfd2=%d\n", fd1, dfd, fd2);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "open_read"))
		return scenario_open_read(argc > 2 ? argv[2] : "/etc/hostname");
	if (!strcmp(argv[1], "open_fail"))
		return scenario_open_fail();
	if (!strcmp(argv[1], "write"))
		return scenario_write(argv[2]);
	if (!strcmp(argv[1], "relative"))
		return scenario_relative(argv[2], argv[3]);
	fprintf(stderr, "trig_file: unknown scenario %s\n", argv[1]);
	return 2;
}
