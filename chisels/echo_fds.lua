-- echo_fds.lua (wtftop): the data read and written on any fd.
description = "Prints the data read and written on any fd, each block under a line saying the direction, byte count, fd name and process. Combine it with a filter to restrict what it shows, e.g. wtftop -c echo_fds proc.name=curl."
short_description = "Print the data read and written by processes."
category = "I/O"
args = {
	{ name = "disable_color", description = "Set to 'disable_colors' if you want to disable color output", argtype = "string", optional = true },
}

local toptable = require "toptable"
local color = true
local f = {}
local RED, BLUE, RESET = "\27[31m", "\27[34m", "\27[0m"

function on_set_arg(name, val)
	if name == "disable_color" and (val == "disable_color" or val == "disable_colors") then
		color = false
	end
	return true
end

function on_init()
	f.isread = chisel.request_field("evt.is_io_read")
	f.res = chisel.request_field("evt.rawarg.res")
	f.name = chisel.request_field("fd.name")
	f.pname = chisel.request_field("proc.name")
	color = color and sysdig.is_tty()
	sysdig.set_snaplen(2000)
	chisel.set_filter("evt.is_io=true and evt.dir=< and evt.rawres>0")
	chisel.set_event_formatter("%evt.arg.data")
	return true
end

function on_event()
	local res = evt.field(f.res)
	if res == nil or res <= 0 then
		return false
	end
	local name, pname = evt.field(f.name) or "<NA>", evt.field(f.pname) or "<NA>"
	if evt.field(f.isread) then
		print(string.format("%s------ Read %s from  %s (%s)", color and RED or "", toptable.format_bytes(res), name, pname))
	else
		print(string.format("%s------ Write %s to  %s (%s)", color and BLUE or "", toptable.format_bytes(res), name, pname))
	end
	return true -- the formatter prints the data
end

function on_capture_end()
	if color then
		io.write(RESET)
	end
end
