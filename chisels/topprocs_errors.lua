-- topprocs_errors.lua (wtftop): processes by failed system calls.
description = "Shows the processes with the most system call errors: the number of calls of each process that returned an error. Live, the table is refreshed every second."
short_description = "Top processes by number of errors"
category = "Errors"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "proc.name", "proc.pid" },
	key_descs = { "Process", "PID" },
	value = nil,
	value_desc = "#Errors",
	filter = "evt.failed=true",
	top = 100,
	units = "none",
}
