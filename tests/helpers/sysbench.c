/* sysbench.c: a syscall loop for the benchmarks. Prints the ns per iteration.
 *   sysbench getppid N          N getppid calls
 *   sysbench openread N PATH    N open/read/close rounds of PATH
 *   sysbench flood N THREADS    N getppid calls split over THREADS threads
 *   sysbench rate N SECONDS     N getppid calls a second for SECONDS, in
 *                               batches each millisecond (a steady load) */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long iters;

static void *flood(void *arg)
{
	for (long i = 0; i < iters; i++)
		syscall(SYS_getppid);
	return arg;
}

int main(int argc, char **argv)
{
	double t0, t1;
	long n;

	if (argc < 3)
		return 2;
	n = atol(argv[2]);
	if (!strcmp(argv[1], "getppid")) {
		t0 = now_ns();
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		t1 = now_ns();
	} else if (!strcmp(argv[1], "openread") && argc > 3) {
		char buf[128];
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			int fd = open(argv[3], O_RDONLY);
			if (read(fd, buf, sizeof(buf)) < 0)
				return 1;
			close(fd);
		}
		t1 = now_ns();
	} else if (!strcmp(argv[1], "flood") && argc > 3) {
		int nt = atoi(argv[3]);
		pthread_t th[64];
		iters = n / nt;
		t0 = now_ns();
		for (int i = 0; i < nt && i < 64; i++)
			pthread_create(&th[i], NULL, flood, NULL);
		for (int i = 0; i < nt && i < 64; i++)
			pthread_join(th[i], NULL);
		t1 = now_ns();
	} else if (!strcmp(argv[1], "rate") && argc > 3) {
		double secs = atof(argv[3]), per_ms = n / 1000.0, due = 0;
		long done = 0;
		t0 = now_ns();
		for (;;) {
			double el = now_ns() - t0;
			if (el >= secs * 1e9)
				break;
			for (due = el / 1e6 * per_ms; done < (long)due; done++)
				syscall(SYS_getppid);
			usleep(1000);
		}
		t1 = now_ns();
		n = done > 0 ? done : 1;
	} else {
		return 2;
	}
	printf("%.1f\n", (t1 - t0) / n);
	return 0;
}
