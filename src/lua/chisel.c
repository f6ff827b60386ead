/* chisel.c: the chisel host: finding chisels on the search path, one
 * lua_State per chisel, every call into Lua protected with a traceback, and
 * the callbacks (on_set_arg, on_init, on_capture_start, on_event,
 * on_interval, on_capture_end, on_alert) driven from the pipeline. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "filter/filter.h"
#include "format/format.h"
#include "lua/chisel_int.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/clock.h"

#ifndef WTFTOP_CHISELS_DIR
#define WTFTOP_CHISELS_DIR "/usr/local/share/wtftop/chisels"
#endif
#define MAX_PATH_DIRS 16

/* ---- the search path --------------------------------------------------- */

/* Fills dirs (each malloc'd) in search order: WTFTOP_CHISELS_PATH (colon
 * separated), ./chisels, ~/.chisels, the installed directory. */
static int path_dirs(char **dirs)
{
	const char *env = getenv("WTFTOP_CHISELS_PATH"), *home = getenv("HOME");
	int n = 0;

	if (env && *env) {
		char *copy = strdup(env), *save = NULL;
		for (char *tok = copy ? strtok_r(copy, ":", &save) : NULL; tok && n < MAX_PATH_DIRS - 3;
		     tok = strtok_r(NULL, ":", &save))
			if (*tok)
				dirs[n++] = strdup(tok);
		free(copy);
	}
	dirs[n++] = strdup("./chisels");
	if (home && *home)
		dirs[n++] = xasprintf("%s/.chisels", home);
	dirs[n++] = strdup(WTFTOP_CHISELS_DIR);
	for (int i = 0; i < n; i++)
		if (!dirs[i]) { /* out of memory: drop it */
			for (int j = i; j + 1 < n; j++)
				dirs[j] = dirs[j + 1];
			n--, i--;
		}
	return n;
}

static void path_dirs_free(char **dirs, int n)
{
	for (int i = 0; i < n; i++)
		free(dirs[i]);
}

char *chisel_find(const char *name)
{
	char *dirs[MAX_PATH_DIRS], *found = NULL;
	int n;
	size_t len = strlen(name);
	bool has_ext = len > 4 && !strcmp(name + len - 4, ".lua");

	if (strchr(name, '/'))
		return access(name, R_OK) == 0 ? strdup(name) : NULL;
	n = path_dirs(dirs);
	for (int i = 0; i < n && !found; i++) {
		char *p = xasprintf("%s/%s%s", dirs[i], name, has_ext ? "" : ".lua");
		if (p && access(p, R_OK) == 0)
			found = p;
		else
			free(p);
	}
	path_dirs_free(dirs, n);
	return found;
}

/* ---- protected calls ----------------------------------------------------- */

/* The message handler of lua.c: the error text with a traceback. */
static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int chisel_pcall(struct chisel *c, int nargs, int nres)
{
	lua_State *L = c->L;
	int base = lua_gettop(L) - nargs;
	int status;

	if (base > MSGHANDLER_SLOT && lua_tocfunction(L, MSGHANDLER_SLOT) == msghandler) {
		/* called from C at the bottom of the stack, where chisel_open left
		 * the handler: the common case, once per event */
		status = lua_pcall(L, nargs, nres, MSGHANDLER_SLOT);
	} else {
		lua_pushcfunction(L, msghandler);
		lua_insert(L, base);
		status = lua_pcall(L, nargs, nres, base);
		lua_remove(L, base);
	}
	if (status != LUA_OK) {
		if (!c->set->quiet)
			log_error("chisel %s failed: %s", c->path, lua_tostring(L, -1));
		lua_pop(L, 1);
		c->set->failed = 1;
		c->set->stop = true;
		return -1;
	}
	return 0;
}

/* Pushes global function `name`; false (nothing pushed) when undefined. */
static bool push_callback(struct chisel *c, const char *name)
{
	if (lua_getglobal(c->L, name) == LUA_TFUNCTION)
		return true;
	lua_pop(c->L, 1);
	return false;
}

static int callback_ref(struct chisel *c, const char *name)
{
	if (!push_callback(c, name))
		return LUA_NOREF;
	return luaL_ref(c->L, LUA_REGISTRYINDEX);
}

/* ---- one chisel ---------------------------------------------------------- */

