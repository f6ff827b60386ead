-- Processes FD usage: processes by their open fds and limit.
view_info = {
	id = "procs_fd",
	name = "Processes FD usage",
	description = "Processes by the number of fds they have open, against their limit. Enter shows the files they use.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "proc.name", "user.name"},
	drilldown_target = "files",
	use_defaults = true,
	columns = {
		{ name = "PID", field = "proc.pid", colsize = 8, is_key = true },
		{ name = "OPEN FDS", field = "proc.fdopencount", description = "fds open", colsize = 10, is_sorting = true },
		{ name = "MAX FDS", field = "proc.fdlimit", description = "the fd limit", colsize = 10 },
		{ name = "USAGE%", field = "proc.fdusage", description = "open fds as a percentage of the limit", colsize = 8 },
		{ name = "USER", field = "user.name", colsize = 12 },
		{ name = "Command", field = "proc.cmdline", colsize = 200 },
	},
}
