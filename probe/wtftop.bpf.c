/* wtftop.bpf.c: the probe. A dispatcher on the raw sys_exit tracepoint
 * tail-calls a handler per syscall (sys_exit_<name>), which collects the
 * syscall's parameters at exit into one scap-layout event; the most frequent
 * (openat, close, read and write) it handles itself; syscalls without a
 * handler become generic events. The enter, on the raw sys_enter, keeps what
 * the exit needs (the time, arguments that may change). Families of
 * handlers live in fam_*.bpf.h. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "wtf_event.h"
#include "arch.bpf.h"
#include "maps.bpf.h"
#include "store.bpf.h"
#include "extract.bpf.h"
#include "handler.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

#ifndef container_of
#define container_of(ptr, type, member) ((type *)((void *)(ptr) - __builtin_offsetof(type, member)))
#endif

/* The generic event: the syscall's scap code and native number. It is the
 * most frequent and has a fixed size, so it is written straight into the ring
 * buffer rather than built in the scratch buffer and copied. */
struct generic_rec {
	u8 head[WTF_LIVE_PREFIX_SIZE + WTF_EVT_HDR_SIZE]; /* store__put_header's */
	u16 lens[2];
	u16 id;        /* Parameter 1: ID (type: PT_SYSCALLID) */
	u16 native_id; /* Parameter 2: nativeID (type: PT_UINT16) */
};
_Static_assert(sizeof(struct generic_rec) == WTF_LIVE_PREFIX_SIZE + WTF_EVT_HDR_SIZE + 8,
	       "the generic event is packed");

static __always_inline int generic__emit(struct pt_regs *regs, long nr, u16 ppm_sc)
{
	struct wtf_counters *c = maps__counters();
	struct enter_state *st = handler__enter_state(regs);
	struct generic_rec *r;
	u8 *ring;

	if (!c)
		return 0;
	r = (struct generic_rec *)store__reserve_fixed(c, &ring, sizeof(*r));
	if (!r)
		return 0;
	r->lens[0] = 2;
	r->lens[1] = 2;
	r->id = ppm_sc;
	r->native_id = nr;
	store__submit_fixed(c, ring, (u8 *)r, sizeof(*r), handler__consume(st), PPME_GENERIC_X, 2);
	return 0;
}

#include "fam_file.bpf.h"
#include "fam_fs.bpf.h"
#include "fam_proc.bpf.h"
#include "fam_net.bpf.h"
#include "fam_misc.bpf.h"
#include "fam_new.bpf.h"

/* ---- the exit ------------------------------------------------------------- */

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	struct wtf_syscall_cfg *cfg;
	long nr;

	/* the settings first, as at enter: a syscall nobody wants is counted
	 * (wtftop's own among them) without the helper call of the self check */
	nr = arch__syscall_nr(regs);
	cfg = maps__syscall_cfg(nr);
	if (!cfg || !(cfg->flags & WTF_SC_INTERESTING)) {
		struct wtf_counters *c = maps__counters();
		if (c)
			c->n_skipped++;
		return 0;
	}
	if (extract__is_self())
		return 0;
	/* the most frequent syscalls are handled here: a tail call costs
	 * about 60 ns per event here (close: 296 ns against 238 inline) */
	switch (cfg->exit_event) {
	case PPME_SYSCALL_READ_X:
	case PPME_SYSCALL_WRITE_X:
	case PPME_SYSCALL_PREAD_X:
	case PPME_SYSCALL_PWRITE_X:
		return file__rw_exit(regs, ret, cfg->exit_event);
	case PPME_SYSCALL_CLOSE_X:
		return file__close_exit(regs, ret);
	case PPME_SYSCALL_OPENAT_2_X:
		return file__openat_exit(regs, ret);
	}
	bpf_tail_call(ctx, &exit_progs, (u32)nr);
	/* no dedicated handler */
	return generic__emit(regs, nr, cfg->ppm_sc);
}

/* ---- the enter ------------------------------------------------------------ */

/* A syscall's enter, on the raw sys_enter: its timestamp for evt.latency,
 * and the arguments in user memory that may change before the kernel reads
 * them (TOCTOU), which the settings name; which ones is data, set by
 * userspace. The kernel's per-syscall tracepoints (syscalls:sys_enter_<name>)
 * would spare the syscalls with nothing to do here about 20 ns each, but
 * cost an open about 100 ns more (perf's buffer and argument copy), and
 * their detach waits for RCU grace periods one tracepoint at a time: 35 of
 * them made wtftop's exit take 2.5 s. */
SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	struct wtf_syscall_cfg *cfg;
	struct enter_state *st;

	/* the settings first: a syscall nobody wants, or one with nothing to
	 * do at enter (not timed, no argument to copy), costs one array look-up */
	cfg = maps__syscall_cfg(id);
	if (!cfg || !(cfg->flags & WTF_SC_ENTER) || extract__is_self())
		return 0;
	st = maps__enter_state(true);
	if (!st)
		return 0;
	/* untimed, only the copies bring us here: the clock would be wasted */
	st->ts = wtf_timed ? store__now() : 0;
	st->nr = id;
	st->buf_len = 0;
	switch (cfg->capture) {
	case WTF_CAPTURE_STR:
		handler__capture_str(st, (const char *)ARG(cfg->capture_arg));
		break;
	case WTF_CAPTURE_SOCKADDR:
		handler__capture_bytes(st, (const void *)ARG(cfg->capture_arg), ARG(cfg->capture_len_arg));
		break;
	case WTF_CAPTURE_EXECVEAT:
		proc__enter_execveat(st, id, ARG(0), ARG(1));
		break;
	case WTF_CAPTURE_CLONE3:
		proc__enter_clone3(st, id, ARG(0));
		break;
	}
	return 0;
}
