/* source_live.c: the live probe as an event source: load it with libbpf
 * (open, set, load, attach), wire its per-syscall handlers and per-CPU ring
 * buffers, and poll them without a wakeup per event. */
#include <errno.h>
#include <linux/capability.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "event/core_btf.h"
#include "event/event_table.h"
#include "event/ringbuf.h"
#include "event/source.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "wtftop.skel.h"
#include "util/clock.h"

#define DEFAULT_RINGBUF (4u << 20)
#define LIVE_DRAIN_BATCH 65536
#define VERIFIER_TAIL 16384

/* The BTF ids of the tracepoints the probe's programs attach to. libbpf
 * would parse the kernel's BTF a second time for them (6-13 ms), then search
 * all of it once per program (0.1 ms each, 92 programs); the cut's walk
 * (core_btf.c) finds them instead, and a handler of our own for "tp_btf/"
 * sections hands them to the kernel (tp_btf_prepare). After them in the
 * look-up come the kernel ids the probe's code needs (kernel_types): the
 * cut's own ids are not the kernel's. */
#define MAX_TRACEPOINTS 8

/* bpf_rdonly_cast and the structs it casts to (extract__file,
 * extract__sock). The probe calls the kfunc through a placeholder helper
 * number, which tp_btf_prepare makes the kfunc call: a kfunc extern would
 * have libbpf parse the whole of the kernel's BTF to find it, once per half
 * (about 20 ms). */
enum { KT_RDONLY_CAST, KT_FILE, KT_FILES_STRUCT, KT_SOCKET, KT_N };
static const struct {
	const char *name;
	int kind;
} kernel_types[KT_N] = {
	[KT_RDONLY_CAST] = { "bpf_rdonly_cast", BTF_KIND_FUNC },
	[KT_FILE] = { "file", BTF_KIND_STRUCT },
	[KT_FILES_STRUCT] = { "files_struct", BTF_KIND_STRUCT },
	[KT_SOCKET] = { "socket", BTF_KIND_STRUCT },
};

struct tracepoints {
	size_t n;
	char name[MAX_TRACEPOINTS][64]; /* btf_trace_<tracepoint>, the kernel's typedef */
	/* the look-up: the n tracepoints, then the KT_N kernel_types */
	const char *names[MAX_TRACEPOINTS + KT_N];
	int kinds[MAX_TRACEPOINTS + KT_N];
	int ids[MAX_TRACEPOINTS + KT_N];
};

/* The second of the probe's two halves (see load_halves). */
struct half {
	struct wtftop_bpf *skel;  /* owned: a second copy of the probe, or NULL */
	const struct wtftop_bpf *main;
	bool *mine;               /* by program index: loaded here, not by main */
	const char *btf_path;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int maps;                 /* 0: main's maps not made yet, 1: made, -1: never will be */
	pthread_t thread;
	bool started;
	int err;
	char *cause;              /* owned */
};

struct live_source {
	struct source base;
	struct tracepoints tps;
	struct half half;
	struct wtftop_bpf *skel;
	bool no_latency;       /* live_opts' */
	struct ringset *rings;
	int btf_fd;            /* owned: the BTF libbpf relocates against, or -1 */
	int rdonly_cast_id;    /* the kernel's BTF id of the kfunc bpf_rdonly_cast */
	int ncpus;
	double load_ms;
};

static int half_join(struct half *h, char **cause);

/* libbpf's messages while loading, kept so a verifier failure can be shown. */
static char libbpf_tail[VERIFIER_TAIL];
static size_t libbpf_tail_len;
static pthread_mutex_t libbpf_tail_lock = PTHREAD_MUTEX_INITIALIZER; /* two loads at once */

/* Whether a development variable is set, looked up once into *cached. */
static bool env_flag(const char *name, int *cached)
{
	if (*cached < 0)
		*cached = getenv(name) != NULL;
	return *cached;
}

/* WTFTOP_VERIFIER_STATS=1: the verifier's cost per program, for development. */
static bool verifier_stats(void)
{
	static int on = -1;
	return env_flag("WTFTOP_VERIFIER_STATS", &on);
}

/* WTFTOP_LIBBPF_DEBUG=1: every libbpf message on stderr, its CO-RE
 * relocations among them (a probe test compares those). */
