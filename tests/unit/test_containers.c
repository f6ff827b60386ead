/* test_containers.c: the containers layer: every cgroup path shape the
 * runtimes make (and the host's that look alike), the JSON reader, the
 * inspection answer, the HTTP client against a fake API on a unix socket
 * (answers, 404, chunks, garbage, silence), and the container.* fields of
 * threads in a state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "containers/containers.h"
#include "containers/json.h"
#include "fields/fields.h"
#include "state/state.h"

#define ID1 "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899"
#define ID2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ---- cgroup paths ----------------------------------------------------------- */

struct shape {
	const char *path;
	enum container_type type; /* CT_NONE: not a container */
	const char *id;
};

static const struct shape shapes[] = {
	/* docker: cgroupfs and systemd drivers, v1 and v2, nested cgroups */
	{ "/docker/" ID1, CT_DOCKER, ID1 },
	{ "/docker/" ID1 "/init.scope", CT_DOCKER, ID1 },
	{ "/system.slice/docker-" ID1 ".scope", CT_DOCKER, ID1 },
	{ "/docker-" ID1 ".scope", CT_DOCKER, ID1 },
	{ "/system.slice/docker-" ID1 ".scope/docker/" ID2, CT_DOCKER, ID1 }, /* docker in docker */
	{ "/system.slice/docker.service", CT_NONE, NULL },
	{ "/docker/" ID1 "x", CT_NONE, NULL },
	{ "/docker/abc", CT_NONE, NULL },
	{ "/system.slice/docker-" ID1, CT_NONE, NULL }, /* needs .scope */
	/* podman */
	{ "/libpod_parent/libpod-" ID1, CT_PODMAN, ID1 },
	{ "/machine.slice/libpod-" ID1 ".scope", CT_PODMAN, ID1 },
	{ "/machine.slice/libpod-" ID1 ".scope/container", CT_PODMAN, ID1 },
	{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID1 ".scope", CT_PODMAN, ID1 },
	{ "/libpod_parent/conmon", CT_NONE, NULL },
	{ "/machine.slice/libpod-conmon-" ID1 ".scope", CT_NONE, NULL },
	/* containerd and CRI */
	{ "/system.slice/cri-containerd-" ID1 ".scope", CT_CONTAINERD, ID1 },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234_5678.slice/cri-containerd-" ID1
	  ".scope", CT_CONTAINERD, ID1 },
	{ "/kubepods/besteffort/pod0f2a3b4c-1111-2222-3333-444455556666/" ID1, CT_CONTAINERD, ID1 },
	{ "/kubepods/burstable/podabc/" ID2, CT_CONTAINERD, ID2 },
	{ "/kubepods/burstable/podabc", CT_NONE, NULL },
	/* cri-o */
	{ "/kubepods.slice/kubepods-pod1.slice/crio-" ID1 ".scope", CT_CRIO, ID1 },
	{ "/system.slice/crio-" ID1 ".scope", CT_CRIO, ID1 },
	{ "/system.slice/crio-conmon-" ID1 ".scope", CT_NONE, NULL },
	{ "/system.slice/crio.service", CT_NONE, NULL },
	/* lxc and lxd */
	{ "/lxc/web1", CT_LXC, "web1" },
	{ "/lxc/web1/init.scope", CT_LXC, "web1" },
	{ "/lxc.payload.web2", CT_LXC, "web2" },
	{ "/lxc.payload.web2/system.slice/cron.service", CT_LXC, "web2" },
	{ "/lxc.payload/web3", CT_LXC, "web3" },
	{ "/lxc.monitor.web2", CT_NONE, NULL },
	{ "/lxc", CT_NONE, NULL },
	/* systemd-nspawn */
	{ "/machine.slice/machine-build\\x2dbox.scope", CT_NSPAWN, "build-box" },
	{ "/machine.slice/machine-deb12.scope/payload", CT_NSPAWN, "deb12" },
	{ "/machine.slice/machine-qemu\\x2d1\\x2dvm.scope", CT_NONE, NULL }, /* a VM's qemu: host */
	/* the host */
	{ "/", CT_NONE, NULL },
	{ "", CT_NONE, NULL },
	{ "/process_api/9c1fd2bd0a4e3f5b2e6d7c8b9a0f1e2d", CT_NONE, NULL },
	{ "/process_api/" ID1, CT_NONE, NULL },
	{ "/user.slice/user-0.slice/session-3.scope", CT_NONE, NULL },
	{ "/init.scope", CT_NONE, NULL },
	{ "/system.slice/containerd.service", CT_NONE, NULL },
	{ "////", CT_NONE, NULL },
};

