/* chisel.h: the Lua 5.4 chisel host. Chisels are Lua scripts written to
 * sysdig's chisel API (description, args, on_init, on_event, chisel.*,
 * evt.*, sysdig.*); each runs in its own lua_State and sees events as a
 * consumer of the pipeline, after the state has applied them. */
#ifndef WTF_CHISEL_H
#define WTF_CHISEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event/decode.h"
#include "fields/fields.h"

struct state;
struct chisel_set;

/* What the host tells chisels about the run. Borrowed for the set's life. */
struct chisel_env {
	struct state *st;
	bool is_live;
	const char *filter;   /* the trailing filter text, or NULL */
	bool json;            /* -j: sysdig.get_output_format() says "json" */
};

/* NULL with errno set on allocation failure. */
struct chisel_set *chisel_set_new(const struct chisel_env *env);
/* The state and trailing filter, known once the run starts (both borrowed). */
void chisel_set_attach_state(struct chisel_set *cs, struct state *st);
void chisel_set_env_filter(struct chisel_set *cs, const char *filter);
void chisel_set_free(struct chisel_set *cs);

/* Loads chisel `name` (a name on the search path, or a path to a .lua file)
 * and gives it its arguments: it takes as many of args[0..nargs) as it
 * declares (required ones must be there; an optional one is taken when the
 * next word is not a filter, or when the argument is itself of type
 * filter, as ps and lsof take). *used says how many were taken. Returns 0, or
 * a negative errno with *cause set (caller frees). */
int chisel_set_load(struct chisel_set *cs, const char *name, char *const *args, int nargs,
		    int *used, char **cause);
/* Runs every chisel's on_init. Returns 0 or a negative errno with *cause set. */
int chisel_set_init(struct chisel_set *cs, char **cause);
/* The snaplen some chisel asked for with sysdig.set_snaplen, or -1. */
int chisel_set_snaplen(const struct chisel_set *cs);
void chisel_set_capture_start(struct chisel_set *cs);
/* The time of an event, filtered out or not: fires the intervals that
 * ended by then (on a busy machine the source is never idle, and the
 * trailing filter may let no event through). Told before
 * chisel_set_on_event, which does not tell it again. */
void chisel_set_time(struct chisel_set *cs, uint64_t ts);
/* A consumer_fn: runs each chisel's filter, on_event and formatter. Returns
 * non-zero to stop the pipeline (end_capture, or an error in a chisel). */
int chisel_set_on_event(void *cs, struct evt *e, struct field_ctx *fc);
/* Called when the source is idle: fires intervals due by the wall clock and
 * flushes output. */
void chisel_set_idle(void *cs);
void chisel_set_capture_end(struct chisel_set *cs);
/* Hands a rule alert to every chisel defining on_alert(rule, priority,
 * output): the stream calls it for each alert of the rules engine. */
void chisel_set_on_alert(struct chisel_set *cs, const char *rule, const char *priority,
			 const char *output);
/* Non-zero once a chisel failed (its traceback has been logged). */
int chisel_set_failed(const struct chisel_set *cs);

/* -cl and -i NAME. Return 0, or -ENOENT for an unknown chisel. */
int chisel_print_list(FILE *f);
int chisel_print_info(FILE *f, const char *name);

/* Searches the chisel path for name(.lua); returns a malloc'd path or NULL. */
char *chisel_find(const char *name);

#endif
