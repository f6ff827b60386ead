/* extract.bpf.h: reading what an event needs from kernel structures (the
 * current task, its files, paths and sockets), CO-RE only: differences between
 * kernels go through bpf_core_field_exists, never version numbers. */
#ifndef WTF_EXTRACT_BPF_H
#define WTF_EXTRACT_BPF_H

#define PATH_MAX_DEPTH 64
#define PATHBUF_HALF 4096
struct pathbuf {
	u8 data[2 * PATHBUF_HALF];
};
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct pathbuf);
} pathbufs SEC(".maps");

static __always_inline struct task_struct *extract__task(void)
{
	return bpf_get_current_task_btf();
}

static __always_inline u32 extract__tgid(void)
{
	return bpf_get_current_pid_tgid() >> 32;
}

static __always_inline bool extract__is_self(void)
{
	return wtf_self_tgid && extract__tgid() == wtf_self_tgid;
}

/* The kfunc bpf_rdonly_cast: a kernel pointer as a BTF pointer of the type
 * with kernel BTF id `btf_id`, whose fields are then read with plain loads
 * that the verifier makes fault-safe (a NULL or bad pointer reads as 0),
 * where a helper read costs about 30 ns here. Called by a placeholder
 * number that userspace makes the kfunc call (WTF_CALL_RDONLY_CAST). */
static void *(*const extract__rdonly_cast)(const void *obj, u32 btf_id) = (void *)WTF_CALL_RDONLY_CAST;

/* Kernels before 6.2 have no bpf_rdonly_cast (wtf_rdonly_cast is false):
 * there the pointers stay plain numbers, and their fields are read with a
 * helper call each. The verifier follows only the branch of the load-time
 * constant, so each program holds both and is checked for one. */
#define EXTRACT_CAST(ptr, btf_id) (wtf_rdonly_cast ? extract__rdonly_cast(ptr, btf_id) : (void *)(ptr))
/* One field (a path of members, a.b) of a pointer from EXTRACT_CAST (not
 * extract__read, which copies user or kernel memory by address). */
#define EXTRACT_FIELD(ptr, field) (wtf_rdonly_cast ? (ptr)->field : BPF_CORE_READ(ptr, field))

/* The open file behind `fd` of the current task, or NULL, as a BTF pointer
 * (EXTRACT_CAST) whose fields are read with plain loads. Two helper reads:
 * task->files (a field of the task's own BTF pointer costs the verifier 3 ms
 * in each program that reads it) and the fd array's slot (an array of
 * pointers has no type to load through). */
