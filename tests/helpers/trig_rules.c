/* trig_rules.c: performs the real system calls that the default rules watch
 * (and their look-alikes), one action per run, for tests/e2e/test_rules.py.
 *   trig_rules setns             setns(2) into its own network namespace
 *   trig_rules ptrace_attach     forks a child and PTRACE_ATTACHes to it
 *   trig_rules ptrace_traceme    PTRACE_TRACEME (not an attach)
 *   trig_rules open PATH         open(2) PATH read-only (failure is fine)
 *   trig_rules memfd_exec        runs /bin/true from a memfd (fexecve)
 *   trig_rules stdio KIND FD MARK  makes FD (0 and 1 when FD is "01") a
 *                                connected TCP socket (KIND tcp), a unix
 *                                socket (unix) or a pipe (pipe), then runs
 *                                sh -c ": MARK" (a reverse shell when tcp 01)
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* A TCP connection to ourselves over loopback: returns the client end. */
static int tcp_pair(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), cfd = socket(AF_INET, SOCK_STREAM, 0);

	if (lfd < 0 || cfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&sa, &len) || connect(cfd, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	/* the accepted end stays open (not close-on-exec) so the shell's
	 * stdin is a live connection */
	return accept(lfd, NULL, NULL) < 0 ? -1 : cfd;
}

static int stdio_exec(const char *kind, const char *which, const char *mark)
{
	int fds[2], fd;
	char script[128];

	if (!strcmp(kind, "tcp")) {
		fd = tcp_pair();
	} else if (!strcmp(kind, "unix")) {
		fd = socketpair(AF_UNIX, SOCK_STREAM, 0, fds) ? -1 : fds[0];
	} else {
		fd = pipe(fds) ? -1 : fds[1];
	}
	if (fd < 0)
		return 1;
	if (!strcmp(which, "01")) {
		if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0)
			return 1;
	} else if (dup2(fd, atoi(which)) < 0) {
		return 1;
	}
	snprintf(script, sizeof(script), ": %s", mark);
	execl("/bin/sh", "sh", "-c", script, (char *)NULL);
	return 1;
}

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
	if (!strcmp(argv[1], "stdio") && argc > 4)
		return stdio_exec(argv[2], argv[3], argv[4]);
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
