/* btf_raw.h: a reader of raw BTF files (those of /sys/kernel/btf) that
 * works on the file's bytes as mapped or read, without copying them: types
 * found by id and names by offset, each checked against the file. */
#ifndef WTF_BTF_RAW_H
#define WTF_BTF_RAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct btf_type;

/* A module's BTF is split BTF: its ids go on from the kernel's last, and
 * its string offsets from the end of the kernel's strings. */
struct btf_raw {
	const struct btf_raw *base; /* borrowed: the kernel's, for a module's; or NULL */
	char *path;                 /* owned, for error messages */
	void *data;                 /* owned: the whole file, mapped or malloc'd */
	size_t size;
	bool mapped;
	const char *types;          /* in data: the type section */
	uint32_t *offs;             /* owned: each own type's offset in `types` */
	uint32_t start_id;          /* the first own id: 1, or the base's end_id */
	uint32_t end_id;            /* one past the last own id */
	const char *strs;           /* in data: the string section */
	uint32_t str_start;         /* the first own string offset: 0, or the base's str_end */
	uint32_t str_end;           /* one past the last own string offset */
};

/* Called on each type as the file is checked, in id order, with its name
 * ("" for none), so that one walk both checks the file and reads it. 0 to
 * go on, or a negative errno that stops the walk and fails btf_raw_new. */
typedef int btf_raw_visit_fn(void *ctx, uint32_t id, const struct btf_type *t, const char *name);

/* Reads the raw BTF at path (split BTF on base's if base is not NULL),
 * checking the header, the sections, and each type's kind, length and name
 * offset. The file is mapped if it can be, else read. NULL with errno set
 * and *cause (malloc'd) on error. */
struct btf_raw *btf_raw_new(const char *path, const struct btf_raw *base, btf_raw_visit_fn *visit,
			    void *ctx, char **cause);
void btf_raw_free(struct btf_raw *r);

/* The type of an id, the base's below start_id; NULL for none (and for 0,
 * void, which has no record). */
const struct btf_type *btf_raw_type(const struct btf_raw *r, uint32_t id);

/* The string at a name offset, the base's below str_start; NULL if out of
 * range. Always NUL-terminated: the string section is checked to end so. */
const char *btf_raw_str(const struct btf_raw *r, uint32_t off);

/* The bytes of a type's record: its struct btf_type and what its kind puts
 * after it. 0 for a kind this reader does not know. */
size_t btf_raw_type_len(const struct btf_type *t);

#endif
