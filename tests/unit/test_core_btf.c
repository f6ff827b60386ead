/* test_core_btf.c: the kernel's BTF cut down to the types the probe names
 * (src/event/core_btf.c), on a made-up kernel and module. */
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
static int trace_typedef; /* the kernel's id of btf_trace_tp */

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
	assert_true(task > 0 && trace_typedef > 0);
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
	const char *names[] = { "btf_trace_tp", "task", "btf_trace_none" };
	int ids[3] = { -1, -1, -1 };
	struct core_btf_lookup lookup = { 3, names, BTF_KIND_TYPEDEF, ids };
	struct btf *l = local_btf();
	char *cause = NULL;
	int fd = memfd_create("cut", 0);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(core_btf_cut_from(l, kernel_path, NULL, fd, &lookup, &cause), 0);
	assert_int_equal(ids[0], trace_typedef);
	assert_int_equal(ids[1], 0); /* a struct, not a typedef */
	assert_int_equal(ids[2], 0);
	close(fd);
	btf__free(l);
}

static void test_a_missing_kernel_btf_is_an_error_with_its_path(void **state)
{
	struct btf *l = local_btf();
	char *cause = NULL;
	int fd = memfd_create("cut", 0);

	(void)state;
	assert_true(core_btf_cut_from(l, "/nonexistent/vmlinux", NULL, fd, NULL, &cause) < 0);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/nonexistent/vmlinux"));
	free(cause);
	close(fd);
	btf__free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_types_come_whole_and_pointers_point_to_void),
		cmocka_unit_test(test_modules_fill_only_what_the_kernel_lacks),
		cmocka_unit_test(test_lookup_gives_the_kernels_ids_by_name_and_kind),
		cmocka_unit_test(test_a_missing_kernel_btf_is_an_error_with_its_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
