-- Containers: one row per container (and one for the host), from its processes.
view_info = {
	id = "containers",
	name = "Containers",
	description = "Containers (and the host): CPU, processes, memory and the bytes of file and network I/O of their processes in the interval (per second). Enter shows its processes.",
	tags = {"Default"},
	view_type = "table",
	applies_to = {""},
	drilldown_target = "procs",
	use_defaults = true,
	columns = {
		{ name = "NA", field = "thread.tid", is_key = true },
		{ name = "CPU", field = "thread.cpu", description = "percent of one CPU its threads used", colsize = 8, groupby_aggregation = "SUM", is_sorting = true },
		{ name = "PROCS", field = "thread.ismain", description = "processes", colsize = 7, groupby_aggregation = "SUM" },
		{ name = "VIRT", field = "thread.vmsize.b", description = "virtual memory in bytes", colsize = 10, groupby_aggregation = "SUM" },
		{ name = "RES", field = "thread.vmrss.b", description = "resident memory in bytes", colsize = 10, groupby_aggregation = "SUM" },
		{ name = "FILE", field = "evt.buflen.file", description = "bytes of file I/O per second", colsize = 10, aggregation = "TIME_AVG", groupby_aggregation = "SUM" },
		{ name = "NET", field = "evt.buflen.net", description = "bytes of network I/O per second", colsize = 10, aggregation = "TIME_AVG", groupby_aggregation = "SUM" },
		{ name = "ENGINE", field = "container.type", description = "container runtime", colsize = 10 },
		{ name = "IMAGE", field = "container.image", description = "image", colsize = 24 },
		{ name = "ID", field = "container.id", description = "container id", colsize = 14, is_groupby_key = true },
		{ name = "NAME", field = "container.name", description = "container name", colsize = 200 },
	},
	actions = {
		-- a shell inside, through the container's own runtime; the screen comes back when it exits
		{ hotkey = "b", terminal = true, description = "a shell inside the container (exit to come back)",
		  command = "case %container.type in podman|docker) %container.type exec -it %container.id sh;; host) echo 'the host is not a container';; *) crictl exec -it %container.id sh;; esac" },
	},
}