static bool libbpf_debug(void)
{
	static int on = -1;
	return env_flag("WTFTOP_LIBBPF_DEBUG", &on);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg = NULL;
	const char *p;
	int n;

	/* debug: thousands of lines (a CO-RE relocation apiece), not worth
	 * formatting; a failure comes as a warning, the verifier's log with it */
	if (level == LIBBPF_DEBUG && !verifier_stats() && !libbpf_debug())
		return 0;
	n = vasprintf(&msg, fmt, ap);
	if (n > 0 && libbpf_debug())
		fputs(msg, stderr);
	p = msg;

	if (n <= 0) {
		free(msg);
		return 0;
	}
	pthread_mutex_lock(&libbpf_tail_lock);
	/* the verifier's log arrives as one long message: keep its end */
	if ((size_t)n >= sizeof(libbpf_tail) / 2) {
		p = msg + n - sizeof(libbpf_tail) / 2;
		n = sizeof(libbpf_tail) / 2;
	}
	if (libbpf_tail_len + n >= sizeof(libbpf_tail)) {
		size_t keep = sizeof(libbpf_tail) / 2 - 1;
		if (keep > libbpf_tail_len)
			keep = libbpf_tail_len;
		memmove(libbpf_tail, libbpf_tail + libbpf_tail_len - keep, keep);
		libbpf_tail_len = keep;
	}
	memcpy(libbpf_tail + libbpf_tail_len, p, n);
	libbpf_tail_len += n;
	libbpf_tail[libbpf_tail_len] = '\0';
	pthread_mutex_unlock(&libbpf_tail_lock);
	if (verifier_stats() && strstr(msg, "verification time"))
		log_info("%s", msg);
	free(msg);
	return 0;
}

/* The last `nlines` lines of libbpf's output. */
static const char *libbpf_last_lines(int nlines)
{
	const char *p = libbpf_tail + libbpf_tail_len;
	int seen = 0;
	while (p > libbpf_tail) {
		p--;
		if (*p == '\n' && ++seen > nlines)
			return p + 1;
	}
	return libbpf_tail;
}

