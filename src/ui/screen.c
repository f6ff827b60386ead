/* screen.c: the interactive curses UI over the views; the only file that
 * includes curses. The session feeds the current view's table; this file
 * keeps the navigation (drill-down stack, selection, prompts, panes), reads
 * keys and draws. ncurses sends only what changed to the terminal. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <ctype.h>
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "filter/filter.h"
#include "format/format.h"
#include "format/render.h"
#include "ui/session.h"
#include "ui/ui.h"
#include "util/strbuf.h"
#include "util/clock.h"

#define MIN_COLS 60
#define MIN_LINES 12
#define NAV_DEPTH 16
#define PANE_LINES 2000      /* lines the dig and echo panes keep */
#define PROMPT_MAX 512
#define ECHO_FORMAT "*%evt.time %proc.name (%thread.tid) %evt.dir %evt.type %fd.name: %evt.buffer"

enum ui_mode {
	UM_TABLE,
	UM_PROMPT_FILTER,
	UM_PROMPT_SEARCH,
	UM_VIEWS,   /* the view picker */
	UM_SORT,    /* the sort column picker */
	UM_ACTIONS,
	UM_CONFIRM,
	UM_HELP,
	UM_PANE,    /* dig or echo */
};

enum color_pair { CP_HEADER = 1, CP_TITLE, CP_SELECTED, CP_ALERT, CP_BAR };

/* What a rule flagged stands out for a while: the rows whose key is the
 * process, thread, container or file of a recent alert. */
#define FLAG_FIELDS "%proc.pid\x1f%thread.tid\x1f%container.id\x1f%fd.name"
#define NFLAG_FIELDS 4
#define FLAGS_KEPT 64
#define FLAG_SECONDS 60.0
static const char *const flag_fields[NFLAG_FIELDS] = { "proc.pid", "thread.tid", "container.id", "fd.name" };

struct flag {
	char *values[NFLAG_FIELDS]; /* owned; NULL when the alert's event had none */
	double until;               /* monotonic seconds */
};

struct nav {
	const struct view *v; /* borrowed from the session's view set */
	char *drill;          /* owned: the filter this level was drilled down with */
	size_t sel;           /* the selection to come back to */
};

struct pane {
	bool active;
	bool echo;             /* echo (buffers) rather than dig (events) */
	struct filter *flt;    /* owned: the selection */
	struct formatter *fmt; /* owned */
	char *lines[PANE_LINES]; /* owned ring */
	size_t first, n;
	size_t scroll;         /* lines up from the newest */
	char *title;           /* owned */
	struct strbuf line, scratch;
};

struct ui {
	const struct options *o;
	struct session *s;
	struct nav stack[NAV_DEPTH];
	int depth;
	size_t sel, top;
	char *sel_key;         /* owned: the selected row's key, which the selection follows */
	size_t *shown;         /* indices of the frame rows shown (text filter applied) */
	size_t nshown;
	char *text_filter;     /* owned: F4 text that is not a filter: matches any column */
	enum ui_mode mode;
	char prompt[PROMPT_MAX];
	size_t prompt_len;
	char status[256];      /* a message for the last line, until the next key */
	size_t pick;           /* the picker's selection */
	const struct view_action *action; /* waiting for confirmation */
	struct pane pane;
	bool color, dirty, quit;
	char host[64];
	uint64_t last_events;  /* for the event rate */
	double rate;
	uint64_t last_drops, interval_drops;
	struct flag flags[FLAGS_KEPT]; /* ring of the latest alerts' keys */
	size_t next_flag;
	struct formatter *flag_fmt;    /* owned: FLAG_FIELDS */
	struct strbuf flag_line, flag_scratch;
	int saved_stderr;      /* the real stderr while curses owns the terminal */
	FILE *held_stderr;     /* messages written meanwhile, shown at exit */
};

static struct ui *the_ui;  /* for the crash handler */

static void ui_alert(void *ctx, const struct alert_info *ai, const struct field_ctx *fc)
{
	struct ui *u = ctx;
	struct flag *fl = &u->flags[u->next_flag++ % FLAGS_KEPT];
	char *p, *cause = NULL;

	(void)ai;
	if (!u->flag_fmt && !(u->flag_fmt = formatter_new(FLAG_FIELDS, 0, &cause))) {
		free(cause);
		return;
	}
	strbuf_reset(&u->flag_line);
	strbuf_reset(&u->flag_scratch);
	if (formatter_write(u->flag_fmt, fc, &u->flag_line, &u->flag_scratch) < 0 || !u->flag_line.buf)
		return;
	p = u->flag_line.buf;
	for (int i = 0; i < NFLAG_FIELDS; i++) {
		char *end = strchr(p, '\x1f');
		if (end)
			*end = '\0';
		free(fl->values[i]);
		fl->values[i] = *p && strcmp(p, "<NA>") ? strdup(p) : NULL;
		p = end ? end + 1 : p + strlen(p);
	}
	fl->until = mono_s() + FLAG_SECONDS;
	u->dirty = true;
}

/* Whether a rule flagged the row's key (of the view's key field) lately. */
static bool row_flagged(struct ui *u, const char *key_field, const char *key)
{
	int f = -1;
	double now;

	for (int i = 0; i < NFLAG_FIELDS; i++)
		if (key_field && !strcmp(key_field, flag_fields[i]))
			f = i;
	if (f < 0 || !key || !*key)
		return false;
	now = mono_s();
	for (size_t i = 0; i < FLAGS_KEPT; i++)
		if (u->flags[i].until > now && u->flags[i].values[f] && !strcmp(u->flags[i].values[f], key))
			return true;
	return false;
}
static bool curses_on;
/* The locale's characters are multibyte (UTF-8): put_text draws them. */
static bool wide_text;

/* ---- the terminal ---------------------------------------------------------------- */

static void terminal_restore(void)
{
	if (curses_on) {
		curses_on = false;
		/* without an alternate screen (linux, vt100) the shell goes on
		 * under the last frame, from the last line: blank it */
		attrset(A_NORMAL);
		move(LINES - 1, 0);
		clrtoeol();
		refresh();
		endwin();
	}
}

