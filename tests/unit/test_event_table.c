/* test_event_table.c: consistency of the event table, the flag name tables
 * and the x86_64 syscall table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "event/event_table.h"

static const struct param_info *find_param(const struct event_info *e, const char *name)
{
	for (int i = 0; i < e->nparams; i++)
		if (strcmp(e->params[i].name, name) == 0)
			return &e->params[i];
	return NULL;
}

static bool is_flags_type(enum param_type t)
{
	return t == PT_FLAGS8 || t == PT_FLAGS16 || t == PT_FLAGS32 || t == PT_ENUMFLAGS8 ||
	       t == PT_ENUMFLAGS16 || t == PT_ENUMFLAGS32;
}

/* Value of a name in a table, or -1. */
static int64_t flag_value(const struct flag_name *tab, const char *name)
{
	for (const struct flag_name *f = tab; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f->value;
	return -1;
}

/* First name of a value in a table, or NULL. */
static const char *flag_name_of(const struct flag_name *tab, uint32_t value)
{
	for (const struct flag_name *f = tab; f->name != NULL; f++)
		if (f->value == value)
			return f->name;
	return NULL;
}

static void assert_param_names(uint16_t type, const char *const *names, int n)
{
	const struct event_info *e = &event_table[type];

	assert_true(e->nparams >= n);
	for (int i = 0; i < n; i++)
		assert_string_equal(e->params[i].name, names[i]);
}

#define ASSERT_PARAMS(type, ...)                                                    \
	do {                                                                        \
		static const char *const names_[] = {__VA_ARGS__};                 \
		assert_param_names((type), names_, sizeof(names_) / sizeof(names_[0])); \
	} while (0)

#define ASSERT_EXACT_PARAMS(type, ...)                                              \
	do {                                                                        \
		static const char *const names_[] = {__VA_ARGS__};                 \
		assert_int_equal(event_table[(type)].nparams, sizeof(names_) / sizeof(names_[0])); \
		assert_param_names((type), names_, sizeof(names_) / sizeof(names_[0])); \
	} while (0)

static void test_every_entry_is_valid(void **state)
{
	(void)state;
	for (int t = 0; t < PPM_EVENT_MAX; t++) {
		const struct event_info *e = &event_table[t];

		assert_non_null(e->name);
		assert_true(e->name[0] != '\0');
		assert_true(e->nparams <= WTF_MAX_PARAMS);
		/* unused codes, and only they, are called NA */
		assert_int_equal(strcmp(e->name, "NA") == 0, (e->flags & EF_UNUSED) != 0);
		for (int i = 0; i < e->nparams; i++) {
			const struct param_info *p = &e->params[i];

			assert_non_null(p->name);
			assert_true(p->name[0] != '\0');
			assert_true(p->type > PT_NONE && p->type < PT_MAX);
			assert_true(p->fmt >= PF_NA && p->fmt <= PF_OCT);
			/* names are unique within an event, as evt.arg.NAME needs */
			for (int j = 0; j < i; j++)
				assert_true(strcmp(p->name, e->params[j].name) != 0);
			if (is_flags_type(p->type))
				assert_non_null(p->flags);
			else if (p->type != PT_MODE)
				assert_null(p->flags);
			if (p->type == PT_FSRELPATH) {
				assert_true(p->dirfd_param >= 0 && p->dirfd_param < e->nparams);
				assert_true(p->dirfd_param != i);
				assert_int_equal(e->params[p->dirfd_param].type, PT_FD);
			} else {
				assert_int_equal(p->dirfd_param, -1);
			}
		}
	}
}

static void test_enter_exit_pairs(void **state)
{
	(void)state;
	for (int t = 0; t < PPM_EVENT_MAX; t += 2) {
		const struct event_info *enter = &event_table[t];
		const struct event_info *exit_ = &event_table[t + 1];

		if ((enter->flags & EF_UNUSED) || (exit_->flags & (EF_UNUSED | EF_UNPAIRED)))
			continue;
		assert_string_equal(enter->name, exit_->name);
		assert_int_equal(enter->category, exit_->category);
		assert_int_equal(enter->flags & EF_OLD_VERSION, exit_->flags & EF_OLD_VERSION);
	}
}

/* Exit events of this generation carry every enter parameter, by name. */
static void test_exit_events_carry_enter_params(void **state)
{
	(void)state;
	for (int t = 0; t < PPM_EVENT_MAX; t += 2) {
		const struct event_info *enter = &event_table[t];
		const struct event_info *exit_ = &event_table[t + 1];

		if ((exit_->flags & (EF_UNUSED | EF_OLD_VERSION)) || (enter->flags & EF_UNUSED))
			continue;
		if (t == PPME_DROP_E || t == PPME_TRACER_E)
			continue; /* not syscalls */
		for (int i = 0; i < enter->nparams; i++) {
			const struct param_info *ep = &enter->params[i];
			const char *xname = ep->name;
			const struct param_info *xp;

			/* newer libs' dup events call the enter's fd oldfd at exit */
			if ((t == PPME_SYSCALL_DUP2_E || t == PPME_SYSCALL_DUP3_E ||
			     t == PPME_SYSCALL_DUP_1_E) && strcmp(xname, "fd") == 0)
				xname = "oldfd";
			xp = find_param(exit_, xname);
			if (xp == NULL)
				fail_msg("%s exit lacks enter param %s", exit_->name, ep->name);
			/* same wire type, except where scap itself differs */
			if (t == PPME_SYSCALL_PRLIMIT_E || t == PPME_SYSCALL_EXECVEAT_E ||
			    t == PPME_SYSCALL_BPF_2_E)
				continue;
			assert_int_equal(ep->type, xp->type);
			if (ep->type != PT_FSRELPATH)
				assert_ptr_equal(ep->flags, xp->flags);
		}
	}
}

static void test_known_events(void **state)
{
	(void)state;
	assert_string_equal(event_table[PPME_SYSCALL_OPENAT_2_X].name, "openat");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_OPENAT_2_X, "fd", "dirfd", "name", "flags", "mode", "dev", "ino");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_OPENAT_2_E, "dirfd", "name", "flags", "mode");
	assert_int_equal(event_table[PPME_SYSCALL_OPENAT_2_X].params[2].type, PT_FSRELPATH);
	assert_int_equal(event_table[PPME_SYSCALL_OPENAT_2_X].params[2].dirfd_param, 1);
	assert_ptr_equal(event_table[PPME_SYSCALL_OPENAT_2_X].params[3].flags, file_flags);
	assert_int_equal(event_table[PPME_SYSCALL_OPENAT_2_X].params[4].fmt, PF_OCT);

	assert_string_equal(event_table[PPME_SYSCALL_EXECVE_19_X].name, "execve");
	ASSERT_PARAMS(PPME_SYSCALL_EXECVE_19_X, "res", "exe", "args", "tid", "pid", "ptid", "cwd",
		      "fdlimit", "pgft_maj", "pgft_min", "vm_size", "vm_rss", "vm_swap", "comm",
		      "cgroups", "env", "tty", "vpgid", "loginuid", "flags");
	assert_non_null(find_param(&event_table[PPME_SYSCALL_EXECVE_19_X], "filename"));
	assert_int_equal(event_table[PPME_SYSCALL_EXECVE_19_X].params[0].type, PT_ERRNO);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_EXECVE_8_X, "res", "exe", "args", "tid", "pid", "ptid",
			    "cwd", "fdlimit");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_CLONE_11_X, "res", "exe", "args", "tid", "pid", "ptid",
			    "cwd", "fdlimit", "flags", "uid", "gid");
	assert_true(event_table[PPME_SYSCALL_EXECVE_8_X].flags & EF_OLD_VERSION);
	assert_true(event_table[PPME_SYSCALL_CLONE_11_X].flags & EF_OLD_VERSION);
	assert_false(event_table[PPME_SYSCALL_EXECVE_19_X].flags & EF_OLD_VERSION);
	assert_false(event_table[PPME_SYSCALL_CLONE_20_X].flags & EF_OLD_VERSION);
	ASSERT_PARAMS(PPME_SYSCALL_CLONE_20_X, "res", "exe", "args", "tid", "pid", "ptid", "cwd",
		      "fdlimit", "pgft_maj", "pgft_min", "vm_size", "vm_rss", "vm_swap", "comm",
		      "cgroups", "flags", "uid", "gid", "vtid", "vpid");
	assert_int_equal(event_table[PPME_SYSCALL_CLONE_20_X].params[0].type, PT_PID);

	ASSERT_EXACT_PARAMS(PPME_SYSCALL_READ_X, "res", "data", "fd", "size");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_WRITE_X, "res", "data", "fd", "size");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_CLOSE_X, "res", "fd");
	ASSERT_EXACT_PARAMS(PPME_SOCKET_CONNECT_X, "res", "tuple", "fd", "addr");
	ASSERT_EXACT_PARAMS(PPME_SOCKET_SOCKET_X, "fd", "domain", "type", "proto");
	ASSERT_EXACT_PARAMS(PPME_SOCKET_BIND_X, "res", "addr", "fd");
	ASSERT_EXACT_PARAMS(PPME_SOCKET_LISTEN_X, "res", "fd", "backlog");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_KILL_X, "res", "pid", "sig");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_SETUID_X, "res", "uid");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_CHDIR_X, "res", "path");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_READ_E, "fd", "size");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_CLOSE_E, "fd");
	ASSERT_EXACT_PARAMS(PPME_GENERIC_X, "ID", "nativeID");
	assert_int_equal(event_table[PPME_GENERIC_X].params[0].type, PT_SYSCALLID);
	assert_int_equal(event_table[PPME_GENERIC_X].params[1].type, PT_UINT16);
	ASSERT_EXACT_PARAMS(PPME_PROCEXIT_1_E, "status", "ret", "sig", "core", "reaper_tid");
	ASSERT_EXACT_PARAMS(PPME_DROP_E, "ratio");
	ASSERT_EXACT_PARAMS(PPME_SCHEDSWITCH_6_E, "next", "pgft_maj", "pgft_min", "vm_size",
			    "vm_rss", "vm_swap");
	ASSERT_EXACT_PARAMS(PPME_CONTAINER_JSON_E, "json");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_UNLINKAT_2_X, "res", "dirfd", "name", "flags");
	assert_ptr_equal(event_table[PPME_SYSCALL_UNLINKAT_2_X].params[3].flags, unlinkat_flags);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_RENAMEAT2_X, "res", "olddirfd", "oldpath", "newdirfd",
			    "newpath", "flags");
	assert_int_equal(event_table[PPME_SYSCALL_RENAMEAT2_X].params[4].dirfd_param, 3);

	/* sysdig's event names */
	assert_string_equal(event_table[PPME_SCHEDSWITCH_6_E].name, "switch");
	assert_string_equal(event_table[PPME_SYSCALL_PREAD_X].name, "pread");
	assert_string_equal(event_table[PPME_SOCKET_ACCEPT4_5_X].name, "accept");
	assert_string_equal(event_table[PPME_CONTAINER_JSON_2_E].name, "container");
	assert_string_equal(event_table[PPME_SYSCALL_NEWSELECT_X].name, "select");
	assert_string_equal(event_table[PPME_PROCEXIT_1_X].name, "NA");
	assert_true(event_table[PPME_PROCEXIT_1_X].flags & EF_UNUSED);

	assert_string_equal(event_type_name(PPME_SYSCALL_OPENAT_2_X), "openat");
	assert_string_equal(event_type_name(PPME_GENERIC_E), "syscall");
	assert_string_equal(event_type_name(PPM_EVENT_MAX), "unknown");
	assert_string_equal(event_type_name(0xffff), "unknown");
}

