/* test_fields.c: the field registry: parsing references (arguments, errors,
 * suggestions for misspelt names), the -l listing, and the value of each
 * field class on events built here in the scap layout (decoded with
 * evt_decode), with their threads and fds in a state built with the state
 * API: evt (time, type, results, I/O, arguments), process and thread, user,
 * group, container, fd (files and sockets) and fdlist. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event/decode.h"
#include "fields/fields.h"
#include "state/state.h"

#define TS 1470327477881730713ULL /* 2016-08-04 16:17:57.881730713 UTC */

#include "evt_builder.h"

/* ---- the state ----------------------------------------------------------------- */

static struct state *st;
static struct thread *init, *bash, *cat, *cat2;

static void set(char **dst, const char *s, size_t n)
{
	assert_int_equal(state_set_str(dst, s, n), 0);
}

static struct fd_info *add_fd(struct thread *t, int64_t n, enum fd_type type, const char *name)
{
	struct fd_info *fd = state_fd_add(st, t, n);
	assert_non_null(fd);
	fd->type = type;
	assert_int_equal(fd_set_name(fd, name, strlen(name)), 0);
	return fd;
}

static int setup(void **unused)
{
	static const char cgroups[] = "cpu=/user.slice\0memory=/user.slice/mem\0net_cls,net_prio=/n\0";
	struct state_opts o = { .offline = true };
	struct fd_info *fd;

	setenv("TZ", "UTC", 1);
	tzset();
	st = state_new(&o);
	assert_non_null(st);

	init = state_thread_add(st, 1);
	strcpy(init->comm, "systemd");
	init->ptid = 0;
	bash = state_thread_add(st, 100);
	strcpy(bash->comm, "bash");
	bash->ptid = 1;
	bash->sid = 100;
	set(&bash->exe, "-bash", 5);
	set(&bash->exepath, "/usr/bin/bash", 13);
	set(&bash->cwd, "/home/alice/", 12);

	cat = state_thread_add(st, 200);
	strcpy(cat->comm, "cat");
	cat->ptid = 100;
	cat->sid = 100;
	cat->tty = 34816;
	cat->uid = cat->euid = 1000;
	cat->gid = cat->egid = 1000;
	cat->loginuid = 1000;
	cat->start_ts = TS - 1000;
	cat->vmsize_kb = 1234;
	cat->vmrss_kb = 56;
	cat->vmswap_kb = 7;
	cat->pfmajor = 3;
	cat->pfminor = 44;
	cat->cap_effective = (1ULL << 0) | (1ULL << 21);
	cat->cap_permitted = 1ULL << 40;
	set(&cat->exe, "cat", 3);
	set(&cat->exepath, "/usr/bin/cat", 12);
	set(&cat->args, "/etc/passwd\0", 12);
	cat->args_len = 12;
	set(&cat->cwd, "/home/alice/", 12);
	set(&cat->cgroups, cgroups, sizeof(cgroups) - 1);
	cat->cgroups_len = sizeof(cgroups) - 1;

	cat2 = state_thread_add(st, 201);
	strcpy(cat2->comm, "cat");
	cat2->pid = 200;
	cat2->ptid = 100;
	cat2->euid = 1000;
	cat2->loginuid = UINT32_MAX;
	state_share_fds(st, cat2, cat);
	cat->group_threads = 1; /* as the state counts a process's other threads (cat2) */

	fd = add_fd(cat, 3, FDT_FILE, "/etc/passwd");
	fd->dev = (8 << 8) | 1; /* 8:1 */
	fd->ino = 4242;
	fd = add_fd(cat, 4, FDT_IPV4_SOCK, "127.0.0.1:40000->127.0.0.1:8080");
	fd->tuple.family = PPM_AF_INET;
	fd->tuple.l4proto = 6;
	memcpy(fd->tuple.cip, "\x7f\0\0\x01", 4);
	memcpy(fd->tuple.sip, "\x7f\0\0\x01", 4);
	fd->tuple.cport = 40000;
	fd->tuple.sport = 8080;
	fd->role = FD_ROLE_CLIENT;
	add_fd(cat, 5, FDT_DIRECTORY, "/etc");
	fd = add_fd(cat, 6, FDT_IPV6_SOCK, "::1:5000->::2:443");
	fd->tuple.family = PPM_AF_INET6;
	fd->tuple.l4proto = 17;
	fd->tuple.cip[15] = 1;
	fd->tuple.sip[15] = 2;
	fd->tuple.cport = 5000;
	fd->tuple.sport = 443;
	fd->role = FD_ROLE_SERVER;
	add_fd(cat, 8, FDT_PIPE, "pipe:[1234]");

	assert_int_equal(state_add_user(st, 1000, 1000, "alice", "/home/alice", "/bin/bash"), 0);
	assert_int_equal(state_add_group(st, 1000, "staff"), 0);
	return 0;
}

static int teardown(void **unused)
{
	state_free(st);
	return 0;
}

/* ---- reading fields ------------------------------------------------------------- */

static struct field_ctx ctx; /* .e set per call; the rest per test */
static struct strbuf out, scratch;

