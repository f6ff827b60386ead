/* fields_fd.c: the fd class (the file, socket or pipe an event acts on, as the
 * state knows it) and the fdlist class (the fds of poll events). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "fields/fields_int.h"

#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMP_ 1
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_RAW_ 255

/* fd fields apply to events that create, use or close an fd. */
static bool fd_event(const struct field_ctx *c)
{
	return c->e->info->flags & (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD);
}

static struct fd_info *event_fd(const struct field_ctx *c)
{
	if (!fd_event(c))
		return NULL;
	if (c->e->fd)
		return c->e->fd;
	return c->e->fdnum >= 0 ? render_evt_fd(c->e, c->st, c->e->fdnum) : NULL;
}

static bool is_ip(const struct fd_info *fd)
{
	return fd && (fd->type == FDT_IPV4_SOCK || fd->type == FDT_IPV6_SOCK);
}

/* ---- names -------------------------------------------------------------------- */

/* The name an event that creates an fd gives it, when the fd itself is not
 * known (the call failed, or the state missed it): the connection tuple, or
 * the path made absolute. Other fd events give an empty name, as sysdig. */
static int creator_name(const struct field_ctx *c, struct strbuf *sb)
{
	const struct evt *e = c->e;
	int path = -1;

	if (!evt_is_exit(e))
		return 0;
	if (!(e->info->flags & EF_CREATES_FD) && e->hdr->type != PPME_SOCKET_CONNECT_X)
		return 1;
	for (int i = 0; i < e->nparams; i++) {
		enum param_type t = e->info->params[i].type;
		if (t == PT_SOCKTUPLE)
			return render_param(e, c->st, i, c->output_flags, RENDER_RESOLVED, sb) ? -ENOMEM : 1;
		if ((t == PT_FSPATH || t == PT_FSRELPATH) && path < 0)
			path = i;
	}
	if (path >= 0) {
		int r;
		if (e->resolved_path)
			return render_sanitized(e->resolved_path, strlen(e->resolved_path), sb) ? -ENOMEM : 1;
		r = render_abs_path(e, c->st, path, sb);
		if (r != 0)
			return r;
		return render_param(e, c->st, path, c->output_flags, RENDER_VALUE, sb) ? -ENOMEM : 1;
	}
	return 1;
}

/* The fd whose name the event shows: none for a failed connect, which shows
 * the tuple it tried. */
static const struct fd_info *named_fd(const struct field_ctx *c)
{
	const struct fd_info *fd = event_fd(c);
	int64_t res;

	if (fd && c->e->hdr->type == PPME_SOCKET_CONNECT_X && fields_evt_result(c->e, &res) && res < 0)
		return NULL;
	return fd;
}

/* Appends the fd's name, or the creator's. Returns 1, 0 for none, or < 0. */
static int put_fd_name(const struct field_ctx *c, struct strbuf *sb, const struct fd_info **fdp)
{
	const struct fd_info *fd;

	if (!fd_event(c))
		return 0;
	fd = *fdp = named_fd(c);
	if (!fd)
		return creator_name(c, sb);
	if (fd->name_printable)
		return strbuf_append(sb, fd->name, fd->name_len) ? -ENOMEM : 1;
	return fd->name ? (render_sanitized(fd->name, strlen(fd->name), sb) ? -ENOMEM : 1) : 1;
}

GETTER(get_fd_num) { return fd_event(c) ? fv_int(v, c->e->fdnum) : 0; }

GETTER(get_fd_type)
{
	const struct fd_info *fd = event_fd(c);
	return fd ? fv_cstr(v, fd_type_name(fd->type)) : 0;
}

/* The typechar of the fd a failed dup would have copied, if the state knows
 * it: dup2, dup3 and newer libs' dup name it oldfd, older drivers' dup fd. */
static char dup_source_typechar(const struct field_ctx *c)
{
	const struct evt *e = c->e;
	const struct fd_info *old;
	int64_t fd;
	int i = evt_param_named(e, EVP_OLDFD);

	if (i < 0)
		i = evt_param_named(e, EVP_FD);
	if (i < 0 || !evt_param_s64(e, i, &fd))
		return 'o';
	old = render_evt_fd(e, c->st, fd);
	return old ? fd_type_char(old->type) : 'o';
}

