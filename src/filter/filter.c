/* filter.c: compiling and evaluating the filter language.
 *
 * Compilation resolves fields, operators and values once (numbers parsed,
 * names of errnos and flags looked up, regexes compiled, CIDRs split) into a
 * tree, and the tree into plans (below); evaluation walks a plan with no
 * allocation. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter/filter.h"
#include "util/strbuf.h"

#define MAX_DEPTH 100
#define MAX_TEXT 65536
#define MAX_ANCESTORS 32
/* Bounds the tree that macros expand to (a macro using another twice, 30
 * levels deep, would otherwise make 2^30 comparisons). */
#define MAX_COMPARISONS 100000

enum op {
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_CONTAINS, OP_ICONTAINS, OP_BCONTAINS, OP_STARTSWITH, OP_BSTARTSWITH, OP_ENDSWITH,
	OP_GLOB, OP_IGLOB, OP_REGEX, OP_IN, OP_INTERSECTS, OP_PMATCH, OP_EXISTS,
};

static const struct {
	const char *name;
	enum op op;
	bool takes_list;
} ops[] = {
	/* longest first, for the symbolic ones */
	{ "==", OP_EQ, false }, { "!=", OP_NE, false }, { "<=", OP_LE, false }, { ">=", OP_GE, false },
	{ "=", OP_EQ, false }, { "<", OP_LT, false }, { ">", OP_GT, false },
	{ "contains", OP_CONTAINS, false }, { "icontains", OP_ICONTAINS, false },
	{ "bcontains", OP_BCONTAINS, false }, { "startswith", OP_STARTSWITH, false },
	{ "bstartswith", OP_BSTARTSWITH, false }, { "endswith", OP_ENDSWITH, false },
	{ "glob", OP_GLOB, false }, { "iglob", OP_IGLOB, false }, { "regex", OP_REGEX, false },
	{ "in", OP_IN, true }, { "intersects", OP_INTERSECTS, true }, { "pmatch", OP_PMATCH, true },
	{ "exists", OP_EXISTS, false },
};

/* A value compared against, parsed for the field's kind at compile time. */
struct value {
	char *text;          /* owned, unescaped */
	size_t len;
	bool is_num;
	int64_t num;         /* numbers, errno and flag names, booleans */
	uint8_t family;      /* for IP addresses: PPM_AF_INET/INET6, 0 if not an address */
	uint8_t addr[16];
	int prefix;          /* CIDR prefix length, -1 for a single address */
	regex_t *re;         /* owned, for regex */
};

enum node_kind { N_AND, N_OR, N_NOT, N_CMP, N_TRUE };

struct node {
	enum node_kind kind;
	struct node *a;      /* N_NOT's operand (owned) */
	/* N_AND's and N_OR's operands (owned), flattened: "a and (b and c)" is
	 * one node of three, so that the first false one ends the walk */
	struct node **kids;
	uint32_t nkids;
	struct field_ref ref;
	enum op op;
	struct value *vals;  /* owned */
	size_t nvals;
	bool any_ancestor;   /* proc.aname without an index: any ancestor matches */
	bool either_side;    /* fd.ip, fd.port, fd.proto, fd.net: the client or the server end */
	/* evt.type =, !=, in: the type codes whose name is among the values (a
	 * bitmap, owned), so that evaluation compares no strings; generic events,
	 * named by their syscall, still compare by name */
	uint8_t *types;
	int memo_slot;       /* the field's slot in a filter_memo, or -1 */
	int8_t rank;         /* fail_rank, for ordering the operands of and */
};

/* A plan is the tree flattened for evaluation: its comparisons only, each
 * saying which step comes next when it holds and when it does not (AND, OR
 * and NOT become those links), so a match is a loop over an array, with the
 * same comparisons in the same order as the tree's short-circuit walk.
 * Targets are step indexes or the two ends below. */
#define PLAN_ACCEPT (-1)
#define PLAN_REJECT (-2)

struct step {
	const struct node *n;
	int32_t on_true, on_false;
};

struct plan {
	struct step *steps;  /* owned */
	uint32_t nsteps;
	int32_t entry;
};

/* Plans: [0] decides nothing in advance (generic events, named by their
 * syscall, and codes out of range); [1] serves the types that no evt.type
 * test names, with every such test decided false; then one per type that a
 * test names, with the tests decided for it. plan_of maps a type to its plan. */
enum { PLAN_ANY_TYPE, PLAN_UNNAMED };

struct filter {
	struct node *root;
	char *text;
	struct plan *plans;  /* owned */
	uint32_t nplans;
	uint16_t plan_of[PPM_EVENT_MAX];
};

/* ---- parsing -------------------------------------------------------------- */

struct parser {
	const char *text;
	const char *p;
	const struct filter_defs *defs;
	char *err;           /* first error, owned */
	size_t err_col;
	int depth;
	int macro_depth;
	size_t *ncmp;        /* comparisons so far, macro expansions included */
};

static void perr(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- regular expressions: what glibc would choke on ----------------------- */

/* glibc's regcomp copies the subexpression of each x+ (as x x*) and of each
 * x{m,n} (n copies, n - m of them nested optional ones): its memory grows
 * with the product of nested counts, with the square of n - m, and doubles
 * with each stacked + (x+++ took 40 MB at 16 of them). So before
 * regcomp, what RE2, Falco's regex engine, refuses is refused here too: a
 * repetition of a repetition, a count over 1000, a back-reference, nesting
 * past REGEX_MAX_DEPTH, and a pattern that expands past REGEX_MAX_NODES. */
#define REGEX_MAX_COUNT 1000
#define REGEX_MAX_DEPTH 200
#define REGEX_MAX_NODES 100000 /* about 20 MB */

struct re_scan {
	const char *p;
	const char *why;
	int depth;
	uint64_t spread; /* n - m of the last {m,n} read */
};

static uint64_t re_cap(uint64_t n)
{
	return n > REGEX_MAX_NODES ? REGEX_MAX_NODES + 1 : n;
}

static uint64_t re_alt(struct re_scan *rs);

/* A bracket expression from its '[': [^]...], [:class:], [=e=], [.c.] */
static void re_bracket(struct re_scan *rs)
{
	const char *p = rs->p + 1;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			const char *end = strchr(p + 2, p[1]);
			p = end && end[1] == ']' ? end + 2 : p + 1;
		} else {
			p++;
		}
	}
	rs->p = *p ? p + 1 : p;
}

/* {m}, {m,}, {m,n} or glibc's {,n} at rs->p: the copies it makes (its
 * largest count, one more for {m,}'s star), 0 if it is no count (glibc then
 * says whether the brace is an error) */
static uint64_t re_count(struct re_scan *rs)
{
	const char *p = rs->p + 1;
	unsigned long m = 0, n;
	bool unbounded = false;
	char *end = (char *)p;

	if (*p != ',' && (*p < '0' || *p > '9'))
		return 0;
	if (*p != ',')
		m = strtoul(p, &end, 10);
	n = m;
	if (*end == ',') {
		end++;
		if (*end >= '0' && *end <= '9')
			n = strtoul(end, &end, 10);
		else
			unbounded = true;
	}
	if (*end != '}')
		return 0;
	if (m > REGEX_MAX_COUNT || n > REGEX_MAX_COUNT) {
		rs->why = "a repetition count over 1000";
		return 0;
	}
	rs->p = end + 1;
	rs->spread = n > m ? n - m : 0;
	return (m > n ? m : n) + unbounded + (m == 0 && n == 0); /* {0}: still one node */
}

