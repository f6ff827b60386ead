-- I/O by Type: what kinds of fds the machine's I/O goes to.
view_info = {
	id = "io_by_type",
	name = "I/O by Type",
	description = "I/O by the type of fd (file, directory, ipv4, ipv6, unix, pipe, event, signalfd, inotify...): bytes read and written in the interval (per second), calls and the time spent in them. Enter shows the processes.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name", "fd.sport", "evt.res"},
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "BYTES IN", field = "evt.buflen.in", description = "bytes read per second", colsize = 12, aggregation = "TIME_AVG" },
		{ name = "BYTES OUT", field = "evt.buflen.out", description = "bytes written per second", colsize = 12, aggregation = "TIME_AVG" },
		{ name = "OPS", field = "evt.count.exit", description = "calls on fds of the type per second, opens, closes and stats included", colsize = 9, aggregation = "TIME_AVG", is_sorting = true },
		{ name = "TIME", field = "evt.latency", description = "nanoseconds spent in those calls in the interval, waits included", colsize = 14, aggregation = "SUM" },
		{ name = "I/O Type", field = "fd.type", description = "the type of fd", colsize = 200, is_key = true },
	},
}
