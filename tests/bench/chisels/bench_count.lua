-- bench_count.lua: the chisel of bench_chisel.py: requests three fields and
-- counts the events by one of them; prints the counts at the end.
description = "Benchmark chisel: counts events by evt.type (requests evt.type, proc.name and thread.tid)."
short_description = "Benchmark: count events by type"
category = "misc"
hidden = true
args = {}

local ftype, fname, ftid
local counts = {}

function on_init()
	ftype = chisel.request_field("evt.type")
	fname = chisel.request_field("proc.name")
	ftid = chisel.request_field("thread.tid")
	return true
end

function on_event()
	local t = evt.field(ftype)
	local _, _ = evt.field(fname), evt.field(ftid)
	counts[t] = (counts[t] or 0) + 1
	return true
end

function on_capture_end()
	for t, n in pairs(counts) do
		print(string.format("count %s %d", t, n))
	end
end
