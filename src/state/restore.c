/* restore.c: threads rebuilt from a capture file's process list instead of
 * /proc: the reader fills their fields, this keeps the process links right. */
#include "state/state_int.h"

struct thread *state_restore_thread(struct state *st, int64_t tid, int64_t pid)
{
	struct thread *t = state_thread_add(st, tid);

	if (!t)
		return NULL;
	t->pid = pid;
	if (tid != pid) {
		/* a secondary thread shares its process's fds; the main thread may
		 * come later in the list and then fills this placeholder */
		struct thread *m = state_thread_add(st, pid);
		if (m && m != t && m->fds != t->fds) {
			m->pid = pid;
			state_share_fds(st, t, m);
			m->group_threads++;
		}
	}
	return t;
}

void state_restore_done(struct state *st, struct thread *t)
{
	t->flags = (t->flags & ~THREAD_F_INCOMPLETE) | THREAD_F_FROM_PROC;
	state_thread_learnt(st, t);
}
