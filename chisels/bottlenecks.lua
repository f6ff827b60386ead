-- bottlenecks.lua (wtftop): the slowest system calls of the capture.
HOW_MANY = 10
description = "Lists the " .. HOW_MANY .. " system calls that took the longest to return during the capture, slowest first: event number, latency in seconds, process, thread, call and arguments."
short_description = "Slowest system calls"
category = "Performance"
args = {}

local f = {}
local slow = {} -- { latency, line }, slowest first, at most HOW_MANY

function on_init()
	f.num = chisel.request_field("evt.num")
	f.type = chisel.request_field("evt.type")
	f.args = chisel.request_field("evt.args")
	f.latency = chisel.request_field("evt.latency")
	f.pname = chisel.request_field("proc.name")
	f.tid = chisel.request_field("thread.tid")
	return true
end

function on_event()
	local lat = evt.field(f.latency)
	if lat == nil or lat == 0 or (#slow == HOW_MANY and lat <= slow[HOW_MANY][1]) then
		return true
	end
	-- the line is made only for the calls that make the list
	local line = string.format("%d) %d.%09d %s (%d) < %s %s", evt.field(f.num), lat // 1000000000, lat % 1000000000,
		evt.field(f.pname) or "", evt.field(f.tid) or 0, evt.field(f.type), evt.field(f.args) or "")
	local i = #slow + 1
	while i > 1 and slow[i - 1][1] < lat do
		i = i - 1
	end
	table.insert(slow, i, { lat, line })
	if #slow > HOW_MANY then
		slow[#slow] = nil
	end
	return true
end

function on_capture_end()
	for _, s in ipairs(slow) do
		print(s[2])
	end
end
