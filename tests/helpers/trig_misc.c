/* trig_misc.c: performs the security-relevant and miscellaneous syscalls for
 * the probe tests and prints what it did as key=value lines on stderr (stdout
 * is shared with probe_dump's event lines, which a line of ours could split).
 *   trig_misc SCENARIO [ARGS]
 * The test starts the helper for one scenario; namespace, root and credential
 * changes happen in forked children (or in the helper), so they die with it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/* a pid that cannot exist (above any pid_max) */
#define NO_SUCH_PID 0x3fffffff

/* A child that waits to be killed, in whatever namespaces we have now. */
static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A child unshares its UTS namespace; we enter it through /proc/<pid>/ns/uts,
 * go back to ours, and try a file that is no namespace. */
static int scenario_ns(void)
{
	char path[64], c;
	struct utsname in, back;
	int ready[2], orig, nsfd, badfd, r_enter, r_back, r_bad, e_bad;
	pid_t child;

	if (pipe2(ready, O_CLOEXEC))
		return 1;
	orig = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	child = fork();
	if (child == 0) {
		int r;
		r = unshare(CLONE_NEWUTS);
		sethostname("wtftop-ns", 9);
		fprintf(stderr, "unshare=%d\n", r);
		write(ready[1], "x", 1);
		for (;;)
			pause();
	}
	if (read(ready[0], &c, 1) != 1)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", child);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	r_enter = setns(nsfd, CLONE_NEWUTS);
	uname(&in);
	r_back = setns(orig, CLONE_NEWUTS);
	uname(&back);
	badfd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	r_bad = setns(badfd, 0);
	e_bad = errno;
	fprintf(stderr, "child=%d\nnsfd=%d\nenter=%d\nhostname=%s\norigfd=%d\nback=%d\n"
		"hostname_back=%s\nbadfd=%d\nbad=%d\nbad_errno=%d\n",
		child, nsfd, r_enter, in.nodename, orig, r_back, back.nodename, badfd, r_bad, e_bad);
	reap(child);
	return 0;
}

