/* stream.c: `wtftop [FILTER]` into a pipe: one line per matching event in
 * sysdig's default format, a -p format, or JSON lines. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/pipeline.h"
#include "app/stream.h"
#include "capture/scap_write.h"
#include "containers/containers.h"
#include "filter/filter.h"
#include "format/format.h"
#include "lua/chisel.h"
#include "rules/rules_cli.h"
#include "util/log.h"
#include "util/ready.h"

#define DEFAULT_FORMAT FORMATTER_DEFAULT
#define CONTAINER_FORMAT "*%evt.num %evt.outputtime %evt.cpu %container.name (%container.id) %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info"
#define OUT_FLUSH_BYTES (64 * 1024)

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct stream {
	const struct options *o;
	struct filter *flt;
	struct formatter *fmt;
	struct strbuf out;
	struct strbuf scratch;
	uint64_t printed;
	bool broken_pipe;
	struct rules_runtime *rules;     /* owned, NULL without rules */
	const struct pipeline_stats *ps; /* borrowed: drop counts for the rules */
	struct chisel_set *chisels;      /* borrowed from the options: -c, or NULL */
	struct scap_writer *writer;      /* owned: -w, or NULL */
};

static void stream_flush(void *ctx)
{
	struct stream *s = ctx;
	size_t off = 0;

	if (s->chisels)
		chisel_set_idle(s->chisels);
	if (s->writer && scap_writer_flush(s->writer))
		stop_flag = 1; /* stream_main reports the error */
	while (off < s->out.len && !s->broken_pipe) {
		ssize_t n = write(STDOUT_FILENO, s->out.buf + off, s->out.len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				s->broken_pipe = true;
			else
				log_error("writing the stream failed: %s", strerror(errno));
			stop_flag = 1;
			break;
		}
		off += n;
	}
	strbuf_reset(&s->out);
}

/* -w: the matching events go to the file; the others only when they keep
 * its state right (a clone, an execve, an open of an fd whose reads were
 * kept), as state-only events that readers apply without showing. */
static int stream_write(struct stream *s, struct evt *e, struct field_ctx *fc)
{
	bool match = !s->flt || filter_match(s->flt, fc, &s->scratch);

	if (!match && !(e->info->flags & (EF_MODIFIES_STATE | EF_CREATES_FD | EF_DESTROYS_FD)))
		return 0;
	if (scap_writer_event(s->writer, e, !match))
		return 1; /* stream_main reports the error */
	if (!match)
		return 0;
	s->printed++;
	return s->o->max_events && s->printed >= s->o->max_events;
}

/* Chisels' on_alert(rule, priority, output): every rule alert. */
static void stream_on_alert(void *ctx, const struct alert_info *ai, const struct field_ctx *fc)
{
	struct stream *s = ctx;

	(void)fc;
	chisel_set_on_alert(s->chisels, ai->rule, ai->priority, ai->output);
}

static int stream_consume(void *ctx, struct evt *e, struct field_ctx *fc)
{
	struct stream *s = ctx;

	/* rules see every event, whatever the stream's filter, but for the
	 * internal ones that only chisels take (see pipeline_pass_internal) */
	if (s->rules && !(e->info->category & EC_INTERNAL))
		rules_runtime_event(s->rules, fc, s->ps ? s->ps->src.n_drops_total : 0);
	strbuf_reset(&s->scratch);
	if (s->writer)
		return stream_write(s, e, fc);
	if (s->chisels) {
		/* nor container events, whose time is the container's (a
		 * capture's come first, from before its first syscall) */
		if (evt_is_container(e))
			return 0;
		/* their intervals go by every event's time */
		chisel_set_time(s->chisels, e->hdr->ts);
	}
	if (s->flt && !filter_match(s->flt, fc, &s->scratch))
		return 0;
	if (s->chisels) { /* chisels print their own output */
		s->printed++;
		if (chisel_set_on_event(s->chisels, e, fc))
			return 1;
		return s->o->max_events && s->printed >= s->o->max_events;
	}
	s->printed++;
	if (!s->o->quiet && s->fmt) {
		strbuf_reset(&s->scratch);
		if (formatter_write(s->fmt, fc, &s->out, &s->scratch) > 0)
			strbuf_putc(&s->out, '\n');
		fc->prev_ts = e->hdr->ts;
		if (s->o->unbuffered || s->out.len >= OUT_FLUSH_BYTES)
			stream_flush(s);
	}
	if (s->o->max_events && s->printed >= s->o->max_events)
		return 1;
	return s->broken_pipe;
}

/* Does any consumer read the fields of `flags`: the format, the filter or
 * a loaded rule (its condition, macros included, or its output)? */
static bool uses_flags(const struct stream *s, uint32_t flags)
{
	return formatter_uses_flags(s->fmt, flags) || (s->flt && filter_uses_flags(s->flt, flags)) ||
	       (s->rules && rules_runtime_uses_flags(s->rules, flags));
}