static bool has_cap(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

/* Checks what the probe needs before trying, so the error says what is missing. */
static char *live_check_env(void)
{
	bool bpf = has_cap(CAP_BPF) || has_cap(CAP_SYS_ADMIN);
	bool perfmon = has_cap(CAP_PERFMON) || has_cap(CAP_SYS_ADMIN);
	if (!bpf || !perfmon)
		return xasprintf("the live probe needs root, or the capabilities CAP_BPF and "
				 "CAP_PERFMON (missing:%s%s); run with sudo, or read a capture "
				 "file with -r FILE",
				 bpf ? "" : " CAP_BPF", perfmon ? "" : " CAP_PERFMON");
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		return xasprintf("this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): "
				 "wtftop's CO-RE probe needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
	return NULL;
}

static uint64_t record_ts(const void *data, size_t size)
{
	const struct wtf_evt_hdr *hdr = (const void *)((const char *)data + WTF_LIVE_PREFIX_SIZE);
	uint64_t ts;
	if (size < WTF_LIVE_PREFIX_SIZE + WTF_EVT_HDR_SIZE)
		return 0;
	memcpy(&ts, &hdr->ts, sizeof(ts));
	return ts;
}

static int ring_cb(void *ctx, const void *data, size_t size, int cpu)
{
	struct live_source *ls = ctx;
	const struct wtf_live_prefix *pre = data;

	if (size < WTF_LIVE_PREFIX_SIZE + WTF_EVT_HDR_SIZE)
		return 0;
	return ls->base.cb(ls->base.cb_ctx,
			   (const struct wtf_evt_hdr *)((const char *)data + WTF_LIVE_PREFIX_SIZE),
			   size - WTF_LIVE_PREFIX_SIZE, pre->latency, cpu);
}

static int live_poll(struct source *src, int timeout_ms)
{
	struct live_source *ls = (struct live_source *)src;
	/* a bounded batch: under a sustained flood the rings never run dry,
	 * and the caller must get to check its stop flag (SIGINT, -M) */
	int n = ringset_drain(ls->rings, LIVE_DRAIN_BATCH);

	if (n == 0 && timeout_ms != 0) {
		/* The probe wakes us only past a fill threshold, so sleep in short
		 * steps: a quiet machine still shows its events within 10 ms. */
		int step = timeout_ms < 0 || timeout_ms > 10 ? 10 : timeout_ms;
		int w = ringset_wait(ls->rings, step);
		if (w < 0)
			return w;
		n = ringset_drain(ls->rings, LIVE_DRAIN_BATCH);
	}
	return n;
}

/* At a stop: what the rings hold now, read as the consumer falls behind
 * under a flood (a quarter of a ring before it is woken), would otherwise
 * be lost without being counted. */
static int live_drain(struct source *src)
{
	struct live_source *ls = (struct live_source *)src;

	ringset_limit(ls->rings);
	return ringset_drain(ls->rings, LIVE_DRAIN_BATCH);
}

static void live_stats(struct source *src, struct source_stats *out)
{
	struct live_source *ls = (struct live_source *)src;
	int ncpus = libbpf_num_possible_cpus();
	struct wtf_counters *per = calloc(ncpus, sizeof(*per));
	uint32_t zero = 0;

	memset(out, 0, sizeof(*out));
	if (!per)
		return;
	if (bpf_map__lookup_elem(ls->skel->maps.counters, &zero, sizeof(zero), per,
				 sizeof(*per) * ncpus, 0) == 0) {
		for (int c = 0; c < ncpus; c++) {
			out->n_evts += per[c].n_evts;
			out->n_skipped += per[c].n_skipped;
			out->n_user_faults += per[c].n_user_faults;
			for (int r = 0; r < WTF_DROP_MAX; r++) {
				out->n_drops[r] += per[c].n_drops[r];
				out->n_drops_total += per[c].n_drops[r];
			}
		}
	}
	free(per);
}

static void live_free(struct source *src)
{
	struct live_source *ls = (struct live_source *)src;
	char *half_cause = NULL;

	ringset_free(ls->rings);
	half_join(&ls->half, &half_cause); /* when the load did not get that far */
	free(half_cause);
	wtftop_bpf__destroy(ls->half.skel);
	free(ls->half.mine);
	free(ls->half.cause);
	pthread_mutex_destroy(&ls->half.lock);
	pthread_cond_destroy(&ls->half.cond);
	wtftop_bpf__destroy(ls->skel);
	if (ls->btf_fd >= 0)
		close(ls->btf_fd);
	free(ls);
}

static const struct source_ops live_ops = {
	.kind = "live",
	.poll = live_poll,
	.stats = live_stats,
	.free = live_free,
	.drain = live_drain,
};

/* Arguments the enter copies before the kernel reads them (TOCTOU): a path,
 * or a sockaddr with its length; execveat's path and dirfd, clone3's flags.
 * Argument indexes are the syscall's own. */
static const struct enter_capture {
	const char *sc;
	uint8_t kind, arg, len_arg;
} enter_captures[] = {
	{ "open", WTF_CAPTURE_STR, 0, 0 },      { "openat", WTF_CAPTURE_STR, 1, 0 },
	{ "openat2", WTF_CAPTURE_STR, 1, 0 },   { "creat", WTF_CAPTURE_STR, 0, 0 },
	{ "execve", WTF_CAPTURE_STR, 0, 0 },    { "chdir", WTF_CAPTURE_STR, 0, 0 },
	{ "chroot", WTF_CAPTURE_STR, 0, 0 },    { "chmod", WTF_CAPTURE_STR, 0, 0 },
	{ "fchmodat", WTF_CAPTURE_STR, 1, 0 },  { "chown", WTF_CAPTURE_STR, 0, 0 },
	{ "lchown", WTF_CAPTURE_STR, 0, 0 },    { "fchownat", WTF_CAPTURE_STR, 1, 0 },
	{ "link", WTF_CAPTURE_STR, 0, 0 },      { "linkat", WTF_CAPTURE_STR, 1, 0 },
	{ "symlink", WTF_CAPTURE_STR, 0, 0 },   { "symlinkat", WTF_CAPTURE_STR, 0, 0 },
	{ "rename", WTF_CAPTURE_STR, 0, 0 },    { "renameat", WTF_CAPTURE_STR, 1, 0 },
	{ "renameat2", WTF_CAPTURE_STR, 1, 0 }, { "unlink", WTF_CAPTURE_STR, 0, 0 },
	{ "unlinkat", WTF_CAPTURE_STR, 1, 0 },  { "mkdir", WTF_CAPTURE_STR, 0, 0 },
	{ "mkdirat", WTF_CAPTURE_STR, 1, 0 },   { "rmdir", WTF_CAPTURE_STR, 0, 0 },
	{ "mknod", WTF_CAPTURE_STR, 0, 0 },     { "mknodat", WTF_CAPTURE_STR, 1, 0 },
	{ "stat", WTF_CAPTURE_STR, 0, 0 },      { "lstat", WTF_CAPTURE_STR, 0, 0 },
	{ "newfstatat", WTF_CAPTURE_STR, 1, 0 }, { "mount", WTF_CAPTURE_STR, 1, 0 },
	{ "umount2", WTF_CAPTURE_STR, 0, 0 },
	{ "connect", WTF_CAPTURE_SOCKADDR, 1, 2 }, { "bind", WTF_CAPTURE_SOCKADDR, 1, 2 },
	{ "execveat", WTF_CAPTURE_EXECVEAT, 0, 0 }, { "clone3", WTF_CAPTURE_CLONE3, 0, 0 },
};

/* Syscalls whose exit handler is another syscall's program: it serves them
 * all, reading from syscall_cfg which event to emit, so the verifier checks
 * one copy instead of one per syscall. */
static const struct handler_alias {
	const char *sc, *handler;
} handler_aliases[] = {
	{ "fork", "clone" },
	{ "vfork", "clone" },
	{ "clone3", "clone" },
	{ "execveat", "execve" },
	{ "preadv", "readv" },
	{ "pwritev", "writev" },
	{ "unlink", "rmdir" },
	{ "stat", "rmdir" },
	{ "lstat", "rmdir" },
	{ "dup3", "dup2" },
	{ "pipe2", "pipe" },
	{ "link", "rename" },
	{ "setgid", "setuid" },
	{ "setresgid", "setresuid" },
	{ "munlock", "mlock" },
	{ "lchown", "chown" },
	{ "setregid", "setreuid" },
	{ "process_vm_writev", "process_vm_readv" },
	{ "accept4", "accept" },
};

/* The handler programs are named sys_exit_<syscall>. */
static struct bpf_program *find_handler(struct bpf_object *obj, const char *sc)
{
	char name[96];
	for (size_t i = 0; i < sizeof(handler_aliases) / sizeof(handler_aliases[0]); i++)
		if (!strcmp(sc, handler_aliases[i].sc)) {
			sc = handler_aliases[i].handler;
			break;
		}
	snprintf(name, sizeof(name), "sys_exit_%s", sc);
	return bpf_object__find_program_by_name(obj, name);
}

static const struct enter_capture *find_capture(const char *sc)
{
	for (size_t i = 0; i < sizeof(enter_captures) / sizeof(enter_captures[0]); i++)
		if (!strcmp(enter_captures[i].sc, sc))
			return &enter_captures[i];
	return NULL;
}

int source_live_set_interest(struct source *src, const bool *interest)
{
	struct live_source *ls = (struct live_source *)src;
	int fd = bpf_map__fd(ls->skel->maps.syscall_cfg);
	uint32_t keys[SYSCALL_TABLE_SIZE], n = 0;
	struct wtf_syscall_cfg cfgs[SYSCALL_TABLE_SIZE];

	for (uint32_t nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const struct syscall_info *si = &syscall_table[nr];
		struct wtf_syscall_cfg cfg = { 0 };
		if (!si->name)
			continue;
		const struct enter_capture *cap = find_capture(si->name);
		if (!interest || interest[nr])
			cfg.flags |= WTF_SC_INTERESTING;
		if (cap) {
			cfg.capture = cap->kind;
			cfg.capture_arg = cap->arg;
			cfg.capture_len_arg = cap->len_arg;
		}
		if ((cfg.flags & WTF_SC_INTERESTING) && (!ls->no_latency || cap))
			cfg.flags |= WTF_SC_ENTER;
		cfg.ppm_sc = si->ppm_sc;
		cfg.exit_event = si->exit_event;
		keys[n] = nr;
		cfgs[n++] = cfg;
	}
	/* one system call for all of them, not one each */
	if (bpf_map_update_batch(fd, keys, cfgs, &n, NULL))
		return -errno;
	return 0;
}

/* The fd of sc's exit handler, from whichever half loaded it; -1 when
 * there is none. */
static int handler_fd(const struct live_source *ls, const char *sc)
{
	struct bpf_program *p = find_handler(ls->skel->obj, sc);
	if (p && bpf_program__fd(p) < 0 && ls->half.skel)
		p = find_handler(ls->half.skel->obj, sc);
	return p && bpf_program__fd(p) >= 0 ? bpf_program__fd(p) : -1;
}

/* Puts each handler program into the tail-call table at its syscall's number. */
static int wire_handlers(struct live_source *ls)
{
	int exit_fd = bpf_map__fd(ls->skel->maps.exit_progs);

	for (uint32_t nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const char *sc = syscall_table[nr].name;
		int pfd;
		if (sc && (pfd = handler_fd(ls, sc)) >= 0 && bpf_map_update_elem(exit_fd, &nr, &pfd, BPF_ANY))
			return -errno;
	}
	return 0;
}

#define TP_TYPEDEF "btf_trace_"

/* The index of tracepoint `tp` in tps, or tps->n when it is not there. */
static size_t tracepoint_index(const struct tracepoints *tps, const char *tp)
{
	size_t i = 0;
	while (i < tps->n && strcmp(tps->name[i] + strlen(TP_TYPEDEF), tp))
		i++;
	return i;
}

/* Notes each tracepoint a program of obj attaches to (section tp_btf/<name>). */
static int collect_tracepoints(struct bpf_object *obj, struct tracepoints *tps)
{
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj) {
		const char *tp = strchr(bpf_program__section_name(p), '/');
		size_t i;
		if (!tp++ || (i = tracepoint_index(tps, tp)) < tps->n)
			continue;
		if (tps->n == MAX_TRACEPOINTS)
			return -E2BIG;
		snprintf(tps->name[i], sizeof(tps->name[i]), TP_TYPEDEF "%s", tp);
		tps->names[i] = tps->name[i];
		tps->kinds[i] = BTF_KIND_TYPEDEF;
		tps->n++;
	}
	return 0;
}

/* The look-up of the kernel's BTF ids: the tracepoints' typedefs, then
 * kernel_types. */
static struct core_btf_lookup kernel_lookup(struct tracepoints *tps)
{
	for (size_t k = 0; k < KT_N; k++) {
		tps->names[tps->n + k] = kernel_types[k].name;
		tps->kinds[tps->n + k] = kernel_types[k].kind;
	}
	return (struct core_btf_lookup){ tps->n + KT_N, tps->names, tps->kinds, tps->ids };
}

/* With WTFTOP_FULL_BTF, the look-up done in the whole of the kernel's BTF, as
 * libbpf would, rather than by the cut. 0 or a negative errno with *cause. */
static int lookup_in_full_btf(struct core_btf_lookup *l, char **cause)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int err = errno;

	if (!vmlinux) {
		*cause = xasprintf("cannot read the kernel's BTF: %s", strerror(err));
		return -err;
	}
	for (size_t i = 0; i < l->n; i++) {
		int id = btf__find_by_name_kind(vmlinux, l->names[i], l->kinds[i]);
		l->ids[i] = id > 0 ? id : 0;
	}
	btf__free(vmlinux);
	return 0;
}

