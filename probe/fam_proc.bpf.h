/* fam_proc.bpf.h: processes: execve and execveat, clone, clone3, fork and vfork
 * (the parent's return and the child's), process exit, chdir and fchdir, and
 * the resource limits (getrlimit, setrlimit, prlimit64).
 * What execve and clone events share, the description of a process, is stored
 * in one place: proc__store_exe_args_mm() and proc__store_description(). */

/* ---- limits and constants ------------------------------------------------ */

#define PROC_ARGS_MAX 4096      /* bytes of exe + args, and of env, as scap keeps */
#define PROC_ARGV_MAX 128       /* argv/envp entries followed on a failed execve */
#define PROC_CGROUP_DEPTH 32    /* levels of one cgroup path (a power of 2) */
#define PROC_CGROUPS_MAX 2048   /* bytes of the whole cgroups parameter */
#define PROC_CGROUP_NAME 256    /* bytes of one level's name */
#define PROC_PATH_DEPTH 64      /* levels of a file path */
#define PROC_PAGE_SHIFT 12      /* vm figures are pages; scap wants KB */
#define PROC_THREADS_MAX 32     /* threads looked at when finding a reaper */
#define PROC_ANCESTORS_MAX 32   /* ancestors looked at for a child subreaper */
/* the capabilities scap knows, CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE (40),
 * have the kernel's bit positions: PPM_CAP_X == 1 << CAP_X */
#define PROC_CAPS_MASK ((1ULL << 41) - 1)

/* execve flags after PPM_EXE_WRITABLE (values of falcosecurity/libs) */
#define PPM_EXE_UPPER_LAYER (1 << 1)
#define PPM_EXE_FROM_MEMFD (1 << 2)
#define PPM_EXE_LOWER_LAYER (1 << 3)

/* The kernel's values the probe converts from */
#define K_CLONE_VM 0x00000100
#define K_CLONE_FS 0x00000200
#define K_CLONE_FILES 0x00000400
#define K_CLONE_SIGHAND 0x00000800
#define K_CLONE_PTRACE 0x00002000
#define K_CLONE_VFORK 0x00004000
#define K_CLONE_PARENT 0x00008000
#define K_CLONE_THREAD 0x00010000
#define K_CLONE_NEWNS 0x00020000
#define K_CLONE_SYSVSEM 0x00040000
#define K_CLONE_SETTLS 0x00080000
#define K_CLONE_PARENT_SETTID 0x00100000
#define K_CLONE_CHILD_CLEARTID 0x00200000
#define K_CLONE_UNTRACED 0x00800000
#define K_CLONE_CHILD_SETTID 0x01000000
#define K_CLONE_NEWCGROUP 0x02000000
#define K_CLONE_NEWUTS 0x04000000
#define K_CLONE_NEWIPC 0x08000000
#define K_CLONE_NEWUSER 0x10000000
#define K_CLONE_NEWPID 0x20000000
#define K_CLONE_NEWNET 0x40000000
#define K_CLONE_IO 0x80000000
#define K_RLIMIT_NOFILE 7
#define K_CAP_DAC_OVERRIDE 1
#define K_CAP_FOWNER 3
#define K_PF_EXITING 0x4
#define K_OVERLAYFS_MAGIC 0x794c7630
#define K_I_CTIME_QUERIED (1U << 31)

/* ---- kernel differences (CO-RE flavours) ---------------------------------- */

/* kernfs_node::parent became __parent (6.15) */
struct kernfs_node___new {
	struct kernfs_node *__parent;
} __attribute__((preserve_access_index));
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* inode times: seconds and nanoseconds apart (6.11), timespec64 with
 * underscores (6.6-6.10), plain timespec64 before */
struct inode___split {
	time64_t i_ctime_sec;
	time64_t i_mtime_sec;
	u32 i_ctime_nsec;
	u32 i_mtime_nsec;
} __attribute__((preserve_access_index));
struct inode___ts {
	struct timespec64 __i_ctime;
	struct timespec64 __i_mtime;
	struct timespec64 i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

/* mm counters: percpu counters (6.2), atomics before */
struct mm_rss_stat___old {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));
struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));
struct mm_struct___pcpu {
	struct percpu_counter rss_stat[4];
} __attribute__((preserve_access_index));

/* ---- reading a process ---------------------------------------------------- */

/* The number of `pid` as seen in the pid namespace at `level` (and `ns`, when
 * given), or 0 when it has none there. */
static __always_inline s64 proc__pid_nr_at(struct pid *pid, u32 level, struct pid_namespace *ns)
{
	struct upid *up;

	if (!pid || level > BPF_CORE_READ(pid, level))
		return 0;
	up = (void *)pid + bpf_core_field_offset(struct pid, numbers) +
	     (u64)(level & 63) * bpf_core_type_size(struct upid);
	if (ns && BPF_CORE_READ(up, ns) != ns)
		return 0;
	return BPF_CORE_READ(up, nr);
}

/* The pid namespace a task sees (task_active_pid_ns) and its level. */
static __always_inline struct pid_namespace *proc__pid_ns(struct task_struct *task, u32 *level)
{
	struct pid *pid = BPF_CORE_READ(task, thread_pid);
	struct upid *up;

	*level = 0;
	if (!pid)
		return NULL;
	*level = BPF_CORE_READ(pid, level);
	up = (void *)pid + bpf_core_field_offset(struct pid, numbers) +
	     (u64)(*level & 63) * bpf_core_type_size(struct upid);
	return BPF_CORE_READ(up, ns);
}

/* Thread id, process id and process group id as the task's namespace sees them. */
static __always_inline s64 proc__vtid(struct task_struct *task)
{
	u32 level;
	struct pid_namespace *ns = proc__pid_ns(task, &level);
	return proc__pid_nr_at(BPF_CORE_READ(task, thread_pid), level, ns);
}

static __always_inline s64 proc__vpid(struct task_struct *task)
{
	u32 level;
	struct pid_namespace *ns = proc__pid_ns(task, &level);
	return proc__pid_nr_at(BPF_CORE_READ(task, group_leader, thread_pid), level, ns);
}

static __always_inline s64 proc__vpgid(struct task_struct *task)
{
	u32 level;
	struct pid_namespace *ns = proc__pid_ns(task, &level);
	return proc__pid_nr_at(BPF_CORE_READ(task, signal, pids[PIDTYPE_PGID]), level, ns);
}

