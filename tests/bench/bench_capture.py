"""bench_capture.py: capture files (issue 8), against sysdig 0.29.3 in the
same run.

1. Writing: events per second that `wtftop -w` writes while a getppid flood
   runs from two threads, and its drops (the bar: zero drops).
2. Reading one large file, made here by capturing a busy workload (opens,
   reads, a getppid flood, short-lived processes) with -w: `wtftop -r BIG`
   against `TZ=UTC sysdig -r BIG` (TZ set, or sysdig stats /etc/localtime for
   every event), output to /dev/null, timed by the wall clock. Each round
   runs wtftop and sysdig back to back, and a case's figure is the median of
   the rounds' ratios: this VM's speed drifts by up to 2x from minute to
   minute, and a pair taken seconds apart shares it (the medians of each
   side's times are printed too). The bars: the default format at least 3x
   sysdig's events per second, `-p '%evt.num %proc.name %evt.type %fd.name'`
   at least 3x, a filter that matches nothing at least 2x, and peak memory
   (the largest maxrss over the rounds) no more than sysdig's.

wtftop runs as a user would run it, with its default rules loaded."""
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import WTFTOP, helper, start_wtftop  # noqa: E402

SYSBENCH = helper("sysbench")
ROUNDS = max(7, int(os.environ.get("WTF_BENCH_ROUNDS", "7")))
N_FLOOD = 2_000_000
ENV_UTC = dict(os.environ, TZ="UTC")
CASES = [
    ("default format", [], 3.0),
    ("-p '%evt.num %proc.name %evt.type %fd.name'", ["-p", "%evt.num %proc.name %evt.type %fd.name"], 3.0),
    ("a filter that matches nothing", ["proc.name=no-such-process"], 2.0),
]


def start_capture(path, extra=()):
    return start_wtftop(["-w", path, "--stats"] + list(extra), timeout=120, stdout=subprocess.DEVNULL)


def stop_capture(p):
    """Stops wtftop -w; returns (events, drops) from its --stats line."""
    p.send_signal(signal.SIGINT)
    err = p.communicate(timeout=300)[1].decode(errors="replace")
    m = re.search(r"(\d+) events, (\d+) printed, (\d+) dropped", err)
    if p.returncode != 0 or not m:
        raise RuntimeError("wtftop -w: exit %s: %s" % (p.returncode, err[-500:]))
    return int(m.group(1)), int(m.group(3))


def writing(tmp):
    path = os.path.join(tmp, "flood.scap")
    p = start_capture(path, ["proc.name=sysbench"])
    t0 = time.perf_counter()
    subprocess.run([SYSBENCH, "flood", str(N_FLOOD), "2"], stdout=subprocess.DEVNULL, check=True)
    secs = time.perf_counter() - t0
    events, drops = stop_capture(p)
    size = os.path.getsize(path)
    os.unlink(path)
    print("capture, writing: %d events of a %d-call getppid flood written in %.2f s: %.0f events/s, "
          "%.1f MB, %d dropped" % (events, N_FLOOD, secs, events / secs, size / 1e6, drops))
    return drops == 0


def make_big(path):
    """A busy workload captured whole: file I/O, a flood, processes."""
    p = start_capture(path)
    subprocess.run([SYSBENCH, "openread", "200000", "/etc/hostname"], stdout=subprocess.DEVNULL, check=True)
    subprocess.run([SYSBENCH, "flood", "600000", "2"], stdout=subprocess.DEVNULL, check=True)
    for _ in range(200):
        subprocess.run(["/bin/sh", "-c", "cat /etc/hostname /etc/os-release > /dev/null; ls / > /dev/null"])
    stop_capture(p)


def warm(path):
    """Reads path through, so that the run after it finds it in the page
    cache: this machine drops its cache now and then, and the reader that ran
    next (wtftop, first in each pair) then paid for the disk alone."""
    with open(path, "rb", buffering=0) as f:
        while f.read(1 << 20):
            pass


def run_reader(argv, env=None):
    """Wall-clock seconds and maxrss (KB) of one reader, output to /dev/null,
    its capture (argv[2]) read through first."""
    warm(argv[2])
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("%s: exit %s: %s" % (argv[:3], status, err[-500:].decode(errors="replace")))
    return secs, ru.ru_maxrss


def count_events(path):
    r = subprocess.run([WTFTOP, "-r", path, "-q", "--stats", "--no-rules"], capture_output=True, text=True,
                       timeout=600)
    m = re.search(r"(\d+) events", r.stderr)
    return int(m.group(1)) if m else 0


def reading(tmp):
    big = os.path.join(tmp, "big.scap")
    make_big(big)
    n = count_events(big)
    print("capture, reading: BIG is %.1f MB, %d events" % (os.path.getsize(big) / 1e6, n))
    times = {(c, who): [] for c, _, _ in CASES for who in ("wtftop", "sysdig")}
    rss = {"wtftop": 0, "sysdig": 0}
    for r in range(ROUNDS):
        for name, args, _ in CASES:
            for who, argv, env in (("wtftop", [WTFTOP, "-r", big] + args, None),
                                   ("sysdig", ["sysdig", "-r", big] + args, ENV_UTC)):
                secs, maxrss = run_reader(argv, env)
                times[(name, who)].append(secs)
                rss[who] = max(rss[who], maxrss)
        print("  reading: round %d/%d done" % (r + 1, ROUNDS), file=sys.stderr)
    ok = True
    for name, _, bar in CASES:
        w, s = statistics.median(times[(name, "wtftop")]), statistics.median(times[(name, "sysdig")])
        ratio = statistics.median(sd / wt for wt, sd in zip(times[(name, "wtftop")], times[(name, "sysdig")]))
        ok &= ratio >= bar
        print("capture, reading %s: wtftop %.0f events/s (%.2f s), sysdig %.0f events/s (%.2f s) -> %.2fx "
              "(median of the rounds' ratios)" % (name, n / w, w, n / s, s, ratio))
        print("%s wtftop -r, %s: >= %.0fx sysdig's events/s" % ("MET " if ratio >= bar else "MISS", name, bar))
    print("capture, reading: peak memory wtftop %.1f MB, sysdig %.1f MB" % (rss["wtftop"] / 1024,
                                                                           rss["sysdig"] / 1024))
    print("%s wtftop -r peak memory <= sysdig's" % ("MET " if rss["wtftop"] <= rss["sysdig"] else "MISS"))
    return ok and rss["wtftop"] <= rss["sysdig"]


def main():
    if os.geteuid() != 0:
        print("benchmarks need root (the probe)")
        return 1
    if not shutil.which("sysdig"):
        print("capture: sysdig is not installed (make deps installs it)")
        return 1
    tmp = tempfile.mkdtemp(prefix="wtftop-bench-capture-")
    try:
        w = writing(tmp)
        print("%s wtftop -w under a syscall flood: zero drops" % ("MET " if w else "MISS"))
        reading(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
