/* test_rules.c: the rule loader (Falco's format: lists in lists, append,
 * override, exceptions, enabled-only items, priorities, other sources), the
 * errors and warnings of a bad file with their lines, selection, and the
 * per-event-type index. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_int.h"
#include "util/log.h"

static char msgs[8192];
static int n_err, n_warn;

static void collect(void *ctx, int level, const char *msg)
{
	(void)ctx;
	if (level == LOG_ERROR)
		n_err++;
	else
		n_warn++;
	strncat(msgs, msg, sizeof(msgs) - strlen(msgs) - 2);
	strcat(msgs, "\n");
}

static char *fixture(const char *name)
{
	static char path[4096];
	const char *root = getenv("WTF_ROOT");
	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/rules/%s", root ? root : ".", name);
	return path;
}

static struct ruleset *load(const char *name)
{
	struct ruleset *rs = ruleset_new(collect, NULL);
	msgs[0] = '\0';
	n_err = n_warn = 0;
	assert_non_null(rs);
	ruleset_load_path(rs, fixture(name));
	ruleset_compile(rs);
	return rs;
}

static struct rule *by_name(struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < ruleset_count(rs); i++)
		if (!strcmp(ruleset_rule(rs, i)->name, name))
			return ruleset_rule(rs, i);
	return NULL;
}

static void test_bad_file_reports_all_four(void **unused)
{
	struct ruleset *rs = load("bad.yaml");
	/* YAML error, unknown macro, bad priority: errors; unknown field: a warning */
	assert_int_equal(n_err, 3);
	assert_int_equal(n_warn, 1);
	assert_non_null(strstr(msgs, "bad.yaml:25:12: YAML error"));
	assert_non_null(strstr(msgs, "bad.yaml:7:14: rule 'Uses unknown macro': undefined macro 'no_such_macro'"));
	assert_non_null(strstr(msgs, "bad.yaml:21:13: rule 'Bad priority': unknown priority 'LOUD'"));
	assert_non_null(strstr(msgs, "bad.yaml:13:14: rule 'Uses unknown field' skipped"));
	assert_non_null(strstr(msgs, "'nosuch.field'"));
	/* one warning per skipped rule, never an error */
	assert_null(strstr(strstr(msgs, "nosuch.field") + 1, "nosuch.field"));
	ruleset_free(rs);
}

static void test_good_file(void **unused)
{
	struct ruleset *rs = load("good.yaml");
	struct rule *r;

	assert_int_equal(n_err, 0);
	assert_int_equal(n_warn, 1); /* the k8s_audit rule */
	assert_int_equal(ruleset_count(rs), 3);
	assert_int_equal(ruleset_active(rs), 2);

	r = by_name(rs, "Shell opens");
	assert_non_null(r);
	assert_non_null(r->flt);
	assert_int_equal(r->priority, PRIO_INFO);
	/* macro append, list in list, exceptions (tuple and single field), override append */
	assert_non_null(strstr(r->exc_cond, "and not ((proc.name = \"bash\" and fd.name startswith \"/etc/ld.so\"))"));
	assert_non_null(strstr(r->exc_cond, "and not fd.name in (\"/etc/hosts\", \"/etc/passwd\")"));
	assert_non_null(strstr(r->condition, "and proc.name != zsh"));
	assert_string_equal(r->tags[0], "a");
	assert_string_equal(r->tags[1], "b");
	assert_string_equal(r->tags[2], "c");
	assert_null(r->tags[3]);
	struct list_def *l = NULL;
	for (size_t i = 0; i < rs->nlists; i++)
		if (!strcmp(rs->lists[i].name, "more_shells"))
			l = &rs->lists[i];
	assert_non_null(l);
	/* shells' later append reaches more_shells too: lists resolve once
	 * every file is in, as Falco's do */
	assert_string_equal(l->items[0], "bash");
	assert_string_equal(l->items[1], "sh");
	assert_string_equal(l->items[2], "dash");
	assert_string_equal(l->items[3], "zsh");

	r = by_name(rs, "Cat reads");
	assert_true(r->enabled); /* enabled: true alone switched it on */
	assert_int_equal(r->priority, PRIO_DEBUG);
	assert_non_null(by_name(rs, "Plugin rule")->skip_reason);

	/* index: the read rule only under read, the open rule under openat */
	ruleset_build_index(rs);
	assert_int_equal(rs->n_by_type[PPME_SYSCALL_READ_X], 1);
	assert_int_equal(rs->n_by_type[PPME_SYSCALL_OPENAT_2_X], 1);
	assert_true(ruleset_may_match_name(rs, "read"));
	assert_false(ruleset_may_match_name(rs, "write"));

	/* selection */
	ruleset_set_min_priority(rs, PRIO_INFO);
	assert_false(by_name(rs, "Cat reads")->enabled);
	assert_int_equal(ruleset_disable_rule(rs, "Shell opens"), 0);
	assert_int_equal(ruleset_disable_rule(rs, "nope"), -ENOENT);
	assert_int_equal(ruleset_active(rs), 0);
	ruleset_enable_tag(rs, "c");
	assert_int_equal(ruleset_active(rs), 1);
	ruleset_free(rs);
}

/* Falco's constructs, in a file of Falco's shape: each loads, and the
 * exceptions become the clauses Falco makes of them. */
