/* containers.c: the container table (full id -> container), the link from
 * each thread to its container, the lookup worker that asks the runtime's
 * API off the event path, and the container.* field getter. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "containers/containers.h"
#include "containers/json.h"
#include "util/clock.h"

#define CONTAINERS_MAX 8192
#define HASH_BUCKETS 1024
#define QUEUE_CAP 1024
#define DEFAULT_TIMEOUT_MS 1000
#define MAX_ATTEMPTS 5
#define API_VERSION "v1.40"

static const char *const default_sockets[] = {
	"/var/run/docker.sock",
	"/run/podman/podman.sock",
};

struct containers {
	struct container *buckets[HASH_BUCKETS];
	size_t count;
	bool no_lookup;
	uint32_t timeout_ms;
	char **sockets; /* owned */
	size_t nsockets;
	struct container_state_dirs dirs;

	/* lookup worker: started with the first lookup */
	pthread_t worker;
	bool worker_started, stopping;
	pthread_mutex_t lock;
	pthread_cond_t wake, idle;
	struct container *queue[QUEUE_CAP]; /* borrowed */
	size_t qhead, qlen;
	bool busy;
	/* containers whose start is ready to be told (containers_take_started) */
	struct container *started[QUEUE_CAP]; /* borrowed */
	size_t shead, slen;
};

/* The table whose containers the field getter names for `container` events
 * (the getter hook is one for the process, and so is this) */
static struct containers *attached;

static uint32_t hash_id(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static int meta_load(const struct container *ct)
{
	return __atomic_load_n(&ct->meta, __ATOMIC_ACQUIRE);
}

static void meta_store(struct container *ct, int v)
{
	__atomic_store_n(&ct->meta, v, __ATOMIC_RELEASE);
}

static void meta_clear(struct container *ct)
{
	free(ct->name);
	free(ct->image);
	free(ct->image_id);
	free(ct->image_repo);
	free(ct->image_tag);
	free(ct->image_digest);
	free(ct->labels);
	ct->name = ct->image = ct->image_id = ct->image_repo = ct->image_tag = ct->image_digest = NULL;
	ct->labels = NULL;
	ct->labels_len = 0;
	ct->privileged = false;
}

struct containers *containers_new(const struct containers_opts *opts)
{
	struct containers *c = calloc(1, sizeof(*c));
	const char *const *given = opts ? opts->sockets : NULL;
	size_t ngiven = given ? opts->nsockets : 0;
	size_t ndef = sizeof(default_sockets) / sizeof(default_sockets[0]);

	if (!c)
		return NULL;
	c->no_lookup = opts && opts->no_lookup;
	c->timeout_ms = opts && opts->timeout_ms ? opts->timeout_ms : DEFAULT_TIMEOUT_MS;
	if (opts && opts->state_dirs)
		c->dirs = *opts->state_dirs;
	else
		container_state_dirs_default(&c->dirs);
	c->sockets = calloc(ngiven + ndef, sizeof(char *));
	if (!c->sockets) {
		free(c);
		return NULL;
	}
	/* the given sockets first, then the usual places */
	for (size_t i = 0; i < ngiven + ndef; i++) {
		const char *s = i < ngiven ? given[i] : default_sockets[i - ngiven];
		if (!(c->sockets[c->nsockets] = strdup(s))) {
			containers_free(c);
			return NULL;
		}
		c->nsockets++;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->idle, NULL);
	return c;
}

void containers_free(struct containers *c)
{
	if (!c)
		return;
	if (attached == c)
		attached = NULL;
	if (c->worker_started) {
		pthread_mutex_lock(&c->lock);
		c->stopping = true;
		pthread_cond_broadcast(&c->wake);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->worker, NULL);
	}
	for (size_t b = 0; b < HASH_BUCKETS; b++) {
		struct container *ct = c->buckets[b], *next;
		for (; ct; ct = next) {
			next = ct->hash_next;
			meta_clear(ct);
			free(ct);
		}
	}
	if (c->worker_started || c->sockets) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->wake);
		pthread_cond_destroy(&c->idle);
	}
	for (size_t i = 0; i < c->nsockets; i++)
		free(c->sockets[i]);
	free(c->sockets);
	free(c);
}

/* ---- the lookup worker -------------------------------------------------- */

