/* ringbuf.c: the ordered reader of the probe's per-CPU rings (layout in
 * wtf_event.h): one mapping of the array map that holds them all, where we
 * read the probe's positions and records and write our own position; and
 * the small BPF ring buffer whose records only wake us, of which we read
 * nothing but the positions. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "event/ringbuf.h"
#include "wtf_event.h"

struct ring {
	const uint64_t *prod; /* the probe's position */
	uint64_t *cons;       /* ours */
	const uint8_t *data;
	/* Positions are cached and ours published in batches: both sit on
	 * cache lines the producing CPU also touches, and a round trip per
	 * record costs more than the record. */
	uint64_t pos;       /* our position, published to *cons now and then */
	uint64_t prod_seen; /* last producer position read */
	uint64_t published; /* last position written to *cons */
	uint64_t limit;     /* with ringset's limited: read nothing from here on */
	/* the head record, once looked at */
	const uint8_t *head;
	size_t head_size;
	uint64_t head_ts;
	size_t head_span; /* bytes the reader moves past it */
};

struct ringset {
	struct ring *rings;
	int n;
	size_t size;
	uint8_t *map; /* the rings */
	size_t map_len;
	unsigned long *wake_cons; /* the wakeup ring buffer's consumer page */
	const unsigned long *wake_prod;
	size_t page;
	int epfd;
	ringset_fn fn;
	ringset_ts_fn ts_fn;
	void *ctx;
	bool limited; /* ringset_limit was called */
};

static inline uint64_t load_acquire(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

void ringset_free(struct ringset *rs)
{
	if (!rs)
		return;
	if (rs->map)
		munmap(rs->map, rs->map_len);
	if (rs->wake_cons)
		munmap(rs->wake_cons, rs->page);
	if (rs->wake_prod)
		munmap((void *)rs->wake_prod, rs->page);
	if (rs->epfd >= 0)
		close(rs->epfd);
	free(rs->rings);
	free(rs);
}

struct ringset *ringset_new(int rings_fd, int wake_fd, int n, size_t size, ringset_fn fn,
			    ringset_ts_fn ts_fn, void *ctx)
{
	struct ringset *rs = calloc(1, sizeof(*rs));
	struct epoll_event ev = { .events = EPOLLIN };
	size_t value = WTF_RING_DATA_OFF + size + WTF_RING_SPILL;
	void *m;
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
	rs->map_len = (value * n + rs->page - 1) & ~(rs->page - 1);
	m = mmap(NULL, rs->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, rings_fd, 0);
	if (m == MAP_FAILED)
		goto fail_errno;
	rs->map = m;
	m = mmap(NULL, rs->page, PROT_READ | PROT_WRITE, MAP_SHARED, wake_fd, 0);
	if (m == MAP_FAILED)
		goto fail_errno;
	rs->wake_cons = m;
	m = mmap(NULL, rs->page, PROT_READ, MAP_SHARED, wake_fd, rs->page);
	if (m == MAP_FAILED)
		goto fail_errno;
	rs->wake_prod = m;
	rs->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (rs->epfd < 0 || epoll_ctl(rs->epfd, EPOLL_CTL_ADD, wake_fd, &ev))
		goto fail_errno;
	for (int i = 0; i < n; i++) {
		struct ring *r = &rs->rings[i];
		uint8_t *base = rs->map + i * value;
		r->prod = (const uint64_t *)(base + WTF_RING_PROD_OFF);
		r->cons = (uint64_t *)(base + WTF_RING_CONS_OFF);
		r->data = base + WTF_RING_DATA_OFF;
		r->pos = r->published = *r->cons;
		r->prod_seen = 0;
	}
	return rs;
fail_errno:
	err = errno;
	ringset_free(rs);
	errno = err;
	return NULL;
}

/* Looks at the ring's next record. */
static bool ring_peek(struct ringset *rs, struct ring *r)
{
	if (r->head)
		return true;
	if (r->pos >= r->prod_seen) {
		r->prod_seen = load_acquire(r->prod);
		if (rs->limited && r->prod_seen > r->limit)
			r->prod_seen = r->limit;
		if (r->pos >= r->prod_seen)
			return false;
	}
	const uint8_t *hdr = r->data + (r->pos & (rs->size - 1));
	uint32_t len;
	memcpy(&len, hdr, sizeof(len));
	r->head = hdr + WTF_RING_REC_HDR;
	r->head_size = len;
	r->head_span = WTF_RING_SPAN(len);
	r->head_ts = rs->ts_fn(r->head, len);
	return true;
}

static void ring_publish(struct ring *r)
{
	if (r->pos != r->published) {
		store_release(r->cons, r->pos);
		r->published = r->pos;
	}
}

static void ring_advance(struct ringset *rs, struct ring *r)
{
	r->pos += r->head_span;
	r->head = NULL;
	/* give space back to the producer every eighth of the ring */
	if (r->pos - r->published >= rs->size / 8)
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
		rs->rings[i].limit = load_acquire(rs->rings[i].prod);
	rs->limited = true;
}

int ringset_wait(struct ringset *rs, int timeout_ms)
{
	struct epoll_event evs[1];
	int n = epoll_wait(rs->epfd, evs, 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	/* the wakeups carry nothing: mark them all read, so that the buffer
	 * never fills and each new one wakes us again */
	__atomic_store_n(rs->wake_cons, __atomic_load_n(rs->wake_prod, __ATOMIC_ACQUIRE), __ATOMIC_RELEASE);
	return n > 0;
}
