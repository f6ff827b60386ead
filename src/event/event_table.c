/* event_table.c: every event type's name, category, flags and parameters.
 *
 * The facts are scap's (sysdig/Falco), so that capture files and users'
 * habits carry over: names, parameter names, types and print formats of each
 * event code, and which codes are old versions kept for old capture files.
 *
 * Enter events (even codes) have exactly scap's parameter lists.
 *
 * Exit events (odd codes) of the current generation are what the probe
 * emits: one record per syscall, at exit. Each carries scap's exit
 * parameters followed by the syscall's enter parameters, in the order and
 * with the names that newer falcosecurity/libs gave them when it appended
 * them to its exit events (read: res, data, fd, size). A reader that only
 * knows the shorter scap list still finds every parameter at its index.
 *
 * Old versions (EF_OLD_VERSION) keep the parameter lists they had, since
 * old capture files hold them. Codes that no source emits (most exit halves
 * of meta-events) are "NA" with EF_UNUSED.
 */
#include <stddef.h>

#include "event_table.h"

/* Name tables defined in flag_names.c that event_table.h does not declare
 * (yet): they belong beside the others there. */

/* A parameter; one with a name table (flags, enumerations, modes); a path
 * relative to the directory fd that is parameter number d. */
#define P(n, t, f) {(n), PT_##t, PF_##f, NULL, -1}
#define F(n, t, f, tab) {(n), PT_##t, PF_##f, (tab), -1}
#define REL(n, d) {(n), PT_FSRELPATH, PF_NA, NULL, (d)}

#define NPARAMS(...) (sizeof((const struct param_info[]){__VA_ARGS__}) / sizeof(struct param_info))

/* An event with parameters, one without, an unused code. */
#define EV(nm, cat, fl, ...)                                                        \
	{                                                                           \
		.name = (nm), .category = EC_##cat, .flags = (fl),                  \
		.nparams = NPARAMS(__VA_ARGS__), .params = {__VA_ARGS__},           \
	}
#define EV0(nm, cat, fl) {.name = (nm), .category = EC_##cat, .flags = (fl), .nparams = 0}
#define UNUSED_CODE {.name = "NA", .category = EC_UNKNOWN, .flags = EF_UNUSED, .nparams = 0}

/* Flags, short. */
#define CFD EF_CREATES_FD
#define DFD EF_DESTROYS_FD
#define UFD EF_USES_FD
#define RFD EF_READS_FROM_FD
#define WFD EF_WRITES_TO_FD
#define MST EF_MODIFIES_STATE
#define WTS EF_WAITS
#define SPR EF_SKIPPARSERESET
#define OLD EF_OLD_VERSION
#define DSC EF_DROP_SIMPLE_CONS
#define BIG EF_LARGE_PAYLOAD

/* Parameters that many events share. */
#define RES P("res", ERRNO, DEC)
#define FD_(n) P(n, FD, DEC)
#define SIZE P("size", UINT32, DEC)
#define DATA P("data", BYTEBUF, NA)
#define TUPLE P("tuple", SOCKTUPLE, NA)
#define FILE_FLAGS F("flags", FLAGS32, HEX, file_flags)
#define OPEN_MODE P("mode", UINT32, OCT)
#define DEV P("dev", UINT32, HEX)
#define INO P("ino", UINT64, DEC)
#define SOCK_DOMAIN                                                                 \
	F("domain", ENUMFLAGS32, DEC, socket_families), P("type", UINT32, DEC),     \
		P("proto", UINT32, DEC)
#define VM3 P("vm_size", UINT32, DEC), P("vm_rss", UINT32, DEC), P("vm_swap", UINT32, DEC)
#define PGFT_VM P("pgft_maj", UINT64, DEC), P("pgft_min", UINT64, DEC), VM3
#define RLIMIT_RES F("resource", ENUMFLAGS8, DEC, rlimit_resources)
#define MMAP_ARGS(last)                                                             \
	P("addr", UINT64, HEX), P("length", UINT64, DEC),                           \
		F("prot", FLAGS32, HEX, prot_flags), F("flags", FLAGS32, HEX, mmap_flags), \
		FD_("fd"), P(last, UINT64, DEC)
#define SEMCTL_ARGS                                                                 \
	P("semid", INT32, DEC), P("semnum", INT32, DEC),                            \
		F("cmd", FLAGS16, HEX, semctl_commands), P("val", INT32, DEC)
#define QUOTACTL_ARGS                                                               \
	F("cmd", FLAGS16, DEC, quotactl_cmds), F("type", FLAGS8, DEC, quotactl_types), \
		P("id", UINT32, DEC), F("quota_fmt", FLAGS8, DEC, quotactl_quota_fmts)
#define SOCKOPT_X                                                                   \
	RES, FD_("fd"), F("level", ENUMFLAGS8, DEC, sockopt_levels),                \
		F("optname", ENUMFLAGS8, DEC, sockopt_options), P("val", DYN, DEC), \
		P("optlen", UINT32, DEC)
/* Parameters of the events appended after 351. */
#define FILE_FLAGS16 F("flags", FLAGS16, HEX, file_flags)
#define OWNER P("uid", UINT32, DEC), P("gid", UINT32, DEC)
#define MKNOD_MODE F("mode", MODE, OCT, mknod_modes)
#define USER_ARGS                                                                   \
	P("uid", UINT32, DEC), P("gid", UINT32, DEC), P("name", CHARBUF, NA),       \
		P("home", CHARBUF, NA), P("shell", CHARBUF, NA),                    \
		P("container_id", CHARBUF, NA)
#define GROUP_ARGS P("gid", UINT32, DEC), P("name", CHARBUF, NA), P("container_id", CHARBUF, NA)
#define ACCEPT_X                                                                    \
	FD_("fd"), TUPLE, P("queuepct", UINT8, DEC), P("queuelen", UINT32, DEC),    \
		P("queuemax", UINT32, DEC)

/* The process events: execve's and clone's exit parameters through the
 * generations. execve's res is an errno and its fdlimit unsigned; clone's
 * res is the child's pid and its fdlimit signed. */
#define PROC_HEAD(res_t, fdlimit_t)                                                 \
	P("res", res_t, DEC), P("exe", CHARBUF, NA), P("args", BYTEBUF, NA),        \
		P("tid", PID, DEC), P("pid", PID, DEC), P("ptid", PID, DEC),        \
		P("cwd", CHARBUF, NA), P("fdlimit", fdlimit_t, DEC)
#define EXECVE_HEAD PROC_HEAD(ERRNO, UINT64)
#define CLONE_HEAD PROC_HEAD(PID, INT64)
#define CLONE_IDS F("flags", FLAGS32, HEX, clone_flags), P("uid", UINT32, DEC), P("gid", UINT32, DEC)
#define COMM P("comm", CHARBUF, NA)
#define CGROUPS P("cgroups", BYTEBUF, NA)
#define ENV P("env", BYTEBUF, NA)
#define CLONE_16_X CLONE_HEAD, PGFT_VM, CLONE_IDS
#define CLONE_17_X CLONE_HEAD, PGFT_VM, COMM, CLONE_IDS
#define CLONE_20_X                                                                  \
	CLONE_HEAD, PGFT_VM, COMM, CGROUPS, CLONE_IDS, P("vtid", PID, DEC),         \
		P("vpid", PID, DEC), P("pidns_init_start_ts", UINT64, DEC)
#define EXECVE_17_X EXECVE_HEAD, PGFT_VM, COMM, CGROUPS, ENV, P("tty", INT32, DEC)
/* execve 19 / execveat: newer libs renamed parameter 17 (pgid) to vpgid and
 * appended the real pgid later on. */
#define EXECVE_19_BODY                                                              \
	EXECVE_HEAD, PGFT_VM, COMM, CGROUPS, ENV, P("tty", UINT32, DEC),            \
		P("vpgid", PID, DEC), P("loginuid", UID, DEC),                      \
		F("flags", FLAGS32, HEX, execve_flags), P("cap_inheritable", UINT64, HEX), \
		P("cap_permitted", UINT64, HEX), P("cap_effective", UINT64, HEX),   \
		P("exe_ino", UINT64, DEC), P("exe_ino_ctime", ABSTIME, DEC),        \
		P("exe_ino_mtime", ABSTIME, DEC), P("uid", UID, DEC),               \
		P("trusted_exepath", FSPATH, NA), P("pgid", PID, NA), P("gid", GID, DEC)

