-- fileslower.lua (wtftop): file I/O slower than a threshold.
description = "Traces file I/O slower than a threshold in milliseconds, or all file I/O with 0: the time, process, call, latency and file of each. I/O on /dev files is left out. Examples: wtftop -c fileslower 10 (file I/O slower than 10 ms); wtftop -c fileslower \"1 disable_colors\"."
short_description = "Trace slow file I/O"
category = "Performance"

local slower = require "slower"
args = slower.args
slower.install { filter = "evt.is_io=true and fd.type=file", with_fd = true, skip_dev = true }
