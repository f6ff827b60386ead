/* rules_engine.c: which rules are on, the per-event-type index, and testing
 * an event against the rules its type can match. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event/event_table.h"
#include "rules/rules_int.h"

size_t ruleset_count(const struct ruleset *rs)
{
	return rs->nrules;
}

struct rule *ruleset_rule(struct ruleset *rs, size_t i)
{
	return i < rs->nrules ? &rs->rules[i] : NULL;
}

static bool active(const struct rule *r)
{
	return r->enabled && r->flt && r->fmt;
}

size_t ruleset_active(const struct ruleset *rs)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->nrules; i++)
		n += active(&rs->rules[i]);
	return n;
}

size_t ruleset_compiled(const struct ruleset *rs)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->nrules; i++)
		n += rs->rules[i].flt && rs->rules[i].fmt;
	return n;
}

size_t ruleset_skipped(const struct ruleset *rs)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->nrules; i++)
		n += rs->rules[i].skip_reason != NULL;
	return n;
}

int ruleset_disable_rule(struct ruleset *rs, const char *name)
{
	int found = -ENOENT;
	for (size_t i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].name, name)) {
			rs->rules[i].enabled = false;
			found = 0;
		}
	return found;
}

static bool has_tag(const struct rule *r, const char *tag)
{
	for (char **t = r->tags; t && *t; t++)
		if (!strcmp(*t, tag))
			return true;
	return false;
}

/* The first --enable-tag turns off every rule without a given tag; each tag
 * turns back on the rules that carry it (and were not disabled by the file:
 * Falco's -t also enables those, and so do we). */
void ruleset_enable_tag(struct ruleset *rs, const char *tag)
{
	if (!rs->tag_filter) {
		rs->tag_filter = true;
		for (size_t i = 0; i < rs->nrules; i++)
			rs->rules[i].enabled = false;
	}
	for (size_t i = 0; i < rs->nrules; i++)
		if (has_tag(&rs->rules[i], tag))
			rs->rules[i].enabled = true;
}

void ruleset_set_min_priority(struct ruleset *rs, enum rule_priority p)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (rs->rules[i].priority > p)
			rs->rules[i].enabled = false;
}

/* Rules see a system call at its exit, the one record the live probe sends:
 * a capture file's enter events (each followed by its exit) are left out, so
 * that a file raises the alerts its activity raised live, once each. Events
 * that have no exit (procexit, container, switch) are tested as they come. */
static bool rules_see(int t)
{
	return !event_has_exit(t);
}

void ruleset_build_index(struct ruleset *rs)
{
	static bool types[PPM_EVENT_MAX];

	for (int t = 0; t < PPM_EVENT_MAX; t++) {
		free(rs->by_type[t]);
		rs->by_type[t] = NULL;
		rs->n_by_type[t] = 0;
	}
	for (size_t i = 0; i < rs->nrules; i++) {
		struct rule *r = &rs->rules[i];
		if (!active(r))
			continue;
		memset(types, 0, sizeof(types));
		filter_event_types(r->flt, types);
		for (int t = 0; t < PPM_EVENT_MAX; t++) {
			if (!types[t] || !rules_see(t))
				continue;
			uint32_t *nv = realloc(rs->by_type[t], (rs->n_by_type[t] + 1) * sizeof(*nv));
			if (!nv)
				continue;
			nv[rs->n_by_type[t]++] = (uint32_t)i;
			rs->by_type[t] = nv;
		}
	}
}

bool ruleset_may_match_name(const struct ruleset *rs, const char *type_name)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (active(&rs->rules[i]) && filter_may_match_name(rs->rules[i].flt, type_name))
			return true;
	return false;
}

bool ruleset_uses_flags(const struct ruleset *rs, uint32_t flags)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		if (!active(r))
			continue;
		if (filter_uses_flags(r->flt, flags))
			return true;
		for (size_t j = 0; j < r->n_out_fields; j++)
			if (field_ref_has_flags(&r->out_fields[j], flags))
				return true;
	}
	return false;
}

const uint32_t *ruleset_type_counts(const struct ruleset *rs)
{
	return rs->n_by_type;
}

int ruleset_process(struct ruleset *rs, const struct field_ctx *fc, struct strbuf *scratch,
		    rules_fire_fn fire, void *ctx)
{
	uint16_t t = fc->e->hdr->type;
	int n = 0;

	if (t >= PPM_EVENT_MAX || !rs->n_by_type[t])
		return 0;
	if (!rs->memo)
		rs->memo = filter_memo_new(); /* without one, the rules fetch each time */
	if (rs->memo)
		filter_memo_next(rs->memo);
	for (uint32_t k = 0; k < rs->n_by_type[t]; k++) {
		struct rule *r = &rs->rules[rs->by_type[t][k]];
		strbuf_reset(scratch);
		if (!filter_match_memo(r->flt, fc, scratch, rs->memo))
			continue;
		n++;
		if (fire)
			fire(ctx, r, fc);
	}
	return n;
}
