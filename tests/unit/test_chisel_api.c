/* test_chisel_api.c: the chisel API against a real lua_State: the types
 * evt.field returns (integers as Lua integers, strings, booleans, nil when
 * absent), the sysdig/wtftop functions, errors on bad arguments, argument
 * handling, intervals, and a failing chisel. The chisel under test is written
 * to a temporary file and loaded through the host like any other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lua/chisel_int.h"
#include "state/state.h"

#define TS 1470327477881730713ULL
#include "evt_builder.h"

static struct state *st;
static struct thread *cat;
static char dir[] = "/tmp/wtf_chisel_test_XXXXXX";

static const char *const api_chisel =
	"description = 'api test'\n"
	"short_description = 'api'\n"
	"category = 'Tests'\n"
	"args = { { name = 'num', description = 'a number', argtype = 'int' },\n"
	"         { name = 'word', description = 'a word', argtype = 'string', optional = true } }\n"
	"R = { intervals = 0 }\n"
	"local function err(f, ...) local ok, m = pcall(f, ...); assert(not ok); return m end\n"
	"function on_set_arg(name, val) R[name] = val; return val ~= 'reject' end\n"
	"function on_init()\n"
	"  fpid = chisel.request_field('proc.pid')\n"
	"  fname = chisel.request_field('proc.name')\n"
	"  fres = chisel.request_field('evt.rawarg.res')\n"
	"  fio = chisel.request_field('evt.is_io')\n"
	"  fsport = chisel.request_field('fd.sport')\n"
	"  ffdname = chisel.request_field('fd.name')\n"
	"  R.bad_field = err(chisel.request_field, 'proc.nmae')\n"
	"  R.trailing = err(chisel.request_field, 'proc.name junk')\n"
	"  R.bad_filter = err(chisel.set_filter, 'proc.name = ')\n"
	"  R.bad_interval = err(chisel.set_interval_s, 'soon')\n"
	"  R.neg_interval = err(chisel.set_interval_s, -1)\n"
	"  R.bad_ts = err(sysdig.make_ts, 1, 'x')\n"
	"  R.bad_format = err(sysdig.set_output_format, 'bogus')\n"
	"  R.outside = err(evt.get_num)\n"
	"  R.bad_handle = err(function() return evt.field(42) end)\n"
	"  R.run_app = err(sysdig.run_app)\n"
	"  R.run_app_nested = err(sysdig.run_app, '--version')\n"
	"  R.same_table = rawequal(sysdig, wtftop)\n"
	"  R.make_ts = sysdig.make_ts(3, 5)\n"
	"  R.add_ts = sysdig.add_ts(10, 5)\n"
	"  R.sub_ts = sysdig.subtract_ts(10, 15)\n"
	"  R.is_live = sysdig.is_live()\n"
	"  R.filter = sysdig.get_filter()\n"
	"  R.output = sysdig.get_output_format()\n"
	"  R.source = sysdig.get_evtsource_name()\n"
	"  local mi = sysdig.get_machine_info()\n"
	"  R.ncpus_type = math.type(mi.num_cpus)\n"
	"  R.clock_ticks = mi.clock_ticks\n"
	"  R.term_width_type = math.type(sysdig.get_terminal_info().width)\n"
	"  R.container_table_empty = next(sysdig.get_container_table()) == nil\n"
	"  R.print_container = sysdig.is_print_container_data()\n"
	"  chisel.set_filter('proc.name=cat')\n"
	"  chisel.set_interval_ns(10)\n"
	"  return true\n"
	"end\n"
	"function on_capture_start()\n"
	"  local tt = sysdig.get_thread_table()\n"
	"  R.tt_comm = tt[200] and tt[200].comm\n"
	"  R.tt_fd = tt[200] and tt[200].fdtable[3] and tt[200].fdtable[3].name\n"
	"  R.tt_pid_type = tt[200] and math.type(tt[200].pid)\n"
	"  R.tt_args = tt[200] and tt[200].args[1]\n"
	"  R.tt_container = tt[200] and tt[200].container_id\n"
	"  R.bad_tt_filter = err(sysdig.get_thread_table, 'proc.name = ')\n"
	"  R.bad_ct_filter = err(sysdig.get_container_table, 'container.name = ')\n"
	"  return true\n"
	"end\n"
	"function on_event()\n"
	"  R.events = (R.events or 0) + 1\n"
	"  local pid, res = evt.field(fpid), evt.field(fres)\n"
	"  R.pid = string.format('%d', pid)\n"
	"  R.pid_type = math.type(pid)\n"
	"  R.res_type = math.type(res)\n"
	"  R.res = res\n"
	"  R.name = evt.field(fname)\n"
	"  R.io_type = type(evt.field(fio))\n"
	"  R.sport_nil = evt.field(fsport) == nil\n"
	"  R.fdname = evt.field(ffdname)\n"
	"  R.num_type = math.type(evt.get_num())\n"
	"  R.ts_ok = evt.get_ts() > 0 and math.type(evt.get_ts()) == 'integer'\n"
	"  R.type = evt.get_type()\n"
	"  R.cpu = evt.get_cpuid()\n"
	"  R.first_ts_type = math.type(sysdig.get_firstevent_ts())\n"
	"  R.last_ts = sysdig.get_lastevent_ts()\n"
	"  return false\n"
	"end\n"
	"function on_interval(ts_s, ts_ns, delta)\n"
	"  R.intervals = R.intervals + 1\n"
	"  R.interval_types = math.type(ts_s) .. math.type(ts_ns) .. math.type(delta)\n"
	"end\n"
	"function on_capture_end(ts_s, ts_ns, delta) R.ended = math.type(ts_s) end\n"
	"function on_alert(rule, prio, out) R.alert = rule .. '/' .. prio .. '/' .. out end\n";

static const char *const failing_chisel =
	"description = 'fails'\n"
	"args = {}\n"
	"function on_event()\n"
	"  local t = nil\n"
	"  return t.x\n"
	"end\n";

static char *write_chisel(const char *name, const char *text)
{
	char *path = NULL;
	FILE *f;
	assert_true(asprintf(&path, "%s/%s.lua", dir, name) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int setup(void **unused)
{
	struct state_opts o = { .offline = true };
	struct fd_info *fd;

	/* sysdig.run_app would run this test binary: the guard refuses it */
	setenv("WTFTOP_IN_RUN_APP", "1", 1);
	assert_non_null(mkdtemp(dir));
	st = state_new(&o);
	assert_non_null(st);
	cat = state_thread_add(st, 200);
	strcpy(cat->comm, "cat");
	cat->pid = 200;
	cat->ptid = 100;
	assert_int_equal(state_set_str(&cat->exe, "cat", 3), 0);
	assert_int_equal(state_set_str(&cat->args, "/etc/passwd\0", 12), 0);
	cat->args_len = 12;
	fd = state_fd_add(st, cat, 3);
	assert_non_null(fd);
	fd->type = FDT_FILE;
	assert_int_equal(fd_set_name(fd, "/etc/passwd", 11), 0);
	return 0;
}

