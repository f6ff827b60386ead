"""bench_containers.py: issue 6's measure: the container runtime's API must
cost nothing but the metadata. Events per second that wtftop delivers (a
host getppid flood, filtered, zero drops expected) while new podman
containers start all along, so that each needs a lookup, with:
  api     the podman API socket answering;
  silent  a socket that accepts connections and never answers (each lookup
          runs into its timeout, off the event path);
  none    no socket at all.
Ratios silent/api and none/api; the bar is "unchanged within noise" (here:
within 15% of the api rate). Interleaved rounds; each ratio is the median of
the rounds' ratios, as this VM's speed drifts by up to 2x from minute to
minute and the conditions of a round run within seconds of each other."""
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import podman_env  # noqa: E402
from bench_pipeline import WTFTOP, SYSBENCH, stats_line, Tracer  # noqa: E402

ROUNDS = int(os.environ.get("WTF_BENCH_ROUNDS", "5"))
N_FLOOD = 3_000_000


class Churn:
    """Starts a new short-lived container every 0.4 s while it runs."""

    def __init__(self, env):
        self.env, self.stop, self.started = env, threading.Event(), 0

    def loop(self):
        while not self.stop.is_set():
            self.env.podman(["run", "-d", "--rm", "--network", "none", podman_env.IMAGE, "sleep", "1"],
                            check=False)
            self.started += 1
            self.stop.wait(0.4)

    def __enter__(self):
        self.t = threading.Thread(target=self.loop)
        self.t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.t.join(timeout=60)
        return False


def one(sock):
    with Tracer([WTFTOP, "--stream", "--stats", "-q", "--container-socket", sock, "proc.name=sysbench"]) as t:
        with Churn(ENV) as churn:
            time.sleep(0.5)
            t0 = time.time()
            subprocess.run([SYSBENCH, "flood", str(N_FLOOD), "2"], capture_output=True, check=True)
            el = time.time() - t0
    st = stats_line(t.stderr)
    if not st:
        raise RuntimeError("no --stats line: " + t.stderr[-500:])
    return min(st[1], N_FLOOD) / el, st[2], churn.started


def main():
    global ENV
    if os.geteuid() != 0:
        print("benchmarks need root")
        return 1
    try:
        ENV = podman_env.PodmanEnv().__enter__()
    except podman_env.Unavailable as ex:
        print("containers benchmark skipped: podman unavailable (%s)" % ex)
        return 0
    silent_path = os.path.join(ENV.dir, "silent.sock")
    silent = socket.socket(socket.AF_UNIX)
    silent.bind(silent_path)
    silent.listen(1024)
    conds = {"api": ENV.socket, "silent": silent_path, "none": os.path.join(ENV.dir, "absent.sock")}
    rates = {c: [] for c in conds}
    drops = {c: 0 for c in conds}
    try:
        for r in range(ROUNDS):
            for c, sock in conds.items():
                rate, d, n = one(sock)
                rates[c].append(rate)
                drops[c] += d
            print("  round %d/%d done" % (r + 1, ROUNDS), file=sys.stderr)
    finally:
        silent.close()
        ENV.close()
    m = {c: statistics.median(v) for c, v in rates.items()}
    ratio = {c: statistics.median(x / a for x, a in zip(rates[c], rates["api"])) for c in ("silent", "none")}
    print("containers: events/s with new containers starting: api %.0f, silent runtime %.0f (%.2fx), "
          "no socket %.0f (%.2fx; medians of the rounds' ratios); drops api %d, silent %d, none %d"
          % (m["api"], m["silent"], ratio["silent"], m["none"], ratio["none"],
             drops["api"], drops["silent"], drops["none"]))
    ok = all(abs(ratio[c] - 1) <= 0.15 for c in ("silent", "none"))
    print("%s events/s with a silent or absent runtime within 15%% of a live one" % ("MET " if ok else "MISS"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
