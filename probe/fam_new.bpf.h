/* fam_new.bpf.h: syscalls that got an event of their own in newer libs
 * (codes after 351): the chown family, mknod, newfstatat, memfd_create,
 * pidfd_open/getfd, the module calls, prctl, capset, setreuid/setregid,
 * process_vm_readv/writev, epoll_create(1), mlock2 and fsconfig. dup2, dup3
 * and pipe2 are in fam_fs.bpf.h, whose helpers (dirfd, iovec data) this file
 * uses; proc__caps comes from fam_proc.bpf.h.
 *
 * Paths are copied at enter (TOCTOU) and kept as passed, like fam_fs's. */

/* ---- flag converters (Linux values to scap's PPM_* values) ---------------- */

/* fchownat(2) flags: AT_SYMLINK_NOFOLLOW, AT_SYMLINK_FOLLOW, AT_EMPTY_PATH
 * have the same values in both */
static __always_inline u32 new__fchownat_flags(u32 f)
{
	return f & (PPM_AT_SYMLINK_NOFOLLOW | PPM_AT_SYMLINK_FOLLOW | PPM_AT_EMPTY_PATH);
}

/* newfstatat(2) flags, same values as the kernel's */
static __always_inline u32 new__newfstatat_flags(u32 f)
{
	return f & (PPM_AT_SYMLINK_NOFOLLOW | PPM_AT_NO_AUTOMOUNT | PPM_AT_EMPTY_PATH);
}

/* mknod(2) mode: file type (none means a regular file) and permission bits */
static __always_inline u32 new__mknod_mode(u32 m)
{
	u32 r = extract__mode(m);
	switch (m & 0170000) {
	case 0:
	case 0100000: r |= PPM_S_IFREG; break;
	case 0020000: r |= PPM_S_IFCHR; break;
	case 0060000: r |= PPM_S_IFBLK; break;
	case 0010000: r |= PPM_S_IFIFO; break;
	case 0140000: r |= PPM_S_IFSOCK; break;
	}
	return r;
}

/* memfd_create(2) flags: MFD_CLOEXEC, MFD_ALLOW_SEALING and MFD_HUGETLB have
 * scap's values; the newer ones (MFD_NOEXEC_SEAL, MFD_EXEC) have no name */
static __always_inline u32 new__memfd_flags(u32 f)
{
	return f & (PPM_MFD_CLOEXEC | PPM_MFD_ALLOW_SEALING | PPM_MFD_HUGETLB);
}

/* pidfd_open(2) flags: PIDFD_NONBLOCK is O_NONBLOCK */
static __always_inline u32 new__pidfd_open_flags(u32 f)
{
	return (f & 04000) ? PPM_PIDFD_NONBLOCK : 0;
}

/* finit_module(2) flags, same values */
static __always_inline u32 new__finit_module_flags(u32 f)
{
	return f & (PPM_MODULE_INIT_IGNORE_MODVERSIONS | PPM_MODULE_INIT_IGNORE_VERMAGIC |
		    PPM_MODULE_INIT_COMPRESSED_FILE);
}

/* delete_module(2) flags: O_TRUNC and O_NONBLOCK */
static __always_inline u32 new__delete_module_flags(u32 f)
{
	u32 r = 0;
	if (f & 01000) r |= PPM_DELETE_MODULE_O_TRUNC;
	if (f & 04000) r |= PPM_DELETE_MODULE_O_NONBLOCK;
	return r;
}

/* epoll_create1(2) flags: EPOLL_CLOEXEC is O_CLOEXEC */
static __always_inline u32 new__epoll_create1_flags(u32 f)
{
	return (f & 02000000) ? PPM_EPOLL_CLOEXEC : 0;
}

/* mlock2(2) flags */
static __always_inline u32 new__mlock2_flags(u32 f)
{
	return (f & 1 /* MLOCK_ONFAULT */) ? PPM_MLOCK_ONFAULT : 0;
}

/* ---- chown, lchown, fchown, fchownat ----------------------------------------- */


