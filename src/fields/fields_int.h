/* fields_int.h: what the field classes (fields_*.c) share with the registry
 * (fields.c). Not for use outside src/fields. */
#ifndef WTF_FIELDS_INT_H
#define WTF_FIELDS_INT_H

#include <string.h>

#include "fields/fields.h"
#include "format/render.h"
#include "state/state.h"

extern const struct field_class field_class_evt;
extern const struct field_class field_class_evt_syscall;
extern const struct field_class field_class_process;
extern const struct field_class field_class_user;
extern const struct field_class field_class_group;
extern const struct field_class field_class_container;
extern const struct field_class field_class_k8s;
extern const struct field_class field_class_fd;
extern const struct field_class field_class_fdlist;
extern const struct field_class field_class_syslog;
extern const struct field_class field_class_alert;

/* ts as evt.time shows it: HH:MM:SS.nnnnnnnnn, local time (fields_evt.c). */
int fields_put_clock(uint64_t ts, struct strbuf *sb);

/* A getter's definition: every field_get_fn of the classes has this shape. */
#define GETTER(fn) static int fn(const struct field_ctx *c, const struct field_ref *ref, \
				 struct field_value *v, struct strbuf *sb)

/* ---- filling a field_value ---- */

static inline int fv_int(struct field_value *v, int64_t i)
{
	v->kind = FK_INT;
	v->i = i;
	return 1;
}

static inline int fv_uint(struct field_value *v, uint64_t u)
{
	v->kind = FK_UINT;
	v->u = u;
	return 1;
}

static inline int fv_bool(struct field_value *v, bool b)
{
	v->kind = FK_BOOL;
	v->b = b;
	return 1;
}

static inline int fv_double(struct field_value *v, double d)
{
	v->kind = FK_DOUBLE;
	v->d = d;
	return 1;
}

static inline int fv_str(struct field_value *v, const char *p, size_t len)
{
	v->kind = FK_STRING;
	v->s.p = p;
	v->s.len = len;
	return 1;
}

/* A string, or no value when s is NULL. */
static inline int fv_cstr(struct field_value *v, const char *s)
{
	return s ? fv_str(v, s, strlen(s)) : 0;
}

/* The text written to scratch since offset start. Call it only once writing
 * is done: scratch may move while it grows. */
static inline int fv_scratch(struct field_value *v, struct strbuf *scratch, size_t start)
{
	return fv_str(v, scratch->buf ? scratch->buf + start : "", scratch->len - start);
}

/* ---- what getters look at ---- */

static inline struct thread *fctx_thread(const struct field_ctx *c)
{
	/* the state set it for nearly every event: no call for that case */
	return c->e->thread ? c->e->thread : render_evt_thread(c->e, c->st);
}

/* The process's main thread (tid == pid), or t itself. */
static inline struct thread *fctx_main(const struct field_ctx *c, struct thread *t)
{
	struct thread *mt;
	if (!t || t->tid == t->pid || !c->st)
		return t;
	mt = state_main_thread(c->st, t);
	return mt ? mt : t;
}

static inline uint64_t fctx_ts(const struct field_ctx *c)
{
	return c->e->hdr->ts;
}

/* The event's return value: its "res" parameter, or for the exit of an event
 * that creates an fd, its "fd" parameter (sysdig's evt.rawres). */
bool fields_evt_result(const struct evt *e, int64_t *res);

/* Appends NUL-separated strings (args, env, cgroups) joined by sep. */
int fields_join(const char *p, size_t len, char sep, struct strbuf *out);

/* Appends the id of the container of t (nothing on the host), for
 * fd.containername. */
int fields_put_container_id(const struct field_ctx *c, const struct thread *t, struct strbuf *sb);

#endif
