/* ref_probe.bpf.c: reference probes for bench_pipeline.py, the least that a
 * probe seeing every syscall can cost on this kernel, measured beside
 * wtftop's probe and bpftrace in the same rounds:
 *  - empty_*: programs on sys_enter and sys_exit that do nothing, the floor
 *    of a syscall no consumer wants (wtftop's probe returns at its interest
 *    set there);
 *  - rec_*: one 64-byte ring-buffer record at each sys_enter and sys_exit
 *    with a timestamp, no wakeup: the design that ../shared/probe-notes.md's
 *    table measured at 0.64x bpftrace's cost when the 0.65x bar was set.
 * ref_probe.c loads one pair. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual MIT/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} records SEC(".maps");

struct record {
	u64 ts;
	u64 arg;
	u32 tid;
	u8 pad[44];
};

SEC("tp_btf/sys_enter")
int BPF_PROG(empty_enter, struct pt_regs *regs, long id)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(empty_exit, struct pt_regs *regs, long ret)
{
	return 0;
}

static __always_inline int record(long arg)
{
	struct record *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
	if (!r)
		return 0;
	r->ts = bpf_ktime_get_boot_ns();
	r->arg = arg;
	r->tid = (u32)bpf_get_current_pid_tgid();
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rec_enter, struct pt_regs *regs, long id)
{
	return record(id);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rec_exit, struct pt_regs *regs, long ret)
{
	return record(ret);
}
