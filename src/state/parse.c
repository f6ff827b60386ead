/* parse.c: keeping the tables right from events. Each event type's
 * parameter indexes are looked up by name once, at start, into a per-type
 * cache; the handlers then read parameters by slot. An exit event that lacks
 * a parameter (an old capture file, whose exits carry fewer) finds it in the
 * thread's last enter event, which is kept only for that. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/state_int.h"

/* Linux values the probe passes through raw */
#define L_O_CLOEXEC 02000000u
#define L_O_NONBLOCK 04000u
#define L_SOCK_STREAM 1
#define L_SOCK_DGRAM 2
#define L_SOCK_RAW 3
#define L_EBADF 9
#define L_EINPROGRESS 115
#define IPPROTO_RAW_ 255
/* execve flags beyond PPM_EXE_WRITABLE (scap's values) */
#define PPM_EXE_UPPER_LAYER_ (1 << 1)
#define PPM_EXE_FROM_MEMFD_ (1 << 2)
#define CL_NEW_NS (PPM_CL_CLONE_NEWIPC | PPM_CL_CLONE_NEWNET | PPM_CL_CLONE_NEWNS | \
		   PPM_CL_CLONE_NEWPID | PPM_CL_CLONE_NEWUTS | PPM_CL_CLONE_NEWUSER | \
		   PPM_CL_CLONE_NEWCGROUP)

/* Parameters the handlers read, by name. */
enum pslot {
	S_RES, S_FD, S_NAME, S_PATH, S_DIRFD, S_FLAGS, S_DEV, S_INO, S_TUPLE, S_ADDR,
	S_DOMAIN, S_TYPE, S_PROTO, S_FD1, S_FD2, S_SOURCE, S_PEER, S_CMD, S_RES_OR_FD,
	S_EXE, S_ARGS, S_TID, S_PID, S_PTID, S_CWD, S_COMM, S_CGROUPS, S_ENV, S_UID, S_GID,
	S_VTID, S_VPID, S_TTY, S_PGID, S_LOGINUID, S_CAP_INH, S_CAP_PRM, S_CAP_EFF,
	S_TRUSTED_EXEPATH, S_FILENAME, S_PGFT_MAJ, S_PGFT_MIN, S_VM_SIZE, S_VM_RSS, S_VM_SWAP,
	S_RUID, S_EUID, S_SUID, S_RGID, S_EGID, S_SGID, S_OLDFD, S_NEWFD, S_PID_FD,
	S_TARGET_FD, S_OPTION, S_ARG2_STR, S_REAPER_TID, S_FDLIMIT, S_CUR, S_NEWCUR,
	S_RESOURCE, S_MSGCONTROL, S_NATIVE_ID,
	S_MAX
};

static const char *const slot_names[S_MAX] = {
	[S_RES] = "res", [S_FD] = "fd", [S_NAME] = "name", [S_PATH] = "path",
	[S_DIRFD] = "dirfd", [S_FLAGS] = "flags", [S_DEV] = "dev", [S_INO] = "ino",
	[S_TUPLE] = "tuple", [S_ADDR] = "addr", [S_DOMAIN] = "domain", [S_TYPE] = "type",
	[S_PROTO] = "proto", [S_FD1] = "fd1", [S_FD2] = "fd2", [S_SOURCE] = "source",
	[S_PEER] = "peer", [S_CMD] = "cmd", [S_RES_OR_FD] = "res_or_fd", [S_EXE] = "exe",
	[S_ARGS] = "args", [S_TID] = "tid", [S_PID] = "pid", [S_PTID] = "ptid", [S_CWD] = "cwd",
	[S_COMM] = "comm", [S_CGROUPS] = "cgroups", [S_ENV] = "env", [S_UID] = "uid",
	[S_GID] = "gid", [S_VTID] = "vtid", [S_VPID] = "vpid", [S_TTY] = "tty",
	[S_PGID] = "pgid", [S_LOGINUID] = "loginuid", [S_CAP_INH] = "cap_inheritable",
	[S_CAP_PRM] = "cap_permitted", [S_CAP_EFF] = "cap_effective",
	[S_TRUSTED_EXEPATH] = "trusted_exepath", [S_FILENAME] = "filename",
	[S_PGFT_MAJ] = "pgft_maj", [S_PGFT_MIN] = "pgft_min", [S_VM_SIZE] = "vm_size",
	[S_VM_RSS] = "vm_rss", [S_VM_SWAP] = "vm_swap", [S_RUID] = "ruid", [S_EUID] = "euid",
	[S_SUID] = "suid", [S_RGID] = "rgid", [S_EGID] = "egid", [S_SGID] = "sgid",
	[S_OLDFD] = "oldfd", [S_NEWFD] = "newfd", [S_PID_FD] = "pid_fd",
	[S_TARGET_FD] = "target_fd", [S_OPTION] = "option", [S_ARG2_STR] = "arg2_str",
	[S_REAPER_TID] = "reaper_tid", [S_FDLIMIT] = "fdlimit", [S_CUR] = "cur",
	[S_NEWCUR] = "newcur", [S_RESOURCE] = "resource",
	[S_MSGCONTROL] = "msgcontrol", [S_NATIVE_ID] = "nativeID",
};

struct pctx;
typedef void (*handler_fn)(struct pctx *p);

/* How a handler learns whether its new fd is close-on-exec (and
 * non-blocking, where the event says). */
enum cloexec_kind {
	CX_NONE = 0,
	CX_ALWAYS,      /* the syscall always sets it (bpf, io_uring, pidfd_getfd) */
	CX_PPM_FLAGS,   /* "flags" holds PPM_O_* */
	CX_LINUX_FLAGS, /* "flags" holds the raw O_CLOEXEC, O_NONBLOCK-valued bits */
	CX_SOCK_TYPE,   /* "type" holds SOCK_CLOEXEC, SOCK_NONBLOCK */
	CX_MFD,         /* memfd_create's PPM_MFD_CLOEXEC */
	CX_EPOLL,       /* epoll_create1's PPM_EPOLL_CLOEXEC */
	CX_PIDFD,       /* pidfd_open: always close-on-exec, PPM_PIDFD_NONBLOCK */
};

struct type_cache {
	handler_fn fn;
	uint8_t fd_type;   /* for the typed-fd handler */
	uint8_t cloexec;   /* enum cloexec_kind */
	bool own_thread;   /* the handler finds the event's thread itself (clone) */
	bool own_fd;       /* the handler sets e->fd for the fd it created (bpf) */
	bool stash;        /* an enter event to keep for its exit */
	int8_t res_fd;     /* exit: index of the new fd's number, or -1 */
	int8_t path_x, dirfd_x; /* the path param worth resolving, in this event */
	int8_t path_n, dirfd_n; /* ... or in its enter event */
	int8_t x[S_MAX];   /* index of each slot's param in this event, or -1 */
	int8_t n[S_MAX];   /* ... in the matching enter event (exits only), or -1 */
};

struct pctx {
	struct state *st;
	struct evt *e;
	const struct type_cache *tc;
	struct thread *t;
	int enter_state; /* 0 not looked at, 1 decoded, -1 none */
	struct evt enter;
};

/* ---- reading parameters by slot ------------------------------------------ */

static const struct evt *enter_evt(struct pctx *p)
{
	struct thread *t = p->t;
	if (p->enter_state == 0) {
		p->enter_state = -1;
		/* the stash holds the thread's last stashed enter: it is this
		 * exit's when it is the enter that came just before */
		if (t && t->stash && t->enter_type == PPME_MAKE_ENTER(p->e->hdr->type)) {
			const struct wtf_evt_hdr *h = (const struct wtf_evt_hdr *)t->stash;
			if (h->type == t->enter_type && h->ts == t->enter_ts && evt_decode(&p->enter, h, h->len) == 0)
				p->enter_state = 1;
		}
	}
	return p->enter_state == 1 ? &p->enter : NULL;
}

/* The event and index holding slot s, or NULL when neither has it. */
static const struct evt *pwhere(struct pctx *p, int s, int *idx)
{
	int i = p->tc->x[s];
	const struct evt *en;
	if (i >= 0 && i < p->e->nparams && p->e->lens[i]) {
		*idx = i;
		return p->e;
	}
	i = p->tc->n[s];
	if (i < 0 || !(en = enter_evt(p)) || i >= en->nparams || !en->lens[i])
		return NULL;
	*idx = i;
	return en;
}

static bool ps64(struct pctx *p, int s, int64_t *out)
{
	int i;
	const struct evt *e = pwhere(p, s, &i);
	return e && evt_param_s64(e, i, out);
}

static bool pu64(struct pctx *p, int s, uint64_t *out)
{
	int i;
	const struct evt *e = pwhere(p, s, &i);
	return e && evt_param_u64(e, i, out);
}

static const uint8_t *pbytes(struct pctx *p, int s, uint16_t *len)
{
	int i;
	const struct evt *e = pwhere(p, s, &i);
	if (!e)
		return NULL;
	*len = e->lens[i];
	return e->params[i];
}

static const char *pstr(struct pctx *p, int s)
{
	int i;
	const struct evt *e = pwhere(p, s, &i);
	return e ? evt_param_str(e, i) : NULL;
}

static int64_t ps64_or(struct pctx *p, int s, int64_t dflt)
{
	int64_t v;
	return ps64(p, s, &v) ? v : dflt;
}