/* a tmpfs on DIR (in a private mount namespace), unmounted twice */
static int scenario_mount(const char *dir)
{
	int r_priv, r_mount, r_umount, r_umount2, e_umount2, r_fail, e_fail;

	unshare(CLONE_NEWNS);
	r_priv = mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	r_mount = mount("wtftop", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m");
	r_umount = umount2(dir, MNT_DETACH);
	r_umount2 = umount2(dir, 0);
	e_umount2 = errno;
	r_fail = mount("wtftop", "/nonexistent-wtftop/mnt", "tmpfs", 0, NULL);
	e_fail = errno;
	fprintf(stderr, "private=%d\nmount=%d\numount=%d\numount_again=%d\numount_again_errno=%d\n"
		"mount_fail=%d\nmount_fail_errno=%d\n",
		r_priv, r_mount, r_umount, r_umount2, e_umount2, r_fail, e_fail);
	return 0;
}

static int scenario_chroot(const char *dir)
{
	pid_t child = fork();
	if (child == 0) {
		int r_fail, e_fail, r;
		r_fail = chroot("/nonexistent-wtftop");
		e_fail = errno;
		r = chroot(dir);
		fprintf(stderr, "chroot_fail=%d\nchroot_fail_errno=%d\nchroot=%d\n", r_fail, e_fail,
			r);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	fprintf(stderr, "child=%d\n", child);
	return 0;
}

/* the word the tracer peeks at in the tracee (same address after fork) */
static volatile uint64_t peek_target = 0x1122334455667788ull;

static int scenario_ptrace(void)
{
	pid_t child = spawn_sleeper();
	long r_attach, r_peek, r_detach, r_fail;
	int e_fail, status;

	r_attach = ptrace(PTRACE_ATTACH, child, NULL, NULL);
	waitpid(child, &status, 0);
	errno = 0;
	r_peek = ptrace(PTRACE_PEEKDATA, child, (void *)&peek_target, NULL);
	r_detach = ptrace(PTRACE_DETACH, child, NULL, (void *)(long)SIGCONT);
	r_fail = ptrace(PTRACE_ATTACH, NO_SUCH_PID, NULL, NULL);
	e_fail = errno;
	fprintf(stderr, "child=%d\nattach=%ld\npeek=%ld\npeek_addr=%lu\ndetach=%ld\n"
		"fail_pid=%d\nfail=%ld\nfail_errno=%d\n",
		child, r_attach, r_peek, (unsigned long)&peek_target, r_detach,
		NO_SUCH_PID, r_fail, e_fail);
	reap(child);
	return 0;
}

static int scenario_kill(void)
{
	pid_t child = spawn_sleeper();
	int r_kill, r_fail, e_fail, r_tgkill, r_tkill, status;
	pid_t tid = syscall(SYS_gettid);

	r_kill = kill(child, SIGTERM);
	waitpid(child, &status, 0);
	r_fail = kill(NO_SUCH_PID, SIGTERM);
	e_fail = errno;
	r_tgkill = syscall(SYS_tgkill, getpid(), tid, 0);
	r_tkill = syscall(SYS_tkill, tid, 0);
	fprintf(stderr, "child=%d\nkill=%d\nsignaled=%d\nfail_pid=%d\nfail=%d\nfail_errno=%d\n"
		"pid=%d\ntid=%d\ntgkill=%d\ntkill=%d\n",
		child, r_kill, WIFSIGNALED(status) ? WTERMSIG(status) : 0, NO_SUCH_PID, r_fail,
		e_fail, getpid(), tid, r_tgkill, r_tkill);
	return 0;
}

/* no-op id changes here; in a child, down to nobody, then a setuid(0) that
 * must fail */
static int scenario_creds(void)
{
	int r_resuid = setresuid(-1, -1, -1);
	int r_resgid = setresgid(-1, -1, -1);
	pid_t child;

	fprintf(stderr, "setresuid=%d\nsetresgid=%d\n", r_resuid, r_resgid);
	child = fork();
	if (child == 0) {
		int r_gid, r_uid, r_fail, e_fail;
		r_gid = setgid(65534);
		r_uid = setuid(65534);
		r_fail = setuid(0);
		e_fail = errno;
		fprintf(stderr, "setgid=%d\nsetuid=%d\nsetuid_fail=%d\nsetuid_fail_errno=%d\n", r_gid,
			r_uid, r_fail, e_fail);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	fprintf(stderr, "pid=%d\nchild=%d\n", getpid(), child);
	return 0;
}

/* A "Key:   N kB" line of /proc/self/status, read without allocating (an
 * allocation could map memory and change what is measured). */
static long status_kb(const char *key)
{
	static char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	char *p;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key) + 1, NULL, 10) : -1;
}

static int scenario_mmap(void)
{
	void *anon = mmap(NULL, 8192, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	void *file = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	void *bad = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0);
	int e_bad = errno;
	long vm_size = status_kb("VmSize:"), vm_swap = status_kb("VmSwap:");
	int r_prot = mprotect(anon, 4096, PROT_READ | PROT_WRITE);
	int r_pfail = mprotect((char *)anon + 1, 4096, PROT_READ);
	int e_pfail = errno;
	fprintf(stderr, "anon=%lu\nfd=%d\nfile=%lu\nbad=%ld\nbad_errno=%d\nmprotect=%d\n"
		"mprotect_fail=%d\nmprotect_fail_errno=%d\nvm_size=%ld\nvm_swap=%ld\n",
		(unsigned long)anon, fd, (unsigned long)file, (long)bad, e_bad, r_prot, r_pfail,
		e_pfail, vm_size, vm_swap);
	return 0;
}

/* bpf: a command that makes an fd, one that returns 0, and a bad one */
static int scenario_bpf(void)
{
	union bpf_attr attr;
	uint32_t key = 1;
	uint64_t value = 42;
	int fd, r_upd, r_bad, e_bad;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 4;
	fd = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (uintptr_t)&key;
	attr.value = (uintptr_t)&value;
	r_upd = syscall(SYS_bpf, BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr));
	r_bad = syscall(SYS_bpf, 9999, &attr, sizeof(attr));
	e_bad = errno;
	fprintf(stderr, "map_fd=%d\nupdate=%d\nbad=%d\nbad_errno=%d\n", fd, r_upd, r_bad, e_bad);
	return 0;
}

