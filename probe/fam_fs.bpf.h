/* fam_fs.bpf.h: the filesystem family: vectored I/O, fd duplication, pipes,
 * fcntl, stat and lstat, and the calls that create, remove, rename, link and
 * chmod names.
 *
 * A path the kernel reads from user memory is copied at enter (TOCTOU); a
 * second path (rename's new name) is read at exit. Relative paths are kept as
 * passed: userspace resolves them against the cwd or the dirfd parameter.
 * chown, lchown, fchown and fchownat are in fam_new.bpf.h (events after 351). */

/* ---- flag converters (Linux values to scap's PPM_* values) ---------------- */

/* fcntl(2) commands (x86_64 and the generic ABI share these numbers) */
static __always_inline u8 fs__fcntl_cmd(u32 cmd)
{
	switch (cmd) {
	case 0: return PPM_FCNTL_F_DUPFD;
	case 1: return PPM_FCNTL_F_GETFD;
	case 2: return PPM_FCNTL_F_SETFD;
	case 3: return PPM_FCNTL_F_GETFL;
	case 4: return PPM_FCNTL_F_SETFL;
	case 5: return PPM_FCNTL_F_GETLK;
	case 6: return PPM_FCNTL_F_SETLK;
	case 7: return PPM_FCNTL_F_SETLKW;
	case 8: return PPM_FCNTL_F_SETOWN;
	case 9: return PPM_FCNTL_F_GETOWN;
	case 10: return PPM_FCNTL_F_SETSIG;
	case 11: return PPM_FCNTL_F_GETSIG;
	case 15: return PPM_FCNTL_F_SETOWN_EX;
	case 16: return PPM_FCNTL_F_GETOWN_EX;
	case 36: return PPM_FCNTL_F_OFD_GETLK;
	case 37: return PPM_FCNTL_F_OFD_SETLK;
	case 38: return PPM_FCNTL_F_OFD_SETLKW;
	case 1024: return PPM_FCNTL_F_SETLEASE;
	case 1025: return PPM_FCNTL_F_GETLEASE;
	case 1026: return PPM_FCNTL_F_NOTIFY;
	case 1029: return PPM_FCNTL_F_CANCELLK;
	case 1030: return PPM_FCNTL_F_DUPFD_CLOEXEC;
	case 1031: return PPM_FCNTL_F_SETPIPE_SZ;
	case 1032: return PPM_FCNTL_F_GETPIPE_SZ;
	}
	return PPM_FCNTL_UNKNOWN;
}

/* unlinkat(2) flags */
static __always_inline u32 fs__unlinkat_flags(u32 f)
{
	return (f & 0x200 /* AT_REMOVEDIR */) ? PPM_AT_REMOVEDIR : 0;
}

/* linkat(2) flags */
static __always_inline u32 fs__linkat_flags(u32 f)
{
	u32 r = 0;
	if (f & 0x400) r |= PPM_AT_SYMLINK_FOLLOW;
	if (f & 0x1000) r |= PPM_AT_EMPTY_PATH;
	return r;
}

/* renameat2(2) flags */
static __always_inline u32 fs__rename_flags(u32 f)
{
	u32 r = 0;
	if (f & 1) r |= PPM_RENAME_NOREPLACE;
	if (f & 2) r |= PPM_RENAME_EXCHANGE;
	if (f & 4) r |= PPM_RENAME_WHITEOUT;
	return r;
}

/* ---- shared parameter helpers ------------------------------------------- */

/* A dirfd argument (int): AT_FDCWD is -100 for the kernel and for scap. */
static __always_inline void fs__store_dirfd(struct auxbuf *aux, unsigned long arg)
{
	store__s64(aux, (s32)arg);
}

/* ---- vectored I/O: readv, writev, preadv, pwritev -------------------------- */

/* Reads: res, size (bytes read), data, fd[, pos]. */
static __always_inline int fs__readv(struct pt_regs *regs, long ret, u16 type, bool has_pos)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, has_pos ? 5 : 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: size (type: PT_UINT32) */
	store__u32(aux, ret > 0 ? ret : 0);
	/* Parameter 3: data (type: PT_BYTEBUF) */
	store__iov_data(aux, ARG(1), ARG(2), ret);
	/* Parameter 4: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 5: pos (type: PT_UINT64) */
	if (has_pos)
		store__u64(aux, ARG(3));
	return handler__emit(aux, handler__enter_state(regs));
}