static void test_falco_format(void **unused)
{
	struct ruleset *rs = load("falco_format.yaml");
	struct rule *r;

	assert_int_equal(n_err, 0);
	assert_int_equal(n_warn, 3); /* unknown field, unknown output field, other source */
	assert_non_null(strstr(msgs, "falco_format.yaml:115:14: rule 'FX unknown field' skipped"));
	assert_non_null(strstr(msgs, "'fd.nosuchfield'"));
	assert_non_null(strstr(msgs, "'nosuch.outfield'"));
	assert_int_equal(ruleset_count(rs), 7);
	assert_int_equal(ruleset_compiled(rs), 4);
	assert_int_equal(ruleset_skipped(rs), 3);

	r = by_name(rs, "FX secret read");
	assert_non_null(r->flt);
	assert_int_equal(r->priority, PRIO_WARNING);
	/* a list name as the value of an "in" comp stays a name; a sequence
	 * becomes a list; values appended by the exception's name alone */
	assert_non_null(strstr(r->exc_cond, "(proc.name = \"wtfrf_tac\" and fd.name startswith \"/etc/gshadow\")"));
	assert_non_null(strstr(r->exc_cond, "and not proc.name in (\"wtfrf_nope\")"));
	assert_non_null(strstr(r->exc_cond, "(proc.name in (fx_trusted) and fd.name in (\"/etc/shadow\", \"/etc/gshadow\"))"));
	assert_non_null(strstr(r->exc_cond, "(proc.name = \"wtfrf_head\" and fd.name startswith \"/etc/shadow\")"));
	assert_non_null(strstr(r->condition, "and not proc.pname = wtfrf_never"));
	assert_string_equal(r->tags[2], "mitre_credential_access");
	assert_int_equal(r->nexcs, 3);

	assert_true(by_name(rs, "FX disabled")->enabled);
	assert_false(by_name(rs, "FX stays off")->enabled);
	assert_int_equal(by_name(rs, "FX stays off")->priority, PRIO_INFO);
	assert_int_equal(by_name(rs, "FX critical")->priority, PRIO_CRITICAL);
	assert_int_equal(by_name(rs, "FX plugin source")->priority, PRIO_EMERGENCY);

	struct list_def *l = NULL;
	for (size_t i = 0; i < rs->nlists; i++)
		if (!strcmp(rs->lists[i].name, "fx_readers"))
			l = &rs->lists[i];
	assert_non_null(l);
	const char *want[] = { "wtfrf_cat", "wtfrf_tac", "wtfrf_start", "wtfrf_end", "wtfrf_head",
			       "wtfrf_tail", "wtfrf_ok1", "wtfrf_ok2", NULL };
	for (int i = 0; want[i]; i++)
		assert_string_equal(l->items[i], want[i]);
	assert_null(l->items[8]);
	ruleset_free(rs);
}

/* Exceptions apply to the whole condition, even one with a top-level "or";
 * an exception without fields must name one defined before. */
static void test_exception_scope(void **unused)
{
	struct ruleset *rs = ruleset_new(collect, NULL);
	msgs[0] = '\0';
	n_err = n_warn = 0;
	ruleset_load_string(rs, "- rule: A\n  desc: d\n  output: o\n  priority: INFO\n"
				"  condition: proc.name = a or proc.name = b\n"
				"  exceptions:\n  - name: e\n    fields: [proc.pid]\n    values: [[1]]\n"
				"- rule: A\n  append: true\n  exceptions:\n  - name: nodef\n    values: [[2]]\n",
			    "s.yaml");
	assert_int_equal(n_err, 1);
	assert_non_null(strstr(msgs, "s.yaml:13:5: rule 'A': exception 'nodef' has no fields"));
	assert_int_equal(ruleset_compile(rs), 0);
	struct rule *r = by_name(rs, "A");
	assert_string_equal(r->exc_cond, " and not ((proc.pid = \"1\"))");
	assert_non_null(r->flt);
	ruleset_free(rs);
}

static void test_priorities(void **unused)
{
	assert_int_equal(rule_priority_parse("EMERGENCY"), PRIO_EMERGENCY);
	assert_int_equal(rule_priority_parse("informational"), PRIO_INFO);
	assert_int_equal(rule_priority_parse("Info"), PRIO_INFO);
	assert_int_equal(rule_priority_parse("warning"), PRIO_WARNING);
	assert_int_equal(rule_priority_parse("loud"), -1);
	assert_string_equal(rule_priority_name(PRIO_CRITICAL), "Critical");
}

static void test_string_errors(void **unused)
{
	struct ruleset *rs = ruleset_new(collect, NULL);
	msgs[0] = '\0';
	n_err = n_warn = 0;
	ruleset_load_string(rs, "- rule: A\n  append: true\n  condition: x\n"
				"- list: L\n  append: true\n  items: [a]\n"
				"- rule: B\n  desc: d\n  output: o\n  priority: INFO\n"
				"- foo: bar\n", "t.yaml");
	assert_int_equal(n_err, 4);
	assert_non_null(strstr(msgs, "t.yaml:1:3: rule 'A' appends"));
	assert_non_null(strstr(msgs, "t.yaml:4:3: list 'L' has append"));
	assert_non_null(strstr(msgs, "t.yaml:7:3: rule 'B' lacks a condition"));
	assert_non_null(strstr(msgs, "t.yaml:11:3: unknown item"));
	ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_file_reports_all_four),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_falco_format),
		cmocka_unit_test(test_exception_scope),
		cmocka_unit_test(test_priorities),
		cmocka_unit_test(test_string_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
