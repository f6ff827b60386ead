"""Probe tests: how the probe is loaded. libbpf relocates it against the
kernel's BTF cut down to the types it names (src/event/core_btf.c); the
cut must give every CO-RE relocation the result the whole BTF gives."""
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403


def load_log(full):
    """libbpf's messages during one load of the probe."""
    env = dict(os.environ, WTFTOP_LIBBPF_DEBUG="1")
    if full:
        env["WTFTOP_FULL_BTF"] = "1"
    # -M: an idle host may make no system call for minutes, and the load,
    # which is all this test reads, is over before the first event anyway
    r = subprocess.run([WTFTOP, "--stream", "-n", "1", "-M", "2"], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stderr


def relocations(full):
    """libbpf's account of each CO-RE relocation of one load: the local
    type and field, the candidates' count and what each instruction became
    (the kernel's type ids, which the cut renumbers, left out)."""
    return [re.sub(r"\[\d+\] ", "", l) for l in load_log(full).splitlines()
            if re.search(r"relo #\d+: ", l) and "CO-RE" not in l]


def test_cut_btf_relocates_the_probe_as_the_whole_btf_does():
    # compared as sets: the cut's load runs in two threads, whose lines
    # interleave, and each of its two objects relocates the subprograms it
    # calls; each line names its program and relocation
    cut, whole = sorted(set(relocations(False))), sorted(set(relocations(True)))
    patched = [l for l in cut if "patched insn" in l]
    # hundreds of field offsets, sizes and existence checks, and the
    # fields this kernel lacks (older kernels' layouts) found missing
    assert len(patched) > 400, cut[:20]
    assert any("no matching targets found" in l for l in cut), cut[:20]
    assert cut == whole, next(((a, b) for a, b in zip(cut, whole) if a != b), (len(cut), len(whole)))



def test_libbpf_does_not_parse_the_kernels_btf_again():
    # the cut's parse also finds the tracepoints' ids, so libbpf has no
    # reason to load the kernel's BTF, which it does for any tracing program
    loading = "loading kernel BTF '/sys/kernel/btf/vmlinux'"
    assert loading in load_log(True)
    assert loading not in load_log(False)


def attached_then_stopped(args):
    """(program name, link type, raw tracepoint) of each link while
    `wtftop --stream ARGS` runs (nothing else here attaches programs), and
    the seconds from its SIGINT to its exit."""
    def bpftool(what):
        return json.loads(subprocess.run(["bpftool", what, "show", "-j"], capture_output=True, text=True,
                                         check=True).stdout)
    p = subprocess.Popen([WTFTOP, "--stream", "-M", "20"] + args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    links = None
    try:
        deadline, before = time.time() + 15, None
        while time.time() < deadline:
            names = {x["id"]: x.get("name") for x in bpftool("prog")}
            now = sorted((names.get(l["prog_id"]), l["type"], l.get("tp_name")) for l in bpftool("link"))
            # attached: the dispatcher's link is there, and no more come
            if ("sys_exit", "raw_tracepoint", "sys_exit") in now and now == before:
                links = now
                break
            before = now
            assert p.poll() is None, p.stderr.read().decode()
            time.sleep(0.2)
    finally:
        t0 = time.monotonic()
        p.send_signal(signal.SIGINT)
        p.wait(timeout=20)
        stop_s = time.monotonic() - t0
    assert links, "wtftop attached nothing in 15 s"
    return links, stop_s


def test_enter_and_exit_are_the_raw_tracepoints_and_detach_at_once():
    # Timed or not, the enter runs on the raw sys_enter (untimed it returns
    # at once for the syscalls that copy nothing). Not on the kernel's
    # per-syscall tracepoints: each of those is a perf event whose detach
    # waits for RCU grace periods, one after the other (about 70 ms each
    # here), which made a Ctrl-C take 2.5 s.
    for fmt in ("%proc.name %fd.name", "%proc.name %evt.latency"):
        links, stop_s = attached_then_stopped(["-p", fmt])
        assert ("sys_enter", "raw_tracepoint", "sys_enter") in links, (fmt, links)
        assert not [l for l in links if l[1] == "perf_event"], (fmt, links)
        assert stop_s < 1.0, "wtftop took %.1f s to stop (%s)" % (stop_s, fmt)


if __name__ == "__main__":
    run(globals())
