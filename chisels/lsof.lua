-- lsof.lua (wtftop): the open fds of every process, like lsof.
description = "Prints the open file descriptors of every process, with an output similar to lsof: command, pid, tid, user, fd, type and name. The table is taken at the first event; a filter argument (e.g. 'fd.name contains /etc') keeps the fds it matches."
short_description = "List (and optionally filter) the open file descriptors."
category = "System State"
args = {
	{ name = "filter", description = "A filter expression that restricts the fd list, e.g. 'fd.name contains /etc'.", argtype = "filter", optional = true },
}

local snapshot = require "snapshot"
local pad = snapshot.pad

-- fds belong to the process: its main thread says them once
snapshot.install(function(t) return t.tid == t.pid end, function(tt, tids)
	print(pad("COMMAND", 20) .. pad("PID", 8) .. pad("TID", 8) .. pad("USER", 8) .. pad("FD", 8) .. pad("TYPE", 12) .. "NAME")
	for _, tid in ipairs(tids) do
		local t = tt[tid]
		local fds = {}
		for fd in pairs(t.fdtable) do
			fds[#fds + 1] = fd
		end
		table.sort(fds)
		for _, fd in ipairs(fds) do
			local info = t.fdtable[fd]
			print(pad(t.comm, 20) .. pad(string.format("%d", t.pid), 8) .. pad(string.format("%d", tid), 8) ..
				pad(t.username, 8) .. pad(string.format("%d", fd), 8) .. pad(info.type, 12) .. info.name)
		end
	end
end)
