/* wtftop.bpf.c: the probe. Two dispatchers on the raw syscall tracepoints
 * tail-call a handler per syscall (sys_exit_<name>), which collects the
 * syscall's parameters at exit into one scap-layout event; syscalls without a
 * handler become generic events. Families of handlers live in fam_*.bpf.h. */
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

static __always_inline struct wtf_syscall_cfg *syscall__cfg(long nr)
{
	u32 key = nr;
	if (nr < 0 || nr >= WTF_MAX_SYSCALLS)
		return NULL;
	return bpf_map_lookup_elem(&syscall_cfg, &key);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	struct wtf_syscall_cfg *cfg;
	struct enter_state *st;

	if (extract__is_self())
		return 0;
	cfg = syscall__cfg(id);
	if (!cfg || !(cfg->flags & WTF_SC_INTERESTING))
		return 0;
	st = maps__enter_state(true);
	if (!st)
		return 0;
	st->ts = store__now();
	st->nr = id;
	st->buf_len = 0;
	if (cfg->flags & WTF_SC_ENTER_CAPTURE)
		bpf_tail_call(ctx, &enter_progs, (u32)id);
	return 0;
}

/* Parameters of the generic event: the syscall's scap code and native number. */
static __always_inline int generic__emit(struct pt_regs *regs, long nr, u16 ppm_sc)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_GENERIC_X, 2);
	/* Parameter 1: ID (type: PT_SYSCALLID) */
	store__u16(aux, ppm_sc);
	/* Parameter 2: nativeID (type: PT_UINT16) */
	store__u16(aux, nr);
	return handler__emit(aux, handler__enter_state(regs));
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	struct wtf_syscall_cfg *cfg;
	long nr;

	if (extract__is_self())
		return 0;
	nr = arch__syscall_nr(regs);
	cfg = syscall__cfg(nr);
	if (!cfg || !(cfg->flags & WTF_SC_INTERESTING)) {
		struct wtf_counters *c = maps__counters();
		if (c)
			c->n_skipped++;
		return 0;
	}
	bpf_tail_call(ctx, &exit_progs, (u32)nr);
	/* no dedicated handler */
	return generic__emit(regs, nr, cfg->ppm_sc);
}

#include "fam_file.bpf.h"
#include "fam_fs.bpf.h"
#include "fam_proc.bpf.h"
#include "fam_net.bpf.h"
#include "fam_misc.bpf.h"
#include "fam_new.bpf.h"