/* The anonymous-fd creators: the calls with flags (eventfd2, signalfd4,
 * inotify_init1, timerfd_create) and those without (eventfd, signalfd,
 * inotify_init, made with syscall(2): libc calls the newer ones), and some
 * failures. */
static int scenario_fds(void)
{
	sigset_t mask;
	int efd2 = eventfd(5, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE);
	int efd = syscall(SYS_eventfd, 7);
	int efd_bad = eventfd(1, 0x7fff0000);
	int e_efd_bad = errno;
	int sfd, sfd_old, sfd_bad, e_sfd_bad, tfd, ifd1, ifd1_bad, e_ifd1_bad, ifd, ufd, e_ufd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	sfd_old = syscall(SYS_signalfd, -1, &mask, 8);
	sfd_bad = signalfd(efd, &mask, 0);
	e_sfd_bad = errno;
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	ifd1 = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	ifd1_bad = inotify_init1(0x7);
	e_ifd1_bad = errno;
	ifd = syscall(SYS_inotify_init);
	errno = 0;
	ufd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	e_ufd = ufd < 0 ? errno : 0;
	fprintf(stderr, "eventfd2=%d\neventfd=%d\neventfd_bad=%d\neventfd_bad_errno=%d\n"
		"signalfd=%d\nsignalfd_old=%d\nsignalfd_bad=%d\nsignalfd_bad_errno=%d\n"
		"timerfd=%d\ninotify1=%d\ninotify1_bad=%d\ninotify1_bad_errno=%d\ninotify=%d\n"
		"userfaultfd=%d\nuserfaultfd_errno=%d\n",
		efd2, efd, efd_bad, e_efd_bad, sfd, sfd_old, sfd_bad, e_sfd_bad, tfd, ifd1, ifd1_bad,
		e_ifd1_bad, ifd, ufd, e_ufd);
	return 0;
}

/* mlock, munlock, mlockall, munlockall on a page of our own, and failures */
static int scenario_mlock(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int r_lock, r_unlock, r_all, r_unall, r_bad, e_bad, r_allbad, e_allbad;

	if (p == MAP_FAILED)
		return 1;
	r_lock = syscall(SYS_mlock, p, page);
	r_unlock = syscall(SYS_munlock, p, page);
	r_bad = syscall(SYS_mlock, (void *)4096, page); /* nothing is mapped there */
	e_bad = errno;
	r_all = syscall(SYS_mlockall, MCL_CURRENT | MCL_ONFAULT);
	r_unall = syscall(SYS_munlockall);
	r_allbad = syscall(SYS_mlockall, 0);
	e_allbad = errno;
	fprintf(stderr, "addr=%lu\npage=%ld\nmlock=%d\nmunlock=%d\nmlock_bad=%d\n"
		"mlock_bad_errno=%d\nmlockall=%d\nmunlockall=%d\nmlockall_bad=%d\n"
		"mlockall_bad_errno=%d\n",
		(unsigned long)p, page, r_lock, r_unlock, r_bad, e_bad, r_all, r_unall, r_allbad,
		e_allbad);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "ns"))
		return scenario_ns();
	if (!strcmp(argv[1], "mount") && argc > 2)
		return scenario_mount(argv[2]);
	if (!strcmp(argv[1], "chroot") && argc > 2)
		return scenario_chroot(argv[2]);
	if (!strcmp(argv[1], "ptrace"))
		return scenario_ptrace();
	if (!strcmp(argv[1], "kill"))
		return scenario_kill();
	if (!strcmp(argv[1], "creds"))
		return scenario_creds();
	if (!strcmp(argv[1], "mmap"))
		return scenario_mmap();
	if (!strcmp(argv[1], "bpf"))
		return scenario_bpf();
	if (!strcmp(argv[1], "fds"))
		return scenario_fds();
	if (!strcmp(argv[1], "mlock"))
		return scenario_mlock();
	fprintf(stderr, "trig_misc: unknown scenario %s\n", argv[1]);
	return 2;
}
