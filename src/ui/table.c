/* table.c: per-interval aggregation of a view's columns (see table.h).
 *
 * Two levels, as csysdig: events are grouped by the is_key column (a thread,
 * an fd name, an event type) with each column's `aggregation`; at refresh
 * those rows are merged by the is_groupby_key column (a process, a container)
 * with `groupby_aggregation`. Columns of evt.* fields aggregate per event;
 * the others describe the key (a process's name, memory) and keep their
 * latest value. thread.cpu comes from the state's CPU counters, as it is a
 * rate over the interval rather than a property of one event. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter/filter.h"
#include "state/state.h"
#include "ui/table.h"

#define LIST_MAX_ROWS 2000 /* rows a list view keeps */

struct cell {
	double v;      /* sum, min, max or last number */
	uint64_t n;    /* numbers taken in */
	char *s;       /* owned: the text of a non-numeric value */
	bool is_num;
};

struct acc_row {
	char *key;           /* owned: the is_key value */
	struct cell *cells;  /* owned, one per column */
	int64_t tid;         /* the thread of the row for thread.cpu, or -1 */
	struct acc_row *next;
};

enum col_kind { COL_EVT, COL_STATE, COL_CPU };

struct table {
	const struct view *v;     /* borrowed */
	struct state *st;         /* borrowed */
	struct field_ref *refs;   /* owned, one per column */
	enum col_kind *kinds;
	bool *evt_numeric;        /* evt.* columns of numbers */
	bool *bytes;              /* columns shown in byte units (column_is_bytes) */
	size_t key_col, group_col; /* group_col == ncols: none */
	char *cmd_filter, *drill_filter, *user_filter; /* owned texts */
	struct filter *flt;       /* owned: all of them and the view's */
	bool state_rows;          /* rows for state entries without events */
	bool fd_rows;             /* ... and those are fds rather than threads */
	bool keyed_by_state;      /* the key is a property of a thread or fd */
	size_t list_seen;         /* lists: rows that existed at the last refresh */

	struct acc_row **buckets; /* the interval's rows, by key */
	size_t nbuckets, nrows;

	struct { int64_t tid; uint64_t ticks; } *cpu_prev; /* sorted by tid */
	size_t ncpu_prev;

	struct table_frame frame;
	size_t sort_col;
	bool sort_asc;
	uint64_t n_events;
	struct strbuf scratch, text;
};

static size_t ncols(const struct table *t)
{
	return t->v->ncols;
}

/* ---- filters --------------------------------------------------------------------- */

static int append_clause(struct strbuf *sb, const char *text)
{
	if (!text || !*text)
		return 0;
	if (sb->len)
		strbuf_puts(sb, " and ");
	return strbuf_printf(sb, "(%s)", text);
}

/* Compiles the view's, the command line's, the drill-down's and the user's
 * filters as one. */
static int compile_filters(struct table *t, const char *user, char **cause)
{
	struct strbuf sb = STRBUF_INIT;
	struct filter *f = NULL;

	append_clause(&sb, t->v->filter);
	append_clause(&sb, t->cmd_filter);
	append_clause(&sb, t->drill_filter);
	append_clause(&sb, user);
	if (sb.len && !(f = filter_compile(sb.buf, NULL, cause))) {
		strbuf_free(&sb);
		return -EINVAL;
	}
	filter_free(t->flt);
	t->flt = f;
	/* state entries have no event: they can only be held against filters
	 * that ask nothing of one */
	t->state_rows = t->keyed_by_state && !(sb.len && strstr(sb.buf, "evt.")) && t->v->type == VIEW_TABLE;
	strbuf_free(&sb);
	return 0;
}

int table_set_user_filter(struct table *t, const char *text, char **cause)
{
	char *copy = NULL;
	struct filter *alone;

	if (text && *text) {
		/* alone first, so that the error's column is the user's */
		if (!(alone = filter_compile(text, NULL, cause)))
			return -EINVAL;
		filter_free(alone);
		if (!(copy = strdup(text)))
			return -ENOMEM;
	}
	if (compile_filters(t, copy, cause)) {
		free(copy);
		return -EINVAL;
	}
	free(t->user_filter);
	t->user_filter = copy;
	return 0;
}

