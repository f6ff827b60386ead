"""End-to-end tests of the chisels: the real wtftop binary, live, running the
shipped chisels (chisels/) and test chisels (tests/chisels/) against
controlled activity, checking the figures they print."""
import os
import pty
import random
import select
import subprocess
import sys
import shutil
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

CHISELS = os.path.join(ROOT, "chisels")
TEST_CHISELS = os.path.join(ROOT, "tests", "chisels")
ENV = dict(os.environ, WTFTOP_CHISELS_PATH=CHISELS + ":" + TEST_CHISELS)


def run_chisel(args, workload, seconds=5):
    """Runs wtftop -M seconds with args, calls workload() once it is up;
    returns (stdout, stderr, rc)."""
    p = start_wtftop(["-M", str(seconds)] + args, env=ENV, cwd="/")
    workload()
    out, err = p.communicate(timeout=seconds + 20)
    return out.decode(errors="replace"), err.decode(errors="replace"), p.returncode


def io_workload(name, path, nwrites=3, size=100, reads=True, extra_files=0):
    """A child that renames itself name, then writes nwrites*size bytes to
    path and reads them back: all its file I/O happens under that name."""
    code = r"""
import ctypes, os, sys
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
fd = os.open(sys.argv[2], os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
for i in range(int(sys.argv[3])):
    os.write(fd, b"x" * int(sys.argv[4]))
if sys.argv[5] == "1":
    os.lseek(fd, 0, 0)
    while os.read(fd, int(sys.argv[4])):
        pass
fds = [os.open(sys.argv[2] + ".%d" % i, os.O_RDWR | os.O_CREAT, 0o600) for i in range(int(sys.argv[6]))]
for f in fds:
    os.write(f, b"y")
os.close(fd)
"""
    subprocess.run([sys.executable, "-c", code, name, path, str(nwrites), str(size),
                    "1" if reads else "0", str(extra_files)], check=True)


def uniq(prefix):
    return "%s%05d" % (prefix, random.randrange(100000))


def table_rows(out, key_col=1):
    """Rows of top tables (value, keys...) under each header/rule pair."""
    rows = []
    in_table = False
    for line in out.splitlines():
        if line.startswith("-----"):
            in_table = True
            continue
        if not line.strip() or line.startswith(("Bytes", "# Calls")):
            in_table = False
            continue
        if in_table:
            rows.append(line)
    return rows


def bytes_value(s):
    assert s.endswith("B") and not s.endswith("KB"), "expected a figure in bytes, got " + s
    return int(s[:-1])


def test_list_and_info():
    out = subprocess.run([WTFTOP, "-cl"], capture_output=True, text=True, env=ENV).stdout
    for name in ("spy_users", "topprocs_file", "topfiles_bytes", "fdbytes_by", "fdcount_by", "topscalls"):
        assert "\n" + name in out, out
    assert "Category: I/O\n-------------\n" in out, out
    assert "toptable" not in out  # a helper module, not a chisel
    p = subprocess.run([WTFTOP, "-i", "fdbytes_by"], capture_output=True, text=True, env=ENV)
    assert p.returncode == 0 and "[string] key - The filter field used for grouping" in p.stdout, p.stdout
    p = subprocess.run([WTFTOP, "-i", "nosuchchisel"], capture_output=True, text=True, env=ENV)
    assert p.returncode != 0 and "not found" in p.stderr


def test_missing_argument_and_unknown_chisel():
    p = subprocess.run([WTFTOP, "-c", "fdbytes_by"], capture_output=True, text=True, env=ENV)
    assert p.returncode == 2 and "needs argument key" in p.stderr, p.stderr
    p = subprocess.run([WTFTOP, "-c", "nosuch"], capture_output=True, text=True, env=ENV)
    assert p.returncode == 2 and "not found" in p.stderr, p.stderr


def test_topfiles_bytes():
    name = uniq("wtftf")
    path = tempfile.mktemp(prefix="wtf_tfb_")
    try:
        out, err, rc = run_chisel(["-c", "topfiles_bytes", "proc.name=" + name], lambda: io_workload(name, path, 3, 100))
    finally:
        os.unlink(path)
    assert rc == 0, err
    total = sum(bytes_value(r.split()[0]) for r in table_rows(out) if r.split()[-1] == path)
    assert total == 600, (total, out[-3000:])


def test_topprocs_file_and_trailing_filter():
    name = uniq("wtftp")
    path = tempfile.mktemp(prefix="wtf_tpf_")
    pids = []
    try:
        out, err, rc = run_chisel(["-c", "topprocs_file", "proc.name=" + name],
                                  lambda: io_workload(name, path, 4, 50))
    finally:
        os.unlink(path)
    assert rc == 0, err
    rows = [r.split() for r in table_rows(out)]
    assert rows and all(r[1] == name for r in rows), out  # the trailing filter holds
    assert sum(bytes_value(r[0]) for r in rows) == 400, out
    assert all(r[2].isdigit() for r in rows), rows


