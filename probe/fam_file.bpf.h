/* fam_file.bpf.h: opening, closing, reading and writing files. */

/* The mode of an open: the kernel reads it only with O_CREAT or O_TMPFILE;
 * otherwise the register holds whatever the caller left there (scap shows 0). */
static __always_inline u32 file__open_mode(u64 flags, u32 mode)
{
	return (flags & (0100 | 020000000)) ? extract__mode(mode) : 0;
}

/* What an open's event says of the file it opened (fd `ret`): the flags in
 * scap's bits (with PPM_O_F_CREATED when the open made it), dev and ino. */
static __always_inline u32 file__open_info(long ret, u32 flags, u32 *dev, u64 *ino)
{
	u32 fmode, pflags = wtf_open_flags_to_ppm(flags);

	extract__file_dev_ino(extract__file(ret), dev, ino, &fmode);
	if (fmode & (1 << 20) /* FMODE_CREATED */)
		pflags |= PPM_O_F_CREATED;
	return pflags;
}

/* open(2), openat(2), creat(2) share: fd, path, flags, mode, dev, ino. */
static __always_inline void file__store_open_tail(struct auxbuf *aux, long ret, u32 flags, u32 mode)
{
	u32 dev;
	u64 ino;
	u32 pflags = file__open_info(ret, flags, &dev, &ino);

	/* flags (type: PT_FLAGS32) */
	store__u32(aux, pflags);
	/* mode (type: PT_UINT32) */
	store__u32(aux, file__open_mode(flags, mode));
	/* dev (type: PT_UINT32) */
	store__u32(aux, dev);
	/* ino (type: PT_UINT64) */
	store__u64(aux, ino);
}

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

/* openat, close and the read family are among the most frequent syscalls:
 * the sys_exit dispatcher calls their handlers itself (see sys_exit), so
 * they have no program of their own. Their events are written straight
 * into the ring (see store__reserve_fixed), openat's reserved with room for
 * the longest path. */
#define OPENAT_NPARAMS 7
#define OPENAT_MAX_REC (LENS_OFF + OPENAT_NPARAMS * sizeof(u16) + 8 + 8 + WTF_MAX_PATH + 4 + 4 + 4 + 8)

static __always_inline int file__openat_exit(struct pt_regs *regs, long ret)
{
	struct wtf_counters *c = maps__counters();
	struct enter_state *st = handler__enter_state(regs);
	u32 off = LENS_OFF + OPENAT_NPARAMS * sizeof(u16);
	u32 flags = ARG(2), pflags, dev, n;
	u64 ino;
	u8 *ring, *r;

	if (!c)
		return 0;
	r = store__reserve_fixed(c, &ring, OPENAT_MAX_REC);
	if (!r)
		return 0;
	/* Parameter 1: fd (type: PT_FD) */
	STORE_PUT(s64, r + off, ret);
	STORE_PUT(u16, r + LENS_OFF, 8);
	/* Parameter 2: dirfd (type: PT_FD) */
	STORE_PUT(s64, r + off + 8, (s32)ARG(0));
	STORE_PUT(u16, r + LENS_OFF + 2, 8);
	off += 16;
	/* Parameter 3: name (type: PT_FSRELPATH) */
	n = handler__put_path(r + off, st, (const char *)ARG(1));
	STORE_PUT(u16, r + LENS_OFF + 4, n);
	off += n;
	/* Parameters 4-7: flags (PT_FLAGS32), mode (PT_UINT32), dev (PT_UINT32), ino (PT_UINT64) */
	pflags = file__open_info(ret, flags, &dev, &ino);
	STORE_PUT(u32, r + off, pflags);
	STORE_PUT(u32, r + off + 4, file__open_mode(flags, ARG(3)));
	STORE_PUT(u32, r + off + 8, dev);
	STORE_PUT(u64, r + off + 12, ino);
	STORE_PUT(u16, r + LENS_OFF + 6, 4);
	STORE_PUT(u16, r + LENS_OFF + 8, 4);
	STORE_PUT(u16, r + LENS_OFF + 10, 4);
	STORE_PUT(u16, r + LENS_OFF + 12, 8);
	store__submit_fixed(c, ring, r, off + 20, handler__consume(st), PPME_SYSCALL_OPENAT_2_X,
			    OPENAT_NPARAMS);
	return 0;
}

EXIT_HANDLER(creat)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_CREAT_X, 6);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: name (type: PT_FSPATH) */
	handler__store_path(aux, st, (const char *)ARG(0));
	/* Parameter 3: mode (type: PT_UINT32) */
	store__u32(aux, extract__mode(ARG(1)));
	{
		u32 dev, fmode;
		u64 ino;
		extract__file_dev_ino(extract__file(ret), &dev, &ino, &fmode);
		/* Parameter 4: dev (type: PT_UINT32) */
		store__u32(aux, dev);
		/* Parameter 5: ino (type: PT_UINT64) */
		store__u64(aux, ino);
	}
	/* Parameter 6: creat_flags (type: PT_FLAGS16): overlayfs layer bits, not known here */
	store__u16(aux, 0);
	return handler__emit(aux, st);
}

/* close's event has a fixed size: written straight into the ring, as
 * the generic event is (see store__reserve_fixed) */
struct close_rec {
	u8 head[WTF_LIVE_PREFIX_SIZE + WTF_EVT_HDR_SIZE];
	u16 lens[2];
	s64 res; /* Parameter 1: res (type: PT_ERRNO) */
	s64 fd;  /* Parameter 2: fd (type: PT_FD) */
} __attribute__((packed));

