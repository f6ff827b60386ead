/* state_files.c: what runtimes leave on disk about their containers, read
 * when no API socket answers (the runtime's service is not running, as podman
 * without `podman system service`, or its socket is elsewhere):
 * - Docker: <root>/containers/<id>/config.v2.json (the inspection answer's
 *   shape with "ID") and hostconfig.json ("Privileged");
 * - containers-storage (podman, cri-o): <graphroot>/overlay-containers/
 *   containers.json, an array of {id, names, image, metadata}, where metadata
 *   is a JSON string with "image-name"; and the OCI config of the container,
 *   <graphroot>/overlay-containers/<id>/userdata/config.json, whose
 *   annotation io.podman.annotations.privileged says TRUE or FALSE.
 * Labels given to podman live in its database, not here: none from this path. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "containers/containers.h"
#include "containers/json.h"

#define STATE_FILE_MAX (64u << 20)

/* The whole file, NUL-terminated, in *out (caller frees); its length or -errno. */
static long read_file(const char *path, char **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	char *buf;
	size_t n = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb) < 0 || sb.st_size < 0 || (size_t)sb.st_size > STATE_FILE_MAX ||
	    !(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return -EFBIG;
	}
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)sb.st_size - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	return (long)n;
}

/* graphroot = "..." in a storage.conf, or NULL */
static int conf_graphroot(const char *conf, char *out, size_t outsz)
{
	char *text = NULL, *p;
	int r = -ENOENT;

	if (read_file(conf, &text) < 0)
		return -ENOENT;
	for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		char *q = p + strspn(p, " \t"), *open_q, *close_q;
		if (strncmp(q, "graphroot", 9) || !(open_q = strchr(q, '"')) ||
		    !(close_q = strchr(open_q + 1, '"')) || memchr(q, '\n', (size_t)(close_q - q)))
			continue;
		if ((size_t)(close_q - open_q - 1) < outsz) {
			memcpy(out, open_q + 1, (size_t)(close_q - open_q - 1));
			out[close_q - open_q - 1] = '\0';
			r = 0;
		}
		break;
	}
	free(text);
	return r;
}

void container_state_dirs_default(struct container_state_dirs *d)
{
	const char *conf = getenv("CONTAINERS_STORAGE_CONF");

	snprintf(d->docker, sizeof(d->docker), "/var/lib/docker");
	if (conf_graphroot(conf && *conf ? conf : "/etc/containers/storage.conf", d->storage,
			   sizeof(d->storage)) < 0)
		snprintf(d->storage, sizeof(d->storage), "/var/lib/containers/storage");
}

static int from_docker(struct container *ct, const char *root)
{
	static const struct container_json_keys keys = {
		"ID", "Name", "Config.Image", "Image", NULL, "Config.Labels",
	};
	char path[512], *body = NULL;
	long n;
	int r;

	snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json", root, ct->id);
	if ((n = read_file(path, &body)) < 0)
		return -ENOENT;
	r = container_meta_from_json_keys(ct, body, (size_t)n, &keys);
	free(body);
	if (r)
		return r;
	snprintf(path, sizeof(path), "%s/containers/%s/hostconfig.json", root, ct->id);
	if ((n = read_file(path, &body)) >= 0) {
		const char *v = json_path(body, body + n, "Privileged");
		bool b;
		if (v && json_bool(v, body + n, &b) == 0)
			ct->privileged = b;
		free(body);
	}
	return 0;
}

struct annotation_ctx {
	struct strbuf val;
	bool privileged;
};

static void annotation_fn(const char *key, const char *val, const char *end, void *ctx)
{
	struct annotation_ctx *a = ctx;
	if (!strcmp(key, "io.podman.annotations.privileged") && json_string(val, end, &a->val) == 0)
		a->privileged = a->val.buf && !strcasecmp(a->val.buf, "true");
}

static char *dup_string(const char *v, const char *end, struct strbuf *tmp)
{
	if (!v || json_string(v, end, tmp) < 0 || !tmp->buf || !tmp->buf[0])
		return NULL;
	return strdup(tmp->buf);
}

/* The entry of containers.json for ct: name, image and image id. */
static int storage_entry(struct container *ct, const char *body, const char *end, struct strbuf *tmp)
{
	const char *e, *next, *v;

	for (e = json_element(body, end, &next); e; e = json_element(next, end, &next)) {
		const char *md, *mdend, *names, *first, *after;
		if (!(v = json_path(e, next, "id")) || json_string(v, next, tmp) < 0 ||
		    strcmp(tmp->buf ? tmp->buf : "", ct->id))
			continue;
		if ((names = json_path(e, next, "names")) && (first = json_element(names, next, &after)))
			ct->name = dup_string(first, after, tmp);
		ct->image_id = dup_string(json_path(e, next, "image"), next, tmp);
		/* metadata: a string holding JSON */
		if ((v = json_path(e, next, "metadata")) && json_string(v, next, tmp) == 0 && tmp->buf) {
			struct strbuf inner = STRBUF_INIT;
			md = tmp->buf;
			mdend = md + tmp->len;
			ct->image = dup_string(json_path(md, mdend, "image-name"), mdend, &inner);
			if (!ct->name)
				ct->name = dup_string(json_path(md, mdend, "name"), mdend, &inner);
			strbuf_free(&inner);
		}
		if (!ct->image && ct->image_id)
			ct->image = strdup(ct->image_id);
		container_split_image(ct);
		return 0;
	}
	return -ENOENT;
}

static int from_storage(struct container *ct, const char *graphroot)
{
	char path[512], *body = NULL;
	struct strbuf tmp = STRBUF_INIT;
	struct annotation_ctx ac = { STRBUF_INIT, false };
	const char *v;
	long n;
	int r;

	snprintf(path, sizeof(path), "%s/overlay-containers/containers.json", graphroot);
	if ((n = read_file(path, &body)) < 0)
		return -ENOENT;
	r = storage_entry(ct, body, body + n, &tmp);
	free(body);
	strbuf_free(&tmp);
	if (r)
		return r;
	snprintf(path, sizeof(path), "%s/overlay-containers/%s/userdata/config.json", graphroot, ct->id);
	if ((n = read_file(path, &body)) >= 0) {
		if ((v = json_path(body, body + n, "annotations")))
			json_foreach_member(v, body + n, annotation_fn, &ac);
		ct->privileged = ac.privileged;
		strbuf_free(&ac.val);
		free(body);
	}
	return 0;
}

int container_meta_from_state_files(struct container *ct, const struct container_state_dirs *d)
{
	switch (ct->type) {
	case CT_DOCKER:
		return from_docker(ct, d->docker);
	case CT_PODMAN:
	case CT_CRIO:
		return from_storage(ct, d->storage);
	default:
		return -ENOENT;
	}
}
