/* state.h: the live model of the machine that events describe: threads and
 * processes, their open fds, users and groups. Every event updates it first
 * (state_on_event), then consumers read it through these structures.
 *
 * Ownership: the state owns every thread and fd_info; consumers borrow them for
 * the length of one event callback (or until the next state_on_event). */
#ifndef WTF_STATE_H
#define WTF_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event/decode.h"
#include "util/strbuf.h"

/* fd types, with the character sysdig prints for fd.type/fd.typechar */
enum fd_type {
	FDT_UNKNOWN = 0, /* 'o' */
	FDT_FILE,        /* 'f' */
	FDT_DIRECTORY,   /* 'd' */
	FDT_IPV4_SOCK,   /* '4' */
	FDT_IPV6_SOCK,   /* '6' */
	FDT_UNIX_SOCK,   /* 'u' */
	FDT_PIPE,        /* 'p' */
	FDT_EVENTFD,     /* 'e' */
	FDT_SIGNALFD,    /* 's' */
	FDT_EVENTPOLL,   /* 'l' */
	FDT_INOTIFY,     /* 'i' */
	FDT_TIMERFD,     /* 't' */
	FDT_NETLINK,     /* 'n' */
	FDT_BPF,         /* 'b' */
	FDT_USERFAULTFD, /* 'u' in sysdig too; we print 'U' nowhere: see fd_type_char */
	FDT_IOURING,     /* 'r' */
	FDT_MEMFD,       /* 'm' */
	FDT_PIDFD,       /* 'P' */
	FDT_RAW_SOCK,    /* 'k': packet and raw sockets */
	FDT_MAX
};

/* sysdig's fd.type names ("file", "ipv4", "unix", ...) and typechars */
const char *fd_type_name(enum fd_type t);
char fd_type_char(enum fd_type t);

/* Address of an IPv4/IPv6 socket; v4 addresses are in ip[0..3]. */
struct fd_tuple {
	uint8_t family;     /* PPM_AF_INET, PPM_AF_INET6, PPM_AF_UNIX, 0 when unknown */
	uint8_t l4proto;    /* IPPROTO_TCP, IPPROTO_UDP, 0 */
	uint8_t cip[16];    /* client (source) */
	uint8_t sip[16];    /* server (destination) */
	uint16_t cport, sport;
	uint64_t unix_src, unix_dst; /* kernel socket identities for unix sockets */
};

enum fd_role { FD_ROLE_NONE = 0, FD_ROLE_CLIENT, FD_ROLE_SERVER };

struct fd_info {
	int64_t fd;
	enum fd_type type;
	uint32_t flags;      /* PPM_O_* the fd was opened with */
	char *name;          /* owned: path, "127.0.0.1:40000->127.0.0.1:8080", unix path, "pipe:[123]" ... */
	uint32_t name_len;   /* strlen(name), when name_printable */
	bool name_printable; /* fd_set_name found no byte that output sanitizes away */
	struct fd_tuple tuple;
	enum fd_role role;
	uint32_t dev;
	uint64_t ino;
	uint64_t open_ts;    /* ns since epoch, 0 if it predates wtftop */
	int64_t pidfd_pid;   /* for a pidfd: the process it refers to, 0 if unknown */

	/* private to the state layer */
	uint32_t name_cap;        /* bytes owned at name; 0: name is a shared "" */
	struct fd_info *pool_next;
};

/* The fds of one process, shared by its threads (CLONE_FILES). */
struct fdtable;

struct fd_info *fdtable_lookup(struct fdtable *t, int64_t fd);
/* Calls fn for each fd; stops when fn returns non-zero. */
int fdtable_foreach(struct fdtable *t, int (*fn)(struct fd_info *fd, void *ctx), void *ctx);
size_t fdtable_count(const struct fdtable *t);

