-- topprocs_cpu.lua (wtftop): processes by CPU usage.
description = "Shows the processes that use the most CPU: for each process, the share of one CPU it used in the last second (100% is one CPU fully busy). Live, the CPU times come from /proc each second; in a capture file, from its procinfo events. Use a filter to restrict it, e.g. wtftop -c topprocs_cpu proc.name=nginx."
short_description = "Top processes by CPU usage"
category = "CPU Usage"
args = {}

local toptable = require "toptable"
local cpusample = require "cpusample"
toptable.install {
	keys = { "proc.name", "proc.pid" },
	key_descs = { "Process", "PID" },
	value_desc = "CPU%",
	top = 10,
	units = "timepct",
	offline = cpusample.from_procinfo(),
	sample = cpusample.sampler(function(t)
		return t.comm .. "\1" .. string.format("%d", t.pid)
	end),
}
