-- Alerts: every rule alert, as it is raised (the rules of -R, or the defaults).
view_info = {
	id = "alerts",
	name = "Alerts",
	description = "Every alert of the rules, as a list: time, priority, rule, the process and container of the event that raised it, and the rule's output. Enter shows its process.",
	tags = {"Default"},
	view_type = "list",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name"},
	filter = "alert.rule exists",
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "TIME", field = "alert.time", description = "when the event happened", colsize = 19 },
		{ name = "PRIORITY", field = "alert.priority", description = "the rule's priority", colsize = 10 },
		{ name = "RULE", field = "alert.rule", description = "the rule", colsize = 32 },
		{ name = "PID", field = "proc.pid", description = "the process of the event", colsize = 8, is_key = true },
		{ name = "Process", field = "proc.name", colsize = 16 },
		{ name = "CONTAINER", field = "container.name", description = "its container, or host", colsize = 16 },
		{ name = "OUTPUT", field = "alert.output", description = "the rule's output", colsize = 300 },
	},
}
