/* test_format.c: parameter rendering (evt.info as sysdig prints it: fds with
 * their names, errno and flag names, tuples, data buffers in every -A/-x/-X/-b
 * form, relative paths resolved) and the -p formatter (tokens, widths,
 * escapes, missing fields with and without '*', errors with their column, JSON
 * lines and their escaping). Events are built here in the scap layout and
 * decoded with evt_decode; the state holding their threads and fds is built
 * with the state API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event/decode.h"
#include "fields/fields.h"
#include "format/format.h"
#include "format/render.h"
#include "state/state.h"
#include "util/strbuf.h"

#define TS 1470327477881730713ULL /* 2016-08-04 16:17:57.881730713 UTC */

#define EVB_NUM 1
#define EVB_CPU 0
#include "evt_builder.h"

/* ---- the state ----------------------------------------------------------------- */

static struct state *st;
static struct thread *bash, *cat;

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

static void ip4(uint8_t *a, uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	a[0] = x, a[1] = y, a[2] = z, a[3] = w;
}

static int setup(void **unused)
{
	struct state_opts o = { .offline = true };
	struct fd_info *fd;

	setenv("TZ", "UTC", 1);
	tzset();
	st = state_new(&o);
	assert_non_null(st);
	bash = state_thread_add(st, 100);
	strcpy(bash->comm, "bash");
	bash->ptid = 1;
	set(&bash->exe, "-bash", 5);
	set(&bash->cwd, "/home/alice/", 12);
	cat = state_thread_add(st, 200);
	strcpy(cat->comm, "cat");
	cat->ptid = 100;
	cat->euid = cat->uid = 1000;
	cat->egid = cat->gid = 1000;
	set(&cat->exe, "cat", 3);
	set(&cat->args, "/etc/passwd\0", 12);
	cat->args_len = 12;
	set(&cat->cwd, "/home/alice/", 12);
	add_fd(cat, 3, FDT_FILE, "/etc/passwd");
	fd = add_fd(cat, 4, FDT_IPV4_SOCK, "127.0.0.1:40000->127.0.0.1:8080");
	fd->tuple.family = PPM_AF_INET;
	fd->tuple.l4proto = 6;
	ip4(fd->tuple.cip, 127, 0, 0, 1);
	ip4(fd->tuple.sip, 127, 0, 0, 1);
	fd->tuple.cport = 40000;
	fd->tuple.sport = 8080;
	fd->role = FD_ROLE_CLIENT;
	add_fd(cat, 5, FDT_DIRECTORY, "/etc");
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

static char *info(struct evt *e, uint32_t flags)
{
	static struct strbuf sb;
	strbuf_reset(&sb);
	assert_int_equal(render_args(e, st, flags, &sb), 0);
	return sb.buf ? sb.buf : "";
}

/* ---- rendering ------------------------------------------------------------------- */

static void test_openat(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", 3), PI("dirfd", PPM_AT_FDCWD),
			      PS("name", "/etc/passwd"), PI("flags", PPM_O_RDONLY | PPM_O_CLOEXEC),
			      PI("mode", 0), PI("dev", 0xfe00), PI("ino", 42)),
			   cat, 3);

	assert_string_equal(info(e, 0), "fd=3(<f>/etc/passwd) dirfd=-100(AT_FDCWD) name=/etc/passwd "
					"flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=FE00 ino=42 ");
}

static void test_openat_relative(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", 3), PI("dirfd", 5),
			      PS("name", "passwd"), PI("flags", PPM_O_RDWR), PI("mode", 0644)),
			   cat, 3);

	assert_string_equal(info(e, 0), "fd=3(<f>/etc/passwd) dirfd=5(<d>/etc) name=passwd(/etc/passwd) "
					"flags=3(O_RDWR) mode=0644 dev=NULL ino=NULL ");
	e = on(MK(&b, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", 3), PI("dirfd", PPM_AT_FDCWD),
		  PS("name", "../bob/./.profile"), PI("flags", 0)),
	       cat, 3);
	assert_non_null(strstr(info(e, 0), " name=../bob/./.profile(/home/bob/.profile) flags=0(O_NONE) "));
	/* an unknown dirfd: no resolved form rather than a wrong one */
	e = on(MK(&b, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", 3), PI("dirfd", 77), PS("name", "x")), cat, 3);
	assert_non_null(strstr(info(e, 0), " dirfd=77 name=x flags=NULL "));
}

static void test_open_enoent(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_OPEN_X, 200, PI("fd", -2), PS("name", "/nope"),
			      PI("flags", PPM_O_RDONLY), PI("mode", 0), PI("dev", 0), PI("ino", 0)),
			   cat, -1);

	assert_string_equal(info(e, 0), "fd=-2(ENOENT) name=/nope flags=1(O_RDONLY) mode=0 dev=0 ino=0 ");
}

