/* test_core_btf.c: the kernel's BTF cut down to the types the probe names
 * (src/event/core_btf.c), on a made-up kernel and module. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/btf.h>

#include "event/core_btf.h"

static char dir[] = "/tmp/wtftop-core-btf-XXXXXX";
static char kernel_path[96], modules_dir[96];
static int trace_typedef;      /* the kernel's id of btf_trace_tp */
static int kernel_struct_task; /* of struct task */
static int kernel_func;        /* of the function kfn */

static void save(const struct btf *b, const char *path)
{
	uint32_t size;
	const void *raw = btf__raw_data(b, &size);
	FILE *f = fopen(path, "w");
	assert_non_null(raw);
	assert_non_null(f);
	assert_int_equal(fwrite(raw, 1, size, f), size);
	fclose(f);
}

/* The kernel: task embeds inner (with an anonymous union) and an array,
 * points to files; unrelated is named by nobody. A module adds modonly,
 * which embeds the kernel's task, and a task of its own that the kernel's
 * shadows. */
static int setup(void **state)
{
	struct btf *k, *m;
	int i32, files, files_ptr, inner, u, arr, task;
	char path[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(kernel_path, sizeof(kernel_path), "%s/vmlinux", dir);
	snprintf(modules_dir, sizeof(modules_dir), "%s/btf", dir);
	assert_int_equal(mkdir(modules_dir, 0700), 0);

	k = btf__new_empty();
	i32 = btf__add_int(k, "int", 4, BTF_INT_SIGNED);
	files = btf__add_struct(k, "files", 4);
	btf__add_field(k, "n", i32, 0, 0);
	u = btf__add_union(k, NULL, 4);
	btf__add_field(k, "a", i32, 0, 0);
	btf__add_field(k, "b", i32, 0, 3); /* a bitfield */
	inner = btf__add_struct(k, "inner", 8);
	btf__add_field(k, "x", i32, 0, 0);
	btf__add_field(k, NULL, u, 32, 0);
	arr = btf__add_array(k, i32, i32, 4);
	files_ptr = btf__add_ptr(k, files);
	task = btf__add_struct(k, "task", 40);
	btf__add_field(k, "pid", i32, 0, 0);
	btf__add_field(k, "files", files_ptr, 64, 0);
	btf__add_field(k, "in", inner, 128, 0);
	btf__add_field(k, "arr", arr, 192, 0);
	btf__add_struct(k, "unrelated", 4);
	btf__add_field(k, "z", i32, 0, 0);
	btf__add_struct(k, "odd____name", 4); /* not a flavour of "odd" for libbpf */
	btf__add_field(k, "y", i32, 0, 0);
	trace_typedef = btf__add_typedef(k, "btf_trace_tp", i32);
	kernel_func = btf__add_func(k, "kfn", BTF_FUNC_GLOBAL, btf__add_func_proto(k, i32));
	kernel_struct_task = task;
	assert_true(task > 0 && trace_typedef > 0 && kernel_func > 0);
	save(k, kernel_path);

	m = btf__new_empty_split(k);
	btf__add_struct(m, "modonly", 44);
	btf__add_field(m, "q", i32, 0, 0);
	btf__add_field(m, "t", task, 32, 0);
	btf__add_struct(m, "task", 4);
	btf__add_field(m, "shadow", i32, 0, 0);
	snprintf(path, sizeof(path), "%s/mymod", modules_dir);
	save(m, path);
	snprintf(path, sizeof(path), "%s/vmlinux", modules_dir); /* skipped by name */
	save(k, path);
	btf__free(m);
	btf__free(k);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

/* The probe's side: a flavour of task, modonly, and a name no BTF has. */
static struct btf *local_btf(void)
{
	struct btf *l = btf__new_empty();
	int i32 = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(l, "task___old", 4);
	btf__add_field(l, "pid", i32, 0, 0);
	btf__add_struct(l, "modonly", 4);
	btf__add_field(l, "q", i32, 0, 0);
	btf__add_struct(l, "notanywhere", 4);
	btf__add_field(l, "w", i32, 0, 0);
	btf__add_struct(l, "odd", 4);
	btf__add_field(l, "y", i32, 0, 0);
	return l;
}

static struct btf *cut(const char *mods)
{
	struct btf *l = local_btf(), *out;
	char *cause = NULL, path[64];
	int fd = memfd_create("cut", 0);

	assert_true(fd >= 0);
	assert_int_equal(core_btf_cut_from(l, kernel_path, mods, fd, NULL, &cause), 0);
	assert_null(cause);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	out = btf__parse(path, NULL);
	assert_non_null(out);
	close(fd);
	btf__free(l);
	return out;
}

static int count_named(const struct btf *b, const char *name)
{
	int n = 0;
	for (uint32_t id = 1; id < btf__type_cnt(b); id++)
		n += !strcmp(btf__name_by_offset(b, btf__type_by_id(b, id)->name_off), name);
	return n;
}

/* The one struct of that name in b. */
static const struct btf_type *find_struct(const struct btf *b, const char *name)
{
	int id = btf__find_by_name_kind(b, name, BTF_KIND_STRUCT);
	assert_true(id > 0);
	return btf__type_by_id(b, id);
}

static const struct btf_member *member(const struct btf *b, const struct btf_type *t, const char *name)
{
	for (int i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(b, btf_members(t)[i].name_off), name))
			return &btf_members(t)[i];
	fail_msg("no member %s", name);
	return NULL;
}

static void test_named_types_come_whole_and_pointers_point_to_void(void **state)
{
	struct btf *b = cut(NULL);
	const struct btf_type *task = find_struct(b, "task"), *t;
	const struct btf_member *m;

	(void)state;
	assert_int_equal(btf_vlen(task), 4);
	assert_int_equal(task->size, 40);

	m = member(b, task, "pid");
	assert_int_equal(m->offset, 0);
	assert_true(btf_is_int(btf__type_by_id(b, m->type)));

	/* a pointer to void, and the struct behind it left out */
	m = member(b, task, "files");
	assert_int_equal(m->offset, 64);
	t = btf__type_by_id(b, m->type);
	assert_true(btf_is_ptr(t));
	assert_int_equal(t->type, 0);
	assert_int_equal(count_named(b, "files"), 0);

	/* an embedded struct comes with its anonymous union and bitfield */
	m = member(b, task, "in");
	assert_int_equal(m->offset, 128);
	t = btf__type_by_id(b, m->type);
	assert_true(btf_is_struct(t));
	assert_string_equal(btf__name_by_offset(b, t->name_off), "inner");
	m = &btf_members(t)[1];
	t = btf__type_by_id(b, m->type);
	assert_true(btf_is_union(t));
	assert_int_equal(btf_member_bitfield_size(t, 1), 3);

	m = member(b, task, "arr");
	t = btf__type_by_id(b, m->type);
	assert_true(btf_is_array(t));
	assert_int_equal(btf_array(t)->nelems, 4);
	assert_true(btf_is_int(btf__type_by_id(b, btf_array(t)->type)));

	/* names nobody uses stay out, flavours as libbpf reads them; no
	 * module was asked for */
	assert_int_equal(count_named(b, "unrelated"), 0);
	assert_int_equal(count_named(b, "odd____name"), 0);
	assert_int_equal(count_named(b, "modonly"), 0);
	assert_int_equal(count_named(b, "task"), 1);
	btf__free(b);
}

static void test_modules_fill_only_what_the_kernel_lacks(void **state)
{
	struct btf *b = cut(modules_dir);
	const struct btf_type *mod = find_struct(b, "modonly");

	(void)state;
	/* its embedded task is the kernel's, copied once and shared */
	assert_int_equal(member(b, mod, "t")->type, btf__find_by_name_kind(b, "task", BTF_KIND_STRUCT));
	/* the module's own task is shadowed by the kernel's, as in libbpf */
	assert_int_equal(count_named(b, "task"), 1);
	assert_int_equal(count_named(b, "notanywhere"), 0);
	btf__free(b);
}

/* The ids the caller asks for are the kernel's own, of the kind asked for. */
static void test_lookup_gives_the_kernels_ids_by_name_and_kind(void **state)
{
	const char *names[] = { "btf_trace_tp", "task", "btf_trace_none", "task", "kfn", "kfn" };
	const int kinds[] = { BTF_KIND_TYPEDEF, BTF_KIND_TYPEDEF, BTF_KIND_TYPEDEF,
			      BTF_KIND_STRUCT, BTF_KIND_FUNC, BTF_KIND_STRUCT };
	int ids[6] = { -1, -1, -1, -1, -1, -1 };
	struct core_btf_lookup lookup = { 6, names, kinds, ids };
	struct btf *l = local_btf();
	char *cause = NULL;
	int fd = memfd_create("cut", 0);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(core_btf_cut_from(l, kernel_path, NULL, fd, &lookup, &cause), 0);
	assert_int_equal(ids[0], trace_typedef);
	assert_int_equal(ids[1], 0); /* a struct, not a typedef */
	assert_int_equal(ids[2], 0);
	assert_int_equal(ids[3], kernel_struct_task); /* the same name as a struct */
	assert_int_equal(ids[4], kernel_func);
	assert_int_equal(ids[5], 0); /* a function, not a struct */
	close(fd);
	btf__free(l);
}


/* The whole of a file, malloc'd. */
static char *slurp(const char *path, size_t *size)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc(st.st_size);
	assert_non_null(buf);
	assert_int_equal(read(fd, buf, st.st_size), st.st_size);
	close(fd);
	*size = st.st_size;
	return buf;
}

