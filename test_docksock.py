"""Tests for docksock, in the module's section order.

The lab comes first: session fixtures that start real daemons for the integration layer (a private
dockerd on a Unix socket and on a TLS loopback port, an sshd in front of it), built only from the
standard library, so a bug in docksock cannot hide a broken lab. Then one section per section of
docksock.py, each with its layers: pure decoding, the in-process fake daemon, the CLI, and the
real Engine.

Environment:
    DOCKSOCK_TEST_HOST=unix:///path   use that daemon instead of starting one (no TLS, no ssh tests)
    DOCKSOCK_TEST_NO_ENGINE=1         skip every test that needs a real daemon
    CI=true                           a missing daemon fails the tests instead of skipping them
"""
import base64
import collections
import datetime
import errno
import fcntl
import gc
import hashlib
import http.client
import http.server
import io
import json
import os
import pathlib
import posixpath
import random
import re
import select
import shutil
import shlex
import signal
import socket
import socketserver
import ssl
import stat
import struct
import subprocess
import sys
import tarfile
import tempfile
import termios
import textwrap
import threading
import time
import traceback
import tracemalloc
import types
import urllib.parse

import pytest

import docksock

HERE = os.path.dirname(os.path.abspath(__file__))
# Every CLI run of the tests checks that no flag it was given went unread (docksock.main).
os.environ["DOCKSOCK_FLAG_AUDIT"] = "1"


# ==== Lab: real daemons started by the tests ====
#
# `lab` is a dockerd 20.10 of our own (or the one DOCKSOCK_TEST_HOST names) holding the image
# local/busybox:latest, imported from the machine's busybox-static, so nothing is ever pulled.
# `ssh_lab` is an sshd on a loopback port whose `docker system dial-stdio` reaches that dockerd.
# The lab talks to the Engine with http.client only; it never uses docksock.

LAB_IMAGE = "local/busybox:latest"
LAB_LABEL = "docksock.test"  # label on everything a test creates, so leftovers are easy to find

# dockerd flags that keep the network rule: no bridge, no iptables, no forwarding or masquerading.
_LAB_NETWORK_FLAGS = ["--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false"]


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env_true(name):
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def _lab_unavailable(reason):
    """Skip, except under CI, which must never skip the integration layer silently."""
    if _env_true("CI") and not _env_true("DOCKSOCK_TEST_NO_ENGINE"):
        pytest.fail("CI needs a real daemon: " + reason, pytrace=False)
    pytest.skip(reason)


def _tail(path, lines=40):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError as e:
        return "(no log: %s)" % e
    return "\n".join(text.splitlines()[-lines:])


class _LabUnixConnection(http.client.HTTPConnection):
    """HTTP over the daemon's Unix socket, for the lab's own requests."""

    def __init__(self, path, timeout=60):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.unix_path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def _lab_request(sock_path, method, path, body=None, headers=None, timeout=60):
    """One request to the daemon at sock_path: (status, headers, body bytes)."""
    headers = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    conn = _LabUnixConnection(sock_path, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def _lab_ping(sock_path):
    try:
        return _lab_request(sock_path, "GET", "/_ping", timeout=5)[0] == 200
    except OSError:
        return False


def _json_stream(data):
    """The objects of a JSON stream (concatenated or newline-separated), as a list."""
    text = data.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    out, pos = [], 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos == len(text):
            return out
        obj, pos = decoder.raw_decode(text, pos)
        out.append(obj)


# -- The busybox image --------------------------------------------------------------------------


def _busybox_binary():
    """Debian busybox-static's binary; a dynamically linked busybox would not run in the image."""
    for path in (shutil.which("busybox"), "/bin/busybox", "/usr/bin/busybox"):
        if path and os.path.isfile(path):
            break
    else:
        return None, "no busybox binary (apt-get install busybox-static)"
    with open(path, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2:  # ELFCLASS64
            return None, path + " is not a 64-bit ELF binary"
        phoff, = struct.unpack_from("<Q", head, 32)
        phentsize, phnum = struct.unpack_from("<HH", head, 54)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    for i in range(phnum):
        if struct.unpack_from("<I", table, i * phentsize)[0] == 3:  # PT_INTERP: dynamically linked
            return None, path + " is dynamically linked (apt-get install busybox-static)"
    return path, None


def _busybox_rootfs_tar(busybox):
    """A root filesystem tar: bin/busybox, one symlink per applet, a minimal etc."""
    applets = subprocess.run([busybox, "--list"], stdout=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout.split()
    buf = io.BytesIO()
    mtime = int(time.time())

    def add(name, kind=tarfile.REGTYPE, mode=0o644, data=b"", linkname=""):
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.mtime, info.linkname = kind, mode, mtime, linkname
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.size = len(data) if kind == tarfile.REGTYPE else 0
        tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)

    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for d, mode in (("bin", 0o755), ("dev", 0o755), ("etc", 0o755), ("proc", 0o555),
                        ("root", 0o700), ("sys", 0o555), ("tmp", 0o1777)):
            add(d, tarfile.DIRTYPE, mode)
        with open(busybox, "rb") as f:
            add("bin/busybox", mode=0o755, data=f.read())
        for applet in sorted(set(applets) - {"busybox"}):
            add("bin/" + applet, tarfile.SYMTYPE, 0o777, linkname="busybox")
        add("etc/passwd", data=b"root:x:0:0:root:/root:/bin/sh\n"
                               b"nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
        add("etc/group", data=b"root:x:0:\nnobody:x:65534:\n")
    return buf.getvalue()


def _lab_ensure_image(sock_path):
    """Import local/busybox:latest into the daemon unless it is there already."""
    status = _lab_request(sock_path, "GET", "/images/%s/json" % LAB_IMAGE)[0]
    if status == 200:
        return
    busybox, why = _busybox_binary()
    if busybox is None:
        _lab_unavailable(why)
    repo, tag = LAB_IMAGE.rsplit(":", 1)
    query = urllib.parse.urlencode([("fromSrc", "-"), ("repo", repo), ("tag", tag),
                                    ("changes", 'CMD ["/bin/sh"]')], quote_via=urllib.parse.quote)
    status, _, body = _lab_request(sock_path, "POST", "/images/create?" + query,
                                   body=_busybox_rootfs_tar(busybox),
                                   headers={"Content-Type": "application/x-tar"}, timeout=300)
    if status != 200:
        raise RuntimeError("importing %s: HTTP %d: %r" % (LAB_IMAGE, status, body[:500]))
    for record in _json_stream(body):
        if isinstance(record, dict) and ("error" in record or "errorDetail" in record):
            raise RuntimeError("importing %s: %r" % (LAB_IMAGE, record))
    if _lab_request(sock_path, "GET", "/images/%s/json" % LAB_IMAGE)[0] != 200:
        raise RuntimeError("%s is missing after its import: %r" % (LAB_IMAGE, body[:500]))


# -- TLS material -------------------------------------------------------------------------------

# Our own extension sections, so the certificates do not depend on the machine's openssl.cnf.
# Python 3.13's default context sets VERIFY_X509_STRICT, which wants keyUsage on the CA and key
# identifiers on every certificate.
_LAB_OPENSSL_CNF = """\
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
"""


def _openssl(*args):
    proc = subprocess.run(["openssl"] + list(args), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s failed:\n%s" % (" ".join(args), proc.stdout))


def _lab_make_ca(directory, cnf, name):
    os.makedirs(directory, exist_ok=True)
    key, cert = os.path.join(directory, "ca-key.pem"), os.path.join(directory, "ca.pem")
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
    _openssl("req", "-new", "-x509", "-key", key, "-out", cert, "-days", "3",
             "-subj", "/CN=" + name, "-config", cnf, "-extensions", "ca")
    return cert, key


def _lab_make_cert(ca, kind, cn, cert, key, serial):
    """A key and a certificate of kind "server" or "client" signed by ca = (cert, key)."""
    cnf = os.path.join(os.path.dirname(ca[0]), "openssl.cnf")
    csr = cert + ".csr"
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
    _openssl("req", "-new", "-key", key, "-out", csr, "-subj", "/CN=" + cn, "-config", cnf)
    _openssl("x509", "-req", "-in", csr, "-CA", ca[0], "-CAkey", ca[1], "-set_serial", str(serial),
             "-days", "3", "-extfile", cnf, "-extensions", kind, "-out", cert)
    os.remove(csr)
    os.chmod(key, 0o600)


def _lab_tls(root):
    """CA, server and client material under root; returns (client dir, server dir, wrong ca.pem).

    The client dir holds ca.pem, cert.pem, key.pem: the layout of DOCKER_CERT_PATH.
    """
    if shutil.which("openssl") is None:
        _lab_unavailable("no openssl (apt-get install openssl)")
    ca_dir, client, server, wrong = (os.path.join(root, d) for d in ("ca", "tls", "tls-server",
                                                                      "wrong-ca"))
    for d in (ca_dir, client, server, wrong):
        os.makedirs(d)
        with open(os.path.join(d, "openssl.cnf"), "w") as f:
            f.write(_LAB_OPENSSL_CNF)
    ca = _lab_make_ca(ca_dir, os.path.join(ca_dir, "openssl.cnf"), "docksock test CA")
    _lab_make_cert(ca, "server", "localhost", os.path.join(server, "cert.pem"),
                   os.path.join(server, "key.pem"), 2)
    _lab_make_cert(ca, "client", "docksock-client", os.path.join(client, "cert.pem"),
                   os.path.join(client, "key.pem"), 3)
    for d in (client, server):
        shutil.copy(ca[0], os.path.join(d, "ca.pem"))
        os.remove(os.path.join(d, "openssl.cnf"))
    wrong_ca = _lab_make_ca(wrong, os.path.join(wrong, "openssl.cnf"), "unrelated CA")[0]
    return client, server, wrong_ca


# -- Processes and mounts -----------------------------------------------------------------------


def _stop_process(proc, grace):
    """SIGTERM, wait up to grace seconds, SIGKILL; then kill what is left of its own session."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    try:  # started with start_new_session=True, so its pid is its process group id
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass


def _unmount_under(root):
    """Lazily unmount whatever dockerd or containerd left mounted under root, deepest first."""
    try:
        with open("/proc/self/mountinfo") as f:
            points = [line.split()[4] for line in f]
    except OSError:
        return
    points = [p.replace("\\040", " ") for p in points]
    for point in sorted({p for p in points if p == root or p.startswith(root + "/")},
                        key=len, reverse=True):
        subprocess.run(["umount", "-l", point], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def _which_sbin(name):
    path = os.environ.get("PATH", "") + os.pathsep + "/usr/local/sbin:/usr/sbin:/sbin"
    return shutil.which(name, path=path)


def _wait_for(predicate, timeout, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.1)
    return predicate()


# -- Fixtures -----------------------------------------------------------------------------------


class _Lab:
    """The daemon the integration tests use.

    Attributes: sock (Unix socket path), host ("unix://" + sock), image (LAB_IMAGE),
    tls_host ("tcp://127.0.0.1:PORT" of the same daemon, requiring client certificates, or None),
    tls_dir (client ca.pem, cert.pem, key.pem, or None), wrong_ca (an unrelated CA's ca.pem, or
    None), data_dir (the lab's private temporary directory), external (True for
    DOCKSOCK_TEST_HOST).
    """

    def __init__(self, sock, data_dir, external, tls_host=None, tls_dir=None, wrong_ca=None):
        self.sock = sock
        self.host = "unix://" + sock
        self.image = LAB_IMAGE
        self.tls_host = tls_host
        self.tls_dir = tls_dir
        self.wrong_ca = wrong_ca
        self.data_dir = data_dir
        self.external = external
        # Podman's Docker-compatible API: its known differences are marked where they matter
        self.podman, version = _lab_server(sock)
        self.api_version = version.get("ApiVersion")


def _lab_server(sock):
    """(whether it is Podman, the answer of GET /version) for the daemon on sock."""
    status, headers, body = _lab_request(sock, "GET", "/version")
    version = json.loads(body.decode("utf-8"))
    components = [c.get("Name", "") for c in version.get("Components") or ()]
    podman = any("Podman" in name for name in components) or \
        "libpod" in (headers.get("Server") or "").lower()
    return podman, version


def _lab_external(url):
    if not url.startswith("unix://"):
        pytest.fail("DOCKSOCK_TEST_HOST must be unix:///path, not %r" % url, pytrace=False)
    sock = url[len("unix://"):]
    if not _lab_ping(sock):
        pytest.fail("DOCKSOCK_TEST_HOST=%s does not answer GET /_ping" % url, pytrace=False)
    _lab_ensure_image(sock)
    return sock


def _lab_start_dockerd(dockerd, root):
    """Start dockerd on root/docker.sock and a TLS loopback port; returns (proc, sock, tls_host)."""
    client_dir, server_dir, _ = _lab_tls(root)
    sock = os.path.join(root, "docker.sock")
    port = free_port()
    config = os.path.join(root, "daemon.json")
    with open(config, "w") as f:
        f.write("{}\n")  # never the machine's /etc/docker/daemon.json
    args = [
        dockerd,
        "--config-file", config,
        "--host", "unix://" + sock,
        "--host", "tcp://127.0.0.1:%d" % port,
        "--tlsverify",
        "--tlscacert", os.path.join(server_dir, "ca.pem"),
        "--tlscert", os.path.join(server_dir, "cert.pem"),
        "--tlskey", os.path.join(server_dir, "key.pem"),
        "--data-root", os.path.join(root, "data"),
        "--exec-root", os.path.join(root, "exec"),
        "--pidfile", os.path.join(root, "docker.pid"),
        "--shutdown-timeout", "3",  # containers a test left running do not hold up teardown
    ] + _LAB_NETWORK_FLAGS
    log_path = os.path.join(root, "dockerd.log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    if not _wait_for(lambda: _lab_ping(sock), 30, proc):
        _stop_process(proc, 20)
        raise RuntimeError("dockerd did not answer GET /_ping on %s (exit status %s); its log "
                           "ends:\n%s" % (sock, proc.returncode, _tail(log_path)))
    return proc, sock, "tcp://127.0.0.1:%d" % port


@pytest.fixture(scope="session")
def lab():
    """The real daemon: DOCKSOCK_TEST_HOST's, or a private dockerd started here (as root)."""
    if _env_true("DOCKSOCK_TEST_NO_ENGINE"):
        _lab_unavailable("DOCKSOCK_TEST_NO_ENGINE is set")
    url = os.environ.get("DOCKSOCK_TEST_HOST", "")
    if url:
        data_dir = tempfile.mkdtemp(prefix="dks-", dir="/tmp")
        try:
            yield _Lab(_lab_external(url), data_dir, external=True)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        return

    if os.geteuid() != 0:
        _lab_unavailable("starting a private dockerd needs root (or set DOCKSOCK_TEST_HOST)")
    dockerd = _which_sbin("dockerd")
    if dockerd is None:
        _lab_unavailable("no dockerd on PATH (apt-get install docker.io, or set "
                         "DOCKSOCK_TEST_HOST)")
    # Short and under /tmp, never $TMPDIR: Unix socket paths are limited to 108 bytes, and
    # dockerd nests containerd's sockets under the exec root.
    root = tempfile.mkdtemp(prefix="dks-", dir="/tmp")
    proc = None
    try:
        proc, sock, tls_host = _lab_start_dockerd(dockerd, root)
        _lab_ensure_image(sock)
        yield _Lab(sock, root, external=False, tls_host=tls_host,
                   tls_dir=os.path.join(root, "tls"),
                   wrong_ca=os.path.join(root, "wrong-ca", "ca.pem"))
    finally:
        if proc is not None:
            _stop_process(proc, 20)
        _unmount_under(root)
        shutil.rmtree(root, ignore_errors=True)


class _SshLab:
    """An sshd on 127.0.0.1 in front of the lab's daemon.

    Attributes: url ("ssh://root@127.0.0.1:PORT/path/of/the/daemon.sock"), port, key (the client's
    private key), ssh_options (the ssh arguments that use that key and trust any host key, quietly).
    """

    def __init__(self, url, port, key, ssh_options):
        self.url = url
        self.port = port
        self.key = key
        self.ssh_options = ssh_options


_PING_REQUEST = b"GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"


def _ssh_dial_stdio(ssh_lab, sock, request=_PING_REQUEST, timeout=60):
    """Send raw bytes through `ssh ... docker system dial-stdio`: the completed process."""
    args = (["ssh"] + ssh_lab.ssh_options + ["-p", str(ssh_lab.port), "root@127.0.0.1",
            "docker", "--host=unix://" + sock, "system", "dial-stdio"])
    return subprocess.run(args, input=request, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout)


@pytest.fixture(scope="session")
def ssh_lab(lab):
    """A private sshd on a loopback port, logging in as root with a key made here."""
    if os.geteuid() != 0:
        _lab_unavailable("the ssh lab logs in as root, so it needs root")
    sshd = _which_sbin("sshd")
    tools = {"sshd": sshd, "ssh": shutil.which("ssh"), "ssh-keygen": shutil.which("ssh-keygen"),
             "docker": _which_sbin("docker")}
    missing = sorted(name for name, path in tools.items() if path is None)
    if missing:
        _lab_unavailable("missing %s (apt-get install openssh-server openssh-client docker.io)"
                         % ", ".join(missing))
    root = os.path.join(lab.data_dir, "ssh")
    os.makedirs(root)
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation dir
    host_key, key = os.path.join(root, "host_key"), os.path.join(root, "client_key")
    for path in (host_key, key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "docksock-test",
                        "-f", path], stdin=subprocess.DEVNULL, check=True)
    shutil.copy(key + ".pub", os.path.join(root, "authorized_keys"))
    port = free_port()
    config = os.path.join(root, "sshd_config")
    with open(config, "w") as f:
        f.write("\n".join([
            "ListenAddress 127.0.0.1:%d" % port,
            "HostKey " + host_key,
            "AuthorizedKeysFile " + os.path.join(root, "authorized_keys"),
            "PidFile " + os.path.join(root, "sshd.pid"),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "",
        ]))
    log_path = os.path.join(root, "sshd.log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sshd, "-D", "-e", "-f", config], stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not _wait_for(lambda: _ssh_banner(port), 15, proc):
            raise RuntimeError("sshd did not listen on 127.0.0.1:%d; its log ends:\n%s"
                               % (port, _tail(log_path)))
        opts = ["-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]
        ssh_lab = _SshLab("ssh://root@127.0.0.1:%d%s" % (port, lab.sock), port, key, opts)
        done = _ssh_dial_stdio(ssh_lab, lab.sock)
        if not done.stdout.startswith(b"HTTP/1.1 200"):
            raise RuntimeError("ssh ... docker system dial-stdio did not reach the daemon (exit "
                               "status %d): stdout %r, stderr %r; sshd's log ends:\n%s"
                               % (done.returncode, done.stdout[:300], done.stderr[-1000:],
                                  _tail(log_path)))
        yield ssh_lab
    finally:
        _stop_process(proc, 10)


def _ssh_banner(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            return s.recv(64).startswith(b"SSH-")
    except OSError:
        return False


# -- Smoke tests of the lab itself --------------------------------------------------------------


# -- A registry ---------------------------------------------------------------------------------
#
# `registry` is Debian's docker-registry (distribution 2.8) on 127.0.0.1:5000 with htpasswd basic
# auth, storing under the lab's directory.  The Engine treats 127.0.0.0/8 registries as insecure,
# so the lab's dockerd pushes and pulls there over plain HTTP with X-Registry-Auth.

# 127.0.0.1:5000, else the first free port of these (.ci/engines lists them all as insecure
# registries for Podman, which unlike Docker does not take 127.0.0.0/8 as plain HTTP by itself),
# else any free port.
REGISTRY_PORTS = tuple(range(5000, 5010))
REGISTRY_USER = "dksuser"
REGISTRY_PASSWORD = "dkspass"


class _Registry:
    """The registry the integration tests push to and pull from.

    Attributes: address ("127.0.0.1:5000"), username, password, root (its directory: config.yml,
    htpasswd, data/, registry.log).
    """

    def __init__(self, address, username, password, root):
        self.address = address
        self.username = username
        self.password = password
        self.root = root


def _registry_status(address, credentials=None, timeout=5):
    """The status of GET /v2/ on the registry (None when nothing answers), optionally with
    (username, password) as basic auth.  http.client only: the lab never uses docksock."""
    host, port = address.rsplit(":", 1)
    headers = {}
    if credentials:
        token = base64.b64encode(("%s:%s" % credentials).encode("utf-8")).decode("ascii")
        headers["Authorization"] = "Basic " + token
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", "/v2/", headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


def _loopback_port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


_REGISTRY_CONFIG = """\
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: {root}/data
  delete:
    enabled: true
http:
  addr: {address}
  secret: {secret}
auth:
  htpasswd:
    realm: docksock-test
    path: {root}/htpasswd
"""


@pytest.fixture(scope="session")
def registry(lab):
    """docker-registry on 127.0.0.1:5000 (the next free port of REGISTRY_PORTS if that one is
    taken) with basic auth for REGISTRY_USER / REGISTRY_PASSWORD."""
    tools = {"docker-registry": _which_sbin("docker-registry"), "htpasswd": _which_sbin("htpasswd")}
    missing = sorted(name for name, path in tools.items() if path is None)
    if missing:
        _lab_unavailable("missing %s (apt-get install docker-registry apache2-utils)"
                         % ", ".join(missing))
    root = os.path.join(lab.data_dir, "registry")
    os.makedirs(os.path.join(root, "data"))
    # distribution 2.8 only takes bcrypt entries, which the standard library cannot make.
    entry = subprocess.run([tools["htpasswd"], "-Bbn", REGISTRY_USER, REGISTRY_PASSWORD],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, check=True).stdout
    with open(os.path.join(root, "htpasswd"), "wb") as f:
        f.write(entry.strip() + b"\n")
    port = next((p for p in REGISTRY_PORTS if _loopback_port_free(p)), None) or free_port()
    address = "127.0.0.1:%d" % port
    config = os.path.join(root, "config.yml")
    with open(config, "w") as f:
        # our own file, never /etc/docker/registry/config.yml; the secret signs upload state
        f.write(_REGISTRY_CONFIG.format(root=root, address=address, secret=os.urandom(16).hex()))
    log_path = os.path.join(root, "registry.log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([tools["docker-registry"], "serve", config],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        if not _wait_for(lambda: _registry_status(address) == 401, 30, proc):
            raise RuntimeError("docker-registry did not answer GET /v2/ with 401 on %s (exit "
                               "status %s); its log ends:\n%s"
                               % (address, proc.poll(), _tail(log_path)))
        if lab.podman:
            # known difference (Podman): its /auth (a login through the daemon) talks plain
            # HTTP only to a registry named localhost:PORT: it forces TLS for any other name,
            # whatever registries.conf says (test_login_through_the_api_is_kept_for_pulls
            # checks that), while pushes and pulls follow registries.conf, where .ci/engines
            # lists REGISTRY_PORTS as insecure.  So the same registry, by the name localhost.
            address = "localhost:%d" % port
        yield _Registry(address, REGISTRY_USER, REGISTRY_PASSWORD, root)
    finally:
        _stop_process(proc, 10)


# -- The swarm lab: two dockerds in a swarm ----------------------------------------------------
#
# `swarm_lab` (session) is two dockerds of our own in one network namespace that has only `lo`: a
# manager (127.0.0.1:2377) and a worker (127.0.0.2:2377) that joined it, both Ready, both holding
# local/busybox:latest.  `swarm` (per test) is the same lab, first put back into that state: a test
# may drain, promote, demote, leave, remove nodes, update the swarm's spec; _swarm_reset undoes it.
# Swarm tests get daemons of their own because init, join and leave change a daemon's state.
#
# The namespace keeps the network rule: swarm's task manager tries to pull every service image from
# Docker Hub before it falls back to the local copy (and GET /distribution/NAME/json, which
# `docker service create` calls to pin the digest, asks the registry too); without a route both fail
# at once ("network is unreachable") and the local image is used.  Task containers get the default
# network mode ("default" on 20.10, "bridge" on 28.5), which --bridge=none leaves without an
# interface: they have only `lo`.
#
# DOCKSOCK_TEST_SWARM_DOCKERD=/path/to/dockerd chooses the daemon (default: dockerd on PATH,
# Debian's 20.10); DOCKSOCK_TEST_SWARM_PATH is put first on its PATH (the 28.5 engine of
# .ci/engines needs its own containerd and shim there: $DOCKSOCK_CI_CACHE/engines/sid/bin).
# DOCKSOCK_TEST_SWARM=0 skips the swarm tests (for runs against another server, where the swarm
# would only repeat what the main run proved).

SWARM_MANAGER_ADDR = "127.0.0.1"
SWARM_WORKER_ADDR = "127.0.0.2"
SWARM_PORT = 2377
_SWARM_TASK_LABEL = "com.docker.swarm.service.id"  # on every task container


def _swarm_json(sock, method, path, body=None, expect=(200,), timeout=60):
    """A request to a swarm node: the decoded JSON answer (None for an empty body); a status not
    in `expect` raises, naming the request and the Engine's message."""
    status, _, data = _lab_request(sock, method, path, body=body, timeout=timeout)
    if status not in expect:
        raise RuntimeError("%s %s on %s: HTTP %d: %s"
                           % (method, path, sock, status, data[:500].decode("utf-8", "replace")))
    return json.loads(data.decode("utf-8")) if data.strip() else None


def _swarm_filters(**filters):
    return urllib.parse.quote(json.dumps({k: [v] for k, v in filters.items()}))


class _SwarmNode:
    """One dockerd of the swarm lab.

    Attributes: name ("manager" or "worker"), hostname ("swarm-manager", "swarm-worker": each
    daemon has a UTS namespace of its own), root (its directory), sock, host ("unix://" + sock),
    addr (its swarm address, 127.0.0.x), log (dockerd's output), proc (the dockerd process: its pid
    is dockerd's own, since unshare, sh and nsenter all exec in place), node_id (its swarm node
    ID; the worker gets a new one each time it joins again).
    """

    def __init__(self, name, root, addr):
        self.name = name
        self.hostname = "swarm-" + name
        self.root = root
        self.sock = os.path.join(root, "d.sock")
        self.host = "unix://" + self.sock
        self.addr = addr
        self.log = os.path.join(root, "dockerd.log")
        self.proc = None
        self.node_id = None


class _SwarmLab:
    """The two-node swarm.

    Attributes: manager, worker (_SwarmNode), nodes (both), root (the lab's directory), image
    (LAB_IMAGE), version (the manager's GET /version), api_version, spec (the swarm's Spec right
    after init, which _swarm_reset restores), netns_pid (the pid whose network namespace both
    daemons share: the manager's dockerd).
    """

    def __init__(self, root, manager, worker):
        self.root = root
        self.manager = manager
        self.worker = worker
        self.nodes = (manager, worker)
        self.image = LAB_IMAGE
        self.version = self.api_version = self.spec = None
        self.netns_pid = None


def _swarm_dockerd():
    """(dockerd, directory to put first on its PATH or None), as the environment says."""
    dockerd = os.environ.get("DOCKSOCK_TEST_SWARM_DOCKERD") or _which_sbin("dockerd")
    if not dockerd or not os.access(dockerd, os.X_OK):
        _lab_unavailable("no dockerd for the swarm lab (apt-get install docker.io, or set "
                         "DOCKSOCK_TEST_SWARM_DOCKERD)")
    return dockerd, os.environ.get("DOCKSOCK_TEST_SWARM_PATH") or None


def _swarm_start_dockerd(node, dockerd, path_first=None, netns_pid=None, offline_images=False):
    """Start node's dockerd with its files under node.root and node.hostname as its host name.
    Without netns_pid, in a new network namespace that has only lo, up; with it, in that
    process's network namespace.
    offline_images sets DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1: the task manager then never tries
    to pull a service's image (the namespace makes the attempt harmless anyway)."""
    os.makedirs(node.root)
    config = os.path.join(node.root, "daemon.json")
    with open(config, "w") as f:
        f.write("{}\n")  # never the machine's /etc/docker/daemon.json
    args = [
        dockerd,
        "--config-file", config,
        "--host", node.host,
        "--data-root", os.path.join(node.root, "data"),
        "--exec-root", os.path.join(node.root, "x"),
        "--pidfile", os.path.join(node.root, "d.pid"),
        "--shutdown-timeout", "3",
    ] + _LAB_NETWORK_FLAGS
    env = dict(os.environ)
    if path_first:
        env["PATH"] = path_first + os.pathsep + env.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
    if offline_images:
        env["DOCKER_SERVICE_PREFER_OFFLINE_IMAGE"] = "1"
    tools = [_which_sbin(name) for name in ("unshare", "nsenter", "ip", "sh")]
    if None in tools:
        _lab_unavailable("the swarm lab needs unshare, nsenter, ip and sh (util-linux, iproute2)")
    unshare, nsenter, ip, sh = tools
    # Each daemon also gets a UTS namespace of its own, to tell the nodes apart by host name
    # (GET /nodes Description.Hostname, `node ls`, node.hostname constraints).  The shell gets
    # the host name as $0 and dockerd's command line as "$@", words it does not parse.
    script = 'echo "$0" > /proc/sys/kernel/hostname && exec "$@"'
    if netns_pid is None:
        script = ip + " link set lo up && " + script
        args = [unshare, "--net", "--uts", "--", sh, "-c", script, node.hostname] + args
    else:
        args = [nsenter, "--target", str(netns_pid), "--net", "--", unshare, "--uts", "--", sh,
                "-c", script, node.hostname] + args
    with open(node.log, "wb") as log:
        node.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT, env=env, start_new_session=True)
    if not _wait_for(lambda: _lab_ping(node.sock), 60, node.proc):
        raise RuntimeError("the swarm %s's dockerd did not answer GET /_ping on %s (exit status "
                           "%s); its log ends:\n%s"
                           % (node.name, node.sock, node.proc.poll(), _tail(node.log)))


def _swarm_state(node):
    """The node's own view: GET /info's Swarm (NodeID, LocalNodeState, ControlAvailable ...)."""
    return _swarm_json(node.sock, "GET", "/info")["Swarm"]


def _swarm_leave(node):
    """POST /swarm/leave?force=1; a node that is in no swarm (503) is fine."""
    _swarm_json(node.sock, "POST", "/swarm/leave?force=1", expect=(200, 503), timeout=120)


def _swarm_init(lab):
    m = lab.manager
    m.node_id = _swarm_json(m.sock, "POST", "/swarm/init", body={
        "ListenAddr": "%s:%d" % (m.addr, SWARM_PORT),
        "AdvertiseAddr": "%s:%d" % (m.addr, SWARM_PORT),
        # heartbeats every second (default 5s): a node that left or stopped is Down sooner
        "Spec": {"Dispatcher": {"HeartbeatPeriod": 1000000000}},
    })
    lab.spec = _swarm_json(m.sock, "GET", "/swarm")["Spec"]


def _swarm_join(lab):
    m, w = lab.manager, lab.worker
    token = _swarm_json(m.sock, "GET", "/swarm")["JoinTokens"]["Worker"]
    _swarm_json(w.sock, "POST", "/swarm/join", body={
        "ListenAddr": "%s:%d" % (w.addr, SWARM_PORT),
        "AdvertiseAddr": "%s:%d" % (w.addr, SWARM_PORT),
        "RemoteAddrs": ["%s:%d" % (m.addr, SWARM_PORT)],
        "JoinToken": token,
    }, timeout=120)
    w.node_id = _swarm_state(w)["NodeID"]


def _swarm_nodes_as_formed(lab):
    """GET /nodes on the manager: exactly our two nodes, Ready, active, with their roles."""
    try:
        nodes = _swarm_json(lab.manager.sock, "GET", "/nodes", timeout=10)
    except (OSError, RuntimeError):
        return False
    want = {lab.manager.node_id: "manager", lab.worker.node_id: "worker"}
    return sorted(want) == sorted(n["ID"] for n in nodes) and all(
        n["Spec"]["Role"] == want[n["ID"]] and n["Spec"]["Availability"] == "active"
        and n["Status"]["State"] == "ready" for n in nodes)


def _swarm_update_node(sock, node_id, **spec):
    """POST /nodes/ID/update on the manager at sock with the node's spec changed as given."""
    node = _swarm_json(sock, "GET", "/nodes/" + node_id)
    new = dict(node["Spec"], **spec)
    _swarm_json(sock, "POST", "/nodes/%s/update?version=%d" % (node_id, node["Version"]["Index"]),
                body=new)


def _swarm_tasks(lab, service_id, desired="running"):
    """The service's tasks whose desired state is `desired` (all of them for None)."""
    filters = {"service": service_id}
    if desired:
        filters["desired-state"] = desired
    return _swarm_json(lab.manager.sock, "GET", "/tasks?filters=" + _swarm_filters(**filters))


def _swarm_wait_tasks(lab, service_id, count, state="running", node_id=None, timeout=60):
    """Wait until `count` tasks of the service are in `state` (on node_id, if given); returns the
    tasks that are, or raises naming what the tasks were doing."""
    seen = []

    def done():
        seen[:] = _swarm_tasks(lab, service_id, desired=None)
        hits = [t for t in seen if t["Status"]["State"] == state
                and (node_id is None or t.get("NodeID") == node_id)]
        return len(hits) == count

    if not _wait_for(done, timeout):
        raise RuntimeError("service %s: not %d tasks %s%s within %ds: %s"
                           % (service_id, count, state, " on " + node_id if node_id else "",
                              timeout, [(t.get("NodeID"), t["Status"]["State"],
                                         t["Status"].get("Err")) for t in seen]))
    return [t for t in seen if t["Status"]["State"] == state
            and (node_id is None or t.get("NodeID") == node_id)]


def _swarm_reset(lab):
    """Put the swarm back as _swarm_start formed it, whatever a test did: the manager manages,
    the worker is in the swarm as a worker, both active without labels, no other node entries,
    the swarm's spec as after init, and no services, secrets, configs or swarm networks but
    ingress (task containers are force-removed, so nothing waits for a stop grace period)."""
    m, w = lab.manager, lab.worker
    ms = _swarm_state(m)
    if ms["LocalNodeState"] != "active" or not ms["ControlAvailable"]:
        # The manager left, was demoted (the worker may lead now) or the swarm lost its quorum:
        # form a new swarm.  Promoting the manager back through the worker would keep the old
        # one, but the Raft takes 10 to 40 seconds to settle after a leader's demotion.
        for node in (w, m):
            _swarm_leave(node)
        _swarm_init(lab)
        ms = _swarm_state(m)
    m.node_id = ms["NodeID"]
    nodes = {n["ID"]: n for n in _swarm_json(m.sock, "GET", "/nodes")}
    ws = _swarm_state(w)
    if ws["NodeID"] in nodes and "ManagerStatus" in nodes[ws["NodeID"]]:
        # a test promoted the worker: demote it first (a forced leave of one of two managers
        # would cost the swarm its quorum)
        _swarm_update_node(m.sock, ws["NodeID"], Role="worker")
        _wait_for(lambda: "ManagerStatus" not in _swarm_json(m.sock, "GET", "/nodes/" +
                                                             ws["NodeID"]), 60)
        _wait_for(lambda: not _swarm_state(w)["ControlAvailable"], 60)
    # A node that was once a manager keeps data-root/swarm/raft, and promoting it again takes
    # about 30 seconds (a fresh node: 1 or 2); leaving and joining again makes it fresh.
    was_manager = os.path.isdir(os.path.join(w.root, "data", "swarm", "raft"))
    if ws["LocalNodeState"] != "active" or ws["NodeID"] not in nodes or was_manager:
        _swarm_leave(w)
        _swarm_join(lab)
    w.node_id = _swarm_state(w)["NodeID"]
    for node_id in set(nodes) - {m.node_id, w.node_id}:  # e.g. the worker's entry before it left
        _swarm_json(m.sock, "DELETE", "/nodes/%s?force=1" % node_id, expect=(200, 404))
    for node, role in ((w, "worker"), (m, "manager")):
        node_spec = _swarm_json(m.sock, "GET", "/nodes/" + node.node_id)["Spec"]
        if node_spec != {"Labels": {}, "Role": role, "Availability": "active"}:
            _swarm_update_node(m.sock, node.node_id, Labels={}, Role=role, Availability="active")
    swarm = _swarm_json(m.sock, "GET", "/swarm")
    if swarm["Spec"] != lab.spec:
        _swarm_json(m.sock, "POST", "/swarm/update?version=%d" % swarm["Version"]["Index"],
                    body=lab.spec)
    for service in _swarm_json(m.sock, "GET", "/services"):
        _swarm_json(m.sock, "DELETE", "/services/" + service["ID"], expect=(200, 404))
    for kind in ("secrets", "configs"):
        for obj in _swarm_json(m.sock, "GET", "/" + kind):
            _swarm_json(m.sock, "DELETE", "/%s/%s" % (kind, obj["ID"]), expect=(204, 404))
    for network in _swarm_json(m.sock, "GET", "/networks?filters=" + _swarm_filters(scope="swarm")):
        if not network.get("Ingress"):
            _swarm_json(m.sock, "DELETE", "/networks/" + network["Id"], expect=(204, 404))
    for node in (m, w):
        path = "/containers/json?all=1&filters=" + _swarm_filters(label=_SWARM_TASK_LABEL)
        for container in _swarm_json(node.sock, "GET", path):
            _swarm_json(node.sock, "DELETE", "/containers/%s?force=1" % container["Id"],
                        expect=(204, 404, 409))  # 409: already being removed by swarm
    if not _wait_for(lambda: _swarm_nodes_as_formed(lab), 60):
        raise RuntimeError("the swarm lab is not back to its two Ready nodes: %s"
                           % _swarm_json(m.sock, "GET", "/nodes"))


def _swarm_start(dockerd, path_first=None, root=None, offline_images=False):
    """Start the manager and, in its network namespace, the worker; import the image into each;
    init the swarm on the manager, join the worker; returns the _SwarmLab once GET /nodes shows
    both Ready.  On any failure, what was started is stopped again before the error propagates."""
    # Short and under /tmp: Unix socket paths are limited to 108 bytes, and dockerd nests
    # containerd's sockets under the exec root.
    root = root or tempfile.mkdtemp(prefix="dksw-", dir="/tmp")
    lab = _SwarmLab(root, _SwarmNode("manager", os.path.join(root, "m"), SWARM_MANAGER_ADDR),
                    _SwarmNode("worker", os.path.join(root, "w"), SWARM_WORKER_ADDR))
    try:
        _swarm_start_dockerd(lab.manager, dockerd, path_first, offline_images=offline_images)
        lab.netns_pid = lab.manager.proc.pid
        _swarm_start_dockerd(lab.worker, dockerd, path_first, netns_pid=lab.netns_pid,
                             offline_images=offline_images)
        for node in lab.nodes:
            _lab_ensure_image(node.sock)
        lab.version = _swarm_json(lab.manager.sock, "GET", "/version")
        lab.api_version = lab.version.get("ApiVersion")
        _swarm_init(lab)
        _swarm_join(lab)
        if not _wait_for(lambda: _swarm_nodes_as_formed(lab), 60):
            raise RuntimeError("the swarm did not get its two Ready nodes: %s"
                               % _swarm_json(lab.manager.sock, "GET", "/nodes"))
        return lab
    except BaseException:
        _swarm_stop(lab)
        raise


def _swarm_stop(lab):
    """Leave the swarm (force) on each node that still answers, stop the daemons (worker first),
    unmount what they left, remove the lab's directory."""
    started = [node for node in reversed(lab.nodes) if node.proc is not None]
    for node in started:
        if node.proc.poll() is None and _lab_ping(node.sock):
            try:
                _swarm_leave(node)
            except (OSError, RuntimeError):
                pass
    for node in started:
        _stop_process(node.proc, 20)
    _unmount_under(lab.root)
    shutil.rmtree(lab.root, ignore_errors=True)


@pytest.fixture(scope="session")
def swarm_lab():
    """Two private dockerds (manager and worker) in a swarm, in a network namespace of their own
    that has only loopback; see _SwarmLab.  Tests use `swarm`, which resets it first."""
    if _env_true("DOCKSOCK_TEST_NO_ENGINE"):
        _lab_unavailable("DOCKSOCK_TEST_NO_ENGINE is set")
    if os.environ.get("DOCKSOCK_TEST_SWARM", "").strip().lower() in ("0", "false", "no"):
        pytest.skip("DOCKSOCK_TEST_SWARM=0: no swarm tests in this run")  # a choice: CI too
    if os.geteuid() != 0:
        _lab_unavailable("the swarm lab starts two dockerds in a network namespace: it needs root")
    dockerd, path_first = _swarm_dockerd()
    lab = _swarm_start(dockerd, path_first)
    try:
        yield lab
    finally:
        _swarm_stop(lab)


@pytest.fixture
def swarm(swarm_lab):
    """The swarm lab, put back first into the state it was formed in (see _swarm_reset)."""
    _swarm_reset(swarm_lab)
    return swarm_lab


def test_swarm_lab_two_ready_nodes_on_loopback(swarm):
    nodes = {n["ID"]: n for n in _swarm_json(swarm.manager.sock, "GET", "/nodes")}
    assert sorted(n["Description"]["Hostname"] for n in nodes.values()) == \
        ["swarm-manager", "swarm-worker"]
    assert nodes[swarm.manager.node_id]["ManagerStatus"]["Addr"] == "127.0.0.1:2377"
    assert nodes[swarm.worker.node_id]["Spec"]["Role"] == "worker"


def test_registry_lab_requires_basic_auth(registry):
    assert _registry_status(registry.address) == 401
    assert _registry_status(registry.address, (registry.username, registry.password)) == 200
    assert _registry_status(registry.address, (registry.username, "wrong")) == 401


def _lab_tls_connection(lab, cafile, client_cert=True):
    host, port = urllib.parse.urlsplit(lab.tls_host).netloc.rsplit(":", 1)
    ctx = ssl.create_default_context(cafile=cafile)
    if client_cert:
        ctx.load_cert_chain(os.path.join(lab.tls_dir, "cert.pem"),
                            os.path.join(lab.tls_dir, "key.pem"))
    return http.client.HTTPSConnection(host, int(port), context=ctx, timeout=30)


def _lab_tls_ping(conn):
    try:
        conn.request("GET", "/_ping")
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_lab_ping_unix(lab):
    status, headers, body = _lab_request(lab.sock, "GET", "/_ping")
    assert (status, body) == (200, b"OK")
    assert headers["Api-Version"]


def test_lab_tls_requires_client_cert(lab):
    if lab.tls_host is None:
        pytest.skip("the external daemon has no TLS port")
    ca = os.path.join(lab.tls_dir, "ca.pem")
    assert _lab_tls_ping(_lab_tls_connection(lab, ca)) == (200, b"OK")
    with pytest.raises(OSError):  # the server demands a client certificate (ssl.SSLError or reset)
        _lab_tls_ping(_lab_tls_connection(lab, ca, client_cert=False))
    with pytest.raises(ssl.SSLError):  # the server's certificate is not from this CA
        _lab_tls_ping(_lab_tls_connection(lab, lab.wrong_ca))


def test_lab_busybox_image_present(lab):
    status, _, body = _lab_request(lab.sock, "GET", "/images/%s/json" % lab.image)
    assert status == 200
    image = json.loads(body.decode())
    if lab.podman:
        # known difference (Podman): an image imported through the API as local/busybox is
        # stored, and listed in RepoTags, under its full name docker.io/local/busybox
        assert "docker.io/" + lab.image in image["RepoTags"]
    else:
        assert lab.image in image["RepoTags"]
    assert image["Config"]["Cmd"] == ["/bin/sh"]


def test_lab_busybox_container_runs(lab):
    status, _, body = _lab_request(lab.sock, "POST", "/containers/create", body={
        "Image": lab.image, "Cmd": ["sh", "-c", "echo hello from $(id -un)"],
        "Labels": {LAB_LABEL: "lab"}, "HostConfig": {"NetworkMode": "none"}})
    assert status == 201, body
    cid = json.loads(body.decode())["Id"]
    try:
        assert _lab_request(lab.sock, "POST", "/containers/%s/start" % cid)[0] == 204
        status, _, body = _lab_request(lab.sock, "POST", "/containers/%s/wait" % cid)
        assert status == 200 and json.loads(body.decode())["StatusCode"] == 0, body
        status, _, body = _lab_request(lab.sock, "GET", "/containers/%s/logs?stdout=1" % cid)
        # One multiplexed frame: stream 1 (stdout), three zero bytes, big-endian length.
        out = b"hello from root\n"
        assert (status, body) == (200, struct.pack(">BxxxL", 1, len(out)) + out)
    finally:
        _lab_request(lab.sock, "DELETE", "/containers/%s?force=1" % cid)


def test_ssh_lab_dial_stdio(lab, ssh_lab):
    assert ssh_lab.url == "ssh://root@127.0.0.1:%d%s" % (ssh_lab.port, lab.sock)
    done = _ssh_dial_stdio(ssh_lab, lab.sock)
    assert done.returncode == 0, done.stderr
    head = done.stdout.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith("HTTP/1.1 200"), done.stdout
    assert "api-version:" in head.lower()
    assert done.stdout.endswith(b"OK")


# ==== Layer 1: pure functions ====================================================

@pytest.mark.parametrize("value, tls, expected", [
    ("", False, ("unix", "/var/run/docker.sock", "")),
    ("", True, ("tcp", ("localhost", 2376), "")),
    ("unix://", False, ("unix", "/var/run/docker.sock", "")),
    ("unix:///run/d.sock", False, ("unix", "/run/d.sock", "")),
    ("unix://var/run/docker.sock", False, ("unix", "/var/run/docker.sock", "")),
    ("bogus", False, ("tcp", ("bogus", 2375), "")),
    ("bogus", True, ("tcp", ("bogus", 2376), "")),
    ("tcp://1.2.3.4:9999", False, ("tcp", ("1.2.3.4", 9999), "")),
    ("tcp://h:2375/base/path/", False, ("tcp", ("h", 2375), "/base/path")),
    ("tcp://[::1]:2376", False, ("tcp", ("::1", 2376), "")),
    ("tcp://:2375", False, ("tcp", ("localhost", 2375), "")),
    ("https://h", False, ("tcp", ("h", 2376), "")),
    ("ssh://me@host:2222/run/d.sock", False,
     ("ssh", {"user": "me", "host": "host", "port": 2222, "path": "/run/d.sock"}, "")),
    ("ssh://host", False, ("ssh", {"user": None, "host": "host", "port": None, "path": None}, "")),
])
def test_parse_host(value, tls, expected):
    assert docksock.parse_host(value, tls) == expected


@pytest.mark.parametrize("value, message", [
    ("fd://", "unable to parse docker host 'fd://'"),
    ("npipe:////./pipe/docker_engine", "protocol not available"),
    ("tcp://h:notaport", "bad port 'notaport'"),
    ("tcp://h:70000", "bad port '70000'"),
    ("ssh://", "no host name"),
    ("tcp://a..b:1", "bad host name 'a..b'"),   # a name the resolver cannot be given
    ("tcp://%s:1" % ("x" * 64), "bad host name"),
])
def test_parse_host_rejects(value, message):
    with pytest.raises(docksock.InvalidArgument) as e:
        docksock.parse_host(value)
    assert message in str(e.value)


@pytest.mark.parametrize("url", ["ssh://user:pa55word@host", "ssh://user:@host:22/s.sock",
                                 "ssh://u%3Ax:pa55word@[::1]:2222"])
def test_ssh_url_with_a_password_is_refused(url):
    """Issue 13.10: docker's words, and the password never shown or passed to ssh."""
    with pytest.raises(docksock.InvalidArgument) as e:
        docksock.parse_host(url)
    assert "plain-text password is not supported" in str(e.value)
    assert "pa55word" not in str(e.value)
    rc, out, err = run_cli("-H", url, "ps")
    assert rc == 1 and "plain-text password is not supported" in err and "pa55word" not in err


@pytest.mark.parametrize("part, quoted", [
    ("web", "web"), ("a/b", "a%2Fb"), ("..", "%2E%2E"), (".", "%2E"), ("../images/x", "..%2Fimages%2Fx"),
    ("x?all=1", "x%3Fall%3D1"), ("x#y", "x%23y"), ("50%", "50%25"), ("sha256:abc", "sha256%3Aabc"),
    ("caf\u00e9", "caf%C3%A9"), (7, "7"),
])
def test_quote_path_part(part, quoted):
    assert docksock.quote_path_part(part) == quoted


@pytest.mark.parametrize("bad", ["", None, b"x", True, 1.5])
def test_quote_path_part_rejects(bad):
    with pytest.raises(docksock.InvalidArgument):
        docksock.quote_path_part(bad, "container id")


def test_encode_query():
    assert docksock.encode_query({"all": True, "size": False, "limit": 3, "x": None}) == \
        "all=1&size=0&limit=3"
    assert docksock.encode_query({"filters": {"label": ["a=b"]}}) == \
        "filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D"
    assert docksock.encode_query([("t", "a:1"), ("t", "b c")]) == "t=a%3A1&t=b%20c"
    assert docksock.encode_query(None) == ""


@pytest.mark.parametrize("status, ctype, body, message", [
    (404, "application/json", b'{"message":"No such container: x"}', "No such container: x"),
    (400, "text/plain", b"client version 1.11 is too old.\n", "client version 1.11 is too old."),
    (500, "application/json", b'{"cause":"boom","message":"","response":500}', "boom"),
    (500, "application/json", b'{"other":1}', '{"other":1}'),
    (500, "text/html", b"<html>oops</html>", "<html>oops</html>"),
    (404, "", b"", "request returned 404 Not Found for API route and version /v1.41/x, check if "
                   "the server supports the requested API version"),
])
def test_error_message(status, ctype, body, message):
    reason = {404: "Not Found", 400: "Bad Request", 500: "Internal Server Error"}[status]
    assert docksock._error_message(status, reason, ctype, body, "/v1.41/x") == message


@pytest.mark.parametrize("seconds, text", [
    (0.5, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"),
    (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
    (5399, "About an hour"), (5400, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"),
    (13 * 86400, "13 days"), (14 * 86400, "2 weeks"), (59 * 86400, "8 weeks"),
    (60 * 86400, "2 months"), (729 * 86400, "24 months"), (730 * 86400, "2 years"),
])
def test_human_duration(seconds, text):
    assert docksock.human_duration(seconds) == text


@pytest.mark.parametrize("size, text", [
    (0, "0B"), (999, "999B"), (1000, "1kB"), (1980000, "1.98MB"), (1234567890, "1.23GB"),
    (999999, "1e+03kB"),
])
def test_human_size(size, text):
    assert docksock.human_size(size) == text


def test_human_size_binary():
    assert docksock.human_size(25200000000, 4, binary=True) == "23.47GiB"


def test_ellipsis_and_quote_like_docker_ps():
    cmd = "sh -c 'i=0; while true; do i=$((i+1)); done'"
    assert docksock.go_quote(docksock.ellipsis(cmd, 20)) == '"sh -c \'i=0; while t\u2026"'
    assert docksock.ellipsis("short", 20) == "short"
    assert docksock.ellipsis("\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587", 7) == "\u4e2d\u6587\u4e2d\u2026"
    assert docksock.go_quote('a"b\\c\n\x07\x01\u00e9') == '"a\\"b\\\\c\\n\\a\\x01\u00e9"'


# The docker CLI's own vectors (cli/command/formatter/container_test.go).
@pytest.mark.parametrize("ports, text", [
    ([{"PrivatePort": 9988, "Type": "tcp"}], "9988/tcp"),
    ([{"IP": "4.3.2.1", "PrivatePort": 9988, "PublicPort": 8899, "Type": "tcp"}],
     "4.3.2.1:8899->9988/tcp"),
    ([{"IP": "::1", "PrivatePort": 9988, "PublicPort": 8899, "Type": "tcp"}],
     "[::1]:8899->9988/tcp"),
    ([{"IP": "0.0.0.0", "PrivatePort": 9988, "Type": "tcp"}], "0.0.0.0:0->9988/tcp"),
    ([{"IP": "1.2.3.4", "PrivatePort": 9998, "PublicPort": 9998, "Type": "udp"},
      {"IP": "1.2.3.4", "PrivatePort": 9999, "PublicPort": 9999, "Type": "udp"}],
     "1.2.3.4:9998-9999->9998-9999/udp"),
    ([{"IP": "1.2.3.4", "PrivatePort": 9998, "PublicPort": 8887, "Type": "udp"},
      {"IP": "1.2.3.4", "PrivatePort": 9999, "PublicPort": 8888, "Type": "udp"}],
     "1.2.3.4:8887->9998/udp, 1.2.3.4:8888->9999/udp"),
    ([{"PrivatePort": 6677, "Type": "tcp"}, {"PrivatePort": 6678, "Type": "tcp"},
      {"PrivatePort": 6680, "Type": "tcp"}], "6677-6678/tcp, 6680/tcp"),
    ([], ""),
])
def test_displayable_ports(ports, text):
    assert docksock.displayable_ports(ports) == text


def test_tabulate_pads_like_go_tabwriter():
    out = docksock.tabulate([["CONTAINER ID", "PORTS", "NAMES"], ["abc", "", "web"]])
    assert out == "CONTAINER ID   PORTS     NAMES\nabc                      web\n"


@pytest.mark.parametrize("ref, familiar", [
    ("docker.io/library/busybox:1", "busybox:1"), ("docker.io/me/app", "me/app"),
    ("local/busybox:latest", "local/busybox:latest"), ("127.0.0.1:5000/x:1", "127.0.0.1:5000/x:1"),
    ("docker.io/library/a/b", "library/a/b"),
])
def test_familiar_name(ref, familiar):
    assert docksock.familiar_name(ref) == familiar


@pytest.mark.parametrize("ref, parts", [
    ("busybox", ("busybox", None, None)), ("busybox:1", ("busybox", "1", None)),
    ("127.0.0.1:5000/x", ("127.0.0.1:5000/x", None, None)),
    ("127.0.0.1:5000/x:2@sha256:ab", ("127.0.0.1:5000/x", "2", "sha256:ab")),
    ("x@sha256:ab", ("x", None, "sha256:ab")),
])
def test_split_reference(ref, parts):
    assert docksock.split_reference(ref) == parts


def test_image_rows_like_docker_images():
    img = {"Id": "sha256:" + "a" * 64, "RepoTags": ["local/bb:1", "local/bb:2"],
           "RepoDigests": ["local/bb@sha256:" + "d" * 64]}
    dangling_old = {"Id": "sha256:" + "b" * 64, "RepoTags": ["<none>:<none>"],
                    "RepoDigests": ["<none>@<none>"]}
    dangling_new = {"Id": "sha256:" + "c" * 64, "RepoTags": [], "RepoDigests": []}
    typed = docksock.as_go_type([img, dangling_old, dangling_new], "[]image.Summary")
    rows = [r[1:] for r in docksock._image_rows(typed)]
    assert rows == [("local/bb", "1", "<none>"), ("local/bb", "2", "<none>"),
                    ("<none>", "<none>", "<none>"), ("<none>", "<none>", "<none>")]
    rows = [r[1:] for r in docksock._image_rows(typed[:1], digests=True)]
    assert rows == [("local/bb", "1", "sha256:" + "d" * 64), ("local/bb", "2", "sha256:" + "d" * 64)]
    by_digest = docksock.as_go_type([{"RepoDigests": ["local/bb@sha256:" + "d" * 64]}],
                                "[]image.Summary")
    assert [r[1:] for r in docksock._image_rows(by_digest)] == [("local/bb", "<none>", "")]


def test_config_from_run_flags_builds_docker_runs_body(tmp_path):
    """docker run's flags as the Engine's create body, without a daemon (the full side by
    side with docker 28 is test_cli_run_and_create_flags_match_docker_28)."""
    env_file = tmp_path / "env"
    env_file.write_text("A=1\n# no\nHOST_ONLY\nGONE\n")
    body = docksock.config_from_run_flags("img", ["sh"], {
        "publish": ["127.0.0.1:8000-8001:80-81/udp", "90"], "env": ["B", "C=3", "C=4"],
        "env_file": str(env_file), "cpus": "1.5", "restart": "on-failure:3",
        "memory": "1.5g", "network": ["n1", "name=n2,alias=x"], "ip": "10.0.0.2",
        "mount": ["type=tmpfs,target=/t,tmpfs-size=1m"], "ulimit": ["nofile=5:6"],
        "health_interval": "1.5s", "health_cmd": "true", "init": True},
        environ={"B": "from host", "HOST_ONLY": "h"})
    host = body["HostConfig"]
    assert body["Env"] == ["A=1", "HOST_ONLY=h", "B=from host", "C=4"]
    assert body["ExposedPorts"] == {"80/udp": {}, "81/udp": {}, "90/tcp": {}}
    assert host["PortBindings"] == {
        "80/udp": [{"HostIp": "127.0.0.1", "HostPort": "8000"}],
        "81/udp": [{"HostIp": "127.0.0.1", "HostPort": "8001"}],
        "90/tcp": [{"HostIp": "", "HostPort": ""}]}
    assert (host["NanoCpus"], host["RestartPolicy"], host["Memory"], host["NetworkMode"]) == (
        1500000000, {"Name": "on-failure", "MaximumRetryCount": 3}, 1610612736, "n1")
    assert body["NetworkingConfig"] == {"EndpointsConfig": {
        "n1": {"IPAMConfig": {"IPv4Address": "10.0.0.2"}}, "n2": {"Aliases": ["x"]}}}
    assert host["Mounts"] == [{"Type": "tmpfs", "Target": "/t",
                               "TmpfsOptions": {"SizeBytes": 1048576}}]
    assert host["Ulimits"] == [{"Name": "nofile", "Soft": 5, "Hard": 6}]
    assert body["Healthcheck"] == {"Test": ["CMD-SHELL", "true"], "Interval": 1500000000}
    assert host["Init"] is True and "StopTimeout" not in body
    with pytest.raises(docksock.InvalidFlag) as e:
        docksock.config_from_run_flags("img", flags={"cpus": "1.0000000001"})
    assert (e.value.flag, e.value.value, e.value.reason) == ("cpus", "1.0000000001",
                                                             "value is too precise")
    with pytest.raises(docksock.InvalidArgument, match="cannot specify both --restart and --rm"):
        docksock.config_from_run_flags("img", flags={"rm": True, "restart": "always"})
    with pytest.raises(docksock.InvalidVersion, match='"stop timeout" requires API version 1.25'):
        docksock.config_from_run_flags("img", flags={"stop_timeout": 3}, api_version="1.24")
    with pytest.raises(docksock.InvalidArgument, match="not a docker run/create flag"):
        docksock.config_from_run_flags("img", flags={"name": "x"})


# ==== Layer 1b: endpoint resolution (environment and files only) ================

def _write_context(cfg, name, host, tls_files=(), skip_verify=False):
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = os.path.join(cfg, "contexts", "meta", digest)
    os.makedirs(meta)
    with open(os.path.join(meta, "meta.json"), "w") as f:
        json.dump({"Name": name, "Metadata": {}, "Endpoints": {
            "docker": {"Host": host, "SkipTLSVerify": skip_verify}}}, f)
    if tls_files:
        tls = os.path.join(cfg, "contexts", "tls", digest, "docker")
        os.makedirs(tls)
        for src in tls_files:
            shutil.copy(src, tls)


def _write_config(cfg, data):
    os.makedirs(cfg, exist_ok=True)
    with open(os.path.join(cfg, "config.json"), "w") as f:
        json.dump(data, f)


def test_resolve_default(tmp_path):
    ep = docksock.resolve_endpoint(environ={"HOME": str(tmp_path)})
    assert (ep.url, ep.source, ep.context) == ("unix:///var/run/docker.sock", "default", "default")
    assert str(tmp_path / ".docker" / "run" / "docker.sock") in ep.candidates


def test_resolve_precedence(tmp_path):
    cfg = str(tmp_path / "cfg")
    _write_context(cfg, "ctxa", "unix:///run/a.sock")
    _write_context(cfg, "ctxb", "tcp://b:1234")
    _write_config(cfg, {"currentContext": "ctxa"})
    env = {"DOCKER_CONFIG": cfg}
    r = docksock.resolve_endpoint
    assert r(environ=env).url == "unix:///run/a.sock"
    assert r(environ=env).source.startswith('context "ctxa" (currentContext in ')
    assert r(environ=dict(env, DOCKER_CONTEXT="ctxb")).url == "tcp://b:1234"
    assert r(environ=dict(env, DOCKER_CONTEXT="ctxb", DOCKER_HOST="unix:///run/h.sock")).url == \
        "unix:///run/h.sock"
    assert r(host="tcp://x:1", environ=dict(env, DOCKER_HOST="unix:///run/h.sock")).url == \
        "tcp://x:1"
    assert r(context="ctxb", environ=dict(env, DOCKER_HOST="unix:///run/h.sock")).url == \
        "tcp://b:1234"
    assert r(context="default", environ=env).url == "unix:///var/run/docker.sock"
    with pytest.raises(docksock.InvalidArgument, match="cannot specify both --host and --context"):
        r(host="tcp://x:1", context="ctxa", environ=env)


def test_resolve_missing_context(tmp_path):
    cfg = str(tmp_path)
    with pytest.raises(docksock.ContextNotFound) as e:
        docksock.resolve_endpoint(environ={"DOCKER_CONFIG": cfg, "DOCKER_CONTEXT": "nosuch"})
    digest = hashlib.sha256(b"nosuch").hexdigest()
    assert str(e.value) == ('context "nosuch": context not found: open %s/contexts/meta/%s/meta.json:'
                            ' no such file or directory' % (cfg, digest))


def test_resolve_tls_from_environment(tmp_path):
    certs = tmp_path / "certs"
    certs.mkdir()
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (certs / name).write_text("x")
    env = {"DOCKER_HOST": "tcp://h", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(certs)}
    ep = docksock.resolve_endpoint(environ=env)
    assert ep.address == ("h", 2376) and ep.tls.verify
    assert ep.tls.ca_cert == str(certs / "ca.pem")
    assert ep.tls.client_cert == (str(certs / "cert.pem"), str(certs / "key.pem"))
    ep = docksock.resolve_endpoint(environ={"DOCKER_HOST": "tcp://h", "DOCKER_TLS": "1",
                                            "DOCKER_CERT_PATH": str(certs)})
    assert ep.address == ("h", 2376) and ep.tls is not None and not ep.tls.verify
    ep = docksock.resolve_endpoint(environ={"DOCKER_HOST": "tcp://h"})
    assert ep.address == ("h", 2375) and ep.tls is None
    # TLS never applies to a Unix socket
    assert docksock.resolve_endpoint(environ=dict(env, DOCKER_HOST="unix:///s")).tls is None


def test_resolve_context_tls(tmp_path):
    cfg = str(tmp_path / "cfg")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (src / name).write_text("x")
    _write_context(cfg, "remote", "tcp://r:2376", [str(src / n) for n in ("ca.pem", "cert.pem", "key.pem")])
    ep = docksock.resolve_endpoint(environ={"DOCKER_CONFIG": cfg, "DOCKER_CONTEXT": "remote"})
    assert ep.tls.verify and ep.tls.ca_cert.endswith("/docker/ca.pem")
    _write_context(cfg, "insecure", "tcp://r:2376", skip_verify=True)
    ep = docksock.resolve_endpoint(environ={"DOCKER_CONFIG": cfg, "DOCKER_CONTEXT": "insecure"})
    assert ep.tls is not None and not ep.tls.verify


def test_broken_config_json_is_an_error_that_readers_go_on_without(tmp_path):
    """docker 28 warns "Error parsing config file (...)" and goes on without the file:
    load_config raises that, resolution and credentials read the file as empty, and what
    would write it refuses to overwrite it."""
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(docksock.DockerException, match="Error parsing config file"):
        docksock.load_config(str(tmp_path))
    assert docksock.resolve_endpoint(environ={"DOCKER_CONFIG": str(tmp_path)}).source == "default"
    with pytest.raises(docksock.DockerException, match="Error parsing config file"):
        docksock.store_auth("localhost:5000", "u", "p", cfg_dir=str(tmp_path), environ={})
    assert (tmp_path / "config.json").read_text() == "{not json"


def test_tlsconfig_checks_files(tmp_path):
    with pytest.raises(docksock.TLSParameterError, match="not found"):
        docksock.TLSConfig(client_cert=(str(tmp_path / "c"), str(tmp_path / "k")))
    with pytest.raises(docksock.TLSParameterError, match="pair"):
        docksock.TLSConfig(client_cert="cert.pem")


def test_pinned_version_is_checked_without_io():
    with pytest.raises(docksock.InvalidVersion, match="minimum supported API version is 1.24"):
        docksock.APIClient("unix:///nonexistent", version="1.20")
    with pytest.raises(docksock.InvalidVersion, match="MAJOR.MINOR"):
        docksock.APIClient("unix:///nonexistent", version="latest")
    c = docksock.APIClient("unix:///nonexistent", version="1.30")  # no I/O in the constructor
    assert c.api_version == "1.30"


# ==== Layer 2: an in-process fake daemon ========================================

class FakeDaemon:
    """An Engine stand-in on a Unix socket.  handler(req) returns (status, headers, body),
    None to close the connection without answering, or a writer: a callable taking the
    request handler, which writes the whole answer to its wfile itself (chunked, hijacked
    or held-open streams); the connection closes when the writer returns.  Records every
    request and counts connections."""

    def __init__(self, handler):
        self.dir = tempfile.mkdtemp(prefix="dks", dir="/tmp")
        self.path = os.path.join(self.dir, "d.sock")
        self.url = "unix://" + self.path
        self.requests = []
        self.connections = 0
        daemon = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                daemon.connections += 1
                self.conn_requests = 0
                super().setup()

            def log_message(self, *args):
                pass

            def address_string(self):
                return "fake"

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                if self.headers.get("Transfer-Encoding") == "chunked":
                    body = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        chunk = self.rfile.read(size + 2)[:size]
                        if not size:
                            break
                        body += chunk
                else:
                    body = self.rfile.read(length) if length else b""
                self.conn_requests += 1
                req = types.SimpleNamespace(method=self.command, path=self.path,
                                            headers=self.headers, body=body,
                                            conn_requests=self.conn_requests)
                daemon.requests.append(req)
                answer = handler(req)
                if answer is None:
                    self.close_connection = True
                    return
                if callable(answer):
                    self.close_connection = True
                    answer(self)
                    return
                status, headers, payload = answer[:3]
                if answer[3:] == ("close",):
                    self.close_connection = True
                self.send_response_only(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)
                self.wfile.flush()

            do_GET = do_POST = do_HEAD = do_DELETE = do_PUT = _any

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
            daemon_threads = True
            request_queue_size = 64

        self.server = Server(self.path, Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)


def engine_like(version="1.41", routes=None):
    """A handler answering _ping with Api-Version and other paths from routes
    {("GET", "/v1.41/x"): (status, headers, body)}; 404 JSON otherwise."""
    routes = routes or {}

    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": version, "Content-Type": "text/plain"}, b"OK"
        answer = routes.get((req.method, req.path))
        if answer is not None:
            return answer(req) if callable(answer) else answer
        return 404, {"Content-Type": "application/json"}, b'{"message":"page not found"}'
    return handler


@pytest.fixture
def fake():
    daemons = []

    def start(handler):
        d = FakeDaemon(handler)
        daemons.append(d)
        return d
    yield start
    for d in daemons:
        d.close()


def _json(obj, status=200):
    return status, {"Content-Type": "application/json"}, json.dumps(obj).encode()


@pytest.mark.parametrize("server, negotiated", [
    ("1.41", "1.41"), ("1.45", "1.45"), ("1.99", docksock.MAX_API_VERSION), (None, "1.24")])
def test_negotiation(fake, server, negotiated):
    def handler(req):
        if req.path == "/_ping":
            return 200, ({"Api-Version": server} if server else {}), b"OK"
        return _json([])
    d = fake(handler)
    c = docksock.APIClient(d.url)
    assert d.requests == []            # no I/O until the first call
    assert c.containers() == []
    assert c.api_version == negotiated
    assert [(r.method, r.path) for r in d.requests] == [
        ("HEAD", "/_ping"), ("GET", "/v%s/containers/json" % negotiated)]
    c.containers()
    assert len(d.requests) == 3        # negotiated once, cached
    assert d.connections == 1          # and one kept-alive connection for all of it


def test_negotiation_falls_back_to_get(fake):
    def handler(req):
        if req.path == "/_ping":
            if req.method == "HEAD":
                return 405, {}, b""
            return 200, {"Api-Version": "1.40"}, b"OK"
        return _json({"ok": 1})
    d = fake(handler)
    assert docksock.APIClient(d.url).info() == {"ok": 1}
    assert [(r.method, r.path) for r in d.requests] == [
        ("HEAD", "/_ping"), ("GET", "/_ping"), ("GET", "/v1.40/info")]


def test_daemon_below_the_floor(fake):
    d = fake(engine_like("1.12"))
    with pytest.raises(docksock.InvalidVersion, match="speaks API 1.12, older than docksock's minimum 1.24"):
        docksock.APIClient(d.url).info()


def test_pinned_version_skips_the_ping(fake):
    d = fake(engine_like(routes={("GET", "/v1.30/info"): _json({})}))
    assert docksock.from_env(environment={"DOCKER_HOST": d.url, "DOCKER_API_VERSION": "1.30"}).info() == {}
    assert [r.path for r in d.requests] == ["/v1.30/info"]


def test_error_classes_by_status(fake):
    d = fake(engine_like(routes={
        ("GET", "/v1.41/containers/x/json"): _json({"message": "No such container: x"}, 404),
        ("GET", "/v1.41/images/x/json"): _json({"message": "No such image: x"}, 404),
        ("DELETE", "/v1.41/containers/x"): _json({"message": "You cannot remove a running container"}, 409),
        ("GET", "/v1.41/info"): _json({"message": "boom"}, 500),
    }))
    c = docksock.APIClient(d.url)
    with pytest.raises(docksock.NotFound) as e:
        c.inspect_container("x")
    assert type(e.value) is docksock.NotFound
    assert (e.value.status_code, e.value.explanation) == (404, "No such container: x")
    assert e.value.is_client_error() and not e.value.is_server_error()
    assert str(e.value) == \
        '404 Client Error for /v1.41/containers/x/json: Not Found ("No such container: x")'
    with pytest.raises(docksock.ImageNotFound):
        c.inspect_image("x")
    with pytest.raises(docksock.Conflict):
        c.request("DELETE", "/containers/x")
    with pytest.raises(docksock.APIError) as e:
        c.info()
    assert type(e.value) is docksock.APIError and e.value.is_server_error()
    assert e.value.response.json() == {"message": "boom"}
    # the connection survives error answers
    assert d.connections == 1


def test_path_parts_cannot_escape(fake):
    d = fake(engine_like(routes={}))
    c = docksock.APIClient(d.url)
    for name in ("../images/x", "..", "a?b#c"):
        with pytest.raises(docksock.NotFound):
            c.inspect_container(name)
    assert [r.path for r in d.requests[1:]] == [
        "/v1.41/containers/..%2Fimages%2Fx/json", "/v1.41/containers/%2E%2E/json",
        "/v1.41/containers/a%3Fb%23c/json"]


def test_generic_request(fake):
    def echo(req):
        return _json({"method": req.method, "path": req.path, "body": req.body.decode(),
                      "ctype": req.headers.get("Content-Type"), "te": req.headers.get("Transfer-Encoding")})
    d = fake(engine_like(routes={("POST", "/v1.41/x?a=1&b=%7B%22k%22%3A%5B%22v%22%5D%7D"): echo,
                                 ("POST", "/v1.41/up"): echo}))
    c = docksock.APIClient(d.url)
    r = c.request("POST", "/x", params={"a": True, "b": {"k": ["v"]}, "c": None}, json={"z": 1})
    assert r.status == 200 and r.json()["body"] == '{"z":1}' and r.json()["ctype"] == "application/json"
    r = c.request("POST", "/up", data=iter([b"ab", b"cd"]), headers={"Content-Type": "application/x-tar"})
    assert r.json()["body"] == "abcd" and r.json()["te"] == "chunked"
    with pytest.raises(docksock.InvalidArgument):
        c.request("POST", "/x", data=b"1", json={})


def test_streamed_response(fake):
    d = fake(engine_like(routes={("GET", "/v1.41/big"): (200, {}, b"x" * 200000)}))
    c = docksock.APIClient(d.url)
    r = c.request("GET", "/big", stream=True)
    total = sum(len(chunk) for chunk in r.iter_content(4096))
    assert total == 200000
    assert c.request("GET", "/big").content == b"x" * 200000
    assert d.connections == 1   # the stream read to its end returned its connection


def test_abandoned_stream_is_not_reused(fake):
    d = fake(engine_like(routes={("GET", "/v1.41/big"): (200, {}, b"x" * 200000)}))
    c = docksock.APIClient(d.url)
    r = c.request("GET", "/big", stream=True)
    r.read1(10)
    r.close()
    assert c.request("GET", "/big").content == b"x" * 200000
    assert d.connections == 2


def test_idle_connection_closed_by_daemon_is_not_used(fake):
    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": "1.41"}, b"OK"
        # answer as if keeping the connection, then close it while it sits idle
        return 200, {"Content-Type": "application/json"}, b"{}", "close"
    d = fake(handler)
    c = docksock.APIClient(d.url)
    for _ in range(3):
        assert c.info() == {}
        time.sleep(0.05)
    assert [r.conn_requests for r in d.requests] == [1, 2, 1, 1]
    assert d.connections == 3


def test_retry_only_idempotent_requests(fake):
    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": "1.41"}, b"OK"
        if req.conn_requests > 1:
            return None    # the daemon drops a reused connection without answering
        return 200, {"Content-Type": "application/json"}, b"{}"
    d = fake(handler)
    c = docksock.APIClient(d.url)
    assert c.info() == {}
    n = len(d.requests)
    with pytest.raises(docksock.DockerConnectionError, match="closed the connection without answering"):
        c.request("POST", "/containers/x/start")
    assert [r.method for r in d.requests[n:]] == ["POST"]          # not retried
    assert c.info() == {}                                          # new connection, fine
    c.info()                                                       # reused -> dropped -> retried
    assert [r.method for r in d.requests[n + 1:]] == ["GET", "GET", "GET"]


def test_timeout(fake):
    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": "1.41"}, b"OK"
        time.sleep(1.5)
        return 200, {}, b"{}"
    d = fake(handler)
    c = docksock.APIClient(d.url, timeout=0.3)
    with pytest.raises(docksock.DockerTimeout, match="did not answer within 0.3 seconds"):
        c.info()
    assert isinstance(docksock.DockerTimeout("x"), TimeoutError)
    assert c.request("GET", "/info", timeout=5).content == b"{}"


def test_trace_redacts_credentials(fake):
    d = fake(engine_like(routes={("POST", "/v1.41/images/create?fromImage=x"): _json({})}))
    lines = []
    c = docksock.APIClient(d.url, trace=lines.append)
    c.request("POST", "/images/create", params={"fromImage": "x"},
              headers={"X-Registry-Auth": "c2VjcmV0LXRva2Vu", "Authorization": "Basic c2VjcmV0"})
    text = "\n".join(lines)
    assert "> POST /v1.41/images/create?fromImage=x HTTP/1.1" in text
    assert "> X-Registry-Auth: <redacted>" in text and "> Authorization: <redacted>" in text
    assert "c2VjcmV0" not in text
    assert "< HTTP/1.1 200 OK" in text


def test_threads_share_one_client(fake):
    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": "1.41"}, b"OK"
        return _json({"path": req.path})
    d = fake(handler)
    c = docksock.APIClient(d.url)
    errors = []

    def work(i):
        try:
            for j in range(30):
                path = "/containers/t%d-%d/json" % (i, j)
                assert c.request("GET", path).json()["path"] == "/v1.41" + path
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert d.connections <= 8 and len(c._idle) <= c.max_pool_size



# -- one home per piece of logic (issue 18): the shared helpers, and their users -------------

def test_go_json_escapes_as_go_does_everywhere():
    """One Go-style JSON writer: HTML characters and U+2028/U+2029 escaped, UTF-8 kept, for
    --format's json, inspect and a credential helper's stdin alike."""
    assert docksock.go_json({"k": "<&>\u2028\u2029\u00e9"}) == \
        '{"k":"\\u003c\\u0026\\u003e\\u2028\\u2029\u00e9"}'
    assert docksock.go_json([{"a": 1}], indent=4) == '[\n    {\n        "a": 1\n    }\n]'
    assert docksock.render_template("{{json .}}", {"x": "a\u2028b"}) == '{"x":"a\\u2028b"}'


def test_parse_rfc3339_honours_offsets():
    utc = datetime.timezone.utc
    dt, nanos = docksock.parse_rfc3339("2024-01-02T08:04:05.123Z")
    assert (dt, nanos) == (datetime.datetime(2024, 1, 2, 8, 4, 5, tzinfo=utc), 123000000)
    dt, _ = docksock.parse_rfc3339("2024-01-02T13:04:05+05:00")
    assert dt.timestamp() == datetime.datetime(2024, 1, 2, 8, 4, 5, tzinfo=utc).timestamp()
    assert docksock.parse_rfc3339("2024-01-02")[0].tzinfo is None      # local time
    assert docksock.parse_rfc3339("yesterday") is None
    with pytest.raises(docksock.InvalidArgument, match="2024-02-30"):
        docksock.parse_rfc3339("2024-02-30T00:00:00Z")


def test_cli_swarm_ages_honour_offsets(fake):
    """Engine times in another zone are the same instant: 2 hours ago written at +05:00
    is still 2 hours ago (the parser this replaced read it as UTC)."""
    ago = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5))) - \
        datetime.timedelta(hours=2)
    stamp = ago.strftime("%Y-%m-%dT%H:%M:%S.%f") + "000+05:00"
    secret = {"ID": "s" * 25, "Spec": {"Name": "pw"}, "CreatedAt": stamp, "UpdatedAt": stamp}
    d = fake(engine_like(routes={("GET", "/v1.41/secrets"): _json([secret])}))
    rc, out, err = run_cli("-H", d.url, "secret", "ls")
    assert rc == 0, err
    assert out.splitlines()[1].split()[-6:] == ["2", "hours", "ago", "2", "hours", "ago"]


def test_ids_are_shortened_one_way():
    assert docksock.truncate_id("sha256:" + "ab" * 32) == "ab" * 6
    assert docksock.truncate_id(None) == ""
    container = docksock.Container({"Id": "cd" * 32})
    assert container.short_id == "cd" * 6 == docksock.truncate_id(container.id)
    # docker-py's Image.short_id keeps the algorithm: "sha256:" and 12 hex digits (issue 14)
    image = docksock.Image({"Id": "sha256:" + "cd" * 32})
    assert image.short_id == "sha256:" + "cd" * 6


def test_built_image_id():
    full = "sha256:" + "1" * 64
    assert docksock.built_image_id({"aux": {"ID": full}}, "abc") == full     # aux wins
    assert docksock.built_image_id({"stream": "Successfully built 0123abcd\n"}) == "0123abcd"
    assert docksock.built_image_id({"stream": "2" * 64 + "\n"}) == "sha256:" + "2" * 64
    assert docksock.built_image_id({"stream": "Successfully built x\n"}, "kept") == "kept"
    assert docksock.built_image_id({"stream": "Step 1/2 : FROM x\n"}) is None


@pytest.mark.parametrize("server, key", [
    ("localhost:5000", "localhost:5000"), ("https://reg.example:5000/v2/", "reg.example:5000"),
    ("docker.io", docksock.INDEX_SERVER), (docksock.INDEX_SERVER, docksock.INDEX_SERVER),
    ("myregistry", "myregistry")])
def test_registry_key_of_a_login_server(server, key):
    assert docksock.registry_key(server) == key


def test_login_keys_credentials_as_pulls_look_them_up(fake):
    """A login to https://host:port/ keeps its credentials where a pull of host:port/img
    looks (the login key and the image's registry were computed differently before)."""
    seen = []

    def create(req):
        seen.append(json.loads(base64.urlsafe_b64decode(req.headers["X-Registry-Auth"])))
        return _json({"status": "done"})
    d = fake(engine_like(routes={("POST", "/v1.41/auth"): _json({"Status": "Login Succeeded"}),
                                 ("POST", "/v1.41/images/create?fromImage=127.0.0.1%3A5999%2Fimg"
                                          "&tag=latest"): create}))
    c = docksock.APIClient(d.url, environment={"HOME": "/nonexistent"})
    c.login("u", "p", registry="https://127.0.0.1:5999/")
    auth_body = json.loads(d.requests[-1].body)
    assert auth_body["serveraddress"] == "127.0.0.1:5999"
    c.pull("127.0.0.1:5999/img")
    assert seen == [{"username": "u", "password": "p", "serveraddress": "127.0.0.1:5999"}]


def test_probe_socket(tmp_path):
    path = str(tmp_path / "s.sock")
    assert docksock.probe_socket(path)[0] == errno.ENOENT
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    try:
        assert docksock.probe_socket(path)[0] == errno.ECONNREFUSED
        listener.listen(1)
        assert docksock.probe_socket(path) is None
    finally:
        listener.close()


def test_endpoint_config_one_builder(fake):
    d = fake(engine_like(routes={("POST", "/v1.41/networks/n1/connect"): (200, {}, b"")}))
    docksock.APIClient(d.url).connect_container_to_network(
        "c1", "n1", ipv4_address="10.0.0.5", aliases=["web"])
    body = json.loads(d.requests[-1].body)
    assert body == {"Container": "c1", "EndpointConfig": docksock.endpoint_config(
        ipv4_address="10.0.0.5", aliases=["web"])} == {
        "Container": "c1", "EndpointConfig": docksock.types.EndpointConfig(
            "1.41", ipv4_address="10.0.0.5", aliases=["web"])}
    assert body["EndpointConfig"] == {"Aliases": ["web"], "IPAMConfig": {"IPv4Address": "10.0.0.5"}}


def test_pull_missing_reports_then_creates(fake):
    state = {"pulled": False}

    def create(req):
        if not state["pulled"]:
            return _json({"message": "No such image: busybox:latest"}, 404)
        return _json({"Id": "c" * 64, "Warnings": []}, 201)

    def pull(req):
        state["pulled"] = True
        return _json({"status": "Pulling from library/busybox", "id": "latest"})
    d = fake(engine_like(routes={
        ("POST", "/v1.41/containers/create"): create,
        ("POST", "/v1.41/images/create?fromImage=busybox&tag=latest"): pull}))
    c = docksock.APIClient(d.url, environment={"HOME": "/nonexistent"})
    with pytest.raises(docksock.ImageNotFound):
        c.create_container("busybox")
    seen = []
    assert c.create_container("busybox", pull_missing=seen.append)["Id"] == "c" * 64
    assert seen == [{"status": "Unable to find image 'busybox:latest' locally"},
                    {"status": "Pulling from library/busybox", "id": "latest"}]


# -- what the CLI needs, public (issue 18): logs(tty=), wait(stream=True), environ, socket_path --

def test_logs_with_tty_known_makes_no_inspect(fake):
    frame = struct.pack(">BxxxL", 1, 3) + b"hi\n"
    d = fake(engine_like(routes={
        ("GET", "/v1.41/containers/c1/logs?stdout=1&stderr=1&follow=0&timestamps=0&tail=all"):
            (200, {}, frame)}))
    c = docksock.APIClient(d.url)
    assert c.logs("c1", tty=False) == b"hi\n"
    assert [r.path for r in d.requests if "/json" in r.path] == []
    assert c.logs("c1", tty=True) == frame          # a TTY's output is not framed


def test_wait_stream_is_in_place_before_the_exit(fake):
    release = threading.Event()

    def wait(handler):
        handler.send_response_only(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        handler.wfile.flush()
        release.wait(10)
        body = b'{"StatusCode":7}'
        handler.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        handler.wfile.flush()
    d = fake(engine_like(routes={("POST", "/v1.41/containers/c1/wait?condition=next-exit"):
                                 lambda req: wait}))
    c = docksock.APIClient(d.url)
    waiter = c.wait("c1", condition="next-exit", stream=True)
    assert isinstance(waiter, docksock.Response) and waiter.status == 200
    release.set()
    with waiter:
        assert waiter.json() == {"StatusCode": 7}


def test_client_environ_and_socket_path(fake):
    d = fake(engine_like())
    env = {"HOME": "/nonexistent", "DOCKER_HOST": d.url}
    c = docksock.APIClient(environment=env)
    assert c.environ is env and c.socket_path is None     # nothing opened yet
    assert c.ping()
    assert c.socket_path == d.path

# ==== Layer 2b: connection errors ================================================

NO_DAEMON = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"


def test_missing_socket_message(tmp_path):
    path = str(tmp_path / "nope.sock")
    with pytest.raises(docksock.DockerConnectionError) as e:
        docksock.APIClient("unix://" + path).ping()
    assert isinstance(e.value, ConnectionError)
    lines = str(e.value).splitlines()
    assert lines[0] == "Cannot connect to the Docker daemon at unix://%s. Is the docker daemon running?" % path
    assert lines[1] == "  cause: no such file or directory: %s" % path


def test_default_socket_lists_what_was_tried(tmp_path):
    if os.path.exists("/var/run/docker.sock"):
        pytest.skip("this machine has /var/run/docker.sock")
    env = {"HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    with pytest.raises(docksock.DockerConnectionError) as e:
        docksock.from_env(environment=env).ping()
    lines = str(e.value).splitlines()
    assert lines[0] == NO_DAEMON
    assert lines[1] == "  cause: no such file or directory: /var/run/docker.sock"
    assert "also tried (not found or not answering): %s/run/docker.sock" % tmp_path in lines[2]
    assert e.value.tried[0] == "/var/run/docker.sock" and len(e.value.tried) > 3


def test_default_socket_discovery_uses_first_that_answers(tmp_path, fake):
    if os.path.exists("/var/run/docker.sock"):
        pytest.skip("this machine has /var/run/docker.sock")
    d = fake(engine_like(routes={("GET", "/v1.41/info"): _json({"found": True})}))
    run = tmp_path / "run"
    run.mkdir()
    os.symlink(d.path, str(run / "docker.sock"))
    lines = []
    c = docksock.from_env(environment={"HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(run)},
                          trace=lines.append)
    assert c.info() == {"found": True}
    assert "* default socket /var/run/docker.sock is absent; using %s/docker.sock" % run in lines


def test_not_a_socket_and_refused(tmp_path):
    f = tmp_path / "file.sock"
    f.write_text("")
    with pytest.raises(docksock.DockerConnectionError) as e:
        docksock.APIClient("unix://" + str(f)).ping()
    assert str(e.value).splitlines()[1] == "  cause: %s is not a socket (it is a regular file)" % f
    path = tempfile.mktemp(prefix="dks", dir="/tmp")
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)          # bound, never listening: connection refused
    try:
        with pytest.raises(docksock.DockerConnectionError) as e:
            docksock.APIClient("unix://" + path).ping()
        assert str(e.value).splitlines()[1] == "  cause: connection refused: nothing is listening on %s" % path
    finally:
        s.close()
        os.unlink(path)


def test_tcp_refused():
    with pytest.raises(docksock.DockerConnectionError) as e:
        docksock.APIClient("tcp://127.0.0.1:1").ping()
    assert str(e.value).splitlines() == [
        "Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?",
        "  cause: connection refused"]


def _system_python():
    for p in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.path.exists(p):
            return p
    pytest.skip("no system-wide python3 that an unprivileged user can run")


def _as_nobody(*argv):
    """Run docksock as uid 65534 against a root-owned listening socket it may not open;
    returns (socket path, completed process)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a check as another user")
    d = tempfile.mkdtemp(prefix="dks", dir="/tmp")
    os.chmod(d, 0o755)
    shutil.copy(docksock.__file__, d)
    path = os.path.join(d, "docker.sock")
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.listen(1)
    os.chmod(path, 0o660)
    try:
        p = subprocess.run([_system_python(), os.path.join(d, "docksock.py"), "-H", "unix://" + path]
                           + list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, cwd=d,
                           preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))
    finally:
        s.close()
        shutil.rmtree(d, ignore_errors=True)
    return path, p


def test_permission_denied_as_unprivileged_user():
    path, p = _as_nobody("ps")
    # (docker, too, warns first when it cannot read root's config.json)
    lines = [line for line in p.stderr.splitlines() if not line.startswith("WARNING: ")]
    assert p.returncode == 1
    assert lines[0] == ("permission denied while trying to connect to the Docker daemon socket at "
                        "unix://%s: dial unix %s: connect: permission denied" % (path, path))
    assert lines[1] == ("  the socket is srw-rw----, owned by root:root; this process runs as uid 65534.")
    assert "add the user to the 'root' group" in lines[2]


# ==== Layer 3: the command line, in-process =====================================

def run_cli(*argv, env=None):
    out, err = io.StringIO(), io.StringIO()
    if env is not None:
        old = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
    try:
        rc = docksock.main(list(argv), stdout=out, stderr=err)
    finally:
        if env is not None:
            os.environ.clear()
            os.environ.update(old)
    return rc, out.getvalue(), err.getvalue()


PS_ITEMS = [{"Id": "3b2ea7979c5c" + "0" * 52, "Names": ["/web"], "Image": "local/busybox:latest",
             "ImageID": "sha256:" + "f" * 64, "Command": "sh -c 'i=0; while true; do i=$((i+1)); done'",
             "Created": 0, "Status": "Up 7 seconds", "State": "running",
             "Ports": [{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}]},
            {"Id": "a" * 64, "Names": ["/db", "/web/db"], "Image": "sha256:" + "e" * 64,
             "ImageID": "sha256:" + "e" * 64, "Command": "x", "Created": 0,
             "Status": "Exited (3) 2 hours ago", "Ports": []}]


def test_cli_ps_table(fake):
    items = [dict(c, Created=int(time.time()) - 3 * 3600) for c in PS_ITEMS]
    d = fake(engine_like(routes={("GET", "/v1.41/containers/json?all=1"): _json(items)}))
    rc, out, err = run_cli("-H", d.url, "ps", "-a")
    assert (rc, err) == (0, "")
    assert out.splitlines() == [
        "CONTAINER ID   IMAGE                  COMMAND                  CREATED       STATUS                   PORTS                  NAMES",
        "3b2ea7979c5c   local/busybox:latest   \"sh -c 'i=0; while t\u2026\"   3 hours ago   Up 7 seconds             0.0.0.0:8080->80/tcp   web",
        "aaaaaaaaaaaa   eeeeeeeeeeee           \"x\"                      3 hours ago   Exited (3) 2 hours ago                          db",
    ]
    rc, out, err = run_cli("-H", d.url, "ps", "-a", "-q")
    assert out == "3b2ea7979c5c\naaaaaaaaaaaa\n"


def test_cli_api_and_trace(fake):
    d = fake(engine_like(routes={("GET", "/v1.41/info"): _json({"Name": "fake"})}))
    rc, out, err = run_cli("-H", d.url, "--trace", "api", "GET", "/info")
    assert rc == 0 and json.loads(out) == {"Name": "fake"}
    assert "* endpoint %s (from --host)" % d.url in err
    assert "> GET /v1.41/info HTTP/1.1" in err and "< HTTP/1.1 200 OK" in err


def test_cli_daemon_error_and_exit_code(fake):
    d = fake(engine_like(routes={("GET", "/v1.41/info"): _json({"Swarm": {}})}))
    rc, out, err = run_cli("-H", d.url, "api", "GET", "/nosuch")
    assert (rc, err) == (1, "Error response from daemon: page not found\n")
    rc, out, err = run_cli("-H", d.url, "inspect", "nosuch")
    assert (rc, out, err) == (1, "[]\n", "Error: No such object: nosuch\n")


def test_cli_no_daemon(tmp_path):
    rc, out, err = run_cli("ps", env={"DOCKER_HOST": "unix:///var/run/docker.sock", "HOME": str(tmp_path)})
    if os.path.exists("/var/run/docker.sock"):
        pytest.skip("this machine has /var/run/docker.sock")
    assert rc == 1 and out == ""
    assert err.splitlines()[0] == NO_DAEMON


def test_cli_conflicting_host_and_context():
    rc, out, err = run_cli("-H", "unix:///x", "--context", "y", "ps")
    assert (rc, err) == (1, "conflicting options: cannot specify both --host and --context\n")


# Command lines docker 28 rejects before it contacts a daemon, with its exact words.
USAGE_ERRORS = [
    (["ps", "--bogus"], 125, "unknown flag: --bogus\n\nUsage:  docker ps [OPTIONS]\n\n"
     "Run 'docker ps --help' for more information\n"),
    (["ps", "-z"], 125, "unknown shorthand flag: 'z' in -z\n\nUsage:  docker ps [OPTIONS]\n\n"
     "Run 'docker ps --help' for more information\n"),
    (["ps", "-n", "x"], 125, 'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: '
     'parsing "x": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\nRun \'docker ps --help\' '
     "for more information\n"),
    (["ps", "--all=maybe"], 125, 'invalid argument "maybe" for "-a, --all" flag: '
     'strconv.ParseBool: parsing "maybe": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\n'
     "Run 'docker ps --help' for more information\n"),
    (["ps", "--format"], 125, "flag needs an argument: --format\n\nUsage:  docker ps [OPTIONS]"
     "\n\nRun 'docker ps --help' for more information\n"),
    (["ps", "a"], 1, "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\n"
     "Run 'docker ps --help' for more information\n"),
    (["rm"], 1, "docker: 'docker rm' requires at least 1 argument\n\nUsage:  docker rm [OPTIONS] "
     "CONTAINER [CONTAINER...]\n\nSee 'docker rm --help' for more information\n"),
    (["rename", "a"], 1, "docker: 'docker rename' requires 2 arguments\n\nUsage:  docker rename "
     "CONTAINER NEW_NAME\n\nRun 'docker rename --help' for more information\n"),
    (["commit", "a", "b", "c"], 1, "docker: 'docker commit' requires at least 1 and at most 2 "
     "arguments\n\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\nRun 'docker "
     "commit --help' for more information\n"),
    (["exec", "a"], 1, "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec "
     "[OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information\n"),
    (["pss"], 1, "docker: unknown command: docker pss\n\nRun 'docker --help' for more "
     "information\n"),
    (["container", "lss"], 1, "docker: unknown command: docker container lss\n\nUsage:  docker "
     "container\n\nRun 'docker container --help' for more information\n"),
    (["network", "-q"], 125, "unknown shorthand flag: 'q' in -q\n\nUsage:  docker network\n\n"
     "Run 'docker network --help' for more information\n"),
    (["--bogus"], 125, "unknown flag: --bogus\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
     "Run 'docker --help' for more information\n"),
    (["-H"], 125, "flag needs an argument: 'H' in -H\n\nUsage:  docker [OPTIONS] COMMAND "
     "[ARG...]\n\nRun 'docker --help' for more information\n"),
    (["-l", "bogus", "ps"], 1, "Unable to parse logging level: bogus\n"),
    (["help", "bogus"], 1, "unknown help topic: bogus\n"),
    # commit and tag stop reading flags at their first argument (SetInterspersed(false))
    (["commit", "c1", "local/x", "-m", "msg"], 1, "docker: 'docker commit' requires at least 1 and at "
     "most 2 arguments\n\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\n"
     "Run 'docker commit --help' for more information\n"),
    (["image", "tag", "a", "b", "-x"], 1, "docker: 'docker image tag' requires 2 arguments\n\nUsage:  "
     "docker image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'docker image tag --help' "
     "for more information\n"),
]


@pytest.mark.parametrize("argv,status,stderr", USAGE_ERRORS, ids=[" ".join(a) for a, _, _ in USAGE_ERRORS])
def test_cli_usage_errors_like_docker(argv, status, stderr):
    rc, out, err = run_cli(*argv)
    assert (rc, out, err) == (status, "", stderr.replace("docker", "docksock"))


def test_cli_help_groups_commands_like_docker():
    rc, out, err = run_cli("--help")
    assert rc == 0 and err == ""
    assert out.index("Common Commands:") < out.index("Management Commands:") < \
        out.index("Swarm Commands:") < out.index("\nCommands:") < out.index("Global Options:")
    assert "\n  network     Manage networks\n" in out and "\n  ps          List containers\n" in out
    rc, out, err = run_cli("ps", "--help")
    assert rc == 0 and out.startswith("Usage:  docksock ps [OPTIONS]\n\nList containers\n\n"
                                      "Aliases:\n  docksock container ls, docksock container list, "
                                      "docksock container ps, docksock ps\n\nOptions:\n")
    assert run_cli("container", "list", "--help")[1].startswith("Usage:  docksock container ls ")
    assert run_cli("builder", "build", "--help")[1].startswith("Usage:  docksock builder build ")
    rc, out, err = run_cli("ps", "-h")
    assert (rc, err) == (0, "Flag shorthand -h has been deprecated, use --help\n")
    assert run_cli("network")[:2] == run_cli("network", "--help")[:2] == (0, run_cli("help", "network")[1])


def test_cli_refuses_what_it_does_not_do_by_name():
    rc, out, err = run_cli("stack", "ls")
    assert (rc, out) == (125, "") and err.startswith("docksock: 'stack ls' is not supported: stacks ")
    rc, out, err = run_cli("pull", "--disable-content-trust=false", "x")
    assert (rc, err) == (125, "docksock: --disable-content-trust is not supported: content trust "
                              "(Notary signatures) is not implemented\n")


def test_cli_flag_audit_catches_an_ignored_flag(monkeypatch):
    """The tests' alarm for a flag taken and ignored (DOCKSOCK_FLAG_AUDIT, set for every
    test): a handler that never reads a flag it was given fails the run."""
    reads_all = lambda client, args, stdio: 0 if args.all is not None else 1
    monkeypatch.setitem(docksock._HANDLERS, "container ls", (reads_all, ""))
    assert run_cli("-H", "unix:///nonexistent", "ps", "-a")[0] == 0
    with pytest.raises(AssertionError, match=r"'container ls' ignored --quiet"):
        run_cli("-H", "unix:///nonexistent", "ps", "-a", "-q")


def test_cli_pflag_grammar():
    flags = docksock._parse_flag_table("a all|Show all\nn last int|N (default -1)\n"
                                        "- format string|F\nf filter filter|Filter\n"
                                        "- names strings|Names")
    args, words = docksock._parse_command_line(flags, ["-an5", "x", "--filter=a=b", "-f", "c=d",
                                                       "--names", "p,q", "--", "-y"])
    assert (args.all, args.last, args.filter, args.names, words) == (True, 5, ["a=b", "c=d"],
                                                                     ["p", "q"], ["x", "-y"])
    assert args.changed == {"all", "last", "filter", "names"} and args.format is None
    args, words = docksock._parse_command_line(flags, ["-n=7", "-a=false", "img", "-a"], False)
    assert (args.last, args.all, words) == (7, False, ["img", "-a"])
    args, _ = docksock._parse_command_line(flags, [])
    assert (args.last, args.filter, args.all) == (-1, [], False)
    for bad in (["-n"], ["--last"], ["-n", "0x"], ["---x"], ["--a"]):
        with pytest.raises(docksock._UsageError):
            docksock._parse_command_line(flags, bad)


def _docker28():
    """The docker 28 CLI of .ci/engines, or None."""
    path = os.path.join(os.environ.get("DOCKSOCK_CI_CACHE", "/var/cache/docksock-ci"),
                        "engines", "sid-cli", "tree", "usr", "bin", "docker")
    return path if os.access(path, os.X_OK) else None


def _docker28_or_skip():
    docker = _docker28()
    if docker is None:
        if _env_true("CI"):
            pytest.fail("CI: docker 28's CLI is missing (.ci/engines cli fetches it)")
        pytest.skip("docker 28's CLI is not in the CI cache (bash .ci/engines cli)")
    return docker


def test_cli_info_format_without_a_daemon_as_docker_28(tmp_path):
    """info --format when the daemon cannot be reached: docker 28 runs the template over a
    zero system.Info (ServerErrors and ClientErrors [] as nil slices print), then fails
    with the connection's error; docksock prints the same and fails the same (its error
    adds a "cause:" line)."""
    docker = _docker28_or_skip()
    env = {"DOCKER_CONFIG": str(tmp_path), "HOME": str(tmp_path),
           "DOCKER_HOST": "unix://%s/none.sock" % tmp_path, "PATH": os.environ.get("PATH", "")}
    for fmt in ("{{.ServerVersion}}", "{{.ServerErrors}}|{{.ClientErrors}}", "{{.Swarm}}",
                "{{.Swarm.NodeID}}|{{.NCPU}}|{{.Plugins}}", "{{.ClientInfo.Context}}",
                "{{.Nope}}"):
        p = subprocess.run([docker, "info", "-f", fmt], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        rc, out, err = run_cli("info", "-f", fmt, env=env)
        assert (rc, out) == (p.returncode, p.stdout), fmt
        assert re.sub(r"\n  cause: .*", "", err.replace("docksock", "docker")) == p.stderr, fmt


def test_cli_build_tags_are_checked_as_parsed_as_docker_28(tmp_path):
    """build -t values are references checked as the flag is read (pflag's error, usage,
    125), before any context is read or sent: as docker 28 (whose banner about its legacy
    builder aside)."""
    docker = _docker28_or_skip()
    env = {"DOCKER_CONFIG": str(tmp_path), "HOME": str(tmp_path), "DOCKER_BUILDKIT": "0",
           "DOCKER_HOST": "unix://%s/none.sock" % tmp_path, "PATH": os.environ.get("PATH", "")}
    for tag in ("Bad:Tag", "a b", "", "a" * 64, "x@sha256:" + "a" * 64):
        argv = ["build", "-q", "-t", "ok:1", "-t", tag, str(tmp_path / "missing")]
        p = subprocess.run([docker] + argv, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        theirs = re.sub(r"(?s)^DEPRECATED:.*?\n\n", "", p.stderr)
        rc, out, err = run_cli(*argv, env=env)
        assert (rc, out, err.replace("docksock", "docker")) == (p.returncode, p.stdout, theirs), tag


def test_flags_docker_checks_as_it_reads_them_as_docker_28(tmp_path):
    """Every flag docker 28 checks while it parses (its opts types' Set: --mount, --publish,
    --network, --secret, --config, --placement-pref, --ulimit, --external-ca, --dns,
    --dns-search, --host, --add-host, --label, --link, --tag, --generic-resource,
    --default-addr-pool) refuses
    odd values with pflag's error, usage and 125 before any request, as docker 28 does; a
    value it takes goes on to the same next error.  Each flag once (aliases of a command
    aside), 10 values each."""
    docker = _docker28_or_skip()
    env = {"DOCKER_CONFIG": str(tmp_path), "HOME": str(tmp_path), "DOCKER_BUILDKIT": "0",
           "DOCKER_HOST": "unix://%s/none.sock" % tmp_path, "PATH": os.environ.get("PATH", "")}
    values = ["bad", "a=b", "", "1-2:3-5", "127.0.0.1:8080:80", "spread=x",
              "type=bind,target=/x", "a b", "source=s,target=t,mode=0777", "10.0.0.0/8,x/33"]
    seen, differ = set(), []
    for path, cmd in sorted(docksock._command_table().items(), key=lambda i: len(i[0])):
        for flag in cmd.flags:
            if path == "proxy" or (flag.long not in docksock._LIST_CHECKS and
                                   flag.type not in docksock._TYPE_CHECKS) \
                    or (flag.long, flag.type, path.split()[-1]) in seen:
                continue
            seen.add((flag.long, flag.type, path.split()[-1]))
            for value in values:
                argv = path.split() + ["--%s=%s" % (flag.long, value)]
                p = subprocess.run([docker] + argv, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   universal_newlines=True)
                theirs = re.sub(r"(?s)^DEPRECATED:.*?\n\n", "", p.stderr)
                rc, out, err = run_cli(*argv, env=env)
                err = re.sub(r"\n  cause: .*", "", err.replace("docksock", "docker"))
                if (rc, out, err) != (p.returncode, p.stdout, theirs):
                    differ.append((argv, theirs.split("\n")[:1], err.split("\n")[:1]))
    assert len(seen) >= 25
    assert differ == [], "\n".join(map(repr, differ))


def test_cli_help_and_usage_errors_match_docker_28(tmp_path):
    """Every command's --help, and the usage errors above, byte for byte against docker 28's
    own CLI (the program name aside), where .ci/engines has fetched it."""
    docker = _docker28_or_skip()
    env = dict(os.environ, DOCKER_CONFIG=str(tmp_path), HOME=str(tmp_path),
               DOCKER_HOST="unix:///nonexistent/docker.sock")

    def docker_says(*argv):
        p = subprocess.run([docker] + list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True, env=env)
        return p.returncode, p.stdout, p.stderr
    table = docksock._command_table()
    # manifest and trust: docksock keeps their summaries, not docker's pages about them
    paths = sorted(p for p in table if p.split()[0] not in ("manifest", "trust"))
    differ = []
    for path in paths:
        want = docker_says(*(path.split() + ["--help"]))
        got = run_cli(*(path.split() + ["--help"]), env={"DOCKER_CONFIG": str(tmp_path)})
        if path in ("api", "doctor", "proxy"):
            continue
        if (got[0], got[1].replace("docksock", "docker")) != want[:2]:
            differ.append(path)
    assert differ == []
    for argv, status, stderr in USAGE_ERRORS:
        assert docker_says(*argv) == (status, "", stderr), argv
    # every command and flag of docker 28 is in docksock's table (the reverse holds by
    # construction: the table is docker's help)
    rc, out, _ = docker_says("--help")
    names = re.findall(r"^  ([a-z][a-z-]*) ", out, re.M)
    assert set(names) - set(table) == set()


def test_every_duration_and_decimal_flag_refuses_as_docker_28(tmp_path):
    """Every flag docker 28 types duration or decimal, of every command, given values Go's
    time.ParseDuration and the CLI's rational-number parser refuse: the same pflag error,
    usage and exit status 125 as docker 28's own CLI (which fails before it dials)."""
    docker = _docker28_or_skip()
    env = dict(os.environ, DOCKER_CONFIG=str(tmp_path), HOME=str(tmp_path),
               DOCKER_HOST="unix:///nonexistent/docker.sock")
    bad = {"duration": ["", "5", "1.5", "x", "5q", "5 s", "1s5", ".s", "1e3s", "1m-5s",
                        "9223372036854775808ns", "2562048h", "--5s"],
           "decimal": ["", "abc", " 1", "1/0", "0.0000000001", "1e-12", "0x10", "0b11", "010/1",
                       "1_000", "0x_1.8p1", "1/0x2", "1e_3", "1__0", "1_", "_1", "0x", "1e",
                       "0b102", "0o8", "1/-2", "1/2/3", "Inf", "1e1000001", "0x1.8", "08", "1p1"]}
    flags = [(path, flag) for path, cmd in sorted(docksock._command_table().items())
             for flag in cmd.flags if flag.type in bad]
    assert len(flags) >= 50
    differ = []
    for path, flag in flags:
        for value in bad[flag.type]:
            argv = path.split() + ["--%s=%s" % (flag.long, value)]
            p = subprocess.run([docker] + argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, universal_newlines=True, env=env)
            rc, out, err = run_cli(*argv, env={"DOCKER_CONFIG": str(tmp_path)})
            if (rc, out, err.replace("docksock", "docker")) != (p.returncode, p.stdout, p.stderr):
                differ.append((argv, err.splitlines()[:1], p.stderr.splitlines()[:1]))
    assert differ == [], "\n".join(map(repr, differ))


# run and create: every flag's body, side by side with docker 28 against one fake daemon.
# Each line is one command line (shlex); {tmp} is the test's directory.  The errors are
# compared too: stdout, stderr and exit status.
RUN_FLAG_CASES = r"""
create local/busybox
create --name x -p 8080:80 -p 127.0.0.1:9000-9002:9000-9002/udp -p 53/udp -p 5000 -P --expose 7000-7002 --expose 81/sctp local/busybox echo hi
create -p [::1]:80:80 -p published=8443,target=443,protocol=tcp -p 80/UDP -p 1.2.3.4::80 -p ::81 -p ::1:82:82 -p [::1]::83 -p 90/udp/x local/busybox
create -e A=1 -e A=2 -e B -e DKS_FROM_HOST -e DKS_UNSET --env-file {tmp}/env --label-file {tmp}/labels -l x=y -l z local/busybox
create -e HTTP_PROXY=mine -e no_proxy local/busybox
create --restart on-failure:3 --memory 512m --memory-reservation 256m --memory-swap -1 --memory-swappiness 10 --kernel-memory 10m --shm-size 64m --oom-kill-disable --oom-score-adj 100 --pids-limit 50 local/busybox
create --cpus 1.5 --cpu-shares 512 --cpu-period 100000 --cpu-quota 50000 --cpuset-cpus 0 --cpuset-mems 0 --cpu-rt-period 1000 --cpu-rt-runtime 500 local/busybox
create --blkio-weight 300 --blkio-weight-device /dev/sda:200 --device-read-bps /dev/sda:1mb --device-write-bps /dev/sda:10k --device-read-iops /dev/sda:100 --device-write-iops /dev/sda:200 local/busybox
create --ulimit nofile=1024:2048 --ulimit nproc=100 --ulimit core=-1 --ulimit nproc=200 local/busybox
create --device /dev/null --device /dev/zero:/dev/z:r --device /dev/full:rw --device //dev/./tty --device vendor.com/gpu=0 --device-cgroup-rule 'c 1:3 rwm' --gpus all --gpus device=0,1 --gpus count=2,capabilities=compute,driver=nvidia local/busybox
create --dns 8.8.8.8 --dns ::ffff:1.2.3.4 --dns-option ndots:2 --dns-search example.com --add-host a:1.2.3.4 --add-host b=::1 --add-host c:host-gateway --add-host d=[::2] local/busybox
create --dns 127.0.0.1 local/busybox
create --health-cmd true --health-interval 30s --health-timeout 1m --health-retries 3 --health-start-period 1.5s --health-start-interval 2s local/busybox
create --no-healthcheck local/busybox
create --sysctl net.ipv4.ip_forward=1 --sysctl kernel.shmmax=1000 --tmpfs /run --tmpfs /tmp:rw,size=64m --annotation a=b --storage-opt size=10G --log-driver json-file --log-opt max-size=10m --log-opt max-file=3 local/busybox
create --mount type=bind,source=/tmp,target=/t,readonly,bind-propagation=rslave --mount type=volume,src=v1,dst=/v,volume-label=a=b,volume-driver=local,volume-opt=o=x,volume-nocopy --mount type=tmpfs,target=/tt,tmpfs-size=1m,tmpfs-mode=0700 --mount target=/anon local/busybox
create --mount type=image,source=local/busybox,target=/img,image-subpath=/bin --mount type=bind,src=.,dst=/here,bind-recursive=readonly,ro,bind-propagation=rprivate --mount type=bind,src=/a,dst=/b,bind-nonrecursive local/busybox
create -v /tmp:/t:ro -v /data -v named:/n -v ./rel:/r -v /a:/b:rw,z -v /tmp:/t:ro local/busybox
create --volumes-from other:ro --volume-driver local local/busybox
create --security-opt no-new-privileges --security-opt label=disable --security-opt apparmor:unconfined --security-opt systempaths=unconfined --security-opt seccomp=unconfined --security-opt seccomp={tmp}/seccomp.json local/busybox
create --cap-add net_admin --cap-add SYS_TIME --cap-drop all --cap-drop chown --cap-drop CAP_CHOWN --group-add 10 --group-add audio local/busybox
create --privileged --read-only --init --rm -t -i local/busybox
create --init=false -a stdout -a STDERR local/busybox
create -a stdin local/busybox
create --entrypoint= local/busybox
create --entrypoint /bin/sh -u 1000:1000 -w /tmp -h host1 --domainname example.com --stop-signal SIGUSR1 --stop-timeout 5 --runtime runc --isolation default local/busybox
create --pid host --uts host --ipc private --userns host --cgroupns private --cgroup-parent /x local/busybox
create --pid container:abc --ipc container:abc local/busybox
create --network none local/busybox
create --network host --mac-address 92:d0:c6:0a:29:33 local/busybox
create --network mynet --network-alias a1 --network-alias a2 --ip 172.30.100.104 --ip6 2001:db8::33 --link-local-ip 169.254.1.1 --link other:o local/busybox
create --network name=n1,alias=x,driver-opt=k=v,gw-priority=5 --network name=n2,ip=10.0.0.2,mac-address=92:d0:c6:0a:29:34 --network n3 local/busybox
create --link other:alias --link third local/busybox
create --cidfile {tmp}/cid local/busybox
create --platform linux/amd64 --pull never -q local/busybox
create --publish-all --expose 80 local/busybox
run -d --network none local/busybox
run -d -a stdout local/busybox
run --pull bogus local/busybox
create --dns notanip local/busybox
create --dns-search -bad- local/busybox
create --label ' =x' local/busybox
create --label 'a b=x' local/busybox
create --link a:b:c local/busybox
create --sysctl kernel.foo=1 local/busybox
create --ulimit bogus=1 local/busybox
create --ulimit nofile=2:1 local/busybox
create --ulimit nofile=-1:5 local/busybox
create --ulimit nofile=1:2:3 local/busybox
create --mount type=bind local/busybox
create --mount type=bind,target=/x,volume-nocopy local/busybox
create --mount foo local/busybox
create --mount type=tmpfs,target=/x,tmpfs-mode=9 local/busybox
create --mount type=bind,target=/x,bind-recursive=writable local/busybox
create --gpus count=x local/busybox
create --gpus all,count=2 local/busybox
create --network name=a,bogus=1 local/busybox
create --memory abc local/busybox
create --memory 5zb local/busybox
create --memory ' 5m' local/busybox
create --cpus 1.0000000001 local/busybox
create --cpus 0x1.8 local/busybox
create --cpus 1_500e-3 local/busybox
create --cpus 010/4 local/busybox
create --cpus x local/busybox
create --blkio-weight-device /dev/sda:5 local/busybox
create --device-read-bps sda:1 local/busybox
create --device-read-iops /dev/sda:x local/busybox
create --device-cgroup-rule bogus local/busybox
create -a bogus local/busybox
create -e =x local/busybox
create --add-host bad local/busybox
create --add-host a:notanip local/busybox
create --mac-address zz local/busybox
create -v a::b local/busybox
create -v /a:/b:/c:d local/busybox
create -p 1-2:3-5 local/busybox
create -p 80/xyz local/busybox
create -p abc/xyz local/busybox
create -p 1.2.3:80:80 local/busybox
create -p [::1:80:80 local/busybox
create -p '' local/busybox
create -p 5-3 local/busybox
create -p published=80,target local/busybox
create --expose 80:80 local/busybox
create --expose abc local/busybox
create --expose 5-3 local/busybox
create --expose 70000 local/busybox
create --device relative local/busybox
create --device /dev/a:/dev/b:rx local/busybox
create --pid bogus local/busybox
create --uts bogus local/busybox
create --userns bogus local/busybox
create --cgroupns bogus local/busybox
create --restart :3 local/busybox
create --restart on-failure:x local/busybox
create --log-driver none --log-opt a=b local/busybox
create --security-opt bogus local/busybox
create --security-opt seccomp={tmp}/missing.json local/busybox
create --storage-opt bogus local/busybox
create --no-healthcheck --health-cmd x local/busybox
create --memory-swappiness 200 local/busybox
create --rm --restart always local/busybox
run --rm --restart always local/busybox
create --network-alias x local/busybox
create --network mynet --network name=mynet local/busybox
create --network none --network mynet local/busybox
create --env-file {tmp}/missing local/busybox
create --label-file {tmp}/missing local/busybox
run --cpu-count 2 --cpus 1 local/busybox
create --use-api-socket local/busybox
create --net none --dns-opt ndots:1 local/busybox
create --net mynet --net-alias x local/busybox
create --use-api-socket -e DOCKER_CONFIG=/x local/busybox
create --io-maxbandwidth 1m --io-maxiops 10 --cpu-percent 5 local/busybox
"""
# The same against an older API: the flags and features docker gates on the version.
RUN_FLAG_CASES_1_24 = r"""
create --kernel-memory 10m --mac-address 92:d0:c6:0a:29:33 local/busybox
create --annotation a=b --cgroupns host --cpus 1 --init --stop-timeout 3 --platform linux/amd64 --gpus all --health-start-period 1s local/busybox
create --mount type=bind,src=/tmp,dst=/x,ro,bind-recursive=readonly,bind-propagation=rprivate local/busybox
"""


def _zeroless(value, key=None):
    """A create body without its zero values (Go sends every field, docksock what is set),
    lists docker fills from a map in sorted order."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _zeroless(v, k)
            if v not in (None, "", 0, False, [], {}) or k == "MemorySwappiness":
                out[k] = v
        return out
    if isinstance(value, list):
        value = [_zeroless(v) for v in value]
        return [] if key == "ConsoleSize" and value == [0, 0] else \
            sorted(value, key=json.dumps) if key in ("Env", "Binds") else value
    return value


@pytest.mark.parametrize("version, cases", [("1.51", RUN_FLAG_CASES),
                                            ("1.24", RUN_FLAG_CASES_1_24)])
def test_cli_run_and_create_flags_match_docker_28(fake, tmp_path, version, cases):
    """Every run/create flag: the create body docksock sends is docker 28's (zero values
    aside), and every refusal has docker's words and exit status."""
    docker = _docker28_or_skip()
    bodies = []

    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": version, "OSType": "linux"}, b"OK"
        if req.path.startswith("/v%s/containers/create" % version):
            bodies.append((req.path, json.loads(req.body.decode())))
            return _json({"Id": "c" * 64, "Warnings": ["from the daemon"]}, 201)
        if req.path == "/v%s/info" % version:
            return _json({"ExperimentalBuild": False, "OSType": "linux"})
        if req.path == "/v%s/containers/%s/start" % (version, "c" * 64):
            return 204, {}, b""
        if req.path.startswith("/v%s/containers/%s/wait" % (version, "c" * 64)):
            return _json({"StatusCode": 0})
        if req.path.startswith("/v%s/containers/%s/archive" % (version, "c" * 64)):
            with tarfile.open(fileobj=io.BytesIO(req.body)) as tar:
                bodies.append((req.path, [(m.name, m.mode, tar.extractfile(m).read())
                                          for m in tar.getmembers()]))
            return 200, {}, b""
        return 404, {"Content-Type": "application/json"}, b'{"message":"no such thing"}'
    d = fake(handler)
    _write(str(tmp_path / "env"), b"E1=one\n# a comment\n  E2=two\nE3\nDKS_FROM_HOST\r\n")
    _write(str(tmp_path / "labels"), b"L1=a\nL2\n")
    _config(tmp_path / "cfg", {"auths": {"127.0.0.1:5000": {"auth": _b64("alice:pw")},
                                         "example.com": {"identitytoken": "tok"}},
                               "proxies": {"default": {"httpProxy": "http://proxy:3128",
                                                       "noProxy": "localhost"}}})
    _write(str(tmp_path / "seccomp.json"), b'{ "defaultAction": "SCMP_ACT_ALLOW",\n "x": [1, 2] }')
    env = {"DOCKER_HOST": d.url, "DOCKER_CONFIG": str(tmp_path / "cfg"), "HOME": str(tmp_path),
           "PATH": os.environ.get("PATH", ""), "DKS_FROM_HOST": "host value",
           "DOCKSOCK_FLAG_AUDIT": "1"}
    differ = []
    for line in cases.strip().splitlines():
        argv = shlex.split(line.replace("{tmp}", str(tmp_path)))
        answers = []
        for who in ("docker", "docksock"):
            del bodies[:]
            if os.path.exists(str(tmp_path / "cid")):
                os.unlink(str(tmp_path / "cid"))
            rc, out, err = _cli_says(docker if who == "docker" else None, env, argv)
            cid = (tmp_path / "cid").read_text() if (tmp_path / "cid").exists() else None
            # the query's order and its booleans' spelling (Go's true, docksock's 1) aside
            sent = [(urllib.parse.urlsplit(p).path,
                     sorted((k, {"true": "1", "false": "0"}.get(v, v)) for k, v in
                            urllib.parse.parse_qsl(urllib.parse.urlsplit(p).query)),
                     _zeroless(b) if isinstance(b, dict) else b) for p, b in bodies]
            answers.append((rc, out, err, cid, sent))
        if answers[0] != answers[1]:
            differ.append("%s\n  docker:   %r\n  docksock: %r" % (line, answers[0], answers[1]))
    assert not differ, "\n".join(differ)


def test_doctor_explains_each_broken_socket(tmp_path):
    missing = str(tmp_path / "none.sock")
    rc, out, err = run_cli("-H", "unix://" + missing, "doctor")
    assert rc == 1
    assert "Endpoint: unix://%s\n  chosen from: --host\n" % missing in out
    assert "  %s: missing\n" % missing in out
    assert "Daemon: not usable\n  Cannot connect to the Docker daemon at unix://%s." % missing in out
    assert "-v /var/run/docker.sock:/var/run/docker.sock" in out
    regular = tmp_path / "file.sock"
    regular.write_text("")
    rc, out, err = run_cli("-H", "unix://" + str(regular), "doctor")
    assert rc == 1 and "%s: regular file, -rw-r--r--" % regular in out
    assert "problem: a regular file stands where the socket should be" in out
    path = tempfile.mktemp(prefix="dks", dir="/tmp")
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)    # a stale socket: bound, nobody listening
    try:
        rc, out, err = run_cli("-H", "unix://" + path, "doctor")
    finally:
        s.close()
        os.unlink(path)
    assert rc == 1 and ", can open: no (connection refused)" in out
    assert "problem: nothing is listening; the daemon is not running or the socket is stale" in out


def test_doctor_as_an_unprivileged_user():
    path, p = _as_nobody("doctor")
    assert p.returncode == 1
    assert "%s: socket, srw-rw---- root:root, can open: no (permission denied)" % path in p.stdout
    assert "fix: add user uid 65534 to the 'root' group" in p.stdout


def test_doctor_with_a_working_daemon(lab):
    rc, out, err = run_cli("-H", lab.host, "doctor")
    assert rc == 0, out
    assert "%s: socket, " % lab.sock in out and ", can open: yes" in out
    assert re.search(r"Daemon: answering at %s\n  \S+ \S+ \(API 1\.\d+, minimum 1\.\d+\); "
                     r"docksock speaks API 1\.\d+" % re.escape(lab.host), out)


def test_output_into_a_closed_pipe_is_quiet(lab):
    # ~1 MB of output into `head -1`, far past the pipe's buffer: the writer gets EPIPE,
    # and ends with the status a shell shows for docker, which SIGPIPE ends (141).  Under
    # PYTHONUNBUFFERED the first write takes part of the data and no error: the rest must
    # still be written (and so fail), not dropped with status 0.
    names = " ".join([lab.image] * 300)
    for unbuffered in ("", "1"):
        p = subprocess.run("%s docksock.py inspect %s | head -1; echo \"rc=${PIPESTATUS[0]}\"" % (
            sys.executable, names), shell=True, executable="/bin/bash", cwd=HERE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
            env=dict(os.environ, DOCKER_HOST=lab.host, PYTHONUNBUFFERED=unbuffered))
        assert (p.stdout, p.stderr) == ("[\nrc=141\n", ""), unbuffered


def test_import_is_light():
    """import docksock loads nothing beyond what http.client, json and socket load."""
    code = "import sys, %s; print(sorted(m for m in sys.modules if not m.startswith('_')))"
    def modules(what):
        out = subprocess.check_output([sys.executable, "-c", code % what], cwd=HERE,
                                      universal_newlines=True)
        return set(eval(out))
    ours = modules("docksock")
    extra = ours - modules("http.client, json, socket, errno, select, struct, threading, time")
    # docker-py's module layout (docksock.errors, docksock.utils.socket...) is made in the file
    assert {m for m in extra if not m.startswith("docksock.")} == {"docksock"}
    assert {"docksock.errors", "docksock.types", "docksock.tls"} < extra
    for heavy in ("tarfile", "subprocess", "argparse", "getpass", "termios"):
        assert heavy not in ours


@pytest.mark.parametrize("how", [["-m", "docksock"], ["docksock.py"]])
def test_runs_as_module_and_script(how):
    p = subprocess.run([sys.executable] + how + ["--version"], cwd=HERE, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    assert (p.returncode, p.stdout, p.stderr) == (0, "docksock version %s\n" % docksock.__version__, "")


# ==== docker-py compatibility: docker-py 7.2 itself as the oracle =================
# docker==7.2.0 lives in a test-only virtual environment (never a docksock dependency):
# DOCKSOCK_DOCKER_PY names its python, by default the one .ci/run makes in the CI cache.
# The tests run code in it and compare what docker-py says with what docksock says.

DOCKER_PY_PYTHON = os.environ.get("DOCKSOCK_DOCKER_PY") or os.path.join(
    os.environ.get("DOCKSOCK_CI_CACHE", "/var/cache/docksock-ci"), "venv-dockerpy", "bin",
    "python")


def _docker_py(code, *args, **kwargs):
    """Run code with docker-py's python; its stdout.  Skips (fails under CI=true) when
    that environment is missing."""
    if not os.path.isfile(DOCKER_PY_PYTHON):
        why = ("no docker-py 7.2 environment at %s (set DOCKSOCK_DOCKER_PY to its python, or "
               "make it: python3.13 -m venv DIR && DIR/bin/pip install docker==7.2.0)"
               % DOCKER_PY_PYTHON)
        if _env_true("CI"):
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    p = subprocess.run([DOCKER_PY_PYTHON, "-c", code] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, **kwargs)
    assert p.returncode == 0, p.stderr
    return p.stdout


# What both sides are walked with: docker-py's modules in its python, docksock's here.
_API_WALKER = r'''
import ast, inspect, textwrap

def tokens(obj, drop_first=False):
    """A signature as parameter names in order: "*" and "**" for the catch-alls, "kw:x"
    for a keyword-only x; None when Python cannot tell."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    out = [{p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**", p.KEYWORD_ONLY: "kw:" + p.name}
           .get(p.kind, p.name) for p in sig.parameters.values()]
    return out[1:] if drop_first else out

def self_attributes(cls, ours):
    """The public names its own classes' __init__ methods assign to self."""
    names = set()
    for klass in cls.__mro__:
        init = vars(klass).get("__init__") if ours(getattr(klass, "__module__", "")) else None
        if not hasattr(init, "__code__"):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
        except (OSError, TypeError, SyntaxError):
            continue
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
            for t in targets:
                for sub in ast.walk(t):
                    if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) \
                            and sub.value.id == "self" and not sub.attr.startswith("_"):
                        names.add(sub.attr)
    return names

def members(cls, ours):
    """{name: [kind, parameters]} of a class's public members, from its own classes
    (not dict's, Exception's or requests.Session's), instance attributes included."""
    out = {}
    for klass in reversed(cls.__mro__):
        if not ours(getattr(klass, "__module__", "")):
            continue
        for name, raw in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(raw, staticmethod):
                out[name] = ["staticmethod", tokens(raw.__func__)]
            elif isinstance(raw, classmethod):
                out[name] = ["classmethod", tokens(raw.__func__, True)]
            elif inspect.isfunction(raw):
                out[name] = ["method", tokens(raw, True)]
            else:
                out[name] = ["property" if isinstance(raw, property) else
                             "class" if inspect.isclass(raw) else "attribute", None]
    for name in self_attributes(cls, ours):
        out.setdefault(name, ["attribute", None])
    return out

def describe(obj, ours):
    if inspect.ismodule(obj):
        return {"kind": "module"}
    if inspect.isclass(obj):
        return {"kind": "class", "params": tokens(obj), "members": members(obj, ours)}
    if callable(obj):
        return {"kind": "function", "params": tokens(obj)}
    return {"kind": "value"}
'''

# docker-py's public surface: every public module, the names it defines (re-exports too
# for a package, and submodules), each with its kind and parameters, and each class
# defined there with its members.
_DOCKER_PY_SURFACE = _API_WALKER + r'''
import importlib, json, pkgutil, sys
import docker

def bindings(mod, package):
    try:
        tree = ast.parse(inspect.getsource(mod))
    except (OSError, TypeError):
        return set(), set()
    defined, reexported = set(), set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                defined.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.ImportFrom) and package and \
                (node.level or (node.module or "").startswith("docker")):
            reexported.update(a.asname or a.name for a in node.names)
    return defined, reexported

ours = lambda module: module == "docker" or module.startswith("docker.")
names = ["docker"] + [m.name for m in pkgutil.walk_packages(docker.__path__, "docker.")]
modules = {}
for name in names:
    if any(part.startswith("_") for part in name.split(".")):
        continue
    try:
        mod = importlib.import_module(name)
    except ImportError as e:
        modules[name] = {"error": str(e)}
        continue
    defined, reexported = bindings(mod, hasattr(mod, "__path__"))
    children = set(n.rpartition(".")[2] for n in names if n.rpartition(".")[0] == name)
    entry = {}
    for public in sorted(defined | reexported | children):
        if public.startswith("_") or not hasattr(mod, public):
            continue
        obj = getattr(mod, public)
        binding = "submodule" if public in children else \
            "defined" if public in defined else "reexport"
        info = describe(obj, ours) if binding == "defined" else \
            {"kind": describe(obj, ours)["kind"]}
        info["binding"] = binding
        entry[public] = info
    modules[name] = {"names": entry}
json.dump({"version": docker.__version__, "modules": modules}, sys.stdout, sort_keys=True)
'''

# The ONE table of docksock's differences from docker-py 7.2's public surface.  A key is a
# dotted docker-py path, or several, space-separated (* matches anything, so "x x.*" is x
# and everything under it).  Every difference must be covered, and every entry must still
# cover one: an entry made stale by new work fails the test until it is removed.
DOCKER_PY_DIFFERENCES = {
    # refused: what only makes sense inside docker-py
    "docker.transport docker.transport.*": "requests/urllib3 adapters and connection pools (and Windows named "
                        "pipes, paramiko): docksock has no requests Session; its transports "
                        "are http.client connections (UnixHTTPConnection, SSHHTTPConnection)",
    "docker.api.client.APIClient.get_adapter": "requests' adapter lookup, for the same reason",
    "docker.api.build* docker.api.config* docker.api.container* docker.api.daemon* "
    "docker.api.exec_api* docker.api.image* docker.api.network* docker.api.plugin* "
    "docker.api.secret* docker.api.service* docker.api.swarm* docker.api.volume*":
        "docker-py's APIClient mixin modules: docksock's APIClient has every method, grouped "
        "by the Engine API reference's groups instead; use APIClient",
    "docker.*.log": "docker-py's module loggers: docksock logs nothing; "
                    "APIClient(trace=print) shows every request and response",
    # docksock's additions, each documented in the README
    "docker.api.client.APIClient": "more keywords after docker-py's: context, environment, "
                                   "ssh_options, trace, max_body",
    "docker.api.client.APIClient.attach_socket": "tty= saves the inspect that learns the TTY",
    "docker.api.client.APIClient.logs": "demux=: (stdout, stderr), as attach and exec have; "
                                        "tty= saves the inspect; details= (docker logs "
                                        "--details)",
    "docker.api.client.APIClient.inspect_container": "size=: SizeRw and SizeRootFs (docker "
                                                     "container inspect -s)",
    "docker.api.client.APIClient.start": "checkpoint=, checkpoint_dir=: docker start "
                                         "--checkpoint (experimental daemons)",
    "docker.api.client.APIClient.stop docker.api.client.APIClient.restart":
        "signal=: docker stop/restart -s (API 1.42)",
    "docker.api.client.APIClient.update_container": "nano_cpus, cpu_rt_period, "
                                                    "cpu_rt_runtime, pids_limit: the rest of "
                                                    "docker update's flags (--cpus is NanoCpus)",
    "docker.api.client.APIClient.prune_volumes": "all=: named volumes too (API 1.42)",
    "docker.api.client.APIClient.put_archive": "no_overwrite_dir_non_dir, copy_uid_gid: the "
                                               "Engine's options, as docker cp uses them",
    "docker.api.client.APIClient.create_container": "pull_missing=: pull a missing image and "
                                                    "create again, as docker run does",
    "docker.api.client.APIClient.import_image": "message=, platform=, stream=: docker "
                                                "import's -m and --platform, its progress",
    "docker.api.client.APIClient.build "
    "docker.api.client.APIClient.connect_container_to_network "
    "docker.api.client.APIClient.create_network "
    "docker.api.client.APIClient.history docker.api.client.APIClient.images "
    "docker.api.client.APIClient.inspect_container docker.api.client.APIClient.inspect_image "
    "docker.api.client.APIClient.load_image docker.api.client.APIClient.plugins "
    "docker.api.client.APIClient.push docker.api.client.APIClient.remove_image "
    "docker.api.client.APIClient.search":
        "the docker CLI's options docker-py lacks, as keywords after docker-py's (build "
        "ulimits/security_opt/cgroup_parent, gw_priority, enable_ipv4/config_only/"
        "config_from, platform(s), manifests, size, filters, search "
        "auth_config, load_image's stream for docker load's progress)",
    "docker.api.client.APIClient.wait": "stream=: the Response before the container stops, "
                                        "so the wait is in place before start()",
    "docker.tls.TLSConfig": "assert_hostname=False: verify the CA but not the host name",
    "docker.errors.ContainerError": "stdout: the output as well as stderr",
    "docker.errors.ContextNotFound": "message: the docker CLI's words, with the path",
    "docker.client.from_env": "from_env's keywords named (docker-py: **kwargs, read by name)",
    # swarm (issue 15)
    "docker.api.client.APIClient.create_service docker.api.client.APIClient.update_service":
        "auth_config=: the registry credentials sent for the image (docker-py reads "
        "config.json only; docksock also takes login()'s, and the CLI sends none unless "
        "--with-registry-auth)",
    "docker.api.client.APIClient.init_swarm docker.api.client.APIClient.join_swarm":
        "availability=: the node's availability from the start (swarm init|join "
        "--availability)",
    "docker.api.client.APIClient.create_secret": "templating=: a template driver, as "
                                                 "create_config has (secret create "
                                                 "--template-driver)",
    "docker.api.client.APIClient.service_logs": "demux=: (stdout, stderr), as logs() has",
}


@pytest.fixture(scope="module")
def docker_py_surface():
    data = json.loads(_docker_py(_DOCKER_PY_SURFACE))
    assert data["version"] == "7.2.0", "the oracle is docker-py 7.2.0, not %s" % data["version"]
    return data["modules"]


def _docksock_differences(surface):
    """[(docker-py path, what differs)] and the counts {"names": [present, total],
    "members": [present, total]}.  A name is looked up as docksock.<the same path>;
    parameters and members are compared where docker-py defines the object."""
    walker = {}
    exec(_API_WALKER, walker)
    describe = walker["describe"]
    ours = lambda module: module == "docksock" or module.startswith("docksock.")
    diffs, counts = [], {"names": [0, 0], "members": [0, 0]}
    for modname, info in sorted(surface.items()):
        if "error" in info:   # docker-py's own dependencies missing (pywin32, paramiko)
            diffs.append((modname, "not importable with docker-py: %s" % info["error"]))
            continue
        mod = docksock
        for part in modname.split(".")[1:]:
            mod = getattr(mod, part, None)
        for name, want in sorted(info["names"].items()):
            path = modname + "." + name
            counts["names"][1] += 1
            obj = getattr(mod, name, None) if mod is not None else None
            if obj is None:
                diffs.append((path, "missing"))
                continue
            counts["names"][0] += 1
            got = describe(obj, ours)
            if want["kind"] not in ("value", got["kind"]):
                diffs.append((path, "a %s, docker-py's is a %s" % (got["kind"], want["kind"])))
                continue
            if want["binding"] != "defined":
                continue
            if None not in (want.get("params"), got.get("params")) and \
                    want["params"] != got["params"]:
                diffs.append((path, "parameters (%s), docker-py's (%s)"
                              % (", ".join(got["params"]), ", ".join(want["params"]))))
            for member, (kind, params) in sorted((want.get("members") or {}).items()):
                counts["members"][1] += 1
                mine = got["members"].get(member)
                if mine is None and not hasattr(obj, member):
                    diffs.append((path + "." + member, "missing"))
                    continue
                counts["members"][0] += 1
                if None not in (params, mine and mine[1]) and mine[1] != params:
                    diffs.append((path + "." + member, "parameters (%s), docker-py's (%s)"
                                  % (", ".join(mine[1]), ", ".join(params))))
    return diffs, counts


def _covers(key, path):
    import fnmatch
    return any(fnmatch.fnmatchcase(path, k) for k in key.split())


def test_docker_py_surface_enumerated(docker_py_surface, capsys):
    """Every public module, name, class member and parameter list of docker-py 7.2 exists
    in docksock at the same path with the same parameters in the same order, or
    DOCKER_PY_DIFFERENCES says why not; and every entry there is still needed."""
    diffs, counts = _docksock_differences(docker_py_surface)
    uncovered = ["%s: %s" % d for d in diffs
                 if not any(_covers(k, d[0]) for k in DOCKER_PY_DIFFERENCES)]
    stale = [k for k in DOCKER_PY_DIFFERENCES if not any(_covers(k, d[0]) for d in diffs)]
    assert uncovered == [] and stale == [], \
        "differences not in DOCKER_PY_DIFFERENCES:\n  %s\nentries no longer needed:\n  %s" \
        % ("\n  ".join(uncovered), "\n  ".join(stale))
    with capsys.disabled():
        print("\ndocker-py 7.2 surface in docksock: %d of %d module-level names, %d of %d "
              "class members; %d documented differences"
              % (counts["names"][0], counts["names"][1], counts["members"][0],
                 counts["members"][1], len(diffs)))
    assert counts["names"][0] > 300 and counts["members"][0] > 480   # the walk saw it all


def test_docker_py_module_imports():
    """docker-py's submodules import under docksock's name, as docker-py's packages."""
    code = ("import docksock as docker; from docksock.errors import NotFound, APIError; "
            "from docksock.types import Mount; from docksock.tls import TLSConfig; "
            "import docksock.errors, docksock.utils.socket, docksock.types.services; "
            "from docksock.utils import kwargs_from_env; "
            "from docksock.utils.socket import frames_iter; "
            "from docksock.context import ContextAPI; from docksock.credentials import Store; "
            "from docksock.models.containers import Container; "
            "print(docker.errors.NotFound is NotFound, "
            "issubclass(docker.errors.ImageNotFound, docker.errors.NotFound), "
            "docker.utils.socket.frames_iter is frames_iter, docker.types.Mount.__module__, "
            "docker.models.containers.Container is docker.Container)")
    out = subprocess.check_output([sys.executable, "-c", code], cwd=HERE, universal_newlines=True)
    assert out == "True True True docksock.types.services True\n"




# ---- docker-py's behaviour: types and helpers, evaluated by both -----------------------
# Each expression runs under docker-py and under docksock (T: types, U: utils, A: auth,
# C: credentials, E: errors, X: context; the test prepares CERTS, CTX, ENVFILE, a
# config.json and a fake credential helper); the results must be equal.  ContainerConfig
# is compared as it is sent: docker-py drops its None values before sending.

DOCKER_PY_SAME = [
    "T.Healthcheck(test='curl -f http://localhost/')",
    "T.Healthcheck(test=['CMD','true'], interval=1000000000, retries=3, start_period=0)",
    "T.Healthcheck(Test=['NONE'])",
    "T.LogConfig(type='json-file', config={'max-size': '1m'})",
    "T.LogConfig(Type='syslog').config",
    "T.Ulimit(name='nofile', soft=1024, hard=2048)",
    "T.DeviceRequest(count=-1, capabilities=[['gpu']])",
    "T.DeviceRequest(Driver='nvidia', DeviceIDs=['0'])",
    "T.Mount('/data', None)",
    "T.Mount.parse_mount_string('/data')",
    "T.Mount.parse_mount_string('vol:/data')",
    "T.Mount.parse_mount_string('/host:/data:ro')",
    "T.Mount.parse_mount_string('/host:/data:z')",
    "T.Mount('/t', None, type='tmpfs', tmpfs_size='64m', tmpfs_mode=0o1777)",
    "T.Mount('/d','v', no_copy=True, labels={'a':'b'}, "
    "driver_config=T.DriverConfig('local',{'o':'x'}), subpath='sub')",
    "T.Mount('/b','/h', type='bind', propagation='rshared', read_only=True, consistency='cached')",
    'T.RestartPolicy()',
    "T.RestartPolicy('on-failure', delay=5, max_attempts=3, window=10)",
    "T.ServiceMode('replicated', replicas=3)",
    "T.ServiceMode('global')",
    "T.ServiceMode('replicated-job', replicas=5)",
    "T.ServiceMode('replicated-job', replicas=5, concurrency=2)",
    "T.ServiceMode('global-job')",
    "(T.ServiceMode('replicated-job', replicas=5).mode, T.ServiceMode('replicated-job', "
    "replicas=5).replicas, T.ServiceMode('replicated', 2).replicas, "
    "T.ServiceMode('global').replicas)",
    "T.EndpointSpec(mode='vip', ports={8080: 80, 53: (53, 'udp'), 9000: (90, None, 'host')})",
    "T.EndpointSpec(ports=[{'TargetPort': 1}])",
    "T.Resources(cpu_limit=500000000, mem_limit=1<<28, generic_resources={'gpu': 2, 'ssd': "
    "'fast'})",
    'T.Resources(cpu_reservation=1, mem_reservation=5)',
    'T.UpdateConfig()',
    "T.UpdateConfig(parallelism=2, delay=10**9, failure_action='rollback', monitor=5*10**9, "
    "max_failure_ratio=0.5, order='start-first')",
    "T.RollbackConfig(parallelism=1, order='stop-first')",
    'T.Placement()',
    "T.Placement(constraints=['node.role==manager'], preferences=[('spread', "
    "'node.labels.zone')], platforms=[('amd64', 'linux')], maxreplicas=2)",
    "T.PlacementPreference('spread', 'node.labels.x')",
    'T.Privileges()',
    "T.Privileges(credentialspec_file='f', selinux_user='u')",
    "T.DNSConfig(nameservers=['1.1.1.1'])",
    "T.DriverConfig('local')",
    "T.NetworkAttachmentConfig('net', aliases=['a'])",
    "T.SwarmExternalCA('https://ca', protocol='cfssl')",
    "T.SecretReference('sid', 'sname')",
    "T.SecretReference({'ID': 'sid'}, 'sname', filename='f', uid='1', gid='2', mode=0o400)",
    "T.ConfigReference('cid', 'cname')",
    "T.ContainerSpec('busybox')",
    'T.ContainerSpec(\'busybox\', command=\'sh -c "sleep 1"\', env={\'A\':\'1\',\'B\':None}, '
    "user='1000', groups=['1000','wheel'], mounts=['/h:/c:ro','vol:/d'], "
    "hosts={'h.example':'10.0.0.1'}, workdir='/w')",
    "T.ContainerSpec('busybox', args=['a'], hostname='h', labels={'l':'v'}, "
    "stop_grace_period=10, tty=True, open_stdin=True, read_only=True, stop_signal='SIGINT', "
    "dns_config=T.DNSConfig(['1.1.1.1']), isolation='default', init=True, "
    "cap_add=['NET_ADMIN'], cap_drop=['ALL'], sysctls={'a':'1'}, "
    "secrets=[T.SecretReference('s','n')], configs=[], privileges=T.Privileges())",
    "T.TaskTemplate(T.ContainerSpec('busybox'))",
    "T.TaskTemplate(T.ContainerSpec('busybox'), resources=T.Resources(cpu_limit=1), "
    "restart_policy=T.RestartPolicy(), placement=['node.role==worker'], log_driver={'Name': "
    "'json-file'}, networks=['n1', {'Target': 'n2'}], force_update=3)",
    '(lambda t: (t.container_spec, t.resources, t.restart_policy, '
    "t.placement))(T.TaskTemplate({'Image': 'x'}, placement=T.Placement(maxreplicas=1)))",
    "T.SwarmSpec('1.45')",
    "T.SwarmSpec('1.45', snapshot_interval=10000, heartbeat_tick=1)",
    "T.SwarmSpec('1.24', external_cas=[{'URL': 'a'}])",
    "T.SwarmSpec('1.45', task_history_retention_limit=5, dispatcher_heartbeat_period=5, "
    "node_cert_expiry=7, external_cas=[T.SwarmExternalCA('u')], name='default', labels={'a': "
    "'b'}, signing_ca_cert='c', signing_ca_key='k', ca_force_rotate=1, autolock_managers=True, "
    "log_driver={'Name': 'x'})",
    "T.HostConfig('1.41', network_mode='none', group_add=[1000, 'wheel'])",
    "T.HostConfig('1.41')",
    "T.HostConfig('1.41', sysctls=[], tmpfs=[], dns_search=[], cap_add=None)",
    "T.HostConfig('1.41', binds={'/h': '/c', '/h2': {'bind': '/c2', 'mode': 'ro'}}, "
    "port_bindings={1111: 4567, '2222/udp': ('127.0.0.1', 5678), 3333: [1, 2], 4444: "
    "('127.0.0.1',), 5555: None, 6666: {'HostPort': 7, 'HostIp': '::1'}, 7777: (8,)}, "
    "links={'db': 'database', 'web': None}, privileged=True, dns=['8.8.8.8'], "
    "dns_search=['x'], volumes_from='a,b', restart_policy={'Name': 'always'}, cap_add=['A'], "
    "cap_drop=['B'], devices=['/dev/sda:/dev/xvda:r'], "
    "extra_hosts={'b.example':'10.0.0.2','a.example':'::1'}, read_only=True, pid_mode='host', "
    "ipc_mode='host', security_opt=['x'], ulimits=[{'name': 'nofile', 'soft': 1, 'hard': 2}], "
    "log_config={'type': 'json-file'}, mem_limit='1g', memswap_limit='2g', "
    "mem_reservation='512m', mem_swappiness=10, cgroup_parent='p', cpu_quota=1, cpu_period=2, "
    "blkio_weight=3, oom_kill_disable=True, shm_size='64m', sysctls={'net.x': 1}, "
    "tmpfs=['/run', '/tmp:size=64m'], oom_score_adj=5, dns_opt=['o'], cpu_shares=4, "
    "cpuset_cpus='0', userns_mode='host', uts_mode='host', pids_limit=9, isolation='default', "
    "auto_remove=True, storage_opt={'size': '1G'}, init=True, volume_driver='local', "
    "cpu_count=1, cpu_percent=2, nano_cpus=3, cpuset_mems='0', runtime='runc', "
    "mounts=[T.Mount('/m', 'v')], cpu_rt_period=1, cpu_rt_runtime=2, device_cgroup_rules=['c "
    "1:3 mr'], device_requests=[{'count': 1}], cgroupns='private', publish_all_ports=True, "
    "blkio_weight_device=[{'Path': '/dev/sda', 'Weight': 1}], device_read_bps=[{'Path': "
    "'/dev/sda', 'Rate': 1}])",
    "{k: v for k, v in T.ContainerConfig('1.41', 'busybox', 'echo hi', user=1000, ports=[80, "
    "(53, 'udp'), '8080'], environment={'A': '1'}, volumes='/v', labels=['a', 'b'], "
    "entrypoint='sh -c', working_dir='/w', hostname='h', domainname='d', mac_address='m', "
    "stop_signal='s', healthcheck={'test': 'true', 'interval': 10**9}, stop_timeout=5, "
    "tty=True, stdin_open=True, network_disabled=True, "
    "host_config={'NetworkMode': 'none'}, networking_config={'EndpointsConfig': {}}).items() "
    'if v is not None}',
    "{k: v for k, v in T.ContainerConfig('1.41', 'busybox', None, detach=True, "
    'stdin_open=True).items() if v is not None}',
    "T.EndpointConfig('1.41', aliases=['a'], links={'c': 'd'}, ipv4_address='10.0.0.2', "
    "ipv6_address='::2', link_local_ips=['169.254.0.1'], driver_opt={'x': 'y'}, "
    "mac_address='02:42:ac:11:00:02')",
    "T.EndpointConfig('1.41')",
    "T.NetworkingConfig({'n': T.EndpointConfig('1.41', aliases=['x'])})",
    'T.NetworkingConfig()',
    "T.IPAMConfig(pool_configs=[T.IPAMPool(subnet='10.0.0.0/24', gateway='10.0.0.1')], "
    "options={'a': 'b'})",
    'T.IPAMPool()',
    'T.LogConfig.types.JSON',
    'T.RestartPolicy.condition_types.ON_FAILURE',
    "U.compare_version('1.24','1.25'), U.compare_version('1.25','1.24'), "
    "U.compare_version('1.2.0','1.2'), U.version_lt('1.9','1.10'), U.version_gte('1.41','1.41')",
    "[U.parse_repository_tag(x) for x in ('ubuntu', 'ubuntu:22.04', 'localhost:5000/img', "
    "'localhost:5000/img:tag', 'img@sha256:abc', 'img:tag@sha256:abc')]",
    'U.split_command(\'sh -c "echo hi; ls"\')',
    "U.format_environment({'A':'1','B':None,'C':b'x','D':2})",
    "U.format_extra_hosts({'b.example':'10.0.0.2','a.example':'::1'}), "
    "U.format_extra_hosts({'b.example':'10.0.0.2','a.example':'::1'}, task=True)",
    "[U.parse_bytes(x) for x in ('512', '1k', '1KB', '1.5m', '2G', '10b')]",
    "U.parse_devices(['/dev/sda', '/dev/sda:/dev/xvda', '/dev/sda:/dev/xvda:r', "
    "{'PathOnHost':'/dev/x'}])",
    "[U.parse_host(x) for x in (None, '', 'unix://', 'unix:///var/run/docker.sock', "
    "'tcp://1.2.3.4:2375', '1.2.3.4:2375', 'http://h:80', 'https://h:443', 'ssh://user@host', "
    "'tcp://h:1/path', 'ssh://h:2222')] + [U.parse_host('tcp://h:2376', tls=True)]",
    "U.convert_filters({'dangling': True}), U.convert_filters({'label': ['a=b','c']}), "
    "U.convert_filters({'before': 5})",
    "U.convert_port_bindings({1111: 4567, '2222/udp': ('127.0.0.1', 5678), 3333: [1, 2], 4444: "
    "('127.0.0.1',), 5555: None, 6666: {'HostPort': 7, 'HostIp': '::1'}, 7777: (8,)})",
    "U.convert_volume_binds({'/h': '/c', '/h2': {'bind': '/c2', 'mode': 'ro'}, '/h3': {'bind': "
    "'/c3', 'ro': True}, '/h4': {'bind': '/c4', 'propagation': 'rshared'}, b'/h5': {'bind': "
    "b'/c5'}})",
    "U.datetime_to_timestamp(__import__('datetime').datetime(2024,1,2,3,4,5,tzinfo=__import__('datetime').timezone.utc))",
    "U.decode_json_header('eyJhIjogMX0=')",
    "U.normalize_links({'db': 'database', 'web': None}), U.normalize_links([('b','x'),('a','')])",
    "U.convert_service_networks(['n1', {'Target': 'n2', 'Aliases': ['x']}])",
    "U.utils.convert_tmpfs_mounts(['/run', '/tmp:size=64m,mode=1777'])",
    "[U.ports.split_port(x) for x in ('80', '80/udp', '8080:80', '127.0.0.1:8080:80', "
    "'127.0.0.1::80', '[::1]:80:80', '8000-8010:80-90', '8000-8010:80')]",
    "U.ports.build_port_bindings(['80', '8080:80', '127.0.0.1:9090:90/udp'])",
    "U.ports.port_range('1000','1002','tcp')",
    "[U.build.match_tag(x) for x in ('ubuntu:22.04', 'Ubuntu', 'a@sha256:abc', "
    "'localhost:5000/a/b:tag')]",
    "[U.fnmatch.fnmatch(*x) for x in (('a/b/c.py', '**/*.py'), ('c.py', '**/*.py'), ('a/b/c', "
    "'a/*'))]",
    'list(U.json_stream.json_stream([b\'{"a": 1}\\n{"b"\', b\': 2}{"c": 3}\']))',
    "list(U.json_stream.split_buffer([b'line1\\nli', b'ne2\\nrest']))",
    "list(U.json_stream.stream_as_text([b'\\xff', 'x']))",
    "U.socket.demux_adaptor(1, b'x'), U.socket.demux_adaptor(2, b'y')",
    "U.socket.consume_socket_output([b'o', b'e']), U.socket.consume_socket_output([(b'o1', "
    "None), (None, b'e'), (b'o2', None)], demux=True), U.socket.consume_socket_output([(None, "
    "b'e')], demux=True)",
    "str(U.proxy.ProxyConfig.from_dict({'httpProxy': 'http://p:3128', 'noProxy': 'localhost'}))",
    "U.proxy.ProxyConfig.from_dict({'httpProxy': 'http://p:3128', 'noProxy': "
    "'localhost'}).get_environment()",
    "U.proxy.ProxyConfig.from_dict({'httpProxy': "
    "'http://p:3128'}).inject_proxy_environment(['A=1'])",
    '(lambda p: (p.http, p.https, p.ftp, '
    "p.no_proxy))(U.proxy.ProxyConfig.from_dict({'httpsProxy': 's', 'ftpProxy': 'f'}))",
    "[A.resolve_repository_name(x) for x in ('ubuntu', 'localhost/img', 'localhost:5000/img', "
    "'index.docker.io/library/x', 'my_reg:5000/x')]",
    "A.convert_to_hostname('https://reg.example:5000/v2/'), A.encode_header({'username': 'u', "
    "'password': 'p'}), A.split_repo_name('a.b/c'), A.resolve_index_name('index.docker.io')",
    "A.parse_auth({'r': {'auth': 'dTpw', 'email': 'e'}, 'i': {'identitytoken': 't'}, 'n': {}})",
    "A.parse_auth({'r': 'bad'})",
    "A.AuthConfig({'auths': {'https://index.docker.io/v1/': {'username': 'u'}, "
    "'http://reg.example:5000': {'username': 'r'}}}).resolve_authconfig('reg.example:5000')",
    "A.AuthConfig({'auths': {'https://index.docker.io/v1/': {'username': "
    "'u'}}}).resolve_authconfig()",
    '(lambda a: (a.auths, a.creds_store, a.cred_helpers, a.is_empty))(A.AuthConfig({}))',
    "A.load_config(config_dict={'auths': {'r': {'auth': 'dTpw'}}, 'credHelpers': {'x': 'y'}})",
    "E.create_unexpected_kwargs_error('run', {'b': 1, 'a': 2}).args, "
    "E.create_unexpected_kwargs_error('run', {'x': 1}).args",
    '(lambda c: (c.Name, c.Host, c.Orchestrator, c.Metadata, c.TLSMaterial, c.Storage, '
    "c.is_docker_host()))(X.Context('x', host='tcp://1.2.3.4:2376', tls=True))",
    'X.ContextAPI.DEFAULT_CONTEXT()',
    # kwargs_from_env, exactly (CERTS holds ca.pem, cert.pem and key.pem; so does ~/.docker)
    "K({})",
    "K({'DOCKER_HOST': 'tcp://127.0.0.1:2375'})",
    "K({'DOCKER_HOST': 'tcp://h:2376', 'DOCKER_TLS_VERIFY': '1', 'DOCKER_CERT_PATH': CERTS})",
    "K({'DOCKER_TLS_VERIFY': '0', 'DOCKER_CERT_PATH': CERTS})",
    "K({'DOCKER_TLS_VERIFY': '', 'DOCKER_CERT_PATH': CERTS})",
    "K({'DOCKER_TLS_VERIFY': '1'})",
    "K({'DOCKER_CERT_PATH': '', 'DOCKER_HOST': ''})",
    # config.json as docker-py finds it (DOCKER_CONFIG is set), and an --env-file
    "U.config.find_config_file() == CONFIG, U.config.config_path_from_environment() == CONFIG",
    "U.config.load_general_config()",
    "U.parse_env_file(ENVFILE)",
    # build contexts (CTX: Dockerfile, .dockerignore, a.py, b.txt, sub/c.py, sub/d.txt,
    # node_modules/x/y, .git/HEAD)
    "[sorted(U.exclude_paths(CTX, p)) for p in (['node_modules', '*.txt', '!sub/d.txt', "
    "'.git'], ['*', '!a.py'], ['**/*.py'], ['sub', '!sub/c.py'], [])]",
    "sorted(U.exclude_paths(CTX, ['Dockerfile'], dockerfile='Other'))",
    "TAR(U.tar(CTX, exclude=['*.txt'], dockerfile=('Dockerfile.alt', 'FROM scratch\\n')))",
    "TAR(U.mkbuildcontext(__import__('io').BytesIO(b'FROM scratch\\n')))",
    "TAR(U.create_archive(CTX, files=['a.py'], extra_files=[('x.txt', 'hello')]))",
    "sorted(U.build.build_file_list(CTX))",
    "(lambda m: ([m.matches(x) for x in ('a.py', 'b.py', 'sub/c.py')], [(p.cleaned_pattern, "
    "p.dirs, p.exclusion) for p in m.patterns]))(U.build.PatternMatcher(['*.py', '!a.py']))",
    # contexts, in order, in DOCKER_CONFIG's contexts/
    "X.ContextAPI.create_context('mine', host='tcp://127.0.0.1:2375').Metadata",
    "X.ContextAPI.create_context('k8s', orchestrator='kubernetes', host='tcp://127.0.0.1:6443', "
    "default_namespace='ns').Metadata",
    "X.ContextAPI.inspect_context('mine')",
    "[c.Name for c in X.ContextAPI.contexts()]",
    "X.ContextAPI.set_current_context('mine'), X.ContextAPI.get_current_context().Name, "
    "X.config.get_current_context_name()",
    "X.ContextAPI.kwargs_from_context('mine'), X.ContextAPI.kwargs_from_context('unknown')",
    "X.ContextAPI.remove_context('mine'), [c.Name for c in X.ContextAPI.contexts()], "
    "X.ContextAPI.get_current_context().Name",
    "X.config.get_context_host('tcp://1.2.3.4:2376', True), X.config.get_context_host('ssh://u@h')",
    # credential helpers: docker-credential-fake on PATH
    "C.Store('fake').list(), C.Store('fake').get('https://index.docker.io/v1/')",
    "C.Store('fake').store('reg.example', 'u', 'p'), open(STORELOG).read()",
    "C.Store('fake').erase('reg.example'), open(ERASELOG).read().strip()",
    "A.AuthConfig({'auths': {}, 'credsStore': 'fake'}).resolve_authconfig()",
    "A.AuthConfig({'credHelpers': {'reg.token.example': 'fake'}})"
    ".resolve_authconfig('reg.token.example')",
    "A.AuthConfig({'auths': {'r.example': {'username': 'u'}}, 'credsStore': 'fake'})"
    ".get_all_credentials()",
    "A.resolve_authconfig({'auths': {'https://index.docker.io/v1/': {'username': 'x'}}}, "
    "'docker.io')",

]
# Both must refuse these, docksock with docker-py's exception class or a subclass of it
# (docksock's InvalidArgument, for instance, is also the ValueError docker-py raises).
DOCKER_PY_REFUSE = [
    "T.LogConfig(type='none', config='x')",
    'T.Ulimit(name=1)',
    "T.Ulimit(name='n', soft='x')",
    'T.DeviceRequest(driver=1)',
    "T.DeviceRequest(count='x')",
    "T.Mount('/t', 's', type='image')",
    "T.Mount('/t', 's', type='bind', labels={'a': 'b'})",
    "T.Mount('/t', 's', propagation='x')",
    "T.Mount('/t', None, type='tmpfs', labels={'a':'b'})",
    "T.Mount('/t', None, type='tmpfs', tmpfs_mode='x')",
    "T.Mount.parse_mount_string('a:b:c:d')",
    "T.RestartPolicy('always')",
    "T.ServiceMode('bogus')",
    "T.ServiceMode('global', replicas=1)",
    "T.ServiceMode('global', concurrency=1)",
    "T.EndpointSpec(ports={1: (1, 'tcp', 'host', 'x')})",
    "T.EndpointSpec(ports='x')",
    "T.Resources(generic_resources={'x': 1.5})",
    "T.Resources(generic_resources='x')",
    "T.UpdateConfig(failure_action='x')",
    "T.UpdateConfig(monitor='x')",
    "T.UpdateConfig(max_failure_ratio='x')",
    'T.UpdateConfig(max_failure_ratio=2)',
    "T.UpdateConfig(order='x')",
    "T.PlacementPreference('pack', 'x')",
    "T.Privileges(credentialspec_file='f', credentialspec_registry='r')",
    "T.SecretReference(None, 'n')",
    "T.SecretReference('', 'n')",
    "T.ContainerSpec('x', secrets='s')",
    "T.ContainerSpec('x', configs='s')",
    "T.ContainerSpec('x', cap_add='s')",
    "T.ContainerSpec('x', sysctls=['s'])",
    "T.TaskTemplate({}, networks='x')",
    "T.TaskTemplate({}, force_update='x')",
    "T.SwarmSpec('1.24', external_cas=[{}, {}])",
    "T.SwarmSpec('1.29', signing_ca_cert='x')",
    "T.HostConfig('1.41', restart_policy='always')",
    "T.HostConfig('1.41', log_config='x')",
    "T.HostConfig('1.41', ulimits={})",
    "T.HostConfig('1.41', userns_mode='private')",
    "T.HostConfig('1.41', network_mode='host', port_bindings={80: 80})",
    "T.HostConfig('1.41', mem_swappiness='x')",
    "T.HostConfig('1.41', security_opt='x')",
    "T.HostConfig('1.24', auto_remove=True)",
    "T.HostConfig('1.29', mounts=[])",
    "T.HostConfig('1.41', init_path='/x')",
    "T.HostConfig('1.39', device_requests=[])",
    "T.ContainerConfig('1.24', 'x', None, stop_timeout=1)",
    "T.EndpointConfig('1.41', driver_opt='x')",
    "T.IPAMConfig(options='x')",
    'U.parse_devices([1])',
    "U.convert_volume_binds({'/h': {'bind': '/c', 'ro': True, 'mode': 'z'}})",
    "U.convert_service_networks('x')",
    'U.create_host_config()',
    'U.create_ipam_pool()',
    'U.create_ipam_config()',
    "U.socket.demux_adaptor(0, b'x')",
    "U.build.mkbuildcontext(__import__('io').StringIO('FROM scratch'))",
    "A.resolve_repository_name('http://x/y')",
    "A.resolve_repository_name('-x.y/z')",
    "A.parse_auth({'r': 'bad'}, raise_on_error=True)",
    "X.ContextAPI.create_context('default')",
    "X.ContextAPI.inspect_context('nope-does-not-exist')",
    "X.ContextAPI.remove_context('default')",
    "X.Context('x', endpoints={'docker': 'bad'})",
    "C.Store('fake').get('nope.example')",
    "C.Store('missing-helper').get('x')",

]

_TYPES_RUNNER = r'''
import json, os, sys, tarfile, warnings
warnings.simplefilter("ignore")
if sys.argv[1] == "docksock":
    import docksock as docker
else:
    import docker
    import docker.auth, docker.context, docker.credentials, docker.utils.build
    import docker.utils.fnmatch, docker.utils.json_stream, docker.utils.ports, docker.utils.proxy
    import docker.utils.socket, docker.utils.config

def plain(o):
    if isinstance(o, bytes):
        return {"bytes": o.decode("latin-1")}
    if isinstance(o, (list, tuple)):
        return [plain(x) for x in o]
    if isinstance(o, dict):
        return dict((str(k), plain(v)) for k, v in o.items())
    return o

def kwargs_view(environment):
    kwargs = docker.utils.kwargs_from_env(environment)
    if "tls" in kwargs:
        tls = kwargs["tls"]
        kwargs["tls"] = [tls.cert, tls.ca_cert, tls.verify]
    return kwargs

def members(f):
    return sorted((m.name, m.size) for m in tarfile.open(fileobj=f).getmembers())

env = {"T": docker.types, "U": docker.utils, "A": docker.auth, "C": docker.credentials,
       "E": docker.errors, "X": docker.context, "K": kwargs_view, "TAR": members}
env.update((k, os.environ[k]) for k in ("CERTS", "CTX", "ENVFILE", "CONFIG", "STORELOG",
                                        "ERASELOG"))
def result(e):
    """{"value": ...} or {"raised": [the exception's class and its bases]}."""
    try:
        return {"value": plain(eval(e, env))}
    except Exception as ex:
        return {"raised": [c.__name__ for c in type(ex).__mro__], "message": str(ex)}

print(json.dumps([[result(e) for e in group] for group in json.load(sys.stdin)]))
'''

_DP_FAKE_HELPER = """#!/bin/sh
# docker-credential-fake: a credential helper with two entries
case "$1" in
get) read server
   case "$server" in
   https://index.docker.io/v1/) echo '{"ServerURL":"'$server'","Username":"hubuser","Secret":"hubpass"}';;
   reg.token.example) echo '{"ServerURL":"'$server'","Username":"<token>","Secret":"idtok"}';;
   *) echo "credentials not found in native keychain"; exit 1;;
   esac;;
list) echo '{"https://index.docker.io/v1/":"hubuser","reg.token.example":"<token>"}';;
store) cat > "$STORELOG";;
erase) read server; echo "$server" > "$ERASELOG";;
esac
"""


def _docker_py_world(tmp):
    """A HOME with ~/.docker (TLS files and config.json), a build context, an env file
    and a fake credential helper: the environment both libraries run in."""
    home = tmp / "home"
    cfg = home / ".docker"
    certs = tmp / "certs"
    for d in (cfg, certs, tmp / "bin"):
        d.mkdir(parents=True)
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (cfg / name).write_text("x")
        (certs / name).write_text("x")
    (cfg / "config.json").write_text(json.dumps({"auths": {}, "detachKeys": "ctrl-x,x"}))
    ctx = tmp / "ctx"
    for rel in ("Dockerfile", ".dockerignore", "a.py", "b.txt", "sub/c.py", "sub/d.txt",
                "node_modules/x/y", ".git/HEAD"):
        (ctx / rel).parent.mkdir(parents=True, exist_ok=True)
        (ctx / rel).write_text("")
    (tmp / "env.list").write_text("# c\nA=1\n\nB=x=y\n  C= sp \n#D=4\n")
    helper = tmp / "bin" / "docker-credential-fake"
    helper.write_text(_DP_FAKE_HELPER)
    helper.chmod(0o755)
    return {"HOME": str(home), "DOCKER_CONFIG": str(cfg), "CERTS": str(certs),
            "CTX": str(ctx), "ENVFILE": str(tmp / "env.list"),
            "CONFIG": str(cfg / "config.json"), "STORELOG": str(tmp / "store.log"),
            "ERASELOG": str(tmp / "erase.log"),
            "PATH": str(tmp / "bin") + os.pathsep + os.environ.get("PATH", ""),
            "PYTHONPATH": HERE, "PYTHONDONTWRITEBYTECODE": "1"}


def _evaluated(python, lib, tmp, *groups):
    """The results of each group of expressions under python, in a fresh world at tmp
    (the same path for both libraries, so that paths in the results compare)."""
    shutil.rmtree(str(tmp), ignore_errors=True)
    env = _docker_py_world(tmp)
    p = subprocess.run([python, "-c", _TYPES_RUNNER, lib], env=env, cwd=str(tmp),
                       input=json.dumps(groups),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_types_and_helpers_behave_as_docker_py(tmp_path):
    _docker_py("import docker")   # skips, or fails under CI=true, without docker-py
    same, refuse = _evaluated(DOCKER_PY_PYTHON, "docker", tmp_path / "world", DOCKER_PY_SAME,
                              DOCKER_PY_REFUSE)
    ours_same, ours_refuse = _evaluated(sys.executable, "docksock", tmp_path / "world",
                                        DOCKER_PY_SAME, DOCKER_PY_REFUSE)
    assert [e for e, t in zip(DOCKER_PY_SAME, same) if "value" not in t] == []
    differ = ["%s\n    docker-py: %r\n    docksock:  %r" % (e, t, o) for e, t, o in
              zip(DOCKER_PY_SAME, same, ours_same) if t != o]
    assert differ == [], "\n".join(differ)
    wrong = ["%s: docker-py %r, docksock %r" % (e, t, o) for e, t, o in
             zip(DOCKER_PY_REFUSE, refuse, ours_refuse)
             if "raised" not in t or t["raised"][0] not in o.get("raised", ())]
    assert wrong == [], "\n".join(wrong)


# docksock's deliberate differences from docker-py's types and helpers, each with what
# docker-py gives (checked against docker-py itself) and what docksock gives instead
# ("!Name": raises Name).  The README's table lists them.
DOCKER_PY_DIFFERENT = [
    # nothing given is silently ignored
    ("T.Healthcheck(test='x', bogus=1)['Test']", ["CMD-SHELL", "x"], "!TypeError"),
    ("T.ServiceMode('replicated', replicas=2, concurrency=2)", {"replicated": {"Replicas": 2}},
     "!InvalidArgument"),
    ("T.ServiceMode('replicated-job', concurrency=2)", {"ReplicatedJob": {}},
     {"ReplicatedJob": {"MaxConcurrent": 2}}),
    ("T.HostConfig('1.41', lxc_conf={'a': 'b'})['LxcConf']", [{"Key": "a", "Value": "b"}],
     "!InvalidArgument"),
    ("U.build.walk(CTX, [], default=False) and None", None, "!InvalidArgument"),
    # what the Engine would refuse is converted, or refused with a clear error
    ("T.Healthcheck(interval='5s')['Interval']", "5s", 5000000000),
    ("T.UpdateConfig(delay='10s')['Delay']", "10s", 10000000000),
    ("T.ContainerSpec('x', user=1000, groups=[1000])", {"Image": "x", "Command": None,
     "Args": None, "User": 1000, "Groups": [1000]}, {"Image": "x", "Command": None,
     "Args": None, "User": "1000", "Groups": ["1000"]}),
    ("T.ContainerSpec('x', healthcheck={'test': 'true'})['Healthcheck']", {"test": "true"},
     {"Test": ["CMD-SHELL", "true"], "Interval": None, "Timeout": None, "Retries": None,
      "StartPeriod": None}),
    ("T.SecretReference('s', 'n', uid=1000, gid=1000)['File']['UID']", 1000, "1000"),
    ("T.Resources(mem_limit='1g')", {"Limits": {"MemoryBytes": "1g"}},
     {"Limits": {"MemoryBytes": 1073741824}}),
    ("T.Ulimit(name='nofile', soft=1024)['Hard']", None, 1024),
    ("(lambda c: [c.get('Runtime'), c.get('HostConfig')])(T.ContainerConfig('1.41', 'x', None, "
     "runtime='runc'))", ["runc", None], [None, {"Runtime": "runc"}]),
    ("T.HostConfig('1.41', mem_limit=[])['Memory']", 0, "!TypeError"),
    ("U.parse_bytes('1t')", "!DockerException", 1099511627776),
    # addresses read as the docker CLI reads them
    ("U.parse_host('tcp://1.2.3.4')", "!DockerException", "http://1.2.3.4:2375"),
    ("U.parse_host('unix://run/d.sock')", "http+unix://run//d.sock", "http+unix:///run/d.sock"),
    ("U.parse_host(':2375')", "http://127.0.0.1:2375", "http://localhost:2375"),
    ("X.ContextAPI.create_context('h', host='unix:///tmp/x.sock').Host",
     "http+unix:///tmp/x.sock", "unix:///tmp/x.sock"),
    ("X.Context('')", "!Exception", "!MissingContextParameter"),
    # arguments are not changed behind the caller's back
    ("(lambda p: (U.exclude_paths(CTX, p), p)[1])(['*.txt'])", ["*.txt", "!Dockerfile"],
     ["*.txt"]),
    ("(lambda d: (A.load_config(config_dict=d), d)[1])({'auths': {'r': {'auth': 'dTpw'}}, "
     "'credsStore': 'fake'})", {}, {"auths": {"r": {"auth": "dTpw"}}, "credsStore": "fake"}),
]


def _as_expected(result):
    return "!" + result["raised"][0] if "raised" in result else result["value"]


def test_types_and_helpers_differ_from_docker_py_as_documented(tmp_path):
    _docker_py("import docker")
    exprs = [e for e, _, _ in DOCKER_PY_DIFFERENT]
    theirs, = _evaluated(DOCKER_PY_PYTHON, "docker", tmp_path / "world", exprs)
    ours, = _evaluated(sys.executable, "docksock", tmp_path / "world", exprs)
    assert [(e, _as_expected(t)) for (e, _, _), t in zip(DOCKER_PY_DIFFERENT, theirs)] == \
        [(e, want) for e, want, _ in DOCKER_PY_DIFFERENT]
    assert [(e, _as_expected(o)) for (e, _, _), o in zip(DOCKER_PY_DIFFERENT, ours)] == \
        [(e, want) for e, _, want in DOCKER_PY_DIFFERENT]


def test_public_names_are_in_all_and_documented():
    """Every public-looking top-level name is in __all__, every name in __all__ exists, and
    each function, class and module among them has a docstring."""
    import ast
    import inspect
    with open(docksock.__file__) as f:
        tree = ast.parse(f.read())
    top = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        top.add(name.id)
    public = {n for n in top if not n.startswith("_")}
    assert public - set(docksock.__all__) == set()
    assert len(set(docksock.__all__)) == len(docksock.__all__)
    undocumented = []
    for name in docksock.__all__:
        obj = getattr(docksock, name)
        if (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj)) \
                and not (obj.__doc__ or "").strip():
            undocumented.append(name)
    assert undocumented == []


# ==== Every parameter has an effect or an error (issue 18) =======================

def test_num_pools_is_refused_by_name():
    with pytest.raises(docksock.InvalidArgument, match="num_pools.*max_pool_size"):
        docksock.APIClient("unix:///nonexistent.sock", num_pools=4)
    docksock.APIClient("unix:///nonexistent.sock", num_pools=None)


def test_use_ssh_client_false_is_refused_for_ssh():
    with pytest.raises(docksock.InvalidArgument, match="use_ssh_client=False"):
        docksock.APIClient("ssh://me@host.invalid", use_ssh_client=False)
    docksock.APIClient("ssh://me@host.invalid")     # runs ssh, as use_ssh_client=True says


@pytest.mark.parametrize("how", ["library", "cli --tlsverify", "cli --tls"])
def test_tls_on_a_unix_socket_is_refused(how):
    if how == "library":
        with pytest.raises(docksock.InvalidArgument, match="TLS.*unix:///nonexistent.sock"):
            docksock.APIClient("unix:///nonexistent.sock", tls=True)
        return
    rc, out, err = run_cli("-H", "unix:///nonexistent.sock", how.split()[1], "ps")
    assert (rc, out) == (1, "") and "TLS was asked for" in err and "unix://" in err, err


def test_credstore_env_reaches_the_credential_helpers(helper, fake):
    """docker-py's credstore_env: laid over the environment the helpers run in."""
    helper.config({"credHelpers": {"127.0.0.1:5998": "dkstest"}})
    helper.creds(**{"127_0_0_1:5998": ["u", "from-helper"]})
    seen = []

    def create(req):
        seen.append(json.loads(base64.urlsafe_b64decode(req.headers["X-Registry-Auth"])))
        return _json({"status": "done"})
    d = fake(engine_like(routes={
        ("POST", "/v1.41/images/create?fromImage=127.0.0.1%3A5998%2Fimg&tag=latest"): create}))
    env = {"PATH": str(helper.bin), "DOCKER_CONFIG": str(helper.cfg)}    # no DKSTEST_*
    docksock.APIClient(d.url, environment=env).pull("127.0.0.1:5998/img")
    docksock.APIClient(d.url, environment=env, credstore_env={
        "DKSTEST_LOG": helper.environ["DKSTEST_LOG"],
        "DKSTEST_STORE": helper.environ["DKSTEST_STORE"]}).pull("127.0.0.1:5998/img")
    assert seen == [{}, {"username": "u", "password": "from-helper",
                         "serveraddress": "127.0.0.1:5998"}]
    assert [c["action"] for c in helper.calls()] == ["get"]
    with pytest.raises(docksock.InvalidArgument, match="credstore_env"):
        docksock.APIClient(d.url, credstore_env=["A=1"])


def test_login_dockercfg_path(fake, tmp_path):
    """docker-py's dockercfg_path: that file's credentials serve this client from then on."""
    cfg = tmp_path / "elsewhere.json"
    cfg.write_text(json.dumps({"auths": {"127.0.0.1:5997": {"auth": _b64("u:filepw")}}}))
    seen = []

    def create(req):
        seen.append(json.loads(base64.urlsafe_b64decode(req.headers["X-Registry-Auth"])))
        return _json({"status": "done"})
    d = fake(engine_like(routes={
        ("POST", "/v1.41/auth"): _json({"Status": "Login Succeeded"}),
        ("POST", "/v1.41/images/create?fromImage=127.0.0.1%3A5997%2Fimg&tag=latest"): create}))
    c = docksock.APIClient(d.url, environment={"HOME": str(tmp_path / "home")})
    with pytest.raises(docksock.InvalidArgument, match="dockercfg_path"):
        c.login("u", "pw", registry="127.0.0.1:5997", dockercfg_path=str(tmp_path / "none"))
    assert c.login("u", "pw", registry="127.0.0.1:5997", dockercfg_path=str(cfg)) == \
        {"Status": "Login Succeeded"}
    assert [r.path for r in d.requests if r.path.endswith("/auth")] == []  # known: not asked
    c.pull("127.0.0.1:5997/img")
    assert seen == [{"username": "u", "password": "filepw",
                     "serveraddress": "127.0.0.1:5997"}]


def _proxy_config(tmp_path, proxies):
    cfg = tmp_path / "cfg"
    _config(cfg, {"proxies": proxies})
    return {"DOCKER_CONFIG": str(cfg), "HOME": str(tmp_path)}


def test_use_config_proxy_in_create_and_build(fake, tmp_path):
    bodies = []

    def create(req):
        bodies.append(json.loads(req.body))
        return _json({"Id": "c" * 64}, 201)
    queries = []

    def build(req):
        queries.append(urllib.parse.parse_qs(urllib.parse.urlsplit(req.path).query))
        return _json({"aux": {"ID": "sha256:" + "b" * 64}})
    routes = engine_like(routes={("POST", "/v1.41/containers/create"): create})
    d = fake(lambda req: build(req) if req.path.startswith("/v1.41/build?") else routes(req))
    env = _proxy_config(tmp_path, {"default": {"httpProxy": "http://p:3128", "noProxy": "x"},
                                   "unix:///elsewhere.sock": {"httpProxy": "http://other"}})
    c = docksock.APIClient(d.url, environment=env)
    c.create_container("busybox", environment={"no_proxy": "mine", "A": "1"})
    c.create_container("busybox", use_config_proxy=False)
    assert bodies[0]["Env"] == ["HTTP_PROXY=http://p:3128", "NO_PROXY=x",
                                "http_proxy=http://p:3128", "no_proxy=mine", "A=1"]
    assert "Env" not in bodies[1]
    list(c.build(fileobj=io.BytesIO(b"FROM scratch\n"), rm=False, buildargs={"HTTP_PROXY": "b"}))
    assert json.loads(queries[0]["buildargs"][0]) == {
        "HTTP_PROXY": "b", "http_proxy": "http://p:3128", "NO_PROXY": "x", "no_proxy": "x"}
    # the daemon's own entry wins over "default"
    env = _proxy_config(tmp_path, {"default": {"httpProxy": "http://p"},
                                   d.url: {"httpsProxy": "https://q"}})
    docksock.APIClient(d.url, environment=env).create_container("busybox")
    assert bodies[-1]["Env"] == ["HTTPS_PROXY=https://q", "https_proxy=https://q"]


def test_use_config_proxy_reaches_the_container_and_its_execs(lab, tmp_path):
    env = _proxy_config(tmp_path, {"default": {"httpProxy": "http://proxy.invalid:3128"}})
    client = docksock.DockerClient(base_url=lab.host, environment=env)
    c = client.containers.run(LAB_IMAGE, ["sleep", "30"], detach=True, network_mode="none",
                              labels={LAB_LABEL: "1"})
    try:
        assert "HTTP_PROXY=http://proxy.invalid:3128" in c.attrs["Config"]["Env"]
        assert c.exec_run(["sh", "-c", "echo $http_proxy"]).output == \
            b"http://proxy.invalid:3128\n"
    finally:
        c.remove(force=True)


def test_runtime_goes_to_the_host_config(lab, created):
    api = docksock.APIClient(lab.host)
    assert docksock.container_config("x", runtime="runc")["HostConfig"] == {"Runtime": "runc"}
    cid = api.create_container(LAB_IMAGE, ["true"], runtime="runc", labels={LAB_LABEL: "1"},
                               host_config=api.create_host_config(network_mode="none"))["Id"]
    try:
        info = api.inspect_container(cid)
        # Podman reports its OCI runtime as "oci" whatever it was asked for
        assert info["HostConfig"]["Runtime"] == ("oci" if lab.podman else "runc")
        assert info["HostConfig"]["NetworkMode"] == "none"
    finally:
        api.remove_container(cid, force=True)
    with pytest.raises(docksock.InvalidArgument, match="runtime"):
        api.create_container(LAB_IMAGE, runtime="runc", host_config={"Runtime": "other"})
    if lab.podman:
        return      # Podman takes any runtime name at create (and records "oci")
    with pytest.raises(docksock.APIError, match="dks-no-such-runtime"):
        api.create_container(LAB_IMAGE, ["true"], runtime="dks-no-such-runtime",
                             labels={LAB_LABEL: "1"})


def test_get_archive_encode_stream(lab, created):
    """encode_stream=True: the Engine gzips the archive on the wire; the chunks are the
    same tar."""
    api = docksock.APIClient(lab.host)
    cid = created(cmd=("true",))
    plain, _ = api.get_archive(cid, "/etc")
    plain = b"".join(plain)
    lines = []
    traced = docksock.APIClient(lab.host, trace=lines.append)
    chunks, stat_ = traced.get_archive(cid, "/etc", encode_stream=True)
    assert b"".join(chunks) == plain and stat_["name"] == "etc"
    assert "> Accept-Encoding: gzip" in lines
    # Podman 4.3 answers plain whatever it is offered; docksock takes either
    assert ("< Content-Encoding: gzip" in lines) == (not lab.podman)


def test_a_refused_upload_raises_the_daemons_error(lab, tmp_path):
    """The Engine refuses an upload into a read-only root before reading it, answers and
    closes: the send breaks (EPIPE), and the answer is the error, as docker-py and docker
    report it (not a broken connection)."""
    api = docksock.APIClient(lab.host)
    cid = api.create_container(LAB_IMAGE, "true", labels={LAB_LABEL: "ro-upload"},
                               host_config=api.create_host_config(read_only=True,
                                                                  network_mode="none"))["Id"]
    try:
        data = io.BytesIO()
        with tarfile.open(fileobj=data, mode="w") as tf:
            member = tarfile.TarInfo("big")
            member.size = 32 << 20
            tf.addfile(member, io.BytesIO(b"\0" * member.size))
        if lab.podman:      # (Podman writes into a read-only root through its API)
            api.put_archive(cid, "/tmp", data.getvalue())
            return
        with pytest.raises(docksock.APIError, match="read-only"):
            api.put_archive(cid, "/tmp", data.getvalue())
        (tmp_path / "big").write_bytes(b"\0" * (32 << 20))
        rc, out, err = run_cli("-H", lab.host, "cp", str(tmp_path / "big"), cid + ":/tmp/")
        assert rc == 1 and err.startswith("Error response from daemon:") and "read-only" in err
    finally:
        api.remove_container(cid, force=True)


def test_cli_import_message(lab, tmp_path):
    tar = tmp_path / "empty.tar"
    with tarfile.open(str(tar), "w") as tf:
        info = tarfile.TarInfo("hello.txt")
        info.size = 3
        tf.addfile(info, io.BytesIO(b"hi\n"))
    rc, out, err = run_cli("-H", lab.host, "import", "-m", "dks import message", str(tar))
    assert rc == 0, err
    image_id = out.strip().split(": ")[-1]  # (Podman: "ID: ID", docker 28 prints it so)
    try:
        history = docksock.APIClient(lab.host).history(image_id)
        assert history[0]["Comment"] == "dks import message"
    finally:
        _lab_request(lab.sock, "DELETE", "/images/%s?force=1" % image_id)


@pytest.mark.parametrize("sig_proxy", ["true", "false"])
def test_cli_attach_sig_proxy(lab, created, sig_proxy):
    """--sig-proxy (the default): a signal to docksock attach reaches the container;
    --sig-proxy=false: it does not, and as with docker the attach goes on until the third
    SIGTERM (or SIGINT) ends it (exit 1); the container runs on."""
    cid = created(cmd=("sh", "-c", "trap 'echo got TERM; exit 3' TERM; "
                       "while true; do echo tick; sleep 0.2; done"))
    api = docksock.APIClient(lab.host)
    api.start(cid)
    rc, out, err = _signal_after_a_tick(lab, ["attach", "--sig-proxy=" + sig_proxy, cid],
                                        signal.SIGTERM, times=1 if sig_proxy == "true" else 3)
    if sig_proxy == "true":
        assert rc == 3 and b"got TERM\n" in out, (out, err)
    else:
        assert (rc, err) == (1, b"\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n")
        assert b"got TERM" not in out
        assert api.inspect_container(cid)["State"]["Running"]
    rc, _, err = run_cli("-H", lab.host, "attach", "--sig-proxy=maybe", cid)
    assert rc == 125 and err.startswith('invalid argument "maybe" for "--sig-proxy" flag: ')


# ==== The file's layout ===========================================================

def _docksock_sections():
    """[(name, first line, last line)] of docksock.py's "# ==== " sections."""
    with open(docksock.__file__) as f:
        lines = f.read().splitlines()
    starts = [(i + 1, re.sub(r"\s*=+$", "", l[len("# ==== "):]).split(":")[0])
              for i, l in enumerate(lines) if l.startswith("# ==== ")]
    return [(name, first, (starts[k + 1][0] - 1) if k + 1 < len(starts) else len(lines))
            for k, (first, name) in enumerate(starts)]


def test_layout_map_names_the_banners_in_order():
    with open(docksock.__file__) as f:
        text = f.read()
    block = text[text.index("# How this file is laid out"):].split("\n\n", 1)[0]
    mapped = [re.split(r"\s{2,}", line[4:].strip())[0] for line in block.splitlines()
              if line.startswith("#   ")]
    assert mapped == [name for name, _, _ in _docksock_sections()]


def test_layout_dependencies_point_up_and_the_cli_uses_public_names():
    """No section uses a top-level name defined in a later one, and the Command line
    section uses no library name (attribute or global) that starts with "_"."""
    import ast
    with open(docksock.__file__) as f:
        tree = ast.parse(f.read())
    sections = _docksock_sections()

    def section_of(lineno):
        return max([k for k, (_, first, _) in enumerate(sections) if first <= lineno] or [-1])
    defined = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.setdefault(node.name, section_of(node.lineno))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        defined.setdefault(name.id, section_of(node.lineno))
    cli = next(k for k, (name, _, _) in enumerate(sections) if name == "Command line")
    back, private = set(), set()
    for node in tree.body:
        here = section_of(node.lineno)
        local = {n.arg for n in ast.walk(node) if isinstance(n, ast.arg)} | {
            n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and sub.id not in local and \
                    defined.get(sub.id, -1) > here:
                back.add((sub.id, sections[here][0]))
            if here == cli:
                name = sub.id if isinstance(sub, ast.Name) else \
                    sub.attr if isinstance(sub, ast.Attribute) else ""
                if name.startswith("_") and not name.startswith("__") and \
                        name in defined and defined[name] != cli:
                    private.add(name)
    assert back == set() and private == set()

# ==== Build context: .dockerignore ==============================================

def test_read_dockerignore_cli_vector():
    # moby/patternmatcher ignorefile_test.go TestReadAll
    text = ("test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n"
            "! /inverted/abs/path\n!\n! ")
    assert docksock.read_dockerignore(text) == [
        "test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "!", "!"]


def test_read_dockerignore_bom_comments_and_cleaning():
    text = ("\ufeff# comment\r\n  # not a comment\nfoo/../bar\r\n./baz/\n/\n!  /x/./y/\n\n\t \n"
            "a//b/../../..\n\ufeffkept-bom\n")
    assert docksock.read_dockerignore(text) == [
        "# not a comment", "bar", "baz", "/", "!x/y", "..", "\ufeffkept-bom"]
    assert docksock.read_dockerignore(text.encode("utf-8")) == docksock.read_dockerignore(text)
    assert docksock.read_dockerignore(b"\xef\xbb\xbf*.log\n") == ["*.log"]
    assert docksock.read_dockerignore("") == []


# Single patterns from moby/patternmatcher's TestMatches, with MatchesOrParentMatches results.
_GO_SINGLE = [
    ("**", "file", True), ("**", "file/", True), ("**/", "file", True), ("**/", "file/", True),
    ("**", "/", True), ("**/", "/", True), ("**", "dir/file", True), ("**/", "dir/file", True),
    ("**", "dir/file/", True), ("**/", "dir/file/", True), ("**/**", "dir/file", True),
    ("**/**", "dir/file/", True), ("dir/**", "dir/file", True), ("dir/**", "dir/file/", True),
    ("dir/**", "dir/dir2/file", True), ("dir/**", "dir/dir2/file/", True),
    ("**/dir", "dir", True), ("**/dir", "dir/file", True), ("**/dir2/*", "dir/dir2/file", True),
    ("**/dir2/*", "dir/dir2/file/", True), ("**/dir2/**", "dir/dir2/dir3/file", True),
    ("**/dir2/**", "dir/dir2/dir3/file/", True), ("**file", "file", True),
    ("**file", "dir/file", True), ("**/file", "dir/file", True), ("**file", "dir/dir/file", True),
    ("**/file", "dir/dir/file", True), ("**/file*", "dir/dir/file", True),
    ("**/file*", "dir/dir/file.txt", True), ("**/file*txt", "dir/dir/file.txt", True),
    ("**/file*.txt", "dir/dir/file.txt", True), ("**/file*.txt*", "dir/dir/file.txt", True),
    ("**/**/*.txt", "dir/dir/file.txt", True), ("**/**/*.txt2", "dir/dir/file.txt", False),
    ("**/*.txt", "file.txt", True), ("**/**/*.txt", "file.txt", True),
    ("a**/*.txt", "a/file.txt", True), ("a**/*.txt", "a/dir/file.txt", True),
    ("a**/*.txt", "a/dir/dir/file.txt", True), ("a/*.txt", "a/dir/file.txt", False),
    ("a/*.txt", "a/file.txt", True), ("a/*.txt**", "a/file.txt", True), ("a[b-d]e", "ae", False),
    ("a[b-d]e", "ace", True), ("a[b-d]e", "aae", False), ("a[^b-d]e", "aze", True),
    (".*", ".foo", True), (".*", "foo", False), ("abc.def", "abcdef", False),
    ("abc.def", "abc.def", True), ("abc.def", "abcZdef", False), ("abc?def", "abcZdef", True),
    ("abc?def", "abcdef", False), ("**/foo/bar", "foo/bar", True),
    ("**/foo/bar", "dir/foo/bar", True), ("**/foo/bar", "dir/dir2/foo/bar", True),
    ("abc/**", "abc", False), ("abc/**", "abc/def", True), ("abc/**", "abc/def/ghi", True),
    ("**/.foo", ".foo", True), ("**/.foo", "bar.foo", False), ("a(b)c/def", "a(b)c/def", True),
    ("a(b)c/def", "a(b)c/xyz", False), ("a.|)$(}+{bc", "a.|)$(}+{bc", True),
    ("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
     "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True),
    ("a\\\\", "a\\", True), ("a\\*b", "a*b", True),
]


@pytest.mark.parametrize("pattern, path, excluded", _GO_SINGLE)
def test_ignore_matcher_go_vectors(pattern, path, excluded):
    assert docksock.IgnoreMatcher([pattern]).matches(path) is excluded


@pytest.mark.parametrize("patterns, path, excluded", [
    (["**", "!util/docker/web"], "util/docker/web/foo", False),
    (["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", True),
    (["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", False),
    (["!fileutils.go", "*.go"], "fileutils.go", True),
    (["*.go", "!fileutils.go"], "fileutils.go", False),
    (["docs", "!docs/README.md"], "docs/README.md", False),
    (["docs/", "!docs/README.md"], "docs/README.md", False),
    (["docs/*", "!docs/README.md"], "docs/README.md", False),
    (["docs", "!docs/README.md"], "docs/other.md", True),
    (["*.log", "!keep.log", "keep.log"], "keep.log", True),   # the last match wins
    (["*.go"], ".", False),                                   # never the context itself
    ([], "any/path", False),
])
def test_ignore_matcher_order_and_exceptions(patterns, path, excluded):
    assert docksock.IgnoreMatcher(patterns).matches(path) is excluded


# Go's filepath.Match vectors (patternmatcher's matchTests): (pattern, path, match or None
# for ErrBadPattern).
_GO_MATCH = [
    ("abc", "abc", True), ("*", "abc", True), ("*c", "abc", True), ("a*", "a", True),
    ("a*", "abc", True), ("a*", "ab/c", True), ("a*/b", "abc/b", True), ("a*/b", "a/c/b", False),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", True), ("a*b*c*d*e*/f", "axbxcxdxexxx/f", True),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", False), ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", False),
    ("a*b?c*x", "abxbbxdbxebxczzx", True), ("a*b?c*x", "abxbbxdbxebxczzy", False),
    ("ab[c]", "abc", True), ("ab[b-d]", "abc", True), ("ab[e-g]", "abc", False),
    ("ab[^c]", "abc", False), ("ab[^b-d]", "abc", False), ("ab[^e-g]", "abc", True),
    ("a\\*b", "a*b", True), ("a\\*b", "ab", False), ("a?b", "a\u263ab", True),
    ("a[^a]b", "a\u263ab", True), ("a???b", "a\u263ab", False),
    ("a[^a][^a][^a]b", "a\u263ab", False), ("[a-\u03b6]*", "\u03b1", True),
    ("*[a-\u03b6]", "A", False), ("a?b", "a/b", False), ("a*b", "a/b", False),
    ("[\\]a]", "]", True), ("[\\-]", "-", True), ("[x\\-]", "x", True), ("[x\\-]", "-", True),
    ("[x\\-]", "z", False), ("[\\-x]", "x", True), ("[\\-x]", "-", True), ("[\\-x]", "a", False),
    ("[]a]", "]", None), ("[-]", "-", None), ("[x-]", "x", None), ("[-x]", "x", None),
    ("\\", "a", None), ("[a-b-c]", "a", None), ("[", "a", None), ("[^", "a", None),
    ("[^bc", "a", None), ("a[", "a", None), ("*x", "xxx", True),
]


@pytest.mark.parametrize("pattern, path, match", _GO_MATCH)
def test_ignore_matcher_glob_syntax(pattern, path, match):
    if match is None:
        with pytest.raises(docksock.InvalidArgument) as e:
            docksock.IgnoreMatcher([pattern])
        assert isinstance(e.value, ValueError)
    else:
        assert docksock.IgnoreMatcher([pattern]).matches(path) is match


def test_ignore_matcher_features():
    m = docksock.IgnoreMatcher
    assert not m(["!foo", "!bar"]).matches("foo")
    with pytest.raises(docksock.InvalidArgument, match="illegal exclusion pattern"):
        m(["docs", "!"])
    # a pattern matching a parent directory excludes everything below it
    assert m(["build"]).matches("build/x/y.o") and not m(["build"]).matches("builder/x")
    # ** in the middle: any number of segments, none included
    mid = m(["a/**/b"])
    assert [mid.matches(p) for p in ("a/b", "a/x/b", "a/x/y/b", "a/xb", "ab", "x/a/b")] \
        == [True, True, True, False, False, False]
    # ? is one character but never "/"; classes, negation with ^ (and "!" is literal)
    assert m(["f?o"]).matches("fxo") and not m(["f?o"]).matches("fo")
    assert m(["[!a]x"]).matches("!x") and m(["[!a]x"]).matches("ax") \
        and not m(["[!a]x"]).matches("bx")
    assert m(["x[^0-9]"]).matches("xa") and not m(["x[^0-9]"]).matches("x5")
    # escapes make metacharacters literal
    assert m(["\\[x\\]"]).matches("[x]") and not m(["\\[x\\]"]).matches("x")
    assert m(["\\?"]).matches("?") and not m(["\\?"]).matches("a")
    # patterns are trimmed and cleaned like the CLI's
    assert m(["  ./logs/  "]).matches("logs/today") and m(["!x", "  "]).exclusions
    assert m(["a/../b", "!c"]).patterns == ["b", "!c"]


def test_ignore_matcher_go_regexp_meanings():
    """Escaped characters reach Go's regexp engine as they are, as in patternmatcher."""
    m = docksock.IgnoreMatcher
    assert m(["\\*"]).matches("*") and m(["a\\.b"]).matches("a.b")     # punctuation: itself
    assert m(["\\deep"]).matches("5eep") and not m(["\\deep"]).matches("deep")  # \d: digit
    assert m(["a\\tb"]).matches("a\tb") and m(["a\\x41"]).matches("aA")
    assert m(["x[[:digit:]]"]).matches("x7") and not m(["x[[:^digit:]]"]).matches("x7")
    assert m(["x[\\w]"]).matches("x_") and not m(["x\\s"]).matches("x\v")  # Go's \s lacks \v
    assert m(["a\\Qb\\E"]).matches("ab")
    # a trailing backslash escapes Go's closing "$": only the start is anchored
    assert m(["**/keep*\\"]).matches("x/keep$tail") and not m(["**/keep*\\"]).matches("keep")
    # Go rejects these when it first evaluates them, and never if it does not
    for bad in ("\\y", "x\\1", "[z-a]*", "a*[x"):
        with pytest.raises(docksock.InvalidArgument):
            m([bad]).matches("anything")
    assert not m(["!\\y"]).matches("anything")  # an exception is not tried on included paths
    assert m(["*", "\\y"]).matches("anything")  # nor an inclusion on excluded ones


def test_ignore_matcher_walk_uses_parent_results():
    """TarWithOptions matches with MatchesUsingParentResults, not MatchesOrParentMatches: an
    exception skipped at the parent is not tried against the parent again."""
    m = docksock.IgnoreMatcher(["a/b/c", "!a/b"])
    assert not m.matches("a/b/c")
    _, top = m._walk_match("a", None)
    _, mid = m._walk_match("a/b", top)
    assert m._walk_match("a/b/c", mid)[0] is True


# ==== Build context: the tar ====================================================

def _write(path, data=b"", mode=None, mtime=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(path, mode)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def _raw_names(data):
    """Entry names as written (directories keep their "/"), read without tarfile."""
    names, pos, pending = [], 0, None
    while pos + 512 <= len(data):
        block = data[pos:pos + 512]
        if block == b"\0" * 512:
            break
        name = block[:100].split(b"\0")[0]
        prefix = block[345:500].split(b"\0")[0]
        size = int(block[124:136].split(b"\0")[0] or b"0", 8)
        typeflag = block[156:157]
        body = data[pos + 512:pos + 512 + size]
        pos += 512 + (size + 511) // 512 * 512
        if typeflag == b"x":
            for record in body.split(b"\n"):
                if b" path=" in record:
                    pending = record.split(b"=", 1)[1]
            continue
        full = pending or ((prefix + b"/" + name) if prefix else name)
        names.append(full.decode("utf-8", "surrogateescape"))
        pending = None
    return names


def _context(path, **kwargs):
    name, chunks = docksock.build_context(str(path), **kwargs)
    data = b"".join(chunks)
    return name, data, tarfile.open(fileobj=io.BytesIO(data))


def test_build_context_live_dockerignore_vector(tmp_path):
    # ENGINE-API.md section 8: what the CLI sent for this tree (LIVE)
    _write(str(tmp_path / ".dockerignore"),
           b"node_modules\n*.log\n!keep.log\n**/*.tmp\nlogs/\nDockerfile\n.dockerignore\n")
    for rel in ("Dockerfile", "a.txt", "deep/a/b/x.tmp", "drop.log", "keep.log", "logs/l.txt",
                "node_modules/m/index.js", "sub/s.txt"):
        _write(str(tmp_path / rel), rel.encode())
    name, data, tar = _context(tmp_path)
    assert name == "Dockerfile"
    assert _raw_names(data) == [".dockerignore", "Dockerfile", "a.txt", "deep/", "deep/a/",
                                "deep/a/b/", "keep.log", "sub/", "sub/s.txt"]
    assert tar.extractfile("sub/s.txt").read() == b"sub/s.txt"


def test_build_context_entries_as_the_cli_writes_them(tmp_path):
    ctx = tmp_path / "ctx"
    _write(str(ctx / "Dockerfile"), b"FROM scratch\n", 0o644, 1500000000)
    _write(str(ctx / "bin" / "run.sh"), b"#!/bin/sh\necho hi\n", 0o4755, 1234567890.75)
    _write(str(ctx / "secret.txt"), b"\x00\x01binary\xff" * 100, 0o600, 1600000000)
    os.chown(str(ctx / "secret.txt"), 1234, 4321)
    os.chmod(str(ctx / "bin"), 0o750)
    os.symlink("../secret.txt", str(ctx / "bin" / "link"))
    os.utime(str(ctx / "bin"), (1400000000, 1400000000))
    os.link(str(ctx / "secret.txt"), str(ctx / "z-hard"))
    os.mkfifo(str(ctx / "pipe"))
    _write(str(ctx / "empty"))
    name, data, tar = _context(ctx)
    assert _raw_names(data) == ["Dockerfile", "bin/", "bin/link", "bin/run.sh", "empty", "pipe",
                                "secret.txt", "z-hard"]
    members = {m.name: m for m in tar.getmembers()}
    for m in members.values():
        assert (m.uid, m.gid, m.uname, m.gname) == (0, 0, "", "")
        assert not m.name.startswith("./")
    assert members["bin"].isdir() and members["bin"].mode == 0o750
    assert members["bin"].mtime == 1400000000
    run = members["bin/run.sh"]
    assert (run.mode, run.mtime, run.size) == (0o4755, 1234567890, 18)
    assert tar.extractfile(run).read() == b"#!/bin/sh\necho hi\n"
    assert members["bin/link"].issym() and members["bin/link"].linkname == "../secret.txt"
    assert members["secret.txt"].mode == 0o600
    assert tar.extractfile("secret.txt").read() == b"\x00\x01binary\xff" * 100
    assert members["z-hard"].islnk() and members["z-hard"].linkname == "secret.txt"
    assert members["pipe"].isfifo() and members["empty"].size == 0
    # Go's tar.Writer ends with two zero blocks and no record padding
    sizes = sum(512 + (m.size + 511) // 512 * 512 for m in members.values() if m.isreg())
    others = 512 * sum(1 for m in members.values() if not m.isreg())
    assert len(data) == sizes + others + 1024 and data.endswith(b"\0" * 1024)


# The body docker CLI 28.2.2 sent (DOCKER_BUILDKIT=0, to a fake Engine) for this tree:
# Dockerfile ("FROM scratch\n", 0644), d/ (0755) and d/\u00e9\u00e9\u00e9 ("x", 0644), all
# with mtime 1500000000.  zlib, then base64.
_CLI_TAR = (
    "eNrtlj0OwjAMhT1zipyA2mnSTGwIsSAQN4jaoCKQQGmReiXOwcVIWaD8bDRSVX8ZbGVJrJfneH7KD87v9kcHvYGBTKlH"
    "DLxHRNJAKaUSpVHtPpGUEgRCBC5VbX24yj+KfC1uICy265Wocm/rvJwAMzaKpP8zWj8YrX/7P+Qd/6NR2oDQ7P8I+m9s"
    "s3S2cL6aYn/6f9H9qb+kzltAwjRDEM2Q9B8oZMTZ1uWsSG7XdvEfwP0/+vyH9Nn/kee/GDRsAYZhmFFyBxVRTyQ=")


def test_build_context_is_byte_identical_to_the_cli(tmp_path):
    import zlib
    _write(str(tmp_path / "Dockerfile"), b"FROM scratch\n", 0o644, 1500000000)
    _write(str(tmp_path / "d" / "\u00e9\u00e9\u00e9"), b"x", 0o644, 1500000000)
    os.chmod(str(tmp_path / "d"), 0o755)
    os.utime(str(tmp_path / "d"), (1500000000, 1500000000))
    expected = zlib.decompress(base64.b64decode(_CLI_TAR))
    name, chunks = docksock.build_context(str(tmp_path))
    assert (name, b"".join(chunks)) == ("Dockerfile", expected)


def test_build_context_long_and_unicode_names(tmp_path):
    ctx = tmp_path / "ctx"
    _write(str(ctx / "Dockerfile"), b"FROM scratch\n")
    split = "d" * 60 + "/" + "e" * 70 + ".txt"                  # fits USTAR's prefix field
    single = "f" * 150                                          # needs a PAX path record
    wide = "caf\u00e9/\u00fcber.txt"                            # non-ASCII: PAX too
    target = "t" * 120                                          # long link: PAX linkpath
    for rel in (split, single, wide):
        _write(str(ctx / rel), rel.encode("utf-8"))
    os.symlink(target, str(ctx / "longlink"))
    _, data, tar = _context(ctx)
    names = tar.getnames()
    for rel in (split, single, wide):
        assert rel in names and tar.extractfile(rel).read() == rel.encode("utf-8")
    assert tar.getmember("longlink").linkname == target
    assert "d" * 60 + "/" in _raw_names(data)
    # the split name needs no extended header; the others each get one
    headers = [data[i:i + 512] for i in range(0, len(data), 512)]
    pax = [h for h in headers if h[156:157] == b"x" and h[257:262] == b"ustar"]
    assert len(pax) == 4  # single, "caf\u00e9/", "caf\u00e9/\u00fcber.txt", longlink


def test_build_context_always_sends_dockerfile_and_dockerignore(tmp_path):
    _write(str(tmp_path / ".dockerignore"), b"*\n")
    _write(str(tmp_path / "Dockerfile"), b"FROM scratch\n")
    _write(str(tmp_path / "other"), b"x")
    assert _raw_names(_context(tmp_path)[1]) == [".dockerignore", "Dockerfile"]
    # a Dockerfile in an excluded directory: sent alone, without its directory's entry
    _write(str(tmp_path / ".dockerignore"), b"docker\n")
    _write(str(tmp_path / "docker" / "Dockerfile.dev"), b"FROM scratch\n")
    _write(str(tmp_path / "docker" / "notes"), b"x")
    name, data, _ = _context(tmp_path, dockerfile="docker/Dockerfile.dev")
    assert name == "docker/Dockerfile.dev"
    assert _raw_names(data) == [".dockerignore", "Dockerfile", "docker/Dockerfile.dev", "other"]


def test_build_context_exception_inside_excluded_directory(tmp_path):
    _write(str(tmp_path / "Dockerfile"))
    for rel in ("dir/keep", "dir/drop", "dir/sub/keep", "dir/sub/x", "top"):
        _write(str(tmp_path / rel))

    def names(patterns):
        return _raw_names(_context(tmp_path, excludes=patterns)[1])
    # the walker enters dir because an exception starts with "dir/"; dir's own entry stays out
    assert names(["dir", "!dir/keep"]) == ["Dockerfile", "dir/keep", "top"]
    assert names(["dir", "!dir/sub/keep"]) == ["Dockerfile", "dir/sub/keep", "top"]
    # docker's rule looks at the exception's text only: "!**/keep" does not open dir
    assert names(["dir", "!**/keep"]) == ["Dockerfile", "top"]
    # an exception of a whole directory brings back its entry and all it holds
    assert names(["dir", "!dir/sub"]) == ["Dockerfile", "dir/sub/", "dir/sub/keep",
                                         "dir/sub/x", "top"]
    # the walk's parent results: "!a/b" does not re-include a/b/c (nor does the CLI)
    _write(str(tmp_path / "a/b/c"))
    assert names(["a/b/c", "!a/b"]) == ["Dockerfile", "a/", "a/b/", "dir/", "dir/drop",
                                       "dir/keep", "dir/sub/", "dir/sub/keep", "dir/sub/x",
                                       "top"]


def test_build_context_excludes_argument_replaces_dockerignore(tmp_path):
    _write(str(tmp_path / ".dockerignore"), b"a\n")
    for rel in ("Dockerfile", "a", "b"):
        _write(str(tmp_path / rel))
    assert _raw_names(_context(tmp_path, excludes=["b"])[1]) == [".dockerignore", "Dockerfile",
                                                                 "a"]


def test_build_context_dockerfile_outside_context(tmp_path):
    ctx, other = tmp_path / "ctx", tmp_path / "other"
    _write(str(ctx / "app.py"), b"print(1)\n")
    _write(str(other / "Dockerfile"), b"FROM scratch\nCOPY app.py /\n")
    before = time.time()
    name, data, tar = _context(ctx, dockerfile=str(other / "Dockerfile"))
    assert name.startswith(".dockerfile.") and len(name) == 32
    int(name[12:], 16)
    assert _raw_names(data) == ["app.py", name, ".dockerignore"]
    df = tar.getmember(name)
    assert (df.mode, df.uid, df.uname) == (0o600, 0, "") and abs(df.mtime - before) < 5
    assert tar.extractfile(df).read() == b"FROM scratch\nCOPY app.py /\n"
    assert tar.extractfile(".dockerignore").read() == (".dockerignore\n%s\n" % name).encode()
    # relative to the context, and with an existing .dockerignore (kept in place, extended)
    _write(str(ctx / ".dockerignore"), b"*.pyc\n")
    name2, data, tar = _context(ctx, dockerfile="../other/Dockerfile")
    assert name2 != name and _raw_names(data) == [".dockerignore", "app.py", name2]
    assert tar.extractfile(".dockerignore").read() == ("*.pyc\n\n%s\n" % name2).encode()
    # a Dockerfile symlinked from outside counts as outside, as in the CLI
    os.symlink(str(other / "Dockerfile"), str(ctx / "Dockerfile"))
    name3, data, tar = _context(ctx)
    assert name3.startswith(".dockerfile.") and "Dockerfile" in _raw_names(data)


def test_build_context_lowercase_dockerfile_and_errors(tmp_path):
    _write(str(tmp_path / "dockerfile"), b"FROM scratch\n")
    assert _context(tmp_path)[0] == "dockerfile"
    with pytest.raises(docksock.InvalidArgument, match="Cannot locate Dockerfile"):
        docksock.build_context(str(tmp_path), dockerfile="Nope")
    with pytest.raises(docksock.InvalidArgument):
        docksock.build_context(str(tmp_path / "missing"))
    with pytest.raises(docksock.InvalidArgument, match="context must be a directory"):
        docksock.build_context(str(tmp_path / "dockerfile"))
    _write(str(tmp_path / ".dockerignore"), b"[\n")
    with pytest.raises(docksock.InvalidArgument, match="syntax error"):
        docksock.build_context(str(tmp_path))  # raised at the call, before any byte
    _write(str(tmp_path / ".dockerignore"), b"*.log\nx\\y*\n")  # fails only when evaluated
    with pytest.raises(docksock.InvalidArgument, match="invalid escape"):
        docksock.build_context(str(tmp_path))
    _write(str(tmp_path / ".dockerignore"), b"*\n!x\\y*\n")  # tried on every excluded path
    with pytest.raises(docksock.InvalidArgument, match="invalid escape"):
        docksock.build_context(str(tmp_path))
    _write(str(tmp_path / ".dockerignore"), b"nomatch\n!x\\y*\n")  # never tried, as in the CLI
    assert _raw_names(_context(tmp_path)[1]) == [".dockerignore", "dockerfile"]


def _docker_cli():
    """A docker CLI new enough (23+) to walk contexts with patternmatcher's parent results,
    or None."""
    for path in (shutil.which("docker"), "/usr/local/bin/docker", "/usr/bin/docker", _docker28()):
        if path and os.access(path, os.X_OK):
            out = subprocess.run([path, "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, universal_newlines=True).stdout
            major = re.match(r"Docker version (\d+)\.", out)
            if major and int(major.group(1)) >= 23:
                return path
    return None


def test_build_context_and_registry_config_match_the_docker_cli(fake, tmp_path):
    """The real CLI (classic builder) against the fake daemon: same tar bytes, same
    X-Registry-Config."""
    docker = _docker_cli()
    if docker is None:
        pytest.skip("no docker CLI 23 or later to compare with")
    built = []

    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": "1.41", "Content-Type": "text/plain"}, b"OK"
        built.append(req)
        return 200, {"Content-Type": "application/json"}, b'{"stream":"ok\\n"}\r\n'
    d = fake(handler)
    cfg = tmp_path / "cfg"
    _config(cfg, {"auths": {"https://127.0.0.1:5000/v2/": {"auth": _b64("alice:pw")},
                            "stub.invalid": {}}})
    env = dict(os.environ, DOCKER_HOST=d.url, DOCKER_BUILDKIT="0", DOCKER_CONFIG=str(cfg))
    ctx = tmp_path / "ctx"
    _write(str(ctx / "Dockerfile"), b"FROM scratch\n", 0o644)
    _write(str(ctx / "bin" / "run.sh"), b"#!/bin/sh\n", 0o4755, 1234567890.5)
    os.symlink("../" + "t" * 120, str(ctx / "bin" / "longlink"))
    os.link(str(ctx / "Dockerfile"), str(ctx / "hard"))
    os.mkfifo(str(ctx / "pipe"))
    _write(str(ctx / ("d" * 60) / ("e" * 70)), b"split name")
    _write(str(ctx / "caf\u00e9" / ("f" * 120)), b"wide and long")
    for rel in ("dir/keep", "dir/drop", "dir/sub/keep", "a/b/c", "x.log", "keep.log", "n/m.tmp"):
        _write(str(ctx / rel), rel.encode())
    for ignore in ("", "*.log\n!keep.log\n**/*.tmp\n", "dir\n!dir/keep\n", "dir\n!**/keep\n",
                   "a/b/c\n!a/b\n", "*\n!a/b/c\n", "\\d*\n[[:alpha:]]ir\n"):
        _write(str(ctx / ".dockerignore"), ignore.encode())
        p = subprocess.run([docker, "build", str(ctx)], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
        assert p.returncode == 0, p.stderr
        name, chunks = docksock.build_context(str(ctx))
        assert built[-1].body == b"".join(chunks), ignore
        assert "dockerfile=%s&" % name in built[-1].path
    assert built[-1].headers["X-Registry-Config"] \
        == docksock.registry_config_header(cfg_dir=str(cfg), environ={})
    # --build-arg K alone: K's value from the environment, null when it is not set there
    args = ["build", "--build-arg", "A=1", "--build-arg", "DKS_SET", "--build-arg", "DKS_UNSET",
            str(ctx)]
    env.update(DKS_SET="from env")
    env.pop("DKS_UNSET", None)
    p = subprocess.run([docker] + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    rc, _, err = run_cli(*args, env=env)
    assert rc == 0, err
    theirs, ours = [urllib.parse.parse_qs(urllib.parse.urlsplit(r.path).query)["buildargs"]
                    for r in built[-2:]]
    assert json.loads(ours[0]) == json.loads(theirs[0]) \
        == {"A": "1", "DKS_SET": "from env", "DKS_UNSET": None}


def test_build_context_files_changing_while_sent(tmp_path, monkeypatch):
    _write(str(tmp_path / "Dockerfile"))
    _write(str(tmp_path / "grow"), b"1234")
    _write(str(tmp_path / "shrink"), b"12345678")
    namespace = docksock.build_context.__globals__
    walk = namespace["_walk_context"]

    def changing_walk(root, matcher):  # each file changes right after its lstat
        for rel, path, st in walk(root, matcher):
            if rel in ("grow", "shrink"):
                with open(path, "ab" if rel == "grow" else "r+b") as f:
                    f.write(b"more") if rel == "grow" else f.truncate(3)
            yield rel, path, st
    monkeypatch.setitem(namespace, "_walk_context", changing_walk)
    _, chunks = docksock.build_context(str(tmp_path))
    with pytest.raises(docksock.DockerException, match="shrank while it was being sent"):
        b"".join(chunks)
    os.remove(str(tmp_path / "shrink"))
    _, data, tar = _context(tmp_path)  # "grow" is 8 bytes when seen, 12 when read: cut at 8
    assert tar.extractfile("grow").read() == b"1234more"


def test_build_context_streams_large_files(tmp_path):
    size = 50 * 2 ** 20 + 123
    pattern = bytes(range(256)) * 4096
    with open(str(tmp_path / "big.bin"), "wb") as f:
        for _ in range(50):
            f.write(pattern)
        f.write(pattern[:123])
    _write(str(tmp_path / "Dockerfile"), b"FROM scratch\n")
    digest, total, largest = hashlib.sha256(), 0, 0
    tracemalloc.start()
    try:
        _, chunks = docksock.build_context(str(tmp_path))
        for chunk in chunks:
            digest.update(chunk)
            total += len(chunk)
            largest = max(largest, len(chunk))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 2 ** 20 and largest <= 2 * 65536
    assert total == 512 + 512 + 512 + size + (-size % 512) + 1024
    _, data, tar = _context(tmp_path)
    assert hashlib.sha256(data).digest() == digest.digest()
    expect = hashlib.sha256(pattern * 50 + pattern[:123]).hexdigest()
    assert hashlib.sha256(tar.extractfile("big.bin").read()).hexdigest() == expect


# ==== Registry auth =============================================================

@pytest.mark.parametrize("image, registry", [
    ("busybox", docksock.INDEX_SERVER), ("busybox:1.36", docksock.INDEX_SERVER),
    ("library/busybox", docksock.INDEX_SERVER), ("docker.io/x/y", docksock.INDEX_SERVER),
    ("index.docker.io/x", docksock.INDEX_SERVER), ("127.0.0.1:5000/x", "127.0.0.1:5000"),
    ("localhost/x", "localhost"), ("localhost:5000/x/y:1", "localhost:5000"),
    ("registry.example.com/x@sha256:" + "a" * 64, "registry.example.com"),
    ("Example/x", "Example"), ("localhost", docksock.INDEX_SERVER),
    ("localhost:5000", docksock.INDEX_SERVER),  # repository "localhost", tag "5000"
    ("[::1]:5000/x", "[::1]:5000"),
])
def test_registry_of(image, registry):
    assert docksock.registry_of(image) == registry


def _config(cfg_dir, obj):
    os.makedirs(str(cfg_dir), exist_ok=True)
    with open(str(cfg_dir / "config.json"), "w") as f:
        json.dump(obj, f)


def _b64(text):
    return base64.b64encode(text.encode()).decode()


def test_resolve_auth_from_auths(tmp_path):
    _config(tmp_path, {"auths": {
        "https://127.0.0.1:5000/v2/": {"auth": _b64("alice:pa:ss")},
        "docker.io": {"auth": _b64("hubuser:hubpass")},
        "localhost:5001": {"auth": _b64("bob:x"), "identitytoken": "tok"},
        "localhost:5002": {},
    }})
    env = {"PATH": ""}
    got = docksock.resolve_auth("127.0.0.1:5000", cfg_dir=str(tmp_path), environ=env)
    assert got == {"username": "alice", "password": "pa:ss",
                   "serveraddress": "https://127.0.0.1:5000/v2/"}
    for hub in ("docker.io", "index.docker.io", docksock.INDEX_SERVER):
        assert docksock.resolve_auth(hub, cfg_dir=str(tmp_path), environ=env)["username"] \
            == "hubuser"
    assert docksock.resolve_auth("localhost:5001", cfg_dir=str(tmp_path), environ=env) == {
        "username": "bob", "identitytoken": "tok", "serveraddress": "localhost:5001"}
    assert docksock.resolve_auth("localhost:5002", cfg_dir=str(tmp_path), environ=env) is None
    assert docksock.resolve_auth("nowhere.invalid", cfg_dir=str(tmp_path), environ=env) is None
    # DOCKER_CONFIG from environ when no cfg_dir is given
    assert docksock.resolve_auth("127.0.0.1:5000", environ={"DOCKER_CONFIG": str(tmp_path)}) \
        == got
    assert "pa:ss" not in repr(got) and "pa:ss" not in str(got)
    assert json.loads(json.dumps(got)) == dict(got)


@pytest.mark.parametrize("auth", [_b64(":nouser"), _b64("nocolon"), "!!notbase64-s3cret"])
def test_resolve_auth_rejects_broken_entries(tmp_path, auth):
    _config(tmp_path, {"auths": {"reg.invalid": {"auth": auth}}})
    with pytest.raises(docksock.DockerException) as e:
        docksock.resolve_auth("reg.invalid", cfg_dir=str(tmp_path), environ={})
    assert "config.json" in str(e.value) and "reg.invalid" in str(e.value)
    assert "nouser" not in str(e.value) and "s3cret" not in str(e.value)


_FAKE_HELPER = r'''#!%s
import json, os, sys
action = sys.argv[1]
data = sys.stdin.buffer.read().decode("utf-8")
with open(os.environ["DKSTEST_LOG"], "a") as f:
    f.write(json.dumps({"argv0": os.path.basename(sys.argv[0]), "action": action,
                        "stdin": data}) + "\n")
fail = os.environ.get("DKSTEST_FAIL_" + action.upper())
if fail:
    code, text = fail.split(":", 1)
    sys.stdout.write(text)
    sys.exit(int(code))
path = os.environ["DKSTEST_STORE"]
creds = json.load(open(path)) if os.path.exists(path) else {}
if action == "get":
    if data not in creds:
        print("credentials not found in native keychain")
        sys.exit(1)
    print(json.dumps({"ServerURL": data, "Username": creds[data][0], "Secret": creds[data][1]}))
elif action == "store":
    c = json.loads(data)
    creds[c["ServerURL"]] = [c["Username"], c["Secret"]]
elif action == "erase":
    if creds.pop(data, None) is None:
        print("credentials not found in native keychain")
        sys.exit(1)
elif action == "list":
    print(json.dumps(dict((k, v[0]) for k, v in creds.items())))
json.dump(creds, open(path, "w"))
'''


class _Helper:
    """docker-credential-dkstest, a fake credential helper that logs its calls."""

    def __init__(self, root):
        self.bin = root / "bin"
        self.bin.mkdir()
        exe = self.bin / "docker-credential-dkstest"
        exe.write_text(_FAKE_HELPER % sys.executable)
        exe.chmod(0o755)
        self.log = root / "helper.log"
        self.store = root / "helper.json"
        self.cfg = root / "cfg"
        self.environ = {"PATH": str(self.bin), "DKSTEST_LOG": str(self.log),
                        "DKSTEST_STORE": str(self.store)}

    def creds(self, **entries):
        self.store.write_text(json.dumps(dict((k.replace("_", "."), v)
                                              for k, v in entries.items())))

    def calls(self):
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def config(self, obj):
        _config(self.cfg, obj)

    def saved(self):
        with open(str(self.cfg / "config.json")) as f:
            return json.load(f)

    def kw(self):
        return {"cfg_dir": str(self.cfg), "environ": self.environ}


@pytest.fixture
def helper(tmp_path):
    return _Helper(tmp_path)


def test_resolve_auth_with_helpers(helper):
    helper.config({"credsStore": "missing", "credHelpers": {"127.0.0.1:5000": "dkstest",
                                                            "tok.invalid": "dkstest"},
                   "auths": {"127.0.0.1:5000": {"auth": _b64("file:ignored")}}})
    helper.store.write_text(json.dumps({"127.0.0.1:5000": ["u", "s3cret"],
                                        "tok.invalid": ["<token>", "idtok"]}))
    got = docksock.resolve_auth("https://127.0.0.1:5000/v2/", **helper.kw())
    assert got == {"username": "u", "password": "s3cret", "serveraddress": "127.0.0.1:5000"}
    assert helper.calls() == [{"argv0": "docker-credential-dkstest", "action": "get",
                               "stdin": "127.0.0.1:5000"}]
    assert "s3cret" not in repr(got)
    assert docksock.resolve_auth("tok.invalid", **helper.kw()) == {
        "identitytoken": "idtok", "serveraddress": "tok.invalid"}
    # credsStore for the rest: its helper is missing, worded like the CLI
    with pytest.raises(docksock.DockerException) as e:
        docksock.resolve_auth("other.invalid", **helper.kw())
    assert str(e.value) == ('error getting credentials - err: exec: "docker-credential-missing": '
                            'executable file not found in $PATH, out: ``')


def test_resolve_auth_helper_answers(helper):
    helper.config({"credsStore": "dkstest", "credHelpers": {"plain.invalid": ""},
                   "auths": {"plain.invalid": {"auth": _b64("p:q")}}})
    helper.creds()
    assert docksock.resolve_auth("127.0.0.1:5000", **helper.kw()) is None  # not found
    # credHelpers "" means config.json itself, not credsStore
    assert docksock.resolve_auth("plain.invalid", **helper.kw())["username"] == "p"
    helper.environ["DKSTEST_FAIL_GET"] = "3:keychain locked"
    with pytest.raises(docksock.DockerException) as e:
        docksock.resolve_auth("127.0.0.1:5000", **helper.kw())
    assert str(e.value) == "error getting credentials - err: exit status 3, out: `keychain locked`"
    helper.environ["DKSTEST_FAIL_GET"] = "0:not json"
    with pytest.raises(docksock.DockerException, match="did not print JSON"):
        docksock.resolve_auth("127.0.0.1:5000", **helper.kw())


def test_store_and_erase_with_helper(helper):
    helper.config({"credsStore": "dkstest", "currentContext": "x"})
    key = docksock.store_auth("https://127.0.0.1:5000/v2/", "u", "s3cret-value", **helper.kw())
    assert key == "127.0.0.1:5000"
    call = helper.calls()[-1]
    assert call["action"] == "store" and call["stdin"].endswith("}\n")
    assert json.loads(call["stdin"]) == {"ServerURL": "127.0.0.1:5000", "Username": "u",
                                         "Secret": "s3cret-value"}
    saved = helper.saved()
    assert saved == {"credsStore": "dkstest", "currentContext": "x",
                     "auths": {"127.0.0.1:5000": {}}}
    assert docksock.resolve_auth("127.0.0.1:5000", **helper.kw())["password"] == "s3cret-value"
    # an identity token goes in as the "<token>" user, escaped as Go's encoder does
    docksock.store_auth("tok.invalid", "", identitytoken="idtok", **helper.kw())
    assert '"Username":"\\u003ctoken\\u003e"' in helper.calls()[-1]["stdin"]
    assert docksock.resolve_auth("tok.invalid", **helper.kw()) == {
        "identitytoken": "idtok", "serveraddress": "tok.invalid"}
    # a failing store never shows the secret, even when the helper echoes it
    helper.environ["DKSTEST_FAIL_STORE"] = "1:cannot save s3cret-value"
    with pytest.raises(docksock.DockerException) as e:
        docksock.store_auth("127.0.0.1:5000", "u", "s3cret-value", **helper.kw())
    assert "s3cret-value" not in str(e.value) and "error storing credentials" in str(e.value)
    del helper.environ["DKSTEST_FAIL_STORE"]
    # logout: the key and its old http(s):// spellings, each erased from the helper
    helper.log = helper.cfg / "erase.log"
    helper.environ["DKSTEST_LOG"] = str(helper.log)
    docksock.erase_auth("127.0.0.1:5000", **helper.kw())
    assert [(c["action"], c["stdin"]) for c in helper.calls()] == [
        ("erase", "127.0.0.1:5000"), ("erase", "http://127.0.0.1:5000"),
        ("erase", "https://127.0.0.1:5000")]
    assert "127.0.0.1:5000" not in helper.saved()["auths"]
    assert docksock.resolve_auth("127.0.0.1:5000", **helper.kw()) is None
    with pytest.raises(docksock.DockerException, match="could not erase credentials"):
        docksock.erase_auth("127.0.0.1:5000", **helper.kw())


def test_store_auth_writes_config_json(tmp_path):
    cfg = tmp_path / "new" / "cfg"
    env = {"PATH": ""}
    docksock.store_auth("https://127.0.0.1:5000/v2/", "alice", "pw", cfg_dir=str(cfg),
                        environ=env)
    assert stat.S_IMODE(os.stat(str(cfg)).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(str(cfg / "config.json")).st_mode) == 0o600
    with open(str(cfg / "config.json")) as f:
        assert json.load(f) == {"auths": {"127.0.0.1:5000": {"auth": _b64("alice:pw")}}}
    # other keys and entries survive; an existing file keeps its mode (and nothing is left)
    _config(cfg, {"auths": {"other.invalid": {"auth": _b64("o:p"), "email": "e"}},
                  "HttpHeaders": {"X-A": "1"}, "unknownKey": [1, 2]})
    os.chmod(str(cfg / "config.json"), 0o640)
    docksock.store_auth("docker.io", "hub", "hubpw", cfg_dir=str(cfg), environ=env)
    docksock.store_auth("tok.invalid", "bob", identitytoken="idtok", cfg_dir=str(cfg),
                        environ=env)
    with open(str(cfg / "config.json")) as f:
        saved = json.load(f)
    assert saved == {"auths": {"other.invalid": {"auth": _b64("o:p"), "email": "e"},
                               docksock.INDEX_SERVER: {"auth": _b64("hub:hubpw")},
                               "tok.invalid": {"auth": _b64("bob:"), "identitytoken": "idtok"}},
                     "HttpHeaders": {"X-A": "1"}, "unknownKey": [1, 2]}
    assert stat.S_IMODE(os.stat(str(cfg / "config.json")).st_mode) == 0o640
    assert sorted(os.listdir(str(cfg))) == ["config.json"]
    assert docksock.resolve_auth("tok.invalid", cfg_dir=str(cfg), environ=env) == {
        "username": "bob", "identitytoken": "idtok", "serveraddress": "tok.invalid"}
    # logout removes the entry under every spelling the CLI tries
    _config(cfg, {"auths": {"https://127.0.0.1:5000": {"auth": _b64("a:b")},
                            "127.0.0.1:5000": {"auth": _b64("a:b")}, "keep.invalid": {}}})
    docksock.erase_auth("127.0.0.1:5000", cfg_dir=str(cfg), environ=env)
    with open(str(cfg / "config.json")) as f:
        assert json.load(f) == {"auths": {"keep.invalid": {}}}
    with pytest.raises(docksock.InvalidArgument):
        docksock.store_auth("x.invalid", "u", cfg_dir=str(cfg), environ=env)


def test_store_auth_follows_symlinked_config(tmp_path):
    real = tmp_path / "real"
    _config(real, {"currentContext": "c"})
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    os.symlink(str(real / "config.json"), str(cfg / "config.json"))
    docksock.store_auth("reg.invalid", "u", "p", cfg_dir=str(cfg), environ={})
    assert os.path.islink(str(cfg / "config.json"))
    with open(str(real / "config.json")) as f:
        assert json.load(f)["auths"] == {"reg.invalid": {"auth": _b64("u:p")}}


def _decode_header(value):
    assert "+" not in value and "/" not in value and len(value) % 4 == 0
    return json.loads(base64.urlsafe_b64decode(value.encode()).decode())


_HELPER_SECRET = 's3<cr>t&"\u00e9\\'


@pytest.mark.parametrize("form", [
    lambda secret, stdin: secret,
    lambda secret, stdin: json.dumps(json.loads(stdin))[1:-1],            # the whole JSON, ASCII
    lambda secret, stdin: stdin.strip()[stdin.index('"Secret":') + 10:-2],  # as docksock wrote it
    lambda secret, stdin: json.dumps(secret)[1:-1],
    lambda secret, stdin: base64.b64encode(secret.encode()).decode(),
    lambda secret, stdin: base64.b64encode(("u:" + secret).encode()).decode(),
    lambda secret, stdin: base64.b64encode(stdin.encode()).decode(),
    lambda secret, stdin: base64.urlsafe_b64encode(stdin.encode()).decode().rstrip("="),
], ids=["verbatim", "json-ascii-stdin", "go-escaped", "json-ascii", "base64", "base64-auth",
        "base64-stdin", "base64url-stdin-unpadded"])
def test_helper_failure_redacts_every_encoding_of_the_secret(helper, form):
    """Issue 13.11: a helper's failure text is redacted in every spelling docksock gives it."""
    helper.config({"credsStore": "dkstest"})
    stdin = docksock.go_json({"ServerURL": "127.0.0.1:5000", "Username": "u",
                              "Secret": _HELPER_SECRET}) + "\n"
    echoed = form(_HELPER_SECRET, stdin)
    helper.environ["DKSTEST_FAIL_STORE"] = "1:could not save " + echoed
    with pytest.raises(docksock.DockerException) as e:
        docksock.store_auth("127.0.0.1:5000", "u", _HELPER_SECRET, **helper.kw())
    assert helper.calls()[-1]["stdin"] == stdin      # what the helper was given
    assert echoed not in str(e.value) and "***" in str(e.value), str(e.value)
    assert "\u00e9" not in str(e.value) and "u00e9" not in str(e.value)


def test_registry_config_header(helper, tmp_path):
    empty = tmp_path / "empty"
    assert docksock.registry_config_header(cfg_dir=str(empty), environ={}) == "e30="
    # without credsStore: every auths entry, then each credHelpers registry's answer
    helper.config({"auths": {docksock.INDEX_SERVER: {"auth": _b64("hubuser:hubpass")},
                             "registry.invalid": {"auth": _b64("demouser:demopass")},
                             "stub.invalid": {}},
                   "credHelpers": {"helped.invalid": "dkstest", "broken.invalid": "missing"}})
    helper.creds(helped_invalid=["h", "hpass"])
    assert _decode_header(docksock.registry_config_header(**helper.kw())) == {
        docksock.INDEX_SERVER: {"username": "hubuser", "password": "hubpass",
                                "serveraddress": docksock.INDEX_SERVER},
        "registry.invalid": {"username": "demouser", "password": "demopass",
                             "serveraddress": "registry.invalid"},
        "stub.invalid": {"serveraddress": "stub.invalid"},
        "helped.invalid": {"username": "h", "password": "hpass",
                           "serveraddress": "helped.invalid"}}
    # with credsStore: what its helper lists (stdin "unused"), each fetched with get
    helper.config({"credsStore": "dkstest", "auths": {"ignored.invalid": {"auth": _b64("i:j")}}})
    helper.store.write_text(json.dumps({"127.0.0.1:5000": ["u", "p"],
                                        "tok.invalid": ["<token>", "idtok"]}))
    helper.log = helper.cfg / "list.log"
    helper.environ["DKSTEST_LOG"] = str(helper.log)
    decoded = _decode_header(docksock.registry_config_header(**helper.kw()))
    assert decoded == {"127.0.0.1:5000": {"username": "u", "password": "p",
                                          "serveraddress": "127.0.0.1:5000"},
                       "tok.invalid": {"identitytoken": "idtok", "serveraddress": "tok.invalid"}}
    calls = helper.calls()
    assert calls[0] == {"argv0": "docker-credential-dkstest", "action": "list", "stdin": "unused"}
    assert sorted(c["stdin"] for c in calls[1:]) == ["127.0.0.1:5000", "tok.invalid"]
    # like `docker build`, a failing credsStore sends no credentials instead of failing
    helper.environ["DKSTEST_FAIL_LIST"] = "1:boom"
    assert docksock.registry_config_header(**helper.kw()) == "e30="
    helper.config({"credsStore": "missing", "credHelpers": {"127.0.0.1:5000": "dkstest"}})
    assert docksock.registry_config_header(**helper.kw()) == "e30="


# ==== Layer 4: a real Engine =====================================================

@pytest.fixture
def client(lab):
    c = docksock.DockerClient(base_url=lab.host)
    yield c
    c.close()


def _create(api, name=None, cmd=("true",), **extra):
    body = {"Image": "local/busybox:latest", "Cmd": list(cmd), "Labels": {LAB_LABEL: "1"},
            "HostConfig": {"NetworkMode": "none"}}
    body.update(extra)
    return api.request("POST", "/containers/create", params={"name": name}, json=body).json()["Id"]


def _familiar_tags(image):
    """The tags of an image (an API dict or a docksock.Image) as familiar names, for tests
    about an image being there rather than about the daemon's naming: Podman lists what was
    imported or built as local/busybox:latest under docker.io/local/busybox:latest."""
    tags = image.tags if isinstance(image, docksock.Image) else image.get("RepoTags") or ()
    return [docksock.familiar_name(t) for t in tags]


@pytest.fixture
def created(lab):
    """Make containers (never started unless a test starts them); removed afterwards."""
    api = docksock.APIClient(lab.host)
    ids = []

    def make(name=None, **kw):
        cid = _create(api, name, **kw)
        ids.append(cid)
        return cid
    yield make
    for cid in ids:
        try:
            api.request("DELETE", "/containers/" + cid, params={"force": True, "v": True})
        except docksock.NotFound:
            pass
    api.close()


def _transport_client(request, lab):
    kind = request.param
    if kind == "unix":
        return docksock.APIClient(lab.host)
    if kind == "tls":
        if not lab.tls_host:
            pytest.skip("TLS needs the lab's own daemon (DOCKSOCK_TEST_HOST is set)")
        tls = docksock.TLSConfig(client_cert=(os.path.join(lab.tls_dir, "cert.pem"),
                                              os.path.join(lab.tls_dir, "key.pem")),
                                 ca_cert=os.path.join(lab.tls_dir, "ca.pem"), verify=True)
        return docksock.APIClient(lab.tls_host, tls=tls)
    ssh = request.getfixturevalue("ssh_lab")
    return docksock.APIClient(ssh.url, ssh_options=ssh.ssh_options)


@pytest.fixture(params=["unix", "tls", "ssh"])
def transport(request, lab):
    c = _transport_client(request, lab)
    yield c
    c.close()


def test_every_transport_does_the_same_work(transport, created, lab):
    c = transport
    assert c.ping() is True
    v = c.version()
    assert c.api_version == min(v["ApiVersion"], docksock.MAX_API_VERSION, key=docksock._version_tuple)
    cid = created("dks-transport-%s" % os.getpid())
    listed = c.containers(all=True, filters={"label": LAB_LABEL, "id": cid})
    assert [x["Id"] for x in listed] == [cid]
    assert c.inspect_container(cid)["Name"] == "/dks-transport-%s" % os.getpid()
    with pytest.raises(docksock.NotFound):
        c.inspect_container("dks-no-such-container")
    assert any(lab.image in _familiar_tags(i) for i in c.images())



def test_ssh_reuses_one_process(lab, ssh_lab):
    c = docksock.APIClient(ssh_lab.url, ssh_options=ssh_lab.ssh_options)
    try:
        c.ping()
        first = c._idle[0].process.pid
        for _ in range(5):
            c.containers(all=True)
            c.info()
        assert [conn.process.pid for conn in c._idle] == [first]
    finally:
        c.close()
    assert c._idle == []


def test_ssh_failure_is_explained(lab, ssh_lab):
    c = docksock.APIClient("ssh://root@127.0.0.1:1", ssh_options=ssh_lab.ssh_options)
    with pytest.raises(docksock.DockerConnectionError) as e:
        c.ping()
    assert str(e.value).startswith('error during connect: Get "ssh://root@127.0.0.1:1": command [ssh ')
    assert "has exited with exit status 255" in str(e.value)
    assert "port 1: Connection refused" in str(e.value)


def test_tls_wrong_ca_is_refused(lab):
    if not lab.tls_host:
        pytest.skip("TLS needs the lab's own daemon")
    tls = docksock.TLSConfig(client_cert=(os.path.join(lab.tls_dir, "cert.pem"),
                                          os.path.join(lab.tls_dir, "key.pem")),
                             ca_cert=lab.wrong_ca, verify=True)
    with pytest.raises(docksock.DockerConnectionError) as e:
        docksock.APIClient(lab.tls_host, tls=tls).ping()
    assert str(e.value).startswith('error during connect: Get "https://%s/_ping": '
                                   % lab.tls_host[len("tcp://"):])
    assert "certificate verify failed" in str(e.value)


def test_tls_from_environment_like_the_cli(lab):
    if not lab.tls_host:
        pytest.skip("TLS needs the lab's own daemon")
    env = {"DOCKER_HOST": lab.tls_host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": lab.tls_dir,
           "HOME": lab.data_dir}
    assert docksock.from_env(environment=env).ping()
    rc, out, err = run_cli("ps", "-a", env=env)
    assert (rc, err) == (0, "") and out.startswith("CONTAINER ID")
    # plain HTTP to the TLS port: the daemon's own answer, not a hang
    with pytest.raises(docksock.APIError) as e:
        docksock.APIClient(lab.tls_host, tls=False).ping()
    assert e.value.status_code == 400 and "HTTPS" in e.value.explanation


def test_version_pinned_lower_and_higher(lab):
    server = docksock.APIClient(lab.host).version()["ApiVersion"]
    lines = []
    low = docksock.APIClient(lab.host, version="1.30", trace=lines.append)
    assert isinstance(low.containers(all=True), list)
    assert lines[0].startswith("> GET /v1.30/containers/json?all=1 HTTP/1.1")
    too_new = "%d.%d" % (docksock._version_tuple(server)[0], docksock._version_tuple(server)[1] + 1)
    rc, out, err = run_cli("-H", lab.host, "ps", env=dict(os.environ, DOCKER_API_VERSION=too_new))
    if lab.podman:
        # known difference (Podman): no API version check; a version above its own in the
        # path is answered as its own
        lines = []
        info = docksock.APIClient(lab.host, version=too_new, trace=lines.append).info()
        assert isinstance(info, dict) and info.get("ID") is not None
        assert lines[0].startswith("> GET /v%s/info HTTP/1.1" % too_new)
        assert (rc, err) == (0, "") and out.startswith("CONTAINER ID")
        return
    with pytest.raises(docksock.APIError) as e:
        docksock.APIClient(lab.host, version=too_new).info()
    assert e.value.status_code == 400
    assert e.value.explanation == ("client version %s is too new. Maximum supported API version is %s"
                                   % (too_new, server))
    assert rc == 1 and err == "Error response from daemon: %s\n" % e.value.explanation



def test_docker_host_and_contexts_against_the_engine(lab, tmp_path):
    cfg = str(tmp_path / "cfg")
    _write_context(cfg, "labctx", lab.host)
    _write_config(cfg, {"currentContext": "labctx"})
    env = {"DOCKER_CONFIG": cfg, "HOME": str(tmp_path)}
    c = docksock.from_env(environment=env)
    assert c.ping() and c.api.endpoint.context == "labctx"
    assert docksock.from_env(environment=dict(env, DOCKER_CONTEXT="labctx")).ping()
    # DOCKER_HOST beats the current context, as in the CLI
    with pytest.raises(docksock.DockerConnectionError, match="unix:///nonexistent.sock"):
        docksock.from_env(environment=dict(env, DOCKER_HOST="unix:///nonexistent.sock")).ping()
    rc, out, err = run_cli("--context", "labctx", "ps", "-a", env=dict(env, DOCKER_HOST="unix:///nonexistent.sock"))
    assert (rc, err) == (0, "")
    rc, out, err = run_cli("--context", "nosuch", "ps", env=env)
    assert rc == 1 and err.startswith("Failed to initialize: unable to resolve docker endpoint: "
                                      'context "nosuch": context not found')


def test_cli_against_the_engine(lab, created):
    name = "dks-cli-%d" % os.getpid()
    cid = created(name, cmd=("sh", "-c", "echo a long command line, longer than twenty"))
    rc, out, err = run_cli("-H", lab.host, "ps", "-a", "--filter", "name=" + name)
    assert (rc, err) == (0, "")
    head, row = out.splitlines()
    assert head.split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    if lab.podman:
        # known difference (Podman): the list's Command is the arguments joined with spaces
        # ("sh -c echo a long command line, ..."), where Docker shell-quotes each one
        command = '"sh -c echo a long c\u2026"'
    else:
        command = "\"sh -c 'echo a long \u2026\""
    assert row.startswith(cid[:12] + "   local/busybox:latest   " + command + "   ")

    assert row.endswith("Created                 " + name) or row.split()[-1] == name
    rc, out, err = run_cli("-H", lab.host, "ps", "-aq", "--no-trunc", "--filter", "name=" + name)
    assert out == cid + "\n"
    rc, out, err = run_cli("-H", lab.host, "inspect", name)
    assert rc == 0 and json.loads(out)[0]["Id"] == cid
    rc, out, err = run_cli("-H", lab.host, "images")
    assert rc == 0 and any(l.split()[:2] == ["local/busybox", "latest"] for l in out.splitlines())


def test_cli_version_against_the_engine(lab):
    rc, out, err = run_cli("-H", lab.host, "version")
    assert rc == 0 and "Server:" in out and "\n Engine:\n" in out and "  API version:" in out



def test_cli_tables_match_the_docker_cli(lab, created):
    docker = shutil.which("docker")
    if not docker:
        pytest.skip("no docker CLI on this machine to compare with")
    name = "dks-cmp-%d" % os.getpid()
    created(name, cmd=("sh", "-c", "exit 0"))
    net = docksock.APIClient(lab.host).create_network("dks-cmp-net-%d" % os.getpid(),
                                                      internal=True, labels={LAB_LABEL: "1"})
    vol = docksock.APIClient(lab.host).create_volume("dks-cmp-vol-%d" % os.getpid(),
                                                     labels={LAB_LABEL: "1"})
    only = ["--filter", "name=" + name]
    try:
        _compare_with_docker(docker, lab, [
            ["ps", "-a"] + only, ["images"], ["ps", "-aq"], ["images", "-q"],
            ["ps", "-a", "--no-trunc"] + only, ["volume", "ls"], ["volume", "ls", "-q"],
            ["network", "ls"], ["network", "ls", "--no-trunc"], ["network", "ls", "-q"],
            ["ps", "-a", "--format", "{{.Names}}"], ["ps", "-a", "--format", "json"] + only,
            ["ps", "-a", "--format", "table {{.ID}}\\t{{.Status}}"] + only,
            ["ps", "-a", "--format", "{{json .}}"] + only, ["images", "--format", "json"],
            ["images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}"],
            ["network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Internal}}"],
            ["volume", "ls", "--format", "{{.Name}}\\t{{.Driver}}"], ["system", "df"],
            ["history", lab.image], ["inspect", "--format", "{{.Name}} {{.State.Status}} "
                                     "{{json .Config.Cmd}}", name]])
    finally:
        docksock.APIClient(lab.host).remove_network(net["Id"])
        docksock.APIClient(lab.host).remove_volume(vol["Name"])


def _compare_with_docker(docker, lab, commands):
    # Speak the API version the docker CLI speaks to this daemon: the Engine's answers change
    # with it (API 1.51 counts an image's containers, 1.50 does not).
    version = subprocess.run([docker, "-H", lab.host, "version", "--format",
                              "{{.Client.APIVersion}}"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True).stdout.strip()
    env = dict(os.environ, DOCKER_API_VERSION=version) if version else None
    for argv in commands:
        theirs = subprocess.run([docker, "-H", lab.host] + argv, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True)
        if theirs.returncode != 0:
            pytest.skip("the docker CLI here cannot talk to this daemon: %s" % theirs.stderr.strip())
        rc, ours, err = run_cli("-H", lab.host, *argv, env=env)
        # the CREATED column may drift by a second between the two runs
        strip = lambda t: re.sub(r" +", " ", re.sub(
            r"(Less than a second|\d+ seconds?|About a minute) ago", "X ago", t))
        if argv[0] == "images":
            assert _each_images_rows_sorted(strip(ours)) == \
                _each_images_rows_sorted(strip(theirs.stdout)), argv
        else:
            assert strip(ours) == strip(theirs.stdout), argv


def _each_images_rows_sorted(table):
    """docker images' lines with the rows of each image (a run of lines with one IMAGE ID)
    sorted: the docker CLI collects an image's tags in a Go map, so an image with several
    tags has its rows printed in any order."""

    runs = []
    for line in table.splitlines():
        words = line.split()
        key = words[2] if len(words) > 2 else line     # IMAGE ID, or the line of -q
        if runs and runs[-1][0] == key:
            runs[-1][1].append(line)
        else:
            runs.append((key, [line]))
    return [sorted(lines) for _, lines in runs]



def test_cli_as_a_subprocess_lists_real_containers(lab, created):
    name = "dks-sub-%d" % os.getpid()
    created(name)
    p = subprocess.run([sys.executable, "docksock.py", "ps", "-a"], cwd=HERE, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True,
                       env=dict(os.environ, DOCKER_HOST=lab.host))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("CONTAINER ID   IMAGE") and name in p.stdout


def test_high_level_models(client, created):
    cid = created("dks-model-%d" % os.getpid(), Labels={LAB_LABEL: "1", "role": "x"})
    c = client.containers.get(cid)
    assert (c.id, c.short_id, c.name, c.status) == (cid, cid[:12], "dks-model-%d" % os.getpid(), "created")
    assert c.labels["role"] == "x"
    assert _familiar_tags(c.image) == ["local/busybox:latest"]
    assert c in client.containers.list(all=True, filters={"label": LAB_LABEL})
    assert client.containers.list(all=True, sparse=True, filters={"id": cid})[0].id == cid
    with pytest.raises(docksock.ImageNotFound):
        client.images.get("local/no-such-image:1")
    assert [_familiar_tags(i) for i in client.images.list("local/busybox")] == \
        [["local/busybox:latest"]]



# ==== Streams: frames, JSON streams, logs, exec, attach, run, events, stats ====
#
# Layer 1: the decoders over canned bytes, at every split point and read size.  Layer 2: the
# fake daemon for what a real Engine will not do on demand (Content-Type routing on API 1.42+,
# a body cut in the middle of a frame, an error inside a 200 pull stream, an events stream held
# open).  Layer 4: logs, exec, attach, run, wait, events and stats against the lab's Engine, then
# the CLI in-process, as subprocesses fed through a pipe, and on a pseudo-terminal.

def _frame(stream, payload):
    return struct.pack(">BxxxL", stream, len(payload)) + payload


# stdout, stderr, an empty frame (skipped), a stdin echo (stream 0, shown on stdout), every byte
# value, a frame longer than the small reads; no two non-empty neighbours share a stream, so a
# decode merged by stream (_merged) is exactly the list of frames.
_FRAMES = [(1, b"out1\n"), (2, b"err1\n"), (1, b""), (0, b"echoed stdin\n"),
           (1, bytes(range(256))), (2, b"e" * 300), (1, b"\n")]
_FRAMED = b"".join(_frame(s, p) for s, p in _FRAMES)
_DECODED = [(s, p) for s, p in _FRAMES if p]


def _frame_bounds(frames):
    """(start, end of header, end) of each frame in the encoded stream."""
    bounds, pos = [], 0
    for _, payload in frames:
        bounds.append((pos, pos + 8, pos + 8 + len(payload)))
        pos += 8 + len(payload)
    return bounds


def _merged(pieces):
    """(stream, bytes) pieces with neighbours of one stream joined: what a decode says, whatever
    the reads were.  An empty piece is a failure."""
    out = []
    for stream, data in pieces:
        assert isinstance(data, bytes) and data, "empty or non-bytes piece: %r" % (data,)
        if out and out[-1][0] == stream:
            out[-1] = (stream, out[-1][1] + data)
        else:
            out.append((stream, data))
    return out


def _reads(data, sizes):
    """A read(n) serving data in pieces of the given sizes (cycled), never more than n; b'' at
    the end.  .calls counts the calls."""
    state = {"pos": 0, "i": 0}

    def read(n):
        read.calls += 1
        size = min(n, sizes[state["i"] % len(sizes)])
        state["i"] += 1
        chunk = data[state["pos"]:state["pos"] + size]
        state["pos"] += len(chunk)
        return chunk
    read.calls = 0
    return read


def _random_sizes(rng, total, largest):
    sizes = []
    while sum(sizes) < total:
        sizes.append(rng.randint(1, largest))
    return sizes


def _decode_until_error(gen):
    """The pieces a generator yields before it raises, and the exception (or None)."""
    pieces = []
    try:
        for piece in gen:
            pieces.append(piece)
    except Exception as e:
        return pieces, e
    return pieces, None


def test_iter_frames_whole_stream_in_one_read():
    read = _reads(_FRAMED, [65536])
    assert list(docksock.iter_frames(read)) == _DECODED
    assert read.calls == 2          # every frame came out of one read; the second saw the end


@pytest.mark.parametrize("size", range(1, 21))
def test_iter_frames_reads_of_every_size(size):
    pieces = list(docksock.iter_frames(io.BytesIO(_FRAMED).read, size))
    assert _merged(pieces) == _DECODED
    assert max(len(p) for _, p in pieces) <= size


def test_iter_frames_random_splits():
    rng = random.Random(20261127)
    for _ in range(300):
        sizes = _random_sizes(rng, len(_FRAMED), rng.choice((3, 17, 90, 400)))
        assert _merged(docksock.iter_frames(_reads(_FRAMED, sizes))) == _DECODED, sizes


def test_demux_frames_sends_stdin_echo_to_stdout():
    out, err = docksock.demux_frames(docksock.iter_frames(io.BytesIO(_FRAMED).read, 7))
    assert out == b"out1\n" + b"echoed stdin\n" + bytes(range(256)) + b"\n"
    assert err == b"err1\n" + b"e" * 300
    assert docksock.demux_frames(iter(())) == (b"", b"")


@pytest.mark.parametrize("size", [5, 65536])
def test_iter_frames_every_cut_point(size):
    """A stream cut at a frame boundary ends cleanly; cut anywhere else it raises, after
    yielding what came before the cut."""
    bounds = _frame_bounds(_FRAMES)
    ends = {0} | {end for _, _, end in bounds}
    for cut in range(len(_FRAMED) + 1):
        pieces, error = _decode_until_error(docksock.iter_frames(io.BytesIO(_FRAMED[:cut]).read,
                                                                 size))
        whole = [(s, p) for (s, p), (_, _, end) in zip(_FRAMES, bounds) if p and end <= cut]
        if cut in ends:
            assert error is None, cut
            assert _merged(pieces) == whole
            continue
        assert isinstance(error, docksock.StreamParseError), (cut, error)
        start, header_end, _ = next(b for b in bounds if b[0] <= cut < b[2])
        if cut < header_end:
            assert "in the middle of a frame header (%d of 8 bytes)" % (cut - start) in str(error)
            assert _merged(pieces) == whole
        else:
            stream, payload = _FRAMES[[b[0] for b in bounds].index(start)]
            assert "in the middle of a frame (%d of %d bytes of stream %d)" % (
                cut - header_end, len(payload), stream) in str(error)
            partial = [(stream, payload[:cut - header_end])] if cut > header_end else []
            assert _merged(pieces) == _merged(whole + partial)


def test_iter_frames_system_error_frame():
    data = _frame(1, b"before\n") + _frame(3, b"Error grabbing logs: log file is gone\n") + \
        _frame(1, b"never seen\n")
    for size in (1, 5, 65536):
        pieces, error = _decode_until_error(docksock.iter_frames(io.BytesIO(data).read, size))
        assert _merged(pieces) == [(1, b"before\n")]
        assert type(error) is docksock.StreamError and isinstance(error, docksock.APIError)
        assert str(error) == "error from daemon in stream: Error grabbing logs: log file is gone"


@pytest.mark.parametrize("stream", [4, 7, 255])
def test_iter_frames_unknown_stream(stream):
    data = _frame(1, b"ok\n") + _frame(stream, b"what is this")
    pieces, error = _decode_until_error(docksock.iter_frames(io.BytesIO(data).read))
    assert pieces == [(1, b"ok\n")]
    assert isinstance(error, docksock.StreamParseError)
    assert "unrecognized stream: %d" % stream in str(error)


@pytest.mark.parametrize("stream", [1, 2, 3])
def test_iter_frames_huge_length_then_end(stream):
    """A 4 GiB length followed by the end of the stream raises without allocating 4 GiB."""
    data = struct.pack(">BxxxL", stream, 0xFFFFFFFF) + b"abc"
    tracemalloc.start()
    try:
        pieces, error = _decode_until_error(docksock.iter_frames(io.BytesIO(data).read))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(error, docksock.StreamParseError), error
    assert peak < 1 << 20
    assert pieces == ([] if stream == 3 else [(stream, b"abc")])


def test_iter_frames_clean_end():
    assert list(docksock.iter_frames(io.BytesIO(b"").read)) == []
    frames = docksock.iter_frames(io.BytesIO(_frame(2, b"last")).read)
    assert next(frames) == (2, b"last")
    with pytest.raises(StopIteration):
        next(frames)


def test_iter_frames_large_frame_comes_in_pieces():
    payload = random.Random(1).getrandbits(8 << 20).to_bytes(1 << 20, "big")
    pieces = list(docksock.iter_frames(io.BytesIO(_frame(1, payload) + _frame(2, b"e")).read,
                                       65536))
    assert len(pieces) > 16 and pieces[-1] == (2, b"e")
    assert {s for s, _ in pieces[:-1]} == {1}
    assert max(len(p) for _, p in pieces) <= 65536
    assert b"".join(p for _, p in pieces[:-1]) == payload


# JSON message streams: progress (\r\n), events and stats (\n), json-seq (RS ... \n), and values
# written back to back.  Non-ASCII text is sent raw, so a read can split a UTF-8 sequence.
_JSON_VALUES = [{"status": "Pulling fs layer", "progressDetail": {}, "id": "a1b2"},
                {"u": "caf\u00e9 \u2603 \U0001f433", "n": [1, 2.5, None, True, False]},
                [], {}, "text", 42, {"errorDetail": {"code": 7, "message": "no"}, "error": "no"}]


def _json_bytes(value):
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


_JSON_STREAMS = {
    "crlf": b"".join(_json_bytes(v) + b"\r\n" for v in _JSON_VALUES),
    "lf": b"".join(_json_bytes(v) + b"\n" for v in _JSON_VALUES),
    "json-seq": b"".join(b"\x1e" + _json_bytes(v) + b"\n" for v in _JSON_VALUES),
    "concatenated": b"".join(_json_bytes(v) for v in _JSON_VALUES[:-2]) + b"42" +
                    b" " + _json_bytes(_JSON_VALUES[-1]),
    "mixed whitespace": b" \t\r\n".join(_json_bytes(v) for v in _JSON_VALUES) + b" \n\n",
}


@pytest.mark.parametrize("kind", sorted(_JSON_STREAMS))
def test_iter_json_separators_and_splits(kind):
    data = _JSON_STREAMS[kind]
    assert list(docksock.iter_json(io.BytesIO(data).read)) == _JSON_VALUES
    for size in range(1, 12):           # 1: split at every byte
        assert list(docksock.iter_json(io.BytesIO(data).read, size)) == _JSON_VALUES, size
    rng = random.Random(kind)
    for _ in range(100):
        sizes = _random_sizes(rng, len(data), 40)
        assert list(docksock.iter_json(_reads(data, sizes))) == _JSON_VALUES, sizes


def test_iter_json_one_value_over_ten_thousand_reads():
    value = {"stream": "x" * 9970 + "\u00e9"}
    data = _json_bytes(value) + b"\r\n"
    assert len(data) > 9980
    read = _reads(data, [1])
    assert list(docksock.iter_json(read)) == [value]
    assert read.calls == len(data) + 1


def test_iter_json_yields_each_value_as_it_arrives():
    """A value is yielded once its line is in, without waiting for more of the stream."""
    chunks = [b'{"Action":"create"}\n', b'{"Action":"start"}\n']
    calls = []

    def read(n):
        calls.append(n)
        return chunks.pop(0) if chunks else b""
    events = docksock.iter_json(read)
    assert next(events) == {"Action": "create"} and len(calls) == 1
    assert next(events) == {"Action": "start"} and len(calls) == 2
    assert list(events) == []


def test_iter_json_value_spanning_lines():
    """Pretty-printed values: the whitespace between tokens may be newlines."""
    data = b'{\n  "status": "a",\n  "id": "1"\n}\n[\n1,\n2\n] {"b":\n 12\n}\r\n3\n4'
    values = [{"status": "a", "id": "1"}, [1, 2], {"b": 12}, 3, 4]
    for size in (1, 2, 3, 7, 65536):
        assert list(docksock.iter_json(io.BytesIO(data).read, size)) == values, size
    for bad in (b'{\n"a": 1\n', b'{"a": tru\ne}\n', b'{"a": "x\ny"}\n', b'[1,\n,2]\n'):
        with pytest.raises(docksock.StreamParseError):
            list(docksock.iter_json(io.BytesIO(bad).read, 1))


@pytest.mark.parametrize("data, good, message", [
    (b'{"a":1}\n{"b":"\xff"}\n', [{"a": 1}], "invalid UTF-8"),
    (b'{"a":1}\n{nope}\n', [{"a": 1}], "invalid JSON"),
    (b'{"a":1}\r\n{"b":', [{"a": 1}], "invalid JSON"),        # ends in the middle of a value
    (b'{"a":1} ]\n', [{"a": 1}], "invalid JSON"),
])
def test_iter_json_rejects(data, good, message):
    for size in (1, 65536):
        values, error = _decode_until_error(docksock.iter_json(io.BytesIO(data).read, size))
        assert values == good
        assert isinstance(error, docksock.StreamParseError) and message in str(error), error


def test_check_message():
    msg = {"errorDetail": {"code": 7, "message": "manifest unknown"}, "error": "manifest unknown"}
    with pytest.raises(docksock.StreamError) as e:
        docksock.check_message(msg)
    assert (e.value.explanation, e.value.code, e.value.message) == ("manifest unknown", 7, msg)
    assert str(e.value) == "manifest unknown" and isinstance(e.value, docksock.APIError)
    with pytest.raises(docksock.StreamError) as e:
        docksock.check_message({"error": "only the old field"})
    assert (str(e.value), e.value.code) == ("only the old field", None)
    ok = {"status": "Download complete", "id": "a1"}
    assert docksock.check_message(ok) is ok
    assert docksock.check_message([1]) == [1]


_UTC = datetime.timezone.utc


@pytest.mark.parametrize("value, expected", [
    ("10m", 1700000000 - 600), ("1h30m", 1700000000 - 5400), ("1.5s", 1700000000 - 2),
    ("300ms", 1700000000), (1699999999, 1699999999), (1699999999.25, 1699999999.25),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=_UTC), 1704164645.5),
    ("2024-01-02T03:04:05Z", "1704164645.000000000"),
    ("2024-01-02T03:04:05.123456789Z", "1704164645.123456789"),
    ("2024-01-02T03:04:05.5Z", "1704164645.500000000"),
    ("2024-01-02T04:04:05+01:00", "1704164645.000000000"),
    ("2024-01-01T22:34:05.25-04:30", "1704164645.250000000"),
    ("1700000000", "1700000000"), ("1700000000.123", "1700000000.123"),
    (None, None), ("", None),
])
def test_to_timestamp(value, expected):
    assert docksock.to_timestamp(value, now=1700000000.4) == expected


def test_to_timestamp_local_times():
    """A date, or a time without a zone, is local time, as the docker CLI reads it."""
    midnight = int(time.mktime((2024, 1, 2, 0, 0, 0, 0, 0, -1)))
    assert docksock.to_timestamp("2024-01-02") == "%d.000000000" % midnight
    assert docksock.to_timestamp("2024-01-02T03:04:05") == "%d.000000000" % (midnight + 11045)
    assert docksock.to_timestamp(datetime.datetime(2024, 1, 2)) == midnight
    now = time.time()
    assert abs(docksock.to_timestamp("2m") - (now - 120)) <= 2


@pytest.mark.parametrize("value", ["yesterday", "10 minutes", "10x", "1e9", "2024/01/02",
                                   "2024-01-02T03:04:05 UTC", "-", True, [1], object()])
def test_to_timestamp_rejects(value):
    with pytest.raises(docksock.InvalidArgument) as e:
        docksock.to_timestamp(value)
    assert repr(value) in str(e.value) or str(value) in str(e.value)


def test_cli_bad_time_is_an_error_before_any_request():
    for flag in ("--since", "--until"):
        rc, out, err = run_cli("-H", "unix:///nonexistent.sock", "events", flag, "yesterday")
        assert (rc, out) == (1, "") and err.startswith("invalid time value 'yesterday'"), err


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30T10:00:00Z", "2024-01-02T25:00:00Z"])
def test_to_timestamp_rejects_impossible_dates(value):
    with pytest.raises(docksock.InvalidArgument, match=re.escape(value)):
        docksock.to_timestamp(value)


def test_cli_impossible_date_is_an_error_not_a_traceback():
    rc, out, err = run_cli("-H", "unix:///nonexistent.sock", "events", "--since", "2024-13-45")
    assert rc == 1 and "2024-13-45" in err


def test_parse_duration():
    assert docksock.parse_duration("1h30m") == 5400
    assert docksock.parse_duration("1.5s") == 1.5
    assert docksock.parse_duration("250ms") == 0.25
    assert docksock.parse_duration("10") is None
    assert docksock.parse_duration("10m junk") is None


# One `docker stats` sample from cgroup v2 and one from cgroup v1; the expected figures are worked
# out by hand with the CLI's formulas (cli/command/container/stats_helpers.go):
#   CPU % = (cpu delta / system delta) * online CPUs * 100
#   memory = usage - inactive_file (v2) or usage - total_inactive_file (v1); % of the limit
#   block I/O = sums of the "read" and "write" (any case) entries; net I/O = sums over interfaces
_STATS_V2 = {
    "name": "/web", "pids_stats": {"current": 3},
    "cpu_stats": {"cpu_usage": {"total_usage": 2000000000}, "system_cpu_usage": 100000000000,
                  "online_cpus": 2},
    "precpu_stats": {"cpu_usage": {"total_usage": 1500000000}, "system_cpu_usage": 90000000000},
    "memory_stats": {"usage": 10485760, "limit": 1073741824,
                     "stats": {"inactive_file": 2097152, "file": 3000000, "anon": 7000000}},
    "networks": {"eth0": {"rx_bytes": 1000, "tx_bytes": 2000},
                 "eth1": {"rx_bytes": 24, "tx_bytes": 76}},
    "blkio_stats": {"io_service_bytes_recursive": [
        {"major": 8, "minor": 0, "op": "read", "value": 4096},
        {"major": 8, "minor": 0, "op": "write", "value": 8192},
        {"major": 8, "minor": 16, "op": "read", "value": 4096}]},
}
_STATS_V1 = {
    "name": "/db", "pids_stats": {"current": 12},
    "cpu_stats": {"cpu_usage": {"total_usage": 400000000, "percpu_usage": [1, 2, 3, 4]},
                  "system_cpu_usage": 20000000000},
    "precpu_stats": {"cpu_usage": {"total_usage": 200000000}, "system_cpu_usage": 10000000000},
    "memory_stats": {"usage": 5242880, "limit": 104857600,
                     "stats": {"total_inactive_file": 1048576, "inactive_file": 524288,
                               "cache": 2000000}},
    "blkio_stats": {"io_service_bytes_recursive": [
        {"major": 8, "minor": 0, "op": "Read", "value": 100},
        {"major": 8, "minor": 0, "op": "Write", "value": 200},
        {"major": 8, "minor": 0, "op": "Sync", "value": 300},
        {"major": 8, "minor": 0, "op": "Async", "value": 0},
        {"major": 8, "minor": 0, "op": "Total", "value": 300}]},
}


def test_calculate_stats_cgroup_v2():
    f = docksock.calculate_stats(_STATS_V2)
    assert f["cpu_percent"] == pytest.approx(500000000 / 10000000000 * 2 * 100)        # 10.0
    assert f["memory_usage"] == 10485760 - 2097152                                    # 8 MiB
    assert f["memory_limit"] == 1073741824
    assert f["memory_percent"] == pytest.approx(8388608 / 1073741824 * 100)           # 0.78125
    assert (f["net_rx"], f["net_tx"]) == (1024, 2076)
    assert (f["block_read"], f["block_write"]) == (8192, 8192)
    assert f["pids"] == 3


def test_calculate_stats_cgroup_v1():
    f = docksock.calculate_stats(_STATS_V1)
    assert f["cpu_percent"] == pytest.approx(200000000 / 10000000000 * 4 * 100)        # 8.0
    assert f["memory_usage"] == 5242880 - 1048576                        # total_inactive_file
    assert f["memory_percent"] == pytest.approx(4194304 / 104857600 * 100)            # 4.0
    assert (f["net_rx"], f["net_tx"]) == (0, 0)
    assert (f["block_read"], f["block_write"]) == (100, 200)
    assert f["pids"] == 12
    # v1 with total_inactive_file >= usage: the CLI falls through to inactive_file
    odd = dict(_STATS_V1, memory_stats={"usage": 1000, "limit": 4000, "stats": {
        "total_inactive_file": 2000, "inactive_file": 100}})
    assert docksock.calculate_stats(odd)["memory_usage"] == 900
    # a first sample (no precpu) counts from zero, as the CLI does; no limit gives 0 %
    first = docksock.calculate_stats({"cpu_stats": _STATS_V2["cpu_stats"], "precpu_stats": {},
                                      "memory_stats": {}})
    assert first["cpu_percent"] == pytest.approx(2000000000 / 100000000000 * 2 * 100)
    assert docksock.calculate_stats({})["memory_percent"] == 0.0


def test_cli_stats_row_formats_the_figures():
    row = docksock._stats_row({"Id": "3b2ea7979c5c" + "0" * 52, "Names": ["web"]}, _STATS_V2)
    assert list(row.values()) == ["3b2ea7979c5c", "web", "10.00%", "8MiB / 1GiB", "0.78%",
                                  "1.02kB / 2.08kB", "8.19kB / 8.19kB", "3", "3b2ea7979c5c" + "0" * 52]


# -- fake daemon: what a real Engine does not do on demand --------------------------------------

def _logs_daemon(version, content_type, body, tty=False):
    """An engine_like handler for container "web": inspect (Config.Tty) and logs."""
    inspect = _json({"Id": "web" + "0" * 61, "Config": {"Tty": tty}})
    headers = {"Content-Type": content_type} if content_type else {}

    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": version}, b"OK"
        path = req.path.split("?", 1)[0]
        if path == "/v%s/containers/web/json" % version:
            return inspect
        if path == "/v%s/containers/web/logs" % version:
            return 200, headers, body
        return 404, {"Content-Type": "application/json"}, b'{"message":"page not found"}'
    return handler


_MULTIPLEXED = "application/vnd.docker.multiplexed-stream"
_RAW = "application/vnd.docker.raw-stream"
_LOGS_BODY = _frame(1, b"out\n") + _frame(2, b"err\n") + _frame(1, b"more\n")


def _paths(d):
    return [(r.method, r.path.split("?", 1)[0]) for r in d.requests]


def test_logs_on_1_42_route_by_content_type(fake):
    """From API 1.42 the Engine says which it is: no inspect is needed."""
    d = fake(_logs_daemon("1.43", _MULTIPLEXED, _LOGS_BODY))
    c = docksock.APIClient(d.url)
    assert c.logs("web") == b"out\nerr\nmore\n"
    assert c.logs("web", demux=True) == (b"out\nmore\n", b"err\n")
    assert list(c.logs("web", stream=True, demux=True)) == [
        (b"out\n", b""), (b"", b"err\n"), (b"more\n", b"")]
    assert "/v1.43/containers/web/json" not in [p for _, p in _paths(d)]
    # raw-stream on 1.42+ is a TTY's output: the bytes come as they are, frame-like or not
    d = fake(_logs_daemon("1.43", _RAW, _LOGS_BODY, tty=False))
    c = docksock.APIClient(d.url)
    assert c.logs("web") == _LOGS_BODY
    assert c.logs("web", demux=True) == (_LOGS_BODY, b"")
    assert _paths(d) == [("HEAD", "/_ping"), ("GET", "/v1.43/containers/web/logs"),
                         ("GET", "/v1.43/containers/web/logs")]


@pytest.mark.parametrize("tty", [False, True])
def test_logs_on_1_41_inspect_once_first(fake, tty):
    """Below 1.42 the Engine says raw-stream even for frames; Config.Tty decides."""
    d = fake(_logs_daemon("1.41", _RAW, _LOGS_BODY, tty=tty))
    c = docksock.APIClient(d.url)
    assert c.logs("web") == (_LOGS_BODY if tty else b"out\nerr\nmore\n")
    assert _paths(d) == [("HEAD", "/_ping"), ("GET", "/v1.41/containers/web/json"),
                         ("GET", "/v1.41/containers/web/logs")]
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(d.requests[-1].path).query)
    assert params == {"stdout": ["1"], "stderr": ["1"], "follow": ["0"], "timestamps": ["0"],
                      "tail": ["all"]}


def test_logs_body_ending_mid_frame_raises(fake):
    body = _frame(1, b"complete\n") + _frame(2, b"cut short\n")[:-3]
    d = fake(_logs_daemon("1.43", _MULTIPLEXED, body))
    c = docksock.APIClient(d.url)
    with pytest.raises(docksock.StreamParseError, match="middle of a frame"):
        c.logs("web")
    pieces, error = _decode_until_error(c.logs("web", stream=True))
    assert pieces == [b"complete\n", b"cut sho"]
    assert isinstance(error, docksock.StreamParseError)


_PULL_ERROR = {"errorDetail": {"code": 1, "message": "manifest for local/x:latest not found"},
               "error": "manifest for local/x:latest not found"}
_PULL_BODY = (b'{"status":"Pulling from local/x","id":"latest"}\r\n'
              b'{"status":"Pulling fs layer","progressDetail":{},"id":"a1"}\r\n' +
              json.dumps(_PULL_ERROR).encode() + b"\r\n")
_PULL_PATH = ("POST", "/v1.41/images/create?fromImage=local%2Fx&tag=latest")


def test_pull_error_inside_a_200_stream(fake):
    d = fake(engine_like(routes={_PULL_PATH: (200, {"Content-Type": "application/json"},
                                              _PULL_BODY)}))
    c = docksock.DockerClient(base_url=d.url)
    got, error = _decode_until_error(c.api.pull("local/x", stream=True, decode=True))
    assert [m["status"] for m in got] == ["Pulling from local/x", "Pulling fs layer"]
    assert type(error) is docksock.StreamError
    assert (error.explanation, error.code) == ("manifest for local/x:latest not found", 1)
    got, error = _decode_until_error(c.api.pull("local/x", stream=True))
    assert [json.loads(m.decode())["status"] for m in got] == ["Pulling from local/x",
                                                               "Pulling fs layer"]
    assert type(error) is docksock.StreamError
    with pytest.raises(docksock.StreamError, match="manifest for local/x:latest not found"):
        c.api.pull("local/x")
    with pytest.raises(docksock.StreamError, match="manifest for local/x:latest not found"):
        c.images.pull("local/x")
    assert [p for _, p in _paths(d)].count("/v1.41/images/create") == 4   # nothing else asked


def test_pull_decode_without_stream_returns_the_text(fake):
    body = b'{"status":"Pulling from local/x","id":"latest"}\r\n{"status":"Digest: sha256:ab"}\r\n'
    d = fake(engine_like(routes={_PULL_PATH: (200, {"Content-Type": "application/json"}, body)}))
    c = docksock.APIClient(d.url)
    assert c.pull("local/x") == body.decode()
    assert c.pull("local/x", decode=True) == body.decode()   # docker-py ignores decode here


def _held_stream(first_chunk, seen):
    """A FakeDaemon writer: 200, chunked, one chunk, then the response held open until the
    client goes away (seen["client_gone"] set) or 20 seconds pass (seen["held_out"])."""
    def writer(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            b"Transfer-Encoding: chunked\r\n\r\n")
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(first_chunk), first_chunk))
        handler.connection.settimeout(20)
        try:
            if handler.connection.recv(1) == b"":
                seen["client_gone"].set()
        except socket.timeout:
            seen["held_out"] = True
        except OSError:
            seen["client_gone"].set()
    return writer


def test_events_closed_from_another_thread(fake):
    event = {"Type": "container", "Action": "create", "id": "abc", "time": 1700000000}
    seen = {"client_gone": threading.Event(), "held_out": False}
    d = fake(engine_like(routes={("GET", "/v1.41/events"): lambda req: _held_stream(
        json.dumps(event).encode() + b"\n", seen)}))
    c = docksock.APIClient(d.url)
    events = c.events(decode=True)
    assert next(events) == event
    timer = threading.Timer(0.3, events.close)   # the reader below is blocked in a read
    timer.start()
    try:
        assert list(events) == []                 # ends quietly: no exception
    finally:
        timer.cancel()
    assert seen["client_gone"].wait(10) and not seen["held_out"]
    assert list(events) == []                     # and stays ended
    assert c._idle == []                          # the connection was not pooled


# -- the real Engine ----------------------------------------------------------------------------

@pytest.fixture
def tagged(lab):
    """A label value for LAB_LABEL unique to this test; every container carrying it is removed
    afterwards (by the lab's own http.client, so a docksock bug cannot leave leftovers)."""
    value = "streams-%d-%d" % (os.getpid(), random.randrange(1 << 30))
    yield value
    filters = urllib.parse.quote(json.dumps({"label": ["%s=%s" % (LAB_LABEL, value)]}))
    status, _, body = _lab_request(lab.sock, "GET", "/containers/json?all=1&filters=" + filters)
    for c in json.loads(body.decode()) if status == 200 else ():
        _lab_request(lab.sock, "DELETE", "/containers/%s?force=1&v=1" % c["Id"])


def _bb(client, tag, command, **kw):
    """containers.run of the lab image, labelled with tag, with network mode none."""
    return client.containers.run(LAB_IMAGE, command, network_mode="none",
                                 labels={LAB_LABEL: tag}, **kw)


_OUT_ERR = ["sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2"]


def _lines(data, prefix):
    return [l for l in data.splitlines() if l.startswith(prefix)]


def test_run_returns_stdout_and_raises_with_both_streams(client, tagged):
    assert _bb(client, tagged, _OUT_ERR, remove=True) == b"out1\nout2\n"
    both = _bb(client, tagged, _OUT_ERR, remove=True, stderr=True)
    assert sorted(both.splitlines()) == [b"err1", b"err2", b"out1", b"out2"]
    assert _lines(both, b"out") == [b"out1", b"out2"]     # in order within each stream
    assert _lines(both, b"err") == [b"err1", b"err2"]
    assert _bb(client, tagged, _OUT_ERR, remove=True, stdout=False, stderr=True) == b"err1\nerr2\n"
    assert b"".join(_bb(client, tagged, _OUT_ERR, stream=True)) == b"out1\nout2\n"
    with pytest.raises(docksock.ContainerError) as e:
        _bb(client, tagged, ["sh", "-c", "echo o; echo e >&2; exit 3"], remove=True)
    assert (e.value.exit_status, e.value.stdout, e.value.stderr) == (3, b"o\n", b"e\n")
    assert e.value.image == LAB_IMAGE and "returned non-zero exit status 3: e" in str(e.value)
    with pytest.raises(docksock.NotFound):    # remove=True removed it before raising
        client.containers.get(e.value.container.id)


def test_run_detached_then_logs(client, tagged):
    c = _bb(client, tagged, _OUT_ERR, detach=True)
    assert isinstance(c, docksock.Container) and c.wait(timeout=30)["StatusCode"] == 0
    assert c.logs(demux=True) == (b"out1\nout2\n", b"err1\nerr2\n")
    assert c.logs(stdout=False) == b"err1\nerr2\n"
    assert c.logs(stderr=False) == b"out1\nout2\n"
    pieces = list(c.logs(stream=True, demux=True))
    assert all(type(p) is tuple and (p[0] == b"") != (p[1] == b"") for p in pieces)
    assert b"".join(o for o, _ in pieces) == b"out1\nout2\n"
    assert b"".join(e for _, e in pieces) == b"err1\nerr2\n"


def test_exec_run_demux_and_exit_codes(client, tagged):
    c = _bb(client, tagged, ["sleep", "60"], detach=True)
    r = c.exec_run(["sh", "-c", "echo a; echo b >&2; exit 5"], demux=True)
    assert (r.exit_code, r.output) == (5, (b"a\n", b"b\n"))
    assert c.exec_run("true", demux=True) == (0, (b"", b""))
    assert c.exec_run("sh -c 'echo one; exit 0'") == (0, b"one\n")
    assert c.exec_run(["sh", "-c", "echo x >&2"], stderr=False) == (0, b"")
    code, stream = c.exec_run(["sh", "-c", "echo s1; echo s2"], stream=True)
    assert code is None and b"".join(stream) == b"s1\ns2\n"
    assert c.exec_run("sh -c 'echo $(id -un) $PWD $HOME'", user="nobody", workdir="/tmp",
                      environment={"HOME": "/h"}) == (0, b"nobody /tmp /h\n")


def test_exec_interactive_socket(client, tagged):
    c = _bb(client, tagged, ["sleep", "60"], detach=True)
    code, sock = c.exec_run("cat", stdin=True, socket=True)
    assert code is None and isinstance(sock, docksock.AttachSocket)
    with sock:
        exec_id, = client.api.inspect_container(c.id)["ExecIDs"]   # cat waits for its stdin
        sock.write(b"to cat\n")
        sock.sendall("and more\n")
        sock.close_stdin()                 # cat reads EOF; its output still comes
        assert _merged(sock.frames()) == [(1, b"to cat\nand more\n")]
    assert client.api.exec_exit_code(exec_id) == 0
    # the low-level calls: output after stdin's EOF arrives, with the exit code
    exec_id = client.api.exec_create(c.id, ["sh", "-c", "cat; echo done-after-eof >&2; exit 4"],
                                     stdin=True)["Id"]
    with client.api.exec_start(exec_id, socket=True) as sock:
        sock.sendall(b"hello stdin\n")
        sock.close_stdin()
        assert sock.demux() == (b"hello stdin\n", b"done-after-eof\n")
    assert client.api.exec_exit_code(exec_id) == 4
    assert client.api.exec_inspect(exec_id)["Running"] is False


def test_attach_socket_before_start(client, tagged):
    c = client.containers.create(LAB_IMAGE, "cat", stdin_open=True, network_mode="none",
                                 labels={LAB_LABEL: tagged})
    assert c.attrs["Config"]["OpenStdin"] is True and c.status == "created"
    with c.attach_socket(params={"stdin": True, "stdout": True, "stderr": True,
                                 "stream": True}) as sock:
        c.start()
        sock.write(b"via attach\n")
        sock.close_stdin()
        assert _merged(sock.frames()) == [(1, b"via attach\n")]
    assert c.wait(timeout=30)["StatusCode"] == 0


def test_attach_output_until_exit(client, tagged):
    c = client.containers.create(LAB_IMAGE, _OUT_ERR, network_mode="none",
                                 labels={LAB_LABEL: tagged})
    sock = c.attach_socket()
    c.start()
    with sock:
        out, err = sock.demux()
    assert (out, err) == (b"out1\nout2\n", b"err1\nerr2\n")


def test_logs_follow_ends_when_the_container_stops(client, tagged):
    c = _bb(client, tagged, ["sh", "-c", "echo ready; exec sleep 60"], detach=True)
    stream = c.logs(stream=True, follow=True)
    try:
        assert next(stream) == b"ready\n"
        c.kill()
        assert list(stream) == []          # the Engine ends the stream at the exit
    finally:
        stream.close()


_RFC3339NANO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(?:Z|[+-]\d\d:\d\d)"
_RFC3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)"     # whole seconds


def _log_stamp(lab):
    """The timestamp of a log line: RFC 3339 with nanoseconds."""
    # known difference (Podman): log timestamps are whole seconds, 2024-05-01T12:00:00Z
    return _RFC3339 if lab.podman else _RFC3339NANO


def test_logs_since_until_tail_timestamps(client, tagged, lab):
    c = _bb(client, tagged, ["sh", "-c", "echo early; echo late"], detach=True)
    assert c.wait(timeout=30)["StatusCode"] == 0
    lines = c.logs(timestamps=True).decode().splitlines()
    stamps = [re.match("^(%s) (early|late)$" % _log_stamp(lab), l) for l in lines]
    assert all(stamps) and [m.group(2) for m in stamps] == ["early", "late"], lines
    early, late = stamps[0].group(1), stamps[1].group(1)
    if lab.podman:
        # known difference (Podman): the stamps are cut to the second, before the line's
        # time, so since=late also takes early when both fell in one second, and until=early
        # takes neither line
        assert c.logs(since=late) == (b"early\nlate\n" if early == late else b"late\n")
        assert c.logs(until=early) == b""
    else:
        assert c.logs(since=late) == b"late\n"        # RFC 3339 with nanoseconds, inclusive
        assert c.logs(until=early) == b"early\n"
    assert c.logs(tail=1) == b"late\n" and c.logs(tail=0) == b""
    assert c.logs(since="1h") == b"early\nlate\n"     # a duration: an hour ago
    assert c.logs(until="1h") == b""
    assert c.logs(since=int(time.time()) + 3600) == b""
    assert c.logs(since=datetime.datetime.now(_UTC) - datetime.timedelta(hours=1)) == \
        b"early\nlate\n"


def test_tty_logs_are_raw(client, tagged):
    c = _bb(client, tagged, ["sh", "-c", "echo tty-out; echo tty-err >&2"], detach=True, tty=True)
    assert c.wait(timeout=30)["StatusCode"] == 0
    assert c.logs() == b"tty-out\r\ntty-err\r\n"
    assert c.logs(demux=True) == (b"tty-out\r\ntty-err\r\n", b"")


def test_wait_condition_and_timeout(client, tagged):
    c = _bb(client, tagged, ["sleep", "60"], detach=True)
    with pytest.raises(docksock.DockerTimeout):
        c.wait(timeout=0.5, condition="not-running")
    result = {}
    waiter = threading.Thread(target=lambda: result.update(c.wait(condition="not-running",
                                                                   timeout=30)))
    waiter.start()
    c.kill()            # before or after the wait reaches the daemon: not-running answers
    waiter.join(30)
    assert result.get("StatusCode") == 137


def _podman_events_until(lab, until):
    """until for an events query of what already happened; on Podman a moment from now."""
    if not lab.podman:
        return until
    # known difference (Podman): until is when it stops reading its event log, by the wall
    # clock: an until already past ends the stream at once, racing the read (none or only the
    # first events come back); one a moment ahead gives them all once that moment has come
    return time.time() + 1


# The events of a container's life: Docker's names, and Podman's
_LIFECYCLE = ("create", "start", "die", "destroy")
# known difference (Podman): init before start, cleanup after die, remove for destroy
_PODMAN_LIFECYCLE = ("create", "init", "start", "die", "cleanup", "remove")


def test_events_see_a_container_lifecycle(client, tagged, lab):
    since = time.time()
    c = _bb(client, tagged, ["true"], detach=True, name="dks-ev-%s" % tagged)
    assert c.wait(timeout=30)["StatusCode"] == 0
    c.remove()
    until = time.time()     # after destroy, so the streams below end by themselves
    label = "%s=%s" % (LAB_LABEL, tagged)
    events = list(client.api.events(since=since, until=until, filters={"label": label},
                                    decode=True))
    lifecycle = _PODMAN_LIFECYCLE if lab.podman else _LIFECYCLE
    seen = [(e["Type"], e["Action"], e["Actor"]["ID"]) for e in events]
    expected = [("container", a, c.id) for a in lifecycle]
    if lab.podman:
        # known difference (Podman): with until already past, only a first part if anything
        # (see _podman_events_until); asked again with until a moment ahead, all of them
        assert seen == expected[:len(seen)]
        events = list(client.api.events(since=since, until=_podman_events_until(lab, until),
                                        filters={"label": label}, decode=True))
        seen = [(e["Type"], e["Action"], e["Actor"]["ID"]) for e in events]
    assert seen == expected
    assert events[lifecycle.index("die")]["Actor"]["Attributes"]["exitCode"] == "0"
    raw = list(client.api.events(since=since, until=_podman_events_until(lab, until),
                                 filters={"container": "dks-ev-%s" % tagged}))
    assert all(isinstance(r, bytes) for r in raw)
    assert [json.loads(r.decode())["Action"] for r in raw] == list(lifecycle)



def test_events_stream_closed_from_another_thread(client):
    events = client.api.events(decode=True)
    timer = threading.Timer(0.3, events.close)
    timer.start()
    try:
        assert list(events) == []
    finally:
        timer.cancel()


def test_stats_of_a_running_container(client, tagged, lab):
    c = _bb(client, tagged, ["sleep", "60"], detach=True)
    sample = c.stats(stream=False, one_shot=True)
    assert isinstance(sample, dict)
    if lab.podman:
        # known difference (Podman): the name comes without Docker's leading "/"
        assert sample["name"] == c.name
    else:
        # Engines from 23 on leave name and id out of one-shot samples
        assert sample.get("name", "/" + c.name) == "/" + c.name

    f = docksock.calculate_stats(sample)
    assert f["memory_usage"] > 0 and f["memory_limit"] >= f["memory_usage"]
    assert 0 < f["memory_percent"] < 100 and f["pids"] >= 1 and f["cpu_percent"] >= 0
    assert (f["net_rx"], f["net_tx"]) == (0, 0)      # network mode none
    with c.stats(decode=True) as samples:
        first = next(samples)
    assert isinstance(first, dict)
    if lab.podman:
        # known difference (Podman): the container's id is "Id" (Docker: "id")
        assert first["Id"] == c.id and "id" not in first
    else:
        assert first["id"] == c.id



def test_large_log_streams_in_flat_memory(client, tagged):
    size = 20 << 20
    c = _bb(client, tagged, ["sh", "-c", "dd if=/dev/zero bs=1M count=20 2>/dev/null | "
                                         "tr '\\0' x"], detach=True)
    assert c.wait(timeout=60)["StatusCode"] == 0
    total, pieces, wrong = 0, 0, 0
    tracemalloc.start()
    try:
        for piece in c.logs(stream=True):
            total += len(piece)
            pieces += 1
            wrong += len(piece) - piece.count(b"x")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (total, wrong) == (size, 0)
    assert pieces > 20
    assert peak < 5 << 20, "streaming %d bytes of logs peaked at %d bytes" % (size, peak)


# -- the CLI against the real Engine ------------------------------------------------------------

def test_cli_run_streams_exit_status_and_events(lab, tagged):
    label = "%s=%s" % (LAB_LABEL, tagged)
    since = "%.6f" % time.time()
    rc, out, err = run_cli("-H", lab.host, "run", "--rm", "--network", "none", "-l", label,
                           LAB_IMAGE, "sh", "-c", "echo out; echo err >&2; exit 7")
    assert (rc, out, err) == (7, "out\n", "err\n")
    until = "%.6f" % _podman_events_until(lab, time.time())   # --rm waited for the removal
    rc, out, err = run_cli("-H", lab.host, "events", "--since", since, "--until", until,
                           "--filter", "label=" + label)
    assert (rc, err) == (0, "")
    lines = out.splitlines()
    pattern = r"^(%s) container (\w+) ([0-9a-f]{64}) \((.*)\)$" % _RFC3339NANO
    matches = [re.match(pattern, l) for l in lines]
    assert all(matches), lines
    actions = [m.group(2) for m in matches]
    if lab.podman:
        # known difference (Podman): init before attach, remove for destroy (logged before
        # the wait for the removal ended); no cleanup event for an auto-removed container
        assert actions == ["create", "init", "attach", "start", "die", "remove"]
    else:
        # destroy is logged just after the removal that ended the wait, so it may fall after
        # until
        assert actions[:4] == ["create", "attach", "start", "die"] and \
            actions[4:] in ([], ["destroy"])
    assert len({m.group(3) for m in matches}) == 1
    assert "exitCode=7" in matches[actions.index("die")].group(4) and \
        label in matches[0].group(4)

    assert [m.group(1) for m in matches] == sorted(m.group(1) for m in matches)
    # an attribute by name: docker's dry run over an empty event takes it (a nil map).
    # (Not checked on Podman 4.3: a second read of the same window of its event log came
    # back empty there; not investigated.)
    if not lab.podman:
        rc, out, err = run_cli("-H", lab.host, "events", "--since", since, "--until", until,
                               "--filter", "label=" + label, "--format",
                               "{{.Action}} {{.Actor.Attributes.exitCode}}")
        assert (rc, err) == (0, "") and out.splitlines()[:2] == ["create <no value>",
                                                                 "attach <no value>"]
        assert "die 7" in out.splitlines()

    rc, out, err = run_cli("-H", lab.host, "run", "--rm", "--network", "none", "-l", label,
                           LAB_IMAGE, "dks-no-such-command")
    assert (rc, out) == (127, "")
    assert err.startswith("docksock: Error response from daemon: ")
    assert 'exec: "dks-no-such-command": executable file not found in $PATH' in err
    rc, out, err = run_cli("-H", lab.host, "run", "--network", "none", "-l", label, LAB_IMAGE,
                           "/etc")
    assert (rc, out) == (126, "") and '"/etc": permission denied' in err
    assert err.startswith("docksock: Error response from daemon: ")

    rc, out, err = run_cli("-H", lab.host, "run", "-d", "--network", "none", "-l", label,
                           LAB_IMAGE, "sh", "-c", "exit 4")
    assert rc == 0 and err == "" and re.match(r"^[0-9a-f]{64}\n$", out), out
    rc, out, err = run_cli("-H", lab.host, "wait", out.strip())
    assert (rc, out, err) == (0, "4\n", "")


def _no_such_container(lab, name, call=None):
    """The daemon's message for a container that is not there."""
    if lab.podman:
        # known difference (Podman): its own text; for wait, without the name
        if call == "wait":
            return "no such container"
        return 'no container with name or ID "%s" found: no such container' % name
    return "No such container: %s" % name


def test_cli_exec_logs_top_stats_and_lifecycle(lab, tagged):
    label = "%s=%s" % (LAB_LABEL, tagged)
    name = "dks-cli-streams-%s" % tagged
    missing = "dks-missing-%s" % tagged
    rc, cid, err = run_cli("-H", lab.host, "run", "-d", "--name", name, "--network", "none",
                           "-l", label, LAB_IMAGE, "sh", "-c", "exec sleep 60")
    assert rc == 0, err
    cid = cid.strip()
    h = ("-H", lab.host)
    assert run_cli(*h + ("exec", name, "sh", "-c", "exit 5")) == (5, "", "")
    assert run_cli(*h + ("exec", name, "sh", "-c", "echo o; echo e >&2")) == (0, "o\n", "e\n")
    assert run_cli(*h + ("exec", missing, "true")) == (
        1, "", "Error response from daemon: %s\n" % _no_such_container(lab, missing))
    rc, out, err = run_cli(*h + ("run", "--name", name, "--network", "none", "-l", label,
                                 LAB_IMAGE, "true"))
    assert (rc, out) == (125, "") and "is already in use" in err

    rc, out, err = run_cli(*h + ("top", name))
    assert (rc, err) == (0, "")
    head, row = out.splitlines()
    if lab.podman:
        # known difference (Podman): ps' own table as one column, a single title and one
        # cell per process
        top = json.loads(_lab_request(lab.sock, "GET", "/containers/%s/top" % name)[2].decode())
        assert top == {"Titles": ["PID   USER     COMMAND"], "Processes": [["1 root     sleep 60"]]}

        assert (head, row) == ("PID   USER     COMMAND", "1 root     sleep 60")
    else:
        titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
        assert head == "".join(t.ljust(20) for t in titles[:-1]) + "CMD"
        assert row.startswith("root ") and row.endswith("sleep 60")

    rc, out, err = run_cli(*h + ("stats", "--no-stream", name))
    assert (rc, err) == (0, "")
    head, row = out.splitlines()
    assert re.split(r" {2,}", head) == ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT",
                                        "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]
    for col in [m.start() for m in re.finditer(r"(?<=   )\S", head)]:
        assert row[col - 1] == " " and row[col] != " ", (head, row)   # the columns line up
    cells = re.split(r" {2,}", row)
    assert cells[:2] == [cid[:12], name] and cells[5] == "0B / 0B" and cells[7] == "1"
    assert re.match(r"^\d+\.\d\d%$", cells[2]) and re.match(r"^\d+\.\d\d%$", cells[4])
    assert re.match(r"^[\d.]+[KMG]?i?B / [\d.]+[KMGT]iB$", cells[3]), cells[3]

    assert run_cli(*h + ("kill", name)) == (0, name + "\n", "")
    assert run_cli(*h + ("wait", name)) == (0, "137\n", "")
    assert run_cli(*h + ("start", name)) == (0, name + "\n", "")
    assert run_cli(*h + ("stop", "-t", "0", name)) == (0, name + "\n", "")
    assert run_cli(*h + ("rm", name, missing)) == (
        1, name + "\n", "Error response from daemon: %s\n" % _no_such_container(lab, missing))
    for cmd in ("start", "stop", "rm", "wait"):
        # docker start sums up: "Error: failed to start containers: NAME, ..."
        end = "Error: failed to start containers: %s\n" % missing if cmd == "start" else ""
        assert run_cli(*h + (cmd, missing)) == (
            1, "", "Error response from daemon: %s\n%s" % (_no_such_container(lab, missing, cmd),
                                                          end)), cmd
    rc, out, err = run_cli(*h + ("kill", missing))
    assert (rc, out) == (1, "")
    assert err.startswith("Error response from daemon: ") and \
        err.endswith("%s\n" % _no_such_container(lab, missing))


def test_cli_logs(lab, tagged):
    label = "%s=%s" % (LAB_LABEL, tagged)
    h = ("-H", lab.host)
    rc, cid, err = run_cli(*h + ("run", "-d", "--network", "none", "-l", label, LAB_IMAGE, "sh",
                                 "-c", "echo one; echo two; echo three >&2; exit 3"))
    assert rc == 0, err
    cid = cid.strip()
    assert run_cli(*h + ("wait", cid)) == (0, "3\n", "")
    assert run_cli(*h + ("logs", cid)) == (0, "one\ntwo\n", "three\n")
    rc, out, err = run_cli(*h + ("logs", "--tail", "1", cid))
    # the last line of the log: two (stdout) or three (stderr), whichever the Engine took last
    assert rc == 0 and (out, err) in (("two\n", ""), ("", "three\n"))
    assert run_cli(*h + ("logs", "--tail", "0", cid)) == (0, "", "")
    rc, out, err = run_cli(*h + ("logs", "-t", cid))
    assert rc == 0
    stamp = _log_stamp(lab)
    assert re.match(r"^%s one\n%s two\n$" % (stamp, stamp), out), out
    assert re.match(r"^%s three\n$" % stamp, err), err

    assert run_cli(*h + ("logs", "--until", "1h", cid)) == (0, "", "")
    rc, out, err = run_cli(*h + ("logs", "-f", cid))     # stopped: follow ends at once
    assert (rc, out, err) == (0, "one\ntwo\n", "three\n")
    rc, out, err = run_cli(*h + ("logs", "dks-missing-%s" % tagged))
    assert (rc, out, err) == (1, "", "Error response from daemon: %s\n"
                              % _no_such_container(lab, "dks-missing-%s" % tagged))



# A docksock bug that Podman shows now and then (a race, so no strict xfail mark: the test
# xfails where the wrong status shows, and must pass otherwise).
def _docksock_subprocess(lab, argv, **kw):
    return subprocess.run([sys.executable, "docksock.py"] + argv, cwd=HERE,
                          env=dict(os.environ, DOCKER_HOST=lab.host), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60, **kw)


def test_cli_stdin_through_a_pipe(lab, tagged):
    label = "%s=%s" % (LAB_LABEL, tagged)
    name = "dks-pipe-%s" % tagged
    p = _docksock_subprocess(lab, ["run", "-d", "--name", name, "--network", "none", "-l", label,
                                   LAB_IMAGE, "sleep", "60"])
    assert p.returncode == 0, p.stderr
    p = _docksock_subprocess(lab, ["exec", "-i", name, "cat"], input="piped\n")
    assert (p.returncode, p.stdout, p.stderr) == (0, "piped\n", "")
    p = _docksock_subprocess(lab, ["exec", "-i", name, "sh", "-c", "cat; echo bye >&2; exit 6"],
                             input="line 1\nline 2\n")
    assert (p.returncode, p.stdout, p.stderr) == (6, "line 1\nline 2\n", "bye\n")
    p = _docksock_subprocess(lab, ["run", "-i", "--rm", "--network", "none", "-l", label,
                                   LAB_IMAGE, "sh", "-c", "cat; exit 3"], input="through run\n")
    assert (p.returncode, p.stdout, p.stderr) == (3, "through run\n", "")
    p = _docksock_subprocess(lab, ["exec", "-it", name, "sh"], input="")
    assert p.returncode == 1 and p.stderr.strip().endswith("the input device is not a TTY")
    # attach: stdin to a started `cat` that waits for it (OpenStdin, StdinOnce), its exit status
    attached = "dks-attach-%s" % tagged
    rc, out, err = run_cli("-H", lab.host, "create", "-i", "--name", attached, "--network", "none",
                           "-l", label, LAB_IMAGE, "sh", "-c", "cat; echo bye >&2; exit 2")
    assert rc == 0, err
    assert run_cli("-H", lab.host, "start", attached) == (0, attached + "\n", "")
    p = _docksock_subprocess(lab, ["attach", attached], input="via attach\n")
    assert (p.stdout, p.stderr) == ("via attach\n", "bye\n")
    assert p.returncode == 2


class _Terminal:
    """A subprocess on a pseudo-terminal of 24x80: expect() what it shows, send() keys; every
    wait has a deadline, and close() kills what is left."""

    def __init__(self, argv, env):
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.settings = termios.tcgetattr(self.slave)
        self.shown, self.pos = b"", 0
        self.proc = subprocess.Popen(argv, cwd=HERE, env=env, stdin=self.slave, stdout=self.slave,
                                     stderr=self.slave, start_new_session=True)

    def expect(self, pattern, timeout=20):
        deadline = time.time() + timeout
        while True:
            m = re.compile(pattern).search(self.shown, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.time()
            if left <= 0 or not select.select([self.master], [], [], left)[0]:
                raise AssertionError("%r did not show within %ss; the terminal shows %r"
                                     % (pattern, timeout, self.shown))
            self.shown += os.read(self.master, 4096)

    def send(self, data):
        os.write(self.master, data)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        os.close(self.master)
        os.close(self.slave)


@pytest.mark.parametrize("how", ["exec", "run"])
def test_cli_interactive_tty_session(lab, tagged, how):
    label = "%s=%s" % (LAB_LABEL, tagged)
    if how == "exec":
        name = "dks-tty-%s" % tagged
        rc, out, err = run_cli("-H", lab.host, "run", "-d", "--name", name, "--network", "none",
                               "-l", label, LAB_IMAGE, "sleep", "60")
        assert rc == 0, err
        argv = ["exec", "-it", name, "sh"]
    else:
        argv = ["run", "-it", "--rm", "--network", "none", "-l", label, LAB_IMAGE, "sh"]
    term = _Terminal([sys.executable, "docksock.py"] + argv,
                     dict(os.environ, DOCKER_HOST=lab.host))
    try:
        term.expect(rb"/ # ")
        lflag = termios.tcgetattr(term.slave)[3]
        assert not lflag & (termios.ECHO | termios.ICANON), "the terminal is not in raw mode"
        term.send(b"echo $((6*7))\n")
        term.expect(rb"\r\n42\r\n")
        term.send(b"stty size\n")
        term.expect(rb"\r\n24 80\r\n")           # the terminal's size reached the container
        term.send(b"exit 3\n")
        status = term.proc.wait(20)
        assert termios.tcgetattr(term.slave) == term.settings   # restored on the way out
        assert status == 3

    finally:
        term.close()


# -- side by side with docker 28 on the lab's daemon (issue 16) ---------------------------------

def _cli_env(lab, tmp_path, **extra):
    env = {"DOCKER_HOST": lab.host, "DOCKER_CONFIG": str(tmp_path / "cfg"),
           "HOME": str(tmp_path), "PATH": os.environ.get("PATH", ""),
           "DOCKSOCK_FLAG_AUDIT": "1"}      # (run_cli replaces the environment)
    env.update(extra)
    return env


def _cli_says(docker, env, argv):
    """(exit status, stdout, stderr) of one command line: docker 28's (docker the path of
    its CLI), or docksock's in-process (docker None; "docksock" read as "docker")."""
    if docker is None:
        rc, out, err = run_cli(*argv, env=env)
        return rc, out, err.replace("docksock", "docker")
    p = subprocess.run([docker] + argv, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    return p.returncode, p.stdout, p.stderr


def _docker_and_docksock(docker, env, argv):
    """_cli_says of docker 28, then of docksock."""
    return _cli_says(docker, env, argv), _cli_says(None, env, argv)


def test_cli_ps_reads_config_ps_format_as_docker_28(lab, tmp_path):
    """config.json's psFormat is ps's format when --format is not given (not with -q), and a
    broken one is docker's template error; side by side with docker 28."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    api = docksock.APIClient(lab.host)
    cid = api.create_container(LAB_IMAGE, "true", name="dks-psformat",
                               labels={LAB_LABEL: "psformat"},
                               host_config=api.create_host_config(network_mode="none"))["Id"]
    try:
        mine = ["-f", "name=dks-psformat"]
        for fmt in ("{{.Names}}", "table {{.Image}}", "raw", "{{.Names"):
            _config(tmp_path / "cfg", {"psFormat": fmt})
            for argv in (["ps", "-a"], ["ps", "-a", "-q"], ["ps", "-a", "--format", "{{.ID}}"],
                         ["ps", "-a", "-q", "--format", "{{.Names}}"]):
                theirs, ours = _docker_and_docksock(docker, env, argv + mine)
                assert ours == theirs, (fmt, argv)
        assert ours[0] == 0 and ours[1] == cid[:12] + "\n" and "WARNING: Ignoring" in ours[2]
    finally:
        api.remove_container(cid, force=True)


# inspect --format: docker runs the template over the Go type it decodes the answer into,
# and only where that fails over the raw JSON with a missing key an error
INSPECT_FORMATS = {
    "container": """{{.Config.Labels.nokey}}|{{index .Config.Labels "nokey"}}|{{.Config.Labels.a}}
        |{{.NoSuchField}}|{{.State.NoSuch}}|{{.State}}|{{.State.Health}}|{{.State.Health.Status}}
        |{{.Config.Healthcheck}}|{{.Config.Healthcheck.Test}}|{{.Config.Env}}|{{json .Config.Env}}
        |{{.Config.ExposedPorts}}|{{.HostConfig.RestartPolicy}}|{{.HostConfig.Ulimits}}
        |{{json .HostConfig.Ulimits}}|{{.HostConfig.LogConfig.Config.nokey}}|{{.Config.Cmd}}
        |{{.GraphDriver.Data.nokey}}|{{range .Mounts}}{{.Destination}}{{end}}|{{.Mounts}}
        |{{.Config.StopTimeout}}|{{.Config.Entrypoint}}|{{.Path}} {{.Args}}|{{len .Config.Env}}
        |{{.HostConfig.Memory}}|{{index .Config.Cmd 1}}|{{index .Config.Cmd 5}}|{{.HostConfig.Binds}}
        |{{.HostConfig.Devices}}|{{.NetworkSettings.Ports}}|{{.HostConfig.PortBindings}}
        |{{.HostConfig.Tmpfs.nokey}}|{{index .HostConfig.Tmpfs "/t"}}|{{.Config.Volumes}}
        |{{.HostConfig.Init}}|{{.HostConfig.OomKillDisable}}|{{json .HostConfig.Mounts}}
        |{{.HostConfig.RestartPolicy.Name}}|{{.HostConfig.LogConfig}}|{{.Config.OnBuild}}""",
    "image": """{{.Config.Labels.nokey}}|{{index .Config.Labels "nokey"}}|{{.RootFS}}
        |{{.Config.Env}}|{{.RepoDigests}}|{{json .RepoDigests}}|{{.Parent}}|{{.Metadata}}
        |{{.GraphDriver.Data.nokey}}|{{.Config.Healthcheck}}|{{.Config.Cmd}}|{{.Os}}
        |{{.Config.ExposedPorts}}|{{.Config.Volumes}}|{{.NoSuchField}}|{{.Config}}""",
    "network": """{{.IPAM}}|{{.Options.nokey}}|{{index .Options "nokey"}}|{{.Containers}}
        |{{.ConfigFrom}}|{{.Peers}}|{{json .Peers}}|{{.Labels.nokey}}|{{.IPAM.Config}}
        |{{.NoSuchField}}|{{.Internal}}|{{.Services}}""",
    "volume": """{{.Options}}|{{.Labels.nokey}}|{{index .Labels "nokey"}}|{{.UsageData}}
        |{{.Status}}|{{.Labels}}|{{.NoSuchField}}|{{.Scope}}"""}


def test_cli_inspect_format_runs_over_docker_28s_types(lab, tagged, tmp_path):
    """inspect -f over containers, images, networks and volumes, both as `inspect` and as
    `X inspect`: docker 28 and docksock on the same objects print the same, fail the
    same, and exit the same."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    label = "%s=%s" % (LAB_LABEL, tagged)
    names = {"container": "dks-inspf-%s" % tagged, "volume": "dks-inspf-%s" % tagged,
             "image": LAB_IMAGE, "network": "none"}
    for argv in (["create", "--name", names["container"], "--network", "none", "-l", label,
                  "-l", "a=b", "--health-cmd", "true", "--tmpfs", "/t:size=1m", "-v", "/data",
                  "--ulimit", "nofile=10:20", "-e", "X=1", LAB_IMAGE, "sh", "-c", "true"],
                 ["volume", "create", "--label", label, names["volume"]]):
        rc, _, err = run_cli(*argv, env=env)
        assert rc == 0, err
    try:
        differ = []
        for kind, formats in sorted(INSPECT_FORMATS.items()):
            for fmt in formats.replace("\n", "").split("|"):
                fmt = fmt.strip()
                for argv in (["inspect", "-f", fmt, names[kind]],
                             [kind, "inspect", "-f", fmt, names[kind]]):
                    theirs, ours = _docker_and_docksock(docker, env, argv)
                    # known difference: Go prints a non-nil pointer inside a struct, map or
                    # slice as its address (Podman's State.Health); docksock prints the value
                    if ours != theirs and not re.search(r"\b0x[0-9a-f]{6,}\b", theirs[1]):
                        differ.append((argv, theirs, ours))
        assert differ == [], "\n".join(map(repr, differ))
    finally:
        run_cli("rm", "-f", names["container"], env=env)
        run_cli("volume", "rm", names["volume"], env=env)


def test_cli_container_texts_match_docker_28(lab, tagged, tmp_path):
    """Container commands' answers, errors and exit statuses, docker 28 and docksock on the
    same daemon: attach to a stopped container, rm -f of a missing one, container inspect
    of an image, port, run -e NAME, --restart on-failure:N, the daemon's warnings, --pull
    never, run's exit status and usage errors."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path, DKS_FROM_HOST="host value")
    label = "%s=%s" % (LAB_LABEL, tagged)
    stopped = "dks-stopped-%s" % tagged
    missing = "dks-missing-%s" % tagged
    rc, _, err = run_cli("create", "--name", stopped, "--network", "none", "-l", label,
                         LAB_IMAGE, "true", env=env)
    assert rc == 0, err
    busybox = LAB_IMAGE.split(":")[0]
    cases = [
        ["attach", stopped], ["attach", missing], ["rm", "-f", missing], ["rm", missing],
        ["rm", "-f", missing, missing + "2"], ["container", "inspect", busybox],
        ["container", "inspect", "-f", "{{.Name}}", stopped, missing], ["port", stopped],
        ["port", stopped, "80"], ["port", stopped, "80/udp"], ["port", stopped, "80/xyz"],
        ["port", stopped, "x"], ["port", missing],
        ["run", "--rm", "--pull", "never", "--network", "none", "dks-nosuch/image:1"],
        ["run", "--rm", "--network", "none", "-l", label, "-e", "DKS_FROM_HOST", "-e",
         "DKS_UNSET", busybox, "sh", "-c", 'echo "$DKS_FROM_HOST|${DKS_UNSET-unset}"'],
        ["run", "--rm", "--network", "none", "-l", label, busybox, "sh", "-c", "exit 3"],
        ["run", "--rm", "--network", "none", "-a", "stderr", "-l", label, busybox, "sh", "-c",
         "echo out; echo err >&2"],
        ["run", "--rm", "--network", "none", "-l", label, "--cpu-count", "2", busybox],
        ["run", "--rm", "--network", "none", "-l", label, "--memory", "x", busybox],
        ["run", "--rm", "--network", "none", "-l", label, "--isolation", "x", busybox],
        ["create", "--network", "none", "-l", label, "--isolation", "x", busybox],
        ["start", "--checkpoint", "x", stopped], ["update", stopped],
        ["stop", "--time", "1", missing], ["update", "--kernel-memory", "x", stopped],
        ["export", "-o", str(tmp_path / "no" / "x.tar"), stopped],
        ["rename", stopped, "bad/name"], ["rename", missing, "x"], ["rename", stopped, stopped],
        ["rename", stopped, " "], ["commit", stopped, "Bad:Name"], ["commit", stopped, "a b"],
        ["commit", stopped, "x@sha256:" + "a" * 64], ["commit", missing, "dks-x:1"],
    ]
    for argv in cases:
        theirs, ours = _docker_and_docksock(docker, env, argv)
        if lab.podman and "inspect" in argv:
            # known difference (Podman): the docker CLI reads its 404 as "Not Found"
            assert ours[2].endswith("%s\n" % _no_such_container(lab, argv[-1])), argv
        elif lab.podman and "exit 3" in argv:
            # known difference (Podman): the docker CLI waits for the removal, which Podman
            # reports with status 0; docksock waits for the exit
            assert (theirs, ours) == ((0, "", ""), (3, "", "")), argv
        elif lab.podman and "--cpu-count" in argv:
            # known difference (Podman): its ping has no OSType, so docker 28 lets the
            # Windows-only flag through (Podman ignores it); docksock asks GET /version
            assert theirs == (0, "", "") and ours[0] == 1 and "windows" in ours[2], argv
        elif lab.podman and "stderr" in argv:
            # known difference (Podman): docker 28 panics on the one-stream attach
            assert ours == (0, "", "err\n") and "panic" in theirs[2], argv
        elif lab.podman and "--isolation" in argv:
            # known difference (Podman): no isolation check, the container is created
            assert (ours[0], ours[2]) == (theirs[0], theirs[2]) == (0, ""), argv
        elif lab.podman and argv[:2] == ["commit", missing]:
            # known difference (Podman): docker 28 sends no body, which Podman fails to
            # decode ("Decode(): EOF") before it looks for the container
            assert ours[0] == theirs[0] == 1 and "no such container" in ours[2], argv
        else:
            assert ours == theirs, argv
    # what docker and docksock create is the same: restart policy, warnings of the daemon
    for argv in (["create", "--network", "none", "-l", label, "--restart", "on-failure:3",
                  busybox], ["create", "--network", "none", "-l", label, "-p", "8080:80",
                             "--cpus", "1.5", busybox]):
        theirs, ours = _docker_and_docksock(docker, env, argv)
        assert (ours[0], ours[2]) == (theirs[0], theirs[2]), argv
        shown = []
        for cid in (theirs[1].strip(), ours[1].strip()):
            shown.append(run_cli("inspect", "-f", "{{json .HostConfig.RestartPolicy}} "
                                 "{{.HostConfig.NanoCpus}} {{json .HostConfig.PortBindings}}",
                                 cid, env=env))
        assert shown[0] == shown[1] and shown[0][0] == 0, argv


def _inspected_alike(info):
    """A container's inspect without what differs from one container to the next: its id,
    name, times, storage paths, anonymous volumes' names; mounts in path order."""
    cid = info["Id"]

    def clean(x):
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items() if k not in (
                "Id", "Name", "Created", "GraphDriver", "StartedAt", "FinishedAt", "SandboxKey",
                "SandboxID", "EndpointID") and not (k == "Source" and "/volumes/" in str(v))}
        if isinstance(x, list):
            return [clean(v) for v in x]
        return x.replace(cid, "ID").replace(cid[:12], "ID12") if isinstance(x, str) else x
    info = clean(info)
    info["Mounts"] = sorted(info.get("Mounts") or [], key=lambda m: m.get("Destination", ""))
    # docker run passes -e through a Go map (for config.json's proxies): any order
    info["Config"]["Env"] = sorted(info["Config"].get("Env") or [])
    # Podman lists anonymous volumes among the binds, by their random names
    info["HostConfig"]["Binds"] = sorted(re.sub(r"^[0-9a-f]{64}:", "VOLUME:", b)
                                         for b in info["HostConfig"].get("Binds") or [])
    return info


# What docker 28 and docksock create from the same flags, as the daemon keeps it.
CREATED_ALIKE = r"""
--network none local/busybox true
--network none -it --rm local/busybox sh
--network none -p 8080:80 -p 127.0.0.1:9000-9001:9000-9001/udp --expose 7000 -P local/busybox
--network none -e A=1 -e DKS_FROM_HOST -l x=y --restart on-failure:3 --cpus 1.5 --memory 64m --memory-swap 128m local/busybox
--network none -v /tmp:/t:ro -v /data --tmpfs /run:size=1m --mount type=tmpfs,target=/x --ulimit nofile=100:200 --dns 1.1.1.1 --dns-search example.com --add-host a:1.2.3.4 local/busybox
--network none --health-cmd true --health-interval 5s --entrypoint /bin/sh -w /tmp -u 1 --init --read-only --cap-add NET_ADMIN --cap-drop CHOWN --security-opt no-new-privileges --stop-signal SIGUSR1 --stop-timeout 3 local/busybox
--network none --entrypoint= --pids-limit 20 --shm-size 16m --oom-score-adj 10 --log-opt max-size=1m --hostname h --domainname d.example --group-add 10 -a stdin -i local/busybox sh
--network none --cpu-shares 512 --cpu-period 100000 --cpu-quota 50000 --cpuset-cpus 0 --cpuset-mems 0 --memory 64m --memory-reservation 32m --memory-swappiness 10 --oom-kill-disable --kernel-memory 8m local/busybox
--network none --blkio-weight 300 --blkio-weight-device /dev/null:100 --device-read-bps /dev/null:1mb --device-write-bps /dev/null:2mb --device-read-iops /dev/null:10 --device-write-iops /dev/null:20 local/busybox
--network none --device /dev/null:/dev/mynull:r --device-cgroup-rule 'c 1:3 r' --sysctl net.core.somaxconn=100 --ipc shareable --pid host --uts host --userns host --cgroupns private --cgroup-parent /dks --runtime runc local/busybox
--network none --env-file @TMP@/env --label-file @TMP@/labels --health-cmd true --health-retries 2 --health-timeout 3s --health-start-period 1s local/busybox
--network none --no-healthcheck --log-driver none --privileged -t --gpus all --volume-driver local -v /data --dns-option ndots:2 --isolation default local/busybox
--network none --cpu-rt-period 1000 --cpu-rt-runtime 100 local/busybox
--network none --health-cmd true --health-start-interval 2s local/busybox
--network none --annotation a.b=c local/busybox
--network @NET@ --ip 10.213.57.5 --ip6 fd57:d0c::5 --network-alias x --network-alias y --link-local-ip 169.254.1.1 local/busybox
--network @NET@ --link @OTHER@:o local/busybox
--network @NET@ --mac-address 02:42:ac:11:00:02 local/busybox
--network name=@NET@,alias=z,ip=10.213.57.6,driver-opt=a=b,mac-address=02:42:ac:11:00:03 local/busybox
--network none --volumes-from @OTHER@:ro local/busybox
"""


def test_cli_creates_what_docker_28_creates(lab, tagged, tmp_path):
    """The same run/create flags through docker 28 and through docksock make the same
    container (inspect, what differs per container aside): every flag of run that
    shapes the container, on a real daemon."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path, DKS_FROM_HOST="host value")
    label = "%s=%s" % (LAB_LABEL, tagged)
    _write(str(tmp_path / "env"), b"DKS_A=1\nDKS_FROM_HOST\n# no\nDKS_B=two words\n")
    _write(str(tmp_path / "labels"), b"dks.one=1\ndks.two\n")
    # an internal network (never a started container on it) and a container to link to
    net, other = "dks-net-%s" % tagged, "dks-other-%s" % tagged
    status, _, body = _lab_request(lab.sock, "POST", "/networks/create", {
        "Name": net, "Internal": True, "EnableIPv6": True, "IPAM": {"Config": [
            {"Subnet": "10.213.57.0/24"}, {"Subnet": "fd57:d0c::/64"}]}})
    assert status == 201, body
    try:
        assert run_cli("create", "--name", other, "--network", "none", "-l", label,
                       LAB_IMAGE, env=env)[0] == 0
        for line in CREATED_ALIKE.strip().splitlines():
            line = line.replace("@TMP@", str(tmp_path)).replace("@NET@", net).replace(
                "@OTHER@", other)
            _created_alike(lab, docker, env, ["create", "-l", label] + shlex.split(line))
    finally:
        filters = urllib.parse.quote(json.dumps({"label": [label]}))
        for c in json.loads(_lab_request(lab.sock, "GET", "/containers/json?all=1&filters="
                                         + filters)[2].decode()):
            _lab_request(lab.sock, "DELETE", "/containers/%s?force=1" % c["Id"])
        _lab_request(lab.sock, "DELETE", "/networks/" + net)


def _created_alike(lab, docker, env, argv):
    """docker 28 and docksock create from argv: the same exit status and errors, and the
    same container as the daemon keeps it."""
    line = " ".join(argv)
    theirs, ours = _docker_and_docksock(docker, env, argv)
    if lab.podman and "unknown server OS" in theirs[2]:
        # known difference (Podman): its ping names no OSType, which docker 28 needs to
        # read --device; docksock asks GET /version and creates the container
        assert theirs[0] == 125 and ours[0] == 0, (line, ours)
        return
    assert (ours[0], ours[2]) == (theirs[0], theirs[2]), line
    if theirs[0] != 0:
        # refused (in the same words by both): a flag of a newer API, a cgroup the kernel
        # lacks; known differences (Podman): --init needs catatonit, which the lab lacks;
        # no --link
        assert re.search(r"requires API version 1\.4[2-9], but|real-time", theirs[2]) or \
            lab.podman and re.search("catatonit|link is not supported", theirs[2]), \
            (line, theirs)
        return
    made = []
    for cid in (theirs[1].strip(), ours[1].strip()):
        status, _, body = _lab_request(lab.sock, "GET", "/containers/%s/json" % cid)
        assert status == 200, line
        made.append(_inspected_alike(json.loads(body.decode())))
    assert made[1] == made[0], line


def test_cli_logs_details_rm_link_cidfile_like_docker_28(lab, tagged, tmp_path):
    """logs --details (the labels and environment --log-opt names, before each line), rm
    --link, create --cidfile, the daemon's refusals of --storage-opt and --use-api-socket:
    docker 28 and docksock side by side on the same daemon."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    label = "%s=%s" % (LAB_LABEL, tagged)
    logged = "dks-details-%s" % tagged
    assert run_cli("run", "--name", logged, "--network", "none", "-l", label, "-l", "dks.l=v",
                   "-e", "DKSE=e", "--log-opt", "labels=dks.l", "--log-opt", "env=DKSE",
                   LAB_IMAGE, "sh", "-c", "echo one; echo two >&2", env=env)[0] == 0
    theirs, ours = _docker_and_docksock(docker, env, ["logs", "--details", logged])
    if lab.podman:
        # known difference (Podman): no details; its log driver keeps no attributes
        assert theirs == ours == (0, "one\n", "two\n"), ours
    else:
        assert theirs == ours == (0, "DKSE=e,dks.l=v one\n", "DKSE=e,dks.l=v two\n")
    theirs, ours = _docker_and_docksock(docker, env, ["logs", "--details", "-t", logged])
    assert ours == theirs
    if not lab.podman:      # (known difference (Podman): no links)
        target = "dks-target-%s" % tagged
        assert run_cli("create", "--name", target, "--network", "none", "-l", label,
                       LAB_IMAGE, env=env)[0] == 0
        said = []
        for who, cli in ((1, docker), (2, None)):
            linked = "dks-linked-%d-%s" % (who, tagged)
            assert run_cli("create", "--name", linked, "--network", "none", "-l", label,
                           "--link", target + ":al", LAB_IMAGE, env=env)[0] == 0
            said.append([tuple(str(x).replace(linked, "LINKED") for x in _cli_says(cli, env, [
                "rm", "--link", "/%s/%s" % (linked, name)])) for name in ("al", "nosuch", "")])
            said[-1].append(run_cli("inspect", "-f", "{{.HostConfig.Links}}", linked, env=env))
        assert said[1] == said[0]
        assert said[0][0] == ("0", "/LINKED/al\n", "") and said[0][3][0] == 0
    made = []
    for who, cli in ((1, docker), (2, None)):
        cidfile = str(tmp_path / ("cid-%d" % who))
        rc, out, err = _cli_says(cli, env, ["create", "--cidfile", cidfile, "--network", "none",
                                            "-l", label, LAB_IMAGE])
        again = _cli_says(cli, env, ["create", "--cidfile", cidfile, "--network", "none", "-l",
                                     label, LAB_IMAGE])
        with open(cidfile) as f:
            made.append((rc, err, f.read() == out.strip(), again[0],
                         again[2].replace(cidfile, "CIDFILE")))
    assert made[1] == made[0] and made[0][:3] == (0, "", True), made
    theirs, ours = _docker_and_docksock(docker, env, [
        "create", "--storage-opt", "size=1G", "--network", "none", "-l", label, LAB_IMAGE])
    hide = lambda text: re.sub("[0-9a-f]{64}", "ID", text)     # (Podman's layer id)
    assert ours[0] == theirs[0] == 1 and hide(ours[2]) == hide(theirs[2]), ours
    if lab.podman or os.path.lexists("/var/run/docker.sock"):
        return      # Podman makes a missing bind source: a directory on the host
    # --use-api-socket binds the daemon's /var/run/docker.sock (absent here: Docker
    # refuses) and would put config.json's credentials in
    _write(str(tmp_path / "cfg" / "config.json"), b'{"auths": {"127.0.0.1:5000": {"auth": '
                                                  b'"dTpw"}}}')
    theirs, ours = _docker_and_docksock(docker, env, [
        "create", "--use-api-socket", "--network", "none", "-l", label, LAB_IMAGE])
    assert ours == theirs and "bind source path does not exist" in ours[2], ours
    assert not os.path.lexists("/var/run/docker.sock")


def test_cli_running_container_commands_like_docker_28(lab, tagged, tmp_path):
    """exec's flags, kill -s, top's ps arguments, start -a, wait of several, pause, diff:
    docker 28 and docksock side by side on the same containers."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    label = "%s=%s" % (LAB_LABEL, tagged)
    running, stopped = "dks-running-%s" % tagged, "dks-stopped-%s" % tagged
    assert run_cli("run", "-d", "--name", running, "--network", "none", "-l", label, LAB_IMAGE,
                   "sh", "-c", 'trap "echo usr1" USR1; mkdir -p /w; echo ready; '
                   "while true; do sleep 0.2; done", env=env)[0] == 0
    assert _wait_for(lambda: run_cli("logs", running, env=env)[1] == "ready\n", 30)
    assert run_cli("create", "--name", stopped, "--network", "none", "-l", label, LAB_IMAGE,
                   "sh", "-c", "echo out; echo err >&2; exit 4", env=env)[0] == 0
    cases = [["exec", "-u", "1:2", "-w", "/w", running, "sh", "-c", "id; pwd"],
             ["exec", "-d", running, "true"],
             ["exec", "--privileged", running, "sh", "-c", "grep CapEff /proc/self/status"],
             ["exec", running, "sh", "-c", "grep CapEff /proc/self/status"],
             ["exec", "-w", "/nosuch", running, "true"], ["exec", running, "sh", "-c", "exit 7"],
             ["exec", "-it", running, "true"], ["kill", "-s", "USR1", running],
             ["kill", "--signal", "NOPE", running], ["top", running, "-o", "pid,args"],
             ["start", "-a", stopped], ["wait", stopped, "dks-nosuch-%s" % tagged],
             ["diff", running], ["pause", running, running], ["unpause", running, "x"]]
    said = {}
    for argv in cases:
        for who, cli in (("docker", [docker]),
                         ("docksock", [sys.executable, os.path.join(HERE, "docksock.py")])):
            # both as processes: in-process, stdin is a pseudo file and "\r\n" (the daemon's
            # exec errors end so) would read as "\n" on one side only
            p = subprocess.run(cli + argv, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            said[who] = (p.returncode, p.stdout, p.stderr.replace(b"docksock", b"docker"))
            if argv[0] == "top":    # the same processes, but a new "sleep" each time
                said[who] = (p.returncode, p.stdout.splitlines()[0], b" sh -c trap" in p.stdout)
            if argv[0] == "pause":  # each pauses it once, and is told so the second time
                assert run_cli("unpause", running, env=env)[0] == 0
        if lab.podman and "/nosuch" in argv:
            # known difference (Podman): after the failed exec, Podman sometimes writes a
            # second error into the stream ("read unixpacket ... connection reset by peer"),
            # depending on which side closes first; the first error is the same
            ours, theirs = said["docksock"], said["docker"]
            short, long_ = sorted((ours[2], theirs[2]), key=len)
            assert ours[:2] == theirs[:2] and short and long_.startswith(short), argv
            continue
        assert said["docksock"] == said["docker"], argv
    assert _wait_for(lambda: run_cli("logs", running, env=env)[1] == "ready\nusr1\nusr1\n", 30)


def test_cli_update_cpus_is_nanocpus_like_docker_28(lab, tagged, tmp_path):
    """update --cpus sets NanoCpus, so it works on a container created with --cpus (with
    CpuQuota it failed: "Conflicting options: Nano CPUs and CPU Period cannot both be
    set"), with --restart on-failure:N, and the daemon's warnings on stdout."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    label = "%s=%s" % (LAB_LABEL, tagged)
    names = []
    for who in ("docker", "docksock"):
        name = "dks-upd-%s-%s" % (who, tagged)
        names.append(name)
        rc, _, err = run_cli("create", "--name", name, "--network", "none", "-l", label,
                             "--cpus", "1", LAB_IMAGE, "true", env=env)
        assert rc == 0, err
    argv = ["update", "--cpus", "0.5", "--restart", "on-failure:3", "--memory", "64m",
            "--memory-swap", "128m", "--pids-limit", "50"]
    p = subprocess.run([docker] + argv + [names[0]], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    theirs = (p.returncode, p.stdout.replace(names[0], "NAME"), p.stderr)
    rc, out, err = run_cli(*(argv + [names[1]]), env=env)
    assert (rc, out.replace(names[1], "NAME"), err) == theirs
    fmt = ("{{.HostConfig.NanoCpus}} {{.HostConfig.CpuQuota}} {{json .HostConfig.RestartPolicy}} "
           "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.PidsLimit}}")
    shown = [run_cli("inspect", "-f", fmt, name, env=env) for name in names]
    assert shown[0] == shown[1]
    if theirs[0] == 0:
        assert shown[1][1].startswith("500000000 0 {") and '"MaximumRetryCount":3' in shown[1][1]


def test_cli_exec_env_and_stop_signal_like_docker_28(lab, tagged, tmp_path):
    """exec -e NAME and --env-file take the host's values as docker's do; stop and restart
    -s send that signal (API 1.42, refused by name below it: docker drops it silently)."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path, DKS_FROM_HOST="host value", DKS_IN_FILE="from the host")
    label = "%s=%s" % (LAB_LABEL, tagged)
    _write(str(tmp_path / "env"), b"DKS_A=1\nDKS_IN_FILE\n# no\nDKS_NOT_SET\n")
    name = "dks-env-%s" % tagged
    trap = 'trap "exit 5" USR1; while true; do sleep 0.1; done'
    assert run_cli("run", "-d", "--name", name, "--network", "none", "-l", label, LAB_IMAGE,
                   "sh", "-c", trap, env=env)[0] == 0
    show = 'echo "$DKS_FROM_HOST|${DKS_UNSET-unset}|$DKS_A|$DKS_IN_FILE|${DKS_NOT_SET-unset}"'
    theirs, ours = _docker_and_docksock(docker, env, [
        "exec", "-e", "DKS_FROM_HOST", "-e", "DKS_UNSET", "--env-file", str(tmp_path / "env"),
        name, "sh", "-c", show])
    if lab.podman:
        # known difference (Podman): a bare NAME (unset on the host) is refused, where
        # Docker leaves it unset
        assert ours == theirs and 'variable "DKS_UNSET" badly formed' in ours[2]
    else:
        assert ours == theirs == (0, "host value|unset|1|from the host|unset\n", "")
    for argv in (["stats", "--no-stream", "--format", "{{.Container}} {{.Name}} {{.PIDs}}",
                  name], ["stats", "--no-stream", "--format",
                          "table {{.Container}}\t{{.PIDs}}\t{{.ID}}", name],
                 ["container", "inspect", "-s", "-f", "{{.SizeRootFs}} {{.Name}}", name],
                 ["commit", "-p=false", "-m", "msg", name, "dks-commit-%s:1" % tagged]):
        theirs, ours = _docker_and_docksock(docker, env, argv)
        if lab.podman and argv[0] == "stats":
            # known difference (Podman): it names the container without a leading "/",
            # and docker 28 cuts the first character off, as if it were one
            theirs = (theirs[0], re.sub(r"(?<![\w-])%s" % re.escape(name[1:]), name,
                                        theirs[1]), theirs[2])
        if argv[0] == "commit":       # a new image each time: their ids differ
            ours, theirs = ours[0::2], theirs[0::2]
            run_cli("rmi", "dks-commit-%s:1" % tagged, env=env)
            if lab.podman:
                # known difference (Podman): it answers the docker CLI's commit, which has
                # no body, with "EOF"; docksock sends {}
                assert ours == (0, "") and "EOF" in theirs[1], theirs
                continue
        assert ours == theirs, argv
    if not docksock.APIClient(lab.host).version_at_least("1.42"):
        rc, out, err = run_cli("stop", "-s", "USR1", name, env=env)
        assert (rc, out) == (1, "") and err.startswith("a signal to stop or restart with "
                                                       "needs API 1.42")
        return
    theirs, ours = _docker_and_docksock(docker, env, ["restart", "-s", "USR1", name])
    assert ours == theirs == (0, name + "\n", "")
    exits = []
    for who in ("docker", "docksock"):     # a container each: a stopped one stays stopped
        one = "%s-%s" % (name, who)
        assert run_cli("run", "-d", "--name", one, "--network", "none", "-l", label,
                       LAB_IMAGE, "sh", "-c", trap, env=env)[0] == 0
        argv = ["stop", "-s", "USR1", one]
        if who == "docker":
            subprocess.run([docker] + argv, env=env, stdout=subprocess.DEVNULL, check=True)
        else:
            assert run_cli(*argv, env=env) == (0, one + "\n", "")
        exits.append(run_cli("inspect", "-f", "{{.State.ExitCode}}", one, env=env)[1])
    assert exits == ["5\n", "5\n"]


_TRAP = 'trap "echo got INT; exit 3" INT; trap "echo got TERM; exit 4" TERM; echo ready; ' \
        'while true; do sleep 0.1; done'


def _signalled(argv, env, signals, after="ready"):
    """Start argv, wait for a line `after` on its stdout, send it the signals (0.3 s apart),
    and return (exit status, stdout, stderr)."""
    p = subprocess.Popen(argv, cwd=HERE, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    try:
        first = p.stdout.readline()
        assert first == after + "\n", (first, p.stderr.read() if p.poll() is not None else "")
        for sig in signals:
            p.send_signal(sig)
            time.sleep(0.3)
        out, err = p.communicate(timeout=60)
        return p.returncode, first + out, err
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


@pytest.mark.parametrize("how", ["run", "attach"])
def test_cli_signals_reach_the_container_like_docker_28(lab, tagged, tmp_path, how):
    """Ctrl-C (SIGINT) and SIGTERM on a foreground run (no -t) or an attach go to the
    container (--sig-proxy, on by default) and the exit status is the container's; --rm
    is honoured; three of them end the command as docker ends it."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    label = "%s=%s" % (LAB_LABEL, tagged)
    results = []
    for who, prog in (("docker", [docker]), ("docksock", [sys.executable, "docksock.py"])):
        for signals in ([signal.SIGINT], [signal.SIGTERM]):
            name = "dks-sig-%s-%s-%d" % (who, tagged, signals[0])
            run = ["run", "--name", name, "--network", "none", "-l", label, LAB_IMAGE, "sh",
                   "-c", _TRAP]
            if how == "run":
                got = _signalled(prog + run[:1] + ["--rm"] + run[1:], env, signals)
                gone = _lab_request(lab.sock, "GET", "/containers/%s/json" % name)[0] == 404
                results.append(got + (gone,))
            else:       # ticks, so that the attach shows when it is attached
                run[-1] = _TRAP.replace("echo ready; ", "").replace("do ", "do echo tick; ")
                assert run_cli(*(run[:1] + ["-d"] + run[1:]), env=env)[0] == 0
                rc, out, err = _signalled(prog + ["attach", name], env, signals, "tick")
                results.append((rc, out.replace("tick\n", ""), err))
        if how == "run":    # a container that ignores SIGINT: the third one ends docker
            ignore = ["run", "--rm", "--network", "none", "-l", label, LAB_IMAGE, "sh", "-c",
                      'trap "echo got INT" INT; echo ready; while true; do sleep 0.1; done']
            rc, out, err = _signalled(prog + ignore, env, [signal.SIGINT] * 3)
            results.append((rc, out.count("got INT") >= 1, err))
    half = len(results) // 2
    if lab.podman and how == "run":
        # known difference (Podman): docker run --rm waits for the removal, which Podman
        # reports with status 0; docksock waits for the exit
        assert [r[0] for r in results[:2]] == [0, 0]
        results[:2] = [results[half + i][:1] + r[1:] for i, r in enumerate(results[:2])]
    assert results[half:] == results[:half]
    if how == "run":
        assert results[:3] == [(3, "ready\ngot INT\n", "", True), (4, "ready\ngot TERM\n", "", True),
                               (1, True, "\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n")]
    else:
        assert results[:2] == [(3, "got INT\n", ""), (4, "got TERM\n", "")]


def _terminal_session(argv, env, keys, expect=None):
    """Run argv on a terminal of its own (stdin, stdout and stderr, as the controlling
    terminal, so ^C is SIGINT), type keys (each after what expect says shows, or a
    second), and return (exit status, what the terminal showed)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def controlling():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    p = subprocess.Popen(argv, cwd=HERE, env=env, stdin=slave, stdout=slave, stderr=slave,
                         preexec_fn=controlling)
    shown = b""

    def read_until(pattern, timeout):
        nonlocal shown
        deadline = time.time() + timeout
        while (pattern is None or pattern not in shown) and time.time() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    shown += os.read(master, 4096)
                except OSError:
                    break
            elif p.poll() is not None and pattern is not None:
                break
    try:
        for i, key in enumerate(keys):
            read_until(expect[i] if expect else None, 20 if expect else 1)
            os.write(master, key)
        status = p.wait(30)
        read_until(None, 0.3)
        return status, shown
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        os.close(master)
        os.close(slave)


def test_cli_attach_detach_keys_and_followed_logs_like_docker_28(lab, tagged, tmp_path):
    """On a terminal: ^P^Q detaches an attach from a TTY container as docker does ("read
    escape sequence", exit 1, the container goes on); ^C ends logs -f with 130 and
    nothing more on the screen."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    label = "%s=%s" % (LAB_LABEL, tagged)
    name = "dks-esc-%s" % tagged
    assert run_cli("run", "-dit", "--name", name, "--network", "none", "-l", label, LAB_IMAGE,
                   "sh", env=env)[0] == 0
    shown = []
    for prog in ([docker], [sys.executable, "docksock.py"]):
        status, screen = _terminal_session(prog + ["attach", name], env,
                                           [b"echo $((6*7))\r", b"\x10\x11"],
                                           [b"/ # ", b"\r\n42\r\n/ # "])
        # the shell's prompt may be drawn again (resizes); what follows the answer is the same
        shown.append((status, screen[screen.index(b"\r\n42\r\n"):]))
        state = _lab_request(lab.sock, "GET", "/containers/%s/json" % name)[2]
        assert json.loads(state.decode())["State"]["Running"]
    assert shown[1] == shown[0] == (1, b"\r\n42\r\n/ # \x1b[6nread escape sequence\r\n")
    logs = "dks-logsf-%s" % tagged
    assert run_cli("run", "-d", "--name", logs, "--network", "none", "-l", label, LAB_IMAGE,
                   "sh", "-c", "echo one; exec sleep 60", env=env)[0] == 0
    followed = [_terminal_session(prog + ["logs", "-f", logs], env, [b"\x03"], [b"one\r\n"])
                for prog in ([docker], [sys.executable, "docksock.py"])]
    assert followed[1] == followed[0] == (130, b"one\r\n^C")


# docker cp's cases (texts.md 75-91), run by a shell with $CLI the docker 28 CLI or
# docksock, each in a directory of its own, $C the container, $N a name of the CLI's own.
_CP_SCRIPT = r"""
list() { find "$@" -printf '%y %p %l %T@\n' | sed 's/ [0-9.]*$/ &/; s/  1577934245.0*$/ kept/; s/  [0-9.]*$/ new/' | sort; }
echo "== dir/. to a missing dest"; $CLI cp $C:/dir/. d1; echo "rc=$?"; list d1
echo "== dir/. to an existing dir"; mkdir d2 && $CLI cp $C:/dir/. d2; echo "rc=$?"; list d2
echo "== dir to a missing dest/"; $CLI cp $C:/dir d3/; echo "rc=$?"; list d3
echo "== dir into an existing dir"; mkdir d4 && $CLI cp $C:/dir d4; echo "rc=$?"; list d4
echo "== file to a missing dir/"; $CLI cp $C:/dir/a.txt d5/; echo "rc=$?"; ls d5 2>&1
echo "== file to a new name"; $CLI cp $C:/dir/a.txt f6; echo "rc=$?"; cat f6
echo "== missing file"; $CLI cp $C:/nosuch x; echo "rc=$?"
echo "== missing parent"; $CLI cp $C:/dir/a.txt missing/sub/f; echo "rc=$?"
echo "== dir onto a file"; echo x > efile; $CLI cp $C:/dir efile; echo "rc=$?"
echo "== file to file/"; $CLI cp $C:/dir/a.txt efile/; echo "rc=$?"
echo "== link, and -L"; $CLI cp $C:/dir/link l9 && $CLI cp -L $C:/dir/link l9L; echo "rc=$?"
list l9 l9L; mkdir d9 && $CLI cp -L $C:/dir/link d9; echo "rc=$?"; list d9
echo "== tar to stdout"; $CLI cp $C:/dir - | tar -tvf - | awk '{print $1, $6}' | sort -k2
mkdir -p s7/sub && echo x > s7/x && echo y > s7/sub/y && touch -d @1577934245 s7/x
echo "== dir/. into a missing dir"; $CLI cp s7/. $C:/new7$N; echo "rc=$?"
$DOCKER cp $C:/new7$N - | tar -tvf - | awk '{print $1, $6}' | sed "s/$N//" | sort -k2
echo "== dir into a missing dir/"; $CLI cp s7 $C:/new8$N/; echo "rc=$?"
$DOCKER cp $C:/new8$N - | tar -tvf - | awk '{print $1, $6}' | sed "s/$N//" | sort -k2
echo "== dir into an existing dir"; $CLI cp s7 $C:/new8$N; echo "rc=$?"
$DOCKER cp $C:/new8$N - | tar -tvf - | awk '{print $1, $6}' | sed "s/$N//" | sort -k2
echo "== file into a missing dir/"; $CLI cp s7/x $C:/nodir$N/; echo "rc=$?"
echo "== dir onto a file"; $CLI cp s7 $C:/dir/a.txt; echo "rc=$?"
echo "== stdin onto a file"; echo | $CLI cp - $C:/dir/a.txt; echo "rc=$?"
echo "== missing local"; $CLI cp nosuch $C:/; echo "rc=$?"
echo "== both local, both in containers"; $CLI cp a b; echo "rc=$?"; $CLI cp $C:/a $C:/b; echo "rc=$?"
"""


def test_cli_cp_like_docker_28(lab, tagged, tmp_path):
    """docker cp's rules side by side with docker 28 (issue 16 item 1): a directory's
    contents, a missing destination made for a directory, -L, mtimes kept going out, the
    errors in docker's words; on a terminal the size copied, as docker tells it."""
    docker = _docker28_or_skip()
    env = _cli_env(lab, tmp_path)
    name = "dks-cp-%s" % tagged
    setup = ("mkdir -p /dir/sub /dir/emptysub && echo a > /dir/a.txt && echo b > /dir/sub/b.txt"
             " && ln -s a.txt /dir/link && touch -h -d @1577934245 /dir/link && touch -d "
             "@1577934245 /dir/a.txt /dir/sub/b.txt /dir/sub /dir/emptysub /dir && exec sleep 300")
    assert run_cli("run", "-d", "--name", name, "--network", "none", "-l",
                   "%s=%s" % (LAB_LABEL, tagged), LAB_IMAGE, "sh", "-c", setup, env=env)[0] == 0
    assert _wait_for(lambda: _lab_request(lab.sock, "HEAD", "/containers/%s/archive?path=/dir/"
                                          "link" % name)[0] == 200, 30)
    outputs = []
    for who, cli in (("QQD", docker), ("QQK", "%s %s" % (sys.executable,
                                                         os.path.join(HERE, "docksock.py")))):
        work = tmp_path / who
        work.mkdir()
        p = subprocess.run(["bash", "-c", _CP_SCRIPT], cwd=str(work), env=dict(
            env, CLI=cli, DOCKER=docker, C=name, N=who), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        # docker's own log lines (its tar writer complains when the copy is refused) aside
        outputs.append(re.sub(r'(?m)^time="[^"]*" level=\w+ msg=.*\n', "", p.stdout.replace(
            str(work), "WORK").replace(docker, "docker")))
    if lab.podman:
        # known difference (Podman): its archive of "dir/." has no "./" entry first, and
        # docker 28 rebases by replacing each name's first "." (a.txt -> ad1txt...), so
        # nothing lands where it should; docksock copies what Docker gives
        outputs[0] = outputs[0].replace(
            "rc=0\nfind: 'd1': No such file or directory\n",
            "rc=0\nd d1  kept\nd d1/emptysub  kept\nd d1/sub  kept\nf d1/a.txt  kept\n"
            "f d1/sub/b.txt  kept\nl d1/link a.txt kept\n", 1)
    import difflib
    assert outputs[1] == outputs[0], "".join(difflib.unified_diff(
        outputs[0].splitlines(True), outputs[1].splitlines(True), "docker", "docksock"))
    assert "d d1  kept\n" in outputs[0]     # the directory's own mtime
    assert "== dir to a missing dest/\nrc=0\n" in outputs[0]
    shown = []
    for prog in ([docker], [sys.executable, "docksock.py"]):
        shutil.rmtree(str(tmp_path / "t"), ignore_errors=True)
        screens = [_terminal_session(prog + argv, env, [])
                   for argv in (["cp", name + ":/dir", str(tmp_path / "t")],
                                ["cp", "-q", name + ":/dir", str(tmp_path / "q")],
                                ["cp", str(tmp_path / "QQK" / "s7"), name + ":/new12"])]
        shown.append(screens)
    assert shown[1] == shown[0]
    assert re.match(r"^Successfully copied [\d.]+kB to %s\r\n$" % re.escape(str(tmp_path / "t")),
                    shown[0][0][1].decode())
    assert shown[0][1] == (0, b"") and shown[0][2][1].endswith(b" to %s:/new12\r\n" % name.encode())


# ==== Images against a real Engine and a real registry with authentication =====

def _image_env(tmp_path, **extra):
    """An environment whose docker config lives in tmp_path (no credentials of the
    machine leak in), plus extra variables."""
    env = {"DOCKER_CONFIG": str(tmp_path / "cfg"), "HOME": str(tmp_path),
           "PATH": os.environ.get("PATH", "")}
    env.update(extra)
    return env


def _push_name(registry, name):
    return "%s/dks/%s-%d" % (registry.address, name, os.getpid())


def test_login_push_remove_pull_logout(lab, registry, tmp_path):
    env = _image_env(tmp_path, DOCKER_HOST=lab.host)
    repo = _push_name(registry, "roundtrip")
    api = docksock.APIClient(lab.host, environment=env)
    api.tag(lab.image, repo, "1")
    try:
        # without credentials the registry's own refusal comes back
        with pytest.raises(docksock.APIError) as e:
            list(api.push(repo, "1", stream=True, decode=True))
        assert "no basic auth credentials" in e.value.explanation or \
            "authentication required" in e.value.explanation
        # docksock login stores the credentials in config.json, 0600, as docker does
        p = subprocess.run([sys.executable, "docksock.py", "login", "-u", registry.username,
                            "--password-stdin", registry.address], cwd=HERE, env=env,
                           input=registry.password + "\n", stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        assert (p.returncode, p.stdout) == (0, "Login Succeeded\n"), p.stderr
        cfg_file = tmp_path / "cfg" / "config.json"
        assert stat.S_IMODE(cfg_file.stat().st_mode) == 0o600
        saved = json.loads(cfg_file.read_text())["auths"][registry.address]
        assert base64.b64decode(saved["auth"]).decode() == "%s:%s" % (registry.username,
                                                                       registry.password)
        # push with the stored credentials (resolved from config.json by a new client)
        msgs = list(docksock.APIClient(lab.host, environment=env).push(repo, "1", stream=True,
                                                                        decode=True))
        if lab.podman:
            # known difference (Podman): no aux message with the digest, only the status line
            assert not [m for m in msgs if "aux" in m]
            digest, = [re.match(r"^1: digest: (sha256:[0-9a-f]{64}) size: \d+$", m["status"])
                       .group(1) for m in msgs if "digest:" in m.get("status", "")]
        else:
            digest = [m["aux"]["Digest"] for m in msgs if isinstance(m.get("aux"), dict)][0]
        api.remove_image(repo + ":1")
        with pytest.raises(docksock.ImageNotFound):
            api.inspect_image(repo + ":1")
        # pull it back: the same content digest
        client = docksock.DockerClient(base_url=lab.host, environment=env)
        image = client.images.pull(repo, "1")
        assert repo + "@" + digest in image.attrs["RepoDigests"]
        assert image.id == api.inspect_image(lab.image)["Id"]
        # logout removes them; the next pull of an absent tag is refused for credentials
        rc, out, err = run_cli("logout", registry.address, env=env)
        assert (rc, out) == (0, "Removing login credentials for %s\n" % registry.address)
        assert registry.address not in json.loads(cfg_file.read_text()).get("auths", {})
        api.remove_image(repo + ":1")
        with pytest.raises(docksock.APIError) as e:
            docksock.APIClient(lab.host, environment=env).pull(repo, "1")
        if lab.podman:
            # known difference (Podman): the registry's own refusal, in Podman's words
            assert e.value.explanation == (
                "initializing source docker://%s:1: reading manifest 1 in %s: unauthorized: "
                "authentication required" % (repo, repo))
        else:
            assert "no basic auth credentials" in e.value.explanation

    finally:
        for ref in (repo + ":1",):
            try:
                api.remove_image(ref, force=True)
            except docksock.NotFound:
                pass


def test_credentials_from_auths_helper_and_credhelpers(lab, registry, tmp_path, helper):
    repo = _push_name(registry, "creds")
    api = docksock.APIClient(lab.host)
    api.tag(lab.image, repo, "1")
    good = [registry.username, registry.password]
    try:
        # 1. config.json auths
        env = _image_env(tmp_path)
        _config(tmp_path / "cfg", {"auths": {registry.address: {
            "auth": _b64("%s:%s" % tuple(good))}}})
        list(docksock.APIClient(lab.host, environment=env).push(repo, "1", stream=True))
        # 2. credsStore through a credential helper script
        helper.config({"credsStore": "dkstest"})
        helper.store.write_text(json.dumps({registry.address: good}))
        env = dict(helper.environ, DOCKER_CONFIG=str(helper.cfg),
                   PATH=helper.environ["PATH"] + os.pathsep + os.environ.get("PATH", ""))
        list(docksock.APIClient(lab.host, environment=env).push(repo, "1", stream=True))
        assert {"argv0": "docker-credential-dkstest", "action": "get",
                "stdin": registry.address} in helper.calls()
        # 3. credHelpers naming the helper for this registry only; a wrong secret fails
        helper.config({"credHelpers": {registry.address: "dkstest"}})
        helper.store.write_text(json.dumps({registry.address: [registry.username, "wrong"]}))
        with pytest.raises(docksock.APIError):
            list(docksock.APIClient(lab.host, environment=env).push(repo, "1", stream=True))
        helper.store.write_text(json.dumps({registry.address: good}))
        list(docksock.APIClient(lab.host, environment=env).push(repo, "1", stream=True))
    finally:
        api.remove_image(repo + ":1", force=True)


def test_login_through_the_api_is_kept_for_pulls(lab, registry, tmp_path):
    client = docksock.DockerClient(base_url=lab.host, environment=_image_env(tmp_path))
    if lab.podman:
        # known difference (Podman): a login through the daemon to the registry by its
        # address 127.0.0.1:PORT goes over HTTPS (it is insecure only as localhost:PORT)
        by_ip = "127.0.0.1:" + registry.address.rsplit(":", 1)[1]
        with pytest.raises(docksock.APIError) as e:
            client.login(registry.username, registry.password, registry=by_ip)
        assert e.value.status_code == 500 and e.value.explanation == (
            'login attempt to %s failed with status: pinging container registry %s: Get '
            '"https://%s/v2/": http: server gave HTTP response to HTTPS client'
            % (by_ip, by_ip, by_ip))

    with pytest.raises(docksock.APIError):
        client.login(registry.username, "wrong", registry=registry.address)
    answer = client.login(registry.username, registry.password, registry=registry.address)
    assert answer["Status"] == "Login Succeeded"
    repo = _push_name(registry, "apilogin")
    client.api.tag(lab.image, repo, "1")
    try:
        out = client.api.push(repo, "1")
        assert '"status":"1: digest: sha256:' in out
    finally:
        client.api.remove_image(repo + ":1", force=True)


def test_build_multistage_args_target_and_dockerignore(client, tmp_path, lab):
    ctx = tmp_path / "ctx"
    (ctx / "sub").mkdir(parents=True)
    (ctx / "Dockerfile").write_text(
        "FROM local/busybox:latest AS base\n"
        "ARG FLAVOUR=plain\n"
        "RUN echo \"flavour=$FLAVOUR\" > /flavour\n"
        "COPY . /ctx/\n"
        "FROM base AS final\n"
        "LABEL stage=final\n"
        "RUN ls -R /ctx > /listing\n"
        "FROM base AS unused\n"
        "RUN exit 99\n")
    (ctx / ".dockerignore").write_text("*.log\n!keep.log\nsub/*.tmp\nsecret\n")
    for name in ("a.txt", "drop.log", "keep.log", "sub/s.txt", "sub/x.tmp", "secret"):
        (ctx / name).write_text(name)
    image, log = client.images.build(path=str(ctx), tag="local/dks-built:%d" % os.getpid(),
                                     buildargs={"FLAVOUR": "spicy"}, target="final",
                                     network_mode="none", labels={LAB_LABEL: "1"}, rm=True)
    try:
        assert image.labels["stage"] == "final" and image.labels[LAB_LABEL] == "1"
        out = client.containers.run(image.id, ["sh", "-c", "cat /flavour; cd /ctx && find . | sort"],
                                    network_mode="none", remove=True)
        lines = out.decode().split()
        assert lines[0] == "flavour=spicy"
        files = set(lines[1:])
        assert {"./a.txt", "./keep.log", "./sub/s.txt", "./Dockerfile", "./.dockerignore"} <= files
        assert not files & {"./drop.log", "./sub/x.tmp", "./secret"}
        # known difference (Podman): its builder (buildah) logs the stage and its steps,
        # "[1/2] STEP 1/4: FROM ...", where Docker's logs "Step 1/9 : FROM ..."
        step = re.compile(r"^\[\d+/\d+\] STEP \d+/\d+: " if lab.podman else r"^Step \d+/\d+ : ")

        assert any(step.match(m.get("stream") or "") for m in log)
    finally:
        client.images.remove(image.id, force=True)


def test_build_failure_raises_build_error_with_the_log(client, tmp_path, lab):
    (tmp_path / "Dockerfile").write_text("FROM local/busybox:latest\nRUN echo about to fail; exit 7\n")
    with pytest.raises(docksock.BuildError) as e:
        client.images.build(path=str(tmp_path), network_mode="none", rm=True, forcerm=True)
    # known difference (Podman): buildah's message, and no code in its errorDetail, so the CLI
    # exits 1 (as the docker CLI does then); its steps are "STEP 2/2: ..."
    podman_error = ('building at STEP "RUN echo about to fail; exit 7": while running runtime: '
                    'exit status 7\n')
    if lab.podman:
        assert e.value.msg == podman_error
    else:
        assert "returned a non-zero code: 7" in e.value.msg
    assert any("about to fail" in (m.get("stream") or "") for m in e.value.build_log)
    rc, out, err = run_cli("-H", client.api.base_url, "build", "--network", "none", str(tmp_path))
    if lab.podman:
        assert rc == 1 and err.startswith(podman_error) and "STEP 2/2: " in out
    else:
        assert rc == 7 and "returned a non-zero code: 7" in err and "Step 2/2" in out



def _remove_labelled_images(lab, label):
    """Remove the images carrying label (key=value) through the lab's own http.client."""
    filters = urllib.parse.quote(json.dumps({"label": [label]}))
    status, _, body = _lab_request(lab.sock, "GET", "/images/json?filters=" + filters)
    for image in json.loads(body.decode()) if status == 200 else ():
        _lab_request(lab.sock, "DELETE", "/images/%s?force=1" % image["Id"])


def test_build_cli_quiet_and_dockerfile_from_stdin(lab, tmp_path):
    value = "quiet-%d" % os.getpid()
    dockerfile = "FROM local/busybox:latest\nLABEL %s=%s\nRUN echo hi > /hi\n" % (LAB_LABEL, value)
    try:
        p = subprocess.run([sys.executable, "docksock.py", "-H", lab.host, "build", "-q",
                            "--network", "none", "-"], cwd=HERE, input=dockerfile,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        assert p.returncode == 0, p.stderr
        image_id = p.stdout.strip()
        # known difference (Podman): its stream prints the ID bare, and docker 28 prints it so
        assert re.match(r"^sha256:[0-9a-f]{64}$" if not lab.podman else r"^[0-9a-f]{64}$",
                        image_id)
        api = docksock.APIClient(lab.host)
        assert api.inspect_image(image_id)["Config"]["Labels"][LAB_LABEL] == value
    finally:
        _remove_labelled_images(lab, "%s=%s" % (LAB_LABEL, value))


def test_save_remove_load_round_trip(lab, tmp_path):
    api = docksock.APIClient(lab.host)
    name = "local/dks-saved:%d" % os.getpid()
    api.tag(lab.image, name)
    try:
        original = api.inspect_image(name)["Id"]
        path = str(tmp_path / "saved.tar")
        rc, out, err = run_cli("-H", lab.host, "save", "-o", path, name)
        assert (rc, err) == (0, "")
        with tarfile.open(path) as tf:
            assert "manifest.json" in tf.getnames()
        api.remove_image(name)
        rc, out, err = run_cli("-H", lab.host, "load", "-i", path)
        # known difference (Podman): the full name, "Loaded image: docker.io/local/dks-saved:1"
        loaded = "docker.io/" + name if lab.podman else name
        assert rc == 0 and "Loaded image: %s" % loaded in out
        assert api.inspect_image(name)["Id"] == original
    finally:
        try:
            api.remove_image(name)
        except docksock.NotFound:
            pass


def test_import_makes_a_runnable_image(lab, tmp_path):
    rootfs = tmp_path / "rootfs"
    (rootfs / "bin").mkdir(parents=True)
    shutil.copy(_busybox_binary()[0], str(rootfs / "bin" / "busybox"))
    os.symlink("busybox", str(rootfs / "bin" / "sh"))
    os.symlink("busybox", str(rootfs / "bin" / "echo"))
    tar = tmp_path / "rootfs.tar"
    with tarfile.open(str(tar), "w") as tf:
        tf.add(str(rootfs), arcname=".")
    name = "local/dks-imported:%d" % os.getpid()
    rc, out, err = run_cli("-H", lab.host, "import", "-c", 'CMD ["echo", "imported"]',
                           str(tar), name)
    # (Podman's stream says "ID: ID", which docker 28 prints so)
    assert rc == 0 and re.match(r"^(sha256:[0-9a-f]{64}: )?sha256:[0-9a-f]{64}\n$" if lab.podman
                                else r"^sha256:[0-9a-f]{64}\n$", out), (out, err)
    try:
        client = docksock.DockerClient(base_url=lab.host)
        assert client.containers.run(name, network_mode="none", remove=True) == b"imported\n"
    finally:
        _lab_request(lab.sock, "DELETE", "/images/%s?force=1" % out.strip().split(": ")[-1])



def test_save_streams_with_flat_memory(lab, created, tmp_path):

    """A 100 MB image saved through Image.save() never holds more than a few MB."""
    api = docksock.APIClient(lab.host)
    cid = created(cmd=("sh", "-c", "head -c 100000000 /dev/urandom > /big"))
    api.start(cid)
    assert api.wait(cid, timeout=120)["StatusCode"] == 0
    image_id = api.commit(cid, "local/dks-big", str(os.getpid()))["Id"]
    try:
        tracemalloc.start()
        total = 0
        for chunk in docksock.DockerClient(base_url=lab.host).images.get(image_id).save():
            total += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert total > 100000000
        assert peak < 10 * 1024 * 1024, peak
    finally:
        api.remove_image(image_id, force=True)


def test_cli_run_pulls_a_missing_image_like_docker_28(lab, registry, tagged, tmp_path):
    """run and create pull an image they lack as docker does, with docker's lines on stderr
    ("Unable to find image ...", "1: Pulling from ...", the digest and status), --quiet
    silencing them and --pull never refusing (issue 16 item 11)."""
    docker = _docker28_or_skip()
    repo = _push_name(registry, "run-pull")
    env = _cli_env(lab, tmp_path)
    _config(tmp_path / "cfg", {"auths": {registry.address: {
        "auth": _b64("%s:%s" % (registry.username, registry.password))}}})
    api = docksock.APIClient(lab.host, environment=env)
    api.tag(lab.image, repo, "1")
    try:
        list(api.push(repo, "1", stream=True, decode=True))
        label = "%s=%s" % (LAB_LABEL, tagged)
        for argv in (["run", "--rm", "--network", "none", "-l", label, repo + ":1", "true"],
                     ["create", "-q", "--network", "none", "-l", label, repo + ":1"],
                     ["run", "--rm", "--pull", "never", "--network", "none", repo + ":1"]):
            seen = []
            for who in ("docker", "docksock"):
                _remove_if_there(api, repo + ":1")
                rc, out, err = _cli_says(docker if who == "docker" else None, env, argv)
                seen.append((rc, len(out.split()), err))
            assert seen[1] == seen[0], argv
            if argv[0] == "run" and "--pull" not in argv:
                lines = seen[0][2].splitlines()
                assert lines[0] == "Unable to find image '%s:1' locally" % repo, lines
                if not lab.podman:      # (Podman's pull says other things, its own way)
                    assert lines[1] == "1: Pulling from %s" % repo.split("/", 1)[1], lines
                    assert lines[-1] == "Status: Downloaded newer image for %s:1" % repo
            elif argv[1] == "-q":
                assert seen[0] == (0, 1, "")
        assert seen[0][0] == 125 and "no such image" in seen[0][2].lower()
    finally:
        _remove_if_there(api, repo + ":1")


def _remove_if_there(api, image):
    try:
        api.remove_image(image, force=True)
    except docksock.NotFound:
        pass
# ==== The CLI side by side with docker 28: contexts, images, networks, volumes, system ====
#
# Each command line runs through docker 28's own CLI and through docksock's, each with a config
# directory of its own (so what one writes the other does not see), against the lab's daemon;
# stdout, stderr and the exit status must be the same once the program name and the config
# directory's path are.  Where a command writes files, the two directories are compared too.

# What docker 28's parsers say (containerd's platforms.Parse, distribution's
# ParseNormalizedNamed, pflag's stringToString, go-units RAMInBytes and ParseUlimit, the CLI's
# ValidateExtraHost), checked by hand against the docker 28 CLI.
_PLATFORMS = [
    ("linux", {"architecture": "amd64", "os": "linux"}),
    ("linux/arm64", {"architecture": "arm64", "os": "linux"}),
    ("linux/arm64/v8", {"architecture": "arm64", "os": "linux", "variant": "v8"}),
    ("linux/aarch64", {"architecture": "arm64", "os": "linux"}),
    ("Linux/ARM/7", {"architecture": "arm", "os": "linux", "variant": "v7"}),
    ("linux/arm", {"architecture": "arm", "os": "linux"}),
    ("linux/x86_64", {"architecture": "amd64", "os": "linux"}),
    ("windows(10.0.17763)/amd64", {"architecture": "amd64", "os": "windows",
                                   "os.version": "10.0.17763"}),
    ("arm64", {"architecture": "arm64", "os": "linux"}), ("macos/arm64",
                                                          {"architecture": "arm64", "os": "darwin"}),
    ("bogus", '"bogus": unknown operating system or architecture: invalid argument'),
    ("a/b/c/d", '"a/b/c/d": cannot parse platform specifier: invalid argument'),
    ("linux/*", '"linux/*": wildcards not yet supported: invalid argument'),
    ("linux/a b", '"a b" is an invalid component of "linux/a b": platform specifier component '
                  'must match "^[A-Za-z0-9_.-]+$": invalid argument')]


@pytest.mark.parametrize("spec,want", _PLATFORMS)
def test_parse_platform_like_containerd(spec, want):
    if isinstance(want, str):
        with pytest.raises(docksock.InvalidArgument) as e:
            docksock.parse_platform(spec, host_arch="amd64")
        assert str(e.value) == want
    else:
        got = docksock.parse_platform(spec, host_arch="amd64")
        assert got == want and list(got) == [k for k in ("architecture", "os", "os.version",
                                                        "variant") if k in want]
        assert docksock.format_platform(got) == "/".join(
            x for x in (want["os"], want["architecture"], want.get("variant")) if x)


@pytest.mark.parametrize("ref,want", [
    ("busybox", ("docker.io/library/busybox", None, None)),
    ("index.docker.io/foo", ("docker.io/library/foo", None, None)),
    ("127.0.0.1:5000/a/b:1", ("127.0.0.1:5000/a/b", "1", None)),
    ("localhost/x@sha256:" + "a" * 64, ("localhost/x", None, "sha256:" + "a" * 64)),
    ("Foo/bar", ("Foo/bar", None, None)), ("x:Tag_1.0", ("docker.io/library/x", "Tag_1.0", None)),
    ("UPPER", "invalid reference format: repository name (library/UPPER) must be lowercase"),
    ("a:b:c", "invalid reference format"), ("x/", "invalid reference format"),
    ("a" * 64, "invalid repository name (%s), cannot specify 64-byte hexadecimal strings"
     % ("a" * 64))])
def test_parse_reference_like_docker(ref, want):
    if isinstance(want, str):
        with pytest.raises(docksock.InvalidArgument) as e:
            docksock.parse_reference(ref)
        assert str(e.value) == want
    else:
        assert docksock.parse_reference(ref) == want


def _value_or_error(parse, text):
    """(parse(text), None), or (None, its ValueError's text)."""
    try:
        return parse(text), None
    except ValueError as e:
        return None, str(e)


def test_cli_value_parsers_like_docker():
    flag = docksock._Flag("docker", "", "stringToString", "", "")
    assert docksock._string_to_string(flag, 'host="a,b"') == {"host": '"a,b'}
    assert docksock._string_to_string(flag, "host=a,ca=b") == {"host": "a", "ca": "b"}
    with pytest.raises(docksock._UsageError, match="hostnoeq must be formatted as key=value"):
        docksock._string_to_string(flag, "hostnoeq")
    ram = lambda text: _value_or_error(docksock.ram_in_bytes, text)
    assert [ram(t) for t in ("512", "1k", "1.5GiB", "2 m", "1x", "-1", "b")] \
        == [(512, None), (1024, None), (1610612736, None), (2097152, None),
            (None, "invalid suffix: 'x'"), (None, "invalid size: '-1'"),
            (None, "invalid size: 'b'")]
    # go-units hands " 1" to ParseFloat, which takes no space; ValidateLabel trims the
    # name's left only, so "a\t=1" names a label with white space
    assert ram(" 1k") == (
        None, 'strconv.ParseFloat: parsing " 1": invalid syntax')
    assert docksock._error_of(docksock.validate_label, "a\t=1") == \
        "label 'a\t' contains whitespaces"
    assert docksock._error_of(docksock.validate_link, "a:b:c") == "bad format for links: a:b:c"
    ulimit = lambda text: _value_or_error(docksock.parse_ulimit, text)
    host = lambda text: _value_or_error(docksock.parse_extra_host, text)
    assert ulimit("nofile=100:200") == (
        {"Name": "nofile", "Hard": 200, "Soft": 100}, None)
    assert ulimit("nproc=5") == ({"Name": "nproc", "Hard": 5, "Soft": 5}, None)
    assert ulimit("nofile=2:1")[1] == \
        "ulimit soft limit must be less than or equal to hard limit: 2 > 1"
    assert ulimit("bad=1")[1] == "invalid ulimit type: bad"
    assert host("h=[::1]") == ("h:::1", None)
    assert host("h:host-gateway") == ("h:host-gateway", None)
    assert host("h:x")[1] == 'invalid IP address in add-host: "x"'
    assert docksock._go_time_text("2026-12-03T04:52:18.869532200Z") == \
        "2026-12-03 04:52:18.8695322 +0000 UTC"
    assert docksock._go_time_text("2026-12-03T05:52:18+01:00") == \
        "2026-12-03 05:52:18 +0100 +0100"


class _SideBySide:
    """docker 28 (`docker`) and docksock (`docksock`) run alike.  Attributes: docker (the
    binary), cfg ({"docker": path, "docksock": path}), host (DOCKER_HOST for both, or None),
    env (extra environment), cwd ({"docker": dir, "docksock": dir}: each runs in its own)."""

    def __init__(self, docker, tmp_path, host=None, env=None):
        self.docker = docker
        self.host = host
        self.env = dict(env or {})
        self.cfg, self.cwd = {}, {}
        for who in ("docker", "docksock"):
            self.cfg[who] = str(tmp_path / who / "cfg")
            self.cwd[who] = str(tmp_path / who / "cwd")
            os.makedirs(self.cfg[who])
            os.makedirs(self.cwd[who])

    def environ(self, who):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.cwd[who],
               "DOCKER_CONFIG": self.cfg[who], "LANG": "C.UTF-8", "TZ": "UTC",
               "DOCKSOCK_FLAG_AUDIT": "1"}
        if self.host:
            env["DOCKER_HOST"] = self.host
        env.update(self.env)
        return env

    def _normal(self, who, text):
        text = text.replace(self.cfg[who], "CFG").replace(self.cwd[who], "CWD")
        if who == "docksock":   # the program's name where it names itself
            text = re.sub(r"(?m)(^|Usage:  |')docksock(?=[: ])", r"\1docker", text)
        return text

    def one(self, who, argv, stdin=None):
        """(exit status, stdout, stderr) of one program, paths made neutral."""
        if who == "docker" or stdin is not None:
            cmd = [self.docker] if who == "docker" else [sys.executable,
                                                         os.path.join(HERE, "docksock.py")]
            p = subprocess.run(cmd + list(argv), input=stdin or b"", stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=self.environ(who),
                               cwd=self.cwd[who], timeout=300)
            rc, out, err = (p.returncode, p.stdout.decode("utf-8", "replace"),
                            p.stderr.decode("utf-8", "replace"))
        else:
            old = os.getcwd()
            os.chdir(self.cwd[who])
            try:
                rc, out, err = run_cli(*argv, env=self.environ(who))
            finally:
                os.chdir(old)
        return rc, self._normal(who, out), self._normal(who, err)

    def both(self, *argv, stdin=None):
        return self.one("docker", argv, stdin), self.one("docksock", argv, stdin)

    def same(self, *argv, stdin=None, status=None):
        """Run both; assert they agree (and on the exit status when given); docksock's."""
        theirs, ours = self.both(*argv, stdin=stdin)
        assert ours == theirs, argv
        if status is not None:
            assert ours[0] == status, (argv, ours)
        return ours

    def trees(self, which="cfg"):
        """Each program's directory as {relative path: (mode, bytes)}."""
        out = {}
        for who, root in getattr(self, which).items():
            files = {}
            for top, dirs, names in os.walk(root):
                for name in dirs + names:
                    path = os.path.join(top, name)
                    st = os.lstat(path)
                    data = b""
                    if stat.S_ISREG(st.st_mode):
                        with open(path, "rb") as f:
                            data = f.read()
                    files[os.path.relpath(path, root)] = (stat.S_IMODE(st.st_mode), data)
            out[who] = files
        return out


@pytest.fixture
def sbs(lab, tmp_path):
    """Side by side against the lab's daemon."""
    return _SideBySide(_docker28_or_skip(), tmp_path, host=lab.host)


def test_context_commands_side_by_side_share_docker_store(tmp_path, lab):
    """Every context command, docker 28 and docksock each on a config directory of its own:
    the same output, and the same files written (meta.json and the TLS store)."""
    s = _SideBySide(_docker28_or_skip(), tmp_path)
    if not lab.tls_dir:
        pytest.skip("the TLS material comes from the lab's own daemon")
    ca, cert, key = (os.path.join(lab.tls_dir, f) for f in ("ca.pem", "cert.pem", "key.pem"))
    for argv in (
            ["context", "ls"], ["context", "show"], ["context", "inspect"],
            ["context", "ls", "--format", "json"], ["context", "ls", "-q"],
            ["context", "inspect", "nosuch"], ["context", "create", "a"],
            ["context", "create", "default"], ["context", "create", "c1", "--docker",
                                               "foo=bar"],
            ["context", "create", "c1", "--docker", "skip-tls-verify=maybe"],
            ["context", "create", "c1", "--docker", "ca=/nonexistent/ca.pem"],
            ["context", "create", "c1", "--docker", '"a,b"'],
            ["context", "create", "c1", "--docker", "host=noscheme"],
            ["context", "create", "c1", "--from", "nosuch"],
            ["context", "create", "c1", "--from", "default", "--docker", "host=tcp://h:1"],
            ["context", "create", "lab", "--docker", "host=" + lab.host,
             "--description", "the lab <28> & co"],
            ["context", "create", "lab", "--docker", "host=" + lab.host],
            ["context", "create", "tls1", "--docker", "host=tcp://127.0.0.1:1,ca=%s,cert=%s,"
             "key=%s,skip-tls-verify=true" % (ca, cert, key)],
            ["context", "create", "tls2", "--docker", "host=tcp://h:1,ca=%s" % key],
            ["context", "create", "tls2", "--docker", "host=tcp://h:1,cert=%s,key=%s"
             % (ca, key)],
            ["context", "create", "tls2", "--docker", "host=tcp://h:1,cert=%s,key=%s"
             % (cert, ca)],
            ["context", "create", "copy", "--from", "tls1", "--description", "copied"],
            ["context", "create", "endpoint-only", "--docker", "from=tls1"],
            ["context", "create", "here"], ["context", "create", "h2", "--docker",
                                            "host=tcp://h:1,host=tcp://h:2"],
            ["context", "ls"], ["context", "inspect", "tls1", "copy", "lab"],
            ["context", "inspect", "-f", "{{.Name}} {{json .Endpoints}}", "lab", "nosuch"],
            ["context", "inspect", "-f", "json", "lab"],
            ["context", "update", "tls1", "--description", "updated"],
            ["context", "update", "tls1", "--docker", "host=tcp://h:3"],
            ["context", "update", "nosuch"], ["context", "update", "default"],
            ["context", "use", "lab"], ["context", "show"], ["ps", "-q"],
            ["context", "ls"], ["context", "rm", "lab"], ["context", "use", "nosuch"],
            ["context", "use", "default"], ["context", "rm", "nosuch", "h2", "default"],
            ["context", "rm", "-f", "nosuch"], ["--context", "lab", "context", "rm", "-f",
                                                "lab"],
            ["--context", "gone", "context", "ls"], ["--context", "gone", "ps"],
            ["-H", "unix:///x", "--context", "y", "ps"],
            ["context", "export", "tls1"], ["context", "export", "tls1"],
            ["context", "export", "default", "def.tar"], ["context", "export", "x"],
            ["context", "import", "back", "tls1.dockercontext"],
            ["context", "import", "back", "tls1.dockercontext"],
            ["context", "import", "miss", "/nonexistent.tar"],
            ["context", "inspect", "back", "-f", "{{json .Endpoints}} {{json .TLSMaterial}}"]):
        s.same(*argv)
    trees = s.trees()
    assert trees["docksock"] == trees["docker"]
    cwds = s.trees("cwd")
    assert sorted(cwds["docksock"]) == sorted(cwds["docker"]) == ["def.tar", "tls1.dockercontext"]
    # DOCKER_HOST set: the warning; a context piped out and in through stdin
    s.env["DOCKER_HOST"] = lab.host
    s.same("context", "ls")
    s.same("context", "use", "tls1")
    del s.env["DOCKER_HOST"]
    for who in ("docker", "docksock"):      # each imports the other's archive
        other = "docksock" if who == "docker" else "docker"
        with open(os.path.join(s.cwd[other], "tls1.dockercontext"), "rb") as f:
            archive = f.read()
        assert s.one(who, ["context", "import", "theirs", "-"], stdin=archive)[0] == 0
    s.same("context", "inspect", "theirs", "-f", "{{json .Endpoints}} {{json .TLSMaterial}}")
    assert s.one("docksock", ["context", "export", "theirs", "-"], stdin=b"")[0] == 0
    trees = s.trees()
    assert trees["docksock"] == trees["docker"]


@pytest.fixture
def lab_objects(lab, created):
    """A volume, an internal network and a created container, named for this test run."""
    api = docksock.APIClient(lab.host)
    tag = "%d" % os.getpid()
    vol = api.create_volume("dks-sbs-vol-" + tag, labels={LAB_LABEL: "1"})["Name"]
    net = api.create_network("dks-sbs-net-" + tag, internal=True, labels={LAB_LABEL: "1"})["Id"]
    ctr = created("dks-sbs-ctr-" + tag)
    # never started: on the internal network, so that it can be connected to others
    connectable = created("dks-sbs-conn-" + tag, HostConfig={"NetworkMode": "dks-sbs-net-" + tag})
    yield types.SimpleNamespace(volume=vol, network="dks-sbs-net-" + tag, container=ctr,
                                connectable=connectable, tag=tag)
    api.remove_container(connectable, force=True)
    api.remove_network(net)
    api.remove_volume(vol)


def test_inspect_finds_every_kind_like_docker(sbs, lab, lab_objects):
    o = lab_objects
    for argv in (["inspect", o.volume], ["inspect", o.network], ["inspect", LAB_IMAGE],
                 ["inspect", "--type", "volume", o.volume], ["inspect", "--type", "network",
                                                             o.network],
                 ["inspect", "--type", "volume", "dks-nosuchvol"], ["inspect", "dks-nothing"],
                 ["inspect", "-f", "{{.Name}}", o.volume, "dks-nothing"],
                 ["inspect", "--type", "bogus", o.volume], ["inspect", "--type=", o.volume],
                 ["inspect", "-f", "{{.Name}} {{.Driver}}", o.volume],
                 ["inspect", "-s", o.volume], ["inspect", "-s", "-f", "{{.SizeRw}}", o.container],
                 ["inspect", "-f", "json", o.volume, o.network], ["inspect", "UPPER"],
                 ["inspect", "--type", "network", "x"],
                 ["inspect", "--type", "container", LAB_IMAGE],
                 ["inspect", "-f", "{{.Id}}", "dks-nothing"]):
        theirs, ours = sbs.both(*argv)
        if lab.podman and "/" in argv[-1]:
            # known difference (Podman): docker sends the name's "/" unquoted, which Podman's
            # router answers with a bare "Not Found"; docksock quotes it and gets the message
            theirs, ours = theirs[:2], ours[:2]
        assert ours == theirs, argv
    # a template that does not parse: exit status 64 (the words are the template engine's)
    theirs, ours = sbs.both("inspect", "-f", "{{.Name", o.volume)
    assert ours[:2] == theirs[:2] == (64, "")
    assert ours[2].startswith("template parsing error: template: ")


def _drifting(text):
    """Times that move between two runs made neutral: "X ago" columns, table padding."""
    return re.sub(r" +", " ", re.sub(r"(Less than a second|About an? \w+|\d+ \w+) ago",
                                     "X ago", text))


def test_version_info_and_events_side_by_side(sbs, lab):
    """version, info and events: docksock's own Client section aside, what the daemon says is
    laid out as docker 28 lays it out; the fields docker's templates know are there."""
    for argv in (["version", "--format", "{{.Client.APIVersion}}|{{.Server.APIVersion}}|"
                  "{{.Server.Version}}|{{.Server.MinAPIVersion}}|{{.Client.Context}}|"
                  "{{.Client.DefaultAPIVersion}}|{{.Server.KernelVersion}}"],
                 ["version", "--format", "{{json .Server}}"], ["version", "-f", "{{.Nope"],
                 ["info", "--format", "{{.ServerVersion}} {{.ClientInfo.Context}} "
                  "{{.ClientInfo.Debug}} {{json .Plugins}}"], ["info", "-f", "{{.Name"]):
        theirs, ours = sbs.both(*argv)
        assert ours[:2] == theirs[:2], argv
    theirs, ours = sbs.both("version")
    assert ours[0] == theirs[0] == 0
    assert ours[1].split("\n\nServer:")[1] == theirs[1].split("\n\nServer:")[1]
    theirs, ours = sbs.both("version", "--format", "json")
    assert json.loads(ours[1])["Server"] == json.loads(theirs[1])["Server"]
    assert sorted(json.loads(ours[1])["Client"]) == sorted(k for k in json.loads(theirs[1])[
        "Client"] if k not in ("GitCommit", "BuildTime"))     # docksock has neither
    theirs, ours = sbs.both("info")
    runtimes = lambda t: re.sub(r"(?m)^( ID:) .*$", r"\1 X", re.sub(  # Podman: an ID a call
        r"(?m)^( Runtimes:) (.*)$", lambda m: m.group(1) + " " + " ".join(sorted(
            m.group(2).split())), t))
    assert ours[0] == theirs[0] == 0 and ours[2] == theirs[2]
    if not lab.podman:      # known difference (Podman): its /info changes from call to call
        assert runtimes(ours[1].split("\nServer:\n")[1]) == \
            runtimes(theirs[1].split("\nServer:\n")[1])
    assert ours[1].startswith("Client:\n Version:    %s\n Context:    default\n Debug Mode: false\n"
                              % docksock.__version__)
    # a unreachable daemon: the client section, then the error
    sbs.env["DOCKER_HOST"] = "unix:///nonexistent.sock"
    theirs, ours = sbs.both("info")
    assert ours[:2] == (1, theirs[1].replace(theirs[1].split("\n")[1], ours[1].split("\n")[1]))
    del sbs.env["DOCKER_HOST"]
    # events: a volume and a container made and removed between --since and --until
    api = docksock.APIClient(lab.host)
    since = int(api.version().get("ApiVersion") and time.time()) - 1
    name = "dks-sbs-ev-%d" % os.getpid()
    api.create_volume(name)
    api.remove_volume(name)
    cid = _create(api, name)
    api.remove_container(cid)
    until = str(int(time.time()) + 1)
    time.sleep(1.1)
    window = ["--since", str(since), "--until", until]
    for fmt in (None, "json", "{{.ID}}|{{.Status}}|{{.Time}}|{{.TimeNano}}|{{.From}}|{{.Scope}}|"
                "{{.Type}}|{{.Action}}|{{.Actor.ID}}|{{json .Actor.Attributes}}", "{{.Nope}}"):
        for filt in ("volume=" + name, "container=" + name):
            argv = ["events"] + window + ["--filter", filt] + (["--format", fmt] if fmt else [])
            theirs, ours = sbs.both(*argv)
            if fmt == "{{.Nope}}":      # the template engine's words differ; the status does not
                assert ours[:2] == theirs[:2] == (64, "") and ours[2].startswith(
                    "Error parsing format: ")
                continue
            assert ours == theirs, argv
            # known difference (Podman): its file events backend may not have them yet
            assert lab.podman or ours[1].count("\n") >= 2, argv


def test_image_commands_side_by_side(sbs, lab, tmp_path):
    """The image group against docker 28 on the lab's daemon: listing, history, inspect, tag,
    rm, save, load, import, prune; and the file errors that used to be tracebacks."""
    api = docksock.APIClient(lab.host)
    tag = "dks-sbs-img-%d" % os.getpid()
    for extra in (":1", ":2", "-other:x"):
        api.tag(LAB_IMAGE, "local/" + tag + extra)
    try:
        for argv in (["images", "local/" + tag + "*"], ["images", "-q", "local/" + tag + "*"],
                     ["images", "--digests", "local/" + tag + "*"],
                     ["images", "--format", "json", "local/" + tag + "*"],
                     ["images", "--format", "raw", "local/" + tag + "*"],
                     ["images", "--format", "table {{.Repository}}", "--digests", "local/" + tag + "*"],
                     ["images", "build"], ["image", "ls", "build"], ["images", "--tree", "-q"],
                     ["history", LAB_IMAGE], ["history", "-H=false", LAB_IMAGE],
                     ["history", "--format", "json", LAB_IMAGE], ["history", "-q", LAB_IMAGE],
                     ["history", "--no-trunc", "-q", "--format", "{{.Size}}", LAB_IMAGE],
                     ["image", "inspect", LAB_IMAGE], ["image", "inspect", "-f", "{{.Id}}",
                                                       LAB_IMAGE, "local/nosuch"],
                     ["tag", LAB_IMAGE, "UPPER"], ["tag", "local/nosuch", "x"],
                     ["rmi", "local/nosuch"], ["rmi", "-f", "local/nosuch"],
                     ["rmi", "local/nosuch", "local/nosuch2"], ["history", "local/nosuch"],
                     ["pull", "UPPER"], ["pull", "a:b:c"], ["pull", "-a", "x:1"],
                     ["push", "-a", "x:1"], ["push", "UPPER"],
                     ["save", "-o", "/nonexistent/dir/x.tar", LAB_IMAGE],
                     ["save", "-o", str(tmp_path), LAB_IMAGE],
                     ["save", "-o", "/etc/passwd/x.tar", LAB_IMAGE],
                     ["save", "-o", "x.tar", "local/nosuch"],
                     ["load", "-i", "/nonexistent.tar"], ["import", "/nonexistent.tar"],
                     ["export", "-o", "/nonexistent/dir/x.tar", "nosuch"],
                     ["save", "--platform", "bogus", LAB_IMAGE],
                     ["history", "--platform", "a/b/c/d", LAB_IMAGE],
                     ["image", "prune", "-f", "--filter", "label=dks-none"],
                     ["builder", "prune", "-f", "--keep-storage", "1x"],
                     ["images", "-f", "noequals"]):
            theirs, ours = sbs.both(*argv)
            if argv[0] in ("images", "history"):
                theirs = theirs[:1] + tuple(_drifting(x) for x in theirs[1:])
                ours = ours[:1] + tuple(_drifting(x) for x in ours[1:])
                # an image's rows come in Go's map order in docker: compare them sorted
                order = _each_images_rows_sorted if not {"--format", "--digests"} & set(argv) \
                    else (lambda text: sorted(text.split("\n")))
                theirs = (theirs[0], order(theirs[1]), theirs[2])
                ours = (ours[0], order(ours[1]), ours[2])
            if argv[0] == "builder":    # docker's notice about its missing buildx plugin
                theirs = theirs[:2] + (theirs[2].split("\n\n", 1)[1],)
            assert ours == theirs, argv
        # a file written only once something came (docker's atomic writer), mode 0600
        assert sorted(os.listdir(sbs.cwd["docksock"])) == sorted(os.listdir(sbs.cwd["docker"]))
        for who in ("docker", "docksock"):
            assert sbs.one(who, ["save", "-o", "saved.tar", "local/%s:1" % tag])[0] == 0
            path = os.path.join(sbs.cwd[who], "saved.tar")
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with open(os.path.join(sbs.cwd["docksock"], "saved.tar"), "rb") as f:
            saved = f.read()
        piped = subprocess.run([sys.executable, os.path.join(HERE, "docksock.py"), "save",
                                "local/%s:1" % tag], stdout=subprocess.PIPE, check=True,
                               env=sbs.environ("docksock")).stdout
        names = lambda data: sorted(tarfile.open(fileobj=io.BytesIO(data)).getnames())
        assert names(piped) == names(saved) and "manifest.json" in names(saved)
        # load, from a file and from stdin (off a terminal: quiet, one line an image)
        for argv, stdin in ((["load", "-i", os.path.join(sbs.cwd["docker"], "saved.tar")], None),
                            (["load"], saved), (["load", "-q"], saved)):
            theirs, ours = sbs.both(*argv, stdin=stdin)
            assert ours == theirs and "local/%s:1" % tag in ours[1], argv
        # tag, then rm what each tagged
        for who in ("docker", "docksock"):
            assert sbs.one(who, ["tag", LAB_IMAGE, "local/%s:rm" % tag]) == (0, "", "")
        theirs = sbs.one("docker", ["rmi", "local/%s:rm" % tag, "local/nosuch"])
        assert sbs.one("docker", ["tag", LAB_IMAGE, "local/%s:rm" % tag])[0] == 0
        ours = sbs.one("docksock", ["rmi", "local/%s:rm" % tag, "local/nosuch"])
        assert ours == theirs and ours[1].endswith("local/%s:rm\n" % tag)  # Podman: docker.io/
        # import with a message, a change and a platform: what docker makes, docksock makes
        rootfs = tmp_path / "rootfs.tar"
        with tarfile.open(str(rootfs), "w") as tf:
            info = tarfile.TarInfo("hello.txt")
            info.size = 2
            tf.addfile(info, io.BytesIO(b"hi"))
        made = {}
        for who in ("docker", "docksock"):
            rc, out, err = sbs.one(who, ["import", "-m", "imported by " + who, "-c",
                                         "ENV WHO=" + who, "--platform", "linux/amd64",
                                         str(rootfs), "local/%s:imp-%s" % (tag, who)])
            # (Podman: "sha256:X: sha256:X", its stream names the image twice)
            assert (rc, err) == (0, "") and re.search(r"sha256:[0-9a-f]{64}\n\Z", out), (who, out)
            made[who] = api.inspect_image("local/%s:imp-%s" % (tag, who))
            hist = api.history("local/%s:imp-%s" % (tag, who))
            assert hist[0]["Comment"] == "imported by " + who
            assert "WHO=" + who in made[who]["Config"]["Env"]
        assert made["docksock"]["Architecture"] == made["docker"]["Architecture"] == "amd64"
        rc, out, err = sbs.one("docksock", ["import", "-", "local/%s:stdin" % tag],
                               stdin=rootfs.read_bytes())
        assert (rc, err) == (0, "") and out.startswith("sha256:")
    finally:    # by name: the tags share local/busybox's image, which stays
        for img in api.images(filters={"reference": ["local/%s*" % tag]}):
            for name in img.get("RepoTags") or ():
                if "local/" + tag in name:      # (Podman: docker.io/local/...)
                    api.remove_image(name)


def test_network_and_volume_commands_side_by_side(sbs, lab, lab_objects):
    """The network and volume groups against docker 28 (internal networks only, never a
    running container connected)."""
    o, tag = lab_objects, lab_objects.tag
    api = docksock.APIClient(lab.host)
    labelled = ["--filter", "label=" + LAB_LABEL]
    made = []
    try:
        for argv in (["network", "ls"] + labelled, ["network", "ls", "--format", "json"] + labelled,
                     ["network", "ls", "--format", "raw"] + labelled,
                     ["network", "ls", "-q", "--format", "raw"] + labelled,
                     ["network", "ls", "--no-trunc", "--format", "{{.ID}} {{.CreatedAt}} "
                      "{{.IPv4}} {{.IPv6}} {{.Internal}}"] + labelled,
                     ["network", "inspect", "-v", "-f", "{{.Name}} {{.Internal}}", o.network],
                     ["network", "inspect", o.network, "dks-nosuchnet"],
                     ["network", "rm", "dks-nosuchnet"], ["network", "rm", "-f", "dks-nosuchnet"],
                     ["network", "create", "--ip-range", "10.0.0.0/24", "x"],
                     ["network", "create", "--subnet", "bad", "x"],
                     ["network", "create", "--subnet", "10.1.0.0/16", "--subnet", "10.1.2.0/24",
                      "x"],
                     ["network", "create", "--subnet", "10.1.0.0/16", "--gateway", "10.2.0.1",
                      "x"],
                     ["network", "create", "--subnet", "10.1.0.0/16", "--aux-address",
                      "a=10.3.0.1", "x"],
                     ["network", "connect", "--driver-opt", "bad", o.network, o.container],
                     ["network", "connect", "--link", "a:b:c", o.network, o.container],
                     ["network", "create", "--label", "=x", "x"],
                     ["volume", "ls"] + labelled, ["volume", "ls", "--format", "json"] + labelled,
                     ["volume", "ls", "-q", "--format", "raw"] + labelled,
                     ["volume", "ls", "--format", "{{.Name}} {{.Links}} {{.Size}} {{.Group}} "
                      "{{.Status}}"] + labelled,
                     ["volume", "inspect", o.volume, "dks-nosuch"],
                     ["volume", "update", "--availability", "pause", o.volume],
                     ["volume", "rm", "dks-nosuch", "dks-nosuch2"],
                     ["volume", "prune", "-f", "--filter", "label=dks-none"],
                     ["network", "prune", "-f", "--filter", "label=dks-none"]):
            theirs, ours = sbs.both(*argv)
            assert ours == theirs, argv
        # the daemon lists df's volumes in a Go map's order, which changes from call to call
        theirs, ours = sbs.both("system", "df", "-v", "--format",
                                "{{range .Volumes}}{{.Name}} {{end}}")
        assert (ours[0], sorted(ours[1].split(" ")), ours[2]) == \
            (theirs[0], sorted(theirs[1].split(" ")), theirs[2])
        # cluster volumes are refused by name (docker sends them; a lone daemon refuses)
        for argv in (["volume", "create", "--scope", "multi", "dks-cluster"],
                     ["volume", "ls", "--cluster"]):
            rc, out, err = sbs.one("docksock", argv)
            assert (rc, out) == (125, "") and "is not supported: cluster volumes" in err, argv
        assert "dks-cluster" not in [v["Name"] for v in api.volumes()["Volumes"] or ()]
        # the same network made by each, with every create flag that a lone daemon takes
        for who in ("docker", "docksock"):
            name = "dks-sbs-%s-%s" % (who, tag)
            # two pools that may not overlap, nor meet a leftover of another run
            net = "10.%d" % (os.getpid() % 100 * 2 + 20 + (who == "docksock"))
            rc, out, err = sbs.one(who, [
                "network", "create", "--internal", "--subnet", net + ".0.0/16", "--ip-range",
                net + ".1.0/24", "--gateway", net + ".0.1", "--aux-address", "a=%s.0.5" % net,
                "--ipam-opt", "q=1", "--opt",
                "com.docker.network.bridge.name=dk%s%s" % (who[4], tag[-6:]),
                "--ipv6=false", "--label", LAB_LABEL + "=1", "--attachable", name])
            assert (rc, err) == (0, ""), (who, err)
            made.append(name)
            got = json.loads(json.dumps(api.inspect_network(name)).replace(net + ".", "N."))
            got.pop("Id")
            got.pop("Created")
            got["Name"] = "x"
            (got.get("Options") or {}).pop("com.docker.network.bridge.name", None)
            if who == "docker":
                theirs = got
            else:
                assert got == theirs
            if lab.podman:      # known difference (Podman): its connect is another story
                continue
            # connecting a container that is never started (on the internal network of
            # lab_objects, not network none, which takes no other network), with its flags
            rc, out, err = sbs.one(who, ["network", "connect", "--ip", net + ".1.7", "--alias",
                                         "al-" + who, "--driver-opt", "k=v", name,
                                         o.connectable])
            assert (rc, out, err) == (0, "", "")
            endpoint = api.inspect_container(o.connectable)["NetworkSettings"]["Networks"][name]
            assert endpoint["IPAMConfig"]["IPv4Address"] == net + ".1.7"
            assert "al-" + who in endpoint["Aliases"] and endpoint["DriverOpts"] == {"k": "v"}
            rc, out, err = sbs.one(who, ["network", "disconnect", name, o.connectable])
            assert (rc, out, err) == (0, "", "")
        # (Podman: tmpfs options need its project quota: the options of a plain volume)
        options = {"o": "nodev"} if lab.podman else {"type": "tmpfs", "device": "tmpfs",
                                                     "o": "size=1m"}
        for who in ("docker", "docksock"):
            name = "dks-vol-%s-%s" % (who, tag)
            rc, out, err = sbs.one(who, ["volume", "create", "-d", "local", "--label",
                                         LAB_LABEL + "=1", name] +
                                   [x for k in sorted(options) for x in ("-o", k + "=" +
                                                                         options[k])])
            assert (rc, out, err) == (0, name + "\n", "")
            assert api.inspect_volume(name)["Options"] == options
            assert sbs.one(who, ["volume", "rm", name]) == (0, name + "\n", "")
        theirs = sbs.one("docker", ["network", "rm", made[0], "dks-nosuchnet"])
        ours = sbs.one("docksock", ["network", "rm", made[1], "dks-nosuchnet"])
        assert theirs[:2] == (1, made[0] + "\n") and theirs[2].endswith(" not found\nexit "
                                                                         "status 1\n")
        assert ours == (1, made[1] + "\n", theirs[2])
    finally:
        for name in made:
            try:
                api.remove_network(name)
            except docksock.NotFound:
                pass


def test_newer_api_flags_side_by_side(sbs, lab, lab_objects, tmp_path):
    """The flags of newer APIs against docker 28: on an older daemon its version gates; on
    Docker 28 what each does (images --tree; --platform on history, inspect, save, load
    and rmi; network create --config-only, --config-from, --ipam-driver, --ipv4, --ingress,
    --scope; connect --gw-priority, --ip6, --link-local-ip, --link; build --isolation)."""
    o, tag = lab_objects, lab_objects.tag
    api = docksock.APIClient(lab.host)
    ctx = tmp_path / "ctx"
    _write(str(ctx / "Dockerfile"), b"FROM %s\nLABEL dks=iso\n" % LAB_IMAGE.encode())
    sbs.env["DOCKER_BUILDKIT"] = "0"
    neutral = lambda t: re.sub(r"sha256:[0-9a-f]{64}", "X", _drifting(t))
    made = []
    for who in ("docker", "docksock"):
        api.tag(LAB_IMAGE, "local/dks-plat-%s:%s" % (tag, who))
    try:
        for argv in (["images", "--tree", LAB_IMAGE], ["image", "ls", "--tree", "-a", LAB_IMAGE],
                     ["history", "--platform", "linux/amd64", "-q", LAB_IMAGE],
                     ["history", "--platform", "linux/s390x", LAB_IMAGE],
                     ["image", "inspect", "--platform", "linux/amd64", "-f", "{{.Os}}",
                      LAB_IMAGE],
                     ["save", "--platform", "linux/amd64", "-o", "p.tar", LAB_IMAGE],
                     ["load", "--platform", "linux/amd64", "-q", "-i", "p.tar"],
                     ["rmi", "--platform", "linux/s390x", "local/dks-plat-%s:docker" % tag],
                     ["network", "create", "--ingress", "--internal", "dks-x"],
                     ["network", "create", "--scope", "swarm", "--internal", "dks-x"],
                     ["network", "create", "--config-from", "dks-nosuchnet", "dks-x"],
                     ["network", "create", "--config-only", "--internal", "dks-x"],
                     ["build", "-q", "--isolation", "hyperv", str(ctx)],
                     ["build", "-q", "--network", "none", "--isolation", "default", "--iidfile",
                      "iid", str(ctx)]):
            if argv[:2] == ["network", "create"]:
                # each from no dks-x (Podman makes the networks Docker refuses)
                results = []
                for who in ("docker", "docksock"):
                    rc, out, err = sbs.one(who, argv)
                    results.append((rc, re.sub(r"\b[0-9a-f]{64}\b", "<id>", out), err))
                    try:
                        api.remove_network("dks-x")
                    except docksock.NotFound:
                        pass
                theirs, ours = results
            else:
                theirs, ours = sbs.both(*argv)
            theirs = (theirs[0], neutral(theirs[1]), neutral(theirs[2]))
            ours = (ours[0], neutral(ours[1]), neutral(ours[2]))
            if argv[0] == "build":      # docker's notice about its missing buildx plugin
                theirs = theirs[:2] + (theirs[2].split("environment-variable.\n\n", 1)[-1],)
            assert ours == theirs, argv
        iids = []
        for who in ("docker", "docksock"):
            with open(os.path.join(sbs.cwd[who], "iid")) as f:
                iids.append(f.read())
            argv = ["rmi", "--platform", "linux/amd64", "local/dks-plat-%s:%s" % (tag, who)]
            theirs = sbs.one(who, argv) if who == "docker" else theirs
        assert sbs.one("docksock", argv) == (theirs[0], theirs[1].replace(":docker", ":docksock"),
                                             theirs[2])
        assert iids[0] == iids[1] and re.match(r"(sha256:)?[0-9a-f]{64}\n\Z", iids[0])
        if lab.podman:      # known difference (Podman): no config-only networks
            return
        # a config-only network, one made from it, and a container connected with the flags
        # of an endpoint (never started)
        nets = {}
        for who in ("docker", "docksock"):
            pool = "10.%d" % (os.getpid() % 50 * 2 + 140 + (who == "docksock"))
            conf, net = "dks-conf-%s-%s" % (who, tag), "dks-from-%s-%s" % (who, tag)
            rc, out, err = sbs.one(who, ["network", "create", "--config-only", "--ipam-driver",
                                         "default", "--subnet", pool + ".0.0/16", "--ipv4",
                                         "--ipv6", "--subnet", "fd%02x::/64" % (who == "docker"),
                                         "--label", LAB_LABEL + "=1", conf])
            assert (rc, err) == (0, ""), (who, err)
            made.append(conf)
            rc, out, err = sbs.one(who, ["network", "create", "--internal", "--config-from",
                                         conf, net])
            assert (rc, err) == (0, ""), (who, err)
            made.append(net)
            rc, out, err = sbs.one(who, ["network", "connect", "--gw-priority", "7",
                                         "--link-local-ip", "169.254.10.1", "--ip6",
                                         "fd%02x::9" % (who == "docker"), "--ip", pool + ".0.9",
                                         "--link", o.container + ":lk", "--alias", "al", net,
                                         o.connectable])
            assert (rc, out, err) == (0, "", ""), who
            got = {}
            for name in (conf, net):
                got[name.split("-")[1]] = info = api.inspect_network(name)
                for k in ("Id", "Created", "Name", "Containers"):
                    info.pop(k, None)
            got["from"]["ConfigFrom"]["Network"] = "C"
            ep = api.inspect_container(o.connectable)["NetworkSettings"]["Networks"][net]
            got["endpoint"] = dict((k, ep.get(k)) for k in ("IPAMConfig", "Links", "Aliases",
                                                            "GwPriority"))
            nets[who] = json.loads(json.dumps(got).replace(pool + ".", "P.")
                                   .replace("fd%02x::" % (who == "docker"), "fdXX::"))
            api.disconnect_container_from_network(o.connectable, net)
        assert nets["docksock"] == nets["docker"]
        assert nets["docker"]["conf"]["ConfigOnly"] is True
        assert nets["docker"]["endpoint"]["IPAMConfig"] == {
            "IPv4Address": "P.0.9", "IPv6Address": "fdXX::9", "LinkLocalIPs": ["169.254.10.1"]}
        assert nets["docker"]["endpoint"]["Links"] == ["%s:lk" % o.container]
    finally:
        for name in reversed(made):
            try:
                api.remove_network(name)
            except docksock.NotFound:
                pass
        for img in api.images(filters={"reference": ["local/dks-plat-%s*" % tag]}):
            for name in img.get("RepoTags") or ():
                if "local/dks-plat-%s:" % tag in name:      # not the others of LAB_IMAGE
                    api.remove_image(name)


def test_system_df_verbose_and_search_side_by_side(sbs, lab, lab_objects, registry):
    # known difference (Podman): its /system/df changes from call to call
    df = [] if lab.podman else [
        ["system", "df", "-v"], ["system", "df", "--format", "raw"],
        # (a line each: images made in the same second come in any order)
        ["system", "df", "-v", "--format", "{{range .Images}}{{println .Repository .Tag}}"
         "{{end}}|{{len .Volumes}}|\n{{range .Containers}}{{println .Names}}{{end}}"]]
    for argv in df + [
                 ["system", "df", "-v", "--format", "{{len .Volumes}}"],
                 ["system", "df", "-v", "--format", "{{json .BuildCache}}"],
                 # search: a registry without the v1 search endpoint, and a filter that
                 # answers without asking
                 ["search", "--limit", "3", registry.address + "/x"]] + ([] if lab.podman else [
                 # known difference (Podman): it searches a registry docker never asks
                 ["search", "--filter", "is-automated=true", "x"],
                 ["search", "--filter", "stars", "x"]]):
        theirs, ours = sbs.both(*argv)
        # the daemon's lists may come in another order from one call to the next
        rows = lambda text: [sorted(part.split("\n")) for part in text.split("\n\n")]
        theirs = (theirs[0],) + tuple(rows(_drifting(x)) for x in theirs[1:])
        ours = (ours[0],) + tuple(rows(_drifting(x)) for x in ours[1:])
        assert ours == theirs, argv


def test_search_results_like_docker(fake):
    results = [{"name": "dks/one", "description": "first\nline " + "x" * 60, "star_count": 7,
                "is_official": True}, {"name": "two", "description": "", "star_count": 0,
                                       "is_official": False}]
    seen = []

    def search(req):
        seen.append(req.path)
        return _json(results)
    d = fake(engine_like(routes={
        ("GET", "/v1.41/images/search?term=dks&limit=2&filters=%7B%22stars%22%3A%5B%223%22%5D%7D"):
            search}))
    rc, out, err = run_cli("-H", d.url, "search", "--limit", "2", "-f", "stars=3", "dks")
    assert (rc, err) == (0, "")
    description = "first line " + "x" * 33 + "\u2026"      # cut to 45 columns
    assert out.splitlines() == [
        "NAME      " + "DESCRIPTION".ljust(48) + "STARS     OFFICIAL",
        "dks/one   " + description + "   7         [OK]", "two       " + " " * 48 + "0         "]
    rc, out, err = run_cli("-H", d.url, "search", "--limit", "2", "-f", "stars=3",
                           "--format", "json", "dks")
    assert json.loads(out.splitlines()[0]) == {"Description": description,
                                               "IsOfficial": "true", "Name": "dks/one",
                                               "StarCount": "7"}
    rc, out, err = run_cli("-H", d.url, "search", "--limit", "2", "-f", "stars=3",
                           "--no-trunc", "--format", "{{.Name}}:{{.IsOfficial}}:{{.Description}}",
                           "dks")
    assert out == "dks/one:[OK]:first line %s\ntwo::\n" % ("x" * 60)


def test_login_push_logout_side_by_side(sbs, lab, registry, tmp_path):
    """login (flag checks, stored credentials, the warning), push -a and -q, pull, logout,
    each against docker 28 with a config directory of its own."""
    api = docksock.APIClient(lab.host)
    repo = "%s/dks/sbs-%d" % (registry.address, os.getpid())
    for t in ("a", "b"):
        api.tag(LAB_IMAGE, repo + ":" + t)
    try:
        for argv, stdin in ((["login", "--password-stdin", registry.address], None),
                            (["login", "-p", "x", "--password-stdin", "-u", "u",
                              registry.address], None),
                            (["login", "-u", registry.username, "-p", "wrong",
                              registry.address], None),
                            (["login", "-u", registry.username, registry.address], None),
                            (["push", repo + ":a"], None),
                            (["login", "-u", registry.username, "--password-stdin",
                              registry.address], registry.password.encode() + b"\n"),
                            (["login", registry.address], None),
                            (["login", "-u", registry.username, "--password-stdin",
                              registry.address], registry.password.encode())):
            theirs, ours = sbs.both(*argv, stdin=stdin)
            assert ours == theirs, argv
        trees = sbs.trees()
        assert trees["docksock"] == trees["docker"]
        if lab.podman:
            return
        for argv in (["push", "-q", repo + ":a"], ["push", "-a", repo], ["push", repo],
                     ["pull", "-q", repo + ":b"], ["pull", repo + ":b"],
                     ["push", "--platform", "linux/amd64", repo + ":a"],
                     ["push", repo + "@sha256:" + "0" * 64]):
            theirs, ours = sbs.both(*argv)
            # layer lines of one push come in the daemon's order: the same lines
            assert (ours[0], sorted(ours[1].splitlines()), ours[2]) == \
                (theirs[0], sorted(theirs[1].splitlines()), theirs[2]), argv
            assert not ours[1].endswith("\n\n"), argv
        theirs, ours = sbs.both("logout", "http://%s/" % registry.address)
        assert ours == theirs == (0, "Removing login credentials for %s\n" % registry.address, "")
        trees = sbs.trees()
        assert trees["docksock"] == trees["docker"]
    finally:
        for t in ("a", "b", "latest"):
            try:
                api.remove_image(repo + ":" + t)
            except docksock.APIError:
                pass


def test_build_side_by_side(sbs, lab, tmp_path):
    """The classic builder's output ("Sending build context"), every resource and host flag
    a build takes, --iidfile, -q, and the errors before a build."""
    ctx = tmp_path / "ctx"
    _write(str(ctx / "Dockerfile"), b"FROM %s\nRUN cat /etc/hosts > /hosts && echo built\n"
           % LAB_IMAGE.encode())
    _write(str(ctx / "blob"), os.urandom(3000))
    _write(str(tmp_path / "bad" / "Dockerfile"), b"FROM %s\nRUN false\n" % LAB_IMAGE.encode())
    strip = lambda t: re.sub(r"(Running in|-->|--->|intermediate container|built) [0-9a-f]{11,12}",
                             r"\1 X", re.sub(r"(?m)^[0-9a-f]{64}$", "X",     # Podman's ids
                                              re.sub(r"sha256:[0-9a-f]{64}", "sha256:X", t)))
    notice = lambda t: t.split("environment-variable.\n\n", 1)[-1]  # docker's buildx notice
    sbs.env["DOCKER_BUILDKIT"] = "0"
    tags = []
    for argv in (["build", "--no-cache", "--network", "none", str(ctx)],
                 ["build", "-q", "--network", "none", "--iidfile", "iid", str(ctx)],
                 ["build", "--network", "none", "--add-host", "dkshost:10.1.2.3",
                  "--add-host", "v6=[::1]", "--ulimit", "nofile=100:200", "-m", "256m",
                  "--memory-swap", "-1", "--shm-size", "8m", "--cpu-shares", "512",
                  "--cpu-period", "100000", "--cpu-quota", "50000", "--cpuset-cpus", "0",
                  "--cpuset-mems", "0", "--cache-from", LAB_IMAGE, "--label", "dks=1",
                  "--no-cache", "--force-rm", "--rm=true", "--compress",
                  "-t", "dks/sbs-build:1", str(ctx)],
                 ["build", "--security-opt", "seccomp=unconfined", str(ctx)],
                 ["build", "--ulimit", "bad=1", str(ctx)], ["build", "--add-host", "nope", str(ctx)],
                 ["build", "/nonexistent"], ["build", "-f", "nope", str(ctx)],
                 ["build", str(tmp_path / "empty-dir-missing")], ["build", "--squash", str(ctx)],
                 ["build", "-f", "-", "-"], ["build", "-q", "--network", "none",
                                             str(tmp_path / "bad")]):
        if argv[-2:] == ["-t", "dks/sbs-build:1"]:
            tags.append("dks/sbs-build:1")
        theirs, ours = sbs.both(*argv)
        theirs = (theirs[0], strip(theirs[1]), notice(strip(theirs[2])))
        ours = (ours[0], strip(ours[1]), strip(ours[2]))
        if "--compress" in argv:    # Go's gzip and zlib's differ by a few bytes
            size = re.compile(r"(?<=Docker daemon )\s*[0-9.]+kB")
            theirs, ours = ((x[0], size.sub("N", x[1]), x[2]) for x in (theirs, ours))
        if lab.podman and "request returned 400" in theirs[2]:
            # known difference (Podman): a bare 400, which docker words with its own query
            theirs, ours = theirs[:2], ours[:2]
        assert ours == theirs, argv
    iids = []
    for who in ("docker", "docksock"):
        with open(os.path.join(sbs.cwd[who], "iid")) as f:
            iids.append(f.read())
    # with -q docker writes what it printed, newline and all
    assert iids[0] == iids[1] and re.match(r"(sha256:)?[0-9a-f]{64}\n\Z", iids[0])  # Podman: hex
    api = docksock.APIClient(lab.host)
    if not lab.podman:      # (Podman names it localhost/dks/sbs-build:1)
        built = api.inspect_image("dks/sbs-build:1")
        assert built["Config"]["Labels"] == {"dks": "1"}
    # the Dockerfile alone on stdin, and a tar on stdin
    for stdin in (b"FROM %s\nRUN echo piped\n" % LAB_IMAGE.encode(), None):
        if stdin is None:
            buf = io.BytesIO()
            with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
                tf.add(str(ctx / "Dockerfile"), "Dockerfile")
            stdin = buf.getvalue()
        theirs, ours = sbs.both("build", "--no-cache", "--network", "none", "-", stdin=stdin)
        assert (ours[0], strip(ours[1])) == (theirs[0], strip(theirs[1])) == \
            (0, strip(ours[1])) and "Sending build context to Docker daemon" in ours[1]
    for ref in tags:
        for img in api.images(filters={"reference": ["*" + ref]}):
            api.remove_image(img["Id"], force=True)


def test_plugin_commands_side_by_side(sbs, lab, tmp_path):
    """What the lab can show of plugins: listing, errors, a plugin made from a directory
    (never enabled), its settings and removal; install, push and upgrade need a plugin in a
    registry (test_plugin_install_push_upgrade)."""
    if lab.podman:
        pytest.skip("known difference (Podman): no plugin API")
    pdir = tmp_path / "plugin"
    busybox, why = _busybox_binary()
    if busybox is None:
        pytest.skip(why)
    rootfs = pdir / "rootfs" / "bin"
    rootfs.mkdir(parents=True)
    shutil.copy(busybox, str(rootfs / "busybox"))
    _write(str(pdir / "config.json"), json.dumps({
        "description": "dks test plugin, never enabled", "documentation": "https://x.invalid/",
        "entrypoint": ["/bin/busybox", "sleep", "1000"], "network": {"type": "none"},
        "interface": {"types": ["docker.volumedriver/1.0"], "socket": "dks.sock"},
        "env": [{"name": "DEBUG", "settable": ["value"], "value": "0"}]}).encode())
    name = "dks/sbs-plugin-%d:1" % os.getpid()
    for argv in (["plugin", "ls"], ["plugin", "inspect", "dks-nosuch"],
                 ["plugin", "create", "UPPER", str(pdir)],
                 ["plugin", "create", "x", "/nonexistent"],
                 ["plugin", "create", "x", str(pdir / "config.json")],
                 ["plugin", "create", "x", str(tmp_path)],
                 ["plugin", "rm", "dks-nosuch", "dks-nosuch2"],
                 ["plugin", "enable", "--timeout", "-1", "x"],
                 ["plugin", "set", "dks-nosuch", "A=1"], ["plugin", "upgrade", "dks-nosuch"],
                 ["plugin", "disable", "dks-nosuch"], ["plugin", "push", "dks-nosuch"]):
        theirs, ours = sbs.both(*argv)
        assert ours == theirs, argv
    for who in ("docker", "docksock"):
        assert sbs.one(who, ["plugin", "create", name, str(pdir)]) == (0, name + "\n", "")
        for argv in (["plugin", "ls", "--no-trunc", "--format", "json"],
                     ["plugin", "ls", "-f", "enabled=false", "--format", "raw"],
                     ["plugin", "inspect", "-f", "{{.Name}} {{.Config.Description}} "
                      "{{.Enabled}}", name], ["plugin", "set", name, "DEBUG=1"],
                     ["plugin", "set", name, "NOPE=1"],
                     ["plugin", "inspect", "-f", "{{json .Settings.Env}}", name]):
            theirs = sbs.one("docker", argv)
            assert sbs.one("docksock", argv) == theirs, argv
        assert sbs.one(who, ["plugin", "rm", name]) == (0, name + "\n", "")


def test_checkpoint_commands_like_docker(fake, tmp_path):
    """Checkpoints need an experimental daemon with CRIU: docker 28 and docksock against a
    fake one, and the refusal of a daemon that is not experimental."""
    docker = _docker28_or_skip()
    calls = []

    def daemon(experimental):
        def handler(req):
            if req.path == "/_ping":
                return 200, {"Api-Version": "1.41", "Docker-Experimental": str(experimental)
                             .lower(), "Content-Type": "text/plain"}, b"OK"
            calls.append((req.method, req.path, req.body))
            if req.path.startswith("/v1.41/info"):
                return _json({"ExperimentalBuild": experimental, "OSType": "linux"})
            if req.method == "GET" and "/checkpoints" in req.path:
                return _json([{"Name": "c1"}, {"Name": "c2"}])
            if "/checkpoints" in req.path:
                return 201 if req.method == "POST" else 204, {}, b""
            return 404, {"Content-Type": "application/json"}, b'{"message":"page not found"}'
        return fake(handler)
    on, off = daemon(True), daemon(False)
    s = _SideBySide(docker, tmp_path)
    for d, argv in ((on, ["checkpoint", "ls", "ctr"]),
                    (on, ["checkpoint", "ls", "--checkpoint-dir", "/cp", "ctr"]),
                    (on, ["checkpoint", "create", "--leave-running", "--checkpoint-dir", "/cp",
                          "ctr", "c3"]),
                    (on, ["checkpoint", "rm", "--checkpoint-dir", "/cp", "ctr", "c3"]),
                    (off, ["checkpoint", "ls", "ctr"])):
        s.host = d.url
        del calls[:]
        theirs = s.one("docker", argv)
        sent_by_docker = [c for c in calls if "checkpoint" in c[1]]
        del calls[:]
        ours = s.one("docksock", argv)
        assert ours == theirs, argv
        sent = [c for c in calls if "checkpoint" in c[1]]
        assert [(m, p) for m, p, _ in sent] == [(m, p) for m, p, _ in sent_by_docker]
        if sent and sent[0][2]:
            assert json.loads(sent[0][2]) == json.loads(sent_by_docker[0][2])
    assert theirs == (1, "", "docker checkpoint ls is only supported on a Docker daemon with "
                             "experimental features enabled\n")


def _on_a_terminal(argv, env, columns=120):
    """What a program writes to a terminal (stdout and stderr on one pty of that width)."""
    import fcntl
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    p = subprocess.Popen(argv, stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    os.close(master)
    return p.wait(), out


def test_load_draws_progress_bars_on_a_terminal_like_docker(sbs, lab, tmp_path):
    """docker load on a terminal asks for progress and redraws a bar per layer."""
    api = docksock.APIClient(lab.host)
    name = "local/dks-load-%d:1" % os.getpid()
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        info = tarfile.TarInfo("blob")
        data = os.urandom(2000000)      # a layer the daemon has nowhere else
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    repo, tag = name.rsplit(":", 1)
    api.import_image(layer.getvalue(), repository=repo, tag=tag)
    saved = tmp_path / "saved.tar"
    with open(str(saved), "wb") as f:
        for chunk in api.get_image(name):
            f.write(chunk)
    shown = []
    try:
        for who in ("docker", "docksock"):
            api.remove_image(name, force=True)
            argv = [sbs.docker] if who == "docker" else [sys.executable,
                                                         os.path.join(HERE, "docksock.py")]
            shown.append(_on_a_terminal(argv + ["load", "-i", str(saved)], sbs.environ(who)))
        # how many redraws come depends on the daemon's pace: compare the last of each run
        redraws = re.compile(rb"(?:\x1b\[1A\x1b\[2K\r[^\r]*\r\x1b\[1B)+")
        last = lambda out: redraws.sub(lambda m: m.group(0)[m.group(0).rfind(b"\x1b[1A"):], out)
        assert last(shown[1][1]) == last(shown[0][1]) and shown[1][0] == shown[0][0] == 0
        if not lab.podman:      # known difference (Podman): it loads without progress
            assert b": Loading layer [=====" in shown[0][1] and b"\x1b[1A\x1b[2K\r" in shown[1][1]
    finally:
        try:
            api.remove_image(name, force=True)
        except docksock.NotFound:
            pass


def test_context_store_for_python(tmp_path):
    """The store docksock's CLI uses is the library's: contexts made in Python are docker's."""
    store = docksock.ContextStore(str(tmp_path), environ={})
    assert store.list() == [] and store.current() == "default"
    with pytest.raises(docksock.ContextNotFound, match='context "x1": context not found: open '):
        store.get("x1")
    # a name JSON gave with a lone surrogate (the fuzzer's) is Go's U+FFFD, not a traceback
    assert store.storage("\ud800") == store.storage("\ufffd")
    with pytest.raises(docksock.ContextNotFound):
        store.get("\ud800")
    endpoint, tls = store.docker_endpoint("unix:///run/x.sock", ca=__file__)  # unchecked: a socket
    meta = store.create("x1", endpoint, tls, description="py")
    assert meta == store.get("x1") == {"Name": "x1", "Metadata": {"Description": "py"},
                                       "Endpoints": {"docker": {"Host": "unix:///run/x.sock",
                                                                "SkipTLSVerify": False}}}
    assert store.tls_files("x1") == {"docker": ["ca.pem"]}
    store.use("x1")
    assert store.current() == "x1" and docksock.load_config(str(tmp_path))["currentContext"] == "x1"
    assert store.current(host="unix:///x") == "default"
    assert docksock.ContextStore(str(tmp_path), {"DOCKER_HOST": "unix:///x"}).current() == \
        "default"
    host, tls_config = docksock.load_context("x1", str(tmp_path))
    assert host == "unix:///run/x.sock" and tls_config.ca_cert.endswith("/docker/ca.pem")
    store.import_archive("x2", store.export("x1", description="copy"))
    assert [m["Name"] for m in store.list()] == ["x1", "x2"]
    for bad in ("default", "x", "-x", ""):
        with pytest.raises(docksock.InvalidArgument):
            store.create(bad)
    store.remove("x2")
    assert not store.exists("x2") and store.tls_files("x2") == {}


# ==== docker-py users: a script that only changed its import ====================

def test_a_docker_py_script_runs_unchanged(lab, registry, tmp_path):
    """Written as a docker-py user writes it; the one change is `import docksock as docker`
    (plus network_mode="none" on running containers, this lab's network rule)."""
    import docksock as docker

    client = docker.DockerClient(base_url=lab.host)
    # the canonical example
    container = client.containers.run("local/busybox", ["echo", "hi"], detach=True,
                                      network_mode="none", labels={LAB_LABEL: "dockerpy"})
    try:
        assert container.wait()["StatusCode"] == 0
        assert container.logs() == b"hi\n"
        assert container.short_id == container.id[:12] and container.status in ("exited", "created", "running")
        # run without detach returns the output; a failure raises ContainerError
        assert client.containers.run("local/busybox", "echo plain", network_mode="none",
                                     remove=True) == b"plain\n"
        with pytest.raises(docker.errors.ContainerError) as e:
            client.containers.run("local/busybox", ["sh", "-c", "echo o; echo e >&2; exit 2"],
                                  network_mode="none", remove=True)
        assert (e.value.exit_status, e.value.stdout, e.value.stderr) == (2, b"o\n", b"e\n")
        # exec_run with demux on a running container
        worker = client.containers.run("local/busybox", "sleep 30", detach=True,
                                       network_mode="none", labels={LAB_LABEL: "dockerpy"})
        try:
            code, (out, err) = worker.exec_run(["sh", "-c", "echo out; echo err >&2"], demux=True)
            assert (code, out, err) == (0, b"out\n", b"err\n")
            result = worker.exec_run("sh -c 'exit 3'")
            assert result.exit_code == 3 and result.output == b""
            worker.reload()
            assert worker.status == "running"
        finally:
            worker.remove(force=True)
        # networks and volumes
        net = client.networks.create("dks-dockerpy-%d" % os.getpid(), driver="bridge",
                                     internal=True, labels={LAB_LABEL: "dockerpy"})
        try:
            assert net in client.networks.list(names=[net.name])
            idle = client.containers.create("local/busybox", "true",
                                            labels={LAB_LABEL: "dockerpy"})
            try:
                net.connect(idle)
                idle.reload()
                assert net.name in idle.attrs["NetworkSettings"]["Networks"]
                net.disconnect(idle)
            finally:
                idle.remove(force=True)
        finally:
            net.remove()
        vol = client.volumes.create("dks-dockerpy-%d" % os.getpid(), labels={LAB_LABEL: "x"})
        try:
            out = client.containers.run("local/busybox", ["sh", "-c", "echo kept > /v/f; cat /v/f"],
                                        volumes={vol.name: {"bind": "/v", "mode": "rw"}},
                                        network_mode="none", remove=True)
            assert out == b"kept\n" and vol in client.volumes.list()
        finally:
            vol.remove(force=True)
        # images: build, then pull from the local registry after a push
        (tmp_path / "Dockerfile").write_text("FROM local/busybox\nRUN echo built > /b\n")
        image, logs = client.images.build(path=str(tmp_path), tag="local/dockerpy:1",
                                          network_mode="none", rm=True)
        repo = "%s/dks/dockerpy-%d" % (registry.address, os.getpid())
        try:
            # known difference (Podman): tags come back under their full name
            tag = "docker.io/local/dockerpy:1" if lab.podman else "local/dockerpy:1"
            assert tag in image.tags


            client.login(registry.username, registry.password, registry=registry.address)
            image.tag(repo, "1")
            client.images.push(repo, "1")
            client.images.remove(repo + ":1")
            pulled = client.images.pull(repo, tag="1")
            assert pulled.id == image.id
            with pytest.raises(docker.errors.ImageNotFound):
                client.images.get("local/never-built:1")
        finally:
            for ref in (repo + ":1", "local/dockerpy:1"):
                try:
                    client.images.remove(ref, force=True)
                except docker.errors.NotFound:
                    pass
    finally:
        container.remove(force=True)
        client.close()



# A docker-py script of the low-level kind, as users write it.  It runs under docker-py
# 7.2 (the oracle) and under docksock with the one line `import docker` changed; the two
# outputs must be the same.  The environment gives DOCKER_HOST, a DOCKER_CONFIG of its own
# and a credential helper, docker-credential-fake.
_DOCKER_PY_SCRIPT = r'''
import json
import os
import sys

import docker

IMAGE, LABEL = sys.argv[1], {sys.argv[2]: "script"}
out = []

client = docker.APIClient(**docker.utils.kwargs_from_env())
out.append(["ping", client.ping(), client.version()["ApiVersion"] == client.api_version])
hc = client.create_host_config(
    network_mode="none", mem_limit="64m", tmpfs=["/run:size=1m"],
    log_config=docker.types.LogConfig(type=docker.types.LogConfig.types.JSON,
                                      config={"max-size": "1m"}),
    restart_policy={"Name": "no"}, group_add=[1000])
c = client.create_container(IMAGE, "sh -c 'echo out $A; echo err >&2; id -G'",
                            host_config=hc, labels=LABEL, environment={"A": "1"},
                            healthcheck=docker.types.Healthcheck(test="true", interval=10 ** 9),
                            user=0, use_config_proxy=False)
client.start(c)
out.append(["wait", client.wait(c)["StatusCode"]])
out.append(["logs", client.logs(c, stdout=True, stderr=False).decode(),
            client.logs(c, stdout=False, stderr=True).decode()])
info = client.inspect_container(c)
out.append(["hostconfig", info["HostConfig"]["Memory"],
            info["HostConfig"]["LogConfig"], info["HostConfig"]["GroupAdd"],
            info["HostConfig"]["Tmpfs"], info["Config"]["Healthcheck"]["Test"],
            info["Config"]["User"]])
client.remove_container(c)

c = client.create_container(IMAGE, "sleep 30", labels=LABEL,
                            host_config=client.create_host_config(network_mode="none"))
client.start(c)
e = client.exec_create(c, ["sh", "-c", "echo hi; echo ho"])
out.append(["exec", client.exec_start(e).decode()])
e = client.exec_create(c, ["sh", "-c", "echo hi; echo ho >&2"])
sock = client.exec_start(e, socket=True)
frames = docker.utils.socket.frames_iter(sock, tty=False)
stdout, stderr = docker.utils.socket.consume_socket_output(
    (docker.utils.socket.demux_adaptor(*f) for f in frames), demux=True)
out.append(["exec socket", stdout.decode(), stderr.decode()])
sock.close()
out.append(["exec_inspect", client.exec_inspect(e)["ExitCode"]])
client.remove_container(c, force=True)

out.append(["images", len(client.images(name=IMAGE)), len(client.images(
    filters={"reference": IMAGE, "dangling": False}))])
out.append(["utils", docker.utils.parse_repository_tag("localhost:5000/img:tag"),
            docker.utils.convert_filters({"dangling": True}), docker.utils.parse_bytes("1.5m"),
            docker.utils.version_gte(client.api_version, "1.24"),
            docker.utils.format_environment({"A": "1"}),
            docker.utils.split_command("sh -c 'a b'"),
            docker.utils.build.match_tag("localhost:5000/a/b:tag")])
out.append(["types", docker.types.Mount("/data", "vol", read_only=True),
            docker.types.Ulimit(name="nofile", soft=1024, hard=2048),
            docker.types.ServiceMode("replicated", replicas=2),
            docker.types.EndpointSpec(ports={8080: 80}),
            docker.types.ContainerSpec(IMAGE, command="sleep 1", env={"A": "1"},
                                       mounts=["vol:/data:ro"])])

ctx = docker.ContextAPI.create_context("dpscript", host=os.environ["DOCKER_HOST"])
out.append(["context", ctx.Name, [x.Name for x in docker.ContextAPI.contexts()],
            docker.ContextAPI.get_current_context().Name])
out.append(["context client", docker.APIClient(
    **docker.ContextAPI.kwargs_from_context("dpscript")).ping()])
docker.ContextAPI.remove_context("dpscript")
out.append(["contexts", [x.Name for x in docker.ContextAPI.contexts()]])

store = docker.credentials.Store("fake")
out.append(["store", store.get("https://index.docker.io/v1/"), sorted(store.list())])
try:
    store.get("nope.example")
except docker.credentials.CredentialsNotFound as e:
    out.append(["not found", str(e)])
out.append(["auth", docker.auth.resolve_repository_name("localhost:5000/x"),
            docker.auth.load_config().resolve_authconfig()])

high = docker.from_env()
out.append(["run", high.containers.run(IMAGE, "echo high", network_mode="none", remove=True,
                                       labels=LABEL).decode()])
try:
    high.containers.run(IMAGE, ["sh", "-c", "exit 5"], network_mode="none", remove=True,
                        labels=LABEL)
except docker.errors.ContainerError as e:
    out.append(["failed", e.exit_status])
try:
    client.inspect_container("dks-no-such-container")
except docker.errors.NotFound as e:
    out.append(["api not found", e.status_code])
print(json.dumps(out, default=repr))
'''


def _script_both_ways(lab, tmp_path, script, args, config=None):
    """script (a docker-py user's, which does `import docker`) run by docksock, with that
    one line made `import docksock as docker`, and by docker-py 7.2, in one world
    (_docker_py_world, DOCKER_HOST the lab's, config.json config if given): each must
    exit 0 and print JSON rows [name, values...].  ({name: values} of docksock's run,
    docker-py's or None when its environment is missing: then assert docksock's, and
    call _docker_py("") to say why, which skips, or fails under CI=true).  Containers
    labelled LAB_LABEL=script that a failed run left are removed."""
    world = _docker_py_world(tmp_path / "world")
    if config is not None:
        (tmp_path / "world" / "home" / ".docker" / "config.json").write_text(
            json.dumps(config))
    env = dict(world, DOCKER_HOST=lab.host)
    theirs_script = tmp_path / "theirs.py"
    theirs_script.write_text(script)
    ours_script = tmp_path / "ours.py"
    assert "\nimport docker\n" in script
    ours_script.write_text(script.replace("\nimport docker\n", "\nimport docksock as docker\n",
                                          1))

    def run(python, path):
        p = subprocess.run([python, str(path)] + list(args), env=env, cwd=str(tmp_path),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=300)
        assert p.returncode == 0, p.stderr
        return dict((row[0], row[1:]) for row in json.loads(p.stdout))

    def cleanup():   # what a failed run left
        api = docksock.APIClient(lab.host)
        for c in api.containers(all=True, filters={"label": LAB_LABEL + "=script"}):
            api.remove_container(c["Id"], force=True)
    try:
        ours = run(sys.executable, ours_script)
    finally:
        cleanup()
    theirs = None
    if os.path.isfile(DOCKER_PY_PYTHON):
        for attempt in (1, 2):
            try:
                theirs = run(DOCKER_PY_PYTHON, theirs_script)
                break
            except AssertionError as e:
                # Podman sometimes leaves a request unanswered: docker-py (the oracle, not
                # docksock) then times out after 60 s (seen once in a local .ci/run);
                # its run is tried once more
                if not (lab.podman and attempt == 1 and "Read timed out" in str(e)):
                    raise
            finally:
                cleanup()
    return ours, theirs


def test_a_docker_py_low_level_script_runs_unchanged(lab, tmp_path):
    """The script above, by docker-py 7.2 and by docksock (`import docksock as docker`,
    nothing else changed): the same output, which also says what it should."""
    ours, theirs = _script_both_ways(lab, tmp_path, _DOCKER_PY_SCRIPT, [LAB_IMAGE, LAB_LABEL],
                                     config={"credsStore": "fake"})
    assert ours["ping"] == [True, True] and ours["wait"] == [0]
    assert ours["logs"] == ["out 1\n0 1000\n", "err\n"]
    assert ours["exec"] == ["hi\nho\n"] and ours["exec socket"] == ["hi\n", "ho\n"]
    assert ours["store"][0]["Username"] == "hubuser" and ours["run"] == ["high\n"]
    assert ours["failed"] == [5] and ours["contexts"] == [["default"]]
    if theirs is None:
        _docker_py("")   # says why docker-py's run is missing (fails under CI=true)
    assert ours == theirs


# Written as docker-py's documentation shows its calls, printing what a user would look
# at: the types that come back, attrs, exception classes and messages.  Each row was a
# difference between docker-py 7.2 and docksock, found by running such scripts both ways.
_DOCKER_PY_USER_SCRIPT = r'''
import io
import json
import sys
import tempfile

import docker

IMAGE, LABEL = sys.argv[1], {sys.argv[2]: "script"}
out = []
client = docker.from_env()

# images.list() inspects each image: attrs are the whole image's, tags all its names
client.images.get(IMAGE).tag("dks-review/listed", "1")
try:
    listed = client.images.list(name="dks-review/listed")
    out.append(["images.list", [sorted(i.tags) for i in listed],
                ["Config" in i.attrs for i in listed],
                [sorted(i.tags) for i in client.images.list(
                    filters={"reference": "dks-review/listed:1"})]])
finally:
    client.images.remove("dks-review/listed:1")

# run(stream=True) gives a CancellableStream, as docker-py's
logs = client.containers.run(IMAGE, ["sh", "-c", "echo a; echo b"], network_mode="none",
                             remove=True, stream=True, labels=LABEL)
out.append(["run stream", type(logs).__name__, b"".join(logs).decode()])

# a build without a context is the TypeError docker-py raises; a failed build's log is
# an iterator
for kwargs in ({}, {"path": tempfile.mkdtemp() + "/missing"}):
    try:
        client.images.build(**kwargs)
    except TypeError:
        out.append(["build TypeError " + " ".join(kwargs), True])
try:
    client.images.build(fileobj=io.BytesIO(b"FROM %s\nRUN echo before; exit 3\n" % IMAGE.encode()),
                        network_mode="none", rm=True)
except docker.errors.BuildError as e:
    log = list(e.build_log)
    out.append(["BuildError", e.msg, hasattr(e.build_log, "__next__"),
                any("before" in m.get("stream", "") for m in log), log[-1].get("error")])

# stats(decode=True) without a stream is refused, as docker-py refuses it
c = client.containers.create(IMAGE, "true", labels=LABEL, network_mode="none")
try:
    c.stats(decode=True, stream=False)
except docker.errors.InvalidArgument as e:
    out.append(["stats decode", str(e)])
c.remove()

# ContainerConfig has docker-py's keys, None where unset
out.append(["ContainerConfig", list(docker.types.ContainerConfig("1.41", IMAGE, "echo hi").items())])

# str(APIError): the explanation in double quotes
try:
    client.containers.get("dks-review-missing")
except docker.errors.NotFound as e:
    out.append(["APIError str", str(e).startswith("404 Client Error for "),
                str(e).split("/json: ", 1)[1]])

# The README's documented differences: rows named "doc ..." (the test knows both sides)
out.append(["doc base_url", client.api.base_url.split(":")[0]])
c = client.containers.create(IMAGE, "true", labels=LABEL, network_mode="none")
out.append(["doc stream type", type(c.get_archive("/etc")[0]).__name__])
out.append(["doc diff", c.diff()])
out.append(["doc sparse name", [x.name == c.name for x in client.containers.list(
    all=True, sparse=True, filters={"id": c.id})]])
c.remove()
out.append(["doc load_image", type(client.api.load_image(b"".join(
    client.images.get(IMAGE).save()))).__name__])
try:
    client.containers.run(IMAGE, ["sh", "-c", "echo oops >&2; exit 2"], network_mode="none",
                          remove=True, labels=LABEL)
except docker.errors.ContainerError as e:
    out.append(["doc ContainerError", str(e).replace(IMAGE, "IMAGE")])
try:
    client.containers.create(IMAGE, bogus=1)
except TypeError as e:
    out.append(["doc create kwargs", str(e)])
try:
    client.containers.get("dks-review-missing")
except docker.errors.NotFound as e:
    out.append(["doc APIError", type(e.args[0]).__name__, isinstance(e, OSError)])
try:
    docker.utils.parse_bytes("huge")
except docker.errors.DockerException as e:
    out.append(["doc message", type(e).__name__, str(e)])
print(json.dumps(out))
'''

# The rows of _DOCKER_PY_USER_SCRIPT that differ as the README documents: (docker-py's,
# docksock's).
_DOCKER_PY_USER_SCRIPT_DIFFERENCES = {
    "doc base_url": (["http+docker"], ["unix"]),
    "doc stream type": (["generator"], ["CancellableStream"]),
    "doc diff": ([None], [[]]),
    "doc sparse name": ([[False]], [[True]]),
    "doc load_image": (["generator"], ["list"]),
    "doc ContainerError": (["Command '['sh', '-c', 'echo oops >&2; exit 2']' in image 'IMAGE' "
                            "returned non-zero exit status 2: b'oops\\n'"],
                           ["Command ['sh', '-c', 'echo oops >&2; exit 2'] in image 'IMAGE' "
                            "returned non-zero exit status 2: oops"]),
    "doc create kwargs": (["run() got an unexpected keyword argument 'bogus'"],
                          ["create() got an unexpected keyword argument 'bogus'"]),
    "doc APIError": (["HTTPError", True], ["str", False]),
    "doc message": (["DockerException", "The specified value for memory (huge) should "
                     "specify the units. The postfix should be one of the `b` `k` `m` `g` "
                     "characters"],
                    ["InvalidArgument", "invalid memory 'huge': expected a number with an "
                     "optional unit (b, k, m, g)"]),
}


def test_a_docker_py_users_script_runs_unchanged(lab, tmp_path):
    """_DOCKER_PY_USER_SCRIPT, by docker-py 7.2 and by docksock: the same output."""
    ours, theirs = _script_both_ways(lab, tmp_path, _DOCKER_PY_USER_SCRIPT,
                                     [LAB_IMAGE, LAB_LABEL])
    names, inspected, narrowed = ours["images.list"]
    assert len(names) == 1 and len(names[0]) == 2 and inspected == [True] and narrowed == names
    assert ours["run stream"] == ["CancellableStream", "a\nb\n"]
    assert ours["build TypeError "] == ours["build TypeError path"] == [True]
    assert ours["stats decode"] == ["decode is only available in conjunction with stream=True"]
    assert ours["APIError str"] == [True, 'Not Found ("%s")' % (
        'no container with name or ID "dks-review-missing" found: no such container'
        if lab.podman else "No such container: dks-review-missing")]   # Podman's own words
    documented = _DOCKER_PY_USER_SCRIPT_DIFFERENCES
    assert dict((k, ours.pop(k)) for k in documented) == dict(
        (k, v[1]) for k, v in documented.items())
    if theirs is None:
        _docker_py("")
    assert dict((k, theirs.pop(k)) for k in documented) == dict(
        (k, v[0]) for k, v in documented.items())
    assert ours == theirs


# ---- docker-py's behaviours, against the real Engine (issue 14) -------------------------

def _dp_client(lab, tmp_path=None, config=None, **kwargs):
    """A DockerClient on the lab daemon whose config.json (in tmp_path) is config."""
    environ = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path or HERE)}
    if config is not None:
        (tmp_path / "cfg").mkdir(exist_ok=True)
        (tmp_path / "cfg" / "config.json").write_text(json.dumps(config))
        environ["DOCKER_CONFIG"] = str(tmp_path / "cfg")
    return docksock.DockerClient(base_url=lab.host, environment=environ, **kwargs)


def _in_thread(fn, limit=60):
    """fn() in a thread, its result; a call that would hang fails the test after limit
    seconds instead (a deadlock guard, not a timing assertion)."""
    out = []

    def call():
        try:
            out.append((fn(), None))
        except BaseException as e:
            out.append((None, e))
    t = threading.Thread(target=call, daemon=True)
    t.start()
    t.join(limit)
    assert out, "the call did not return within %d s" % limit
    if out[0][1] is not None:
        raise out[0][1]
    return out[0][0]


def test_dockerpy_attach_without_stream_returns_the_logs(lab):
    """attach(stream=False, logs=True) sends stream=0, so the Engine answers with the logs
    and closes, as docker-py does: it used to attach to the live stream and hang while the
    container ran."""
    if lab.podman:
        pytest.skip("known difference (Podman): its attach replays logs with broken frames "
                    "(docksock raises StreamParseError, docker-py drops bytes)")
    client = _dp_client(lab)
    c = client.containers.run(LAB_IMAGE, ["sh", "-c", "echo hello; echo oops >&2; sleep 60"],
                              detach=True, network_mode="none", labels={LAB_LABEL: "attach"})
    try:
        _wait_for(lambda: c.logs(demux=True) == (b"hello\n", b"oops\n"), 30)
        assert _in_thread(lambda: c.attach(stream=False, logs=True, demux=True)) == \
            (b"hello\n", b"oops\n")
        assert sorted(_in_thread(lambda: c.attach(logs=True)).splitlines()) == \
            [b"hello", b"oops"]
        assert _in_thread(lambda: client.api.attach(c.id, stdout=True, stderr=False,
                                                    logs=True, demux=True)) == (b"hello\n", b"")
        assert _in_thread(lambda: c.attach()) == b""   # neither logs nor stream: nothing
        c.reload()
        assert c.status == "running"
    finally:
        c.remove(force=True)


def test_dockerpy_wait_removed_and_auto_remove(lab):
    """wait(condition="removed") on an auto-removed container returns its status once it
    is gone, and one already gone is NotFound at once, as with docker-py; run() of an
    auto-removed container gets its output and status from a wait registered before the
    start."""
    client = _dp_client(lab)
    c = client.containers.run(LAB_IMAGE, "sleep 1", detach=True, remove=True,
                              network_mode="none", labels={LAB_LABEL: "wait"})
    assert c.attrs["HostConfig"]["AutoRemove"] is True
    assert _in_thread(lambda: c.wait(condition="removed"))["StatusCode"] == 0
    with pytest.raises(docksock.errors.NotFound):
        client.api.wait(c.id, condition="removed")
    for stdout, stderr, want in ((True, False, b"out\n"), (False, True, b"err\n")):
        assert client.containers.run(LAB_IMAGE, ["sh", "-c", "echo out; echo err >&2"],
                                     auto_remove=True, stdout=stdout, stderr=stderr,
                                     network_mode="none", labels={LAB_LABEL: "wait"}) == want
    with pytest.raises(docksock.errors.ContainerError) as e:
        client.containers.run(LAB_IMAGE, ["sh", "-c", "echo out; echo err >&2; exit 4"],
                              auto_remove=True, network_mode="none", labels={LAB_LABEL: "wait"})
    assert (e.value.exit_status, e.value.stdout, e.value.stderr) == (4, b"out\n", b"err\n")


def test_dockerpy_run_with_log_driver_none(lab):
    """With the none log driver there are no logs to return: run() gives None (docker-py
    does the same) instead of failing on the logs call (501); a failure still raises
    ContainerError, with stderr None."""
    client = _dp_client(lab)
    kwargs = dict(network_mode="none", remove=True, labels={LAB_LABEL: "logdriver"},
                  log_config=docksock.types.LogConfig(type=docksock.types.LogConfig.types.NONE))
    assert client.containers.run(LAB_IMAGE, "echo hi", **kwargs) is None
    with pytest.raises(docksock.errors.ContainerError) as e:
        client.containers.run(LAB_IMAGE, ["sh", "-c", "echo no >&2; exit 3"], **kwargs)
    assert (e.value.exit_status, e.value.stderr) == (3, None)
    assert client.containers.run(LAB_IMAGE, "echo hi", network_mode="none", remove=True,
                                 log_config={"type": "json-file"}) == b"hi\n"


def test_dockerpy_build_extra_hosts_and_cache_from(lab):
    """extra_hosts goes as one extrahosts parameter per host (the Engine reads them so; a
    JSON list was "invalid IP address in add-host") and cache_from as a JSON list: the
    build's RUN container gets the hosts (kept with rm=False to be inspected)."""
    if lab.podman:
        pytest.skip("known difference (Podman): its /build answers 400 to extrahosts, "
                    "also docker-py's")
    api = _dp_client(lab).api
    lines = []
    api.trace = lines.append
    dockerfile = io.BytesIO(b"FROM %s\nRUN true\n" % LAB_IMAGE.encode())
    out = list(api.build(fileobj=dockerfile, decode=True, nocache=True, rm=False,
                         network_mode="none", cache_from=[LAB_IMAGE],
                         extra_hosts={"b.example": "::1", "a.example": "10.0.0.1"}))
    api.trace = None
    ran = [m.group(1) for m in (re.search(r"Running in ([0-9a-f]+)", x.get("stream", ""))
                                for x in out) if m]
    try:
        assert len(ran) == 1
        assert api.inspect_container(ran[0])["HostConfig"]["ExtraHosts"] == \
            ["a.example:10.0.0.1", "b.example:::1"]
    finally:
        for cid in ran:
            api.remove_container(cid, force=True)
        image = [x["aux"]["ID"] for x in out if "aux" in x]
        if image:
            api.remove_image(image[-1], force=True)
    query = [l for l in lines if l.startswith("> POST") and "/build?" in l][0]
    assert "extrahosts=a.example%3A10.0.0.1&extrahosts=b.example%3A%3A%3A1" in query
    assert "cachefrom=%5B%22local%2Fbusybox%3Alatest%22%5D" in query


def test_dockerpy_rename_after_network_none(lab, fake):
    """containers.create/run(network="none") send NetworkingConfig {"none": null}, as
    docker-py does: no endpoint settings for the none network.  docksock sent
    {"EndpointsConfig": {"none": {}}}, endpoint settings on a network that has no
    endpoints: Docker 20.10, 26.1 and 28.5 accept it (rename too, checked), Podman
    refuses the container ("networks and static ip/mac address can only be used with
    Bridge mode networking"), so a later rename had nothing to rename."""
    client = _dp_client(lab)
    for how in ("create", "run"):
        kwargs = {"detach": True} if how == "run" else {}
        c = getattr(client.containers, how)(LAB_IMAGE, "sleep 30", network="none",
                                            labels={LAB_LABEL: "rename"}, **kwargs)
        try:
            name = "dks-renamed-%s-%d" % (how, os.getpid())
            c.rename(name)
            c.reload()
            assert c.name == name and c.attrs["HostConfig"]["NetworkMode"] == "none"
        finally:
            c.remove(force=True)
    d = fake(engine_like("1.41", {
        ("POST", "/v1.41/containers/create"): _json({"Id": "c1"}, 201),
        ("GET", "/v1.41/containers/c1/json"): _json({"Id": "c1"})}))
    docksock.DockerClient(base_url=d.url).containers.create("img", "true", network="none")
    body = json.loads([r for r in d.requests if "/containers/create" in r.path][0].body)
    assert (body["NetworkingConfig"], body["HostConfig"]["NetworkMode"]) == ({"none": None},
                                                                            "none")


def test_dockerpy_short_ids_and_exec_detach(lab):
    """Image.short_id is "sha256:" and 12 hex digits, as docker-py's; a container's is
    12 hex digits; exec_start(detach=True) returns the Engine's empty answer as text."""
    client = _dp_client(lab)
    image = client.images.get(LAB_IMAGE)
    assert image.id.startswith("sha256:") and image.short_id == image.id[:19]
    assert repr(image).startswith("<Image: '")
    c = client.containers.run(LAB_IMAGE, "sleep 30", detach=True, network_mode="none",
                              labels={LAB_LABEL: "exec"})
    try:
        assert c.short_id == c.id[:12]
        exec_id = client.api.exec_create(c.id, ["sh", "-c", "echo x > /tmp/x"])["Id"]
        # known difference (Podman): its answer is a newline (docker-py's "\n" too)
        assert client.api.exec_start(exec_id, detach=True) == ("\n" if lab.podman else "")
        _wait_for(lambda: c.exec_run("cat /tmp/x").output == b"x\n", 30)
        assert c.exec_run("true", detach=True) == (None, "\n" if lab.podman else "")
    finally:
        c.remove(force=True)


def test_dockerpy_config_detach_keys(lab, tmp_path):
    """config.json's detachKeys reach the Engine on attach_socket (the detachKeys query
    parameter) and exec_create (DetachKeys), as with docker-py; the Engine then detaches
    a TTY session on those keys and leaves the container running."""
    client = _dp_client(lab, tmp_path, {"detachKeys": "ctrl-x,x"})
    api = client.api
    c = api.create_container(LAB_IMAGE, "cat", stdin_open=True, tty=True,
                             host_config=api.create_host_config(network_mode="none"),
                             labels={LAB_LABEL: "detachkeys"})
    lines = []
    try:
        api.start(c)
        api.trace = lines.append
        s = api.attach_socket(c, {"stdin": 1, "stdout": 1, "stream": 1})
        exec_id = api.exec_create(c, "cat", stdin=True, tty=True)["Id"]
        api.trace = None
        assert [l for l in lines if "/attach?" in l and "detachKeys=ctrl-x%2Cx" in l]
        assert [l for l in lines if '"DetachKeys":"ctrl-x,x"' in l]
        if lab.podman:
            s.close()
            pytest.skip("known difference (Podman): its API does not detach on detachKeys")
        with s:
            s.sendall(b"abc\n")
            _wait_for(lambda: b"abc" in s.recv(4096), 30)
            s.sendall(b"\x18x")
            assert _in_thread(s.read).count(b"x") == 0   # detached: the stream ends
        assert api.inspect_container(c)["State"]["Running"] is True
        with api.exec_start(exec_id, socket=True, tty=True) as es:
            es.sendall(b"\x18x")
            assert b"escape sequence" in _in_thread(es.read)
    finally:
        api.trace = None
        api.remove_container(c, force=True)


def test_dockerpy_config_proxies(lab, tmp_path):
    """config.json's proxies (for base_url as given, else "default") go into containers'
    environment, before the caller's own entries, and into builds as build arguments, as
    docker-py puts them; use_config_proxy=False leaves them out."""
    proxies = {"default": {"httpProxy": "http://default.example:3128"},
               lab.host: {"httpProxy": "http://proxy.example:3128", "noProxy": "localhost"}}
    client = _dp_client(lab, tmp_path, {"proxies": proxies})
    def run(**kwargs):
        return client.containers.run(LAB_IMAGE, "env", network_mode="none", remove=True,
                                     labels={LAB_LABEL: "proxies"}, **kwargs)
    env = run().decode().split()
    assert {"http_proxy=http://proxy.example:3128", "HTTP_PROXY=http://proxy.example:3128",
            "no_proxy=localhost", "NO_PROXY=localhost"} <= set(env)
    assert "HTTP_PROXY=mine" in run(environment={"HTTP_PROXY": "mine"}).decode().split()
    assert not [v for v in run(use_config_proxy=False).decode().split() if "proxy" in v.lower()]
    out = client.api.build(fileobj=io.BytesIO(b"FROM %s\nRUN echo proxy=$HTTP_PROXY\n"
                                              % LAB_IMAGE.encode()),
                           decode=True, nocache=True, rm=True, network_mode="none",
                           buildargs={"no_proxy": "mine"})
    text = "".join(m.get("stream", "") for m in out)
    assert "proxy=http://proxy.example:3128" in text
    image = re.findall(r"Successfully built ([0-9a-f]+)", text)
    if image:
        client.api.remove_image(image[-1], force=True)


def test_dockerpy_version_auto_and_config_headers(lab, tmp_path):
    """version="auto" (any case) negotiates; config.json's HttpHeaders go with every
    request, as docker-py and the CLI send them."""
    client = _dp_client(lab, tmp_path, {"HttpHeaders": {"X-Dks-Test": "yes", "X-Null": None}},
                        version="AUTO")
    lines = []
    client.api.trace = lines.append
    assert client.version()["ApiVersion"]
    assert client.api.api_version == client.api._version
    assert [l for l in lines if l == "> X-Dks-Test: yes"]
    assert [l for l in lines if l.rstrip() == "> X-Null:"]   # Go reads a null string as ""
    with pytest.raises(docksock.errors.InvalidVersion):
        docksock.APIClient(base_url=lab.host, version=1.41)


def test_dockerpy_socket_helpers_on_docksock_sockets(lab):
    """docker.utils.socket's helpers read docksock's attach and exec sockets."""
    client = _dp_client(lab)
    S = docksock.utils.socket
    c = client.containers.run(LAB_IMAGE, ["sh", "-c", "echo log; echo err >&2; sleep 60"],
                              detach=True, network_mode="none", labels={LAB_LABEL: "socket"})
    try:
        _wait_for(lambda: c.logs(demux=True) == (b"log\n", b"err\n"), 30)
        exec_id = client.api.exec_create(c.id, ["sh", "-c", "echo out; echo oops >&2"])["Id"]
        with client.api.exec_start(exec_id, socket=True) as s:
            frames = S.frames_iter(s, tty=False)
            assert S.consume_socket_output((S.demux_adaptor(*f) for f in frames),
                                           demux=True) == (b"out\n", b"oops\n")
        if lab.podman:
            return   # known difference (Podman): its attach replays logs with broken frames
        with c.attach_socket(params={"stdout": 1, "stderr": 1, "logs": 1}) as s:
            got = {}
            for _ in range(2):   # the Engine replays stdout and stderr in either order
                stream, length = S.next_frame_header(s)
                got[stream] = S.read_exactly(s, length)
            assert got == {S.STDOUT: b"log\n", S.STDERR: b"err\n"}
            assert S.next_frame_header(s) == (-1, -1) and S.read(s) == b""
    finally:
        c.remove(force=True)


def test_dockerpy_contexts_and_from_context(lab, tmp_path, monkeypatch):
    """ContextAPI keeps contexts where the docker CLI does ($DOCKER_CONFIG/contexts, even
    with no config.json there: docker-py would use ./contexts); from_context() reaches a
    context's daemon, and an unknown name raises ContextNotFound (docker-py silently uses
    the default socket)."""
    cfg = tmp_path / "cfg"
    monkeypatch.setenv("DOCKER_CONFIG", str(cfg))
    monkeypatch.chdir(str(tmp_path))
    ctx = docksock.ContextAPI.create_context("dks-lab", host=lab.host)
    assert ctx.Host == lab.host and not (tmp_path / "contexts").exists()
    assert (cfg / "contexts" / "meta" / hashlib.sha256(b"dks-lab").hexdigest() /
            "meta.json").is_file()
    with docksock.from_context("dks-lab") as client:
        assert client.ping() is True
    with docksock.DockerClient.from_context("dks-lab") as client:
        assert client.api.base_url == lab.host
    with pytest.raises(docksock.errors.ContextNotFound):
        docksock.from_context("dks-no-such-context")
    docksock.ContextAPI.set_current_context("dks-lab")
    assert json.loads((cfg / "config.json").read_text())["currentContext"] == "dks-lab"
    with docksock.from_context() as client:
        assert client.api.base_url == lab.host
    docksock.ContextAPI.remove_context("dks-lab")
    assert "currentContext" not in json.loads((cfg / "config.json").read_text())
    assert [c.Name for c in docksock.ContextAPI.contexts()] == ["default"]


def test_dockerpy_kwargs_from_env_tls(lab):
    """APIClient(**kwargs_from_env()) reaches a TLS daemon from DOCKER_HOST,
    DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, the docker-py idiom."""
    if lab.tls_host is None:
        pytest.skip("the lab has no TLS endpoint with DOCKSOCK_TEST_HOST")
    kwargs = docksock.utils.kwargs_from_env({"DOCKER_HOST": lab.tls_host,
                                             "DOCKER_TLS_VERIFY": "1",
                                             "DOCKER_CERT_PATH": lab.tls_dir})
    assert kwargs["base_url"] == lab.tls_host and kwargs["tls"].verify is True
    with docksock.APIClient(**kwargs) as api:
        assert api.ping() is True


def test_dockerpy_plugins_create_configure_push_pull(lab, registry, tmp_path):
    """The plugin calls docker-py has (create, configure, push, pull/install, upgrade),
    with a plugin made here from the lab's image, pushed to and pulled from the
    loopback registry; never enabled (nothing runs)."""
    if lab.podman:
        pytest.skip("known difference (Podman): no plugins")
    client = _dp_client(lab)
    rootfs = tmp_path / "plugin" / "rootfs"
    rootfs.mkdir(parents=True)
    source = client.containers.create(LAB_IMAGE, labels={LAB_LABEL: "plugin"})
    try:
        with tarfile.open(fileobj=io.BytesIO(b"".join(source.export()))) as t:
            trusted = {"filter": "fully_trusted"} if hasattr(tarfile, "data_filter") else {}
            t.extractall(str(rootfs), **trusted)
    finally:
        source.remove()
    (tmp_path / "plugin" / "config.json").write_text(json.dumps({
        "Description": "docksock test plugin", "Entrypoint": ["/bin/sleep", "60"],
        "Interface": {"Types": ["docker.volumedriver/1.0"], "Socket": "x.sock"},
        "Network": {"Type": "none"},
        "Env": [{"Name": "DKS", "Settable": ["value"], "Value": "one"}]}))
    name = "%s/dks/plugin-%d:1" % (registry.address, os.getpid())
    client.login(registry.username, registry.password, registry=registry.address)
    plugin = client.plugins.create(name, str(tmp_path / "plugin"))
    try:
        assert plugin.enabled is False and plugin.settings["Env"] == ["DKS=one"]
        plugin.configure({"DKS": "two"})
        assert plugin.settings["Env"] == ["DKS=two"]
        assert list(plugin.push())
        plugin.remove()
        plugin = client.plugins.install(name)
        assert plugin.name == name and plugin.settings["Env"] == ["DKS=one"]
        assert list(plugin.upgrade())
        plugin.reload()
        assert plugin.enabled is False
    finally:
        try:
            client.api.remove_plugin(name, force=True)
        except docksock.errors.NotFound:
            pass


# ==== Proxy: a filtering Engine API socket ====
#
# Layers: the normaliser and policy as pure functions; the bypass suite of crafted raw requests
# against a proxy whose upstream is a FakeDaemon, so "nothing reached the upstream" is counted,
# not assumed; the docker CLI and docksock through read-only, exec-allowing and label-scoped
# proxies in front of the real Engine; the CLI's `proxy` command as a process (SIGTERM, startup
# errors); property tests (hypothesis); a load test with the proxy's added latency.

_PX_TICKER = ["sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done"]
_PX_SCOPE = "docksock.scope=yes"
_PX_DOCKSOCK_PY = os.path.join(os.path.dirname(os.path.abspath(docksock.__file__)), "docksock.py")


class _PxRunning:
    """A docksock.Proxy served from a thread on a short Unix socket path.

    Attributes: sock, host ("unix://" + sock), proxy, lines (the access log), errors (exceptions
    that escaped a connection handler; socketserver would only print them)."""

    def __init__(self, upstream, policy, **kw):
        self.dir = tempfile.mkdtemp(prefix="dks", dir="/tmp")
        self.sock = os.path.join(self.dir, "p.sock")
        self.host = "unix://" + self.sock
        self.lines = []
        self.errors = []
        self.proxy = docksock.Proxy(listen=self.host, upstream=upstream, policy=policy,
                                    log=self.lines.append, **kw)
        self.proxy.server.handle_error = lambda request, address: self.errors.append(
            sys.exc_info()[1])
        self.thread = threading.Thread(target=self.proxy.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def close(self):
        if self.thread is not None:
            self.proxy.shutdown()
            self.thread.join(5)
            self.thread = None
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def px_proxy():
    """Start proxies: px_proxy(upstream, policy) -> _PxRunning; all shut down afterwards."""
    running = []

    def start(upstream, policy, **kw):
        p = _PxRunning(upstream, policy, **kw)
        running.append(p)
        return p
    yield start
    for p in running:
        p.close()


@pytest.fixture
def px_ticker(lab, created):
    """A running container (labelled docksock.test, network none) printing "line N" every 0.2 s."""
    cid = created(cmd=_PX_TICKER)
    status = _lab_request(lab.sock, "POST", "/containers/%s/start" % cid)[0]
    assert status == 204
    return cid


def _px_docker_env(host, tmp):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env.update(DOCKER_HOST=host, DOCKER_CONFIG=str(tmp))
    return env


def _px_docker():
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no docker CLI on PATH")
    return docker


def _px_run(argv, env, input=None, timeout=60):
    return subprocess.run(argv, env=env, input=input, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)


def _px_read_lines(proc, count, timeout=15):
    """The first count lines of a Popen's unbuffered stdout (bufsize=0, so select sees all
    that is unread), waiting at most timeout seconds."""
    lines, deadline = [], time.time() + timeout
    while len(lines) < count:
        left = deadline - time.time()
        if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
            break
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
    return lines


def _px_read_response(f, method="GET"):
    """One response from the binary reader f, interim 1xx skipped as clients do:
    (status, {lowercased name: value}, body), or None when the connection closed first."""
    while True:
        try:
            line = f.readline()
        except ConnectionResetError:
            return None
        if not line:
            return None
        status = int(line.split()[1])
        headers = {}
        while True:
            h = f.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if not 100 <= status < 200 or status == 101:
            break
    if method == "HEAD" or status in (101, 204, 304):
        body = b""
    elif "content-length" in headers:
        body = f.read(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(f.readline().split(b";")[0], 16)
            chunk = f.read(size + 2)[:size]
            if not size:
                break
            body += chunk
    else:
        body = f.read()
    return status, headers, body


def _px_exchange(path, data, method="GET", timeout=5.0):
    """Write raw bytes on a fresh AF_UNIX connection and read one response:
    (status or None when the connection closed unanswered, headers, body)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
        s.sendall(data)
        with s.makefile("rb") as f:
            return _px_read_response(f, method) or (None, {}, b"")
    finally:
        s.close()


def _px_until_closed(path, data, timeout=5.0):
    """Write raw bytes on a fresh AF_UNIX connection and read until the proxy closes it (a
    proxy that keeps it open fails by socket timeout)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(path)
        s.sendall(data)
        got = b""
        while True:
            piece = s.recv(65536)
            if not piece:
                return got
            got += piece


def _px_follow(api, cid, lines):
    """The first lines of a container's followed log (new lines only), read through api."""
    stream = api.logs(cid, stream=True, follow=True, tail=0)
    data = b""
    try:
        for piece in stream:
            data += piece
            if data.count(b"\n") >= lines:
                break
    finally:
        stream.close()
    return data


def _px_message(body):
    return json.loads(body.decode("utf-8"))["message"]


# -- The normaliser and the policy, pure ----------------------------------------------------


@pytest.mark.parametrize("target, path, unversioned", [
    ("/containers/json", "/containers/json", "/containers/json"),
    ("/v1.41/containers/json?all=1", "/v1.41/containers/json", "/containers/json"),
    ("/%63ontainers/json", "/containers/json", "/containers/json"),
    ("/containers/a%20b/json", "/containers/a b/json", "/containers/a b/json"),
    ("/containers/json/", "/containers/json", "/containers/json"),
    ("/_ping", "/_ping", "/_ping"),
    ("/v1.24/_ping", "/v1.24/_ping", "/_ping"),
])
def test_proxy_canonical_path(target, path, unversioned):
    got = docksock.canonical_path(target)
    assert (got[0], got[2]) == (path, unversioned)


def test_proxy_canonical_path_trailing_slash_after_a_version():
    path, _, unversioned = docksock.canonical_path("/v1.41/containers/json/")
    assert (path, unversioned) == ("/v1.41/containers/json", "/containers/json")


@pytest.mark.parametrize("target", [
    "containers/json", "*", "http://localhost/containers/json", "//host/containers/json",
    "/containers%2fjson", "/containers%2Fjson", "/containers%5cjson", "/containers/json%00",
    "/containers%252fjson", "/containers/%252e%252e/exec", "/containers/../exec/x/start",
    "/containers/./json", "/containers//json", "/containers/x/..", "/containers/%2e%2e/x",
    "/containers\\json", "/containers/\x01/json", "/containers/json#x",
])
def test_proxy_canonical_path_refuses(target):
    with pytest.raises(docksock.ProxyDenied) as e:
        docksock.canonical_path(target)
    assert e.value.status == 400


def test_proxy_policy_decides_by_section_method_and_rule():
    policy = docksock.ProxyPolicy({"containers", "ping"}, read_only=True,
                                  rules=["POST:/containers/[0-9a-f]+/kill"])
    assert policy.decide("GET", "/containers/json") == "section containers, class read"
    assert policy.decide("HEAD", "/_ping") == "section ping, class read"
    assert policy.decide("POST", "/containers/abc/wait") == "section containers, class read"
    assert policy.decide("POST", "/containers/abc/kill").startswith("rule POST:")
    for method, path, words in [("POST", "/containers/create", "read-only"),
                                ("DELETE", "/containers/abc", "read-only"),
                                ("POST", "/containers/abc/exec", "section 'exec'"),
                                ("GET", "/exec/abc/json", "section 'exec'"),
                                ("GET", "/images/json", "section 'images'"),
                                ("GET", "/Containers/json", "not an Engine API endpoint"),
                                ("get", "/containers/json", "not an Engine API endpoint"),
                                ("GET", "/containers/abc/attach/ws", "read-only")]:
        with pytest.raises(docksock.ProxyDenied) as e:
            policy.decide(method, path)
        assert e.value.status == 403 and words in str(e.value), (method, path, str(e.value))
    with pytest.raises(docksock.InvalidArgument):
        docksock.ProxyPolicy({"containerz"})
    with pytest.raises(docksock.InvalidArgument):
        docksock.ProxyPolicy(rules=["GET"])


# -- Bypass suite: crafted raw requests against a containers-only read-only proxy --------------


def _px_req(target, method="GET", version="HTTP/1.1", headers=(), body=b""):
    head = "%s %s %s\r\nHost: docker\r\n" % (method, target, version)
    head += "".join("%s: %s\r\n" % h for h in headers)
    return head.encode("latin-1") + b"\r\n" + body


_PX_BAD = (400,)
_PX_FORBIDDEN = (403,)
_PX_TOO_BIG = (431,)


_PX_BYPASS = [
    # encoded slashes and backslashes
    ("enc-slash-lower", _px_req("/containers%2fjson"), _PX_BAD),
    ("enc-slash-upper", _px_req("/containers%2Fjson"), _PX_BAD),
    ("enc-slash-version", _px_req("/v1.41%2fcontainers/json"), _PX_BAD),
    ("enc-slash-exec", _px_req("/containers/x%2F..%2F..%2Fexec/y/json"), _PX_BAD),
    ("enc-slash-tail", _px_req("/containers/x%2f"), _PX_BAD),
    ("enc-backslash", _px_req("/containers%5Cjson"), _PX_BAD),
    # dot segments
    ("dotdot-exec", _px_req("/containers/../exec/x/json"), _PX_BAD),
    ("dotdot-versioned-exec-start", _px_req("/v1.41/containers/../exec/x/start", "POST"),
     _PX_BAD),
    ("dot", _px_req("/containers/./json"), _PX_BAD),
    ("dot-first", _px_req("/./containers/json"), _PX_BAD),
    ("dotdot-last", _px_req("/containers/x/.."), _PX_BAD),
    ("enc-dotdot", _px_req("/containers/%2e%2e/exec/x/json"), _PX_BAD),
    ("half-enc-dotdot", _px_req("/containers/.%2E/exec/x/json"), _PX_BAD),
    # duplicate slashes
    ("double-slash-first", _px_req("//containers/json"), _PX_BAD),
    ("double-slash-middle", _px_req("/containers//json"), _PX_BAD),
    ("double-slash-version", _px_req("/v1.41//exec/x/json"), _PX_BAD),
    # case: the Engine's routes are case-sensitive, so these are unknown sections
    ("upper-section", _px_req("/CONTAINERS/json"), _PX_FORBIDDEN),
    ("title-section", _px_req("/Containers/json"), _PX_FORBIDDEN),
    ("upper-version", _px_req("/V1.41/containers/json"), _PX_FORBIDDEN),
    # version prefixes in front of denied sections, and prefixes that are not versions
    ("version-exec", _px_req("/v1.41/exec/x/json"), _PX_FORBIDDEN),
    ("future-version-exec", _px_req("/v99.99/exec/x/json"), _PX_FORBIDDEN),
    ("short-version", _px_req("/v1/containers/json"), _PX_FORBIDDEN),
    ("word-version", _px_req("/vX/containers/json"), _PX_FORBIDDEN),
    ("two-versions", _px_req("/v1.41/v1.41/containers/json"), _PX_FORBIDDEN),
    # double encoding
    ("double-enc-slash", _px_req("/containers%252fjson"), _PX_BAD),
    ("double-enc-dotdot", _px_req("/containers/%252e%252e/exec/x/json"), _PX_BAD),
    ("double-enc-letter", _px_req("/%2565xec/x/json"), _PX_BAD),
    # not origin-form
    ("absolute-form", _px_req("http://localhost/containers/json"), _PX_BAD),
    ("absolute-form-exec", _px_req("http://localhost/exec/x/json"), _PX_BAD),
    ("network-path", _px_req("//host/containers/json"), _PX_BAD),
    ("asterisk", _px_req("*", "OPTIONS"), _PX_BAD),
    ("authority-form", _px_req("localhost:2375", "CONNECT"), _PX_BAD),
    # NUL and control characters
    ("enc-nul", _px_req("/containers/json%00"), _PX_BAD),
    ("raw-nul", _px_req("/containers/\x00/json"), _PX_BAD),
    ("raw-control", _px_req("/containers/\x01/json"), _PX_BAD),
    ("enc-newline", _px_req("/containers/%0a/json"), _PX_BAD),
    ("raw-backslash", _px_req("/containers\\..\\exec\\x\\json"), _PX_BAD),
    ("fragment", _px_req("/exec/x/json#/containers/json"), _PX_BAD),
    ("fragment-allowed", _px_req("/containers/json#x"), _PX_BAD),
    ("bad-utf8", _px_req("/containers/%ff/json"), _PX_BAD),
    # query tricks: the query is never part of the decision
    ("query-path", _px_req("/exec/x/json?/containers/json"), _PX_FORBIDDEN),
    ("query-path-post", _px_req("/exec/x/start?/containers/json", "POST"), _PX_FORBIDDEN),
    ("query-dotdot", _px_req("/exec/x/json?../containers/json"), _PX_FORBIDDEN),
    # request smuggling
    ("cl-and-te", _px_req("/containers/json", headers=[("Content-Length", "5"),
                                                        ("Transfer-Encoding", "chunked")],
                          body=b"0\r\n\r\n"), _PX_BAD),
    ("te-and-cl", _px_req("/containers/json", headers=[("Transfer-Encoding", "chunked"),
                                                        ("Content-Length", "0")],
                          body=b"0\r\n\r\n"), _PX_BAD),
    ("two-cl", _px_req("/containers/json", headers=[("Content-Length", "0"),
                                                     ("Content-Length", "5")],
                       body=b"hello"), _PX_BAD),
    ("te-gzip-chunked", _px_req("/containers/json", headers=[
        ("Transfer-Encoding", "gzip, chunked")], body=b"0\r\n\r\n"), (400, 501)),
    ("two-te", _px_req("/containers/json", headers=[("Transfer-Encoding", "chunked"),
                                                     ("Transfer-Encoding", "chunked")],
                       body=b"0\r\n\r\n"), _PX_BAD),
    ("cl-plus-sign", _px_req("/containers/json", headers=[("Content-Length", "+0")]), _PX_BAD),
    ("cl-list", _px_req("/containers/json", headers=[("Content-Length", "0, 0")]), _PX_BAD),
    ("cl-negative", _px_req("/containers/json", headers=[("Content-Length", "-1")]), _PX_BAD),
    ("te-identity", _px_req("/containers/json", headers=[("Transfer-Encoding", "identity")]),
     (400, 501)),
    ("http10-te", _px_req("/containers/json", version="HTTP/1.0", headers=[
        ("Transfer-Encoding", "chunked")], body=b"0\r\n\r\n"), _PX_BAD),
    ("obs-fold", b"GET /containers/json HTTP/1.1\r\nHost: docker\r\nX-A: a\r\n b\r\n\r\n", _PX_BAD),
    ("obs-fold-te", b"GET /containers/json HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding:\r\n"
                    b" chunked\r\n\r\n0\r\n\r\n", _PX_BAD),
    ("space-before-colon", b"GET /containers/json HTTP/1.1\r\nHost: docker\r\n"
                           b"Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", _PX_BAD),
    # oversized heads
    ("head-over-64k", _px_req("/containers/json", headers=[("X-Big", "a" * 70000)]),
     _PX_TOO_BIG),
    ("target-over-64k", _px_req("/containers/" + "a" * 70000 + "/json"), _PX_TOO_BIG),
    ("over-100-headers", _px_req("/containers/json", headers=[("X-H%d" % i, "v")
                                                              for i in range(150)]),
     _PX_TOO_BIG),
    # methods: read-only means GET and HEAD exactly; overrides change nothing
    ("delete", _px_req("/containers/x", "DELETE"), _PX_FORBIDDEN),
    ("delete-lowercase", _px_req("/containers/x", "delete"), _PX_FORBIDDEN),
    ("get-lowercase", _px_req("/containers/json", "get"), _PX_FORBIDDEN),
    ("gets", _px_req("/containers/json", "GETS"), _PX_FORBIDDEN),
    ("options", _px_req("/containers/json", "OPTIONS"), _PX_FORBIDDEN),
    ("put-archive", _px_req("/containers/x/archive?path=/", "PUT"), _PX_FORBIDDEN),
    ("post-create", _px_req("/containers/create", "POST", headers=[
        ("Content-Type", "application/json"), ("Content-Length", "2")], body=b"{}"),
     _PX_FORBIDDEN),
    ("post-start", _px_req("/v1.41/containers/x/start", "POST"), _PX_FORBIDDEN),
    ("delete-with-override-get", _px_req("/containers/x", "DELETE", headers=[
        ("X-HTTP-Method-Override", "GET")]), _PX_FORBIDDEN),
    # sections not allowed
    ("exec-create", _px_req("/containers/x/exec", "POST", headers=[
        ("Content-Length", "2")], body=b"{}"), _PX_FORBIDDEN),
    ("exec-inspect", _px_req("/exec/x/json"), _PX_FORBIDDEN),
    ("images", _px_req("/images/json"), _PX_FORBIDDEN),
    ("unknown-section", _px_req("/debug/pprof/"), _PX_FORBIDDEN),
    # request lines
    ("http2", _px_req("/containers/json", version="HTTP/2.0"), (400, 505)),
    ("h2-preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", (400, 505)),
    ("http10-exec", _px_req("/exec/x/json", version="HTTP/1.0"), _PX_FORBIDDEN),
    ("http09", b"GET /containers/json\r\n\r\n", _PX_BAD),
    ("double-space", b"GET  /containers/json HTTP/1.1\r\nHost: docker\r\n\r\n", _PX_BAD),
    ("tab-separated", b"GET\t/containers/json\tHTTP/1.1\r\nHost: docker\r\n\r\n", _PX_BAD),
    ("extra-token", b"GET /exec/x/json HTTP/1.1 /containers/json\r\nHost: docker\r\n\r\n",
     _PX_BAD),
    # found attacking the proxy after issue 13: header bytes some parsers take as line breaks,
    # and API versions whose older semantics no check knows
    ("bare-cr-in-header", b"GET /containers/json HTTP/1.1\r\nHost: docker\r\nX-A: a\rX-B: b\r\n"
                          b"\r\n", _PX_BAD),
    ("nul-in-header", b"GET /containers/json HTTP/1.1\r\nHost: docker\r\nX-A: a\x00b\r\n\r\n",
     _PX_BAD),
    ("api-1.23-start-with-hostconfig", _px_req("/v1.23/containers/x/start", "POST", headers=[
        ("Content-Type", "application/json"), ("Content-Length", "23")],
        body=b'{"Binds": ["/:/host"]}\n'), _PX_BAD),
    ("api-1.12", _px_req("/v1.12/containers/json"), _PX_BAD),
]



@pytest.fixture(scope="module")
def px_bypass():
    """A read-only containers-only proxy in front of a FakeDaemon answering 200 [] to all."""
    daemon = FakeDaemon(lambda req: _json([]))
    # Requests the proxy forwards and then abandons (the bugs below) reset the fake's
    # connections; its socketserver would print each one.
    daemon.server.handle_error = lambda request, address: None
    running = _PxRunning(daemon.url, docksock.ProxyPolicy({"containers"}, read_only=True))
    yield running, daemon
    running.close()
    daemon.close()


@pytest.mark.parametrize("name, data, statuses", [
    pytest.param(*case, id=case[0]) for case in _PX_BYPASS])
def test_proxy_bypass_denied(px_bypass, name, data, statuses):
    running, daemon = px_bypass
    before = (daemon.connections, len(daemon.requests))
    status, headers, body = _px_exchange(running.sock, data)
    time.sleep(0.05)  # a forwarded request would have been accepted upstream by now
    assert (daemon.connections, len(daemon.requests)) == before, "reached the upstream"
    assert status in statuses, (status, body[:200])
    assert headers.get("content-type") == "application/json"
    assert _px_message(body)


@pytest.mark.parametrize("body", [
    b"2\n{}\r\n0\r\n\r\n",            # a bare LF ends a chunk line for some (CVE-2025-22871)
    b"2\r\n{}XX0\r\n\r\n",             # no CRLF after the chunk's data
    b" 2\r\n{}\r\n0\r\n\r\n",          # a size Go does not parse
    b"2 ;x\r\n{}\r\n0\n\r\n",           # a bare LF ending the last chunk
    b"2\r\n{}\r\n0\r\nX: a\rb\r\n\r\n",  # a CR inside a trailer
], ids=["bare-lf", "no-crlf-after-data", "leading-space", "bare-lf-last", "cr-in-trailer"])
def test_proxy_chunked_bodies_parsers_read_differently(px_bypass, body):
    """A chunked body of an allowed request (POST wait is a read) that a stricter or looser
    parser would split elsewhere: refused (400) as it streams, and nothing after it is ever
    taken as a request, by the proxy or the daemon."""
    running, daemon = px_bypass
    smuggled = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
    status, _, _ = _px_exchange(running.sock, _px_req(
        "/containers/x/wait", "POST", headers=[("Transfer-Encoding", "chunked")],
        body=body + smuggled), "POST")
    assert status == 400
    time.sleep(0.05)
    assert not any("smuggled" in r.path for r in daemon.requests)


def test_proxy_bypass_suite_is_large_enough():
    assert len(_PX_BYPASS) >= 40


@pytest.mark.parametrize("target, upstream", [
    ("/containers/json", "/containers/json"),
    ("/v1.41/containers/json?all=1&filters=%7B%7D", "/v1.41/containers/json?all=1&filters=%7B%7D"),
    ("/%63ontainers/json", "/containers/json"),
    ("/containers/json/", "/containers/json"),
    ("/containers/a%20b/json", "/containers/a%20b/json"),
    ("/containers/x/logs?follow=1&tail=0", "/containers/x/logs?follow=1&tail=0"),
    ("/v1.24/containers/x/json", "/v1.24/containers/x/json"),
])
def test_proxy_allowed_paths_reach_the_upstream_canonical(px_bypass, target, upstream):
    running, daemon = px_bypass
    status, _, body = _px_exchange(running.sock, _px_req(target))
    assert (status, body) == (200, b"[]")
    assert (daemon.requests[-1].method, daemon.requests[-1].path) == ("GET", upstream)


def test_proxy_head_and_http10_are_forwarded(px_bypass):
    running, daemon = px_bypass
    status, headers, body = _px_exchange(running.sock, _px_req("/containers/x/archive?path=/",
                                                               "HEAD"), method="HEAD")
    assert (status, body) == (200, b"")
    assert daemon.requests[-1].method == "HEAD"
    # HEAD where the Engine has no HEAD route (its router answers 404): not forwarded
    status, _, body = _px_exchange(running.sock, _px_req("/containers/x/json", "HEAD"),
                                   method="HEAD")
    assert status == 403 and daemon.requests[-1].path != "/containers/x/json"
    status, _, body = _px_exchange(running.sock, _px_req("/containers/json", version="HTTP/1.0"))
    assert (status, body) == (200, b"[]")


def test_proxy_strips_method_override_headers(px_bypass):
    running, daemon = px_bypass
    overrides = [("X-HTTP-Method-Override", "DELETE"), ("x-http-method-override", "DELETE"),
                 ("X-Method-Override", "DELETE"), ("X-HTTP-Method", "DELETE"),
                 ("X-Http-Method-Override", "POST")]
    status, _, _ = _px_exchange(running.sock, _px_req("/containers/x/json", headers=overrides))
    assert status == 200
    seen = daemon.requests[-1]
    assert seen.method == "GET"
    names = {k.lower() for k in seen.headers.keys()}
    assert not names & {"x-http-method-override", "x-method-override", "x-http-method"}


def test_proxy_denied_post_keeps_the_connection_usable(px_bypass):
    """A POST to an allowed section under read-only: 403 naming the rule, the body skipped,
    and the next request on the same connection answered by the upstream."""
    running, daemon = px_bypass
    before = daemon.connections
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(running.sock)
        s.sendall(_px_req("/containers/create", "POST", headers=[
            ("Content-Type", "application/json"), ("Content-Length", "17")],
            body=b'{"Image": "evil"}'))
        with s.makefile("rb") as f:
            status, _, body = _px_read_response(f, "POST")
            assert status == 403 and "read-only" in _px_message(body)
            time.sleep(0.05)
            assert daemon.connections == before
            s.sendall(_px_req("/containers/json"))
            assert _px_read_response(f)[::2] == (200, b"[]")
        assert daemon.requests[-1].path == "/containers/json"
        assert daemon.requests[-1].body == b""
    finally:
        s.close()


@pytest.mark.parametrize("version, headers", [("HTTP/1.1", [("Connection", "close")]),
                                              ("HTTP/1.1", [("Connection", "te, Close")]),
                                              ("HTTP/1.0", [])])
def test_proxy_denied_last_request_closes(px_bypass, version, headers):
    """Found attacking the proxy: a refused request whose client said it was its last
    (Connection: close, or HTTP/1.0) was answered and then kept open, so a client reading to
    the end of the connection hung until the idle timeout (a minute by default)."""
    running, _ = px_bypass
    got = _px_until_closed(running.sock, _px_req("/containers/x/kill", "POST", version, headers + [
        ("Content-Length", "2")], b"{}"))      # times out far below the proxy's idle timeout
    assert got.startswith(b"HTTP/1.1 403 ") and b"Connection: close" in got, got


def test_proxy_upgrade_keeps_bytes_read_with_the_101(fake, px_proxy):
    """The daemon's first output often arrives in the same read as its 101 head."""
    def upgrade(h):
        h.wfile.write(b"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                      b"Content-Type: application/vnd.docker.raw-stream\r\n\r\nfirst;")
        h.wfile.flush()
        time.sleep(0.2)
        h.wfile.write(b"second")
        h.wfile.flush()
    d = fake(lambda req: upgrade if req.path.endswith("/start") else _json({}))
    d.server.handle_error = lambda request, address: None     # the proxy resets it
    running = px_proxy(d.url, docksock.ProxyPolicy({"exec"}))
    data = _px_until_closed(running.sock, _px_req("/exec/abc/start", "POST", headers=[
        ("Connection", "Upgrade"), ("Upgrade", "tcp"), ("Content-Length", "2")], body=b"{}"))
    assert data.split(b"\r\n\r\n", 1)[1] == b"first;second"


def test_proxy_expect_100_continue(fake, px_proxy):
    d = fake(lambda req: (201, {"Content-Type": "application/json"}, b'{"Id":"abc"}')
             if req.method == "POST" else _json([]))
    d.server.handle_error = lambda request, address: None     # the proxy resets it
    running = px_proxy(d.url, docksock.ProxyPolicy({"containers"}))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(3)
    try:
        s.connect(running.sock)
        s.sendall(_px_req("/containers/create", "POST", headers=[
            ("Content-Type", "application/json"), ("Expect", "100-continue"),
            ("Content-Length", "2")], body=b"{}"))
        with s.makefile("rb") as f:     # the 100 Continue is skipped, as clients do
            try:
                first = _px_read_response(f, "POST")
            except socket.timeout:
                first = None
            assert first is not None, "no final response to the POST"
            assert first[::2] == (201, b'{"Id":"abc"}')
            s.sendall(_px_req("/containers/json"))
            assert _px_read_response(f)[::2] == (200, b"[]")
    finally:
        s.close()


def test_proxy_scope_covers_commit(fake, px_proxy):
    def handler(req):
        if "/json" in req.path and "/containers/" in req.path:    # the proxy's label check
            return _json({"Id": "b" * 64, "Config": {"Labels": {}}})
        return _json({"Id": "sha256:" + "c" * 64}, 201)
    d = fake(handler)
    running = px_proxy(d.url, docksock.ProxyPolicy({"containers", "images"}, label=_PX_SCOPE))
    status, _, body = _px_exchange(running.sock, _px_req(
        "/v1.41/commit?container=outside&repo=leak", "POST",
        headers=[("Content-Type", "application/json"), ("Content-Length", "2")], body=b"{}"))
    assert [r.path for r in d.requests if "commit" in r.path] == []
    assert status == 403


@pytest.mark.parametrize("filters", ["null", "[]", '"label"'])
def test_proxy_scope_rejects_non_object_filters(fake, px_proxy, filters):
    d = fake(lambda req: _json([]))
    running = px_proxy(d.url, docksock.ProxyPolicy({"containers"}, read_only=True,
                                                   label=_PX_SCOPE))
    target = "/containers/json?filters=" + urllib.parse.quote(filters)
    status, _, body = _px_exchange(running.sock, _px_req(target))
    assert d.requests == []
    assert status == 400 and _px_message(body)
    assert running.errors == []


def test_proxy_scope_rewrites_list_filters(fake, px_proxy):
    d = fake(lambda req: _json([]))
    running = px_proxy(d.url, docksock.ProxyPolicy({"containers", "events"}, read_only=True,
                                                   label=_PX_SCOPE))
    for target, query_filters in [
            ("/v1.41/containers/json?all=1", {"label": [_PX_SCOPE]}),
            ("/containers/json?filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D",
             {"label": ["a=b", _PX_SCOPE]}),
            ("/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D",
             {"type": ["container"], "label": [_PX_SCOPE]})]:
        assert _px_exchange(running.sock, _px_req(target))[0] == 200
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(d.requests[-1].path).query)
        assert json.loads(query["filters"][0]) == query_filters
    assert len(d.requests) == 3
    writable = px_proxy(d.url, docksock.ProxyPolicy({"containers", "exec"}, label=_PX_SCOPE))
    for method, target, words in [("POST", "/containers/create", "label scoping"),
                                  ("POST", "/v1.41/containers/prune", "label scoping"),
                                  ("GET", "/exec/x/json", "label scope"),
                                  ("POST", "/exec/x/start", "label scope")]:
        status, _, body = _px_exchange(writable.sock, _px_req(target, method, headers=[
            ("Content-Length", "2")], body=b"{}"))
        assert status == 403 and words in _px_message(body), (target, body)
    # nothing was forwarded: the only requests are the proxy's own look-ups of the exec
    # instance (answered [] here, which cannot be checked)
    looked_up = [r.path for r in d.requests[3:] if not r.path.endswith("/_ping")]
    assert len(looked_up) == 2 and all(re.match(r"/v1\.\d+/exec/x/json$", p) for p in looked_up)


# -- The route table, and requests made from it: every route in every mode ------------------------
#
# The Engine's routes are docksock.proxy_routes(); these tests make their requests from it (each
# template filled with sample names), so a route added to the table is walked without a test
# being written for it.  Issue 13: the attack classes (upgrades, repeated parameters, link names,
# races) are each tried on every route they apply to.

_PX_SAMPLES = {"container": "c1", "exec": "e1", "image": "local/img:1", "plugin": "vieux/sshfs",
               "network": "n1", "volume": "v1", "id": "i1", "checkpoint": "cp1",
               "name": "heap"}


def _px_instance(route, **values):
    """The route's template filled with sample names (or the given ones)."""
    return route.template.format(**dict(_PX_SAMPLES, **values))


def _px_route_request(route, path=None, query="", headers=()):
    body = b"{}" if route.method in ("POST", "PUT") else b""
    heads = list(headers) + ([("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))] if body else [])
    return _px_req((path or _px_instance(route)) + ("?" + query if query else ""),
                   route.method, headers=heads, body=body)


# Modes: (policy keyword arguments, which (section, class) pairs it allows).
_PX_ALL = sorted(docksock.PROXY_SECTIONS)
_PX_MODES = {
    "read-only": (dict(allow=_PX_ALL, read_only=True), lambda s, c: c == "read"),
    "read-only-secret": (dict(allow=_PX_ALL + ["secret"], read_only=True),
                         lambda s, c: c in ("read", "secret")),
    "sections": (dict(allow=_PX_ALL), lambda s, c: c != "secret"),
    # "exec" names a section and a class: without it, read and write in the other sections
    "read-write": (dict(allow=[x for x in _PX_ALL if x != "exec"] + ["read", "write"]),
                   lambda s, c: s != "exec" and c in ("read", "write")),
    "exec-and-read": (dict(allow=["containers", "exec", "read"]),
                      lambda s, c: s in ("containers", "exec") and c in ("read", "exec")),
    "classes-only": (dict(allow=["read", "exec"]), lambda s, c: c in ("read", "exec")),
    "everything": (dict(allow=_PX_ALL + list(docksock.PROXY_CLASSES)), lambda s, c: True),
    "nothing": (dict(), lambda s, c: False),
}
_PX_MODES.update(("only-" + section, (dict(allow=[section]),
                                      lambda s, c, section=section: s == section and c != "secret"))
                 for section in _PX_ALL)


def test_proxy_route_table_is_well_formed():
    routes = docksock.proxy_routes()
    assert len(routes) >= 110
    assert {r.section for r in routes} == docksock.PROXY_SECTIONS
    assert {r.risk for r in routes} == set(docksock.PROXY_CLASSES)
    keys = [str(r) for r in routes]
    assert len(keys) == len(set(keys))
    hijack = {str(r) for r in routes if r.hijack}
    assert hijack == {"POST /containers/{container}/attach", "GET /containers/{container}/attach/ws",
                      "POST /exec/{exec}/start", "POST /session", "POST /grpc"}
    assert all(r.risk == "exec" for r in routes if r.hijack)     # an upgrade is never a read
    # each route's own sample path routes to it (or is refused as ambiguous, the one case
    # where the Engine decides by its registration order)
    for route in routes:
        path = _px_instance(route)
        if str(route) == "DELETE /containers/{container}/checkpoints/{checkpoint}":
            with pytest.raises(docksock.ProxyDenied, match="more than one Engine route") as e:
                docksock.match_route(route.method, path)
            assert e.value.status == 400
            continue
        assert docksock.match_route(route.method, path) == (route, {
            k: v for k, v in _PX_SAMPLES.items() if "{%s}" % k in route.template})


@pytest.fixture(scope="module")
def px_walk():
    """A FakeDaemon answering 200 {} to everything, and a proxy per mode in front of it."""
    daemon = FakeDaemon(lambda req: _json({}))
    daemon.server.handle_error = lambda request, address: None
    proxies = {}

    def proxy(mode, **extra):
        key = (mode,) + tuple(sorted(extra.items()))
        if key not in proxies:
            kwargs = dict(_PX_MODES[mode][0], **extra)
            proxies[key] = _PxRunning(daemon.url, docksock.ProxyPolicy(**kwargs))
        return proxies[key]
    yield daemon, proxy
    for running in proxies.values():
        running.close()
    daemon.close()


def _px_log_line(running, index):
    """The access-log line number index, once written (the answer goes out first)."""
    deadline = time.time() + 5
    while len(running.lines) <= index and time.time() < deadline:
        time.sleep(0.005)
    return running.lines[index]


def _px_forwarded(daemon, before):
    return [(r.method, r.path) for r in daemon.requests[before:]]


@pytest.mark.parametrize("mode", sorted(_PX_MODES))
def test_proxy_walks_every_route_in_every_mode(px_walk, mode):
    """Each route of the table, sent through a proxy in this mode: allowed exactly when its
    section and class are, and then forwarded as it was decided on; denied with 403 and never
    forwarded otherwise; the access log names the route and the rule that decided."""
    daemon, proxy = px_walk
    running = proxy(mode)
    allows = _PX_MODES[mode][1]
    for route in docksock.proxy_routes():
        before, logged = len(daemon.requests), len(running.lines)
        status, _, body = _px_exchange(running.sock, _px_route_request(route), route.method)
        line = _px_log_line(running, logged)
        if "/checkpoints/{checkpoint}" in route.template:
            assert status == 400 and _px_forwarded(daemon, before) == []
            continue
        quoted = urllib.parse.quote(_px_instance(route), safe="/:")
        if allows(route.section, route.risk):
            assert (status, body) == (200, b"" if route.method == "HEAD" else b"{}"), \
                (route, status, body)
            assert _px_forwarded(daemon, before) == [(route.method, quoted)], route
            assert ' route="%s" decision="allow: section %s, class %s"' % (
                route, route.section, route.risk) in line, line
        else:
            assert status == 403, (route, status, body)
            assert _px_forwarded(daemon, before) == [], route
            assert ' route="%s" decision="deny: ' % route in line, line
    assert running.errors == []


@pytest.mark.parametrize("headers", [
    [("Connection", "Upgrade"), ("Upgrade", "tcp")],
    [("Upgrade", "websocket")],
    [("Connection", "keep-alive, upgrade"), ("Upgrade", "h2c"), ("HTTP2-Settings", "AAMAAABkAAQAAP__")],
], ids=["tcp", "upgrade-only", "h2c"])
def test_proxy_upgrade_on_every_get_route(px_walk, headers):
    """Issue 13.1: an upgrade is never a read.  On a route that is not upgraded it is refused
    (400) in every mode; attach/ws is class exec, so a read-only proxy refuses it (403)."""
    daemon, proxy = px_walk
    for route in docksock.proxy_routes():
        if route.method != "GET":
            continue
        for mode in ("read-only", "read-only-secret", "everything"):
            before = len(daemon.requests)
            status, _, body = _px_exchange(proxy(mode).sock,
                                           _px_route_request(route, headers=headers))
            forwarded = _px_forwarded(daemon, before)
            if not route.hijack:
                assert status == 400 and forwarded == [], (route, mode, status)
                assert "upgrade is allowed only on" in _px_message(body)
            elif mode == "everything":
                assert status == 200 and len(forwarded) == 1, (route, mode, status)
            else:
                assert status == 403 and forwarded == [], (route, mode, status)
                assert "read-only" in _px_message(body)


def test_proxy_repeated_parameters_on_every_route(px_walk):
    """Issue 13.2: a parameter the Engine reads once, given twice, is refused on every route
    (the proxy would check one value and the Engine act on another); the parameters a route
    reads as lists pass, in their order."""
    daemon, proxy = px_walk
    running = proxy("everything")
    for route in docksock.proxy_routes():
        if "/checkpoints/{checkpoint}" in route.template:
            continue
        for name in ("container", "name", "filters", "all", "force", "path"):
            if name in route.multi:
                continue
            before = len(daemon.requests)
            status, _, body = _px_exchange(running.sock, _px_route_request(
                route, query="%s=outside&%s=inside" % (name, name)), route.method)
            assert status == 400 and _px_forwarded(daemon, before) == [], (route, name, status)
            assert route.method == "HEAD" or "is repeated" in _px_message(body)
        for name in sorted(route.multi):
            before = len(daemon.requests)
            status, _, _ = _px_exchange(running.sock, _px_route_request(
                route, query="%s=a&x=1&%s=b" % (name, name)), route.method)
            assert status == 200, (route, name)
            sent = urllib.parse.urlsplit(daemon.requests[-1].path).query
            assert sent == "%s=a&x=1&%s=b" % (name, name)


@pytest.mark.parametrize("query, forwarded", [
    ("a=%41&b=c+d&e", "a=A&b=c%20d&e="),
    ("filters=%7B%22label%22%3A%5B%22x%22%5D%7D&all=1",
     "filters=%7B%22label%22%3A%5B%22x%22%5D%7D&all=1"),
    ("&&all=1&", "all=1"),
    ("x=%E2%9C%93", "x=%E2%9C%93"),
    ("a=1%26b%3D2", "a=1%26b%3D2"),
])
def test_proxy_forwards_the_query_it_parsed(px_walk, query, forwarded):
    daemon, proxy = px_walk
    status, _, _ = _px_exchange(proxy("read-only").sock, _px_req("/containers/json?" + query))
    assert status == 200
    assert urllib.parse.urlsplit(daemon.requests[-1].path).query == forwarded


@pytest.mark.parametrize("query", ["all=1;all=0", "x=%zz", "x=%f", "x=%ff%fe", "%=1", "all=1&ALL=0",
                                   "filters={}&Filters={}"])
def test_proxy_refuses_queries_parsers_read_differently(px_walk, query):
    daemon, proxy = px_walk
    before = len(daemon.requests)
    status, _, body = _px_exchange(proxy("read-only").sock, _px_req("/containers/json?" + query))
    assert status == 400 and _px_forwarded(daemon, before) == [], (query, status)


def test_proxy_refuses_form_bodies(px_walk):
    """Go's form parser reads parameters from an url-encoded body ahead of the query, so
    /commit?container=IN with container=OUT in such a body would act on OUT."""
    daemon, proxy = px_walk
    before = len(daemon.requests)
    for ctype in ("application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded; x=1",
                  "multipart/form-data; boundary=x"):
        status, _, body = _px_exchange(proxy("everything").sock, _px_req(
            "/commit?container=inside", "POST", headers=[("Content-Type", ctype),
                                                         ("Content-Length", "17")],
            body=b"container=outside"))
        assert status == 400 and "form" in _px_message(body)
    assert _px_forwarded(daemon, before) == []


@pytest.mark.parametrize("path", [
    "/containers/a/b/json", "/containers/a/b/exec", "/containers/in/alias/archive",
    "/containers/in/alias/attach/ws", "/exec/a/b/start", "/networks/a/b", "/volumes/a/b",
    "/containers/a/json/json",
])
def test_proxy_refuses_names_that_span_segments(px_walk, path):
    """Issue 13.4: /containers/PARENT/ALIAS/... reaches the container linked as ALIAS (the
    Engine's route variable is {name:.*}), so it is refused, never decided as PARENT."""
    daemon, proxy = px_walk
    before = len(daemon.requests)
    method = "POST" if path.endswith(("exec", "start")) else "GET"
    status, _, body = _px_exchange(proxy("everything").sock, _px_req(
        path, method, headers=[("Content-Length", "2")] if method == "POST" else [],
        body=b"{}" if method == "POST" else b""))
    assert status == 400 and _px_forwarded(daemon, before) == [], (path, status, body)
    assert "spans path segments" in _px_message(body)


def test_proxy_image_references_keep_their_slashes(px_walk):
    daemon, proxy = px_walk
    for path in ("/images/127.0.0.1:5000/a/b:1/json", "/images/sha256:abc/history",
                 "/distribution/docker.io/library/busybox:latest/json"):
        status, _, _ = _px_exchange(proxy("read-only").sock, _px_req(path))
        assert status == 200 and daemon.requests[-1].path == path


def test_proxy_expect_100_continue_on_a_denied_request_is_answered_at_once(px_walk):
    """Issue 13.5: the client waits for 100 Continue before sending its body; a denial is its
    answer, without waiting for a body that will not come."""
    daemon, proxy = px_walk
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(proxy("read-only").sock)
        s.sendall(_px_req("/containers/create", "POST", headers=[
            ("Content-Type", "application/json"), ("Expect", "100-continue"),
            ("Content-Length", "1000")]))
        with s.makefile("rb") as f:
            status, headers, body = _px_read_response(f, "POST")
        assert status == 403 and headers.get("connection") == "close"
    finally:
        s.close()


def test_proxy_daemon_upgrading_a_plain_request_is_cut(fake, px_proxy):
    """A daemon answering 101 to a request that asked for no upgrade gets no spliced
    connection: the client's bytes would reach it unchecked."""
    def upgrade(h):
        h.wfile.write(b"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
        h.wfile.flush()
        time.sleep(0.5)
    d = fake(lambda req: upgrade)
    d.server.handle_error = lambda request, address: None
    running = px_proxy(d.url, docksock.ProxyPolicy({"containers"}, read_only=True))
    status, _, body = _px_exchange(running.sock, _px_req("/containers/x/logs"))
    assert status == 502 and "upgraded a request" in _px_message(body)


# -- Through the proxy to the real Engine ------------------------------------------------------

_PX_READ_ONLY = {"containers", "images", "events", "ping", "version", "info"}


def test_proxy_read_only_docker_cli(lab, px_ticker, px_proxy, tmp_path):
    """docker ps, images, inspect, logs -f and events work through a read-only proxy; run, rm
    and exec get the proxy's 403 naming its rule."""
    docker = _px_docker()
    t0 = int(time.time()) - 60
    running = px_proxy(lab.host, docksock.ProxyPolicy(_PX_READ_ONLY, read_only=True))
    env = _px_docker_env(running.host, tmp_path)

    r = _px_run([docker, "ps", "-a", "--no-trunc", "--format", "{{.ID}}"], env)
    assert r.returncode == 0, r.stderr
    assert px_ticker in r.stdout.decode().split()
    r = _px_run([docker, "images", "--format", "{{.Repository}}:{{.Tag}}"], env)
    assert r.returncode == 0 and LAB_IMAGE in r.stdout.decode().split(), r.stderr
    r = _px_run([docker, "inspect", "--type", "container", px_ticker], env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.decode())[0]["Id"] == px_ticker

    proc = subprocess.Popen([docker, "logs", "-f", "--tail", "0", px_ticker], env=env,
                            bufsize=0, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        lines = _px_read_lines(proc, 3)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert len(lines) == 3 and all(re.match(br"line \d+\n$", x) for x in lines), lines
    numbers = [int(x.split()[1]) for x in lines]
    assert numbers == list(range(numbers[0], numbers[0] + 3))

    def actions():   # Podman writes its event log behind the action: under load, ask again
        r = _px_run([docker, "events", "--since", str(t0), "--until", str(int(time.time()) + 1),
                     "--filter", "container=" + px_ticker, "--format", "{{json .}}"], env)
        assert r.returncode == 0, r.stderr
        return [json.loads(x).get("status") or json.loads(x).get("Action")
                for x in r.stdout.decode().splitlines()]
    assert _wait_for(lambda: "start" in actions(), 20 if lab.podman else 0)

    for argv, words in [(["run", "--rm", "--network", "none", LAB_IMAGE, "true"], "read-only"),
                        (["rm", "-f", px_ticker], "read-only"),
                        (["exec", px_ticker, "true"], "section 'exec' is not allowed")]:
        r = _px_run([docker] + argv, env)
        err = r.stderr.decode()
        assert r.returncode != 0 and "is denied" in err and words in err, (argv, err)
    assert _lab_request(lab.sock, "GET", "/containers/%s/json" % px_ticker)[0] == 200
    assert running.errors == []


def test_proxy_read_only_docksock_library(lab, px_ticker, px_proxy):
    t0 = time.time() - 60
    running = px_proxy(lab.host, docksock.ProxyPolicy(_PX_READ_ONLY, read_only=True))
    api = docksock.APIClient(running.host)
    try:
        assert api.ping()
        assert px_ticker in [c["Id"] for c in api.containers(all=True)]
        assert any(LAB_IMAGE in _familiar_tags(i) for i in api.images())
        assert api.inspect_container(px_ticker)["Id"] == px_ticker

        data = _px_follow(api, px_ticker, 3)
        assert re.match(br"(line \d+\n){3}", data), data

        events = list(api.events(since=t0, until=_podman_events_until(lab, time.time()),
                                 decode=True, filters={"container": [px_ticker]}))
        assert "start" in [e.get("status") or e.get("Action") for e in events]

        for call, words in [
                (lambda: api.create_container(LAB_IMAGE, "true", labels={LAB_LABEL: "1"},
                                              host_config={"NetworkMode": "none"}), "read-only"),
                (lambda: api.remove_container(px_ticker, force=True), "read-only"),
                (lambda: api.exec_create(px_ticker, "true"), "section 'exec' is not allowed"),
                (lambda: api.kill(px_ticker), "read-only")]:
            with pytest.raises(docksock.APIError) as e:
                call()
            assert e.value.status_code == 403 and words in e.value.explanation, \
                e.value.explanation
        assert api.ping()        # keep-alive survives the denials
    finally:
        api.close()
    assert _lab_request(lab.sock, "GET", "/containers/%s/json" % px_ticker)[0] == 200


def test_proxy_read_only_docksock_cli(lab, px_ticker, px_proxy):
    t0 = int(time.time()) - 60
    running = px_proxy(lab.host, docksock.ProxyPolicy(_PX_READ_ONLY, read_only=True))
    rc, out, err = run_cli("-H", running.host, "ps", "-a", "-q", "--no-trunc")
    assert (rc, err) == (0, "") and px_ticker in out.split()
    rc, out, err = run_cli("-H", running.host, "images")
    assert rc == 0 and "local/busybox" in out, err
    rc, out, err = run_cli("-H", running.host, "inspect", px_ticker)
    assert rc == 0 and json.loads(out)[0]["Id"] == px_ticker, err
    rc, out, err = run_cli("-H", running.host, "events", "--since", str(t0), "--until",
                           str(int(time.time()) + 1), "--filter", "container=" + px_ticker)
    assert rc == 0 and px_ticker in out and " start " in out, (out, err)

    proc = subprocess.Popen([sys.executable, _PX_DOCKSOCK_PY, "-H", running.host, "logs", "-f",
                             "--tail", "0", px_ticker], bufsize=0, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        lines = _px_read_lines(proc, 3)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert len(lines) == 3 and all(re.match(br"line \d+\n$", x) for x in lines), lines

    for argv, words in [(["run", "--rm", "--network", "none", LAB_IMAGE, "true"], "read-only"),
                        (["rm", "-f", px_ticker], "read-only"),
                        (["exec", px_ticker, "true"], "section 'exec' is not allowed")]:
        rc, out, err = run_cli("-H", running.host, *argv)
        assert rc != 0 and "is denied" in err and words in err, (argv, rc, err)
    assert _lab_request(lab.sock, "GET", "/containers/%s/json" % px_ticker)[0] == 200


def test_proxy_interactive_exec(lab, px_ticker, px_proxy, tmp_path):
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "exec", "ping", "version"}))
    client = docksock.DockerClient(base_url=running.host)
    try:
        container = client.containers.get(px_ticker)
        _, sock = container.exec_run("cat", stdin=True, socket=True)
        try:
            sock.write(b"hello through the proxy\n")
            sock.close_stdin()
            out, err = sock.demux()
        finally:
            sock.close()
        assert (out, err) == (b"hello through the proxy\n", b"")
        assert container.exec_run(["sh", "-c", "echo out; echo err >&2; exit 3"],
                                  demux=True) == (3, (b"out\n", b"err\n"))
    finally:
        client.close()

    docker = shutil.which("docker")
    if docker is not None:
        r = _px_run([docker, "exec", "-i", px_ticker, "cat"], _px_docker_env(running.host,
                                                                             tmp_path),
                    input=b"hello from docker exec -i\n" * 100)
        assert r.returncode == 0, r.stderr
        assert r.stdout == b"hello from docker exec -i\n" * 100
    assert running.errors == []


def test_proxy_label_scope(lab, created, px_proxy, tmp_path):
    t0 = time.time() - 1
    inside = created(Labels={LAB_LABEL: "1", "docksock.scope": "yes"})
    outside = created()
    other_value = created(Labels={LAB_LABEL: "1", "docksock.scope": "no"})
    t1 = time.time() + 1
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "events", "ping",
                                                       "version"}, read_only=True,
                                                      label=_PX_SCOPE))
    api = docksock.APIClient(running.host)
    try:
        assert [c["Id"] for c in api.containers(all=True)] == [inside]
        assert [c["Id"] for c in api.containers(all=True, filters={
            "label": LAB_LABEL})] == [inside]
        assert api.containers(all=True, filters={"id": [outside]}) == []
        assert api.inspect_container(inside)["Id"] == inside
        for cid in (outside, other_value, outside[:12]):
            with pytest.raises(docksock.APIError) as e:
                api.inspect_container(cid)
            assert e.value.status_code == 403 and "label scope" in e.value.explanation
        with pytest.raises(docksock.APIError) as e:
            api.logs(outside)
        assert e.value.status_code == 403
        with pytest.raises(docksock.NotFound) as e:         # the Engine's own answer
            api.inspect_container("no-such-container-px")
        assert "no-such-container-px" in e.value.explanation

        events = list(api.events(since=t0, until=_podman_events_until(lab, t1), decode=True))
        ids = {e.get("id") or e["Actor"]["ID"] for e in events if e.get("Type") == "container"}
        assert ids == {inside}, events
        assert list(api.events(since=t0, until=_podman_events_until(lab, t1), decode=True,
                               filters={"container": [outside]})) == []
    finally:
        api.close()
    direct = docksock.APIClient(lab.host)
    try:      # the Engine did record events for all three: the proxy filtered them
        events = direct.events(since=t0, until=_podman_events_until(lab, t1), decode=True)
        assert {e["Actor"]["ID"] for e in events
                if e.get("Type") == "container"} >= {inside, outside, other_value}

    finally:
        direct.close()

    docker = shutil.which("docker")
    if docker is not None:
        env = _px_docker_env(running.host, tmp_path)
        r = _px_run([docker, "ps", "-a", "-q", "--no-trunc"], env)
        assert r.returncode == 0 and r.stdout.decode().split() == [inside], r.stderr
        r = _px_run([docker, "inspect", "--type", "container", outside], env)
        assert r.returncode != 0 and "label scope" in r.stderr.decode()
        r = _px_run([docker, "events", "--since", str(t0), "--until",
                     str(_podman_events_until(lab, t1)), "--format", "{{.ID}}"], env)
        assert r.returncode == 0 and set(r.stdout.decode().split()) == {inside}, r.stderr
    assert running.errors == []


# -- Issue 13's attacks against the real Engine, each one failing before its fix --------------------

_PX_NONE = "dks-none-%d" % os.getpid()
_PX_ENGINE_SAMPLES = {"container": _PX_NONE, "exec": "0" * 64, "image": "local/%s:1" % _PX_NONE,
                      "plugin": "local/%s:1" % _PX_NONE, "network": _PX_NONE,
                      "volume": _PX_NONE, "id": _PX_NONE, "checkpoint": _PX_NONE}
# Routes not sent to the real Engine: those that reach a registry (the network rule), the
# debug section (only some Engines serve it), and every route without a name in its path
# that changes state (prunes, swarm init, creates): with a name that exists nowhere, the
# others are answered "No such ..." (or "not a swarm manager") and change nothing.
_PX_NOT_SENT = {"GET /images/search", "GET /plugins/privileges", "GET /distribution/{image}/json",
                "DELETE /containers/{container}/checkpoints/{checkpoint}"}


def _px_sendable(route, lab):
    if str(route) in _PX_NOT_SENT or route.section == "debug":
        return False
    if str(route) == "PUT /volumes/{volume}" and \
            docksock._version_tuple(lab.api_version) < (1, 42):
        return False
    return route.method in ("GET", "HEAD") or "{" in route.template


def test_proxy_forwarded_routes_exist_in_the_engine(lab, px_proxy):
    """Each route of the table the proxy forwards reaches a route of the real Engine: its
    answer is never the router's own 404 "page not found"."""
    if lab.podman:
        pytest.skip("Podman serves a subset of the Engine's routes")
    running = px_proxy(lab.host, docksock.ProxyPolicy(_PX_ALL + list(docksock.PROXY_CLASSES)))
    sent = 0
    for route in docksock.proxy_routes():
        if not _px_sendable(route, lab):
            continue
        path = route.template.format(**_PX_ENGINE_SAMPLES)
        query = "until=%d" % int(time.time()) if path == "/events" else \
            "names=" + LAB_IMAGE if path == "/images/get" else ""
        status, _, body = _px_exchange(running.sock, _px_route_request(route, path, query),
                                       route.method, timeout=60)
        assert status is not None and b"page not found" not in body, (route, status, body[:200])
        assert b"is denied" not in body and status not in (400, 403) or \
            b"denied" not in body, (route, status, body[:200])
        sent += 1
    assert sent >= 80
    assert running.errors == []


def _px_ws_attach(sock_path, cid, payload):
    """A websocket attach to cid's stdin (issue 13.1's attack): the status line and headers of
    the answer; when the connection was upgraded, payload is sent as a masked binary frame."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    try:
        s.connect(sock_path)
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(_px_req("/v1.41/containers/%s/attach/ws?stdin=1&stdout=1&stream=1" % cid,
                          headers=[("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                   ("Sec-WebSocket-Key", key), ("Sec-WebSocket-Version", "13"),
                                   ("Origin", "http://docker")]))
        head = b""
        while b"\r\n\r\n" not in head:
            piece = s.recv(4096)
            if not piece:
                break
            head += piece
        if head.startswith(b"HTTP/1.1 101"):
            mask = os.urandom(4)
            s.sendall(bytes([0x82, 0x80 | len(payload)]) + mask +
                      bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
            time.sleep(0.5)
        return head
    finally:
        s.close()


def test_proxy_read_only_refuses_a_websocket_attach(lab, created, px_proxy):
    """Issue 13.1: GET .../attach/ws with Upgrade is a GET, and a read-only proxy forwarded it:
    the websocket frames reached the container's stdin and ran a command."""
    cid = created(cmd=["sh"], OpenStdin=True, Tty=True)
    assert _lab_request(lab.sock, "POST", "/containers/%s/start" % cid)[0] == 204
    running = px_proxy(lab.host, docksock.ProxyPolicy(_PX_READ_ONLY, read_only=True))
    head = _px_ws_attach(running.sock, cid, b"echo pwned > /tmp/pwned\n")
    assert head.startswith(b"HTTP/1.1 403 ") and b"read-only" in head, head
    api = docksock.APIClient(lab.host)
    out = api.exec_start(api.exec_create(cid, ["sh", "-c", "cat /tmp/pwned 2>/dev/null || "
                                                           "echo absent"])["Id"])
    assert out.replace(b"\r", b"") == b"absent\n", out
    if not lab.podman:        # the same attack on the Engine itself: the shape is real
        head = _px_ws_attach(lab.sock, cid, b"echo pwned > /tmp/pwned\n")
        assert head.startswith(b"HTTP/1.1 101"), head


def test_proxy_label_scope_commit_with_a_repeated_container(lab, created, px_proxy):
    """Issue 13.2: /commit?container=OUT&container=IN was checked on IN, committed OUT."""
    inside = created(Labels={LAB_LABEL: "1", "docksock.scope": "yes"})
    outside = created()
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "images"}, label=_PX_SCOPE))
    repo = "local/dks-leak-%d" % os.getpid()
    try:
        # Podman reads query keys in any case: container=IN&Container=OUT committed OUT
        # there (found attacking the proxy); Docker reads "container" only.
        for query in ("container=%s&container=%s" % (outside, inside),
                      "container=%s&container=%s" % (inside, outside),
                      "container=%s&Container=%s" % (inside, outside),
                      "CONTAINER=%s&container=%s" % (outside, inside)):
            status, _, body = _px_exchange(running.sock, _px_req(
                "/v1.41/commit?%s&repo=%s" % (query, repo), "POST",
                headers=[("Content-Type", "application/json"), ("Content-Length", "2")],
                body=b"{}"))
            assert status == 400 and b"is repeated" in body, body
            assert _lab_request(lab.sock, "GET", "/images/%s/json" % repo)[0] == 404
        status, _, body = _px_exchange(running.sock, _px_req(
            "/v1.41/commit?container=%s&repo=%s" % (outside, repo), "POST",
            headers=[("Content-Length", "2")], body=b"{}"))
        assert status == 403 and b"outside the label scope" in body
        status, _, body = _px_exchange(running.sock, _px_req(
            "/v1.41/commit?container=%s&repo=%s" % (inside[:12], repo), "POST",
            headers=[("Content-Type", "application/json"), ("Content-Length", "2")],
            body=b"{}"), timeout=60)
        assert status == 201, body
    finally:
        _lab_request(lab.sock, "DELETE", "/images/%s?force=1" % repo)


def test_proxy_label_scope_survives_concurrent_renames(lab, created, px_proxy):
    """Issue 13.3: the proxy checked a name and forwarded the name; renaming the in-scope
    container to a prefix of an out-of-scope container's ID, concurrently, made the request
    act on the other container.  Now the request goes out with the ID that was checked."""
    inside = created(Labels={LAB_LABEL: "1", "docksock.scope": "yes"})
    outside = created()
    api = docksock.APIClient(lab.host)
    for cid, text in ((inside, b"inside\n"), (outside, b"outside\n")):
        assert api.put_archive(cid, "/", _xt(("secret", "file", text))[0])
    prefix = outside[:10]
    home = "dks-in-%d" % os.getpid()
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers"}, label=_PX_SCOPE))
    stop = threading.Event()
    seen = collections.Counter()

    def rename():
        names = [prefix, home]
        i = 0
        while not stop.is_set():
            status, _, body = _px_exchange(running.sock, _px_req(
                "/containers/%s/rename?name=%s" % (inside, names[i % 2]), "POST"))
            assert status in (204, 409), body
            i += 1

    def read():
        for _ in range(60):
            status, _, body = _px_exchange(running.sock, _px_req(
                "/containers/%s/archive?path=/secret" % prefix), timeout=20)
            if status == 200:
                with tarfile.open(fileobj=io.BytesIO(body)) as tf:
                    seen[tf.extractfile(tf.next()).read()] += 1
            else:
                seen[status] += 1
    renamer = threading.Thread(target=rename, daemon=True)
    renamer.start()
    try:
        read()
    finally:
        stop.set()
        renamer.join(30)
    assert b"outside\n" not in seen, seen
    assert seen[b"inside\n"] > 0 and set(seen) <= {b"inside\n", 403}, seen
    assert running.errors == []


def test_proxy_label_scope_refuses_link_aliases(lab, created, px_proxy):
    """Issue 13.4: /containers/IN/ALIAS/... reaches the container linked into IN as ALIAS."""
    if lab.podman:
        pytest.skip("Podman has no links: 'link is not supported'")
    outside = created("dks-out-%d" % os.getpid())
    inside = "dks-in-%d" % os.getpid()       # a link alias lives under its container's name
    created(inside, Labels={LAB_LABEL: "1", "docksock.scope": "yes"},
            HostConfig={"NetworkMode": "none", "Links": ["dks-out-%d:alias" % os.getpid()]})
    if not lab.podman:       # the Engine resolves the alias to the other container
        status, _, body = _lab_request(lab.sock, "GET", "/containers/%s/alias/json" % inside)
        assert status == 200 and json.loads(body.decode())["Id"] == outside
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "exec"}, read_only=True,
                                                      label=_PX_SCOPE))
    for path in ("/containers/%s/alias/json", "/containers/%s/alias/archive?path=/",
                 "/v1.41/containers/%s/alias/attach/ws"):
        status, _, body = _px_exchange(running.sock, _px_req(path % inside))
        assert status == 400 and b"spans path segments" in body, (path, body)
    # without a label scope too: the alias is not the container the path seems to name
    plain = px_proxy(lab.host, docksock.ProxyPolicy({"containers"}, read_only=True))
    assert _px_exchange(plain.sock, _px_req("/containers/%s/alias/json" % inside))[0] == 400
    assert _px_exchange(plain.sock, _px_req("/containers/%s/json" % inside))[0] == 200


def test_proxy_label_scope_ambiguous_prefix_is_answered_like_the_engine(lab, created, px_proxy):
    """Issue 13.5: an ambiguous ID prefix raised in the handler thread (an empty reply, no log);
    now the client gets the Engine's own answer."""
    by_first = {}
    for _ in range(17):           # 17 IDs: two share a first hex digit
        cid = created(Labels={LAB_LABEL: "1", "docksock.scope": "yes"})
        if cid[0] in by_first:
            break
        by_first[cid[0]] = cid
    prefix = cid[0]
    direct = _lab_request(lab.sock, "GET", "/containers/%s/json" % prefix)
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers"}, read_only=True,
                                                      label=_PX_SCOPE))
    status, _, body = _px_exchange(running.sock, _px_req("/containers/%s/json" % prefix))
    if direct[0] == 200:          # another daemon's container may take the prefix away
        pytest.skip("the prefix %r is not ambiguous here" % prefix)
    assert status == direct[0] and status in (400, 404, 409, 500), (status, body)
    assert _px_message(body) == json.loads(direct[2].decode())["message"]
    assert running.errors == []
    assert any('decision="deny: ' in line for line in running.lines)


def test_proxy_label_scope_exec_and_create(lab, created, px_proxy):
    """Under a label scope, an exec is checked through its container, and a create must carry
    the label (docksock refuses one that does not, rather than adding the label itself)."""
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "exec", "ping", "version"},
                                                      label=_PX_SCOPE))
    outside = created(cmd=("sleep", "60"))
    direct = docksock.APIClient(lab.host)
    direct.start(outside)
    foreign = direct.exec_create(outside, ["true"])["Id"]
    api = docksock.APIClient(running.host)
    try:
        with pytest.raises(docksock.APIError) as e:
            api.create_container(LAB_IMAGE, ["sleep", "60"], labels={LAB_LABEL: "1"},
                                 host_config={"NetworkMode": "none"})
        assert e.value.status_code == 403 and "must carry the label" in e.value.explanation
        cid = api.create_container(LAB_IMAGE, ["sleep", "60"], labels={
            LAB_LABEL: "1", "docksock.scope": "yes"}, host_config={"NetworkMode": "none"})["Id"]
        try:
            api.start(cid)
            assert api.exec_start(api.exec_create(cid, ["echo", "in scope"])["Id"]) == \
                b"in scope\n"
            for call in (lambda: api.exec_inspect(foreign), lambda: api.exec_start(foreign),
                         lambda: api.exec_create(outside, ["true"])):
                with pytest.raises(docksock.APIError) as e:
                    call()
                assert e.value.status_code == 403 and "label scope" in e.value.explanation
        finally:
            direct.remove_container(cid, force=True)
    finally:
        api.close()
    assert running.errors == []


def _px_threads():
    return len(os.listdir("/proc/self/task"))


def _px_until_baseline(fds, threads, seconds=2.0):
    """Wait (at most seconds) for this process's descriptors and threads, read from /proc, to
    come back to the baseline; the last counts."""
    deadline = time.time() + seconds
    while True:
        now = (_px_fd_count(), _px_threads())
        if (now[0] <= fds and now[1] <= threads) or time.time() > deadline:
            return now
        time.sleep(0.02)


def test_proxy_abandoned_streams_are_closed_at_once(lab, created):
    """Issue 13.5: 300 clients that followed a quiet container's logs and 50 that attached to
    it, then went away, held 607 descriptors and 302 threads until the container next printed.
    Both sides of a stream now close when either goes away: within 2 s all are back."""
    # one line first: Podman sends a followed log's head with its first line
    cid = created(cmd=("sh", "-c", "echo ready; exec sleep 600"), OpenStdin=True)
    assert _lab_request(lab.sock, "POST", "/containers/%s/start" % cid)[0] == 204
    running = _PxRunning(lab.host, docksock.ProxyPolicy({"containers"}))
    clients = []
    try:
        assert _px_exchange(running.sock, _px_req("/_ping"))[0] in (200, 403)
        time.sleep(0.2)
        fds, threads = _px_fd_count(), _px_threads()
        # (Podman's conmon takes a few attaches at once: more fail with EAGAIN)
        attaches = 5 if lab.podman else 50
        for i in range(300 + attaches):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(20)
            s.connect(running.sock)
            if i < 300:
                s.sendall(_px_req("/containers/%s/logs?follow=1&stdout=1&stderr=1" % cid))
            else:
                s.sendall(_px_req("/containers/%s/attach?stream=1&stdin=1&stdout=1" % cid,
                                  "POST", headers=[("Connection", "Upgrade"),
                                                   ("Upgrade", "tcp")]))
            clients.append(s)
        for i, s in enumerate(clients):       # every stream is under way
            head = b""
            while b"\r\n\r\n" not in head:
                piece = s.recv(4096)
                assert piece, head
                head += piece
            assert head.startswith(b"HTTP/1.1 200" if i < 300 else b"HTTP/1.1 101"), head
        assert _px_fd_count() > fds + 600 and _px_threads() > threads + 300
        for s in clients:
            s.close()
        clients = []
        now = _px_until_baseline(fds, threads)
        assert now[0] <= fds and now[1] <= threads, ((fds, threads), now)
        assert running.errors == []
    finally:
        for s in clients:
            s.close()
        running.close()


def test_proxy_header_and_idle_timeouts(lab, px_proxy):
    """A client that sends nothing, half a head, or goes idle is closed (issue 13.5: idle
    clients starved real ones)."""
    running = px_proxy(lab.host, docksock.ProxyPolicy({"ping"}), header_timeout=0.3,
                       idle_timeout=0.3)
    # (found attacking the proxy: a chunked body's trailers were awaited without a timeout)
    endless = [_px_req("/containers/x/kill", "POST", headers=[("Transfer-Encoding", "chunked")],
                       body=body) for body in (b"0\r\n", b"0\r\nX-Trailer: 1\r\n", b"5\r\nab")]
    for data in [b"", b"GET /_ping HTTP/1.1\r\nHost: x\r\n", _px_req("/_ping")] + endless:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        try:
            s.connect(running.sock)
            s.sendall(data)
            got = b""
            while True:
                piece = s.recv(65536)        # a proxy that never closes fails by timeout
                if not piece:
                    break
                got += piece
        finally:
            s.close()
        if data in endless:
            assert got.startswith(b"HTTP/1.1 403 ") and b"Connection: close" in got
        elif data.endswith(b"\r\n\r\n"):
            assert got.startswith(b"HTTP/1.1 200 ")
        elif data:
            assert got.startswith(b"HTTP/1.1 408 ") and b"did not arrive within" in got
        else:
            assert got == b""


def test_proxy_connection_cap(lab, px_proxy):
    running = px_proxy(lab.host, docksock.ProxyPolicy({"ping"}), max_connections=3)
    idle = []
    try:
        for _ in range(3):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(10)
            s.connect(running.sock)
            idle.append(s)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        try:
            s.connect(running.sock)       # answered at once, before it says anything
            with s.makefile("rb") as f:
                status, headers, body = _px_read_response(f)
        finally:
            s.close()
        assert status == 503 and "serves 3 connections at most" in _px_message(body)
        idle.pop().close()
        deadline = time.time() + 5
        while time.time() < deadline:
            try:
                status = _px_exchange(running.sock, _px_req("/_ping"))[0]
            except OSError:
                status = None
            if status == 200:
                break
            time.sleep(0.05)
        assert status == 200
    finally:
        for s in idle:
            s.close()


def test_proxy_upstream_from_socket_discovery(lab, tmp_path):
    """Issue 18.5: with only $XDG_RUNTIME_DIR/docker.sock there, the client found the daemon and
    the proxy's check failed on /var/run/docker.sock; it now uses the client's endpoint."""
    if os.path.exists(docksock.DEFAULT_UNIX_SOCKET):
        pytest.skip("%s exists here" % docksock.DEFAULT_UNIX_SOCKET)
    run = tmp_path / "run"
    run.mkdir()
    os.symlink(lab.sock, str(run / "docker.sock"))
    env = {"HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(run), "DOCKER_CONFIG": str(tmp_path),
           "PATH": os.environ.get("PATH", "")}
    client = docksock.APIClient(environment=env)
    assert client.ping()
    for upstream in (client, client.endpoint):
        listen = tempfile.mkdtemp(prefix="dks", dir="/tmp")
        proxy = docksock.Proxy("unix://" + listen + "/p.sock", upstream,
                               docksock.ProxyPolicy({"ping"}))
        thread = threading.Thread(target=proxy.serve_forever, args=(0.05,), daemon=True)
        try:
            proxy.check_upstream()
            thread.start()
            assert _px_exchange(listen + "/p.sock", _px_req("/_ping"))[::2] == (200, b"OK")
        finally:
            proxy.shutdown()
            thread.join(5)
            shutil.rmtree(listen, ignore_errors=True)
    listen = tempfile.mkdtemp(prefix="dks", dir="/tmp")
    proc = subprocess.Popen([sys.executable, _PX_DOCKSOCK_PY, "proxy", "--listen",
                             "unix://%s/p.sock" % listen, "--allow", "ping"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 15
        while time.time() < deadline and not _lab_ping(listen + "/p.sock"):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        assert _lab_ping(listen + "/p.sock")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
        shutil.rmtree(listen, ignore_errors=True)


# -- The create policy -------------------------------------------------------------------------

_PX_POLICY = dict(allow={"containers", "exec", "volumes", "build"}, deny_privileged=True,
                  deny_host_namespaces=True, deny_cap_add=True, deny_devices=True,
                  allow_bind=["/srv/data"])


@pytest.mark.parametrize("body, field", [
    ({"HostConfig": {"Privileged": True}}, "HostConfig.Privileged"),
    ({"hostconfig": {"privileged": True}}, "HostConfig.Privileged"),     # Go matches any case
    ({"HostConfig": {"Privileged": 1}}, "HostConfig.Privileged"),
    ({"HostConfig": {"SecurityOpt": ["seccomp=unconfined"]}}, "HostConfig.SecurityOpt"),
    ({"HostConfig": {"SecurityOpt": ["apparmor:unconfined"]}}, "HostConfig.SecurityOpt"),
    ({"HostConfig": {"MaskedPaths": []}}, "HostConfig.MaskedPaths"),
    ({"HostConfig": {"NetworkMode": "host"}}, "HostConfig.NetworkMode is host"),
    ({"HostConfig": {"PidMode": "host"}}, "HostConfig.PidMode is host"),
    ({"HostConfig": {"IpcMode": "host"}}, "HostConfig.IpcMode is host"),
    ({"HostConfig": {"UTSMode": "host"}}, "HostConfig.UTSMode is host"),
    ({"HostConfig": {"UsernsMode": "host"}}, "HostConfig.UsernsMode is host"),
    ({"HostConfig": {"CgroupnsMode": "host"}}, "HostConfig.CgroupnsMode is host"),
    ({"HostConfig": {"\u017fecurityOpt": ["x"]}}, "HostConfig.SecurityOpt"),   # long s folds
    ({"HostConfig": {"CapAdd": ["SYS_ADMIN"]}}, "HostConfig.CapAdd"),
    ({"HostConfig": {"Capabilities": ["CAP_SYS_ADMIN"]}}, "HostConfig.Capabilities"),
    ({"HostConfig": {"Devices": [{"PathOnHost": "/dev/sda"}]}}, "HostConfig.Devices"),
    ({"HostConfig": {"DeviceRequests": [{"Count": -1}]}}, "HostConfig.DeviceRequests"),
    ({"HostConfig": {"DeviceCgroupRules": ["a *:* rwm"]}}, "HostConfig.DeviceCgroupRules"),
    ({"HostConfig": {"Binds": ["/:/host"]}}, "HostConfig.Binds '/:/host'"),
    ({"HostConfig": {"Binds": ["/srv/data/../../etc:/x"]}}, "is not under an allowed path"),
    ({"HostConfig": {"Binds": ["/srv/database:/x"]}}, "is not under an allowed path"),
    ({"HostConfig": {"Mounts": [{"Type": "bind", "Source": "/etc"}]}}, "bind of '/etc'"),
    # Podman 4.3 binds these (found attacking the proxy): a relative source, from its own
    # working directory, and a Volumes key naming a host path
    ({"HostConfig": {"Binds": ["../../../../etc:/x"]}}, "neither an absolute host path"),
    ({"HostConfig": {"Binds": [".:/x"]}}, "neither an absolute host path"),
    ({"Image": "x", "Volumes": {"/etc:/x": {}}}, "Volumes '/etc:/x'"),
    ({"Image": "x", "volumes": {"../etc:/x:ro": {}}}, "neither an absolute host path"),
    ({"HostConfig": {"VolumesFrom": ["agent"]}}, "HostConfig.VolumesFrom"),
    ({"HostConfig": {"PidMode": "container:agent"}}, "HostConfig.PidMode joins"),
    ({"HostConfig": {"Mounts": [{"Type": "volume", "Source": "v", "VolumeOptions": {
        "DriverConfig": {"Name": "local", "Options": {"o": "bind", "device": "/"}}}}]}},
     "DriverConfig"),
    # Docker 20.10 reads HostConfig's fields at the top level too (found attacking the proxy)
    ({"Image": "x", "Privileged": True}, "HostConfig.Privileged"),
    ({"Image": "x", "HostConfig": {}, "Binds": ["/:/host"]}, "HostConfig.Binds '/:/host'"),
    ({"Image": "x", "NetworkMode": "host", "HostConfig": {"NetworkMode": "none"}},
     "HostConfig.NetworkMode is host"),
    ({"Image": "x", "capadd": ["ALL"]}, "HostConfig.CapAdd"),
])
def test_proxy_create_policy_denials_name_the_field(body, field):
    policy = docksock.ProxyPolicy(**_PX_POLICY)
    route = docksock.match_route("POST", "/containers/create")[0]
    assert policy.reads_body(route)
    with pytest.raises(docksock.ProxyDenied) as e:
        policy.check_body(route, docksock._json_body(json.dumps(body).encode(), "x"))
    assert e.value.status == 403 and field in str(e.value), str(e.value)


@pytest.mark.parametrize("body", [
    {"Image": "x", "HostConfig": {"Binds": ["/srv/data/a:/a:ro", "named:/b"],
                                  "NetworkMode": "none", "SecurityOpt": ["no-new-privileges"],
                                  "Mounts": [{"Type": "tmpfs", "Target": "/t"},
                                             {"Type": "bind", "Source": "/srv/data"}]}},
    {"Image": "x", "HostConfig": {"Privileged": False, "CapAdd": [], "Devices": None}},
    {"Image": "x", "Volumes": {"/data": {}}, "HostConfig": {"Binds": ["v.1_x-y:/v"]}},
    {"Image": "x"},
])
def test_proxy_create_policy_allows_what_it_should(body):
    policy = docksock.ProxyPolicy(**_PX_POLICY)
    route = docksock.match_route("POST", "/containers/create")[0]
    policy.check_body(route, docksock._json_body(json.dumps(body).encode(), "x"))


@pytest.mark.parametrize("raw, words", [
    (b'{"HostConfig": {"Privileged": false, "privileged": true}}', "more than once"),
    (b'{"HostConfig": {"Privileged": false}, "HostConfig": {"Privileged": true}}', "twice"),
    (b'{"HostConfig": {}} trailing', "not JSON"),
    (b'[{"HostConfig": {"Privileged": true}}]', "not a JSON object"),
    (b'{"HostConfig": "\xff"}', "not JSON"),
])
def test_proxy_create_policy_refuses_bodies_decoders_read_differently(raw, words):
    policy = docksock.ProxyPolicy(**_PX_POLICY)
    route = docksock.match_route("POST", "/containers/create")[0]
    with pytest.raises(docksock.ProxyDenied) as e:
        policy.check_body(route, docksock._json_body(raw, "POST /containers/create"))
    assert e.value.status == 400 and words in str(e.value), str(e.value)


def test_proxy_create_policy_beyond_creates():
    policy = docksock.ProxyPolicy(**_PX_POLICY)
    exec_route = docksock.match_route("POST", "/containers/c/exec")[0]
    with pytest.raises(docksock.ProxyDenied, match="Privileged is set"):
        policy.check_body(exec_route, {"Cmd": ["sh"], "privileged": True})
    policy.check_body(exec_route, {"Cmd": ["sh"]})
    volume = docksock.match_route("POST", "/volumes/create")[0]
    with pytest.raises(docksock.ProxyDenied, match="DriverOpts"):
        policy.check_body(volume, {"Name": "v", "DriverOpts": {"device": "/", "o": "bind"}})
    build = docksock.match_route("POST", "/build")[0]
    with pytest.raises(docksock.ProxyDenied, match="networkmode=HOST"):
        policy.check_query(build, [("networkmode", "HOST")])
    with pytest.raises(docksock.ProxyDenied, match="networkmode=host"):
        policy.check_query(build, [("NetworkMode", "host")])    # Podman reads any case
    with pytest.raises(docksock.ProxyDenied, match="networkmode=container:agent"):
        policy.check_query(build, [("networkmode", "container:agent")])
    # BuildKit's gRPC API: dockerd grants network.host to a solve that asks for it
    grpc = docksock.match_route("POST", "/grpc")[0]
    with pytest.raises(docksock.ProxyDenied, match="cannot read BuildKit"):
        policy.check_query(grpc, [])
    docksock.ProxyPolicy(allow={"build"}).check_query(grpc, [])
    with pytest.raises(docksock.ProxyDenied, match="fetch a URL"):
        policy.check_query(docksock.match_route("POST", "/images/create")[0],
                           [("FromSrc", "http://169.254.169.254/")])
    assert docksock.ProxyPolicy(**dict(_PX_POLICY, allow={"containers", "services"})
                                ).warnings() != []


def test_proxy_create_policy_against_the_engine(lab, px_proxy, tmp_path):
    """The create policy through the proxy: a denial names the field and creates nothing; an
    allowed create (a bind under the allowed path) reaches the Engine."""
    allowed = tmp_path / "data"
    allowed.mkdir()
    running = px_proxy(lab.host, docksock.ProxyPolicy(**dict(_PX_POLICY,
                                                             allow_bind=[str(allowed)])))
    base = {"Image": LAB_IMAGE, "Cmd": ["true"], "Labels": {LAB_LABEL: "1"}}
    name = "dks-policy-%d" % os.getpid()

    def create(host_config, expect_headers=()):
        body = json.dumps(dict(base, HostConfig=dict({"NetworkMode": "none"},
                                                     **host_config))).encode()
        return _px_exchange(running.sock, _px_req(
            "/v1.41/containers/create?name=" + name, "POST",
            headers=[("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            + list(expect_headers), body=body), timeout=60)
    try:
        for host_config, field in [({"Privileged": True}, "HostConfig.Privileged"),
                                   ({"Binds": ["/etc:/x"]}, "HostConfig.Binds '/etc:/x'"),
                                   ({"CapAdd": ["ALL"]}, "HostConfig.CapAdd")]:
            status, _, body = create(host_config)
            assert status == 403 and field in _px_message(body), body
            assert _lab_request(lab.sock, "GET", "/containers/%s/json" % name)[0] == 404
        status, _, body = create({"Binds": ["%s:/data:ro" % allowed]},
                                 [("Expect", "100-continue")])
        assert status == 201, body
        info = json.loads(_lab_request(lab.sock, "GET", "/containers/%s/json" % name)[2])
        # (Podman adds its defaults: ":ro,rprivate,rbind")
        assert info["HostConfig"]["Binds"][0].startswith("%s:/data:ro" % allowed)
    finally:
        _lab_request(lab.sock, "DELETE", "/containers/%s?force=1" % name)


def test_proxy_create_policy_top_level_host_config_against_the_engine(lab, px_proxy):
    """Found attacking the proxy: Docker 20.10 takes a create body's top-level Privileged,
    Binds... as its HostConfig when "HostConfig" is absent (a deprecated embedding), so a
    policy reading only HostConfig let a privileged container through."""
    name = "dks-toplevel-%d" % os.getpid()
    body = json.dumps({"Image": LAB_IMAGE, "Cmd": ["true"], "Labels": {LAB_LABEL: "1"},
                       "NetworkMode": "none", "Binds": ["/etc:/host:ro"]}).encode()
    try:
        if not lab.podman:
            status, _, _ = _lab_request(lab.sock, "POST", "/containers/create?name=" + name,
                                        body=body, headers={"Content-Type": "application/json"})
            assert status == 201
            info = json.loads(_lab_request(lab.sock, "GET", "/containers/%s/json" % name)[2])
            _lab_request(lab.sock, "DELETE", "/containers/%s?force=1" % name)
            print("this Engine binds a top-level Binds:", info["HostConfig"].get("Binds"))
        running = px_proxy(lab.host, docksock.ProxyPolicy(**dict(_PX_POLICY,
                                                                 allow_bind=["/srv/data"])))
        status, _, answer = _px_exchange(running.sock, _px_req(
            "/containers/create?name=" + name, "POST", headers=[
                ("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            body=body))
        assert status == 403 and "HostConfig.Binds '/etc:/host:ro'" in _px_message(answer)
        assert _lab_request(lab.sock, "GET", "/containers/%s/json" % name)[0] == 404
    finally:
        _lab_request(lab.sock, "DELETE", "/containers/%s?force=1" % name)


def _px_tar(files):
    """A tar (bytes) of {name: data}."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _px_create_is_denied(lab, running, name, extra, field):
    """A create of a labelled busybox container with extra in its body, through the proxy:
    refused naming field, and nothing created."""
    body = json.dumps(dict({"Image": LAB_IMAGE, "Cmd": ["true"], "Labels": {LAB_LABEL: "1"}},
                           **extra)).encode()
    status, _, answer = _px_exchange(running.sock, _px_req(
        "/containers/create?name=" + name, "POST", headers=[
            ("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        body=body), timeout=60)
    assert status == 403 and field in _px_message(answer), answer
    assert _lab_request(lab.sock, "GET", "/containers/%s/json" % name)[0] == 404


def test_proxy_create_policy_other_containers_against_the_engine(lab, created, px_proxy):
    """Found attacking the proxy: a new container joining the namespaces of a container that
    has the host's (--network/--pid/--ipc container:AGENT, or a build's networkmode) ran in
    the host's namespaces under --deny-host-namespaces, and --volumes-from a container that
    binds a host path got that bind under --allow-bind (both Engines, 20.10 and 28.5)."""
    agent = created(HostConfig={"NetworkMode": "host", "PidMode": "host", "IpcMode": "host",
                                "Binds": ["/etc:/host-etc:ro"]})
    running = px_proxy(lab.host, docksock.ProxyPolicy(**_PX_POLICY))
    name = "dks-joins-%d" % os.getpid()
    try:
        for host_config, field in [
                ({"NetworkMode": "container:" + agent}, "HostConfig.NetworkMode joins"),
                ({"NetworkMode": "none", "PidMode": "container:" + agent[:12]},
                 "HostConfig.PidMode joins"),
                ({"NetworkMode": "none", "IpcMode": "container:" + agent},
                 "HostConfig.IpcMode joins"),
                ({"NetworkMode": "none", "VolumesFrom": [agent + ":ro"]},
                 "HostConfig.VolumesFrom")]:
            _px_create_is_denied(lab, running, name, {"HostConfig": host_config}, field)
        context = _px_tar({"Dockerfile": b"FROM %s\n" % LAB_IMAGE.encode()})
        status, _, answer = _px_exchange(running.sock, _px_req(
            "/build?networkmode=container:%s&t=dks-joins:%d" % (agent, os.getpid()), "POST",
            headers=[("Content-Type", "application/x-tar"),
                     ("Content-Length", str(len(context)))], body=context), timeout=60)
        assert status == 403 and "networkmode=container:" in _px_message(answer), answer
    finally:
        _lab_request(lab.sock, "DELETE", "/containers/%s?force=1" % name)
        _lab_request(lab.sock, "DELETE", "/images/dks-joins:%d?force=1" % os.getpid())


def test_proxy_create_policy_binds_podman_reads_against_the_engine(lab, px_proxy):
    """Found attacking the proxy in front of Podman 4.3: Binds ["../../../../etc:/x"] (a path
    from Podman's working directory) and Volumes {"/etc:/x": {}} both bound /etc under
    --allow-bind; Docker answers the first with 400 and makes the second an anonymous volume."""
    running = px_proxy(lab.host, docksock.ProxyPolicy(**_PX_POLICY))
    name = "dks-relbind-%d" % os.getpid()
    try:
        for extra, field in [
                ({"HostConfig": {"NetworkMode": "none",
                                 "Binds": ["../../../../../../../../etc:/x:ro"]}},
                 "neither an absolute host path nor a volume name"),
                ({"Volumes": {"/etc:/x": {}}, "HostConfig": {"NetworkMode": "none"}},
                 "Volumes '/etc:/x'")]:
            _px_create_is_denied(lab, running, name, extra, field)
    finally:
        _lab_request(lab.sock, "DELETE", "/containers/%s?force=1" % name)


def test_proxy_refuses_api_versions_below_the_floor(lab, created, px_proxy):
    """Found attacking the proxy: below API 1.24, Docker 20.10 applies a start request's body
    as the container's HostConfig, binds and privileges included, past any create policy."""
    cid = created(cmd=("sleep", "30"))
    body = b'{"NetworkMode": "none", "Binds": ["/etc:/host:ro"]}'
    running = px_proxy(lab.host, docksock.ProxyPolicy(**dict(_PX_POLICY,
                                                             allow_bind=["/srv/data"])))
    status, _, answer = _px_exchange(running.sock, _px_req(
        "/v1.23/containers/%s/start" % cid, "POST", headers=[
            ("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        body=body))
    assert status == 400 and "older than 1.24" in _px_message(answer)
    info = json.loads(_lab_request(lab.sock, "GET", "/containers/%s/json" % cid)[2])
    assert not info["HostConfig"].get("Binds") and info["State"]["Running"] is False
    for target in ("/v1.24/_ping", "/v1.41/_ping", "/_ping"):
        assert _px_exchange(running.sock, _px_req(target))[0] in (200, 403)


def test_proxy_half_closed_request_is_answered(fake, px_proxy):
    """A client that sends its request and shuts its sending side (nc -N, socat) is answered,
    as the Engine answers it; its EOF reaches the daemon as a half-close."""
    d = fake(lambda req: _json({"ok": 1}))
    running = px_proxy(d.url, docksock.ProxyPolicy({"containers"}, read_only=True))
    assert _px_half_closed(running.sock, "/containers/json") == (200, b'{"ok": 1}', b"")


def _px_half_closed(path, target):
    """Send a GET and shut the sending side: (status, body, what followed the answer)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    try:
        s.connect(path)
        s.sendall(_px_req(target))
        s.shutdown(socket.SHUT_WR)
        with s.makefile("rb") as f:
            status, _, body = _px_read_response(f)
            return status, body, f.read()
    finally:
        s.close()


def test_proxy_refuses_web_pages(lab, created, px_proxy):
    """Found attacking the proxy: on tcp://127.0.0.1 a web page the user visits can send
    requests to it, and one that re-points its own name to 127.0.0.1 (DNS rebinding) reads
    the answers: a read-only proxy handed it a container's environment (its secrets).  Engine
    clients send neither Origin nor Sec-Fetch-*, and name the host by address or localhost."""
    cid = created(Env=["DB_PASSWORD=hunter2"])
    port = free_port()
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers"}, read_only=True))
    tcp = docksock.Proxy("tcp://127.0.0.1:%d" % port, lab.host,
                         docksock.ProxyPolicy({"containers"}, read_only=True))
    thread = threading.Thread(target=tcp.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    def get(headers, unix=False):
        data = ("GET /containers/%s/json HTTP/1.1\r\n%s\r\n" % (cid, "".join(
            "%s: %s\r\n" % h for h in headers))).encode()
        if unix:
            return _px_exchange(running.sock, data, timeout=30)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(data)
            with s.makefile("rb") as f:
                return _px_read_response(f)
    try:
        for headers in ([("Host", "rebound.example:%d" % port)],
                        [("Host", "127.0.0.1:%d" % port), ("Origin", "http://example.com")],
                        [("Host", "127.0.0.1:%d" % port), ("Origin", "null")],
                        [("Host", "localhost"), ("Sec-Fetch-Site", "cross-site")]):
            status, _, body = get(headers)
            assert status == 403 and b"hunter2" not in body, (headers, body)
        status, _, body = get([("Host", "rebound.example"), ("Sec-Fetch-Mode", "cors")], True)
        assert status == 403 and b"hunter2" not in body
        for headers in ([("Host", "127.0.0.1:%d" % port)], [("Host", "localhost:%d" % port)],
                        [("Host", "[::1]:%d" % port)], [("Host", "api.moby.localhost")],
                        [("Host", "localhost"), ("Origin", "http://docker")]):
            status, _, body = get(headers)
            assert status == 200 and b"hunter2" in body, (headers, body[:200])
        status, _, body = get([("Host", "rebound.example")], True)    # Unix: no browser
        assert status == 200
        status, _, body = get([("Host", "rebound.example"), ("Origin", "http://evil.example")],
                              True)
        assert status == 403
        status, _, body = get([("Host", "proxy:2375"), ("Origin", "http://proxy:2375")], True)
        assert status == 200        # a websocket client's Origin names the host it reached
    finally:
        tcp.shutdown()
        thread.join(5)
    # Listening elsewhere than on loopback (not tried here: the network rule), clients may
    # name the proxy (a compose service name), so Host names are checked on loopback only
    assert tcp._loopback and not running.proxy._loopback
    assert [docksock._is_loopback(a) for a in ("127.0.0.2", "::1", "0.0.0.0", "10.0.0.1")] \
        == [True, True, False, False]


def test_proxy_abandoned_tcp_followers_end_their_streams(lab, created):
    """Over TCP a client's close looks like a half-close; passed on to the Engine, it ends the
    followed stream there, so the proxy's side ends too."""
    cid = created(cmd=("sh", "-c", "echo ready; exec sleep 600"))
    assert _lab_request(lab.sock, "POST", "/containers/%s/start" % cid)[0] == 204
    port = free_port()
    proxy = docksock.Proxy("tcp://127.0.0.1:%d" % port, lab.host,
                           docksock.ProxyPolicy({"containers"}, read_only=True))
    thread = threading.Thread(target=proxy.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    clients = []
    try:
        time.sleep(0.1)
        fds, threads = _px_fd_count(), _px_threads()
        for _ in range(30):
            s = socket.create_connection(("127.0.0.1", port), timeout=20)
            s.sendall(_px_req("/containers/%s/logs?follow=1&stdout=1" % cid))
            clients.append(s)
        for s in clients:
            assert s.recv(4096).startswith(b"HTTP/1.1 200 ")
        for s in clients:
            s.close()
        clients = []
        now = _px_until_baseline(fds, threads, 5)
        assert now[0] <= fds and now[1] <= threads, ((fds, threads), now)
    finally:
        for s in clients:
            s.close()
        proxy.shutdown()
        thread.join(5)


def test_proxy_hostile_daemon_heads_are_502(raw, px_proxy):
    for behave in (_send(_head(headers=[("X-Big", "v" * 70000)])),
                   _send(_head(headers=[("Content-Length", "2"), ("Transfer-Encoding", "chunked")])
                         + b"{}"),
                   _send(_head(headers=[("Content-Length", "\u00b2".encode("utf-8").decode(
                       "latin-1"))])),
                   _send(b"HTTP/1.1 2000 OK\r\n\r\n"), _send(b"SSH-2.0-x\r\n\r\n")):
        d = raw(behave)
        running = px_proxy(d.url, docksock.ProxyPolicy({"containers"}, read_only=True))
        status, _, body = _px_exchange(running.sock, _px_req("/containers/json"))
        assert status == 502, body
        assert running.errors == []


def test_proxy_tls_upstream(lab, px_ticker, px_proxy):
    """An upstream reached over TLS: plain calls, a followed log and a hijacked exec relay
    through it (Python's TLS sockets have no half-close; the proxy never asks one for it)."""
    if not lab.tls_host:
        pytest.skip("TLS needs the lab's own daemon (DOCKSOCK_TEST_HOST is set)")
    tls = docksock.TLSConfig(client_cert=(os.path.join(lab.tls_dir, "cert.pem"),
                                          os.path.join(lab.tls_dir, "key.pem")),
                             ca_cert=os.path.join(lab.tls_dir, "ca.pem"), verify=True)
    upstream = docksock.APIClient(lab.tls_host, tls=tls)
    running = px_proxy(upstream, docksock.ProxyPolicy({"containers", "exec", "ping", "version"}))
    api = docksock.APIClient(running.host)
    try:
        assert api.ping() and px_ticker in [c["Id"] for c in api.containers()]
        data = _px_follow(api, px_ticker, 2)
        assert re.match(br"line \d+\nline \d+\n", data), data
        assert api.exec_start(api.exec_create(px_ticker, ["echo", "over tls"])["Id"]) == \
            b"over tls\n"
        assert _px_half_closed(running.sock, "/containers/json")[0] == 200
    finally:
        api.close()
    assert running.errors == []


def test_proxy_label_scope_events_trailing_slash(lab, created, px_proxy):
    t0 = time.time() - 1
    inside = created(Labels={LAB_LABEL: "1", "docksock.scope": "yes"})
    outside = created()
    t1 = time.time() + 1
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "events"}, read_only=True,
                                                      label=_PX_SCOPE))
    for target in ("/v1.41/events?since=%f&until=%f", "/v1.41/events/?since=%f&until=%f"):
        target %= (t0, _podman_events_until(lab, t1))
        status, _, body = _px_exchange(running.sock, _px_req(target), timeout=15)
        if status == 403:
            continue            # denying the odd spelling is as good as filtering it
        assert status == 200, (target, body[:200])
        ids = {e["Actor"]["ID"] for e in _json_stream(body) if e.get("Type") == "container"}
        assert inside in ids and outside not in ids, target


def test_proxy_label_scope_filters_other_engines_widen(lab, created, px_proxy):
    """Found attacking the proxy in front of Podman 4.3: it matches an event carrying any one
    of several label filters, so events?filters={"label":["scope=theirs"]} (plus the scope's
    own label) streamed the other containers' events; it reads filter keys in any case too.
    Container lists AND label filters on both Engines and keep the client's."""
    t0 = time.time() - 1
    inside = created(Labels={LAB_LABEL: "1", "docksock.scope": "yes", "tier": "a"})
    outside = created(Labels={LAB_LABEL: "1", "docksock.scope": "no", "tier": "a"})
    t1 = time.time() + 1
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "events"}, read_only=True,
                                                      label=_PX_SCOPE))
    since = "since=%f&until=%f" % (t0, _podman_events_until(lab, t1))
    for filters in ({"label": ["docksock.scope=no"]}, {"label": {"tier=a": True}},
                    {"Label": ["docksock.scope=no"]}):
        status, _, body = _px_exchange(running.sock, _px_req(
            "/v1.41/events?%s&filters=%s" % (since, urllib.parse.quote(json.dumps(filters)))),
            timeout=15)
        assert status == 400 and outside.encode() not in body, (filters, body[:300])
    status, _, body = _px_exchange(running.sock, _px_req(
        "/v1.41/events?%s&filters=%s" % (since, urllib.parse.quote(json.dumps(
            {"label": [_PX_SCOPE], "type": ["container"]})))), timeout=15)
    ids = {e["Actor"]["ID"] for e in _json_stream(body)}
    assert status == 200 and inside in ids and outside not in ids
    status, _, body = _px_exchange(running.sock, _px_req(
        "/v1.41/containers/json?all=1&filters=%s" % urllib.parse.quote(json.dumps(
            {"label": ["tier=a"]}))), timeout=15)
    ids = [c["Id"] for c in json.loads(body)]
    assert status == 200 and inside in ids and outside not in ids


def test_proxy_label_scope_old_network_lists(lab, created, px_proxy):
    """Found attacking the proxy: below API 1.28 GET /networks names every container attached
    to each network (Docker 20.10 and 28.5), those outside the label scope too."""
    outside = created()
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "networks"},
                                                      read_only=True, label=_PX_SCOPE))
    for version in ("1.24", "1.27", "01.27"):
        status, _, body = _px_exchange(running.sock, _px_req("/v%s/networks" % version))
        assert status == 403 and outside.encode() not in body, (version, body[:300])
    for target in ("/v1.28/networks", "/networks"):
        status, _, body = _px_exchange(running.sock, _px_req(target))
        assert status == 200 and outside.encode() not in body, (target, body[:300])


def test_proxy_listen_options(lab, px_proxy):
    """--mode and --group set the socket file's mode and group; a live socket is not taken
    over; a loopback TCP listener works too."""
    import grp
    group = next((g for g in grp.getgrall() if g.gr_gid != os.getgid()), None)
    running = px_proxy(lab.host, docksock.ProxyPolicy({"ping"}), mode=0o660,
                       group=group.gr_name if group else None)
    st = os.stat(running.sock)
    assert oct(st.st_mode & 0o777) == oct(0o660)
    if group is not None:
        assert st.st_gid == group.gr_gid
    with pytest.raises(docksock.InvalidArgument, match="a server answers there"):
        docksock.Proxy(running.host, lab.host, docksock.ProxyPolicy({"ping"}))
    assert _lab_ping(running.sock)

    port = free_port()
    lines = []
    tcp = docksock.Proxy("tcp://127.0.0.1:%d" % port, lab.host, docksock.ProxyPolicy({"ping"}),
                         log=lines.append)
    thread = threading.Thread(target=tcp.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        api = docksock.APIClient("tcp://127.0.0.1:%d" % port)
        try:
            assert api.ping()
        finally:
            api.close()
    finally:
        tcp.shutdown()
        thread.join(5)
    assert lines and lines[-1].startswith("client=127.0.0.1:")


def test_proxy_listen_path_that_is_a_file_is_kept(lab):
    d = tempfile.mkdtemp(prefix="dks", dir="/tmp")
    path = os.path.join(d, "daemon.json")
    with open(path, "w") as f:
        f.write("{}\n")
    try:
        try:
            proxy = docksock.Proxy("unix://" + path, lab.host, docksock.ProxyPolicy({"ping"}))
        except (OSError, docksock.DockerException):
            proxy = None
        else:
            proxy.server.server_close()
        assert proxy is None, "the proxy listens where a regular file was"
        with open(path) as f:
            assert f.read() == "{}\n"
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_proxy_access_log(lab, px_proxy):
    """One line a request; bytes counts a body's data, not its chunked framing (the Engine
    chunks an answer of over 2 KiB, as /info's)."""
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers", "ping", "info"},
                                                      read_only=True))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    try:
        s.connect(running.sock)
        s.sendall(_px_req("/_ping") + _px_req("/v1.41/containers/json?all=1") +
                  _px_req("/containers/create", "POST", headers=[("Content-Length", "2")],
                          body=b"{}") + _px_req("/_ping", "HEAD") + _px_req("/info"))
        with s.makefile("rb") as f:
            sizes = [_px_read_response(f, method)[::2]
                     for method in ("GET", "GET", "POST", "HEAD", "GET")]
        sizes = [(status, len(body)) for status, body in sizes]
    finally:
        s.close()
    assert [st for st, _ in sizes] == [200, 200, 403, 200, 200]
    deadline = time.time() + 2
    while len(running.lines) < 5 and time.time() < deadline:
        time.sleep(0.01)
    assert len(running.lines) == 5, running.lines
    pattern = re.compile(r'client=(\S+) method=(\S+) path=("[^"]*") route=("[^"]*") '
                         r'decision=(".*") status=(\d+) bytes=(\d+) duration=(\d+\.\d+)s$')
    parsed = [pattern.match(line) for line in running.lines]
    assert all(parsed), running.lines
    rows = [(m.group(2), json.loads(m.group(3)), json.loads(m.group(4)),
             json.loads(m.group(5)), int(m.group(6)), int(m.group(7))) for m in parsed]
    assert rows == [
        ("GET", "/_ping", "GET /_ping", "allow: section ping, class read", 200, 2),
        ("GET", "/v1.41/containers/json?all=1", "GET /containers/json",
         "allow: section containers, class read", 200, sizes[1][1]),
        ("POST", "/containers/create", "POST /containers/create",
         "deny: POST /containers/create is denied: the proxy is read-only "
         "(POST /containers/create is class exec)", 403, 0),
        ("HEAD", "/_ping", "HEAD /_ping", "allow: section ping, class read", 200, 0),
        ("GET", "/info", "GET /info", "allow: section info, class read", 200, sizes[4][1])]
    assert all(m.group(1) == "unix" for m in parsed)


def test_proxy_access_log_records_interrupted_streams(lab, px_ticker, px_proxy):
    running = px_proxy(lab.host, docksock.ProxyPolicy({"containers"}, read_only=True))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    try:
        s.connect(running.sock)
        s.sendall(_px_req("/v1.41/containers/%s/logs?follow=1&stdout=1&tail=0" % px_ticker))
        data = b""
        while b"line" not in data:
            data += s.recv(65536)
    finally:
        s.close()       # the client goes away in the middle of the stream
    deadline = time.time() + 3
    while time.time() < deadline and not any("/logs" in x for x in running.lines):
        time.sleep(0.05)
    assert [x for x in running.lines if "/logs" in x], running.lines


def _px_spawn_proxy(host, listen, *args):
    return subprocess.Popen([sys.executable, _PX_DOCKSOCK_PY, "-H", host, "proxy", "--listen",
                             listen] + list(args), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_proxy_cli_sigterm_ends_streams(lab):
    d = tempfile.mkdtemp(prefix="dks", dir="/tmp")
    path = os.path.join(d, "ro.sock")
    proc = _px_spawn_proxy(lab.host, "unix://" + path, "--allow", "ping,events")
    stream = None
    try:
        deadline = time.time() + 15
        while time.time() < deadline and not (os.path.exists(path) and
                                              _lab_ping(path)):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        assert _lab_ping(path)
        stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stream.settimeout(10)
        stream.connect(path)
        stream.sendall(_px_req("/events"))
        head = b""
        while b"\r\n\r\n" not in head:
            piece = stream.recv(4096)
            assert piece, head
            head += piece
        assert head.startswith(b"HTTP/1.1 200 ")
        proc.send_signal(signal.SIGTERM)
        started = time.time()
        out, err = proc.communicate(timeout=6)
        assert proc.returncode == 0, err
        assert time.time() - started < 5
        while True:             # the stream ends (at once; nothing else writes to it)
            piece = stream.recv(65536)
            if not piece:
                break
        assert not os.path.exists(path)
        assert b"listening on unix://" + path.encode() in err
    finally:
        if stream is not None:
            stream.close()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        shutil.rmtree(d, ignore_errors=True)


def test_proxy_cli_unreachable_upstream():
    d = tempfile.mkdtemp(prefix="dks", dir="/tmp")
    path, missing = os.path.join(d, "ro.sock"), os.path.join(d, "nothing.sock")
    proc = _px_spawn_proxy("unix://" + missing, "unix://" + path, "--allow", "ping")
    try:
        try:
            out, err = proc.communicate(timeout=6)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail("the proxy did not exit: %r" % err[-500:])
        assert proc.returncode == 1
        assert b"Cannot connect to the Docker daemon at unix://" + missing.encode() in err
        assert not os.path.exists(path)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_proxy_refuses_imports_from_a_url(px_walk):
    """Found attacking the proxy: POST /images/create?fromSrc=URL makes the daemon fetch any
    URL (a cloud metadata service) and hand it back as an image: server-side request
    forgery for anyone allowed images' write routes.  An import from the body passes."""
    daemon, proxy = px_walk
    running = proxy("everything")
    before = len(daemon.requests)
    for src in ("http://169.254.169.254/latest/meta-data/", "file:///etc/shadow", ""):
        status, _, body = _px_exchange(running.sock, _px_req(
            "/images/create?fromSrc=%s&repo=x" % urllib.parse.quote(src, safe=""), "POST"))
        assert status == 403 and "fetch a URL" in _px_message(body)
    assert _px_forwarded(daemon, before) == []
    status, _, _ = _px_exchange(running.sock, _px_req("/images/create?fromSrc=-&repo=x", "POST",
                                                      headers=[("Content-Length", "0")]))
    assert status == 200


def test_proxy_daemon_gone_is_answered_502(fake, px_proxy):
    d = fake(lambda req: _json({}))
    running = px_proxy(d.url, docksock.ProxyPolicy({"ping"}))
    assert _px_exchange(running.sock, _px_req("/_ping"))[0] == 200
    d.close()
    status, _, body = _px_exchange(running.sock, _px_req("/_ping"))
    assert status == 502 and "cannot reach the daemon" in _px_message(body)
    assert running.errors == []


def test_proxy_shutdown_without_serving():
    d = tempfile.mkdtemp(prefix="dks", dir="/tmp")
    path = os.path.join(d, "p.sock")
    proxy = docksock.Proxy("unix://" + path, "unix://" + os.path.join(d, "nothing.sock"),
                           docksock.ProxyPolicy({"ping"}))
    try:
        with pytest.raises(docksock.DockerConnectionError):
            proxy.check_upstream()
        t = threading.Thread(target=proxy.shutdown, daemon=True)
        t.start()
        t.join(2)
        stuck = t.is_alive()
        if stuck:   # release the waiting thread so it does not outlive the test
            proxy.server._BaseServer__is_shut_down.set()
            t.join(3)
        assert not stuck, "Proxy.shutdown() did not return"
        assert not os.path.exists(path)
    finally:
        shutil.rmtree(d, ignore_errors=True)


# -- Properties: the normaliser never maps a denied path to an allowed decision -----------------

_PX_PIECES = ["/", ".", "..", "%2f", "%2e", "%25", "containers", "exec", "json", "v1.41", "x",
              "?", "#", "\\"]
_PX_FORWARD_SAFE = "/:@!$&'()*+,;=-._~"   # the proxy's quote() safe set for the forwarded path


def _px_engine_route(forwarded_path):
    """Segments of the route the Engine would match: Go decodes the path once, the router
    cleans it (dot segments, duplicate slashes) and strips an optional /v{version} prefix."""
    cleaned = posixpath.normpath(urllib.parse.unquote(forwarded_path))
    segments = cleaned.lstrip("/").split("/")
    if segments and re.fullmatch(r"v[0-9.]+", segments[0]):
        segments = segments[1:]
    return segments


def _px_check_allowed_route(target, forwarded_path):
    segments = _px_engine_route(forwarded_path)
    assert segments[0] == "containers", (target, forwarded_path)
    assert segments[2:3] != ["exec"], (target, forwarded_path)    # POST /containers/{id}/exec


def _px_targets(st):
    return st.lists(st.sampled_from(_PX_PIECES), min_size=1, max_size=12).map(
        lambda pieces: "/" + "".join(pieces))


def test_proxy_property_normaliser_never_opens_a_denied_route():
    hypothesis = pytest.importorskip("hypothesis")
    policy = docksock.ProxyPolicy({"containers"}, read_only=True)

    @hypothesis.settings(max_examples=1000, deadline=None)
    @hypothesis.given(target=_px_targets(hypothesis.strategies))
    def check(target):
        try:
            path, query, unversioned = docksock.canonical_path(target)
            policy.decide("GET", unversioned)
        except docksock.ProxyDenied:
            return
        _px_check_allowed_route(target, urllib.parse.quote(path, safe=_PX_FORWARD_SAFE))
    check()


def test_proxy_property_policy_is_read_only():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    policy = docksock.ProxyPolicy({"containers"}, read_only=True)

    @hypothesis.settings(max_examples=500, deadline=None)
    @hypothesis.given(target=_px_targets(st), method=st.sampled_from(
        ["GET", "HEAD", "POST", "DELETE", "PUT", "PATCH", "get", "Get", "head", "GET "]))
    def check(target, method):
        try:
            unversioned = docksock.canonical_path(target)[2]
            policy.decide(method, unversioned)
        except docksock.ProxyDenied:
            return
        assert method in ("GET", "HEAD")
    check()


def test_proxy_property_end_to_end(px_bypass):
    """The same property through a running proxy: what reached the upstream is a containers
    route, and whatever did not reach it was answered with an error status."""
    hypothesis = pytest.importorskip("hypothesis")
    running, daemon = px_bypass

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(target=_px_targets(hypothesis.strategies))
    def check(target):
        before = daemon.connections
        status, _, _ = _px_exchange(running.sock, _px_req(target))
        if daemon.connections == before:
            assert status in (400, 403), (target, status)
            return
        assert status == 200, (target, status)
        forwarded = daemon.requests[-1].path.partition("?")[0]
        _px_check_allowed_route(target, forwarded)
    check()


# -- Load: 200 clients, streams and short calls, for DOCKSOCK_PROXY_LOAD_SECONDS ----------------


def _px_burst(path, n=200):
    """n clients connect at the same moment (sockets with a timeout, as docksock's and Go's
    are, so a full listen backlog is EAGAIN) and ping: the statuses or errors they got."""
    barrier = threading.Barrier(n)
    results = []

    def one():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        try:
            barrier.wait()
            s.connect(path)
            s.sendall(_px_req("/_ping"))
            with s.makefile("rb") as f:
                results.append((_px_read_response(f) or (None,))[0])
        except OSError as e:
            results.append(repr(e))
        finally:
            s.close()
    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_proxy_connect_burst(lab, px_proxy):
    assert _px_burst(lab.sock) == [200] * 200          # the Engine itself takes the burst
    running = px_proxy(lab.host, docksock.ProxyPolicy({"ping"}))
    results = _px_burst(running.sock)
    assert results == [200] * 200, collections.Counter(results)
#
# The issue asks for 30 s; CI runs 10 s unless DOCKSOCK_PROXY_LOAD_SECONDS says otherwise.

def _px_fd_count():
    return len(os.listdir("/proc/self/fd"))


def test_proxy_load_and_latency(lab, created):
    seconds = float(os.environ.get("DOCKSOCK_PROXY_LOAD_SECONDS", "10"))
    tickers = [created(cmd=_PX_TICKER) for _ in range(3)]
    for cid in tickers:
        assert _lab_request(lab.sock, "POST", "/containers/%s/start" % cid)[0] == 204
    baseline_fds = _px_fd_count()
    baseline_threads = set(threading.enumerate())
    running = _PxRunning(lab.host, docksock.ProxyPolicy(
        {"containers", "events", "ping", "version"}, read_only=True))
    stop = threading.Event()
    errors, counts = [], collections.Counter()
    lock = threading.Lock()

    def note(kind, n=1):
        with lock:
            counts[kind] += n

    def short_calls(i):
        api = docksock.APIClient(running.host, version="1.41")
        rnd = random.Random(i)
        try:
            while not stop.is_set():
                assert api.ping() is True
                ids = [c["Id"] for c in api.containers(all=True)]
                assert set(tickers) <= set(ids), ids
                cid = rnd.choice(tickers)
                info = api.inspect_container(cid)
                assert info["Id"] == cid and info["Config"]["Cmd"] == _PX_TICKER
                note("calls", 3)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(("short %d" % i, repr(e)))
        finally:
            api.close()

    def follow_logs(i):
        api = docksock.APIClient(running.host, version="1.41")
        cid = tickers[i % len(tickers)]
        stream = None
        try:
            stream = api.logs(cid, stream=True, follow=True, tail=0)
            buf, last = b"", None
            for piece in stream:
                buf += piece
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    n = int(line.split()[1])
                    assert last is None or n == last + 1, (last, n)
                    last = n
                    note("log lines")
                if stop.is_set():
                    break
            if not stop.is_set():
                raise AssertionError("the logs stream ended early")
            assert last is not None, "no log line arrived"
        except Exception as e:  # noqa: BLE001
            errors.append(("logs %d" % i, repr(e)))
        finally:
            if stream is not None:
                stream.close()
            api.close()

    def follow_events(i):
        api = docksock.APIClient(running.host, version="1.41")
        cid = tickers[i % len(tickers)]
        stream = None
        try:
            stream = api.events(decode=True, filters={"container": [cid], "event": ["kill"]})
            got = 0
            for event in stream:
                assert event["Actor"]["ID"] == cid, event
                got += 1
                note("events")
                if stop.is_set():
                    break
            if not stop.is_set():
                raise AssertionError("the events stream ended early")
            assert got, "no event arrived"
        except Exception as e:  # noqa: BLE001
            errors.append(("events %d" % i, repr(e)))
        finally:
            if stream is not None:
                stream.close()
            api.close()

    generating = threading.Event()
    generating.set()

    def make_events():
        # SIGWINCH is ignored by sh, so each kill is a harmless event on a running ticker.
        # It runs until the event streams have ended, so each of them wakes up to see stop.
        while generating.is_set():
            time.sleep(0.2)
            for cid in tickers:
                _lab_request(lab.sock, "POST", "/containers/%s/kill?signal=SIGWINCH" % cid)

    threads = [threading.Thread(target=short_calls, args=(i,)) for i in range(150)]
    threads += [threading.Thread(target=follow_logs, args=(i,)) for i in range(25)]
    threads += [threading.Thread(target=follow_events, args=(i,)) for i in range(25)]
    generator = threading.Thread(target=make_events)
    random.Random(0).shuffle(threads)
    try:
        generator.start()
        for t in threads:      # all at once: the listen backlog takes the burst
            t.start()
        time.sleep(seconds)
    finally:
        stop.set()
        deadline = time.time() + 30
        for t in threads:
            t.join(max(0.1, deadline - time.time()))
        generating.clear()
        generator.join(10)
    stuck = [t for t in threads if t.is_alive()]
    try:
        assert not stuck, "%d client threads did not finish" % len(stuck)
        assert errors == [], errors[:10]
        assert running.errors == [], running.errors[:10]
        assert counts["calls"] > 0 and counts["log lines"] > 0 and counts["events"] > 0

        # Added latency: median of 500 sequential pings, through the proxy and direct.
        medians = {}
        for name, host in (("direct", lab.host), ("proxy", running.host)):
            api = docksock.APIClient(host, version="1.41")
            try:
                api.ping()
                samples = []
                for _ in range(500):
                    started = time.perf_counter()
                    api.ping()
                    samples.append(time.perf_counter() - started)
            finally:
                api.close()
            samples.sort()
            medians[name] = samples[len(samples) // 2]
    finally:
        running.close()
    added = medians["proxy"] - medians["direct"]
    print("\nproxy load: %.0f s, %d short calls (%.0f/s), %d log lines, %d events, 200 clients"
          % (seconds, counts["calls"], counts["calls"] / seconds, counts["log lines"],
             counts["events"]))
    print("proxy latency: ping median direct %.3f ms, through the proxy %.3f ms, added %.3f ms"
          % (medians["direct"] * 1e3, medians["proxy"] * 1e3, added * 1e3))

    deadline = time.time() + 10
    while time.time() < deadline and (set(threading.enumerate()) - baseline_threads):
        time.sleep(0.05)
    left = set(threading.enumerate()) - baseline_threads
    assert not left, sorted(t.name for t in left)
    fds = _px_fd_count()
    assert abs(fds - baseline_fds) <= 5, (baseline_fds, fds)
    assert added < 0.05



def test_proxy_decodes_few_bodies_at_once(monkeypatch):
    """Many clients sending big create bodies together cannot make the proxy hold them
    all decoded at once: at most two are decoded at a time."""
    active, peak, lock = [0], [0], threading.Lock()
    real = docksock._JSONDecoder.decode

    def slow_decode(*args, **kwargs):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                active[0] -= 1
    monkeypatch.setattr(docksock._JSONDecoder, "decode", slow_decode)
    threads = [threading.Thread(target=docksock._json_body, args=(b'{"Image": "x"}', "a create"))
               for _ in range(8)]
    for t_ in threads:
        t_.start()
    for t_ in threads:
        t_.join(10)
    assert peak[0] == 2

# ==== --format: Go's text/template as docker runs it =============================
#
# Expected texts were checked against docker 28.5's CLI (test_templates_match_docker_28
# runs that comparison wherever the binary is).

_TMPL_DATA = {"ID": "abc", "Name": "web", "Command": '"sh"', "Size": 123456789, "N": None,
              "Config": {"Env": ["A=1", "B=<2>"], "Labels": {"x": "1", "y": "2"},
                         "Image": "busybox", "Cmd": ["a", "<b>"]},
              "State": {"Running": False, "Status": "exited"},
              "L": [1, "a", None, True, 1.5, {"k": None}],
              "Mounts": [{"Source": "/a"}, {"Source": "/b"}],
              "Networks": {"b": {"IPAddress": "10.0.0.2"}, "a": {"IPAddress": "10.0.0.1"}}}


@pytest.mark.parametrize("template, expected", [
    ("{{.ID}}: {{.Command}}", 'abc: "sh"'),
    ("{{json .Config}}", '{"Cmd":["a","<b>"],"Env":["A=1","B=<2>"],"Image":"busybox",'
                         '"Labels":{"x":"1","y":"2"}}'),
    ("{{range .Networks}}{{.IPAddress}} {{end}}", "10.0.0.1 10.0.0.2 "),
    ("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", "x=1;y=2;"),
    ("{{range $i, $e := .L}}{{if eq $i 2}}{{break}}{{end}}{{$e}},{{end}}", "1,a,"),
    ("{{range .L}}{{.}},{{end}}", "1,a,<no value>,true,1.5,map[k:<nil>],"),
    ("{{$x := .Name}}{{$x}}{{$x = \"b\"}}{{$x}}", "webb"),
    ("{{(index .Config.Env 0)}}|{{len (index .Config.Env 1)}}", "A=1|5"),
    ("{{join .Config.Env \",\"}}", "A=1,B=<2>"),
    ("{{.Config.Env | len | printf \"%d env\"}}", "2 env"),
    ("{{lower .Name}} {{upper .Name}} {{title \"hello world-x fOo\"}}",
     "web WEB Hello World-X FOo"),
    ("{{split \"a,b,,c\" \",\"}}|{{join (split \"a:b\" \":\") \"-\"}}", "[a b  c]|a-b"),
    ("{{println .Name}}x", "web\nx"), ("{{pad .Name 2 3}}|{{pad \"\" 1 1}}|", "  web   ||"),
    ("{{truncate .Name 2}}|{{truncate .Name 10}}", "we|web"),
    ("{{index .Config.Labels \"x\"}}|{{index .Config.Labels \"missing\"}}", "1|<no value>"),
    ("{{if .State.Running}}up{{else if .Name}}named{{else}}down{{end}}", "named"),
    ("{{with .State}}{{.Status}}{{end}}|{{with .N}}a{{else}}b{{end}}", "exited|b"),
    ("{{with .N}}a{{else with .Name}}{{.}}{{end}}", "web"),
    ("{{range .Mounts}}{{.Source}} {{end}}", "/a /b "), ("{{range 3}}{{.}}{{end}}", "012"),
    ("{{printf \"%q %5d|%-4s|%05.1f|%x|%X|%o|%b|%c|%U|%e|%g|%v\" .Name 3 \"a\" 2.5 255 \"hi\" "
     "8 5 65 65 1234.5678 0.000012345 1e21}}",
     '"web"     3|a   |002.5|ff|6869|10|101|A|U+0041|1.234568e+03|1.2345e-05|1e+21'),
    ("{{printf \"%d %s\" .Name 3}}|{{printf \"%d\" 1 2}}|{{printf \"%z\" 3}}|{{printf \"%5\"}}",
     "%!d(string=web) %!s(int=3)|1%!(EXTRA int=2)|%!z(int=3)|%!(NOVERB)"),
    ("{{print 1 2 \"a\" \"b\" 3 nil}}|{{print .Missing}}", "1 2ab3 <nil>|<nil>"),
    ("{{html \"<a href=\\\"x\\\">&\"}}|{{js \"a'b<>=\"}}|{{urlquery \"a b&c/d\"}}",
     "&lt;a href=&#34;x&#34;&gt;&amp;|a\\'b\\u003C\\u003E\\u003D|a+b%26c%2Fd"),
    ("{{- .Name -}}  \n x", "webx"), ("{{/* a comment */}}x|{{- /* c */ -}} y", "x|y"),
    ("{{define \"t\"}}[{{.}}]{{end}}{{template \"t\" .Name}}", "[web]"),
    ("{{block \"b\" .Name}}<{{.}}>{{end}}", "<web>"),
    ("{{.Missing}}|{{.N}}|{{.Config}}", "<no value>|<no value>|map[Cmd:[a <b>] Env:[A=1 "
                                         "B=<2>] Image:busybox Labels:map[x:1 y:2]]"),
    ("{{eq .Name \"web\" \"x\"}} {{ne 1 2}} {{lt 1 2}} {{ge \"a\" \"b\"}} {{not .N}} "
     "{{and .Name 0}} {{or .N .Name}}", "true true true false true 0 web"),
    ("{{\"\\x41\\101\\u00e9\"}}|{{'a'}}|{{0x1F}}|{{1e3}}|{{-2}}|{{0o17}}|{{1_000}}",
     "AA\u00e9|97|31|1000|-2|15|1000"),
])
def test_template_language(template, expected):
    assert docksock.render_template(template, _TMPL_DATA) == expected


@pytest.mark.parametrize("template, message", [
    ("{{.ID", "template: :1: unclosed action"),
    ("a\n{{.Name", "template: :2: unclosed action"),
    ("{{nosuch .ID}}", 'template: :1: function "nosuch" not defined'),
    ("{{$nope}}", 'template: :1: undefined variable "$nope"'),
    ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{range .L}}x", "template: :1: unexpected EOF"),
    ("{{.Name)}}", "template: :1: unexpected right paren"),
    ("{{.Name}", "template: :1: bad character U+007D '}'"),
    ("{{.Name.}}", "template: :1: unexpected <.> in operand"),
    ("{{1x}}", 'template: :1: bad number syntax: "1x"'),
    ("{{'ab'}}", "template: :1: malformed character constant: 'ab'"),
    ('{{"\\ud800"}}', "template: :1: invalid syntax"),
    ("{{break}}", "template: :1: {{break}} outside {{range}}"),
    ("{{.Name | 3}}", "template: :1: non executable command in pipeline stage 2"),
    ("{{.N.X}}", 'template: :1:4: executing "" at <.N.X>: nil pointer evaluating '
                 "interface {}.X"),
    ("{{.L.X}}", 'template: :1:4: executing "" at <.L.X>: can\'t evaluate field X in type '
                 "interface {}"),
    ("{{range .Name}}{{.}}{{end}}", 'template: :1:8: executing "" at <.Name>: range can\'t '
                                    "iterate over web"),
    ("{{index .Config.Labels 1}}", 'template: :1:2: executing "" at <index .Config.Labels '
                                   "1>: error calling index: value has type int; should be "
                                   "string"),
    ("{{lt 1 \"a\"}}", 'template: :1:2: executing "" at <lt 1 "a">: error calling lt: '
                       "incompatible types for comparison: int and string"),
    ("{{upper .L}}", 'template: :1:8: executing "" at <.L>: wrong type for value; expected '
                     "string; got []interface {}"),
    ("{{.Name 3}}", 'template: :1:2: executing "" at <.Name>: Name is not a method but has '
                    "arguments"),
    ("{{template \"nope\"}}", 'template: :1:11: executing "" at <{{template "nope"}}>: '
                              'template "nope" not defined'),
    ("{{call .Name}}", 'template: :1:2: executing "" at <call .Name>: error calling call: '
                       "non-function .Name of type string"),
])
def test_template_errors_in_gos_words(template, message):
    with pytest.raises(docksock.InvalidArgument) as e:
        docksock.render_template(template, _TMPL_DATA)
    assert str(e.value) == message


def test_template_missing_keys_as_docker_inspect_runs_them():
    with pytest.raises(docksock.InvalidArgument, match='map has no entry for key "Foo"'):
        docksock.Template("{{.Foo}}").render(_TMPL_DATA, missingkey_error=True)


@pytest.mark.parametrize("template, message", [
    ("{{if 1}}" * 5000 + "x" + "{{end}}" * 5000, "max nesting depth exceeded"),
    ("(" * 5000, None), ("{{" + "(" * 5000 + "1" + ")" * 5000 + "}}", "max nesting depth"),
    ("{{pad .Name 999999999999 0}}", "error calling pad: the output is larger than"),
    ("{{printf \"%*d\" 1000000000 1}}", "%!(BADWIDTH)"),
    ("{{range $i := 100000000}}{{.}}{{end}}", "the template took more than"),
    ("{{define \"r\"}}{{template \"r\"}}{{end}}{{template \"r\"}}",
     "exceeded maximum template depth (100)"),
    ('{{"\\ud800"}}', "invalid syntax"), ("{{" * 100000, 'unexpected "{" in command'),
])
def test_template_bounds(template, message):
    """Issue 17's templates: each ends at once in an error (or bounded output), not in a
    RecursionError, MemoryError, UnicodeEncodeError or minutes of parsing."""
    try:
        out = docksock.render_template(template, _TMPL_DATA)
    except docksock.InvalidArgument as e:
        assert message and message in str(e), str(e)
        return
    assert message is None or message in out
    assert len(out) <= docksock._TEMPLATE_MAX_OUTPUT


def test_template_output_of_a_lone_surrogate_is_written():
    """A template's "\\xff" or a daemon's "\\ud800" reaches a stream that encodes strictly
    as bytes (U+FFFD for a lone surrogate) instead of a UnicodeEncodeError."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    docksock._Stdio(stream, stream).write(docksock.render_template(
        '{{"\\xff"}}{{.}}', "\ud800\u00e9"))
    stream.flush()
    assert raw.getvalue() == b"\xff\xef\xbf\xbd\xc3\xa9"


def _template_work(text):
    """How much work parsing text takes, counted in tokens and nodes (not time)."""
    tokens = docksock._template_tokens(text, "")
    nodes = []
    try:
        tmpl = docksock.Template(text)
        stack = list(tmpl.root)
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack += [n for n in (node.b, node.c) if isinstance(n, list) for n in n]
    except docksock.InvalidArgument:
        pass
    return len(tokens) + len(nodes)


@pytest.mark.parametrize("unit", ["{{", "{{.A}}x", "{{if .A}}{{.B}}{{end}}", "{{/* x */}}",
                                  "{{range $k, $v := .M}}{{$k}}{{end}}", "x}}{{ {{-"])
def test_template_parsing_is_linear(unit):
    """Doubling a template doubles the parser's tokens and nodes (issue 17: 100,000
    unclosed {{ took 199 s)."""
    small, large = _template_work(unit * 2000), _template_work(unit * 4000)
    assert small > 0 and large <= 2 * small + 10


def test_template_table_header_and_label_like_docker():
    """A table's header is the titles, run through docker's header functions (json, upper,
    split... give the title back; pad does not); .Label "a.b-c_d" is titled "b c d"."""
    rows = [docksock._ps_context(docksock.as_go_type(
        {"Id": "a" * 64, "Names": ["/web"], "Labels": {"a.b=": "1", "a.b-c_d": "x", "a": "2"}},
        "container.Summary"), 0, True)]
    out = io.StringIO()
    docksock._format_rows(docksock._Stdio(out), rows,
                          'table {{.ID}}\\t{{upper .Names}}\\t{{.Label "a.b-c_d"}}\\t'
                          '{{pad .Names 1 1}}|{{.Labels}}', "", docksock._PS_HEADERS)
    assert out.getvalue().splitlines() == [
        "CONTAINER ID   NAMES     b c d      NAMES |LABELS",
        "aaaaaaaaaaaa   WEB       x          web |a.b-c_d=x,a.b==1,a=2"]


_SBS_CONTAINER = {"Id": "3b2e" + "0" * 60, "Names": ["/web"], "Image": "local/busybox:latest",
                  "ImageID": "sha256:" + "f" * 64, "Command": "sh -c 'x'", "Created": 1700000000,
                  "Status": "Up <7 seconds & more", "State": "running",
                  "Labels": {"a": "1", "a.b": "2", "z": "<&>"}, "Ports": [], "Mounts": [],
                  "NetworkSettings": {"Networks": {"none": {}}}}
_SBS_ROUTES = {
    "/containers/json": [_SBS_CONTAINER],
    "/containers/web/json": dict(_TMPL_DATA, Name="/web", Id="3b2e"),
    "/images/json": [{"Id": "sha256:" + "a" * 64, "RepoTags": ["busybox:latest"],
                      "RepoDigests": ["busybox@sha256:" + "b" * 64], "Created": 1700000000,
                      "Size": 4261550, "SharedSize": -1, "Containers": -1, "Labels": None},
                     {"Id": "sha256:" + "c" * 64, "RepoTags": [], "RepoDigests": [],
                      "Created": 1600000000, "Size": 0, "SharedSize": 12, "Containers": 2}],
    "/networks": [{"Name": "none", "Id": "abcdef0123456789", "Scope": "local",
                   "Created": "2025-01-02T03:04:05.123456789Z", "Driver": "null",
                   "EnableIPv6": False, "Internal": True, "Labels": {"k": "v"}}],
    "/volumes": {"Volumes": [{"Name": "v1", "Driver": "local", "Mountpoint": "/x",
                              "Labels": {"k": "v"}, "Scope": "local",
                              "UsageData": {"Size": 2048, "RefCount": 1}}], "Warnings": None},
    "/images/busybox/history": [{"Id": "sha256:" + "a" * 64, "Created": 1700000000,
                                 "CreatedBy": "/bin/sh -c #(nop)\tCMD [\"sh\"]",
                                 "Tags": ["busybox:latest"], "Size": 1234567, "Comment": ""},
                                {"Id": "<missing>", "Created": 900000000, "CreatedBy": "x",
                                 "Size": 0, "Comment": "imported"}],
    "/system/df": {"LayersSize": 100, "Images": [], "Containers": [], "Volumes": [],
                   "BuildCache": []},
    "/version": {"Version": "28.5.2", "ApiVersion": "1.51", "MinAPIVersion": "1.24",
                 "Os": "linux", "Arch": "amd64", "Components": [
                     {"Name": "Engine", "Version": "28.5.2", "Details": {"ApiVersion": "1.51"}}]},
}
_SBS_EVENTS = [{"status": "start", "id": "abc", "from": "busybox", "Type": "container",
                "Action": "start", "Actor": {"ID": "abc", "Attributes": {"image": "busybox",
                                                                         "name": "web"}},
                "scope": "local", "time": 1700000000, "timeNano": 1700000000123456789},
               {"Type": "volume", "Action": "create", "Actor": {"ID": "v", "Attributes": {}},
                "scope": "local", "time": 1700000001, "timeNano": 1700000001000000000}]
_SBS_RAW = "{{$z := .L}}"      # makes docker's typed attempt fail: its raw JSON is run
_SBS_COMMANDS = [
    ["ps"], ["ps", "--format", "json"], ["ps", "--format", "raw"], ["ps", "--no-trunc"],
    ["ps", "--format", '{{.Label "a"}}|{{.Labels}}|{{.Label "nope"}}|{{.Platform}}'],
    ["ps", "--format", 'table {{.ID}}\\t{{.Label "a.b-c_d"}}\\t{{upper .Names}}'],
    ["ps", "--format", "{{.Nope}}"], ["ps", "--format", "{{.ID"], ["ps", "-q"],
    ["images"], ["images", "--format", "json"], ["images", "--digests"], ["images", "-q"],
    ["images", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}"], ["images", "--format", "raw"],
    ["network", "ls"], ["network", "ls", "--format", "json"],
    ["network", "ls", "--format", "{{.CreatedAt}} {{.IPv4}} {{.Label \"k\"}}"],
    ["volume", "ls"], ["volume", "ls", "--format", "json"],
    ["volume", "ls", "--format", "{{.Links}} {{.Size}} {{.Status}} {{.Label \"k\"}}"],
    ["history", "busybox"], ["history", "busybox", "-H=false"], ["history", "busybox", "--format", "json"],
    ["history", "busybox", "--no-trunc", "--format", "{{.CreatedBy}}|{{.CreatedSince}}"],
    ["system", "df", "--format", "json"], ["system", "df", "--format", "{{.Nope}}"],
    ["events", "--since", "0", "--until", "1"], ["events", "--since", "0", "--until", "1",
                                                   "--format", "json"],
    ["events", "--since", "0", "--until", "1", "--format", "{{.ID}}|{{.Status}}|{{.TimeNano}}|"
     "{{.From}}|{{.Scope}}|{{.Actor}}|{{.}}"],
    ["events", "--since", "0", "--until", "1", "--format", "{{.Nope}}"],
    ["version", "--format", "{{.Server.APIVersion}} {{json .Server}}"],
    ["version", "--format", "{{.Nope}}"], ["version", "--format", "{{.ID"],
    ["inspect", "web"], ["inspect", "--format", "json", "web"],
    ["inspect", "--format", "{{.Foo}}", "web"],
    ["inspect", "--format", "{{.ID", "web"],
] + [["inspect", "--format", _SBS_RAW + t, "web"] for t in (
    "{{.Name}}|{{.L}}|{{json .L}}|{{.Size}}|{{.Config}}", "{{range $k, $v := .Config.Labels}}"
    "{{$k}}={{$v}};{{end}}", "{{.N.X}}", "{{index .Config.Labels \"nope\"}}", "{{json .}}",
    "{{printf \"%q %v\" .Name .Config.Env}}", "{{(index .L 5).k}}", "{{.L.X}}",
    "{{template \"nope\"}}", "{{lt 1 \"a\"}}", "{{range .Name}}{{end}}")]
_SBS_HOSTILE = [([{}], ["ps"]), ([1], ["ps"]), ("s", ["ps"]), ({"x": []}, ["ps"]),
                ([{"Names": "x"}], ["ps"]), ([{"Labels": {"a": 1}}], ["ps"]),
                (None, ["ps"]), ([{}], ["images"]), ([{"Id": 5}], ["images"]),
                ([{}], ["network", "ls"]), ({"Volumes": [{}]}, ["volume", "ls"])]


def _sbs_daemon(routes, events):
    def handler(req):
        path = re.sub(r"^/v1\.\d+", "", req.path.split("?")[0])
        if path == "/_ping":
            return 200, {"Api-Version": "1.51", "Content-Type": "text/plain"}, b"OK"
        if path == "/events":
            return 200, {"Content-Type": "application/json"}, b"".join(
                json.dumps(e).encode() + b"\n" for e in events)
        if path in routes:
            return _json(routes[path])
        return 404, {"Content-Type": "application/json"}, b'{"message":"no such thing"}'
    return handler


def _sbs_compare(docker, daemon, argv, tmp_path):
    env = dict(os.environ, DOCKER_HOST=daemon.url, HOME=str(tmp_path),
               DOCKER_CONFIG=str(tmp_path / "cfg"))
    env.pop("DOCKER_API_VERSION", None)
    theirs = subprocess.run([docker] + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, env=env, timeout=60)
    rc, out, err = run_cli(*argv, env=env)
    # docker's (Debian build's) noise, and the program's name
    their_err = "\n".join(l for l in theirs.stderr.splitlines() if "otel error" not in l)
    assert (out, err.strip(), rc) == (theirs.stdout, their_err.strip(), theirs.returncode), argv


def test_templates_and_tables_match_docker_28(fake, tmp_path):
    """docker 28.5's CLI and docksock over the same answers: the same stdout, stderr and
    exit status for ps, images, network ls, volume ls, history, system df, events, version
    and inspect with docker's formats, templates, errors and hostile answers."""
    docker = _docker28()
    if docker is None:
        pytest.skip("no docker 28 CLI (bash .ci/engines cli fetches it)")
    os.makedirs(str(tmp_path / "cfg"))
    daemon = fake(_sbs_daemon(_SBS_ROUTES, _SBS_EVENTS))
    for argv in _SBS_COMMANDS:
        _sbs_compare(docker, daemon, argv, tmp_path)
    for answer, argv in _SBS_HOSTILE:
        route = "/" + argv[0].replace("ps", "containers").replace("images", "images").replace(
            "network", "networks").replace("volume", "volumes")
        route += "/json" if argv[0] in ("ps", "images") else ""
        hostile = fake(_sbs_daemon(dict(_SBS_ROUTES, **{route: answer}), _SBS_EVENTS))
        _sbs_compare(docker, hostile, argv, tmp_path)


# ==== The rest of the Engine: cp, system, swarm objects ==========================

def test_cp_round_trip_of_a_tree_with_a_large_file(lab, created, tmp_path):
    """docker cp both ways: a tree with modes, a symlink and a 200 MB file comes back
    byte-identical, with tracemalloc's peak far below the file's size."""
    src = tmp_path / "tree"
    (src / "sub" / "deep").mkdir(parents=True)
    (src / "run.sh").write_text("#!/bin/sh\necho hi\n")
    os.chmod(str(src / "run.sh"), 0o751)
    (src / "sub" / "deep" / "note").write_text("deep")
    os.chmod(str(src / "sub"), 0o750)
    os.symlink("run.sh", str(src / "link"))
    big = src / "big.bin"
    block = os.urandom(1 << 20)
    with open(str(big), "wb") as f:
        for i in range(200):
            f.write(block[i:] + block[:i])
    os.utime(str(big), (1700000000, 1700000000))
    cid = created(cmd=("sleep", "60"))
    api = docksock.APIClient(lab.host)
    api.start(cid)
    tracemalloc.start()
    try:
        rc, out, err = run_cli("-H", lab.host, "cp", str(src), cid + ":/data")
        assert (rc, err) == (0, ""), err
        rc, out, err = run_cli("-H", lab.host, "cp", cid + ":/data", str(tmp_path / "back"))
        assert (rc, err) == (0, ""), err
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak
    back = tmp_path / "back"
    for rel in ("run.sh", "sub/deep/note", "big.bin"):
        a, b = os.lstat(str(src / rel)), os.lstat(str(back / rel))
        assert (stat.S_IMODE(a.st_mode), int(a.st_mtime)) == (stat.S_IMODE(b.st_mode), int(b.st_mtime)), rel
    assert stat.S_IMODE(os.stat(str(back / "sub")).st_mode) == 0o750
    assert os.readlink(str(back / "link")) == "run.sh"
    with open(str(big), "rb") as f1, open(str(back / "big.bin"), "rb") as f2:
        while True:
            x, y = f1.read(1 << 20), f2.read(1 << 20)
            assert x == y
            if not x:
                break
    # the rules for files: into an existing directory, or as the named path; '-' is a tar
    out = api.exec_start(api.exec_create(cid, ["sh", "-c", "stat -c '%a %s' /data/run.sh /data/big.bin"])["Id"])
    assert out.split(b"\n")[:2] == [b"751 18", b"%s 209715200" % oct(
        stat.S_IMODE(os.stat(str(big)).st_mode))[2:].encode()]
    rc, out, err = run_cli("-H", lab.host, "cp", cid + ":/data/run.sh", str(tmp_path / "renamed.sh"))
    assert rc == 0 and (tmp_path / "renamed.sh").read_text() == "#!/bin/sh\necho hi\n"
    rc, out, err = run_cli("-H", lab.host, "cp", cid + ":/data/nope", str(tmp_path))
    if lab.podman:
        # known difference (Podman): its message does not name the path
        assert (rc, err) == (1, "Error response from daemon: no such file or directory\n")
    else:
        assert rc == 1 and err.startswith("Error response from daemon: ") and "/data/nope" in err



def test_cp_refuses_archives_that_escape(tmp_path):
    """A tar from a daemon cannot write outside the destination (docker cp's rule)."""
    def tar_of(*members):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tf:
            for name, kind, target in members:
                info = tarfile.TarInfo(name)
                if kind == "sym":
                    info.type, info.linkname = tarfile.SYMTYPE, target
                    tf.addfile(info)
                else:
                    info.size = 1
                    tf.addfile(info, io.BytesIO(b"x"))
        return [buf.getvalue()]
    dest = tmp_path / "dest"
    dest.mkdir()
    for members in ([("../evil", "file", None)], [("/etc/evil", "file", None)],
                    [("top/link", "sym", str(tmp_path)), ("top/link/evil", "file", None)]):
        with pytest.raises(docksock.InvalidArgument, match="refusing to extract"):
            docksock.extract_tar(tar_of(*members), str(dest))
    assert not (tmp_path / "evil").exists()


# ---- safe extraction: cp never writes outside its target (issues 13.6, 13.7, 17) ----
#
# Archives are made here entry by entry (_xt) or taken from the real Engine.  Whatever an
# archive holds, nothing outside the destination changes (checked by a snapshot of the
# parent directory, which holds a victim that the archives' symlinks point at), a failure
# names its entry and leaves no partial file, and entries are never dropped silently.

def _xt(*entries, fmt=tarfile.PAX_FORMAT, cut=None):
    """A tar stream (one bytes chunk) from (name, kind, extra) entries: kind "dir", "file"
    (extra: bytes), "sym" and "link" (extra: target), "fifo", "chr" (extra: (major, minor));
    extra may also be a dict of TarInfo attributes.  cut: keep only that many bytes."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tf:
        for name, kind, extra in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 1500000000
            info.mode = 0o755 if kind == "dir" else 0o644
            attrs = extra if isinstance(extra, dict) else {}
            data = None
            if kind == "dir":
                info.type = tarfile.DIRTYPE
            elif kind == "file":
                data = extra if isinstance(extra, bytes) else attrs.get("data", b"x")
                info.size = len(data)
            elif kind in ("sym", "link"):
                info.type = tarfile.SYMTYPE if kind == "sym" else tarfile.LNKTYPE
                info.linkname = extra if isinstance(extra, str) else attrs["linkname"]
            elif kind == "fifo":
                info.type = tarfile.FIFOTYPE
            elif kind == "chr":
                info.type = tarfile.CHRTYPE
                if not isinstance(extra, dict):
                    info.devmajor, info.devminor = extra
            for key, value in attrs.items():
                if key not in ("data", "linkname"):
                    setattr(info, key, value)
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    out = buf.getvalue()
    return [out[:cut] if cut is not None else out]


def _tree_snapshot(root, skip=None):
    """{relative path: (kind, mode, mtime, size, content or link target)} of a tree, not
    following symlinks, leaving out the subtree skip."""
    snap = {}
    for dirpath, dirnames, filenames in os.walk(str(root)):
        if skip is not None and os.path.abspath(dirpath) == os.path.abspath(str(skip)):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            if skip is not None and os.path.abspath(path) == os.path.abspath(str(skip)):
                continue
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                body = os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    body = f.read()
            else:
                body = None
            snap[os.path.relpath(path, str(root))] = (
                stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_mtime_ns,
                st.st_size if not stat.S_ISDIR(st.st_mode) else 0, body, st.st_ino)
    st = os.stat(str(root))
    snap["."] = (stat.S_IMODE(st.st_mode), st.st_mtime_ns)
    return snap


def _victim(tmp_path):
    """A directory and a file beside the destination, for archives to aim at."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "secret").write_bytes(b"keep me")
    os.chmod(str(victim), 0o750)
    os.utime(str(victim), (1000000000, 1000000000))
    dest = tmp_path / "dest"
    dest.mkdir()
    return victim, dest


def _leftovers(dest):
    return [os.path.join(d, n) for d, ds, fs in os.walk(str(dest)) for n in ds + fs
            if ".docksock-" in n]


def test_extract_symlink_then_directory_never_changes_the_target(tmp_path):
    """Issue 13.6 as an archive: an entry's old symlink is replaced, never followed."""
    victim, dest = _victim(tmp_path)
    before = _tree_snapshot(tmp_path, skip=dest)
    docksock.extract_tar(_xt(("x", "dir", None), ("x/evil", "sym", str(victim))), str(dest))
    assert os.readlink(str(dest / "x" / "evil")) == str(victim)
    docksock.extract_tar(_xt(("x", "dir", None), ("x/evil", "dir", {"mode": 0o777,
                                                                     "mtime": 915148800})),
                         str(dest))
    assert _tree_snapshot(tmp_path, skip=dest) == before
    st = os.lstat(str(dest / "x" / "evil"))
    assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o777
    assert st.st_mtime == 915148800
    # a file entry where a symlink stands replaces the symlink, never writes through it
    (dest / "x" / "f").symlink_to(victim / "secret")
    docksock.extract_tar(_xt(("x", "dir", None), ("x/f", "file", b"new")), str(dest))
    assert (dest / "x" / "f").read_bytes() == b"new" and not (dest / "x" / "f").is_symlink()
    assert _tree_snapshot(tmp_path, skip=dest) == before


def test_extract_refuses_to_walk_through_a_symlink(tmp_path):
    victim, dest = _victim(tmp_path)
    before = _tree_snapshot(tmp_path, skip=dest)
    (dest / "pre").symlink_to(victim)             # already in the destination
    for entries in ([("top", "dir", None), ("top/l", "sym", str(victim)),
                     ("top/l/secret", "file", b"evil")],
                    [("top", "dir", None), ("top/l", "sym", "../../victim"),
                     ("top/l/new", "dir", None)],
                    [("pre", "dir", None), ("pre/secret", "file", b"evil")][1:]):
        with pytest.raises(docksock.InvalidArgument, match="refusing to extract .* is a symlink"):
            docksock.extract_tar(_xt(*entries), str(dest))
    assert _tree_snapshot(tmp_path, skip=dest) == before


def test_extract_hard_links_fifos_and_devices(tmp_path):
    """Issue 13.7: hard links are made inside the destination, fifos and devices created
    (devices need root: as another user they are a clear error after the rest)."""
    victim, dest = _victim(tmp_path)
    written = docksock.extract_tar(_xt(
        ("t", "dir", None), ("t/a", "file", b"data"), ("t/b", "link", "t/a"),
        ("t/sub", "dir", None), ("t/sub/c", "link", "t/a"), ("t/p", "fifo", None),
        ("t/null", "chr", (1, 3))), str(dest), "renamed")
    base = dest / "renamed"
    assert os.stat(str(base / "a")).st_ino == os.stat(str(base / "b")).st_ino == \
        os.stat(str(base / "sub" / "c")).st_ino
    assert (base / "b").read_bytes() == b"data"
    assert stat.S_ISFIFO(os.lstat(str(base / "p")).st_mode)
    if os.getuid() == 0:
        st = os.lstat(str(base / "null"))
        assert stat.S_ISCHR(st.st_mode) and (os.major(st.st_rdev), os.minor(st.st_rdev)) == (1, 3)
    if os.getuid() == 0:
        assert sorted(written) == sorted([str(base)] + [str(base / n) for n in
                                                        ("a", "b", "sub", "sub/c", "p", "null")])
    # links that leave the archive or point at nothing are refused, naming the entry
    for entries, words in [
            ([("t", "dir", None), ("t/x", "link", "../victim/secret")], "points outside"),
            ([("t", "dir", None), ("t/x", "link", "/etc/passwd")], "not under the archive's top"),
            ([("t", "dir", None), ("t/x", "link", "t/missing")], "is not in the archive"),
            ([("t", "dir", None), ("t/x", "link", "other/a")], "not under the archive's top")]:
        with pytest.raises(docksock.DockerException, match=words) as e:
            docksock.extract_tar(_xt(*entries), str(dest))
        assert "'t/x'" in str(e.value)
    assert (victim / "secret").read_bytes() == b"keep me" and \
        os.stat(str(victim / "secret")).st_nlink == 1


def _nobody_python():
    """(python, preexec) to run code as nobody, or skip."""
    if os.getuid() != 0:
        pytest.skip("needs root to switch to another user")
    import pwd
    nobody = pwd.getpwnam("nobody")

    def demote():
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)
    for python in (sys.executable, "/usr/bin/python3"):
        try:
            r = subprocess.run([python, "-c", "pass"], preexec_fn=demote,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError:
            continue
        if r.returncode == 0:
            return python, demote, nobody
    pytest.skip("no Python that nobody may run")


@pytest.fixture
def nobody_dir():
    """A directory under /tmp that nobody owns (pytest's tmp_path is private to root)."""
    python, demote, nobody = _nobody_python()
    d = tempfile.mkdtemp(prefix="dksn", dir="/tmp")
    os.chmod(d, 0o755)
    os.chown(d, nobody.pw_uid, nobody.pw_gid)
    yield pathlib.Path(d), python, demote, nobody
    shutil.rmtree(d, ignore_errors=True)


def test_extract_devices_as_a_user_are_a_clear_error(nobody_dir):
    tmp_path, python, demote, nobody = nobody_dir
    dest = tmp_path / "dest"
    dest.mkdir()
    os.chown(str(dest), nobody.pw_uid, nobody.pw_gid)
    archive = _xt(("t", "dir", None), ("t/null", "chr", (1, 3)), ("t/after", "file", b"ok"),
                  ("t/p", "fifo", None))[0]
    code = ("import sys; sys.path.insert(0, %r); import docksock\n"
            "try:\n  docksock.extract_tar([sys.stdin.buffer.read()], %r)\n"
            "except docksock.DockerException as e:\n  print(e); sys.exit(1)\n"
            % (os.path.dirname(os.path.abspath(docksock.__file__)), str(dest)))
    r = subprocess.run([python, "-c", code], input=archive, preexec_fn=demote,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert r.returncode == 1, r.stderr
    assert r.stdout.decode().strip() == \
        "could not create 1 entry: t/null (Operation not permitted)"
    assert (dest / "t" / "after").read_bytes() == b"ok"
    assert stat.S_ISFIFO(os.lstat(str(dest / "t" / "p")).st_mode)
    assert not (dest / "t" / "null").exists() and _leftovers(dest) == []


@pytest.mark.parametrize("entries, cut, words", [
    ([("t", "dir", None), ("t/big", "file", b"y" * 5000)], 512 * 4, "'t/big': the archive is "
                                                                     "damaged or cut short"),
    ([("t", "dir", None), ("t/a", "file", b"1"), ("t/b", "file", b"2" * 3000)], 512 * 6,
     "'t/b': the archive is damaged or cut short"),
    ([("t", "dir", None), ("t/a", "file", b"1"), ("t/a", "dir", None)], None,
     "'t/a': cannot overwrite non-directory"),
    ([("t", "dir", None), ("t/d", "dir", None), ("t/d", "file", b"1")], None,
     "'t/d': cannot overwrite directory"),
    ([("t", "dir", None), ("t/d", "dir", None), ("t/d", "sym", "x")], None,
     "'t/d': cannot overwrite directory"),
    ([("t", "dir", None), ("t/" + "n" * 300, "file", b"1")], None,
     "'t/" + "n" * 300 + "': File name too long"),
    ([("t", "dir", None), ("t/d", "dir", None), ("t/d/../../x", "file", b"1")], None,
     "'t/d/../../x': it points outside"),
])
def test_extract_failures_name_the_entry_and_leave_no_partial_file(tmp_path, entries, cut, words):
    """Issue 17: truncated members, conflicts and long names are DockerExceptions naming the
    entry; a file is written under a temporary name, so none is left half-written."""
    victim, dest = _victim(tmp_path)
    before = _tree_snapshot(tmp_path, skip=dest)
    with pytest.raises(docksock.DockerException) as e:
        docksock.extract_tar(_xt(*entries, cut=cut), str(dest))
    assert words in str(e.value), str(e.value)
    assert _leftovers(dest) == []
    assert not (dest / "t" / "big").exists() and not (dest / "t" / "b").exists()
    assert _tree_snapshot(tmp_path, skip=dest) == before


def test_extract_garbage_is_a_docker_exception(tmp_path):
    with pytest.raises(docksock.DockerException, match="not a tar stream"):
        docksock.extract_tar([b"this is not a tar archive" * 40], str(tmp_path))
    with pytest.raises(docksock.DockerException, match="damaged"):
        docksock.extract_tar([_xt(("a", "file", b"1"))[0][:700] + b"\xff" * 600],
                             str(tmp_path))


def test_extract_rename_top_is_a_plain_name(tmp_path):
    for bad in ("..", ".", "a/b", "../x", "x\x00"):
        with pytest.raises(docksock.InvalidArgument, match="plain file name"):
            docksock.extract_tar(_xt(("t", "dir", None)), str(tmp_path), bad)


def test_extract_devices_are_their_owners_only(tmp_path):
    """A container's 0666 block device, copied out by root, must not open the disk to every
    local user: without -a (owner=True) devices keep only their owner's access."""
    if os.getuid() != 0:
        pytest.skip("only root makes device nodes")
    entries = [("t", "dir", None), ("t/disk", "chr", {"devmajor": 1, "devminor": 3,
                                                     "mode": 0o666})]
    (tmp_path / "a").mkdir()
    docksock.extract_tar(_xt(*entries), str(tmp_path / "a"))
    assert stat.S_IMODE(os.lstat(str(tmp_path / "a" / "t" / "disk")).st_mode) == 0o600
    (tmp_path / "b").mkdir()
    docksock.extract_tar(_xt(*entries), str(tmp_path / "b"), owner=True)
    assert stat.S_IMODE(os.lstat(str(tmp_path / "b" / "t" / "disk")).st_mode) == 0o666


def test_extract_keeps_set_id_bits_only_with_owner(tmp_path):
    entries = [("t", "dir", None), ("t/s", "file", {"data": b"#!", "mode": 0o6755})]
    (tmp_path / "a").mkdir()
    docksock.extract_tar(_xt(*entries), str(tmp_path / "a"))
    assert stat.S_IMODE(os.stat(str(tmp_path / "a" / "t" / "s")).st_mode) == 0o755
    if os.getuid() == 0:
        (tmp_path / "b").mkdir()
        docksock.extract_tar(_xt(*entries), str(tmp_path / "b"), owner=True)
        assert stat.S_IMODE(os.stat(str(tmp_path / "b" / "t" / "s")).st_mode) == 0o6755


def _random_archive(rnd):
    """Entries drawn from names that overlap, climb out, are absolute or go through links."""
    names = ["t", "t/a", "t/b", "t/a/c", "t/b/d", "t/a/c/e", "t/l", "t/l/x", "t/../v",
             "/t/a", "t/./a", "t//b", "../t", "t/l/../a", "t/a/..", "t/m"]
    targets = ["..", "../..", "../victim", "../../victim", "/", "/etc", "a", "t/a",
               "t/l", "t/m/../..", "../victim/secret", "t/b/d"]
    entries = [("t", "dir", None)]
    for _ in range(rnd.randint(1, 12)):
        kind = rnd.choice(["dir", "file", "sym", "link", "fifo", "sym", "link"])
        name = rnd.choice(names)
        extra = {"dir": None, "fifo": None, "file": {"data": b"z", "mode": rnd.choice(
            [0o644, 0o777, 0o4755, 0o000])}}.get(kind) or rnd.choice(targets)
        if kind == "dir" and rnd.random() < 0.5:
            extra = {"mode": rnd.choice([0o777, 0o000, 0o555]), "mtime": 1}
        entries.append((name, kind, extra))
    return entries


def _check_random_archive(tmp_path, entries, top):
    work = tempfile.mkdtemp(dir=str(tmp_path))
    victim, dest = _victim(pathlib.Path(work))
    (dest / "pre").symlink_to(victim)
    os.symlink(str(victim), os.path.join(work, "outside-link"))
    before = _tree_snapshot(work, skip=dest)
    try:
        docksock.extract_tar(_xt(*entries), str(dest), top)
    except docksock.DockerException:
        pass
    after = _tree_snapshot(work, skip=dest)
    assert after == before, entries
    assert _leftovers(dest) == [], entries
    for dirpath, dirnames, filenames in os.walk(str(dest)):     # let the cleanup in
        os.chmod(dirpath, 0o755)


def test_extract_property_random_archives_change_nothing_outside(tmp_path):
    """Random archives of symlinks, hard links, "..", absolute names and overlapping entries
    never change anything outside the destination (hypothesis where installed, else a
    seeded generator)."""
    try:
        import hypothesis
    except ImportError:
        hypothesis = None
    if hypothesis is None:
        rnd = random.Random(13)
        for _ in range(300):
            _check_random_archive(tmp_path, _random_archive(rnd), rnd.choice([None, "", "r"]))
        return

    @hypothesis.settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @hypothesis.given(seed=hypothesis.strategies.integers(0, 2 ** 32),
                      top=hypothesis.strategies.sampled_from([None, "", "r"]))
    def check(seed, top):
        _check_random_archive(tmp_path, _random_archive(random.Random(seed)), top)
    check()


def _lab_sh(api, cid, script):
    out = api.exec_start(api.exec_create(cid, ["sh", "-c", script])["Id"])
    return out


def test_cp_symlink_then_directory_attack_against_the_engine(lab, created, tmp_path):
    """Issue 13.6 against the real Engine: a container makes /x/evil a symlink to a host
    directory, is copied, then replaces it by a 0777 directory with an old mtime and is
    copied again.  Before the fix the host directory became 0777 with the 1999 mtime."""
    victim, _ = _victim(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = _tree_snapshot(tmp_path, skip=out)
    cid = created(cmd=("sleep", "60"))
    api = docksock.APIClient(lab.host)
    api.start(cid)
    _lab_sh(api, cid, "mkdir /x && ln -s %s /x/evil" % victim)
    assert run_cli("-H", lab.host, "cp", cid + ":/x", str(out))[0] == 0
    assert os.readlink(str(out / "x" / "evil")) == str(victim)
    _lab_sh(api, cid, "rm /x/evil && mkdir /x/evil && chmod 777 /x/evil && "
                      "touch -d '1999-01-01 00:00:00' /x/evil")
    rc, _, err = run_cli("-H", lab.host, "cp", cid + ":/x", str(out))
    assert rc == 0, err
    assert _tree_snapshot(tmp_path, skip=out) == before
    st = os.lstat(str(out / "x" / "evil"))
    assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o777


def test_cp_again_never_follows_a_symlink_the_first_copy_made(lab, created, tmp_path):
    """Found attacking cp: the container makes /app/config a symlink to a host directory and
    `cp ctr:/app/config cfg` makes cfg that symlink; the container then makes /app/config a
    file, and the same command again followed cfg (as docker does) and wrote the file into
    the host directory (as root: /etc/cron.d/config)."""
    if lab.podman:
        pytest.skip("Podman's archive of a symlink is what it points to, not the symlink")
    victim, _ = _victim(tmp_path)
    cfg = tmp_path / "cfg"
    cid = created(cmd=("sleep", "60"))
    api = docksock.APIClient(lab.host)
    api.start(cid)
    _lab_sh(api, cid, "mkdir /app && ln -s %s /app/config" % victim)
    assert run_cli("-H", lab.host, "cp", cid + ":/app/config", str(cfg))[0] == 0
    assert os.readlink(str(cfg)) == str(victim)
    before = _tree_snapshot(tmp_path)
    _lab_sh(api, cid, "rm /app/config && echo '* * * * * root id' > /app/config")
    rc, _, err = run_cli("-H", lab.host, "cp", cid + ":/app/config", str(cfg))
    assert rc != 0 and "refusing to copy through the symlink" in err, err
    assert _tree_snapshot(tmp_path) == before and not (victim / "config").exists()
    assert run_cli("-H", lab.host, "cp", cid + ":/app/config", str(cfg) + "/")[0] == 0
    assert (victim / "config").read_bytes() == b"* * * * * root id\n"    # asked for: "cfg/"


def test_cp_hard_links_fifos_devices_and_names_against_the_engine(lab, created, tmp_path):
    """Issues 13.7 and 17: a hard link is copied as a hard link, a fifo as a fifo, a device as
    a device (root) ; `data.` keeps its trailing dot; `cp ctr:/ dest` copies the whole root."""
    cid = created(cmd=("sleep", "60"))
    api = docksock.APIClient(lab.host)
    api.start(cid)
    _lab_sh(api, cid, "mkdir /t && echo one > /t/a && ln /t/a /t/b && mkfifo /t/p && "
                      "mknod /t/null c 1 3 && echo dot > /tmp/data. && echo other > /tmp/data")
    rc, out, err = run_cli("-H", lab.host, "cp", cid + ":/t", str(tmp_path / "t"))
    assert (rc, err) == (0, "")
    t = tmp_path / "t"
    assert os.stat(str(t / "a")).st_ino == os.stat(str(t / "b")).st_ino
    assert stat.S_ISFIFO(os.lstat(str(t / "p")).st_mode)
    if os.getuid() == 0:
        assert stat.S_ISCHR(os.lstat(str(t / "null")).st_mode)
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "data").write_text("mine")
    rc, out, err = run_cli("-H", lab.host, "cp", cid + ":/tmp/data.", str(tmp_path / "o"))
    assert (rc, err) == (0, "")
    assert (tmp_path / "o" / "data.").read_text() == "dot\n"
    assert (tmp_path / "o" / "data").read_text() == "mine"
    rc, out, err = run_cli("-H", lab.host, "cp", cid + ":/", str(tmp_path / "root"))
    assert (rc, err) == (0, "")
    assert (tmp_path / "root" / "t" / "a").read_text() == "one\n"
    assert os.path.islink(str(tmp_path / "root" / "bin" / "sh"))
    (tmp_path / "into").mkdir()
    rc, out, err = run_cli("-H", lab.host, "cp", cid + ":/", str(tmp_path / "into"))
    assert (rc, err) == (0, "") and (tmp_path / "into" / "etc" / "passwd").exists()


def test_cp_of_the_root_as_a_user_says_what_it_could_not_make(lab, created, nobody_dir):
    """`cp ctr:/ dest` as a user who cannot make device nodes: everything else is copied,
    and the command fails naming the devices."""
    tmp_path, python, demote, nobody = nobody_dir
    cid = created(cmd=("sleep", "60"))
    api = docksock.APIClient(lab.host)
    api.start(cid)
    _lab_sh(api, cid, "mknod /null2 c 1 3 && echo x > /file")
    proxy = _PxRunning(lab.host, docksock.ProxyPolicy({"containers", "ping", "version"},
                                                      read_only=True), mode=0o666)
    try:
        os.chmod(proxy.dir, 0o755)
        r = subprocess.run([python, _PX_DOCKSOCK_PY, "-H", proxy.host, "cp", cid + ":/",
                            str(tmp_path / "root")], preexec_fn=demote, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    finally:
        proxy.close()
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err, err
    assert "could not create" in err and "/null2 (Operation not permitted)" in err, err
    assert (tmp_path / "root" / "file").read_text() == "x\n"
    assert (tmp_path / "root" / "etc" / "passwd").exists()
    assert os.stat(str(tmp_path / "root" / "file")).st_uid == nobody.pw_uid


def test_system_df_and_prune_match_the_docker_cli(lab, created):
    docker = shutil.which("docker")
    if not docker:
        pytest.skip("no docker CLI on this machine to compare with")
    created("dks-df-%d" % os.getpid())
    theirs = subprocess.run([docker, "-H", lab.host, "system", "df"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)
    if theirs.returncode != 0:
        pytest.skip("the docker CLI here cannot talk to this daemon: %s" % theirs.stderr.strip())
    rc, ours, err = run_cli("-H", lab.host, "system", "df")
    assert (rc, err) == (0, "")
    assert ours == theirs.stdout
    # prune with a filter matching nothing: both print the same report
    args = ["container", "prune", "-f", "--filter", "label=dks-none-%d" % os.getpid()]
    theirs = subprocess.run([docker, "-H", lab.host] + args, stdout=subprocess.PIPE,
                            universal_newlines=True)
    rc, ours, err = run_cli("-H", lab.host, *args)
    assert (rc, ours) == (0, theirs.stdout)


def test_container_prune_removes_only_stopped(lab, created):
    keep = created("dks-prune-keep-%d" % os.getpid(), cmd=("sleep", "30"))
    gone = created("dks-prune-gone-%d" % os.getpid())
    api = docksock.APIClient(lab.host)
    api.start(keep)
    rc, out, err = run_cli("-H", lab.host, "container", "prune", "-f", "--filter",
                           "label=" + LAB_LABEL)
    assert rc == 0 and out.startswith("Deleted Containers:\n") and gone in out and keep not in out
    assert out.endswith("\nTotal reclaimed space: 0B\n")
    with pytest.raises(docksock.NotFound):
        api.inspect_container(gone)
    assert api.inspect_container(keep)["State"]["Running"]


def test_real_engine_outside_a_swarm(lab):
    api = docksock.APIClient(lab.host)
    with pytest.raises(docksock.APIError) as e:
        api.inspect_swarm()
    if lab.podman:
        # known difference (Podman): no swarm API at all
        assert e.value.status_code in (404, 500, 503)
        return
    assert e.value.status_code == 503
    assert 'docker swarm init' in e.value.explanation
    rc, out, err = run_cli("-H", lab.host, "service", "ls")
    assert rc == 1 and err.startswith("Error response from daemon: This node is not a swarm manager.")
    assert "swarm init" in err


def _swarm_daemon(fake):
    """A fake swarm manager answering with the Engine's example shapes; records requests."""
    node = {"ID": "node1abcdefgh", "Version": {"Index": 7}, "Spec": {"Availability": "active"},
            "Description": {"Hostname": "h1", "Engine": {"EngineVersion": "28.5.0"}},
            "Status": {"State": "ready"}, "ManagerStatus": {"Leader": True}}
    service = {"ID": "svc1abcdefghijk", "Version": {"Index": 11},
               "Spec": {"Name": "web", "Mode": {"Replicated": {"Replicas": 2}},
                        "TaskTemplate": {"ContainerSpec": {"Image": "busybox:1@sha256:ab"}}},
               "ServiceStatus": {"RunningTasks": 1, "DesiredTasks": 2},
               "Endpoint": {"Ports": [{"PublishedPort": 8080, "TargetPort": 80,
                                       "Protocol": "tcp", "PublishMode": "ingress"}]}}
    secret = {"ID": "sec1", "Version": {"Index": 3}, "Spec": {"Name": "pw", "Labels": {}},
              "CreatedAt": "2026-11-27T10:00:00Z", "UpdatedAt": "2026-11-27T10:00:00Z"}
    config = {"ID": "cfg1", "Version": {"Index": 4}, "Spec": {"Name": "conf", "Labels": {}},
              "CreatedAt": "2026-11-27T10:00:00Z", "UpdatedAt": "2026-11-27T10:00:00Z"}
    task = {"ID": "task1", "ServiceID": "svc1abcdefghijk", "Slot": 1, "NodeID": "node1abcdefgh",
            "DesiredState": "running", "Spec": {"ContainerSpec": {"Image": "busybox:1@sha256:ab"}},
            "Status": {"State": "running", "Timestamp": "2026-11-27T10:00:00Z"}}
    swarm = {"ID": "swarm1", "Version": {"Index": 1}, "Spec": {"Name": "default"}}
    frames = b"".join(docksock._FRAME_HEADER.pack(s, len(d)) + d
                      for s, d in ((1, b"task out\n"), (2, b"task err\n")))
    routes = {
        ("GET", "/v1.41/swarm"): _json(swarm),
        ("POST", "/v1.41/swarm/init"): _json("node1abcdefgh"),
        ("POST", "/v1.41/swarm/leave?force=1"): (200, {}, b""),
        ("POST", "/v1.41/swarm/update?rotateWorkerToken=1&rotateManagerToken=0&version=1"):
            (200, {}, b""),
        ("GET", "/v1.41/swarm/unlockkey"): _json({"UnlockKey": "SWMKEY-1-x"}),
        ("GET", "/v1.41/nodes"): _json([node]),
        ("GET", "/v1.41/nodes/node1abcdefgh"): _json(node),
        ("POST", "/v1.41/nodes/node1abcdefgh/update?version=7"): (200, {}, b""),
        ("GET", "/v1.41/services?status=1"): _json([service]),
        ("GET", "/v1.41/services"): _json([service]),
        ("GET", "/v1.41/services/svc1abcdefghijk"): _json(service),
        ("GET", "/v1.41/services/svc1abcdefghijk?insertDefaults=1"): _json(service),
        ("GET", "/v1.41/services/web"): _json(service),
        ("GET", "/v1.41/info"): _json({"Swarm": {"NodeID": "node1abcdefgh"}}),
        ("POST", "/v1.41/services/create"): _json({"ID": "svc1abcdefghijk"}, 201),
        ("POST", "/v1.41/services/svc1abcdefghijk/update?version=11"): _json({"Warnings": []}),
        ("DELETE", "/v1.41/services/svc1abcdefghijk"): (200, {}, b""),
        ("GET", "/v1.41/services/svc1abcdefghijk/logs?details=0&follow=0&stdout=1&stderr=1&"
                "timestamps=0&tail=all"): (200, {}, frames),
        ("GET", "/v1.41/services/web/logs?details=0&follow=0&stdout=1&stderr=1&"
                "timestamps=0&tail=all"): (200, {}, frames),
        ("GET", "/v1.41/tasks?filters=%7B%22service%22%3A%5B%22web%22%5D%7D"): _json([task]),
        ("GET", "/v1.41/tasks/task1"): _json(task),
        ("GET", "/v1.41/secrets"): _json([secret]),
        ("POST", "/v1.41/secrets/create"): _json({"ID": "sec1"}, 201),
        ("GET", "/v1.41/secrets/sec1"): _json(secret),
        ("DELETE", "/v1.41/secrets/sec1"): (204, {}, b""),
        ("GET", "/v1.41/configs"): _json([config]),
        ("POST", "/v1.41/configs/create"): _json({"ID": "cfg1"}, 201),
        ("GET", "/v1.41/configs/cfg1"): _json(config),
        ("GET", "/v1.41/plugins"): _json([{"Id": "p" * 64, "Name": "vieux/sshfs:latest",
                                           "Enabled": True,
                                           "Config": {"Description": "sshFS plugin"}}]),
    }
    return fake(engine_like(routes=routes))


def test_swarm_calls_request_shapes_and_decoding(fake):
    d = _swarm_daemon(fake)
    c = docksock.DockerClient(base_url=d.url)
    api = c.api
    assert api.inspect_swarm()["ID"] == "swarm1"
    assert api.init_swarm(advertise_addr="127.0.0.1") == "node1abcdefgh"
    init = [r for r in d.requests if r.path == "/v1.41/swarm/init"][0]
    assert json.loads(init.body) == {"AdvertiseAddr": "127.0.0.1", "ListenAddr": "0.0.0.0:2377",
                                     "ForceNewCluster": False}
    assert api.update_swarm(1, {"Name": "default"}, rotate_worker_token=True) is True
    assert api.get_unlock_key() == {"UnlockKey": "SWMKEY-1-x"}
    assert api.leave_swarm(force=True) is True
    assert [n.attrs["Description"]["Hostname"] for n in c.nodes.list()] == ["h1"]
    node = c.nodes.get("node1abcdefgh")
    assert node.version == 7 and node.update({"Availability": "drain"}) is True
    svc = c.services.create("busybox:1", command="sleep 10", name="web", env=["A=1"],
                            mode="replicated", networks=["n1"])
    created = [r for r in d.requests if r.path == "/v1.41/services/create"][0]
    assert json.loads(created.body) == {
        "Name": "web", "Labels": {}, "Mode": {"replicated": {}},
        "TaskTemplate": {"ContainerSpec": {"Image": "busybox:1", "Command": ["sleep", "10"],
                                           "Args": None, "Env": ["A=1"]},
                         "Networks": [{"Target": "n1"}]}}
    assert base64.urlsafe_b64decode(created.headers["X-Registry-Auth"]) == b"{}"
    assert svc.name == "web" and svc.version == 11
    svc.update(labels={"x": "1"})
    update = [r for r in d.requests if "/update?version=11" in r.path][0]
    assert json.loads(update.body)["Labels"] == {"x": "1"}
    assert json.loads(update.body)["Mode"] == {"Replicated": {"Replicas": 2}}
    assert list(svc.logs(stdout=True, stderr=True)) == [b"task out\n", b"task err\n"]
    assert api.tasks({"service": "web"})[0]["ID"] == "task1"
    assert api.inspect_task("task1")["Slot"] == 1
    svc.remove()
    secret = c.secrets.create(name="pw", data="s3cret")
    sent = [r for r in d.requests if r.path == "/v1.41/secrets/create"][0]
    assert json.loads(sent.body) == {"Name": "pw", "Data": base64.b64encode(b"s3cret").decode(),
                                     "Labels": {}}
    assert secret.name == "pw" and secret.remove() is True
    cfg = c.configs.create(name="conf", data=b"k=v", labels={"a": "b"})
    sent = [r for r in d.requests if r.path == "/v1.41/configs/create"][0]
    assert json.loads(sent.body)["Labels"] == {"a": "b"} and cfg.id == "cfg1"
    assert [p.name for p in c.plugins.list()] == ["vieux/sshfs:latest"]


def test_swarm_cli_tables(fake):
    d = _swarm_daemon(fake)
    rc, out, err = run_cli("-H", d.url, "service", "ls")
    assert (rc, err) == (0, "")
    assert out.splitlines() == [
        "ID             NAME      MODE         REPLICAS   IMAGE       PORTS",
        "svc1abcdefgh   web       replicated   1/2        busybox:1   *:8080->80/tcp"]
    rc, out, err = run_cli("-H", d.url, "node", "ls")
    assert out.splitlines()[1].split() == ["node1abcdefgh", "*", "h1", "Ready", "Active",
                                           "Leader", "28.5.0"]
    rc, out, err = run_cli("-H", d.url, "secret", "ls")
    assert out.splitlines()[0].split() == ["ID", "NAME", "DRIVER", "CREATED", "UPDATED"]
    rc, out, err = run_cli("-H", d.url, "config", "ls")
    assert out.splitlines()[1].split()[:2] == ["cfg1", "conf"]
    rc, out, err = run_cli("-H", d.url, "plugin", "ls")
    assert out.splitlines()[1].split()[:2] == ["p" * 12, "vieux/sshfs:latest"]
    rc, out, err = run_cli("-H", d.url, "service", "logs", "--raw", "web")
    assert (rc, out, err) == (0, "task out\n", "task err\n")


# ==== Swarm for real: a swarm of two nodes, and of one (issue 15) ================
#
# The `swarm` fixture (the Lab section) is two dockerds of their own in a loopback-only
# network namespace, a manager and a worker.  The tests drive it with docksock's library
# and CLI, and where docker 28's CLI is in the CI cache they run it side by side over the
# same swarm and compare the outputs (live durations and IDs aside).  Task containers get
# an init and a short stop grace period so that stopping one (drain, rolling update,
# rollback, scale down) does not wait ten seconds for SIGKILL.

_SW_QUICK = ["--init", "--stop-grace-period", "1s", "--no-resolve-image",
             "--update-monitor", "1s", "--rollback-monitor", "1s", "--update-delay", "0s"]
_SW_IMAGE = LAB_IMAGE


def _sw(node, *argv):
    """docksock's CLI, in-process, against one node of the swarm lab."""
    return run_cli("-H", node.host, *argv)


def _sw_docker(node, *argv, env=None):
    """docker 28's CLI against one node of the swarm lab (no config of the machine's)."""
    docker = _docker28()
    home = tempfile.mkdtemp(prefix="dksw-home-")
    try:
        p = subprocess.run([docker] + list(argv), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=300,
                           env=dict(env or os.environ, DOCKER_HOST=node.host, HOME=home,
                                    DOCKER_CONFIG=home))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return p.returncode, p.stdout, p.stderr


def _sw_need_docker28():
    if _docker28() is None:
        if _env_true("CI"):
            pytest.fail("CI: docker 28's CLI is missing (.ci/engines cli fetches it)")
        pytest.skip("docker 28's CLI is not in the CI cache (bash .ci/engines cli)")


_SW_AGO = re.compile(r"(?i)\b(less than a second|about a minute|about an hour|"
                     r"\d+ (?:second|minute|hour|day|week|month|year)s?) ago\b")
# A swarm ID: 25 characters, or a table's 12 (about one in fifty has no digit: only the
# 12-letter words these outputs hold are told apart from them)
_SW_ID = re.compile(r"\b[0-9a-z]{25}\b|\b(?!(?:availability|certificates|orchestrator|"
                    r"reachability|successfully)\b)[0-9a-z]{12}\b")


def _sw_norm(text, keep=()):
    """Output made comparable across runs: durations as <ago> (and a table that shows
    them as its cells, padding aside), each ID (but keep's) as <idN> in order of
    appearance (a 12-character prefix of a known ID counts as it), docksock's name as
    docker's, runs of identical lines as one, and the converge display's intermediate
    "overall progress" counts dropped."""
    names = {}

    def ident(m):
        word = m.group(0)
        if word in keep:
            return word
        full = next((k for k in names if k.startswith(word) or word.startswith(k)), word)
        names.setdefault(full, "<id%d>" % (len(names) + 1))
        return names[full]
    text = _SW_ID.sub(ident, _SW_AGO.sub("<ago>", text.replace("docksock", "docker")))
    text = re.sub(r"Waiting \d+ seconds", "Waiting <n> seconds", text)  # the clock's part
    if "<ago>" in text:     # a duration's length sets its column's width: cells, not bytes
        text = re.sub(r"(?<=\S) {2,}(?=\S)", "  ", text)
    lines, out = text.split("\n"), []
    progress = [i for i, l in enumerate(lines)
                if re.match(r"overall progress: (rolling back update: )?\d+ out of", l)]
    drop = set(progress[1:-1])
    for i, line in enumerate(lines):
        if i not in drop and (not out or out[-1] != line):
            out.append(line)
    return "\n".join(out)


def _sw_cells(table):
    """A table's rows as lists of cells (columns split where docker pads them)."""
    return [re.split(r"\s{2,}", row.strip()) for row in table.strip("\n").split("\n")]


def _sw_wait(predicate, what, timeout=60):
    if not _wait_for(predicate, timeout):
        raise AssertionError("not within %ds: %s" % (timeout, what))


def _sw_running_nodes(lab, service):
    return sorted(t.get("NodeID") for t in _swarm_tasks(lab, service)
                  if t["Status"]["State"] == "running")


# -- the library ---------------------------------------------------------------------------------

def test_swarm_library_calls_on_two_nodes(swarm):
    """docker-py's swarm calls against the real swarm: inspect, nodes, a service with a
    secret and a config read on the worker, its tasks and logs (demultiplexed), and the
    clear error of an update at a stale version."""
    api = docksock.APIClient(swarm.manager.host)
    assert api.inspect_swarm()["ID"]
    nodes = {n["Description"]["Hostname"]: n for n in api.nodes()}
    assert sorted(nodes) == ["swarm-manager", "swarm-worker"]
    assert api.inspect_node("swarm-worker")["ID"] == nodes["swarm-worker"]["ID"]
    assert api.nodes(filters={"role": "worker"})[0]["ID"] == nodes["swarm-worker"]["ID"]
    secret = api.create_secret("s-lib", b"s3cret\n", labels={"a": "1"})["ID"]
    config = api.create_config("c-lib", "k=v\n")["ID"]
    assert api.inspect_secret("s-lib")["Spec"]["Labels"] == {"a": "1"}
    assert base64.b64decode(api.inspect_config(config)["Spec"]["Data"]) == b"k=v\n"
    api.update_secret(secret, labels={"b": "2"})
    assert api.inspect_secret(secret)["Spec"]["Labels"] == {"b": "2"}
    task_template = {
        "ContainerSpec": {"Image": swarm.image, "Init": True, "StopGracePeriod": 10 ** 9,
                          "Command": ["sh", "-c", "cat /run/secrets/s-lib /c-lib; echo oops >&2;"
                                      " sleep 300"],
                          "Secrets": [{"SecretID": secret, "SecretName": "s-lib",
                                       "File": {"Name": "s-lib", "UID": "0", "GID": "0",
                                                "Mode": 0o444}}],
                          "Configs": [{"ConfigID": config, "ConfigName": "c-lib",
                                       "File": {"Name": "/c-lib", "UID": "0", "GID": "0",
                                                "Mode": 0o444}}]},
        "Placement": {"Constraints": ["node.role==worker"]}}
    created = api.create_service(task_template, name="lib", mode="replicated",
                                 labels={LAB_LABEL: "swarm"})
    service = created["ID"]
    running = _swarm_wait_tasks(swarm, service, 1)
    assert running[0]["NodeID"] == nodes["swarm-worker"]["ID"]
    assert api.inspect_task(running[0]["ID"])["ServiceID"] == service
    assert [t["ID"] for t in api.tasks({"service": "lib", "desired-state": "running"})] == \
        [running[0]["ID"]]

    def logs():
        return api.service_logs("lib", stdout=True, stderr=True, demux=True)
    _sw_wait(lambda: b"oops" in b"".join(e for _, e in logs()), "the task's output")
    pairs = list(logs())
    assert b"".join(o for o, _ in pairs) == b"s3cret\nk=v\n"
    assert b"".join(e for _, e in pairs) == b"oops\n"
    assert list(api.task_logs(running[0]["ID"], stdout=True)) == [b"s3cret\n", b"k=v\n"]
    with pytest.raises(docksock.APIError, match="is in use by the following service: lib"):
        api.remove_secret(secret)
    # an update at a version that is no longer the service's: the Engine's 500 "update out
    # of sequence" is a Conflict that says what to do
    spec = api.inspect_service(service)
    api.update_service(service, spec["Version"]["Index"], fetch_current_spec=True,
                       labels={LAB_LABEL: "swarm", "v": "2"})
    with pytest.raises(docksock.Conflict, match="update out of sequence: version %d is not "
                       "the current version" % spec["Version"]["Index"]) as e:
        api.update_service(service, spec["Version"]["Index"], fetch_current_spec=True)
    assert e.value.status_code == 500
    assert api.inspect_service("lib")["Spec"]["Labels"]["v"] == "2"
    defaults = api.inspect_service("lib", insert_defaults=True)["Spec"]
    assert defaults["TaskTemplate"]["RestartPolicy"]["Condition"] == "any"
    assert api.remove_service("lib") is True
    _sw_wait(lambda: not api.services(filters={"name": "lib"}), "the service gone")
    _sw_wait(lambda: api.remove_secret(secret) and api.remove_config(config) or True,
             "secret and config removed", 30)


def test_swarm_jobs_and_rollback_through_the_library(swarm):
    """A replicated job runs to its completions, a global job once per node; a service
    rolled back returns to its previous spec."""
    api = docksock.APIClient(swarm.manager.host)
    quick = {"Image": swarm.image, "Init": True, "StopGracePeriod": 10 ** 9}
    job = api.create_service({"ContainerSpec": dict(quick, Command=["true"])}, name="job",
                             mode={"ReplicatedJob": {"MaxConcurrent": 2,
                                                     "TotalCompletions": 4}})["ID"]
    _swarm_wait_tasks(swarm, job, 4, state="complete")
    status = [s for s in api.services(status=True) if s["ID"] == job][0]["ServiceStatus"]
    assert status["CompletedTasks"] == 4
    gjob = api.create_service({"ContainerSpec": dict(quick, Command=["true"])}, name="gjob",
                              mode="global-job")["ID"]
    assert sorted(t["NodeID"] for t in _swarm_wait_tasks(swarm, gjob, 2, state="complete")) == \
        sorted([swarm.manager.node_id, swarm.worker.node_id])
    svc = api.create_service({"ContainerSpec": dict(quick, Command=["sleep", "300"])},
                             name="rb", update_config={"Parallelism": 0, "Monitor": 10 ** 8},
                             rollback_config={"Parallelism": 0, "Monitor": 10 ** 8})["ID"]
    version = api.inspect_service(svc)["Version"]["Index"]
    api.update_service(svc, version, task_template={"ContainerSpec": {"Env": ["V=2"]}},
                       fetch_current_spec=True)
    _sw_wait(lambda: (api.inspect_service(svc).get("UpdateStatus") or {}).get("State") ==
             "completed", "the update")
    api.rollback_service("rb")
    _sw_wait(lambda: (api.inspect_service(svc).get("UpdateStatus") or {}).get("State") ==
             "rollback_completed", "the rollback")
    assert "Env" not in api.inspect_service(svc)["Spec"]["TaskTemplate"]["ContainerSpec"]


def test_swarm_versions_the_library_checks_before_sending():
    """docker-py's API version checks, with a pinned version (nothing is sent)."""
    api = docksock.APIClient("unix:///nonexistent.sock", version="1.35")
    with pytest.raises(docksock.InvalidVersion, match="default_addr_pool"):
        api.init_swarm(default_addr_pool=["10.20.0.0/16"])
    with pytest.raises(docksock.InvalidVersion, match="data_path_port"):
        api.init_swarm(data_path_port=4800)
    with pytest.raises(docksock.InvalidVersion, match="ContainerSpec.init"):
        api.create_service({"ContainerSpec": {"Image": "x", "Init": True}})
    with pytest.raises(docksock.InvalidVersion, match="status"):
        api.services(status=True)
    with pytest.raises(TypeError, match="swarm_spec must be a dictionary"):
        api.init_swarm(swarm_spec=[1])
    with pytest.raises(docksock.DockerException, match="Missing mandatory Image"):
        api.create_service({"ContainerSpec": {}})
    with pytest.raises(docksock.InvalidArgument, match="Invalid unlock key format"):
        api.unlock_swarm({"Key": "x"})
    with pytest.raises(docksock.InvalidArgument, match='mode must be either "replicated"'):
        api.create_service({"ContainerSpec": {"Image": "x"}}, mode="daily")
    spec = api.create_swarm_spec(snapshot_interval=5000, external_ca={"URL": "https://ca"},
                                 dispatcher_heartbeat_period=10 ** 9, name="default")
    assert spec == {"Raft": {"SnapshotInterval": 5000, "KeepOldSnapshots": None,
                             "LogEntriesForSlowFollowers": None, "HeartbeatTick": None,
                             "ElectionTick": None},
                    "Dispatcher": {"HeartbeatPeriod": 10 ** 9},
                    "CAConfig": {"ExternalCAs": [{"URL": "https://ca"}]}, "Name": "default"}


# -- docker's option syntaxes -------------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("type=bind,source=/a,target=/b,readonly", {"Type": "bind", "Source": "/a", "Target": "/b",
                                                "ReadOnly": True}),
    ("target=/d,volume-label=a=b,volume-nocopy,volume-driver=local",
     {"Type": "volume", "Target": "/d", "VolumeOptions": {"Labels": {"a": "b"}, "NoCopy": True,
                                                         "DriverConfig": {"Name": "local"}}}),
    ("type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770",
     {"Type": "tmpfs", "Target": "/t", "TmpfsOptions": {"SizeBytes": 1 << 20, "Mode": 0o1770}}),
    ("type=bind,src=/a,dst=/b,bind-propagation=rshared,bind-recursive=disabled",
     {"Type": "bind", "Source": "/a", "Target": "/b",
      "BindOptions": {"Propagation": "rshared", "NonRecursive": True}}),
])
def test_swarm_parse_mount(text, want):
    assert docksock.parse_mount(text) == want


@pytest.mark.parametrize("text, error", [
    ("type=bind,source=/a", "target is required"),
    ("type=tmpfs,target=/a,volume-nocopy", "cannot mix 'volume-*' options with mount type "
                                           "'tmpfs'"),
    ("target=/a,bogus=1", "unexpected key 'bogus' in 'bogus=1'"),
    ("target=/a,noval", "invalid field 'noval' must be a key=value pair"),
    ("type=bind,target=/a,bind-recursive=readonly,readonly",
     "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate'"),
])
def test_swarm_parse_mount_errors(text, error):
    with pytest.raises(docksock.InvalidArgument, match=re.escape(error)):
        docksock.parse_mount(text)


def test_swarm_option_parsers():
    port = docksock.parse_port
    assert port("8080:80") == [{"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080,
                                "PublishMode": "ingress"}]
    assert port("80/udp") == [{"Protocol": "udp", "TargetPort": 80, "PublishMode": "ingress"}]
    assert [p["PublishedPort"] for p in port("8080-8081:80-81")] == [8080, 8081]
    assert port("published=1,target=2,mode=host,protocol=sctp") == [
        {"PublishedPort": 1, "TargetPort": 2, "PublishMode": "host", "Protocol": "sctp"}]
    for bad, error in (("target=x", "invalid target port (x): value must be an integer"),
                       ("published=1", "missing mandatory field 'target'"),
                       ("mode=x,target=1", "invalid publish mode value (x)"),
                       ("1.2.3.4:80:80", "hostip is not supported")):
        with pytest.raises(docksock.InvalidArgument, match=re.escape(error)):
            port(bad)
    ref = docksock.parse_file_reference
    assert ref("pw") == {"SecretName": "pw", "File": {"Name": "pw", "UID": "0", "GID": "0",
                                                      "Mode": 0o444}}
    assert ref("source=c,target=/etc/c,mode=0400,uid=1", "config") == {
        "ConfigName": "c", "File": {"Name": "/etc/c", "UID": "1", "GID": "0", "Mode": 0o400}}
    with pytest.raises(docksock.InvalidArgument, match="source is required"):
        ref("target=x")
    with pytest.raises(docksock.InvalidArgument, match="invalid mode specified"):
        ref("source=a,mode=0o9")
    assert docksock.parse_placement_preference("spread=node.labels.az") == \
        {"Spread": {"SpreadDescriptor": "node.labels.az"}}
    with pytest.raises(docksock.InvalidArgument, match="only spread is supported"):
        docksock.parse_placement_preference("pack=x")
    assert docksock.parse_cpus("1.5") == 1500000000 and docksock.parse_cpus("1/4") == 250000000
    with pytest.raises(docksock.InvalidArgument, match="value is too precise"):
        docksock.parse_cpus("0.0000000001")
    assert docksock.parse_ulimit("nofile=10:20") == {"Name": "nofile", "Soft": 10, "Hard": 20}
    assert docksock.parse_network_attachment("name=n,alias=a,driver-opt=k=v") == {
        "Target": "n", "Aliases": ["a"], "DriverOpts": {"k": "v"}}
    with pytest.raises(docksock.InvalidArgument, match="needs a url"):
        docksock.parse_external_ca("protocol=cfssl")
    assert docksock.parse_generic_resources(["gpu=2"]) == [
        {"DiscreteResourceSpec": {"Kind": "gpu", "Value": 2}}]


def test_swarm_service_spec_from_flags_without_a_daemon():
    """docker service create's flags as a ServiceSpec (no name to resolve: no request)."""
    spec = docksock.service_spec_from_flags(None, {
        "image": "busybox:1", "args": ["sleep", "1"], "replicas": 3, "env": ["A=1", "A=2"],
        "label": ["l=1"], "constraint": ["node.role==worker"], "update-parallelism": 1,
        "update-delay": 1.5, "restart-condition": "none", "limit-cpu": "0.5",
        "limit-memory": "64m", "mode": "replicated", "cap-add": ["net_admin", "ALL"],
        "host": ["h:1.2.3.4"], "health-cmd": "true", "entrypoint": ["sh -c"]})
    cs = spec["TaskTemplate"]["ContainerSpec"]
    assert (cs["Args"], cs["Command"], cs["Env"], cs["Hosts"], cs["CapabilityAdd"]) == (
        ["sleep", "1"], ["sh", "-c"], ["A=2"], ["1.2.3.4 h"], ["ALL"])
    assert cs["Init"] is False and cs["Healthcheck"] == {"Test": ["CMD-SHELL", "true"]}
    assert spec["Mode"] == {"Replicated": {"Replicas": 3}}
    assert spec["UpdateConfig"] == {"Parallelism": 1, "Delay": 1500000000,
                                    "Monitor": 5000000000, "FailureAction": "pause",
                                    "MaxFailureRatio": 0, "Order": "stop-first"}
    assert spec["TaskTemplate"]["Resources"] == {"Limits": {"NanoCPUs": 500000000,
                                                            "MemoryBytes": 64 << 20},
                                                 "Reservations": {}}
    assert spec["TaskTemplate"]["RestartPolicy"] == {"Condition": "none", "Delay": 5000000000,
                                                     "MaxAttempts": 0}
    job = docksock.service_spec_from_flags(None, {"image": "x", "mode": "replicated-job",
                                                  "replicas": 4})
    assert job["Mode"] == {"ReplicatedJob": {"MaxConcurrent": 4, "TotalCompletions": 4}}
    for flags, error in (({"mode": "global", "replicas": 2}, "replicas can only be used"),
                         ({"mode": "x"}, "Unknown mode: x"),
                         ({"mode": "global-job", "update-parallelism": 1},
                          "update and rollback configuration is not supported for jobs"),
                         ({"log-opt": ["a=b"]}, "--log-opt needs --log-driver")):
        with pytest.raises(docksock.InvalidArgument, match=re.escape(error)):
            docksock.service_spec_from_flags(None, dict(flags, image="x"))
    updated = docksock.update_service_spec(None, spec, {
        "env-add": ["B=1"], "env-rm": ["A"], "label-rm": ["l"], "constraint-rm":
        ["node.role==worker"], "constraint-add": ["node.labels.a==b"], "force": True,
        "replicas": 1, "cap-drop": ["ALL"], "cap-add": ["RESET"]})
    assert updated["TaskTemplate"]["ContainerSpec"]["Env"] == ["B=1"]
    assert updated["Labels"] == {} and updated["Mode"]["Replicated"]["Replicas"] == 1
    assert updated["TaskTemplate"]["Placement"]["Constraints"] == ["node.labels.a==b"]
    assert updated["TaskTemplate"]["ForceUpdate"] == 1
    assert updated["TaskTemplate"]["ContainerSpec"]["CapabilityDrop"] == ["ALL"]
    assert updated["TaskTemplate"]["ContainerSpec"].get("CapabilityAdd") is None
    assert spec["TaskTemplate"]["ContainerSpec"]["Env"] == ["A=2"]       # not changed


# -- the CLI against two nodes ------------------------------------------------------------------

def test_swarm_node_ls_and_inspect_as_docker_28(swarm):
    """node ls (two nodes, the current one starred), its -q, --format, and node inspect
    (JSON and --pretty) byte for byte as docker 28 prints them."""
    m = swarm.manager
    rc, out, err = _sw(m, "node", "ls")
    assert (rc, err) == (0, "")
    rows = _sw_cells(out)
    assert rows[0] == ["ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS",
                       "ENGINE VERSION"]
    assert rows[1][:5] == [m.node_id + " *", "swarm-manager", "Ready", "Active", "Leader"]
    assert rows[2][:4] == [swarm.worker.node_id, "swarm-worker", "Ready", "Active"]
    if _docker28() is None:
        _sw_need_docker28()
    for argv in (["node", "ls"], ["node", "ls", "-q"], ["node", "ls", "--format", "json"],
                 ["node", "ls", "--format", "{{.Hostname}}\t{{.Self}}\t{{.TLSStatus}}"],
                 ["node", "ls", "-f", "role=worker"], ["node", "inspect", "self"],
                 ["node", "inspect", "--pretty", "self", "swarm-worker"],
                 ["node", "inspect", "swarm-worker", "nosuch"],
                 ["node", "inspect", "--format", "{{.Status.State}}", "self"],
                 ["node", "ps", "self"], ["node", "ps", "nosuch"],
                 ["node", "update", "--label-rm", "nope", "self"]):
        want = _sw_docker(m, *argv)
        got = _sw(m, *argv)
        if argv[1] == "ps":     # durations: task states since some seconds ago
            want, got = [(r[0], _sw_norm(r[1], keep=(m.node_id,)), r[2]) for r in (want, got)]
        assert (got[0], got[1].replace("docksock", "docker"), got[2]) == want, argv


def test_swarm_constraints_place_tasks_on_the_right_node(swarm):
    m, w = swarm.manager, swarm.worker
    for name, constraint, node in (("on-worker", "node.hostname==swarm-worker", w),
                                   ("on-manager", "node.role==manager", m)):
        rc, out, err = _sw(m, "service", "create", "-d", "--name", name, "--replicas", "2",
                           "--constraint", constraint, *(_SW_QUICK + [_SW_IMAGE, "sleep",
                                                                     "300"]))
        assert rc == 0 and err == "", err
        service = out.strip()
        tasks = _swarm_wait_tasks(swarm, service, 2)
        assert {t["NodeID"] for t in tasks} == {node.node_id}, name
    rc, out, err = _sw(m, "service", "ps", "--format", "{{.Name}} {{.Node}} {{.CurrentState}}",
                       "on-worker", "on-manager")
    assert rc == 0
    assert [line.split()[:3] for line in out.splitlines()] == [
        ["on-manager.1", "swarm-manager", "Running"], ["on-manager.2", "swarm-manager", "Running"],
        ["on-worker.1", "swarm-worker", "Running"], ["on-worker.2", "swarm-worker", "Running"]]


def test_swarm_drain_moves_tasks_off_a_node(swarm):
    m, w = swarm.manager, swarm.worker
    rc, out, err = _sw(m, "service", "create", "-d", "--name", "spread", "--replicas", "2",
                       "--replicas-max-per-node", "1", *(_SW_QUICK + [_SW_IMAGE, "sleep", "300"]))
    assert rc == 0, err
    service = out.strip()
    _swarm_wait_tasks(swarm, service, 2)
    assert _sw_running_nodes(swarm, service) == sorted([m.node_id, w.node_id])
    rc, out, err = _sw(m, "node", "update", "--availability", "drain", "swarm-worker")
    assert (rc, out, err) == (0, "swarm-worker\n", "")
    rc, out, err = _sw(m, "service", "update", "-d", "--replicas-max-per-node", "0", "spread")
    assert rc == 0, err
    _sw_wait(lambda: _sw_running_nodes(swarm, service) == [m.node_id, m.node_id],
             "both tasks on the manager")
    rc, out, err = _sw(m, "node", "inspect", "--format", "{{.Spec.Availability}}", "swarm-worker")
    assert out == "drain\n"
    assert _sw(m, "node", "update", "--availability", "active", "swarm-worker")[0] == 0


def test_swarm_rolling_update_one_task_at_a_time(swarm):
    """--update-parallelism 1: while `service update` waits for the service to converge,
    the tasks are replaced one by one (old and new run side by side, never fewer than
    all but one running)."""
    m = swarm.manager
    rc, out, err = _sw(m, "service", "create", "-d", "--name", "roll", "--replicas", "3",
                       "--update-parallelism", "1", *(_SW_QUICK + [_SW_IMAGE, "sleep", "300"]))
    assert rc == 0, err
    service = out.strip()
    _swarm_wait_tasks(swarm, service, 3)
    samples, done = [], threading.Event()

    def sample():
        while not done.is_set():
            running = [t for t in _swarm_tasks(swarm, service, desired=None)
                       if t["Status"]["State"] == "running" and t["DesiredState"] == "running"]
            samples.append(sorted("V=2" in (t["Spec"]["ContainerSpec"].get("Env") or [])
                                  for t in running))
            time.sleep(0.05)
    thread = threading.Thread(target=sample)
    thread.start()
    try:
        rc, out, err = _sw(m, "service", "update", "--env-add", "V=2", "roll")
    finally:
        done.set()
        thread.join()
    assert rc == 0, err
    assert out.startswith("roll\noverall progress: 0 out of 3 tasks\n")
    assert out.endswith("verify: Service roll converged\n")
    assert min(len(s) for s in samples) >= 2
    assert any(s.count(True) == 1 for s in samples) and any(s.count(True) == 2 for s in samples)
    status = _swarm_json(m.sock, "GET", "/services/roll")["UpdateStatus"]
    assert status["State"] == "completed"
    assert _swarm_wait_tasks(swarm, service, 3)


def test_swarm_promote_demote_and_remove(swarm):
    m, w = swarm.manager, swarm.worker
    rc, out, err = _sw(m, "node", "promote", "swarm-worker")
    assert (rc, out) == (0, "Node swarm-worker promoted to a manager in the swarm.\n")
    rc, out, err = _sw(m, "node", "promote", "swarm-worker")
    assert out == "Node %s is already a manager.\n" % w.node_id
    _sw_wait(lambda: _sw(m, "node", "ls", "--format", "{{.Hostname}} {{.ManagerStatus}}",
                         "-f", "role=manager")[1] ==
             "swarm-manager Leader\nswarm-worker Reachable\n", "two managers")
    _sw_wait(lambda: _swarm_state(w)["ControlAvailable"], "the worker manages")
    rc, out, err = _sw(w, "node", "ls", "-q")     # a manager answers node ls
    assert rc == 0 and sorted(out.split()) == sorted([m.node_id, w.node_id])
    rc, out, err = _sw(m, "node", "demote", "swarm-worker")
    assert (rc, out) == (0, "Manager swarm-worker demoted in the swarm.\n")
    _sw_wait(lambda: _sw(m, "node", "ls", "-q", "-f", "role=manager")[1] == m.node_id + "\n",
             "one manager again")
    rc, out, err = _sw(m, "node", "rm", "swarm-worker")
    assert rc == 1 and "is not down and can't be removed" in err


def test_swarm_worker_leaves_and_is_removed(swarm):
    m, w = swarm.manager, swarm.worker
    rc, out, err = _sw(w, "swarm", "leave")
    assert (rc, out, err) == (0, "Node left the swarm.\n", "")
    _sw_wait(lambda: _sw(m, "node", "ls", "--format", "{{.ID}} {{.Status}}")[1].count("Down")
             == 1, "the worker down")
    rc, out, err = _sw(m, "node", "rm", w.node_id)
    assert (rc, out, err) == (0, w.node_id + "\n", "")
    rc, out, err = _sw(w, "swarm", "leave")
    assert (rc, err) == (1, "Error response from daemon: This node is not part of a swarm\n")
    rc, out, err = _sw(w, "node", "ls")
    assert rc == 1 and "This node is not a swarm manager" in err


def test_swarm_secrets_and_configs_as_docker_28(swarm, tmp_path):
    _sw_need_docker28()
    m = swarm.manager
    data = tmp_path / "data"
    data.write_text("k=v\n")
    for kind in ("secret", "config"):
        for tool, name in ((_sw_docker, "dk"), (_sw, "ds")):
            rc, out, err = tool(m, kind, "create", "-l", "a=b", "-l", "c", name, str(data))
            assert rc == 0 and err == "", err
        for argv in (["ls"], ["ls", "-q"], ["ls", "--format", "json"],
                     ["ls", "-f", "name=dk"], ["inspect", "--pretty", "dk"],
                     ["inspect", "dk", "nosuch"], ["create", "x", str(tmp_path / "none")],
                     ["rm", "nosuch"], ["inspect", "--format", "{{.Spec.Labels}}", "dk"]):
            want, got = _sw_docker(m, kind, *argv), _sw(m, kind, *argv)
            if "json" in argv:      # docker joins the labels in Go's random map order
                want, got = [(r[0], [dict(o, Labels=sorted(o["Labels"].split(",")))
                                     for o in map(json.loads, _sw_norm(r[1]).split("\n")[:-1])],
                              r[2]) for r in (want, got)]
            assert (got[0], _sw_norm(got[1]) if isinstance(got[1], str) else got[1], got[2]) \
                == (want[0], _sw_norm(want[1]) if isinstance(want[1], str) else want[1],
                    want[2]), (kind, argv)
        rc, out, err = _sw(m, kind, "rm", "dk", "ds")
        assert (rc, out, err) == (0, "dk\nds\n", "")


def test_swarm_lists_read_their_config_json_formats_as_docker_28(swarm, tmp_path):
    """servicesFormat, nodesFormat, tasksFormat, secretFormat and configFormat of
    config.json are the swarm lists' formats when no --format is given (not with -q):
    the same output as docker 28 with the same --config."""
    _sw_need_docker28()
    m = swarm.manager
    cfg = tmp_path / "cfg"
    _config(cfg, {"servicesFormat": "svc {{.Name}}", "nodesFormat": "node {{.Hostname}}",
                  "tasksFormat": "task {{.DesiredState}}", "secretFormat": "sec {{.Name}}",
                  "configFormat": "cfg {{.Name}}"})
    (tmp_path / "data").write_text("data")
    for kind in ("secret", "config"):
        assert _sw(m, kind, "create", "dks-cfgfmt", str(tmp_path / "data"))[0] == 0
    try:
        for argv in (["service", "ls"], ["service", "ls", "-q"], ["node", "ls"],
                     ["node", "ls", "-q"], ["node", "ps", "self"], ["node", "ps", "-q", "self"],
                     ["secret", "ls"], ["secret", "ls", "-q"], ["config", "ls"],
                     ["config", "ls", "--format", "table"], ["config", "ls", "-q"]):
            argv = ["--config", str(cfg)] + argv
            want, got = _sw_docker(m, *argv), _sw(m, *argv)
            assert (got[0], _sw_norm(got[1]), got[2]) == (want[0], _sw_norm(want[1]), want[2]), \
                argv
        assert "sec dks-cfgfmt" in _sw(m, "--config", str(cfg), "secret", "ls")[1]
    finally:
        for kind in ("secret", "config"):
            _sw(m, kind, "rm", "dks-cfgfmt")


# -- the docker CLI's service workflow, side by side ---------------------------------------------

_SW_WORKFLOW = [
    ["service", "create", "--name", "web", "--replicas", "2"] + _SW_QUICK +
    ["--update-parallelism", "1", "--rollback-parallelism", "2",
     _SW_IMAGE, "sh", "-c", "echo hello from $(hostname); sleep 300"],
    ["service", "ls"],
    ["service", "scale", "web=3"],
    ["service", "update", "--env-add", "MODE=two", "--label-add", "tier=front", "web"],
    ["service", "ps", "web"],
    ["service", "ps", "-q", "--filter", "desired-state=running", "web"],
    ["service", "inspect", "--pretty", "web"],
    ["service", "logs", "--raw", "web"],
    ["service", "rollback", "web"],
    ["service", "inspect", "--format", "{{.Spec.Labels}} {{.UpdateStatus.State}}", "web"],
    ["service", "scale", "web=1", "--detach"],
    ["service", "rm", "web", "nosuch"],
]


def _sw_workflow(node, tool):
    """Run the workflow with one CLI: its normalized outputs, step by step."""
    results = []
    for argv in _SW_WORKFLOW:
        rc, out, err = tool(node, *argv)
        if argv[1] == "ps" and "-q" not in argv:     # the scheduler picks the nodes
            out = [["<id>" if i == 0 and row[1] != "NAME" else
                    re.sub(r"^swarm-(manager|worker)$", "<node>", _sw_norm(c))
                    for i, c in enumerate(row)] for row in _sw_cells(out)]
        elif argv[1] == "logs":
            out = sorted(_sw_norm(out).split("\n"))
        else:
            out = _sw_norm(out)
        results.append((argv, rc, out, _sw_norm(err)))
    _sw_wait(lambda: not _swarm_json(node.sock, "GET", "/services"), "web removed")
    return results


def _sw_compare_workflow(node):
    docker = _sw_workflow(node, _sw_docker)
    ours = _sw_workflow(node, _sw)
    for want, got in zip(docker, ours):
        assert got == want, "%s\n--- docker 28:\n%r\n--- docksock:\n%r" % (want[0], want[1:],
                                                                        got[1:])
    return ours


def test_swarm_docker_cli_workflow_on_two_nodes_as_docker_28(swarm):
    """create, ls, scale, update, ps, inspect, logs, rollback, rm: docksock's output
    equals docker 28's, each run on the two-node swarm (IDs and durations aside)."""
    _sw_need_docker28()
    results = _sw_compare_workflow(swarm.manager)
    assert results[0][2].startswith("<id1>\noverall progress: 0 out of 2 tasks\n1/2:  \n")
    assert results[8][2].startswith("web\nrollback: manually requested rollback\n"
                                    "overall progress: rolling back update: 0 out of 3 tasks\n"
                                    "1/3:  \n2/3:  \n3/3:  \n")
    assert results[8][2].endswith("overall progress: rolling back update: 3 out of 3 tasks\n"
                                  "verify: Waiting <n> seconds to verify that tasks are "
                                  "stable...\nverify: Service web converged\n")
    assert results[9][2] == "map[] rollback_completed\n"


def test_swarm_service_ls_ps_logs_flags_as_docker_28(swarm, tmp_path):
    """service ls --format, service ps --format/--no-trunc/--no-resolve/--filter and
    service logs --details/--no-task-ids/--no-trunc/--no-resolve/--since/--timestamps:
    docksock prints what docker 28 prints for the same service on the two nodes."""
    _sw_need_docker28()
    m = swarm.manager
    rc, out, err = _sw_docker(m, "service", "create", "-d", "--name", "talk", "--replicas",
                              "2", "--label", "a=b", *(_SW_QUICK + [
                                  _SW_IMAGE, "sh", "-c", "echo one; echo two >&2; sleep 300"]))
    assert rc == 0, err
    service = out.strip()
    _swarm_wait_tasks(swarm, service, 2)
    _sw_wait(lambda: len("".join(_sw_docker(m, "service", "logs", "--raw", "talk")[1:])
                         .split()) == 4,
             "the tasks' output")
    # node ps -q shortens task IDs as docker's does; service ps -q shows them whole
    for argv, size in ((["node", "ps", "-q", "self", "swarm-worker"], 12),
                       (["service", "ps", "-q", "talk"], 25)):
        lengths = [[len(x) for x in tool(m, *argv)[1].split()] for tool in (_sw_docker, _sw)]
        # (how many: the tasks of earlier tests' services may be going meanwhile)
        assert set(lengths[1]) == set(lengths[0]) == {size}, (argv, lengths)
    (tmp_path / "data").write_text("data")
    for kind in ("secret", "config"):
        assert _sw_docker(m, kind, "create", "-l", "x=y", "obj", str(tmp_path / "data"))[0] == 0
    steps = [["node", "ls", "--format", "{{.Nope}}"],
             ["service", "ps", "--format", "{{.Nope}}", "talk"],
             ["secret", "ls", "--format", "{{.Nope}}"],
             ["config", "ls", "--format", "{{.Nope}}"],
             ["secret", "ls", "--format", "{{.Name}} {{.Label \"x\"}} {{.Labels}}"],
             ["config", "ls", "--format", "{{.Name}} {{.Label \"x\"}} {{.Labels}}"],
             ["service", "ls", "--format", "json"],
             ["service", "ls", "--format", "{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}} "
              "[{{.Ports}}]"],
             ["service", "ls", "--format", "table {{.ID}}\t{{.Name}}", "-f", "label=a=b"],
             ["service", "ls", "--format", "{{.Nope}}"],
             ["service", "ps", "--no-trunc", "talk"], ["service", "ps", "--no-resolve", "talk"],
             ["service", "ps", "--format", "{{.Name}} {{.Image}} {{.DesiredState}} "
              "[{{.Error}}] [{{.Ports}}]", "talk"],
             ["service", "ps", "--format", "json", "talk"],
             ["service", "ps", "-f", "desired-state=shutdown", "talk"],
             ["service", "ps", "-f", "bogus=1", "talk"],
             ["service", "logs", "talk"], ["service", "logs", "--no-task-ids", "talk"],
             ["service", "logs", "--no-trunc", "talk"],
             ["service", "logs", "--no-resolve", "talk"],
             ["service", "logs", "--details", "talk"],
             ["service", "logs", "--since", "1h", "--timestamps", "talk"],
             ["service", "logs", "--since", "bogus", "talk"],
             ["service", "logs", "--tail", "1", "--raw", "talk"]]
    for argv in steps:
        want, got = _sw_docker(m, *argv), _sw(m, *argv)
        if argv[1] == "logs":       # the tasks' lines interleave as they arrive
            want, got = [(r[0], sorted(_sw_norm(_SW_ID.sub("<id>", r[1])).split("\n")),
                          sorted(_sw_norm(_SW_ID.sub("<id>", r[2])).split("\n")))
                         for r in (want, got)]
        elif argv[1] == "ps":       # the scheduler picks the nodes
            want, got = [(r[0], sorted(_sw_norm(_SW_ID.sub("<id>", re.sub(
                r"swarm-(manager|worker)|" + "|".join([swarm.manager.node_id,
                                                       swarm.worker.node_id]),
                "<node>", r[1]))).split("\n")), _sw_norm(r[2])) for r in (want, got)]
            # a duration's length pads the last columns
            want, got = [(r[0], [line.rstrip() for line in r[1]], r[2]) for r in (want, got)]
        elif "json" in argv:
            want, got = [(r[0], [json.loads(line) for line in r[1].splitlines()], r[2])
                         for r in (want, got)]
        else:
            want, got = [(r[0], _sw_norm(r[1]), _sw_norm(r[2])) for r in (want, got)]
        assert got == want, "%s\n--- docker 28:\n%r\n--- docksock:\n%r" % (argv, want, got)


def test_swarm_of_one_node_init_workflow_leave_as_docker_28(swarm):
    """The worker, out of the lab's swarm, makes a swarm of its own: init, join-token,
    unlock-key, update, ca, unlock, leave, and the service workflow, each as docker 28
    prints it."""
    _sw_need_docker28()
    w = swarm.worker
    assert _sw(w, "swarm", "leave")[0] == 0
    steps = [["swarm", "init", "--availability", "Bogus"],
             ["swarm", "init", "--advertise-addr", "127.0.0.2", "--listen-addr",
              "127.0.0.2:2377", "--task-history-limit", "2", "--autolock",
              "--default-addr-pool-mask-length", "26"],
             ["info", "--format", "{{.Swarm.Cluster.SubnetSize}} "
              "{{.Swarm.Cluster.DefaultAddrPool}}"],
             ["swarm", "join-token", "worker"], ["swarm", "unlock-key"],
             ["swarm", "update", "--autolock=false"], ["swarm", "unlock-key"],
             ["swarm", "join-token", "manager"], ["swarm", "ca", "--cert-expiry", "1h"],
             ["swarm", "ca", "--rotate"], ["swarm", "ca", "--rotate", "-q", "--cert-expiry",
                                           "2000h"],
             ["swarm", "unlock"], ["swarm", "leave"], ["swarm", "join-token", "bogus"]]
    runs = []
    for tool in (_sw_docker, _sw):
        outputs = []
        for argv in steps:
            # info is docker's in both runs: the swarm each init made, as docker sees it
            rc, out, err = (_sw_docker if argv[0] == "info" else tool)(w, *argv)
            secrets = re.findall(r"SWMKEY-1-\S+|SWMTKN-1-\S+", out)
            for i, secret in enumerate(secrets):
                out = out.replace(secret, "<secret%d>" % i)
            out = re.sub(r"-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----",
                         "<root CA>", re.sub(r"sha256:[0-9a-f]{64}", "<digest>", out))
            outputs.append((argv, rc, _sw_norm(out), _sw_norm(err)))
        runs.append(outputs)
        if tool is _sw_docker:
            assert _sw_docker(w, "swarm", "leave", "--force")[0] == 0
    for want, got in zip(*runs):
        assert got == want, want[0]
    assert runs[1][0][1:] == (1, "", 'invalid availability "Bogus", only active, pause and '
                              'drain are supported\n')
    text = runs[1][1][2]
    assert text.startswith("Swarm initialized: current node (<id1>) is now a manager.\n\n")
    assert "    docker swarm join --token <secret0> 127.0.0.2:2377\n" in text
    assert "To unlock a swarm manager after it restarts" in text
    assert runs[1][9][2] == "desired root digest: \n  rotated TLS certificates: \n  " \
        "rotated CA certificates:  \ndesired root digest: <digest>\n<root CA>\n"
    assert runs[1][12][1:] == (1, "", "Error response from daemon: You are attempting to leave "
                              "the swarm on a node that is participating as a manager. Removing "
                              "the last manager erases all current state of the swarm. Use "
                              "`--force` to ignore this message.\n")
    assert runs[1][2][2] == "26 []\n"
    _sw_compare_workflow(w)
    rc, out, err = _sw(w, "swarm", "leave", "--force")
    assert (rc, out, err) == (0, "Node left the swarm.\n", "")
    # a node in no swarm: --force does not hide the daemon's error (docker-py's leave does)
    assert _sw(w, "swarm", "leave", "--force") == _sw_docker(w, "swarm", "leave", "--force") == \
        (1, "", "Error response from daemon: This node is not part of a swarm\n")


def test_swarm_converge_display_on_a_terminal_as_docker_28(swarm):
    """On a terminal, service create draws docker's converge lines in place: the same
    escape sequences as docker 28 (task states aside, which depend on when one looks)."""
    _sw_need_docker28()
    m = swarm.manager

    def on_a_pty(argv):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 150, 0, 0))
        env = dict(os.environ, DOCKER_HOST=m.host, HOME="/nonexistent", TERM="xterm")
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True)
        os.close(slave)
        out = b""
        try:
            while True:
                r, _, _ = select.select([master], [], [], 120)
                data = os.read(master, 65536) if r else b""
                if not data:
                    break
                out += data
        except OSError:     # EIO: the last end of the terminal closed
            pass
        finally:
            os.close(master)
            proc.wait(60)
        return out.decode("utf-8", "replace")
    shapes = []
    for name, argv in (("dk", [_docker28()]), ("ds", [sys.executable, docksock.__file__])):
        text = on_a_pty(argv + ["service", "create", "--name", name] + _SW_QUICK +
                        [_SW_IMAGE, "sleep", "300"])
        first, rest = text.split("\r\n", 1)
        assert re.match(r"^[0-9a-z]{25}$", first), text
        # each line drawn: the cursor up, the line cleared, the text, the cursor down
        drawn = re.findall(r"(?:\x1b\[\d+A)?\x1b\[2K\r([^\r]*)\r(?:\x1b\[\d+B)?", rest)
        texts = []
        for line in drawn:
            line = re.sub(r"^1/1: \w+ +(\[=*>? *\] )?$", "1/1: <state>", line)
            line = re.sub(r"^verify: Service [0-9a-z]{25} ", "verify: Service <id> ", line)
            # the countdown starts from what is left of the monitor period when the task
            # runs, which depends on timing (docker drew 1, docksock 2 then 1, in one run)
            line = re.sub(r"^verify: Waiting \d+ seconds", "verify: Waiting <n> seconds", line)
            if line not in texts:   # how often a line is redrawn depends on timing
                texts.append(line)
        shapes.append(texts)
    assert shapes[1] == shapes[0]
    assert shapes[1][:2] == ["overall progress: 0 out of 1 tasks ", "1/1:   "]
    assert shapes[1][-1] == "verify: Service <id> converged "
    assert "verify: Waiting <n> seconds to verify that tasks are stable... " in shapes[1]


def test_swarm_flags_docksock_refuses_by_name(swarm):
    m = swarm.manager
    rc, out, err = _sw(m, "service", "create", "--credential-spec", "file://x", _SW_IMAGE)
    assert rc == 125 and "--credential-spec is not supported: a credential spec (gMSA) is " \
                         "for Windows containers" in err
    rc, out, err = _sw(m, "service", "update", "--rollback", "--env-add", "A=1", "x")
    assert rc == 1
    for argv in (["volume", "ls", "--cluster"], ["volume", "create", "--type", "mount", "v"],
                 ["volume", "create", "--sharing", "all", "v"]):
        rc, out, err = _sw(m, *argv)
        assert (rc, out) == (125, "") and "is not supported: cluster volumes (swarm's CSI " \
            "volumes) exist only through a CSI volume plugin" in err, argv
    assert _swarm_json(m.sock, "GET", "/volumes")["Volumes"] in (None, [])
    assert _sw(m, "volume", "ls", "--cluster=false")[0] == 0   # the default: nothing refused


# A docker-py user's swarm script: docker.types objects, the high-level client's services,
# nodes, secrets and configs, the low-level create_service.  It runs under docker-py 7.2 (the
# oracle) and under docksock with only `import docker` changed, against the two-node swarm;
# the outputs must be the same.
_DOCKER_PY_SWARM_SCRIPT = r'''
import json
import sys
import time

import docker

IMAGE, PREFIX = sys.argv[1], sys.argv[2]
out = []
client = docker.from_env()


def wait(what, check, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit("not within %ds: %s" % (timeout, what))


def running(service, count):
    return lambda: len([t for t in service.tasks({"desired-state": "running"})
                        if t["Status"]["State"] == "running"]) == count


swarm = client.swarm
out.append(["swarm", swarm.attrs["Spec"]["Orchestration"], swarm.version > 0])
out.append(["nodes", sorted(n.attrs["Description"]["Hostname"] for n in client.nodes.list()),
            [n.attrs["Spec"]["Role"] for n in client.nodes.list(filters={"role": "worker"})]])
node = client.nodes.get("swarm-worker")
out.append(["node", node.attrs["Spec"]["Availability"], node.version > 0])
secret = client.secrets.create(name=PREFIX + "-secret", data=b"s3cret\n", labels={"a": "b"})
config = client.configs.create(name=PREFIX + "-config", data="k=v\n")
out.append(["secret", secret.name, client.secrets.get(secret.id).attrs["Spec"]["Labels"],
            len(client.secrets.list(filters={"name": PREFIX + "-secret"}))])
spec = docker.types.ContainerSpec(
    IMAGE, command=["sh", "-c", "cat /run/secrets/%s-secret /conf; sleep 300" % PREFIX],
    env={"MODE": "one"}, init=True, stop_grace_period=10 ** 9,
    secrets=[docker.types.SecretReference(secret.id, PREFIX + "-secret")],
    configs=[docker.types.ConfigReference(config.id, PREFIX + "-config", filename="/conf")])
task = docker.types.TaskTemplate(
    spec, placement=docker.types.Placement(constraints=["node.role==worker"]),
    restart_policy=docker.types.RestartPolicy(condition="any", delay=10 ** 9))
created = client.api.create_service(
    task, name=PREFIX + "-web", mode=docker.types.ServiceMode("replicated", replicas=2),
    update_config=docker.types.UpdateConfig(parallelism=1, monitor=10 ** 9,
                                            failure_action="pause"),
    endpoint_spec=docker.types.EndpointSpec(mode="vip"))
service = client.services.get(created["ID"])
wait("two tasks", running(service, 2))
out.append(["service", service.name, service.attrs["Spec"]["Mode"],
            service.attrs["Spec"]["TaskTemplate"]["Placement"],
            service.attrs["Spec"]["UpdateConfig"],
            service.attrs["Spec"]["TaskTemplate"]["ContainerSpec"]["Env"]])
wait("the output", lambda: b"k=v" in b"".join(service.logs(stdout=True)))
out.append(["logs", sorted(b"".join(service.logs(stdout=True)).decode().split("\n"))])
out.append(["scale", service.scale(3)])
wait("three tasks", running(service, 3))
service.reload()
service.update(env=["MODE=two"], labels={"tier": "front"})
wait("the update", lambda: client.api.inspect_service(service.id).get(
    "UpdateStatus", {}).get("State") == "completed")
service.reload()
out.append(["updated", service.attrs["Spec"]["TaskTemplate"]["ContainerSpec"]["Env"],
            service.attrs["Spec"]["Labels"], service.attrs["Spec"]["Mode"]])
before = service.attrs["Spec"]["TaskTemplate"].get("ForceUpdate", 0)
service.force_update()
service.reload()
out.append(["forced", service.attrs["Spec"]["TaskTemplate"]["ForceUpdate"] - before])
out.append(["services", [s.name for s in client.services.list(filters={"name": PREFIX})]])
service.remove()
job = client.services.create(IMAGE, command="true", name=PREFIX + "-job", init=True,
                             mode=docker.types.ServiceMode("replicated-job", replicas=2,
                                                           concurrency=1))
wait("the job", lambda: len([t for t in job.tasks()
                             if t["Status"]["State"] == "complete"]) == 2)
out.append(["job", job.attrs["Spec"]["Mode"], len(job.tasks())])
job.remove()
wait("services gone", lambda: not client.services.list(filters={"name": PREFIX}))
try:
    client.services.get(PREFIX + "-nosuch")
except docker.errors.NotFound as e:
    out.append(["not found", e.status_code])
for obj in (secret, config):
    wait("removed", lambda: obj.remove())
print(json.dumps(out, sort_keys=True))
'''


def test_a_docker_py_swarm_script_runs_unchanged(swarm, tmp_path):
    """The same script under docker-py 7.2 and under docksock (its import changed): the
    same output, against the real swarm."""
    env = dict(os.environ, DOCKER_HOST=swarm.manager.host, DOCKER_CONFIG=str(tmp_path))
    want = _docker_py(_DOCKER_PY_SWARM_SCRIPT, swarm.image, "dp", env=env)
    p = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, %r); "
                        "import docksock; sys.modules['docker'] = docksock\n"
                        % HERE + _DOCKER_PY_SWARM_SCRIPT, swarm.image, "ds"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout.replace("ds-", "dp-")) == json.loads(want)


# ==== Reliability and security: faults, hardening, hygiene ======================
#
# A hostile-daemon fault matrix over a raw Unix-socket server, property tests of the wire
# encoders and decoders, hardening (quoting, credentials, TLS) and resource hygiene.  Each
# fault ends in a docksock exception naming what was wrong, or in success with the exact
# data; never a hang, a bare http.client/json/OSError exception or a silent short result.

class RawDaemon:
    """A fault-injecting Engine stand-in on a Unix socket, below HTTP's rules.

    behave(sock, req) gets the connection's socket and the parsed request: req.method,
    req.path, req.line (the request line as sent), req.headers (names lower-cased),
    req.body, req.n (its number on the connection).  It writes whatever bytes it likes,
    sleeps or closes; it returns True to read another request on the same connection,
    anything else closes it.  HEAD /_ping is answered with Api-Version: ping unless ping
    is None.  With parse=False, behave(sock, None) runs as soon as a connection is
    accepted, before anything is read.  Records requests and counts connections; live is
    the number of connections still open on the daemon's side.
    """

    def __init__(self, behave, ping="1.41", parse=True):
        self.dir = tempfile.mkdtemp(prefix="dkf", dir="/tmp")
        self.path = os.path.join(self.dir, "r.sock")
        self.url = "unix://" + self.path
        self.behave = behave
        self.ping = ping
        self.parse = parse
        self.requests = []
        self.connections = 0
        self._open = set()
        self._threads = []
        self._lock = threading.Lock()
        self._stopped = False
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen(128)
        self.listener.settimeout(0.05)   # the accept loop's poll interval, to see close()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def live(self):
        with self._lock:
            return len(self._open)

    def _accept(self):
        while not self._stopped:
            try:
                sock, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.settimeout(30)   # a daemon thread never outlives a forgotten client by long
            t = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            with self._lock:
                self.connections += 1
                self._open.add(sock)
                self._threads = [x for x in self._threads if x.is_alive()] + [t]
            t.start()

    def _serve(self, sock):
        rfile = sock.makefile("rb")
        try:
            if not self.parse:
                self.behave(sock, None)
                return
            n = 0
            while True:
                req = _read_raw_request(rfile)
                if req is None:
                    return
                n += 1
                req.n = n
                self.requests.append(req)
                if self.ping and req.method == "HEAD" and req.path == "/_ping":
                    sock.sendall(_head(headers=[("Api-Version", self.ping),
                                                ("Content-Length", "2")]))
                    continue
                if not self.behave(sock, req):
                    return
        except (OSError, ValueError):
            pass
        finally:
            rfile.close()
            sock.close()
            with self._lock:
                self._open.discard(sock)

    def close(self):
        """Stop accepting, wake every connection (behaviours pause with _pause, which a
        shutdown ends) and wait for them, so no descriptor outlives the daemon."""
        self._stopped = True
        self.thread.join(5)
        self.listener.close()
        with self._lock:
            still_open, threads = list(self._open), list(self._threads)
        for sock in still_open:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t in threads:
            t.join(5)
        shutil.rmtree(self.dir, ignore_errors=True)


def _read_raw_request(rfile):
    line = rfile.readline(65537)
    if not line:
        return None
    text = line.decode("latin-1").rstrip("\r\n")
    method, path = text.split(" ")[:2]
    headers = {}
    while True:
        h = rfile.readline(65537)
        if h in (b"\r\n", b"\n", b""):
            break
        k, _, v = h.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int(rfile.readline().split(b";")[0], 16)
            data = rfile.read(size + 2)[:size]
            if not size:
                break
            body += data
    else:
        body = rfile.read(int(headers.get("content-length") or 0))
    return types.SimpleNamespace(method=method, path=path, line=text, headers=headers,
                                 body=body, n=0)


def _head(status="200 OK", headers=(), version="HTTP/1.1"):
    lines = ["%s %s" % (version, status)] + ["%s: %s" % kv for kv in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _chunk(data):
    return b"%x\r\n%s\r\n" % (len(data), data)


_MUX = [("Content-Type", "application/vnd.docker.multiplexed-stream"),
        ("Transfer-Encoding", "chunked")]
_RAW_STREAM = [("Content-Type", "application/vnd.docker.raw-stream"), ("Transfer-Encoding", "chunked")]
_JSTREAM = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]
_UPGRADE = [("Content-Type", "application/vnd.docker.multiplexed-stream"),
            ("Connection", "Upgrade"), ("Upgrade", "tcp")]


def _answer(body, status="200 OK", ctype="application/json"):
    return _head(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))]) + body


def _json_answer(obj, status="200 OK"):
    return _answer(json.dumps(obj).encode(), status)


@pytest.fixture
def raw():
    daemons = []

    def start(behave, **kwargs):
        d = RawDaemon(behave, **kwargs)
        daemons.append(d)
        return d
    yield start
    for d in daemons:
        d.close()


def _within(func, limit=20):
    """Run func() in a thread: ("ok", value) or ("raised", exception); a hang fails the test."""
    box = {}

    def run():
        try:
            box["ok"] = func()
        except BaseException as e:  # noqa: B902 - the outcome is what is tested
            box["raised"] = e
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(limit)
    if t.is_alive():
        pytest.fail("hung for more than %d seconds" % limit, pytrace=False)
    return ("ok", box["ok"]) if "ok" in box else ("raised", box["raised"])


def _assert_outcome(outcome, expected):
    kind, got = outcome
    if isinstance(expected, tuple) and isinstance(expected[0], type):
        cls, fragment = expected
        assert kind == "raised", "expected %s, got the result %r" % (cls.__name__, got)
        assert isinstance(got, cls) and type(got).__module__ == "docksock", \
            "expected docksock.%s, got %s: %s" % (cls.__name__, type(got).__name__, got)
        assert fragment in str(got)
        return got
    if kind == "raised":
        raise got
    assert got == expected
    return got


# ---- the behaviours of a misbehaving daemon ----

def _send(data, keep=False):
    """Answer every request with these bytes; close unless keep."""
    def behave(sock, req):
        sock.sendall(data)
        return keep
    return behave


def _close_unanswered(sock, req):
    return False


def _reset_before_status(sock, req):
    # Closing with the request still unread makes the kernel reset a Unix-socket peer.
    sock.recv(5)


def _pause(sock, seconds):
    """Sleep, but wake when the client goes away or the daemon is closed."""
    select.select([sock], [], [], seconds)


def _stall(seconds, first=b""):
    def behave(sock, req):
        sock.sendall(first)
        _pause(sock, seconds)
    return behave


def _drip(sock, req):
    # 13 bytes, one per 0.25 s: 3.25 s in all, every read well under the 2 s timeout.
    body = b'{"ID":"drip"}'
    sock.sendall(_head(headers=[("Content-Type", "application/json"),
                                ("Content-Length", str(len(body)))]))
    for i in range(len(body)):
        time.sleep(0.25)
        sock.sendall(body[i:i + 1])


def _one_byte_chunks(sock, req):
    value = json.dumps({"Type": "container", "Action": "die", "pad": "\u00e9" * 4990}).encode()
    assert len(value) >= 10000
    sock.sendall(_head(headers=_JSTREAM))
    for i in range(len(value)):
        sock.sendall(_chunk(value[i:i + 1]))
    sock.sendall(_chunk(b"\n") + b"0\r\n\r\n")


def _304_with_body(sock, req):
    if req.path.endswith("/start"):
        sock.sendall(_head("304 Not Modified") + b"a body a 304 may not have")
    else:
        sock.sendall(_json_answer({"ID": "after-304"}))
    return True


def _mux(body, end=True):
    return _send(_head(headers=_MUX) + _chunk(body) + (b"0\r\n\r\n" if end else b""))


def _events(body, end=True):
    return _send(_head(headers=_JSTREAM) + _chunk(body) + (b"0\r\n\r\n" if end else b""))


def _upgraded(after=b""):
    return _send(_head("101 UPGRADED", _UPGRADE) + after)


_HUGE = 1 << 40   # a length no buffer should be made for


def _redirect(status):
    def behave(sock, req):
        sock.sendall(_head(status, [("Location", "/v1.43/elsewhere"), ("Content-Length", "0")]))
        return True
    return behave


def _endless_chunks(status, headers=(("Transfer-Encoding", "chunked"),)):
    """An answer whose chunked body never ends (and holds no newline): it stops only when
    the client goes away."""
    def behave(sock, req):
        sock.sendall(_head(status, list(headers)))
        piece = _chunk(b"x" * 65536)
        while True:
            sock.sendall(piece)
    return behave


def _http_client_allocates_declared_lengths():
    """Whether this Python's http.client allocates a body's declared length (Content-Length
    or chunk size) in one piece before reading it, as some releases do while others read in
    bounded pieces.  When it does, a hostile length raises MemoryError."""
    class Sock:
        def makefile(self, mode):
            return io.BufferedReader(io.BytesIO(
                b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n{}" % _HUGE))
    r = http.client.HTTPResponse(Sock())
    r.begin()
    try:
        r.read()
    except MemoryError:
        return True
    except http.client.IncompleteRead:
        return False
    return False


_ALLOCATES = _http_client_allocates_declared_lengths()


def _read_stream(c):
    return c.request("GET", "/x", stream=True).read()


def _logs_stream(c):
    return list(c.logs("x", stream=True))


def _logs_follow(c):
    return list(c.logs("x", stream=True, follow=True))


def _events_list(c):
    return list(c.events(decode=True))


def _exec_frames(c):
    s = c.exec_start("e", socket=True)
    try:
        return list(s.frames())
    finally:
        s.close()


_DEEP = b"[" * 100000

# id -> (RawDaemon keyword arguments, or None for a socket nothing listens on; the call;
# the outcome: (exception class, message fragment) or the exact result).  Clients are
# pinned to API 1.43 (logs framing from Content-Type, no inspect first) with a 2 s timeout.
FAULTS = [
    # -- connecting and the status line --
    pytest.param(None, lambda c: c.info(),
                 (docksock.DockerConnectionError, "connection refused: nothing is listening on"),
                 id="connection-refused"),
    pytest.param(dict(behave=_close_unanswered), lambda c: c.info(),
                 (docksock.DockerConnectionError, "closed the connection without answering"),
                 id="eof-before-status-line"),
    pytest.param(dict(behave=_reset_before_status, parse=False), lambda c: c.info(),
                 (docksock.DockerConnectionError, "without answering (connection reset by peer)"),
                 id="reset-before-status-line"),
    pytest.param(dict(behave=_send(b"HELLO WORLD\r\n\r\n")), lambda c: c.info(),
                 (docksock.ProtocolError, "sent a malformed response: HELLO WORLD"),
                 id="garbage-status-line"),
    pytest.param(dict(behave=_send(b"HTTP/1.1 200 " + b"O" * 70000 + b"\r\n\r\n")),
                 lambda c: c.info(),
                 (docksock.ProtocolError, "got more than 65536 bytes when reading status line"),
                 id="status-line-too-long"),
    pytest.param(dict(behave=_send(_head("100 Continue") + _json_answer({"ID": "x"}))),
                 lambda c: c.info(), {"ID": "x"}, id="100-continue-then-200"),
    pytest.param(dict(behave=_stall(4)), lambda c: c.info(),
                 (docksock.DockerTimeout, "did not answer within 2 seconds"),
                 id="stall-before-status-line"),
    pytest.param(dict(behave=_stall(3.5)), _events_list,
                 (docksock.DockerTimeout, "did not answer within 2 seconds"),
                 id="stall-before-status-line-of-events"),
    pytest.param(dict(behave=_stall(3.5)), lambda c: c.exec_start("e", socket=True),
                 (docksock.DockerTimeout, "did not answer within 2 seconds"),
                 id="stall-before-101-of-exec-start"),
    pytest.param(dict(behave=None, ping="abc"),
                 lambda c: docksock.APIClient(c.base_url, timeout=2).info(),
                 (docksock.InvalidVersion, "invalid API version 'abc'"),
                 id="ping-api-version-garbage"),
    # -- headers --
    pytest.param(dict(behave=_send(_head(headers=[("X-N%d" % i, "v") for i in range(101)]
                                         + [("Content-Length", "2")]) + b"{}")),
                 lambda c: c.info(), (docksock.ProtocolError, "got more than 100 headers"),
                 id="too-many-headers"),
    pytest.param(dict(behave=_send(_head(headers=[("X-Long", "v" * 70000),
                                                  ("Content-Length", "2")]) + b"{}")),
                 lambda c: c.info(),
                 (docksock.ProtocolError, "got more than 65536 bytes when reading header line"),
                 id="header-line-too-long"),
    # -- bodies --
    pytest.param(dict(behave=_send(_head(version="HTTP/1.0",
                                         headers=[("Content-Type", "application/json")])
                                   + b'{"ID": "close-delimited"}')),
                 lambda c: c.info(), {"ID": "close-delimited"}, id="http10-close-delimited-body"),
    pytest.param(dict(behave=_send(_head(version="HTTP/1.0", headers=[_RAW_STREAM[0]]) + b"one\ntwo\n")),
                 _logs_stream, [b"one\ntwo\n"], id="http10-close-delimited-stream"),
    pytest.param(dict(behave=_send(_head(headers=[("Content-Length", "2")]) + b"{}trailing junk",
                                   keep=True)),
                 lambda c: (c.info(), c.info()), ({}, {}), id="bytes-after-content-length"),
    pytest.param(dict(behave=_send(_head(headers=[("Content-Length", "100")]) + b'{"ID":')),
                 lambda c: c.info(),
                 (docksock.ProtocolError, "in the middle of the response (6 bytes read"),
                 id="content-length-longer-than-body"),
    pytest.param(dict(behave=_send(_head(headers=[("Content-Length", "100")]) + b"0123456789")),
                 _read_stream, (docksock.ProtocolError, "in the middle of the response"),
                 id="content-length-longer-than-body-streamed"),
    pytest.param(dict(behave=_send(_head(headers=[_RAW_STREAM[0], ("Content-Length", "100")])
                                   + b"0123456789")),
                 lambda c: b"".join(c.export("x")),
                 (docksock.ProtocolError, "in the middle of the response"),
                 id="content-length-longer-than-export"),
    pytest.param(dict(behave=_send(_head(headers=[("Content-Length", str(_HUGE))]) + b"{}")),
                 lambda c: c.info(),
                 (docksock.ProtocolError, "larger than the 67108864-byte limit (max_body)"),
                 id="content-length-1TiB"),
    pytest.param(dict(behave=_send(_head(headers=_JSTREAM) + b"zz\r\n{}\r\n0\r\n\r\n")),
                 lambda c: c.info(), (docksock.ProtocolError, "chunk"),
                 id="chunk-size-not-hex"),
    pytest.param(dict(behave=_send(_head(headers=_JSTREAM) + b"2;name=value\r\n{}\r\n"
                                   b"0\r\nX-Trailer: 1\r\n\r\n")),
                 lambda c: c.info(), {}, id="chunk-extension-and-trailer"),
    pytest.param(dict(behave=_send(_head(headers=_JSTREAM) + b"10\r\n{\"ID\":")),
                 lambda c: c.info(),
                 (docksock.ProtocolError, "closed the connection in the middle of the response"),
                 id="closed-mid-chunk"),
    pytest.param(dict(behave=_send(_head(headers=_JSTREAM) + b"10\r\n{\"ID\":")),
                 _read_stream,
                 (docksock.ProtocolError, "closed the connection in the middle of the response"),
                 id="closed-mid-chunk-streamed"),
    pytest.param(dict(behave=_send(_head(headers=_JSTREAM) + b"%x\r\n{}" % _HUGE)),
                 lambda c: c.info(), (docksock.ProtocolError, "in the middle of the response"),
                 id="chunk-size-1TiB"),
    pytest.param(dict(behave=_send(_head(headers=_JSTREAM) + b"1" * 70000 + b"\r\n{}\r\n")),
                 lambda c: c.info(),
                 (docksock.ProtocolError, "got more than 65536 bytes when reading chunk size"),
                 id="chunk-size-line-too-long"),
    # timeout= bounds a whole call (issue 17), not each read: a drip past it times out
    pytest.param(dict(behave=_drip), lambda c: c.info(),
                 (docksock.DockerTimeout, "did not come within the timeout"),
                 id="slow-drip-past-the-timeout"),
    pytest.param(dict(behave=_drip), _read_stream, b'{"ID":"drip"}',
                 id="slow-drip-streamed-under-the-timeout-per-read"),
    pytest.param(dict(behave=_stall(4, _head(headers=[("Content-Length", "20")]) + b'{"ID":')),
                 lambda c: c.info(),
                 (docksock.DockerTimeout, "did not come within the timeout"),
                 id="stall-mid-body"),
    # -- statuses and error bodies --
    pytest.param(dict(behave=_304_with_body),
                 lambda c: (c.start("x"), c.inspect_container("x")), (None, {"ID": "after-304"}),
                 id="304-with-a-body"),
    pytest.param(dict(behave=_send(_answer(b"<html><b>oops</b></html>\r\n\r\n  ",
                                           "500 Internal Server Error", "text/html"))),
                 lambda c: c.info(),
                 (docksock.APIError, "500 Server Error for /v1.43/info: Internal Server Error "
                                     '("<html><b>oops</b></html>")'),
                 id="500-html-body"),
    pytest.param(dict(behave=_send(_json_answer({"detail": "no message key"},
                                                "500 Internal Server Error"))),
                 lambda c: c.info(), (docksock.APIError, "(\"{\"detail\": \"no message key\"}\")"),
                 id="error-json-without-message"),
    pytest.param(dict(behave=_send(_head("404 Not Found", [("Content-Length", "0")]))),
                 lambda c: c.inspect_container("x"),
                 (docksock.NotFound, "request returned 404 Not Found for API route and version "
                                     "/v1.43/containers/x/json, check if the server supports "
                                     "the requested API version"),
                 id="404-empty-body"),
    pytest.param(dict(behave=_send(_answer(b"hello"))),
                 lambda c: c.info(), (docksock.ProtocolError, "the daemon's answer is not JSON"),
                 id="200-body-not-json"),
    pytest.param(dict(behave=_send(_answer(_DEEP))),
                 lambda c: c.info(), (docksock.ProtocolError, "the daemon's answer is not JSON"),
                 id="200-json-nested-100000-deep"),
    pytest.param(dict(behave=_send(_answer(_DEEP, "500 Internal Server Error"))),
                 lambda c: c.info(), (docksock.APIError, "500 Server Error for /v1.43/info"),
                 id="500-json-nested-100000-deep"),
    # -- multiplexed frames (logs) --
    pytest.param(dict(behave=_mux(_frame(1, b"hello") + b"\x01\x00\x00")), _logs_stream,
                 (docksock.StreamParseError,
                  "ended in the middle of a frame header (3 of 8 bytes)"),
                 id="frame-header-cut-short"),
    pytest.param(dict(behave=_mux(_frame(1, b"hello") + b"\x01\x00\x00\x00\xff\xff\xff\xff")),
                 _logs_stream,
                 (docksock.StreamParseError,
                  "ended in the middle of a frame (0 of 4294967295 bytes of stream 1)"),
                 id="frame-length-4GiB-then-eof"),
    pytest.param(dict(behave=_mux(_frame(2, b"hello")[:10])), lambda c: c.logs("x"),
                 (docksock.StreamParseError,
                  "ended in the middle of a frame (2 of 5 bytes of stream 2)"),
                 id="frame-payload-cut-short"),
    pytest.param(dict(behave=_mux(_frame(1, b"hello") + _frame(3, b"container gone\n"))),
                 _logs_stream,
                 (docksock.StreamError, "error from daemon in stream: container gone"),
                 id="stream-id-3-with-message"),
    pytest.param(dict(behave=_mux(_frame(1, b"hello") + _frame(7, b"what"))), _logs_stream,
                 (docksock.StreamParseError, "unrecognized stream: 7"), id="stream-id-7"),
    pytest.param(dict(behave=_mux(_frame(3, b"x" * (2 << 20)))), _logs_stream,
                 (docksock.StreamParseError, "system-error frame of 2097152 bytes: too large"),
                 id="stream-id-3-of-2MiB"),
    pytest.param(dict(behave=_mux(_frame(1, b"hello"), end=False)), _logs_follow,
                 (docksock.ProtocolError, "closed the connection in the middle of the response"),
                 id="daemon-dies-during-logs-follow"),
    # -- JSON streams (events, pull) --
    pytest.param(dict(behave=_events(b'{"a":1}\n{"b":"\xff\xfe"}\n')), _events_list,
                 (docksock.StreamParseError, "invalid UTF-8 in a JSON stream"),
                 id="json-stream-invalid-utf8"),
    pytest.param(dict(behave=_events(b'{"a":1}\n{"b":nope}\n')), _events_list,
                 (docksock.StreamParseError, "invalid JSON in a stream"),
                 id="json-stream-invalid-json"),
    pytest.param(dict(behave=_events(b'{"a":1}\n{"b":')), _events_list,
                 (docksock.StreamParseError, "invalid JSON in a stream"),
                 id="json-stream-ends-mid-value"),
    pytest.param(dict(behave=_events(_DEEP)), _events_list,
                 (docksock.StreamParseError, "invalid JSON in a stream"),
                 id="json-stream-nested-100000-deep"),
    pytest.param(dict(behave=_events(b'{"a":1}\n', end=False)), _events_list,
                 (docksock.ProtocolError, "closed the connection in the middle of the response"),
                 id="daemon-dies-during-events"),
    pytest.param(dict(behave=_one_byte_chunks),
                 lambda c: [len(e["pad"]) for e in _events_list(c)], [4990],
                 id="json-value-in-10000-one-byte-chunks"),
    pytest.param(dict(behave=_events(b'\x1e{"a":1}\n\x1e{"b":2}\r\n{"c":3} {"d":4}')),
                 _events_list, [{"a": 1}, {"b": 2}, {"c": 3}, {"d": 4}],
                 id="json-seq-and-mixed-separators"),
    pytest.param(dict(behave=_events(b'{"status":"Pulling"}\r\n{"errorDetail":{"message":'
                                     b'"denied: no"},"error":"denied: no"}\r\n')),
                 lambda c: list(c.pull("busybox", stream=True, decode=True)),
                 (docksock.StreamError, "denied: no"), id="pull-error-detail"),
    # -- hijacked connections (exec, attach) --
    pytest.param(dict(behave=_upgraded()), _exec_frames, [],
                 id="101-then-immediate-close-frames"),
    pytest.param(dict(behave=_upgraded()), lambda c: c.exec_start("e", demux=True), (b"", b""),
                 id="101-then-immediate-close-demux"),
    pytest.param(dict(behave=_upgraded(_frame(1, b"out") + _frame(2, b"err"))),
                 lambda c: c.exec_start("e", demux=True), (b"out", b"err"), id="101-then-frames"),
    pytest.param(dict(behave=_upgraded(_frame(1, b"abc")[:6])), lambda c: c.exec_start("e"),
                 (docksock.StreamParseError, "ended in the middle of a frame header (6 of 8"),
                 id="101-then-cut-frame-header"),
    pytest.param(dict(behave=_upgraded(_frame(3, b"exec failed: no such file"))),
                 lambda c: c.exec_start("e"),
                 (docksock.StreamError, "error from daemon in stream: exec failed: no such file"),
                 id="101-then-stream-id-3"),
    pytest.param(dict(behave=_send(_head("204 No Content"))),
                 lambda c: c.exec_start("e", socket=True),
                 (docksock.ProtocolError, "expected the connection to be upgraded (101), got 204"),
                 id="hijack-answered-204"),
    # -- redirects: every 3xx is an error, never success and never followed (issue 13.8) --
    pytest.param(dict(behave=_redirect("301 Moved Permanently")), lambda c: c.kill("x"),
                 (docksock.APIError, 'Post "/v1.43/containers/x/kill": unexpected redirect in '
                                     'response (301 Moved Permanently, to /v1.43/elsewhere)'),
                 id="301-to-a-kill"),
    pytest.param(dict(behave=_redirect("307 Temporary Redirect")),
                 lambda c: c.put_archive("x", "/tmp", b""),
                 (docksock.APIError, "unexpected redirect in response (307"),
                 id="307-to-put-archive"),
    pytest.param(dict(behave=_redirect("301 Moved Permanently")), lambda c: c.info(),
                 (docksock.APIError, 'Get "/v1.43/info": unexpected redirect in response (301'),
                 id="301-to-a-get"),
    pytest.param(dict(behave=_redirect("302 Found")), _events_list,
                 (docksock.APIError, "unexpected redirect in response (302"),
                 id="302-to-a-stream"),
    pytest.param(dict(behave=_redirect("308 Permanent Redirect")),
                 lambda c: c.exec_start("e", socket=True),
                 (docksock.APIError, "unexpected redirect in response (308"),
                 id="308-to-a-hijack"),
    # -- bounded bodies (issue 13.9) --
    pytest.param(dict(behave=_endless_chunks("200 OK")), lambda c: c.info(),
                 (docksock.ProtocolError, "larger than the 67108864-byte limit (max_body)"),
                 id="endless-chunked-answer"),
    pytest.param(dict(behave=_endless_chunks("500 Internal Server Error")), lambda c: c.info(),
                 (docksock.APIError, "error body larger than the 65536-byte limit"),
                 id="endless-chunked-error-body"),
    pytest.param(dict(behave=_send(_head("404 Not Found", [("Content-Length", str(_HUGE))]))),
                 lambda c: c.inspect_container("x"),
                 (docksock.NotFound, "error body larger than the 65536-byte limit"),
                 id="error-body-of-1TiB-announced"),
    pytest.param(dict(behave=_endless_chunks("200 OK", _JSTREAM)), _events_list,
                 (docksock.StreamParseError, "larger than the 16777216-byte limit"),
                 id="json-stream-value-without-end"),
]


@pytest.mark.parametrize("daemon, call, expected", FAULTS)
def test_fault_matrix(raw, daemon, call, expected):
    bound = None
    if daemon is None:
        # a socket bound but not listening: connect() is refused
        bound = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        directory = tempfile.mkdtemp(prefix="dkr", dir="/tmp")
        bound.bind(os.path.join(directory, "r.sock"))
        url = "unix://" + os.path.join(directory, "r.sock")
    else:
        url = raw(**daemon).url
    try:
        c = docksock.APIClient(url, version="1.43", timeout=2)
        _assert_outcome(_within(lambda: call(c)), expected)
        c.close()
    finally:
        if bound is not None:
            bound.close()
            shutil.rmtree(directory, ignore_errors=True)


def test_deeply_nested_json_survives_a_collection_in_the_middle_of_the_scan():
    """Python 3.6-3.8 abort the whole process ("Fatal Python error: Cannot recover from
    stack overflow") when a garbage collection runs a __del__ while the C scanner is
    within 50 levels of the recursion limit: CI's unit run of 3.7 died so, in the fault
    matrix's 200-json-nested-100000-deep case.  Here collections are timed to fall across
    that band, in a process of its own, for each way docksock reads JSON."""
    script = textwrap.dedent(r"""
        import gc, io, sys
        sys.path.insert(0, sys.argv[1])
        import docksock

        class Cycle:
            def __del__(self):
                (lambda: None)()

        deep = "[" * 100000
        readers = [docksock._json_loads, docksock._go_json_decoder().decode,
                   lambda text: list(docksock.iter_json(io.BytesIO(text.encode()).read))]
        for threshold in range(900, 1080, 3):
            for read in readers:
                gc.disable()
                for _ in range(3):
                    cycle = Cycle()
                    cycle.me = cycle
                del cycle
                gc.set_threshold(threshold, 10, 10)
                gc.enable()
                try:
                    read(deep)
                except (ValueError, RecursionError, docksock.DockerException):
                    pass
        print("survived")
    """)
    done = subprocess.run([sys.executable, "-c", script, HERE], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    assert (done.returncode, done.stdout) == (0, b"survived\n"), done.stderr[-2000:]


def test_redirects_are_sent_once(raw):
    d = raw(_redirect("301 Moved Permanently"))
    c = docksock.APIClient(d.url, version="1.43", timeout=2)
    for call in (lambda: c.kill("x"), lambda: c.remove_container("a/../b"), c.info):
        with pytest.raises(docksock.APIError) as e:
            call()
        assert e.value.status_code == 301
    assert [r.method for r in d.requests] == ["POST", "DELETE", "GET"]


def test_cli_kill_answered_with_a_redirect_fails(raw):
    d = raw(_redirect("301 Moved Permanently"))
    rc, out, err = run_cli("-H", d.url, "kill", "/name")
    assert (rc, out) == (1, "") and "unexpected redirect in response" in err


def test_max_body_is_an_option(raw):
    d = raw(_send(_json_answer({"pad": "x" * 2000}), keep=True))
    small = docksock.APIClient(d.url, version="1.43", timeout=2, max_body=1000)
    _assert_outcome(_within(small.info), (docksock.ProtocolError,
                                          "larger than the 1000-byte limit (max_body)"))
    assert len(docksock.APIClient(d.url, version="1.43", max_body=5000).info()["pad"]) == 2000


def test_cli_ps_with_an_endless_answer_fails_cleanly(raw):
    d = raw(_endless_chunks("200 OK"))
    kind, result = _within(lambda: run_cli("-H", d.url, "ps"))
    assert kind == "ok", result
    rc, out, err = result
    assert rc == 1 and "larger than the 67108864-byte limit" in err and "Traceback" not in err


def test_iter_json_value_limit():
    data = io.BytesIO(b'{"a": 1}\n' + b'"' + b"y" * 5000)
    values = docksock.iter_json(data.read, size=512, max_value=4096)
    assert next(values) == {"a": 1}
    with pytest.raises(docksock.StreamParseError, match="larger than the 4096-byte limit"):
        next(values)
    spanning = b'[' + b'1,\n' * 3000 + b'1]\n'          # one value over many lines
    with pytest.raises(docksock.StreamParseError, match="4096-byte limit"):
        list(docksock.iter_json(io.BytesIO(spanning).read, size=512, max_value=4096))
    assert len(list(docksock.iter_json(io.BytesIO(spanning).read, size=512))[0]) == 3001


def _answer_then_close(sock, req):
    """Answer as if keeping the connection alive, then close it while it sits idle."""
    sock.sendall(_json_answer({"n": len(req.path)}))
    _pause(sock, 0.05)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_fault_idle_keepalive_closed_before_the_next_request(raw, method):
    """The daemon closed an idle kept-alive connection: nothing was sent on it, so any
    request, POST included, goes out once on a new connection."""
    d = raw(_answer_then_close)
    c = docksock.APIClient(d.url, version="1.43", timeout=2)
    assert c.request(method, "/first").json() == {"n": len("/v1.43/first")}
    time.sleep(0.2)
    assert c.request(method, "/second").json() == {"n": len("/v1.43/second")}
    assert [(r.method, r.path, r.n) for r in d.requests] == [
        (method, "/v1.43/first", 1), (method, "/v1.43/second", 1)]
    assert d.connections == 2


def _drop_reused(sock, req):
    """Close a reused connection on receiving its request, unanswered: the race of a
    keep-alive timeout with a request already on the wire."""
    if req.n > 1:
        return False
    sock.sendall(_json_answer({"path": req.path}))
    return True


def test_fault_keepalive_dropped_as_get_arrives_is_retried_once(raw):
    d = raw(_drop_reused)
    lines = []
    c = docksock.APIClient(d.url, version="1.43", timeout=2, trace=lines.append)
    assert c.request("GET", "/a").json() == {"path": "/v1.43/a"}
    assert _within(lambda: c.request("GET", "/b").json()) == ("ok", {"path": "/v1.43/b"})
    assert [(r.path, r.n) for r in d.requests] == [("/v1.43/a", 1), ("/v1.43/b", 2),
                                                   ("/v1.43/b", 1)]
    assert "* connection was closed by the daemon; retrying GET" in lines
    assert d.connections == 2


def test_fault_keepalive_dropped_as_post_arrives_is_not_retried(raw):
    d = raw(_drop_reused)
    c = docksock.APIClient(d.url, version="1.43", timeout=2)
    assert c.request("GET", "/a").json() == {"path": "/v1.43/a"}
    _assert_outcome(_within(lambda: c.request("POST", "/containers/x/kill")),
                    (docksock.DockerConnectionError,
                     "POST /v1.43/containers/x/kill: the daemon at %s closed the connection "
                     "without answering" % d.url))
    assert [(r.method, r.n) for r in d.requests] == [("GET", 1), ("POST", 2)]   # sent once


def test_fault_logs_output_before_a_dying_daemon_is_delivered_then_raises(raw):
    d = raw(_mux(_frame(1, b"line 1\n") + _frame(2, b"line 2\n"), end=False))
    c = docksock.APIClient(d.url, version="1.43", timeout=2)
    got = []

    def follow():
        for piece in c.logs("x", stream=True, follow=True, demux=True):
            got.append(piece)
    _assert_outcome(_within(follow), (docksock.ProtocolError, "in the middle of the response"))
    assert got == [(b"line 1\n", b""), (b"", b"line 2\n")]


def _cli_logs_daemon(sock, req):
    if req.path.endswith("/json"):
        sock.sendall(_json_answer({"Id": "c" * 64, "Config": {"Tty": False}}))
        return True
    sock.sendall(_head(headers=_MUX) + _chunk(_frame(1, b"before the crash\n")))


def test_fault_cli_logs_follow_when_the_daemon_dies(raw):
    d = raw(_cli_logs_daemon)
    kind, result = _within(lambda: run_cli("-H", d.url, "logs", "-f", "x"))
    assert kind == "ok", result
    rc, out, err = result
    assert (rc, out) == (1, "before the crash\n")
    assert err == ("GET /v1.41/containers/%s/logs?stdout=1&stderr=1&follow=1&timestamps=0&tail=all:"
                   " the daemon closed the connection in the middle of the response (0 bytes "
                   "read, more expected; or a malformed chunk)\n" % ("c" * 64))


_LOGS_TOTAL = 200 << 20   # 200 MiB of container output, made on the fly


def _200MiB_of_logs(sock, req):
    piece = _chunk(_frame(1, b"x" * 65536))
    sock.sendall(_head(headers=_MUX))
    for _ in range(_LOGS_TOTAL // 65536):
        sock.sendall(piece)
    sock.sendall(b"0\r\n\r\n")


def test_fault_200MB_of_logs_stream_in_flat_memory(raw):
    d = raw(_200MiB_of_logs)
    c = docksock.APIClient(d.url, version="1.43", timeout=10)
    tracemalloc.start()
    try:
        def count():
            total = 0
            for piece in c.logs("x", stream=True):
                total += len(piece)
            return total
        outcome = _within(count, 120)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert outcome == ("ok", _LOGS_TOTAL)
    assert peak < 10 * 1024 * 1024, "peak %d bytes" % peak


# ---- hardening: quoting ----

def _answer_404(sock, req):
    sock.sendall(_json_answer({"message": "no such thing"}, "404 Not Found"))
    return True


_HOSTILE_NAMES = [("a/b", "a%2Fb"), ("..", "%2E%2E"), (".", "%2E"),
                  ("../../info", "..%2F..%2Finfo"),
                  ("x?all=1", "x%3Fall%3D1"), ("x#frag", "x%23frag"), ("100%", "100%25"),
                  ("%2F", "%252F"), ("a b\u00e9", "a%20b%C3%A9")]
_PATH_CALLS = [
    (lambda c, n: c.inspect_container(n), "GET /v1.43/containers/%s/json"),
    (lambda c, n: c.remove_container(n), "DELETE /v1.43/containers/%s"),
    (lambda c, n: c.kill(n), "POST /v1.43/containers/%s/kill"),
    (lambda c, n: c.logs(n), "GET /v1.43/containers/%s/logs?"),
    (lambda c, n: c.exec_inspect(n), "GET /v1.43/exec/%s/json"),
    (lambda c, n: c.inspect_image(n), "GET /v1.43/images/%s/json"),
    (lambda c, n: c.inspect_network(n), "GET /v1.43/networks/%s"),
    (lambda c, n: c.inspect_volume(n), "GET /v1.43/volumes/%s"),
]


@pytest.mark.parametrize("name, quoted", _HOSTILE_NAMES, ids=[n for n, _ in _HOSTILE_NAMES])
def test_hardening_path_parts_reach_the_daemon_as_one_segment(raw, name, quoted):
    d = raw(_answer_404)
    c = docksock.APIClient(d.url, version="1.43", timeout=2)
    for call, line in _PATH_CALLS:
        with pytest.raises(docksock.NotFound):
            call(c, name)
        sent = d.requests[-1]
        assert sent.line.startswith(line % quoted + ("" if line.endswith("?") else " "))
        assert sent.line.endswith(" HTTP/1.1")
        split = urllib.parse.urlsplit(sent.path)
        assert split.fragment == "" and posixpath.normpath(split.path) == split.path
        if "?" not in line:
            assert split.query == ""
            assert split.path.count("/") == (line.split(" ")[1] % "x").count("/")
            assert urllib.parse.unquote(split.path.split("/")[3]) == name


def test_hardening_redirects_from_the_engine_are_failures(lab, created):
    """The Engine answers 301 to a path it cleans: `kill /NAME` and `rm -f a/../NAME` fail
    and change nothing (issue 13.8: they exited 0 while nothing happened)."""
    name = "dks-redirect-%d" % os.getpid()
    cid = created(name, cmd=("sleep", "60"))
    api = docksock.APIClient(lab.host)
    api.start(cid)
    rc, out, err = run_cli("-H", lab.host, "kill", "/" + name)
    assert rc == 1 and out == "", (out, err)
    if not lab.podman:
        assert "unexpected redirect in response (301" in err, err
    rc, out, err = run_cli("-H", lab.host, "rm", "-f", "x/../" + name)
    # known difference (Podman): no redirect but a 404, and `rm -f` of a container that
    # is not there exits 0, as docker's does
    assert rc == (0 if lab.podman else 1) and out == "", (out, err)
    assert "Error response from daemon: " in err
    with pytest.raises(docksock.APIError) as e:
        api.put_archive(name + "/../" + name, "/tmp", b"")
    if not lab.podman:
        assert e.value.status_code == 301
    assert api.inspect_container(cid)["State"]["Running"] is True


def test_hardening_query_values_are_never_concatenated_raw(raw):
    d = raw(_answer_404)
    c = docksock.APIClient(d.url, version="1.43", timeout=2)
    hostile = "a&all=1#x?y=%2F /"
    with pytest.raises(docksock.NotFound):
        c.containers(filters={"name": [hostile]})
    with pytest.raises(docksock.NotFound):
        c.request("GET", "/x", params={"p": hostile, hostile: "v"})
    with pytest.raises(docksock.NotFound):
        c.rename("ok", hostile)
    first, second, third = (urllib.parse.urlsplit(r.path) for r in d.requests)
    assert first.fragment == second.fragment == third.fragment == ""
    assert third.path == "/v1.43/containers/ok/rename"
    assert urllib.parse.parse_qsl(third.query, keep_blank_values=True) == [("name", hostile)]
    assert urllib.parse.parse_qsl(first.query, keep_blank_values=True) == [
        ("filters", json.dumps({"name": [hostile]}, separators=(",", ":")))]
    assert urllib.parse.parse_qsl(second.query, keep_blank_values=True) == [("p", hostile),
                                                                            (hostile, "v")]


# ---- hardening: credentials ----

_SECRETS = ("s3cr3t-token-in-header", "s3cr3t-password-in-auth", "s3cr3t-identity-token",
            "s3cr3t-basic")
_AUTH_CONFIG = {"username": "someone", "password": _SECRETS[1], "identitytoken": _SECRETS[2]}


def _secret_forms():
    forms = set(_SECRETS)
    forms.add(docksock.registry_auth_header(_AUTH_CONFIG))
    forms.add(docksock.registry_auth_header(_AUTH_CONFIG).rstrip("="))
    return forms


def _all_text_of(exc):
    text = [str(exc), repr(exc), "".join(traceback.format_exception(type(exc), exc,
                                                                       exc.__traceback__))]
    response = getattr(exc, "response", None)
    if response is not None:
        text += [repr(response), str(getattr(response, "content", ""))]
    return "\n".join(text)


_CREDENTIAL_FAULTS = [
    ("500-echoing-nothing", dict(behave=_send(_json_answer({"message": "boom"}, "500 Oops")))),
    ("401", dict(behave=_send(_json_answer({"message": "unauthorized"}, "401 Unauthorized")))),
    ("closed-unanswered", dict(behave=_close_unanswered)),
    ("garbage-status", dict(behave=_send(b"HELLO\r\n\r\n"))),
    ("stall", dict(behave=_stall(1.2))),   # pull and push wait: their timeout is None
    ("cut-body", dict(behave=_send(_head(headers=[("Content-Length", "9")]) + b"{"))),
    ("refused", None),
]


@pytest.mark.parametrize("daemon", [d for _, d in _CREDENTIAL_FAULTS],
                         ids=[n for n, _ in _CREDENTIAL_FAULTS])
def test_hardening_credentials_never_in_errors_repr_or_trace(raw, tmp_path, daemon):
    if daemon is None:
        url = "unix:///tmp/dks-nothing-here-%d.sock" % os.getpid()
    else:
        url = raw(**daemon).url
    lines = []
    env = {"HOME": str(tmp_path), "DOCKER_CONFIG": str(tmp_path)}   # no stored credentials
    c = docksock.DockerClient(base_url=url, version="1.43", timeout=1, trace=lines.append,
                              environment=env)
    calls = [
        lambda: c.api.request("POST", "/images/create", params={"fromImage": "x"},
                              headers={"X-Registry-Auth": _SECRETS[0],
                                       "Authorization": "Basic " + _SECRETS[3]}),
        lambda: c.api.pull("busybox", auth_config=_AUTH_CONFIG),
        lambda: c.images.pull("busybox", tag="1", auth_config=_AUTH_CONFIG),
        lambda: c.api.push("localhost:5000/x", auth_config=_AUTH_CONFIG),
    ]
    seen = []
    for call in calls:
        kind, err = _within(call)
        assert kind == "raised" and isinstance(err, docksock.DockerException), err
        seen.append(_all_text_of(err))
    seen += ["\n".join(lines), repr(c), repr(c.api), repr(c.api.endpoint)]
    everything = "\n".join(seen)
    for secret in _secret_forms():
        assert secret not in everything
    if daemon is not None:
        assert "> X-Registry-Auth: <redacted>" in lines


def test_hardening_credential_with_a_newline_is_refused_without_echoing_it(raw):
    d = raw(_answer_404)
    c = docksock.APIClient(d.url, version="1.43", timeout=2)
    for headers in ({"Authorization": "Bearer " + _SECRETS[3] + "\n"},
                    {"X-Registry-Auth": _SECRETS[0] + "\r\nX-Injected: 1"}):
        kind, err = _within(lambda: c.request("GET", "/info", headers=headers))
        assert kind == "raised" and isinstance(err, docksock.InvalidArgument), repr(err)
        assert list(headers)[0] in str(err)
        assert _SECRETS[3] not in _all_text_of(err) and _SECRETS[0] not in _all_text_of(err)
    assert d.requests == []


def _auth_ok(sock, req):
    if req.path.endswith("/_ping"):
        sock.sendall(_answer(b"OK", ctype="text/plain"))
    else:
        sock.sendall(_json_answer({"Status": "Login Succeeded"}))
    return True


def test_hardening_trace_never_shows_a_login_password(raw):
    d = raw(_auth_ok)
    lines = []
    c = docksock.APIClient(d.url, version="1.43", timeout=2, trace=lines.append)
    assert c.login("someone", _SECRETS[1], registry="localhost:5000")["Status"] == \
        "Login Succeeded"
    c.request("POST", "/auth", json=_AUTH_CONFIG)
    assert [r.path for r in d.requests] == ["/v1.43/auth", "/v1.43/auth"]
    assert _SECRETS[1].encode() in d.requests[0].body
    text = "\n".join(lines)
    assert _SECRETS[1] not in text and _SECRETS[2] not in text


def test_hardening_cli_trace_never_shows_a_login_password(raw, tmp_path):
    d = raw(_auth_ok)
    env = {"HOME": str(tmp_path), "DOCKER_CONFIG": str(tmp_path / "cfg")}
    rc, out, err = run_cli("-H", d.url, "--trace", "login", "-u", "someone", "-p", _SECRETS[1],
                           "localhost:5000", env=env)
    assert (rc, out) == (0, "Login Succeeded\n")
    assert _SECRETS[1] not in err


def test_hardening_cli_login_stores_credentials_0600(raw, tmp_path):
    d = raw(_auth_ok)
    cfg = tmp_path / "cfg"
    env = {"HOME": str(tmp_path), "DOCKER_CONFIG": str(cfg)}
    rc, out, err = run_cli("-H", d.url, "login", "-u", "someone", "-p", _SECRETS[1],
                           "localhost:5000", env=env)
    assert (rc, out) == (0, "Login Succeeded\n")
    assert _SECRETS[1] not in err
    assert stat.S_IMODE(os.stat(str(cfg / "config.json")).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(cfg)).st_mode) == 0o700


# ---- hardening: TLS ----

def _lab_client_cert(lab):
    return (os.path.join(lab.tls_dir, "cert.pem"), os.path.join(lab.tls_dir, "key.pem"))


def test_hardening_tls_untrusted_server_certificate_is_refused(lab, tmp_path):
    if not lab.tls_host:
        pytest.skip("TLS needs the lab's own daemon")
    tls = docksock.TLSConfig(client_cert=_lab_client_cert(lab), ca_cert=lab.wrong_ca, verify=True)
    outcome = _within(lambda: docksock.APIClient(lab.tls_host, tls=tls, timeout=5).version())
    err = _assert_outcome(outcome, (docksock.DockerConnectionError, "certificate verify failed"))
    assert str(err).startswith('error during connect: Head "https://%s/_ping": '
                               % lab.tls_host[len("tcp://"):])
    # the same through the environment, as the CLI reads it
    certs = tmp_path / "certs"
    certs.mkdir()
    for name, src in (("cert.pem", _lab_client_cert(lab)[0]), ("key.pem", _lab_client_cert(lab)[1]),
                      ("ca.pem", lab.wrong_ca)):
        shutil.copy(src, str(certs / name))
    env = {"DOCKER_HOST": lab.tls_host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(certs),
           "HOME": str(tmp_path)}
    _assert_outcome(_within(lambda: docksock.from_env(environment=env, timeout=5).ping()),
                    (docksock.DockerConnectionError, "certificate verify failed"))
    rc, out, err = _within(lambda: run_cli("ps", env=env))[1]
    assert rc == 1 and out == "" and "certificate verify failed" in err


class _TCPRecorder:
    """A plain TCP server on 127.0.0.1 that records what each connection sends first and
    answers in plain HTTP, as a daemon without TLS would."""

    def __init__(self):
        self.received = []
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self._stopped = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self._stopped:
            try:
                sock, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with sock:
                sock.settimeout(5)
                try:
                    self.received.append(sock.recv(65536))
                    sock.sendall(b"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2"
                                 b"\r\n\r\nOK")
                except OSError:
                    pass

    def close(self):
        self._stopped = True
        self.thread.join(5)
        self.listener.close()


@pytest.fixture(scope="module")
def tls_material():
    root = tempfile.mkdtemp(prefix="dkt", dir="/tmp")
    try:
        yield _lab_tls(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


_ASK_FOR_TLS = ["DOCKER_TLS_VERIFY=1", "DOCKER_TLS=1", "cli --tlsverify", "cli --tls",
                "TLSConfig(verify=True)", "TLSConfig(verify=False)"]


@pytest.mark.parametrize("how", _ASK_FOR_TLS)
def test_hardening_no_silent_downgrade_from_tls_to_plain(tls_material, tmp_path, how):
    client_dir = tls_material[0]
    server = _TCPRecorder()
    try:
        host = "tcp://127.0.0.1:%d" % server.port
        env = {"HOME": str(tmp_path), "DOCKER_CERT_PATH": client_dir}
        if how.startswith("cli"):
            outcome = _within(lambda: run_cli("-H", host, how.split()[1], "version", env=env))
            rc, out, err = outcome[1]
            assert rc == 1 and "Server:" not in out
            assert err.startswith('error during connect: Head "https://127.0.0.1:%d/_ping": '
                                  % server.port)
        else:
            if how.startswith("DOCKER"):
                env.update([how.split("=")] + [("DOCKER_HOST", host)])
                make = lambda: docksock.from_env(environment=env, timeout=5)
            else:
                tls = docksock.TLSConfig(
                    client_cert=(os.path.join(client_dir, "cert.pem"),
                                 os.path.join(client_dir, "key.pem")),
                    ca_cert=os.path.join(client_dir, "ca.pem"), verify="True" in how)
                make = lambda: docksock.DockerClient(base_url=host, tls=tls, timeout=5)
            err = _assert_outcome(_within(lambda: make().ping()),
                                  (docksock.DockerConnectionError, "error during connect"))
            assert "https://127.0.0.1:%d/" % server.port in str(err)
        assert server.received, "nothing reached the server"
        for first in server.received:
            assert first[:1] == b"\x16", first[:40]      # a TLS handshake record
            assert b"HTTP/1.1" not in first and b"_ping" not in first
    finally:
        server.close()


def test_hardening_tls_hostname_is_checked(tmp_path):
    """A certificate from the trusted CA, but for another name: refused."""
    root = str(tmp_path)
    cnf = _LAB_OPENSSL_CNF.replace("subjectAltName = IP:127.0.0.1,DNS:localhost",
                                   "subjectAltName = DNS:elsewhere.invalid")
    ca_dir = os.path.join(root, "ca")
    os.makedirs(ca_dir)
    with open(os.path.join(ca_dir, "openssl.cnf"), "w") as f:
        f.write(cnf)
    ca = _lab_make_ca(ca_dir, os.path.join(ca_dir, "openssl.cnf"), "docksock hostname CA")
    cert, key = os.path.join(root, "server.pem"), os.path.join(root, "server-key.pem")
    _lab_make_cert(ca, "server", "elsewhere.invalid", cert, key, 7)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]

    def serve():
        try:
            sock, _ = listener.accept()
        except OSError:
            return
        sock.settimeout(5)
        try:
            with ctx.wrap_socket(sock, server_side=True) as tls_sock:
                tls_sock.recv(1)
        except (OSError, ssl.SSLError):
            pass
        finally:
            sock.close()
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        tls = docksock.TLSConfig(ca_cert=ca[0], verify=True)
        c = docksock.APIClient("tcp://127.0.0.1:%d" % port, tls=tls, timeout=5)
        err = _assert_outcome(_within(c.ping), (
            docksock.DockerConnectionError,
            'error during connect: Get "https://127.0.0.1:%d/_ping": ' % port))
        assert "mismatch" in str(err) or "doesn't match 'elsewhere.invalid'" in str(err)
    finally:
        listener.close()
        t.join(5)


# ---- resource hygiene ----

def _open_fds():
    return len(os.listdir("/proc/self/fd"))


def _settled(measure, target, slack, timeout=10):
    """measure() once it is within slack of target (daemon threads finish closing their
    sockets a moment after the client's), or its last value."""
    deadline = time.time() + timeout
    while True:
        value = measure()
        if abs(value - target) <= slack or time.time() > deadline:
            return value
        time.sleep(0.05)


_INFO = _json_answer({"ID": "fake", "Containers": 0})


def _keepalive_info(sock, req):
    sock.sendall(_INFO)
    return True


def test_hygiene_10000_requests_on_one_client(raw):
    d = raw(_keepalive_info)
    gc.collect()
    fds, threads = _open_fds(), threading.active_count()
    c = docksock.APIClient(d.url, version="1.43", timeout=5)
    started = time.time()
    for _ in range(10000):
        assert c.info() == {"ID": "fake", "Containers": 0}
    elapsed = time.time() - started
    c.close()
    assert d.connections == 1 and len(d.requests) == 10000     # one kept-alive connection
    assert _settled(_open_fds, fds, 2) - fds in (-2, -1, 0, 1, 2)
    # no thread left behind (one from an earlier test may end meanwhile)
    assert _settled(threading.active_count, threads, 0) <= threads
    assert elapsed < 60, "10,000 requests took %.1f s" % elapsed


def _logs_body(sock, req):
    # More than the socket buffers hold: an abandoned reader leaves the daemon blocked in
    # send until the client closes, as dockerd would be.
    sock.sendall(_head(headers=_MUX))
    for i in range(64):
        sock.sendall(_chunk(_frame(1, b"%06d" % i + b"." * 8000)))
    sock.sendall(b"0\r\n\r\n")
    return True


def test_hygiene_1000_abandoned_streams(raw):
    d = raw(_logs_body)
    gc.collect()
    fds, threads = _open_fds(), threading.active_count()
    c = docksock.APIClient(d.url, version="1.43", timeout=5)
    for i in range(1000):
        s = c.logs("x", stream=True, follow=(i % 4 == 0))
        assert next(s).startswith(b"000000")
        if i % 2:
            s.close()
        del s                     # dropped: the generator's finally releases it
    c.close()
    assert d.connections == 1000  # a half-read stream's connection is never reused
    assert _settled(lambda: d.live, 0, 0) == 0
    assert _settled(_open_fds, fds, 2) - fds in (-2, -1, 0, 1, 2)
    # no thread left behind (one from an earlier test may end meanwhile)
    assert _settled(threading.active_count, threads, 0) <= threads


def test_hygiene_100_interactive_exec_sessions(lab):
    client = docksock.DockerClient(base_url=lab.host, timeout=30)
    cid = _create(client.api, "dks-hyg-exec-%d" % os.getpid(), cmd=("sleep", "300"))
    try:
        client.api.start(cid)
        container = client.containers.get(cid)

        def session(i):
            result = container.exec_run("cat", stdin=True, socket=True)
            assert result.exit_code is None
            sock = result.output
            try:
                sock.write(b"session %d\n" % i)
                sock.close_stdin()
                assert sock.demux() == (b"session %d\n" % i, b"")
            finally:
                sock.close()
        session(-1)                 # warm: the pool holds its connections from here on
        client.api.close()
        gc.collect()
        fds, threads = _open_fds(), threading.active_count()
        outcome = _within(lambda: [session(i) for i in range(100)], 120)
        assert outcome[0] == "ok", outcome[1]
        client.api.close()
        assert _settled(_open_fds, fds, 2) - fds in (-2, -1, 0, 1, 2)
        assert threading.active_count() == threads
    finally:
        client.api.remove_container(cid, force=True, v=True)
        client.close()


_NO_WARNINGS_SCRIPT = r"""
import gc, sys
import docksock
c = docksock.APIClient(sys.argv[1], version="1.43", timeout=5)
assert c.info() == {"ID": "fake", "Containers": 0}
assert c.info() == {"ID": "fake", "Containers": 0}
s = c.logs("x", stream=True)
next(s)
del s                                   # abandoned
s = c.logs("x", stream=True)
next(s)
s.close()                               # closed half-read
r = c.request("GET", "/logs", stream=True)
r.read1(10)
r.close()
try:
    c.inspect_container("missing")
except docksock.NotFound:
    pass
try:
    c.request("GET", "/closes")
except docksock.DockerConnectionError:
    pass
with docksock.DockerClient(base_url=sys.argv[1], version="1.43") as dc:
    dc.ping()
c.close()
gc.collect()
print("done")
"""


def _warnings_daemon(sock, req):
    if "/logs" in req.path:
        return _logs_body(sock, req)
    if req.path.endswith("/missing/json"):
        sock.sendall(_json_answer({"message": "No such container: missing"}, "404 Not Found"))
    elif req.path.endswith("/closes"):
        return False
    elif req.path.endswith("/_ping"):
        sock.sendall(_answer(b"OK", ctype="text/plain"))
    else:
        sock.sendall(_INFO)
    return True


def test_hygiene_no_resource_warning(raw):
    d = raw(_warnings_daemon)
    p = _within(lambda: subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", "-c", _NO_WARNINGS_SCRIPT, d.url],
        cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
        timeout=60), 90)[1]
    assert (p.returncode, p.stdout, p.stderr) == (0, "done\n", "")



def test_hygiene_keepalive_with_more_than_1024_files_open(raw):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        if hard != resource.RLIM_INFINITY and hard < 1200:
            pytest.skip("RLIMIT_NOFILE is %d" % hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (1200, hard))
    d = raw(_keepalive_info)
    files = []
    try:
        while _open_fds() < 1100:
            files.append(open(os.devnull, "rb"))
        c = docksock.APIClient(d.url, version="1.43", timeout=5)
        for _ in range(5):
            assert c.info() == {"ID": "fake", "Containers": 0}
        c.close()
    finally:
        for f in files:
            f.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert d.connections == 1


# ---- concurrency ----

def test_concurrency_16_threads_share_one_client(lab):
    api = docksock.APIClient(lab.host)
    tag = "dks-conc-%d" % os.getpid()
    names = ["%s-%d" % (tag, i) for i in range(4)]
    ids = [_create(api, n, cmd=("sh", "-c", "echo output of %s" % n)) for n in names]
    try:
        for cid in ids:
            api.start(cid)
            assert api.wait(cid)["StatusCode"] == 0
        server_api = api.version()["ApiVersion"]
        client = docksock.DockerClient(base_url=lab.host, timeout=30)
        errors, counts = [], {}
        deadline = time.time() + 10

        def work(t):
            done = {}
            try:
                j = 0
                while j < 5 or time.time() < deadline:    # every kind at least once
                    k = (t + j) % 4
                    kind = ("ping", "list", "inspect", "version", "logs")[j % 5]
                    if kind == "ping":
                        assert client.ping() is True
                    elif kind == "list":
                        listed = client.containers.list(all=True, filters={"label": LAB_LABEL,
                                                                           "name": tag})
                        assert sorted(c.name for c in listed) == names
                    elif kind == "inspect":
                        info = client.api.inspect_container(names[k])
                        assert (info["Id"], info["Name"]) == (ids[k], "/" + names[k])
                    elif kind == "version":
                        assert client.version()["ApiVersion"] == server_api
                    else:
                        assert client.api.logs(ids[k]) == b"output of %s\n" % names[k].encode()
                    done[kind] = done.get(kind, 0) + 1
                    j += 1
            except Exception as e:  # reported below, with the thread that saw it
                errors.append((t, kind, repr(e)))
            counts[t] = done
        threads = [threading.Thread(target=work, args=(t,), daemon=True) for t in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not any(t.is_alive() for t in threads), "a thread hung"
        assert errors == []
        assert sorted(counts) == list(range(16))
        assert all(len(done) == 5 for done in counts.values()), counts
        assert len(client.api._idle) <= client.api.max_pool_size
        client.close()
    finally:
        for cid in ids:
            api.remove_container(cid, force=True, v=True)
        api.close()


# ---- property tests (hypothesis, a test-only dependency: skipped where it is missing) ----

def _hypothesis():
    hypothesis = pytest.importorskip("hypothesis")
    settings = hypothesis.settings(
        max_examples=150, deadline=None, database=None,
        suppress_health_check=[hypothesis.HealthCheck.too_slow,
                               hypothesis.HealthCheck.data_too_large])
    return hypothesis, hypothesis.strategies, settings


def _pieces_reader(data, cuts):
    """read(n) over data delivered in the pieces cuts make, never more than n at a time."""
    bounds = [0] + sorted(set(c for c in cuts if 0 < c < len(data))) + [len(data)]
    pending = [data[a:b] for a, b in zip(bounds, bounds[1:])]

    def read(n):
        while pending and not pending[0]:
            pending.pop(0)
        if not pending:
            return b""
        head, pending[0] = pending[0][:n], pending[0][n:]
        return head
    return read


def _joined_by_stream(pieces):
    """(stream, bytes) pieces with neighbours of one stream joined and empty ones dropped."""
    out = []
    for sid, data in pieces:
        if not data:
            continue
        if out and out[-1][0] == sid:
            out[-1] = (sid, out[-1][1] + data)
        else:
            out.append((sid, data))
    return out


def test_property_iter_frames_any_split_same_result():
    hypothesis, st, settings = _hypothesis()

    @settings
    @hypothesis.given(st.lists(st.tuples(st.integers(0, 2), st.binary(max_size=300)), max_size=12),
                      st.lists(st.integers(0, 5000), max_size=40), st.integers(1, 70000))
    def check(frames, cuts, size):
        data = b"".join(_frame(sid, payload) for sid, payload in frames)
        got = list(docksock.iter_frames(_pieces_reader(data, cuts), size))
        assert _joined_by_stream(got) == _joined_by_stream(frames)
        assert all(piece for _, piece in got)
    check()


def _json_values(st):
    """JSON values two levels deep (depth is no concern of a stream decoder)."""
    scalars = (st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.text()
               | st.floats(allow_nan=False, allow_infinity=False))
    flat = (scalars | st.lists(scalars, max_size=4)
            | st.dictionaries(st.text(max_size=8), scalars, max_size=4))
    return flat | st.lists(flat, max_size=3) | st.dictionaries(st.text(max_size=8), flat,
                                                               max_size=3)


def test_property_iter_json_any_split_same_result():
    hypothesis, st, settings = _hypothesis()

    @settings
    @hypothesis.given(st.lists(_json_values(st), max_size=8),
                      st.lists(st.sampled_from(["\n", "\r\n", " ", "\x1e", "\n\n", "\t", " \n"]),
                               min_size=8, max_size=8),
                      st.booleans(), st.lists(st.integers(0, 3000), max_size=40),
                      st.integers(1, 70000))
    def check(values, seps, ascii_only, cuts, size):
        text = "".join(json.dumps(v, ensure_ascii=ascii_only) + sep for v, sep in zip(values, seps))
        data = text.encode("utf-8")
        assert list(docksock.iter_json(_pieces_reader(data, cuts), size)) == values
    check()


def test_property_random_bytes_only_raise_docksock_errors():
    hypothesis, st, settings = _hypothesis()

    @settings
    @hypothesis.given(st.binary(max_size=2000), st.lists(st.integers(0, 2000), max_size=20))
    def check(data, cuts):
        for decoder in (docksock.iter_frames, docksock.iter_json):
            try:
                for _ in decoder(_pieces_reader(data, cuts)):
                    pass
            except (docksock.StreamParseError, docksock.StreamError):
                pass
    check()


def test_property_quote_path_part_never_escapes_its_segment():
    hypothesis, st, settings = _hypothesis()

    @settings
    @hypothesis.given(st.text(min_size=1) | st.integers(0, 10 ** 20)
                      | st.sampled_from([".", "..", "...", "%", "%2e", "/", "?#"]))
    def check(part):
        q = docksock.quote_path_part(part)
        assert not set(q) & set("/?#") and q not in (".", "..")
        assert re.match(r"^(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})+$", q), q
        assert urllib.parse.unquote(q) == str(part)
        path = "/v1.43/containers/%s/json" % q
        split = urllib.parse.urlsplit(path)
        assert (split.path, split.query, split.fragment) == (path, "", "")
        assert posixpath.normpath(path) == path and len(path.split("/")) == 5
    check()


def test_property_encode_query_round_trips():
    hypothesis, st, settings = _hypothesis()

    @settings
    @hypothesis.given(st.dictionaries(st.text(min_size=1), st.text()),
                      st.dictionaries(st.text(min_size=1),
                                      st.booleans() | st.none() | st.integers()
                                      | st.lists(st.text(), max_size=3)))
    def check(strings, others):
        query = docksock.encode_query(strings)
        assert urllib.parse.parse_qsl(query, keep_blank_values=True) == list(strings.items())
        assert not set(query) & set("#? /")
        expected = [(k, {True: "1", False: "0"}.get(v, v) if isinstance(v, bool) else
                     json.dumps(v, separators=(",", ":")) if isinstance(v, list) else str(v))
                    for k, v in others.items() if v is not None]
        assert urllib.parse.parse_qsl(docksock.encode_query(others),
                                      keep_blank_values=True) == expected
    check()


_HOST_PREFIXES = ["", "unix://", "tcp://", "http://", "https://", "ssh://", "npipe://", "fd://",
                  "/", "tcp://[", "ssh://user@", "tcp://host:", "ssh://host:", "TCP://"]


def test_property_parse_host_raises_only_invalid_argument():
    hypothesis, st, settings = _hypothesis()

    @settings
    @hypothesis.given(st.sampled_from(_HOST_PREFIXES),
                      st.text(st.characters(max_codepoint=127), max_size=40), st.booleans())
    def check(prefix, rest, tls):
        try:
            scheme, address, base_path = docksock.parse_host(prefix + rest, tls)
        except docksock.InvalidArgument:
            return
        assert scheme in ("unix", "tcp", "ssh")
        if scheme == "tcp":
            assert 0 < address[1] < 65536
    check()


@pytest.mark.parametrize("value", ["tcp://host:\u00b2", "ssh://host:\u00b2",
                                   "tcp://host:\u0661\u0662"])
def test_parse_host_rejects_non_ascii_ports(value):
    with pytest.raises(docksock.InvalidArgument, match="port"):
        docksock.parse_host(value)


def _signal_after_a_tick(lab, argv, signum, times=1):
    """Run `docksock.py -H LAB ARGV` until its first "tick" line, send it signum (times
    times, 0.3 s apart: the kernel merges a signal sent again before it was taken), and
    wait: (exit status, stdout, stderr)."""
    p = subprocess.Popen([sys.executable, "docksock.py", "-H", lab.host] + argv,
                         cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert p.stdout.readline() == b"tick\n"
        for i in range(times):
            time.sleep(0.3 if i else 0)
            p.send_signal(signum)
        out, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    return p.returncode, out, err


def test_ctrl_c_ends_a_followed_stream_with_130_and_no_traceback(lab, created):
    cid = created(cmd=("sh", "-c", "while true; do echo tick; sleep 0.2; done"))
    docksock.APIClient(lab.host).start(cid)
    rc, out, err = _signal_after_a_tick(lab, ["logs", "-f", cid], signal.SIGINT)
    assert rc == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


# ==== Robustness: a fuzzer over every command, the library, config files, templates ====
#
# The rule (issue 17): every failure is a DockerException (library) or a docker-worded
# message and docker's exit status (CLI), never a traceback, a hang or unbounded memory.
# A fake daemon answers every request with a generated shape: an Engine object of the
# right Go type with fields dropped, nulled or replaced, or a hostile value ([{}], [1],
# null, "s", {"x": []}, huge and nested values), or broken bytes (invalid UTF-8, cut JSON),
# or an error status.  Cases come from hypothesis when it is installed (derandomized),
# else from a seeded generator; both have a fixed budget.  DOCKSOCK_FUZZ_EXAMPLES raises
# it for a longer hunt.

_FZ_EXAMPLES = int(os.environ.get("DOCKSOCK_FUZZ_EXAMPLES", "0") or 0)
_FZ_DEADLINE = 20          # seconds one case may take before it counts as a hang
_FZ_MEMORY = 96 << 20      # bytes one case may allocate at its peak (tracemalloc)


class _FzHang(BaseException):
    """Raised by the alarm in a case that took longer than _FZ_DEADLINE."""


def _fz_cases(count, check):
    """Run check(rng) count times, rng a random.Random: of a seed hypothesis draws
    (derandomized, so a fixed set, and a failure is reported with its seed) when it is
    installed, else of the case's number."""
    count = _FZ_EXAMPLES or count
    try:
        import hypothesis
    except ImportError:
        for i in range(count):
            check(random.Random(1700 + i))
        return
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=count, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(hypothesis.HealthCheck),
                         phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])
    @hypothesis.given(seed=st.integers(0, 2 ** 64 - 1))
    def run(seed):
        # a plain Random of the drawn seed: the fake daemon's threads draw from it too
        check(random.Random(seed))
    run()


def _fz_bounded(func, *args):
    """func(*args) under the deadline and with tracemalloc's peak checked."""
    def alarm(signum, frame):
        raise _FzHang()
    old = signal.signal(signal.SIGALRM, alarm)
    tracemalloc.start()
    signal.setitimer(signal.ITIMER_REAL, _FZ_DEADLINE)
    try:
        return func(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < _FZ_MEMORY, "%s used %d bytes at its peak" % (args, peak)


_FZ_STRINGS = ["", "x", "web", "/web", "sha256:" + "a" * 64, "a" * 64, "local/busybox:latest",
               "<none>:<none>", "\u00e9\u4e2d\U0001f600", "\ud800", "a\tb\nc", "%s%d{{.ID}}",
               "x" * 5000, "-1", "1e400", "0.0.0.0", "tcp", "running", "label=x", "\x00"]


def _fz_value(rng, depth=0):
    """A JSON value of any shape, hostile ones often."""
    pick = rng.randrange(12 if depth < 3 else 7)
    if pick == 0:
        return None
    if pick == 1:
        return rng.choice([True, False])
    if pick == 2:
        return rng.choice([0, 1, -1, 7, 2 ** 31, 2 ** 63, 2 ** 64 + 1, -2 ** 70, 10 ** 30])
    if pick == 3:
        return rng.choice([0.5, -0.0, 1e300, 1.5e-10, 3.0, 1e21])
    if pick in (4, 5, 6):
        return rng.choice(_FZ_STRINGS)
    if pick in (7, 8):
        return [_fz_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if pick == 9:
        return rng.choice([[{}], [1], None, "s", {"x": []}, [None], [[]], {"": {}}, [[1, 2]],
                           {"x": {"y": {"z": [1]}}}])
    keys = ["Id", "ID", "Name", "Names", "Labels", "Config", "State", "x", "", "Status",
            "Image", "Size", "Created"]
    return dict((rng.choice(keys), _fz_value(rng, depth + 1)) for _ in range(rng.randrange(4)))


def _fz_instance(rng, kind, mutate, depth=0):
    """A value of Go type kind (docksock's type table) with, at rate mutate, fields dropped,
    nulled or replaced by hostile values."""
    if depth > 6:
        return None
    if kind == "any":
        return _fz_value(rng, 2)
    if kind.startswith("*"):
        return None if rng.random() < 0.2 else _fz_instance(rng, kind[1:], mutate, depth)
    if kind.startswith("[]"):
        return [_fz_instance(rng, kind[2:], mutate, depth + 1) for _ in range(rng.randrange(4))]
    if kind.startswith("map[string]"):
        return dict((rng.choice(["a", "a.b", "com.x", "", "z", "\u00e9"]),
                     _fz_instance(rng, kind[11:], mutate, depth + 1))
                    for _ in range(rng.randrange(4)))
    if kind == "string":
        return rng.choice(_FZ_STRINGS[:12])
    if kind == "bool":
        return rng.random() < 0.5
    if kind in ("int64", "uint64", "uint32", "uint16", "uint8", "float64"):
        return rng.choice([0, 1, 80, 1700000000, 4261550, -1] if kind[0] != "u" else [0, 1, 80])
    out = {}
    for json_name, go_name, omit, field in docksock._go_types()[kind]:
        roll = rng.random()
        if roll < mutate / 3:
            continue
        if roll < mutate * 2 / 3:
            out[json_name] = None
        elif roll < mutate:
            out[json_name] = _fz_value(rng)
        else:
            out[json_name] = _fz_instance(rng, field, mutate, depth + 1)
    return out


# Which Go type answers which request (method, path pattern without the version prefix).
_FZ_ROUTES = [
    ("GET", r"/containers/json", "[]container.Summary"),
    ("GET", r"/containers/[^/]+/json", "container.InspectResponse"),
    ("GET", r"/containers/[^/]+/top", "container.TopResponse"),
    ("GET", r"/containers/[^/]+/stats", "container.StatsResponse"),
    ("GET", r"/containers/[^/]+/changes", "[]container.FilesystemChange"),
    ("POST", r"/containers/create", "container.CreateResponse"),
    ("POST", r"/containers/[^/]+/wait", "container.WaitResponse"),
    ("POST", r"/containers/[^/]+/exec", "types.IdResponse"),
    ("GET", r"/exec/[^/]+/json", "container.ExecInspect"),
    ("POST", r"/commit", "types.IdResponse"),
    ("GET", r"/images/json", "[]image.Summary"),
    ("GET", r"/images/search", "[]registry.SearchResult"),
    ("GET", r"/images/.+/history", "[]image.HistoryResponseItem"),
    ("GET", r"/images/.+/json", "image.Summary"),
    ("DELETE", r"/images/.+", "[]image.DeleteResponse"),
    ("GET", r"/info", "system.Info"),
    ("GET", r"/version", "types.Version"),
    ("GET", r"/system/df", "types.DiskUsage"),
    ("GET", r"/networks", "[]network.Summary"),
    ("GET", r"/networks/.+", "network.Summary"),
    ("POST", r"/networks/create", "types.IdResponse"),
    ("GET", r"/volumes", "volume.ListResponse"),
    ("GET", r"/volumes/.+", "volume.Volume"),
    ("POST", r"/volumes/create", "volume.Volume"),
    ("POST", r"/[a-z]+/prune", "types.PruneReport"),
    ("POST", r"/auth", "registry.AuthenticateOKBody"),
    ("GET", r"/services", "[]swarm.Service"),
    ("GET", r"/services/.+", "swarm.Service"),
    ("GET", r"/tasks", "[]swarm.Task"),
    ("GET", r"/nodes", "[]swarm.Node"),
    ("GET", r"/secrets", "[]swarm.Secret"),
    ("GET", r"/configs", "[]swarm.Config"),
    ("GET", r"/plugins", "[]types.Plugin"),
    ("GET", r"/events", "stream:events.Message"),
    ("POST", r"/images/create|/images/.+/push|/images/load|/build", "stream:jsonmessage.JSONMessage"),
]
_FZ_RAW_BODIES = [b"", b"\xff\xfe\xfd", b"[1,", b'{"a":', b"NaN", b"[NaN]", b"1e999",
                  b'"\\ud800"', b"[" * 20000, b'{"Id": "\xff"}', b"null", b"[{}]", b"[1]",
                  b'"s"', b'{"x": []}', b"[[1,2]]\n[1]\n", b"\x01\x00\x00\x00\x00\x00\x00\x05hello",
                  b"\x07\x00\x00\x00\xff\xff\xff\xff", b'{"x":"' + b"y" * (1 << 20) + b'"}']


def _fz_daemon_answer(rng):
    """A fake daemon's handler answering each request with a generated shape."""
    mutate = rng.choice([0.0, 0.1, 0.4, 0.8])
    ping_version = rng.choice(["1.41", "1.51", "1.51", "1.24"])

    def answer(req):
        path = re.sub(r"^/v1\.\d+", "", req.path.split("?")[0])
        if path == "/_ping":
            return 200, {"Api-Version": ping_version, "Content-Type": "text/plain"}, b"OK"
        roll = rng.random()
        status = 200
        if roll < 0.06:
            status = rng.choice([201, 204, 304, 400, 404, 409, 500])
        kind = next((k for m, p, k in _FZ_ROUTES if m == req.method and re.fullmatch(p, path)),
                    None)
        if roll < 0.15:
            body = rng.choice(_FZ_RAW_BODIES)
        elif roll < 0.35 or kind is None:
            body = json.dumps(_fz_value(rng)).encode()
        elif kind.startswith("stream:"):
            body = b"".join(json.dumps(_fz_instance(rng, kind[7:], mutate)).encode() + b"\n"
                            for _ in range(rng.randrange(4)))
        else:
            body = json.dumps(_fz_instance(rng, kind, mutate)).encode()
        ctype = rng.choice(["application/json", "application/json", "text/plain",
                            "application/vnd.docker.raw-stream",
                            "application/vnd.docker.multiplexed-stream"])
        return status, {"Content-Type": ctype}, body
    return answer


_FZ_FORMATS = ["json", "table", "raw", "{{json .}}", "{{.ID}}", "table {{.ID}}\\t{{.Names}}",
               "{{.Label \"a\"}}", "{{range .}}{{.}}{{end}}", "{{.Nope}}", "{{.ID", "{{pad .ID 999999999999 0}}",
               "{{printf \"%*d\" 1000000000 1}}", "{{json .Config}}", "{{index . \"x\"}}",
               "{{range $k, $v := .Labels}}{{$k}}{{end}}", "{{(index .Names 0)}}", "{{.}}"]


def _fz_flag_value(rng, flag, tmp):
    name, kind = flag.long, flag.type
    if kind in ("int", "int64", "int32", "uint", "uint64", "uint16", "uint32"):
        return rng.choice(["0", "1", "3", "-1"])
    if kind == "duration":
        return rng.choice(["1s", "0", "10m"])
    if kind in ("float", "float64", "decimal"):
        return rng.choice(["0.5", "2"])
    if name == "format":
        return rng.choice(_FZ_FORMATS + [_fz_template(rng)])
    if name in ("filter",):
        return rng.choice(["label=a", "status=running", "dangling=true", "bad"])
    if name in ("output", "cidfile", "iidfile"):
        return os.path.join(tmp, "out-" + name)
    if name in ("input", "file", "env-file", "label-file"):
        return rng.choice([os.path.join(tmp, "junk"), os.path.join(tmp, "missing")])
    if name in ("since", "until"):
        return rng.choice(["0", "1", "10m", "2020-01-01", "bad"])
    if name in ("detach-keys",):
        return rng.choice(["ctrl-p,ctrl-q", "bad-key"])
    if name in ("restart",):
        return rng.choice(["no", "on-failure:3", "always"])
    if name in ("memory", "shm-size", "memory-swap"):
        return rng.choice(["1m", "bad"])
    if name in ("platform",):
        return "linux/amd64"
    if name in ("env", "label", "build-arg", "opt", "change", "publish", "volume"):
        return rng.choice(["A=1", "A", "80:80", "/x:/y"])
    return rng.choice(["x", "none", "1", ""])


def _fz_argv(rng, path, spec, tmp):
    """A command line for a command: some of its flags with plausible values, and
    positional arguments its spec names."""
    cmd = docksock._command_table()[path]
    argv = path.split()
    for flag in cmd.flags:
        if rng.random() < 0.25 or path == "container stats" and flag.long == "no-stream":
            if not flag.type:
                argv.append("--" + flag.long)
            else:
                argv += ["--" + flag.long, _fz_flag_value(rng, flag, tmp)]
    values = {"src": "c1:/x", "dest": os.path.join(tmp, "dest"), "path": tmp,
              "file": os.path.join(tmp, "junk"), "method": "GET", "path_": "/info",
              "server": "localhost:5000", "term": "x", "reference": "repo:tag",
              "source": "img", "target": "img2", "new_name": "n2"}
    names = spec.split()
    for i, name in enumerate(names):
        bare = name.rstrip("?+*.")
        if name.endswith("?") and rng.random() < 0.5:
            continue
        if path == "api" and bare == "path":
            argv.append("/info")
        elif path in ("container cp",) and bare == "src" and rng.random() < 0.5:
            argv += [os.path.join(tmp, "junk"), "c1:/x"]
            break
        elif bare == "command":
            argv += ["true"]
        elif bare == "ps_args":
            continue
        else:
            argv.append(values.get(bare, "c1" if "container" in bare else "img" if "image" in bare
                                   else "x"))
    return argv


_FZ_IGNORED_FLAGS = set()


def _fz_run_cli(argv, env):
    out, err = io.StringIO(), io.StringIO()
    old_stdin, old_env = sys.stdin, dict(os.environ)
    sys.stdin = open(os.devnull)
    os.environ.update(env)
    try:
        try:
            rc = docksock.main(argv, stdout=out, stderr=err)
        except AssertionError as e:
            if "ignored --" not in str(e):
                raise
            _FZ_IGNORED_FLAGS.add(str(e).strip("'"))
            rc = 0
    finally:
        sys.stdin.close()
        sys.stdin = old_stdin
        os.environ.clear()
        os.environ.update(old_env)
    return rc, out.getvalue(), err.getvalue()


def _fz_check_cli(argv, env):
    try:
        rc, out, err = _fz_bounded(_fz_run_cli, argv, env)
    except _FzHang:
        pytest.fail("docksock %s: no answer within %d s" % (" ".join(argv), _FZ_DEADLINE))
    except BaseException as e:
        pytest.fail("docksock %s raised %s:\n%s" % (" ".join(argv), type(e).__name__,
                                                     "".join(traceback.format_exc())))
    assert isinstance(rc, int) and 0 <= rc < 256, (argv, rc)
    assert "Traceback" not in err, (argv, err)
    passes_on = {"attach", "run", "exec", "start"}    # the status of the container's process
    if rc and not passes_on & set(argv):
        assert (err + out).strip(), (argv, rc, "failed without a word")
    return rc, out, err


def _fz_environment(tmp):
    cfg = os.path.join(tmp, "cfg")
    os.makedirs(cfg, exist_ok=True)
    with open(os.path.join(tmp, "junk"), "wb") as f:
        f.write(b"not a tar\xff\n" * 10)
    with open(os.path.join(tmp, "Dockerfile"), "w") as f:
        f.write("FROM scratch\n")
    return {"DOCKER_CONFIG": cfg, "HOME": tmp, "DOCKER_HOST": ""}


_FZ_COMMANDS = sorted(p for p in docksock._HANDLERS if p != "proxy")


@pytest.mark.parametrize("path", _FZ_COMMANDS)
def test_fuzz_every_command_against_generated_answers(path, tmp_path):
    """Every command of _HANDLERS, with plausible flags, against a daemon answering with
    generated shapes: no traceback, no hang, bounded memory; a failure says something."""
    state = {}
    daemon = FakeDaemon(lambda req: state["answer"](req))
    env = _fz_environment(str(tmp_path))
    spec = docksock._HANDLERS[path][1]

    def check(rng):
        state["answer"] = _fz_daemon_answer(rng)
        argv = ["-H", daemon.url] + _fz_argv(rng, path, spec, str(tmp_path))
        _fz_check_cli(argv, env)
    try:
        _fz_cases(16, check)
    finally:
        daemon.close()


_FZ_TEMPLATE_PIECES = [
    "{{", "}}", "{{-", "-}}", " ", ".", ".ID", ".Names", ".Labels", ".Config.Env", ".State",
    ".Nope", "$", "$x", "$x :=", "$x =", "$k, $v :=", "|", "(", ")", "\"a\"", "`r`", "'c'",
    "1", "-1", "999999999999", "0x10", "1e3", "nil", "true", "json", "join", "split", "pad",
    "truncate", "upper", "lower", "title", "index", "slice", "len", "printf", "print",
    "println", "eq", "ne", "lt", "and", "or", "not", "html", "js", "urlquery", "call", "if",
    "else", "else if", "end", "range", "with", "break", "continue", "define \"t\"",
    "template \"t\"", "block \"b\" .", "/*", "*/", "\"%*d\"", "\"%s %d %v %q %x %5.2f\"",
    "\"\\ud800\"", "\"\\xff\"", ",", ":", "=", "\n", "\u00e9", "{", "}", ".Label \"a\"",
]


def _fz_template(rng):
    """A template made of Go template pieces, often broken, sometimes well formed."""
    if rng.random() < 0.3:
        word = rng.choice(["if", "range", "with"])
        depth = rng.randrange(1, 8)
        return ("{{%s .Names}}" % word) * depth + "x{{.ID}}" + "{{end}}" * depth
    return "".join(rng.choice(_FZ_TEMPLATE_PIECES) for _ in range(rng.randrange(1, 14)))


def _fz_library_calls(api, client, tmp):
    """The main library calls, each a callable over a client whose daemon misbehaves."""
    def drain(iterable):
        for _ in iterable:
            pass
    return [
        lambda: api.containers(all=True), lambda: api.containers(quiet=True),
        lambda: api.containers(trunc=True), lambda: api.images(), lambda: api.images(quiet=True),
        api.info, api.version, api.df, lambda: api.networks(), lambda: api.volumes(),
        lambda: api.inspect_container("c1"), lambda: api.inspect_image("img"),
        lambda: api.top("c1"), lambda: api.history("img"), lambda: api.search("x"),
        lambda: api.logs("c1"), lambda: drain(api.logs("c1", stream=True, follow=True)),
        lambda: api.logs("c1", demux=True),
        lambda: drain(api.events(until=1, decode=True)),
        lambda: drain(api.pull("busybox", stream=True, decode=True)),
        lambda: api.pull("busybox"), lambda: api.create_container("img", "true"),
        lambda: api.wait("c1"), lambda: api.exec_create("c1", "true"),
        lambda: api.exec_inspect("e1"), lambda: api.stats("c1", stream=False),
        lambda: drain(api.stats("c1", decode=True)), lambda: api.diff("c1"),
        lambda: api.get_archive("c1", "/x"), lambda: api.put_archive("c1", "/", b"x" * 1024),
        lambda: api.login("u", "p"), lambda: api.remove_image("img"),
        lambda: api.prune_containers(), lambda: api.create_network("n"),
        lambda: api.create_volume("v"), lambda: api.request("GET", "/info").json(),
        lambda: calculate(api.stats("c1", stream=False)),
        lambda: client.containers.list(all=True), lambda: client.images.list(),
        lambda: client.networks.list(), lambda: client.volumes.list(),
        lambda: describe(client.containers.get("c1")), lambda: describe(client.images.get("img")),
        lambda: client.info(), lambda: client.version(), lambda: client.df(),
        lambda: client.containers.run("img", "true", network_mode="none", remove=True),
    ]


def calculate(stats):
    return docksock.calculate_stats(stats)


def describe(model):
    """Every property of a model, as a script would read them."""
    return [getattr(model, name) for name in dir(type(model))
            if isinstance(getattr(type(model), name, None), property)]


def test_fuzz_library_calls_against_generated_answers(tmp_path):
    """The main library calls against generated answers raise DockerException subclasses
    and nothing else, within the deadline and the memory bound."""
    state = {}
    daemon = FakeDaemon(lambda req: state["answer"](req))
    env = _fz_environment(str(tmp_path))

    def check(rng):
        state["answer"] = _fz_daemon_answer(rng)
        client = docksock.DockerClient(base_url=daemon.url, environment=env, timeout=10)
        calls = _fz_library_calls(client.api, client, str(tmp_path))
        for i in rng.sample(range(len(calls)), 12):
            try:
                _fz_bounded(calls[i])
            except docksock.DockerException:
                pass
            except _FzHang:
                pytest.fail("library call %d: no answer within %d s" % (i, _FZ_DEADLINE))
            except BaseException as e:
                pytest.fail("library call %d raised %s:\n%s" % (i, type(e).__name__,
                                                                 traceback.format_exc()))
        client.close()
    try:
        _fz_cases(80, check)
    finally:
        daemon.close()


_FZ_CONFIG_VALUES = [5, None, "", "x", [], {}, [1], {"x": 5}, {"x": None}, {"x": []}, True,
                     {"docker": "str"}, {"index.docker.io": {"auth": 5}},
                     {"https://index.docker.io/v1/": {"auth": "!!"}}, {"x": {"auth": []}},
                     "\ud800", {"Host": 5}, {"docker": {"Host": 5, "SkipTLSVerify": "x"}}]


def _fz_config(rng):
    keys = ["credsStore", "credHelpers", "currentContext", "auths", "proxies", "psFormat",
            "HttpHeaders", "detachKeys", "x"]
    return dict((rng.choice(keys), rng.choice(_FZ_CONFIG_VALUES))
                for _ in range(rng.randrange(1, 5)))


def _fz_meta(rng):
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(_FZ_CONFIG_VALUES)
    return {"Name": rng.choice(["ctx", 5, None]),
            "Endpoints": rng.choice(_FZ_CONFIG_VALUES + [{"docker": {"Host": "unix:///x"}}])}


def test_fuzz_config_and_context_files(tmp_path):
    """Generated config.json and context meta.json files: endpoint resolution and
    registry auth raise DockerException subclasses only, and the CLI says why in one
    line."""
    state = {}
    daemon = FakeDaemon(lambda req: state["answer"](req))

    def check(rng):
        state["answer"] = _fz_daemon_answer(rng)
        cfg = tempfile.mkdtemp(dir=str(tmp_path))
        config = _fz_config(rng)
        if rng.random() < 0.5:
            config["currentContext"] = "ctx"
        raw = rng.choice([json.dumps(config).encode(), json.dumps(config).encode(),
                          b"\xff", b"[]", b"", b"{", b"null"])
        with open(os.path.join(cfg, "config.json"), "wb") as f:
            f.write(raw)
        meta_dir = docksock.ContextStore(cfg).storage("ctx")[0]
        os.makedirs(meta_dir)
        with open(os.path.join(meta_dir, "meta.json"), "wb") as f:
            f.write(rng.choice([json.dumps(_fz_meta(rng)).encode(), b"\xff\xfe", b"[]"]))
        env = {"DOCKER_CONFIG": cfg, "HOME": str(tmp_path), "PATH": os.environ["PATH"]}
        for call in (lambda: docksock.resolve_endpoint(environ=env),
                     lambda: docksock.resolve_endpoint(context="ctx", environ=env),
                     lambda: docksock.resolve_auth("busybox", environ=env),
                     lambda: docksock.resolve_auth("localhost:5000", environ=env),
                     lambda: docksock.registry_config_header(environ=env),
                     lambda: docksock.erase_auth("localhost:5000", environ=env),
                     lambda: docksock.store_auth("localhost:5000", "u", "p", environ=env),
                     lambda: docksock.APIClient(environment=env).api_version):
            try:
                _fz_bounded(call)
            except docksock.DockerException:
                pass
            except BaseException as e:
                pytest.fail("%r with config %r raised %s:\n%s" % (
                    call, raw[:200], type(e).__name__, traceback.format_exc()))
        for argv in (["version"], ["pull", "busybox"], ["logout", "localhost:5000"],
                     ["--context", "ctx", "info"], ["images"], ["login", "-u", "x", "-p", "y"]):
            _fz_check_cli(argv if "--context" in argv or rng.random() < 0.5
                          else ["-H", daemon.url] + argv, dict(env, DOCKER_HOST=""))
    try:
        _fz_cases(100, check)
    finally:
        daemon.close()


def test_fuzz_templates(tmp_path):
    """Generated templates over generated data and docker's row contexts: a string or an
    InvalidArgument in Go's words, within the step, depth and output bounds."""
    rows = [docksock._ps_context(docksock.as_go_type({}, "container.Summary"), 0, True),
            docksock._Header({"ID": "CONTAINER ID"})]

    def check(rng):
        text = _fz_template(rng)
        data = rng.choice(rows + [_fz_value(rng), _fz_instance(rng, "container.Summary", 0.3)])
        for options in ({}, {"missingkey_error": True}):
            try:
                out = _fz_bounded(lambda: docksock.Template(text).render(data, **options))
            except docksock.InvalidArgument as e:
                assert str(e).startswith("template: "), (text, str(e))
                continue
            except BaseException as e:
                pytest.fail("template %r over %r raised %s:\n%s" % (
                    text, data, type(e).__name__, traceback.format_exc()))
            assert isinstance(out, str) and len(out) <= docksock._TEMPLATE_MAX_OUTPUT
    _fz_cases(1000, check)


# ---- robustness: deadlines and request paths (issue 17) ----

def _drip_slowly(sock, req):
    """A 200 OK whose 40-byte body comes one byte every 0.3 s: 12 s, each read quick."""
    body = b'{"Id": "' + b"d" * 30 + b'"}'
    sock.sendall(_head(headers=[("Content-Type", "application/json"),
                                ("Content-Length", str(len(body)))]))
    for i in range(len(body)):
        _pause(sock, 0.3)
        sock.sendall(body[i:i + 1])


def _never_answer(sock, req):
    _pause(sock, 20)


def test_timeout_bounds_a_whole_call_not_each_read(raw):
    """A daemon dripping a byte every 0.3 s kept containers(timeout=2) waiting without
    end; now the whole call has the timeout."""
    c = docksock.APIClient(raw(_drip_slowly).url, version="1.41", timeout=1)
    outcome = _within(c.info)
    assert outcome[0] == "raised" and isinstance(outcome[1], docksock.DockerTimeout), outcome
    stream = docksock.APIClient(raw(_drip_slowly).url, version="1.41", timeout=1)
    assert _within(lambda: stream.request("GET", "/x", stream=True).read())[0] == "ok"


@pytest.mark.parametrize("call", [
    lambda c: list(c.pull("busybox", stream=True)),
    lambda c: list(c.logs("c1", stream=True, follow=True)),
    lambda c: c.put_archive("c1", "/", b"x" * 1024),
    lambda c: c.put_archive("c1", "/", iter([b"x" * 1024] * 3)),
    lambda c: next(iter(c.events())),
    lambda c: c.attach_socket("c1", {"stream": True}),
], ids=["pull", "logs-follow", "put_archive", "put_archive-streamed", "events", "attach"])
def test_a_head_that_never_comes_times_out(raw, call):
    """pull, logs(follow=True) and put_archive waited forever for a response head that
    never came: the head of every call now has the client's timeout."""
    daemon = raw(_never_answer)
    c = docksock.APIClient(daemon.url, timeout=1)
    outcome = _within(lambda: call(c))
    assert outcome[0] == "raised" and isinstance(outcome[1], docksock.DockerTimeout), outcome


def test_a_followed_log_on_podman_may_hold_its_head(raw):
    """Podman sends a followed log's head with its first line: there the head waits."""
    def behave(sock, req):
        if req.path == "/_ping":
            sock.sendall(_head(headers=[("Api-Version", "1.41"), ("Libpod-Api-Version", "4.3.1"),
                                        ("Content-Length", "0")]))
            return True
        if req.path.endswith("/json"):          # API 1.41: logs inspect for the TTY first
            sock.sendall(_json_answer({"Id": "c1", "Config": {"Tty": True}}))
            return True
        _pause(sock, 2)
        sock.sendall(_head(headers=[("Content-Type", "application/vnd.docker.raw-stream"),
                                    ("Connection", "close")]) + b"line\n")
    c = docksock.APIClient(raw(behave, ping=None).url, timeout=1)
    outcome = _within(lambda: b"".join(c.logs("c1", stream=True, follow=True)))
    assert outcome == ("ok", b"line\n"), outcome


@pytest.mark.parametrize("path", ["/info\r\nX-Injected: 1", "/info\n", "/in fo", "/x\x00",
                                  b"/info", None])
def test_a_request_path_with_a_line_break_is_an_invalid_argument(path):
    """CR/LF in a request() path is refused before anything is sent, as an invalid
    argument naming the path (it was reported as a malformed response)."""
    c = docksock.APIClient("unix:///nonexistent/d.sock", version="1.41")
    with pytest.raises(docksock.InvalidArgument, match="invalid request path"):
        c.request("GET", path)


def _iter_json_work(monkeypatch, data):
    """Characters iter_json hands to the JSON decoder and to its bracket count."""
    work = [0]
    base = docksock._go_json_decoder

    class Counting(json.JSONDecoder):
        def raw_decode(self, s, idx=0):
            work[0] += len(s) - idx
            return super().raw_decode(s, idx)

    def counting_decoder():
        plain = base()
        return Counting(parse_float=plain.parse_float, parse_constant=plain.parse_constant)
    brackets = docksock._json_brackets

    def counting_brackets(text, depth):
        work[0] += len(text)
        return brackets(text, depth)
    monkeypatch.setattr(docksock, "_go_json_decoder", counting_decoder)
    monkeypatch.setattr(docksock, "_json_brackets", counting_brackets)
    values = list(docksock.iter_json(io.BytesIO(data).read, 4096))
    return work[0], values


@pytest.mark.parametrize("shape", ["one value over many lines", "many values a line",
                                   "values over a few lines each"])
def test_iter_json_is_linear(monkeypatch, shape):
    """Doubling the stream doubles the decoding work (issue 17: one value spread over 5k,
    10k and 20k lines took 0.8, 2.5 and 12.3 s)."""
    def stream(n):
        if shape == "one value over many lines":
            return json.dumps({"k%d" % i: [i, "x"] for i in range(n)}, indent=1).encode() + b"\n"
        if shape == "many values a line":
            return b"".join(b'{"status": "x%d"}\r\n' % i for i in range(n))
        return b"".join(json.dumps({"id": i, "a": [1, {"b": 2}]}, indent=2).encode() + b"\n"
                        for i in range(n))
    small, small_values = _iter_json_work(monkeypatch, stream(5000))
    large, large_values = _iter_json_work(monkeypatch, stream(10000))
    assert small_values and len(large_values) == 2 * len(small_values) or \
        len(large_values) == len(small_values) == 1
    assert large <= 2.2 * small, (small, large)


def test_json_formats_and_inspect_match_docker_28_on_a_real_engine(lab, created):
    """ps --format json (Labels as docker sorts the k=v strings), images --format json,
    a template with .Label and inspect (<, > and & plain) as docker 28.5's CLI prints
    them against the same real Engine."""
    docker = _docker28()
    if docker is None:
        pytest.skip("no docker 28 CLI (bash .ci/engines cli fetches it)")
    name = "dks-json-%d" % os.getpid()
    created(name, Labels={LAB_LABEL: "1", "a": "1", "a.b": "2", "z": "<&>"})
    version = subprocess.run([docker, "-H", lab.host, "version", "--format",
                              "{{.Client.APIVersion}}"], stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.strip()
    env = dict(os.environ, DOCKER_API_VERSION=version)
    only = ["--filter", "name=" + name]

    def both(argv):
        theirs = subprocess.run([docker, "-H", lab.host] + argv, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True)
        assert theirs.returncode == 0, theirs.stderr
        rc, ours, err = run_cli("-H", lab.host, *argv, env=env)
        assert (rc, err) == (0, "")
        return ours, theirs.stdout

    def records(text, drifting=("RunningFor", "CreatedSince")):
        out = [json.loads(line) for line in text.splitlines()]
        for r in out:
            for key in drifting:
                r.pop(key, None)
        return sorted(out, key=lambda r: json.dumps(r, sort_keys=True))

    ours, theirs = both(["ps", "-a", "--format", "json"] + only)
    assert records(ours) == records(theirs)
    assert '"Labels":"a.b=2,a=1,docksock.test=1,z=\\u003c\\u0026\\u003e"' in ours
    ours, theirs = both(["images", "--format", "json"])
    assert records(ours) == records(theirs)
    ours, theirs = both(["ps", "-a", "--format", '{{.Names}} {{.Label "z"}} {{.Labels}}'] + only)
    assert ours == theirs == name + " <&> a.b=2,a=1,docksock.test=1,z=<&>\n"
    ours, theirs = both(["inspect", name])
    assert json.loads(ours) == json.loads(theirs)
    assert '"z": "<&>"' in ours and "\\u003c" not in ours


_ISSUE17_COMMANDS = [["ps", "-a"], ["images"], ["info"], ["version"], ["network", "ls"],
                     ["volume", "ls"], ["system", "df"], ["top", "c1"], ["history", "img"],
                     ["service", "ls"], ["node", "ls"], ["secret", "ls"], ["plugin", "ls"],
                     ["search", "x"], ["events", "--until", "1"]]


@pytest.mark.parametrize("shape", [[{}], [1], None, "s", {"x": []}, [1, 2]],
                         ids=["[{}]", "[1]", "null", "s", "{x:[]}", "[1,2]"])
def test_answers_of_unexpected_shape_are_docker_errors_not_tracebacks(fake, shape):
    """Issue 17: a daemon answering every GET with one of these shapes crashed 49 of 55
    command runs.  Each now prints what docker prints (a row of zero values, an empty
    table) or one line in docker's words, exit 1."""
    body = json.dumps(shape).encode()

    def handler(req):
        if req.path == "/_ping":
            return 200, {"Api-Version": "1.41"}, b"OK"
        return 200, {"Content-Type": "application/json"}, body + (b"\n" if "events" in req.path
                                                                  else b"")
    d = fake(handler)
    for argv in _ISSUE17_COMMANDS:
        rc, out, err = run_cli("-H", d.url, *argv)
        assert rc in (0, 1) and "Traceback" not in err, (argv, rc, err)
        if rc:
            assert err.count("\n") == 1 and "json: cannot unmarshal" in err, (argv, err)


def test_config_files_of_the_wrong_shape(tmp_path, fake, helper):
    """Issue 17's config files: credsStore: 5, a credHelpers value of 5 (TypeError in pull
    and logout), currentContext: 5; a context's meta.json of [], {"docker": "str"} or
    Host: 5.  config.json is warned about as docker does and read as empty; a broken
    meta.json fails in docker's words."""
    d = fake(engine_like(routes={("POST", "/v1.41/images/create?fromImage=busybox&tag=latest"):
                                 _json({"status": "ok"}),
                                 ("GET", "/v1.41/version"): _json({"ApiVersion": "1.41"})}))
    for config in ({"credsStore": 5}, {"credHelpers": {"localhost:5000": 5}},
                   {"currentContext": 5}, {"auths": {"x": 5}}, []):
        cfg = tempfile.mkdtemp(dir=str(tmp_path))
        _write_config(cfg, config)
        env = dict(os.environ, DOCKER_CONFIG=cfg)
        for argv in (["-H", d.url, "pull", "busybox"], ["logout", "localhost:5000"],
                     ["-H", d.url, "version", "--format", "{{.Server.APIVersion}}"]):
            rc, out, err = run_cli(*argv, env=env)
            assert err.startswith("WARNING: Error parsing config file (%s/config.json): json: "
                                  "cannot unmarshal " % cfg), (config, argv, err)
            assert "Traceback" not in err and rc == 0, (config, argv, rc, err)
        assert docksock.resolve_auth("localhost:5000", cfg_dir=cfg, environ={}) is None
    for meta, words in (([], "cannot unmarshal array into Go value of type "
                             "store.untypedContextMetadata"),
                        ({"Endpoints": {"docker": "str"}}, "cannot unmarshal string into Go "
                                                           "value of type context.EndpointMetaBase"),
                        ({"Endpoints": {"docker": {"Host": 5}}}, "cannot unmarshal number into "
                         "Go struct field EndpointMetaBase.Host of type string"),
                        ({"Name": "ctx"}, "cannot find docker endpoint in context")):
        cfg = tempfile.mkdtemp(dir=str(tmp_path))
        meta_dir = docksock.ContextStore(cfg).storage("ctx")[0]
        os.makedirs(meta_dir)
        with open(os.path.join(meta_dir, "meta.json"), "w") as f:
            json.dump(meta, f)
        with pytest.raises(docksock.DockerException, match=re.escape(words)):
            docksock.resolve_endpoint(context="ctx", environ={"DOCKER_CONFIG": cfg})
        rc, out, err = run_cli("--context", "ctx", "version", env=dict(os.environ,
                                                                       DOCKER_CONFIG=cfg))
        assert rc == 1 and words in err and err.count("\n") == 1, (meta, err)
