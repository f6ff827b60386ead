/* main.c: wtftop's entry point: parse the command line and run one mode. */
#include <stdio.h>
#include <stdlib.h>

#include "app/lists.h"
#include "app/options.h"
#include "app/stream.h"
#include "fields/fields.h"

#ifndef WTFTOP_VERSION
#define WTFTOP_VERSION "0.1.0"
#endif

int main(int argc, char **argv)
{
	struct options o;
	char *cause = NULL;
	int rc = 0;

	if (options_parse(&o, argc, argv, &cause)) {
		fprintf(stderr, "wtftop: %s\n", cause);
		free(cause);
		return 2;
	}
	switch (o.mode) {
	case MODE_HELP:
		options_usage(stdout);
		break;
	case MODE_VERSION:
		printf("wtftop %s\n", WTFTOP_VERSION);
		break;
	case MODE_LIST_FIELDS:
		fields_print_list(stdout, false);
		break;
	case MODE_LIST_EVENTS:
		lists_print_events(stdout);
		break;
	case MODE_UI:
		/* The curses UI is not there yet: show the stream instead. */
		fprintf(stderr, "wtftop: the interactive UI is not built yet; streaming events "
				"(use -p, -j or a pipe for the stream)\n");
		/* fallthrough */
	case MODE_STREAM:
		rc = stream_main(&o);
		break;
	}
	options_done(&o);
	return rc;
}