/* The process group id in the initial namespace. */
static __always_inline s64 proc__pgid(struct task_struct *task)
{
	return proc__pid_nr_at(BPF_CORE_READ(task, signal, pids[PIDTYPE_PGID]), 0, NULL);
}

/* Pages of one mm counter (MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES). */
static __always_inline u64 proc__mm_counter(struct mm_struct *mm, int i)
{
	s64 v = 0;

	if (bpf_core_field_exists(((struct mm_rss_stat___old *)0)->count)) {
		struct mm_struct___old *old = (void *)mm;
		switch (i) {
		case 0: v = BPF_CORE_READ(old, rss_stat.count[0].counter); break;
		case 1: v = BPF_CORE_READ(old, rss_stat.count[1].counter); break;
		case 2: v = BPF_CORE_READ(old, rss_stat.count[2].counter); break;
		case 3: v = BPF_CORE_READ(old, rss_stat.count[3].counter); break;
		}
	} else {
		struct mm_struct___pcpu *cur = (void *)mm;
		switch (i) {
		case 0: v = BPF_CORE_READ(cur, rss_stat[0].count); break;
		case 1: v = BPF_CORE_READ(cur, rss_stat[1].count); break;
		case 2: v = BPF_CORE_READ(cur, rss_stat[2].count); break;
		case 3: v = BPF_CORE_READ(cur, rss_stat[3].count); break;
		}
	}
	return v > 0 ? v : 0;
}

