/* users.c: user and group names by id, from /etc/passwd and /etc/group (read
 * again when they change, looked at no more than every two seconds) or from a
 * capture file's user list. Bounded; open addressing on the id. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "state/state_int.h"
#include "util/clock.h"

#define IDS_MAX 65536
#define RECHECK_NS 2000000000ull

struct id_index {
	uint32_t *slot; /* entry index + 1; 0 = empty */
	uint32_t mask;
};

struct file_sig {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	bool valid;
};

struct user_tab {
	struct user_info *u;
	uint32_t nu, capu;
	struct id_index ui;
	struct group_info *g;
	uint32_t ng, capg;
	struct id_index gi;
	struct file_sig passwd, group;
	uint64_t checked_ns;
	bool from_capture; /* filled by state_add_*: never read /etc */
};

static uint32_t id_hash(uint32_t id)
{
	return (id * 2654435761u) >> 7;
}

static uint32_t index_find(const struct id_index *x, uint32_t id, const void *arr, size_t stride,
			   size_t id_off, bool *found)
{
	uint32_t i = id_hash(id) & x->mask;
	*found = false;
	while (x->slot[i]) {
		const char *e = (const char *)arr + (size_t)(x->slot[i] - 1) * stride;
		if (*(const uint32_t *)(e + id_off) == id) {
			*found = true;
			return i;
		}
		i = (i + 1) & x->mask;
	}
	return i;
}

static int index_rebuild(struct id_index *x, uint32_t n, const void *arr, size_t stride, size_t id_off)
{
	uint32_t slots = 64;
	while (slots < n * 2)
		slots *= 2;
	free(x->slot);
	x->slot = calloc(slots, sizeof(*x->slot));
	if (!x->slot) {
		x->mask = 0;
		return -ENOMEM;
	}
	x->mask = slots - 1;
	for (uint32_t k = 0; k < n; k++) {
		bool found;
		uint32_t id = *(const uint32_t *)((const char *)arr + (size_t)k * stride + id_off);
		uint32_t i = index_find(x, id, arr, stride, id_off, &found);
		if (!found) /* the first line for an id wins, as getpwuid does */
			x->slot[i] = k + 1;
	}
	return 0;
}

/* Indexes entry k (already in arr), rebuilding the index when it fills. */
static int index_add(struct id_index *x, uint32_t k, const void *arr, size_t stride, size_t id_off)
{
	bool found;
	uint32_t i, id;
	if (!x->slot || (k + 1) * 2 > x->mask + 1)
		return index_rebuild(x, k + 1, arr, stride, id_off);
	id = *(const uint32_t *)((const char *)arr + (size_t)k * stride + id_off);
	i = index_find(x, id, arr, stride, id_off, &found);
	if (!found)
		x->slot[i] = k + 1;
	return 0;
}

static void clear_users(struct user_tab *t)
{
	for (uint32_t i = 0; i < t->nu; i++) {
		free(t->u[i].name);
		free(t->u[i].home);
		free(t->u[i].shell);
	}
	t->nu = 0;
}

static void clear_groups(struct user_tab *t)
{
	for (uint32_t i = 0; i < t->ng; i++)
		free(t->g[i].name);
	t->ng = 0;
}

void users_free(struct user_tab *t)
{
	if (!t)
		return;
	clear_users(t);
	clear_groups(t);
	free(t->u);
	free(t->g);
	free(t->ui.slot);
	free(t->gi.slot);
	free(t);
}

static struct user_tab *tab(struct state *st)
{
	if (!st->users)
		st->users = calloc(1, sizeof(*st->users));
	return st->users;
}

static int push_user(struct user_tab *t, uint32_t uid, uint32_t gid, const char *name,
		     const char *home, const char *shell)
{
	struct user_info *u;
	if (t->nu >= IDS_MAX)
		return -ENOSPC;
	if (t->nu == t->capu) {
		uint32_t n = t->capu ? t->capu * 2 : 64;
		struct user_info *nu = realloc(t->u, n * sizeof(*nu));
		if (!nu)
			return -ENOMEM;
		t->u = nu;
		t->capu = n;
	}
	u = &t->u[t->nu];
	u->uid = uid;
	u->gid = gid;
	u->name = strdup(name ? name : "");
	u->home = strdup(home ? home : "");
	u->shell = strdup(shell ? shell : "");
	if (!u->name || !u->home || !u->shell) {
		free(u->name);
		free(u->home);
		free(u->shell);
		return -ENOMEM;
	}
	t->nu++;
	return 0;
}

static int push_group(struct user_tab *t, uint32_t gid, const char *name)
{
	if (t->ng >= IDS_MAX)
		return -ENOSPC;
	if (t->ng == t->capg) {
		uint32_t n = t->capg ? t->capg * 2 : 64;
		struct group_info *ng = realloc(t->g, n * sizeof(*ng));
		if (!ng)
			return -ENOMEM;
		t->g = ng;
		t->capg = n;
	}
	t->g[t->ng].gid = gid;
	t->g[t->ng].name = strdup(name ? name : "");
	if (!t->g[t->ng].name)
		return -ENOMEM;
	t->ng++;
	return 0;
}

