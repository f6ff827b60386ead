/* flag_names.c: names of the flag sets and enumerations that event
 * parameters carry, as sysdig prints them.
 *
 * Values are scap's normalised PPM_* values (probe/wtf_event.h), which the
 * probe writes and capture files hold, except where noted: errno_names and
 * signal_names use Linux numbers, mount_flags the kernel's MS_* bits (scap
 * keeps them as they are). Values that wtf_event.h does not define are
 * written as numbers, with scap's constant name beside them.
 *
 * Order matters and follows sysdig, because the renderer reproduces its
 * output by walking a table in order:
 *  - bit sets (PT_FLAGS*, PT_MODE): stop at the first entry whose value
 *    equals the whole value and print only its name; otherwise print the
 *    name of every non-zero entry whose bits are all set and clear those
 *    bits as it goes, joined by '|'. So combined names (O_RDWR) come before
 *    their parts, and a 0 entry (O_NONE) names the value 0.
 *  - enumerations (PT_ENUMFLAGS*, errno, signals): the first entry equal to
 *    the value names it (so AF_LOCAL, listed before AF_UNIX, is what sysdig
 *    prints for 1); later aliases still work for name -> value look-ups.
 * Every table ends with { NULL, 0 }.
 */
#include <stddef.h>

#include "event_table.h"

/* open()/openat() flags */
const struct flag_name file_flags[] = {
	{"O_LARGEFILE", PPM_O_LARGEFILE},
	{"O_DIRECTORY", PPM_O_DIRECTORY},
	{"O_DIRECT", PPM_O_DIRECT},
	{"O_TRUNC", PPM_O_TRUNC},
	{"O_SYNC", PPM_O_SYNC},
	{"O_NONBLOCK", PPM_O_NONBLOCK},
	{"O_EXCL", PPM_O_EXCL},
	{"O_DSYNC", PPM_O_DSYNC},
	{"O_APPEND", PPM_O_APPEND},
	{"O_CREAT", PPM_O_CREAT},
	{"O_RDWR", PPM_O_RDWR},
	{"O_WRONLY", PPM_O_WRONLY},
	{"O_RDONLY", PPM_O_RDONLY},
	{"O_CLOEXEC", PPM_O_CLOEXEC},
	{"O_NONE", PPM_O_NONE},
	{"O_TMPFILE", PPM_O_TMPFILE},
	{"O_F_CREATED", PPM_O_F_CREATED},
	{"FD_UPPER_LAYER", 1u << 15},  /* PPM_FD_UPPER_LAYER (overlayfs), newer drivers */
	{"FD_LOWER_LAYER", 1u << 16},  /* PPM_FD_LOWER_LAYER */
	{NULL, 0},
};

/* creat()'s 16-bit creat_flags parameter (overlayfs layer of the file) */
const struct flag_name creat_flags[] = {
	{"FD_UPPER_LAYER_CREAT", 1u << 0},
	{"FD_LOWER_LAYER_CREAT", 1u << 1},
	{NULL, 0},
};

/* chmod()/fchmod()/fchmodat() mode, and file permission bits in general */
const struct flag_name file_modes[] = {
	{"S_IXOTH", PPM_S_IXOTH},
	{"S_IWOTH", PPM_S_IWOTH},
	{"S_IROTH", PPM_S_IROTH},
	{"S_IXGRP", PPM_S_IXGRP},
	{"S_IWGRP", PPM_S_IWGRP},
	{"S_IRGRP", PPM_S_IRGRP},
	{"S_IXUSR", PPM_S_IXUSR},
	{"S_IWUSR", PPM_S_IWUSR},
	{"S_IRUSR", PPM_S_IRUSR},
	{"S_ISVTX", PPM_S_ISVTX},
	{"S_ISGID", PPM_S_ISGID},
	{"S_ISUID", PPM_S_ISUID},
	{NULL, 0},
};

/* clone() flags, also setns() nstype and unshare() flags */
const struct flag_name clone_flags[] = {
	{"CLONE_FILES", PPM_CL_CLONE_FILES},
	{"CLONE_FS", PPM_CL_CLONE_FS},
	{"CLONE_IO", PPM_CL_CLONE_IO},
	{"CLONE_NEWIPC", PPM_CL_CLONE_NEWIPC},
	{"CLONE_NEWNET", PPM_CL_CLONE_NEWNET},
	{"CLONE_NEWNS", PPM_CL_CLONE_NEWNS},
	{"CLONE_NEWPID", PPM_CL_CLONE_NEWPID},
	{"CLONE_NEWUTS", PPM_CL_CLONE_NEWUTS},
	{"CLONE_PARENT", PPM_CL_CLONE_PARENT},
	{"CLONE_PARENT_SETTID", PPM_CL_CLONE_PARENT_SETTID},
	{"CLONE_PTRACE", PPM_CL_CLONE_PTRACE},
	{"CLONE_SIGHAND", PPM_CL_CLONE_SIGHAND},
	{"CLONE_SYSVSEM", PPM_CL_CLONE_SYSVSEM},
	{"CLONE_THREAD", PPM_CL_CLONE_THREAD},
	{"CLONE_UNTRACED", PPM_CL_CLONE_UNTRACED},
	{"CLONE_VM", PPM_CL_CLONE_VM},
	/* bits 16-18 are scap's per-thread state, never written by a driver,
	 * but sysdig names them */
	{"CLONE_INVERTED", 1u << 16},
	{"NAME_CHANGED", 1u << 17},
	{"CLOSED", 1u << 18},
	{"CLONE_NEWUSER", PPM_CL_CLONE_NEWUSER},
	{"CLONE_CHILD_CLEARTID", PPM_CL_CLONE_CHILD_CLEARTID},
	{"CLONE_CHILD_SETTID", PPM_CL_CLONE_CHILD_SETTID},
	{"CLONE_SETTLS", PPM_CL_CLONE_SETTLS},
	{"CLONE_STOPPED", PPM_CL_CLONE_STOPPED},
	{"CLONE_VFORK", PPM_CL_CLONE_VFORK},
	{"CLONE_NEWCGROUP", PPM_CL_CLONE_NEWCGROUP},
	{"CLONE_CHILD_IN_PIDNS", PPM_CL_CHILD_IN_PIDNS},
	{NULL, 0},
};

