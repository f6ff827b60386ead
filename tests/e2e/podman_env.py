"""Real containers for the e2e tests: podman with runc and its Docker-compatible
API service, set up in a temporary directory (see ../shared/containers.md) and
torn down even when a test fails. Also runc alone under a chosen cgroup path,
for the shapes of runtimes that are not installed (Docker, containerd, cri-o).

    with PodmanEnv() as env:
        env.run("wtf1")             # podman run -d --name wtf1 IMAGE sleep 600
        env.exec("wtf1", "sleep 1; echo hi")
        env.socket                  # the API socket
"""
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

IMAGE = "localhost/wtf-test:latest"
PACKAGES = ["podman", "runc", "busybox-static"]


class Unavailable(Exception):
    """podman cannot run here; the message says why."""


def ensure_packages():
    missing = [p for p in ("podman", "runc", "busybox") if not shutil.which(p)]
    if not missing:
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    r = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + PACKAGES,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=600)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       timeout=600)
        r = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + PACKAGES,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=600)
    if r.returncode != 0 or not shutil.which("podman") or not shutil.which("runc"):
        raise Unavailable("installing %s failed: %s" % (PACKAGES, r.stdout.decode(errors="replace")[-500:]))


def _hard_nofile():
    import resource
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    return 1048576 if hard == resource.RLIM_INFINITY else hard


def _busybox_rootfs(root):
    busybox = shutil.which("busybox")
    os.makedirs(os.path.join(root, "bin"))
    os.makedirs(os.path.join(root, "etc"))
    for d in ("proc", "sys", "dev", "tmp", "root"):
        os.makedirs(os.path.join(root, d))
    shutil.copy(busybox, os.path.join(root, "bin", "busybox"))
    applets = subprocess.run([busybox, "--list"], stdout=subprocess.PIPE, check=True).stdout.decode().split()
    for a in applets:
        if a != "busybox" and not os.path.exists(os.path.join(root, "bin", a)):
            os.symlink("busybox", os.path.join(root, "bin", a))
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\n")