/* chown(path, uid, gid) and lchown: res, path, uid, gid (-1: unchanged) */
static __always_inline int new__chown(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, type, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: path (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: uid (type: PT_UINT32) */
	store__u32(aux, ARG(1));
	/* Parameter 4: gid (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, st);
}

/* chown, lchown */
EXIT_HANDLER(chown) { return new__chown(regs, ret, handler__exit_event(regs, PPME_SYSCALL_CHOWN_X)); }

EXIT_HANDLER(fchown)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FCHOWN_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: uid (type: PT_UINT32) */
	store__u32(aux, ARG(1));
	/* Parameter 4: gid (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

/* fchownat(dirfd, path, uid, gid, flags) */
EXIT_HANDLER(fchownat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FCHOWNAT_X, 6);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(0));
	/* Parameter 3: pathname (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: uid (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	/* Parameter 5: gid (type: PT_UINT32) */
	store__u32(aux, ARG(3));
	/* Parameter 6: flags (type: PT_FLAGS32) */
	store__u32(aux, new__fchownat_flags(ARG(4)));
	return handler__emit(aux, st);
}

/* ---- mknod, mknodat ---------------------------------------------------------- */


/* mknod(path, mode, dev): dev is passed in the user encoding, which is the
 * one scap's dev parameters use */
EXIT_HANDLER(mknod)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MKNOD_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: path (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: mode (type: PT_MODE) */
	store__u32(aux, new__mknod_mode(ARG(1)));
	/* Parameter 4: dev (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, st);
}

/* mknodat(dirfd, path, mode, dev) */
EXIT_HANDLER(mknodat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MKNODAT_X, 5);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(0));
	/* Parameter 3: path (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: mode (type: PT_MODE) */
	store__u32(aux, new__mknod_mode(ARG(2)));
	/* Parameter 5: dev (type: PT_UINT32) */
	store__u32(aux, ARG(3));
	return handler__emit(aux, st);
}

/* ---- newfstatat -------------------------------------------------------------- */


/* newfstatat(dirfd, path, statbuf, flags): what stat(3) and fstatat(3) call */
EXIT_HANDLER(newfstatat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_NEWFSTATAT_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(0));
	/* Parameter 3: path (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: flags (type: PT_FLAGS32) */
	store__u32(aux, new__newfstatat_flags(ARG(3)));
	return handler__emit(aux, st);
}

/* ---- memfd_create, pidfd_open, pidfd_getfd, epoll_create(1) ------------------ */

/* memfd_create(name, flags): the name as passed (the kernel prefixes "memfd:"
 * in /proc), at most MFD_NAME_MAX_LEN (249) bytes */