/* Splits a line on ':' into at most n fields; returns how many. */
static int split_colon(char *line, char **f, int n)
{
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < n; p++) {
		if (*p == ':') {
			*p = '\0';
			f[k++] = p + 1;
		}
	}
	return k;
}

static bool sig_changed(const char *path, struct file_sig *s)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return s->valid ? (s->valid = false, true) : false;
	if (s->valid && s->dev == sb.st_dev && s->ino == sb.st_ino && s->size == sb.st_size &&
	    s->mtime.tv_sec == sb.st_mtim.tv_sec && s->mtime.tv_nsec == sb.st_mtim.tv_nsec)
		return false;
	s->dev = sb.st_dev;
	s->ino = sb.st_ino;
	s->size = sb.st_size;
	s->mtime = sb.st_mtim;
	s->valid = true;
	return true;
}

static void load_passwd(struct user_tab *t)
{
	FILE *f = fopen("/etc/passwd", "re");
	char line[4096];
	clear_users(t);
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char *fl[7];
			line[strcspn(line, "\n")] = '\0';
			if (line[0] == '#' || split_colon(line, fl, 7) < 7)
				continue;
			push_user(t, (uint32_t)strtoul(fl[2], NULL, 10), (uint32_t)strtoul(fl[3], NULL, 10),
				  fl[0], fl[5], fl[6]);
		}
		fclose(f);
	}
	index_rebuild(&t->ui, t->nu, t->u, sizeof(*t->u), offsetof(struct user_info, uid));
}

static void load_group(struct user_tab *t)
{
	FILE *f = fopen("/etc/group", "re");
	char line[8192];
	clear_groups(t);
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char *fl[4];
			line[strcspn(line, "\n")] = '\0';
			if (line[0] == '#' || split_colon(line, fl, 4) < 3)
				continue;
			push_group(t, (uint32_t)strtoul(fl[2], NULL, 10), fl[0]);
		}
		fclose(f);
	}
	index_rebuild(&t->gi, t->ng, t->g, sizeof(*t->g), offsetof(struct group_info, gid));
}

static void refresh(struct state *st, struct user_tab *t)
{
	uint64_t now;

	if (t->from_capture || st->opts.offline)
		return;
	now = clock_ns(CLOCK_MONOTONIC_COARSE);
	if (t->checked_ns && now - t->checked_ns < RECHECK_NS)
		return;
	t->checked_ns = now;
	if (sig_changed("/etc/passwd", &t->passwd) || !t->ui.slot)
		load_passwd(t);
	if (sig_changed("/etc/group", &t->group) || !t->gi.slot)
		load_group(t);
}

/* The entry for id in the users or the groups table, or NULL. */
static const void *lookup(struct state *st, bool groups, uint32_t id)
{
	struct user_tab *t = tab(st);
	const struct id_index *ix;
	const char *arr;
	size_t stride, off;
	bool found;
	uint32_t i;

	if (!t)
		return NULL;
	refresh(st, t);
	ix = groups ? &t->gi : &t->ui;
	if (!ix->slot)
		return NULL;
	arr = groups ? (const char *)t->g : (const char *)t->u;
	stride = groups ? sizeof(*t->g) : sizeof(*t->u);
	off = groups ? offsetof(struct group_info, gid) : offsetof(struct user_info, uid);
	i = index_find(ix, id, arr, stride, off, &found);
	return found ? arr + (size_t)(ix->slot[i] - 1) * stride : NULL;
}

const struct user_info *state_user(struct state *st, uint32_t uid)
{
	return lookup(st, false, uid);
}

const struct group_info *state_group(struct state *st, uint32_t gid)
{
	return lookup(st, true, gid);
}

/* A capture's user list replaces whatever /etc said. */
static void forget_files(struct user_tab *t)
{
	clear_users(t);
	clear_groups(t);
	index_rebuild(&t->ui, 0, t->u, sizeof(*t->u), offsetof(struct user_info, uid));
	index_rebuild(&t->gi, 0, t->g, sizeof(*t->g), offsetof(struct group_info, gid));
	t->from_capture = true;
}

int state_add_user(struct state *st, uint32_t uid, uint32_t gid, const char *name,
		   const char *home, const char *shell)
{
	struct user_tab *t = tab(st);
	int r;
	if (!t)
		return -ENOMEM;
	if (!t->from_capture)
		forget_files(t);
	r = push_user(t, uid, gid, name, home, shell);
	if (!r)
		r = index_add(&t->ui, t->nu - 1, t->u, sizeof(*t->u), offsetof(struct user_info, uid));
	return r;
}

int state_add_group(struct state *st, uint32_t gid, const char *name)
{
	struct user_tab *t = tab(st);
	int r;
	if (!t)
		return -ENOMEM;
	if (!t->from_capture)
		forget_files(t);
	r = push_group(t, gid, name);
	if (!r)
		r = index_add(&t->gi, t->ng - 1, t->g, sizeof(*t->g), offsetof(struct group_info, gid));
	return r;
}
