"""Batch mode of the views added after the first twelve (Server Ports, New
Connections, Spy Users, I/O by Type, Slow File I/O) and of those the first
tests left out (Directories, Processes CPU, Processes Errors, Processes FD
usage): the real binary, live, with wtftop --batch -j -v VIEW against a
worker whose activity is known exactly, checking the figures and rows each
view shows.

Each worker sets itself up (imports, listening sockets, open files) before
wtftop starts, then waits for SIGUSR1: the trigger is no I/O of its own, so
that every byte and call wtftop sees after its start is one the test knows.
Rates are per second of each refresh's interval; rate * interval_s summed
over the refreshes gives the count back."""
import json
import os
import pwd
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

VIEWS_DIR = os.path.join(ROOT, "views")
ENV = dict(os.environ, WTFTOP_VIEWS_PATH=VIEWS_DIR)
WAIT = 30  # seconds to wait for any figure: the probe's load and the host vary
NEW_VIEWS = {  # id: (name, view_type, drilldown_target)
    "server_ports": ("Server Ports", "table", "connections"),
    "new_connections": ("New Connections", "list", None),
    "spy_users": ("Spy Users", "list", None),
    "io_by_type": ("I/O by Type", "table", "procs"),
    "slow_file_io": ("Slow File I/O", "list", None),
}

# Shared head of the workers: SIGUSR1 is blocked before anything is printed,
# so that a signal sent as soon as the first line is read waits for sigwait.
PROLOGUE = r'''
import os, signal, socket, sys, threading, time
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
def go():
    signal.sigwait([signal.SIGUSR1])
def recv_all(s, n):
    got = 0
    while got < n:
        b = s.recv(min(65536, n - got))
        assert b
        got += len(b)
def read_all(fd, n):
    got = 0
    while got < n:
        b = os.read(fd, min(65536, n - got))
        assert b
        got += len(b)
'''

# Server Ports: a listening port; at each SIGUSR1: 3 connections to it with
# A bytes client -> server and B back on each, kept open; then they close;
# then it exits.
SERVER_PORTS = PROLOGUE + r'''
A, B = int(sys.argv[1]), int(sys.argv[2])
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(8)
print("port=%d" % srv.getsockname()[1], flush=True)
go()
pairs = []
for _ in range(3):
    c = socket.socket(); c.connect(srv.getsockname()); s, _ = srv.accept()
    c.sendall(b"a" * A); recv_all(s, A); s.sendall(b"b" * B); recv_all(c, B)
    pairs.append((c, s))
print("cports=" + ",".join(str(c.getsockname()[1]) for c, s in pairs), flush=True)
go()
for c, s in pairs:
    c.close(); s.close()
print("closed", flush=True)
go()
'''

# New Connections: two TCP connections to its own port (kept open), one
# connect refused by a closed port, one UDP connect.
NEW_CONNECTIONS = PROLOGUE + r'''
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(8)
dead = socket.socket(); dead.bind(("127.0.0.1", 0)); dead_port = dead.getsockname()[1]; dead.close()
print("port=%d dead=%d" % (srv.getsockname()[1], dead_port), flush=True)
go()
keep = []
for _ in range(2):
    c = socket.socket(); c.connect(srv.getsockname()); s, _ = srv.accept()
    keep += [c, s]
r = socket.socket()
try:
    r.connect(("127.0.0.1", dead_port))
    refused = "no"
except ConnectionRefusedError:
    refused = "yes"
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.connect(("127.0.0.1", 9))
print("cports=%d,%d udp=%d refused=%s" % (keep[0].getsockname()[1], keep[2].getsockname()[1],
                                          u.getsockname()[1], refused), flush=True)
go()
'''

