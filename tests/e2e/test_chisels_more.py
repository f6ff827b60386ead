"""End-to-end tests of the shipped chisels that test_chisels.py does not
cover: the real wtftop binary, live, with several chisels per run against a
helper process with a unique name doing known file, pipe, network and sleep
activity; the figures (bytes, counts, latencies, names) are checked."""
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

CHISELS = os.path.join(ROOT, "chisels")
ENV = dict(os.environ, WTFTOP_CHISELS_PATH=CHISELS)
SLEEP_S = 0.4       # the helper's one slow call

# The helper: renames itself (all that follows happens under that name),
# then does exactly what the tests count. argv: name, mode, path, port.
HELPER = r"""
import ctypes, os, socket, sys, time
name, mode, path, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)
if mode == "file":
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    for i in range(3):
        os.write(fd, b"x" * 100)             # 300 bytes written
    os.lseek(fd, 0, 0)
    while os.read(fd, 100):                  # 300 bytes read (and one 0-byte read)
        pass
    os.close(fd)
    for i in range(4):                       # 4 failed opens of one missing file
        try:
            os.open(path + ".missing", os.O_RDONLY)
        except FileNotFoundError:
            pass
    log = os.open(path + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(log, b"first line\nwarning: second line\n")
    os.close(log)
    os.write(1, b"OUT_" + name.encode() + b"\n")
    os.write(2, b"ERR_" + name.encode() + b"\n")
    data = os.read(0, 100)                   # stdin: the test's line
    time.sleep(%(sleep)s)                    # the slow call
elif mode == "net":
    srv = socket.socket()
    srv.bind(("127.0.0.1", port))
    srv.listen(1)
    cli = socket.create_connection(("127.0.0.1", port))
    conn, _ = srv.accept()
    cli.sendall(b"q" * 300)                  # client -> server: 300 bytes
    got = 0
    while got < 300:
        got += len(conn.recv(300 - got))
    conn.sendall(b"r" * 200)                 # server -> client: 200 bytes
    got = 0
    while got < 200:
        got += len(cli.recv(200 - got))
    for s in (cli, conn, srv):
        s.close()
elif mode == "cpu":
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, b"c" * 123)
    os.close(fd)
    end = time.time() + 5
    while time.process_time() < 1.0 and time.time() < end:  # 1 s of CPU, 5 s at most
        pass
    time.sleep(1.6)                          # a sample after the burn
    print("cpu=" + str(time.process_time()))
""" % {"sleep": SLEEP_S}


def uniq(prefix):
    return "%s%05d" % (prefix, random.randrange(100000))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def helper_script():
    """HELPER in a file (its arguments are then short, for proc.args)."""
    path = os.path.join(tempfile.gettempdir(), "wtf_chisel_helper_%d.py" % os.getpid())
    with open(path, "w") as f:
        f.write(HELPER)
    return path


def helper_run(name, mode, path="-", port=0, stdin=b""):
    script = helper_script()
    try:
        p = subprocess.run([sys.executable, script, name, mode, path, str(port)], input=stdin,
                           capture_output=True, timeout=60)
    finally:
        os.unlink(script)
    assert p.returncode == 0, p.stderr
    return p


def run_chisels(args, workload, seconds):
    """Runs wtftop -M seconds with args; calls workload() once wtftop says
    it sees events (the -M seconds count from then, and are several times
    what the workload takes); returns (stdout, stderr, rc)."""
    p = start_wtftop(["-M", str(seconds)] + args, env=ENV, cwd="/")
    try:
        workload()
    finally:
        out, err = p.communicate(timeout=seconds + 30)
    return out.decode(errors="replace"), err.decode(errors="replace"), p.returncode


VALUE = re.compile(r"[0-9.]+(%|B|KB|M|G|ns|us|ms|s)?")


