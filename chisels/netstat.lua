-- netstat.lua (wtftop): the network connections, like netstat.
description = "Prints the network connections of the system, with an output similar to netstat: protocol, server and client address, state and TID/PID/program. The table is taken at the first event; a filter argument (e.g. 'proc.name=nginx and fd.port=80') keeps the connections it matches."
short_description = "List (and optionally filter) network connections."
category = "System State"
args = {
	{ name = "filter", description = "A filter expression that restricts the connection list, e.g. 'proc.name=foo and fd.port=80'.", argtype = "filter", optional = true },
}

local snapshot = require "snapshot"
local pad = snapshot.pad

-- sockets belong to the process: its main thread says them once
snapshot.install(function(t) return t.tid == t.pid end, function(tt, tids)
	print(pad("Proto", 6) .. pad("Server Address", 25) .. pad("Client Address", 25) .. pad("State", 15) ..
		"TID/PID/Program Name")
	for _, tid in ipairs(tids) do
		local t = tt[tid]
		local fds = {}
		for fd, info in pairs(t.fdtable) do
			if info.sip then
				fds[#fds + 1] = fd
			end
		end
		table.sort(fds)
		for _, fd in ipairs(fds) do
			local info = t.fdtable[fd]
			local client, state = info.cip .. ":" .. string.format("%d", info.cport), "ESTABLISHED"
			if info.cport == 0 then -- no client end: a listening (or unconnected) socket
				client, state = "0.0.0.0:*", "LISTEN"
			end
			print(pad(info.l4proto, 6) .. pad(info.sip .. ":" .. string.format("%d", info.sport), 25, true) ..
				pad(client, 25, true) ..
				pad(state, 15) .. string.format("%d/%d/%s", tid, t.pid, t.comm))
		end
	end
end, "(fd.type=ipv4 or fd.type=ipv6)")
