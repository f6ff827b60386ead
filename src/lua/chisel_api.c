/* chisel_api.c: the functions chisels call: chisel.*, evt.*, and sysdig.*
 * (also reachable as wtftop.*). Numbers that are integers in the event reach
 * Lua as integers, so "%d" works on pids and byte counts (sysdig's own host
 * pushes floats). Each table of functions is data that one loop registers. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filter/filter.h"
#include "format/format.h"
#include "lua/chisel_int.h"
#include "state/state.h"
#include "util/log.h"

/* ---- chisel.* ------------------------------------------------------------ */

static int l_request_field(lua_State *L)
{
	struct chisel *c = chisel_from_L(L);
	const char *name = luaL_checkstring(L, 1);
	struct field_ref ref;
	char *cause = NULL;
	int n;

	memset(&ref, 0, sizeof(ref));
	n = field_parse(name, &ref, &cause);
	if (n < 0 || name[n] != '\0') {
		if (n >= 0) {
			field_ref_done(&ref);
			lua_pushfstring(L, "chisel.request_field: unexpected text after the field in '%s'", name);
		} else {
			lua_pushfstring(L, "chisel.request_field: %s", cause ? cause : "bad field");
		}
		free(cause);
		return lua_error(L);
	}
	if (c->nfields == c->fields_cap) {
		size_t cap = c->fields_cap ? 2 * c->fields_cap : 16;
		struct field_ref *v = realloc(c->fields, cap * sizeof(*v));
		if (!v) {
			field_ref_done(&ref);
			return luaL_error(L, "out of memory");
		}
		c->fields = v;
		c->fields_cap = cap;
	}
	c->fields[c->nfields++] = ref;
	/* the handle's slot in evt.field's cache, so that it is in the array part */
	lua_pushboolean(L, 0);
	lua_rawseti(L, lua_upvalueindex(1), (lua_Integer)c->nfields);
	/* a handle, as sysdig's: a light userdata, here holding the index + 1
	 * (checked by evt.field), which Lua code cannot forge */
	lua_pushlightuserdata(L, (void *)(uintptr_t)c->nfields);
	return 1;
}

static int l_chisel_set_filter(lua_State *L)
{
	struct chisel *c = chisel_from_L(L);
	const char *text = luaL_checkstring(L, 1);
	struct filter *f = NULL;
	char *cause = NULL;

	if (*text && !(f = filter_compile(text, NULL, &cause))) {
		lua_pushfstring(L, "chisel.set_filter: %s", cause ? cause : "bad filter");
		free(cause);
		return lua_error(L);
	}
	filter_free(c->flt);
	c->flt = f;
	return 0;
}

static int l_set_event_formatter(lua_State *L)
{
	struct chisel *c = chisel_from_L(L);
	const char *text = luaL_checkstring(L, 1);
	struct formatter *f = NULL;
	char *cause = NULL;

	if (*text) {
		f = c->set->json ? formatter_new_json(text, 0, &cause) : formatter_new(text, 0, &cause);
		if (!f) {
			lua_pushfstring(L, "chisel.set_event_formatter: %s", cause ? cause : "bad format");
			free(cause);
			return lua_error(L);
		}
	}
	formatter_free(c->fmt);
	c->fmt = f;
	return 0;
}

static int set_interval(lua_State *L, uint64_t mult)
{
	struct chisel *c = chisel_from_L(L);
	lua_Integer v = luaL_checkinteger(L, 1);
	luaL_argcheck(L, v > 0, 1, "the interval must be positive");
	c->interval_ns = (uint64_t)v * mult;
	c->next_interval = 0;
	if (c->ref_on_interval == LUA_NOREF) {
		if (lua_getglobal(L, "on_interval") == LUA_TFUNCTION)
			c->ref_on_interval = luaL_ref(L, LUA_REGISTRYINDEX);
		else
			lua_pop(L, 1);
	}
	return 0;
}

