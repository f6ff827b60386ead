/* scap_legacy.c: our exit-time events as the enter/exit pairs, parameter
 * lists and event codes of sysdig 0.29.3's libs (see scap_legacy.h).
 *
 * The facts below come from `sysdig -L` of Debian's sysdig 0.29.3 set
 * against our event table (`wtftop -L`): same codes, same parameter types
 * and names up to the length that sysdig knows. */
#include <errno.h>
#include <string.h>

#include "capture/scap_legacy.h"

/* Events whose parameter list grew after libs 0.7 (mostly exits that gained
 * their enter's parameters): how many parameters 0.29.3 reads. The other
 * codes below SCAP_LEGACY_EVENT_MAX have the same list in both. */
static const struct {
	uint16_t type;
	uint8_t nparams;
} legacy_nparams[] = {
	{ PPME_GENERIC_X, 1 }, { PPME_SYSCALL_OPEN_X, 5 }, { PPME_SYSCALL_CLOSE_X, 1 },
	{ PPME_SYSCALL_READ_X, 2 }, { PPME_SYSCALL_WRITE_X, 2 }, { PPME_SOCKET_SOCKET_X, 1 },
	{ PPME_SOCKET_BIND_X, 2 }, { PPME_SOCKET_CONNECT_X, 2 }, { PPME_SOCKET_LISTEN_X, 1 },
	{ PPME_SOCKET_SEND_X, 2 }, { PPME_SOCKET_SENDTO_X, 2 }, { PPME_SOCKET_RECV_X, 2 },
	{ PPME_SOCKET_RECVFROM_X, 3 }, { PPME_SOCKET_SHUTDOWN_X, 1 }, { PPME_SOCKET_SOCKETPAIR_X, 5 },
	{ PPME_SOCKET_SENDMSG_X, 2 }, { PPME_SOCKET_SENDMMSG_X, 0 }, { PPME_SOCKET_RECVMSG_X, 4 },
	{ PPME_SOCKET_RECVMMSG_X, 0 }, { PPME_SYSCALL_CREAT_X, 4 }, { PPME_SYSCALL_EVENTFD_X, 1 },
	{ PPME_SYSCALL_FUTEX_X, 1 }, { PPME_SYSCALL_FSTAT_X, 1 }, { PPME_SYSCALL_FSTAT64_X, 1 },
	{ PPME_SYSCALL_EPOLLWAIT_X, 1 }, { PPME_SYSCALL_POLL_X, 2 }, { PPME_SYSCALL_LSEEK_X, 1 },
	{ PPME_SYSCALL_LLSEEK_X, 1 }, { PPME_SYSCALL_FCHDIR_X, 1 }, { PPME_SYSCALL_PREAD_X, 2 },
	{ PPME_SYSCALL_PWRITE_X, 2 }, { PPME_SYSCALL_READV_X, 3 }, { PPME_SYSCALL_WRITEV_X, 2 },
	{ PPME_SYSCALL_PREADV_X, 3 }, { PPME_SYSCALL_PWRITEV_X, 2 }, { PPME_SYSCALL_SIGNALFD_X, 1 },
	{ PPME_SYSCALL_KILL_X, 1 }, { PPME_SYSCALL_TKILL_X, 1 }, { PPME_SYSCALL_TGKILL_X, 1 },
	{ PPME_SYSCALL_NANOSLEEP_X, 1 }, { PPME_SYSCALL_TIMERFD_CREATE_X, 1 }, { PPME_SYSCALL_INOTIFY_INIT_X, 1 },
	{ PPME_SYSCALL_GETRLIMIT_X, 3 }, { PPME_SYSCALL_SETRLIMIT_X, 3 }, { PPME_SYSCALL_PRLIMIT_X, 5 },
	{ PPME_SYSCALL_FCNTL_X, 1 }, { PPME_SYSCALL_BRK_4_X, 4 }, { PPME_SYSCALL_MMAP_X, 4 },
	{ PPME_SYSCALL_MMAP2_X, 4 }, { PPME_SYSCALL_MUNMAP_X, 4 }, { PPME_SYSCALL_SPLICE_X, 1 },
	{ PPME_SYSCALL_PTRACE_X, 3 }, { PPME_SYSCALL_IOCTL_3_X, 1 }, { PPME_PROCEXIT_1_E, 4 },
	{ PPME_SYSCALL_SENDFILE_X, 2 }, { PPME_SYSCALL_QUOTACTL_X, 14 }, { PPME_SYSCALL_SETRESUID_X, 1 },
	{ PPME_SYSCALL_SETRESGID_X, 1 }, { PPME_SYSCALL_SETUID_X, 1 }, { PPME_SYSCALL_SETGID_X, 1 },
	{ PPME_SYSCALL_CLONE_20_X, 20 }, { PPME_SYSCALL_FORK_20_X, 20 }, { PPME_SYSCALL_VFORK_20_X, 20 },
	{ PPME_SYSCALL_GETDENTS_X, 1 }, { PPME_SYSCALL_GETDENTS64_X, 1 }, { PPME_SYSCALL_SETNS_X, 1 },
	{ PPME_SYSCALL_FLOCK_X, 1 }, { PPME_SYSCALL_SEMOP_X, 8 }, { PPME_SYSCALL_SEMCTL_X, 1 },
	{ PPME_SYSCALL_PPOLL_X, 2 }, { PPME_SYSCALL_MOUNT_X, 4 }, { PPME_SYSCALL_SEMGET_X, 1 },
	{ PPME_SYSCALL_ACCESS_X, 2 }, { PPME_SYSCALL_MKDIR_2_X, 2 }, { PPME_SYSCALL_UNSHARE_X, 1 },
	{ PPME_SYSCALL_EXECVE_19_X, 20 }, { PPME_SYSCALL_SETPGID_X, 1 }, { PPME_SYSCALL_SECCOMP_E, 1 },
	{ PPME_SYSCALL_SECCOMP_X, 1 }, { PPME_SYSCALL_OPENAT_2_X, 6 }, { PPME_SYSCALL_OPENAT2_X, 6 },
	{ PPME_SYSCALL_MPROTECT_X, 1 }, { PPME_SYSCALL_EXECVEAT_X, 20 }, { PPME_SYSCALL_COPY_FILE_RANGE_X, 3 },
	{ PPME_SYSCALL_CLONE3_X, 20 },
};