/* A crash must not leave the SSH session in raw mode without echo. */
static void on_crash(int sig)
{
	terminal_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void terminal_start(struct ui *u)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	const char *no_color;

	/* messages of the core layers would scribble over the screen: hold them */
	fflush(stderr);
	u->saved_stderr = dup(STDERR_FILENO);
	u->held_stderr = tmpfile();
	if (u->held_stderr)
		dup2(fileno(u->held_stderr), STDERR_FILENO);
	/* the terminal's characters (UTF-8 names drawn as such); numbers and
	 * everything else stay in the C locale */
	setlocale(LC_CTYPE, "");
	wide_text = MB_CUR_MAX > 1;
	initscr();
	curses_on = true;
	atexit(terminal_restore);
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		signal(crash[i], on_crash);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	/* the mouse where the terminal has one: click selects, double-click
	 * drills down, a click on a heading sorts, the wheel scrolls */
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	no_color = getenv("NO_COLOR");
	/* no-color.org: NO_COLOR counts when it is set and not empty */
	u->color = !u->o->no_color && !(no_color && *no_color) && has_colors();
	if (u->color) {
		start_color();
		use_default_colors();
		init_pair(CP_HEADER, COLOR_BLACK, COLOR_GREEN);
		init_pair(CP_TITLE, COLOR_CYAN, -1);
		init_pair(CP_SELECTED, COLOR_BLACK, COLOR_CYAN);
		init_pair(CP_ALERT, COLOR_RED, -1);
		init_pair(CP_BAR, COLOR_BLACK, COLOR_CYAN);
	}
}

static void terminal_stop(struct ui *u)
{
	terminal_restore();
	if (u->saved_stderr >= 0) {
		dup2(u->saved_stderr, STDERR_FILENO);
		close(u->saved_stderr);
		u->saved_stderr = -1;
	}
	if (u->held_stderr) { /* what was said while the screen was ours */
		char buf[4096];
		size_t n;
		rewind(u->held_stderr);
		while ((n = fread(buf, 1, sizeof(buf), u->held_stderr)) > 0)
			fwrite(buf, 1, n, stderr);
		fclose(u->held_stderr);
		u->held_stderr = NULL;
	}
}

static int attr_of(const struct ui *u, enum color_pair cp, int fallback)
{
	return u->color ? (int)COLOR_PAIR(cp) : fallback;
}

/* Whether wc may be drawn as itself: printable, one or two columns wide,
 * and not one of the invisible or reordering marks (zero-width characters,
 * bidirectional controls) that could hide or disguise the text around it. */
static bool drawable(wchar_t wc)
{
	return iswprint((wint_t)wc) && wcwidth(wc) >= 1 && !render_disguises((uint32_t)wc);
}

/* Writes at most width columns of s at (y, x). Control characters are
 * escaped in caret form as `cat -v` shows them (ESC is ^[, CR ^M, DEL ^?),
 * so that no process name or file name may move the cursor or change the
 * terminal's state, and the responder sees what it tried. In a UTF-8
 * locale the characters that drawable() allows are drawn as themselves;
 * any other byte past ASCII (C1 controls, broken sequences, or any at all
 * in the C locale) shows as '?'. Pads with spaces to width when pad.
 * Returns the column after the text (curses' cursor wraps at the edge). */
static int put_text(int y, int x, const char *s, int width, bool pad)
{
	mbstate_t mb;
	int i = 0;

	if (width <= 0)
		return x;
	memset(&mb, 0, sizeof(mb));
	move(y, x);
	while (s && *s && i < width) {
		unsigned char c = (unsigned char)*s;
		wchar_t wc;
		size_t n;

		if (c < 0x20 || c == 0x7f) {
			addch('^');
			if (++i < width) { /* its letter, if it fits */
				addch(c ^ 0x40);
				i++;
			}
			s++;
			continue;
		}
		if (c < 0x80) {
			addch(c);
			i++;
			s++;
			continue;
		}
		/* s is NUL-terminated: mbrtowc stops at the NUL of a cut sequence */
		n = wide_text ? mbrtowc(&wc, s, MB_CUR_MAX, &mb) : (size_t)-1;
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) { /* not a character: a byte */
			memset(&mb, 0, sizeof(mb));
			n = 1;
		} else if (drawable(wc)) {
			if (i + wcwidth(wc) > width)
				break;
			addnwstr(&wc, 1);
			i += wcwidth(wc);
			s += n;
			continue;
		}
		addch('?'); /* one for the byte or the character */
		i++;
		s += n;
	}
	for (; pad && i < width; i++)
		addch(' ');
	return x + i;
}

/* ---- the view stack ---------------------------------------------------------------- */

static const struct view *cur_view(const struct ui *u)
{
	return u->stack[u->depth].v;
}

static void set_status(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_status(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->status, sizeof(u->status), fmt, ap);
	va_end(ap);
	u->dirty = true;
}

static void compute_shown(struct ui *u);

/* Opens the table of the stack's top level. */
static int open_level(struct ui *u)
{
	char *cause = NULL;
	const char *user = session_table(u->s) ? table_user_filter(session_table(u->s)) : NULL;
	char *keep = user ? strdup(user) : NULL;
	struct table *t = session_set_view(u->s, cur_view(u), u->stack[u->depth].drill, &cause);

	if (!t) {
		set_status(u, "%s", cause ? cause : "out of memory");
		free(cause);
		free(keep);
		return -1;
	}
	if (keep && table_set_user_filter(t, keep, &cause)) { /* the user's filter stays */
		free(cause);
		cause = NULL;
	}
	free(keep);
	u->sel = u->stack[u->depth].sel;
	u->top = 0;
	free(u->text_filter); /* text matches the columns of the view it was typed in */
	u->text_filter = NULL;
	free(u->sel_key);
	u->sel_key = NULL;
	compute_shown(u); /* the new table's frame is empty until its first refresh */
	session_refresh_now(u->s);
	u->dirty = true;
	return 0;
}

static const struct table_row *selected_row(const struct ui *u)
{
	const struct table_frame *f = table_frame(session_table(u->s));

	if (u->sel >= u->nshown || u->shown[u->sel] >= f->nrows)
		return NULL;
	return &f->rows[u->shown[u->sel]];
}

