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
static struct thread *bash, *cat, *nginx;
static struct ev b_open, b_read, b_fail, b_connect, b_generic, b_exec, b_v6, b_udp;
static struct evt *e_open, *e_read, *e_fail, *e_connect, *e_generic, *e_exec, *e_v6, *e_udp;

static void set(char **dst, const char *s)
{
	free(*dst);
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

	/* cat has a terminal and cgroups; alice is a known user */
	cat->tty = 34817;
	static const char cgroups[] = "cpu,cpuacct=/user.slice\0memory=/docker/abc123";
	cat->cgroups = malloc(sizeof(cgroups));
	memcpy(cat->cgroups, cgroups, sizeof(cgroups));
	cat->cgroups_len = sizeof(cgroups) - 1;
	state_add_user(st, 1000, 1000, "alice", "/home/alice", "/bin/bash");
	e_read->latency = 1500000; /* 1.5 ms */
	e_exec = on(MK(&b_exec, PPME_SYSCALL_EXECVE_19_X, 200, PI("res", 0), PS("exe", "cat"),
		       PB("args", "/etc/passwd\0", 12), PI("tid", 200), PI("pid", 200), PI("ptid", 100),
		       PI("tty", 34817), PS("filename", "/usr/bin/cat")), cat, -1);

	/* nginx, a child of sshd (pid 1), serves on IPv6 (fd 5) and UDP (fd 6) */
	nginx = state_thread_add(st, 300);
	strcpy(nginx->comm, "nginx");
	nginx->ptid = 1;
	nginx->euid = 33;
	set(&nginx->exepath, "/usr/sbin/nginx");
	fd = state_fd_add(st, nginx, 5);
	fd->type = FDT_IPV6_SOCK;
	fd->tuple.family = PPM_AF_INET6;
	fd->tuple.l4proto = 6;
	memcpy(fd->tuple.cip, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x07", 16);
	memcpy(fd->tuple.sip, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	fd->tuple.cport = 51000;
	fd->tuple.sport = 443;
	fd->role = FD_ROLE_SERVER;
	fd_set_name(fd, "2001:db8::7:51000->fe80::1:443", 30);
	fd = state_fd_add(st, nginx, 6);
	fd->type = FDT_IPV4_SOCK;
	fd->tuple.family = PPM_AF_INET;
	fd->tuple.l4proto = 17;
	memcpy(fd->tuple.cip, "\xc0\xa8\x01\x4d", 4);
	memcpy(fd->tuple.sip, "\xc0\xa8\x01\x0a", 4);
	fd->tuple.cport = 33333;
	fd->tuple.sport = 53;
	fd->role = FD_ROLE_SERVER;
	fd_set_name(fd, "192.168.1.77:33333->192.168.1.10:53", 35);
	static const char req[] = "GET / HTTP/1.1\r\nHost: example\r\n\r\n";
	e_v6 = on(MK(&b_v6, PPME_SYSCALL_READ_X, 300, PI("res", sizeof(req) - 1),
		     PB("data", req, sizeof(req) - 1), PI("fd", 5), PI("size", 4096)), nginx, 5);
	e_udp = on(MK(&b_udp, PPME_SYSCALL_READ_X, 300, PI("res", 40), PB("data", "\x12\x34\x01\x00", 4),
		      PI("fd", 6), PI("size", 512)), nginx, 6);
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

	if (!f) {
		print_message("'%s' did not compile: %s\n", text, cause);
		free(cause);
		return -1;
	}
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
		/* cut out of /etc/passwd in place: the patterns see only /etc */
		{ "fd.directory regex '^/etc$'", &e_open, 1 },
		{ "fd.directory glob '/et?'", &e_open, 1 },
		{ "fd.directory endswith etc", &e_open, 1 },
		{ "proc.name < dog", &e_open, 1 },
		{ "proc.name > dog", &e_open, 0 },
		{ "proc.name exists", &e_open, 1 },
		{ "evt.arg.data bcontains 743a", &e_read, 1 }, /* bcontains takes hex: "t:" */
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
		{ "evt.type!=getppid", &e_generic, 0 },
		{ "evt.type in (read, getppid)", &e_generic, 1 },
		{ "evt.type=read", &e_generic, 0 },
		{ "evt.type=read", &e_read, 1 },
		/* decided per type in the plans: named, unnamed, generic, under not/or */
		{ "not (evt.type=read or proc.name=nobody) and proc.name=cat", &e_open, 1 },
		{ "not (evt.type=openat or proc.name=nobody) and proc.name=cat", &e_open, 0 },
		{ "(evt.type=read and proc.name=nobody) or (evt.type!=write and fd.name=/etc/passwd)", &e_open, 1 },
		{ "(evt.type=read and proc.name=nobody) or (evt.type!=read and fd.name=/etc/passwd)", &e_read, 0 },
		{ "(evt.type in (read, getppid) and not evt.type=getppid) or proc.name=bash", &e_generic, 1 },
		{ "evt.type in (read, getppid) and not evt.type=getppid", &e_generic, 0 },
		{ "evt.type in (read, getppid) and not evt.type=openat", &e_generic, 1 },
		{ "not not evt.type=openat", &e_open, 1 },
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

		/* ---- every operator, on strings ---- */
		{ "fd.name = /etc/passwd", &e_open, 1 },
		{ "fd.name == /etc/passwd", &e_open, 1 },
		{ "fd.name != /etc/shadow", &e_open, 1 },
		{ "fd.name != /etc/passwd", &e_open, 0 },
		{ "fd.name < /etc/q", &e_open, 1 },
		{ "fd.name <= /etc/passwd", &e_open, 1 },
		{ "fd.name <= /etc/pass", &e_open, 0 },
		{ "fd.name > /etc/pass", &e_open, 1 },
		{ "fd.name >= /etc/passwd", &e_open, 1 },
		{ "fd.name >= /etc/passwe", &e_open, 0 },
		{ "fd.name contains /pass", &e_open, 1 },
		{ "fd.name contains /PASS", &e_open, 0 },
		{ "fd.name icontains /PASS", &e_open, 1 },
		{ "fd.name icontains shadow", &e_open, 0 },
		{ "fd.name startswith /etc/", &e_open, 1 },
		{ "fd.name startswith /usr/", &e_open, 0 },
		{ "fd.name endswith passwd", &e_open, 1 },
		{ "fd.name endswith /etc", &e_open, 0 },
		{ "fd.name glob /etc/???swd", &e_open, 1 },
		{ "fd.name glob '*passwd'", &e_open, 1 },
		{ "fd.name glob '/etc/[pq]*'", &e_open, 1 },
		{ "fd.name glob '/etc/[!p]*'", &e_open, 0 },
		{ "fd.name iglob '*PASSWD'", &e_open, 1 },
		{ "fd.name glob '*PASSWD'", &e_open, 0 },
		{ "fd.name regex 'passwd$'", &e_open, 1 },
		{ "fd.name regex '^/ETC'", &e_open, 0 },
		{ "fd.name regex '^/(etc|usr)/[a-z]+$'", &e_open, 1 },
		/* what the pre-check of regexes lets through: brackets opening on ']',
		 * classes, counts up to 1000, glibc's {,n} */
		{ "fd.name regex '^/[]a-z]+/pa{1,2}s{,2}[[:alpha:]]{3}$'", &e_open, 1 },
		{ "fd.name regex '^(/[a-z]{1,1000}){2}$'", &e_open, 1 },
		{ "fd.name regex '^/etc/(te|pas+)swd$'", &e_open, 1 },
		{ "fd.name in (/etc/shadow, /etc/passwd)", &e_open, 1 },
		{ "fd.name in (/etc/shadow)", &e_open, 0 },
		{ "fd.name intersects (/etc/passwd, /x)", &e_open, 1 },
		{ "fd.name intersects (/x, /y)", &e_open, 0 },
		{ "fd.name pmatch (/etc)", &e_open, 1 },
		{ "fd.name pmatch (/)", &e_open, 1 },
		{ "fd.name pmatch (/etc/passwd)", &e_open, 1 },
		{ "fd.name pmatch (/etc/pass)", &e_open, 0 },
		{ "fd.name pmatch (/usr, /var/lib)", &e_open, 0 },
		{ "fd.name pmatch (/etc/)", &e_open, 1 },
		{ "fd.name exists", &e_open, 1 },
		{ "fd.name", &e_open, 1 },
		{ "fd.name and proc.name=cat", &e_open, 1 },
		{ "fd.directory exists", &e_generic, 0 },
		{ "fd.filename = passwd", &e_open, 1 },
		{ "fd.directory != /etc", &e_open, 0 },
		{ "proc.exepath = /usr/bin/cat", &e_open, 1 },
		{ "proc.exepath startswith /usr/bin/", &e_open, 1 },
		{ "proc.exe = cat", &e_open, 1 },
		{ "proc.cwd = /home/alice/", &e_open, 1 },
		/* ---- byte buffers: hex for bcontains and bstartswith ---- */
		{ "evt.buffer contains GET", &e_v6, 1 },
		{ "evt.buffer contains POST", &e_v6, 0 },
		{ "evt.buffer icontains host:", &e_v6, 1 },
		{ "evt.buffer startswith GET", &e_v6, 1 },
		{ "evt.buffer startswith HTTP", &e_v6, 0 },
		{ "evt.buffer endswith '\\r\\n\\r\\n'", &e_v6, 1 },
		{ "evt.buffer bcontains 474554", &e_v6, 1 },
		{ "evt.buffer bcontains 48545450", &e_v6, 1 },
		{ "evt.buffer bcontains 0d0a", &e_v6, 1 },
		{ "evt.buffer bcontains 0D0A486f7374", &e_v6, 1 },
		{ "evt.buffer bcontains 474554ab", &e_v6, 0 },
		{ "evt.buffer bstartswith 47455420", &e_v6, 1 },
		{ "evt.buffer bstartswith 4554", &e_v6, 0 },
		{ "evt.buffer bstartswith 1234", &e_udp, 1 },
		{ "evt.buffer bcontains 0100", &e_udp, 1 },
		{ "evt.buffer bcontains 00", &e_read, 1 },
		{ "evt.buffer bcontains 00", &e_v6, 0 },
		{ "evt.buffer bcontains 474554", &e_open, 0 },
		{ "evt.buffer regex 'HTTP/1\\.[01]'", &e_v6, 1 },
		{ "evt.buffer glob 'GET *'", &e_v6, 1 },
		{ "evt.buffer exists", &e_v6, 1 },
		{ "evt.buffer exists", &e_open, 0 },
		{ "evt.buflen = 40", &e_udp, 1 },
		{ "evt.buflen > 20", &e_v6, 1 },
		/* ---- precedence: not over and over or ---- */
		{ "proc.name=cat and fd.num=4 or proc.name=cat", &e_open, 1 },
		{ "proc.name=cat and (fd.num=4 or proc.name=bash)", &e_open, 0 },
		{ "not proc.name=cat or fd.num=3", &e_open, 1 },
		{ "not (proc.name=cat or fd.num=3)", &e_open, 0 },
		{ "not proc.name=cat and fd.num=3", &e_open, 0 },
		{ "not proc.name=bash and fd.num=3", &e_open, 1 },
		{ "proc.name=bash or not fd.num=4 and proc.pid=200", &e_open, 1 },
		{ "proc.name=bash or not (fd.num=3 and proc.pid=200)", &e_open, 0 },
		{ "proc.name=bash or proc.name=sh or proc.name=cat", &e_open, 1 },
		{ "proc.name=cat and fd.num=3 and proc.pid=200 and user.uid=1000", &e_open, 1 },
		{ "proc.name=cat and fd.num=3 and proc.pid=201", &e_open, 0 },
		{ "(proc.name=cat)and(fd.num=3)", &e_open, 1 },
		{ "proc.name=cat and(fd.num=3)", &e_open, 1 },
		{ "not(proc.name=bash)and not(fd.num=4)", &e_open, 1 },
		{ "not not not proc.name=cat", &e_open, 0 },
		{ "((proc.name=bash) or ((fd.num=3) and (not proc.pid=1)))", &e_open, 1 },
		{ "proc.name=cat\n\tand fd.num=3", &e_open, 1 },
		{ "  proc.name=cat  ", &e_open, 1 },
		{ "proc.name=android", &e_open, 0 },
		{ "proc.name=order", &e_open, 0 },
		{ "proc.name=notcat", &e_open, 0 },
		/* ---- quoting ---- */
		{ "proc.name = 'cat'", &e_open, 1 },
		{ "proc.name = \"cat\"", &e_open, 1 },
		{ "proc.name = 'ca'", &e_open, 0 },
		{ "proc.name = \"c\\x61\\x74\"", &e_open, 1 },
		{ "proc.name = 'c\\at'", &e_open, 1 },
		{ "proc.name = 'ca\\'t'", &e_open, 0 },
		{ "proc.name = \"ca\\\"t\"", &e_open, 0 },
		{ "proc.name = 'cat' and fd.name = '/etc/passwd'", &e_open, 1 },
		{ "fd.name = '/etc/pass wd'", &e_open, 0 },
		{ "fd.name contains ' '", &e_open, 0 },
		{ "evt.buffer contains 'GET / '", &e_v6, 1 },
		{ "evt.buffer contains \"Host: example\"", &e_v6, 1 },
		{ "evt.buffer contains 'Host:\\texample'", &e_v6, 0 },
		{ "evt.buffer contains '1.1\\r\\nHost'", &e_v6, 1 },
		{ "fd.name = \"/etc/passwd\" or fd.name = '/etc/shadow'", &e_open, 1 },
		{ "proc.name in ('ca t', \"cat\")", &e_open, 1 },
		{ "proc.name in ('a,b', 'c)')", &e_open, 0 },
		{ "proc.name in (\"(cat)\")", &e_open, 0 },
		{ "proc.name='and'", &e_open, 0 },
		{ "proc.name=''", &e_open, 0 },
		{ "proc.name!=\"\"", &e_open, 1 },
		{ "fd.name regex ''", &e_open, 1 },
		{ "fd.name contains ''", &e_open, 1 },
		{ "fd.name glob ''", &e_open, 0 },
		/* ---- lists ---- */
		{ "proc.name in (cat)", &e_open, 1 },
		{ "proc.name in (cat,bash)", &e_open, 1 },
		{ "proc.name in ( bash , cat )", &e_open, 1 },
		{ "proc.name in (bash,sh,zsh,ksh,dash,fish,tcsh,csh)", &e_open, 0 },
		{ "proc.name in ()", &e_open, 0 },
		{ "not proc.name in ()", &e_open, 1 },
		{ "proc.name in(cat)", &e_open, 1 },
		{ "proc.pid in (100, 200, 300)", &e_open, 1 },
		{ "proc.pid in (0x64, 0xc8)", &e_open, 1 },
		{ "proc.pid in (1, 2)", &e_open, 0 },
		{ "user.uid in (0, 1000)", &e_open, 1 },
		{ "evt.type in (read, write, openat)", &e_read, 1 },
		{ "evt.type in (write, sendto)", &e_read, 0 },
		{ "proc.name intersects (bash, cat)", &e_open, 1 },
		{ "proc.pname in (bash, sh)", &e_open, 1 },
		{ "proc.name = (cat)", &e_open, 1 },
		/* ---- field arguments ---- */
		{ "proc.aname[0] = cat", &e_open, 1 },
		{ "proc.aname[1] = sshd", &e_open, 0 },
		{ "proc.aname[3] = sshd", &e_open, 0 },
		{ "proc.aname[3] exists", &e_open, 0 },
		{ "proc.aname[2] exists", &e_open, 1 },
		{ "proc.aname in (sshd, init)", &e_open, 1 },
		{ "proc.aname startswith ss", &e_open, 1 },
		{ "proc.aname contains bas", &e_open, 1 },
		{ "proc.aname != sshd", &e_open, 0 },
		{ "proc.aname != nginx", &e_open, 1 },
		{ "proc.aname = bash", &e_v6, 0 },
		{ "proc.aname = sshd", &e_v6, 1 },
		{ "proc.aname[1] = sshd", &e_v6, 1 },
		{ "proc.aname exists", &e_open, 1 },
		{ "proc.apid[1] = 100", &e_open, 1 },
		{ "proc.apid[2] = 1", &e_open, 1 },
		{ "proc.apid[1] = 1", &e_open, 0 },
		{ "proc.apid = 100", &e_open, 1 },
		{ "proc.apid = 999", &e_open, 0 },
		{ "proc.apid in (1, 999)", &e_open, 1 },
		{ "proc.apid[1] > 50", &e_open, 1 },
		{ "evt.arg.name = /etc/passwd", &e_open, 1 },
		{ "evt.arg.name startswith /etc", &e_open, 1 },
		{ "evt.arg.name exists", &e_open, 1 },
		{ "evt.arg.name exists", &e_read, 0 },
		{ "evt.arg.res = 5", &e_read, 1 },
		{ "evt.arg.size = 64", &e_read, 1 },
		{ "evt.arg[2] = /etc/passwd", &e_open, 1 },
		{ "evt.arg[2] = /nope", &e_fail, 1 },
		{ "evt.arg[9] exists", &e_open, 0 },
		{ "evt.arg[3] contains O_CREAT", &e_open, 1 },
		{ "evt.arg.exe = cat", &e_exec, 1 },
		{ "evt.arg.filename = /usr/bin/cat", &e_exec, 1 },
		{ "evt.rawarg.fd = 3", &e_open, 1 },
		{ "evt.rawarg.fd = 0x3", &e_open, 1 },
		{ "evt.rawarg.fd < 0", &e_fail, 1 },
		{ "evt.rawarg.fd = -2", &e_fail, 1 },
		{ "evt.rawarg.dirfd = -100", &e_open, 1 },
		{ "evt.rawarg.size >= 64", &e_read, 1 },
		{ "evt.rawarg.size > 64", &e_read, 0 },
		{ "evt.rawarg.res = 5", &e_read, 1 },
		{ "evt.rawarg.res > 0", &e_read, 1 },
		{ "evt.rawarg.name = /etc/passwd", &e_open, 1 },
		{ "evt.rawarg.tty = 34817", &e_exec, 1 },
		{ "thread.cgroup.cpuacct = /user.slice", &e_open, 1 },
		{ "thread.cgroup.cpu = /user.slice", &e_open, 1 },
		{ "thread.cgroup.memory startswith /docker/", &e_open, 1 },
		{ "thread.cgroup.memory = /user.slice", &e_open, 0 },
		{ "thread.cgroup.pids exists", &e_open, 0 },
		{ "thread.cgroup.memory exists", &e_v6, 0 },
		{ "thread.cgroups contains memory=/docker", &e_open, 1 },
		{ "evt.type.is.openat = 1", &e_open, 1 },
		{ "evt.type.is.openat = 0", &e_read, 1 },
		{ "evt.type.is.read = 1", &e_read, 1 },
		{ "evt.type.is.execve = 1", &e_exec, 1 },
		{ "evt.type.is.open = 1", &e_open, 0 },
		/* ---- numbers: decimal, hex, negative, unsigned ---- */
		{ "proc.pid = 0xc8", &e_open, 1 },
		{ "proc.pid = 0XC8", &e_open, 1 },
		{ "proc.pid > 0x10", &e_open, 1 },
		{ "proc.pid < 0x10", &e_open, 0 },
		{ "proc.pid != 200", &e_open, 0 },
		{ "proc.pid >= 200", &e_open, 1 },
		{ "proc.pid <= 199", &e_open, 0 },
		{ "proc.ppid = 100", &e_open, 1 },
		{ "proc.ppid = 1", &e_v6, 1 },
		{ "thread.tid = 200", &e_open, 1 },
		{ "thread.tid = 300", &e_v6, 1 },
		{ "user.uid != 0", &e_open, 1 },
		{ "user.uid = 33", &e_v6, 1 },
		{ "user.uid > 999", &e_open, 1 },
		{ "user.name = alice", &e_open, 1 },
		{ "user.name != root", &e_open, 1 },
		{ "proc.tty != 0", &e_open, 1 },
		{ "proc.tty = 34817", &e_open, 1 },
		{ "proc.tty = 0", &e_v6, 1 },
		{ "evt.num = 7", &e_open, 1 },
		{ "evt.cpu = 2", &e_open, 1 },
		{ "evt.cpu = 0x2", &e_open, 1 },
		{ "evt.rawtime = 1470327477881730713", &e_open, 1 },
		{ "evt.rawtime > 1470327477881730712", &e_open, 1 },
		{ "evt.rawtime < 1470327477881730713", &e_open, 0 },
		{ "evt.rawtime = 0x1467a70d0ea2f699", &e_open, 1 },
		{ "evt.rawres = 0", &e_open, 0 },
		{ "evt.rawres = 3", &e_open, 1 },
		{ "evt.rawres > -1", &e_open, 1 },
		{ "evt.rawres >= -2", &e_fail, 1 },
		{ "evt.rawres < -2", &e_fail, 0 },
		{ "fd.num = 03", &e_open, 1 },
		{ "fd.num = 3", &e_read, 1 },
		{ "fd.num < 4", &e_connect, 0 },
		{ "fd.num = -1", &e_generic, 0 },
		/* ---- addresses and networks, IPv4 and IPv6 ---- */
		{ "fd.sip = 10.1.2.3/32", &e_connect, 1 },
		{ "fd.snet = 10.1.2.2/31", &e_connect, 1 },
		{ "fd.snet = 10.1.2.0/31", &e_connect, 0 },
		{ "fd.snet = 0.0.0.0/0", &e_connect, 1 },
		{ "fd.snet = 10.1.2.3", &e_connect, 1 },
		{ "fd.sip != 10.1.2.3", &e_connect, 0 },
		{ "fd.sip != 10.1.2.4", &e_connect, 1 },
		{ "fd.sip in (10.0.0.0/8, 192.168.0.0/16)", &e_connect, 1 },
		{ "fd.sip in (172.16.0.0/12, 192.168.0.0/16)", &e_connect, 0 },
		{ "fd.cip = 127.0.0.1", &e_connect, 1 },
		{ "fd.cnet = 127.0.0.0/8", &e_connect, 1 },
		{ "fd.lip = 127.0.0.1", &e_connect, 1 },
		{ "fd.rip = 10.1.2.3", &e_connect, 1 },
		{ "fd.lnet = 127.0.0.0/8", &e_connect, 1 },
		{ "fd.lnet = 10.0.0.0/8", &e_connect, 0 },
		{ "fd.rnet = 10.0.0.0/8", &e_connect, 1 },
		{ "fd.lport = 40000", &e_connect, 1 },
		{ "fd.rport = 8080", &e_connect, 1 },
		{ "fd.sip exists", &e_connect, 1 },
		{ "fd.sip exists", &e_open, 0 },
		{ "fd.sip = 10.1.2.3", &e_open, 0 },
		{ "fd.net = 10.0.0.0/8", &e_connect, 1 },
		{ "fd.net = 127.0.0.0/8", &e_connect, 1 },
		{ "fd.net = 172.16.0.0/12", &e_connect, 0 },
		{ "fd.net != 172.16.0.0/12", &e_connect, 1 },
		{ "fd.net != 10.0.0.0/8", &e_connect, 0 },
		{ "fd.ip != 8.8.8.8", &e_connect, 1 },
		{ "fd.sip = fe80::1", &e_v6, 1 },
		{ "fd.sip = FE80:0:0::1", &e_v6, 1 },
		{ "fd.cip = 2001:db8::7", &e_v6, 1 },
		{ "fd.sip = ::1", &e_v6, 0 },
		{ "fd.snet = fe80::/10", &e_v6, 1 },
		{ "fd.snet = fe80::/64", &e_v6, 1 },
		{ "fd.snet = fec0::/10", &e_v6, 0 },
		{ "fd.snet = ::/0", &e_v6, 1 },
		{ "fd.cnet = 2001:db8::/32", &e_v6, 1 },
		{ "fd.cnet = 2001:db9::/32", &e_v6, 0 },
		{ "fd.snet = 10.0.0.0/8", &e_v6, 0 },
		{ "fd.lip = fe80::1", &e_v6, 1 },
		{ "fd.rip = 2001:db8::7", &e_v6, 1 },
		{ "fd.lnet = fe80::/16", &e_v6, 1 },
		{ "fd.rnet = 2001:db8::/32", &e_v6, 1 },
		{ "fd.rnet = fe80::/16", &e_v6, 0 },
		{ "fd.lport = 443", &e_v6, 1 },
		{ "fd.rport = 51000", &e_v6, 1 },
		{ "fd.sport = 443", &e_v6, 1 },
		{ "fd.ip = 2001:db8::7", &e_v6, 1 },
		{ "fd.ip = fe80::1", &e_v6, 1 },
		{ "fd.net = 2001:db8::/32", &e_v6, 1 },
		{ "fd.port = 443", &e_v6, 1 },
		{ "fd.port in (80, 443)", &e_v6, 1 },
		{ "fd.type = ipv6", &e_v6, 1 },
		{ "fd.typechar = 6", &e_v6, 1 },
		{ "fd.l4proto = tcp", &e_v6, 1 },
		{ "fd.sip = 192.168.1.10", &e_udp, 1 },
		{ "fd.net = 192.168.0.0/16", &e_udp, 1 },
		{ "fd.sport = 53", &e_udp, 1 },
		{ "fd.l4proto = udp", &e_udp, 1 },
		{ "fd.l4proto = tcp", &e_udp, 0 },
		{ "fd.l4proto in (udp, tcp)", &e_udp, 1 },
		{ "fd.lnet = 192.168.1.0/24 and fd.lport = 53", &e_udp, 1 },
		{ "fd.sip = 127.0.0.1 and fd.sport = 8080", &e_connect, 0 },
		{ "fd.cip = 127.0.0.1 and fd.sport = 8080", &e_connect, 1 },
		/* ---- errno names, results ---- */
		{ "evt.res = ENOENT", &e_fail, 1 },
		{ "evt.res != ENOENT", &e_fail, 0 },
		{ "evt.res = EACCES", &e_fail, 0 },
		{ "evt.res in (EACCES, ENOENT)", &e_fail, 1 },
		{ "evt.res != SUCCESS", &e_fail, 1 },
		{ "evt.res = SUCCESS", &e_read, 1 },
		{ "evt.res startswith E", &e_fail, 1 },
		{ "evt.rawres in (ENOENT, EACCES)", &e_fail, 1 },
		{ "evt.rawres != ENOENT", &e_fail, 0 },
		{ "evt.failed = true", &e_open, 0 },
		{ "evt.failed = TRUE", &e_fail, 1 },
		{ "evt.failed = 1", &e_fail, 1 },
		{ "evt.failed = 0", &e_open, 1 },
		{ "evt.failed != true", &e_open, 1 },
		{ "evt.failed", &e_fail, 1 },
		/* ---- flag names ---- */
		{ "evt.arg.flags contains O_RDONLY", &e_open, 1 },
		{ "evt.arg.flags contains O_CLOEXEC", &e_open, 1 },
		{ "evt.arg.flags contains O_TRUNC", &e_open, 0 },
		{ "evt.arg.flags contains O_CREAT", &e_read, 0 },
		{ "not evt.arg.flags contains O_CREAT", &e_fail, 1 },
		{ "evt.rawarg.flags contains O_CREAT", &e_open, 1 },
		{ "evt.rawarg.flags contains O_TRUNC", &e_open, 0 },
		{ "evt.rawarg.flags contains 'O_CREAT|O_CLOEXEC'", &e_open, 1 },
		{ "evt.rawarg.flags contains 'O_CREAT|O_TRUNC'", &e_open, 0 },
		{ "evt.rawarg.flags = 'O_RDONLY|O_CREAT|O_CLOEXEC'", &e_open, 1 },
		{ "evt.rawarg.flags contains O_CREAT", &e_fail, 0 },
		{ "(evt.type = creat or evt.arg.flags contains O_CREAT) and proc.name != blkid", &e_open, 1 },
		/* ---- booleans ---- */
		{ "evt.is_open_read = true", &e_open, 1 },
		{ "evt.is_open_write = true", &e_open, 0 },
		{ "evt.is_open_write = false", &e_open, 1 },
		{ "evt.is_open_read = false", &e_open, 0 },
		{ "evt.is_io = true", &e_read, 1 },
		{ "evt.is_io_read = true", &e_read, 1 },
		{ "evt.is_io_write = true", &e_read, 0 },
		{ "evt.is_io = false", &e_open, 1 },
		{ "fd.is_server = true", &e_v6, 1 },
		{ "fd.is_server = false", &e_connect, 1 },
		/* ---- durations ---- */
		{ "evt.latency > 1ms", &e_read, 1 },
		{ "evt.latency > 2ms", &e_read, 0 },
		{ "evt.latency < 2ms", &e_read, 1 },
		{ "evt.latency = 1500us", &e_read, 1 },
		{ "evt.latency = 1500000", &e_read, 1 },
		{ "evt.latency = 1500000ns", &e_read, 1 },
		{ "evt.latency = 1.5ms", &e_read, 1 },
		{ "evt.latency > 1s", &e_read, 0 },
		{ "evt.latency < 1m", &e_read, 1 },
		{ "evt.latency < 1h", &e_read, 1 },
		{ "evt.latency >= 0.001s", &e_read, 1 },
		/* ---- event types ---- */
		{ "evt.type = execve", &e_exec, 1 },
		{ "evt.type = execve and evt.dir = '<'", &e_exec, 1 },
		{ "evt.dir = '>'", &e_exec, 0 },
		{ "evt.type != execve", &e_open, 1 },
		{ "evt.type = read", &e_v6, 1 },
		{ "evt.type = openat and fd.name = /etc/passwd and not proc.name in (skype, webex)", &e_open, 1 },
		{ "evt.type = setns and not proc.name in (docker, sysdig)", &e_open, 0 },
		{ "fd.directory in (/bin, /sbin, /usr/bin, /usr/sbin) and evt.is_open_write=true", &e_open, 0 },
		{ "fd.directory in (/etc, /usr/bin) and evt.is_open_read=true", &e_open, 1 },
	};
	size_t bad = 0, n = sizeof(cases) / sizeof(cases[0]);
	for (size_t i = 0; i < n; i++) {
		int got = match(cases[i].filter, *cases[i].e, NULL);
		if (got != cases[i].want) {
			print_message("case %zu: '%s' gave %d, wanted %d\n", i, cases[i].filter, got,
				      cases[i].want);
			bad++;
		}
	}
	print_message("%zu filter/event cases, %zu wrong\n", n, bad);
	assert_int_equal(bad, 0);
}

/* ---- macros and lists, as the rule engine supplies them ---- */

static const char *macro(void *ctx, const char *name)
{
	static const char *const m[][2] = {
		{ "spawned_process", "evt.type=execve and evt.dir='<'" },
		{ "open_read", "evt.type in (open, openat) and fd.typechar='f'" },
		{ "loop", "loop and proc.name=cat" },
		{ "ping", "pong" },
		{ "pong", "ping or proc.name=x" },
		{ "is_cat", "proc.name=cat" },
		{ "is_reader", "proc.name in (readers)" },
		{ "shell_parent", "proc.pname in (shell_binaries)" },
		{ "reader_from_shell", "is_reader and shell_parent" },
		{ "nested3", "(reader_from_shell) and not spawned_process" },
		{ "sensitive_read", "open_read and fd.name pmatch (sensitive_dirs)" },
		{ "private_net", "fd.snet in (private_nets)" },
		{ "or_macro", "proc.name=bash or proc.name=cat" },
		{ "never", "proc.name=nosuch" },
		{ "slow_call", "evt.latency > 1000000" },
		{ "broken", "proc.name=" },
		{ "typo", "proc.nmae=cat" },
		{ "trailing", "proc.name=cat )" },
		{ "uses_undefined", "is_cat and no_such_macro" },
		{ "exponential", "big and big" },
		{ "big", "bigger and bigger" },
		{ "bigger", "b3 and b3" },
		{ "b3", "b4 and b4" },
		{ "b4", "b5 and b5" },
		{ "b5", "b6 and b6" },
		{ "b6", "b7 and b7" },
		{ "b7", "b8 and b8" },
		{ "b8", "b9 and b9" },
		{ "b9", "b10 and b10" },
		{ "b10", "b11 and b11" },
		{ "b11", "b12 and b12" },
		{ "b12", "b13 and b13" },
		{ "b13", "b14 and b14" },
		{ "b14", "b15 and b15" },
		{ "b15", "b16 and b16" },
		{ "b16", "b17 and b17" },
		{ "b17", "proc.name=cat and proc.name=cat" },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(name, m[i][0]))
			return m[i][1];
	return NULL;
}

static const char *const *list(void *ctx, const char *name)
{
	static const char *const shells[] = { "bash", "sh", "zsh", NULL };
	static const char *const readers[] = { "cat", "less", NULL };
	static const char *const dirs[] = { "/etc", "/root/.ssh", NULL };
	static const char *const nets[] = { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", NULL };
	static const char *const ports[] = { "80", "443", "8080", NULL };
	static const char *const empty[] = { NULL };
	static const char *const quoted[] = { "a b", "c,d", NULL };
	/* Falco's lists quote items inside the YAML: '"10.0.0.0/8"', '"(systemd)"' */
	static const char *const falco_nets[] = { "\"10.0.0.0/8\"", "'192.168.0.0/16'", NULL };
	static const char *const falco_names[] = { "\"(systemd)\"", "\"cat\"", NULL };
	if (!strcmp(name, "shell_binaries"))
		return shells;
	if (!strcmp(name, "readers"))
		return readers;
	if (!strcmp(name, "sensitive_dirs"))
		return dirs;
	if (!strcmp(name, "private_nets"))
		return nets;
	if (!strcmp(name, "web_ports"))
		return ports;
	if (!strcmp(name, "empty"))
		return empty;
	if (!strcmp(name, "odd_names"))
		return quoted;
	if (!strcmp(name, "falco_nets"))
		return falco_nets;
	if (!strcmp(name, "falco_names"))
		return falco_names;
	return NULL;
}

static void test_macros_and_lists(void **unused)
{
	struct filter_defs defs = { macro, list, NULL };
	const struct case_ cases[] = {
		{ "open_read and proc.name=cat", &e_open, 1 },
		{ "spawned_process", &e_open, 0 },
		{ "spawned_process", &e_exec, 1 },
		{ "not spawned_process", &e_open, 1 },
		{ "spawned_process and proc.name in (readers)", &e_exec, 1 },
		{ "proc.name in (readers)", &e_open, 1 },
		{ "proc.name in readers", &e_open, 1 },
		{ "proc.name in (shell_binaries, cat)", &e_open, 1 },
		{ "proc.name in (shell_binaries)", &e_open, 0 },
		{ "proc.name in (shell_binaries, readers)", &e_open, 1 },
		{ "proc.pname in (shell_binaries)", &e_open, 1 },
		{ "proc.name = readers", &e_open, 0 },   /* lists expand only in a list */
		{ "proc.name in (empty)", &e_open, 0 },
		{ "not proc.name in (empty)", &e_open, 1 },
		{ "proc.name in (odd_names)", &e_open, 0 },
		{ "proc.aname in (shell_binaries)", &e_open, 1 },
		{ "is_cat", &e_open, 1 },
		{ "is_cat", &e_v6, 0 },
		{ "not is_cat", &e_v6, 1 },
		{ "(is_cat)", &e_open, 1 },
		{ "is_cat and not never", &e_open, 1 },
		{ "is_cat and never", &e_open, 0 },
		{ "reader_from_shell", &e_open, 1 },
		{ "nested3", &e_open, 1 },
		{ "nested3", &e_exec, 0 },
		{ "sensitive_read", &e_open, 1 },
		{ "sensitive_read", &e_read, 0 },
		{ "private_net", &e_connect, 1 },
		{ "private_net", &e_udp, 1 },
		{ "private_net", &e_v6, 0 },
		{ "fd.sport in (web_ports)", &e_connect, 1 },
		{ "fd.snet in (falco_nets)", &e_connect, 1 },
		{ "fd.snet in (falco_nets)", &e_v6, 0 },
		{ "proc.name in (falco_names)", &e_open, 1 },
		{ "proc.name in (falco_names)", &e_v6, 0 },
		{ "fd.sport in (web_ports)", &e_udp, 0 },
		{ "fd.port in (web_ports)", &e_v6, 1 },
		/* a macro is one operand: or inside it does not leak out */
		{ "or_macro and fd.num=4", &e_open, 0 },
		{ "never and or_macro", &e_open, 0 },
		{ "not or_macro", &e_open, 0 },
		{ "proc.name=bash and or_macro", &e_open, 0 },
	};
	size_t bad = 0, n = sizeof(cases) / sizeof(cases[0]);
	for (size_t i = 0; i < n; i++) {
		int got = match(cases[i].filter, *cases[i].e, &defs);
		if (got != cases[i].want) {
			print_message("case %zu: '%s' gave %d, wanted %d\n", i, cases[i].filter, got,
				      cases[i].want);
			bad++;
		}
	}
	print_message("%zu macro and list cases, %zu wrong\n", n, bad);
	assert_int_equal(bad, 0);

	/* errors in and around macros */
	static const struct { const char *text, *what; size_t col; } errs[] = {
		{ "loop", "nest too deep", 1 },
		{ "ping", "nest too deep", 1 },
		{ "proc.name=cat and broken", "in macro 'broken': expected a value", 19 },
		{ "typo", "in macro 'typo': unknown field 'proc.nmae'", 1 },
		{ "trailing", "in macro 'trailing': unbalanced ')'", 1 },
		{ "uses_undefined", "no_such_macro", 1 },
		{ "is_cat and no_such_macro", "no_such_macro", 12 },
		{ "exponential", "filter too large", 1 },
	};
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		char *cause = NULL, col[32];
		struct filter *f = filter_compile(errs[i].text, &defs, &cause);
		if (f)
			fail_msg("'%s' compiled", errs[i].text);
		snprintf(col, sizeof(col), "column %zu:", errs[i].col);
		if (!strstr(cause, errs[i].what) || !strstr(cause, col))
			fail_msg("'%s': wanted '%s' at %s, got: %s", errs[i].text, errs[i].what, col, cause);
		free(cause);
	}
}

/* which fields a filter reads, as the stream asks to know whether the probe
 * must time syscalls */
static void test_uses_flags(void **unused)
{
	static const struct { const char *text; bool latency; } cases[] = {
		{ "proc.name=cat", false },
		{ "evt.latency > 5", true },
		{ "proc.name=cat and not (fd.name=x or evt.wait_latency > 5)", true },
		{ "evt.type=read and evt.latency.human contains ms", true },
		{ "is_cat or (never and slow_call)", true },
		{ "is_cat or never", false },
	};
	struct filter_defs defs = { macro, list, NULL };
	(void)unused;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *cause = NULL;
		struct filter *f = filter_compile(cases[i].text, &defs, &cause);
		if (!f)
			fail_msg("'%s': %s", cases[i].text, cause);
		if (filter_uses_flags(f, FF_LATENCY) != cases[i].latency)
			fail_msg("'%s': reads a latency field: wanted %d", cases[i].text, cases[i].latency);
		assert_false(filter_uses_flags(f, FF_TABLE_ONLY));
		filter_free(f);
	}
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
	assert_false(types[PPME_GENERIC_X]);
	assert_true(filter_may_match_name(f, "openat"));
	assert_false(filter_may_match_name(f, "getppid"));
	filter_free(f);
	/* a syscall without an event of its own comes as a generic event */
	f = filter_compile("evt.type=clock_nanosleep", NULL, &cause);
	filter_event_types(f, types);
	assert_true(types[PPME_GENERIC_X]);
	assert_false(types[PPME_SYSCALL_OPENAT_2_X]);
	filter_free(f);
	f = filter_compile("proc.name=cat or evt.type=read", NULL, &cause);
	assert_true(filter_may_match_name(f, "getppid"));
	filter_free(f);
	f = filter_compile("not evt.type=read", NULL, &cause);
	assert_false(filter_may_match_name(f, "read"));
	assert_true(filter_may_match_name(f, "write"));
	filter_free(f);
	/* through a macro, and with evt.type in a list */
	struct filter_defs defs = { macro, list, NULL };
	f = filter_compile("spawned_process and proc.name in (shell_binaries)", &defs, &cause);
	assert_non_null(f);
	filter_event_types(f, types);
	assert_true(types[PPME_SYSCALL_EXECVE_19_X]);
	assert_false(types[PPME_SYSCALL_OPENAT_2_X]);
	assert_false(filter_may_match_name(f, "openat"));
	filter_free(f);
	f = filter_compile("evt.type in (open, openat) or (evt.type=read and fd.num=3)", NULL, &cause);
	assert_true(filter_may_match_name(f, "open"));
	assert_true(filter_may_match_name(f, "read"));
	assert_false(filter_may_match_name(f, "write"));
	filter_free(f);
}

