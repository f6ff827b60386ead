/* probe_dump.c: test tool for the probe. Loads it, runs a command, and prints
 * every event of that command's threads (and their children) as one JSON line
 * with the raw decoded parameters by name, so probe tests can check each one
 * without going through fields and formatting.
 *   probe_dump [-s SNAPLEN] -- CMD [ARGS...] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "event/decode.h"
#include "event/source.h"

#define MAX_TIDS 4096
static long tids[MAX_TIDS];
static int ntids;

static bool tid_known(long tid)
{
	for (int i = 0; i < ntids; i++)
		if (tids[i] == tid)
			return true;
	return false;
}

static void tid_add(long tid)
{
	if (!tid_known(tid) && ntids < MAX_TIDS)
		tids[ntids++] = tid;
}

static void print_json_str(const uint8_t *p, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static bool is_signed(enum param_type t)
{
	return t == PT_INT8 || t == PT_INT16 || t == PT_INT32 || t == PT_INT64 || t == PT_ERRNO ||
	       t == PT_FD || t == PT_PID;
}

static void print_param(const struct evt *e, int i)
{
	const struct param_info *pi = i < e->info->nparams ? &e->info->params[i] : NULL;
	enum param_type t = pi ? pi->type : PT_BYTEBUF;
	const uint8_t *p = e->params[i];
	size_t n = e->lens[i];

	if (n == 0) {
		printf("null");
		return;
	}
	switch (t) {
	case PT_CHARBUF: case PT_FSPATH: case PT_FSRELPATH:
		print_json_str(p, n && p[n - 1] == 0 ? n - 1 : n);
		return;
	default:
		break;
	}
	if ((n == 1 || n == 2 || n == 4 || n == 8) && t != PT_BYTEBUF && t != PT_SOCKADDR &&
	    t != PT_SOCKTUPLE && t != PT_FDLIST && t != PT_IPV6ADDR && t != PT_CHARBUFARRAY) {
		if (is_signed(t)) {
			int64_t v;
			evt_param_s64(e, i, &v);
			printf("%lld", (long long)v);
		} else {
			uint64_t v;
			evt_param_u64(e, i, &v);
			printf("%llu", (unsigned long long)v);
		}
		return;
	}
	putchar('"');
	for (size_t k = 0; k < n; k++)
		printf("%02x", p[k]);
	putchar('"');
}

static int on_event(void *ctx, const struct wtf_evt_hdr *hdr, size_t len, uint64_t latency,
		    uint16_t cpu)
{
	struct evt e;
	if (evt_decode(&e, hdr, len))
		return 0;
	/* a child whose own clone return comes before its parent's (vfork, or
	 * a pid namespace where the parent's res is another number) */
	if (!tid_known((long)hdr->tid) && e.info->category == EC_PROCESS && evt_is_exit(&e) &&
	    e.nparams > 5 && (strstr(e.info->name, "clone") || strstr(e.info->name, "fork"))) {
		int64_t res, pid, ptid;
		if (evt_param_s64(&e, 0, &res) && res == 0 &&
		    ((evt_param_s64(&e, 4, &pid) && tid_known(pid)) ||
		     (evt_param_s64(&e, 5, &ptid) && tid_known(ptid))))
			tid_add((long)hdr->tid);
	}
	if (!tid_known((long)hdr->tid))
		return 0;
	/* follow children: clone-like exits in the parent return the child's tid */
	if (e.info->category == EC_PROCESS && evt_is_exit(&e) && e.nparams > 0) {
		int64_t res;
		const char *n = e.info->name;
		if ((strstr(n, "clone") || strstr(n, "fork")) && evt_param_s64(&e, 0, &res) && res > 0)
			tid_add(res);
	}
	printf("{\"type\":\"%s\",\"code\":%u,\"dir\":\"%c\",\"tid\":%llu,\"ts\":%llu,\"latency\":%llu,\"cpu\":%u,\"params\":{",
	       evt_type_name(&e), hdr->type, evt_dir_char(&e), (unsigned long long)hdr->tid,
	       (unsigned long long)hdr->ts, (unsigned long long)latency, cpu);
	for (int i = 0; i < e.nparams; i++) {
		const char *name = i < e.info->nparams ? e.info->params[i].name : NULL;
		char extra[16];
		if (!name) {
			snprintf(extra, sizeof(extra), "param%d", i);
			name = extra;
		}
		printf("%s\"%s\":", i ? "," : "", name);
		print_param(&e, i);
	}
	printf("}}\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct live_opts opts = { .snaplen = 80 };
	struct source *src;
	char *cause = NULL;
	int opt, status;
	pid_t child;

	while ((opt = getopt(argc, argv, "s:T")) != -1) {
		if (opt == 's')
			opts.snaplen = atoi(optarg);
		else if (opt == 'T') /* untimed: the enter only copies arguments */
			opts.no_latency = true;
		else
			return 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: probe_dump [-s SNAPLEN] [-T] -- CMD [ARGS...]\n");
		return 2;
	}
	src = source_live_new(&opts, on_event, NULL, &cause);
	if (!src) {
		fprintf(stderr, "probe_dump: %s\n", cause);
		return 1;
	}
	child = fork();
	if (child == 0) {
		/* the command's own output goes to stderr: stdout is for the events */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	tid_add(child);
	for (;;) {
		pid_t w = waitpid(child, &status, WNOHANG);
		source_poll(src, 5);
		if (w == child)
			break;
	}
	/* drain what is still in flight */
	for (int i = 0; i < 20; i++)
		source_poll(src, 5);
	{
		struct source_stats st;
		source_stats(src, &st);
		fprintf(stderr, "probe_dump: %llu events, %llu dropped\n",
			(unsigned long long)st.n_evts, (unsigned long long)st.n_drops_total);
	}
	source_free(src);
	fflush(stdout);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
