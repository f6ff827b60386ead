/* view.c: reading view files (csysdig's view_info shape) in a restricted Lua
 * state: no io, os, package or loaders, and an instruction budget, because a
 * view is data and must not be able to do anything else. */
#include <dirent.h>
#include <stdarg.h>
#include <strings.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "fields/fields.h"
#include "ui/view.h"
#include "util/strbuf.h"

#ifndef WTFTOP_VIEWS_DIR
#define WTFTOP_VIEWS_DIR "/usr/local/share/wtftop/views"
#endif

/* a view file that loops runs out of this many instructions */
#define VIEW_INSTRUCTION_BUDGET 10000000

static const struct { const char *name; enum view_agg agg; } agg_names[] = {
	{ "NONE", AGG_NONE }, { "SUM", AGG_SUM }, { "AVG", AGG_AVG },
	{ "TIME_AVG", AGG_TIME_AVG }, { "MIN", AGG_MIN }, { "MAX", AGG_MAX },
};

const char *view_agg_name(enum view_agg a)
{
	for (size_t i = 0; i < sizeof(agg_names) / sizeof(agg_names[0]); i++)
		if (agg_names[i].agg == a)
			return agg_names[i].name;
	return "NONE";
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	luaL_error(L, "view file runs too long (an endless loop?)");
}

static lua_State *restricted_state(void)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base }, { LUA_STRLIBNAME, luaopen_string },
		{ LUA_TABLIBNAME, luaopen_table }, { LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
	};
	static const char *const unsafe[] = { "dofile", "loadfile", "load", "require", "collectgarbage" };
	lua_State *L = luaL_newstate();

	if (!L)
		return NULL;
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
		luaL_requiref(L, libs[i].name, libs[i].func, 1);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++) {
		lua_pushnil(L);
		lua_setglobal(L, unsafe[i]);
	}
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, VIEW_INSTRUCTION_BUDGET);
	return L;
}

/* The string at t[key] (copied), NULL when absent; -1 when it is not a string. */
static int get_str(lua_State *L, int t, const char *key, char **out)
{
	int r = 0;

	*out = NULL;
	lua_getfield(L, t, key);
	if (lua_type(L, -1) == LUA_TSTRING)
		r = (*out = strdup(lua_tostring(L, -1))) ? 0 : -ENOMEM;
	else if (!lua_isnil(L, -1))
		r = -EINVAL;
	lua_pop(L, 1);
	return r;
}

static bool get_bool(lua_State *L, int t, const char *key)
{
	bool b;

	lua_getfield(L, t, key);
	b = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return b;
}

