"""Probe tests: process syscalls (execve, execveat, fork, vfork, clone, clone3,
process exit, chdir, fchdir, getrlimit, setrlimit, prlimit64). Each triggers the real syscall through
trig_proc and checks every decoded parameter against what the process knows
about itself (its ids, cwd, limits, capabilities, cgroups) and the files."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

TRIG = helper("trig_proc")

# scap's flags (PPM_*)
PPM_EXE_WRITABLE, PPM_EXE_UPPER_LAYER, PPM_EXE_FROM_MEMFD, PPM_EXE_LOWER_LAYER = 1, 2, 4, 8
CL = dict(FILES=1 << 0, FS=1 << 1, IO=1 << 2, NEWIPC=1 << 3, NEWNET=1 << 4, NEWNS=1 << 5,
          NEWPID=1 << 6, NEWUTS=1 << 7, PARENT=1 << 8, PARENT_SETTID=1 << 9, PTRACE=1 << 10,
          SIGHAND=1 << 11, SYSVSEM=1 << 12, THREAD=1 << 13, UNTRACED=1 << 14, VM=1 << 15,
          NEWUSER=1 << 20, CHILD_CLEARTID=1 << 23, CHILD_SETTID=1 << 24, SETTLS=1 << 25,
          VFORK=1 << 27, NEWCGROUP=1 << 28, CHILD_IN_PIDNS=1 << 29)
# the kernel's CLONE_* values, to convert what the helper used
K_CLONE = dict(VM=0x100, FS=0x200, FILES=0x400, SIGHAND=0x800, PTRACE=0x2000, VFORK=0x4000,
               PARENT=0x8000, THREAD=0x10000, NEWNS=0x20000, SYSVSEM=0x40000, SETTLS=0x80000,
               PARENT_SETTID=0x100000, CHILD_CLEARTID=0x200000, UNTRACED=0x800000,
               CHILD_SETTID=0x1000000, NEWCGROUP=0x2000000, NEWUTS=0x4000000,
               NEWIPC=0x8000000, NEWUSER=0x10000000, NEWPID=0x20000000, NEWNET=0x40000000,
               IO=0x80000000)
CAPS_MASK = (1 << 41) - 1
ENOENT, EBADF, EFAULT, EINVAL = 2, 9, 14, 22
RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_UNKNOWN = 1, 7, 255
EXEC_ARGS = b"arg one\0\0two\0"
EXEC_ENV = b"WTF_A=1\0WTF_B=two words\0"


def run_trig(*args, timed=True):
    """Runs trig_proc under the probe: its events, and the facts it printed
    (key=value lines on stderr; cgroup lines gathered in a list)."""
    evts, rc, err = probe_events([TRIG] + list(args), timed=timed)
    facts = {"cgroup": []}
    for line in err.splitlines():
        if "=" not in line or line.startswith("probe_dump"):
            continue
        k, v = line.split("=", 1)
        if k == "cgroup":
            facts["cgroup"].append(v)
        else:
            facts[k] = v
    assert "pid" in facts or "chdir_ok" in facts, "trig_proc printed nothing: rc=%d %s" % (rc, err)
    return evts, facts


def exit_of(evts, tid):
    """The procexit event of thread `tid` (the header's tid: it has no tid parameter)."""
    found = [e for e in evts if e["type"] == "procexit" and e["tid"] == tid]
    assert len(found) == 1, "%d procexit events of %d" % (len(found), tid)
    return found[0]["params"]


def ppm_clone_flags(kflags):
    return sum(CL[name] for name, bit in K_CLONE.items() if kflags & bit)


def strings(hexval):
    """A BYTEBUF of NUL-terminated strings, as bytes."""
    return bytes.fromhex(hexval) if hexval is not None else b""


def check_cgroups(hexval, lines):
    """scap's cgroups: "subsys=/path" NUL-terminated, against /proc/self/cgroup."""
    raw = strings(hexval)
    assert raw.endswith(b"\0"), raw
    got = dict(e.decode().split("=", 1) for e in raw[:-1].split(b"\0"))
    assert got and set(got) <= {"cpuset", "cpu", "cpuacct", "io", "memory"}, got
    v1, v2 = {}, None
    for line in lines:
        _, ctrls, path = line.split(":", 2)
        if ctrls == "":
            v2 = path
        for c in ctrls.split(","):
            v1[c] = path
    aliases = {"io": "blkio"}
    for name, path in got.items():
        assert path.startswith("/"), (name, path)
        key = name if name in v1 else aliases.get(name)
        if key in v1:
            assert path == v1[key], (name, path, v1[key])
        else:
            # cgroup v2: a controller not enabled down to the leaf reports an ancestor
            assert v2 is not None and (path == v2 or path == "/" or
                                       v2.startswith(path.rstrip("/") + "/")), (name, path, v2)
    assert "memory" in got


def check_process(p, facts, tid, pid, ptid, comm, exe_args=None):
    """The description of a process that execve and clone events share."""
    assert p["tid"] == tid, (p["tid"], tid)
    assert p["pid"] == pid, (p["pid"], pid)
    assert p["ptid"] == ptid, (p["ptid"], ptid)
    assert p["cwd"] == facts["cwd"], (p["cwd"], facts["cwd"])
    assert p["fdlimit"] == int(facts["fdlimit"]), p["fdlimit"]
    assert p["pgft_maj"] >= 0 and p["pgft_min"] >= 0
    assert p["vm_size"] > 0 and 0 <= p["vm_rss"] <= p["vm_size"], p
    assert p["vm_swap"] >= 0
    assert p["comm"] == comm, p["comm"]
    check_cgroups(p["cgroups"], facts["cgroup"])
    if exe_args is not None:
        assert p["exe"] == exe_args[0], p["exe"]
        assert strings(p["args"]) == exe_args[1], strings(p["args"])


def facts_vm_kb(facts, key):
    return int(facts[key].split()[0])


# ---- execve / execveat --------------------------------------------------------

def check_exec_common(p, facts, res, uid_file):
    """The execve-only parameters that do not depend on the new program."""
    assert p["res"] == res
    assert p["tty"] == int(facts["tty"])
    assert p["vpgid"] == int(facts["pgid"]) and p["pgid"] == int(facts["pgid"])
    assert p["loginuid"] == int(facts["loginuid"]) & 0xffffffff
    assert p["cap_inheritable"] == int(facts["CapInh"], 16) & CAPS_MASK
    assert p["cap_permitted"] == int(facts["CapPrm"], 16) & CAPS_MASK
    assert p["cap_effective"] == int(facts["CapEff"], 16) & CAPS_MASK
    assert p["uid"] == int(facts["uid"]) and p["gid"] == int(facts["gid"])
    st = os.stat(uid_file)
    assert p["exe_ino"] == st.st_ino, (p["exe_ino"], st.st_ino)
    assert p["exe_ino_ctime"] == st.st_ctime_ns, (p["exe_ino_ctime"], st.st_ctime_ns)
    assert p["exe_ino_mtime"] == st.st_mtime_ns, (p["exe_ino_mtime"], st.st_mtime_ns)
    # root may write anything (CAP_DAC_OVERRIDE); the file is a plain one
    assert p["flags"] == PPM_EXE_WRITABLE, p["flags"]


def test_execve_success():
    with tempfile.TemporaryDirectory() as d:
        evts, f = run_trig("exec", d)
        pid = int(f["pid"])
        e = one(evts, "execve", tid=pid, filename="/bin/true")
        p = e["params"]
        f["cwd"] = os.path.realpath(d)
        check_exec_common(p, f, 0, "/usr/bin/true")
        check_process(p, f, pid, pid, int(f["ppid"]), "true", ("/bin/true", EXEC_ARGS))
        # the page fault counts go on over the exec
        assert p["pgft_min"] >= int(f["minflt"])
        assert strings(p["env"]) == EXEC_ENV
        assert p["trusted_exepath"] == "/usr/bin/true"  # /bin is a link to usr/bin
        assert e["latency"] > 0


def test_execve_failure():
    evts, f = run_trig("exec_fail")
    pid = int(f["pid"])
    e = one(evts, "execve", tid=pid, filename="/nonexistent-wtftop/prog")
    p = e["params"]
    check_exec_common(p, f, -ENOENT, f["exe"])
    # the arguments come from the caller's memory: the process is unchanged
    check_process(p, f, pid, pid, int(f["ppid"]), "trig_proc", ("prog-argv0", b"a1\0a 2\0"))
    assert strings(p["env"]) == b"E=1\0"
    assert p["trusted_exepath"] == f["exe"]
    assert abs(p["vm_size"] - facts_vm_kb(f, "VmSize")) < 1024, (p["vm_size"], f["VmSize"])
    assert p["pgft_min"] >= int(f["minflt"])


def test_execveat_success_is_execve():
    # scap reports a successful execveat as an execve whose filename is the
    # one the kernel gives the program: /dev/fd/DIRFD/PATH, from what
    # execveat's enter copied, timed or not
    for timed in (True, False):
        evts, f = run_trig("execveat", timed=timed)
        pid = int(f["pid"])
        assert not find(evts, "execveat", tid=pid)
        e = one(evts, "execve", tid=pid, filename="/dev/fd/%s/true" % f["dirfd"])
        p = e["params"]
        check_exec_common(p, f, 0, "/usr/bin/true")
        check_process(p, f, pid, pid, int(f["ppid"]), "true", ("/bin/true", EXEC_ARGS))
        assert strings(p["env"]) == EXEC_ENV
        assert p["trusted_exepath"] == "/usr/bin/true"
        assert (e["latency"] > 0) == timed, (timed, e["latency"])


def test_execveat_failure():
    evts, f = run_trig("execveat_fail")
    pid = int(f["pid"])
    e = one(evts, "execveat", tid=pid)
    p = e["params"]
    check_exec_common(p, f, -ENOENT, f["exe"])
    check_process(p, f, pid, pid, int(f["ppid"]), "trig_proc", ("/bin/true", EXEC_ARGS))
    assert strings(p["env"]) == EXEC_ENV
    assert p["dirfd"] == int(f["dirfd"])
    assert p["pathname"] == "nonexistent-wtftop"
    assert p["trusted_exepath"] == f["exe"]


def test_execve_bounded():
    # an argument and a variable longer than the 4096 bytes scap keeps of
    # exe + args and of env, from a deep working directory: cut, NUL-ended,
    # and the event still fits (success: from the new mm; failure: from argv)
    with tempfile.TemporaryDirectory() as d:
        deep = os.path.join(d, *(["d" * 100] * 30))
        os.makedirs(deep)
        for path, res in (("/bin/true", 0), ("/nonexistent-wtftop/prog", -ENOENT)):
            evts, f = run_trig("exec_big", deep, path)
            e = one(evts, "execve", tid=int(f["pid"]), filename=path)
            p = e["params"]
            assert p["res"] == res and p["cwd"] == deep
            assert p["exe"] == "/bin/true"
            args = strings(p["args"])
            assert len(p["exe"]) + 1 + len(args) == 4096, len(args)
            assert args == b"small\0" + b"x" * (4096 - 10 - 6 - 1) + b"\0"
            env = strings(p["env"])
            assert env == b"A=1\0BIG=" + b"y" * (4096 - 4 - 4 - 1) + b"\0", env[:20]
            check_cgroups(p["cgroups"], f["cgroup"])


def test_execve_memfd():
    # fexecve of a memfd: flagged, its path is the memfd's name
    evts, f = run_trig("exec_memfd")
    pid = int(f["pid"])
    e = one(evts, "execve", tid=pid, filename="/dev/fd/%s" % f["memfd"])
    p = e["params"]
    assert p["res"] == 0 and p["comm"] == "memfd:wtf-memfd"  # the kernel names it after the file
    assert p["flags"] == PPM_EXE_WRITABLE | PPM_EXE_FROM_MEMFD, p["flags"]
    assert p["trusted_exepath"] == "/memfd:wtf-memfd", p["trusted_exepath"]
    assert p["exe"] == "/bin/true" and strings(p["args"]) == EXEC_ARGS


def test_execve_overlay_layers():
    # a program from an overlay's lower layer, and one from its upper layer
    with tempfile.TemporaryDirectory() as d:
        for sub in ("lower", "upper", "work", "merged"):
            os.mkdir(os.path.join(d, sub))
        with open("/usr/bin/true", "rb") as src:
            data = src.read()
        for layer, name in (("lower", "lowertrue"), ("upper", "uppertrue")):
            path = os.path.join(d, layer, name)
            with open(path, "wb") as out:
                out.write(data)
            os.chmod(path, 0o755)
        merged = os.path.join(d, "merged")
        subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                        "lowerdir=%s/lower,upperdir=%s/upper,workdir=%s/work" % (d, d, d),
                        merged], check=True)
        try:
            for name, layer in (("lowertrue", PPM_EXE_LOWER_LAYER),
                                ("uppertrue", PPM_EXE_UPPER_LAYER)):
                path = os.path.join(merged, name)
                evts, f = run_trig("exec_path", path)
                e = one(evts, "execve", tid=int(f["pid"]), filename=path)
                p = e["params"]
                assert p["res"] == 0 and p["comm"] == name
                assert p["flags"] == PPM_EXE_WRITABLE | layer, (name, p["flags"])
                assert p["trusted_exepath"] == path
                assert p["exe_ino"] == os.stat(path).st_ino
                assert strings(p["args"]) == b"" and strings(p["env"]) == b""
        finally:
            subprocess.run(["umount", merged])


