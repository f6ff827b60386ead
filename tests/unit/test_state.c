/* test_state.c: the state layer. First the initial scan against the real
 * /proc (this very process, its threads and its fds of every kind), then the
 * tables kept right by events built here in the scap layout and decoded by
 * evt_decode, as the live probe and capture files deliver them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "event/decode.h"
#include "state/state.h"

/* ---- building events ---------------------------------------------------- */

enum vkind { V_INT, V_STR, V_BYTES };

struct pval {
	const char *name;
	enum vkind kind;
	int64_t i;
	const void *b;
	size_t n;
};

#define I(nm, v) { (nm), V_INT, (int64_t)(v), NULL, 0 }
#define S(nm, v) { (nm), V_STR, 0, (v), 0 }
#define B(nm, p, len) { (nm), V_BYTES, 0, (p), (len) }

struct built {
	uint8_t buf[8192];
	struct evt e;
};

static size_t int_size(enum param_type t)
{
	switch (t) {
	case PT_INT8: case PT_UINT8: case PT_SIGTYPE: case PT_L4PROTO: case PT_SOCKFAMILY:
	case PT_FLAGS8: case PT_ENUMFLAGS8:
		return 1;
	case PT_INT16: case PT_UINT16: case PT_PORT: case PT_SYSCALLID: case PT_FLAGS16:
	case PT_ENUMFLAGS16:
		return 2;
	case PT_INT32: case PT_UINT32: case PT_BOOL: case PT_UID: case PT_GID: case PT_FLAGS32:
	case PT_ENUMFLAGS32: case PT_MODE: case PT_SIGSET: case PT_IPV4ADDR:
		return 4;
	case PT_INT64: case PT_UINT64: case PT_ERRNO: case PT_FD: case PT_PID: case PT_RELTIME:
	case PT_ABSTIME:
		return 8;
	default:
		return 0;
	}
}

/* Encodes an event of `type` for `tid` with the given values, each placed at
 * the index the event table gives its name; the others are left empty. With
 * max_params >= 0, only that many parameters are written (an old capture's
 * shorter exit event). */
static struct evt *build_n(struct built *bt, uint16_t type, int64_t tid, uint64_t ts,
			   const struct pval *v, size_t nv, int max_params)
{
	const struct event_info *info = &event_table[type];
	int np = info->nparams;
	struct wtf_evt_hdr h = { 0 };
	size_t pos;

	if (max_params >= 0 && max_params < np)
		np = max_params;
	pos = WTF_EVT_HDR_SIZE + 2 * np;
	for (int i = 0; i < np; i++) {
		const struct param_info *pi = &info->params[i];
		uint16_t len = 0;
		for (size_t k = 0; k < nv; k++) {
			if (strcmp(v[k].name, pi->name) != 0)
				continue;
			if (v[k].kind == V_INT) {
				len = int_size(pi->type);
				assert_true(len > 0);
				memcpy(bt->buf + pos, &v[k].i, len); /* little endian */
			} else if (v[k].kind == V_STR) {
				len = strlen(v[k].b) + 1;
				memcpy(bt->buf + pos, v[k].b, len);
			} else {
				len = v[k].n;
				memcpy(bt->buf + pos, v[k].b, len);
			}
			break;
		}
		memcpy(bt->buf + WTF_EVT_HDR_SIZE + 2 * i, &len, 2);
		pos += len;
		assert_true(pos < sizeof(bt->buf));
	}
	h.ts = ts;
	h.tid = (uint64_t)tid;
	h.len = pos;
	h.type = type;
	h.nparams = np;
	memcpy(bt->buf, &h, WTF_EVT_HDR_SIZE);
	assert_int_equal(evt_decode(&bt->e, (const struct wtf_evt_hdr *)bt->buf, pos), 0);
	return &bt->e;
}

#define BUILD(bt, type, tid, ts, ...)                                               \
	({                                                                          \
		struct pval vals_[] = { __VA_ARGS__ };                              \
		build_n((bt), (type), (tid), (ts), vals_, sizeof(vals_) / sizeof(vals_[0]), -1); \
	})

/* Runs one event through the state as the pipeline does: on_event, the
 * consumers (the caller's checks), after_event. */
static struct evt *feed(struct state *st, struct evt *e)
{
	state_on_event(st, e);
	return e;
}

static size_t tuple4(uint8_t *b, const char *cip, uint16_t cport, const char *sip, uint16_t sport)
{
	b[0] = PPM_AF_INET;
	inet_pton(AF_INET, cip, b + 1);
	memcpy(b + 5, &cport, 2);
	inet_pton(AF_INET, sip, b + 7);
	memcpy(b + 11, &sport, 2);
	return 13;
}

static size_t tuple6(uint8_t *b, const char *cip, uint16_t cport, const char *sip, uint16_t sport)
{
	b[0] = PPM_AF_INET6;
	inet_pton(AF_INET6, cip, b + 1);
	memcpy(b + 17, &cport, 2);
	inet_pton(AF_INET6, sip, b + 19);
	memcpy(b + 35, &sport, 2);
	return 37;
}

static struct state *offline_state(uint32_t max_threads)
{
	struct state_opts o = { .offline = true, .max_threads = max_threads };
	struct state *st = state_new(&o);
	assert_non_null(st);
	return st;
}

/* A process with a cwd and a few files, as a capture's process list gives it. */
static struct thread *add_proc(struct state *st, int64_t pid, const char *comm, const char *cwd)
{
	struct thread *t = state_thread_add(st, pid);
	assert_non_null(t);
	t->pid = pid;
	t->ptid = 1;
	t->vtid = pid;
	t->vpid = pid;
	strcpy(t->comm, comm);
	assert_int_equal(state_set_str(&t->exe, comm, strlen(comm)), 0);
	assert_int_equal(state_set_str(&t->cwd, cwd, strlen(cwd)), 0);
	t->flags &= ~THREAD_F_INCOMPLETE;
	return t;
}

static struct fd_info *add_file(struct state *st, struct thread *t, int64_t fd, const char *name,
				uint32_t flags)
{
	struct fd_info *f = state_fd_add(st, t, fd);
	assert_non_null(f);
	f->type = FDT_FILE;
	f->flags = flags;
	assert_int_equal(fd_set_name(f, name, strlen(name)), 0);
	return f;
}

/* ---- the scan of the real /proc -------------------------------------------- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int thread_state; /* 1 running, 2 told to stop */
static pid_t helper_tid;

static void *helper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	helper_tid = (pid_t)syscall(SYS_gettid);
	thread_state = 1;
	pthread_cond_broadcast(&cv);
	while (thread_state != 2)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return NULL;
}

