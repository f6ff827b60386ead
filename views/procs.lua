-- Processes: the root view. One row per process, from the state tables (so
-- idle processes show too) and the events of the interval.
view_info = {
	id = "procs",
	name = "Processes",
	description = "Every process of the machine: CPU, memory, threads, and the bytes it read and wrote to files and the network in the interval (per second). Enter shows its threads.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name"},
	is_root = true,
	drilldown_target = "threads",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "thread.tid", is_key = true },
		{ name = "PID", field = "proc.pid", description = "process id", colsize = 8, is_groupby_key = true },
		{ name = "PPID", field = "proc.ppid", description = "parent process id", colsize = 8 },
		{ name = "CPU", field = "thread.cpu", description = "percent of one CPU the process used", colsize = 8, aggregation = "AVG", groupby_aggregation = "SUM", is_sorting = true },
		{ name = "USER", field = "user.name", description = "user the process runs as", colsize = 12 },
		{ name = "TH", field = "proc.nthreads", description = "threads of the process", colsize = 5, aggregation = "MAX", groupby_aggregation = "MAX" },
		{ name = "VIRT", field = "thread.vmsize.b", description = "virtual memory in bytes", colsize = 10, aggregation = "MAX", groupby_aggregation = "MAX" },
		{ name = "RES", field = "thread.vmrss.b", description = "resident memory in bytes", colsize = 10, aggregation = "MAX", groupby_aggregation = "MAX" },
		{ name = "FILE", field = "evt.buflen.file", description = "bytes of file I/O per second", colsize = 10, aggregation = "TIME_AVG", groupby_aggregation = "SUM" },
		{ name = "NET", field = "evt.buflen.net", description = "bytes of network I/O per second", colsize = 10, aggregation = "TIME_AVG", groupby_aggregation = "SUM" },
		{ name = "CONTAINER", field = "container.name", description = "container the process runs in", colsize = 14 },
		{ name = "Command", field = "proc.cmdline", description = "command line", colsize = 200 },
	},
	actions = {
		{ hotkey = "9", command = "kill -9 %proc.pid", description = "kill -9", ask_confirmation = true },
		{ hotkey = "k", command = "kill %proc.pid", description = "kill", ask_confirmation = true },
		{ hotkey = "l", command = "ls -l /proc/%proc.pid/fd", description = "list its fds" },
		{ hotkey = "+", command = "renice +1 -p %proc.pid", description = "renice +1" },
		{ hotkey = "-", command = "renice -1 -p %proc.pid", description = "renice -1" },
	},
}
