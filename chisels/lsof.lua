-- lsof.lua (wtftop): the open fds of every process, like lsof.
description = "Prints the open file descriptors of every process, with an output similar to lsof: command, pid, tid, user, fd, type and name. The table is taken at the first event; a filter argument (e.g. 'fd.name contains /etc') keeps the fds it matches."
short_description = "List (and optionally filter) the open file descriptors."
category = "System State"
args = {
	{ name = "filter", description = "A filter expression that restricts the fd list, e.g. 'fd.name contains /etc'.", argtype = "filter", optional = true },
}

local filter
local matched = false

function on_set_arg(name, val)
	if name ~= "filter" then
		return false
	end
	filter = val
	return true
end

local function pad(s, n)
	s = tostring(s)
	return s .. string.rep(" ", math.max(1, n - #s))
end

function on_event()
	matched = true
	sysdig.end_capture()
	return false
end

function on_capture_end()
	if not matched then
		print("empty capture or no event matching the filter")
		return
	end
	local tt = sysdig.get_thread_table(filter)
	local tids = {}
	for tid, t in pairs(tt) do
		if t.tid == t.pid then -- fds belong to the process: its main thread says them once
			tids[#tids + 1] = tid
		end
	end
	table.sort(tids)
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
end
