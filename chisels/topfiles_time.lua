-- topfiles_time.lua (wtftop): files by time spent in I/O on them.
description = "Shows the files where processes spent the most time reading and writing: the sum of the latencies of the I/O calls on each file. Live, the table is refreshed every second."
short_description = "Top files by time"
category = "I/O"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "fd.name" },
	key_descs = { "Filename" },
	value = "evt.latency",
	value_desc = "Time",
	filter = "fd.type=file and evt.is_io=true",
	top = 10,
	units = "time",
}
