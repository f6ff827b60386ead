-- File Opens: every file open, as it happens.
view_info = {
	id = "file_opens",
	name = "File Opens",
	description = "Every successful file open, as a list: time, process, and the file.",
	tags = {"Default"},
	view_type = "list",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "fd.name", "fd.directory", "user.name"},
	filter = "evt.is_open_read=true or evt.is_open_write=true",
	use_defaults = true,
	columns = {
		{ name = "TIME", field = "evt.time", description = "when", colsize = 19 },
		{ name = "PID", field = "proc.pid", colsize = 8, is_key = true },
		{ name = "Process", field = "proc.name", colsize = 16 },
		{ name = "RES", field = "evt.res", description = "result", colsize = 8 },
		{ name = "FILE", field = "fd.name", description = "the file", colsize = 200 },
	},
}
