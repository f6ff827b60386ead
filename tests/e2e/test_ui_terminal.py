"""The UI and the terminal it runs on, end to end (issue #4): strings from
the observed system cannot drive the terminal, a crash gives the terminal
back, and each TERM an SSH session may have works at 80x24. The real wtftop
in tmux, through test_ui.py's Screen; tmux's own view of the pane (its
title, its modes, the attributes of each cell) tells what reached it."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# test_ui's tmux() runs a server of this process's own (named by its pid):
# test_ui.py running beside it has another; test_zz_stop_tmux_server ends it
import test_ui  # noqa: E402
from test_ui import Screen, WAIT, table_lines, tmux, wtftop_pid  # noqa: E402
from test_ui import test_zz_stop_tmux_server as stop_tmux_server  # noqa: E402
from testlib import run  # noqa: E402

# Hostile strings: each clears the screen, sets the window title, moves the
# cursor or changes the colour if it reaches the terminal as it is. The
# name fits the 15 bytes of a comm.
COMM = "W\x1b[2J\r\x08\x1b]0;pwn\x07"
FILE_NAME = "F\x1b[31mRED\x1b]0;pwned\x07\r\x08\x1b[2JEND"
BUFFER = "B\x1b[2J\x1b]2;pwned\x07\r\x08\x1b[31mEND\x1b[H\n"

# Takes COMM as its name, opens FILE_NAME (its arguments, so they are its
# command line too) and writes BUFFER to it every 0.2 s until stdin closes.
HOSTILE = r'''
import ctypes, os, sys, threading, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)  # PR_SET_NAME
fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
while not stop.is_set():
    os.write(fd, sys.argv[3].encode())
    time.sleep(0.2)
'''


def ui_shown(s):
    """A string as the UI draws it: each control byte escaped in caret form,
    as `cat -v` shows it (ESC ^[, CR ^M, BEL ^G, DEL ^?)."""
    return "".join("^" + chr(ord(c) ^ 0x40) if ord(c) < 0x20 or ord(c) == 0x7f else c for c in s)


def name_shown(s):
    """A file name as the fields give it, as sysdig does: without its
    control bytes."""
    return "".join(c for c in s if 0x20 <= ord(c) < 0x7f)


def buffer_shown(s):
    """A data buffer as %evt.buffer gives it: control bytes as '.'."""
    return "".join("." if ord(c) < 0x20 or ord(c) == 0x7f else c for c in s)


class Hostile:
    """The process with the hostile names, started before wtftop so that
    /proc gives its name and command line as they are."""

    def __init__(self, comm=COMM, file_name=FILE_NAME, buffer=BUFFER):
        self.dir = tempfile.mkdtemp(prefix="wtftop-uit-")
        with open(os.path.join(self.dir, "hostile.py"), "w") as f:
            f.write(HOSTILE)
        self.p = subprocess.Popen([sys.executable, "hostile.py", comm, file_name, buffer],
                                  cwd=self.dir, stdin=subprocess.PIPE)
        self.pid = self.p.pid
        try:
            deadline = time.time() + WAIT
            while not os.path.exists(os.path.join(self.dir, file_name)) and time.time() < deadline:
                time.sleep(0.1)
            with open("/proc/%d/comm" % self.pid, "rb") as f:
                name = f.read()
            assert name == (comm + "\n").encode(), "prctl did not set the name: %r" % name
            fds = "/proc/%d/fd" % self.pid
            self.fd = [int(n) for n in os.listdir(fds) if os.readlink(os.path.join(fds, n)).endswith(file_name)][0]
        except BaseException:
            self.close()
            raise

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


SGR = re.compile(r"\x1b\[[0-9;]*m")


def attributed(s):
    """The screen's lines with their attributes as escape sequences."""
    return tmux("capture-pane", "-e", "-p", "-t", s.name, check=False).stdout.splitlines()


def same_attributes_across(line):
    """Whether a line's text, from its first visible character to its last,
    is drawn without a change of colour or attribute (a row of the table or
    a pane's line is one attribute)."""
    body = re.sub(r"^(?:%s)*" % SGR.pattern, "", line)
    body = re.sub(r"(?:%s|\s)*$" % SGR.pattern, "", body)
    return "\x1b" not in body


def frame_intact(s, text, lines, title, third):
    """The UI's frame where the UI put it: the header on the first two lines
    (title the second's start), the headings or the pane's title on the third
    (starting with third), the keys on the last; and the tmux pane's title is
    not one the observed process chose."""
    rows = text.splitlines()
    assert len(rows) == lines, "the screen has %d lines, not %d:\n%s" % (len(rows), lines, text)
    assert rows[0].startswith("wtftop  live: ") and "events/s: " in rows[0], text
    assert rows[1].startswith(title) and rows[2].startswith(third), text
    assert rows[-1].startswith("F1Help F2Views"), text
    pane_title = tmux("display-message", "-p", "-t", s.name, "#{pane_title}").stdout.strip()
    assert "pwn" not in pane_title, "the process set the pane's title: %r" % pane_title


def line_of(s, text, needle):
    """The index of the first line of text containing needle, and that line
    with its attributes."""
    idx = [i for i, l in enumerate(text.splitlines()) if needle in l]
    assert idx, "%r not on screen:\n%s" % (needle, text)
    return idx[0], attributed(s)[idx[0]]


def settled(s, pred, what):
    """The screen once pred holds and three more refreshes (-d 1000) have
    drawn over it: what a hostile string does to the terminal stays."""
    s.wait(pred, what)
    time.sleep(3.5)
    return s.wait(pred, what + " (after three more refreshes)")


def test_hostile_names_in_the_table_are_escaped():
    """A process named (comm) and called (command line) with escape
    sequences, CR and BS, holding a file named with them: its row in
    Processes shows them escaped (^[, ^M, ...), its file in Files without them (the fields
    drop them, as sysdig does), and neither the frame, nor the pane's title,
    nor the colours of the rows change."""
    h = Hostile()
    # wide enough for the whole command line, escaped
    s = Screen(args=["--no-rules", "proc.pid=%d" % h.pid], width=280, height=30)
    try:
        command = " ".join(ui_shown(a) for a in [COMM, "hostile.py", COMM, FILE_NAME, BUFFER])
        mine = lambda t: any(l.split()[:1] == [str(h.pid)] and l.rstrip().endswith(command) for l in table_lines(t))
        t = settled(s, mine, "the hostile process's row, escaped")
        frame_intact(s, t, 30, "Viewing: Processes For: proc.pid=%d" % h.pid, "PID ")
        i, row = line_of(s, t, command)
        assert i == 3, t
        assert same_attributes_across(row), "the row changes colour in its text: %r" % row

        s.keys("Enter")
        s.wait(lambda t: "Viewing: Threads For: proc.pid=%d" % h.pid in t, "its Threads")
        s.keys("Enter")
        path = os.path.join(h.dir, name_shown(FILE_NAME))
        t = settled(s, lambda t: "Viewing: Files For: thread.tid=%d" % h.pid in t and
                    any(l.rstrip().endswith(path) for l in table_lines(t)), "its file, without the control bytes")
        frame_intact(s, t, 30, "Viewing: Files For: thread.tid=%d" % h.pid, "BYTES IN ")
        _, row = line_of(s, t, path)
        assert same_attributes_across(row), "the row changes colour in its text: %r" % row
        s.keys("q")
        assert s.wait_exit() == "EXITED-0"
        assert s.stty_restored()
    finally:
        s.close()
        h.close()


def test_hostile_bytes_in_echo_and_dig_are_escaped():
    """The echo pane (e) and the dig pane (d) of a process writing escape
    sequences to a file: the buffer shows them as '.', the process's name
    escaped (^[, ...), and the screen, the pane's title and the colours stay
    the UI's."""
    h = Hostile()
    s = Screen(args=["--no-rules", "proc.pid=%d" % h.pid], width=200, height=30)
    try:
        s.wait(lambda t: any(l.split()[:1] == [str(h.pid)] for l in table_lines(t)), "the hostile process's row")
        s.keys("e")
        echoed = "%s (%d) < write %s/%s: %s" % (ui_shown(COMM), h.pid, h.dir, name_shown(FILE_NAME),
                                                buffer_shown(BUFFER))
        t = settled(s, lambda t: "Echo: proc.pid=%d" % h.pid in t and
                    sum(l.rstrip().endswith(echoed) for l in t.splitlines()) >= 3, "the echoed buffers, escaped")
        frame_intact(s, t, 30, "Viewing: Processes For: proc.pid=%d" % h.pid, "Echo: proc.pid=%d" % h.pid)
        _, line = line_of(s, t, echoed)
        assert same_attributes_across(line), "the echoed line changes colour: %r" % line
        s.keys("Escape")
        s.wait(lambda t: "Echo:" not in t and "PID" in t, "back to the table")

        s.keys("d")
        # the write's exit: its data, and its fd with the file's name
        n = len(BUFFER.encode())
        dug = " %s (%d) < write res=%d data=%s fd=%d(<f>%s/%s) size=%d" % (
            ui_shown(COMM), h.pid, n, buffer_shown(BUFFER), h.fd, h.dir, name_shown(FILE_NAME), n)
        t = settled(s, lambda t: "Dig: proc.pid=%d" % h.pid in t and
                    sum(l.rstrip().endswith(dug) for l in t.splitlines()) >= 3, "the dug write events, escaped")
        frame_intact(s, t, 30, "Viewing: Processes For: proc.pid=%d" % h.pid, "Dig: proc.pid=%d" % h.pid)
        _, line = line_of(s, t, dug)
        assert same_attributes_across(line), "the dug line changes colour: %r" % line
    finally:
        s.close()
        h.close()


TERMS = ("xterm", "xterm-256color", "screen", "tmux-256color", "linux", "vt100")
# an SGR sequence with a colour (tmux's capture-pane -e writes them so), or reverse video
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|38;5;[0-9]+|48;5;[0-9]+)m")
REVERSE = re.compile(r"\x1b\[(?:[0-9;]*;)?7(?:;[0-9;]*)?m")


