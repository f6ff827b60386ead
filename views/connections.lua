-- Connections: TCP and UDP sockets, with their traffic in the interval.
view_info = {
	id = "connections",
	name = "Connections",
	description = "Network connections (IPv4 and IPv6 sockets) with the bytes received and sent in the interval (per second). Enter shows the processes using one.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "fd.sport", "fd.sproto", "user.name"},
	filter = "fd.type in (ipv4, ipv6)",
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "PROTO", field = "fd.l4proto", description = "tcp or udp", colsize = 6 },
		{ name = "BYTES IN", field = "evt.buflen.net.in", description = "bytes received per second", colsize = 12, aggregation = "TIME_AVG" },
		{ name = "BYTES OUT", field = "evt.buflen.net.out", description = "bytes sent per second", colsize = 12, aggregation = "TIME_AVG", is_sorting = true },
		{ name = "OPS", field = "evt.count.exit", description = "socket operations per second", colsize = 8, aggregation = "TIME_AVG" },
		{ name = "Connection", field = "fd.name", description = "client:port->server:port", colsize = 200, is_key = true },
	},
}
