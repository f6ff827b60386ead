/* scap_read.h: reads sysdig/Falco capture files (scap, see scap_format.h),
 * plain or gzip, from a path or stdin. Events come out in our wire format
 * (probe/wtf_event.h: v2 header, u16 parameter lengths), whatever block
 * version held them; the state blocks (process, fd, user lists) are handed to
 * callbacks as they are met, so concatenated sections work too.
 *
 * The reader never prints: errors, with the byte offset where the file went
 * wrong, come back through scap_reader_error(). */
#ifndef WTF_SCAP_READ_H
#define WTF_SCAP_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "../../probe/wtf_event.h"
#include "capture/scap_format.h"

/* A string inside a block: not NUL-terminated, borrowed for the callback. */
struct scap_str {
	const char *s;
	uint32_t len;
};

/* One entry of a process list block; fields a version lacks are 0 (vtid,
 * vpid, sid, vpgid: -1; loginuid: UINT32_MAX). */
struct scap_thread_rec {
	int64_t tid, pid, ptid, sid, vpgid, vtid, vpid;
	struct scap_str comm, exe, exepath, args, cwd, env, cgroups, root;
	uint64_t fdlimit, pfmajor, pfminor;
	uint32_t flags, uid, gid, vmsize_kb, vmrss_kb, vmswap_kb, tty, loginuid;
	uint64_t pidns_init_start_ts, cap_inheritable, cap_permitted, cap_effective;
	bool exe_writable, exe_upper_layer, exe_from_memfd;
};

/* One entry of an fd list block. IPv4 addresses fill the first 4 bytes of
 * sip/dip, as in the file (network order); ports in host order. For a
 * server socket, the address and port are in sip/sport. */
struct scap_fd_rec {
	int64_t fd;
	uint64_t ino;
	uint8_t type; /* enum scap_fd_type */
	uint8_t l4proto;
	uint32_t open_flags, dev;
	uint8_t sip[16], dip[16];
	uint16_t sport, dport;
	uint64_t unix_src, unix_dst;
	struct scap_str name;
};

/* Called for the state blocks; a non-zero return stops the reader with that
 * value from scap_reader_next (e.g. -ENOMEM). Any may be NULL. */
struct scap_read_cbs {
	void *ctx;
	int (*machine)(void *ctx, const struct scap_machine_info *mi);
	int (*thread)(void *ctx, const struct scap_thread_rec *t);
	int (*fd)(void *ctx, int64_t tid, const struct scap_fd_rec *fd);
	int (*user)(void *ctx, uint32_t uid, uint32_t gid, struct scap_str name, struct scap_str home,
		    struct scap_str shell);
	int (*group)(void *ctx, uint32_t gid, struct scap_str name);
};

/* An event as read: hdr is borrowed until the next call. */
struct scap_event {
	const struct wtf_evt_hdr *hdr;
	uint16_t cpu;
	uint32_t flags;  /* SCAP_DF_* of an event-with-flags block, else 0 */
	uint64_t offset; /* of its block in the (uncompressed) file */
};

struct scap_read_stats {
	uint64_t n_blocks;
	uint64_t n_events;          /* events returned */
	uint64_t n_skipped_blocks;  /* unknown block types */
	uint64_t n_skipped_events;  /* unknown event types, or too large for our lengths */
	uint64_t n_sections;
	uint64_t offset;            /* bytes consumed so far (uncompressed) */
};

struct scap_reader;

/* Opens path ("-" for stdin). NULL with *cause set (caller frees) when it
 * cannot be opened; the format itself is checked by the first next(). */
struct scap_reader *scap_reader_open(const char *path, const struct scap_read_cbs *cbs, char **cause);

/* Reads up to the next event. Returns 1 with *ev filled, 0 at a clean end of
 * the input, or a negative errno: -EBADMSG for a corrupt or truncated file
 * (scap_reader_error says where), -EIO for a read error, or a callback's
 * value. After an error, further calls return the same error. */
int scap_reader_next(struct scap_reader *r, struct scap_event *ev);

/* The last error for people, with its offset, or NULL. */
const char *scap_reader_error(const struct scap_reader *r);
void scap_reader_stats(const struct scap_reader *r, struct scap_read_stats *out);
void scap_reader_free(struct scap_reader *r);

#endif