def terminfo(term):
    """The terminfo entry of term, one capability a line."""
    found = subprocess.run(["infocmp", "-1", term], capture_output=True, text=True)
    assert found.returncode == 0, "no terminfo entry for %s (Debian: ncurses-base, ncurses-term): %s" % (
        term, found.stderr)
    return found.stdout


def term_colours(term):
    """How many colours the terminfo entry says the terminal has."""
    m = re.search(r"\bcolors#(0x[0-9a-f]+|[0-9]+)", terminfo(term))
    return int(m.group(1), 0) if m else 0


# The modes a program can leave a terminal in, as tmux keeps them per pane.
MODES = ("alternate_on", "cursor_flag", "insert_flag", "keypad_cursor_flag", "keypad_flag", "mouse_any_flag",
         "mouse_button_flag", "mouse_standard_flag", "mouse_sgr_flag", "origin_flag", "wrap_flag")


def pane_modes(target):
    return tmux("display-message", "-p", "-t", target, " ".join("%s=#{%s}" % (m, m) for m in MODES)).stdout.split()


def shell_modes():
    """The modes of a pane that only ever ran a shell: what wtftop must
    leave behind."""
    name = "wtftop-uit-ref-%d" % os.getpid()
    tmux("new-session", "-d", "-s", name, "sleep 600")
    try:
        return pane_modes(name)
    finally:
        tmux("kill-session", "-t", name, check=False)


