#!/usr/bin/env python3
"""measure.py CMD...: run CMD (its output to /dev/null) and print
"WALL_SECONDS MAXRSS_KIB EXIT CPU_SECONDS" for the benchmark."""
import resource
import subprocess
import sys
import time

t = time.monotonic()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %d %d %.3f" % (dt, ru.ru_maxrss, rc, ru.ru_utime + ru.ru_stime))