static void drill_down(struct ui *u)
{
	const struct view *target;
	const struct table_row *r = selected_row(u);
	char *flt;

	if (!cur_view(u)->drilldown_target || !r) {
		set_status(u, "%s", r ? "this view has no drill-down" : "no row selected");
		return;
	}
	target = view_set_find(session_views(u->s), cur_view(u)->drilldown_target);
	if (!target || u->depth + 1 >= NAV_DEPTH) {
		set_status(u, "no view '%s' to drill down to", cur_view(u)->drilldown_target);
		return;
	}
	if (!(flt = table_row_filter(session_table(u->s), r)))
		return;
	u->stack[u->depth].sel = u->sel;
	u->depth++;
	u->stack[u->depth] = (struct nav){ .v = target, .drill = flt };
	if (open_level(u)) {
		free(u->stack[u->depth].drill);
		u->depth--;
		open_level(u);
	}
}

static void drill_up(struct ui *u)
{
	if (!u->depth)
		return;
	free(u->stack[u->depth].drill);
	u->stack[u->depth].drill = NULL;
	u->depth--;
	open_level(u);
}

static void switch_view(struct ui *u, const struct view *v)
{
	while (u->depth) {
		free(u->stack[u->depth].drill);
		u->stack[u->depth--].drill = NULL;
	}
	u->stack[0] = (struct nav){ .v = v };
	open_level(u);
}

/* ---- rows shown ---------------------------------------------------------------------- */

static bool row_has_text(const struct view *v, const struct table_row *r, const char *text)
{
	for (size_t c = 0; c < v->ncols; c++)
		if (!(v->cols[c].flags & VIEW_COL_HIDDEN) && r->text[c] && strcasestr(r->text[c], text))
			return true;
	return false;
}

/* The frame's rows that pass the text filter; the selection follows its row. */
static void compute_shown(struct ui *u)
{
	const struct table_frame *f = table_frame(session_table(u->s));
	const struct view *v = cur_view(u);
	size_t *shown = realloc(u->shown, (f->nrows + 1) * sizeof(*shown));

	if (!shown)
		return;
	u->shown = shown;
	u->nshown = 0;
	for (size_t i = 0; i < f->nrows; i++)
		if (!u->text_filter || row_has_text(v, &f->rows[i], u->text_filter))
			u->shown[u->nshown++] = i;
	/* rows move as figures change: the selection stays on its row */
	for (size_t i = 0; u->sel_key && v->type == VIEW_TABLE && i < u->nshown; i++)
		if (!strcmp(f->rows[u->shown[i]].key, u->sel_key)) {
			u->sel = i;
			break;
		}
	if (u->sel >= u->nshown)
		u->sel = u->nshown ? u->nshown - 1 : 0;
}

/* ---- panes: dig and echo ------------------------------------------------------------- */

static void pane_clear(struct pane *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[(p->first + i) % PANE_LINES]);
	p->first = p->n = p->scroll = 0;
	filter_free(p->flt);
	formatter_free(p->fmt);
	free(p->title);
	p->flt = NULL;
	p->fmt = NULL;
	p->title = NULL;
	p->active = false;
}

static void pane_open(struct ui *u, bool echo)
{
	const struct table_row *r = selected_row(u);
	char *sel = r ? table_row_filter(session_table(u->s), r) : NULL;
	char *text = NULL, *cause = NULL;
	struct pane *p = &u->pane;

	pane_clear(p);
	if (asprintf(&text, "%s%s%s", sel ? sel : "", sel && echo ? " and " : "",
		     echo ? "evt.is_io=true and evt.dir=<" : "") < 0)
		text = NULL;
	if (text && *text)
		p->flt = filter_compile(text, NULL, &cause);
	p->fmt = echo ? formatter_new(ECHO_FORMAT, 0, &cause) : formatter_new(NULL, 0, &cause);
	if (!p->fmt || (text && *text && !p->flt)) {
		set_status(u, "%s", cause ? cause : "out of memory");
		pane_clear(p);
	} else {
		p->active = true;
		p->echo = echo;
		session_refresh_now(u->s); /* -r: the file is read again to fill the pane */
		if (asprintf(&p->title, "%s: %s", echo ? "Echo" : "Dig", sel ? sel : "every event") < 0)
			p->title = NULL;
		u->mode = UM_PANE;
	}
	free(cause);
	free(text);
	free(sel);
	u->dirty = true;
}

static void ui_event(void *ctx, const struct field_ctx *fc)
{
	struct ui *u = ctx;
	struct pane *p = &u->pane;

	if (!p->active || session_paused(u->s))
		return;
	strbuf_reset(&p->scratch);
	if (p->flt && !filter_match(p->flt, fc, &p->scratch))
		return;
	strbuf_reset(&p->line);
	if (formatter_write(p->fmt, fc, &p->line, &p->scratch) <= 0)
		return;
	if (p->n == PANE_LINES) {
		free(p->lines[p->first]);
		p->first = (p->first + 1) % PANE_LINES;
		p->n--;
	}
	p->lines[(p->first + p->n++) % PANE_LINES] = strndup(p->line.buf, p->line.len);
	u->dirty = true;
}

/* ---- actions --------------------------------------------------------------------- */

/* The command with %field tokens replaced by the selected row's values. Only
 * plain values (ids, names, paths) are put in a shell line: NULL otherwise. */
