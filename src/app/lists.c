/* lists.c: -L, the event types and their parameters, as sysdig prints them. */
#include <stdio.h>

#include "app/lists.h"
#include "event/event_table.h"

static const char *const param_type_names[PT_MAX] = {
	[PT_NONE] = "NONE", [PT_INT8] = "INT8", [PT_INT16] = "INT16", [PT_INT32] = "INT32",
	[PT_INT64] = "INT64", [PT_UINT8] = "UINT8", [PT_UINT16] = "UINT16", [PT_UINT32] = "UINT32",
	[PT_UINT64] = "UINT64", [PT_CHARBUF] = "CHARBUF", [PT_BYTEBUF] = "BYTEBUF",
	[PT_ERRNO] = "ERRNO", [PT_SOCKADDR] = "SOCKADDR", [PT_SOCKTUPLE] = "SOCKTUPLE", [PT_FD] = "FD",
	[PT_PID] = "PID", [PT_FDLIST] = "FDLIST", [PT_FSPATH] = "FSPATH", [PT_SYSCALLID] = "SYSCALLID",
	[PT_SIGTYPE] = "SIGTYPE", [PT_RELTIME] = "RELTIME", [PT_ABSTIME] = "ABSTIME", [PT_PORT] = "PORT",
	[PT_L4PROTO] = "L4PROTO", [PT_SOCKFAMILY] = "SOCKFAMILY", [PT_BOOL] = "BOOL",
	[PT_IPV4ADDR] = "IPV4ADDR", [PT_DYN] = "DYNAMIC", [PT_FLAGS8] = "FLAGS8",
	[PT_FLAGS16] = "FLAGS16", [PT_FLAGS32] = "FLAGS32", [PT_UID] = "UID", [PT_GID] = "GID",
	[PT_DOUBLE] = "DOUBLE", [PT_SIGSET] = "SIGSET", [PT_CHARBUFARRAY] = "CHARBUFARRAY",
	[PT_CHARBUF_PAIR_ARRAY] = "CHARBUFPAIRARRAY", [PT_IPV4NET] = "IPV4NET",
	[PT_IPV6ADDR] = "IPV6ADDR", [PT_IPV6NET] = "IPV6NET", [PT_IPADDR] = "IPADDR",
	[PT_IPNET] = "IPNET", [PT_MODE] = "MODE", [PT_FSRELPATH] = "FSRELPATH",
	[PT_ENUMFLAGS8] = "ENUMFLAGS8", [PT_ENUMFLAGS16] = "ENUMFLAGS16", [PT_ENUMFLAGS32] = "ENUMFLAGS32",
};

const char *param_type_name(enum param_type t)
{
	return t < PT_MAX && param_type_names[t] ? param_type_names[t] : "UNKNOWN";
}

void lists_print_events(FILE *f)
{
	for (int t = 0; t < PPM_EVENT_MAX; t++) {
		const struct event_info *ei = &event_table[t];
		if (ei->flags & (EF_OLD_VERSION | EF_UNUSED))
			continue;
		fprintf(f, "%c %s(", PPME_IS_EXIT(t) ? '<' : '>', ei->name);
		for (int i = 0; i < ei->nparams; i++)
			fprintf(f, "%s%s %s", i ? ", " : "", param_type_name(ei->params[i].type),
				ei->params[i].name);
		fprintf(f, ")\n");
	}
}
