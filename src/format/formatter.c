/* formatter.c: compiling -p formats and writing event lines (see format.h). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/format.h"

struct token {
	bool is_field;
	size_t lit_off, lit_len;   /* literal: a slice of formatter.lits */
	struct field_ref ref;      /* field */
	size_t key_off, key_len;   /* field: its text as written, the JSON key */
	uint32_t width;            /* field: 0, or pad/cut to this many characters */
};

struct formatter {
	char *text;          /* owned: the format as given */
	char *lits;          /* owned: literal text, escapes resolved */
	size_t lits_len;
	struct token *toks;  /* owned */
	size_t ntoks;
	size_t *order;       /* owned, JSON: field tokens sorted by key, duplicates dropped */
	size_t norder;
	uint32_t flags;      /* FORMATTER_* */
	uint32_t output_flags; /* FIELD_OUT_*, added to the context's */
	bool require_all;
};

static char *cause_at(size_t col, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *cause_at(size_t col, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL, *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (msg && asprintf(&s, "column %zu: %s", col, msg) < 0)
		s = NULL;
	free(msg);
	return s;
}

void formatter_free(struct formatter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->ntoks; i++)
		field_ref_done(&f->toks[i].ref);
	free(f->toks);
	free(f->order);
	free(f->lits);
	free(f->text);
	free(f);
}

static struct token *new_token(struct formatter *f)
{
	struct token *t = realloc(f->toks, (f->ntoks + 1) * sizeof(*t));
	if (!t)
		return NULL;
	f->toks = t;
	t = &f->toks[f->ntoks++];
	memset(t, 0, sizeof(*t));
	t->ref.arg_index = -1;
	return t;
}

/* Adds literal text to the last token when it is literal, else a new one. */
static int add_literal(struct formatter *f, const char *s, size_t n)
{
	struct token *t = f->ntoks ? &f->toks[f->ntoks - 1] : NULL;

	if (!t || t->is_field) {
		t = new_token(f);
		if (!t)
			return -ENOMEM;
		t->lit_off = f->lits_len;
	}
	memcpy(f->lits + f->lits_len, s, n);
	f->lits_len += n;
	t->lit_len += n;
	return 0;
}

static int key_cmp(const void *a, const void *b, void *ctx)
{
	const struct formatter *f = ctx;
	const struct token *ta = &f->toks[*(const size_t *)a];
	const struct token *tb = &f->toks[*(const size_t *)b];
	size_t n = ta->key_len < tb->key_len ? ta->key_len : tb->key_len;
	int r = memcmp(f->text + ta->key_off, f->text + tb->key_off, n);
	return r ? r : (ta->key_len > tb->key_len) - (ta->key_len < tb->key_len);
}

/* JSON objects list each key once, in sorted order, as sysdig -j does. */
static int json_order(struct formatter *f)
{
	size_t n = 0;

	f->order = calloc(f->ntoks ? f->ntoks : 1, sizeof(*f->order));
	if (!f->order)
		return -ENOMEM;
	for (size_t i = 0; i < f->ntoks; i++)
		if (f->toks[i].is_field)
			f->order[n++] = i;
	qsort_r(f->order, n, sizeof(*f->order), key_cmp, f);
	f->norder = 0;
	for (size_t i = 0; i < n; i++) {
		if (f->norder) {
			const struct token *a = &f->toks[f->order[f->norder - 1]], *b = &f->toks[f->order[i]];
			if (a->key_len == b->key_len && !memcmp(f->text + a->key_off, f->text + b->key_off, a->key_len))
				continue;
		}
		f->order[f->norder++] = f->order[i];
	}
	return 0;
}

struct formatter *formatter_new_ex(const char *fmt, uint32_t flags, uint32_t output_flags, char **cause)
{
	struct formatter *f = calloc(1, sizeof(*f));
	const char *p;

	if (cause)
		*cause = NULL;
	if (!f)
		goto nomem;
	if (!fmt)
		fmt = FORMATTER_DEFAULT;
	f->flags = flags;
	f->output_flags = output_flags;
	f->text = strdup(fmt);
	f->lits = malloc(strlen(fmt) + 1);
	if (!f->text || !f->lits)
		goto nomem;
	p = f->text;
	f->require_all = !(flags & FORMATTER_ALL_LINES);
	if (*p == '*') {
		f->require_all = false;
		p++;
	}
	while (*p) {
		size_t col = (size_t)(p - f->text) + 1;
		if (*p == '\\' && p[1]) {
			char c = p[1];
			char e = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'e' ? '\033' : c == '\\' ? '\\' : 0;
			if (e) {
				if (add_literal(f, &e, 1))
					goto nomem;
			} else if (add_literal(f, p, 2)) {
				goto nomem;
			}
			p += 2;
		} else if (*p == '%' && p[1] == '%') {
			if (add_literal(f, "%", 1))
				goto nomem;
			p += 2;
		} else if (*p == '%') {
			struct token *t;
			uint32_t width = 0;
			char *fcause = NULL;
			int used;

			p++;
			if (!*p) {
				if (cause)
					*cause = cause_at(col, "a format cannot end with '%%'");
				goto fail;
			}
			while (isdigit((unsigned char)*p)) {
				width = width * 10 + (uint32_t)(*p - '0');
				if (width > 100000)
					width = 100000;
				p++;
			}
			t = new_token(f);
			if (!t)
				goto nomem;
			t->is_field = true;
			t->width = width;
			used = field_parse(p, &t->ref, &fcause);
			if (used < 0) {
				if (cause)
					*cause = cause_at((size_t)(p - f->text) + 1, "%s",
							  fcause ? fcause : "expected a field name");
				free(fcause);
				f->ntoks--;
				goto fail;
			}
			free(fcause);
			if (t->ref.def->flags & FF_FILTER_ONLY) {
				if (cause)
					*cause = cause_at((size_t)(p - f->text) + 1,
							  "%s can only be used in filters", t->ref.def->name);
				goto fail;
			}
			t->key_off = (size_t)(p - f->text);
			t->key_len = (size_t)used;
			p += used;
		} else {
			const char *q = p + 1;
			while (*q && *q != '%' && *q != '\\')
				q++;
			if (add_literal(f, p, (size_t)(q - p)))
				goto nomem;
			p = q;
		}
	}
	if ((flags & FORMATTER_JSON) && json_order(f))
		goto nomem;
	return f;
nomem:
	if (cause && !*cause)
		*cause = strdup("out of memory");
fail:
	formatter_free(f);
	return NULL;
}

