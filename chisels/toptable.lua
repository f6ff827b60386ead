-- toptable.lua: the shared engine of the top-N chisels (wtftop). A chisel
-- calls toptable.install{...} with its keys, value field and filter; the
-- module defines the callbacks. Live on a terminal the table is redrawn each
-- second; into a pipe each second's table is printed after the previous one.
local M = {}

local WIDTH = 20
local RULE = string.rep("-", 80)

function M.format_bytes(v)
	local units = { { 1 << 50, "P" }, { 1 << 40, "T" }, { 1 << 30, "G" }, { 1 << 20, "M" }, { 1 << 10, "KB" } }
	for _, u in ipairs(units) do
		if v > u[1] then
			return string.format("%.2f%s", v / u[1], u[2])
		end
	end
	return string.format("%dB", v)
end

-- A time as sysdig's chisels show it: two decimals below ten of a unit
-- (8.21us, 1.50ms), whole units from ten up (124us, 20ms); seconds always
-- with two.
function M.format_time(ns)
	ns = math.floor(ns)
	for _, u in ipairs({ { 1000000000, "s" }, { 1000000, "ms" }, { 1000, "us" } }) do
		local n, name = u[1], u[2]
		if ns >= n then
			if ns >= 10 * n and name ~= "s" then
				return string.format("%d%s", ns // n, name)
			end
			return string.format("%d.%02d%s", ns // n, ns % n // (n // 100), name)
		end
	end
	return string.format("%dns", ns)
end

local function pad(s, n)
	s = tostring(s)
	if #s >= n then
		return s .. " "
	end
	return s .. string.rep(" ", n - #s)
end

local function split(s, sep)
	local out = {}
	for part in string.gmatch(s, "[^" .. sep .. "]+") do
		out[#out + 1] = part
	end
	return out
end
M.split = split

-- The entries of t sorted by value, largest first, at most top (0: all).
function M.sorted(t, top, value_of)
	value_of = value_of or function(v) return v end
	local rows = {}
	for k, v in pairs(t) do
		rows[#rows + 1] = { k, v }
	end
	table.sort(rows, function(a, b)
		local x, y = value_of(a[2]), value_of(b[2])
		if x == y then
			return tostring(a[1]) < tostring(b[1])
		end
		return x > y
	end)
	if top and top > 0 then
		while #rows > top do
			rows[#rows] = nil
		end
	end
	return rows
end

-- A value as its column shows it. timepct: a time over the interval delta
-- (ns), as a percentage.
function M.format_value(units, v, delta)
	if units == "bytes" then
		return M.format_bytes(v)
	elseif units == "time" then
		return M.format_time(v)
	elseif units == "timepct" then
		return string.format("%.2f%%", delta and delta > 0 and v / delta * 100 or 0)
	elseif math.type(v) == "float" then
		return string.format("%.2f", v)
	end
	return string.format("%d", v)
end

local function render(spec, t, ts_s, ts_ns, delta)
	if sysdig.get_output_format() == "json" then
		local parts = {}
		for _, row in ipairs(M.sorted(t, spec.top)) do
			local vals = {}
			for _, k in ipairs(split(row[1], "\1")) do
				vals[#vals + 1] = string.format("%q", k)
			end
			vals[#vals + 1] = math.type(row[2]) == "integer" and string.format("%d", row[2]) or
				string.format("%.2f", row[2])
			parts[#parts + 1] = "[" .. table.concat(vals, ",") .. "]"
		end
		print(string.format('{"ts":%d,"data":[%s]}', sysdig.make_ts(ts_s, ts_ns), table.concat(parts, ",")))
		return
	end
	local header = pad(spec.value_desc, WIDTH)
	for _, d in ipairs(spec.key_descs) do
		header = header .. pad(d, WIDTH)
	end
	print((header:gsub("%s+$", "")))
	print(RULE)
	for _, row in ipairs(M.sorted(t, spec.top)) do
		local line = pad(M.format_value(spec.units, row[2], delta), WIDTH)
		local keys = split(row[1], "\1")
		for i, k in ipairs(keys) do
			if i < #keys then
				line = line .. pad(string.sub(k, 1, WIDTH), WIDTH)
			else
				line = line .. k
			end
		end
		print(line)
	end
end

-- spec: keys, key_descs, value (a field, or nil to count events), value_desc,
-- filter, top, units ("bytes", "time", "timepct", "none"). Instead of
-- counting events, spec.sample(min_ns) may return the table of each
-- interval (key -> value; keys joined by "\1") and the nanoseconds it covers
-- (for timepct), taken when the interval ends; or nil when less than min_ns
-- went by since its last table. Not live, the fields of spec.offline
-- (filter, value, scale: a factor on each value, zeros: rows of 0 too)
-- replace the sampling, and events are counted by spec.keys.
function M.install(spec)
	local fkeys, fvalue = {}, nil
	local totals = {}
	local live, tty = false, false

	if spec.sample then
		if sysdig.is_live() or not spec.offline then
			return M.install_sampled(spec)
		end
		for k, v in pairs(spec.offline) do
			spec[k] = v
		end
	end

	function on_init()
		for i, k in ipairs(spec.keys) do
			fkeys[i] = chisel.request_field(k)
		end
		if spec.value then
			fvalue = chisel.request_field(spec.value)
		end
		if spec.filter and spec.filter ~= "" then
			chisel.set_filter(spec.filter)
		end
		return true
	end

	function on_capture_start()
		live = sysdig.is_live()
		tty = sysdig.is_tty()
		if live then
			chisel.set_interval_s(1)
		end
		return true
	end

	function on_event()
		local parts = {}
		for i, f in ipairs(fkeys) do
			local v = evt.field(f)
			if v == nil then
				return true
			end
			parts[i] = tostring(v)
		end
		local key = table.concat(parts, "\1")
		local v = 1
		if fvalue then
			v = evt.field(fvalue)
			if v == nil or v < 0 or (v == 0 and not spec.zeros) then
				return true
			end
			v = v * (spec.scale or 1)
		end
		totals[key] = (totals[key] or 0) + v
		return true
	end

	function on_interval(ts_s, ts_ns, delta)
		if tty then
			io.write("\27[2J\27[H")
		end
		render(spec, totals, ts_s, ts_ns, delta)
		totals = {}
		return true
	end

	function on_capture_end(ts_s, ts_ns, delta)
		if next(totals) ~= nil or not live then
			render(spec, totals, ts_s, ts_ns, delta)
		end
		return true
	end
end

-- Defines on_set_arg for a chisel whose one argument is "key" (the field to
-- group by); returns a function that gives the value set.
function M.key_arg()
	local key
	function on_set_arg(name, val)
		if name ~= "key" then
			return false
		end
		key = val
		return true
	end
	return function() return key end
end

-- A top table grouped by the field the user names in the chisel's one
-- argument, "key" (fdbytes_by, fdtime_by): spec as for install, without keys.
function M.install_by_key(spec)
	local key = M.key_arg()
	function on_init()
		spec.keys, spec.key_descs = { key() }, { key() }
		M.install(spec)
		-- install defined the real callbacks, on_init among them: run it now
		return on_init()
	end
end

-- The sampled variant: no events are counted; each interval asks
-- spec.sample for its table (a first call at the start sets its baseline).
function M.install_sampled(spec)
	local tty = false

	function on_init()
		chisel.set_filter("evt.num=0") -- no event of interest: the table is sampled
		return true
	end

	function on_capture_start()
		tty = sysdig.is_tty()
		spec.sample() -- the baseline
		chisel.set_interval_s(1)
		return true
	end

	function on_interval(ts_s, ts_ns, delta)
		local t, covered = spec.sample(500000000) -- half the interval at least
		if not t then
			return true
		end
		if tty then
			io.write("\27[2J\27[H")
		end
		render(spec, t, ts_s, ts_ns, covered or delta)
		return true
	end
end

return M