/* One atom and its repetitions: its expanded size */
static uint64_t re_item(struct re_scan *rs)
{
	uint64_t size = 1;
	bool repeated = false;

	switch (*rs->p) {
	case '(':
		if (++rs->depth > REGEX_MAX_DEPTH) {
			rs->why = "groups nested too deep";
			return 0;
		}
		rs->p++;
		size = re_alt(rs) + 1;
		rs->depth--;
		if (*rs->p == ')')
			rs->p++;
		break;
	case '[':
		re_bracket(rs);
		break;
	case '\\':
		if (rs->p[1] >= '1' && rs->p[1] <= '9') {
			rs->why = "a back-reference";
			return 0;
		}
		rs->p += rs->p[1] ? 2 : 1;
		break;
	default:
		rs->p++;
	}
	while (!rs->why) {
		uint64_t copies, extra = 0;
		if (*rs->p == '*' || *rs->p == '?') {
			copies = 1;
			rs->p++;
		} else if (*rs->p == '+') {
			copies = 2;
			rs->p++;
		} else if (*rs->p == '{') {
			if (!(copies = re_count(rs)))
				break;
			/* x{m,n} nests n - m optional copies, whose closures glibc
			 * keeps: memory grows with the square of n - m (x{1,1000}:
			 * 8 MB), counted here in nodes of about 200 bytes */
			extra = rs->spread * rs->spread / 25;
		} else {
			break;
		}
		if (repeated) {
			rs->why = "a repetition of a repetition";
			return 0;
		}
		repeated = true;
		size = re_cap(size * copies + 1 + extra);
	}
	return size;
}

/* Branches separated by '|', up to a ')' or the end: their summed size */
static uint64_t re_alt(struct re_scan *rs)
{
	uint64_t size = 0;
	while (*rs->p && *rs->p != ')' && !rs->why) {
		if (*rs->p == '|') {
			rs->p++;
			size++;
			continue;
		}
		size = re_cap(size + re_item(rs));
		if (size > REGEX_MAX_NODES)
			rs->why = "a pattern that expands too large";
	}
	return size;
}

/* Why glibc should not be given re, or NULL. */
static const char *regex_refused(const char *re)
{
	struct re_scan rs = { .p = re };
	while (*rs.p && !rs.why) {
		re_alt(&rs);
		if (*rs.p == ')') /* unbalanced: regcomp says so */
			rs.p++;
	}
	return rs.why;
}

static void perr(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	if (ps->err)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	ps->err = msg ? msg : strdup("invalid filter");
	ps->err_col = at ? (size_t)(at - ps->text) : 0;
}

static void skip_ws(struct parser *ps)
{
	while (*ps->p && isspace((unsigned char)*ps->p))
		ps->p++;
}

/* Matches a keyword (and, or, not, in, ...) followed by a non-word character. */
static bool keyword(struct parser *ps, const char *kw)
{
	size_t n = strlen(kw);
	if (strncmp(ps->p, kw, n) != 0)
		return false;
	if (isalnum((unsigned char)ps->p[n]) || ps->p[n] == '_' || ps->p[n] == '.')
		return false;
	ps->p += n;
	return true;
}

static struct node *node_new(enum node_kind k)
{
	struct node *n = calloc(1, sizeof(*n));
	if (n)
		n->kind = k;
	return n;
}

static void value_done(struct value *v)
{
	free(v->text);
	if (v->re) {
		regfree(v->re);
		free(v->re);
	}
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	for (uint32_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	field_ref_done(&n->ref);
	for (size_t i = 0; i < n->nvals; i++)
		value_done(&n->vals[i]);
	free(n->vals);
	free(n->types);
	free(n);
}

static struct node *parse_or(struct parser *ps);
static void resolve_types(struct node *n);
static int make_plans(struct filter *f);
static void order_and_operands(struct node *n);
static int memo_slot_of(const struct field_ref *ref);

/* After a whole condition: only the end may follow. */
static void expect_end(struct parser *ps)
{
	skip_ws(ps);
	if (*ps->p == ')')
		perr(ps, ps->p, "unbalanced ')'");
	else if (*ps->p)
		perr(ps, ps->p, "unexpected '%.32s%s' (expected and, or, or the end)", ps->p,
		     strlen(ps->p) > 32 ? "..." : "");
}

/* A value token: quoted (with escapes) or bare. Returns an owned string. */
static char *parse_value_text(struct parser *ps, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *start = ps->p;

	skip_ws(ps);
	start = ps->p;
	if (*ps->p == '"' || *ps->p == '\'') {
		char q = *ps->p++;
		while (*ps->p && *ps->p != q) {
			if (*ps->p == '\\' && ps->p[1]) {
				ps->p++;
				switch (*ps->p) {
				case 'n': strbuf_putc(&sb, '\n'); break;
				case 't': strbuf_putc(&sb, '\t'); break;
				case 'r': strbuf_putc(&sb, '\r'); break;
				case '0': strbuf_putc(&sb, '\0'); break;
				case 'x':
					if (isxdigit((unsigned char)ps->p[1]) && isxdigit((unsigned char)ps->p[2])) {
						char hex[3] = { ps->p[1], ps->p[2], 0 };
						strbuf_putc(&sb, (char)strtol(hex, NULL, 16));
						ps->p += 2;
						break;
					}
					/* fallthrough */
				default: strbuf_putc(&sb, *ps->p); break;
				}
				ps->p++;
				continue;
			}
			strbuf_putc(&sb, *ps->p++);
		}
		if (*ps->p != q) {
			perr(ps, start, "unterminated string (missing %c)", q);
			strbuf_free(&sb);
			return NULL;
		}
		ps->p++;
	} else {
		while (*ps->p && !isspace((unsigned char)*ps->p) && *ps->p != '(' && *ps->p != ')' &&
		       *ps->p != ',')
			strbuf_putc(&sb, *ps->p++);
		if (sb.len == 0) {
			perr(ps, start, "expected a value");
			strbuf_free(&sb);
			return NULL;
		}
	}
	if (!sb.buf) { /* an empty quoted string */
		if (strbuf_reserve(&sb, 1)) {
			perr(ps, start, "out of memory");
			return NULL;
		}
		sb.buf[0] = '\0';
	}
	*len = sb.len;
	return sb.buf;
}

static bool parse_int(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	if (!*s)
		return false;
	*out = strtoll(s, &end, 0);
	if (errno == ERANGE && s[0] != '-') {
		errno = 0;
		*out = (int64_t)strtoull(s, &end, 0);
	}
	return !errno && *end == '\0';
}

/* Durations for relative times (evt.latency > 10ms): 10ms, 2s, 1.5m ... */
static bool parse_duration(const char *s, int64_t *out)
{
	static const struct { const char *sfx; double mul; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 }, { "h", 3600e9 },
	};
	char *end;
	double v = strtod(s, &end);
	if (end == s)
		return false;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].sfx) == 0) {
			double ns = v * units[i].mul;
			/* past 292 years, or not a number: no duration (and no int64) */
			if (!(ns > -9.2e18 && ns < 9.2e18))
				return false;
			*out = (int64_t)ns;
			return true;
		}
	return false;
}

