/* test_filter.c: the filter language against events built in the scap layout
 * and a small state (bash -> cat with a file and a socket open): operators,
 * precedence, quoting, lists, ancestors, numbers, CIDRs, errno and flag
 * names, macros and lists from a caller, the event types a filter can match,
 * and each class of error with its column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"
#include "state/state.h"

#define TS 1470327477881730713ULL
#include "evt_builder.h"

static struct state *st;
static struct thread *bash, *cat;
static struct ev b_open, b_read, b_fail, b_connect, b_generic;
static struct evt *e_open, *e_read, *e_fail, *e_connect, *e_generic;

static void set(char **dst, const char *s)
{
	*dst = strdup(s);
}

static int setup(void **unused)
{
	struct state_opts o = { .offline = true };
	struct fd_info *fd;
	static const uint8_t tuple[] = { PPM_AF_INET, 127, 0, 0, 1, 0x40, 0x9c, 10, 1, 2, 3, 0x90, 0x1f };

	st = state_new(&o);
	assert_non_null(st);
	struct thread *init = state_thread_add(st, 1);
	strcpy(init->comm, "sshd");
	bash = state_thread_add(st, 100);
	strcpy(bash->comm, "bash");
	bash->ptid = 1;
	set(&bash->exepath, "/usr/bin/bash");
	cat = state_thread_add(st, 200);
	strcpy(cat->comm, "cat");
	cat->ptid = 100;
	cat->euid = 1000;
	set(&cat->exe, "cat");
	set(&cat->exepath, "/usr/bin/cat");
	set(&cat->cwd, "/home/alice/");
	fd = state_fd_add(st, cat, 3);
	fd->type = FDT_FILE;
	fd->flags = PPM_O_RDONLY | PPM_O_CLOEXEC;
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
	fd_set_name(fd, "127.0.0.1:40000->10.1.2.3:8080", 30);

	e_open = on(MK(&b_open, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", 3), PI("dirfd", -100),
		       PS("name", "/etc/passwd"), PI("flags", PPM_O_RDONLY | PPM_O_CLOEXEC | PPM_O_CREAT),
		       PI("mode", 0), PI("dev", 0), PI("ino", 0)), cat, 3);
	e_read = on(MK(&b_read, PPME_SYSCALL_READ_X, 200, PI("res", 5), PB("data", "ro\0t:", 5),
		       PI("fd", 3), PI("size", 64)), cat, 3);
	e_fail = on(MK(&b_fail, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", -2), PI("dirfd", -100),
		       PS("name", "/nope"), PI("flags", PPM_O_RDONLY), PI("mode", 0), PI("dev", 0),
		       PI("ino", 0)), cat, -1);
	e_connect = on(MK(&b_connect, PPME_SOCKET_CONNECT_X, 200, PI("res", 0),
			  PB("tuple", tuple, sizeof(tuple)), PI("fd", 4)), cat, 4);
	e_generic = on(MK(&b_generic, PPME_GENERIC_X, 100, PI("ID", 41), PI("nativeID", 110)), bash, -1);
	return 0;
}

static int teardown(void **unused)
{
	state_free(st);
	return 0;
}

static int match(const char *text, struct evt *e, const struct filter_defs *defs)
{
	struct field_ctx c = { .e = e, .st = st };
	struct strbuf scratch = STRBUF_INIT;
	char *cause = NULL;
	struct filter *f = filter_compile(text, defs, &cause);
	int r;

	if (!f)
		fail_msg("'%s' did not compile: %s", text, cause);
	r = filter_match(f, &c, &scratch);
	filter_free(f);
	strbuf_free(&scratch);
	return r;
}

struct case_ {
	const char *filter;
	struct evt **e;
	int want;
};

static void test_table(void **unused)
{
	const struct case_ cases[] = {
		/* comparisons on strings */
		{ "proc.name=cat", &e_open, 1 },
		{ "proc.name==cat", &e_open, 1 },
		{ "proc.name = cat", &e_open, 1 },
		{ "proc.name!=cat", &e_open, 0 },
		{ "proc.name=bash", &e_open, 0 },
		{ "proc.name contains at", &e_open, 1 },
		{ "proc.name icontains AT", &e_open, 1 },
		{ "proc.name startswith ca", &e_open, 1 },
		{ "proc.name endswith at", &e_open, 1 },
		{ "proc.name endswith ca", &e_open, 0 },
		{ "fd.name glob '/etc/*'", &e_open, 1 },
		{ "fd.name glob '/usr/*'", &e_open, 0 },
		{ "fd.name iglob '/ETC/PASS*'", &e_open, 1 },
		{ "fd.name regex '^/etc/p.*d$'", &e_open, 1 },
		{ "fd.name regex '^/usr'", &e_open, 0 },
		{ "fd.name pmatch (/etc, /usr)", &e_open, 1 },
		{ "fd.name pmatch (/et)", &e_open, 0 },
		{ "fd.directory = /etc", &e_open, 1 },
		{ "proc.name < dog", &e_open, 1 },
		{ "proc.name > dog", &e_open, 0 },
		{ "proc.name exists", &e_open, 1 },
		{ "evt.arg.data bcontains 743a", &e_read, 0 }, /* bcontains on the text, not hex */
		{ "evt.buffer contains t:", &e_read, 1 },
		/* quoting */
		{ "proc.name='cat'", &e_open, 1 },
		{ "proc.name=\"cat\"", &e_open, 1 },
		{ "fd.name=\"/etc/passwd\"", &e_open, 1 },
		{ "proc.name='c\\x61t'", &e_open, 1 },
		/* lists */
		{ "proc.name in (bash, cat)", &e_open, 1 },
		{ "proc.name in ('bash', \"cat\")", &e_open, 1 },
		{ "proc.name in (bash, sh)", &e_open, 0 },
		{ "not proc.name in (bash, sh)", &e_open, 1 },
		{ "proc.name intersects (cat)", &e_open, 1 },
		/* boolean logic and precedence */
		{ "proc.name=bash or proc.name=cat and fd.num=3", &e_open, 1 },
		{ "(proc.name=bash or proc.name=cat) and fd.num=4", &e_open, 0 },
		{ "proc.name=bash or proc.name=sh and fd.num=3", &e_open, 0 },
		{ "not proc.name=bash", &e_open, 1 },
		{ "not(proc.name=cat)", &e_open, 0 },
		{ "not not proc.name=cat", &e_open, 1 },
		{ "((proc.name=cat))", &e_open, 1 },
		{ "", &e_open, 1 },
		/* numbers */
		{ "fd.num=3", &e_open, 1 },
		{ "fd.num=0x3", &e_open, 1 },
		{ "fd.num>2", &e_open, 1 },
		{ "fd.num>=4", &e_open, 0 },
		{ "fd.num<=3", &e_open, 1 },
		{ "fd.num in (1, 2, 3)", &e_open, 1 },
		{ "proc.pid=200", &e_open, 1 },
		{ "user.uid=1000", &e_open, 1 },
		{ "evt.rawres=-2", &e_fail, 1 },
		{ "evt.rawres<0", &e_fail, 1 },
		{ "evt.rawres>=0", &e_open, 1 },
		/* errno names and results */
		{ "evt.rawres=ENOENT", &e_fail, 1 },
		{ "evt.rawres=EPERM", &e_fail, 0 },
		{ "evt.res=ENOENT", &e_fail, 1 },
		{ "evt.res=SUCCESS", &e_open, 1 },
		{ "evt.failed=true", &e_fail, 1 },
		{ "evt.failed=false", &e_fail, 0 },
		{ "evt.failed=false", &e_open, 1 },
		/* flags */
		{ "evt.arg.flags contains O_CREAT", &e_open, 1 },
		{ "evt.arg.flags contains O_CREAT", &e_fail, 0 },
		{ "evt.rawarg.flags contains O_CLOEXEC", &e_open, 1 },
		/* event types */
		{ "evt.type=openat", &e_open, 1 },
		{ "evt.type=open", &e_open, 0 },
		{ "evt.type in (open, openat)", &e_open, 1 },
		{ "evt.type!=read", &e_open, 1 },
		{ "evt.type=getppid", &e_generic, 1 },
		{ "evt.type=read", &e_read, 1 },
		{ "evt.dir='<'", &e_open, 1 },
		/* ancestors */
		{ "proc.pname=bash", &e_open, 1 },
		{ "proc.aname[1]=bash", &e_open, 1 },
		{ "proc.aname[2]=sshd", &e_open, 1 },
		{ "proc.aname[2]=bash", &e_open, 0 },
		{ "proc.aname=sshd", &e_open, 1 },
		{ "proc.aname=bash", &e_open, 1 },
		{ "proc.aname=init", &e_open, 0 },
		{ "proc.apid=1", &e_open, 1 },
		/* addresses, ports, networks */
		{ "fd.sip=10.1.2.3", &e_connect, 1 },
		{ "fd.cip=127.0.0.1", &e_connect, 1 },
		{ "fd.sip=127.0.0.1", &e_connect, 0 },
		{ "fd.sport=8080", &e_connect, 1 },
		{ "fd.cport=40000", &e_connect, 1 },
		{ "fd.sip=10.0.0.0/8", &e_connect, 1 },
		{ "fd.snet=10.0.0.0/8", &e_connect, 1 },
		{ "fd.snet=192.168.0.0/16", &e_connect, 0 },
		{ "fd.cnet=127.0.0.0/8", &e_connect, 1 },
		{ "fd.sip in (10.1.2.3, 10.1.2.4)", &e_connect, 1 },
		{ "fd.ip=10.1.2.3", &e_connect, 1 },
		{ "fd.ip=127.0.0.1", &e_connect, 1 },
		{ "fd.ip=8.8.8.8", &e_connect, 0 },
		{ "fd.port=8080", &e_connect, 1 },
		{ "fd.port=40000", &e_connect, 1 },
		{ "fd.port=22", &e_connect, 0 },
		{ "fd.net=10.1.0.0/16", &e_connect, 1 },
		{ "fd.l4proto=tcp", &e_connect, 1 },
		{ "fd.type=ipv4", &e_connect, 1 },
		{ "fd.typechar=4", &e_connect, 1 },
		{ "fd.type=file", &e_open, 1 },
		/* missing values never match, except with != and not */
		{ "fd.name=/etc/passwd", &e_generic, 0 },
		{ "fd.name!=/etc/passwd", &e_generic, 0 },
		{ "not fd.name=/etc/passwd", &e_generic, 1 },
		{ "fd.name exists", &e_generic, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = match(cases[i].filter, *cases[i].e, NULL);
		if (got != cases[i].want)
			fail_msg("case %zu: '%s' gave %d, wanted %d", i, cases[i].filter, got, cases[i].want);
	}
}

