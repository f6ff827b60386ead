"""bench_pipeline.py: the costs of issue 2, each as a ratio against a baseline
measured in the same run (interleaved rounds, medians of ROUNDS; a tracer's
cost is its slowdown against the runs without a tracer just before and after
it, see overhead()):

1. added ns per getppid with every syscall traced and wtftop streaming to
   /dev/null, against bpftrace's added cost for a per-comm count (bar <= 0.65x);
   the same for an open/read/close loop (bar <= 1x);
2. added ns per getppid when no consumer wants getppid (dropped in the kernel
   by the interest set), against the same bpftrace cost (bar <= 0.25x);
3. events per second delivered through decode, state and filter with zero
   drops, against what bpftrace's printf path delivers (bar >= 10x);
4. resident memory while streaming (bar <= 32 MB) and load+attach time
   (bar < 100 ms).

Beside 1 and 2, three reference probes (ref_probe.bpf.c) measured in the same
rounds show what the bars stand on here: empty programs on sys_enter and
sys_exit (the floor of 2), one 64-byte record at each (the design the 0.65x
bar of 1 was calibrated on), and the least that delivers the loops' events
with the path and data 1 asks for (a reference for 1, not a floor: its
consumer polls every millisecond); beside 3, the rate of the flood under that
last probe (the generator's pace when each call is delivered)."""
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import testlib  # noqa: E402

BUILD = testlib.BUILD
WTFTOP = os.path.join(BUILD, "wtftop")
SYSBENCH = os.path.join(BUILD, "helpers", "sysbench")
ROUNDS = int(os.environ.get("WTF_BENCH_ROUNDS", "7"))
# rounds of the per-syscall costs on every CPU (see overhead()): a median of
# at least 7 on each
OVERHEAD_ROUNDS = int(os.environ.get("WTF_BENCH_OVERHEAD_ROUNDS", "7"))
N_GETPPID = 1_000_000
N_OPENREAD = 200_000
BPFTRACE_COUNT = 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
BPFTRACE_PRINTF = 'tracepoint:raw_syscalls:sys_enter /comm != "bpftrace"/ { printf("%d %s\\n", pid, comm); }'


def sysbench(*args, cpu=None):
    pin = ["taskset", "-c", str(cpu)] if cpu is not None else []
    out = subprocess.run(pin + [SYSBENCH] + [str(a) for a in args], capture_output=True, text=True,
                         timeout=300, check=True).stdout
    return float(out.strip())


class Tracer:
    """A tracer running in the background for the length of a with-block."""

    def __init__(self, argv, stdout=subprocess.DEVNULL, ready=None):
        self.argv, self.stdout, self.ready = argv, stdout, ready

    def __enter__(self):
        self.err = tempfile.TemporaryFile()
        self.p = subprocess.Popen(self.argv, stdout=self.stdout, stderr=self.err)
        deadline = time.time() + 20
        if self.ready:
            while time.time() < deadline:
                self.err.seek(0)
                if self.ready in self.err.read().decode(errors="replace"):
                    break
                if self.p.poll() is not None:
                    break
                time.sleep(0.05)
        time.sleep(0.8)  # let it finish attaching and reading /proc
        if self.p.poll() is not None:
            self.err.seek(0)
            raise RuntimeError("%s exited: %s" % (self.argv[0], self.err.read().decode()))
        return self

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def cpu_s(self):
        """CPU seconds (user and system) the tracer's process has used so far."""
        with open("/proc/%d/stat" % self.p.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc):
        self.p.send_signal(signal.SIGINT)
        try:
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.err.seek(0)
        self.stderr = self.err.read().decode(errors="replace")
        self.err.close()
        return False


def wtftop(*args):
    return Tracer([WTFTOP, "--stream", "--stats"] + list(args), ready=None)


def ensure_tracefs():
    """bpftrace's tracepoint: probes find their events in tracefs, which a
    machine may boot without (wtftop's tp_btf programs do not need it)."""
    if not os.path.isdir("/sys/kernel/tracing/events"):
        subprocess.run(["mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing"], check=True)


def bpftrace(prog, stdout=subprocess.DEVNULL):
    ensure_tracefs()
    return Tracer(["bpftrace", "-e", prog], stdout=stdout, ready="Attaching")


def ref_probe(kind):
    """A reference probe of ref_probe.bpf.c: "empty" or "rec"."""
    return Tracer(testlib.built("tests/ref_probe", "tests/ref_probe.bpf.o") + [kind], ready="attached")


def stats_line(stderr):
    m = re.search(r"(\d+) events, (\d+) printed, (\d+) dropped, load ([\d.]+) ms", stderr)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), float(m.group(4))) if m else None


def med(xs):
    return statistics.median(xs)


