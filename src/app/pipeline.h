/* pipeline.h: source -> decode -> state -> consumers, for every mode. */
#ifndef WTF_PIPELINE_H
#define WTF_PIPELINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "event/decode.h"
#include "event/source.h"
#include "fields/fields.h"
#include "state/state.h"

struct pipeline;

/* A consumer sees every event after the state has applied it. Returning
 * non-zero stops the pipeline (e.g. -n reached). */
typedef int (*consumer_fn)(void *ctx, struct evt *e, struct field_ctx *fc);

struct pipeline_stats {
	uint64_t n_events;                 /* events decoded */
	uint64_t n_malformed;              /* events that failed to decode */
	uint64_t n_by_type[PPM_EVENT_MAX]; /* for -S */
	uint64_t first_ts, last_ts;
	struct source_stats src;
};

struct pipeline *pipeline_new(struct state *st, consumer_fn fn, void *ctx);
void pipeline_free(struct pipeline *p);
void pipeline_set_source(struct pipeline *p, struct source *src);
/* Internal events (a capture file's procinfo, drop) reach the consumer only
 * when it asks: as in sysdig, only chisels read them, and nothing shows them. */
void pipeline_pass_internal(struct pipeline *p, bool on);
/* The event callback to give the source. */
int pipeline_on_raw(void *pipeline, const struct wtf_evt_hdr *hdr, size_t len, uint64_t latency,
		    uint16_t cpu);
/* Polls until stop is set, the consumer stops, the source ends, or
 * max_seconds pass (0: no limit). idle_fn runs each time the source goes idle
 * (flush output, refresh figures). Returns 0 or a negative errno. */
int pipeline_run(struct pipeline *p, volatile sig_atomic_t *stop, double max_seconds,
		 void (*idle_fn)(void *ctx), void *idle_ctx);
const struct pipeline_stats *pipeline_stats(struct pipeline *p);
/* A live pipeline tells each container's start as sysdig does, with a
 * `container` event (its JSON: id, name, image, privileged...) on the
 * container's first thread once its metadata has settled, and marks the
 * containers whose threads are all gone as ended. */
struct containers;
void pipeline_set_containers(struct pipeline *p, struct containers *c);
struct field_ctx *pipeline_field_ctx(struct pipeline *p);

#endif
