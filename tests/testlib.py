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
PROBE_DUMP = os.path.join(BUILD, "tests", "probe_dump")


def helper(name):
    return os.path.join(HELPERS, name)


def probe_events(cmd, snaplen=80, timeout=30):
    """Runs cmd under probe_dump; returns (events, exit code, stderr).
    Each event is a dict: type, dir, tid, ts, latency, params{name: value}."""
    p = subprocess.run([PROBE_DUMP, "-s", str(snaplen), "--"] + list(cmd),
                       capture_output=True, text=True, timeout=timeout)
    evts = []
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            evts.append(json.loads(line))
    return evts, p.returncode, p.stderr


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


def helper_output(stdout):
    """key=value lines a trigger helper prints about what it did."""
    out = {}
    for line in stdout.splitlines():
        if "=" in line and not line.startswith("{"):
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def run(module_globals):
    tests = [(n, f) for n, f in module_globals.items() if n.startswith("test_") and callable(f)]
    only = os.environ.get("WTF_TEST_ONLY")
    passed = failed = 0
    for name, fn in tests:
        if only and only not in name:
            continue
        try:
            fn()
            print("ok   %s" % name)
            passed += 1
        except Exception:
            print("FAIL %s" % name)
            traceback.print_exc(file=sys.stdout)
            failed += 1
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
