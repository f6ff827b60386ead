"""End-to-end tests of -w: live captures of a scripted workload, read back by
sysdig 0.29.3 (`sysdig -r`), by wtftop (`-r`) and by tshark (`tshark -r`);
filters that keep the state, completion on signals and limits, a full disk,
gzip, stdout, and rotation."""
import glob
import gzip
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

TMP = tempfile.mkdtemp(prefix="wtftop-capw-")
FMT = "*%evt.num %evt.dir %evt.type %proc.name %thread.tid %fd.name %evt.res"
WORKLOAD_PROCS = "proc.name in (capwtree, capwcat, capwlog)"
# loading the probe and reading /proc takes long on a host that other test
# suites keep busy: wait for it generously
READY_S = 180
ENV_UTC = dict(os.environ, TZ="UTC")  # sysdig stats /etc/localtime per event otherwise

# The workload: processes with names of their own (a symlink's name becomes
# the comm), file I/O on a known file, a failing open, a TCP connection, and
# logger's unix socket connects: a datagram one that fails (EPROTOTYPE, the
# server is a stream socket), a stream one that works, and glibc's try of
# nscd's socket (ENOENT where no nscd runs) when it looks up the user.
for name, target in (("capwtree", "/bin/bash"), ("capwcat", "/bin/cat"),
                     ("capwlog", "/usr/bin/logger")):
    os.symlink(target, os.path.join(TMP, name))
SCRIPT = os.path.join(TMP, "run.sh")
with open(SCRIPT, "w") as f:
    f.write("""echo hello-capw > {d}/data.txt
{d}/capwcat {d}/data.txt > /dev/null
{d}/capwcat {d}/missing.txt 2>/dev/null
exec 3<>/dev/tcp/127.0.0.1/$1
echo ping >&3
exec 3>&-
{d}/capwlog -u $3 capw-log-$2
{d}/capwcat {d}/sentinel-$2 2>/dev/null
""".format(d=TMP))


