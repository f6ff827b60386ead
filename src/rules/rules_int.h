/* rules_int.h: the ruleset's insides, shared by the loader and the engine. */
#ifndef WTF_RULES_INT_H
#define WTF_RULES_INT_H

#include "rules/rules.h"

struct macro_def {
	char *name, *cond; /* owned */
};

struct list_def {
	char *name;   /* owned */
	char **raw;   /* owned, NULL-terminated: the items as written, appends included */
	char **items; /* owned, NULL-terminated: raw with the lists it names expanded
	                 (by ruleset_compile, once every file is in, as Falco does) */
};

struct ruleset {
	struct rule *rules;
	size_t nrules;
	struct macro_def *macros;
	size_t nmacros;
	struct list_def *lists;
	size_t nlists;
	rules_report_fn report;
	void *report_ctx;
	int n_errors;
	size_t line_offset;               /* of the text being parsed, in its file */
	bool tag_filter;                  /* an --enable-tag was given */
	/* index: rule numbers per event type, built by ruleset_build_index */
	uint32_t *by_type[PPM_EVENT_MAX];
	uint32_t n_by_type[PPM_EVENT_MAX];
	struct filter_memo *memo;         /* the fields the rules fetched for this event */
};

#endif
