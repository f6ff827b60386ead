"""Probe tests: the filesystem family (probe/fam_fs.bpf.h, and openat2 in
fam_file.bpf.h). Each test runs tests/helpers/trig_fs in a fresh temporary
directory; the helper makes the real syscalls and reports on stderr what the
kernel returned, and the test checks every decoded parameter of each event
against it: results, failures (-errno), fds, paths as passed, flags in
scap's PPM_* encoding."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

TRIG = helper("trig_fs")

AT_FDCWD = -100
BADFD = 987
ENOENT, EBADF, EFAULT, EEXIST, EXDEV, EINVAL = 2, 9, 14, 17, 18, 22

# scap's PPM_* values (probe/wtf_event.h)
PPM_O_RDONLY, PPM_O_WRONLY, PPM_O_CREAT = 1, 2, 4
PPM_O_CLOEXEC, PPM_O_F_CREATED = 1 << 12, 1 << 14
PPM_O_NONBLOCK = 1 << 6
PPM_FCNTL_F_DUPFD, PPM_FCNTL_F_GETFD, PPM_FCNTL_F_SETFD, PPM_FCNTL_F_GETFL = 1, 2, 3, 4
PPM_FCNTL_F_DUPFD_CLOEXEC = 26
PPM_AT_REMOVEDIR, PPM_AT_SYMLINK_FOLLOW = 0x200, 0x400
PPM_RENAME_NOREPLACE = 1
PPM_RESOLVE_BENEATH, PPM_RESOLVE_NO_SYMLINKS = 1, 8
# PPM_S_* bits have the same values as the kernel's mode bits
PPM_S_ISUID, PPM_S_ISVTX = 0o4000, 0o1000


def run_trig(scenario, snaplen=80):
    """Runs trig_fs SCENARIO in a temporary directory under the probe.
    Returns (events of the helper, its facts as ints, the directory's path)."""
    with tempfile.TemporaryDirectory(prefix="wtf-fs-") as d:
        evts, rc, err = probe_events([TRIG, scenario, d], snaplen=snaplen)
        assert rc == 0, err
        facts = {k: int(v) for k, v in helper_output(err).items() if v.lstrip("-").isdigit()}
        return evts, facts, d



# ---- readv, writev, preadv, pwritev ---------------------------------------------


def test_writev_readv_two_iovecs():
    evts, f, _ = run_trig("vec")
    fd = f["fd"]
    text = b"hello iovec world\n"  # "hello " + "iovec world\n"
    p = only(evts, "writev", fd=fd)
    assert p["res"] == f["writev"] == 18
    assert bytes.fromhex(p["data"]) == text, p
    assert p["size"] == 18, "size is the sum of both iovecs"
    p = only(evts, "pwritev", fd=fd)
    assert p["res"] == f["pwritev"] == 5
    assert bytes.fromhex(p["data"]) == b"ABCDE"
    assert p["size"] == 5 and p["pos"] == 100
    # readv into 4 + 64 bytes: the text, then the hole up to offset 68
    p = only(evts, "readv", fd=fd)
    assert p["res"] == f["readv"] == 68
    assert p["size"] == 68
    assert bytes.fromhex(p["data"]) == (text + b"\0" * 100)[:68]
    p = only(evts, "preadv", fd=fd)
    assert p["res"] == f["preadv"] == 4
    assert p["size"] == 4 and p["pos"] == 101
    assert bytes.fromhex(p["data"]) == b"BCDE"


def test_iovec_data_is_cut_at_snaplen_across_iovecs():
    evts, f, _ = run_trig("vec", snaplen=10)
    fd = f["fd"]
    p = only(evts, "writev", fd=fd)
    assert p["res"] == 18 and p["size"] == 18
    assert bytes.fromhex(p["data"]) == b"hello iove", "6 bytes of the first iovec, 4 of the second"
    p = only(evts, "readv", fd=fd)
    assert p["res"] == 68 and bytes.fromhex(p["data"]) == b"hello iove"
    p = only(evts, "pwritev", fd=fd)
    assert bytes.fromhex(p["data"]) == b"ABCDE"


def test_iovec_failure_ebadf():
    evts, f, _ = run_trig("vec")
    assert f["writev_bad"] == f["readv_bad"] == -EBADF
    p = only(evts, "writev", fd=BADFD)
    assert p["res"] == -EBADF and p["data"] is None and p["size"] == 18
    p = only(evts, "readv", fd=BADFD)
    assert p["res"] == -EBADF and p["data"] is None and p["size"] == 0


# ---- dup, dup2, dup3, fcntl ------------------------------------------------------


def test_dup_dup2_dup3():
    # dup, dup2 and dup3 have newer libs' events (DUP_1: res, oldfd; DUP2 and
    # DUP3: res, oldfd, newfd[, flags]), dup3's O_CLOEXEC shown.
    evts, f, _ = run_trig("dup")
    fd = f["fd"]
    p = only(evts, "dup", res=f["dup"])
    assert p == {"res": f["dup"], "oldfd": fd}, p
    assert one(evts, "dup", res=f["dup"])["code"] == 367  # PPME_SYSCALL_DUP_1_X
    assert f["dup2"] == 50 and f["dup3"] == 51
    p = only(evts, "dup2", res=50)
    assert p == {"res": 50, "oldfd": fd, "newfd": 50}, p
    p = only(evts, "dup3", res=51)
    assert p == {"res": 51, "oldfd": fd, "newfd": 51, "flags": PPM_O_CLOEXEC}, p
    assert f["dup_bad"] == f["dup3_bad"] == -EBADF
    p = only(evts, "dup", oldfd=BADFD)
    assert p == {"res": -EBADF, "oldfd": BADFD}, p
    p = only(evts, "dup3", oldfd=BADFD)
    assert p == {"res": -EBADF, "oldfd": BADFD, "newfd": 52, "flags": 0}, p


def test_fcntl_commands_and_dupfd_result():
    evts, f, _ = run_trig("dup")
    fd = f["fd"]
    p = only(evts, "fcntl", cmd=PPM_FCNTL_F_DUPFD)
    assert p["res"] == f["dupfd"] and p["res"] >= 60 and p["fd"] == fd
    p = only(evts, "fcntl", cmd=PPM_FCNTL_F_DUPFD_CLOEXEC)
    assert p["res"] == f["dupfd_cloexec"] and p["res"] >= 70 and p["fd"] == fd
    p = only(evts, "fcntl", cmd=PPM_FCNTL_F_GETFL)
    assert p["res"] == f["getfl"] and p["fd"] == fd
    p = only(evts, "fcntl", cmd=PPM_FCNTL_F_SETFD)
    assert p["res"] == 0 and p["fd"] == fd
    p = only(evts, "fcntl", cmd=PPM_FCNTL_F_GETFD)
    assert p["res"] == f["getfd_bad"] == -EBADF and p["fd"] == BADFD


# ---- pipe, pipe2 -----------------------------------------------------------------


def test_pipe_and_pipe2():
    # pipe: res, fd1, fd2, ino; pipe2 has newer libs' event, with its flags
    # (O_CLOEXEC | O_NONBLOCK here) in scap's PPM_O_* encoding.
    evts, f, _ = run_trig("pipe")
    p = only(evts, "pipe", fd1=f["p0"])
    assert p["res"] == 0 and p["fd2"] == f["p1"] and p["ino"] == f["p_ino"]
    p = only(evts, "pipe2", fd1=f["q0"])
    assert p["res"] == 0 and p["fd2"] == f["q1"] and p["ino"] == f["q_ino"]
    assert p["flags"] == PPM_O_CLOEXEC | PPM_O_NONBLOCK, p
    assert f["p_ino"] != f["q_ino"]


def test_pipe2_failures():
    evts, f, _ = run_trig("pipe")
    for key, err, flags in (("pipe2_fault", EFAULT, 0), ("pipe2_inval", EINVAL, None)):
        assert f[key] == -err
        p = only(evts, "pipe2", res=-err)
        assert p["fd1"] == -1 and p["fd2"] == -1 and p["ino"] == 0, p
        if flags is not None:
            assert p["flags"] == flags, p


# ---- mkdir, mkdirat, rmdir, unlink, unlinkat -----------------------------------


def test_mkdir_mkdirat_rmdir():
    evts, f, _ = run_trig("dirs")
    dfd = f["dfd"]
    p = only(evts, "mkdir", res=0)
    assert p["path"] == "d1" and p["mode"] == 0o750, "relative path kept as passed"
    p = only(evts, "mkdir", res=-EEXIST)
    assert p["path"] == "d1" and p["mode"] == 0o750
    p = only(evts, "mkdirat", path="sub")
    assert p["res"] == f["mkdirat"] == 0 and p["dirfd"] == dfd and p["mode"] == 0o700
    p = only(evts, "mkdirat", path="d2")
    assert p["res"] == 0 and p["dirfd"] == AT_FDCWD and p["mode"] == 0o755
    p = only(evts, "mkdirat", path="nope/x")
    assert p["res"] == f["mkdirat_noent"] == -ENOENT and p["dirfd"] == dfd
    p = only(evts, "rmdir", path="d2")
    assert p["res"] == 0
    p = only(evts, "rmdir", path="nope")
    assert p["res"] == -ENOENT


def test_unlink_unlinkat():
    evts, f, _ = run_trig("dirs")
    dfd = f["dfd"]
    p = only(evts, "unlinkat", name="sub")
    assert p["res"] == 0 and p["dirfd"] == dfd and p["flags"] == PPM_AT_REMOVEDIR
    p = only(evts, "unlink", path="f")
    assert p["res"] == 0
    p = only(evts, "unlink", path="nope")
    assert p["res"] == -ENOENT
    p = only(evts, "unlinkat", dirfd=dfd, name="g")
    assert p["res"] == 0 and p["flags"] == 0
    p = only(evts, "unlinkat", name="nope")
    assert p["res"] == -ENOENT and p["dirfd"] == AT_FDCWD and p["flags"] == 0
    p = only(evts, "unlinkat", dirfd=BADFD)
    assert p["res"] == f["unlinkat_badfd"] == -EBADF and p["name"] == "g"


# ---- rename, renameat, renameat2 -------------------------------------------------


def test_rename_family():
    evts, f, _ = run_trig("rename")
    dfd = f["dfd"]
    p = only(evts, "rename", oldpath="a")
    assert p["res"] == 0 and p["newpath"] == "b"
    p = only(evts, "rename", oldpath="nope")
    assert p["res"] == -ENOENT and p["newpath"] == "x"
    p = only(evts, "renameat", oldpath="b")
    assert p == {"res": 0, "olddirfd": AT_FDCWD, "oldpath": "b", "newdirfd": dfd, "newpath": "c"}, p
    p = only(evts, "renameat2", oldpath="c")
    assert p == {"res": 0, "olddirfd": dfd, "oldpath": "c", "newdirfd": AT_FDCWD, "newpath": "e",
                 "flags": PPM_RENAME_NOREPLACE}, p
    p = only(evts, "renameat2", oldpath="e")
    assert p == {"res": -EEXIST, "olddirfd": AT_FDCWD, "oldpath": "e", "newdirfd": AT_FDCWD,
                 "newpath": "f", "flags": PPM_RENAME_NOREPLACE}, p
    p = only(evts, "renameat", olddirfd=BADFD)
    assert p["res"] == -EBADF and p["oldpath"] == "e" and p["newpath"] == "g"


# ---- link, linkat, symlink, symlinkat --------------------------------------------


def test_link_family():
    evts, f, _ = run_trig("link")
    dfd = f["dfd"]
    p = only(evts, "link", res=0)
    assert p["oldpath"] == "t" and p["newpath"] == "l1"
    p = only(evts, "link", res=-EEXIST)
    assert p["oldpath"] == "t" and p["newpath"] == "l1"
    p = only(evts, "linkat", newpath="l2")
    assert p == {"res": 0, "olddir": AT_FDCWD, "oldpath": "t", "newdir": dfd, "newpath": "l2",
                 "flags": 0}, p
    p = only(evts, "linkat", newpath="l3")
    assert p["res"] == 0 and p["oldpath"] == "sym" and p["flags"] == PPM_AT_SYMLINK_FOLLOW
    p = only(evts, "linkat", newpath="l4")
    assert p == {"res": -ENOENT, "olddir": dfd, "oldpath": "nope", "newdir": AT_FDCWD,
                 "newpath": "l4", "flags": 0}, p


def test_symlink_family():
    evts, f, _ = run_trig("link")
    p = only(evts, "symlink", res=0)
    assert p["target"] == "t" and p["linkpath"] == "sym"
    p = only(evts, "symlink", res=-EEXIST)
    assert p["target"] == "t" and p["linkpath"] == "sym"
    p = only(evts, "symlinkat")
    assert p == {"res": 0, "target": "../t", "linkdirfd": f["dfd"], "linkpath": "s2"}, p


# ---- chmod, fchmod, fchmodat; the chown family ------------------------------------


def test_chmod_family():
    evts, f, _ = run_trig("chmod")
    p = only(evts, "chmod", filename="m")
    assert p["res"] == 0 and p["mode"] == 0o640
    p = only(evts, "chmod", filename="nope")
    assert p["res"] == -ENOENT and p["mode"] == 0o600
    p = only(evts, "fchmod", fd=f["fd"])
    assert p["res"] == 0 and p["mode"] == PPM_S_ISUID | 0o755
    p = only(evts, "fchmod", fd=BADFD)
    assert p["res"] == -EBADF and p["mode"] == 0o600
    p = only(evts, "fchmodat", filename="x")
    assert p == {"res": 0, "dirfd": f["dfd"], "filename": "x", "mode": 0o600}, p
    p = only(evts, "fchmodat", filename="m")
    assert p == {"res": 0, "dirfd": AT_FDCWD, "filename": "m", "mode": PPM_S_ISVTX | 0o777}, p
    p = only(evts, "fchmodat", filename="nope")
    assert p["res"] == -ENOENT and p["dirfd"] == f["dfd"]


def test_chown_family_has_events():
    # newer libs' chown events (tests/probe/test_new.py checks each parameter)
    evts, f, _ = run_trig("chmod")
    for name in ("chown", "lchown", "fchown", "fchownat"):
        assert f[name] == 0
        e = one(evts, name, res=0)
        assert e["params"]["uid"] == os.getuid() and e["params"]["gid"] == os.getgid(), e


# ---- openat2 -------------------------------------------------------------------------


def test_openat2_create_with_resolve_flags():
    evts, f, _ = run_trig("openat2")
    fd = f["openat2"]
    assert fd >= 0
    p = only(evts, "openat2", fd=fd)
    assert p["dirfd"] == AT_FDCWD and p["name"] == "o2"
    assert p["flags"] == PPM_O_WRONLY | PPM_O_CREAT | PPM_O_CLOEXEC | PPM_O_F_CREATED, p
    assert p["mode"] == 0o640
    assert p["resolve"] == PPM_RESOLVE_BENEATH | PPM_RESOLVE_NO_SYMLINKS
    assert p["ino"] == f["ino"]
    assert p["dev"] == os.makedev(f["dev_major"], f["dev_minor"])


def test_openat2_failures():
    evts, f, _ = run_trig("openat2")
    p = only(evts, "openat2", name="nope")
    assert p == {"fd": -ENOENT, "dirfd": f["dfd"], "name": "nope", "flags": PPM_O_RDONLY,
                 "mode": 0, "resolve": 0, "dev": 0, "ino": 0}, p
    p = only(evts, "openat2", name="../o2")
    assert p["fd"] == f["openat2_xdev"] == -EXDEV
    assert p["resolve"] == PPM_RESOLVE_BENEATH and p["ino"] == 0


def test_openat2_path_is_the_one_read_at_enter():
    # The path's memory is rewritten while openat2 blocks on a FIFO; the
    # event shows the path the kernel opened (captured at enter).
    evts, f, _ = run_trig("toctou")
    assert f["openat2"] >= 0 and f["path_at_exit_changed"] == 1
    p = only(evts, "openat2", fd=f["openat2"])
    assert p["name"] == "fifo", p
    assert p["flags"] == PPM_O_RDONLY and p["ino"] != 0


# ---- stat, lstat ---------------------------------------------------------------------


def test_stat_lstat():
    # the path as passed (relative ones too), failures included
    evts, f, _ = run_trig("stat")
    assert f["stat"] == 0 and f["stat_mode"] == 0o100000, f
    assert f["lstat"] == 0 and f["lstat_mode"] == 0o120000, f
    assert only(evts, "stat", path="s.txt", res=0) == {"res": 0, "path": "s.txt"}
    assert only(evts, "lstat", path="ln") == {"res": 0, "path": "ln"}
    assert only(evts, "stat", path="../") == {"res": f["stat_dotdot"], "path": "../"}
    assert f["stat_dotdot"] == 0
    assert only(evts, "stat", path="nope") == {"res": -ENOENT, "path": "nope"}
    assert only(evts, "lstat", path="nope/x") == {"res": -ENOENT, "path": "nope/x"}
    assert f["stat_fault"] == -EFAULT
    assert only(evts, "stat", res=-EFAULT) == {"res": -EFAULT, "path": "s.txt"}
    # the codes of sysdig's stat and lstat, not newfstatat's
    assert {e["code"] for e in find(evts, "stat")} == {67}
    assert {e["code"] for e in find(evts, "lstat")} == {69}


if __name__ == "__main__":
    run(globals())