def ui_ready(t):
    """The Processes view with rows, and the key bar: the probe is loaded
    ("loading the probe..." until then)."""
    return "Viewing: Processes" in t and len(table_lines(t)) > 3 and t.splitlines()[-1].startswith("F1Help")


def assert_restored(s, status, term="xterm"):
    """wtftop exited with status (as the shell's $? says it), the shell's
    screen is back (where the terminal has no alternate screen, the last
    frame stays and the shell goes on under it on a blank line), the tty
    echoes and reads lines again (stty, from outside, on the pane's tty) with
    the settings it had before, and the pane's modes are a shell's."""
    assert s.wait_exit() == "EXITED-%d" % status, "exit status %s, not %d" % (s.rc(), status)
    if "smcup=" in terminfo(term):
        s.wait(lambda t: "EXITED" in t and "Viewing:" not in t and "F1Help" not in t, "the shell's screen back")
    else:
        s.wait(lambda t: "EXITED" in t.splitlines(), "the shell's output on a line of its own")
    tty = tmux("display-message", "-p", "-t", s.name, "#{pane_tty}").stdout.strip()
    flags = subprocess.run(["stty", "-a", "-F", tty], capture_output=True, text=True, check=True).stdout.split()
    assert "echo" in flags and "icanon" in flags, "the tty is left without echo or icanon: %s" % flags
    assert s.stty_restored(), "the tty's settings differ from before wtftop"
    assert pane_modes(s.name) == shell_modes(), "the pane's modes: %s" % pane_modes(s.name)


# UTF-8 names: a comm of 11 bytes, a file name with wide characters, and an
# argument hiding a right-to-left override (U+202E) and a zero-width space
# (U+200B), which could disguise the text around them.
UTF8_COMM = "h\u00e9llo\u2713w"
UTF8_FILE = "donn\u00e9es-\u65e5\u672c.txt"
UTF8_TRICKY = "a\u202eb\u200bc"