static void test_scan_proc(void **unused)
{
	char dir[] = "/tmp/wtf_state_XXXXXX", file[PATH_MAX], sock_path[PATH_MAX], cwd[PATH_MAX];
	char expect[PATH_MAX + 64], exe[PATH_MAX];
	int fd_file, fd_dir, pfd[2], lfd, ufd, cfd, afd, pidfd;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct sockaddr_un su = { .sun_family = AF_UNIX };
	socklen_t sl = sizeof(sa);
	struct stat sb;
	uint16_t lport, cport;
	pthread_t th;
	struct state *st;
	struct thread *me, *other;
	struct fd_info *f;
	ssize_t n;

	(void)unused;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/data.txt", dir);
	snprintf(sock_path, sizeof(sock_path), "%s/sock", dir);
	fd_file = open(file, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	assert_true(fd_file >= 0);
	fd_dir = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd_dir >= 0);
	assert_int_equal(pipe(pfd), 0);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 4), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &sl), 0);
	lport = ntohs(sa.sin_port);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	afd = accept(lfd, NULL, NULL);
	assert_true(afd >= 0);
	sl = sizeof(sa);
	assert_int_equal(getsockname(cfd, (struct sockaddr *)&sa, &sl), 0);
	cport = ntohs(sa.sin_port);
	ufd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(su.sun_path, sock_path);
	assert_int_equal(bind(ufd, (struct sockaddr *)&su, sizeof(su)), 0);
	assert_int_equal(listen(ufd, 1), 0);
	pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	assert_true(pidfd >= 0);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(n > 0);
	exe[n] = '\0';

	pthread_create(&th, NULL, helper, NULL);
	pthread_mutex_lock(&mu);
	while (thread_state != 1)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);

	st = state_new(NULL);
	assert_non_null(st);
	assert_int_equal(state_scan_proc(st, "/proc"), 0);
	assert_true(state_thread_count(st) > 5);

	me = state_thread(st, getpid());
	assert_non_null(me);
	assert_int_equal(me->tid, getpid());
	assert_int_equal(me->pid, getpid());
	assert_int_equal(me->ptid, getppid());
	{
		char comm[16];
		snprintf(comm, sizeof(comm), "%s", program_invocation_short_name);
		assert_string_equal(me->comm, comm);
	}
	assert_string_equal(me->exepath, exe);
	assert_true(strstr(me->exe, "test_state") != NULL);
	snprintf(expect, sizeof(expect), "%s/", cwd);
	assert_string_equal(me->cwd, expect);
	assert_string_equal(state_thread_cwd(st, me), expect);
	assert_int_equal(me->uid, getuid());
	assert_int_equal(me->euid, geteuid());
	assert_int_equal(me->gid, getgid());
	assert_int_equal(me->vtid, getpid()); /* this test runs in the host pid namespace */
	assert_true(me->flags & THREAD_F_FROM_PROC);
	assert_true(me->start_ts > 1600000000ull * 1000000000ull);
	assert_true(me->vmrss_kb > 0);
	{
		struct rlimit rl;
		assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
		assert_int_equal(me->fdlimit, (int64_t)rl.rlim_cur);
	}
	assert_true(me->ns_net != 0 && me->ns_pid != 0);
	assert_true(me->cgroups_len > 0);
	assert_non_null(strchr(me->cgroups, '='));
	assert_int_equal(stat("/proc/self/ns/net", &sb), 0);
	assert_int_equal(me->ns_net, sb.st_ino);
	assert_ptr_equal(state_main_thread(st, me), me);
	assert_non_null(state_parent(st, me));
	assert_int_equal(state_parent(st, me)->pid, getppid());

	/* the helper thread: same process, same fd table */
	other = state_thread(st, helper_tid);
	assert_non_null(other);
	assert_int_equal(other->pid, getpid());
	assert_ptr_equal(other->fds, me->fds);
	assert_ptr_equal(state_main_thread(st, other), me);
	assert_int_equal(state_process_threads(st, other), 2);

	f = fdtable_lookup(me->fds, fd_file);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_FILE);
	assert_string_equal(f->name, file);
	assert_true(f->flags & PPM_O_CLOEXEC);
	assert_true((f->flags & PPM_O_RDWR) == PPM_O_RDWR);
	assert_int_equal(fd_type_char(f->type), 'f');
	assert_string_equal(fd_type_name(f->type), "file");

	f = fdtable_lookup(me->fds, fd_dir);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_DIRECTORY);
	assert_string_equal(f->name, dir);
	assert_false(f->flags & PPM_O_CLOEXEC);

	assert_int_equal(fstat(pfd[0], &sb), 0);
	f = fdtable_lookup(me->fds, pfd[0]);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_PIPE);
	assert_int_equal(f->ino, sb.st_ino);
	snprintf(expect, sizeof(expect), "pipe:[%llu]", (unsigned long long)sb.st_ino);
	assert_string_equal(f->name, expect);
	assert_int_equal(fd_type_char(f->type), 'p');
	f = fdtable_lookup(me->fds, pfd[1]);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_PIPE);

	f = fdtable_lookup(me->fds, lfd);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_IPV4_SOCK);
	snprintf(expect, sizeof(expect), "127.0.0.1:%u", lport);
	assert_string_equal(f->name, expect);
	assert_int_equal(f->role, FD_ROLE_SERVER);
	assert_int_equal(f->tuple.l4proto, 6);
	assert_int_equal(f->tuple.sport, lport);

	snprintf(expect, sizeof(expect), "127.0.0.1:%u->127.0.0.1:%u", cport, lport);
	f = fdtable_lookup(me->fds, cfd);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_IPV4_SOCK);
	assert_string_equal(f->name, expect);
	assert_int_equal(f->role, FD_ROLE_CLIENT);
	f = fdtable_lookup(me->fds, afd);
	assert_non_null(f);
	assert_string_equal(f->name, expect); /* client -> server on both ends */
	assert_int_equal(f->role, FD_ROLE_SERVER);

	f = fdtable_lookup(me->fds, ufd);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_UNIX_SOCK);
	assert_string_equal(f->name, sock_path);
	assert_int_equal(fd_type_char(f->type), 'u');
	assert_true(f->tuple.unix_src != 0);

	/* a pidfd (on this very process): pidfd_getfd through it copies our fd */
	f = fdtable_lookup(me->fds, pidfd);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_PIDFD);
	assert_int_equal(fd_type_char(f->type), 'P');
	{
		struct built bt;
		struct evt *e = BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, getpid(), 1, I("fd", 900),
				      I("pid_fd", pidfd), I("target_fd", fd_file), I("flags", 0));
		state_on_event(st, e);
		assert_int_equal(e->fdnum, 900);
		assert_non_null(e->fd);
		assert_int_equal(e->fd->fd, 900);
		assert_int_equal(e->fd->type, FDT_FILE);
		assert_string_equal(e->fd->name, file);
		assert_true(e->fd->flags & PPM_O_CLOEXEC);
		state_after_event(st, e);
	}

	/* users and groups */
	assert_non_null(state_user(st, 0));
	assert_string_equal(state_user(st, 0)->name, "root");
	assert_string_equal(state_user(st, 0)->home, "/root");
	assert_non_null(state_group(st, 0));
	assert_string_equal(state_group(st, 0)->name, "root");
	assert_null(state_user(st, 3999999999u));

	/* usage refresh */
	{
		uint64_t before = me->cpu_user_ticks + me->cpu_sys_ticks;
		volatile uint64_t x = 0;
		for (uint64_t i = 0; i < 200000000ull; i++)
			x += i;
		state_refresh_usage(st, "/proc");
		assert_ptr_equal(state_thread(st, getpid()), me);
		assert_true(me->cpu_user_ticks + me->cpu_sys_ticks > before);
		assert_true(me->vmrss_kb > 0);
		assert_int_equal(other->vmrss_kb, me->vmrss_kb);
	}

	/* a tid first seen in an event, while /proc has it */
	{
		struct built bt;
		struct state *st2 = state_new(NULL);
		struct evt *e;
		assert_non_null(st2);
		e = BUILD(&bt, PPME_SYSCALL_READ_X, helper_tid, 1, I("res", 0), I("fd", fd_file));
		state_on_event(st2, e);
		assert_non_null(e->thread);
		assert_int_equal(e->thread->tid, helper_tid);
		assert_int_equal(e->thread->pid, getpid());
		assert_false(e->thread->flags & THREAD_F_INCOMPLETE);
		assert_non_null(e->fd);
		assert_string_equal(e->fd->name, file);
		assert_non_null(state_thread(st2, getpid()));
		state_after_event(st2, e);
		state_free(st2);
	}

	state_free(st);
	pthread_mutex_lock(&mu);
	thread_state = 2;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(th, NULL);
	close(fd_file);
	close(fd_dir);
	close(pfd[0]);
	close(pfd[1]);
	close(lfd);
	close(cfd);
	close(afd);
	close(ufd);
	close(pidfd);
	unlink(file);
	unlink(sock_path);
	rmdir(dir);
}

/* The fixture /proc: found through WTF_ROOT (run_all.sh), the working
 * directory, or the binary's place in an in-tree build directory. */
static bool fixture_proc(char *root, size_t cap)
{
	const char *base = getenv("WTF_ROOT");
	struct stat sb;

	snprintf(root, cap, "%s/tests/unit/fixtures/proc", base ? base : ".");
	if (stat(root, &sb) != 0) {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		char *slash;
		exe[n > 0 ? n : 0] = '\0';
		for (int up = 0; up < 3 && (slash = strrchr(exe, '/')); up++)
			*slash = '\0';
		snprintf(root, cap, "%s/tests/unit/fixtures/proc", exe);
	}
	return stat(root, &sb) == 0;
}

/* What both scans of the fixture read for nginx's main thread: the fields
 * of a process table (ids, user, CPU, memory, command line, container). */
static struct thread *check_fixture_table_fields(struct state *st)
{
	struct thread *t = state_thread(st, 4242);

	assert_non_null(t);
	assert_string_equal(t->comm, "nginx");
	assert_int_equal(t->pid, 4242);
	assert_int_equal(t->ptid, 4200);
	assert_int_equal(t->uid, 101);
	assert_int_equal(t->cpu_user_ticks, 120);
	assert_int_equal(t->vmrss_kb, 3000);
	assert_string_equal(t->exe, "nginx");
	assert_int_equal(t->args_len, sizeof("-g\0daemon off;"));
	assert_memory_equal(t->args, "-g\0daemon off;", sizeof("-g\0daemon off;"));
	assert_non_null(t->cgroups);
	assert_non_null(strstr(t->cgroups, "=/system.slice/docker-abc123.scope"));
	return t;
}

/* The UI's first look (light scan) reads what its process table shows,
 * ids, CPU and memory, command line and cgroups (the container), and leaves
 * the rest (threads, fds, namespaces, exe, cwd, limits) to the full scan. */
static void test_light_scan_fixture(void **unused)
{
	char root[PATH_MAX + 64];
	struct state *st;
	struct thread *t;
	(void)unused;

	if (!fixture_proc(root, sizeof(root)))
		skip();
	st = state_new(&(struct state_opts){ .light_scan = true });
	assert_int_equal(state_scan_proc(st, root), 0);
	assert_int_equal(state_thread_count(st), 1); /* not the worker thread */
	t = check_fixture_table_fields(st);
	assert_true(!t->exepath || !*t->exepath);
	assert_true(!t->cwd || !*t->cwd);
	assert_int_equal(t->ns_net, 0);
	assert_int_equal(fdtable_count(t->fds), 0);
	state_free(st);
}

/* A containerised process in a fixture /proc: namespaced ids, cgroup v2,
 * sockets of every family resolved through its own net tables. */
static void test_scan_fixture(void **unused)
{
	char root[PATH_MAX + 64];
	struct state *st;
	struct thread *t, *w;
	struct fd_info *f;
	(void)unused;

	if (!fixture_proc(root, sizeof(root)))
		skip();
	{
		struct state_opts o = { .capture_env = true };
		st = state_new(&o);
	}
	assert_int_equal(state_scan_proc(st, root), 0);
	assert_int_equal(state_thread_count(st), 2);
	t = check_fixture_table_fields(st);
	assert_int_equal(t->vtid, 1);
	assert_int_equal(t->vpid, 1);
	assert_int_equal(t->egid, 102);
	assert_int_equal(t->sid, 4242);
	assert_int_equal(t->pgid, 4242);
	assert_int_equal(t->tty, 34816);
	assert_int_equal(t->pfminor, 1500);
	assert_int_equal(t->pfmajor, 7);
	assert_int_equal(t->cpu_sys_ticks, 30);
	assert_int_equal(t->vmsize_kb, 9000);
	assert_int_equal(t->vmswap_kb, 12);
	assert_int_equal(t->fdlimit, 1536); /* the soft limit */
	assert_int_equal(t->cap_effective, 0xa80425fbull);
	assert_int_equal(t->loginuid, UINT32_MAX);
	assert_int_equal(t->ns_net, 4026532999ull);
	assert_int_equal(t->ns_pid, 4026532998ull);
	assert_string_equal(t->exepath, "/usr/sbin/nginx");
	assert_string_equal(t->cwd, "/srv/www/");
	assert_int_equal(t->env_len, sizeof("PATH=/usr/bin\0HOME=/root"));
	assert_true(t->start_ts > 0);

	w = state_thread(st, 4243);
	assert_non_null(w);
	assert_string_equal(w->comm, "nginx worker");
	assert_int_equal(w->vtid, 2);
	assert_int_equal(w->vpid, 1);
	assert_ptr_equal(w->fds, t->fds);
	assert_string_equal(w->exepath, "/usr/sbin/nginx");
	assert_int_equal(w->fdlimit, 1536);

	assert_int_equal(fdtable_count(t->fds), 10);
	f = fdtable_lookup(t->fds, 0);
	assert_int_equal(f->type, FDT_FILE);
	assert_string_equal(f->name, "/dev/null");
	assert_true((f->flags & PPM_O_RDWR) == PPM_O_RDWR);
	assert_true(f->flags & PPM_O_LARGEFILE);
	f = fdtable_lookup(t->fds, 3);
	assert_int_equal(f->type, FDT_IPV6_SOCK);
	assert_string_equal(f->name, ":::80");
	assert_int_equal(f->role, FD_ROLE_SERVER);
	assert_true(f->flags & PPM_O_CLOEXEC);
	assert_int_equal(f->ino, 1001);
	f = fdtable_lookup(t->fds, 4);
	assert_int_equal(f->type, FDT_IPV4_SOCK);
	assert_string_equal(f->name, "10.0.0.9:5555->10.0.0.5:80"); /* accepted: peer first */
	assert_int_equal(f->role, FD_ROLE_SERVER);
	assert_int_equal(f->tuple.l4proto, 6);
	f = fdtable_lookup(t->fds, 5);
	assert_int_equal(f->type, FDT_UNIX_SOCK);
	assert_string_equal(f->name, "@/tmp/.X11-unix/X0");
	assert_int_equal(f->tuple.unix_src, 0xffff9a0c12345600ull);
	f = fdtable_lookup(t->fds, 6);
	assert_int_equal(f->type, FDT_EVENTPOLL);
	assert_string_equal(f->name, "anon_inode:[eventpoll]");
	f = fdtable_lookup(t->fds, 7);
	assert_int_equal(f->type, FDT_PIPE);
	assert_string_equal(f->name, "pipe:[555]");
	assert_int_equal(f->ino, 555);
	f = fdtable_lookup(t->fds, 8);
	assert_int_equal(f->type, FDT_IPV4_SOCK);
	assert_string_equal(f->name, "0.0.0.0:53");
	assert_int_equal(f->tuple.l4proto, 17);
	f = fdtable_lookup(t->fds, 9);
	assert_int_equal(f->type, FDT_IPV4_SOCK); /* IPv4-mapped ends */
	assert_string_equal(f->name, "127.0.0.1:35556->127.0.0.2:53");
	assert_int_equal(f->role, FD_ROLE_CLIENT);
	f = fdtable_lookup(t->fds, 10);
	assert_int_equal(f->type, FDT_DIRECTORY);
	assert_true(f->flags & PPM_O_DIRECTORY);
	f = fdtable_lookup(t->fds, 11); /* a loaded BTF object: a bpf fd, as BPF_BTF_LOAD's */
	assert_int_equal(f->type, FDT_BPF);
	assert_string_equal(f->name, "anon_inode:btf");
	state_free(st);
}