static int teardown(void **unused)
{
	state_free(st);
	return 0;
}

/* Loads the api chisel with the words given; returns the set, inited. */
static struct chisel_set *load_api(char **words, int nwords, int *used)
{
	struct chisel_env env = { .st = st, .is_live = false };
	struct chisel_set *cs = chisel_set_new(&env);
	char *path = write_chisel("api", api_chisel), *cause = NULL;
	assert_non_null(cs);
	if (chisel_set_load(cs, path, words, nwords, used, &cause)) {
		fprintf(stderr, "%s\n", cause);
		fail();
	}
	free(path);
	assert_int_equal(chisel_set_init(cs, &cause), 0);
	return cs;
}

/* R[key] in the chisel's state, as a string ("nil", "true", numbers with
 * %d or %g by their Lua subtype). */
static const char *R(struct chisel_set *cs, const char *key)
{
	static char buf[512];
	lua_State *L = cs->v[0]->L;
	lua_getglobal(L, "R");
	lua_getfield(L, -1, key);
	if (lua_isnil(L, -1))
		snprintf(buf, sizeof(buf), "nil");
	else if (lua_isboolean(L, -1))
		snprintf(buf, sizeof(buf), "%s", lua_toboolean(L, -1) ? "true" : "false");
	else if (lua_isinteger(L, -1))
		snprintf(buf, sizeof(buf), "%lld", (long long)lua_tointeger(L, -1));
	else
		snprintf(buf, sizeof(buf), "%s", lua_tostring(L, -1));
	lua_pop(L, 2);
	return buf;
}

static struct evt *read_evt(struct ev *b, uint64_t ts_add)
{
	struct evt *e = on(MK(b, PPME_SYSCALL_READ_X, 200, PI("res", 1234), PB("data", "root:x", 6),
			      PI("fd", 3), PI("size", 4096)), cat, 3);
	((struct wtf_evt_hdr *)b->buf)->ts = TS + ts_add;
	return e;
}