# ---- fork, vfork, clone, clone3 -------------------------------------------------

def start_ns(ticks):
    """A /proc/PID/stat start time (clock ticks since boot) in ns."""
    return int(ticks) * 1000000000 // os.sysconf("SC_CLK_TCK")


def init_start_ns():
    with open("/proc/1/stat") as f:
        return start_ns(f.read().rsplit(")", 1)[1].split()[19])


def check_clone_pair(evts, f, scenario, type_, child, kflags, child_pid=None, child_ptid=None):
    """The parent's return (res = child) and the child's (res = 0), both
    describing the helper that ran `scenario` (or its child)."""
    pid = int(f["pid"])
    helper_args = (TRIG, (scenario + "\0").encode())
    par = one(evts, type_, tid=pid, res=child)["params"]
    check_process(par, f, pid, pid, int(f["ppid"]), "trig_proc", helper_args)
    assert par["flags"] == ppm_clone_flags(kflags), (par["flags"], ppm_clone_flags(kflags))
    assert par["uid"] == int(f["uid"]) and par["gid"] == int(f["gid"])
    assert par["vtid"] == pid and par["vpid"] == pid  # not in a child pid namespace
    assert par["pidns_init_start_ts"] == 0  # only the child says
    assert par["pgft_min"] >= int(f["minflt"])
    assert abs(par["vm_size"] - facts_vm_kb(f, "VmSize")) < 16384, (par["vm_size"], f["VmSize"])

    found = find(evts, type_, tid=child, res=0)
    assert found, "no %s event of the child %d (probe_dump follows a child from its " \
                  "parent's return; a vfork child returns first)" % (type_, child)
    kid = found[-1]["params"]
    cpid = child_pid if child_pid is not None else child
    cptid = child_ptid if child_ptid is not None else pid
    check_process(kid, f, child, cpid, cptid, "trig_proc", helper_args)
    assert kid["flags"] == par["flags"], (kid["flags"], par["flags"])
    assert kid["uid"] == par["uid"] and kid["gid"] == par["gid"]
    assert kid["vtid"] == child and kid["vpid"] == cpid
    # when the init of its pid namespace started (a tick of /proc's precision)
    assert abs(kid["pidns_init_start_ts"] - init_start_ns()) <= 2 * 10**9 // os.sysconf("SC_CLK_TCK")
    return par, kid


