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
 * for in the modules'. Type ids differ from the kernel's, their order does
 * not; the relocated offsets, sizes and existence checks do not differ
 * either (a probe test compares them).
 *
 * The kernel's BTF is read in place (btf_raw.c) and the cut written as raw
 * BTF here: libbpf's parse and copy of the whole took 13 ms of the load. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "event/btf_raw.h"
#include "event/core_btf.h"
#include "util/strbuf.h"

/* A set of names, open addressing over strings it borrows. */
struct name_set {
	const char **slot;
	size_t *len;
	size_t mask;
};

/* Eight bytes at a time: a multiply per byte (FNV) was a fifth of the cut,
 * whose 14,000 kernel names are 20 bytes long on average. The last shift
 * brings the high bits, which all bytes reach, down to the slot's. */
static uint64_t name_hash(const char *s, size_t n)
{
	uint64_t h = n, w;
	size_t i = 0;

	for (; i + sizeof(w) <= n; i += sizeof(w)) {
		memcpy(&w, s + i, sizeof(w));
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	}
	for (w = 0; i < n; i++)
		w = w << 8 | (unsigned char)s[i];
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ h >> 32;
}

/* libbpf's "essential" name: a name without its ___flavour suffix, libbpf's
 * rule exactly: the last "___" with no underscore on either side. The
 * kernel's 14,000 names seldom have a "___", which glibc's strstr rules out
 * in a fifth of the time the scan takes (a mispredicted branch at each
 * underscore). */
static size_t essential_len(const char *name, size_t n)
{
	if (!strstr(name, "___"))
		return n;
	for (size_t i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;) {
		const char *p = name + i;
		if (p[0] != '_' && p[1] == '_' && p[2] == '_' && p[3] == '_' && p[4] != '_')
			return i + 1;
	}
	return n;
}

/* The slot that holds a name, or the empty one where it would go. */
static size_t name_set_slot(const struct name_set *ns, const char *s, size_t n)
{
	size_t i = name_hash(s, n) & ns->mask;
	for (; ns->slot[i]; i = (i + 1) & ns->mask)
		if (ns->len[i] == n && !memcmp(ns->slot[i], s, n))
			break;
	return i;
}

/* The slot of a name, or -1. */
static long name_set_find(const struct name_set *ns, const char *s, size_t n)
{
	size_t i = name_set_slot(ns, s, n);
	return ns->slot[i] ? (long)i : -1;
}

static int name_set_init(struct name_set *ns, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap <<= 1;
	ns->slot = calloc(cap, sizeof(*ns->slot));
	ns->len = calloc(cap, sizeof(*ns->len));
	ns->mask = cap - 1;
	return ns->slot && ns->len ? 0 : -ENOMEM;
}

static void name_set_done(struct name_set *ns)
{
	free(ns->slot);
	free(ns->len);
}

static void name_set_add(struct name_set *ns, const char *s, size_t n)
{
	size_t i = name_set_slot(ns, s, n);
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

/* Kinds never embedded in a type a relocation reads: a copied type's
 * reference to one becomes void. */
static bool dropped_kind(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_FUNC:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
		return true;
	}
	return false;
}

/* Where a record keeps a list of u32 fields: `count` of them, the first at
 * byte `at` of the record, the next ones `stride` bytes apart. */
struct fields {
	size_t at, stride, count;
};

/* The references a copy keeps, rewritten to the copy's ids: members'
 * types, an array's element and index types (side by side), a typedef's or
 * a modifier's target. Not a pointer's: it becomes a pointer to void. */
static struct fields refs_of(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (struct fields){ sizeof(*t) + offsetof(struct btf_member, type),
					sizeof(struct btf_member), btf_vlen(t) };
	case BTF_KIND_ARRAY:
		return (struct fields){ sizeof(*t) + offsetof(struct btf_array, type), sizeof(uint32_t), 2 };
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return (struct fields){ offsetof(struct btf_type, type), 0, 1 };
	}
	return (struct fields){ 0, 0, 0 };
}

/* The names in a record after its own: members', enumerators'. */
static struct fields names_of(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (struct fields){ sizeof(*t), sizeof(struct btf_member), btf_vlen(t) };
	case BTF_KIND_ENUM:
		return (struct fields){ sizeof(*t), sizeof(struct btf_enum), btf_vlen(t) };
	case BTF_KIND_ENUM64:
		return (struct fields){ sizeof(*t), sizeof(struct btf_enum64), btf_vlen(t) };
	}
	return (struct fields){ 0, 0, 0 };
}

