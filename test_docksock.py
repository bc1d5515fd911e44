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
import datetime
import fcntl
import hashlib
import http.client
import http.server
import io
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import tarfile
import tempfile
import termios
import threading
import time
import tracemalloc
import types
import urllib.parse

import pytest

import docksock

HERE = os.path.dirname(os.path.abspath(__file__))


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
])
def test_parse_host_rejects(value, message):
    with pytest.raises(docksock.InvalidArgument) as e:
        docksock.parse_host(value)
    assert message in str(e.value)


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
    rows = [r[1:] for r in docksock._image_rows([img, dangling_old, dangling_new])]
    assert rows == [("local/bb", "1", "<none>"), ("local/bb", "2", "<none>"),
                    ("<none>", "<none>", "<none>"), ("<none>", "<none>", "<none>")]
    rows = [r[1:] for r in docksock._image_rows([img], digests=True)]
    assert rows == [("local/bb", "1", "sha256:" + "d" * 64), ("local/bb", "2", "sha256:" + "d" * 64)]


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


def test_broken_config_json_is_an_error(tmp_path):
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(docksock.DockerException, match="config.json is not valid JSON"):
        docksock.resolve_endpoint(environ={"DOCKER_CONFIG": str(tmp_path)})


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
    assert str(e.value) == "404 Client Error for /v1.41/containers/x/json: Not Found ('No such container: x')"
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
    lines = p.stderr.splitlines()
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
    d = fake(engine_like())
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


def test_cli_usage_errors_like_docker():
    assert run_cli("ps", "--bogus") == (125, "", "unknown flag: --bogus\nSee 'docksock ps --help'.\n")
    assert run_cli("rm") == (1, "", '"docksock rm" requires at least 1 argument.\n'
                                    "See 'docksock rm --help'.\n")
    rc, out, err = run_cli("pss")
    assert (rc, out) == (1, "")
    assert err == ("docksock: 'pss' is not a docksock command.\n\nDid you mean this?\n\tps\n\n"
                   "See 'docksock --help'\n")
    rc, out, err = run_cli("network", "lss")
    assert rc == 1 and "'lss' is not a docksock network command." in err


def test_cli_help_groups_commands_like_docker():
    rc, out, err = run_cli("--help")
    assert rc == 0 and err == ""
    assert out.index("Common Commands:") < out.index("Management Commands:") < out.index("\nCommands:")
    assert "\n  network     Manage networks\n" in out and "\n  ps          List containers\n" in out
    rc, out, err = run_cli("ps", "--help")
    assert rc == 0 and "--format" in out and "--no-trunc" in out


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
    # ~1 MB of output into `head -1`, far past the pipe's buffer: the writer gets EPIPE
    names = " ".join([lab.image] * 300)
    p = subprocess.run("%s docksock.py inspect %s | head -1; echo \"rc=${PIPESTATUS[0]}\"" % (
        sys.executable, names), shell=True, executable="/bin/bash", cwd=HERE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
        env=dict(os.environ, DOCKER_HOST=lab.host))
    assert p.stdout == "[\nrc=0\n" and p.stderr == ""


def test_import_is_light():
    """import docksock loads nothing beyond what http.client, json and socket load."""
    code = "import sys, %s; print(sorted(m for m in sys.modules if not m.startswith('_')))"
    def modules(what):
        out = subprocess.check_output([sys.executable, "-c", code % what], cwd=HERE,
                                      universal_newlines=True)
        return set(eval(out))
    ours = modules("docksock")
    assert ours - modules("http.client, json, socket, errno, select, struct, threading, time") \
        == {"docksock", "docksock.errors", "docksock.types", "docksock.tls"}
    for heavy in ("tarfile", "subprocess", "argparse", "getpass", "termios"):
        assert heavy not in ours


