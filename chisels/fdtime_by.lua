-- fdtime_by.lua (wtftop): time spent in fd I/O grouped by any field.
description = "Groups fd activity by the given field and shows the keys where the most time was spent in I/O calls (the sum of their latencies). For example, fd.name gives the files and connections that took the most time, proc.name the processes."
short_description = "FD time group by"
category = "I/O"
args = {
	{ name = "key", description = "The filter field used for grouping", argtype = "string" },
}

require("toptable").install_by_key {
	value = "evt.latency",
	value_desc = "Time",
	filter = "evt.is_io=true",
	top = 10,
	units = "time",
}
