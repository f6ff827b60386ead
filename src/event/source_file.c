/* source_file.c: a capture file (-r) as an event source. Its state blocks seed
 * the state tables in place of /proc; its events go to the same callback as
 * the live probe's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/scap_read.h"
#include "event/event_table.h"
#include "event/source.h"
#include "state/state.h"

#define POLL_BATCH 4096 /* events per poll: the loop around checks stop and limits */

struct file_source {
	struct source base;
	struct scap_reader *rd;
	struct state *st;
	struct source_stats stats;
	struct source_file_info info;
	char *path;
	char *err; /* the reader's error with the path in front */
	/* The fd lists give a socket's local and remote ends, not which one is
	 * the server: as sysdig does, a local port that some server socket of
	 * the file listens on makes the local end the server. Sockets wait here
	 * until the state blocks are over. */
	uint8_t server_ports[65536 / 8];
	struct pending_sock { int64_t tid, fd; } *socks;
	size_t nsocks, socks_cap;
};

/* ---- state blocks into the state tables ------------------------------------ */

static int set_str(char **dst, struct scap_str s)
{
	return state_set_str(dst, s.s, s.len);
}

static int on_machine(void *ctx, const struct scap_machine_info *mi)
{
	struct file_source *f = ctx;
	snprintf(f->info.hostname, sizeof(f->info.hostname), "%s", mi->hostname);
	f->info.num_cpus = mi->num_cpus;
	return 0;
}

static int on_thread(void *ctx, const struct scap_thread_rec *r)
{
	struct file_source *f = ctx;
	struct thread *t = state_restore_thread(f->st, r->tid, r->pid);
	int rc = 0;

	if (!t)
		return -ENOMEM;
	t->ptid = r->ptid;
	t->sid = r->sid;
	t->pgid = r->vpgid;
	t->vtid = r->vtid;
	t->vpid = r->vpid;
	snprintf(t->comm, sizeof(t->comm), "%.*s", (int)r->comm.len, r->comm.s);
	rc |= set_str(&t->exe, r->exe);
	rc |= set_str(&t->exepath, r->exepath);
	rc |= set_str(&t->args, r->args);
	t->args_len = r->args.len;
	/* sysdig keeps the cwd with a trailing slash */
	if (r->cwd.len && r->cwd.s[r->cwd.len - 1] != '/') {
		char buf[SCAP_MAX_PATH_SIZE + 2];
		int n = snprintf(buf, sizeof(buf), "%.*s/", (int)r->cwd.len, r->cwd.s);
		rc |= state_set_str(&t->cwd, buf, (size_t)n);
	} else {
		rc |= set_str(&t->cwd, r->cwd);
	}
	if (r->env.len) {
		rc |= set_str(&t->env, r->env);
		t->env_len = r->env.len;
	}
	rc |= set_str(&t->cgroups, r->cgroups);
	t->cgroups_len = r->cgroups.len;
	t->uid = t->euid = r->uid;
	t->gid = t->egid = r->gid;
	t->loginuid = r->loginuid;
	t->tty = r->tty;
	t->vmsize_kb = r->vmsize_kb;
	t->vmrss_kb = r->vmrss_kb;
	t->vmswap_kb = r->vmswap_kb;
	t->pfmajor = r->pfmajor;
	t->pfminor = r->pfminor;
	t->fdlimit = (int64_t)r->fdlimit;
	t->cap_inheritable = r->cap_inheritable;
	t->cap_permitted = r->cap_permitted;
	t->cap_effective = r->cap_effective;
	t->exe_writable = r->exe_writable;
	t->exe_upper_layer = r->exe_upper_layer;
	t->exe_from_memfd = r->exe_from_memfd;
	state_restore_done(f->st, t);
	return rc ? -ENOMEM : 0;
}

/* scap's fd types, in state's terms */
static enum fd_type fd_type_of(uint8_t scap_type)
{
	static const enum fd_type map[] = {
		[SCAP_FD_FILE] = FDT_FILE,           [SCAP_FD_DIRECTORY] = FDT_DIRECTORY,
		[SCAP_FD_IPV4_SOCK] = FDT_IPV4_SOCK, [SCAP_FD_IPV6_SOCK] = FDT_IPV6_SOCK,
		[SCAP_FD_IPV4_SERVSOCK] = FDT_IPV4_SOCK, [SCAP_FD_IPV6_SERVSOCK] = FDT_IPV6_SOCK,
		[SCAP_FD_FIFO] = FDT_PIPE,           [SCAP_FD_UNIX_SOCK] = FDT_UNIX_SOCK,
		[SCAP_FD_EVENT] = FDT_EVENTFD,       [SCAP_FD_UNSUPPORTED] = FDT_UNKNOWN,
		[SCAP_FD_SIGNALFD] = FDT_SIGNALFD,   [SCAP_FD_EVENTPOLL] = FDT_EVENTPOLL,
		[SCAP_FD_INOTIFY] = FDT_INOTIFY,     [SCAP_FD_TIMERFD] = FDT_TIMERFD,
		[SCAP_FD_NETLINK] = FDT_NETLINK,     [SCAP_FD_FILE_V2] = FDT_FILE,
		[SCAP_FD_BPF] = FDT_BPF,             [SCAP_FD_USERFAULTFD] = FDT_USERFAULTFD,
		[SCAP_FD_IOURING] = FDT_IOURING,     [SCAP_FD_MEMFD] = FDT_MEMFD,
		[SCAP_FD_PIDFD] = FDT_PIDFD,
	};
	return scap_type < sizeof(map) / sizeof(map[0]) ? map[scap_type] : FDT_UNKNOWN;
}

