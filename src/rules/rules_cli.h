/* rules_cli.h: the rule options of the command line and the runtime that
 * the app's modes share: load, select, index, alert. */
#ifndef WTF_RULES_CLI_H
#define WTF_RULES_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/rules.h"

#define RULES_CLI_MAX 32

struct rules_cli {
	const char *paths[RULES_CLI_MAX];    /* -R, in order; none: the defaults */
	int npaths;
	const char *disable[RULES_CLI_MAX];  /* --disable-rule */
	int ndisable;
	const char *tags[RULES_CLI_MAX];     /* --enable-tag */
	int ntags;
	const char *validate[RULES_CLI_MAX]; /* --validate */
	int nvalidate;
	int min_priority;                    /* --min-priority, -1 when not given */
	bool list;                           /* --list-rules */
	bool alerts_only;                    /* --alerts: headless, alerts on stdout */
	bool json;                           /* --json-alerts */
	bool no_rules;                       /* --no-rules */
	const char *file;                    /* --alerts-file */
	const char *program;                 /* --alerts-program */
	const char *syslog;                  /* --alerts-syslog: its socket, "" for /dev/log */
	bool rate_given;                     /* --alerts-rate RATE[,BURST] (0: no limit) */
	double rate, burst;
};

/* Handles one rule option (long option name without dashes, its argument).
 * Returns 1 when handled, 0 when not a rule option, -1 with *cause set. */
int rules_cli_option(struct rules_cli *c, const char *name, const char *arg, char **cause);
/* --list-rules or --validate: run instead of a mode. */
bool rules_cli_is_command(const struct rules_cli *c);
int rules_cli_main(const struct rules_cli *c);
void rules_cli_usage(FILE *f);

struct rules_runtime;

/* Loads the rules (paths, or the default directories), compiles, selects and
 * indexes them, and opens the alert channels. stream_owns_stdout: alerts go
 * to stderr unless --alerts. Returns NULL with *cause set when a rule file
 * has errors or a channel cannot open; NULL without cause when no rules. */
struct rules_runtime *rules_runtime_new(const struct rules_cli *c, bool stream_owns_stdout, char **cause);
void rules_runtime_free(struct rules_runtime *rt);
/* Adds to interest[nr] the syscalls whose events may fire a rule; with
 * only_rules, first keeps only those that keep the state right (headless
 * mode without a filter). */
void rules_runtime_interest(const struct rules_runtime *rt, bool *interest, bool only_rules);
/* Whether the loaded rules read a field with any of the FF_* flags in `flags`. */
bool rules_runtime_uses_flags(const struct rules_runtime *rt, uint32_t flags);
/* For each event: tests the rules, raises alerts; drops_total is the
 * source's drop count so far (a rise raises the "events dropped" alert). */
void rules_runtime_event(struct rules_runtime *rt, const struct field_ctx *fc, uint64_t drops_total);
uint64_t rules_runtime_alerts(const struct rules_runtime *rt);
/* Tells each rule alert to fn as well (see alerts_set_hook). */
void rules_runtime_set_hook(struct rules_runtime *rt, alerts_hook_fn fn, void *ctx);

#endif
