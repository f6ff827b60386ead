-- Slow File I/O: file reads and writes that took more than a millisecond.
view_info = {
	id = "slow_file_io",
	name = "Slow File I/O",
	description = "File reads and writes that took more than 1 ms, as a list: time, latency, process, the file and the bytes.",
	tags = {"Default"},
	view_type = "list",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name", "fd.name", "fd.directory"},
	filter = "evt.is_io=true and fd.type=file and not fd.name startswith /dev/ and evt.latency > 1000000",
	use_defaults = true,
	columns = {
		{ name = "TIME", field = "evt.time", description = "when the call returned", colsize = 19 },
		{ name = "LATENCY", field = "evt.latency", description = "nanoseconds the call took", colsize = 12 },
		{ name = "CALL", field = "evt.type", description = "the system call", colsize = 8 },
		{ name = "BYTES", field = "evt.buflen", description = "bytes read or written", colsize = 11 },
		{ name = "PID", field = "proc.pid", colsize = 8, is_key = true },
		{ name = "Process", field = "proc.name", colsize = 16 },
		{ name = "FILE", field = "fd.name", description = "the file", colsize = 200 },
	},
}
