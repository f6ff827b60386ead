"""End-to-end tests of filters from Falco's and sysdig's material (issue 3):
each runs the real wtftop binary, live, with the filter exactly as written,
while tests/helpers/trig_filters performs real syscalls under chosen process
names; the events printed with -p must include the activity that should match
and none of its look-alikes."""
import errno
import glob
import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

SEP = "\t"
TAG = "wtftop-test-%d" % os.getpid()


def stream(args, workload, timeout=20):
    """As test_stream.py's stream(): starts wtftop with args, runs workload()
    repeatedly until wtftop exits (its -M limit) or timeout; returns
    (stdout, stderr, rc)."""
    p = subprocess.Popen([WTFTOP] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = []
    reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
    reader.start()
    deadline = time.time() + timeout
    time.sleep(0.3)
    try:
        while p.poll() is None and time.time() < deadline:
            workload()
            time.sleep(0.2)
    finally:
        if p.poll() is None:
            p.terminate()
        p.wait(timeout=10)
        reader.join(timeout=10)
    err = p.stderr.read().decode(errors="replace")
    return (out[0] if out else b"").decode(errors="replace"), err, p.returncode


def run_filter(flt, fields, workload, seconds=4):
    """Streams events matching flt for a few seconds, printing fields joined by
    SEP (a field an event lacks prints as <NA>); returns the events as dicts
    {field: value}."""
    fmt = "*" + SEP.join("%" + f for f in fields)  # "*": print events lacking a field too
    out, err, rc = stream(["-n", "100000", "-M", str(seconds), "-p", fmt, flt], workload,
                          timeout=seconds + 15)
    assert rc == 0, (rc, err)
    evts = []
    for line in out.splitlines():
        vals = line.split(SEP)
        if len(vals) == len(fields):
            evts.append(dict(zip(fields, vals)))
    return evts


class Trig:
    """Runs trig_filters scenarios and keeps the facts each run printed, by label."""

    def __init__(self):
        self.facts = {}

    def __call__(self, label, *args):
        p = subprocess.run([helper("trig_filters")] + [str(a) for a in args],
                           capture_output=True, text=True, timeout=10)
        assert p.returncode == 0, (args, p.returncode, p.stderr)
        self.facts.setdefault(label, []).append(helper_output(p.stderr))

    def pids(self, label, key="pid"):
        return {f[key] for f in self.facts.get(label, []) if key in f}


def by_pid(evts, pids):
    return [e for e in evts if e.get("proc.pid") in pids]


def scratch(path_prefix):
    """A unique scratch path (the helper removes it; cleanup() too, on failure)."""
    scratch.n += 1
    return "%s%s-%d" % (path_prefix, TAG, scratch.n)


scratch.n = 0


def cleanup():
    for d in ("/usr/bin/", "/usr/local/bin/", "/tmp/", "/dev/"):
        for f in glob.glob(d + TAG + "-*"):
            try:
                os.unlink(f)
            except OSError:
                pass


def test_container_id_host_bash():
    # No containers yet: every host process has container.id "host", so a bash
    # on the host must not match; the same bash matches "container.id = host".
    pids = set()

    def work():
        p = subprocess.run(["bash", "-c", "echo pid=$$ >&2; cat /etc/hostname >/dev/null; true"],
                           capture_output=True, text=True)
        pids.add(helper_output(p.stderr)["pid"])

    fields = ["proc.pid", "proc.name", "container.id", "evt.type"]
    evts = run_filter("container.id != host and proc.name = bash", fields, work)
    assert pids and not evts, (pids, evts[:5])
    pids.clear()
    evts = run_filter("container.id = host and proc.name = bash", fields, work)
    mine = by_pid(evts, pids)
    assert mine and all(e["proc.name"] == "bash" and e["container.id"] == "host" for e in mine), evts[:5]


def test_write_below_binary_dir():
    t = Trig()

    def work():
        t("usr_bin", "-n", "wtf-w1", "openw", scratch("/usr/bin/"))
        t("bin", "-n", "wtf-w2", "openw", scratch("/bin/"))
        t("tmp", "-n", "wtf-w3", "openw", scratch("/tmp/"))
        t("local_bin", "-n", "wtf-w4", "openw", scratch("/usr/local/bin/"))
        t("read_usr_bin", "-n", "wtf-w5", "openr", "/usr/bin/env")
        # creat(2) is not an open/openat/openat2 event: sysdig's evt.is_open_write is false
        t("creat_usr_bin", "-n", "wtf-w6", "creat", scratch("/usr/bin/"))

    flt = "fd.directory in (/bin, /sbin, /usr/bin, /usr/sbin) and evt.is_open_write=true"
    fields = ["proc.pid", "proc.name", "evt.type", "fd.name", "fd.directory", "evt.is_open_write"]
    try:
        evts = run_filter(flt, fields, work)
    finally:
        cleanup()
    for label, d in (("usr_bin", "/usr/bin"), ("bin", "/bin")):
        mine = by_pid(evts, t.pids(label))
        assert mine, (label, t.facts.get(label, [])[:1], evts[:5])
        for e in mine:
            assert e["evt.type"] == "openat" and e["fd.directory"] == d, e
            assert e["fd.name"].startswith(d + "/" + TAG) and e["evt.is_open_write"] == "true", e
    assert all(f["fd"] != "-1" for fs in t.facts.values() for f in fs if "fd" in f), t.facts
    for label in ("tmp", "local_bin", "read_usr_bin", "creat_usr_bin"):
        assert t.pids(label) and not by_pid(evts, t.pids(label)), (label, by_pid(evts, t.pids(label)))


def test_setns_not_by_docker():
    t = Trig()

    def work():
        t("other", "-n", "wtf-setns", "setns")
        t("docker", "-n", "docker", "setns")
        t("sysdig", "-n", "sysdig", "setns")

    fields = ["proc.pid", "proc.name", "evt.type", "evt.res", "evt.arg.nstype"]
    evts = run_filter("evt.type = setns and not proc.name in (docker, sysdig)", fields, work)
    assert all(f["setns"] == "0" for fs in t.facts.values() for f in fs), t.facts
    mine = by_pid(evts, t.pids("other"))
    assert mine, (t.facts["other"][:1], evts[:5])
    for e in mine:
        assert e["proc.name"] == "wtf-setns" and e["evt.type"] == "setns", e
        assert e["evt.res"] == "SUCCESS" and "CLONE_NEWUTS" in e["evt.arg.nstype"], e
    for label in ("docker", "sysdig"):
        assert t.pids(label) and not by_pid(evts, t.pids(label)), by_pid(evts, t.pids(label))


def test_create_file_below_dev():
    t = Trig()

    def work():
        t("creat", "-n", "wtf-creat", "creat", scratch("/dev/"))
        t("open_creat", "-n", "wtf-ocreat", "openw", scratch("/dev/"))
        t("null", "-n", "wtf-null", "opencreat", "/dev/null")
        t("blkid", "-n", "blkid", "creat", scratch("/dev/"))
        t("tmp", "-n", "wtf-ctmp", "creat", scratch("/tmp/"))
        t("no_creat", "-n", "wtf-nocreat", "openr", "/dev/zero")

    flt = ("(evt.type = creat or evt.arg.flags contains O_CREAT) and proc.name != blkid "
           "and fd.directory = /dev and fd.name != /dev/null")
    fields = ["proc.pid", "proc.name", "evt.type", "fd.name", "fd.directory", "evt.arg.flags"]
    try:
        evts = run_filter(flt, fields, work)
    finally:
        cleanup()
    assert all(f["fd"] != "-1" for fs in t.facts.values() for f in fs), t.facts
    for label, typ in (("creat", "creat"), ("open_creat", "openat")):
        mine = by_pid(evts, t.pids(label))
        assert mine, (label, evts[:5])
        for e in mine:
            assert e["evt.type"] == typ and e["fd.directory"] == "/dev", e
            assert e["fd.name"].startswith("/dev/" + TAG), e
        if typ == "openat":
            assert all("O_CREAT" in e["evt.arg.flags"] for e in mine), mine
    for label in ("null", "blkid", "tmp", "no_creat"):
        assert t.pids(label) and not by_pid(evts, t.pids(label)), (label, by_pid(evts, t.pids(label)))


def test_open_video_device_not_by_skype():
    # /dev/video0 need not exist: a failed open's fd.name is still the path
    t = Trig()

    def work():
        t("other", "-n", "wtf-cam", "sysopen", "/dev/video0")
        t("skype", "-n", "skype", "sysopen", "/dev/video0")
        t("webex", "-n", "webex", "sysopen", "/dev/video0")
        t("other_dev", "-n", "wtf-cam", "sysopen", "/dev/video1")
        t("openat", "-n", "wtf-cam", "openr", "/dev/video0")  # evt.type is openat, not open

    fields = ["proc.pid", "proc.name", "evt.type", "fd.name", "evt.res"]
    flt = "evt.type = open and fd.name = /dev/video0 and not proc.name in (skype, webex)"
    evts = run_filter(flt, fields, work)
    mine = by_pid(evts, t.pids("other"))
    assert mine, (t.facts["other"][:1], evts[:5])
    fact = t.facts["other"][0]
    for e in mine:
        assert e["proc.name"] == "wtf-cam" and e["evt.type"] == "open" and e["fd.name"] == "/dev/video0", e
        if fact["fd"] == "-1":
            assert e["evt.res"] == errno.errorcode[int(fact["errno"])], (e, fact)
    for label in ("skype", "webex", "other_dev", "openat"):
        assert t.pids(label) and not by_pid(evts, t.pids(label)), (label, by_pid(evts, t.pids(label)))


def test_grandparent_named_sshd():
    t = Trig()

    def work():
        # top sshd -> mid -> leaf: the leaf's grandparent is sshd
        t("pos", "tree", "sshd", "wtf-mid", "wtf-leaf", "/etc/hostname")
        # the parent is sshd, the grandparent is not; and one named sshd itself
        t("neg", "tree", "wtf-top", "sshd", "wtf-leafn", "/etc/hostname")
        t("self", "tree", "wtf-top2", "wtf-mid2", "sshd", "/etc/hostname")

    fields = ["proc.pid", "proc.name", "proc.aname[1]", "proc.aname[2]", "evt.type"]
    evts = run_filter("proc.aname[2] = sshd", fields, work)
    leaves = t.pids("pos", "leaf_pid")
    mine = by_pid(evts, leaves)
    assert mine, (t.facts["pos"][:1], evts[:5])
    assert all(e["proc.aname[2]"] == "sshd" for e in mine), mine
    opened = [e for e in mine if e["evt.type"] == "openat"]
    assert opened and all(e["proc.name"] == "wtf-leaf" and e["proc.aname[1]"] == "wtf-mid" for e in opened), mine
    # the positive tree's middle process has sshd as parent, not grandparent
    not_expected = t.pids("pos", "mid_pid") | t.pids("neg", "mid_pid") | t.pids("neg", "leaf_pid") \
        | t.pids("self", "mid_pid") | t.pids("self", "leaf_pid")
    assert t.pids("neg", "leaf_pid") and not by_pid(evts, not_expected), by_pid(evts, not_expected)


def listener(addr):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(addr)
    except OSError as e:
        s.close()
        if e.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            return None
        raise
    s.listen(16)
    return s


def test_server_ip_and_port():
    srv = listener(("127.0.0.1", 0))  # a free port, never a skip for a busy one
    port = srv.getsockname()[1]
    other = listener(("127.0.0.1", 0))
    other_ip = listener(("127.0.0.2", port))  # same port, another server address
    servers = [s for s in (srv, other, other_ip) if s]
    ports = {}

    def work():
        for s in servers:
            c = socket.create_connection(s.getsockname()[:2])
            # one ephemeral port may serve connections to two servers (the
            # 4-tuples differ): every server a client port went to is kept
            ports.setdefault(c.getsockname()[1], set()).add(s.getsockname())
            a, _ = s.accept()
            c.sendall(b"x")
            a.recv(1)
            a.close()
            c.close()

    fields = ["proc.pid", "evt.type", "fd.name", "fd.sip", "fd.sport", "fd.cport"]
    try:
        evts = run_filter("fd.sip = 127.0.0.1 and fd.sport = %d" % port, fields, work)
    finally:
        for s in servers:
            s.close()
    mine = [e for e in evts if e["proc.pid"] == str(os.getpid())]
    good = [e for e in mine if e["fd.cport"].isdigit() and ("127.0.0.1", port) in ports.get(int(e["fd.cport"]), ())]
    types = {e["evt.type"] for e in good}
    assert {"connect", "accept"} <= types or {"connect", "accept4"} <= types, (types, mine[:10])
    assert all(e["fd.sip"] == "127.0.0.1" and e["fd.sport"] == str(port) for e in evts), evts[:10]
    bad = [e for e in mine if e["fd.cport"].isdigit() and int(e["fd.cport"]) in ports
           and ("127.0.0.1", port) not in ports[int(e["fd.cport"])]]
    assert not bad, bad
    assert other_ip is None or any(("127.0.0.2", port) in v for v in ports.values()), ports


if __name__ == "__main__":
    try:
        run(globals())
    finally:
        cleanup()