/* The tty in the user-visible dev_t encoding, as /proc/PID/stat's tty_nr. */
static __always_inline u32 proc__tty(struct task_struct *task)
{
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	u32 major, minor;

	if (!tty)
		return 0;
	major = BPF_CORE_READ(tty, driver, major);
	minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static __always_inline u32 proc__loginuid(struct task_struct *task)
{
	if (bpf_core_field_exists(task->loginuid))
		return BPF_CORE_READ(task, loginuid.val);
	return (u32)-1;
}

/* A capability set, whatever the kernel's kernel_cap_t looks like (one u64, or
 * two u32 that make the same u64 on little-endian machines). */
static __always_inline u64 proc__caps(const kernel_cap_t *set)
{
	u64 v = 0;
	bpf_probe_read_kernel(&v, sizeof(v), set);
	return v & PROC_CAPS_MASK;
}

static __always_inline u64 proc__ts_ns(s64 sec, s64 nsec)
{
	return sec > 0 ? (u64)sec * 1000000000ULL + (u64)nsec : 0;
}

/* Last status change and last modification of an inode, epoch ns. */
static __always_inline u64 proc__inode_ctime(struct inode *inode)
{
	struct inode___split *s = (void *)inode;
	struct inode___ts *t = (void *)inode;
	struct timespec64 ts = {};

	if (!inode)
		return 0;
	if (bpf_core_field_exists(s->i_ctime_sec))
		return proc__ts_ns(BPF_CORE_READ(s, i_ctime_sec),
				   BPF_CORE_READ(s, i_ctime_nsec) & ~K_I_CTIME_QUERIED);
	if (bpf_core_field_exists(t->__i_ctime)) {
		BPF_CORE_READ_INTO(&ts, t, __i_ctime);
		ts.tv_nsec &= ~K_I_CTIME_QUERIED;
	} else {
		BPF_CORE_READ_INTO(&ts, t, i_ctime);
	}
	return proc__ts_ns(ts.tv_sec, ts.tv_nsec);
}

static __always_inline u64 proc__inode_mtime(struct inode *inode)
{
	struct inode___split *s = (void *)inode;
	struct inode___ts *t = (void *)inode;
	struct timespec64 ts = {};

	if (!inode)
		return 0;
	if (bpf_core_field_exists(s->i_mtime_sec))
		return proc__ts_ns(BPF_CORE_READ(s, i_mtime_sec), BPF_CORE_READ(s, i_mtime_nsec));
	if (bpf_core_field_exists(t->__i_mtime))
		BPF_CORE_READ_INTO(&ts, t, __i_mtime);
	else
		BPF_CORE_READ_INTO(&ts, t, i_mtime);
	return proc__ts_ns(ts.tv_sec, ts.tv_nsec);
}

/* PPM_EXE_* of the running executable: may the process write it (it owns it,
 * its mode allows it, or CAP_DAC_OVERRIDE/CAP_FOWNER), does it come from an
 * overlay's upper or lower layer, is it a memfd. */
static __always_inline u32 proc__exe_flags(struct task_struct *task, struct file *exe)
{
	struct inode *inode = BPF_CORE_READ(exe, f_inode);
	const struct cred *cred = BPF_CORE_READ(task, cred);
	u64 caps = proc__caps(&cred->cap_effective);
	u32 fsuid = BPF_CORE_READ(cred, fsuid.val);
	u32 fsgid = BPF_CORE_READ(cred, fsgid.val);
	u32 uid, gid, mode, flags = 0;
	char name[6] = {};

	if (!inode)
		return 0;
	uid = BPF_CORE_READ(inode, i_uid.val);
	gid = BPF_CORE_READ(inode, i_gid.val);
	mode = BPF_CORE_READ(inode, i_mode);
	/* the owner may chmod it; the group check ignores supplementary groups */
	if (fsuid == uid || (fsgid == gid ? mode & 0020 : mode & 0002) ||
	    (caps & ((1ULL << K_CAP_DAC_OVERRIDE) | (1ULL << K_CAP_FOWNER))))
		flags |= PPM_EXE_WRITABLE;

	if (bpf_core_type_exists(struct ovl_inode) &&
	    BPF_CORE_READ(inode, i_sb, s_magic) == K_OVERLAYFS_MAGIC) {
		struct ovl_inode *oi = (void *)inode - bpf_core_field_offset(struct ovl_inode, vfs_inode);
		flags |= BPF_CORE_READ(oi, __upperdentry) ? PPM_EXE_UPPER_LAYER : PPM_EXE_LOWER_LAYER;
	}

	/* memfd_create names its files "memfd:NAME" */
	bpf_probe_read_kernel(name, sizeof(name), BPF_CORE_READ(exe, f_path.dentry, d_name.name));
	if (name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' &&
	    name[5] == ':')
		flags |= PPM_EXE_FROM_MEMFD;
	return flags;
}

/* Linux clone flags to scap's PPM_CL_*, plus PPM_CL_CHILD_IN_PIDNS when the
 * child lives in a pid namespace other than the initial one. */
static __always_inline u32 proc__clone_flags(struct task_struct *task, u64 f)
{
	u32 r = 0;
	u32 level;
	struct pid_namespace *ns = proc__pid_ns(task, &level);

	if (f & K_CLONE_FILES) r |= PPM_CL_CLONE_FILES;
	if (f & K_CLONE_FS) r |= PPM_CL_CLONE_FS;
	if (f & K_CLONE_IO) r |= PPM_CL_CLONE_IO;
	if (f & K_CLONE_NEWIPC) r |= PPM_CL_CLONE_NEWIPC;
	if (f & K_CLONE_NEWNET) r |= PPM_CL_CLONE_NEWNET;
	if (f & K_CLONE_NEWNS) r |= PPM_CL_CLONE_NEWNS;
	if (f & K_CLONE_NEWPID) r |= PPM_CL_CLONE_NEWPID;
	if (f & K_CLONE_NEWUTS) r |= PPM_CL_CLONE_NEWUTS;
	if (f & K_CLONE_PARENT) r |= PPM_CL_CLONE_PARENT;
	if (f & K_CLONE_PARENT_SETTID) r |= PPM_CL_CLONE_PARENT_SETTID;
	if (f & K_CLONE_PTRACE) r |= PPM_CL_CLONE_PTRACE;
	if (f & K_CLONE_SIGHAND) r |= PPM_CL_CLONE_SIGHAND;
	if (f & K_CLONE_SYSVSEM) r |= PPM_CL_CLONE_SYSVSEM;
	if (f & K_CLONE_THREAD) r |= PPM_CL_CLONE_THREAD;
	if (f & K_CLONE_UNTRACED) r |= PPM_CL_CLONE_UNTRACED;
	if (f & K_CLONE_VM) r |= PPM_CL_CLONE_VM;
	if (f & K_CLONE_NEWUSER) r |= PPM_CL_CLONE_NEWUSER;
	if (f & K_CLONE_CHILD_CLEARTID) r |= PPM_CL_CLONE_CHILD_CLEARTID;
	if (f & K_CLONE_CHILD_SETTID) r |= PPM_CL_CLONE_CHILD_SETTID;
	if (f & K_CLONE_SETTLS) r |= PPM_CL_CLONE_SETTLS;
	if (f & K_CLONE_VFORK) r |= PPM_CL_CLONE_VFORK;
	if (f & K_CLONE_NEWCGROUP) r |= PPM_CL_CLONE_NEWCGROUP;
	if (level != 0 || (f & K_CLONE_NEWPID) ||
	    BPF_CORE_READ(task, nsproxy, pid_ns_for_children) != ns)
		r |= PPM_CL_CHILD_IN_PIDNS;
	return r;
}

/* ---- storing a process ---------------------------------------------------- */

/* `len` bytes of NUL-separated strings from user memory, at most `max`, the
 * last string NUL-terminated even when cut. */
static __always_inline void proc__store_user_strings(struct auxbuf *aux, unsigned long ptr,
						     s64 len, u32 max)
{
	if (!ptr || len <= 0 || max == 0) {
		store__empty(aux);
		return;
	}
	if (len > max)
		len = max;
	len &= PROC_ARGS_MAX * 2 - 1;
	if (bpf_probe_read_user(&aux->data[aux->pos & (AUX_HALF - 1)], len, (void *)ptr)) {
		store__count_fault();
		store__empty(aux);
		return;
	}
	aux->data[(aux->pos + len - 1) & (AUX_HALF - 1)] = 0;
	store__commit_raw(aux, len);
}

/* Parameters "exe" and "args" of a process from its mm: argv[0], then the
 * other arguments NUL-separated; both fit in PROC_ARGS_MAX bytes. */
static __always_inline void proc__store_exe_args_mm(struct auxbuf *aux, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	unsigned long start, end;
	u16 exe_len;

	if (!mm) {
		store__empty(aux);
		store__empty(aux);
		return;
	}
	start = BPF_CORE_READ(mm, arg_start);
	end = BPF_CORE_READ(mm, arg_end);
	/* exe (type: PT_CHARBUF) */
	exe_len = store__user_str(aux, (void *)start, PROC_ARGS_MAX);
	/* args (type: PT_BYTEBUF) */
	if (exe_len == 0 || exe_len >= PROC_ARGS_MAX)
		store__empty(aux);
	else
		proc__store_user_strings(aux, start + exe_len, (s64)(end - start) - exe_len,
					 PROC_ARGS_MAX - exe_len);
}

/* A user argv/envp array being gathered, shared with the bpf_loop callback
 * that appends one string per call. */
struct proc_strv_walk {
	struct auxbuf *aux;
	u64 uv;     /* the array, as a number: it is only read from */
	u32 start;  /* where the parameter starts */
	u32 max;    /* bytes it may take */
};

/* bpf_loop callback: appends string `i` with its NUL while there is room.
 * The running offset stays in aux->pos (memory), so the verifier need not
 * follow its value from call to call. */
static long proc__strv_append(u32 i, void *ctx)
{
	struct proc_strv_walk *w = ctx;
	struct auxbuf *aux = w->aux;
	const char *const *uv = (void *)w->uv;
	u32 used = aux->pos - w->start;
	const char *s = NULL;
	u32 room;
	long n;

	if (used >= w->max || bpf_probe_read_user(&s, sizeof(s), &uv[i]) || !s)
		return 1;
	/* no branch on the room left (0 < room <= max): one path per call */
	room = (w->max - used) & (PROC_ARGS_MAX * 2 - 1);
	n = bpf_probe_read_user_str(&aux->data[aux->pos & (AUX_HALF - 1)], room, s);
	if (n <= 0)
		return 1;
	aux->pos += n;
	return 0;
}

/* The strings of a user argv/envp array from entry `first`, NUL-separated, at
 * most `max` bytes (a failed execve still has its arguments there). A global
 * function, checked once by the verifier. */
__noinline int proc__store_user_strv(struct auxbuf *aux, u64 uvp, u32 first, u32 max)
{
	struct proc_strv_walk w = {};
	u32 used;

	if (!aux)
		return 0;
	if (!uvp) {
		store__empty(aux);
		return 0;
	}
	w.aux = aux;
	w.uv = uvp + (u64)first * sizeof(char *);
	w.start = aux->pos;
	w.max = max > PROC_ARGS_MAX ? PROC_ARGS_MAX : max;
	bpf_loop(PROC_ARGV_MAX, proc__strv_append, &w, 0);
	used = aux->pos - w.start;
	if (used == 0 || used > PROC_ARGS_MAX) {
		aux->pos = w.start;
		store__empty(aux);
		return 0;
	}
	store__set_len(aux, used);
	return 0;
}

/* Parameters "exe" and "args" from a user argv array (a failed execve). */
static __always_inline void proc__store_exe_args_argv(struct auxbuf *aux, const char *const *argv)
{
	const char *exe = NULL;
	u16 exe_len = 0;

	if (argv)
		bpf_probe_read_user(&exe, sizeof(exe), &argv[0]);
	/* exe (type: PT_CHARBUF) */
	exe_len = store__user_str(aux, exe, PROC_ARGS_MAX);
	/* args (type: PT_BYTEBUF) */
	if (exe_len == 0 || exe_len >= PROC_ARGS_MAX)
		store__empty(aux);
	else
		proc__store_user_strv(aux, (u64)argv, 1, PROC_ARGS_MAX - exe_len);
}

/* Appending to the parameter being built, at aux->pos: a kernel string
 * without its NUL, and one character. */
static __always_inline void proc__append_kstr(struct auxbuf *aux, const char *s, u32 room)
{
	long n;
	if (room > PROC_CGROUP_NAME)
		room = PROC_CGROUP_NAME;
	if (room < 2)
		return;
	barrier_var(room);
	room &= PROC_CGROUP_NAME * 2 - 1;
	n = bpf_probe_read_kernel_str(&aux->data[aux->pos & (AUX_HALF - 1)], room, s);
	if (n > 1)
		aux->pos += n - 1;
}

static __always_inline void proc__append_char(struct auxbuf *aux, char c)
{
	aux->data[aux->pos & (AUX_HALF - 1)] = c;
	aux->pos += 1;
}

static __always_inline struct kernfs_node *proc__kn_parent(struct kernfs_node *kn)
{
	struct kernfs_node___new *n = (void *)kn;
	struct kernfs_node___old *o = (void *)kn;
	if (bpf_core_field_exists(n->__parent))
		return BPF_CORE_READ(n, __parent);
	return BPF_CORE_READ(o, parent);
}

/* One cgroup subsystem's path being appended, shared with the bpf_loop
 * callbacks that walk its levels: the verifier checks a callback's body a
 * couple of times, where an unrolled or bounded loop costs it once per level. */
struct proc_cg_walk {
	struct auxbuf *aux;
	u64 *kns;   /* the levels' kernfs nodes, leaf first (per-CPU path buffer) */
	u64 kn;     /* the next level up, as a number: it is only read from */
	u32 start;  /* where the cgroups parameter starts */
	u32 depth;  /* levels recorded */
};

/* bpf_loop callback: records level `i` (leaf first) and steps up; stops at
 * the root, whose name is not part of the path. */
static long proc__cg_record_level(u32 i, void *ctx)
{
	struct proc_cg_walk *w = ctx;
	struct kernfs_node *kn = (void *)w->kn;
	struct kernfs_node *parent = proc__kn_parent(kn);

	if (!kn || !parent)
		return 1;
	w->kns[i & (PROC_CGROUP_DEPTH - 1)] = (u64)kn;
	w->depth = i + 1;
	w->kn = (u64)parent;
	return 0;
}

/* bpf_loop callback: appends "/name" of level `i` counted from the root,
 * while the parameter has room. */
static long proc__cg_append_level(u32 i, void *ctx)
{
	struct proc_cg_walk *w = ctx;
	struct auxbuf *aux = w->aux;
	u32 room = PROC_CGROUPS_MAX - (aux->pos - w->start);
	struct kernfs_node *kn;

	if (i >= w->depth || room < 4 || room > PROC_CGROUPS_MAX)
		return 1;
	kn = (void *)w->kns[(w->depth - 1 - i) & (PROC_CGROUP_DEPTH - 1)];
	proc__append_char(aux, '/');
	proc__append_kstr(aux, BPF_CORE_READ(kn, name), room - 2);
	return 0;
}

/* "subsys=/path\0" of the current task's cgroup subsystem `id`, appended to
 * the parameter that started at `start`. A global function: the verifier
 * checks it once, not once per subsystem. */
__noinline int proc__append_cgroup(struct auxbuf *aux, u32 start, u32 id)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct css_set *cset = BPF_CORE_READ(task, cgroups);
	struct cgroup_subsys_state *css = NULL;
	struct proc_cg_walk w = {};
	u32 zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);

	if (!aux || !pb || !cset || id >= bpf_core_field_size(cset->subsys) / sizeof(void *))
		return 0;
	bpf_probe_read_kernel(&css, sizeof(css),
			      (void *)cset + bpf_core_field_offset(cset->subsys) + id * sizeof(void *));
	if (!css || aux->pos - start + 64 >= PROC_CGROUPS_MAX)
		return 0;
	w.aux = aux;
	w.kns = (u64 *)pb->data;
	w.kn = (u64)BPF_CORE_READ(css, cgroup, kn);
	w.start = start;
	bpf_loop(PROC_CGROUP_DEPTH, proc__cg_record_level, &w, 0);
	proc__append_kstr(aux, BPF_CORE_READ(css, ss, name), 32);
	proc__append_char(aux, '=');
	if (w.depth == 0)
		proc__append_char(aux, '/');
	bpf_loop(PROC_CGROUP_DEPTH, proc__cg_append_level, &w, 0);
	proc__append_char(aux, 0);
	return 0;
}

