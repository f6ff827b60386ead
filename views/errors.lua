-- Errors: the errors system calls returned in the interval.
view_info = {
	id = "errors",
	name = "Errors",
	description = "Errors returned by system calls in the interval, by error code, with how many. Enter shows the processes that got one.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "fd.name", "user.name"},
	filter = "evt.failed=true",
	drilldown_target = "procs_errors",
	use_defaults = true,
	columns = {
		{ name = "COUNT", field = "evt.count", description = "errors in the interval", colsize = 10, aggregation = "SUM", is_sorting = true },
		{ name = "ERROR", field = "evt.res", description = "the error code", colsize = 200, is_key = true },
	},
}
