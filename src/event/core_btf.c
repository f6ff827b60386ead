/* core_btf.c: the kernel's BTF cut down to what the probe's CO-RE
 * relocations can look at.
 *
 * libbpf finds the candidates of each local type that a relocation names by
 * walking every type of the kernel's BTF (126,000 here): 42 such walks were
 * 70 ms of the probe's load. This file walks the kernel's BTF once, keeps
 * the types whose names the probe's BTF uses, with all that is embedded in
 * them (members, arrays, typedefs, modifiers; not what pointers point to:
 * libbpf takes any pointer for any pointer), and hands the result to libbpf
 * as its custom BTF. As libbpf does, a name the kernel's BTF lacks is looked
 * for in the modules'. Type ids differ from the kernel's; the relocated
 * offsets, sizes and existence checks do not (a probe test compares them). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "event/core_btf.h"
#include "util/strbuf.h"

/* A set of names, open addressing over the strings of the probe's BTF. */
struct name_set {
	const char **slot;
	size_t *len;
	size_t mask;
};

static uint64_t name_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* libbpf's "essential" name: a name without its ___flavour suffix, libbpf's
 * rule exactly: the last "___" with no underscore on either side. */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;) {
		const char *p = name + i;
		if (p[0] != '_' && p[1] == '_' && p[2] == '_' && p[3] == '_' && p[4] != '_')
			return i + 1;
	}
	return n;
}

/* The slot of a name, or -1. */
static long name_set_find(const struct name_set *ns, const char *s, size_t n)
{
	for (size_t i = name_hash(s, n) & ns->mask; ns->slot[i]; i = (i + 1) & ns->mask)
		if (ns->len[i] == n && !memcmp(ns->slot[i], s, n))
			return (long)i;
	return -1;
}

static void name_set_add(struct name_set *ns, const char *s, size_t n)
{
	size_t i = name_hash(s, n) & ns->mask;
	for (; ns->slot[i]; i = (i + 1) & ns->mask)
		if (ns->len[i] == n && !memcmp(ns->slot[i], s, n))
			return;
	ns->slot[i] = s;
	ns->len[i] = n;
}

/* The kinds a CO-RE relocation can name a type by. */
static bool named_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FWD:
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		return true;
	}
	return false;
}

static int names_of(const struct btf *local, struct name_set *ns)
{
	uint32_t n = btf__type_cnt(local);
	size_t cap = 16;

	while (cap < 2 * (size_t)n)
		cap <<= 1;
	ns->slot = calloc(cap, sizeof(*ns->slot));
	ns->len = calloc(cap, sizeof(*ns->len));
	if (!ns->slot || !ns->len)
		return -ENOMEM;
	ns->mask = cap - 1;
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(local, id);
		const char *name = btf__name_by_offset(local, t->name_off);
		if (named_kind(t) && name && *name)
			name_set_add(ns, name, essential_len(name));
	}
	return 0;
}

/* The kernel's BTF: mapped rather than read where the kernel allows it (its
 * sysfs BTF, from 6.16), libbpf copies it once instead of twice, and the
 * parse takes half the time. Modules' BTF, small, is read by libbpf. */
static struct btf *parse_kernel_btf(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *m = MAP_FAILED;
	struct btf *b = NULL;
	struct stat st;

	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0)
		m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (fd >= 0)
		close(fd);
	if (m != MAP_FAILED) {
		b = btf__new(m, st.st_size);
		munmap(m, st.st_size);
	}
	/* not mappable, or not raw BTF (an ELF file): libbpf's own reader */
	return b ? b : btf__parse(path, NULL);
}

struct cutter {
	const struct btf *src;
	struct btf *dst;
	uint32_t base_cnt;  /* the kernel's type count: ids below are the kernel's */
	uint32_t *base_map; /* kernel id -> copy's id, 0 when not copied yet */
	uint32_t *mod_map;  /* the same for a module's own ids, from base_cnt */
};

static uint32_t *map_slot(struct cutter *c, uint32_t id)
{
	return id < c->base_cnt ? &c->base_map[id] : &c->mod_map[id - c->base_cnt];
}

static int copy_type(struct cutter *c, uint32_t id, uint32_t *out);

/* Points a reference of the copy (found again by its id: adding types may
 * move the copy's memory) at the copy of what it referred to. */
static int copy_ref(struct cutter *c, uint32_t new_id, size_t off, uint32_t src_ref)
{
	uint32_t ref;
	int err = copy_type(c, src_ref, &ref);
	if (err)
		return err;
	memcpy((char *)btf__type_by_id(c->dst, new_id) + off, &ref, sizeof(ref));
	return 0;
}