/* The field as -p prints it, "<NA>" when absent. */
static const char *fld(const char *name, struct evt *e)
{
	struct field_ref ref;
	char *cause = NULL;
	int n = field_parse(name, &ref, &cause);

	if (n < 0)
		fail_msg("%s: %s", name, cause);
	assert_int_equal(n, (int)strlen(name));
	ctx.e = e;
	ctx.st = st;
	strbuf_reset(&out);
	strbuf_reset(&scratch);
	assert_true(field_render(&ctx, &ref, &out, &scratch) >= 0);
	field_ref_done(&ref);
	return out.buf;
}

/* The field's value (kind and value checked by the caller). */
static int val(const char *name, struct evt *e, struct field_value *v)
{
	struct field_ref ref;
	char *cause = NULL;
	int r;

	if (field_parse(name, &ref, &cause) < 0)
		fail_msg("%s: %s", name, cause);
	ctx.e = e;
	ctx.st = st;
	strbuf_reset(&scratch);
	r = field_get(&ctx, &ref, v, &scratch);
	field_ref_done(&ref);
	return r;
}

#define FLD(name, e, want) assert_string_equal(fld((name), (e)), (want))

/* ---- parsing ---------------------------------------------------------------------- */

static void parse_ok(const char *text, int used, const char *def, const char *arg, int64_t index)
{
	struct field_ref ref;
	char *cause = NULL;
	int n = field_parse(text, &ref, &cause);

	if (n < 0)
		fail_msg("%s: %s", text, cause);
	assert_int_equal(n, used);
	assert_string_equal(ref.def->name, def);
	if (arg)
		assert_string_equal(ref.arg, arg);
	else
		assert_null(ref.arg);
	assert_int_equal(ref.arg_index, index);
	field_ref_done(&ref);
}

static void parse_err(const char *text, int err, const char *msg)
{
	struct field_ref ref;
	char *cause = NULL;

	assert_int_equal(field_parse(text, &ref, &cause), err);
	assert_non_null(cause);
	assert_string_equal(cause, msg);
	free(cause);
}

static void test_parse(void **unused)
{
	parse_ok("proc.name", 9, "proc.name", NULL, -1);
	parse_ok("proc.name)", 9, "proc.name", NULL, -1);
	parse_ok("fd.name. rest", 7, "fd.name", NULL, -1);
	parse_ok("proc.aname[2] = sshd", 13, "proc.aname", "2", 2);
	parse_ok("proc.aname=bash", 10, "proc.aname", NULL, -1);
	parse_ok("evt.arg.fd contains 3", 10, "evt.arg", "fd", -1);
	parse_ok("evt.arg[1]", 10, "evt.arg", "1", 1);
	parse_ok("evt.type.is.open", 16, "evt.type.is", "open", -1);
	parse_ok("evt.type.is.3", 13, "evt.type.is", "3", 3);
	parse_ok("evt.type=open", 8, "evt.type", NULL, -1);
	parse_ok("thread.cgroup.cpuacct", 21, "thread.cgroup", "cpuacct", -1);
	parse_ok("thread.cgroup[memory]", 21, "thread.cgroup", "memory", -1);
	parse_ok("thread.cgroups", 14, "thread.cgroups", NULL, -1);
	parse_ok("evt.abspath.dst", 15, "evt.abspath", "dst", -1);
	parse_ok("evt.abspath", 11, "evt.abspath", NULL, -1);
	parse_ok("evt.buflen.net.in", 17, "evt.buflen.net.in", NULL, -1);
	parse_ok("syscall.type", 12, "syscall.type", NULL, -1);

	parse_err("proc.nmae", -ENOENT, "unknown field 'proc.nmae' (did you mean proc.name?)");
	parse_err("evt.tpye = open", -ENOENT, "unknown field 'evt.tpye' (did you mean evt.type?)");
	parse_err("fd.nmae.", -ENOENT, "unknown field 'fd.nmae' (did you mean fd.name?)");
	parse_err("proc.cmdlin", -ENOENT, "unknown field 'proc.cmdlin' (did you mean proc.cmdline?)");
	parse_err("zzzz.yyyy", -ENOENT, "unknown field 'zzzz.yyyy'");
	parse_err("1abc", -EINVAL, "expected a field name");
	parse_err("=x", -EINVAL, "expected a field name");
	parse_err("evt.arg", -EINVAL, "evt.arg needs an argument name or number, as in evt.arg.fd or evt.arg[0]");
	parse_err("evt.arg.nosuch", -EINVAL, "unknown event argument 'nosuch'");
	parse_err("evt.rawarg[0]", -EINVAL, "evt.rawarg needs an argument name, as in evt.rawarg.fd");
	parse_err("proc.aname[2", -EINVAL, "missing ']' after 'proc.aname['");
	parse_err("proc.aname[]", -EINVAL, "empty [] after proc.aname");
	parse_err("proc.apid[one]", -EINVAL, "proc.apid takes a generation number, as in proc.apid[1]");
	parse_err("evt.type.is.nosuch", -EINVAL, "unknown event type 'nosuch'");
	parse_err("evt.type.is", -EINVAL, "evt.type.is needs an event type, as in evt.type.is.open");
	parse_err("evt.abspath.up", -EINVAL, "evt.abspath takes .src or .dst, not 'up'");
}

