/* fields_syslog.c: the syslog class: a message written to /dev/log, decoded
 * from the event's data ("<PRI>text", PRI = facility * 8 + severity). */
#include <ctype.h>

#include "fields/fields_int.h"

static const char *const facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "clock", "authpriv", "ftp", "ntp", "logaudit", "logalert", "cron",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

static const char *const severities[8] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};

struct syslog_msg {
	int pri;          /* -1 when the event is not a syslog write */
	const char *text; /* borrowed from the event */
	size_t len;
};

/* A write to /dev/log whose data starts with "<PRI>". */
static struct syslog_msg syslog_parse(const struct field_ctx *c)
{
	struct syslog_msg m = { -1, NULL, 0 };
	const struct fd_info *fd = c->e->fd;
	int i = evt_param_named(c->e, EVP_DATA);
	const char *p, *end;
	int pri = 0, digits = 0;

	if (i < 0 || !(c->e->info->flags & EF_WRITES_TO_FD) || !fd || !fd->name ||
	    !strstr(fd->name, "/dev/log"))
		return m;
	p = (const char *)c->e->params[i];
	end = p + c->e->lens[i];
	if (p >= end || *p != '<')
		return m;
	for (p++; p < end && isdigit((unsigned char)*p) && digits < 3; p++, digits++)
		pri = pri * 10 + (*p - '0');
	if (!digits || p >= end || *p != '>' || pri > 191)
		return m;
	p++;
	while (end > p && (end[-1] == '\0' || end[-1] == '\n'))
		end--;
	m.pri = pri;
	m.text = p;
	m.len = end - p;
	return m;
}

GETTER(get_facility)
{
	struct syslog_msg m = syslog_parse(c);
	return m.pri < 0 ? 0 : fv_uint(v, m.pri / 8);
}

GETTER(get_facility_str)
{
	struct syslog_msg m = syslog_parse(c);
	return m.pri < 0 ? 0 : fv_cstr(v, facilities[m.pri / 8]);
}

GETTER(get_severity)
{
	struct syslog_msg m = syslog_parse(c);
	return m.pri < 0 ? 0 : fv_uint(v, m.pri % 8);
}

GETTER(get_severity_str)
{
	struct syslog_msg m = syslog_parse(c);
	return m.pri < 0 ? 0 : fv_cstr(v, severities[m.pri % 8]);
}

GETTER(get_message)
{
	struct syslog_msg m = syslog_parse(c);
	return m.pri < 0 ? 0 : fv_str(v, m.text, m.len);
}

static const struct field_def syslog_fields[] = {
	{ "syslog.facility.str", "CHARBUF", FK_STRING, FF_DATA, "facility as a string.", get_facility_str },
	{ "syslog.facility", "UINT32", FK_UINT, FF_DATA, "facility as a number (0-23).", get_facility },
	{ "syslog.severity.str", "CHARBUF", FK_STRING, FF_DATA,
	  "severity as a string. Can have one of these values: emerg, alert, crit, err, warn, notice, "
	  "info, debug.",
	  get_severity_str },
	{ "syslog.severity", "UINT32", FK_UINT, FF_DATA, "severity as a number (0-7).", get_severity },
	{ "syslog.message", "CHARBUF", FK_STRING, FF_DATA, "message sent to syslog.", get_message },
};

const struct field_class field_class_syslog = {
	"syslog", "Content of Syslog messages.", syslog_fields,
	sizeof(syslog_fields) / sizeof(syslog_fields[0]), NULL,
};