static int l_set_interval_s(lua_State *L) { return set_interval(L, 1000000000ull); }
static int l_set_interval_ns(lua_State *L) { return set_interval(L, 1); }

static int l_exec(lua_State *L)
{
	struct chisel *c = chisel_from_L(L);
	const char *name = luaL_checkstring(L, 1);
	int n = lua_gettop(L) - 1;
	const char *args[32];
	char *cause = NULL;

	luaL_argcheck(L, n <= 32, 34, "too many arguments");
	for (int i = 0; i < n; i++)
		args[i] = luaL_checkstring(L, i + 2);
	if (chisel_set_load_args(c->set, name, args, n, &cause)) {
		lua_pushfstring(L, "chisel.exec: %s", cause ? cause : name);
		free(cause);
		return lua_error(L);
	}
	return 0;
}

static const luaL_Reg chisel_funcs[] = {
	{ "request_field", l_request_field },
	{ "set_filter", l_chisel_set_filter },
	{ "set_event_formatter", l_set_event_formatter },
	{ "set_interval_s", l_set_interval_s },
	{ "set_interval_ns", l_set_interval_ns },
	{ "set_precise_interval_ns", l_set_interval_ns },
	{ "exec", l_exec },
	{ NULL, NULL },
};

/* ---- evt.* --------------------------------------------------------------- */

static const struct field_ctx *current(lua_State *L, const char *fn)
{
	struct chisel *c = chisel_from_L(L);
	if (!c->fc || !c->fc->e)
		luaL_error(L, "evt.%s called outside on_event", fn);
	return c->fc;
}

/* Pushes the string p[0..len), the same Lua string as the handle's last one
 * when the bytes are: most events repeat the last value of a field (the
 * process name, the event type), and a hit spares Lua hashing the bytes into
 * its string table, or for a string over 40 bytes, allocating a new one. */
static void push_cached(lua_State *L, lua_Integer slot, const char *p, size_t len)
{
	if (lua_rawgeti(L, lua_upvalueindex(1), slot) == LUA_TSTRING) {
		size_t n;
		const char *s = lua_tolstring(L, -1, &n);
		if (n == len && !memcmp(s, p, len))
			return;
	}
	lua_pop(L, 1);
	lua_pushlstring(L, p, len);
	lua_pushvalue(L, -1);
	lua_rawseti(L, lua_upvalueindex(1), slot);
}

static int l_evt_field(lua_State *L)
{
	struct chisel *c = chisel_from_L(L);
	/* NULL for anything but a userdata, which gives an index too large */
	uintptr_t idx = (uintptr_t)lua_touserdata(L, 1) - 1;
	struct field_ctx fc;
	const struct field_ref *ref;
	struct field_value v;

	if (idx >= c->nfields) {
		if (lua_type(L, 1) != LUA_TLIGHTUSERDATA)
			return luaL_typeerror(L, 1, "field handle (from chisel.request_field)");
		return luaL_argerror(L, 1, "not a field of this chisel");
	}
	fc = *current(L, "field");
	ref = &c->fields[idx];
	/* data buffers whole (up to the snaplen), as sysdig hands them to chisels */
	fc.output_flags |= FIELD_OUT_FULL_BUFFERS;
	if (field_get(&fc, ref, &v, &c->scratch) <= 0) {
		lua_pushnil(L);
		return 1;
	}
	switch (v.kind) {
	case FK_INT: lua_pushinteger(L, (lua_Integer)v.i); break;
	case FK_UINT: lua_pushinteger(L, (lua_Integer)v.u); break;
	case FK_BOOL: lua_pushboolean(L, v.b); break;
	case FK_DOUBLE: lua_pushnumber(L, v.d); break;
	case FK_STRING:
	case FK_BYTES: push_cached(L, (lua_Integer)idx + 1, v.s.p ? v.s.p : "", v.s.len); break;
	default: {
		/* addresses: as -p prints them */
		struct strbuf sb = STRBUF_INIT;
		field_value_render(ref->def, &v, 0, &sb);
		lua_pushlstring(L, sb.buf ? sb.buf : "", sb.len);
		strbuf_free(&sb);
		break;
	}
	}
	return 1;
}