static uint32_t *field_at(void *rec, struct fields f, size_t i)
{
	return (uint32_t *)((char *)rec + f.at + i * f.stride);
}

static uint32_t field_val(const void *rec, struct fields f, size_t i)
{
	return *(const uint32_t *)((const char *)rec + f.at + i * f.stride);
}

/* A type marked for the copy whose id in it is not given yet. */
#define PENDING UINT32_MAX

/* One cut: a pass over the kernel's BTF, then one over each module's that
 * has names the kernel lacks. */
struct cutter {
	const struct name_set *names;   /* borrowed: the probe's names */
	bool *in_kernel;                /* owned, by slot of names: the kernel has one */
	struct core_btf_lookup *lookup; /* borrowed, or NULL */
	struct name_set lookup_names;   /* borrows lookup->names */
	uint32_t lookup_kinds;          /* bit k: some name is looked up as kind k */
	bool kernel_pass;
	const struct btf_raw *src;      /* borrowed: the kernel's or a module's */
	uint32_t kernel_end;            /* one past the kernel's last id */
	uint32_t *kernel_map;           /* owned: kernel id -> the copy's, 0 not copied */
	uint32_t *mod_map;              /* owned: the same for a module's own ids */
	uint32_t *todo;                 /* owned: the pass's ids: named, then embedded */
	size_t ntodo, todo_cap;
	uint32_t ntypes;                /* types in the copy so far */
	struct strbuf types, strs;      /* the copy's sections */
	char **cause;
};

static uint32_t *map_slot(struct cutter *c, uint32_t id)
{
	return id < c->kernel_end ? &c->kernel_map[id] : &c->mod_map[id - c->kernel_end];
}

