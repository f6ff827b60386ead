/* rules_load.c: Falco's YAML rule files (libyaml document API): rules,
 * macros and lists, append/override, exceptions, and their compilation into
 * filters and output formats. Problems carry file:line:column. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "rules/rules_int.h"
#include "util/log.h"

static const char *const prio_names[] = {
	"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Info", "Debug",
};

const char *rule_priority_name(enum rule_priority p)
{
	return (unsigned)p < 8 ? prio_names[p] : "Debug";
}

int rule_priority_parse(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (!strcasecmp(s, prio_names[i]))
			return i;
	if (!strcasecmp(s, "Informational"))
		return PRIO_INFO;
	return -1;
}

static void report(struct ruleset *rs, int level, const char *file, const yaml_mark_t *m,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct ruleset *rs, int level, const char *file, const yaml_mark_t *m,
		   const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL, *full = NULL;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (m) {
		if (asprintf(&full, "%s:%zu:%zu: %s", file, m->line + 1 + rs->line_offset, m->column + 1, msg ? msg : "?") < 0)
			full = NULL;
	} else if (asprintf(&full, "%s: %s", file, msg ? msg : "?") < 0) {
		full = NULL;
	}
	if (level == LOG_ERROR)
		rs->n_errors++;
	if (rs->report)
		rs->report(rs->report_ctx, level, full ? full : "out of memory");
	free(msg);
	free(full);
}

struct ruleset *ruleset_new(rules_report_fn fn, void *ctx)
{
	struct ruleset *rs = calloc(1, sizeof(*rs));
	if (!rs)
		return NULL;
	rs->report = fn;
	rs->report_ctx = ctx;
	return rs;
}

static void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static size_t strv_len(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

static int strv_push(char ***v, const char *s)
{
	size_t n = strv_len(*v);
	char **nv = realloc(*v, (n + 2) * sizeof(char *));
	if (!nv)
		return -ENOMEM;
	nv[n] = strdup(s);
	nv[n + 1] = NULL;
	*v = nv;
	return nv[n] ? 0 : -ENOMEM;
}

static void exc_done(struct rule_exc *x)
{
	free(x->name);
	strv_free(x->fields);
	strv_free(x->comps);
}

static void rule_done(struct rule *r)
{
	free(r->name);
	free(r->desc);
	free(r->condition);
	free(r->output);
	free(r->source);
	free(r->file);
	strv_free(r->tags);
	filter_free(r->flt);
	formatter_free(r->fmt);
	for (size_t i = 0; i < r->n_out_fields; i++)
		field_ref_done(&r->out_fields[i]);
	free(r->out_fields);
	free(r->skip_reason);
	free(r->exc_cond);
	for (size_t i = 0; i < r->nexcs; i++)
		exc_done(&r->excs[i]);
	free(r->excs);
}

void ruleset_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nrules; i++)
		rule_done(&rs->rules[i]);
	free(rs->rules);
	for (size_t i = 0; i < rs->nmacros; i++) {
		free(rs->macros[i].name);
		free(rs->macros[i].cond);
	}
	free(rs->macros);
	for (size_t i = 0; i < rs->nlists; i++) {
		free(rs->lists[i].name);
		strv_free(rs->lists[i].items);
		strv_free(rs->lists[i].raw);
	}
	free(rs->lists);
	for (int t = 0; t < PPM_EVENT_MAX; t++)
		free(rs->by_type[t]);
	filter_memo_free(rs->memo);
	free(rs);
}

/* ---- YAML helpers -------------------------------------------------------- */

struct doc {
	yaml_document_t d;
	const char *file;
	struct ruleset *rs;
};

static const char *scalar(struct doc *d, yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *map_get(struct doc *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(d, yaml_document_get_node(&d->d, p->key));
		if (k && !strcmp(k, key))
			return yaml_document_get_node(&d->d, p->value);
	}
	return NULL;
}

