/* test_scap_legacy.c: our exit-time events as the enter/exit pairs, parameter
 * lists and codes that sysdig 0.29.3 reads (src/capture/scap_legacy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TS 1700000000123456789ull
#include "capture/scap_legacy.h"
#include "evt_builder.h"

/* The events conversion made, decoded one after the other. */
struct conv {
	struct strbuf out;
	int n;
	struct evt ev[2];
};

static void convert(struct conv *c, const struct evt *e)
{
	size_t off = 0;

	memset(c, 0, sizeof(*c));
	c->n = scap_legacy_convert(e, &c->out);
	assert_true(c->n >= 0 && c->n <= 2);
	for (int i = 0; i < c->n; i++) {
		const struct wtf_evt_hdr *h = (const void *)(c->out.buf + off);
		assert_true(off + h->len <= c->out.len);
		assert_int_equal(evt_decode(&c->ev[i], h, c->out.len - off), 0);
		off += h->len;
	}
	assert_int_equal(off, c->out.len);
}

static int64_t int_param(const struct evt *e, int i)
{
	int64_t v = 0;
	assert_true(evt_param_s64(e, i, &v));
	return v;
}

static void test_read_becomes_an_enter_exit_pair(void **state)
{
	struct ev b;
	struct conv c;
	struct evt *e = MK(&b, PPME_SYSCALL_READ_X, 42, PI("res", 5), PB("data", "hello", 5), PI("fd", 3),
			   PI("size", 4096));
	e->latency = 1000;
	convert(&c, e);
	assert_int_equal(c.n, 2);
	/* the enter: fd and size, at the syscall's start */
	assert_int_equal(c.ev[0].hdr->type, PPME_SYSCALL_READ_E);
	assert_int_equal(c.ev[0].nparams, 2);
	assert_int_equal(int_param(&c.ev[0], 0), 3);
	assert_int_equal(int_param(&c.ev[0], 1), 4096);
	assert_int_equal(c.ev[0].hdr->ts, TS - 1000);
	assert_int_equal(c.ev[0].hdr->tid, 42);
	/* the exit: only res and data, as 0.29.3 knows it */
	assert_int_equal(c.ev[1].hdr->type, PPME_SYSCALL_READ_X);
	assert_int_equal(c.ev[1].nparams, 2);
	assert_int_equal(int_param(&c.ev[1], 0), 5);
	assert_int_equal(c.ev[1].lens[1], 5);
	assert_memory_equal(c.ev[1].params[1], "hello", 5);
	assert_int_equal(c.ev[1].hdr->ts, TS);
	strbuf_free(&c.out);
}

static void test_dup2_is_written_as_dup(void **state)
{
	struct ev b;
	struct conv c;
	convert(&c, MK(&b, PPME_SYSCALL_DUP2_X, 7, PI("res", 10), PI("oldfd", 4), PI("newfd", 10)));
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ev[0].hdr->type, PPME_SYSCALL_DUP_E);
	assert_int_equal(int_param(&c.ev[0], 0), 4); /* fd: the one duplicated */
	assert_int_equal(c.ev[1].hdr->type, PPME_SYSCALL_DUP_X);
	assert_int_equal(c.ev[1].nparams, 1);
	assert_int_equal(int_param(&c.ev[1], 0), 10);
	strbuf_free(&c.out);
}

static void test_newer_events_become_generic(void **state)
{
	struct ev b;
	struct conv c;
	int nr = syscall_by_name("chown");
	assert_true(nr >= 0);
	convert(&c, MK(&b, PPME_SYSCALL_CHOWN_X, 7, PI("res", 0), PS("path", "/tmp/x"), PI("uid", 1), PI("gid", 1)));
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ev[0].hdr->type, PPME_GENERIC_E);
	assert_int_equal(c.ev[0].nparams, 2);
	assert_int_equal(int_param(&c.ev[0], 0), syscall_table[nr].ppm_sc);
	assert_int_equal(int_param(&c.ev[0], 1), nr);
	assert_int_equal(c.ev[1].hdr->type, PPME_GENERIC_X);
	assert_int_equal(c.ev[1].nparams, 1);
	assert_int_equal(int_param(&c.ev[1], 0), syscall_table[nr].ppm_sc);
	strbuf_free(&c.out);
}