/* A list of strings at t[key]; absent is an empty list. */
static int get_str_list(lua_State *L, int t, const char *key, char ***out, size_t *n)
{
	int r = 0;

	*out = NULL;
	*n = 0;
	lua_getfield(L, t, key);
	if (lua_istable(L, -1)) {
		size_t len = lua_rawlen(L, -1);
		*out = calloc(len + 1, sizeof(char *));
		if (!*out)
			r = -ENOMEM;
		for (size_t i = 1; !r && i <= len; i++) {
			lua_rawgeti(L, -1, (lua_Integer)i);
			if (lua_type(L, -1) == LUA_TSTRING && !((*out)[(*n)++] = strdup(lua_tostring(L, -1))))
				r = -ENOMEM;
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	return r;
}

static int parse_agg(lua_State *L, int t, const char *key, enum view_agg *out)
{
	const char *s;
	int r = -EINVAL;

	*out = AGG_NONE;
	lua_getfield(L, t, key);
	if (lua_isnil(L, -1)) {
		r = 0;
	} else if ((s = lua_tostring(L, -1))) {
		for (size_t i = 0; i < sizeof(agg_names) / sizeof(agg_names[0]); i++)
			if (!strcmp(s, agg_names[i].name)) {
				*out = agg_names[i].agg;
				r = 0;
			}
	}
	lua_pop(L, 1);
	return r;
}

/* Reads the column table at the top of the stack. */
static char *read_column(lua_State *L, struct view_column *c, size_t idx)
{
	int t = lua_gettop(L);
	struct field_ref ref;
	char *cause = NULL;

	if (get_str(L, t, "name", &c->name) || get_str(L, t, "field", &c->field) ||
	    get_str(L, t, "description", &c->description))
		return xasprintf("columns[%zu]: name, field and description must be strings", idx);
	if (!c->field)
		return xasprintf("columns[%zu]: no field", idx);
	if (!c->name && !(c->name = strdup(c->field)))
		return NULL;
	lua_getfield(L, t, "colsize");
	c->colsize = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (parse_agg(L, t, "aggregation", &c->agg) || parse_agg(L, t, "groupby_aggregation", &c->groupby_agg))
		return xasprintf("columns[%zu] (%s): aggregation is one of SUM, AVG, TIME_AVG, MIN, MAX", idx,
				 c->name);
	c->flags = (get_bool(L, t, "is_key") ? VIEW_COL_KEY : 0) |
		   (get_bool(L, t, "is_groupby_key") ? VIEW_COL_GROUPBY_KEY : 0) |
		   (get_bool(L, t, "is_sorting") ? VIEW_COL_SORTING : 0) |
		   (!strcmp(c->name, "NA") ? VIEW_COL_HIDDEN : 0);
	/* the field must exist now, not at the first event */
	if (field_parse(c->field, &ref, &cause) < 0) {
		char *msg = xasprintf("columns[%zu] (%s): %s", idx, c->name, cause ? cause : "bad field");
		free(cause);
		return msg;
	}
	field_ref_done(&ref);
	return NULL;
}

static char *read_action(lua_State *L, struct view_action *a, size_t idx)
{
	int t = lua_gettop(L);

	if (get_str(L, t, "hotkey", &a->hotkey) || get_str(L, t, "command", &a->command) ||
	    get_str(L, t, "description", &a->description) || !a->command)
		return xasprintf("actions[%zu]: hotkey, command and description must be strings", idx);
	a->ask_confirmation = get_bool(L, t, "ask_confirmation");
	a->terminal = get_bool(L, t, "terminal");
	return NULL;
}

/* Reads view_info (at the top of the stack) into v; a message on error. */
static char *read_view_info(lua_State *L, struct view *v)
{
	int t = lua_gettop(L);
	char *type = NULL, *msg = NULL;
	size_t n;

	if (get_str(L, t, "id", &v->id) || get_str(L, t, "name", &v->name) ||
	    get_str(L, t, "description", &v->description) || get_str(L, t, "filter", &v->filter) ||
	    get_str(L, t, "drilldown_target", &v->drilldown_target) || get_str(L, t, "view_type", &type))
		return xasprintf("view_info: id, name, description, filter, view_type and drilldown_target "
				 "must be strings");
	if (!v->id || !v->name) {
		free(type);
		return xasprintf("view_info: id and name are required");
	}
	v->type = type && !strcmp(type, "list") ? VIEW_LIST : VIEW_TABLE;
	if (type && strcmp(type, "list") && strcmp(type, "table"))
		msg = xasprintf("view_info: view_type is table or list, not '%s'", type);
	free(type);
	if (msg)
		return msg;
	v->use_defaults = get_bool(L, t, "use_defaults");
	v->is_root = get_bool(L, t, "is_root");
	if (get_str_list(L, t, "tags", &v->tags, &v->ntags) ||
	    get_str_list(L, t, "applies_to", &v->applies_to, &v->napplies_to))
		return NULL;

	lua_getfield(L, t, "columns");
	n = lua_istable(L, -1) ? lua_rawlen(L, -1) : 0;
	if (!n) {
		lua_pop(L, 1);
		return xasprintf("view_info: no columns");
	}
	if (!(v->cols = calloc(n, sizeof(*v->cols))))
		return NULL;
	for (size_t i = 1; i <= n && !msg; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		msg = lua_istable(L, -1) ? read_column(L, &v->cols[v->ncols++], i)
					 : xasprintf("columns[%zu] is not a table", i);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (msg)
		return msg;

	lua_getfield(L, t, "actions");
	n = lua_istable(L, -1) ? lua_rawlen(L, -1) : 0;
	if (n && !(v->actions = calloc(n, sizeof(*v->actions))))
		msg = NULL;
	for (size_t i = 1; i <= n && v->actions && !msg; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		if (lua_istable(L, -1))
			msg = read_action(L, &v->actions[v->nactions++], i);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return msg;
}

struct view *view_load_file(const char *path, char **cause)
{
	lua_State *L = restricted_state();
	struct view *v = calloc(1, sizeof(*v));
	char *msg = NULL;

	*cause = NULL;
	if (!L || !v || !(v->path = strdup(path))) {
		msg = xasprintf("%s: out of memory", path);
		goto fail;
	}
	/* text only: a precompiled chunk could break the VM's invariants */
	if (luaL_loadfilex(L, path, "t") != LUA_OK || lua_pcall(L, 0, 0, 0) != LUA_OK) {
		/* Lua's message already says "path:line: what" */
		msg = xasprintf("%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "unknown error");
		goto fail;
	}
	lua_sethook(L, NULL, 0, 0);
	if (lua_getglobal(L, "view_info") != LUA_TTABLE) {
		msg = xasprintf("%s: no view_info table", path);
		goto fail;
	}
	{
		char *what = read_view_info(L, v);
		if (what) {
			msg = xasprintf("%s: %s", path, what);
			free(what);
			goto fail;
		}
	}
	lua_close(L);
	return v;
fail:
	if (L)
		lua_close(L);
	view_free(v);
	*cause = msg ? msg : strdup("out of memory");
	errno = EINVAL;
	return NULL;
}

static void free_strs(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

void view_free(struct view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->ncols; i++) {
		free(v->cols[i].name);
		free(v->cols[i].field);
		free(v->cols[i].description);
	}
	for (size_t i = 0; i < v->nactions; i++) {
		free(v->actions[i].hotkey);
		free(v->actions[i].command);
		free(v->actions[i].description);
	}
	free(v->cols);
	free(v->actions);
	free_strs(v->tags, v->ntags);
	free_strs(v->applies_to, v->napplies_to);
	free(v->id);
	free(v->name);
	free(v->description);
	free(v->filter);
	free(v->drilldown_target);
	free(v->path);
	free(v);
}

static bool is_dir(const char *d)
{
	DIR *dp = d ? opendir(d) : NULL;

	if (dp)
		closedir(dp);
	return dp != NULL;
}

/* The first directory of the search path that exists, into buf. */
static const char *find_views_dir(char *buf, size_t size)
{
	const char *env = getenv("WTFTOP_VIEWS_PATH");
	char exe[PATH_MAX - 16]; /* room for "/../views" in buf */
	ssize_t n;

	if (env && is_dir(env))
		return env;
	if (is_dir("views"))
		return "views";
	/* beside a build directory: build/wtftop finds views/ of its tree */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			*slash = '\0';
			snprintf(buf, size, "%s/../views", exe);
			if (is_dir(buf))
				return buf;
		}
	}
	return WTFTOP_VIEWS_DIR;
}

static int view_order(const void *a, const void *b)
{
	const struct view *x = *(struct view *const *)a, *y = *(struct view *const *)b;

	if (x->is_root != y->is_root)
		return x->is_root ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

struct view_set *view_set_load(const char *dir, void (*err_fn)(void *ctx, const char *cause), void *err_ctx)
{
	struct view_set *s = calloc(1, sizeof(*s));
	char buf[PATH_MAX];
	struct dirent **names = NULL;
	int n;

	if (!s)
		return NULL;
	if (!dir)
		dir = find_views_dir(buf, sizeof(buf));
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		char *msg = xasprintf("%s: cannot read the views: %s", dir, strerror(errno));
		if (err_fn && msg)
			err_fn(err_ctx, msg);
		free(msg);
		return s;
	}
	s->views = calloc((size_t)n + 1, sizeof(*s->views));
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		if (s->views && len > 4 && !strcmp(names[i]->d_name + len - 4, ".lua")) {
			char path[PATH_MAX + 256], *cause = NULL;
			struct view *v;
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if ((v = view_load_file(path, &cause)))
				s->views[s->nviews++] = v;
			else if (err_fn)
				err_fn(err_ctx, cause);
			free(cause);
		}
		free(names[i]);
	}
	free(names);
	if (!s->views) {
		free(s);
		return NULL;
	}
	qsort(s->views, s->nviews, sizeof(*s->views), view_order);
	return s;
}

void view_set_free(struct view_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nviews; i++)
		view_free(s->views[i]);
	free(s->views);
	free(s);
}

struct view *view_set_find(const struct view_set *s, const char *id_or_name)
{
	for (size_t i = 0; id_or_name && i < s->nviews; i++)
		if (!strcmp(s->views[i]->id, id_or_name) || !strcasecmp(s->views[i]->name, id_or_name))
			return s->views[i];
	return NULL;
}

struct view *view_set_root(const struct view_set *s)
{
	return s->nviews ? s->views[0] : NULL;
}

int view_column_width(const struct view_column *c)
{
	int w = c->colsize > 0 ? c->colsize : VIEW_DEFAULT_COLSIZE;
	int n = (int)strlen(c->name) + 1;

	return w > n ? w : n;
}

bool view_is_alerts(const struct view *v)
{
	return v->filter && strstr(v->filter, "alert.");
}