static bool is_true(const char *s)
{
	return s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on"));
}

/* Collects a scalar or a sequence of scalars (nested sequences flattened). */
static int collect_strings(struct doc *d, yaml_node_t *n, char ***out)
{
	if (!n)
		return 0;
	if (n->type == YAML_SCALAR_NODE)
		return strv_push(out, scalar(d, n));
	if (n->type != YAML_SEQUENCE_NODE)
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
		if (collect_strings(d, yaml_document_get_node(&d->d, *it), out))
			return -EINVAL;
	return 0;
}

static struct list_def *find_list(struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nlists; i++)
		if (!strcmp(rs->lists[i].name, name))
			return &rs->lists[i];
	return NULL;
}

static struct macro_def *find_macro(struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nmacros; i++)
		if (!strcmp(rs->macros[i].name, name))
			return &rs->macros[i];
	return NULL;
}

static struct rule *find_rule(struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].name, name))
			return &rs->rules[i];
	return NULL;
}

static char *join_cond(const char *a, const char *b)
{
	char *s = NULL;
	if (asprintf(&s, "%s %s", a ? a : "", b ? b : "") < 0)
		return NULL;
	return s;
}

/* What override: says for key: 'a' append, 'r' replace, 0 not given. */
static char override_of(struct doc *d, yaml_node_t *item, const char *key)
{
	const char *v = scalar(d, map_get(d, map_get(d, item, "override"), key));
	return !v ? 0 : !strcmp(v, "append") ? 'a' : !strcmp(v, "replace") ? 'r' : '?';
}

/* ---- list and macro ------------------------------------------------------ */

static void load_list(struct doc *d, yaml_node_t *item, const char *name)
{
	struct ruleset *rs = d->rs;
	char **raw = NULL;
	bool append = is_true(scalar(d, map_get(d, item, "append"))) || override_of(d, item, "items") == 'a';
	struct list_def *l;

	if (collect_strings(d, map_get(d, item, "items"), &raw)) {
		report(rs, LOG_ERROR, d->file, &item->start_mark, "list '%s': items must be a sequence", name);
		strv_free(raw);
		return;
	}
	if (!raw)
		raw = calloc(1, sizeof(char *));
	l = find_list(rs, name);
	if (append) {
		if (!l) {
			report(rs, LOG_ERROR, d->file, &item->start_mark,
			       "list '%s' has append: true but no list of that name was defined before", name);
			strv_free(raw);
			return;
		}
		for (char **p = raw; p && *p; p++)
			strv_push(&l->raw, *p);
		strv_free(raw);
		return;
	}
	if (!l) {
		struct list_def *nl = realloc(rs->lists, (rs->nlists + 1) * sizeof(*nl));
		if (!nl) {
			strv_free(raw);
			return;
		}
		rs->lists = nl;
		l = &rs->lists[rs->nlists++];
		memset(l, 0, sizeof(*l));
		l->name = strdup(name);
	} else {
		strv_free(l->raw);
	}
	l->raw = raw;
}

/* Lists in lists: an item naming a list defined before this one stands for
 * that list's items (already expanded: lists are done in order). */
static void expand_lists(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->nlists; i++) {
		struct list_def *l = &rs->lists[i];
		char **items = calloc(1, sizeof(char *));
		for (char **p = l->raw; p && *p; p++) {
			struct list_def *sub = find_list(rs, *p);
			if (sub && sub < l)
				for (char **q = sub->items; q && *q; q++)
					strv_push(&items, *q);
			else
				strv_push(&items, *p);
		}
		strv_free(l->items);
		l->items = items;
	}
}

