"""Batch mode of the views (wtftop --batch -j -v VIEW): the real binary, live,
against a worker process whose activity is known exactly (bytes written to a
file, bytes each way over a local TCP connection, failed opens), checking the
figures each view shows. Rates are per second of each refresh's interval, so
rate * interval_s summed over the refreshes gives the total back."""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

VIEWS_DIR = os.path.join(ROOT, "views")
WAIT = 30  # seconds to wait for any figure: the probe's load and the host vary

# The worker imports everything first, then waits for commands on stdin, so
# that while wtftop watches it does only what it is told. It says "ok" on
# stdout before it starts a command and writes nothing else meanwhile.
WORKER = r'''
import os, socket, sys
path = sys.argv[1]
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
print("port=%d" % srv.getsockname()[1], flush=True)
def recv_all(s, n):
    got = 0
    while got < n:
        b = s.recv(min(65536, n - got))
        if not b:
            break
        got += len(b)
for line in sys.stdin:
    cmd = line.split()
    if not cmd:
        continue
    if cmd[0] == "write":     # write N bytes in chunks of C
        n, c = int(cmd[1]), int(cmd[2])
        print("ok", flush=True)
        while n > 0:
            n -= os.write(fd, b"w" * min(c, n))
    elif cmd[0] == "fail":    # N opens of a missing file
        print("ok", flush=True)
        for _ in range(int(cmd[1])):
            try:
                os.open("/nonexistent-wtftop-ui/x", os.O_RDONLY)
            except OSError:
                pass
    elif cmd[0] == "open":    # opens the file once more, and closes it
        print("ok", flush=True)
        os.close(os.open(path, os.O_RDONLY))
    elif cmd[0] == "net":     # A bytes client -> server, B bytes back
        a, b = int(cmd[1]), int(cmd[2])
        cli = socket.create_connection(srv.getsockname())
        conn, _ = srv.accept()
        print("ok cport=%d" % cli.getsockname()[1], flush=True)
        cli.sendall(b"a" * a); recv_all(conn, a)
        conn.sendall(b"b" * b); recv_all(cli, b)
        cli.close(); conn.close()
    elif cmd[0] == "exit":
        break
'''


class Worker:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wtftop-ui-")
        self.path = os.path.join(self.dir, "known-file")
        self.p = subprocess.Popen([sys.executable, "-c", WORKER, self.path], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        self.port = int(self.p.stdout.readline().split("=")[1])
        self.pid = self.p.pid

    def do(self, cmd):
        self.p.stdin.write(cmd + "\n")
        self.p.stdin.flush()
        return self.p.stdout.readline().strip()

    def close(self):
        try:
            self.p.stdin.write("exit\n")
            self.p.stdin.flush()
        except OSError:
            pass
        self.p.wait(timeout=10)
        try:
            os.unlink(self.path)
            os.rmdir(self.dir)
        except OSError:
            pass


SCAP_DIR = os.environ.get("WTF_SCAP_DIR", os.path.join(ROOT, "..", "shared", "testdata", "scap"))


def batch_lines(args):
    """Every line of wtftop --batch -j ARGS, parsed."""
    p = subprocess.run([WTFTOP, "--batch", "-j"] + args, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, WTFTOP_VIEWS_PATH=VIEWS_DIR))
    assert p.returncode == 0, p.stderr
    assert all(l.startswith("{") for l in p.stdout.splitlines()), p.stdout
    return [json.loads(l) for l in p.stdout.splitlines()]


def batch_rows(args):
    """The rows of wtftop --batch -j ARGS, without the lines of refreshes
    that had none."""
    return [r for r in batch_lines(args) if not empty_refresh(r)]