/* Hands the kernel ids of kernel_types to the probe: the structs as load-time
 * settings, the kfunc to tp_btf_prepare. A kernel before 6.2 has no
 * bpf_rdonly_cast, and the probe then reads those structs with helper calls
 * (as it does with WTFTOP_NO_RDONLY_CAST set, to check that the two agree).
 * 0, or -ESRCH with *cause set. */
static int set_kernel_types(struct live_source *ls, char **cause)
{
	const int *id = &ls->tps.ids[ls->tps.n];

	ls->rdonly_cast_id = getenv("WTFTOP_NO_RDONLY_CAST") ? 0 : id[KT_RDONLY_CAST];
	if (!ls->rdonly_cast_id)
		return 0;
	for (size_t k = 0; k < KT_N; k++)
		if (id[k] <= 0) {
			*cause = xasprintf("the kernel's BTF has no %s", kernel_types[k].name);
			return -ESRCH;
		}
	ls->skel->rodata->wtf_rdonly_cast = true;
	ls->skel->rodata->wtf_btf_file = id[KT_FILE];
	ls->skel->rodata->wtf_btf_files_struct = id[KT_FILES_STRUCT];
	ls->skel->rodata->wtf_btf_socket = id[KT_SOCKET];
	return 0;
}

/* Makes the probe's placeholder calls (WTF_CALL_RDONLY_CAST) the kfunc
 * calls they stand for, or without the kfunc (id 0) a copy of the pointer,
 * in code the verifier then never reaches (wtf_rdonly_cast is false). libbpf
 * has relocated the instructions and loads these very ones next; had it
 * copied them already, the kernel would refuse the unknown helper number,
 * and say so. */
