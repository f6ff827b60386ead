/* containers.h: which container a thread runs in (from its cgroup paths and
 * namespaces) and what the runtime says about it (name, image, labels),
 * looked up off the event path. Answers the container.* fields. */
#ifndef WTF_CONTAINERS_H
#define WTF_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fields/fields.h"
#include "state/state.h"

enum container_type {
	CT_NONE = 0,
	CT_DOCKER,
	CT_PODMAN,
	CT_CONTAINERD,
	CT_CRIO,
	CT_LXC,
	CT_NSPAWN,
	CT_MAX
};

/* "docker", "podman", "containerd", "cri-o", "lxc", "systemd-nspawn" */
const char *container_type_name(enum container_type t);

#define CONTAINER_ID_MAX 128

/* What one cgroup path says. */
struct cgroup_match {
	enum container_type type;
	char id[CONTAINER_ID_MAX];   /* 64 hex digits, or the name (lxc, nspawn) */
	bool id_is_name;             /* lxc and nspawn: the id is the container's name */
};

/* Recognises a container in one cgroup path ("/docker/<id>",
 * "/system.slice/docker-<id>.scope", "/libpod_parent/libpod-<id>", ...).
 * Returns true and fills *m for a container, false for anything else (the
 * root, a systemd unit, a runtime's own monitor such as conmon). */
bool container_parse_cgroup(const char *path, size_t len, struct cgroup_match *m);

/* Tries every "subsys=path" pair of a thread's cgroups (NUL-separated). */
bool container_parse_cgroups(const char *pairs, size_t len, struct cgroup_match *m);

/* Metadata of a container, as the runtime API reports it. */
enum container_meta {
	CM_NONE = 0,     /* no lookup (no socket configured answers this type) */
	CM_QUEUED,       /* asked, no answer yet: name and image show "pending" */
	CM_DONE,         /* the fields below are set and never change again */
	CM_FAILED,       /* the runtime did not know it, or was absent, slow, garbled */
};

struct container {
	enum container_type type;
	char id[CONTAINER_ID_MAX];    /* full id */
	char short_id[CONTAINER_ID_MAX]; /* 12 characters (or the whole name) */
	int meta;                     /* enum container_meta; atomic between the lookup worker and readers */
	uint64_t retry_after_ns;      /* CLOCK_MONOTONIC: a failed lookup may be retried after it */
	uint32_t attempts;
	uint64_t first_seen_ns;       /* event time of its first thread */
	int64_t last_tid;             /* the thread that last learnt it (a clone, an exec) */
	uint32_t nthreads;            /* threads of the state in it now */
	bool started_told;            /* its start is queued or told (containers_take_started) */
	bool ended;                   /* its last known thread is gone (containers_sweep) */
	bool end_told;                /* that end was taken (containers_take_ended) */
	uint64_t ended_ns;            /* event time of the sweep that saw it ended */

	/* set once by the lookup worker before meta becomes CM_DONE; owned */
	char *name;
	char *image;                  /* "localhost/wtf-test:latest" */
	char *image_id;               /* without "sha256:" */
	char *image_repo, *image_tag, *image_digest;
	char *labels;                 /* "key\0value\0" pairs */
	uint32_t labels_len;
	bool privileged;

	struct container *hash_next;
};

struct containers;
struct container_state_dirs;

struct containers_opts {
	const char *const *sockets;   /* API sockets to ask, in order; NULL for the defaults */
	size_t nsockets;
	bool no_lookup;               /* never ask a runtime (capture files, tests) */
	uint32_t timeout_ms;          /* per request; 0 for the default (1000) */
	/* where runtimes keep state on disk; NULL: container_state_dirs_default() */
	const struct container_state_dirs *state_dirs;
};

struct containers *containers_new(const struct containers_opts *opts);
/* Stops the lookup worker; frees every container (threads must not point at
 * them any more: free the state first or with it). NULL is a no-op. */
void containers_free(struct containers *c);

/* Makes st call containers_on_thread as threads learn their cgroups, and
 * makes the container.* fields answer from c. */
void containers_attach(struct containers *c, struct state *st);

/* Sets t->container from t's cgroups and namespaces. */
void containers_on_thread(struct containers *c, struct thread *t);

/* The container with this full id, creating it; NULL on allocation failure
 * or when the table is full. */