static void test_rawarg_typed(void **unused)
{
	struct field_ref ref;
	char *cause = NULL;

	assert_int_equal(field_parse("evt.rawarg.flags", &ref, &cause), 16);
	assert_non_null(ref.owned_def);
	assert_ptr_equal(ref.def, ref.owned_def);
	assert_int_equal(ref.def->kind, FK_UINT);
	assert_string_equal(ref.def->type_name, "FLAGS32");
	assert_ptr_equal(ref.def->value_names, file_flags);
	field_ref_done(&ref);
	assert_null(ref.owned_def);

	assert_int_equal(field_parse("evt.rawarg.res", &ref, &cause), 14);
	assert_int_equal(ref.def->kind, FK_INT);
	assert_ptr_equal(ref.def->value_names, errno_names);
	field_ref_done(&ref);
	assert_int_equal(field_parse("evt.rawarg.name", &ref, &cause), 15);
	assert_int_equal(ref.def->kind, FK_STRING);
	field_ref_done(&ref);
	assert_int_equal(field_parse("evt.rawarg.data", &ref, &cause), 15);
	assert_int_equal(ref.def->kind, FK_BYTES);
	field_ref_done(&ref);
}

static void test_registry(void **unused)
{
	size_t n = 0;

	for (const struct field_class *const *c = field_classes; *c; c++) {
		assert_non_null((*c)->name);
		assert_non_null((*c)->desc);
		for (size_t i = 0; i < (*c)->nfields; i++) {
			const struct field_def *d = &(*c)->fields[i];
			size_t l = strlen(d->desc);
			assert_non_null(d->get);
			assert_non_null(d->type_name);
			assert_true(l > 0 && d->desc[l - 1] == '.');
			assert_ptr_equal(field_lookup(d->name, strlen(d->name)), d); /* names are unique */
			assert_true(d->kind != FK_NONE || !strcmp(d->name, "evt.rawarg"));
			n++;
		}
	}
	assert_true(n >= 150);
	assert_string_equal(field_suggest("thread.tdi", 10), "thread.tid");
	assert_null(field_suggest("qqqqqqqqqqqq", 12));
}

static void test_list(void **unused)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fields_print_list(f, false);
	fclose(f);
	{
		static const char head[] = "-------------------------------\n"
					   "Field Class:                  evt (All event types)\n"
					   "Description:                  ";
		assert_true(!strncmp(buf, head, strlen(head)));
	}
	assert_non_null(strstr(buf, "\nproc.name                     name of the executable"));
	assert_non_null(strstr(buf, "\nfd.ip                         (FILTER ONLY) matches"));
	assert_non_null(strstr(buf, "\nproc.is_container_liveness_probe\n                              'true'"));
	assert_null(strstr(buf, "evt.buflen.in"));   /* table only */
	assert_null(strstr(buf, "evt.outputtime")); /* hidden */
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		assert_true(strlen(line) <= 120);
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	fields_print_list(f, true);
	fclose(f);
	assert_non_null(strstr(buf, "\nevt.num                       (Type: UINT64) sequence number"));
	assert_non_null(strstr(buf, "\nfd.port                       (Type: PORT) (FILTER ONLY) matches"));
	free(buf);
}

/* ---- evt ----------------------------------------------------------------------- */

static struct evt *openat_evt(struct ev *b, const char *name, int64_t fd, uint32_t flags)
{
	return on(MK(b, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", fd), PI("dirfd", PPM_AT_FDCWD),
		     PS("name", name), PI("flags", flags), PI("mode", 0755), PI("dev", 0x801), PI("ino", 4242)),
		  cat, fd >= 0 ? fd : -1);
}

static void test_evt_time(void **unused)
{
	struct ev b;
	struct evt *e = openat_evt(&b, "/etc/passwd", 3, PPM_O_RDONLY);

	memset(&ctx, 0, sizeof(ctx));
	ctx.first_ts = TS - 1500000000ULL;
	ctx.prev_ts = TS - 2000;
	e->latency = 3120;
	FLD("evt.num", e, "7");
	FLD("evt.time", e, "16:17:57.881730713");
	FLD("evt.time.s", e, "16:17:57");
	FLD("evt.time.iso8601", e, "2016-08-04T16:17:57.881730713+0000");
	FLD("evt.datetime", e, "2016-08-04 16:17:57.881730713");
	FLD("evt.datetime.s", e, "2016-08-04 16:17:57");
	FLD("evt.rawtime", e, "1470327477881730713");
	FLD("evt.rawtime.s", e, "1470327477");
	FLD("evt.rawtime.ns", e, "881730713");
	FLD("evt.reltime", e, "1500000000");
	FLD("evt.reltime.s", e, "1");
	FLD("evt.reltime.ns", e, "500000000");
	FLD("evt.deltatime", e, "2000");
	FLD("evt.deltatime.s", e, "0");
	FLD("evt.deltatime.ns", e, "000002000");
	FLD("evt.latency", e, "3120");
	FLD("evt.latency.s", e, "0");
	FLD("evt.latency.ns", e, "000003120");
	FLD("evt.outputtime", e, "16:17:57.881730713");
	ctx.timetype = 'a';
	FLD("evt.outputtime", e, "1470327477.881730713");
	ctx.timetype = 'r';
	FLD("evt.outputtime", e, "1.500000000");
	ctx.timetype = 'd';
	FLD("evt.outputtime", e, "0.000003120");
	ctx.timetype = 'D';
	FLD("evt.outputtime", e, "0.000002000");
	ctx.timetype = 0;

	/* sysdig's steps for a readable duration */
	static const struct {
		uint64_t ns;
		const char *want;
	} human[] = {
		{ 0, "0ns" }, { 653, "653ns" }, { 3120, "3.12us" }, { 45000, "45us" },
		{ 1500000, "1.50ms" }, { 25000000, "25ms" }, { 2500000000ULL, "2.50s" },
	};
	for (size_t i = 0; i < sizeof(human) / sizeof(human[0]); i++) {
		e->latency = human[i].ns;
		FLD("evt.latency.human", e, human[i].want);
	}
	/* without a first timestamp, the relative time is 0 */
	ctx.first_ts = ctx.prev_ts = 0;
	FLD("evt.reltime", e, "000000000");
	FLD("evt.deltatime", e, "0");
}

