/* render.c: event parameters as sysdig prints them (see render.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fields/fields.h"
#include "format/render.h"
#include "state/state.h"

struct thread *render_evt_thread(const struct evt *e, struct state *st)
{
	if (e->thread)
		return e->thread;
	if (st && e->hdr)
		return state_thread(st, (int64_t)e->hdr->tid);
	return NULL;
}

struct fd_info *render_evt_fd(const struct evt *e, struct state *st, int64_t fd)
{
	struct thread *t;

	if (fd < 0)
		return NULL;
	if (e->fd && e->fdnum == fd)
		return e->fd;
	t = render_evt_thread(e, st);
	if (!t || !t->fds)
		return NULL;
	return fdtable_lookup(t->fds, fd);
}

char render_l4proto_char(const struct fd_info *fd)
{
	if (fd->type != FDT_IPV4_SOCK && fd->type != FDT_IPV6_SOCK)
		return 0;
	switch (fd->tuple.l4proto) {
	case 6: return 't';   /* IPPROTO_TCP */
	case 17: return 'u';  /* IPPROTO_UDP */
	case 1:
	case 58: return 'i';  /* IPPROTO_ICMP, IPPROTO_ICMPV6 */
	case 255: return 'r'; /* IPPROTO_RAW */
	}
	return 0;
}

bool render_disguises(uint32_t cp)
{
	return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

/* The length of the UTF-8 sequence at s (n bytes left) when it is a
 * well-formed character that render_sanitized keeps, else 0. */
static size_t utf8_kept(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0; /* overlong, out of range, or a surrogate */
	if (cp < 0xa0 || render_disguises(cp))
		return 0; /* C1 controls, zero-width and bidirectional marks */
	return len;
}

int render_sanitized(const char *s, size_t n, struct strbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;

	if (strbuf_reserve(out, n))
		return -ENOMEM;
	for (size_t i = 0; i < n;) {
		size_t k;
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			out->buf[out->len++] = (char)u[i++];
		} else if (u[i] >= 0x80 && (k = utf8_kept(u + i, n - i))) {
			memcpy(out->buf + out->len, u + i, k);
			out->len += k;
			i += k;
		} else {
			i++;
		}
	}
	out->buf[out->len] = '\0';
	return 0;
}

int render_ip(uint8_t family, const uint8_t *addr, struct strbuf *out)
{
	char tmp[INET6_ADDRSTRLEN];

	if (family == PPM_AF_INET)
		return strbuf_printf(out, "%u.%u.%u.%u", addr[0], addr[1], addr[2], addr[3]);
	if (!inet_ntop(AF_INET6, addr, tmp, sizeof(tmp)))
		return strbuf_puts(out, "INVALID IPv6");
	return strbuf_puts(out, tmp);
}

static bool ipv4_mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* A string parameter's length: up to its NUL, within the parameter. */
static size_t param_strlen(const uint8_t *p, size_t n)
{
	const uint8_t *z = memchr(p, '\0', n);
	return z ? (size_t)(z - p) : n;
}

/* ---- paths ---------------------------------------------------------------- */

int render_join_path(const char *base, size_t blen, const char *rel, size_t rlen, struct strbuf *out)
{
	size_t start = out->len;
	int pass;

	if (strbuf_reserve(out, blen + rlen + 2))
		return -ENOMEM;
	if (rlen && rel[0] == '/')
		blen = 0;
	/* Walk base then rel component by component, writing into out; ".."
	 * drops the last component written, never past the root. */
	out->buf[out->len++] = '/';
	for (pass = 0; pass < 2; pass++) {
		const char *s = pass ? rel : base;
		size_t n = pass ? rlen : blen, i = 0;
		while (i < n) {
			size_t j = i;
			while (j < n && s[j] != '/')
				j++;
			if (j - i == 0 || (j - i == 1 && s[i] == '.')) {
				/* empty or "." */
			} else if (j - i == 2 && s[i] == '.' && s[i + 1] == '.') {
				size_t k = out->len;
				while (k > start + 1 && out->buf[k - 1] == '/')
					k--;
				while (k > start + 1 && out->buf[k - 1] != '/')
					k--;
				out->len = k;
			} else {
				if (out->buf[out->len - 1] != '/')
					out->buf[out->len++] = '/';
				memcpy(out->buf + out->len, s + i, j - i);
				out->len += j - i;
			}
			i = j + 1;
		}
	}
	if (out->len > start + 1 && out->buf[out->len - 1] == '/')
		out->len--;
	out->buf[out->len] = '\0';
	return 0;
}

