-- run_app.lua: a test chisel: sysdig.run_app runs wtftop itself, once, and
-- a program it started cannot run_app in turn.
description = "test: sysdig.run_app"
args = {}

function on_event()
	sysdig.end_capture()
	return false
end

function on_capture_end()
	print(string.format("status=%d", sysdig.run_app("--version")))
	print(string.format("status=%d", sysdig.run_app("-c run_app_nested -M 3")))
end
