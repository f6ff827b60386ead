/* alerts.c: rule alerts as Falco writes them (text line or JSON) to the
 * configured channels: stdout, stderr, a file (reopened on request for log
 * rotation), syslog (the local socket, the rule's priority as severity) and
 * a program started once that reads alerts on its stdin (its command line is
 * fixed at start: event data never reaches a shell). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rules/rules.h"
#include "util/log.h"
#include "util/clock.h"

struct alerts {
	struct alerts_opts o;
	char *file;        /* owned copy of o.file */
	int file_fd;       /* -1 when none */
	int prog_fd;       /* the program's stdin, -1 when none */
	pid_t prog_pid;
	int syslog_fd;     /* unix datagram socket, -1 when none or not connected */
	char *syslog_path; /* owned; NULL when there is no syslog channel */
	uint64_t syslog_lost;
	char hostname[256];
	struct strbuf line, scratch, tmp;
	uint64_t n_alerts;
	size_t tmp_head;   /* where the output starts in tmp, after alerts_format */
	alerts_hook_fn hook;
	void *hook_ctx;
};

void alerts_set_hook(struct alerts *a, alerts_hook_fn fn, void *ctx)
{
	a->hook = fn;
	a->hook_ctx = ctx;
}

static int open_file(struct alerts *a)
{
	int fd = open(a->file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0)
		return -errno;
	if (a->file_fd >= 0)
		close(a->file_fd);
	a->file_fd = fd;
	return 0;
}