static void test_read_data(void **unused)
{
	static const char data[12] = "hello\nworld\x01";
	char big[100], want[200];
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 12), PB("data", data, 12),
			      PI("fd", 3), PI("size", 4096)),
			   cat, 3);

	assert_string_equal(info(e, 0), "res=12 data=hello.world. fd=3(<f>/etc/passwd) size=4096 ");
	assert_string_equal(info(e, FIELD_OUT_DATA_ASCII),
			    "res=12 data=\nhello\nworld fd=3(<f>/etc/passwd) size=4096 ");
	assert_string_equal(info(e, FIELD_OUT_DATA_HEX),
			    "res=12 data=\n\t0x0000: 6865 6c6c 6f0a 776f 726c 6401\n fd=3(<f>/etc/passwd) size=4096 ");
	assert_string_equal(info(e, FIELD_OUT_DATA_HEXASCII),
			    "res=12 data=\n\t0x0000: 6865 6c6c 6f0a 776f 726c 6401            hello.world.\n"
			    " fd=3(<f>/etc/passwd) size=4096 ");
	assert_string_equal(info(e, FIELD_OUT_DATA_BASE64),
			    "res=12 data=aGVsbG8Kd29ybGQB fd=3(<f>/etc/passwd) size=4096 ");

	/* long buffers are cut to 80 characters, unless asked for in full */
	memset(big, 'a', sizeof(big));
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 100), PB("data", big, 100), PI("fd", 3)), cat, 3);
	snprintf(want, sizeof(want), "res=100 data=%.77s... fd=3(<f>/etc/passwd) size=NULL ", big);
	assert_string_equal(info(e, 0), want);
	snprintf(want, sizeof(want), "res=100 data=%.100s fd=3(<f>/etc/passwd) size=NULL ", big);
	assert_string_equal(info(e, FIELD_OUT_FULL_BUFFERS), want);

	/* an odd length in hex; two rows; an empty buffer */
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 3), PB("data", "abc", 3)), cat, -1);
	assert_non_null(strstr(info(e, FIELD_OUT_DATA_HEX), "data=\n\t0x0000: 6162 63\n "));
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 17), PB("data", "0123456789abcdefg", 17)), cat, -1);
	assert_non_null(strstr(info(e, FIELD_OUT_DATA_HEX),
			       "data=\n\t0x0000: 3031 3233 3435 3637 3839 6162 6364 6566\n\t0x0010: 67\n "));
	e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 0), PB("data", "", 0), PI("fd", 3)), cat, 3);
	assert_string_equal(info(e, 0), "res=0 data= fd=3(<f>/etc/passwd) size=NULL ");
	assert_string_equal(info(e, FIELD_OUT_DATA_ASCII), "res=0 data= fd=3(<f>/etc/passwd) size=NULL ");
}

static void put_tuple4(uint8_t *p, const uint8_t *sip, uint16_t sport, const uint8_t *dip, uint16_t dport)
{
	p[0] = PPM_AF_INET;
	memcpy(p + 1, sip, 4);
	memcpy(p + 5, &sport, 2);
	memcpy(p + 7, dip, 4);
	memcpy(p + 11, &dport, 2);
}

static void test_connect(void **unused)
{
	uint8_t lo[4] = { 127, 0, 0, 1 }, tuple[13], addr[7];
	uint16_t port = 8080;
	struct ev b;
	struct evt *e;

	put_tuple4(tuple, lo, 40000, lo, 8080);
	addr[0] = PPM_AF_INET;
	memcpy(addr + 1, lo, 4);
	memcpy(addr + 5, &port, 2);
	e = on(MK(&b, PPME_SOCKET_CONNECT_X, 200, PI("res", 0), PB("tuple", tuple, 13), PI("fd", 4),
		  PB("addr", addr, 7)),
	       cat, 4);
	assert_string_equal(info(e, 0), "res=0 tuple=127.0.0.1:40000->127.0.0.1:8080 "
					"fd=4(<4t>127.0.0.1:40000->127.0.0.1:8080) addr=127.0.0.1:8080 ");
	e = on(MK(&b, PPME_SOCKET_CONNECT_X, 200, PI("res", -111), PB("tuple", tuple, 13), PI("fd", 4),
		  PB("addr", addr, 7)),
	       cat, 4);
	assert_non_null(strstr(info(e, 0), "res=-111(ECONNREFUSED) tuple="));
}

