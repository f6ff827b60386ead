/* store.bpf.h: building an event in the per-CPU scratch buffer, parameter by
 * parameter in scap's layout, then emitting it to this CPU's ring buffer.
 *
 * Every store_* call appends exactly one parameter, so a handler reads as the
 * list of its parameters: "Parameter N: name (type)". */
#ifndef WTF_STORE_BPF_H
#define WTF_STORE_BPF_H

/* The live record starts with struct wtf_live_prefix, then the scap event. */
#define EVT_OFF WTF_LIVE_PREFIX_SIZE
#define LENS_OFF (EVT_OFF + WTF_EVT_HDR_SIZE)

/* One store of `type` at any byte address. scap's layout is packed (a 26-byte
 * header, then 2-byte lengths), and clang, for BPF, splits a store it knows to
 * be misaligned into bytes: a u64 was eight stores and seven shifts. Through a
 * pointer variable of the value's own type it is one instruction, which the
 * verifier accepts for map values and ring-buffer records on CPUs that do
 * misaligned access well (x86_64 and arm64 both do). */
#define STORE_PUT(type, addr, v)              \
	({                                    \
		type *__put = (type *)(addr); \
		*__put = (v);                 \
	})

static __always_inline u64 store__now(void)
{
	return bpf_ktime_get_boot_ns();
}

/* Starts an event of `type` with `nparams` parameters. Every length slot
 * starts at 0, so a parameter never stored (an early error path) is empty:
 * eight straight stores instead of a loop at emit time, whose counter the
 * verifier would follow turn by turn in every handler. */
static __always_inline void store__begin(struct auxbuf *aux, u16 type, u8 nparams)
{
#pragma unroll
	for (int i = 0; i < WTF_MAX_PARAMS * sizeof(u16) / sizeof(u64); i++)
		STORE_PUT(u64, &aux->data[LENS_OFF + i * sizeof(u64)], 0);
	aux->type = type;
	aux->nparams = nparams;
	aux->idx = 0;
	aux->pos = LENS_OFF + nparams * sizeof(u16);
}

static __always_inline void store__set_len(struct auxbuf *aux, u16 len)
{
	u32 off = LENS_OFF + (aux->idx & (WTF_MAX_PARAMS - 1)) * sizeof(u16);
	STORE_PUT(u16, &aux->data[off & (AUX_HALF - 1)], len);
	aux->idx++;
}

#define STORE_FIXED(fn, type)                                                   \
	static __always_inline void fn(struct auxbuf *aux, type v)               \
	{                                                                        \
		STORE_PUT(type, &aux->data[aux->pos & (AUX_HALF - 1)], v);      \
		aux->pos += sizeof(type);                                        \
		store__set_len(aux, sizeof(type));                               \
	}
STORE_FIXED(store__u8, u8)
STORE_FIXED(store__u16, u16)
STORE_FIXED(store__u32, u32)
STORE_FIXED(store__u64, u64)
STORE_FIXED(store__s64, s64)
STORE_FIXED(store__s32, s32)

/* An empty parameter: its value is unknown (scap prints <NA>). */
static __always_inline void store__empty(struct auxbuf *aux)
{
	store__set_len(aux, 0);
}

static __always_inline void store__count_fault(void)
{
	struct wtf_counters *c = maps__counters();
	if (c)
		c->n_user_faults++;
}

/* A NUL-terminated string from user memory, at most `max` bytes with the NUL. */
static __always_inline u16 store__user_str(struct auxbuf *aux, const void *ptr, u32 max)
{
	long n = 0;
	if (ptr)
		n = bpf_probe_read_user_str(&aux->data[aux->pos & (AUX_HALF - 1)],
					    max & AUX_MAX_PARAM, ptr);
	if (n <= 0) {
		if (ptr)
			store__count_fault();
		store__empty(aux);
		return 0;
	}
	aux->pos += n;
	store__set_len(aux, n);
	return n;
}

