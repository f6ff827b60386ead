/* scap_write.c: `-w`: capture files in scap's pcapng-based format, with the
 * state at the start of each file, rotation, gzip, and a full disk that
 * leaves what was written readable (see scap_write.h).
 *
 * What each reader needs from these files:
 * - sysdig 0.29.3 (`sysdig -r`): section header 1.2; the v9 process list
 *   with the tail of libs < 0.10 (loginuid, exe_writable, capabilities; no
 *   pidns_init_start_ts/tty, which libs 0.10 inserted mid-entry); fd list v2
 *   with only the fd types it knows; user list v2; v2 event blocks (EVF with
 *   the state-only flag for events kept for state) of at most 64 KiB, with
 *   the events of its libs (scap_legacy.c); an interface list (v2), without
 *   which it takes no address for the machine's own, and fd.lip, fd.rip and
 *   the other local/remote fields pick the wrong end of a connection.
 * - tshark (`tshark -r`): valid pcapng framing: every block's total length
 *   repeated in its trailer, bodies padded to 4 bytes, a section header first.
 * - wtftop -r: all of the above.
 */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "capture/scap_format.h"
#include "capture/scap_legacy.h"
#include "capture/scap_write.h"
#include "util/strbuf.h"
#include "util/clock.h"

#define SINK_FLUSH_BYTES (256 * 1024)

/* Where the bytes go: a file or stdout, through our buffer of whole blocks.
 * With gzip each flush of the buffer is one complete gzip member (a file of
 * several is one gzip stream to every reader), so that the file on disk is
 * always a whole gzip of whole blocks, however it ends. */
struct sink {
	int fd;            /* -1 when closed */
	bool gzip;
	bool zready;       /* z is initialised */
	z_stream z;
	bool seekable;     /* a regular file: a failed write can be cut back */
	uint64_t committed; /* bytes of whole blocks (members) known to be in the file */
	uint64_t written;  /* bytes handed to the sink (uncompressed) */
	struct strbuf buf; /* blocks not yet written */
	struct strbuf zout; /* gzip: the member made of buf */
};

struct scap_writer {
	struct scap_writer_opts o;
	struct state *st;           /* borrowed */
	struct sink sink;
	char *cur_path;             /* owned: the file being written */
	char **ring;                /* owned: the last max_files names (-W) */
	uint64_t nfiles;            /* files opened so far */
	uint64_t file_events;       /* events in the current file */
	uint64_t file_start_ts;     /* first event's ts in the current file, 0 before */
	uint64_t nevents;
	struct strbuf blk;          /* a block being made */
	struct strbuf conv;         /* converted events */
	struct strbuf err;          /* "PATH: reason" */
	bool failed;
};

/* ---- the sink ---- */