const struct event_info event_table[PPM_EVENT_MAX] = {
	[PPME_GENERIC_E] = EV("syscall", OTHER, EF_NONE,
		P("ID", SYSCALLID, DEC), P("nativeID", UINT16, DEC)),
	[PPME_GENERIC_X] = EV("syscall", OTHER, EF_NONE,
		P("ID", SYSCALLID, DEC), P("nativeID", UINT16, DEC)),

	[PPME_SYSCALL_OPEN_E] = EV("open", FILE, CFD | MST,
		P("name", FSPATH, NA), FILE_FLAGS, OPEN_MODE),
	[PPME_SYSCALL_OPEN_X] = EV("open", FILE, CFD | MST,
		FD_("fd"), P("name", FSPATH, NA), FILE_FLAGS, OPEN_MODE, DEV, INO),

	[PPME_SYSCALL_CLOSE_E] = EV("close", IO_OTHER, DFD | UFD | MST | DSC, FD_("fd")),
	[PPME_SYSCALL_CLOSE_X] = EV("close", IO_OTHER, DFD | UFD | MST | DSC, RES, FD_("fd")),

	[PPME_SYSCALL_READ_E] = EV("read", IO_READ, UFD | RFD | DSC, FD_("fd"), SIZE),
	[PPME_SYSCALL_READ_X] = EV("read", IO_READ, UFD | RFD | DSC, RES, DATA, FD_("fd"), SIZE),

	[PPME_SYSCALL_WRITE_E] = EV("write", IO_WRITE, UFD | WFD | DSC, FD_("fd"), SIZE),
	[PPME_SYSCALL_WRITE_X] = EV("write", IO_WRITE, UFD | WFD | DSC, RES, DATA, FD_("fd"), SIZE),

	[PPME_SYSCALL_BRK_1_E] = EV("brk", MEMORY, OLD, P("size", UINT32, DEC)),
	[PPME_SYSCALL_BRK_1_X] = EV("brk", MEMORY, OLD, P("res", UINT64, HEX)),

	[PPME_SYSCALL_EXECVE_8_E] = EV0("execve", PROCESS, MST | OLD),
	[PPME_SYSCALL_EXECVE_8_X] = EV("execve", PROCESS, MST | OLD, EXECVE_HEAD),

	[PPME_SYSCALL_CLONE_11_E] = EV0("clone", PROCESS, MST | OLD),
	[PPME_SYSCALL_CLONE_11_X] = EV("clone", PROCESS, MST | OLD, CLONE_HEAD, CLONE_IDS),

	[PPME_PROCEXIT_E] = EV0("procexit", PROCESS, MST | OLD),
	[PPME_PROCEXIT_X] = UNUSED_CODE,

	[PPME_SOCKET_SOCKET_E] = EV("socket", NET, CFD | MST, SOCK_DOMAIN),
	[PPME_SOCKET_SOCKET_X] = EV("socket", NET, CFD | MST, FD_("fd"), SOCK_DOMAIN),

	[PPME_SOCKET_BIND_E] = EV("bind", NET, UFD | MST, FD_("fd")),
	[PPME_SOCKET_BIND_X] = EV("bind", NET, UFD | MST,
		RES, P("addr", SOCKADDR, NA), FD_("fd")),

	[PPME_SOCKET_CONNECT_E] = EV("connect", NET, UFD | MST,
		FD_("fd"), P("addr", SOCKADDR, NA)),
	[PPME_SOCKET_CONNECT_X] = EV("connect", NET, UFD | MST,
		RES, TUPLE, FD_("fd"), P("addr", SOCKADDR, NA)),

	[PPME_SOCKET_LISTEN_E] = EV("listen", NET, UFD, FD_("fd"), P("backlog", INT32, DEC)),
	[PPME_SOCKET_LISTEN_X] = EV("listen", NET, UFD,
		RES, FD_("fd"), P("backlog", INT32, DEC)),

	[PPME_SOCKET_ACCEPT_E] = EV0("accept", NET, CFD | MST | OLD),
	[PPME_SOCKET_ACCEPT_X] = EV("accept", NET, CFD | MST | OLD,
		FD_("fd"), TUPLE, P("queuepct", UINT8, DEC)),

	[PPME_SOCKET_SEND_E] = EV("send", IO_WRITE, UFD | WFD | DSC, FD_("fd"), SIZE),
	[PPME_SOCKET_SEND_X] = EV("send", IO_WRITE, UFD | WFD | DSC,
		RES, DATA, FD_("fd"), SIZE, TUPLE),

	[PPME_SOCKET_SENDTO_E] = EV("sendto", IO_WRITE, UFD | WFD | MST, FD_("fd"), SIZE, TUPLE),
	[PPME_SOCKET_SENDTO_X] = EV("sendto", IO_WRITE, UFD | WFD | MST,
		RES, DATA, FD_("fd"), SIZE, TUPLE),

	[PPME_SOCKET_RECV_E] = EV("recv", IO_READ, UFD | RFD | DSC, FD_("fd"), SIZE),
	[PPME_SOCKET_RECV_X] = EV("recv", IO_READ, UFD | RFD | DSC,
		RES, DATA, FD_("fd"), SIZE, TUPLE),

	[PPME_SOCKET_RECVFROM_E] = EV("recvfrom", IO_READ, UFD | RFD | MST, FD_("fd"), SIZE),
	[PPME_SOCKET_RECVFROM_X] = EV("recvfrom", IO_READ, UFD | RFD | MST,
		RES, DATA, TUPLE, FD_("fd"), SIZE),

	[PPME_SOCKET_SHUTDOWN_E] = EV("shutdown", NET, UFD | MST | DSC,
		FD_("fd"), F("how", ENUMFLAGS8, HEX, shutdown_how)),
	[PPME_SOCKET_SHUTDOWN_X] = EV("shutdown", NET, UFD | MST | DSC,
		RES, FD_("fd"), F("how", ENUMFLAGS8, HEX, shutdown_how)),

	[PPME_SOCKET_GETSOCKNAME_E] = EV0("getsockname", NET, DSC),
	[PPME_SOCKET_GETSOCKNAME_X] = EV0("getsockname", NET, DSC),
	[PPME_SOCKET_GETPEERNAME_E] = EV0("getpeername", NET, DSC),
	[PPME_SOCKET_GETPEERNAME_X] = EV0("getpeername", NET, DSC),

	[PPME_SOCKET_SOCKETPAIR_E] = EV("socketpair", IPC, CFD | MST, SOCK_DOMAIN),
	[PPME_SOCKET_SOCKETPAIR_X] = EV("socketpair", IPC, CFD | MST,
		RES, FD_("fd1"), FD_("fd2"), P("source", UINT64, HEX), P("peer", UINT64, HEX),
		SOCK_DOMAIN),

	[PPME_SOCKET_SETSOCKOPT_E] = EV0("setsockopt", NET, EF_NONE),
	[PPME_SOCKET_SETSOCKOPT_X] = EV("setsockopt", NET, UFD, SOCKOPT_X),
	[PPME_SOCKET_GETSOCKOPT_E] = EV0("getsockopt", NET, MST | DSC),
	[PPME_SOCKET_GETSOCKOPT_X] = EV("getsockopt", NET, UFD | MST | DSC, SOCKOPT_X),

	[PPME_SOCKET_SENDMSG_E] = EV("sendmsg", IO_WRITE, UFD | WFD | MST, FD_("fd"), SIZE, TUPLE),
	[PPME_SOCKET_SENDMSG_X] = EV("sendmsg", IO_WRITE, UFD | WFD | MST,
		RES, DATA, FD_("fd"), SIZE, TUPLE),

	[PPME_SOCKET_SENDMMSG_E] = EV0("sendmmsg", IO_WRITE, DSC),
	[PPME_SOCKET_SENDMMSG_X] = EV("sendmmsg", IO_WRITE, UFD | WFD | MST,
		RES, FD_("fd"), SIZE, DATA, TUPLE),

	[PPME_SOCKET_RECVMSG_E] = EV("recvmsg", IO_READ, UFD | RFD | MST, FD_("fd")),
	[PPME_SOCKET_RECVMSG_X] = EV("recvmsg", IO_READ, UFD | RFD | MST,
		RES, SIZE, DATA, TUPLE, P("msgcontrol", BYTEBUF, NA), FD_("fd")),

	[PPME_SOCKET_RECVMMSG_E] = EV0("recvmmsg", IO_READ, DSC),
	[PPME_SOCKET_RECVMMSG_X] = EV("recvmmsg", IO_READ, UFD | RFD | MST,
		RES, FD_("fd"), SIZE, DATA, TUPLE, P("msgcontrol", BYTEBUF, NA)),

	[PPME_SOCKET_ACCEPT4_E] = EV("accept", NET, CFD | MST | OLD, P("flags", INT32, HEX)),
	[PPME_SOCKET_ACCEPT4_X] = EV("accept", NET, CFD | MST | OLD,
		FD_("fd"), TUPLE, P("queuepct", UINT8, DEC)),

	[PPME_SYSCALL_CREAT_E] = EV("creat", FILE, CFD | MST, P("name", FSPATH, NA), OPEN_MODE),
	[PPME_SYSCALL_CREAT_X] = EV("creat", FILE, CFD | MST,
		FD_("fd"), P("name", FSPATH, NA), OPEN_MODE, DEV, INO,
		F("creat_flags", FLAGS16, HEX, creat_flags)),

	[PPME_SYSCALL_PIPE_E] = EV0("pipe", IPC, CFD | MST),
	[PPME_SYSCALL_PIPE_X] = EV("pipe", IPC, CFD | MST, RES, FD_("fd1"), FD_("fd2"), INO),

	/* eventfd(2), signalfd(2), inotify_init(2) and timerfd_create(2): their
	 * flags parameter is always 0, as newest libs sends it (eventfd2,
	 * signalfd4 and inotify_init1 have events of their own, after 351, with
	 * the flags as PPM_O_*) */
	[PPME_SYSCALL_EVENTFD_E] = EV("eventfd", IPC, CFD | MST | DSC,
		P("initval", UINT64, DEC), P("flags", UINT32, HEX)),
	[PPME_SYSCALL_EVENTFD_X] = EV("eventfd", IPC, CFD | MST | DSC,
		FD_("res"), P("initval", UINT64, DEC), P("flags", UINT32, HEX)),

	[PPME_SYSCALL_FUTEX_E] = EV("futex", IPC, DSC,
		P("addr", UINT64, HEX), F("op", FLAGS16, HEX, futex_operations), P("val", UINT64, DEC)),
	[PPME_SYSCALL_FUTEX_X] = EV("futex", IPC, DSC,
		RES, P("addr", UINT64, HEX), F("op", FLAGS16, HEX, futex_operations),
		P("val", UINT64, DEC)),

	[PPME_SYSCALL_STAT_E] = EV0("stat", FILE, DSC),
	[PPME_SYSCALL_STAT_X] = EV("stat", FILE, DSC, RES, P("path", FSPATH, NA)),
	[PPME_SYSCALL_LSTAT_E] = EV0("lstat", FILE, DSC),
	[PPME_SYSCALL_LSTAT_X] = EV("lstat", FILE, DSC, RES, P("path", FSPATH, NA)),
	[PPME_SYSCALL_FSTAT_E] = EV("fstat", FILE, UFD | DSC, P("fd", FD, NA)),
	[PPME_SYSCALL_FSTAT_X] = EV("fstat", FILE, UFD | DSC, RES, P("fd", FD, NA)),
	[PPME_SYSCALL_STAT64_E] = EV0("stat64", FILE, DSC),
	[PPME_SYSCALL_STAT64_X] = EV("stat64", FILE, DSC, RES, P("path", FSPATH, NA)),
	[PPME_SYSCALL_LSTAT64_E] = EV0("lstat64", FILE, DSC),
	[PPME_SYSCALL_LSTAT64_X] = EV("lstat64", FILE, DSC, RES, P("path", FSPATH, NA)),
	[PPME_SYSCALL_FSTAT64_E] = EV("fstat64", FILE, UFD | DSC, P("fd", FD, NA)),
	[PPME_SYSCALL_FSTAT64_X] = EV("fstat64", FILE, UFD | DSC, RES, P("fd", FD, NA)),

	[PPME_SYSCALL_EPOLLWAIT_E] = EV("epoll_wait", WAIT, WTS | DSC, P("maxevents", ERRNO, DEC)),
	[PPME_SYSCALL_EPOLLWAIT_X] = EV("epoll_wait", WAIT, WTS | DSC,
		RES, P("maxevents", ERRNO, DEC)),

	[PPME_SYSCALL_POLL_E] = EV("poll", WAIT, WTS | DSC,
		P("fds", FDLIST, DEC), P("timeout", INT64, DEC)),
	[PPME_SYSCALL_POLL_X] = EV("poll", WAIT, WTS | DSC,
		RES, P("fds", FDLIST, DEC), P("timeout", INT64, DEC)),

	[PPME_SYSCALL_SELECT_E] = EV0("select", WAIT, WTS | DSC),
	[PPME_SYSCALL_SELECT_X] = EV("select", WAIT, WTS | DSC, RES),
	[PPME_SYSCALL_NEWSELECT_E] = EV0("select", WAIT, WTS | DSC | OLD),
	[PPME_SYSCALL_NEWSELECT_X] = EV("select", WAIT, WTS | DSC | OLD, RES),

	[PPME_SYSCALL_LSEEK_E] = EV("lseek", FILE, UFD | DSC,
		FD_("fd"), P("offset", UINT64, DEC), F("whence", ENUMFLAGS8, DEC, lseek_whence)),
	[PPME_SYSCALL_LSEEK_X] = EV("lseek", FILE, UFD | DSC,
		RES, FD_("fd"), P("offset", UINT64, DEC), F("whence", ENUMFLAGS8, DEC, lseek_whence)),
	[PPME_SYSCALL_LLSEEK_E] = EV("llseek", FILE, UFD | DSC,
		FD_("fd"), P("offset", UINT64, DEC), F("whence", ENUMFLAGS8, DEC, lseek_whence)),
	[PPME_SYSCALL_LLSEEK_X] = EV("llseek", FILE, UFD | DSC,
		RES, FD_("fd"), P("offset", UINT64, DEC), F("whence", ENUMFLAGS8, DEC, lseek_whence)),

	[PPME_SYSCALL_IOCTL_2_E] = EV("ioctl", IO_OTHER, UFD | OLD,
		FD_("fd"), P("request", UINT64, HEX)),
	[PPME_SYSCALL_IOCTL_2_X] = EV("ioctl", IO_OTHER, UFD | OLD, RES),

	/* path is a CHARBUF, not an FSPATH: it is absolute and needs no
	 * resolution (getcwd), or the parser already resolves it (chdir). */
	[PPME_SYSCALL_GETCWD_E] = EV0("getcwd", FILE, DSC),
	[PPME_SYSCALL_GETCWD_X] = EV("getcwd", FILE, DSC, RES, P("path", CHARBUF, NA)),
	[PPME_SYSCALL_CHDIR_E] = EV0("chdir", FILE, MST),
	[PPME_SYSCALL_CHDIR_X] = EV("chdir", FILE, MST, RES, P("path", CHARBUF, NA)),
	[PPME_SYSCALL_FCHDIR_E] = EV("fchdir", FILE, UFD | MST, P("fd", FD, NA)),
	[PPME_SYSCALL_FCHDIR_X] = EV("fchdir", FILE, UFD | MST, RES, P("fd", FD, NA)),

	[PPME_SYSCALL_MKDIR_E] = EV("mkdir", FILE, OLD,
		P("path", FSPATH, NA), P("mode", UINT32, HEX)),
	[PPME_SYSCALL_MKDIR_X] = EV("mkdir", FILE, OLD, RES),
	[PPME_SYSCALL_RMDIR_E] = EV("rmdir", FILE, OLD, P("path", FSPATH, NA)),
	[PPME_SYSCALL_RMDIR_X] = EV("rmdir", FILE, OLD, RES),

	[PPME_SYSCALL_OPENAT_E] = EV("openat", FILE, CFD | MST | OLD,
		FD_("dirfd"), P("name", CHARBUF, NA), FILE_FLAGS, OPEN_MODE),
	[PPME_SYSCALL_OPENAT_X] = EV("openat", FILE, CFD | MST | OLD, FD_("fd")),

	[PPME_SYSCALL_LINK_E] = EV("link", FILE, OLD,
		P("oldpath", FSPATH, NA), P("newpath", FSPATH, NA)),
	[PPME_SYSCALL_LINK_X] = EV("link", FILE, OLD, RES),
	[PPME_SYSCALL_LINKAT_E] = EV("linkat", FILE, OLD,
		FD_("olddir"), P("oldpath", CHARBUF, NA), FD_("newdir"), P("newpath", CHARBUF, NA)),
	[PPME_SYSCALL_LINKAT_X] = EV("linkat", FILE, OLD, RES),
	[PPME_SYSCALL_UNLINK_E] = EV("unlink", FILE, OLD, P("path", FSPATH, NA)),
	[PPME_SYSCALL_UNLINK_X] = EV("unlink", FILE, OLD, RES),
	[PPME_SYSCALL_UNLINKAT_E] = EV("unlinkat", FILE, OLD, FD_("dirfd"), P("name", CHARBUF, NA)),
	[PPME_SYSCALL_UNLINKAT_X] = EV("unlinkat", FILE, OLD, RES),

	[PPME_SYSCALL_PREAD_E] = EV("pread", IO_READ, UFD | RFD | DSC,
		FD_("fd"), SIZE, P("pos", UINT64, DEC)),
	[PPME_SYSCALL_PREAD_X] = EV("pread", IO_READ, UFD | RFD | DSC,
		RES, DATA, FD_("fd"), SIZE, P("pos", UINT64, DEC)),
	[PPME_SYSCALL_PWRITE_E] = EV("pwrite", IO_WRITE, UFD | WFD | DSC,
		FD_("fd"), SIZE, P("pos", UINT64, DEC)),
	[PPME_SYSCALL_PWRITE_X] = EV("pwrite", IO_WRITE, UFD | WFD | DSC,
		RES, DATA, FD_("fd"), SIZE, P("pos", UINT64, DEC)),
	[PPME_SYSCALL_READV_E] = EV("readv", IO_READ, UFD | RFD | DSC, FD_("fd")),
	[PPME_SYSCALL_READV_X] = EV("readv", IO_READ, UFD | RFD | DSC, RES, SIZE, DATA, FD_("fd")),
	[PPME_SYSCALL_WRITEV_E] = EV("writev", IO_WRITE, UFD | WFD | DSC, FD_("fd"), SIZE),
	[PPME_SYSCALL_WRITEV_X] = EV("writev", IO_WRITE, UFD | WFD | DSC, RES, DATA, FD_("fd"), SIZE),
	[PPME_SYSCALL_PREADV_E] = EV("preadv", IO_READ, UFD | RFD | DSC,
		FD_("fd"), P("pos", UINT64, DEC)),
	[PPME_SYSCALL_PREADV_X] = EV("preadv", IO_READ, UFD | RFD | DSC,
		RES, SIZE, DATA, FD_("fd"), P("pos", UINT64, DEC)),
	[PPME_SYSCALL_PWRITEV_E] = EV("pwritev", IO_WRITE, UFD | WFD | DSC,
		FD_("fd"), SIZE, P("pos", UINT64, DEC)),
	[PPME_SYSCALL_PWRITEV_X] = EV("pwritev", IO_WRITE, UFD | WFD | DSC,
		RES, DATA, FD_("fd"), SIZE, P("pos", UINT64, DEC)),

	/* dup, dup2 and dup3 as older drivers reported them all; newer libs
	 * gave each an event of its own (DUP_1, DUP2, DUP3) */
	[PPME_SYSCALL_DUP_E] = EV("dup", IO_OTHER, CFD | UFD | MST | OLD, FD_("fd")),
	[PPME_SYSCALL_DUP_X] = EV("dup", IO_OTHER, CFD | UFD | MST | OLD, FD_("res")),

	[PPME_SYSCALL_SIGNALFD_E] = EV("signalfd", SIGNAL, CFD | MST,
		FD_("fd"), P("mask", UINT32, HEX), P("flags", UINT8, HEX)),
	[PPME_SYSCALL_SIGNALFD_X] = EV("signalfd", SIGNAL, CFD | MST,
		FD_("res"), FD_("fd"), P("mask", UINT32, HEX), P("flags", UINT8, HEX)),

	[PPME_SYSCALL_KILL_E] = EV("kill", SIGNAL, EF_NONE,
		P("pid", PID, DEC), P("sig", SIGTYPE, DEC)),
	[PPME_SYSCALL_KILL_X] = EV("kill", SIGNAL, EF_NONE,
		RES, P("pid", PID, DEC), P("sig", SIGTYPE, DEC)),
	[PPME_SYSCALL_TKILL_E] = EV("tkill", SIGNAL, EF_NONE,
		P("tid", PID, DEC), P("sig", SIGTYPE, DEC)),
	[PPME_SYSCALL_TKILL_X] = EV("tkill", SIGNAL, EF_NONE,
		RES, P("tid", PID, DEC), P("sig", SIGTYPE, DEC)),
	[PPME_SYSCALL_TGKILL_E] = EV("tgkill", SIGNAL, EF_NONE,
		P("pid", PID, DEC), P("tid", PID, DEC), P("sig", SIGTYPE, DEC)),
	[PPME_SYSCALL_TGKILL_X] = EV("tgkill", SIGNAL, EF_NONE,
		RES, P("pid", PID, DEC), P("tid", PID, DEC), P("sig", SIGTYPE, DEC)),

	[PPME_SYSCALL_NANOSLEEP_E] = EV("nanosleep", SLEEP, WTS | DSC, P("interval", RELTIME, DEC)),
	[PPME_SYSCALL_NANOSLEEP_X] = EV("nanosleep", SLEEP, WTS | DSC,
		RES, P("interval", RELTIME, DEC)),

	[PPME_SYSCALL_TIMERFD_CREATE_E] = EV("timerfd_create", TIME, CFD | MST | DSC,
		P("clockid", UINT8, DEC), P("flags", UINT8, HEX)),
	[PPME_SYSCALL_TIMERFD_CREATE_X] = EV("timerfd_create", TIME, CFD | MST | DSC,
		FD_("res"), P("clockid", UINT8, DEC), P("flags", UINT8, HEX)),

	[PPME_SYSCALL_INOTIFY_INIT_E] = EV("inotify_init", IPC, CFD | MST, P("flags", UINT8, HEX)),
	[PPME_SYSCALL_INOTIFY_INIT_X] = EV("inotify_init", IPC, CFD | MST,
		FD_("res"), P("flags", UINT8, HEX)),

	[PPME_SYSCALL_GETRLIMIT_E] = EV("getrlimit", PROCESS, DSC, RLIMIT_RES),
	[PPME_SYSCALL_GETRLIMIT_X] = EV("getrlimit", PROCESS, DSC,
		RES, P("cur", INT64, DEC), P("max", INT64, DEC), RLIMIT_RES),
	[PPME_SYSCALL_SETRLIMIT_E] = EV("setrlimit", PROCESS, DSC, RLIMIT_RES),
	[PPME_SYSCALL_SETRLIMIT_X] = EV("setrlimit", PROCESS, DSC,
		RES, P("cur", INT64, DEC), P("max", INT64, DEC), RLIMIT_RES),
	[PPME_SYSCALL_PRLIMIT_E] = EV("prlimit", PROCESS, EF_NONE, P("pid", PID, DEC), RLIMIT_RES),
	[PPME_SYSCALL_PRLIMIT_X] = EV("prlimit", PROCESS, EF_NONE,
		RES, P("newcur", INT64, DEC), P("newmax", INT64, DEC), P("oldcur", INT64, DEC),
		P("oldmax", INT64, DEC), P("pid", INT64, DEC), RLIMIT_RES),

	[PPME_SCHEDSWITCH_1_E] = EV("switch", SCHEDULER, SPR | OLD | DSC, P("next", PID, DEC)),
	[PPME_SCHEDSWITCH_1_X] = UNUSED_CODE,

	[PPME_DROP_E] = EV("drop", INTERNAL, SPR, P("ratio", UINT32, DEC)),
	[PPME_DROP_X] = EV("drop", INTERNAL, SPR, P("ratio", UINT32, DEC)),

	[PPME_SYSCALL_FCNTL_E] = EV("fcntl", IO_OTHER, UFD | MST | DSC,
		FD_("fd"), F("cmd", ENUMFLAGS8, DEC, fcntl_commands)),
	[PPME_SYSCALL_FCNTL_X] = EV("fcntl", IO_OTHER, UFD | MST | DSC,
		FD_("res"), FD_("fd"), F("cmd", ENUMFLAGS8, DEC, fcntl_commands)),

	[PPME_SCHEDSWITCH_6_E] = EV("switch", SCHEDULER, DSC, P("next", PID, DEC), PGFT_VM),
	[PPME_SCHEDSWITCH_6_X] = UNUSED_CODE,

	[PPME_SYSCALL_EXECVE_13_E] = EV0("execve", PROCESS, MST | OLD),
	[PPME_SYSCALL_EXECVE_13_X] = EV("execve", PROCESS, MST | OLD, EXECVE_HEAD, PGFT_VM),

	[PPME_SYSCALL_CLONE_16_E] = EV0("clone", PROCESS, MST | OLD),
	[PPME_SYSCALL_CLONE_16_X] = EV("clone", PROCESS, MST | OLD, CLONE_16_X),

	[PPME_SYSCALL_BRK_4_E] = EV("brk", MEMORY, DSC, P("addr", UINT64, HEX)),
	[PPME_SYSCALL_BRK_4_X] = EV("brk", MEMORY, DSC,
		P("res", UINT64, HEX), VM3, P("addr", UINT64, HEX)),

	[PPME_SYSCALL_MMAP_E] = EV("mmap", MEMORY, UFD | DSC, MMAP_ARGS("offset")),
	[PPME_SYSCALL_MMAP_X] = EV("mmap", MEMORY, UFD | DSC,
		P("res", ERRNO, HEX), VM3, MMAP_ARGS("offset")),
	[PPME_SYSCALL_MMAP2_E] = EV("mmap2", MEMORY, UFD | DSC, MMAP_ARGS("pgoffset")),
	[PPME_SYSCALL_MMAP2_X] = EV("mmap2", MEMORY, UFD | DSC,
		P("res", ERRNO, HEX), VM3, MMAP_ARGS("pgoffset")),
	[PPME_SYSCALL_MUNMAP_E] = EV("munmap", MEMORY, DSC,
		P("addr", UINT64, HEX), P("length", UINT64, DEC)),
	[PPME_SYSCALL_MUNMAP_X] = EV("munmap", MEMORY, DSC,
		RES, VM3, P("addr", UINT64, HEX), P("length", UINT64, DEC)),

	[PPME_SYSCALL_SPLICE_E] = EV("splice", IO_OTHER, UFD | DSC,
		FD_("fd_in"), FD_("fd_out"), P("size", UINT64, DEC),
		F("flags", FLAGS32, HEX, splice_flags)),
	[PPME_SYSCALL_SPLICE_X] = EV("splice", IO_OTHER, UFD | DSC,
		RES, FD_("fd_in"), FD_("fd_out"), P("size", UINT64, DEC),
		F("flags", FLAGS32, HEX, splice_flags)),

	[PPME_SYSCALL_PTRACE_E] = EV("ptrace", PROCESS, EF_NONE,
		F("request", ENUMFLAGS16, DEC, ptrace_requests), P("pid", PID, DEC)),
	[PPME_SYSCALL_PTRACE_X] = EV("ptrace", PROCESS, EF_NONE,
		RES, P("addr", DYN, HEX), P("data", DYN, HEX),
		F("request", ENUMFLAGS16, DEC, ptrace_requests), P("pid", PID, DEC)),

	[PPME_SYSCALL_IOCTL_3_E] = EV("ioctl", IO_OTHER, UFD,
		FD_("fd"), P("request", UINT64, HEX), P("argument", UINT64, HEX)),
	[PPME_SYSCALL_IOCTL_3_X] = EV("ioctl", IO_OTHER, UFD,
		RES, FD_("fd"), P("request", UINT64, HEX), P("argument", UINT64, HEX)),

	[PPME_SYSCALL_EXECVE_14_E] = EV0("execve", PROCESS, MST | OLD),
	[PPME_SYSCALL_EXECVE_14_X] = EV("execve", PROCESS, MST | OLD, EXECVE_HEAD, PGFT_VM, ENV),

	[PPME_SYSCALL_RENAME_E] = EV0("rename", FILE, EF_NONE),
	[PPME_SYSCALL_RENAME_X] = EV("rename", FILE, EF_NONE,
		RES, P("oldpath", FSPATH, NA), P("newpath", FSPATH, NA)),
	[PPME_SYSCALL_RENAMEAT_E] = EV0("renameat", FILE, EF_NONE),
	[PPME_SYSCALL_RENAMEAT_X] = EV("renameat", FILE, EF_NONE,
		RES, FD_("olddirfd"), REL("oldpath", 1), FD_("newdirfd"), REL("newpath", 3)),
	[PPME_SYSCALL_SYMLINK_E] = EV0("symlink", FILE, EF_NONE),
	[PPME_SYSCALL_SYMLINK_X] = EV("symlink", FILE, EF_NONE,
		RES, P("target", CHARBUF, NA), P("linkpath", FSPATH, NA)),
	[PPME_SYSCALL_SYMLINKAT_E] = EV0("symlinkat", FILE, EF_NONE),
	[PPME_SYSCALL_SYMLINKAT_X] = EV("symlinkat", FILE, UFD,
		RES, P("target", CHARBUF, NA), FD_("linkdirfd"), REL("linkpath", 2)),

	[PPME_SYSCALL_FORK_E] = EV0("fork", PROCESS, MST | OLD),
	[PPME_SYSCALL_FORK_X] = EV("fork", PROCESS, MST | OLD, CLONE_16_X),
	[PPME_SYSCALL_VFORK_E] = EV0("vfork", PROCESS, MST | OLD),
	[PPME_SYSCALL_VFORK_X] = EV("vfork", PROCESS, MST | OLD, CLONE_16_X),

	[PPME_PROCEXIT_1_E] = EV("procexit", PROCESS, MST,
		P("status", ERRNO, DEC), P("ret", ERRNO, DEC), P("sig", SIGTYPE, DEC),
		P("core", UINT8, DEC), P("reaper_tid", PID, DEC)),
	[PPME_PROCEXIT_1_X] = UNUSED_CODE,

	[PPME_SYSCALL_SENDFILE_E] = EV("sendfile", IO_WRITE, UFD | DSC,
		FD_("out_fd"), FD_("in_fd"), P("offset", UINT64, DEC), P("size", UINT64, DEC)),
	[PPME_SYSCALL_SENDFILE_X] = EV("sendfile", IO_WRITE, UFD | DSC,
		RES, P("offset", UINT64, DEC), FD_("out_fd"), FD_("in_fd"), P("size", UINT64, DEC)),

	[PPME_SYSCALL_QUOTACTL_E] = EV("quotactl", USER, EF_NONE, QUOTACTL_ARGS),
	[PPME_SYSCALL_QUOTACTL_X] = EV("quotactl", USER, EF_NONE,
		RES, P("special", CHARBUF, NA), P("quotafilepath", CHARBUF, NA),
		P("dqb_bhardlimit", UINT64, DEC), P("dqb_bsoftlimit", UINT64, DEC),
		P("dqb_curspace", UINT64, DEC), P("dqb_ihardlimit", UINT64, DEC),
		P("dqb_isoftlimit", UINT64, DEC), P("dqb_btime", RELTIME, DEC),
		P("dqb_itime", RELTIME, DEC), P("dqi_bgrace", RELTIME, DEC),
		P("dqi_igrace", RELTIME, DEC), F("dqi_flags", FLAGS8, DEC, quotactl_dqi_flags),
		F("quota_fmt_out", FLAGS8, DEC, quotactl_quota_fmts), QUOTACTL_ARGS),

	[PPME_SYSCALL_SETRESUID_E] = EV("setresuid", USER, MST,
		P("ruid", UID, DEC), P("euid", UID, DEC), P("suid", UID, DEC)),
	[PPME_SYSCALL_SETRESUID_X] = EV("setresuid", USER, MST,
		RES, P("ruid", UID, DEC), P("euid", UID, DEC), P("suid", UID, DEC)),
	[PPME_SYSCALL_SETRESGID_E] = EV("setresgid", USER, MST,
		P("rgid", GID, DEC), P("egid", GID, DEC), P("sgid", GID, DEC)),
	[PPME_SYSCALL_SETRESGID_X] = EV("setresgid", USER, MST,
		RES, P("rgid", GID, DEC), P("egid", GID, DEC), P("sgid", GID, DEC)),

	[PPME_SCAPEVENT_E] = EV("scapevent", INTERNAL, SPR,
		P("event_type", UINT32, DEC), P("event_data", UINT64, DEC)),
	[PPME_SCAPEVENT_X] = UNUSED_CODE,

	[PPME_SYSCALL_SETUID_E] = EV("setuid", USER, MST, P("uid", UID, DEC)),
	[PPME_SYSCALL_SETUID_X] = EV("setuid", USER, MST, RES, P("uid", UID, DEC)),
	[PPME_SYSCALL_SETGID_E] = EV("setgid", USER, MST, P("gid", GID, DEC)),
	[PPME_SYSCALL_SETGID_X] = EV("setgid", USER, MST, RES, P("gid", GID, DEC)),
	[PPME_SYSCALL_GETUID_E] = EV0("getuid", USER, DSC),
	[PPME_SYSCALL_GETUID_X] = EV("getuid", USER, DSC, P("uid", UID, DEC)),
	[PPME_SYSCALL_GETEUID_E] = EV0("geteuid", USER, DSC),
	[PPME_SYSCALL_GETEUID_X] = EV("geteuid", USER, DSC, P("euid", UID, DEC)),
	[PPME_SYSCALL_GETGID_E] = EV0("getgid", USER, DSC),
	[PPME_SYSCALL_GETGID_X] = EV("getgid", USER, DSC, P("gid", GID, DEC)),
	[PPME_SYSCALL_GETEGID_E] = EV0("getegid", USER, DSC),
	[PPME_SYSCALL_GETEGID_X] = EV("getegid", USER, DSC, P("egid", GID, DEC)),
	[PPME_SYSCALL_GETRESUID_E] = EV0("getresuid", USER, DSC),
	[PPME_SYSCALL_GETRESUID_X] = EV("getresuid", USER, DSC,
		RES, P("ruid", UID, DEC), P("euid", UID, DEC), P("suid", UID, DEC)),
	[PPME_SYSCALL_GETRESGID_E] = EV0("getresgid", USER, DSC),
	[PPME_SYSCALL_GETRESGID_X] = EV("getresgid", USER, DSC,
		RES, P("rgid", GID, DEC), P("egid", GID, DEC), P("sgid", GID, DEC)),

	[PPME_SYSCALL_EXECVE_15_E] = EV0("execve", PROCESS, MST | OLD),
	[PPME_SYSCALL_EXECVE_15_X] = EV("execve", PROCESS, MST | OLD,
		EXECVE_HEAD, PGFT_VM, COMM, ENV),
	[PPME_SYSCALL_CLONE_17_E] = EV0("clone", PROCESS, MST | OLD),
	[PPME_SYSCALL_CLONE_17_X] = EV("clone", PROCESS, MST | OLD, CLONE_17_X),
	[PPME_SYSCALL_FORK_17_E] = EV0("fork", PROCESS, MST | OLD),
	[PPME_SYSCALL_FORK_17_X] = EV("fork", PROCESS, MST | OLD, CLONE_17_X),
	[PPME_SYSCALL_VFORK_17_E] = EV0("vfork", PROCESS, MST | OLD),
	[PPME_SYSCALL_VFORK_17_X] = EV("vfork", PROCESS, MST | OLD, CLONE_17_X),

	[PPME_SYSCALL_CLONE_20_E] = EV0("clone", PROCESS, MST),
	[PPME_SYSCALL_CLONE_20_X] = EV("clone", PROCESS, MST, CLONE_20_X),
	[PPME_SYSCALL_FORK_20_E] = EV0("fork", PROCESS, MST),
	[PPME_SYSCALL_FORK_20_X] = EV("fork", PROCESS, MST, CLONE_20_X),
	[PPME_SYSCALL_VFORK_20_E] = EV0("vfork", PROCESS, MST),
	[PPME_SYSCALL_VFORK_20_X] = EV("vfork", PROCESS, MST, CLONE_20_X),

	[PPME_CONTAINER_E] = EV("container", INTERNAL, MST | SPR | OLD,
		P("id", CHARBUF, NA), P("type", UINT32, DEC), P("name", CHARBUF, NA),
		P("image", CHARBUF, NA)),
	[PPME_CONTAINER_X] = UNUSED_CODE,

	[PPME_SYSCALL_EXECVE_16_E] = EV0("execve", PROCESS, MST | OLD),
	[PPME_SYSCALL_EXECVE_16_X] = EV("execve", PROCESS, MST | OLD,
		EXECVE_HEAD, PGFT_VM, COMM, CGROUPS, ENV),

	[PPME_SIGNALDELIVER_E] = EV("signaldeliver", SIGNAL, DSC,
		P("spid", PID, DEC), P("dpid", PID, DEC), P("sig", SIGTYPE, DEC)),
	[PPME_SIGNALDELIVER_X] = UNUSED_CODE,

	[PPME_PROCINFO_E] = EV("procinfo", INTERNAL, SPR | DSC,
		P("cpu_usr", UINT64, DEC), P("cpu_sys", UINT64, DEC)),
	[PPME_PROCINFO_X] = UNUSED_CODE,

	[PPME_SYSCALL_GETDENTS_E] = EV("getdents", FILE, UFD | DSC, P("fd", FD, NA)),
	[PPME_SYSCALL_GETDENTS_X] = EV("getdents", FILE, UFD | DSC, RES, P("fd", FD, NA)),
	[PPME_SYSCALL_GETDENTS64_E] = EV("getdents64", FILE, UFD | DSC, P("fd", FD, NA)),
	[PPME_SYSCALL_GETDENTS64_X] = EV("getdents64", FILE, UFD | DSC, RES, P("fd", FD, NA)),

	[PPME_SYSCALL_SETNS_E] = EV("setns", PROCESS, UFD,
		P("fd", FD, NA), F("nstype", FLAGS32, HEX, clone_flags)),
	[PPME_SYSCALL_SETNS_X] = EV("setns", PROCESS, UFD,
		RES, P("fd", FD, NA), F("nstype", FLAGS32, HEX, clone_flags)),

	[PPME_SYSCALL_FLOCK_E] = EV("flock", FILE, UFD,
		P("fd", FD, NA), F("operation", FLAGS32, HEX, flock_flags)),
	[PPME_SYSCALL_FLOCK_X] = EV("flock", FILE, UFD,
		RES, P("fd", FD, NA), F("operation", FLAGS32, HEX, flock_flags)),

	[PPME_CPU_HOTPLUG_E] = EV("cpu_hotplug", SYSTEM, SPR | MST,
		P("cpu", UINT32, DEC), P("action", UINT32, DEC)),
	[PPME_CPU_HOTPLUG_X] = UNUSED_CODE,

	[PPME_SOCKET_ACCEPT_5_E] = EV0("accept", NET, CFD | MST),
	[PPME_SOCKET_ACCEPT_5_X] = EV("accept", NET, CFD | MST, ACCEPT_X),
	/* older drivers' accept4; newer libs: ACCEPT4_6 */
	[PPME_SOCKET_ACCEPT4_5_E] = EV("accept", NET, CFD | MST | OLD, P("flags", INT32, HEX)),
	[PPME_SOCKET_ACCEPT4_5_X] = EV("accept", NET, CFD | MST | OLD, ACCEPT_X),

	[PPME_SYSCALL_SEMOP_E] = EV("semop", PROCESS, DSC, P("semid", INT32, DEC)),
	[PPME_SYSCALL_SEMOP_X] = EV("semop", PROCESS, DSC,
		RES, P("nsops", UINT32, DEC),
		P("sem_num_0", UINT16, DEC), P("sem_op_0", INT16, DEC),
		F("sem_flg_0", FLAGS16, HEX, semop_flags),
		P("sem_num_1", UINT16, DEC), P("sem_op_1", INT16, DEC),
		F("sem_flg_1", FLAGS16, HEX, semop_flags), P("semid", INT32, DEC)),
	[PPME_SYSCALL_SEMCTL_E] = EV("semctl", PROCESS, DSC, SEMCTL_ARGS),
	[PPME_SYSCALL_SEMCTL_X] = EV("semctl", PROCESS, DSC, RES, SEMCTL_ARGS),

	[PPME_SYSCALL_PPOLL_E] = EV("ppoll", WAIT, WTS | DSC,
		P("fds", FDLIST, DEC), P("timeout", RELTIME, DEC), P("sigmask", SIGSET, DEC)),
	[PPME_SYSCALL_PPOLL_X] = EV("ppoll", WAIT, WTS | DSC,
		RES, P("fds", FDLIST, DEC), P("timeout", RELTIME, DEC), P("sigmask", SIGSET, DEC)),

	[PPME_SYSCALL_MOUNT_E] = EV("mount", FILE, MST, F("flags", FLAGS32, HEX, mount_flags)),
	[PPME_SYSCALL_MOUNT_X] = EV("mount", FILE, MST,
		RES, P("dev", CHARBUF, NA), P("dir", FSPATH, NA), P("type", CHARBUF, NA),
		F("flags", FLAGS32, HEX, mount_flags)),
	/* umount2 as older drivers reported it; newer libs: UMOUNT2 */
	[PPME_SYSCALL_UMOUNT_E] = EV("umount", FILE, MST | OLD, F("flags", FLAGS32, HEX, umount_flags)),
	[PPME_SYSCALL_UMOUNT_X] = EV("umount", FILE, MST | OLD, RES, P("name", FSPATH, NA)),

	[PPME_K8S_E] = EV("k8s", INTERNAL, SPR | MST | OLD, P("json", CHARBUF, NA)),
	[PPME_K8S_X] = UNUSED_CODE,

	[PPME_SYSCALL_SEMGET_E] = EV("semget", PROCESS, DSC,
		P("key", INT32, HEX), P("nsems", INT32, DEC),
		F("semflg", FLAGS32, HEX, semget_flags)),
	[PPME_SYSCALL_SEMGET_X] = EV("semget", PROCESS, DSC,
		RES, P("key", INT32, HEX), P("nsems", INT32, DEC),
		F("semflg", FLAGS32, HEX, semget_flags)),

	[PPME_SYSCALL_ACCESS_E] = EV("access", FILE, DSC, F("mode", FLAGS32, HEX, access_flags)),
	[PPME_SYSCALL_ACCESS_X] = EV("access", FILE, DSC,
		RES, P("name", FSPATH, NA), F("mode", FLAGS32, HEX, access_flags)),

	[PPME_SYSCALL_CHROOT_E] = EV0("chroot", PROCESS, MST),
	[PPME_SYSCALL_CHROOT_X] = EV("chroot", PROCESS, MST, RES, P("path", FSPATH, NA)),

	[PPME_TRACER_E] = EV("tracer", OTHER, OLD,
		P("id", INT64, DEC), P("tags", CHARBUFARRAY, NA), P("args", CHARBUF_PAIR_ARRAY, NA)),
	[PPME_TRACER_X] = EV("tracer", OTHER, OLD,
		P("id", INT64, DEC), P("tags", CHARBUFARRAY, NA), P("args", CHARBUF_PAIR_ARRAY, NA)),

	[PPME_MESOS_E] = EV("mesos", INTERNAL, SPR | MST | OLD, P("json", CHARBUF, NA)),
	[PPME_MESOS_X] = UNUSED_CODE,

	[PPME_CONTAINER_JSON_E] = EV("container", PROCESS, MST | OLD, P("json", CHARBUF, NA)),
	/* not libs': wtftop tells a container's end with its start's JSON, under
	 * a name of its own, so that rules on evt.type=container (Falco's
	 * container_started) see starts only */
	[PPME_CONTAINER_JSON_X] = EV("container_end", PROCESS, MST | EF_UNPAIRED, P("json", CHARBUF, NA)),

	[PPME_SYSCALL_SETSID_E] = EV0("setsid", PROCESS, MST),
	[PPME_SYSCALL_SETSID_X] = EV("setsid", PROCESS, MST, P("res", PID, DEC)),

	[PPME_SYSCALL_MKDIR_2_E] = EV("mkdir", FILE, EF_NONE, P("mode", UINT32, HEX)),
	[PPME_SYSCALL_MKDIR_2_X] = EV("mkdir", FILE, EF_NONE,
		RES, P("path", FSPATH, NA), P("mode", UINT32, HEX)),
	[PPME_SYSCALL_RMDIR_2_E] = EV0("rmdir", FILE, EF_NONE),
	[PPME_SYSCALL_RMDIR_2_X] = EV("rmdir", FILE, EF_NONE, RES, P("path", FSPATH, NA)),

	[PPME_NOTIFICATION_E] = EV("notification", OTHER, SPR,
		P("id", CHARBUF, DEC), P("desc", CHARBUF, NA)),
	[PPME_NOTIFICATION_X] = UNUSED_CODE,

	[PPME_SYSCALL_EXECVE_17_E] = EV0("execve", PROCESS, MST | OLD),
	[PPME_SYSCALL_EXECVE_17_X] = EV("execve", PROCESS, MST | OLD, EXECVE_17_X),

	[PPME_SYSCALL_UNSHARE_E] = EV("unshare", PROCESS, EF_NONE,
		F("flags", FLAGS32, HEX, clone_flags)),
	[PPME_SYSCALL_UNSHARE_X] = EV("unshare", PROCESS, EF_NONE,
		RES, F("flags", FLAGS32, HEX, clone_flags)),

	[PPME_INFRASTRUCTURE_EVENT_E] = EV("infra", INTERNAL, SPR,
		P("source", CHARBUF, DEC), P("name", CHARBUF, NA), P("description", CHARBUF, NA),
		P("scope", CHARBUF, NA)),
	[PPME_INFRASTRUCTURE_EVENT_X] = UNUSED_CODE,

	[PPME_SYSCALL_EXECVE_18_E] = EV("execve", PROCESS, MST | OLD, P("filename", FSPATH, NA)),
	[PPME_SYSCALL_EXECVE_18_X] = EV("execve", PROCESS, MST | OLD, EXECVE_17_X),

	[PPME_PAGE_FAULT_E] = EV("page_fault", OTHER, SPR | DSC,
		P("addr", UINT64, HEX), P("ip", UINT64, HEX), F("error", FLAGS32, HEX, pf_flags)),
	[PPME_PAGE_FAULT_X] = UNUSED_CODE,

	[PPME_SYSCALL_EXECVE_19_E] = EV("execve", PROCESS, MST, P("filename", FSPATH, NA)),
	[PPME_SYSCALL_EXECVE_19_X] = EV("execve", PROCESS, MST,
		EXECVE_19_BODY, P("filename", FSPATH, NA)),

	[PPME_SYSCALL_SETPGID_E] = EV("setpgid", PROCESS, MST,
		P("pid", PID, DEC), P("pgid", PID, DEC)),
	[PPME_SYSCALL_SETPGID_X] = EV("setpgid", PROCESS, MST,
		RES, P("pid", PID, DEC), P("pgid", PID, DEC)),

	/* older drivers' bpf; newer libs: BPF_2 */
	[PPME_SYSCALL_BPF_E] = EV("bpf", OTHER, CFD | OLD, P("cmd", INT64, DEC)),
	[PPME_SYSCALL_BPF_X] = EV("bpf", OTHER, CFD | OLD, P("res_or_fd", DYN, DEC)),

	[PPME_SYSCALL_SECCOMP_E] = EV("seccomp", OTHER, EF_NONE,
		P("op", UINT64, DEC), P("flags", UINT64, HEX)),
	[PPME_SYSCALL_SECCOMP_X] = EV("seccomp", OTHER, EF_NONE,
		RES, P("op", UINT64, DEC), P("flags", UINT64, HEX)),

	[PPME_SYSCALL_UNLINK_2_E] = EV0("unlink", FILE, EF_NONE),
	[PPME_SYSCALL_UNLINK_2_X] = EV("unlink", FILE, EF_NONE, RES, P("path", FSPATH, NA)),
	[PPME_SYSCALL_UNLINKAT_2_E] = EV0("unlinkat", FILE, EF_NONE),
	[PPME_SYSCALL_UNLINKAT_2_X] = EV("unlinkat", FILE, UFD,
		RES, FD_("dirfd"), REL("name", 1), F("flags", FLAGS32, HEX, unlinkat_flags)),
	[PPME_SYSCALL_MKDIRAT_E] = EV0("mkdirat", FILE, EF_NONE),
	[PPME_SYSCALL_MKDIRAT_X] = EV("mkdirat", FILE, UFD,
		RES, FD_("dirfd"), REL("path", 1), P("mode", UINT32, HEX)),

	[PPME_SYSCALL_OPENAT_2_E] = EV("openat", FILE, CFD | MST,
		FD_("dirfd"), REL("name", 0), FILE_FLAGS, OPEN_MODE),
	[PPME_SYSCALL_OPENAT_2_X] = EV("openat", FILE, CFD | MST,
		FD_("fd"), FD_("dirfd"), REL("name", 1), FILE_FLAGS, OPEN_MODE, DEV, INO),

	[PPME_SYSCALL_LINK_2_E] = EV0("link", FILE, EF_NONE),
	[PPME_SYSCALL_LINK_2_X] = EV("link", FILE, EF_NONE,
		RES, P("oldpath", FSPATH, NA), P("newpath", FSPATH, NA)),
	[PPME_SYSCALL_LINKAT_2_E] = EV0("linkat", FILE, EF_NONE),
	[PPME_SYSCALL_LINKAT_2_X] = EV("linkat", FILE, EF_NONE,
		RES, FD_("olddir"), REL("oldpath", 1), FD_("newdir"), REL("newpath", 3),
		F("flags", FLAGS32, HEX, linkat_flags)),

	[PPME_SYSCALL_FCHMODAT_E] = EV0("fchmodat", FILE, EF_NONE),
	[PPME_SYSCALL_FCHMODAT_X] = EV("fchmodat", FILE, UFD,
		RES, FD_("dirfd"), REL("filename", 1), F("mode", MODE, OCT, file_modes)),
	[PPME_SYSCALL_CHMOD_E] = EV0("chmod", FILE, EF_NONE),
	[PPME_SYSCALL_CHMOD_X] = EV("chmod", FILE, EF_NONE,
		RES, P("filename", FSPATH, NA), F("mode", MODE, OCT, file_modes)),
	[PPME_SYSCALL_FCHMOD_E] = EV0("fchmod", FILE, EF_NONE),
	[PPME_SYSCALL_FCHMOD_X] = EV("fchmod", FILE, UFD,
		RES, FD_("fd"), F("mode", MODE, OCT, file_modes)),

	[PPME_SYSCALL_RENAMEAT2_E] = EV0("renameat2", FILE, EF_NONE),
	[PPME_SYSCALL_RENAMEAT2_X] = EV("renameat2", FILE, EF_NONE,
		RES, FD_("olddirfd"), REL("oldpath", 1), FD_("newdirfd"), REL("newpath", 3),
		F("flags", FLAGS32, HEX, rename_flags)),

	[PPME_SYSCALL_USERFAULTFD_E] = EV0("userfaultfd", FILE, CFD | MST),
	[PPME_SYSCALL_USERFAULTFD_X] = EV("userfaultfd", FILE, CFD | MST, RES, FILE_FLAGS),

	[PPME_PLUGINEVENT_E] = EV("pluginevent", OTHER, BIG,
		P("plugin_id", UINT32, DEC), P("event_data", BYTEBUF, NA)),
	[PPME_PLUGINEVENT_X] = UNUSED_CODE,

	[PPME_CONTAINER_JSON_2_E] = EV("container", PROCESS, MST | BIG, P("json", CHARBUF, NA)),
	[PPME_CONTAINER_JSON_2_X] = UNUSED_CODE,

	[PPME_SYSCALL_OPENAT2_E] = EV("openat2", FILE, CFD | MST,
		FD_("dirfd"), REL("name", 0), FILE_FLAGS, OPEN_MODE,
		F("resolve", FLAGS32, HEX, openat2_resolve)),
	[PPME_SYSCALL_OPENAT2_X] = EV("openat2", FILE, CFD | MST,
		FD_("fd"), FD_("dirfd"), REL("name", 1), FILE_FLAGS, OPEN_MODE,
		F("resolve", FLAGS32, HEX, openat2_resolve), DEV, INO),

	[PPME_SYSCALL_MPROTECT_E] = EV("mprotect", MEMORY, DSC,
		P("addr", UINT64, HEX), P("length", UINT64, DEC), F("prot", FLAGS32, HEX, prot_flags)),
	[PPME_SYSCALL_MPROTECT_X] = EV("mprotect", MEMORY, DSC,
		RES, P("addr", UINT64, HEX), P("length", UINT64, DEC),
		F("prot", FLAGS32, HEX, prot_flags)),

	/* A successful execveat is reported by scap drivers as execve
	 * (EXECVE_19_X); this exit event is for the failures. Its enter-only
	 * flags are left out: the name "flags" is taken by execve's. */
	[PPME_SYSCALL_EXECVEAT_E] = EV("execveat", PROCESS, MST,
		FD_("dirfd"), REL("pathname", 0), F("flags", FLAGS32, HEX, execveat_flags)),
	[PPME_SYSCALL_EXECVEAT_X] = EV("execveat", PROCESS, MST,
		EXECVE_19_BODY, FD_("dirfd"), REL("pathname", 30)),

	[PPME_SYSCALL_COPY_FILE_RANGE_E] = EV("copy_file_range", FILE, UFD | RFD | WFD,
		FD_("fdin"), P("offin", UINT64, DEC), P("len", UINT64, DEC)),
	[PPME_SYSCALL_COPY_FILE_RANGE_X] = EV("copy_file_range", FILE, UFD | RFD | WFD,
		RES, FD_("fdout"), P("offout", UINT64, DEC),
		FD_("fdin"), P("offin", UINT64, DEC), P("len", UINT64, DEC)),

	[PPME_SYSCALL_CLONE3_E] = EV0("clone3", PROCESS, MST),
	[PPME_SYSCALL_CLONE3_X] = EV("clone3", PROCESS, MST, CLONE_20_X),

	[PPME_SYSCALL_OPEN_BY_HANDLE_AT_E] = EV0("open_by_handle_at", FILE, CFD | MST),
	[PPME_SYSCALL_OPEN_BY_HANDLE_AT_X] = EV("open_by_handle_at", FILE, CFD | MST,
		FD_("fd"), FD_("mountfd"), FILE_FLAGS, P("path", FSPATH, NA), DEV, INO),

	[PPME_SYSCALL_IO_URING_SETUP_E] = EV0("io_uring_setup", IO_OTHER, CFD | MST),
	[PPME_SYSCALL_IO_URING_SETUP_X] = EV("io_uring_setup", IO_OTHER, CFD | MST,
		RES, P("entries", UINT32, DEC), P("sq_entries", UINT32, DEC),
		P("cq_entries", UINT32, DEC), F("flags", FLAGS32, HEX, io_uring_setup_flags),
		P("sq_thread_cpu", UINT32, DEC), P("sq_thread_idle", UINT32, DEC),
		F("features", FLAGS32, HEX, io_uring_setup_feats)),
	[PPME_SYSCALL_IO_URING_ENTER_E] = EV0("io_uring_enter", IO_OTHER, EF_NONE),
	[PPME_SYSCALL_IO_URING_ENTER_X] = EV("io_uring_enter", IO_OTHER, UFD,
		RES, FD_("fd"), P("to_submit", UINT32, DEC), P("min_complete", UINT32, DEC),
		F("flags", FLAGS32, HEX, io_uring_enter_flags), P("sig", SIGSET, DEC)),
	[PPME_SYSCALL_IO_URING_REGISTER_E] = EV0("io_uring_register", IO_OTHER, EF_NONE),
	[PPME_SYSCALL_IO_URING_REGISTER_X] = EV("io_uring_register", IO_OTHER, UFD,
		RES, FD_("fd"), F("opcode", ENUMFLAGS16, DEC, io_uring_register_opcodes),
		P("arg", UINT64, HEX), P("nr_args", UINT32, DEC)),

	[PPME_SYSCALL_MLOCK_E] = EV0("mlock", MEMORY, DSC),
	[PPME_SYSCALL_MLOCK_X] = EV("mlock", MEMORY, DSC,
		RES, P("addr", UINT64, HEX), P("len", UINT64, DEC)),
	[PPME_SYSCALL_MUNLOCK_E] = EV0("munlock", MEMORY, DSC),
	[PPME_SYSCALL_MUNLOCK_X] = EV("munlock", MEMORY, DSC,
		RES, P("addr", UINT64, HEX), P("len", UINT64, DEC)),
	[PPME_SYSCALL_MLOCKALL_E] = EV0("mlockall", MEMORY, DSC),
	[PPME_SYSCALL_MLOCKALL_X] = EV("mlockall", MEMORY, DSC,
		RES, F("flags", FLAGS32, HEX, mlockall_flags)),
	[PPME_SYSCALL_MUNLOCKALL_E] = EV0("munlockall", MEMORY, DSC),
	[PPME_SYSCALL_MUNLOCKALL_X] = EV("munlockall", MEMORY, DSC, RES),

	/* Codes from 352 on: appended by newer falcosecurity/libs, with the same
	 * numbers (sysdig 0.29.3 does not know them). Most are the first event
	 * for a syscall that was generic before; their enter events carry what
	 * libs gives them, their exits the exit params then the enter params. */
	[PPME_SYSCALL_CAPSET_E] = EV0("capset", PROCESS, MST),
	[PPME_SYSCALL_CAPSET_X] = EV("capset", PROCESS, MST,
		RES, P("cap_inheritable", UINT64, HEX), P("cap_permitted", UINT64, HEX),
		P("cap_effective", UINT64, HEX)),

	/* users and groups seen added or removed, from userspace (meta-events) */
	[PPME_USER_ADDED_E] = EV("useradded", PROCESS, MST, USER_ARGS),
	[PPME_USER_ADDED_X] = UNUSED_CODE,
	[PPME_USER_DELETED_E] = EV("userdeleted", PROCESS, MST, USER_ARGS),
	[PPME_USER_DELETED_X] = UNUSED_CODE,
	[PPME_GROUP_ADDED_E] = EV("groupadded", PROCESS, MST, GROUP_ARGS),
	[PPME_GROUP_ADDED_X] = UNUSED_CODE,
	[PPME_GROUP_DELETED_E] = EV("groupdeleted", PROCESS, MST, GROUP_ARGS),
	[PPME_GROUP_DELETED_X] = UNUSED_CODE,

	/* dup2/dup3 get their own events, dup a new version; the enter's fd is
	 * the exit's oldfd */
	[PPME_SYSCALL_DUP2_E] = EV("dup2", IO_OTHER, CFD | UFD | MST, FD_("fd")),
	[PPME_SYSCALL_DUP2_X] = EV("dup2", IO_OTHER, CFD | UFD | MST,
		FD_("res"), FD_("oldfd"), FD_("newfd")),
	[PPME_SYSCALL_DUP3_E] = EV("dup3", IO_OTHER, CFD | UFD | MST, FD_("fd")),
	[PPME_SYSCALL_DUP3_X] = EV("dup3", IO_OTHER, CFD | UFD | MST,
		FD_("res"), FD_("oldfd"), FD_("newfd"), FILE_FLAGS),
	[PPME_SYSCALL_DUP_1_E] = EV("dup", IO_OTHER, CFD | UFD | MST, FD_("fd")),
	[PPME_SYSCALL_DUP_1_X] = EV("dup", IO_OTHER, CFD | UFD | MST, FD_("res"), FD_("oldfd")),

	/* bpf: the enter's cmd is a plain number, the exit's an enumeration */
	[PPME_SYSCALL_BPF_2_E] = EV("bpf", OTHER, CFD, P("cmd", INT64, DEC)),
	[PPME_SYSCALL_BPF_2_X] = EV("bpf", OTHER, CFD,
		FD_("fd"), F("cmd", ENUMFLAGS32, DEC, bpf_commands)),

	[PPME_SYSCALL_MLOCK2_E] = EV0("mlock2", MEMORY, EF_NONE),
	[PPME_SYSCALL_MLOCK2_X] = EV("mlock2", MEMORY, EF_NONE,
		RES, P("addr", UINT64, HEX), P("len", UINT64, DEC),
		F("flags", FLAGS32, HEX, mlock2_flags)),

	[PPME_SYSCALL_FSCONFIG_E] = EV0("fsconfig", SYSTEM, UFD),
	[PPME_SYSCALL_FSCONFIG_X] = EV("fsconfig", SYSTEM, UFD,
		RES, FD_("fd"), F("cmd", ENUMFLAGS32, DEC, fsconfig_cmds), P("key", CHARBUF, NA),
		P("value_bytebuf", BYTEBUF, NA), P("value_charbuf", CHARBUF, NA),
		P("aux", INT32, DEC)),

	[PPME_SYSCALL_EPOLL_CREATE_E] = EV("epoll_create", WAIT, CFD | MST, P("size", INT32, DEC)),
	[PPME_SYSCALL_EPOLL_CREATE_X] = EV("epoll_create", WAIT, CFD | MST,
		RES, P("size", INT32, DEC)),
	[PPME_SYSCALL_EPOLL_CREATE1_E] = EV("epoll_create1", WAIT, CFD | MST,
		F("flags", FLAGS32, HEX, epoll_create1_flags)),
	[PPME_SYSCALL_EPOLL_CREATE1_X] = EV("epoll_create1", WAIT, CFD | MST,
		RES, F("flags", FLAGS32, HEX, epoll_create1_flags)),

	/* the chown family: uid and gid as passed (-1: unchanged) */
	[PPME_SYSCALL_CHOWN_E] = EV0("chown", FILE, EF_NONE),
	[PPME_SYSCALL_CHOWN_X] = EV("chown", FILE, EF_NONE,
		RES, P("path", FSPATH, NA), OWNER),
	[PPME_SYSCALL_LCHOWN_E] = EV0("lchown", FILE, EF_NONE),
	[PPME_SYSCALL_LCHOWN_X] = EV("lchown", FILE, EF_NONE,
		RES, P("path", FSPATH, NA), OWNER),
	[PPME_SYSCALL_FCHOWN_E] = EV0("fchown", FILE, UFD),
	[PPME_SYSCALL_FCHOWN_X] = EV("fchown", FILE, UFD, RES, FD_("fd"), OWNER),
	[PPME_SYSCALL_FCHOWNAT_E] = EV0("fchownat", FILE, UFD),
	[PPME_SYSCALL_FCHOWNAT_X] = EV("fchownat", FILE, UFD,
		RES, FD_("dirfd"), REL("pathname", 1), OWNER,
		F("flags", FLAGS32, HEX, fchownat_flags)),

	/* umount(2), which x86_64 does not have */
	[PPME_SYSCALL_UMOUNT_1_E] = EV0("umount", FILE, MST),
	[PPME_SYSCALL_UMOUNT_1_X] = EV("umount", FILE, MST, RES, P("name", FSPATH, NA)),

	[PPME_SOCKET_ACCEPT4_6_E] = EV("accept4", NET, CFD | MST, P("flags", INT32, HEX)),
	[PPME_SOCKET_ACCEPT4_6_X] = EV("accept4", NET, CFD | MST,
		ACCEPT_X, P("flags", INT32, HEX)),

	[PPME_SYSCALL_UMOUNT2_E] = EV("umount2", FILE, MST, F("flags", FLAGS32, HEX, umount_flags)),
	[PPME_SYSCALL_UMOUNT2_X] = EV("umount2", FILE, MST,
		RES, P("name", FSPATH, NA), F("flags", FLAGS32, HEX, umount_flags)),

	[PPME_SYSCALL_PIPE2_E] = EV0("pipe2", IPC, CFD | MST),
	[PPME_SYSCALL_PIPE2_X] = EV("pipe2", IPC, CFD | MST,
		RES, FD_("fd1"), FD_("fd2"), INO, FILE_FLAGS),

	[PPME_SYSCALL_INOTIFY_INIT1_E] = EV0("inotify_init1", IPC, CFD | MST),
	[PPME_SYSCALL_INOTIFY_INIT1_X] = EV("inotify_init1", IPC, CFD | MST,
		FD_("res"), FILE_FLAGS16),
	[PPME_SYSCALL_EVENTFD2_E] = EV("eventfd2", IPC, CFD | MST, P("initval", UINT64, DEC)),
	[PPME_SYSCALL_EVENTFD2_X] = EV("eventfd2", IPC, CFD | MST,
		FD_("res"), FILE_FLAGS16, P("initval", UINT64, DEC)),
	[PPME_SYSCALL_SIGNALFD4_E] = EV("signalfd4", SIGNAL, CFD | MST,
		FD_("fd"), P("mask", UINT32, HEX)),
	[PPME_SYSCALL_SIGNALFD4_X] = EV("signalfd4", SIGNAL, CFD | MST,
		FD_("res"), FILE_FLAGS16, FD_("fd"), P("mask", UINT32, HEX)),

	/* prctl: arg2 as a string for the options that pass one (PR_SET_NAME,
	 * PR_GET_NAME), else as a number (or the value it points to) */
	[PPME_SYSCALL_PRCTL_E] = EV0("prctl", PROCESS, MST),
	[PPME_SYSCALL_PRCTL_X] = EV("prctl", PROCESS, MST,
		RES, F("option", ENUMFLAGS32, DEC, prctl_options), P("arg2_str", CHARBUF, NA),
		P("arg2_int", INT64, DEC)),

	[PPME_ASYNCEVENT_E] = EV("asyncevent", OTHER, BIG,
		P("plugin_id", UINT32, DEC), P("name", CHARBUF, NA), P("data", BYTEBUF, NA)),
	[PPME_ASYNCEVENT_X] = UNUSED_CODE,

	[PPME_SYSCALL_MEMFD_CREATE_E] = EV0("memfd_create", MEMORY, CFD | MST),
	[PPME_SYSCALL_MEMFD_CREATE_X] = EV("memfd_create", MEMORY, CFD | MST,
		FD_("fd"), P("name", CHARBUF, NA), F("flags", FLAGS32, HEX, memfd_create_flags)),

	[PPME_SYSCALL_PIDFD_GETFD_E] = EV0("pidfd_getfd", PROCESS, CFD | MST),
	[PPME_SYSCALL_PIDFD_GETFD_X] = EV("pidfd_getfd", PROCESS, CFD | MST,
		FD_("fd"), FD_("pid_fd"), FD_("target_fd"), P("flags", UINT32, HEX)),
	[PPME_SYSCALL_PIDFD_OPEN_E] = EV0("pidfd_open", PROCESS, CFD | MST),
	[PPME_SYSCALL_PIDFD_OPEN_X] = EV("pidfd_open", PROCESS, CFD | MST,
		FD_("fd"), P("pid", PID, DEC), F("flags", FLAGS32, HEX, pidfd_open_flags)),

	/* kernel modules: img holds the first bytes of the image, up to the snaplen */
	[PPME_SYSCALL_INIT_MODULE_E] = EV0("init_module", OTHER, EF_NONE),
	[PPME_SYSCALL_INIT_MODULE_X] = EV("init_module", OTHER, EF_NONE,
		RES, P("img", BYTEBUF, NA), P("length", UINT64, DEC), P("uargs", CHARBUF, NA)),
	[PPME_SYSCALL_FINIT_MODULE_E] = EV0("finit_module", OTHER, UFD | RFD),
	[PPME_SYSCALL_FINIT_MODULE_X] = EV("finit_module", OTHER, UFD | RFD,
		RES, FD_("fd"), P("uargs", CHARBUF, NA),
		F("flags", FLAGS32, HEX, finit_module_flags)),

	/* mknod: the mode is the file type and permission bits, dev the device
	 * number in the user encoding */
	[PPME_SYSCALL_MKNOD_E] = EV0("mknod", OTHER, EF_NONE),
	[PPME_SYSCALL_MKNOD_X] = EV("mknod", OTHER, EF_NONE,
		RES, P("path", FSPATH, NA), MKNOD_MODE, P("dev", UINT32, DEC)),
	[PPME_SYSCALL_MKNODAT_E] = EV0("mknodat", OTHER, UFD),
	[PPME_SYSCALL_MKNODAT_X] = EV("mknodat", OTHER, UFD,
		RES, FD_("dirfd"), REL("path", 1), MKNOD_MODE, P("dev", UINT32, DEC)),

	[PPME_SYSCALL_NEWFSTATAT_E] = EV0("newfstatat", FILE, UFD),
	[PPME_SYSCALL_NEWFSTATAT_X] = EV("newfstatat", FILE, UFD,
		RES, FD_("dirfd"), REL("path", 1), F("flags", FLAGS32, HEX, newfstatat_flags)),

	/* data: the first bytes moved, from the caller's own iovecs */
	[PPME_SYSCALL_PROCESS_VM_READV_E] = EV0("process_vm_readv", IPC, EF_NONE),
	[PPME_SYSCALL_PROCESS_VM_READV_X] = EV("process_vm_readv", IPC, EF_NONE,
		P("res", INT64, DEC), P("pid", PID, DEC), DATA),
	[PPME_SYSCALL_PROCESS_VM_WRITEV_E] = EV0("process_vm_writev", IPC, EF_NONE),
	[PPME_SYSCALL_PROCESS_VM_WRITEV_X] = EV("process_vm_writev", IPC, EF_NONE,
		P("res", INT64, DEC), P("pid", PID, DEC), DATA),

	[PPME_SYSCALL_DELETE_MODULE_E] = EV0("delete_module", OTHER, EF_NONE),
	[PPME_SYSCALL_DELETE_MODULE_X] = EV("delete_module", OTHER, EF_NONE,
		RES, P("name", CHARBUF, NA), F("flags", FLAGS32, HEX, delete_module_flags)),

	/* ids as passed (-1: unchanged); libs types the gids as PT_UID too, the
	 * wire encoding is the same */
	[PPME_SYSCALL_SETREUID_E] = EV0("setreuid", USER, MST),
	[PPME_SYSCALL_SETREUID_X] = EV("setreuid", USER, MST,
		RES, P("ruid", UID, DEC), P("euid", UID, DEC)),
	[PPME_SYSCALL_SETREGID_E] = EV0("setregid", USER, MST),
	[PPME_SYSCALL_SETREGID_X] = EV("setregid", USER, MST,
		RES, P("rgid", GID, DEC), P("egid", GID, DEC)),
};

const char *event_type_name(uint16_t type)
{
	if (type >= PPM_EVENT_MAX || event_table[type].name == NULL)
		return "unknown";
	return event_table[type].name;
}