static __always_inline u16 store__kernel_str(struct auxbuf *aux, const void *ptr, u32 max)
{
	long n = 0;
	if (ptr)
		n = bpf_probe_read_kernel_str(&aux->data[aux->pos & (AUX_HALF - 1)],
					      max & AUX_MAX_PARAM, ptr);
	if (n <= 0) {
		store__empty(aux);
		return 0;
	}
	aux->pos += n;
	store__set_len(aux, n);
	return n;
}

/* `len` raw bytes from user memory. */
static __always_inline void store__user_bytes(struct auxbuf *aux, const void *ptr, u32 len)
{
	if (!ptr || len == 0) {
		store__empty(aux);
		return;
	}
	len &= AUX_MAX_PARAM;
	if (bpf_probe_read_user(&aux->data[aux->pos & (AUX_HALF - 1)], len, ptr)) {
		store__count_fault();
		store__empty(aux);
		return;
	}
	aux->pos += len;
	store__set_len(aux, len);
}

/* Bytes already in kernel memory (e.g. the enter-time copy of an argument). */
static __always_inline void store__kernel_bytes(struct auxbuf *aux, const void *ptr, u32 len)
{
	if (!ptr || len == 0) {
		store__empty(aux);
		return;
	}
	len &= AUX_MAX_PARAM;
	if (bpf_probe_read_kernel(&aux->data[aux->pos & (AUX_HALF - 1)], len, ptr)) {
		store__empty(aux);
		return;
	}
	aux->pos += len;
	store__set_len(aux, len);
}

/* Raw bytes to fill in by hand: returns where they go, the caller then calls
 * store__commit_raw with how many it wrote. */
static __always_inline u8 *store__raw_ptr(struct auxbuf *aux)
{
	return &aux->data[aux->pos & (AUX_HALF - 1)];
}

static __always_inline void store__commit_raw(struct auxbuf *aux, u16 len)
{
	aux->pos += len;
	store__set_len(aux, len);
}

/* I/O data: at most the snaplen, of which at most `avail` bytes exist. */
static __always_inline void store__user_data(struct auxbuf *aux, const void *ptr, s64 avail)
{
	u32 n = wtf_snaplen;
	if (avail <= 0 || n == 0) {
		store__empty(aux);
		return;
	}
	if ((u64)avail < n)
		n = avail;
	store__user_bytes(aux, ptr, n);
}

/* I/O data scattered over a user iovec array, as one PT_BYTEBUF parameter:
 * at most the snaplen and what the syscall moved (`avail`), gathered in
 * iovec order from the first STORE_MAX_IOV buffers. Returns the sum of the
 * lengths of the buffers looked at (writev's size). */
#define STORE_MAX_IOV 32
struct store_iovec {
	u64 base;
	u64 len;
};

/* The iovec walk, shared with the bpf_loop callback that takes one buffer
 * per call. The write cursor lives in aux->pos (map memory, re-read each
 * call) rather than in a register, so the verifier does not track the bytes
 * copied so far as a precise value. */
struct store_iov_walk {
	struct auxbuf *aux;
	u64 uiov;   /* the user array, as a number: it is only read from */
	u64 iovcnt;
	u64 total;  /* sum of the buffers' lengths */
	s64 max;    /* bytes to copy, 0 once a copy faulted */
	u32 start;  /* where the parameter starts */
};

/* bpf_loop callback: adds buffer `i`'s length to the total and copies from
 * it while the parameter is short of its maximum. */
static long store__iov_step(u32 i, void *ctx)
{
	struct store_iov_walk *w = ctx;
	struct auxbuf *aux = w->aux;
	const struct store_iovec *uiov = (const void *)w->uiov;
	struct store_iovec v;
	u32 pos, done, n;

	if (i >= w->iovcnt || bpf_probe_read_user(&v, sizeof(v), &uiov[i]))
		return 1;
	w->total += v.len;
	pos = aux->pos;
	done = pos - w->start;
	if (w->max <= 0 || done >= w->max || v.len == 0)
		return 0;
	n = w->max - done;
	if (v.len < n)
		n = v.len;
	if (bpf_probe_read_user(&aux->data[pos & (AUX_HALF - 1)], n & AUX_MAX_PARAM,
				(const void *)v.base)) {
		store__count_fault();
		w->max = 0; /* stop copying, keep adding up the sizes */
		return 0;
	}
	aux->pos = pos + (n & AUX_MAX_PARAM);
	return 0;
}

