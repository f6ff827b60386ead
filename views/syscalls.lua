-- System Calls: which system calls the machine makes, how often and how slowly.
view_info = {
	id = "syscalls",
	name = "System Calls",
	description = "System calls by type: calls per second, errors and the time they took in the interval. Enter shows the processes making one.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "fd.name", "user.name"},
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "CALLS/S", field = "evt.count.exit", description = "calls per second", colsize = 10, aggregation = "TIME_AVG", is_sorting = true },
		{ name = "ERRORS", field = "evt.count.error", description = "calls that failed in the interval", colsize = 8, aggregation = "SUM" },
		{ name = "TIME", field = "evt.latency", description = "nanoseconds spent in the call, in total", colsize = 14, aggregation = "SUM" },
		{ name = "AVG TIME", field = "evt.latency", description = "average nanoseconds per call", colsize = 12, aggregation = "AVG" },
		{ name = "System Call", field = "evt.type", description = "the call", colsize = 200, is_key = true },
	},
}
