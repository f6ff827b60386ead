-- topcontainers_file.lua (wtftop): containers by file bytes.
description = "Shows the containers whose processes read and write the most bytes to files. Live, the table is refreshed every second."
short_description = "Top containers by R+W disk bytes"
category = "I/O"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "container.name" },
	key_descs = { "container.name" },
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "fd.type=file and evt.is_io=true and container.name!=host",
	top = 10,
	units = "bytes",
}