const char *table_user_filter(const struct table *t)
{
	return t->user_filter;
}

/* ---- the interval's rows ------------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static int grow_buckets(struct table *t)
{
	size_t n = t->nbuckets ? t->nbuckets * 2 : 256;
	struct acc_row **b = calloc(n, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < t->nbuckets; i++)
		for (struct acc_row *r = t->buckets[i], *next; r; r = next) {
			next = r->next;
			r->next = b[hash_str(r->key) & (n - 1)];
			b[hash_str(r->key) & (n - 1)] = r;
		}
	free(t->buckets);
	t->buckets = b;
	t->nbuckets = n;
	return 0;
}

static struct acc_row *row_get(struct table *t, const char *key)
{
	struct acc_row *r;
	size_t h;

	if (t->nrows >= t->nbuckets && grow_buckets(t))
		return NULL;
	h = hash_str(key) & (t->nbuckets - 1);
	for (r = t->buckets[h]; r; r = r->next)
		if (!strcmp(r->key, key))
			return r;
	if (!(r = calloc(1, sizeof(*r))) || !(r->key = strdup(key)) ||
	    !(r->cells = calloc(ncols(t), sizeof(*r->cells)))) {
		if (r)
			free(r->key);
		free(r);
		return NULL;
	}
	r->tid = -1;
	r->next = t->buckets[h];
	t->buckets[h] = r;
	t->nrows++;
	return r;
}

static void rows_clear(struct table *t)
{
	for (size_t i = 0; i < t->nbuckets; i++) {
		for (struct acc_row *r = t->buckets[i], *next; r; r = next) {
			next = r->next;
			for (size_t c = 0; c < ncols(t); c++)
				free(r->cells[c].s);
			free(r->cells);
			free(r->key);
			free(r);
		}
		t->buckets[i] = NULL;
	}
	t->nrows = 0;
}

/* bools count as 1 and 0 in a column that aggregates them (processes as
 * the sum of thread.ismain) */
static bool value_number(const struct field_value *fv, bool bool_counts, double *out)
{
	switch (fv->kind) {
	case FK_BOOL:
		*out = fv->b;
		return bool_counts;
	case FK_INT: *out = (double)fv->i; return true;
	case FK_UINT: *out = (double)fv->u; return true;
	case FK_DOUBLE: *out = fv->d; return true;
	default: return false;
	}
}

static void cell_take_number(struct cell *c, enum view_agg agg, double x)
{
	switch (agg) {
	case AGG_SUM:
	case AGG_AVG:
	case AGG_TIME_AVG: c->v += x; break;
	case AGG_MIN: c->v = c->n && c->v < x ? c->v : x; break;
	case AGG_MAX: c->v = c->n && c->v > x ? c->v : x; break;
	case AGG_NONE: c->v = x; break;
	}
	c->n++;
	c->is_num = true;
}

static void cell_set_text(struct cell *c, const char *s, size_t len)
{
	if (c->s && strlen(c->s) == len && !memcmp(c->s, s, len))
		return;
	free(c->s);
	c->s = strndup(s, len);
}

/* Takes column i's value for this event (or state entry) into the cell. */
static void take_column(struct table *t, struct acc_row *r, size_t i, const struct field_ctx *fc)
{
	const struct view_column *col = &t->v->cols[i];
	struct cell *c = &r->cells[i];
	struct field_value fv;
	double x;

	if (t->kinds[i] == COL_CPU)
		return;
	if (field_get(fc, &t->refs[i], &fv, &t->scratch) <= 0)
		return;
	if (value_number(&fv, col->agg != AGG_NONE || col->groupby_agg != AGG_NONE, &x)) {
		cell_take_number(c, t->kinds[i] == COL_EVT ? col->agg : AGG_NONE, x);
		return;
	}
	strbuf_reset(&t->text);
	field_value_render(t->refs[i].def, &fv, 0, &t->text);
	cell_set_text(c, t->text.buf ? t->text.buf : "", t->text.len);
}

