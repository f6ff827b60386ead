-- topcontainers_cpu.lua (wtftop): containers by CPU usage.
description = "Shows the containers that use the most CPU: for each container, the share of one CPU its processes used in the last second (100% is one CPU fully busy). Live, the CPU times come from /proc each second; in a capture file, from its procinfo events."
short_description = "Top containers by CPU usage"
category = "CPU Usage"
args = {}

local toptable = require "toptable"
local cpusample = require "cpusample"
toptable.install {
	keys = { "container.name" },
	key_descs = { "container.name" },
	value_desc = "CPU%",
	top = 10,
	units = "timepct",
	offline = cpusample.from_procinfo("container.id!=host"),
	sample = cpusample.sampler(function(t)
		if t.container_id == "" or t.container_id == "host" then
			return nil
		end
		return t.container_name ~= "" and t.container_name or t.container_id
	end),
}