static void test_evt_openat(void **unused)
{
	struct ev b;
	struct evt *e = openat_evt(&b, "/etc/passwd", 3, PPM_O_RDONLY | PPM_O_CLOEXEC);
	struct field_value v;

	memset(&ctx, 0, sizeof(ctx));
	FLD("evt.type", e, "openat");
	FLD("evt.dir", e, "<");
	FLD("evt.type.is.openat", e, "1");
	FLD("evt.type.is.read", e, "0");
	FLD("evt.type.is.103", e, "0");
	FLD("evt.type.is.307", e, "1"); /* the code of the openat exit event */
	FLD("syscall.type", e, "openat");
	FLD("evt.category", e, "file");
	FLD("evt.cpu", e, "2");
	FLD("evt.res", e, "SUCCESS");
	FLD("evt.rawres", e, "3");
	FLD("evt.failed", e, "false");
	FLD("evt.is_open_read", e, "true");
	FLD("evt.is_open_write", e, "false");
	FLD("evt.is_open_exec", e, "false");
	FLD("evt.is_io", e, "false");
	FLD("evt.io_dir", e, "<NA>");
	FLD("evt.is_wait", e, "false");
	FLD("evt.arg.flags", e, "O_RDONLY|O_CLOEXEC");
	FLD("evt.arg.fd", e, "<f>/etc/passwd");
	FLD("evt.arg[2]", e, "/etc/passwd");
	FLD("evt.arg[1]", e, "AT_FDCWD");
	FLD("evt.arg[40]", e, "<NA>");
	FLD("evt.arg.size", e, "<NA>");
	FLD("evt.rawarg.flags", e, "4097");
	FLD("evt.rawarg.fd", e, "3");
	FLD("evt.rawarg.name", e, "/etc/passwd");
	FLD("evt.rawarg.mode", e, "493");
	assert_int_equal(val("evt.rawarg.flags", e, &v), 1);
	assert_int_equal(v.kind, FK_UINT);
	assert_int_equal(v.u, PPM_O_RDONLY | PPM_O_CLOEXEC);
	assert_int_equal(val("evt.rawarg.dirfd", e, &v), 1);
	assert_int_equal(v.kind, FK_INT);
	assert_int_equal(v.i, -100);
	FLD("evt.abspath", e, "/etc/passwd");
	FLD("evt.count", e, "1");
	FLD("evt.count.exit", e, "1");
	FLD("evt.count.error", e, "<NA>");
	FLD("evt.buflen", e, "<NA>");
	FLD("evt.buffer", e, "<NA>");
	assert_non_null(strstr(fld("evt.info", e), "fd=3(<f>/etc/passwd) dirfd=-100(AT_FDCWD)"));
	{
		char *args = strdup(fld("evt.args", e));
		assert_string_equal(args, fld("evt.info", e));
		free(args);
	}

	/* creating a file with execute permission */
	e = openat_evt(&b, "/tmp/x", 3, PPM_O_WRONLY | PPM_O_CREAT);
	FLD("evt.is_open_write", e, "true");
	FLD("evt.is_open_exec", e, "true");
}

static void test_evt_failed_open(void **unused)
{
	struct ev b;
	struct evt *e = openat_evt(&b, "missing", -2, PPM_O_RDONLY);

	memset(&ctx, 0, sizeof(ctx));
	FLD("evt.res", e, "ENOENT");
	FLD("evt.rawres", e, "-2");
	FLD("evt.failed", e, "true");
	FLD("evt.count.error", e, "1");
	FLD("evt.count.error.file", e, "1");
	FLD("evt.count.error.net", e, "<NA>");
	FLD("evt.count.error.other", e, "<NA>");
	FLD("evt.arg.fd", e, "ENOENT");
	FLD("evt.arg.name", e, "/home/alice/missing");
	FLD("evt.abspath", e, "/home/alice/missing");
	/* no fd: its name comes from the call */
	FLD("fd.num", e, "-1");
	FLD("fd.name", e, "/home/alice/missing");
	FLD("fd.typechar", e, "f");
	FLD("fd.type", e, "<NA>");
	FLD("fd.directory", e, "/home/alice");
	FLD("fd.filename", e, "missing");
	FLD("fd.nameraw", e, "missing");

	/* an error number without a name */
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", -4095), PI("fd", 3)), cat, 3);
	FLD("evt.res", e, "-4095");
	FLD("evt.count.error.file", e, "1");
}

