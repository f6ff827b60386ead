-- iobytes.lua (wtftop): bytes of I/O on any fd, each second.
description = "Counts the total bytes read from and written to any type of fd (disk, socket, pipe...) and prints the result every second."
short_description = "Sum of I/O bytes on any type of FD"
category = "I/O"
args = {}

require("iototals").install("evt.is_io=true")
