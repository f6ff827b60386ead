-- topports_server.lua (wtftop): server ports by bytes.
description = "Shows the TCP and UDP server ports with the most traffic: the bytes read from and written to connections, grouped by the port of their server end. Live, the table is refreshed every second."
short_description = "Top TCP/UDP server ports by R+W bytes"
category = "Net"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "fd.sport" },
	key_descs = { "Srv Port" },
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true",
	top = 100,
	units = "bytes",
}
