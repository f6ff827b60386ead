/* options.c: parsing the command line (sysdig's flags where they exist). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/options.h"
#include "fields/fields.h"

enum {
	OPT_UNBUFFERED = 256,
	OPT_STREAM,
	OPT_RINGBUF_MB,
	OPT_VERSION,
	OPT_STATS,
	OPT_RULES, /* every rule option: handled by rules_cli_option() */
	OPT_CONTAINER_SOCKET,
	OPT_BATCH,
	OPT_NO_COLOR,
	OPT_LIST_VIEWS,
};

static const struct option long_opts[] = {
	{ "print", required_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "print-ascii", no_argument, NULL, 'A' },
	{ "print-hex", no_argument, NULL, 'x' },
	{ "print-hex-ascii", no_argument, NULL, 'X' },
	{ "print-base64", no_argument, NULL, 'b' },
	{ "numevents", required_argument, NULL, 'n' },
	{ "list", no_argument, NULL, 'l' },
	{ "list-events", no_argument, NULL, 'L' },
	{ "summary", no_argument, NULL, 'S' },
	{ "snaplen", required_argument, NULL, 's' },
	{ "timetype", required_argument, NULL, 't' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "view", required_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "unbuffered", no_argument, NULL, OPT_UNBUFFERED },
	{ "stream", no_argument, NULL, OPT_STREAM },
	{ "ringbuf-mb", required_argument, NULL, OPT_RINGBUF_MB },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "no-rules", no_argument, NULL, OPT_RULES },
	{ "list-rules", no_argument, NULL, OPT_RULES },
	{ "validate", required_argument, NULL, OPT_RULES },
	{ "disable-rule", required_argument, NULL, OPT_RULES },
	{ "enable-tag", required_argument, NULL, OPT_RULES },
	{ "min-priority", required_argument, NULL, OPT_RULES },
	{ "alerts", no_argument, NULL, OPT_RULES },
	{ "json-alerts", no_argument, NULL, OPT_RULES },
	{ "alerts-file", required_argument, NULL, OPT_RULES },
	{ "alerts-program", required_argument, NULL, OPT_RULES },
	{ "alerts-syslog", optional_argument, NULL, OPT_RULES },
	{ "alerts-rate", required_argument, NULL, OPT_RULES },
	{ "container-socket", required_argument, NULL, OPT_CONTAINER_SOCKET },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "list-views", no_argument, NULL, OPT_LIST_VIEWS },
	{ "delay", required_argument, NULL, 'd' },
	{ "read", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 },
};

void options_usage(FILE *f)
{
	fputs("usage: wtftop [OPTIONS] [FILTER]\n"
	      "\n"
	      "On a terminal, wtftop shows its interactive UI; into a pipe or a file (or with\n"
	      "-p, -j, --stream) it prints one line per system call event that matches FILTER.\n"
	      "\n"
	      "Output:\n"
	      "  -p, --print=FORMAT     print events with FORMAT (%field tokens, as sysdig's -p)\n"
	      "  -j, --json             print events as JSON lines\n"
	      "  -A, --print-ascii      print only the text of data buffers\n"
	      "  -x, --print-hex        print data buffers in hex\n"
	      "  -X, --print-hex-ascii  print data buffers in hex and ASCII\n"
	      "  -b, --print-base64     print data buffers in base64\n"
	      "  -s, --snaplen=N        capture N bytes of I/O data per event (default 80)\n"
	      "  -t, --timetype=T       time column: h human (default), a absolute, r relative\n"
	      "                         to the first event, d delta from the previous event,\n"
	      "                         D delta from the previous event of the same thread\n"
	      "  -q, --quiet            print no events (with -S)\n"
	      "      --unbuffered       write each event at once (default: flush when idle)\n"
	      "      --stream           print the stream even on a terminal\n"
	      "Capture files (sysdig's scap format, plain or gzip):\n"
	      "  -r, --read=FILE        read events from FILE instead of this machine\n"
	      "                         (- for stdin)\n"
	      "  -w FILE                write the events to FILE (- for stdout) instead of printing\n"
	      "  -z                     gzip the file\n"
	      "  -C MB                  a new file every MB megabytes (FILE0, FILE1...)\n"
	      "  -G SECONDS             a new file every SECONDS (FILE is a strftime pattern)\n"
	      "  -e N                   a new file every N events\n"
	      "  -W N                   keep at most N files (the oldest go)\n"
	      "Limits:\n"
	      "  -n, --numevents=N      stop after N events\n"
	      "  -M SECONDS             stop after SECONDS\n"
	      "Information:\n"
	      "  -l, --list             list the fields for filters and formats\n"
	      "  -L, --list-events      list the event types and their parameters\n"
	      "  -S, --summary          print events by type and drops by reason at the end\n"
	      "      --stats            print event rate and drops on stderr at the end\n"
	      "      --ringbuf-mb=N     ring buffer size per CPU in MiB (default 4)\n"
	      "      --container-socket=PATH  a container runtime's Docker-compatible API socket\n"
	      "                         for names and images (repeatable; also tried:\n"
	      "                         /var/run/docker.sock, /run/podman/podman.sock)\n"
	      "Chisels (Lua scripts with sysdig's chisel API):\n"
	      "  -c NAME [ARGS]         run chisel NAME (repeatable); ARGS is one word\n"
	      "  -cl                    list the chisels by category\n"
	      "  -i NAME                a chisel's description and arguments\n"
	      "                         (path: $WTFTOP_CHISELS_PATH, ./chisels, ~/.chisels,\n"
	      "                         PREFIX/share/wtftop/chisels)\n"
	      "Interactive UI (on a terminal) and its batch mode:\n"
	      "  -v, --view=VIEW        start in VIEW (an id or name; see --list-views)\n"
	      "  -d, --delay=MS         refresh every MS milliseconds (default 2000)\n"
	      "      --batch            print the view's rows at each refresh, as top -b\n"
	      "                         (-n N: stop after N refreshes; -j: JSON lines)\n"
	      "      --list-views       list the views        --no-color  no colours\n"
	      "  -h, --help             this help        --version  the version\n"
	      "\n"
	      "",
	      f);
	rules_cli_usage(f);
	fputs("\nFilters use sysdig's and Falco's language, e.g.\n"
	      "  wtftop -p '%proc.name %evt.type %fd.name' \"proc.name=cat and evt.type=openat\"\n"
	      "See wtftop(8).\n",
	      f);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return (errno || *end || !*s || *s == '-') ? -1 : 0;
}