/* The kind of fd an event type creates (sysdig guesses an IPv4 socket for
 * every socket and accept); 'o' when the type does not tell. */
static char type_creates_typechar(uint16_t type)
{
	switch (PPME_MAKE_ENTER(type)) {
	case PPME_SYSCALL_OPEN_E:
	case PPME_SYSCALL_OPENAT_E:
	case PPME_SYSCALL_OPENAT_2_E:
	case PPME_SYSCALL_OPENAT2_E:
	case PPME_SYSCALL_CREAT_E:
	case PPME_SYSCALL_OPEN_BY_HANDLE_AT_E:
		return fd_type_char(FDT_FILE);
	case PPME_SOCKET_SOCKET_E:
	case PPME_SOCKET_ACCEPT_E:
	case PPME_SOCKET_ACCEPT_5_E:
	case PPME_SOCKET_ACCEPT4_E:
	case PPME_SOCKET_ACCEPT4_5_E:
	case PPME_SOCKET_ACCEPT4_6_E:
		return fd_type_char(FDT_IPV4_SOCK);
	case PPME_SYSCALL_PIPE_E:
	case PPME_SYSCALL_PIPE2_E:
		return fd_type_char(FDT_PIPE);
	case PPME_SYSCALL_EVENTFD_E:
	case PPME_SYSCALL_EVENTFD2_E:
		return fd_type_char(FDT_EVENTFD);
	case PPME_SYSCALL_SIGNALFD_E:
	case PPME_SYSCALL_SIGNALFD4_E:
		return fd_type_char(FDT_SIGNALFD);
	case PPME_SYSCALL_TIMERFD_CREATE_E:
		return fd_type_char(FDT_TIMERFD);
	case PPME_SYSCALL_INOTIFY_INIT_E:
	case PPME_SYSCALL_INOTIFY_INIT1_E:
		return fd_type_char(FDT_INOTIFY);
	case PPME_SYSCALL_EPOLL_CREATE_E:
	case PPME_SYSCALL_EPOLL_CREATE1_E:
		return fd_type_char(FDT_EVENTPOLL);
	case PPME_SYSCALL_MEMFD_CREATE_E:
		return fd_type_char(FDT_MEMFD);
	case PPME_SYSCALL_PIDFD_OPEN_E:
		return fd_type_char(FDT_PIDFD);
	case PPME_SYSCALL_USERFAULTFD_E:
		return fd_type_char(FDT_USERFAULTFD);
	case PPME_SYSCALL_IO_URING_SETUP_E:
		return fd_type_char(FDT_IOURING);
	case PPME_SYSCALL_BPF_E:
	case PPME_SYSCALL_BPF_2_E:
		return fd_type_char(FDT_BPF);
	case PPME_SYSCALL_PIDFD_GETFD_E: /* a copy of another process's fd: any kind */
	default:
		return fd_type_char(FDT_UNKNOWN);
	}
}

/* Without an fd, the kind of fd the event creates: by its type, or for a dup
 * the kind of the fd it copies. */
static char creator_typechar(const struct field_ctx *c)
{
	switch (PPME_MAKE_ENTER(c->e->hdr->type)) {
	case PPME_SYSCALL_DUP_E:
	case PPME_SYSCALL_DUP_1_E:
	case PPME_SYSCALL_DUP2_E:
	case PPME_SYSCALL_DUP3_E:
		return dup_source_typechar(c);
	default:
		return type_creates_typechar(c->e->hdr->type);
	}
}