/* fcntl() commands (enumeration) */
const struct flag_name fcntl_commands[] = {
	{"F_GETPIPE_SZ", PPM_FCNTL_F_GETPIPE_SZ},
	{"F_SETPIPE_SZ", PPM_FCNTL_F_SETPIPE_SZ},
	{"F_NOTIFY", PPM_FCNTL_F_NOTIFY},
	{"F_DUPFD_CLOEXEC", PPM_FCNTL_F_DUPFD_CLOEXEC},
	{"F_CANCELLK", PPM_FCNTL_F_CANCELLK},
	{"F_GETLEASE", PPM_FCNTL_F_GETLEASE},
	{"F_SETLEASE", PPM_FCNTL_F_SETLEASE},
	{"F_GETOWN_EX", PPM_FCNTL_F_GETOWN_EX},
	{"F_SETOWN_EX", PPM_FCNTL_F_SETOWN_EX},
	/* 32-bit only, but sysdig's userspace table names them too */
	{"F_SETLKW64", 19},
	{"F_SETLK64", 18},
	{"F_GETLK64", 17},
	{"F_GETSIG", PPM_FCNTL_F_GETSIG},
	{"F_SETSIG", PPM_FCNTL_F_SETSIG},
	{"F_GETOWN", PPM_FCNTL_F_GETOWN},
	{"F_SETOWN", PPM_FCNTL_F_SETOWN},
	{"F_SETLKW", PPM_FCNTL_F_SETLKW},
	{"F_SETLK", PPM_FCNTL_F_SETLK},
	{"F_GETLK", PPM_FCNTL_F_GETLK},
	{"F_SETFL", PPM_FCNTL_F_SETFL},
	{"F_GETFL", PPM_FCNTL_F_GETFL},
	{"F_SETFD", PPM_FCNTL_F_SETFD},
	{"F_GETFD", PPM_FCNTL_F_GETFD},
	{"F_DUPFD", PPM_FCNTL_F_DUPFD},
	{"F_OFD_GETLK", PPM_FCNTL_F_OFD_GETLK},
	{"F_OFD_SETLK", PPM_FCNTL_F_OFD_SETLK},
	{"F_OFD_SETLKW", PPM_FCNTL_F_OFD_SETLKW},
	{"UNKNOWN", PPM_FCNTL_UNKNOWN},
	{NULL, 0},
};

/* mmap()/mprotect() protection */
const struct flag_name prot_flags[] = {
	{"PROT_READ", PPM_PROT_READ},
	{"PROT_WRITE", PPM_PROT_WRITE},
	{"PROT_EXEC", PPM_PROT_EXEC},
	{"PROT_SEM", PPM_PROT_SEM},
	{"PROT_GROWSDOWN", PPM_PROT_GROWSDOWN},
	{"PROT_GROWSUP", PPM_PROT_GROWSUP},
	{"PROT_SAO", 1u << 6},  /* PPM_PROT_SAO */
	{"PROT_NONE", PPM_PROT_NONE},
	{NULL, 0},
};

/* mmap() flags */
const struct flag_name mmap_flags[] = {
	{"MAP_SHARED", PPM_MAP_SHARED},
	{"MAP_PRIVATE", PPM_MAP_PRIVATE},
	{"MAP_FIXED", PPM_MAP_FIXED},
	{"MAP_ANONYMOUS", PPM_MAP_ANONYMOUS},
	{"MAP_32BIT", PPM_MAP_32BIT},
	{"MAP_RENAME", 1u << 5},  /* PPM_MAP_RENAME */
	{"MAP_NORESERVE", PPM_MAP_NORESERVE},
	{"MAP_POPULATE", PPM_MAP_POPULATE},
	{"MAP_NONBLOCK", PPM_MAP_NONBLOCK},
	{"MAP_GROWSDOWN", PPM_MAP_GROWSDOWN},
	{"MAP_DENYWRITE", PPM_MAP_DENYWRITE},
	{"MAP_EXECUTABLE", PPM_MAP_EXECUTABLE},
	{"MAP_INHERIT", 1u << 12},  /* PPM_MAP_INHERIT */
	{"MAP_FILE", 1u << 13},     /* PPM_MAP_FILE */
	{"MAP_LOCKED", PPM_MAP_LOCKED},
	{NULL, 0},
};

/* shutdown() how (enumeration) */
const struct flag_name shutdown_how[] = {
	{"SHUT_RDWR", PPM_SHUT_RDWR},
	{"SHUT_WR", PPM_SHUT_WR},
	{"SHUT_RD", PPM_SHUT_RD},
	{NULL, 0},
};

/* socket()/socketpair() domain (enumeration). The PPM_AF_* values are the
 * Linux AF_* numbers. */
const struct flag_name socket_families[] = {
	{"AF_NFC", 39},
	{"AF_ALG", 38},
	{"AF_CAIF", 37},
	{"AF_IEEE802154", 36},
	{"AF_PHONET", 35},
	{"AF_ISDN", 34},
	{"AF_RXRPC", 33},
	{"AF_IUCV", 32},
	{"AF_BLUETOOTH", 31},
	{"AF_TIPC", 30},
	{"AF_CAN", 29},
	{"AF_LLC", 26},
	{"AF_WANPIPE", 25},
	{"AF_PPPOX", 24},
	{"AF_IRDA", 23},
	{"AF_SNA", 22},
	{"AF_RDS", 21},
	{"AF_ATMSVC", 20},
	{"AF_ECONET", 19},
	{"AF_ASH", 18},
	{"AF_PACKET", PPM_AF_PACKET},
	{"AF_ROUTE", PPM_AF_NETLINK},  /* alias of AF_NETLINK; sysdig prints this one */
	{"AF_NETLINK", PPM_AF_NETLINK},
	{"AF_KEY", 15},
	{"AF_SECURITY", 14},
	{"AF_NETBEUI", 13},
	{"AF_DECnet", 12},
	{"AF_ROSE", 11},
	{"AF_INET6", PPM_AF_INET6},
	{"AF_X25", 9},
	{"AF_ATMPVC", 8},
	{"AF_BRIDGE", 7},
	{"AF_NETROM", 6},
	{"AF_APPLETALK", 5},
	{"AF_IPX", 4},
	{"AF_AX25", 3},
	{"AF_INET", PPM_AF_INET},
	{"AF_LOCAL", PPM_AF_UNIX},  /* alias of AF_UNIX; sysdig prints this one */
	{"AF_UNIX", PPM_AF_UNIX},
	{"AF_UNSPEC", PPM_AF_UNSPEC},
	{NULL, 0},
};