static void test_parse_shapes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct cgroup_match m;
		bool got = container_parse_cgroup(shapes[i].path, strlen(shapes[i].path), &m);
		if (got != (shapes[i].type != CT_NONE) || m.type != shapes[i].type ||
		    (shapes[i].id && strcmp(m.id, shapes[i].id)))
			fail_msg("%s: got %d type %s id '%s'", shapes[i].path, got, container_type_name(m.type), m.id);
	}
}

static void test_parse_pairs(void **state)
{
	/* /proc/PID/cgroup as the state keeps it: "subsys=path" pairs; a
	 * hybrid machine where some controllers say /process_api/... */
	static const char host[] = "cpu=/process_api/abc\0memory=/process_api/abc\0pids=/\0";
	static const char ctr[] = "cpu=/process_api/abc\0memory=/libpod_parent/libpod-" ID1 "\0";
	static const char unified[] = "unified=/system.slice/docker-" ID2 ".scope\0";
	struct cgroup_match m;
	(void)state;
	assert_false(container_parse_cgroups(host, sizeof(host) - 1, &m));
	assert_true(container_parse_cgroups(ctr, sizeof(ctr) - 1, &m));
	assert_int_equal(m.type, CT_PODMAN);
	assert_string_equal(m.id, ID1);
	assert_true(container_parse_cgroups(unified, sizeof(unified) - 1, &m));
	assert_int_equal(m.type, CT_DOCKER);
	assert_string_equal(m.id, ID2);
	assert_false(container_parse_cgroups("", 0, &m));
}

/* ---- JSON --------------------------------------------------------------------- */

static void test_json(void **state)
{
	static const char doc[] = " { \"a\" : 1, \"s\": \"x\\\"y\\\\z\\u00e9\\u20ac\\n\", \"o\": {\"arr\": [1, {\"}\": \"]\"}, "
				  "[]], \"t\": true, \"e\": {}}, \"last\": null } ";
	const char *end = doc + sizeof(doc) - 1, *v;
	struct strbuf sb = STRBUF_INIT;
	bool b = false;
	(void)state;

	assert_non_null(v = json_path(doc, end, "s"));
	assert_int_equal(json_string(v, end, &sb), 0);
	assert_string_equal(sb.buf, "x\"y\\z\xc3\xa9\xe2\x82\xac\n");
	assert_non_null(v = json_path(doc, end, "o.t"));
	assert_int_equal(json_bool(v, end, &b), 0);
	assert_true(b);
	assert_non_null(json_path(doc, end, "o.e"));
	assert_non_null(json_path(doc, end, "last"));
	assert_null(json_path(doc, end, "o.missing"));
	assert_null(json_path(doc, end, "a.b"));
	assert_int_equal(json_string(json_path(doc, end, "a"), end, &sb), -1);
	/* garbage and truncation: no value, no crash */
	static const char *const bad[] = { "", "{", "{\"a\"", "{\"a\":", "{\"a\":\"x", "[1,2]", "nul",
					   "{\"a\" 1}", "\"\\u12\"", "{{{{" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *e = bad[i] + strlen(bad[i]);
		assert_null(json_path(bad[i], e, "a"));
	}
	/* nesting deeper than the bound */
	char deep[400];
	memset(deep, '[', sizeof(deep));
	assert_null(json_skip(deep, deep + sizeof(deep)));
	strbuf_free(&sb);
}