static void test_evt_io(void **unused)
{
	static const char data[12] = "hello\nworld\x01";
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 12), PB("data", data, 12),
			      PI("fd", 3), PI("size", 4096)),
			   cat, 3);
	struct field_value v;

	memset(&ctx, 0, sizeof(ctx));
	FLD("evt.category", e, "file");
	FLD("evt.is_io", e, "true");
	FLD("evt.is_io_read", e, "true");
	FLD("evt.is_io_write", e, "false");
	FLD("evt.io_dir", e, "read");
	FLD("evt.buflen", e, "12");
	FLD("evt.buflen.in", e, "12");
	FLD("evt.buflen.out", e, "<NA>");
	FLD("evt.buflen.file", e, "12");
	FLD("evt.buflen.file.in", e, "12");
	FLD("evt.buflen.net", e, "<NA>");
	FLD("evt.buffer", e, "hello.world.");
	FLD("evt.arg.data", e, "hello.world.");
	FLD("evt.is_syslog", e, "false");
	assert_int_equal(val("evt.buffer", e, &v), 1);
	assert_int_equal(v.kind, FK_BYTES);
	assert_int_equal(v.s.len, 12);
	assert_memory_equal(v.s.p, data, 12);
	ctx.output_flags = FIELD_OUT_DATA_HEX;
	FLD("evt.buffer", e, "\n\t0x0000: 6865 6c6c 6f0a 776f 726c 6401\n");
	ctx.output_flags = 0;

	/* the category of I/O follows the fd */
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 5), PI("fd", 4)), cat, 4);
	FLD("evt.category", e, "net");
	FLD("evt.buflen.net", e, "5");
	FLD("evt.buflen.net.in", e, "5");
	FLD("evt.buflen.file", e, "<NA>");
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 5), PI("fd", 8)), cat, 8);
	FLD("evt.category", e, "ipc");
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", -11), PI("fd", 77)), cat, 77);
	FLD("evt.category", e, "unknown");
	FLD("evt.buflen", e, "<NA>");
	FLD("evt.res", e, "EAGAIN");

	/* waits, and events without an fd */
	e = on(MK(&b, PPME_SYSCALL_NANOSLEEP_X, 200, PI("res", 0)), cat, -1);
	e->latency = 1000;
	FLD("evt.is_wait", e, "true");
	FLD("evt.wait_latency", e, "1000");
	FLD("evt.category", e, "sleep");
	e = on(MK(&b, PPME_GENERIC_X, 200, PI("ID", 1), PI("nativeID", 0)), cat, -1);
	FLD("evt.type", e, "read");
	FLD("evt.info", e, "");
	FLD("evt.category", e, "other");
	FLD("evt.wait_latency", e, "<NA>");
}

static void test_evt_abspath(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_RENAMEAT2_X, 200, PI("res", 0), PI("olddirfd", 5),
			      PS("oldpath", "a"), PI("newdirfd", PPM_AT_FDCWD), PS("newpath", "../b"),
			      PI("flags", 0)),
			   cat, -1);

	memset(&ctx, 0, sizeof(ctx));
	FLD("evt.abspath", e, "/etc/a");
	FLD("evt.abspath.src", e, "/etc/a");
	FLD("evt.abspath.dst", e, "/home/b");
	FLD("evt.arg.oldpath", e, "/etc/a");
	assert_string_equal(fld("evt.info", e), "res=0 olddirfd=5(<d>/etc) oldpath=a(/etc/a) "
						 "newdirfd=-100(AT_FDCWD) newpath=../b(/home/b) flags=0 ");
	e = on(MK(&b, PPME_SYSCALL_RENAMEAT2_X, 200, PI("res", 0), PI("olddirfd", 99), PS("oldpath", "a")),
	       cat, -1);
	FLD("evt.abspath", e, "<NA>");
}

/* ---- process, user, group, container ---------------------------------------------- */