static int l_get_num(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)current(L, "get_num")->e->num);
	return 1;
}

static int l_get_ts(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)current(L, "get_ts")->e->hdr->ts);
	return 1;
}

static int l_get_type(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)current(L, "get_type")->e->hdr->type);
	return 1;
}

static int l_get_cpuid(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)current(L, "get_cpuid")->e->cpu);
	return 1;
}

static const luaL_Reg evt_funcs[] = {
	{ "field", l_evt_field },
	{ "get_num", l_get_num },
	{ "get_ts", l_get_ts },
	{ "get_type", l_get_type },
	{ "get_cpuid", l_get_cpuid },
	{ NULL, NULL },
};

/* ---- sysdig.* / wtftop.* ------------------------------------------------- */

static int l_sys_set_filter(lua_State *L)
{
	struct chisel_set *cs = chisel_from_L(L)->set;
	const char *text = luaL_checkstring(L, 1);
	struct filter *f = NULL;
	char *cause = NULL;

	if (*text && !(f = filter_compile(text, NULL, &cause))) {
		lua_pushfstring(L, "sysdig.set_filter: %s", cause ? cause : "bad filter");
		free(cause);
		return lua_error(L);
	}
	filter_free(cs->global_flt);
	cs->global_flt = f;
	free(cs->global_filter_text);
	cs->global_filter_text = *text ? strdup(text) : NULL;
	return 0;
}

static int l_set_snaplen(lua_State *L)
{
	lua_Integer n = luaL_checkinteger(L, 1);
	luaL_argcheck(L, n >= 0 && n <= 65536, 1, "snaplen from 0 to 65536");
	chisel_from_L(L)->set->snaplen = (int)n;
	return 0;
}

static int l_set_output_format(lua_State *L)
{
	static const char *const names[] = { "normal", "json", "simple", "hex", "hexascii", "ascii",
					     "base64", NULL };
	int i = luaL_checkoption(L, 1, NULL, names);
	chisel_from_L(L)->set->json = i == 1;
	return 0;
}

static int l_get_output_format(lua_State *L)
{
	lua_pushstring(L, chisel_from_L(L)->set->json ? "json" : "normal");
	return 1;
}

static int l_is_live(lua_State *L)
{
	lua_pushboolean(L, chisel_from_L(L)->set->env.is_live);
	return 1;
}

static int l_is_tty(lua_State *L)
{
	lua_pushboolean(L, isatty(STDOUT_FILENO));
	return 1;
}

static int l_get_terminal_info(lua_State *L)
{
	struct winsize ws = { 0 };
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || !ws.ws_col)
		ws.ws_col = 80, ws.ws_row = 25;
	lua_createtable(L, 0, 2);
	lua_pushinteger(L, ws.ws_col);
	lua_setfield(L, -2, "width");
	lua_pushinteger(L, ws.ws_row);
	lua_setfield(L, -2, "height");
	return 1;
}

static int l_get_filter(lua_State *L)
{
	struct chisel_set *cs = chisel_from_L(L)->set;
	lua_pushstring(L, cs->env.filter ? cs->env.filter : "");
	return 1;
}