static void load_macro(struct doc *d, yaml_node_t *item, const char *name)
{
	struct ruleset *rs = d->rs;
	const char *cond = scalar(d, map_get(d, item, "condition"));
	bool append = is_true(scalar(d, map_get(d, item, "append"))) || override_of(d, item, "condition") == 'a';
	struct macro_def *m = find_macro(rs, name);

	if (!cond) {
		report(rs, LOG_ERROR, d->file, &item->start_mark, "macro '%s' has no condition", name);
		return;
	}
	if (append) {
		if (!m) {
			report(rs, LOG_ERROR, d->file, &item->start_mark,
			       "macro '%s' has append: true but no macro of that name was defined before", name);
			return;
		}
		char *j = join_cond(m->cond, cond);
		free(m->cond);
		m->cond = j;
		return;
	}
	if (!m) {
		struct macro_def *nm = realloc(rs->macros, (rs->nmacros + 1) * sizeof(*nm));
		if (!nm)
			return;
		rs->macros = nm;
		m = &rs->macros[rs->nmacros++];
		m->name = strdup(name);
	} else {
		free(m->cond);
	}
	m->cond = strdup(cond);
}

/* ---- exceptions ---------------------------------------------------------- */

static struct rule_exc *exc_find(struct rule_exc *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

/* Operators whose right side is a list: a scalar value there is a list's
 * name (or one item), written in parentheses. */
static bool list_comp(const char *comp)
{
	return !strcmp(comp, "in") || !strcmp(comp, "intersects") || !strcmp(comp, "pmatch");
}

/* A scalar as it goes into a condition: quoted, as Falco does. */
static void put_quoted(struct strbuf *sb, const char *v)
{
	strbuf_putc(sb, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_putc(sb, '\\');
		strbuf_putc(sb, *p);
	}
	strbuf_putc(sb, '"');
}

/* One exception value for comp: a sequence becomes "(a, b)"; a scalar for a
 * list operator "(name)" so that list names expand; else a quoted scalar. */
static void put_exc_value(struct doc *d, yaml_node_t *v, const char *comp, struct strbuf *sb)
{
	const char *s = scalar(d, v);

	if (v && v->type == YAML_SEQUENCE_NODE) {
		strbuf_putc(sb, '(');
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			const char *item = scalar(d, yaml_document_get_node(&d->d, *it));
			if (it != v->data.sequence.items.start)
				strbuf_puts(sb, ", ");
			put_quoted(sb, item ? item : "");
		}
		strbuf_putc(sb, ')');
	} else if (s && list_comp(comp) && s[0] && !strpbrk(s, " \t,()\"'")) {
		strbuf_printf(sb, "(%s)", s);
	} else {
		put_quoted(sb, s ? s : "");
	}
}

/* The "and not (...)" clause of one exception's values. */
static int exc_values_text(struct doc *d, const struct rule_exc *x, yaml_node_t *values, const char *rname,
			   struct strbuf *sb)
{
	size_t nf = strv_len(x->fields);
	yaml_node_item_t *start = values->data.sequence.items.start, *top = values->data.sequence.items.top;

	if (start == top)
		return 0;
	if (x->one_field) { /* values is a list of values for the one field */
		const char *comp = x->comps ? x->comps[0] : "in";
		strbuf_printf(sb, " and not %s %s (", x->fields[0], comp);
		for (yaml_node_item_t *v = start; v < top; v++) {
			const char *vs = scalar(d, yaml_document_get_node(&d->d, *v));
			if (v != start)
				strbuf_puts(sb, ", ");
			put_quoted(sb, vs ? vs : "");
		}
		strbuf_putc(sb, ')');
		return 0;
	}
	strbuf_puts(sb, " and not (");
	for (yaml_node_item_t *v = start; v < top; v++) {
		yaml_node_t *tuple = yaml_document_get_node(&d->d, *v);
		size_t nv = tuple && tuple->type == YAML_SEQUENCE_NODE
				    ? (size_t)(tuple->data.sequence.items.top - tuple->data.sequence.items.start)
				    : 1;
		if (nv != nf) {
			report(d->rs, LOG_ERROR, d->file, &tuple->start_mark,
			       "rule '%s': exception '%s': a value has %zu items for %zu fields", rname, x->name, nv, nf);
			return -1;
		}
		strbuf_puts(sb, v == start ? "(" : " or (");
		for (size_t i = 0; i < nf; i++) {
			const char *comp = x->comps ? x->comps[i] : "=";
			yaml_node_t *item = tuple->type == YAML_SEQUENCE_NODE
						    ? yaml_document_get_node(&d->d, tuple->data.sequence.items.start[i])
						    : tuple;
			strbuf_printf(sb, "%s%s %s ", i ? " and " : "", x->fields[i], comp);
			put_exc_value(d, item, comp, sb);
		}
		strbuf_putc(sb, ')');
	}
	strbuf_putc(sb, ')');
	return 0;
}

