/* fields.c: the field registry: looking fields up by name, parsing references
 * such as proc.aname[2] or evt.arg.fd, suggesting the name meant, extracting
 * and printing values, and -l. The classes themselves live in fields_*.c. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields/fields_int.h"
#include "util/strbuf.h"

const struct field_class *const field_classes[] = {
	&field_class_evt,
	&field_class_evt_syscall,
	&field_class_process,
	&field_class_user,
	&field_class_group,
	&field_class_container,
	&field_class_k8s,
	&field_class_fd,
	&field_class_fdlist,
	&field_class_syslog,
	&field_class_alert,
	NULL,
};

const struct field_def *field_lookup(const char *name, size_t len)
{
	for (const struct field_class *const *c = field_classes; *c; c++)
		for (size_t i = 0; i < (*c)->nfields; i++) {
			const struct field_def *d = &(*c)->fields[i];
			if (strlen(d->name) == len && memcmp(d->name, name, len) == 0)
				return d;
		}
	return NULL;
}

/* ---- suggestions ---------------------------------------------------------- */

/* Edit distance with adjacent transpositions (optimal string alignment), so
 * that proc.nmae is one edit from proc.name; any distance over max is
 * reported as max + 1, found as soon as a whole row is over it. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
	enum { MAXL = 64 };
	size_t rows[3][MAXL + 1];
	size_t *pp = rows[0], *p = rows[1], *c = rows[2];

	if (la > MAXL)
		la = MAXL;
	if (lb > MAXL)
		lb = MAXL;
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *t, row_min;
		c[0] = row_min = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + cost < v)
				v = p[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > max)
			return max + 1;
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

const char *field_suggest(const char *name, size_t len)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, limit = len / 4 > 2 ? len / 4 : 2;

	for (const struct field_class *const *c = field_classes; *c; c++)
		for (size_t i = 0; i < (*c)->nfields; i++) {
			const struct field_def *d = &(*c)->fields[i];
			size_t dist = edit_distance(name, len, d->name, strlen(d->name), limit);
			if (dist < best_d) {
				best_d = dist;
				best = d->name;
			}
		}
	return best_d <= limit ? best : NULL;
}

/* ---- parsing ------------------------------------------------------------------ */

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

static bool arg_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

void field_ref_done(struct field_ref *ref)
{
	if (!ref)
		return;
	free(ref->arg);
	free(ref->owned_def);
	ref->arg = NULL;
	ref->owned_def = NULL;
}

