-- spy_users.lua (wtftop): what people type in interactive shells.
description = "Lists every command that users launch interactively (from a shell such as bash) with the user, the pid of the shell it was typed in, and the command line. Commands typed in a shell started from another shell are indented by one step per level of nesting."
short_description = "Display interactive user activity"
category = "Security"
args = {
	{ name = "max_depth", description = "the maximum depth to show in the hierarchy of processes", argtype = "int", optional = true },
	{ name = "disable_color", description = "Set to 'disable_colors' if you want to disable color output", argtype = "string", optional = true },
}

local MAX_ANCESTORS = 16
local max_depth = -1
local f = {}
local fanames, fapids = {}, {}

function on_set_arg(name, val)
	if name == "max_depth" then
		max_depth = math.tointeger(tonumber(val))
		return max_depth ~= nil
	end
	return true -- colours are never used: nothing to disable
end

function on_init()
	f.exe = chisel.request_field("proc.exe")
	f.args = chisel.request_field("proc.args")
	f.user = chisel.request_field("user.name")
	f.time = chisel.request_field("evt.time.s")
	f.pid = chisel.request_field("proc.pid")
	for j = 1, MAX_ANCESTORS do
		fanames[j] = chisel.request_field("proc.aname[" .. j .. "]")
		fapids[j] = chisel.request_field("proc.apid[" .. j .. "]")
	end
	chisel.set_filter("evt.type=execve and evt.dir=< and evt.failed=false")
	return true
end

local function is_shell(name)
	return name ~= nil and #name >= 2 and name:sub(-2) == "sh" and name ~= "sshd"
end

-- shell pid -> nesting depth, learnt as commands are seen: a shell whose
-- shell ancestors showed nothing yet starts a new tree at depth 1
local depth_of = {}

function on_event()
	-- the shells among the ancestors, nearest first
	local shells = {}
	for j = 1, MAX_ANCESTORS do
		local name = evt.field(fanames[j])
		if name == nil then
			break
		end
		if is_shell(name) then
			shells[#shells + 1] = evt.field(fapids[j])
		end
	end
	local shell_pid = shells[1]
	if not shell_pid then
		return true
	end
	local depth = depth_of[shell_pid]
	if not depth then
		depth = 1
		for i = 2, #shells do
			if depth_of[shells[i]] then
				depth = depth_of[shells[i]] + 1
				break
			end
		end
		depth_of[shell_pid] = depth
	end
	if max_depth >= 0 and depth > max_depth then
		return true
	end
	print(string.format("%s%d %s %s) %s %s", string.rep(" ", 3 * (depth - 1)), shell_pid,
		evt.field(f.time) or "", evt.field(f.user) or "<NA>", evt.field(f.exe) or "",
		evt.field(f.args) or ""))
	return true
end