def overhead():
    """Each tracer's runs sit between two runs without a tracer, and its cost
    is its slowdown against their mean. This machine's speed drifts over
    seconds (an open/read/close loop alone takes 1,150 to 2,100 ns per round,
    in stretches of several rounds), so a cost taken against the median of
    bases measured a minute away moved by more than the cost itself
    (bpftrace's open/read/close: +251 to +1,412 ns in three runs).

    A tracer's cost also depends on the CPU the workload runs on: bpftrace's
    was +285 ns per getppid on one CPU and +530 on the other, steadily, and
    an unpinned workload lands on either, so its median flipped between the
    two from run to run (+74 to +475 ns seen). Each round therefore pins all
    its runs to one CPU, the rounds take the CPUs in turn, and a cost is the
    mean over the CPUs of that CPU's median."""
    target = "/etc/hostname"
    ncpus = os.cpu_count() or 1
    rounds = OVERHEAD_ROUNDS * ncpus
    workloads = {
        "getppid": lambda cpu: sysbench("getppid", N_GETPPID, cpu=cpu),
        "openread": lambda cpu: sysbench("openread", N_OPENREAD, target, cpu=cpu),
    }
    tracers = {
        "bpftrace": (lambda: bpftrace(BPFTRACE_COUNT), ("getppid", "openread")),
        "wtftop": (lambda: wtftop(), ("getppid", "openread")),
        "wtftop-uninterested": (lambda: wtftop("evt.type=open"), ("getppid",)),
        "ref-empty": (lambda: ref_probe("empty"), ("getppid",)),
        "ref-rec": (lambda: ref_probe("rec"), ("getppid", "openread")),
        "ref-min": (lambda: ref_probe("min"), ("getppid", "openread")),
    }
    cpus = range(ncpus)
    slow = {(c, w, cpu): [] for c in tracers for w in workloads for cpu in cpus}
    bases = {(w, cpu): [] for w in workloads for cpu in cpus}
    drops = {}

    def base_runs(cpu):
        b = {w: fn(cpu) for w, fn in workloads.items()}
        for w, v in b.items():
            bases[(w, cpu)].append(v)
        return b

    for r in range(rounds):
        cpu = r % ncpus
        before = base_runs(cpu)
        for c, (make, ws) in tracers.items():
            with make() as t:
                runs = {w: workloads[w](cpu) for w in ws}
            after = base_runs(cpu)
            for w, v in runs.items():
                slow[(c, w, cpu)].append(v / ((before[w] + after[w]) / 2) - 1)
            if c.startswith("wtftop"):
                st = stats_line(t.stderr)
                if st:
                    drops[c] = drops.get(c, 0) + st[2]
            before = after
        print("  round %d/%d (CPU %d) done" % (r + 1, rounds, cpu), file=sys.stderr)
    out = {}
    for w in workloads:
        # a cost in ns, per CPU: the median slowdown of its rounds at its
        # median base; then the mean over the CPUs
        per_cpu = {c: [med(slow[(c, w, cpu)]) * med(bases[(w, cpu)]) for cpu in cpus]
                   for c, (_, ws) in tracers.items() if w in ws}
        add = {c: statistics.mean(v) for c, v in per_cpu.items()}
        allb = [x for cpu in cpus for x in bases[(w, cpu)]]
        bt, wt = add["bpftrace"], add["wtftop"]
        print("%-9s ns/call: base %.0f (%.0f to %.0f), bpftrace +%.0f, wtftop +%.0f -> ratio %.2fx (drops %d)"
              % (w, med(allb), min(allb), max(allb), bt, wt, wt / bt, drops.get("wtftop", 0)))
        print("%-9s   by CPU: %s" % (w, "; ".join(
            "%d: bpftrace +%.0f, wtftop +%.0f" % (cpu, per_cpu["bpftrace"][cpu], per_cpu["wtftop"][cpu])
            for cpu in cpus)))
        out[w] = wt / bt
        if w == "getppid":
            un = add["wtftop-uninterested"]
            print("%-9s uninterested: wtftop +%.0f -> ratio %.2fx (drops %d)"
                  % (w, un, un / bt, drops.get("wtftop-uninterested", 0)))
            out["uninterested"] = un / bt
        # what the bars stand on: the least a probe on every syscall's entry
        # and exit costs here, the two-record design the 0.65x bar was
        # calibrated on (probe-notes: +636 against bpftrace's +998), and the
        # least that delivers these loops' events as issue 2 asks
        for c, what in (("ref-empty", "empty programs on sys_enter and sys_exit"),
                        ("ref-rec", "a 64-byte record at each sys_enter and sys_exit, no wakeup"),
                        ("ref-min", "one record per syscall at exit, openat's path, 80 bytes of read data")):
            if c in add:
                print("%-9s reference, %s: +%.0f -> ratio %.2fx" % (w, what, add[c], add[c] / bt))
                out[(w, c)] = add[c] / bt
    return out


