/* fam_misc.bpf.h: security-relevant and miscellaneous syscalls: namespaces,
 * mounts, chroot, ptrace, signals, credentials, memory mappings and locks,
 * bpf(2) and the anonymous-fd creators (eventfd, signalfd, timerfd, inotify,
 * userfaultfd). */

/* ---- flag conversions to scap's PPM_* values -------------------------------- */

/* Linux values, the same on x86_64 and arm64 */
#define MISC_O_NONBLOCK 04000
#define MISC_O_CLOEXEC 02000000
#define MISC_MS_MGC_MSK 0xffff0000u
#define MISC_MS_MGC_VAL 0xC0ED0000u
#define MISC_MCL_MASK 07 /* MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT */

/* CLONE_* (clone, unshare, setns) to PPM_CL_* */
static __always_inline u32 misc__clone_flags(u64 f)
{
	u32 r = 0;
	if (f & 0x00000100) r |= PPM_CL_CLONE_VM;
	if (f & 0x00000200) r |= PPM_CL_CLONE_FS;
	if (f & 0x00000400) r |= PPM_CL_CLONE_FILES;
	if (f & 0x00000800) r |= PPM_CL_CLONE_SIGHAND;
	if (f & 0x00002000) r |= PPM_CL_CLONE_PTRACE;
	if (f & 0x00004000) r |= PPM_CL_CLONE_VFORK;
	if (f & 0x00008000) r |= PPM_CL_CLONE_PARENT;
	if (f & 0x00010000) r |= PPM_CL_CLONE_THREAD;
	if (f & 0x00020000) r |= PPM_CL_CLONE_NEWNS;
	if (f & 0x00040000) r |= PPM_CL_CLONE_SYSVSEM;
	if (f & 0x00080000) r |= PPM_CL_CLONE_SETTLS;
	if (f & 0x00100000) r |= PPM_CL_CLONE_PARENT_SETTID;
	if (f & 0x00200000) r |= PPM_CL_CLONE_CHILD_CLEARTID;
	if (f & 0x00800000) r |= PPM_CL_CLONE_UNTRACED;
	if (f & 0x01000000) r |= PPM_CL_CLONE_CHILD_SETTID;
	if (f & 0x02000000) r |= PPM_CL_CLONE_NEWCGROUP;
	if (f & 0x04000000) r |= PPM_CL_CLONE_NEWUTS;
	if (f & 0x08000000) r |= PPM_CL_CLONE_NEWIPC;
	if (f & 0x10000000) r |= PPM_CL_CLONE_NEWUSER;
	if (f & 0x20000000) r |= PPM_CL_CLONE_NEWPID;
	if (f & 0x40000000) r |= PPM_CL_CLONE_NEWNET;
	if (f & 0x80000000) r |= PPM_CL_CLONE_IO;
	return r;
}

/* PTRACE_* requests to scap's numbering (PPM_PTRACE_*; 30-38 are scap's
 * numbers for the x86 requests that wtf_event.h does not name). A global
 * function: the verifier checks it once, and its caller gets a number it
 * knows nothing of, instead of one constant per case, each of which it
 * would follow through the rest of the handler (6,400 instructions). */
__noinline u16 misc__ptrace_request(long req)
{
	switch (req) {
	case 0: return PPM_PTRACE_TRACEME;
	case 1: return PPM_PTRACE_PEEKTEXT;
	case 2: return PPM_PTRACE_PEEKDATA;
	case 3: return PPM_PTRACE_PEEKUSR;
	case 4: return PPM_PTRACE_POKETEXT;
	case 5: return PPM_PTRACE_POKEDATA;
	case 6: return PPM_PTRACE_POKEUSR;
	case 7: return PPM_PTRACE_CONT;
	case 8: return PPM_PTRACE_KILL;
	case 9: return PPM_PTRACE_SINGLESTEP;
	case 16: return PPM_PTRACE_ATTACH;
	case 17: return PPM_PTRACE_DETACH;
	case 24: return PPM_PTRACE_SYSCALL;
	case 0x4200: return PPM_PTRACE_SETOPTIONS;
	case 0x4201: return PPM_PTRACE_GETEVENTMSG;
	case 0x4202: return PPM_PTRACE_GETSIGINFO;
	case 0x4203: return PPM_PTRACE_SETSIGINFO;
	case 0x4204: return PPM_PTRACE_GETREGSET;
	case 0x4205: return PPM_PTRACE_SETREGSET;
	case 0x4206: return PPM_PTRACE_SEIZE;
	case 0x4207: return PPM_PTRACE_INTERRUPT;
	case 0x4208: return PPM_PTRACE_LISTEN;
	case 0x4209: return PPM_PTRACE_PEEKSIGINFO;
	case 0x420a: return PPM_PTRACE_GETSIGMASK;
	case 0x420b: return PPM_PTRACE_SETSIGMASK;
#if defined(__TARGET_ARCH_x86)
	case 12: return PPM_PTRACE_GETREGS;
	case 13: return PPM_PTRACE_SETREGS;
	case 14: return PPM_PTRACE_GETFPREGS;
	case 15: return PPM_PTRACE_SETFPREGS;
	case 18: return 30; /* GETFPXREGS */
	case 19: return 31; /* SETFPXREGS */
	case 21: return 32; /* OLDSETOPTIONS */
	case 25: return 33; /* GET_THREAD_AREA */
	case 26: return 34; /* SET_THREAD_AREA */
	case 30: return 35; /* ARCH_PRCTL */
	case 31: return 36; /* SYSEMU */
	case 32: return 37; /* SYSEMU_SINGLESTEP */
	case 33: return 38; /* SINGLEBLOCK */
#endif
	}
	return PPM_PTRACE_UNKNOWN;
}

