-- fdbytes_by.lua (wtftop): I/O bytes grouped by any field.
description = "Groups fd activity by the given field and shows the keys that moved the most input+output bytes. For example, fd.name gives the files and connections with the most I/O, proc.name the processes."
short_description = "I/O bytes, aggregated by an arbitrary filter field"
category = "I/O"
args = {
	{ name = "key", description = "The filter field used for grouping", argtype = "string" },
}

require("toptable").install_by_key {
	value = "evt.rawarg.res",
	value_desc = "Bytes",
	filter = "evt.is_io=true and evt.failed=false",
	top = 30,
	units = "bytes",
}