/* The row an event or state entry belongs to, its key rendered. */
static struct acc_row *row_for(struct table *t, const struct field_ctx *fc)
{
	strbuf_reset(&t->text);
	if (field_render(fc, &t->refs[t->key_col], &t->text, &t->scratch) <= 0)
		return NULL;
	return row_get(t, t->text.buf);
}

static void list_append(struct table *t, const struct field_ctx *fc);

void table_on_event(struct table *t, const struct field_ctx *fc)
{
	struct acc_row *r;

	strbuf_reset(&t->scratch);
	if (t->flt && !filter_match(t->flt, fc, &t->scratch))
		return;
	t->n_events++;
	if (t->v->type == VIEW_LIST) {
		list_append(t, fc);
		return;
	}
	if (!(r = row_for(t, fc)))
		return;
	for (size_t i = 0; i < ncols(t); i++)
		take_column(t, r, i, fc);
	if (fc->e->thread && r->tid < 0)
		r->tid = fc->e->thread->tid;
}

/* ---- state entries without events --------------------------------------------- */

struct state_walk {
	struct table *t;
	struct wtf_evt_hdr hdr;
	struct evt e;
	struct field_ctx fc;
};

/* A stand-in event for a state entry: it names the thread (and fd) and
 * nothing else, so that the non-event columns can be read through the
 * registry like everywhere else. */
static void walk_take(struct state_walk *w)
{
	struct table *t = w->t;
	struct acc_row *r;

	strbuf_reset(&t->scratch);
	if (t->flt && !filter_match(t->flt, &w->fc, &t->scratch))
		return;
	if (!(r = row_for(t, &w->fc)))
		return;
	for (size_t i = 0; i < ncols(t); i++)
		if (t->kinds[i] != COL_EVT)
			take_column(t, r, i, &w->fc);
	if (r->tid < 0)
		r->tid = w->e.thread->tid;
}

static int walk_fd(struct fd_info *fd, void *ctx)
{
	struct state_walk *w = ctx;

	w->e.fd = fd;
	w->e.fdnum = fd->fd;
	walk_take(w);
	return 0;
}

static int walk_thread(struct thread *th, void *ctx)
{
	struct state_walk *w = ctx;

	if (th->flags & THREAD_F_DEAD)
		return 0;
	w->hdr.tid = (uint64_t)th->tid;
	w->e.thread = th;
	w->e.fd = NULL;
	w->e.fdnum = -1;
	if (!w->t->fd_rows)
		walk_take(w);
	else if (th->tid == th->pid && th->fds) /* threads share their process's fds */
		fdtable_foreach(th->fds, walk_fd, w);
	return 0;
}

static void add_state_rows(struct table *t)
{
	struct state_walk w = { .t = t };

	w.hdr.type = t->fd_rows ? PPME_SYSCALL_READ_X : PPME_SYSCALL_BRK_4_X;
	w.hdr.len = WTF_EVT_HDR_SIZE;
	w.e.hdr = &w.hdr;
	w.e.info = &event_table[w.hdr.type];
	w.fc.e = &w.e;
	w.fc.st = t->st;
	state_foreach_thread(t->st, walk_thread, &w);
}

/* ---- CPU ------------------------------------------------------------------------ */

