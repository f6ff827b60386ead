-- proc_exec_time.lua (wtftop): processes that ended, with how long they ran.
description = "Lists the processes that have finished running, with their execution time, name and arguments. On a terminal each line is colored by the run time: green under 3 seconds, yellow under 10, red above (blue for processes in containers)."
short_description = "Show process execution time"
category = "Performance"
args = {
	{ name = "disable_color", description = "Set to 'disable_colors' if you want to disable color output", argtype = "string", optional = true },
}

local toptable = require "toptable"
local YELLOW_NS, RED_NS = 3000000000, 10000000000
local GREEN, YELLOW, RED, BLUE, RESET = "\27[32m", "\27[33m", "\27[31m", "\27[34m", "\27[0m"
local color = true
local f = {}

function on_set_arg(name, val)
	color = not (val == "disable_color" or val == "disable_colors")
	return true
end

function on_init()
	f.name = chisel.request_field("proc.name")
	f.args = chisel.request_field("proc.args")
	f.duration = chisel.request_field("proc.duration")
	f.container = chisel.request_field("container.name")
	chisel.set_filter("evt.type=procexit")
	color = color and sysdig.is_tty()
	print(string.format("%-13.13s %-12.12s %s", "proc.duration", "proc.name", "proc.args"))
	print(string.format("%-13.13s %-12.12s %s", string.rep("-", 13), string.rep("-", 12), string.rep("-", 20)))
	return true
end

function on_event()
	local d = evt.field(f.duration)
	if d == nil then
		return true
	end
	local c = ""
	if color then
		c = d > RED_NS and RED or d > YELLOW_NS and YELLOW or evt.field(f.container) ~= "host" and BLUE or GREEN
	end
	print(c .. string.format("%-13.13s %-12.12s %s", toptable.format_time(d), evt.field(f.name) or "<NA>",
		evt.field(f.args) or ""))
	return true
end

function on_capture_end()
	if color then
		io.write(RESET)
	end
end
