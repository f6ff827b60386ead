/* fields_proc.c: the process (proc.* and thread.*), user, group and
 * container classes: what the state knows about the thread of the event. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "fields/fields_int.h"

/* Bound on parent-chain walks, against a loop in a damaged table. */
#define MAX_ANCESTRY 256

/* Most getters need the thread; without one they have no value. */
#define THREAD_OR_NA(t)                           \
	struct thread *t = fctx_thread(c);        \
	if (!t)                                   \
		return 0

static size_t comm_len(const struct thread *t)
{
	return strnlen(t->comm, sizeof(t->comm));
}

static int fv_comm(struct field_value *v, const struct thread *t)
{
	/* a thread known only from its events (a capture file's thread that
	 * predates the capture, a process gone before /proc was read) is named
	 * "<NA>", as sysdig names it, and the line is still printed */
	if (!t->comm[0] && (t->flags & THREAD_F_INCOMPLETE))
		return fv_str(v, "<NA>", 4);
	return fv_str(v, t->comm, comm_len(t));
}

/* The k-th ancestor process of t (0: t's own process), or NULL. */
static struct thread *ancestor(const struct field_ctx *c, struct thread *t, int64_t k)
{
	struct thread *p = fctx_main(c, t);

	if (k > MAX_ANCESTRY)
		return NULL;
	for (int64_t j = 0; j < k && p; j++)
		p = c->st ? state_parent(c->st, p) : NULL;
	return p;
}

/* args of t joined by spaces, appended to sb */
static int put_args(const struct thread *t, struct strbuf *sb)
{
	return t->args ? fields_join(t->args, t->args_len, ' ', sb) : 0;
}

static bool has_args(const struct thread *t)
{
	for (uint32_t i = 0; t->args && i < t->args_len; i++)
		if (t->args[i])
			return true;
	return false;
}

/* comm followed by each argument of the process (a is the process's main
 * thread: threads share the command line), as sysdig's proc.cmdline */
static int put_cmdline(const struct thread *t, const struct thread *a, struct strbuf *sb)
{
	if (strbuf_append(sb, t->comm, comm_len(t)))
		return -ENOMEM;
	if (!has_args(a))
		return 0;
	return strbuf_putc(sb, ' ') || put_args(a, sb) ? -ENOMEM : 0;
}

GETTER(get_pid)
{
	THREAD_OR_NA(t);
	return fv_int(v, t->pid);
}

GETTER(get_exe)
{
	THREAD_OR_NA(t);
	return fv_cstr(v, fctx_main(c, t)->exe);
}

GETTER(get_name)
{
	THREAD_OR_NA(t);
	return fv_comm(v, t);
}