static const char podman_body[] =
	"{\"Id\":\"" ID1 "\",\"Created\":\"2026-11-30T12:00:00Z\",\"Name\":\"/wtf1\","
	"\"State\":{\"Status\":\"running\",\"Pid\":4242},\"Image\":\"sha256:a1b2c3d4e5f60718293a4b5c6d7e8f90\","
	"\"HostConfig\":{\"Privileged\":true,\"NetworkMode\":\"none\"},"
	"\"Config\":{\"Hostname\":\"3f4e5d6c7b8a\",\"Image\":\"localhost/wtf-test:latest\","
	"\"Labels\":{\"io.kubernetes.pod.name\":\"web-0\",\"team\":\"sre\\u0021\"},\"Cmd\":[\"/bin/sh\"]}}";

static void test_meta_from_json(void **state)
{
	struct container ct = { 0 };
	(void)state;
	assert_int_equal(container_meta_from_json(&ct, podman_body, sizeof(podman_body) - 1), 0);
	assert_string_equal(ct.name, "wtf1");
	assert_string_equal(ct.image, "localhost/wtf-test:latest");
	assert_string_equal(ct.image_repo, "localhost/wtf-test");
	assert_string_equal(ct.image_tag, "latest");
	assert_string_equal(ct.image_id, "a1b2c3d4e5f60718293a4b5c6d7e8f90");
	assert_true(ct.privileged);
	assert_non_null(ct.labels);
	assert_memory_equal(ct.labels, "io.kubernetes.pod.name\0web-0\0team\0sre!\0", ct.labels_len);
	free(ct.name); free(ct.image); free(ct.image_repo); free(ct.image_tag); free(ct.image_id);
	free(ct.image_digest); free(ct.labels);

	/* a registry with a port, a digest, no tag */
	static const char b2[] = "{\"Id\":\"x\",\"Config\":{\"Image\":\"reg:5000/lib/nginx@sha256:00ff\"}}";
	struct container c2 = { 0 };
	assert_int_equal(container_meta_from_json(&c2, b2, sizeof(b2) - 1), 0);
	assert_null(c2.name);
	assert_string_equal(c2.image_repo, "reg:5000/lib/nginx");
	assert_null(c2.image_tag);
	assert_string_equal(c2.image_digest, "sha256:00ff");
	assert_false(c2.privileged);
	free(c2.image); free(c2.image_repo); free(c2.image_digest);

	struct container c3 = { 0 };
	assert_int_equal(container_meta_from_json(&c3, "{\"message\":\"no such container\"}", 32), -EINVAL);
	assert_int_equal(container_meta_from_json(&c3, "<html>", 6), -EINVAL);
}

/* ---- a fake API on a unix socket ------------------------------------------- */

enum fake_mode { FAKE_OK, FAKE_CHUNKED, FAKE_404, FAKE_GARBAGE, FAKE_SILENT, FAKE_KEEPALIVE };

struct fake {
	char path[108];
	int lfd;
	enum fake_mode mode;
	pthread_t th;
	int requests;
};

static void *fake_main(void *arg)
{
	struct fake *f = arg;
	for (;;) {
		char req[2048];
		int fd = accept(f->lfd, NULL, NULL);
		ssize_t n;
		if (fd < 0)
			return NULL;
		n = recv(fd, req, sizeof(req) - 1, 0);
		req[n > 0 ? n : 0] = '\0';
		f->requests++;
		char out[4096];
		int len = 0;
		if (f->mode == FAKE_OK || f->mode == FAKE_KEEPALIVE) {
			bool known = strstr(req, "GET /v1.40/containers/" ID1 "/json HTTP/1.1\r\n") != NULL;
			if (known)
				len = snprintf(out, sizeof(out),
					       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
					       sizeof(podman_body) - 1, podman_body);
			else
				len = snprintf(out, sizeof(out), "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");
		} else if (f->mode == FAKE_CHUNKED) {
			size_t half = (sizeof(podman_body) - 1) / 2;
			len = snprintf(out, sizeof(out),
				       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%zx\r\n%.*s\r\n%zx\r\n%s\r\n0\r\n\r\n",
				       half, (int)half, podman_body, sizeof(podman_body) - 1 - half, podman_body + half);
		} else if (f->mode == FAKE_404) {
			len = snprintf(out, sizeof(out), "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
		} else if (f->mode == FAKE_GARBAGE) {
			len = snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\n\r\n{\"Id\": [[[[ \x01\x02 garbage");
		}
		if (f->mode == FAKE_SILENT) {
			usleep(700 * 1000);
		} else {
			send(fd, out, len, MSG_NOSIGNAL);
			if (f->mode == FAKE_KEEPALIVE)
				usleep(700 * 1000); /* answers, and keeps the connection */
		}
		close(fd);
	}
}

static void fake_start(struct fake *f, enum fake_mode mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	memset(f, 0, sizeof(*f));
	f->mode = mode;
	snprintf(f->path, sizeof(f->path), "/tmp/wtf-ctr-test-%d-%d.sock", getpid(), (int)mode);
	unlink(f->path);
	strcpy(sa.sun_path, f->path);
	f->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(f->lfd >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f->lfd, 16), 0);
	assert_int_equal(pthread_create(&f->th, NULL, fake_main, f), 0);
}

