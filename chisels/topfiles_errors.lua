-- topfiles_errors.lua (wtftop): files by failed calls.
description = "Shows the files with the most I/O errors: the number of calls on each file that returned an error, failed opens of the path among them. Live, the table is refreshed every second."
short_description = "Top files by number of errors"
category = "Errors"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "fd.name" },
	key_descs = { "Filename" },
	value = nil,
	value_desc = "#Errors",
	filter = "evt.failed=true and (fd.type=file or evt.type in (open, openat, openat2, creat))",
	top = 10,
	units = "none",
}
