/* threads.c: the thread table (open addressing on tid, bounded, evicting the
 * dead and then the least recently seen), the state's life cycle and the
 * lookups consumers use. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "state/state_int.h"
#include "util/clock.h"

#define T_MIN_SLOTS 1024

/* ---- life cycle ----------------------------------------------------------- */

struct state *state_new(const struct state_opts *opts)
{
	struct state *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	if (opts)
		st->opts = *opts;
	if (!st->opts.max_threads)
		st->opts.max_threads = STATE_DEFAULT_MAX_THREADS;
	if (!st->opts.max_fds_per_proc)
		st->opts.max_fds_per_proc = STATE_DEFAULT_MAX_FDS;
	st->tslots = calloc(T_MIN_SLOTS, sizeof(*st->tslots));
	if (!st->tslots)
		goto fail;
	st->tmask = T_MIN_SLOTS - 1;
	st->last_tid = -1;
	st->pending_close_fd = -1;
	strcpy(st->proc_root, "/proc");
	st->boot_ns = boot_epoch_ns();
	st->hz = sysconf(_SC_CLK_TCK);
	if (st->hz <= 0)
		st->hz = 100;
	if (parse_init(st))
		goto fail;
	return st;
fail:
	state_free(st);
	errno = ENOMEM;
	return NULL;
}

static void thread_free(struct state *st, struct thread *t)
{
	fdtable_unref(st, t->fds);
	free(t->exe);
	free(t->exepath);
	free(t->args);
	free(t->env);
	free(t->cwd);
	free(t->cgroups);
	free(t->stash);
	free(t);
}

void state_free(struct state *st)
{
	if (!st)
		return;
	if (st->tslots) {
		for (uint32_t i = 0; i <= st->tmask; i++)
			if (st->tslots[i].t)
				thread_free(st, st->tslots[i].t);
		free(st->tslots);
	}
	fd_pool_free(st);
	procfs_free_net(st);
	parse_free(st);
	users_free(st->users);
	strbuf_free(&st->path);
	strbuf_free(&st->tmp);
	free(st->v2_controllers);
	free(st);
}

/* ---- the table ------------------------------------------------------------ */

static void tslot_put(struct thread_slot *slots, uint32_t mask, struct thread *t)
{
	uint32_t i = tid_hash(t->tid) & mask;
	while (slots[i].t)
		i = (i + 1) & mask;
	slots[i].tid = t->tid;
	slots[i].t = t;
}

