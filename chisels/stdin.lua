-- stdin.lua (wtftop): what processes read on fd 0.
description = "Print the standard input of any process on screen: the data read from fd 0. Combine this chisel with a filter to limit the output to a specific process or pid, e.g. wtftop -c stdin proc.name=bash."
short_description = "Print stdin of processes"
category = "I/O"
args = {}

require("stdio").install(0)
