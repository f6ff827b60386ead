/* chisel_int.h: what the host (chisel.c) and the Lua API (chisel_api.c) share. */
#ifndef WTF_CHISEL_INT_H
#define WTF_CHISEL_INT_H

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lua/chisel.h"
#include "util/strbuf.h"

struct filter;
struct formatter;

struct chisel {
	struct chisel_set *set;     /* borrowed: the set that owns this chisel */
	lua_State *L;               /* owned */
	char *path;                 /* owned */
	struct field_ref *fields;   /* owned: requested fields, by handle index */
	size_t nfields, fields_cap;
	struct filter *flt;         /* owned: chisel.set_filter, or NULL */
	struct formatter *fmt;      /* owned: chisel.set_event_formatter, or NULL */
	bool has_on_event;          /* on_event is at ON_EVENT_SLOT of L's stack */
	int ref_on_interval;        /* registry ref to on_interval, LUA_NOREF if absent */
	uint64_t interval_ns;       /* 0: no on_interval */
	uint64_t next_interval, last_interval;
	const struct field_ctx *fc; /* borrowed: the event being handled, or NULL */
	struct strbuf scratch;
};

struct chisel_set {
	struct chisel **v;          /* owned, each owned */
	size_t n, cap;
	struct chisel_env env;
	struct filter *global_flt;  /* owned: sysdig.set_filter */
	char *global_filter_text;   /* owned */
	int snaplen;                /* sysdig.set_snaplen, -1 if never called */
	bool json;                  /* sysdig.set_output_format / -j */
	bool stop;                  /* sysdig.end_capture */
	bool initialized;           /* on_init has run (chisel.exec loads init at once) */
	int failed;
	bool quiet;                 /* -cl: loading errors are not reported */
	uint64_t first_ts, last_ts;
	struct strbuf out;          /* formatter lines, flushed when idle */
};

/* The bottom of a chisel's stack, below every call: the message handler of
 * chisel_pcall, then on_event (nil until on_init has run, or if none). */
#define MSGHANDLER_SLOT 1
#define ON_EVENT_SLOT 2

/* Opens the API tables (chisel, evt, sysdig, wtftop) in c->L; c->L's extra
 * space holds c. */
void chisel_api_open(struct chisel *c);
static inline struct chisel *chisel_from_L(lua_State *L)
{
	return *(struct chisel **)lua_getextraspace(L);
}
/* Calls the function under the nargs arguments on the stack, protected,
 * with a traceback. On error logs "path: message + traceback", marks the set
 * failed and stopped, and returns -1; else 0 with nres results pushed. */
int chisel_pcall(struct chisel *c, int nargs, int nres);
/* Loads name with string arguments (chisel.exec); initialises it if the set
 * already is. */
int chisel_set_load_args(struct chisel_set *cs, const char *name, const char *const *args,
			 int nargs, char **cause);

#endif
