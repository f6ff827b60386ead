-- run_app_nested.lua: a test chisel, run by run_app.lua through run_app: its
-- own run_app must be refused.
description = "test: sysdig.run_app from a program run_app started"
args = {}

function on_event()
	sysdig.end_capture()
	return false
end

function on_capture_end()
	local ok, err = pcall(sysdig.run_app, "--version")
	print("nested_ok=" .. tostring(ok) .. " " .. tostring(err))
end