static uint64_t pu64_or(struct pctx *p, int s, uint64_t dflt)
{
	uint64_t v;
	return pu64(p, s, &v) ? v : dflt;
}

/* A byte-buffer parameter copied into an owned string (NUL-separated lists). */
static void set_bytes(struct pctx *p, int s, char **dst, uint32_t *len)
{
	uint16_t n = 0;
	const uint8_t *b = pbytes(p, s, &n);
	if (!b)
		return;
	if (!state_set_str(dst, (const char *)b, n))
		*len = n;
}

static void set_str(struct pctx *p, int s, char **dst)
{
	const char *v = pstr(p, s);
	if (v)
		state_set_str(dst, v, strlen(v));
}

/* ---- threads ---------------------------------------------------------------- */

/* The thread of tid: known, or read from /proc, or made up from nothing. */
static struct thread *get_thread(struct state *st, int64_t tid)
{
	struct thread *t = thread_lookup(st, tid);
	if (t)
		return t;
	t = procfs_load_thread(st, tid);
	if (t)
		return t;
	t = thread_create(st, tid);
	if (t) {
		t->flags |= THREAD_F_INCOMPLETE;
		t->priv |= TP_LONE;
		st->stats.threads_incomplete++;
	}
	return t;
}

static void join_group(struct state *st, struct thread *t)
{
	struct thread *m;
	if (t->tid != t->pid && (m = thread_lookup(st, t->pid)) && m != t)
		m->group_threads++;
}

static void set_cwd(struct thread *t, const char *dir, size_t n)
{
	char *c;
	bool slash = n && dir[n - 1] == '/';
	c = malloc(n + 2);
	if (!c)
		return;
	memcpy(c, dir, n);
	if (!slash)
		c[n++] = '/';
	c[n] = '\0';
	free(t->cwd);
	t->cwd = c;
}

/* ---- paths -------------------------------------------------------------------- */

/* Resolves path against dirfd (or the cwd) into out. Returns out's string, or
 * path itself when it is already absolute and normal. */
static const char *resolve(struct state *st, const struct thread *t, int64_t dirfd, const char *path,
			   struct strbuf *out)
{
	size_t n = strlen(path);
	const char *base;

	if (path_is_normal(path, n))
		return path;
	strbuf_reset(out);
	if (n && path[0] == '/') {
		path_join_normalise(out, "", 0, path, n);
		return out->buf;
	}
	if (dirfd == PPM_AT_FDCWD || !t) {
		base = state_thread_cwd(st, t);
	} else {
		const struct fd_info *f = t->fds ? fdtable_lookup(t->fds, dirfd) : NULL;
		if (!f || f->name[0] != '/') {
			/* sysdig's rendering of a directory it does not know */
			strbuf_puts(out, "<UNKNOWN>/");
			strbuf_append(out, path, n);
			return out->buf;
		}
		base = f->name;
	}
	if (!base[0]) {
		strbuf_append(out, path, n); /* no cwd known: leave it relative */
		return out->buf;
	}
	path_join_normalise(out, base, strlen(base), path, n);
	return out->buf;
}

int state_resolve_path(struct state *st, const struct thread *t, int64_t dirfd, const char *path,
		       struct strbuf *out)
{
	const char *r;
	if (!path)
		return -EINVAL;
	r = resolve(st, t, dirfd, path, out);
	if (r == path) {
		strbuf_reset(out);
		return strbuf_puts(out, path);
	}
	return out->buf ? 0 : -ENOMEM;
}

/* ---- fds ---------------------------------------------------------------------- */

static struct fd_info *new_fd(struct pctx *p, int64_t fd, enum fd_type type)
{
	struct fd_info *f;
	if (!p->t || fd < 0)
		return NULL;
	f = fdtable_insert(p->st, p->t->fds, fd);
	if (f) {
		f->type = type;
		f->open_ts = p->e->hdr->ts;
	}
	return f;
}

/* PPM_O_CLOEXEC and PPM_O_NONBLOCK as the event gives them for its new fd. */
static uint32_t new_fd_flags(struct pctx *p)
{
	uint64_t v = 0;
	uint32_t r = 0;

	switch ((enum cloexec_kind)p->tc->cloexec) {
	case CX_ALWAYS:
		return PPM_O_CLOEXEC;
	case CX_PPM_FLAGS:
		return pu64(p, S_FLAGS, &v) ? (uint32_t)v & (PPM_O_CLOEXEC | PPM_O_NONBLOCK) : 0;
	case CX_LINUX_FLAGS:
	case CX_SOCK_TYPE:
		if (!pu64(p, p->tc->cloexec == CX_SOCK_TYPE ? S_TYPE : S_FLAGS, &v))
			return 0;
		if (v & L_O_CLOEXEC)
			r |= PPM_O_CLOEXEC;
		if (v & L_O_NONBLOCK)
			r |= PPM_O_NONBLOCK;
		return r;
	case CX_MFD:
		return pu64(p, S_FLAGS, &v) && (v & PPM_MFD_CLOEXEC) ? PPM_O_CLOEXEC : 0;
	case CX_EPOLL:
		return pu64(p, S_FLAGS, &v) && (v & PPM_EPOLL_CLOEXEC) ? PPM_O_CLOEXEC : 0;
	case CX_PIDFD:
		return PPM_O_CLOEXEC |
		       (pu64(p, S_FLAGS, &v) && (v & PPM_PIDFD_NONBLOCK) ? PPM_O_NONBLOCK : 0);
	default:
		return 0;
	}
}

static bool new_fd_cloexec(struct pctx *p)
{
	return (new_fd_flags(p) & PPM_O_CLOEXEC) != 0;
}

/* The result of an fd-creating event, or -1. */
static int64_t result_fd(struct pctx *p)
{
	int64_t v;
	int i = p->tc->res_fd;
	if (i < 0 || !evt_param_s64(p->e, i, &v))
		return -1;
	return v;
}

static enum fd_type type_of_family(uint8_t family)
{
	switch (family) {
	case PPM_AF_INET: return FDT_IPV4_SOCK;
	case PPM_AF_INET6: return FDT_IPV6_SOCK;
	case PPM_AF_UNIX: return FDT_UNIX_SOCK;
	case PPM_AF_NETLINK: return FDT_NETLINK;
	case PPM_AF_PACKET: return FDT_RAW_SOCK;
	default: return FDT_UNKNOWN;
	}
}

static bool v4_mapped(const uint8_t *a)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(a, pfx, 12) == 0;
}

/* Applies a socktuple parameter (client then server) to f and names it. */
static bool apply_tuple(struct pctx *p, struct fd_info *f, const uint8_t *b, uint16_t n)
{
	struct fd_tuple *tu = &f->tuple;
	uint16_t port;

	if (!b || n < 1)
		return false;
	switch (b[0]) {
	case PPM_AF_INET:
		if (n < 13)
			return false;
		f->type = FDT_IPV4_SOCK;
		tu->family = PPM_AF_INET;
		memset(tu->cip, 0, sizeof(tu->cip));
		memset(tu->sip, 0, sizeof(tu->sip));
		memcpy(tu->cip, b + 1, 4);
		memcpy(&port, b + 5, 2);
		tu->cport = port;
		memcpy(tu->sip, b + 7, 4);
		memcpy(&port, b + 11, 2);
		tu->sport = port;
		break;
	case PPM_AF_INET6:
		if (n < 37)
			return false;
		if (v4_mapped(b + 1) && v4_mapped(b + 19)) {
			/* both ends IPv4 reached through an IPv6 socket: an IPv4 connection */
			f->type = FDT_IPV4_SOCK;
			tu->family = PPM_AF_INET;
			memset(tu->cip, 0, sizeof(tu->cip));
			memset(tu->sip, 0, sizeof(tu->sip));
			memcpy(tu->cip, b + 13, 4);
			memcpy(tu->sip, b + 31, 4);
		} else {
			f->type = FDT_IPV6_SOCK;
			tu->family = PPM_AF_INET6;
			memcpy(tu->cip, b + 1, 16);
			memcpy(tu->sip, b + 19, 16);
		}
		memcpy(&port, b + 17, 2);
		tu->cport = port;
		memcpy(&port, b + 35, 2);
		tu->sport = port;
		break;
	case PPM_AF_UNIX: {
		const char *path = "";
		if (n < 17)
			return false;
		f->type = FDT_UNIX_SOCK;
		tu->family = PPM_AF_UNIX;
		memcpy(&tu->unix_src, b + 1, 8);
		memcpy(&tu->unix_dst, b + 9, 8);
		if (n > 17 && memchr(b + 17, '\0', n - 17))
			path = (const char *)b + 17;
		strbuf_reset(&p->st->tmp);
		strbuf_printf(&p->st->tmp, "%" PRIx64 "->%" PRIx64 " %s", tu->unix_src, tu->unix_dst, path);
		fd_set_name(f, p->st->tmp.buf, p->st->tmp.len);
		return true;
	}
	default:
		return false;
	}
	fd_render_name(f, &p->st->tmp);
	return true;
}

