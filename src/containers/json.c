/* json.c: a small, bounded JSON reader (see json.h). */
#include <string.h>

#include "containers/json.h"

#define JSON_MAX_DEPTH 64

static const char *blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at the opening quote; returns just after the closing one */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

const char *json_skip(const char *p, const char *end)
{
	int depth = 0;

	p = blank(p, end);
	if (p >= end)
		return NULL;
	if (*p == '"')
		return skip_string(p, end);
	if (*p != '{' && *p != '[') {
		const char *s = p;
		while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' &&
		       *p != '\r' && *p != '\t' && *p != ':')
			p++;
		return p > s ? p : NULL;
	}
	while (p < end) {
		char c = *p;
		if (c == '"') {
			if (!(p = skip_string(p, end)))
				return NULL;
			continue;
		}
		if (c == '{' || c == '[') {
			if (++depth > JSON_MAX_DEPTH)
				return NULL;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return p + 1;
		}
		p++;
	}
	return NULL;
}

/* Walks the members of the object at p: calls fn with the raw key span. */
static int walk(const char *p, const char *end,
		int (*fn)(const char *k, size_t kn, const char *v, const char *end, void *ctx), void *ctx)
{
	p = blank(p, end);
	if (p >= end || *p != '{')
		return -1;
	p = blank(p + 1, end);
	if (p < end && *p == '}')
		return 0;
	while (p < end) {
		const char *k, *kend, *v;
		int r;
		if (*p != '"' || !(kend = skip_string(p, end)))
			return -1;
		k = p + 1;
		p = blank(kend, end);
		if (p >= end || *p != ':')
			return -1;
		v = blank(p + 1, end);
		if (!(p = json_skip(v, end)))
			return -1;
		r = fn(k, (size_t)(kend - 1 - k), v, end, ctx);
		if (r)
			return r > 0 ? 0 : -1;
		p = blank(p, end);
		if (p < end && *p == ',') {
			p = blank(p + 1, end);
			continue;
		}
		return (p < end && *p == '}') ? 0 : -1;
	}
	return -1;
}

struct find_ctx {
	const char *key;
	size_t keyn;
	const char *found;
};

static int find_fn(const char *k, size_t kn, const char *v, const char *end, void *ctx)
{
	struct find_ctx *f = ctx;
	(void)end;
	if (kn == f->keyn && memcmp(k, f->key, kn) == 0) {
		f->found = v;
		return 1;
	}
	return 0;
}

const char *json_path(const char *p, const char *end, const char *path)
{
	while (p && *path) {
		const char *dot = strchr(path, '.');
		struct find_ctx f = { path, dot ? (size_t)(dot - path) : strlen(path), NULL };
		if (walk(p, end, find_fn, &f) < 0)
			return NULL;
		p = f.found;
		path += f.keyn + (dot ? 1 : 0);
	}
	return p;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int json_string(const char *p, const char *end, struct strbuf *out)
{
	strbuf_reset(out);
	p = blank(p, end);
	if (p >= end || *p != '"')
		return -1;
	for (p++; p < end; p++) {
		char c = *p;
		if (c == '"')
			return out->buf ? 0 : strbuf_append(out, "", 0);
		if (c != '\\') {
			strbuf_putc(out, c);
			continue;
		}
		if (++p >= end)
			return -1;
		switch (*p) {
		case 'n': strbuf_putc(out, '\n'); break;
		case 't': strbuf_putc(out, '\t'); break;
		case 'r': strbuf_putc(out, '\r'); break;
		case 'b': strbuf_putc(out, '\b'); break;
		case 'f': strbuf_putc(out, '\f'); break;
		case 'u': {
			unsigned cp = 0;
			if (end - p < 5)
				return -1;
			for (int i = 1; i <= 4; i++) {
				int h = hexval(p[i]);
				if (h < 0)
					return -1;
				cp = cp << 4 | (unsigned)h;
			}
			p += 4;
			/* UTF-8; a lone surrogate becomes '?' */
			if (cp < 0x80) {
				strbuf_putc(out, (char)cp);
			} else if (cp < 0x800) {
				strbuf_putc(out, (char)(0xc0 | cp >> 6));
				strbuf_putc(out, (char)(0x80 | (cp & 0x3f)));
			} else if (cp >= 0xd800 && cp < 0xe000) {
				strbuf_putc(out, '?');
			} else {
				strbuf_putc(out, (char)(0xe0 | cp >> 12));
				strbuf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
				strbuf_putc(out, (char)(0x80 | (cp & 0x3f)));
			}
			break;
		}
		default: strbuf_putc(out, *p); break; /* \" \\ \/ */
		}
	}
	return -1;
}

int json_bool(const char *p, const char *end, bool *out)
{
	p = blank(p, end);
	if (end - p >= 4 && !memcmp(p, "true", 4)) {
		*out = true;
		return 0;
	}
	if (end - p >= 5 && !memcmp(p, "false", 5)) {
		*out = false;
		return 0;
	}
	return -1;
}

struct each_ctx {
	void (*fn)(const char *key, const char *val, const char *end, void *ctx);
	void *ctx;
	struct strbuf key;
};

static int each_fn(const char *k, size_t kn, const char *v, const char *end, void *ctx)
{
	struct each_ctx *e = ctx;
	/* k points after the opening quote: decode from the quote */
	if (json_string(k - 1, k + kn + 1, &e->key) == 0)
		e->fn(e->key.buf, v, end, e->ctx);
	return 0;
}

int json_foreach_member(const char *p, const char *end,
			void (*fn)(const char *key, const char *val, const char *end, void *ctx), void *ctx)
{
	struct each_ctx e = { fn, ctx, STRBUF_INIT };
	int r = walk(p, end, each_fn, &e);
	strbuf_free(&e.key);
	return r;
}

const char *json_element(const char *p, const char *end, const char **next)
{
	p = blank(p, end);
	if (p < end && (*p == '[' || *p == ','))
		p = blank(p + 1, end);
	if (p >= end || *p == ']' || !(*next = json_skip(p, end)))
		return NULL;
	*next = blank(*next, end);
	if (*next < end && **next != ',' && **next != ']')
		return NULL;
	return p;
}
