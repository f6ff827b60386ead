/* scap_format.h: the on-disk layout of sysdig/Falco capture files (scap), for
 * the reader (-r, scap_read.c) and the writer (-w).
 *
 * A scap file is a sequence of pcapng-style blocks, little-endian as written
 * (the section header's magic tells the byte order):
 *
 *   u32 block_type | u32 block_total_length | body ... | pad to 4 | u32 block_total_length
 *
 * block_total_length counts the 8-byte header, the body, the padding and the
 * 4-byte trailer. A file holds one or more sections; each starts with a
 * section header block, then the state blocks (machine info, process list, fd
 * lists, interface list, user list), then event blocks.
 *
 * Block bodies are variable-length records of fixed-width integers and
 * u16-length-prefixed strings (not NUL-terminated), so they are parsed field
 * by field rather than overlaid with structs; the packed structs below exist
 * only where a fixed part is read or written in one piece. */
#ifndef WTF_SCAP_FORMAT_H
#define WTF_SCAP_FORMAT_H

#include <stdint.h>

/* ---- generic block ---- */

struct scap_block_header {
	uint32_t block_type;
	uint32_t block_total_length; /* header + body + padding + trailer */
} __attribute__((packed));

#define SCAP_BLOCK_HEADER_SIZE 8
#define SCAP_BLOCK_TRAILER_SIZE 4
/* bytes of padding after a body of n bytes */
#define SCAP_PAD4(n) ((4 - ((n) & 3)) & 3)

/* ---- section header block ---- */

#define SCAP_SHB_BLOCK_TYPE 0x0A0D0D0Au  /* "\r\n\n\r": the same in both byte orders */
#define SCAP_SHB_MAGIC 0x1A2B3C4Du       /* reads as 0x4D3C2B1A in the other byte order */
#define SCAP_SHB_MAGIC_SWAPPED 0x4D3C2B1Au
#define SCAP_MAJOR_VERSION 1             /* readers refuse a higher major */
#define SCAP_MINOR_VERSION 2             /* 1.2: sub-entry lengths instead of new versions */

/* Body of the section header. pcapng options may follow (up to
 * block_total_length); readers skip them. section_length is -1 (unknown). */
struct scap_section_header {
	uint32_t byte_order_magic;
	uint16_t major_version;
	uint16_t minor_version;
	uint64_t section_length;
} __attribute__((packed));

#define SCAP_SHB_BODY_SIZE 16

/* ---- machine info block ---- */

#define SCAP_MI_BLOCK_TYPE 0x201u
#define SCAP_MI_BLOCK_TYPE_INT 0x8002ABCDu /* pre-release number, still accepted */

#define SCAP_MI_HOSTNAME_LEN 128
/* Body, packed. Newer libs use reserved1 for the boot time (ns since epoch)
 * and reserved2 for flags; old files have zeros there. */
struct scap_machine_info {
	uint32_t num_cpus;
	uint64_t memory_size_bytes;
	uint64_t max_pid;
	char hostname[SCAP_MI_HOSTNAME_LEN];
	uint64_t reserved1; /* boot_ts_epoch in newer libs */
	uint64_t reserved2; /* flags in newer libs */
	uint64_t reserved3;
	uint64_t reserved4;
} __attribute__((packed));

#define SCAP_MI_BODY_SIZE 180

/* ---- process list blocks ----
 *
 * The body is a sequence of entries, one per thread. Fields, in order, with
 * the version that introduced them (u16-prefixed strings are "str"):
 *
 *   [v9: u32 entry_len, counting itself; skip what is not understood]
 *   u64 tid, u64 pid, u64 ptid
 *   [v6+: u64 sid]  [v8+: u64 vpgid]
 *   str comm, str exe  [v7+: str exepath]
 *   str args ('\0'-separated)  str cwd
 *   u64 fdlimit, u32 flags, u32 uid, u32 gid
 *   [v2+: u32 vmsize_kb, u32 vmrss_kb, u32 vmswap_kb, u64 pfmajor, u64 pfminor]
 *   [v3+: str env ('\0'-separated)]
 *   [v4+: i64 vtid, i64 vpid, str cgroups ("subsys=path\0"...)]
 *   [v5+: str root]
 *   v9 only, each present if entry_len still has room for it:
 *     libs >= 0.10: u64 pidns_init_start_ts, u32 tty   (inserted mid-entry)
 *     u32 loginuid, u8 exe_writable, u64 cap_inheritable, u64 cap_permitted,
 *     u64 cap_effective, u8 exe_upper_layer, u64 exe_ino, u64 exe_ino_ctime,
 *     u64 exe_ino_mtime, u8 exe_from_memfd
 *   A v9 entry whose remaining length (after root) is <= 29 bytes was written
 *   by libs < 0.10 (no pidns_init_start_ts/tty): SCAP_PL_PRE_0_10_TAIL.
 */
