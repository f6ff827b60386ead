/* trig_proc.c: performs process syscalls for the probe tests (execve,
 * execveat, fork, vfork, clone, clone3, exit, chdir, fchdir, getrlimit,
 * setrlimit, prlimit64) and prints what
 * it did and what it knows about itself as key=value lines on stderr.
 *   trig_proc SCENARIO [ARGS] */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Facts go to stderr, line by line: stdout is shared with probe_dump's
 * event lines, whose writes do not end at line boundaries. */
#define fact(...) fprintf(stderr, __VA_ARGS__)

static char *exec_argv[] = { "/bin/true", "arg one", "", "two", NULL };
static char *exec_envp[] = { "WTF_A=1", "WTF_B=two words", NULL };

/* One line of /proc/self/status, "Key:\tvalue" -> value (static buffer). */
static const char *status_field(const char *key)
{
	static char line[256];
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");
	const char *v = "";
	if (!f)
		return v;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = line + klen + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			line[strcspn(line, "\n")] = 0;
			break;
		}
	}
	fclose(f);
	return v;
}

/* Field n (1-based) of /proc/self/stat, after the command name. */
static long long stat_field(int n)
{
	char buf[1024];
	long long v = -1;
	FILE *f = fopen("/proc/self/stat", "r");
	char *p;
	size_t len;
	if (!f)
		return -1;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = 0;
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	p += 2; /* field 3 starts here */
	for (int i = 3; i <= n && p; i++) {
		if (i == n)
			v = strtoll(p, NULL, 10);
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return v;
}

/* What the probe reports about a process, from the process's own view. */
static void print_self(const char *prefix)
{
	char cwd[PATH_MAX], exe[PATH_MAX], buf[256];
	struct rlimit rl;
	ssize_t n;
	FILE *f;

	fact("%stid=%ld\n", prefix, (long)syscall(SYS_gettid));
	fact("%spid=%d\n", prefix, getpid());
	fact("%sppid=%d\n", prefix, getppid());
	fact("%spgid=%d\n", prefix, getpgid(0));
	fact("%suid=%u\n%sgid=%u\n", prefix, geteuid(), prefix, getegid());
	if (getcwd(cwd, sizeof(cwd)))
		fact("%scwd=%s\n", prefix, cwd);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		fact("%sexe=%s\n", prefix, exe);
	}
	getrlimit(RLIMIT_NOFILE, &rl);
	fact("%sfdlimit=%llu\n", prefix, (unsigned long long)rl.rlim_cur);
	fact("%stty=%lld\n", prefix, stat_field(7));
	fact("%sminflt=%lld\n%smajflt=%lld\n", prefix, stat_field(10), prefix, stat_field(12));
	fact("%sstarttime=%lld\n", prefix, stat_field(22));
	fact("%sVmSize=%s\n", prefix, status_field("VmSize"));
	fact("%sVmRSS=%s\n", prefix, status_field("VmRSS"));
	fact("%sCapInh=%s\n", prefix, status_field("CapInh"));
	fact("%sCapPrm=%s\n", prefix, status_field("CapPrm"));
	fact("%sCapEff=%s\n", prefix, status_field("CapEff"));
	f = fopen("/proc/self/loginuid", "r");
	if (f && fgets(buf, sizeof(buf), f))
		fact("%sloginuid=%s\n", prefix, buf);
	if (f)
		fclose(f);
	f = fopen("/proc/self/cgroup", "r");
	while (f && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = 0;
		fact("%scgroup=%s\n", prefix, buf);
	}
	if (f)
		fclose(f);
	fflush(stderr);
}

/* execve of a known program with known arguments and environment, from DIR */
static int scenario_exec(const char *dir)
{
	if (dir && chdir(dir))
		return 1;
	print_self("");
	execve("/bin/true", exec_argv, exec_envp);
	fact("errno=%d\n", errno);
	return 1;
}

/* execve with an argument and an environment variable longer than an event
 * keeps (4096 bytes each), from DIR, of PATH (default /bin/true) */
static int scenario_exec_big(const char *dir, const char *path)
{
	static char arg[6001], var[6001];
	char *argv[] = { "/bin/true", "small", arg, NULL };
	char *envp[] = { "A=1", var, NULL };

	memset(arg, 'x', sizeof(arg) - 1);
	memset(var, 'y', sizeof(var) - 1);
	memcpy(var, "BIG=", 4);
	if (chdir(dir))
		return 1;
	print_self("");
	execve(path ? path : "/bin/true", argv, envp);
	fact("errno=%d\n", errno);
	return 0;
}

/* execve of PATH, with no arguments but its name and an empty environment */
static int scenario_exec_path(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	char *envp[] = { NULL };

	print_self("");
	execve(path, argv, envp);
	fact("errno=%d\n", errno);
	return 1;
}