static int l_get_machine_info(lua_State *L)
{
	struct sysinfo si;
	char host[256] = "";
	long mhz = 0;
	FILE *f = fopen("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "r");

	if (f) {
		if (fscanf(f, "%ld", &mhz) != 1)
			mhz = 0;
		fclose(f);
		mhz /= 1000;
	}
	gethostname(host, sizeof(host) - 1);
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, sysconf(_SC_NPROCESSORS_ONLN));
	lua_setfield(L, -2, "num_cpus");
	lua_pushinteger(L, sysinfo(&si) ? 0 : (lua_Integer)si.totalram * si.mem_unit);
	lua_setfield(L, -2, "memory_size_bytes");
	lua_pushinteger(L, mhz);
	lua_setfield(L, -2, "max_cpu_frequency");
	lua_pushstring(L, host);
	lua_setfield(L, -2, "hostname");
	/* not in sysdig's table: what /proc/PID/stat's CPU times count in */
	lua_pushinteger(L, sysconf(_SC_CLK_TCK));
	lua_setfield(L, -2, "clock_ticks");
	return 1;
}

#define SETI(L, k, v) (lua_pushinteger((L), (lua_Integer)(v)), lua_setfield((L), -2, (k)))
static void set_str(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v ? v : "");
	lua_setfield(L, -2, k);
}
#define SETS(L, k, v) set_str((L), (k), (v))

static void push_ip(lua_State *L, const struct fd_tuple *t, const uint8_t *a, const char *key)
{
	char buf[INET6_ADDRSTRLEN];
	if (!inet_ntop(t->family == PPM_AF_INET ? AF_INET : AF_INET6, a, buf, sizeof(buf)))
		buf[0] = '\0';
	SETS(L, key, buf);
}

/* The container.* fields the thread and container tables carry, read
 * through the field registry as -p would print them. */
enum { CF_ID, CF_NAME, CF_IMAGE, CF_TYPE, CF_N };
static const char *const container_fields[CF_N] = { "container.id", "container.name",
						     "container.image", "container.type" };
static const char *const container_keys[CF_N] = { "id", "name", "image", "type" };

struct tt_ctx {
	lua_State *L;
	struct state *st;
	struct filter *flt;   /* owned by the caller: get_thread_table's argument, or NULL */
	struct thread *t;     /* the thread whose fds are pushed */
	bool all_fds;         /* the thread matched without an fd: every fd */
	size_t nfds;          /* fds pushed */
	struct strbuf scratch;
	struct field_ref cf[CF_N]; /* container_fields, parsed by tt_init */
};

static void tt_init(struct tt_ctx *x, lua_State *L, struct state *st)
{
	memset(x, 0, sizeof(*x));
	x->L = L;
	x->st = st;
	x->scratch = (struct strbuf)STRBUF_INIT;
	for (int i = 0; i < CF_N; i++) {
		char *cause = NULL;
		if (field_parse(container_fields[i], &x->cf[i], &cause) < 0)
			x->cf[i].def = NULL;
		free(cause);
	}
}

static void tt_done(struct tt_ctx *x)
{
	filter_free(x->flt);
	strbuf_free(&x->scratch);
	for (int i = 0; i < CF_N; i++)
		if (x->cf[i].def)
			field_ref_done(&x->cf[i]);
}

/* An empty event of thread t outside any event, marked as using an fd so
 * that fd.* fields answer for fd: what filters and fields are evaluated on
 * when a table is asked for. */
struct tt_evt {
	struct event_info info;
	struct evt e;
	struct field_ctx fc;
};

static void tt_evt_init(struct tt_evt *te, struct state *st, struct thread *t, struct fd_info *fd)
{
	static const struct wtf_evt_hdr hdr; /* type 0, no parameters */

	memset(te, 0, sizeof(*te));
	te->info = event_table[0];
	te->info.flags |= EF_USES_FD;
	te->e.hdr = &hdr;
	te->e.info = &te->info;
	te->e.thread = t;
	te->e.fd = fd;
	te->e.fdnum = fd ? fd->fd : -1;
	te->fc.e = &te->e;
	te->fc.st = st;
}

static bool tt_match(struct tt_ctx *x, struct thread *t, struct fd_info *fd)
{
	struct tt_evt te;

	tt_evt_init(&te, x->st, t, fd);
	strbuf_reset(&x->scratch);
	return filter_match(x->flt, &te.fc, &x->scratch);
}

