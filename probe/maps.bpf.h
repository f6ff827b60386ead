/* maps.bpf.h: the probe's maps and load-time settings. */
#ifndef WTF_MAPS_BPF_H
#define WTF_MAPS_BPF_H

/* Load-time settings, written by userspace between open and load. */
const volatile u32 wtf_self_tgid = 0;      /* wtftop itself: never traced */
const volatile u64 wtf_boot_to_epoch = 0;  /* add to boot-clock ns to get epoch ns */
const volatile bool wtf_timed = true;      /* some consumer reads evt.latency */
const volatile u32 wtf_snaplen = 80;       /* bytes of I/O data to capture, 0 for none */
const volatile u32 wtf_wakeup_bytes = 1 << 20; /* wake the consumer past this much unread data */
const volatile u32 wtf_pressure_bytes = 2 << 20; /* past this, wake it on every record */
/* the kernel has the kfunc bpf_rdonly_cast (6.2 and later), and the BTF ids
 * of the structs it casts to */
const volatile bool wtf_rdonly_cast = false;
const volatile u32 wtf_btf_file = 0;
const volatile u32 wtf_btf_files_struct = 0;
const volatile u32 wtf_btf_socket = 0;

/* Scratch space to build one event in, one slot per CPU. Offsets into data[]
 * are masked with AUX_HALF - 1 so the verifier can bound every write. The
 * cursor comes first, on the page of the event's first bytes: a slot is
 * vmalloc'd, and a second page touched per event cost about 15 ns here
 * (kernel entries flush the TLB on this VM). */
#define AUX_SIZE (64 * 1024)
#define AUX_HALF (AUX_SIZE / 2)
#define AUX_MAX_PARAM (AUX_HALF - 1)
struct auxbuf {
	u32 pos;       /* where the next parameter's bytes go */
	u8 nparams;    /* parameters the event will have */
	u8 idx;        /* parameters stored so far */
	u16 type;
	u8 data[AUX_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* set to the number of CPUs at load */
	__type(key, u32);
	__type(value, struct auxbuf);
} auxbufs SEC(".maps");

/* The per-CPU rings the events go to (layout in wtf_event.h). Its value
 * size (header, ring, spill) and entries (CPUs) are set at load, and
 * userspace maps it. An array rather than the kernel's BPF ring buffer: a
 * record there touched four pages (lock, consumer, producer, data) and cost
 * 50 to 60 ns more per event here, where each kernel entry flushes the TLB;
 * one writer per CPU needs no lock, only a guard against preemption. The
 * small BPF ring buffer `wakeups` only wakes the reader. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);  /* set to the number of CPUs at load */
	__uint(key_size, sizeof(u32));
	__uint(value_size, WTF_RING_DATA_OFF + 4096 + WTF_RING_SPILL); /* set at load */
} rings SEC(".maps");
const volatile u64 wtf_ring_mask = 4095; /* ring bytes - 1, set at load */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} wakeups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct wtf_counters);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, WTF_MAX_SYSCALLS);
	__type(key, u32);
	__type(value, struct wtf_syscall_cfg);
} syscall_cfg SEC(".maps");

/* Per-syscall exit handlers, indexed by native syscall number; userspace
 * fills it from the programs named sys_exit_<syscall>. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, WTF_MAX_SYSCALLS);
	__type(key, u32);
	__type(value, u32);
} exit_progs SEC(".maps");

/* What a thread's syscall left at enter: its timestamp for evt.latency and, for
 * syscalls whose arguments live in user memory that may change before exit
 * (TOCTOU), a copy of that argument. */
#define ENTER_BUF 4096
struct enter_state {
	u64 ts;           /* boot-clock ns at enter */
	s64 nr;           /* syscall it belongs to, -1 when consumed */
	u32 buf_len;      /* bytes in buf, 0 when none was captured */
	u8 buf[ENTER_BUF];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct enter_state);
} enter_states SEC(".maps");

/* The settings of syscall `nr`, or NULL for a number outside the table (the
 * array's own bounds check: -1, no syscall, is past its end as a u32). */
static __always_inline struct wtf_syscall_cfg *maps__syscall_cfg(long nr)
{
	u32 key = nr;
	return bpf_map_lookup_elem(&syscall_cfg, &key);
}

static __always_inline struct wtf_counters *maps__counters(void)
{
	u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

static __always_inline void maps__count_drop(enum wtf_drop_reason reason)
{
	struct wtf_counters *c = maps__counters();
	if (c && reason < WTF_DROP_MAX)
		c->n_drops[reason]++;
}

static __always_inline struct auxbuf *maps__auxbuf(void)
{
	u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&auxbufs, &cpu);
}

static __always_inline struct enter_state *maps__enter_state(bool create)
{
	struct task_struct *task = bpf_get_current_task_btf();
	return bpf_task_storage_get(&enter_states, task, 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

#endif