/* buf as one gzip member in zout. */
static int sink_deflate(struct sink *s)
{
	if (!s->zready) {
		if (deflateInit2(&s->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			return -ENOMEM;
		s->zready = true;
	} else if (deflateReset(&s->z) != Z_OK) {
		return -EIO;
	}
	strbuf_reset(&s->zout);
	if (strbuf_reserve(&s->zout, deflateBound(&s->z, s->buf.len)))
		return -ENOMEM;
	s->z.next_in = (Bytef *)s->buf.buf;
	s->z.avail_in = (uInt)s->buf.len;
	s->z.next_out = (Bytef *)s->zout.buf;
	s->z.avail_out = (uInt)(s->zout.cap - 1);
	if (deflate(&s->z, Z_FINISH) != Z_STREAM_END)
		return -EIO;
	s->zout.len = s->zout.cap - 1 - s->z.avail_out;
	s->zout.buf[s->zout.len] = '\0';
	return 0;
}

static int sink_flush(struct sink *s)
{
	const struct strbuf *out = &s->buf;
	size_t off = 0;
	int r;

	if (!s->buf.len)
		return 0;
	if (s->gzip) {
		if ((r = sink_deflate(s))) {
			strbuf_reset(&s->buf);
			return r;
		}
		out = &s->zout;
	}
	while (off < out->len) {
		ssize_t n = write(s->fd, out->buf + off, out->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : ENOSPC;
			/* cut the file back to its last whole block (member), so it stays readable */
			if (s->seekable && ftruncate(s->fd, (off_t)s->committed) == 0)
				lseek(s->fd, (off_t)s->committed, SEEK_SET);
			strbuf_reset(&s->buf);
			return -err;
		}
		off += (size_t)n;
	}
	s->committed += out->len;
	strbuf_reset(&s->buf);
	return 0;
}

static int sink_write(struct sink *s, const void *data, size_t len)
{
	s->written += len;
	if (strbuf_append(&s->buf, data, len))
		return -ENOMEM;
	return s->buf.len >= SINK_FLUSH_BYTES ? sink_flush(s) : 0;
}

/* Bytes in the file so far, for -C (with gzip, those of whole members). */
static uint64_t sink_size(struct sink *s)
{
	return s->gzip ? s->committed : s->written;
}

static int sink_open(struct sink *s, const char *path, bool gzip)
{
	struct stat sb;

	memset(s, 0, sizeof(*s));
	s->fd = strcmp(path, "-") ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)
				  : dup(STDOUT_FILENO);
	if (s->fd < 0)
		return -errno;
	s->seekable = fstat(s->fd, &sb) == 0 && S_ISREG(sb.st_mode);
	s->gzip = gzip;
	return 0;
}

static int sink_close(struct sink *s)
{
	int r;

	if (s->fd < 0)
		return 0;
	r = sink_flush(s);
	if (close(s->fd) && !r)
		r = -errno;
	s->fd = -1;
	if (s->zready)
		deflateEnd(&s->z);
	s->zready = false;
	strbuf_free(&s->buf);
	strbuf_free(&s->zout);
	return r;
}

/* ---- blocks ---- */

static void put(struct strbuf *b, const void *p, size_t n)
{
	strbuf_append(b, p, n);
}
static void put_u8(struct strbuf *b, uint8_t v) { put(b, &v, 1); }
static void put_u16(struct strbuf *b, uint16_t v) { put(b, &v, 2); }
static void put_u32(struct strbuf *b, uint32_t v) { put(b, &v, 4); }
static void put_u64(struct strbuf *b, uint64_t v) { put(b, &v, 8); }

/* Sets the u32 put at offset at (an entry's length, known once it is made). */
static void set_u32_at(struct strbuf *b, size_t at, uint32_t v)
{
	if (b->len >= at + 4)
		memcpy(b->buf + at, &v, 4);
}

/* A u16-length-prefixed string of at most max bytes (readers' limits). */
static void put_str(struct strbuf *b, const char *s, size_t len, size_t max)
{
	if (!s)
		len = 0;
	if (len > max)
		len = max;
	put_u16(b, (uint16_t)len);
	put(b, s, len);
}

static void put_cstr(struct strbuf *b, const char *s)
{
	put_str(b, s, s ? strlen(s) : 0, SCAP_MAX_PATH_SIZE);
}

static void block_begin(struct strbuf *b, uint32_t type)
{
	strbuf_reset(b);
	put_u32(b, type);
	put_u32(b, 0); /* total length, set by block_end */
}

/* Pads the body, writes the trailer and the total length; the block must
 * have been made without allocation failure. */
static int block_end(struct strbuf *b)
{
	static const uint8_t pad[4];
	uint32_t total;

	put(b, pad, SCAP_PAD4(b->len));
	total = (uint32_t)b->len + SCAP_BLOCK_TRAILER_SIZE;
	put_u32(b, total);
	if (b->len != total)
		return -ENOMEM;
	memcpy(b->buf + 4, &total, 4);
	return 0;
}

static int block_flush(struct scap_writer *w)
{
	int r = block_end(&w->blk);
	return r ? r : sink_write(&w->sink, w->blk.buf, w->blk.len);
}

/* ---- the state at the start of a file ---- */

static int write_section_header(struct scap_writer *w)
{
	block_begin(&w->blk, SCAP_SHB_BLOCK_TYPE);
	put_u32(&w->blk, SCAP_SHB_MAGIC);
	put_u16(&w->blk, SCAP_MAJOR_VERSION);
	put_u16(&w->blk, SCAP_MINOR_VERSION);
	put_u64(&w->blk, UINT64_MAX); /* section length unknown */
	return block_flush(w);
}

static uint64_t read_proc_u64(const char *path)
{
	unsigned long long v = 0;
	FILE *f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static int write_machine_info(struct scap_writer *w)
{
	struct scap_machine_info mi;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);

	memset(&mi, 0, sizeof(mi));
	mi.num_cpus = (uint32_t)sysconf(_SC_NPROCESSORS_ONLN);
	mi.memory_size_bytes = pages > 0 && psize > 0 ? (uint64_t)pages * (uint64_t)psize : 0;
	mi.max_pid = read_proc_u64("/proc/sys/kernel/pid_max");
	gethostname(mi.hostname, sizeof(mi.hostname) - 1);
	/* newer libs read the boot time here; 0.29.3 ignores it */
	mi.reserved1 = boot_epoch_ns();
	block_begin(&w->blk, SCAP_MI_BLOCK_TYPE);
	put(&w->blk, &mi, SCAP_MI_BODY_SIZE);
	return block_flush(w);
}

static bool thread_written(const struct thread *t)
{
	return !(t->flags & THREAD_F_DEAD);
}

/* One v9 process-list entry: see scap_format.h for the layout. */
static int put_proc_entry(struct thread *t, void *ctx)
{
	struct scap_writer *w = ctx;
	struct strbuf *b = &w->blk;
	size_t at = b->len;
	/* libs mark threads that are not their process's main thread this way */
	uint32_t flags = t->tid == t->pid ? 0 : (PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES);

	if (!thread_written(t))
		return 0;
	put_u32(b, 0); /* entry length, counting itself */
	put_u64(b, (uint64_t)t->tid);
	put_u64(b, (uint64_t)t->pid);
	put_u64(b, (uint64_t)t->ptid);
	put_u64(b, (uint64_t)t->sid);
	put_u64(b, (uint64_t)t->pgid);
	put_cstr(b, t->comm);
	put_cstr(b, t->exe);
	put_cstr(b, t->exepath);
	put_str(b, t->args, t->args_len, SCAP_MAX_ARGS_SIZE);
	put_cstr(b, state_thread_cwd(w->st, t));
	put_u64(b, (uint64_t)t->fdlimit);
	put_u32(b, flags);
	put_u32(b, t->euid);
	put_u32(b, t->egid);
	put_u32(b, (uint32_t)t->vmsize_kb);
	put_u32(b, (uint32_t)t->vmrss_kb);
	put_u32(b, (uint32_t)t->vmswap_kb);
	put_u64(b, t->pfmajor);
	put_u64(b, t->pfminor);
	put_str(b, t->env, t->env_len, SCAP_MAX_ENV_SIZE);
	put_u64(b, (uint64_t)t->vtid);
	put_u64(b, (uint64_t)t->vpid);
	put_str(b, t->cgroups, t->cgroups_len, SCAP_MAX_CGROUPS_SIZE);
	put_cstr(b, "/"); /* root: not kept */
	/* the tail of libs < 0.10, which 0.29.3 reads (SCAP_PL_PRE_0_10_TAIL) */
	put_u32(b, t->loginuid);
	put_u8(b, t->exe_writable);
	put_u64(b, t->cap_inheritable);
	put_u64(b, t->cap_permitted);
	put_u64(b, t->cap_effective);
	set_u32_at(b, at, (uint32_t)(b->len - at));
	return 0;
}

static int write_proclist(struct scap_writer *w)
{
	block_begin(&w->blk, SCAP_PL_BLOCK_TYPE_V9);
	state_foreach_thread(w->st, put_proc_entry, w);
	return block_flush(w);
}

/* Our fd types as the scap types 0.29.3 knows; UNKNOWN: not written. */
static enum scap_fd_type scap_fd_type_of(const struct fd_info *fd)
{
	switch (fd->type) {
	case FDT_FILE: return SCAP_FD_FILE_V2;
	case FDT_DIRECTORY: return SCAP_FD_DIRECTORY;
	case FDT_IPV4_SOCK:
		return fd->tuple.cport || fd->role == FD_ROLE_CLIENT ? SCAP_FD_IPV4_SOCK
								    : SCAP_FD_IPV4_SERVSOCK;
	case FDT_IPV6_SOCK:
		return fd->tuple.cport || fd->role == FD_ROLE_CLIENT ? SCAP_FD_IPV6_SOCK
								    : SCAP_FD_IPV6_SERVSOCK;
	case FDT_UNIX_SOCK: return SCAP_FD_UNIX_SOCK;
	case FDT_PIPE: return SCAP_FD_FIFO;
	case FDT_EVENTFD: return SCAP_FD_EVENT;
	case FDT_SIGNALFD: return SCAP_FD_SIGNALFD;
	case FDT_EVENTPOLL: return SCAP_FD_EVENTPOLL;
	case FDT_INOTIFY: return SCAP_FD_INOTIFY;
	case FDT_TIMERFD: return SCAP_FD_TIMERFD;
	case FDT_NETLINK: return SCAP_FD_NETLINK;
	case FDT_UNKNOWN: return SCAP_FD_UNKNOWN;
	default: /* bpf, userfaultfd, io_uring, memfd, pidfd, raw sockets: 0.29.3
		  * refuses fd types above SCAP_FD_FILE_V2 */
		return SCAP_FD_UNSUPPORTED;
	}
}

static int put_fd_entry(struct fd_info *fd, void *ctx)
{
	struct strbuf *b = ctx;
	enum scap_fd_type type = scap_fd_type_of(fd);
	const struct fd_tuple *tu = &fd->tuple;
	size_t at = b->len;

	if (type == SCAP_FD_UNKNOWN)
		return 0;
	put_u32(b, 0); /* entry length, counting itself */
	put_u64(b, (uint64_t)fd->fd);
	put_u64(b, fd->ino);
	put_u8(b, (uint8_t)type);
	switch (type) {
	case SCAP_FD_IPV4_SOCK: /* client first: sysdig's sip:sport->dip:dport */
		put(b, tu->cip, 4);
		put(b, tu->sip, 4);
		put_u16(b, tu->cport);
		put_u16(b, tu->sport);
		put_u8(b, tu->l4proto);
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		put(b, tu->sip, 4);
		put_u16(b, tu->sport);
		put_u8(b, tu->l4proto);
		break;
	case SCAP_FD_IPV6_SOCK:
		put(b, tu->cip, 16);
		put(b, tu->sip, 16);
		put_u16(b, tu->cport);
		put_u16(b, tu->sport);
		put_u8(b, tu->l4proto);
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		put(b, tu->sip, 16);
		put_u16(b, tu->sport);
		put_u8(b, tu->l4proto);
		break;
	case SCAP_FD_UNIX_SOCK:
		put_u64(b, tu->unix_src);
		put_u64(b, tu->unix_dst);
		put_cstr(b, fd->name);
		break;
	case SCAP_FD_FILE_V2:
		put_u32(b, fd->flags);
		put_cstr(b, fd->name);
		put_u32(b, fd->dev);
		break;
	default:
		put_cstr(b, fd->name);
		break;
	}
	set_u32_at(b, at, (uint32_t)(b->len - at));
	return 0;
}

/* One fd list per process: its threads share the table. */
static int put_fdlist(struct thread *t, void *ctx)
{
	struct scap_writer *w = ctx;
	struct thread *main_t;

	if (!thread_written(t) || !t->fds || !fdtable_count(t->fds))
		return 0;
	main_t = state_thread(w->st, t->pid);
	if (t->tid != t->pid && main_t && main_t->fds == t->fds && thread_written(main_t))
		return 0;
	block_begin(&w->blk, SCAP_FDL_BLOCK_TYPE_V2);
	put_u64(&w->blk, (uint64_t)t->tid);
	fdtable_foreach(t->fds, put_fd_entry, &w->blk);
	return block_flush(w) ? 1 : 0;
}

static int write_fdlists(struct scap_writer *w)
{
	return state_foreach_thread(w->st, put_fdlist, w) ? -EIO : 0;
}

/* The ids in use, to name them in the user list. */
struct id_set {
	uint32_t uids[1024], gids[1024];
	size_t nuids, ngids;
};

static void id_add(uint32_t *ids, size_t *n, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id)
			return;
	if (*n < 1024)
		ids[(*n)++] = id;
}