static bool parse_ip(const char *s, struct value *v)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v->prefix = -1;
	if (inet_pton(AF_INET, buf, v->addr) == 1)
		v->family = PPM_AF_INET;
	else if (inet_pton(AF_INET6, buf, v->addr) == 1)
		v->family = PPM_AF_INET6;
	else
		return false;
	if (slash) {
		int64_t pfx;
		int max = v->family == PPM_AF_INET ? 32 : 128;
		if (!parse_int(slash + 1, &pfx) || pfx < 0 || pfx > max)
			return false;
		v->prefix = (int)pfx;
	}
	return true;
}

static const struct flag_name *find_name(const struct flag_name *names, const char *s)
{
	for (; names && names->name; names++)
		if (strcmp(names->name, s) == 0)
			return names;
	return NULL;
}

/* Interprets a value's text for the field it is compared with. */
static bool value_prepare(struct parser *ps, const char *at, struct node *n, struct value *v)
{
	const struct field_def *d = n->ref.def;

	switch (d->kind) {
	case FK_INT:
	case FK_UINT:
	case FK_DOUBLE: {
		const struct flag_name *fn;
		if (parse_int(v->text, &v->num) ||
		    (!strcmp(d->type_name, "RELTIME") && parse_duration(v->text, &v->num))) {
			v->is_num = true;
			return true;
		}
		if (d->value_names && (fn = find_name(d->value_names, v->text))) {
			v->is_num = true;
			v->num = fn->value;
			/* errno names stand for the negative result, as evt.rawres holds it */
			if (d->value_names == errno_names)
				v->num = -(int64_t)fn->value;
			return true;
		}
		if (d->value_names) {
			/* flags joined with | */
			char *tmp = strdup(v->text), *save = NULL, *tok;
			int64_t acc = 0;
			bool ok = tmp != NULL;
			for (tok = tmp ? strtok_r(tmp, "|", &save) : NULL; tok && ok;
			     tok = strtok_r(NULL, "|", &save)) {
				fn = find_name(d->value_names, tok);
				if (fn)
					acc |= fn->value;
				else
					ok = false;
			}
			free(tmp);
			if (ok) {
				v->is_num = true;
				v->num = acc;
				return true;
			}
		}
		if (d->kind == FK_DOUBLE) {
			char *end;
			double dv = strtod(v->text, &end);
			if (*end == '\0') {
				v->is_num = true;
				v->num = (int64_t)dv;
				return true;
			}
		}
		perr(ps, at, "'%s' is not a number%s for %s", v->text,
		     d->value_names ? " or a known name" : "", d->name);
		return false;
	}
	case FK_BOOL:
		if (!strcasecmp(v->text, "true") || !strcmp(v->text, "1"))
			v->num = 1;
		else if (!strcasecmp(v->text, "false") || !strcmp(v->text, "0"))
			v->num = 0;
		else {
			perr(ps, at, "'%s' is not a boolean (true or false) for %s", v->text, d->name);
			return false;
		}
		v->is_num = true;
		return true;
	case FK_IPADDR:
	case FK_IPNET:
		if (!parse_ip(v->text, v)) {
			perr(ps, at, "'%s' is not an IP address or network for %s", v->text, d->name);
			return false;
		}
		return true;
	default:
		break;
	}
	if (n->op == OP_BCONTAINS || n->op == OP_BSTARTSWITH) {
		/* Falco's byte operators take the bytes in hex: 68656c6c6f is "hello" */
		size_t hn = v->len, i;
		bool ok = hn > 0 && hn % 2 == 0;
		for (i = 0; ok && i < hn; i++)
			ok = isxdigit((unsigned char)v->text[i]);
		if (!ok) {
			perr(ps, at, "'%s' is not a hex byte string (an even number of hex digits, "
			     "e.g. 68656c6c6f) for %s", v->text, n->op == OP_BCONTAINS ? "bcontains" : "bstartswith");
			return false;
		}
		for (i = 0; i < hn / 2; i++) {
			char hex[3] = { v->text[2 * i], v->text[2 * i + 1], 0 };
			v->text[i] = (char)strtol(hex, NULL, 16);
		}
		v->len = hn / 2;
		v->text[v->len] = '\0';
		return true;
	}
	if (n->op == OP_REGEX) {
		const char *why = regex_refused(v->text);
		if (why) {
			perr(ps, at, "invalid regular expression '%s': %s", v->text, why);
			return false;
		}
		v->re = calloc(1, sizeof(*v->re));
		if (!v->re || regcomp(v->re, v->text, REG_EXTENDED | REG_NOSUB)) {
			free(v->re);
			v->re = NULL;
			perr(ps, at, "invalid regular expression '%s'", v->text);
			return false;
		}
	}
	return true;
}

static bool op_applies(enum op op, enum field_kind k)
{
	switch (op) {
	case OP_CONTAINS: case OP_ICONTAINS: case OP_STARTSWITH: case OP_ENDSWITH:
		return k == FK_STRING || k == FK_BYTES || k == FK_INT || k == FK_UINT;
	case OP_BCONTAINS: case OP_BSTARTSWITH: case OP_GLOB: case OP_IGLOB: case OP_REGEX:
	case OP_PMATCH:
		return k == FK_STRING || k == FK_BYTES;
	case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		return k != FK_BOOL && k != FK_IPADDR && k != FK_IPNET;
	default:
		return true;
	}
}

/* A list name inside in (...) expands to its items. */
static bool add_value(struct parser *ps, const char *at, struct node *n, char *text, size_t len,
		      bool expand_lists);

static bool add_one(struct parser *ps, const char *at, struct node *n, char *text, size_t len)
{
	struct value *nv = realloc(n->vals, (n->nvals + 1) * sizeof(*nv));
	if (!nv) {
		free(text);
		perr(ps, at, "out of memory");
		return false;
	}
	n->vals = nv;
	memset(&nv[n->nvals], 0, sizeof(*nv));
	nv[n->nvals].text = text;
	nv[n->nvals].len = len;
	nv[n->nvals].prefix = -1;
	n->nvals++;
	return value_prepare(ps, at, n, &nv[n->nvals - 1]);
}

static bool add_value(struct parser *ps, const char *at, struct node *n, char *text, size_t len,
		      bool expand_lists)
{
	const char *const *items;
	if (expand_lists && ps->defs && ps->defs->list && (items = ps->defs->list(ps->defs->ctx, text))) {
		free(text);
		for (; *items; items++) {
			/* Falco's items may be quoted inside the YAML ('"10.0.0.0/8"',
			 * '"(systemd)"'): its rules mean the text within the quotes */
			size_t il = strlen(*items);
			bool quoted = il >= 2 && (**items == '"' || **items == '\'') && (*items)[il - 1] == **items;
			char *dup = quoted ? strndup(*items + 1, il - 2) : strdup(*items);
			if (!dup || !add_one(ps, at, n, dup, quoted ? il - 2 : il))
				return false;
		}
		return true;
	}
	return add_one(ps, at, n, text, len);
}