/* System-independent syscall codes (ppm_sc) 0.29.3 knows: clone3 (328) is
 * its last; a generic event with a higher one crashes it. */
#define SCAP_LEGACY_PPM_SC_MAX 329

/* Newer event variants that 0.29.3 knows under an older code; libs 0.7
 * reported these syscalls with the older event. */
static const struct {
	uint16_t from, to;
} legacy_twins[] = {
	{ PPME_SOCKET_ACCEPT4_6_X, PPME_SOCKET_ACCEPT4_5_X },
	{ PPME_SYSCALL_DUP_1_X, PPME_SYSCALL_DUP_X },
	{ PPME_SYSCALL_DUP2_X, PPME_SYSCALL_DUP_X },
	{ PPME_SYSCALL_DUP3_X, PPME_SYSCALL_DUP_X },
	{ PPME_SYSCALL_PIPE2_X, PPME_SYSCALL_PIPE_X },
	{ PPME_SYSCALL_EVENTFD2_X, PPME_SYSCALL_EVENTFD_X },
	{ PPME_SYSCALL_SIGNALFD4_X, PPME_SYSCALL_SIGNALFD_X },
	{ PPME_SYSCALL_INOTIFY_INIT1_X, PPME_SYSCALL_INOTIFY_INIT_X },
	{ PPME_SYSCALL_UMOUNT2_X, PPME_SYSCALL_UMOUNT_X },
};

/* Where a parameter of the written event has another name in ours. Every
 * other enter parameter is found under its own name in our exit event (the
 * event table appends them with scap's names). */
static const struct {
	uint16_t type;
	const char *name, *ours;
} legacy_aliases[] = {
	{ PPME_SYSCALL_DUP_E, "fd", "oldfd" }, /* dup, dup2, dup3: the fd duplicated */
};

uint32_t scap_legacy_nparams(uint16_t type)
{
	for (size_t i = 0; i < sizeof(legacy_nparams) / sizeof(legacy_nparams[0]); i++)
		if (legacy_nparams[i].type == type)
			return legacy_nparams[i].nparams;
	return type < PPM_EVENT_MAX ? event_table[type].nparams : 0;
}

static uint16_t legacy_twin(uint16_t type)
{
	for (size_t i = 0; i < sizeof(legacy_twins) / sizeof(legacy_twins[0]); i++)
		if (legacy_twins[i].from == type)
			return legacy_twins[i].to;
	return type;
}