def tables(out):
    """The top tables in out: {header (its columns joined by one blank):
    [rows as lists of words]}, the rows of every interval's table together.
    The columns are 20 characters wide; a table's rows are the lines after
    its rule with as many words as it has columns (other chisels' lines
    may follow them)."""
    found = {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and lines[i + 1] == "-" * 80:
            cols = [line[j:j + 20].strip() for j in range(0, len(line), 20)]
            rows = found.setdefault(" ".join(cols), [])
            for k in range(i + 2, len(lines)):
                words = lines[k].split()
                if len(words) == len(cols) - 1 and VALUE.fullmatch(words[0] if words else ""):
                    words.append("")  # an empty last key
                if len(words) != len(cols) or (k + 1 < len(lines) and lines[k + 1] == "-" * 80):
                    break  # another chisel's line, or the next table's header
                rows.append(words)
    return found


def bytes_value(s):
    assert s.endswith("B") and not s.endswith("KB"), "expected a figure in bytes, got " + s
    return int(s[:-1])


def time_value(s):
    """ns of a figure printed by toptable.format_time."""
    m = re.fullmatch(r"([0-9.]+)(ns|us|ms|s)", s)
    assert m, "expected a time, got " + s
    return float(m.group(1)) * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[m.group(2)]


def iobytes_sums(out):
    """in, out, tot summed over the lines of iobytes-type chisels."""
    tin = tout = ttot = 0
    for l in out.splitlines():
        m = re.fullmatch(r"\d\d:\d\d:\d\d in:(\d+) out:(\d+) tot:(\d+)", l)
        if m:
            tin += int(m.group(1))
            tout += int(m.group(2))
            ttot += int(m.group(3))
    return tin, tout, ttot


# ---- file, pipe and slow-call chisels: one run ---------------------------

FILE_RUN = {}


def file_run():
    """One wtftop run of the file chisels against the helper's "file" mode,
    shared by the tests below."""
    if FILE_RUN:
        return FILE_RUN
    name = uniq("wtfcf")
    path = tempfile.mktemp(prefix="wtf_cm_")
    chisels = ["-c", "topfiles_time", "-c", "topfiles_errors", "-c", "topprocs_errors", "-c", "fdtime_by", "fd.name",
               "-c", "iobytes_file", "-c", "fileslower", "0", "-c", "scallslower", "200", "-c", "bottlenecks",
               "-c", "topscalls_time", "-c", "proc_exec_time", "-c", "stdout", "-c", "stderr", "-c", "stdin",
               "-c", "spy_logs"]
    try:
        out, err, rc = run_chisels(chisels + ["proc.name=" + name], lambda: helper_run(
            name, "file", path, stdin=b"IN_" + name.encode() + b"\n"), seconds=7)
    finally:
        for f in (path, path + ".log"):
            if os.path.exists(f):
                os.unlink(f)
    FILE_RUN.update(name=name, path=path, out=out, err=err, rc=rc)
    assert rc == 0, err
    return FILE_RUN


def test_topfiles_time_and_fdtime_by():
    r = file_run()
    t = tables(r["out"])
    for header in ("Time Filename", "Time fd.name"):
        rows = [x for x in t.get(header, []) if x[-1] == r["path"]]
        assert rows, (header, r["out"][-3000:])
        total = sum(time_value(x[0]) for x in rows)
        assert 0 < total < 1e9, (header, rows)  # 7 fast calls on a file in the page cache


def test_topfiles_errors_and_topprocs_errors():
    r = file_run()
    t = tables(r["out"])
    rows = [x for x in t.get("#Errors Filename", []) if x[-1] == r["path"] + ".missing"]
    assert sum(int(x[0]) for x in rows) == 4, r["out"][-3000:]
    rows = t.get("#Errors Process PID", [])
    assert rows and all(x[1] == r["name"] and x[2].isdigit() for x in rows), rows
    assert sum(int(x[0]) for x in rows) >= 4, rows  # the opens, and any other failure of the helper


def test_iobytes_file():
    r = file_run()
    # 300 written and 300 read on the file, 32 written on the log file
    assert iobytes_sums(r["out"]) == (300, 332, 632), r["out"][-3000:]


def test_fileslower_zero_shows_each_file_io():
    r = file_run()
    lines = [l.split() for l in r["out"].splitlines()
             if re.match(r"\d{4}-\d\d-\d\d ", l) and l.endswith(" " + r["path"])]
    # the three writes, three reads of 100 bytes; the read at end of file
    # took time too: 7 calls, each with the process name and a latency in ms
    assert len(lines) == 7, r["out"][-3000:]
    assert all(l[2] == r["name"] and l[3] in ("read", "write") and l[4].isdigit() for l in lines), lines
    assert sum(1 for l in lines if l[3] == "write") == 3, lines
    assert "evt.datetime proc.name evt.type LATENCY(ms) fd.name" in " ".join(r["out"].split()), r["out"][:500]


def test_scallslower_and_bottlenecks_see_the_sleep():
    r = file_run()
    lines = r["out"].splitlines()
    slow = [l.split() for l in lines if re.fullmatch(r"\S+ \S+ +%s +[0-9.]+ +\S+" % r["name"], l)]
    # scallslower 200: only the sleep of 0.4 s
    assert len(slow) == 1 and slow[0][-1] in ("clock_nanosleep", "nanosleep", "select"), (slow, lines[-60:])
    assert SLEEP_S * 1000 <= float(slow[0][3]) < SLEEP_S * 1000 + 2000, slow
    # bottlenecks: at most 10 lines, slowest first, the sleep first
    bn = [l for l in lines if re.match(r"\d+\) \d+\.\d{9} ", l)]
    assert 1 <= len(bn) <= 10, lines[-40:]
    first = bn[0].split()
    assert first[2] == r["name"] and first[4] == "<" and first[5] == slow[0][-1], bn
    lat = [float(l.split()[1]) for l in bn]
    assert lat == sorted(lat, reverse=True) and SLEEP_S <= lat[0] < SLEEP_S + 2, lat


def test_topscalls_time():
    r = file_run()
    rows = tables(r["out"]).get("Time Syscall", [])
    sleep = [x for x in rows if x[1] in ("clock_nanosleep", "nanosleep", "select")]
    assert sleep and SLEEP_S * 1e9 <= sum(time_value(x[0]) for x in sleep) < (SLEEP_S + 2) * 1e9, rows
    writes = [x for x in rows if x[1] == "write"]
    assert writes and sum(time_value(x[0]) for x in writes) < 1e9, rows


def test_proc_exec_time():
    r = file_run()
    lines = [l.split() for l in r["out"].splitlines() if l.endswith(" %s file %s 0" % (r["name"], r["path"]))]
    assert len(lines) == 1, r["out"][-3000:]  # one thread, one exit
    assert lines[0][1] == r["name"], lines
    assert SLEEP_S * 1e9 <= time_value(lines[0][0]) < 30e9, lines
    assert lines[0][3:] == [r["name"], "file", r["path"], "0"], lines  # its arguments after the script


def test_stdout_stderr_stdin():
    r = file_run()
    lines = r["out"].splitlines()
    name = r["name"]
    # print adds a newline to the data, which has its own
    assert lines.count("OUT_" + name) == 1 and lines.count("ERR_" + name) == 1, lines[-40:]
    assert lines.count("IN_" + name) == 1, lines[-40:]


def test_spy_logs():
    r = file_run()
    lines = r["out"].splitlines()
    prefix = "%s %s.log " % (r["name"], r["path"])
    assert [l for l in lines if l.startswith(prefix)] == [prefix + "first line", prefix + "warning: second line"], \
        lines[-40:]


# ---- network chisels: one run --------------------------------------------

def test_network_chisels():
    name = uniq("wtfcn")
    port = free_port()
    chisels = ["-c", "topprocs_net", "-c", "topconns", "-c", "topports_server", "-c", "iobytes_net",
               "-c", "spy_port", str(port), "-c", "netlower", "0"]
    out, err, rc = run_chisels(chisels + ["proc.name=" + name], lambda: helper_run(name, "net", port=port),
                               seconds=6)
    assert rc == 0, err
    t = tables(out)
    # each side's reads and writes: 300 + 200 written, as many read
    rows = t.get("Bytes Process PID", [])
    assert rows and all(x[1] == name for x in rows), (rows, out[-3000:])
    assert sum(bytes_value(x[0]) for x in rows) == 1000, rows
    rows = t.get("Bytes Proto Conn", [])
    conn = [x for x in rows if x[2].endswith("->127.0.0.1:%d" % port)]
    assert conn and all(x[1] == "tcp" for x in conn) and sum(bytes_value(x[0]) for x in conn) == 1000, rows
    rows = t.get("Bytes Srv Port", [])
    assert sum(bytes_value(x[0]) for x in rows if x[1] == str(port)) == 1000, rows
    assert iobytes_sums(out) == (500, 500, 1000), out[-3000:]
    # spy_port: the data, under a line at each change of direction
    lines = out.splitlines()
    assert lines.count("q" * 300) == 2 and lines.count("r" * 200) == 2, lines[-40:]
    heads = [l for l in lines if l.startswith("------ ")]
    assert heads[:2] == ["------ Write 300B", "------ Read 300B"], heads
    assert heads[2:] == ["------ Write 200B", "------ Read 200B"], heads
    # netlower 0: each of the four calls
    nl = [l.split() for l in lines if re.fullmatch(r".* %s +\w+ +\d+ \S+:%d\S*|.* %s +\w+ +\d+ \S+->127.0.0.1:%d"
                                                       % (name, port, name, port), l)]
    assert len(nl) == 4 and all(x[4].isdigit() for x in nl), (nl, lines[-40:])


# ---- CPU, with the I/O of any fd -----------------------------------------

def test_topprocs_cpu_and_iobytes():
    name = uniq("wtfcc")
    path = tempfile.mktemp(prefix="wtf_cc_")
    helper = []
    try:
        out, err, rc = run_chisels(["-c", "topprocs_cpu", "-c", "iobytes", "proc.name=" + name],
                                   lambda: helper.append(helper_run(name, "cpu", path)), seconds=10)
    finally:
        os.unlink(path)
    cpu_s = float(helper_output(helper[0].stdout.decode())["cpu"])
    assert rc == 0, err
    rows = tables(out).get("CPU% Process PID", [])
    mine = [x for x in rows if x[1] == name]
    assert mine and all(x[2].isdigit() for x in mine) and len({x[2] for x in mine}) == 1, (rows, out[-2000:])
    assert all(x[1] == name for x in rows), rows  # the trailing filter holds
    pcts = [float(x[0].rstrip("%")) for x in mine]
    # one thread: never more than one CPU; the shares of the 1-second tables
    # add up to the CPU time the helper used (its busy loop and start), within
    # what the tables' lengths (1 s, give or take a late one) allow
    assert all(p <= 110 for p in pcts), pcts
    assert 0.5 * cpu_s <= sum(pcts) / 100 <= 1.5 * cpu_s, (pcts, cpu_s)
    # iobytes: the 123 bytes to the file and its line to stdout; nothing read
    n = 123 + len(helper[0].stdout)
    assert iobytes_sums(out) == (0, n, n), out[-2000:]


# ---- system state --------------------------------------------------------

def test_netstat():
    name = uniq("wtfns")
    port = free_port()
    code = r"""
import ctypes, socket, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
srv = socket.socket()
srv.bind(("127.0.0.1", int(sys.argv[2])))
srv.listen(1)
cli = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
conn, _ = srv.accept()
print(cli.getsockname()[1], flush=True)
time.sleep(60)
"""
    p = subprocess.Popen([sys.executable, "-c", code, name, str(port)], stdout=subprocess.PIPE, text=True)
    try:
        cport = int(p.stdout.readline())
        out, err, rc = run_chisels(["-c", "netstat", "proc.name=" + name], lambda: None, seconds=4)
    finally:
        p.kill()
        p.wait()
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Proto", "Server", "Address", "Client", "Address", "State", "TID/PID/Program",
                                "Name"], out
    rows = sorted(l.split() for l in lines[1:])
    who = "%d/%d/%s" % (p.pid, p.pid, name)
    srv = "127.0.0.1:%d" % port
    cli = "127.0.0.1:%d" % cport
    assert rows == sorted([["tcp", srv, "0.0.0.0:*", "LISTEN", who],
                           ["tcp", srv, cli, "ESTABLISHED", who],
                           ["tcp", srv, cli, "ESTABLISHED", who]]), out