static struct node *parse_predicate(struct parser *ps)
{
	const char *start = ps->p;
	struct node *n = node_new(N_CMP);
	char *cause = NULL;
	int used;
	size_t i;

	if (!n) {
		perr(ps, start, "out of memory");
		return NULL;
	}
	if (++*ps->ncmp > MAX_COMPARISONS) {
		perr(ps, start, "filter too large (more than %d comparisons once macros are expanded)",
		     MAX_COMPARISONS);
		free(n);
		return NULL;
	}
	used = field_parse(ps->p, &n->ref, &cause);
	if (used < 0) {
		/* not a field: a macro? */
		size_t wl = 0;
		while (ps->p[wl] && (isalnum((unsigned char)ps->p[wl]) || ps->p[wl] == '_' ||
				     ps->p[wl] == '.' || ps->p[wl] == '-'))
			wl++;
		if (wl && ps->defs && ps->defs->macro) {
			char *name = strndup(ps->p, wl);
			const char *cond = name ? ps->defs->macro(ps->defs->ctx, name) : NULL;
			free(name);
			if (cond) {
				struct parser sub = { cond, cond, ps->defs, NULL, 0, ps->depth,
						      ps->macro_depth + 1, ps->ncmp };
				struct node *m;
				free(cause);
				free(n);
				if (sub.macro_depth > 32) {
					perr(ps, start, "macros nest too deep (a macro that uses itself?)");
					return NULL;
				}
				m = parse_or(&sub);
				if (m)
					expect_end(&sub);
				if (sub.err) {
					perr(ps, start, "in macro '%.*s': %s (column %zu of its condition)", (int)wl,
					     start, sub.err, sub.err_col + 1);
					free(sub.err);
					node_free(m);
					return NULL;
				}
				ps->p += wl;
				return m;
			}
		}
		if (cause)
			perr(ps, start, "%s", cause);
		else
			perr(ps, start, "expected a field name");
		free(cause);
		free(n);
		return NULL;
	}
	ps->p += used;
	if (n->ref.def->flags & FF_TABLE_ONLY) {
		perr(ps, start, "%s can only be used in views", n->ref.def->name);
		node_free(n);
		return NULL;
	}
	n->any_ancestor = n->ref.arg_index < 0 && !n->ref.arg &&
			  (!strcmp(n->ref.def->name, "proc.aname") || !strcmp(n->ref.def->name, "proc.apid") ||
			   !strcmp(n->ref.def->name, "proc.aexe") || !strcmp(n->ref.def->name, "proc.aexepath"));
	n->either_side = n->ref.arg_index < 0 && (n->ref.def->flags & FF_EITHER_SIDE);
	/* those two vary the argument as they go; an owned def is this node's own */
	n->memo_slot = n->any_ancestor || n->either_side || n->ref.owned_def ? -1 : memo_slot_of(&n->ref);
	skip_ws(ps);
	const char *opat = ps->p;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		bool word = isalpha((unsigned char)ops[i].name[0]);
		if (word ? keyword(ps, ops[i].name) : strncmp(ps->p, ops[i].name, strlen(ops[i].name)) == 0) {
			if (!word)
				ps->p += strlen(ops[i].name);
			break;
		}
	}
	if (i == sizeof(ops) / sizeof(ops[0])) {
		if (!*ps->p || *ps->p == ')' || keyword(ps, "and") || keyword(ps, "or")) {
			/* a bare field: sysdig treats it as "exists" */
			ps->p = opat;
			n->op = OP_EXISTS;
			return n;
		}
		perr(ps, opat, "expected an operator after %s (=, !=, <, >, contains, in, exists ...)",
		     n->ref.def->name);
		node_free(n);
		return NULL;
	}
	n->op = ops[i].op;
	if (!op_applies(n->op, n->ref.def->kind)) {
		perr(ps, opat, "operator '%s' does not apply to %s (%s)", ops[i].name, n->ref.def->name,
		     n->ref.def->type_name);
		node_free(n);
		return NULL;
	}
	if (n->op == OP_EXISTS)
		return n;
	skip_ws(ps);
	if (ops[i].takes_list || *ps->p == '(') {
		const char *lat = ps->p;
		if (*ps->p != '(') {
			/* in a Falco rule, "x in list_name" is allowed without parentheses */
			size_t len;
			char *t = parse_value_text(ps, &len);
			if (!t || !add_value(ps, lat, n, t, len, true)) {
				node_free(n);
				return NULL;
			}
			return n;
		}
		ps->p++;
		skip_ws(ps);
		while (*ps->p != ')') {
			const char *vat;
			size_t len;
			char *t;
			skip_ws(ps);
			vat = ps->p;
			if (!*ps->p) {
				perr(ps, ps->p, "unterminated list (missing ')' for the '(' at column %zu)",
				     (size_t)(lat - ps->text) + 1);
				node_free(n);
				return NULL;
			}
			t = parse_value_text(ps, &len);
			if (!t || !add_value(ps, vat, n, t, len, true)) {
				node_free(n);
				return NULL;
			}
			skip_ws(ps);
			if (*ps->p == ',')
				ps->p++;
			else if (!*ps->p) {
				perr(ps, ps->p, "unterminated list (missing ')' for the '(' at column %zu)",
				     (size_t)(lat - ps->text) + 1);
				node_free(n);
				return NULL;
			} else if (*ps->p != ')') {
				perr(ps, ps->p, "expected ',' or ')' in the list");
				node_free(n);
				return NULL;
			}
		}
		ps->p++;
		if (!ops[i].takes_list && n->nvals != 1) {
			perr(ps, lat, "operator '%s' takes one value, not a list", ops[i].name);
			node_free(n);
			return NULL;
		}
		return n;
	}
	{
		const char *vat = ps->p;
		size_t len;
		char *t = parse_value_text(ps, &len);
		if (!t || !add_value(ps, vat, n, t, len, false)) {
			node_free(n);
			return NULL;
		}
	}
	return n;
}

static struct node *parse_not(struct parser *ps)
{
	skip_ws(ps);
	if (++ps->depth > MAX_DEPTH) {
		perr(ps, ps->p, "filter nests too deep (more than %d levels)", MAX_DEPTH);
		return NULL;
	}
	if (keyword(ps, "not") || (strncmp(ps->p, "not(", 4) == 0 && (ps->p += 3))) {
		struct node *n = node_new(N_NOT);
		if (!n)
			return NULL;
		n->a = parse_not(ps);
		ps->depth--;
		if (!n->a) {
			node_free(n);
			return NULL;
		}
		return n;
	}
	if (*ps->p == '(') {
		const char *open = ps->p++;
		struct node *n = parse_or(ps);
		skip_ws(ps);
		if (!n)
			return NULL;
		if (*ps->p != ')') {
			perr(ps, ps->p, "missing ')' for the '(' at column %zu",
			     (size_t)(open - ps->text) + 1);
			node_free(n);
			return NULL;
		}
		ps->p++;
		ps->depth--;
		return n;
	}
	if (!*ps->p) {
		perr(ps, ps->p, "unexpected end of filter");
		return NULL;
	}
	{
		const char *at = ps->p;
		if (keyword(ps, "and") || keyword(ps, "or")) {
			perr(ps, at, "expected a condition before '%s'", *at == 'a' ? "and" : "or");
			ps->p = at;
			return NULL;
		}
	}
	struct node *n = parse_predicate(ps);
	ps->depth--;
	return n;
}

