-- spy_port.lua (wtftop): the data exchanged on an IP port.
description = "Shows the network payloads exchanged using a given IP port number: the data of every read and write on connections that have the port at either end, under a line with the direction and size each time the direction changes."
short_description = "Show the data exchanged using the given IP port number"
category = "Net"

local netspy = require "netspy"
args = {
	{ name = "host_port", description = "The remote host IP port number", argtype = "int" },
	netspy.color_arg,
}
netspy.install("host_port", function(v) return "fd.port=" .. v end,
	function(v) local n = math.tointeger(tonumber(v)) return n ~= nil and n >= 0 and n <= 65535 end)
