/* syscall_tp.c: the ids of the kernel's per-syscall enter tracepoints. A
 * program attached to syscalls:sys_enter_openat runs for openat only, where
 * one on the raw sys_enter runs for every syscall; their ids are in tracefs,
 * which systemd mounts at boot and a bare machine may not have mounted. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event/syscall_tp.h"

#define TRACEFS "/sys/kernel/tracing"
#define TRACEFS_OLD "/sys/kernel/debug/tracing"

/* Where the kernel's syscall tracepoints are named their syscall's
 * SYSCALL_DEFINE name, which is not the syscall table's. */
static const struct {
	const char *sc, *tp;
} tp_names[] = {
	{ "stat", "newstat" },
	{ "lstat", "newlstat" },
	{ "fstat", "newfstat" },
	{ "umount2", "umount" },
	{ "uname", "newuname" },
};

static const char *tp_name(const char *sc)
{
	for (size_t i = 0; i < sizeof(tp_names) / sizeof(tp_names[0]); i++)
		if (!strcmp(tp_names[i].sc, sc))
			return tp_names[i].tp;
	return sc;
}

static bool has_syscall_events(const char *root)
{
	char path[128];
	struct stat st;
	snprintf(path, sizeof(path), "%s/events/syscalls", root);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_id(const char *root, const char *sc)
{
	char path[256];
	FILE *f;
	int id = 0;

	snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_%s/id", root, tp_name(sc));
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%d", &id) != 1 || id < 0)
		id = 0;
	fclose(f);
	return id;
}

int syscall_tp_enter_ids(const char *const *names, size_t n, int *ids)
{
	const char *root = has_syscall_events(TRACEFS) ? TRACEFS
			 : has_syscall_events(TRACEFS_OLD) ? TRACEFS_OLD : NULL;
	bool mounted = false;

	if (!root) {
		/* as perf does: tracefs where it belongs, for as long as we read */
		if (mount("nodev", TRACEFS, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
			return -errno;
		mounted = true;
		root = TRACEFS;
		if (!has_syscall_events(root)) {
			umount2(TRACEFS, MNT_DETACH);
			return -ENOENT;
		}
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = read_id(root, names[i]);
	if (mounted)
		umount2(TRACEFS, MNT_DETACH);
	return 0;
}
