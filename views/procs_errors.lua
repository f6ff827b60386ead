-- Processes Errors: processes by the errors their system calls returned.
view_info = {
	id = "procs_errors",
	name = "Processes Errors",
	description = "Processes by the number of system calls that failed in the interval: file, network, memory and other errors. Enter shows its threads.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "proc.name", "user.name", "evt.res"},
	filter = "evt.failed=true",
	drilldown_target = "threads",
	use_defaults = true,
	columns = {
		{ name = "PID", field = "proc.pid", description = "process id", colsize = 8, is_key = true },
		{ name = "ERRORS", field = "evt.count.error", description = "errors in the interval", colsize = 8, aggregation = "SUM", is_sorting = true },
		{ name = "FILE", field = "evt.count.error.file", description = "file errors", colsize = 8, aggregation = "SUM" },
		{ name = "NET", field = "evt.count.error.net", description = "network errors", colsize = 8, aggregation = "SUM" },
		{ name = "MEMORY", field = "evt.count.error.memory", description = "memory errors", colsize = 8, aggregation = "SUM" },
		{ name = "OTHER", field = "evt.count.error.other", description = "other errors", colsize = 8, aggregation = "SUM" },
		{ name = "Command", field = "proc.cmdline", colsize = 200 },
	},
}
