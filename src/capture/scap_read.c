/* scap_read.c: the capture file reader: blocks off a (gzip) stream, state
 * blocks parsed field by field with bounds checks, event blocks of every
 * version turned into our wire format. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "capture/scap_read.h"
#include "event/event_table.h"

/* Larger blocks are taken for garbage: libscap's own limits are far lower
 * (64 KiB events, process lists of a few MiB). */
#define MAX_BLOCK_LEN (256u << 20)
#define IN_CHUNK (256u << 10)

struct scap_reader {
	gzFile gz;
	struct scap_read_cbs cbs;
	uint8_t *in;   /* input read ahead: the unread part is [in_pos, in_len) */
	size_t in_pos, in_len, in_cap;
	bool bulk;     /* a regular file: read ahead in large chunks */
	int plain_fd;  /* an uncompressed regular file, read without zlib; else -1 */
	/* A plain file is read with read(2) into a small buffer, not mapped:
	 * on this VM, a scan of a mapped 147 MB capture took 61 ms against 13
	 * for read(2) in 128 KiB steps (each new page is a TLB miss that the
	 * hypervisor walks), and wtftop -r took 0.22 s against 0.14. size_at_open:
	 * to tell a file cut short while read from one that was always short. */
	uint64_t size_at_open;
	const uint8_t *body; /* the current block's body (in in) */
	uint8_t *conv; /* an event rewritten to our layout */
	size_t conv_cap;
	char *err;
	int err_code;
	struct scap_read_stats stats;
};

/* ---- errors ---------------------------------------------------------------- */

static int fail(struct scap_reader *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Whether the plain file being read is now shorter than it was when opened:
 * another program cut it while it was read. */
static bool file_shrank(const struct scap_reader *r, uint64_t *size)
{
	struct stat sb;

	if (r->plain_fd < 0 || fstat(r->plain_fd, &sb))
		return false;
	*size = (uint64_t)sb.st_size;
	return *size < r->size_at_open;
}

static int fail(struct scap_reader *r, int code, const char *fmt, ...)
{
	uint64_t size = 0;
	va_list ap;

	if (r->err_code)
		return r->err_code;
	if (file_shrank(r, &size)) {
		/* what the block's tests found is only the cut */
		r->err_code = -EIO;
		if (asprintf(&r->err, "the file shrank from %llu to %llu bytes while it was read; "
			     "the events before the cut were read", (unsigned long long)r->size_at_open,
			     (unsigned long long)size) < 0)
			r->err = NULL;
		return r->err_code;
	}
	va_start(ap, fmt);
	if (vasprintf(&r->err, fmt, ap) < 0)
		r->err = NULL;
	va_end(ap);
	r->err_code = code;
	return code;
}

/* ---- a bounds-checked cursor over a block's body ---------------------------- */

struct cur {
	const uint8_t *p, *end;
	bool bad; /* a read ran past end */
};

static bool cur_take(struct cur *c, void *out, size_t n)
{
	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = true;
		memset(out, 0, n);
		return false;
	}
	memcpy(out, c->p, n);
	c->p += n;
	return true;
}

static uint64_t cur_u64(struct cur *c) { uint64_t v; cur_take(c, &v, 8); return v; }
static uint32_t cur_u32(struct cur *c) { uint32_t v; cur_take(c, &v, 4); return v; }
static uint16_t cur_u16(struct cur *c) { uint16_t v; cur_take(c, &v, 2); return v; }
static uint8_t cur_u8(struct cur *c) { uint8_t v; cur_take(c, &v, 1); return v; }

static size_t cur_left(const struct cur *c)
{
	return c->bad ? 0 : (size_t)(c->end - c->p);
}

/* A u16-length-prefixed string. */
static struct scap_str cur_str(struct cur *c)
{
	struct scap_str s = { "", 0 };
	uint16_t n = cur_u16(c);
	if (c->bad || cur_left(c) < n) {
		c->bad = true;
		return s;
	}
	s.s = (const char *)c->p;
	s.len = n;
	c->p += n;
	return s;
}

/* Fields appended in later libs: read only when the entry has room. */
static void opt_u64(struct cur *c, uint64_t *v) { if (cur_left(c) >= 8) *v = cur_u64(c); }
static void opt_u32(struct cur *c, uint32_t *v) { if (cur_left(c) >= 4) *v = cur_u32(c); }
static void opt_bool(struct cur *c, bool *v) { if (cur_left(c) >= 1) *v = cur_u8(c) != 0; }

