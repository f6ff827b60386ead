-- topcontainers_error.lua (wtftop): containers by failed system calls.
description = "Shows the containers whose processes had the most system call errors. Live, the table is refreshed every second."
short_description = "Top containers by number of errors"
category = "Errors"
args = {}

local toptable = require "toptable"
toptable.install {
	keys = { "container.name" },
	key_descs = { "container.name" },
	value = nil,
	value_desc = "#Errors",
	filter = "evt.failed=true and container.name!=host",
	top = 100,
	units = "none",
}