def test_fdbytes_by_fd_name():
    name = uniq("wtffb")
    path = tempfile.mktemp(prefix="wtf_fdb_")
    try:
        out, err, rc = run_chisel(["-c", "fdbytes_by", "fd.name", "proc.name=" + name],
                                  lambda: io_workload(name, path, 2, 300, reads=False))
    finally:
        os.unlink(path)
    assert rc == 0, err
    total = sum(bytes_value(r.split()[0]) for r in table_rows(out) if r.split()[-1] == path)
    assert total == 600, out


def test_fdcount_by_proc_name():
    name = uniq("wtffc")
    path = tempfile.mktemp(prefix="wtf_fdc_")
    try:
        out, err, rc = run_chisel(["-c", "fdcount_by", "proc.name"],
                                  lambda: io_workload(name, path, 1, 10, reads=False, extra_files=4))
    finally:
        for f in [path] + [path + ".%d" % i for i in range(4)]:
            os.unlink(f)
    assert rc == 0, err
    counts = dict(l.split("\t") for l in out.splitlines() if "\t" in l)
    assert counts.get(name) == "5", (name, out[-2000:])  # the file and four more


def test_topscalls_counts_calls():
    name = uniq("wtfsc")
    path = tempfile.mktemp(prefix="wtf_tsc_")
    try:
        out, err, rc = run_chisel(["-c", "topscalls", "proc.name=" + name],
                                  lambda: io_workload(name, path, 7, 10, reads=False))
    finally:
        os.unlink(path)
    assert rc == 0, err
    writes = sum(int(r.split()[0]) for r in table_rows(out) if r.split()[1] == "write")
    assert writes == 7, out  # the seven writes after the rename; the .N files: none


def test_sysdig_api_chisel_unmodified():
    name = uniq("wtfsa")
    path = tempfile.mktemp(prefix="wtf_api_")
    pid = []

    def work():
        io_workload(name, path, 5, 20)  # 100 written, 100 read back (+ a 0-byte read)
    try:
        out, err, rc = run_chisel(["-c", "bytes_by_pid", name], work)
    finally:
        os.unlink(path)
    assert rc == 0, err
    lines = [l for l in out.splitlines() if l.startswith(name + " pid=")]
    assert len(lines) == 1, out
    f = dict(kv.split("=") for kv in lines[0].split()[1:])
    assert f["pid"].isdigit() and "." not in lines[0], lines  # %d of integers, not 1234.0
    assert f["bytes"] == "200", lines
    assert "ts_is_int=true" in out, out


def test_error_in_chisel_traceback_and_exit_code():
    out, err, rc = run_chisel(["-c", "broken"], lambda: None, seconds=3)
    assert rc != 0, (rc, err)
    assert "broken.lua:8:" in err and "stack traceback" in err and "in function 'on_event'" in err, err


def test_two_chisels_at_once():
    name = uniq("wtftw")
    path = tempfile.mktemp(prefix="wtf_two_")
    try:
        out, err, rc = run_chisel(["-c", "bytes_by_pid", name, "-c", "topfiles_bytes", "proc.name=" + name],
                                  lambda: io_workload(name, path, 2, 100, reads=False))
    finally:
        os.unlink(path)
    assert rc == 0, err
    assert any(l.startswith(name + " pid=") and "bytes=200" in l for l in out.splitlines()), out
    assert sum(bytes_value(r.split()[0]) for r in table_rows(out) if r.split()[-1] == path) == 200


def pty_session(lines_to_type, seconds=6):
    """Starts wtftop -c spy_users, then an interactive bash on a pty, types
    the lines; returns (wtftop stdout, stderr, rc, bash pid)."""
    # the shell starts first: its own start (from this python, below other
    # shells) is not part of the session
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], dict(os.environ, PS1="$ "))
    p = start_wtftop(["-M", str(seconds), "-c", "spy_users"], env=ENV, cwd="/")
    try:
        for line in lines_to_type:
            os.write(fd, (line + "\n").encode())
            deadline = time.time() + 1.0
            while time.time() < deadline:  # drain what the shell prints
                r, _, _ = select.select([fd], [], [], 0.1)
                if r:
                    try:
                        os.read(fd, 4096)
                    except OSError:
                        break
        os.write(fd, b"exit\nexit\n")
        time.sleep(0.5)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    out, err = p.communicate(timeout=seconds + 20)
    return out.decode(errors="replace"), err.decode(errors="replace"), p.returncode, pid


def test_spy_users_through_a_pty():
    tag = uniq("wtfspy")
    out, err, rc, bash_pid = pty_session(["/bin/echo " + tag, "bash --norc --noprofile -i",
                                          "/bin/echo nested_" + tag])
    assert rc == 0, err
    lines = out.splitlines()
    top = [l for l in lines if l.endswith("/bin/echo " + tag)]
    assert len(top) == 1, out
    assert top[0].startswith("%d " % bash_pid), (bash_pid, top)
    assert " root) /bin/echo " + tag in top[0], top
    nested = [l for l in lines if l.endswith("/bin/echo nested_" + tag)]
    assert len(nested) == 1 and nested[0].startswith("   ") and not nested[0].startswith("    "), out
    inner_pid = int(nested[0].split()[0])
    assert inner_pid != bash_pid  # typed in the inner shell