static void test_tuples(void **unused)
{
	uint8_t t6[37] = { PPM_AF_INET6 }, tu[17 + 12] = { PPM_AF_UNIX }, sa[1 + 10] = { PPM_AF_UNIX };
	uint16_t p1 = 5000, p2 = 443;
	uint64_t src = 0xffff9abc12345678ULL, dst = 0;
	struct ev b;
	struct evt *e;

	t6[16] = 1; /* ::1 */
	t6[34] = 1;
	memcpy(t6 + 17, &p1, 2);
	memcpy(t6 + 35, &p2, 2);
	e = on(MK(&b, PPME_SOCKET_CONNECT_X, 200, PI("res", 0), PB("tuple", t6, 37)), cat, -1);
	assert_non_null(strstr(info(e, 0), "tuple=::1:5000->::1:443 "));

	/* IPv4 addresses mapped into IPv6 show as IPv4 */
	memset(t6 + 1, 0, 16);
	memset(t6 + 19, 0, 16);
	t6[11] = t6[12] = 0xff;
	ip4(t6 + 13, 10, 0, 0, 1);
	t6[29] = t6[30] = 0xff;
	ip4(t6 + 31, 10, 0, 0, 2);
	e = on(MK(&b, PPME_SOCKET_CONNECT_X, 200, PI("res", 0), PB("tuple", t6, 37)), cat, -1);
	assert_non_null(strstr(info(e, 0), "tuple=10.0.0.1:5000->10.0.0.2:443 "));

	memcpy(tu + 1, &src, 8);
	memcpy(tu + 9, &dst, 8);
	memcpy(tu + 17, "/run/x.sock", 12);
	memcpy(sa + 1, "/run/sock", 10);
	e = on(MK(&b, PPME_SOCKET_CONNECT_X, 200, PI("res", -2), PB("tuple", tu, sizeof(tu)),
		  PB("addr", sa, sizeof(sa))),
	       cat, -1);
	assert_non_null(strstr(info(e, 0), "res=-2(ENOENT) tuple=ffff9abc12345678->0 /run/x.sock "));
	assert_non_null(strstr(info(e, 0), " addr=/run/sock "));
}

static void test_execve(void **unused)
{
	struct ev b;
	struct evt *e = on(MK(&b, PPME_SYSCALL_EXECVE_19_X, 200, PI("res", 0), PS("exe", "cat"),
			      PB("args", "/etc/passwd\0", 12), PI("tid", 200), PI("pid", 200),
			      PI("ptid", 100), PS("cwd", "/home/alice"), PI("fdlimit", 1024),
			      PS("comm", "cat"), PB("env", "A=1\0B=2\0", 8), PI("loginuid", 1000),
			      PI("flags", 0), PI("uid", 1000), PI("gid", 1000),
			      PS("filename", "/usr/bin/cat")),
			   cat, -1);
	const char *s = info(e, 0);

	assert_non_null(strstr(s, "res=0 exe=cat args=/etc/passwd. tid=200(cat) pid=200(cat) ptid=100(bash) "
				  "cwd=/home/alice fdlimit=1024 "));
	assert_non_null(strstr(s, " comm=cat "));
	assert_non_null(strstr(s, " env=A=1.B=2. "));
	assert_non_null(strstr(s, " loginuid=1000(alice) flags=0 "));
	assert_non_null(strstr(s, " uid=1000(alice) "));
	assert_non_null(strstr(s, " gid=1000(staff) "));
	assert_non_null(strstr(s, " filename=/usr/bin/cat "));
}