/* The codes newer libs appended after 351: same numbers, names and
 * parameters, and no gap up to PPM_EVENT_MAX. */
static void test_events_after_351(void **state)
{
	static const struct {
		uint16_t code;
		const char *name;
	} codes[] = {
		{352, "capset"},         {354, "useradded"},     {356, "userdeleted"},
		{358, "groupadded"},     {360, "groupdeleted"},  {362, "dup2"},
		{364, "dup3"},           {366, "dup"},           {368, "bpf"},
		{370, "mlock2"},         {372, "fsconfig"},      {374, "epoll_create"},
		{376, "epoll_create1"},  {378, "chown"},         {380, "lchown"},
		{382, "fchown"},         {384, "fchownat"},      {386, "umount"},
		{388, "accept4"},        {390, "umount2"},       {392, "pipe2"},
		{394, "inotify_init1"},  {396, "eventfd2"},      {398, "signalfd4"},
		{400, "prctl"},          {402, "asyncevent"},    {404, "memfd_create"},
		{406, "pidfd_getfd"},    {408, "pidfd_open"},    {410, "init_module"},
		{412, "finit_module"},   {414, "mknod"},         {416, "mknodat"},
		{418, "newfstatat"},     {420, "process_vm_readv"},
		{422, "process_vm_writev"}, {424, "delete_module"}, {426, "setreuid"},
		{428, "setregid"},
	};
	(void)state;
	assert_int_equal(PPM_EVENT_MAX, 430);
	assert_int_equal(PPME_SYSCALL_CAPSET_E, 352);
	assert_int_equal(PPME_SYSCALL_DUP2_X, 363);
	assert_int_equal(PPME_SYSCALL_PIPE2_X, 393);
	assert_int_equal(PPME_SYSCALL_MEMFD_CREATE_X, 405);
	assert_int_equal(PPME_SYSCALL_SETREGID_X, 429);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_string_equal(event_table[codes[i].code].name, codes[i].name);
		/* meta-events have no exit half */
		if (strcmp(codes[i].name, "useradded") && strcmp(codes[i].name, "userdeleted") &&
		    strcmp(codes[i].name, "groupadded") && strcmp(codes[i].name, "groupdeleted") &&
		    strcmp(codes[i].name, "asyncevent"))
			assert_string_equal(event_table[codes[i].code + 1].name, codes[i].name);
		else
			assert_true(event_table[codes[i].code + 1].flags & EF_UNUSED);
	}
	for (int t = 352; t < PPM_EVENT_MAX; t++)
		assert_false(event_table[t].flags & EF_OLD_VERSION);

	ASSERT_EXACT_PARAMS(PPME_SYSCALL_DUP2_X, "res", "oldfd", "newfd");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_DUP2_E, "fd");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_DUP3_X, "res", "oldfd", "newfd", "flags");
	assert_ptr_equal(event_table[PPME_SYSCALL_DUP3_X].params[3].flags, file_flags);
	assert_int_equal(event_table[PPME_SYSCALL_DUP3_X].params[0].type, PT_FD);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_DUP_1_X, "res", "oldfd");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_PIPE2_X, "res", "fd1", "fd2", "ino", "flags");
	assert_ptr_equal(event_table[PPME_SYSCALL_PIPE2_X].params[4].flags, file_flags);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_CAPSET_X, "res", "cap_inheritable", "cap_permitted",
			    "cap_effective");
	ASSERT_EXACT_PARAMS(PPME_USER_ADDED_E, "uid", "gid", "name", "home", "shell",
			    "container_id");
	ASSERT_EXACT_PARAMS(PPME_GROUP_DELETED_E, "gid", "name", "container_id");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_BPF_2_X, "fd", "cmd");
	assert_ptr_equal(event_table[PPME_SYSCALL_BPF_2_X].params[1].flags, bpf_commands);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_MLOCK2_X, "res", "addr", "len", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_FSCONFIG_X, "res", "fd", "cmd", "key", "value_bytebuf",
			    "value_charbuf", "aux");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_EPOLL_CREATE_X, "res", "size");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_EPOLL_CREATE1_X, "res", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_CHOWN_X, "res", "path", "uid", "gid");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_LCHOWN_X, "res", "path", "uid", "gid");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_FCHOWN_X, "res", "fd", "uid", "gid");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_FCHOWNAT_X, "res", "dirfd", "pathname", "uid", "gid",
			    "flags");
	assert_int_equal(event_table[PPME_SYSCALL_FCHOWNAT_X].params[2].type, PT_FSRELPATH);
	assert_int_equal(event_table[PPME_SYSCALL_FCHOWNAT_X].params[2].dirfd_param, 1);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_UMOUNT_1_X, "res", "name");
	ASSERT_EXACT_PARAMS(PPME_SOCKET_ACCEPT4_6_X, "fd", "tuple", "queuepct", "queuelen",
			    "queuemax", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_UMOUNT2_X, "res", "name", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_INOTIFY_INIT1_X, "res", "flags");
	assert_int_equal(event_table[PPME_SYSCALL_INOTIFY_INIT1_X].params[1].type, PT_FLAGS16);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_EVENTFD2_X, "res", "flags", "initval");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_SIGNALFD4_X, "res", "flags", "fd", "mask");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_SIGNALFD4_E, "fd", "mask");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_PRCTL_X, "res", "option", "arg2_str", "arg2_int");
	assert_ptr_equal(event_table[PPME_SYSCALL_PRCTL_X].params[1].flags, prctl_options);
	ASSERT_EXACT_PARAMS(PPME_ASYNCEVENT_E, "plugin_id", "name", "data");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_MEMFD_CREATE_X, "fd", "name", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_PIDFD_GETFD_X, "fd", "pid_fd", "target_fd", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_PIDFD_OPEN_X, "fd", "pid", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_INIT_MODULE_X, "res", "img", "length", "uargs");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_FINIT_MODULE_X, "res", "fd", "uargs", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_MKNOD_X, "res", "path", "mode", "dev");
	assert_int_equal(event_table[PPME_SYSCALL_MKNOD_X].params[2].type, PT_MODE);
	assert_ptr_equal(event_table[PPME_SYSCALL_MKNOD_X].params[2].flags, mknod_modes);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_MKNODAT_X, "res", "dirfd", "path", "mode", "dev");
	assert_int_equal(event_table[PPME_SYSCALL_MKNODAT_X].params[2].dirfd_param, 1);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_NEWFSTATAT_X, "res", "dirfd", "path", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_PROCESS_VM_READV_X, "res", "pid", "data");
	assert_int_equal(event_table[PPME_SYSCALL_PROCESS_VM_READV_X].params[0].type, PT_INT64);
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_PROCESS_VM_WRITEV_X, "res", "pid", "data");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_DELETE_MODULE_X, "res", "name", "flags");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_SETREUID_X, "res", "ruid", "euid");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_SETREGID_X, "res", "rgid", "egid");

	/* flag values in scap's encoding */
	assert_int_equal(flag_value(memfd_create_flags, "MFD_CLOEXEC"), PPM_MFD_CLOEXEC);
	assert_int_equal(flag_value(memfd_create_flags, "MFD_ALLOW_SEALING"), 2);
	assert_int_equal(flag_value(pidfd_open_flags, "PIDFD_NONBLOCK"), 1);
	assert_int_equal(flag_value(epoll_create1_flags, "EPOLL_CLOEXEC"), 1);
	assert_int_equal(flag_value(mlock2_flags, "MLOCK_ONFAULT"), 1);
	assert_int_equal(flag_value(fsconfig_cmds, "FSCONFIG_SET_STRING"), 1);
	assert_int_equal(flag_value(fsconfig_cmds, "FSCONFIG_CMD_RECONFIGURE"), 7);
	assert_int_equal(flag_value(prctl_options, "PR_SET_NAME"), 15);
	assert_int_equal(flag_value(prctl_options, "PR_SET_CHILD_SUBREAPER"), 36);
	assert_int_equal(flag_value(finit_module_flags, "MODULE_INIT_IGNORE_VERMAGIC"), 2);
	assert_int_equal(flag_value(delete_module_flags, "O_TRUNC"), 1);
	assert_int_equal(flag_value(delete_module_flags, "O_NONBLOCK"), 2);
	assert_int_equal(flag_value(newfstatat_flags, "AT_SYMLINK_NOFOLLOW"), 0x100);
	assert_int_equal(flag_value(newfstatat_flags, "AT_EMPTY_PATH"), 0x1000);
	assert_int_equal(flag_value(fchownat_flags, "AT_EMPTY_PATH"), 0x1000);
	assert_int_equal(flag_value(mknod_modes, "S_IFIFO"), 010000);
	assert_int_equal(flag_value(mknod_modes, "S_IRUSR"), PPM_S_IRUSR);
	assert_int_equal(flag_value(bpf_commands, "BPF_PROG_LOAD"), 5);
	assert_string_equal(flag_name_of(bpf_commands, 10), "BPF_PROG_TEST_RUN");
}

