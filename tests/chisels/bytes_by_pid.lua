-- bytes_by_pid.lua: a test chisel written to sysdig's documented chisel API
-- (the globals, callbacks and chisel/evt/sysdig functions it names), run by
-- tests/e2e/test_chisels.py unmodified. It counts the bytes that processes
-- called NAME read and write, per pid, and prints them with %d.
description = "Counts read and written bytes per pid of the processes with the given name"
short_description = "I/O bytes per pid (test)"
category = "Tests"
args = {
	{ name = "procname", description = "the process name to follow", argtype = "string" },
}

local procname
local totals = {}
local calls = {}
local n_events = 0

function on_set_arg(name, val)
	if name == "procname" then
		procname = val
		return true
	end
	return false
end

function on_init()
	fpid = chisel.request_field("proc.pid")
	fres = chisel.request_field("evt.rawarg.res")
	fname = chisel.request_field("proc.name")
	fisread = chisel.request_field("evt.is_io_read")
	chisel.set_filter("evt.is_io=true and evt.failed=false and proc.name=" .. procname)
	return true
end

function on_capture_start()
	if not sysdig.is_live() then
		print("not live")
	end
	return true
end

function on_event()
	local pid = evt.field(fpid)
	local res = evt.field(fres)
	n_events = n_events + 1
	if math.type(pid) ~= "integer" or math.type(res) ~= "integer" then
		error("pid and res must be integers, got " .. math.type(pid) .. " and " .. tostring(math.type(res)))
	end
	assert(type(evt.field(fisread)) == "boolean")
	assert(math.type(evt.get_num()) == "integer" and math.type(evt.get_ts()) == "integer")
	totals[pid] = (totals[pid] or 0) + res
	calls[pid] = (calls[pid] or 0) + 1
	return true
end

function on_capture_end(ts_s, ts_ns, delta)
	for pid, bytes in pairs(totals) do
		print(string.format("%s pid=%d bytes=%d calls=%d", procname, pid, bytes, calls[pid]))
	end
	print(string.format("events=%d ts_is_int=%s", n_events, tostring(math.type(ts_s) == "integer")))
	return true
end
