/* fam_file.bpf.h: opening, closing, reading and writing files. */

/* open(2), openat(2), creat(2) share: fd, path, flags, mode, dev, ino. */
static __always_inline void file__store_open_tail(struct auxbuf *aux, long ret, u32 flags, u32 mode)
{
	struct file *file = ret >= 0 ? extract__file(ret) : NULL;
	u32 dev;
	u64 ino;
	u32 pflags = extract__open_flags(flags);

	extract__file_dev_ino(file, &dev, &ino);
	if (file && (BPF_CORE_READ(file, f_mode) & (1 << 20) /* FMODE_CREATED */))
		pflags |= PPM_O_F_CREATED;
	/* flags (type: PT_FLAGS32) */
	store__u32(aux, pflags);
	/* mode (type: PT_UINT32) */
	store__u32(aux, extract__mode(mode));
	/* dev (type: PT_UINT32) */
	store__u32(aux, dev);
	/* ino (type: PT_UINT64) */
	store__u64(aux, ino);
}

ENTER_HANDLER(open) { handler__capture_str((const char *)ARG(0)); return 0; }
ENTER_HANDLER(openat) { handler__capture_str((const char *)ARG(1)); return 0; }
ENTER_HANDLER(creat) { handler__capture_str((const char *)ARG(0)); return 0; }

EXIT_HANDLER(open)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_OPEN_X, 6);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: name (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameters 3-6: flags, mode, dev, ino */
	file__store_open_tail(aux, ret, ARG(1), ARG(2));
	return handler__emit(aux, st);
}

EXIT_HANDLER(openat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_OPENAT_2_X, 7);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: name (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameters 4-7: flags, mode, dev, ino */
	file__store_open_tail(aux, ret, ARG(2), ARG(3));
	return handler__emit(aux, st);
}

EXIT_HANDLER(creat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_CREAT_X, 5);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: name (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: mode (type: PT_UINT32) */
	store__u32(aux, extract__mode(ARG(1)));
	{
		struct file *file = ret >= 0 ? extract__file(ret) : NULL;
		u32 dev;
		u64 ino;
		extract__file_dev_ino(file, &dev, &ino);
		/* Parameter 4: dev (type: PT_UINT32) */
		store__u32(aux, dev);
		/* Parameter 5: ino (type: PT_UINT64) */
		store__u64(aux, ino);
	}
	return handler__emit(aux, st);
}

EXIT_HANDLER(close)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_CLOSE_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

/* read(2)/write(2) and their positional forms: res, data, fd, size[, pos]. */
static __always_inline int file__rw(struct pt_regs *regs, long ret, u16 type, bool has_pos)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, has_pos ? 5 : 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: data (type: PT_BYTEBUF) */
	store__user_data(aux, (const void *)ARG(1), ret);
	/* Parameter 3: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 4: size (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	/* Parameter 5: pos (type: PT_UINT64) */
	if (has_pos)
		store__u64(aux, ARG(3));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(read) { return file__rw(regs, ret, PPME_SYSCALL_READ_X, false); }
EXIT_HANDLER(write) { return file__rw(regs, ret, PPME_SYSCALL_WRITE_X, false); }
EXIT_HANDLER(pread64) { return file__rw(regs, ret, PPME_SYSCALL_PREAD_X, true); }
EXIT_HANDLER(pwrite64) { return file__rw(regs, ret, PPME_SYSCALL_PWRITE_X, true); }