static int cmp_tid(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

struct cpu_collect {
	struct table *t;
	size_t cap;
};

static int collect_ticks(struct thread *th, void *ctx)
{
	struct cpu_collect *cc = ctx;
	struct table *t = cc->t;

	if (t->ncpu_prev == cc->cap) {
		size_t n = cc->cap ? cc->cap * 2 : 1024;
		void *p = realloc(t->cpu_prev, n * sizeof(*t->cpu_prev));
		if (!p)
			return 1;
		t->cpu_prev = p;
		cc->cap = n;
	}
	t->cpu_prev[t->ncpu_prev].tid = th->tid;
	t->cpu_prev[t->ncpu_prev++].ticks = th->cpu_user_ticks + th->cpu_sys_ticks;
	return 0;
}

void table_prime(struct table *t)
{
	struct cpu_collect cc = { .t = t };

	free(t->cpu_prev);
	t->cpu_prev = NULL;
	t->ncpu_prev = 0;
	state_foreach_thread(t->st, collect_ticks, &cc);
	qsort(t->cpu_prev, t->ncpu_prev, sizeof(*t->cpu_prev), cmp_tid);
}

/* Percent of one CPU the thread used since the last refresh. */
static double thread_cpu(struct table *t, int64_t tid, double interval_s)
{
	struct thread *th = tid >= 0 ? state_thread(t->st, tid) : NULL;
	typeof(*t->cpu_prev) *prev;
	uint64_t now;
	static long hz;

	if (!th || interval_s <= 0)
		return 0;
	prev = bsearch(&tid, t->cpu_prev, t->ncpu_prev, sizeof(*t->cpu_prev), cmp_tid);
	now = th->cpu_user_ticks + th->cpu_sys_ticks;
	if (!prev || now < prev->ticks)
		return 0;
	if (!hz && (hz = sysconf(_SC_CLK_TCK)) <= 0)
		hz = 100;
	return (double)(now - prev->ticks) * 100.0 / (double)hz / interval_s;
}

/* ---- frames --------------------------------------------------------------------- */

static void row_free(struct table_row *r, size_t n)
{
	for (size_t c = 0; r->text && c < n; c++)
		free(r->text[c]);
	free(r->text);
	free(r->num);
	free(r->has_num);
	free(r->key);
}

static void frame_clear(struct table_frame *f, size_t n)
{
	for (size_t i = 0; i < f->nrows; i++)
		row_free(&f->rows[i], n);
	free(f->rows);
	f->rows = NULL;
	f->nrows = 0;
}

/* Byte counts and rates (evt.buflen*, memory sizes): shown as csysdig and
 * top do, 1024-based with a unit past 1024 (512, 1.50K, 36.61M, 2.03G). */
static bool column_is_bytes(const struct view_column *col)
{
	size_t n = strlen(col->field);

	return !strncmp(col->field, "evt.buflen", 10) || (n > 2 && !strcmp(col->field + n - 2, ".b")) ||
	       strstr(col->field, ".vmsize") || strstr(col->field, ".vmrss") || strstr(col->field, ".vmswap");
}

static char *number_text(double x, bool bytes)
{
	static const char units[] = "KMGTP";
	char buf[64];

	if (bytes && fabs(x) >= 1024) {
		int u = -1;
		while (fabs(x) >= 1024 && u < (int)sizeof(units) - 2) {
			x /= 1024;
			u++;
		}
		snprintf(buf, sizeof(buf), "%.2f%c", x, units[u]);
	} else if (bytes) {
		snprintf(buf, sizeof(buf), "%.0f", x);
	} else if (x == floor(x) && fabs(x) < 1e15)
		snprintf(buf, sizeof(buf), "%.0f", x);
	else
		snprintf(buf, sizeof(buf), "%.2f", x);
	return strdup(buf);
}

static int row_alloc(struct table_row *r, size_t n)
{
	r->text = calloc(n, sizeof(*r->text));
	r->num = calloc(n, sizeof(*r->num));
	r->has_num = calloc(n, sizeof(*r->has_num));
	return r->text && r->num && r->has_num ? 0 : -ENOMEM;
}

/* The figure a level-one cell stands for over the interval. */
static double cell_final(const struct table *t, size_t i, const struct cell *c, double interval_s)
{
	if (t->kinds[i] != COL_EVT)
		return c->v;
	switch (t->v->cols[i].agg) {
	case AGG_AVG: return c->n ? c->v / (double)c->n : 0;
	case AGG_TIME_AVG: return interval_s > 0 ? c->v / interval_s : c->v;
	default: return c->v;
	}
}

/* Merges level-one row r into frame row out (the groupby aggregation); first
 * says out is new. counts[i] tracks numbers merged for AVG. */
static void merge_row(struct table *t, struct table_row *out, uint64_t *counts, const struct acc_row *r,
		      double interval_s, bool first)
{
	for (size_t i = 0; i < ncols(t); i++) {
		const struct cell *c = &r->cells[i];
		double x;
		/* event figures are numbers even with no event: zero */
		bool has = c->is_num || t->kinds[i] == COL_CPU || t->evt_numeric[i];

		if (!has) {
			if (!out->text[i] && c->s)
				out->text[i] = strdup(c->s);
			continue;
		}
		x = t->kinds[i] == COL_CPU ? thread_cpu(t, r->tid, interval_s) : cell_final(t, i, c, interval_s);
		if (first || !out->has_num[i]) {
			out->num[i] = x;
		} else {
			switch (t->v->cols[i].groupby_agg) {
			case AGG_SUM: case AGG_TIME_AVG: case AGG_AVG: out->num[i] += x; break;
			case AGG_MIN: out->num[i] = x < out->num[i] ? x : out->num[i]; break;
			case AGG_MAX: out->num[i] = x > out->num[i] ? x : out->num[i]; break;
			case AGG_NONE: break; /* the first row's */
			}
		}
		out->has_num[i] = true;
		counts[i]++;
	}
}

struct group_map {
	char **keys;     /* borrowed from the frame rows */
	size_t *idx;
	size_t cap;      /* power of two */
};

static size_t *group_slot(struct group_map *m, const char *key)
{
	size_t h = hash_str(key) & (m->cap - 1);

	while (m->keys[h] && strcmp(m->keys[h], key))
		h = (h + 1) & (m->cap - 1);
	return &m->idx[h];
}

static void build_table_frame(struct table *t, double interval_s)
{
	struct table_frame *f = &t->frame;
	struct group_map m = { 0 };
	uint64_t *counts = NULL;
	size_t n = ncols(t), gc = t->group_col < n ? t->group_col : t->key_col;

	f->rows = calloc(t->nrows ? t->nrows : 1, sizeof(*f->rows));
	counts = calloc((t->nrows ? t->nrows : 1) * n, sizeof(*counts));
	m.cap = 16;
	while (m.cap < t->nrows * 2)
		m.cap *= 2;
	m.keys = calloc(m.cap, sizeof(*m.keys));
	m.idx = calloc(m.cap, sizeof(*m.idx));
	if (!f->rows || !counts || !m.keys || !m.idx)
		goto out;
	for (size_t b = 0; b < t->nbuckets; b++)
		for (struct acc_row *r = t->buckets[b]; r; r = r->next) {
			const char *gkey = gc == t->key_col ? r->key : r->cells[gc].s;
			char gbuf[64];
			size_t *slot;
			bool first = false;

			if (!gkey && r->cells[gc].is_num) { /* a numeric group key: 1234 */
				snprintf(gbuf, sizeof(gbuf), "%.0f", r->cells[gc].v);
				gkey = gbuf;
			}
			if (!gkey)
				continue; /* no value for the group key: csysdig leaves such rows out */
			slot = group_slot(&m, gkey);
			if (!m.keys[slot - m.idx]) {
				struct table_row *out = &f->rows[f->nrows];
				if (row_alloc(out, n) || !(out->key = strdup(gkey)))
					goto out;
				m.keys[slot - m.idx] = out->key;
				*slot = f->nrows++;
				first = true;
			}
			merge_row(t, &f->rows[*slot], counts + *slot * n, r, interval_s, first);
		}
	/* AVG as a group-by aggregation, and the text of numbers */
	for (size_t i = 0; i < f->nrows; i++)
		for (size_t c = 0; c < n; c++) {
			struct table_row *row = &f->rows[i];
			if (row->has_num[c] && t->v->cols[c].groupby_agg == AGG_AVG && counts[i * n + c])
				row->num[c] /= (double)counts[i * n + c];
			if (row->has_num[c])
				row->text[c] = number_text(row->num[c], t->bytes[c]);
			else if (!row->text[c])
				row->text[c] = strdup("");
		}
out:
	free(counts);
	free(m.keys);
	free(m.idx);
}

/* ---- lists: one row per event --------------------------------------------------- */

static void list_append(struct table *t, const struct field_ctx *fc)
{
	struct table_frame *f = &t->frame;
	struct table_row r = { 0 };
	size_t n = ncols(t);

	if (row_alloc(&r, n)) {
		row_free(&r, 0);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&t->text);
		strbuf_reset(&t->scratch);
		field_render(fc, &t->refs[i], &t->text, &t->scratch);
		r.text[i] = strdup(t->text.buf ? t->text.buf : "");
	}
	r.key = strdup(r.text[t->key_col] ? r.text[t->key_col] : "");
	if (f->nrows == LIST_MAX_ROWS) { /* the oldest goes */
		row_free(&f->rows[0], n);
		memmove(f->rows, f->rows + 1, (f->nrows - 1) * sizeof(*f->rows));
		f->nrows--;
		if (f->first_new)
			f->first_new--;
		if (t->list_seen)
			t->list_seen--;
	}
	{
		struct table_row *rows = realloc(f->rows, (f->nrows + 1) * sizeof(*rows));
		if (!rows)
			return;
		f->rows = rows;
		f->rows[f->nrows++] = r;
	}
}

