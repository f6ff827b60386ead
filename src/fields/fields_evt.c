/* fields_evt.c: the evt class: time, type, direction, arguments, results and
 * I/O facts of the event itself. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fields/fields_int.h"

#define NS 1000000000ULL

/* ---- time ------------------------------------------------------------------- */

/* Broken-down time of the last second seen, per zone, so that a stream of
 * events in the same second converts once. */
struct tm_cache {
	int64_t sec;
	bool valid;
	struct tm tm;
};
static __thread struct tm_cache tm_local, tm_utc;

static const struct tm *ts_tm(uint64_t ts, bool utc)
{
	struct tm_cache *tc = utc ? &tm_utc : &tm_local;
	time_t sec = (time_t)(ts / NS);

	if (!tc->valid || tc->sec != (int64_t)sec) {
		if (!(utc ? gmtime_r(&sec, &tc->tm) : localtime_r(&sec, &tc->tm)))
			memset(&tc->tm, 0, sizeof(tc->tm));
		tc->sec = sec;
		tc->valid = true;
	}
	return &tc->tm;
}

enum time_style { T_TIME, T_TIME_S, T_ISO8601, T_DATETIME, T_DATETIME_S };

/* v in exactly width digits, zero-padded, at p; returns the end. */
static char *put_padded(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Printed digit by digit: a time is on every line of the default format. */
static int put_time(uint64_t ts, enum time_style style, struct strbuf *sb)
{
	const struct tm *tm = ts_tm(ts, style == T_ISO8601);
	unsigned ns = (unsigned)(ts % NS);
	char buf[48], *p = buf;

	if (style == T_ISO8601 || style == T_DATETIME || style == T_DATETIME_S) {
		p = put_padded(p, (unsigned)(tm->tm_year + 1900), 4);
		*p++ = '-';
		p = put_padded(p, (unsigned)(tm->tm_mon + 1), 2);
		*p++ = '-';
		p = put_padded(p, (unsigned)tm->tm_mday, 2);
		*p++ = style == T_ISO8601 ? 'T' : ' ';
	}
	p = put_padded(p, (unsigned)tm->tm_hour, 2);
	*p++ = ':';
	p = put_padded(p, (unsigned)tm->tm_min, 2);
	*p++ = ':';
	p = put_padded(p, (unsigned)tm->tm_sec, 2);
	if (style != T_TIME_S && style != T_DATETIME_S) {
		*p++ = '.';
		p = put_padded(p, ns, 9);
	}
	if (style == T_ISO8601) {
		memcpy(p, "+0000", 5);
		p += 5;
	}
	return strbuf_append(sb, buf, (size_t)(p - buf));
}

int fields_put_clock(uint64_t ts, struct strbuf *sb)
{
	return put_time(ts, T_TIME, sb);
}

static int get_time_styled(const struct field_ctx *c, struct field_value *v, struct strbuf *sb,
			   enum time_style style)
{
	size_t start = sb->len;
	if (put_time(fctx_ts(c), style, sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_num) { return fv_uint(v, c->e->num); }
GETTER(get_time) { return get_time_styled(c, v, sb, T_TIME); }
GETTER(get_time_s) { return get_time_styled(c, v, sb, T_TIME_S); }
GETTER(get_time_iso) { return get_time_styled(c, v, sb, T_ISO8601); }
GETTER(get_datetime) { return get_time_styled(c, v, sb, T_DATETIME); }
GETTER(get_datetime_s) { return get_time_styled(c, v, sb, T_DATETIME_S); }
GETTER(get_rawtime) { return fv_uint(v, fctx_ts(c)); }
GETTER(get_rawtime_s) { return fv_uint(v, fctx_ts(c) / NS); }
GETTER(get_rawtime_ns) { return fv_uint(v, fctx_ts(c) % NS); }

static uint64_t reltime(const struct field_ctx *c)
{
	uint64_t ts = fctx_ts(c);
	return c->first_ts && ts > c->first_ts ? ts - c->first_ts : 0;
}

static uint64_t deltatime(const struct field_ctx *c)
{
	uint64_t ts = fctx_ts(c);
	return c->prev_ts && ts > c->prev_ts ? ts - c->prev_ts : 0;
}

GETTER(get_reltime) { return fv_uint(v, reltime(c)); }
GETTER(get_reltime_s) { return fv_uint(v, reltime(c) / NS); }
GETTER(get_reltime_ns) { return fv_uint(v, reltime(c) % NS); }
GETTER(get_deltatime) { return fv_uint(v, deltatime(c)); }
GETTER(get_deltatime_s) { return fv_uint(v, deltatime(c) / NS); }
GETTER(get_deltatime_ns) { return fv_uint(v, deltatime(c) % NS); }

/* Latency is known for syscall events; internal events have none. */
static bool latency(const struct field_ctx *c, uint64_t *out)
{
	if (c->e->info->category & EC_INTERNAL)
		return false;
	*out = c->e->latency;
	return true;
}

GETTER(get_latency)
{
	uint64_t l;
	return latency(c, &l) ? fv_uint(v, l) : 0;
}

GETTER(get_latency_s)
{
	uint64_t l;
	return latency(c, &l) ? fv_uint(v, l / NS) : 0;
}

GETTER(get_latency_ns)
{
	uint64_t l;
	return latency(c, &l) ? fv_uint(v, l % NS) : 0;
}

/* A duration as a short human string, with sysdig's steps: 1.50s, 15ms,
 * 1.50ms, 15us, 1.50us, 150ns. */
static int put_duration(uint64_t ns, struct strbuf *sb)
{
	if (ns >= NS)
		return strbuf_printf(sb, "%u.%02us", (unsigned)(ns / NS), (unsigned)((ns % NS) / 10000000));
	if (ns >= NS / 100)
		return strbuf_printf(sb, "%ums", (unsigned)(ns / 1000000));
	if (ns >= NS / 1000)
		return strbuf_printf(sb, "%u.%02ums", (unsigned)(ns / 1000000), (unsigned)((ns % 1000000) / 10000));
	if (ns >= NS / 100000)
		return strbuf_printf(sb, "%uus", (unsigned)(ns / 1000));
	if (ns >= NS / 1000000)
		return strbuf_printf(sb, "%u.%02uus", (unsigned)(ns / 1000), (unsigned)((ns % 1000) / 10));
	return strbuf_printf(sb, "%uns", (unsigned)ns);
}

GETTER(get_latency_human)
{
	uint64_t l;
	size_t start = sb->len;
	if (!latency(c, &l))
		return 0;
	if (put_duration(l, sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

/* evt.outputtime: the time column of the default format, as -t selects. */
GETTER(get_outputtime)
{
	size_t start = sb->len;
	uint64_t ts = fctx_ts(c), d;
	int r;

	switch (c->timetype) {
	case 'a':
		r = strbuf_printf(sb, "%" PRIu64 ".%09u", (uint64_t)(ts / NS), (unsigned)(ts % NS));
		break;
	case 'r':
		d = reltime(c);
		r = strbuf_printf(sb, "%" PRIu64 ".%09u", (uint64_t)(d / NS), (unsigned)(d % NS));
		break;
	case 'd':
		d = c->e->latency;
		r = strbuf_printf(sb, "%" PRIu64 ".%09u", (uint64_t)(d / NS), (unsigned)(d % NS));
		break;
	case 'D':
		d = deltatime(c);
		r = strbuf_printf(sb, "%" PRIu64 ".%09u", (uint64_t)(d / NS), (unsigned)(d % NS));
		break;
	default:
		r = put_time(ts, T_TIME, sb);
		break;
	}
	return r ? -ENOMEM : fv_scratch(v, sb, start);
}

/* ---- type and category ------------------------------------------------------ */

GETTER(get_dir) { return fv_str(v, evt_is_exit(c->e) ? "<" : ">", 1); }
GETTER(get_type) { return fv_cstr(v, evt_type_name(c->e)); }

GETTER(get_type_is)
{
	const char *name = evt_type_name(c->e);
	uint16_t t = c->e->hdr->type;

	if (ref->arg_index >= 0)
		return fv_uint(v, t == ref->arg_index);
	return fv_uint(v, ref->arg && (strcmp(name, ref->arg) == 0 || strcmp(c->e->info->name, ref->arg) == 0));
}

static int prepare_type_is(struct field_ref *ref, char **cause)
{
	if (!ref->arg) {
		*cause = strdup("evt.type.is needs an event type, as in evt.type.is.open");
		return -EINVAL;
	}
	if (ref->arg_index < 0) {
		char *end;
		long n = strtol(ref->arg, &end, 10);
		if (!*end && n >= 0 && n < PPM_EVENT_MAX)
			ref->arg_index = n;
	}
	if (ref->arg_index >= 0 || syscall_by_name(ref->arg) >= 0)
		return 0;
	for (int t = 0; t < PPM_EVENT_MAX; t++)
		if (event_table[t].name && strcmp(event_table[t].name, ref->arg) == 0)
			return 0;
	if (asprintf(cause, "unknown event type '%s'", ref->arg) < 0)
		*cause = NULL;
	return -EINVAL;
}

GETTER(get_syscall_type)
{
	const struct event_info *info = c->e->info;
	uint16_t t = c->e->hdr->type;

	if ((info->category & EC_INTERNAL) || (info->flags & EF_SKIPPARSERESET) ||
	    t == PPME_SCHEDSWITCH_1_E || t == PPME_SCHEDSWITCH_6_E)
		return 0;
	return fv_cstr(v, evt_type_name(c->e));
}

/* I/O events take their category from the fd they use: file, net or ipc. */
static const char *io_category(const struct field_ctx *c)
{
	const struct fd_info *fd = c->e->fd;

	if (!fd)
		return "unknown";
	switch (fd->type) {
	case FDT_FILE:
	case FDT_DIRECTORY:
		return "file";
	case FDT_IPV4_SOCK:
	case FDT_IPV6_SOCK:
		return "net";
	case FDT_PIPE:
	case FDT_UNIX_SOCK:
	case FDT_EVENTFD:
	case FDT_SIGNALFD:
	case FDT_INOTIFY:
	case FDT_USERFAULTFD:
		return "ipc";
	default:
		return "unknown";
	}
}

static const char *category_name(const struct field_ctx *c)
{
	switch ((int)c->e->info->category) {
	case EC_UNKNOWN: return "unknown";
	case EC_OTHER: return "other";
	case EC_FILE: return "file";
	case EC_NET: return "net";
	case EC_IPC: return "IPC";
	case EC_MEMORY: return "memory";
	case EC_PROCESS: return "process";
	case EC_SLEEP: return "sleep";
	case EC_SYSTEM: return "system";
	case EC_SIGNAL: return "signal";
	case EC_USER: return "user";
	case EC_TIME: return "time";
	case EC_PROCESSING: return "processing";
	case EC_IO_READ:
	case EC_IO_WRITE:
	case EC_IO_OTHER: return io_category(c);
	case EC_WAIT: return "wait";
	case EC_SCHEDULER: return "scheduler";
	default: return "unknown";
	}
}

GETTER(get_category) { return fv_cstr(v, category_name(c)); }
GETTER(get_cpu) { return fv_int(v, c->e->cpu); }

/* ---- arguments ----------------------------------------------------------------- */

GETTER(get_args)
{
	size_t start = sb->len;
	if (render_args(c->e, c->st, c->output_flags, sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

static int param_of(const struct field_ctx *c, const struct field_ref *ref)
{
	if (ref->arg_index >= 0)
		return ref->arg_index < c->e->nparams ? (int)ref->arg_index : -1;
	return ref->arg ? evt_param_index(c->e, ref->arg) : -1;
}

GETTER(get_arg)
{
	int i = param_of(c, ref);
	size_t start = sb->len;

	if (i < 0)
		return 0;
	if (render_param(c->e, c->st, i, c->output_flags, RENDER_RESOLVED, sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

/* The first parameter called `name` in the event table, of `type` (any
 * type when negative), or NULL. */
static const struct param_info *find_param_typed(const char *name, int type)
{
	for (int t = 0; t < PPM_EVENT_MAX; t++)
		for (int i = 0; i < event_table[t].nparams; i++) {
			const struct param_info *pi = &event_table[t].params[i];
			if (pi->name && strcmp(pi->name, name) == 0 && (type < 0 || (int)pi->type == type))
				return pi;
		}
	return NULL;
}

static const struct param_info *find_param(const char *name)
{
	return find_param_typed(name, -1);
}

/* An argument chosen by name reads I/O data (FF_DATA, which makes the probe
 * copy it) only if some event has a byte buffer of that name: evt.arg.data
 * does, evt.arg.fd does not. By position, any argument may be the data. */
static void drop_data_flag_unless_buffer(struct field_ref *ref)
{
	if (ref->arg_index < 0 && !find_param_typed(ref->arg, PT_BYTEBUF))
		ref->flags_off |= FF_DATA;
}

static int prepare_arg(struct field_ref *ref, char **cause)
{
	if (!ref->arg) {
		*cause = strdup("evt.arg needs an argument name or number, as in evt.arg.fd or evt.arg[0]");
		return -EINVAL;
	}
	if (ref->arg_index >= 0 || find_param(ref->arg)) {
		drop_data_flag_unless_buffer(ref);
		return 0;
	}
	if (asprintf(cause, "unknown event argument '%s'", ref->arg) < 0)
		*cause = NULL;
	return -EINVAL;
}

/* How a raw parameter of each type is held and named (evt.rawarg). */
static const struct {
	const char *name;
	enum field_kind kind;
} param_types[PT_MAX] = {
	[PT_NONE] = { "NONE", FK_NONE },
	[PT_INT8] = { "INT8", FK_INT },
	[PT_INT16] = { "INT16", FK_INT },
	[PT_INT32] = { "INT32", FK_INT },
	[PT_INT64] = { "INT64", FK_INT },
	[PT_UINT8] = { "UINT8", FK_UINT },
	[PT_UINT16] = { "UINT16", FK_UINT },
	[PT_UINT32] = { "UINT32", FK_UINT },
	[PT_UINT64] = { "UINT64", FK_UINT },
	[PT_CHARBUF] = { "CHARBUF", FK_STRING },
	[PT_BYTEBUF] = { "BYTEBUF", FK_BYTES },
	[PT_ERRNO] = { "ERRNO", FK_INT },
	[PT_SOCKADDR] = { "SOCKADDR", FK_BYTES },
	[PT_SOCKTUPLE] = { "SOCKTUPLE", FK_BYTES },
	[PT_FD] = { "FD", FK_INT },
	[PT_PID] = { "PID", FK_INT },
	[PT_FDLIST] = { "FDLIST", FK_BYTES },
	[PT_FSPATH] = { "FSPATH", FK_STRING },
	[PT_SYSCALLID] = { "SYSCALLID", FK_UINT },
	[PT_SIGTYPE] = { "SIGTYPE", FK_UINT },
	[PT_RELTIME] = { "RELTIME", FK_UINT },
	[PT_ABSTIME] = { "ABSTIME", FK_UINT },
	[PT_PORT] = { "PORT", FK_UINT },
	[PT_L4PROTO] = { "L4PROTO", FK_UINT },
	[PT_SOCKFAMILY] = { "SOCKFAMILY", FK_UINT },
	[PT_BOOL] = { "BOOL", FK_BOOL },
	[PT_IPV4ADDR] = { "IPV4ADDR", FK_IPADDR },
	[PT_DYN] = { "DYNAMIC", FK_BYTES },
	[PT_FLAGS8] = { "FLAGS8", FK_UINT },
	[PT_FLAGS16] = { "FLAGS16", FK_UINT },
	[PT_FLAGS32] = { "FLAGS32", FK_UINT },
	[PT_UID] = { "UID", FK_UINT },
	[PT_GID] = { "GID", FK_UINT },
	[PT_DOUBLE] = { "DOUBLE", FK_DOUBLE },
	[PT_SIGSET] = { "SIGSET", FK_UINT },
	[PT_CHARBUFARRAY] = { "CHARBUFARRAY", FK_STRING },
	[PT_CHARBUF_PAIR_ARRAY] = { "CHARBUF_PAIR_ARRAY", FK_STRING },
	[PT_IPV4NET] = { "IPV4NET", FK_IPNET },
	[PT_IPV6ADDR] = { "IPV6ADDR", FK_IPADDR },
	[PT_IPV6NET] = { "IPV6NET", FK_IPNET },
	[PT_IPADDR] = { "IPADDR", FK_IPADDR },
	[PT_IPNET] = { "IPNET", FK_IPNET },
	[PT_MODE] = { "MODE", FK_UINT },
	[PT_FSRELPATH] = { "FSRELPATH", FK_STRING },
	[PT_ENUMFLAGS8] = { "ENUMFLAGS8", FK_UINT },
	[PT_ENUMFLAGS16] = { "ENUMFLAGS16", FK_UINT },
	[PT_ENUMFLAGS32] = { "ENUMFLAGS32", FK_UINT },
};

static bool type_signed(enum param_type t)
{
	return t == PT_INT8 || t == PT_INT16 || t == PT_INT32 || t == PT_INT64 || t == PT_ERRNO ||
	       t == PT_FD || t == PT_PID;
}

/* evt.rawarg.NAME takes the type of the first parameter called NAME in the
 * event table, as sysdig does; the reference gets its own typed copy of the
 * definition, with the parameter's flag names for comparisons. */
static int prepare_rawarg(struct field_ref *ref, char **cause)
{
	const struct param_info *pi;
	struct field_def *d;

	if (!ref->arg || ref->arg_index >= 0) {
		*cause = strdup("evt.rawarg needs an argument name, as in evt.rawarg.fd");
		return -EINVAL;
	}
	pi = find_param(ref->arg);
	if (!pi) {
		if (asprintf(cause, "unknown event argument '%s'", ref->arg) < 0)
			*cause = NULL;
		return -EINVAL;
	}
	d = malloc(sizeof(*d));
	if (!d) {
		*cause = strdup("out of memory");
		return -ENOMEM;
	}
	*d = *ref->def;
	if (pi->type < PT_MAX && param_types[pi->type].name) {
		d->kind = param_types[pi->type].kind;
		d->type_name = param_types[pi->type].name;
	}
	d->value_names = pi->flags;
	d->print = PF_DEC; /* sysdig prints raw values in decimal, whatever the argument's format */
	if (pi->type == PT_ERRNO)
		d->value_names = errno_names;
	ref->owned_def = d;
	ref->def = d;
	drop_data_flag_unless_buffer(ref);
	return 0;
}

GETTER(get_rawarg)
{
	int i = param_of(c, ref);
	enum param_type t;
	enum field_kind want = ref->def->kind, have;
	const uint8_t *p;
	size_t n;

	if (i < 0 || c->e->lens[i] == 0)
		return 0;
	t = c->e->info->params[i].type;
	have = t < PT_MAX ? param_types[t].kind : FK_NONE;
	p = c->e->params[i];
	n = c->e->lens[i];
	switch (want) {
	case FK_INT:
	case FK_UINT:
	case FK_BOOL:
	case FK_DOUBLE: {
		int64_t s;
		uint64_t u;
		if (have != FK_INT && have != FK_UINT && have != FK_BOOL)
			return 0;
		if (type_signed(t)) {
			if (!evt_param_s64(c->e, i, &s))
				return 0;
			u = (uint64_t)s;
		} else {
			if (!evt_param_u64(c->e, i, &u))
				return 0;
			s = (int64_t)u;
		}
		if (want == FK_INT)
			return fv_int(v, s);
		if (want == FK_UINT)
			return fv_uint(v, u);
		if (want == FK_BOOL)
			return fv_bool(v, u != 0);
		return fv_double(v, type_signed(t) ? (double)s : (double)u);
	}
	case FK_STRING:
		if (have != FK_STRING)
			return 0;
		{
			const uint8_t *z = memchr(p, '\0', n);
			return fv_str(v, (const char *)p, z ? (size_t)(z - p) : n);
		}
	case FK_BYTES:
		v->kind = FK_BYTES;
		v->s.p = (const char *)p;
		v->s.len = n;
		return 1;
	case FK_IPADDR:
	case FK_IPNET:
		if (n != 4 && n != 16)
			return 0;
		v->kind = want;
		v->ip.family = n == 4 ? PPM_AF_INET : PPM_AF_INET6;
		memset(v->ip.a, 0, sizeof(v->ip.a));
		memcpy(v->ip.a, p, n);
		v->ip.prefix = n == 4 ? 32 : 128;
		return 1;
	default:
		return 0;
	}
}

GETTER(get_buffer)
{
	int i = evt_param_named(c->e, EVP_DATA);
	if (i < 0)
		return 0;
	v->kind = FK_BYTES;
	v->s.p = (const char *)c->e->params[i];
	v->s.len = c->e->lens[i];
	return 1;
}

/* ---- results ----------------------------------------------------------------------- */

GETTER(get_rawres)
{
	int64_t r;
	return fields_evt_result(c->e, &r) ? fv_int(v, r) : 0;
}

GETTER(get_res)
{
	int64_t r;
	const char *n;
	size_t start = sb->len;

	if (!fields_evt_result(c->e, &r))
		return 0;
	if (r >= 0)
		return fv_str(v, "SUCCESS", 7);
	n = event_errno_name(-r);
	if (n)
		return fv_cstr(v, n);
	if (strbuf_put_s64(sb, r))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_failed)
{
	int64_t r;
	return fv_bool(v, fields_evt_result(c->e, &r) && r < 0);
}

static bool is_failed(const struct field_ctx *c)
{
	int64_t r;
	return fields_evt_result(c->e, &r) && r < 0;
}

#define EC_IO_BASE 32

/* evt.buflen and its table-only variants: the byte count of an I/O event. */
enum io_filter { IO_ANY, IO_IN, IO_OUT };
enum fd_filter { FDF_ANY, FDF_FILE, FDF_NET };

static int buflen(const struct field_ctx *c, struct field_value *v, enum io_filter io, enum fd_filter fdf)
{
	const struct evt *e = c->e;
	uint32_t cat = e->info->category;
	int64_t r;
	int i;

	if (!e->fd || !evt_is_exit(e) || !(cat & EC_IO_BASE))
		return 0;
	if ((io == IO_IN && cat != EC_IO_READ) || (io == IO_OUT && cat != EC_IO_WRITE))
		return 0;
	if (fdf == FDF_FILE && e->fd->type != FDT_FILE)
		return 0;
	if (fdf == FDF_NET && e->fd->type != FDT_IPV4_SOCK && e->fd->type != FDT_IPV6_SOCK)
		return 0;
	i = evt_param_named(e, EVP_RES);
	if (i < 0 || !evt_param_s64(e, i, &r) || r < 0)
		return 0;
	return fv_uint(v, (uint64_t)r);
}

GETTER(get_buflen) { return buflen(c, v, IO_ANY, FDF_ANY); }
GETTER(get_buflen_in) { return buflen(c, v, IO_IN, FDF_ANY); }
GETTER(get_buflen_out) { return buflen(c, v, IO_OUT, FDF_ANY); }
GETTER(get_buflen_file) { return buflen(c, v, IO_ANY, FDF_FILE); }
GETTER(get_buflen_file_in) { return buflen(c, v, IO_IN, FDF_FILE); }
GETTER(get_buflen_file_out) { return buflen(c, v, IO_OUT, FDF_FILE); }
GETTER(get_buflen_net) { return buflen(c, v, IO_ANY, FDF_NET); }
GETTER(get_buflen_net_in) { return buflen(c, v, IO_IN, FDF_NET); }
GETTER(get_buflen_net_out) { return buflen(c, v, IO_OUT, FDF_NET); }

GETTER(get_is_io) { return fv_bool(v, c->e->info->flags & (EF_READS_FROM_FD | EF_WRITES_TO_FD)); }
GETTER(get_is_io_read) { return fv_bool(v, c->e->info->flags & EF_READS_FROM_FD); }
GETTER(get_is_io_write) { return fv_bool(v, c->e->info->flags & EF_WRITES_TO_FD); }

GETTER(get_io_dir)
{
	uint32_t f = c->e->info->flags;
	if (f & EF_WRITES_TO_FD)
		return fv_str(v, "write", 5);
	if (f & EF_READS_FROM_FD)
		return fv_str(v, "read", 4);
	return 0;
}

GETTER(get_is_wait) { return fv_bool(v, c->e->info->flags & EF_WAITS); }

GETTER(get_wait_latency)
{
	if (!(c->e->info->flags & EF_WAITS) || !evt_is_exit(c->e))
		return 0;
	return fv_uint(v, c->e->latency);
}

GETTER(get_is_syslog)
{
	const struct fd_info *fd = c->e->fd;
	return fv_bool(v, (c->e->info->flags & EF_WRITES_TO_FD) && fd && fd->name &&
			      strstr(fd->name, "/dev/log"));
}

/* ---- counters ---------------------------------------------------------------------- */

GETTER(get_count) { return fv_uint(v, 1); }
GETTER(get_count_error) { return is_failed(c) ? fv_uint(v, 1) : 0; }
GETTER(get_count_exit) { return evt_is_exit(c->e) ? fv_uint(v, 1) : 0; }

static bool is_open_type(uint16_t t)
{
	return t == PPME_SYSCALL_OPEN_X || t == PPME_SYSCALL_CREAT_X || t == PPME_SYSCALL_OPENAT_X ||
	       t == PPME_SYSCALL_OPENAT_2_X || t == PPME_SYSCALL_OPENAT2_X ||
	       t == PPME_SYSCALL_OPEN_BY_HANDLE_AT_X;
}

static bool is_conn_type(uint16_t t)
{
	return t == PPME_SOCKET_ACCEPT_X || t == PPME_SOCKET_ACCEPT_5_X || t == PPME_SOCKET_ACCEPT4_X ||
	       t == PPME_SOCKET_ACCEPT4_5_X || t == PPME_SOCKET_ACCEPT4_6_X || t == PPME_SOCKET_CONNECT_X;
}

enum err_kind { ERR_FILE, ERR_NET, ERR_MEMORY, ERR_OTHER };

static enum err_kind error_kind(const struct field_ctx *c)
{
	const struct fd_info *fd = c->e->fd;
	uint16_t t = c->e->hdr->type;

	if (fd) {
		switch (fd->type) {
		case FDT_FILE:
		case FDT_DIRECTORY:
			return ERR_FILE;
		case FDT_IPV4_SOCK:
		case FDT_IPV6_SOCK:
		case FDT_UNIX_SOCK:
			return ERR_NET;
		default:
			return ERR_OTHER;
		}
	}
	if (is_open_type(t))
		return ERR_FILE;
	if (is_conn_type(t))
		return ERR_NET;
	if (c->e->info->category == EC_MEMORY)
		return ERR_MEMORY;
	return ERR_OTHER;
}

static int count_error_of(const struct field_ctx *c, struct field_value *v, enum err_kind k)
{
	return is_failed(c) && error_kind(c) == k ? fv_uint(v, 1) : 0;
}

GETTER(get_count_error_file) { return count_error_of(c, v, ERR_FILE); }
GETTER(get_count_error_net) { return count_error_of(c, v, ERR_NET); }
GETTER(get_count_error_memory) { return count_error_of(c, v, ERR_MEMORY); }
GETTER(get_count_error_other) { return count_error_of(c, v, ERR_OTHER); }

/* ---- paths and opens ------------------------------------------------------------------- */

/* evt.abspath: the first path relative to a dirfd, .src the first and .dst
 * the second (renameat, linkat), made absolute. */
GETTER(get_abspath)
{
	const struct evt *e = c->e;
	int want = ref->arg && strcmp(ref->arg, "dst") == 0 ? 2 : 1, seen = 0;
	size_t start = sb->len;

	for (int i = 0; i < e->nparams; i++) {
		if (e->info->params[i].type != PT_FSRELPATH || ++seen != want)
			continue;
		int r = render_abs_path(e, c->st, i, sb);
		if (r <= 0)
			return r;
		return fv_scratch(v, sb, start);
	}
	return 0;
}

static int prepare_abspath(struct field_ref *ref, char **cause)
{
	if (!ref->arg || strcmp(ref->arg, "src") == 0 || strcmp(ref->arg, "dst") == 0)
		return 0;
	if (asprintf(cause, "evt.abspath takes .src or .dst, not '%s'", ref->arg) < 0)
		*cause = NULL;
	return -EINVAL;
}

#define MODE_EXEC_BITS (PPM_S_IXUSR | PPM_S_IXGRP | PPM_S_IXOTH)

enum open_test { OPEN_READ, OPEN_WRITE, OPEN_EXEC };

static bool open_is(const struct field_ctx *c, enum open_test what)
{
	const struct evt *e = c->e;
	uint16_t t = e->hdr->type;
	uint64_t flags = 0, mode = 0;

	if (!is_open_type(t))
		return false;
	evt_param_u64(e, evt_param_named(e, EVP_MODE), &mode);
	if (t == PPME_SYSCALL_CREAT_X)
		return what == OPEN_EXEC && (mode & MODE_EXEC_BITS);
	if (!evt_param_u64(e, evt_param_named(e, EVP_FLAGS), &flags))
		return false;
	switch (what) {
	case OPEN_READ:
		return flags & PPM_O_RDONLY;
	case OPEN_WRITE:
		return flags & PPM_O_WRONLY;
	case OPEN_EXEC:
		return (flags & (PPM_O_TMPFILE | PPM_O_CREAT)) && (mode & MODE_EXEC_BITS);
	}
	return false;
}

GETTER(get_is_open_read) { return fv_bool(v, open_is(c, OPEN_READ)); }
GETTER(get_is_open_write) { return fv_bool(v, open_is(c, OPEN_WRITE)); }
GETTER(get_is_open_exec) { return fv_bool(v, open_is(c, OPEN_EXEC)); }

/* ---- the classes -------------------------------------------------------------------------- */

static const struct field_def evt_fields[] = {
	{ "evt.num", "UINT64", FK_UINT, 0, "sequence number of the event, counted from 1.", get_num },
	{ "evt.time", "CHARBUF", FK_STRING, FF_JSON_TS,
	  "time of the event, local time of day with nanoseconds (HH:MM:SS.nnnnnnnnn).", get_time },
	{ "evt.time.s", "CHARBUF", FK_STRING, FF_JSON_TS,
	  "time of the event, local time of day to the second (HH:MM:SS).", get_time_s },
	{ "evt.time.iso8601", "CHARBUF", FK_STRING, FF_JSON_TS,
	  "time of the event as an ISO 8601 date and time in UTC, with nanoseconds and the +0000 offset.",
	  get_time_iso },
	{ "evt.datetime", "CHARBUF", FK_STRING, FF_JSON_TS,
	  "time of the event, local date and time with nanoseconds.", get_datetime },
	{ "evt.datetime.s", "CHARBUF", FK_STRING, FF_JSON_TS,
	  "time of the event, local date and time to the second.", get_datetime_s },
	{ "evt.rawtime", "ABSTIME", FK_UINT, 0, "time of the event in nanoseconds since the epoch.",
	  get_rawtime },
	{ "evt.rawtime.s", "ABSTIME", FK_UINT, 0, "whole seconds of evt.rawtime (seconds since the epoch).",
	  get_rawtime_s },
	{ "evt.rawtime.ns", "ABSTIME", FK_UINT, 0, "nanosecond part of evt.rawtime.", get_rawtime_ns,
	  .print = PF_10_PADDED_DEC },
	{ "evt.reltime", "RELTIME", FK_UINT, 0,
	  "nanoseconds between the first event of the capture or run and this one.", get_reltime,
	  .print = PF_10_PADDED_DEC },
	{ "evt.reltime.s", "RELTIME", FK_UINT, 0, "whole seconds of evt.reltime.", get_reltime_s },
	{ "evt.reltime.ns", "RELTIME", FK_UINT, 0, "nanosecond part of evt.reltime.", get_reltime_ns,
	  .print = PF_10_PADDED_DEC },
};

const struct field_class field_class_evt = {
	"evt", "Fields that every event has.", evt_fields,
	sizeof(evt_fields) / sizeof(evt_fields[0]), "evt (All event types)",
};

static const struct field_def evt_syscall_fields[] = {
	{ "evt.latency", "RELTIME", FK_UINT, FF_LATENCY,
	  "nanoseconds the system call took, from its entry to its return.", get_latency },
	{ "evt.latency.s", "RELTIME", FK_UINT, FF_LATENCY, "whole seconds of evt.latency.", get_latency_s },
	{ "evt.latency.ns", "RELTIME", FK_UINT, FF_LATENCY, "nanosecond part of evt.latency.", get_latency_ns,
	  .print = PF_10_PADDED_DEC },
	{ "evt.latency.human", "CHARBUF", FK_STRING, FF_LATENCY,
	  "evt.latency as a short readable duration, such as 10.30ms or 15us.", get_latency_human },
	{ "evt.deltatime", "RELTIME", FK_UINT, 0,
	  "nanoseconds between the previous event shown and this one.", get_deltatime },
	{ "evt.deltatime.s", "RELTIME", FK_UINT, 0, "whole seconds of evt.deltatime.", get_deltatime_s },
	{ "evt.deltatime.ns", "RELTIME", FK_UINT, 0, "nanosecond part of evt.deltatime.", get_deltatime_ns,
	  .print = PF_10_PADDED_DEC },
	{ "evt.outputtime", "CHARBUF", FK_STRING, FF_HIDDEN | FF_JSON_TS,
	  "the time column of the default output, as -t chooses it (evt.time by default).", get_outputtime },
	{ "evt.dir", "CHARBUF", FK_STRING, 0,
	  "direction of the event: '>' when a system call is entered, '<' when it returns.", get_dir },
	{ "evt.type", "CHARBUF", FK_STRING, FF_EVENT_TYPE,
	  "name of the event, for system calls the name of the call (e.g. 'open').", get_type },
	{ "evt.type.is", "UINT32", FK_UINT, FF_ARG_REQUIRED | FF_ARG_DOTTED,
	  "1 when the event is of the type named after the dot, else 0: evt.type.is.open is 1 for opens.",
	  get_type_is, .prepare = prepare_type_is },
	{ "syscall.type", "CHARBUF", FK_STRING, 0,
	  "for system call events, the name of the call; no value for other events (context switches, "
	  "internal events). Use it instead of evt.type to be sure that a value is a system call.",
	  get_syscall_type },
	{ "evt.category", "CHARBUF", FK_STRING, 0,
	  "kind of event: 'file' for file operations such as open and close, 'net' for network operations "
	  "such as socket and bind, 'memory' for calls such as brk or mmap, and so on. I/O events take "
	  "the kind of the fd they use.",
	  get_category },
	{ "evt.cpu", "INT16", FK_INT, 0, "number of the CPU the event happened on.", get_cpu },
	{ "evt.args", "CHARBUF", FK_STRING, FF_DATA,
	  "every argument of the event in one string, as name=value pairs.", get_args },
	{ "evt.arg", "CHARBUF", FK_STRING, FF_ARG_REQUIRED | FF_ARG_DOTTED | FF_DATA,
	  "one argument of the event, chosen by name or by position, as text; fds, errors and flags are "
	  "shown by name where they have one. E.g. 'evt.arg.fd' or 'evt.arg[0]'.",
	  get_arg, .prepare = prepare_arg },
	{ "evt.rawarg", "DYNAMIC", FK_NONE, FF_ARG_REQUIRED | FF_ARG_DOTTED | FF_DATA,
	  "one argument of the event, chosen by name, as its raw value with the argument's type, for "
	  "numeric comparisons. E.g. 'evt.rawarg.res < 0'.",
	  get_rawarg, .prepare = prepare_rawarg },
	{ "evt.info", "CHARBUF", FK_STRING, FF_DATA,
	  "what the default output shows about the event: its arguments, as in evt.args.", get_args },
	{ "evt.buffer", "BYTEBUF", FK_BYTES, FF_DATA,
	  "the data buffer of events that carry one, such as read(), recvfrom() or write(). Search it in "
	  "filters with 'contains'.",
	  get_buffer },
	{ "evt.buflen", "UINT64", FK_UINT, 0,
	  "the number of bytes an I/O event such as read(), recvfrom() or write() transferred.",
	  get_buflen },
	{ "evt.res", "CHARBUF", FK_STRING, 0,
	  "the result of the event as text: 'SUCCESS', or the name of the error it failed with (e.g. "
	  "'ENOENT').",
	  get_res, errno_names },
	{ "evt.rawres", "INT64", FK_INT, 0,
	  "the result of the event as a number (e.g. -2 for ENOENT), for range comparisons.", get_rawres,
	  errno_names },
	{ "evt.failed", "BOOL", FK_BOOL, 0, "'true' when the event returned an error.", get_failed },
	{ "evt.is_io", "BOOL", FK_BOOL, 0,
	  "'true' for events that read from or write to an fd, such as read(), send() or recvfrom().",
	  get_is_io },
	{ "evt.is_io_read", "BOOL", FK_BOOL, 0,
	  "'true' for events that read from an fd, such as read(), recv() or recvfrom().", get_is_io_read },
	{ "evt.is_io_write", "BOOL", FK_BOOL, 0,
	  "'true' for events that write to an fd, such as write() or send().", get_is_io_write },
	{ "evt.io_dir", "CHARBUF", FK_STRING, 0,
	  "'read' for events that read from an fd, such as read(); 'write' for events that write to one, "
	  "such as write().",
	  get_io_dir },
	{ "evt.is_wait", "BOOL", FK_BOOL, 0,
	  "'true' for events that make the thread wait, such as sleep(), select() or poll().", get_is_wait },
	{ "evt.wait_latency", "RELTIME", FK_UINT, FF_LATENCY,
	  "for events that make the thread wait (sleep(), select(), poll()...), the nanoseconds it waited.",
	  get_wait_latency },
	{ "evt.is_syslog", "BOOL", FK_BOOL, 0, "'true' for writes to /dev/log.", get_is_syslog },
	{ "evt.count", "UINT32", FK_UINT, 0, "always 1: counts events in chisels and views.", get_count },
	{ "evt.count.error", "UINT32", FK_UINT, 0,
	  "1 for events that returned an error, else no value: counts failures in chisels and views.",
	  get_count_error },
	{ "evt.count.error.file", "UINT32", FK_UINT, 0,
	  "1 for failed events about files, else no value: counts file I/O failures.",
	  get_count_error_file },
	{ "evt.count.error.net", "UINT32", FK_UINT, 0,
	  "1 for failed events about the network, else no value: counts network failures.",
	  get_count_error_net },
	{ "evt.count.error.memory", "UINT32", FK_UINT, 0,
	  "1 for failed memory allocation events, else no value: counts memory failures.",
	  get_count_error_memory },
	{ "evt.count.error.other", "UINT32", FK_UINT, 0,
	  "1 for failed events that are neither file, network nor memory events, else no value.",
	  get_count_error_other },
	{ "evt.count.exit", "UINT32", FK_UINT, 0,
	  "1 for exit events (a system call's return), else no value: counts calls once each.",
	  get_count_exit },
	{ "evt.abspath", "CHARBUF", FK_STRING, FF_ARG_ALLOWED | FF_ARG_DOTTED,
	  "the absolute path that a path argument relative to a directory fd names, for calls such as "
	  "openat, renameat or symlinkat. Use 'evt.abspath.src' and 'evt.abspath.dst' for calls with two "
	  "paths.",
	  get_abspath, .prepare = prepare_abspath },
	{ "evt.is_open_read", "BOOL", FK_BOOL, 0,
	  "'true' for open, openat and openat2 events that open the path for reading.", get_is_open_read },
	{ "evt.is_open_write", "BOOL", FK_BOOL, 0,
	  "'true' for open, openat and openat2 events that open the path for writing.",
	  get_is_open_write },
	{ "evt.is_open_exec", "BOOL", FK_BOOL, 0,
	  "'true' for open, openat, openat2 and creat events that create a file with execute permission.",
	  get_is_open_exec },
	{ "evt.buflen.in", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of input events only.",
	  get_buflen_in },
	{ "evt.buflen.out", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of output events only.",
	  get_buflen_out },
	{ "evt.buflen.file", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of file I/O events only.",
	  get_buflen_file },
	{ "evt.buflen.file.in", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of file reads only.",
	  get_buflen_file_in },
	{ "evt.buflen.file.out", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of file writes only.",
	  get_buflen_file_out },
	{ "evt.buflen.net", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of network I/O events only.",
	  get_buflen_net },
	{ "evt.buflen.net.in", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of network reads only.",
	  get_buflen_net_in },
	{ "evt.buflen.net.out", "UINT64", FK_UINT, FF_TABLE_ONLY, "evt.buflen of network writes only.",
	  get_buflen_net_out },
};

const struct field_class field_class_evt_syscall = {
	"evt",
	"Fields of system call events. Each argument of a call can also be read on its own with evt.arg, "
	"e.g. evt.arg.filename.",
	evt_syscall_fields, sizeof(evt_syscall_fields) / sizeof(evt_syscall_fields[0]),
	"evt (Syscall events only)",
};