static void test_misc_params(void **unused)
{
	uint8_t fds[2 + 20];
	int64_t f3 = 3, f9 = 9;
	int16_t pollin = 1, pollout = 4;
	struct ev b;
	struct evt *e;

	e = on(MK(&b, PPME_SYSCALL_SETUID_X, 200, PI("res", 0), PI("uid", 0xffffffffu)), cat, -1);
	assert_string_equal(info(e, 0), "res=0 uid=-1(<NONE>) ");
	e = on(MK(&b, PPME_SYSCALL_SETUID_X, 200, PI("res", -1), PI("uid", 4242)), cat, -1);
	assert_string_equal(info(e, 0), "res=-1(EPERM) uid=4242(<NA>) ");
	e = on(MK(&b, PPME_SYSCALL_KILL_X, 200, PI("res", 0), PI("pid", 200), PI("sig", 9)), cat, -1);
	assert_string_equal(info(e, 0), "res=0 pid=200(cat) sig=9(SIGKILL) ");
	e = on(MK(&b, PPME_SYSCALL_KILL_X, 200, PI("res", 0), PI("pid", 31337), PI("sig", 0)), cat, -1);
	assert_string_equal(info(e, 0), "res=0 pid=31337 sig=0 ");

	fds[0] = 2, fds[1] = 0;
	memcpy(fds + 2, &f3, 8);
	memcpy(fds + 10, &pollin, 2);
	memcpy(fds + 12, &f9, 8);
	memcpy(fds + 20, &pollout, 2);
	e = on(MK(&b, PPME_SYSCALL_POLL_X, 200, PI("res", 1), PB("fds", fds, sizeof(fds)),
		  PI("timeout", 100)),
	       cat, -1);
	assert_string_equal(info(e, 0), "res=1 fds=3:f1 9:?4 timeout=100 ");

	e = on(MK(&b, PPME_SYSCALL_FCHMODAT_X, 200, PI("res", 0), PI("dirfd", PPM_AT_FDCWD),
		  PS("filename", "x.sh"), PI("mode", 0755)),
	       cat, -1);
	assert_string_equal(info(e, 0), "res=0 dirfd=-100(AT_FDCWD) filename=x.sh(/home/alice/x.sh) "
					"mode=0755(S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR) ");

	e = on(MK(&b, PPME_SYSCALL_MMAP_X, 200, PI("res", 0x7fad48782000LL), PI("fd", -1)), cat, -1);
	assert_non_null(strstr(info(e, 0), "res=7FAD48782000 "));
	assert_non_null(strstr(info(e, 0), " fd=-1(EPERM) "));

	/* generic events show no arguments */
	e = on(MK(&b, PPME_GENERIC_X, 200, PI("ID", 5), PI("nativeID", 12)), cat, -1);
	assert_string_equal(info(e, 0), "");
}

static void test_flag_names(void **unused)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(render_flag_names(file_flags, PPM_O_WRONLY | PPM_O_CREAT | PPM_O_TRUNC, 0, &sb), 1);
	assert_string_equal(sb.buf, "O_TRUNC|O_CREAT|O_WRONLY");
	strbuf_reset(&sb);
	assert_int_equal(render_flag_names(socket_families, 10, 1, &sb), 1);
	assert_string_equal(sb.buf, "AF_INET6");
	strbuf_reset(&sb);
	assert_int_equal(render_flag_names(socket_families, 1, 1, &sb), 1);
	assert_string_equal(sb.buf, "AF_LOCAL");
	strbuf_reset(&sb);
	assert_int_equal(render_flag_names(file_modes, 0, 0, &sb), 0);
	assert_int_equal(render_flag_names(NULL, 3, 0, &sb), 0);
	strbuf_free(&sb);
}

static void test_join_path(void **unused)
{
	static const struct {
		const char *base, *rel, *want;
	} cases[] = {
		{ "/", ".", "/" },
		{ "/home/u/", "x", "/home/u/x" },
		{ "/home/u/", "../../../etc//passwd", "/etc/passwd" },
		{ "/home/u", "./a/./b/", "/home/u/a/b" },
		{ "/ignored/", "/abs/../p", "/p" },
		{ "/a/b/", "..", "/a" },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		assert_int_equal(render_join_path(cases[i].base, strlen(cases[i].base), cases[i].rel,
						  strlen(cases[i].rel), &sb),
				 0);
		assert_string_equal(sb.buf, cases[i].want);
	}
	strbuf_free(&sb);
}

/* ---- the formatter --------------------------------------------------------------- */

static struct strbuf out, scratch;