/* Adds operand k to the chain n of the same kind, taking in k's own
 * operands when k is of n's kind ("a and (b and c)": a, b, c). */
static bool chain_add(struct node *n, struct node *k)
{
	uint32_t add = k->kind == n->kind ? k->nkids : 1;
	struct node **nk = realloc(n->kids, (n->nkids + add) * sizeof(*nk));

	if (!nk)
		return false;
	n->kids = nk;
	if (k->kind == n->kind) {
		memcpy(n->kids + n->nkids, k->kids, add * sizeof(*nk));
		k->nkids = 0;
		node_free(k);
	} else {
		n->kids[n->nkids] = k;
	}
	n->nkids += add;
	return true;
}

/* operand (keyword operand)*: one node, or a chain of kind */
static struct node *parse_chain(struct parser *ps, const char *kw, enum node_kind kind,
				struct node *(*operand)(struct parser *))
{
	struct node *first = operand(ps), *n = NULL, *k;

	while (first) {
		skip_ws(ps);
		if (!keyword(ps, kw))
			break;
		if (!n) {
			n = node_new(kind);
			if (!n || !chain_add(n, first)) {
				node_free(n);
				node_free(first);
				return NULL;
			}
		}
		k = operand(ps);
		if (!k || !chain_add(n, k)) {
			node_free(k);
			node_free(n);
			return NULL;
		}
	}
	return n ? n : first;
}

static struct node *parse_and(struct parser *ps)
{
	return parse_chain(ps, "and", N_AND, parse_not);
}

static struct node *parse_or(struct parser *ps)
{
	return parse_chain(ps, "or", N_OR, parse_and);
}

/* "column N: message", the filter, and a caret under column N. */
static char *format_error(const char *text, size_t col, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "filter error at column %zu: %s\n  %s\n  ", col + 1, msg, text);
	for (size_t i = 0; i < col; i++)
		strbuf_putc(&sb, text[i] == '\t' ? '\t' : ' ');
	strbuf_putc(&sb, '^');
	return sb.buf;
}

struct filter *filter_compile(const char *text, const struct filter_defs *defs, char **cause)
{
	size_t ncmp = 0;
	struct parser ps = { text, text, defs, NULL, 0, 0, 0, &ncmp };
	struct filter *f;
	struct node *root;

	*cause = NULL;
	if (strlen(text) > MAX_TEXT) {
		*cause = strdup("filter too long (more than 64 KiB)");
		return NULL;
	}
	skip_ws(&ps);
	if (!*ps.p) {
		root = node_new(N_TRUE);
	} else {
		root = parse_or(&ps);
		if (root)
			expect_end(&ps);
	}
	if (ps.err || !root) {
		*cause = format_error(text, ps.err_col, ps.err ? ps.err : "out of memory");
		free(ps.err);
		node_free(root);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		node_free(root);
		*cause = strdup("out of memory");
		return NULL;
	}
	resolve_types(root);
	order_and_operands(root);
	f->root = root;
	f->text = strdup(text);
	if (!f->text || make_plans(f)) {
		filter_free(f);
		*cause = strdup("out of memory");
		return NULL;
	}
	return f;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	node_free(f->root);
	free(f->text);
	for (uint32_t i = 0; i < f->nplans; i++)
		free(f->plans[i].steps);
	free(f->plans);
	free(f);
}

/* How often a test is likely to fail, coarsely: 0 for a string compared
 * with given values (most events hold another), 1 for other comparisons,
 * 2 for negations, != and exists (most events pass them). An and fails as
 * often as its likeliest-to-fail operand, an or as its least. The operands'
 * ranks are made already. */
static int fail_rank(const struct node *n)
{
	int r;

	switch (n->kind) {
	case N_CMP:
		if (n->op == OP_NE || n->op == OP_EXISTS)
			return 2;
		if (n->ref.def->kind == FK_STRING &&
		    (n->op == OP_EQ || n->op == OP_IN || n->op == OP_STARTSWITH || n->op == OP_ENDSWITH ||
		     n->op == OP_CONTAINS || n->op == OP_PMATCH))
			return 0;
		return 1;
	case N_AND:
	case N_OR:
		r = n->kind == N_AND ? 2 : 0;
		for (uint32_t i = 0; i < n->nkids; i++) {
			int k = n->kids[i]->rank;
			r = n->kind == N_AND ? (k < r ? k : r) : (k > r ? k : r);
		}
		return r;
	case N_NOT:
	case N_TRUE:
		break;
	}
	return 2;
}

/* Puts the operands of each and likeliest to fail first (a stable sort by
 * fail_rank), so that most events are turned away by their first test: an
 * and of tests without side effects is true or false in any order. The
 * order of equals is the author's. */
static void order_and_operands(struct node *n)
{
	if (n->a)
		order_and_operands(n->a);
	for (uint32_t i = 0; i < n->nkids; i++)
		order_and_operands(n->kids[i]);
	if (n->kind == N_AND) {
		for (uint32_t i = 1; i < n->nkids; i++) {
			struct node *k = n->kids[i];
			uint32_t j = i;
			for (; j > 0 && n->kids[j - 1]->rank > k->rank; j--)
				n->kids[j] = n->kids[j - 1];
			n->kids[j] = k;
		}
	}
	n->rank = (int8_t)fail_rank(n);
}

/* Resolves the event type names of an evt.type comparison to type codes. */
static void resolve_types(struct node *n)
{
	if (n->kind == N_CMP) {
		if (!(n->ref.def->flags & FF_EVENT_TYPE) || n->ref.arg ||
		    !(n->op == OP_EQ || n->op == OP_NE || n->op == OP_IN || n->op == OP_INTERSECTS))
			return;
		n->types = calloc((PPM_EVENT_MAX + 7) / 8, 1);
		if (!n->types)
			return; /* evaluation compares names instead */
		for (int t = 0; t < PPM_EVENT_MAX; t++) {
			const char *name = event_type_name(t);
			for (size_t i = 0; i < n->nvals; i++)
				if (!strcmp(name, n->vals[i].text))
					n->types[t / 8] |= (uint8_t)(1 << (t % 8));
		}
		return;
	}
	if (n->a)
		resolve_types(n->a);
	for (uint32_t i = 0; i < n->nkids; i++)
		resolve_types(n->kids[i]);
}

/* ---- evaluation ----------------------------------------------------------- */

