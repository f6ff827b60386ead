-- slower.lua: the shared engine of fileslower, netlower and scallslower
-- (wtftop): prints the calls matching a filter whose latency is above
-- min_ms milliseconds, one line each under a header. spec: filter,
-- with_fd (file and network I/O: the fd name column), skip_dev (leave out
-- /dev files).
local M = {}

local GREEN, BLUE, RESET = "\27[32m", "\27[34m", "\27[0m"

function M.install(spec)
	local min_ns, color = 0, true
	local f = {}

	function on_set_arg(name, val)
		if name == "min_ms" then
			local ms = math.tointeger(tonumber(val))
			if not ms or ms < 0 then
				return false
			end
			min_ns = ms * 1000000
		elseif name == "disable_color" then
			color = not (val == "disable_color" or val == "disable_colors")
		else
			return false
		end
		return true
	end

	function on_init()
		f.type = chisel.request_field("evt.type")
		f.datetime = chisel.request_field("evt.datetime")
		f.pname = chisel.request_field("proc.name")
		f.latency = chisel.request_field("evt.latency")
		f.container = chisel.request_field("container.name")
		if spec.with_fd then
			f.fdname = chisel.request_field("fd.name")
		end
		if spec.filter ~= "" then
			chisel.set_filter(spec.filter)
		end
		color = color and sysdig.is_tty()
		if spec.with_fd then
			print(string.format("%-23.23s %-12.12s %-8s %-12s %s", "evt.datetime", "proc.name", "evt.type",
				"LATENCY(ms)", "fd.name"))
			print(string.format("%-23.23s %-12.12s %-8s %-12s %s", string.rep("-", 23), string.rep("-", 12),
				string.rep("-", 8), string.rep("-", 12), string.rep("-", 41)))
		else
			print(string.format("%-23.23s %-23.23s %-20s %s", "evt.datetime", "proc.name", "LATENCY(ms)", "evt.type"))
			print(string.format("%-23.23s %-23.23s %-20s %s", string.rep("-", 23), string.rep("-", 23),
				string.rep("-", 20), string.rep("-", 20)))
		end
		return true
	end

	function on_event()
		local lat = evt.field(f.latency)
		if lat == nil or lat <= min_ns then
			return true
		end
		local c = ""
		if color then
			c = evt.field(f.container) ~= "host" and BLUE or GREEN
		end
		if spec.with_fd then
			local fdname = evt.field(f.fdname) or "<NA>"
			if spec.skip_dev and fdname:sub(1, 5) == "/dev/" then
				return true
			end
			print(c .. string.format("%-23.23s %-12.12s %-8s %12d %s", evt.field(f.datetime), evt.field(f.pname) or "<NA>",
				evt.field(f.type), lat // 1000000, fdname))
		else
			print(c .. string.format("%-23.23s %-23.23s %-20s %s", evt.field(f.datetime), evt.field(f.pname) or "<NA>",
				string.format("%.3f", lat / 1e6), evt.field(f.type)))
		end
		return true
	end

	function on_capture_end()
		if color then
			io.write(RESET)
		end
	end
end

M.args = {
	{ name = "min_ms", description = "Minimum millisecond threshold: the calls that took longer are shown", argtype = "int" },
	{ name = "disable_color", description = "Set to 'disable_colors' if you want to disable color output", argtype = "string", optional = true },
}

return M