/* Queues ct's start to be told, once; c->lock held. A full queue loses the
 * event, never the container. */
static void started_push_locked(struct containers *c, struct container *ct)
{
	if (ct->started_told || c->slen >= QUEUE_CAP)
		return;
	ct->started_told = true;
	c->started[(c->shead + c->slen) % QUEUE_CAP] = ct;
	c->slen++;
}

static void started_push(struct containers *c, struct container *ct)
{
	pthread_mutex_lock(&c->lock);
	started_push_locked(c, ct);
	pthread_mutex_unlock(&c->lock);
}

size_t containers_take_started(struct containers *c, struct container **out, size_t max)
{
	size_t n = 0;

	if (!__atomic_load_n(&c->slen, __ATOMIC_RELAXED)) /* the usual case: no lock */
		return 0;
	pthread_mutex_lock(&c->lock);
	for (; n < max && c->slen; n++) {
		out[n] = c->started[c->shead];
		c->shead = (c->shead + 1) % QUEUE_CAP;
		c->slen--;
	}
	pthread_mutex_unlock(&c->lock);
	return n;
}

static int lookup(struct containers *c, struct container *ct)
{
	char path[CONTAINER_ID_MAX + 64];
	int r = -ENXIO; /* no socket there at all */

	snprintf(path, sizeof(path), "/" API_VERSION "/containers/%s/json", ct->id);
	for (size_t i = 0; i < c->nsockets; i++) {
		char *body = NULL;
		size_t len = 0;
		if (access(c->sockets[i], F_OK) != 0)
			continue;
		r = container_http_get(c->sockets[i], path, c->timeout_ms, &body, &len);
		if (r == 0) {
			r = container_meta_from_json(ct, body, len);
			free(body);
			if (r == 0)
				return 0;
			meta_clear(ct);
		}
	}
	/* no runtime answered: what it left on disk */
	if (container_meta_from_state_files(ct, &c->dirs) == 0)
		return 0;
	meta_clear(ct);
	return r;
}

static void *worker_main(void *arg)
{
	struct containers *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		struct container *ct;
		int r;
		while (!c->qlen && !c->stopping) {
			c->busy = false;
			pthread_cond_broadcast(&c->idle);
			pthread_cond_wait(&c->wake, &c->lock);
		}
		if (c->stopping)
			break;
		ct = c->queue[c->qhead];
		c->qhead = (c->qhead + 1) % QUEUE_CAP;
		c->qlen--;
		c->busy = true;
		pthread_mutex_unlock(&c->lock);

		r = lookup(c, ct);
		if (r == 0) {
			meta_store(ct, CM_DONE);
		} else {
			if (r == -ENXIO) /* no runtime to ask: asking again won't help */
				ct->attempts = MAX_ATTEMPTS;
			ct->retry_after_ns = clock_ns(CLOCK_MONOTONIC) + (uint64_t)ct->attempts * 1000000000ull;
			meta_store(ct, CM_FAILED);
		}
		pthread_mutex_lock(&c->lock);
		/* the start is told with the metadata, or once there is no hope of it */
		if (r == 0 || ct->attempts >= MAX_ATTEMPTS)
			started_push_locked(c, ct);
	}
	c->busy = false;
	pthread_cond_broadcast(&c->idle);
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* Queues a lookup of ct; called from the event path, never waits for it. */
static void request_lookup(struct containers *c, struct container *ct)
{
	pthread_mutex_lock(&c->lock);
	if (!c->worker_started) {
		if (pthread_create(&c->worker, NULL, worker_main, c) != 0) {
			started_push_locked(c, ct); /* no metadata will come */
			pthread_mutex_unlock(&c->lock);
			return;
		}
		c->worker_started = true;
	}
	if (c->qlen < QUEUE_CAP) {
		ct->attempts++;
		meta_store(ct, CM_QUEUED);
		c->queue[(c->qhead + c->qlen) % QUEUE_CAP] = ct;
		c->qlen++;
		c->busy = true;
		pthread_cond_signal(&c->wake);
	} else {
		started_push_locked(c, ct);
	}
	pthread_mutex_unlock(&c->lock);
}

