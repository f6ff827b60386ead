-- iobytes_net.lua (wtftop): bytes of network I/O, each second.
description = "Counts the total bytes read from and written to the network (IPv4 and IPv6 sockets), and prints the result every second."
short_description = "Show total network I/O bytes"
category = "Net"
args = {}

require("iototals").install("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)")