/* A sockaddr parameter as the local (server) address of f. */
static void apply_local_addr(struct pctx *p, struct fd_info *f, const uint8_t *b, uint16_t n)
{
	struct fd_tuple *tu = &f->tuple;
	uint16_t port;

	if (!b || n < 1)
		return;
	if (b[0] == PPM_AF_INET && n >= 7) {
		memset(tu->sip, 0, sizeof(tu->sip));
		memcpy(tu->sip, b + 1, 4);
		memcpy(&port, b + 5, 2);
	} else if (b[0] == PPM_AF_INET6 && n >= 19) {
		memcpy(tu->sip, b + 1, 16);
		memcpy(&port, b + 17, 2);
	} else if (b[0] == PPM_AF_UNIX && n >= 2 && memchr(b + 1, '\0', n - 1)) {
		fd_set_name(f, (const char *)b + 1, strlen((const char *)b + 1));
		return;
	} else {
		return;
	}
	tu->sport = port;
	if (port)
		f->role = FD_ROLE_SERVER;
	if (f->type == FDT_IPV4_SOCK || f->type == FDT_IPV6_SOCK)
		fd_render_name(f, &p->st->tmp);
}

/* ---- handlers: fds ------------------------------------------------------------ */

static void on_open(struct pctx *p)
{
	struct evt *e = p->e;
	const char *name = pstr(p, S_NAME);
	int64_t fd = result_fd(p), dirfd = ps64_or(p, S_DIRFD, PPM_AT_FDCWD);
	uint32_t flags = (uint32_t)pu64_or(p, S_FLAGS, 0);
	const char *path;
	struct fd_info *f;

	if (!name)
		name = pstr(p, S_PATH); /* open_by_handle_at */
	if (!name)
		return;
	if (e->hdr->type == PPME_SYSCALL_CREAT_X || e->hdr->type == PPME_SYSCALL_CREAT_E)
		flags = PPM_O_CREAT | PPM_O_WRONLY | PPM_O_TRUNC;
	path = resolve(p->st, p->t, dirfd, name, &p->st->path);
	e->resolved_path = path;
	if (fd < 0)
		return;
	f = new_fd(p, fd, (flags & PPM_O_DIRECTORY) ? FDT_DIRECTORY : FDT_FILE);
	if (!f)
		return;
	fd_set_name(f, path, strlen(path));
	f->flags = flags & ~PPM_O_F_CREATED;
	f->dev = (uint32_t)pu64_or(p, S_DEV, 0);
	f->ino = pu64_or(p, S_INO, 0);
	e->resolved_path = f->name;
}

static void on_close(struct pctx *p)
{
	int64_t res = ps64_or(p, S_RES, 0);
	/* Linux releases the number even when close fails, unless it was not open */
	if (res == -L_EBADF || p->e->fdnum < 0 || !p->t)
		return;
	p->st->pending_close_thread = p->t;
	p->st->pending_close_fd = p->e->fdnum;
}

static void on_socket(struct pctx *p)
{
	int64_t fd = result_fd(p);
	uint64_t domain = pu64_or(p, S_DOMAIN, 0), type = pu64_or(p, S_TYPE, 0);
	uint64_t proto = pu64_or(p, S_PROTO, 0);
	struct fd_info *f = new_fd(p, fd, type_of_family((uint8_t)domain));

	if (!f)
		return;
	f->tuple.family = (uint8_t)domain;
	if (domain == PPM_AF_INET || domain == PPM_AF_INET6) {
		switch (type & 0xf) {
		case L_SOCK_STREAM: f->tuple.l4proto = proto ? (uint8_t)proto : 6; break;
		case L_SOCK_DGRAM: f->tuple.l4proto = proto ? (uint8_t)proto : 17; break;
		case L_SOCK_RAW: f->tuple.l4proto = IPPROTO_RAW_; break;
		default: f->tuple.l4proto = (uint8_t)proto; break;
		}
	}
	if (type & L_O_CLOEXEC)
		f->flags |= PPM_O_CLOEXEC;
	if (type & L_O_NONBLOCK)
		f->flags |= PPM_O_NONBLOCK;
}

/* What a connect's enter tells of the socket before the call, as sysdig's
 * reader takes it from the enter's addr: an IP socket learns the server end
 * it asks for (its name stays), a unix socket is named by the path. */
static void apply_connect_dest(struct pctx *p, struct fd_info *f)
{
	uint16_t n = 0;
	const uint8_t *a = pbytes(p, S_ADDR, &n);
	struct fd_tuple *tu = &f->tuple;

	if (!a || n < 1)
		return;
	if (a[0] == PPM_AF_INET && n >= 7) {
		f->type = FDT_IPV4_SOCK;
		memset(tu->sip, 0, sizeof(tu->sip));
		memcpy(tu->sip, a + 1, 4);
		memcpy(&tu->sport, a + 5, 2);
	} else if (a[0] == PPM_AF_INET6 && n >= 19) {
		if (v4_mapped(a + 1)) {
			f->type = FDT_IPV4_SOCK;
			memset(tu->sip, 0, sizeof(tu->sip));
			memcpy(tu->sip, a + 13, 4);
		} else {
			f->type = FDT_IPV6_SOCK;
			memcpy(tu->sip, a + 1, 16);
		}
		memcpy(&tu->sport, a + 17, 2);
	} else if (a[0] == PPM_AF_UNIX && n >= 2 && memchr(a + 1, '\0', n - 1)) {
		f->type = FDT_UNIX_SOCK;
		fd_set_name(f, (const char *)a + 1, strlen((const char *)a + 1));
	}
}

/* connect's enter (capture files only) */
static void on_connect_enter(struct pctx *p)
{
	if (p->e->fd)
		apply_connect_dest(p, p->e->fd);
}

static void on_connect(struct pctx *p)
{
	uint16_t n = 0;
	const uint8_t *tuple = pbytes(p, S_TUPLE, &n);
	struct fd_info *f = p->e->fd;
	int64_t res = ps64_or(p, S_RES, 0);

	if (!tuple || n < 1 || p->e->fdnum < 0)
		return;
	if (res < 0 && res != -L_EINPROGRESS) {
		/* a failed connect leaves the socket as its enter made it; live,
		 * where no enter comes, the exit's addr stands in for it */
		if (f && !enter_evt(p))
			apply_connect_dest(p, f);
		return;
	}
	if (!f) {
		f = new_fd(p, p->e->fdnum, type_of_family(tuple[0]));
		p->e->fd = f;
		if (!f)
			return;
		f->open_ts = 0; /* opened before we knew */
	}
	if (apply_tuple(p, f, tuple, n))
		f->role = FD_ROLE_CLIENT;
}

static void on_accept(struct pctx *p)
{
	uint16_t n = 0;
	const uint8_t *tuple = pbytes(p, S_TUPLE, &n);
	int64_t fd = result_fd(p);
	struct fd_info *f;

	if (fd < 0 || !tuple || n < 1)
		return;
	f = new_fd(p, fd, type_of_family(tuple[0]));
	if (!f)
		return;
	apply_tuple(p, f, tuple, n);
	f->role = FD_ROLE_SERVER;
	if (f->type == FDT_IPV4_SOCK || f->type == FDT_IPV6_SOCK)
		f->tuple.l4proto = 6; /* only stream sockets accept */
	f->flags |= new_fd_flags(p);
}

static void on_bind(struct pctx *p)
{
	uint16_t n = 0;
	const uint8_t *addr = pbytes(p, S_ADDR, &n);
	if (ps64_or(p, S_RES, -1) != 0 || !p->e->fd)
		return;
	apply_local_addr(p, p->e->fd, addr, n);
}

static void on_listen(struct pctx *p)
{
	if (ps64_or(p, S_RES, -1) == 0 && p->e->fd)
		p->e->fd->role = FD_ROLE_SERVER;
}

static void dup_fd(struct pctx *p, int64_t oldfd, int64_t newfd, bool cloexec)
{
	struct fd_info *old, *f;
	if (!p->t || newfd < 0 || newfd == oldfd)
		return;
	old = fdtable_lookup(p->t->fds, oldfd);
	f = fdtable_insert(p->st, p->t->fds, newfd); /* entries do not move: old stays valid */
	if (!f)
		return;
	if (old) {
		fd_copy(f, old);
		f->fd = newfd;
	} else {
		procfs_load_fd(p->st, p->t, newfd); /* live: what the copy of an unknown fd is */
	}
	f->flags &= ~PPM_O_CLOEXEC;
	if (cloexec)
		f->flags |= PPM_O_CLOEXEC;
}

static void on_dup(struct pctx *p)
{
	int64_t newfd = result_fd(p), oldfd = p->e->fdnum;
	if (oldfd < 0)
		oldfd = ps64_or(p, S_OLDFD, -1);
	if (oldfd < 0)
		return;
	dup_fd(p, oldfd, newfd, new_fd_cloexec(p));
	if (newfd >= 0)
		p->e->fdnum = newfd; /* a failure, like other creators', has none */
}

static void on_fcntl(struct pctx *p)
{
	uint64_t cmd = pu64_or(p, S_CMD, 0);
	int64_t res = ps64_or(p, S_RES, -1);
	if (cmd != PPM_FCNTL_F_DUPFD && cmd != PPM_FCNTL_F_DUPFD_CLOEXEC)
		return;
	if (res >= 0 && p->e->fdnum >= 0)
		dup_fd(p, p->e->fdnum, res, cmd == PPM_FCNTL_F_DUPFD_CLOEXEC);
}

