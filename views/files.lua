-- Files: the files processes have open, and the I/O on them in the interval.
view_info = {
	id = "files",
	name = "Files",
	description = "Files open by processes, with the bytes read and written in the interval (per second). Enter shows the processes using a file.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "fd.directory", "user.name"},
	filter = "fd.type=file and fd.name != ''",
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "BYTES IN", field = "evt.buflen.in", description = "bytes read per second", colsize = 12, aggregation = "TIME_AVG" },
		{ name = "BYTES OUT", field = "evt.buflen.out", description = "bytes written per second", colsize = 12, aggregation = "TIME_AVG" },
		{ name = "OPS", field = "evt.count.exit", description = "I/O operations per second", colsize = 8, aggregation = "TIME_AVG", is_sorting = true },
		{ name = "FILENAME", field = "fd.name", description = "the file's path", colsize = 200, is_key = true },
	},
}
