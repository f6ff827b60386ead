"""Probe tests: file syscalls. Each triggers the real syscall and checks every
decoded parameter of its event, failures and the path included."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

TRIG = helper("trig_file")
PPM_O_RDONLY, PPM_O_WRONLY, PPM_O_CREAT, PPM_O_TRUNC, PPM_O_CLOEXEC, PPM_O_F_CREATED = 1, 2, 4, 256, 4096, 1 << 14


def test_openat_read_close():
    evts, rc, err = probe_events([TRIG, "open_read", "/etc/hostname"])
    assert rc == 0, err
    st = os.stat("/etc/hostname")
    e = one(evts, "openat", name="/etc/hostname")
    p = e["params"]
    assert p["fd"] >= 3 and p["dirfd"] == -100
    assert p["flags"] == PPM_O_RDONLY | PPM_O_CLOEXEC, p
    assert p["mode"] == 0
    assert p["ino"] == st.st_ino, (p, st.st_ino)
    assert p["dev"] == (os.major(st.st_dev) << 20 | os.minor(st.st_dev)) or p["dev"] == st.st_dev
    assert e["latency"] > 0
    fd = p["fd"]
    r = one(evts, "read", fd=fd)
    data = open("/etc/hostname", "rb").read()[:64]
    assert r["params"]["res"] == len(data)
    assert bytes.fromhex(r["params"]["data"]) == data[:80]
    assert r["params"]["size"] == 64
    c = one(evts, "close", fd=fd)
    assert c["params"]["res"] == 0


def test_openat_read_close_without_rdonly_cast():
    with without_rdonly_cast():
        test_openat_read_close()


def test_openat_failure():
    evts, rc, err = probe_events([TRIG, "open_fail"])
    e = one(evts, "openat", name="/nonexistent-wtftop/x")
    assert e["params"]["fd"] == -2  # ENOENT
    assert e["params"]["ino"] == 0


def test_open_write_creat_pwrite():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "out.txt")
        evts, rc, err = probe_events([TRIG, "write", path])
        assert rc == 0, err
        o = one(evts, "open", name=path)
        p = o["params"]
        assert p["flags"] & (PPM_O_WRONLY | PPM_O_CREAT | PPM_O_TRUNC) == PPM_O_WRONLY | PPM_O_CREAT | PPM_O_TRUNC
        assert p["flags"] & PPM_O_F_CREATED, "a new file shows as created"
        assert p["mode"] == 0o640 or p["mode"] != 0
        w = one(evts, "write", fd=p["fd"])
        assert w["params"]["res"] == 13
        assert bytes.fromhex(w["params"]["data"]) == b"hello wtftop\n"
        pw = one(evts, "pwrite", fd=p["fd"])
        assert pw["params"]["pos"] == 100 and pw["params"]["res"] == 2
        # lseek to 7 from the start, then to the end (100 + 2 bytes)
        s = one(evts, "lseek", fd=p["fd"], whence=0)
        assert s["params"]["offset"] == 7 and s["params"]["res"] == 7, s
        e = one(evts, "lseek", fd=p["fd"], whence=2)
        assert e["params"]["offset"] == 0 and e["params"]["res"] == 102, e
        # pread of 4 bytes at 6 on a second, read-only fd: "wtft"
        rfd = one(evts, "openat", name=path)["params"]["fd"]
        pr = one(evts, "pread", fd=rfd)
        assert pr["params"]["pos"] == 6 and pr["params"]["size"] == 4 and pr["params"]["res"] == 4, pr
        assert bytes.fromhex(pr["params"]["data"]) == b"wtft"
        c = one(evts, "creat", name=path)
        assert c["params"]["fd"] >= 3


def test_snaplen_zero_captures_no_data():
    evts, rc, err = probe_events([TRIG, "open_read", "/etc/hostname"], snaplen=0)
    fd = one(evts, "openat", name="/etc/hostname")["params"]["fd"]
    r = one(evts, "read", fd=fd)
    assert r["params"]["res"] > 0 and r["params"]["data"] is None


# ---- added with the filesystem family: trig_fs runs in a temporary directory
# and reports on stderr what the kernel returned ---------------------------------

TRIG_FS = helper("trig_fs")


def run_trig_fs(scenario, timed=True):
    with tempfile.TemporaryDirectory(prefix="wtf-file-") as d:
        evts, rc, err = probe_events([TRIG_FS, scenario, d], timed=timed)
        assert rc == 0, err
        facts = {k: int(v) for k, v in helper_output(err).items() if v.lstrip("-").isdigit()}
        return evts, facts


def test_openat_relative_to_cwd_and_dirfd():
    evts, f = run_trig_fs("open_rel")
    dfd = f["dfd"]
    p = one(evts, "openat", name="r", flags=PPM_O_RDONLY)["params"]
    assert p["fd"] == f["cwd_rel"] and p["dirfd"] == -100, "relative path kept as passed"
    p = one(evts, "openat", name="r2", dirfd=dfd)["params"]
    assert p["fd"] == f["dirfd_rel"] and p["ino"] != 0
    p = one(evts, "openat", name="nope", dirfd=dfd)["params"]
    assert p["fd"] == f["dirfd_noent"] == -2 and p["dev"] == 0 and p["ino"] == 0
    p = one(evts, "openat", dirfd=987)["params"]
    assert p["fd"] == f["badfd"] == -9 and p["name"] == "r2"


def test_open_creat_failures():
    evts, f = run_trig_fs("open_rel")
    p = one(evts, "open", name="nope")["params"]
    assert p["fd"] == f["open_noent"] == -2 and p["flags"] == PPM_O_RDONLY and p["ino"] == 0
    p = one(evts, "creat", name="nope/x")["params"]
    assert p["fd"] == f["creat_noent"] == -2 and p["mode"] == 0o600 and p["ino"] == 0


def test_open_mode_is_zero_without_o_creat():
    # The kernel ignores the mode argument unless O_CREAT or O_TMPFILE is
    # given; whatever the caller passed there is not reported (scap shows 0).
    evts, f = run_trig_fs("open_mode")
    p = one(evts, "openat", name="m", flags=PPM_O_RDONLY)["params"]
    assert p["fd"] == f["openat"] and p["mode"] == 0, p
    p = one(evts, "open", name="m")["params"]
    assert p["fd"] == f["open"] and p["mode"] == 0, p


def test_openat_path_is_the_one_read_at_enter():
    # The path's memory is rewritten while openat blocks on a FIFO: the event
    # shows the path the kernel opened (captured at enter), not the new bytes,
    # timed or not; untimed, the enter copies the path but reads no clock
    for timed in (True, False):
        evts, f = run_trig_fs("toctou", timed=timed)
        assert f["openat"] >= 0 and f["path_at_exit_changed"] == 1
        e = one(evts, "openat", fd=f["openat"], dirfd=-100, flags=PPM_O_RDONLY)
        assert e["params"]["name"] == "fifo", (timed, e)
        if timed:
            assert e["latency"] > 100 * 1000 * 1000, "blocked until the writer came"
        else:
            assert e["latency"] == 0, e


if __name__ == "__main__":
    run(globals())