def stream_lines(args):
    p = subprocess.run([WTFTOP] + args, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


def test_batch_replays_a_capture_file():
    """-r FILE: without -d the whole file is one interval (its first to last
    event), so rate * interval_s is the file's total; with -d the intervals
    are of the file's time. The totals match the file's own events."""
    path = os.path.join(SCAP_DIR, "single_ipv6_conn.scap")
    assert os.path.exists(path), "no %s (set WTF_SCAP_DIR)" % path
    ts = [int(x) for x in stream_lines(["-r", path, "-p", "%evt.rawtime"]) if x.strip() not in ("", "0")]
    span = (max(ts) - min(ts)) / 1e9
    # bytes each connection moved, from the stream of the same file
    want = {}
    for l in stream_lines(["-r", path, "-p", "%fd.name %evt.rawres",
                           "evt.is_io=true and evt.dir=< and fd.type in (ipv4, ipv6) and evt.failed=false"]):
        name, res = l.rsplit(" ", 1)
        want[name] = want.get(name, 0) + int(res)
    assert want and any(want.values()), want
    rows = batch_rows(["-r", path, "-v", "connections"])
    assert rows and {r["refresh"] for r in rows} == {1}, rows
    assert all(abs(r["interval_s"] - span) < 1e-6 for r in rows), (rows[0], span)
    for name, n in want.items():
        got = sum((r["BYTES IN"] + r["BYTES OUT"]) * r["interval_s"] for r in rows if r["Connection"] == name)
        assert abs(got - n) < 1, (name, got, n, rows)
    # -d 1000: intervals of a second of the file's time (the last one is
    # cut by the file's end); the totals stay the same
    rows = batch_rows(["-r", path, "-v", "connections", "-d", "1000"])
    assert len({r["refresh"] for r in rows}) >= 2, rows
    last = max(r["refresh"] for r in rows)
    assert all(abs(r["interval_s"] - 1) < 1e-9 for r in rows if r["refresh"] < last), rows
    assert all(r["interval_s"] <= 1 for r in rows), rows
    for name, n in want.items():
        got = sum((r["BYTES IN"] + r["BYTES OUT"]) * r["interval_s"] for r in rows if r["Connection"] == name)
        assert abs(got - n) < 1, (name, got, n)


def test_files_view_counts_bytes_written():
    w = Worker()
    b = Batch("files", "fd.name=%s" % w.path)
    try:
        # the open file is in the state: its row comes at the first refresh
        b.wait_for(lambda rows: any(r["FILENAME"] == w.path for r in rows), "the open file's row")
        assert w.do("write 300000 1000") == "ok"
        mine = lambda r: r["FILENAME"] == w.path
        b.wait_for(lambda rows: abs(total(rows, "BYTES OUT", mine) - 300000) < 1, "300000 bytes out")
        assert total(b.rows, "BYTES IN", mine) == 0
        ops = total(b.rows, "OPS", mine)
        assert abs(ops - 300) < 1, ops
    finally:
        b.stop()
        w.close()


# A view in the shape older csysdig releases read (written for this test):
# applies_to as one comma-separated string, tips, column keys wtftop has no
# use for (filterfield, filter_in_child_only), and the table-only fields.
CSYSDIG_VIEW = """--[[ a csysdig-shaped view --]]
view_info =
{
	id = "csysdig_shaped",
	name = "Csysdig Shaped",
	description = "Calls and bytes per file.",
	tips = { "A tip." },
	tags = {"Default"},
	view_type = "table",
	applies_to = "all,container.id,proc.pid,thread.tid,proc.name",
	filter = "fd.type=file",
	use_defaults = true,
	columns =
	{
		{ name = "NA", field = "fd.name", filterfield = "fd.name", is_key = true },
		{ name = "IO CALLS", field = "evt.count", colsize = 12, aggregation = "SUM" },
		{ is_sorting = true, name = "BYTES IN", field = "evt.buflen.file.in", colsize = 12, aggregation = "SUM" },
		{ name = "BYTES OUT", field = "evt.buflen.file.out", colsize = 12, aggregation = "SUM" },
		{ name = "VIRT", field = "thread.vmsize.b", colsize = 10, aggregation = "MAX" },
		{ name = "FILENAME", field = "fd.name", colsize = 200, filter_in_child_only = true },
	}
}
"""


def test_a_csysdig_shaped_view_loads_and_counts():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "v_csysdig_shaped.lua"), "w") as f:
            f.write(CSYSDIG_VIEW)
        p = subprocess.run([WTFTOP, "--list-views"], capture_output=True, text=True, timeout=20,
                           env=dict(os.environ, WTFTOP_VIEWS_PATH=d))
        assert p.returncode == 0 and p.stderr == "" and p.stdout.startswith("csysdig_shaped "), p
        w = Worker()
        b = Batch("csysdig_shaped", "fd.name=%s" % w.path, views=d)
        try:
            b.wait_for(lambda rows: any(r["FILENAME"] == w.path for r in rows), "the open file's row")
            assert w.do("write 300000 1000") == "ok"
            # SUM, not TIME_AVG: counts of each interval, not rates
            sums = lambda col: lambda rows: sum(r[col] for r in rows if r["FILENAME"] == w.path)
            b.wait_for(lambda rows: sums("BYTES OUT")(rows) == 300000, "300000 bytes out")
            assert sums("BYTES IN")(b.rows) == 0
            assert sums("IO CALLS")(b.rows) == 300, sums("IO CALLS")(b.rows)
            mine = [r for r in b.rows if r["FILENAME"] == w.path]
            assert mine and all(r["VIRT"] > 0 for r in mine), mine
        finally:
            b.stop()
            w.close()