/* Sets key = the value of container field i of thread t ("" if none) in the
 * table on top of the stack. */
static void set_container_field(struct tt_ctx *x, struct thread *t, int i, const char *key)
{
	struct tt_evt te;
	struct field_value v;

	tt_evt_init(&te, x->st, t, NULL);
	strbuf_reset(&x->scratch);
	if (x->cf[i].def && field_get(&te.fc, &x->cf[i], &v, &x->scratch) > 0 &&
	    (v.kind == FK_STRING || v.kind == FK_BYTES))
		lua_pushlstring(x->L, v.s.p ? v.s.p : "", v.s.len);
	else
		lua_pushstring(x->L, "");
	lua_setfield(x->L, -2, key);
}

static int push_fd(struct fd_info *fd, void *ctx)
{
	struct tt_ctx *x = ctx;
	lua_State *L = x->L;
	char tc[2] = { fd_type_char(fd->type), 0 };

	if (x->flt && !x->all_fds && !tt_match(x, x->t, fd))
		return 0;
	x->nfds++;
	lua_createtable(L, 0, 8);
	SETS(L, "name", fd->name);
	SETS(L, "type", fd_type_name(fd->type));
	SETS(L, "typechar", tc);
	SETI(L, "num", fd->fd);
	if (fd->type == FDT_IPV4_SOCK || fd->type == FDT_IPV6_SOCK) {
		push_ip(L, &fd->tuple, fd->tuple.cip, "cip");
		push_ip(L, &fd->tuple, fd->tuple.sip, "sip");
		SETI(L, "cport", fd->tuple.cport);
		SETI(L, "sport", fd->tuple.sport);
		SETS(L, "l4proto", fd->tuple.l4proto == 6 ? "tcp" : fd->tuple.l4proto == 17 ? "udp" : "");
		lua_pushboolean(L, fd->role == FD_ROLE_SERVER);
		lua_setfield(L, -2, "is_server");
	}
	lua_rawseti(L, -2, fd->fd);
	return 0;
}

static int push_thread(struct thread *t, void *p)
{
	struct tt_ctx *x = p;
	lua_State *L = x->L;
	const struct user_info *u = state_user(x->st, t->euid);

	if (t->flags & THREAD_F_DEAD)
		return 0;
	x->t = t;
	x->nfds = 0;
	x->all_fds = !x->flt || tt_match(x, t, NULL);
	if (!x->all_fds) { /* then it is in only for the fds that match */
		lua_newtable(L);
		if (t->fds)
			fdtable_foreach(t->fds, push_fd, x);
		size_t n = x->nfds;
		lua_pop(L, 1);
		if (!n)
			return 0;
	}
	lua_createtable(L, 0, 24);
	SETI(L, "tid", t->tid);
	SETI(L, "pid", t->pid);
	SETI(L, "ptid", t->ptid);
	SETI(L, "sid", t->sid);
	SETI(L, "vtid", t->vtid);
	SETI(L, "vpid", t->vpid);
	SETS(L, "comm", t->comm);
	SETS(L, "exe", t->exe);
	SETS(L, "exepath", t->exepath);
	SETS(L, "cwd", t->cwd);
	SETI(L, "uid", t->euid);
	SETI(L, "gid", t->egid);
	SETS(L, "username", u ? u->name : NULL);
	SETI(L, "tty", t->tty);
	{ /* the process's limit: its main thread keeps it */
		struct thread *m = t->fdlimit || t->tid == t->pid ? t : state_thread(x->st, t->pid);
		SETI(L, "fdlimit", m ? m->fdlimit : 0);
	}
	SETI(L, "vmsize_kb", t->vmsize_kb);
	SETI(L, "vmrss_kb", t->vmrss_kb);
	SETI(L, "vmswap_kb", t->vmswap_kb);
	SETI(L, "pfmajor", t->pfmajor);
	SETI(L, "pfminor", t->pfminor);
	SETI(L, "start_ts", t->start_ts);
	set_container_field(x, t, CF_ID, "container_id");
	set_container_field(x, t, CF_NAME, "container_name");
	lua_newtable(L); /* args */
	for (uint32_t off = 0, i = 1; t->args && off < t->args_len; i++) {
		size_t len = strnlen(t->args + off, t->args_len - off);
		lua_pushlstring(L, t->args + off, len);
		lua_rawseti(L, -2, i);
		off += len + 1;
	}
	lua_setfield(L, -2, "args");
	lua_newtable(L);
	if (t->fds)
		fdtable_foreach(t->fds, push_fd, x);
	lua_setfield(L, -2, "fdtable");
	lua_rawseti(L, -2, t->tid);
	return 0;
}