static void on_pipe(struct pctx *p)
{
	int64_t fd1 = ps64_or(p, S_FD1, -1), fd2 = ps64_or(p, S_FD2, -1);
	uint64_t ino = pu64_or(p, S_INO, 0);
	uint32_t fl = new_fd_flags(p);
	struct fd_info *f;

	if (ps64_or(p, S_RES, 0) != 0)
		return;
	if ((f = new_fd(p, fd1, FDT_PIPE))) {
		f->ino = ino;
		f->flags = PPM_O_RDONLY | fl;
	}
	if ((f = new_fd(p, fd2, FDT_PIPE))) {
		f->ino = ino;
		f->flags = PPM_O_WRONLY | fl;
	}
}

static void on_socketpair(struct pctx *p)
{
	int64_t fd1 = ps64_or(p, S_FD1, -1), fd2 = ps64_or(p, S_FD2, -1);
	uint64_t src = pu64_or(p, S_SOURCE, 0), peer = pu64_or(p, S_PEER, 0);
	uint64_t domain = pu64_or(p, S_DOMAIN, PPM_AF_UNIX);
	uint32_t fl = new_fd_flags(p);
	struct fd_info *f;

	if (ps64_or(p, S_RES, 0) != 0)
		return;
	if ((f = new_fd(p, fd1, type_of_family((uint8_t)domain)))) {
		f->tuple.family = (uint8_t)domain;
		f->tuple.unix_src = src;
		f->tuple.unix_dst = peer;
		f->flags = fl;
	}
	if ((f = new_fd(p, fd2, type_of_family((uint8_t)domain)))) {
		f->tuple.family = (uint8_t)domain;
		f->tuple.unix_src = peer;
		f->tuple.unix_dst = src;
		f->flags = fl;
	}
}

/* The process a pidfd refers to: pidfd_getfd finds the target's fds through it. */
static void pidfd_set_target(struct fd_info *f, int64_t pid)
{
	f->pidfd_pid = pid > 0 ? pid : 0;
}

static int64_t pidfd_target(const struct fd_info *f)
{
	return f->type == FDT_PIDFD ? f->pidfd_pid : 0;
}

struct vpid_search {
	uint64_t ns_pid;
	int64_t vpid, found;
};

static int match_vpid(struct thread *t, void *ctx)
{
	struct vpid_search *s = ctx;
	if (t->ns_pid != s->ns_pid || t->vtid != s->vpid || (t->flags & THREAD_F_DEAD))
		return 0;
	s->found = t->tid;
	return 1;
}

/* The host pid of the pid a thread passed (pidfd_open's), which is one of
 * its own pid namespace: itself on the host, else the thread of that
 * namespace that has it (a thread of a deeper namespace is not found). 0 when
 * unknown. */
static int64_t host_pid_of(struct state *st, const struct thread *caller, int64_t pid)
{
	struct vpid_search s = { caller->ns_pid, pid, 0 };
	if (pid <= 0)
		return 0;
	if (caller->vtid <= 0 || caller->vtid == caller->tid)
		return pid; /* the host's namespace, or unknown: take it as it is */
	if (caller->vtid == pid)
		return caller->tid;
	if (caller->vpid == pid)
		return caller->pid;
	if (!caller->ns_pid)
		return 0;
	state_foreach_thread(st, match_vpid, &s);
	return s.found;
}

/* eventfd, signalfd, timerfd, inotify, userfaultfd, memfd, pidfd, epoll,
 * io_uring ... */
static void on_typed_fd(struct pctx *p)
{
	struct fd_info *f = new_fd(p, result_fd(p), (enum fd_type)p->tc->fd_type);
	const char *name;
	if (!f)
		return;
	f->flags |= new_fd_flags(p);
	if (f->type == FDT_MEMFD && (name = pstr(p, S_NAME))) {
		strbuf_reset(&p->st->tmp);
		strbuf_printf(&p->st->tmp, "memfd:%s", name);
		fd_set_name(f, p->st->tmp.buf, p->st->tmp.len);
	} else if (f->type == FDT_PIDFD) {
		pidfd_set_target(f, host_pid_of(p->st, p->t, ps64_or(p, S_PID, 0)));
	}
}

/* pidfd_getfd(pidfd, targetfd): a copy of another process's fd, which the
 * state knows when it knows the process behind the pidfd. */
static void on_pidfd_getfd(struct pctx *p)
{
	int64_t fd = result_fd(p), target = 0;
	const struct fd_info *pidfd, *src = NULL;
	struct thread *owner = NULL;
	struct fd_info *f;

	if (fd < 0 || !p->t)
		return;
	pidfd = fdtable_lookup(p->t->fds, ps64_or(p, S_PID_FD, -1));
	if (pidfd)
		target = pidfd_target(pidfd);
	if (target > 0) {
		owner = thread_lookup(p->st, target);
		if (!owner)
			owner = procfs_load_thread(p->st, target);
	}
	if (owner && owner->fds)
		src = fdtable_lookup(owner->fds, ps64_or(p, S_TARGET_FD, -1));
	f = new_fd(p, fd, FDT_UNKNOWN);
	if (!f)
		return;
	if (src) {
		uint64_t ts = f->open_ts;
		fd_copy(f, src);
		f->fd = fd;
		f->open_ts = ts;
	} else if (procfs_load_fd(p->st, p->t, fd) == 0) {
		f->open_ts = p->e->hdr->ts; /* live: the copy as /proc has it */
	}
	/* the kernel sets close-on-exec on the copy; the rest of the flags
	 * belong to the open file the two share */
	f->flags |= PPM_O_CLOEXEC;
}

/* bpf: older drivers' result is PT_DYN (index 0 an fd, index 1 an
 * errno-or-zero); newer libs' BPF_2 has it as an fd whatever the command,
 * so the command says whether it is a new one. */
static bool bpf_cmd_creates_fd(uint64_t cmd)
{
	switch (cmd) {
	case 0:  /* BPF_MAP_CREATE */
	case 5:  /* BPF_PROG_LOAD */
	case 7:  /* BPF_OBJ_GET */
	case 13: /* BPF_PROG_GET_FD_BY_ID */
	case 14: /* BPF_MAP_GET_FD_BY_ID */
	case 17: /* BPF_RAW_TRACEPOINT_OPEN */
	case 18: /* BPF_BTF_LOAD */
	case 19: /* BPF_BTF_GET_FD_BY_ID */
	case 28: /* BPF_LINK_CREATE */
	case 30: /* BPF_LINK_GET_FD_BY_ID */
	case 32: /* BPF_ENABLE_STATS */
	case 33: /* BPF_ITER_CREATE */
	case 36: /* BPF_TOKEN_CREATE */
		return true;
	default:
		return false;
	}
}

static void on_bpf(struct pctx *p)
{
	uint16_t n = 0;
	const uint8_t *b = pbytes(p, S_RES_OR_FD, &n);
	int64_t fd = -1;
	uint64_t cmd;
	struct fd_info *f;

	if (b) {
		if (n < 9 || b[0] != 0)
			return;
		memcpy(&fd, b + 1, 8);
	} else if (pu64(p, S_CMD, &cmd) && bpf_cmd_creates_fd((uint32_t)cmd)) {
		fd = result_fd(p);
	}
	if ((f = new_fd(p, fd, FDT_BPF))) {
		f->flags |= PPM_O_CLOEXEC;
		p->e->fdnum = fd;
		p->e->fd = f;
	}
}

/* sendto/recvfrom on an unconnected socket: the tuple names it */
static void on_sock_io(struct pctx *p)
{
	struct fd_info *f = p->e->fd;
	uint16_t n = 0;
	const uint8_t *tuple;

	if (!f || f->name[0] || (f->type != FDT_IPV4_SOCK && f->type != FDT_IPV6_SOCK))
		return;
	tuple = pbytes(p, S_TUPLE, &n);
	if (!tuple || ps64_or(p, S_RES, -1) < 0)
		return;
	if (apply_tuple(p, f, tuple, n) && f->role == FD_ROLE_NONE)
		f->role = (p->e->info->category == EC_IO_WRITE) ? FD_ROLE_CLIENT : FD_ROLE_SERVER;
}

/* recvmsg: fds passed over a unix socket (SCM_RIGHTS, in the ancillary data)
 * are new fds of the receiver. What they are is learnt from /proc, live, as
 * libs does; a replay cannot know them. The ancillary data is x86_64's: each
 * cmsghdr is a size_t length, int level, int type, then the data, the next
 * one 8-byte aligned. */
static void on_recvmsg(struct pctx *p)
{
	enum { CMSG_HDR = 16, K_SOL_SOCKET = 1, K_SCM_RIGHTS = 1 };
	uint16_t n = 0;
	const uint8_t *c = pbytes(p, S_MSGCONTROL, &n);

	on_sock_io(p);
	if (!c || !p->t || !p->t->fds || ps64_or(p, S_RES, -1) < 0)
		return;
	for (size_t off = 0; off + CMSG_HDR <= n;) {
		uint64_t len;
		int32_t level, type, fd;
		memcpy(&len, c + off, 8);
		memcpy(&level, c + off + 8, 4);
		memcpy(&type, c + off + 12, 4);
		if (len < CMSG_HDR || len > n - off)
			break;
		for (size_t i = CMSG_HDR; level == K_SOL_SOCKET && type == K_SCM_RIGHTS && i + 4 <= len; i += 4) {
			memcpy(&fd, c + off + i, 4);
			if (fd >= 0 && procfs_load_fd(p->st, p->t, fd) == 0) {
				struct fd_info *f = fdtable_lookup(p->t->fds, fd);
				if (f)
					f->open_ts = p->e->hdr->ts;
			}
		}
		off += (len + 7) & ~(uint64_t)7;
	}
}

