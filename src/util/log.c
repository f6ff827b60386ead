/* log.c: the logger; by default messages go to stderr prefixed "wtftop: ". */
#include <stdarg.h>
#include <stdio.h>

#include "util/log.h"

static void stderr_sink(enum log_level level, const char *msg, void *ctx)
{
	static const char *const prefix[] = { "error: ", "warning: ", "", "debug: " };
	fprintf(stderr, "wtftop: %s%s\n", prefix[level], msg);
}

static log_sink_fn sink = stderr_sink;
static void *sink_ctx;
static enum log_level max_level = LOG_INFO;

void log_set_sink(log_sink_fn fn, void *ctx)
{
	sink = fn ? fn : stderr_sink;
	sink_ctx = ctx;
}

void log_set_level(enum log_level level)
{
	max_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sink(level, buf, sink_ctx);
}
