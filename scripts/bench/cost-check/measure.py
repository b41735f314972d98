#!/usr/bin/env python3
"""measure.py CMD...: run CMD (its output to /dev/null) and print
"WALL_SECONDS PEAK_KIB EXIT CPU_SECONDS" for the benchmark.

CPU time is the child's own (os.wait4), not RUSAGE_CHILDREN, which also
holds whatever else this interpreter has waited for.  The peak is not the
child's ru_maxrss either: Linux keeps in it the resident size of the forked
copy of this interpreter before the exec (some 14 MiB, even for
/usr/bin/true).  It is the command's own VmHWM, read from /proc while it
runs; the mark only grows, so the last reading is its peak, short of the
last few milliseconds."""
import os
import subprocess
import sys
import time


def vm_hwm(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


t = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
exe = os.path.realpath(p.args[0]) if os.path.exists(p.args[0]) else None
peak = None
while True:
    pid, status, ru = os.wait4(p.pid, os.WNOHANG)
    if pid:
        break
    # Only once the exec is done is the mark the command's own.
    try:
        if exe is None or os.path.realpath("/proc/%d/exe" % p.pid) == exe:
            peak = vm_hwm(p.pid) or peak
    except OSError:
        pass
    time.sleep(0.002)
dt = time.monotonic() - t
p.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
print("%.3f %d %d %.3f" % (dt, peak if peak is not None else ru.ru_maxrss, p.returncode,
                           ru.ru_utime + ru.ru_stime))