static void fake_stop(struct fake *f)
{
	shutdown(f->lfd, SHUT_RDWR);
	close(f->lfd);
	pthread_join(f->th, NULL);
	unlink(f->path);
}

static uint64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_http(void **state)
{
	static const enum fake_mode modes[] = { FAKE_OK, FAKE_CHUNKED, FAKE_KEEPALIVE };
	char *body;
	size_t len;
	struct fake f;
	(void)state;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		uint64_t t0 = ms_now();
		fake_start(&f, modes[i]);
		assert_int_equal(container_http_get(f.path, "/v1.40/containers/" ID1 "/json", 2000, &body, &len), 0);
		assert_int_equal(len, sizeof(podman_body) - 1);
		assert_memory_equal(body, podman_body, len);
		free(body);
		assert_true(ms_now() - t0 < 500); /* a kept connection: ends at Content-Length */
		fake_stop(&f);
	}
	fake_start(&f, FAKE_404);
	assert_int_equal(container_http_get(f.path, "/v1.40/containers/x/json", 1000, &body, &len), -ENOENT);
	assert_null(body);
	fake_stop(&f);

	fake_start(&f, FAKE_SILENT);
	uint64_t t0 = ms_now();
	assert_int_equal(container_http_get(f.path, "/x", 200, &body, &len), -ETIMEDOUT);
	assert_true(ms_now() - t0 < 600);
	fake_stop(&f);

	assert_true(container_http_get("/nonexistent/wtf.sock", "/x", 200, &body, &len) < 0);
}

/* ---- threads and fields ---------------------------------------------------- */

static struct thread *mk_thread(struct state *st, int64_t tid, const char *cgroups, size_t len)
{
	struct thread *t = state_thread_add(st, tid);
	assert_non_null(t);
	t->pid = tid;
	assert_int_equal(state_set_str(&t->cgroups, cgroups, len), 0);
	t->cgroups_len = (uint32_t)len;
	t->flags &= ~THREAD_F_INCOMPLETE;
	return t;
}

/* Renders field name as -p would, for an event of the given type (json its
 * one parameter, or none) of thread t (may be NULL). */
static const char *render_evt(struct state *st, struct thread *t, uint16_t type, const char *json,
			      const char *name)
{
	static struct strbuf out = STRBUF_INIT;
	struct strbuf scratch = STRBUF_INIT;
	struct field_ref ref;
	char *cause = NULL;
	struct evt e;
	struct field_ctx fc = { .e = &e, .st = st };

	static struct wtf_evt_hdr hdr;
	memset(&e, 0, sizeof(e));
	hdr.type = type;
	e.hdr = &hdr;
	e.thread = t;
	if (json) {
		e.nparams = 1;
		e.params[0] = (const uint8_t *)json;
		e.lens[0] = (uint16_t)(strlen(json) + 1);
	}
	assert_true(field_parse(name, &ref, &cause) > 0);
	strbuf_reset(&out);
	field_render(&fc, &ref, &out, &scratch);
	field_ref_done(&ref);
	strbuf_free(&scratch);
	return out.buf;
}