/* A global function: the verifier checks it once, not once per caller, and
 * its loop body once rather than once per buffer. */
__noinline u64 store__iov_data(struct auxbuf *aux, u64 uiov_ptr, u64 iovcnt, s64 avail)
{
	struct store_iov_walk w = {};

	if (!aux)
		return 0;
	w.aux = aux;
	w.uiov = uiov_ptr;
	w.iovcnt = uiov_ptr ? iovcnt : 0;
	w.max = avail > wtf_snaplen ? wtf_snaplen : avail;
	w.start = aux->pos;
	bpf_loop(STORE_MAX_IOV, store__iov_step, &w, 0);
	store__set_len(aux, aux->pos - w.start);
	return w.total;
}

/* The consumer sleeps only once its rings are empty, so one wakeup per sleep
 * is enough: from the record that takes the unread data past the threshold,
 * `unread` being what was there before it. Past the pressure mark (half the
 * ring) the consumer is losing the race, and every record wakes it: each
 * wakeup is an interrupt to this CPU (a VM exit here, about 2.5 us), which
 * slows the producer down to the consumer's pace, the only backpressure a
 * tracepoint can apply, before the ring overflows. Below that mark a wakeup
 * per record would only cost: a fifth of a traced getppid loop's time. */
static __always_inline bool store__wake_reader(u64 unread, u64 span)
{
	return unread >= wtf_pressure_bytes ||
	       (unread < wtf_wakeup_bytes && unread + span >= wtf_wakeup_bytes);
}

/* The live prefix and the scap header, at the start of a record. */
static __always_inline void store__put_header(u8 *rec, u64 latency, u64 now, u32 evt_len, u16 type,
					      u32 nparams)
{
	STORE_PUT(u64, rec + __builtin_offsetof(struct wtf_live_prefix, latency), latency);
	rec += EVT_OFF;
	STORE_PUT(u64, rec + __builtin_offsetof(struct wtf_evt_hdr, ts), now + wtf_boot_to_epoch);
	STORE_PUT(u64, rec + __builtin_offsetof(struct wtf_evt_hdr, tid), (u32)bpf_get_current_pid_tgid());
	STORE_PUT(u32, rec + __builtin_offsetof(struct wtf_evt_hdr, len), evt_len);
	STORE_PUT(u16, rec + __builtin_offsetof(struct wtf_evt_hdr, type), type);
	STORE_PUT(u32, rec + __builtin_offsetof(struct wtf_evt_hdr, nparams), nparams);
}

/* The latency of a syscall that entered at `enter_ts` (0: its enter was not seen). */
static __always_inline u64 store__latency(u64 enter_ts, u64 now)
{
	return enter_ts && enter_ts < now ? now - enter_ts : 0;
}

/* This CPU's ring, taken for one record (the caller writes it and then
 * calls store__ring_put), and where the record goes: NULL,
 * with the drop counted, when there is no room for `span` bytes or an event
 * preempted on this CPU holds the ring. The kernels of today run tracepoint
 * programs with preemption off, but a later one may not. The guard is one
 * exchange (BPF CPU v3), the only locked instruction of the record: of two
 * events that race for it, one reads 0. Giving it back and publishing the
 * record are plain stores of the owner's; an add-and-read-back guard took
 * three locked adds, 22 ns of a getppid's 168 here. */
