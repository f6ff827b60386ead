-- table_generator.lua (wtftop): a generic top-N table, for chisel.exec by
-- chisels written for sysdig (topprocs_file and friends call it that way).
description = "Groups events by the given key fields and shows the keys with the highest sum of the value field (or event count), as a table refreshed every second when live. Meant to be started by other chisels through chisel.exec."
short_description = "Top-N table by arbitrary keys and values"
category = "misc"
hidden = true
args = {
	{ name = "keys", description = "comma-separated key fields", argtype = "string" },
	{ name = "keydescs", description = "comma-separated key column titles", argtype = "string" },
	{ name = "value", description = "the field to sum (evt.count counts events)", argtype = "string" },
	{ name = "valuedesc", description = "the value column title", argtype = "string" },
	{ name = "filter", description = "the events to consider", argtype = "filter" },
	{ name = "top_number", description = "how many rows (0: all)", argtype = "int" },
	{ name = "value_units", description = "none, bytes, time, timepct", argtype = "string" },
}

local toptable = require "toptable"
local spec = {}

function on_set_arg(name, val)
	if name == "keys" then
		spec.keys = toptable.split(val, ",")
	elseif name == "keydescs" then
		spec.key_descs = toptable.split(val, ",")
	elseif name == "value" then
		spec.value = val ~= "evt.count" and val or nil
	elseif name == "valuedesc" then
		spec.value_desc = val
	elseif name == "filter" then
		spec.filter = val
	elseif name == "top_number" then
		spec.top = math.tointeger(tonumber(val))
		return spec.top ~= nil
	elseif name == "value_units" then
		spec.units = val
	else
		return false
	end
	return true
end

function on_init()
	if #spec.keys ~= #spec.key_descs then
		error("table_generator: " .. #spec.keys .. " keys but " .. #spec.key_descs .. " key titles")
	end
	toptable.install(spec)
	return on_init() -- install defined the real on_init
end