/* Parameter "cgroups" of the current task in scap's encoding: "subsys=/path"
 * strings, each NUL-terminated, for cpuset, cpu, cpuacct, io and memory. A
 * global function: the verifier checks it once, not in every program. */
__noinline int proc__store_cgroups(struct auxbuf *aux)
{
	u32 start, used;
	u32 ids[5];

	if (!aux)
		return 0;
	ids[0] = bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuset_cgrp_id) ?
		 bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id) : 0xff;
	ids[1] = bpf_core_enum_value_exists(enum cgroup_subsys_id, cpu_cgrp_id) ?
		 bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id) : 0xff;
	ids[2] = bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuacct_cgrp_id) ?
		 bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id) : 0xff;
	ids[3] = bpf_core_enum_value_exists(enum cgroup_subsys_id, io_cgrp_id) ?
		 bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id) : 0xff;
	ids[4] = bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id) ?
		 bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id) : 0xff;
	start = aux->pos;
	for (int i = 0; i < 5; i++)
		proc__append_cgroup(aux, start, ids[i]);
	used = aux->pos - start;
	if (used == 0 || used > PROC_CGROUPS_MAX) {
		aux->pos = start;
		store__empty(aux);
		return 0;
	}
	store__set_len(aux, used);
	return 0;
}