static int copy_type(struct cutter *c, uint32_t id, uint32_t *out)
{
	const struct btf_type *t;
	int new_id, err = 0;

	if (id == 0 || *map_slot(c, id)) {
		*out = id ? *map_slot(c, id) : 0;
		return 0;
	}
	t = btf__type_by_id(c->src, id);
	if (!t)
		return -EINVAL;
	if (btf_is_ptr(t)) { /* a pointer to void: libbpf matches pointers by kind alone */
		new_id = btf__add_ptr(c->dst, 0);
		if (new_id < 0)
			return new_id;
		*out = *map_slot(c, id) = new_id;
		return 0;
	}
	if (btf_is_func_proto(t) || btf_is_func(t) || btf_is_var(t) || btf_is_datasec(t) ||
	    btf_is_decl_tag(t)) { /* never embedded in a type a relocation reads */
		*out = 0;
		return 0;
	}
	new_id = btf__add_type(c->dst, c->src, t);
	if (new_id < 0)
		return new_id;
	*out = *map_slot(c, id) = new_id;
	/* the copy still refers to source ids: point each reference at its copy */
	if (btf_is_composite(t)) {
		uint16_t vlen = btf_vlen(t);
		for (uint16_t i = 0; i < vlen && !err; i++) {
			const struct btf_member *m = btf_members(btf__type_by_id(c->src, id)) + i;
			err = copy_ref(c, new_id, sizeof(struct btf_type) + i * sizeof(*m) +
					 offsetof(struct btf_member, type), m->type);
		}
	} else if (btf_is_array(t)) {
		uint32_t elem = btf_array(t)->type, index = btf_array(t)->index_type;
		err = copy_ref(c, new_id, sizeof(struct btf_type) + offsetof(struct btf_array, type), elem);
		if (!err)
			err = copy_ref(c, new_id,
				       sizeof(struct btf_type) + offsetof(struct btf_array, index_type), index);
	} else if (btf_is_typedef(t) || btf_is_mod(t) || btf_is_type_tag(t)) {
		err = copy_ref(c, new_id, offsetof(struct btf_type, type), t->type);
	}
	return err;
}

/* Copies the types of c->src from id `from` whose names the probe uses. The
 * kernel's pass marks in in_kernel the names it met; a module's pass takes
 * only the names the kernel lacks. */
static int copy_named(struct cutter *c, uint32_t from, const struct name_set *ns, bool *in_kernel,
		      bool kernel_pass)
{
	uint32_t n = btf__type_cnt(c->src), ignored;
	int err = 0;

	for (uint32_t id = from; id < n && !err; id++) {
		const struct btf_type *t = btf__type_by_id(c->src, id);
		const char *name = btf__name_by_offset(c->src, t->name_off);
		long slot;
		if (!named_kind(t) || !name || !*name)
			continue;
		slot = name_set_find(ns, name, essential_len(name));
		if (slot < 0 || (!kernel_pass && in_kernel[slot]))
			continue;
		if (kernel_pass)
			in_kernel[slot] = true;
		err = copy_type(c, id, &ignored);
	}
	return err;
}

/* libbpf looks for a type in the modules' BTF only when the kernel's has
 * none of that name: so does this, module by module. A module's type can
 * embed the kernel's types, which are then shared with the kernel pass. */
static int copy_from_modules(struct cutter *c, const struct btf *kernel, const char *dir,
			     const struct name_set *ns, bool *in_kernel)
{
	bool any = false;
	struct dirent *de;
	DIR *d;
	int err = 0;

	for (size_t i = 0; i <= ns->mask; i++)
		any |= ns->slot[i] && !in_kernel[i];
	if (!any || !(d = opendir(dir)))
		return 0;
	while (!err && (de = readdir(d))) {
		char path[PATH_MAX];
		struct btf *mod;
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		mod = btf__parse_split(path, (struct btf *)kernel);
		if (!mod)
			continue; /* a module going away: libbpf would not see it either */
		c->src = mod;
		c->mod_map = calloc(btf__type_cnt(mod) - c->base_cnt, sizeof(*c->mod_map));
		err = c->mod_map ? copy_named(c, c->base_cnt, ns, in_kernel, false) : -ENOMEM;
		free(c->mod_map);
		c->mod_map = NULL;
		btf__free(mod);
	}
	closedir(d);
	c->src = kernel;
	return err;
}

int core_btf_cut_from(const struct btf *local, const char *kernel_path, const char *modules_dir,
		      int fd, struct core_btf_lookup *lookup, char **cause)
{
	struct name_set ns = { 0 };
	struct cutter c = { 0 };
	struct btf *kernel;
	bool *in_kernel = NULL;
	const void *raw;
	uint32_t size;
	int err;

	kernel = parse_kernel_btf(kernel_path);
	if (!kernel) {
		err = -errno;
		*cause = xasprintf("cannot read the kernel's BTF (%s): %s", kernel_path, strerror(-err));
		return err;
	}
	for (size_t i = 0; lookup && i < lookup->n; i++) {
		int id = btf__find_by_name_kind(kernel, lookup->names[i], lookup->kind);
		lookup->ids[i] = id > 0 ? id : 0;
	}
	err = names_of(local, &ns);
	c.src = kernel;
	c.base_cnt = btf__type_cnt(kernel);
	c.base_map = calloc(c.base_cnt, sizeof(*c.base_map));
	c.dst = btf__new_empty();
	if (!err && (!c.base_map || !c.dst || !(in_kernel = calloc(ns.mask + 1, sizeof(*in_kernel)))))
		err = -ENOMEM;
	if (!err)
		err = copy_named(&c, 1, &ns, in_kernel, true);
	if (!err && modules_dir)
		err = copy_from_modules(&c, kernel, modules_dir, &ns, in_kernel);
	if (err)
		goto out;
	raw = btf__raw_data(c.dst, &size);
	if (!raw) {
		err = -ENOMEM;
		goto out;
	}
	for (uint32_t off = 0; off < size;) {
		ssize_t w = pwrite(fd, (const char *)raw + off, size - off, off);
		if (w < 0) {
			err = -errno;
			goto out;
		}
		off += w;
	}
out:
	if (err && !*cause)
		*cause = xasprintf("cannot cut the kernel's BTF down: %s", strerror(-err));
	btf__free(c.dst);
	btf__free(kernel);
	free(c.base_map);
	free(in_kernel);
	free(ns.slot);
	free(ns.len);
	return err;
}

int core_btf_cut(const struct btf *local, int fd, struct core_btf_lookup *lookup, char **cause)
{
	return core_btf_cut_from(local, "/sys/kernel/btf/vmlinux", "/sys/kernel/btf", fd, lookup, cause);
}