static int collect_ids(struct thread *t, void *ctx)
{
	struct id_set *s = ctx;

	if (thread_written(t)) {
		id_add(s->uids, &s->nuids, t->euid);
		id_add(s->uids, &s->nuids, t->uid);
		id_add(s->uids, &s->nuids, t->loginuid);
		id_add(s->gids, &s->ngids, t->egid);
		id_add(s->gids, &s->ngids, t->gid);
	}
	return 0;
}

static void put_user_entry(struct strbuf *b, const struct user_info *u, const struct group_info *g)
{
	size_t at = b->len;

	put_u32(b, 0); /* entry length, counting itself */
	if (u) {
		put_u8(b, SCAP_USERBLOCK_USER);
		put_u32(b, u->uid);
		put_u32(b, u->gid);
		put_str(b, u->name, u->name ? strlen(u->name) : 0, SCAP_MAX_CREDENTIALS_STR_LEN);
		put_cstr(b, u->home);
		put_cstr(b, u->shell);
	} else {
		put_u8(b, SCAP_USERBLOCK_GROUP);
		put_u32(b, g->gid);
		put_str(b, g->name, g->name ? strlen(g->name) : 0, SCAP_MAX_CREDENTIALS_STR_LEN);
	}
	set_u32_at(b, at, (uint32_t)(b->len - at));
}

