/* path.c: joining a relative path with a directory and normalising it (no
 * "." or ".." components, no doubled or trailing slashes), as sysdig shows
 * resolved paths. The file system is never consulted: symlinks stay. */
#include <string.h>

#include "state/state_int.h"

/* Appends one component to out, which holds a normalised absolute path. */
static int push_component(struct strbuf *out, size_t root, const char *c, size_t n)
{
	if (n == 0 || (n == 1 && c[0] == '.'))
		return 0;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		/* drop the last component, never above the root */
		size_t l = out->len;
		while (l > root + 1 && out->buf[l - 1] != '/')
			l--;
		if (l > root + 1)
			l--; /* the slash before it */
		out->len = l;
		out->buf[l] = '\0';
		return 0;
	}
	if (out->len > root + 1 && strbuf_putc(out, '/'))
		return -1;
	return strbuf_append(out, c, n);
}

static int push_path(struct strbuf *out, size_t root, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && p[j] != '/')
			j++;
		if (push_component(out, root, p + i, j - i))
			return -1;
		i = j + 1;
	}
	return 0;
}

int path_join_normalise(struct strbuf *out, const char *base, size_t base_len,
			const char *rel, size_t rel_len)
{
	size_t root = out->len; /* index of the leading '/' */

	if (strbuf_putc(out, '/'))
		return -1;
	if (rel_len == 0 || rel[0] != '/') {
		if (push_path(out, root, base, base_len))
			return -1;
	}
	return push_path(out, root, rel, rel_len);
}

/* True when p is absolute and already normal, so it can be used as it is. */
bool path_is_normal(const char *p, size_t n)
{
	if (n == 0 || p[0] != '/')
		return false;
	if (n > 1 && p[n - 1] == '/')
		return false;
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] != '/')
			continue;
		if (p[i + 1] == '/')
			return false;
		if (p[i + 1] == '.') {
			if (i + 2 == n || p[i + 2] == '/')
				return false;
			if (p[i + 2] == '.' && (i + 3 == n || p[i + 3] == '/'))
				return false;
		}
	}
	return true;
}