static __always_inline struct file *extract__file(s64 fd)
{
	struct files_struct *files = NULL;
	struct fdtable *fdt;
	struct file **fds;
	struct file *file = NULL;

	if (fd < 0 || bpf_core_read(&files, sizeof(files), &extract__task()->files) || !files)
		return NULL;
	files = EXTRACT_CAST(files, wtf_btf_files_struct);
	fdt = EXTRACT_FIELD(files, fdt);
	if ((u64)fd >= EXTRACT_FIELD(fdt, max_fds))
		return NULL;
	fds = EXTRACT_FIELD(fdt, fd);
	if (!fds || bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	return EXTRACT_CAST(file, wtf_btf_file);
}

/* A path being written backwards into the per-CPU path buffer, shared with
 * the bpf_loop callback that adds one component per call. Kernel pointers are
 * kept as numbers: they are only read from. The write offset lives in the
 * buffer (pathbuf_off), so the verifier does not follow its value. */
struct extract_path_walk {
	struct pathbuf *pb;
	u64 dentry;
	u64 vfsmnt;
	u64 mnt;
};

static __always_inline u32 *extract__pathbuf_off(struct pathbuf *pb)
{
	return (u32 *)&pb->data[PATHBUF_HALF];
}

/* bpf_loop callback: prepends "/name" of the current dentry and steps to its
 * parent, crossing to the parent mount at a mount's root; stops at the root
 * of the task's mount tree or when the buffer is full. */
static long extract__path_step(u32 i, void *ctx)
{
	struct extract_path_walk *w = ctx;
	struct pathbuf *pb = w->pb;
	struct dentry *dentry = (void *)w->dentry;
	struct vfsmount *vfsmnt = (void *)w->vfsmnt;
	struct mount *mnt = (void *)w->mnt;
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	u32 *offp = extract__pathbuf_off(pb);
	struct qstr name;
	u32 len, off;

	if (dentry == BPF_CORE_READ(vfsmnt, mnt_root)) {
		struct mount *mnt_parent = BPF_CORE_READ(mnt, mnt_parent);
		if (mnt_parent == mnt)
			return 1;
		w->dentry = (u64)BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = (u64)mnt_parent;
		w->vfsmnt = (u64)&mnt_parent->mnt;
		return 0;
	}
	name = BPF_CORE_READ(dentry, d_name);
	len = name.len & 255;
	off = *offp;
	if (len + 1 >= off)
		return 1;
	off -= len;
	bpf_probe_read_kernel(&pb->data[off & (PATHBUF_HALF - 1)], len, name.name);
	off -= 1;
	pb->data[off & (PATHBUF_HALF - 1)] = '/';
	*offp = off;
	/* a root that is no mount's root: a pseudo file ("memfd:NAME") or a
	 * disconnected dentry, whose own name is all there is */
	if (dentry == parent)
		return 1;
	w->dentry = (u64)parent;
	return 0;
}

/* Stores the absolute path of dentry within mount `vfsmnt` as a string
 * parameter, following mounts up to the root of the task's mount tree. A
 * global function (checked once by the verifier, not once per caller); its
 * loop is a bpf_loop callback, checked once rather than once per level.
 * Pointers travel as u64: global functions take scalars. */
__noinline int extract__store_path_ptrs(struct auxbuf *aux, u64 dentry_ptr, u64 vfsmnt_ptr)
{
	u32 zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);
	struct extract_path_walk w = {};
	u32 off;

	if (!aux)
		return 0;
	if (!pb || !dentry_ptr || !vfsmnt_ptr) {
		store__empty(aux);
		return 0;
	}
	*extract__pathbuf_off(pb) = PATHBUF_HALF - 1;
	pb->data[PATHBUF_HALF - 1] = 0;
	w.pb = pb;
	w.dentry = dentry_ptr;
	w.vfsmnt = vfsmnt_ptr;
	w.mnt = (u64)container_of((struct vfsmount *)vfsmnt_ptr, struct mount, mnt);
	bpf_loop(PATH_MAX_DEPTH, extract__path_step, &w, 0);
	off = *extract__pathbuf_off(pb);
	if (off >= PATHBUF_HALF - 1) {
		off = PATHBUF_HALF - 2;
		pb->data[off] = '/';
	}
	off &= PATHBUF_HALF - 1;
	store__kernel_bytes(aux, &pb->data[off], PATHBUF_HALF - off);
	return 0;
}

static __always_inline void extract__store_path(struct auxbuf *aux, struct dentry *dentry,
						struct vfsmount *vfsmnt)
{
	extract__store_path_ptrs(aux, (u64)dentry, (u64)vfsmnt);
}

static __always_inline void extract__store_file_path(struct auxbuf *aux, struct file *file)
{
	if (!file) {
		store__empty(aux);
		return;
	}
	extract__store_path(aux, BPF_CORE_READ(file, f_path.dentry),
				   BPF_CORE_READ(file, f_path.mnt));
}

static __always_inline void extract__store_cwd(struct auxbuf *aux)
{
	struct task_struct *task = extract__task();
	extract__store_path(aux, BPF_CORE_READ(task, fs, pwd.dentry),
				   BPF_CORE_READ(task, fs, pwd.mnt));
}

/* dev and inode of an open file (from extract__file), as scap's open events
 * carry them, and its f_mode (FMODE_CREATED: this open created it); zero
 * without a file. */
static __always_inline void extract__file_dev_ino(struct file *file, u32 *dev, u64 *ino, u32 *fmode)
{
	struct inode *inode;
	struct super_block *sb;
	dev_t kdev;

	*dev = 0;
	*ino = 0;
	*fmode = 0;
	if (!file)
		return;
	*fmode = EXTRACT_FIELD(file, f_mode);
	inode = EXTRACT_FIELD(file, f_inode);
	*ino = EXTRACT_FIELD(inode, i_ino);
	sb = EXTRACT_FIELD(inode, i_sb);
	kdev = EXTRACT_FIELD(sb, s_dev);
	/* the kernel's dev_t is MAJOR << 20 | MINOR; scap wants the user encoding */
	*dev = ((kdev >> 20) << 8) | (kdev & 0xff) | ((kdev & 0xfff00) << 12);
}

/* Linux mode bits to scap's PPM_S_* plus the permission bits it keeps */
static __always_inline u32 extract__mode(u32 m)
{
	u32 r = 0;
	if (m & 0001) r |= PPM_S_IXOTH;
	if (m & 0002) r |= PPM_S_IWOTH;
	if (m & 0004) r |= PPM_S_IROTH;
	if (m & 0010) r |= PPM_S_IXGRP;
	if (m & 0020) r |= PPM_S_IWGRP;
	if (m & 0040) r |= PPM_S_IRGRP;
	if (m & 0100) r |= PPM_S_IXUSR;
	if (m & 0200) r |= PPM_S_IWUSR;
	if (m & 0400) r |= PPM_S_IRUSR;
	if (m & 01000) r |= PPM_S_ISVTX;
	if (m & 02000) r |= PPM_S_ISGID;
	if (m & 04000) r |= PPM_S_ISUID;
	return r;
}

