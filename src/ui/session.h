/* session.h: what the batch mode and the curses UI share: the live pipeline
 * (probe, state, containers, rules) feeding the current view's table, and the
 * clock that ends each refresh interval. */
#ifndef WTF_SESSION_H
#define WTF_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/options.h"
#include "app/pipeline.h"
#include "ui/table.h"
#include "ui/view.h"

struct session;

/* Called at each refresh with the new frame, and (tick) every few ms while
 * events flow or the source is idle, for input. Return non-zero to stop. */
struct session_hooks {
	int (*refresh)(void *ctx, const struct table_frame *f);
	int (*tick)(void *ctx);
	/* each event that passed the state, for the dig and echo panes; may be NULL */
	void (*event)(void *ctx, const struct field_ctx *fc);
	/* each rule alert, with the event that raised it; may be NULL */
	void (*alert)(void *ctx, const struct alert_info *ai, const struct field_ctx *fc);
	void *ctx;
};

/* Loads the views (errors through the logger, the others still load), reads
 * /proc (live) or opens the capture file of -r. NULL with *cause set (caller
 * frees) on failure. */
struct session *session_new(const struct options *o, const struct session_hooks *hooks, char **cause);
/* Live: loads and attaches the probe (a few hundred ms) and reads /proc
 * again for what started meanwhile. Returns 0, or -1 with *cause set. */
int session_start(struct session *s, char **cause);
/* The view's rows from the state tables alone, before any event: a first
 * frame to show while the probe loads. */
void session_first_frame(struct session *s);
void session_free(struct session *s);

/* Runs until a hook stops it, or SIGINT/SIGTERM/SIGHUP. Returns 0 or 1. */
int session_run(struct session *s);
volatile sig_atomic_t *session_stop_flag(void);

const struct view_set *session_views(const struct session *s);
struct state *session_state(const struct session *s);
const struct pipeline_stats *session_stats(const struct session *s);
uint64_t session_alerts(const struct session *s);
const char *session_source_name(const struct session *s);

/* Switches to view v with drill-down filter drill (may be NULL); the table is
 * owned by the session. NULL with *cause set when a filter does not compile. */
struct table *session_set_view(struct session *s, const struct view *v, const char *drill, char **cause);
struct table *session_table(const struct session *s);

/* Ends the current interval now (a view change shows figures at once); with
 * -r, reads the file again for the new view or filter. */
void session_refresh_now(struct session *s);
/* With -r: true, and the trace time of the file's first and last events read
 * so far (0 before any). */
/* With -r: true while the file is to be read again (its rows are stale). */
bool session_replay_pending(const struct session *s);
bool session_offline_span(const struct session *s, uint64_t *first_ts, uint64_t *last_ts);
void session_set_paused(struct session *s, bool paused);
bool session_paused(const struct session *s);
double session_interval_s(const struct session *s);

#endif
