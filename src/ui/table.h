/* table.h: the aggregation engine of the views. Events of one refresh interval
 * are grouped by the view's key and its columns aggregated (SUM, AVG,
 * TIME_AVG, MIN, MAX); at each refresh the rows, with the processes, threads
 * or fds of the state tables that had no event, become a frame that the
 * curses screen and --batch show alike. Nothing here draws or prints. */
#ifndef WTF_TABLE_H
#define WTF_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fields/fields.h"
#include "ui/view.h"

struct state;
struct table;

struct table_row {
	char **text;   /* per column: the value as shown */
	double *num;   /* per column: the number, when has_num */
	bool *has_num;
	char *key;     /* the value of the key the view drills down by */
};

/* One refresh's result; owned by the table until the next refresh. */
struct table_frame {
	struct table_row *rows;
	size_t nrows;
	size_t first_new;   /* lists: rows from here on arrived in the last interval */
	double interval_s;  /* the length of the interval the figures cover */
	uint64_t n_events;  /* events that matched the view in the interval */
};

/* filter: the trailing command-line filter, drill: the filter of the row the
 * user drilled down from; both may be NULL. The view is borrowed. Returns
 * NULL with *cause set (caller frees) when a filter does not compile. */
struct table *table_new(const struct view *v, struct state *st, const char *filter, const char *drill,
			char **cause);
void table_free(struct table *t);

/* Replaces the user's filter (the F4 prompt); NULL removes it. Returns 0, or
 * -EINVAL with *cause set, keeping the previous filter. */
int table_set_user_filter(struct table *t, const char *text, char **cause);
const char *table_user_filter(const struct table *t);

/* Takes one event into the interval's figures. */
void table_on_event(struct table *t, const struct field_ctx *fc);

/* Records the CPU counters the first interval's CPU figures start from. */
void table_prime(struct table *t);

/* Ends the interval: builds the frame (interval_s long) and starts a new one. */
const struct table_frame *table_refresh(struct table *t, double interval_s);
const struct table_frame *table_frame(const struct table *t);

/* Sort by column col (an index into the view's columns); descending unless
 * ascending. Applies to the current frame at once. A list is never sorted:
 * its rows stay in the order the events came, and this does nothing. */
void table_sort(struct table *t, size_t col, bool ascending);
bool table_is_sorted(const struct table *t);
/* The sort column; the number of columns for a list, which has none. */
size_t table_sort_col(const struct table *t);
bool table_sort_ascending(const struct table *t);

/* The field that identifies a row for drilling down ("proc.pid"), and the
 * filter that selects row r: proc.pid=1234, fd.name="/tmp/a b". Caller frees. */
const char *table_key_field(const struct table *t);
char *table_row_filter(const struct table *t, const struct table_row *r);

const struct view *table_view(const struct table *t);

#endif
