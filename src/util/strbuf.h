/* strbuf.h: a growable byte buffer that is reused from event to event, so the
 * per-event paths do not allocate once it has grown. */
#ifndef WTF_STRBUF_H
#define WTF_STRBUF_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strbuf {
	char *buf;   /* owned; always NUL-terminated when cap > 0 */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_free(struct strbuf *sb);
/* Each returns 0, or -ENOMEM (the buffer keeps what fitted before). */
int strbuf_reserve(struct strbuf *sb, size_t more);
int strbuf_puts(struct strbuf *sb, const char *s);
int strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
int strbuf_put_u64(struct strbuf *sb, uint64_t v);
int strbuf_put_s64(struct strbuf *sb, int64_t v);
/* v in upper-case hex ("%" PRIX64), and in octal with a leading 0 as "%#" PRIo64 */
int strbuf_put_hex(struct strbuf *sb, uint64_t v);
int strbuf_put_oct(struct strbuf *sb, uint64_t v);
/* A newly allocated formatted string (for error causes the caller frees);
 * NULL when out of memory. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends s as a JSON string, quotes included. */
int strbuf_put_json_str(struct strbuf *sb, const char *s, size_t n);

/* Emptied for each event, each field and each rule: inline. */
static inline void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

/* The two every output line is made of, inline: a call apiece was a tenth
 * of printing the default format. */
static inline int strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap && strbuf_reserve(sb, n))
		return -ENOMEM;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

static inline int strbuf_putc(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap && strbuf_reserve(sb, 1))
		return -ENOMEM;
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
	return 0;
}

#endif