static void test_syscall_codes_it_lacks_are_unknown(void **state)
{
	struct ev b;
	struct conv c;
	/* rseq's ppm_sc (380) is past 0.29.3's table, which it would overrun */
	convert(&c, MK(&b, PPME_GENERIC_X, 7, PI("ID", 380), PI("nativeID", 334)));
	assert_int_equal(c.n, 2);
	assert_int_equal(int_param(&c.ev[0], 0), 0);
	assert_int_equal(int_param(&c.ev[1], 0), 0);
	/* one it has stays */
	strbuf_free(&c.out);
	convert(&c, MK(&b, PPME_GENERIC_X, 7, PI("ID", 107), PI("nativeID", 13)));
	assert_int_equal(int_param(&c.ev[0], 0), 107);
	assert_int_equal(int_param(&c.ev[0], 1), 13);
	strbuf_free(&c.out);
}

static void test_enter_only_events_are_cut_to_its_list(void **state)
{
	struct ev b;
	struct conv c;
	convert(&c, MK(&b, PPME_PROCEXIT_1_E, 7, PI("status", 0), PI("ret", 0), PI("sig", 0), PI("core", 0)));
	assert_int_equal(c.n, 1);
	assert_int_equal(c.ev[0].hdr->type, PPME_PROCEXIT_1_E);
	assert_int_equal(c.ev[0].nparams, 4);
	strbuf_free(&c.out);
}

/* An execve whose arguments and environment exceed the 64 KiB block limit:
 * the largest buffers lose their tails until the event fits. */
static void test_big_events_fit_a_block(void **state)
{
	const struct event_info *info = &event_table[PPME_SYSCALL_EXECVE_19_X];
	size_t cap = 200000, pos = WTF_EVT_HDR_SIZE + 2 * info->nparams;
	uint8_t *buf = calloc(1, cap);
	struct wtf_evt_hdr h = { .ts = TS, .tid = 9, .type = PPME_SYSCALL_EXECVE_19_X, .nparams = info->nparams };
	struct evt e;
	struct conv c;

	assert_non_null(buf);
	for (int i = 0; i < info->nparams; i++) {
		uint16_t len = 0;
		if (!strcmp(info->params[i].name, "args") || !strcmp(info->params[i].name, "env")) {
			len = 60000;
			memset(buf + pos, 'a', len);
		} else if (!strcmp(info->params[i].name, "exe")) {
			len = 4;
			memcpy(buf + pos, "/sh", 4);
		}
		memcpy(buf + WTF_EVT_HDR_SIZE + 2 * i, &len, 2);
		pos += len;
	}
	h.len = (uint32_t)pos;
	memcpy(buf, &h, WTF_EVT_HDR_SIZE);
	assert_int_equal(evt_decode(&e, (const struct wtf_evt_hdr *)buf, pos), 0);
	e.latency = 0;
	e.cpu = 0;
	convert(&c, &e);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ev[1].nparams, scap_legacy_nparams(PPME_SYSCALL_EXECVE_19_X));
	assert_true(c.ev[1].hdr->len <= SCAP_LEGACY_MAX_EVENT);
	assert_string_equal(evt_param_str(&c.ev[1], 1), "/sh");
	assert_true(c.ev[1].lens[2] > 0); /* args kept what fitted */
	strbuf_free(&c.out);
	free(buf);
}

/* Every event the probe emits converts to events 0.29.3 has, each with the
 * parameter count it knows. */
static void test_every_emitted_event_converts(void **state)
{
	for (uint32_t nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		struct ev b;
		struct conv c;
		uint16_t t = syscall_table[nr].exit_event;
		if (!syscall_table[nr].name)
			continue;
		convert(&c, t == PPME_GENERIC_X ? MK(&b, t, 1, PI("ID", syscall_table[nr].ppm_sc), PI("nativeID", nr))
						: MK(&b, t, 1, PI("res", 0)));
		assert_int_equal(c.n, 2);
		for (int i = 0; i < 2; i++) {
			uint16_t ty = c.ev[i].hdr->type;
			assert_true(ty < SCAP_LEGACY_EVENT_MAX);
			assert_int_equal(PPME_IS_EXIT(ty), i);
			assert_int_equal(c.ev[i].nparams, scap_legacy_nparams(ty));
		}
		strbuf_free(&c.out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_becomes_an_enter_exit_pair),
		cmocka_unit_test(test_dup2_is_written_as_dup),
		cmocka_unit_test(test_newer_events_become_generic),
		cmocka_unit_test(test_syscall_codes_it_lacks_are_unknown),
		cmocka_unit_test(test_enter_only_events_are_cut_to_its_list),
		cmocka_unit_test(test_big_events_fit_a_block),
		cmocka_unit_test(test_every_emitted_event_converts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
