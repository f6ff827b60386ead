-- topcontainers_net.lua (wtftop): containers by network bytes.
description = "Shows the containers whose processes read and write the most bytes to IPv4 and IPv6 sockets. Live, the table is refreshed every second."
short_description = "Top containers by network I/O"
category = "Net"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "container.name" },
	key_descs = { "container.name" },
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true and container.name!=host",
	top = 100,
	units = "bytes",
}