/* The description of a process that execve and clone events share, after
 * "exe" and "args": parameters tid, pid, ptid, cwd, fdlimit, pgft_maj,
 * pgft_min, vm_size, vm_rss, vm_swap, comm, cgroups. */
static __always_inline void proc__store_description(struct auxbuf *aux, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	u64 vm_size = 0, vm_rss = 0, vm_swap = 0;

	/* tid (type: PT_PID) */
	store__s64(aux, BPF_CORE_READ(task, pid));
	/* pid (type: PT_PID) */
	store__s64(aux, BPF_CORE_READ(task, tgid));
	/* ptid (type: PT_PID): the real parent's process */
	store__s64(aux, BPF_CORE_READ(task, real_parent, tgid));
	/* cwd (type: PT_CHARBUF) */
	extract__store_path(aux, BPF_CORE_READ(task, fs, pwd.dentry), BPF_CORE_READ(task, fs, pwd.mnt));
	/* fdlimit (type: PT_UINT64 / PT_INT64) */
	store__u64(aux, BPF_CORE_READ(task, signal, rlim[K_RLIMIT_NOFILE].rlim_cur));
	/* pgft_maj (type: PT_UINT64) */
	store__u64(aux, BPF_CORE_READ(task, maj_flt));
	/* pgft_min (type: PT_UINT64) */
	store__u64(aux, BPF_CORE_READ(task, min_flt));
	if (mm) {
		vm_size = BPF_CORE_READ(mm, total_vm);
		vm_rss = proc__mm_counter(mm, 0) + proc__mm_counter(mm, 1) + proc__mm_counter(mm, 3);
		vm_swap = proc__mm_counter(mm, 2);
	}
	/* vm_size (type: PT_UINT32), KB */
	store__u32(aux, vm_size << (PROC_PAGE_SHIFT - 10));
	/* vm_rss (type: PT_UINT32), KB */
	store__u32(aux, vm_rss << (PROC_PAGE_SHIFT - 10));
	/* vm_swap (type: PT_UINT32), KB */
	store__u32(aux, vm_swap << (PROC_PAGE_SHIFT - 10));
	/* comm (type: PT_CHARBUF) */
	store__kernel_str(aux, task->comm, sizeof(task->comm));
	/* cgroups (type: PT_BYTEBUF) */
	proc__store_cgroups(aux);
}

/* ---- execve, execveat ------------------------------------------------------- */

/* What the enter of this family's syscalls leaves at the end of its enter state,
 * for a program other than its own exit handler to find:
 * - after a successful execveat the kernel here reports the syscall at exit
 *   as execve (the registers still hold execveat's arguments), so execve's
 *   exit handler looks for execveat's tag;
 * - a thread made by clone3 cannot read the caller's clone_args (that stack
 *   memory is the caller's to reuse), so the fork tracepoint hands clone3's
 *   flags, copied at enter, to the child. */
struct proc_enter_tag {
	u32 magic;
	s32 arg; /* execveat: dirfd */
	s64 nr;  /* the syscall number the enter ran for */
};
#define PROC_TAG_EXECVEAT 0x54415845 /* "EXAT" */
#define PROC_TAG_CLONE3 0x334f4c43   /* "CLO3" */
#define PROC_TAG_OFF (ENTER_BUF - sizeof(struct proc_enter_tag))

static __always_inline void proc__tag(struct enter_state *st, u32 magic, s32 arg, s64 nr)
{
	struct proc_enter_tag *tag = (void *)&st->buf[PROC_TAG_OFF];
	tag->magic = magic;
	tag->arg = arg;
	tag->nr = nr;
}

/* Is `st` the live enter state of a syscall whose enter left `magic`? */
static __always_inline struct proc_enter_tag *proc__tagged(struct enter_state *st, u32 magic)
{
	struct proc_enter_tag *tag;
	if (!st || st->nr < 0)
		return NULL;
	tag = (void *)&st->buf[PROC_TAG_OFF];
	if (tag->magic != magic || tag->nr != st->nr)
		return NULL;
	return tag;
}

/* execveat's enter (WTF_CAPTURE_EXECVEAT): its path, and its dirfd in the tag. */
static __always_inline void proc__enter_execveat(struct enter_state *st, long nr, u64 dirfd, u64 upath)
{
	long n = bpf_probe_read_user_str(st->buf, PROC_TAG_OFF, (const char *)upath);
	st->buf_len = n > 0 ? n : 0;
	proc__tag(st, PROC_TAG_EXECVEAT, (s32)dirfd, nr);
}

/* The enter state of an execveat that this execve exit really ends, or NULL. */
static __always_inline struct enter_state *proc__execveat_entered(s32 *dirfd)
{
	struct enter_state *st = maps__enter_state(false);
	struct proc_enter_tag *tag = proc__tagged(st, PROC_TAG_EXECVEAT);

	if (!tag)
		return NULL;
	*dirfd = tag->arg;
	return st;
}

/* The parameters of an execve-family exit event up to trusted_exepath and
 * egid; on success the task already runs the new image, on failure the
 * arguments are still in the caller's memory. A global function: the
 * verifier checks it once, rather than once for each way the handler's
 * execve/execveat cases reach it. Pointers travel as u64. */