static __always_inline u8 *store__ring_take(struct wtf_counters *c, u8 **ring, u64 span)
{
	u32 cpu = bpf_get_smp_processor_id();
	u32 *busy;
	u64 prod;
	u8 *rg;

	rg = bpf_map_lookup_elem(&rings, &cpu);
	if (!rg) {
		c->n_drops[WTF_DROP_NO_SCRATCH]++;
		return NULL;
	}
	busy = (u32 *)(rg + WTF_RING_BUSY_OFF);
	if (__sync_lock_test_and_set(busy, 1)) {
		c->n_drops[WTF_DROP_RING_BUSY]++;
		return NULL;
	}
	prod = *(u64 *)(rg + WTF_RING_PROD_OFF);
	if (prod + span - *(volatile u64 *)(rg + WTF_RING_CONS_OFF) > wtf_ring_mask + 1) {
		*(volatile u32 *)busy = 0;
		c->n_drops[WTF_DROP_RINGBUF_FULL]++;
		return NULL;
	}
	*ring = rg;
	return rg + WTF_RING_DATA_OFF + (prod & wtf_ring_mask) + WTF_RING_REC_HDR;
}

/* Publishes the record of `len` bytes written at `rec` (store__ring_take's),
 * gives the ring back, and wakes the reader when store__wake_reader says
 * so. On x86_64 stores are not reordered with each other, so a compiler
 * barrier is all that keeps the record's bytes before the new position;
 * arm64 will need a store-release here (BPF CPU v4). */
static __always_inline void store__ring_put(struct wtf_counters *c, u8 *ring, u8 *rec, u32 len)
{
	u64 span = WTF_RING_SPAN(len);
	u64 unread = *(u64 *)(ring + WTF_RING_PROD_OFF) - *(volatile u64 *)(ring + WTF_RING_CONS_OFF);

	STORE_PUT(u32, rec - WTF_RING_REC_HDR, len);
	barrier(); /* the record's bytes before the position that shows them */
	*(volatile u64 *)(ring + WTF_RING_PROD_OFF) += span;
	*(volatile u32 *)(ring + WTF_RING_BUSY_OFF) = 0;
	c->n_evts++;
	if (store__wake_reader(unread, span)) {
		u64 one = 1;
		bpf_ringbuf_output(&wakeups, &one, sizeof(one), BPF_RB_FORCE_WAKEUP);
	}
}

/* Writes the header and copies the event built in the scratch buffer to
 * this CPU's ring. */
static __always_inline int store__emit(struct auxbuf *aux, u64 enter_ts)
{
	u64 now = store__now();
	struct wtf_counters *c = maps__counters();
	u32 len = aux->pos;
	u8 *ring, *rec;

	if (!c)
		return 0;
	store__put_header(aux->data, store__latency(enter_ts, now), now, len - EVT_OFF, aux->type,
			  aux->nparams);

	if (len > AUX_HALF) {
		c->n_drops[WTF_DROP_TOO_BIG]++;
		return 0;
	}
	rec = store__ring_take(c, &ring, WTF_RING_SPAN(len));
	if (!rec)
		return 0;
	bpf_probe_read_kernel(rec, len & (AUX_HALF - 1), aux->data);
	store__ring_put(c, ring, rec, len);
	return 0;
}

/* An event of known largest size (`size`, prefix included) is written
 * straight into this CPU's ring rather than built in the scratch buffer and
 * copied: no scratch page to touch, no second copy. Returns the record to
 * fill, or NULL (the drop counted); *ring is its ring. */
static __always_inline u8 *store__reserve_fixed(struct wtf_counters *c, u8 **ring, u32 size)
{
	return store__ring_take(c, ring, WTF_RING_SPAN(size));
}

/* Writes the header of a record from store__reserve_fixed, its parameters
 * filled in (`size` bytes, at most what was reserved), and publishes it. */
static __always_inline void store__submit_fixed(struct wtf_counters *c, u8 *ring, u8 *r, u32 size, u64 enter_ts,
						u16 type, u32 nparams)
{
	u64 now = store__now();

	store__put_header(r, store__latency(enter_ts, now), now, size - EVT_OFF, type, nparams);
	store__ring_put(c, ring, r, size);
}

#endif