/* ---- sorting -------------------------------------------------------------------- */

static const struct table *sort_table; /* qsort has no context argument */

static int row_order(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;
	size_t c = sort_table->sort_col;
	int r;

	if (x->has_num[c] && y->has_num[c])
		r = x->num[c] < y->num[c] ? -1 : x->num[c] > y->num[c];
	else
		r = strcmp(x->text[c] ? x->text[c] : "", y->text[c] ? y->text[c] : "");
	if (!r) /* a stable order between refreshes: by key */
		return strcmp(x->key, y->key);
	return sort_table->sort_asc ? r : -r;
}

static void frame_sort(struct table *t)
{
	if (!table_is_sorted(t))
		return;
	sort_table = t;
	qsort(t->frame.rows, t->frame.nrows, sizeof(*t->frame.rows), row_order);
	sort_table = NULL;
}

bool table_is_sorted(const struct table *t)
{
	return t->sort_col < ncols(t);
}

void table_sort(struct table *t, size_t col, bool ascending)
{
	if (col >= ncols(t) || !table_is_sorted(t))
		return;
	t->sort_col = col;
	t->sort_asc = ascending;
	frame_sort(t);
}

size_t table_sort_col(const struct table *t)
{
	return t->sort_col;
}

bool table_sort_ascending(const struct table *t)
{
	return t->sort_asc;
}