class Listener:
    """A local TCP server and a unix stream server that accept and read what
    clients send."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.unix_path = os.path.join(TMP, "unix-%d.sock" % self.port)
        self.usock = socket.socket(socket.AF_UNIX)
        self.usock.bind(self.unix_path)
        self.usock.listen(16)
        self.stop = False
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        while not self.stop:
            try:
                ready, _, _ = select.select([self.sock, self.usock], [], [], 0.5)
                if not ready:
                    continue
                c, _ = ready[0].accept()
                c.settimeout(5)
                try:
                    c.recv(100)
                except OSError:
                    pass
                c.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.t.join(timeout=5)
        self.sock.close()
        self.usock.close()
        os.unlink(self.unix_path)


# Python's vfork lets its clone return only once the child has exec'd, and
# sysdig 0.29.3 renames a child after its parent when the parent's clone exit
# comes after the child's execve (compare_readers): fork, whose clone returns
# at once, seldom lets that happen.
subprocess._USE_VFORK = False


def workload(lst, tag):
    subprocess.run([os.path.join(TMP, "capwtree"), SCRIPT, str(lst.port), str(tag), lst.unix_path],
                   timeout=30)


def raw_events(path):
    """The bytes of a capture, gunzipped when it is gzip (wtftop writes a
    member per flush; a partial one decodes as far as it goes)."""
    with open(path, "rb") as f:
        data = f.read()
    out = b""
    while data[:2] == b"\x1f\x8b":  # gzip members, one after another
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out += d.decompress(data)
        data = d.unused_data
    return out if out else data


def capture_until_seen(args, path, filter_=None, timeout=30, sig=signal.SIGINT):
    """Starts `wtftop -w path args [filter]`, runs the workload until the
    capture holds its last step (the open of a sentinel file: wtftop writes
    out what it has whenever it goes idle), then stops wtftop with sig.
    Returns (port, rc, stderr)."""
    lst = Listener()
    p = start_wtftop(["-w", path] + args + ([filter_] if filter_ else []), timeout=READY_S)
    tag = 0
    try:
        deadline = time.time() + timeout
        while True:
            tag += 1
            workload(lst, tag)
            sentinel = ("%s/sentinel-%d" % (TMP, tag)).encode()
            t_end = time.time() + 3
            while time.time() < t_end and sentinel not in raw_events(path):
                time.sleep(0.1)
            if sentinel in raw_events(path):
                break
            assert time.time() < deadline, "the workload never reached %s" % path
        p.send_signal(sig)
        _, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
        lst.close()
    return lst.port, p.returncode, err.decode(errors="replace")


def sysdig_lines(path, fmt=FMT, filter_=WORKLOAD_PROCS):
    r = subprocess.run(["sysdig", "-r", path, "-p", fmt] + ([filter_] if filter_ else []),
                       capture_output=True, text=True, env=ENV_UTC, timeout=120)
    assert r.returncode == 0, "sysdig -r %s: rc %d: %s" % (path, r.returncode, r.stderr[-2000:])
    return r.stdout.splitlines()


def wtftop_lines(path, fmt=FMT, filter_=WORKLOAD_PROCS):
    r = subprocess.run([WTFTOP, "-r", path, "-p", fmt] + ([filter_] if filter_ else []),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, "wtftop -r %s: rc %d: %s" % (path, r.returncode, r.stderr[-2000:])
    return r.stdout.splitlines()


RENAMED = {}  # capture path -> the tids sysdig renamed after their parent


def compare_readers(path):
    """Returns wtftop's lines of the workload, having checked that sysdig
    shows the same events line for line, except where 0.29.3 knows less: a
    syscall it has no code for is "<unknown>" there, its mmap does not
    resolve its fd (the event's flags say it uses none), and a child that
    runs before its parent's clone returns is unnamed at first, or named
    after its parent once that clone returns."""
    s, w = sysdig_lines(path), wtftop_lines(path)
    every = w
    assert s, "sysdig shows no workload events in %s" % path
    # One more exception: 0.29.3 learns a new process from its parent's
    # clone exit only; when the child runs first (the kernel lets either go
    # first), sysdig has no name for the child's first events, so the filter
    # on proc.name drops them there, and it never learns the fds the child
    # inherited. And when the parent's clone returns only after the child
    # has exec'd (python's vfork lets the parent go on during the child's
    # execve, and a busy host may run it late), 0.29.3 rebuilds the child
    # from that clone exit: from then on sysdig names the child after its
    # parent, where wtftop keeps the child it knows (bash's fork can do
    # this too, if rarely). Such events must be unnamed in sysdig or named
    # as the parent, whether the filter drops them there or, the parent's
    # name being a workload name too, keeps them; the child's other events
    # are compared without their fd and result.
    parents = {}  # evt.num -> the parent's name, as wtftop knows it

    def parent_of(num):
        if not parents:
            parents.update(l.split(" ", 1) for l in wtftop_lines(path, "*%evt.num %proc.pname", None))
        return parents.get(num)
    renamed = RENAMED.setdefault(path, set())
    shown = {l.split(" ")[0] for l in s}
    unseen = [l for l in w if l.split(" ")[0] not in shown]
    late = {l.split(" ")[4] for l in unseen}
    if unseen:
        names = dict(l.split(" ", 1) for l in sysdig_lines(path, "*%evt.num %proc.name", None))
        wrong = [(l, names.get(l.split(" ")[0]), parent_of(l.split(" ")[0])) for l in unseen
                 if names.get(l.split(" ")[0]) not in ("<NA>", parent_of(l.split(" ")[0]))]
        assert not wrong, wrong[:10]
        renamed |= {l.split(" ")[4] for l in unseen if names.get(l.split(" ")[0]) != "<NA>"}
        w = [l for l in w if l.split(" ")[0] in shown]
    assert len(s) == len(w), "sysdig %d lines, wtftop %d:\n%s\n---\n%s" % (
        len(s), len(w), "\n".join(s[:40]), "\n".join(w[:40]))
    for a, b in zip(s, w):
        fa, fb = a.split(" "), b.split(" ")
        num, dirc, typ, proc, tid = fa[:5]
        # named after its parent, whose name the filter also takes: shown
        # in both readers, under two names
        after_parent = fb[3] != proc and proc == parent_of(num)
        if after_parent:
            renamed.add(tid)
        assert fb[:2] == [num, dirc] and fb[4] == tid and (fb[3] == proc or after_parent), (a, b)
        if typ != "<unknown>":
            assert fb[2] == typ, (a, b)
        if typ not in ("mmap", "mmap2") and tid not in late and not after_parent:
            assert fa[5:] == fb[5:], (a, b)
    return every


def check_workload(lines, port):
    """The workload's steps are all there: the write and the reads of the
    known file, the failing open, the connection's tuple, the unix sockets."""
    data = "%s/data.txt" % TMP
    missing = "%s/missing.txt" % TMP
    rows = [l.split(" ") for l in lines]

    def has(pred):
        return any(pred(r) for r in rows if len(r) >= 7)
    assert has(lambda r: r[1] == "<" and r[2] == "openat" and r[3] == "capwtree" and r[5] == data), lines[:50]
    assert has(lambda r: r[1] == "<" and r[2] == "write" and r[3] == "capwtree" and r[5] == data)
    assert has(lambda r: r[1] == "<" and r[2] == "read" and r[3] == "capwcat" and r[5] == data)
    assert has(lambda r: r[1] == "<" and r[2] == "openat" and r[3] == "capwcat" and r[5] == missing
               and r[6] == "ENOENT")
    tuple_re = re.compile(r"^127\.0\.0\.1:\d+->127\.0\.0\.1:%d$" % port)
    assert has(lambda r: r[1] == "<" and r[2] == "connect" and r[3] == "capwtree" and tuple_re.match(r[5])
               and r[6] == "SUCCESS")
    # logger's unix sockets: the enter of a connect names the socket by the
    # path; a failed connect leaves it so (its close is named by the path);
    # a connect that works names it by both ends and the path
    unix = re.escape("%s/unix-%d.sock" % (TMP, port))
    for pattern in (r"> connect capwlog \d+ %s <NA>" % unix,
                    r"< connect capwlog \d+ [0-9a-f]+->0 %s EPROTOTYPE" % unix,
                    r"< close capwlog \d+ %s SUCCESS" % unix,
                    r"< connect capwlog \d+ [0-9a-f]+->[0-9a-f]+ %s SUCCESS" % unix,
                    r"< sendmsg capwlog \d+ [0-9a-f]+->[0-9a-f]+ %s SUCCESS" % unix):
        assert any(re.fullmatch(r"\d+ " + pattern, l) for l in lines), (pattern, lines[:50])


_LIVE = {}


def live_capture():
    """One unfiltered capture of the workload, shared by the tests that read it."""
    if "path" not in _LIVE:
        path = os.path.join(TMP, "live.scap")
        port, rc, err = capture_until_seen([], path)
        assert rc == 0, err
        _LIVE.update(path=path, port=port)
    return _LIVE["path"], _LIVE["port"]


def test_live_capture_reads_back_in_sysdig_and_wtftop():
    try:
        live_capture_reads_back()
    except AssertionError:
        # the retry takes a capture of its own: one run's scheduling (see
        # compare_readers) must not decide both attempts
        if "path" in _LIVE:
            RENAMED.pop(_LIVE["path"], None)
            os.unlink(_LIVE["path"])
        _LIVE.clear()
        raise


def live_capture_reads_back():
    path, port = live_capture()
    lines = compare_readers(path)
    check_workload(lines, port)
    # the process tree: capwcat's parent is capwtree, in both readers, but
    # where sysdig renamed that capwtree after its own parent (see above)
    fmt = "%proc.name %proc.pname %evt.type %proc.ppid"
    flt = "proc.name=capwcat and evt.type=execve and evt.dir=<"
    s, w = sysdig_lines(path, fmt, flt), wtftop_lines(path, fmt, flt)
    assert s and len(s) == len(w) and all(l.startswith("capwcat capwtree execve ") for l in w), (s, w)
    assert all(a == b or a.split(" ")[3] in RENAMED.get(path, ()) for a, b in zip(s, w)), (s, w)
    # which end is local: sysdig knows the machine's addresses from the
    # file's interface list, and without one calls the server end local
    fmt = "%fd.name %fd.lport %fd.rport %fd.lip"
    flt = "fd.sport=%d and evt.type=connect and evt.dir=< and fd.type=ipv4" % port
    s, w = sysdig_lines(path, fmt, flt), wtftop_lines(path, fmt, flt)
    assert s and s == w, (s, w)
    for l in s:
        name, lport, rport, lip = l.split(" ")
        assert name == "127.0.0.1:%s->127.0.0.1:%s" % (lport, rport) and rport == str(port), (l, port)


def test_tshark_reads_it_without_errors():
    path, _ = live_capture()
    r = subprocess.run(["tshark", "-r", path], capture_output=True, text=True, timeout=120)
    errors = [l for l in r.stderr.splitlines() if "Running as user" not in l and l.strip()]
    assert r.returncode == 0 and not errors, (r.returncode, r.stderr[-2000:])
    assert len(r.stdout.splitlines()) > 100, r.stdout[-1000:]


def test_filter_keeps_the_state_that_makes_events_readable():
    """Only capwcat's reads are written as events; its execve and the open of
    the file it reads come along as state-only events, so both readers name
    the process and the file without showing those."""
    path = os.path.join(TMP, "filtered.scap")
    port, rc, err = capture_until_seen([], path, "proc.name=capwcat and evt.type=read")
    assert rc == 0, err
    lines = compare_readers(path)
    types = {l.split(" ")[2] for l in lines}
    assert types == {"read"}, types
    data = "%s/data.txt" % TMP
    assert any(l.split(" ")[3] == "capwcat" and l.split(" ")[5] == data for l in lines), lines[:40]
    every = sysdig_lines(path, filter_=None)
    assert {l.split(" ")[2] for l in every} == {"read"}, "state-only events are shown"


def test_sigterm_completes_the_file():
    path = os.path.join(TMP, "term.scap")
    port, rc, err = capture_until_seen([], path, WORKLOAD_PROCS, sig=signal.SIGTERM)
    assert rc == 0, err
    check_workload(compare_readers(path), port)


def test_a_stop_loses_nothing_uncounted():
    # A gzip capture that cannot keep up with a getppid flood drops events
    # (counted). At Ctrl-C the rings still hold what it had not read: that
    # goes into the file too, so every call is in the file or among the drops.
    # Whether the writer falls behind by itself depends on how fast this
    # machine's syscalls are (where one takes a microsecond, it kept up), so
    # it is stopped for the length of the flood: the rings fill, the rest is
    # dropped, and the stop comes with full rings.
    n = 600000
    path = os.path.join(TMP, "flood.scap.gz")
    p = start_wtftop(["-z", "-w", path, "--stats", "proc.name=sysbench"], timeout=READY_S)
    try:
        p.send_signal(signal.SIGSTOP)
        try:
            subprocess.run([helper("sysbench"), "flood", str(n), "2"], stdout=subprocess.DEVNULL, check=True)
        finally:
            p.send_signal(signal.SIGCONT)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    err = err.decode(errors="replace")
    m = re.search(r"(\d+) events, (\d+) printed, (\d+) dropped", err)
    assert p.returncode == 0 and m, err[-2000:]
    printed, dropped = int(m.group(2)), int(m.group(3))
    assert dropped > 0, "the flood was meant to outrun the gzip writer: %s" % m.group(0)
    assert printed + dropped >= n, m.group(0)
    # what was counted as written is in the file: each syscall as enter and exit
    r = subprocess.run([WTFTOP, "-r", path, "-p", "%evt.type", "evt.type=getppid"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    calls = r.stdout.count("getppid") // 2
    assert calls >= printed - 1000 and calls + dropped >= n, (calls, m.group(0))


def run_until_exit(args, timeout=40, tag=1000, **popen_kw):
    """Runs wtftop with args, doing the workload until it stops by itself;
    returns (exit status, stdout or None when redirected, stderr)."""
    lst = Listener()
    p = start_wtftop(args, timeout=READY_S, **popen_kw)
    try:
        deadline = time.time() + timeout
        while p.poll() is None and time.time() < deadline:
            tag += 1
            workload(lst, tag)
        out, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
        lst.close()
    return p.returncode, out, err.decode(errors="replace")


def test_n_limit_completes_the_file():
    path = os.path.join(TMP, "n.scap")
    rc, _, err = run_until_exit(["-w", path, "-n", "30", "proc.name=capwcat and evt.type=openat"])
    assert rc == 0, err
    lines = sysdig_lines(path, filter_=None)
    # 30 openat exits, each with its enter
    assert len(lines) == 60 and {l.split(" ")[2] for l in lines} == {"openat"}, lines


def test_M_limit_completes_the_file():
    path = os.path.join(TMP, "m.scap")
    rc, _, err = run_until_exit(["-w", path, "-M", "3", WORKLOAD_PROCS])
    assert rc == 0, err
    assert sysdig_lines(path) and wtftop_lines(path)


def test_gzip_to_stdout():
    """-w - -z: a gzip stream on stdout that both readers take."""
    path = os.path.join(TMP, "stdout.scap.gz")
    with open(path, "wb") as f:
        rc, _, err = run_until_exit(["-w", "-", "-z", "-n", "20", "proc.name=capwcat and evt.type=openat"],
                                    tag=2000, stdout=f)
    assert rc == 0, err
    with open(path, "rb") as f:
        assert f.read(2) == b"\x1f\x8b"
    assert len(gzip.decompress(open(path, "rb").read())) > 0
    s = sysdig_lines(path, filter_=None)
    w = wtftop_lines(path, filter_=None)
    assert len(s) == 40 and s == w, (s[:10], w[:10])


def test_full_disk_is_reported_and_leaves_a_readable_file():
    """Plain and gzip: the file ends with whole blocks (a gzip of whole
    members), which sysdig reads to the end without an error."""
    for gz in ([], ["-z"]):
        mnt = tempfile.mkdtemp(prefix="small-", dir=TMP)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        try:
            path = os.path.join(mnt, "full.scap")
            rc, _, err = run_until_exit(["-w", path, "-M", "90"] + gz, timeout=90)
            assert rc != 0, "wtftop%s did not fail on a full disk" % gz
            assert path in err and "No space left on device" in err, err
            if gz:
                with open(path, "rb") as f:
                    assert gzip.decompress(f.read()), "not a whole gzip"
            r = subprocess.run(["sysdig", "-r", path], capture_output=True, text=True, env=ENV_UTC, timeout=120)
            assert r.returncode == 0 and not r.stderr.strip(), (gz, r.stderr[-2000:])
            assert len(r.stdout.splitlines()) > 100, r.stdout[-500:]
            assert wtftop_lines(path, filter_=None)
        finally:
            subprocess.run(["umount", "-l", mnt])


def readable(path):
    r = subprocess.run(["sysdig", "-r", path], capture_output=True, text=True, env=ENV_UTC, timeout=120)
    return r.returncode == 0, len(r.stdout.splitlines())


def test_rotation_by_events_and_W_keeps_at_most_N():
    """-e 100 -W 2 -n 1000: ten files' worth of events in two names, reused."""
    base = os.path.join(TMP, "ev.scap")
    rc, _, err = run_until_exit(["-w", base, "-e", "100", "-W", "2", "-n", "1000"])
    assert rc == 0, err
    files = sorted(glob.glob(base + "*"))
    assert files == [base + "0", base + "1"], files
    for f in files:
        ok, n = readable(f)
        # at most 100 events, each an enter/exit pair at most
        assert ok and 0 < n <= 200, (f, n)


def test_rotation_by_size():
    base = os.path.join(TMP, "size.scap")
    lst = Listener()
    p = start_wtftop(["-w", base, "-C", "1"], timeout=READY_S)
    try:
        deadline = time.time() + 40
        tag = 3000
        while not os.path.exists(base + "2") and time.time() < deadline:
            tag += 1
            workload(lst, tag)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
        lst.close()
    assert p.returncode == 0, err
    assert os.path.exists(base + "2"), "no third file after 40 s"
    for i in (0, 1):
        size = os.path.getsize(base + str(i))
        # rotated once past 1 MB: the last event block may go beyond it
        assert 1000000 <= size < 1200000, (i, size)
        assert readable(base + str(i))[0]


def test_rotation_by_time_with_strftime_names():
    """-G 1 over a run of several seconds: several files, named by the
    pattern; how many depends on when the seconds fall, so at least two."""
    pattern = os.path.join(TMP, "g-%H%M%S.scap")
    rc, _, err = run_until_exit(["-w", pattern, "-G", "1", "-M", "5", WORKLOAD_PROCS])
    assert rc == 0, err
    files = sorted(glob.glob(os.path.join(TMP, "g-*.scap")))
    assert len(files) >= 2, files
    for f in files:
        assert re.match(r"^g-\d{6}\.scap$", os.path.basename(f)), f
        assert readable(f)[0], f


def test_rotation_by_time_W_keeps_at_most_N():
    pattern = os.path.join(TMP, "gw-%H%M%S.scap")
    rc, _, err = run_until_exit(["-w", pattern, "-G", "1", "-W", "2", "-M", "5", WORKLOAD_PROCS])
    assert rc == 0, err
    files = glob.glob(os.path.join(TMP, "gw-*.scap"))
    assert 1 <= len(files) <= 2, files
    for f in files:
        assert readable(f)[0], f


try:
    run(globals())
finally:
    shutil.rmtree(TMP, ignore_errors=True)
