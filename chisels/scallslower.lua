-- scallslower.lua (wtftop): system calls slower than a threshold.
description = "Traces the system calls slower than a threshold in milliseconds: the time, process, latency and call of each. Example: wtftop -c scallslower 1000 (system calls that took more than a second)."
short_description = "Trace slow syscalls"
category = "Performance"

local slower = require "slower"
args = slower.args
slower.install { filter = "" }