def oldest_shell(pid):
    """The pid proc.loginshellid gives for pid: the oldest process in its
    ancestry (itself included) whose name ends in "sh"."""
    found = None
    while pid > 1:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        if comm.endswith("sh"):
            found = pid
        pid = int(stat[stat.rindex(")") + 2:].split()[1])
    return found


def test_list_login_shells():
    tag = uniq("wtfls")
    shells = []

    def work():
        # the shell waits for its stdin before running the command, so that
        # its ancestry can be read while it lives
        sh = subprocess.Popen(["bash", "-c", "read x; /bin/echo %s; true" % tag], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL)
        shells.append(oldest_shell(sh.pid))
        sh.communicate(b"go\n", timeout=20)
        subprocess.run(["/bin/echo", "other"], stdout=subprocess.DEVNULL)
    out, err, rc = run_chisels(["-c", "list_login_shells", "echo " + tag], work, seconds=5)
    assert rc == 0, err
    lines = out.splitlines()
    assert lines == ["Shells containing echo:", str(shells[0])], (lines, shells)


def test_around_and_spy_logs_export_need_a_capture_file():
    p = subprocess.run([WTFTOP, "-M", "3", "-c", "around", "/tmp/out.scap", "proc.name=nosuch"],
                       capture_output=True, text=True, env=ENV, timeout=30)
    assert p.returncode == 1 and "live capture not supported" in p.stdout, (p.stdout, p.stderr)
    assert "on_capture_start returned false" in p.stderr, p.stderr
    p = subprocess.run([WTFTOP, "-M", "3", "-c", "around"], capture_output=True, text=True, env=ENV, timeout=30)
    assert p.returncode == 2 and "needs argument dump_file_name" in p.stderr, p.stderr
    p = subprocess.run([WTFTOP, "-M", "3", "-c", "spy_logs", "/tmp/out.scap"], capture_output=True, text=True,
                       env=ENV, timeout=30)
    assert p.returncode == 1 and "events export not supported on live captures" in p.stdout, (p.stdout, p.stderr)