GETTER(get_fd_typechar)
{
	const struct fd_info *fd = event_fd(c);
	size_t start = sb->len;

	if (!fd_event(c))
		return 0;
	if (strbuf_putc(sb, fd ? fd_type_char(fd->type) : creator_typechar(c)))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_fd_name)
{
	const struct fd_info *fd = NULL;
	size_t start = sb->len;
	int r;

	/* the common case, a name as the state holds it: no copy */
	if (fd_event(c) && (fd = named_fd(c)) && fd->name_printable)
		return fv_str(v, fd->name, fd->name_len);
	r = put_fd_name(c, sb, &fd);
	return r <= 0 ? r : fv_scratch(v, sb, start);
}

/* How much of path s (n bytes) is its directory, as sysdig cuts it: up to
 * its last slash, or all of it when that slash ends it; 0 when the directory
 * is the root ("/": no slash, or only the root's). */
static size_t dirname_len(const char *s, size_t n)
{
	size_t pos = n;

	while (pos > 0 && s[pos - 1] != '/')
		pos--;
	if (pos <= 1)
		return 0;
	pos--; /* the slash */
	return pos < n - 1 ? pos : n;
}

/* The directory part of the path appended at start, in place. */
static void cut_dirname(struct strbuf *sb, size_t start)
{
	size_t k = dirname_len(sb->buf + start, sb->len - start);

	sb->len = start + k;
	if (k == 0)
		strbuf_putc(sb, '/');
	else
		sb->buf[sb->len] = '\0';
}

static int directory(const struct field_ctx *c, struct strbuf *sb)
{
	const struct fd_info *fd = NULL;
	size_t start = sb->len;
	int r = put_fd_name(c, sb, &fd);

	if (r <= 0)
		return r;
	if (fd && fd->type == FDT_DIRECTORY)
		return 1;
	if (fd && fd->type != FDT_FILE) {
		sb->len = start;
		return 0;
	}
	cut_dirname(sb, start);
	return 1;
}

/* A file's directory cut out of its name as the state holds it, with no
 * copy (so the rules' memo keeps it): directory()'s common case. */
static int directory_in_place(const struct fd_info *fd, struct field_value *v)
{
	size_t k;

	if (fd->type == FDT_DIRECTORY)
		return fv_str(v, fd->name, fd->name_len);
	if (fd->type != FDT_FILE)
		return 0;
	k = dirname_len(fd->name, fd->name_len);
	return k ? fv_str(v, fd->name, k) : fv_str(v, "/", 1);
}

GETTER(get_fd_directory)
{
	const struct fd_info *fd;
	size_t start = sb->len;
	int r;

	if (fd_event(c) && (fd = named_fd(c)) && fd->name_printable && fd->name)
		return directory_in_place(fd, v);
	r = directory(c, sb);
	return r <= 0 ? r : fv_scratch(v, sb, start);
}

GETTER(get_fd_filename)
{
	const struct fd_info *fd = NULL;
	size_t start = sb->len, n, pos;
	int r = put_fd_name(c, sb, &fd);

	if (r <= 0)
		return r;
	if ((fd && fd->type != FDT_FILE) || (!fd && type_creates_typechar(c->e->hdr->type) != 'f'))
		return 0;
	n = sb->len - start;
	for (pos = n; pos > 0 && sb->buf[start + pos - 1] != '/'; pos--)
		;
	if (pos == 0 && n > 0 && sb->buf[start] != '/') {
		/* a bare name */
	} else if (pos > 0 && pos < n) {
		memmove(sb->buf + start, sb->buf + start + pos, n - pos);
		sb->len = start + n - pos;
	}
	return fv_scratch(v, sb, start);
}

GETTER(get_fd_nameraw)
{
	const struct evt *e = c->e;
	if (!fd_event(c))
		return 0;
	if (!e->fd && evt_is_exit(e) && (e->info->flags & EF_CREATES_FD)) {
		for (int i = 0; i < e->nparams; i++) {
			enum param_type t = e->info->params[i].type;
			if (t == PT_FSPATH || t == PT_FSRELPATH)
				return fv_cstr(v, evt_param_str(e, i));
		}
	}
	return get_fd_name(c, ref, v, sb);
}

/* ---- sockets ---------------------------------------------------------------------- */

enum side { SIDE_CLIENT, SIDE_SERVER, SIDE_LOCAL, SIDE_REMOTE };

