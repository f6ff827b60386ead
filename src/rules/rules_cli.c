/* rules_cli.c: rule options, --list-rules and --validate, and the runtime
 * that the modes share (load from -R or the default directories, select,
 * index, alert). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event/event_table.h"
#include "rules/rules_cli.h"
#include "util/log.h"

#define ETC_RULES_DIR "/etc/wtftop/rules.d"

static char *fmt_cause(const char *fmt, const char *arg)
{
	char *s = NULL;
	return asprintf(&s, fmt, arg) < 0 ? NULL : s;
}

static int push(const char **v, int *n, const char *s, const char *opt, char **cause)
{
	if (*n >= RULES_CLI_MAX) {
		*cause = fmt_cause("too many %s options", opt);
		return -1;
	}
	v[(*n)++] = s;
	return 1;
}

/* --alerts-rate RATE[,BURST]: alerts per second and bucket size per rule, as
 * Falco's outputs.rate and outputs.max_burst; a rate of 0 lifts the limit. */
static int parse_rate(struct rules_cli *c, const char *arg, char **cause)
{
	char *end;
	double burst = 10, rate = strtod(arg, &end);

	if (end != arg && *end == ',')
		burst = strtod(end + 1, &end);
	if (end == arg || *end || rate < 0 || burst < 1) {
		*cause = fmt_cause("--alerts-rate takes RATE[,BURST] (alerts per second, bucket size >= 1), "
				   "not '%s'", arg);
		return -1;
	}
	c->rate_given = true;
	c->rate = rate;
	c->burst = burst;
	return 1;
}

int rules_cli_option(struct rules_cli *c, const char *name, const char *arg, char **cause)
{
	if (!strcmp(name, "rules"))
		return push(c->paths, &c->npaths, arg, "-R", cause);
	if (!strcmp(name, "disable-rule"))
		return push(c->disable, &c->ndisable, arg, "--disable-rule", cause);
	if (!strcmp(name, "enable-tag"))
		return push(c->tags, &c->ntags, arg, "--enable-tag", cause);
	if (!strcmp(name, "validate"))
		return push(c->validate, &c->nvalidate, arg, "--validate", cause);
	if (!strcmp(name, "min-priority")) {
		if ((c->min_priority = rule_priority_parse(arg)) < 0) {
			*cause = fmt_cause("--min-priority takes Emergency, Alert, Critical, Error, Warning, "
					   "Notice, Info or Debug, not '%s'", arg);
			return -1;
		}
		return 1;
	}
	if (!strcmp(name, "list-rules"))
		return c->list = true, 1;
	if (!strcmp(name, "alerts"))
		return c->alerts_only = true, 1;
	if (!strcmp(name, "json-alerts"))
		return c->json = true, 1;
	if (!strcmp(name, "no-rules"))
		return c->no_rules = true, 1;
	if (!strcmp(name, "alerts-file"))
		return c->file = arg, 1;
	if (!strcmp(name, "alerts-program"))
		return c->program = arg, 1;
	if (!strcmp(name, "alerts-syslog"))
		return c->syslog = arg ? arg : "", 1;
	if (!strcmp(name, "alerts-rate"))
		return parse_rate(c, arg, cause);
	return 0;
}

void rules_cli_usage(FILE *f)
{
	fputs("Rules (Falco's YAML format) and alerts:\n"
	      "  -R, --rules=PATH       load rules from a file or directory (repeatable; default:\n"
	      "                         the installed rules, ./rules in the source tree, and\n"
	      "                         " ETC_RULES_DIR ")\n"
	      "      --no-rules         load no rules\n"
	      "      --list-rules       list the rules loaded, and those skipped with why\n"
	      "      --validate=FILE    check a rules file, print every problem (exit 1 if any)\n"
	      "      --disable-rule=NAME, --enable-tag=TAG, --min-priority=PRIORITY\n"
	      "      --alerts           headless detector: only alerts, on stdout (rate-limited)\n"
	      "      --json-alerts      alerts as Falco's JSON\n"
	      "      --alerts-file=PATH append alerts to PATH (reopened on SIGHUP)\n"
	      "      --alerts-program=CMD  start CMD (split on spaces, no shell) and write alerts\n"
	      "                         to its stdin\n"
	      "      --alerts-syslog[=SOCKET]  send alerts to syslog (default /dev/log), the\n"
	      "                         rule's priority as the severity, facility user\n"
	      "      --alerts-rate=RATE[,BURST]  per-rule limit of --alerts (default 1,10;\n"
	      "                         0: no limit)\n",
	      f);
}

