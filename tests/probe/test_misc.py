"""Probe tests: security-relevant and miscellaneous syscalls (namespaces,
mounts, chroot, ptrace, signals, credentials, mappings, bpf, anonymous fds).
Each triggers the real syscall and checks every decoded parameter of its
event, failures included. trig_misc prints its facts on stderr."""
import errno
import os
import shutil
import signal
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

TRIG = helper("trig_misc")

# scap's values (probe/wtf_event.h)
PPM_CL_CLONE_NEWNS, PPM_CL_CLONE_NEWUTS = 1 << 5, 1 << 7
PPM_PROT_READ, PPM_PROT_WRITE, PPM_PROT_EXEC = 1, 2, 4
PPM_MAP_SHARED, PPM_MAP_PRIVATE, PPM_MAP_ANONYMOUS = 1, 2, 8
PPM_PTRACE_PEEKDATA, PPM_PTRACE_ATTACH, PPM_PTRACE_DETACH = 3, 11, 12
PTRACE_IDX_UINT64, PTRACE_IDX_SIGTYPE = 0, 1
PPM_O_NONBLOCK, PPM_O_CLOEXEC = 1 << 6, 1 << 12
PPM_MLOCKALL_MCL_CURRENT, PPM_MLOCKALL_MCL_ONFAULT = 1, 4
BPF_MAP_CREATE, BPF_MAP_UPDATE_ELEM = 0, 2
# event codes of the events that share a name with an older one
EVT_EVENTFD_X, EVT_EVENTFD2_X = 63, 397
EVT_SIGNALFD_X, EVT_SIGNALFD4_X = 127, 399
EVT_INOTIFY_INIT_X, EVT_INOTIFY_INIT1_X = 139, 395
EVT_BPF_2_X, EVT_UMOUNT2_X = 369, 391
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 1 << 14, 1 << 18
MNT_DETACH = 2
UID_UNCHANGED = 0xffffffff


def run_trig(*args):
    evts, rc, err = probe_events([TRIG] + [str(a) for a in args])
    assert rc == 0, err
    facts = {k: v for k, v in helper_output(err).items() if not k.startswith("probe_dump")}
    return evts, facts


def dyn(value):
    """A PT_DYN parameter as (index, value). probe_dump prints the raw bytes as
    hex, or as a little-endian number when there are 1, 2, 4 or 8 of them."""
    if isinstance(value, int):
        raw = value.to_bytes(2, "little")
    else:
        raw = bytes.fromhex(value)
    if len(raw) == 9:
        return raw[0], struct.unpack("<q", raw[1:])[0]
    if len(raw) == 2:
        return raw[0], raw[1]
    raise AssertionError("unexpected PT_DYN length %d: %r" % (len(raw), value))


def test_unshare_setns():
    evts, f = run_trig("ns")
    child = int(f["child"])
    assert f["unshare"] == "0" and f["hostname"] == "wtftop-ns", f
    u = one(evts, "unshare", flags=PPM_CL_CLONE_NEWUTS)
    assert u["tid"] == child and u["params"] == {"res": 0, "flags": PPM_CL_CLONE_NEWUTS}, u
    enter = one(evts, "setns", fd=int(f["nsfd"]))
    assert enter["params"] == {"res": 0, "fd": int(f["nsfd"]), "nstype": PPM_CL_CLONE_NEWUTS}
    assert enter["tid"] != child and enter["latency"] > 0
    back = one(evts, "setns", fd=int(f["origfd"]))
    assert back["params"] == {"res": 0, "fd": int(f["origfd"]), "nstype": PPM_CL_CLONE_NEWUTS}
    bad = one(evts, "setns", fd=int(f["badfd"]))
    assert bad["params"] == {"res": -errno.EINVAL, "fd": int(f["badfd"]), "nstype": 0}, bad


