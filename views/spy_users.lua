-- Spy Users: what is typed in shells, as it happens.
view_info = {
	id = "spy_users",
	name = "Spy Users",
	description = "Commands run from shells and directory changes in shells, as a list: time, user, session, pid, the parent and grandparent, and the command line.",
	tags = {"Default"},
	view_type = "list",
	applies_to = {"", "container.id", "proc.pid", "thread.tid", "proc.name", "user.name"},
	-- a shell is a program whose name ends in sh, sshd aside (as the spy_users chisel)
	filter = "evt.failed=false and ((evt.type in (execve, execveat) and proc.pname endswith sh and proc.pname != sshd) or (evt.type in (chdir, fchdir) and proc.name endswith sh and proc.name != sshd))",
	use_defaults = true,
	columns = {
		{ name = "TIME", field = "evt.time.s", description = "when", colsize = 10 },
		{ name = "USER", field = "user.name", description = "who", colsize = 10 },
		{ name = "SHELL", field = "proc.loginshellid", description = "the oldest shell above the command (itself included): a session id to filter or sort on", colsize = 8 },
		{ name = "PID", field = "proc.pid", description = "the command's process (for cd, the shell)", colsize = 8, is_key = true },
		{ name = "PARENT", field = "proc.pname", description = "its parent", colsize = 10 },
		{ name = "GPARENT", field = "proc.aname[2]", description = "its parent's parent", colsize = 10 },
		{ name = "CWD", field = "proc.cwd", description = "the working directory (for cd, the new one)", colsize = 24 },
		{ name = "Command", field = "proc.exeline", description = "the command line (for cd, the shell's)", colsize = 200 },
	},
}