static int todo_push(struct cutter *c, uint32_t id)
{
	if (c->ntodo == c->todo_cap) {
		size_t cap = c->todo_cap ? 2 * c->todo_cap : 1024;
		uint32_t *t = realloc(c->todo, cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		c->todo = t;
		c->todo_cap = cap;
	}
	c->todo[c->ntodo++] = id;
	return 0;
}

/* The lookup's ids are the kernel's first type of each name and kind, as
 * btf__find_by_name_kind gives them. */
static void lookup_note(struct cutter *c, uint32_t id, int kind, const char *name)
{
	if (name_set_find(&c->lookup_names, name, strlen(name)) < 0)
		return;
	for (size_t i = 0; i < c->lookup->n; i++)
		if (!c->lookup->ids[i] && c->lookup->kinds[i] == kind && !strcmp(c->lookup->names[i], name))
			c->lookup->ids[i] = id;
}

/* Meets each type as the reader checks it: takes the named ones the probe
 * uses. The kernel's pass notes the names it met; a module's takes only
 * names the kernel lacks. */
static int cut_visit(void *ctx, uint32_t id, const struct btf_type *t, const char *name)
{
	struct cutter *c = ctx;
	bool lookup_kind = c->kernel_pass && (c->lookup_kinds >> btf_kind(t) & 1);
	long slot;

	/* the kind first: reading the name is a cache miss, and most of the
	 * kernel's names are functions' */
	if ((!lookup_kind && !named_kind(t)) || !*name)
		return 0;
	if (lookup_kind)
		lookup_note(c, id, btf_kind(t), name);
	if (!named_kind(t))
		return 0;
	slot = name_set_find(c->names, name, essential_len(name, strlen(name)));
	if (slot < 0 || (!c->kernel_pass && c->in_kernel[slot]))
		return 0;
	if (c->kernel_pass)
		c->in_kernel[slot] = true;
	return todo_push(c, id);
}

/* Marks the type `from` refers to as `id` for the copy, once. */
static int cut_take(struct cutter *c, uint32_t from, uint32_t id)
{
	const struct btf_type *t;
	uint32_t *slot;

	if (!id)
		return 0;
	if (!(t = btf_raw_type(c->src, id))) {
		*c->cause = xasprintf("cannot cut the kernel's BTF down: %s: type %u refers to type %u, "
				      "which does not exist", c->src->path, from, id);
		return -EINVAL;
	}
	slot = map_slot(c, id);
	if (*slot || dropped_kind(t))
		return 0;
	*slot = PENDING;
	return todo_push(c, id);
}

/* A name of the copy's record, at *off: its string appended to the copy's.
 * A name used twice is written twice: 8 KB more in 160 KB than libbpf's
 * deduplicated strings, less than a table to find them would cost. */
static int cut_name(struct cutter *c, uint32_t *off)
{
	const char *s;
	uint32_t at = c->strs.len;

	if (!*off)
		return 0;
	if (!(s = btf_raw_str(c->src, *off))) {
		*c->cause = xasprintf("cannot cut the kernel's BTF down: %s: name offset %u out of range",
				      c->src->path, *off);
		return -EINVAL;
	}
	if (strbuf_append(&c->strs, s, strlen(s) + 1))
		return -ENOMEM;
	*off = at;
	return 0;
}

/* Appends the copy of a type, its references and names made the copy's. */
static int cut_emit(struct cutter *c, uint32_t id)
{
	const struct btf_type *t = btf_raw_type(c->src, id);
	struct fields refs = refs_of(t), names = names_of(t);
	size_t at = c->types.len;
	struct btf_type *copy;
	int err;

	if (btf_is_ptr(t)) { /* to void: libbpf matches pointers by kind alone */
		struct btf_type ptr = { .info = BTF_KIND_PTR << 24 };
		return strbuf_append(&c->types, (const char *)&ptr, sizeof(ptr)) ? -ENOMEM : 0;
	}
	if (strbuf_append(&c->types, (const char *)t, btf_raw_type_len(t)))
		return -ENOMEM;
	copy = (struct btf_type *)(c->types.buf + at); /* the names go elsewhere: it stays put */
	for (size_t i = 0; i < refs.count; i++) {
		uint32_t *ref = field_at(copy, refs, i);
		*ref = *ref ? *map_slot(c, *ref) : 0;
	}
	if ((err = cut_name(c, &copy->name_off)))
		return err;
	for (size_t i = 0; i < names.count && !err; i++)
		err = cut_name(c, field_at(copy, names, i));
	return err;
}

/* Copies c->todo's named types of c->src and what they embed. The copy
 * keeps the source's order, so that libbpf meets a name's candidates in
 * the order it would in the whole BTF. */
static int cut_pass(struct cutter *c)
{
	int err = 0;

	for (size_t i = 0; i < c->ntodo; i++) /* taken by cut_visit, not marked yet */
		*map_slot(c, c->todo[i]) = PENDING;
	for (size_t i = 0; i < c->ntodo && !err; i++) { /* c->todo grows as it goes */
		const struct btf_type *t = btf_raw_type(c->src, c->todo[i]);
		struct fields refs = refs_of(t);
		for (size_t j = 0; j < refs.count && !err; j++)
			err = cut_take(c, c->todo[i], field_val(t, refs, j));
	}
	if (err)
		return err;
	/* numbered in id order: a sweep of the map, which is in id order
	 * already, costs what a sort of c->todo would */
	c->ntodo = 0;
	for (uint32_t id = 1; id < c->src->end_id; id++) {
		uint32_t *slot = map_slot(c, id);
		if (*slot == PENDING) {
			*slot = ++c->ntypes;
			c->todo[c->ntodo++] = id;
		}
	}
	for (size_t i = 0; i < c->ntodo && !err; i++)
		err = cut_emit(c, c->todo[i]);
	c->ntodo = 0;
	return err;
}

/* libbpf looks for a type in the modules' BTF only when the kernel's has
 * none of that name: so does this, module by module. A module's type can
 * embed the kernel's types, which are then shared with the kernel pass. */
static int cut_modules(struct cutter *c, const struct btf_raw *kernel, const char *dir)
{
	bool any = false;
	struct dirent *de;
	DIR *d;
	int err = 0;

	for (size_t i = 0; i <= c->names->mask; i++)
		any |= c->names->slot[i] && !c->in_kernel[i];
	if (!any || !(d = opendir(dir)))
		return 0;
	c->kernel_pass = false;
	while (!err && (de = readdir(d))) {
		char path[PATH_MAX], *cause = NULL;
		struct btf_raw *mod;
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		mod = btf_raw_new(path, kernel, cut_visit, c, &cause);
		if (!mod) { /* a module going away: libbpf would not see it either */
			free(cause);
			c->ntodo = 0;
			continue;
		}
		if (c->ntodo) { /* it has some of the names */
			c->src = mod;
			c->mod_map = calloc(mod->end_id - mod->start_id, sizeof(*c->mod_map));
			err = c->mod_map ? cut_pass(c) : -ENOMEM;
			free(c->mod_map);
			c->mod_map = NULL;
			c->src = kernel;
		}
		btf_raw_free(mod);
	}
	closedir(d);
	return err;
}

static int pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	for (size_t done = 0; done < len;) {
		ssize_t w = pwrite(fd, (const char *)buf + done, len - done, off + done);
		if (w < 0)
			return -errno;
		done += w;
	}
	return 0;
}

