/* chisels.h: the chisel mode's glue between the command line and src/lua. */
#ifndef WTF_APP_CHISELS_H
#define WTF_APP_CHISELS_H

#include "app/options.h"

/* Loads o->chisels with their arguments taken from o->positional, rebuilds
 * o->filter from the words left, and runs every on_init. Returns 0, or 2
 * after printing the error (a missing chisel, a bad argument). */
int chisels_load(struct options *o);
/* -cl and -i NAME: the process exit code. */
int chisels_list(void);
int chisels_info(const char *name);

#endif