void containers_wait_idle(struct containers *c, uint32_t timeout_ms)
{
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += timeout_ms / 1000;
	dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (dl.tv_nsec >= 1000000000) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&c->lock);
	while (c->worker_started && (c->qlen || c->busy))
		if (pthread_cond_timedwait(&c->idle, &c->lock, &dl) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&c->lock);
}

/* ---- the table ------------------------------------------------------------- */

/* A capture's container event may name a container by its short id alone,
 * before a thread's cgroup gives the full one: that entry becomes the full
 * id's (moved to bucket b), keeping the metadata the event brought. */
static struct container *take_short_id(struct containers *c, const char *id, uint32_t b)
{
	char short_id[13];
	struct container **pp;

	if (strlen(id) <= 12)
		return NULL;
	memcpy(short_id, id, 12);
	short_id[12] = '\0';
	for (pp = &c->buckets[hash_id(short_id) % HASH_BUCKETS]; *pp; pp = &(*pp)->hash_next) {
		struct container *ct = *pp;
		if (strcmp(ct->id, short_id))
			continue;
		*pp = ct->hash_next;
		strcpy(ct->id, id);
		ct->hash_next = c->buckets[b];
		c->buckets[b] = ct;
		return ct;
	}
	return NULL;
}

/* The container of this full id, or NULL. */
static struct container *by_id(struct containers *c, const char *id)
{
	for (struct container *ct = c->buckets[hash_id(id) % HASH_BUCKETS]; ct; ct = ct->hash_next)
		if (!strcmp(ct->id, id))
			return ct;
	return NULL;
}

struct container *containers_get(struct containers *c, enum container_type type, const char *id,
				  bool id_is_name)
{
	uint32_t b = hash_id(id) % HASH_BUCKETS;
	struct container *ct;

	if ((ct = by_id(c, id)) || (ct = take_short_id(c, id, b)))
		return ct;
	if (c->count >= CONTAINERS_MAX || strlen(id) >= sizeof(ct->id))
		return NULL;
	if (!(ct = calloc(1, sizeof(*ct))))
		return NULL;
	ct->type = type;
	strcpy(ct->id, id);
	if (id_is_name) {
		strcpy(ct->short_id, id);
		ct->name = strdup(id);
	} else {
		memcpy(ct->short_id, id, 12);
		ct->short_id[12] = '\0';
	}
	ct->hash_next = c->buckets[b];
	c->buckets[b] = ct;
	c->count++;
	return ct;
}

size_t containers_count(const struct containers *c)
{
	return c->count;
}

int containers_foreach(struct containers *c, int (*fn)(struct container *ct, void *ctx), void *ctx)
{
	for (size_t b = 0; b < HASH_BUCKETS; b++)
		for (struct container *ct = c->buckets[b]; ct; ct = ct->hash_next) {
			int r = fn(ct, ctx);
			if (r)
				return r;
		}
	return 0;
}

static bool has_api(enum container_type t)
{
	return t == CT_DOCKER || t == CT_PODMAN || t == CT_CONTAINERD || t == CT_CRIO;
}

/* A process whose cgroup has none of the runtimes' shapes is on the host,
 * whatever non-root cgroup it sits in (here: /process_api/<hash>) and even
 * though its recorded namespaces may lag behind a setns. */
void containers_on_thread(struct containers *c, struct thread *t)
{
	struct cgroup_match m;
	struct container *ct;

	if (!t->cgroups_len || !container_parse_cgroups(t->cgroups, t->cgroups_len, &m)) {
		if (t->cgroups_len)
			t->container = NULL;
		return;
	}
	ct = t->container;
	if (!ct || strcmp(ct->id, m.id))
		ct = containers_get(c, m.type, m.id, m.id_is_name);
	t->container = ct;
	if (!ct)
		return;
	if (!ct->first_seen_ns)
		ct->first_seen_ns = t->start_ts ? t->start_ts : 1;
	ct->last_tid = t->tid;
	if (ct->ended) { /* a thread in it again: it runs again, and starts again */
		int meta = meta_load(ct);
		ct->ended = false;
		ct->ended_ns = 0;
		ct->end_told = false;
		pthread_mutex_lock(&c->lock);
		ct->started_told = false;
		if (meta == CM_DONE || (meta == CM_FAILED && ct->attempts >= MAX_ATTEMPTS))
			started_push_locked(c, ct); /* settled: no lookup will tell it */
		pthread_mutex_unlock(&c->lock);
	}
	if (c->no_lookup || !has_api(ct->type)) {
		if (!ct->started_told)
			started_push(c, ct);
		return;
	}
	switch (meta_load(ct)) {
	case CM_NONE:
		request_lookup(c, ct);
		break;
	case CM_FAILED:
		if (ct->attempts < MAX_ATTEMPTS && clock_ns(CLOCK_MONOTONIC) >= ct->retry_after_ns)
			request_lookup(c, ct);
		break;
	default:
		break;
	}
}

