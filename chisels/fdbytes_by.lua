-- fdbytes_by.lua (wtftop): I/O bytes grouped by any field.
description = "Groups fd activity by the given field and shows the keys that moved the most input+output bytes. For example, fd.name gives the files and connections with the most I/O, proc.name the processes."
short_description = "I/O bytes, aggregated by an arbitrary filter field"
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
		value = "evt.rawarg.res",
		value_desc = "Bytes",
		filter = "evt.is_io=true and evt.failed=false",
		top = 30,
		units = "bytes",
	}
	-- install defined the real callbacks, on_init among them: run it now
	return on_init()
end