static void chisel_free(struct chisel *c)
{
	if (!c)
		return;
	if (c->L)
		lua_close(c->L);
	for (size_t i = 0; i < c->nfields; i++)
		field_ref_done(&c->fields[i]);
	free(c->fields);
	filter_free(c->flt);
	formatter_free(c->fmt);
	strbuf_free(&c->scratch);
	free(c->path);
	free(c);
}

/* package.path: each search directory first, so require finds helpers
 * beside the chisels. */
static void set_package_path(lua_State *L)
{
	char *dirs[MAX_PATH_DIRS];
	int n = path_dirs(dirs);
	luaL_Buffer b;

	lua_getglobal(L, "package");
	luaL_buffinit(L, &b);
	for (int i = 0; i < n; i++) {
		luaL_addstring(&b, dirs[i]);
		luaL_addstring(&b, "/?.lua;");
	}
	lua_getfield(L, -2, "path");
	luaL_addvalue(&b);
	luaL_pushresult(&b);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
	path_dirs_free(dirs, n);
}

/* A new state with the API and the chisel's top-level code run. */
static struct chisel *chisel_open(struct chisel_set *cs, const char *path, char **cause)
{
	struct chisel *c = calloc(1, sizeof(*c));
	if (!c || !(c->path = strdup(path)) || !(c->L = luaL_newstate())) {
		chisel_free(c);
		*cause = xasprintf("out of memory loading chisel %s", path);
		return NULL;
	}
	c->set = cs;
	c->ref_on_interval = LUA_NOREF;
	c->scratch = (struct strbuf)STRBUF_INIT;
	*(struct chisel **)lua_getextraspace(c->L) = c;
	lua_pushcfunction(c->L, msghandler); /* stays at the bottom, for chisel_pcall */
	lua_pushnil(c->L);                   /* ON_EVENT_SLOT: on_event, once on_init ran */
	luaL_openlibs(c->L);
	set_package_path(c->L);
	chisel_api_open(c);
	if (luaL_loadfile(c->L, path) != LUA_OK) {
		*cause = xasprintf("%s", lua_tostring(c->L, -1));
		chisel_free(c);
		return NULL;
	}
	if (chisel_pcall(c, 0, 0)) {
		*cause = xasprintf("chisel %s failed while loading", path);
		chisel_free(c);
		return NULL;
	}
	return c;
}

struct arg_spec {
	char name[64];
	char type[16];
	bool optional;
};

static int read_arg_specs(lua_State *L, struct arg_spec *specs, int max)
{
	int n = 0;
	if (lua_getglobal(L, "args") == LUA_TTABLE) {
		for (lua_Integer i = 1; n < max; i++) {
			if (lua_rawgeti(L, -1, i) != LUA_TTABLE) {
				lua_pop(L, 1);
				break;
			}
			memset(&specs[n], 0, sizeof(specs[n]));
			if (lua_getfield(L, -1, "name") == LUA_TSTRING)
				snprintf(specs[n].name, sizeof(specs[n].name), "%s", lua_tostring(L, -1));
			lua_pop(L, 1);
			if (lua_getfield(L, -1, "argtype") == LUA_TSTRING)
				snprintf(specs[n].type, sizeof(specs[n].type), "%s", lua_tostring(L, -1));
			lua_pop(L, 1);
			lua_getfield(L, -1, "optional");
			specs[n].optional = lua_toboolean(L, -1);
			lua_pop(L, 2);
			n++;
		}
	}
	lua_pop(L, 1);
	return n;
}

/* Gives value to on_set_arg(name, value); false from it is an error. */
static int set_arg(struct chisel *c, const char *name, const char *value, char **cause)
{
	if (!push_callback(c, "on_set_arg"))
		return 0;
	lua_pushstring(c->L, name);
	lua_pushstring(c->L, value);
	if (chisel_pcall(c, 2, 1)) {
		*cause = xasprintf("chisel %s: setting argument %s failed", c->path, name);
		return -EINVAL;
	}
	bool ok = lua_isnil(c->L, -1) || lua_toboolean(c->L, -1);
	lua_pop(c->L, 1);
	if (!ok) {
		*cause = xasprintf("chisel %s: bad value '%s' for argument %s", c->path, value, name);
		return -EINVAL;
	}
	return 0;
}

static bool looks_like_filter(const char *w)
{
	return strpbrk(w, "=<>()!") || strstr(w, " and ") || strstr(w, " or ") || !strncmp(w, "not ", 4);
}

static bool is_integer(const char *w)
{
	char *end;
	if (!*w)
		return false;
	(void)strtoll(w, &end, 10);
	return *end == '\0';
}

