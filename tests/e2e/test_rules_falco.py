"""End-to-end tests of Falco's rule format: a file in Falco's shape
(tests/unit/fixtures/rules/falco_format.yaml: lists in lists, macros using
macros, exceptions with comps, append and override, enabled: false) checked
by --validate, then run live: each construct must change what fires."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import *  # noqa: E402,F401,F403
from test_rules import TMP, TRIG, Wtftop, named, sh  # noqa: E402

FIXTURE = os.path.join(ROOT, "tests", "unit", "fixtures", "rules", "falco_format.yaml")
SECRET = "/tmp/wtfrf_secret_file"
GOT = []


def test_validate_counts_what_compiles():
    p = subprocess.run([WTFTOP, "--validate", FIXTURE], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p
    assert p.stdout.strip().endswith("Ok (7 rules: 4 compile, 3 skipped; 3 warnings)"), p.stdout
    warns = p.stderr.strip().splitlines()
    assert len(warns) == 3, warns
    assert "rule 'FX unknown field' skipped" in warns[0] and "'fd.nosuchfield'" in warns[0], warns
    assert "'nosuch.outfield'" in warns[1] and "source 'k8s_audit'" in warns[2], warns


def live():
    """One headless run of the fixture with every trigger and look-alike."""
    if GOT:
        return GOT
    os.makedirs(TMP, exist_ok=True)
    with open(SECRET, "w") as f:
        f.write("x\n")
    w = Wtftop(["--alerts", "--alerts-rate", "0", "--json-alerts", "-R", FIXTURE, "-M", "180"])
    try:
        assert w.marker("wtfrf_start"), w.err
        for prog, path in (("wtfrf_cat", "/etc/shadow"),      # a list in a list
                           ("wtfrf_tac", "/etc/gshadow"),     # tuple exception
                           ("wtfrf_tac", "/etc/shadow"),
                           ("wtfrf_head", "/etc/shadow"),     # exception values appended by name
                           ("wtfrf_head", SECRET),            # macro append
                           ("wtfrf_tail", "/etc/gshadow"),    # override: items: append
                           ("wtfrf_ok2", "/etc/shadow"),      # list-named exception value
                           ("wtfrf_ok2", SECRET),             # a list appended after its use
                           ("wtfrf_zzz", SECRET),             # the macro's "or" stays inside it
                           ("wtfrf_disabled", "/etc/hostname"),
                           ("wtfrf_off", "/etc/hostname")):
            sh(named("/bin/cat", prog), path)
        sh(named(TRIG, "wtfrf_setns"), "setns")
    finally:
        w.stop(marker="wtfrf_end")
    GOT.extend(json.loads(l) for l in w.out if l.startswith("{"))
    return GOT


def live_test(fn):
    """On failure the run is dropped, so the harness's second try makes a
    fresh one rather than re-reading the same alerts."""
    def wrapped():
        try:
            fn()
        except Exception:
            del GOT[:]
            raise
    wrapped.__name__ = fn.__name__
    return wrapped


def fired(rule, prog, path=None):
    return [a for a in live() if a["rule"] == rule and a["output_fields"].get("proc.name") == prog
            and (path is None or a["output_fields"].get("fd.name") == path)]


@live_test
def test_lists_and_macros_resolve():
    r = "FX secret read"
    assert fired(r, "wtfrf_cat", "/etc/shadow"), live()
    assert fired(r, "wtfrf_tail", "/etc/gshadow"), live()
    assert fired(r, "wtfrf_head", SECRET), live()
    assert fired(r, "wtfrf_ok2", SECRET), live()
    assert not fired(r, "wtfrf_zzz"), fired(r, "wtfrf_zzz")
    a = fired(r, "wtfrf_cat")[0]
    assert a["priority"] == "Warning" and a["tags"] == ["fixture", "filesystem", "mitre_credential_access"], a


@live_test
def test_exceptions():
    r = "FX secret read"
    assert not fired(r, "wtfrf_tac", "/etc/gshadow")
    assert fired(r, "wtfrf_tac", "/etc/shadow"), live()
    assert not fired(r, "wtfrf_head", "/etc/shadow")
    assert not fired(r, "wtfrf_ok2", "/etc/shadow")


@live_test
def test_enabled_and_priorities():
    assert fired("FX disabled", "wtfrf_disabled"), live()
    assert not [a for a in live() if a["rule"] == "FX stays off"]
    crit = fired("FX critical", "wtfrf_setns")
    assert crit and crit[0]["priority"] == "Critical", live()


if __name__ == "__main__":
    run(globals())