/* ---- end ------------------------------------------------------------------ */

static int count_thread(struct thread *t, void *ctx)
{
	(void)ctx;
	struct container *ct = t->container;
	if (ct && !(t->flags & THREAD_F_DEAD))
		ct->nthreads++;
	return 0;
}

size_t containers_sweep(struct containers *c, struct state *st, uint64_t now_ns)
{
	size_t ended = 0;

	for (size_t b = 0; b < HASH_BUCKETS; b++)
		for (struct container *ct = c->buckets[b]; ct; ct = ct->hash_next)
			ct->nthreads = 0;
	state_foreach_thread(st, count_thread, NULL);
	for (size_t b = 0; b < HASH_BUCKETS; b++)
		for (struct container *ct = c->buckets[b]; ct; ct = ct->hash_next) {
			/* a container whose threads make no events is asked again here */
			if (!c->no_lookup && meta_load(ct) == CM_FAILED && ct->attempts < MAX_ATTEMPTS &&
			    clock_ns(CLOCK_MONOTONIC) >= ct->retry_after_ns)
				request_lookup(c, ct);
			if (ct->nthreads || ct->ended)
				continue;
			ct->ended = true;
			ct->ended_ns = now_ns;
			ended++;
		}
	return ended;
}

size_t containers_take_ended(struct containers *c, struct container **out, size_t max)
{
	size_t n = 0;
	bool told;

	for (size_t b = 0; b < HASH_BUCKETS && n < max; b++)
		for (struct container *ct = c->buckets[b]; ct && n < max; ct = ct->hash_next) {
			if (!ct->ended || ct->end_told)
				continue;
			pthread_mutex_lock(&c->lock);
			told = ct->started_told;
			pthread_mutex_unlock(&c->lock);
			if (!told) /* its start was never told: neither is its end */
				continue;
			ct->end_told = true;
			out[n++] = ct;
		}
	return n;
}

/* ---- the container event ------------------------------------------------------ */

struct find_thread {
	const struct container *ct;
	struct thread *found;
};

static int thread_in(struct thread *t, void *ctx)
{
	struct find_thread *f = ctx;
	if (t->container != f->ct || (t->flags & THREAD_F_DEAD))
		return 0;
	f->found = t;
	return 1;
}

struct thread *container_any_thread(struct state *st, const struct container *ct)
{
	struct thread *t = state_thread(st, ct->last_tid);
	struct find_thread f = { ct, NULL };

	if (t && t->container == ct && !(t->flags & THREAD_F_DEAD))
		return t;
	state_foreach_thread(st, thread_in, &f); /* it went: a rare walk */
	return f.found;
}

/* libs' numbering of container types, which sysdig's JSON carries; its
 * "cri" (6) is containerd's or cri-o's, read as containerd's */
static const struct {
	enum container_type type;
	int libs;
} libs_types[] = {
	{ CT_DOCKER, 0 }, { CT_LXC, 1 }, { CT_CONTAINERD, 7 }, { CT_CRIO, 8 }, { CT_PODMAN, 11 },
	{ CT_CONTAINERD, 6 },
};

static int libs_type(enum container_type t)
{
	for (size_t i = 0; i < sizeof(libs_types) / sizeof(libs_types[0]); i++)
		if (libs_types[i].type == t)
			return libs_types[i].libs;
	return 5; /* custom */
}

static enum container_type type_from_libs(long n)
{
	for (size_t i = 0; i < sizeof(libs_types) / sizeof(libs_types[0]); i++)
		if (libs_types[i].libs == n)
			return libs_types[i].type;
	return CT_NONE;
}

