-- stdout.lua (wtftop): what processes write on fd 1.
description = "Print the standard output of any process on screen: the data written on fd 1. Combine this chisel with a filter to limit the output to a specific process or pid, e.g. wtftop -c stdout proc.name=bash."
short_description = "Print stdout of processes"
category = "I/O"
args = {}

require("stdio").install(1)