/* fds that /proc names without a type: sockets that no /proc/net table
 * lists (neither bound nor connected), a namespace; and the copy of an fd
 * the tables never had, which /proc tells live. */
static void test_scan_unlisted_fds(void **unused)
{
	int tcp = socket(AF_INET, SOCK_STREAM, 0), udp6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int nl = socket(AF_NETLINK, SOCK_RAW, 0), ns = open("/proc/self/ns/net", O_RDONLY);
	int late, copy;
	struct state *st;
	struct thread *me;
	struct fd_info *f;
	struct built bt;
	struct evt *e;
	(void)unused;

	assert_true(tcp >= 0 && udp6 >= 0 && nl >= 0 && ns >= 0);
	st = state_new(NULL);
	assert_non_null(st);
	assert_int_equal(state_scan_proc(st, "/proc"), 0);
	me = state_thread(st, getpid());
	assert_non_null(me);
	f = fdtable_lookup(me->fds, tcp);
	assert_non_null(f);
	assert_int_equal(f->type, FDT_IPV4_SOCK);
	assert_int_equal(f->tuple.l4proto, 6);
	assert_string_equal(f->name, ""); /* as socket() leaves it in events */
	f = fdtable_lookup(me->fds, udp6);
	assert_int_equal(f->type, FDT_IPV6_SOCK);
	assert_int_equal(f->tuple.l4proto, 17);
	assert_int_equal(fdtable_lookup(me->fds, nl)->type, FDT_NETLINK);
	f = fdtable_lookup(me->fds, ns);
	assert_int_equal(f->type, FDT_FILE); /* a regular inode, as sysdig has it */
	assert_true(strncmp(f->name, "net:[", 5) == 0);

	/* opened after the scan, then duplicated: the dup names an fd the
	 * tables lack, and the copy is read from /proc (numbers above any the
	 * scan saw: it saw its own directory fds too) */
	late = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(dup2(late, 700), 700);
	close(late);
	late = 700;
	copy = dup2(late, 701);
	assert_int_equal(copy, 701);
	assert_null(fdtable_lookup(me->fds, late));
	e = BUILD(&bt, PPME_SYSCALL_DUP_1_X, getpid(), 1, I("res", copy), I("oldfd", late));
	state_on_event(st, e);
	assert_non_null(e->fd);
	assert_int_equal(e->fd->fd, copy);
	assert_int_equal(e->fd->type, FDT_IPV4_SOCK);
	assert_false(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	state_free(st);
	close(tcp);
	close(udp6);
	close(nl);
	close(ns);
	close(late);
	close(copy);
}

/* ---- events ------------------------------------------------------------------ */

static void test_fork_copies_fds(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 1000, "bash", "/home/u/"), *c;
	struct built bt;
	struct evt *e;
	(void)unused;

	add_file(st, p, 3, "/etc/passwd", PPM_O_RDONLY);
	p->euid = p->uid = 1000;
	p->loginuid = 1000;
	p->fdlimit = 1024;

	/* the parent's exit comes first: the child is made from the parent */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1000, 10, I("res", 1001), S("exe", "bash"),
			   I("tid", 1000), I("pid", 1000), I("ptid", 1), S("comm", "bash"), I("flags", 0)));
	assert_ptr_equal(e->thread, p);
	state_after_event(st, e);
	c = state_thread(st, 1001);
	assert_non_null(c);
	assert_int_equal(c->pid, 1001);
	assert_int_equal(c->ptid, 1000);
	assert_string_equal(c->comm, "bash");
	assert_string_equal(c->cwd, "/home/u/");
	assert_int_equal(c->loginuid, 1000);
	assert_int_equal(c->fdlimit, 1024);
	assert_int_equal(c->start_ts, 10);
	assert_ptr_not_equal(c->fds, p->fds);
	assert_non_null(fdtable_lookup(c->fds, 3));
	assert_string_equal(fdtable_lookup(c->fds, 3)->name, "/etc/passwd");
	assert_ptr_equal(state_parent(st, c), p);

	/* the child opens: the parent does not see it */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPENAT_2_X, 1001, 11, I("fd", 4), I("dirfd", PPM_AT_FDCWD),
			   S("name", "notes"), I("flags", PPM_O_RDONLY)));
	state_after_event(st, e);
	assert_non_null(fdtable_lookup(c->fds, 4));
	assert_null(fdtable_lookup(p->fds, 4));

	/* then the child's own exit: fields refreshed, fds kept */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1001, 12, I("res", 0), S("exe", "bash"),
			   I("tid", 1001), I("pid", 1001), I("ptid", 1000), S("comm", "bash"),
			   I("flags", 0), I("uid", 1000), I("gid", 1000), I("vtid", 1001), I("vpid", 1001)));
	assert_ptr_equal(e->thread, c);
	state_after_event(st, e);
	assert_ptr_equal(state_thread(st, 1001), c);
	assert_non_null(fdtable_lookup(c->fds, 4));
	assert_int_equal(c->vtid, 1001);
	assert_int_equal(state_thread_count(st), 2);
	state_free(st);
}

static void test_clone_thread_shares_fds(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 2000, "server", "/srv/"), *c;
	struct built bt;
	struct evt *e;
	uint32_t fl = PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES | PPM_CL_CLONE_VM | PPM_CL_CLONE_FS;
	(void)unused;

	add_file(st, p, 3, "/var/log/app.log", PPM_O_WRONLY);
	/* the child's exit comes first this time */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE3_X, 2001, 20, I("res", 0), S("exe", "server"),
			   I("tid", 2001), I("pid", 2000), I("ptid", 1), S("comm", "worker"),
			   I("flags", fl), I("uid", 0), I("gid", 0), I("vtid", 2001), I("vpid", 2000)));
	c = e->thread;
	assert_non_null(c);
	assert_int_equal(c->tid, 2001);
	state_after_event(st, e);
	assert_int_equal(c->pid, 2000);
	assert_string_equal(c->comm, "worker");
	assert_ptr_equal(c->fds, p->fds);
	assert_ptr_equal(state_main_thread(st, c), p);
	assert_string_equal(state_thread_cwd(st, c), "/srv/");

	/* then the parent's: nothing changes */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE3_X, 2000, 21, I("res", 2001), I("flags", fl)));
	state_after_event(st, e);
	assert_ptr_equal(state_thread(st, 2001), c);
	assert_string_equal(c->comm, "worker");

	/* an fd opened by the thread belongs to the process */
	e = feed(st, BUILD(&bt, PPME_SOCKET_SOCKET_X, 2001, 22, I("fd", 4), I("domain", PPM_AF_INET),
			   I("type", SOCK_STREAM), I("proto", 0)));
	state_after_event(st, e);
	assert_non_null(fdtable_lookup(p->fds, 4));
	assert_int_equal(fdtable_count(p->fds), 2);

	/* a process sharing the table without being a thread (CLONE_FILES) */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 2000, 23, I("res", 2002),
			   I("flags", PPM_CL_CLONE_FILES)));
	state_after_event(st, e);
	assert_non_null(state_thread(st, 2002));
	assert_int_equal(state_thread(st, 2002)->pid, 2002);
	assert_ptr_equal(state_thread(st, 2002)->fds, p->fds);
	state_free(st);
}

/* Events of different CPUs arrive in any order: a child may be heard from
 * before its clone exit, or its parent's. */