struct container *containers_get(struct containers *c, enum container_type type, const char *id,
				  bool id_is_name);
size_t containers_count(const struct containers *c);
int containers_foreach(struct containers *c, int (*fn)(struct container *ct, void *ctx), void *ctx);

/* The container.* field getter (installed by containers_attach). */
int containers_field(const struct field_ctx *fc, const struct field_ref *ref, const struct thread *t,
		     struct field_value *out, struct strbuf *scratch);

/* ---- start and end ------------------------------------------------------ */

/* Containers whose start can be told: first seen, and their metadata settled
 * (answered, failed, or nothing to ask), so that a rule on the start sees the
 * name, image and privileged flag. Moves up to max of them into out, in the
 * order they became ready; returns how many. Each container is told once. */
size_t containers_take_started(struct containers *c, struct container **out, size_t max);
/* Containers that ended (containers_sweep) after their start was told: up to
 * max of them into out; returns how many. Each end is told once, and again
 * only after the container ran again. */
size_t containers_take_ended(struct containers *c, struct container **out, size_t max);
/* A live thread of ct in st (the container event's thread), or NULL. */
struct thread *container_any_thread(struct state *st, const struct container *ct);
/* The JSON that sysdig's `container` event carries for ct:
 * {"container":{"id":...,"name":...,"image":...,...}}, with or without the
 * labels (an event parameter holds at most 64 KiB). */
void container_json(const struct container *ct, bool labels, struct strbuf *out);
/* Counts the state's threads of each container (nthreads) and marks ended
 * those with none left, ended_ns set to now_ns (event time). A container seen
 * again (a thread in it) is running again. Call it now and then (once a
 * second): a walk of the thread table. Returns how many ended this time. */
size_t containers_sweep(struct containers *c, struct state *st, uint64_t now_ns);

/* A capture file's `container` event (sysdig's JSON, or ours): the container
 * it names, by full or short id, gets the metadata the file recorded (libs'
 * "incomplete" placeholder teaches nothing). For replays, where no lookup
 * worker runs. Returns 0, or -EINVAL when json names no container. */
int containers_on_event(struct containers *c, const char *json, size_t len);
/* The container a `container` event is about (the id in its JSON), or NULL
 * when the table has none of that id. */
struct container *containers_of_event(struct containers *c, const struct evt *e);

/* ---- the runtime API, for tests ---------------------------------------- */

/* Fills ct's metadata from a GET /containers/<id>/json body. Returns 0, or
 * -EINVAL when the body is not such an object. */
int container_meta_from_json(struct container *ct, const char *body, size_t len);
/* The same from another JSON shape: the dotted paths of each member
 * (privileged may be NULL). */
struct container_json_keys {
	const char *id, *name, *image, *image_id, *privileged, *labels;
};
int container_meta_from_json_keys(struct container *ct, const char *body, size_t len,
				  const struct container_json_keys *k);
/* Sets image_repo, image_tag and image_digest from image. */
void container_split_image(struct container *ct);

/* ---- runtime state files: when no API socket answers -------------------- */

/* Where runtimes keep their containers on disk. */
struct container_state_dirs {
	char docker[256];   /* Docker's data root: /var/lib/docker */
	char storage[256];  /* containers-storage's graphroot (podman, cri-o): from
	                     * $CONTAINERS_STORAGE_CONF or /etc/containers/storage.conf,
	                     * else /var/lib/containers/storage */
};
void container_state_dirs_default(struct container_state_dirs *d);
/* Fills ct's metadata from Docker's containers/<id>/config.v2.json and
 * hostconfig.json, or from containers-storage's containers.json (name, image)
 * and the container's userdata/config.json (podman's privileged annotation).
 * Returns 0, or -ENOENT when no runtime on disk knows the id. */
int container_meta_from_state_files(struct container *ct, const struct container_state_dirs *d);

/* Sends GET path over the unix socket and returns the body of a 200 answer
 * in *body (caller frees), its length in *len. Returns 0, -ENOENT for 404,
 * -EIO for another status or a garbled answer, -errno, -ETIMEDOUT. */
int container_http_get(const char *sock_path, const char *path, uint32_t timeout_ms, char **body,
		       size_t *len);
/* Blocks up to timeout_ms until no lookup is queued; for tests. */
void containers_wait_idle(struct containers *c, uint32_t timeout_ms);

#endif