/* A table of the state's threads, filled by push for each (optionally only
 * those matching the filter in argument 1); fn names the caller in errors. */
static int thread_walk_table(lua_State *L, const char *fn, int (*push)(struct thread *, void *))
{
	struct chisel_set *cs = chisel_from_L(L)->set;
	const char *text = luaL_optstring(L, 1, NULL);
	struct tt_ctx x;
	char *cause = NULL;

	tt_init(&x, L, cs->env.st);
	if (text && *text && !(x.flt = filter_compile(text, NULL, &cause))) {
		tt_done(&x);
		lua_pushfstring(L, "%s: %s", fn, cause ? cause : "bad filter");
		free(cause);
		return lua_error(L);
	}
	lua_newtable(L);
	if (cs->env.st)
		state_foreach_thread(cs->env.st, push, &x);
	tt_done(&x);
	return 1;
}

static int l_get_thread_table(lua_State *L)
{
	return thread_walk_table(L, "sysdig.get_thread_table", push_thread);
}

/* One entry per container that a live thread of the state runs in, keyed by
 * container.id: the containers a chisel can see are those of the threads. */
static int push_container(struct thread *t, void *p)
{
	struct tt_ctx *x = p;
	lua_State *L = x->L;
	struct tt_evt te;
	struct field_value v;

	if (!t->container || (t->flags & THREAD_F_DEAD) || !x->cf[CF_ID].def)
		return 0;
	if (x->flt && !tt_match(x, t, NULL))
		return 0;
	tt_evt_init(&te, x->st, t, NULL);
	strbuf_reset(&x->scratch);
	if (field_get(&te.fc, &x->cf[CF_ID], &v, &x->scratch) <= 0 || v.kind != FK_STRING)
		return 0;
	lua_pushlstring(L, v.s.p, v.s.len);
	if (lua_rawget(L, -2) != LUA_TNIL) { /* seen from another thread */
		lua_pop(L, 1);
		return 0;
	}
	lua_pop(L, 1);
	lua_createtable(L, 0, CF_N);
	for (int i = 0; i < CF_N; i++)
		set_container_field(x, t, i, container_keys[i]);
	lua_getfield(L, -1, "id");
	lua_insert(L, -2);
	lua_rawset(L, -3);
	return 0;
}

static int l_get_container_table(lua_State *L)
{
	return thread_walk_table(L, "sysdig.get_container_table", push_container);
}

static int l_get_evtsource_name(lua_State *L)
{
	lua_pushstring(L, "syscall");
	return 1;
}

static int l_get_firstevent_ts(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)chisel_from_L(L)->set->first_ts);
	return 1;
}

static int l_get_lastevent_ts(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)chisel_from_L(L)->set->last_ts);
	return 1;
}

static int l_make_ts(lua_State *L)
{
	lua_Integer s = luaL_checkinteger(L, 1), ns = luaL_checkinteger(L, 2);
	lua_pushinteger(L, s * 1000000000 + ns);
	return 1;
}

static int l_add_ts(lua_State *L)
{
	lua_pushinteger(L, luaL_checkinteger(L, 1) + luaL_checkinteger(L, 2));
	return 1;
}