static int set_add(struct chisel_set *cs, struct chisel *c)
{
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 4;
		struct chisel **v = realloc(cs->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		cs->v = v;
		cs->cap = cap;
	}
	cs->v[cs->n++] = c;
	return 0;
}

static int chisel_init(struct chisel *c, char **cause)
{
	if (push_callback(c, "on_init")) {
		if (chisel_pcall(c, 0, 1)) {
			*cause = xasprintf("chisel %s: on_init failed", c->path);
			return -EINVAL;
		}
		bool ok = lua_isnil(c->L, -1) || lua_toboolean(c->L, -1);
		lua_pop(c->L, 1);
		if (!ok) {
			*cause = xasprintf("chisel %s: on_init returned false", c->path);
			return -EINVAL;
		}
	}
	/* on_event stays on the stack: pushing it once an event is a copy, where
	 * a registry reference would be a table look-up */
	if (!push_callback(c, "on_event"))
		lua_pushnil(c->L);
	c->has_on_event = !lua_isnil(c->L, -1);
	lua_replace(c->L, ON_EVENT_SLOT);
	c->ref_on_interval = callback_ref(c, "on_interval");
	return 0;
}

/* Splits words (the argument string of a several-argument chisel) on blanks. */
static int split_words(char *s, char **out, int max)
{
	int n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(s, " \t", &save); tok && n < max; tok = strtok_r(NULL, " \t", &save))
		out[n++] = tok;
	return n;
}

static int load_with_values(struct chisel_set *cs, const char *name, char **values, int nvalues,
			    struct chisel **out, char **cause)
{
	struct arg_spec specs[32];
	struct chisel *c;
	char *path = chisel_find(name);
	int nspecs, r;

	if (!path) {
		*cause = xasprintf("chisel '%s' not found (see wtftop -cl; searched WTFTOP_CHISELS_PATH, "
				   "./chisels, ~/.chisels, %s)", name, WTFTOP_CHISELS_DIR);
		return -ENOENT;
	}
	c = chisel_open(cs, path, cause);
	free(path);
	if (!c)
		return -EINVAL;
	nspecs = read_arg_specs(c->L, specs, 32);
	for (int i = 0; i < nspecs; i++) {
		if (i >= nvalues) {
			if (!specs[i].optional) {
				*cause = xasprintf("chisel %s needs argument %s (see wtftop -i %s)", name,
						   specs[i].name, name);
				chisel_free(c);
				return -EINVAL;
			}
			continue;
		}
		if ((r = set_arg(c, specs[i].name, values[i], cause))) {
			chisel_free(c);
			return r;
		}
	}
	if ((r = set_add(cs, c))) {
		chisel_free(c);
		*cause = xasprintf("out of memory");
		return r;
	}
	*out = c;
	return 0;
}

int chisel_set_load(struct chisel_set *cs, const char *name, char *const *args, int nargs,
		    int *used, char **cause)
{
	struct arg_spec specs[32];
	char *path = chisel_find(name), *copy = NULL, *values[32];
	struct chisel *c, *peek;
	int nspecs, nreq = 0, nvalues = 0, r;

	*used = 0;
	if (!path) {
		*cause = xasprintf("chisel '%s' not found (see wtftop -cl; searched WTFTOP_CHISELS_PATH, "
				   "./chisels, ~/.chisels, %s)", name, WTFTOP_CHISELS_DIR);
		return -ENOENT;
	}
	/* a first look at the argument list decides how many words to take */
	peek = chisel_open(cs, path, cause);
	free(path);
	if (!peek)
		return -EINVAL;
	nspecs = read_arg_specs(peek->L, specs, 32);
	chisel_free(peek);
	for (int i = 0; i < nspecs; i++)
		nreq += !specs[i].optional;
	/* As sysdig: the next word is the argument string; with several
	 * arguments it is split on blanks. An optional-only chisel takes it
	 * only when it does not look like the filter. */
	if (nspecs > 0 && nargs > 0 &&
	    (nreq > 0 || !strcmp(specs[0].type, "filter") ||
	     (!strcmp(specs[0].type, "int") ? is_integer(args[0]) : !looks_like_filter(args[0])))) {
		copy = strdup(args[0]);
		if (!copy) {
			*cause = xasprintf("out of memory");
			return -ENOMEM;
		}
		if (nspecs == 1)
			values[nvalues++] = copy;
		else
			nvalues = split_words(copy, values, 32);
		*used = 1;
	}
	r = load_with_values(cs, name, values, nvalues, &c, cause);
	free(copy);
	return r;
}