def throughput():
    """Events per second delivered to the consumer from two threads calling
    getppid as fast as they can (as many as there are cores): wtftop decodes, updates its state and runs a
    filter on every event (matching the generator's, printing nothing), and
    must drop none; bpftrace prints every syscall with printf. Both count only
    the generator's events, over the generator's run."""
    n = 6_000_000
    w_rates, w_cpu_rates, b_rates, b_lost, rss, loads, w_drops = [], [], [], [], [], [], []
    ref_rates = []
    for r in range(ROUNDS):
        # the generator's pace under the least design that delivers each of
        # its calls as an event (ref-min): where that is under the bar too,
        # the generator sets the figure, not the consumer
        with ref_probe("min"):
            t0 = time.time()
            sysbench("flood", n, 2)
            ref_rates.append(n / (time.time() - t0))
        with wtftop("-q", "proc.name=sysbench") as t:
            c0 = t.cpu_s()
            t0 = time.time()
            sysbench("flood", n, 2)
            el = time.time() - t0
            time.sleep(0.2)
            rss.append(t.rss_kb())
            cpu = t.cpu_s() - c0
        st = stats_line(t.stderr)
        if st:
            w_rates.append(min(st[1], n) / el)
            if cpu > 0:
                w_cpu_rates.append(min(st[1], n) / cpu)
            w_drops.append(st[2])
            loads.append(st[3])
        with tempfile.TemporaryFile() as out:
            with bpftrace(BPFTRACE_PRINTF, stdout=out):
                t0 = time.time()
                sysbench("flood", n, 2)
                el = time.time() - t0
            out.seek(0)
            lines = lost = 0
            for line in out:
                if line.endswith(b" sysbench\n"):
                    lines += 1
                elif line.startswith(b"Lost "):
                    lost += int(line.split()[1])
        b_rates.append(lines / el)
        b_lost.append(lost)
    wr, br = med(w_rates), med(b_rates)
    print("throughput: wtftop %.0f events/s (drops in all rounds: %d), bpftrace printf %.0f lines/s "
          "(it lost %d events per round, median) -> %.1fx" % (wr, sum(w_drops), br, med(b_lost), wr / br))
    print("throughput: the same flood under ref-min made %.0f calls/s (%.1fx bpftrace printf)"
          % (med(ref_rates), med(ref_rates) / br))
    # where the generator, not wtftop, sets the pace (a machine whose
    # syscalls are slow), what wtftop could take: events per second of its
    # own CPU time
    if w_cpu_rates:
        print("throughput: wtftop used %.0f%% of a core for them: %.0f events per second of its CPU (median)"
              % (100 * wr / med(w_cpu_rates), med(w_cpu_rates)))
    print("memory: wtftop peak RSS while streaming %.1f MB (median); load+attach %.1f ms (median)"
          % (med(rss) / 1024, med(loads)))
    return {"throughput": wr / br, "throughput_ref_min": med(ref_rates) / br, "rss_mb": med(rss) / 1024,
            "load_ms": med(loads), "drops": sum(w_drops)}


def main():
    if os.geteuid() != 0:
        print("benchmarks need root (the probe and bpftrace)")
        return 1
    print("wtftop benchmarks, %d interleaved rounds (%d on each CPU for the per-syscall costs), medians"
          % (ROUNDS, OVERHEAD_ROUNDS))
    o = overhead()
    t = throughput()
    # each cost bar beside what a reference probe reaches in the same rounds:
    # the empty programs are the floor of any probe on the raw tracepoints;
    # ref-min is the least design on a BPF ring buffer, and its consumer polls
    # every millisecond
    ref = "(here %s: %.2fx)"
    bars = [
        ("getppid added cost vs bpftrace <= 0.65x " + ref % ("ref-min", o[("getppid", "ref-min")]),
         o["getppid"] <= 0.65),
        ("open/read/close added cost vs bpftrace <= 1x " + ref % ("ref-min", o[("openread", "ref-min")]),
         o["openread"] <= 1.0),
        ("uninterested syscalls vs bpftrace <= 0.25x " + ref % ("empty programs", o[("getppid", "ref-empty")]),
         o["uninterested"] <= 0.25),
        ("throughput vs bpftrace printf >= 10x, zero drops (here the flood under ref-min: %.1fx)"
         % t["throughput_ref_min"], t["throughput"] >= 10 and t["drops"] == 0),
        ("RSS <= 32 MB", t["rss_mb"] <= 32),
        ("load+attach < 100 ms", t["load_ms"] < 100),
    ]
    for name, ok in bars:
        print("%s %s" % ("MET " if ok else "MISS", name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
