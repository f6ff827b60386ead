/* pipeline.c: one event at a time through decode, state and the consumer, and
 * the poll loop around the source, with drops reported as they happen. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/pipeline.h"
#include "containers/containers.h"
#include "util/log.h"
#include "util/clock.h"

struct pipeline {
	struct state *st;
	struct source *src;
	consumer_fn fn;
	void *ctx;
	struct field_ctx fc;
	struct pipeline_stats stats;
	uint64_t drops_reported;
	int stopped_by_consumer;
	struct containers *containers; /* borrowed; NULL: no container events */
	bool live;                     /* the source is the probe: the container events are ours */
	bool pass_internal;            /* the consumer takes internal events (procinfo) */
	struct strbuf cbuf;            /* a container event being made */
};

struct pipeline *pipeline_new(struct state *st, consumer_fn fn, void *ctx)
{
	struct pipeline *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->st = st;
	p->fn = fn;
	p->ctx = ctx;
	p->fc.st = st;
	return p;
}

void pipeline_free(struct pipeline *p)
{
	if (p)
		strbuf_free(&p->cbuf);
	free(p);
}

void pipeline_pass_internal(struct pipeline *p, bool on)
{
	p->pass_internal = on;
}

void pipeline_set_containers(struct pipeline *p, struct containers *c)
{
	p->containers = c;
}

void pipeline_set_source(struct pipeline *p, struct source *src)
{
	p->src = src;
	p->live = src && !strcmp(src->ops->kind, "live");
}

int pipeline_on_raw(void *pipeline, const struct wtf_evt_hdr *hdr, size_t len, uint64_t latency,
		    uint16_t cpu)
{
	struct pipeline *p = pipeline;
	struct evt e;
	int r;

	if (evt_decode(&e, hdr, len)) {
		p->stats.n_malformed++;
		return 0;
	}
	e.num = ++p->stats.n_events;
	e.latency = latency;
	e.cpu = cpu;
	e.flags = 0;
	p->stats.n_by_type[hdr->type]++;
	if (!p->stats.first_ts) {
		p->stats.first_ts = hdr->ts;
		p->fc.first_ts = hdr->ts;
	}
	p->stats.last_ts = hdr->ts;

	/* a capture file's container events bring what the runtime said then */
	if (!p->live && p->containers && evt_is_container(&e) && e.nparams)
		containers_on_event(p->containers, (const char *)e.params[0], e.lens[0]);
	state_on_event(p->st, &e);
	p->fc.e = &e;
	/* a capture file's state-only events change the tables, nothing else;
	 * its internal ones only what asks for them */
	r = p->fn && !(p->src && p->src->evt_state_only) &&
			    (p->pass_internal || !(e.info->category & EC_INTERNAL))
		    ? p->fn(p->ctx, &e, &p->fc)
		    : 0;
	state_after_event(p->st, &e);
	p->fc.e = NULL;
	if (r)
		p->stopped_by_consumer = r;
	return r;
}

/* Builds the `container` event of ct (scap layout: header, one u16 length,
 * the JSON with its NUL) and passes it down the pipeline like any event: its
 * start (type PPME_CONTAINER_JSON_E) or its end (_X). A start comes with a
 * thread of the container where one lives; the fields read the container
 * from the JSON. */
static int tell_container(struct pipeline *p, const struct container *ct, uint16_t type)
{
	struct wtf_evt_hdr h = { 0 };
	struct thread *t = type == PPME_CONTAINER_JSON_E ? container_any_thread(p->st, ct) : NULL;
	uint16_t plen;
	size_t json_at;

	for (int labels = 1; labels >= 0; labels--) {
		strbuf_reset(&p->cbuf);
		strbuf_reserve(&p->cbuf, WTF_EVT_HDR_SIZE + 2);
		p->cbuf.len = WTF_EVT_HDR_SIZE + 2;
		json_at = p->cbuf.len;
		container_json(ct, labels, &p->cbuf);
		if (p->cbuf.len - json_at + 1 <= UINT16_MAX)
			break;
	}
	if (p->cbuf.len - json_at + 1 > UINT16_MAX || strbuf_putc(&p->cbuf, '\0'))
		return 0;
	plen = (uint16_t)(p->cbuf.len - json_at);
	h.ts = p->stats.last_ts ? p->stats.last_ts : clock_ns(CLOCK_REALTIME);
	h.tid = t ? (uint64_t)t->tid : (uint64_t)-1;
	h.len = (uint32_t)p->cbuf.len;
	h.type = type;
	h.nparams = 1;
	memcpy(p->cbuf.buf, &h, WTF_EVT_HDR_SIZE);
	memcpy(p->cbuf.buf + WTF_EVT_HDR_SIZE, &plen, 2);
	return pipeline_on_raw(p, (const struct wtf_evt_hdr *)p->cbuf.buf, p->cbuf.len, 0, 0);
}

