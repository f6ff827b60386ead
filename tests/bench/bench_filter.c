/* bench_filter.c: the filter engine's speed (issue 3). Evaluates compiled
 * filters on a few thousand events built in the scap layout (execve, openat,
 * read, connect from several threads, some in a container) over a state, and
 * prints ns per event and evaluations per second of each, as medians of
 * interleaved rounds, with the ratio to an empty filter measured alongside.
 * Bar: `proc.name=x` under 100 ns per event. It also counts the allocations
 * made while evaluating (malloc is interposed below): there must be none. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "filter/filter.h"
#include "state/state.h"

/* evt_builder.h is written for cmocka tests */
#define assert_int_equal(a, b) do { if ((a) != (b)) abort(); } while (0)
#define TS 1700000000000000000ULL
#include "../unit/evt_builder.h"

/* ---- an allocation counter: every malloc of the process, libc's included -- */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
static volatile int counting;
static uint64_t allocations;

void *malloc(size_t n)
{
	if (counting)
		allocations++;
	return __libc_malloc(n);
}
void *calloc(size_t a, size_t b)
{
	if (counting)
		allocations++;
	return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n)
{
	if (counting)
		allocations++;
	return __libc_realloc(p, n);
}
int posix_memalign(void **p, size_t align, size_t n)
{
	if (counting)
		allocations++;
	*p = __libc_memalign(align, n);
	return *p ? 0 : 12;
}

/* ---- the recorded-like events ------------------------------------------ */

#define NEVENTS 3000
#define ROUNDS 7

static struct state *st;
static struct ev *bufs;
static struct evt *evs[NEVENTS];
static const char container_id[] = "3ad7b26ded6d";
static int container_mark; /* thread->container points here for containerised threads */

static int container_get(const struct field_ctx *c, const struct field_ref *ref, const struct thread *t,
			 struct field_value *out, struct strbuf *scratch)
{
	if (strcmp(ref->def->name, "container.id"))
		return 0;
	out->kind = FK_STRING;
	out->s.p = container_id;
	out->s.len = sizeof(container_id) - 1;
	return 1;
}

struct proc_spec {
	int64_t tid, ptid;
	const char *comm, *exepath;
	uint32_t tty;
	bool in_container;
};

static const struct proc_spec procs[] = {
	{ 1, 0, "systemd", "/usr/lib/systemd/systemd", 0, false },
	{ 900, 1, "containerd-shim", "/usr/bin/containerd-shim-runc-v2", 0, false },
	{ 1000, 900, "bash", "/usr/bin/bash", 34816, true },
	{ 1001, 1000, "sh", "/bin/sh", 34816, true },
	{ 1002, 1000, "python3", "/usr/bin/python3.11", 34816, true },
	{ 1100, 1, "sshd", "/usr/sbin/sshd", 0, false },
	{ 1101, 1100, "bash", "/usr/bin/bash", 34817, false },
	{ 1102, 1101, "curl", "/usr/bin/curl", 34817, false },
	{ 1200, 1, "nginx", "/usr/sbin/nginx", 0, false },
	{ 1201, 1200, "nginx", "/usr/sbin/nginx", 0, false },
};
#define NPROCS (sizeof(procs) / sizeof(procs[0]))

static const char *const files[] = { "/etc/passwd", "/etc/ld.so.cache", "/usr/lib/x86_64-linux-gnu/libc.so.6",
				     "/var/log/nginx/access.log", "/home/alice/.bashrc", "/proc/self/status" };

