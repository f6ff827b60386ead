/* chisels.c: `wtftop -c NAME [ARGS] [FILTER]`: load the chisels, give them
 * their arguments, and leave the remaining words as the trailing filter. The
 * stream mode then runs them as its consumer (app/stream.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/chisels.h"
#include "lua/chisel.h"

int chisels_load(struct options *o)
{
	/* a capture file is not live: sysdig.is_live() says so, and the
	 * chisels print their totals once, at the end, as under sysdig -r */
	struct chisel_env env = { .is_live = !o->read_file, .json = o->json };
	char **words = o->positional;
	int nwords = o->npositional;
	char *cause = NULL;

	/* the filter text is rebuilt below from the words the chisels leave */
	for (size_t i = 0; i < o->nchisels; i++) {
		int used = 0;
		if (!o->chisel_set && !(o->chisel_set = chisel_set_new(&env)))
			goto oom;
		if (chisel_set_load(o->chisel_set, o->chisels[i], words, nwords, &used, &cause) < 0)
			goto fail;
		words += used;
		nwords -= used;
	}
	free(o->filter);
	o->filter = NULL;
	if (nwords > 0) {
		size_t len = 0;
		for (int i = 0; i < nwords; i++)
			len += strlen(words[i]) + 1;
		if (!(o->filter = malloc(len)))
			goto oom;
		o->filter[0] = '\0';
		for (int i = 0; i < nwords; i++) {
			if (i)
				strcat(o->filter, " ");
			strcat(o->filter, words[i]);
		}
	}
	chisel_set_env_filter(o->chisel_set, o->filter);
	if (chisel_set_init(o->chisel_set, &cause) < 0)
		goto fail;
	return 0;
oom:
	fprintf(stderr, "wtftop: out of memory\n");
	return 2;
fail:
	fprintf(stderr, "wtftop: %s\n", cause ? cause : "loading the chisels failed");
	free(cause);
	return 2;
}

int chisels_list(void)
{
	return chisel_print_list(stdout) < 0 ? 1 : 0;
}

int chisels_info(const char *name)
{
	int r = chisel_print_info(stdout, name);
	if (r == -ENOENT)
		fprintf(stderr, "wtftop: chisel '%s' not found (see wtftop -cl)\n", name);
	return r < 0 ? 1 : 0;
}
