"""The interactive UI, end to end: the real wtftop in a tmux session (send-keys,
capture-pane) against a real process that writes a file. Every check polls the
screen with a generous timeout: the probe's load and the refresh interval make
timing vary."""
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

VIEWS_DIR = os.path.join(ROOT, "views")
WAIT = 30

# Writes a line to its file every 0.2 s, keeping it open, until stdin closes.
WRITER = r'''
import os, sys, threading, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
while not stop.is_set():
    os.write(fd, b"wtftop ui test line\n")
    time.sleep(0.2)
'''


# a tmux server of this test's own: other people's sessions are left alone
SOCKET = "wtftop-ui-test-%d" % os.getpid()


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null"] + list(args), capture_output=True,
                          text=True, check=check, timeout=20)


class Screen:
    """wtftop in a detached tmux session of its own."""

    def __init__(self, args=(), width=120, height=40, env=None):
        self.name = "wtftop-ui-%d-%d" % (os.getpid(), int(time.time() * 1000) % 1000000)
        self.dir = tempfile.mkdtemp(prefix="wtftop-ui-")
        envs = dict(env or {})
        envs.setdefault("TERM", "xterm")
        envs["WTFTOP_VIEWS_PATH"] = VIEWS_DIR
        envs_text = " ".join("%s=%s" % (k, shlex.quote(v)) for k, v in envs.items())
        # the terminal settings before and after, to tell it was restored
        script = ("stty -g > {d}/before; env {e} {w} -d 1000 {a}; echo EXITED-$? > {d}/rc; "
                  "stty -g > {d}/after; echo EXITED; sleep 600").format(
            d=self.dir, e=envs_text, w=shlex.quote(WTFTOP), a=" ".join(shlex.quote(x) for x in args))
        # the server quits with its last session: a new one made just then
        # may reach the server on its way out and fail; a second try starts one
        for attempt in range(3):
            r = tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), script,
                     check=attempt == 2)
            if r.returncode == 0:
                break
            time.sleep(0.5)

    def text(self):
        return tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def wait(self, pred, what, timeout=WAIT):
        deadline = time.time() + timeout
        last = ""
        while time.time() < deadline:
            last = self.text()
            if pred(last):
                return last
            time.sleep(0.25)
        raise AssertionError("%s: not on screen within %d s; screen:\n%s" % (what, timeout, last))

    def keys(self, *keys):
        tmux("send-keys", "-t", self.name, *keys)

    def literal(self, text):
        tmux("send-keys", "-t", self.name, "-l", text)

    def rc(self):
        try:
            with open(os.path.join(self.dir, "rc")) as f:
                return f.read().strip()
        except OSError:
            return None

    def stty_restored(self):
        with open(os.path.join(self.dir, "before")) as f:
            before = f.read()
        with open(os.path.join(self.dir, "after")) as f:
            return f.read() == before

    def wait_exit(self):
        deadline = time.time() + WAIT
        while time.time() < deadline and self.rc() is None:
            time.sleep(0.25)
        return self.rc()

    def close(self):
        tmux("kill-session", "-t", self.name, check=False)
        subprocess.run(["rm", "-rf", self.dir])


class Writer:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wtftop-uiw-")
        self.path = os.path.join(self.dir, "ui-written-file")
        self.p = subprocess.Popen([sys.executable, "-c", WRITER, self.path], stdin=subprocess.PIPE)
        self.pid = self.p.pid

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=10)
        subprocess.run(["rm", "-rf", self.dir])


def table_lines(text):
    """The rows under the column headings."""
    lines = text.splitlines()
    return [l for l in lines[3:-1] if l.strip()]


def wtftop_pid(s):
    """The pid of the wtftop running in the session."""
    out = subprocess.run(["pgrep", "-f", "-x", ".*%s -d 1000.*" % WTFTOP], capture_output=True, text=True).stdout
    pane_pid = tmux("display-message", "-p", "-t", s.name, "#{pane_pid}").stdout.strip()
    for pid in out.split():
        try:
            with open("/proc/%s/stat" % pid) as f:
                if f.read().split()[3] == pane_pid:
                    return int(pid)
        except OSError:
            pass
    return None