static void test_out_of_order_clone(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 1100, "bash", "/p/"), *c;
	struct built bt;
	struct evt *e;
	uint32_t fl = PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES;
	(void)unused;

	add_file(st, p, 3, "/etc/passwd", 0);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPEN_X, 1101, 5, I("fd", 4), S("name", "/tmp/x"),
			   I("flags", 0)));
	c = e->thread;
	assert_non_null(c);
	assert_true(c->flags & THREAD_F_INCOMPLETE);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1101, 4, I("res", 0), S("exe", "bash"),
			   I("tid", 1101), I("pid", 1101), I("ptid", 1100), S("comm", "bash"),
			   S("cwd", "/p"), I("flags", 0), I("vtid", 1101), I("vpid", 1101)));
	assert_ptr_equal(e->thread, c);
	state_after_event(st, e);
	assert_false(c->flags & THREAD_F_INCOMPLETE);
	assert_string_equal(c->comm, "bash");
	assert_string_equal(c->cwd, "/p/");
	assert_int_equal(c->ptid, 1100);
	assert_non_null(fdtable_lookup(c->fds, 3)); /* from the parent */
	assert_non_null(fdtable_lookup(c->fds, 4)); /* its own, seen first */
	assert_null(fdtable_lookup(p->fds, 4));
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1100, 3, I("res", 1101), I("flags", 0)));
	state_after_event(st, e);
	assert_ptr_equal(state_thread(st, 1101), c);
	assert_non_null(fdtable_lookup(c->fds, 4));

	/* a thread heard from first: what it opened belongs to the process */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPEN_X, 1102, 7, I("fd", 9), S("name", "/tmp/y"),
			   I("flags", 0)));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1102, 6, I("res", 0), I("tid", 1102),
			   I("pid", 1100), I("ptid", 1), I("flags", fl)));
	state_after_event(st, e);
	c = state_thread(st, 1102);
	assert_ptr_equal(c->fds, p->fds);
	assert_non_null(fdtable_lookup(p->fds, 9));
	assert_non_null(fdtable_lookup(p->fds, 3));

	/* the parent's exit made the child, which then moved on before its own
	 * exit arrived: the late exit does not undo it */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1100, 10, I("res", 1103), I("flags", 0)));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CHDIR_X, 1103, 12, I("res", 0), S("path", "/q")));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1103, 11, I("res", 0), I("tid", 1103),
			   I("pid", 1103), I("ptid", 1100), S("cwd", "/p"), I("flags", 0),
			   I("vtid", 7), I("vpid", 7)));
	state_after_event(st, e);
	c = state_thread(st, 1103);
	assert_string_equal(c->cwd, "/q/");
	assert_int_equal(c->vtid, 7);

	/* a child heard from first, then only its parent's exit */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPEN_X, 1104, 21, I("fd", 6), S("name", "/tmp/z"),
			   I("flags", 0)));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1100, 20, I("res", 1104), I("flags", 0)));
	state_after_event(st, e);
	c = state_thread(st, 1104);
	assert_false(c->flags & THREAD_F_INCOMPLETE);
	assert_string_equal(c->comm, "bash");
	assert_int_equal(c->ptid, 1100);
	assert_non_null(fdtable_lookup(c->fds, 3));
	assert_non_null(fdtable_lookup(c->fds, 6));

	/* a thread whose exit was lost: a clone handing its tid out much later
	 * replaces it */
	c = state_thread(st, 1101);
	add_file(st, c, 40, "/stale", 0);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1100, 9000000000ull, I("res", 1101),
			   I("flags", 0)));
	state_after_event(st, e);
	c = state_thread(st, 1101);
	assert_null(fdtable_lookup(c->fds, 40));
	assert_int_equal(c->start_ts, 9000000000ull);

	/* one restored from a capture's process list keeps what it has */
	c = add_proc(st, 1200, "kept", "/k/");
	c->start_ts = 9500000000ull;
	add_file(st, c, 5, "/k/f", 0);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 1200, 9500000100ull, I("res", 0),
			   I("tid", 1200), I("pid", 1200), I("ptid", 1100), S("comm", "other"),
			   I("flags", 0)));
	state_after_event(st, e);
	assert_ptr_equal(state_thread(st, 1200), c);
	assert_string_equal(c->comm, "kept");
	assert_non_null(fdtable_lookup(c->fds, 5));
	state_free(st);
}

/* In a container's pid namespace a clone returns the child's id there (2,
 * 3, ...): no thread is made under it, and the host's thread of that tid
 * (kthreadd is 2) stays; the child's own exit makes it under its host tid. */
static void test_clone_in_a_pid_namespace(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *host2 = add_proc(st, 2, "kthreadd", "/"), *init = add_proc(st, 5000, "runc:[2:INIT]", "/"), *c;
	struct built bt;
	struct evt *e;
	(void)unused;

	host2->start_ts = 1;
	init->vtid = init->vpid = 1;
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 5000, 2000000000ull, I("res", 2), I("flags", 0)));
	state_after_event(st, e);
	assert_ptr_equal(state_thread(st, 2), host2);
	assert_string_equal(host2->comm, "kthreadd");
	assert_int_equal(host2->pid, 2);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 5001, 2000000100ull, I("res", 0), S("exe", "sh"),
			   I("tid", 5001), I("pid", 5001), I("ptid", 5000), S("comm", "sh"), S("cwd", "/"),
			   I("flags", 0), I("vtid", 2), I("vpid", 2)));
	state_after_event(st, e);
	assert_non_null(c = state_thread(st, 5001));
	assert_int_equal(c->ptid, 5000);
	assert_int_equal(c->vtid, 2);
	assert_ptr_equal(state_thread(st, 2), host2);
	state_free(st);
}

static void test_execve(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 3000, "sh", "/tmp/"), *sib;
	struct built bt;
	struct evt *e;
	static const char args[] = "-l\0/tmp\0";
	static const char env[] = "A=1\0B=2\0";
	(void)unused;

	add_file(st, p, 3, "/etc/cloexec", PPM_O_RDONLY | PPM_O_CLOEXEC);
	add_file(st, p, 4, "/etc/kept", PPM_O_RDONLY);
	/* a process sharing p's table (CLONE_FILES): exec must unshare first */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 3000, 29, I("res", 3001),
			   I("flags", PPM_CL_CLONE_FILES)));
	state_after_event(st, e);
	sib = state_thread(st, 3001);
	assert_ptr_equal(sib->fds, p->fds);

	e = feed(st, BUILD(&bt, PPME_SYSCALL_EXECVE_19_X, 3000, 30, I("res", 0), S("exe", "ls"),
			   B("args", args, sizeof(args) - 1), I("tid", 3000), I("pid", 3000),
			   I("ptid", 1), S("cwd", ""), S("comm", "ls"), B("env", env, sizeof(env) - 1),
			   I("fdlimit", 777), I("tty", 34816), I("loginuid", 1000), I("uid", 0),
			   I("flags", PPM_EXE_WRITABLE), I("vpgid", 1), I("pgid", 3000),
			   I("cap_effective", 0x1ff), S("trusted_exepath", "/usr/bin/ls"),
			   S("filename", "/bin/ls")));
	assert_ptr_equal(e->thread, p);
	assert_non_null(e->resolved_path);
	assert_string_equal(e->resolved_path, "/bin/ls");
	state_after_event(st, e);
	assert_string_equal(p->comm, "ls");
	assert_string_equal(p->exe, "ls");
	assert_string_equal(p->exepath, "/usr/bin/ls");
	assert_int_equal(p->args_len, sizeof(args) - 1);
	assert_memory_equal(p->args, args, sizeof(args) - 1);
	assert_null(p->env); /* not requested */
	assert_string_equal(p->cwd, "/tmp/"); /* an empty cwd param keeps it */
	assert_int_equal(p->tty, 34816);
	assert_int_equal(p->pgid, 3000); /* the host's, not the namespace's */
	assert_int_equal(p->loginuid, 1000);
	assert_int_equal(p->fdlimit, 777);
	assert_true(p->exe_writable);
	assert_int_equal(p->cap_effective, 0x1ff);
	assert_null(fdtable_lookup(p->fds, 3));
	assert_non_null(fdtable_lookup(p->fds, 4));
	assert_ptr_not_equal(sib->fds, p->fds);
	assert_non_null(fdtable_lookup(sib->fds, 3)); /* the other process keeps it */

	/* no trusted path: the filename, resolved against the cwd */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_EXECVE_19_X, 3000, 31, I("res", 0), S("exe", "./tool"),
			   S("comm", "tool"), S("filename", "./bin/../tool")));
	state_after_event(st, e);
	assert_string_equal(p->exepath, "/tmp/tool");
	assert_int_equal(p->args_len, 0); /* an exec with no arguments has none left */

	/* a failed execve changes nothing */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_EXECVE_19_X, 3000, 32, I("res", -ENOENT), S("exe", "nope"),
			   S("comm", "nope")));
	state_after_event(st, e);
	assert_string_equal(p->comm, "tool");
	state_free(st);

	/* with environments requested */
	{
		struct state_opts o = { .offline = true, .capture_env = true };
		st = state_new(&o);
		p = add_proc(st, 3000, "sh", "/tmp/");
		e = feed(st, BUILD(&bt, PPME_SYSCALL_EXECVE_19_X, 3000, 30, I("res", 0), S("exe", "ls"),
				   S("comm", "ls"), B("env", env, sizeof(env) - 1), S("cwd", "/home")));
		state_after_event(st, e);
		assert_int_equal(p->env_len, sizeof(env) - 1);
		assert_memory_equal(p->env, env, sizeof(env) - 1);
		assert_string_equal(p->cwd, "/home/");
		state_free(st);
	}
}

static void test_open_paths(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 4000, "app", "/home/u/");
	struct built bt;
	struct evt *e;
	struct fd_info *f;
	(void)unused;

	/* relative to the cwd, normalised */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPENAT_2_X, 4000, 1, I("fd", 5), I("dirfd", PPM_AT_FDCWD),
			   S("name", "sub/../file.txt"), I("flags", PPM_O_RDONLY | PPM_O_CLOEXEC),
			   I("dev", 0x803), I("ino", 1234)));
	assert_int_equal(e->fdnum, 5);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/home/u/file.txt");
	assert_string_equal(e->resolved_path, "/home/u/file.txt");
	assert_int_equal(e->fd->type, FDT_FILE);
	assert_int_equal(e->fd->flags, PPM_O_RDONLY | PPM_O_CLOEXEC);
	assert_int_equal(e->fd->dev, 0x803);
	assert_int_equal(e->fd->ino, 1234);
	assert_int_equal(e->fd->open_ts, 1);
	state_after_event(st, e);

	/* a directory, then a path relative to it */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPENAT_2_X, 4000, 2, I("fd", 6), I("dirfd", PPM_AT_FDCWD),
			   S("name", "/var//log/"), I("flags", PPM_O_RDONLY | PPM_O_DIRECTORY)));
	assert_int_equal(e->fd->type, FDT_DIRECTORY);
	assert_string_equal(e->fd->name, "/var/log");
	assert_int_equal(fd_type_char(e->fd->type), 'd');
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPENAT2_X, 4000, 3, I("fd", 7), I("dirfd", 6),
			   S("name", "./nginx/../syslog"), I("flags", PPM_O_RDONLY)));
	assert_string_equal(e->fd->name, "/var/log/syslog");
	state_after_event(st, e);
	/* ".." never goes above the root */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPEN_X, 4000, 4, I("fd", 8), S("name", "/../../etc/./hosts"),
			   I("flags", PPM_O_RDONLY)));
	assert_string_equal(e->fd->name, "/etc/hosts");
	state_after_event(st, e);
	/* relative to an fd nobody knows */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPENAT_2_X, 4000, 5, I("fd", 9), I("dirfd", 99),
			   S("name", "x"), I("flags", PPM_O_RDONLY)));
	assert_string_equal(e->fd->name, "<UNKNOWN>/x");
	state_after_event(st, e);
	/* a failure: no fd, but the resolved path */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_OPENAT_2_X, 4000, 6, I("fd", -ENOENT),
			   I("dirfd", PPM_AT_FDCWD), S("name", "missing"), I("flags", PPM_O_RDONLY)));
	assert_null(e->fd);
	assert_int_equal(e->fdnum, -1);
	assert_string_equal(e->resolved_path, "/home/u/missing");
	state_after_event(st, e);
	assert_int_equal(fdtable_count(p->fds), 5);
	/* creat */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CREAT_X, 4000, 7, I("fd", 10), S("name", "new.txt")));
	assert_string_equal(e->fd->name, "/home/u/new.txt");
	assert_true(e->fd->flags & PPM_O_CREAT);
	state_after_event(st, e);

	/* a path in an event no handler looks at: resolved all the same */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_UNLINKAT_2_X, 4000, 8, I("res", 0), I("dirfd", 6),
			   S("name", "old.log")));
	assert_non_null(e->resolved_path);
	assert_string_equal(e->resolved_path, "/var/log/old.log");
	state_after_event(st, e);

	/* read and write find their fd */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_READ_X, 4000, 9, I("res", 10), I("fd", 7), I("size", 100)));
	assert_int_equal(e->fdnum, 7);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/var/log/syslog");
	assert_null(e->resolved_path);
	state_after_event(st, e);

	/* chdir and fchdir move the cwd the next relative open uses */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CHDIR_X, 4000, 10, I("res", 0), S("path", "../v/./w")));
	state_after_event(st, e);
	assert_string_equal(p->cwd, "/home/v/w/");
	e = feed(st, BUILD(&bt, PPME_SYSCALL_FCHDIR_X, 4000, 11, I("res", 0), I("fd", 6)));
	state_after_event(st, e);
	assert_string_equal(p->cwd, "/var/log/");
	f = fdtable_lookup(p->fds, 5);
	assert_non_null(f);
	{
		struct strbuf sb = STRBUF_INIT;
		assert_int_equal(state_resolve_path(st, p, PPM_AT_FDCWD, "a/b", &sb), 0);
		assert_string_equal(sb.buf, "/var/log/a/b");
		strbuf_free(&sb);
	}
	state_free(st);
}