/* Bytes of a fixed-size parameter type; 0 for variable-length ones. */
static uint32_t fixed_size(enum param_type t)
{
	switch (t) {
	case PT_INT8: case PT_UINT8: case PT_FLAGS8: case PT_ENUMFLAGS8: case PT_SIGTYPE:
	case PT_L4PROTO: case PT_SOCKFAMILY:
		return 1;
	case PT_INT16: case PT_UINT16: case PT_FLAGS16: case PT_ENUMFLAGS16: case PT_SYSCALLID:
	case PT_PORT:
		return 2;
	case PT_INT32: case PT_UINT32: case PT_FLAGS32: case PT_ENUMFLAGS32: case PT_UID: case PT_GID:
	case PT_BOOL: case PT_SIGSET: case PT_MODE: case PT_IPV4ADDR:
		return 4;
	case PT_INT64: case PT_UINT64: case PT_ERRNO: case PT_FD: case PT_PID: case PT_RELTIME:
	case PT_ABSTIME: case PT_DOUBLE:
		return 8;
	case PT_IPV6ADDR:
		return 16;
	default:
		return 0;
	}
}

static bool is_string(enum param_type t)
{
	return t == PT_CHARBUF || t == PT_FSPATH || t == PT_FSRELPATH;
}

/* One event being built: its parameters point into the source event, into
 * `num` (integers re-sized or made up) or at constants. */
struct build {
	uint16_t type;
	uint32_t n;
	const uint8_t *p[WTF_MAX_PARAMS];
	uint32_t len[WTF_MAX_PARAMS];
	uint8_t num[WTF_MAX_PARAMS][8];
};

static const uint8_t zeros[16];

/* Sets parameter i of b, of type t, from source bytes src[0..slen): copied
 * when the size fits, an integer re-sized, or the type's empty value. */
static void put_param(struct build *b, uint32_t i, enum param_type t, const uint8_t *src, uint32_t slen)
{
	uint32_t want = fixed_size(t);

	if (src && (!want || slen == want)) {
		b->p[i] = src;
		b->len[i] = slen;
		return;
	}
	if (src && want && want <= 8 && (slen == 1 || slen == 2 || slen == 4 || slen == 8)) {
		uint64_t v = 0;
		memcpy(&v, src, slen); /* little-endian: the low bytes first */
		memcpy(b->num[i], &v, want);
		b->p[i] = b->num[i];
		b->len[i] = want;
		return;
	}
	/* absent: zero, or an empty string, as the probe writes an unreadable one */
	b->p[i] = want ? zeros : (const uint8_t *)"";
	b->len[i] = want ? want : is_string(t) ? 1 : 0;
}

static int source_index(const struct evt *e, uint16_t type, const char *name)
{
	for (size_t i = 0; i < sizeof(legacy_aliases) / sizeof(legacy_aliases[0]); i++)
		if (legacy_aliases[i].type == type && !strcmp(legacy_aliases[i].name, name))
			name = legacy_aliases[i].ours;
	for (uint32_t i = 0; i < e->info->nparams && i < e->nparams; i++)
		if (!strcmp(e->info->params[i].name, name))
			return (int)i;
	return -1;
}

/* Fills b as event `type` with the parameters 0.29.3 knows, each taken from
 * e: by position when e is that very event type, else by name. */
static void build_from(struct build *b, uint16_t type, const struct evt *e)
{
	const struct event_info *ti = &event_table[type];
	bool same = e->hdr->type == type;

	b->type = type;
	b->n = scap_legacy_nparams(type);
	for (uint32_t i = 0; i < b->n; i++) {
		int si = same ? (i < e->nparams ? (int)i : -1) : source_index(e, type, ti->params[i].name);
		if (si >= 0)
			put_param(b, i, ti->params[i].type, e->params[si], e->lens[si]);
		else
			put_param(b, i, ti->params[i].type, NULL, 0);
	}
}