/* Which end of the connection a side is, for this fd: client or server. */
static bool side_end(const struct fd_info *fd, enum side s, bool *server)
{
	switch (s) {
	case SIDE_CLIENT:
		*server = false;
		return fd->role != FD_ROLE_NONE;
	case SIDE_SERVER:
		*server = true;
		/* listening sockets know only their server end */
		return fd->role != FD_ROLE_NONE || fd->tuple.sport != 0;
	case SIDE_LOCAL:
	case SIDE_REMOTE:
		if (fd->role == FD_ROLE_NONE)
			return false;
		*server = (fd->role == FD_ROLE_SERVER) == (s == SIDE_LOCAL);
		return true;
	}
	return false;
}

static enum side either_side(const struct field_ref *ref)
{
	return ref->arg_index == 1 ? SIDE_SERVER : SIDE_CLIENT;
}

static int ip_of(const struct field_ctx *c, struct field_value *v, enum side s, enum field_kind kind)
{
	const struct fd_info *fd = event_fd(c);
	bool server;
	const uint8_t *a;

	if (!is_ip(fd) || !side_end(fd, s, &server))
		return 0;
	a = server ? fd->tuple.sip : fd->tuple.cip;
	v->kind = kind;
	v->ip.family = fd->type == FDT_IPV4_SOCK ? PPM_AF_INET : PPM_AF_INET6;
	memset(v->ip.a, 0, sizeof(v->ip.a));
	memcpy(v->ip.a, a, v->ip.family == PPM_AF_INET ? 4 : 16);
	v->ip.prefix = v->ip.family == PPM_AF_INET ? 32 : 128;
	return 1;
}

static bool port_of(const struct field_ctx *c, enum side s, uint16_t *port)
{
	const struct fd_info *fd = event_fd(c);
	bool server;

	if (!is_ip(fd) || !side_end(fd, s, &server))
		return false;
	*port = server ? fd->tuple.sport : fd->tuple.cport;
	return true;
}

static int port_value(const struct field_ctx *c, struct field_value *v, enum side s)
{
	uint16_t p;
	return port_of(c, s, &p) ? fv_uint(v, p) : 0;
}

/* fd.cproto and friends: the port as text (no service names: no look-ups). */
static int proto_value(const struct field_ctx *c, struct field_value *v, struct strbuf *sb, enum side s)
{
	uint16_t p;
	size_t start = sb->len;
	if (!port_of(c, s, &p))
		return 0;
	if (strbuf_put_u64(sb, p))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_fd_ip) { return ip_of(c, v, either_side(ref), FK_IPADDR); }
GETTER(get_fd_cip) { return ip_of(c, v, SIDE_CLIENT, FK_IPADDR); }
GETTER(get_fd_sip) { return ip_of(c, v, SIDE_SERVER, FK_IPADDR); }
GETTER(get_fd_lip) { return ip_of(c, v, SIDE_LOCAL, FK_IPADDR); }
GETTER(get_fd_rip) { return ip_of(c, v, SIDE_REMOTE, FK_IPADDR); }
GETTER(get_fd_net) { return ip_of(c, v, either_side(ref), FK_IPNET); }
GETTER(get_fd_cnet) { return ip_of(c, v, SIDE_CLIENT, FK_IPNET); }
GETTER(get_fd_snet) { return ip_of(c, v, SIDE_SERVER, FK_IPNET); }
GETTER(get_fd_lnet) { return ip_of(c, v, SIDE_LOCAL, FK_IPNET); }
GETTER(get_fd_rnet) { return ip_of(c, v, SIDE_REMOTE, FK_IPNET); }
GETTER(get_fd_port) { return port_value(c, v, either_side(ref)); }
GETTER(get_fd_cport) { return port_value(c, v, SIDE_CLIENT); }
GETTER(get_fd_sport) { return port_value(c, v, SIDE_SERVER); }
GETTER(get_fd_lport) { return port_value(c, v, SIDE_LOCAL); }
GETTER(get_fd_rport) { return port_value(c, v, SIDE_REMOTE); }
GETTER(get_fd_cproto) { return proto_value(c, v, sb, SIDE_CLIENT); }
GETTER(get_fd_sproto) { return proto_value(c, v, sb, SIDE_SERVER); }
GETTER(get_fd_lproto) { return proto_value(c, v, sb, SIDE_LOCAL); }
GETTER(get_fd_rproto) { return proto_value(c, v, sb, SIDE_REMOTE); }