static bool mem_icontains(const char *h, size_t hn, const char *n, size_t nn)
{
	if (nn == 0)
		return true;
	for (size_t i = 0; i + nn <= hn; i++)
		if (strncasecmp(h + i, n, nn) == 0)
			return true;
	return false;
}

static bool ip_match(const struct field_value *fv, const struct value *v)
{
	int bits, full, rest;
	if (fv->ip.family != v->family)
		return false;
	bits = v->prefix >= 0 ? v->prefix : (v->family == PPM_AF_INET ? 32 : 128);
	full = bits / 8;
	rest = bits % 8;
	if (memcmp(fv->ip.a, v->addr, full))
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));
		return (fv->ip.a[full] & mask) == (v->addr[full] & mask);
	}
	return true;
}

/* A path prefix match: /usr/bin matches /usr/bin and /usr/bin/x, not /usr/binx. */
static bool path_prefix(const char *s, size_t n, const struct value *v)
{
	size_t vl = v->len;
	while (vl > 1 && v->text[vl - 1] == '/')
		vl--;
	if (n < vl || memcmp(s, v->text, vl))
		return false;
	return n == vl || s[vl] == '/' || (vl == 1 && v->text[0] == '/');
}

/* Whether s holds sub: for the short subjects and needles of filters, a
 * memchr for the first byte and a memcmp beat memmem's setup. */
static bool contains(const char *s, size_t n, const char *sub, size_t m)
{
	const char *end = s + n;

	if (m == 0)
		return true;
	while (n >= m && (s = memchr(s, sub[0], n - m + 1))) {
		if (s[m - 1] == sub[m - 1] && memcmp(s, sub, m) == 0)
			return true;
		s++;
		n = (size_t)(end - s);
	}
	return false;
}

static bool cmp_one(enum op op, const struct field_value *fv, const struct value *v)
{
	switch (fv->kind) {
	case FK_INT:
	case FK_UINT:
	case FK_BOOL:
	case FK_DOUBLE: {
		int64_t a = fv->kind == FK_INT ? fv->i : fv->kind == FK_BOOL ? fv->b
			  : fv->kind == FK_DOUBLE ? (int64_t)fv->d : (int64_t)fv->u;
		int64_t b = v->num;
		bool unsig = fv->kind == FK_UINT;
		switch (op) {
		case OP_EQ: case OP_IN: case OP_INTERSECTS: return a == b;
		case OP_NE: return a != b;
		case OP_LT: return unsig ? (uint64_t)a < (uint64_t)b : a < b;
		case OP_LE: return unsig ? (uint64_t)a <= (uint64_t)b : a <= b;
		case OP_GT: return unsig ? (uint64_t)a > (uint64_t)b : a > b;
		case OP_GE: return unsig ? (uint64_t)a >= (uint64_t)b : a >= b;
		/* flags: every named bit set */
		case OP_CONTAINS: case OP_ICONTAINS: return b && (a & b) == b;
		case OP_STARTSWITH: case OP_ENDSWITH: return a == b;
		default: return false;
		}
	}
	case FK_IPADDR:
	case FK_IPNET:
		if (op == OP_NE)
			return !ip_match(fv, v);
		return ip_match(fv, v);
	default:
		break;
	}
	/* strings and bytes */
	const char *s = fv->s.p;
	size_t n = fv->s.len;
	switch (op) {
	case OP_EQ: case OP_IN: case OP_INTERSECTS: return n == v->len && memcmp(s, v->text, n) == 0;
	case OP_NE: return !(n == v->len && memcmp(s, v->text, n) == 0);
	case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
		size_t m = n < v->len ? n : v->len;
		int c = memcmp(s, v->text, m);
		if (c == 0)
			c = n < v->len ? -1 : n > v->len;
		return op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0;
	}
	case OP_CONTAINS: case OP_BCONTAINS: return contains(s, n, v->text, v->len);
	case OP_ICONTAINS: return mem_icontains(s, n, v->text, v->len);
	case OP_STARTSWITH: case OP_BSTARTSWITH: return n >= v->len && memcmp(s, v->text, v->len) == 0;
	case OP_ENDSWITH: return n >= v->len && memcmp(s + n - v->len, v->text, v->len) == 0;
	case OP_PMATCH: return path_prefix(s, n, v);
	case OP_GLOB: case OP_IGLOB: case OP_REGEX: {
		/* these need a NUL-terminated subject: eval_cmp copies one that is
		 * not (bytes, a string cut out of a longer one) */
		if (op == OP_REGEX)
			return v->re && regexec(v->re, s, 0, NULL, 0) == 0;
		return fnmatch(v->text, s, op == OP_IGLOB ? FNM_CASEFOLD : 0) == 0;
	}
	default:
		return false;
	}
}

/* A string's =, in and startswith: the commonest tests of filters and
 * rules, inline and without cmp_one's dispatch per value. */
static inline bool is_plain_str_cmp(const struct node *n, const struct field_value *fv)
{
	return fv->kind == FK_STRING && (n->op == OP_EQ || n->op == OP_IN || n->op == OP_STARTSWITH);
}

static inline bool cmp_plain_str(const struct node *n, const struct field_value *fv)
{
	bool prefix = n->op == OP_STARTSWITH;
	for (size_t i = 0; i < n->nvals; i++) {
		const struct value *v = &n->vals[i];
		/* paths share their starts ("/etc/..."): the last byte turns most
		 * away before memcmp is called */
		if ((prefix ? fv->s.len >= v->len : fv->s.len == v->len) &&
		    (!v->len || fv->s.p[v->len - 1] == v->text[v->len - 1]) && memcmp(fv->s.p, v->text, v->len) == 0)
			return true;
	}
	return false;
}

static bool cmp_value(const struct node *n, const struct field_value *fv)
{
	if (is_plain_str_cmp(n, fv))
		return cmp_plain_str(n, fv);
	if (n->op == OP_NE) {
		/* != against a value: true when it differs from it */
		return cmp_one(OP_NE, fv, &n->vals[0]);
	}
	for (size_t i = 0; i < n->nvals; i++)
		if (cmp_one(n->op, fv, &n->vals[i]))
			return true;
	return false;
}

/* ---- the memo --------------------------------------------------------------- */

/* Memo slots are handed out per distinct field and argument, for the whole
 * process, as filters are compiled; a memo grows to the slots it meets. */
#define MAX_MEMO_SLOTS 4096

static struct {
	pthread_mutex_t lock;
	uint32_t n;
	struct memo_key { const struct field_def *def; char *arg; int64_t arg_index; } *keys;
} memo_keys = { PTHREAD_MUTEX_INITIALIZER, 0, NULL };

struct filter_memo {
	uint32_t gen;
	uint32_t n;
	struct memo_slot {
		uint32_t gen;
		int r;
		struct field_value v;
	} *slot;
};

static bool same_key(const struct memo_key *k, const struct field_ref *ref)
{
	return k->def == ref->def && k->arg_index == ref->arg_index &&
	       (k->arg == ref->arg || (k->arg && ref->arg && !strcmp(k->arg, ref->arg)));
}