/* Compiles fmt, writes the event, returns the line ("" when suppressed). */
static const char *line(const char *fmt, uint32_t kind, struct evt *e, int want_rc)
{
	char *cause = NULL;
	struct formatter *f = kind == FORMATTER_JSON ? formatter_new_json(fmt, 0, &cause)
						      : formatter_new(fmt, 0, &cause);
	struct field_ctx c = { .e = e, .st = st };

	if (!f)
		fail_msg("%s", cause);
	strbuf_reset(&out);
	assert_int_equal(formatter_write(f, &c, &out, &scratch), want_rc);
	formatter_free(f);
	return out.buf ? out.buf : "";
}

static char *compile_error(const char *fmt)
{
	char *cause = NULL;
	struct formatter *f = formatter_new(fmt, 0, &cause);
	assert_null(f);
	assert_non_null(cause);
	return cause;
}

static struct evt *openat_evt(struct ev *b)
{
	return on(MK(b, PPME_SYSCALL_OPENAT_2_X, 200, PI("fd", 3), PI("dirfd", PPM_AT_FDCWD),
		     PS("name", "/etc/passwd"), PI("flags", PPM_O_RDONLY), PI("mode", 0)),
		  cat, 3);
}

static const char *sanitized(const char *s)
{
	static struct strbuf san = STRBUF_INIT;
	strbuf_reset(&san);
	assert_int_equal(render_sanitized(s, strlen(s), &san), 0);
	return san.buf ? san.buf : "";
}

/* Names keep printable ASCII and UTF-8; controls, broken or overlong
 * sequences, surrogates, C1 controls and the disguising marks go. */
static void test_sanitized_names(void **unused)
{
	(void)unused;
	assert_string_equal(sanitized("/tmp/plain.txt"), "/tmp/plain.txt");
	assert_string_equal(sanitized("/tmp/donn\xc3\xa9" "es-\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x98\x80"),
			    "/tmp/donn\xc3\xa9" "es-\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x98\x80");
	assert_string_equal(sanitized("a\x1b[2Jb\r\x7f"), "a[2Jb");
	assert_string_equal(sanitized("c1\xc2\x9b" "31m"), "c131m");               /* CSI as U+009B */
	assert_string_equal(sanitized("rlo\xe2\x80\xae" "exe.txt"), "rloexe.txt"); /* U+202E */
	assert_string_equal(sanitized("zw\xe2\x80\x8b" "sp\xef\xbb\xbf"), "zwsp");   /* U+200B, U+FEFF */
	assert_string_equal(sanitized("bad\xc3(\xff\x80" "x"), "bad(x");            /* broken, stray */
	assert_string_equal(sanitized("over\xc0\xaf" "l\xe0\x80\xaf" "ong"), "overlong"); /* overlong '/' */
	assert_string_equal(sanitized("sur\xed\xa0\x80" "r"), "surr");               /* U+D800 */
	assert_string_equal(sanitized("cut\xe6\x97"), "cut");                      /* cut at the end */
	assert_string_equal(sanitized("nbsp\xc2\xa0."), "nbsp\xc2\xa0.");
}

static void test_default_format(void **unused)
{
	struct ev b;
	struct evt *e = openat_evt(&b);

	e->cpu = 1;
	assert_string_equal(line(NULL, 0, e, 1),
			    "1 16:17:57.881730713 1 cat (200) < openat fd=3(<f>/etc/passwd) "
			    "dirfd=-100(AT_FDCWD) name=/etc/passwd flags=1(O_RDONLY) mode=0 dev=NULL "
			    "ino=NULL ");
	/* an unknown thread: <NA> in the default format, which starts with '*' */
	e->thread = NULL;
	e->fd = NULL;
	((struct wtf_evt_hdr *)b.buf)->tid = 999;
	assert_non_null(strstr(line(NULL, 0, e, 1), " 1 <NA> (999) < openat fd=3 "));
}

static void test_missing_fields(void **unused)
{
	struct ev b;
	struct evt *e = openat_evt(&b);

	/* without '*' a line needs every field */
	strbuf_reset(&out);
	strbuf_puts(&out, "keep");
	{
		char *cause = NULL;
		struct formatter *f = formatter_new("%proc.name %fd.cip", 0, &cause);
		struct field_ctx c = { .e = e, .st = st };
		assert_non_null(f);
		assert_int_equal(formatter_write(f, &c, &out, &scratch), 0);
		assert_string_equal(out.buf, "keep");
		formatter_free(f);
	}
	assert_string_equal(line("*%proc.name %fd.cip", 0, e, 1), "cat <NA>");
	assert_string_equal(line("%proc.name %fd.name", 0, e, 1), "cat /etc/passwd");
	assert_string_equal(line("hello", 0, e, 1), "hello");
}

