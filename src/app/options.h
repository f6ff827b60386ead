/* options.h: the command line, parsed once into this structure. Flags follow
 * sysdig's (and csysdig's for the UI) so that habits carry over. */
#ifndef WTF_OPTIONS_H
#define WTF_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "rules/rules_cli.h"

enum run_mode {
	MODE_STREAM,      /* events as text or JSON lines */
	MODE_UI,          /* the curses UI (a terminal and no stream option) */
	MODE_LIST_FIELDS, /* -l */
	MODE_LIST_EVENTS, /* -L */
	MODE_HELP,
	MODE_VERSION,
	MODE_LIST_CHISELS, /* -cl */
	MODE_CHISEL_INFO,  /* -i NAME */
	MODE_BATCH,        /* --batch: a view's rows at each refresh (src/ui) */
	MODE_LIST_VIEWS,   /* --list-views */
};

struct options {
	enum run_mode mode;
	char *filter;          /* owned: the trailing arguments joined by spaces */
	const char *format;    /* -p, or NULL for the default */
	bool json;             /* -j */
	uint32_t data_flags;   /* -A -x -X: FIELD_OUT_DATA_* */
	uint64_t max_events;   /* -n, 0 for no limit */
	double max_seconds;    /* -M, 0 for no limit */
	bool unbuffered;       /* --unbuffered */
	bool summary;          /* -S */
	bool quiet;            /* -q */
	bool force_stream;     /* --stream */
	int snaplen;           /* -s, -1 when not given */
	char timetype;         /* -t: h (default), a, r, d, D */
	uint32_t ringbuf_mb;   /* --ringbuf-mb */
	bool verbose_list;     /* -l -v? no: --list-verbose */
	const char *view;      /* -v (UI) */
	const char *read_file; /* -r: a capture file to read, "-" for stdin (borrowed) */
	uint32_t delay_ms;     /* -d: the UI's refresh interval (csysdig's -d), 0 for 2000 */
	bool no_color;         /* --no-color (NO_COLOR also turns colour off) */
	bool batch;            /* --batch */
	bool print_stats;      /* --stats: drop and rate figures on stderr at exit */
	/* -w and its rotation (src/capture/scap_write.h) */
	const char *write_path; /* -w FILE, "-" for stdout (borrowed from argv) */
	bool write_gzip;        /* -z */
	uint64_t rotate_bytes;  /* -C MB, in bytes */
	uint32_t rotate_secs;   /* -G */
	uint64_t rotate_events; /* -e */
	uint32_t max_files;     /* -W */
	struct rules_cli rules; /* -R, --alerts, --validate ... (rules/rules_cli.h) */
	const char *container_sockets[8]; /* --container-socket, repeatable (borrowed from argv) */
	size_t ncontainer_sockets;
	/* chisels (src/lua, app/chisels.c): -c NAME [ARGS] (repeatable), -cl, -i NAME */
	const char *chisels[16];  /* borrowed from argv */
	size_t nchisels;
	const char *chisel_info;  /* -i */
	char **positional;        /* borrowed: the words after the options (chisel
	                             arguments, then the filter) */
	int npositional;
	struct chisel_set *chisel_set; /* owned by main once loaded (app/chisels.c) */
};

/* Parses argv into o. Returns 0, or -1 with *cause set (caller frees): an
 * unknown option or a bad value, said as such. */
int options_parse(struct options *o, int argc, char **argv, char **cause);
void options_done(struct options *o);
void options_usage(FILE *f);

#endif