static void test_proc(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 3)), cat, 3);

	memset(&ctx, 0, sizeof(ctx));
	FLD("proc.pid", e, "200");
	FLD("proc.name", e, "cat");
	FLD("proc.exe", e, "cat");
	FLD("proc.exepath", e, "/usr/bin/cat");
	FLD("proc.args", e, "/etc/passwd");
	FLD("proc.cmdline", e, "cat /etc/passwd");
	FLD("proc.exeline", e, "cat /etc/passwd");
	FLD("proc.cmdnargs", e, "1");
	FLD("proc.cmdlenargs", e, "11");
	FLD("proc.cwd", e, "/home/alice/");
	FLD("proc.env", e, "<NA>");
	FLD("proc.ppid", e, "100");
	FLD("proc.pname", e, "bash");
	FLD("proc.pcmdline", e, "bash");
	FLD("proc.pexe", e, "-bash");
	FLD("proc.pexepath", e, "/usr/bin/bash");
	FLD("proc.aname", e, "cat");
	FLD("proc.aname[0]", e, "cat");
	FLD("proc.aname[1]", e, "bash");
	FLD("proc.aname[2]", e, "systemd");
	FLD("proc.aname[3]", e, "<NA>");
	FLD("proc.apid[1]", e, "100");
	FLD("proc.apid[2]", e, "1");
	FLD("proc.aexe[1]", e, "-bash");
	FLD("proc.aexepath[1]", e, "/usr/bin/bash");
	FLD("proc.loginshellid", e, "100");
	FLD("proc.sid", e, "100");
	FLD("proc.sname", e, "bash");
	FLD("proc.tty", e, "34816");
	FLD("proc.duration", e, "1000");
	FLD("proc.nthreads", e, "2");
	FLD("proc.nchilds", e, "1");
	FLD("proc.fdopencount", e, "5");
	FLD("proc.fdlimit", e, "<NA>");
	FLD("proc.vmsize", e, "1234");
	FLD("proc.vmrss", e, "56");
	FLD("proc.vmswap", e, "7");
	FLD("proc.vpid", e, "<NA>");
	FLD("proc.vpgid", e, "<NA>");
	FLD("proc.is_exe_writable", e, "false");
	FLD("proc.is_container_healthcheck", e, "false");
	FLD("thread.tid", e, "200");
	FLD("thread.ismain", e, "true");
	FLD("thread.vtid", e, "<NA>");
	FLD("thread.pfmajor", e, "3");
	FLD("thread.pfminor", e, "44");
	FLD("thread.vmsize", e, "1234");
	FLD("thread.vmrss.b", e, "57344");
	FLD("thread.exectime", e, "0");
	FLD("thread.cgroups", e, "cpu=/user.slice memory=/user.slice/mem net_cls,net_prio=/n");
	FLD("thread.cgroup.memory", e, "/user.slice/mem");
	FLD("thread.cgroup.net_prio", e, "/n");
	FLD("thread.cgroup.blkio", e, "<NA>");
	FLD("thread.cap_effective", e, "CAP_CHOWN CAP_SYS_ADMIN");
	FLD("thread.cap_permitted", e, "CAP_CHECKPOINT_RESTORE");
	FLD("thread.cap_inheritable", e, "");
	FLD("thread.nametid", e, "cat200");

	/* the second thread of the process */
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 201, PI("res", 0), PI("fd", 3)), cat2, 3);
	FLD("thread.tid", e, "201");
	FLD("proc.pid", e, "200");
	FLD("thread.ismain", e, "false");
	FLD("proc.vmsize", e, "1234");
	FLD("thread.vmsize", e, "0");
	FLD("proc.cwd", e, "/home/alice/");
	FLD("proc.exe", e, "cat");
	FLD("proc.cmdline", e, "cat /etc/passwd");
	FLD("proc.fdopencount", e, "5");
	FLD("proc.fdusage", e, "<NA>");
	/* the limit is the process's: its main thread's */
	cat->fdlimit = 20;
	FLD("proc.fdlimit", e, "20");
	FLD("proc.fdusage", e, "25.0");
	cat->fdlimit = 0;
	FLD("user.loginuid", e, "-1");
	FLD("user.loginname", e, "<NA>");

	/* a thread nobody knows */
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 999, PI("res", 0)), NULL, -1);
	FLD("proc.name", e, "<NA>");
	FLD("thread.tid", e, "999");
	FLD("user.name", e, "<NA>");
	FLD("container.id", e, "<NA>");
}

static void test_user_group_container(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 3)), cat, 3);

	memset(&ctx, 0, sizeof(ctx));
	FLD("user.uid", e, "1000");
	FLD("user.name", e, "alice");
	FLD("user.homedir", e, "/home/alice");
	FLD("user.shell", e, "/bin/bash");
	FLD("user.loginuid", e, "1000");
	FLD("user.loginname", e, "alice");
	FLD("group.gid", e, "1000");
	FLD("group.name", e, "staff");
	FLD("container.id", e, "host");
	FLD("container.name", e, "host");
	FLD("container.type", e, "host");
	FLD("container.image", e, "<NA>");
	FLD("container.privileged", e, "<NA>");
	FLD("container.info", e, "container_id=host container_name=host");
	FLD("fd.containername", e, ":/etc/passwd");
	FLD("fd.containerdirectory", e, ":/etc");
}

static int fake_container(const struct field_ctx *c, const struct field_ref *ref, const struct thread *t,
			  struct field_value *v, struct strbuf *sb)
{
	if (strcmp(ref->def->name, "container.id"))
		return 0;
	v->kind = FK_STRING;
	v->s.p = "0123456789ab";
	v->s.len = 12;
	return 1;
}