/* ---- macros and lists, as the rule engine supplies them ---- */

static const char *macro(void *ctx, const char *name)
{
	if (!strcmp(name, "spawned_process"))
		return "evt.type=execve and evt.dir='<'";
	if (!strcmp(name, "open_read"))
		return "evt.type in (open, openat) and fd.typechar='f'";
	if (!strcmp(name, "loop"))
		return "loop and proc.name=cat";
	return NULL;
}

static const char *const *list(void *ctx, const char *name)
{
	static const char *const shells[] = { "bash", "sh", "zsh", NULL };
	static const char *const readers[] = { "cat", "less", NULL };
	if (!strcmp(name, "shell_binaries"))
		return shells;
	if (!strcmp(name, "readers"))
		return readers;
	return NULL;
}

static void test_macros_and_lists(void **unused)
{
	struct filter_defs defs = { macro, list, NULL };
	assert_true(match("open_read and proc.name=cat", e_open, &defs));
	assert_false(match("spawned_process", e_open, &defs));
	assert_true(match("not spawned_process", e_open, &defs));
	assert_true(match("proc.name in (readers)", e_open, &defs));
	assert_true(match("proc.name in (shell_binaries, cat)", e_open, &defs));
	assert_false(match("proc.name in (shell_binaries)", e_open, &defs));
	assert_true(match("proc.pname in (shell_binaries)", e_open, &defs));
	char *cause = NULL;
	assert_null(filter_compile("loop", &defs, &cause));
	assert_non_null(strstr(cause, "nest too deep"));
	free(cause);
}

