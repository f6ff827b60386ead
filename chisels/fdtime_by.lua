-- fdtime_by.lua (wtftop): time spent in fd I/O grouped by any field.
description = "Groups fd activity by the given field and shows the keys where the most time was spent in I/O calls (the sum of their latencies). For example, fd.name gives the files and connections that took the most time, proc.name the processes."
short_description = "FD time group by"
category = "I/O"
args = {
	{ name = "key", description = "The filter field used for grouping", argtype = "string" },
}

local key
function on_set_arg(name, val)
	if name ~= "key" then
		return false
	end
	key = val
	return true
end

local toptable = require "toptable"
local install = toptable.install
function on_init()
	install {
		keys = { key },
		key_descs = { key },
		value = "evt.latency",
		value_desc = "Time",
		filter = "evt.is_io=true",
		top = 10,
		units = "time",
	}
	-- install defined the real callbacks, on_init among them: run it now
	return on_init()
end