static void test_dup_close(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 5000, "app", "/");
	struct built bt, bt2;
	struct evt *e;
	struct fd_info *f;
	(void)unused;

	add_file(st, p, 3, "/a", PPM_O_RDONLY | PPM_O_CLOEXEC);
	add_file(st, p, 4, "/b", PPM_O_RDONLY);

	/* dup2(3, 4): 4 now is /a, without close-on-exec */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_DUP2_X, 5000, 1, I("res", 4), I("oldfd", 3),
			   I("newfd", 4)));
	assert_int_equal(e->fdnum, 4);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/a");
	assert_false(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	assert_int_equal(fdtable_count(p->fds), 2);

	/* dup(3), as newer libs reports it (res, oldfd), and dup3's O_CLOEXEC */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_DUP_1_X, 5000, 1, I("res", 5), I("oldfd", 3)));
	assert_int_equal(e->fdnum, 5);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/a");
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_DUP3_X, 5000, 1, I("res", 6), I("oldfd", 4),
			   I("newfd", 6), I("flags", PPM_O_CLOEXEC)));
	assert_string_equal(e->fd->name, "/a");
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	/* the older drivers' dup: the old fd in the enter, the new one in the exit */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_DUP_E, 5000, 1, I("fd", 4)));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt2, PPME_SYSCALL_DUP_X, 5000, 1, I("res", 7)));
	assert_int_equal(e->fdnum, 7);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/a");
	state_after_event(st, e);
	for (int i = 5; i <= 7; i++) {
		e = feed(st, BUILD(&bt, PPME_SYSCALL_CLOSE_X, 5000, 1, I("res", 0), I("fd", i)));
		state_after_event(st, e);
	}
	assert_int_equal(fdtable_count(p->fds), 2);

	/* fcntl F_DUPFD and F_DUPFD_CLOEXEC */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_FCNTL_X, 5000, 2, I("res", 10), I("fd", 3),
			   I("cmd", PPM_FCNTL_F_DUPFD)));
	assert_int_equal(e->fdnum, 3); /* the fd it acts on */
	state_after_event(st, e);
	f = fdtable_lookup(p->fds, 10);
	assert_non_null(f);
	assert_string_equal(f->name, "/a");
	assert_int_equal(f->fd, 10);
	assert_false(f->flags & PPM_O_CLOEXEC);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_FCNTL_X, 5000, 3, I("res", 11), I("fd", 4),
			   I("cmd", PPM_FCNTL_F_DUPFD_CLOEXEC)));
	state_after_event(st, e);
	f = fdtable_lookup(p->fds, 11);
	assert_non_null(f);
	assert_true(f->flags & PPM_O_CLOEXEC);
	/* other fcntl commands do not create fds */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_FCNTL_X, 5000, 4, I("res", 0), I("fd", 4),
			   I("cmd", PPM_FCNTL_F_SETFL)));
	state_after_event(st, e);
	assert_int_equal(fdtable_count(p->fds), 4);

	/* close: consumers still see the fd, then it is gone */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLOSE_X, 5000, 5, I("res", 0), I("fd", 10)));
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/a");
	state_after_event(st, e);
	assert_null(fdtable_lookup(p->fds, 10));
	/* a close of an fd that was not open changes nothing */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLOSE_X, 5000, 6, I("res", -EBADF), I("fd", 4)));
	state_after_event(st, e);
	assert_non_null(fdtable_lookup(p->fds, 4));
	/* a pending close is applied even without state_after_event */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLOSE_X, 5000, 7, I("res", 0), I("fd", 11)));
	e = feed(st, BUILD(&bt, PPME_SYSCALL_READ_X, 5000, 8, I("res", 0), I("fd", 11)));
	assert_null(e->fd);
	state_after_event(st, e);

	/* many fds: the table grows and entries come back from the pool */
	for (int i = 20; i < 300; i++) {
		char name[32];
		snprintf(name, sizeof(name), "/f/%d", i);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_OPEN_X, 5000, 10 + i, I("fd", i), S("name", name),
				   I("flags", PPM_O_RDONLY)));
		state_after_event(st, e);
	}
	for (int i = 20; i < 300; i += 2) {
		e = feed(st, BUILD(&bt, PPME_SYSCALL_CLOSE_X, 5000, 400 + i, I("res", 0), I("fd", i)));
		state_after_event(st, e);
	}
	for (int i = 20; i < 300; i++) {
		f = fdtable_lookup(p->fds, i);
		if (i % 2) {
			char name[32];
			snprintf(name, sizeof(name), "/f/%d", i);
			assert_non_null(f);
			assert_string_equal(f->name, name);
		} else {
			assert_null(f);
		}
	}
	state_free(st);
}