/* ---- handlers: processes -------------------------------------------------- */

/* Fields a clone or execve exit carries about its thread. */
static void fill_from_proc_event(struct pctx *p, struct thread *t)
{
	const char *comm = pstr(p, S_COMM);
	uint64_t v;
	int64_t s;

	if (comm)
		thread_set_comm(t, comm);
	set_str(p, S_EXE, &t->exe);
	set_bytes(p, S_ARGS, &t->args, &t->args_len);
	/* an args parameter present but empty is an exec with no arguments */
	if (p->tc->x[S_ARGS] >= 0 && p->tc->x[S_ARGS] < p->e->nparams && !p->e->lens[p->tc->x[S_ARGS]] &&
	    !state_set_str(&t->args, "", 0))
		t->args_len = 0;
	set_bytes(p, S_CGROUPS, &t->cgroups, &t->cgroups_len);
	if (pu64(p, S_PGFT_MAJ, &v))
		t->pfmajor = v;
	if (pu64(p, S_PGFT_MIN, &v))
		t->pfminor = v;
	if (pu64(p, S_VM_SIZE, &v))
		t->vmsize_kb = v;
	if (pu64(p, S_VM_RSS, &v))
		t->vmrss_kb = v;
	if (pu64(p, S_VM_SWAP, &v))
		t->vmswap_kb = v;
	if (ps64(p, S_VTID, &s))
		t->vtid = s;
	if (ps64(p, S_VPID, &s))
		t->vpid = s;
	if (ps64(p, S_FDLIMIT, &s) && s > 0)
		t->fdlimit = s;
}

/* A thread under a tid that a clone now hands out is an older one that went
 * unseen (its exit was dropped) unless it started about then, or is one that
 * later events made up before this clone arrived. */
static bool is_stale(const struct thread *t, uint64_t clone_ts)
{
	const uint64_t slack = 1000000000ull; /* /proc start times are in ticks */
	if (t->flags & THREAD_F_DEAD)
		return true;
	if (!t->start_ts)
		return false;
	return t->start_ts + slack < clone_ts;
}

static void clone_child(struct pctx *p)
{
	struct state *st = p->st;
	int64_t tid = (int64_t)p->e->hdr->tid;
	uint32_t flags = (uint32_t)pu64_or(p, S_FLAGS, 0);
	int64_t pid = ps64_or(p, S_PID, tid), ptid = ps64_or(p, S_PTID, -1);
	struct thread *t = thread_lookup(st, tid), *src;
	const char *cwd;
	uint64_t v;
	bool inherit;

	if (t && is_stale(t, p->e->hdr->ts)) {
		thread_remove(st, t); /* an older thread under a recycled tid */
		t = NULL;
	}
	if (!t) {
		t = thread_create(st, tid);
		if (!t)
			return;
		t->flags |= THREAD_F_INCOMPLETE;
	}
	/* made by the parent's exit, read from /proc, or restored from a
	 * capture: its fds are right; new, or made up from a lone event: it
	 * learns them now */
	inherit = !(t->priv & TP_FROM_PARENT_CLONE) && !(t->flags & THREAD_F_FROM_PROC) &&
		  (t->flags & THREAD_F_INCOMPLETE);
	p->t = p->e->thread = t;
	src = thread_lookup(st, (flags & PPM_CL_CLONE_THREAD) ? pid : ptid);
	if (src == t)
		src = NULL;
	if (inherit) {
		t->pid = pid;
		if (src) {
			/* a child made up from its own earlier events keeps what
			 * they taught: those fds are newer than the parent's */
			thread_inherit(t, src);
			if (flags & PPM_CL_CLONE_FILES) {
				fdtable_merge(st, src->fds, t->fds, true);
				state_share_fds(st, t, src);
			} else {
				fdtable_merge(st, t->fds, src->fds, false);
			}
			t->flags &= ~THREAD_F_INCOMPLETE;
		} else if (procfs_fill_thread(st, t) == 0) {
			t->flags &= ~THREAD_F_INCOMPLETE;
		} else {
			t->flags |= THREAD_F_INCOMPLETE;
		}
		join_group(st, t);
	}
	t->pid = pid;
	if (ptid > 0)
		t->ptid = ptid;
	t->start_ts = p->e->hdr->ts;
	/* Made from the parent's exit, or from /proc: the child may have moved
	 * on since (events of different CPUs arrive in any order), so take only
	 * what they could not know. */
	if (!inherit) {
		int64_t s;
		if (ps64(p, S_VTID, &s))
			t->vtid = s;
		if (ps64(p, S_VPID, &s))
			t->vpid = s;
		t->priv &= ~(TP_FROM_PARENT_CLONE | TP_LONE);
		return;
	}
	fill_from_proc_event(p, t);
	cwd = pstr(p, S_CWD);
	if (cwd && cwd[0])
		set_cwd(t, cwd, strlen(cwd));
	if (pu64(p, S_UID, &v)) {
		t->euid = (uint32_t)v;
		if (!src)
			t->uid = (uint32_t)v;
	}
	if (pu64(p, S_GID, &v)) {
		t->egid = (uint32_t)v;
		if (!src)
			t->gid = (uint32_t)v;
	}
	if ((flags & CL_NEW_NS) && !st->opts.offline)
		procfs_read_ns(st, t);
	t->priv &= ~(TP_FROM_PARENT_CLONE | TP_LONE);
	state_thread_learnt(st, t);
}

static void clone_parent(struct pctx *p, int64_t ctid)
{
	struct state *st = p->st;
	struct thread *caller = p->t, *c;
	uint32_t flags = (uint32_t)pu64_or(p, S_FLAGS, 0);

	if (!caller)
		return;
	/* A caller in a pid namespace of its own (a container's) is handed the
	 * child's id in that namespace: 2 there may be the host's kthreadd. The
	 * child's own exit makes it under its host tid. */
	if (caller->vtid > 0 && caller->vtid != caller->tid)
		return;
	c = thread_lookup(st, ctid);
	if (c && is_stale(c, p->e->hdr->ts)) {
		thread_remove(st, c);
		caller = p->t = p->e->thread = thread_lookup(st, (int64_t)p->e->hdr->tid);
		if (!caller)
			return;
		c = NULL;
	}
	if (c) {
		/* the child's own events, or /proc, got there first; one made up
		 * from nothing learns what its parent knows, keeping its own fds */
		if ((c->flags & THREAD_F_INCOMPLETE) && !(c->flags & THREAD_F_FROM_PROC)) {
			thread_inherit(c, caller);
			c->pid = (flags & PPM_CL_CLONE_THREAD) ? caller->pid : ctid;
			c->ptid = (flags & (PPM_CL_CLONE_THREAD | PPM_CL_CLONE_PARENT)) ? caller->ptid
										  : caller->tid;
			if (flags & PPM_CL_CLONE_FILES) {
				fdtable_merge(st, caller->fds, c->fds, true);
				state_share_fds(st, c, caller);
			} else {
				fdtable_merge(st, c->fds, caller->fds, false);
			}
			c->start_ts = p->e->hdr->ts;
			c->flags &= ~THREAD_F_INCOMPLETE;
			c->priv = (c->priv & ~TP_LONE) | TP_FROM_PARENT_CLONE;
			join_group(st, c);
		}
		return;
	}
	c = thread_create(st, ctid);
	if (!c)
		return;
	thread_inherit(c, caller);
	if (caller->flags & THREAD_F_INCOMPLETE)
		c->flags |= THREAD_F_INCOMPLETE;
	if (flags & PPM_CL_CLONE_FILES) {
		state_share_fds(st, c, caller);
	} else {
		struct fdtable *copy = fdtable_copy(st, caller->fds);
		if (copy) {
			fdtable_unref(st, c->fds);
			c->fds = copy;
		}
	}
	c->pid = (flags & PPM_CL_CLONE_THREAD) ? caller->pid : ctid;
	c->ptid = (flags & (PPM_CL_CLONE_THREAD | PPM_CL_CLONE_PARENT)) ? caller->ptid : caller->tid;
	if (!(flags & PPM_CL_CLONE_NEWPID) && caller->vtid == caller->tid) {
		c->vtid = ctid; /* the caller sees host ids: so does the child */
		c->vpid = c->pid;
	} else if (flags & PPM_CL_CLONE_THREAD) {
		c->vpid = caller->vpid;
	}
	c->start_ts = p->e->hdr->ts;
	c->last_event_ts = p->e->hdr->ts;
	c->priv |= TP_FROM_PARENT_CLONE;
	join_group(st, c);
}

static void on_clone(struct pctx *p)
{
	int64_t res = ps64_or(p, S_RES, -1);
	if (res == 0) {
		clone_child(p);
		return;
	}
	p->t = p->e->thread = get_thread(p->st, (int64_t)p->e->hdr->tid);
	if (res > 0)
		clone_parent(p, res);
}

