/* format.h: sysdig's -p formats, as text lines or JSON lines.
 *
 * A format is literal text with %field tokens: "%proc.name %fd.name",
 * "%proc.aname[2]", "%evt.arg.fd", with an optional width ("%10proc.name":
 * padded or cut to 10 characters) and the escapes \n, \t, \e and \\. Lines
 * need every field to have a value, unless the format starts with '*', in
 * which case a missing value prints as <NA> (JSON: null). Fields are resolved
 * once, when the format is compiled; writing a line allocates nothing once
 * the buffers have grown. */
#ifndef WTF_FORMAT_H
#define WTF_FORMAT_H

#include <stdint.h>

#include "fields/fields.h"

/* sysdig's default format */
#define FORMATTER_DEFAULT \
	"*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info"

#define FORMATTER_JSON (1 << 0)       /* one JSON object per line, the fields as keys (-j) */
#define FORMATTER_ALL_LINES (1 << 1)  /* as if the format began with '*' (rule outputs) */

struct formatter;

/* Compiles a text format; fmt NULL means the default. output_flags
 * (FIELD_OUT_DATA_* for -A -x -X -b) are added to the context's when writing.
 * On error returns NULL with *cause set (caller frees), naming the column:
 * "column 5: unknown field 'proc.nmae' (did you mean proc.name?)". */
struct formatter *formatter_new(const char *fmt, uint32_t output_flags, char **cause);
/* The same for JSON lines (-j): fmt NULL means the default format's fields. */
struct formatter *formatter_new_json(const char *fmt, uint32_t output_flags, char **cause);
/* flags: FORMATTER_*. */
struct formatter *formatter_new_ex(const char *fmt, uint32_t flags, uint32_t output_flags, char **cause);
void formatter_free(struct formatter *f);

/* Appends the line for one event, without a line end. scratch is the getters'
 * work space (reset here). Returns 1 when it wrote a line, 0 when a field had
 * no value and the format needs them all (out is left as it was), or a
 * negative errno. */
int formatter_write(struct formatter *f, const struct field_ctx *c, struct strbuf *out,
		    struct strbuf *scratch);

/* The format text as given (after defaulting). */
const char *formatter_text(const struct formatter *f);

/* Whether the format shows a field with any of the FF_* flags in `flags`. */
bool formatter_uses_flags(const struct formatter *f, uint32_t flags);

#endif