/* ---- refresh -------------------------------------------------------------------- */

const struct table_frame *table_refresh(struct table *t, double interval_s)
{
	struct table_frame *f = &t->frame;

	f->interval_s = interval_s;
	f->n_events = t->n_events;
	t->n_events = 0;
	if (t->v->type == VIEW_LIST) {
		f->first_new = t->list_seen;
		t->list_seen = f->nrows;
		return f;
	}
	if (t->state_rows)
		add_state_rows(t);
	frame_clear(f, ncols(t));
	build_table_frame(t, interval_s);
	frame_sort(t);
	rows_clear(t);
	table_prime(t);
	return f;
}

const struct table_frame *table_frame(const struct table *t)
{
	return &t->frame;
}

/* ---- set-up --------------------------------------------------------------------- */

static enum col_kind column_kind(const char *field)
{
	if (!strncmp(field, "evt.", 4))
		return COL_EVT;
	if (!strcmp(field, "thread.cpu") || !strncmp(field, "thread.cpu.", 11))
		return COL_CPU;
	return COL_STATE;
}

struct table *table_new(const struct view *v, struct state *st, const char *filter, const char *drill,
			char **cause)
{
	struct table *t = calloc(1, sizeof(*t));
	size_t n = v->ncols;

	*cause = NULL;
	if (!t)
		goto nomem;
	t->v = v;
	t->st = st;
	t->scratch = (struct strbuf)STRBUF_INIT;
	t->text = (struct strbuf)STRBUF_INIT;
	t->refs = calloc(n, sizeof(*t->refs));
	t->kinds = calloc(n, sizeof(*t->kinds));
	t->evt_numeric = calloc(n, sizeof(*t->evt_numeric));
	t->bytes = calloc(n, sizeof(*t->bytes));
	if (!t->refs || !t->kinds || !t->evt_numeric || !t->bytes || (filter && !(t->cmd_filter = strdup(filter))) ||
	    (drill && !(t->drill_filter = strdup(drill))))
		goto nomem;
	t->key_col = t->group_col = n;
	t->sort_col = n;
	for (size_t i = 0; i < n; i++) {
		const struct view_column *c = &v->cols[i];
		if (field_parse(c->field, &t->refs[i], cause) < 0) {
			table_free(t);
			return NULL;
		}
		t->kinds[i] = column_kind(c->field);
		t->bytes[i] = column_is_bytes(c);
		t->evt_numeric[i] = t->kinds[i] == COL_EVT &&
				    (t->refs[i].def->kind == FK_INT || t->refs[i].def->kind == FK_UINT ||
				     t->refs[i].def->kind == FK_DOUBLE);
		if ((c->flags & VIEW_COL_KEY) && t->key_col == n)
			t->key_col = i;
		if ((c->flags & VIEW_COL_GROUPBY_KEY) && t->group_col == n)
			t->group_col = i;
		if ((c->flags & VIEW_COL_SORTING) && t->sort_col == n)
			t->sort_col = i;
	}
	if (t->key_col == n) /* no key: the first column */
		t->key_col = 0;
	if (t->v->type == VIEW_LIST) /* in the order the events came */
		t->sort_col = n;
	else if (t->sort_col == n)
		t->sort_col = t->key_col;
	{
		const char *kf = v->cols[t->key_col].field;
		t->fd_rows = !strncmp(kf, "fd.", 3);
		t->keyed_by_state = t->fd_rows || !strncmp(kf, "proc.", 5) || !strncmp(kf, "thread.", 7) ||
				    !strncmp(kf, "user.", 5) || !strncmp(kf, "container.", 10);
	}
	if (compile_filters(t, NULL, cause)) {
		table_free(t);
		return NULL;
	}
	return t;
nomem:
	table_free(t);
	*cause = strdup("out of memory");
	return NULL;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	rows_clear(t);
	free(t->buckets);
	frame_clear(&t->frame, ncols(t));
	for (size_t i = 0; t->refs && i < ncols(t); i++)
		field_ref_done(&t->refs[i]);
	free(t->refs);
	free(t->kinds);
	free(t->evt_numeric);
	free(t->bytes);
	free(t->cmd_filter);
	free(t->drill_filter);
	free(t->user_filter);
	filter_free(t->flt);
	free(t->cpu_prev);
	strbuf_free(&t->scratch);
	strbuf_free(&t->text);
	free(t);
}

const struct view *table_view(const struct table *t)
{
	return t->v;
}

const char *table_key_field(const struct table *t)
{
	size_t c = t->group_col < ncols(t) ? t->group_col : t->key_col;
	return t->v->cols[c].field;
}

char *table_row_filter(const struct table *t, const struct table_row *r)
{
	const char *field = table_key_field(t);
	struct strbuf sb = STRBUF_INIT;
	bool plain = *r->key != '\0';

	for (const char *p = r->key; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("._-:/", *p)))
			plain = false;
	if (plain) {
		strbuf_printf(&sb, "%s=%s", field, r->key);
	} else { /* quoted, with its quotes and backslashes escaped */
		strbuf_printf(&sb, "%s=\"", field);
		for (const char *p = r->key; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_putc(&sb, '\\');
			strbuf_putc(&sb, *p);
		}
		strbuf_putc(&sb, '"');
	}
	return sb.buf;
}
