/* ready.h: telling a supervisor (a test, a service manager) that wtftop is
 * seeing events: the probe is attached and the initial state read. */
#ifndef WTF_READY_H
#define WTF_READY_H

/* When the environment names a file in WTFTOP_READY_FILE, creates it (once).
 * Scripts that start wtftop in the background wait for that file instead of
 * guessing how long the probe takes to load. */
void ready_notify(void);

#endif