GETTER(get_fd_l4proto)
{
	const struct fd_info *fd = event_fd(c);

	if (!fd)
		return 0;
	if (fd->type == FDT_RAW_SOCK)
		return fv_str(v, "raw", 3);
	if (is_ip(fd)) {
		switch (fd->tuple.l4proto) {
		case IPPROTO_TCP_: return fv_str(v, "tcp", 3);
		case IPPROTO_UDP_: return fv_str(v, "udp", 3);
		case IPPROTO_ICMP_:
		case IPPROTO_ICMPV6_: return fv_str(v, "icmp", 4);
		case IPPROTO_RAW_: return fv_str(v, "raw", 3);
		}
	}
	/* sysdig answers the string <NA> for fds without a protocol */
	return fv_str(v, "<NA>", 4);
}

GETTER(get_fd_sockfamily)
{
	const struct fd_info *fd = event_fd(c);
	if (is_ip(fd))
		return fv_str(v, "ip", 2);
	if (fd && fd->type == FDT_UNIX_SOCK)
		return fv_str(v, "unix", 4);
	return 0;
}

GETTER(get_fd_is_server)
{
	const struct fd_info *fd = event_fd(c);
	return fd ? fv_bool(v, fd->role == FD_ROLE_SERVER) : 0;
}

GETTER(get_fd_uid)
{
	size_t start = sb->len;
	if (!fd_event(c))
		return 0;
	if (strbuf_put_s64(sb, (int64_t)c->e->hdr->tid) || strbuf_put_s64(sb, c->e->fdnum))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_fd_containername)
{
	size_t start = sb->len;
	const struct fd_info *fd = NULL;
	int r;

	if (!fd_event(c))
		return 0;
	if (fields_put_container_id(c, fctx_thread(c), sb) || strbuf_putc(sb, ':'))
		return -ENOMEM;
	r = put_fd_name(c, sb, &fd);
	return r <= 0 ? r : fv_scratch(v, sb, start);
}

GETTER(get_fd_containerdirectory)
{
	size_t start = sb->len;
	int r;

	if (!fd_event(c))
		return 0;
	if (fields_put_container_id(c, fctx_thread(c), sb) || strbuf_putc(sb, ':'))
		return -ENOMEM;
	r = directory(c, sb);
	return r <= 0 ? r : fv_scratch(v, sb, start);
}

GETTER(get_fd_connected)
{
	const struct fd_info *fd = event_fd(c);
	if (!fd)
		return 0;
	if (is_ip(fd))
		return fv_bool(v, fd->role != FD_ROLE_NONE && fd->tuple.cport && fd->tuple.sport);
	return fv_bool(v, fd->type == FDT_UNIX_SOCK && fd->role != FD_ROLE_NONE);
}

/* The fd got its name from this event: it created the fd, or connected it. */
GETTER(get_fd_name_changed)
{
	const struct fd_info *fd = event_fd(c);
	if (!fd)
		return 0;
	return fv_bool(v, evt_is_exit(c->e) && ((c->e->info->flags & EF_CREATES_FD) ||
					       c->e->hdr->type == PPME_SOCKET_CONNECT_X));
}

/* Device numbers are kept in the kernel's exported encoding (new_encode_dev):
 * minor low byte, major, then the rest of the minor. */
GETTER(get_fd_dev)
{
	const struct fd_info *fd = event_fd(c);
	return fd ? fv_int(v, (int32_t)fd->dev) : 0;
}

GETTER(get_fd_dev_major)
{
	const struct fd_info *fd = event_fd(c);
	return fd ? fv_int(v, (fd->dev & 0xfff00) >> 8) : 0;
}

