-- netlower.lua (wtftop): network I/O slower than a threshold.
description = "Traces network I/O slower than a threshold in milliseconds, or all network I/O with 0: the time, process, call, latency and connection of each. Example: wtftop -c netlower 1000 (network I/O slower than a second)."
short_description = "Trace slow network I/O"
category = "Performance"

local slower = require "slower"
args = slower.args
slower.install { filter = "evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)", with_fd = true }