/* The copy as raw BTF: header, types, strings. */
static int cut_write(struct cutter *c, int fd)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(h),
		.type_off = 0,
		.type_len = c->types.len,
		.str_off = c->types.len,
		.str_len = c->strs.len,
	};
	int err = pwrite_all(fd, &h, sizeof(h), 0);

	if (!err)
		err = pwrite_all(fd, c->types.buf, c->types.len, sizeof(h));
	if (!err)
		err = pwrite_all(fd, c->strs.buf, c->strs.len, sizeof(h) + c->types.len);
	return err;
}

/* The names the probe's BTF gives to the kinds a relocation names types by. */
static int probe_names(const struct btf *local, struct name_set *ns)
{
	uint32_t n = btf__type_cnt(local);
	int err = name_set_init(ns, n);

	for (uint32_t id = 1; id < n && !err; id++) {
		const struct btf_type *t = btf__type_by_id(local, id);
		const char *name = btf__name_by_offset(local, t->name_off);
		if (named_kind(t) && name && *name)
			name_set_add(ns, name, essential_len(name, strlen(name)));
	}
	return err;
}

int core_btf_cut_from(const struct btf *local, const char *kernel_path, const char *modules_dir,
		      int fd, struct core_btf_lookup *lookup, char **cause)
{
	struct name_set ns = { 0 };
	struct cutter c = { .names = &ns, .lookup = lookup, .kernel_pass = true, .cause = cause };
	struct btf_raw *kernel = NULL;
	char *why = NULL;
	int err;

	err = probe_names(local, &ns);
	if (!err && lookup) {
		err = name_set_init(&c.lookup_names, lookup->n);
		for (size_t i = 0; !err && i < lookup->n; i++) {
			lookup->ids[i] = 0;
			c.lookup_kinds |= 1u << lookup->kinds[i];
			name_set_add(&c.lookup_names, lookup->names[i], strlen(lookup->names[i]));
		}
	}
	if (!err && !(c.in_kernel = calloc(ns.mask + 1, sizeof(*c.in_kernel))))
		err = -ENOMEM;
	if (!err) /* offset 0 of the copy's strings: the empty name */
		err = strbuf_append(&c.strs, "", 1);
	if (err)
		goto out;
	kernel = btf_raw_new(kernel_path, NULL, cut_visit, &c, &why);
	if (!kernel) {
		err = -errno;
		*cause = xasprintf("cannot read the kernel's BTF: %s", why);
		free(why);
		goto out;
	}
	c.src = kernel;
	c.kernel_end = kernel->end_id;
	if (!(c.kernel_map = calloc(c.kernel_end, sizeof(*c.kernel_map))))
		err = -ENOMEM;
	if (!err)
		err = cut_pass(&c);
	if (!err && modules_dir)
		err = cut_modules(&c, kernel, modules_dir);
	if (!err)
		err = cut_write(&c, fd);
out:
	if (err && !*cause)
		*cause = xasprintf("cannot cut the kernel's BTF down: %s", strerror(-err));
	btf_raw_free(kernel);
	strbuf_free(&c.types);
	strbuf_free(&c.strs);
	free(c.kernel_map);
	free(c.todo);
	free(c.in_kernel);
	if (lookup)
		name_set_done(&c.lookup_names);
	name_set_done(&ns);
	return err;
}

int core_btf_cut(const struct btf *local, int fd, struct core_btf_lookup *lookup, char **cause)
{
	return core_btf_cut_from(local, "/sys/kernel/btf/vmlinux", "/sys/kernel/btf", fd, lookup, cause);
}