static int memo_slot_of(const struct field_ref *ref)
{
	int slot = -1;
	pthread_mutex_lock(&memo_keys.lock);
	for (uint32_t i = 0; i < memo_keys.n && slot < 0; i++)
		if (same_key(&memo_keys.keys[i], ref))
			slot = (int)i;
	if (slot < 0 && memo_keys.n < MAX_MEMO_SLOTS) {
		struct memo_key *nk = realloc(memo_keys.keys, (memo_keys.n + 1) * sizeof(*nk));
		char *arg = ref->arg ? strdup(ref->arg) : NULL;
		if (nk)
			memo_keys.keys = nk;
		if (nk && (arg || !ref->arg)) {
			slot = (int)memo_keys.n++;
			nk[slot] = (struct memo_key){ ref->def, arg, ref->arg_index };
		} else {
			free(arg);
		}
	}
	pthread_mutex_unlock(&memo_keys.lock);
	return slot;
}

struct filter_memo *filter_memo_new(void)
{
	struct filter_memo *m = calloc(1, sizeof(*m));
	if (m)
		m->gen = 1;
	return m;
}

void filter_memo_free(struct filter_memo *m)
{
	if (m)
		free(m->slot);
	free(m);
}

void filter_memo_next(struct filter_memo *m)
{
	if (++m->gen == 0) {
		/* wrapped: no slot may look current */
		memset(m->slot, 0, m->n * sizeof(*m->slot));
		m->gen = 1;
	}
}

/* The memo's slot for n, grown to it if need be; NULL when n has none. */
static struct memo_slot *memo_slot(struct filter_memo *m, const struct node *n)
{
	if (!m || n->memo_slot < 0)
		return NULL;
	if ((uint32_t)n->memo_slot >= m->n) {
		uint32_t nn = (uint32_t)n->memo_slot + 16;
		struct memo_slot *ns = realloc(m->slot, nn * sizeof(*ns));
		if (!ns)
			return NULL;
		memset(ns + m->n, 0, (nn - m->n) * sizeof(*ns));
		m->slot = ns;
		m->n = nn;
	}
	return &m->slot[n->memo_slot];
}

static int memo_get(const struct node *n, const struct field_ctx *c, struct field_value *fv,
		    struct strbuf *scratch, struct filter_memo *m)
{
	struct memo_slot *ms = memo_slot(m, n);
	int r;

	if (ms && ms->gen == m->gen) {
		*fv = ms->v;
		return ms->r;
	}
	r = field_get(c, &n->ref, fv, scratch);
	if (!ms || (r > 0 && (fv->kind == FK_STRING || fv->kind == FK_BYTES) && scratch->buf &&
		    fv->s.p >= scratch->buf && fv->s.p < scratch->buf + scratch->cap))
		return r;
	*ms = (struct memo_slot){ m->gen, r, *fv };
	return r;
}

static bool eval_cmp(const struct node *n, const struct field_ctx *c, struct strbuf *scratch,
		     struct filter_memo *m)
{
	struct field_value fv;
	struct field_ref ref; /* a copy, for the two cases that vary its index */
	int r;

	if (n->types) {
		uint16_t t = c->e->hdr->type;
		if (t < PPM_EVENT_MAX && t != PPME_GENERIC_E && t != PPME_GENERIC_X) {
			bool hit = n->types[t / 8] & (1 << (t % 8));
			return n->op == OP_NE ? !hit : hit;
		}
	}
	if (n->any_ancestor) {
		ref = n->ref;
		for (int64_t i = 1; i <= MAX_ANCESTORS; i++) {
			ref.arg_index = i;
			r = field_get(c, &ref, &fv, scratch);
			if (r <= 0)
				return n->op == OP_NE;
			if (n->op == OP_EXISTS)
				return true;
			if (n->op == OP_NE) {
				if (!cmp_value(n, &fv))
					return false;
				continue;
			}
			if (cmp_value(n, &fv))
				return true;
		}
		return n->op == OP_NE;
	}
	if (n->either_side) {
		/* arg 0 is the client end, 1 the server end: != holds when neither matches */
		bool any = false;
		ref = n->ref;
		for (int64_t side = 0; side <= 1 && !any; side++) {
			ref.arg_index = side;
			r = field_get(c, &ref, &fv, scratch);
			if (r > 0)
				any = n->op == OP_EXISTS || (n->op == OP_NE ? !cmp_one(OP_NE, &fv, &n->vals[0])
									 : cmp_value(n, &fv));
		}
		return n->op == OP_NE ? !any : any;
	}
	r = memo_get(n, c, &fv, scratch, m);
	if (n->op == OP_EXISTS)
		return r > 0;
	if (r <= 0)
		return false;
	if ((n->op == OP_GLOB || n->op == OP_IGLOB || n->op == OP_REGEX) &&
	    (fv.kind == FK_BYTES || (fv.kind == FK_STRING && fv.s.p && fv.s.p[fv.s.len]))) {
		/* make a terminated copy in the scratch buffer */
		size_t off = scratch->len;
		if (strbuf_append(scratch, fv.s.p, fv.s.len) || strbuf_putc(scratch, '\0'))
			return false;
		fv.s.p = scratch->buf + off;
	}
	/* cmp_value tests this case first too, for its other callers. Tested
	 * here as well, the common string tests stay in this loop: left to
	 * cmp_value alone (tried, with cmp_value an inline wrapper over its
	 * general case), filter_match_memo took 15% more instructions
	 * (callgrind, a 300k-event capture: 91.6M against 79.7M). */
	return is_plain_str_cmp(n, &fv) ? cmp_plain_str(n, &fv) : cmp_value(n, &fv);
}

bool filter_match(struct filter *f, const struct field_ctx *c, struct strbuf *scratch)
{
	return filter_match_memo(f, c, scratch, NULL);
}

bool filter_match_memo(struct filter *f, const struct field_ctx *c, struct strbuf *scratch,
		       struct filter_memo *m)
{
	uint16_t t = c->e->hdr->type;
	const struct plan *p = &f->plans[t < PPM_EVENT_MAX ? f->plan_of[t] : PLAN_ANY_TYPE];
	int32_t at = p->entry;

	while (at >= 0) {
		const struct step *s = &p->steps[at];
		at = eval_cmp(s->n, c, scratch, m) ? s->on_true : s->on_false;
	}
	return at == PLAN_ACCEPT;
}

/* ---- plans ---------------------------------------------------------------- */

/* Type codes for compile_plan: decide nothing, or decide for a type no test names. */
#define FOLD_NONE (-1)
#define FOLD_UNNAMED PPM_EVENT_MAX

static int32_t add_step(struct plan *p, const struct node *n, int32_t on_true, int32_t on_false)
{
	if ((p->nsteps & (p->nsteps - 1)) == 0) {
		/* sizes 0, 1, 2, 4, ...: grow at each power of two */
		struct step *ns = realloc(p->steps, (p->nsteps ? 2 * p->nsteps : 1) * sizeof(*ns));
		if (!ns)
			return INT32_MIN;
		p->steps = ns;
	}
	p->steps[p->nsteps] = (struct step){ n, on_true, on_false };
	return (int32_t)p->nsteps++;
}