static void test_field_types(void **unused)
{
	char *words[] = { "42 hello", "proc.name=cat" };
	int used = 0;
	struct chisel_set *cs = load_api(words, 2, &used);
	struct field_ctx fc = { .st = st };
	struct ev b;

	assert_int_equal(used, 1); /* "42 hello" split in two arguments; the filter left */
	assert_string_equal(R(cs, "num"), "42");
	assert_string_equal(R(cs, "word"), "hello");
	chisel_set_capture_start(cs);
	fc.e = read_evt(&b, 0);
	chisel_set_time(cs, fc.e->hdr->ts);
	assert_int_equal(chisel_set_on_event(cs, fc.e, &fc), 0);
	assert_string_equal(R(cs, "events"), "1");
	assert_string_equal(R(cs, "pid"), "200");
	assert_string_equal(R(cs, "pid_type"), "integer");
	assert_string_equal(R(cs, "res_type"), "integer");
	assert_string_equal(R(cs, "res"), "1234");
	assert_string_equal(R(cs, "name"), "cat");
	assert_string_equal(R(cs, "io_type"), "boolean");
	assert_string_equal(R(cs, "sport_nil"), "true");
	assert_string_equal(R(cs, "fdname"), "/etc/passwd");
	assert_string_equal(R(cs, "num_type"), "integer");
	assert_string_equal(R(cs, "ts_ok"), "true");
	assert_string_equal(R(cs, "type"), "7"); /* PPME_SYSCALL_READ_X */
	assert_string_equal(R(cs, "cpu"), "2");
	assert_string_equal(R(cs, "first_ts_type"), "integer");
	assert_string_equal(R(cs, "last_ts"), "1470327477881730713");
	assert_string_equal(R(cs, "tt_comm"), "cat");
	assert_string_equal(R(cs, "tt_fd"), "/etc/passwd");
	assert_string_equal(R(cs, "tt_pid_type"), "integer");
	assert_string_equal(R(cs, "tt_args"), "/etc/passwd");
	/* container.id, as -p prints it: a thread outside containers */
	assert_string_equal(R(cs, "tt_container"), "host");
	assert_non_null(strstr(R(cs, "bad_tt_filter"), "sysdig.get_thread_table"));
	assert_non_null(strstr(R(cs, "bad_ct_filter"), "sysdig.get_container_table"));
	/* a field's value changes between events: the same length and other
	 * bytes, a string over Lua's 40-byte short strings, and back (evt.field
	 * keeps the last string of each field to push it again) */
	{
		static const char *const names[] = {
			"/etc/shadow",
			"/var/lib/wtftop/a/path/longer/than/forty/bytes/1",
			"/var/lib/wtftop/a/path/longer/than/forty/bytes/2",
			"/etc/passwd",
		};
		struct fd_info *fd = fdtable_lookup(cat->fds, 3);
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			assert_int_equal(fd_set_name(fd, names[i], strlen(names[i])), 0);
			fc.e = read_evt(&b, 1 + i);
			chisel_set_time(cs, fc.e->hdr->ts);
			chisel_set_on_event(cs, fc.e, &fc);
			assert_string_equal(R(cs, "fdname"), names[i]);
			assert_string_equal(R(cs, "name"), "cat");
		}
	}
	chisel_set_capture_end(cs);
	assert_string_equal(R(cs, "ended"), "integer");
	assert_false(chisel_set_failed(cs));
	chisel_set_free(cs);
}

static void test_sysdig_functions(void **unused)
{
	char *words[] = { "7" };
	int used = 0;
	struct chisel_set *cs = load_api(words, 1, &used);

	assert_string_equal(R(cs, "same_table"), "true");
	assert_string_equal(R(cs, "make_ts"), "3000000005");
	assert_string_equal(R(cs, "add_ts"), "15");
	assert_string_equal(R(cs, "sub_ts"), "-5");
	assert_string_equal(R(cs, "is_live"), "false");
	assert_string_equal(R(cs, "filter"), "");
	assert_string_equal(R(cs, "output"), "normal");
	assert_string_equal(R(cs, "source"), "syscall");
	assert_string_equal(R(cs, "ncpus_type"), "integer");
	assert_int_equal(atoi(R(cs, "clock_ticks")), sysconf(_SC_CLK_TCK));
	assert_string_equal(R(cs, "term_width_type"), "integer");
	assert_string_equal(R(cs, "container_table_empty"), "true");
	assert_string_equal(R(cs, "print_container"), "false");
	assert_string_equal(R(cs, "word"), "nil");
	chisel_set_on_alert(cs, "Shell in container", "Notice", "a shell");
	assert_string_equal(R(cs, "alert"), "Shell in container/Notice/a shell");
	chisel_set_free(cs);
}