def test_navigate_processes_threads_files_and_back():
    w = Writer()
    s = Screen()
    try:
        s.wait(lambda t: "Viewing: Processes For: whole machine" in t and "PID" in t, "the Processes view")
        # its row: search selects it (the list may be longer than the screen);
        # until a refresh has seen it, the search says it is in no row
        deadline = time.time() + WAIT
        while True:
            s.keys("/")
            s.literal(w.path)
            s.keys("Enter")
            time.sleep(0.5)
            if "is in no row" not in s.text() or time.time() > deadline:
                break
            time.sleep(0.5)
        row = s.wait(lambda t: any(l.split()[:1] == [str(w.pid)] for l in table_lines(t)), "the writer's row")
        line = [l for l in table_lines(row) if l.split()[:1] == [str(w.pid)]][0]
        assert "python" in line and w.path in line or len(line) >= 100, line
        # FILE bytes per second: the writer writes 20 bytes 5 times a second
        s.keys("Enter")
        s.wait(lambda t: "Viewing: Threads For: proc.pid=%d" % w.pid in t and
               any(l.split()[:2] == [str(w.pid), str(w.pid)] for l in table_lines(t)), "its Threads")
        s.keys("Enter")
        s.wait(lambda t: "Viewing: Files For: thread.tid=%d" % w.pid in t and w.path in t, "its Files")
        s.keys("BSpace")
        s.wait(lambda t: "Viewing: Threads For: proc.pid=%d" % w.pid in t, "back to Threads")
        s.keys("BSpace")
        s.wait(lambda t: "Viewing: Processes For: whole machine" in t, "back to Processes")
    finally:
        s.close()
        w.close()


def test_filter_narrows_rows_and_bad_filter_is_shown_in_place():
    w = Writer()
    s = Screen()
    try:
        s.wait(lambda t: "Viewing: Processes" in t and len(table_lines(t)) > 3, "a full Processes view")
        s.keys("\\")
        s.literal("proc.pid=%d" % w.pid)
        s.keys("Enter")
        t = s.wait(lambda t: "For: proc.pid=%d" % w.pid in t and len(table_lines(t)) == 1 and
                   table_lines(t)[0].split()[0] == str(w.pid), "only the writer's row")
        # a broken expression: the error in place, the UI still running
        s.keys("F4")
        s.keys("C-u")
        for _ in range(40):
            s.keys("BSpace")
        s.literal("proc.nmae=1")
        s.keys("Enter")
        s.wait(lambda t: "proc.name" in t and "Filter: proc.nmae=1" in t, "the filter error")
        s.keys("Escape")
        s.wait(lambda t: "Filter:" not in t and "For: proc.pid=%d" % w.pid in t, "the old filter kept")
        # text that is no expression matches any column
        s.keys("\\")
        for _ in range(40):
            s.keys("BSpace")
        s.literal(os.path.basename(w.path))
        s.keys("Enter")
        s.wait(lambda t: len(table_lines(t)) == 1 and table_lines(t)[0].split()[0] == str(w.pid),
               "the text filter's one row")
    finally:
        s.close()
        w.close()


def test_dig_shows_raw_events_of_the_selection():
    w = Writer()
    s = Screen(args=["proc.pid=%d" % w.pid])
    try:
        s.wait(lambda t: any(l.split()[:1] == [str(w.pid)] for l in table_lines(t)), "the writer's row")
        s.keys("d")
        t = s.wait(lambda t: "Dig: proc.pid=%d" % w.pid in t and
                   sum(" write " in l and "(%d)" % w.pid in l for l in t.splitlines()) >= 3, "its write events")
        assert "fd=" in t or "res=" in t, t
        s.keys("Escape")
        s.wait(lambda t: "Viewing: Processes" in t and "PID" in t, "back to the table")
        s.keys("e")
        s.wait(lambda t: "Echo: proc.pid=%d" % w.pid in t and "wtftop ui test line" in t, "the echoed buffer")
    finally:
        s.close()
        w.close()


SCAP_DIR = os.environ.get("WTF_SCAP_DIR", os.path.join(ROOT, "..", "shared", "testdata", "scap"))


