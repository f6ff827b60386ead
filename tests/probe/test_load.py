"""Probe tests: how the probe is loaded. libbpf relocates it against the
kernel's BTF cut down to the types it names (src/event/core_btf.c); the
cut must give every CO-RE relocation the result the whole BTF gives."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403


def relocations(full):
    """libbpf's account of each CO-RE relocation of one load: the local
    type and field, the candidates' count and what each instruction became
    (the kernel's type ids, which the cut renumbers, left out)."""
    env = dict(os.environ, WTFTOP_LIBBPF_DEBUG="1")
    if full:
        env["WTFTOP_FULL_BTF"] = "1"
    # -M: an idle host may make no system call for minutes, and the load,
    # which is all this test reads, is over before the first event anyway
    r = subprocess.run([WTFTOP, "--stream", "-n", "1", "-M", "2"], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = [re.sub(r"\[\d+\] ", "", l) for l in r.stderr.splitlines()
             if re.search(r"relo #\d+: ", l) and "CO-RE" not in l]
    return lines


def test_cut_btf_relocates_the_probe_as_the_whole_btf_does():
    cut, whole = relocations(False), relocations(True)
    patched = [l for l in cut if "patched insn" in l]
    # hundreds of field offsets, sizes and existence checks, and the
    # fields this kernel lacks (older kernels' layouts) found missing
    assert len(patched) > 400, cut[:20]
    assert any("no matching targets found" in l for l in cut), cut[:20]
    assert cut == whole, next(((a, b) for a, b in zip(cut, whole) if a != b), (len(cut), len(whole)))


if __name__ == "__main__":
    run(globals())