/* scap's SCAP_L4_* codes, as the IPPROTO_* numbers the state keeps */
static uint8_t l4proto_of(uint8_t scap_l4)
{
	switch (scap_l4) {
	case SCAP_L4_TCP: return 6;
	case SCAP_L4_UDP: return 17;
	case SCAP_L4_ICMP: return 1;
	case SCAP_L4_RAW: return 255;
	}
	return 0;
}

static void fill_socket(struct fd_info *fd, const struct scap_fd_rec *r, struct strbuf *tmp)
{
	bool v6 = fd->type == FDT_IPV6_SOCK;
	size_t alen = v6 ? 16 : 4;
	struct fd_tuple *tu = &fd->tuple;

	tu->family = v6 ? PPM_AF_INET6 : PPM_AF_INET;
	tu->l4proto = l4proto_of(r->l4proto);
	if (r->type == SCAP_FD_IPV4_SERVSOCK || r->type == SCAP_FD_IPV6_SERVSOCK) {
		fd->role = FD_ROLE_SERVER;
		memcpy(tu->sip, r->sip, alen);
		tu->sport = r->sport;
	} else { /* scap's source and destination: client and server */
		memcpy(tu->cip, r->sip, alen);
		tu->cport = r->sport;
		memcpy(tu->sip, r->dip, alen);
		tu->sport = r->dport;
	}
	strbuf_reset(tmp);
	fd_tuple_render(fd, tmp);
	fd_set_name(fd, tmp->buf ? tmp->buf : "", tmp->len);
}