/* Renders field name for thread t as -p would. */
static const char *render(struct state *st, struct thread *t, const char *name)
{
	return render_evt(st, t, 0, NULL, name);
}

static void test_fields(void **state)
{
	static const char podman[] = "memory=/libpod_parent/libpod-" ID1 "\0";
	static const char other[] = "memory=/system.slice/docker-" ID2 ".scope\0";
	static const char lxc[] = "memory=/lxc.payload.web2\0";
	static const char host[] = "memory=/process_api/abc\0";
	struct fake f;
	(void)state;

	fake_start(&f, FAKE_OK);
	const char *socks[] = { f.path };
	struct state *st = state_new(&(struct state_opts){ .offline = true });
	struct containers *c = containers_new(&(struct containers_opts){ .sockets = socks, .nsockets = 1,
									  .timeout_ms = 500 });
	assert_non_null(st);
	assert_non_null(c);
	containers_attach(c, st);

	struct thread *h = mk_thread(st, 100, host, sizeof(host) - 1);
	struct thread *p = mk_thread(st, 200, podman, sizeof(podman) - 1);
	struct thread *d = mk_thread(st, 300, other, sizeof(other) - 1);
	struct thread *l = mk_thread(st, 400, lxc, sizeof(lxc) - 1);
	containers_on_thread(c, h);
	containers_on_thread(c, p);
	containers_on_thread(c, d);
	containers_on_thread(c, l);
	assert_null(h->container);
	assert_non_null(p->container);
	assert_ptr_not_equal(p->container, d->container);
	assert_int_equal(containers_count(c), 3);

	assert_string_equal(render(st, h, "container.id"), "host");
	assert_string_equal(render(st, h, "container.name"), "host");
	assert_string_equal(render(st, h, "container.type"), "host");
	assert_string_equal(render(st, h, "container.image"), "<NA>");
	assert_string_equal(render(st, l, "container.id"), "web2");
	assert_string_equal(render(st, l, "container.name"), "web2");
	assert_string_equal(render(st, l, "container.type"), "lxc");

	containers_wait_idle(c, 3000);
	assert_string_equal(render(st, p, "container.id"), "3f4e5d6c7b8a");
	assert_string_equal(render(st, p, "container.full_id"), ID1);
	assert_string_equal(render(st, p, "container.name"), "wtf1");
	assert_string_equal(render(st, p, "container.type"), "podman");
	assert_string_equal(render(st, p, "container.image"), "localhost/wtf-test:latest");
	assert_string_equal(render(st, p, "container.image.repository"), "localhost/wtf-test");
	assert_string_equal(render(st, p, "container.image.tag"), "latest");
	assert_string_equal(render(st, p, "container.image.id"), "a1b2c3d4e5f60718293a4b5c6d7e8f90");
	assert_string_equal(render(st, p, "container.privileged"), "true");
	assert_string_equal(render(st, p, "container.label[io.kubernetes.pod.name]"), "web-0");
	assert_string_equal(render(st, p, "container.label[nope]"), "<NA>");
	assert_string_equal(render(st, p, "k8s.pod.name"), "web-0");
	assert_string_equal(render(st, p, "k8s.pod.label[team]"), "sre!");
	assert_string_equal(render(st, p, "k8s.ns.name"), "<NA>");
	assert_string_equal(render(st, h, "k8s.pod.name"), "<NA>");
	/* unknown to the runtime (404): id and type, no name */
	assert_string_equal(render(st, d, "container.id"), "0123456789ab");
	assert_string_equal(render(st, d, "container.type"), "docker");
	assert_string_equal(render(st, d, "container.name"), "<NA>");

	/* a clone inherits; an exec into the host's cgroup leaves it */
	struct thread *child = state_thread_add(st, 201);
	child->container = p->container;
	assert_string_equal(render(st, child, "container.name"), "wtf1");
	assert_int_equal(state_set_str(&p->cgroups, host, sizeof(host) - 1), 0);
	p->cgroups_len = sizeof(host) - 1;
	containers_on_thread(c, p);
	assert_null(p->container);

	state_free(st);
	fields_set_container_getter(NULL);
	containers_free(c);
	fake_stop(&f);
}