def test_fork():
    evts, f = run_trig("fork")
    child = int(f["child"])
    check_clone_pair(evts, f, "fork", "fork", child, 0)
    ex = exit_of(evts, child)
    assert ex["status"] == 0 and ex["ret"] == 0 and ex["sig"] == 0


def test_vfork():
    evts, f = run_trig("vfork")
    check_clone_pair(evts, f, "vfork", "vfork", int(f["child"]), K_CLONE["VFORK"] | K_CLONE["VM"])


def test_clone_thread():
    evts, f = run_trig("clone_thread")
    thread = int(f["thread"])
    par, kid = check_clone_pair(evts, f, "clone_thread", "clone", thread, int(f["flags"]),
                                child_pid=int(f["pid"]), child_ptid=int(f["ppid"]))
    # a thread's real parent is its process's parent
    assert par["flags"] & CL["THREAD"] and par["flags"] & CL["VM"]


def test_clone3_thread():
    # glibc makes a pthread with clone3; the child reads no clone_args of its
    # own, but gets the flags clone3's enter copied, timed or not
    for timed in (True, False):
        evts, f = run_trig("clone3_thread", timed=timed)
        thread = int(f["thread"])
        pthread_flags = sum(K_CLONE[n] for n in ("VM", "FS", "FILES", "SIGHAND", "THREAD", "SYSVSEM",
                                                 "SETTLS", "PARENT_SETTID", "CHILD_CLEARTID"))
        check_clone_pair(evts, f, "clone3_thread", "clone3", thread, pthread_flags,
                         child_pid=int(f["pid"]), child_ptid=int(f["ppid"]))