# I/O by Type: known bytes on a file, a TCP connection, a UDP datagram, a
# unix socket pair and a pipe, then it exits. Everything it uses is open
# before wtftop starts, the TCP client and the UDP sender neither bound nor
# connected (no /proc/net table lists them: their inodes say what they are).
IO_BY_TYPE = PROLOGUE + r'''
path = sys.argv[1]
F, A, B, D, U, P = 111111, 22222, 3333, 666, 4444, 5555
fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
cli = socket.socket()
usend = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
urecv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); urecv.bind(("127.0.0.1", 0))
ua, ub = socket.socketpair()
pr, pw = os.pipe()
print("ready", flush=True)
go()
assert os.write(fd, b"f" * F) == F               # file: 2 calls
assert len(os.pread(fd, F, 0)) == F
cli.connect(srv.getsockname()); conn, _ = srv.accept()
cli.sendall(b"a" * A); recv_all(conn, A); conn.sendall(b"b" * B); recv_all(cli, B)
assert usend.sendto(b"d" * D, urecv.getsockname()) == D and len(urecv.recv(D)) == D  # ipv4: 2 calls
ua.sendall(b"u" * U); recv_all(ub, U); ua.close(); ub.close()   # unix: 4 calls
os.write(pw, b"p" * P); read_all(pr, P); os.close(pr); os.close(pw)  # pipe: 4 calls
'''

# Slow File I/O: one 64 MiB write and one 64 MiB read of a file (tens of ms
# each), 200 small writes, and two slow calls the view must leave out: a
# 64 MiB read of /dev/zero and a read of a pipe whose writer sleeps 20 ms.
SLOW_FILE_IO = PROLOGUE + r'''
path = sys.argv[1]
N = 64 << 20
buf = b"s" * N
fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
zero = os.open("/dev/zero", os.O_RDONLY)
pr, pw = os.pipe()
print("ready", flush=True)
go()
assert os.write(fd, buf) == N
for _ in range(200):
    os.write(fd, b"0123456789")
assert len(os.pread(fd, N, 0)) == N
assert len(os.read(zero, N)) == N
t = threading.Thread(target=lambda: (time.sleep(0.02), os.write(pw, b"late")))
t.start()
assert os.read(pr, 10) == b"late"
t.join()
'''

# Directories: files open in its own directory and in a subdirectory of it
# before wtftop starts; at SIGUSR1, known bytes written and read in each, in
# calls of known sizes.
DIRECTORIES = PROLOGUE + r'''
d = os.path.dirname(os.path.abspath(__file__))
os.mkdir(os.path.join(d, "sub"))
out = os.open(os.path.join(d, "out"), os.O_WRONLY | os.O_CREAT, 0o600)
inp = os.open(os.path.join(d, "in"), os.O_RDWR | os.O_CREAT, 0o600)
os.write(inp, b"i" * 50000)
deep = os.open(os.path.join(d, "sub", "deep"), os.O_WRONLY | os.O_CREAT, 0o600)
print("ready", flush=True)
go()
for _ in range(10):
    assert os.write(out, b"o" * 3000) == 3000
for i in range(5):
    assert len(os.pread(inp, 10000, i * 10000)) == 10000
for _ in range(4):
    assert os.write(deep, b"s" * 1000) == 1000
print("done", flush=True)
go()
'''

# Processes CPU: three threads; at SIGUSR1 the second spins until it has used
# S seconds of CPU, then the process says how much CPU it used meanwhile.
# Not signalled, it stays idle.
PROCS_CPU = PROLOGUE + r'''
S = float(sys.argv[1])
start, spun, never = threading.Event(), threading.Event(), threading.Event()
def spin():
    start.wait()
    t0 = time.thread_time()
    while time.thread_time() - t0 < S:
        pass
    spun.set()
    never.wait()
threading.Thread(target=spin, daemon=True).start()
threading.Thread(target=never.wait, daemon=True).start()
print("ready", flush=True)
go()
c0 = sum(os.times()[:2])
start.set()
spun.wait()
print("cpu=%.3f" % (sum(os.times()[:2]) - c0), flush=True)
go()
'''

# Processes Errors: F opens of a missing file, N connects refused by a closed
# port (on a TCP socket open before wtftop starts), M mprotects of an
# unaligned address, O closes of an fd that is not open. Each is made once
# before wtftop starts, so that nothing set up on first use fails later.
PROCS_ERRORS = PROLOGUE + r'''
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
sock = socket.socket()
dead = socket.socket(); dead.bind(("127.0.0.1", 0)); port = dead.getsockname()[1]; dead.close()
def fail(f, n, m, o):
    for _ in range(f):
        try:
            os.open("/nonexistent-wtftop-views/x", os.O_RDONLY)
        except FileNotFoundError:
            pass
    for _ in range(n):
        try:
            sock.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            pass
    for _ in range(m):
        assert libc.mprotect(ctypes.c_void_p(1), 4096, 0) == -1
    for _ in range(o):
        try:
            os.close(9999)
        except OSError:
            pass
fail(1, 1, 1, 1)
print("ready", flush=True)
go()
fail(*(int(a) for a in sys.argv[1:5]))
print("done", flush=True)
go()
'''

