/* event_table.h: what each event type is called and what its parameters are.
 *
 * One table, indexed by enum ppm_event_type, read by the decoder, the evt.info
 * renderer, `-L`, the field getters (evt.arg.NAME) and the capture writer.
 */
#ifndef WTF_EVENT_TABLE_H
#define WTF_EVENT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "../../probe/wtf_event.h"

/* Parameter types, as in scap's event table (the wire encoding of each is in
 * decode.h). The numbering matches scap's ppm_param_type. */
enum param_type {
	PT_NONE = 0,
	PT_INT8 = 1,
	PT_INT16 = 2,
	PT_INT32 = 3,
	PT_INT64 = 4,
	PT_UINT8 = 5,
	PT_UINT16 = 6,
	PT_UINT32 = 7,
	PT_UINT64 = 8,
	PT_CHARBUF = 9,      /* NUL-terminated printable string */
	PT_BYTEBUF = 10,     /* raw bytes */
	PT_ERRNO = 11,       /* int64, negative errno on failure */
	PT_SOCKADDR = 12,    /* 1 byte family + address */
	PT_SOCKTUPLE = 13,   /* 1 byte family + source + destination */
	PT_FD = 14,          /* int64 */
	PT_PID = 15,         /* int64 */
	PT_FDLIST = 16,      /* u16 count + count * (u64 fd + u16 flags) */
	PT_FSPATH = 17,      /* NUL-terminated path */
	PT_SYSCALLID = 18,   /* u16 */
	PT_SIGTYPE = 19,     /* u8 signal number */
	PT_RELTIME = 20,     /* u64 ns */
	PT_ABSTIME = 21,     /* u64 ns since epoch */
	PT_PORT = 22,        /* u16 */
	PT_L4PROTO = 23,     /* u8 */
	PT_SOCKFAMILY = 24,  /* u8 */
	PT_BOOL = 25,        /* u32 */
	PT_IPV4ADDR = 26,    /* 4 bytes */
	PT_DYN = 27,         /* u8 index + value typed by the index */
	PT_FLAGS8 = 28,
	PT_FLAGS16 = 29,
	PT_FLAGS32 = 30,
	PT_UID = 31,         /* u32 */
	PT_GID = 32,         /* u32 */
	PT_DOUBLE = 33,
	PT_SIGSET = 34,      /* u32 */
	PT_CHARBUFARRAY = 35,
	PT_CHARBUF_PAIR_ARRAY = 36,
	PT_IPV4NET = 37,
	PT_IPV6ADDR = 38,    /* 16 bytes */
	PT_IPV6NET = 39,
	PT_IPADDR = 40,
	PT_IPNET = 41,
	PT_MODE = 42,        /* u32 PPM_S_* bits plus permission bits */
	PT_FSRELPATH = 43,   /* path relative to the dirfd parameter named by dirfd_param */
	PT_ENUMFLAGS8 = 44,  /* u8 whose value is one of the names (not a bit set) */
	PT_ENUMFLAGS16 = 45,
	PT_ENUMFLAGS32 = 46,
	PT_MAX
};

enum print_fmt {
	PF_NA = 0,
	PF_DEC = 1,
	PF_HEX = 2,
	PF_10_PADDED_DEC = 3,
	PF_ID = 4,
	PF_DIR = 5,
	PF_OCT = 6,
};

enum event_category {
	EC_UNKNOWN = 0,
	EC_OTHER = 1,
	EC_FILE = 2,
	EC_NET = 3,
	EC_IPC = 4,
	EC_MEMORY = 5,
	EC_PROCESS = 6,
	EC_SLEEP = 7,
	EC_SYSTEM = 8,
	EC_SIGNAL = 9,
	EC_USER = 10,
	EC_TIME = 11,
	EC_PROCESSING = 12,
	EC_IO_READ = 32,
	EC_IO_WRITE = 33,
	EC_IO_OTHER = 34,
	EC_WAIT = 64,
	EC_SCHEDULER = 128,
	EC_INTERNAL = 256,
};

enum event_flags {
	EF_NONE = 0,
	EF_CREATES_FD = (1 << 0),
	EF_DESTROYS_FD = (1 << 1),
	EF_USES_FD = (1 << 2),
	EF_READS_FROM_FD = (1 << 3),
	EF_WRITES_TO_FD = (1 << 4),
	EF_MODIFIES_STATE = (1 << 5),
	EF_UNUSED = (1 << 6),
	EF_WAITS = (1 << 7),
	EF_SKIPPARSERESET = (1 << 8),
	EF_OLD_VERSION = (1 << 9),
	EF_DROP_SIMPLE_CONS = (1 << 10),
	EF_LARGE_PAYLOAD = (1 << 11),
	EF_UNPAIRED = (1 << 12),      /* wtftop's: an exit of no enter (container_end) */
};

/* One name of a flag set or enumeration. Tables end with { NULL, 0 }. */
struct flag_name {
	const char *name;
	uint32_t value;
};

struct param_info {
	const char *name;
	enum param_type type;
	enum print_fmt fmt;
	const struct flag_name *flags; /* for PT_FLAGS* and PT_ENUMFLAGS*, else NULL */
	int8_t dirfd_param;            /* for PT_FSRELPATH: index of its dirfd param, else -1 */
};

struct event_info {
	const char *name;       /* "openat", as sysdig prints evt.type */
	enum event_category category;
	uint32_t flags;         /* enum event_flags */
	uint8_t nparams;
	struct param_info params[WTF_MAX_PARAMS];
};

/* Indexed by enum ppm_event_type; every code below PPM_EVENT_MAX has an entry. */
extern const struct event_info event_table[PPM_EVENT_MAX];