def test_clone3_fork():
    evts, f = run_trig("clone3_fork")
    check_clone_pair(evts, f, "clone3_fork", "clone3", int(f["child"]), 0)


def test_clone_in_pid_namespace():
    # under unshare --pid --fork the helper is the init of a new pid namespace:
    # its own return from clone and its fork carry the namespace's view
    evts, rc, err = probe_events(["unshare", "--pid", "--fork", TRIG, "fork"])
    facts = dict(line.split("=", 1) for line in err.splitlines()
                 if "=" in line and not line.startswith("cgroup"))
    assert facts["pid"] == "1" and facts["child"] == "2", facts
    par = one(evts, "fork", res=2)["params"]
    host = par["tid"]
    assert host != 1 and par["pid"] == host
    assert par["vtid"] == 1 and par["vpid"] == 1
    assert par["flags"] == CL["CHILD_IN_PIDNS"], par["flags"]
    assert par["pidns_init_start_ts"] == 0
    # the helper's own start, as unshare's child (res 0): it is the namespace's init
    kid = one(evts, "clone", tid=host, res=0)["params"]
    assert kid["vtid"] == 1 and kid["vpid"] == 1 and kid["ptid"] != 0
    assert kid["flags"] & CL["CHILD_IN_PIDNS"]
    assert abs(kid["pidns_init_start_ts"] - start_ns(facts["starttime"])) <= \
        2 * 10**9 // os.sysconf("SC_CLK_TCK")


