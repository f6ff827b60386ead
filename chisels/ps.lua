-- ps.lua (wtftop): the processes, like ps, from wtftop's thread table.
description = "Lists the running processes (threads), with an output similar to ps: tid, pid, user, virtual and resident memory, open files limit, and command. The table is taken at the first event; a filter argument keeps the threads it matches."
short_description = "List (and optionally filter) the machine processes."
category = "System State"
args = {
	{ name = "filter", description = "A filter expression that restricts the list, e.g. 'proc.name contains ssh'.", argtype = "filter", optional = true },
}

local toptable = require "toptable"
local snapshot = require "snapshot"
local pad = snapshot.pad

snapshot.install(nil, function(tt, tids)
	print(pad("TID", 8) .. pad("PID", 8) .. pad("USER", 12) .. pad("VIRT", 11) .. pad("RES", 11) .. pad("FDLIMIT", 10) .. "CMD")
	for _, tid in ipairs(tids) do
		local t = tt[tid]
		print(pad(string.format("%d", tid), 8) .. pad(string.format("%d", t.pid), 8) .. pad(t.username, 12) ..
			pad(toptable.format_bytes(t.vmsize_kb * 1024), 11) .. pad(toptable.format_bytes(t.vmrss_kb * 1024), 11) ..
			pad(string.format("%d", t.fdlimit), 10) .. t.comm)
	end
end)
