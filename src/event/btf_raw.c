/* btf_raw.c: raw BTF read in place. libbpf's parse of the kernel's BTF
 * copies its 5.5 MB and checks every type in depth (7 ms); what the cut in
 * core_btf.c needs is each type's place and name, which one walk over the
 * mapped file gives. The file is input: every offset, length and id is
 * checked before it is read through. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/btf.h>

#include "event/btf_raw.h"
#include "util/strbuf.h"

/* What follows a struct btf_type, by kind: a fixed part, and vlen items. */
static const struct {
	bool known;
	uint8_t fixed;
	uint8_t item;
} kind_tail[32] = { /* BTF_INFO_KIND has 5 bits */
	[BTF_KIND_INT] = { true, sizeof(uint32_t), 0 },
	[BTF_KIND_PTR] = { true, 0, 0 },
	[BTF_KIND_ARRAY] = { true, sizeof(struct btf_array), 0 },
	[BTF_KIND_STRUCT] = { true, 0, sizeof(struct btf_member) },
	[BTF_KIND_UNION] = { true, 0, sizeof(struct btf_member) },
	[BTF_KIND_ENUM] = { true, 0, sizeof(struct btf_enum) },
	[BTF_KIND_FWD] = { true, 0, 0 },
	[BTF_KIND_TYPEDEF] = { true, 0, 0 },
	[BTF_KIND_VOLATILE] = { true, 0, 0 },
	[BTF_KIND_CONST] = { true, 0, 0 },
	[BTF_KIND_RESTRICT] = { true, 0, 0 },
	[BTF_KIND_FUNC] = { true, 0, 0 },
	[BTF_KIND_FUNC_PROTO] = { true, 0, sizeof(struct btf_param) },
	[BTF_KIND_VAR] = { true, sizeof(struct btf_var), 0 },
	[BTF_KIND_DATASEC] = { true, 0, sizeof(struct btf_var_secinfo) },
	[BTF_KIND_FLOAT] = { true, 0, 0 },
	[BTF_KIND_DECL_TAG] = { true, sizeof(struct btf_decl_tag), 0 },
	[BTF_KIND_TYPE_TAG] = { true, 0, 0 },
	[BTF_KIND_ENUM64] = { true, 0, sizeof(struct btf_enum64) },
};

size_t btf_raw_type_len(const struct btf_type *t)
{
	unsigned kind = BTF_INFO_KIND(t->info);

	if (!kind_tail[kind].known)
		return 0;
	return sizeof(*t) + kind_tail[kind].fixed + (size_t)BTF_INFO_VLEN(t->info) * kind_tail[kind].item;
}

const struct btf_type *btf_raw_type(const struct btf_raw *r, uint32_t id)
{
	if (id < r->start_id)
		return r->base ? btf_raw_type(r->base, id) : NULL;
	if (id >= r->end_id)
		return NULL;
	return (const struct btf_type *)(r->types + r->offs[id - r->start_id]);
}

const char *btf_raw_str(const struct btf_raw *r, uint32_t off)
{
	if (off < r->str_start)
		return r->base ? btf_raw_str(r->base, off) : NULL;
	if (off >= r->str_end)
		return NULL;
	return r->strs + (off - r->str_start);
}

/* Not mappable (a pipe; sysfs BTF before 6.16): read whole. */
static int read_all(struct btf_raw *r, int fd, size_t hint)
{
	size_t cap = hint ? hint + 1 : 64 * 1024, len = 0; /* +1: EOF seen without a regrowth */
	char *buf = malloc(cap), *nb;

	while (buf) {
		ssize_t n;
		if (len == cap) {
			nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;
			free(buf);
			return err;
		}
		if (n == 0) {
			r->data = buf;
			r->size = len;
			return 0;
		}
		len += n;
	}
	free(buf);
	return -ENOMEM;
}

static int load(struct btf_raw *r)
{
	int fd = open(r->path, O_RDONLY | O_CLOEXEC), err;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0) {
		err = -errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	/* the kernel's sysfs BTF can be mapped from 6.16: no copy at all */
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			r->data = m;
			r->size = st.st_size;
			r->mapped = true;
			close(fd);
			return 0;
		}
	}
	err = read_all(r, fd, S_ISREG(st.st_mode) ? st.st_size : 0);
	close(fd);
	return err;
}

/* Does [off, off + len) of a section starting at `start` lie in the file? */
static bool fits(const struct btf_raw *r, uint64_t start, uint32_t off, uint32_t len)
{
	return start + off + len <= r->size;
}