static char *action_command(struct ui *u, const struct view_action *a)
{
	const struct view *v = cur_view(u);
	const struct table_row *r = selected_row(u);
	struct strbuf sb = STRBUF_INIT;

	if (!r)
		return NULL;
	for (const char *p = a->command; *p; p++) {
		const char *val = NULL;
		size_t flen = 0;
		if (*p != '%') {
			strbuf_putc(&sb, *p);
			continue;
		}
		while (p[1 + flen] && (isalnum((unsigned char)p[1 + flen]) || p[1 + flen] == '.' || p[1 + flen] == '_'))
			flen++;
		for (size_t c = 0; c < v->ncols && !val; c++)
			if (strlen(v->cols[c].field) == flen && !strncmp(v->cols[c].field, p + 1, flen))
				val = r->text[c];
		if (!val && strlen(table_key_field(session_table(u->s))) == flen &&
		    !strncmp(table_key_field(session_table(u->s)), p + 1, flen))
			val = r->key;
		if (!val || !*val || strspn(val, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:/-") !=
					     strlen(val)) {
			strbuf_free(&sb);
			return NULL;
		}
		strbuf_puts(&sb, val);
		p += flen;
	}
	return sb.buf ? sb.buf : strdup("");
}

static void action_run(struct ui *u, const struct view_action *a)
{
	char *cmd = action_command(u, a);
	pid_t pid;
	int status = 0;
	struct sigaction old_int;
	bool int_saved = false;

	if (!cmd) {
		set_status(u, "the selected row has no plain value for '%s'", a->command);
		return;
	}
	if (a->terminal) { /* an interactive command (a shell): it gets the terminal */
		def_prog_mode();
		endwin();
		if (u->saved_stderr >= 0)
			dup2(u->saved_stderr, STDERR_FILENO);
	}
	pid = fork();
	if (pid == 0) {
		if (!a->terminal) {
			int null = open("/dev/null", O_RDWR);
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		signal(SIGINT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && a->terminal) { /* Ctrl-C belongs to the command meanwhile */
		struct sigaction ign = { .sa_handler = SIG_IGN };
		sigemptyset(&ign.sa_mask);
		sigaction(SIGINT, &ign, &old_int);
		int_saved = true;
	}
	int w = -1;
	if (pid > 0)
		while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			; /* a resize meanwhile: the command is still running */
	if (pid < 0 || w < 0)
		set_status(u, "%s: %s", cmd, strerror(errno));
	else
		set_status(u, "%s: exit status %d", a->description ? a->description : cmd,
			   WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (int_saved)
		sigaction(SIGINT, &old_int, NULL);
	if (a->terminal) { /* the screen back, as it was */
		if (u->held_stderr)
			dup2(fileno(u->held_stderr), STDERR_FILENO);
		reset_prog_mode();
		clearok(stdscr, TRUE);
		refresh();
	}
	free(cmd);
}

/* ---- drawing ---------------------------------------------------------------------- */

/* A trace time as the stream's default clock shows it: HH:MM:SS.mmm, local. */
static const char *clock_text(uint64_t ts, char *buf, size_t size)
{
	time_t sec = (time_t)(ts / 1000000000ull);
	struct tm tm;

	if (!ts || !localtime_r(&sec, &tm))
		return "-";
	snprintf(buf, size, "%02d:%02d:%02d.%03u", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned)(ts % 1000000000ull / 1000000));
	return buf;
}

static void draw_header(struct ui *u)
{
	const struct pipeline_stats *ps = session_stats(u->s);
	const struct table *t = session_table(u->s);
	const char *uf = table_user_filter(t);
	const char *drill = u->stack[u->depth].drill;
	char line[512];
	uint64_t first, last;
	int x;

	if (session_offline_span(u->s, &first, &last)) { /* -r: the file and its time span */
		char a[32], b[32];
		double span = (double)(last - first) / 1e9;
		const char *name = strrchr(session_source_name(u->s), '/');
		snprintf(line, sizeof(line), "wtftop  file %s: %s - %s (%.*f s)  events: %llu  drops: ",
			 name ? name + 1 : session_source_name(u->s), clock_text(first, a, sizeof(a)), clock_text(last, b, sizeof(b)),
			 span < 1 ? 6 : 3, span, (unsigned long long)ps->n_events);
	} else {
		snprintf(line, sizeof(line), "wtftop  %s: %s  events/s: %.0f  drops: ", session_source_name(u->s),
			 u->host, u->rate);
	}
	attrset(A_BOLD);
	x = put_text(0, 0, line, COLS, false);
	snprintf(line, sizeof(line), "%llu (+%llu)", (unsigned long long)ps->src.n_drops_total,
		 (unsigned long long)u->interval_drops);
	if (ps->src.n_drops_total)
		attrset(attr_of(u, CP_ALERT, A_BOLD) | A_BOLD);
	x = put_text(0, x, line, COLS - x, false);
	attrset(A_BOLD);
	snprintf(line, sizeof(line), "  alerts: %llu%s", (unsigned long long)session_alerts(u->s),
		 session_paused(u->s) ? "  [PAUSED]" : "");
	put_text(0, x, line, COLS - x, true);
	attrset(A_NORMAL);
	snprintf(line, sizeof(line), "Viewing: %s For: %s%s%s%s%s%s%s", cur_view(u)->name,
		 drill ? drill : (u->o->filter || uf || u->text_filter ? "" : u->o->read_file ? "whole file" : "whole machine"),
		 drill && (u->o->filter || uf) ? " and " : "", u->o->filter ? u->o->filter : "",
		 u->o->filter && uf ? " and " : "", uf ? uf : "", u->text_filter ? "  text: " : "",
		 u->text_filter ? u->text_filter : "");
	attrset(attr_of(u, CP_TITLE, A_BOLD));
	put_text(1, 0, line, COLS, true);
	attrset(A_NORMAL);
}

static void draw_row(struct ui *u, int y, char *const *cells, int attr)
{
	const struct view *v = cur_view(u);
	int x = 0;

	attrset(attr);
	move(y, 0);
	for (size_t c = 0; c < v->ncols && x < COLS; c++) {
		int w;
		if (v->cols[c].flags & VIEW_COL_HIDDEN)
			continue;
		w = view_column_width(&v->cols[c]);
		if (w > COLS - x)
			w = COLS - x;
		put_text(y, x, cells[c], w - 1, true);
		if (x + w <= COLS)
			put_text(y, x + w - 1, " ", 1, false);
		x += w;
	}
	for (; x < COLS; x++)
		mvaddch(y, x, ' ');
	attrset(A_NORMAL);
}

/* '!' in the blank that ends the row's first column. */
static void flag_marker(struct ui *u, int y, int attr)
{
	const struct view *v = cur_view(u);

	for (size_t c = 0; c < v->ncols; c++) {
		int w;
		if (v->cols[c].flags & VIEW_COL_HIDDEN)
			continue;
		w = view_column_width(&v->cols[c]);
		if (w >= 2 && w <= COLS) {
			attrset(attr);
			mvaddch(y, w - 1, '!');
			attrset(A_NORMAL);
		}
		return;
	}
}

static void draw_table(struct ui *u)
{
	const struct view *v = cur_view(u);
	const struct table_frame *f = table_frame(session_table(u->s));
	int rows = LINES - 4;
	char *heads[v->ncols];
	size_t sort = table_sort_col(session_table(u->s));

	for (size_t c = 0; c < v->ncols; c++)
		heads[c] = v->cols[c].name;
	draw_row(u, 2, heads, attr_of(u, CP_HEADER, A_REVERSE));
	/* the sort column's heading is marked, for terminals without colour too
	 * (a list has none) */
	if (sort < v->ncols && !(v->cols[sort].flags & VIEW_COL_HIDDEN)) {
		int x = 0;
		for (size_t c = 0; c < sort; c++)
			if (!(v->cols[c].flags & VIEW_COL_HIDDEN))
				x += view_column_width(&v->cols[c]);
		if (x < COLS) {
			attrset(attr_of(u, CP_HEADER, A_REVERSE) | A_BOLD);
			mvaddch(2, x + (int)strlen(v->cols[sort].name) < COLS ? x + (int)strlen(v->cols[sort].name) : x,
				table_sort_ascending(session_table(u->s)) ? '^' : 'v');
			attrset(A_NORMAL);
		}
	}
	if (u->sel < u->top)
		u->top = u->sel;
	if (rows > 0 && u->sel >= u->top + (size_t)rows)
		u->top = u->sel - (size_t)rows + 1;
	for (int i = 0; i < rows; i++) {
		size_t idx = u->top + (size_t)i;
		if (idx >= u->nshown || u->shown[idx] >= f->nrows)
			break;
		const struct table_row *r = &f->rows[u->shown[idx]];
		/* (in the Alerts view every row is an alert: none stands out) */
		int attr = !view_is_alerts(v) && row_flagged(u, table_key_field(session_table(u->s)), r->key)
				   ? attr_of(u, CP_ALERT, A_BOLD) | A_BOLD : (int)A_NORMAL;
		bool flagged = attr != (int)A_NORMAL;
		if (idx == u->sel) /* selected and flagged: the alert colour, reversed */
			attr = flagged ? attr | (int)A_REVERSE : attr_of(u, CP_SELECTED, A_REVERSE);
		draw_row(u, 3 + i, r->text, attr);
		if (flagged) /* a marker too, for terminals without colour: after the first column */
			flag_marker(u, 3 + i, attr);
	}
	if (!u->nshown)
		put_text(3, 0, f->interval_s > 0 ? "(no rows)" : "(collecting: the first figures come at the first refresh)",
			 COLS, false);
}

static void draw_list(struct ui *u, const char *title, const char *const *items, const char *const *descs,
		      size_t n)
{
	int rows = LINES - 4;
	size_t top = u->pick >= (size_t)rows && rows > 0 ? u->pick - (size_t)rows + 1 : 0;

	attrset(attr_of(u, CP_HEADER, A_REVERSE));
	put_text(2, 0, title, COLS, true);
	attrset(A_NORMAL);
	for (int i = 0; i < rows && top + (size_t)i < n; i++) {
		size_t k = top + (size_t)i;
		attrset(k == u->pick ? attr_of(u, CP_SELECTED, A_REVERSE) : (int)A_NORMAL);
		put_text(3 + i, 0, items[k], 24, true);
		put_text(3 + i, 24 < COLS ? 24 : COLS, descs && descs[k] ? descs[k] : "", COLS - 24, true);
	}
	attrset(A_NORMAL);
}

static const char *const help_lines[] = {
	"Keys (function keys work too)",
	"  Up/Down PgUp/PgDn Home/End   move the selection",
	"  Enter                        drill down into the selected row",
	"  Backspace                    back up one level",
	"  v, F2                        choose a view",
	"  \\, F4                        filter: a filter expression, or text any column contains",
	"  /, Ctrl-F                    search: select the next row containing text",
	"  >, <, F9                     choose the sort column",
	"  1..9                         sort by column N       r  reverse the order",
	"  d, F6                        dig: the raw events of the selection",
	"  e, F5                        echo: the I/O buffers of the selection",
	"  a, F8                        actions of the view (kill, renice ...)",
	"  p                            pause / resume",
	"  h, ?, F1                     this help",
	"  q, F10                       quit",
	"  mouse: click selects, double-click drills down, a click on a heading sorts, the wheel scrolls",
	"",
	"Press any key to go back.",
};

static void draw_pane(struct ui *u)
{
	struct pane *p = &u->pane;
	int rows = LINES - 4;
	size_t end = p->n > p->scroll ? p->n - p->scroll : 0;
	size_t start = end > (size_t)rows ? end - (size_t)rows : 0;

	attrset(attr_of(u, CP_HEADER, A_REVERSE));
	put_text(2, 0, p->title ? p->title : "", COLS, true);
	attrset(A_NORMAL);
	for (size_t i = start; i < end; i++)
		put_text(3 + (int)(i - start), 0, p->lines[(p->first + i) % PANE_LINES], COLS, true);
	if (!p->n)
		put_text(3, 0, "(waiting for events of the selection)", COLS, false);
}

static void draw_bottom(struct ui *u)
{
	static const char *const keys[][2] = {
		{ "F1", "Help" }, { "F2", "Views" }, { "F4", "Filter" }, { "F5", "Echo" }, { "F6", "Dig" },
		{ "F8", "Actions" }, { "F9", "Sort" }, { "p", "Pause" }, { "q", "Quit" },
	};
	int y = LINES - 1, x = 0;

	move(y, 0);
	clrtoeol();
	if (u->mode == UM_PROMPT_FILTER || u->mode == UM_PROMPT_SEARCH) {
		char line[PROMPT_MAX + 32];
		snprintf(line, sizeof(line), "%s%.*s_", u->mode == UM_PROMPT_FILTER ? "Filter: " : "Search: ",
			 (int)u->prompt_len, u->prompt);
		put_text(y, 0, line, COLS, true);
		if (*u->status) {
			attrset(attr_of(u, CP_ALERT, A_BOLD));
			put_text(y - 1, 0, u->status, COLS, true);
			attrset(A_NORMAL);
		}
		return;
	}
	if (u->mode == UM_CONFIRM && u->action) {
		char line[512];
		snprintf(line, sizeof(line), "Run '%s' on the selection? (y/n)", u->action->description ? u->action->description : u->action->command);
		attrset(attr_of(u, CP_ALERT, A_BOLD) | A_BOLD);
		put_text(y, 0, line, COLS, true);
		attrset(A_NORMAL);
		return;
	}
	if (*u->status) {
		attrset(A_BOLD);
		put_text(y, 0, u->status, COLS, true);
		attrset(A_NORMAL);
		return;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && x < COLS; i++) {
		attrset(A_NORMAL);
		put_text(y, x, keys[i][0], COLS - x, false);
		x += (int)strlen(keys[i][0]);
		if (x >= COLS)
			break;
		attrset(attr_of(u, CP_BAR, A_REVERSE));
		put_text(y, x, keys[i][1], COLS - x, false);
		x += (int)strlen(keys[i][1]);
		attrset(A_NORMAL);
		if (x < COLS)
			put_text(y, x++, " ", 1, false);
	}
	attrset(A_NORMAL);
}

static void draw(struct ui *u)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		char msg[96];
		snprintf(msg, sizeof(msg), "terminal too small (%dx%d): wtftop needs %dx%d", COLS, LINES, MIN_COLS,
			 MIN_LINES);
		put_text(0, 0, msg, COLS, false);
		refresh();
		return;
	}
	draw_header(u);
	switch (u->mode) {
	case UM_VIEWS: {
		const struct view_set *vs = session_views(u->s);
		const char *names[vs->nviews + 1], *descs[vs->nviews + 1];
		for (size_t i = 0; i < vs->nviews; i++) {
			names[i] = vs->views[i]->name;
			descs[i] = vs->views[i]->description;
		}
		draw_list(u, "Views (Enter: show, Esc: back)", names, descs, vs->nviews);
		break;
	}
	case UM_SORT: {
		const struct view *v = cur_view(u);
		const char *names[v->ncols + 1], *descs[v->ncols + 1];
		for (size_t i = 0; i < v->ncols; i++) {
			names[i] = v->cols[i].name;
			descs[i] = v->cols[i].description;
		}
		draw_list(u, "Sort by (Enter: sort, Esc: back)", names, descs, v->ncols);
		break;
	}
	case UM_ACTIONS: {
		const struct view *v = cur_view(u);
		const char *names[v->nactions + 1], *descs[v->nactions + 1];
		for (size_t i = 0; i < v->nactions; i++) {
			names[i] = v->actions[i].hotkey ? v->actions[i].hotkey : "";
			descs[i] = v->actions[i].description ? v->actions[i].description : v->actions[i].command;
		}
		draw_list(u, "Actions (hotkey or Enter, Esc: back)", names, descs, v->nactions);
		if (!v->nactions)
			put_text(3, 0, "(this view has no actions)", COLS, false);
		break;
	}
	case UM_HELP:
		for (size_t i = 0; i < sizeof(help_lines) / sizeof(help_lines[0]) && 2 + (int)i < LINES - 1; i++)
			put_text(2 + (int)i, 0, help_lines[i], COLS, false);
		break;
	case UM_PANE:
		draw_pane(u);
		break;
	default:
		draw_table(u);
	}
	draw_bottom(u);
	refresh();
	u->dirty = false;
}

/* ---- keys -------------------------------------------------------------------------- */

static bool is_enter(int ch)
{
	return ch == '\n' || ch == '\r' || ch == KEY_ENTER;
}

static bool is_backspace(int ch)
{
	return ch == KEY_BACKSPACE || ch == 127 || ch == 8;
}

/* The visible column number n (1-based), as an index into the view's columns. */
static bool visible_column(const struct view *v, int n, size_t *out)
{
	for (size_t c = 0; c < v->ncols; c++)
		if (!(v->cols[c].flags & VIEW_COL_HIDDEN) && --n == 0) {
			*out = c;
			return true;
		}
	return false;
}

static void search_next(struct ui *u, const char *text)
{
	const struct table_frame *f = table_frame(session_table(u->s));

	for (size_t k = 1; k <= u->nshown; k++) {
		size_t i = (u->sel + k) % u->nshown;
		if (row_has_text(cur_view(u), &f->rows[u->shown[i]], text)) {
			u->sel = i;
			return;
		}
	}
	set_status(u, "'%s' is in no row", text);
}

/* F4: a filter expression, or else text that any column contains. */
static void apply_filter_prompt(struct ui *u)
{
	char *cause = NULL;
	const char *text = u->prompt;

	u->status[0] = '\0';
	free(u->text_filter);
	u->text_filter = NULL;
	if (!*text) {
		table_set_user_filter(session_table(u->s), NULL, &cause);
	} else if (table_set_user_filter(session_table(u->s), text, &cause)) {
		if (strpbrk(text, "=<>!()")) { /* meant as an expression: say what is wrong, in place */
			char *nl = cause ? strchr(cause, '\n') : NULL;
			if (nl)
				*nl = '\0';
			set_status(u, "%s", cause ? cause : "bad filter");
			free(cause);
			return;
		}
		free(cause);
		cause = NULL;
		table_set_user_filter(session_table(u->s), NULL, &cause);
		u->text_filter = strdup(text);
	}
	free(cause);
	u->mode = UM_TABLE;
	session_refresh_now(u->s);
	compute_shown(u);
}

static void key_prompt(struct ui *u, int ch)
{
	if (ch == 27) { /* Esc */
		u->mode = UM_TABLE;
		u->status[0] = '\0';
	} else if (is_enter(ch)) {
		u->prompt[u->prompt_len] = '\0';
		if (u->mode == UM_PROMPT_FILTER) {
			apply_filter_prompt(u);
		} else {
			u->mode = UM_TABLE;
			if (u->prompt_len)
				search_next(u, u->prompt);
		}
	} else if (is_backspace(ch)) {
		if (u->prompt_len)
			u->prompt_len--;
	} else if (ch >= 0x20 && ch < 0x7f && u->prompt_len + 1 < sizeof(u->prompt)) {
		u->prompt[u->prompt_len++] = (char)ch;
	}
	u->dirty = true;
}

static void key_picker(struct ui *u, int ch, size_t n)
{
	if (ch == KEY_UP && u->pick)
		u->pick--;
	else if (ch == KEY_DOWN && u->pick + 1 < n)
		u->pick++;
	else if (ch == KEY_HOME)
		u->pick = 0;
	else if (ch == KEY_END && n)
		u->pick = n - 1;
	else if (ch == 27 || is_backspace(ch) || ch == 'q')
		u->mode = UM_TABLE;
	else if (is_enter(ch) && u->pick < n) {
		if (u->mode == UM_VIEWS) {
			u->mode = UM_TABLE;
			switch_view(u, session_views(u->s)->views[u->pick]);
		} else if (u->mode == UM_SORT) {
			u->mode = UM_TABLE;
			table_sort(session_table(u->s), u->pick, false);
			compute_shown(u);
		} else if (u->mode == UM_ACTIONS) {
			const struct view_action *a = &cur_view(u)->actions[u->pick];
			u->mode = a->ask_confirmation ? UM_CONFIRM : UM_TABLE;
			u->action = a;
			if (!a->ask_confirmation)
				action_run(u, a);
		}
	} else if (u->mode == UM_ACTIONS) { /* an action's hotkey */
		for (size_t i = 0; i < n; i++) {
			const struct view_action *a = &cur_view(u)->actions[i];
			if (a->hotkey && a->hotkey[0] == ch) {
				u->pick = i;
				key_picker(u, '\n', n);
				break;
			}
		}
	}
	u->dirty = true;
}

static void start_prompt(struct ui *u, enum ui_mode m)
{
	const char *init = m == UM_PROMPT_FILTER ? table_user_filter(session_table(u->s)) : NULL;

	if (m == UM_PROMPT_FILTER && !init)
		init = u->text_filter;
	u->mode = m;
	u->prompt_len = init ? strlen(init) : 0;
	if (u->prompt_len >= sizeof(u->prompt))
		u->prompt_len = sizeof(u->prompt) - 1;
	memcpy(u->prompt, init ? init : "", u->prompt_len);
	u->status[0] = '\0';
}

static void note_selection(struct ui *u);

/* The column whose heading covers screen column x, if any. */
static bool column_at(const struct view *v, int x, size_t *out)
{
	int left = 0;

	for (size_t c = 0; c < v->ncols; c++) {
		if (v->cols[c].flags & VIEW_COL_HIDDEN)
			continue;
		left += view_column_width(&v->cols[c]);
		if (x < left) {
			*out = c;
			return true;
		}
	}
	return false;
}

/* The sorting keys and clicks, on a list: it has no order but its events'. */
static bool can_sort(struct ui *u)
{
	if (table_is_sorted(session_table(u->s)))
		return true;
	set_status(u, "a list is not sorted: its rows stay in the order of their events");
	return false;
}

static void mouse_table(struct ui *u)
{
	MEVENT ev;
	size_t col;
	int rows = LINES - 4;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) { /* wheel up */
		u->sel = u->sel > 3 ? u->sel - 3 : 0;
	} else if (ev.bstate & BUTTON5_PRESSED) { /* wheel down */
		u->sel = u->sel + 3 < u->nshown ? u->sel + 3 : (u->nshown ? u->nshown - 1 : 0);
	} else if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED))) {
		return;
	} else if (ev.y == 2 && column_at(cur_view(u), ev.x, &col)) { /* a heading: sort by it */
		struct table *t = session_table(u->s);
		if (!can_sort(u))
			return;
		table_sort(t, col, table_sort_col(t) == col ? !table_sort_ascending(t) : false);
		compute_shown(u);
	} else if (ev.y >= 3 && ev.y < 3 + rows && u->top + (size_t)(ev.y - 3) < u->nshown) {
		u->sel = u->top + (size_t)(ev.y - 3);
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
			note_selection(u);
			drill_down(u);
		}
	}
}