static void test_event_types(void **unused)
{
	char *cause = NULL;
	bool types[PPM_EVENT_MAX];
	struct filter *f = filter_compile("evt.type=openat and proc.name=cat", NULL, &cause);
	assert_non_null(f);
	filter_event_types(f, types);
	assert_true(types[PPME_SYSCALL_OPENAT_2_X]);
	assert_false(types[PPME_SYSCALL_READ_X]);
	assert_true(filter_may_match_name(f, "openat"));
	assert_false(filter_may_match_name(f, "getppid"));
	filter_free(f);
	f = filter_compile("proc.name=cat or evt.type=read", NULL, &cause);
	assert_true(filter_may_match_name(f, "getppid"));
	filter_free(f);
	f = filter_compile("not evt.type=read", NULL, &cause);
	assert_false(filter_may_match_name(f, "read"));
	assert_true(filter_may_match_name(f, "write"));
	filter_free(f);
}

static void compile_error(const char *text, const char *what, size_t column)
{
	char *cause = NULL;
	char col[32];
	struct filter *f = filter_compile(text, NULL, &cause);
	if (f)
		fail_msg("'%s' compiled", text);
	if (!strstr(cause, what))
		fail_msg("'%s': '%s' not in: %s", text, what, cause);
	snprintf(col, sizeof(col), "column %zu:", column);
	if (!strstr(cause, col))
		fail_msg("'%s': '%s' not in: %s", text, col, cause);
	/* the caret sits under that column */
	const char *caret = strrchr(cause, '\n');
	assert_non_null(caret);
	assert_int_equal(strlen(caret + 1) - 2, column);
	free(cause);
}