static void test_container_hook(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 3)), cat, 3);
	int marker;

	memset(&ctx, 0, sizeof(ctx));
	cat->container = &marker;
	FLD("container.id", e, "<NA>"); /* no containers layer */
	fields_set_container_getter(fake_container);
	FLD("container.id", e, "0123456789ab");
	FLD("container.name", e, "<NA>");
	FLD("container.info", e, "container_id=0123456789ab container_name=<NA>");
	FLD("fd.containername", e, "0123456789ab:/etc/passwd");
	fields_set_container_getter(NULL);
	cat->container = NULL;
}

/* ---- fd and fdlist --------------------------------------------------------------------- */

static void test_fd_file(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 3)), cat, 3);

	memset(&ctx, 0, sizeof(ctx));
	FLD("fd.num", e, "3");
	FLD("fd.type", e, "file");
	FLD("fd.typechar", e, "f");
	FLD("fd.name", e, "/etc/passwd");
	FLD("fd.directory", e, "/etc");
	FLD("fd.filename", e, "passwd");
	FLD("fd.nameraw", e, "/etc/passwd");
	FLD("fd.uid", e, "2003");
	FLD("fd.dev", e, "801");
	FLD("fd.dev.major", e, "8");
	FLD("fd.dev.minor", e, "1");
	FLD("fd.ino", e, "4242");
	FLD("fd.l4proto", e, "<NA>");
	FLD("fd.sockfamily", e, "<NA>");
	FLD("fd.is_server", e, "false");
	FLD("fd.connected", e, "false");
	FLD("fd.name_changed", e, "false");
	FLD("fd.cip", e, "<NA>");
	FLD("fd.sport", e, "<NA>");

	/* a directory; a pipe; an event without an fd */
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 5)), cat, 5);
	FLD("fd.directory", e, "/etc");
	FLD("fd.filename", e, "<NA>");
	FLD("fd.typechar", e, "d");
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 8)), cat, 8);
	FLD("fd.type", e, "pipe");
	FLD("fd.directory", e, "<NA>");
	/* files at the root, and a name with a byte that is not printable (whose
	 * directory is cut from a sanitised copy, not in place) */
	add_fd(cat, 60, FDT_FILE, "/vmlinuz");
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 60)), cat, 60);
	FLD("fd.directory", e, "/");
	add_fd(cat, 61, FDT_FILE, "/tmp/a\x01b");
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 61)), cat, 61);
	FLD("fd.directory", e, "/tmp");
	e = on(MK(&b, PPME_SYSCALL_KILL_X, 200, PI("res", 0), PI("pid", 1), PI("sig", 15)), cat, -1);
	FLD("fd.num", e, "<NA>");
	FLD("fd.name", e, "<NA>");
	FLD("fd.typechar", e, "<NA>");
	FLD("evt.arg.sig", e, "SIGTERM");
	FLD("evt.arg.pid", e, "systemd");
	/* an open that created an fd */
	e = openat_evt(&b, "/etc/passwd", 3, PPM_O_RDONLY);
	FLD("fd.name_changed", e, "true");
}

static void test_fd_sockets(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SOCKET_CONNECT_X, 200, PI("res", 0), PI("fd", 4)), cat, 4);
	struct field_value v;
	struct field_ref ref;
	char *cause;

	memset(&ctx, 0, sizeof(ctx));
	FLD("fd.type", e, "ipv4");
	FLD("fd.typechar", e, "4");
	FLD("fd.name", e, "127.0.0.1:40000->127.0.0.1:8080");
	FLD("fd.cip", e, "127.0.0.1");
	FLD("fd.sip", e, "127.0.0.1");
	FLD("fd.lip", e, "127.0.0.1");
	FLD("fd.rip", e, "127.0.0.1");
	FLD("fd.cport", e, "40000");
	FLD("fd.sport", e, "8080");
	FLD("fd.lport", e, "40000");
	FLD("fd.rport", e, "8080");
	FLD("fd.cproto", e, "40000");
	FLD("fd.sproto", e, "8080");
	FLD("fd.lproto", e, "40000");
	FLD("fd.rproto", e, "8080");
	FLD("fd.l4proto", e, "tcp");
	FLD("fd.sockfamily", e, "ip");
	FLD("fd.is_server", e, "false");
	FLD("fd.connected", e, "true");
	FLD("fd.name_changed", e, "true");
	FLD("fd.directory", e, "<NA>");
	FLD("evt.category", e, "net");
	assert_int_equal(val("fd.cip", e, &v), 1);
	assert_int_equal(v.kind, FK_IPADDR);
	assert_int_equal(v.ip.family, PPM_AF_INET);
	assert_memory_equal(v.ip.a, "\x7f\0\0\x01", 4);

	/* fields that match either end: arg_index 0 the client, 1 the server */
	assert_true(field_parse("fd.port", &ref, &cause) > 0);
	assert_true(ref.def->flags & FF_EITHER_SIDE);
	ctx.e = e;
	ref.arg_index = 0;
	assert_int_equal(field_get(&ctx, &ref, &v, &scratch), 1);
	assert_int_equal(v.u, 40000);
	ref.arg_index = 1;
	assert_int_equal(field_get(&ctx, &ref, &v, &scratch), 1);
	assert_int_equal(v.u, 8080);
	field_ref_done(&ref);
	assert_true(field_parse("fd.net", &ref, &cause) > 0);
	assert_int_equal(field_get(&ctx, &ref, &v, &scratch), 1);
	assert_int_equal(v.kind, FK_IPNET);
	field_ref_done(&ref);

	/* the server end of an IPv6 UDP socket */
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 0), PI("fd", 6)), cat, 6);
	FLD("fd.typechar", e, "6");
	FLD("fd.l4proto", e, "udp");
	FLD("fd.is_server", e, "true");
	FLD("fd.cip", e, "::1");
	FLD("fd.sip", e, "::2");
	FLD("fd.lip", e, "::2");
	FLD("fd.rip", e, "::1");
	FLD("fd.lport", e, "443");
	FLD("fd.rport", e, "5000");
	assert_non_null(strstr(fld("evt.info", e), "fd=6(<6u>::1:5000->::2:443)"));

	/* a failed connect names the fd by the tuple it tried */
	{
		uint8_t t[13] = { PPM_AF_INET, 10, 0, 0, 1 };
		uint16_t p1 = 1234, p2 = 80;
		t[7] = 10, t[10] = 2;
		memcpy(t + 5, &p1, 2);
		memcpy(t + 11, &p2, 2);
		e = on(MK(&b, PPME_SOCKET_CONNECT_X, 200, PI("res", -111), PB("tuple", t, 13), PI("fd", 4)), cat, 4);
		FLD("fd.name", e, "10.0.0.1:1234->10.0.0.2:80");
		FLD("evt.count.error.net", e, "1");
	}
}

