-- topfiles_bytes.lua (wtftop): files by bytes read and written.
description = "Shows the top files in terms of disk usage: the bytes read from and written to each file. Live, the table is refreshed every second."
short_description = "Top files by R+W bytes"
category = "I/O"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "fd.name" },
	key_descs = { "Filename" },
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "fd.type=file and evt.is_io=true",
	top = 10,
	units = "bytes",
}