/* A runtime that never answers costs the metadata only: "pending", then none. */
static void test_silent_runtime(void **state)
{
	static const char podman[] = "memory=/libpod_parent/libpod-" ID1 "\0";
	struct fake f;
	(void)state;

	fake_start(&f, FAKE_SILENT);
	const char *socks[] = { f.path };
	struct state *st = state_new(&(struct state_opts){ .offline = true });
	struct containers *c = containers_new(&(struct containers_opts){ .sockets = socks, .nsockets = 1,
									  .timeout_ms = 200 });
	containers_attach(c, st);
	struct thread *p = mk_thread(st, 200, podman, sizeof(podman) - 1);
	uint64_t t0 = ms_now();
	containers_on_thread(c, p);
	assert_true(ms_now() - t0 < 50); /* never waits on the event path */
	assert_string_equal(render(st, p, "container.id"), "3f4e5d6c7b8a");
	assert_string_equal(render(st, p, "container.name"), "pending");
	assert_string_equal(render(st, p, "container.image"), "pending");
	containers_wait_idle(c, 3000);
	assert_string_equal(render(st, p, "container.name"), "<NA>");
	assert_string_equal(render(st, p, "container.id"), "3f4e5d6c7b8a");
	state_free(st);
	fields_set_container_getter(NULL);
	containers_free(c);
	fake_stop(&f);
}

/* The state calls the hook when it reads a process from /proc. */
static void test_state_hook(void **state)
{
	struct state *st = state_new(&(struct state_opts){ 0 });
	struct containers *c = containers_new(&(struct containers_opts){ .no_lookup = true });
	(void)state;
	containers_attach(c, st);
	assert_int_equal(state_scan_proc(st, "/proc"), 0);
	struct thread *me = state_thread(st, getpid());
	assert_non_null(me);
	assert_null(me->container); /* this test runs on the host */
	state_free(st);
	fields_set_container_getter(NULL);
	containers_free(c);
}

/* Each container's start is told once, in the order they were seen (no
 * lookup: at once); one whose threads are all gone is ended, and running
 * again when a thread of it shows up. */
static void test_start_and_end(void **state)
{
	static const char a[] = "memory=/lxc.payload.one\0";
	static const char b[] = "memory=/machine.slice/machine-two.scope/payload\0";
	struct state *st = state_new(&(struct state_opts){ .offline = true });
	struct containers *c = containers_new(&(struct containers_opts){ .no_lookup = true });
	struct container *got[4];
	struct strbuf js = STRBUF_INIT;
	(void)state;
	containers_attach(c, st);

	struct thread *t1 = mk_thread(st, 500, a, sizeof(a) - 1);
	struct thread *t2 = mk_thread(st, 501, a, sizeof(a) - 1);
	struct thread *t3 = mk_thread(st, 600, b, sizeof(b) - 1);
	containers_on_thread(c, t1);
	containers_on_thread(c, t2);
	containers_on_thread(c, t3);
	assert_int_equal(containers_take_started(c, got, 4), 2);
	assert_string_equal(got[0]->id, "one");
	assert_ptr_equal(got[1], t3->container);
	assert_int_equal(containers_take_started(c, got, 4), 0); /* once */
	assert_ptr_equal(container_any_thread(st, t1->container), t2); /* the last to learn it */

	container_json(t1->container, true, &js);
	assert_string_equal(js.buf, "{\"container\":{\"id\":\"one\",\"full_id\":\"one\",\"name\":\"one\","
				    "\"image\":\"\",\"imageid\":\"\",\"imagerepo\":\"\",\"imagetag\":\"\","
				    "\"imagedigest\":\"\",\"type\":1,\"privileged\":false,\"lookup_state\":1,"
				    "\"labels\":{}}}");

	struct container *one = t1->container, *two = t3->container;
	assert_int_equal(containers_sweep(c, st, 1000), 0);
	assert_int_equal(one->nthreads, 2);
	t2->flags |= THREAD_F_DEAD;
	assert_int_equal(containers_sweep(c, st, 2000), 0);
	assert_ptr_equal(container_any_thread(st, one), t1);
	t1->flags |= THREAD_F_DEAD;
	assert_null(container_any_thread(st, one));
	assert_int_equal(containers_sweep(c, st, 3000), 1);
	assert_true(one->ended);
	assert_int_equal(one->ended_ns, 3000);
	assert_false(two->ended);
	assert_int_equal(containers_sweep(c, st, 4000), 0); /* ended once */

	assert_int_equal(containers_take_ended(c, got, 4), 1);
	assert_ptr_equal(got[0], one);
	assert_int_equal(containers_take_ended(c, got, 4), 0); /* once */

	/* running again: a start again, and later an end again */
	struct thread *t4 = mk_thread(st, 502, a, sizeof(a) - 1);
	containers_on_thread(c, t4);
	assert_ptr_equal(t4->container, one);
	assert_false(one->ended);
	assert_int_equal(containers_take_started(c, got, 4), 1);
	assert_ptr_equal(got[0], one);
	t4->flags |= THREAD_F_DEAD;
	assert_int_equal(containers_sweep(c, st, 5000), 1);
	assert_int_equal(containers_take_ended(c, got, 4), 1);
	assert_ptr_equal(got[0], one);

	/* one whose start was never told has no end told either */
	struct container *untold = containers_get(c, CT_DOCKER, ID2, false);
	assert_int_equal(containers_sweep(c, st, 6000), 1);
	assert_true(untold->ended);
	assert_int_equal(containers_take_ended(c, got, 4), 0);

	strbuf_free(&js);
	state_free(st);
	fields_set_container_getter(NULL);
	containers_free(c);
}

