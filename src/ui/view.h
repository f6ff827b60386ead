/* view.h: views as data. A view file in views/ is Lua in csysdig's `view_info`
 * shape (id, name, columns with field and aggregation, drill-down target ...);
 * it is read once into these structures in a restricted Lua state. */
#ifndef WTF_VIEW_H
#define WTF_VIEW_H

#include <stdbool.h>
#include <stddef.h>

enum view_agg {
	AGG_NONE = 0, /* the last value seen */
	AGG_SUM,
	AGG_AVG,
	AGG_TIME_AVG, /* the sum per second of the interval: rates */
	AGG_MIN,
	AGG_MAX,
};

#define VIEW_COL_KEY (1 << 0)         /* is_key: rows are made per value */
#define VIEW_COL_GROUPBY_KEY (1 << 1) /* is_groupby_key: key rows are merged per value */
#define VIEW_COL_SORTING (1 << 2)     /* is_sorting: the default sort column */
#define VIEW_COL_HIDDEN (1 << 3)      /* name "NA": a key that is not shown */

struct view_column {
	char *name;        /* owned: the heading */
	char *field;       /* owned: a field of the registry, e.g. "evt.buflen.file" */
	char *description; /* owned, may be NULL */
	int colsize;       /* width on screen; 0 for the default */
	enum view_agg agg, groupby_agg;
	unsigned flags;    /* VIEW_COL_* */
};

struct view_action {
	char *hotkey;      /* owned: one character */
	char *command;     /* owned: a shell command with %field tokens */
	char *description; /* owned */
	bool ask_confirmation;
	bool terminal;     /* runs on the terminal, the screen given up meanwhile (a shell) */
};

enum view_type { VIEW_TABLE, VIEW_LIST };

struct view {
	char *id, *name, *description; /* owned */
	char **tags;                   /* owned, ntags entries */
	size_t ntags;
	char **applies_to;             /* owned: fields the view can be filtered by */
	size_t napplies_to;
	enum view_type type;
	char *filter;                  /* owned, NULL for none */
	bool use_defaults, is_root;
	char *drilldown_target;        /* owned: a view id, or NULL */
	struct view_column *cols;      /* owned, ncols entries */
	size_t ncols;
	struct view_action *actions;   /* owned */
	size_t nactions;
	char *path;                    /* owned: the file it came from */
};

/* The Alerts view and the like: a view over rule alerts (its filter uses
 * alert.* fields), fed the alerts rather than the events. */
bool view_is_alerts(const struct view *v);

struct view_set {
	struct view **views; /* owned, sorted: the root view first, then by name */
	size_t nviews;
};

/* Loads one file. Returns the view, or NULL with *cause set (caller frees):
 * "views/x.lua:12: ..." naming the file and line. */
struct view *view_load_file(const char *path, char **cause);
void view_free(struct view *v);

/* Loads every *.lua of the first directory of the view search path that
 * exists ($WTFTOP_VIEWS_PATH, ./views, PREFIX/share/wtftop/views), or of dir
 * when not NULL. A file that fails is reported through err_fn (its cause,
 * file:line) and skipped; the others load. NULL only when out of memory. */
struct view_set *view_set_load(const char *dir, void (*err_fn)(void *ctx, const char *cause),
			       void *err_ctx);
void view_set_free(struct view_set *s);
struct view *view_set_find(const struct view_set *s, const char *id_or_name);
struct view *view_set_root(const struct view_set *s);

const char *view_agg_name(enum view_agg a);
#define VIEW_DEFAULT_COLSIZE 10
/* A column's width on screen, a separating space included: its colsize, at
 * least its heading. */
int view_column_width(const struct view_column *c);

#endif
