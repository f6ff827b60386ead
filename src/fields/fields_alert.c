/* fields_alert.c: the alert class: the rule alert being told, for the UI's
 * Alerts view (a list whose filter is `alert.rule exists`). An ordinary event
 * has none of these fields, so rules and the stream never match them. */
#include <errno.h>

#include "fields/fields_int.h"

GETTER(get_alert_time)
{
	size_t start = sb->len;

	if (!c->alert)
		return 0;
	if (fields_put_clock(c->alert->ts, sb))
		return -ENOMEM;
	return fv_scratch(v, sb, start);
}

GETTER(get_alert_rule)
{
	return c->alert ? fv_cstr(v, c->alert->rule) : 0;
}

GETTER(get_alert_priority)
{
	return c->alert ? fv_cstr(v, c->alert->priority) : 0;
}

GETTER(get_alert_output)
{
	return c->alert ? fv_cstr(v, c->alert->output) : 0;
}

GETTER(get_alert_source)
{
	return c->alert ? fv_cstr(v, c->alert->source) : 0;
}

static const struct field_def alert_fields[] = {
	{ "alert.time", "CHARBUF", FK_STRING, 0, "when the event that raised the alert happened (local time).",
	  get_alert_time },
	{ "alert.rule", "CHARBUF", FK_STRING, 0, "the name of the rule.", get_alert_rule },
	{ "alert.priority", "CHARBUF", FK_STRING, 0, "the rule's priority (Emergency .. Debug).",
	  get_alert_priority },
	{ "alert.output", "CHARBUF", FK_STRING, 0, "the rule's output, its %fields filled in.",
	  get_alert_output },
	{ "alert.source", "CHARBUF", FK_STRING, 0, "the rule's source (syscall).", get_alert_source },
};

const struct field_class field_class_alert = {
	"alert",
	"The rule alert being told: only the UI's Alerts view and chisels' on_alert see these; "
	"events have none of them.",
	alert_fields, sizeof(alert_fields) / sizeof(alert_fields[0]), NULL,
};