/* ptrace() requests (enumeration, scap's numbering) */
const struct flag_name ptrace_requests[] = {
	{"PTRACE_SINGLEBLOCK", 38},
	{"PTRACE_SYSEMU_SINGLESTEP", 37},
	{"PTRACE_SYSEMU", 36},
	{"PTRACE_ARCH_PRCTL", 35},
	{"PTRACE_SET_THREAD_AREA", 34},
	{"PTRACE_GET_THREAD_AREA", 33},
	{"PTRACE_OLDSETOPTIONS", 32},
	{"PTRACE_SETFPXREGS", 31},
	{"PTRACE_GETFPXREGS", 30},
	{"PTRACE_SETFPREGS", PPM_PTRACE_SETFPREGS},
	{"PTRACE_GETFPREGS", PPM_PTRACE_GETFPREGS},
	{"PTRACE_SETREGS", PPM_PTRACE_SETREGS},
	{"PTRACE_GETREGS", PPM_PTRACE_GETREGS},
	{"PTRACE_SETSIGMASK", PPM_PTRACE_SETSIGMASK},
	{"PTRACE_GETSIGMASK", PPM_PTRACE_GETSIGMASK},
	{"PTRACE_PEEKSIGINFO", PPM_PTRACE_PEEKSIGINFO},
	{"PTRACE_LISTEN", PPM_PTRACE_LISTEN},
	{"PTRACE_INTERRUPT", PPM_PTRACE_INTERRUPT},
	{"PTRACE_SEIZE", PPM_PTRACE_SEIZE},
	{"PTRACE_SETREGSET", PPM_PTRACE_SETREGSET},
	{"PTRACE_GETREGSET", PPM_PTRACE_GETREGSET},
	{"PTRACE_SETSIGINFO", PPM_PTRACE_SETSIGINFO},
	{"PTRACE_GETSIGINFO", PPM_PTRACE_GETSIGINFO},
	{"PTRACE_GETEVENTMSG", PPM_PTRACE_GETEVENTMSG},
	{"PTRACE_SETOPTIONS", PPM_PTRACE_SETOPTIONS},
	{"PTRACE_SYSCALL", PPM_PTRACE_SYSCALL},
	{"PTRACE_DETACH", PPM_PTRACE_DETACH},
	{"PTRACE_ATTACH", PPM_PTRACE_ATTACH},
	{"PTRACE_SINGLESTEP", PPM_PTRACE_SINGLESTEP},
	{"PTRACE_KILL", PPM_PTRACE_KILL},
	{"PTRACE_CONT", PPM_PTRACE_CONT},
	{"PTRACE_POKEUSR", PPM_PTRACE_POKEUSR},
	{"PTRACE_POKEDATA", PPM_PTRACE_POKEDATA},
	{"PTRACE_POKETEXT", PPM_PTRACE_POKETEXT},
	{"PTRACE_PEEKUSR", PPM_PTRACE_PEEKUSR},
	{"PTRACE_PEEKDATA", PPM_PTRACE_PEEKDATA},
	{"PTRACE_PEEKTEXT", PPM_PTRACE_PEEKTEXT},
	{"PTRACE_TRACEME", PPM_PTRACE_TRACEME},
	{"PTRACE_UNKNOWN", PPM_PTRACE_UNKNOWN},
	{NULL, 0},
};

/* mount() flags: the kernel's MS_* bits. sysdig prints them without the
 * MS_ prefix. */
const struct flag_name mount_flags[] = {
	{"RDONLY", 1u << 0},
	{"NOSUID", 1u << 1},
	{"NODEV", 1u << 2},
	{"NOEXEC", 1u << 3},
	{"SYNCHRONOUS", 1u << 4},
	{"REMOUNT", 1u << 5},
	{"MANDLOCK", 1u << 6},
	{"DIRSYNC", 1u << 7},
	{"NOATIME", 1u << 10},
	{"NODIRATIME", 1u << 11},
	{"BIND", 1u << 12},
	{"MOVE", 1u << 13},
	{"REC", 1u << 14},
	{"SILENT", 1u << 15},
	{"POSIXACL", 1u << 16},
	{"UNBINDABLE", 1u << 17},
	{"PRIVATE", 1u << 18},
	{"SLAVE", 1u << 19},
	{"SHARED", 1u << 20},
	{"RELATIME", 1u << 21},
	{"KERNMOUNT", 1u << 22},
	{"I_VERSION", 1u << 23},
	{"STRICTATIME", 1u << 24},
	{"LAZYTIME", 1u << 25},
	{"NOSEC", 1u << 28},
	{"BORN", 1u << 29},
	{"ACTIVE", 1u << 30},
	{"NOUSER", 1u << 31},
	{NULL, 0},
};

/* umount2() flags. sysdig prints them without the MNT_ prefix. */
const struct flag_name umount_flags[] = {
	{"FORCE", PPM_MNT_FORCE},
	{"DETACH", PPM_MNT_DETACH},
	{"EXPIRE", PPM_MNT_EXPIRE},
	{"NOFOLLOW", PPM_UMOUNT_NOFOLLOW},
	{NULL, 0},
};

/* renameat2() flags */
const struct flag_name rename_flags[] = {
	{"RENAME_NOREPLACE", PPM_RENAME_NOREPLACE},
	{"RENAME_EXCHANGE", PPM_RENAME_EXCHANGE},
	{"RENAME_WHITEOUT", PPM_RENAME_WHITEOUT},
	{NULL, 0},
};

/* unlinkat() flags */
const struct flag_name unlinkat_flags[] = {
	{"AT_REMOVEDIR", PPM_AT_REMOVEDIR},
	{NULL, 0},
};

/* linkat() flags */
const struct flag_name linkat_flags[] = {
	{"AT_SYMLINK_FOLLOW", PPM_AT_SYMLINK_FOLLOW},
	{"AT_EMPTY_PATH", PPM_AT_EMPTY_PATH},
	{NULL, 0},
};

/* openat2() how.resolve */
const struct flag_name openat2_resolve[] = {
	{"RESOLVE_BENEATH", PPM_RESOLVE_BENEATH},
	{"RESOLVE_IN_ROOT", PPM_RESOLVE_IN_ROOT},
	{"RESOLVE_NO_MAGICLINKS", PPM_RESOLVE_NO_MAGICLINKS},
	{"RESOLVE_NO_SYMLINKS", PPM_RESOLVE_NO_SYMLINKS},
	{"RESOLVE_NO_XDEV", PPM_RESOLVE_NO_XDEV},
	{"RESOLVE_CACHED", PPM_RESOLVE_CACHED},
	{NULL, 0},
};

/* flags the driver adds to execve()/execveat() exit events */
const struct flag_name execve_flags[] = {
	{"EXE_WRITABLE", PPM_EXE_WRITABLE},
	{"EXE_UPPER_LAYER", 1u << 1},  /* PPM_EXE_UPPER_LAYER (overlayfs) */
	{"EXE_FROM_MEMFD", 1u << 2},   /* PPM_EXE_FROM_MEMFD */
	{"EXE_LOWER_LAYER", 1u << 3},  /* PPM_EXE_LOWER_LAYER */
	{NULL, 0},
};

