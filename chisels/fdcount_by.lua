-- fdcount_by.lua (wtftop): distinct fds used, grouped by any field.
description = "Groups the fds that events act on by the given field and prints, at the end, the number of distinct fds (number and name) for each key. For example, proc.name gives the processes with the most open files and connections."
short_description = "FD count, aggregated by an arbitrary filter field"
category = "I/O"
args = {
	{ name = "key", description = "The filter field used for grouping", argtype = "string" },
}

local toptable = require "toptable"
local key = toptable.key_arg()
local fkey, ffdnum, ffdname
local groups = {}

function on_init()
	fkey = chisel.request_field(key())
	ffdnum = chisel.request_field("fd.num")
	ffdname = chisel.request_field("fd.name")
	return true
end

function on_event()
	local k, num, name = evt.field(fkey), evt.field(ffdnum), evt.field(ffdname)
	if k == nil or num == nil or num <= 0 or name == nil or name == "" then
		return true
	end
	local g = groups[k]
	if not g then
		g = { seen = {}, n = 0 }
		groups[k] = g
	end
	local id = num .. "\1" .. name
	if not g.seen[id] then
		g.seen[id] = true
		g.n = g.n + 1
	end
	return true
end

function on_capture_end()
	for _, row in ipairs(toptable.sorted(groups, 0, function(g) return g.n end)) do
		print(row[1], row[2].n)
	end
	return true
end
