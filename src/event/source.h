/* source.h: where events come from. A live probe and a capture file yield the
 * same raw events through the same callback; nothing downstream can tell. */
#ifndef WTF_SOURCE_H
#define WTF_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../probe/wtf_event.h"

/* Called once per event; hdr is borrowed for the call. A non-zero return stops
 * the current poll and is passed back from source_poll. */
typedef int (*source_event_fn)(void *ctx, const struct wtf_evt_hdr *hdr, size_t len,
			       uint64_t latency, uint16_t cpu);

struct source_stats {
	uint64_t n_evts;                  /* events produced at the source */
	uint64_t n_skipped;               /* syscalls dropped in kernel: nobody wanted them */
	uint64_t n_drops[WTF_DROP_MAX];   /* events lost, by reason */
	uint64_t n_drops_total;
	uint64_t n_user_faults;           /* parameters left empty: unreadable user memory */
};

struct source;

struct source_ops {
	const char *kind; /* "live", "file" */
	/* Delivers what is pending, waiting up to timeout_ms for more.
	 * Returns events delivered (>= 0), the callback's non-zero value, or
	 * -ENODATA at the end of a finite source. */
	int (*poll)(struct source *src, int timeout_ms);
	void (*stats)(struct source *src, struct source_stats *out);
	void (*free)(struct source *src);
	/* Optional: what went wrong, for people, after poll returned an error
	 * (a capture file's corrupt block and its offset); NULL if nothing. */
	const char *(*error)(struct source *src);
	/* Optional: at a stop, delivers the events already made and not yet
	 * read (the live rings' contents at the first call), without waiting
	 * and without what comes after; returns as poll does, 0 when done. */
	int (*drain)(struct source *src);
};

struct source {
	const struct source_ops *ops;
	source_event_fn cb;
	void *cb_ctx;
	const char *name; /* for the UI header: "live", or the file's path */
	/* Set by the source for the event being delivered: it updates the state
	 * but no consumer sees it (a capture file's state-only events, which
	 * sysdig does not show either). Its internal events (procinfo, drop)
	 * reach the pipeline, which gives them only to a consumer that asks
	 * (pipeline_pass_internal). */
	bool evt_state_only;
};

static inline int source_poll(struct source *src, int timeout_ms)
{
	return src->ops->poll(src, timeout_ms);
}

static inline int source_drain(struct source *src)
{
	return src->ops->drain ? src->ops->drain(src) : 0;
}

static inline void source_stats(struct source *src, struct source_stats *out)
{
	src->ops->stats(src, out);
}

static inline void source_free(struct source *src)
{
	if (src)
		src->ops->free(src);
}

/* ---- the live probe ---- */

struct live_opts {
	uint32_t snaplen;           /* bytes of I/O data per event; 0 for none */
	uint32_t ringbuf_bytes;     /* per CPU, a power of two; 0 for the default */
	/* syscalls some consumer wants, by native number; NULL for all */
	const bool *interest;
	/* no consumer reads evt.latency: syscalls are not timed at enter, and
	 * those with no argument to copy then cost nothing there */
	bool no_latency;
};

/* Loads and attaches the probe. On failure returns NULL and sets *cause to a
 * message for people (not root, no BTF, the verifier's last lines); the caller
 * frees it. */
struct source *source_live_new(const struct live_opts *opts, source_event_fn cb, void *ctx,
			       char **cause);

/* Changes which syscalls are traced, while running. */
int source_live_set_interest(struct source *src, const bool *interest);

/* Milliseconds that load and attach took. */
double source_live_load_ms(struct source *src);

/* ---- a capture file (-r) ---- */

struct state;
struct source_file_info {
	uint64_t first_ts, last_ts; /* of the events read so far */
	char hostname[129];         /* from the machine info block, or "" */
	uint32_t num_cpus;
};

/* Opens a sysdig/Falco capture file (plain or gzip; "-" for stdin). Its
 * process, fd and user lists seed st (made with opts.offline) in place of
 * /proc, as they are met. NULL with *cause set (caller frees) if it cannot
 * be opened; a corrupt file is reported by poll, after the events before the
 * damage, with source_error(). */
struct source *source_file_new(const char *path, struct state *st, source_event_fn cb, void *ctx,
			       char **cause);
const struct source_file_info *source_file_info(struct source *src);

static inline const char *source_error(struct source *src)
{
	return src->ops->error ? src->ops->error(src) : NULL;
}

#endif