static void build(void)
{
	struct state_opts o = { .offline = true };
	static const uint8_t tuple[] = { PPM_AF_INET, 10, 0, 0, 5, 0x9c, 0x40, 93, 184, 216, 34, 0x01, 0xbb };

	st = state_new(&o);
	if (!st)
		abort();
	fields_set_container_getter(container_get);
	for (size_t i = 0; i < NPROCS; i++) {
		struct thread *t = state_thread_add(st, procs[i].tid);
		struct fd_info *fd;
		strcpy(t->comm, procs[i].comm);
		t->ptid = procs[i].ptid;
		t->tty = procs[i].tty;
		t->container = procs[i].in_container ? &container_mark : NULL;
		state_set_str(&t->exepath, procs[i].exepath, strlen(procs[i].exepath));
		t->flags &= ~THREAD_F_INCOMPLETE;
		for (int f = 3; f < 6; f++) {
			const char *name = files[(i + f) % 6];
			fd = state_fd_add(st, t, f);
			fd->type = FDT_FILE;
			fd_set_name(fd, name, strlen(name));
		}
		fd = state_fd_add(st, t, 6);
		fd->type = FDT_IPV4_SOCK;
		fd->tuple.family = PPM_AF_INET;
		fd->tuple.l4proto = 6;
		memcpy(fd->tuple.cip, tuple + 1, 4);
		memcpy(fd->tuple.sip, tuple + 7, 4);
		fd->tuple.cport = 40000;
		fd->tuple.sport = 443;
		fd->role = FD_ROLE_CLIENT;
		fd_set_name(fd, "10.0.0.5:40000->93.184.216.34:443", 33);
	}
	bufs = calloc(NEVENTS, sizeof(*bufs));
	if (!bufs)
		abort();
	srandom(42);
	for (int i = 0; i < NEVENTS; i++) {
		const struct proc_spec *p = &procs[2 + random() % (NPROCS - 2)];
		struct thread *t = state_thread(st, p->tid);
		int64_t fdn = 3 + random() % 3;
		const char *file = files[random() % 6];
		switch (random() % 10) {
		case 0: /* execve */
			evs[i] = on(MK(&bufs[i], PPME_SYSCALL_EXECVE_19_X, p->tid, PI("res", 0),
				       PS("exe", p->comm), PB("args", "-c\0true\0", 8), PI("tid", p->tid),
				       PI("pid", p->tid), PI("ptid", p->ptid), PI("tty", p->tty),
				       PS("filename", p->exepath)), t, -1);
			break;
		case 1: case 2: /* openat */
			evs[i] = on(MK(&bufs[i], PPME_SYSCALL_OPENAT_2_X, p->tid, PI("fd", fdn),
				       PI("dirfd", -100), PS("name", file),
				       PI("flags", PPM_O_RDONLY | PPM_O_CLOEXEC), PI("mode", 0)), t, fdn);
			break;
		case 3: /* connect */
			evs[i] = on(MK(&bufs[i], PPME_SOCKET_CONNECT_X, p->tid, PI("res", 0),
				       PB("tuple", tuple, sizeof(tuple)), PI("fd", 6)), t, 6);
			break;
		default: /* read */
			evs[i] = on(MK(&bufs[i], PPME_SYSCALL_READ_X, p->tid, PI("res", 64),
				       PB("data", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home", 64),
				       PI("fd", fdn), PI("size", 4096)), t, fdn);
			break;
		}
		bufs[i].e.num = (uint64_t)i + 1;
		bufs[i].e.latency = 1000 + random() % 2000000;
	}
}

/* ---- measuring ------------------------------------------------------------ */

struct bench {
	const char *label;
	const char *text;
	struct filter *f;
	double ns[ROUNDS];
	uint64_t matched;
};

static struct bench benches[] = {
	{ "empty filter (baseline)", "", NULL, { 0 }, 0 },
	{ "proc.name=x", "proc.name=x", NULL, { 0 }, 0 },
	/* Falco's "Terminal shell in container" with spawned_process, container,
	 * shell_procs, container_entrypoint and the never-true exceptions macro
	 * written out inline */
	{ "Terminal shell in container",
	  "evt.type in (execve, execveat) and evt.dir=< and container.id != host "
	  "and proc.name in (ash, bash, csh, ksh, sh, tcsh, zsh, dash) and proc.tty != 0 "
	  "and (not proc.pname exists or proc.pname in (runc:[0:PARENT], runc:[1:CHILD], runc, "
	  "docker-runc, exe, docker-runc-cur, containerd-shim, systemd, crio)) and not evt.num=0",
	  NULL, { 0 }, 0 },
	/* five Falco-like rules in one condition, none typed first: every event
	 * walks most of the tree */
	{ "5 rules or'ed, untyped",
	  "(fd.name pmatch (/etc, /usr/bin, /usr/sbin, /root/.ssh) and evt.is_open_write=true "
	  "and not proc.name in (dpkg, apt, rpm, yum)) "
	  "or (fd.sip in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) and fd.sport in (22, 3389) "
	  "and not proc.name in (ssh, sshd)) "
	  "or (proc.aname in (nginx, httpd, apache2) and proc.name in (bash, sh, dash) "
	  "and evt.type = execve) "
	  "or (evt.buffer contains 'BEGIN RSA PRIVATE KEY' and not proc.name = ssh-agent) "
	  "or (evt.latency > 1500us and fd.name startswith /var/log and evt.type = write)",
	  NULL, { 0 }, 0 },
	{ "regex and glob", "fd.name regex '^/(etc|var)/[a-z]+' or fd.name glob '/usr/lib/*.so.*'", NULL,
	  { 0 }, 0 },
};
#define NBENCH (sizeof(benches) / sizeof(benches[0]))

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t run(struct filter *f, int reps, struct strbuf *scratch)
{
	uint64_t hits = 0;
	for (int r = 0; r < reps; r++)
		for (int i = 0; i < NEVENTS; i++) {
			struct field_ctx c = { .e = evs[i], .st = st };
			hits += filter_match(f, &c, scratch);
			strbuf_reset(scratch);
		}
	return hits;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	struct strbuf scratch = STRBUF_INIT;
	const int reps = 100;
	int ok = 1;

	build();
	for (size_t b = 0; b < NBENCH; b++) {
		char *cause = NULL;
		benches[b].f = filter_compile(benches[b].text, NULL, &cause);
		if (!benches[b].f) {
			fprintf(stderr, "bench_filter: %s\n", cause);
			return 1;
		}
	}
	/* the counter counts (strdup is inside libc) */
	counting = 1;
	free(strdup("x"));
	counting = 0;
	if (allocations != 1) {
		fprintf(stderr, "bench_filter: the malloc counter does not work\n");
		return 1;
	}
	/* allocations while evaluating, after one warm-up pass (the scratch buffer grows once) */
	for (size_t b = 0; b < NBENCH; b++)
		run(benches[b].f, 1, &scratch);
	printf("bench_filter: %d events (execve, openat, read, connect from %zu threads), "
	       "%d rounds of %d passes, medians\n", NEVENTS, NPROCS - 2, ROUNDS, reps);
	for (size_t b = 0; b < NBENCH; b++) {
		allocations = 0;
		counting = 1;
		benches[b].matched = run(benches[b].f, 1, &scratch);
		counting = 0;
		if (allocations)
			ok = 0;
		if (allocations)
			printf("  allocations while evaluating '%s': %llu per %d events\n", benches[b].label,
			       (unsigned long long)allocations, NEVENTS);
	}
	for (int r = 0; r < ROUNDS; r++)
		for (size_t b = 0; b < NBENCH; b++) {
			double t0 = now_ns();
			run(benches[b].f, reps, &scratch);
			benches[b].ns[r] = (now_ns() - t0) / ((double)reps * NEVENTS);
		}
	double base = 0;
	for (size_t b = 0; b < NBENCH; b++) {
		qsort(benches[b].ns, ROUNDS, sizeof(double), cmp_double);
		double med = benches[b].ns[ROUNDS / 2];
		if (b == 0)
			base = med;
		printf("  %-30s %8.1f ns/event %12.0f evals/s  %6.1fx the empty filter  matched %llu/%d\n",
		       benches[b].label, med, 1e9 / med, base > 0 ? med / base : 0,
		       (unsigned long long)benches[b].matched, NEVENTS);
	}
	double simple = benches[1].ns[ROUNDS / 2];
	printf("proc.name=x: %.1f ns per event (bar < 100 ns): %s\n", simple, simple < 100 ? "ok" : "OVER");
	printf("allocations while evaluating (all filters, C locale): %s\n", ok ? "none" : "SOME");
	for (size_t b = 0; b < NBENCH; b++)
		filter_free(benches[b].f);
	strbuf_free(&scratch);
	state_free(st);
	free(bufs);
	return simple < 100 && ok ? 0 : 1;
}
