-- A test chisel: prints each rule alert that on_alert receives.
description = "prints the rule alerts it is told (a test of on_alert)"
short_description = "rule alerts"
category = "Tests"
args = {}

function on_init()
	chisel.set_filter("evt.type=nosuchtype")
	return true
end

function on_event()
	return true
end

function on_alert(rule, priority, output)
	print(string.format("ALERT|%s|%s|%s", rule, priority, output))
end
