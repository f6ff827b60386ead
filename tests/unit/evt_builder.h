/* evt_builder.h: unit tests' way to make an event: the values given by
 * parameter name are encoded in the scap layout (the others left empty) and
 * the result decoded with evt_decode, as a source would. Header-only, for the
 * cmocka tests. */
#ifndef WTF_TEST_EVT_BUILDER_H
#define WTF_TEST_EVT_BUILDER_H

#include <string.h>

#include "event/decode.h"
#include "state/state.h"

#ifndef EVB_NUM
#define EVB_NUM 7
#endif
#ifndef EVB_CPU
#define EVB_CPU 2
#endif

enum vk { VK_INT, VK_STR, VK_BYTES };

struct pv {
	const char *name;
	enum vk kind;
	int64_t i;
	const void *b;
	size_t n;
};

#define PI(nm, v) { (nm), VK_INT, (int64_t)(v), NULL, 0 }
#define PS(nm, s) { (nm), VK_STR, 0, (s), 0 }
#define PB(nm, p, len) { (nm), VK_BYTES, 0, (p), (len) }

struct ev {
	uint8_t buf[8192];
	struct evt e;
};

static size_t type_size(enum param_type t)
{
	switch (t) {
	case PT_INT8: case PT_UINT8: case PT_SIGTYPE: case PT_FLAGS8: case PT_ENUMFLAGS8:
	case PT_L4PROTO: case PT_SOCKFAMILY:
		return 1;
	case PT_INT16: case PT_UINT16: case PT_FLAGS16: case PT_ENUMFLAGS16: case PT_PORT:
	case PT_SYSCALLID:
		return 2;
	case PT_INT32: case PT_UINT32: case PT_FLAGS32: case PT_ENUMFLAGS32: case PT_UID: case PT_GID:
	case PT_MODE: case PT_BOOL: case PT_SIGSET:
		return 4;
	default:
		return 8;
	}
}

static struct evt *mk(struct ev *b, uint16_t type, int64_t tid, const struct pv *v, size_t nv)
{
	const struct event_info *info = &event_table[type];
	struct wtf_evt_hdr h = { 0 };
	size_t pos = WTF_EVT_HDR_SIZE + 2 * info->nparams;

	for (int i = 0; i < info->nparams; i++) {
		uint16_t len = 0;
		for (size_t k = 0; k < nv; k++) {
			if (strcmp(v[k].name, info->params[i].name))
				continue;
			if (v[k].kind == VK_INT) {
				len = type_size(info->params[i].type);
				memcpy(b->buf + pos, &v[k].i, len);
			} else {
				len = v[k].kind == VK_STR ? strlen(v[k].b) + 1 : v[k].n;
				memcpy(b->buf + pos, v[k].b, len);
			}
			break;
		}
		memcpy(b->buf + WTF_EVT_HDR_SIZE + 2 * i, &len, 2);
		pos += len;
	}
	h.ts = TS;
	h.tid = (uint64_t)tid;
	h.len = pos;
	h.type = type;
	h.nparams = info->nparams;
	memcpy(b->buf, &h, WTF_EVT_HDR_SIZE);
	assert_int_equal(evt_decode(&b->e, (const struct wtf_evt_hdr *)b->buf, pos), 0);
	b->e.num = EVB_NUM;
	b->e.cpu = EVB_CPU;
	return &b->e;
}

#define MK(b, type, tid, ...)                                                      \
	({                                                                         \
		const struct pv _v[] = { __VA_ARGS__ };                            \
		mk((b), (type), (tid), _v, sizeof(_v) / sizeof(_v[0]));            \
	})

/* Resolves the event's thread and fd as the state layer does for consumers. */
static inline struct evt *on(struct evt *e, struct thread *t, int64_t fdnum)
{
	e->thread = t;
	e->fdnum = fdnum;
	e->fd = fdnum >= 0 && t ? fdtable_lookup(t->fds, fdnum) : NULL;
	return e;
}

#endif