static void on_execve(struct pctx *p)
{
	struct state *st = p->st;
	struct thread *t = p->t;
	const char *cwd, *exe_path, *filename;
	uint64_t v;
	int64_t s;

	if (!t || ps64_or(p, S_RES, -1) != 0)
		return;
	if (ps64(p, S_PID, &s) && s > 0)
		t->pid = s;
	/* The kernel reparents a dying parent's children only after its exit
	 * event: an exec in that window still names the old parent, whose
	 * children were already handed to the reaper here. Keep that. */
	if (ps64(p, S_PTID, &s) && s > 0) {
		struct thread *named = state_thread(st, s);
		if (named && !(named->flags & THREAD_F_DEAD))
			t->ptid = s;
		else if (!named && !state_thread(st, t->ptid))
			t->ptid = s;
	}
	fill_from_proc_event(p, t);
	state_thread_learnt(st, t);
	cwd = pstr(p, S_CWD);
	if (cwd && cwd[0])
		set_cwd(t, cwd, strlen(cwd));
	if (st->opts.capture_env)
		set_bytes(p, S_ENV, &t->env, &t->env_len);
	if (pu64(p, S_TTY, &v))
		t->tty = (uint32_t)v;
	if (ps64(p, S_PGID, &s) && s >= 0)
		t->pgid = s;
	if (pu64(p, S_LOGINUID, &v))
		t->loginuid = (uint32_t)v;
	if (pu64(p, S_UID, &v))
		t->euid = (uint32_t)v;
	if (pu64(p, S_GID, &v))
		t->egid = (uint32_t)v;
	if (pu64(p, S_CAP_INH, &v))
		t->cap_inheritable = v;
	if (pu64(p, S_CAP_PRM, &v))
		t->cap_permitted = v;
	if (pu64(p, S_CAP_EFF, &v))
		t->cap_effective = v;
	if (pu64(p, S_FLAGS, &v)) {
		t->exe_writable = (v & PPM_EXE_WRITABLE) != 0;
		t->exe_upper_layer = (v & PPM_EXE_UPPER_LAYER_) != 0;
		t->exe_from_memfd = (v & PPM_EXE_FROM_MEMFD_) != 0;
	}
	/* the executable's path: the kernel's, else the filename resolved */
	exe_path = pstr(p, S_TRUSTED_EXEPATH);
	filename = pstr(p, S_FILENAME);
	if (!exe_path && filename)
		exe_path = resolve(st, t, PPM_AT_FDCWD, filename, &st->path);
	if (!exe_path && t->exe[0] == '/')
		exe_path = t->exe;
	if (exe_path && exe_path != t->exe)
		state_set_str(&t->exepath, exe_path, strlen(exe_path));
	else if (exe_path)
		state_set_str(&t->exepath, t->exe, strlen(t->exe));
	if (filename && p->e->resolved_path == NULL)
		p->e->resolved_path = resolve(st, t, PPM_AT_FDCWD, filename, &st->path);
	/* exec unshares the fd table, then closes the close-on-exec fds */
	if (t->fds && t->fds->refs > 1) {
		struct fdtable *c = fdtable_copy(st, t->fds);
		if (c) {
			fdtable_unref(st, t->fds);
			t->fds = c;
		}
	}
	fdtable_close_cloexec(st, t->fds);
	if (p->e->fdnum >= 0)
		p->e->fd = fdtable_lookup(t->fds, p->e->fdnum);
	/* an exec from a secondary thread makes it the leader, whose exit was
	 * reported under this tid: it lives on */
	t->flags &= ~(THREAD_F_INCOMPLETE | THREAD_F_DEAD);
	t->priv &= ~TP_LONE;
}

struct reparent {
	int64_t from, to;
};

static int reparent_one(struct thread *t, void *ctx)
{
	const struct reparent *r = ctx;
	if (t->ptid == r->from)
		t->ptid = r->to;
	return 0;
}

/* The kernel hands a dying process's children to a reaper (a live thread of
 * its group, a child subreaper, or the pid namespace's init), which the probe
 * reports as reaper_tid when there are children: follow it, so that a child's
 * parent stays known (proc.pname of a shell whose launcher exited). The scan
 * runs only for processes that had children. */
static void reparent_children(struct pctx *p, struct thread *t)
{
	struct reparent r = { t->tid, ps64_or(p, S_REAPER_TID, 0) };
	if (r.to > 0 && r.to != r.from)
		state_foreach_thread(p->st, reparent_one, &r);
}

static void on_procexit(struct pctx *p)
{
	struct thread *t = p->t;
	if (!t)
		return;
	reparent_children(p, t);
	t->flags |= THREAD_F_DEAD;
	t->priv |= TP_PENDING_FREE;
	p->st->pending_free = t;
}

static void on_chdir(struct pctx *p)
{
	const char *path = pstr(p, S_PATH);
	const char *dir;
	struct thread *m;

	if (!p->t || !path || ps64_or(p, S_RES, -1) != 0)
		return;
	dir = resolve(p->st, p->t, PPM_AT_FDCWD, path, &p->st->path);
	m = state_main_thread(p->st, p->t);
	set_cwd(p->t, dir, strlen(dir));
	if (m != p->t)
		set_cwd(m, dir, strlen(dir));
}

static void on_fchdir(struct pctx *p)
{
	struct thread *m;
	const struct fd_info *f = p->e->fd;
	if (!p->t || !f || f->name[0] != '/' || ps64_or(p, S_RES, -1) != 0)
		return;
	m = state_main_thread(p->st, p->t);
	set_cwd(p->t, f->name, strlen(f->name));
	if (m != p->t)
		set_cwd(m, f->name, strlen(f->name));
}

/* set*id change the calling thread's credentials (glibc repeats the call in
 * every thread, and each is traced). */
static void set_ids(uint32_t *r, uint32_t *e, uint64_t nr, uint64_t ne)
{
	if (nr != UINT32_MAX && nr != UINT64_MAX)
		*r = (uint32_t)nr;
	if (ne != UINT32_MAX && ne != UINT64_MAX)
		*e = (uint32_t)ne;
}

static void on_setuid(struct pctx *p)
{
	uint64_t v;
	if (!p->t || ps64_or(p, S_RES, -1) != 0 || !pu64(p, S_UID, &v))
		return;
	/* privileged: every id changes; unprivileged: the effective one */
	set_ids(&p->t->uid, &p->t->euid, p->t->euid == 0 ? v : UINT32_MAX, v);
}

static void on_setgid(struct pctx *p)
{
	uint64_t v;
	if (!p->t || ps64_or(p, S_RES, -1) != 0 || !pu64(p, S_GID, &v))
		return;
	set_ids(&p->t->gid, &p->t->egid, p->t->euid == 0 ? v : UINT32_MAX, v);
}

static void on_setresuid(struct pctx *p)
{
	if (!p->t || ps64_or(p, S_RES, -1) != 0)
		return;
	set_ids(&p->t->uid, &p->t->euid, pu64_or(p, S_RUID, UINT32_MAX), pu64_or(p, S_EUID, UINT32_MAX));
}

static void on_setresgid(struct pctx *p)
{
	if (!p->t || ps64_or(p, S_RES, -1) != 0)
		return;
	set_ids(&p->t->gid, &p->t->egid, pu64_or(p, S_RGID, UINT32_MAX), pu64_or(p, S_EGID, UINT32_MAX));
}

/* setreuid(2), setregid(2): the real and effective ids, -1 for unchanged */
static void on_setreuid(struct pctx *p)
{
	if (!p->t || ps64_or(p, S_RES, -1) != 0)
		return;
	set_ids(&p->t->uid, &p->t->euid, pu64_or(p, S_RUID, UINT32_MAX), pu64_or(p, S_EUID, UINT32_MAX));
}

static void on_setregid(struct pctx *p)
{
	if (!p->t || ps64_or(p, S_RES, -1) != 0)
		return;
	set_ids(&p->t->gid, &p->t->egid, pu64_or(p, S_RGID, UINT32_MAX), pu64_or(p, S_EGID, UINT32_MAX));
}

/* capset(2): the calling thread's sets after the call, in scap's encoding */
static void on_capset(struct pctx *p)
{
	uint64_t v;
	if (!p->t || ps64_or(p, S_RES, -1) != 0)
		return;
	if (pu64(p, S_CAP_INH, &v))
		p->t->cap_inheritable = v;
	if (pu64(p, S_CAP_PRM, &v))
		p->t->cap_permitted = v;
	if (pu64(p, S_CAP_EFF, &v))
		p->t->cap_effective = v;
}

/* prctl(PR_SET_NAME, name) renames the calling thread (its comm), which the
 * kernel cuts at 15 bytes (TASK_COMM_LEN with the NUL). */
static void on_prctl(struct pctx *p)
{
	char comm[16];
	const char *name;
	if (!p->t || ps64_or(p, S_RES, -1) != 0 || pu64_or(p, S_OPTION, 0) != PPM_PR_SET_NAME)
		return;
	name = pstr(p, S_ARG2_STR);
	if (!name)
		return;
	snprintf(comm, sizeof(comm), "%s", name);
	thread_set_comm(p->t, comm);
}

static void on_setsid(struct pctx *p)
{
	int64_t res = ps64_or(p, S_RES, -1);
	struct thread *m;
	if (!p->t || res <= 0)
		return;
	m = state_main_thread(p->st, p->t);
	p->t->sid = p->t->pgid = res;
	m->sid = m->pgid = res;
}

