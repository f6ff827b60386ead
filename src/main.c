/* main.c: wtftop's entry point: parse the command line and run one mode. */
#include <stdio.h>
#include <stdlib.h>

#include "app/chisels.h"
#include "app/lists.h"
#include "app/options.h"
#include "app/stream.h"
#include "fields/fields.h"
#include "lua/chisel.h"
#include "ui/ui.h"

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
	if (rules_cli_is_command(&o.rules)) { /* --list-rules, --validate */
		rc = rules_cli_main(&o.rules);
		options_done(&o);
		return rc;
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
		rc = ui_main(&o);
		break;
	case MODE_BATCH:
		rc = batch_main(&o);
		break;
	case MODE_LIST_VIEWS:
		rc = views_list_main();
		break;
	case MODE_STREAM:
		if (o.nchisels && (rc = chisels_load(&o)))
			break;
		rc = stream_main(&o);
		break;
	case MODE_LIST_CHISELS:
		rc = chisels_list();
		break;
	case MODE_CHISEL_INFO:
		rc = chisels_info(o.chisel_info);
		break;
	}
	chisel_set_free(o.chisel_set);
	options_done(&o);
	return rc;
}