# Processes FD usage: a soft fd limit L of its own and K files open before
# wtftop starts; at SIGUSR1 it opens A more and closes C of the first; at the
# next, a child of it sets a limit L2 and execs a sleep (close-on-exec fds,
# as Python opens them, go); at the next, it lowers its own limit to L3.
PROCS_FD = PROLOGUE + r'''
import resource
L, K, A, C, L2, L3 = (int(a) for a in sys.argv[1:7])
hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
resource.setrlimit(resource.RLIMIT_NOFILE, (L, hard))
d = os.path.dirname(os.path.abspath(__file__))
name = lambda i: os.path.join(d, "f%d" % i)
first = [os.open(name(i), os.O_RDWR | os.O_CREAT, 0o600) for i in range(K)]
print("ready", flush=True)
go()
more = [os.open(name(K + i), os.O_RDWR | os.O_CREAT, 0o600) for i in range(A)]
for fd in first[:C]:
    os.close(fd)
print("opened", flush=True)
go()
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_NOFILE, (L2, hard))
    os.execv("/bin/sleep", ["sleep", "60"])
print("child=%d" % pid, flush=True)
go()
resource.setrlimit(resource.RLIMIT_NOFILE, (L3, hard))
print("lowered", flush=True)
go()
'''


class Worker:
    """A worker script run from a file (so that its command line is known),
    its first line read. "{dir}" in an argument is its own directory."""

    def __init__(self, source, args=()):
        self.dir = tempfile.mkdtemp(prefix="wtftop-views-")
        self.script = os.path.join(self.dir, "worker.py")
        with open(self.script, "w") as f:
            f.write(source)
        self.argv = [sys.executable, self.script] + [str(a).replace("{dir}", self.dir) for a in args]
        self.p = subprocess.Popen(self.argv, stdout=subprocess.PIPE, text=True)
        self.pid = self.p.pid
        self.first = self.p.stdout.readline().strip()
        if not self.first:
            self.close()
            raise AssertionError("the worker said nothing")

    def go(self, read_line=True):
        os.kill(self.pid, signal.SIGUSR1)
        return self.p.stdout.readline().strip() if read_line else None

    def path(self, name):
        return os.path.join(self.dir, name)

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait(timeout=10)
        shutil.rmtree(self.dir)


def comm(pid):
    with open("/proc/%d/comm" % pid) as f:
        return f.read().strip()


def near(x, n):
    return abs(x - n) < 0.01


def cmdline(w):
    """proc.cmdline of a worker: its name, then its arguments."""
    return " ".join([comm(w.pid)] + w.argv[1:])


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def test_new_views_are_listed_with_their_drilldown_targets():
    p = subprocess.run([WTFTOP, "--list-views"], capture_output=True, text=True, timeout=20, env=ENV)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    listed = {l.split()[0]: l for l in p.stdout.splitlines() if l.strip()}
    for vid, (name, vtype, target) in NEW_VIEWS.items():
        assert vid in listed, (vid, p.stdout)
        line = listed[vid]
        # id, name and a description of one sentence or more
        assert line[21:].startswith(name + " "), line
        assert len(line[21 + 23:].strip()) > 20, line
        with open(os.path.join(VIEWS_DIR, vid + ".lua")) as f:
            src = f.read()
        assert re.search(r'view_type = "%s"' % vtype, src), vid
        m = re.search(r'drilldown_target = "([a-z_]+)"', src)
        assert (m.group(1) if m else None) == target, (vid, m and m.group(1))
        if target:
            assert target in listed, (vid, target)