__noinline int proc__store_exec(struct auxbuf *aux, s64 ret, u64 argvp, u64 envpp)
{
	const char *const *argv = (void *)argvp;
	const char *const *envp = (void *)envpp;
	struct task_struct *task = extract__task();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	struct file *exe = mm ? BPF_CORE_READ(mm, exe_file) : NULL;
	struct inode *inode = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	const struct cred *cred = BPF_CORE_READ(task, cred);

	if (!aux)
		return 0;
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameters 2-3: exe (type: PT_CHARBUF), args (type: PT_BYTEBUF) */
	if (ret == 0)
		proc__store_exe_args_mm(aux, task);
	else
		proc__store_exe_args_argv(aux, argv);
	/* Parameters 4-15: tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min,
	 * vm_size, vm_rss, vm_swap, comm, cgroups */
	proc__store_description(aux, task);
	/* Parameter 16: env (type: PT_BYTEBUF) */
	if (ret == 0 && mm) {
		unsigned long start = BPF_CORE_READ(mm, env_start);
		proc__store_user_strings(aux, start, (s64)(BPF_CORE_READ(mm, env_end) - start),
					 PROC_ARGS_MAX);
	} else {
		proc__store_user_strv(aux, (u64)envp, 0, PROC_ARGS_MAX);
	}
	/* Parameter 17: tty (type: PT_UINT32) */
	store__u32(aux, proc__tty(task));
	/* Parameter 18: vpgid (type: PT_PID) */
	store__s64(aux, proc__vpgid(task));
	/* Parameter 19: loginuid (type: PT_UID) */
	store__u32(aux, proc__loginuid(task));
	/* Parameter 20: flags (type: PT_FLAGS32) */
	store__u32(aux, exe ? proc__exe_flags(task, exe) : 0);
	/* Parameter 21: cap_inheritable (type: PT_UINT64) */
	store__u64(aux, proc__caps(&cred->cap_inheritable));
	/* Parameter 22: cap_permitted (type: PT_UINT64) */
	store__u64(aux, proc__caps(&cred->cap_permitted));
	/* Parameter 23: cap_effective (type: PT_UINT64) */
	store__u64(aux, proc__caps(&cred->cap_effective));
	/* Parameter 24: exe_ino (type: PT_UINT64) */
	store__u64(aux, inode ? BPF_CORE_READ(inode, i_ino) : 0);
	/* Parameter 25: exe_ino_ctime (type: PT_ABSTIME) */
	store__u64(aux, proc__inode_ctime(inode));
	/* Parameter 26: exe_ino_mtime (type: PT_ABSTIME) */
	store__u64(aux, proc__inode_mtime(inode));
	/* Parameter 27: uid (type: PT_UID): the effective one */
	store__u32(aux, BPF_CORE_READ(cred, euid.val));
	/* Parameter 28: trusted_exepath (type: PT_FSPATH) */
	if (exe)
		extract__store_file_path(aux, exe);
	else
		store__empty(aux);
	/* Parameter 29: pgid (type: PT_PID) */
	store__s64(aux, proc__pgid(task));
	/* Parameter 30: gid (type: PT_GID): the effective one */
	store__u32(aux, BPF_CORE_READ(cred, egid.val));
	return 0;
}

/* The file name the kernel gives a program started by execveat (its
 * bprm->filename): the path itself when absolute or relative to the working
 * directory, else "/dev/fd/DIRFD/PATH", or "/dev/fd/DIRFD" for AT_EMPTY_PATH
 * with an empty path. From the enter-time copy of the path. A global
 * function: execve's program calls it from two places. */
__noinline int proc__store_execveat_filename(struct auxbuf *aux, struct enter_state *st, s32 dirfd)
{
	char digits[10];
	u32 len, n = 0, k, v;
	u8 *p;

	if (!aux)
		return 0;
	if (!st || st->buf_len == 0) {
		store__empty(aux);
		return 0;
	}
	len = st->buf_len & (ENTER_BUF - 1);
	if (st->buf[0] == '/' || dirfd == PPM_AT_FDCWD || dirfd < 0) {
		store__kernel_bytes(aux, st->buf, len);
		return 0;
	}
	v = dirfd;
	for (int i = 0; i < 10; i++) {
		digits[i] = '0' + v % 10;
		v /= 10;
		n++;
		if (v == 0)
			break;
	}
	p = store__raw_ptr(aux);
	__builtin_memcpy(p, "/dev/fd/", 8);
	k = 8;
	for (int i = 0; i < 10; i++) {
		if (i >= n)
			break;
		p[k & 31] = digits[(n - 1 - i) & 15];
		k++;
	}
	if (st->buf[0] == 0) {
		p[k & 31] = 0;
		store__commit_raw(aux, (k + 1) & 31);
		return 0;
	}
	p[k & 31] = '/';
	k = (k + 1) & 31;
	bpf_probe_read_kernel(&aux->data[(aux->pos + k) & (AUX_HALF - 1)], len, st->buf);
	store__commit_raw(aux, k + len);
	return 0;
}

/* execve and execveat share one program, with one copy of the process
 * description for the verifier to check; the syscall table says which
 * syscall this is. A successful execveat reaches us as execve (the kernel
 * reports the new image's syscall), tagged by execveat's enter; a
 * failed one is EXECVEAT_X with its dirfd and pathname. */
EXIT_HANDLER(execve)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	bool is_at = handler__exit_event(regs, PPME_SYSCALL_EXECVE_19_X) == PPME_SYSCALL_EXECVEAT_X;
	bool at_failed = is_at && ret != 0;
	const char *const *argv = (const char *const *)(is_at ? ARG(2) : ARG(1));
	const char *const *envp = (const char *const *)(is_at ? ARG(3) : ARG(2));
	struct enter_state *at = NULL;
	s32 dirfd = (s32)ARG(0);

	bool tagged = false;

	if (!aux)
		return 0;
	/* tested as a scalar: clang would otherwise test st and ret with one
	 * OR of a pointer and a number, which the verifier refuses */
	bool entered = st != NULL;
	barrier_var(entered);
	if (!entered && ret == 0 && !is_at) {
		at = proc__execveat_entered(&dirfd);
		tagged = at != NULL;
	}
	if (tagged || (is_at && ret == 0))
		argv = envp = NULL;
	store__begin(aux, at_failed ? PPME_SYSCALL_EXECVEAT_X : PPME_SYSCALL_EXECVE_19_X,
		     at_failed ? 32 : 31);
	/* Parameters 1-30 */
	proc__store_exec(aux, ret, (u64)argv, (u64)envp);
	if (at_failed) {
		/* Parameter 31: dirfd (type: PT_FD) */
		store__s64(aux, dirfd);
		/* Parameter 32: pathname (type: PT_FSRELPATH) */
		handler__store_path(aux, st, (const char *)ARG(1));
	} else if (tagged) {
		/* Parameter 31: filename (type: PT_FSPATH), as the kernel names it */
		proc__store_execveat_filename(aux, at, dirfd);
	} else if (is_at) {
		proc__store_execveat_filename(aux, st, dirfd);
	} else {
		/* Parameter 31: filename (type: PT_FSPATH), as the caller passed it */
		handler__store_path(aux, st, ret == 0 ? NULL : (const char *)ARG(0));
	}
	if (tagged)
		return handler__emit(aux, at);
	return handler__emit(aux, st);
}