/* PROT_* to PPM_PROT_* */
static __always_inline u32 misc__prot_flags(u64 p)
{
	u32 r = 0;
	if (p & 0x1) r |= PPM_PROT_READ;
	if (p & 0x2) r |= PPM_PROT_WRITE;
	if (p & 0x4) r |= PPM_PROT_EXEC;
	if (p & 0x8) r |= PPM_PROT_SEM;
	if (p & 0x01000000) r |= PPM_PROT_GROWSDOWN;
	if (p & 0x02000000) r |= PPM_PROT_GROWSUP;
	return r;
}

/* MAP_* to PPM_MAP_* (values of x86_64 and arm64) */
static __always_inline u32 misc__mmap_flags(u64 f)
{
	u32 r = 0;
	if ((f & 0x3) == 0x1) r |= PPM_MAP_SHARED;
	if ((f & 0x3) == 0x2) r |= PPM_MAP_PRIVATE;
	if ((f & 0x3) == 0x3) r |= PPM_MAP_SHARED; /* MAP_SHARED_VALIDATE */
	if (f & 0x10) r |= PPM_MAP_FIXED;
	if (f & 0x20) r |= PPM_MAP_ANONYMOUS;
#if defined(__TARGET_ARCH_x86)
	if (f & 0x40) r |= PPM_MAP_32BIT;
#endif
	if (f & 0x100) r |= PPM_MAP_GROWSDOWN;
	if (f & 0x800) r |= PPM_MAP_DENYWRITE;
	if (f & 0x1000) r |= PPM_MAP_EXECUTABLE;
	if (f & 0x2000) r |= PPM_MAP_LOCKED;
	if (f & 0x4000) r |= PPM_MAP_NORESERVE;
	if (f & 0x8000) r |= PPM_MAP_POPULATE;
	if (f & 0x10000) r |= PPM_MAP_NONBLOCK;
	return r;
}

/* O_NONBLOCK/O_CLOEXEC of eventfd2, signalfd4 and inotify_init1 (their
 * EFD_*, SFD_* and IN_* flags have the open flags' values) as PPM_O_*, as
 * newer scap drivers send them; EFD_SEMAPHORE has no name there and is left
 * out. A negative value (a bad call) has no flags. */
static __always_inline u16 misc__fd_flags(u64 arg)
{
	s32 f = (s32)arg;
	u16 r = 0;
	if (f < 0)
		return 0;
	if (f & MISC_O_NONBLOCK) r |= PPM_O_NONBLOCK;
	if (f & MISC_O_CLOEXEC) r |= PPM_O_CLOEXEC;
	return r;
}

/* ---- namespaces, mounts, chroot ------------------------------------------- */

