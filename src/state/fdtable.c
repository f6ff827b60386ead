/* fdtable.c: the fds of one process: an open-addressing table keyed by fd
 * number (identity hash: the kernel hands out the lowest free number, so fds
 * are dense), entries from a pool so that an open/close loop allocates
 * nothing once warm, and sysdig's names for fd types and socket tuples. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/state_int.h"

static char empty_name[1]; /* the name of an fd that has none; never written */

static const struct {
	const char *name;
	char ch;
} fd_types[FDT_MAX] = {
	[FDT_UNKNOWN] = { "<NA>", 'o' },
	[FDT_FILE] = { "file", 'f' },
	[FDT_DIRECTORY] = { "directory", 'd' },
	[FDT_IPV4_SOCK] = { "ipv4", '4' },
	[FDT_IPV6_SOCK] = { "ipv6", '6' },
	[FDT_UNIX_SOCK] = { "unix", 'u' },
	[FDT_PIPE] = { "pipe", 'p' },
	[FDT_EVENTFD] = { "event", 'e' },
	[FDT_SIGNALFD] = { "signalfd", 's' },
	[FDT_EVENTPOLL] = { "eventpoll", 'l' },
	[FDT_INOTIFY] = { "inotify", 'i' },
	[FDT_TIMERFD] = { "timerfd", 't' },
	[FDT_NETLINK] = { "netlink", 'n' },
	[FDT_BPF] = { "bpf", 'b' },
	[FDT_USERFAULTFD] = { "userfaultfd", 'u' },
	[FDT_IOURING] = { "io_uring", 'r' },
	[FDT_MEMFD] = { "memfd", 'm' },
	[FDT_PIDFD] = { "pidfd", 'P' },
	[FDT_RAW_SOCK] = { "raw", 'k' },
};

const char *fd_type_name(enum fd_type t)
{
	return (unsigned)t < FDT_MAX ? fd_types[t].name : "<NA>";
}

char fd_type_char(enum fd_type t)
{
	return (unsigned)t < FDT_MAX ? fd_types[t].ch : 'o';
}

int fd_set_name(struct fd_info *fd, const char *name, size_t len)
{
	if (len + 1 > fd->name_cap) {
		uint32_t cap = fd->name_cap ? fd->name_cap : 32;
		char *nb;
		while (cap < len + 1)
			cap *= 2;
		nb = fd->name_cap ? realloc(fd->name, cap) : malloc(cap);
		if (!nb)
			return -ENOMEM;
		fd->name = nb;
		fd->name_cap = cap;
	}
	memcpy(fd->name, name, len);
	fd->name[len] = '\0';
	fd->name_len = (uint32_t)len;
	fd->name_printable = true;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] >= 0x7f) {
			fd->name_printable = false;
			break;
		}
	return 0;
}

/* ---- rendering ------------------------------------------------------------ */

static bool is_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void put_addr_port(struct strbuf *out, bool v6, const uint8_t *ip, uint16_t port)
{
	char a[INET6_ADDRSTRLEN];
	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, ip, a, sizeof(a)))
		strcpy(a, "?");
	strbuf_printf(out, "%s:%u", a, port);
}

void fd_tuple_render(const struct fd_info *fd, struct strbuf *out)
{
	bool v6 = fd->type == FDT_IPV6_SOCK;
	size_t alen = v6 ? 16 : 4;
	const struct fd_tuple *tu = &fd->tuple;

	if (fd->type != FDT_IPV4_SOCK && fd->type != FDT_IPV6_SOCK)
		return;
	if (tu->cport == 0 && is_zero(tu->cip, alen)) {
		/* no peer: a bound or listening socket, named by its address */
		if (tu->sport == 0 && is_zero(tu->sip, alen))
			return;
		put_addr_port(out, v6, tu->sip, tu->sport);
		return;
	}
	put_addr_port(out, v6, tu->cip, tu->cport);
	strbuf_puts(out, "->");
	put_addr_port(out, v6, tu->sip, tu->sport);
}

/* Sets an IP socket's name from its tuple. */
void fd_render_name(struct fd_info *fd, struct strbuf *tmp)
{
	strbuf_reset(tmp);
	fd_tuple_render(fd, tmp);
	fd_set_name(fd, tmp->buf ? tmp->buf : "", tmp->len);
}

/* ---- entries and the pool ------------------------------------------------- */

static struct fd_info *fd_alloc(struct state *st)
{
	struct fd_info *f = st->fd_pool;
	if (f) {
		st->fd_pool = f->pool_next;
		st->fd_pool_n--;
	} else {
		f = calloc(1, sizeof(*f));
		if (!f)
			return NULL;
		f->name = empty_name;
	}
	return f;
}

/* Clears an entry, keeping its name buffer. */
static void fd_clear(struct fd_info *f)
{
	char *name = f->name;
	uint32_t cap = f->name_cap;
	memset(f, 0, sizeof(*f));
	f->name = cap ? name : empty_name;
	f->name_cap = cap;
	if (cap)
		name[0] = '\0';
}

static void fd_release(struct state *st, struct fd_info *f)
{
	if (st->fd_pool_n < FD_POOL_MAX) {
		f->pool_next = st->fd_pool;
		st->fd_pool = f;
		st->fd_pool_n++;
		return;
	}
	if (f->name_cap)
		free(f->name);
	free(f);
}

void fd_pool_free(struct state *st)
{
	while (st->fd_pool) {
		struct fd_info *f = st->fd_pool;
		st->fd_pool = f->pool_next;
		if (f->name_cap)
			free(f->name);
		free(f);
	}
	st->fd_pool_n = 0;
}