struct formatter *formatter_new(const char *fmt, uint32_t output_flags, char **cause)
{
	return formatter_new_ex(fmt, 0, output_flags, cause);
}

struct formatter *formatter_new_json(const char *fmt, uint32_t output_flags, char **cause)
{
	return formatter_new_ex(fmt, FORMATTER_JSON, output_flags, cause);
}

const char *formatter_text(const struct formatter *f)
{
	return f->text;
}

bool formatter_uses_flags(const struct formatter *f, uint32_t flags)
{
	for (size_t i = 0; i < f->ntoks; i++)
		if (f->toks[i].is_field && field_ref_has_flags(&f->toks[i].ref, flags))
			return true;
	return false;
}

static int write_json(struct formatter *f, const struct field_ctx *c, struct strbuf *out,
		      struct strbuf *scratch, size_t start)
{
	struct field_ctx jc = *c;

	/* JSON shows data buffers in full, as sysdig -j */
	jc.output_flags |= FIELD_OUT_FULL_BUFFERS;
	if (strbuf_putc(out, '{'))
		return -ENOMEM;
	for (size_t i = 0; i < f->norder; i++) {
		const struct token *t = &f->toks[f->order[i]];
		int r;
		if ((i && strbuf_putc(out, ',')) ||
		    strbuf_put_json_str(out, f->text + t->key_off, t->key_len) || strbuf_putc(out, ':'))
			return -ENOMEM;
		strbuf_reset(scratch);
		r = field_render_json(&jc, &t->ref, out, scratch);
		if (r < 0)
			return r;
		if (r == 0 && f->require_all) {
			out->len = start;
			if (out->buf)
				out->buf[start] = '\0';
			return 0;
		}
	}
	if (strbuf_putc(out, '}'))
		return -ENOMEM;
	return 1;
}

static int write_text(struct formatter *f, const struct field_ctx *c, struct strbuf *out,
		      struct strbuf *scratch, size_t start)
{
	for (size_t i = 0; i < f->ntoks; i++) {
		const struct token *t = &f->toks[i];
		struct field_value v;
		size_t fstart = out->len;
		int r;

		if (!t->is_field) {
			/* most are one space: no memcpy for those */
			if (t->lit_len == 1 ? strbuf_putc(out, f->lits[t->lit_off])
					    : strbuf_append(out, f->lits + t->lit_off, t->lit_len))
				return -ENOMEM;
			continue;
		}
		strbuf_reset(scratch);
		r = field_get(c, &t->ref, &v, scratch);
		if (r < 0)
			return r;
		if (r == 0) {
			if (f->require_all) {
				out->len = start;
				if (out->buf)
					out->buf[start] = '\0';
				return 0;
			}
			if (strbuf_puts(out, "<NA>"))
				return -ENOMEM;
		} else if (v.kind == FK_STRING ? strbuf_append(out, v.s.p, v.s.len)
					       : field_value_render(t->ref.def, &v, c->output_flags, out)) {
			return -ENOMEM; /* a string renders as it is (field_value_render's case) */
		}
		if (t->width) {
			size_t len = out->len - fstart;
			if (len > t->width) {
				out->len = fstart + t->width;
				out->buf[out->len] = '\0';
			} else if (len < t->width) {
				if (strbuf_reserve(out, t->width - len))
					return -ENOMEM;
				memset(out->buf + out->len, ' ', t->width - len);
				out->len += t->width - len;
				out->buf[out->len] = '\0';
			}
		}
	}
	return 1;
}

int formatter_write(struct formatter *f, const struct field_ctx *c, struct strbuf *out,
		    struct strbuf *scratch)
{
	size_t start = out->len;
	struct field_ctx fc = *c;
	int r;

	fc.output_flags |= f->output_flags;
	r = f->flags & FORMATTER_JSON ? write_json(f, &fc, out, scratch, start)
				      : write_text(f, &fc, out, scratch, start);
	if (r < 0) {
		out->len = start;
		if (out->buf)
			out->buf[start] = '\0';
	}
	return r;
}
