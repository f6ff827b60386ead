-- spy_file.lua (wtftop): the reads and writes on files, with their data.
description = "Lists every read and write on files (terminals excluded) with the time, process, pid, direction (R or W), byte count, file name and data. Give 'R', 'W' or 'RW' to choose the direction, and a file name to follow one file."
short_description = "Echo any read/write made by any process to all files. Optionally, you can provide the name of one file to only intercept reads/writes to that file."
category = "I/O"
args = {
	{ name = "read_or_write", description = "Specify 'R' to capture only read events; 'W' to capture only write events; 'RW' to capture read and write events. By default both read and write events are captured.", argtype = "string", optional = true },
	{ name = "spy_on_file_name", description = "The name of the file which the chisel should spy on for all read and write activity.", argtype = "string", optional = true },
}

local toptable = require "toptable"
local direction, file_name
local f = {}

function on_set_arg(name, val)
	if name == "read_or_write" then
		direction = val:upper()
		return direction == "R" or direction == "W" or direction == "RW"
	elseif name == "spy_on_file_name" then
		file_name = val
		return true
	end
	return false
end

function on_init()
	f.data = chisel.request_field("evt.arg.data")
	f.fdname = chisel.request_field("fd.name")
	f.write = chisel.request_field("evt.is_io_write")
	f.pid = chisel.request_field("proc.pid")
	f.pname = chisel.request_field("proc.name")
	f.res = chisel.request_field("evt.rawarg.res")
	f.time = chisel.request_field("evt.time")
	sysdig.set_snaplen(2000)
	local where
	if file_name and file_name ~= "" then
		where = string.format("fd.name=%q", file_name)
	else
		where = "not fd.name contains /dev/pt and not fd.name contains /dev/tty"
	end
	local io = "evt.is_io=true"
	if direction == "R" then
		io = "evt.is_io_read=true"
	elseif direction == "W" then
		io = "evt.is_io_write=true"
	end
	chisel.set_filter("(" .. where .. ") and " .. io .. " and fd.type=file and evt.dir=< and evt.failed=false")
	return true
end

function on_event()
	local res = evt.field(f.res) or 0
	print(string.format("%s %s(%d) %s %s %s %s", evt.field(f.time) or "", evt.field(f.pname) or "<NA>",
		evt.field(f.pid) or -1, evt.field(f.write) and "W" or "R", toptable.format_bytes(res),
		evt.field(f.fdname) or "<NA>", evt.field(f.data) or ""))
	return true
end
