-- iototals.lua: the shared engine of iobytes, iobytes_file and iobytes_net
-- (wtftop): sums the bytes that the I/O calls matching a filter read and
-- wrote, and prints "TIME in:N out:N tot:N" each second (and, at the end,
-- the rest of the last second).
local M = {}

function M.install(filter)
	local fbytes, fisread
	local totin, totout = 0, 0

	local function report(ts_s)
		print(string.format("%s in:%d out:%d tot:%d", os.date("%H:%M:%S", ts_s), totin, totout, totin + totout))
		totin, totout = 0, 0
	end

	function on_init()
		fbytes = chisel.request_field("evt.rawarg.res")
		fisread = chisel.request_field("evt.is_io_read")
		chisel.set_filter(filter)
		chisel.set_interval_s(1)
		return true
	end

	function on_event()
		local bytes = evt.field(fbytes)
		if bytes ~= nil and bytes > 0 then
			if evt.field(fisread) then
				totin = totin + bytes
			else
				totout = totout + bytes
			end
		end
		return true
	end

	function on_interval(ts_s)
		report(ts_s)
		return true
	end

	function on_capture_end(ts_s)
		if totin + totout > 0 then
			report(ts_s)
		end
		return true
	end
end

return M
