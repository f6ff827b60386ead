/* session.c: the live pipeline behind the views (see session.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "containers/containers.h"
#include "rules/rules_cli.h"
#include "state/state.h"
#include "ui/session.h"
#include "util/log.h"
#include "util/ready.h"
#include "util/clock.h"

#define DEFAULT_DELAY_MS 2000
#define EVENTS_PER_CLOCK_CHECK 256 /* a busy source is never idle: look at the clock this often */

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

volatile sig_atomic_t *session_stop_flag(void)
{
	return &stop_flag;
}

struct session {
	const struct options *o;
	struct session_hooks hooks;
	struct view_set *views;
	struct state *st;
	struct containers *ctrs;
	struct rules_runtime *rules;
	struct pipeline *p;
	struct source *src;
	struct table *table;
	double interval_s, interval_start;
	bool refresh_now, paused, stopped;
	uint32_t since_check;
	/* -r: the file is replayed from its start for each view, filter or
	 * drill-down, its intervals going by the events' time: -d of trace
	 * time (intervals without events are skipped; the last one ends with
	 * the file), or (without -d) the whole file as one interval */
	bool offline, replay;
	uint64_t tick_ns, ivl_start_ts, first_ts, last_ts;
	char *drill; /* of the current table, to rebuild it on a replay */
};

static void log_view_error(void *ctx, const char *cause)
{
	(void)ctx;
	log_error("%s", cause);
}

/* Ends the interval when it is time; then the front-end's hooks. */
static void session_check(struct session *s)
{
	double t = mono_s();

	s->since_check = 0;
	if (s->refresh_now || t - s->interval_start >= s->interval_s) {
		double len = t - s->interval_start, done;
		s->refresh_now = false;
		s->interval_start = t;
		if (!s->paused && s->table) {
			state_refresh_usage(s->st, NULL);
			if (s->hooks.refresh && s->hooks.refresh(s->hooks.ctx, table_refresh(s->table, len)))
				s->stopped = true;
		}
		/* A refresh slower than half the interval (a host with a huge
		 * process table, or starved of CPU) must not start the next one
		 * at once, or the UI would do nothing else. */
		done = mono_s();
		if (done - t > s->interval_s / 2)
			s->interval_start = done;
	}
	if (s->hooks.tick && !s->stopped && s->hooks.tick(s->hooks.ctx))
		s->stopped = true;
}

/* Ends a replay's interval of trace time at ts; len in trace seconds. */
static void offline_frame(struct session *s, uint64_t ts)
{
	double len = (double)(ts - s->ivl_start_ts) / 1e9;

	s->ivl_start_ts = ts;
	if (s->table && s->hooks.refresh && s->hooks.refresh(s->hooks.ctx, table_refresh(s->table, len)))
		s->stopped = true;
}

static void offline_interval(struct session *s, uint64_t ts)
{
	if (!ts) /* some files' state events carry no time */
		return;
	if (!s->first_ts)
		s->first_ts = s->ivl_start_ts = ts;
	if (ts > s->last_ts)
		s->last_ts = ts;
	if (s->tick_ns && ts - s->ivl_start_ts >= s->tick_ns) {
		/* the interval [start, start + tick) ends; the ones with no event
		 * after it are skipped, and ts falls in the next one shown */
		uint64_t next = s->ivl_start_ts + (ts - s->ivl_start_ts) / s->tick_ns * s->tick_ns;
		offline_frame(s, s->ivl_start_ts + s->tick_ns);
		s->ivl_start_ts = next;
	}
}

static int session_consume(void *ctx, struct evt *e, struct field_ctx *fc)
{
	struct session *s = ctx;
	const struct pipeline_stats *ps = pipeline_stats(s->p);

	(void)e;
	if (s->rules)
		rules_runtime_event(s->rules, fc, ps->src.n_drops_total);
	if (s->offline)
		offline_interval(s, e->hdr->ts);
	if (!s->paused && s->table)
		table_on_event(s->table, fc);
	if (s->hooks.event)
		s->hooks.event(s->hooks.ctx, fc);
	if (++s->since_check >= EVENTS_PER_CLOCK_CHECK) {
		if (s->offline) { /* input only: the events' time makes the intervals */
			s->since_check = 0;
			if (s->hooks.tick && s->hooks.tick(s->hooks.ctx))
				s->stopped = true;
		} else {
			session_check(s);
		}
	}
	/* a signal must stop a source that is never idle, too; a replay asked
	 * for starts the file again */
	return s->stopped || stop_flag || s->replay;
}

static void session_idle(void *ctx)
{
	struct session *s = ctx;

	if (!s->stopped)
		session_check(s);
	if (s->stopped)
		stop_flag = 1;
}

/* A rule alert: a row for an Alerts view (whose filter, on alert.* fields,
 * no ordinary event passes), and the front-end's mark on what it flagged. */
