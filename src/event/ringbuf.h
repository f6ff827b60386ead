/* ringbuf.h: reading the probe's per-CPU rings in timestamp order.
 *
 * A reader that drained one ring after another could show a thread that
 * moved between CPUs out of order (a read before its open). This one maps
 * the rings, looks at the head record of each, and delivers the oldest
 * first, in place (no copy). */
#ifndef WTF_RINGBUF_H
#define WTF_RINGBUF_H

#include <stddef.h>
#include <stdint.h>

struct ringset;

/* Called per record with its bytes (borrowed) and the ring's index; a
 * non-zero return stops the drain and is passed back. */
typedef int (*ringset_fn)(void *ctx, const void *data, size_t size, int ring);
/* Extracts the ordering timestamp of a record. */
typedef uint64_t (*ringset_ts_fn)(const void *data, size_t size);

/* Maps the probe's rings: the array map rings_fd of n rings of size bytes
 * each (layout in wtf_event.h), and the BPF ring buffer wake_fd that the
 * probe writes to wake us. NULL with errno on failure. */
struct ringset *ringset_new(int rings_fd, int wake_fd, int n, size_t size, ringset_fn fn,
			    ringset_ts_fn ts_fn, void *ctx);
void ringset_free(struct ringset *rs);

/* Delivers up to max records (0: all that are ready), oldest first. Returns
 * the number delivered, or the callback's non-zero value. */
int ringset_drain(struct ringset *rs, int max);

/* From now on, deliver only what the rings hold at the first call: at a
 * stop, what was made before it is read, and what comes after is not
 * waited for. */
void ringset_limit(struct ringset *rs);

/* Waits up to timeout_ms for the probe's wakeup (sent only past a fill
 * threshold). Returns 0 on timeout, 1 when woken, negative errno. */
int ringset_wait(struct ringset *rs, int timeout_ms);

#endif
