-- cpusample.lua: CPU time of processes, for the CPU top tables (wtftop).
-- The probe sends no procinfo events (sysdig's source for these tables), so
-- each interval reads the CPU time of the processes of the thread table
-- from /proc/PID/stat (utime + stime, the whole process) and keeps the
-- growth since the previous sample. Live captures only: a capture file's
-- own procinfo events say the same (see from_procinfo).
local M = {}

-- What a top table counts on a capture file, where there is no /proc to
-- sample: its procinfo events give each thread's CPU ticks (10 ms each)
-- gained in the second before, as thread.cpu. extra: a filter they must
-- also pass, or nil. (toptable.install's spec.offline)
function M.from_procinfo(extra)
	return {
		filter = "evt.type=procinfo" .. (extra and " and " .. extra or ""),
		value = "thread.cpu",
		scale = 10000000,
		zeros = true,
	}
end

local function read_ticks(pid)
	local f = io.open("/proc/" .. pid .. "/stat", "r")
	if not f then
		return nil
	end
	local line = f:read("l")
	f:close()
	-- the fields after the command, which may hold blanks and parentheses
	local rest = line and line:match("^.*%) (.*)$")
	if not rest then
		return nil
	end
	local fields = {}
	for w in rest:gmatch("%S+") do
		fields[#fields + 1] = w
	end
	-- state is field 3 of the file: utime (14) and stime (15) are 12 and 13 here
	return (math.tointeger(fields[12]) or 0) + (math.tointeger(fields[13]) or 0)
end

-- Seconds since boot, to 10 ms: how long each sample really covers (an
-- interval may fire late, and the next one on time).
local function uptime_ns()
	local f = io.open("/proc/uptime", "r")
	local s = f and f:read("n")
	if f then
		f:close()
	end
	return s and math.floor(s * 1e9) or 0
end

-- A sampler for toptable.install_sampled: key_of(t) gives the key of a
-- process of the thread table (nil: not shown); the values are nanoseconds
-- of CPU since the previous sample, summed by key, and the second result is
-- the nanoseconds the sample covers. A sample that would cover less than
-- min_ns (an interval that fired late, then one on time) is not taken: nil,
-- and the next one covers both. The trailing filter narrows the processes.
function M.sampler(key_of)
	local ns_per_tick = 1000000000 // (sysdig.get_machine_info().clock_ticks or 100)
	local prev, prev_t = nil, 0
	return function(min_ns)
		local t_now = uptime_ns()
		local elapsed = t_now - prev_t
		if min_ns and elapsed < min_ns then
			return nil
		end
		prev_t = t_now
		local now, out = {}, {}
		for tid, t in pairs(sysdig.get_thread_table(sysdig.get_filter())) do
			local key = tid == t.pid and key_of(t)
			local ticks = key and read_ticks(tid)
			if ticks then
				now[tid] = ticks
				-- a process new since the last sample: all of its CPU time
				local d = ticks - (prev and prev[tid] or 0)
				if prev and d > 0 then
					out[key] = (out[key] or 0) + d * ns_per_tick
				end
			end
		end
		prev = now
		return out, elapsed
	end
end

return M