static void test_errors(void **unused)
{
	compile_error("proc.nmae=cat", "did you mean proc.name", 1);
	compile_error("proc.name=cat and fd.nmae=x", "fd.nmae", 19);
	compile_error("proc.name=cat and", "unexpected end", 18);
	compile_error("proc.name=", "expected a value", 11);
	compile_error("proc.name cat", "expected an operator", 11);
	compile_error("(proc.name=cat", "missing ')'", 15);
	compile_error("proc.name=cat)", "unbalanced ')'", 14);
	compile_error("proc.name='cat", "unterminated string", 11);
	compile_error("fd.num=abc", "not a number", 8);
	compile_error("fd.sip=notanip", "not an IP address", 8);
	compile_error("evt.failed=maybe", "not a boolean", 12);
	compile_error("fd.num glob 3*", "does not apply", 8);
	compile_error("proc.name in (a, b", "unterminated list", 19);
	compile_error("fd.name regex '('", "invalid regular expression", 15);
	compile_error("undefined_macro", "undefined_macro", 1);
}

static void test_limits(void **unused)
{
	char *deep = malloc(20000), *cause = NULL;
	size_t n = 0;
	for (int i = 0; i < 5000; i++)
		deep[n++] = '(';
	strcpy(deep + n, "proc.name=cat");
	assert_null(filter_compile(deep, NULL, &cause));
	assert_non_null(strstr(cause, "nests too deep"));
	free(cause);
	free(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_macros_and_lists),
		cmocka_unit_test(test_event_types),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