static void patch_kfunc_calls(struct bpf_program *prog, int rdonly_cast_id)
{
	struct bpf_insn *insn = (struct bpf_insn *)bpf_program__insns(prog);
	size_t n = bpf_program__insn_cnt(prog);

	for (size_t i = 0; i < n; i++) {
		if (insn[i].code != (BPF_JMP | BPF_CALL) || insn[i].src_reg != 0 ||
		    insn[i].imm != WTF_CALL_RDONLY_CAST)
			continue;
		if (rdonly_cast_id)
			insn[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_KFUNC_CALL,
						     .imm = rdonly_cast_id }; /* off 0: the kernel's BTF */
		else
			insn[i] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_0,
						     .src_reg = BPF_REG_1 };
	}
}

/* Tells the second half that the main object's maps are made (1), or that
 * they never will be (-1). */
static void half_signal(struct half *h, int maps)
{
	pthread_mutex_lock(&h->lock);
	if (h->maps == 0) {
		h->maps = maps;
		pthread_cond_signal(&h->cond);
	}
	pthread_mutex_unlock(&h->lock);
}

/* libbpf's prog_prepare_load_fn for tp_btf/ sections: the program goes to the
 * kernel as the BTF raw tracepoint program it is, with the id found by the cut
 * (or with WTFTOP_FULL_BTF in the whole BTF), its kfunc calls made.
 * It is registered as a plain raw tracepoint program until now, because
 * libbpf parses the kernel's BTF for any tracing program it opens. */
