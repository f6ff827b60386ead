/* ui.h: the views front-ends: the curses UI (`wtftop` on a terminal), its
 * batch mode (--batch, a view's rows at each refresh like top -b) and
 * --list-views. All three share one session: the pipeline feeding a table. */
#ifndef WTF_UI_H
#define WTF_UI_H

#include "app/options.h"

int ui_main(const struct options *o);    /* MODE_UI */
int batch_main(const struct options *o); /* MODE_BATCH */
int views_list_main(void);               /* MODE_LIST_VIEWS */

#endif