def test_replay_of_a_capture_file_drills_down_and_digs():
    """wtftop -r FILE: the views over a capture file (cat_write.scap, from
    falcosecurity/libs: a cat of /dev/null), the file and its time span in the
    header; a filter, a drill-down and a dig each read the file again for
    what they show, and the figures come from the file, not this machine."""
    path = os.path.join(SCAP_DIR, "cat_write.scap")
    assert os.path.exists(path), "no %s (set WTF_SCAP_DIR)" % path
    s = Screen(args=["-r", path])
    try:
        s.wait(lambda t: "file cat_write.scap: " in t and "Viewing: Processes" in t and "sshd" in t, "the file's processes")
        s.keys("\\")
        s.literal("proc.name=cat")
        s.keys("Enter")
        s.wait(lambda t: any(l.split()[:2] == ["20072", "11310"] and "cat /dev/null" in l for l in table_lines(t)),
               "the cat process of the file")
        s.keys("Enter")
        t = s.wait(lambda t: "Viewing: Threads" in t and
                   any(l.split()[:2] == ["20072", "20072"] for l in table_lines(t)), "its thread")
        row = [l.split() for l in table_lines(t) if l.split()[:2] == ["20072", "20072"]][0]
        # FILE: the bytes it read per second of the file's span, 832 B in
        # 0.39 ms; USER is blank: the file does not say who ran cat (sysdig:
        # <NA>, uid 4294967295)
        assert row[3] == "2.03M", t
        s.keys("d")
        s.wait(lambda t: "Dig: thread.tid=20072" in t and "cat (20072) < read res=0" in t and
               "cat (20072) > procexit" in t, "the thread's events from the file")
        s.keys("Escape")
        s.wait(lambda t: "Dig:" not in t and "Viewing: Threads" in t, "back to the table")
        s.keys("q")
        assert s.wait_exit() == "EXITED-0"
    finally:
        s.close()


# Opens the canary file each time a line comes on stdin; exits when it closes.
OPENER = r'''
import sys
for line in sys.stdin:
    try:
        open(sys.argv[1], "w").close()
    except OSError:
        pass
'''


def test_alerts_view_and_the_rows_an_alert_flagged():
    """A rule's alerts are rows of the Alerts view (time, priority, rule, pid,
    process, container, output); the process an alert names stands out in
    red in the other views, and only after its alert."""
    d = tempfile.mkdtemp(prefix="wtftop-uial-")
    canary, rules = canary_rule(d, "UI canary", "canary opened %fd.name by pid %proc.pid", "WARNING")
    op = subprocess.Popen([sys.executable, "-c", OPENER, canary], stdin=subprocess.PIPE, text=True)
    s = Screen(args=["-R", rules, "-v", "alerts"])
    p = Screen(args=["-R", rules, "proc.pid=%d" % op.pid])
    try:
        s.wait(lambda t: "Viewing: Alerts" in t and "PRIORITY" in t, "the Alerts view")
        mine = lambda l: l.split()[:1] == [str(op.pid)] or " %d " % op.pid in l
        t = p.wait(lambda t: any(mine(l) for l in table_lines(t)), "the opener's row")
        colored = lambda: [l for l in tmux("capture-pane", "-e", "-p", "-t", p.name).stdout.splitlines()
                           if str(op.pid) in l and "python" in l]
        assert colored() and not any("31m" in l for l in colored()), colored()
        def alerted(t):
            op.stdin.write("go\n")  # an open of the canary at each look
            op.stdin.flush()
            # the output is cut at the screen's edge
            return any("UI canary" in l and "Warning" in l and str(op.pid) in l and
                       "canary opened /tmp" in l for l in t.splitlines())
        t = s.wait(alerted, "the canary's alert")
        row = [l for l in t.splitlines() if "UI canary" in l][0].split()
        assert re.match(r"^\d\d:\d\d:\d\d\.\d{9}$", row[0]) and row[4:7] == [str(op.pid), "python3", "host"], row
        p.wait(lambda t: any("31m" in l for l in colored()), "the opener's row in the alert colour")
        # and a marker, for terminals without colour: ending its first column
        p.wait(lambda t: any(l.split()[:1] == [str(op.pid)] and l[7] == "!" for l in table_lines(t)),
               "the '!' marker on the opener's row")
        # Enter on an alert shows its process
        s.keys("Enter")
        s.wait(lambda t: "Viewing: Processes For: proc.pid=%d" % op.pid in t and
               any(l.split()[:1] == [str(op.pid)] for l in table_lines(t)), "the alert's process")
    finally:
        op.stdin.close()
        op.wait(timeout=10)
        s.close()
        p.close()
        subprocess.run(["rm", "-rf", d])