/* ---- input ------------------------------------------------------------------ */

struct scap_reader *scap_reader_open(const char *path, const struct scap_read_cbs *cbs, char **cause)
{
	struct scap_reader *r = calloc(1, sizeof(*r));
	int fd;

	if (!r) {
		*cause = strdup("out of memory");
		return NULL;
	}
	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(STDIN_FILENO);
	if (fd < 0 || !(r->gz = gzdopen(fd, "rb"))) {
		if (asprintf(cause, "cannot open %s: %s", path, strerror(errno)) < 0)
			*cause = NULL;
		if (fd >= 0)
			close(fd);
		free(r);
		return NULL;
	}
	gzbuffer(r->gz, 256 * 1024);
	{
		struct stat sb;
		uint8_t magic[2] = { 0, 0 };
		r->bulk = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
		/* zlib reads an uncompressed file through a copy of its own */
		r->plain_fd = r->bulk && pread(fd, magic, 2, 0) >= 0 && !(magic[0] == 0x1f && magic[1] == 0x8b)
				      ? fd : -1;
		if (r->plain_fd >= 0)
			r->size_at_open = (uint64_t)sb.st_size;
	}
	if (cbs)
		r->cbs = *cbs;
	return r;
}

void scap_reader_free(struct scap_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		gzclose(r->gz);
	free(r->in);
	free(r->conv);
	free(r->err);
	free(r);
}

const char *scap_reader_error(const struct scap_reader *r)
{
	return r->err;
}

void scap_reader_stats(const struct scap_reader *r, struct scap_read_stats *out)
{
	*out = r->stats;
}

static int read_failed(struct scap_reader *r)
{
	int zerr = 0, err = errno;
	const char *msg;

	if (r->plain_fd >= 0)
		return fail(r, -EIO, "read error at offset %llu: %s",
			    (unsigned long long)r->stats.offset, strerror(err));
	msg = gzerror(r->gz, &zerr);
	if (zerr == Z_ERRNO)
		return fail(r, -EIO, "read error at offset %llu: %s",
			    (unsigned long long)r->stats.offset, strerror(errno));
	return fail(r, -EBADMSG, "corrupt compressed data after offset %llu: %s",
		    (unsigned long long)r->stats.offset, msg);
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	size_t c = *cap ? *cap : 4096;
	uint8_t *nb;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if (!(nb = realloc(*buf, c)))
		return -ENOMEM;
	*buf = nb;
	*cap = c;
	return 0;
}

/* Makes n unread bytes available at r->in + r->in_pos, as far as the input
 * has them. Returns how many there are (fewer than n only at its end), -1
 * for corrupt compressed data or an I/O error, or -ENOMEM. A regular file is
 * read ahead in large chunks; a pipe only as far as needed, so that a live
 * stream (wtftop -w - | wtftop -r -) is shown as it comes. */
static ssize_t fill_more(struct scap_reader *r, size_t n);

static inline ssize_t fill(struct scap_reader *r, size_t n)
{
	size_t have = r->in_len - r->in_pos;

	if (have >= n)
		return (ssize_t)have;
	return fill_more(r, n);
}