GETTER(get_fd_dev_minor)
{
	const struct fd_info *fd = event_fd(c);
	return fd ? fv_int(v, (fd->dev & 0xff) | ((fd->dev >> 12) & 0xfff00)) : 0;
}

GETTER(get_fd_ino)
{
	const struct fd_info *fd = event_fd(c);
	return fd ? fv_int(v, (int64_t)fd->ino) : 0;
}

static const struct field_def fd_fields[] = {
	{ "fd.num", "INT64", FK_INT, 0, "number of the file descriptor.", get_fd_num },
	{ "fd.type", "CHARBUF", FK_STRING, 0,
	  "type of the fd: 'file', 'directory', 'ipv4', 'ipv6', 'unix', 'pipe', 'event', 'signalfd', "
	  "'eventpoll', 'inotify', 'timerfd', 'netlink', 'bpf', 'userfaultfd', 'io_uring', 'memfd' or "
	  "'pidfd'.",
	  get_fd_type },
	{ "fd.typechar", "CHARBUF", FK_STRING, 0,
	  "type of the fd as one character: 'f' file, 'd' directory, '4' IPv4 socket, '6' IPv6 socket, 'u' "
	  "unix socket, 'p' pipe, 'e' eventfd, 's' signalfd, 'l' eventpoll, 'i' inotify, 't' timerfd, 'o' "
	  "unknown.",
	  get_fd_typechar },
	{ "fd.name", "CHARBUF", FK_STRING, 0,
	  "full name of the fd: the absolute path of a file, the connection tuple of a socket.",
	  get_fd_name },
	{ "fd.directory", "CHARBUF", FK_STRING, 0,
	  "for a file, the directory that holds it; for a directory, itself.", get_fd_directory },
	{ "fd.filename", "CHARBUF", FK_STRING, 0, "for a file, its name without the directory.",
	  get_fd_filename },
	{ "fd.ip", "IPADDR", FK_IPADDR, FF_FILTER_ONLY | FF_EITHER_SIDE,
	  "matches the IP address of either end (client or server) of the fd.", get_fd_ip },
	{ "fd.cip", "IPADDR", FK_IPADDR, 0, "IP address of the client end.", get_fd_cip },
	{ "fd.sip", "IPADDR", FK_IPADDR, 0, "IP address of the server end.", get_fd_sip },
	{ "fd.lip", "IPADDR", FK_IPADDR, 0, "IP address of the local end.", get_fd_lip },
	{ "fd.rip", "IPADDR", FK_IPADDR, 0, "IP address of the remote end.", get_fd_rip },
	{ "fd.port", "PORT", FK_UINT, FF_FILTER_ONLY | FF_EITHER_SIDE,
	  "matches the port of either end (client or server) of the fd.", get_fd_port },
	{ "fd.cport", "PORT", FK_UINT, 0, "for TCP and UDP fds, the port of the client end.", get_fd_cport },
	{ "fd.sport", "PORT", FK_UINT, 0, "for TCP and UDP fds, the port of the server end.", get_fd_sport },
	{ "fd.lport", "PORT", FK_UINT, 0, "for TCP and UDP fds, the port of the local end.", get_fd_lport },
	{ "fd.rport", "PORT", FK_UINT, 0, "for TCP and UDP fds, the port of the remote end.", get_fd_rport },
	{ "fd.l4proto", "CHARBUF", FK_STRING, 0,
	  "the IP protocol of a socket: 'tcp', 'udp', 'icmp' or 'raw'.", get_fd_l4proto },
	{ "fd.sockfamily", "CHARBUF", FK_STRING, 0, "the family of a socket: 'ip' or 'unix'.",
	  get_fd_sockfamily },
	{ "fd.is_server", "BOOL", FK_BOOL, 0,
	  "'true' when the process holding the fd is the server end of the connection.", get_fd_is_server },
	{ "fd.uid", "CHARBUF", FK_STRING, 0,
	  "an identifier of the fd unique on the machine: the thread id and the fd number joined.",
	  get_fd_uid },
	{ "fd.containername", "CHARBUF", FK_STRING, 0,
	  "the container id and the fd name joined by ':': tells which container an fd belongs to.",
	  get_fd_containername },
	{ "fd.containerdirectory", "CHARBUF", FK_STRING, 0,
	  "the container id and fd.directory joined by ':': tells which container a directory belongs to.",
	  get_fd_containerdirectory },
	{ "fd.proto", "PORT", FK_UINT, FF_FILTER_ONLY | FF_EITHER_SIDE,
	  "matches the protocol (port) of either end (client or server) of the fd.", get_fd_port },
	{ "fd.cproto", "CHARBUF", FK_STRING, 0, "for TCP and UDP fds, the protocol of the client end.",
	  get_fd_cproto },
	{ "fd.sproto", "CHARBUF", FK_STRING, 0, "for TCP and UDP fds, the protocol of the server end.",
	  get_fd_sproto },
	{ "fd.lproto", "CHARBUF", FK_STRING, 0, "for TCP and UDP fds, the protocol of the local end.",
	  get_fd_lproto },
	{ "fd.rproto", "CHARBUF", FK_STRING, 0, "for TCP and UDP fds, the protocol of the remote end.",
	  get_fd_rproto },
	{ "fd.net", "IPNET", FK_IPNET, FF_FILTER_ONLY | FF_EITHER_SIDE,
	  "matches the IP network of either end (client or server) of the fd, e.g. fd.net=10.0.0.0/8.",
	  get_fd_net },
	{ "fd.cnet", "IPNET", FK_IPNET, FF_FILTER_ONLY, "matches the IP network of the client end.",
	  get_fd_cnet },
	{ "fd.snet", "IPNET", FK_IPNET, FF_FILTER_ONLY, "matches the IP network of the server end.",
	  get_fd_snet },
	{ "fd.lnet", "IPNET", FK_IPNET, FF_FILTER_ONLY, "matches the IP network of the local end.",
	  get_fd_lnet },
	{ "fd.rnet", "IPNET", FK_IPNET, FF_FILTER_ONLY, "matches the IP network of the remote end.",
	  get_fd_rnet },
	{ "fd.connected", "BOOL", FK_BOOL, 0, "for sockets, 'true' when the socket is connected.",
	  get_fd_connected },
	{ "fd.name_changed", "BOOL", FK_BOOL, 0,
	  "'true' when the event gave the fd it uses its name: it created the fd, or connected it (the "
	  "tuple of a UDP socket can change with each connect).",
	  get_fd_name_changed },
	{ "fd.dev", "INT32", FK_INT, 0, "device number (major and minor) of the file system of the file.",
	  get_fd_dev, .print = PF_HEX },
	{ "fd.dev.major", "INT32", FK_INT, 0, "major device number of the file system of the file.",
	  get_fd_dev_major },
	{ "fd.dev.minor", "INT32", FK_INT, 0, "minor device number of the file system of the file.",
	  get_fd_dev_minor },
	{ "fd.ino", "INT64", FK_INT, 0, "inode number of the file.", get_fd_ino },
	{ "fd.nameraw", "CHARBUF", FK_STRING, 0,
	  "the path as the process passed it, for fds that opening a file failed to create; else fd.name.",
	  get_fd_nameraw },
};