/* Does any consumer read evt.latency (or a field made from it)? Then the
 * probe times every syscall at enter. A capture file keeps it (as the enter
 * event's time), and a chisel may ask for it at any time. */
static bool wants_latency(const struct stream *s)
{
	const struct options *o = s->o;
	return o->write_path || s->chisels || o->timetype == 'd' || uses_flags(s, FF_LATENCY);
}

/* Does any consumer read I/O data? Then the probe copies it, as much as
 * sysdig's default snaplen; a capture file and JSON lines keep it. */
static bool wants_data(const struct stream *s)
{
	return s->o->json || s->o->write_path || uses_flags(s, FF_DATA);
}

/* The syscalls whose events can pass the filter, plus those that keep the
 * state right: the kernel drops the rest. */
static void compute_interest(const struct filter *flt, bool *interest)
{
	for (uint32_t nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const struct syscall_info *si = &syscall_table[nr];
		const struct event_info *ei = &event_table[si->exit_event];
		if (!si->name) {
			interest[nr] = false;
			continue;
		}
		if (!flt || syscall_keeps_state(nr)) {
			interest[nr] = true;
			continue;
		}
		interest[nr] = filter_may_match_name(flt, si->exit_event == PPME_GENERIC_X ? si->name : ei->name);
	}
}

static void print_summary(const struct pipeline_stats *ps, FILE *f)
{
	static const char *const reason[WTF_DROP_MAX] = {
		[WTF_DROP_RINGBUF_FULL] = "ring buffer full",
		[WTF_DROP_TOO_BIG] = "event too big",
		[WTF_DROP_NO_SCRATCH] = "no scratch space",
		[WTF_DROP_RING_BUSY] = "ring busy (a preempted event held it)",
	};
	struct { const char *name; uint64_t n; } rows[PPM_EVENT_MAX];
	int nrows = 0;

	for (int t = 0; t < PPM_EVENT_MAX; t++)
		if (ps->n_by_type[t])
			rows[nrows++] = (typeof(rows[0])){ event_type_name(t), ps->n_by_type[t] };
	/* most frequent first */
	for (int i = 1; i < nrows; i++)
		for (int j = i; j > 0 && rows[j].n > rows[j - 1].n; j--) {
			typeof(rows[0]) tmp = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = tmp;
		}
	fprintf(f, "----------------------\nEvent                     #Calls\n----------------------\n");
	for (int i = 0; i < nrows; i++)
		fprintf(f, "%-25s %llu\n", rows[i].name, (unsigned long long)rows[i].n);
	fprintf(f, "----------------------\n");
	fprintf(f, "Events: %llu\n", (unsigned long long)ps->n_events);
	fprintf(f, "Events dropped: %llu\n", (unsigned long long)ps->src.n_drops_total);
	for (int r = 0; r < WTF_DROP_MAX; r++)
		fprintf(f, "  %s: %llu\n", reason[r], (unsigned long long)ps->src.n_drops[r]);
	fprintf(f, "Syscalls skipped in the kernel (no consumer wanted them): %llu\n",
		(unsigned long long)ps->src.n_skipped);
	if (ps->src.n_user_faults)
		fprintf(f, "Parameters left empty (unreadable user memory): %llu\n",
			(unsigned long long)ps->src.n_user_faults);
	if (ps->n_malformed)
		fprintf(f, "Malformed events: %llu\n", (unsigned long long)ps->n_malformed);
}