static void test_old_versions(void **state)
{
	static const uint16_t old[] = {
		PPME_SYSCALL_BRK_1_X, PPME_SYSCALL_EXECVE_8_X, PPME_SYSCALL_CLONE_11_X,
		PPME_SOCKET_ACCEPT_X, PPME_SOCKET_ACCEPT4_X, PPME_SYSCALL_IOCTL_2_X,
		PPME_SYSCALL_MKDIR_X, PPME_SYSCALL_RMDIR_X, PPME_SYSCALL_OPENAT_X,
		PPME_SYSCALL_LINK_X, PPME_SYSCALL_LINKAT_X, PPME_SYSCALL_UNLINK_X,
		PPME_SYSCALL_UNLINKAT_X, PPME_SYSCALL_EXECVE_13_X, PPME_SYSCALL_CLONE_16_X,
		PPME_SYSCALL_EXECVE_14_X, PPME_SYSCALL_FORK_X, PPME_SYSCALL_VFORK_X,
		PPME_SYSCALL_EXECVE_15_X, PPME_SYSCALL_CLONE_17_X, PPME_SYSCALL_FORK_17_X,
		PPME_SYSCALL_VFORK_17_X, PPME_SYSCALL_EXECVE_16_X, PPME_SYSCALL_EXECVE_17_X,
		PPME_SYSCALL_EXECVE_18_X, PPME_SCHEDSWITCH_1_E, PPME_PROCEXIT_E,
		/* replaced by newer libs' events after 351 */
		PPME_SYSCALL_DUP_X, PPME_SYSCALL_BPF_X, PPME_SYSCALL_UMOUNT_X,
		PPME_SOCKET_ACCEPT4_5_X,
	};
	(void)state;
	for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++)
		assert_true(event_table[old[i]].flags & EF_OLD_VERSION);
	/* the old openat's exit had the fd only, the name was in the enter */
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_OPENAT_X, "fd");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_OPENAT_E, "dirfd", "name", "flags", "mode");
	/* the replaced events keep the lists older drivers wrote */
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_DUP_X, "res");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_BPF_X, "res_or_fd");
	ASSERT_EXACT_PARAMS(PPME_SYSCALL_UMOUNT_X, "res", "name");
	ASSERT_EXACT_PARAMS(PPME_SOCKET_ACCEPT4_5_X, "fd", "tuple", "queuepct", "queuelen",
			    "queuemax");
	/* the flags of the events newer libs added are open flags, 16 bits */
	assert_ptr_equal(event_table[PPME_SYSCALL_EVENTFD2_X].params[1].flags, file_flags);
	assert_ptr_equal(event_table[PPME_SYSCALL_SIGNALFD4_X].params[1].flags, file_flags);
	assert_ptr_equal(event_table[PPME_SYSCALL_INOTIFY_INIT1_X].params[1].flags, file_flags);
	assert_int_equal(event_table[PPME_SYSCALL_EVENTFD2_X].params[1].type, PT_FLAGS16);
	assert_int_equal(event_table[PPME_SYSCALL_SIGNALFD4_X].params[1].type, PT_FLAGS16);
	assert_int_equal(event_table[PPME_SYSCALL_OPENAT_E].params[1].type, PT_CHARBUF);
}