/* The directory a relative path parameter is relative to, into base (with no
 * ownership: points into the state). Returns false when it is unknown. */
static bool path_base(const struct evt *e, struct state *st, int i, const char **base, size_t *blen)
{
	const struct param_info *pi = &e->info->params[i];
	struct thread *t = render_evt_thread(e, st);

	if (pi->type == PT_FSRELPATH && pi->dirfd_param >= 0 && pi->dirfd_param < e->nparams) {
		int64_t dirfd;
		if (evt_param_s64(e, pi->dirfd_param, &dirfd) && dirfd != PPM_AT_FDCWD) {
			struct fd_info *fd = render_evt_fd(e, st, dirfd);
			if (!fd || !fd->name || fd->name[0] != '/')
				return false;
			*base = fd->name;
			*blen = strlen(fd->name);
			return true;
		}
	}
	if (!t)
		return false;
	/* the process's cwd (threads share it) */
	*base = st ? state_thread_cwd(st, t) : t->cwd;
	if (!*base || (*base)[0] != '/')
		return false;
	*blen = strlen(*base);
	return true;
}

int render_abs_path(const struct evt *e, struct state *st, int i, struct strbuf *out)
{
	const char *p, *base = NULL;
	size_t n, blen = 0;

	if (i < 0 || i >= e->nparams || e->lens[i] == 0)
		return 0;
	p = (const char *)e->params[i];
	n = param_strlen(e->params[i], e->lens[i]);
	if (n == 0)
		return 0;
	if (p[0] != '/' && !path_base(e, st, i, &base, &blen))
		return 0;
	return render_join_path(base, blen, p, n, out) ? -ENOMEM : 1;
}

/* ---- flags ---------------------------------------------------------------- */

int render_flag_names(const struct flag_name *table, uint32_t val, int exact, struct strbuf *out)
{
	const struct flag_name *f;
	const char *sep = "";
	uint32_t left = val;
	int any = 0;

	if (!table)
		return 0;
	if (exact) {
		for (f = table; f->name; f++)
			if (f->value == val)
				return strbuf_puts(out, f->name) ? -ENOMEM : 1;
		return 0;
	}
	/* sysdig's walk: names whose bits are all set, in table order, clearing
	 * them as it goes; an entry equal to the whole value ends the walk and
	 * is named last. */
	for (f = table; f->name && f->value != val; f++) {
		if ((f->value == 0 && val == 0) || (f->value != 0 && (left & f->value) == f->value && left != 0)) {
			if (strbuf_puts(out, sep) || strbuf_puts(out, f->name))
				return -ENOMEM;
			sep = "|";
			left &= ~f->value;
			any = 1;
		}
	}
	if (f->name) {
		if (strbuf_puts(out, sep) || strbuf_puts(out, f->name))
			return -ENOMEM;
		any = 1;
	}
	return any;
}

static const char *signal_name(uint32_t sig)
{
	for (const struct flag_name *f = signal_names; f->name; f++)
		if (f->value == sig)
			return f->name;
	return NULL;
}

/* ---- data buffers ---------------------------------------------------------- */

