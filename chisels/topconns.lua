-- topconns.lua (wtftop): network connections by bytes.
description = "Shows the network connections with the most traffic: the bytes read from and written to each connection (protocol and tuple). Live, the table is refreshed every second."
short_description = "Top network connections by total bytes"
category = "Net"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "fd.l4proto", "fd.name" },
	key_descs = { "Proto", "Conn" },
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
	top = 30,
	units = "bytes",
}