static int l_subtract_ts(lua_State *L)
{
	lua_pushinteger(L, luaL_checkinteger(L, 1) - luaL_checkinteger(L, 2));
	return 1;
}

/* sysdig.run_app(args): runs wtftop itself with args (split on blanks, no
 * shell), as sysdig runs sysdig (spy_logs and around write the events they
 * found that way); waits for it and returns its exit status. A program that
 * run_app started cannot run_app again: whatever /proc/self/exe is (a test
 * binary hosting chisels, say), it never recurses. */
#define RUN_APP_ENV "WTFTOP_IN_RUN_APP"
static int l_run_app(lua_State *L)
{
	const char *args = luaL_checkstring(L, 1);
	char *copy, *argv[64], *save = NULL;
	int argc = 0, status = 0;
	pid_t pid;

	if (getenv(RUN_APP_ENV))
		return luaL_error(L, "sysdig.run_app: not from a program that run_app started");
	if (!(copy = strdup(args)))
		return luaL_error(L, "out of memory");
	argv[argc++] = "wtftop";
	for (char *w = strtok_r(copy, " \t", &save); w && argc < 63; w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setenv(RUN_APP_ENV, "1", 1);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	free(copy);
	if (pid < 0)
		return luaL_error(L, "sysdig.run_app: %s", strerror(errno));
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	lua_pushinteger(L, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 1;
}

static int l_end_capture(lua_State *L)
{
	chisel_from_L(L)->set->stop = true;
	return 0;
}

static int l_log(lua_State *L)
{
	static const char *const sev[] = { "error", "warning", "info", "debug", NULL };
	const char *msg = luaL_checkstring(L, 1);
	int level = luaL_checkoption(L, 2, "info", sev);
	log_msg((enum log_level)level, "%s", msg);
	return 0;
}

static int l_is_print_container_data(lua_State *L)
{
	lua_pushboolean(L, 0);
	return 1;
}

static const luaL_Reg sysdig_funcs[] = {
	{ "set_filter", l_sys_set_filter },
	{ "set_snaplen", l_set_snaplen },
	{ "set_output_format", l_set_output_format },
	{ "is_live", l_is_live },
	{ "is_tty", l_is_tty },
	{ "get_terminal_info", l_get_terminal_info },
	{ "get_filter", l_get_filter },
	{ "get_machine_info", l_get_machine_info },
	{ "get_thread_table", l_get_thread_table },
	{ "get_container_table", l_get_container_table },
	{ "get_output_format", l_get_output_format },
	{ "get_evtsource_name", l_get_evtsource_name },
	{ "get_firstevent_ts", l_get_firstevent_ts },
	{ "get_lastevent_ts", l_get_lastevent_ts },
	{ "make_ts", l_make_ts },
	{ "add_ts", l_add_ts },
	{ "subtract_ts", l_subtract_ts },
	{ "run_app", l_run_app },
	{ "end_capture", l_end_capture },
	{ "log", l_log },
	{ "is_print_container_data", l_is_print_container_data },
	{ NULL, NULL },
};

void chisel_api_open(struct chisel *c)
{
	lua_State *L = c->L;
	static const struct {
		const char *name;
		const luaL_Reg *funcs;
	} tables[] = {
		{ "chisel", chisel_funcs },
		{ "evt", evt_funcs },
		{ "wtftop", sysdig_funcs },
	};

	/* every function's upvalue: the last value evt.field pushed per handle */
	lua_createtable(L, 16, 0);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		lua_newtable(L);
		lua_pushvalue(L, -2);
		luaL_setfuncs(L, tables[i].funcs, 1);
		lua_setglobal(L, tables[i].name);
	}
	lua_pop(L, 1);
	/* sysdig's name is an alias of the same table */
	lua_getglobal(L, "wtftop");
	lua_setglobal(L, "sysdig");
}
