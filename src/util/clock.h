/* clock.h: the time of a clock, as the layers read it for timeouts,
 * intervals and stamps. */
#ifndef WTF_CLOCK_H
#define WTF_CLOCK_H

#include <stdint.h>
#include <time.h>

/* clock c's time in nanoseconds (CLOCK_REALTIME: since the epoch) */
static inline uint64_t clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* monotonic seconds, for intervals and deadlines */
static inline double mono_s(void)
{
	return (double)clock_ns(CLOCK_MONOTONIC) / 1e9;
}

/* the epoch time of the boot: added to a CLOCK_BOOTTIME stamp (the probe's),
 * it gives the event's wall-clock time */
static inline uint64_t boot_epoch_ns(void)
{
	return clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
}

#endif