def test_spy_file_writes_with_data():
    name = uniq("wtfsf")
    path = tempfile.mktemp(prefix="wtf_spf_")
    try:
        out, err, rc = run_chisel(["-c", "spy_file", "W " + path], lambda: io_workload(name, path, 2, 40))
    finally:
        os.unlink(path)
    assert rc == 0, err
    lines = [l for l in out.splitlines() if (" %s " % path) in l]
    assert len(lines) == 2, out[-2000:]  # the two writes, not the reads back
    for l in lines:
        f = l.split()
        assert f[1].startswith(name + "(") and f[1][len(name) + 1:-1].isdigit(), l
        assert f[2:5] == ["W", "40B", path] and f[5].startswith("x" * 40), l


def test_echo_fds_reads_and_writes():
    name = uniq("wtfef")
    path = tempfile.mktemp(prefix="wtf_ef_")
    try:
        out, err, rc = run_chisel(["-c", "echo_fds", "proc.name=" + name], lambda: io_workload(name, path, 3, 30))
    finally:
        os.unlink(path)
    assert rc == 0, err
    lines = out.splitlines()
    assert lines.count("------ Write 30B to  %s (%s)" % (path, name)) == 3, out[-2000:]
    assert lines.count("------ Read 30B from  %s (%s)" % (path, name)) == 3, out[-2000:]
    assert lines.count("x" * 30) == 6, out[-2000:]  # each read's and write's data under its line


def holder(name, path):
    """A process called name holding path open (on fd 3 or above), started
    before wtftop so that it comes from /proc."""
    code = r"""
import ctypes, os, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
fd = os.open(sys.argv[2], os.O_RDWR | os.O_CREAT, 0o600)
print(fd, flush=True)
time.sleep(30)
"""
    p = subprocess.Popen([sys.executable, "-c", code, name, path], stdout=subprocess.PIPE, text=True)
    return p, int(p.stdout.readline())


def test_ps_and_lsof_from_the_thread_table():
    name = uniq("wtfhd")
    path = tempfile.mktemp(prefix="wtf_lsof_")
    p, fd = holder(name, path)
    try:
        out, err, rc = run_chisel(["-c", "ps", "proc.name=" + name], lambda: None, seconds=3)
        assert rc == 0, err
        rows = [l.split() for l in out.splitlines()[1:]]
        assert out.splitlines()[0].split() == ["TID", "PID", "USER", "VIRT", "RES", "FDLIMIT", "CMD"], out
        with open("/proc/%d/limits" % p.pid) as f:
            nofile = [l.split()[3] for l in f if l.startswith("Max open files")][0]  # the soft limit
        assert [r for r in rows if r[0] == str(p.pid) and r[1] == str(p.pid) and r[2] == "root" and
                r[-2] == nofile and r[-1] == name], out
        out, err, rc = run_chisel(["-c", "lsof", "fd.name=" + path], lambda: None, seconds=3)
        assert rc == 0, err
        rows = [l.split() for l in out.splitlines()[1:]]
        assert rows == [[name, str(p.pid), str(p.pid), "root", str(fd), "file", path]], out
    finally:
        p.kill()
        p.wait()
        os.unlink(path)


def test_chisel_exec_table_generator():
    name = uniq("wtfex")
    path = tempfile.mktemp(prefix="wtf_ex_")
    try:
        out, err, rc = run_chisel(["-c", "exec_table", "proc.name=" + name],
                                  lambda: io_workload(name, path, 2, 100, reads=False))
    finally:
        os.unlink(path)
    assert rc == 0, err
    assert sum(bytes_value(r.split()[0]) for r in table_rows(out) if r.split()[-1] == path) == 200, out


def test_on_alert_receives_the_rules_alerts():
    """on_alert(rule, priority, output): each alert of the rules engine (-R
    here) reaches the chisel, its output filled in."""
    d = tempfile.mkdtemp(prefix="wtftop-chal-")
    canary, rules = canary_rule(d, "Chisel canary", "canary opened by %proc.name pid %proc.pid", "NOTICE")
    try:
        pids = []

        def workload():
            p = subprocess.Popen(["touch", canary])
            pids.append(p.pid)
            p.wait()
        out, err, rc = run_chisel(["-R", rules, "-c", "alerts_seen"], workload, seconds=4)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    assert rc == 0, err
    seen = [l.split("|") for l in out.splitlines() if l.startswith("ALERT|")]
    assert seen == [["ALERT", "Chisel canary", "Notice", "canary opened by touch pid %d" % pids[0]]], (out, err)


run(globals())