static void test_widths_and_escapes(void **unused)
{
	struct ev b;
	struct evt *e = openat_evt(&b);

	assert_string_equal(line("[%6proc.name|%2evt.type|%3fd.num]", 0, e, 1), "[cat   |op|3  ]");
	assert_string_equal(line("*[%6fd.cip]", 0, e, 1), "[<NA>  ]");
	assert_string_equal(line("a\\tb\\nc\\\\d\\q 100%% %evt.num%evt.type", 0, e, 1),
			    "a\tb\nc\\d\\q 100% 1openat");
	assert_string_equal(line("\\e[1m%proc.name\\e[0m", 0, e, 1), "\033[1mcat\033[0m");
	assert_string_equal(line("%proc.name.%fd.num", 0, e, 1), "cat.3");
	assert_string_equal(line("%proc.aname[1]/%proc.aname[0] %evt.arg.name %evt.arg[0]", 0, e, 1),
			    "bash/cat /etc/passwd <f>/etc/passwd");
}

static void test_format_errors(void **unused)
{
	char *c;

	c = compile_error("%evt.num %proc.nmae");
	assert_string_equal(c, "column 11: unknown field 'proc.nmae' (did you mean proc.name?)");
	free(c);
	c = compile_error("abc %");
	assert_string_equal(c, "column 5: a format cannot end with '%'");
	free(c);
	c = compile_error("x %fd.ip");
	assert_string_equal(c, "column 4: fd.ip can only be used in filters");
	free(c);
	c = compile_error("%evt.arg.nosuch");
	assert_string_equal(c, "column 2: unknown event argument 'nosuch'");
	free(c);
	c = compile_error("%12");
	assert_string_equal(c, "column 4: expected a field name");
	free(c);
	c = compile_error("%proc.aname[x]");
	assert_string_equal(c, "column 2: proc.aname takes a generation number, as in proc.aname[1]");
	free(c);
	c = compile_error("%thread.cgroup");
	assert_string_equal(c, "column 2: thread.cgroup needs a subsystem, as in thread.cgroup.cpuacct");
	free(c);
	c = compile_error("%zzz.qqq");
	assert_string_equal(c, "column 2: unknown field 'zzz.qqq'");
	free(c);
}

static void test_json(void **unused)
{
	struct ev b;
	struct evt *e = openat_evt(&b);

	e->cpu = 1;
	assert_string_equal(line(NULL, FORMATTER_JSON, e, 1),
			    "{\"evt.cpu\":1,\"evt.dir\":\"<\",\"evt.info\":\"fd=3(<f>/etc/passwd) "
			    "dirfd=-100(AT_FDCWD) name=/etc/passwd flags=1(O_RDONLY) mode=0 dev=NULL "
			    "ino=NULL \",\"evt.num\":1,\"evt.outputtime\":1470327477881730713,"
			    "\"evt.type\":\"openat\",\"proc.name\":\"cat\",\"thread.tid\":200}");
	/* keys sorted and listed once; literal text ignored; value types */
	assert_string_equal(line("*x %thread.ismain %fd.num %fd.cip %evt.time %fd.num %proc.vpid", FORMATTER_JSON, e, 1),
			    "{\"evt.time\":1470327477881730713,\"fd.cip\":null,\"fd.num\":3,"
			    "\"proc.vpid\":null,\"thread.ismain\":true}");
	assert_string_equal(line("%fd.num %fd.cip", FORMATTER_JSON, e, 0), "");
}

static void test_json_escaping(void **unused)
{
	struct thread *t = state_thread_add(st, 300);
	struct ev b;
	struct evt *e;

	strcpy(t->comm, "a\"b\\c\x01\t");
	set(&t->exe, "x\xffy\xc3\xa9z", 6);
	e = on(MK(&b, PPME_SYSCALL_OPENAT_2_X, 300, PI("fd", -2), PS("name", "q\"\n")), t, -1);
	assert_string_equal(line("%proc.name %proc.exe %evt.arg.name", FORMATTER_JSON, e, 1),
			    "{\"evt.arg.name\":\"q\\\"\",\"proc.exe\":\"x\\u00ffy\xc3\xa9z\","
			    "\"proc.name\":\"a\\\"b\\\\c\\u0001\\t\"}");
	/* data buffers are not cut in JSON */
	{
		char big[100], want[256];
		memset(big, 'z', sizeof(big));
		e = on(MK(&b, PPME_SYSCALL_READ_X, 200, PI("res", 100), PB("data", big, 100)), cat, -1);
		snprintf(want, sizeof(want), "{\"evt.buffer\":\"%.100s\"}", big);
		assert_string_equal(line("%evt.buffer", FORMATTER_JSON, e, 1), want);
	}
}

