-- Server Ports: network traffic grouped by the server end's port.
view_info = {
	id = "server_ports",
	name = "Server Ports",
	description = "Server ports of the TCP and UDP sockets in use, with their protocol, the bytes received and sent on them in the interval (per second) and their connections. Enter shows the connections of a port.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name", "evt.res"},
	filter = "fd.type in (ipv4, ipv6) and fd.name != ''",
	drilldown_target = "connections",
	use_defaults = true,
	columns = {
		-- one row per connection first, so that CONNS counts them; then one per port
		{ name = "NA", field = "fd.name", is_key = true },
		{ name = "SPORT", field = "fd.sport", description = "the server end's port", colsize = 8, is_groupby_key = true },
		{ name = "PROTO", field = "fd.l4proto", description = "tcp or udp (of the first socket seen on the port)", colsize = 7 },
		{ name = "BYTES IN", field = "evt.buflen.net.in", description = "bytes received on the port per second", colsize = 12, aggregation = "TIME_AVG", groupby_aggregation = "SUM", is_sorting = true },
		{ name = "BYTES OUT", field = "evt.buflen.net.out", description = "bytes sent on the port per second", colsize = 12, aggregation = "TIME_AVG", groupby_aggregation = "SUM" },
		{ name = "OPS", field = "evt.count.exit", description = "socket calls on the port per second", colsize = 8, aggregation = "TIME_AVG", groupby_aggregation = "SUM" },
		{ name = "CONNS", field = "fd.connected", description = "connections to the port that are open or were used in the interval (the two ends of a local connection count once)", colsize = 200, groupby_aggregation = "SUM" },
	},
}