static void on_setpgid(struct pctx *p)
{
	int64_t pid = ps64_or(p, S_PID, 0), pgid = ps64_or(p, S_PGID, -1);
	struct thread *t;
	if (!p->t || ps64_or(p, S_RES, -1) != 0)
		return;
	t = pid ? thread_lookup(p->st, pid) : state_main_thread(p->st, p->t);
	if (!t)
		return;
	if (pgid < 0)
		pgid = ps64_or(p, S_PGID, 0);
	t->pgid = pgid ? pgid : t->pid;
}

/* setrlimit(RLIMIT_NOFILE) and prlimit(pid, RLIMIT_NOFILE, new, old) set a
 * process's fd limit (proc.fdlimit), kept on its main thread. prlimit
 * without a new limit carries zeros there: it only read the old one, and a
 * soft limit of 0 is no limit to keep either. */
static void on_rlimit(struct pctx *p)
{
	/* setrlimit's cur, or prlimit's newcur (0 when it set nothing) */
	int64_t cur = ps64_or(p, S_CUR, ps64_or(p, S_NEWCUR, 0)), pid = ps64_or(p, S_PID, 0);
	struct thread *t = p->t;

	if (!t || cur <= 0 || ps64_or(p, S_RES, -1) != 0 ||
	    pu64_or(p, S_RESOURCE, PPM_RLIMIT_UNKNOWN) != PPM_RLIMIT_NOFILE)
		return;
	/* pid is of the caller's pid namespace: this table knows the host's
	 * pids, and the caller's own */
	if (pid != 0 && pid != t->vpid)
		t = t->vpid == t->pid ? thread_lookup(p->st, pid) : NULL;
	if (t)
		state_main_thread(p->st, t)->fdlimit = cur;
}

/* Syscalls without an event of their own that make fds: their generic event
 * carries no result, so the process's new fds are read from /proc (live). */
static void on_generic(struct pctx *p)
{
	const struct evt *e = p->e;
	int i = p->tc->x[S_NATIVE_ID];
	uint16_t nr;

	/* the most frequent event: its u16 read in place, not through pu64 */
	if (i < 0 || i >= e->nparams || e->lens[i] != sizeof(nr))
		return;
	memcpy(&nr, e->params[i], sizeof(nr));
	if (nr < SYSCALL_TABLE_SIZE && syscall_table[nr].generic_fd && p->t)
		procfs_load_fds(p->st, p->t, true);
}

/* A capture file's procinfo: the CPU ticks its thread has used so far, each
 * second. thread.cpu is what it gained since the one before, as in sysdig
 * (nothing for its first). */
static void on_procinfo(struct pctx *p)
{
	struct thread *t = p->t;
	uint64_t usr, sys;
	bool seen;

	if (!t || !evt_param_u64(p->e, 0, &usr) || !evt_param_u64(p->e, 1, &sys))
		return;
	seen = t->cpu_user_ticks || t->cpu_sys_ticks;
	t->cpu_user_gain = seen && usr >= t->cpu_user_ticks ? (uint32_t)(usr - t->cpu_user_ticks) : 0;
	t->cpu_sys_gain = seen && sys >= t->cpu_sys_ticks ? (uint32_t)(sys - t->cpu_sys_ticks) : 0;
	t->cpu_user_ticks = usr;
	t->cpu_sys_ticks = sys;
}

/* ---- the per-type cache ----------------------------------------------------- */

static const struct handler_def {
	const char *name;
	handler_fn fn;
	bool enter;           /* runs on the enter event (procexit, connect); else the exit */
	uint8_t fd_type;
	uint8_t cloexec;
	bool own_thread;
	bool own_fd;
} handler_defs[] = {
	{ "open", on_open, false, 0, CX_PPM_FLAGS, false, false },
	{ "openat", on_open, false, 0, CX_PPM_FLAGS, false, false },
	{ "openat2", on_open, false, 0, CX_PPM_FLAGS, false, false },
	{ "creat", on_open, false, 0, CX_NONE, false, false },
	{ "open_by_handle_at", on_open, false, 0, CX_PPM_FLAGS, false, false },
	{ "close", on_close, false, 0, CX_NONE, false, false },
	{ "procinfo", on_procinfo, true, 0, CX_NONE, false, false },
	{ "socket", on_socket, false, 0, CX_SOCK_TYPE, false, false },
	{ "connect", on_connect_enter, true, 0, CX_NONE, false, false },
	{ "connect", on_connect, false, 0, CX_NONE, false, false },
	{ "accept", on_accept, false, 0, CX_LINUX_FLAGS, false, false },
	{ "accept4", on_accept, false, 0, CX_LINUX_FLAGS, false, false },
	{ "bind", on_bind, false, 0, CX_NONE, false, false },
	{ "listen", on_listen, false, 0, CX_NONE, false, false },
	{ "dup", on_dup, false, 0, CX_NONE, false, false },
	{ "dup2", on_dup, false, 0, CX_NONE, false, false },
	{ "dup3", on_dup, false, 0, CX_PPM_FLAGS, false, false },
	{ "fcntl", on_fcntl, false, 0, CX_NONE, false, false },
	{ "pipe", on_pipe, false, 0, CX_PPM_FLAGS, false, false },
	{ "pipe2", on_pipe, false, 0, CX_PPM_FLAGS, false, false },
	{ "socketpair", on_socketpair, false, 0, CX_SOCK_TYPE, false, false },
	/* the calls without flags carry 0 there; their newer siblings PPM_O_* */
	{ "eventfd", on_typed_fd, false, FDT_EVENTFD, CX_NONE, false, false },
	{ "eventfd2", on_typed_fd, false, FDT_EVENTFD, CX_PPM_FLAGS, false, false },
	{ "signalfd", on_typed_fd, false, FDT_SIGNALFD, CX_NONE, false, false },
	{ "signalfd4", on_typed_fd, false, FDT_SIGNALFD, CX_PPM_FLAGS, false, false },
	{ "timerfd_create", on_typed_fd, false, FDT_TIMERFD, CX_NONE, false, false },
	{ "inotify_init", on_typed_fd, false, FDT_INOTIFY, CX_NONE, false, false },
	{ "inotify_init1", on_typed_fd, false, FDT_INOTIFY, CX_PPM_FLAGS, false, false },
	{ "userfaultfd", on_typed_fd, false, FDT_USERFAULTFD, CX_PPM_FLAGS, false, false },
	{ "memfd_create", on_typed_fd, false, FDT_MEMFD, CX_MFD, false, false },
	{ "io_uring_setup", on_typed_fd, false, FDT_IOURING, CX_ALWAYS, false, false },
	{ "pidfd_open", on_typed_fd, false, FDT_PIDFD, CX_PIDFD, false, false },
	{ "pidfd_getfd", on_pidfd_getfd, false, 0, CX_ALWAYS, false, false },
	{ "epoll_create", on_typed_fd, false, FDT_EVENTPOLL, CX_NONE, false, false },
	{ "epoll_create1", on_typed_fd, false, FDT_EVENTPOLL, CX_EPOLL, false, false },
	{ "bpf", on_bpf, false, 0, CX_ALWAYS, false, true },
	{ "sendto", on_sock_io, false, 0, CX_NONE, false, false },
	{ "sendmsg", on_sock_io, false, 0, CX_NONE, false, false },
	{ "recvfrom", on_sock_io, false, 0, CX_NONE, false, false },
	{ "recvmsg", on_recvmsg, false, 0, CX_NONE, false, false },
	{ "clone", on_clone, false, 0, CX_NONE, true, false },
	{ "fork", on_clone, false, 0, CX_NONE, true, false },
	{ "vfork", on_clone, false, 0, CX_NONE, true, false },
	{ "clone3", on_clone, false, 0, CX_NONE, true, false },
	{ "execve", on_execve, false, 0, CX_NONE, false, false },
	{ "execveat", on_execve, false, 0, CX_NONE, false, false },
	{ "procexit", on_procexit, true, 0, CX_NONE, false, false },
	{ "chdir", on_chdir, false, 0, CX_NONE, false, false },
	{ "fchdir", on_fchdir, false, 0, CX_NONE, false, false },
	{ "setuid", on_setuid, false, 0, CX_NONE, false, false },
	{ "setgid", on_setgid, false, 0, CX_NONE, false, false },
	{ "setresuid", on_setresuid, false, 0, CX_NONE, false, false },
	{ "setresgid", on_setresgid, false, 0, CX_NONE, false, false },
	{ "setreuid", on_setreuid, false, 0, CX_NONE, false, false },
	{ "setregid", on_setregid, false, 0, CX_NONE, false, false },
	{ "setsid", on_setsid, false, 0, CX_NONE, false, false },
	{ "setpgid", on_setpgid, false, 0, CX_NONE, false, false },
	{ "capset", on_capset, false, 0, CX_NONE, false, false },
	{ "prctl", on_prctl, false, 0, CX_NONE, false, false },
	{ "setrlimit", on_rlimit, false, 0, CX_NONE, false, false },
	{ "prlimit", on_rlimit, false, 0, CX_NONE, false, false },
	{ "syscall", on_generic, false, 0, CX_NONE, false, false },
};