static void test_sockets(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 6000, "curl", "/");
	struct built bt;
	struct evt *e;
	uint8_t tu[64], addr[32];
	size_t n;
	uint16_t port;
	(void)unused;

	e = feed(st, BUILD(&bt, PPME_SOCKET_SOCKET_X, 6000, 1, I("fd", 3), I("domain", PPM_AF_INET),
			   I("type", SOCK_STREAM | SOCK_CLOEXEC), I("proto", 0)));
	assert_non_null(e->fd);
	assert_int_equal(e->fd->type, FDT_IPV4_SOCK);
	assert_int_equal(e->fd->tuple.l4proto, 6);
	assert_string_equal(e->fd->name, "");
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);

	n = tuple4(tu, "127.0.0.1", 40000, "127.0.0.1", 8080);
	e = feed(st, BUILD(&bt, PPME_SOCKET_CONNECT_X, 6000, 2, I("res", 0), B("tuple", tu, n), I("fd", 3)));
	assert_int_equal(e->fdnum, 3);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "127.0.0.1:40000->127.0.0.1:8080");
	assert_int_equal(e->fd->role, FD_ROLE_CLIENT);
	assert_int_equal(e->fd->tuple.cport, 40000);
	assert_int_equal(e->fd->tuple.sport, 8080);
	assert_int_equal(e->fd->tuple.l4proto, 6);
	state_after_event(st, e);

	/* a connect on an fd we never saw open makes one */
	n = tuple6(tu, "::1", 40001, "::1", 8080);
	e = feed(st, BUILD(&bt, PPME_SOCKET_CONNECT_X, 6000, 3, I("res", -EINPROGRESS), B("tuple", tu, n),
			   I("fd", 4)));
	assert_non_null(e->fd);
	assert_int_equal(e->fd->type, FDT_IPV6_SOCK);
	assert_string_equal(e->fd->name, "::1:40001->::1:8080");
	assert_int_equal(fd_type_char(e->fd->type), '6');
	state_after_event(st, e);

	/* IPv4-mapped IPv6 ends: an IPv4 connection */
	n = tuple6(tu, "::ffff:10.0.0.1", 5000, "::ffff:10.0.0.2", 443);
	e = feed(st, BUILD(&bt, PPME_SOCKET_CONNECT_X, 6000, 4, I("res", 0), B("tuple", tu, n), I("fd", 5)));
	assert_int_equal(e->fd->type, FDT_IPV4_SOCK);
	assert_string_equal(e->fd->name, "10.0.0.1:5000->10.0.0.2:443");
	state_after_event(st, e);

	/* bind, listen, accept */
	e = feed(st, BUILD(&bt, PPME_SOCKET_SOCKET_X, 6000, 5, I("fd", 6), I("domain", PPM_AF_INET),
			   I("type", SOCK_STREAM), I("proto", 6)));
	state_after_event(st, e);
	addr[0] = PPM_AF_INET;
	inet_pton(AF_INET, "0.0.0.0", addr + 1);
	port = 8080;
	memcpy(addr + 5, &port, 2);
	e = feed(st, BUILD(&bt, PPME_SOCKET_BIND_X, 6000, 6, I("res", 0), B("addr", addr, 7), I("fd", 6)));
	assert_string_equal(e->fd->name, "0.0.0.0:8080");
	assert_int_equal(e->fd->role, FD_ROLE_SERVER);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SOCKET_LISTEN_X, 6000, 7, I("res", 0), I("fd", 6), I("backlog", 5)));
	assert_int_equal(e->fd->role, FD_ROLE_SERVER);
	state_after_event(st, e);
	n = tuple4(tu, "10.0.0.9", 51000, "10.0.0.1", 8080);
	e = feed(st, BUILD(&bt, PPME_SOCKET_ACCEPT4_6_X, 6000, 8, I("fd", 7), B("tuple", tu, n),
			   I("flags", SOCK_CLOEXEC)));
	assert_int_equal(e->fdnum, 7);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "10.0.0.9:51000->10.0.0.1:8080");
	assert_int_equal(e->fd->role, FD_ROLE_SERVER);
	assert_int_equal(e->fd->tuple.l4proto, 6);
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	assert_false(e->fd->flags & PPM_O_NONBLOCK);
	state_after_event(st, e);

	/* unix: sysdig's "source->peer path" */
	e = feed(st, BUILD(&bt, PPME_SOCKET_SOCKET_X, 6000, 9, I("fd", 8), I("domain", PPM_AF_UNIX),
			   I("type", SOCK_STREAM), I("proto", 0)));
	assert_int_equal(e->fd->type, FDT_UNIX_SOCK);
	state_after_event(st, e);
	{
		uint64_t src = 0xffff888012345600ull, dst = 0xffff94dc817b9400ull;
		static const char path[] = "/var/run/nscd/socket";
		tu[0] = PPM_AF_UNIX;
		memcpy(tu + 1, &src, 8);
		memcpy(tu + 9, &dst, 8);
		memcpy(tu + 17, path, sizeof(path));
		uint8_t uaddr[1 + sizeof(path)];
		uaddr[0] = PPM_AF_UNIX;
		memcpy(uaddr + 1, path, sizeof(path));
		/* a failed connect names the socket by the path alone, as the
		 * enter does in sysdig (live, no enter comes: the exit's addr) */
		e = feed(st, BUILD(&bt, PPME_SOCKET_CONNECT_X, 6000, 10, I("res", -ENOENT),
				   B("tuple", tu, 17 + sizeof(path)), I("fd", 8), B("addr", uaddr, sizeof(uaddr))));
		assert_string_equal(e->fd->name, "/var/run/nscd/socket");
		assert_int_equal(e->fd->tuple.unix_dst, 0);
		state_after_event(st, e);
		e = feed(st, BUILD(&bt, PPME_SOCKET_CONNECT_X, 6000, 11, I("res", 0),
				   B("tuple", tu, 17 + sizeof(path)), I("fd", 8), B("addr", uaddr, sizeof(uaddr))));
		assert_string_equal(e->fd->name, "ffff888012345600->ffff94dc817b9400 /var/run/nscd/socket");
		assert_int_equal(e->fd->tuple.unix_dst, dst);
		state_after_event(st, e);
	}

	/* UDP: an unconnected socket takes the tuple of its first sendto */
	e = feed(st, BUILD(&bt, PPME_SOCKET_SOCKET_X, 6000, 11, I("fd", 9), I("domain", PPM_AF_INET6),
			   I("type", SOCK_DGRAM), I("proto", 0)));
	assert_int_equal(e->fd->tuple.l4proto, 17);
	state_after_event(st, e);
	n = tuple6(tu, "::1", 38255, "::1", 2345);
	e = feed(st, BUILD(&bt, PPME_SOCKET_SENDTO_X, 6000, 12, I("res", 5), I("fd", 9), I("size", 5),
			   B("tuple", tu, n)));
	assert_string_equal(e->fd->name, "::1:38255->::1:2345");
	assert_int_equal(e->fd->role, FD_ROLE_CLIENT);
	state_after_event(st, e);

	/* pipes, socketpairs and other typed fds */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIPE_X, 6000, 13, I("res", 0), I("fd1", 10), I("fd2", 11),
			   I("ino", 777)));
	state_after_event(st, e);
	assert_int_equal(fdtable_lookup(p->fds, 10)->type, FDT_PIPE);
	assert_int_equal(fdtable_lookup(p->fds, 11)->ino, 777);
	assert_string_equal(fdtable_lookup(p->fds, 11)->name, "");
	e = feed(st, BUILD(&bt, PPME_SOCKET_SOCKETPAIR_X, 6000, 14, I("res", 0), I("fd1", 12),
			   I("fd2", 13), I("source", 0x1000), I("peer", 0x2000), I("domain", PPM_AF_UNIX),
			   I("type", SOCK_STREAM | SOCK_CLOEXEC)));
	state_after_event(st, e);
	assert_int_equal(fdtable_lookup(p->fds, 12)->type, FDT_UNIX_SOCK);
	assert_int_equal(fdtable_lookup(p->fds, 13)->tuple.unix_src, 0x2000);
	assert_true(fdtable_lookup(p->fds, 13)->flags & PPM_O_CLOEXEC);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_EVENTFD2_X, 6000, 15, I("res", 14),
			   I("flags", PPM_O_CLOEXEC), I("initval", 0)));
	assert_int_equal(e->fdnum, 14);
	assert_int_equal(e->fd->type, FDT_EVENTFD);
	assert_int_equal(fd_type_char(e->fd->type), 'e');
	assert_string_equal(fd_type_name(e->fd->type), "event");
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_TIMERFD_CREATE_X, 6000, 16, I("res", 15)));
	assert_int_equal(e->fd->type, FDT_TIMERFD);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_INOTIFY_INIT_X, 6000, 17, I("res", 16)));
	assert_int_equal(e->fd->type, FDT_INOTIFY);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SIGNALFD_X, 6000, 18, I("res", 17), I("fd", -1)));
	assert_int_equal(e->fd->type, FDT_SIGNALFD);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_USERFAULTFD_X, 6000, 19, I("res", 18),
			   I("flags", PPM_O_CLOEXEC)));
	assert_int_equal(e->fd->type, FDT_USERFAULTFD);
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	{
		uint8_t dyn[9] = { 0 };
		int64_t v = 19;
		memcpy(dyn + 1, &v, 8);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_BPF_X, 6000, 20, B("res_or_fd", dyn, 9), I("cmd", 5)));
		assert_int_equal(e->fdnum, 19);
		assert_int_equal(e->fd->type, FDT_BPF);
		state_after_event(st, e);
		dyn[0] = 1; /* an errno, no fd */
		v = 0;
		memcpy(dyn + 1, &v, 8);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_BPF_X, 6000, 21, B("res_or_fd", dyn, 9), I("cmd", 1)));
		assert_null(e->fd);
		state_after_event(st, e);
	}
	/* newer libs' bpf: the result is an fd only for the commands that make
	 * one (BPF_MAP_UPDATE_ELEM's 0 is no fd 0) */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_BPF_2_X, 6000, 21, I("fd", 0), I("cmd", 2)));
	assert_null(e->fd);
	assert_int_equal(e->fdnum, -1);
	assert_null(fdtable_lookup(p->fds, 0));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_BPF_2_X, 6000, 21, I("fd", -EPERM), I("cmd", 5)));
	assert_null(e->fd);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_IO_URING_SETUP_X, 6000, 22, I("res", 20)));
	assert_int_equal(e->fd->type, FDT_IOURING);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_BPF_2_X, 6000, 23, I("fd", 21), I("cmd", 0)));
	assert_int_equal(e->fdnum, 21);
	assert_non_null(e->fd);
	assert_int_equal(e->fd->type, FDT_BPF);
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	assert_int_equal(fdtable_count(p->fds), 19); /* 3 to 21 */
	state_free(st);
}

/* The fd creators newer libs gave events of their own, with their flags in
 * scap's encodings, and the older events of the calls without flags. */