const struct field_class field_class_fd = {
	"fd",
	"The file descriptor that an event creates, uses or closes, and what it refers to: a file, a "
	"socket, a pipe...",
	fd_fields, sizeof(fd_fields) / sizeof(fd_fields[0]), NULL,
};

/* ---- fdlist -------------------------------------------------------------------------- */

enum fdlist_what { FDL_NUMS, FDL_NAMES, FDL_CIPS, FDL_SIPS, FDL_CPORTS, FDL_SPORTS };

static int fdlist(const struct field_ctx *c, struct field_value *v, struct strbuf *sb, enum fdlist_what w)
{
	const struct evt *e = c->e;
	const uint8_t *p = NULL;
	size_t n = 0, start = sb->len, pos = 2;
	uint16_t nfds;
	const char *sep = "";

	for (int i = 0; i < e->nparams; i++)
		if (e->info->params[i].type == PT_FDLIST) {
			p = e->params[i];
			n = e->lens[i];
			break;
		}
	if (!p || n < 2)
		return 0;
	memcpy(&nfds, p, 2);
	for (uint16_t j = 0; j < nfds && pos + 10 <= n; j++, pos += 10) {
		int64_t fdn;
		const struct fd_info *fd;
		int r = 0;

		memcpy(&fdn, p + pos, 8);
		fd = render_evt_fd(e, c->st, fdn);
		switch (w) {
		case FDL_NUMS:
			r = strbuf_puts(sb, sep) || strbuf_put_s64(sb, fdn);
			break;
		case FDL_NAMES:
			r = strbuf_puts(sb, sep) ||
			    strbuf_puts(sb, fd && fd->name && fd->name[0] ? fd->name : "<NA>");
			break;
		case FDL_CIPS:
		case FDL_SIPS:
			if (!is_ip(fd))
				continue;
			r = strbuf_puts(sb, sep) ||
			    render_ip(fd->type == FDT_IPV4_SOCK ? PPM_AF_INET : PPM_AF_INET6,
				      w == FDL_CIPS ? fd->tuple.cip : fd->tuple.sip, sb);
			break;
		case FDL_CPORTS:
		case FDL_SPORTS:
			if (!is_ip(fd))
				continue;
			r = strbuf_puts(sb, sep) ||
			    strbuf_put_u64(sb, w == FDL_CPORTS ? fd->tuple.cport : fd->tuple.sport);
			break;
		}
		if (r)
			return -ENOMEM;
		sep = ",";
	}
	return sb->len > start ? fv_scratch(v, sb, start) : 0;
}

