-- snapshot.lua: the shared engine of the chisels that print the machine's
-- state once (ps, lsof) (wtftop). A chisel calls snapshot.install(keep, show):
-- the module defines the callbacks; at the first event it takes the thread
-- table (narrowed by the chisel's optional filter argument), keeps the
-- threads keep(t) accepts, sorted by tid, and hands them to show(tt, tids).
-- base, if given, is a filter the table is always narrowed by (netstat:
-- the sockets), the argument's filter and-ed with it.
local M = {}

-- s in a column of n characters, as sysdig's chisels make them: cut to
-- n - 1 and a space when longer, so that the columns stay aligned; whole,
-- never cut (the line is pushed right instead), for names that must stay
-- usable, such as a container's image
function M.pad(s, n, whole)
	s = tostring(s)
	if whole and #s >= n then
		return s .. " "
	elseif #s >= n then
		return string.sub(s, 1, n - 1) .. " "
	end
	return s .. string.rep(" ", n - #s)
end

function M.install(keep, show, base)
	local filter = base
	local matched = false

	function on_set_arg(name, val)
		if name ~= "filter" then
			return false
		end
		filter = base and string.format("(%s) and (%s)", base, val) or val
		return true
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
			if not keep or keep(t) then
				tids[#tids + 1] = tid
			end
		end
		table.sort(tids)
		show(tt, tids)
	end
end

return M
