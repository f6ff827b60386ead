/* fuzz_filter.c: libFuzzer target for the filter compiler. Any input is
 * compiled (as a NUL-terminated copy) against a small table of macros and
 * lists like a rule file's; what compiles is evaluated on a few events built
 * in the scap layout over a small state, then everything is freed. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"
#include "state/state.h"

/* evt_builder.h is written for cmocka tests */
#define assert_int_equal(a, b) do { if ((a) != (b)) abort(); } while (0)
#define TS 1470327477881730713ULL
#include "../unit/evt_builder.h"

static struct state *st;
static struct ev bufs[4];
static struct evt *evs[4];

static const char *macro(void *ctx, const char *name)
{
	static const char *const m[][2] = {
		{ "spawned_process", "evt.type=execve and evt.dir='<'" },
		{ "open_read", "evt.type in (open, openat) and fd.typechar='f'" },
		{ "container", "container.id != host" },
		{ "shell", "proc.name in (shell_binaries)" },
		{ "nested", "shell and not container" },
		{ "loop", "loop or proc.name=x" },
		{ "twice", "nested or nested" },
		{ "broken", "proc.name=" },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(name, m[i][0]))
			return m[i][1];
	return NULL;
}

static const char *const *list(void *ctx, const char *name)
{
	static const char *const shells[] = { "bash", "sh", "zsh", NULL };
	static const char *const nets[] = { "10.0.0.0/8", "127.0.0.1", "::1", NULL };
	static const char *const empty[] = { NULL };
	if (!strcmp(name, "shell_binaries"))
		return shells;
	if (!strcmp(name, "private_nets"))
		return nets;
	if (!strcmp(name, "empty_list"))
		return empty;
	return NULL;
}

static void setup(void)
{
	struct state_opts o = { .offline = true };
	static const uint8_t tuple[] = { PPM_AF_INET, 127, 0, 0, 1, 0x40, 0x9c, 10, 1, 2, 3, 0x90, 0x1f };
	struct thread *init, *bash, *cat;
	struct fd_info *fd;

	st = state_new(&o);
	if (!st)
		abort();
	init = state_thread_add(st, 1);
	strcpy(init->comm, "sshd");
	bash = state_thread_add(st, 100);
	strcpy(bash->comm, "bash");
	bash->ptid = 1;
	cat = state_thread_add(st, 200);
	strcpy(cat->comm, "cat");
	cat->ptid = 100;
	state_set_str(&cat->exepath, "/usr/bin/cat", 12);
	fd = state_fd_add(st, cat, 3);
	fd->type = FDT_FILE;
	fd_set_name(fd, "/etc/passwd", 11);
	fd = state_fd_add(st, cat, 4);
	fd->type = FDT_IPV4_SOCK;
	fd->tuple.family = PPM_AF_INET;
	fd->tuple.l4proto = 6;
	memcpy(fd->tuple.cip, "\x7f\0\0\x01", 4);
	memcpy(fd->tuple.sip, "\x0a\x01\x02\x03", 4);
	fd->tuple.cport = 40000;
	fd->tuple.sport = 8080;
	fd->role = FD_ROLE_CLIENT;

	evs[0] = on(MK(&bufs[0], PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", 3), PI("dirfd", -100),
		       PS("name", "/etc/passwd"), PI("flags", PPM_O_RDONLY | PPM_O_CREAT)), cat, 3);
	evs[1] = on(MK(&bufs[1], PPME_SYSCALL_READ_X, 200, PI("res", 5), PB("data", "ro\0t:", 5),
		       PI("fd", 3), PI("size", 64)), cat, 3);
	evs[2] = on(MK(&bufs[2], PPME_SOCKET_CONNECT_X, 200, PI("res", -111),
		       PB("tuple", tuple, sizeof(tuple)), PI("fd", 4)), cat, 4);
	evs[3] = on(MK(&bufs[3], PPME_GENERIC_X, 100, PI("ID", 41), PI("nativeID", 110)), bash, -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct filter_defs defs = { macro, list, NULL };
	struct strbuf scratch = STRBUF_INIT;
	char *text, *cause = NULL;
	struct filter *f;

	if (!st)
		setup();
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	f = filter_compile(text, &defs, &cause);
	if (f) {
		bool types[PPM_EVENT_MAX];
		for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
			struct field_ctx c = { .e = evs[i], .st = st };
			filter_match(f, &c, &scratch);
			strbuf_reset(&scratch);
		}
		filter_event_types(f, types);
		filter_may_match_name(f, "openat");
		if (!filter_text(f))
			abort();
		filter_free(f);
	} else if (!cause) {
		abort(); /* an error always says why */
	}
	free(cause);
	free(text);
	strbuf_free(&scratch);
	return 0;
}
