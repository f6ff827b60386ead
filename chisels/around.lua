-- around.lua (wtftop): export the events around the matches of a filter.
description = "Given a filter on the command line, saves to a file the events that are in a time range around the filter's matches and on the same thread, and prints each match (time, process and thread). Works on capture files (-r) only."
short_description = "Export to file the events around the time range where the given filter matches."
category = "Misc"
args = {
	{ name = "dump_file_name", description = "The name of the file where the chisel writes the events around each match.", argtype = "string" },
	{ name = "dump_range_ms", description = "The time interval to capture *before* and *after* each event, in milliseconds (default 1000).", argtype = "int", optional = true },
}

local dumparound = require "dumparound"
local out_file
local range_ms = 1000
local f = {}
local dump

function on_set_arg(name, val)
	if name == "dump_file_name" then
		out_file = val
	elseif name == "dump_range_ms" then
		range_ms = math.tointeger(tonumber(val))
		return range_ms ~= nil and range_ms >= 0
	else
		return false
	end
	return true
end

function on_init()
	f.pname = chisel.request_field("proc.name")
	f.tid = chisel.request_field("thread.tid")
	f.time = chisel.request_field("evt.time")
	if sysdig.get_filter() == "" then
		print("no filter specified")
		return false
	end
	dump = dumparound.new(range_ms)
	return true
end

function on_capture_start()
	if sysdig.is_live() then
		print("live capture not supported")
		return false
	end
	return true
end

function on_event()
	local tid = evt.field(f.tid)
	print(string.format("%s %s(%d)", evt.field(f.time), evt.field(f.pname) or "<NA>", tid))
	dump.add(evt.get_ts(), tid)
	return true
end

function on_capture_end()
	print(string.format("\nSaving events around %d matches to %s", #dump.entries, out_file))
	dump.write(out_file)
end