/* Reads an exception's definition. One without fields gives values for an
 * exception defined before (in old, the rule appended to, or in defs). */
static int exc_definition(struct doc *d, yaml_node_t *e, const char *rname, struct rule *old,
			  struct rule_exc **defs, size_t *ndefs, struct rule_exc **out)
{
	const char *ename = scalar(d, map_get(d, e, "name"));
	yaml_node_t *fields = map_get(d, e, "fields"), *comps = map_get(d, e, "comps");
	struct rule_exc x = { 0 };

	if (!ename) {
		report(d->rs, LOG_ERROR, d->file, &e->start_mark, "rule '%s': an exception needs a name", rname);
		return -1;
	}
	if (!fields) {
		*out = exc_find(*defs, *ndefs, ename);
		if (!*out && old)
			*out = exc_find(old->excs, old->nexcs, ename);
		if (!*out)
			report(d->rs, LOG_ERROR, d->file, &e->start_mark,
			       "rule '%s': exception '%s' has no fields and none was defined before", rname, ename);
		return *out ? 0 : -1;
	}
	x.one_field = fields->type == YAML_SCALAR_NODE;
	if (collect_strings(d, fields, &x.fields) || collect_strings(d, comps, &x.comps) || !x.fields ||
	    (x.comps && strv_len(x.comps) != strv_len(x.fields))) {
		report(d->rs, LOG_ERROR, d->file, &e->start_mark,
		       "rule '%s': exception '%s' has %zu fields but %zu comps", rname, ename, strv_len(x.fields),
		       strv_len(x.comps));
		exc_done(&x);
		return -1;
	}
	x.name = strdup(ename);
	struct rule_exc *nv = realloc(*defs, (*ndefs + 1) * sizeof(*nv));
	if (!nv || !x.name) {
		exc_done(&x);
		return -1;
	}
	*defs = nv;
	nv[*ndefs] = x;
	*out = &nv[(*ndefs)++];
	return 0;
}

/* Falco's exceptions as "and not (...)" clauses for the condition; the new
 * definitions go to defs. */
static int exceptions_text(struct doc *d, yaml_node_t *exc, const char *rname, struct rule *old,
			   struct strbuf *sb, struct rule_exc **defs, size_t *ndefs)
{
	if (!exc)
		return 0;
	if (exc->type != YAML_SEQUENCE_NODE) {
		report(d->rs, LOG_ERROR, d->file, &exc->start_mark, "rule '%s': exceptions must be a sequence", rname);
		return -1;
	}
	for (yaml_node_item_t *it = exc->data.sequence.items.start; it < exc->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(&d->d, *it);
		yaml_node_t *values = map_get(d, e, "values");
		struct rule_exc *x;
		if (exc_definition(d, e, rname, old, defs, ndefs, &x))
			return -1;
		if (values && values->type != YAML_SEQUENCE_NODE) {
			report(d->rs, LOG_ERROR, d->file, &values->start_mark,
			       "rule '%s': exception '%s': values must be a sequence", rname, x->name);
			return -1;
		}
		if (values && exc_values_text(d, x, values, rname, sb))
			return -1;
	}
	return 0;
}

