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
    return subprocess.run(list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def named(src, name):
    """A copy of the program src called name, so that proc.name is name."""
    dst = os.path.join(TMP, name)
    shutil.copy(src, dst)
    os.chmod(dst, 0o755)
    return dst


class Wtftop:
    """wtftop running in the background; lines of stdout and stderr collected."""

    def __init__(self, args):
        self.p = subprocess.Popen([WTFTOP] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out, self.err = [], []
        for stream, dst in ((self.p.stdout, self.out), (self.p.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, dst), daemon=True).start()

    @staticmethod
    def _read(stream, dst):
        for line in iter(stream.readline, b""):
            dst.append(line.decode(errors="replace").rstrip("\n"))

    def wait_for(self, pred, action, timeout=15):
        """Runs action until a line of stdout or stderr satisfies pred."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            action()
            time.sleep(0.3)
            if any(pred(l) for l in self.out + self.err):
                return True
        return False

    def stop(self):
        time.sleep(1.0)
        self.p.send_signal(signal.SIGINT)
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        time.sleep(0.2)


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
    canary = named("/bin/cat", "wtfr_canary")
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

    w = Wtftop(["--alerts", "--json-alerts", "-R", RULES, "-M", "60"])
    try:
        ready = w.wait_for(lambda l: "wtfr_canary" in l, lambda: sh(canary, "/etc/gshadow"))
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


def test_session_starts_and_alerts_are_falco_json():
    default_rules_session()
    assert SESSION.get("ready"), "no canary alert: %s" % SESSION
    a = alerts("Read sensitive file untrusted", "wtfr_canary")[0]
    assert set(a) == {"time", "rule", "priority", "source", "hostname", "output", "output_fields", "tags"}, a
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$", a["time"]), a
    assert a["priority"] == "Warning" and a["source"] == "syscall", a
    assert a["output_fields"]["proc.name"] == "wtfr_canary", a
    assert a["output_fields"]["fd.name"] == "/etc/gshadow", a
    assert "mitre_credential_access" in a["tags"], a
    assert re.match(r"^\d\d:\d\d:\d\d\.\d{9}: Warning Sensitive file", a["output"]), a


def test_write_below_binary_dir():
    default_rules_session()
    hit = alerts("Write below binary dir", "wtfr_bin_a")
    assert hit and hit[0]["output_fields"]["proc.name"] == "cp", ALERTS
    assert not alerts("Write below binary dir", "wtfr_bin_b"), "package manager raised it"


def test_setns():
    default_rules_session()
    assert alerts("Change thread namespace", "process=wtfr_setns"), ALERTS
    assert not alerts("Change thread namespace", "process=runc")


def test_file_created_in_dev():
    default_rules_session()
    assert alerts("Create files below dev", "file=/dev/wtfr_devfile"), ALERTS
    assert not alerts("Create files below dev", "file=/dev/null")
    assert not alerts("Create files below dev", "wtfr_shmfile")


def test_camera():
    default_rules_session()
    assert alerts("Camera opened by an unexpected program", "process=wtfr_cam"), ALERTS
    assert not alerts("Camera opened by an unexpected program", "process=cheese")


def test_sensitive_file_read():
    default_rules_session()
    hit = alerts("Read sensitive file untrusted", "file=/etc/shadow process=wtfr_cat")
    assert hit, ALERTS
    assert not alerts("Read sensitive file untrusted", "process=unix_chkpwd")
    assert not alerts("Read sensitive file untrusted", "file=/etc/passwd")


def test_ptrace_attach():
    default_rules_session()
    assert alerts("Ptrace attach", "process=wtfr_ptrace"), ALERTS
    assert len(alerts("Ptrace attach", "process=wtfr_ptrace")) == 1, "TRACEME is no attach"


def test_log_truncated_or_deleted():
    default_rules_session()
    assert alerts("Clear log activities", "/var/log/wtfr_trunc.log"), ALERTS
    assert alerts("Clear log activities", "/var/log/wtfr_del.log"), ALERTS
    assert not alerts("Clear log activities", "wtfr_append.log")


def test_exec_from_dev_shm_or_memfd():
    default_rules_session()
    assert alerts("Execution from dev shm or memfd", "exe=/dev/shm/wtfr_shm_true"), ALERTS
    # fexecve of a memfd: the kernel names the program memfd:NAME
    assert alerts("Execution from dev shm or memfd", "process=memfd:wtfr_memf"), ALERTS
    assert not alerts("Execution from dev shm or memfd", "wtfr_tmp_true")


def test_netcat_remote_code_execution():
    default_rules_session()
    hits = alerts("Netcat remote code execution", "process=nc")
    assert any("-e /bin/sh" in a["output"] for a in hits), ALERTS
    assert any("-c sh" in a["output"] for a in hits), ALERTS
    assert not any("-z" in a["output"] for a in hits)


def test_no_container_alerts_on_the_host():
    default_rules_session()
    # other containers may run on the machine meanwhile: only the host's
    # processes (all the shells this session ran) must never raise these
    for rule in ("Terminal shell in container", "Packet socket created in container", "Launch privileged container"):
        host = [a for a in alerts(rule) if a["output_fields"].get("container.id") == "host"]
        assert not host, host


def test_stream_mode_alerts_on_stderr():
    """Stream mode: events on stdout, alert text lines on stderr."""
    os.makedirs(TMP, exist_ok=True)
    cat = named("/bin/cat", "wtfr_scat")
    w = Wtftop(["-R", RULES, "-p", "%proc.name %evt.type", "-M", "30", "proc.name=wtfr_scat"])
    try:
        assert w.wait_for(lambda l: "process=wtfr_scat" in l, lambda: sh(cat, "/etc/shadow")), w.err
    finally:
        w.stop()
    assert any(l.startswith("wtfr_scat ") for l in w.out), w.out[:20]
    assert not any("Sensitive" in l for l in w.out)
    line = [l for l in w.err if "process=wtfr_scat" in l][0]
    assert re.match(r"^\d\d:\d\d:\d\d\.\d{9}: Warning Sensitive file opened for reading by an untrusted "
                    r"program \(file=/etc/shadow process=wtfr_scat command=wtfr_scat /etc/shadow ", line), line


def test_alerts_file_reopened_on_sighup():
    os.makedirs(TMP, exist_ok=True)
    cat = named("/bin/cat", "wtfr_fcat")
    log = os.path.join(TMP, "alerts.log")
    for f in (log, log + ".1"):
        if os.path.exists(f):
            os.unlink(f)
    w = Wtftop(["--alerts", "-R", RULES, "--alerts-file", log, "-M", "40"])
    try:
        def in_file(path, text):
            return os.path.exists(path) and text in open(path).read()
        deadline = time.time() + 15
        while time.time() < deadline and not in_file(log, "wtfr_fcat"):
            sh(cat, "/etc/shadow")
            time.sleep(0.3)
        assert in_file(log, "wtfr_fcat"), w.err
        os.rename(log, log + ".1")  # as logrotate does
        w.p.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        deadline = time.time() + 10
        while time.time() < deadline and not in_file(log, "wtfr_fcat"):
            sh(cat, "/etc/gshadow")
            time.sleep(1.1)  # the rate limit refills one alert a second
        assert in_file(log, "file=/etc/gshadow"), w.err
        assert "file=/etc/gshadow" not in open(log + ".1").read()
    finally:
        w.stop()
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
    w = Wtftop(["--alerts", "-R", RULES, "--alerts-program", "tee -a " + got, "-M", "40"])
    try:
        deadline = time.time() + 15
        while time.time() < deadline and not (os.path.exists(got) and "pwned" in open(got).read()):
            subprocess.run([cat, "/etc/shadow", "$(touch /tmp/pwned)"], cwd=TMP,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)
    finally:
        w.stop()
    text = open(got).read() if os.path.exists(got) else ""
    assert "process=$(touch pwned) command=$(touch pwned) /etc/shadow $(touch /tmp/pwned)" in text, (text, w.err)
    assert re.search(r"^\d\d:\d\d:\d\d\.\d{9}: Warning Sensitive file", text, re.M), text
    for f in canaries:
        assert not os.path.exists(f), "a shell ran the alert text: %s exists" % f


def test_container_shell():
    """podman exec CTR sh -c '...' raises the shell rule with the
    container's id, name and image and the shell's parent; a privileged
    container's start raises its rule; the host's own shell raises nothing."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import podman_env
    with podman_env.PodmanEnv() as e:
        e.run("wtfr_ctr", ["sleep", "600"])
        w = Wtftop(["--alerts", "--json-alerts", "-R", RULES, "--container-socket", e.socket, "-M", "90"])
        try:
            time.sleep(2.0)
            e.exec("wtfr_ctr", "sleep 0.2; echo wtfr_in_ctr")
            subprocess.run(["sh", "-c", "sleep 0.2; echo wtfr_on_host"], stdout=subprocess.DEVNULL)
            priv_id = e.podman(["run", "-d", "--privileged", "--network", "none", "--name", "wtfr_priv",
                                podman_env.IMAGE, "sleep", "600"]).strip()
            time.sleep(1.5)
        finally:
            w.stop()
        got = [json.loads(l) for l in w.out if l.startswith("{")]
        shells = [a for a in got if a["rule"] == "Terminal shell in container"
                  and "wtfr_in_ctr" in a["output_fields"].get("proc.cmdline", "")]
        assert shells, (got, w.err)
        f = shells[0]["output_fields"]
        cid = e.inspect("wtfr_ctr")["Id"]
        assert f["container.id"] == cid[:12], f
        assert f["container.name"] == "wtfr_ctr", f
        assert f["container.image"].startswith("localhost/wtf-test"), f
        assert f["proc.pname"], f
        assert not any("wtfr_on_host" in a["output"] for a in got), "the host's shell raised an alert"
        # "Launch privileged container" is not asserted: the container's
        # first exec usually comes before its metadata (privileged) is known
        # from the runtime API, so whether it fires is a race today.
        assert not any(a["rule"] == "Launch privileged container" and
                       a["output_fields"]["container.name"] == "wtfr_ctr" for a in got)
        assert priv_id


def test_validate_reports_every_problem():
    bad = os.path.join(ROOT, "tests", "unit", "fixtures", "rules", "bad.yaml")
    p = subprocess.run([WTFTOP, "--validate", bad], capture_output=True, text=True, timeout=30)
    assert p.returncode != 0, p
    err = p.stderr
    assert "bad.yaml:25:12: YAML error" in err, err
    assert "bad.yaml:7:14: rule 'Uses unknown macro': undefined macro 'no_such_macro'" in err, err
    assert "bad.yaml:13:14: rule 'Uses unknown field' skipped" in err and "k8s.ns.name" in err, err
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
