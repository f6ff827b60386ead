/* strbuf.c: the reusable byte buffer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

int strbuf_reserve(struct strbuf *sb, size_t more)
{
	size_t need = sb->len + more + 1;
	char *nb;
	size_t ncap;

	if (need <= sb->cap)
		return 0;
	ncap = sb->cap ? sb->cap : 64;
	while (ncap < need)
		ncap *= 2;
	nb = realloc(sb->buf, ncap);
	if (!nb)
		return -ENOMEM;
	sb->buf = nb;
	sb->cap = ncap;
	return 0;
}

int strbuf_puts(struct strbuf *sb, const char *s)
{
	return strbuf_append(sb, s, strlen(s));
}

int strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(sb->buf ? sb->buf + sb->len : NULL, sb->cap ? sb->cap - sb->len : 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -EINVAL;
	if (sb->len + n + 1 > sb->cap) {
		if (strbuf_reserve(sb, n))
			return -ENOMEM;
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	}
	sb->len += n;
	return 0;
}

int strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;
	va_start(ap, fmt);
	r = strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
	return r;
}

/* v's digits in base (8 or 16, upper case); a 0 before octal's, as %#o.
 * Inlined into each caller, so each divides by a constant. */
static inline __attribute__((always_inline)) int put_radix(struct strbuf *sb, uint64_t v, unsigned base)
{
	char tmp[24];
	int i = sizeof(tmp);
	do {
		tmp[--i] = "0123456789ABCDEF"[v % base];
		v /= base;
	} while (v);
	if (base == 8 && tmp[i] != '0')
		tmp[--i] = '0';
	return strbuf_append(sb, tmp + i, sizeof(tmp) - i);
}

int strbuf_put_u64(struct strbuf *sb, uint64_t v)
{
	/* two digits a division: event numbers, tids and sizes are on every line */
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	char tmp[24];
	int i = sizeof(tmp);

	while (v >= 100) {
		unsigned d = (unsigned)(v % 100);
		v /= 100;
		tmp[--i] = pairs[2 * d + 1];
		tmp[--i] = pairs[2 * d];
	}
	if (v >= 10) {
		tmp[--i] = pairs[2 * v + 1];
		tmp[--i] = pairs[2 * v];
	} else {
		tmp[--i] = (char)('0' + v);
	}
	return strbuf_append(sb, tmp + i, sizeof(tmp) - i);
}

int strbuf_put_hex(struct strbuf *sb, uint64_t v)
{
	return put_radix(sb, v, 16);
}

int strbuf_put_oct(struct strbuf *sb, uint64_t v)
{
	return put_radix(sb, v, 8);
}

int strbuf_put_s64(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		if (strbuf_putc(sb, '-'))
			return -ENOMEM;
		return strbuf_put_u64(sb, (uint64_t)0 - (uint64_t)v);
	}
	return strbuf_put_u64(sb, v);
}

int strbuf_put_json_str(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	if (strbuf_reserve(sb, n + 2))
		return -ENOMEM;
	strbuf_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, c);
		} else if (c < 0x20 || c == 0x7f) {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			if (c == '\n')
				strbuf_append(sb, "\\n", 2);
			else if (c == '\t')
				strbuf_append(sb, "\\t", 2);
			else if (c == '\r')
				strbuf_append(sb, "\\r", 2);
			else
				strbuf_append(sb, esc, 6);
		} else if (c >= 0x80) {
			/* keep valid UTF-8 sequences, escape stray bytes */
			size_t k = 0;
			int need = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
			if (need > 0 && i + need < n + 0) {
				for (k = 1; k <= (size_t)need; k++)
					if (((unsigned char)s[i + k] & 0xc0) != 0x80)
						break;
			}
			if (need > 0 && k == (size_t)need + 1) {
				strbuf_append(sb, s + i, need + 1);
				i += need;
			} else {
				char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
				strbuf_append(sb, esc, 6);
			}
		} else {
			strbuf_putc(sb, c);
		}
	}
	return strbuf_putc(sb, '"');
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}