struct thread {
	int64_t tid;
	int64_t pid;         /* thread group id */
	int64_t ptid;        /* parent's tid (of the process's parent) */
	int64_t vtid, vpid;  /* ids in the thread's own pid namespace */
	int64_t sid, pgid;
	char comm[17];       /* proc.name */
	char *exe;           /* owned: argv[0] as scap's exe */
	char *exepath;       /* owned: full path of the executable */
	char *args;          /* owned: arguments after argv[0], NUL-separated */
	uint32_t args_len;
	char *env;           /* owned, NUL-separated; NULL unless requested */
	uint32_t env_len;
	char *cwd;           /* owned: with a trailing slash, as sysdig keeps it */
	uint32_t uid, gid, euid, egid, loginuid; /* real and effective ids; events
	                                            carry the effective (user.uid) */
	uint32_t tty;        /* tty_nr, 0 if none */
	uint64_t start_ts;   /* ns since epoch (clone time) */
	uint64_t cap_effective, cap_permitted, cap_inheritable;
	char *cgroups;       /* owned: "subsys=path" pairs, NUL-separated */
	uint32_t cgroups_len;
	uint64_t ns_pid, ns_mnt, ns_net, ns_uts, ns_ipc, ns_user, ns_cgroup; /* inode numbers */
	uint64_t vmsize_kb, vmrss_kb, vmswap_kb;
	uint64_t pfmajor, pfminor;
	int64_t fdlimit;     /* the soft RLIMIT_NOFILE of the process (its main
	                        thread's counts), 0 if unknown */
	uint64_t cpu_user_ticks, cpu_sys_ticks; /* from /proc, refreshed at an interval;
	                                           or a capture file's procinfo events */
	uint32_t cpu_user_gain, cpu_sys_gain;     /* ticks gained since the procinfo before
	                                             (a capture file's, each second) */
	bool exe_writable, exe_upper_layer, exe_from_memfd;
	uint32_t flags;      /* THREAD_F_* */
	struct fdtable *fds; /* shared with the other threads of the process */
	uint64_t last_event_ts;
	void *container;     /* set by the containers layer; NULL on the host */

	/* private to the state layer */
	uint32_t priv;            /* TP_* in state_int.h */
	uint32_t group_threads;   /* other live threads of this main thread's process */
	uint16_t enter_type;      /* the type of its last enter event if no exit
	                             followed it yet, or UINT16_MAX (files only) */
	uint64_t enter_ts;        /* that enter's time: its exit's evt.latency */
	uint8_t *stash;           /* owned: its last enter event whose exit may lack
	                             parameters; that enter's while type and time match */
	uint32_t stash_cap;
};

#define THREAD_F_DEAD (1 << 0)        /* exit seen; removed once consumers saw it */
#define THREAD_F_FROM_PROC (1 << 1)   /* learnt from /proc, not from events */
#define THREAD_F_INCOMPLETE (1 << 2)  /* created from a lone event: fields missing */

struct user_info {
	uint32_t uid, gid;
	char *name, *home, *shell;
};
struct group_info {
	uint32_t gid;
	char *name;
};

struct state;

struct state_opts {
	bool capture_env;            /* keep process environments (proc.env) */
	uint32_t max_threads;        /* bound on the thread table; 0 for the default (131072) */
	uint32_t max_fds_per_proc;   /* bound per process; 0 for the default (65536) */
	bool offline;                /* events from a capture file: never read this
	                                machine's /proc or /etc for what they lack */
	bool light_scan;             /* state_scan_proc reads processes only, without
	                                their other threads, fds or namespaces: a quick
	                                first look (the UI's first frame), not a state
	                                for events */
};

struct state *state_new(const struct state_opts *opts);
void state_free(struct state *st);

/* Fills the tables from /proc (threads, fds, users, groups). Returns 0 or a
 * negative errno; individual processes that vanish meanwhile are skipped. */
int state_scan_proc(struct state *st, const char *proc_root);

/* Applies one event to the tables and resolves e->thread, e->fd, e->fdnum and
 * e->resolved_path for the consumers that see it next. Creates a thread
 * (marked INCOMPLETE, filled from /proc when it is still there) for an unknown
 * tid. */
void state_on_event(struct state *st, struct evt *e);

/* Frees threads whose exit every consumer has seen; call after consumers. */
void state_after_event(struct state *st, struct evt *e);

