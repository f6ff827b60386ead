"""bench_ui.py: the UI's own cost (issue 4), measured on the real wtftop in a
tmux pane:
1. CPU used by wtftop at the default refresh while the host makes 100k
   syscalls a second (bar: under 10% of one core), from /proc/PID/stat;
2. time from start to the first full frame (the Processes table drawn: its
   header and rows), bar under 200 ms;
3. the same with 2,000 extra sleeping processes, against `top -b -n 1` in the
   same run (bar: no slower).
Medians of ROUNDS; the frame is seen by polling `tmux capture-pane`, whose
own cost (a few ms) counts against wtftop."""
import os
import statistics
import subprocess
import sys
import time

BUILD = os.environ.get("WTF_BUILD", "build")
WTFTOP = os.path.join(BUILD, "wtftop")
SYSBENCH = os.environ.get("WTF_SYSBENCH", os.path.join(BUILD, "helpers", "sysbench"))
ROUNDS = int(os.environ.get("WTF_BENCH_ROUNDS", "5"))
SESSION = "wtfbench%d" % os.getpid()
TICK = os.sysconf("SC_CLK_TCK")


def tmux(*args, check=True):
    # a server of its own: nobody else's sessions are touched
    return subprocess.run(["tmux", "-L", SESSION, "-f", "/dev/null"] + list(args), capture_output=True, text=True,
                          check=check).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", SESSION, check=False)


def full_frame(text):
    """The Processes table is up: a header line with PID and at least five
    rows under it that start with a number."""
    lines = text.splitlines()
    for i, l in enumerate(lines):
        if l.split()[:1] == ["PID"]:
            rows = [r for r in lines[i + 1:] if r.split()[:1] and r.split()[0].isdigit()]
            return len(rows) >= 5
    return False


def start_ui():
    """Starts wtftop in a fresh 120x40 pane; returns (seconds to the first
    full frame, wtftop's pid)."""
    tmux("kill-session", "-t", SESSION, check=False)
    env = dict(os.environ, TERM="xterm")
    t0 = time.monotonic()
    subprocess.run(["tmux", "-L", SESSION, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40",
                    "-s", SESSION, "exec " + WTFTOP], env=env, check=True)
    while True:
        if full_frame(screen()):
            el = time.monotonic() - t0
            break
        if time.monotonic() - t0 > 30:
            raise RuntimeError("no frame after 30 s:\n" + screen())
        time.sleep(0.002)
    pid = int(tmux("list-panes", "-t", SESSION, "-F", "#{pane_pid}").split()[0])
    return el, pid


def stop_ui():
    tmux("send-keys", "-t", SESSION, "q", check=False)
    time.sleep(0.3)
    tmux("kill-session", "-t", SESSION, check=False)


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def cpu_under_load(seconds=10):
    _, pid = start_ui()
    try:
        time.sleep(3)  # past the probe load and the first refreshes
        c0, t0 = cpu_ticks(pid), time.monotonic()
        subprocess.run([SYSBENCH, "rate", "100000", str(seconds)], capture_output=True, check=True)
        c1, t1 = cpu_ticks(pid), time.monotonic()
    finally:
        stop_ui()
    return (c1 - c0) / TICK / (t1 - t0) * 100


def top_once():
    t0 = time.monotonic()
    subprocess.run(["top", "-b", "-n", "1"], stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - t0


def main():
    if os.geteuid() != 0:
        print("benchmarks need root")
        return 1
    cpu = [cpu_under_load() for _ in range(3)]
    first = []
    for _ in range(ROUNDS):
        first.append(start_ui()[0])
        stop_ui()
    sleepers = [subprocess.Popen(["sleep", "600"]) for _ in range(2000)]
    try:
        first_many, top = [], []
        for _ in range(ROUNDS):
            first_many.append(start_ui()[0])
            stop_ui()
            top.append(top_once())
    finally:
        for p in sleepers:
            p.kill()
        for p in sleepers:
            p.wait()
    tmux("kill-server", check=False)  # this benchmark's own server
    c, f, fm, tp = (statistics.median(x) for x in (cpu, first, first_many, top))
    print("ui: CPU at the default refresh with 100k syscalls/s: %.1f%% of one core (runs: %s)"
          % (c, ", ".join("%.1f" % x for x in cpu)))
    print("ui: first full frame %.0f ms; with 2000 more processes %.0f ms vs top -b -n 1 %.0f ms (%.2fx)"
          % (f * 1000, fm * 1000, tp * 1000, fm / tp))
    print("%s UI CPU under 10%% of one core at 100k syscalls/s" % ("MET " if c < 10 else "MISS"))
    print("%s first full frame under 200 ms" % ("MET " if f < 0.2 else "MISS"))
    print("%s first frame with 2000 extra processes no slower than top -b -n 1" % ("MET " if fm <= tp else "MISS"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