static char *errorf(const char *fmt, const char *arg)
{
	char *s = NULL;
	if (asprintf(&s, fmt, arg) < 0)
		return NULL;
	return s;
}

int options_parse(struct options *o, int argc, char **argv, char **cause)
{
	uint64_t v;
	int longidx = 0;
	int c;

	memset(o, 0, sizeof(*o));
	o->snaplen = -1;
	o->timetype = 'h';
	o->mode = MODE_STREAM;
	o->rules.min_priority = -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:jAxXbn:M:lLSs:t:qv:hR:c:i:d:r:w:zC:G:e:W:", long_opts, &longidx)) != -1) {
		switch (c) {
		case 'p': o->format = optarg; break;
		case 'j': o->json = true; break;
		case 'A': o->data_flags = FIELD_OUT_DATA_ASCII; break;
		case 'x': o->data_flags = FIELD_OUT_DATA_HEX; break;
		case 'X': o->data_flags = FIELD_OUT_DATA_HEXASCII; break;
		case 'b': o->data_flags = FIELD_OUT_DATA_BASE64; break;
		case 'n':
			if (parse_u64(optarg, &o->max_events) || o->max_events == 0) {
				*cause = errorf("-n takes a positive number of events, not '%s'", optarg);
				return -1;
			}
			break;
		case 'M': {
			char *end;
			o->max_seconds = strtod(optarg, &end);
			if (*end || o->max_seconds <= 0) {
				*cause = errorf("-M takes a positive number of seconds, not '%s'", optarg);
				return -1;
			}
			break;
		}
		case 'l': o->mode = MODE_LIST_FIELDS; break;
		case 'L': o->mode = MODE_LIST_EVENTS; break;
		case 'S': o->summary = true; break;
		case 's':
			if (parse_u64(optarg, &v) || v > 16000) {
				*cause = errorf("-s takes a snaplen from 0 to 16000 bytes, not '%s'", optarg);
				return -1;
			}
			o->snaplen = (int)v;
			break;
		case 't':
			if (strlen(optarg) != 1 || !strchr("harDd", optarg[0])) {
				*cause = errorf("-t takes h, a, r, d or D, not '%s'", optarg);
				return -1;
			}
			o->timetype = optarg[0];
			break;
		case 'q': o->quiet = true; break;
		case 'r': o->read_file = optarg; break;
		case 'v': o->view = optarg; break;
		case 'w': o->write_path = optarg; o->force_stream = true; break;
		case 'z': o->write_gzip = true; break;
		case 'C':
			if (parse_u64(optarg, &v) || v == 0 || v > (1ull << 40)) {
				*cause = errorf("-C takes a file size in MB (1 or more), not '%s'", optarg);
				return -1;
			}
			o->rotate_bytes = v * 1000000;
			break;
		case 'G':
			if (parse_u64(optarg, &v) || v == 0 || v > UINT32_MAX) {
				*cause = errorf("-G takes a number of seconds (1 or more), not '%s'", optarg);
				return -1;
			}
			o->rotate_secs = (uint32_t)v;
			break;
		case 'e':
			if (parse_u64(optarg, &v) || v == 0) {
				*cause = errorf("-e takes a number of events per file (1 or more), not '%s'", optarg);
				return -1;
			}
			o->rotate_events = v;
			break;
		case 'W':
			if (parse_u64(optarg, &v) || v == 0 || v > 100000) {
				*cause = errorf("-W takes a number of files from 1 to 100000, not '%s'", optarg);
				return -1;
			}
			o->max_files = (uint32_t)v;
			break;
		case 'd':
			if (parse_u64(optarg, &v) || v < 100 || v > 3600000) {
				*cause = errorf("-d takes a refresh interval from 100 to 3600000 ms, not '%s'", optarg);
				return -1;
			}
			o->delay_ms = (uint32_t)v;
			break;
		case OPT_BATCH: o->batch = true; break;
		case OPT_NO_COLOR: o->no_color = true; break;
		case OPT_LIST_VIEWS: o->mode = MODE_LIST_VIEWS; break;
		case 'h': o->mode = MODE_HELP; break;
		case OPT_UNBUFFERED: o->unbuffered = true; break;
		case OPT_STREAM: o->force_stream = true; break;
		case OPT_STATS: o->print_stats = true; break;
		case 'R':
		case OPT_RULES:
			if (rules_cli_option(&o->rules, c == 'R' ? "rules" : long_opts[longidx].name, optarg,
					     cause) < 0)
				return -1;
			break;
		case OPT_CONTAINER_SOCKET:
			if (o->ncontainer_sockets >= sizeof(o->container_sockets) / sizeof(o->container_sockets[0])) {
				*cause = errorf("--container-socket is allowed %s times at most", "8");
				return -1;
			}
			o->container_sockets[o->ncontainer_sockets++] = optarg;
			break;
		case OPT_RINGBUF_MB:
			if (parse_u64(optarg, &v) || v == 0 || v > 1024 || (v & (v - 1))) {
				*cause = errorf("--ringbuf-mb takes a power of two from 1 to 1024, not '%s'", optarg);
				return -1;
			}
			o->ringbuf_mb = (uint32_t)v;
			break;
		case OPT_VERSION: o->mode = MODE_VERSION; break;
		case 'c': /* -cl lists, -c NAME runs */
			if (!strcmp(optarg, "l")) {
				o->mode = MODE_LIST_CHISELS;
			} else if (o->nchisels >= sizeof(o->chisels) / sizeof(o->chisels[0])) {
				*cause = errorf("-c is allowed %s times at most", "16");
				return -1;
			} else {
				o->chisels[o->nchisels++] = optarg;
			}
			break;
		case 'i': o->mode = MODE_CHISEL_INFO; o->chisel_info = optarg; break;
		case '?':
		default:
			if (optopt && optopt < 256)
				*cause = errorf("unknown option -%s (see wtftop --help)", (char[]){ (char)optopt, 0 });
			else
				*cause = errorf("unknown option %s (see wtftop --help)", argv[optind - 1]);
			return -1;
		}
	}
	o->positional = argv + optind;
	o->npositional = argc - optind;
	if (optind < argc) {
		size_t len = 0;
		for (int i = optind; i < argc; i++)
			len += strlen(argv[i]) + 1;
		o->filter = malloc(len);
		if (!o->filter) {
			*cause = errorf("%s", "out of memory");
			return -1;
		}
		o->filter[0] = '\0';
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				strcat(o->filter, " ");
			strcat(o->filter, argv[i]);
		}
	}
	if (o->rules.alerts_only) { /* headless: alerts only, never the UI */
		o->force_stream = true;
		o->quiet = true;
	}
	if (o->mode == MODE_STREAM && !o->force_stream && !o->format && !o->json && !o->quiet &&
	    !o->summary && isatty(STDOUT_FILENO))
		o->mode = MODE_UI;
	if (o->batch && (o->mode == MODE_STREAM || o->mode == MODE_UI))
		o->mode = MODE_BATCH;
	if (o->nchisels && o->mode == MODE_UI) /* chisels print their own output */
		o->mode = MODE_STREAM;
	return 0;
}

void options_done(struct options *o)
{
	free(o->filter);
	o->filter = NULL;
}