def test_server_ports_counts_bytes_calls_and_connections_per_port():
    A, B = 1000, 700
    w = Worker(SERVER_PORTS, [A, B])
    port = int(w.first.split("=")[1])
    b = Batch("server_ports", "proc.pid=%d" % w.pid)
    try:
        mine = lambda r: r["SPORT"] == port
        # the listening socket is in the state: the port's row comes at once,
        # with no connection yet
        b.wait_for(lambda rows: any(mine(r) for r in rows), "the listening port's row")
        first = [r for r in b.rows if mine(r)][0]
        assert first["PROTO"] == "tcp" and first["CONNS"] == 0, first
        cports = [int(x) for x in w.go().split("=")[1].split(",")]
        assert len(cports) == 3, cports
        # every byte is the worker's at both ends: sent once, received once
        b.wait_for(lambda rows: near(total(rows, "BYTES IN", mine), 3 * (A + B)) and
                   near(total(rows, "BYTES OUT", mine), 3 * (A + B)), "%d bytes each way" % (3 * (A + B)))
        # per connection: connect, accept, and one send and one recv each way
        ops = total(b.rows, "OPS", mine)
        assert near(ops, 18), ops
        b.wait_for(lambda rows: [r for r in rows if mine(r)][-1]["CONNS"] == 3, "3 connections")
        # the row's filter on drilling down (fd.sport=PORT) in the Connections
        # view: the three connections
        p = subprocess.run([WTFTOP, "--batch", "-j", "-n", "1", "-d", "500", "-v", "connections",
                            "proc.pid=%d and fd.sport=%d" % (w.pid, port)],
                           capture_output=True, text=True, timeout=WAIT, env=ENV)
        assert p.returncode == 0, p.stderr
        lines = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
        names = {r["Connection"] for r in lines if not empty_refresh(r)}
        want = {"127.0.0.1:%d->127.0.0.1:%d" % (c, port) for c in cports}
        assert want <= names, (want, names)
        assert all(n.endswith(":%d" % port) for n in names), names
        # closed: six closes, and no connection left
        assert w.go() == "closed"
        b.wait_for(lambda rows: near(total(rows, "OPS", mine), 24), "6 closes")
        b.wait_for(lambda rows: [r for r in rows if mine(r)][-1]["CONNS"] == 0, "no connection left")
        last = [r for r in b.rows if mine(r)][-1]
        assert last["BYTES IN"] == 0 and last["BYTES OUT"] == 0, last
        assert near(total(b.rows, "BYTES IN", mine), 3 * (A + B)), b.rows
        assert all(r["SPORT"] == port for r in b.rows), [r for r in b.rows if not mine(r)]
    finally:
        b.stop()
        w.close()


def test_new_connections_lists_connects_and_accepts_only():
    w = Worker(NEW_CONNECTIONS)
    port = int(re.search(r"port=(\d+)", w.first).group(1))
    b = Batch("new_connections", "proc.pid=%d" % w.pid)
    try:
        reply = w.go()
        m = re.match(r"cports=(\d+),(\d+) udp=(\d+) refused=yes$", reply)
        assert m, reply
        c1, c2, uport = (int(x) for x in m.groups())
        tcp = ["127.0.0.1:%d->127.0.0.1:%d" % (c, port) for c in (c1, c2)]
        want = [("connect", "tcp", tcp[0]), ("accept4", "tcp", tcp[0]),
                ("connect", "tcp", tcp[1]), ("accept4", "tcp", tcp[1]),
                ("connect", "udp", "127.0.0.1:%d->127.0.0.1:9" % uport)]
        b.wait_for(lambda rows: len(rows) >= len(want), "%d new connections" % len(want))
        b.settle()  # nothing else comes: the refused connect is not one
        got = [(r["CALL"], r["PROTO"], r["Connection"]) for r in b.rows]
        assert got == want, (got, want)
        cmd = " ".join(w.argv)
        for r in b.rows:
            assert r["PID"] == str(w.pid) and r["Command"] == cmd, r
            assert re.match(r"\d\d:\d\d:\d\d\.\d{9}$", r["TIME"]), r
        assert [r["TIME"] for r in b.rows] == sorted(r["TIME"] for r in b.rows), b.rows
    finally:
        b.stop()
        w.close()


def login_shell(pid):
    """What proc.loginshellid says: the oldest process of the chain (pid
    itself included) whose name ends in sh."""
    found = None
    while pid > 0:
        if comm(pid).endswith("sh"):
            found = pid
        with open("/proc/%d/stat" % pid) as f:
            pid = int(f.read().rsplit(")", 1)[1].split()[1])
    return found