static void key_table(struct ui *u, int ch)
{
	int page = LINES - 4 > 1 ? LINES - 4 : 1;
	size_t col;

	u->status[0] = '\0';
	switch (ch) {
	case KEY_UP: case 'k': if (u->sel) u->sel--; break;
	case KEY_DOWN: case 'j': if (u->sel + 1 < u->nshown) u->sel++; break;
	case KEY_PPAGE: u->sel = u->sel > (size_t)page ? u->sel - (size_t)page : 0; break;
	case KEY_NPAGE:
		u->sel += (size_t)page;
		if (u->sel >= u->nshown)
			u->sel = u->nshown ? u->nshown - 1 : 0;
		break;
	case KEY_HOME: case 'g': u->sel = 0; break;
	case KEY_END: case 'G': u->sel = u->nshown ? u->nshown - 1 : 0; break;
	case 'q': case KEY_F(10): u->quit = true; break;
	case 'p':
		session_set_paused(u->s, !session_paused(u->s));
		break;
	case 'v': case KEY_F(2):
		u->mode = UM_VIEWS;
		u->pick = 0;
		for (size_t i = 0; i < session_views(u->s)->nviews; i++)
			if (session_views(u->s)->views[i] == cur_view(u))
				u->pick = i;
		break;
	case '\\': case KEY_F(4): start_prompt(u, UM_PROMPT_FILTER); break;
	case '/': case 6 /* Ctrl-F */: start_prompt(u, UM_PROMPT_SEARCH); break;
	case '>': case '<': case KEY_F(9):
		if (!can_sort(u))
			break;
		u->mode = UM_SORT;
		u->pick = table_sort_col(session_table(u->s));
		break;
	case 'r':
		if (!can_sort(u))
			break;
		table_sort(session_table(u->s), table_sort_col(session_table(u->s)),
			   !table_sort_ascending(session_table(u->s)));
		compute_shown(u);
		break;
	case 'd': case KEY_F(6): pane_open(u, false); break;
	case 'e': case KEY_F(5): pane_open(u, true); break;
	case 'a': case KEY_F(8): u->mode = UM_ACTIONS; u->pick = 0; break;
	case 'h': case '?': case KEY_F(1): u->mode = UM_HELP; break;
	case KEY_MOUSE: mouse_table(u); break;
	default:
		if (is_enter(ch))
			drill_down(u);
		else if (is_backspace(ch))
			drill_up(u);
		else if (ch >= '1' && ch <= '9' && visible_column(cur_view(u), ch - '0', &col) && can_sort(u)) {
			table_sort(session_table(u->s), col, false);
			compute_shown(u);
		}
	}
	u->dirty = true;
}

