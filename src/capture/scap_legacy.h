/* scap_legacy.h: one of our events as the scap events that an older reader
 * understands: sysdig 0.29.3 (falcosecurity/libs 0.7 generation), the
 * `sysdig -r` that Debian ships and the target of `-w`.
 *
 * What that reader needs, and so what the conversion does:
 * - an enter event before each syscall exit (it keeps per-thread state from
 *   the enter: the fd of a read, the flags of an open); ours are exit-only, so
 *   the enter is derived from the exit, its parameters taken by name;
 * - each event with exactly the parameters it knows: newer libs appended the
 *   enter parameters to the exits, which that reader would mis-read;
 * - only event codes it has (below 336): newer variants with an older twin
 *   (dup2 -> dup, pipe2 -> pipe, accept4 -> accept4 of libs 0.7 ...) are
 *   written as the twin, the others as generic syscall events.
 */
#ifndef WTF_SCAP_LEGACY_H
#define WTF_SCAP_LEGACY_H

#include <stdint.h>

#include "event/decode.h"
#include "util/strbuf.h"

/* Event codes sysdig 0.29.3 knows: PPME_SYSCALL_CLONE3_X is its last. */
#define SCAP_LEGACY_EVENT_MAX 336

/* Largest event we write: readers refuse event blocks above 64 KiB, and the
 * block adds the cpu id and framing. Bigger events lose the tail of their
 * largest buffers (arguments, environment, I/O data). */
#define SCAP_LEGACY_MAX_EVENT 65000

/* Appends to out the scap v2 events (header, u16 lengths, parameters) that
 * stand for e: none (an event that reader has no use for), one (an enter-only
 * event), or an enter/exit pair. Returns how many, or -ENOMEM. */
int scap_legacy_convert(const struct evt *e, struct strbuf *out);

/* Parameters sysdig 0.29.3 knows for an event code below
 * SCAP_LEGACY_EVENT_MAX (a prefix of ours). */
uint32_t scap_legacy_nparams(uint16_t type);

#endif