static void session_alert(void *ctx, const struct alert_info *ai, const struct field_ctx *fc)
{
	struct session *s = ctx;
	struct field_ctx c = *fc;

	c.alert = ai;
	if (s->table && !s->paused && view_is_alerts(table_view(s->table)))
		table_on_event(s->table, &c);
	if (s->hooks.alert)
		s->hooks.alert(s->hooks.ctx, ai, fc);
}

/* The state, rules and pipeline of one run over the events (a live run, or
 * one replay of a file). */
static int start_pipeline(struct session *s, const struct state_opts *so, char **cause)
{
	if (!(s->st = state_new(so))) {
		*cause = strdup("out of memory");
		return -1;
	}
	containers_attach(s->ctrs, s->st);
	s->rules = rules_runtime_new(&s->o->rules, true, cause);
	if (*cause)
		return -1;
	rules_runtime_set_hook(s->rules, session_alert, s);
	if (!(s->p = pipeline_new(s->st, session_consume, s))) {
		*cause = strdup("out of memory");
		return -1;
	}
	return 0;
}

/* Ends the run over the events: the source, pipeline, rules and state go;
 * the table (which points into the state) is handed back to be rebuilt. */
static struct table *stop_pipeline(struct session *s)
{
	struct table *old = s->table;

	source_free(s->src);
	pipeline_free(s->p);
	rules_runtime_free(s->rules);
	state_free(s->st);
	s->src = NULL;
	s->p = NULL;
	s->rules = NULL;
	s->st = NULL;
	s->table = NULL;
	return old;
}

/* The table of old's view, filters and sort on the new state; old goes. */
static int rebuild_table(struct session *s, struct table *old, char **cause)
{
	struct table *t;

	if (!old)
		return 0;
	t = table_new(table_view(old), s->st, s->o->filter, s->drill, cause);
	if (t && table_user_filter(old) && table_set_user_filter(t, table_user_filter(old), cause)) {
		table_free(t);
		t = NULL;
	}
	if (t)
		table_sort(t, table_sort_col(old), table_sort_ascending(old));
	table_free(old);
	s->table = t;
	return t ? 0 : -1;
}

/* -r: (re)opens the file from its start with a fresh state; the current
 * table is rebuilt on it with the same filters and sort. */
static int open_file(struct session *s, char **cause)
{
	struct table *old = stop_pipeline(s);

	s->first_ts = s->last_ts = s->ivl_start_ts = 0;
	if (start_pipeline(s, &(struct state_opts){ .offline = true }, cause) ||
	    !(s->src = source_file_new(s->o->read_file, s->st, pipeline_on_raw, s->p, cause))) {
		table_free(old);
		return -1;
	}
	pipeline_set_source(s->p, s->src);
	pipeline_set_containers(s->p, s->ctrs); /* the file's container events name them */
	return rebuild_table(s, old, cause);
}

struct session *session_new(const struct options *o, const struct session_hooks *hooks, char **cause)
{
	struct session *s = calloc(1, sizeof(*s));
	struct sigaction sa = { .sa_handler = on_signal };

	/* before curses starts, which keeps handlers that are already set */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL); /* the SSH connection dropped */
	signal(SIGPIPE, SIG_IGN);
	*cause = NULL;
	if (!s)
		return NULL;
	s->o = o;
	s->offline = o->read_file != NULL;
	s->tick_ns = (uint64_t)o->delay_ms * 1000000;
	s->hooks = *hooks;
	s->interval_s = (o->delay_ms ? o->delay_ms : DEFAULT_DELAY_MS) / 1000.0;
	s->views = view_set_load(NULL, log_view_error, NULL);
	if (!s->views || !s->views->nviews) {
		*cause = strdup("no views could be loaded (see the messages above; WTFTOP_VIEWS_PATH "
				"names the views directory)");
		goto fail;
	}
	/* a capture file's containers are named by its own container events */
	s->ctrs = containers_new(&(struct containers_opts){ .sockets = o->container_sockets,
							    .nsockets = o->ncontainer_sockets,
							    .no_lookup = s->offline });
	if (!s->ctrs) {
		*cause = strdup("out of memory");
		goto fail;
	}
	if (s->offline && !strcmp(o->read_file, "-") && hooks->tick) {
		/* the keys come from stdin, and a replay needs the file again */
		*cause = strdup("the interactive UI cannot read a capture from stdin: give -r a file, "
				"or use --batch, -p or -j");
		goto fail;
	}
	if (s->offline) { /* opened here, and again from its start at each replay */
		if (open_file(s, cause))
			goto fail;
		return s;
	}
	/* a quick first look at /proc (processes only), for a first frame while
	 * the probe loads; the state for the events is read once it is attached */
	if (start_pipeline(s, &(struct state_opts){ .light_scan = true }, cause))
		goto fail;
	if (state_scan_proc(s->st, "/proc") < 0)
		log_warn("could not read /proc: processes started before wtftop lack details");
	return s;
fail:
	session_free(s);
	return NULL;
}

