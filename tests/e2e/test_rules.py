"""End-to-end tests of the rules: the real wtftop with the default rules
(rules/wtftop_rules.yaml) against real activity. Each default rule has a
trigger that must raise it and a look-alike that must not; then the alert
formats and channels (stderr in stream mode, stdout with --alerts, a file
reopened on SIGHUP, a program that gets alerts on its stdin and never a
shell line), and --validate."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

RULES = os.path.join(ROOT, "rules", "wtftop_rules.yaml")
TMP = "/tmp/wtfr"
TRIG = helper("trig_rules")


def sh(*cmd, **kw):
    """Runs cmd with /dev/null as stdin, stdout and stderr: whatever the
    test runner's own are (a socket under some CI agents) never shows."""
    return subprocess.run(list(cmd), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, **kw)


def named(src, name):
    """A copy of the program src called name, so that proc.name is name."""
    dst = os.path.join(TMP, name)
    shutil.copy(src, dst)
    os.chmod(dst, 0o755)
    return dst


class Wtftop:
    """wtftop running in the background; lines of stdout and stderr collected.
    Nothing here assumes how long the probe takes to load or how fast events
    arrive: start() waits for a canary alert, settle() for an end marker."""

    def __init__(self, args):
        self.p = subprocess.Popen([WTFTOP] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out, self.err = [], []
        for stream, dst in ((self.p.stdout, self.out), (self.p.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, dst), daemon=True).start()

    @staticmethod
    def _read(stream, dst):
        for line in iter(stream.readline, b""):
            dst.append(line.decode(errors="replace").rstrip("\n"))

    def seen(self, pred):
        return any(pred(l) for l in list(self.out) + list(self.err))

    def wait_for(self, pred, action, timeout=30, every=0.3):
        """Runs action until a line of stdout or stderr satisfies pred."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.p.poll() is not None:
                break
            action()
            time.sleep(every)
            if self.seen(pred):
                return True
        return self.seen(pred)

    def marker(self, name):
        """Reads /etc/gshadow as a program called name (the sensitive-file
        rule fires) until wtftop reports it: then every event before it has
        been seen too (and the probe is attached, the first time)."""
        prog = named("/bin/cat", name)
        return self.wait_for(lambda l: "process=" + name in l, lambda: sh(prog, "/etc/gshadow"))

    def stop(self, marker="wtfr_end"):
        """Stops wtftop once the end marker is through: the events of
        everything run before have been processed (events of other CPUs'
        rings may trail the marker by one drain: the pause covers it)."""
        if marker and self.p.poll() is None:
            self.marker(marker)
            time.sleep(0.5)
        self.p.send_signal(signal.SIGINT)
        try:
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        time.sleep(0.2)


def alerts_args(*more):
    """Headless mode without the rate limit: activity elsewhere on the host
    firing the same rules must not use up the tests' alerts."""
    return ["--alerts", "--alerts-rate", "0", "-R", RULES, "-M", "180"] + list(more)


ALERTS = []     # JSON alerts of the default rules' session
SESSION = {}


def alerts(rule, contains=None):
    return [a for a in ALERTS if a["rule"] == rule and (contains is None or contains in a["output"])]


def default_rules_session():
    """One headless wtftop with the default rules; every trigger and
    look-alike runs in it, the tests below check what it said."""
    if SESSION:
        return
    os.makedirs(TMP, exist_ok=True)
    cat = named("/bin/cat", "wtfr_cat")
    trusted_cat = named("/bin/cat", "unix_chkpwd")
    fake_dpkg = named("/bin/cp", "dpkg")
    setns_bad = named(TRIG, "wtfr_setns")
    setns_ok = named(TRIG, "runc")
    ptracer = named(TRIG, "wtfr_ptrace")
    cam_bad = named(TRIG, "wtfr_cam")
    cam_ok = named(TRIG, "cheese")
    nc = named("/bin/true", "nc")
    tmp_true = named("/bin/true", "wtfr_tmp_true")
    shutil.copy("/bin/true", "/dev/shm/wtfr_shm_true")
    os.chmod("/dev/shm/wtfr_shm_true", 0o755)
    for f in ("wtfr_trunc.log", "wtfr_append.log", "wtfr_del.log"):
        with open("/var/log/" + f, "w") as fh:
            fh.write("old line\n")
    if not os.path.exists("/dev/video63"):
        sh("mknod", "/dev/video63", "c", "81", "63")
    for f in ("/usr/local/bin/wtfr_bin_a", "/usr/local/bin/wtfr_bin_b", "/dev/wtfr_devfile"):
        if os.path.exists(f):
            os.unlink(f)

    w = Wtftop(alerts_args("--json-alerts"))
    try:
        ready = w.marker("wtfr_canary")
        SESSION["ready"] = ready
        if not ready:
            return
        # write below a binary dir: cp does, a package manager does not count
        sh("cp", "/bin/true", "/usr/local/bin/wtfr_bin_a")
        sh(fake_dpkg, "/bin/true", "/usr/local/bin/wtfr_bin_b")
        # setns
        sh(setns_bad, "setns")
        sh(setns_ok, "setns")
        # files created in /dev; "> /dev/null" and /dev/shm do not count
        sh("touch", "/dev/wtfr_devfile")
        sh("sh", "-c", "echo x > /dev/null")
        sh("touch", "/dev/shm/wtfr_shmfile")
        # camera
        sh(cam_bad, "open", "/dev/video63")
        sh(cam_ok, "open", "/dev/video63")
        # sensitive files
        sh(cat, "/etc/shadow")
        sh(trusted_cat, "/etc/shadow")
        sh(cat, "/etc/passwd")
        # ptrace
        sh(ptracer, "ptrace_attach")
        sh(ptracer, "ptrace_traceme")
        # logs: truncate and delete raise, append does not
        open("/var/log/wtfr_trunc.log", "w").close()
        with open("/var/log/wtfr_append.log", "a") as fh:
            fh.write("new line\n")
        sh("rm", "/var/log/wtfr_del.log")
        # execution from /dev/shm and a memfd; from /tmp does not count
        sh("/dev/shm/wtfr_shm_true")
        sh(tmp_true)
        sh(TRIG, "memfd_exec")
        # netcat with -e / -c, and a plain port scan
        sh(nc, "-e", "/bin/sh", "127.0.0.1", "9")
        sh(nc, "-c", "sh", "127.0.0.1", "9")
        sh(nc, "-z", "-w1", "127.0.0.1", "9")
        # reverse shells: a TCP connection as a shell's stdin and stdout, made
        # by its parent (dup2 + execve) or by bash itself (/dev/tcp); the
        # same with a unix socket, a pipe, or the socket on fd 5 is no
        # reverse shell
        for kind, fd in (("tcp", "01"), ("unix", "01"), ("pipe", "01"), ("tcp", "5")):
            sh(TRIG, "stdio", kind, fd, "wtfr_rev_%s_%s" % (kind, fd))
        with socket.socket() as lsock:
            lsock.bind(("127.0.0.1", 0))
            lsock.listen(4)
            port = lsock.getsockname()[1]
            sh("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/%d; exec 0<&3 1>&3; : wtfr_bash_tcp" % port)
        sh("bash", "-c", "exec 0</dev/null 1>%s/wtfr_redirect; : wtfr_bash_file" % TMP)
    finally:
        w.stop()
        for f in ("/usr/local/bin/wtfr_bin_a", "/usr/local/bin/wtfr_bin_b", "/dev/wtfr_devfile",
                  "/dev/shm/wtfr_shmfile", "/dev/shm/wtfr_shm_true", "/dev/video63",
                  "/var/log/wtfr_trunc.log", "/var/log/wtfr_append.log"):
            if os.path.exists(f):
                os.unlink(f)
    SESSION["out"], SESSION["err"] = w.out, w.err
    for line in w.out:
        if line.startswith("{"):
            ALERTS.append(json.loads(line))


def session_test(fn):
    """A test of the shared session: when it fails, the session is dropped
    so that the harness's second run starts a fresh one (a missed event,
    a drop on a loaded host) instead of re-reading the same alerts."""
    def wrapped():
        default_rules_session()
        try:
            fn()
        except Exception:
            SESSION.clear()
            del ALERTS[:]
            raise
    wrapped.__name__ = fn.__name__
    return wrapped


@session_test
def test_session_starts_and_alerts_are_falco_json():
    assert SESSION.get("ready"), "no canary alert: %s" % SESSION
    a = alerts("Read sensitive file untrusted", "wtfr_canary")[0]
    assert set(a) == {"time", "rule", "priority", "source", "hostname", "output", "output_fields", "tags"}, a
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$", a["time"]), a
    assert a["priority"] == "Warning" and a["source"] == "syscall", a
    assert a["output_fields"]["proc.name"] == "wtfr_canary", a
    assert a["output_fields"]["fd.name"] == "/etc/gshadow", a
    assert "mitre_credential_access" in a["tags"], a
    assert re.match(r"^\d\d:\d\d:\d\d\.\d{9}: Warning Sensitive file", a["output"]), a


@session_test
def test_write_below_binary_dir():
    hit = alerts("Write below binary dir", "wtfr_bin_a")
    assert hit and hit[0]["output_fields"]["proc.name"] == "cp", ALERTS
    assert not alerts("Write below binary dir", "wtfr_bin_b"), "package manager raised it"


@session_test
def test_setns():
    assert alerts("Change thread namespace", "process=wtfr_setns"), ALERTS
    assert not alerts("Change thread namespace", "process=runc")


@session_test
def test_file_created_in_dev():
    assert alerts("Create files below dev", "file=/dev/wtfr_devfile"), ALERTS
    assert not alerts("Create files below dev", "file=/dev/null")
    assert not alerts("Create files below dev", "wtfr_shmfile")


@session_test
def test_camera():
    assert alerts("Camera opened by an unexpected program", "process=wtfr_cam"), ALERTS
    assert not alerts("Camera opened by an unexpected program", "process=cheese")


@session_test
def test_sensitive_file_read():
    hit = alerts("Read sensitive file untrusted", "file=/etc/shadow process=wtfr_cat")
    assert hit, ALERTS
    assert not alerts("Read sensitive file untrusted", "process=unix_chkpwd")
    assert not alerts("Read sensitive file untrusted", "file=/etc/passwd")


@session_test
def test_ptrace_attach():
    assert alerts("Ptrace attach", "process=wtfr_ptrace"), ALERTS
    assert len(alerts("Ptrace attach", "process=wtfr_ptrace")) == 1, "TRACEME is no attach"


@session_test
def test_log_truncated_or_deleted():
    assert alerts("Clear log activities", "/var/log/wtfr_trunc.log"), ALERTS
    assert alerts("Clear log activities", "/var/log/wtfr_del.log"), ALERTS
    assert not alerts("Clear log activities", "wtfr_append.log")


@session_test
def test_exec_from_dev_shm_or_memfd():
    assert alerts("Execution from dev shm or memfd", "exe=/dev/shm/wtfr_shm_true"), ALERTS
    # fexecve of a memfd: the exe is memfd:NAME (and so is the process
    # name since Linux 6.14; older kernels name it after the fd number)
    assert alerts("Execution from dev shm or memfd", "memfd:wtfr_memf"), ALERTS
    assert not alerts("Execution from dev shm or memfd", "wtfr_tmp_true")


@session_test
def test_netcat_remote_code_execution():
    hits = alerts("Netcat remote code execution", "process=nc")
    assert any("-e /bin/sh" in a["output"] for a in hits), ALERTS
    assert any("-c sh" in a["output"] for a in hits), ALERTS
    assert not any("-z" in a["output"] for a in hits)


@session_test
def test_reverse_shell():
    rule = "Redirect stdin/stdout to network connection"
    hit = alerts(rule, "wtfr_rev_tcp_01")
    assert hit, ALERTS
    f = hit[0]["output_fields"]
    # trig_rules became the shell (execve): its stdin is the connection
    assert f["proc.name"] == "sh" and f["proc.cmdline"] == "sh -c : wtfr_rev_tcp_01", f
    assert re.match(r"^127\.0\.0\.1:\d+->127\.0\.0\.1:\d+$", f["proc.stdin.name"]), f
    assert alerts(rule, "wtfr_bash_tcp"), ALERTS
    for benign in ("wtfr_rev_unix_01", "wtfr_rev_pipe_01", "wtfr_rev_tcp_5", "wtfr_bash_file"):
        assert not alerts(rule, benign), alerts(rule, benign)


@session_test
def test_no_container_alerts_on_the_host():
    # other containers may run on the machine meanwhile: only the host's
    # processes (all the shells this session ran) must never raise these
    for rule in ("Terminal shell in container", "Packet socket created in container", "Launch privileged container"):
        host = [a for a in alerts(rule) if a["output_fields"].get("container.id") == "host"]
        assert not host, host


def test_stream_mode_alerts_on_stderr():
    """Stream mode: events on stdout, alert text lines on stderr."""
    os.makedirs(TMP, exist_ok=True)
    cat = named("/bin/cat", "wtfr_scat")
    w = Wtftop(["-R", RULES, "-p", "%proc.name %evt.type", "-M", "180", "proc.name=wtfr_scat"])
    try:
        assert w.wait_for(lambda l: "process=wtfr_scat" in l, lambda: sh(cat, "/etc/shadow")), w.err
    finally:
        w.stop()
    assert any(l.startswith("wtfr_scat ") for l in w.out), w.out[:20]
    assert not any("Sensitive" in l for l in w.out)
    line = [l for l in w.err if "process=wtfr_scat" in l][0]
    assert re.match(r"^\d\d:\d\d:\d\d\.\d{9}: Warning Sensitive file opened for reading by an untrusted "
                    r"program \(file=/etc/shadow process=wtfr_scat command=wtfr_scat /etc/shadow ", line), line


def until(cond, action, timeout=30, every=0.3):
    """Runs action until cond() holds; returns whether it did."""
    deadline = time.time() + timeout
    while time.time() < deadline and not cond():
        action()
        time.sleep(every)
    return cond()


def file_has(path, text):
    if not os.path.exists(path):
        return False
    with open(path, errors="replace") as f:
        return text in f.read()


def test_alerts_file_reopened_on_sighup():
    os.makedirs(TMP, exist_ok=True)
    cat = named("/bin/cat", "wtfr_fcat")
    gcat = named("/bin/cat", "wtfr_gcat")
    log = os.path.join(TMP, "alerts.log")
    for f in (log, log + ".1"):
        if os.path.exists(f):
            os.unlink(f)
    w = Wtftop(alerts_args("--alerts-file", log))
    try:
        assert until(lambda: file_has(log, "process=wtfr_fcat"), lambda: sh(cat, "/etc/shadow")), w.err
        os.rename(log, log + ".1")  # as logrotate does
        # the flag is set before wtftop runs again, so every event it
        # handles after this, the reads below included, goes to the new file
        w.p.send_signal(signal.SIGHUP)
        assert until(lambda: file_has(log, "process=wtfr_gcat"), lambda: sh(gcat, "/etc/gshadow")), w.err
    finally:
        w.stop(marker=None)
    assert file_has(log, "file=/etc/gshadow process=wtfr_gcat")
    assert not file_has(log + ".1", "process=wtfr_gcat")
    assert not w.out, w.out  # everything went to the file


def test_program_channel_never_runs_a_shell():
    """The process is named $(touch pwned) and its argument is
    $(touch /tmp/pwned); the program gets the alert on its stdin and
    nothing is executed."""
    os.makedirs(TMP, exist_ok=True)
    cat = named("/bin/cat", "$(touch pwned)")
    got = os.path.join(TMP, "program_got.txt")
    canaries = ["/tmp/pwned", os.path.join(TMP, "pwned"), os.path.join(os.getcwd(), "pwned")]
    for f in [got] + canaries:
        if os.path.exists(f):
            os.unlink(f)
    w = Wtftop(alerts_args("--alerts-program", "tee -a " + got))
    try:
        until(lambda: file_has(got, "pwned"),
              lambda: subprocess.run([cat, "/etc/shadow", "$(touch /tmp/pwned)"], cwd=TMP,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), every=0.5)
    finally:
        w.stop(marker=None)  # closes tee's stdin and waits for it
    text = open(got).read() if os.path.exists(got) else ""
    assert "process=$(touch pwned) command=$(touch pwned) /etc/shadow $(touch /tmp/pwned)" in text, (text, w.err)
    assert re.search(r"^\d\d:\d\d:\d\d\.\d{9}: Warning Sensitive file", text, re.M), text
    for f in canaries:
        assert not os.path.exists(f), "a shell ran the alert text: %s exists" % f


def test_syslog_channel():
    """--alerts-syslog=SOCKET: RFC 3164 datagrams as syslog(3) writes them,
    facility user, the rule's priority as severity. The socket does not
    exist when wtftop starts (syslogd restarting): it connects when it can."""
    os.makedirs(TMP, exist_ok=True)
    path = os.path.join(TMP, "wtfr_devlog.sock")
    if os.path.exists(path):
        os.unlink(path)
    cat = named("/bin/cat", "wtfr_slog")
    got = []
    w = Wtftop(alerts_args("--alerts-syslog=" + path))
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as log:
            log.bind(path)
            log.settimeout(0.2)

            def receive():
                try:
                    while True:
                        got.append(log.recv(65536).decode(errors="replace"))
                except socket.timeout:
                    pass

            def seen(text):
                return any(text in m for m in got)

            assert until(lambda: seen("process=wtfr_slog"), lambda: (sh(cat, "/etc/shadow"), receive())), w.err
            assert until(lambda: seen("wtfr_slog_rev"),
                         lambda: (sh(TRIG, "stdio", "tcp", "01", "wtfr_slog_rev"), receive())), w.err
    finally:
        w.stop(marker=None)
        if os.path.exists(path):
            os.unlink(path)
    msg = [m for m in got if "process=wtfr_slog" in m][0]
    head = r"^<(\d+)>[A-Z][a-z][a-z] [ \d]\d \d\d:\d\d:\d\d wtftop\[%d\]: \d\d:\d\d:\d\d\.\d{9}: " % w.p.pid
    m = re.match(head + r"Warning Sensitive file opened for reading", msg)
    assert m and m.group(1) == "12", msg  # user (1) * 8 + warning (4)
    assert not msg.endswith("\n"), msg
    rev = [m for m in got if "wtfr_slog_rev" in m][0]
    m = re.match(head + r"Critical Shell with its stdin or stdout on a network connection", rev)
    assert m and m.group(1) == "10", rev  # critical (2)
    assert not w.out, w.out  # syslog only


def test_container_shell():
    """podman exec CTR sh -c '...' raises the shell rule with the
    container's id, name and image and the shell's parent; the host's own
    shell raises nothing."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import podman_env
    with podman_env.PodmanEnv() as e:
        e.run("wtfr_ctr", ["sleep", "600"])
        w = Wtftop(alerts_args("--json-alerts", "--container-socket", e.socket))
        got = []

        def complete(a):
            f = a["output_fields"]
            return f.get("container.name") == "wtfr_ctr" and f.get("proc.pname")

        def shells():
            del got[:]
            got.extend(json.loads(l) for l in list(w.out) if l.startswith("{"))
            return [a for a in got if a["rule"] == "Terminal shell in container"
                    and "wtfr_in_ctr" in a["output_fields"].get("proc.cmdline", "")]

        try:
            assert w.marker("wtfr_canary"), w.err
            # the name and image come from the runtime's API off the event
            # path: a shell that runs before the answer shows them pending,
            # so exec until an alert carries them (the first one, normally).
            # The parent too: podman's runc exec can exit before the shell's
            # exec is seen, and then the state may not know it yet.
            assert until(lambda: any(complete(a) for a in shells()),
                         lambda: e.exec("wtfr_ctr", "echo wtfr_in_ctr"), every=1.0), (got, w.err)
            sh("sh", "-c", "echo wtfr_on_host")
            # a privileged container started while watching raises its rule
            # once its metadata is in; the plain wtfr_ctr never does
            e.run("wtfr_priv", ["sleep", "600"], options=["--privileged"])
            def privileged():
                shells()  # reads the alerts so far into got
                return [a for a in got if a["rule"] == "Launch privileged container"]
            assert until(privileged, lambda: None, every=0.5), (got, w.err)
            # a setuid-root copy of busybox run by uid 1000 gains root; the
            # same run by root, or a plain copy run by uid 1000, gains nothing
            e.exec("wtfr_ctr", "cp /bin/busybox /tmp/wtfr_suid && chmod 4755 /tmp/wtfr_suid && "
                               "cp /bin/busybox /tmp/wtfr_plain")
            for user, prog in (("1000:1000", "wtfr_suid"), ("0:0", "wtfr_suid"), ("1000:1000", "wtfr_plain")):
                e.podman(["exec", "--user", user, "wtfr_ctr", "/tmp/" + prog, "true"], check=False)
        finally:
            w.stop()
        f = [a for a in shells() if complete(a)][0]["output_fields"]
        cid = e.inspect("wtfr_ctr")["Id"]
        assert f["container.id"] == cid[:12], f
        assert f["container.image"].startswith("localhost/wtf-test"), f
        assert f["proc.pname"], f
        assert not any("wtfr_on_host" in a["output"] for a in got), "the host's shell raised an alert"
        assert not any(a["rule"] == "Launch privileged container" and
                       a["output_fields"]["container.name"] == "wtfr_ctr" for a in got)
        priv = [a["output_fields"] for a in got if a["rule"] == "Launch privileged container"]
        assert len(priv) == 1 and priv[0]["container.name"] == "wtfr_priv", priv
        assert priv[0]["container.id"] == e.inspect("wtfr_priv")["Id"][:12], priv
        assert priv[0]["container.image"].startswith("localhost/wtf-test"), priv
        suid = [a for a in got if a["rule"] == "Setuid or setgid program run in container"]
        hit = [a["output_fields"] for a in suid if a["output_fields"]["proc.exepath"] == "/tmp/wtfr_suid"]
        assert len(hit) == 1, (suid, w.err)
        assert hit[0]["user.uid"] == 0 and hit[0]["user.ruid"] == 1000, hit
        assert hit[0]["container.id"] == cid[:12], hit
        assert not [a for a in suid if "wtfr_plain" in a["output"]], suid


def test_validate_reports_every_problem():
    bad = os.path.join(ROOT, "tests", "unit", "fixtures", "rules", "bad.yaml")
    p = subprocess.run([WTFTOP, "--validate", bad], capture_output=True, text=True, timeout=30)
    assert p.returncode != 0, p
    err = p.stderr
    assert "bad.yaml:25:12: YAML error" in err, err
    assert "bad.yaml:7:14: rule 'Uses unknown macro': undefined macro 'no_such_macro'" in err, err
    assert "bad.yaml:13:14: rule 'Uses unknown field' skipped" in err and "nosuch.field" in err, err
    assert "bad.yaml:21:13: rule 'Bad priority': unknown priority 'LOUD'" in err, err
    assert "Invalid" in p.stdout, p.stdout
    p = subprocess.run([WTFTOP, "--validate", RULES], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0 and "Ok" in p.stdout and not p.stderr, p


def test_list_rules_and_selection():
    p = subprocess.run([WTFTOP, "--list-rules", "-R", RULES, "--disable-rule", "Ptrace attach",
                        "--min-priority", "warning"], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p
    rows = {l[:50].strip(): l[50:].split() for l in p.stdout.splitlines()}
    assert rows["Ptrace attach"][1] == "disabled", rows
    assert rows["Write below binary dir"] == ["Error", "enabled"], rows
    assert rows["Change thread namespace"] == ["Notice", "disabled"], rows
    p = subprocess.run([WTFTOP, "--list-rules", "-R", RULES, "--enable-tag", "container"],
                       capture_output=True, text=True, timeout=30)
    rows = {l[:50].strip(): l[50:].split() for l in p.stdout.splitlines()}
    assert rows["Terminal shell in container"][1] == "enabled" and rows["Ptrace attach"][1] == "disabled", rows


if __name__ == "__main__":
    run(globals())