static void test_newer_fd_events(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 6500, "agent", "/");
	struct thread *q = add_proc(st, 6600, "victim", "/");
	struct built bt;
	struct evt *e;
	struct fd_info *f;
	(void)unused;

	add_file(st, q, 3, "/etc/shadow", PPM_O_RDONLY);

	/* eventfd: flags 0 in the older event; eventfd2, signalfd4 and
	 * inotify_init1: PPM_O_NONBLOCK and PPM_O_CLOEXEC */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_EVENTFD_X, 6500, 1, I("res", 3), I("initval", 1),
			   I("flags", 0)));
	assert_int_equal(e->fd->type, FDT_EVENTFD);
	assert_false(e->fd->flags & (PPM_O_CLOEXEC | PPM_O_NONBLOCK));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_EVENTFD2_X, 6500, 2, I("res", 4),
			   I("flags", PPM_O_NONBLOCK | PPM_O_CLOEXEC), I("initval", 5)));
	assert_int_equal(e->fd->type, FDT_EVENTFD);
	assert_int_equal(e->fd->flags & (PPM_O_CLOEXEC | PPM_O_NONBLOCK),
			 PPM_O_CLOEXEC | PPM_O_NONBLOCK);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SIGNALFD4_X, 6500, 3, I("res", 5),
			   I("flags", PPM_O_NONBLOCK), I("fd", -1), I("mask", 1 << 9)));
	assert_int_equal(e->fdnum, 5);
	assert_int_equal(e->fd->type, FDT_SIGNALFD);
	assert_true(e->fd->flags & PPM_O_NONBLOCK);
	assert_false(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_INOTIFY_INIT1_X, 6500, 4, I("res", 6),
			   I("flags", PPM_O_CLOEXEC)));
	assert_int_equal(e->fd->type, FDT_INOTIFY);
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_INOTIFY_INIT1_X, 6500, 5, I("res", -EINVAL),
			   I("flags", 0)));
	assert_null(e->fd);
	state_after_event(st, e);

	/* epoll_create(1): eventpoll, EPOLL_CLOEXEC in scap's encoding */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_EPOLL_CREATE_X, 6500, 6, I("res", 7), I("size", 10)));
	assert_int_equal(e->fdnum, 7);
	assert_int_equal(e->fd->type, FDT_EVENTPOLL);
	assert_int_equal(fd_type_char(e->fd->type), 'l');
	assert_false(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_EPOLL_CREATE1_X, 6500, 7, I("res", 8),
			   I("flags", PPM_EPOLL_CLOEXEC)));
	assert_int_equal(e->fd->type, FDT_EVENTPOLL);
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);

	/* memfd_create: "memfd:NAME" */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_MEMFD_CREATE_X, 6500, 8, I("fd", 9), S("name", "payload"),
			   I("flags", PPM_MFD_CLOEXEC | PPM_MFD_ALLOW_SEALING)));
	assert_int_equal(e->fdnum, 9);
	assert_int_equal(e->fd->type, FDT_MEMFD);
	assert_string_equal(e->fd->name, "memfd:payload");
	assert_int_equal(fd_type_char(e->fd->type), 'm');
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);

	/* pidfd_open: a pidfd, always close-on-exec, PIDFD_NONBLOCK */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_OPEN_X, 6500, 9, I("fd", 10), I("pid", 6600),
			   I("flags", PPM_PIDFD_NONBLOCK)));
	assert_int_equal(e->fdnum, 10);
	assert_int_equal(e->fd->type, FDT_PIDFD);
	assert_string_equal(fd_type_name(e->fd->type), "pidfd");
	assert_int_equal(e->fd->flags & (PPM_O_CLOEXEC | PPM_O_NONBLOCK),
			 PPM_O_CLOEXEC | PPM_O_NONBLOCK);
	state_after_event(st, e);

	/* pidfd_getfd through it: a copy of the victim's fd 3, close-on-exec */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6500, 10, I("fd", 11), I("pid_fd", 10),
			   I("target_fd", 3), I("flags", 0)));
	assert_int_equal(e->fdnum, 11);
	f = e->fd;
	assert_non_null(f);
	assert_int_equal(f->fd, 11);
	assert_int_equal(f->type, FDT_FILE);
	assert_string_equal(f->name, "/etc/shadow");
	assert_true(f->flags & PPM_O_CLOEXEC);
	assert_int_equal(f->open_ts, 10);
	assert_false(fdtable_lookup(q->fds, 3)->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);

	/* a dup of the pidfd still knows its process */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_DUP_1_X, 6500, 11, I("res", 12), I("oldfd", 10)));
	assert_int_equal(e->fd->type, FDT_PIDFD);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6500, 12, I("fd", 13), I("pid_fd", 12),
			   I("target_fd", 3), I("flags", 0)));
	assert_string_equal(e->fd->name, "/etc/shadow");
	state_after_event(st, e);

	/* unknown: the target fd, or the process (pid_fd is no pidfd): an fd of
	 * unknown kind; a failure: none */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6500, 13, I("fd", 14), I("pid_fd", 10),
			   I("target_fd", 99), I("flags", 0)));
	assert_non_null(e->fd);
	assert_int_equal(e->fd->type, FDT_UNKNOWN);
	assert_string_equal(e->fd->name, "");
	assert_true(e->fd->flags & PPM_O_CLOEXEC);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6500, 14, I("fd", 15), I("pid_fd", 9),
			   I("target_fd", 3), I("flags", 0)));
	assert_int_equal(e->fd->type, FDT_UNKNOWN);
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6500, 15, I("fd", -EBADF),
			   I("pid_fd", 10), I("target_fd", 3), I("flags", 0)));
	assert_null(e->fd);
	state_after_event(st, e);
	assert_int_equal(fdtable_count(p->fds), 13); /* 3 to 15 */

	/* a pidfd of a process the state does not know copies nothing */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_OPEN_X, 6500, 16, I("fd", 16), I("pid", 4242),
			   I("flags", 0)));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6500, 17, I("fd", 17), I("pid_fd", 16),
			   I("target_fd", 3), I("flags", 0)));
	assert_int_equal(e->fd->type, FDT_UNKNOWN);
	state_after_event(st, e);

	/* in a container the pid passed is one of its pid namespace */
	{
		struct thread *c = add_proc(st, 6700, "sh", "/");
		struct thread *t = add_proc(st, 6800, "app", "/");
		c->vtid = c->vpid = 5;
		t->vtid = t->vpid = 9;
		c->ns_pid = t->ns_pid = 4026532000ull;
		q->vtid = q->vpid = 9; /* the same number in another namespace */
		q->ns_pid = 4026531836ull;
		add_file(st, t, 3, "/run/secrets/token", PPM_O_RDONLY);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_OPEN_X, 6700, 18, I("fd", 3), I("pid", 9),
				   I("flags", 0)));
		state_after_event(st, e);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6700, 19, I("fd", 4),
				   I("pid_fd", 3), I("target_fd", 3), I("flags", 0)));
		assert_string_equal(e->fd->name, "/run/secrets/token");
		state_after_event(st, e);
		/* a pid the namespace has not shown us: unknown, not the host's 6500 */
		e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_OPEN_X, 6700, 20, I("fd", 5), I("pid", 6500),
				   I("flags", 0)));
		state_after_event(st, e);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6700, 21, I("fd", 6),
				   I("pid_fd", 5), I("target_fd", 3), I("flags", 0)));
		assert_int_equal(e->fd->type, FDT_UNKNOWN);
		state_after_event(st, e);
		/* its own pid, as the namespace numbers it */
		add_file(st, c, 7, "/etc/motd", PPM_O_RDONLY);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_OPEN_X, 6700, 22, I("fd", 8), I("pid", 5),
				   I("flags", 0)));
		state_after_event(st, e);
		e = feed(st, BUILD(&bt, PPME_SYSCALL_PIDFD_GETFD_X, 6700, 23, I("fd", 9),
				   I("pid_fd", 8), I("target_fd", 7), I("flags", 0)));
		assert_string_equal(e->fd->name, "/etc/motd");
		state_after_event(st, e);
	}
	state_free(st);
}

static void test_ids(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 7000, "su", "/");
	struct built bt;
	struct evt *e;
	(void)unused;

	p->uid = p->euid = 0;
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETRESUID_X, 7000, 1, I("res", 0), I("ruid", -1),
			   I("euid", 1000), I("suid", -1)));
	state_after_event(st, e);
	assert_int_equal(p->uid, 0);
	assert_int_equal(p->euid, 1000);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETRESGID_X, 7000, 2, I("res", 0), I("rgid", 50),
			   I("egid", 51), I("sgid", -1)));
	state_after_event(st, e);
	assert_int_equal(p->gid, 50);
	assert_int_equal(p->egid, 51);
	p->euid = 0;
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETUID_X, 7000, 3, I("res", 0), I("uid", 33)));
	state_after_event(st, e);
	assert_int_equal(p->uid, 33);
	assert_int_equal(p->euid, 33);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETUID_X, 7000, 4, I("res", -EPERM), I("uid", 0)));
	state_after_event(st, e);
	assert_int_equal(p->euid, 33);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETGID_X, 7000, 5, I("res", 0), I("gid", 34)));
	state_after_event(st, e);
	assert_int_equal(p->egid, 34);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETSID_X, 7000, 6, I("res", 7000)));
	state_after_event(st, e);
	assert_int_equal(p->sid, 7000);
	assert_int_equal(p->pgid, 7000);

	/* setreuid/setregid: real and effective ids, -1 leaves one alone */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETREUID_X, 7000, 7, I("res", 0), I("ruid", 40),
			   I("euid", -1)));
	state_after_event(st, e);
	assert_int_equal(p->uid, 40);
	assert_int_equal(p->euid, 33);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETREUID_X, 7000, 8, I("res", 0), I("ruid", -1),
			   I("euid", 41)));
	state_after_event(st, e);
	assert_int_equal(p->uid, 40);
	assert_int_equal(p->euid, 41);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETREUID_X, 7000, 9, I("res", -EPERM), I("ruid", 0),
			   I("euid", 0)));
	state_after_event(st, e);
	assert_int_equal(p->uid, 40);
	assert_int_equal(p->euid, 41);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETREGID_X, 7000, 10, I("res", 0), I("rgid", 60),
			   I("egid", 61)));
	state_after_event(st, e);
	assert_int_equal(p->gid, 60);
	assert_int_equal(p->egid, 61);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_SETREGID_X, 7000, 11, I("res", 0), I("rgid", -1),
			   I("egid", -1)));
	state_after_event(st, e);
	assert_int_equal(p->gid, 60);
	assert_int_equal(p->egid, 61);

	/* capset: the thread's sets after the call; a failure changes nothing */
	p->cap_effective = p->cap_permitted = p->cap_inheritable = ~0ull;
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CAPSET_X, 7000, 12, I("res", 0),
			   I("cap_inheritable", 0), I("cap_permitted", 0x3000),
			   I("cap_effective", 0x1000)));
	state_after_event(st, e);
	assert_int_equal(p->cap_inheritable, 0);
	assert_int_equal(p->cap_permitted, 0x3000);
	assert_int_equal(p->cap_effective, 0x1000);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CAPSET_X, 7000, 13, I("res", -EPERM),
			   I("cap_inheritable", 7), I("cap_permitted", 7), I("cap_effective", 7)));
	state_after_event(st, e);
	assert_int_equal(p->cap_effective, 0x1000);

	/* prctl(PR_SET_NAME): the calling thread's comm, at most 15 bytes */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PRCTL_X, 7000, 14, I("res", 0),
			   I("option", PPM_PR_SET_NAME), S("arg2_str", "worker-1")));
	state_after_event(st, e);
	assert_string_equal(p->comm, "worker-1");
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PRCTL_X, 7000, 15, I("res", 0),
			   I("option", PPM_PR_SET_NAME), S("arg2_str", "a-very-long-thread-name")));
	state_after_event(st, e);
	assert_string_equal(p->comm, "a-very-long-thr");
	/* other options, and failures, leave it */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PRCTL_X, 7000, 16, I("res", 0),
			   I("option", PPM_PR_GET_NAME), S("arg2_str", "other")));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_PRCTL_X, 7000, 17, I("res", -EFAULT),
			   I("option", PPM_PR_SET_NAME)));
	state_after_event(st, e);
	assert_string_equal(p->comm, "a-very-long-thr");
	{
		/* a secondary thread's name is its own */
		struct thread *t2 = state_thread_add(st, 7001);
		assert_non_null(t2);
		t2->pid = 7000;
		strcpy(t2->comm, "su");
		t2->flags &= ~THREAD_F_INCOMPLETE;
		e = feed(st, BUILD(&bt, PPME_SYSCALL_PRCTL_X, 7001, 18, I("res", 0),
				   I("option", PPM_PR_SET_NAME), S("arg2_str", "io")));
		state_after_event(st, e);
		assert_string_equal(t2->comm, "io");
		assert_string_equal(p->comm, "a-very-long-thr");
	}

	/* users from a capture's list replace /etc */
	assert_int_equal(state_add_user(st, 1000, 1000, "alice", "/home/alice", "/bin/sh"), 0);
	assert_int_equal(state_add_group(st, 1000, "staff"), 0);
	assert_string_equal(state_user(st, 1000)->name, "alice");
	assert_string_equal(state_user(st, 1000)->shell, "/bin/sh");
	assert_string_equal(state_group(st, 1000)->name, "staff");
	assert_null(state_user(st, 0));
	for (uint32_t i = 2000; i < 3000; i++)
		assert_int_equal(state_add_user(st, i, i, "u", "/", "/bin/false"), 0);
	assert_non_null(state_user(st, 2999));
	assert_string_equal(state_user(st, 1000)->name, "alice");
	state_free(st);
}