@pytest.mark.parametrize("how", [["-m", "docksock"], ["docksock.py"]])
def test_runs_as_module_and_script(how):
    p = subprocess.run([sys.executable] + how + ["--version"], cwd=HERE, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    assert (p.returncode, p.stdout, p.stderr) == (0, "docksock version %s\n" % docksock.__version__, "")


# ==== docker-py compatibility: names and parameters ============================
# docker-py 7's documented signatures (docker-py is not a dependency): every name listed
# must exist in docksock, taking at least these parameters, in this order where they
# are positional in docker-py.  "**" marks a method docker-py documents as **kwargs.

DOCKER_PY_SIGNATURES = {
    "from_env": "version timeout max_pool_size environment use_ssh_client",
    "DockerClient.ping": "", "DockerClient.version": "", "DockerClient.info": "",
    "DockerClient.df": "", "DockerClient.events": "**", "DockerClient.close": "",
    "APIClient.containers": "quiet all trunc latest since before limit size filters",
    "APIClient.create_container": "image command hostname user detach stdin_open tty ports "
                                  "environment volumes network_disabled name entrypoint "
                                  "working_dir domainname host_config mac_address labels "
                                  "stop_signal networking_config healthcheck stop_timeout "
                                  "runtime use_config_proxy platform",
    "APIClient.create_host_config": "**",
    "APIClient.start": "container", "APIClient.stop": "container timeout",
    "APIClient.restart": "container timeout", "APIClient.kill": "container signal",
    "APIClient.remove_container": "container v link force",
    "APIClient.logs": "container stdout stderr stream timestamps tail since follow until",
    "APIClient.wait": "container timeout condition",
    "APIClient.exec_create": "container cmd stdout stderr stdin tty privileged user environment "
                             "workdir detach_keys",
    "APIClient.exec_start": "exec_id detach tty stream socket demux",
    "APIClient.exec_inspect": "exec_id", "APIClient.exec_resize": "exec_id height width",
    "APIClient.inspect_container": "container", "APIClient.top": "container ps_args",
    "APIClient.attach": "container stdout stderr stream logs demux",
    "APIClient.attach_socket": "container params ws",
    "APIClient.stats": "container decode stream one_shot",
    "APIClient.images": "name quiet all filters", "APIClient.inspect_image": "image",
    "APIClient.pull": "repository tag stream auth_config decode platform all_tags",
    "APIClient.push": "repository tag stream auth_config decode",
    "APIClient.tag": "image repository tag force",
    "APIClient.remove_image": "image force noprune", "APIClient.history": "image",
    "APIClient.get_image": "image chunk_size", "APIClient.load_image": "data quiet",
    "APIClient.import_image": "src repository tag image changes stream_src",
    "APIClient.commit": "container repository tag message author pause changes conf",
    "APIClient.get_archive": "container path chunk_size encode_stream",
    "APIClient.put_archive": "container path data", "APIClient.export": "container chunk_size",
    "APIClient.diff": "container", "APIClient.rename": "container name",
    "APIClient.resize": "container height width",
    "APIClient.update_container": "container blkio_weight cpu_period cpu_quota cpu_shares "
                                  "cpuset_cpus cpuset_mems mem_limit mem_reservation "
                                  "memswap_limit kernel_memory restart_policy",
    "APIClient.prune_containers": "filters", "APIClient.prune_images": "filters",
    "APIClient.networks": "names ids filters",
    "APIClient.create_network": "name driver options ipam check_duplicate internal labels "
                                "enable_ipv6 attachable scope ingress",
    "APIClient.inspect_network": "net_id verbose scope", "APIClient.remove_network": "net_id",
    "APIClient.connect_container_to_network": "container net_id ipv4_address ipv6_address "
                                              "aliases links link_local_ips driver_opt",
    "APIClient.disconnect_container_from_network": "container net_id force",
    "APIClient.volumes": "filters", "APIClient.create_volume": "name driver driver_opts labels",
    "APIClient.inspect_volume": "name", "APIClient.remove_volume": "name force",
    "APIClient.version": "api_version", "APIClient.info": "", "APIClient.ping": "",
    "APIClient.events": "since until filters decode", "APIClient.df": "",
    "APIClient.search": "term limit", "APIClient.inspect_distribution": "image auth_config",
    "APIClient.services": "filters status", "APIClient.nodes": "filters",
    "APIClient.tasks": "filters", "APIClient.secrets": "filters", "APIClient.configs": "filters",
    "APIClient.create_secret": "name data labels driver",
    "APIClient.create_config": "name data labels templating",
    "APIClient.inspect_swarm": "", "APIClient.leave_swarm": "force",
    "ContainerCollection.run": "image command stdout stderr remove",
    "ContainerCollection.create": "image command", "ContainerCollection.get": "container_id",
    "ContainerCollection.list": "all before filters limit since sparse ignore_removed",
    "ContainerCollection.prune": "filters",
    "ImageCollection.get": "name", "ImageCollection.list": "name all filters",
    "ImageCollection.pull": "repository tag all_tags", "ImageCollection.push": "repository tag",
    "ImageCollection.load": "data", "ImageCollection.prune": "filters",
    "ImageCollection.remove": "**", "ImageCollection.search": "**",
    "NetworkCollection.create": "name", "NetworkCollection.get": "network_id",
    "NetworkCollection.list": "**", "NetworkCollection.prune": "filters",
    "VolumeCollection.create": "name", "VolumeCollection.get": "volume_id",
    "VolumeCollection.list": "**", "VolumeCollection.prune": "filters",
    "Container.exec_run": "cmd stdout stderr stdin tty privileged user detach stream socket "
                          "environment workdir demux",
    "Container.logs": "**", "Container.wait": "**", "Container.stop": "**",
    "Container.start": "**", "Container.remove": "**", "Container.kill": "signal",
    "Container.restart": "**", "Container.attach": "**", "Container.attach_socket": "**",
    "Container.top": "**", "Container.stats": "**", "Container.update": "**",
    "Container.commit": "repository tag", "Container.diff": "", "Container.export": "chunk_size",
    "Container.get_archive": "path chunk_size encode_stream", "Container.put_archive": "path data",
    "Container.rename": "name", "Container.resize": "height width", "Container.pause": "",
    "Container.unpause": "", "Container.reload": "",
    "Image.history": "", "Image.save": "chunk_size named", "Image.tag": "repository tag",
    "Image.reload": "", "Network.connect": "container", "Network.disconnect": "container",
    "Network.remove": "", "Network.reload": "", "Volume.remove": "force", "Volume.reload": "",
}
DOCKER_PY_ATTRIBUTES = {
    "DockerClient": "api containers images networks volumes nodes services secrets configs "
                    "swarm plugins",
    "errors": "DockerException APIError NotFound ImageNotFound ContainerError BuildError "
              "InvalidVersion TLSParameterError StreamParseError",
    "types": "Mount LogConfig Ulimit RestartPolicy DeviceRequest IPAMConfig IPAMPool "
             "EndpointConfig Healthcheck CancellableStream",
    "tls": "TLSConfig",
}


def _parameters(func):
    import inspect
    params = list(inspect.signature(func).parameters.values())
    return [p for p in params if p.name != "self"]


@pytest.mark.parametrize("name", sorted(DOCKER_PY_SIGNATURES))
def test_docker_py_signature(name):
    import inspect
    obj = docksock
    for part in name.split("."):
        obj = getattr(obj, part)
    ours = _parameters(obj)
    wanted = DOCKER_PY_SIGNATURES[name].split()
    if wanted == ["**"]:
        assert any(p.kind == inspect.Parameter.VAR_KEYWORD for p in ours) or ours, name
        return
    named = [p.name for p in ours if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    positional = [p.name for p in ours if p.kind == p.POSITIONAL_OR_KEYWORD]
    takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in ours)
    for w in wanted:
        assert w in named or takes_kwargs, "%s lacks docker-py's parameter %r" % (name, w)
    # docker-py's positional order is kept, so positional calls mean the same thing
    assert positional[:len(wanted)] == wanted[:len(positional[:len(wanted)])] or takes_kwargs, \
        (name, positional, wanted)


@pytest.mark.parametrize("owner", sorted(DOCKER_PY_ATTRIBUTES))
def test_docker_py_attributes(owner):
    if owner == "DockerClient":
        target = docksock.DockerClient(base_url="unix:///nonexistent.sock")  # no I/O here
    else:
        target = getattr(docksock, owner)
    for attr in DOCKER_PY_ATTRIBUTES[owner].split():
        assert hasattr(target, attr), "%s.%s is missing" % (owner, attr)


def test_docker_py_module_imports():
    code = ("import docksock as docker; from docksock.errors import NotFound, APIError; "
            "from docksock.types import Mount; from docksock.tls import TLSConfig; "
            "import docksock.errors; print(docker.errors.NotFound is NotFound, "
            "issubclass(docker.errors.ImageNotFound, docker.errors.NotFound))")
    out = subprocess.check_output([sys.executable, "-c", code], cwd=HERE, universal_newlines=True)
    assert out == "True True\n"


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
    assert any(lab.image in (i.get("RepoTags") or ()) for i in c.images())


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
    with pytest.raises(docksock.APIError) as e:
        docksock.APIClient(lab.host, version=too_new).info()
    assert e.value.status_code == 400
    assert e.value.explanation == ("client version %s is too new. Maximum supported API version is %s"
                                   % (too_new, server))
    rc, out, err = run_cli("-H", lab.host, "ps", env=dict(os.environ, DOCKER_API_VERSION=too_new))
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
    assert rc == 1 and err.startswith('context "nosuch": context not found')


def test_cli_against_the_engine(lab, created):
    name = "dks-cli-%d" % os.getpid()
    cid = created(name, cmd=("sh", "-c", "echo a long command line, longer than twenty"))
    rc, out, err = run_cli("-H", lab.host, "ps", "-a", "--filter", "name=" + name)
    assert (rc, err) == (0, "")
    head, row = out.splitlines()
    assert head.split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert row.startswith(cid[:12] + "   local/busybox:latest   \"sh -c 'echo a long \u2026\"   ")
    assert row.endswith("Created                 " + name) or row.split()[-1] == name
    rc, out, err = run_cli("-H", lab.host, "ps", "-aq", "--no-trunc", "--filter", "name=" + name)
    assert out == cid + "\n"
    rc, out, err = run_cli("-H", lab.host, "inspect", name)
    assert rc == 0 and json.loads(out)[0]["Id"] == cid
    rc, out, err = run_cli("-H", lab.host, "images")
    assert rc == 0 and any(l.split()[:2] == ["local/busybox", "latest"] for l in out.splitlines())
    rc, out, err = run_cli("-H", lab.host, "version")
    assert rc == 0 and "Server:" in out and " Engine:" in out and "  API version:" in out


def test_cli_tables_match_the_docker_cli(lab, created):
    docker = shutil.which("docker")
    if not docker:
        pytest.skip("no docker CLI on this machine to compare with")
    name = "dks-cmp-%d" % os.getpid()
    created(name, cmd=("sh", "-c", "exit 0"))
    for argv in (["ps", "-a", "--filter", "name=" + name], ["images"], ["ps", "-aq"], ["images", "-q"],
                 ["ps", "-a", "--no-trunc", "--filter", "name=" + name]):
        theirs = subprocess.run([docker, "-H", lab.host] + argv, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True)
        if theirs.returncode != 0:
            pytest.skip("the docker CLI here cannot talk to this daemon: %s" % theirs.stderr.strip())
        rc, ours, err = run_cli("-H", lab.host, *argv)
        # the CREATED column may drift by a second between the two runs
        strip = lambda t: re.sub(r"(Less than a second|\d+ seconds?|About a minute) ago", "X ago", t)
        assert strip(ours) == strip(theirs.stdout), argv


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
    assert c.image.tags == ["local/busybox:latest"]
    assert c in client.containers.list(all=True, filters={"label": LAB_LABEL})
    assert client.containers.list(all=True, sparse=True, filters={"id": cid})[0].id == cid
    with pytest.raises(docksock.ImageNotFound):
        client.images.get("local/no-such-image:1")
    assert [i.tags for i in client.images.list("local/busybox")] == [["local/busybox:latest"]]
