/* core_btf.h: the kernel's BTF cut down to the types the probe's CO-RE
 * relocations name, for libbpf's btf_custom_path. */
#ifndef WTF_CORE_BTF_H
#define WTF_CORE_BTF_H

struct btf;

/* Kernel type ids wanted from the cut's walk of the kernel's BTF (the probe's
 * attach points, which libbpf would otherwise find in a parse of its own, and
 * the structs it casts pointers to): ids[i] gets the id of the type of kind
 * kinds[i] named names[i], 0 if none. */
struct core_btf_lookup {
	size_t n;
	const char *const *names;
	const int *kinds;
	int *ids;
};

/* Writes into fd, as raw BTF, the kernel's types whose names (without a
 * ___flavour suffix) the probe's BTF `local` uses, with every type embedded
 * in them; pointers in them become pointers to void. Names the kernel's BTF
 * lacks are looked for in the modules' BTF. Fills `lookup` if not NULL.
 * 0, or a negative errno with *cause set (malloc'd). */
int core_btf_cut(const struct btf *local, int fd, struct core_btf_lookup *lookup, char **cause);

/* The same from the kernel's BTF at kernel_path and the modules' in
 * modules_dir (NULL: none), for tests. */
int core_btf_cut_from(const struct btf *local, const char *kernel_path, const char *modules_dir,
		      int fd, struct core_btf_lookup *lookup, char **cause);

#endif
