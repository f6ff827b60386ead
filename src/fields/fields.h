/* fields.h: the field registry. A field such as proc.name is defined once
 * (name, type, description, getter) and used by -p formats, filters, view
 * columns, rule conditions and outputs, and chisels alike; -l prints it. */
#ifndef WTF_FIELDS_H
#define WTF_FIELDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event/decode.h"
#include "util/strbuf.h"

struct state;

/* How a value is held once extracted. */
enum field_kind {
	FK_NONE = 0,
	FK_INT,     /* int64: INT64, PID, ERRNO, FD, INT32 ... */
	FK_UINT,    /* uint64: UINT64, UINT32, RELTIME, ABSTIME, PORT ... */
	FK_BOOL,
	FK_DOUBLE,
	FK_STRING,  /* CHARBUF, FSPATH */
	FK_BYTES,   /* BYTEBUF: may hold NULs */
	FK_IPADDR,  /* IPv4 or IPv6 address */
	FK_IPNET,
};

struct field_value {
	enum field_kind kind;
	union {
		int64_t i;
		uint64_t u;
		double d;
		bool b;
		struct {
			/* borrowed: from the event, the state, or the scratch buffer.
			 * p[len] can be read; it is a NUL but for a string cut out of a
			 * longer one (fd.directory of a file's name) and for bytes. */
			const char *p;
			size_t len;
		} s;
		struct {
			uint8_t family; /* PPM_AF_INET or PPM_AF_INET6 */
			uint8_t a[16];
			uint8_t prefix; /* for FK_IPNET */
		} ip;
	};
};

/* What a getter may look at: the event, resolved by the state layer. Members
 * after output_flags may be left zero. */
/* A rule alert while it is told to the UI's Alerts view and to chisels'
 * on_alert: the alert.* fields read it (they have no value otherwise). */
struct alert_info {
	uint64_t ts;
	const char *rule, *priority, *source;
	const char *output; /* the rule's output with its %fields filled in */
};

struct field_ctx {
	struct evt *e;
	const struct alert_info *alert; /* set only while an alert is told */
	struct state *st;
	uint32_t output_flags; /* FIELD_OUT_* for rendering */
	uint64_t first_ts;     /* timestamp of the run's first event (evt.reltime); 0: this one's */
	uint64_t prev_ts;      /* timestamp of the previous event shown (evt.deltatime); 0: none */
	char timetype;         /* -t for evt.outputtime: 'h' (also 0), 'a', 'r', 'd', 'D' */
};

#define FIELD_OUT_DATA_ASCII (1 << 0) /* -A */
#define FIELD_OUT_DATA_HEX (1 << 1)   /* -x */
#define FIELD_OUT_DATA_HEXASCII (1 << 2) /* -X */
#define FIELD_OUT_ABSTIME_RAW (1 << 3)
#define FIELD_OUT_DATA_BASE64 (1 << 4) /* -b */
/* Data buffers in full. Without it, and without -A/-x/-X/-b, a rendered buffer
 * longer than 80 characters is cut to 80 ending in "..." (sysdig without -v).
 * The JSON formatter sets it, as sysdig -j does not cut either. */
#define FIELD_OUT_FULL_BUFFERS (1 << 5)
#define FIELD_OUT_DATA_MASK (FIELD_OUT_DATA_ASCII | FIELD_OUT_DATA_HEX | FIELD_OUT_DATA_HEXASCII | \
			     FIELD_OUT_DATA_BASE64)

/* A field as referenced in a format or filter, argument resolved. */
struct field_ref {
	const struct field_def *def;
	char *arg;          /* owned, the text in [..] or after evt.arg., or NULL */
	int64_t arg_index;  /* numeric argument ([N], evt.arg[N]), -1 if none */
	struct field_def *owned_def; /* owned: evt.rawarg.NAME's def, typed by the
				      * parameter NAME (def points to it), or NULL */
	uint32_t flags_off; /* FF_* flags of the field that this reference has not
			     * (FF_DATA: evt.arg.fd reads no I/O data) */
};

/* Returns 1 and fills *out when the field has a value for this event, 0 when it
 * has none (rendered as <NA>), negative on error. Strings may point into
 * scratch, which the caller resets between events. */
typedef int (*field_get_fn)(const struct field_ctx *c, const struct field_ref *ref,
			    struct field_value *out, struct strbuf *scratch);