static int thread_table_grow(struct state *st)
{
	uint32_t n = (st->tmask + 1) * 2;
	struct thread_slot *ns = calloc(n, sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	for (uint32_t i = 0; i <= st->tmask; i++)
		if (st->tslots[i].t)
			tslot_put(ns, n - 1, st->tslots[i].t);
	free(st->tslots);
	st->tslots = ns;
	st->tmask = n - 1;
	return 0;
}

/* Creates a thread with an empty fd table; the caller fills it. */
struct thread *thread_create(struct state *st, int64_t tid)
{
	struct thread *t;

	if ((st->tcount + 1) * 2 > st->tmask + 1 && thread_table_grow(st))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	t->pid = tid;
	t->ptid = -1;
	t->vtid = -1;
	t->vpid = -1;
	/* ids unknown until /proc, a parent or an event tells them: not root */
	t->uid = t->euid = t->gid = t->egid = UINT32_MAX;
	t->loginuid = UINT32_MAX;
	t->enter_type = UINT16_MAX;
	t->exe = strdup("");
	t->exepath = strdup("");
	t->cwd = strdup("");
	t->fds = fdtable_new();
	if (!t->exe || !t->exepath || !t->cwd || !t->fds) {
		thread_free(st, t);
		return NULL;
	}
	tslot_put(st->tslots, st->tmask, t);
	st->tcount++;
	st->stats.threads_created++;
	return t;
}

static void tslot_remove(struct state *st, int64_t tid)
{
	uint32_t i = tid_hash(tid) & st->tmask, j;

	for (;;) {
		if (!st->tslots[i].t)
			return;
		if (st->tslots[i].tid == tid)
			break;
		i = (i + 1) & st->tmask;
	}
	st->tcount--;
	j = i;
	for (;;) {
		uint32_t k;
		j = (j + 1) & st->tmask;
		if (!st->tslots[j].t)
			break;
		k = tid_hash(st->tslots[j].tid) & st->tmask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		st->tslots[i] = st->tslots[j];
		i = j;
	}
	st->tslots[i].t = NULL;
}

/* Removes and frees t. A dead main thread whose other threads live on stays
 * until the last of them goes, so that they keep their process. */
void thread_remove(struct state *st, struct thread *t)
{
	struct thread *main_t = NULL;

	if (t->tid != t->pid) {
		main_t = thread_lookup(st, t->pid);
		if (main_t && main_t->group_threads)
			main_t->group_threads--;
	}
	if (st->last == t) {
		st->last = NULL;
		st->last_tid = -1;
	}
	if (st->pending_free == t)
		st->pending_free = NULL;
	if (st->pending_close_thread == t)
		st->pending_close_thread = NULL;
	tslot_remove(st, t->tid);
	thread_free(st, t);
	st->stats.threads_freed++;
	if (main_t && main_t != t && (main_t->flags & THREAD_F_DEAD) && !main_t->group_threads &&
	    !(main_t->priv & TP_PENDING_FREE))
		thread_remove(st, main_t);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Called before an event may add threads: when the table is at its bound,
 * frees the dead, then the least recently seen, down to 7/8 of the bound, so
 * that the cost is paid once per max/8 insertions. */
void thread_make_room(struct state *st)
{
	uint32_t max = st->opts.max_threads, target, n = 0;
	uint64_t *ts, cut;

	if (st->tcount + 2 < max)
		return;
	target = max - max / 8;
	if (target + 2 > max)
		target = max > 2 ? max - 2 : 0;
	for (uint32_t i = 0; i <= st->tmask;) {
		struct thread *t = st->tslots[i].t;
		if (t && (t->flags & THREAD_F_DEAD) && !(t->priv & TP_PENDING_FREE)) {
			t->group_threads = 0;
			thread_remove(st, t); /* slot i may now hold another */
			st->stats.threads_evicted++;
			continue;
		}
		i++;
	}
	if (st->tcount <= target)
		return;
	ts = malloc(st->tcount * sizeof(*ts));
	if (!ts)
		return;
	for (uint32_t i = 0; i <= st->tmask; i++)
		if (st->tslots[i].t)
			ts[n++] = st->tslots[i].t->last_event_ts;
	qsort(ts, n, sizeof(*ts), cmp_u64);
	cut = ts[n - target - 1];
	free(ts);
	for (uint32_t i = 0; i <= st->tmask && st->tcount > target;) {
		struct thread *t = st->tslots[i].t;
		if (t && t->last_event_ts <= cut && !(t->priv & TP_PENDING_FREE)) {
			t->group_threads = 0;
			thread_remove(st, t);
			st->stats.threads_evicted++;
			continue;
		}
		i++;
	}
}

void thread_set_comm(struct thread *t, const char *s)
{
	size_t n = strnlen(s, sizeof(t->comm) - 1);
	memcpy(t->comm, s, n);
	t->comm[n] = '\0';
}

/* Copies what a new thread or process inherits; fds are the caller's. */
void thread_inherit(struct thread *c, const struct thread *p)
{
	memcpy(c->comm, p->comm, sizeof(c->comm));
	state_set_str(&c->exe, p->exe, strlen(p->exe));
	state_set_str(&c->exepath, p->exepath, strlen(p->exepath));
	state_set_str(&c->cwd, p->cwd, strlen(p->cwd));
	if (p->args_len && !state_set_str(&c->args, p->args, p->args_len))
		c->args_len = p->args_len;
	if (p->env_len && !state_set_str(&c->env, p->env, p->env_len))
		c->env_len = p->env_len;
	if (p->cgroups_len && !state_set_str(&c->cgroups, p->cgroups, p->cgroups_len))
		c->cgroups_len = p->cgroups_len;
	c->uid = p->uid;
	c->gid = p->gid;
	c->euid = p->euid;
	c->egid = p->egid;
	c->loginuid = p->loginuid;
	c->tty = p->tty;
	c->sid = p->sid;
	c->pgid = p->pgid;
	c->cap_effective = p->cap_effective;
	c->cap_permitted = p->cap_permitted;
	c->cap_inheritable = p->cap_inheritable;
	c->ns_pid = p->ns_pid;
	c->ns_mnt = p->ns_mnt;
	c->ns_net = p->ns_net;
	c->ns_uts = p->ns_uts;
	c->ns_ipc = p->ns_ipc;
	c->ns_user = p->ns_user;
	c->ns_cgroup = p->ns_cgroup;
	c->vmsize_kb = p->vmsize_kb;
	c->vmrss_kb = p->vmrss_kb;
	c->vmswap_kb = p->vmswap_kb;
	c->fdlimit = p->fdlimit;
	c->exe_writable = p->exe_writable;
	c->exe_upper_layer = p->exe_upper_layer;
	c->exe_from_memfd = p->exe_from_memfd;
	c->container = p->container;
}

int state_set_str(char **dst, const char *s, size_t len)
{
	char *n = malloc(len + 1);
	if (!n)
		return -ENOMEM;
	memcpy(n, s, len);
	n[len] = '\0';
	free(*dst);
	*dst = n;
	return 0;
}

/* ---- the public lookups --------------------------------------------------- */

struct thread *state_thread(struct state *st, int64_t tid)
{
	return thread_lookup(st, tid);
}

struct thread *state_main_thread(struct state *st, const struct thread *t)
{
	struct thread *m;
	if (!t)
		return NULL;
	if (t->pid == t->tid || t->pid < 0)
		return (struct thread *)t;
	m = thread_lookup(st, t->pid);
	return m ? m : (struct thread *)t;
}

struct thread *state_parent(struct state *st, const struct thread *t)
{
	struct thread *p;
	if (!t)
		return NULL;
	t = state_main_thread(st, t);
	if (t->ptid <= 0 || t->ptid == t->tid)
		return NULL;
	p = thread_lookup(st, t->ptid);
	return p ? state_main_thread(st, p) : NULL;
}

int state_foreach_thread(struct state *st, int (*fn)(struct thread *t, void *ctx), void *ctx)
{
	for (uint32_t i = 0; i <= st->tmask; i++) {
		if (st->tslots[i].t) {
			int r = fn(st->tslots[i].t, ctx);
			if (r)
				return r;
		}
	}
	return 0;
}

size_t state_thread_count(const struct state *st)
{
	return st->tcount;
}

uint32_t state_process_threads(struct state *st, const struct thread *t)
{
	const struct thread *m = state_main_thread(st, t);
	if (!m)
		return 0;
	return m->group_threads + ((m->flags & THREAD_F_DEAD) ? 0 : 1);
}

const char *state_thread_cwd(struct state *st, const struct thread *t)
{
	const struct thread *m;
	if (!t)
		return "";
	m = state_main_thread(st, t);
	if (m && m->cwd && m->cwd[0])
		return m->cwd;
	return t->cwd ? t->cwd : "";
}

struct thread *state_thread_add(struct state *st, int64_t tid)
{
	struct thread *t = thread_lookup(st, tid);
	if (t)
		return t;
	thread_make_room(st);
	t = thread_create(st, tid);
	if (t)
		t->flags |= THREAD_F_INCOMPLETE;
	return t;
}

void state_share_fds(struct state *st, struct thread *t, struct thread *other)
{
	if (!t || !other || t->fds == other->fds || !other->fds)
		return;
	fdtable_unref(st, t->fds);
	t->fds = other->fds;
	t->fds->refs++;
}

struct fd_info *state_fd_add(struct state *st, struct thread *t, int64_t fd)
{
	if (!t)
		return NULL;
	return fdtable_insert(st, t->fds, fd);
}

void state_set_thread_hook(struct state *st, state_thread_hook_fn fn, void *ctx)
{
	st->thread_hook = fn;
	st->thread_hook_ctx = ctx;
}

void state_get_stats(const struct state *st, struct state_stats *out)
{
	*out = st->stats;
}