static int bytes_hex(const uint8_t *p, size_t n, bool ascii, struct strbuf *out)
{
	for (size_t j = 0; j < n; j += 16) {
		size_t chunks = 0, k;
		if (strbuf_printf(out, "\n\t0x%.4zx:", j))
			return -ENOMEM;
		for (k = j; chunks < 8 && k < n; k += 2, chunks++) {
			int r = k == n - 1 ? strbuf_printf(out, " %.2x", p[k])
					   : strbuf_printf(out, " %.2x%.2x", p[k], p[k + 1]);
			if (r)
				return -ENOMEM;
		}
		if (ascii) {
			if (strbuf_reserve(out, (8 - chunks) * 5 + 2 + 16))
				return -ENOMEM;
			for (; chunks < 8; chunks++)
				strbuf_append(out, "     ", 5);
			strbuf_append(out, "  ", 2);
			for (k = j; k < j + 16 && k < n; k++)
				strbuf_putc(out, p[k] >= 0x20 && p[k] < 0x7f ? (char)p[k] : '.');
		}
	}
	return strbuf_putc(out, '\n');
}

static int bytes_ascii(const uint8_t *p, size_t n, struct strbuf *out)
{
	if (strbuf_reserve(out, n + 1))
		return -ENOMEM;
	out->buf[out->len++] = '\n';
	for (size_t j = 0; j < n; j++) {
		uint8_t c = p[j];
		if (c >= 0x20 && c < 0x7f)
			out->buf[out->len++] = (char)c;
		else if (c == '\r')
			out->buf[out->len++] = '\n';
		else if (c == '\n' && j > 0 && p[j - 1] != '\r')
			out->buf[out->len++] = '\n';
	}
	out->buf[out->len] = '\0';
	return 0;
}

static int bytes_base64(const uint8_t *p, size_t n, struct strbuf *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t j;

	if (strbuf_reserve(out, 4 * ((n + 2) / 3)))
		return -ENOMEM;
	for (j = 0; j + 2 < n; j += 3) {
		uint32_t t = (uint32_t)p[j] << 16 | (uint32_t)p[j + 1] << 8 | p[j + 2];
		char q[4] = { tab[t >> 18], tab[(t >> 12) & 63], tab[(t >> 6) & 63], tab[t & 63] };
		strbuf_append(out, q, 4);
	}
	if (j < n) {
		uint32_t t = (uint32_t)p[j] << 16 | (j + 1 < n ? (uint32_t)p[j + 1] << 8 : 0);
		char q[4] = { tab[t >> 18], tab[(t >> 12) & 63], j + 1 < n ? tab[(t >> 6) & 63] : '=', '=' };
		strbuf_append(out, q, 4);
	}
	return 0;
}

int render_bytes(const uint8_t *p, size_t n, uint32_t flags, struct strbuf *out)
{
	size_t start = out->len;

	if (n == 0)
		return 0;
	if (flags & (FIELD_OUT_DATA_HEX | FIELD_OUT_DATA_HEXASCII))
		return bytes_hex(p, n, flags & FIELD_OUT_DATA_HEXASCII, out);
	if (flags & FIELD_OUT_DATA_BASE64)
		return bytes_base64(p, n, out);
	if (flags & FIELD_OUT_DATA_ASCII)
		return bytes_ascii(p, n, out);
	if (strbuf_reserve(out, n))
		return -ENOMEM;
	for (size_t j = 0; j < n; j++)
		out->buf[out->len++] = p[j] >= 0x20 && p[j] < 0x7f ? (char)p[j] : '.';
	if (!(flags & FIELD_OUT_FULL_BUFFERS) && out->len - start > RENDER_MAX_BUFFER_TEXT) {
		out->len = start + RENDER_MAX_BUFFER_TEXT;
		memcpy(out->buf + out->len - 3, "...", 3);
	}
	out->buf[out->len] = '\0';
	return 0;
}

/* ---- one parameter ---------------------------------------------------------- */

/* Where the value and the resolved form of the parameter being rendered are. */
struct rendering {
	struct strbuf *out;
	enum render_mode mode;
	size_t start;  /* where the value begins */
	size_t vend;   /* where it ends */
	size_t rstart; /* where the resolved form begins, 0 until begun */
};