/* What the cut wrote into fd. */
static char *cut_bytes(int fd, size_t *size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return slurp(path, size);
}

struct feed {
	const char *fifo;
	const char *data;
	size_t size;
};

static void *feed_fifo(void *arg)
{
	const struct feed *f = arg;
	int fd = open(f->fifo, O_WRONLY); /* waits for the cut to open it */
	if (fd >= 0) {
		for (size_t off = 0; off < f->size;) {
			ssize_t w = write(fd, f->data + off, f->size - off);
			if (w <= 0)
				break;
			off += w;
		}
		close(fd);
	}
	return NULL;
}

/* A file that cannot be mapped (a pipe here; sysfs BTF before Linux 6.16)
 * is read, and cut the same. */
static void test_a_kernel_btf_that_cannot_be_mapped_is_read(void **state)
{
	struct btf *l = local_btf();
	char fifo[128], *cause = NULL, *mapped, *piped;
	struct feed f = { fifo, NULL, 0 };
	int fd1 = memfd_create("cut", 0), fd2 = memfd_create("cut", 0);
	size_t n1, n2;
	pthread_t th;

	(void)state;
	f.data = slurp(kernel_path, &f.size);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(core_btf_cut_from(l, kernel_path, NULL, fd1, NULL, &cause), 0);
	assert_int_equal(pthread_create(&th, NULL, feed_fifo, &f), 0);
	assert_int_equal(core_btf_cut_from(l, fifo, NULL, fd2, NULL, &cause), 0);
	assert_null(cause);
	pthread_join(th, NULL);
	mapped = cut_bytes(fd1, &n1);
	piped = cut_bytes(fd2, &n2);
	assert_true(n1 > 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(mapped, piped, n1);
	free(mapped);
	free(piped);
	free((char *)f.data);
	unlink(fifo);
	close(fd1);
	close(fd2);
	btf__free(l);
}

/* Broken kernel BTF, each made from the good one's bytes. */
static struct btf_header *header(char *d)
{
	return (struct btf_header *)d;
}

static struct btf_type *first_type(char *d)
{
	return (struct btf_type *)(d + header(d)->hdr_len + header(d)->type_off);
}

static void truncate_header(char *d, size_t *size)
{
	(void)d;
	*size = 10;
}

static void truncate_types(char *d, size_t *size)
{
	*size = header(d)->hdr_len + header(d)->type_off + header(d)->type_len / 2;
}

static void bad_magic(char *d, size_t *size)
{
	(void)size;
	header(d)->magic = 0x1234;
}

static void bad_version(char *d, size_t *size)
{
	(void)size;
	header(d)->version = 2;
}

/* the last type, a typedef, loses its last 4 bytes to the section's end */
static void type_past_section(char *d, size_t *size)
{
	(void)size;
	header(d)->type_len -= 4;
}

/* the last type, that typedef, made a struct of 100 members that the
 * section's end cuts off */
static void members_past_section(char *d, size_t *size)
{
	struct btf_type *last = (struct btf_type *)((char *)first_type(d) + header(d)->type_len) - 1;

	(void)size;
	last->info = BTF_KIND_STRUCT << 24 | 100;
}

static void unknown_kind(char *d, size_t *size)
{
	(void)size;
	first_type(d)->info = 31u << 24;
}

static void name_out_of_range(char *d, size_t *size)
{
	(void)size;
	first_type(d)->name_off = header(d)->str_len + 100;
}

static void strings_without_nul(char *d, size_t *size)
{
	(void)size;
	d[header(d)->hdr_len + header(d)->str_off + header(d)->str_len - 1] = 'x';
}

static const struct broken {
	const char *name;
	void (*make)(char *data, size_t *size);
	const char *cause;
} broken_files[] = {
	{ "short", truncate_header, "too short for a BTF header" },
	{ "truncated", truncate_types, "runs past the end of the file" },
	{ "magic", bad_magic, "not raw BTF" },
	{ "version", bad_version, "BTF version 2" },
	{ "past", type_past_section, "runs past the type section" },
	{ "members", members_past_section, "runs past the type section" },
	{ "kind", unknown_kind, "unknown kind (31)" },
	{ "name", name_out_of_range, "name offset" },
	{ "nul", strings_without_nul, "does not end in NUL" },
};

static void expect_error(const char *path, const char *what)
{
	struct btf *l = local_btf();
	char *cause = NULL;
	int fd = memfd_create("cut", 0);

	assert_true(core_btf_cut_from(l, path, NULL, fd, NULL, &cause) < 0);
	assert_non_null(cause);
	if (!strstr(cause, path) || !strstr(cause, what))
		fail_msg("%s: cause '%s' lacks its path or '%s'", path, cause, what);
	free(cause);
	close(fd);
	btf__free(l);
}

static void test_a_missing_kernel_btf_is_an_error_with_its_path(void **state)
{
	(void)state;
	expect_error("/nonexistent/vmlinux", strerror(ENOENT));
}

static void test_a_broken_kernel_btf_is_an_error_with_its_cause(void **state)
{
	size_t good_size;
	char *good = slurp(kernel_path, &good_size);

	(void)state;
	for (size_t i = 0; i < sizeof(broken_files) / sizeof(broken_files[0]); i++) {
		const struct broken *b = &broken_files[i];
		char path[128], *d = malloc(good_size);
		size_t size = good_size;
		FILE *f;

		assert_non_null(d);
		memcpy(d, good, good_size);
		b->make(d, &size);
		snprintf(path, sizeof(path), "%s/broken-%s", dir, b->name);
		f = fopen(path, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(d, 1, size, f), size);
		fclose(f);
		expect_error(path, b->cause);
		free(d);
	}
	free(good);
	expect_error("/proc/self/exe", "an ELF file");
}

/* A kernel of an int and a task whose second member refers to `type` and
 * has its name at name_off (0: "ghost"). */
static void save_task(const char *path, int type, uint32_t name_off)
{
	struct btf *k = btf__new_empty();
	int i32 = btf__add_int(k, "int", 4, BTF_INT_SIGNED);
	int task = btf__add_struct(k, "task", 8);

	btf__add_field(k, "pid", i32, 0, 0);
	btf__add_field(k, "ghost", type, 32, 0);
	if (name_off) /* written over what libbpf checked, before it makes the file's bytes */
		btf_members(btf__type_by_id(k, task))[1].name_off = name_off;
	save(k, path);
	btf__free(k);
}

/* What is wrong inside a type the cut copies is found as it is copied. */
static void test_a_broken_type_that_is_copied_is_an_error(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/broken-ref", dir);
	save_task(path, 99, 0); /* no type 99 */
	expect_error(path, "type 2 refers to type 99, which does not exist");
	snprintf(path, sizeof(path), "%s/broken-member", dir);
	save_task(path, 1, 0xfffff);
	expect_error(path, "name offset 1048575 out of range");
}

/* A module's BTF that cannot be read is left out, as one going away. */
static void test_a_broken_module_is_left_out(void **state)
{
	char mods[128], path[160], cmd[400];
	struct btf *b;
	FILE *f;

	(void)state;
	snprintf(mods, sizeof(mods), "%s/btf-broken", dir);
	assert_int_equal(mkdir(mods, 0700), 0);
	snprintf(cmd, sizeof(cmd), "cp %s/mymod %s/mymod", modules_dir, mods);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/aaa-broken", mods);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not BTF at all", f);
	fclose(f);
	b = cut(mods);
	assert_int_equal(count_named(b, "modonly"), 1);
	btf__free(b);
}