static void test_errors_on_bad_arguments(void **unused)
{
	char *words[] = { "1" };
	int used = 0;
	struct chisel_set *cs = load_api(words, 1, &used);

	assert_non_null(strstr(R(cs, "bad_field"), "proc.nmae"));
	assert_non_null(strstr(R(cs, "bad_field"), "proc.name")); /* the suggestion */
	assert_non_null(strstr(R(cs, "trailing"), "unexpected text"));
	assert_non_null(strstr(R(cs, "bad_filter"), "chisel.set_filter"));
	assert_non_null(strstr(R(cs, "bad_interval"), "number expected"));
	assert_non_null(strstr(R(cs, "neg_interval"), "positive"));
	assert_non_null(strstr(R(cs, "bad_ts"), "number expected"));
	assert_non_null(strstr(R(cs, "bad_format"), "invalid option 'bogus'"));
	assert_non_null(strstr(R(cs, "outside"), "outside on_event"));
	assert_non_null(strstr(R(cs, "bad_handle"), "field handle (from chisel.request_field) expected"));
	assert_non_null(strstr(R(cs, "run_app"), "string expected"));
	/* setup() marks this process as started by run_app: it must not fork */
	assert_non_null(strstr(R(cs, "run_app_nested"), "not from a program that run_app started"));
	chisel_set_free(cs);
}

static void test_chisel_arguments(void **unused)
{
	struct chisel_env env = { .st = st };
	struct chisel_set *cs = chisel_set_new(&env);
	char *path = write_chisel("api", api_chisel), *cause = NULL;
	char *reject[] = { "reject" };
	int used;

	/* a required argument missing */
	assert_int_equal(chisel_set_load(cs, path, NULL, 0, &used, &cause), -EINVAL);
	assert_non_null(strstr(cause, "needs argument num"));
	free(cause);
	cause = NULL;
	/* on_set_arg returning false */
	assert_int_equal(chisel_set_load(cs, path, reject, 1, &used, &cause), -EINVAL);
	assert_non_null(strstr(cause, "bad value 'reject' for argument num"));
	free(cause);
	cause = NULL;
	assert_int_equal(chisel_set_load(cs, "no_such_chisel_here", NULL, 0, &used, &cause), -ENOENT);
	free(cause);
	free(path);
	chisel_set_free(cs);
}

static void test_intervals_and_filter(void **unused)
{
	char *words[] = { "1" };
	int used = 0;
	struct chisel_set *cs = load_api(words, 1, &used);
	struct field_ctx fc = { .st = st };
	struct ev b;

	chisel_set_capture_start(cs);
	fc.e = read_evt(&b, 0);
	chisel_set_time(cs, fc.e->hdr->ts); /* as the stream tells every event's */
	chisel_set_on_event(cs, fc.e, &fc);
	fc.e = read_evt(&b, 35); /* three 10 ns intervals later */
	chisel_set_time(cs, fc.e->hdr->ts);
	chisel_set_on_event(cs, fc.e, &fc);
	assert_true(atoi(R(cs, "intervals")) >= 3);
	assert_string_equal(R(cs, "interval_types"), "integerintegerinteger");
	/* the chisel's filter (proc.name=cat) keeps other threads out */
	strcpy(cat->comm, "dog");
	fc.e = read_evt(&b, 36);
	chisel_set_on_event(cs, fc.e, &fc);
	assert_string_equal(R(cs, "events"), "2");
	strcpy(cat->comm, "cat");
	chisel_set_free(cs);
}

static void test_error_stops_and_fails(void **unused)
{
	struct chisel_env env = { .st = st };
	struct chisel_set *cs = chisel_set_new(&env);
	char *path = write_chisel("failing", failing_chisel), *cause = NULL;
	struct field_ctx fc = { .st = st };
	struct ev b;
	int used;

	assert_int_equal(chisel_set_load(cs, path, NULL, 0, &used, &cause), 0);
	assert_int_equal(chisel_set_init(cs, &cause), 0);
	fc.e = read_evt(&b, 0);
	assert_int_not_equal(chisel_set_on_event(cs, fc.e, &fc), 0);
	assert_true(chisel_set_failed(cs));
	unlink(path);
	free(path);
	chisel_set_free(cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_types),
		cmocka_unit_test(test_sysdig_functions),
		cmocka_unit_test(test_errors_on_bad_arguments),
		cmocka_unit_test(test_chisel_arguments),
		cmocka_unit_test(test_intervals_and_filter),
		cmocka_unit_test(test_error_stops_and_fails),
	};
	int r = cmocka_run_group_tests(tests, setup, teardown);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd)) {
	}
	return r;
}