/* Marks the end of the value; returns false when the resolved form is not wanted. */
static bool resolved_begin(struct rendering *r)
{
	if (r->mode == RENDER_VALUE)
		return false;
	r->vend = r->out->len;
	if (r->mode == RENDER_INFO && strbuf_putc(r->out, '('))
		return false;
	r->rstart = r->out->len;
	return true;
}

static int resolved_end(struct rendering *r)
{
	struct strbuf *out = r->out;
	size_t rlen;

	if (!r->rstart)
		return 0;
	rlen = out->len - r->rstart;
	if (rlen == 0) {
		out->len = r->vend;
	} else if (r->mode == RENDER_INFO) {
		return strbuf_putc(out, ')');
	} else {
		memmove(out->buf + r->start, out->buf + r->rstart, rlen);
		out->len = r->start + rlen;
	}
	if (out->buf)
		out->buf[out->len] = '\0';
	return 0;
}

/* Prints an integer parameter as sysdig's SET_NUMERIC_FORMAT does: decimal of
 * the signed value (unsigned 32 and 64-bit ones included), %X or %#o of the
 * unsigned value, %09 for padded decimals. */
static int put_number(struct strbuf *out, uint64_t raw, size_t size, bool sign_extend, uint8_t fmt)
{
	uint64_t mask = size >= 8 ? UINT64_MAX : ((uint64_t)1 << (size * 8)) - 1;
	uint64_t u = raw & mask;
	int64_t s = (int64_t)u;

	if (sign_extend && size < 8 && (u >> (size * 8 - 1)) & 1)
		s = (int64_t)(u | ~mask);
	switch (fmt) {
	case PF_HEX:
		return strbuf_put_hex(out, u);
	case PF_OCT:
		return strbuf_put_oct(out, u);
	case PF_10_PADDED_DEC:
		return strbuf_printf(out, "%09" PRId64, s);
	default:
		return strbuf_put_s64(out, s);
	}
}

static int render_fd_resolved(const struct evt *e, struct state *st, int64_t fd, struct strbuf *out)
{
	if (fd >= 0) {
		struct fd_info *fi = render_evt_fd(e, st, fd);
		char l4;
		if (!fi)
			return 0;
		l4 = render_l4proto_char(fi);
		if (strbuf_putc(out, '<') || strbuf_putc(out, fd_type_char(fi->type)) ||
		    (l4 && strbuf_putc(out, l4)) || strbuf_putc(out, '>'))
			return -ENOMEM;
		return fi->name ? render_sanitized(fi->name, strlen(fi->name), out) : 0;
	}
	if (fd == PPM_AT_FDCWD)
		return strbuf_puts(out, "AT_FDCWD");
	{
		const char *n = event_errno_name(-(int64_t)(int32_t)fd);
		return n ? strbuf_puts(out, n) : 0;
	}
}

static int render_sockaddr(const uint8_t *p, size_t n, struct strbuf *out)
{
	if (p[0] == PPM_AF_UNIX) {
		return render_sanitized((const char *)p + 1, param_strlen(p + 1, n - 1), out);
	} else if (p[0] == PPM_AF_INET) {
		if (n != 1 + 4 + 2)
			return strbuf_puts(out, "INVALID IPv4");
		if (render_ip(PPM_AF_INET, p + 1, out))
			return -ENOMEM;
		return strbuf_printf(out, ":%u", rd16(p + 5));
	} else if (p[0] == PPM_AF_INET6) {
		if (n != 1 + 16 + 2)
			return strbuf_puts(out, "INVALID IPv6");
		if (render_ip(PPM_AF_INET6, p + 1, out))
			return -ENOMEM;
		return strbuf_printf(out, ":%u", rd16(p + 17));
	}
	return strbuf_printf(out, "family %d", (int)(int8_t)p[0]);
}