static int tp_btf_prepare(struct bpf_program *prog, struct bpf_prog_load_opts *o, long cookie)
{
	struct live_source *ls = (struct live_source *)cookie;
	const struct tracepoints *tps = &ls->tps;
	size_t i = tracepoint_index(tps, strchr(bpf_program__section_name(prog), '/') + 1);

	/* libbpf makes all of an object's maps before its first program */
	half_signal(&ls->half, 1);

	if (i == tps->n)
		return -ESRCH;
	if (!tps->ids[i]) {
		log_error("the kernel's BTF has no %s", tps->name[i]);
		return -ESRCH;
	}
	patch_kfunc_calls(prog, ls->rdonly_cast_id);
	o->attach_btf_id = tps->ids[i];
	o->attach_btf_obj_fd = 0;
	return bpf_program__set_type(prog, BPF_PROG_TYPE_TRACING);
}

/* Attaches every program of the skeleton that is not a tail-called handler. */
static int attach_programs(struct bpf_object_skeleton *s)
{
	for (int i = 0; i < s->prog_cnt; i++) {
		struct bpf_program *p = *s->progs[i].prog;
		if (!bpf_program__autoload(p) || !bpf_program__autoattach(p))
			continue;
		*s->progs[i].link = bpf_program__attach_trace(p);
		if (!*s->progs[i].link)
			return -errno;
	}
	return 0;
}

static bool is_handler(const struct bpf_program *p)
{
	const char *n = bpf_program__name(p);
	return strncmp(n, "sys_exit_", 9) == 0;
}

/* The probe loads in two halves at once, one per thread: the verifier checks
 * one program at a time, and it is most of the load. The main object makes
 * the maps and loads the attached programs and some handlers; a second copy
 * of the probe loads the other handlers into the same maps, as soon as the
 * main object has made them. */

struct sized_prog {
	size_t idx, insns;
};

static int by_size_desc(const void *a, const void *b)
{
	const struct sized_prog *x = a, *y = b;
	return x->insns < y->insns ? 1 : x->insns > y->insns ? -1 : 0;
}

/* Deals the handlers between the halves, biggest first, each to the half
 * with fewer instructions so far; mine[i]: program i goes to the second. */
static int deal_handlers(struct bpf_object *obj, bool *mine, size_t nprogs)
{
	struct sized_prog *h = calloc(nprogs, sizeof(*h));
	struct bpf_program *p;
	size_t nh = 0, idx = 0, load[2] = { 0, 0 };

	if (!h)
		return -ENOMEM;
	bpf_object__for_each_program(p, obj) {
		if (is_handler(p))
			h[nh++] = (struct sized_prog){ idx, bpf_program__insn_cnt(p) };
		else
			load[0] += bpf_program__insn_cnt(p);
		idx++;
	}
	qsort(h, nh, sizeof(*h), by_size_desc);
	for (size_t i = 0; i < nh; i++) {
		int to = load[1] < load[0];
		mine[h[i].idx] = to;
		load[to] += h[i].insns;
	}
	free(h);
	return 0;
}

/* The second half's thread: opens its copy of the probe, waits for the main
 * object's maps, takes them over and loads its programs. */
static void *half_run(void *arg)
{
	struct half *h = arg;
	LIBBPF_OPTS(bpf_object_open_opts, o, .btf_custom_path = h->btf_path);
	struct bpf_program *p;
	struct bpf_map *m;
	size_t i = 0;
	int maps;

	h->skel = wtftop_bpf__open_opts(&o);
	if (!h->skel) {
		h->err = -errno;
		h->cause = xasprintf("cannot open the probe's second half: %s", strerror(errno));
		return NULL;
	}
	bpf_object__for_each_program(p, h->skel->obj) {
		bpf_program__set_autoload(p, h->mine[i++]);
		bpf_program__set_autoattach(p, false);
		if (verifier_stats())
			bpf_program__set_log_level(p, 4);
	}
	pthread_mutex_lock(&h->lock);
	while (!(maps = h->maps))
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
	if (maps < 0)
		return NULL; /* the main object failed, and says why */
	bpf_object__for_each_map(m, h->skel->obj) {
		struct bpf_map *mm = bpf_object__find_map_by_name(h->main->obj, bpf_map__name(m));
		if (!mm || (h->err = bpf_map__reuse_fd(m, bpf_map__fd(mm)))) {
			h->err = h->err ? h->err : -ENOENT;
			h->cause = xasprintf("cannot share the probe's map %s: %s", bpf_map__name(m),
					     strerror(-h->err));
			return NULL;
		}
	}
	h->err = wtftop_bpf__load(h->skel); /* load_halves says why, once both are done */
	return NULL;
}

