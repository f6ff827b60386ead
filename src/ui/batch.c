/* batch.c: --batch (a view's rows at each refresh, as text or JSON lines,
 * like top -b) and --list-views. Same session and tables as the curses UI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/session.h"
#include "ui/ui.h"
#include "util/log.h"
#include "util/strbuf.h"

struct batch {
	const struct options *o;
	struct session *s;
	uint64_t nrefresh;
	struct strbuf out;
};

static void put_text_row(struct strbuf *sb, const struct view *v, char *const *cells)
{
	size_t last = 0;

	for (size_t i = 0; i < v->ncols; i++)
		if (!(v->cols[i].flags & VIEW_COL_HIDDEN))
			last = i;
	for (size_t i = 0; i < v->ncols; i++) {
		if (v->cols[i].flags & VIEW_COL_HIDDEN)
			continue;
		if (i == last)
			strbuf_puts(sb, cells[i]);
		else
			strbuf_printf(sb, "%-*s ", view_column_width(&v->cols[i]) - 1, cells[i]);
	}
	while (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->len--;
	strbuf_putc(sb, '\n');
}

/* The keys every JSON line starts with. */
static void put_json_head(struct strbuf *sb, const struct view *v, uint64_t n, double interval_s)
{
	strbuf_printf(sb, "{\"refresh\":%llu,\"interval_s\":%.9f,\"view\":", (unsigned long long)n, interval_s);
	strbuf_put_json_str(sb, v->id, strlen(v->id));
}

static void put_json_row(struct strbuf *sb, const struct view *v, const struct table_row *r, uint64_t n,
			 double interval_s)
{
	put_json_head(sb, v, n, interval_s);
	for (size_t i = 0; i < v->ncols; i++) {
		if (v->cols[i].flags & VIEW_COL_HIDDEN)
			continue;
		strbuf_putc(sb, ',');
		strbuf_put_json_str(sb, v->cols[i].name, strlen(v->cols[i].name));
		strbuf_putc(sb, ':');
		if (r->has_num[i]) /* full precision: scripts multiply rates back by interval_s */
			strbuf_printf(sb, "%.10g", r->num[i]);
		else
			strbuf_put_json_str(sb, r->text[i], strlen(r->text[i]));
	}
	strbuf_puts(sb, "}\n");
}

static int batch_refresh(void *ctx, const struct table_frame *f)
{
	struct batch *b = ctx;
	const struct table *t = session_table(b->s);
	const struct view *v = table_view(t);
	size_t from = v->type == VIEW_LIST ? f->first_new : 0;

	b->nrefresh++;
	strbuf_reset(&b->out);
	if (!b->o->json) {
		char *heads[v->ncols];
		const struct pipeline_stats *ps = session_stats(b->s);
		strbuf_printf(&b->out, "Viewing: %s For: %s  interval %.*f s, %llu events, %llu drops\n",
			      v->name, b->o->filter ? b->o->filter : b->o->read_file ? "whole file" : "whole machine",
			      f->interval_s < 1 ? 6 : 2, f->interval_s,
			      (unsigned long long)f->n_events, (unsigned long long)ps->src.n_drops_total);
		for (size_t i = 0; i < v->ncols; i++)
			heads[i] = v->cols[i].name;
		put_text_row(&b->out, v, heads);
	}
	for (size_t i = from; i < f->nrows; i++) {
		if (b->o->json)
			put_json_row(&b->out, v, &f->rows[i], b->nrefresh, f->interval_s);
		else
			put_text_row(&b->out, v, f->rows[i].text);
	}
	if (b->o->json && from >= f->nrows) {
		/* a refresh without rows still says it happened: no columns, "rows":0 */
		put_json_head(&b->out, v, b->nrefresh, f->interval_s);
		strbuf_puts(&b->out, ",\"rows\":0}\n");
	}
	if (!b->o->json)
		strbuf_putc(&b->out, '\n');
	if (fwrite(b->out.buf, 1, b->out.len, stdout) != b->out.len || fflush(stdout))
		return 1; /* the reader went away */
	/* -n counts refreshes, as top's -n does */
	return b->o->max_events && b->nrefresh >= b->o->max_events;
}

int batch_main(const struct options *o)
{
	struct batch b = { .o = o, .out = STRBUF_INIT };
	struct session_hooks hooks = { .refresh = batch_refresh, .ctx = &b };
	const struct view *v;
	char *cause = NULL;
	int rc = 1;

	if (!(b.s = session_new(o, &hooks, &cause))) {
		fprintf(stderr, "wtftop: %s\n", cause ? cause : "out of memory");
		goto out;
	}
	v = o->view ? view_set_find(session_views(b.s), o->view) : view_set_root(session_views(b.s));
	if (!v) {
		fprintf(stderr, "wtftop: no view '%s' (see wtftop --list-views)\n", o->view);
		goto out;
	}
	if (!session_set_view(b.s, v, NULL, &cause)) {
		fprintf(stderr, "wtftop: %s\n", cause);
		goto out;
	}
	if (session_start(b.s, &cause)) {
		fprintf(stderr, "wtftop: %s\n", cause ? cause : "out of memory");
		goto out;
	}
	rc = session_run(b.s);
out:
	free(cause);
	session_free(b.s);
	strbuf_free(&b.out);
	return rc;
}

static void print_view_error(void *ctx, const char *cause)
{
	(void)ctx;
	fprintf(stderr, "wtftop: %s\n", cause);
}

int views_list_main(void)
{
	struct view_set *vs = view_set_load(NULL, print_view_error, NULL);
	int rc = 0;

	if (!vs)
		return 1;
	for (size_t i = 0; i < vs->nviews; i++) {
		const struct view *v = vs->views[i];
		printf("%-20s %-22s %s\n", v->id, v->name, v->description ? v->description : "");
	}
	if (!vs->nviews)
		rc = 1;
	view_set_free(vs);
	return rc;
}
