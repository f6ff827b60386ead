-- Processes CPU: processes by CPU, with their threads and context.
view_info = {
	id = "procs_cpu",
	name = "Processes CPU",
	description = "Processes by the CPU they used in the interval. Enter shows its threads.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "proc.name", "user.name"},
	drilldown_target = "threads",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "thread.tid", is_key = true },
		{ name = "PID", field = "proc.pid", colsize = 8, is_groupby_key = true },
		{ name = "CPU", field = "thread.cpu", description = "percent of one CPU", colsize = 8, groupby_aggregation = "SUM", is_sorting = true },
		{ name = "TH", field = "proc.nthreads", description = "threads", colsize = 5, groupby_aggregation = "MAX" },
		{ name = "USER", field = "user.name", colsize = 12 },
		{ name = "CONTAINER", field = "container.name", colsize = 14 },
		{ name = "Command", field = "proc.cmdline", colsize = 200 },
	},
}