GETTER(get_fdlist_nums) { return fdlist(c, v, sb, FDL_NUMS); }
GETTER(get_fdlist_names) { return fdlist(c, v, sb, FDL_NAMES); }
GETTER(get_fdlist_cips) { return fdlist(c, v, sb, FDL_CIPS); }
GETTER(get_fdlist_sips) { return fdlist(c, v, sb, FDL_SIPS); }
GETTER(get_fdlist_cports) { return fdlist(c, v, sb, FDL_CPORTS); }
GETTER(get_fdlist_sports) { return fdlist(c, v, sb, FDL_SPORTS); }

static const struct field_def fdlist_fields[] = {
	{ "fdlist.nums", "CHARBUF", FK_STRING, 0,
	  "for poll events, the numbers of the fds in the 'fds' argument, separated by commas.",
	  get_fdlist_nums },
	{ "fdlist.names", "CHARBUF", FK_STRING, 0,
	  "for poll events, the names of the fds in the 'fds' argument, separated by commas.",
	  get_fdlist_names },
	{ "fdlist.cips", "CHARBUF", FK_STRING, 0,
	  "for poll events, the client IP addresses of the sockets in the 'fds' argument, separated by "
	  "commas.",
	  get_fdlist_cips },
	{ "fdlist.sips", "CHARBUF", FK_STRING, 0,
	  "for poll events, the server IP addresses of the sockets in the 'fds' argument, separated by "
	  "commas.",
	  get_fdlist_sips },
	{ "fdlist.cports", "CHARBUF", FK_STRING, 0,
	  "for poll events, the client ports of the TCP and UDP sockets in the 'fds' argument, separated "
	  "by commas.",
	  get_fdlist_cports },
	{ "fdlist.sports", "CHARBUF", FK_STRING, 0,
	  "for poll events, the server ports of the TCP and UDP sockets in the 'fds' argument, separated "
	  "by commas.",
	  get_fdlist_sports },
};

const struct field_class field_class_fdlist = {
	"fdlist", "The fds of poll events.", fdlist_fields,
	sizeof(fdlist_fields) / sizeof(fdlist_fields[0]), NULL,
};