int stream_main(const struct options *o)
{
	struct stream s = { .o = o, .out = STRBUF_INIT, .scratch = STRBUF_INIT };
	struct state_opts sopts = { 0 };
	struct live_opts lopts = { 0 };
	struct state *st = NULL;
	struct containers *ctrs = NULL;
	struct pipeline *p = NULL;
	struct source *src = NULL;
	bool interest[SYSCALL_TABLE_SIZE];
	char *cause = NULL;
	const char *fmt = o->format ? o->format : DEFAULT_FORMAT;
	int rc = 1;

	if (o->format && (!strcmp(o->format, "c") || !strcmp(o->format, "container")))
		fmt = CONTAINER_FORMAT;

	if (o->filter && !(s.flt = filter_compile(o->filter, NULL, &cause))) {
		fprintf(stderr, "wtftop: %s\n", cause);
		goto out;
	}
	s.fmt = o->json ? formatter_new_json(o->format ? fmt : NULL, o->data_flags, &cause)
			: formatter_new(fmt, o->data_flags, &cause);
	if (!s.fmt) {
		fprintf(stderr, "wtftop: %s\n", cause);
		goto out;
	}
	/* environments are kept only when something shows or filters on them */
	sopts.capture_env = (fmt && strstr(fmt, "proc.env")) || (o->filter && strstr(o->filter, "proc.env"));
	sopts.offline = o->read_file != NULL; /* a capture file describes another time, maybe another machine */
	st = state_new(&sopts);
	s.chisels = o->chisel_set;
	if (s.chisels && st)
		chisel_set_attach_state(s.chisels, st);
	/* a capture file's containers are named by its own container events */
	ctrs = containers_new(&(struct containers_opts){ .sockets = o->container_sockets,
							 .nsockets = o->ncontainer_sockets,
							 .no_lookup = o->read_file != NULL });
	if (st && ctrs)
		containers_attach(ctrs, st);
	s.rules = rules_runtime_new(&o->rules, true, &cause);
	if (s.rules && s.chisels)
		rules_runtime_set_hook(s.rules, stream_on_alert, &s);
	if (cause) {
		fprintf(stderr, "wtftop: %s\n", cause);
		goto out;
	}
	p = st && ctrs ? pipeline_new(st, stream_consume, &s) : NULL;
	/* chisels read a capture's procinfo (topprocs_cpu), and their
	 * intervals go by its times; -w writes none, as before */
	if (p)
		pipeline_pass_internal(p, s.chisels && !o->write_path);
	s.ps = p ? pipeline_stats(p) : NULL;
	if (p)
		pipeline_set_containers(p, ctrs);
	if (!p) {
		fprintf(stderr, "wtftop: out of memory\n");
		goto out;
	}

	compute_interest(s.flt, interest);
	if (s.rules)
		rules_runtime_interest(s.rules, interest, o->rules.alerts_only && !s.flt);
	lopts.interest = interest;
	lopts.no_latency = !wants_latency(&s);
	lopts.ringbuf_bytes = o->ringbuf_mb << 20;
	if (o->snaplen >= 0)
		lopts.snaplen = o->snaplen;
	else
		lopts.snaplen = wants_data(&s) ? 80 : 0;
	if (o->snaplen < 0 && s.chisels) /* sysdig.set_snaplen, else sysdig's 80 */
		lopts.snaplen = chisel_set_snaplen(s.chisels) >= 0 ? chisel_set_snaplen(s.chisels) : 80;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);

	/* attach first, then read /proc, so nothing starts unseen in between; a
	 * capture file brings its own process list instead */
	src = o->read_file ? source_file_new(o->read_file, st, pipeline_on_raw, p, &cause)
			   : source_live_new(&lopts, pipeline_on_raw, p, &cause);
	if (!src) {
		fprintf(stderr, "wtftop: %s\n", cause);
		goto out;
	}
	pipeline_set_source(p, src);
	pipeline_field_ctx(p)->timetype = o->timetype;
	if (!o->read_file && state_scan_proc(st, "/proc") < 0)
		log_warn("could not read /proc: processes started before wtftop lack details");
	if (o->write_path) { /* after the state is read: each file starts with it */
		struct scap_writer_opts wo = {
			.path = o->write_path, .gzip = o->write_gzip, .rotate_bytes = o->rotate_bytes,
			.rotate_secs = o->rotate_secs, .rotate_events = o->rotate_events,
			.max_files = o->max_files,
		};
		if (!(s.writer = scap_writer_new(&wo, st, &cause))) {
			fprintf(stderr, "wtftop: %s\n", cause ? cause : strerror(errno));
			goto out;
		}
	}
	ready_notify();

	if (s.chisels)
		chisel_set_capture_start(s.chisels);
	rc = pipeline_run(p, &stop_flag, o->max_seconds, stream_flush, &s) ? 1 : 0;
	if (s.chisels) {
		chisel_set_capture_end(s.chisels);
		if (chisel_set_failed(s.chisels))
			rc = 1;
	}
	stream_flush(&s);
	if (s.writer && (scap_writer_close(s.writer) || scap_writer_error(s.writer))) {
		log_error("writing the capture failed: %s (what was written before is readable)",
			  scap_writer_error(s.writer));
		rc = 1;
	}
	if (o->summary && !s.broken_pipe) {
		/* with -w -, stdout holds the capture */
		FILE *sf = o->write_path && !strcmp(o->write_path, "-") ? stderr : stdout;
		print_summary(pipeline_stats(p), sf);
		fflush(sf);
	}
	if (o->print_stats) {
		const struct pipeline_stats *ps = pipeline_stats(p);
		fprintf(stderr, "wtftop: %llu events, %llu printed, %llu dropped, load %.1f ms\n",
			(unsigned long long)ps->n_events, (unsigned long long)s.printed,
			(unsigned long long)ps->src.n_drops_total,
			o->read_file ? 0.0 : source_live_load_ms(src));
	}
out:
	free(cause);
	source_free(src);
	scap_writer_free(s.writer);
	pipeline_free(p);
	state_free(st);
	fields_set_container_getter(NULL);
	containers_free(ctrs);
	filter_free(s.flt);
	rules_runtime_free(s.rules);
	formatter_free(s.fmt);
	strbuf_free(&s.out);
	strbuf_free(&s.scratch);
	return rc;
}