static size_t errors_wrong, errors_run;

/* Filters run one after the other on an event (a ruleset's rules) share a
 * memo: a value fetched by one is reused by the next, except one built in the
 * scratch buffer, which is reset between them; the next event forgets all. */
static void test_memo(void **unused)
{
	static const char *texts[] = {
		"proc.cmdline = cat and fd.name = /etc/passwd",
		/* evt.time is made in the scratch buffer where proc.cmdline was */
		"evt.time exists and proc.cmdline = cat and fd.name = /etc/passwd",
		"fd.name = /etc/shadow",
		"fd.name = /etc/passwd",
	};
	struct filter *f[4];
	struct filter_memo *m = filter_memo_new();
	struct strbuf scratch = STRBUF_INIT;
	struct field_ctx c = { .e = e_open, .st = st };
	char *cause = NULL;
	bool got[4];

	assert_non_null(m);
	for (int i = 0; i < 4; i++) {
		f[i] = filter_compile(texts[i], NULL, &cause);
		assert_non_null(f[i]);
	}
	filter_memo_next(m);
	for (int i = 0; i < 4; i++) {
		strbuf_reset(&scratch);
		got[i] = filter_match_memo(f[i], &c, &scratch, m);
	}
	assert_true(got[0]);
	assert_true(got[1]);
	assert_false(got[2]);
	assert_true(got[3]);
	/* the next event: fd 4 is a socket */
	c.e = e_connect;
	filter_memo_next(m);
	strbuf_reset(&scratch);
	assert_false(filter_match_memo(f[3], &c, &scratch, m));
	for (int i = 0; i < 4; i++)
		filter_free(f[i]);
	strbuf_free(&scratch);
	filter_memo_free(m);
}