/* fexecve of a copy of /usr/bin/true in a memfd (execveat with AT_EMPTY_PATH) */
static int scenario_exec_memfd(void)
{
	char buf[65536];
	int in = open("/usr/bin/true", O_RDONLY);
	int fd = memfd_create("wtf-memfd", 0);
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			return 1;
	close(in);
	fact("memfd=%d\n", fd);
	print_self("");
	syscall(SYS_execveat, fd, "", exec_argv, exec_envp, AT_EMPTY_PATH);
	fact("errno=%d\n", errno);
	return 1;
}

static int scenario_exec_fail(void)
{
	char *argv[] = { "prog-argv0", "a1", "a 2", NULL };
	char *envp[] = { "E=1", NULL };
	int r;

	print_self("");
	r = execve("/nonexistent-wtftop/prog", argv, envp);
	fact("res=%d\nerrno=%d\n", r, errno);
	return 0;
}

/* execveat relative to a directory fd: success, or ENOENT */
static int scenario_execveat(int fail)
{
	int dirfd = open("/usr/bin", O_PATH | O_DIRECTORY);
	long r;

	fact("dirfd=%d\n", dirfd);
	print_self("");
	r = syscall(SYS_execveat, dirfd, fail ? "nonexistent-wtftop" : "true", exec_argv,
		    exec_envp, 0);
	fact("res=%ld\nerrno=%d\n", r, errno);
	return fail ? 0 : 1;
}

static void wait_child(pid_t pid, const char *what)
{
	int status = 0;
	waitpid(pid, &status, __WALL);
	fact("%s_status=%d\n", what, status);
}

static int scenario_fork(void)
{
	long child;

	print_self("");
	child = syscall(SYS_fork);
	if (child == 0)
		_exit(0);
	fact("child=%ld\n", child);
	wait_child(child, "child");
	return 0;
}

static int scenario_vfork(void)
{
	pid_t child;

	print_self("");
	child = vfork();
	if (child == 0)
		_exit(0);
	fact("child=%d\n", child);
	wait_child(child, "child");
	return 0;
}

/* A thread made by the clone syscall itself (glibc's clone wrapper). */
static volatile pid_t clone_tid;

static int thread_fn(void *arg)
{
	return 0;
}

static int scenario_clone_thread(void)
{
	const size_t stack_size = 256 * 1024;
	char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	pid_t ptid = 0;
	int r;

	print_self("");
	r = clone(thread_fn, stack + stack_size, flags, NULL, &ptid, NULL, &clone_tid);
	fact("clone_res=%d\nthread=%d\n", r, ptid);
	fact("flags=%d\n", flags);
	/* CLONE_CHILD_CLEARTID: the kernel zeroes clone_tid and wakes us at its exit */
	while (clone_tid != 0)
		syscall(SYS_futex, &clone_tid, FUTEX_WAIT, clone_tid, NULL, NULL, 0);
	return 0;
}

/* pthread_create: glibc makes its threads with clone3 */
static volatile pid_t pthread_tid;

static void *pthread_fn(void *arg)
{
	pthread_tid = syscall(SYS_gettid);
	return NULL;
}

static int scenario_clone3_thread(void)
{
	pthread_t th;

	print_self("");
	pthread_create(&th, NULL, pthread_fn, NULL);
	pthread_join(th, NULL);
	fact("thread=%d\n", pthread_tid);
	return 0;
}

/* clone3 used as fork */
static int scenario_clone3_fork(void)
{
	struct clone_args args;
	long child;

	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;
	print_self("");
	child = syscall(SYS_clone3, &args, sizeof(args));
	if (child == 0)
		_exit(0);
	fact("child=%ld\n", child);
	wait_child(child, "child");
	return 0;
}

/* Children that exit with status 3, and that are killed by SIGKILL; one
 * that leaves a grandchild behind, whose reaper is this process (a child
 * subreaper). */
static int scenario_exits(void)
{
	pid_t a, b, c;
	int pfd[2];

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	print_self("");
	a = fork();
	if (a == 0)
		_exit(3);
	fact("exit3=%d\n", a);
	wait_child(a, "exit3");

	b = fork();
	if (b == 0) {
		for (;;)
			pause();
	}
	fact("killed=%d\n", b);
	kill(b, SIGKILL);
	wait_child(b, "killed");

	/* c forks a grandchild and exits first: the grandchild is reparented */
	if (pipe(pfd))
		return 1;
	c = fork();
	if (c == 0) {
		pid_t g = fork();
		if (g == 0) {
			char x;
			close(pfd[1]);
			read(pfd[0], &x, 1); /* until the test process closes the pipe */
			_exit(0);
		}
		fact("grandchild=%d\n", g);
		fflush(stderr);
		_exit(0);
	}
	fact("orphaner=%d\n", c);
	wait_child(c, "orphaner");
	close(pfd[0]);
	close(pfd[1]);
	/* the grandchild is now our child: collect it */
	while (waitpid(-1, NULL, __WALL) > 0)
		;
	return 0;
}

