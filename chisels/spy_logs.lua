-- spy_logs.lua (wtftop): what processes write to log files.
FILE_FILTER = "(fd.name contains .log or fd.name contains _log or fd.name contains /var/log) and not (fd.name contains .gz or fd.name contains .tgz)"
description = "Intercepts all the writes to files with '.log' or '_log' in their name or under /var/log, and prints each line written, after the process and the file. On a terminal, lines with 'warn' are yellow and lines with 'err' red. Optionally (capture files only), saves the events around each log write to a file."
short_description = "Echo any write made by any process to a log file. Optionally, export the events around each log message to file."
category = "Logs"
args = {
	{ name = "dump_file_name", description = "The name of the file where the chisel writes the events around each log entry (capture files only).", argtype = "string", optional = true },
	{ name = "dump_range_ms", description = "The time interval to capture *before* and *after* each event, in milliseconds (default 1000).", argtype = "int", optional = true },
	{ name = "disable_color", description = "Set to 'disable_colors' if you want to disable color output", argtype = "string", optional = true },
}

local dumparound = require "dumparound"
local GREEN, YELLOW, RED, RESET = "\27[32m", "\27[33m", "\27[31m", "\27[0m"
local out_file
local range_ms = 1000
local color = true
local f = {}
local dump

function on_set_arg(name, val)
	if name == "dump_file_name" then
		out_file = val
	elseif name == "dump_range_ms" then
		range_ms = math.tointeger(tonumber(val))
		return range_ms ~= nil and range_ms >= 0
	elseif name == "disable_color" then
		color = not (val == "disable_color" or val == "disable_colors")
	else
		return false
	end
	return true
end

function on_init()
	f.buf = chisel.request_field("evt.buffer")
	f.tid = chisel.request_field("thread.tid")
	f.pname = chisel.request_field("proc.name")
	f.fdname = chisel.request_field("fd.name")
	sysdig.set_snaplen(2000)
	chisel.set_filter("(" .. FILE_FILTER .. ") and evt.is_io_write=true and evt.dir=< and evt.failed=false")
	color = color and sysdig.is_tty()
	if out_file then
		dump = dumparound.new(range_ms)
	end
	return true
end

function on_capture_start()
	if dump and sysdig.is_live() then
		print("events export not supported on live captures")
		return false
	end
	return true
end

function on_event()
	local buf = evt.field(f.buf)
	if buf == nil then
		return true
	end
	local info = (evt.field(f.pname) or "<NA>") .. " " .. (evt.field(f.fdname) or "<NA>") .. " "
	for msg in buf:gmatch("[^\n]+") do
		if color then
			local l = msg:lower()
			local c = l:find("warn", 1, true) and YELLOW or l:find("err", 1, true) and RED or GREEN
			print(c .. info .. msg)
		else
			print(info .. msg)
		end
	end
	if dump then
		dump.add(evt.get_ts(), evt.field(f.tid))
	end
	return true
end

function on_capture_end()
	if color then
		io.write(RESET)
	end
	if dump then
		print(string.format("Writing events for %d log entries", #dump.entries))
		dump.write(out_file)
	end
end