/* Whether enter type t has an exit twin (a system call's two halves), which
 * the enter-only events (procexit, container, ...) have not. */
static inline bool event_has_exit(int t)
{
	return PPME_IS_ENTER(t) && t + 1 < PPM_EVENT_MAX &&
	       !(event_table[t + 1].flags & (EF_UNUSED | EF_UNPAIRED));
}

/* Flag and enumeration name tables used by the event table, shared with the
 * fields layer (evt.arg.flags contains O_CREAT) and the renderer. */
extern const struct flag_name file_flags[];       /* O_* */
extern const struct flag_name file_modes[];       /* S_I* */
extern const struct flag_name clone_flags[];      /* CLONE_* */
extern const struct flag_name fcntl_commands[];   /* F_* (enum) */
extern const struct flag_name prot_flags[];       /* PROT_* */
extern const struct flag_name mmap_flags[];       /* MAP_* */
extern const struct flag_name shutdown_how[];     /* SHUT_* (enum) */
extern const struct flag_name socket_families[];  /* AF_* (enum) */
extern const struct flag_name ptrace_requests[];  /* PTRACE_* (enum) */
extern const struct flag_name mount_flags[];      /* MS_* */
extern const struct flag_name umount_flags[];     /* MNT_* */
extern const struct flag_name rename_flags[];     /* RENAME_* */
extern const struct flag_name unlinkat_flags[];   /* AT_REMOVEDIR */
extern const struct flag_name linkat_flags[];     /* AT_* */
extern const struct flag_name openat2_resolve[];  /* RESOLVE_* */
extern const struct flag_name execve_flags[];     /* EXE_* */
extern const struct flag_name execveat_flags[];   /* AT_* */
extern const struct flag_name signal_names[];     /* SIGHUP ... (enum) */
extern const struct flag_name errno_names[];      /* EPERM ... (enum, positive values) */
extern const struct flag_name creat_flags[];
extern const struct flag_name futex_operations[];
extern const struct flag_name lseek_whence[];
extern const struct flag_name rlimit_resources[];
extern const struct flag_name splice_flags[];
extern const struct flag_name sockopt_levels[];
extern const struct flag_name sockopt_options[];
extern const struct flag_name quotactl_cmds[];
extern const struct flag_name quotactl_types[];
extern const struct flag_name quotactl_dqi_flags[];
extern const struct flag_name quotactl_quota_fmts[];
extern const struct flag_name semop_flags[];
extern const struct flag_name semget_flags[];
extern const struct flag_name semctl_commands[];
extern const struct flag_name access_flags[];
extern const struct flag_name flock_flags[];
extern const struct flag_name pf_flags[];
extern const struct flag_name io_uring_setup_flags[];
extern const struct flag_name io_uring_setup_feats[];
extern const struct flag_name io_uring_enter_flags[];
extern const struct flag_name io_uring_register_opcodes[];
extern const struct flag_name mlockall_flags[];
/* for the events appended after 351 */
extern const struct flag_name mlock2_flags[];        /* MLOCK_* */
extern const struct flag_name fsconfig_cmds[];       /* FSCONFIG_* (enum) */
extern const struct flag_name epoll_create1_flags[]; /* EPOLL_CLOEXEC */
extern const struct flag_name fchownat_flags[];      /* AT_* */
extern const struct flag_name newfstatat_flags[];    /* AT_* */
extern const struct flag_name prctl_options[];       /* PR_* (enum) */
extern const struct flag_name memfd_create_flags[];  /* MFD_* */
extern const struct flag_name pidfd_open_flags[];    /* PIDFD_NONBLOCK */
extern const struct flag_name finit_module_flags[];  /* MODULE_INIT_* */
extern const struct flag_name delete_module_flags[]; /* O_NONBLOCK, O_TRUNC */
extern const struct flag_name mknod_modes[];         /* S_IF* and S_I* */
extern const struct flag_name bpf_commands[];        /* BPF_* (enum) */

/* The name of an errno value (positive), or NULL. */
const char *event_errno_name(int64_t err);

/* The name for an event type code, or "unknown"; `-L` and evt.type use it. */
const char *event_type_name(uint16_t type);

/* Syscall table for this architecture (x86_64 now; another is a table away). */
struct syscall_info {
	const char *name;    /* "getppid", NULL for an unused number */
	uint16_t ppm_sc;     /* scap's system-independent code, 0 if none */
	uint16_t exit_event; /* the PPME_*_X the probe emits for it; PPME_GENERIC_X if none */
	bool generic_fd;     /* generic, and it makes fds: the state reads them from /proc */
};
#define SYSCALL_TABLE_SIZE WTF_MAX_SYSCALLS
extern const struct syscall_info syscall_table[SYSCALL_TABLE_SIZE];

/* Does the state need the syscall's events, whoever else wants them? Those
 * that make or destroy fds, or change a thread. */
static inline bool syscall_keeps_state(uint32_t nr)
{
	const struct syscall_info *si = &syscall_table[nr];
	return (event_table[si->exit_event].flags & (EF_MODIFIES_STATE | EF_CREATES_FD | EF_DESTROYS_FD)) ||
	       si->generic_fd;
}

/* Name of a native syscall number, or NULL. */
const char *syscall_name(uint32_t nr);
/* Native number of a syscall by name, or -1. */
int syscall_by_name(const char *name);
/* Name for one of scap's ppm_sc codes (used by the GENERIC event's ID param), or NULL. */
const char *ppm_sc_name(uint16_t ppm_sc);

#endif /* WTF_EVENT_TABLE_H */