def test_procs_view_shows_process_file_bytes():
    w = Worker()
    b = Batch("procs", "proc.pid=%d" % w.pid)
    try:
        b.wait_for(lambda rows: any(r["PID"] == w.pid for r in rows), "the worker's row")
        row = [r for r in b.rows if r["PID"] == w.pid][-1]
        assert row["PPID"] == os.getpid(), row
        assert str(w.path) in row["Command"] and "python" in row["Command"], row
        assert row["TH"] == 1 and row["RES"] > 0 and row["VIRT"] >= row["RES"], row
        assert row["USER"] == "root" and row["CONTAINER"] == "host", row
        assert w.do("write 123456 4096") == "ok"
        mine = lambda r: r["PID"] == w.pid
        b.wait_for(lambda rows: abs(total(rows, "FILE", mine) - 123456) < 1, "123456 file bytes")
        assert total(b.rows, "NET", mine) == 0
    finally:
        b.stop()
        w.close()


def test_connections_view_counts_bytes_each_way():
    w = Worker()
    b = Batch("connections", "proc.pid=%d" % w.pid)
    try:
        reply = w.do("net 70000 50000")
        cport = int(reply.split("cport=")[1])
        name = "127.0.0.1:%d->127.0.0.1:%d" % (cport, w.port)
        mine = lambda r: r["Connection"] == name
        # both ends are the worker's: each byte is sent once and received once
        b.wait_for(lambda rows: abs(total(rows, "BYTES IN", mine) - 120000) < 1 and
                   abs(total(rows, "BYTES OUT", mine) - 120000) < 1, "120000 bytes each way on " + name)
        assert all(r["PROTO"] == "tcp" for r in b.rows if mine(r)), b.rows[-5:]
    finally:
        b.stop()
        w.close()


def test_syscalls_and_errors_views():
    w = Worker()
    # the writes to the known file only: the worker's "ok" is a write too
    sc = Batch("syscalls", "proc.pid=%d and (fd.name=%s or evt.failed=true)" % (w.pid, w.path))
    er = Batch("errors", "proc.pid=%d" % w.pid)
    try:
        # writes first, so that both runs are attached when the opens fail
        assert w.do("write 2000 10") == "ok"
        is_write = lambda r: r["System Call"] == "write"
        sc.wait_for(lambda rows: abs(total(rows, "CALLS/S", is_write) - 200) < 1, "200 writes")
        assert w.do("fail 37") == "ok"
        enoent = lambda r: r["ERROR"] == "ENOENT"
        er.wait_for(lambda rows: sum(r["COUNT"] for r in rows if enoent(r)) == 37, "37 ENOENT")
        is_open = lambda r: r["System Call"] == "openat"
        sc.wait_for(lambda rows: sum(r["ERRORS"] for r in rows if is_open(r)) == 37, "37 failed openat")
    finally:
        sc.stop()
        er.stop()
        w.close()


def test_file_opens_list_and_threads_view():
    w = Worker()
    fo = Batch("file_opens", "proc.pid=%d" % w.pid)
    th = Batch("threads", "proc.pid=%d" % w.pid)
    try:
        th.wait_for(lambda rows: any(r["TID"] == w.pid and r["PID"] == w.pid for r in rows), "the worker's thread")
        assert w.do("open") == "ok"
        fo.wait_for(lambda rows: any(r["FILE"] == w.path and r["PID"] == str(w.pid) for r in rows), "the open")
    finally:
        fo.stop()
        th.stop()
        w.close()


def test_json_batch_says_when_a_refresh_has_no_rows():
    """-j: a refresh without rows prints one line that says so (the keys of
    every line, "rows": 0 and no column), so that a script sees each
    refresh; a refresh with rows prints them as ever, and no such line."""
    head = {"refresh", "interval_s", "view", "rows"}
    for view in ("procs", "file_opens"):  # a table and a list
        lines = batch_lines(["-n", "3", "-d", "300", "-v", view, "proc.pid=999999999"])
        assert [l["refresh"] for l in lines] == [1, 2, 3], lines
        for l in lines:
            assert set(l) == head and l["rows"] == 0 and l["view"] == view and l["interval_s"] > 0, l
    w = Worker()
    env = dict(os.environ, WTFTOP_VIEWS_PATH=VIEWS_DIR)
    try:
        # a table of one process: its row at each refresh, nothing else
        lines = batch_lines(["-n", "3", "-d", "300", "-v", "procs", "proc.pid=%d" % w.pid])
        assert [l["refresh"] for l in lines] == [1, 2, 3], lines
        assert all(l["PID"] == w.pid and "rows" not in l for l in lines), lines
        # a list: the refreshes with no new row say so, the one with the
        # worker's open shows it alone
        p = start_wtftop(["--batch", "-j", "-n", "4", "-d", "500", "-v", "file_opens", "proc.pid=%d" % w.pid],
                         env=env, text=True)
        try:
            first = p.stdout.readline()
            assert w.do("open") == "ok"
            out, err = p.communicate(timeout=WAIT)
        finally:
            if p.poll() is None:
                p.kill()
        assert p.returncode == 0, err
        lines = [json.loads(l) for l in (first + out).splitlines()]
        by_refresh = {}
        for l in lines:
            by_refresh.setdefault(l["refresh"], []).append(l)
        assert sorted(by_refresh) == [1, 2, 3, 4], lines
        opens = [n for n, ls in by_refresh.items() if not empty_refresh(ls[0])]
        assert len(opens) == 1, lines
        assert [(l["PID"], l["FILE"]) for l in by_refresh[opens[0]]] == [(str(w.pid), w.path)], lines
        assert all(len(ls) == 1 and empty_refresh(ls[0]) for n, ls in by_refresh.items() if n != opens[0]), lines
    finally:
        w.close()