class PodmanEnv:
    def __init__(self):
        self.dir = None
        self.service = None
        self.socket = None
        self.env = None
        self.runc_ids = []
        self.made_cgroups = []  # cgroup directories that did not exist before us

    # -- setup ---------------------------------------------------------------
    def __enter__(self):
        try:
            self._setup()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _setup(self):
        ensure_packages()
        self.dir = tempfile.mkdtemp(prefix="wtf-podman-")
        d = self.dir
        nofile = _hard_nofile()
        with open(os.path.join(d, "containers.conf"), "w") as f:
            f.write('[containers]\ndefault_ulimits = ["nofile=%d:%d", "nproc=32768:32768"]\n'
                    '[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\nevents_logger = "file"\n'
                    'events_logfile_path = "%s/events.log"\n' % (nofile, nofile, d))
        with open(os.path.join(d, "storage.conf"), "w") as f:
            f.write('[storage]\ndriver = "overlay"\ngraphroot = "%s/graph"\nrunroot = "%s/run"\n' % (d, d))
        self.env = dict(os.environ, CONTAINERS_CONF=os.path.join(d, "containers.conf"),
                        CONTAINERS_STORAGE_CONF=os.path.join(d, "storage.conf"), TMPDIR=os.path.join(d, "tmp"))
        os.makedirs(os.path.join(d, "tmp"))
        rootfs = os.path.join(d, "rootfs")
        _busybox_rootfs(rootfs)
        tar = os.path.join(d, "rootfs.tar")
        subprocess.run(["tar", "-C", rootfs, "-cf", tar, "."], check=True)
        self.podman(["import", "--change", 'CMD ["/bin/sh"]', tar, IMAGE])
        self.socket = os.path.join(d, "podman.sock")
        self.service = subprocess.Popen(["podman", "system", "service", "--time=0", "unix://" + self.socket],
                                        env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.api_get("/_ping") is not None:
                return
            time.sleep(0.1)
        raise Unavailable("podman system service did not answer on %s" % self.socket)

    def podman(self, args, check=True, timeout=60):
        r = subprocess.run(["podman"] + args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
        if check and r.returncode != 0:
            raise Unavailable("podman %s: %s" % (" ".join(args), r.stderr.decode(errors="replace")[-800:]))
        return r.stdout.decode(errors="replace")

    def api_get(self, path):
        """GET path from the API service: the decoded body, or None."""
        try:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(2)
            s.connect(self.socket)
            s.sendall(("GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n" % path).encode())
            data = b""
            while True:
                b = s.recv(65536)
                if not b:
                    break
                data += b
            s.close()
        except OSError:
            return None
        head, _, body = data.partition(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n")[0]:
            return None
        return body

    # -- containers ------------------------------------------------------------
    def run(self, name, cmd=("sleep", "600"), options=()):
        """podman run -d --name NAME [options]: returns the full id."""
        return self.podman(["run", "-d", "--network", "none", "--name", name] + list(options) + [IMAGE] +
                           list(cmd)).strip()

    def exec(self, name, script):
        return self.podman(["exec", name, "sh", "-c", script])

    def inspect(self, name):
        return json.loads(self.podman(["inspect", name]))[0]

    def runc_run(self, cgroups_path, cmd=("sleep", "30")):
        """Starts a container with runc alone under cgroups_path, detached;
        returns its id. The container is deleted at close()."""
        cid = "wtf%d%d" % (os.getpid(), len(self.runc_ids))
        bundle = os.path.join(self.dir, "bundle-" + cid)
        os.makedirs(bundle)
        shutil.copytree(os.path.join(self.dir, "rootfs"), os.path.join(bundle, "rootfs"), symlinks=True)
        subprocess.run(["runc", "spec"], cwd=bundle, check=True)
        with open(os.path.join(bundle, "config.json")) as f:
            spec = json.load(f)
        spec["process"]["terminal"] = False
        spec["process"]["args"] = list(cmd)
        spec["process"]["rlimits"] = [r for r in spec["process"].get("rlimits", [])
                                      if r.get("type") != "RLIMIT_NOFILE"]
        spec["linux"]["cgroupsPath"] = cgroups_path
        spec["linux"]["namespaces"] = [n for n in spec["linux"]["namespaces"] if n["type"] != "network"] + \
            [{"type": "network"}]
        with open(os.path.join(bundle, "config.json"), "w") as f:
            json.dump(spec, f)
        root = os.path.join(self.dir, "runc-root")
        self._note_new_cgroups(cgroups_path)
        # detached: the container keeps runc's stdio, so no pipes (they would never end)
        errlog = os.path.join(self.dir, "runc-%s.err" % cid)
        with open(errlog, "w") as err:
            r = subprocess.run(["runc", "--root", root, "run", "-d", "--bundle", bundle, cid],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, timeout=30)
        if r.returncode != 0:
            with open(errlog) as f:
                raise Unavailable("runc run: %s" % f.read()[-500:])
        self.runc_ids.append((cid, cgroups_path))
        return cid

    def _note_new_cgroups(self, cgroups_path):
        """Remembers which directories of cgroups_path runc will create, in
        every hierarchy, to remove them (and only them) at close()."""
        parts = [p for p in cgroups_path.split("/") if p]
        for h in glob.glob("/sys/fs/cgroup/*/") + ["/sys/fs/cgroup/"]:
            if not os.path.exists(os.path.join(h, "cgroup.procs")):
                continue
            for i in range(1, len(parts) + 1):
                d = os.path.join(h, *parts[:i])
                if not os.path.exists(d) and d not in self.made_cgroups:
                    self.made_cgroups.append(d)

    # -- clean-up --------------------------------------------------------------
    def close(self):
        root = os.path.join(self.dir, "runc-root") if self.dir else None
        for cid, cg in self.runc_ids:
            subprocess.run(["runc", "--root", root, "delete", "-f", cid], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=30)
        self.runc_ids = []
        for d in sorted(self.made_cgroups, key=len, reverse=True):
            _rmdir_tree(d)
        self.made_cgroups = []
        if self.env:
            try:
                self.podman(["rm", "-f", "-t", "0", "-a"], check=False, timeout=60)
            except Exception:
                pass
        if self.service:
            self.service.send_signal(signal.SIGTERM)
            try:
                self.service.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.service.kill()
                self.service.wait()
            self.service = None
        if self.dir:
            # what podman left mounted below the temp directory, deepest first
            with open("/proc/self/mountinfo") as f:
                mounts = [l.split()[4] for l in f if l.split()[4].startswith(self.dir)]
            for m in sorted(mounts, key=len, reverse=True):
                subprocess.run(["umount", "-l", m], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # conmon's cgroup empties a moment after podman rm returns
        deadline = time.time() + 5
        while True:
            left = glob.glob("/sys/fs/cgroup/*/libpod_parent") + glob.glob("/sys/fs/cgroup/libpod_parent")
            for p in left:
                _rmdir_tree(p)
            left = [p for p in left if os.path.exists(p)]
            if not left or time.time() > deadline:
                break
            time.sleep(0.2)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def _rmdir_tree(path):
    """Removes an empty cgroup directory tree, children first."""
    if not os.path.isdir(path):
        return
    for d, _, _ in sorted(os.walk(path), key=lambda x: -len(x[0])):
        try:
            os.rmdir(d)
        except OSError:
            pass