static void key_pane(struct ui *u, int ch)
{
	struct pane *p = &u->pane;

	if (ch == KEY_UP && p->scroll + 1 < p->n)
		p->scroll++;
	else if (ch == KEY_DOWN && p->scroll)
		p->scroll--;
	else if (ch == KEY_PPAGE)
		p->scroll = p->scroll + (size_t)LINES < p->n ? p->scroll + (size_t)LINES : (p->n ? p->n - 1 : 0);
	else if (ch == KEY_NPAGE)
		p->scroll = p->scroll > (size_t)LINES ? p->scroll - (size_t)LINES : 0;
	else if (ch == 'p')
		session_set_paused(u->s, !session_paused(u->s));
	else if (ch == 27 || is_backspace(ch) || ch == 'q' || ch == 'd' || ch == 'e' || ch == KEY_F(5) ||
		 ch == KEY_F(6)) {
		pane_clear(p);
		u->mode = UM_TABLE;
	}
	u->dirty = true;
}

/* Remembers which row is selected, after a key moved the selection. */
static void note_selection(struct ui *u)
{
	const struct table_row *r = selected_row(u);

	free(u->sel_key);
	u->sel_key = r ? strdup(r->key) : NULL;
}

static void handle_key(struct ui *u, int ch)
{
	if (ch == KEY_RESIZE) {
		u->dirty = true;
		return;
	}
	if (ch == KEY_MOUSE && u->mode != UM_TABLE) { /* the mouse acts on tables only */
		MEVENT ev;
		getmouse(&ev);
		return;
	}
	switch (u->mode) {
	case UM_TABLE: key_table(u, ch); break;
	case UM_PROMPT_FILTER: case UM_PROMPT_SEARCH: key_prompt(u, ch); break;
	case UM_VIEWS: key_picker(u, ch, session_views(u->s)->nviews); break;
	case UM_SORT: key_picker(u, ch, cur_view(u)->ncols); break;
	case UM_ACTIONS: key_picker(u, ch, cur_view(u)->nactions); break;
	case UM_CONFIRM:
		u->mode = UM_TABLE;
		if ((ch == 'y' || ch == 'Y') && u->action)
			action_run(u, u->action);
		else
			set_status(u, "cancelled");
		u->action = NULL;
		break;
	case UM_HELP: u->mode = UM_TABLE; break;
	case UM_PANE: key_pane(u, ch); break;
	}
	note_selection(u);
	u->dirty = true;
}