int chisel_set_load_args(struct chisel_set *cs, const char *name, const char *const *args,
			 int nargs, char **cause)
{
	struct chisel *c;
	int r = load_with_values(cs, name, (char **)args, nargs, &c, cause);
	if (r)
		return r;
	if (cs->initialized)
		r = chisel_init(c, cause);
	return r;
}

/* ---- the set ------------------------------------------------------------- */

struct chisel_set *chisel_set_new(const struct chisel_env *env)
{
	struct chisel_set *cs = calloc(1, sizeof(*cs));
	if (!cs)
		return NULL;
	cs->env = *env;
	cs->snaplen = -1;
	cs->json = env->json;
	cs->out = (struct strbuf)STRBUF_INIT;
	return cs;
}

void chisel_set_attach_state(struct chisel_set *cs, struct state *st)
{
	cs->env.st = st;
}

void chisel_set_env_filter(struct chisel_set *cs, const char *filter)
{
	cs->env.filter = filter;
}

void chisel_set_free(struct chisel_set *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->n; i++)
		chisel_free(cs->v[i]);
	free(cs->v);
	filter_free(cs->global_flt);
	free(cs->global_filter_text);
	strbuf_free(&cs->out);
	fflush(stdout);
	/* chisels draw with escapes: leave the terminal sane whatever happened */
	if (cs->env.is_live && isatty(STDOUT_FILENO))
		fputs("\033[0m\033[?25h", stdout), fflush(stdout);
	free(cs);
}

int chisel_set_init(struct chisel_set *cs, char **cause)
{
	/* chisel.exec may add chisels while we go: index, not pointer */
	for (size_t i = 0; i < cs->n; i++) {
		int r = chisel_init(cs->v[i], cause);
		if (r)
			return r;
	}
	cs->initialized = true;
	return 0;
}

int chisel_set_snaplen(const struct chisel_set *cs)
{
	return cs->snaplen;
}

int chisel_set_failed(const struct chisel_set *cs)
{
	return cs->failed;
}

void chisel_set_capture_start(struct chisel_set *cs)
{
	for (size_t i = 0; i < cs->n && !cs->failed; i++) {
		struct chisel *c = cs->v[i];
		if (push_callback(c, "on_capture_start") && !chisel_pcall(c, 0, 1)) {
			/* false: the chisel cannot run on this capture (it said why) */
			if (lua_isboolean(c->L, -1) && !lua_toboolean(c->L, -1)) {
				log_error("chisel %s: on_capture_start returned false", c->path);
				cs->failed = 1;
				cs->stop = true;
			}
			lua_pop(c->L, 1);
		}
		/* set_interval may have been called now: pick up on_interval */
		if (c->ref_on_interval == LUA_NOREF)
			c->ref_on_interval = callback_ref(c, "on_interval");
	}
}

/* Fires c's on_interval for each interval that ended by now (ns). */
static void chisel_intervals(struct chisel *c, uint64_t now)
{
	if (!c->interval_ns || c->ref_on_interval == LUA_NOREF)
		return;
	if (!c->next_interval) {
		c->last_interval = now;
		c->next_interval = (now / c->interval_ns + 1) * c->interval_ns;
		return;
	}
	if (now < c->next_interval)
		return;
	if (now - c->next_interval > 10 * c->interval_ns) /* far behind: skip the gap */
		c->next_interval = now / c->interval_ns * c->interval_ns;
	while (now >= c->next_interval && !c->set->failed) {
		uint64_t t = c->next_interval;
		lua_rawgeti(c->L, LUA_REGISTRYINDEX, c->ref_on_interval);
		lua_pushinteger(c->L, (lua_Integer)(t / 1000000000ull));
		lua_pushinteger(c->L, (lua_Integer)(t % 1000000000ull));
		lua_pushinteger(c->L, (lua_Integer)(t - c->last_interval));
		c->last_interval = t;
		c->next_interval += c->interval_ns;
		if (!chisel_pcall(c, 3, 0))
			fflush(stdout);
	}
}

void chisel_set_time(struct chisel_set *cs, uint64_t ts)
{
	if (!cs->first_ts)
		cs->first_ts = ts;
	cs->last_ts = ts;
	for (size_t i = 0; i < cs->n; i++) {
		struct chisel *c = cs->v[i];
		/* once an event: the call only when an interval may have ended */
		if (c->interval_ns && ts >= c->next_interval)
			chisel_intervals(c, ts);
	}
}