/* execveat() flags */
const struct flag_name execveat_flags[] = {
	{"AT_EMPTY_PATH", PPM_EXVAT_AT_EMPTY_PATH},
	{"AT_SYMLINK_NOFOLLOW", PPM_EXVAT_AT_SYMLINK_NOFOLLOW},
	{NULL, 0},
};

/* futex() op: the command is an enumeration in the low bits, with two flag
 * bits; sysdig renders it as a bit set in this order. */
const struct flag_name futex_operations[] = {
	{"FUTEX_CLOCK_REALTIME", 256},
	{"FUTEX_PRIVATE_FLAG", 128},
	{"FUTEX_CMP_REQUEUE_PI", 12},
	{"FUTEX_WAIT_REQUEUE_PI", 11},
	{"FUTEX_WAKE_BITSET", 10},
	{"FUTEX_WAIT_BITSET", 9},
	{"FUTEX_TRYLOCK_PI", 8},
	{"FUTEX_UNLOCK_PI", 7},
	{"FUTEX_LOCK_PI", 6},
	{"FUTEX_WAKE_OP", 5},
	{"FUTEX_CMP_REQUEUE", 4},
	{"FUTEX_REQUEUE", 3},
	{"FUTEX_FD", 2},
	{"FUTEX_WAKE", 1},
	{"FUTEX_WAIT", 0},
	{NULL, 0},
};

/* lseek()/llseek() whence (enumeration) */
const struct flag_name lseek_whence[] = {
	{"SEEK_END", 2},
	{"SEEK_CUR", 1},
	{"SEEK_SET", 0},
	{NULL, 0},
};

/* poll()/ppoll() event bits, as carried in PT_FDLIST entries */
const struct flag_name poll_flags[] = {
	{"POLLIN", 1u << 0},
	{"POLLPRI", 1u << 1},
	{"POLLOUT", 1u << 2},
	{"POLLRDHUP", 1u << 3},
	{"POLLERR", 1u << 4},
	{"POLLHUP", 1u << 5},
	{"POLLNVAL", 1u << 6},
	{"POLLRDNORM", 1u << 7},
	{"POLLRDBAND", 1u << 8},
	{"POLLWRNORM", 1u << 9},
	{"POLLWRBAND", 1u << 10},
	{NULL, 0},
};

/* getrlimit()/setrlimit()/prlimit() resource (enumeration) */
const struct flag_name rlimit_resources[] = {
	{"RLIMIT_UNKNOWN", 255},
	{"RLIMIT_RTTIME", 15},
	{"RLIMIT_RTPRIO", 14},
	{"RLIMIT_NICE", 13},
	{"RLIMIT_MSGQUEUE", 12},
	{"RLIMIT_SIGPENDING", 11},
	{"RLIMIT_LOCKS", 10},
	{"RLIMIT_AS", 9},
	{"RLIMIT_MEMLOCK", 8},
	{"RLIMIT_NOFILE", 7},
	{"RLIMIT_NPROC", 6},
	{"RLIMIT_RSS", 5},
	{"RLIMIT_CORE", 4},
	{"RLIMIT_STACK", 3},
	{"RLIMIT_DATA", 2},
	{"RLIMIT_FSIZE", 1},
	{"RLIMIT_CPU", 0},
	{NULL, 0},
};

/* splice() flags */
const struct flag_name splice_flags[] = {
	{"SPLICE_F_MOVE", 1u << 0},
	{"SPLICE_F_NONBLOCK", 1u << 1},
	{"SPLICE_F_MORE", 1u << 2},
	{"SPLICE_F_GIFT", 1u << 3},
	{NULL, 0},
};

/* setsockopt()/getsockopt() level (enumeration) */
const struct flag_name sockopt_levels[] = {
	{"SOL_SOCKET", 1},
	{"SOL_TCP", 2},
	{"UNKNOWN", 0},
	{NULL, 0},
};

/* setsockopt()/getsockopt() optname at SOL_SOCKET (enumeration, scap's
 * numbering) */
const struct flag_name sockopt_options[] = {
	{"SO_COOKIE", 53},
	{"SO_MEMINFO", 52},
	{"SO_PEERGROUPS", 51},
	{"SO_ATTACH_BPF", 50},
	{"SO_INCOMING_CPU", 49},
	{"SO_BPF_EXTENSIONS", 48},
	{"SO_MAX_PACING_RATE", 47},
	{"SO_BUSY_POLL", 46},
	{"SO_SELECT_ERR_QUEUE", 45},
	{"SO_LOCK_FILTER", 44},
	{"SO_NOFCS", 43},
	{"SO_PEEK_OFF", 42},
	{"SO_WIFI_STATUS", 41},
	{"SO_RXQ_OVFL", 40},
	{"SO_DOMAIN", 39},
	{"SO_PROTOCOL", 38},
	{"SO_TIMESTAMPING", 37},
	{"SO_MARK", 36},
	{"SO_TIMESTAMPNS", 35},
	{"SO_PASSSEC", 34},
	{"SO_PEERSEC", 31},
	{"SO_ACCEPTCONN", 30},
	{"SO_TIMESTAMP", 29},
	{"SO_PEERNAME", 28},
	{"SO_DETACH_FILTER", 27},
	{"SO_ATTACH_FILTER", 26},
	{"SO_BINDTODEVICE", 25},
	{"SO_SECURITY_ENCRYPTION_NETWORK", 24},
	{"SO_SECURITY_ENCRYPTION_TRANSPORT", 23},
	{"SO_SECURITY_AUTHENTICATION", 22},
	{"SO_SNDTIMEO", 21},
	{"SO_RCVTIMEO", 20},
	{"SO_SNDLOWAT", 19},
	{"SO_RCVLOWAT", 18},
	{"SO_PEERCRED", 17},
	{"SO_PASSCRED", 16},
	{"SO_REUSEPORT", 15},
	{"SO_BSDCOMPAT", 14},
	{"SO_LINGER", 13},
	{"SO_PRIORITY", 12},
	{"SO_NO_CHECK", 11},
	{"SO_OOBINLINE", 10},
	{"SO_KEEPALIVE", 9},
	{"SO_RCVBUFFORCE", 33},
	{"SO_SNDBUFFORCE", 32},
	{"SO_RCVBUF", 8},
	{"SO_SNDBUF", 7},
	{"SO_BROADCAST", 6},
	{"SO_DONTROUTE", 5},
	{"SO_ERROR", 4},
	{"SO_TYPE", 3},
	{"SO_REUSEADDR", 2},
	{"SO_DEBUG", 1},
	{"UNKNOWN", 0},
	{NULL, 0},
};