/* The number writers that replace printf on the output path print as it does. */
static void test_number_writers(void **state)
{
	static const uint64_t vals[] = { 0, 1, 7, 8, 9, 10, 11, 15, 16, 99, 100, 101, 255, 0644, 0xFE00, 123456789,
					 UINT32_MAX, (uint64_t)INT64_MAX, UINT64_MAX };
	(void)state;
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		char want[64];

		assert_int_equal(strbuf_put_hex(&sb, vals[i]), 0);
		snprintf(want, sizeof(want), "%" PRIX64, vals[i]);
		assert_string_equal(sb.buf, want);
		strbuf_reset(&sb);
		assert_int_equal(strbuf_put_oct(&sb, vals[i]), 0);
		snprintf(want, sizeof(want), "%#" PRIo64, vals[i]);
		assert_string_equal(sb.buf, want);
		strbuf_reset(&sb);
		assert_int_equal(strbuf_put_u64(&sb, vals[i]), 0);
		snprintf(want, sizeof(want), "%" PRIu64, vals[i]);
		assert_string_equal(sb.buf, want);
		strbuf_free(&sb);
	}
}

/* which fields a format shows, as the stream asks to know whether the probe
 * must time syscalls, and whether it must copy I/O data */
static void test_uses_flags(void **unused)
{
	static const struct { const char *fmt; uint32_t flags; bool latency, data; } cases[] = {
		{ NULL, 0, false, true }, /* evt.info */
		{ "%proc.name latency %evt.type data", 0, false, false },
		{ "%proc.name %evt.latency.human", 0, true, false },
		{ "*%evt.wait_latency", 0, true, false },
		{ NULL, FORMATTER_JSON, false, true },
		{ "%evt.num %evt.latency", FORMATTER_JSON, true, false },
		{ "%evt.buflen %fd.name", 0, false, false },
		{ "%evt.buffer", 0, false, true },
		{ "%evt.arg.data", 0, false, true },
		{ "%evt.arg.msgcontrol", 0, false, true },
		{ "%evt.arg[1]", 0, false, true }, /* by position, any argument may be the data */
		{ "%evt.arg.fd %evt.arg.name", 0, false, false },
		{ "%evt.rawarg.res", 0, false, false },
		{ "%evt.rawarg.data", 0, false, true },
		{ "%syslog.message", 0, false, true },
	};
	(void)unused;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *what = cases[i].fmt ? cases[i].fmt : "(default)";
		char *cause = NULL;
		struct formatter *f = formatter_new_ex(cases[i].fmt, cases[i].flags, 0, &cause);
		if (!f)
			fail_msg("'%s': %s", cases[i].fmt, cause);
		if (formatter_uses_flags(f, FF_LATENCY) != cases[i].latency)
			fail_msg("'%s': shows a latency field: wanted %d", what, cases[i].latency);
		if (formatter_uses_flags(f, FF_DATA) != cases[i].data)
			fail_msg("'%s': shows a data field: wanted %d", what, cases[i].data);
		formatter_free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openat),
		cmocka_unit_test(test_openat_relative),
		cmocka_unit_test(test_open_enoent),
		cmocka_unit_test(test_read_data),
		cmocka_unit_test(test_connect),
		cmocka_unit_test(test_tuples),
		cmocka_unit_test(test_execve),
		cmocka_unit_test(test_misc_params),
		cmocka_unit_test(test_flag_names),
		cmocka_unit_test(test_join_path),
		cmocka_unit_test(test_sanitized_names),
		cmocka_unit_test(test_default_format),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_widths_and_escapes),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_number_writers),
		cmocka_unit_test(test_uses_flags),
	};
	int r = cmocka_run_group_tests(tests, setup, teardown);
	strbuf_free(&out);
	strbuf_free(&scratch);
	return r;
}
