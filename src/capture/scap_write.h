/* scap_write.h: `-w FILE`: events into scap capture files that sysdig 0.29.3
 * (`sysdig -r`), tshark (`tshark -r`) and wtftop (`-r`) read.
 *
 * Each file starts with a section header (version 1.2, no options), the
 * machine info, and the state at that moment: the process list, one fd list
 * per process and the user list; then event blocks. Events are converted for
 * sysdig 0.29.3 by scap_legacy.c. Files rotate by size, time or event count,
 * and the writer keeps at most N of them.
 */
#ifndef WTF_SCAP_WRITE_H
#define WTF_SCAP_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "event/decode.h"
#include "state/state.h"

struct scap_writer_opts {
	const char *path;         /* "-" for stdout; with rotate_secs, a strftime pattern */
	bool gzip;                /* -z */
	uint64_t rotate_bytes;    /* -C: a new file once this many bytes are written; 0: never */
	uint32_t rotate_secs;     /* -G: a new file every this many seconds of events; 0: never */
	uint64_t rotate_events;   /* -e: a new file every this many events; 0: never */
	uint32_t max_files;       /* -W: keep at most this many files (the oldest go); 0: all */
};

struct scap_writer;

/* Opens the first file and writes the state of st into it. st is borrowed
 * for the writer's life (each rotated file starts with its state). Returns
 * NULL with errno set and *cause a message for people naming the path (the
 * caller frees it). */
struct scap_writer *scap_writer_new(const struct scap_writer_opts *o, struct state *st, char **cause);

/* Writes one event (and the enter event derived from it). A state-only
 * event is one the filter rejected but that keeps the file's state right (a
 * clone, an open): readers apply it without showing it. Returns 0 or a
 * negative errno; then scap_writer_error() says what failed, and what was
 * written before stays readable. */
int scap_writer_event(struct scap_writer *w, const struct evt *e, bool state_only);

/* Writes out what is buffered, so that the file on disk ends with whole
 * blocks and holds every event given so far (call it when the source is
 * idle). Returns 0 or a negative errno (scap_writer_error()). */
int scap_writer_flush(struct scap_writer *w);

/* Flushes and closes the current file, leaving it complete. Returns 0 or a
 * negative errno (scap_writer_error()). */
int scap_writer_close(struct scap_writer *w);

/* The last error as "PATH: reason", or NULL. Owned by the writer. */
const char *scap_writer_error(const struct scap_writer *w);

/* Files and events written so far. */
uint64_t scap_writer_files(const struct scap_writer *w);
uint64_t scap_writer_events(const struct scap_writer *w);

/* Closes (if still open) and frees; NULL is a no-op. */
void scap_writer_free(struct scap_writer *w);

#endif
