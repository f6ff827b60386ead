/* runtime_api.c: the Docker-compatible REST API that Docker and podman serve
 * on a unix socket: one HTTP/1.1 GET with a deadline, and the container
 * inspection answer read into a struct container. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "containers/containers.h"
#include "containers/json.h"
#include "util/clock.h"

#define HTTP_MAX_ANSWER (4u << 20)

/* Waits until fd is ready for events or the deadline passes. */
static int wait_fd(int fd, short events, uint64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { fd, events, 0 };
		uint64_t now = clock_ns(CLOCK_MONOTONIC) / 1000000;
		int r;
		if (now >= deadline)
			return -ETIMEDOUT;
		r = poll(&pfd, 1, (int)(deadline - now));
		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

/* Decodes a chunked body in place; returns its length, or -1. */
static long dechunk(char *b, size_t n)
{
	size_t in = 0, out = 0;
	for (;;) {
		char *eol = memmem(b + in, n - in, "\r\n", 2);
		unsigned long sz;
		char *endp;
		if (!eol)
			return -1;
		sz = strtoul(b + in, &endp, 16);
		if (endp == b + in)
			return -1;
		in = (size_t)(eol - b) + 2;
		if (sz == 0)
			return (long)out;
		if (sz > n - in)
			return -1;
		memmove(b + out, b + in, sz);
		out += sz;
		in += sz + 2;
		if (in > n)
			return -1;
	}
}

int container_http_get(const char *sock_path, const char *path, uint32_t timeout_ms, char **body,
		       size_t *len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	uint64_t deadline = clock_ns(CLOCK_MONOTONIC) / 1000000 + timeout_ms;
	char req[512], *buf = NULL, *hdr_end, *p;
	size_t n = 0, cap = 0, hlen;
	int fd, r = 0, status;
	long clen = -1;
	bool chunked = false;

	*body = NULL;
	*len = 0;
	if (strlen(sock_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno != EINPROGRESS && errno != EAGAIN) {
			r = -errno;
			goto out;
		}
		if ((r = wait_fd(fd, POLLOUT, deadline)))
			goto out;
	}
	int rl = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wtftop\r\n"
				 "Connection: close\r\n\r\n", path);
	if (rl < 0 || (size_t)rl >= sizeof(req)) {
		r = -ENAMETOOLONG;
		goto out;
	}
	for (size_t off = 0; off < (size_t)rl;) {
		ssize_t w = send(fd, req + off, rl - off, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN || (r = wait_fd(fd, POLLOUT, deadline)))
				goto out;
			continue;
		}
		off += w;
	}
	for (;;) {
		ssize_t got;
		if (n + 4096 + 1 > cap) {
			char *nb;
			if (cap >= HTTP_MAX_ANSWER) {
				r = -EIO;
				goto out;
			}
			cap = cap ? cap * 2 : 16384;
			if (!(nb = realloc(buf, cap))) {
				r = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		got = recv(fd, buf + n, cap - n - 1, 0);
		if (got == 0)
			break;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				r = -errno;
				goto out;
			}
			if ((r = wait_fd(fd, POLLIN, deadline)))
				goto out;
			continue;
		}
		n += got;
		buf[n] = '\0';
		/* a server that keeps the connection: stop at the body's end */
		if ((hdr_end = strstr(buf, "\r\n\r\n"))) {
			hlen = (size_t)(hdr_end - buf) + 4;
			p = strcasestr(buf, "\r\ncontent-length:");
			if (p && p < hdr_end && n >= hlen + strtoul(p + 17, NULL, 10))
				break;
			if (!p && n >= 5 && !memcmp(buf + n - 5, "0\r\n\r\n", 5))
				break;
		}
	}
	if (!buf || n < 12 || strncmp(buf, "HTTP/1.", 7) || !(hdr_end = strstr(buf, "\r\n\r\n"))) {
		r = -EIO;
		goto out;
	}
	status = atoi(buf + 9);
	hlen = (size_t)(hdr_end - buf) + 4;
	*hdr_end = '\0';
	if ((p = strcasestr(buf, "\r\ncontent-length:")))
		clen = strtol(p + 17, NULL, 10);
	if ((p = strcasestr(buf, "\r\ntransfer-encoding:")) && strcasestr(p, "chunked"))
		chunked = true;
	if (status == 404) {
		r = -ENOENT;
		goto out;
	}
	if (status != 200) {
		r = -EIO;
		goto out;
	}
	memmove(buf, buf + hlen, n - hlen);
	n -= hlen;
	if (chunked) {
		long l = dechunk(buf, n);
		if (l < 0) {
			r = -EIO;
			goto out;
		}
		n = (size_t)l;
	} else if (clen >= 0 && (size_t)clen < n) {
		n = (size_t)clen;
	}
	buf[n] = '\0';
	*body = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return r;
}

