-- topscalls_time.lua (wtftop): system calls by time spent in them.
description = "Show the top 30 system calls in terms of time spent in each call: the sum of their latencies. Use a filter to restrict it to a process, a thread or a file, e.g. wtftop -c topscalls_time proc.name=nginx."
short_description = "Top system calls by time"
category = "Performance"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "evt.type" },
	key_descs = { "Syscall" },
	value = "evt.latency",
	value_desc = "Time",
	filter = "evt.type!=switch",
	top = 30,
	units = "time",
}