/* Writes: res, data, fd, size (sum of the iovecs)[, pos]. */
static __always_inline int fs__writev(struct pt_regs *regs, long ret, u16 type, bool has_pos)
{
	struct auxbuf *aux = maps__auxbuf();
	u64 total;
	if (!aux)
		return 0;
	store__begin(aux, type, has_pos ? 5 : 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: data (type: PT_BYTEBUF) */
	total = store__iov_data(aux, ARG(1), ARG(2), ret);
	/* Parameter 3: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 4: size (type: PT_UINT32) */
	store__u32(aux, total);
	/* Parameter 5: pos (type: PT_UINT64) */
	if (has_pos)
		store__u64(aux, ARG(3));
	return handler__emit(aux, handler__enter_state(regs));
}

/* preadv/pwritev(fd, iov, iovcnt, pos_l, pos_h): on 64-bit pos_l is the offset */
/* readv serves preadv and writev pwritev (one copy each for the verifier). */
EXIT_HANDLER(readv)
{
	u16 type = handler__exit_event(regs, PPME_SYSCALL_READV_X);
	return fs__readv(regs, ret, type, type == PPME_SYSCALL_PREADV_X);
}
EXIT_HANDLER(writev)
{
	u16 type = handler__exit_event(regs, PPME_SYSCALL_WRITEV_X);
	return fs__writev(regs, ret, type, type == PPME_SYSCALL_PWRITEV_X);
}

/* ---- dup, dup2, dup3 -------------------------------------------------------- */

/* dup(oldfd): newer libs' DUP_1 event, res (the new fd) and oldfd */
static __always_inline int fs__dup(struct pt_regs *regs, long ret)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_DUP_1_X, 2);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, (s32)ret);
	/* Parameter 2: oldfd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(dup) { return fs__dup(regs, ret); }

/* dup3(2) flags: only O_CLOEXEC exists */
static __always_inline u32 fs__dup3_flags(u32 f)
{
	return (f & 02000000) ? PPM_O_CLOEXEC : 0;
}

/* dup2(oldfd, newfd) and dup3(oldfd, newfd, flags): res (the new fd, or
 * -errno), oldfd, newfd[, flags] */
