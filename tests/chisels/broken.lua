-- broken.lua: fails in on_event, for the host's error path test.
description = "fails on the first event (test)"
short_description = "fails (test)"
category = "Tests"
args = {}

local function explode(x)
	return x.missing.field -- line 8: indexing nil
end

function on_event()
	explode({})
	return true
end