def test_utf8_names_in_a_utf8_locale_and_in_c():
    """In a UTF-8 locale the UTF-8 of a command line is drawn as itself
    (the wide characters on two columns each), the override and zero-width
    marks as one '?' each; in the C locale each byte past ASCII is a '?'."""
    h = Hostile(UTF8_COMM, UTF8_FILE, UTF8_TRICKY)
    try:
        for lc, command in (
                ("C.UTF-8", "%s hostile.py %s %s a?b?c" % (UTF8_COMM, UTF8_COMM, UTF8_FILE)),
                ("C", " ".join("".join("?" * len(ch.encode()) if ord(ch) > 0x7f else ch for ch in a)
                               for a in (UTF8_COMM, "hostile.py", UTF8_COMM, UTF8_FILE, UTF8_TRICKY)))):
            s = Screen(args=["--no-rules", "proc.pid=%d" % h.pid], env={"LC_ALL": lc}, width=200, height=30)
            try:
                mine = lambda t: any(l.split()[:1] == [str(h.pid)] and l.rstrip().endswith(command)
                                     for l in table_lines(t))
                t = settled(s, mine, "the row in %s: %s" % (lc, command))
                frame_intact(s, t, 30, "Viewing: Processes For: proc.pid=%d" % h.pid, "PID ")
                s.keys("q")
                assert_restored(s, 0)
            finally:
                s.close()
    finally:
        h.close()


def test_a_crash_restores_the_terminal():
    """SIGSEGV and SIGABRT, as a crash raises them, to the running UI: the
    terminal is given back (screen, tty settings, cursor, keypad and mouse
    modes) and wtftop still dies of the signal, so its exit status says so."""
    for sig in (signal.SIGSEGV, signal.SIGABRT):
        s = Screen()
        try:
            s.wait(ui_ready, "the UI")
            pid = wtftop_pid(s)
            assert pid, "no wtftop process found"
            os.kill(pid, sig)
            assert_restored(s, 128 + sig)
        finally:
            s.close()


def test_ctrl_c_restores_the_terminal():
    """Ctrl-C typed in the UI is a SIGINT (the tty keeps ISIG): wtftop ends
    as for q, with the terminal restored."""
    s = Screen()
    try:
        s.wait(ui_ready, "the UI")
        s.keys("C-c")
        assert_restored(s, 0)
    finally:
        s.close()


def test_each_term_at_80x24():
    """On each TERM an SSH session may bring, at 80x24: the Processes view's
    header, headings and a full screen of rows, in colour where the terminal
    has colours; keys work (the view picker, Escape, an arrow, Enter); q
    quits with the terminal restored."""
    for term in TERMS:
        colours = term_colours(term)
        s = Screen(env={"TERM": term}, width=80, height=24)
        try:
            what = "the Processes view on %s" % term
            t = s.wait(lambda t: ui_ready(t) and len([l for l in table_lines(t) if l.split()[0].isdigit()]) == 20,
                       what)
            frame_intact(s, t, 24, "Viewing: Processes For: whole machine", "PID ")
            coloured = [l for l in attributed(s) if COLOUR.search(l)]
            assert bool(coloured) == (colours >= 8), "%s has %d colours; coloured lines: %r" % (term, colours, coloured)
            s.keys("v")
            t = s.wait(lambda t: "Views (Enter" in t, "the view picker on %s" % term)
            s.keys("Escape")
            s.wait(lambda t: "Views (Enter" not in t and "Viewing: Processes" in t, "Escape on %s" % term)
            s.keys("v")
            # the whole list drawn (tmux may catch the title before the names)
            listed = lambda t: ("Views (Enter" in t and t.splitlines()[3][:24].strip() == "Processes" and
                                t.splitlines()[4][:1].isalpha())
            t = s.wait(listed, "the view picker again on %s" % term)
            second = t.splitlines()[4][:24].strip()
            s.keys("Down")
            s.keys("Enter")
            s.wait(lambda t: "Viewing: %s For:" % second in t, "%s picked with Down, Enter on %s" % (second, term))
            s.keys("q")
            assert_restored(s, 0, term)
        finally:
            s.close()


def test_no_color_and_NO_COLOR():
    """On a terminal with colours, --no-color and NO_COLOR (set, not empty,
    as no-color.org says) draw without colour, the headings in reverse; an empty
    NO_COLOR leaves the colours on."""
    for args, env, colour in (([], {}, True), (["--no-color"], {}, False), ([], {"NO_COLOR": "1"}, False),
                              ([], {"NO_COLOR": ""}, True)):
        s = Screen(args=args, env=dict(env, TERM="xterm-256color"), width=80, height=24)
        try:
            s.wait(ui_ready, "the UI with %r %r" % (args, env))
            lines = attributed(s)
            assert bool([l for l in lines if COLOUR.search(l)]) == colour, (args, env, lines[:4])
            # without colour the headings stand out in reverse video
            assert bool(REVERSE.search(lines[2])) != colour, (args, env, lines[2])
            s.keys("q")
            assert s.wait_exit() == "EXITED-0"
        finally:
            s.close()


def test_zz_stop_tmux_server():
    stop_tmux_server()
    # tmux leaves its socket behind
    sock = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), "tmux-%d" % os.getuid(), test_ui.SOCKET)
    if os.path.exists(sock):
        os.unlink(sock)


if __name__ == "__main__":
    run(globals())