def mouse(s, x, y, button=0, double=False):
    """An xterm SGR mouse click at (x, y), 1-based, typed into the pane as
    the terminal would send it (TERM=xterm's kmous is SGR 1006)."""
    click = "\x1b[<%d;%d;%dM\x1b[<%d;%d;%dm" % (button, x, y, button, x, y)
    s.literal(click * (2 if double else 1))


def test_mouse_sorts_selects_and_drills_down():
    s = Screen()
    try:
        s.wait(lambda t: "Viewing: Processes" in t and len(table_lines(t)) > 3, "the Processes view")
        mouse(s, 2, 3)  # the PID heading: sorted by PID, descending
        s.wait(lambda t: "PIDv" in t, "sorted by PID by a click on its heading")
        mouse(s, 2, 3)  # again: ascending
        s.wait(lambda t: "PID^" in t, "PID ascending")
        s.keys("p")  # the rows stay where they are while we aim
        t = s.wait(lambda t: "[PAUSED]" in t, "paused")
        pids = [int(l.split()[0]) for l in table_lines(t) if l.split() and l.split()[0].isdigit()]
        assert len(pids) > 3 and pids == sorted(pids), pids
        mouse(s, 5, 4 + 2, double=True)  # the third row (screen line 6)
        s.wait(lambda t: "Viewing: Threads For: proc.pid=%d" % pids[2] in t, "a double-click drills down")
        s.keys("BSpace")
        s.wait(lambda t: "Viewing: Processes" in t, "back")
        s.keys("q")
        assert s.wait_exit() == "EXITED-0"
    finally:
        s.close()


def test_quit_restores_the_terminal():
    s = Screen()
    try:
        s.wait(lambda t: "Viewing: Processes" in t, "the UI")
        s.keys("q")
        assert s.wait_exit() == "EXITED-0"
        s.wait(lambda t: "EXITED" in t and "Viewing:" not in t, "the shell's screen back")
        assert s.stty_restored()
        assert tmux("display-message", "-p", "-t", s.name, "#{alternate_on}").stdout.strip() == "0"
    finally:
        s.close()


def test_sigterm_and_sighup_restore_the_terminal():
    for sig in ("TERM", "HUP"):
        s = Screen()
        try:
            s.wait(lambda t: "Viewing: Processes" in t, "the UI")
            pid = wtftop_pid(s)
            assert pid, "no wtftop process found"
            subprocess.run(["kill", "-" + sig, str(pid)], check=True)
            assert s.wait_exit() == "EXITED-0", sig
            s.wait(lambda t: "EXITED" in t and "Viewing:" not in t, "the shell's screen back")
            assert s.stty_restored(), sig
        finally:
            s.close()


def test_resize_small_and_back():
    s = Screen()
    try:
        s.wait(lambda t: "Viewing: Processes" in t, "the UI")
        tmux("resize-window", "-t", s.name, "-x", "60", "-y", "15")
        s.wait(lambda t: len(t.splitlines()[0]) <= 60 and "Viewing: Processes" in t and "PID" in t, "at 60x15")
        tmux("resize-window", "-t", s.name, "-x", "40", "-y", "8")
        s.wait(lambda t: "too small" in t, "the too-small message")
        tmux("resize-window", "-t", s.name, "-x", "120", "-y", "40")
        s.wait(lambda t: "Viewing: Processes" in t and "Command" in t, "at 120x40 again")
        assert s.rc() is None, "wtftop exited"
        s.keys("q")
        assert s.wait_exit() == "EXITED-0"
    finally:
        s.close()