/* quotactl() (scap's bit encoding of each enumeration) */
const struct flag_name quotactl_cmds[] = {
	{"Q_QUOTAON", 1u << 0},
	{"Q_QUOTAOFF", 1u << 1},
	{"Q_GETFMT", 1u << 2},
	{"Q_GETINFO", 1u << 3},
	{"Q_SETINFO", 1u << 4},
	{"Q_GETQUOTA", 1u << 5},
	{"Q_SETQUOTA", 1u << 6},
	{"Q_SYNC", 1u << 7},
	{"Q_XQUOTAON", 1u << 8},
	{"Q_XQUOTAOFF", 1u << 9},
	{"Q_XGETQUOTA", 1u << 10},
	{"Q_XSETQLIM", 1u << 11},
	{"Q_XGETQSTAT", 1u << 12},
	{"Q_XQUOTARM", 1u << 13},
	{"Q_XQUOTASYNC", 1u << 14},
	{NULL, 0},
};

const struct flag_name quotactl_types[] = {
	{"USRQUOTA", 1u << 0},
	{"GRPQUOTA", 1u << 1},
	{NULL, 0},
};

const struct flag_name quotactl_dqi_flags[] = {
	{"DQF_NONE", 1u << 0},
	{"V1_DQF_RSQUASH", 1u << 1},
	{NULL, 0},
};

const struct flag_name quotactl_quota_fmts[] = {
	{"QFMT_NOT_USED", 1u << 0},
	{"QFMT_VFS_OLD", 1u << 1},
	{"QFMT_VFS_V0", 1u << 2},
	{"QFMT_VFS_V1", 1u << 3},
	{NULL, 0},
};

/* semop() sem_flg */
const struct flag_name semop_flags[] = {
	{"IPC_NOWAIT", 1u << 0},
	{"SEM_UNDO", 1u << 1},
	{NULL, 0},
};

/* semget() semflg */
const struct flag_name semget_flags[] = {
	{"IPC_EXCL", 1u << 14},
	{"IPC_CREAT", 1u << 13},
	{NULL, 0},
};

/* semctl() cmd (scap's bit encoding of the enumeration) */
const struct flag_name semctl_commands[] = {
	{"IPC_STAT", 1u << 0},
	{"IPC_SET", 1u << 1},
	{"IPC_RMID", 1u << 2},
	{"IPC_INFO", 1u << 3},
	{"SEM_INFO", 1u << 4},
	{"SEM_STAT", 1u << 5},
	{"GETALL", 1u << 6},
	{"GETNCNT", 1u << 7},
	{"GETPID", 1u << 8},
	{"GETVAL", 1u << 9},
	{"GETZCNT", 1u << 10},
	{"SETALL", 1u << 11},
	{"SETVAL", 1u << 12},
	{NULL, 0},
};

/* access() mode */
const struct flag_name access_flags[] = {
	{"F_OK", 0},
	{"R_OK", 1u << 2},
	{"W_OK", 1u << 1},
	{"X_OK", 1u << 0},
	{NULL, 0},
};

/* flock() operation */
const struct flag_name flock_flags[] = {
	{"LOCK_SH", 1u << 0},
	{"LOCK_EX", 1u << 1},
	{"LOCK_NB", 1u << 2},
	{"LOCK_UN", 1u << 3},
	{"LOCK_NONE", 0},
	{NULL, 0},
};

/* page_fault error */
const struct flag_name pf_flags[] = {
	{"PROTECTION_VIOLATION", 1u << 0},
	{"PAGE_NOT_PRESENT", 1u << 1},
	{"WRITE_ACCESS", 1u << 2},
	{"READ_ACCESS", 1u << 3},
	{"USER_FAULT", 1u << 4},
	{"SUPERVISOR_FAULT", 1u << 5},
	{"RESERVED_PAGE", 1u << 6},
	{"INSTRUCTION_FETCH", 1u << 7},
	{NULL, 0},
};

/* io_uring_setup() flags and features, io_uring_enter() flags,
 * io_uring_register() opcode (enumeration) */
const struct flag_name io_uring_setup_flags[] = {
	{"IORING_SETUP_IOPOLL", 1u << 0},
	{"IORING_SETUP_SQPOLL", 1u << 1},
	{"IORING_SQ_NEED_WAKEUP", 1u << 2},
	{"IORING_SETUP_SQ_AFF", 1u << 3},
	{"IORING_SETUP_CQSIZE", 1u << 4},
	{"IORING_SETUP_CLAMP", 1u << 5},
	{"IORING_SETUP_ATTACH_RW", 1u << 6},  /* sic: scap's spelling of ATTACH_WQ */
	{"IORING_SETUP_R_DISABLED", 1u << 7},
	{NULL, 0},
};

const struct flag_name io_uring_setup_feats[] = {
	{"IORING_FEAT_SINGLE_MMAP", 1u << 0},
	{"IORING_FEAT_NODROP", 1u << 1},
	{"IORING_FEAT_SUBMIT_STABLE", 1u << 2},
	{"IORING_FEAT_RW_CUR_POS", 1u << 3},
	{"IORING_FEAT_CUR_PERSONALITY", 1u << 4},
	{"IORING_FEAT_FAST_POLL", 1u << 5},
	{"IORING_FEAT_POLL_32BITS", 1u << 6},
	{"IORING_FEAT_SQPOLL_NONFIXED", 1u << 7},
	{"IORING_FEAT_ENTER_EXT_ARG", 1u << 8},
	{"IORING_FEAT_NATIVE_WORKERS", 1u << 9},
	{"IORING_FEAT_RSRC_TAGS", 1u << 10},
	{NULL, 0},
};

const struct flag_name io_uring_enter_flags[] = {
	{"IORING_ENTER_GETEVENTS", 1u << 0},
	{"IORING_ENTER_SQ_WAKEUP", 1u << 1},
	{"IORING_ENTER_SQ_WAIT", 1u << 2},
	{"IORING_ENTER_EXT_ARG", 1u << 3},
	{NULL, 0},
};

const struct flag_name io_uring_register_opcodes[] = {
	{"IORING_REGISTER_BUFFERS", 0},
	{"IORING_UNREGISTER_BUFFERS", 1},
	{"IORING_REGISTER_FILES", 2},
	{"IORING_UNREGISTER_FILES", 3},
	{"IORING_REGISTER_EVENTFD", 4},
	{"IORING_UNREGISTER_EVENTFD", 5},
	{"IORING_REGISTER_FILES_UPDATE", 6},
	{"IORING_REGISTER_EVENTFD_ASYNC", 7},
	{"IORING_REGISTER_PROBE", 8},
	{"IORING_REGISTER_PERSONALITY", 9},
	{"IORING_UNREGISTER_PERSONALITY", 10},
	{"IORING_REGISTER_RESTRICTIONS", 11},
	{"IORING_REGISTER_ENABLE_RINGS", 12},
	{"IORING_REGISTER_FILES2", 13},
	{"IORING_REGISTER_FILES_UPDATE2", 14},
	{"IORING_REGISTER_BUFFERS2", 15},
	{"IORING_REGISTER_BUFFERS_UPDATE", 16},
	{"IORING_REGISTER_IOWQ_AFF", 17},
	{"IORING_UNREGISTER_IOWQ_AFF", 18},
	{"IORING_REGISTER_IOWQ_MAX_WORKERS", 19},
	{"IORING_REGISTER_RING_FDS", 20},
	{"IORING_UNREGISTER_RING_FDS", 21},
	{NULL, 0},
};