/* Adds exception clauses; they apply to the whole condition, appends
 * included, so they are kept apart from it until compilation. */
static void rule_add_exc_text(struct rule *r, const struct strbuf *excs)
{
	if (!excs->len)
		return;
	char *j = r->exc_cond ? join_cond(r->exc_cond, excs->buf) : strdup(excs->buf);
	free(r->exc_cond);
	r->exc_cond = j;
}

/* Moves the definitions into the rule (which owns them from now on). */
static void rule_add_excs(struct rule *r, struct rule_exc *defs, size_t n)
{
	struct rule_exc *nv = n ? realloc(r->excs, (r->nexcs + n) * sizeof(*nv)) : NULL;
	if (!nv) {
		for (size_t i = 0; i < n; i++)
			exc_done(&defs[i]);
	} else {
		memcpy(nv + r->nexcs, defs, n * sizeof(*nv));
		r->excs = nv;
		r->nexcs += n;
	}
	free(defs);
}

/* ---- rule ---------------------------------------------------------------- */

static void load_rule(struct doc *d, yaml_node_t *item, const char *name)
{
	struct ruleset *rs = d->rs;
	yaml_node_t *condn = map_get(d, item, "condition");
	const char *cond = scalar(d, condn);
	const char *output = scalar(d, map_get(d, item, "output"));
	const char *desc = scalar(d, map_get(d, item, "desc"));
	const char *prio = scalar(d, map_get(d, item, "priority"));
	const char *src = scalar(d, map_get(d, item, "source"));
	const char *enabled = scalar(d, map_get(d, item, "enabled"));
	yaml_node_t *exc = map_get(d, item, "exceptions");
	bool append = is_true(scalar(d, map_get(d, item, "append")));
	struct strbuf excs = STRBUF_INIT;
	struct rule *r = find_rule(rs, name);
	struct rule_exc *defs = NULL;
	size_t ndefs = 0;
	int p = -1;

	if (prio && (p = rule_priority_parse(prio)) < 0) {
		report(rs, LOG_ERROR, d->file, &map_get(d, item, "priority")->start_mark,
		       "rule '%s': unknown priority '%s' (Emergency, Alert, Critical, Error, Warning, Notice, "
		       "Info(rmational) or Debug)", name, prio);
		return;
	}
	if (exceptions_text(d, exc, name, (append || map_get(d, item, "override")) ? r : NULL, &excs, &defs,
			    &ndefs)) {
		goto out;
	}
	if (append || map_get(d, item, "override")) {
		if (!r) {
			report(rs, LOG_ERROR, d->file, &item->start_mark,
			       "rule '%s' appends to or overrides a rule that was not defined before", name);
			goto out;
		}
		char oc = append ? 'a' : override_of(d, item, "condition");
		if (cond && oc) {
			char *j = oc == 'a' ? join_cond(r->condition, cond) : strdup(cond);
			free(r->condition);
			r->condition = j;
			r->cond_line = (int)(condn->start_mark.line + 1 + rs->line_offset);
			r->cond_column = (int)condn->start_mark.column + 1;
		}
		if (output && (append || override_of(d, item, "output"))) {
			char *j = (append || override_of(d, item, "output") == 'a') ? join_cond(r->output, output)
										    : strdup(output);
			free(r->output);
			r->output = j;
		}
		if (desc && override_of(d, item, "desc") == 'r') {
			free(r->desc);
			r->desc = strdup(desc);
		}
		if (p >= 0 && override_of(d, item, "priority") == 'r')
			r->priority = p;
		if (enabled && override_of(d, item, "enabled") == 'r')
			r->enabled = is_true(enabled);
		if (override_of(d, item, "tags") == 'r') {
			strv_free(r->tags);
			r->tags = NULL;
		}
		if (append || override_of(d, item, "tags"))
			collect_strings(d, map_get(d, item, "tags"), &r->tags);
		if (append || override_of(d, item, "exceptions")) {
			rule_add_exc_text(r, &excs);
			rule_add_excs(r, defs, ndefs);
			defs = NULL, ndefs = 0;
		}
		goto out;
	}
	if (!cond && enabled && !output) {
		/* "- rule: X / enabled: false" alone switches a rule on or off */
		if (r)
			r->enabled = is_true(enabled);
		else
			report(rs, LOG_ERROR, d->file, &item->start_mark, "rule '%s': enabled: given for an unknown rule",
			       name);
		goto out;
	}
	if (!cond || !output || !desc || !prio) {
		report(rs, LOG_ERROR, d->file, &item->start_mark, "rule '%s' lacks %s", name,
		       !cond ? "a condition" : !output ? "an output" : !desc ? "a desc" : "a priority");
		goto out;
	}
	if (r) {
		rule_done(r); /* a redefinition replaces */
		memset(r, 0, sizeof(*r));
	} else {
		struct rule *nr = realloc(rs->rules, (rs->nrules + 1) * sizeof(*nr));
		if (!nr)
			goto out;
		rs->rules = nr;
		r = &rs->rules[rs->nrules++];
		memset(r, 0, sizeof(*r));
	}
	r->name = strdup(name);
	r->desc = strdup(desc);
	r->condition = strdup(cond);
	rule_add_exc_text(r, &excs);
	rule_add_excs(r, defs, ndefs);
	defs = NULL, ndefs = 0;
	r->output = strdup(output);
	r->source = strdup(src ? src : "syscall");
	r->priority = p;
	r->enabled = enabled ? is_true(enabled) : true;
	r->file = strdup(d->file);
	r->line = (int)(item->start_mark.line + 1 + rs->line_offset);
	r->column = (int)item->start_mark.column + 1;
	r->cond_line = (int)(condn->start_mark.line + 1 + rs->line_offset);
	r->cond_column = (int)condn->start_mark.column + 1;
	collect_strings(d, map_get(d, item, "tags"), &r->tags);
out:
	for (size_t i = 0; i < ndefs; i++)
		exc_done(&defs[i]);
	free(defs);
	strbuf_free(&excs);
}