def test_vt100_no_color_views_sort_and_help():
    s = Screen(env={"TERM": "vt100", "NO_COLOR": "1"}, width=80, height=24)
    try:
        s.wait(lambda t: "Viewing: Processes" in t and "PID" in t, "the UI in 80x24 on a vt100")
        s.keys("v")
        s.wait(lambda t: "Views (Enter" in t and "System Calls" in t and "Connections" in t, "the view picker")
        # vt100 has arrows and F1-F4, no Home or End
        for _ in range(3):
            s.keys("Down")
        s.wait(lambda t: "Views (Enter" in t, "the picker still")
        for _ in range(3):
            s.keys("Up")
        s.keys("Enter")
        s.wait(lambda t: "Viewing: Processes" in t, "Processes from the picker")
        s.keys("F2")
        s.wait(lambda t: "Views (Enter" in t, "the view picker by F2")
        s.keys("q")
        s.wait(lambda t: "Views (Enter" not in t, "the picker closed")
        s.keys("F1")
        s.wait(lambda t: "drill down into the selected row" in t, "the help")
        s.keys("x")
        s.keys("1")  # sort by PID, descending
        t = s.wait(lambda t: "PIDv" in t, "PID as the sort column")
        pids = [int(l.split()[0]) for l in table_lines(t) if l.split() and l.split()[0].isdigit()]
        assert pids and pids == sorted(pids, reverse=True), pids
        s.keys("r")
        t = s.wait(lambda t: "PID^" in t, "the order reversed")
        s.keys("q")
        assert s.wait_exit() == "EXITED-0"
    finally:
        s.close()


def test_list_views_have_no_sort_column():
    """A list keeps its rows in the order their events came: no heading
    carries the sort mark, and the sort keys say why they do nothing."""
    for vid, name, cols in (("file_opens", "File Opens", ["TIME", "PID", "Process", "RES", "FILE"]),
                            ("alerts", "Alerts", ["TIME", "PRIORITY", "RULE", "PID"])):
        s = Screen(args=["-v", vid])
        try:
            heading = lambda t: t.splitlines()[2]
            unmarked = lambda t: all(c in heading(t) and c + "v" not in heading(t) and c + "^" not in heading(t)
                                     for c in cols)
            s.wait(lambda t: "Viewing: %s" % name in t and unmarked(t), "the %s list, unmarked" % name)
            refusal = "a list is not sorted"
            for key in ("1", "2", "r", ">", "click"):
                s.keys("Down")  # any other key clears the status line
                s.wait(lambda t: refusal not in t, "the status line cleared")
                if key == "click":
                    mouse(s, 2, 3)  # on the first heading
                else:
                    s.keys(key)
                t = s.wait(lambda t: refusal in t, "the sort key %r refused" % key)
                assert unmarked(t) and "Sort by" not in t, t
            s.keys("q")
            assert s.wait_exit() == "EXITED-0"
        finally:
            s.close()


def nice_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        return int(f.read().rsplit(")", 1)[1].split()[16])


def test_actions_renice_and_kill_with_confirmation():
    """`a` lists the view's actions; one without confirmation (renice +1) runs
    at its key; kill asks first: `n` leaves the process alone, `y` kills it."""
    victim = subprocess.Popen(["sleep", "300"])
    s = Screen(["proc.pid=%d" % victim.pid])
    try:
        s.wait(lambda t: any(l.split()[:1] == [str(victim.pid)] for l in table_lines(t)), "the process's row")
        before = nice_of(victim.pid)
        s.keys("a")
        s.wait(lambda t: "kill -9" in t and "renice +1" in t, "the action menu")
        s.keys("+")
        deadline = time.time() + WAIT
        while nice_of(victim.pid) != before + 1 and time.time() < deadline:
            time.sleep(0.2)
        assert nice_of(victim.pid) == before + 1, (before, nice_of(victim.pid))
        s.keys("a")
        s.wait(lambda t: "kill -9" in t, "the action menu again")
        s.keys("k")
        s.wait(lambda t: "Run 'kill' on the selection? (y/n)" in t, "the confirmation")
        s.keys("n")
        s.wait(lambda t: "cancelled" in t, "cancelled")
        time.sleep(0.5)
        assert victim.poll() is None
        s.keys("F8")
        s.wait(lambda t: "kill -9" in t, "the action menu by F8")
        s.keys("k")
        s.wait(lambda t: "Run 'kill' on the selection? (y/n)" in t, "the confirmation again")
        s.keys("y")
        assert victim.wait(timeout=WAIT) == -signal.SIGTERM
        s.wait(lambda t: "kill: exit status 0" in t, "the action's outcome")
        s.keys("q")
        rc = s.wait_exit()
        assert rc == "EXITED-0", (rc, s.text())
        assert s.stty_restored()
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()
        s.close()


def test_zz_stop_tmux_server():
    tmux("kill-server", check=False)


if __name__ == "__main__":
    run(globals())
