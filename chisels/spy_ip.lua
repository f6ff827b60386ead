-- spy_ip.lua (wtftop): the data exchanged with an IP address.
description = "Shows the network payloads exchanged with an IP end-point: the data of every read and write on connections that have the address at either end, under a line with the direction and size each time the direction changes."
short_description = "Show the data exchanged with the given IP address"
category = "Net"

local netspy = require "netspy"
args = {
	{ name = "host_ip", description = "The remote host IP address", argtype = "ipv4" },
	netspy.color_arg,
}
netspy.install("host_ip", function(v) return "fd.ip=" .. v end,
	function(v) return v:match("^%d+%.%d+%.%d+%.%d+$") ~= nil or v:find(":", 1, true) ~= nil end)
