-- lscontainers.lua (wtftop): the running containers.
description = "Lists the running containers (those a process of the machine runs in) with their type, image, name and id. With the argument 'desc', prints each container's whole metadata instead."
short_description = "List the running containers"
category = "System State"
args = {
	{ name = "desc", description = "Prints the result set as a data structure", argtype = "string", optional = true },
}

local snapshot = require "snapshot"
local pad = snapshot.pad
local desc = false

function on_set_arg(name, val)
	if name == "desc" and val == "desc" then
		desc = true
		return true
	end
	return false
end

-- The runtime's answers (name, image) come off the event path: wait until no
-- container is pending, for at most 3 seconds, looking every 100 ms.
local looks = 0

function on_init()
	chisel.set_interval_ns(100000000)
	return true
end

function on_interval()
	looks = looks + 1
	local pending = false
	for _, c in pairs(sysdig.get_container_table()) do
		if c.name == "pending" or c.image == "pending" then
			pending = true
		end
	end
	if not pending or looks >= 30 then
		sysdig.end_capture()
	end
	return true
end

function on_event()
	return false
end

function on_capture_end()
	local ct = sysdig.get_container_table()
	local ids = {}
	for id in pairs(ct) do
		ids[#ids + 1] = id
	end
	table.sort(ids)
	if desc then
		for _, id in ipairs(ids) do
			local c = ct[id]
			print(string.format("%s:\n  type: %s\n  name: %s\n  image: %s", id, c.type, c.name, c.image))
		end
		return
	end
	print(pad("container.type", 15) .. pad("container.image", 16) .. pad("container.name", 20) .. "container.id")
	print(pad(string.rep("-", 15), 15) .. pad(string.rep("-", 16), 16) .. pad(string.rep("-", 20), 20) .. string.rep("-", 13))
	for _, id in ipairs(ids) do
		local c = ct[id]
		print(pad(c.type, 15) .. pad(c.image, 16, true) .. pad(c.name, 20, true) .. c.id)
	end
end