struct thread *state_thread(struct state *st, int64_t tid);
/* The main thread (tid == pid) of a thread's process, or the thread itself. */
struct thread *state_main_thread(struct state *st, const struct thread *t);
/* The parent process's main thread, or NULL. */
struct thread *state_parent(struct state *st, const struct thread *t);
int state_foreach_thread(struct state *st, int (*fn)(struct thread *t, void *ctx), void *ctx);
size_t state_thread_count(const struct state *st);
/* Live threads of t's process, from a count kept as threads come and go
 * (O(1); state_foreach_thread gives the exact figure). */
uint32_t state_process_threads(struct state *st, const struct thread *t);

const struct user_info *state_user(struct state *st, uint32_t uid);
const struct group_info *state_group(struct state *st, uint32_t gid);

/* Re-reads CPU and memory figures of live processes from /proc. */
void state_refresh_usage(struct state *st, const char *proc_root);

/* ---- for capture readers, fields and tests ---------------------------- */

/* The thread's working directory, with its trailing '/' (its process's main
 * thread's, as threads share it); "" if unknown. Never NULL. */
const char *state_thread_cwd(struct state *st, const struct thread *t);

/* Writes the absolute, normalised form of path into out (reset first): an
 * absolute path as it is, a relative one joined with dirfd's name, or with the
 * cwd when dirfd is PPM_AT_FDCWD. Returns 0 or a negative errno. */
int state_resolve_path(struct state *st, const struct thread *t, int64_t dirfd,
		       const char *path, struct strbuf *out);

/* Returns the thread for tid, creating an empty one (pid = tid, its own empty
 * fd table, flagged INCOMPLETE: the caller clears the flag once it has set
 * the fields) if there is none. For capture readers that restore a process
 * list; NULL on allocation failure. */
struct thread *state_thread_add(struct state *st, int64_t tid);
/* Replaces an owned string of a thread (exe, args, cwd ...): copies len bytes
 * and adds a NUL. Returns 0 or -ENOMEM (the old value is kept). */
int state_set_str(char **dst, const char *s, size_t len);
/* For a capture file's process list: the thread tid of process pid, created
 * if new, sharing the fds of pid's main thread (a placeholder until the main
 * thread's own entry fills it). NULL on allocation failure. */
struct thread *state_restore_thread(struct state *st, int64_t tid, int64_t pid);
/* Once its fields are set: no longer incomplete; tells the thread hook. */
void state_restore_done(struct state *st, struct thread *t);
/* Makes t use the fd table of other (threads of one process share it). */
void state_share_fds(struct state *st, struct thread *t, struct thread *other);

/* Adds (or replaces) fd in t's table: an entry of type FDT_UNKNOWN with an
 * empty name, for the caller to fill. NULL when the table is at its bound. */
struct fd_info *state_fd_add(struct state *st, struct thread *t, int64_t fd);
/* Sets an fd's name (copied). Returns 0 or -ENOMEM. */
int fd_set_name(struct fd_info *fd, const char *name, size_t len);
/* Renders a socket's tuple as sysdig names it ("10.0.0.1:40000->10.0.0.2:80",
 * "::1:40000->::1:8080", or "addr:port" of a server with no peer yet). */
void fd_tuple_render(const struct fd_info *fd, struct strbuf *out);

/* Users and groups from a capture file's user list; they replace what
 * /etc/passwd and /etc/group would say for these ids. */
int state_add_user(struct state *st, uint32_t uid, uint32_t gid, const char *name,
		   const char *home, const char *shell);
int state_add_group(struct state *st, uint32_t gid, const char *name);

struct state_stats {
	uint64_t threads_created, threads_freed, threads_evicted;
	uint64_t threads_incomplete;  /* created from a lone event */
	uint64_t fds_dropped;         /* a table was at its bound */
	uint64_t proc_lookups;        /* unknown tids looked up in /proc */
};
void state_get_stats(const struct state *st, struct state_stats *out);

/* Called whenever a thread has learnt its cgroups and namespaces: read from
 * /proc (the start scan, an unknown tid), a clone's child, an execve. The
 * containers layer sets thread->container there, so the first event of a
 * container's process already carries it. NULL to unset. */
typedef void (*state_thread_hook_fn)(struct thread *t, void *ctx);
void state_set_thread_hook(struct state *st, state_thread_hook_fn fn, void *ctx);

#endif