# ---- process exit ------------------------------------------------------------------

def test_procexit_status_signal_reaper():
    evts, f = run_trig("exits")
    pid = int(f["pid"])
    ex = exit_of(evts, int(f["exit3"]))
    assert ex == {"status": 3 << 8, "ret": 3, "sig": 0, "core": 0, "reaper_tid": 0}, ex
    assert int(f["exit3_status"]) == 3 << 8
    ex = exit_of(evts, int(f["killed"]))
    assert ex == {"status": 9, "ret": 0, "sig": 9, "core": 0, "reaper_tid": 0}, ex
    assert int(f["killed_status"]) == 9
    # it leaves a child behind: the helper, a child subreaper, inherits it
    ex = exit_of(evts, int(f["orphaner"]))
    assert ex["status"] == 0 and ex["reaper_tid"] == pid, ex
    ex = exit_of(evts, int(f["grandchild"]))
    assert ex["reaper_tid"] == 0
    ex = exit_of(evts, pid)
    assert ex["status"] == 0 and ex["sig"] == 0


# ---- chdir, fchdir ---------------------------------------------------------------------

def test_chdir_fchdir():
    with tempfile.TemporaryDirectory() as d:
        evts, f = run_trig("chdir", d)
        assert int(f["chdir_ok"]) == 0
        e = one(evts, "chdir", path=d)
        assert e["params"]["res"] == 0 and e["latency"] > 0
        e = one(evts, "chdir", path="/nonexistent-wtftop/dir")
        assert e["params"]["res"] == -ENOENT
        e = one(evts, "fchdir", fd=int(f["fd"]))
        assert e["params"]["res"] == 0
        e = one(evts, "fchdir", fd=9999)
        assert e["params"]["res"] == -EBADF


def test_rlimits():
    evts, f = run_trig("rlimit")
    cur, hard = int(f["nofile_cur"]), int(f["nofile_max"])
    assert int(f["get_rc"]) == 0 and int(f["set_rc"]) == 0 and int(f["prlimit_rc"]) == 0
    # getrlimit: the limit the kernel wrote; a bad address, zeros
    p = only(evts, "getrlimit", res=0)
    assert (p["cur"], p["max"], p["resource"]) == (cur, hard, RLIMIT_NOFILE), p
    p = only(evts, "getrlimit", res=-EFAULT)
    assert (p["cur"], p["max"], p["resource"]) == (0, 0, RLIMIT_NOFILE), p
    # setrlimit: the limit asked for, granted or not
    p = only(evts, "setrlimit", res=0)
    assert (p["cur"], p["max"], p["resource"]) == (300, hard, RLIMIT_NOFILE), p
    assert int(f["set_fail_errno"]) == EINVAL
    p = only(evts, "setrlimit", res=-EINVAL)
    assert (p["cur"], p["max"]) == (hard + 1, hard), p
    # prlimit64 by pid: the new limit, and the old one the kernel wrote back
    p = only(evts, "prlimit", res=0, resource=RLIMIT_NOFILE)
    assert int(f["prlimit_oldcur"]) == 300
    assert (p["newcur"], p["newmax"], p["oldcur"], p["oldmax"], p["pid"]) == (200, hard, 300, hard, int(f["pid"])), p
    # a read only: zeros for the new limit; unlimited reads -1
    assert int(f["fsize_infinite"]) == 1
    p = only(evts, "prlimit", resource=RLIMIT_FSIZE)
    assert (p["res"], p["newcur"], p["newmax"], p["oldcur"], p["oldmax"], p["pid"]) == (0, 0, 0, -1, -1, 0), p
    # a resource past the last: EINVAL, RLIMIT_UNKNOWN, no old limit
    assert int(f["bad_resource_errno"]) == EINVAL
    p = only(evts, "prlimit", resource=RLIMIT_UNKNOWN)
    assert (p["res"], p["oldcur"], p["oldmax"]) == (-EINVAL, 0, 0), p


if __name__ == "__main__":
    run(globals())