#define SCAP_PL_BLOCK_TYPE_V1 0x202u
#define SCAP_PL_BLOCK_TYPE_V1_INT 0x8000ABCDu
#define SCAP_PL_BLOCK_TYPE_V2 0x207u
#define SCAP_PL_BLOCK_TYPE_V2_INT 0x8013ABCDu
#define SCAP_PL_BLOCK_TYPE_V3 0x209u
#define SCAP_PL_BLOCK_TYPE_V3_INT 0x8014ABCDu
#define SCAP_PL_BLOCK_TYPE_V4 0x210u
#define SCAP_PL_BLOCK_TYPE_V5 0x211u
#define SCAP_PL_BLOCK_TYPE_V6 0x212u
#define SCAP_PL_BLOCK_TYPE_V7 0x213u
#define SCAP_PL_BLOCK_TYPE_V8 0x214u
#define SCAP_PL_BLOCK_TYPE_V9 0x215u

/* loginuid + exe_writable + 3 capability sets: the v9 tail of libs < 0.10 */
#define SCAP_PL_PRE_0_10_TAIL 29

/* ---- fd list blocks ----
 *
 * Body: u64 tid, then entries:
 *   [v2: u32 entry_len, counting itself]
 *   i64 fd, u64 ino, u8 type (enum scap_fd_type), then by type:
 *     IPV4_SOCK:     u32 sip, u32 dip, u16 sport, u16 dport, u8 l4proto
 *     IPV4_SERVSOCK: u32 ip, u16 port, u8 l4proto
 *     IPV6_SOCK:     16B sip, 16B dip, u16 sport, u16 dport, u8 l4proto
 *     IPV6_SERVSOCK: 16B ip, u16 port, u8 l4proto
 *     UNIX_SOCK:     u64 source, u64 destination, str name
 *     FILE_V2:       u32 open_flags (PPM_O_*), str name, [v2 if room: u32 dev]
 *     others:        str name
 *   IPv4 addresses are in network byte order as u32; ports in host order.
 *   l4proto is enum scap_l4_proto, not an IPPROTO_* number.
 */
#define SCAP_FDL_BLOCK_TYPE 0x203u
#define SCAP_FDL_BLOCK_TYPE_INT 0x8001ABCDu
#define SCAP_FDL_BLOCK_TYPE_V2 0x218u

enum scap_fd_type {
	SCAP_FD_UNKNOWN = 0,
	SCAP_FD_FILE = 1,
	SCAP_FD_DIRECTORY = 2,
	SCAP_FD_IPV4_SOCK = 3,
	SCAP_FD_IPV6_SOCK = 4,
	SCAP_FD_IPV4_SERVSOCK = 5,
	SCAP_FD_IPV6_SERVSOCK = 6,
	SCAP_FD_FIFO = 7,
	SCAP_FD_UNIX_SOCK = 8,
	SCAP_FD_EVENT = 9,
	SCAP_FD_UNSUPPORTED = 10,
	SCAP_FD_SIGNALFD = 11,
	SCAP_FD_EVENTPOLL = 12,
	SCAP_FD_INOTIFY = 13,
	SCAP_FD_TIMERFD = 14,
	SCAP_FD_NETLINK = 15,
	SCAP_FD_FILE_V2 = 16,
	SCAP_FD_BPF = 17,
	SCAP_FD_USERFAULTFD = 18,
	SCAP_FD_IOURING = 19,
	SCAP_FD_MEMFD = 20,
	SCAP_FD_PIDFD = 21,
};