static void load_doc(struct doc *d)
{
	yaml_node_t *root = yaml_document_get_root_node(&d->d);
	if (!root)
		return; /* empty file */
	if (root->type != YAML_SEQUENCE_NODE) {
		report(d->rs, LOG_ERROR, d->file, &root->start_mark,
		       "a rules file is a sequence of rule, macro and list items");
		return;
	}
	for (yaml_node_item_t *it = root->data.sequence.items.start; it < root->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(&d->d, *it);
		const char *name;
		if (!item || item->type != YAML_MAPPING_NODE) {
			report(d->rs, LOG_ERROR, d->file, item ? &item->start_mark : NULL, "expected a mapping");
			continue;
		}
		if ((name = scalar(d, map_get(d, item, "rule"))))
			load_rule(d, item, name);
		else if ((name = scalar(d, map_get(d, item, "macro"))))
			load_macro(d, item, name);
		else if ((name = scalar(d, map_get(d, item, "list"))))
			load_list(d, item, name);
		else if (map_get(d, item, "required_engine_version") || map_get(d, item, "required_plugin_versions"))
			continue; /* accepted: wtftop has the syscall source built in */
		else
			report(d->rs, LOG_ERROR, d->file, &item->start_mark,
			       "unknown item (expected rule, macro, list or required_engine_version)");
	}
}

/* Parses and loads text; returns 0, or -1 after a YAML error (reported
 * when report_yaml, and then nothing of the text is loaded). */