bool rules_cli_is_command(const struct rules_cli *c)
{
	return c->list || c->nvalidate;
}

static void report_stderr(void *ctx, int level, const char *msg)
{
	int *counts = ctx;
	if (counts)
		counts[level == LOG_ERROR ? 0 : 1]++;
	fprintf(stderr, "%s: %s\n", level == LOG_ERROR ? "error" : "warning", msg);
}

static void report_log(void *ctx, int level, const char *msg)
{
	(void)ctx;
	log_msg(level == LOG_ERROR ? LOG_ERROR : LOG_WARN, "%s", msg);
}

static bool is_dir(const char *p)
{
	struct stat sb;
	return !stat(p, &sb) && S_ISDIR(sb.st_mode);
}

/* The default directories: beside the binary (PREFIX/share/wtftop/rules when
 * installed, ./rules when run from a build dir of the source tree), then
 * /etc/wtftop/rules.d. */
static int load_defaults(struct ruleset *rs)
{
	char exe[PATH_MAX], cand[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int errs = 0;

	if (n > 0) {
		exe[n] = '\0';
		char *dir = dirname(exe);
		snprintf(cand, sizeof(cand), "%s/../share/wtftop/rules", dir);
		if (is_dir(cand)) {
			errs += ruleset_load_path(rs, cand);
		} else {
			snprintf(cand, sizeof(cand), "%s/../rules", dir);
			if (is_dir(cand))
				errs += ruleset_load_path(rs, cand);
		}
	}
	if (is_dir(ETC_RULES_DIR))
		errs += ruleset_load_path(rs, ETC_RULES_DIR);
	return errs;
}

static int load_all(const struct rules_cli *c, struct ruleset *rs)
{
	int errs = 0;
	if (!c->npaths)
		errs += load_defaults(rs);
	for (int i = 0; i < c->npaths; i++)
		errs += ruleset_load_path(rs, c->paths[i]);
	errs += ruleset_compile(rs);
	return errs;
}

static void select_rules(const struct rules_cli *c, struct ruleset *rs)
{
	for (int i = 0; i < c->ntags; i++)
		ruleset_enable_tag(rs, c->tags[i]);
	for (int i = 0; i < c->ndisable; i++)
		if (ruleset_disable_rule(rs, c->disable[i]))
			log_warn("--disable-rule %s: no rule of that name", c->disable[i]);
	if (c->min_priority >= 0)
		ruleset_set_min_priority(rs, c->min_priority);
}

int rules_cli_main(const struct rules_cli *c)
{
	int rc = 0;

	for (int i = 0; i < c->nvalidate; i++) {
		int counts[2] = { 0, 0 };
		struct ruleset *rs = ruleset_new(report_stderr, counts);
		if (!rs)
			return 1;
		ruleset_load_path(rs, c->validate[i]);
		ruleset_compile(rs);
		if (counts[0]) {
			printf("%s: Invalid (%d error%s, %d warning%s)\n", c->validate[i], counts[0],
			       counts[0] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s");
			rc = 1;
		} else {
			/* how much of a foreign rule set (Falco's) wtftop can run */
			printf("%s: Ok (%zu rules: %zu compile, %zu skipped; %d warning%s)\n", c->validate[i],
			       ruleset_count(rs), ruleset_compiled(rs), ruleset_skipped(rs), counts[1],
			       counts[1] == 1 ? "" : "s");
		}
		ruleset_free(rs);
	}
	if (c->list) {
		struct ruleset *rs = ruleset_new(report_log, NULL);
		if (!rs)
			return 1;
		if (load_all(c, rs))
			rc = 1;
		select_rules(c, rs);
		for (size_t i = 0; i < ruleset_count(rs); i++) {
			struct rule *r = ruleset_rule(rs, i);
			printf("%-50s %-9s %s", r->name, rule_priority_name(r->priority),
			       r->skip_reason ? "skipped: " : !r->flt ? "error" : r->enabled ? "enabled" : "disabled");
			if (r->skip_reason)
				printf("%s", r->skip_reason);
			printf("\n");
		}
		ruleset_free(rs);
	}
	return rc;
}

/* ---- runtime ------------------------------------------------------------- */

struct rules_runtime {
	struct ruleset *rs;
	const uint32_t *type_counts; /* the ruleset's, kept up to date by it */
	struct alerts *al;
	struct strbuf scratch;
	uint64_t drops_seen;
	uint64_t last_drop_alert_ts;
};

static volatile sig_atomic_t reopen_flag;

static void on_hup(int sig)
{
	(void)sig;
	reopen_flag = 1;
}

struct rules_runtime *rules_runtime_new(const struct rules_cli *c, bool stream_owns_stdout, char **cause)
{
	struct rules_runtime *rt;
	struct alerts_opts ao = { 0 };

	*cause = NULL;
	if (c->no_rules)
		return NULL;
	rt = calloc(1, sizeof(*rt));
	if (!rt || !(rt->rs = ruleset_new(report_log, NULL))) {
		free(rt);
		*cause = strdup("out of memory");
		return NULL;
	}
	rt->type_counts = ruleset_type_counts(rt->rs);
	if (load_all(c, rt->rs)) {
		*cause = strdup("the rules have errors (see above; wtftop --validate FILE checks a file)");
		rules_runtime_free(rt);
		return NULL;
	}
	select_rules(c, rt->rs);
	ruleset_build_index(rt->rs);
	if (!ruleset_active(rt->rs) && !c->alerts_only) {
		rules_runtime_free(rt);
		return NULL;
	}
	ao.json = c->json;
	bool elsewhere = c->file || c->program || c->syslog;
	ao.to_stdout = c->alerts_only && !elsewhere;
	ao.to_stderr = !c->alerts_only && stream_owns_stdout && !elsewhere;
	ao.file = c->file;
	ao.program = c->program;
	ao.syslog = c->syslog;
	ao.rate_limit = c->alerts_only && !(c->rate_given && c->rate == 0);
	if (c->rate_given) {
		ao.rate_per_s = c->rate;
		ao.burst = c->burst;
	}
	if (!(rt->al = alerts_new(&ao, cause))) {
		rules_runtime_free(rt);
		return NULL;
	}
	if (c->file)
		signal(SIGHUP, on_hup);
	return rt;
}

void rules_runtime_free(struct rules_runtime *rt)
{
	if (!rt)
		return;
	alerts_free(rt->al);
	ruleset_free(rt->rs);
	strbuf_free(&rt->scratch);
	free(rt);
}

void rules_runtime_interest(const struct rules_runtime *rt, bool *interest, bool only_rules)
{
	for (uint32_t nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const struct syscall_info *si = &syscall_table[nr];
		const struct event_info *ei = &event_table[si->exit_event];
		if (only_rules && si->name)
			interest[nr] = syscall_keeps_state(nr);
		if (!si->name || interest[nr])
			continue;
		interest[nr] = ruleset_may_match_name(rt->rs, si->exit_event == PPME_GENERIC_X ? si->name : ei->name);
	}
}

bool rules_runtime_uses_flags(const struct rules_runtime *rt, uint32_t flags)
{
	return ruleset_uses_flags(rt->rs, flags);
}

void rules_runtime_event(struct rules_runtime *rt, const struct field_ctx *fc, uint64_t drops_total)
{
	uint16_t t;

	if (reopen_flag) {
		reopen_flag = 0;
		alerts_reopen(rt->al);
	}
	if (drops_total > rt->drops_seen) {
		uint64_t ts = fc->e->hdr->ts;
		/* at most one per second: a blind spot is never silent, nor a flood */
		if (!rt->last_drop_alert_ts || ts - rt->last_drop_alert_ts >= 1000000000ULL) {
			char text[200];
			snprintf(text, sizeof(text),
				 "wtftop internal: syscall event drop. %llu events dropped by the probe "
				 "(%llu in all); rules may have missed activity",
				 (unsigned long long)(drops_total - rt->drops_seen), (unsigned long long)drops_total);
			alerts_notice(rt->al, PRIO_CRITICAL, "Events dropped", text, ts);
			rt->drops_seen = drops_total;
			rt->last_drop_alert_ts = ts;
		}
	}
	t = fc->e->hdr->type;
	if (t < PPM_EVENT_MAX && !rt->type_counts[t])
		return; /* most events: no rule for their type, no call */
	ruleset_process(rt->rs, fc, &rt->scratch, alerts_fire, rt->al);
}

void rules_runtime_set_hook(struct rules_runtime *rt, alerts_hook_fn fn, void *ctx)
{
	if (rt)
		alerts_set_hook(rt->al, fn, ctx);
}

uint64_t rules_runtime_alerts(const struct rules_runtime *rt)
{
	return rt ? alerts_count(rt->al) : 0;
}