/* A process with children exits: they go to the reaper the probe names. */
static void test_exit_reparents_children(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *init = add_proc(st, 1, "init", "/");
	struct thread *launcher = add_proc(st, 8200, "runc", "/");
	struct thread *shell = add_proc(st, 8201, "sh", "/");
	struct thread *other = add_proc(st, 8300, "cat", "/");
	struct built bt;
	struct evt *e;
	(void)unused;

	launcher->ptid = 1;
	shell->ptid = 8200;
	other->ptid = 1;
	/* the launcher exits; the kernel hands its child to init */
	e = feed(st, BUILD(&bt, PPME_PROCEXIT_1_E, 8200, 1, I("status", 0), I("ret", 0), I("sig", 0),
			   I("core", 0), I("reaper_tid", 1)));
	state_after_event(st, e);
	assert_null(state_thread(st, 8200));
	assert_int_equal(shell->ptid, 1);
	assert_ptr_equal(state_parent(st, shell), init);
	assert_int_equal(other->ptid, 1);
	/* no reaper (no children, or an old capture): nothing moves */
	e = feed(st, BUILD(&bt, PPME_PROCEXIT_1_E, 8300, 2, I("status", 0), I("ret", 0), I("sig", 0),
			   I("core", 0), I("reaper_tid", 0)));
	state_after_event(st, e);
	assert_int_equal(shell->ptid, 1);
	state_free(st);
}

static void test_exit_and_free(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 8000, "svc", "/"), *c;
	struct built bt;
	struct evt *e;
	uint32_t fl = PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES;
	(void)unused;

	add_file(st, p, 3, "/x", 0);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 8000, 1, I("res", 8001), I("flags", fl)));
	state_after_event(st, e);
	c = state_thread(st, 8001);
	assert_non_null(c);
	assert_int_equal(state_thread_count(st), 2);

	/* the thread exits: consumers see it, dead, then it is gone */
	e = feed(st, BUILD(&bt, PPME_PROCEXIT_1_E, 8001, 2, I("status", 0), I("ret", 0), I("sig", 0),
			   I("core", 0), I("reaper_tid", 1)));
	assert_ptr_equal(e->thread, c);
	assert_true(c->flags & THREAD_F_DEAD);
	assert_non_null(state_thread(st, 8001));
	state_after_event(st, e);
	assert_null(state_thread(st, 8001));
	assert_int_equal(state_thread_count(st), 1);
	assert_non_null(fdtable_lookup(p->fds, 3)); /* the shared table lives on */

	/* the main thread exits first: it stays, dead, until its last thread goes */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 8000, 3, I("res", 8002), I("flags", fl)));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_PROCEXIT_1_E, 8000, 4, I("status", 0)));
	state_after_event(st, e);
	assert_ptr_equal(state_thread(st, 8000), p);
	assert_true(p->flags & THREAD_F_DEAD);
	c = state_thread(st, 8002);
	assert_ptr_equal(state_main_thread(st, c), p);
	assert_int_equal(state_process_threads(st, c), 1);
	e = feed(st, BUILD(&bt, PPME_PROCEXIT_1_E, 8002, 5, I("status", 0)));
	state_after_event(st, e);
	assert_null(state_thread(st, 8002));
	assert_null(state_thread(st, 8000));
	assert_int_equal(state_thread_count(st), 0);

	/* a recycled tid: the old thread's leftovers do not leak into the new one */
	p = add_proc(st, 8100, "a", "/");
	add_file(st, p, 3, "/old", 0);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 8100, 6, I("res", 8101), I("flags", 0)));
	state_after_event(st, e);
	e = feed(st, BUILD(&bt, PPME_PROCEXIT_1_E, 8101, 7, I("status", 0)));
	/* no after_event: the next event applies it */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_CLONE_20_X, 8100, 8, I("res", 8101), I("flags", 0)));
	state_after_event(st, e);
	assert_non_null(state_thread(st, 8101));
	assert_false(state_thread(st, 8101)->flags & THREAD_F_DEAD);
	assert_int_equal(state_thread(st, 8101)->start_ts, 8);
	state_free(st);
}

static void test_bounds(void **unused)
{
	struct state *st = offline_state(64);
	struct built bt;
	struct evt *e;
	struct state_stats ss;
	(void)unused;

	/* lone tids (offline: nothing to read) make incomplete threads */
	e = feed(st, BUILD(&bt, PPME_SYSCALL_READ_X, 99999, 1, I("res", 0), I("fd", 0)));
	assert_non_null(e->thread);
	assert_true(e->thread->flags & THREAD_F_INCOMPLETE);
	assert_null(e->fd);
	state_after_event(st, e);

	for (int64_t tid = 10000; tid < 10500; tid++) {
		e = feed(st, BUILD(&bt, PPME_SYSCALL_READ_X, tid, (uint64_t)tid, I("res", 0), I("fd", 0)));
		assert_non_null(e->thread);
		assert_int_equal(e->thread->tid, tid);
		state_after_event(st, e);
		assert_true(state_thread_count(st) <= 64);
	}
	/* the recent stay, the old went */
	assert_non_null(state_thread(st, 10499));
	assert_non_null(state_thread(st, 10480));
	assert_null(state_thread(st, 10000));
	assert_null(state_thread(st, 99999));
	state_get_stats(st, &ss);
	assert_true(ss.threads_evicted >= 500 - 64);

	/* the dead go before the living, however recent */
	for (int64_t tid = 10440; tid < 10450; tid++) {
		struct thread *t = state_thread(st, tid);
		if (t)
			t->flags |= THREAD_F_DEAD;
	}
	for (int64_t tid = 20000; tid < 20010; tid++) {
		e = feed(st, BUILD(&bt, PPME_SYSCALL_READ_X, tid, 100000 + tid, I("res", 0), I("fd", 0)));
		state_after_event(st, e);
	}
	for (int64_t tid = 10440; tid < 10450; tid++)
		assert_null(state_thread(st, tid));
	assert_non_null(state_thread(st, 10499));
	state_free(st);

	/* a per-process fd bound */
	{
		struct state_opts o = { .offline = true, .max_fds_per_proc = 8 };
		struct thread *p;
		st = state_new(&o);
		p = add_proc(st, 1, "init", "/");
		for (int i = 0; i < 20; i++) {
			e = feed(st, BUILD(&bt, PPME_SYSCALL_OPEN_X, 1, i, I("fd", i), S("name", "/f"),
					   I("flags", 0)));
			state_after_event(st, e);
		}
		assert_int_equal(fdtable_count(p->fds), 8);
		state_get_stats(st, &ss);
		assert_int_equal(ss.fds_dropped, 12);
		state_free(st);
	}
}

/* A capture file holds enter and exit events; old exits lack the enter's
 * parameters, which the state finds in the enter it kept. */
static void test_capture_enter_exit(void **unused)
{
	struct state *st = offline_state(0);
	struct thread *p = add_proc(st, 9000, "cat", "/root/");
	struct built bt, bt2;
	struct evt *e;
	struct pval rd[] = { I("res", 5) };
	struct pval ope[] = { I("dirfd", PPM_AT_FDCWD), S("name", "a.txt"), I("flags", PPM_O_RDONLY) };
	struct pval opx[] = { I("fd", 3) };
	(void)unused;

	add_file(st, p, 3, "/etc/hosts", 0);
	e = feed(st, BUILD(&bt, PPME_SYSCALL_READ_E, 9000, 1, I("fd", 3), I("size", 10)));
	assert_int_equal(e->fdnum, 3);
	assert_string_equal(e->fd->name, "/etc/hosts");
	state_after_event(st, e);
	e = build_n(&bt2, PPME_SYSCALL_READ_X, 9000, 2, rd, 1, 2);
	assert_int_equal(e->nparams, 2);
	feed(st, e);
	assert_int_equal(e->fdnum, 3);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/etc/hosts");
	state_after_event(st, e);

	/* an old openat: the path in the enter, the fd in the exit */
	e = build_n(&bt, PPME_SYSCALL_OPENAT_E, 9000, 3, ope, 3, -1);
	feed(st, e);
	state_after_event(st, e);
	e = build_n(&bt2, PPME_SYSCALL_OPENAT_X, 9000, 4, opx, 1, -1);
	feed(st, e);
	assert_non_null(e->fd);
	assert_string_equal(e->fd->name, "/root/a.txt");
	assert_string_equal(e->resolved_path, "/root/a.txt");
	state_after_event(st, e);

	/* an exit whose enter was not seen finds nothing */
	e = build_n(&bt2, PPME_SYSCALL_READ_X, 9000, 5, rd, 1, 2);
	feed(st, e);
	assert_null(e->fd);
	state_after_event(st, e);
	state_free(st);
}

static void test_fd_type_names(void **unused)
{
	(void)unused;
	assert_string_equal(fd_type_name(FDT_FILE), "file");
	assert_string_equal(fd_type_name(FDT_DIRECTORY), "directory");
	assert_string_equal(fd_type_name(FDT_IPV4_SOCK), "ipv4");
	assert_string_equal(fd_type_name(FDT_IPV6_SOCK), "ipv6");
	assert_string_equal(fd_type_name(FDT_UNIX_SOCK), "unix");
	assert_string_equal(fd_type_name(FDT_PIPE), "pipe");
	assert_string_equal(fd_type_name(FDT_SIGNALFD), "signalfd");
	assert_string_equal(fd_type_name(FDT_EVENTPOLL), "eventpoll");
	assert_string_equal(fd_type_name(FDT_INOTIFY), "inotify");
	assert_string_equal(fd_type_name(FDT_TIMERFD), "timerfd");
	assert_string_equal(fd_type_name(FDT_NETLINK), "netlink");
	assert_string_equal(fd_type_name(FDT_MEMFD), "memfd");
	assert_string_equal(fd_type_name(FDT_UNKNOWN), "<NA>");
	assert_int_equal(fd_type_char(FDT_UNKNOWN), 'o');
	assert_int_equal(fd_type_char(FDT_EVENTPOLL), 'l');
	assert_int_equal(fd_type_char(FDT_IOURING), 'r');
	assert_int_equal(fd_type_char(FDT_NETLINK), 'n');
	assert_int_equal(fd_type_char(FDT_BPF), 'b');
	assert_int_equal(fd_type_char(FDT_MAX), 'o');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fd_type_names),
		cmocka_unit_test(test_scan_proc),
		cmocka_unit_test(test_scan_fixture),
		cmocka_unit_test(test_light_scan_fixture),
		cmocka_unit_test(test_scan_unlisted_fds),
		cmocka_unit_test(test_fork_copies_fds),
		cmocka_unit_test(test_clone_thread_shares_fds),
		cmocka_unit_test(test_out_of_order_clone),
		cmocka_unit_test(test_clone_in_a_pid_namespace),
		cmocka_unit_test(test_execve),
		cmocka_unit_test(test_open_paths),
		cmocka_unit_test(test_dup_close),
		cmocka_unit_test(test_sockets),
		cmocka_unit_test(test_newer_fd_events),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_exit_and_free),
		cmocka_unit_test(test_exit_reparents_children),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_capture_enter_exit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