static int load_text(struct ruleset *rs, const char *text, size_t len, const char *name, bool report_yaml)
{
	yaml_parser_t parser;
	struct doc d = { .file = name, .rs = rs };
	int rc = 0;

	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_load(&parser, &d.d)) {
			if (report_yaml)
				report(rs, LOG_ERROR, name, &parser.problem_mark, "YAML error: %s%s%s",
				       parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
				       parser.context ? parser.context : "");
			rc = -1;
			break;
		}
		if (!yaml_document_get_root_node(&d.d)) {
			yaml_document_delete(&d.d);
			break;
		}
		load_doc(&d);
		yaml_document_delete(&d.d);
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* Whether the whole text is valid YAML, without loading anything. */
static bool yaml_valid(const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	bool ok = true;

	if (!yaml_parser_initialize(&parser))
		return false;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_load(&parser, &doc)) {
			ok = false;
			break;
		}
		bool end = !yaml_document_get_root_node(&doc);
		yaml_document_delete(&doc);
		if (end)
			break;
	}
	yaml_parser_delete(&parser);
	return ok;
}

int ruleset_load_string(struct ruleset *rs, const char *text, const char *name)
{
	int before = rs->n_errors;
	size_t len = strlen(text);

	rs->line_offset = 0;
	if (yaml_valid(text, len)) {
		load_text(rs, text, len, name, true);
		return rs->n_errors - before;
	}
	/* A YAML error: like falco -V, go on and report the problems of the
	 * other items too, parsing each top-level "- " item on its own. */
	const char *start = text;
	size_t line = 0, start_line = 0;
	for (const char *p = text;; p++) {
		bool at_item = (*p == '-' && (p == text || p[-1] == '\n') && (p[1] == ' ' || p[1] == '\n'));
		if ((at_item && p != start) || !*p) {
			rs->line_offset = start_line;
			load_text(rs, start, (size_t)(p - start), name, true);
			start = p;
			start_line = line;
		}
		if (!*p)
			break;
		if (*p == '\n')
			line++;
	}
	rs->line_offset = 0;
	return rs->n_errors - before;
}

static int load_file(struct ruleset *rs, const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!f) {
		report(rs, LOG_ERROR, path, NULL, "cannot open: %s", strerror(errno));
		return 1;
	}
	FILE *m = open_memstream(&text, &len);
	char buf[8192];
	size_t n;
	while (m && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, m);
	fclose(f);
	if (!m)
		return 1;
	fclose(m);
	rc = ruleset_load_string(rs, text, path);
	free(text);
	return rc;
}

static int yaml_name(const struct dirent *de)
{
	size_t n = strlen(de->d_name);
	return de->d_name[0] != '.' && ((n > 5 && !strcmp(de->d_name + n - 5, ".yaml")) ||
					(n > 4 && !strcmp(de->d_name + n - 4, ".yml")));
}