static void test_syscall_table(void **state)
{
	(void)state;
	assert_int_equal(syscall_by_name("openat"), 257);
	assert_int_equal(syscall_table[257].exit_event, PPME_SYSCALL_OPENAT_2_X);
	assert_int_equal(syscall_by_name("read"), 0);
	assert_int_equal(syscall_by_name("execve"), 59);
	assert_int_equal(syscall_by_name("no_such_syscall"), -1);
	assert_int_equal(syscall_by_name(NULL), -1);
	assert_string_equal(syscall_name(39), "getpid");
	assert_string_equal(syscall_name(435), "clone3");
	assert_string_equal(syscall_name(462), "mseal");
	assert_null(syscall_name(400));
	assert_null(syscall_name(SYSCALL_TABLE_SIZE));
	assert_null(syscall_name(100000));

	static const struct {
		const char *name;
		uint16_t exit_event;
	} expect[] = {
		{"open", PPME_SYSCALL_OPEN_X},
		{"openat", PPME_SYSCALL_OPENAT_2_X},
		{"openat2", PPME_SYSCALL_OPENAT2_X},
		{"creat", PPME_SYSCALL_CREAT_X},
		{"execve", PPME_SYSCALL_EXECVE_19_X},
		{"execveat", PPME_SYSCALL_EXECVEAT_X},
		{"clone", PPME_SYSCALL_CLONE_20_X},
		{"clone3", PPME_SYSCALL_CLONE3_X},
		{"fork", PPME_SYSCALL_FORK_20_X},
		{"vfork", PPME_SYSCALL_VFORK_20_X},
		{"accept", PPME_SOCKET_ACCEPT_5_X},
		{"accept4", PPME_SOCKET_ACCEPT4_6_X},
		{"mkdir", PPME_SYSCALL_MKDIR_2_X},
		{"rmdir", PPME_SYSCALL_RMDIR_2_X},
		{"unlink", PPME_SYSCALL_UNLINK_2_X},
		{"unlinkat", PPME_SYSCALL_UNLINKAT_2_X},
		{"link", PPME_SYSCALL_LINK_2_X},
		{"linkat", PPME_SYSCALL_LINKAT_2_X},
		{"mkdirat", PPME_SYSCALL_MKDIRAT_X},
		{"pread64", PPME_SYSCALL_PREAD_X},
		{"pwrite64", PPME_SYSCALL_PWRITE_X},
		{"ioctl", PPME_SYSCALL_IOCTL_3_X},
		{"brk", PPME_SYSCALL_BRK_4_X},
		{"read", PPME_SYSCALL_READ_X},
		{"close", PPME_SYSCALL_CLOSE_X},
		{"connect", PPME_SOCKET_CONNECT_X},
		{"chmod", PPME_SYSCALL_CHMOD_X},
		{"fchmod", PPME_SYSCALL_FCHMOD_X},
		{"fchmodat", PPME_SYSCALL_FCHMODAT_X},
		{"umount2", PPME_SYSCALL_UMOUNT2_X},
		{"prlimit64", PPME_SYSCALL_PRLIMIT_X},
		{"dup", PPME_SYSCALL_DUP_1_X},
		{"dup2", PPME_SYSCALL_DUP2_X},
		{"dup3", PPME_SYSCALL_DUP3_X},
		{"pipe", PPME_SYSCALL_PIPE_X},
		{"pipe2", PPME_SYSCALL_PIPE2_X},
		{"open_by_handle_at", PPME_SYSCALL_OPEN_BY_HANDLE_AT_X},
		{"io_uring_enter", PPME_SYSCALL_IO_URING_ENTER_X},
		{"mlockall", PPME_SYSCALL_MLOCKALL_X},
		/* syscalls with an event appended after 351 */
		{"chown", PPME_SYSCALL_CHOWN_X},
		{"fchown", PPME_SYSCALL_FCHOWN_X},
		{"lchown", PPME_SYSCALL_LCHOWN_X},
		{"fchownat", PPME_SYSCALL_FCHOWNAT_X},
		{"memfd_create", PPME_SYSCALL_MEMFD_CREATE_X},
		{"init_module", PPME_SYSCALL_INIT_MODULE_X},
		{"finit_module", PPME_SYSCALL_FINIT_MODULE_X},
		{"delete_module", PPME_SYSCALL_DELETE_MODULE_X},
		{"prctl", PPME_SYSCALL_PRCTL_X},
		{"pidfd_open", PPME_SYSCALL_PIDFD_OPEN_X},
		{"pidfd_getfd", PPME_SYSCALL_PIDFD_GETFD_X},
		{"mknod", PPME_SYSCALL_MKNOD_X},
		{"mknodat", PPME_SYSCALL_MKNODAT_X},
		{"setreuid", PPME_SYSCALL_SETREUID_X},
		{"setregid", PPME_SYSCALL_SETREGID_X},
		{"process_vm_readv", PPME_SYSCALL_PROCESS_VM_READV_X},
		{"process_vm_writev", PPME_SYSCALL_PROCESS_VM_WRITEV_X},
		{"epoll_create", PPME_SYSCALL_EPOLL_CREATE_X},
		{"epoll_create1", PPME_SYSCALL_EPOLL_CREATE1_X},
		{"newfstatat", PPME_SYSCALL_NEWFSTATAT_X},
		{"mlock2", PPME_SYSCALL_MLOCK2_X},
		{"fsconfig", PPME_SYSCALL_FSCONFIG_X},
		{"capset", PPME_SYSCALL_CAPSET_X},
		{"eventfd2", PPME_SYSCALL_EVENTFD2_X},
		{"signalfd4", PPME_SYSCALL_SIGNALFD4_X},
		{"inotify_init1", PPME_SYSCALL_INOTIFY_INIT1_X},
		{"bpf", PPME_SYSCALL_BPF_2_X},
		/* the calls without flags keep the older events, as in libs */
		{"eventfd", PPME_SYSCALL_EVENTFD_X},
		{"signalfd", PPME_SYSCALL_SIGNALFD_X},
		{"inotify_init", PPME_SYSCALL_INOTIFY_INIT_X},
		{"timerfd_create", PPME_SYSCALL_TIMERFD_CREATE_X},
		{"stat", PPME_SYSCALL_STAT_X},
		{"lstat", PPME_SYSCALL_LSTAT_X},
		{"mlock", PPME_SYSCALL_MLOCK_X},
		{"munlock", PPME_SYSCALL_MUNLOCK_X},
		{"munlockall", PPME_SYSCALL_MUNLOCKALL_X},
		{"sched_setattr", PPME_GENERIC_X},
		{"fsopen", PPME_GENERIC_X},
		{"getpid", PPME_GENERIC_X},
		{"exit_group", PPME_GENERIC_X},
	};
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		int nr = syscall_by_name(expect[i].name);

		assert_true(nr >= 0);
		if (syscall_table[nr].exit_event != expect[i].exit_event)
			fail_msg("%s: exit event %u, expected %u", expect[i].name,
				 syscall_table[nr].exit_event, expect[i].exit_event);
	}

	int named = 0;
	for (uint32_t nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const struct syscall_info *s = &syscall_table[nr];
		const struct event_info *x = &event_table[s->exit_event];

		/* an exit event of this generation, for every number */
		assert_true(s->exit_event < PPM_EVENT_MAX);
		assert_true(PPME_IS_EXIT(s->exit_event));
		assert_false(x->flags & (EF_UNUSED | EF_OLD_VERSION));
		if (s->name == NULL) {
			assert_int_equal(s->ppm_sc, 0);
			assert_int_equal(s->exit_event, PPME_GENERIC_X);
			continue;
		}
		named++;
		assert_int_equal(syscall_by_name(s->name), (int)nr);
		if (s->ppm_sc != 0)
			assert_string_equal(ppm_sc_name(s->ppm_sc), s->name);
	}
	/* x86_64 has every number from 0 to 334 and from 424 on */
	assert_true(named >= 335 + 462 - 424 + 1);
	for (uint32_t nr = 0; nr <= 334; nr++)
		assert_non_null(syscall_name(nr));

	assert_int_equal(syscall_table[0].ppm_sc, 3); /* read */
	assert_int_equal(syscall_table[59].ppm_sc, 324); /* execve */
	assert_int_equal(syscall_table[39].ppm_sc, 16); /* getpid */
	assert_string_equal(ppm_sc_name(16), "getpid");
	assert_string_equal(ppm_sc_name(197), "openat");
	assert_null(ppm_sc_name(0));
	assert_null(ppm_sc_name(60000));
}

