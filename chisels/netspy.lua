-- netspy.lua: the shared engine of spy_ip and spy_port (wtftop): the data
-- of the network I/O matching a filter, under a "------ Read 12B" or
-- "------ Write 12B" line each time the direction changes.
local M = {}

local RED, BLUE, RESET = "\27[31m", "\27[34m", "\27[0m"

-- filter_of(value) gives the chisel filter for the first argument's value.
function M.install(argname, filter_of, check)
	local filter
	local color = true
	local f = {}
	local direction -- "r" or "w": of the last block printed

	function on_set_arg(name, val)
		if name == argname then
			if check and not check(val) then
				return false
			end
			filter = filter_of(val)
		elseif name == "disable_color" then
			color = not (val == "disable_color" or val == "disable_colors")
		else
			return false
		end
		return true
	end

	function on_init()
		f.data = chisel.request_field("evt.arg.data")
		f.isread = chisel.request_field("evt.is_io_read")
		f.res = chisel.request_field("evt.rawarg.res")
		sysdig.set_snaplen(1000)
		chisel.set_filter("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6) and " .. filter)
		color = color and sysdig.is_tty()
		return true
	end

	function on_event()
		local res, data = evt.field(f.res), evt.field(f.data)
		if res == nil or res <= 0 or data == nil then
			return true
		end
		local d = evt.field(f.isread) and "r" or "w"
		if d ~= direction then
			print(string.format("%s------ %s %s", color and (d == "r" and RED or BLUE) or "",
				d == "r" and "Read" or "Write", require("toptable").format_bytes(res)))
			direction = d
		end
		print(data)
		return true
	end

	function on_capture_end()
		if color then
			io.write(RESET)
		end
	end
end

M.color_arg = { name = "disable_color", description = "Set to 'disable_colors' if you want to disable color output", argtype = "string", optional = true }

return M