static int find_param(const struct event_info *info, const char *name)
{
	for (int i = 0; i < info->nparams; i++)
		if (info->params[i].name && strcmp(info->params[i].name, name) == 0)
			return i;
	return -1;
}

/* The path worth resolving for e->resolved_path: the first path parameter,
 * but not the kernel's own exe path. */
static void find_path(const struct event_info *info, int8_t *path, int8_t *dirfd)
{
	*path = *dirfd = -1;
	for (int i = 0; i < info->nparams; i++) {
		const struct param_info *pi = &info->params[i];
		if (pi->type != PT_FSPATH && pi->type != PT_FSRELPATH)
			continue;
		if (pi->name && strcmp(pi->name, "trusted_exepath") == 0)
			continue;
		*path = (int8_t)i;
		if (pi->type == PT_FSRELPATH)
			*dirfd = pi->dirfd_param;
		return;
	}
}

static void init_type(struct type_cache *tc, uint16_t type)
{
	const struct event_info *info = &event_table[type];
	const struct event_info *enter = PPME_IS_EXIT(type) ? &event_table[type - 1] : NULL;
	bool is_exit = PPME_IS_EXIT(type);

	memset(tc, 0, sizeof(*tc));
	for (int s = 0; s < S_MAX; s++) {
		tc->x[s] = (int8_t)find_param(info, slot_names[s]);
		tc->n[s] = enter ? (int8_t)find_param(enter, slot_names[s]) : -1;
	}
	/* execve exits carry the pgid seen in the process's namespace as
	 * "vpgid" and, in newer versions, the host's as "pgid": prefer that */
	if (tc->x[S_PGID] < 0)
		tc->x[S_PGID] = (int8_t)find_param(info, "vpgid");
	tc->res_fd = -1;
	if (is_exit && (info->flags & EF_CREATES_FD)) {
		int r = find_param(info, "res");
		if (r >= 0 && info->params[r].type == PT_FD)
			tc->res_fd = (int8_t)r;
		else if (info->nparams && info->params[0].type == PT_FD)
			tc->res_fd = 0;
		else if (r >= 0 && info->params[r].type == PT_ERRNO && find_param(info, "fd1") < 0)
			tc->res_fd = (int8_t)r; /* userfaultfd, io_uring_setup: the fd as an errno */
	}
	/* the fd an event acts on: "fd", unless that is the new fd */
	if (!(info->flags & EF_USES_FD) || tc->x[S_FD] == tc->res_fd)
		tc->x[S_FD] = -1;
	if (!(info->flags & EF_USES_FD) && !(enter && (enter->flags & EF_USES_FD)))
		tc->n[S_FD] = -1;
	find_path(info, &tc->path_x, &tc->dirfd_x);
	if (enter)
		find_path(enter, &tc->path_n, &tc->dirfd_n);
	else
		tc->path_n = tc->dirfd_n = -1;
	/* enter events (capture files only) are kept when their exit may lack params */
	if (!is_exit && info->nparams && event_has_exit(type))
		tc->stash = true;

	if (!info->name)
		return;
	for (size_t i = 0; i < sizeof(handler_defs) / sizeof(handler_defs[0]); i++) {
		const struct handler_def *h = &handler_defs[i];
		if (strcmp(h->name, info->name) != 0 || h->enter == is_exit)
			continue;
		tc->fn = h->fn;
		tc->fd_type = h->fd_type;
		tc->cloexec = h->cloexec;
		tc->own_thread = h->own_thread;
		tc->own_fd = h->own_fd;
		break;
	}
}

int parse_init(struct state *st)
{
	st->types = calloc(PPM_EVENT_MAX, sizeof(*st->types));
	if (!st->types)
		return -ENOMEM;
	for (uint16_t t = 0; t < PPM_EVENT_MAX; t++)
		init_type(&st->types[t], t);
	return 0;
}

void parse_free(struct state *st)
{
	free(st->types);
	st->types = NULL;
}

/* ---- the entry points -------------------------------------------------------- */

void state_flush_pending(struct state *st)
{
	struct thread *t;
	if (st->pending_close_thread) {
		t = st->pending_close_thread;
		st->pending_close_thread = NULL;
		fdtable_remove(st, t->fds, st->pending_close_fd);
	}
	if (st->pending_free) {
		t = st->pending_free;
		st->pending_free = NULL;
		t->priv &= ~TP_PENDING_FREE;
		/* a main thread stays while its other threads live */
		if (!(t->tid == t->pid && t->group_threads))
			thread_remove(st, t);
	}
}

static void stash_enter(struct thread *t, const struct wtf_evt_hdr *h)
{
	uint32_t len = h->len;
	if (len > STASH_MAX)
		return;
	if (len > t->stash_cap) {
		uint32_t cap = t->stash_cap ? t->stash_cap : 256;
		uint8_t *nb;
		while (cap < len)
			cap *= 2;
		nb = realloc(t->stash, cap);
		if (!nb)
			return;
		t->stash = nb;
		t->stash_cap = cap;
	}
	memcpy(t->stash, h, len);
}

/* A capture file's exit takes its latency from its thread's enter, as
 * sysdig's does, when the enter came just before it on that thread; the
 * live probe's exits bring their own. */
static void exit_latency(struct evt *e, const struct thread *t)
{
	if (t && !e->latency && t->enter_type == PPME_MAKE_ENTER(e->hdr->type) && e->hdr->ts >= t->enter_ts)
		e->latency = e->hdr->ts - t->enter_ts;
}

/* e->resolved_path for events whose path no handler resolved. */
static void resolve_event_path(struct pctx *p)
{
	const struct type_cache *tc = p->tc;
	const struct evt *src = p->e;
	int8_t pi = tc->path_x, di = tc->dirfd_x;
	const char *path;
	int64_t dirfd = PPM_AT_FDCWD;

	if (pi < 0 || pi >= p->e->nparams || !p->e->lens[pi]) {
		pi = tc->path_n;
		di = tc->dirfd_n;
		if (pi < 0 || !(src = enter_evt(p)) || pi >= src->nparams)
			return;
	}
	path = evt_param_str(src, pi);
	if (!path || !path[0])
		return;
	if (di >= 0)
		evt_param_s64(src, di, &dirfd);
	p->e->resolved_path = resolve(p->st, p->t, dirfd, path, &p->st->path);
}

void state_on_event(struct state *st, struct evt *e)
{
	const struct wtf_evt_hdr *h = e->hdr;
	const struct type_cache *tc = &st->types[h->type];
	struct pctx p; /* not zeroed: p.enter is large and filled only when needed */
	int64_t fd;
	int i;

	p.st = st;
	p.e = e;
	p.tc = tc;
	p.t = NULL;
	p.enter_state = 0;

	if (st->pending_close_thread || st->pending_free)
		state_flush_pending(st); /* state_after_event was not called */
	if (st->tcount + 2 >= st->opts.max_threads)
		thread_make_room(st);
	e->fd = NULL;
	e->fdnum = -1;
	e->resolved_path = NULL;

	if ((int64_t)h->tid <= 0) {
		e->thread = NULL; /* the idle task, or a meta event of no thread */
	} else if (!tc->own_thread) {
		/* a procinfo names no new thread: sysdig makes none for it */
		p.t = e->thread = h->type == PPME_PROCINFO_E ? thread_lookup(st, (int64_t)h->tid)
							    : get_thread(st, (int64_t)h->tid);
		if (p.t)
			p.t->last_event_ts = h->ts;
	} else {
		e->thread = NULL;
	}

	/* the fd it acts on */
	if ((i = tc->x[S_FD]) >= 0 && i < e->nparams && e->lens[i]) {
		if (e->lens[i] == 8) { /* PT_FD: the common case, read inline */
			memcpy(&fd, e->params[i], 8);
			e->fdnum = fd;
		} else if (evt_param_s64(e, i, &fd)) {
			e->fdnum = fd;
		}
	} else if (tc->n[S_FD] >= 0 && ps64(&p, S_FD, &fd)) {
		e->fdnum = fd;
	}
	if (e->fdnum >= 0 && p.t)
		e->fd = fdtable_lookup(p.t->fds, e->fdnum);

	if (PPME_IS_ENTER(h->type)) {
		/* a scheduler switch or procinfo comes between an enter and
		 * its exit: only an enter with an exit starts a pairing */
		if (p.t && event_has_exit(h->type)) {
			p.t->enter_type = h->type;
			p.t->enter_ts = h->ts;
		}
		if (tc->stash && p.t)
			stash_enter(p.t, h);
		if (tc->fn)
			tc->fn(&p);
		if (tc->path_x >= 0)
			resolve_event_path(&p);
		return;
	}

	if (tc->fn)
		tc->fn(&p);
	if (tc->own_thread && e->thread)
		e->thread->last_event_ts = h->ts;
	exit_latency(e, p.t);

	/* the fd it created */
	if (!tc->own_fd && tc->res_fd >= 0 && (fd = result_fd(&p)) >= 0 && p.t) {
		e->fdnum = fd;
		e->fd = fdtable_lookup(p.t->fds, fd);
	}
	if (!e->resolved_path && (tc->path_x >= 0 || tc->path_n >= 0))
		resolve_event_path(&p);
	if (p.t)
		p.t->enter_type = UINT16_MAX; /* an enter is for its own exit only */
}

void state_after_event(struct state *st, struct evt *e)
{
	(void)e;
	state_flush_pending(st);
}
