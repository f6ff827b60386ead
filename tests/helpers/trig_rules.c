/* trig_rules.c: performs the real system calls that the default rules watch
 * (and their look-alikes), one action per run, for tests/e2e/test_rules.py.
 *   trig_rules setns             setns(2) into its own network namespace
 *   trig_rules ptrace_attach     forks a child and PTRACE_ATTACHes to it
 *   trig_rules ptrace_traceme    PTRACE_TRACEME (not an attach)
 *   trig_rules open PATH         open(2) PATH read-only (failure is fine)
 *   trig_rules memfd_exec        runs /bin/true from a memfd (fexecve)
 * Prints key=value facts. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "setns")) {
		int fd = open("/proc/self/ns/net", O_RDONLY);
		int rc = setns(fd, CLONE_NEWNET);
		printf("setns=%d errno=%d\n", rc, rc ? errno : 0);
		return rc ? 1 : 0;
	}
	if (!strcmp(argv[1], "ptrace_attach")) {
		pid_t child = fork();
		if (child == 0) {
			pause();
			_exit(0);
		}
		long rc = ptrace(PTRACE_ATTACH, child, 0, 0);
		printf("child=%d attach=%ld errno=%d\n", child, rc, rc ? errno : 0);
		if (!rc) {
			waitpid(child, NULL, 0);
			ptrace(PTRACE_DETACH, child, 0, 0);
		}
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		return rc ? 1 : 0;
	}
	if (!strcmp(argv[1], "ptrace_traceme")) {
		long rc = ptrace(PTRACE_TRACEME, 0, 0, 0);
		printf("traceme=%ld\n", rc);
		return 0;
	}
	if (!strcmp(argv[1], "open") && argc > 2) {
		int fd = open(argv[2], O_RDONLY | O_NONBLOCK);
		printf("fd=%d errno=%d\n", fd, fd < 0 ? errno : 0);
		return 0;
	}
	if (!strcmp(argv[1], "memfd_exec")) {
		int src = open("/bin/true", O_RDONLY);
		int mfd = memfd_create("wtfr_memfd", 0);
		struct stat sb;
		if (src < 0 || mfd < 0 || fstat(src, &sb))
			return 1;
		if (sendfile(mfd, src, NULL, sb.st_size) != sb.st_size)
			return 1;
		char *args[] = { "wtfr_memfd", NULL };
		fflush(stdout);
		fexecve(mfd, args, environ);
		printf("fexecve errno=%d\n", errno);
		return 1;
	}
	return 2;
}