static void test_fdlist(void **unused)
{
	uint8_t fds[2 + 30];
	int64_t n[3] = { 3, 4, 9 };
	int16_t fl = 1;
	struct ev b;
	struct evt *e;

	fds[0] = 3, fds[1] = 0;
	for (int i = 0; i < 3; i++) {
		memcpy(fds + 2 + 10 * i, &n[i], 8);
		memcpy(fds + 10 + 10 * i, &fl, 2);
	}
	e = on(MK(&b, PPME_SYSCALL_POLL_X, 200, PI("res", 1), PB("fds", fds, sizeof(fds)), PI("timeout", 5)),
	       cat, -1);
	memset(&ctx, 0, sizeof(ctx));
	FLD("fdlist.nums", e, "3,4,9");
	FLD("fdlist.names", e, "/etc/passwd,127.0.0.1:40000->127.0.0.1:8080,<NA>");
	FLD("fdlist.cips", e, "127.0.0.1");
	FLD("fdlist.sips", e, "127.0.0.1");
	FLD("fdlist.cports", e, "40000");
	FLD("fdlist.sports", e, "8080");
	e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 3)), cat, 3);
	FLD("fdlist.nums", e, "<NA>");
}

/* ---- values as text and JSON ------------------------------------------------------------ */

static const char *json(const char *name, struct evt *e)
{
	struct field_ref ref;
	char *cause = NULL;

	assert_true(field_parse(name, &ref, &cause) > 0);
	ctx.e = e;
	ctx.st = st;
	strbuf_reset(&out);
	strbuf_reset(&scratch);
	assert_true(field_render_json(&ctx, &ref, &out, &scratch) >= 0);
	field_ref_done(&ref);
	return out.buf;
}

static void test_values(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_CLOSE_X, 200, PI("res", 0), PI("fd", 3)), cat, 3);
	struct field_value v = { .kind = FK_DOUBLE, .d = 1.26953125 };
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(field_value_render(NULL, &v, 0, &sb), 0);
	assert_string_equal(sb.buf, "1.3");
	strbuf_reset(&sb);
	v.kind = FK_IPNET;
	v.ip.family = PPM_AF_INET;
	memcpy(v.ip.a, "\x0a\0\0\0", 4);
	v.ip.prefix = 8;
	field_value_render(NULL, &v, 0, &sb);
	assert_string_equal(sb.buf, "10.0.0.0/8");
	strbuf_free(&sb);

	memset(&ctx, 0, sizeof(ctx));
	assert_string_equal(json("fd.num", e), "3");
	assert_string_equal(json("fd.dev", e), "\"801\"");
	assert_string_equal(json("thread.ismain", e), "true");
	assert_string_equal(json("fd.name", e), "\"/etc/passwd\"");
	assert_string_equal(json("fd.cip", e), "null");
	assert_string_equal(json("evt.datetime", e), "1470327477881730713");
	assert_string_equal(json("proc.vpid", e), "null");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_rawarg_typed),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_evt_time),
		cmocka_unit_test(test_evt_openat),
		cmocka_unit_test(test_evt_failed_open),
		cmocka_unit_test(test_evt_io),
		cmocka_unit_test(test_evt_abspath),
		cmocka_unit_test(test_proc),
		cmocka_unit_test(test_user_group_container),
		cmocka_unit_test(test_container_hook),
		cmocka_unit_test(test_fd_file),
		cmocka_unit_test(test_fd_sockets),
		cmocka_unit_test(test_fdlist),
		cmocka_unit_test(test_values),
	};
	int r = cmocka_run_group_tests(tests, setup, teardown);
	strbuf_free(&out);
	strbuf_free(&scratch);
	return r;
}