def test_mount_umount2():
    d = tempfile.mkdtemp(prefix="wtftop-mnt-")
    try:
        evts, f = run_trig("mount", d)
    finally:
        os.rmdir(d)
    assert f["mount"] == "0" and f["umount"] == "0", f
    assert one(evts, "unshare", flags=PPM_CL_CLONE_NEWNS)["params"]["res"] == 0
    priv = one(evts, "mount", dir="/")
    assert priv["params"] == {"res": 0, "dev": None, "dir": "/", "type": None,
                              "flags": MS_REC | MS_PRIVATE}, priv
    m = one(evts, "mount", dir=d)
    assert m["params"] == {"res": 0, "dev": "wtftop", "dir": d, "type": "tmpfs",
                           "flags": MS_NOSUID | MS_NODEV | MS_NOEXEC}, m
    fail = one(evts, "mount", dir="/nonexistent-wtftop/mnt")
    assert fail["params"] == {"res": -errno.ENOENT, "dev": "wtftop",
                              "dir": "/nonexistent-wtftop/mnt", "type": "tmpfs", "flags": 0}
    um = one(evts, "umount2", name=d, flags=MNT_DETACH)
    assert um["params"] == {"res": 0, "name": d, "flags": MNT_DETACH} and um["code"] == EVT_UMOUNT2_X
    again = one(evts, "umount2", name=d, flags=0)
    assert again["params"]["res"] == -int(f["umount_again_errno"]) == -errno.EINVAL


def test_chroot():
    d = tempfile.mkdtemp(prefix="wtftop-root-")
    try:
        evts, f = run_trig("chroot", d)
    finally:
        shutil.rmtree(d)
    assert f["chroot"] == "0", f
    c = one(evts, "chroot", path=d)
    assert c["tid"] == int(f["child"]) and c["params"] == {"res": 0, "path": d}, c
    fail = one(evts, "chroot", path="/nonexistent-wtftop")
    assert fail["params"] == {"res": -errno.ENOENT, "path": "/nonexistent-wtftop"}


def test_ptrace():
    evts, f = run_trig("ptrace")
    child = int(f["child"])
    assert f["attach"] == "0", f
    a = one(evts, "ptrace", request=PPM_PTRACE_ATTACH, pid=child)["params"]
    assert a["res"] == 0
    assert dyn(a["addr"]) == (PTRACE_IDX_UINT64, 0) and dyn(a["data"]) == (PTRACE_IDX_UINT64, 0)
    p = one(evts, "ptrace", request=PPM_PTRACE_PEEKDATA, pid=child)["params"]
    assert p["res"] == 0
    assert dyn(p["addr"]) == (PTRACE_IDX_UINT64, int(f["peek_addr"])), p
    # the word read is what PEEKDATA stored at data, the tracee's 0x1122334455667788
    assert dyn(p["data"]) == (PTRACE_IDX_UINT64, int(f["peek"])) == (0, 0x1122334455667788)
    d = one(evts, "ptrace", request=PPM_PTRACE_DETACH, pid=child)["params"]
    assert d["res"] == 0 and dyn(d["data"]) == (PTRACE_IDX_SIGTYPE, signal.SIGCONT), d
    fail = one(evts, "ptrace", request=PPM_PTRACE_ATTACH, pid=int(f["fail_pid"]))["params"]
    assert fail["res"] == -errno.ESRCH
    assert dyn(fail["addr"]) == (0, 0) and dyn(fail["data"]) == (0, 0)


def test_kill_tgkill_tkill():
    evts, f = run_trig("kill")
    assert f["signaled"] == str(int(signal.SIGTERM)), f
    k = one(evts, "kill", pid=int(f["child"]))
    assert k["params"] == {"res": 0, "pid": int(f["child"]), "sig": signal.SIGTERM}
    fail = one(evts, "kill", pid=int(f["fail_pid"]))
    assert fail["params"] == {"res": -errno.ESRCH, "pid": int(f["fail_pid"]), "sig": signal.SIGTERM}
    tg = one(evts, "tgkill", pid=int(f["pid"]))
    assert tg["params"] == {"res": 0, "pid": int(f["pid"]), "tid": int(f["tid"]), "sig": 0}
    t = one(evts, "tkill", tid=int(f["tid"]))
    assert t["params"] == {"res": 0, "tid": int(f["tid"]), "sig": 0}