static int render_socktuple(const uint8_t *p, size_t n, struct strbuf *out)
{
	if (p[0] == PPM_AF_INET) {
		if (n != 1 + 4 + 2 + 4 + 2)
			return strbuf_puts(out, "INVALID IPv4");
		if (render_ip(PPM_AF_INET, p + 1, out) || strbuf_printf(out, ":%u->", rd16(p + 5)) ||
		    render_ip(PPM_AF_INET, p + 7, out))
			return -ENOMEM;
		return strbuf_printf(out, ":%u", rd16(p + 11));
	} else if (p[0] == PPM_AF_INET6) {
		const uint8_t *sip, *dip;
		uint8_t fam = PPM_AF_INET6;
		if (n != 1 + 16 + 2 + 16 + 2)
			return strbuf_puts(out, "INVALID IPv6");
		sip = p + 1;
		dip = p + 19;
		if (ipv4_mapped(sip) && ipv4_mapped(dip)) {
			sip += 12;
			dip += 12;
			fam = PPM_AF_INET;
		}
		if (render_ip(fam, sip, out) || strbuf_printf(out, ":%u->", rd16(p + 17)) ||
		    render_ip(fam, dip, out))
			return -ENOMEM;
		return strbuf_printf(out, ":%u", rd16(p + 35));
	} else if (p[0] == PPM_AF_UNIX) {
		if (n < 17)
			return strbuf_puts(out, "INVALID UNIX");
		if (strbuf_printf(out, "%" PRIx64 "->%" PRIx64 " ", rd64(p + 1), rd64(p + 9)))
			return -ENOMEM;
		return render_sanitized((const char *)p + 17, param_strlen(p + 17, n - 17), out);
	}
	return strbuf_printf(out, "family %d", (int)(int8_t)p[0]);
}

static int render_fdlist(const struct evt *e, struct state *st, const uint8_t *p, size_t n,
			 struct strbuf *out)
{
	uint16_t nfds;
	size_t pos = 2;

	if (n < 2 || !render_evt_thread(e, st))
		return 0;
	nfds = rd16(p);
	for (uint16_t j = 0; j < nfds && pos + 10 <= n; j++, pos += 10) {
		int64_t fd = (int64_t)rd64(p + pos);
		int16_t fl = (int16_t)rd16(p + pos + 8);
		struct fd_info *fi = render_evt_fd(e, st, fd);
		if (strbuf_printf(out, "%s%" PRIu64 ":%c%x", j ? " " : "", (uint64_t)fd,
				  fi ? fd_type_char(fi->type) : '?', (uint32_t)(int32_t)fl))
			return -ENOMEM;
	}
	return 0;
}

static int render_abstime(uint64_t ns, struct strbuf *out)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	char buf[64], zone[16];

	if (!localtime_r(&sec, &tm))
		return strbuf_put_u64(out, ns);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	return strbuf_printf(out, "%s.%09u %s", buf, (unsigned)(ns % 1000000000ULL), zone);
}

static int render_id_name(const struct evt *e, struct state *st, uint32_t id, bool is_user,
			  struct strbuf *out, struct rendering *r)
{
	const char *name = NULL;

	if (id == UINT32_MAX) {
		if (strbuf_puts(out, "-1"))
			return -ENOMEM;
		return resolved_begin(r) ? strbuf_puts(out, "<NONE>") : 0;
	}
	if (strbuf_put_s64(out, (int32_t)id))
		return -ENOMEM;
	if (!resolved_begin(r))
		return 0;
	if (st && render_evt_thread(e, st)) {
		if (is_user) {
			const struct user_info *u = state_user(st, id);
			name = u ? u->name : NULL;
		} else {
			const struct group_info *g = state_group(st, id);
			name = g ? g->name : NULL;
		}
	}
	return name ? render_sanitized(name, strlen(name), out) : strbuf_puts(out, "<NA>");
}

int render_param(const struct evt *e, struct state *st, int i, uint32_t flags,
		 enum render_mode mode, struct strbuf *out)
{
	const struct param_info *pi;
	const uint8_t *p;
	size_t n;
	struct rendering r = { out, mode, out->len, 0, 0 };
	uint64_t u = 0;
	int64_t s = 0;
	int ret = 0;

