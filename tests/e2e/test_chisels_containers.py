"""The container chisels against real podman containers (set up and torn
down here, see podman_env.py): lscontainers lists a running container with
its id, name and image; topcontainers_file and topcontainers_net count the
bytes of that container's processes, and never the host's."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import *  # noqa: E402,F401,F403
import podman_env  # noqa: E402

ENV_ = dict(os.environ, WTFTOP_CHISELS_PATH=os.path.join(ROOT, "chisels"))
PODMAN = None


def pod():
    global PODMAN
    if PODMAN is None:
        PODMAN = podman_env.PodmanEnv().__enter__()
    return PODMAN


def chisel_run(args, workload, seconds):
    p = start_wtftop(["-M", str(seconds), "--container-socket", pod().socket] + args, env=ENV_)
    try:
        workload()
        out, err = p.communicate(timeout=seconds + 30)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    return out.decode(errors="replace"), err.decode(errors="replace"), p.returncode


def value_bytes(s):
    """toptable's figure back in bytes: 123B, 1.50KB, 3.81M ..."""
    for unit, mul in (("KB", 1 << 10), ("P", 1 << 50), ("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("B", 1)):
        if s.endswith(unit):
            return float(s[:-len(unit)]) * mul
    raise AssertionError("not a byte figure: " + s)


def test_lscontainers_lists_the_running_container():
    e = pod()
    tag = "wtfls%d" % int(time.time() * 1000 % 1000000)
    cid = e.run(tag, ["sleep", "611"])
    out, err, rc = chisel_run(["-c", "lscontainers"], lambda: e.exec(tag, "true"), 20)
    assert rc == 0, err
    mine = [l for l in out.splitlines() if tag in l]
    assert len(mine) == 1 and cid[:12] in mine[0] and podman_env.IMAGE in mine[0] and "podman" in mine[0], out


def test_topcontainers_file_counts_the_containers_bytes():
    e = pod()
    tag = "wtftc%d" % int(time.time() * 1000 % 1000000)
    e.run(tag, ["sleep", "612"])

    def work():
        # 2,000,000 bytes read from /dev/zero and written to a file, inside
        e.exec(tag, "dd if=/dev/zero of=/tmp/out bs=1000 count=2000 2>/dev/null")
        # and the host writes as much: it must not count
        subprocess.run(["dd", "if=/dev/zero", "of=/tmp/wtftc-host", "bs=1000", "count=2000"],
                       stderr=subprocess.DEVNULL, check=True)
    out, err, rc = chisel_run(["-c", "topcontainers_file"], work, 6)
    os.unlink("/tmp/wtftc-host")
    assert rc == 0, err
    # the totals of the run: each interval's table counts that interval only
    total = {}
    cur = None
    for line in out.splitlines():
        if line.startswith("-----"):
            cur = True
        elif cur and line.strip() and not line.startswith("Bytes"):
            v, k = line.split(None, 1)
            total[k.strip()] = total.get(k.strip(), 0) + value_bytes(v)
    assert "host" not in total, total
    # 4,000,000 from dd; its figures print with two decimals (3.81M), so 1% either way
    assert tag in total and 3960000 <= total[tag] < 4100000, (total, out[-2000:])


def teardown():
    global PODMAN
    if PODMAN is not None:
        PODMAN.close()
        PODMAN = None


if __name__ == "__main__":
    try:
        run(globals())
    finally:
        teardown()