static ssize_t fill_more(struct scap_reader *r, size_t n)
{
	size_t have = r->in_len - r->in_pos;

	if (r->in_pos) {
		memmove(r->in, r->in + r->in_pos, have);
		r->in_len = have;
		r->in_pos = 0;
	}
	if (grow(&r->in, &r->in_cap, n > IN_CHUNK ? n : IN_CHUNK))
		return -ENOMEM;
	while (r->in_len < n) {
		size_t want = r->bulk ? r->in_cap - r->in_len : n - r->in_len;
		ssize_t k = r->plain_fd >= 0 ? read(r->plain_fd, r->in + r->in_len, want)
					     : gzread(r->gz, r->in + r->in_len, (unsigned)want);
		if (k < 0 && r->plain_fd >= 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		r->in_len += (size_t)k;
	}
	return (ssize_t)(r->in_len - r->in_pos);
}

static inline void consume(struct scap_reader *r, size_t n)
{
	r->in_pos += n;
	r->stats.offset += n;
}

/* Reads one block: its header into bh, its body (padding included) at
 * r->body, valid until the next block is read. Returns 1, 0 at a clean end
 * between blocks, or a negative errno. A garbage length (up to MAX_BLOCK_LEN)
 * reserves that much address space, but only what the file holds is read
 * into it. */
static int read_block(struct scap_reader *r, struct scap_block_header *bh, uint32_t *body_len,
		      uint64_t *at)
{
	uint32_t trailer, len;
	ssize_t n;

	*at = r->stats.offset;
	n = fill(r, sizeof(*bh));
	if (n == -ENOMEM)
		return fail(r, -ENOMEM, "out of memory reading at offset %llu", (unsigned long long)*at);
	if (n < 0)
		return read_failed(r);
	if (n == 0)
		return 0;
	if (n < (ssize_t)sizeof(*bh)) {
		consume(r, (size_t)n);
		return fail(r, -EBADMSG, "truncated at offset %llu: a block header needs 8 bytes, %zd left",
			    (unsigned long long)*at, n);
	}
	memcpy(bh, r->in + r->in_pos, sizeof(*bh));
	if (!r->stats.n_sections && bh->block_type != SCAP_SHB_BLOCK_TYPE)
		return fail(r, -EBADMSG,
			    "not a scap capture file: it starts with block type 0x%x, not a section header",
			    bh->block_type);
	if (bh->block_type == SCAP_SHB_BLOCK_TYPE && bh->block_total_length > MAX_BLOCK_LEN &&
	    __builtin_bswap32(bh->block_total_length) <= MAX_BLOCK_LEN)
		return fail(r, -EBADMSG, "section at offset %llu is big-endian: not supported",
			    (unsigned long long)*at);
	len = bh->block_total_length;
	if (len < SCAP_BLOCK_HEADER_SIZE + SCAP_BLOCK_TRAILER_SIZE || len % 4 || len > MAX_BLOCK_LEN)
		return fail(r, -EBADMSG, "corrupt block at offset %llu: type 0x%x, length %u",
			    (unsigned long long)*at, bh->block_type, len);
	*body_len = len - SCAP_BLOCK_HEADER_SIZE - SCAP_BLOCK_TRAILER_SIZE;
	n = fill(r, len);
	if (n == -ENOMEM)
		return fail(r, -ENOMEM, "out of memory for a block of %u bytes", len);
	if (n < 0) {
		consume(r, sizeof(*bh));
		return read_failed(r);
	}
	if ((size_t)n < len) {
		consume(r, (size_t)n);
		if ((size_t)n < len - SCAP_BLOCK_TRAILER_SIZE)
			return fail(r, -EBADMSG,
				    "truncated at offset %llu: the block of type 0x%x at offset %llu "
				    "is %u bytes long, the file ends %zd bytes into it",
				    (unsigned long long)r->stats.offset, bh->block_type,
				    (unsigned long long)*at, len, n);
		return fail(r, -EBADMSG, "truncated at offset %llu: the block at offset %llu lacks its trailer",
			    (unsigned long long)r->stats.offset, (unsigned long long)*at);
	}
	memcpy(&trailer, r->in + r->in_pos + len - SCAP_BLOCK_TRAILER_SIZE, 4);
	r->body = r->in + r->in_pos + SCAP_BLOCK_HEADER_SIZE;
	consume(r, len);
	if (trailer != len)
		return fail(r, -EBADMSG,
			    "corrupt block at offset %llu: type 0x%x, length %u in its header but %u in its trailer",
			    (unsigned long long)*at, bh->block_type, len, trailer);
	r->stats.n_blocks++;
	return 1;
}

/* ---- state blocks ------------------------------------------------------------ */

static int corrupt(struct scap_reader *r, const char *what, uint64_t at, const struct cur *c)
{
	return fail(r, -EBADMSG, "corrupt %s block at offset %llu: an entry at offset %llu runs past its end",
		    what, (unsigned long long)at,
		    (unsigned long long)(at + SCAP_BLOCK_HEADER_SIZE + (uint64_t)(c->p - r->body)));
}

static int parse_section_header(struct scap_reader *r, uint32_t body_len, uint64_t at)
{
	struct cur c = { r->body, r->body + body_len, false };
	uint32_t magic = cur_u32(&c);
	uint16_t major = cur_u16(&c);

	if (c.bad)
		return fail(r, -EBADMSG, "corrupt section header at offset %llu", (unsigned long long)at);
	if (magic == SCAP_SHB_MAGIC_SWAPPED)
		return fail(r, -EBADMSG, "section at offset %llu is big-endian: not supported",
			    (unsigned long long)at);
	if (magic != SCAP_SHB_MAGIC)
		return fail(r, -EBADMSG, "corrupt section header at offset %llu: magic 0x%08x",
			    (unsigned long long)at, magic);
	if (major > SCAP_MAJOR_VERSION)
		return fail(r, -EBADMSG, "section at offset %llu has format version %u: this reader knows %d",
			    (unsigned long long)at, major, SCAP_MAJOR_VERSION);
	/* the minor version and section length say nothing we need; options are skipped */
	r->stats.n_sections++;
	return 0;
}

static int pl_version(uint32_t type)
{
	switch (type) {
	case SCAP_PL_BLOCK_TYPE_V1: case SCAP_PL_BLOCK_TYPE_V1_INT: return 1;
	case SCAP_PL_BLOCK_TYPE_V2: case SCAP_PL_BLOCK_TYPE_V2_INT: return 2;
	case SCAP_PL_BLOCK_TYPE_V3: case SCAP_PL_BLOCK_TYPE_V3_INT: return 3;
	case SCAP_PL_BLOCK_TYPE_V4: return 4;
	case SCAP_PL_BLOCK_TYPE_V5: return 5;
	case SCAP_PL_BLOCK_TYPE_V6: return 6;
	case SCAP_PL_BLOCK_TYPE_V7: return 7;
	case SCAP_PL_BLOCK_TYPE_V8: return 8;
	case SCAP_PL_BLOCK_TYPE_V9: return 9;
	}
	return 0;
}

/* The fields of a process list entry, in file order (see scap_format.h). */
static void parse_thread(struct cur *c, int v, struct scap_thread_rec *t)
{
	memset(t, 0, sizeof(*t));
	t->sid = t->vpgid = t->vtid = t->vpid = -1;
	t->loginuid = UINT32_MAX;
	t->tid = (int64_t)cur_u64(c);
	t->pid = (int64_t)cur_u64(c);
	t->ptid = (int64_t)cur_u64(c);
	if (v >= 6)
		t->sid = (int64_t)cur_u64(c);
	if (v >= 8)
		t->vpgid = (int64_t)cur_u64(c);
	t->comm = cur_str(c);
	t->exe = cur_str(c);
	if (v >= 7)
		t->exepath = cur_str(c);
	t->args = cur_str(c);
	t->cwd = cur_str(c);
	t->fdlimit = cur_u64(c);
	t->flags = cur_u32(c);
	t->uid = cur_u32(c);
	t->gid = cur_u32(c);
	if (v >= 2) {
		t->vmsize_kb = cur_u32(c);
		t->vmrss_kb = cur_u32(c);
		t->vmswap_kb = cur_u32(c);
		t->pfmajor = cur_u64(c);
		t->pfminor = cur_u64(c);
	}
	if (v >= 3)
		t->env = cur_str(c);
	if (v >= 4) {
		t->vtid = (int64_t)cur_u64(c);
		t->vpid = (int64_t)cur_u64(c);
		t->cgroups = cur_str(c);
	}
	if (v >= 5)
		t->root = cur_str(c);
	if (v < 9)
		return;
	/* v9's tail, each field present if the entry still has room; libs 0.10
	 * inserted two fields ahead of the older tail */
	if (cur_left(c) > SCAP_PL_PRE_0_10_TAIL) {
		opt_u64(c, &t->pidns_init_start_ts);
		opt_u32(c, &t->tty);
	}
	opt_u32(c, &t->loginuid);
	opt_bool(c, &t->exe_writable);
	opt_u64(c, &t->cap_inheritable);
	opt_u64(c, &t->cap_permitted);
	opt_u64(c, &t->cap_effective);
	opt_bool(c, &t->exe_upper_layer);
	{
		uint64_t exe_ino_and_times[3] = { 0 }; /* nothing shows them */
		for (int i = 0; i < 3; i++)
			opt_u64(c, &exe_ino_and_times[i]);
	}
	opt_bool(c, &t->exe_from_memfd);
}

static int parse_proclist(struct scap_reader *r, uint32_t type, uint32_t body_len, uint64_t at)
{
	struct cur c = { r->body, r->body + body_len, false };
	int v = pl_version(type);

	while (cur_left(&c) >= 4) {
		struct scap_thread_rec t;
		struct cur e = c;
		if (v == 9) {
			const uint8_t *start = c.p;
			uint32_t sub_len = cur_u32(&c);
			if (sub_len < 4 || sub_len > (size_t)(c.end - start))
				return corrupt(r, "process list", at, &c);
			e.p = c.p;
			e.end = start + sub_len;
		}
		parse_thread(&e, v, &t);
		if (e.bad)
			return corrupt(r, "process list", at, &e);
		c.p = v == 9 ? e.end : e.p;
		if (r->cbs.thread) {
			int rc = r->cbs.thread(r->cbs.ctx, &t);
			if (rc)
				return fail(r, rc, "restoring the process list: %s", strerror(-rc));
		}
	}
	return 0;
}

/* The type-specific part of an fd entry. Returns false for a type whose size
 * is unknown (only fatal in v1 entries, which have no length). Fields added
 * later (dev) exist only in v2 entries, whose length says if they are there. */
static bool parse_fd_info(struct cur *c, struct scap_fd_rec *f, bool v2)
{
	switch (f->type) {
	case SCAP_FD_IPV4_SOCK:
		cur_take(c, f->sip, 4);
		cur_take(c, f->dip, 4);
		f->sport = cur_u16(c);
		f->dport = cur_u16(c);
		f->l4proto = cur_u8(c);
		return true;
	case SCAP_FD_IPV4_SERVSOCK:
		cur_take(c, f->sip, 4);
		f->sport = cur_u16(c);
		f->l4proto = cur_u8(c);
		return true;
	case SCAP_FD_IPV6_SOCK:
		cur_take(c, f->sip, 16);
		cur_take(c, f->dip, 16);
		f->sport = cur_u16(c);
		f->dport = cur_u16(c);
		f->l4proto = cur_u8(c);
		return true;
	case SCAP_FD_IPV6_SERVSOCK:
		cur_take(c, f->sip, 16);
		f->sport = cur_u16(c);
		f->l4proto = cur_u8(c);
		return true;
	case SCAP_FD_UNIX_SOCK:
		f->unix_src = cur_u64(c);
		f->unix_dst = cur_u64(c);
		f->name = cur_str(c);
		return true;
	case SCAP_FD_FILE_V2:
		f->open_flags = cur_u32(c);
		f->name = cur_str(c);
		if (v2)
			opt_u32(c, &f->dev);
		return true;
	case SCAP_FD_UNKNOWN: case SCAP_FD_FILE: case SCAP_FD_DIRECTORY: case SCAP_FD_FIFO:
	case SCAP_FD_EVENT: case SCAP_FD_UNSUPPORTED: case SCAP_FD_SIGNALFD: case SCAP_FD_EVENTPOLL:
	case SCAP_FD_INOTIFY: case SCAP_FD_TIMERFD: case SCAP_FD_NETLINK: case SCAP_FD_BPF:
	case SCAP_FD_USERFAULTFD: case SCAP_FD_IOURING: case SCAP_FD_MEMFD: case SCAP_FD_PIDFD:
		f->name = cur_str(c);
		return true;
	}
	return false;
}

static int parse_fdlist(struct scap_reader *r, uint32_t type, uint32_t body_len, uint64_t at)
{
	struct cur c = { r->body, r->body + body_len, false };
	bool v2 = type == SCAP_FDL_BLOCK_TYPE_V2;
	int64_t tid = (int64_t)cur_u64(&c);

	while (cur_left(&c) >= 4) {
		struct scap_fd_rec f;
		struct cur e = c;
		bool known;
		memset(&f, 0, sizeof(f));
		f.name.s = "";
		if (v2) {
			const uint8_t *start = c.p;
			uint32_t sub_len = cur_u32(&c);
			if (sub_len < 4 || sub_len > (size_t)(c.end - start))
				return corrupt(r, "fd list", at, &c);
			e.p = c.p;
			e.end = start + sub_len;
		}
		f.fd = (int64_t)cur_u64(&e);
		f.ino = cur_u64(&e);
		f.type = cur_u8(&e);
		known = parse_fd_info(&e, &f, v2);
		if (e.bad || (!known && !v2))
			return corrupt(r, "fd list", at, &e);
		c.p = v2 ? e.end : e.p;
		if (known && r->cbs.fd) {
			int rc = r->cbs.fd(r->cbs.ctx, tid, &f);
			if (rc)
				return fail(r, rc, "restoring the fd list: %s", strerror(-rc));
		}
	}
	return c.bad ? corrupt(r, "fd list", at, &c) : 0;
}

static int parse_userlist(struct scap_reader *r, uint32_t type, uint32_t body_len, uint64_t at)
{
	struct cur c = { r->body, r->body + body_len, false };
	bool v2 = type == SCAP_UL_BLOCK_TYPE_V2;

	while (cur_left(&c) >= 4) {
		struct cur e = c;
		int rc = 0;
		if (v2) {
			const uint8_t *start = c.p;
			uint32_t sub_len = cur_u32(&c);
			if (sub_len < 4 || sub_len > (size_t)(c.end - start))
				return corrupt(r, "user list", at, &c);
			e.p = c.p;
			e.end = start + sub_len;
		}
		if (cur_u8(&e) == SCAP_USERBLOCK_USER) {
			uint32_t uid = cur_u32(&e), gid = cur_u32(&e);
			struct scap_str name = cur_str(&e), home = cur_str(&e), shell = cur_str(&e);
			if (!e.bad && r->cbs.user)
				rc = r->cbs.user(r->cbs.ctx, uid, gid, name, home, shell);
		} else {
			uint32_t gid = cur_u32(&e);
			struct scap_str name = cur_str(&e);
			if (!e.bad && r->cbs.group)
				rc = r->cbs.group(r->cbs.ctx, gid, name);
		}
		if (e.bad)
			return corrupt(r, "user list", at, &e);
		if (rc)
			return fail(r, rc, "restoring the user list: %s", strerror(-rc));
		c.p = v2 ? e.end : e.p;
	}
	return 0;
}

/* ---- event blocks ------------------------------------------------------------ */

static bool is_event_block(uint32_t t)
{
	return t == SCAP_EV_BLOCK_TYPE || t == SCAP_EV_BLOCK_TYPE_INT || t == SCAP_EV_BLOCK_TYPE_V2 ||
	       t == SCAP_EV_BLOCK_TYPE_V2_LARGE || t == SCAP_EVF_BLOCK_TYPE || t == SCAP_EVF_BLOCK_TYPE_V2 ||
	       t == SCAP_EVF_BLOCK_TYPE_V2_LARGE;
}

static bool has_nparams(uint32_t t)
{
	return t == SCAP_EV_BLOCK_TYPE_V2 || t == SCAP_EV_BLOCK_TYPE_V2_LARGE || t == SCAP_EVF_BLOCK_TYPE_V2 ||
	       t == SCAP_EVF_BLOCK_TYPE_V2_LARGE;
}

/* A v1 event has no nparams: the largest count whose lengths add up to the
 * event's length is the one (libscap's rule). -1 if none does. */
static int v1_nparams(const uint8_t *ev, uint32_t len, uint16_t type)
{
	for (int n = event_table[type].nparams; n >= 0; n--) {
		uint64_t end = SCAP_EVT_HDR_V1_SIZE + 2u * (uint32_t)n;
		if (end > len)
			continue;
		for (int i = 0; i < n; i++) {
			uint16_t l;
			memcpy(&l, ev + SCAP_EVT_HDR_V1_SIZE + 2 * i, 2);
			end += l;
		}
		if (end == len)
			return n;
	}
	return -1;
}

/* Rewrites an event into r->conv with a v2 header and u16 lengths: from a v1
 * event (no nparams), or from one with u32 lengths (large payload types).
 * Returns 1, 0 to skip it (a parameter over 64 KiB), or a negative errno. */
static int convert_event(struct scap_reader *r, const uint8_t *ev, uint32_t len, uint32_t nparams,
			 uint32_t hdr_size, uint32_t lsize, uint64_t at)
{
	uint32_t lens_end = hdr_size + lsize * nparams;
	uint32_t out_len = WTF_EVT_HDR_SIZE + 2 * nparams + (len - lens_end);
	struct wtf_evt_hdr h;
	uint64_t sum = 0;

	if (lens_end > len)
		return fail(r, -EBADMSG, "corrupt event block at offset %llu: %u parameters do not fit in %u bytes",
			    (unsigned long long)at, nparams, len);
	if (grow(&r->conv, &r->conv_cap, out_len))
		return fail(r, -ENOMEM, "out of memory for an event of %u bytes", len);
	for (uint32_t i = 0; i < nparams; i++) {
		uint32_t l = 0;
		uint16_t l16;
		memcpy(&l, ev + hdr_size + lsize * i, lsize);
		if (l > UINT16_MAX)
			return 0;
		sum += l;
		l16 = (uint16_t)l;
		memcpy(r->conv + WTF_EVT_HDR_SIZE + 2 * i, &l16, 2);
	}
	if (lens_end + sum > len)
		return fail(r, -EBADMSG, "corrupt event block at offset %llu: parameters run past the event's end",
			    (unsigned long long)at);
	memcpy(&h, ev, 22); /* ts, tid, len, type */
	h.len = out_len;
	h.nparams = nparams;
	memcpy(r->conv, &h, WTF_EVT_HDR_SIZE);
	memcpy(r->conv + WTF_EVT_HDR_SIZE + 2 * nparams, ev + lens_end, len - lens_end);
	return 1;
}

/* Returns 1 with ev filled, 0 to skip the event, or a negative errno. */
static int parse_event(struct scap_reader *r, uint32_t type, uint32_t body_len, uint64_t at,
		       struct scap_event *ev)
{
	struct cur c = { r->body, r->body + body_len, false };
	bool v2 = has_nparams(type);
	uint32_t hdr_size = v2 ? SCAP_EVT_HDR_V2_SIZE : SCAP_EVT_HDR_V1_SIZE;
	const uint8_t *e;
	uint32_t len, nparams;
	uint16_t etype;
	int rc;

	ev->cpu = cur_u16(&c);
	ev->flags = 0;
	if (type == SCAP_EVF_BLOCK_TYPE || type == SCAP_EVF_BLOCK_TYPE_V2 || type == SCAP_EVF_BLOCK_TYPE_V2_LARGE)
		ev->flags = cur_u32(&c);
	ev->offset = at;
	e = c.p;
	if (c.bad || cur_left(&c) < hdr_size)
		return fail(r, -EBADMSG, "corrupt event block at offset %llu: %u bytes are too few for an event",
			    (unsigned long long)at, body_len);
	memcpy(&len, e + 16, 4);
	memcpy(&etype, e + 20, 2);
	if (len < hdr_size || len > cur_left(&c))
		return fail(r, -EBADMSG, "corrupt event block at offset %llu: event length %u, block body %u",
			    (unsigned long long)at, len, body_len);
	if (etype >= PPM_EVENT_MAX) { /* from a newer libs: nothing to make of it */
		r->stats.n_skipped_events++;
		return 0;
	}
	if (v2) {
		memcpy(&nparams, e + 22, 4);
		if (nparams > WTF_MAX_PARAMS)
			return fail(r, -EBADMSG, "corrupt event block at offset %llu: %u parameters",
				    (unsigned long long)at, nparams);
		if (!(event_table[etype].flags & EF_LARGE_PAYLOAD)) {
			ev->hdr = (const struct wtf_evt_hdr *)e;
			return 1;
		}
		rc = convert_event(r, e, len, nparams, hdr_size, 4, at);
	} else {
		if (etype == PPME_NOTIFICATION_E || etype == PPME_INFRASTRUCTURE_EVENT_E)
			len = len >= hdr_size + 3 ? len - 3 : len; /* old writers counted 3 bytes too many */
		int n = v1_nparams(e, len, etype);
		if (n < 0)
			return fail(r, -EBADMSG,
				    "corrupt event block at offset %llu: the lengths of a %s event do not add up to %u",
				    (unsigned long long)at, event_table[etype].name, len);
		rc = convert_event(r, e, len, (uint32_t)n, hdr_size, 2, at);
	}
	if (rc <= 0) {
		if (rc == 0)
			r->stats.n_skipped_events++;
		return rc;
	}
	ev->hdr = (const struct wtf_evt_hdr *)r->conv;
	return 1;
}

/* ---- the block loop ------------------------------------------------------------ */

/* The common block, taken whole from the input with the fewest tests: a v2
 * event block with no flags, all of it read ahead, whose event is of a known
 * type without large parameters. Returns 1 with ev filled, or 0 without
 * having consumed anything, for the general path to take the block. */
static inline int fast_event(struct scap_reader *r, struct scap_event *ev)
{
	size_t have = r->in_len - r->in_pos;
	const uint8_t *b = r->in + r->in_pos, *e = b + SCAP_BLOCK_HEADER_SIZE + 2;
	uint32_t type, len, trailer, elen, nparams;
	uint16_t etype;

	if (have < SCAP_BLOCK_HEADER_SIZE + 2 + SCAP_EVT_HDR_V2_SIZE + SCAP_BLOCK_TRAILER_SIZE ||
	    !r->stats.n_sections)
		return 0;
	memcpy(&type, b, 4);
	memcpy(&len, b + 4, 4);
	if (type != SCAP_EV_BLOCK_TYPE_V2 || len > have || len % 4 || len > MAX_BLOCK_LEN ||
	    len < SCAP_BLOCK_HEADER_SIZE + 2 + SCAP_EVT_HDR_V2_SIZE + SCAP_BLOCK_TRAILER_SIZE)
		return 0;
	memcpy(&trailer, b + len - SCAP_BLOCK_TRAILER_SIZE, 4);
	memcpy(&elen, e + 16, 4);
	memcpy(&etype, e + 20, 2);
	memcpy(&nparams, e + 22, 4);
	if (trailer != len || elen < SCAP_EVT_HDR_V2_SIZE ||
	    elen > len - SCAP_BLOCK_HEADER_SIZE - 2 - SCAP_BLOCK_TRAILER_SIZE || etype >= PPM_EVENT_MAX ||
	    nparams > WTF_MAX_PARAMS || (event_table[etype].flags & EF_LARGE_PAYLOAD))
		return 0;
	memcpy(&ev->cpu, b + SCAP_BLOCK_HEADER_SIZE, 2);
	ev->flags = 0;
	ev->offset = r->stats.offset;
	ev->hdr = (const struct wtf_evt_hdr *)e;
	r->body = b + SCAP_BLOCK_HEADER_SIZE;
	consume(r, len);
	r->stats.n_blocks++;
	r->stats.n_events++;
	return 1;
}

int scap_reader_next(struct scap_reader *r, struct scap_event *ev)
{
	if (!r->err_code && fast_event(r, ev))
		return 1;
	for (;;) {
		struct scap_block_header bh;
		uint32_t body_len = 0;
		uint64_t at;
		int rc;

		if (r->err_code)
			return r->err_code;
		rc = read_block(r, &bh, &body_len, &at);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			if (!r->stats.n_sections)
				return fail(r, -EBADMSG, "not a capture file: it is empty");
			return 0;
		}
		if (is_event_block(bh.block_type)) { /* nearly all blocks: tested first */
			rc = parse_event(r, bh.block_type, body_len, at, ev);
			if (rc == 1) {
				r->stats.n_events++;
				return 1;
			}
			if (rc < 0)
				return fail(r, rc, "%s", strerror(-rc));
			continue;
		}
		switch (bh.block_type) {
		case SCAP_SHB_BLOCK_TYPE:
			rc = parse_section_header(r, body_len, at);
			break;
		case SCAP_MI_BLOCK_TYPE: case SCAP_MI_BLOCK_TYPE_INT:
			if (body_len >= SCAP_MI_BODY_SIZE && r->cbs.machine) {
				struct scap_machine_info mi;
				memcpy(&mi, r->body, sizeof(mi));
				mi.hostname[sizeof(mi.hostname) - 1] = '\0';
				rc = r->cbs.machine(r->cbs.ctx, &mi);
			}
			break;
		case SCAP_FDL_BLOCK_TYPE: case SCAP_FDL_BLOCK_TYPE_INT: case SCAP_FDL_BLOCK_TYPE_V2:
			rc = parse_fdlist(r, bh.block_type, body_len, at);
			break;
		case SCAP_UL_BLOCK_TYPE: case SCAP_UL_BLOCK_TYPE_INT: case SCAP_UL_BLOCK_TYPE_V2:
			rc = parse_userlist(r, bh.block_type, body_len, at);
			break;
		case SCAP_IL_BLOCK_TYPE: case SCAP_IL_BLOCK_TYPE_INT: case SCAP_IL_BLOCK_TYPE_V2:
			break; /* interfaces: nothing in our fields uses them */
		default:
			if (pl_version(bh.block_type)) {
				rc = parse_proclist(r, bh.block_type, body_len, at);
			} else {
				r->stats.n_skipped_blocks++;
			}
		}
		if (rc < 0)
			return fail(r, rc, "%s", strerror(-rc));
	}
}