	if (i < 0 || i >= e->nparams)
		return 0;
	pi = &e->info->params[i];
	p = e->params[i];
	n = e->lens[i];
	/* an empty parameter: sysdig 0.29 shows empty data buffers as nothing,
	 * other empty values as NULL */
	if (n == 0)
		return pi->type == PT_BYTEBUF ? 0 : strbuf_puts(out, "NULL");
	evt_param_u64(e, i, &u);
	evt_param_s64(e, i, &s);

	switch (pi->type) {
	case PT_INT8:
	case PT_INT16:
	case PT_INT32:
	case PT_INT64:
		ret = put_number(out, u, n, true, pi->fmt);
		break;
	case PT_UINT8:
	case PT_UINT16:
		ret = put_number(out, u, n, false, pi->fmt);
		break;
	case PT_UINT32:
	case PT_UINT64:
		/* sysdig prints these with a signed conversion */
		ret = put_number(out, u, n, true, pi->fmt);
		break;
	case PT_FD:
		ret = strbuf_put_s64(out, s);
		if (!ret && resolved_begin(&r))
			ret = render_fd_resolved(e, st, s, out);
		break;
	case PT_PID:
		ret = strbuf_put_s64(out, s);
		if (!ret && resolved_begin(&r) && st) {
			struct thread *t = state_thread(st, s);
			if (t)
				ret = render_sanitized(t->comm, strnlen(t->comm, sizeof(t->comm)), out);
		}
		break;
	case PT_ERRNO:
		/* results that are addresses (mmap) are shown in hex */
		ret = s >= 0 && pi->fmt == PF_HEX ? strbuf_put_hex(out, (uint64_t)s) : strbuf_put_s64(out, s);
		if (!ret && s < 0 && resolved_begin(&r)) {
			const char *en = event_errno_name(-(int64_t)(int32_t)s);
			if (en)
				ret = strbuf_puts(out, en);
		}
		break;
	case PT_CHARBUF:
	case PT_CHARBUFARRAY:
	case PT_CHARBUF_PAIR_ARRAY:
		ret = strbuf_append(out, (const char *)p, param_strlen(p, n));
		break;
	case PT_FSPATH:
	case PT_FSRELPATH: {
		size_t len = param_strlen(p, n);
		const char *base;
		size_t blen;
		ret = render_sanitized((const char *)p, len, out);
		if (!ret && len && p[0] != '/' && !(len == 4 && !memcmp(p, "<NA>", 4)) &&
		    path_base(e, st, i, &base, &blen) && resolved_begin(&r))
			ret = render_join_path(base, blen, (const char *)p, len, out);
		break;
	}
	case PT_BYTEBUF:
		ret = render_bytes(p, n, flags, out);
		break;
	case PT_SOCKADDR:
		ret = render_sockaddr(p, n, out);
		break;
	case PT_SOCKTUPLE:
		ret = render_socktuple(p, n, out);
		break;
	case PT_FDLIST:
		ret = render_fdlist(e, st, p, n, out);
		break;
	case PT_SYSCALLID:
		ret = strbuf_put_u64(out, u & 0xffff);
		if (!ret && resolved_begin(&r)) {
			const char *sc = ppm_sc_name((uint16_t)u);
			if (sc)
				ret = strbuf_puts(out, sc);
		}
		break;
	case PT_SIGTYPE:
		ret = strbuf_put_u64(out, u & 0xff);
		if (!ret && resolved_begin(&r)) {
			const char *sn = signal_name((uint32_t)(u & 0xff));
			if (sn)
				ret = strbuf_puts(out, sn);
		}
		break;
	case PT_RELTIME:
		if (u == UINT64_MAX) {
			ret = strbuf_puts(out, "none");
		} else {
			ret = strbuf_put_u64(out, u);
			if (!ret && resolved_begin(&r))
				ret = strbuf_printf(out, "%gs", (double)u / 1000000000.0);
		}
		break;
	case PT_ABSTIME:
		ret = render_abstime(u, out);
		break;
	case PT_FLAGS8:
	case PT_FLAGS16:
	case PT_FLAGS32:
	case PT_ENUMFLAGS8:
	case PT_ENUMFLAGS16:
	case PT_ENUMFLAGS32:
		ret = strbuf_put_u64(out, (uint32_t)u);
		if (!ret && resolved_begin(&r))
			ret = render_flag_names(pi->flags, (uint32_t)u,
						pi->type >= PT_ENUMFLAGS8, out) < 0 ? -ENOMEM : 0;
		break;
	case PT_MODE:
		ret = put_number(out, u, n, true, pi->fmt);
		if (!ret && resolved_begin(&r))
			ret = render_flag_names(pi->flags, (uint32_t)u, 0, out) < 0 ? -ENOMEM : 0;
		break;
	case PT_UID:
	case PT_GID:
		ret = render_id_name(e, st, (uint32_t)u, pi->type == PT_UID, out, &r);
		break;
	case PT_SIGSET: {
		const char *sep = "";
		for (int sig = 0; sig < 32 && !ret; sig++) {
			const char *sn;
			if (!(u & (1u << sig)) || !(sn = signal_name(sig + 1)))
				continue;
			ret = strbuf_puts(out, sep) || strbuf_puts(out, sn);
			sep = " ";
		}
		break;
	}
	case PT_PORT:
	case PT_L4PROTO:
	case PT_SOCKFAMILY:
		ret = strbuf_put_u64(out, u);
		break;
	case PT_BOOL:
		ret = strbuf_puts(out, u ? "true" : "false");
		break;
	case PT_DOUBLE: {
		double d = 0;
		if (n == sizeof(d))
			memcpy(&d, p, sizeof(d));
		ret = strbuf_printf(out, "%g", d);
		break;
	}
	case PT_IPV4ADDR:
	case PT_IPV4NET:
		ret = n >= 4 ? render_ip(PPM_AF_INET, p, out) : strbuf_puts(out, "INVALID IPv4");
		break;
	case PT_IPV6ADDR:
	case PT_IPV6NET:
		ret = n >= 16 ? render_ip(PPM_AF_INET6, p, out) : strbuf_puts(out, "INVALID IPv6");
		break;
	case PT_IPADDR:
	case PT_IPNET:
		ret = n == 4 ? render_ip(PPM_AF_INET, p, out)
		    : n >= 16 ? render_ip(PPM_AF_INET6, p, out) : strbuf_puts(out, "INVALID IP");
		break;
	case PT_DYN: {
		/* an index byte, then a value whose type the index selects: shown
		 * as the number it holds */
		struct evt one = *e;
		one.lens[i] = (uint16_t)(n - 1);
		one.params[i] = p + 1;
		if (n > 1 && evt_param_s64(&one, i, &s))
			ret = strbuf_put_s64(out, s);
		else
			ret = strbuf_puts(out, "INVALID DYNAMIC PARAMETER");
		break;
	}
	default:
		ret = strbuf_puts(out, "(n.a.)");
		break;
	}
	if (ret)
		return -ENOMEM;
	return resolved_end(&r);
}

int render_args(const struct evt *e, struct state *st, uint32_t flags, struct strbuf *out)
{
	uint16_t t = e->hdr->type;

	/* sysdig shows nothing for generic events: their parameters are internal */
	if (t == PPME_GENERIC_E || t == PPME_GENERIC_X)
		return 0;
	for (int i = 0; i < e->nparams; i++) {
		if (strbuf_puts(out, e->info->params[i].name) || strbuf_putc(out, '=') ||
		    render_param(e, st, i, flags, RENDER_INFO, out) || strbuf_putc(out, ' '))
			return -ENOMEM;
	}
	return 0;
}
