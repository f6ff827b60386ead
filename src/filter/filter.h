/* filter.h: the filter language (sysdig's and Falco's): comparisons of fields
 * with values, joined by and/or/not and parentheses. The stream's trailing
 * filter, the UI's filter prompt and views, rule conditions and chisels all
 * compile through here. */
#ifndef WTF_FILTER_H
#define WTF_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "fields/fields.h"

struct filter;

/* Macros and lists a rule file defines; NULL for the command line's filter. */
struct filter_defs {
	/* Returns the condition text of a macro, or NULL. */
	const char *(*macro)(void *ctx, const char *name);
	/* Returns the items of a list (NULL-terminated), or NULL. */
	const char *const *(*list)(void *ctx, const char *name);
	void *ctx;
};

/* Compiles text. On error returns NULL and sets *cause to a message naming the
 * column ("column 12: unknown field 'proc.nmae' (did you mean proc.name?)"),
 * followed by the filter text and a caret line; the caller frees it. */
struct filter *filter_compile(const char *text, const struct filter_defs *defs, char **cause);
void filter_free(struct filter *f);

/* Evaluates the filter on one event. scratch is reused across calls. */
bool filter_match(struct filter *f, const struct field_ctx *c, struct strbuf *scratch);

/* Field values fetched for one event, shared by the filters evaluated on it
 * one after the other (a ruleset's rules test fd.name or evt.failed many
 * times). filter_memo_next() forgets them: call it for each event, before
 * the filters, while the state stays as it was. Values made in the scratch
 * buffer are not kept, as the caller resets it between filters. */
struct filter_memo;
struct filter_memo *filter_memo_new(void);
void filter_memo_free(struct filter_memo *m);
void filter_memo_next(struct filter_memo *m);
bool filter_match_memo(struct filter *f, const struct field_ctx *c, struct strbuf *scratch,
		       struct filter_memo *m);

/* Which event types the filter can match: sets types[t] for each type code
 * that may pass (all of them when the filter does not constrain evt.type);
 * generic events when it may match any of their syscalls' names. */
void filter_event_types(const struct filter *f, bool types[PPM_EVENT_MAX]);

/* Whether an event whose evt.type is `type_name` (an event or syscall name)
 * can pass: false only when the filter's evt.type comparisons rule it out. */
bool filter_may_match_name(const struct filter *f, const char *type_name);

const char *filter_text(const struct filter *f);

/* Whether the filter reads a field with any of the FF_* flags in `flags`
 * (its macros included: they are part of its tree). */
bool filter_uses_flags(const struct filter *f, uint32_t flags);

#endif