int session_start(struct session *s, char **cause)
{
	struct live_opts lopts = { 0 };
	struct table *old;

	*cause = NULL;
	if (s->offline || s->src)
		return 0;
	/* A fresh state for the events: what changed while the probe loaded
	 * (an fd closed and reused, an exec) was never seen, so the /proc read
	 * behind the first frame cannot be trusted for what follows. */
	old = stop_pipeline(s);
	if (start_pipeline(s, &(struct state_opts){ 0 }, cause)) {
		table_free(old);
		return -1;
	}
	/* every syscall: the views between them show all of them; 80 bytes of
	 * each buffer for the echo pane, as sysdig's default snaplen */
	lopts.ringbuf_bytes = s->o->ringbuf_mb << 20;
	lopts.snaplen = s->o->snaplen >= 0 ? (uint32_t)s->o->snaplen : 80;
	if (!(s->src = source_live_new(&lopts, pipeline_on_raw, s->p, cause))) {
		table_free(old);
		return -1;
	}
	pipeline_set_source(s->p, s->src);
	/* container start events (for rules such as a privileged start) and the
	 * sweep that retries lookups and marks ended containers */
	pipeline_set_containers(s->p, s->ctrs);
	/* attached first, then /proc read: nothing starts or changes unseen in between */
	if (state_scan_proc(s->st, "/proc") < 0)
		log_warn("could not read /proc: processes started before wtftop lack details");
	if (rebuild_table(s, old, cause))
		return -1;
	ready_notify();
	return 0;
}

void session_first_frame(struct session *s)
{
	if (s->table && s->hooks.refresh)
		s->hooks.refresh(s->hooks.ctx, table_refresh(s->table, 0));
	if (s->table)
		table_prime(s->table);
}

void session_free(struct session *s)
{
	if (!s)
		return;
	free(s->drill);
	table_free(s->table);
	source_free(s->src);
	pipeline_free(s->p);
	state_free(s->st);
	fields_set_container_getter(NULL);
	containers_free(s->ctrs);
	rules_runtime_free(s->rules);
	view_set_free(s->views);
	free(s);
}

/* -r: replays the file, shows the last interval (the whole file without
 * -d), then waits for input; a view, filter or drill-down change replays the
 * file for it. Batch mode (no tick hook) ends at the end of the file. */
static int session_run_offline(struct session *s)
{
	char *cause = NULL;
	int r = 0;

	for (;;) {
		s->replay = false;
		r = pipeline_run(s->p, &stop_flag, 0, NULL, NULL);
		if (stop_flag || s->stopped)
			break;
		if (!s->replay && s->first_ts) /* the end of the file: its last interval */
			offline_frame(s, s->last_ts);
		while (!s->replay && !s->stopped && !stop_flag && s->hooks.tick) {
			if (s->hooks.tick(s->hooks.ctx))
				s->stopped = true;
			usleep(20000);
		}
		if (!s->replay || s->stopped || stop_flag)
			break;
		if (open_file(s, &cause)) {
			log_error("%s", cause ? cause : "out of memory");
			free(cause);
			return 1;
		}
	}
	return r ? 1 : 0;
}

int session_run(struct session *s)
{
	int r;

	if (s->offline)
		return session_run_offline(s);
	s->interval_start = mono_s();
	if (s->table)
		table_prime(s->table);
	r = pipeline_run(s->p, &stop_flag, s->o->max_seconds, session_idle, s);
	return r ? 1 : 0;
}

struct table *session_set_view(struct session *s, const struct view *v, const char *drill, char **cause)
{
	struct table *t = table_new(v, s->st, s->o->filter, drill, cause);

	if (!t)
		return NULL;
	table_free(s->table);
	s->table = t;
	table_prime(t);
	free(s->drill);
	s->drill = drill ? strdup(drill) : NULL;
	if (s->offline && s->first_ts) /* the events of the file are behind: read it again */
		s->replay = true;
	return t;
}

struct table *session_table(const struct session *s)
{
	return s->table;
}

void session_refresh_now(struct session *s)
{
	s->refresh_now = true;
	if (s->offline && s->first_ts)
		s->replay = true;
}

bool session_replay_pending(const struct session *s)
{
	return s->replay;
}

bool session_offline_span(const struct session *s, uint64_t *first_ts, uint64_t *last_ts)
{
	*first_ts = s->first_ts;
	*last_ts = s->last_ts;
	return s->offline;
}

void session_set_paused(struct session *s, bool paused)
{
	s->paused = paused;
}

bool session_paused(const struct session *s)
{
	return s->paused;
}

double session_interval_s(const struct session *s)
{
	return s->interval_s;
}

const struct view_set *session_views(const struct session *s)
{
	return s->views;
}

struct state *session_state(const struct session *s)
{
	return s->st;
}

const struct pipeline_stats *session_stats(const struct session *s)
{
	return pipeline_stats(s->p);
}

uint64_t session_alerts(const struct session *s)
{
	return s->rules ? rules_runtime_alerts(s->rules) : 0;
}

const char *session_source_name(const struct session *s)
{
	return s->src && s->src->name ? s->src->name : "live";
}
