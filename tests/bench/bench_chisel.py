"""bench_chisel.py: the cost of running a chisel (issue 7). A chisel that
requests three fields and counts the events by one (chisels/bench_count.lua)
against the same pipeline with no chisel (-q, the same filter): wtftop's CPU
time per event of a getppid flood, as events per second of CPU, in
interleaved rounds, medians of ROUNDS (>= 7). Bar: the chisel costs under 3x
the plain pipeline per event (the ratio of the events/s)."""
import os
import re
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import testlib  # noqa: E402
from testlib import helper, start_wtftop  # noqa: E402

SYSBENCH = helper("sysbench")
ROUNDS = max(7, int(os.environ.get("WTF_BENCH_ROUNDS", "7")))
N = 3_000_000  # getppid calls per round, from one thread
ENV = dict(os.environ, WTFTOP_CHISELS_PATH=os.path.join(HERE, "chisels"))
BAR = 3.0


def cpu_ns(pid):
    """CPU time of all of pid's threads, in nanoseconds: the scheduler's own
    account (/proc/PID/task/TID/schedstat), not /proc/PID/stat's 10 ms ticks,
    which quantise a 0.2 s round by 5%."""
    total = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:
            pass  # a thread that ended since listdir
    return total


def one_round(args):
    """wtftop with args, the flood once it is up; returns (CPU seconds wtftop
    spent over the flood, events it dropped, its stdout)."""
    p = start_wtftop(["--stats", "--no-rules", "--ringbuf-mb", "16"] + args, timeout=120, env=ENV)
    time.sleep(0.5)  # the /proc scan and first events are behind it
    t0 = cpu_ns(p.pid)
    subprocess.run([SYSBENCH, "flood", str(N), "1"], check=True, stdout=subprocess.DEVNULL)
    # wtftop is done with the flood when its CPU use settles
    last = cpu_ns(p.pid)
    for _ in range(100):
        time.sleep(0.2)
        now = cpu_ns(p.pid)
        if now - last <= 20_000_000:
            break
        last = now
    t1 = cpu_ns(p.pid)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    m = re.search(r"(\d+) events, (\d+) printed, (\d+) dropped", err.decode(errors="replace"))
    drops = int(m.group(3)) if m else -1
    return (t1 - t0) / 1e9, drops, out.decode(errors="replace")


def lua_floor():
    """ns per event of the chisel's on_event under the cheapest host there can
    be (tests/bench/lua_floor.c: one protected call per event, evt.field
    handing back values made once): Lua running the chisel's own code."""
    floor, = testlib.built("tests/lua_floor")
    out = subprocess.run([floor, os.path.join(HERE, "chisels", "bench_count.lua"), str(N)],
                         check=True, capture_output=True, text=True).stdout
    return float(re.search(r"floor_ns_per_event ([0-9.]+)", out).group(1))


def main():
    if os.geteuid() != 0:
        print("benchmarks need root (the probe)")
        return 1
    filt = "proc.name=sysbench"
    plain, chisel, floors, drops = [], [], [], 0
    for r in range(ROUNDS):
        cpu, d, _ = one_round(["-q", filt])
        plain.append(N / cpu if cpu > 0 else float("inf"))
        drops += d
        cpu, d, out = one_round(["-c", "bench_count", filt])
        n = sum(int(l.split()[2]) for l in out.splitlines() if l.startswith("count getppid "))
        if n + d < N:
            print("  the chisel counted %d getppid of %d (%d dropped)" % (n, N, d), file=sys.stderr)
        chisel.append(N / cpu if cpu > 0 else float("inf"))
        drops += d
        floors.append(lua_floor())
        print("  round %d/%d: plain %.0f, chisel %.0f events/s of CPU; Lua floor %.0f ns/event"
              % (r + 1, ROUNDS, plain[-1], chisel[-1], floors[-1]), file=sys.stderr)
    p, c = statistics.median(plain), statistics.median(chisel)
    ratio = p / c
    print("chisel: plain pipeline %.0f events/s of CPU, with a 3-field counting chisel %.0f -> %.2fx the cost "
          "(drops in all rounds: %d)" % (p, c, ratio, drops))
    # the part of a chisel's cost no host can remove: with it alone, on top
    # of the plain pipeline, the ratio would be this
    plain_ns, floor_ns = 1e9 / p, statistics.median(floors)
    print("chisel: per event, plain pipeline %.0f ns, with the chisel %.0f ns; the chisel's Lua alone under the "
          "cheapest host %.0f ns -> the least ratio any host reaches: %.2fx"
          % (plain_ns, 1e9 / c, floor_ns, (plain_ns + floor_ns) / plain_ns))
    ok = ratio < BAR
    # a bar missed is a figure to report, not a reason to stop the other benchmarks
    print("%s chisel cost vs no chisel < %.0fx" % ("MET " if ok else "MISS", BAR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
