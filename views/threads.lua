-- Threads: one row per thread, idle ones included.
view_info = {
	id = "threads",
	name = "Threads",
	description = "Every thread: CPU, and the bytes it read and wrote to files and the network in the interval (per second). Enter shows the files its process uses.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "proc.name", "user.name"},
	drilldown_target = "files",
	use_defaults = true,
	columns = {
		{ name = "TID", field = "thread.tid", description = "thread id", colsize = 8, is_key = true },
		{ name = "PID", field = "proc.pid", description = "process id", colsize = 8 },
		{ name = "CPU", field = "thread.cpu", description = "percent of one CPU the thread used", colsize = 8, is_sorting = true },
		{ name = "USER", field = "user.name", colsize = 12 },
		{ name = "FILE", field = "evt.buflen.file", description = "bytes of file I/O per second", colsize = 10, aggregation = "TIME_AVG" },
		{ name = "NET", field = "evt.buflen.net", description = "bytes of network I/O per second", colsize = 10, aggregation = "TIME_AVG" },
		{ name = "SYSCALLS", field = "evt.count.exit", description = "system calls per second", colsize = 10, aggregation = "TIME_AVG" },
		{ name = "CONTAINER", field = "container.name", colsize = 14 },
		{ name = "Command", field = "proc.cmdline", colsize = 200 },
	},
	actions = {
		{ hotkey = "9", command = "kill -9 %thread.tid", description = "kill -9 the thread's process", ask_confirmation = true },
	},
}