/* A capture's container events: sysdig's (short id only), libs' placeholder
 * "incomplete", then wtftop's own (full_id); the fields of a container event
 * come from the container its JSON names, whatever its thread. */
static void test_capture_events(void **state)
{
	static const char podman[] = "memory=/libpod_parent/libpod-" ID1 "\0";
	static const char incomplete[] = "{\"container\":{\"id\":\"0123456789ab\",\"name\":\"incomplete\","
					 "\"image\":\"incomplete\",\"type\":0}}";
	static const char sysdig[] = "{\"container\":{\"Mounts\":[],\"id\":\"0123456789ab\",\"image\":\"nginx\","
				     "\"imageid\":\"f68d6e55e065\",\"imagerepo\":\"nginx\",\"imagetag\":\"latest\","
				     "\"labels\":{\"maintainer\":\"NGINX\"},\"name\":\"hopeful_taussig\","
				     "\"privileged\":true,\"type\":0}}";
	static const char ours[] = "{\"container\":{\"id\":\"3f4e5d6c7b8a\",\"full_id\":\"" ID1 "\","
				   "\"name\":\"wtf1\",\"image\":\"localhost/wtf-test:latest\",\"type\":11,"
				   "\"privileged\":false,\"labels\":{}}}";
	char docker[128];
	struct state *st = state_new(&(struct state_opts){ .offline = true });
	struct containers *c = containers_new(&(struct containers_opts){ .no_lookup = true });
	(void)state;
	containers_attach(c, st);

	assert_int_equal(containers_on_event(c, incomplete, sizeof(incomplete) - 1), 0);
	assert_int_equal(containers_count(c), 0); /* taught nothing */
	assert_int_equal(containers_on_event(c, "{\"container\":{}}", 16), -EINVAL);
	assert_int_equal(containers_on_event(c, sysdig, sizeof(sysdig) - 1), 0);
	assert_int_equal(containers_count(c), 1);
	/* the event itself, of no thread */
	assert_string_equal(render_evt(st, NULL, PPME_CONTAINER_JSON_E, sysdig, "container.name"), "hopeful_taussig");
	assert_string_equal(render_evt(st, NULL, PPME_CONTAINER_JSON_E, sysdig, "container.type"), "docker");
	assert_string_equal(render_evt(st, NULL, PPME_CONTAINER_JSON_E, incomplete, "container.image"),
			    "nginx");

	/* a thread whose cgroup gives the full id: the same container */
	snprintf(docker, sizeof(docker), "memory=/docker/%s", ID2);
	struct thread *t = mk_thread(st, 300, docker, strlen(docker) + 1);
	containers_on_thread(c, t);
	assert_int_equal(containers_count(c), 1);
	assert_string_equal(((struct container *)t->container)->id, ID2);
	assert_string_equal(render(st, t, "container.id"), "0123456789ab");
	assert_string_equal(render(st, t, "container.name"), "hopeful_taussig");
	assert_string_equal(render(st, t, "container.image"), "nginx");
	assert_string_equal(render(st, t, "container.image.tag"), "latest");
	assert_string_equal(render(st, t, "container.privileged"), "true");
	assert_string_equal(render(st, t, "container.label[maintainer]"), "NGINX");

	/* ours, by full id, for a thread already known */
	struct thread *p = mk_thread(st, 400, podman, sizeof(podman) - 1);
	containers_on_thread(c, p);
	assert_string_equal(render(st, p, "container.name"), "<NA>");
	assert_int_equal(containers_on_event(c, ours, sizeof(ours) - 1), 0);
	assert_int_equal(containers_count(c), 2);
	assert_string_equal(render(st, p, "container.name"), "wtf1");
	assert_string_equal(render(st, p, "container.image.repository"), "localhost/wtf-test");
	/* an end's event, of a thread elsewhere: the JSON's container */
	assert_string_equal(render_evt(st, t, PPME_CONTAINER_JSON_X, ours, "container.name"), "wtf1");
	assert_string_equal(render_evt(st, NULL, PPME_CONTAINER_JSON_X, "{}", "container.name"), "<NA>");
	assert_string_equal(render(st, NULL, "container.id"), "<NA>");

	state_free(st);
	fields_set_container_getter(NULL);
	containers_free(c);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* Docker's files on disk, when its socket does not answer. */
static void test_docker_state_files(void **state)
{
	char root[] = "/tmp/wtf-docker-XXXXXX", dir[256];
	struct container_state_dirs d = { 0 };
	struct container ct = { .type = CT_DOCKER };
	(void)state;

	assert_non_null(mkdtemp(root));
	snprintf(d.docker, sizeof(d.docker), "%s", root);
	snprintf(d.storage, sizeof(d.storage), "%s/none", root);
	strcpy(ct.id, ID2);
	assert_int_equal(container_meta_from_state_files(&ct, &d), -ENOENT);
	snprintf(dir, sizeof(dir), "%s/containers", root);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/containers/%s", root, ID2);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(dir, "config.v2.json",
		   "{\"ID\":\"" ID2 "\",\"Name\":\"/web\",\"Image\":\"sha256:beef\","
		   "\"Config\":{\"Image\":\"nginx:1.25\",\"Labels\":{\"io.kubernetes.pod.namespace\":\"prod\"}}}");
	write_file(dir, "hostconfig.json", "{\"Binds\":null,\"Privileged\":true}");
	assert_int_equal(container_meta_from_state_files(&ct, &d), 0);
	assert_string_equal(ct.name, "web");
	assert_string_equal(ct.image, "nginx:1.25");
	assert_string_equal(ct.image_repo, "nginx");
	assert_string_equal(ct.image_tag, "1.25");
	assert_string_equal(ct.image_id, "beef");
	assert_true(ct.privileged);
	assert_memory_equal(ct.labels, "io.kubernetes.pod.namespace\0prod\0", ct.labels_len);
	free(ct.name); free(ct.image); free(ct.image_id); free(ct.image_repo); free(ct.image_tag);
	free(ct.image_digest); free(ct.labels);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_shapes),
		cmocka_unit_test(test_parse_pairs),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_meta_from_json),
		cmocka_unit_test(test_http),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_silent_runtime),
		cmocka_unit_test(test_state_hook),
		cmocka_unit_test(test_start_and_end),
		cmocka_unit_test(test_capture_events),
		cmocka_unit_test(test_docker_state_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
