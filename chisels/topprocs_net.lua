-- topprocs_net.lua (wtftop): processes by network bytes.
description = "Shows the processes that use the most network bandwidth: the bytes each process read from and wrote to IPv4 and IPv6 sockets. Live, the table is refreshed every second."
short_description = "Top processes by network I/O"
category = "Net"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "proc.name", "proc.pid" },
	key_descs = { "Process", "PID" },
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
	top = 100,
	units = "bytes",
}