void fd_copy(struct fd_info *dst, const struct fd_info *src)
{
	char *name = dst->name;
	uint32_t cap = dst->name_cap;
	struct fd_info *next = dst->pool_next;

	*dst = *src;
	dst->name = name;
	dst->name_cap = cap;
	dst->pool_next = next;
	if (fd_set_name(dst, src->name, strlen(src->name))) {
		dst->name_printable = false;
		if (dst->name_cap)
			dst->name[0] = '\0';
	}
}

/* ---- the table ------------------------------------------------------------ */

#define FDT_MIN_SLOTS 16

struct fdtable *fdtable_new(void)
{
	struct fdtable *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->slots = calloc(FDT_MIN_SLOTS, sizeof(*t->slots));
	if (!t->slots) {
		free(t);
		return NULL;
	}
	t->mask = FDT_MIN_SLOTS - 1;
	t->refs = 1;
	return t;
}

static inline uint32_t fd_hash(int64_t fd)
{
	return (uint32_t)fd;
}

struct fd_info *fdtable_lookup(struct fdtable *t, int64_t fd)
{
	uint32_t i;

	if (!t)
		return NULL;
	i = fd_hash(fd) & t->mask;
	for (;;) {
		const struct fd_slot *s = &t->slots[i];
		if (!s->info)
			return NULL;
		if (s->fd == fd)
			return s->info;
		i = (i + 1) & t->mask;
	}
}

static void slot_put(struct fd_slot *slots, uint32_t mask, int64_t fd, struct fd_info *info)
{
	uint32_t i = fd_hash(fd) & mask;
	while (slots[i].info)
		i = (i + 1) & mask;
	slots[i].fd = fd;
	slots[i].info = info;
}

static int fdtable_grow(struct fdtable *t)
{
	uint32_t n = (t->mask + 1) * 2;
	struct fd_slot *ns = calloc(n, sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	for (uint32_t i = 0; i <= t->mask; i++)
		if (t->slots[i].info)
			slot_put(ns, n - 1, t->slots[i].fd, t->slots[i].info);
	free(t->slots);
	t->slots = ns;
	t->mask = n - 1;
	return 0;
}

struct fd_info *fdtable_insert(struct state *st, struct fdtable *t, int64_t fd)
{
	struct fd_info *f;

	if (!t)
		return NULL;
	f = fdtable_lookup(t, fd);
	if (f) {
		fd_clear(f);
		f->fd = fd;
		return f;
	}
	if (t->count >= st->opts.max_fds_per_proc) {
		st->stats.fds_dropped++;
		return NULL;
	}
	if ((t->count + 1) * 4 > (t->mask + 1) * 3 && fdtable_grow(t))
		return NULL;
	f = fd_alloc(st);
	if (!f)
		return NULL;
	fd_clear(f);
	f->fd = fd;
	slot_put(t->slots, t->mask, fd, f);
	t->count++;
	return f;
}

void fdtable_remove(struct state *st, struct fdtable *t, int64_t fd)
{
	uint32_t i, j;

	if (!t)
		return;
	i = fd_hash(fd) & t->mask;
	for (;;) {
		if (!t->slots[i].info)
			return;
		if (t->slots[i].fd == fd)
			break;
		i = (i + 1) & t->mask;
	}
	fd_release(st, t->slots[i].info);
	t->count--;
	/* backward-shift deletion keeps every probe chain unbroken */
	j = i;
	for (;;) {
		uint32_t k;
		j = (j + 1) & t->mask;
		if (!t->slots[j].info)
			break;
		k = fd_hash(t->slots[j].fd) & t->mask;
		/* leave the entry if its home k lies cyclically in (i, j] */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		t->slots[i] = t->slots[j];
		i = j;
	}
	t->slots[i].info = NULL;
}

void fdtable_unref(struct state *st, struct fdtable *t)
{
	if (!t || --t->refs > 0)
		return;
	for (uint32_t i = 0; i <= t->mask; i++)
		if (t->slots[i].info)
			fd_release(st, t->slots[i].info);
	free(t->slots);
	free(t);
}

struct fdtable *fdtable_copy(struct state *st, const struct fdtable *src)
{
	struct fdtable *t = fdtable_new();
	if (!t || !src)
		return t;
	for (uint32_t i = 0; i <= src->mask; i++) {
		const struct fd_slot *s = &src->slots[i];
		struct fd_info *f;
		if (!s->info)
			continue;
		f = fdtable_insert(st, t, s->fd);
		if (f)
			fd_copy(f, s->info);
	}
	return t;
}

void fdtable_merge(struct state *st, struct fdtable *dst, const struct fdtable *src, bool overwrite)
{
	if (!dst || !src || dst == src)
		return;
	for (uint32_t i = 0; i <= src->mask; i++) {
		const struct fd_slot *s = &src->slots[i];
		struct fd_info *f;
		if (!s->info || (!overwrite && fdtable_lookup(dst, s->fd)))
			continue;
		f = fdtable_insert(st, dst, s->fd);
		if (f)
			fd_copy(f, s->info);
	}
}

void fdtable_close_cloexec(struct state *st, struct fdtable *t)
{
	uint32_t i = 0;
	if (!t)
		return;
	while (i <= t->mask) {
		struct fd_slot *s = &t->slots[i];
		if (s->info && (s->info->flags & PPM_O_CLOEXEC))
			fdtable_remove(st, t, s->fd); /* slot i may now hold another: look again */
		else
			i++;
	}
}

int fdtable_foreach(struct fdtable *t, int (*fn)(struct fd_info *fd, void *ctx), void *ctx)
{
	if (!t)
		return 0;
	for (uint32_t i = 0; i <= t->mask; i++) {
		if (t->slots[i].info) {
			int r = fn(t->slots[i].info, ctx);
			if (r)
				return r;
		}
	}
	return 0;
}

size_t fdtable_count(const struct fdtable *t)
{
	return t ? t->count : 0;
}