static char *dup_json_str(const char *v, const char *end, struct strbuf *tmp)
{
	if (!v || json_string(v, end, tmp) < 0 || !tmp->buf || !tmp->buf[0])
		return NULL;
	return strdup(tmp->buf);
}

struct label_ctx {
	struct strbuf out;
	struct strbuf val;
};

static void label_fn(const char *key, const char *val, const char *end, void *ctx)
{
	struct label_ctx *l = ctx;
	if (json_string(val, end, &l->val) < 0)
		return;
	strbuf_append(&l->out, key, strlen(key) + 1);
	strbuf_append(&l->out, l->val.buf ? l->val.buf : "", l->val.len + 1);
}

/* "registry/repo:tag@sha256:..." -> repository, tag, digest */
void container_split_image(struct container *ct)
{
	const char *img = ct->image, *at, *slash, *colon;
	size_t end;

	if (!img)
		return;
	at = strchr(img, '@');
	end = at ? (size_t)(at - img) : strlen(img);
	if (at)
		ct->image_digest = strdup(at + 1);
	slash = memrchr(img, '/', end);
	colon = memrchr(slash ? slash : img, ':', end - (size_t)((slash ? slash : img) - img));
	if (colon) {
		ct->image_repo = strndup(img, (size_t)(colon - img));
		ct->image_tag = strndup(colon + 1, end - (size_t)(colon + 1 - img));
	} else {
		ct->image_repo = strndup(img, end);
		if (!at)
			ct->image_tag = strdup("latest");
	}
}

/* The inspection answer of the API; Docker's config.v2.json on disk has the
 * same shape but for "ID" and the privileged flag (in hostconfig.json). */
static const struct container_json_keys api_keys = {
	"Id", "Name", "Config.Image", "Image", "HostConfig.Privileged", "Config.Labels",
};

int container_meta_from_json(struct container *ct, const char *body, size_t len)
{
	return container_meta_from_json_keys(ct, body, len, &api_keys);
}

int container_meta_from_json_keys(struct container *ct, const char *body, size_t len,
				  const struct container_json_keys *k)
{
	const char *end = body + len, *v;
	struct strbuf tmp = STRBUF_INIT;
	struct label_ctx lc = { STRBUF_INIT, STRBUF_INIT };
	bool b;

	if (!json_path(body, end, k->id))
		return -EINVAL;
	ct->name = dup_json_str(json_path(body, end, k->name), end, &tmp);
	if (ct->name && ct->name[0] == '/') /* Docker's "/name" */
		memmove(ct->name, ct->name + 1, strlen(ct->name));
	ct->image = dup_json_str(json_path(body, end, k->image), end, &tmp);
	ct->image_id = dup_json_str(json_path(body, end, k->image_id), end, &tmp);
	if (ct->image_id && !strncmp(ct->image_id, "sha256:", 7))
		memmove(ct->image_id, ct->image_id + 7, strlen(ct->image_id + 7) + 1);
	if (!ct->image && ct->image_id && !(ct->image = strdup(ct->image_id)))
		return -ENOMEM;
	container_split_image(ct);
	if (k->privileged && (v = json_path(body, end, k->privileged)) && json_bool(v, end, &b) == 0)
		ct->privileged = b;
	if ((v = json_path(body, end, k->labels)) && json_foreach_member(v, end, label_fn, &lc) == 0 &&
	    lc.out.len) {
		ct->labels = lc.out.buf;
		ct->labels_len = (uint32_t)lc.out.len;
		lc.out.buf = NULL;
	}
	strbuf_free(&lc.out);
	strbuf_free(&lc.val);
	strbuf_free(&tmp);
	return 0;
}