static int remember_socket(struct file_source *f, int64_t tid, const struct scap_fd_rec *r)
{
	if (r->type == SCAP_FD_IPV4_SERVSOCK || r->type == SCAP_FD_IPV6_SERVSOCK) {
		f->server_ports[r->sport / 8] |= (uint8_t)(1u << (r->sport % 8));
		return 0;
	}
	if (f->nsocks == f->socks_cap) {
		size_t cap = f->socks_cap ? 2 * f->socks_cap : 64;
		struct pending_sock *n = realloc(f->socks, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		f->socks = n;
		f->socks_cap = cap;
	}
	f->socks[f->nsocks++] = (struct pending_sock){ tid, r->fd };
	return 0;
}

/* Orients the sockets of the fd lists just read (see server_ports). */
static void orient_sockets(struct file_source *f)
{
	struct strbuf tmp = STRBUF_INIT;

	for (size_t i = 0; i < f->nsocks; i++) {
		struct thread *t = state_thread(f->st, f->socks[i].tid);
		struct fd_info *fd = t ? fdtable_lookup(t->fds, f->socks[i].fd) : NULL;
		struct fd_tuple *tu;
		if (!fd || (fd->type != FDT_IPV4_SOCK && fd->type != FDT_IPV6_SOCK))
			continue;
		tu = &fd->tuple;
		if (f->server_ports[tu->cport / 8] & (1u << (tu->cport % 8))) {
			uint8_t ip[16];
			uint16_t port = tu->cport;
			memcpy(ip, tu->cip, sizeof(ip));
			memcpy(tu->cip, tu->sip, sizeof(ip));
			memcpy(tu->sip, ip, sizeof(ip));
			tu->cport = tu->sport;
			tu->sport = port;
			fd->role = FD_ROLE_SERVER;
		} else {
			fd->role = FD_ROLE_CLIENT;
		}
		strbuf_reset(&tmp);
		fd_tuple_render(fd, &tmp);
		fd_set_name(fd, tmp.buf ? tmp.buf : "", tmp.len);
	}
	strbuf_free(&tmp);
	f->nsocks = 0;
}

static int on_fd(void *ctx, int64_t tid, const struct scap_fd_rec *r)
{
	struct file_source *f = ctx;
	struct thread *t = state_thread(f->st, tid);
	struct fd_info *fd;
	struct strbuf tmp = STRBUF_INIT;

	if (!t) /* an fd list for a thread the process list did not have: libscap skips it too */
		return 0;
	if (!(fd = state_fd_add(f->st, t, r->fd)))
		return 0; /* the table is at its bound: counted by the state */
	fd->type = fd_type_of(r->type);
	fd->ino = r->ino;
	fd->flags = r->open_flags;
	fd->dev = r->dev;
	if (fd->type == FDT_IPV4_SOCK || fd->type == FDT_IPV6_SOCK) {
		fill_socket(fd, r, &tmp);
		strbuf_free(&tmp);
		return remember_socket(f, tid, r);
	}
	size_t len = r->name.len;
	if (fd->type == FDT_UNIX_SOCK) {
		fd->tuple.family = PPM_AF_UNIX;
		fd->tuple.unix_src = r->unix_src;
		fd->tuple.unix_dst = r->unix_dst;
		/* older libscap kept the end of the /proc/net/unix line: sysdig
		 * shows the path without it */
		while (len && r->name.s[len - 1] == '\n')
			len--;
	}
	return fd_set_name(fd, r->name.s, len);
}

static int on_user(void *ctx, uint32_t uid, uint32_t gid, struct scap_str name, struct scap_str home,
		   struct scap_str shell)
{
	struct file_source *f = ctx;
	char n[SCAP_MAX_CREDENTIALS_STR_LEN + 1], h[SCAP_MAX_CREDENTIALS_STR_LEN + 1],
		s[SCAP_MAX_CREDENTIALS_STR_LEN + 1];

	snprintf(n, sizeof(n), "%.*s", (int)name.len, name.s);
	snprintf(h, sizeof(h), "%.*s", (int)home.len, home.s);
	snprintf(s, sizeof(s), "%.*s", (int)shell.len, shell.s);
	return state_add_user(f->st, uid, gid, n, h, s);
}

static int on_group(void *ctx, uint32_t gid, struct scap_str name)
{
	struct file_source *f = ctx;
	char n[SCAP_MAX_CREDENTIALS_STR_LEN + 1];

	snprintf(n, sizeof(n), "%.*s", (int)name.len, name.s);
	return state_add_group(f->st, gid, n);
}

/* ---- the source ---------------------------------------------------------------- */

/* sysdig shows no state-only event to anyone */
static bool state_only(const struct scap_event *ev)
{
	return ev->flags & SCAP_DF_STATE_ONLY;
}

static int file_poll(struct source *src, int timeout_ms)
{
	struct file_source *f = (struct file_source *)src;
	int n = 0;

	while (n < POLL_BATCH) {
		struct scap_event ev;
		int rc = scap_reader_next(f->rd, &ev);
		if (rc <= 0) /* the events before an error are delivered first */
			return n ? n : rc == 0 ? -ENODATA : rc;
		if (f->nsocks)
			orient_sockets(f);
		if (!f->info.first_ts)
			f->info.first_ts = ev.hdr->ts;
		f->info.last_ts = ev.hdr->ts;
		f->stats.n_evts++;
		src->evt_state_only = state_only(&ev);
		rc = src->cb(src->cb_ctx, ev.hdr, ev.hdr->len, 0, ev.cpu);
		src->evt_state_only = false;
		n++;
		if (rc)
			return rc;
	}
	return n;
}

static void file_stats(struct source *src, struct source_stats *out)
{
	*out = ((struct file_source *)src)->stats;
}

static const char *file_error(struct source *src)
{
	struct file_source *f = (struct file_source *)src;
	const char *e = scap_reader_error(f->rd);

	if (!e)
		return NULL;
	free(f->err);
	if (asprintf(&f->err, "%s: %s", src->name, e) < 0)
		f->err = NULL;
	return f->err ? f->err : e;
}

static void file_free(struct source *src)
{
	struct file_source *f = (struct file_source *)src;
	scap_reader_free(f->rd);
	free(f->err);
	free(f->socks);
	free(f->path);
	free(f);
}

static const struct source_ops file_ops = {
	.kind = "file",
	.poll = file_poll,
	.stats = file_stats,
	.free = file_free,
	.error = file_error,
};

struct source *source_file_new(const char *path, struct state *st, source_event_fn cb, void *ctx,
			       char **cause)
{
	struct file_source *f = calloc(1, sizeof(*f));
	struct scap_read_cbs cbs = {
		.machine = on_machine, .thread = on_thread, .fd = on_fd,
		.user = on_user, .group = on_group,
	};

	if (!f || !(f->path = strdup(path))) {
		free(f);
		*cause = strdup("out of memory");
		return NULL;
	}
	cbs.ctx = f;
	f->st = st;
	if (!(f->rd = scap_reader_open(path, &cbs, cause))) {
		free(f->path);
		free(f);
		return NULL;
	}
	f->base.ops = &file_ops;
	f->base.cb = cb;
	f->base.cb_ctx = ctx;
	f->base.name = strcmp(path, "-") ? f->path : "stdin";
	return &f->base;
}

const struct source_file_info *source_file_info(struct source *src)
{
	return &((struct file_source *)src)->info;
}
