/* cgroup_parse.c: the cgroup path shapes that container runtimes make, from
 * the outermost component in (a container's own sub-cgroups, or a container
 * nested in it, still belong to the one the host sees). */
#include <string.h>

#include "containers/containers.h"

#define HEX_ID_LEN 64

static const char *const type_names[CT_MAX] = {
	[CT_NONE] = "host",
	[CT_DOCKER] = "docker",
	[CT_PODMAN] = "podman",
	[CT_CONTAINERD] = "containerd",
	[CT_CRIO] = "cri-o",
	[CT_LXC] = "lxc",
	[CT_NSPAWN] = "systemd-nspawn",
};

const char *container_type_name(enum container_type t)
{
	return (unsigned)t < CT_MAX ? type_names[t] : "unknown";
}

static bool is_hex_id(const char *s, size_t n)
{
	if (n != HEX_ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool has_prefix(const char *s, size_t n, const char *pfx)
{
	size_t l = strlen(pfx);
	return n >= l && memcmp(s, pfx, l) == 0;
}

static bool has_suffix(const char *s, size_t n, const char *sfx)
{
	size_t l = strlen(sfx);
	return n >= l && memcmp(s + n - l, sfx, l) == 0;
}

static bool set_id(struct cgroup_match *m, enum container_type type, const char *s, size_t n,
		   bool is_name)
{
	if (n == 0 || n >= sizeof(m->id))
		return false;
	m->type = type;
	memcpy(m->id, s, n);
	m->id[n] = '\0';
	m->id_is_name = is_name;
	return true;
}

/* "<prefix><64 hex>[.scope]" */
static bool prefixed_id(const char *c, size_t n, const char *prefix, bool scope_optional,
			enum container_type type, struct cgroup_match *m)
{
	size_t pl = strlen(prefix);
	if (!has_prefix(c, n, prefix))
		return false;
	c += pl;
	n -= pl;
	if (has_suffix(c, n, ".scope"))
		n -= 6;
	else if (!scope_optional)
		return false;
	return is_hex_id(c, n) && set_id(m, type, c, n, false);
}

/* systemd escapes '-' in unit names as "\x2d" */
static size_t unescape_unit(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' && s[i + 2] == '2' && s[i + 3] == 'd') {
			out[o++] = '-';
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return o;
}

/* One component c (length n); prev is the component before it (or NULL),
 * under_kubepods whether an ancestor is a kubepods slice. */
static bool match_component(const char *c, size_t n, const char *prev, size_t prevn,
			    bool under_kubepods, struct cgroup_match *m)
{
	if (prefixed_id(c, n, "docker-", false, CT_DOCKER, m) ||
	    prefixed_id(c, n, "libpod-", true, CT_PODMAN, m) ||
	    prefixed_id(c, n, "cri-containerd-", false, CT_CONTAINERD, m) ||
	    prefixed_id(c, n, "crio-", false, CT_CRIO, m))
		return true;
	if (prev && prevn == 6 && memcmp(prev, "docker", 6) == 0 && is_hex_id(c, n))
		return set_id(m, CT_DOCKER, c, n, false);
	if (under_kubepods && is_hex_id(c, n))
		return set_id(m, CT_CONTAINERD, c, n, false);
	/* LXC 4+: lxc.payload.NAME; LXC 3: lxc.payload/NAME; LXC 1-2: lxc/NAME */
	if (has_prefix(c, n, "lxc.payload.") && n > 12)
		return set_id(m, CT_LXC, c + 12, n - 12, true);
	if (prev && ((prevn == 3 && memcmp(prev, "lxc", 3) == 0) ||
		     (prevn == 11 && memcmp(prev, "lxc.payload", 11) == 0)))
		return set_id(m, CT_LXC, c, n, true);
	/* systemd-nspawn: machine.slice/machine-NAME.scope (libvirt's qemu
	 * machines are VMs whose qemu runs on the host) */
	if (has_prefix(c, n, "machine-") && has_suffix(c, n, ".scope") && n > 14) {
		char name[CONTAINER_ID_MAX];
		size_t l = unescape_unit(c + 8, n - 14, name, sizeof(name));
		if (l == 0 || !strncmp(name, "qemu-", 5))
			return false;
		return set_id(m, CT_NSPAWN, name, l, true);
	}
	return false;
}

bool container_parse_cgroup(const char *path, size_t len, struct cgroup_match *m)
{
	const char *prev = NULL, *end = path + len;
	size_t prevn = 0;
	bool kube = false;

	memset(m, 0, sizeof(*m));
	for (const char *c = path; c < end;) {
		const char *slash;
		size_t n;
		while (c < end && *c == '/')
			c++;
		if (c >= end)
			break;
		slash = memchr(c, '/', end - c);
		n = slash ? (size_t)(slash - c) : (size_t)(end - c);
		if (match_component(c, n, prev, prevn, kube, m))
			return true;
		if (has_prefix(c, n, "kubepods"))
			kube = true;
		prev = c;
		prevn = n;
		c += n;
	}
	memset(m, 0, sizeof(*m));
	return false;
}

bool container_parse_cgroups(const char *pairs, size_t len, struct cgroup_match *m)
{
	for (size_t i = 0; i < len;) {
		const char *e = pairs + i;
		size_t l = strnlen(e, len - i);
		const char *eq = memchr(e, '=', l);
		const char *p = eq ? eq + 1 : e;
		if (container_parse_cgroup(p, l - (size_t)(p - e), m))
			return true;
		i += l + 1;
	}
	return false;
}