static void test_flag_names(void **state)
{
	(void)state;
	assert_int_equal(flag_value(file_flags, "O_RDONLY"), PPM_O_RDONLY);
	assert_int_equal(flag_value(file_flags, "O_RDWR"), PPM_O_RDWR);
	assert_int_equal(flag_value(file_flags, "O_CLOEXEC"), PPM_O_CLOEXEC);
	assert_int_equal(flag_value(file_flags, "O_CREAT"), PPM_O_CREAT);
	assert_int_equal(flag_value(file_modes, "S_IRUSR"), PPM_S_IRUSR);
	assert_int_equal(flag_value(file_modes, "S_ISUID"), PPM_S_ISUID);
	assert_int_equal(flag_value(clone_flags, "CLONE_VM"), PPM_CL_CLONE_VM);
	assert_int_equal(flag_value(clone_flags, "CLONE_NEWUSER"), PPM_CL_CLONE_NEWUSER);
	assert_int_equal(flag_value(fcntl_commands, "F_DUPFD"), PPM_FCNTL_F_DUPFD);
	assert_int_equal(flag_value(fcntl_commands, "F_SETFL"), PPM_FCNTL_F_SETFL);
	assert_int_equal(flag_value(prot_flags, "PROT_READ"), PPM_PROT_READ);
	assert_int_equal(flag_value(prot_flags, "PROT_EXEC"), PPM_PROT_EXEC);
	assert_int_equal(flag_value(mmap_flags, "MAP_PRIVATE"), PPM_MAP_PRIVATE);
	assert_int_equal(flag_value(mmap_flags, "MAP_ANONYMOUS"), PPM_MAP_ANONYMOUS);
	assert_int_equal(flag_value(shutdown_how, "SHUT_RDWR"), PPM_SHUT_RDWR);
	assert_int_equal(flag_value(socket_families, "AF_INET"), PPM_AF_INET);
	assert_int_equal(flag_value(socket_families, "AF_INET6"), PPM_AF_INET6);
	assert_int_equal(flag_value(socket_families, "AF_UNIX"), PPM_AF_UNIX);
	assert_int_equal(flag_value(socket_families, "AF_NETLINK"), PPM_AF_NETLINK);
	assert_int_equal(flag_value(ptrace_requests, "PTRACE_ATTACH"), PPM_PTRACE_ATTACH);
	assert_int_equal(flag_value(ptrace_requests, "PTRACE_TRACEME"), PPM_PTRACE_TRACEME);
	/* mount flags are the kernel's MS_* bits; sysdig prints them bare */
	assert_int_equal(flag_value(mount_flags, "RDONLY"), 1);     /* MS_RDONLY */
	assert_int_equal(flag_value(mount_flags, "BIND"), 4096);    /* MS_BIND */
	assert_int_equal(flag_value(mount_flags, "REMOUNT"), 32);   /* MS_REMOUNT */
	assert_int_equal(flag_value(umount_flags, "FORCE"), PPM_MNT_FORCE);
	assert_int_equal(flag_value(umount_flags, "NOFOLLOW"), PPM_UMOUNT_NOFOLLOW);
	assert_int_equal(flag_value(rename_flags, "RENAME_NOREPLACE"), PPM_RENAME_NOREPLACE);
	assert_int_equal(flag_value(unlinkat_flags, "AT_REMOVEDIR"), PPM_AT_REMOVEDIR);
	assert_int_equal(flag_value(linkat_flags, "AT_SYMLINK_FOLLOW"), PPM_AT_SYMLINK_FOLLOW);
	assert_int_equal(flag_value(openat2_resolve, "RESOLVE_BENEATH"), PPM_RESOLVE_BENEATH);
	assert_int_equal(flag_value(execve_flags, "EXE_WRITABLE"), PPM_EXE_WRITABLE);
	assert_int_equal(flag_value(execveat_flags, "AT_EMPTY_PATH"), PPM_EXVAT_AT_EMPTY_PATH);
	assert_int_equal(flag_value(signal_names, "SIGKILL"), 9);
	assert_int_equal(flag_value(signal_names, "SIGTERM"), 15);
	assert_int_equal(flag_value(errno_names, "ENOENT"), 2);
	assert_int_equal(flag_value(errno_names, "EACCES"), 13);
	assert_int_equal(flag_value(errno_names, "EINPROGRESS"), 115);
	assert_int_equal(flag_value(errno_names, "EWOULDBLOCK"), 11);

	/* value -> name: the first entry wins, as in sysdig */
	assert_string_equal(flag_name_of(socket_families, PPM_AF_INET), "AF_INET");
	assert_string_equal(flag_name_of(socket_families, PPM_AF_UNIX), "AF_LOCAL");
	assert_string_equal(flag_name_of(fcntl_commands, PPM_FCNTL_F_GETFL), "F_GETFL");
	assert_string_equal(flag_name_of(signal_names, 6), "SIGABRT");
	assert_string_equal(flag_name_of(errno_names, 11), "EAGAIN");
	assert_string_equal(flag_name_of(file_flags, PPM_O_RDWR), "O_RDWR");

	assert_string_equal(event_errno_name(2), "ENOENT");
	assert_string_equal(event_errno_name(-2), "ENOENT");
	assert_string_equal(event_errno_name(512), "ERESTARTSYS");
	assert_null(event_errno_name(0));
	assert_null(event_errno_name(41)); /* no errno 41 on Linux */
	assert_null(event_errno_name(100000));
	assert_null(event_errno_name(INT64_MIN));
}