/* Starts the second half's thread, which opens its copy of the probe while
 * this thread cuts the kernel's BTF. */
static int half_start(struct half *h, char **cause)
{
	int err = pthread_create(&h->thread, NULL, half_run, h);
	if (err) {
		*cause = xasprintf("cannot start the probe's second half: %s", strerror(err));
		return -err;
	}
	h->started = true;
	return 0;
}

/* Waits for the second half's thread, which is told to give up if the main
 * object's maps were never made; the half's error, if any. */
static int half_join(struct half *h, char **cause)
{
	if (!h->started)
		return 0;
	half_signal(h, -1);
	pthread_join(h->thread, NULL);
	h->started = false;
	if (h->err) {
		*cause = h->cause;
		h->cause = NULL;
	}
	return h->err;
}

/* Loads the probe: the main object here, the second half (if started) in
 * its thread at the same time. 0, or a negative errno with *cause set. */
static int load_halves(struct live_source *ls, char **cause)
{
	int err = wtftop_bpf__load(ls->skel);
	char *half_cause = NULL;
	int half_err = half_join(&ls->half, &half_cause);

	if (!err && half_err && half_cause) {
		*cause = half_cause;
		return half_err;
	}
	free(half_cause);
	err = err ? err : half_err;
	if (err) /* a refusal, the verifier's words the last libbpf printed */
		*cause = xasprintf("the kernel refused the probe (%s); the verifier said:\n%s",
				   strerror(-err), libbpf_last_lines(12));
	return err;
}