/* The cut keeps the kernel's order, so libbpf meets the candidates of a
 * name in the order it would in the whole BTF. */
static void test_the_cut_keeps_the_kernels_order(void **state)
{
	struct btf *b = cut(NULL);
	int i32 = btf__find_by_name_kind(b, "int", BTF_KIND_INT);
	int inner = btf__find_by_name_kind(b, "inner", BTF_KIND_STRUCT);
	int task = btf__find_by_name_kind(b, "task", BTF_KIND_STRUCT);

	(void)state;
	assert_true(i32 > 0 && i32 < inner && inner < task);
	btf__free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_types_come_whole_and_pointers_point_to_void),
		cmocka_unit_test(test_modules_fill_only_what_the_kernel_lacks),
		cmocka_unit_test(test_lookup_gives_the_kernels_ids_by_name_and_kind),
		cmocka_unit_test(test_a_missing_kernel_btf_is_an_error_with_its_path),
		cmocka_unit_test(test_a_kernel_btf_that_cannot_be_mapped_is_read),
		cmocka_unit_test(test_a_broken_kernel_btf_is_an_error_with_its_cause),
		cmocka_unit_test(test_a_broken_type_that_is_copied_is_an_error),
		cmocka_unit_test(test_a_broken_module_is_left_out),
		cmocka_unit_test(test_the_cut_keeps_the_kernels_order),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