static __always_inline int file__close_exit(struct pt_regs *regs, long ret)
{
	struct wtf_counters *c = maps__counters();
	struct enter_state *st = handler__enter_state(regs);
	struct close_rec *r;
	u8 *ring;

	if (!c)
		return 0;
	r = (struct close_rec *)store__reserve_fixed(c, &ring, sizeof(*r));
	if (!r)
		return 0;
	r->lens[0] = 8;
	r->lens[1] = 8;
	r->res = ret;
	r->fd = (s32)ARG(0);
	store__submit_fixed(c, ring, (u8 *)r, sizeof(*r), handler__consume(st), PPME_SYSCALL_CLOSE_X, 2);
	return 0;
}

/* lseek(2): res (the new offset, or -errno), fd, offset, whence. SEEK_SET,
 * SEEK_CUR and SEEK_END are 0, 1 and 2 in the kernel and in scap alike; the
 * others (SEEK_DATA, SEEK_HOLE) have no scap name and are passed as they are. */
EXIT_HANDLER(lseek)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_LSEEK_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: offset (type: PT_UINT64) */
	store__u64(aux, ARG(1));
	/* Parameter 4: whence (type: PT_ENUMFLAGS8) */
	store__u8(aux, (u8)ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

/* read(2)/write(2) and their positional forms (pread64, pwrite64): res,
 * data (at most the snaplen), fd, size[, pos]; `type` is the event of the
 * syscall's settings. Written straight into the ring, as close is: the
 * record is reserved at its largest, the snaplen's, and takes in the ring
 * what it holds. */
#define RW_MAX_REC (LENS_OFF + 5 * sizeof(u16) + 8 + 8 + 4 + 8)

static __always_inline int file__rw_exit(struct pt_regs *regs, long ret, u16 type)
{
	struct wtf_counters *c = maps__counters();
	bool has_pos = type == PPME_SYSCALL_PREAD_X || type == PPME_SYSCALL_PWRITE_X;
	u32 nparams = has_pos ? 5 : 4;
	u32 off = LENS_OFF + nparams * sizeof(u16); /* Parameter 1: res (type: PT_ERRNO) */
	u32 n = 0;
	u8 *ring, *r;

	if (!c)
		return 0;
	r = store__reserve_fixed(c, &ring, RW_MAX_REC + wtf_snaplen);
	if (!r)
		return 0;
	STORE_PUT(s64, r + off, ret);
	/* Parameter 2: data (type: PT_BYTEBUF) */
	if (ret > 0 && wtf_snaplen) {
		n = ret < wtf_snaplen ? ret : wtf_snaplen;
		n &= 0x3fff; /* no-op: the snaplen is at most WTF_MAX_SNAPLEN */
		if (bpf_probe_read_user(r + off + 8, n, (const void *)ARG(1))) {
			store__count_fault();
			n = 0;
		}
	}
	STORE_PUT(u16, r + LENS_OFF, 8);
	STORE_PUT(u16, r + LENS_OFF + 2, n);
	off += 8 + n;
	/* Parameter 3: fd (type: PT_FD) */
	STORE_PUT(s64, r + off, (s32)ARG(0));
	STORE_PUT(u16, r + LENS_OFF + 4, 8);
	/* Parameter 4: size (type: PT_UINT32) */
	STORE_PUT(u32, r + off + 8, ARG(2));
	STORE_PUT(u16, r + LENS_OFF + 6, 4);
	off += 12;
	/* Parameter 5: pos (type: PT_UINT64) */
	if (has_pos) {
		STORE_PUT(u64, r + off, ARG(3));
		STORE_PUT(u16, r + LENS_OFF + 8, 8);
		off += 8;
	}
	store__submit_fixed(c, ring, r, off, handler__consume(handler__enter_state(regs)), type, nparams);
	return 0;
}

/* openat2(2) RESOLVE_* flags */
static __always_inline u32 file__resolve_flags(u64 f)
{
	u32 r = 0;
	if (f & 0x01) r |= PPM_RESOLVE_NO_XDEV;
	if (f & 0x02) r |= PPM_RESOLVE_NO_MAGICLINKS;
	if (f & 0x04) r |= PPM_RESOLVE_NO_SYMLINKS;
	if (f & 0x08) r |= PPM_RESOLVE_BENEATH;
	if (f & 0x10) r |= PPM_RESOLVE_IN_ROOT;
	if (f & 0x20) r |= PPM_RESOLVE_CACHED;
	return r;
}


/* openat2(dirfd, path, how, size): flags, mode and resolve come from `how`. */
EXIT_HANDLER(openat2)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	struct open_how how = {};
	u32 pflags, dev, fmode;
	u64 ino;

	if (!aux)
		return 0;
	bpf_probe_read_user(&how, sizeof(how), (const void *)ARG(2));
	pflags = wtf_open_flags_to_ppm(how.flags);
	extract__file_dev_ino(extract__file(ret), &dev, &ino, &fmode);
	if (fmode & (1 << 20) /* FMODE_CREATED */)
		pflags |= PPM_O_F_CREATED;
	store__begin(aux, PPME_SYSCALL_OPENAT2_X, 8);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: dirfd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: name (type: PT_FSRELPATH) */
	handler__store_path(aux, st, (const char *)ARG(1));
	/* Parameter 4: flags (type: PT_FLAGS32) */
	store__u32(aux, pflags);
	/* Parameter 5: mode (type: PT_UINT32) */
	store__u32(aux, file__open_mode(how.flags, how.mode));
	/* Parameter 6: resolve (type: PT_FLAGS32) */
	store__u32(aux, file__resolve_flags(how.resolve));
	/* Parameter 7: dev (type: PT_UINT32) */
	store__u32(aux, dev);
	/* Parameter 8: ino (type: PT_UINT64) */
	store__u64(aux, ino);
	return handler__emit(aux, st);
}