/* Checks that text fails with a message containing `what`, at `column`, and
 * the caret under that column. */
static void compile_error(const char *text, const char *what, size_t column)
{
	char *cause = NULL;
	char col[32];
	struct filter *f = filter_compile(text, NULL, &cause);
	const char *caret;

	errors_run++;
	snprintf(col, sizeof(col), "column %zu:", column);
	if (f) {
		print_message("'%s' compiled\n", text);
		filter_free(f);
		errors_wrong++;
		return;
	}
	caret = strrchr(cause, '\n');
	if (!strstr(cause, what) || !strstr(cause, col) || !caret || strlen(caret + 1) - 2 != column) {
		print_message("'%s': wanted '%s' at %s, got: %s\n", text, what, col, cause);
		errors_wrong++;
	}
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
	/* durations past int64's nanoseconds, or not numbers (a fuzzer's find) */
	compile_error("evt.latency > 15555555555555555555555555555555ms", "not a number", 15);
	compile_error("evt.latency > nanms", "not a number", 15);
	compile_error("fd.sip=notanip", "not an IP address", 8);
	compile_error("evt.failed=maybe", "not a boolean", 12);
	compile_error("fd.num glob 3*", "does not apply", 8);
	compile_error("proc.name in (a, b", "unterminated list", 19);
	compile_error("fd.name regex '('", "invalid regular expression", 15);
	compile_error("undefined_macro", "undefined_macro", 1);
	/* unknown fields, with and without a suggestion; arguments */
	compile_error("proc.nmae=cat", "unknown field 'proc.nmae'", 1);
	/* a known field's name with more after a dot is another, unknown, field
	 * (Falco's fd.sip.name): its rule is skipped, not an error */
	compile_error("proc.name=cat and fd.sip.name=x", "unknown field 'fd.sip.name'", 19);
	compile_error("fd.nmae=x", "did you mean fd.name", 1);
	compile_error("proc.name=cat or  evt.tyep=open", "did you mean evt.type", 19);
	compile_error("thread.cgroup=x", "needs a subsystem", 1);
	compile_error("evt.arg.nosuch exists", "unknown event argument 'nosuch'", 1);
	compile_error("proc.name=cat and evt.buflen.in > 0", "only be used in views", 19);
	/* structure */
	compile_error("proc.name=cat or", "unexpected end", 17);
	compile_error("not", "unexpected end", 4);
	compile_error("()", "expected a field name", 2);
	compile_error("proc.name=cat and and fd.num=3", "expected a condition before 'and'", 19);
	compile_error("or proc.name=cat", "expected a condition before 'or'", 1);
	compile_error("proc.name=cat fd.num=3", "unexpected 'fd.num=3'", 15);
	compile_error("proc.name=cat AND fd.num=3", "unexpected 'AND fd.num=3'", 15);
	compile_error("proc.name=cat && fd.num=3", "unexpected '&& fd.num=3'", 15);
	compile_error("((proc.name=cat)", "missing ')' for the '(' at column 1", 17);
	compile_error("proc.name=cat))", "unbalanced ')'", 14);
	compile_error("proc.name ~ cat", "expected an operator after proc.name", 11);
	compile_error("proc.name=\"cat", "unterminated string (missing \")", 11);
	compile_error("proc.name in ('a', 'b)", "unterminated string", 20);
	compile_error("proc.name in (a b)", "expected ',' or ')' in the list", 17);
	compile_error("proc.name in (a,", "unterminated list (missing ')' for the '(' at column 14)", 17);
	compile_error("proc.name = (a, b)", "takes one value, not a list", 13);
	compile_error("proc.name in", "expected a value", 13);
	/* operators that do not apply to a field's type */
	compile_error("evt.failed < true", "operator '<' does not apply to evt.failed (BOOL)", 12);
	compile_error("fd.sip contains 10.", "operator 'contains' does not apply to fd.sip", 8);
	compile_error("proc.pid regex '1.*'", "operator 'regex' does not apply to proc.pid", 10);
	compile_error("proc.pid bcontains 31", "operator 'bcontains' does not apply", 10);
	compile_error("fd.num pmatch (/etc)", "operator 'pmatch' does not apply", 8);
	compile_error("fd.snet >= 10.0.0.0/8", "operator '>=' does not apply", 9);
	/* values that cannot be parsed for the field */
	compile_error("proc.pid = 12ab", "'12ab' is not a number for proc.pid", 12);
	compile_error("proc.pid in (1, x)", "'x' is not a number", 17);
	compile_error("evt.rawres = ENOPE", "'ENOPE' is not a number or a known name", 14);
	compile_error("evt.rawarg.flags contains O_NOPE", "'O_NOPE' is not a number or a known name", 27);
	compile_error("evt.latency > 1xs", "'1xs' is not a number", 15);
	compile_error("proc.pid > 5s", "'5s' is not a number", 12);
	compile_error("fd.sip = 10.0.0.256", "is not an IP address", 10);
	compile_error("fd.snet = 10.0.0.0/33", "is not an IP address or network", 11);
	compile_error("fd.snet = fe80::/129", "is not an IP address or network", 11);
	compile_error("fd.snet = 10.0.0.0/", "is not an IP address or network", 11);
	compile_error("fd.sip in (10.0.0.1, nope)", "'nope' is not an IP address", 22);
	compile_error("evt.is_open_read = yes", "'yes' is not a boolean (true or false)", 20);
	compile_error("fd.name regex '[a-'", "invalid regular expression", 15);
	/* what makes glibc's regcomp take memory by the hundreds of MB (the fuzz
	 * smoke run found the first), refused as RE2 refuses it */
	compile_error("fd.name regex '^/etc/(te|sh/dow++++++++++++++++++++++)$'", "a repetition of a repetition", 15);
	compile_error("fd.name regex 'a*?'", "a repetition of a repetition", 15);
	compile_error("fd.name regex 'a{2}{3}'", "a repetition of a repetition", 15);
	compile_error("fd.name regex 'a{1001}'", "a repetition count over 1000", 15);
	compile_error("fd.name regex 'a{,5000}'", "a repetition count over 1000", 15);
	compile_error("fd.name regex '(a{1000}){1000}'", "a pattern that expands too large", 15);
	compile_error("fd.name regex '((a{100}){100}){100}'", "a pattern that expands too large", 15);
	compile_error("fd.name regex '(a)\\\\1'", "a back-reference", 15);
	compile_error("evt.buffer bcontains hello", "'hello' is not a hex byte string", 22);
	compile_error("evt.buffer bcontains 123", "'123' is not a hex byte string", 22);
	compile_error("evt.buffer bstartswith 0x41", "is not a hex byte string", 24);
	compile_error("evt.buffer bcontains ''", "is not a hex byte string", 22);
	compile_error("proc.name=cat and unknown_macro", "unknown_macro", 19);
	print_message("%zu error cases, %zu wrong\n", errors_run, errors_wrong);
	assert_int_equal(errors_wrong, 0);
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

	/* not not not ... */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 300; i++)
		strbuf_puts(&sb, "not ");
	strbuf_puts(&sb, "proc.name=cat");
	assert_null(filter_compile(sb.buf, NULL, &cause));
	assert_non_null(strstr(cause, "nests too deep"));
	free(cause);

	/* a long flat chain is fine: 3000 comparisons */
	strbuf_reset(&sb);
	strbuf_puts(&sb, "proc.name=cat");
	for (int i = 0; i < 3000; i++)
		strbuf_puts(&sb, i % 2 ? " and fd.num=3" : " and not proc.name=bash");
	assert_int_equal(match(sb.buf, e_open, NULL), 1);

	/* every event type named, times 2600 comparisons: past the plans' step
	 * budget, so one undecided plan serves all types, with the same results */
	for (int want = 0; want <= 1; want++) {
		strbuf_reset(&sb);
		strbuf_puts(&sb, "evt.type in (");
		for (int t = 0; t < PPM_EVENT_MAX; t++) {
			const char *name = event_type_name((uint16_t)t);
			char item[80];
			snprintf(item, sizeof(item), " %s,", name);
			if (name[0] && !strstr(sb.buf, item))
				strbuf_puts(&sb, item);
		}
		sb.buf[sb.len - 1] = ')';
		strbuf_puts(&sb, " and (");
		for (int i = 0; i < 2600; i++)
			strbuf_printf(&sb, "proc.name=x%d or ", i);
		strbuf_puts(&sb, want ? "proc.name=cat)" : "proc.name=dog)");
		assert_int_equal(match(sb.buf, e_open, NULL), want);
		assert_int_equal(match(sb.buf, e_read, NULL), want);
		assert_int_equal(match(sb.buf, e_generic, NULL), 0); /* getppid: not a type name */
	}

	/* longer than 64 KiB */
	strbuf_reset(&sb);
	while (sb.len <= 65536)
		strbuf_puts(&sb, "proc.name=cat or ");
	strbuf_puts(&sb, "proc.name=cat");
	assert_null(filter_compile(sb.buf, NULL, &cause));
	assert_non_null(strstr(cause, "too long"));
	free(cause);
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_macros_and_lists),
		cmocka_unit_test(test_event_types),
		cmocka_unit_test(test_uses_flags),
		cmocka_unit_test(test_memo),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