/* Starts the program: argv is the command split on spaces, run by execvp. */
static int start_program(struct alerts *a, const char *cmd)
{
	char *copy = strdup(cmd), *save = NULL;
	char *argv[64];
	int n = 0, pfd[2];

	if (!copy)
		return -ENOMEM;
	for (char *t = strtok_r(copy, " \t", &save); t && n < 63; t = strtok_r(NULL, " \t", &save))
		argv[n++] = t;
	argv[n] = NULL;
	if (!n || pipe2(pfd, O_CLOEXEC) < 0) {
		free(copy);
		return n ? -errno : -EINVAL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		free(copy);
		close(pfd[0]);
		close(pfd[1]);
		return -errno;
	}
	if (pid == 0) {
		dup2(pfd[0], STDIN_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[0]);
	free(copy);
	a->prog_fd = pfd[1];
	a->prog_pid = pid;
	return 0;
}

#define SYSLOG_DEFAULT "/dev/log"
#define SYSLOG_FACILITY_USER 1

/* (Re)connects the syslog socket; syslogd may start after us or restart. */
static int syslog_connect(struct alerts *a)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	if (strlen(a->syslog_path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, a->syslog_path);
	if (a->syslog_fd < 0 && (a->syslog_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	if (connect(a->syslog_fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = -errno;
		close(a->syslog_fd);
		a->syslog_fd = -1;
		return err;
	}
	return 0;
}

/* One RFC 3164 message as glibc's syslog(3) writes it to /dev/log:
 * "<PRI>Mmm dd hh:mm:ss wtftop[PID]: text". Falco's priorities are syslog's
 * severities, in the same order. Never blocks the event path: a full
 * syslogd queue loses the message, counted. */
static void syslog_send(struct alerts *a, enum rule_priority p, const char *text, size_t len)
{
	char head[64], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	int hn = snprintf(head, sizeof(head), "<%d>%s wtftop[%d]: ", SYSLOG_FACILITY_USER * 8 + (int)p, stamp,
			  (int)getpid());
	struct iovec iov[2] = { { head, (size_t)hn }, { (void *)text, len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	for (int attempt = 0; attempt < 2; attempt++) {
		if (a->syslog_fd < 0 && syslog_connect(a) < 0)
			break;
		if (sendmsg(a->syslog_fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return;
		if (errno == EAGAIN)
			break;
		close(a->syslog_fd); /* syslogd went away: reconnect once */
		a->syslog_fd = -1;
	}
	a->syslog_lost++;
}

struct alerts *alerts_new(const struct alerts_opts *o, char **cause)
{
	struct alerts *a = calloc(1, sizeof(*a));
	int rc = 0; /* set before each use; gcc -O0 with ASan cannot tell */

	*cause = NULL;
	if (!a)
		return NULL;
	a->o = *o;
	a->file_fd = a->prog_fd = a->syslog_fd = -1;
	if (a->o.rate_per_s <= 0)
		a->o.rate_per_s = 1;
	if (a->o.burst <= 0)
		a->o.burst = 10;
	if (gethostname(a->hostname, sizeof(a->hostname) - 1))
		strcpy(a->hostname, "localhost");
	if (o->file) {
		a->file = strdup(o->file);
		if ((rc = open_file(a)) < 0) {
			if (asprintf(cause, "cannot open the alerts file %s: %s", o->file, strerror(-rc)) < 0)
				*cause = NULL;
			alerts_free(a);
			return NULL;
		}
	}
	if (o->syslog) {
		a->syslog_path = strdup(o->syslog[0] ? o->syslog : SYSLOG_DEFAULT);
		/* a syslogd that is not up yet is no reason to refuse to start */
		if (!a->syslog_path || ((rc = syslog_connect(a)) < 0 && rc != -ECONNREFUSED && rc != -ENOENT)) {
			if (asprintf(cause, "cannot connect to syslog at %s: %s",
				     a->syslog_path ? a->syslog_path : o->syslog, strerror(a->syslog_path ? -rc : ENOMEM)) < 0)
				*cause = NULL;
			alerts_free(a);
			return NULL;
		}
	}
	if (o->program && (rc = start_program(a, o->program)) < 0) {
		if (asprintf(cause, "cannot start the alerts program '%s': %s", o->program, strerror(-rc)) < 0)
			*cause = NULL;
		alerts_free(a);
		return NULL;
	}
	return a;
}

void alerts_free(struct alerts *a)
{
	if (!a)
		return;
	if (a->file_fd >= 0)
		close(a->file_fd);
	if (a->prog_fd >= 0) {
		close(a->prog_fd); /* EOF: the program ends */
		waitpid(a->prog_pid, NULL, 0);
	}
	if (a->syslog_fd >= 0)
		close(a->syslog_fd);
	if (a->syslog_lost)
		log_warn("%llu alerts could not be sent to syslog (%s)", (unsigned long long)a->syslog_lost,
			 a->syslog_path);
	free(a->syslog_path);
	free(a->file);
	strbuf_free(&a->line);
	strbuf_free(&a->scratch);
	strbuf_free(&a->tmp);
	free(a);
}

void alerts_reopen(struct alerts *a)
{
	if (a && a->file && open_file(a) < 0)
		log_warn("cannot reopen the alerts file %s: %s", a->file, strerror(errno));
}

uint64_t alerts_count(const struct alerts *a)
{
	return a ? a->n_alerts : 0;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void emit(struct alerts *a, enum rule_priority p, struct strbuf *line)
{
	if (a->syslog_path)
		syslog_send(a, p, line->buf, line->len);
	strbuf_putc(line, '\n');
	if (a->o.to_stdout)
		write_all(STDOUT_FILENO, line->buf, line->len);
	if (a->o.to_stderr)
		write_all(STDERR_FILENO, line->buf, line->len);
	if (a->file_fd >= 0)
		write_all(a->file_fd, line->buf, line->len);
	if (a->prog_fd >= 0)
		write_all(a->prog_fd, line->buf, line->len);
	a->n_alerts++;
}

void alerts_flush(struct alerts *a)
{
	(void)a; /* every channel is written unbuffered */
}

/* "HH:MM:SS.nnnnnnnnn" in local time, as Falco's text output. */
static void put_time_text(struct strbuf *sb, uint64_t ts)
{
	time_t s = (time_t)(ts / 1000000000ULL);
	struct tm tm;
	localtime_r(&s, &tm);
	strbuf_printf(sb, "%02d:%02d:%02d.%09llu", tm.tm_hour, tm.tm_min, tm.tm_sec,
		      (unsigned long long)(ts % 1000000000ULL));
}

/* ISO 8601 UTC with nanoseconds, as Falco's JSON "time". */
static void put_time_iso(struct strbuf *sb, uint64_t ts)
{
	time_t s = (time_t)(ts / 1000000000ULL);
	struct tm tm;
	gmtime_r(&s, &tm);
	strbuf_printf(sb, "%04d-%02d-%02dT%02d:%02d:%02d.%09lluZ", tm.tm_year + 1900, tm.tm_mon + 1,
		      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (unsigned long long)(ts % 1000000000ULL));
}

static void put_json_head(struct alerts *a, struct strbuf *out, uint64_t ts, const char *rule,
			  enum rule_priority p, const char *source, const char *output, size_t output_len)
{
	strbuf_puts(out, "{\"hostname\":");
	strbuf_put_json_str(out, a->hostname, strlen(a->hostname));
	strbuf_puts(out, ",\"output\":");
	strbuf_put_json_str(out, output, output_len);
	strbuf_puts(out, ",\"priority\":");
	strbuf_put_json_str(out, rule_priority_name(p), strlen(rule_priority_name(p)));
	strbuf_puts(out, ",\"rule\":");
	strbuf_put_json_str(out, rule, strlen(rule));
	strbuf_puts(out, ",\"source\":");
	strbuf_put_json_str(out, source, strlen(source));
	strbuf_puts(out, ",\"time\":\"");
	put_time_iso(out, ts);
	strbuf_putc(out, '"');
}

void alerts_format(struct alerts *a, struct rule *r, const struct field_ctx *fc, struct strbuf *out)
{
	uint64_t ts = fc->e->hdr->ts;

	strbuf_reset(&a->tmp);
	strbuf_reset(&a->scratch);
	put_time_text(&a->tmp, ts);
	strbuf_printf(&a->tmp, ": %s ", rule_priority_name(r->priority));
	size_t head = a->tmp.len;
	a->tmp_head = head;
	formatter_write(r->fmt, fc, &a->tmp, &a->scratch);
	if (!a->o.json) {
		strbuf_append(out, a->tmp.buf, a->tmp.len);
		return;
	}
	put_json_head(a, out, ts, r->name, r->priority, r->source, a->tmp.buf, a->tmp.len);
	(void)head;
	strbuf_puts(out, ",\"output_fields\":{");
	for (size_t i = 0; i < r->n_out_fields; i++) {
		struct field_ref *ref = &r->out_fields[i];
		if (i)
			strbuf_putc(out, ',');
		strbuf_putc(out, '"');
		strbuf_puts(out, ref->def->name);
		if (ref->arg && (ref->def->flags & FF_ARG_DOTTED))
			strbuf_printf(out, ".%s", ref->arg);
		else if (ref->arg)
			strbuf_printf(out, "[%s]", ref->arg);
		strbuf_puts(out, "\":");
		strbuf_reset(&a->scratch);
		field_render_json(fc, ref, out, &a->scratch);
	}
	strbuf_puts(out, "},\"tags\":[");
	for (char **t = r->tags; t && *t; t++) {
		if (t != r->tags)
			strbuf_putc(out, ',');
		strbuf_put_json_str(out, *t, strlen(*t));
	}
	strbuf_puts(out, "]}");
}

/* Per-rule token bucket over event time; returns false when suppressed. */
static bool rate_ok(struct alerts *a, struct rule *r, uint64_t ts)
{
	if (!a->o.rate_limit)
		return true;
	if (!r->last_ts) {
		r->tokens = a->o.burst;
	} else if (ts > r->last_ts) {
		r->tokens += (double)(ts - r->last_ts) / 1e9 * a->o.rate_per_s;
		if (r->tokens > a->o.burst)
			r->tokens = a->o.burst;
	}
	r->last_ts = ts;
	if (r->tokens < 1) {
		r->suppressed++;
		return false;
	}
	r->tokens -= 1;
	return true;
}

void alerts_fire(void *ctx, struct rule *r, const struct field_ctx *fc)
{
	struct alerts *a = ctx;
	uint64_t ts = fc->e->hdr->ts;

	if (!rate_ok(a, r, ts))
		return;
	if (r->suppressed) {
		char text[512];
		snprintf(text, sizeof(text), "%llu alerts of rule '%s' were suppressed by the rate limit",
			 (unsigned long long)r->suppressed, r->name);
		r->suppressed = 0;
		alerts_notice(a, PRIO_NOTICE, "Alerts suppressed", text, ts);
	}
	strbuf_reset(&a->line);
	alerts_format(a, r, fc, &a->line);
	emit(a, r->priority, &a->line);
	if (a->hook) { /* a->tmp holds the text line: its output follows the head */
		struct alert_info ai = { .ts = ts, .rule = r->name, .priority = rule_priority_name(r->priority),
					 .source = r->source ? r->source : "syscall",
					 .output = a->tmp.buf ? a->tmp.buf + a->tmp_head : "" };
		a->hook(a->hook_ctx, &ai, fc);
	}
}

void alerts_notice(struct alerts *a, enum rule_priority p, const char *rule, const char *text, uint64_t ts)
{
	if (!ts)
		ts = clock_ns(CLOCK_REALTIME);
	strbuf_reset(&a->line);
	if (a->o.json) {
		put_json_head(a, &a->line, ts, rule, p, "internal", text, strlen(text));
		strbuf_puts(&a->line, ",\"output_fields\":{},\"tags\":[]}");
	} else {
		put_time_text(&a->line, ts);
		strbuf_printf(&a->line, ": %s %s", rule_priority_name(p), text);
	}
	emit(a, p, &a->line);
}