/* Appends the steps of n, which go on to on_true or on_false; returns where
 * n starts (a step, or an end when n is decided already). The operands of
 * AND and OR are laid out last first, so each knows where it leads. */
static int32_t compile_plan(struct plan *p, const struct node *n, int32_t on_true, int32_t on_false,
			    int fold)
{
	int32_t at;

	switch (n->kind) {
	case N_TRUE:
		return on_true;
	case N_NOT:
		return compile_plan(p, n->a, on_false, on_true, fold);
	case N_AND:
	case N_OR:
		at = n->kind == N_AND ? on_true : on_false;
		for (uint32_t i = n->nkids; i-- > 0 && at != INT32_MIN;)
			at = n->kind == N_AND ? compile_plan(p, n->kids[i], at, on_false, fold)
					      : compile_plan(p, n->kids[i], on_true, at, fold);
		return at;
	case N_CMP:
		if (n->types && fold != FOLD_NONE) {
			/* as eval_cmp decides it for an event of this type */
			bool hit = fold != FOLD_UNNAMED && (n->types[fold / 8] & (1 << (fold % 8)));
			return (n->op == OP_NE ? !hit : hit) ? on_true : on_false;
		}
		return add_step(p, n, on_true, on_false);
	}
	return on_false;
}

/* The types that some evt.type test of n names. */
static void named_types(const struct node *n, uint8_t *named)
{
	if (n->types)
		for (int i = 0; i < (PPM_EVENT_MAX + 7) / 8; i++)
			named[i] |= n->types[i];
	if (n->a)
		named_types(n->a, named);
	for (uint32_t i = 0; i < n->nkids; i++)
		named_types(n->kids[i], named);
}

/* Per-type plans repeat the tree once per named type; past this many steps
 * in all (a huge macro expansion naming many types), one undecided plan
 * serves every type instead. */
#define MAX_PLAN_STEPS (1u << 20)

static bool is_named(const uint8_t *named, int t)
{
	return (named[t / 8] & (1 << (t % 8))) && t != PPME_GENERIC_E && t != PPME_GENERIC_X;
}

static uint32_t count_cmps(const struct node *n)
{
	uint32_t k = n->kind == N_CMP;
	if (n->a)
		k += count_cmps(n->a);
	for (uint32_t i = 0; i < n->nkids; i++)
		k += count_cmps(n->kids[i]);
	return k;
}

static int make_plans(struct filter *f)
{
	uint8_t named[(PPM_EVENT_MAX + 7) / 8] = { 0 };
	uint32_t ntypes = 0;

	named_types(f->root, named);
	for (int t = 0; t < PPM_EVENT_MAX; t++)
		ntypes += is_named(named, t);
	if ((uint64_t)ntypes * count_cmps(f->root) > MAX_PLAN_STEPS)
		ntypes = 0, memset(named, 0, sizeof(named));
	f->nplans = 2 + ntypes;
	f->plans = calloc(f->nplans, sizeof(*f->plans));
	if (!f->plans)
		return -1;
	for (int t = 0; t < PPM_EVENT_MAX; t++)
		f->plan_of[t] = ntypes ? PLAN_UNNAMED : PLAN_ANY_TYPE;
	f->plan_of[PPME_GENERIC_E] = f->plan_of[PPME_GENERIC_X] = PLAN_ANY_TYPE;
	for (uint32_t i = 0, t = 0; i < f->nplans; i++) {
		int fold = i == PLAN_ANY_TYPE ? FOLD_NONE : FOLD_UNNAMED;
		if (i > PLAN_UNNAMED) {
			while (!is_named(named, (int)t))
				t++;
			fold = (int)t++;
			f->plan_of[fold] = (uint16_t)i;
		}
		f->plans[i].entry = compile_plan(&f->plans[i], f->root, PLAN_ACCEPT, PLAN_REJECT, fold);
		if (f->plans[i].entry == INT32_MIN)
			return -1;
	}
	return 0;
}

/* ---- which event types can match ------------------------------------------ */

enum tri { T_FALSE, T_TRUE, T_MAYBE };

/* Evaluates the tree for an event whose type is called `name`, knowing nothing
 * else: comparisons of evt.type are decided, the rest are MAYBE. */
static enum tri eval_type(const struct node *n, const char *name)
{
	enum tri a, all;
	switch (n->kind) {
	case N_TRUE: return T_TRUE;
	case N_AND:
	case N_OR: {
		/* and: one false decides, all true make it true; or: the dual */
		enum tri decides = n->kind == N_AND ? T_FALSE : T_TRUE;
		all = n->kind == N_AND ? T_TRUE : T_FALSE;
		for (uint32_t i = 0; i < n->nkids; i++) {
			a = eval_type(n->kids[i], name);
			if (a == decides)
				return decides;
			if (a == T_MAYBE)
				all = T_MAYBE;
		}
		return all;
	}
	case N_NOT:
		a = eval_type(n->a, name);
		return a == T_MAYBE ? T_MAYBE : a == T_TRUE ? T_FALSE : T_TRUE;
	case N_CMP:
		if (strcmp(n->ref.def->name, "evt.type") == 0 &&
		    (n->op == OP_EQ || n->op == OP_NE || n->op == OP_IN)) {
			bool hit = false;
			for (size_t i = 0; i < n->nvals; i++)
				if (strcmp(n->vals[i].text, name) == 0)
					hit = true;
			if (n->op == OP_NE)
				return hit ? T_FALSE : T_TRUE;
			return hit ? T_TRUE : T_FALSE;
		}
		return T_MAYBE;
	}
	return T_MAYBE;
}

void filter_event_types(const struct filter *f, bool types[PPM_EVENT_MAX])
{
	for (int t = 0; t < PPM_EVENT_MAX; t++)
		types[t] = eval_type(f->root, event_type_name(t)) != T_FALSE;
	/* a generic event's evt.type is its syscall's name, not "syscall" */
	for (uint32_t nr = 0; nr < SYSCALL_TABLE_SIZE && !types[PPME_GENERIC_X]; nr++)
		if (syscall_table[nr].name && syscall_table[nr].exit_event == PPME_GENERIC_X)
			types[PPME_GENERIC_X] = eval_type(f->root, syscall_table[nr].name) != T_FALSE;
}

bool filter_may_match_name(const struct filter *f, const char *type_name)
{
	return eval_type(f->root, type_name) != T_FALSE;
}

const char *filter_text(const struct filter *f)
{
	return f->text;
}

static bool node_uses_flags(const struct node *n, uint32_t flags)
{
	switch (n->kind) {
	case N_AND:
	case N_OR:
		for (uint32_t i = 0; i < n->nkids; i++)
			if (node_uses_flags(n->kids[i], flags))
				return true;
		return false;
	case N_NOT:
		return node_uses_flags(n->a, flags);
	case N_CMP:
		return field_ref_has_flags(&n->ref, flags);
	default:
		return false;
	}
}

bool filter_uses_flags(const struct filter *f, uint32_t flags)
{
	return node_uses_flags(f->root, flags);
}