/* The host's IPv4 and IPv6 addresses, as scap's interface list. */
static int write_iflist(struct scap_writer *w)
{
	struct ifaddrs *ifs, *i;

	block_begin(&w->blk, SCAP_IL_BLOCK_TYPE_V2);
	if (getifaddrs(&ifs) == 0) {
		for (i = ifs; i; i = i->ifa_next) {
			int fam = i->ifa_addr ? i->ifa_addr->sa_family : AF_UNSPEC;
			size_t at = w->blk.len, alen = fam == AF_INET ? 4 : 16;
			size_t nlen = strnlen(i->ifa_name, SCAP_MAX_PATH_SIZE - 1);
			const void *addr, *mask, *bcast = NULL;
			static const uint8_t zero[16];

			if (fam == AF_INET) {
				addr = &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr;
				mask = i->ifa_netmask ? &((struct sockaddr_in *)(void *)i->ifa_netmask)->sin_addr
						      : (const void *)zero;
				if ((i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr)
					bcast = &((struct sockaddr_in *)(void *)i->ifa_broadaddr)->sin_addr;
			} else if (fam == AF_INET6) {
				addr = &((struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr;
				mask = i->ifa_netmask ? &((struct sockaddr_in6 *)(void *)i->ifa_netmask)->sin6_addr
						      : (const void *)zero;
			} else {
				continue;
			}
			put_u32(&w->blk, 0); /* the entry's length, below */
			put_u16(&w->blk, fam == AF_INET ? SCAP_II_IPV4 : SCAP_II_IPV6);
			put_u16(&w->blk, (uint16_t)nlen);
			put(&w->blk, addr, alen);
			put(&w->blk, mask, alen);
			put(&w->blk, bcast ? bcast : zero, alen);
			put_u64(&w->blk, 0); /* link speed: not known */
			put(&w->blk, i->ifa_name, nlen);
			set_u32_at(&w->blk, at, (uint32_t)(w->blk.len - at - 4)); /* not counting itself */
		}
		freeifaddrs(ifs);
	}
	return block_flush(w);
}

static int write_userlist(struct scap_writer *w)
{
	struct id_set *ids = calloc(1, sizeof(*ids));
	int r;

	if (!ids)
		return -ENOMEM;
	id_add(ids->uids, &ids->nuids, 0);
	id_add(ids->gids, &ids->ngids, 0);
	state_foreach_thread(w->st, collect_ids, ids);
	block_begin(&w->blk, SCAP_UL_BLOCK_TYPE_V2);
	for (size_t i = 0; i < ids->nuids; i++) {
		const struct user_info *u = state_user(w->st, ids->uids[i]);
		if (u && u->name)
			put_user_entry(&w->blk, u, NULL);
	}
	for (size_t i = 0; i < ids->ngids; i++) {
		const struct group_info *g = state_group(w->st, ids->gids[i]);
		if (g && g->name)
			put_user_entry(&w->blk, NULL, g);
	}
	free(ids);
	r = block_flush(w);
	return r;
}

/* ---- files: names, rotation, errors ---- */

static void set_error(struct scap_writer *w, const char *path, int err)
{
	strbuf_reset(&w->err);
	strbuf_printf(&w->err, "%s: %s", strcmp(path, "-") ? path : "standard output", strerror(-err));
	w->failed = true;
}

/* The next file's name: the path (a strftime pattern with -G, at time ts),
 * numbered from 0 with -C or -e (modulo -W, as sysdig rotates). */
static int next_name(struct scap_writer *w, uint64_t ts, struct strbuf *out)
{
	char buf[4096];
	const char *base = w->o.path;

	strbuf_reset(out);
	if (w->o.rotate_secs) {
		time_t sec = (time_t)(ts / 1000000000ull);
		struct tm tm;
		if (!localtime_r(&sec, &tm) || !strftime(buf, sizeof(buf), w->o.path, &tm))
			return -EINVAL;
		base = buf;
	}
	if (strbuf_puts(out, base))
		return -ENOMEM;
	if (w->o.rotate_bytes || w->o.rotate_events) {
		uint64_t n = w->o.max_files ? w->nfiles % w->o.max_files : w->nfiles;
		if (strbuf_put_u64(out, n))
			return -ENOMEM;
	}
	return 0;
}

/* Keeps at most max_files: the name that falls out of the ring goes. */
static int remember_name(struct scap_writer *w, const char *name)
{
	size_t slot;
	char *copy;

	if (!w->o.max_files)
		return 0;
	slot = w->nfiles % w->o.max_files;
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	if (w->ring[slot]) {
		bool reused = false;
		for (uint32_t i = 0; i < w->o.max_files; i++)
			if (i != slot && w->ring[i] && !strcmp(w->ring[i], w->ring[slot]))
				reused = true;
		if (strcmp(w->ring[slot], name) && !reused)
			unlink(w->ring[slot]);
		free(w->ring[slot]);
	}
	w->ring[slot] = copy;
	return 0;
}

static int write_state(struct scap_writer *w)
{
	int r;

	if ((r = write_section_header(w)) || (r = write_machine_info(w)) || (r = write_iflist(w)) ||
	    (r = write_proclist(w)) ||
	    (r = write_fdlists(w)) || (r = write_userlist(w)))
		return r;
	/* the state blocks reach the disk at once: a file is readable from the start */
	return sink_flush(&w->sink);
}

static int open_file(struct scap_writer *w, uint64_t ts)
{
	struct strbuf name = STRBUF_INIT;
	int r;

	r = next_name(w, ts, &name);
	if (r) {
		set_error(w, w->o.path, r);
		goto out;
	}
	r = sink_open(&w->sink, name.buf, w->o.gzip);
	if (r) {
		set_error(w, name.buf, r);
		goto out;
	}
	free(w->cur_path);
	w->cur_path = strdup(name.buf);
	if (!w->cur_path || (r = remember_name(w, name.buf))) {
		r = -ENOMEM;
		set_error(w, name.buf, r);
		goto out;
	}
	w->nfiles++;
	w->file_events = 0;
	w->file_start_ts = 0;
	r = write_state(w);
	if (r)
		set_error(w, name.buf, r);
out:
	strbuf_free(&name);
	return r;
}

static bool time_to_rotate(const struct scap_writer *w, uint64_t ts)
{
	if (!w->file_events)
		return false;
	if (w->o.rotate_events && w->file_events >= w->o.rotate_events)
		return true;
	if (w->o.rotate_bytes && sink_size((struct sink *)&w->sink) >= w->o.rotate_bytes)
		return true;
	return w->o.rotate_secs && ts >= w->file_start_ts + (uint64_t)w->o.rotate_secs * 1000000000ull;
}

static int rotate(struct scap_writer *w, uint64_t ts)
{
	int r = sink_close(&w->sink);

	if (r) {
		set_error(w, w->cur_path, r);
		return r;
	}
	return open_file(w, ts);
}

/* ---- the API ---- */

struct scap_writer *scap_writer_new(const struct scap_writer_opts *o, struct state *st, char **cause)
{
	struct scap_writer *w = calloc(1, sizeof(*w));
	int r;

	*cause = NULL;
	if (!w) {
		*cause = strdup("out of memory");
		errno = ENOMEM;
		return NULL;
	}
	w->o = *o;
	w->st = st;
	w->sink.fd = -1;
	if (!strcmp(o->path, "-") && (o->rotate_bytes || o->rotate_secs || o->rotate_events)) {
		if (asprintf(cause, "-C, -G and -e need a file name, not -w -") < 0)
			*cause = NULL;
		free(w);
		errno = EINVAL;
		return NULL;
	}
	if (o->max_files && !(w->ring = calloc(o->max_files, sizeof(char *)))) {
		free(w);
		errno = ENOMEM;
		return NULL;
	}
	r = open_file(w, clock_ns(CLOCK_REALTIME));
	if (r) {
		*cause = strdup(w->err.buf ? w->err.buf : "cannot open the capture file");
		scap_writer_free(w);
		errno = -r;
		return NULL;
	}
	return w;
}

static int write_event_block(struct scap_writer *w, const uint8_t *ev, uint32_t len, uint16_t cpu,
			     bool state_only)
{
	block_begin(&w->blk, state_only ? SCAP_EVF_BLOCK_TYPE_V2 : SCAP_EV_BLOCK_TYPE_V2);
	put_u16(&w->blk, cpu);
	if (state_only)
		put_u32(&w->blk, SCAP_DF_STATE_ONLY);
	put(&w->blk, ev, len);
	return block_flush(w);
}

int scap_writer_event(struct scap_writer *w, const struct evt *e, bool state_only)
{
	uint64_t ts = e->hdr->ts;
	size_t off = 0;
	int r, n;

	if (w->failed)
		return -EIO;
	if (time_to_rotate(w, ts) && (r = rotate(w, ts)))
		return r;
	strbuf_reset(&w->conv);
	n = scap_legacy_convert(e, &w->conv);
	if (n < 0) {
		set_error(w, w->cur_path, n);
		return n;
	}
	for (int i = 0; i < n; i++) {
		struct wtf_evt_hdr h;
		memcpy(&h, w->conv.buf + off, WTF_EVT_HDR_SIZE);
		r = write_event_block(w, (const uint8_t *)w->conv.buf + off, h.len, e->cpu, state_only);
		if (r) {
			set_error(w, w->cur_path, r);
			return r;
		}
		off += h.len;
	}
	if (!w->file_start_ts)
		w->file_start_ts = ts;
	w->file_events++;
	w->nevents++;
	return 0;
}

int scap_writer_flush(struct scap_writer *w)
{
	int r;

	if (w->failed || w->sink.fd < 0)
		return w->failed ? -EIO : 0;
	r = sink_flush(&w->sink);
	if (r)
		set_error(w, w->cur_path, r);
	return r;
}

int scap_writer_close(struct scap_writer *w)
{
	int r;

	if (!w || w->sink.fd < 0)
		return 0;
	r = sink_close(&w->sink);
	if (r && !w->failed)
		set_error(w, w->cur_path, r);
	return r;
}

const char *scap_writer_error(const struct scap_writer *w)
{
	return w->failed ? w->err.buf : NULL;
}

uint64_t scap_writer_files(const struct scap_writer *w)
{
	return w->nfiles;
}

uint64_t scap_writer_events(const struct scap_writer *w)
{
	return w->nevents;
}

void scap_writer_free(struct scap_writer *w)
{
	if (!w)
		return;
	scap_writer_close(w);
	if (w->ring)
		for (uint32_t i = 0; i < w->o.max_files; i++)
			free(w->ring[i]);
	free(w->ring);
	free(w->cur_path);
	strbuf_free(&w->blk);
	strbuf_free(&w->conv);
	strbuf_free(&w->err);
	free(w);
}
