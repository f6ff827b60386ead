/* rules.h: Falco's rule files (rule, macro, list, append/override,
 * exceptions) compiled into filters, and the engine that tests events
 * against them, indexed by event type. */
#ifndef WTF_RULES_H
#define WTF_RULES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fields/fields.h"
#include "filter/filter.h"
#include "format/format.h"

/* Falco's priorities, most severe first. */
enum rule_priority {
	PRIO_EMERGENCY, PRIO_ALERT, PRIO_CRITICAL, PRIO_ERROR,
	PRIO_WARNING, PRIO_NOTICE, PRIO_INFO, PRIO_DEBUG,
};

/* An exception's definition, kept so that a later "append: true" may give
 * more values for it by name alone, as Falco allows. */
struct rule_exc {
	char *name;       /* owned */
	char **fields;    /* owned, NULL-terminated */
	char **comps;     /* owned, NULL-terminated, NULL when not given ("=" each) */
	bool one_field;   /* fields: was a single field, values a list of values */
};

struct rule {
	char *name, *desc, *condition, *output, *source; /* owned */
	char **tags;               /* owned, NULL-terminated */
	enum rule_priority priority;
	bool enabled;              /* from the file, then --disable-rule/--enable-tag */
	char *file;                /* owned: where it was defined */
	int line, column;
	int cond_line, cond_column; /* the condition's value */
	/* compiled; NULL when the rule was skipped (unknown field) */
	struct filter *flt;
	struct formatter *fmt;
	struct field_ref *out_fields; /* owned: the %fields of the output, for JSON */
	size_t n_out_fields;
	char *skip_reason;         /* owned, set when skipped */
	char *exc_cond;            /* owned: " and not (...)" of the exceptions, or NULL */
	struct rule_exc *excs;     /* owned */
	size_t nexcs;
	/* rate limit (--alerts) */
	double tokens;
	uint64_t last_ts;
	uint64_t suppressed;
};

struct ruleset;

/* Problems found while loading go through this; level is LOG_WARN or
 * LOG_ERROR, msg is "file:line:column: ...". */
typedef void (*rules_report_fn)(void *ctx, int level, const char *msg);

struct ruleset *ruleset_new(rules_report_fn report, void *ctx);
void ruleset_free(struct ruleset *rs);

/* Loads a file, or every *.yaml / *.yml file of a directory in name order.
 * Returns the number of errors (0: fine; warnings do not count). */
int ruleset_load_path(struct ruleset *rs, const char *path);
/* Loads YAML text (for tests); name is used in messages. */
int ruleset_load_string(struct ruleset *rs, const char *text, const char *name);
/* Compiles every rule after all files are in (macros and lists may be
 * defined in any file). Returns the number of errors. */
int ruleset_compile(struct ruleset *rs);

/* Selection: after compile. */
int ruleset_disable_rule(struct ruleset *rs, const char *name); /* -ENOENT if none */
/* With at least one --enable-tag, only rules with one of the tags stay on. */
void ruleset_enable_tag(struct ruleset *rs, const char *tag);
void ruleset_set_min_priority(struct ruleset *rs, enum rule_priority p);
/* Builds the per-event-type index; call once selection is done. */
void ruleset_build_index(struct ruleset *rs);

size_t ruleset_count(const struct ruleset *rs);
struct rule *ruleset_rule(struct ruleset *rs, size_t i);
/* Number of rules compiled and active. */
size_t ruleset_active(const struct ruleset *rs);
/* Number of rules compiled (enabled or not), and skipped (unknown field,
 * other source). */
size_t ruleset_compiled(const struct ruleset *rs);
size_t ruleset_skipped(const struct ruleset *rs);
/* Whether an event named type_name (event or syscall name) may fire a rule. */
bool ruleset_may_match_name(const struct ruleset *rs, const char *type_name);
/* Whether an active rule's condition or output reads a field with any of
 * the FF_* flags in `flags`. */
bool ruleset_uses_flags(const struct ruleset *rs, uint32_t flags);

typedef void (*rules_fire_fn)(void *ctx, struct rule *r, const struct field_ctx *fc);
/* Tests the event against the rules its type can match; calls fire for
 * each that matches. Returns how many matched. */
int ruleset_process(struct ruleset *rs, const struct field_ctx *fc, struct strbuf *scratch,
		    rules_fire_fn fire, void *ctx);
/* How many rules each event type can match (PPM_EVENT_MAX counts, kept up
 * to date in place), for a caller that skips the types without any. */
const uint32_t *ruleset_type_counts(const struct ruleset *rs);

/* "Emergency" .. "Debug"; parsing accepts any case and Info/Informational. */
const char *rule_priority_name(enum rule_priority p);
int rule_priority_parse(const char *s); /* -1 when unknown */

/* ---- alerts ------------------------------------------------------------ */
struct alerts;

struct alerts_opts {
	bool json;               /* Falco's JSON instead of the text line */
	bool to_stdout, to_stderr;
	const char *file;        /* appended, reopened on alerts_reopen() */
	const char *program;     /* argv split on spaces, started once; alerts on its stdin */
	const char *syslog;      /* a syslog socket ("" for /dev/log), NULL for none */
	bool rate_limit;         /* per rule (headless mode) */
	double rate_per_s;       /* tokens per second (default 1) */
	double burst;            /* bucket size (default 10) */
};

/* NULL with *cause set (caller frees). */
struct alerts *alerts_new(const struct alerts_opts *o, char **cause);
/* Also tells each rule alert (not the engine's notices) to fn, with the
 * event that raised it: the UI's Alerts view, chisels' on_alert. */
typedef void (*alerts_hook_fn)(void *ctx, const struct alert_info *ai, const struct field_ctx *fc);
void alerts_set_hook(struct alerts *a, alerts_hook_fn fn, void *ctx);
void alerts_free(struct alerts *a);
/* The fire callback for ruleset_process (ctx: the alerts). */
void alerts_fire(void *alerts, struct rule *r, const struct field_ctx *fc);
/* An engine-level alert (events dropped ...), no event behind it. */
void alerts_notice(struct alerts *a, enum rule_priority p, const char *rule, const char *text, uint64_t ts);
/* Reopens the file channel (SIGHUP). */
void alerts_reopen(struct alerts *a);
void alerts_flush(struct alerts *a);
uint64_t alerts_count(const struct alerts *a);
/* Formats one alert line (no newline), as written: for tests. */
void alerts_format(struct alerts *a, struct rule *r, const struct field_ctx *fc, struct strbuf *out);

#endif