/* ---- session hooks ---------------------------------------------------------------------- */

static int ui_refresh(void *ctx, const struct table_frame *f)
{
	struct ui *u = ctx;
	const struct pipeline_stats *ps = session_stats(u->s);

	if (ps->n_events < u->last_events) /* -r: the file is read again from its start */
		u->last_events = u->last_drops = 0;
	u->rate = f->interval_s > 0 ? (double)(ps->n_events - u->last_events) / f->interval_s : 0;
	u->last_events = ps->n_events;
	u->interval_drops = ps->src.n_drops_total - u->last_drops;
	u->last_drops = ps->src.n_drops_total;
	compute_shown(u);
	u->dirty = true;
	return 0;
}

static int ui_tick(void *ctx)
{
	struct ui *u = ctx;
	int ch;

	/* -r: keys wait while the file is read again, as they act on its rows */
	while (!u->quit && !session_replay_pending(u->s) && (ch = getch()) != ERR)
		handle_key(u, ch);
	if (u->dirty && !u->quit)
		draw(u);
	return u->quit;
}

int ui_main(const struct options *o)
{
	struct ui u = { .o = o, .saved_stderr = -1 };
	struct session_hooks hooks = { .refresh = ui_refresh, .tick = ui_tick, .event = ui_event,
				       .alert = ui_alert, .ctx = &u };
	const struct view *v;
	char *cause = NULL;
	int rc = 1;

	u.pane.line = (struct strbuf)STRBUF_INIT;
	u.pane.scratch = (struct strbuf)STRBUF_INIT;
	u.flag_line = (struct strbuf)STRBUF_INIT;
	u.flag_scratch = (struct strbuf)STRBUF_INIT;
	if (gethostname(u.host, sizeof(u.host) - 1))
		strcpy(u.host, "?");
	if (!(u.s = session_new(o, &hooks, &cause))) {
		fprintf(stderr, "wtftop: %s\n", cause ? cause : "out of memory");
		goto out;
	}
	v = o->view ? view_set_find(session_views(u.s), o->view) : view_set_root(session_views(u.s));
	if (!v) {
		fprintf(stderr, "wtftop: no view '%s' (see wtftop --list-views)\n", o->view);
		goto out;
	}
	u.stack[0].v = v;
	if (!session_set_view(u.s, v, NULL, &cause)) {
		fprintf(stderr, "wtftop: %s\n", cause);
		goto out;
	}
	the_ui = &u;
	terminal_start(&u);
	/* a first frame from /proc at once, while the probe loads */
	session_first_frame(u.s);
	set_status(&u, "loading the probe...");
	u.dirty = true;
	draw(&u);
	if (session_start(u.s, &cause)) {
		terminal_stop(&u); /* its messages, then the reason */
		fprintf(stderr, "wtftop: %s\n", cause ? cause : "out of memory");
		goto out;
	}
	session_first_frame(u.s); /* the rows again, from the state the events now keep */
	u.status[0] = '\0';
	u.dirty = true;
	rc = session_run(u.s);
	terminal_stop(&u);
out:
	the_ui = NULL;
	free(cause);
	pane_clear(&u.pane);
	strbuf_free(&u.pane.line);
	strbuf_free(&u.pane.scratch);
	for (int i = 1; i <= u.depth; i++)
		free(u.stack[i].drill);
	free(u.shown);
	free(u.text_filter);
	free(u.sel_key);
	for (size_t i = 0; i < FLAGS_KEPT; i++)
		for (int k = 0; k < NFLAG_FIELDS; k++)
			free(u.flags[i].values[k]);
	formatter_free(u.flag_fmt);
	strbuf_free(&u.flag_line);
	strbuf_free(&u.flag_scratch);
	session_free(u.s);
	return rc;
}