int ruleset_load_path(struct ruleset *rs, const char *path)
{
	struct dirent **names;
	int n, rc = 0;

	n = scandir(path, &names, yaml_name, alphasort);
	if (n < 0)
		return errno == ENOTDIR ? load_file(rs, path) : load_file(rs, path);
	for (int i = 0; i < n; i++) {
		char *p = NULL;
		if (asprintf(&p, "%s/%s", path, names[i]->d_name) >= 0)
			rc += load_file(rs, p);
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- compilation --------------------------------------------------------- */

static const char *defs_macro(void *ctx, const char *name)
{
	struct macro_def *m = find_macro(ctx, name);
	return m ? m->cond : NULL;
}

static const char *const *defs_list(void *ctx, const char *name)
{
	struct list_def *l = find_list(ctx, name);
	return l ? (const char *const *)l->items : NULL;
}

/* The name in "unknown field 'NAME'" of a filter or format error, or NULL. */
static char *unknown_name(const char *cause)
{
	const char *p = strstr(cause, "unknown field '");
	const char *e;
	if (!p)
		return NULL;
	p += strlen("unknown field '");
	e = strchr(p, '\'');
	return e ? strndup(p, e - p) : NULL;
}

/* First line of a filter error (the rest repeats the text with a caret). */
static char *first_line(const char *s)
{
	const char *nl = strchr(s, '\n');
	return nl ? strndup(s, nl - s) : strdup(s);
}

static void rule_skip(struct ruleset *rs, struct rule *r, const char *what, const char *field)
{
	if (asprintf(&r->skip_reason, "%s uses %s, which wtftop does not have", what, field) < 0)
		r->skip_reason = NULL;
	yaml_mark_t m = { 0, (size_t)r->cond_line - 1, (size_t)r->cond_column - 1 };
	report(rs, LOG_WARN, r->file, &m, "rule '%s' skipped: its %s uses the field '%s', which wtftop does not have",
	       r->name, what, field);
}

/* Collects the %fields of an output for the JSON output_fields. */
static void collect_out_fields(struct rule *r)
{
	for (const char *p = r->output; (p = strchr(p, '%'));) {
		struct field_ref ref;
		char *cause = NULL;
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
		int used = field_parse(p, &ref, &cause);
		free(cause);
		if (used <= 0)
			continue;
		bool dup = false;
		for (size_t i = 0; i < r->n_out_fields; i++)
			if (!strncmp(p, "", 0) && r->out_fields[i].def == ref.def &&
			    r->out_fields[i].arg_index == ref.arg_index &&
			    !!r->out_fields[i].arg == !!ref.arg && (!ref.arg || !strcmp(ref.arg, r->out_fields[i].arg)))
				dup = true;
		struct field_ref *nf = dup ? NULL : realloc(r->out_fields, (r->n_out_fields + 1) * sizeof(*nf));
		if (!nf) {
			field_ref_done(&ref);
		} else {
			r->out_fields = nf;
			r->out_fields[r->n_out_fields++] = ref;
		}
		p += used;
	}
}

int ruleset_compile(struct ruleset *rs)
{
	struct filter_defs defs = { defs_macro, defs_list, rs };
	int before = rs->n_errors;

	expand_lists(rs);
	for (size_t i = 0; i < rs->nrules; i++) {
		struct rule *r = &rs->rules[i];
		char *cause = NULL, *name;
		yaml_mark_t m = { 0, (size_t)r->cond_line - 1, (size_t)r->cond_column - 1 };

		if (r->flt || r->skip_reason)
			continue;
		if (strcmp(r->source, "syscall")) {
			if (asprintf(&r->skip_reason, "source '%s' is not wtftop's", r->source) < 0)
				r->skip_reason = NULL;
			report(rs, LOG_WARN, r->file, &m, "rule '%s' skipped: source '%s' (wtftop has syscall only)",
			       r->name, r->source);
			continue;
		}
		char *full = NULL;
		if (r->exc_cond && asprintf(&full, "(%s)%s", r->condition, r->exc_cond) < 0)
			full = NULL;
		r->flt = filter_compile(full ? full : r->condition, &defs, &cause);
		free(full);
		if (!r->flt) {
			name = unknown_name(cause);
			if (name && strchr(name, '.')) {
				rule_skip(rs, r, "condition", name);
			} else if (name) {
				report(rs, LOG_ERROR, r->file, &m, "rule '%s': undefined macro '%s' in its condition",
				       r->name, name);
			} else {
				char *l = first_line(cause);
				report(rs, LOG_ERROR, r->file, &m, "rule '%s': %s", r->name, l);
				free(l);
			}
			free(name);
			free(cause);
			continue;
		}
		r->fmt = formatter_new_ex(r->output, FORMATTER_ALL_LINES, 0, &cause);
		if (!r->fmt) {
			name = unknown_name(cause);
			if (name) {
				rule_skip(rs, r, "output", name);
			} else {
				char *l = first_line(cause);
				report(rs, LOG_ERROR, r->file, &m, "rule '%s': output: %s", r->name, l);
				free(l);
			}
			free(name);
			free(cause);
			filter_free(r->flt);
			r->flt = NULL;
			continue;
		}
		collect_out_fields(r);
	}
	return rs->n_errors - before;
}