/* mlockall() flags */
const struct flag_name mlockall_flags[] = {
	{"MCL_CURRENT", 1u << 0},
	{"MCL_FUTURE", 1u << 1},
	{"MCL_ONFAULT", 1u << 2},
	{NULL, 0},
};

/* ---- the events appended after 351 ---------------------------------------- */

/* mlock2() flags */
const struct flag_name mlock2_flags[] = {
	{"MLOCK_ONFAULT", PPM_MLOCK_ONFAULT},
	{NULL, 0},
};

/* fsconfig() commands */
const struct flag_name fsconfig_cmds[] = {
	{"FSCONFIG_SET_FLAG", PPM_FSCONFIG_SET_FLAG},
	{"FSCONFIG_SET_STRING", PPM_FSCONFIG_SET_STRING},
	{"FSCONFIG_SET_BINARY", PPM_FSCONFIG_SET_BINARY},
	{"FSCONFIG_SET_PATH", PPM_FSCONFIG_SET_PATH},
	{"FSCONFIG_SET_PATH_EMPTY", PPM_FSCONFIG_SET_PATH_EMPTY},
	{"FSCONFIG_SET_FD", PPM_FSCONFIG_SET_FD},
	{"FSCONFIG_CMD_CREATE", PPM_FSCONFIG_CMD_CREATE},
	{"FSCONFIG_CMD_RECONFIGURE", PPM_FSCONFIG_CMD_RECONFIGURE},
	{NULL, 0},
};

/* epoll_create1() flags */
const struct flag_name epoll_create1_flags[] = {
	{"EPOLL_CLOEXEC", PPM_EPOLL_CLOEXEC},
	{NULL, 0},
};

/* fchownat() flags. libs' table names its value 0x400 AT_SYMLINK_NOFOLLOW,
 * but its probes only ever set 0x400 for AT_SYMLINK_FOLLOW, which fchownat
 * refuses; the probe here reports AT_SYMLINK_NOFOLLOW as the 0x100 that
 * newfstatat uses. */
const struct flag_name fchownat_flags[] = {
	{"AT_SYMLINK_NOFOLLOW", PPM_AT_SYMLINK_NOFOLLOW},
	{"AT_SYMLINK_FOLLOW", PPM_AT_SYMLINK_FOLLOW},
	{"AT_EMPTY_PATH", PPM_AT_EMPTY_PATH},
	{NULL, 0},
};

/* newfstatat() flags */
const struct flag_name newfstatat_flags[] = {
	{"AT_SYMLINK_NOFOLLOW", PPM_AT_SYMLINK_NOFOLLOW},
	{"AT_NO_AUTOMOUNT", PPM_AT_NO_AUTOMOUNT},
	{"AT_EMPTY_PATH", PPM_AT_EMPTY_PATH},
	{NULL, 0},
};

/* prctl() options: the kernel's PR_* numbers (the probe keeps them as they
 * are), those of Linux 6.1's uapi header, more than libs lists; later ones
 * print as numbers. */
const struct flag_name prctl_options[] = {
	{"PR_SET_PDEATHSIG", 1},
	{"PR_GET_PDEATHSIG", 2},
	{"PR_GET_DUMPABLE", 3},
	{"PR_SET_DUMPABLE", 4},
	{"PR_GET_UNALIGN", 5},
	{"PR_SET_UNALIGN", 6},
	{"PR_GET_KEEPCAPS", 7},
	{"PR_SET_KEEPCAPS", 8},
	{"PR_GET_FPEMU", 9},
	{"PR_SET_FPEMU", 10},
	{"PR_GET_FPEXC", 11},
	{"PR_SET_FPEXC", 12},
	{"PR_GET_TIMING", 13},
	{"PR_SET_TIMING", 14},
	{"PR_SET_NAME", PPM_PR_SET_NAME},
	{"PR_GET_NAME", PPM_PR_GET_NAME},
	{"PR_GET_ENDIAN", 19},
	{"PR_SET_ENDIAN", 20},
	{"PR_GET_SECCOMP", 21},
	{"PR_SET_SECCOMP", 22},
	{"PR_CAPBSET_READ", 23},
	{"PR_CAPBSET_DROP", 24},
	{"PR_GET_TSC", 25},
	{"PR_SET_TSC", 26},
	{"PR_GET_SECUREBITS", 27},
	{"PR_SET_SECUREBITS", 28},
	{"PR_SET_TIMERSLACK", 29},
	{"PR_GET_TIMERSLACK", 30},
	{"PR_TASK_PERF_EVENTS_DISABLE", 31},
	{"PR_TASK_PERF_EVENTS_ENABLE", 32},
	{"PR_MCE_KILL", 33},
	{"PR_MCE_KILL_GET", 34},
	{"PR_SET_MM", 35},
	{"PR_SET_CHILD_SUBREAPER", PPM_PR_SET_CHILD_SUBREAPER},
	{"PR_GET_CHILD_SUBREAPER", PPM_PR_GET_CHILD_SUBREAPER},
	{"PR_SET_NO_NEW_PRIVS", 38},
	{"PR_GET_NO_NEW_PRIVS", 39},
	{"PR_GET_TID_ADDRESS", 40},
	{"PR_SET_THP_DISABLE", 41},
	{"PR_GET_THP_DISABLE", 42},
	{"PR_MPX_ENABLE_MANAGEMENT", 43},
	{"PR_MPX_DISABLE_MANAGEMENT", 44},
	{"PR_SET_FP_MODE", 45},
	{"PR_GET_FP_MODE", 46},
	{"PR_CAP_AMBIENT", 47},
	{"PR_SVE_SET_VL", 50},
	{"PR_SVE_GET_VL", 51},
	{"PR_GET_SPECULATION_CTRL", 52},
	{"PR_SET_SPECULATION_CTRL", 53},
	{"PR_PAC_RESET_KEYS", 54},
	{"PR_SET_TAGGED_ADDR_CTRL", 55},
	{"PR_GET_TAGGED_ADDR_CTRL", 56},
	{"PR_SET_IO_FLUSHER", 57},
	{"PR_GET_IO_FLUSHER", 58},
	{"PR_SET_SYSCALL_USER_DISPATCH", 59},
	{"PR_PAC_SET_ENABLED_KEYS", 60},
	{"PR_PAC_GET_ENABLED_KEYS", 61},
	{"PR_SCHED_CORE", 62},
	{"PR_SME_SET_VL", 63},
	{"PR_SME_GET_VL", 64},
	{"PR_SET_PTRACER", 0x59616d61},
	{"PR_SET_VMA", 0x53564d41},
	{NULL, 0},
};