/* Every name table that a parameter points to is terminated, has names,
 * and has no name twice. */
static void test_flag_tables_well_formed(void **state)
{
	(void)state;
	for (int t = 0; t < PPM_EVENT_MAX; t++) {
		const struct event_info *e = &event_table[t];

		for (int i = 0; i < e->nparams; i++) {
			const struct flag_name *tab = e->params[i].flags;
			int n = 0;

			if (tab == NULL)
				continue;
			for (; tab[n].name != NULL; n++) {
				assert_true(n < 200);
				assert_true(tab[n].name[0] != '\0');
				for (int j = 0; j < n; j++)
					assert_true(strcmp(tab[j].name, tab[n].name) != 0);
			}
			assert_true(n > 0);
		}
	}
	int n = 0;
	for (; errno_names[n].name != NULL; n++)
		assert_true(n < 400);
	assert_true(n > 100);
	for (n = 0; signal_names[n].name != NULL; n++)
		assert_true(n < 100);
	assert_true(n >= 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry_is_valid),
		cmocka_unit_test(test_enter_exit_pairs),
		cmocka_unit_test(test_exit_events_carry_enter_params),
		cmocka_unit_test(test_known_events),
		cmocka_unit_test(test_events_after_351),
		cmocka_unit_test(test_old_versions),
		cmocka_unit_test(test_syscall_table),
		cmocka_unit_test(test_flag_names),
		cmocka_unit_test(test_flag_tables_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
