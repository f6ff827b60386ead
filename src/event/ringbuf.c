/* ringbuf.c: the ordered reader of the probe's per-CPU ring buffers. The
 * layout is the kernel's BPF ring buffer: a consumer page we write, a producer
 * page and the data pages (mapped twice in a row, so a record that wraps is
 * contiguous) we read; each record has an 8-byte header whose length word
 * carries a busy and a discard bit. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "event/ringbuf.h"

#define RB_BUSY_BIT (1u << 31)
#define RB_DISCARD_BIT (1u << 30)
#define RB_HDR_SZ 8

struct ring {
	unsigned long *consumer; /* mapped rw */
	unsigned long *producer; /* mapped ro, followed by the data pages */
	uint8_t *data;
	size_t mask;
	/* Positions are cached and the consumer position published in batches:
	 * both sit on cache lines the producing CPU also touches, and a
	 * round trip per record costs more than the record. */
	unsigned long cons;      /* our position, published to *consumer now and then */
	unsigned long prod;      /* last producer position read */
	unsigned long published; /* last position written to *consumer */
	unsigned long limit;     /* with ringset's limited: read nothing from here on */
	/* the head record, once looked at */
	const uint8_t *head;
	size_t head_size;
	uint64_t head_ts;
	size_t head_span; /* bytes the consumer moves past it */
};

struct ringset {
	struct ring *rings;
	int n;
	size_t size;
	size_t page;
	int epfd;
	ringset_fn fn;
	ringset_ts_fn ts_fn;
	void *ctx;
	bool limited; /* ringset_limit was called */
};

static inline unsigned long load_acquire(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline uint32_t load_acquire32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(unsigned long *p, unsigned long v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

void ringset_free(struct ringset *rs)
{
	if (!rs)
		return;
	for (int i = 0; i < rs->n; i++) {
		if (rs->rings[i].consumer)
			munmap(rs->rings[i].consumer, rs->page);
		if (rs->rings[i].producer)
			munmap(rs->rings[i].producer, rs->page + 2 * rs->size);
	}
	if (rs->epfd >= 0)
		close(rs->epfd);
	free(rs->rings);
	free(rs);
}

struct ringset *ringset_new(const int *fds, int n, size_t size, ringset_fn fn, ringset_ts_fn ts_fn,
			    void *ctx)
{
	struct ringset *rs = calloc(1, sizeof(*rs));
	int err;

	if (!rs)
		return NULL;
	rs->epfd = -1;
	rs->rings = calloc(n, sizeof(*rs->rings));
	if (!rs->rings)
		goto fail_errno;
	rs->n = n;
	rs->size = size;
	rs->page = sysconf(_SC_PAGESIZE);
	rs->fn = fn;
	rs->ts_fn = ts_fn;
	rs->ctx = ctx;
	rs->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (rs->epfd < 0)
		goto fail_errno;
	for (int i = 0; i < n; i++) {
		struct ring *r = &rs->rings[i];
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
		void *m = mmap(NULL, rs->page, PROT_READ | PROT_WRITE, MAP_SHARED, fds[i], 0);
		if (m == MAP_FAILED)
			goto fail_errno;
		r->consumer = m;
		m = mmap(NULL, rs->page + 2 * size, PROT_READ, MAP_SHARED, fds[i], rs->page);
		if (m == MAP_FAILED)
			goto fail_errno;
		r->producer = m;
		r->data = (uint8_t *)m + rs->page;
		r->mask = size - 1;
		r->cons = r->published = *r->consumer;
		r->prod = 0;
		if (epoll_ctl(rs->epfd, EPOLL_CTL_ADD, fds[i], &ev))
			goto fail_errno;
	}
	return rs;
fail_errno:
	err = errno;
	ringset_free(rs);
	errno = err;
	return NULL;
}

/* Looks at the ring's next committed record, skipping discarded ones. */
static bool ring_peek(struct ringset *rs, struct ring *r)
{
	if (r->head)
		return true;
	for (;;) {
		if (r->cons >= r->prod) {
			r->prod = load_acquire(r->producer);
			if (rs->limited && r->prod > r->limit)
				r->prod = r->limit;
			if (r->cons >= r->prod)
				return false;
		}
		const uint32_t *hdr = (const uint32_t *)(r->data + (r->cons & r->mask));
		uint32_t len = load_acquire32(hdr);
		if (len & RB_BUSY_BIT)
			return false; /* being written: it will be there next time */
		size_t span = (((len & ~RB_DISCARD_BIT) + RB_HDR_SZ) + 7) & ~(size_t)7;
		if (len & RB_DISCARD_BIT) {
			r->cons += span;
			continue;
		}
		r->head = (const uint8_t *)hdr + RB_HDR_SZ;
		r->head_size = len;
		r->head_span = span;
		r->head_ts = rs->ts_fn(r->head, len);
		return true;
	}
}

static void ring_publish(struct ring *r)
{
	if (r->cons != r->published) {
		store_release(r->consumer, r->cons);
		r->published = r->cons;
	}
}

static void ring_advance(struct ringset *rs, struct ring *r)
{
	r->cons += r->head_span;
	r->head = NULL;
	/* give space back to the producer every eighth of the buffer */
	if (r->cons - r->published >= rs->size / 8)
		ring_publish(r);
}

int ringset_drain(struct ringset *rs, int max)
{
	int delivered = 0;

	while (max <= 0 || delivered < max) {
		struct ring *best = NULL;
		int best_i = -1;
		for (int i = 0; i < rs->n; i++) {
			struct ring *r = &rs->rings[i];
			if (ring_peek(rs, r) && (!best || r->head_ts < best->head_ts)) {
				best = r;
				best_i = i;
			}
		}
		if (!best)
			break;
		int ret = rs->fn(rs->ctx, best->head, best->head_size, best_i);
		ring_advance(rs, best);
		delivered++;
		if (ret) {
			for (int i = 0; i < rs->n; i++)
				ring_publish(&rs->rings[i]);
			return ret;
		}
	}
	for (int i = 0; i < rs->n; i++)
		ring_publish(&rs->rings[i]);
	return delivered;
}

void ringset_limit(struct ringset *rs)
{
	if (rs->limited)
		return;
	for (int i = 0; i < rs->n; i++)
		rs->rings[i].limit = load_acquire(rs->rings[i].producer);
	rs->limited = true;
}

int ringset_wait(struct ringset *rs, int timeout_ms)
{
	struct epoll_event evs[8];
	int n = epoll_wait(rs->epfd, evs, 8, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	return n > 0;
}