def test_run_app_runs_wtftop_once():
    env = dict(ENV, WTFTOP_CHISELS_PATH=CHISELS + ":" + os.path.join(ROOT, "tests", "chisels"))
    p = subprocess.run([WTFTOP, "-M", "20", "-c", "run_app"], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert "wtftop 0." in p.stdout and lines.count("status=0") == 2, lines
    assert [l for l in lines if l.startswith("nested_ok=")] == \
        ["nested_ok=false sysdig.run_app: not from a program that run_app started"], lines


SHIPPED = """spy_users spy_file spy_ip spy_port spy_logs echo_fds stdin stdout stderr topprocs_cpu
topprocs_file topprocs_net topprocs_errors topfiles_bytes topfiles_time topfiles_errors topconns
topports_server topcontainers_cpu topcontainers_file topcontainers_net topcontainers_error topscalls
topscalls_time fdbytes_by fdcount_by fdtime_by iobytes iobytes_file iobytes_net fileslower netlower
scallslower proc_exec_time list_login_shells lsof netstat ps lscontainers around bottlenecks""".split()


def test_every_shipped_chisel_is_listed():
    out = subprocess.run([WTFTOP, "-cl"], capture_output=True, text=True, env=ENV, timeout=60).stdout
    names = {l.split()[0] for l in out.splitlines() if l and not l.startswith((" ", "-", "Category", "Use "))}
    assert names == set(SHIPPED), (sorted(names - set(SHIPPED)), sorted(set(SHIPPED) - names))


def test_bad_arguments():
    for args, what in ((["fileslower", "abc"], "min_ms"), (["spy_port", "70000"], "host_port"),
                       (["spy_ip", "nonsense"], "host_ip")):
        p = subprocess.run([WTFTOP, "-M", "3", "-c"] + args, capture_output=True, text=True, env=ENV, timeout=30)
        assert p.returncode == 2 and "bad value" in p.stderr and what in p.stderr, (args, p.stderr)


run(globals())