/* ---- clone, clone3, fork, vfork ------------------------------------------- */

/* One event for the parent's return (res = the child's tid) and one for the
 * child's (res = 0), each describing the task that returns. */
static __always_inline int proc__clone(struct pt_regs *regs, long ret, u16 type, u64 kflags)
{
	struct auxbuf *aux = maps__auxbuf();
	struct task_struct *task = extract__task();
	const struct cred *cred = BPF_CORE_READ(task, cred);

	if (!aux)
		return 0;
	store__begin(aux, type, 21);
	/* Parameter 1: res (type: PT_PID) */
	store__s64(aux, ret);
	/* Parameters 2-3: exe (type: PT_CHARBUF), args (type: PT_BYTEBUF) */
	if (ret >= 0) {
		proc__store_exe_args_mm(aux, task);
	} else {
		store__empty(aux);
		store__empty(aux);
	}
	/* Parameters 4-15: tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min,
	 * vm_size, vm_rss, vm_swap, comm, cgroups */
	proc__store_description(aux, task);
	/* Parameter 16: flags (type: PT_FLAGS32) */
	store__u32(aux, proc__clone_flags(task, kflags));
	/* Parameter 17: uid (type: PT_UINT32): the effective one */
	store__u32(aux, BPF_CORE_READ(cred, euid.val));
	/* Parameter 18: gid (type: PT_UINT32): the effective one */
	store__u32(aux, BPF_CORE_READ(cred, egid.val));
	/* Parameter 19: vtid (type: PT_PID) */
	store__s64(aux, proc__vtid(task));
	/* Parameter 20: vpid (type: PT_PID) */
	store__s64(aux, proc__vpid(task));
	/* Parameter 21: pidns_init_start_ts (type: PT_UINT64): in the child, when
	 * the init of its pid namespace started (monotonic ns) */
	if (ret == 0) {
		u32 level;
		struct pid_namespace *ns = proc__pid_ns(task, &level);
		store__u64(aux, BPF_CORE_READ(ns, child_reaper, start_time));
	} else {
		store__u64(aux, 0);
	}
	return handler__emit(aux, handler__enter_state(regs));
}

/* clone, fork and vfork share one program (one copy for the verifier to
 * check): the syscall table says which event it emits. fork passes no flags;
 * vfork's are what the kernel does for it. */

/* clone3's enter (WTF_CAPTURE_CLONE3): its flags, from the caller's struct
 * clone_args (it starts with them). */
static __always_inline void proc__enter_clone3(struct enter_state *st, long nr, u64 uargs)
{
	if (bpf_probe_read_user(st->buf, sizeof(u64), (void *)uargs) == 0)
		st->buf_len = sizeof(u64);
	proc__tag(st, PROC_TAG_CLONE3, 0, nr);
}

/* A new task: if its creator is in clone3, the child gets the flags, as
 * the enter state of the clone3 it returns from (with no timestamp). */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(proc_sched_fork, struct task_struct *parent, struct task_struct *child)
{
	struct enter_state *st, *cst;

	if (extract__is_self())
		return 0;
	st = maps__enter_state(false);
	if (!proc__tagged(st, PROC_TAG_CLONE3) || st->buf_len != sizeof(u64))
		return 0;
	cst = bpf_task_storage_get(&enter_states, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!cst)
		return 0;
	cst->ts = 0;
	cst->nr = st->nr;
	cst->buf_len = sizeof(u64);
	*(u64 *)cst->buf = *(u64 *)st->buf;
	return 0;
}

/* clone3's flags: copied at enter (above), else read from its clone_args. */
static __always_inline u64 proc__clone3_flags(struct pt_regs *regs)
{
	struct enter_state *st = handler__enter_state(regs);
	u64 flags = 0;

	if (st && st->buf_len == sizeof(u64))
		flags = *(u64 *)st->buf;
	else
		bpf_probe_read_user(&flags, sizeof(flags), (void *)ARG(0));
	return flags;
}

/* clone, clone3, fork and vfork: one program, which the verifier checks
 * once (the four differ only in where the flags come from). */
EXIT_HANDLER(clone)
{
	u16 type = handler__exit_event(regs, PPME_SYSCALL_CLONE_20_X);
	u64 flags = type == PPME_SYSCALL_CLONE3_X ? proc__clone3_flags(regs)
		  : type == PPME_SYSCALL_FORK_20_X ? 0
		  : type == PPME_SYSCALL_VFORK_20_X ? (K_CLONE_VFORK | K_CLONE_VM)
						    : ARG(0);
	return proc__clone(regs, ret, type, flags);
}

/* ---- process exit ------------------------------------------------------------ */

/* The first thread of `t`'s group that is not exiting, 0 when there is none,
 * -1 when there are more threads than the probe looks at. */

/* A global function, so the verifier checks its loop once rather than once
 * per call inside the ancestors' loop. The task travels as a u64. */
__noinline s64 proc__alive_thread_ptr(u64 tptr)
{
	struct task_struct *t = (void *)tptr;
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	struct list_head *head = &sig->thread_head;
	struct list_head *node = BPF_CORE_READ(head, next);

	for (int i = 0; i < PROC_THREADS_MAX; i++) {
		struct task_struct *th;
		if (!node || node == head)
			return 0;
		th = (void *)node - bpf_core_field_offset(struct task_struct, thread_node);
		if (!(BPF_CORE_READ(th, flags) & K_PF_EXITING))
			return BPF_CORE_READ(th, pid);
		node = BPF_CORE_READ(th, thread_node.next);
	}
	return -1;
}

/* The search for a child subreaper among the ancestors of an exiting
 * thread, one ancestor per bpf_loop step: the verifier checks the step
 * once, where it followed a loop 32 times. */