/* Only for live sources: a capture file carries its own container events.
 * Starts are told as they become ready; ends after a sweep, each after its
 * start. */
static int tell_containers(struct pipeline *p, bool ends)
{
	struct container *some[16];
	size_t n;
	int r = 0;

	if (!p->containers || !p->live)
		return 0;
	while (!r && (n = containers_take_started(p->containers, some, 16)))
		for (size_t i = 0; i < n && !r; i++)
			r = tell_container(p, some[i], PPME_CONTAINER_JSON_E);
	while (ends && !r && (n = containers_take_ended(p->containers, some, 16)))
		for (size_t i = 0; i < n && !r; i++)
			r = tell_container(p, some[i], PPME_CONTAINER_JSON_X);
	return r;
}

static void report_drops(struct pipeline *p)
{
	struct source_stats s;
	static const char *const reason[WTF_DROP_MAX] = {
		[WTF_DROP_RINGBUF_FULL] = "ring buffer full: the consumer fell behind",
		[WTF_DROP_TOO_BIG] = "event too big",
		[WTF_DROP_NO_SCRATCH] = "no scratch space",
		[WTF_DROP_RING_BUSY] = "ring busy (a preempted event held it)",
	};
	source_stats(p->src, &s);
	if (s.n_drops_total > p->drops_reported) {
		for (int r = 0; r < WTF_DROP_MAX; r++)
			if (s.n_drops[r] > p->stats.src.n_drops[r])
				log_warn("%llu events dropped (%s); %llu dropped in all",
					 (unsigned long long)(s.n_drops[r] - p->stats.src.n_drops[r]),
					 reason[r], (unsigned long long)s.n_drops_total);
		p->drops_reported = s.n_drops_total;
	}
	p->stats.src = s;
}

int pipeline_run(struct pipeline *p, volatile sig_atomic_t *stop, double max_seconds,
		 void (*idle_fn)(void *ctx), void *idle_ctx)
{
	double start = mono_s(), last_check = start;
	int r = 0;

	while (!*stop) {
		r = source_poll(p->src, 10);
		if (r == -ENODATA) {
			r = 0;
			break;
		}
		if (r >= 0 && !p->stopped_by_consumer)
			tell_containers(p, false);
		if (p->stopped_by_consumer) {
			r = 0;
			break;
		}
		if (r < 0 && r != -EINTR) {
			const char *why = source_error(p->src);
			log_error("reading events failed: %s", why ? why : strerror(-r));
			break;
		}
		if (r == 0 && idle_fn)
			idle_fn(idle_ctx);
		{
			double t = mono_s();
			if (max_seconds > 0 && t - start >= max_seconds)
				break;
			if (t - last_check >= 1.0) {
				report_drops(p);
				if (p->containers) {
					containers_sweep(p->containers, p->st, p->stats.last_ts);
					tell_containers(p, true);
				}
				last_check = t;
			}
		}
	}
	/* stopped by a signal or -M: the events made before the stop and not
	 * read yet still go through (a -w capture keeps them) */
	if (r >= 0)
		while (!p->stopped_by_consumer && source_drain(p->src) > 0)
			;
	if (idle_fn)
		idle_fn(idle_ctx);
	report_drops(p);
	return r < 0 && r != -EINTR ? r : 0;
}

const struct pipeline_stats *pipeline_stats(struct pipeline *p)
{
	return &p->stats;
}

struct field_ctx *pipeline_field_ctx(struct pipeline *p)
{
	return &p->fc;
}