static int check_header(struct btf_raw *r, char **cause)
{
	const struct btf_header *h = r->data;
	uint32_t hl;

	if (r->size < sizeof(*h)) {
		*cause = xasprintf("%s: %zu bytes, too short for a BTF header", r->path, r->size);
		return -EINVAL;
	}
	if (h->magic != BTF_MAGIC) {
		*cause = !memcmp(r->data, ELFMAG, SELFMAG)
				 ? xasprintf("%s: an ELF file, not raw BTF", r->path)
				 : xasprintf("%s: not raw BTF (magic 0x%04x)", r->path, h->magic);
		return -EINVAL;
	}
	if (h->version != BTF_VERSION) {
		*cause = xasprintf("%s: BTF version %u, not %u", r->path, h->version, BTF_VERSION);
		return -EINVAL;
	}
	hl = h->hdr_len;
	if (hl < sizeof(*h) || hl > r->size) {
		*cause = xasprintf("%s: header length %u out of range", r->path, hl);
		return -EINVAL;
	}
	if (!fits(r, hl, h->type_off, h->type_len) || !fits(r, hl, h->str_off, h->str_len)) {
		*cause = xasprintf("%s: a section runs past the end of the file (%zu bytes)", r->path, r->size);
		return -EINVAL;
	}
	/* records are read in place: the mapping and malloc align the file */
	if ((hl + h->type_off) % sizeof(uint32_t)) {
		*cause = xasprintf("%s: the type section is not aligned to 4 bytes", r->path);
		return -EINVAL;
	}
	r->types = (const char *)r->data + hl + h->type_off;
	r->strs = (const char *)r->data + hl + h->str_off;
	r->str_start = r->base ? r->base->str_end : 0;
	r->str_end = r->str_start + h->str_len;
	if (r->str_end < r->str_start) {
		*cause = xasprintf("%s: too many strings on its base's", r->path);
		return -EINVAL;
	}
	/* a module may add no strings; the kernel's start with "", offset 0 */
	if (!r->base && (!h->str_len || r->strs[0] != '\0')) {
		*cause = xasprintf("%s: the string section does not start with an empty name", r->path);
		return -EINVAL;
	}
	if (h->str_len && r->strs[h->str_len - 1] != '\0') {
		*cause = xasprintf("%s: the string section does not end in NUL", r->path);
		return -EINVAL;
	}
	return 0;
}

/* One walk over the types: checks each, records where it is, shows it. */
static int index_types(struct btf_raw *r, btf_raw_visit_fn *visit, void *ctx, char **cause)
{
	uint32_t len = ((const struct btf_header *)r->data)->type_len, pos = 0, n = 0;

	r->start_id = r->end_id = r->base ? r->base->end_id : 1;
	/* a bound on the count, which only a walk would tell: each record takes
	 * at least a struct btf_type, and pages never written cost nothing */
	r->offs = malloc((len / sizeof(struct btf_type) + 1) * sizeof(*r->offs));
	if (!r->offs) {
		*cause = xasprintf("%s: out of memory", r->path);
		return -ENOMEM;
	}
	while (pos < len) {
		const struct btf_type *t = (const struct btf_type *)(r->types + pos);
		uint32_t id = r->start_id + n;
		const char *name;
		size_t tlen;
		int err;

		if (len - pos < sizeof(*t) || (tlen = btf_raw_type_len(t)) > len - pos) {
			*cause = xasprintf("%s: type %u runs past the type section", r->path, id);
			return -EINVAL;
		}
		if (!tlen) {
			*cause = xasprintf("%s: type %u has an unknown kind (%u)", r->path, id,
					   BTF_INFO_KIND(t->info));
			return -EINVAL;
		}
		if (!(name = btf_raw_str(r, t->name_off))) {
			*cause = xasprintf("%s: type %u's name offset %u is out of range", r->path, id,
					   t->name_off);
			return -EINVAL;
		}
		r->offs[n++] = pos;
		r->end_id = id + 1;
		pos += tlen;
		if (visit && (err = visit(ctx, id, t, name))) {
			*cause = xasprintf("%s: %s", r->path, strerror(-err));
			return err;
		}
	}
	return 0;
}

struct btf_raw *btf_raw_new(const char *path, const struct btf_raw *base, btf_raw_visit_fn *visit,
			    void *ctx, char **cause)
{
	struct btf_raw *r = calloc(1, sizeof(*r));
	int err;

	if (!r || !(r->path = strdup(path))) {
		free(r);
		*cause = xasprintf("%s: out of memory", path);
		errno = ENOMEM;
		return NULL;
	}
	r->base = base;
	if ((err = load(r))) {
		*cause = xasprintf("%s: %s", path, strerror(-err));
	} else if (!(err = check_header(r, cause))) {
		err = index_types(r, visit, ctx, cause);
	}
	if (err) {
		btf_raw_free(r);
		errno = -err;
		return NULL;
	}
	return r;
}

void btf_raw_free(struct btf_raw *r)
{
	if (!r)
		return;
	if (r->mapped)
		munmap(r->data, r->size);
	else
		free(r->data);
	free(r->offs);
	free(r->path);
	free(r);
}
