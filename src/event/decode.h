/* decode.h: one event as the rest of the pipeline sees it. The bytes are
 * borrowed from the source (ring buffer or capture file block) for the length
 * of the callback; copy out what you keep. */
#ifndef WTF_DECODE_H
#define WTF_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event/event_table.h"

struct thread;
struct fd_info;

struct evt {
	const struct wtf_evt_hdr *hdr;    /* borrowed */
	const struct event_info *info;    /* table entry for hdr->type */
	uint64_t num;                     /* event number, from 1 */
	uint64_t latency;                 /* ns from enter to exit, 0 if unknown */
	uint16_t cpu;
	uint16_t nparams;                 /* params present (min of header and table) */
	const uint8_t *params[WTF_MAX_PARAMS];
	uint16_t lens[WTF_MAX_PARAMS];

	/* Resolved by the state layer before consumers see the event. */
	struct thread *thread;            /* borrowed from the thread table, may be NULL */
	struct fd_info *fd;               /* the fd the event acts on, may be NULL */
	int64_t fdnum;                    /* that fd's number, -1 if none */
	const char *resolved_path;        /* absolute form of a path param, or NULL */
	uint32_t flags;                   /* EVT_F_* */
};

#define EVT_F_DROPPED_BEFORE (1 << 0) /* events were lost just before this one */

/* Fills e from the raw bytes at hdr (hdr->len bytes long). Returns 0, or
 * -EINVAL when the event is malformed (lengths run past its end), in which
 * case nothing in e may be used. */
int evt_decode(struct evt *e, const struct wtf_evt_hdr *hdr, size_t avail);

/* Index of the parameter called `name`, or -1. */
int evt_param_index(const struct evt *e, const char *name);

/* The parameters that fields read on most events, found by name once per
 * event type rather than at every look-up. */
enum evt_pname { EVP_RES, EVP_FD, EVP_FLAGS, EVP_MODE, EVP_DATA, EVP_OLDFD, EVP_MAX };

/* Index of parameter p in e (as evt_param_index with its name), or -1. */
int evt_param_named(const struct evt *e, enum evt_pname p);

/* Typed reads of parameter i; return false when it is absent or empty. */
bool evt_param_s64(const struct evt *e, int i, int64_t *out);
bool evt_param_u64(const struct evt *e, int i, uint64_t *out);
/* A string parameter, NUL-terminated inside the event, or NULL. */
const char *evt_param_str(const struct evt *e, int i);

/* sysdig's `container` event (a container's start), in either of libs'
 * layouts, or its exit direction: wtftop's `container_end` */
static inline bool evt_is_container(const struct evt *e)
{
	uint16_t t = e->hdr ? e->hdr->type : 0;
	return t == PPME_CONTAINER_JSON_E || t == PPME_CONTAINER_JSON_X || t == PPME_CONTAINER_JSON_2_E;
}

static inline bool evt_is_exit(const struct evt *e)
{
	return PPME_IS_EXIT(e->hdr->type);
}

/* The direction character sysdig prints: '>' enter, '<' exit. */
static inline char evt_dir_char(const struct evt *e)
{
	return PPME_IS_EXIT(e->hdr->type) ? '<' : '>';
}

/* The event's type name; for generic events, the syscall's name. */
const char *evt_type_name(const struct evt *e);

#endif