struct proc_subreaper_walk {
	u64 anc;    /* the ancestor to look at next */
	u64 reaper; /* the init of the thread's pid namespace */
	u32 level;  /* the level of that namespace */
	s64 tid;    /* the answer: -1 until found */
};

static long proc__subreaper_step(u32 i, void *ctx)
{
	struct proc_subreaper_walk *w = ctx;
	struct task_struct *anc = (void *)w->anc, *reaper = (void *)w->reaper;
	struct signal_struct *sig;
	s64 tid;

	if (!anc || anc == reaper || BPF_CORE_READ(anc, thread_pid, level) != w->level) {
		w->tid = BPF_CORE_READ(reaper, pid);
		return 1;
	}
	sig = BPF_CORE_READ(anc, signal);
	if (BPF_CORE_READ_BITFIELD_PROBED(sig, is_child_subreaper)) {
		tid = proc__alive_thread_ptr(w->anc);
		if (tid != 0) {
			w->tid = tid;
			return 1;
		}
	}
	w->anc = (u64)BPF_CORE_READ(anc, real_parent);
	return 0;
}

/* Who inherits the children of an exiting thread (the kernel's
 * find_new_reaper): a live thread of its group, else the nearest child
 * subreaper among its ancestors, else the init of its pid namespace. 0 when
 * it has no children, -1 when the probe cannot tell within its bounds. */
static __always_inline s64 proc__reaper(struct task_struct *p)
{
	struct list_head *children = &p->children;
	struct proc_subreaper_walk w = { .tid = -1 };
	struct task_struct *reaper;
	struct signal_struct *sig;
	u32 level;
	struct pid_namespace *ns;
	s64 tid;

	if (BPF_CORE_READ(children, next) == children)
		return 0;
	tid = proc__alive_thread_ptr(extract__as_scalar(p));
	if (tid != 0)
		return tid;
	ns = proc__pid_ns(p, &level);
	reaper = BPF_CORE_READ(ns, child_reaper);
	if (reaper == p)
		return 0; /* the namespace's init group dies: its tasks die with it */
	sig = BPF_CORE_READ(p, signal);
	if (!BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper))
		return BPF_CORE_READ(reaper, pid);
	w.anc = (u64)BPF_CORE_READ(p, real_parent);
	w.reaper = (u64)reaper;
	w.level = level;
	bpf_loop(PROC_ANCESTORS_MAX, proc__subreaper_step, &w, 0);
	return w.tid;
}

/* Process (thread) exit: scap's PROCEXIT_1_E, in the exiting thread. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *p)
{
	struct auxbuf *aux;
	s64 code;

	if (extract__is_self())
		return 0;
	aux = maps__auxbuf();
	if (!aux)
		return 0;
	code = BPF_CORE_READ(p, exit_code);
	store__begin(aux, PPME_PROCEXIT_1_E, 5);
	/* Parameter 1: status (type: PT_ERRNO): the wait status */
	store__s64(aux, code);
	/* Parameter 2: ret (type: PT_ERRNO): the exit status */
	store__s64(aux, (code >> 8) & 0xff);
	/* Parameter 3: sig (type: PT_SIGTYPE): the signal that killed it, or 0 */
	store__u8(aux, ((code & 0x7f) != 0 && (code & 0x7f) != 0x7f) ? code & 0x7f : 0);
	/* Parameter 4: core (type: PT_UINT8) */
	store__u8(aux, (code & 0x80) != 0);
	/* Parameter 5: reaper_tid (type: PT_PID) */
	store__s64(aux, proc__reaper(p));
	return store__emit(aux, 0);
}

/* ---- chdir, fchdir ------------------------------------------------------------ */


EXIT_HANDLER(chdir)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_CHDIR_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: path (type: PT_CHARBUF) */
	handler__store_path(aux, st, (const char *)ARG(0));
	return handler__emit(aux, st);
}

EXIT_HANDLER(fchdir)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_FCHDIR_X, 2);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

/* ---- getrlimit, setrlimit, prlimit64 ------------------------------------------ */

/* scap's resource numbers are Linux's, RLIMIT_UNKNOWN past the last one */
static __always_inline u8 proc__rlimit_resource(u32 r)
{
	return r <= 15 ? r : PPM_RLIMIT_UNKNOWN;
}

/* A struct rlimit in user memory as two int64 (RLIM_INFINITY reads -1);
 * zeros when there is none, or it cannot be read, as libs' probes give. */
static __always_inline void proc__store_rlimit(struct auxbuf *aux, unsigned long uptr)
{
	u64 lim[2] = { 0, 0 };
	if (uptr)
		bpf_probe_read_user(lim, sizeof(lim), (const void *)uptr);
	store__s64(aux, lim[0]);
	store__s64(aux, lim[1]);
}

/* getrlimit(resource, rlim) and setrlimit(resource, rlim): res, the limit
 * (what the kernel wrote, or what was asked), resource. getrlimit's is only
 * there when it succeeded. */
static __always_inline int proc__rlimit(struct pt_regs *regs, long ret, u16 type)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, type, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: cur (type: PT_INT64), Parameter 3: max (type: PT_INT64) */
	proc__store_rlimit(aux, type == PPME_SYSCALL_GETRLIMIT_X && ret != 0 ? 0 : ARG(1));
	/* Parameter 4: resource (type: PT_ENUMFLAGS8) */
	store__u8(aux, proc__rlimit_resource(ARG(0)));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(getrlimit) { return proc__rlimit(regs, ret, PPME_SYSCALL_GETRLIMIT_X); }
EXIT_HANDLER(setrlimit) { return proc__rlimit(regs, ret, PPME_SYSCALL_SETRLIMIT_X); }

/* prlimit64(pid, resource, new, old): res, the new limit asked for (zeros
 * without one), the old one the kernel wrote (zeros unless it succeeded),
 * pid (0: the caller), resource */
EXIT_HANDLER(prlimit64)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SYSCALL_PRLIMIT_X, 7);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: newcur (type: PT_INT64), Parameter 3: newmax (type: PT_INT64) */
	proc__store_rlimit(aux, ARG(2));
	/* Parameter 4: oldcur (type: PT_INT64), Parameter 5: oldmax (type: PT_INT64) */
	proc__store_rlimit(aux, ret == 0 ? ARG(3) : 0);
	/* Parameter 6: pid (type: PT_INT64) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 7: resource (type: PT_ENUMFLAGS8) */
	store__u8(aux, proc__rlimit_resource(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}
