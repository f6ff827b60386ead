/* json.h: just enough JSON reading for the runtime API's answers: find a
 * member by a dotted path, decode a string, walk an object's members. Values
 * are spans of the input; nothing is allocated except decoded strings. Input
 * that is not JSON yields "not found", never a crash. */
#ifndef WTF_CONTAINERS_JSON_H
#define WTF_CONTAINERS_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Returns the end of the value starting at p (after leading blanks), or NULL
 * when it is malformed or nested deeper than a bound. */
const char *json_skip(const char *p, const char *end);
/* The value of member "a.b.c" inside the object at p, or NULL. */
const char *json_path(const char *p, const char *end, const char *path);
/* Decodes the string at p into out (reset first). Returns 0 or -1 (not a string). */
int json_string(const char *p, const char *end, struct strbuf *out);
/* true/false at p. Returns 0 or -1. */
int json_bool(const char *p, const char *end, bool *out);
/* Calls fn(key, value, ctx) for each member of the object at p (key
 * decoded into a scratch buffer). Returns 0, or -1 when p is not an object. */
int json_foreach_member(const char *p, const char *end,
			void (*fn)(const char *key, const char *val, const char *end, void *ctx), void *ctx);

/* Arrays: with p at the '[' (first call) or at the `next` of the previous
 * call, returns the start of the next element and sets *next past it; NULL
 * at the end or on malformed input:
 *   for (e = json_element(arr, end, &n); e; e = json_element(n, end, &n)) */
const char *json_element(const char *p, const char *end, const char **next);

#endif