int chisel_set_on_event(void *p, struct evt *e, struct field_ctx *fc)
{
	struct chisel_set *cs = p;
	bool pass;

	if (cs->global_flt) {
		struct strbuf *sc = &cs->v[0]->scratch;
		strbuf_reset(sc);
		if (!filter_match(cs->global_flt, fc, sc))
			return cs->stop;
	}
	for (size_t i = 0; i < cs->n && !cs->stop; i++) {
		struct chisel *c = cs->v[i];
		strbuf_reset(&c->scratch);
		if (c->flt && !filter_match(c->flt, fc, &c->scratch))
			continue;
		pass = true;
		if (c->has_on_event) {
			c->fc = fc;
			lua_pushvalue(c->L, ON_EVENT_SLOT);
			if (chisel_pcall(c, 0, 1) == 0) {
				pass = !(lua_isboolean(c->L, -1) && !lua_toboolean(c->L, -1));
				lua_pop(c->L, 1);
			}
			c->fc = NULL;
		}
		if (pass && c->fmt && !cs->failed) {
			strbuf_reset(&c->scratch);
			strbuf_reset(&cs->out);
			if (formatter_write(c->fmt, fc, &cs->out, &c->scratch) > 0) {
				strbuf_putc(&cs->out, '\n');
				fwrite(cs->out.buf, 1, cs->out.len, stdout);
			}
		}
	}
	return cs->stop;
}

void chisel_set_idle(void *p)
{
	struct chisel_set *cs = p;
	if (cs->env.is_live) {
		uint64_t now = clock_ns(CLOCK_REALTIME);
		for (size_t i = 0; i < cs->n; i++)
			chisel_intervals(cs->v[i], now);
	}
	fflush(stdout);
}

void chisel_set_capture_end(struct chisel_set *cs)
{
	uint64_t ts = cs->env.is_live ? clock_ns(CLOCK_REALTIME) : cs->last_ts;
	for (size_t i = 0; i < cs->n; i++) {
		struct chisel *c = cs->v[i];
		uint64_t since = c->last_interval ? c->last_interval : cs->first_ts;
		if (cs->failed)
			break;
		if (!push_callback(c, "on_capture_end"))
			continue;
		lua_pushinteger(c->L, (lua_Integer)(ts / 1000000000ull));
		lua_pushinteger(c->L, (lua_Integer)(ts % 1000000000ull));
		lua_pushinteger(c->L, (lua_Integer)(since && ts > since ? ts - since : 0));
		chisel_pcall(c, 3, 0);
	}
	fflush(stdout);
}

void chisel_set_on_alert(struct chisel_set *cs, const char *rule, const char *priority,
			 const char *output)
{
	for (size_t i = 0; i < cs->n && !cs->failed; i++) {
		struct chisel *c = cs->v[i];
		if (!push_callback(c, "on_alert"))
			continue;
		lua_pushstring(c->L, rule);
		lua_pushstring(c->L, priority);
		lua_pushstring(c->L, output);
		chisel_pcall(c, 3, 0);
	}
}

/* ---- -cl and -i ---------------------------------------------------------- */

struct chisel_meta {
	char *name, *category, *shortdesc;
	bool hidden;
};

static char *global_str(lua_State *L, const char *name)
{
	char *s = NULL;
	if (lua_getglobal(L, name) == LUA_TSTRING)
		s = strdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return s;
}

static int meta_cmp(const void *a, const void *b)
{
	const struct chisel_meta *x = a, *y = b;
	int r = strcmp(x->category ? x->category : "", y->category ? y->category : "");
	return r ? r : strcmp(x->name, y->name);
}

static void print_heading(FILE *f, const char *category)
{
	int n = fprintf(f, "Category: %s\n", category) - 1;
	for (int i = 0; i < n; i++)
		fputc('-', f);
	fputc('\n', f);
}

static void print_name_line(FILE *f, const char *name, const char *shortdesc)
{
	if (strlen(name) < 16)
		fprintf(f, "%-16s%s\n", name, shortdesc ? shortdesc : "");
	else
		fprintf(f, "%s\n%16s%s\n", name, "", shortdesc ? shortdesc : "");
}