static void json_member(struct strbuf *out, const char *key, const char *val)
{
	strbuf_printf(out, ",\"%s\":", key);
	strbuf_put_json_str(out, val ? val : "", val ? strlen(val) : 0);
}

void container_json(const struct container *ct, bool labels, struct strbuf *out)
{
	int meta = meta_load(ct);
	bool done = meta == CM_DONE;

	strbuf_puts(out, "{\"container\":{\"id\":");
	strbuf_put_json_str(out, ct->short_id, strlen(ct->short_id));
	json_member(out, "full_id", ct->id);
	json_member(out, "name", ct->name);
	json_member(out, "image", done ? ct->image : NULL);
	json_member(out, "imageid", done ? ct->image_id : NULL);
	json_member(out, "imagerepo", done ? ct->image_repo : NULL);
	json_member(out, "imagetag", done ? ct->image_tag : NULL);
	json_member(out, "imagedigest", done ? ct->image_digest : NULL);
	/* libs' lookup_state: 1 successful, 2 failed */
	strbuf_printf(out, ",\"type\":%d,\"privileged\":%s,\"lookup_state\":%d,\"labels\":{",
		      libs_type(ct->type), done && ct->privileged ? "true" : "false",
		      done || !has_api(ct->type) ? 1 : 2);
	for (uint32_t i = 0; labels && done && i < ct->labels_len;) {
		const char *k = ct->labels + i, *v = k + strlen(k) + 1;
		if (i)
			strbuf_putc(out, ',');
		strbuf_put_json_str(out, k, strlen(k));
		strbuf_putc(out, ':');
		strbuf_put_json_str(out, v, strlen(v));
		i = (uint32_t)(v + strlen(v) + 1 - ct->labels);
	}
	strbuf_puts(out, "}}}");
}

static void on_thread_hook(struct thread *t, void *ctx)
{
	containers_on_thread(ctx, t);
}

void containers_attach(struct containers *c, struct state *st)
{
	state_set_thread_hook(st, on_thread_hook, c);
	attached = c;
	fields_set_container_getter(containers_field);
}

/* ---- a capture file's container events ------------------------------------ */

/* The id a container event's JSON names (full_id, ours, else id) into id. */
static int event_json_id(const char *json, const char *end, struct strbuf *id)
{
	const char *v = json_path(json, end, "container.full_id");

	if (v && json_string(v, end, id) == 0 && id->len)
		return 0;
	v = json_path(json, end, "container.id");
	return v && json_string(v, end, id) == 0 && id->len ? 0 : -EINVAL;
}

/* By full id, or by the short id that sysdig's JSON carries. */
static struct container *find_container(struct containers *c, const char *id)
{
	struct container *ct = by_id(c, id);

	if (ct || strlen(id) != 12)
		return ct;
	for (size_t b = 0; b < HASH_BUCKETS; b++) /* a rare event: a walk is fine */
		for (ct = c->buckets[b]; ct; ct = ct->hash_next)
			if (!strcmp(ct->short_id, id))
				return ct;
	return NULL;
}

int containers_on_event(struct containers *c, const char *json, size_t len)
{
	static const struct container_json_keys keys = {
		"container.id", "container.name", "container.image", "container.imageid",
		"container.privileged", "container.labels",
	};
	const char *end = json + len, *v;
	struct strbuf id = STRBUF_INIT, name = STRBUF_INIT;
	struct container *ct;
	int r = -EINVAL;

	if (event_json_id(json, end, &id))
		goto out;
	r = 0;
	if ((v = json_path(json, end, "container.name")) && json_string(v, end, &name) == 0 &&
	    name.buf && !strcmp(name.buf, "incomplete"))
		goto out; /* libs told it before its lookup ended: a later event has it */
	if (!(ct = find_container(c, id.buf))) {
		v = json_path(json, end, "container.type");
		enum container_type type = type_from_libs(v ? strtol(v, NULL, 10) : -1);
		ct = containers_get(c, type, id.buf, type == CT_LXC || id.len < 12);
	}
	if (!ct) {
		r = -ENOMEM;
		goto out;
	}
	meta_clear(ct); /* the file's latest word wins, as in sysdig */
	if ((r = container_meta_from_json_keys(ct, json, len, &keys)) == 0) {
		ct->started_told = true; /* the file told it */
		meta_store(ct, CM_DONE);
	} else {
		meta_clear(ct);
	}
out:
	strbuf_free(&id);
	strbuf_free(&name);
	return r;
}