/* A generic syscall event for a syscall 0.29.3 has no event for. */
static void build_generic(struct build *b, uint16_t type, const struct evt *e)
{
	uint16_t ppm_sc = 0, nr = 0;
	uint64_t v;

	if (e->hdr->type == PPME_GENERIC_X) {
		if (evt_param_u64(e, 0, &v))
			ppm_sc = (uint16_t)v;
		if (evt_param_u64(e, 1, &v))
			nr = (uint16_t)v;
	} else {
		for (uint32_t i = 0; i < SYSCALL_TABLE_SIZE; i++)
			if (syscall_table[i].name && syscall_table[i].exit_event == e->hdr->type) {
				nr = (uint16_t)i;
				ppm_sc = syscall_table[i].ppm_sc;
				break;
			}
	}
	if (ppm_sc >= SCAP_LEGACY_PPM_SC_MAX) /* it would index past its table */
		ppm_sc = 0;
	b->type = type;
	b->n = scap_legacy_nparams(type);
	memcpy(b->num[0], &ppm_sc, 2);
	memcpy(b->num[1], &nr, 2);
	for (uint32_t i = 0; i < b->n; i++) {
		b->p[i] = b->num[i];
		b->len[i] = 2;
	}
}

/* Shortens the largest variable-length parameters until the event fits
 * SCAP_LEGACY_MAX_EVENT: a buffer loses its tail, a string (which must keep
 * its NUL) becomes empty. */
static void fit(struct build *b, uint32_t *total)
{
	while (*total > SCAP_LEGACY_MAX_EVENT) {
		uint32_t big = 0, over = *total - SCAP_LEGACY_MAX_EVENT;
		for (uint32_t i = 1; i < b->n; i++)
			if (b->len[i] > b->len[big])
				big = i;
		if (b->len[big] <= 1)
			return;
		if (is_string(event_table[b->type].params[big].type)) {
			*total -= b->len[big] - 1;
			b->p[big] = (const uint8_t *)"";
			b->len[big] = 1;
		} else {
			uint32_t cut = over < b->len[big] ? over : b->len[big];
			b->len[big] -= cut;
			*total -= cut;
		}
	}
}

static int emit(struct strbuf *out, const struct build *b, uint64_t ts, uint64_t tid)
{
	struct wtf_evt_hdr h;
	uint32_t total = WTF_EVT_HDR_SIZE + 2 * b->n;
	struct build fitted = *b;
	size_t at;

	for (uint32_t i = 0; i < b->n; i++)
		total += b->len[i];
	fit(&fitted, &total);
	h.ts = ts;
	h.tid = tid;
	h.len = total;
	h.type = b->type;
	h.nparams = b->n;
	if (strbuf_reserve(out, total))
		return -ENOMEM;
	at = out->len;
	memcpy(out->buf + at, &h, WTF_EVT_HDR_SIZE);
	at += WTF_EVT_HDR_SIZE;
	for (uint32_t i = 0; i < fitted.n; i++) {
		uint16_t l = (uint16_t)fitted.len[i];
		memcpy(out->buf + at, &l, 2);
		at += 2;
	}
	for (uint32_t i = 0; i < fitted.n; i++) {
		memcpy(out->buf + at, fitted.p[i], fitted.len[i]);
		at += fitted.len[i];
	}
	out->len = at;
	out->buf[at] = '\0';
	return 0;
}

int scap_legacy_convert(const struct evt *e, struct strbuf *out)
{
	uint16_t type = e->hdr->type, target = legacy_twin(type);
	uint64_t ts = e->hdr->ts, tid = e->hdr->tid;
	struct build b;
	int r;

	/* events with no twin: the enter-only ones (procexit, a container's
	 * start, ...) and wtftop's notice of a container's end */
	if (PPME_IS_ENTER(type) || (event_table[type].flags & EF_UNPAIRED)) {
		if (type >= SCAP_LEGACY_EVENT_MAX || (event_table[type].flags & EF_UNUSED))
			return 0;
		build_from(&b, type, e);
		return emit(out, &b, ts, tid) ? -ENOMEM : 1;
	}
	if (target == PPME_GENERIC_X || target >= SCAP_LEGACY_EVENT_MAX ||
	    (event_table[target].flags & EF_UNUSED)) {
		build_generic(&b, PPME_GENERIC_E, e);
		target = PPME_GENERIC_X;
	} else {
		build_from(&b, PPME_MAKE_ENTER(target), e);
	}
	/* the enter at the syscall's start, when the probe measured it */
	r = emit(out, &b, e->latency && e->latency < ts ? ts - e->latency : ts, tid);
	if (r)
		return r;
	if (target == PPME_GENERIC_X)
		build_generic(&b, PPME_GENERIC_X, e);
	else
		build_from(&b, target, e);
	return emit(out, &b, ts, tid) ? -ENOMEM : 2;
}
