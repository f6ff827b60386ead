/* state_int.h: what the files of the state layer share and nobody else sees:
 * the tables' layout, the fd pool, and the helpers between them. */
#ifndef WTF_STATE_INT_H
#define WTF_STATE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "state/state.h"
#include "util/strbuf.h"

#define STATE_DEFAULT_MAX_THREADS 131072
#define STATE_DEFAULT_MAX_FDS 65536
#define FD_POOL_MAX 4096          /* free fd_info kept for reuse */
#define STASH_MAX (64 * 1024)     /* largest enter event kept for its exit */

/* thread->priv */
#define TP_FROM_PARENT_CLONE (1 << 0) /* made from the parent's clone exit; the child's own may follow */
#define TP_LONE (1 << 1)              /* made for an unknown tid seen in an event */
#define TP_PENDING_FREE (1 << 2)      /* exit seen; freed in state_after_event */

struct fd_slot {
	int64_t fd;
	struct fd_info *info; /* NULL: empty slot */
};

struct fdtable {
	uint32_t refs;  /* threads that use it */
	uint32_t count;
	uint32_t mask;  /* slots - 1 */
	struct fd_slot *slots;
};

struct thread_slot {
	int64_t tid;
	struct thread *t; /* NULL: empty slot */
};

struct user_tab;
struct net_caches;

struct state {
	struct state_opts opts;

	/* threads: open addressing on tid, linear probing, grows by doubling */
	struct thread_slot *tslots;
	uint32_t tmask, tcount;
	struct thread *last;      /* one-entry lookup cache */
	int64_t last_tid;

	/* per event type: parameter indexes, handler */
	struct type_cache *types; /* [PPM_EVENT_MAX] */

	/* work deferred to state_after_event, so consumers still see it */
	struct thread *pending_free;
	struct thread *pending_close_thread;
	int64_t pending_close_fd;

	struct fd_info *fd_pool;
	uint32_t fd_pool_n;

	struct strbuf path;       /* e->resolved_path lives here */
	struct strbuf tmp;

	char proc_root[256];
	uint64_t boot_ns;         /* epoch ns of boot, for /proc start times */
	long hz;

	struct user_tab *users;
	struct net_caches *net;   /* socket tables by network namespace (procfs.c) */

	char *v2_controllers;     /* cgroup v2 controllers, NUL-separated, or NULL */
	uint32_t v2_controllers_len;
	bool v2_read;

	struct state_stats stats;

	state_thread_hook_fn thread_hook; /* state_set_thread_hook */
	void *thread_hook_ctx;
};

static inline void state_thread_learnt(struct state *st, struct thread *t)
{
	if (st->thread_hook)
		st->thread_hook(t, st->thread_hook_ctx);
}

/* fdtable.c */
struct fdtable *fdtable_new(void);
void fdtable_unref(struct state *st, struct fdtable *t);
struct fdtable *fdtable_copy(struct state *st, const struct fdtable *src);
/* A cleared entry for fd (an existing one is reused); NULL at the bound. */
struct fd_info *fdtable_insert(struct state *st, struct fdtable *t, int64_t fd);
void fdtable_remove(struct state *st, struct fdtable *t, int64_t fd);
void fdtable_close_cloexec(struct state *st, struct fdtable *t);
/* Copies src's entries into dst: all of them, or those dst lacks. */
void fdtable_merge(struct state *st, struct fdtable *dst, const struct fdtable *src, bool overwrite);
void fd_copy(struct fd_info *dst, const struct fd_info *src);
void fd_pool_free(struct state *st);
void fd_render_name(struct fd_info *fd, struct strbuf *tmp);

/* threads.c */
static inline uint32_t tid_hash(int64_t tid)
{
	uint64_t h = (uint64_t)tid * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(h >> 32);
}

/* Inline: every event looks its thread up. */
static inline struct thread *thread_lookup(struct state *st, int64_t tid)
{
	uint32_t i;

	if (tid == st->last_tid)
		return st->last;
	i = tid_hash(tid) & st->tmask;
	for (;;) {
		struct thread_slot *s = &st->tslots[i];
		if (!s->t)
			return NULL;
		if (s->tid == tid) {
			st->last_tid = tid;
			st->last = s->t;
			return s->t;
		}
		i = (i + 1) & st->tmask;
	}
}
struct thread *thread_create(struct state *st, int64_t tid);
void thread_remove(struct state *st, struct thread *t);
void thread_make_room(struct state *st);
void thread_set_comm(struct thread *t, const char *s);
void thread_inherit(struct thread *child, const struct thread *parent);

/* procfs.c */
/* Reads one thread from /proc; returns it or NULL if it is not there. */
struct thread *procfs_load_thread(struct state *st, int64_t tid);
/* Reads the fds of t's process from /proc (live only): all of them, or only
 * those its table lacks (after a syscall that made fds no event names). */
int procfs_load_fds(struct state *st, struct thread *t, bool missing_only);
/* Reads one fd of t's process from /proc (live only): for an fd that events
 * made without saying what it is. Returns 0 or a negative errno. */
int procfs_load_fd(struct state *st, struct thread *t, int64_t fd);
int procfs_fill_thread(struct state *st, struct thread *t);
void procfs_read_ns(struct state *st, struct thread *t);
void procfs_free_net(struct state *st);

/* path.c */
/* Appends the normalised join of base and rel to out. */
int path_join_normalise(struct strbuf *out, const char *base, size_t base_len,
			const char *rel, size_t rel_len);
bool path_is_normal(const char *p, size_t n);

/* users.c */
void users_free(struct user_tab *u);

/* parse.c */
int parse_init(struct state *st);
void parse_free(struct state *st);
void state_flush_pending(struct state *st);

#endif
