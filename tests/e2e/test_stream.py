"""End-to-end tests of the stream: the real wtftop binary, live, against real
processes, files and sockets."""
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403


def stream(args, workload, timeout=20, input_pipe=False):
    """Starts wtftop with args, runs workload() repeatedly until wtftop exits
    (its -n or -M limit) or timeout; returns (stdout, stderr, rc)."""
    p = subprocess.Popen([WTFTOP] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = []
    reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
    reader.start()
    deadline = time.time() + timeout
    time.sleep(0.3)
    while p.poll() is None and time.time() < deadline:
        workload()
        time.sleep(0.1)
    if p.poll() is None:
        p.terminate()
    p.wait(timeout=10)
    reader.join(timeout=10)
    err = p.stderr.read().decode(errors="replace")
    return (out[0] if out else b"").decode(errors="replace"), err, p.returncode


def test_cat_hostname_open_read_close():
    out, err, rc = stream(["-n", "500", "-M", "15", "-p", "%proc.name %evt.type %fd.name %evt.res", "proc.name=cat"],
                          lambda: subprocess.run(["cat", "/etc/hostname"], stdout=subprocess.DEVNULL))
    lines = [l.split() for l in out.splitlines()]
    assert rc == 0, err
    opens = [l for l in lines if len(l) >= 4 and l[1] == "openat" and l[2] == "/etc/hostname"]
    reads = [l for l in lines if len(l) >= 4 and l[1] == "read" and l[2] == "/etc/hostname"]
    closes = [l for l in lines if len(l) >= 4 and l[1] == "close" and l[2] == "/etc/hostname"]
    assert opens and all(l[0] == "cat" and l[3] == "SUCCESS" for l in opens), out[-2000:]
    assert reads and closes, out[-2000:]
    size = os.path.getsize("/etc/hostname")
    # cat's first read returns the file's size, the next 0
    assert any(l[3] in ("SUCCESS", str(size)) for l in reads), reads


def test_connect_shows_four_tuple():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    port = srv.getsockname()[1]
    seen = []

    def work():
        c = socket.create_connection(("127.0.0.1", port))
        seen.append(c.getsockname()[1])
        a, _ = srv.accept()
        a.close()
        c.close()

    out, err, rc = stream(["-n", "3", "-M", "15", "-p", "%evt.type %fd.name %fd.sip %fd.sport %fd.cip",
                           "evt.type=connect and fd.sport=%d" % port], work)
    srv.close()
    assert rc == 0, err
    lines = out.splitlines()
    assert lines, err
    typ, name, sip, sport, cip = lines[0].split()
    assert typ == "connect" and sip == "127.0.0.1" and sport == str(port) and cip == "127.0.0.1"
    cport = int(name.split("->")[0].rsplit(":", 1)[1])
    assert cport in seen and name == "127.0.0.1:%d->127.0.0.1:%d" % (cport, port), (name, seen)


def test_execve_shows_exe_args_parent():
    marker = "wtftop-e2e-%d" % os.getpid()
    out, err, rc = stream(["-n", "1", "-M", "15", "-p", "%proc.name|%proc.exe|%proc.args|%proc.pname|%proc.ppid|%evt.res",
                           "evt.type=execve and proc.name=echo"],
                          lambda: subprocess.run(["/bin/sh", "-c", "/bin/echo %s >/dev/null; true" % marker]))
    assert rc == 0, err
    name, exe, args, pname, ppid, res = out.splitlines()[0].split("|")
    assert name == "echo" and exe == "/bin/echo" and args == marker, out
    assert pname == "sh" and int(ppid) > 1 and res == "SUCCESS", out


def test_fds_passed_over_a_unix_socket_are_known():
    """An fd received with SCM_RIGHTS is a new fd of the receiver, of the file
    the sender passed: the read on it names the file. wtftop learns it from
    /proc/PID/fd when it takes the recvmsg from the ring (as libs does), so
    the receiver stays a moment after its read: one that exits first leaves
    the fd unknown (in about one run in four here)."""
    d = tempfile.mkdtemp(prefix="wtf-scm-")
    marker = os.path.join(d, "passed.txt")
    with open(marker, "w") as f:
        f.write("wtf-scm-rights-marker")
    script = ("import os, socket; a, b = socket.socketpair(); fd = os.open(%r, os.O_RDONLY); "
              "socket.send_fds(a, [b'x'], [fd]); _, fds, _, _ = socket.recv_fds(b, 1, 1); "
              "os.read(fds[0], 64); print(fds[0], flush=True); import time; time.sleep(0.5)" % marker)
    got = []
    out, err, rc = stream(["-n", "1", "-M", "15", "-p", "%fd.num %fd.type %fd.name",
                           "evt.type=read and evt.buffer contains wtf-scm-rights"],
                          lambda: got.append(subprocess.run([sys.executable, "-c", script], capture_output=True,
                                                            text=True).stdout.split()))
    assert rc == 0, err
    lines = out.splitlines()
    assert len(lines) == 1, out
    num, typ, name = lines[0].split(" ", 2)
    assert [num] in got, (lines, got)
    assert (typ, name) == ("file", marker), lines


def test_fds_of_syscalls_without_an_event_are_known():
    """fanotify_init and fsopen have no event of their own (generic events,
    without their result): the process's new fds are read from /proc, so the
    close of each names it. The fds are held half a second, as such fds are
    (the table learns them when the event is read, some ms later)."""
    script = ("import ctypes, os, time; libc = ctypes.CDLL(None, use_errno=True); "
              "a = libc.syscall(300, 0, 0); b = libc.syscall(430, b'tmpfs', 0); print(a, b, flush=True); "
              "time.sleep(0.5); os.close(a); os.close(b)")  # x86_64: fanotify_init, fsopen
    got = []
    out, err, rc = stream(["-n", "2", "-M", "15", "-p", "%fd.num %fd.name",
                           "evt.type=close and fd.name startswith anon_inode:[f"],
                          lambda: got.append(subprocess.run([sys.executable, "-c", script], capture_output=True,
                                                            text=True).stdout.split()), timeout=20)
    assert rc == 0, err
    lines = out.splitlines()
    assert len(lines) == 2, (out, got)
    a, b = lines[0].split(" ", 1), lines[1].split(" ", 1)
    assert [a[0], b[0]] in got, (lines, got)
    assert (a[1], b[1]) == ("anon_inode:[fanotify]", "anon_inode:[fscontext]"), lines


def test_relative_open_resolves_against_cwd_and_dirfd():
    d = tempfile.mkdtemp(prefix="wtf-rel-")
    with open(os.path.join(d, "rel.txt"), "w") as f:
        f.write("x")
    script = ("import os; os.chdir(%r); open('rel.txt').close(); "
              "fd = os.open('.', os.O_RDONLY); os.close(os.open('rel.txt', os.O_RDONLY, dir_fd=fd))" % d)
    out, err, rc = stream(["-n", "2", "-M", "15", "-p", "%evt.type %fd.name %evt.rawarg.name",
                           "evt.type=openat and fd.name endswith rel.txt"],
                          lambda: subprocess.run([sys.executable, "-c", script]))
    assert rc == 0, err
    lines = out.splitlines()
    assert len(lines) == 2, out
    for l in lines:
        typ, name, arg = l.split(" ", 2)
        assert name == os.path.join(d, "rel.txt"), l
        assert arg == "rel.txt", l  # as the process passed it


def test_utf8_file_names_are_kept_and_filtered_on():
    """A UTF-8 file name is printed whole and a filter can name it; a
    right-to-left override inside a name is dropped."""
    d = tempfile.mkdtemp(prefix="wtf-utf8-")
    name = os.path.join(d, "donn\u00e9es-\u65e5\u672c.txt")
    tricky = os.path.join(d, "rlo\u202etxt.exe")
    script = "open(%r, 'w').close(); open(%r, 'w').close()" % (name, tricky)
    try:
        out, err, rc = stream(["-n", "2", "-M", "15", "-p", "%evt.type %fd.name",
                               "evt.type=openat and (fd.name=%s or fd.directory=%s)" % (name, d)],
                              lambda: subprocess.run([sys.executable, "-c", script]))
        assert rc == 0, err
        assert out.splitlines() == ["openat " + name, "openat " + os.path.join(d, "rlotxt.exe")], out
    finally:
        subprocess.run(["rm", "-rf", d])


def test_data_buffers_ascii_hex_and_base64():
    d = tempfile.mkdtemp(prefix="wtf-data-")
    path = os.path.join(d, "data.txt")
    with open(path, "w") as f:
        f.write("hello\x01wtftop")
    work = lambda: subprocess.run(["cat", path], stdout=subprocess.DEVNULL)
    flt = "evt.type=read and fd.name=%s and evt.rawres>0" % path
    out, err, rc = stream(["-n", "1", "-M", "15", "-p", "%evt.arg.data", flt], work)
    assert rc == 0 and out.strip() == "hello.wtftop", (out, err)
    out, err, rc = stream(["-n", "1", "-M", "15", "-x", "-p", "%evt.arg.data", flt], work)
    assert rc == 0 and "6865 6c6c 6f01" in out.replace("\t", " "), out
    out, err, rc = stream(["-n", "1", "-M", "15", "-A", "-p", "%evt.arg.data", flt], work)
    assert rc == 0 and "hello" in out and "wtftop" in out, out
    out, err, rc = stream(["-n", "1", "-M", "15", "-b", "-p", "%evt.arg.data", flt], work)
    assert rc == 0 and out.strip() == base64.b64encode(b"hello\x01wtftop").decode(), out


def test_syslog_fields():
    """A message written to /dev/log is decoded into the syslog fields. When
    nothing listens on /dev/log here, the test listens there itself."""
    own = not os.path.exists("/dev/log")
    if not own:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            probe.connect("/dev/log")
        except ConnectionRefusedError:  # a stale socket file: nobody listens
            os.unlink("/dev/log")
            own = True
        probe.close()
    srv = None
    if own:
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        srv.bind("/dev/log")
    try:
        def work():
            c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            c.settimeout(1)
            c.connect("/dev/log")
            c.send(b"<35>wtftop-test: hello syslog")  # auth (4) * 8 + err (3)
            c.close()
            if srv:
                srv.recv(4096)
        out, err, rc = stream(["-n", "1", "-M", "15", "-p",
                               "%syslog.facility.str %syslog.facility %syslog.severity.str %syslog.severity %syslog.message",
                               "evt.is_syslog=true and syslog.message contains wtftop-test"], work)
    finally:
        if srv:
            srv.close()
            os.unlink("/dev/log")
    assert rc == 0, err
    assert out.splitlines()[0] == "auth 4 err 3 wtftop-test: hello syslog", out


def test_json_lines_parse():
    out, err, rc = stream(["-j", "-n", "1000", "-M", "15"],
                          lambda: subprocess.run(["ls", "-la", "/etc"], stdout=subprocess.DEVNULL))
    assert rc == 0, err
    lines = out.splitlines()
    assert len(lines) == 1000, len(lines)
    for l in lines:
        obj = json.loads(l)
        assert "evt.type" in obj and "proc.name" in obj, obj


def test_latency_is_timed_whenever_a_consumer_reads_it():
    """The probe times syscalls at enter only when something reads
    evt.latency: a format, the filter, or a rule (through a macro) each
    make it so; each sees sleep's 60 ms clock_nanosleep."""
    sleep = lambda: subprocess.run(["sleep", "0.06"])
    slow = "evt.type=clock_nanosleep and proc.name=sleep"

    out, err, rc = stream(["-n", "2", "-M", "15", "-p", "%evt.type %evt.latency", slow], sleep)
    lat = [int(l.split()[1]) for l in out.splitlines()]
    assert rc == 0 and lat and all(60e6 <= v < 5e9 for v in lat), (out, err)

    out, err, rc = stream(["-n", "2", "-M", "15", "-p", "%proc.name %evt.type",
                           slow + " and evt.latency > 50000000"], sleep)
    assert rc == 0 and out.splitlines() == ["sleep clock_nanosleep"] * 2, (out, err)

    d = tempfile.mkdtemp(prefix="wtf-lat-")
    rules = os.path.join(d, "slow.yaml")
    with open(rules, "w") as f:
        f.write("- macro: slow_call\n  condition: evt.latency > 50000000\n"
                "- rule: Slow sleep\n  desc: a test rule\n"
                "  condition: evt.type = clock_nanosleep and proc.name = sleep and slow_call\n"
                "  output: slow sleep by %proc.name\n  priority: WARNING\n")
    # neither the format nor the filter reads it: only the rule's macro does
    out, err, rc = stream(["-R", rules, "-M", "3", "-p", "%proc.name", "proc.name=sleep"], sleep, timeout=10)
    assert "slow sleep by sleep" in err, (out[-500:], err[-2000:])


def test_data_is_captured_whenever_a_consumer_reads_it():
    """The probe copies I/O data only when something reads it: a format, the
    filter, or a rule. Here neither the format nor the filter shows data,
    and a rule that searches write buffers still sees a marker written."""
    marker = "WTFDATA%d" % os.getpid()
    with tempfile.TemporaryDirectory(prefix="wtf-data-") as d:
        target = os.path.join(d, "out")
        script = "import os\nfd = os.open(%r, os.O_WRONLY | os.O_CREAT)\nos.write(fd, b'x %s y')\n" % (target, marker)
        write = lambda: subprocess.run([sys.executable, "-c", script], check=True)

        rules = os.path.join(d, "data.yaml")
        with open(rules, "w") as f:
            f.write("- rule: Marker written\n  desc: a test rule\n"
                    "  condition: evt.type = write and evt.buffer contains %s\n"
                    "  output: marker written by %%proc.name\n  priority: WARNING\n" % marker)
        out, err, rc = stream(["-R", rules, "-M", "3", "-p", "%proc.name %evt.type", "evt.type=write"], write,
                              timeout=10)
        assert "marker written by python" in err, (out[-500:], err[-2000:])

        # the filter alone reads it
        out, err, rc = stream(["-n", "1", "-M", "15", "-p", "%evt.type %evt.buflen",
                               "evt.type=write and evt.buffer contains %s" % marker], write)
        assert rc == 0 and out.splitlines() == ["write %d" % len("x %s y" % marker)], (out, err)


def test_summary_counts_drops_when_consumer_is_slow():
    # a tiny ring buffer, a consumer that blocks on a full pipe, and a flood
    p = subprocess.Popen([WTFTOP, "--ringbuf-mb", "1", "-S", "-M", "4"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(0.5)
    subprocess.run([helper("sysbench"), "getppid", "3000000"], stdout=subprocess.DEVNULL)
    time.sleep(4.0)  # nobody reads: the pipe fills, wtftop blocks, the ring overflows
    out = p.stdout.read().decode(errors="replace")
    err = p.stderr.read().decode(errors="replace")
    p.wait(timeout=20)
    m = [l for l in out.splitlines() if l.startswith("Events dropped:")]
    assert m, out[-3000:]
    n = int(m[-1].split(":")[1])
    assert n > 0, out[-3000:]
    assert "ring buffer full: %d" % n in out.replace("  ", "") or "ring buffer full" in out
    assert "dropped" in err, err


def test_unknown_field_in_format_is_an_error():
    p = subprocess.run([WTFTOP, "-n", "1", "-p", "%proc.nmae"], capture_output=True, text=True, timeout=20)
    assert p.returncode != 0
    assert "proc.nmae" in p.stderr and "proc.name" in p.stderr, p.stderr


def test_bad_filter_names_the_column():
    p = subprocess.run([WTFTOP, "-n", "1", "proc.name=cat and evt.type=="], capture_output=True, text=True, timeout=20)
    assert p.returncode != 0
    assert "column" in p.stderr and "^" in p.stderr, p.stderr


def test_not_root_says_which_capabilities():
    p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                        WTFTOP, "-n", "1", "--stream"], capture_output=True, text=True, timeout=20)
    assert p.returncode != 0
    assert "CAP_BPF" in p.stderr and "CAP_PERFMON" in p.stderr, p.stderr


def test_list_fields_and_events():
    p = subprocess.run([WTFTOP, "-l"], capture_output=True, text=True, timeout=20)
    assert p.returncode == 0 and "proc.name" in p.stdout and "fd.name" in p.stdout and "evt.type" in p.stdout
    p = subprocess.run([WTFTOP, "-L"], capture_output=True, text=True, timeout=20)
    assert p.returncode == 0
    assert "< openat(FD fd, FD dirfd, FSRELPATH name, FLAGS32 flags, UINT32 mode, UINT32 dev, UINT64 ino" in p.stdout


if __name__ == "__main__":
    run(globals())
