-- New Connections: every network connection opened, as it happens.
view_info = {
	id = "new_connections",
	name = "New Connections",
	description = "Every new network connection, as a list: connections accepted (in) and made (out) with the time, protocol, tuple and process.",
	tags = {"Default"},
	view_type = "list",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name", "fd.name", "fd.sport", "fd.sproto", "fd.lport", "fd.rport"},
	filter = "fd.type in (ipv4, ipv6) and ((evt.type in (accept, accept4) and evt.failed=false) or (evt.type=connect and (evt.failed=false or evt.res=EINPROGRESS)))",
	use_defaults = true,
	columns = {
		{ name = "TIME", field = "evt.time", description = "when", colsize = 19 },
		{ name = "CALL", field = "evt.type", description = "accept: a connection received; connect: one made", colsize = 8 },
		{ name = "PROTO", field = "fd.l4proto", description = "tcp or udp", colsize = 6 },
		{ name = "Connection", field = "fd.name", description = "client:port->server:port", colsize = 46 },
		{ name = "PID", field = "proc.pid", description = "the process that made or received it", colsize = 8, is_key = true },
		{ name = "Command", field = "proc.exeline", description = "its command line", colsize = 200 },
	},
}