GETTER(get_args)
{
	size_t start = sb->len;
	THREAD_OR_NA(t);
	if (put_args(fctx_main(c, t), sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_env)
{
	size_t start = sb->len;
	THREAD_OR_NA(t);
	t = fctx_main(c, t)->env ? fctx_main(c, t) : t;
	if (!t->env)
		return 0;
	if (fields_join(t->env, t->env_len, ' ', sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_cmdline)
{
	size_t start = sb->len;
	THREAD_OR_NA(t);
	if (put_cmdline(t, fctx_main(c, t), sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_exeline)
{
	size_t start = sb->len;
	THREAD_OR_NA(t);
	t = fctx_main(c, t);
	if ((t->exe && strbuf_puts(sb, t->exe)) || strbuf_putc(sb, ' ') || put_args(t, sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_cwd)
{
	THREAD_OR_NA(t);
	struct thread *mt = fctx_main(c, t);
	return fv_cstr(v, mt->cwd ? mt->cwd : t->cwd);
}

/* Live threads of t's process, from the count its main thread keeps (a
 * view's TH column asks it on every event: no walk of the thread table). */
static uint32_t nthreads(const struct field_ctx *c, const struct thread *t)
{
	uint32_t n = c->st ? state_process_threads(c->st, t) : 0;
	return n ? n : 1;
}

GETTER(get_nthreads)
{
	THREAD_OR_NA(t);
	return fv_uint(v, nthreads(c, t));
}

GETTER(get_nchilds)
{
	THREAD_OR_NA(t);
	return fv_uint(v, nthreads(c, t) - 1);
}

GETTER(get_ppid)
{
	THREAD_OR_NA(t);
	return fv_int(v, fctx_main(c, t)->ptid);
}

GETTER(get_pname)
{
	THREAD_OR_NA(t);
	struct thread *p = ancestor(c, t, 1);
	return p ? fv_comm(v, p) : 0;
}

GETTER(get_pcmdline)
{
	size_t start = sb->len;
	THREAD_OR_NA(t);
	struct thread *p = ancestor(c, t, 1);
	if (!p)
		return 0;
	if (put_cmdline(p, p, sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_pexe)
{
	THREAD_OR_NA(t);
	struct thread *p = ancestor(c, t, 1);
	return p ? fv_cstr(v, p->exe) : 0;
}

GETTER(get_pexepath)
{
	THREAD_OR_NA(t);
	struct thread *p = ancestor(c, t, 1);
	return p ? fv_cstr(v, p->exepath) : 0;
}

GETTER(get_pvpid)
{
	THREAD_OR_NA(t);
	struct thread *p = ancestor(c, t, 1);
	return p && p->vpid > 0 ? fv_int(v, p->vpid) : 0;
}

/* proc.apid[N] and friends: N generations up; without an index (only
 * meaningful in filters, which try every ancestor) the process itself. */
static struct thread *indexed_ancestor(const struct field_ctx *c, const struct field_ref *ref)
{
	struct thread *t = fctx_thread(c);
	if (!t)
		return NULL;
	return ancestor(c, t, ref->arg_index < 0 ? 0 : ref->arg_index);
}

GETTER(get_apid)
{
	struct thread *p = indexed_ancestor(c, ref);
	return p ? fv_int(v, p->pid) : 0;
}

GETTER(get_aname)
{
	struct thread *p = indexed_ancestor(c, ref);
	return p ? fv_comm(v, p) : 0;
}

GETTER(get_aexe)
{
	struct thread *p = indexed_ancestor(c, ref);
	return p ? fv_cstr(v, p->exe) : 0;
}

GETTER(get_aexepath)
{
	struct thread *p = indexed_ancestor(c, ref);
	return p ? fv_cstr(v, p->exepath) : 0;
}

static int prepare_ancestor(struct field_ref *ref, char **cause)
{
	if (!ref->arg || ref->arg_index >= 0)
		return 0;
	if (asprintf(cause, "%s takes a generation number, as in %s[1]", ref->def->name,
		     ref->def->name) < 0)
		*cause = NULL;
	return -EINVAL;
}

/* The oldest process in the chain (the process itself included) whose name
 * ends in "sh": the login shell of the session. */
GETTER(get_loginshellid)
{
	THREAD_OR_NA(t);
	struct thread *p = fctx_main(c, t);
	int64_t found = -1;
	bool any = false;

	for (int n = 0; p && n < MAX_ANCESTRY; n++) {
		size_t l = comm_len(p);
		if (l >= 2 && p->comm[l - 2] == 's' && p->comm[l - 1] == 'h') {
			found = p->pid;
			any = true;
		}
		p = c->st ? state_parent(c->st, p) : NULL;
	}
	return any ? fv_int(v, found) : 0;
}

GETTER(get_duration)
{
	THREAD_OR_NA(t);
	uint64_t ts = fctx_ts(c);
	if (!t->start_ts || ts < t->start_ts)
		return 0;
	return fv_uint(v, ts - t->start_ts);
}

GETTER(get_fdopencount)
{
	THREAD_OR_NA(t);
	return t->fds ? fv_uint(v, fdtable_count(t->fds)) : 0;
}

/* proc.stdin.type ... proc.stderr.name: what fds 0, 1 and 2 of the process
 * are now (Falco's fields): a shell whose stdin is a TCP socket is a
 * reverse shell. */
static int std_fd(const struct field_ctx *c, struct field_value *v, int64_t num, bool name)
{
	THREAD_OR_NA(t);
	const struct fd_info *fd = t->fds ? fdtable_lookup(t->fds, num) : NULL;
	if (!fd)
		return 0;
	return fv_cstr(v, name ? fd->name : fd_type_name(fd->type));
}

GETTER(get_stdin_type) { return std_fd(c, v, 0, false); }
GETTER(get_stdout_type) { return std_fd(c, v, 1, false); }
GETTER(get_stderr_type) { return std_fd(c, v, 2, false); }
GETTER(get_stdin_name) { return std_fd(c, v, 0, true); }
GETTER(get_stdout_name) { return std_fd(c, v, 1, true); }
GETTER(get_stderr_name) { return std_fd(c, v, 2, true); }

GETTER(get_fdlimit)
{
	THREAD_OR_NA(t);
	int64_t limit = fctx_main(c, t)->fdlimit;
	return limit > 0 ? fv_int(v, limit) : 0;
}

/* as sysdig: open fds as a percentage of the limit */
GETTER(get_fdusage)
{
	THREAD_OR_NA(t);
	int64_t limit = fctx_main(c, t)->fdlimit;
	if (limit <= 0 || !t->fds)
		return 0;
	return fv_double(v, (double)fdtable_count(t->fds) * 100.0 / (double)limit);
}

GETTER(get_vmsize)
{
	THREAD_OR_NA(t);
	return fv_uint(v, fctx_main(c, t)->vmsize_kb);
}

GETTER(get_vmrss)
{
	THREAD_OR_NA(t);
	return fv_uint(v, fctx_main(c, t)->vmrss_kb);
}

GETTER(get_vmswap)
{
	THREAD_OR_NA(t);
	return fv_uint(v, fctx_main(c, t)->vmswap_kb);
}

GETTER(get_pfmajor)
{
	THREAD_OR_NA(t);
	return fv_uint(v, t->pfmajor);
}

GETTER(get_pfminor)
{
	THREAD_OR_NA(t);
	return fv_uint(v, t->pfminor);
}

GETTER(get_tid) { return fv_int(v, (int64_t)c->e->hdr->tid); }

GETTER(get_ismain)
{
	THREAD_OR_NA(t);
	return fv_bool(v, t->tid == t->pid);
}

/* Only context switch events carry CPU time; we have none. */
GETTER(get_exectime) { return fv_uint(v, 0); }

GETTER(get_cgroups)
{
	size_t start = sb->len;
	THREAD_OR_NA(t);
	if (!t->cgroups || !t->cgroups_len)
		return 0;
	if (fields_join(t->cgroups, t->cgroups_len, ' ', sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

/* Whether the subsystem list s (n bytes, "cpu,cpuacct") names sub. */
static bool subsys_has(const char *s, size_t n, const char *sub)
{
	size_t l = strlen(sub);
	while (n) {
		const char *comma = memchr(s, ',', n);
		size_t w = comma ? (size_t)(comma - s) : n;
		if (w == l && memcmp(s, sub, l) == 0)
			return true;
		if (!comma)
			break;
		n -= w + 1;
		s = comma + 1;
	}
	return false;
}

GETTER(get_cgroup)
{
	THREAD_OR_NA(t);
	const char *p = t->cgroups, *end = t->cgroups ? t->cgroups + t->cgroups_len : NULL;

	if (!p || !ref->arg)
		return 0;
	while (p < end) {
		const char *z = memchr(p, '\0', end - p), *eq;
		size_t n = z ? (size_t)(z - p) : (size_t)(end - p);
		eq = memchr(p, '=', n);
		if (eq && subsys_has(p, eq - p, ref->arg))
			return fv_str(v, eq + 1, n - (eq + 1 - p));
		p += n + 1;
	}
	return 0;
}

static int prepare_cgroup(struct field_ref *ref, char **cause)
{
	if (ref->arg)
		return 0;
	*cause = strdup("thread.cgroup needs a subsystem, as in thread.cgroup.cpuacct");
	return -EINVAL;
}

GETTER(get_vtid)
{
	THREAD_OR_NA(t);
	return t->vtid > 0 ? fv_int(v, t->vtid) : 0;
}

GETTER(get_vpid)
{
	THREAD_OR_NA(t);
	return t->vpid > 0 ? fv_int(v, t->vpid) : 0;
}

/* The CPU ticks (1% of a CPU for a second each) a thread gained since its
 * previous procinfo event, at most 100, as sysdig gives them: on a capture
 * file's procinfo events only. Live, wtftop makes no procinfo events. */
static int thread_cpu(const struct field_ctx *c, struct field_value *v, bool user, bool sys)
{
	uint32_t gain;
	THREAD_OR_NA(t);
	if (c->e->hdr->type != PPME_PROCINFO_E)
		return 0;
	gain = (user ? t->cpu_user_gain : 0) + (sys ? t->cpu_sys_gain : 0);
	return fv_double(v, gain > 100 ? 100 : gain);
}

GETTER(get_thread_cpu) { return thread_cpu(c, v, true, true); }
GETTER(get_thread_cpu_user) { return thread_cpu(c, v, true, false); }
GETTER(get_thread_cpu_system) { return thread_cpu(c, v, false, true); }

static int thread_mem(const struct field_ctx *c, struct field_value *v, bool rss, uint64_t unit)
{
	THREAD_OR_NA(t);
	if (t->tid != t->pid)
		return fv_uint(v, 0);
	return fv_uint(v, (rss ? t->vmrss_kb : t->vmsize_kb) * unit);
}

GETTER(get_thread_vmsize) { return thread_mem(c, v, false, 1); }
GETTER(get_thread_vmrss) { return thread_mem(c, v, true, 1); }
GETTER(get_thread_vmsize_b) { return thread_mem(c, v, false, 1024); }
GETTER(get_thread_vmrss_b) { return thread_mem(c, v, true, 1024); }

GETTER(get_sid)
{
	THREAD_OR_NA(t);
	return fv_int(v, t->sid);
}

/* The session leader's name: the process whose pid is the session id, or
 * when it has exited, the eldest ancestor still in the session. */
GETTER(get_sname)
{
	THREAD_OR_NA(t);
	struct thread *leader = c->st ? state_thread(c->st, t->sid) : NULL, *p;

	if (leader)
		return fv_comm(v, leader);
	p = fctx_main(c, t);
	for (int n = 0; c->st && n < MAX_ANCESTRY; n++) {
		struct thread *pp = state_parent(c->st, p);
		if (!pp || pp->sid != t->sid)
			break;
		p = pp;
	}
	return fv_comm(v, p);
}

GETTER(get_tty)
{
	THREAD_OR_NA(t);
	return fv_int(v, (int32_t)t->tty);
}

GETTER(get_exepath)
{
	THREAD_OR_NA(t);
	return fv_cstr(v, fctx_main(c, t)->exepath);
}

/* The state keeps the host pgid; it is the namespace one only for processes
 * in the host's pid namespace. */
GETTER(get_vpgid)
{
	THREAD_OR_NA(t);
	struct thread *mt = fctx_main(c, t);
	return mt->vpid == mt->pid ? fv_int(v, mt->pgid) : 0;
}

GETTER(get_false)
{
	THREAD_OR_NA(t);
	return fv_bool(v, false);
}

GETTER(get_exe_writable)
{
	THREAD_OR_NA(t);
	return fv_bool(v, t->exe_writable);
}

GETTER(get_exe_upper_layer)
{
	THREAD_OR_NA(t);
	return fv_bool(v, t->exe_upper_layer);
}

GETTER(get_exe_from_memfd)
{
	THREAD_OR_NA(t);
	return fv_bool(v, t->exe_from_memfd);
}

GETTER(get_nametid)
{
	size_t start = sb->len;
	THREAD_OR_NA(t);
	if (strbuf_append(sb, t->comm, comm_len(t)) || strbuf_put_s64(sb, (int64_t)c->e->hdr->tid))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_cmdnargs)
{
	THREAD_OR_NA(t);
	uint64_t n = 0;
	t = fctx_main(c, t);
	for (uint32_t i = 0; t->args && i < t->args_len; i++)
		if (t->args[i] == '\0')
			n++;
	if (t->args_len && t->args[t->args_len - 1] != '\0')
		n++;
	return fv_uint(v, n);
}

GETTER(get_cmdlenargs)
{
	THREAD_OR_NA(t);
	uint64_t n = 0;
	t = fctx_main(c, t);
	for (uint32_t i = 0; t->args && i < t->args_len; i++)
		if (t->args[i] != '\0')
			n++;
	return fv_uint(v, n);
}

/* Capability names by bit, as Falco lists them. */
static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

static int caps(const struct field_ctx *c, struct field_value *v, struct strbuf *sb, int which)
{
	size_t start = sb->len;
	uint64_t set;
	const char *sep = "";
	THREAD_OR_NA(t);

	set = which == 0 ? t->cap_effective : which == 1 ? t->cap_permitted : t->cap_inheritable;
	for (size_t bit = 0; bit < sizeof(cap_names) / sizeof(cap_names[0]); bit++) {
		if (!(set & ((uint64_t)1 << bit)))
			continue;
		if (strbuf_puts(sb, sep) || strbuf_puts(sb, cap_names[bit]))
			return -ENOMEM;
		sep = " ";
	}
	return fv_scratch(v, sb, start);
}

GETTER(get_cap_effective) { return caps(c, v, sb, 0); }
GETTER(get_cap_permitted) { return caps(c, v, sb, 1); }
GETTER(get_cap_inheritable) { return caps(c, v, sb, 2); }

static const struct field_def process_fields[] = {
	{ "proc.pid", "INT64", FK_INT, 0, "id of the process of the event.", get_pid },
	{ "proc.exe", "CHARBUF", FK_STRING, 0,
	  "the first command line argument (argv[0]): usually the executable's name, or what the process "
	  "chose to call itself.",
	  get_exe },
	{ "proc.name", "CHARBUF", FK_STRING, 0, "name of the executable of the process, without its path.",
	  get_name },
	{ "proc.args", "CHARBUF", FK_STRING, 0,
	  "the command line arguments the process was started with, after argv[0].", get_args },
	{ "proc.env", "CHARBUF", FK_STRING, 0,
	  "the environment variables of the process (kept only when requested).", get_env },
	{ "proc.cmdline", "CHARBUF", FK_STRING, 0, "full command line: proc.name followed by proc.args.",
	  get_cmdline },
	{ "proc.exeline", "CHARBUF", FK_STRING, 0,
	  "full command line starting with argv[0]: proc.exe followed by proc.args.", get_exeline },
	{ "proc.cwd", "CHARBUF", FK_STRING, 0, "current working directory of the process.", get_cwd },
	{ "proc.nthreads", "UINT32", FK_UINT, 0,
	  "number of threads the process has now, its main thread included.", get_nthreads },
	{ "proc.nchilds", "UINT32", FK_UINT, 0,
	  "number of threads the process has now besides its main thread.", get_nchilds },
	{ "proc.ppid", "INT64", FK_INT, 0, "id of the parent of the process.", get_ppid },
	{ "proc.pname", "CHARBUF", FK_STRING, 0,
	  "name of the parent of the process, without its path.", get_pname },
	{ "proc.pcmdline", "CHARBUF", FK_STRING, 0,
	  "full command line (proc.name and proc.args) of the parent of the process.", get_pcmdline },
	{ "proc.apid", "INT64", FK_INT, FF_ARG_ALLOWED,
	  "pid of an ancestor of the process: proc.apid[1] is the parent's, proc.apid[2] the "
	  "grandparent's, and so on; proc.apid[0] is the process's own. Without an index, in filters "
	  "only, it matches any ancestor, e.g. proc.apid=1234.",
	  get_apid, .prepare = prepare_ancestor },
	{ "proc.aname", "CHARBUF", FK_STRING, FF_ARG_ALLOWED,
	  "name of an ancestor of the process, without its path: proc.aname[1] is the parent's, "
	  "proc.aname[2] the grandparent's, and so on; proc.aname[0] is the process's own. Without an "
	  "index, in filters only, it matches any ancestor, e.g. proc.aname=bash.",
	  get_aname, .prepare = prepare_ancestor },
	{ "proc.loginshellid", "INT64", FK_INT, 0,
	  "pid of the oldest shell among the ancestors of the process (itself included), if any. It tells "
	  "user sessions apart, as the spy_users chisel does.",
	  get_loginshellid },
	{ "proc.duration", "RELTIME", FK_UINT, 0, "nanoseconds since the process started.", get_duration },
	{ "proc.fdopencount", "UINT64", FK_UINT, 0, "number of fds the process has open.",
	  get_fdopencount },
	{ "proc.stdin.type", "CHARBUF", FK_STRING, 0, "fd.type of the standard input (fd 0) of the process.",
	  get_stdin_type },
	{ "proc.stdout.type", "CHARBUF", FK_STRING, 0, "fd.type of the standard output (fd 1) of the process.",
	  get_stdout_type },
	{ "proc.stderr.type", "CHARBUF", FK_STRING, 0, "fd.type of the standard error (fd 2) of the process.",
	  get_stderr_type },
	{ "proc.stdin.name", "CHARBUF", FK_STRING, 0, "fd.name of the standard input (fd 0) of the process.",
	  get_stdin_name },
	{ "proc.stdout.name", "CHARBUF", FK_STRING, 0, "fd.name of the standard output (fd 1) of the process.",
	  get_stdout_name },
	{ "proc.stderr.name", "CHARBUF", FK_STRING, 0, "fd.name of the standard error (fd 2) of the process.",
	  get_stderr_name },
	{ "proc.fdlimit", "INT64", FK_INT, 0, "the most fds the process may open.", get_fdlimit },
	{ "proc.fdusage", "DOUBLE", FK_DOUBLE, 0,
	  "open fds of the process as a percentage of the most it may open.", get_fdusage },
	{ "proc.vmsize", "UINT64", FK_UINT, 0, "virtual memory size of the process, in kB.", get_vmsize },
	{ "proc.vmrss", "UINT64", FK_UINT, 0, "resident memory of the process (not swapped), in kB.",
	  get_vmrss },
	{ "proc.vmswap", "UINT64", FK_UINT, 0, "swapped out memory of the process, in kB.", get_vmswap },
	{ "thread.pfmajor", "UINT64", FK_UINT, 0, "major page faults of the thread since it started.",
	  get_pfmajor },
	{ "thread.pfminor", "UINT64", FK_UINT, 0, "minor page faults of the thread since it started.",
	  get_pfminor },
	{ "thread.tid", "INT64", FK_INT, 0, "id of the thread of the event.", get_tid },
	{ "thread.ismain", "BOOL", FK_BOOL, 0,
	  "'true' when the thread of the event is the main thread of its process.", get_ismain },
	{ "thread.exectime", "RELTIME", FK_UINT, 0,
	  "CPU time the last scheduled thread used, in nanoseconds; only context switch events have it.",
	  get_exectime },
	{ "thread.totexectime", "RELTIME", FK_UINT, 0,
	  "CPU time the thread used since the capture began, in nanoseconds; only context switch events "
	  "have it.",
	  get_exectime },
	{ "thread.cgroups", "CHARBUF", FK_STRING, 0,
	  "every cgroup of the thread, as subsystem=path pairs in one string.", get_cgroups },
	{ "thread.cgroup", "CHARBUF", FK_STRING, FF_ARG_REQUIRED | FF_ARG_DOTTED,
	  "the cgroup of the thread for one subsystem, e.g. thread.cgroup.cpuacct.", get_cgroup,
	  .prepare = prepare_cgroup },
	{ "thread.vtid", "INT64", FK_INT, 0,
	  "id of the thread of the event as its own pid namespace sees it.", get_vtid },
	{ "proc.vpid", "INT64", FK_INT, 0,
	  "id of the process of the event as its own pid namespace sees it.", get_vpid },
	{ "thread.cpu", "DOUBLE", FK_DOUBLE, 0,
	  "CPU the thread used in the last second, in % of a CPU; on a capture file's procinfo events "
	  "(which chisels see).", get_thread_cpu },
	{ "thread.cpu.user", "DOUBLE", FK_DOUBLE, 0, "user CPU the thread used in the last second (see thread.cpu).",
	  get_thread_cpu_user },
	{ "thread.cpu.system", "DOUBLE", FK_DOUBLE, 0,
	  "system CPU the thread used in the last second (see thread.cpu).", get_thread_cpu_system },
	{ "thread.vmsize", "UINT64", FK_UINT, 0,
	  "for the main thread of a process, the virtual memory size of the process in kB; 0 for its other "
	  "threads.",
	  get_thread_vmsize },
	{ "thread.vmrss", "UINT64", FK_UINT, 0,
	  "for the main thread of a process, the resident memory of the process in kB; 0 for its other "
	  "threads.",
	  get_thread_vmrss },
	{ "thread.vmsize.b", "UINT64", FK_UINT, FF_TABLE_ONLY,
	  "thread.vmsize in bytes.", get_thread_vmsize_b },
	{ "thread.vmrss.b", "UINT64", FK_UINT, FF_TABLE_ONLY, "thread.vmrss in bytes.", get_thread_vmrss_b },
	{ "proc.sid", "INT64", FK_INT, 0, "session id of the process.", get_sid },
	{ "proc.sname", "CHARBUF", FK_STRING, 0,
	  "name of the leader of the process's session: the process whose pid is proc.sid, or if it has "
	  "exited, the eldest ancestor in the same session.",
	  get_sname },
	{ "proc.tty", "INT32", FK_INT, 0,
	  "controlling terminal of the process (its device number); 0 for processes without one.", get_tty },
	{ "proc.exepath", "CHARBUF", FK_STRING, 0, "full path of the executable of the process.",
	  get_exepath },
	{ "thread.nametid", "CHARBUF", FK_STRING, FF_TABLE_ONLY,
	  "process name and thread id joined: names a thread for one execve.", get_nametid },
	{ "proc.vpgid", "INT64", FK_INT, 0,
	  "process group id of the process as its own pid namespace sees it.", get_vpgid },
	{ "proc.is_container_healthcheck", "BOOL", FK_BOOL, 0,
	  "'true' when the process runs as part of a container's health check.", get_false },
	{ "proc.is_container_liveness_probe", "BOOL", FK_BOOL, 0,
	  "'true' when the process runs as part of a container's liveness probe.", get_false },
	{ "proc.is_container_readiness_probe", "BOOL", FK_BOOL, 0,
	  "'true' when the process runs as part of a container's readiness probe.", get_false },
	{ "proc.is_exe_writable", "BOOL", FK_BOOL, 0,
	  "'true' when the user who started the process may write to its executable.", get_exe_writable },
	{ "proc.is_exe_upper_layer", "BOOL", FK_BOOL, 0,
	  "'true' when the executable of the process is in the upper (writable) layer of an overlay "
	  "filesystem, as files added to a container are.",
	  get_exe_upper_layer },
	{ "proc.is_exe_from_memfd", "BOOL", FK_BOOL, 0,
	  "'true' when the executable of the process is a memfd: a program run from memory, not a file.",
	  get_exe_from_memfd },
	{ "proc.pexe", "CHARBUF", FK_STRING, 0, "proc.exe of the parent of the process.", get_pexe },
	{ "proc.pexepath", "CHARBUF", FK_STRING, 0, "proc.exepath of the parent of the process.",
	  get_pexepath },
	{ "proc.aexe", "CHARBUF", FK_STRING, FF_ARG_ALLOWED,
	  "proc.exe of an ancestor of the process, counted as for proc.aname: proc.aexe[1] is the "
	  "parent's. Without an index, in filters only, it matches any ancestor.",
	  get_aexe, .prepare = prepare_ancestor },
	{ "proc.aexepath", "CHARBUF", FK_STRING, FF_ARG_ALLOWED,
	  "proc.exepath of an ancestor of the process, counted as for proc.aname: proc.aexepath[1] is the "
	  "parent's. Without an index, in filters only, it matches any ancestor.",
	  get_aexepath, .prepare = prepare_ancestor },
	{ "proc.pvpid", "INT64", FK_INT, 0,
	  "id of the parent of the process as the parent's own pid namespace sees it.", get_pvpid },
	{ "proc.cmdnargs", "UINT64", FK_UINT, 0, "number of command line arguments (in proc.args).",
	  get_cmdnargs },
	{ "proc.cmdlenargs", "UINT64", FK_UINT, 0,
	  "total length of the command line arguments (proc.args), separators not counted.",
	  get_cmdlenargs },
	{ "thread.cap_effective", "CHARBUF", FK_STRING, 0,
	  "capabilities the thread has in effect, by name (e.g. CAP_SYS_ADMIN), separated by spaces.",
	  get_cap_effective },
	{ "thread.cap_permitted", "CHARBUF", FK_STRING, 0,
	  "capabilities the thread is permitted to take on, by name, separated by spaces.",
	  get_cap_permitted },
	{ "thread.cap_inheritable", "CHARBUF", FK_STRING, 0,
	  "capabilities the thread passes on across execve, by name, separated by spaces.",
	  get_cap_inheritable },
};

const struct field_class field_class_process = {
	"process", "The process and the thread that made the event.", process_fields,
	sizeof(process_fields) / sizeof(process_fields[0]), NULL,
};

/* ---- user and group ---------------------------------------------------------- */

static const struct user_info *user_of(const struct field_ctx *c, uint32_t uid)
{
	return c->st ? state_user(c->st, uid) : NULL;
}

GETTER(get_uid)
{
	THREAD_OR_NA(t);
	return fv_uint(v, t->euid);
}

/* The real ids: running a setuid or setgid program changes the effective
 * ones only, so the two differ after such an exec. */
GETTER(get_ruid)
{
	THREAD_OR_NA(t);
	return fv_uint(v, t->uid);
}

GETTER(get_user_name)
{
	THREAD_OR_NA(t);
	const struct user_info *u = user_of(c, t->euid);
	return u ? fv_cstr(v, u->name) : 0;
}

GETTER(get_homedir)
{
	THREAD_OR_NA(t);
	const struct user_info *u = user_of(c, t->euid);
	return u ? fv_cstr(v, u->home) : 0;
}

GETTER(get_shell)
{
	THREAD_OR_NA(t);
	const struct user_info *u = user_of(c, t->euid);
	return u ? fv_cstr(v, u->shell) : 0;
}

GETTER(get_loginuid)
{
	THREAD_OR_NA(t);
	return fv_int(v, (int32_t)t->loginuid);
}

GETTER(get_loginname)
{
	THREAD_OR_NA(t);
	const struct user_info *u = t->loginuid == UINT32_MAX ? NULL : user_of(c, t->loginuid);
	return u ? fv_cstr(v, u->name) : 0;
}

static const struct field_def user_fields[] = {
	{ "user.uid", "UINT32", FK_UINT, 0, "effective user id of the thread.", get_uid },
	{ "user.ruid", "UINT32", FK_UINT, 0, "real user id of the thread.", get_ruid },
	{ "user.name", "CHARBUF", FK_STRING, 0, "name of the user.", get_user_name },
	{ "user.homedir", "CHARBUF", FK_STRING, 0, "home directory of the user.", get_homedir },
	{ "user.shell", "CHARBUF", FK_STRING, 0, "login shell of the user.", get_shell },
	{ "user.loginuid", "INT32", FK_INT, 0,
	  "audit user id (auid): the user who logged in, kept across su and sudo; -1 when unset.",
	  get_loginuid },
	{ "user.loginname", "CHARBUF", FK_STRING, 0, "name of the audit user (user.loginuid).",
	  get_loginname },
};

const struct field_class field_class_user = {
	"user", "The user the thread runs as.", user_fields,
	sizeof(user_fields) / sizeof(user_fields[0]), NULL,
};

GETTER(get_gid)
{
	THREAD_OR_NA(t);
	return fv_uint(v, t->egid);
}

GETTER(get_rgid)
{
	THREAD_OR_NA(t);
	return fv_uint(v, t->gid);
}

GETTER(get_group_name)
{
	THREAD_OR_NA(t);
	const struct group_info *g = c->st && t->egid != UINT32_MAX ? state_group(c->st, t->egid) : NULL;
	return g ? fv_cstr(v, g->name) : 0;
}

static const struct field_def group_fields[] = {
	{ "group.gid", "UINT64", FK_UINT, 0, "effective group id of the thread.", get_gid },
	{ "group.rgid", "UINT64", FK_UINT, 0, "real group id of the thread.", get_rgid },
	{ "group.name", "CHARBUF", FK_STRING, 0, "name of the group.", get_group_name },
};

const struct field_class field_class_group = {
	"group", "The group the thread runs as.", group_fields,
	sizeof(group_fields) / sizeof(group_fields[0]), NULL,
};

/* ---- container ------------------------------------------------------------------- */

static field_container_fn container_getter;

void fields_set_container_getter(field_container_fn fn)
{
	container_getter = fn;
}

/* Host threads: id, name and type are "host", the rest has no value. In a
 * container: whatever the containers layer answers. */
static int container_field(const struct field_ctx *c, const struct field_ref *ref,
			   struct field_value *v, struct strbuf *sb, bool host_value)
{
	struct thread *t = fctx_thread(c);

	/* a `container` event names its container, whatever its thread */
	if (container_getter && (evt_is_container(c->e) || (t && t->container)))
		return container_getter(c, ref, t, v, sb);
	if (!t || t->container)
		return 0;
	if (host_value)
		return fv_str(v, "host", 4);
	return 0;
}

GETTER(get_container_host) { return container_field(c, ref, v, sb, true); }
GETTER(get_container_other) { return container_field(c, ref, v, sb, false); }

static const struct field_def container_fields[];

/* One container field's text copied to buf ("<NA>" when it has none). */
static void container_text(const struct field_ctx *c, const struct field_def *d, struct strbuf *sb,
			   char *buf, size_t size)
{
	struct field_ref r = { d, NULL, -1, NULL };
	struct field_value fv;
	size_t start = sb->len;

	if (d->get(c, &r, &fv, sb) > 0 && fv.kind == FK_STRING)
		snprintf(buf, size, "%.*s", (int)fv.s.len, fv.s.p);
	else
		snprintf(buf, size, "<NA>");
	sb->len = start; /* what the getter wrote there is copied */
	if (sb->buf)
		sb->buf[start] = '\0';
}

/* Falco's outputs end in %container.info: the container's id and name, as
 * its -pc option fills it in. */
GETTER(get_container_info)
{
	char id[80], name[256];
	size_t start;

	container_text(c, &container_fields[0], sb, id, sizeof(id));
	container_text(c, &container_fields[1], sb, name, sizeof(name));
	start = sb->len;
	strbuf_printf(sb, "container_id=%s container_name=%s", id, name);
	return fv_scratch(v, sb, start);
}

GETTER(get_container_privileged)
{
	THREAD_OR_NA(t);
	if (t->container)
		return container_getter ? container_getter(c, ref, t, v, sb) : 0;
	return 0;
}

static const struct field_def container_fields[] = {
	{ "container.id", "CHARBUF", FK_STRING, 0,
	  "id of the container the process runs in; 'host' outside containers.", get_container_host },
	{ "container.name", "CHARBUF", FK_STRING, 0,
	  "name of the container; 'host' outside containers.", get_container_host },
	{ "container.image", "CHARBUF", FK_STRING, 0,
	  "image of the container (e.g. docker.io/library/nginx:latest).", get_container_other },
	{ "container.image.id", "CHARBUF", FK_STRING, 0, "id of the image of the container.",
	  get_container_other },
	{ "container.type", "CHARBUF", FK_STRING, 0,
	  "the runtime of the container: docker, podman, containerd, cri-o, lxc...; 'host' outside "
	  "containers.",
	  get_container_host },
	{ "container.privileged", "BOOL", FK_BOOL, 0, "'true' for containers that run privileged.",
	  get_container_privileged },
	{ "container.image.repository", "CHARBUF", FK_STRING, 0,
	  "repository of the image of the container (e.g. library/nginx).", get_container_other },
	{ "container.image.tag", "CHARBUF", FK_STRING, 0, "tag of the image of the container (e.g. latest).",
	  get_container_other },
	{ "container.image.digest", "CHARBUF", FK_STRING, 0,
	  "registry digest of the image of the container (sha256:...).", get_container_other },
	{ "container.full_id", "CHARBUF", FK_STRING, 0,
	  "the full id of the container (64 hex digits; container.id has its first 12).",
	  get_container_other },
	{ "container.label", "CHARBUF", FK_STRING, FF_ARG_REQUIRED,
	  "a label of the container, as container.label[io.kubernetes.pod.name].", get_container_other },
	{ "container.info", "CHARBUF", FK_STRING, 0,
	  "'container_id=ID container_name=NAME': what Falco's rule outputs put in %container.info.",
	  get_container_info },
};

const struct field_class field_class_container = {
	"container",
	"The container of the process. Outside containers, container.id and container.name are 'host'.",
	container_fields, sizeof(container_fields) / sizeof(container_fields[0]), NULL,
};

/* Kubernetes knows a pod by the labels its runtime puts on each container
 * (io.kubernetes.*), so these need no API server: the containers layer
 * answers them from the labels. */
static const struct field_def k8s_fields[] = {
	{ "k8s.pod.name", "CHARBUF", FK_STRING, 0,
	  "name of the Kubernetes pod of the container (label io.kubernetes.pod.name).",
	  get_container_other },
	{ "k8s.ns.name", "CHARBUF", FK_STRING, 0,
	  "Kubernetes namespace of the pod of the container (label io.kubernetes.pod.namespace).",
	  get_container_other },
	{ "k8s.pod.uid", "CHARBUF", FK_STRING, 0,
	  "uid of the Kubernetes pod of the container (label io.kubernetes.pod.uid).",
	  get_container_other },
	{ "k8s.pod.label", "CHARBUF", FK_STRING, FF_ARG_REQUIRED,
	  "a label of the container's pod, as k8s.pod.label[app] (container label of that name).",
	  get_container_other },
};

const struct field_class field_class_k8s = {
	"k8s",
	"Kubernetes metadata of the container's pod, from the container's io.kubernetes.* labels.",
	k8s_fields, sizeof(k8s_fields) / sizeof(k8s_fields[0]), NULL,
};

int fields_put_container_id(const struct field_ctx *c, const struct thread *t, struct strbuf *sb)
{
	static const struct field_ref id_ref = { &container_fields[0], NULL, -1, NULL };
	struct field_value v;
	size_t start = sb->len;

	if (!t || !t->container || !container_getter)
		return 0;
	if (container_getter(c, &id_ref, t, &v, sb) <= 0 || v.kind != FK_STRING)
		return 0;
	/* the value may lie in sb itself: move it to where it started */
	if (sb->buf && (uintptr_t)v.s.p >= (uintptr_t)sb->buf &&
	    (uintptr_t)v.s.p < (uintptr_t)(sb->buf + sb->len)) {
		memmove(sb->buf + start, v.s.p, v.s.len);
		sb->len = start + v.s.len;
		sb->buf[sb->len] = '\0';
		return 0;
	}
	if (sb->len > start) {
		sb->len = start;
		sb->buf[start] = '\0';
	}
	return strbuf_append(sb, v.s.p, v.s.len);
}
