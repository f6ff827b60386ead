/* handler.bpf.h: what every per-syscall handler does around its parameters:
 * find its scratch buffer and enter state, and emit with the enter timestamp. */
#ifndef WTF_HANDLER_BPF_H
#define WTF_HANDLER_BPF_H

/* A per-syscall exit handler, tail-called from the sys_exit dispatcher. */
#define EXIT_HANDLER(sc) \
	SEC("tp_btf/sys_exit") int BPF_PROG(sys_exit_##sc, struct pt_regs *regs, long ret)

#define ARG(i) arch__syscall_arg(regs, (i))

/* The enter state of this syscall, if its enter was seen; not looked for
 * when sys_enter had nothing to do for it. */
static __always_inline struct enter_state *handler__enter_state(struct pt_regs *regs)
{
	long nr = arch__syscall_nr(regs);
	struct wtf_syscall_cfg *cfg = maps__syscall_cfg(nr);
	struct enter_state *st;

	if (!cfg || !(cfg->flags & WTF_SC_ENTER))
		return NULL;
	st = maps__enter_state(false);
	if (st && st->nr != nr)
		return NULL;
	return st;
}

/* Marks the enter state used by this exit; returns its timestamp (0 for
 * none), for the event's latency. */
static __always_inline u64 handler__consume(struct enter_state *st)
{
	u64 ts = 0;
	if (st) {
		ts = st->ts;
		st->nr = -1;
		st->buf_len = 0;
	}
	return ts;
}

static __always_inline int handler__emit(struct auxbuf *aux, struct enter_state *st)
{
	return store__emit(aux, handler__consume(st));
}

/* A path argument, written at `dst` with room for WTF_MAX_PATH bytes: the
 * enter-time copy if there is one, else user memory. Returns the bytes
 * written, 0 for none (an empty parameter). */
static __always_inline u32 handler__put_path(u8 *dst, struct enter_state *st, const char *upath)
{
	long n;

	if (st && st->buf_len > 0) {
		n = st->buf_len > ENTER_BUF ? ENTER_BUF : st->buf_len;
		return bpf_probe_read_kernel(dst, n, st->buf) ? 0 : n;
	}
	if (!upath)
		return 0;
	n = bpf_probe_read_user_str(dst, WTF_MAX_PATH, upath);
	if (n <= 0) {
		store__count_fault();
		return 0;
	}
	return n & (2 * WTF_MAX_PATH - 1); /* no-op: a bound the verifier can see */
}

/* The same as the next parameter of the event in the scratch buffer. */
static __always_inline void handler__store_path(struct auxbuf *aux, struct enter_state *st,
						const char *upath)
{
	store__commit_raw(aux, handler__put_path(store__raw_ptr(aux), st, upath));
}

/* Copies a user string argument into the enter state (at sys_enter). */
static __always_inline void handler__capture_str(struct enter_state *st, const char *upath)
{
	long n = bpf_probe_read_user_str(st->buf, ENTER_BUF, upath);
	st->buf_len = n > 0 ? n : 0;
}

/* Copies a user buffer (a sockaddr: the kernel refuses more than 128 bytes)
 * into the enter state (at sys_enter). */
static __always_inline void handler__capture_bytes(struct enter_state *st, const void *ptr,
						   unsigned long len)
{
	u64 n;
	if (!ptr || len == 0)
		return;
	n = len > 128 ? 128 : len;
	barrier_var(n); /* keeps clang from passing the unclamped register */
	n &= 255;
	if (bpf_probe_read_user(st->buf, n, ptr) == 0)
		st->buf_len = n;
}

/* The event this handler emits, when one handler serves several syscalls. */
static __always_inline u16 handler__exit_event(struct pt_regs *regs, u16 fallback)
{
	struct wtf_syscall_cfg *cfg = maps__syscall_cfg(arch__syscall_nr(regs));
	return cfg && cfg->exit_event ? cfg->exit_event : fallback;
}

/* A sockaddr argument: the enter-time copy if there is one, else user memory. */
static __always_inline void handler__store_sockaddr(struct auxbuf *aux, struct enter_state *st,
						    const void *uaddr, u32 ulen)
{
	if (st && st->buf_len > 0)
		extract__store_sockaddr(aux, st->buf, st->buf_len, false);
	else
		extract__store_sockaddr(aux, uaddr, ulen, true);
}

#endif