def test_spy_users_lists_commands_and_cds_of_a_shell():
    d = tempfile.mkdtemp(prefix="wtftop-spy-")
    sh = subprocess.Popen(["bash", "--norc", "--noprofile", "-i"], stdin=subprocess.PIPE,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    b = None
    try:
        b = Batch("spy_users", "proc.pid=%d or proc.apid=%d" % (sh.pid, sh.pid))
        me, parent = comm(os.getpid()), comm(os.getppid())
        session = login_shell(sh.pid)
        # a cd, two commands, one that execs another (env), and one whose
        # child's parent is no shell (timeout's /bin/true is not shown)
        sh.stdin.write("cd %s\n/bin/echo hello-wtftop 123\n/usr/bin/env true\n"
                       "/usr/bin/timeout 5 /bin/true x\ncd /\nexit\n" % d)
        sh.stdin.flush()
        sh.wait(timeout=WAIT)
        want = [  # PARENT, GPARENT, CWD, Command; None: a child of the shell
            (sh.pid, me, parent, d + "/", "bash --norc --noprofile -i"),
            (None, "bash", me, d + "/", "/bin/echo hello-wtftop 123"),
            (None, "bash", me, d + "/", "/usr/bin/env true"),
            (None, "bash", me, d + "/", "true "),  # sysdig's exeline: argv[0], a space, the args
            (None, "bash", me, d + "/", "/usr/bin/timeout 5 /bin/true x"),
            (sh.pid, me, parent, "/", "bash --norc --noprofile -i"),
        ]
        b.wait_for(lambda rows: len(rows) >= len(want), "%d rows" % len(want))
        b.settle()
        got = [(r["PARENT"], r["GPARENT"], r["CWD"], r["Command"]) for r in b.rows]
        assert got == [x[1:] for x in want], got
        user = pwd.getpwuid(os.geteuid()).pw_name
        for r, x in zip(b.rows, want):
            assert r["USER"] == user and r["SHELL"] == str(session), (r, session)
            assert re.match(r"\d\d:\d\d:\d\d$", r["TIME"]), r
            if x[0] is None:
                assert r["PID"] != str(sh.pid), r
            else:
                assert r["PID"] == str(x[0]), r
        # env and the true it became are one process; the others differ
        pids = [r["PID"] for r in b.rows[1:5]]
        assert pids[1] == pids[2] and len(set(pids)) == 3, pids
    finally:
        if b:
            b.stop()
        if sh.poll() is None:
            sh.kill()
            sh.wait(timeout=10)
        os.rmdir(d)


def test_io_by_type_splits_bytes_and_calls_by_fd_type():
    w = Worker(IO_BY_TYPE, ["{dir}/known-file"])
    b = None
    try:
        b = Batch("io_by_type", "proc.pid=%d" % w.pid)
        w.go(read_line=False)
        w.p.wait(timeout=WAIT)
        want = {"file": (111111, 111111), "ipv4": (22222 + 3333 + 666, 22222 + 3333 + 666),
                "unix": (4444, 4444), "pipe": (5555, 5555)}

        def sums(rows):
            out = {}
            for r in rows:
                s = out.setdefault(r["I/O Type"], [0, 0, 0, 0])
                s[0] += r["BYTES IN"] * r["interval_s"]
                s[1] += r["BYTES OUT"] * r["interval_s"]
                s[2] += r["OPS"] * r["interval_s"]
                s[3] += r["TIME"]
            return out

        def done(rows):
            s = sums(rows)
            return all(t in s and near(s[t][0], i) and near(s[t][1], o) for t, (i, o) in want.items())
        b.wait_for(done, "the bytes of each type")
        b.settle()  # the worker is gone: nothing more comes
        s = sums(b.rows)
        for t, (i, o) in want.items():
            assert near(s[t][0], i) and near(s[t][1], o), (t, s[t])
            assert s[t][3] > 0, (t, s[t])  # time spent in the calls
        others = {t: v for t, v in s.items() if t not in want and (v[0] or v[1])}
        assert not others, others
        # write and pread; send, recv and two closes; write, read, two closes
        assert near(s["file"][2], 2) and near(s["unix"][2], 4) and near(s["pipe"][2], 4), s
        assert s["ipv4"][2] >= 8, s  # connect, accept, 3 sends and at least 3 recvs
    finally:
        if b:
            b.stop()
        w.close()


def test_slow_file_io_lists_the_slow_file_calls_only():
    w = Worker(SLOW_FILE_IO, ["{dir}/big"])
    path = w.path("big")
    b = None
    try:
        name = comm(w.pid)
        b = Batch("slow_file_io", "proc.pid=%d" % w.pid)
        w.go(read_line=False)
        w.p.wait(timeout=WAIT)
        N = str(64 << 20)
        big = lambda call: lambda rows: any(r["CALL"] == call and r["BYTES"] == N for r in rows)
        b.wait_for(lambda rows: big("write")(rows) and big("pread")(rows), "the 64 MiB write and pread")
        b.settle()
        # only file calls, each slower than 1 ms: not /dev/zero, not the pipe
        for r in b.rows:
            assert r["FILE"] == path and r["PID"] == str(w.pid) and r["Process"] == name, r
            assert int(r["LATENCY"]) > 1000000, r
            assert r["CALL"] in ("write", "pread"), r
            assert r["BYTES"] in (N, "10"), r
        calls = [r["CALL"] for r in b.rows if r["BYTES"] == N]
        assert calls == ["write", "pread"], calls
    finally:
        if b:
            b.stop()
        w.close()


def test_directories_sums_file_io_by_directory():
    w = Worker(DIRECTORIES)
    d, sub = w.dir, w.path("sub")
    b = None
    try:
        b = Batch("directories", "proc.pid=%d" % w.pid)
        # the files open in both are in the state: their rows come at once
        b.wait_for(lambda rows: {d, sub} <= {r["Directory"] for r in rows}, "both directories' rows")
        assert w.go() == "done"
        want = {d: (50000, 30000, 15), sub: (0, 4000, 4)}  # in, out, calls

        def sums(rows, name):
            mine = lambda r: r["Directory"] == name
            return total(rows, "BYTES IN", mine), total(rows, "BYTES OUT", mine), total(rows, "OPS", mine)

        b.wait_for(lambda rows: all(near(x, y) for name, v in want.items() for x, y in zip(sums(rows, name), v)),
                   "the bytes and calls of each directory")
        b.settle()
        for name, v in want.items():
            got = sums(b.rows, name)
            assert all(near(x, y) for x, y in zip(got, v)), (name, got, v)
        # nothing else the worker has open (its stdin, ...) saw any I/O
        others = {r["Directory"]: sums(b.rows, r["Directory"]) for r in b.rows if r["Directory"] not in want}
        assert all(v == (0, 0, 0) for v in others.values()), others
    finally:
        if b:
            b.stop()
        w.close()


def test_procs_cpu_shows_a_spinning_thread_and_an_idle_process():
    S = 1.5
    busy, idle = Worker(PROCS_CPU, [S]), Worker(PROCS_CPU, [S])
    b = None
    try:
        b = Batch("procs_cpu", "proc.pid=%d or proc.pid=%d" % (busy.pid, idle.pid))
        b.wait_for(lambda rows: {busy.pid, idle.pid} <= {r["PID"] for r in rows}, "both processes' rows")
        cpu = float(busy.go().split("=")[1])
        # the spin counts thread_time (ns); os.times() counts 10 ms ticks
        assert cpu >= S - 0.02, cpu
        n = b.refreshes()
        b.wait_for(lambda rows: b.refreshes() >= n + 2, "two refreshes after the spin")
        user = pwd.getpwuid(os.geteuid()).pw_name
        for w in (busy, idle):
            rows = [r for r in b.rows if r["PID"] == w.pid]
            # one row a refresh: the three threads summed into their process
            assert len({r["refresh"] for r in rows}) == len(rows), rows
            for r in rows:
                assert r["TH"] == 3 and r["USER"] == user and r["CONTAINER"] == "host", r
                assert r["Command"] == cmdline(w), r
                assert 0 <= r["CPU"] <= 110, r  # no thread spins on more than one CPU
        busy_rows = [r for r in b.rows if r["PID"] == busy.pid]
        idle_rows = [r for r in b.rows if r["PID"] == idle.pid]
        # the shares of each refresh add up to the CPU time the process
        # reported, within a few clock ticks at either end
        used = sum(r["CPU"] / 100 * r["interval_s"] for r in busy_rows)
        assert abs(used - cpu) < 0.1, (used, cpu, busy_rows)
        # a refresh in the spin shows most of one CPU (the host is shared)
        assert max(r["CPU"] for r in busy_rows) >= 50, busy_rows
        assert all(r["CPU"] <= 5 for r in idle_rows), idle_rows
        assert sum(r["CPU"] / 100 * r["interval_s"] for r in idle_rows) < 0.05, idle_rows
    finally:
        if b:
            b.stop()
        busy.close()
        idle.close()


def test_procs_errors_counts_failed_calls_by_kind():
    F, N, M, O = 7, 4, 3, 5
    w = Worker(PROCS_ERRORS, [F, N, M, O])
    b = None
    try:
        b = Batch("procs_errors", "proc.pid=%d" % w.pid)
        assert w.go() == "done"
        want = {"FILE": F, "NET": N, "MEMORY": M, "OTHER": O, "ERRORS": F + N + M + O}
        sums = lambda rows: {c: sum(r[c] for r in rows) for c in want}
        b.wait_for(lambda rows: sums(rows)["ERRORS"] >= want["ERRORS"], "%d errors" % want["ERRORS"])
        b.settle()  # nothing more fails
        assert sums(b.rows) == want, (sums(b.rows), want)
        for r in b.rows:
            assert r["PID"] == w.pid and r["Command"] == cmdline(w), r
            assert r["ERRORS"] == r["FILE"] + r["NET"] + r["MEMORY"] + r["OTHER"], r
    finally:
        if b:
            b.stop()
        w.close()


def test_procs_fd_counts_open_fds_against_the_limit():
    L, K, A, C, L2, L3, L4 = 200, 40, 25, 5, 150, 120, 90
    w = Worker(PROCS_FD, [L, K, A, C, L2, L3])
    b = child = None
    try:
        n0 = fd_count(w.pid)  # the worker waits: its fds hold still
        assert n0 >= K + 3, n0
        b = Batch("procs_fd", "proc.pid=%d or proc.ppid=%d" % (w.pid, w.pid))
        last = lambda pid: [r for r in b.rows if r["PID"] == pid][-1]
        b.wait_for(lambda rows: any(r["PID"] == w.pid for r in rows), "the worker's row")
        r = last(w.pid)
        assert r["OPEN FDS"] == n0 and r["MAX FDS"] == L and near(r["USAGE%"], n0 * 100 / L), (r, n0)
        assert r["USER"] == pwd.getpwuid(os.geteuid()).pw_name and r["Command"] == cmdline(w), r
        # opens and closes, from the events
        assert w.go() == "opened"
        n1 = n0 + A - C
        assert fd_count(w.pid) == n1
        b.wait_for(lambda rows: last(w.pid)["OPEN FDS"] == n1, "%d open fds" % n1)
        assert near(last(w.pid)["USAGE%"], n1 * 100 / L), last(w.pid)
        # a child started meanwhile: its limit from its execve, its fds what
        # the exec left of its parent's copy
        child = int(w.go().split("=")[1])
        b.wait_for(lambda rows: any(r["PID"] == child and r["Command"] == "sleep 60" for r in rows),
                   "the child's row after its exec")
        nc = fd_count(child)
        b.wait_for(lambda rows: last(child)["OPEN FDS"] == nc, "the child's %d fds" % nc)
        r = last(child)
        assert r["MAX FDS"] == L2 and near(r["USAGE%"], nc * 100 / L2), (r, nc)
        assert last(w.pid)["OPEN FDS"] == n1 and last(w.pid)["MAX FDS"] == L, last(w.pid)
        # limits changed later, without an exec: the worker's own setrlimit,
        # and this test's prlimit of the child
        assert w.go() == "lowered"
        b.wait_for(lambda rows: last(w.pid)["MAX FDS"] == L3, "the worker's limit lowered to %d" % L3)
        assert near(last(w.pid)["USAGE%"], n1 * 100 / L3), last(w.pid)
        resource.prlimit(child, resource.RLIMIT_NOFILE, (L4, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        b.wait_for(lambda rows: last(child)["MAX FDS"] == L4, "the child's limit set to %d by prlimit" % L4)
        assert near(last(child)["USAGE%"], nc * 100 / L4), last(child)
    finally:
        if b:
            b.stop()
        if child:
            os.kill(child, signal.SIGKILL)
        w.close()


if __name__ == "__main__":
    run(globals())
