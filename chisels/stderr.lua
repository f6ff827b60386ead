-- stderr.lua (wtftop): what processes write on fd 2.
description = "Print the standard error of any process on screen: the data written on fd 2. Combine this chisel with a filter to limit the output to a specific process or pid, e.g. wtftop -c stderr proc.name=bash."
short_description = "Print stderr of processes"
category = "I/O"
args = {}

require("stdio").install(2)
