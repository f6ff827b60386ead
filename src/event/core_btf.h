/* core_btf.h: the kernel's BTF cut down to the types the probe's CO-RE
 * relocations name, for libbpf's btf_custom_path. */
#ifndef WTF_CORE_BTF_H
#define WTF_CORE_BTF_H

struct btf;

/* Writes into fd, as raw BTF, the kernel's types whose names (without a
 * ___flavour suffix) the probe's BTF `local` uses, with every type embedded
 * in them; pointers in them become pointers to void. Names the kernel's BTF
 * lacks are looked for in the modules' BTF. 0, or a negative errno with
 * *cause set (malloc'd). */
int core_btf_cut(const struct btf *local, int fd, char **cause);

/* The same from the kernel's BTF at kernel_path and the modules' in
 * modules_dir (NULL: none), for tests. */
int core_btf_cut_from(const struct btf *local, const char *kernel_path, const char *modules_dir,
		      int fd, char **cause);

#endif
