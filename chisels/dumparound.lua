-- dumparound.lua: the shared part of around and spy_logs (wtftop): remembers
-- events (time and thread), then writes the events of the same threads
-- within range_ms of each of them from the capture file being read to a
-- new file, by running wtftop -r FILE -w OUT with a time filter. Needs a
-- capture file: live events cannot be read twice.
local M = {}

function M.new(range_ms)
	local self = { entries = {}, range_ns = range_ms * 1000000 }

	function self.add(ts, tid)
		self.entries[#self.entries + 1] = { ts, tid }
	end

	-- The filter that selects the events around the remembered ones.
	function self.filter()
		local parts = {}
		for _, e in ipairs(self.entries) do
			parts[#parts + 1] = string.format("(evt.rawtime>=%d and evt.rawtime<=%d and thread.tid=%d)",
				e[1] - self.range_ns, e[1] + self.range_ns, e[2])
		end
		return table.concat(parts, " or ")
	end

	-- Runs the export; returns wtftop's exit status.
	function self.write(out_file)
		if #self.entries == 0 then
			return 0
		end
		return sysdig.run_app(string.format("-r %s -w %s %s", sysdig.get_evtsource_name(), out_file, self.filter()))
	end

	return self
end

return M
