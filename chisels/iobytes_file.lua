-- iobytes_file.lua (wtftop): bytes of file I/O, each second.
description = "Counts the total bytes read from and written to files, and prints the result every second."
short_description = "Sum of file I/O bytes"
category = "I/O"
args = {}

require("iototals").install("evt.is_io=true and fd.type=file")