static bool parse_index(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

int field_parse(const char *text, struct field_ref *out, char **cause)
{
	size_t run = 0, len, used;
	const struct field_def *d = NULL;

	memset(out, 0, sizeof(*out));
	out->arg_index = -1;
	if (cause)
		*cause = NULL;
	while (name_char(text[run]))
		run++;
	if (run == 0 || !isalpha((unsigned char)text[0])) {
		if (cause)
			*cause = xasprintf("expected a field name");
		return -EINVAL;
	}
	/* the longest name that is a field, cut at a dot: "evt.arg.fd" is
	 * evt.arg with the argument fd, "fd.name." is fd.name and a dot */
	for (len = run; len > 0;) {
		d = field_lookup(text, len);
		if (d)
			break;
		while (len > 0 && text[len - 1] != '.')
			len--;
		if (len > 0)
			len--;
	}
	if (!d) {
		size_t n = run;
		const char *sugg;
		while (n > 1 && text[n - 1] == '.')
			n--;
		sugg = field_suggest(text, n);
		if (cause)
			*cause = sugg ? xasprintf("unknown field '%.*s' (did you mean %s?)", (int)n, text, sugg)
				      : xasprintf("unknown field '%.*s'", (int)n, text);
		return -ENOENT;
	}
	used = len;
	if (len < run && (d->flags & FF_ARG_DOTTED)) {
		size_t a = len + 1, b = a;
		while (arg_char(text[b]))
			b++;
		if (b > a) {
			out->arg = strndup(text + a, b - a);
			if (!out->arg)
				goto nomem;
			used = b;
		}
	}
	if (used < run && text[used] == '.' && isalpha((unsigned char)text[used + 1])) {
		/* more name after a field's (Falco's fd.sip.name): another field,
		 * unknown, rather than fd.sip followed by ".name" */
		size_t n = run;
		while (n > 1 && text[n - 1] == '.')
			n--;
		free(out->arg); /* a dotted argument taken before the rest */
		out->arg = NULL;
		if (cause)
			*cause = xasprintf("unknown field '%.*s'", (int)n, text);
		return -ENOENT;
	}
	if (!out->arg && text[used] == '[' && (d->flags & (FF_ARG_REQUIRED | FF_ARG_ALLOWED))) {
		const char *close = strchr(text + used + 1, ']');
		if (!close || close == text + used + 1) {
			if (cause)
				*cause = xasprintf(close ? "empty [] after %s" : "missing ']' after '%s['", d->name);
			return -EINVAL;
		}
		out->arg = strndup(text + used + 1, close - (text + used + 1));
		if (!out->arg)
			goto nomem;
		if (!parse_index(out->arg, &out->arg_index))
			out->arg_index = -1;
		used = close + 1 - text;
	}
	out->def = d;
	if (d->prepare) {
		int r = d->prepare(out, cause);
		if (r < 0) {
			field_ref_done(out);
			out->def = NULL;
			return r;
		}
	} else if ((d->flags & FF_ARG_REQUIRED) && !out->arg) {
		if (cause)
			*cause = xasprintf("field '%s' needs an argument", d->name);
		out->def = NULL;
		return -EINVAL;
	}
	return (int)used;
nomem:
	field_ref_done(out);
	if (cause)
		*cause = xasprintf("out of memory");
	return -ENOMEM;
}

/* ---- values ------------------------------------------------------------------- */

static int put_int(struct strbuf *out, bool is_signed, uint64_t v, uint8_t print)
{
	switch (print) {
	case PF_HEX:
		return strbuf_put_hex(out, v);
	case PF_OCT:
		return strbuf_put_oct(out, v);
	case PF_10_PADDED_DEC:
		return is_signed ? strbuf_printf(out, "%09" PRId64, (int64_t)v)
				 : strbuf_printf(out, "%09" PRIu64, v);
	default:
		return is_signed ? strbuf_put_s64(out, (int64_t)v) : strbuf_put_u64(out, v);
	}
}

int field_value_render(const struct field_def *def, const struct field_value *v,
		       uint32_t output_flags, struct strbuf *out)
{
	uint8_t print = def ? def->print : PF_DEC;

	switch (v->kind) {
	case FK_INT:
		return put_int(out, true, (uint64_t)v->i, print);
	case FK_UINT:
		return put_int(out, false, v->u, print);
	case FK_BOOL:
		return strbuf_puts(out, v->b ? "true" : "false");
	case FK_DOUBLE:
		return strbuf_printf(out, "%.1f", v->d);
	case FK_STRING:
		return strbuf_append(out, v->s.p, v->s.len);
	case FK_BYTES:
		return render_bytes((const uint8_t *)v->s.p, v->s.len, output_flags, out);
	case FK_IPADDR:
		return render_ip(v->ip.family, v->ip.a, out);
	case FK_IPNET:
		if (render_ip(v->ip.family, v->ip.a, out))
			return -ENOMEM;
		return strbuf_printf(out, "/%u", v->ip.prefix);
	case FK_NONE:
		break;
	}
	return strbuf_puts(out, "<NA>");
}

int field_render(const struct field_ctx *c, const struct field_ref *ref, struct strbuf *out,
		 struct strbuf *scratch)
{
	struct field_value v;
	int r = field_get(c, ref, &v, scratch);

	if (r <= 0)
		return strbuf_puts(out, "<NA>") ? -ENOMEM : 0;
	return field_value_render(ref->def, &v, c->output_flags, out) ? -ENOMEM : 1;
}

int field_render_json(const struct field_ctx *c, const struct field_ref *ref, struct strbuf *out,
		      struct strbuf *scratch)
{
	struct field_value v;
	int r = field_get(c, ref, &v, scratch);
	size_t mark;

	if (r <= 0)
		return strbuf_puts(out, "null") ? -ENOMEM : 0;
	if (ref->def->flags & FF_JSON_TS)
		return strbuf_put_u64(out, c->e->hdr->ts) ? -ENOMEM : 1;
	switch (v.kind) {
	case FK_INT:
	case FK_UINT:
		if (ref->def->print == PF_HEX || ref->def->print == PF_OCT)
			break; /* shown as the string it prints as */
		r = v.kind == FK_INT ? strbuf_put_s64(out, v.i) : strbuf_put_u64(out, v.u);
		return r ? -ENOMEM : 1;
	case FK_BOOL:
		return strbuf_puts(out, v.b ? "true" : "false") ? -ENOMEM : 1;
	case FK_DOUBLE:
		/* JSON has no NaN or infinities */
		return (isfinite(v.d) ? strbuf_printf(out, "%.17g", v.d) : strbuf_puts(out, "null")) ? -ENOMEM : 1;
	case FK_STRING:
		return strbuf_put_json_str(out, v.s.p, v.s.len) ? -ENOMEM : 1;
	default:
		break;
	}
	/* the printed text, as a JSON string: rendered at the end of scratch */
	mark = scratch->len;
	if (field_value_render(ref->def, &v, c->output_flags, scratch))
		return -ENOMEM;
	r = strbuf_put_json_str(out, scratch->buf + mark, scratch->len - mark);
	scratch->len = mark;
	scratch->buf[mark] = '\0';
	return r ? -ENOMEM : 1;
}

/* ---- shared helpers ----------------------------------------------------------- */

bool fields_evt_result(const struct evt *e, int64_t *res)
{
	int i = evt_param_named(e, EVP_RES);

	if (i < 0 && (e->info->flags & EF_CREATES_FD) && evt_is_exit(e))
		i = evt_param_named(e, EVP_FD);
	return i >= 0 && evt_param_s64(e, i, res);
}

int fields_join(const char *p, size_t len, char sep, struct strbuf *out)
{
	size_t start = out->len;

	while (len && p[len - 1] == '\0')
		len--;
	if (strbuf_append(out, p, len))
		return -ENOMEM;
	for (size_t i = start; i < out->len; i++)
		if (out->buf[i] == '\0')
			out->buf[i] = sep;
	return 0;
}

/* ---- -l ----------------------------------------------------------------------- */

#define LIST_COL 30
#define LIST_WIDTH 120

/* Prints text from column LIST_COL on, word by word, wrapping before
 * LIST_WIDTH, each word followed by a space (as sysdig -l). */
static void list_wrap(FILE *f, const char *text)
{
	size_t col = LIST_COL;
	const char *p = text;

	while (*p) {
		size_t w;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = strcspn(p, " ");
		if (col + w + 1 > LIST_WIDTH && col > LIST_COL) {
			fprintf(f, "\n%*s", LIST_COL, "");
			col = LIST_COL;
		}
		fprintf(f, "%.*s ", (int)w, p);
		col += w + 1;
		p += w;
	}
	fputc('\n', f);
}

void fields_print_list(FILE *f, bool verbose)
{
	char text[2048];

	for (const struct field_class *const *c = field_classes; *c; c++) {
		const struct field_class *cl = *c;
		fprintf(f, "-------------------------------\n");
		fprintf(f, "%-*s%s\n", LIST_COL, "Field Class:", cl->title ? cl->title : cl->name);
		fprintf(f, "%-*s", LIST_COL, "Description:");
		list_wrap(f, cl->desc);
		fputc('\n', f);
		for (size_t i = 0; i < cl->nfields; i++) {
			const struct field_def *d = &cl->fields[i];
			if (d->flags & (FF_HIDDEN | FF_TABLE_ONLY))
				continue;
			if (strlen(d->name) < LIST_COL)
				fprintf(f, "%-*s", LIST_COL, d->name);
			else
				fprintf(f, "%s\n%*s", d->name, LIST_COL, "");
			snprintf(text, sizeof(text), "%s%s%s%s%s", verbose ? "(Type: " : "",
				 verbose ? d->type_name : "", verbose ? ") " : "",
				 d->flags & FF_FILTER_ONLY ? "(FILTER ONLY) " : "", d->desc);
			list_wrap(f, text);
		}
		fputc('\n', f);
	}
}