/* ---- sockets -------------------------------------------------------------- */

/* The sock of a socket's file (from extract__file), or NULL, as a BTF
 * pointer. */
static __always_inline struct sock *extract__sock(struct file *file)
{
	struct socket *sock;
	if (!file || !(sock = EXTRACT_FIELD(file, private_data)))
		return NULL;
	sock = EXTRACT_CAST(sock, wtf_btf_socket);
	return EXTRACT_FIELD(sock, sk);
}

/* A pointer as a plain number, for a global function's argument (a trusted
 * BTF pointer cannot be passed as a scalar directly). */
static __always_inline u64 extract__as_scalar(const void *ptr)
{
	u64 v = 0;
	bpf_probe_read_kernel(&v, sizeof(v), &ptr);
	return v;
}

static __always_inline long extract__read(void *dst, u32 n, const void *src, bool user)
{
	return user ? bpf_probe_read_user(dst, n, src) : bpf_probe_read_kernel(dst, n, src);
}

static __always_inline long extract__read_str(void *dst, u32 n, const void *src, bool user)
{
	return user ? bpf_probe_read_user_str(dst, n, src) : bpf_probe_read_kernel_str(dst, n, src);
}

#define UNIX_PATH_MAX 108 /* sizeof(sun_path) */

/* Writes a unix socket name NUL-terminated `skip` bytes into the parameter
 * being stored, from a sun_path of `len` bytes (user or kernel memory); an
 * abstract name loses its leading NUL, as scap does. Returns the bytes
 * written with the NUL. A global function: the socket handlers call it from
 * up to five places, each of which the verifier followed through the rest
 * of the handler (a third of connect's instructions). */
__noinline u32 extract__unix_path_at(struct auxbuf *aux, u32 skip, u64 upath, s32 len, u32 user)
{
	const char *path = (const char *)upath;
	u8 first = 0, *dst;
	long n = 0;
	u32 m;

	if (!aux)
		return 0;
	dst = &aux->data[(aux->pos & (AUX_HALF - 1)) + (skip & 31)];
	if (len > 0 && extract__read(&first, 1, path, user) == 0) {
		if (first == 0) {
			path++;
			len--;
		}
		m = len > UNIX_PATH_MAX - 1 ? UNIX_PATH_MAX - 1 : len;
		barrier_var(m); /* keeps clang from passing the unclamped register */
		if (m && extract__read(dst, m & 127, path, user) == 0) {
			dst[m & 127] = 0;
			/* an abstract name is all of its bytes; a path ends at its
			 * first NUL or where the sockaddr ends, as the kernel reads it
			 * (never past it, into what an earlier syscall left there) */
			n = first == 0 ? m + 1 : bpf_probe_read_kernel_str(dst, UNIX_PATH_MAX, dst);
		}
	}
	if (n <= 0) {
		dst[0] = 0;
		n = 1;
	}
	return n;
}

/* A sockaddr (in user memory, or the enter-time copy in kernel memory when
 * `user` is false) in scap's encoding: family, then address and port, or path. */
static __always_inline void extract__store_sockaddr(struct auxbuf *aux, const void *addr,
						    u32 len, bool user)
{
	u8 *p = store__raw_ptr(aux);
	u16 family = 0;

	if (!addr || len < 2 || extract__read(&family, 2, addr, user)) {
		store__empty(aux);
		return;
	}
	if (family == 2 && len >= 8) {
		struct { u16 f; u16 port; u32 addr; } in = {};
		extract__read(&in, sizeof(in), addr, user);
		p[0] = PPM_AF_INET;
		*(u32 *)&p[1] = in.addr;
		*(u16 *)&p[5] = bpf_ntohs(in.port);
		store__commit_raw(aux, 7);
	} else if (family == 10 && len >= 24) {
		u16 port = 0;
		extract__read(&port, 2, addr + 2, user);
		p[0] = PPM_AF_INET6;
		extract__read(&p[1], 16, addr + 8, user);
		*(u16 *)&p[17] = bpf_ntohs(port);
		store__commit_raw(aux, 19);
	} else if (family == 1) {
		p[0] = PPM_AF_UNIX;
		store__commit_raw(aux, 1 + (extract__unix_path_at(aux, 1, extract__as_scalar(addr) + 2, len - 2,
									user) & 127));
	} else {
		p[0] = family;
		store__commit_raw(aux, 1);
	}
}

#endif
