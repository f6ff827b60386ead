"""Probe tests: the syscalls that have an event appended after 351 by newer
falcosecurity/libs (probe/fam_new.bpf.h, and dup2/dup3/pipe2 in
fam_fs.bpf.h). Each test runs tests/helpers/trig_new in a fresh temporary
directory; the helper makes the real syscalls and reports on stderr what the
kernel returned, and the test checks every decoded parameter of each event
against it: results, failures (-errno), fds, paths as passed, flags in scap's
PPM_* encoding. The module calls are made with input the kernel refuses."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

TRIG = helper("trig_new")

AT_FDCWD = -100
BADFD = 987
BADPID = 0x3FFFFFF0
EPERM, ENOENT, ESRCH, EBADF, EFAULT, EEXIST, EINVAL = 1, 2, 3, 9, 14, 17, 22
U32_MINUS_1 = 0xFFFFFFFF

# scap's PPM_* values (probe/wtf_event.h)
PPM_O_NONBLOCK, PPM_O_DIRECT, PPM_O_CLOEXEC = 1 << 6, 1 << 9, 1 << 12
PPM_AT_SYMLINK_NOFOLLOW, PPM_AT_NO_AUTOMOUNT, PPM_AT_EMPTY_PATH = 0x100, 0x800, 0x1000
PPM_S_IFIFO, PPM_S_IFCHR, PPM_S_IFREG = 0o010000, 0o020000, 0o100000
PPM_MFD_CLOEXEC, PPM_MFD_ALLOW_SEALING = 1, 2
PPM_PIDFD_NONBLOCK = 1
PPM_EPOLL_CLOEXEC = 1
PPM_MLOCK_ONFAULT = 1
PPM_MODULE_INIT_IGNORE_VERMAGIC = 2
PPM_DELETE_MODULE_O_TRUNC, PPM_DELETE_MODULE_O_NONBLOCK = 1, 2
PR_SET_NAME, PR_GET_NAME, PR_GET_DUMPABLE = 15, 16, 3
PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER = 36, 37
FSCONFIG_SET_FLAG, FSCONFIG_SET_STRING, FSCONFIG_SET_BINARY = 0, 1, 2


def run_trig(scenario, snaplen=80):
    """Runs trig_new SCENARIO in a temporary directory under the probe.
    Returns (events of the helper and its children, its facts)."""
    with tempfile.TemporaryDirectory(prefix="wtf-new-") as d:
        evts, rc, err = probe_events([TRIG, scenario, d], snaplen=snaplen)
        assert rc == 0, err
        facts = {}
        for k, v in helper_output(err).items():
            facts[k] = int(v) if v.lstrip("-").isdigit() else v
        return evts, facts



# ---- memfd_create ------------------------------------------------------------------


def test_memfd_create():
    evts, f = run_trig("memfd")
    assert f["memfd"] >= 3
    p = only(evts, "memfd_create", fd=f["memfd"])
    assert p == {"fd": f["memfd"], "name": "wtf-memfd",
                 "flags": PPM_MFD_CLOEXEC | PPM_MFD_ALLOW_SEALING}, p
    p = only(evts, "memfd_create", name="wtf-plain")
    assert p == {"fd": f["memfd_plain"], "name": "wtf-plain", "flags": 0}, p


def test_memfd_create_failures():
    evts, f = run_trig("memfd")
    assert f["memfd_inval"] == -EINVAL and f["memfd_fault"] == -EFAULT
    p = only(evts, "memfd_create", fd=-EINVAL)
    assert p["name"] == "wtf-inval" and p["flags"] == 0, "unknown flag bits have no name"
    p = only(evts, "memfd_create", fd=-EFAULT)
    assert p["name"] is None and p["flags"] == 0, p


# ---- init_module, finit_module, delete_module (all refused) --------------------------


def test_init_module_refused():
    evts, f = run_trig("module")
    assert f["init_module"] < 0, "the kernel must refuse an image that is not ELF"
    p = only(evts, "init_module")
    assert p["res"] == f["init_module"]
    assert bytes.fromhex(p["img"]) == b"W" * 64, p
    assert p["length"] == 64 and p["uargs"] == "wtfarg=1", p


def test_init_module_image_cut_at_snaplen():
    evts, f = run_trig("module", snaplen=10)
    p = only(evts, "init_module")
    assert bytes.fromhex(p["img"]) == b"W" * 10 and p["length"] == 64, p


def test_finit_module_refused():
    evts, f = run_trig("module")
    assert f["finit_module"] < 0 and f["finit_module_bad"] < 0
    p = only(evts, "finit_module", fd=f["fd"])
    assert p == {"res": f["finit_module"], "fd": f["fd"], "uargs": "wtfarg=2",
                 "flags": PPM_MODULE_INIT_IGNORE_VERMAGIC}, p
    p = only(evts, "finit_module", fd=BADFD)
    assert p == {"res": f["finit_module_bad"], "fd": BADFD, "uargs": "", "flags": 0}, p


def test_delete_module_refused():
    evts, f = run_trig("module")
    assert f["delete_module"] < 0
    p = only(evts, "delete_module")
    assert p == {"res": f["delete_module"], "name": "wtftop_no_such_module",
                 "flags": PPM_DELETE_MODULE_O_NONBLOCK | PPM_DELETE_MODULE_O_TRUNC}, p


# ---- chown, lchown, fchown, fchownat -----------------------------------------------


def test_chown_lchown():
    evts, f = run_trig("chown")
    assert f["chown"] == f["lchown"] == 0
    p = only(evts, "chown", path="c")
    assert p == {"res": 0, "path": "c", "uid": 1234, "gid": 5678}, p
    p = only(evts, "lchown")
    assert p == {"res": 0, "path": "lnk", "uid": 4321, "gid": U32_MINUS_1}, "-1: unchanged"


def test_fchown():
    evts, f = run_trig("chown")
    assert f["fchown"] == 0
    p = only(evts, "fchown", fd=f["fd"])
    assert p == {"res": 0, "fd": f["fd"], "uid": U32_MINUS_1, "gid": 8765}, p


def test_fchownat_dirfd_and_flags():
    evts, f = run_trig("chown")
    assert f["fchownat"] == f["fchownat_empty"] == 0
    p = only(evts, "fchownat", dirfd=f["dfd"])
    assert p == {"res": 0, "dirfd": f["dfd"], "pathname": "x", "uid": 11, "gid": 22,
                 "flags": PPM_AT_SYMLINK_NOFOLLOW}, p
    p = only(evts, "fchownat", dirfd=f["fd"])
    assert p == {"res": 0, "dirfd": f["fd"], "pathname": "", "uid": 33, "gid": 44,
                 "flags": PPM_AT_EMPTY_PATH}, p


def test_chown_family_failures():
    evts, f = run_trig("chown")
    assert f["chown_noent"] == f["fchownat_noent"] == -ENOENT
    assert f["fchown_bad"] == -EBADF and f["fchownat_inval"] == -EINVAL
    p = only(evts, "chown", path="nope")
    assert p == {"res": -ENOENT, "path": "nope", "uid": 1, "gid": 1}, p
    p = only(evts, "fchown", fd=BADFD)
    assert p == {"res": -EBADF, "fd": BADFD, "uid": 0, "gid": 0}, p
    p = only(evts, "fchownat", res=-ENOENT)
    assert p == {"res": -ENOENT, "dirfd": AT_FDCWD, "pathname": "nope", "uid": 0, "gid": 0,
                 "flags": 0}, p
    p = only(evts, "fchownat", res=-EINVAL)
    assert p["pathname"] == "c" and p["flags"] == 0, "unknown flag bits have no name"


# ---- mknod, mknodat ------------------------------------------------------------------


def test_mknodat_fifo():
    evts, f = run_trig("mknod")
    assert f["mknodat"] == f["mknodat_dirfd"] == 0
    p = only(evts, "mknodat", dirfd=AT_FDCWD)
    assert p == {"res": 0, "dirfd": AT_FDCWD, "path": "fifo", "mode": PPM_S_IFIFO | 0o640,
                 "dev": 0}, p
    p = only(evts, "mknodat", dirfd=f["dfd"])
    assert p == {"res": 0, "dirfd": f["dfd"], "path": "fifo2", "mode": PPM_S_IFIFO | 0o600,
                 "dev": 0}, p


def test_mknod_regular_device_and_eexist():
    evts, f = run_trig("mknod")
    assert f["mknod"] == f["mknod_null"] == 0 and f["mknod_exist"] == -EEXIST
    p = only(evts, "mknod", path="reg")
    assert p == {"res": 0, "path": "reg", "mode": PPM_S_IFREG | 0o644, "dev": 0}, \
        "no file type means a regular file"
    p = only(evts, "mknod", path="nulldev")
    assert p == {"res": 0, "path": "nulldev", "mode": PPM_S_IFCHR | 0o600,
                 "dev": f["nulldev"]}, p
    assert f["nulldev"] == 0x103
    p = only(evts, "mknod", path="fifo")
    assert p == {"res": -EEXIST, "path": "fifo", "mode": PPM_S_IFIFO | 0o600, "dev": 0}, p


# ---- prctl ---------------------------------------------------------------------------


def test_prctl_set_and_get_name():
    evts, f = run_trig("prctl")
    assert f["set_name"] == f["get_name"] == 0 and f["name"] == "wtf-newname"
    p = only(evts, "prctl", option=PR_SET_NAME)
    assert p == {"res": 0, "option": PR_SET_NAME, "arg2_str": "wtf-newname",
                 "arg2_int": None}, p
    p = only(evts, "prctl", option=PR_GET_NAME)
    assert p == {"res": 0, "option": PR_GET_NAME, "arg2_str": "wtf-newname",
                 "arg2_int": None}, "the name the kernel wrote back"


def test_prctl_integer_options_and_einval():
    evts, f = run_trig("prctl")
    assert f["subreaper"] == 1 and f["get_dumpable"] == 1 and f["inval"] == -EINVAL
    p = only(evts, "prctl", option=PR_SET_CHILD_SUBREAPER)
    assert p == {"res": 0, "option": PR_SET_CHILD_SUBREAPER, "arg2_str": None, "arg2_int": 1}
    p = only(evts, "prctl", option=PR_GET_CHILD_SUBREAPER)
    assert p == {"res": 0, "option": PR_GET_CHILD_SUBREAPER, "arg2_str": None,
                 "arg2_int": 1}, "the value arg2 points to"
    p = only(evts, "prctl", option=PR_GET_DUMPABLE)
    assert p == {"res": 1, "option": PR_GET_DUMPABLE, "arg2_str": None, "arg2_int": 0}, p
    p = only(evts, "prctl", option=9999)
    assert p == {"res": -EINVAL, "option": 9999, "arg2_str": None, "arg2_int": 77}, p


# ---- pidfd_open, pidfd_getfd -----------------------------------------------------------


def test_pidfd_open():
    evts, f = run_trig("pidfd")
    child = f["child"]
    assert f["pidfd_open"] >= 3 and f["pidfd_open_nb"] >= 3
    p = only(evts, "pidfd_open", fd=f["pidfd_open"])
    assert p == {"fd": f["pidfd_open"], "pid": child, "flags": 0}, p
    p = only(evts, "pidfd_open", fd=f["pidfd_open_nb"])
    assert p == {"fd": f["pidfd_open_nb"], "pid": child, "flags": PPM_PIDFD_NONBLOCK}, p
    assert f["pidfd_open_srch"] == -ESRCH
    p = only(evts, "pidfd_open", pid=BADPID)
    assert p == {"fd": -ESRCH, "pid": BADPID, "flags": 0}, p


def test_pidfd_getfd():
    evts, f = run_trig("pidfd")
    pfd = f["pidfd_open"]
    assert f["pidfd_getfd"] >= 3
    p = only(evts, "pidfd_getfd", fd=f["pidfd_getfd"])
    assert p == {"fd": f["pidfd_getfd"], "pid_fd": pfd, "target_fd": f["fd"], "flags": 0}, p
    assert f["pidfd_getfd_bad"] == -EBADF and f["pidfd_getfd_inval"] == -EINVAL
    p = only(evts, "pidfd_getfd", fd=-EBADF)
    assert p == {"fd": -EBADF, "pid_fd": BADFD, "target_fd": f["fd"], "flags": 0}, p
    p = only(evts, "pidfd_getfd", fd=-EINVAL)
    assert p == {"fd": -EINVAL, "pid_fd": pfd, "target_fd": f["fd"], "flags": 1}, p


# ---- setreuid, setregid -------------------------------------------------------------


def test_setreuid_setregid():
    evts, f = run_trig("setre")
    assert f["setreuid_same"] == f["setregid_same"] == f["setreuid"] == f["setregid"] == 0
    assert f["setreuid_perm"] == f["setregid_perm"] == -EPERM
    child = f["child"]
    p = only(evts, "setreuid", ruid=U32_MINUS_1)
    assert p == {"res": 0, "ruid": U32_MINUS_1, "euid": U32_MINUS_1}, p
    p = only(evts, "setregid", rgid=U32_MINUS_1)
    assert p == {"res": 0, "rgid": U32_MINUS_1, "egid": U32_MINUS_1}, p
    p = only(evts, "setregid", rgid=65534)
    assert p == {"res": 0, "rgid": 65534, "egid": 65534}, p
    p = only(evts, "setreuid", ruid=65534)
    assert p == {"res": 0, "ruid": 65534, "euid": 65534}, p
    p = only(evts, "setreuid", ruid=0)
    assert p == {"res": -EPERM, "ruid": 0, "euid": 0}, p
    p = only(evts, "setregid", rgid=0)
    assert p == {"res": -EPERM, "rgid": 0, "egid": 0}, p
    assert {e["tid"] for e in evts if e["type"] in ("setreuid", "setregid")} == {child}


# ---- dup2, dup3, pipe2 ---------------------------------------------------------------


def test_dup2_dup3_pipe2_flags():
    evts, f = run_trig("dup_pipe")
    fd = f["fd"]
    p = only(evts, "dup2", newfd=40)
    assert p == {"res": 40, "oldfd": fd, "newfd": 40}, p
    p = only(evts, "dup3", newfd=41)
    assert p == {"res": 41, "oldfd": fd, "newfd": 41, "flags": PPM_O_CLOEXEC}, "O_CLOEXEC shows"
    assert f["dup3_inval"] == -EINVAL
    p = only(evts, "dup3", newfd=fd)
    assert p == {"res": -EINVAL, "oldfd": fd, "newfd": fd, "flags": 0}, p
    assert f["pipe2"] == 0
    p = only(evts, "pipe2", fd1=f["p0"])
    assert p["res"] == 0 and p["fd2"] == f["p1"] and p["ino"] > 0, p
    assert p["flags"] == PPM_O_CLOEXEC | PPM_O_DIRECT, p


# ---- process_vm_readv, process_vm_writev ---------------------------------------------


def test_process_vm_readv_writev_of_child():
    evts, f = run_trig("process_vm")
    child = f["child"]
    assert f["readv"] == 16 and f["writev"] == 17
    p = only(evts, "process_vm_readv", res=16)
    assert p["pid"] == child, p
    assert bytes.fromhex(p["data"]) == b"child-data-01234", "read into two local iovecs"
    p = only(evts, "process_vm_writev", res=17)
    assert p["pid"] == child and bytes.fromhex(p["data"]) == b"written-by-parent", p


def test_process_vm_readv_failures_and_snaplen():
    evts, f = run_trig("process_vm", snaplen=5)
    p = only(evts, "process_vm_readv", res=16)
    assert bytes.fromhex(p["data"]) == b"child", p
    assert f["readv_srch"] == -ESRCH and f["readv_inval"] == -EINVAL
    p = only(evts, "process_vm_readv", res=-ESRCH)
    assert p == {"res": -ESRCH, "pid": BADPID, "data": None}, p
    p = only(evts, "process_vm_readv", res=-EINVAL)
    assert p == {"res": -EINVAL, "pid": f["child"], "data": None}, p


# ---- epoll_create, epoll_create1 -----------------------------------------------------


def test_epoll_create_and_create1():
    evts, f = run_trig("epoll")
    p = only(evts, "epoll_create", size=8)
    assert p == {"res": f["epoll_create"], "size": 8} and p["res"] >= 3, p
    p = only(evts, "epoll_create", size=0)
    assert p == {"res": -EINVAL, "size": 0} and f["epoll_create_inval"] == -EINVAL, p
    p = only(evts, "epoll_create1", res=f["epoll_create1"])
    assert p == {"res": f["epoll_create1"], "flags": PPM_EPOLL_CLOEXEC}, p
    p = only(evts, "epoll_create1", res=f["epoll_create1_plain"])
    assert p == {"res": f["epoll_create1_plain"], "flags": 0}, p
    p = only(evts, "epoll_create1", res=-EINVAL)
    assert p == {"res": -EINVAL, "flags": 0} and f["epoll_create1_inval"] == -EINVAL, p


# ---- newfstatat ----------------------------------------------------------------------


def test_newfstatat():
    evts, f = run_trig("stat")
    assert f["fstatat"] == f["fstatat_dirfd"] == f["fstatat_empty"] == 0 and f["size"] == 3
    p = only(evts, "newfstatat", path="s")
    assert p == {"res": 0, "dirfd": AT_FDCWD, "path": "s", "flags": 0}, p
    p = only(evts, "newfstatat", path="y")
    assert p == {"res": 0, "dirfd": f["dfd"], "path": "y", "flags": PPM_AT_SYMLINK_NOFOLLOW}, p
    # the dynamic loader fstats its libraries the same way, on the same fd
    # number: the helper's call is the last one
    p = find(evts, "newfstatat", dirfd=f["fd"])[-1]["params"]
    assert p == {"res": 0, "dirfd": f["fd"], "path": "", "flags": PPM_AT_EMPTY_PATH}, p
    assert f["fstatat_noent"] == -ENOENT
    p = only(evts, "newfstatat", path="nope")
    assert p == {"res": -ENOENT, "dirfd": f["dfd"], "path": "nope",
                 "flags": PPM_AT_NO_AUTOMOUNT}, p


# ---- mlock2, fsconfig, capset --------------------------------------------------------


def test_mlock2():
    evts, f = run_trig("mlock2")
    assert f["mlock2"] == 0 and f["mlock2_inval"] == -EINVAL
    p = only(evts, "mlock2", res=0)
    assert p == {"res": 0, "addr": f["addr"], "len": 4096, "flags": PPM_MLOCK_ONFAULT}, p
    p = only(evts, "mlock2", res=-EINVAL)
    assert p == {"res": -EINVAL, "addr": f["addr"], "len": 4096, "flags": 0}, p


def test_fsconfig():
    evts, f = run_trig("fsconfig")
    fsfd = f["fsfd"]
    assert fsfd >= 3 and f["set_string"] == f["set_flag"] == 0
    p = only(evts, "fsconfig", cmd=FSCONFIG_SET_STRING, fd=fsfd)
    assert p == {"res": 0, "fd": fsfd, "cmd": FSCONFIG_SET_STRING, "key": "size",
                 "value_bytebuf": None, "value_charbuf": "1m", "aux": 0}, p
    p = only(evts, "fsconfig", cmd=FSCONFIG_SET_FLAG)
    assert p == {"res": 0, "fd": fsfd, "cmd": FSCONFIG_SET_FLAG, "key": "ro",
                 "value_bytebuf": None, "value_charbuf": None, "aux": 0}, p
    # failed calls carry no value
    assert f["set_binary"] < 0 and f["bad_fd"] == -EBADF
    p = only(evts, "fsconfig", cmd=FSCONFIG_SET_BINARY)
    assert p == {"res": f["set_binary"], "fd": fsfd, "cmd": FSCONFIG_SET_BINARY, "key": "size",
                 "value_bytebuf": None, "value_charbuf": None, "aux": 3}, p
    p = only(evts, "fsconfig", fd=BADFD)
    assert p == {"res": -EBADF, "fd": BADFD, "cmd": FSCONFIG_SET_STRING, "key": "size",
                 "value_bytebuf": None, "value_charbuf": None, "aux": 0}, p


def test_capset():
    evts, f = run_trig("capset")
    assert f["capget"] == f["capset"] == 0 and f["capset_inval"] == -EINVAL
    caps = {"cap_inheritable": f["inh"], "cap_permitted": f["prm"], "cap_effective": f["eff"]}
    p = only(evts, "capset", res=0)
    assert p == dict(res=0, **caps), (p, caps)
    p = only(evts, "capset", res=-EINVAL)
    assert p == dict(res=-EINVAL, **caps), "the sets are unchanged after a failure"


if __name__ == "__main__":
    run(globals())
