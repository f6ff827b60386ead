/* lists.h: the -L listing. */
#ifndef WTF_LISTS_H
#define WTF_LISTS_H

#include <stdio.h>

#include "event/event_table.h"

const char *param_type_name(enum param_type t);
void lists_print_events(FILE *f);

#endif