struct container *containers_of_event(struct containers *c, const struct evt *e)
{
	struct strbuf id = STRBUF_INIT;
	struct container *ct = NULL;
	const char *json;

	if (!c || !e->nparams || !e->lens[0])
		return NULL;
	json = (const char *)e->params[0];
	if (event_json_id(json, json + e->lens[0], &id) == 0)
		ct = find_container(c, id.buf);
	strbuf_free(&id);
	return ct;
}

/* ---- fields -------------------------------------------------------------- */

static int fv_cstr(struct field_value *v, const char *s)
{
	if (!s)
		return 0;
	v->kind = FK_STRING;
	v->s.p = s;
	v->s.len = strlen(s);
	return 1;
}

static const char *label_value(const struct container *ct, const char *key)
{
	for (uint32_t i = 0; i < ct->labels_len;) {
		const char *k = ct->labels + i, *v = k + strlen(k) + 1;
		if (!strcmp(k, key))
			return v;
		i = (uint32_t)(v + strlen(v) + 1 - ct->labels);
	}
	return NULL;
}

/* k8s.*: the pod's labels as the runtime put them on the container. */
static int k8s_field(const struct container *ct, const struct field_ref *ref, struct field_value *v)
{
	static const struct {
		const char *field, *label;
	} by_label[] = {
		{ "k8s.pod.name", "io.kubernetes.pod.name" },
		{ "k8s.ns.name", "io.kubernetes.pod.namespace" },
		{ "k8s.pod.uid", "io.kubernetes.pod.uid" },
	};

	if (meta_load(ct) != CM_DONE)
		return 0;
	if (!strcmp(ref->def->name, "k8s.pod.label"))
		return ref->arg ? fv_cstr(v, label_value(ct, ref->arg)) : 0;
	for (size_t i = 0; i < sizeof(by_label) / sizeof(by_label[0]); i++)
		if (!strcmp(ref->def->name, by_label[i].field))
			return fv_cstr(v, label_value(ct, by_label[i].label));
	return 0;
}

int containers_field(const struct field_ctx *fc, const struct field_ref *ref, const struct thread *t,
		     struct field_value *v, struct strbuf *scratch)
{
	/* a `container` event is about the container its JSON names, whichever
	 * thread it came with (an end's threads are gone) */
	const struct container *ct = evt_is_container(fc->e) ? containers_of_event(attached, fc->e)
			     : t ? t->container : NULL;
	const char *f = ref->def->name + 10; /* after "container." */
	int meta;

	(void)scratch;
	if (!ct)
		return 0;
	if (!strncmp(ref->def->name, "k8s.", 4))
		return k8s_field(ct, ref, v);
	if (!strcmp(f, "id"))
		return fv_cstr(v, ct->short_id);
	if (!strcmp(f, "full_id"))
		return fv_cstr(v, ct->id);
	if (!strcmp(f, "type"))
		return fv_cstr(v, container_type_name(ct->type));
	meta = meta_load(ct);
	if (!strcmp(f, "name")) {
		if (meta == CM_DONE || ct->name)
			return ct->name ? fv_cstr(v, ct->name) : 0;
		return meta == CM_QUEUED ? fv_cstr(v, "pending") : 0;
	}
	if (meta != CM_DONE) {
		if (!strcmp(f, "image") && meta == CM_QUEUED)
			return fv_cstr(v, "pending");
		return 0;
	}
	if (!strcmp(f, "image"))
		return fv_cstr(v, ct->image);
	if (!strcmp(f, "image.id"))
		return fv_cstr(v, ct->image_id);
	if (!strcmp(f, "image.repository"))
		return fv_cstr(v, ct->image_repo);
	if (!strcmp(f, "image.tag"))
		return fv_cstr(v, ct->image_tag);
	if (!strcmp(f, "image.digest"))
		return fv_cstr(v, ct->image_digest);
	if (!strcmp(f, "privileged")) {
		v->kind = FK_BOOL;
		v->b = ct->privileged;
		return 1;
	}
	if (!strcmp(f, "label"))
		return ref->arg ? fv_cstr(v, label_value(ct, ref->arg)) : 0;
	return 0;
}
