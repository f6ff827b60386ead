-- Directories: file I/O grouped by the directory of the file.
view_info = {
	id = "directories",
	name = "Directories",
	description = "Directories of the files open by processes, with the bytes read and written below them in the interval (per second). Enter shows the files.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name"},
	filter = "fd.type=file and fd.name != ''",
	drilldown_target = "files",
	use_defaults = true,
	columns = {
		{ name = "BYTES IN", field = "evt.buflen.in", description = "bytes read per second", colsize = 12, aggregation = "TIME_AVG" },
		{ name = "BYTES OUT", field = "evt.buflen.out", description = "bytes written per second", colsize = 12, aggregation = "TIME_AVG" },
		{ name = "OPS", field = "evt.count.exit", description = "I/O operations per second", colsize = 8, aggregation = "TIME_AVG", is_sorting = true },
		{ name = "Directory", field = "fd.directory", description = "the directory", colsize = 200, is_key = true },
	},
}
