/* ready.c: see ready.h. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/log.h"
#include "util/ready.h"

void ready_notify(void)
{
	static bool told;
	const char *path = getenv("WTFTOP_READY_FILE");
	int fd;

	if (told || !path || !*path)
		return;
	told = true;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		log_warn("could not create the ready file %s", path);
	else
		close(fd);
}
