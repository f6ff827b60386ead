"""testlib.py: the little test harness shared by probe and e2e tests.

Each test file defines functions named test_*; run() calls them in order and
prints one line per test and the closing line "N passed, N failed"."""
import json
import os
import subprocess
import sys
import traceback

ROOT = os.environ.get("WTF_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("WTF_BUILD", os.path.join(ROOT, "build"))
WTFTOP = os.path.join(BUILD, "wtftop")
HELPERS = os.path.join(BUILD, "helpers")


def helper(name):
    return os.path.join(HELPERS, name)


_made = set()


def built(*targets):
    """The paths of these make targets under BUILD ("tests/lua_floor"),
    made (once per run) before their first use: `make` alone neither builds
    nor rebuilds them, and a test or benchmark run by hand then ran a tool
    older than the code under it (a probe test passed against the probe
    before a change)."""
    paths = [os.path.join(BUILD, t) for t in targets]
    todo = [p for p in paths if p not in _made]
    if todo:
        subprocess.run(["make", "-s", "-C", ROOT, "O=" + os.path.abspath(BUILD)] + todo, check=True)
        _made.update(todo)
    return paths


def probe_events(cmd, snaplen=80, timeout=30, timed=True):
    """Runs cmd under probe_dump; returns (events, exit code, stderr).
    Each event is a dict: type, dir, tid, ts, latency, params{name: value}.
    Untimed, as a stream that reads no latency, the probe's enter only copies
    arguments, and latencies are 0."""
    probe_dump, = built("tests/probe_dump")
    p = subprocess.run([probe_dump, "-s", str(snaplen)] + ([] if timed else ["-T"]) + ["--"] + list(cmd),
                       capture_output=True, text=True, timeout=timeout)
    evts = []
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            evts.append(json.loads(line))
    return evts, p.returncode, p.stderr


class without_rdonly_cast:
    """Within it, the probe reads files and sockets as on a kernel before
    6.2, which has no bpf_rdonly_cast: with a helper call per field."""

    def __enter__(self):
        os.environ["WTFTOP_NO_RDONLY_CAST"] = "1"

    def __exit__(self, *exc):
        del os.environ["WTFTOP_NO_RDONLY_CAST"]
        return False


def find(evts, type_, **params):
    """Events of type_ whose params match all of params (exactly)."""
    out = []
    for e in evts:
        if e["type"] != type_:
            continue
        if all(e["params"].get(k) == v for k, v in params.items()):
            out.append(e)
    return out


def one(evts, type_, **params):
    found = find(evts, type_, **params)
    assert len(found) >= 1, "no %s event with %r; saw types %s" % (
        type_, params, sorted({e["type"] for e in evts}))
    return found[-1]


def only(evts, type_, **params):
    """The parameters of the single event of type_ matching params (several
    would be ambiguous); it is an exit event with a latency."""
    found = find(evts, type_, **params)
    assert len(found) == 1, "%d %s events with %r: %r" % (len(found), type_, params, found)
    e = found[0]
    assert e["dir"] == "<" and e["latency"] > 0, e
    return e["params"]


def start_wtftop(args, timeout=60, env=None, **popen_kw):
    """Starts wtftop with args in the background and returns its Popen once it
    says it is seeing events (WTFTOP_READY_FILE: probe attached, /proc read),
    so that no test guesses how long the probe takes to load on a busy host.
    Raises if wtftop exits or stays silent for timeout seconds."""
    import tempfile
    import time
    fd, ready = tempfile.mkstemp(prefix="wtftop-ready-")
    os.close(fd)
    os.unlink(ready)
    env = dict(env if env is not None else os.environ, WTFTOP_READY_FILE=ready)
    popen_kw.setdefault("stdout", subprocess.PIPE)
    popen_kw.setdefault("stderr", subprocess.PIPE)
    p = subprocess.Popen([WTFTOP] + list(args), env=env, **popen_kw)
    deadline = time.time() + timeout
    try:
        while not os.path.exists(ready):
            if p.poll() is not None:
                raise AssertionError("wtftop %r exited with %s before it was ready" % (args, p.returncode))
            if time.time() > deadline:
                p.kill()
                raise AssertionError("wtftop %r not ready after %d s" % (args, timeout))
            time.sleep(0.05)
    finally:
        if os.path.exists(ready):
            os.unlink(ready)
    return p


def canary_rule(d, rule, output, priority):
    """Writes d/rules.yaml with one rule that fires when d/canary is opened;
    returns (the canary's path, the rules file's path)."""
    canary, rules = os.path.join(d, "canary"), os.path.join(d, "rules.yaml")
    with open(rules, "w") as f:
        f.write("- rule: %s\n  desc: a test rule\n"
                "  condition: evt.type in (open, openat) and fd.name = %s\n"
                "  output: %s\n  priority: %s\n" % (rule, canary, output, priority))
    return canary, rules


def helper_output(stdout):
    """key=value lines a trigger helper prints about what it did."""
    out = {}
    for line in stdout.splitlines():
        if "=" in line and not line.startswith("{"):
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _attempt(fn):
    """Runs one test; returns None, or the traceback text of its failure."""
    try:
        fn()
        return None
    except Exception:
        return traceback.format_exc()


def run(module_globals):
    """Runs the test_* functions in order. A test that fails is run once more:
    live tests share a busy host with everything else, and one stray failure
    must be told apart from a broken test. A retried pass is reported as such,
    with the first failure's traceback, and counted in the closing line."""
    tests = [(n, f) for n, f in module_globals.items() if n.startswith("test_") and callable(f)]
    only = os.environ.get("WTF_TEST_ONLY")
    passed = failed = retried = 0
    for name, fn in tests:
        if only and only not in name:
            continue
        first = _attempt(fn)
        if first is None:
            print("ok   %s" % name)
            passed += 1
        else:
            second = _attempt(fn)
            if second is None:
                print("ok   %s (passed on its second run; the first failed:)" % name)
                sys.stdout.write(first)
                passed += 1
                retried += 1
            else:
                print("FAIL %s" % name)
                sys.stdout.write(first)
                if second != first:
                    print("(second run:)")
                    sys.stdout.write(second)
                failed += 1
        sys.stdout.flush()
    print("%d passed, %d failed%s" % (passed, failed,
                                      ", %d passed only on a second run" % retried if retried else ""))
    sys.exit(1 if failed else 0)


def empty_refresh(line):
    """Whether a --batch -j line (parsed) stands for a refresh without rows:
    the keys of every line and "rows": 0, no column."""
    return set(line) == {"refresh", "interval_s", "view", "rows"} and line["rows"] == 0


class Batch:
    """wtftop --batch -j -v VIEW [FILTER] with the repository's views, started
    with start_wtftop (it sees events once this returns); its JSON rows are
    collected as they come, and the refreshes counted, those without rows
    too. Used by the view tests."""

    def __init__(self, view, filt=None, delay_ms=1000, extra=(), env=None, wait=30, views=None):
        import queue
        import threading
        args = ["--batch", "-j", "-d", str(delay_ms), "-v", view] + list(extra) + ([filt] if filt else [])
        env = dict(env if env is not None else os.environ, WTFTOP_VIEWS_PATH=views or os.path.join(ROOT, "views"))
        self.p = start_wtftop(args, env=env, text=True)
        self.rows = []
        self.last_refresh = 0
        self.wait = wait
        self.q = queue.Queue()
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self):
        for line in self.p.stdout:
            if line.startswith("{"):
                self.q.put(json.loads(line))

    def _drain(self):
        while not self.q.empty():
            line = self.q.get()
            self.last_refresh = max(self.last_refresh, line["refresh"])
            if not empty_refresh(line):
                self.rows.append(line)

    def refreshes(self):
        """The refreshes printed so far."""
        self._drain()
        return self.last_refresh

    def wait_for(self, cond, what, timeout=None):
        """Polls until cond(rows) is true; the rows seen when it fails."""
        import time
        timeout = timeout or self.wait
        deadline = time.time() + timeout
        while time.time() < deadline:
            self._drain()
            if cond(self.rows):
                return
            assert self.p.poll() is None, "wtftop exited: %s" % self.p.stderr.read()[-2000:]
            time.sleep(0.2)
        raise AssertionError("%s: not within %d s; last rows %r" % (what, timeout, self.rows[-10:]))

    def settle(self, refreshes=3):
        """Lets a few refreshes pass after the last one printed and takes
        what they printed: rows that should not exist would show by then."""
        n = self.refreshes() + refreshes
        self.wait_for(lambda rows: self.refreshes() >= n, "%d more refreshes" % refreshes)

    def stop(self):
        self.p.terminate()
        try:
            self.p.wait(timeout=30)  # a refresh in progress ends first
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait(timeout=10)
        return self.p.stderr.read()


def total(rows, col, match):
    """The sum over refreshes of rate * interval: the count back from a rate."""
    return sum(r[col] * r["interval_s"] for r in rows if match(r))