#define FF_ARG_REQUIRED (1 << 0)  /* needs an argument: [..], or .X with FF_ARG_DOTTED */
#define FF_ARG_ALLOWED (1 << 1)   /* takes an optional argument: proc.aname[N] */
#define FF_ARG_DOTTED (1 << 2)    /* evt.arg.NAME / evt.type.is.X: the argument follows a dot */
#define FF_FILTER_ONLY (1 << 3)   /* fd.ip, fd.port, fd.proto ... */
#define FF_TABLE_ONLY (1 << 4)    /* for views only */
#define FF_EVENT_TYPE (1 << 5)    /* evt.type: values are event type names */
#define FF_HIDDEN (1 << 6)        /* valid, but not listed by -l (evt.outputtime) */
/* fd.ip, fd.port, fd.proto, fd.net match either end of a connection: the
 * getter returns the client side for arg_index 0 (or -1) and the server side
 * for arg_index 1; a filter tries both (like proc.aname without an index). */
#define FF_EITHER_SIDE (1 << 7)
#define FF_JSON_TS (1 << 8)       /* JSON shows the event timestamp (ns) as a number */
/* reads the syscall's latency: the probe times syscalls (a clock read and a
 * per-thread look-up at enter) only when some consumer uses such a field */
#define FF_LATENCY (1 << 9)
/* reads an event's I/O data: the probe copies data (the snaplen) only when
 * some consumer uses such a field */
#define FF_DATA (1 << 10)

struct field_def {
	const char *name;        /* "proc.name" */
	const char *type_name;   /* as sysdig -l prints it: "CHARBUF", "INT64" ... */
	enum field_kind kind;    /* FK_NONE only for evt.rawarg, whose references get a typed def */
	uint32_t flags;          /* FF_* */
	const char *desc;        /* one line, as -l shows it */
	field_get_fn get;
	/* For typed comparison of numeric fields whose values have names
	 * (evt.res = ENOENT, evt.arg.flags contains O_CREAT): optional. */
	const struct flag_name *value_names;
	uint8_t print;           /* enum print_fmt for numbers: PF_HEX, PF_10_PADDED_DEC, else decimal */
	/* Optional: checks a parsed reference's argument (also called when it
	 * has none) and completes the reference (evt.rawarg's typed def).
	 * Returns 0, or a negative errno with *cause set (caller frees). */
	int (*prepare)(struct field_ref *ref, char **cause);
};

struct field_class {
	const char *name;        /* "evt", "process", "fd" ... as -l groups them */
	const char *desc;
	const struct field_def *fields;
	size_t nfields;
	const char *title;       /* -l heading when it differs from name: "evt (All event types)" */
};

/* All classes, NULL-terminated. */
extern const struct field_class *const field_classes[];

/* Parses a field reference at text (e.g. "proc.aname[2]", "evt.arg.fd",
 * "fd.name"), consuming the longest valid field name. Returns the number of
 * characters consumed, or a negative errno with *cause set (a message naming
 * the problem, with a suggestion for a misspelt name; caller frees). */
int field_parse(const char *text, struct field_ref *out, char **cause);
void field_ref_done(struct field_ref *ref);
/* Whether the referenced field has any of the FF_* flags in `flags`. */
static inline bool field_ref_has_flags(const struct field_ref *ref, uint32_t flags)
{
	return ref->def && (ref->def->flags & ~ref->flags_off & flags);
}
const struct field_def *field_lookup(const char *name, size_t len);
/* The closest field name to a misspelt one, or NULL. */
const char *field_suggest(const char *name, size_t len);

/* Inline: every filter test and output field goes through it. */
static inline int field_get(const struct field_ctx *c, const struct field_ref *ref, struct field_value *out,
			    struct strbuf *scratch)
{
	if (!ref->def || !ref->def->get || !c->e || !c->e->hdr)
		return 0;
	return ref->def->get(c, ref, out, scratch);
}
/* Appends the value as sysdig prints it in -p output; "<NA>" when absent.
 * Returns 1 present, 0 absent. */
int field_render(const struct field_ctx *c, const struct field_ref *ref, struct strbuf *out,
		 struct strbuf *scratch);
/* Appends the value as a JSON value (number, true/false, string), "null" when
 * absent, as sysdig -j shows it. Returns 1 present, 0 absent. */
int field_render_json(const struct field_ctx *c, const struct field_ref *ref, struct strbuf *out,
		      struct strbuf *scratch);
/* Appends v as text the way -p prints a value of def (output_flags: FIELD_OUT_*). */
int field_value_render(const struct field_def *def, const struct field_value *v,
		       uint32_t output_flags, struct strbuf *out);

/* The containers layer answers the container.* fields of threads that are in
 * a container (thread->container set), and of `container` events (t may be
 * NULL then), through this hook; host threads get
 * host values ("host", no image) without it. Set once at start, NULL to unset.
 * Returns as field_get does. */
struct thread;
typedef int (*field_container_fn)(const struct field_ctx *c, const struct field_ref *ref,
				  const struct thread *t, struct field_value *out,
				  struct strbuf *scratch);
void fields_set_container_getter(field_container_fn fn);

/* -l: every field, grouped by class, with type and description. */
void fields_print_list(FILE *f, bool verbose);

#endif
