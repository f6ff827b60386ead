/* render.h: event parameters as text, the way sysdig shows them in evt.info
 * and evt.arg: fd=3(<f>/etc/passwd), res=-2(ENOENT), flags=4097(O_RDONLY|O_CLOEXEC),
 * tuple=127.0.0.1:40000->127.0.0.1:8080, name=hostname(/etc/hostname) ...
 *
 * This is the lowest part of the formatting layer: it reads the event and the
 * state, never the field registry, so the fields layer can use it for
 * evt.info, evt.arg and fd names without a cycle. Every function appends to
 * the buffer it is given and allocates nothing once that buffer has grown. */
#ifndef WTF_RENDER_H
#define WTF_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "event/decode.h"
#include "util/strbuf.h"

struct state;
struct thread;
struct fd_info;

/* What render_param appends for one parameter. sysdig computes a value and,
 * for some types, a resolved form (the fd's name, the errno's name, the flag
 * names, the absolute path). */
enum render_mode {
	RENDER_INFO,     /* VALUE, or VALUE(RESOLVED): as in evt.info */
	RENDER_RESOLVED, /* RESOLVED when there is one, else VALUE: as evt.arg.NAME */
	RENDER_VALUE,    /* VALUE only */
};

/* Data buffers longer than this are cut (see FIELD_OUT_FULL_BUFFERS). */
#define RENDER_MAX_BUFFER_TEXT 80

/* Appends parameter i of e. flags are FIELD_OUT_* (the buffer format).
 * Returns 0, or -ENOMEM. An empty parameter renders as "NULL" (an empty data
 * buffer as nothing), as sysdig does. */
int render_param(const struct evt *e, struct state *st, int i, uint32_t flags,
		 enum render_mode mode, struct strbuf *out);

/* Appends "name=value name=value(resolved) ... " for every parameter (with
 * sysdig's trailing space), or nothing for generic events: evt.args/evt.info. */
int render_args(const struct evt *e, struct state *st, uint32_t flags, struct strbuf *out);

/* Appends a data buffer in the format flags select: printable characters and
 * dots (default), -A text and line ends, -x hex, -X hex and text, -b base64.
 * Cut to 80 characters unless FIELD_OUT_FULL_BUFFERS or a data format is set. */
int render_bytes(const uint8_t *p, size_t n, uint32_t flags, struct strbuf *out);

/* Appends the absolute form of path parameter i (FSPATH against the cwd,
 * FSRELPATH against its dirfd's directory or the cwd), normalised. Returns 1
 * when it appended a path, 0 when it cannot tell (no thread, unknown dirfd),
 * negative on error. An absolute parameter is appended as it is. */
int render_abs_path(const struct evt *e, struct state *st, int i, struct strbuf *out);

/* Appends base and rel joined and normalised ("." and ".." resolved, no double
 * slashes); rel absolute ignores base. */
int render_join_path(const char *base, size_t blen, const char *rel, size_t rlen, struct strbuf *out);

/* Appends s without what may not reach a terminal or a pipe as it is:
 * control characters, bytes that are not UTF-8, C1 controls, and the
 * invisible or reordering marks (zero-width characters, bidirectional
 * controls) that could disguise the text around them. Printable ASCII and
 * the other UTF-8 characters are kept, as newer libs do (sysdig 0.29's
 * kept ASCII only, so "données" became "donnes"). */
int render_sanitized(const char *s, size_t n, struct strbuf *out);
/* Whether code point cp could disguise the text around it: the zero-width
 * characters and the bidirectional controls. Neither names nor the UI show
 * them. */
bool render_disguises(uint32_t cp);

/* The event's thread: the one the state resolved, else a look-up by tid. */
struct thread *render_evt_thread(const struct evt *e, struct state *st);

/* The fd numbered fd of the event's process: the event's own fd when the
 * number matches it, else a look-up in the process's fd table. */
struct fd_info *render_evt_fd(const struct evt *e, struct state *st, int64_t fd);

/* The character sysdig shows after the fd type for IP sockets: 't' tcp, 'u'
 * udp, 'i' icmp, 'r' raw, 0 for none. */
char render_l4proto_char(const struct fd_info *fd);

/* Appends an IPv4 (4 bytes) or IPv6 (16 bytes) address as text. */
int render_ip(uint8_t family, const uint8_t *addr, struct strbuf *out);

/* Appends the names of the flags set in val from table, as sysdig resolves
 * PT_FLAGS* and PT_MODE parameters (bits, joined by '|'), or, when exact, the
 * first name whose value equals val (PT_ENUMFLAGS*). Returns 1 when it
 * appended a name, 0 when none applies. */
int render_flag_names(const struct flag_name *table, uint32_t val, int exact, struct strbuf *out);

#endif