def test_setresuid_setuid_eperm():
    evts, f = run_trig("creds")
    pid, child = int(f["pid"]), int(f["child"])
    assert f["setuid"] == "0" and f["setuid_fail_errno"] == str(errno.EPERM), f
    r = one(evts, "setresuid")
    assert r["tid"] == pid and r["params"] == {
        "res": 0, "ruid": UID_UNCHANGED, "euid": UID_UNCHANGED, "suid": UID_UNCHANGED}
    assert one(evts, "setresgid")["params"] == {
        "res": 0, "rgid": UID_UNCHANGED, "egid": UID_UNCHANGED, "sgid": UID_UNCHANGED}
    # in the child: down to nobody, then back to root, which is refused
    g = one(evts, "setgid", gid=65534)
    assert g["tid"] == child and g["params"] == {"res": 0, "gid": 65534}
    assert one(evts, "setuid", uid=65534)["params"] == {"res": 0, "uid": 65534}
    fail = one(evts, "setuid", uid=0)
    assert fail["tid"] == child and fail["params"] == {"res": -errno.EPERM, "uid": 0}


def test_mmap_mprotect():
    evts, f = run_trig("mmap")
    anon = int(f["anon"])
    a = one(evts, "mmap", res=anon)["params"]
    assert (a["addr"], a["length"], a["fd"], a["offset"]) == (0, 8192, -1, 0), a
    assert a["prot"] == PPM_PROT_READ | PPM_PROT_EXEC
    assert a["flags"] == PPM_MAP_PRIVATE | PPM_MAP_ANONYMOUS
    fm = one(evts, "mmap", res=int(f["file"]))["params"]
    assert (fm["addr"], fm["length"], fm["fd"], fm["offset"]) == (0, 4096, int(f["fd"]), 0)
    assert fm["prot"] == PPM_PROT_READ and fm["flags"] == PPM_MAP_SHARED
    bad = one(evts, "mmap", res=-errno.EBADF)["params"]
    assert (bad["fd"], bad["prot"], bad["flags"]) == (-1, PPM_PROT_READ, PPM_MAP_PRIVATE)
    # memory figures in KiB, after each call: the file mapping adds its page
    assert fm["vm_size"] == a["vm_size"] + 4, (a, fm)
    assert bad["vm_size"] == int(f["vm_size"]), (bad, f)
    assert bad["vm_swap"] == int(f["vm_swap"])
    assert 0 < a["vm_rss"] <= a["vm_size"]
    mp = one(evts, "mprotect", addr=anon)["params"]
    assert mp == {"res": 0, "addr": anon, "length": 4096, "prot": PPM_PROT_READ | PPM_PROT_WRITE}
    mf = one(evts, "mprotect", addr=anon + 1)["params"]
    assert mf == {"res": -errno.EINVAL, "addr": anon + 1, "length": 4096, "prot": PPM_PROT_READ}


def test_bpf():
    # newer libs' BPF_2: the result as an fd (0 for a command that makes
    # none), the command as the kernel numbers it
    evts, f = run_trig("bpf")
    fd = int(f["map_fd"])
    assert fd >= 0 and f["update"] == "0", f
    create = one(evts, "bpf", cmd=BPF_MAP_CREATE)
    assert create["params"] == {"fd": fd, "cmd": BPF_MAP_CREATE} and create["code"] == EVT_BPF_2_X
    assert one(evts, "bpf", cmd=BPF_MAP_UPDATE_ELEM)["params"] == {"fd": 0, "cmd": BPF_MAP_UPDATE_ELEM}
    bad = one(evts, "bpf", cmd=9999)["params"]
    assert bad == {"fd": -errno.EINVAL, "cmd": 9999} and f["bad_errno"] == str(errno.EINVAL)


def by_code(evts, code, **params):
    found = [e for e in evts if e["code"] == code and
             all(e["params"].get(k) == v for k, v in params.items())]
    assert found, "no event %d with %r" % (code, params)
    return found[-1]["params"]