def test_text_batch_has_headings_and_stops_after_n():
    w = Worker()
    env = dict(os.environ, WTFTOP_VIEWS_PATH=VIEWS_DIR)
    try:
        p = subprocess.run([WTFTOP, "--batch", "-n", "2", "-d", "500", "-v", "Processes", "proc.pid=%d" % w.pid],
                           capture_output=True, text=True, timeout=WAIT, env=env)
        assert p.returncode == 0, p.stderr
        heads = [l for l in p.stdout.splitlines() if l.startswith("Viewing: Processes For: proc.pid=")]
        assert len(heads) == 2, p.stdout
        assert p.stdout.count("PID     PPID    CPU") == 2, p.stdout
        rows = [l.split() for l in p.stdout.splitlines() if l.split() and l.split()[0] == str(w.pid)]
        assert len(rows) == 2 and rows[0][1] == str(os.getpid()), p.stdout
    finally:
        w.close()


def test_every_view_loads_and_a_broken_one_is_named_with_its_line():
    p = subprocess.run([WTFTOP, "--list-views"], capture_output=True, text=True, timeout=20,
                       env=dict(os.environ, WTFTOP_VIEWS_PATH=VIEWS_DIR))
    files = [f for f in os.listdir(VIEWS_DIR) if f.endswith(".lua")]
    assert p.returncode == 0 and p.stderr == "", p.stderr
    assert len(p.stdout.splitlines()) == len(files), p.stdout
    assert p.stdout.splitlines()[0].startswith("procs "), p.stdout  # the root view first
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(VIEWS_DIR, "files.lua")) as f:
            good = f.read()
        with open(os.path.join(d, "good.lua"), "w") as f:
            f.write(good)
        with open(os.path.join(d, "broken.lua"), "w") as f:
            f.write("view_info = {\n  id = 'x',\n  name = 'X'\n  columns = {}\n}\n")
        with open(os.path.join(d, "badfield.lua"), "w") as f:
            f.write("view_info = { id = 'y', name = 'Y', columns = { { name = 'A', field = 'proc.nmae' } } }\n")
        with open(os.path.join(d, "escape.lua"), "w") as f:
            f.write("os.execute('touch %s/pwned')\nview_info = {}\n" % d)
        p = subprocess.run([WTFTOP, "--list-views"], capture_output=True, text=True, timeout=20,
                           env=dict(os.environ, WTFTOP_VIEWS_PATH=d))
        assert "broken.lua:4:" in p.stderr, p.stderr
        assert "badfield.lua" in p.stderr and "proc.name" in p.stderr, p.stderr
        assert "escape.lua:1:" in p.stderr and not os.path.exists(os.path.join(d, "pwned")), p.stderr
        assert p.stdout.startswith("files "), p.stdout
        assert len(p.stdout.splitlines()) == 1, p.stdout


def test_bad_view_and_filter_are_errors():
    env = dict(os.environ, WTFTOP_VIEWS_PATH=VIEWS_DIR)
    p = subprocess.run([WTFTOP, "--batch", "-n", "1", "-v", "nosuchview"], capture_output=True, text=True,
                       timeout=WAIT, env=env)
    assert p.returncode != 0 and "no view 'nosuchview'" in p.stderr, p.stderr
    p = subprocess.run([WTFTOP, "--batch", "-n", "1", "proc.nmae=x"], capture_output=True, text=True,
                       timeout=WAIT, env=env)
    assert p.returncode != 0 and "proc.name" in p.stderr, p.stderr


if __name__ == "__main__":
    run(globals())