EXIT_HANDLER(memfd_create)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MEMFD_CREATE_X, 3);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: name (type: PT_CHARBUF) */
	store__user_str(aux, (const void *)ARG(0), 256);
	/* Parameter 3: flags (type: PT_FLAGS32) */
	store__u32(aux, new__memfd_flags(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* pidfd_open(pid, flags) */
EXIT_HANDLER(pidfd_open)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_PIDFD_OPEN_X, 3);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: pid (type: PT_PID) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: flags (type: PT_FLAGS32) */
	store__u32(aux, new__pidfd_open_flags(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* pidfd_getfd(pidfd, targetfd, flags): the fd is a copy of another process's */
EXIT_HANDLER(pidfd_getfd)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_PIDFD_GETFD_X, 4);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: pid_fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: target_fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(1));
	/* Parameter 4: flags (type: PT_UINT32), as passed (none are defined) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(epoll_create)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_EPOLL_CREATE_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: size (type: PT_INT32) */
	store__s32(aux, ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(epoll_create1)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_EPOLL_CREATE1_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: flags (type: PT_FLAGS32) */
	store__u32(aux, new__epoll_create1_flags(ARG(0)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- kernel modules ---------------------------------------------------------- */

/* Module parameters ("uargs") and names, at most this long. */
#define NEW_UARGS_MAX 4096

/* init_module(image, len, uargs): the image's first bytes, up to the snaplen */
EXIT_HANDLER(init_module)
{
	struct auxbuf *aux = maps__auxbuf();
	u64 len = ARG(1);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_INIT_MODULE_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: img (type: PT_BYTEBUF) */
	store__user_data(aux, (const void *)ARG(0), len > WTF_MAX_SNAPLEN ? WTF_MAX_SNAPLEN : (s64)len);
	/* Parameter 3: length (type: PT_UINT64) */
	store__u64(aux, len);
	/* Parameter 4: uargs (type: PT_CHARBUF) */
	store__user_str(aux, (const void *)ARG(2), NEW_UARGS_MAX);
	return handler__emit(aux, handler__enter_state(regs));
}

/* finit_module(fd, uargs, flags) */
EXIT_HANDLER(finit_module)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FINIT_MODULE_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: uargs (type: PT_CHARBUF) */
	store__user_str(aux, (const void *)ARG(1), NEW_UARGS_MAX);
	/* Parameter 4: flags (type: PT_FLAGS32) */
	store__u32(aux, new__finit_module_flags(ARG(2)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* delete_module(name, flags) */
EXIT_HANDLER(delete_module)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_DELETE_MODULE_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: name (type: PT_CHARBUF), at most MODULE_NAME_LEN (56) */
	store__user_str(aux, (const void *)ARG(0), 64);
	/* Parameter 3: flags (type: PT_FLAGS32) */
	store__u32(aux, new__delete_module_flags(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- prctl, capset, setreuid, setregid --------------------------------------- */

/* prctl(option, arg2, ...): options are the kernel's numbers, kept as they
 * are. arg2 is a string for PR_SET_NAME (what the kernel takes: 15 bytes and
 * the NUL) and PR_GET_NAME (what it wrote), the value it points to for
 * PR_GET_CHILD_SUBREAPER, else the number itself. */
EXIT_HANDLER(prctl)
{
	struct auxbuf *aux = maps__auxbuf();
	u32 option = ARG(0);
	unsigned long arg2 = ARG(1);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_PRCTL_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: option (type: PT_ENUMFLAGS32) */
	store__u32(aux, option);
	if (option == PPM_PR_SET_NAME || option == PPM_PR_GET_NAME) {
		/* Parameter 3: arg2_str (type: PT_CHARBUF) */
		if (option == PPM_PR_SET_NAME || ret == 0)
			store__user_str(aux, (const void *)arg2, 16);
		else
			store__empty(aux);
		/* Parameter 4: arg2_int (type: PT_INT64) */
		store__empty(aux);
	} else if (option == PPM_PR_GET_CHILD_SUBREAPER) {
		s32 v = 0;
		/* Parameter 3: arg2_str (type: PT_CHARBUF) */
		store__empty(aux);
		/* Parameter 4: arg2_int (type: PT_INT64) */
		if (ret == 0 && bpf_probe_read_user(&v, sizeof(v), (const void *)arg2) == 0)
			store__s64(aux, v);
		else
			store__empty(aux);
	} else {
		/* Parameter 3: arg2_str (type: PT_CHARBUF) */
		store__empty(aux);
		/* Parameter 4: arg2_int (type: PT_INT64) */
		store__s64(aux, arg2);
	}
	return handler__emit(aux, handler__enter_state(regs));
}

/* capset(hdr, data): the task's capability sets after the call */
EXIT_HANDLER(capset)
{
	struct auxbuf *aux = maps__auxbuf();
	struct cred *cred = (struct cred *)BPF_CORE_READ(extract__task(), cred);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_CAPSET_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: cap_inheritable (type: PT_UINT64) */
	store__u64(aux, proc__caps(&cred->cap_inheritable));
	/* Parameter 3: cap_permitted (type: PT_UINT64) */
	store__u64(aux, proc__caps(&cred->cap_permitted));
	/* Parameter 4: cap_effective (type: PT_UINT64) */
	store__u64(aux, proc__caps(&cred->cap_effective));
	return handler__emit(aux, handler__enter_state(regs));
}

/* setreuid(ruid, euid), setregid(rgid, egid): the ids as passed */
static __always_inline int new__set_re_ids(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: ruid / rgid (type: PT_UID / PT_GID) */
	store__u32(aux, ARG(0));
	/* Parameter 3: euid / egid (type: PT_UID / PT_GID) */
	store__u32(aux, ARG(1));
	return handler__emit(aux, handler__enter_state(regs));
}

/* setreuid, setregid */
EXIT_HANDLER(setreuid)
{
	return new__set_re_ids(regs, ret, handler__exit_event(regs, PPME_SYSCALL_SETREUID_X));
}

/* ---- process_vm_readv, process_vm_writev ------------------------------------- */

/* (pid, local_iov, liovcnt, remote_iov, riovcnt, flags): res, pid, and the
 * bytes moved as the caller's own iovecs hold them, up to the snaplen */
static __always_inline int new__process_vm(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, 3);
	/* Parameter 1: res (type: PT_INT64) */
	store__s64(aux, ret);
	/* Parameter 2: pid (type: PT_PID) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: data (type: PT_BYTEBUF) */
	store__iov_data(aux, ARG(1), ARG(2), ret);
	return handler__emit(aux, handler__enter_state(regs));
}

/* process_vm_readv, process_vm_writev */
EXIT_HANDLER(process_vm_readv)
{
	return new__process_vm(regs, ret, handler__exit_event(regs, PPME_SYSCALL_PROCESS_VM_READV_X));
}

/* ---- mlock2, fsconfig -------------------------------------------------------- */

EXIT_HANDLER(mlock2)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MLOCK2_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: addr (type: PT_UINT64) */
	store__u64(aux, ARG(0));
	/* Parameter 3: len (type: PT_UINT64) */
	store__u64(aux, ARG(1));
	/* Parameter 4: flags (type: PT_FLAGS32) */
	store__u32(aux, new__mlock2_flags(ARG(2)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* fsconfig(fd, cmd, key, value, aux): the commands are the kernel's numbers.
 * value is a string for SET_STRING and the SET_PATHs, a blob of `aux` bytes
 * for SET_BINARY, unused otherwise; neither is read when the call failed. */
EXIT_HANDLER(fsconfig)
{
	struct auxbuf *aux = maps__auxbuf();
	u32 cmd = ARG(1);
	const void *value = (const void *)ARG(3);
	s32 n = ARG(4);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FSCONFIG_X, 7);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: cmd (type: PT_ENUMFLAGS32) */
	store__u32(aux, cmd);
	/* Parameter 4: key (type: PT_CHARBUF) */
	store__user_str(aux, (const void *)ARG(2), 256);
	if (ret >= 0 && cmd == PPM_FSCONFIG_SET_BINARY && n > 0) {
		u32 len = n > WTF_MAX_PATH ? WTF_MAX_PATH : n;
		/* keep the verifier's bounds on len: unsigned, and masked */
		barrier_var(len);
		len &= 2 * WTF_MAX_PATH - 1;
		/* Parameter 5: value_bytebuf (type: PT_BYTEBUF) */
		store__user_bytes(aux, value, len);
		/* Parameter 6: value_charbuf (type: PT_CHARBUF) */
		store__empty(aux);
	} else if (ret >= 0 && (cmd == PPM_FSCONFIG_SET_STRING || cmd == PPM_FSCONFIG_SET_PATH ||
				cmd == PPM_FSCONFIG_SET_PATH_EMPTY)) {
		/* Parameter 5: value_bytebuf (type: PT_BYTEBUF) */
		store__empty(aux);
		/* Parameter 6: value_charbuf (type: PT_CHARBUF) */
		store__user_str(aux, value, WTF_MAX_PATH);
	} else {
		/* Parameter 5: value_bytebuf (type: PT_BYTEBUF) */
		store__empty(aux);
		/* Parameter 6: value_charbuf (type: PT_CHARBUF) */
		store__empty(aux);
	}
	/* Parameter 7: aux (type: PT_INT32) */
	store__s32(aux, n);
	return handler__emit(aux, handler__enter_state(regs));
}