def test_anonymous_fds():
    # the calls with flags have newer libs' events, flags as PPM_O_*
    # (EFD_SEMAPHORE has no name there); the calls without flags keep the
    # older events, whose flags newest libs sends as 0, as for timerfd_create
    evts, f = run_trig("fds")
    both = PPM_O_NONBLOCK | PPM_O_CLOEXEC
    e2 = by_code(evts, EVT_EVENTFD2_X, res=int(f["eventfd2"]))
    assert e2 == {"res": int(f["eventfd2"]), "flags": both, "initval": 5}, e2
    e1 = by_code(evts, EVT_EVENTFD_X, res=int(f["eventfd"]))
    assert e1 == {"res": int(f["eventfd"]), "initval": 7, "flags": 0}, e1
    eb = by_code(evts, EVT_EVENTFD2_X, res=-errno.EINVAL)
    assert eb == {"res": -errno.EINVAL, "flags": PPM_O_CLOEXEC, "initval": 1}, eb  # 0x7fff0000 has O_CLOEXEC's bit
    assert int(f["eventfd_bad_errno"]) == errno.EINVAL
    sigmask = (1 << (signal.SIGUSR1 - 1)) | (1 << (signal.SIGUSR2 - 1))
    s4 = by_code(evts, EVT_SIGNALFD4_X, res=int(f["signalfd"]))
    assert s4 == {"res": int(f["signalfd"]), "flags": both, "fd": -1, "mask": sigmask}, s4
    s = by_code(evts, EVT_SIGNALFD_X, res=int(f["signalfd_old"]))
    assert s == {"res": int(f["signalfd_old"]), "fd": -1, "mask": sigmask, "flags": 0}, s
    sb = by_code(evts, EVT_SIGNALFD4_X, res=-int(f["signalfd_bad_errno"]))
    assert sb == {"res": -errno.EINVAL, "flags": 0, "fd": int(f["eventfd"]), "mask": sigmask}
    t = one(evts, "timerfd_create", res=int(f["timerfd"]))["params"]
    assert t == {"res": int(f["timerfd"]), "clockid": 1, "flags": 0}  # CLOCK_MONOTONIC
    i1 = by_code(evts, EVT_INOTIFY_INIT1_X, res=int(f["inotify1"]))
    assert i1 == {"res": int(f["inotify1"]), "flags": both}, i1
    ib = by_code(evts, EVT_INOTIFY_INIT1_X, res=-int(f["inotify1_bad_errno"]))
    assert ib == {"res": -errno.EINVAL, "flags": 0}, ib
    i0 = by_code(evts, EVT_INOTIFY_INIT_X, res=int(f["inotify"]))
    assert i0 == {"res": int(f["inotify"]), "flags": 0}
    names = {e["code"]: e["type"] for e in evts}
    assert (names[EVT_EVENTFD2_X], names[EVT_SIGNALFD4_X], names[EVT_INOTIFY_INIT1_X]) == (
        "eventfd2", "signalfd4", "inotify_init1")
    # userfaultfd may be refused (EPERM) or missing (ENOSYS): res says which
    ufd = int(f["userfaultfd"])
    expect = ufd if ufd >= 0 else -int(f["userfaultfd_errno"])
    u = one(evts, "userfaultfd")["params"]
    assert u == {"res": expect, "flags": PPM_O_CLOEXEC | PPM_O_NONBLOCK}, (u, f)


def test_mlock_family():
    evts, f = run_trig("mlock")
    addr, page = int(f["addr"]), int(f["page"])
    assert f["mlock"] == f["munlock"] == f["mlockall"] == f["munlockall"] == "0", f
    assert one(evts, "mlock", addr=addr)["params"] == {"res": 0, "addr": addr, "len": page}
    assert one(evts, "munlock", addr=addr)["params"] == {"res": 0, "addr": addr, "len": page}
    bad = one(evts, "mlock", addr=4096)["params"]
    assert bad == {"res": -errno.ENOMEM, "addr": 4096, "len": page}, bad
    assert int(f["mlock_bad"]) == -1 and int(f["mlock_bad_errno"]) == errno.ENOMEM
    a = one(evts, "mlockall", res=0)["params"]
    assert a == {"res": 0, "flags": PPM_MLOCKALL_MCL_CURRENT | PPM_MLOCKALL_MCL_ONFAULT}, a
    ab = one(evts, "mlockall", res=-int(f["mlockall_bad_errno"]))["params"]
    assert ab == {"res": -errno.EINVAL, "flags": 0}, ab
    assert one(evts, "munlockall")["params"] == {"res": 0}


if __name__ == "__main__":
    run(globals())