static __always_inline int fs__dup23(struct pt_regs *regs, long ret, bool is_dup3)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, is_dup3 ? PPME_SYSCALL_DUP3_X : PPME_SYSCALL_DUP2_X, is_dup3 ? 4 : 3);
	/* Parameter 1: res (type: PT_FD) */
	store__s64(aux, (s32)ret);
	/* Parameter 2: oldfd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: newfd (type: PT_FD) */
	store__s64(aux, (s32)ARG(1));
	/* Parameter 4: flags (type: PT_FLAGS32) */
	if (is_dup3)
		store__u32(aux, fs__dup3_flags(ARG(2)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* dup2, dup3 */
EXIT_HANDLER(dup2)
{
	return fs__dup23(regs, ret, handler__exit_event(regs, PPME_SYSCALL_DUP2_X) == PPME_SYSCALL_DUP3_X);
}

/* ---- pipe, pipe2 ------------------------------------------------------------ */

/* pipe2(2) flags: O_CLOEXEC, O_DIRECT (packet mode), O_NONBLOCK */
static __always_inline u32 fs__pipe2_flags(s32 f)
{
	u32 r = 0;
	if (f < 0)
		return 0;
	if (f & 02000000) r |= PPM_O_CLOEXEC;
	if (f & 040000) r |= PPM_O_DIRECT;
	if (f & 04000) r |= PPM_O_NONBLOCK;
	return r;
}

/* pipe: PPME_SYSCALL_PIPE_X, res, fd1, fd2, ino (of the pipe); pipe2:
 * PPME_SYSCALL_PIPE2_X, the same and its flags. */
static __always_inline int fs__pipe(struct pt_regs *regs, long ret, bool is_pipe2)
{
	struct auxbuf *aux = maps__auxbuf();
	s32 fds[2] = { -1, -1 };
	u32 dev, fmode;
	u64 ino = 0;
	if (!aux)
		return 0;
	if (ret == 0 && bpf_probe_read_user(fds, sizeof(fds), (const void *)ARG(0))) {
		fds[0] = -1;
		fds[1] = -1;
	}
	if (ret == 0)
		extract__file_dev_ino(extract__file(fds[0]), &dev, &ino, &fmode);
	store__begin(aux, is_pipe2 ? PPME_SYSCALL_PIPE2_X : PPME_SYSCALL_PIPE_X, is_pipe2 ? 5 : 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd1 (type: PT_FD) */
	store__s64(aux, fds[0]);
	/* Parameter 3: fd2 (type: PT_FD) */
	store__s64(aux, fds[1]);
	/* Parameter 4: ino (type: PT_UINT64) */
	store__u64(aux, ino);
	/* Parameter 5: flags (type: PT_FLAGS32) */
	if (is_pipe2)
		store__u32(aux, fs__pipe2_flags(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* pipe, pipe2 */
EXIT_HANDLER(pipe)
{
	return fs__pipe(regs, ret, handler__exit_event(regs, PPME_SYSCALL_PIPE_X) == PPME_SYSCALL_PIPE2_X);
}

/* ---- fcntl ------------------------------------------------------------------ */

EXIT_HANDLER(fcntl)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FCNTL_X, 3);
	/* Parameter 1: res (type: PT_FD); for F_DUPFD* the new fd */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: cmd (type: PT_ENUMFLAGS8) */
	store__u8(aux, fs__fcntl_cmd(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- mkdir, mkdirat, rmdir -------------------------------------------------- */


EXIT_HANDLER(mkdir)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MKDIR_2_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: path (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: mode (type: PT_UINT32), as passed */
	store__u32(aux, ARG(1));
	return handler__emit(aux, st);
}

EXIT_HANDLER(mkdirat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_MKDIRAT_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(0));
	/* Parameter 3: path (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: mode (type: PT_UINT32), as passed */
	store__u32(aux, ARG(2));
	return handler__emit(aux, st);
}

/* Events whose parameters are: res, path (rmdir, unlink, stat, lstat). */
static __always_inline int fs__res_path(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, type, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: path (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	return handler__emit(aux, st);
}

/* rmdir, unlink, stat, lstat */
EXIT_HANDLER(rmdir) { return fs__res_path(regs, ret, handler__exit_event(regs, PPME_SYSCALL_RMDIR_2_X)); }

/* ---- stat, lstat ------------------------------------------------------------ */

/* The path as passed (what a rule looks at), copied at enter like the others. */


/* ---- unlink, unlinkat ------------------------------------------------------- */



EXIT_HANDLER(unlinkat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_UNLINKAT_2_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(0));
	/* Parameter 3: name (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: flags (type: PT_FLAGS32) */
	store__u32(aux, fs__unlinkat_flags(ARG(2)));
	return handler__emit(aux, st);
}

/* ---- rename, renameat, renameat2; link, linkat ------------------------------ */


/* Events whose parameters are: res, oldpath, newpath (rename, link). */
static __always_inline int fs__res_two_paths(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, type, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: oldpath (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: newpath (type: PT_FSPATH) */
	store__user_str(aux, (const char *)ARG(1), WTF_MAX_PATH);
	return handler__emit(aux, st);
}

/* Events whose parameters are: res, olddirfd, oldpath, newdirfd, newpath[, flags]
 * (renameat, renameat2, linkat); `flags` is already in scap's encoding. */
static __always_inline int fs__res_two_relpaths(struct pt_regs *regs, long ret, u16 type,
						bool has_flags, u32 flags)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, type, has_flags ? 6 : 5);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: olddirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(0));
	/* Parameter 3: oldpath (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: newdirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(2));
	/* Parameter 5: newpath (type: PT_FSRELPATH) */
	store__user_str(aux, (const char *)ARG(3), WTF_MAX_PATH);
	/* Parameter 6: flags (type: PT_FLAGS32) */
	if (has_flags)
		store__u32(aux, flags);
	return handler__emit(aux, st);
}

/* rename, link */
EXIT_HANDLER(rename) { return fs__res_two_paths(regs, ret, handler__exit_event(regs, PPME_SYSCALL_RENAME_X)); }
EXIT_HANDLER(renameat) { return fs__res_two_relpaths(regs, ret, PPME_SYSCALL_RENAMEAT_X, false, 0); }
EXIT_HANDLER(renameat2)
{
	return fs__res_two_relpaths(regs, ret, PPME_SYSCALL_RENAMEAT2_X, true,
				    fs__rename_flags(ARG(4)));
}
EXIT_HANDLER(linkat)
{
	return fs__res_two_relpaths(regs, ret, PPME_SYSCALL_LINKAT_2_X, true,
				    fs__linkat_flags(ARG(4)));
}

/* ---- symlink, symlinkat ----------------------------------------------------- */

/* The target is the first string the kernel copies; it is stored as written
 * (PT_CHARBUF: never resolved), the link's own path is read at exit. */

EXIT_HANDLER(symlink)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_SYMLINK_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: target (type: PT_CHARBUF) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: linkpath (type: PT_FSPATH) */
	store__user_str(aux, (const char *)ARG(1), WTF_MAX_PATH);
	return handler__emit(aux, st);
}

EXIT_HANDLER(symlinkat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_SYMLINKAT_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: target (type: PT_CHARBUF) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: linkdirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(1));
	/* Parameter 4: linkpath (type: PT_FSRELPATH) */
	store__user_str(aux, (const char *)ARG(2), WTF_MAX_PATH);
	return handler__emit(aux, st);
}

/* ---- chmod, fchmod, fchmodat ------------------------------------------------ */


EXIT_HANDLER(chmod)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_CHMOD_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: filename (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: mode (type: PT_MODE) */
	store__u32(aux, extract__mode(ARG(1)));
	return handler__emit(aux, st);
}

EXIT_HANDLER(fchmod)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FCHMOD_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: mode (type: PT_MODE) */
	store__u32(aux, extract__mode(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(fchmodat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FCHMODAT_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	fs__store_dirfd(aux, ARG(0));
	/* Parameter 3: filename (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: mode (type: PT_MODE) */
	store__u32(aux, extract__mode(ARG(2)));
	return handler__emit(aux, st);
}
