/* procfs.c: the initial state from /proc (every process, its threads and its
 * fds, sockets resolved through the tables in /proc/PID/net), the lookup of a thread that
 * an event names but the tables lack, and the periodic CPU/memory refresh. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "state/state_int.h"
#include "util/log.h"
#include "util/clock.h"

#define CAP_DAC_OVERRIDE_BIT 1

/* Reads a whole (small) file into buf, NUL-terminated; returns its length or -1. */
static ssize_t read_small(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, total = 0;
	if (fd < 0)
		return -1;
	while ((size_t)total < cap - 1) {
		n = read(fd, buf + total, cap - 1 - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

/* Reads a whole file of any size into sb (reset first); returns its length or -1. */
static ssize_t read_all(const char *path, struct strbuf *sb, size_t limit)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	strbuf_reset(sb);
	if (fd < 0)
		return -1;
	for (;;) {
		if (strbuf_reserve(sb, 4096))
			break;
		n = read(fd, sb->buf + sb->len, sb->cap - sb->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sb->len += n;
		if (sb->len >= limit)
			break;
	}
	close(fd);
	if (sb->buf)
		sb->buf[sb->len] = '\0';
	return sb->len;
}

static ssize_t read_link(const char *path, char *buf, size_t cap)
{
	ssize_t n = readlink(path, buf, cap - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* "net:[4026531833]" -> 4026531833 */
static uint64_t bracket_number(const char *s)
{
	const char *p = strchr(s, '[');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

/* ---- sockets: the tables in /proc/PID/net --------------------------------------------- */

enum net_kind { NK_TCP4, NK_TCP6, NK_UDP4, NK_UDP6, NK_RAW4, NK_RAW6, NK_UNIX, NK_NETLINK, NK_PACKET };

struct net_entry {
	uint64_t ino;
	uint8_t kind;     /* enum net_kind */
	uint8_t listen;   /* TCP LISTEN */
	uint16_t lport, rport;
	uint8_t lip[16], rip[16];
	uint64_t uaddr;   /* unix: kernel address */
	uint32_t path;    /* unix: offset in paths, or UINT32_MAX */
};

struct net_cache {
	uint64_t netns;
	uint64_t built_ns;   /* monotonic time it was read */
	struct net_entry *e; /* open addressing on ino; ino 0 = empty */
	uint32_t mask, count;
	struct strbuf paths;
	uint16_t *listen_ports; /* sorted TCP listening ports */
	uint32_t nlisten, listen_cap;
};

#define NET_CACHES 16

struct net_caches {
	struct net_cache *c[NET_CACHES];
	uint32_t n;
};

static void net_cache_free(struct net_cache *c)
{
	if (!c)
		return;
	free(c->e);
	strbuf_free(&c->paths);
	free(c->listen_ports);
	free(c);
}

static struct net_entry *net_slot(struct net_cache *c, uint64_t ino)
{
	uint32_t i = (uint32_t)(ino * 0x9E3779B97F4A7C15ull >> 32) & c->mask;
	while (c->e[i].ino && c->e[i].ino != ino)
		i = (i + 1) & c->mask;
	return &c->e[i];
}

static struct net_entry *net_add(struct net_cache *c, uint64_t ino)
{
	struct net_entry *s;
	if ((c->count + 1) * 2 > c->mask + 1) {
		uint32_t n = (c->mask + 1) * 2;
		struct net_entry *old = c->e;
		uint32_t omask = c->mask;
		struct net_entry *ne = calloc(n, sizeof(*ne));
		if (!ne)
			return NULL;
		c->e = ne;
		c->mask = n - 1;
		for (uint32_t i = 0; i <= omask; i++)
			if (old[i].ino)
				*net_slot(c, old[i].ino) = old[i];
		free(old);
	}
	s = net_slot(c, ino);
	if (!s->ino) {
		memset(s, 0, sizeof(*s));
		s->ino = ino;
		s->path = UINT32_MAX;
		c->count++;
	}
	return s;
}

static const struct net_entry *net_find(const struct net_cache *c, uint64_t ino)
{
	uint32_t i;
	if (!c || !ino)
		return NULL;
	i = (uint32_t)(ino * 0x9E3779B97F4A7C15ull >> 32) & c->mask;
	while (c->e[i].ino) {
		if (c->e[i].ino == ino)
			return &c->e[i];
		i = (i + 1) & c->mask;
	}
	return NULL;
}

/* "0100007F" -> bytes as the kernel holds them (network order): /proc prints
 * each 32-bit word of the address in the machine's order. */
static void parse_hex_addr(const char *s, size_t n, uint8_t *out)
{
	for (size_t w = 0; w * 8 < n && w < 4; w++) {
		char word[9];
		uint32_t v;
		memcpy(word, s + w * 8, 8);
		word[8] = '\0';
		v = (uint32_t)strtoul(word, NULL, 16);
		memcpy(out + w * 4, &v, 4);
	}
}

static void net_read_inet(struct net_cache *c, const char *path, enum net_kind kind, struct strbuf *sb)
{
	char *line, *save = NULL;
	if (read_all(path, sb, 64u << 20) <= 0)
		return;
	line = strtok_r(sb->buf, "\n", &save); /* the header */
	while ((line = strtok_r(NULL, "\n", &save))) {
		char la[33], ra[33];
		unsigned lport, rport, stt;
		unsigned long long ino;
		struct net_entry *e;
		if (sscanf(line, " %*[^:]: %32[0-9A-Fa-f]:%x %32[0-9A-Fa-f]:%x %x %*s %*s %*s %*u %*u %llu",
			   la, &lport, ra, &rport, &stt, &ino) != 6 || !ino)
			continue;
		e = net_add(c, ino);
		if (!e)
			return;
		e->kind = kind;
		e->lport = lport;
		e->rport = rport;
		parse_hex_addr(la, strlen(la), e->lip);
		parse_hex_addr(ra, strlen(ra), e->rip);
		if ((kind == NK_TCP4 || kind == NK_TCP6) && stt == 0x0A) {
			e->listen = 1;
			if (c->nlisten == c->listen_cap) {
				uint32_t n = c->listen_cap ? c->listen_cap * 2 : 32;
				uint16_t *np = realloc(c->listen_ports, n * sizeof(*np));
				if (!np)
					continue;
				c->listen_ports = np;
				c->listen_cap = n;
			}
			c->listen_ports[c->nlisten++] = lport;
		}
	}
}

static void net_read_unix(struct net_cache *c, const char *path, struct strbuf *sb)
{
	char *line, *save = NULL;
	if (read_all(path, sb, 64u << 20) <= 0)
		return;
	line = strtok_r(sb->buf, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save))) {
		unsigned long long addr, ino;
		int off = 0;
		struct net_entry *e;
		if (sscanf(line, "%llx: %*x %*x %*x %*x %*x %llu %n", &addr, &ino, &off) < 2 || !ino)
			continue;
		e = net_add(c, ino);
		if (!e)
			return;
		e->kind = NK_UNIX;
		e->uaddr = addr;
		if (off > 0 && line[off]) {
			e->path = c->paths.len;
			strbuf_append(&c->paths, line + off, strlen(line + off) + 1);
		}
	}
}

/* netlink and packet: the inode is the last column */
static void net_read_last_col(struct net_cache *c, const char *path, enum net_kind kind, struct strbuf *sb)
{
	char *line, *save = NULL;
	if (read_all(path, sb, 16u << 20) <= 0)
		return;
	line = strtok_r(sb->buf, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *last = strrchr(line, ' ');
		unsigned long long ino = last ? strtoull(last + 1, NULL, 10) : 0;
		struct net_entry *e;
		if (!ino)
			continue;
		e = net_add(c, ino);
		if (!e)
			return;
		e->kind = kind;
	}
}

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

static struct net_cache *net_cache_build(struct state *st, int64_t pid, uint64_t netns)
{
	static const struct {
		const char *file;
		enum net_kind kind;
	} inet[] = {
		{ "tcp", NK_TCP4 }, { "tcp6", NK_TCP6 }, { "udp", NK_UDP4 }, { "udp6", NK_UDP6 },
		{ "raw", NK_RAW4 }, { "raw6", NK_RAW6 },
	};
	struct net_cache *c = calloc(1, sizeof(*c));
	char path[512];

	if (!c)
		return NULL;
	c->mask = 255;
	c->e = calloc(c->mask + 1, sizeof(*c->e));
	if (!c->e) {
		free(c);
		return NULL;
	}
	c->netns = netns;
	c->built_ns = clock_ns(CLOCK_MONOTONIC_COARSE);
	for (size_t i = 0; i < sizeof(inet) / sizeof(inet[0]); i++) {
		snprintf(path, sizeof(path), "%s/%" PRId64 "/net/%s", st->proc_root, pid, inet[i].file);
		net_read_inet(c, path, inet[i].kind, &st->tmp);
	}
	snprintf(path, sizeof(path), "%s/%" PRId64 "/net/unix", st->proc_root, pid);
	net_read_unix(c, path, &st->tmp);
	snprintf(path, sizeof(path), "%s/%" PRId64 "/net/netlink", st->proc_root, pid);
	net_read_last_col(c, path, NK_NETLINK, &st->tmp);
	snprintf(path, sizeof(path), "%s/%" PRId64 "/net/packet", st->proc_root, pid);
	net_read_last_col(c, path, NK_PACKET, &st->tmp);
	if (c->nlisten)
		qsort(c->listen_ports, c->nlisten, sizeof(uint16_t), cmp_u16);
	return c;
}

static bool net_is_listening_port(const struct net_cache *c, uint16_t port)
{
	return c->nlisten && bsearch(&port, c->listen_ports, c->nlisten, sizeof(uint16_t), cmp_u16);
}

/* The socket tables of the network namespace pid lives in; read at most once
 * per second per namespace. */
static struct net_cache *net_cache_get(struct state *st, int64_t pid, uint64_t netns)
{
	struct net_caches *nc = st->net;
	uint64_t now = clock_ns(CLOCK_MONOTONIC_COARSE);
	struct net_cache *c;

	if (!nc) {
		nc = st->net = calloc(1, sizeof(*nc));
		if (!nc)
			return NULL;
	}
	for (uint32_t i = 0; i < nc->n; i++) {
		if (nc->c[i]->netns != netns)
			continue;
		if (now - nc->c[i]->built_ns < 1000000000ull)
			return nc->c[i];
		net_cache_free(nc->c[i]);
		nc->c[i] = net_cache_build(st, pid, netns);
		if (!nc->c[i]) {
			nc->c[i] = nc->c[--nc->n];
			return NULL;
		}
		return nc->c[i];
	}
	c = net_cache_build(st, pid, netns);
	if (!c)
		return NULL;
	if (nc->n == NET_CACHES) {
		net_cache_free(nc->c[0]);
		nc->c[0] = nc->c[--nc->n];
	}
	nc->c[nc->n++] = c;
	return c;
}

void procfs_free_net(struct state *st)
{
	struct net_caches *nc = st->net;
	if (!nc)
		return;
	for (uint32_t i = 0; i < nc->n; i++)
		net_cache_free(nc->c[i]);
	free(nc);
	st->net = NULL;
}

static bool v4_mapped(const uint8_t *a)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(a, pfx, 12) == 0;
}

static void fd_from_net_entry(struct state *st, struct fd_info *f, const struct net_entry *e,
			      const struct net_cache *c)
{
	bool v6 = e->kind == NK_TCP6 || e->kind == NK_UDP6 || e->kind == NK_RAW6;
	size_t alen = v6 ? 16 : 4;

	switch (e->kind) {
	case NK_UNIX:
		f->type = FDT_UNIX_SOCK;
		f->tuple.family = PPM_AF_UNIX;
		f->tuple.unix_src = e->uaddr;
		if (e->path != UINT32_MAX) {
			const char *p = c->paths.buf + e->path;
			fd_set_name(f, p, strlen(p));
		}
		return;
	case NK_NETLINK:
		f->type = FDT_NETLINK;
		return;
	case NK_PACKET:
		f->type = FDT_RAW_SOCK;
		return;
	default:
		break;
	}
	const uint8_t *lip = e->lip, *rip = e->rip;
	bool has_peer = e->rport != 0;
	for (size_t i = 0; i < alen && !has_peer; i++)
		has_peer = e->rip[i] != 0;
	if (v6 && has_peer && v4_mapped(e->lip) && v4_mapped(e->rip)) {
		/* IPv4 ends on an IPv6 socket: an IPv4 connection, as events say */
		v6 = false;
		alen = 4;
		lip += 12;
		rip += 12;
	}
	f->type = v6 ? FDT_IPV6_SOCK : FDT_IPV4_SOCK;
	f->tuple.family = v6 ? PPM_AF_INET6 : PPM_AF_INET;
	f->tuple.l4proto = (e->kind == NK_TCP4 || e->kind == NK_TCP6) ? 6 :
			   (e->kind == NK_UDP4 || e->kind == NK_UDP6) ? 17 : 255;
	if (e->listen || !has_peer) {
		/* a listening or bound socket: named by its local address */
		f->role = (e->listen || e->lport) ? FD_ROLE_SERVER : FD_ROLE_NONE;
		memcpy(f->tuple.sip, lip, alen);
		f->tuple.sport = e->lport;
	} else if (net_is_listening_port(c, e->lport)) {
		/* accepted: the peer is the client */
		f->role = FD_ROLE_SERVER;
		memcpy(f->tuple.cip, rip, alen);
		f->tuple.cport = e->rport;
		memcpy(f->tuple.sip, lip, alen);
		f->tuple.sport = e->lport;
	} else {
		f->role = FD_ROLE_CLIENT;
		memcpy(f->tuple.cip, lip, alen);
		f->tuple.cport = e->lport;
		memcpy(f->tuple.sip, rip, alen);
		f->tuple.sport = e->rport;
	}
	fd_render_name(f, &st->tmp);
}

/* ---- fds ------------------------------------------------------------------ */

static const struct {
	const char *prefix;
	enum fd_type type;
} anon_types[] = {
	{ "anon_inode:[eventfd]", FDT_EVENTFD },
	{ "anon_inode:[signalfd]", FDT_SIGNALFD },
	{ "anon_inode:[eventpoll]", FDT_EVENTPOLL },
	{ "anon_inode:inotify", FDT_INOTIFY },
	{ "anon_inode:[timerfd]", FDT_TIMERFD },
	{ "anon_inode:bpf", FDT_BPF },  /* bpf-map, bpf-prog, bpf_link, bpf_iter ... */
	{ "anon_inode:btf", FDT_BPF },  /* BPF_BTF_LOAD's, a bpf fd in events too */
	{ "anon_inode:[userfaultfd]", FDT_USERFAULTFD },
	{ "anon_inode:[io_uring]", FDT_IOURING },
	{ "anon_inode:[pidfd]", FDT_PIDFD },
	{ "/memfd:", FDT_MEMFD },
};

/* Sockets that /proc/PID/net does not list (not bound nor connected yet, or
 * of a family it has no table for) by the protocol name the kernel gives
 * their inode (the system.sockprotoname attribute). Unnamed, as socket()
 * leaves them in events. */
static const struct {
	const char *name;
	enum fd_type type;
	uint8_t family, l4proto;
} sock_protos[] = {
	{ "TCP", FDT_IPV4_SOCK, PPM_AF_INET, 6 },
	{ "UDP", FDT_IPV4_SOCK, PPM_AF_INET, 17 },
	{ "UDP-Lite", FDT_IPV4_SOCK, PPM_AF_INET, 136 },
	{ "PING", FDT_IPV4_SOCK, PPM_AF_INET, 1 },
	{ "RAW", FDT_IPV4_SOCK, PPM_AF_INET, 255 },
	{ "MPTCP", FDT_IPV4_SOCK, PPM_AF_INET, 6 },
	{ "SCTP", FDT_IPV4_SOCK, PPM_AF_INET, 132 },
	{ "TCPv6", FDT_IPV6_SOCK, PPM_AF_INET6, 6 },
	{ "UDPv6", FDT_IPV6_SOCK, PPM_AF_INET6, 17 },
	{ "UDPLITEv6", FDT_IPV6_SOCK, PPM_AF_INET6, 136 },
	{ "PINGv6", FDT_IPV6_SOCK, PPM_AF_INET6, 58 },
	{ "RAWv6", FDT_IPV6_SOCK, PPM_AF_INET6, 255 },
	{ "MPTCPv6", FDT_IPV6_SOCK, PPM_AF_INET6, 6 },
	{ "SCTPv6", FDT_IPV6_SOCK, PPM_AF_INET6, 132 },
	{ "UNIX", FDT_UNIX_SOCK, PPM_AF_UNIX, 0 },
	{ "UNIX-STREAM", FDT_UNIX_SOCK, PPM_AF_UNIX, 0 },
	{ "NETLINK", FDT_NETLINK, PPM_AF_NETLINK, 0 },
	{ "PACKET", FDT_RAW_SOCK, PPM_AF_PACKET, 0 },
};

static void fd_from_sock_proto(struct fd_info *f, const char *path)
{
	char name[32];
	ssize_t n = getxattr(path, "system.sockprotoname", name, sizeof(name) - 1);

	if (n <= 0)
		return;
	name[n] = '\0';
	for (size_t i = 0; i < sizeof(sock_protos) / sizeof(sock_protos[0]); i++) {
		if (strcmp(name, sock_protos[i].name))
			continue;
		f->type = sock_protos[i].type;
		f->tuple.family = sock_protos[i].family;
		f->tuple.l4proto = sock_protos[i].l4proto;
		fd_set_name(f, "", 0);
		return;
	}
}

static uint32_t fdinfo_flags(const char *path)
{
	char buf[512], *p;
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return 0;
	p = strstr(buf, "flags:");
	return p ? wtf_open_flags_to_ppm((uint32_t)strtoul(p + 6, NULL, 8)) : 0;
}

/* The pid a pidfd refers to ("Pid:" in its fdinfo; -1 once it exited), kept
 * where parse.c's pidfd_getfd looks for it: the unused tuple of the fd. */
static void fdinfo_pidfd_target(const char *path, struct fd_info *f)
{
	char buf[512], *p;
	long pid;
	if (read_small(path, buf, sizeof(buf)) <= 0 || !(p = strstr(buf, "\nPid:")))
		return;
	pid = strtol(p + 5, NULL, 10);
	f->pidfd_pid = pid > 0 ? pid : 0;
}

/* One process's fds being read: its net tables, read once for all. */
struct fd_scan {
	struct net_cache *net;
	bool net_tried;
};

/* Reads fd fdn of t's process from /proc into its table. Returns 0, -ENOENT
 * when the process has no such fd (any more), or -ENOMEM. */
static int load_fd(struct state *st, struct thread *t, struct fd_scan *fs, int64_t fdn)
{
	char path[640], info[640], link[4096 + 32];
	struct fd_info *f;
	struct stat sb;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%" PRId64 "/fd/%" PRId64, st->proc_root, t->pid, fdn);
	n = read_link(path, link, sizeof(link));
	if (n < 0)
		return -ENOENT;
	f = fdtable_insert(st, t->fds, fdn);
	if (!f)
		return -ENOMEM;
	snprintf(info, sizeof(info), "%s/%" PRId64 "/fdinfo/%" PRId64, st->proc_root, t->pid, fdn);
	f->flags = fdinfo_flags(info);
	if (strncmp(link, "socket:[", 8) == 0) {
		const struct net_entry *e;
		f->ino = bracket_number(link);
		if (!fs->net_tried) {
			fs->net_tried = true;
			if (!t->ns_net)
				procfs_read_ns(st, t);
			fs->net = net_cache_get(st, t->pid, t->ns_net);
		}
		e = net_find(fs->net, f->ino);
		if (e) {
			fd_from_net_entry(st, f, e, fs->net);
		} else {
			fd_set_name(f, link, n);
			fd_from_sock_proto(f, path);
		}
		return 0;
	}
	if (strncmp(link, "pipe:[", 6) == 0) {
		f->type = FDT_PIPE;
		f->ino = bracket_number(link);
		fd_set_name(f, link, n);
		return 0;
	}
	fd_set_name(f, link, n);
	for (size_t i = 0; i < sizeof(anon_types) / sizeof(anon_types[0]); i++) {
		if (strncmp(link, anon_types[i].prefix, strlen(anon_types[i].prefix)) == 0) {
			f->type = anon_types[i].type;
			break;
		}
	}
	if (f->type == FDT_PIDFD)
		fdinfo_pidfd_target(info, f);
	if (f->type != FDT_UNKNOWN)
		return 0;
	/* a path (a file, as an open of it makes one), or a pseudo file named
	 * otherwise (a namespace, "net:[4026531840]") whose mode says file as
	 * sysdig's scan has it; an anon inode has no mode and stays unknown */
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			f->type = FDT_DIRECTORY;
		else if (link[0] == '/' || S_ISREG(sb.st_mode) || S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
			f->type = FDT_FILE;
		if (f->type != FDT_UNKNOWN) {
			f->dev = (uint32_t)sb.st_dev;
			f->ino = sb.st_ino;
		}
	} else if (link[0] == '/') {
		f->type = FDT_FILE;
	}
	return 0;
}

int procfs_load_fds(struct state *st, struct thread *t, bool missing_only)
{
	char dpath[320];
	struct fd_scan fs = { 0 };
	struct dirent *de;
	DIR *d;

	if (st->opts.offline || !t->fds)
		return -ENOENT;
	snprintf(dpath, sizeof(dpath), "%s/%" PRId64 "/fd", st->proc_root, t->pid);
	d = opendir(dpath);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char *end;
		long fdn = strtol(de->d_name, &end, 10);

		if (*end || end == de->d_name)
			continue;
		if (missing_only && fdtable_lookup(t->fds, fdn))
			continue;
		if (load_fd(st, t, &fs, fdn) == -ENOMEM)
			break;
	}
	closedir(d);
	return 0;
}

int procfs_load_fd(struct state *st, struct thread *t, int64_t fd)
{
	struct fd_scan fs = { 0 };

	if (st->opts.offline || !t->fds)
		return -ENOENT;
	return load_fd(st, t, &fs, fd);
}

/* ---- threads -------------------------------------------------------------- */

void procfs_read_ns(struct state *st, struct thread *t)
{
	static const struct {
		const char *name;
		size_t off;
	} ns[] = {
		{ "pid", offsetof(struct thread, ns_pid) },
		{ "mnt", offsetof(struct thread, ns_mnt) },
		{ "net", offsetof(struct thread, ns_net) },
		{ "uts", offsetof(struct thread, ns_uts) },
		{ "ipc", offsetof(struct thread, ns_ipc) },
		{ "user", offsetof(struct thread, ns_user) },
		{ "cgroup", offsetof(struct thread, ns_cgroup) },
	};
	char path[320], link[64];
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		snprintf(path, sizeof(path), "%s/%" PRId64 "/task/%" PRId64 "/ns/%s", st->proc_root,
			 t->pid, t->tid, ns[i].name);
		if (read_link(path, link, sizeof(link)) > 0)
			*(uint64_t *)((char *)t + ns[i].off) = bracket_number(link);
	}
}

/* The cgroup v2 controllers, read once: "0::/path" lines stand for them. */
static void read_v2_controllers(struct state *st)
{
	static const char *const files[] = {
		"/sys/fs/cgroup/cgroup.controllers",
		"/sys/fs/cgroup/unified/cgroup.controllers",
	};
	char buf[1024];
	st->v2_read = true;
	for (size_t i = 0; i < 2; i++) {
		ssize_t n = read_small(files[i], buf, sizeof(buf));
		char *tok, *save = NULL;
		if (n <= 0)
			continue;
		struct strbuf sb = STRBUF_INIT;
		for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
			strbuf_append(&sb, tok, strlen(tok) + 1);
		st->v2_controllers = sb.buf;
		st->v2_controllers_len = sb.len;
		return;
	}
}

static bool has_subsys(const struct strbuf *sb, const char *name, size_t n)
{
	for (size_t i = 0; i < sb->len;) {
		const char *e = sb->buf + i;
		size_t l = strlen(e);
		if (l > n && memcmp(e, name, n) == 0 && e[n] == '=')
			return true;
		i += l + 1;
	}
	return false;
}

/* /proc/PID/cgroup -> "subsys=path\0" pairs */
static void read_cgroups(struct state *st, struct thread *t, const char *path)
{
	char buf[8192], *line, *save = NULL;
	struct strbuf out = STRBUF_INIT;
	const char *v2_path = NULL;

	if (read_small(path, buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2, *ctl, *csave = NULL;
		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c2 = '\0';
		if (c1[1] == '\0') {
			v2_path = c2 + 1;
			continue;
		}
		for (ctl = strtok_r(c1 + 1, ",", &csave); ctl; ctl = strtok_r(NULL, ",", &csave)) {
			strbuf_puts(&out, ctl);
			strbuf_putc(&out, '=');
			strbuf_append(&out, c2 + 1, strlen(c2 + 1) + 1);
		}
	}
	if (v2_path) {
		if (!st->v2_read)
			read_v2_controllers(st);
		for (uint32_t i = 0; i < st->v2_controllers_len;) {
			const char *ctl = st->v2_controllers + i;
			size_t l = strlen(ctl);
			if (!has_subsys(&out, ctl, l)) {
				strbuf_append(&out, ctl, l);
				strbuf_putc(&out, '=');
				strbuf_append(&out, v2_path, strlen(v2_path) + 1);
			}
			i += l + 1;
		}
		if (out.len == 0) /* nothing else says where it is */
			strbuf_printf(&out, "unified=%s%c", v2_path, '\0');
	}
	if (out.len) {
		free(t->cgroups);
		t->cgroups = out.buf;
		t->cgroups_len = out.len;
	} else {
		strbuf_free(&out);
	}
}

static uint64_t hex_field(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);
	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

static bool dec_field(const char *buf, const char *key, uint64_t *out)
{
	const char *p = strstr(buf, key);
	if (!p)
		return false;
	*out = strtoull(p + strlen(key), NULL, 10);
	return true;
}

/* The last number on the line that starts with key (NSpid: 1234 5 -> 5). */
static bool last_on_line(const char *buf, const char *key, int64_t *out)
{
	const char *p = strstr(buf, key), *e;
	char *end;
	bool found = false;
	if (!p)
		return false;
	p += strlen(key);
	e = strchr(p, '\n');
	if (!e)
		e = p + strlen(p);
	while (p < e) {
		long long v = strtoll(p, &end, 10);
		if (end == p)
			break;
		*out = v;
		found = true;
		p = end;
	}
	return found;
}

/* status: ids, namespace ids, capabilities, memory */
static int read_status(struct state *st, struct thread *t, const char *path)
{
	char buf[4096];
	uint64_t v;
	unsigned r, e;

	if (read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	if (dec_field(buf, "\nTgid:", &v))
		t->pid = (int64_t)v;
	if (dec_field(buf, "\nPPid:", &v))
		t->ptid = (int64_t)v;
	const char *p = strstr(buf, "\nUid:");
	if (p && sscanf(p + 5, "%u %u", &r, &e) == 2) {
		t->uid = r;
		t->euid = e;
	}
	p = strstr(buf, "\nGid:");
	if (p && sscanf(p + 5, "%u %u", &r, &e) == 2) {
		t->gid = r;
		t->egid = e;
	}
	if (!last_on_line(buf, "\nNSpid:", &t->vtid))
		t->vtid = t->tid;
	if (!last_on_line(buf, "\nNStgid:", &t->vpid))
		t->vpid = t->pid;
	t->cap_inheritable = hex_field(buf, "\nCapInh:");
	t->cap_permitted = hex_field(buf, "\nCapPrm:");
	t->cap_effective = hex_field(buf, "\nCapEff:");
	if (dec_field(buf, "\nVmSize:", &v))
		t->vmsize_kb = v;
	if (dec_field(buf, "\nVmRSS:", &v))
		t->vmrss_kb = v;
	if (dec_field(buf, "\nVmSwap:", &v))
		t->vmswap_kb = v;
	return 0;
}

/* stat: comm, session, group, tty, faults, CPU, start time */
static int read_stat(struct state *st, struct thread *t, const char *path, bool with_comm)
{
	char buf[1024], *open_p, *close_p;
	long long pgrp, sess, tty;
	unsigned long long minflt, majflt, utime, stime, start;

	if (read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	open_p = strchr(buf, '(');
	close_p = strrchr(buf, ')');
	if (!open_p || !close_p || close_p < open_p)
		return -1;
	if (with_comm) {
		*close_p = '\0';
		thread_set_comm(t, open_p + 1);
	}
	if (sscanf(close_p + 2,
		   "%*c %*d %lld %lld %lld %*d %*u %llu %*u %llu %*u %llu %llu %*d %*d %*d %*d %*d %*d %llu",
		   &pgrp, &sess, &tty, &minflt, &majflt, &utime, &stime, &start) != 8)
		return -1;
	t->pgid = pgrp;
	t->sid = sess;
	t->tty = (uint32_t)tty;
	t->pfminor = minflt;
	t->pfmajor = majflt;
	t->cpu_user_ticks = utime;
	t->cpu_sys_ticks = stime;
	t->start_ts = st->boot_ns + start * (1000000000ull / (uint64_t)st->hz);
	return 0;
}

static void read_exe_writable(struct state *st, struct thread *t, const char *path)
{
	struct stat sb;
	t->exe_from_memfd = strncmp(t->exepath, "/memfd:", 7) == 0;
	if (stat(path, &sb) != 0)
		return;
	if (t->cap_effective & (1ull << CAP_DAC_OVERRIDE_BIT))
		t->exe_writable = true;
	else if (sb.st_uid == t->euid)
		t->exe_writable = (sb.st_mode & S_IWUSR) != 0;
	else if (sb.st_gid == t->egid)
		t->exe_writable = (sb.st_mode & S_IWGRP) != 0;
	else
		t->exe_writable = (sb.st_mode & S_IWOTH) != 0;
}

/* Process-wide fields: command line, cgroups, executable, cwd, env,
 * loginuid, fd limit. */
static void read_process(struct state *st, struct thread *t)
{
	char path[320], buf[4096 + 2];
	uint64_t v;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%" PRId64 "/cmdline", st->proc_root, t->pid);
	n = read_all(path, &st->tmp, 1u << 20);
	if (n > 0) {
		size_t l0 = strnlen(st->tmp.buf, n);
		state_set_str(&t->exe, st->tmp.buf, l0);
		if ((size_t)n > l0 + 1 && !state_set_str(&t->args, st->tmp.buf + l0 + 1, n - l0 - 1))
			t->args_len = n - l0 - 1;
	} else {
		state_set_str(&t->exe, t->comm, strlen(t->comm)); /* a kernel thread */
	}
	snprintf(path, sizeof(path), "%s/%" PRId64 "/cgroup", st->proc_root, t->pid);
	read_cgroups(st, t, path);
	/* a light scan stops at what a process table shows (containers come from
	 * the cgroups): each /proc file costs about 4 us here */
	if (st->opts.light_scan)
		return;
	snprintf(path, sizeof(path), "%s/%" PRId64 "/exe", st->proc_root, t->pid);
	n = read_link(path, buf, sizeof(buf));
	if (n > 0) {
		state_set_str(&t->exepath, buf, n);
		read_exe_writable(st, t, path);
	}
	snprintf(path, sizeof(path), "%s/%" PRId64 "/cwd", st->proc_root, t->pid);
	n = read_link(path, buf, sizeof(buf) - 1);
	if (n > 0) {
		if (buf[n - 1] != '/')
			buf[n++] = '/';
		state_set_str(&t->cwd, buf, n);
	}
	if (st->opts.capture_env) {
		snprintf(path, sizeof(path), "%s/%" PRId64 "/environ", st->proc_root, t->pid);
		n = read_all(path, &st->tmp, 1u << 20);
		if (n > 0 && !state_set_str(&t->env, st->tmp.buf, n))
			t->env_len = n;
	}
	snprintf(path, sizeof(path), "%s/%" PRId64 "/loginuid", st->proc_root, t->pid);
	if (read_small(path, buf, sizeof(buf)) > 0)
		t->loginuid = (uint32_t)strtoul(buf, NULL, 10);
	/* the soft limit, the first figure ("unlimited" reads as 0: unknown).
	 * The probe sends setrlimit and prlimit without parameters: a later
	 * change shows when the process clones or execs, whose events carry it. */
	snprintf(path, sizeof(path), "%s/%" PRId64 "/limits", st->proc_root, t->pid);
	if (read_small(path, buf, sizeof(buf)) > 0 && dec_field(buf, "\nMax open files", &v))
		t->fdlimit = (int64_t)v;
}

/* Per-thread fields of tid in process pid. */
static int read_task(struct state *st, struct thread *t)
{
	char path[320];
	snprintf(path, sizeof(path), "%s/%" PRId64 "/task/%" PRId64 "/status", st->proc_root, t->pid,
		 t->tid);
	if (read_status(st, t, path))
		return -1;
	snprintf(path, sizeof(path), "%s/%" PRId64 "/task/%" PRId64 "/stat", st->proc_root, t->pid,
		 t->tid);
	return read_stat(st, t, path, true);
}

/* Creates the main thread of pid from /proc, with its fds. */
static struct thread *load_process(struct state *st, int64_t pid)
{
	struct thread *t = thread_create(st, pid);
	if (!t)
		return NULL;
	t->pid = pid;
	if (read_task(st, t)) {
		thread_remove(st, t);
		return NULL;
	}
	read_process(st, t);
	if (!st->opts.light_scan) {
		procfs_read_ns(st, t);
		procfs_load_fds(st, t, false);
	}
	t->flags |= THREAD_F_FROM_PROC;
	state_thread_learnt(st, t);
	return t;
}

/* Creates a secondary thread of main's process from /proc. */
static struct thread *load_secondary(struct state *st, struct thread *main_t, int64_t tid)
{
	struct thread *t = thread_create(st, tid);
	if (!t)
		return NULL;
	thread_inherit(t, main_t);
	state_share_fds(st, t, main_t);
	t->pid = main_t->pid;
	if (read_task(st, t)) {
		thread_remove(st, t);
		return NULL;
	}
	t->flags |= THREAD_F_FROM_PROC;
	main_t->group_threads++;
	return t;
}

/* Fills t (tid and pid set) from /proc: task, process, namespaces, fds. */
int procfs_fill_thread(struct state *st, struct thread *t)
{
	if (st->opts.offline || read_task(st, t))
		return -1;
	read_process(st, t);
	procfs_read_ns(st, t);
	procfs_load_fds(st, t, false);
	t->flags |= THREAD_F_FROM_PROC;
	state_thread_learnt(st, t);
	return 0;
}

struct thread *procfs_load_thread(struct state *st, int64_t tid)
{
	char path[320], buf[4096];
	uint64_t pid;
	struct thread *main_t, *t;

	if (st->opts.offline)
		return NULL;
	st->stats.proc_lookups++;
	snprintf(path, sizeof(path), "%s/%" PRId64 "/status", st->proc_root, tid);
	if (read_small(path, buf, sizeof(buf)) <= 0 || !dec_field(buf, "\nTgid:", &pid))
		return NULL;
	main_t = thread_lookup(st, (int64_t)pid);
	if (!main_t) {
		main_t = load_process(st, (int64_t)pid);
		if (!main_t)
			return NULL;
		main_t->priv |= TP_LONE;
	}
	if ((int64_t)pid == tid)
		return main_t;
	t = load_secondary(st, main_t, tid);
	if (t)
		t->priv |= TP_LONE;
	return t;
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int state_scan_proc(struct state *st, const char *proc_root)
{
	struct dirent *de;
	DIR *d;

	if (proc_root)
		snprintf(st->proc_root, sizeof(st->proc_root), "%s", proc_root);
	d = opendir(st->proc_root);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		int64_t pid;
		struct thread *main_t;
		struct dirent *te;
		DIR *td;
		char path[320];

		if (!is_number(de->d_name))
			continue;
		pid = strtoll(de->d_name, NULL, 10);
		if (thread_lookup(st, pid))
			continue;
		thread_make_room(st);
		main_t = load_process(st, pid);
		if (!main_t || st->opts.light_scan)
			continue; /* gone meanwhile; or processes only */
		snprintf(path, sizeof(path), "%s/%" PRId64 "/task", st->proc_root, pid);
		td = opendir(path);
		if (!td)
			continue;
		while ((te = readdir(td))) {
			int64_t tid;
			if (!is_number(te->d_name))
				continue;
			tid = strtoll(te->d_name, NULL, 10);
			if (tid == pid || thread_lookup(st, tid))
				continue;
			thread_make_room(st);
			load_secondary(st, main_t, tid);
		}
		closedir(td);
	}
	closedir(d);
	procfs_free_net(st);
	return 0;
}

/* ---- the periodic refresh ------------------------------------------------- */

struct refresh_ctx {
	struct state *st;
	int64_t *gone; /* tids */
	size_t ngone, capgone;
	bool second_pass;
};

static int refresh_one(struct thread *t, void *ctx)
{
	struct refresh_ctx *rc = ctx;
	struct state *st = rc->st;
	char path[320];

	if (t->flags & THREAD_F_DEAD)
		return 0;
	if (rc->second_pass) {
		/* memory is per process: threads show their main thread's */
		if (t->tid != t->pid) {
			struct thread *m = thread_lookup(st, t->pid);
			if (m) {
				t->vmsize_kb = m->vmsize_kb;
				t->vmrss_kb = m->vmrss_kb;
				t->vmswap_kb = m->vmswap_kb;
			}
		}
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%" PRId64 "/task/%" PRId64 "/stat", st->proc_root, t->pid,
		 t->tid);
	if (read_stat(st, t, path, false) != 0) {
		if (access(path, F_OK) != 0 && errno == ENOENT && rc->ngone < 4096) {
			/* gone without an exit event (one was dropped) */
			if (rc->ngone == rc->capgone) {
				size_t n = rc->capgone ? rc->capgone * 2 : 64;
				int64_t *g = realloc(rc->gone, n * sizeof(*g));
				if (!g)
					return 0;
				rc->gone = g;
				rc->capgone = n;
			}
			rc->gone[rc->ngone++] = t->tid;
		}
		return 0;
	}
	if (t->tid == t->pid) {
		char buf[4096];
		uint64_t v;
		snprintf(path, sizeof(path), "%s/%" PRId64 "/status", st->proc_root, t->pid);
		if (read_small(path, buf, sizeof(buf)) > 0) {
			t->vmsize_kb = dec_field(buf, "\nVmSize:", &v) ? v : 0;
			t->vmrss_kb = dec_field(buf, "\nVmRSS:", &v) ? v : 0;
			t->vmswap_kb = dec_field(buf, "\nVmSwap:", &v) ? v : 0;
		}
	}
	return 0;
}

void state_refresh_usage(struct state *st, const char *proc_root)
{
	struct refresh_ctx rc = { .st = st };
	if (st->opts.offline)
		return;
	if (proc_root)
		snprintf(st->proc_root, sizeof(st->proc_root), "%s", proc_root);
	state_foreach_thread(st, refresh_one, &rc);
	rc.second_pass = true;
	state_foreach_thread(st, refresh_one, &rc);
	for (size_t i = 0; i < rc.ngone; i++) {
		struct thread *t = thread_lookup(st, rc.gone[i]);
		if (t)
			t->flags |= THREAD_F_DEAD;
	}
	for (size_t i = 0; i < rc.ngone; i++) {
		/* a main thread with live threads goes with the last of them */
		struct thread *t = thread_lookup(st, rc.gone[i]);
		if (!t || t == st->pending_free || t == st->pending_close_thread)
			continue;
		if (!(t->tid == t->pid && t->group_threads))
			thread_remove(st, t);
	}
	free(rc.gone);
}