static int scenario_chdir(const char *dir)
{
	int fd, r;

	r = chdir(dir);
	fact("chdir_ok=%d\n", r);
	r = chdir("/nonexistent-wtftop/dir");
	fact("chdir_fail=%d\nchdir_errno=%d\n", r, errno);
	fd = open("/", O_RDONLY | O_DIRECTORY);
	fact("fd=%d\n", fd);
	r = fchdir(fd);
	fact("fchdir_ok=%d\n", r);
	r = fchdir(9999);
	fact("fchdir_fail=%d\nfchdir_errno=%d\n", r, errno);
	return 0;
}

/* The limit calls, through syscall() so that each is the one named: the fd
 * limit read, lowered, lowered again by pid with prlimit64, reads of limits
 * without a new one (RLIMIT_FSIZE is unlimited), and failures. */
static int scenario_rlimit(void)
{
	struct rlimit r, lowered, old;
	long rc;

	fact("pid=%d\n", getpid());
	rc = syscall(SYS_getrlimit, RLIMIT_NOFILE, &r);
	fact("get_rc=%ld\nnofile_cur=%lu\nnofile_max=%lu\n", rc, (unsigned long)r.rlim_cur,
	     (unsigned long)r.rlim_max);
	lowered.rlim_cur = 300;
	lowered.rlim_max = r.rlim_max;
	rc = syscall(SYS_setrlimit, RLIMIT_NOFILE, &lowered);
	fact("set_rc=%ld\n", rc);
	lowered.rlim_cur = r.rlim_max + 1; /* soft above hard: EINVAL */
	rc = syscall(SYS_setrlimit, RLIMIT_NOFILE, &lowered);
	fact("set_fail_rc=%ld\nset_fail_errno=%d\n", rc, errno);
	lowered.rlim_cur = 200;
	rc = syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, &lowered, &old);
	fact("prlimit_rc=%ld\nprlimit_oldcur=%lu\n", rc, (unsigned long)old.rlim_cur);
	rc = syscall(SYS_prlimit64, 0, RLIMIT_FSIZE, NULL, &old);
	fact("fsize_rc=%ld\nfsize_infinite=%d\n", rc, old.rlim_cur == RLIM_INFINITY);
	rc = syscall(SYS_prlimit64, 0, 99, NULL, &old);
	fact("bad_resource_rc=%ld\nbad_resource_errno=%d\n", rc, errno);
	rc = syscall(SYS_getrlimit, RLIMIT_NOFILE, (void *)8);
	fact("get_fault_rc=%ld\nget_fault_errno=%d\n", rc, errno);
	return 0;
}

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : "";
	cpu_set_t cpus;

	setvbuf(stderr, NULL, _IOLBF, BUFSIZ);
	/* One CPU for this process and its children: their events then share one
	 * ring buffer, in order, and a parent's fork returns (naming the child)
	 * before the child runs, so probe_dump knows whom to follow. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (!strcmp(s, "exec"))
		return scenario_exec(argc > 2 ? argv[2] : NULL);
	if (!strcmp(s, "exec_big") && argc > 2)
		return scenario_exec_big(argv[2], argc > 3 ? argv[3] : NULL);
	if (!strcmp(s, "exec_path") && argc > 2)
		return scenario_exec_path(argv[2]);
	if (!strcmp(s, "exec_memfd"))
		return scenario_exec_memfd();
	if (!strcmp(s, "exec_fail"))
		return scenario_exec_fail();
	if (!strcmp(s, "execveat"))
		return scenario_execveat(0);
	if (!strcmp(s, "execveat_fail"))
		return scenario_execveat(1);
	if (!strcmp(s, "fork"))
		return scenario_fork();
	if (!strcmp(s, "vfork"))
		return scenario_vfork();
	if (!strcmp(s, "clone_thread"))
		return scenario_clone_thread();
	if (!strcmp(s, "clone3_thread"))
		return scenario_clone3_thread();
	if (!strcmp(s, "clone3_fork"))
		return scenario_clone3_fork();
	if (!strcmp(s, "exits"))
		return scenario_exits();
	if (!strcmp(s, "rlimit"))
		return scenario_rlimit();
	if (!strcmp(s, "chdir"))
		return scenario_chdir(argc > 2 ? argv[2] : "/tmp");
	fprintf(stderr, "trig_proc: unknown scenario %s\n", s);
	return 2;
}