enum scap_l4_proto {
	SCAP_L4_UNKNOWN = 0,
	SCAP_L4_NA = 1,
	SCAP_L4_TCP = 2,
	SCAP_L4_UDP = 3,
	SCAP_L4_ICMP = 4,
	SCAP_L4_RAW = 5,
};

/* ---- event blocks ----
 *
 * Body: u16 cpuid, [EVF*: u32 flags], then one event:
 *   v1 (EV/EVF):  u64 ts, u64 tid, u32 len, u16 type, u16 lens[], params
 *                 (no nparams: the reader infers it from len and the lengths)
 *   v2 and LARGE: u64 ts, u64 tid, u32 len, u16 type, u32 nparams, lens[], params
 * len counts the event header, the lengths and the params (for v1 without
 * the missing nparams). Parameter lengths are u16, except for event types
 * with a large payload (EF_LARGE_PAYLOAD in the event table), whose lengths
 * are u32; such events can exceed 64 KiB and are the ones written in LARGE
 * blocks, which lift the 64 KiB block limit of the others.
 */
#define SCAP_EV_BLOCK_TYPE 0x204u
#define SCAP_EV_BLOCK_TYPE_INT 0x8010ABCDu
#define SCAP_EV_BLOCK_TYPE_V2 0x216u
#define SCAP_EV_BLOCK_TYPE_V2_LARGE 0x221u
#define SCAP_EVF_BLOCK_TYPE 0x208u
#define SCAP_EVF_BLOCK_TYPE_V2 0x217u
#define SCAP_EVF_BLOCK_TYPE_V2_LARGE 0x222u

/* v1 event header: the v2 one (struct wtf_evt_hdr, 26 bytes) without nparams */
#define SCAP_EVT_HDR_V1_SIZE 22
#define SCAP_EVT_HDR_V2_SIZE 26
/* Readers (libscap's READER_BUF_SIZE) refuse non-large event blocks whose
 * body is larger than this. */
#define SCAP_MAX_EVENT_BLOCK_BODY 65536

/* EVF flags (libscap's scap_dump_flags) */
#define SCAP_DF_STATE_ONLY 0x1u /* update state with the event but do not show it */
#define SCAP_DF_TRACER 0x2u     /* deprecated tracer event */
#define SCAP_DF_LARGE 0x4u      /* the event type has a large payload (u32 lengths) */

/* ---- interface list blocks ----
 *
 * Body: entries; v2 prefixes each with u32 entry_len (not counting itself).
 *   u16 type (enum scap_if_type), u16 namelen,
 *   IPV4: u32 addr, u32 netmask, u32 bcast, [u64 linkspeed], name
 *   IPV6: 16B addr, 16B netmask, 16B bcast, [u64 linkspeed], name
 * The _NOLINKSPEED types have no linkspeed.
 */
#define SCAP_IL_BLOCK_TYPE 0x205u
#define SCAP_IL_BLOCK_TYPE_INT 0x8011ABCDu
#define SCAP_IL_BLOCK_TYPE_V2 0x219u

enum scap_if_type {
	SCAP_II_UNKNOWN = 0,
	SCAP_II_IPV4 = 1,
	SCAP_II_IPV6 = 2,
	SCAP_II_IPV4_NOLINKSPEED = 3,
	SCAP_II_IPV6_NOLINKSPEED = 4,
};

/* ---- user list blocks ----
 *
 * Body: entries; v2 prefixes each with u32 entry_len (counting itself).
 *   u8 kind (enum scap_user_kind), then
 *   USER:  u32 uid, u32 gid, str name, str homedir, str shell
 *   GROUP: u32 gid, str name
 */
#define SCAP_UL_BLOCK_TYPE 0x206u
#define SCAP_UL_BLOCK_TYPE_INT 0x8012ABCDu
#define SCAP_UL_BLOCK_TYPE_V2 0x220u

enum scap_user_kind {
	SCAP_USERBLOCK_USER = 0,
	SCAP_USERBLOCK_GROUP = 1,
};

/* Limits readers apply to strings in state blocks (libscap's). */
#define SCAP_MAX_PATH_SIZE 1024
#define SCAP_MAX_ARGS_SIZE 4096
#define SCAP_MAX_ENV_SIZE 4096
#define SCAP_MAX_CGROUPS_SIZE 4096
#define SCAP_MAX_CREDENTIALS_STR_LEN 256

#endif
