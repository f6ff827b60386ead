/* ref_probe.c: loads and attaches one pair of ref_probe.bpf.c's reference
 * programs until SIGINT or SIGTERM, for bench_pipeline.py.
 *
 *   ref_probe OBJECT empty|rec|min
 *
 * With "rec" and "min" it reads the records back every millisecond (no
 * wakeups), as a consumer must, and says at exit how many it read. Prints "attached" on
 * stderr once the programs are in place. */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop;
static unsigned long long n_records;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_record(void *ctx, void *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	n_records++;
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct ring_buffer *rb = NULL;
	char prefix[8]; /* of the pair's program names: "<kind>_" */
	bool records;

	if (argc != 3 || (strcmp(argv[2], "empty") && strcmp(argv[2], "rec") && strcmp(argv[2], "min"))) {
		fprintf(stderr, "usage: ref_probe OBJECT empty|rec|min\n");
		return 2;
	}
	snprintf(prefix, sizeof(prefix), "%s_", argv[2]);
	records = strcmp(argv[2], "empty") != 0;
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "ref_probe: cannot open %s\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strncmp(bpf_program__name(prog), prefix, strlen(prefix)));
	if (bpf_object__load(obj)) {
		fprintf(stderr, "ref_probe: cannot load %s\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		if (bpf_program__autoload(prog) && !bpf_program__attach(prog)) {
			fprintf(stderr, "ref_probe: cannot attach %s\n", bpf_program__name(prog));
			return 1;
		}
	}
	if (records) {
		rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "records")), on_record, NULL, NULL);
		if (!rb) {
			fprintf(stderr, "ref_probe: no ring buffer\n");
			return 1;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "attached\n");
	while (!stop) {
		struct timespec ms = { 0, 1000000 };
		if (rb)
			ring_buffer__consume(rb);
		nanosleep(&ms, NULL);
	}
	if (rb) {
		ring_buffer__consume(rb);
		fprintf(stderr, "records %llu\n", n_records);
		ring_buffer__free(rb);
	}
	bpf_object__close(obj);
	return 0;
}
