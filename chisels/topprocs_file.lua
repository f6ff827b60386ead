-- topprocs_file.lua (wtftop): processes by bytes read and written to files.
description = "Shows the top processes in terms of total (in+out) bytes to disk: for each process, the bytes its reads and writes on files moved. Live, the table is refreshed every second."
short_description = "Top processes by R+W disk bytes"
category = "I/O"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "proc.name", "proc.pid" },
	key_descs = { "Process", "PID" },
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "fd.type=file and evt.is_io=true",
	top = 10,
	units = "bytes",
}