/* memfd_create() flags */
const struct flag_name memfd_create_flags[] = {
	{"MFD_CLOEXEC", PPM_MFD_CLOEXEC},
	{"MFD_ALLOW_SEALING", PPM_MFD_ALLOW_SEALING},
	{"MFD_HUGETLB", PPM_MFD_HUGETLB},
	{NULL, 0},
};

/* pidfd_open() flags */
const struct flag_name pidfd_open_flags[] = {
	{"PIDFD_NONBLOCK", PPM_PIDFD_NONBLOCK},
	{NULL, 0},
};

/* finit_module() flags */
const struct flag_name finit_module_flags[] = {
	{"MODULE_INIT_IGNORE_MODVERSIONS", PPM_MODULE_INIT_IGNORE_MODVERSIONS},
	{"MODULE_INIT_IGNORE_VERMAGIC", PPM_MODULE_INIT_IGNORE_VERMAGIC},
	{"MODULE_INIT_COMPRESSED_FILE", PPM_MODULE_INIT_COMPRESSED_FILE},
	{NULL, 0},
};

/* delete_module() flags */
const struct flag_name delete_module_flags[] = {
	{"O_NONBLOCK", PPM_DELETE_MODULE_O_NONBLOCK},
	{"O_TRUNC", PPM_DELETE_MODULE_O_TRUNC},
	{NULL, 0},
};

/* mknod() mode: one file type, then the permission bits. The types share
 * bits (S_IFSOCK holds S_IFREG's, S_IFBLK S_IFCHR's), so the wider ones
 * come first for the bit-set walk to name the right one. */
const struct flag_name mknod_modes[] = {
	{"S_IFSOCK", PPM_S_IFSOCK},
	{"S_IFREG", PPM_S_IFREG},
	{"S_IFBLK", PPM_S_IFBLK},
	{"S_IFCHR", PPM_S_IFCHR},
	{"S_IFIFO", PPM_S_IFIFO},
	{"S_ISUID", PPM_S_ISUID},
	{"S_ISGID", PPM_S_ISGID},
	{"S_ISVTX", PPM_S_ISVTX},
	{"S_IRUSR", PPM_S_IRUSR},
	{"S_IWUSR", PPM_S_IWUSR},
	{"S_IXUSR", PPM_S_IXUSR},
	{"S_IRGRP", PPM_S_IRGRP},
	{"S_IWGRP", PPM_S_IWGRP},
	{"S_IXGRP", PPM_S_IXGRP},
	{"S_IROTH", PPM_S_IROTH},
	{"S_IWOTH", PPM_S_IWOTH},
	{"S_IXOTH", PPM_S_IXOTH},
	{NULL, 0},
};

/* bpf() commands: the kernel's numbers (uapi/linux/bpf.h), kept as they are */
const struct flag_name bpf_commands[] = {
	{"BPF_MAP_CREATE", 0},
	{"BPF_MAP_LOOKUP_ELEM", 1},
	{"BPF_MAP_UPDATE_ELEM", 2},
	{"BPF_MAP_DELETE_ELEM", 3},
	{"BPF_MAP_GET_NEXT_KEY", 4},
	{"BPF_PROG_LOAD", 5},
	{"BPF_OBJ_PIN", 6},
	{"BPF_OBJ_GET", 7},
	{"BPF_PROG_ATTACH", 8},
	{"BPF_PROG_DETACH", 9},
	{"BPF_PROG_TEST_RUN", 10},
	{"BPF_PROG_RUN", 10},
	{"BPF_PROG_GET_NEXT_ID", 11},
	{"BPF_MAP_GET_NEXT_ID", 12},
	{"BPF_PROG_GET_FD_BY_ID", 13},
	{"BPF_MAP_GET_FD_BY_ID", 14},
	{"BPF_OBJ_GET_INFO_BY_FD", 15},
	{"BPF_PROG_QUERY", 16},
	{"BPF_RAW_TRACEPOINT_OPEN", 17},
	{"BPF_BTF_LOAD", 18},
	{"BPF_BTF_GET_FD_BY_ID", 19},
	{"BPF_TASK_FD_QUERY", 20},
	{"BPF_MAP_LOOKUP_AND_DELETE_ELEM", 21},
	{"BPF_MAP_FREEZE", 22},
	{"BPF_BTF_GET_NEXT_ID", 23},
	{"BPF_MAP_LOOKUP_BATCH", 24},
	{"BPF_MAP_LOOKUP_AND_DELETE_BATCH", 25},
	{"BPF_MAP_UPDATE_BATCH", 26},
	{"BPF_MAP_DELETE_BATCH", 27},
	{"BPF_LINK_CREATE", 28},
	{"BPF_LINK_UPDATE", 29},
	{"BPF_LINK_GET_FD_BY_ID", 30},
	{"BPF_LINK_GET_NEXT_ID", 31},
	{"BPF_ENABLE_STATS", 32},
	{"BPF_ITER_CREATE", 33},
	{"BPF_LINK_DETACH", 34},
	{"BPF_PROG_BIND_MAP", 35},
	{"BPF_TOKEN_CREATE", 36},
	{NULL, 0},
};

/* Signal numbers (Linux x86_64), as PT_SIGTYPE parameters carry them. */
const struct flag_name signal_names[] = {
	{"SIGHUP", 1},
	{"SIGINT", 2},
	{"SIGQUIT", 3},
	{"SIGILL", 4},
	{"SIGTRAP", 5},
	{"SIGABRT", 6},
	{"SIGBUS", 7},
	{"SIGFPE", 8},
	{"SIGKILL", 9},
	{"SIGUSR1", 10},
	{"SIGSEGV", 11},
	{"SIGUSR2", 12},
	{"SIGPIPE", 13},
	{"SIGALRM", 14},
	{"SIGTERM", 15},
	{"SIGSTKFLT", 16},
	{"SIGCHLD", 17},
	{"SIGCONT", 18},
	{"SIGSTOP", 19},
	{"SIGTSTP", 20},
	{"SIGTTIN", 21},
	{"SIGTTOU", 22},
	{"SIGURG", 23},
	{"SIGXCPU", 24},
	{"SIGXFSZ", 25},
	{"SIGVTALRM", 26},
	{"SIGPROF", 27},
	{"SIGWINCH", 28},
	{"SIGIO", 29},
	{"SIGPWR", 30},
	{"SIGSYS", 31},
	/* aliases, for name -> number look-ups only */
	{"SIGIOT", 6},
	{"SIGPOLL", 29},
	{NULL, 0},
};