EXIT_HANDLER(setns)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_SETNS_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: nstype (type: PT_FLAGS32) */
	store__u32(aux, misc__clone_flags(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(unshare)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_UNSHARE_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_FLAGS32) */
	store__u32(aux, misc__clone_flags(ARG(0)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* The mount point and the unmounted or new root are the paths a rule looks
 * at: copy them at enter (TOCTOU). */

EXIT_HANDLER(mount)
{
	struct enter_state *st = handler__enter_state(regs);
	u32 flags = ARG(3);
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MOUNT_X, 5);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: dev (type: PT_CHARBUF) */
	store__user_str(aux, (const char *)ARG(0), WTF_MAX_PATH);
	/* Parameter 3: dir (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: type (type: PT_CHARBUF) */
	store__user_str(aux, (const char *)ARG(2), WTF_MAX_PATH);
	/* Parameter 5: flags (type: PT_FLAGS32): MS_* as they are, without the
	 * old magic number in the high half */
	if ((flags & MISC_MS_MGC_MSK) == MISC_MS_MGC_VAL)
		flags &= ~MISC_MS_MGC_MSK;
	store__u32(aux, flags);
	return handler__emit(aux, st);
}

EXIT_HANDLER(umount2)
{
	struct enter_state *st = handler__enter_state(regs);
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_UMOUNT2_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: name (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: flags (type: PT_FLAGS32): MNT_* and UMOUNT_NOFOLLOW have
	 * scap's values */
	store__u32(aux, ARG(1) & (PPM_MNT_FORCE | PPM_MNT_DETACH | PPM_MNT_EXPIRE |
				  PPM_UMOUNT_NOFOLLOW));
	return handler__emit(aux, st);
}

EXIT_HANDLER(chroot)
{
	struct enter_state *st = handler__enter_state(regs);
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_CHROOT_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: path (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	return handler__emit(aux, st);
}

/* ---- ptrace ----------------------------------------------------------------- */

/* Indexes of ptrace's PT_DYN parameters (scap's ptrace_dynamic_param). */
#define MISC_PTRACE_IDX_UINT64 0
#define MISC_PTRACE_IDX_SIGTYPE 1

/* A PT_DYN parameter: one index byte, then a u64. */
static __always_inline void misc__store_dyn_u64(struct auxbuf *aux, u8 idx, u64 v)
{
	u8 *p = store__raw_ptr(aux);
	p[0] = idx;
	__builtin_memcpy(&p[1], &v, sizeof(v));
	store__commit_raw(aux, 1 + sizeof(v));
}

EXIT_HANDLER(ptrace)
{
	u16 req = misc__ptrace_request(ARG(0));
	u64 addr = ARG(2), data = ARG(3);
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_PTRACE_X, 5);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: addr (type: PT_DYN): the address as a u64, 0 on failure */
	misc__store_dyn_u64(aux, MISC_PTRACE_IDX_UINT64, ret < 0 ? 0 : addr);
	/* Parameter 3: data (type: PT_DYN): what the request makes of it: the
	 * word read for PEEK*, the signal for the resuming requests, else the
	 * raw value; 0 on failure */
	if (ret < 0) {
		misc__store_dyn_u64(aux, MISC_PTRACE_IDX_UINT64, 0);
	} else if (req == PPM_PTRACE_PEEKTEXT || req == PPM_PTRACE_PEEKDATA ||
		   req == PPM_PTRACE_PEEKUSR) {
		u64 word = 0;
		bpf_probe_read_user(&word, sizeof(word), (const void *)data);
		misc__store_dyn_u64(aux, MISC_PTRACE_IDX_UINT64, word);
	} else if (req == PPM_PTRACE_CONT || req == PPM_PTRACE_SINGLESTEP ||
		   req == PPM_PTRACE_DETACH || req == PPM_PTRACE_SYSCALL) {
		u8 *p = store__raw_ptr(aux);
		p[0] = MISC_PTRACE_IDX_SIGTYPE;
		p[1] = (u8)data;
		store__commit_raw(aux, 2);
	} else {
		misc__store_dyn_u64(aux, MISC_PTRACE_IDX_UINT64, data);
	}
	/* Parameter 4: request (type: PT_ENUMFLAGS16) */
	store__u16(aux, req);
	/* Parameter 5: pid (type: PT_PID) */
	store__s64(aux, (s32)ARG(1));
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- signals ---------------------------------------------------------------- */

EXIT_HANDLER(kill)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_KILL_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: pid (type: PT_PID) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: sig (type: PT_SIGTYPE) */
	store__u8(aux, ARG(1));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(tkill)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_TKILL_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: tid (type: PT_PID) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: sig (type: PT_SIGTYPE) */
	store__u8(aux, ARG(1));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(tgkill)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_TGKILL_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: pid (type: PT_PID) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: tid (type: PT_PID) */
	store__s64(aux, (s32)ARG(1));
	/* Parameter 4: sig (type: PT_SIGTYPE) */
	store__u8(aux, ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- credentials ------------------------------------------------------------ */

/* setuid(2), setgid(2): res, then the id (PT_UID / PT_GID) */
static __always_inline int misc__set_id(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: uid or gid (type: PT_UID / PT_GID) */
	store__u32(aux, ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

/* setresuid(2), setresgid(2): res, then the real, effective and saved ids */
static __always_inline int misc__set_res_ids(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: ruid / rgid (type: PT_UID / PT_GID) */
	store__u32(aux, ARG(0));
	/* Parameter 3: euid / egid (type: PT_UID / PT_GID) */
	store__u32(aux, ARG(1));
	/* Parameter 4: suid / sgid (type: PT_UID / PT_GID) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

/* setuid, setgid */
EXIT_HANDLER(setuid) { return misc__set_id(regs, ret, handler__exit_event(regs, PPME_SYSCALL_SETUID_X)); }
/* setresuid, setresgid */
EXIT_HANDLER(setresuid)
{
	return misc__set_res_ids(regs, ret, handler__exit_event(regs, PPME_SYSCALL_SETRESUID_X));
}

/* ---- memory mappings and locks ---------------------------------------------- */

/* mm_struct before rss_stat became per-CPU counters */
struct mm_rss_stat___wtf_old {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));
struct mm_struct___wtf_old {
	struct mm_rss_stat___wtf_old rss_stat;
} __attribute__((preserve_access_index));

/* 4 KiB pages (x86_64, and arm64's usual configuration) */
#define MISC_PAGE_SHIFT 12

/* vm_size, vm_rss and vm_swap in KiB, as scap's memory events carry them:
 * the counters' global values, which lag their per-CPU parts a little. */
static __always_inline void misc__store_vm(struct auxbuf *aux)
{
	struct mm_struct *mm = BPF_CORE_READ(extract__task(), mm);
	u64 size = 0, file = 0, anon = 0, swap = 0, shmem = 0;

	if (mm) {
		size = BPF_CORE_READ(mm, total_vm);
		if (bpf_core_field_exists(((struct mm_struct___wtf_old *)mm)->rss_stat)) {
			struct mm_struct___wtf_old *old = (void *)mm;
			file = BPF_CORE_READ(old, rss_stat.count[0].counter);
			anon = BPF_CORE_READ(old, rss_stat.count[1].counter);
			swap = BPF_CORE_READ(old, rss_stat.count[2].counter);
			shmem = BPF_CORE_READ(old, rss_stat.count[3].counter);
		} else {
			file = BPF_CORE_READ(mm, rss_stat[0].count);
			anon = BPF_CORE_READ(mm, rss_stat[1].count);
			swap = BPF_CORE_READ(mm, rss_stat[2].count);
			shmem = BPF_CORE_READ(mm, rss_stat[3].count);
		}
	}
	/* counters can be transiently negative: clamp */
	if ((s64)file < 0) file = 0;
	if ((s64)anon < 0) anon = 0;
	if ((s64)shmem < 0) shmem = 0;
	if ((s64)swap < 0) swap = 0;
	/* vm_size (type: PT_UINT32) */
	store__u32(aux, size << (MISC_PAGE_SHIFT - 10));
	/* vm_rss (type: PT_UINT32) */
	store__u32(aux, (file + anon + shmem) << (MISC_PAGE_SHIFT - 10));
	/* vm_swap (type: PT_UINT32) */
	store__u32(aux, swap << (MISC_PAGE_SHIFT - 10));
}

EXIT_HANDLER(mmap)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MMAP_X, 10);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameters 2-4: vm_size, vm_rss, vm_swap */
	misc__store_vm(aux);
	/* Parameter 5: addr (type: PT_UINT64) */
	store__u64(aux, ARG(0));
	/* Parameter 6: length (type: PT_UINT64) */
	store__u64(aux, ARG(1));
	/* Parameter 7: prot (type: PT_FLAGS32) */
	store__u32(aux, misc__prot_flags(ARG(2)));
	/* Parameter 8: flags (type: PT_FLAGS32) */
	store__u32(aux, misc__mmap_flags(ARG(3)));
	/* Parameter 9: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(4));
	/* Parameter 10: offset (type: PT_UINT64) */
	store__u64(aux, ARG(5));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(mprotect)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MPROTECT_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: addr (type: PT_UINT64) */
	store__u64(aux, ARG(0));
	/* Parameter 3: length (type: PT_UINT64) */
	store__u64(aux, ARG(1));
	/* Parameter 4: prot (type: PT_FLAGS32) */
	store__u32(aux, misc__prot_flags(ARG(2)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* mlock(addr, len), munlock(addr, len): res, addr, len */
static __always_inline int misc__mlock_range(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: addr (type: PT_UINT64) */
	store__u64(aux, ARG(0));
	/* Parameter 3: len (type: PT_UINT64) */
	store__u64(aux, ARG(1));
	return handler__emit(aux, handler__enter_state(regs));
}

/* mlock, munlock */
EXIT_HANDLER(mlock) { return misc__mlock_range(regs, ret, handler__exit_event(regs, PPME_SYSCALL_MLOCK_X)); }

EXIT_HANDLER(mlockall)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MLOCKALL_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_FLAGS32): MCL_CURRENT, MCL_FUTURE and
	 * MCL_ONFAULT have scap's values (PPM_MLOCKALL_MCL_*) */
	store__u32(aux, ARG(0) & MISC_MCL_MASK);
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(munlockall)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MUNLOCKALL_X, 1);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- bpf(2) ----------------------------------------------------------------- */

/* bpf(cmd, attr, size): newer libs' event has the result as an fd (a new
 * fd for the commands that make one, else 0 or -errno) and the command as
 * the kernel numbers it (enum bpf_cmd, which scap keeps). */
EXIT_HANDLER(bpf)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_BPF_2_X, 2);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: cmd (type: PT_ENUMFLAGS32) */
	store__s32(aux, (s32)ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- anonymous fds ---------------------------------------------------------- */

/* The anonymous-fd creators that newer libs gave events of their own
 * (eventfd2, signalfd4, inotify_init1) carry their flags as PPM_O_*. The
 * older calls keep the older events, whose flags parameter newest libs
 * always sends as 0 (eventfd, signalfd and inotify_init take no flags; for
 * timerfd_create it never filled it in): so do we. */

EXIT_HANDLER(eventfd)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_EVENTFD_X, 3);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: initval (type: PT_UINT64) */
	store__u64(aux, (u32)ARG(0));
	/* Parameter 3: flags (type: PT_UINT32): none for eventfd, 0 */
	store__u32(aux, 0);
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(eventfd2)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_EVENTFD2_X, 3);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_FLAGS16): PPM_O_NONBLOCK, PPM_O_CLOEXEC */
	store__u16(aux, misc__fd_flags(ARG(1)));
	/* Parameter 3: initval (type: PT_UINT64) */
	store__u64(aux, (u32)ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

/* The signal mask of signalfd(fd, mask, sizemask): signals 1-32 of the set. */
static __always_inline u32 misc__sigmask(const void *umask, u64 size)
{
	u32 mask = 0;
	if (umask && size >= sizeof(mask))
		bpf_probe_read_user(&mask, sizeof(mask), umask);
	return mask;
}

EXIT_HANDLER(signalfd)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_SIGNALFD_X, 4);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: mask (type: PT_UINT32) */
	store__u32(aux, misc__sigmask((const void *)ARG(1), ARG(2)));
	/* Parameter 4: flags (type: PT_UINT8): none for signalfd, 0 */
	store__u8(aux, 0);
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(signalfd4)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_SIGNALFD4_X, 4);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_FLAGS16): PPM_O_NONBLOCK, PPM_O_CLOEXEC */
	store__u16(aux, misc__fd_flags(ARG(3)));
	/* Parameter 3: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 4: mask (type: PT_UINT32) */
	store__u32(aux, misc__sigmask((const void *)ARG(1), ARG(2)));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(timerfd_create)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_TIMERFD_CREATE_X, 3);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: clockid (type: PT_UINT8) */
	store__u8(aux, ARG(0));
	/* Parameter 3: flags (type: PT_UINT8): 0, as newest libs sends (TFD_*
	 * have the open flags' values, which do not fit 8 bits) */
	store__u8(aux, 0);
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(inotify_init)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_INOTIFY_INIT_X, 2);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_UINT8): none for inotify_init, 0 */
	store__u8(aux, 0);
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(inotify_init1)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_INOTIFY_INIT1_X, 2);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_FLAGS16): PPM_O_NONBLOCK, PPM_O_CLOEXEC */
	store__u16(aux, misc__fd_flags(ARG(0)));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(userfaultfd)
{
	u64 f = ARG(0);
	u32 flags = 0;
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_USERFAULTFD_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_FLAGS32): as open flags (PPM_O_*);
	 * UFFD_USER_MODE_ONLY has no name there and is left out */
	if (f & MISC_O_NONBLOCK)
		flags |= PPM_O_NONBLOCK;
	if (f & MISC_O_CLOEXEC)
		flags |= PPM_O_CLOEXEC;
	store__u32(aux, flags);
	return handler__emit(aux, handler__enter_state(regs));
}
