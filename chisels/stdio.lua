-- stdio.lua: the shared engine of stdin, stdout and stderr (wtftop): prints
-- the data read or written on one fd number, as it was.
local M = {}

function M.install(fdnum)
	local fbuf

	function on_init()
		fbuf = chisel.request_field("evt.rawarg.data")
		sysdig.set_snaplen(2000)
		chisel.set_filter("fd.num=" .. fdnum .. " and evt.is_io=true")
		return true
	end

	function on_event()
		local buf = evt.field(fbuf)
		if buf ~= nil then
			print(buf)
		end
		return true
	end
end

return M