/* errno values (Linux x86_64, positive). 512 and above are the kernel's
 * internal codes, which a tracer at syscall exit can see (ERESTARTSYS when a
 * signal interrupts a call). */
const struct flag_name errno_names[] = {
	{"EPERM", 1},
	{"ENOENT", 2},
	{"ESRCH", 3},
	{"EINTR", 4},
	{"EIO", 5},
	{"ENXIO", 6},
	{"E2BIG", 7},
	{"ENOEXEC", 8},
	{"EBADF", 9},
	{"ECHILD", 10},
	{"EAGAIN", 11},
	{"ENOMEM", 12},
	{"EACCES", 13},
	{"EFAULT", 14},
	{"ENOTBLK", 15},
	{"EBUSY", 16},
	{"EEXIST", 17},
	{"EXDEV", 18},
	{"ENODEV", 19},
	{"ENOTDIR", 20},
	{"EISDIR", 21},
	{"EINVAL", 22},
	{"ENFILE", 23},
	{"EMFILE", 24},
	{"ENOTTY", 25},
	{"ETXTBSY", 26},
	{"EFBIG", 27},
	{"ENOSPC", 28},
	{"ESPIPE", 29},
	{"EROFS", 30},
	{"EMLINK", 31},
	{"EPIPE", 32},
	{"EDOM", 33},
	{"ERANGE", 34},
	{"EDEADLK", 35},
	{"ENAMETOOLONG", 36},
	{"ENOLCK", 37},
	{"ENOSYS", 38},
	{"ENOTEMPTY", 39},
	{"ELOOP", 40},
	{"ENOMSG", 42},
	{"EIDRM", 43},
	{"ECHRNG", 44},
	{"EL2NSYNC", 45},
	{"EL3HLT", 46},
	{"EL3RST", 47},
	{"ELNRNG", 48},
	{"EUNATCH", 49},
	{"ENOCSI", 50},
	{"EL2HLT", 51},
	{"EBADE", 52},
	{"EBADR", 53},
	{"EXFULL", 54},
	{"ENOANO", 55},
	{"EBADRQC", 56},
	{"EBADSLT", 57},
	{"EBFONT", 59},
	{"ENOSTR", 60},
	{"ENODATA", 61},
	{"ETIME", 62},
	{"ENOSR", 63},
	{"ENONET", 64},
	{"ENOPKG", 65},
	{"EREMOTE", 66},
	{"ENOLINK", 67},
	{"EADV", 68},
	{"ESRMNT", 69},
	{"ECOMM", 70},
	{"EPROTO", 71},
	{"EMULTIHOP", 72},
	{"EDOTDOT", 73},
	{"EBADMSG", 74},
	{"EOVERFLOW", 75},
	{"ENOTUNIQ", 76},
	{"EBADFD", 77},
	{"EREMCHG", 78},
	{"ELIBACC", 79},
	{"ELIBBAD", 80},
	{"ELIBSCN", 81},
	{"ELIBMAX", 82},
	{"ELIBEXEC", 83},
	{"EILSEQ", 84},
	{"ERESTART", 85},
	{"ESTRPIPE", 86},
	{"EUSERS", 87},
	{"ENOTSOCK", 88},
	{"EDESTADDRREQ", 89},
	{"EMSGSIZE", 90},
	{"EPROTOTYPE", 91},
	{"ENOPROTOOPT", 92},
	{"EPROTONOSUPPORT", 93},
	{"ESOCKTNOSUPPORT", 94},
	{"EOPNOTSUPP", 95},
	{"EPFNOSUPPORT", 96},
	{"EAFNOSUPPORT", 97},
	{"EADDRINUSE", 98},
	{"EADDRNOTAVAIL", 99},
	{"ENETDOWN", 100},
	{"ENETUNREACH", 101},
	{"ENETRESET", 102},
	{"ECONNABORTED", 103},
	{"ECONNRESET", 104},
	{"ENOBUFS", 105},
	{"EISCONN", 106},
	{"ENOTCONN", 107},
	{"ESHUTDOWN", 108},
	{"ETOOMANYREFS", 109},
	{"ETIMEDOUT", 110},
	{"ECONNREFUSED", 111},
	{"EHOSTDOWN", 112},
	{"EHOSTUNREACH", 113},
	{"EALREADY", 114},
	{"EINPROGRESS", 115},
	{"ESTALE", 116},
	{"EUCLEAN", 117},
	{"ENOTNAM", 118},
	{"ENAVAIL", 119},
	{"EISNAM", 120},
	{"EREMOTEIO", 121},
	{"EDQUOT", 122},
	{"ENOMEDIUM", 123},
	{"EMEDIUMTYPE", 124},
	{"ECANCELED", 125},
	{"ENOKEY", 126},
	{"EKEYEXPIRED", 127},
	{"EKEYREVOKED", 128},
	{"EKEYREJECTED", 129},
	{"EOWNERDEAD", 130},
	{"ENOTRECOVERABLE", 131},
	{"ERFKILL", 132},
	{"EHWPOISON", 133},
	{"ERESTARTSYS", 512},
	{"ERESTARTNOINTR", 513},
	{"ERESTARTNOHAND", 514},
	{"ENOIOCTLCMD", 515},
	{"ERESTART_RESTARTBLOCK", 516},
	{"EPROBE_DEFER", 517},
	{"EOPENSTALE", 518},
	{"ENOPARAM", 519},
	{"EBADHANDLE", 521},
	{"ENOTSYNC", 522},
	{"EBADCOOKIE", 523},
	{"ENOTSUPP", 524},
	{"ETOOSMALL", 525},
	{"ESERVERFAULT", 526},
	{"EBADTYPE", 527},
	{"EJUKEBOX", 528},
	{"EIOCBQUEUED", 529},
	{"EIOCBRETRY", 530},
	/* aliases, for name -> number look-ups only */
	{"EWOULDBLOCK", 11},
	{"EDEADLOCK", 35},
	{"ENOTSUP", 95},
	{NULL, 0},
};

const char *event_errno_name(int64_t err)
{
	/* Accept the negated form too, as PT_ERRNO parameters carry it. */
	uint64_t v = err < 0 ? (uint64_t)0 - (uint64_t)err : (uint64_t)err;

	if (v == 0 || v > UINT32_MAX)
		return NULL;
	for (const struct flag_name *f = errno_names; f->name != NULL; f++)
		if (f->value == (uint32_t)v)
			return f->name;
	return NULL;
}
