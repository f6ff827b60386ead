-- topscalls.lua (wtftop): system calls by number of calls.
description = "Show the top 30 system calls in terms of number of calls. Use a filter to restrict it to a process, a user or a container, e.g. wtftop -c topscalls proc.name=nginx."
short_description = "Top system calls by number of calls"
category = "Performance"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "evt.type" },
	key_descs = { "Syscall" },
	value = nil, -- each event counts once
	value_desc = "# Calls",
	filter = "evt.type!=switch",
	top = 30,
	units = "none",
}
