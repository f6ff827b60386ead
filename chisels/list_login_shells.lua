-- list_login_shells.lua (wtftop): the login shells that programs ran under.
description = "Lists the IDs of the login sessions (proc.loginshellid: the pid of the oldest shell among a process's ancestors) of the programs started during the capture. Optionally, only the sessions that ran a command whose name contains a given string, and whose arguments contain another."
short_description = "List the login shell IDs"
category = "Security"
args = {
	{ name = "command", description = "If given, only the login shells that ran commands whose name contains this string are listed; '*' for any command.", argtype = "string", optional = true },
	{ name = "arguments", description = "If given, only the login shells that ran commands whose arguments contain this string are listed.", argtype = "string", optional = true },
}

local match_comm, match_args
local f = {}
local sids = {} -- loginshellid -> true

function on_set_arg(name, val)
	if name == "command" then
		if val ~= "*" then
			match_comm = val
		end
	elseif name == "arguments" then
		match_args = val
	else
		return false
	end
	return true
end

function on_init()
	f.sid = chisel.request_field("proc.loginshellid")
	f.exe = chisel.request_field("evt.arg.exe")
	f.args = chisel.request_field("evt.arg.args")
	chisel.set_filter("evt.type=execve and evt.failed=false")
	return true
end

function on_event()
	local sid, exe, a = evt.field(f.sid), evt.field(f.exe), evt.field(f.args)
	if sid == nil or exe == nil then
		return true
	end
	if match_comm and not exe:find(match_comm, 1, true) then
		return true
	end
	if match_args and not (a or ""):find(match_args, 1, true) then
		return true
	end
	sids[sid] = true
	return true
end

function on_capture_end()
	print(match_comm and ("Shells containing " .. match_comm .. ":") or "All shells:")
	local list = {}
	for sid in pairs(sids) do
		list[#list + 1] = sid
	end
	table.sort(list)
	for _, sid in ipairs(list) do
		print(string.format("%d", sid))
	end
end
