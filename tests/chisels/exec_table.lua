-- exec_table.lua: a test chisel in sysdig's style that builds its table by
-- chisel.exec("table_generator", ...), as sysdig's top chisels do.
description = "files by bytes through table_generator (test)"
short_description = "exec test"
category = "Tests"
args = {}

function on_set_arg(name, val)
	return false
end

function on_init()
	chisel.exec("table_generator", "fd.name", "Filename", "evt.rawarg.res", "Bytes",
		"fd.type=file and evt.is_io=true", "5", "bytes")
	return true
end