struct source *source_live_new(const struct live_opts *opts, source_event_fn cb, void *ctx,
			       char **cause)
{
	struct live_source *ls;
	struct bpf_program *prog;
	LIBBPF_OPTS(bpf_object_open_opts, open_opts);
	char btf_path[64];
	uint64_t t0;
	uint32_t rbsize = opts->ringbuf_bytes ? opts->ringbuf_bytes : DEFAULT_RINGBUF;
	size_t nprogs;
	struct core_btf_lookup lookup;
	bool full_btf;
	int err, tp_handler = -1;

	*cause = live_check_env();
	if (*cause)
		return NULL;
	ls = calloc(1, sizeof(*ls));
	if (!ls) {
		*cause = xasprintf("out of memory");
		return NULL;
	}
	t0 = clock_ns(CLOCK_MONOTONIC);
	ls->base.ops = &live_ops;
	ls->base.cb = cb;
	ls->base.cb_ctx = ctx;
	ls->base.name = "live";
	ls->ncpus = libbpf_num_possible_cpus();
	ls->btf_fd = -1;
	pthread_mutex_init(&ls->half.lock, NULL);
	pthread_cond_init(&ls->half.cond, NULL);
	libbpf_tail_len = 0;
	libbpf_set_print(libbpf_print);

	/* The probe is relocated against the kernel's BTF cut down to the
	 * types it names (core_btf.c: one walk of the kernel's types instead of
	 * one per type), or against the whole of it with WTFTOP_FULL_BTF set, to
	 * check that the two agree. libbpf reads the file at load: the cut is
	 * written once the probe's own BTF, which says what goes in it, has been
	 * opened. */
	full_btf = getenv("WTFTOP_FULL_BTF") != NULL;
	if (full_btf) {
		snprintf(btf_path, sizeof(btf_path), "%s", "/sys/kernel/btf/vmlinux");
	} else if ((ls->btf_fd = memfd_create("wtftop-core-btf", MFD_CLOEXEC)) >= 0) {
		snprintf(btf_path, sizeof(btf_path), "/proc/self/fd/%d", ls->btf_fd);
	} else {
		*cause = xasprintf("cannot make a file for the kernel's BTF: %s", strerror(errno));
		goto fail;
	}
	{
		LIBBPF_OPTS(libbpf_prog_handler_opts, h, .cookie = (long)ls,
			    .prog_prepare_load_fn = tp_btf_prepare);
		tp_handler = libbpf_register_prog_handler("tp_btf/", BPF_PROG_TYPE_RAW_TRACEPOINT,
							  BPF_TRACE_RAW_TP, &h);
		if (tp_handler < 0) {
			*cause = xasprintf("cannot register the probe's loader: %s", strerror(-tp_handler));
			goto fail;
		}
	}
	open_opts.btf_custom_path = btf_path;
	ls->skel = wtftop_bpf__open_opts(&open_opts);
	if (!ls->skel) {
		*cause = xasprintf("cannot open the probe: %s", strerror(errno));
		goto fail;
	}
	if ((err = collect_tracepoints(ls->skel->obj, &ls->tps))) {
		*cause = xasprintf("the probe attaches to too many tracepoints");
		goto fail;
	}
	lookup = kernel_lookup(&ls->tps);
	if (full_btf) {
		/* the main object loads alone */
		if ((err = lookup_in_full_btf(&lookup, cause)))
			goto fail;
	} else {
		nprogs = 0;
		bpf_object__for_each_program(prog, ls->skel->obj)
			nprogs++;
		ls->half.mine = calloc(nprogs, sizeof(bool));
		if (!ls->half.mine || deal_handlers(ls->skel->obj, ls->half.mine, nprogs)) {
			*cause = xasprintf("out of memory");
			goto fail;
		}
		ls->half.main = ls->skel;
		ls->half.btf_path = btf_path;
		if ((err = half_start(&ls->half, cause)))
			goto fail;
		if ((err = core_btf_cut(bpf_object__btf(ls->skel->obj), ls->btf_fd, &lookup, cause)))
			goto fail;
	}
	if ((err = set_kernel_types(ls, cause)))
		goto fail;
	ls->skel->rodata->wtf_self_tgid = getpid();
	ls->skel->rodata->wtf_boot_to_epoch = boot_epoch_ns();
	ls->skel->rodata->wtf_snaplen = opts->snaplen > WTF_MAX_SNAPLEN ? WTF_MAX_SNAPLEN : opts->snaplen;
	ls->no_latency = opts->no_latency;
	ls->skel->rodata->wtf_timed = !opts->no_latency;
	ls->skel->rodata->wtf_wakeup_bytes = rbsize / 4;
	ls->skel->rodata->wtf_pressure_bytes = rbsize / 2;
	bpf_map__set_max_entries(ls->skel->maps.auxbufs, ls->ncpus);
	/* each CPU's ring, at the size asked for (wtf_event.h has the layout) */
	bpf_map__set_max_entries(ls->skel->maps.rings, ls->ncpus);
	if (bpf_map__set_value_size(ls->skel->maps.rings, WTF_RING_DATA_OFF + rbsize + WTF_RING_SPILL)) {
		*cause = xasprintf("cannot size the rings (%u bytes per CPU)", rbsize);
		goto fail;
	}
	ls->skel->rodata->wtf_ring_mask = rbsize - 1;
	nprogs = 0;
	bpf_object__for_each_program(prog, ls->skel->obj) {
		if (ls->half.mine && ls->half.mine[nprogs])
			bpf_program__set_autoload(prog, false);
		nprogs++;
		if (is_handler(prog))
			bpf_program__set_autoattach(prog, false);
		if (verifier_stats())
			bpf_program__set_log_level(prog, 4);
	}

	err = load_halves(ls, cause);
	if (tp_handler >= 0)
		libbpf_unregister_prog_handler(tp_handler);
	tp_handler = -1;
	if (ls->btf_fd >= 0)
		close(ls->btf_fd); /* read by the load, not needed after */
	ls->btf_fd = -1;
	/* What the load allocated and freed (core_btf.c's tables and copy,
	 * libbpf's working copies of two objects) stays in glibc's heap: give
	 * it back before the rings are mapped. Little now (0.1 MB of
	 * peak RSS); 11 MB when libbpf parsed the kernel's BTF as well. */
	malloc_trim(0);
	if (err)
		goto fail;

	ls->rings = ringset_new(bpf_map__fd(ls->skel->maps.rings), bpf_map__fd(ls->skel->maps.wakeups),
				ls->ncpus, rbsize, ring_cb, record_ts, ls);
	if (!ls->rings) {
		*cause = xasprintf("cannot map the rings: %s", strerror(errno));
		goto fail;
	}
	if ((err = wire_handlers(ls)) || (err = source_live_set_interest(&ls->base, opts->interest))) {
		*cause = xasprintf("cannot configure the probe: %s", strerror(-err));
		goto fail;
	}
	if ((err = attach_programs(ls->skel->skeleton))) {
		*cause = xasprintf("cannot attach the probe to the syscall tracepoints: %s\n%s",
				   strerror(-err), libbpf_last_lines(6));
		goto fail;
	}
	ls->load_ms = (double)(clock_ns(CLOCK_MONOTONIC) - t0) / 1e6;
	return &ls->base;
fail:
	if (tp_handler >= 0)
		libbpf_unregister_prog_handler(tp_handler);
	live_free(&ls->base);
	return NULL;
}

double source_live_load_ms(struct source *src)
{
	return ((struct live_source *)src)->load_ms;
}