int chisel_print_list(FILE *f)
{
	struct chisel_env env = { 0 };
	struct chisel_set *cs = chisel_set_new(&env);
	struct chisel_meta *m = NULL;
	size_t n = 0, cap = 0;
	char *dirs[MAX_PATH_DIRS];
	int nd = path_dirs(dirs);

	if (!cs)
		return -ENOMEM;
	cs->quiet = true; /* a helper module on the path that fails alone is not an error */
	for (int d = 0; d < nd; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;
		while (dir && (de = readdir(dir))) {
			size_t len = strlen(de->d_name);
			char *path, *cause = NULL;
			struct chisel *c;
			bool dup = false;
			if (len < 5 || strcmp(de->d_name + len - 4, ".lua"))
				continue;
			for (size_t i = 0; i < n; i++)
				dup |= !strncmp(m[i].name, de->d_name, len - 4) && !m[i].name[len - 4];
			if (dup || !(path = xasprintf("%s/%s", dirs[d], de->d_name)))
				continue;
			c = chisel_open(cs, path, &cause);
			free(path);
			free(cause);
			cs->failed = 0;
			cs->stop = false;
			if (!c)
				continue;
			char *desc = global_str(c->L, "description");
			if (desc && n < 4096) { /* modules without a description are not chisels */
				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					m = realloc(m, cap * sizeof(*m));
				}
				if (m) {
					m[n].name = strndup(de->d_name, len - 4);
					m[n].category = global_str(c->L, "category");
					m[n].shortdesc = global_str(c->L, "short_description");
					lua_getglobal(c->L, "hidden");
					m[n].hidden = lua_toboolean(c->L, -1);
					lua_pop(c->L, 1);
					n++;
				}
			}
			free(desc);
			chisel_free(c);
		}
		if (dir)
			closedir(dir);
	}
	path_dirs_free(dirs, nd);
	if (m)
		qsort(m, n, sizeof(*m), meta_cmp);
	for (size_t i = 0; i < n; i++) {
		const char *cat = m[i].category ? m[i].category : "misc";
		if (m[i].hidden)
			continue;
		if (i == 0 || strcmp(cat, m[i - 1].category ? m[i - 1].category : "misc")) {
			fputc('\n', f);
			print_heading(f, cat);
		}
		print_name_line(f, m[i].name, m[i].shortdesc);
	}
	fprintf(f, "\nUse the -i flag to get detailed information about a specific chisel\n");
	for (size_t i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].category);
		free(m[i].shortdesc);
	}
	free(m);
	chisel_set_free(cs);
	return 0;
}

int chisel_print_info(FILE *f, const char *name)
{
	struct chisel_env env = { 0 };
	struct chisel_set *cs;
	struct chisel *c;
	char *path = chisel_find(name), *cause = NULL, *cat, *sd, *desc;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	int printed = 0;

	if (!path)
		return -ENOENT;
	cs = chisel_set_new(&env);
	c = cs ? chisel_open(cs, path, &cause) : NULL;
	free(path);
	if (!c) {
		if (cause)
			log_error("%s", cause);
		free(cause);
		chisel_set_free(cs);
		return -EINVAL;
	}
	cat = global_str(c->L, "category");
	sd = global_str(c->L, "short_description");
	desc = global_str(c->L, "description");
	fputc('\n', f);
	print_heading(f, cat ? cat : "misc");
	print_name_line(f, base, sd);
	fputc('\n', f);
	/* the description, wrapped at 79 columns as sysdig does */
	for (const char *p = desc ? desc : ""; *p; p++) {
		fputc(*p, f);
		if (*p == '\n')
			printed = 0;
		else if (++printed == 79) {
			fputc('\n', f);
			printed = 0;
		}
	}
	fputs("\nArgs:\n", f);
	if (lua_getglobal(c->L, "args") == LUA_TTABLE && luaL_len(c->L, -1) > 0) {
		for (lua_Integer i = 1; lua_rawgeti(c->L, -1, i) == LUA_TTABLE; i++) {
			lua_getfield(c->L, -1, "argtype");
			lua_getfield(c->L, -2, "name");
			lua_getfield(c->L, -3, "description");
			fprintf(f, "[%s] %s - %s\n", luaL_optstring(c->L, -3, "string"),
				luaL_optstring(c->L, -2, "?"), luaL_optstring(c->L, -1, ""));
			lua_pop(c->L, 4);
		}
		lua_pop(c->L, 1);
	} else {
		fputs("(None)\n", f);
	}
	lua_pop(c->L, 1);
	free(cat);
	free(sd);
	free(desc);
	chisel_free(c);
	chisel_set_free(cs);
	return 0;
}
