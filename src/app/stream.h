/* stream.h: the event stream mode: filter, format, write. */
#ifndef WTF_STREAM_H
#define WTF_STREAM_H

#include "app/options.h"

/* Runs the stream until a limit or a signal; returns the process exit code. */
int stream_main(const struct options *o);

#endif
