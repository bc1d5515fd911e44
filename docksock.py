"""docksock: a Docker Engine API client in one file, standard library only.

It speaks HTTP to the Engine over its Unix socket (or TCP, TLS, ssh), negotiates the
API version the way the docker CLI does, doubles as a docker-like CLI, and can serve a
filtered (for instance read-only) copy of the Engine's socket.

    import docksock
    client = docksock.from_env()                    # DOCKER_HOST, contexts, like the CLI
    client.containers.list(all=True)                # docker-py's high-level API
    client.api.request("GET", "/info").json()       # any endpoint, raw
    python3 docksock.py ps -a                        # the CLI; also: python3 -m docksock
    python3 docksock.py proxy --listen unix:///run/ro.sock --allow containers --read-only

Python 3.6 to 3.13.  Engine API 1.24 to 1.51 (negotiated down to what the daemon speaks).
"""

# How this file is laid out.  Each section opens with a "# ==== Name" banner (grep -n
# '^# ====' lists them), in this order; a section uses only names defined above it, so
# every dependency points up, and the CLI uses only public (non-underscore) library names.
#
#   Errors                          the exception classes
#   Formats                         image references, IDs, RFC 3339 times, Go's JSON and types
#   Endpoint resolution             DOCKER_HOST, contexts, config.json -> an Endpoint (no I/O)
#   Registry auth                   credentials: config.json's auths, credential helpers
#   Transports                      http.client connections over Unix sockets, TLS, ssh
#   Socket diagnostics              what is at a socket path; why connecting to it failed
#   Wire encoding and decoding      paths, queries, error bodies, frames, JSON streams, times
#   Engine objects                  docker-py's types and conversions; configs; proxies; stats
#   docker-py's configuration API   config.json, kwargs_from_env, contexts, credential helpers
#   Local files                     .dockerignore, build contexts, tar streams
#   Client core                     Response, streams, AttachSocket, the one request path
#   Engine API, by resource         APIClient: one mixin per group of the Engine API reference
#   docker-py's high-level client   DockerClient, models, collections
#   docker-py's module layout       docksock.errors, .types, .utils ...: docker-py's modules
#   Proxy                           `docksock proxy`: a filtering Engine API socket
#   Command line                    docker's formatting, --format, the commands, main()

import errno
import http.client
import io
import json
import os
import re
import select
import socket
import stat
import struct
import sys
import threading
import time
import urllib.parse

__all__ = [
    # constants
    "MIN_API_VERSION", "MAX_API_VERSION", "FALLBACK_API_VERSION", "DEFAULT_UNIX_SOCKET",
    "DEFAULT_TCP_PORT", "DEFAULT_TLS_PORT", "DEFAULT_TIMEOUT", "DEFAULT_MAX_POOL_SIZE",
    "DEFAULT_MAX_BODY", "USER_AGENT",
    # errors
    "DockerException", "APIError", "NotFound", "ImageNotFound", "Conflict",
    "DockerConnectionError", "DockerTimeout", "ProtocolError", "InvalidVersion",
    "InvalidArgument", "TLSParameterError", "ContextNotFound", "ContainerError",
    "BuildError", "StreamParseError", "StreamError", "NullResource", "InvalidRepository",
    "InvalidConfigFile", "ImageLoadError", "DeprecatedMethod", "ContextException",
    "ContextAlreadyExists", "MissingContextParameter",
    # formats
    "split_reference", "with_default_tag", "parse_reference", "truncate_id", "go_quote",
    "go_json", "parse_rfc3339", "as_go_type", "GoStruct", "go_path_error", "parse_platform",
    "format_platform", "natural_key",
    # endpoint resolution
    "Endpoint", "TLSConfig", "parse_host", "resolve_endpoint", "config_dir", "load_config",
    "load_context", "ContextStore",
    # registry credentials
    "INDEX_SERVER", "AuthConfig", "registry_key", "registry_of", "resolve_auth", "store_auth",
    "erase_auth", "registry_config_header", "registry_auth_header",
    # transports
    "UnixHTTPConnection", "SSHHTTPConnection",
    # socket diagnostics
    "probe_socket", "socket_report",
    # wire
    "quote_path_part", "encode_query", "iter_frames", "demux_frames", "iter_json",
    "check_message", "STDIN", "STDOUT", "STDERR", "SYSTEMERR", "parse_duration",
    "to_timestamp",
    # engine objects
    "calculate_stats", "parse_bytes", "container_config", "host_config", "endpoint_config",
    "proxy_environment", "service_spec",
    # local files
    "read_dockerignore", "IgnoreMatcher", "build_context", "tar_stream", "walk_tree",
    "gzip_chunks",
    "extract_tar",
    # client core and the Engine API
    "Response", "CancellableStream", "AttachSocket", "APIClient", "built_image_id",
    # swarm: the docker CLI's service options as Engine JSON
    "parse_mount", "parse_port", "parse_file_reference", "parse_placement_preference",
    "parse_network_attachment", "parse_external_ca", "parse_cpus", "parse_ulimit",
    "parse_generic_resources", "read_env_file", "service_spec_from_flags", "update_service_spec",
    "swarm_spec_from_flags",
    # docker-py's high-level client
    "DockerClient", "from_env", "from_context", "Model", "SwarmObject", "Collection",
    "Container", "Image", "RegistryData", "Network", "Volume", "Node", "Service", "Secret",
    "Config", "Plugin", "Swarm", "ContainerCollection", "ImageCollection", "NetworkCollection",
    "VolumeCollection", "NodeCollection", "ServiceCollection", "SecretCollection",
    "ConfigCollection", "PluginCollection", "ExecResult",
    # docker-py's module layout
    "errors", "types", "tls", "utils", "constants", "context", "credentials", "auth", "api",
    "client", "version", "models", "Context", "ContextAPI",
    # proxy
    "PROXY_SECTIONS", "PROXY_CLASSES", "ProxyRoute", "proxy_routes", "match_route", "ProxyDenied",
    "ProxyPolicy", "Proxy", "canonical_path",
    # command line: docker's formatting, and the CLI itself
    "human_duration", "human_size", "ellipsis", "displayable_ports",
    "familiar_name", "tabulate", "Template", "render_template", "render_progress", "main",
]

__version__ = "0.1.0"

# The API versions docksock implements.  The floor is the Engine's own absolute floor
# (moby api/common.go MinAPIVersion); the ceiling is the newest version whose changes
# docksock knows (Engine 28.5).  A newer daemon is spoken to at MAX_API_VERSION.
MIN_API_VERSION = "1.24"
MAX_API_VERSION = "1.51"
# What the Go client assumes when a ping carries no Api-Version header (<= v28).
FALLBACK_API_VERSION = "1.24"

DEFAULT_UNIX_SOCKET = "/var/run/docker.sock"
DEFAULT_TCP_PORT = 2375
DEFAULT_TLS_PORT = 2376
DEFAULT_TIMEOUT = 60          # seconds; docker-py's default for ordinary calls
DEFAULT_MAX_POOL_SIZE = 10    # idle keep-alive connections kept per client
USER_AGENT = "docksock/%s" % __version__

# Requests that may be sent again when a kept-alive connection turns out to have been
# closed by the daemon before it answered (RFC 9110 9.2.2).  POST is never retried.
_IDEMPOTENT = frozenset(("GET", "HEAD", "PUT", "DELETE", "OPTIONS"))
# Bodies up to this size are read in one call; longer ones as they arrive.
_READ_AT_ONCE = 1 << 20
# Passed for "use the client's default timeout"; None means "no timeout".
_DEFAULT = object()


def _json_dumps(obj):
    """Compact JSON, as the Go client sends it."""
    return json.dumps(obj, separators=(",", ":"))


def _drop_none(mapping):
    """A dict without its None values: the fields an Engine request leaves out."""
    return {k: v for k, v in mapping.items() if v is not None}


# ==== Errors ====================================================================

class DockerException(Exception):
    """Root of every error docksock raises."""


class APIError(DockerException):
    """The daemon answered with an error status.

    Attributes: status_code, explanation (the daemon's message, verbatim), response
    (the Response, body already read), method and url.
    """

    def __init__(self, message, response=None, explanation=None):
        super().__init__(message)
        self.response = response
        self.explanation = explanation if explanation is not None else message
        self.status_code = response.status if response is not None else None

    def __str__(self):
        if self.response is None:
            return self.explanation
        kind = "Client" if self.is_client_error() else "Server"
        message = "%d %s Error for %s: %s" % (self.status_code, kind, self.response.url,
                                               self.response.reason)
        # docker-py's form: the explanation in double quotes, when there is one
        return '%s ("%s")' % (message, self.explanation) if self.explanation else message

    def is_error(self):
        return self.is_client_error() or self.is_server_error()

    def is_client_error(self):
        return self.status_code is not None and 400 <= self.status_code < 500

    def is_server_error(self):
        return self.status_code is not None and 500 <= self.status_code < 600


class NotFound(APIError):
    """404: no such container, image, network, volume, exec instance..."""


class ImageNotFound(NotFound):
    """404 from an endpoint that names an image."""


class Conflict(APIError):
    """409: name in use, container running, container not running..."""


class DockerConnectionError(DockerException, ConnectionError):
    """The daemon could not be reached, or dropped the connection.

    Attributes: url (the endpoint), cause (the underlying error or None), tried (the
    socket paths tried, for a discovered default socket).
    """

    def __init__(self, message, url=None, cause=None, tried=()):
        super().__init__(message)
        self.url = url
        self.cause = cause
        self.tried = tuple(tried)


class DockerTimeout(DockerException, TimeoutError):
    """A call took longer than its timeout."""


class ProtocolError(DockerException):
    """The daemon's answer is not what the Engine API says it should be."""


class StreamParseError(ProtocolError, RuntimeError):
    """A stream (frames, JSON messages) could not be decoded.  Attribute: msg.  Also a
    RuntimeError, as docker-py's is."""

    def __init__(self, reason):
        super().__init__(reason)
        self.msg = reason


class InvalidVersion(DockerException):
    """The API version asked for, or the daemon's, is outside what can be used."""


class InvalidArgument(DockerException, ValueError):
    """An argument docksock was given cannot be used; the message names it."""


class _InvalidArgumentType(InvalidArgument, TypeError):
    """An InvalidArgument that is also the TypeError docker-py raises there (a build
    without a context directory), so that either except clause catches it."""


class NullResource(InvalidArgument):
    """A call that names a container, image, network... was given no id (None or "")."""


class InvalidRepository(DockerException):
    """An image repository name that cannot be parsed."""


class InvalidConfigFile(DockerException):
    """config.json (or .dockercfg) holds something that is not a valid configuration."""


class ImageLoadError(DockerException):
    """Loading an image tar failed."""


class DeprecatedMethod(DockerException):
    """A docker-py helper that docker-py itself has removed (its message says what to use)."""


class TLSParameterError(DockerException):
    """TLS material is missing, unreadable or inconsistent.  Attribute: msg."""

    def __init__(self, msg):
        super().__init__(msg)
        self.msg = msg


class ContextException(DockerException):
    """A Docker context cannot be created, changed or removed.  Attribute: msg."""

    def __init__(self, msg):
        super().__init__(msg)
        self.msg = msg


class ContextNotFound(DockerException):
    """A Docker context named by --context, DOCKER_CONTEXT or config.json is missing.
    Attribute: name.  message, when given, replaces docker-py's "context 'x' not found"."""

    def __init__(self, name, message=None):
        super().__init__(message or "context '%s' not found" % name)
        self.name = name


class ContextAlreadyExists(DockerException):
    """A context of that name exists already.  Attribute: name."""

    def __init__(self, name):
        super().__init__("context %s already exists" % name)
        self.name = name


class MissingContextParameter(DockerException):
    """A context was created without a required parameter.  Attribute: param."""

    def __init__(self, param):
        super().__init__("missing parameter: %s" % param)
        self.param = param


class ContainerError(DockerException):
    """A container run to completion exited non-zero.

    Attributes: container, exit_status, command, image, stdout, stderr.
    """

    def __init__(self, container, exit_status, command, image, stderr, stdout=b""):
        self.container = container
        self.exit_status = exit_status
        self.command = command
        self.image = image
        self.stderr = stderr
        self.stdout = stdout
        err = ": %s" % stderr.decode("utf-8", "replace").rstrip() if stderr else ""
        super().__init__("Command %r in image %r returned non-zero exit status %s%s"
                         % (command, image, exit_status, err))


class StreamError(APIError):
    """The daemon reported an error inside a stream it had already answered 200 for:
    an `errorDetail` message in a pull/push/build/load stream, or a system-error frame
    (stream 3) in logs or attach.  Attributes: explanation, code (errorDetail's code, or
    None) and message (the decoded message, for JSON streams)."""

    def __init__(self, explanation, code=None, message=None):
        super().__init__(explanation, None, explanation)
        self.code = code
        self.message = message


class BuildError(DockerException):
    """A build failed.  Attributes: msg, build_log (an iterator of the decoded messages
    up to the failure, as docker-py's is an iterator)."""

    def __init__(self, reason, build_log):
        super().__init__(reason)
        self.msg = reason
        self.build_log = build_log


# docker-py phrases of a 404 that mean the image is missing, not another object.
_IMAGE_404 = ("no such image", "not found: does not exist or no pull access",
              "repository does not exist", "was found but does not match the specified platform")


def _create_api_error_from_http_exception(e):
    """docker.errors.create_api_error_from_http_exception: raise the APIError (NotFound,
    ImageNotFound, Conflict) for an HTTP error e whose .response has status_code and a
    JSON or text body (a requests HTTPError, or a docksock APIError).  It raises."""
    response = getattr(e, "response", None)
    status = getattr(response, "status_code", None)
    explanation = getattr(e, "explanation", None)
    if explanation is None and response is not None:
        try:
            explanation = (response.json() or {}).get("message")
        except Exception:
            explanation = None
        if not explanation:
            explanation = (getattr(response, "text", "") or "").strip() or None
    cls = APIError
    if status == 404:
        low = (explanation or "").lower()
        cls = ImageNotFound if any(p in low for p in _IMAGE_404) else NotFound
    elif status == 409:
        cls = Conflict
    raise cls(str(e), response=response, explanation=explanation)


def _create_unexpected_kwargs_error(name, kwargs):
    """docker.errors.create_unexpected_kwargs_error: the TypeError a function raises for
    keyword arguments it does not take (returned, not raised)."""
    names = sorted(kwargs)
    if len(names) == 1:
        return TypeError("%s() got an unexpected keyword argument '%s'" % (name, names[0]))
    return TypeError("%s() got unexpected keyword arguments %s"
                     % (name, ", ".join("'%s'" % n for n in names)))


# ==== Formats: image references, IDs, times, Go's text and JSON =================
# Pure functions over strings that every layer below shares.

# Go's strings.TrimSpace: ASCII white space and Unicode's White_Space, but not the
# \x1c-\x1f separators that str.strip() also removes.
_GO_SPACE = ("\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
             "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _version_tuple(v):
    try:
        major, minor = v.split(".")
        return int(major), int(minor)
    except (AttributeError, ValueError):
        raise InvalidVersion("invalid API version %r: expected MAJOR.MINOR such as %s"
                             % (v, MAX_API_VERSION))


def split_reference(ref):
    """(repository, tag or None, digest or None) of an image reference."""
    name, _, digest = ref.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        return name[:colon], name[colon + 1:], digest or None
    return name, None, digest or None


_DOMAIN_RE = (r"(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
              r"(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])"
              r"(?::[0-9]+)?")
_PATH_RE = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
_REFERENCE_RE = r"((?:%s/)?%s)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*" \
    r"(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}))?\Z" % (_DOMAIN_RE, _PATH_RE)


def parse_reference(ref):
    """An image reference checked and completed as the docker CLI does
    (ParseNormalizedNamed): (name with its registry, e.g. "docker.io/library/busybox",
    tag or None, digest or None).  Raises InvalidArgument in docker's words."""
    if re.match(r"[a-f0-9]{64}\Z", ref):
        raise InvalidArgument("invalid repository name (%s), cannot specify 64-byte "
                              "hexadecimal strings" % ref)
    first, slash, rest = ref.partition("/")
    if slash and first == "index.docker.io":
        domain, remainder = "docker.io", rest
    elif slash and (first == "localhost" or any(c in first for c in ".:") or
                    first.lower() != first):
        domain, remainder = first, rest
    else:
        domain, remainder = "docker.io", ref
    if domain == "docker.io" and "/" not in remainder:
        remainder = "library/" + remainder
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise InvalidArgument("invalid reference format: repository name (%s) must be lowercase"
                              % remote)
    m = re.match(_REFERENCE_RE, domain + "/" + remainder)
    if not m:
        raise InvalidArgument("invalid reference format")
    if len(m.group(1)) - len(domain) - 1 > 255:
        raise InvalidArgument("repository name must not be more than 255 characters")
    return m.group(1), m.group(2), m.group(3)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
               "\v": "\\v", "\\": "\\\\", '"': '\\"'}


def go_quote(s):
    """Go's strconv.Quote: double-quoted, with Go's escapes for the unprintable."""
    out = ['"']
    for c in s:
        if c in _GO_ESCAPES:
            out.append(_GO_ESCAPES[c])
        elif c.isprintable():
            out.append(c)
        elif "\udc80" <= c <= "\udcff":     # a byte that is not UTF-8 (surrogateescape)
            out.append("\\x%02x" % (ord(c) - 0xdc00))
        elif "\ud800" <= c <= "\udfff":
            out.append("\\ufffd")
        elif ord(c) < 0x10000:
            out.append("\\x%02x" % ord(c) if ord(c) < 0x80 else "\\u%04x" % ord(c))
        else:
            out.append("\\U%08x" % ord(c))
    out.append('"')
    return "".join(out)


def with_default_tag(image):
    """image as docker names a reference it pulls: ":latest" added when it has neither a
    tag nor a digest ("busybox" -> "busybox:latest")."""
    _, tag, digest = split_reference(image)
    return image if tag or digest else image + ":latest"


def _pull_tag(repository, tag=None, all_tags=False):
    """(repository, tag) of a pull, as fromImage and tag: the tag given, else the
    reference's digest or tag, else "latest" (None with all_tags: every tag)."""
    repo, ref_tag, digest = split_reference(repository)
    return repo, tag or digest or ref_tag or (None if all_tags else "latest")


def truncate_id(i):
    """docker's TruncateID, the one way docksock shortens an id: drop an algorithm prefix
    ("sha256:"), keep 12 characters."""
    return (i or "").split(":", 1)[-1][:12]


def go_path_error(op, path, error):
    """An OSError in the words of Go's *PathError, as the docker CLI reports file errors:
    go_path_error("open", "/x", e) -> "open /x: no such file or directory"."""
    reason = error.strerror or str(error)
    return "%s %s: %s" % (op, path, reason[:1].lower() + reason[1:])


_KNOWN_OS = frozenset("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd "
                      "openbsd plan9 solaris windows zos".split())
_KNOWN_ARCH = frozenset("386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips "
                        "mipsle mips64 mips64le mips64p32 mips64p32le ppc riscv riscv64 s390 "
                        "s390x sparc sparc64 wasm".split())


def _normalize_arch(arch, variant):
    arch, variant = arch.lower(), variant.lower()
    if arch == "i386":
        return "386", ""
    if arch in ("x86_64", "x86-64", "amd64"):
        return "amd64", "" if variant == "v1" else variant
    if arch in ("aarch64", "arm64"):
        return "arm64", {"8": "", "v8": "", "v8.0": "", "9": "v9", "9.0": "v9",
                         "v9.0": "v9"}.get(variant, variant)
    if arch == "armhf":
        return "arm", "v7"
    if arch == "armel":
        return "arm", "v6"
    if arch == "arm":
        return "arm", {"": "v7", "7": "v7", "5": "v5", "6": "v6", "8": "v8"}.get(variant, variant)
    return arch, variant


def parse_platform(spec, host_os="linux", host_arch=None):
    """An "os[/arch[/variant]]" platform as the docker CLI parses it (containerd's
    platforms.Parse): {"architecture", "os"[, "os.version"][, "variant"]}, in the OCI
    order the Engine expects as JSON.  Raises InvalidArgument in docker's words."""
    if host_arch is None:
        import platform
        host_arch = _normalize_arch(platform.machine(), "")[0]
    if "*" in spec:
        raise InvalidArgument("%s: wildcards not yet supported: invalid argument"
                              % json.dumps(spec))
    parts = spec.split("/", 3)
    m = re.match(r"([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?\Z", parts[0])
    if not m:
        raise InvalidArgument(
            "%s is an invalid OS component of %s: OSAndVersion specifier component must "
            "match \"^([A-Za-z0-9_-]+)(?:\\\\(([A-Za-z0-9_.-]*)\\\\))?$\": invalid argument"
            % (json.dumps(parts[0]), json.dumps(spec)))
    for part in parts[1:]:
        if not re.match(r"[A-Za-z0-9_.-]+\Z", part):
            raise InvalidArgument("%s is an invalid component of %s: platform specifier "
                                  "component must match \"^[A-Za-z0-9_.-]+$\": invalid argument"
                                  % (json.dumps(part), json.dumps(spec)))
    os_name = {"macos": "darwin"}.get(m.group(1).lower(), m.group(1).lower())
    version, arch, variant = m.group(2) or "", "", ""
    if len(parts) == 1:
        if os_name in _KNOWN_OS:
            arch = host_arch
        else:
            arch, variant = _normalize_arch(parts[0], "")
            if (arch, variant) == ("arm", "v7"):
                variant = ""
            if arch not in _KNOWN_ARCH:
                raise InvalidArgument("%s: unknown operating system or architecture: invalid "
                                      "argument" % json.dumps(spec))
            os_name = host_os
    elif len(parts) == 2:
        arch, variant = _normalize_arch(parts[1], "")
        if (arch, variant) == ("arm", "v7"):
            variant = ""
    elif len(parts) == 3:
        arch, variant = _normalize_arch(parts[1], parts[2])
        if arch == "arm64" and not variant:
            variant = "v8"
    else:
        raise InvalidArgument("%s: cannot parse platform specifier: invalid argument"
                              % json.dumps(spec))
    out = {"architecture": arch, "os": os_name}
    if version:
        out["os.version"] = version
    if variant:
        out["variant"] = variant
    return out


def format_platform(p):
    """containerd's platforms.Format: "os/arch[/variant]", "unknown" without an os."""
    if not (p or {}).get("os"):
        return "unknown"
    return "/".join(x for x in (p["os"], p.get("architecture"), p.get("variant")) if x)


def natural_key(text):
    """A sort key ordering names as docker's sortorder.NaturalLess does: runs of digits
    compare as numbers ("ctx2" before "ctx10")."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p]


# What Go's encoding/json escapes in strings although UTF-8 could carry it: HTML's
# characters (unless told not to), and the JavaScript line separators (always).
_GO_JSON_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def go_json(obj, indent=None, sort_keys=False, escape_html=True):
    """JSON as Go's encoding/json writes it: UTF-8 kept, &, <, > (unless escape_html is
    false, as docker's templates and inspect print them), U+2028 and U+2029 escaped
    ("<token>" is "\\u003ctoken\\u003e"), a lone surrogate as U+FFFD, NaN refused;
    compact, or indented by indent spaces with ": " after keys."""
    text = json.dumps(obj, indent=indent, ensure_ascii=False, sort_keys=sort_keys,
                      allow_nan=False, separators=(",", ": ") if indent else (",", ":"))
    for raw, escaped in _GO_JSON_ESCAPES[0 if escape_html else 3:]:
        text = text.replace(raw, escaped)
    return _GO_SURROGATE.sub("\ufffd", text)


_GO_SURROGATE = re.compile("[\ud800-\udfff]")


def _go_float_literal(text):
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number %s out of range" % text)
    return value


def _go_not_json(name):
    raise ValueError("invalid character '%s' looking for beginning of value" % name[:1])


def _go_json_decoder():
    """A JSON decoder that refuses what Go's does and Python's takes: NaN, Infinity
    and numbers out of a float64's range."""
    return json.JSONDecoder(parse_float=_go_float_literal, parse_constant=_go_not_json)


# The Engine's JSON as the Go client's types read it.  docker decodes each answer into a
# Go type: a missing or null field is the zero value, a field of the wrong type fails
# ("json: cannot unmarshal number into Go struct field .0.Id of type string").  What reads
# an answer through as_go_type gets the same from a hostile or broken daemon: an error naming
# the field, never a crash.

# One type a line: NAME then its fields, each JSON[=GoName][?]:TYPE (? is omitempty; the
# Go name defaults to the JSON name).  TYPE: string, bool, int64, uint16, uint64, float64,
# any, []T, map[string]T, *T or a NAME.  Only what the CLI reads is declared; other
# fields are kept as sent.  (system.Info is whole, for docker info --format; docker 28
# writes registry.ServiceConfig and IndexInfo as maps, so their fields are sorted here.)
_GO_TYPES_TEXT = """
configfile.ConfigFile auths:map[string]types.AuthConfig credsStore:string \
credHelpers:map[string]string currentContext:string HttpHeaders:map[string]string \
detachKeys:string proxies:map[string]configfile.ProxyConfig
configfile.ProxyConfig httpProxy:string httpsProxy:string noProxy:string ftpProxy:string \
allProxy:string
types.AuthConfig username:string password:string auth:string email:string \
serveraddress:string identitytoken:string registrytoken:string
store.untypedContextMetadata Name:string Endpoints:map[string]any
context.EndpointMetaBase Host:string SkipTLSVerify:bool
ocispec.Descriptor digest=Digest:string platform=Platform:*ocispec.Platform
ocispec.Platform architecture=Architecture:string os=OS:string \
os.version=OSVersion?:string os.features=OSFeatures?:[]string variant=Variant?:string
container.Summary Id=ID:string Names:[]string Image:string ImageID:string Command:string \
Created:int64 Ports:[]container.Port SizeRw:int64 SizeRootFs:int64 Labels:map[string]string \
State:string Status:string Mounts:[]container.MountPoint \
NetworkSettings:container.NetworkSettingsSummary
container.Port IP:string PrivatePort:uint16 PublicPort:uint16 Type:string
container.MountPoint Type:string Name:string Source:string Destination:string Driver:string
container.NetworkSettingsSummary Networks:map[string]any
container.InspectResponse Id=ID:string Name:string Image:string Config:container.Config \
State:container.State
container.Config Tty:bool OpenStdin:bool Image:string Labels:map[string]string
container.State Status:string Running:bool ExitCode:int64
container.StatsResponse name:string cpu_stats:container.CPUStats precpu_stats:container.CPUStats \
memory_stats:container.MemoryStats networks:map[string]container.NetworkStats \
blkio_stats:container.BlkioStats pids_stats:container.PidsStats
container.CPUStats cpu_usage:container.CPUUsage system_cpu_usage:uint64 online_cpus:uint32
container.CPUUsage total_usage:uint64 percpu_usage:[]uint64
container.MemoryStats usage:uint64 limit:uint64 stats:map[string]uint64
container.NetworkStats rx_bytes:uint64 tx_bytes:uint64
container.BlkioStats io_service_bytes_recursive:[]container.BlkioStatEntry
container.BlkioStatEntry op:string value:uint64
container.PidsStats current:uint64
container.TopResponse Titles:[]string Processes:[][]string
container.WaitResponse StatusCode:int64 Error:*container.WaitExitError
container.WaitExitError Message:string
container.CreateResponse Id=ID:string Warnings:[]string
container.FilesystemChange Path:string Kind:uint8
container.ExecInspect ExitCode:int64 Running:bool
image.Summary Id=ID:string RepoTags:[]string RepoDigests:[]string Created:int64 Size:int64 \
SharedSize:int64 VirtualSize?:int64 Containers:int64 Labels:map[string]string \
Manifests?:[]image.ManifestSummary
image.ManifestSummary ID:string Available:bool Size:image.ManifestSize Kind:string \
ImageData?:*image.ImageProperties
image.ManifestSize Total:int64 Content:int64
image.ImageProperties Platform:ocispec.Platform Containers:[]string
image.HistoryResponseItem Id=ID:string Created:int64 CreatedBy:string Tags:[]string \
Size:int64 Comment:string
image.DeleteResponse Untagged?:string Deleted?:string
image.ImportResponse status=Status:string
network.Summary Name:string Id=ID:string Created:string Scope:string Driver:string \
EnableIPv4:bool EnableIPv6:bool Internal:bool Labels:map[string]string
network.Inspect Name:string Id=ID:string Ingress:bool
volume.ListResponse Volumes:[]volume.Volume Warnings:[]string
volume.Volume Name:string Driver:string Mountpoint:string CreatedAt?:string \
Labels:map[string]string Scope:string UsageData?:*volume.UsageData \
ClusterVolume?:*volume.ClusterVolume
volume.ClusterVolume ID:string Version:swarm.Version Spec:volume.ClusterVolumeSpec \
PublishStatus?:[]*volume.PublishStatus Info?:*volume.Info
volume.ClusterVolumeSpec Group?:string Availability?:string
volume.PublishStatus NodeID?:string State?:string
volume.Info VolumeID?:string
volume.UsageData Size:int64 RefCount:int64
types.DiskUsage LayersSize:int64 Images:[]image.Summary Containers:[]container.Summary \
Volumes:[]volume.Volume BuildCache:[]build.CacheRecord
build.CacheRecord ID:string Parent?:string Parents?:[]string Type:string Description:string \
InUse:bool Shared:bool Size:int64 CreatedAt:string LastUsedAt:*string UsageCount:int64
types.PruneReport ContainersDeleted:[]string ImagesDeleted:[]image.DeleteResponse \
NetworksDeleted:[]string VolumesDeleted:[]string CachesDeleted:[]string \
SpaceReclaimed:uint64
swarm.IDResponse ID:string
types.IdResponse Id=ID:string Warning?:string Warnings?:[]string Name:string
registry.AuthenticateOKBody Status:string IdentityToken?:string
registry.SearchResult star_count=StarCount:int64 is_official=IsOfficial:bool name=Name:string \
is_automated=IsAutomated:bool description=Description:string
jsonmessage.JSONMessage stream=Stream?:string status=Status?:string progress=Progress?:string \
progressDetail=ProgressDetail?:*jsonmessage.JSONProgress id=ID?:string from=From?:string \
time=Time?:int64 timeNano=TimeNano?:int64 errorDetail=Error?:*jsonmessage.JSONError \
error=ErrorMessage?:string aux=Aux?:any
jsonmessage.JSONProgress current=Current?:int64 total=Total?:int64 start=Start?:int64 \
hidecounts=HideCounts?:bool units=Units?:string
jsonmessage.JSONError code=Code?:int64 message=Message?:string
events.Message status=Status?:string id=ID?:string from=From?:string Type:string \
Action:string Actor:events.Actor scope=Scope?:string time=Time?:int64 timeNano=TimeNano?:int64
events.Actor ID:string Attributes:map[string]string
types.Version Platform:types.Platform Components?:[]types.ComponentVersion Version:string \
ApiVersion=APIVersion:string MinAPIVersion?:string GitCommit:string GoVersion:string Os:string \
Arch:string KernelVersion?:string Experimental?:bool BuildTime?:string
types.Platform Name:string
types.ComponentVersion Name:string Version:string Details?:map[string]string
system.clientVersion Platform?:*system.platformInfo Version?:string ApiVersion=APIVersion?:string \
DefaultAPIVersion?:string GitCommit?:string GoVersion?:string Os?:string Arch?:string \
BuildTime?:string Context:string
system.platformInfo Name?:string
system.versionInfo Client:system.clientVersion Server:*types.Version
system.clientInfo Debug:bool Platform?:*system.platformInfo Version?:string \
ApiVersion=APIVersion?:string DefaultAPIVersion?:string GitCommit?:string GoVersion?:string \
Os?:string Arch?:string BuildTime?:string Context:string Plugins:[]any Warnings:[]string
system.Info ID:string Containers:int64 ContainersRunning:int64 ContainersPaused:int64 \
ContainersStopped:int64 Images:int64 Driver:string DriverStatus:[][]string \
SystemStatus?:[][]string Plugins:system.PluginsInfo MemoryLimit:bool SwapLimit:bool \
KernelMemory?:bool KernelMemoryTCP?:bool CpuCfsPeriod=CPUCfsPeriod:bool \
CpuCfsQuota=CPUCfsQuota:bool CPUShares:bool CPUSet:bool PidsLimit:bool IPv4Forwarding:bool \
Debug:bool NFd:int64 OomKillDisable:bool NGoroutines:int64 SystemTime:string \
LoggingDriver:string CgroupDriver:string CgroupVersion?:string NEventsListener:int64 \
KernelVersion:string OperatingSystem:string OSVersion:string OSType:string Architecture:string \
IndexServerAddress:string RegistryConfig:*registry.ServiceConfig NCPU:int64 MemTotal:int64 \
GenericResources:[]any DockerRootDir:string HttpProxy=HTTPProxy:string \
HttpsProxy=HTTPSProxy:string NoProxy:string Name:string Labels:[]string ExperimentalBuild:bool \
ServerVersion:string Runtimes:map[string]system.RuntimeWithStatus DefaultRuntime:string \
Swarm:swarm.Info LiveRestoreEnabled:bool Isolation:string InitBinary:string \
ContainerdCommit:system.Commit RuncCommit:system.Commit InitCommit:system.Commit \
SecurityOptions:[]string ProductLicense?:string \
DefaultAddressPools?:[]system.NetworkAddressPool FirewallBackend?:*system.FirewallInfo \
CDISpecDirs:[]string DiscoveredDevices?:[]system.DeviceInfo Containerd?:*system.ContainerdInfo \
Warnings:[]string
system.PluginsInfo Volume:[]string Network:[]string Authorization:[]string Log:[]string
system.RuntimeWithStatus path=Path?:string runtimeArgs=Args?:[]string runtimeType=Type?:string \
options=Options?:map[string]any status=Status?:map[string]string
system.Commit ID:string Expected?:string
system.NetworkAddressPool Base:string Size:int64
system.FirewallInfo Driver:string Info?:[][]string
system.DeviceInfo Source:string ID:string
system.ContainerdInfo Address?:string Namespaces:system.ContainerdNamespaces
system.ContainerdNamespaces Containers:string Plugins:string
swarm.Info NodeID:string NodeAddr:string LocalNodeState:string ControlAvailable:bool \
Error:string RemoteManagers:[]swarm.Peer Nodes?:int64 Managers?:int64 \
Cluster?:*swarm.ClusterInfo Warnings?:[]string
swarm.Peer NodeID:string Addr:string
swarm.ClusterInfo ID:string Version:swarm.Version CreatedAt?:string UpdatedAt?:string \
Spec:swarm.Spec TLSInfo:swarm.TLSInfo RootRotationInProgress:bool DefaultAddrPool:*[]string \
SubnetSize:uint32 DataPathPort:uint32
swarm.Version Index?:uint64
swarm.Spec Name?:string Labels:map[string]string Orchestration?:swarm.OrchestrationConfig \
Raft?:swarm.RaftConfig Dispatcher?:swarm.DispatcherConfig CAConfig?:swarm.CAConfig \
TaskDefaults?:swarm.TaskDefaults EncryptionConfig?:swarm.EncryptionConfig
swarm.OrchestrationConfig TaskHistoryRetentionLimit?:*int64
swarm.RaftConfig SnapshotInterval?:uint64 KeepOldSnapshots?:*uint64 \
LogEntriesForSlowFollowers?:uint64 ElectionTick:int64 HeartbeatTick:int64
swarm.DispatcherConfig HeartbeatPeriod?:int64
swarm.CAConfig NodeCertExpiry?:int64 ExternalCAs?:[]*swarm.ExternalCA SigningCACert?:string \
SigningCAKey?:string ForceRotate?:uint64
swarm.ExternalCA Protocol:string URL:string Options?:map[string]string CACert:string
swarm.TaskDefaults LogDriver?:*swarm.Driver
swarm.EncryptionConfig AutoLockManagers:bool
swarm.TLSInfo TrustRoot?:string CertIssuerSubject?:string CertIssuerPublicKey?:string
registry.ServiceConfig IndexConfigs:map[string]*registry.IndexInfo \
InsecureRegistryCIDRs:[]string Mirrors:[]string
registry.IndexInfo Mirrors:[]string Name:string Official:bool Secure:bool
swarm.Service ID:string Version:swarm.Version CreatedAt:string UpdatedAt:string \
Spec:swarm.ServiceSpec PreviousSpec?:*swarm.ServiceSpec Endpoint:swarm.Endpoint \
UpdateStatus?:*swarm.UpdateStatus ServiceStatus?:*swarm.ServiceStatus \
JobStatus?:*swarm.JobStatus
swarm.ServiceSpec Name?:string Labels:map[string]string Mode?:swarm.ServiceMode \
TaskTemplate?:swarm.TaskSpec UpdateConfig?:*swarm.UpdateConfig \
RollbackConfig?:*swarm.UpdateConfig Networks?:[]swarm.NetworkAttachmentConfig \
EndpointSpec?:*swarm.EndpointSpec
swarm.ServiceMode Replicated?:*swarm.ReplicatedService Global?:any \
ReplicatedJob?:*swarm.ReplicatedJob GlobalJob?:any
swarm.ReplicatedService Replicas?:*uint64
swarm.TaskSpec ContainerSpec?:swarm.ContainerSpec Resources?:*swarm.ResourceRequirements \
RestartPolicy?:*swarm.RestartPolicy Placement?:*swarm.Placement \
Networks?:[]swarm.NetworkAttachmentConfig LogDriver?:*swarm.Driver ForceUpdate:uint64 \
Runtime?:string
swarm.ContainerSpec Image?:string Labels?:map[string]string Command?:[]string Args?:[]string \
Hostname?:string Env?:[]string Dir?:string User?:string Groups?:[]string Init?:*bool \
StopSignal?:string TTY?:bool ReadOnly?:bool Mounts?:[]mount.Mount StopGracePeriod?:*int64 \
Healthcheck?:*container.HealthConfig Hosts?:[]string DNSConfig?:*swarm.DNSConfig \
Secrets?:[]swarm.SecretReference Configs?:[]swarm.ConfigReference Isolation?:string \
Sysctls?:map[string]string CapabilityAdd?:[]string CapabilityDrop?:[]string \
Ulimits?:[]container.Ulimit OomScoreAdj?:int64
swarm.Endpoint Spec?:swarm.EndpointSpec Ports?:[]swarm.PortConfig
swarm.PortConfig Name?:string Protocol?:string TargetPort?:uint32 PublishedPort?:uint32 \
PublishMode?:string
swarm.ServiceStatus RunningTasks:uint64 DesiredTasks:uint64 CompletedTasks:uint64
swarm.Task ID:string Version:swarm.Version CreatedAt:string UpdatedAt:string \
Spec:swarm.TaskSpec ServiceID?:string Slot?:int64 NodeID?:string Status?:swarm.TaskStatus \
DesiredState?:string JobIteration?:*swarm.Version
swarm.TaskStatus Timestamp?:string State?:string Message?:string Err?:string \
PortStatus?:swarm.PortStatus
swarm.Node ID:string Version:swarm.Version CreatedAt:string UpdatedAt:string \
Spec?:swarm.NodeSpec Description?:swarm.NodeDescription Status?:swarm.NodeStatus \
ManagerStatus?:*swarm.ManagerStatus
swarm.NodeDescription Hostname?:string Platform?:swarm.Platform Resources?:swarm.Resources \
Engine?:swarm.EngineDescription TLSInfo?:swarm.TLSInfo
swarm.EngineDescription EngineVersion?:string Labels?:map[string]string \
Plugins?:[]swarm.PluginDescription
swarm.NodeStatus State?:string Message?:string Addr?:string
swarm.NodeSpec Name?:string Labels:map[string]string Role?:string Availability?:string
swarm.ManagerStatus Leader?:bool Reachability?:string Addr?:string
swarm.Secret ID:string Version:swarm.Version CreatedAt:string UpdatedAt:string \
Spec:swarm.SecretSpec
swarm.SecretSpec Name?:string Labels:map[string]string Data?:string Driver?:*swarm.Driver \
Templating?:*swarm.Driver
swarm.Driver Name?:string Options?:map[string]string
swarm.Config ID:string Version:swarm.Version CreatedAt:string UpdatedAt:string \
Spec:swarm.SecretSpec
types.Plugin Id=ID:string Name:string Enabled:bool Config:types.PluginConfig \
PluginReference?:string
swarm.ReplicatedJob MaxConcurrent?:*uint64 TotalCompletions?:*uint64
swarm.UpdateConfig Parallelism:uint64 Delay?:int64 FailureAction?:string Monitor?:int64 \
MaxFailureRatio:float64 Order:string
swarm.UpdateStatus State?:string StartedAt?:*string CompletedAt?:*string Message?:string
swarm.JobStatus JobIteration:swarm.Version LastExecution?:string
swarm.EndpointSpec Mode?:string Ports?:[]swarm.PortConfig
mount.Mount Type?:string Source?:string Target?:string ReadOnly?:bool
container.HealthConfig Test?:[]string Interval?:int64 Timeout?:int64 StartPeriod?:int64 \
StartInterval?:int64 Retries?:int64
container.Ulimit Name:string Hard:int64 Soft:int64
swarm.DNSConfig Nameservers?:[]string Search?:[]string Options?:[]string
swarm.SecretReference File?:*swarm.FileTarget SecretID:string SecretName:string
swarm.ConfigReference File?:*swarm.FileTarget Runtime?:any ConfigID:string ConfigName:string
swarm.FileTarget Name:string UID:string GID:string Mode:uint32
swarm.ResourceRequirements Limits?:*swarm.Limit Reservations?:*swarm.Resources
swarm.Limit NanoCPUs?:int64 MemoryBytes?:int64 Pids?:int64
swarm.Resources NanoCPUs?:int64 MemoryBytes?:int64 GenericResources?:[]swarm.GenericResource
swarm.GenericResource NamedResourceSpec?:any \
DiscreteResourceSpec?:*swarm.DiscreteGenericResource
swarm.DiscreteGenericResource Kind?:string Value?:int64
swarm.RestartPolicy Condition?:string Delay?:*int64 MaxAttempts?:*uint64 Window?:*int64
swarm.Placement Constraints?:[]string Preferences?:[]swarm.PlacementPreference \
MaxReplicas?:uint64 Platforms?:[]swarm.Platform
swarm.PlacementPreference Spread?:*swarm.SpreadOver
swarm.SpreadOver SpreadDescriptor:string
swarm.Platform Architecture?:string OS?:string
swarm.NetworkAttachmentConfig Target?:string Aliases?:[]string DriverOpts?:map[string]string
swarm.ServiceCreateResponse ID:string Warnings?:[]string
swarm.ServiceUpdateResponse Warnings?:[]string
swarm.PortStatus Ports?:[]swarm.PortConfig
swarm.PluginDescription Type?:string Name?:string
swarm.Swarm ID:string Version:swarm.Version Spec:map[string]any TLSInfo:swarm.TLSInfo \
RootRotationInProgress:bool JoinTokens:swarm.JoinTokens
swarm.JoinTokens Worker:string Manager:string
swarm.UnlockKeyResponse UnlockKey:string
registry.DistributionInspect Descriptor:ocispec.Descriptor Platforms:[]ocispec.Platform
types.PluginConfig Description:string
types.PluginPrivilege Name:string Description:string Value:[]string
checkpoint.Summary Name:string
"""
_GO_TYPES = {}
_GO_INTS = {"int64": 63, "uint16": 16, "uint32": 32, "uint64": 64, "uint8": 8}


def _go_types():
    """{type: [(json name, Go name, omitempty, field type)]}, read on first use."""
    if not _GO_TYPES:
        for line in _GO_TYPES_TEXT.replace("\\\n", "").strip().split("\n"):
            name, *fields = line.split()
            spec = []
            for field in fields:
                names, _, kind = field.partition(":")
                omit = names.endswith("?")
                json_name, _, go_name = names.rstrip("?").partition("=")
                spec.append((json_name, go_name or json_name, omit, kind))
            _GO_TYPES[name] = spec
    return _GO_TYPES


class _Unmarshal(Exception):
    """A JSON value that does not fit its Go type: (the value, the type, the path)."""


def as_go_type(value, kind, go_struct=False):
    """value (an Engine answer, decoded) read as the docker CLI's Go type kind reads it
    ("[]container.Summary", "types.Version", "events.Message": the types docksock
    knows): missing and null fields become zero values ("", 0, False, [] and {}), a
    field of another type raises ProtocolError worded as Go's json package ("json:
    cannot unmarshal number into Go struct field .0.Id of type string").  Objects stay
    dicts by JSON name (their other keys kept), or with go_struct become GoStruct by
    Go field name, as templates name them."""
    kind_top = kind
    try:
        return _conform(value, kind, "", go_struct)
    except _Unmarshal as e:
        value, kind, path, in_struct = e.args
        what = "object" if isinstance(value, dict) else "array" if isinstance(value, list) \
            else "string" if isinstance(value, str) else "bool" if isinstance(value, bool) \
            else "number"
        if what == "number" and (kind in _GO_INTS or kind == "float64"):
            what += " " + json.dumps(value)
        top = kind_top.rpartition(".")[2] if kind_top in _go_types() else ""
        where = "Go value" if not path else ("Go struct field " + top + path) if in_struct \
            else path
        raise ProtocolError("json: cannot unmarshal %s into %s of type %s"
                            % (what, where, kind))


def _conform(value, kind, path, go_struct, in_struct=False):
    if value is None:
        return _go_zero(kind, go_struct)
    if kind == "any":
        return value
    if kind.startswith("*"):
        return _conform(value, kind[1:], path, go_struct, in_struct)
    if kind.startswith("[]"):
        if not isinstance(value, list):
            raise _Unmarshal(value, kind, path, in_struct)
        return [_conform(v, kind[2:], "%s.%d" % (path, i), go_struct, in_struct)
                for i, v in enumerate(value)]
    if kind.startswith("map[string]"):
        if not isinstance(value, dict):
            raise _Unmarshal(value, kind, path, in_struct)
        return dict((k, _conform(v, kind[11:], "%s.%s" % (path, k), go_struct, in_struct))
                    for k, v in value.items())
    ok = (kind == "string" and isinstance(value, str) or
          kind == "bool" and isinstance(value, bool) or
          kind == "float64" and isinstance(value, (int, float)) and not isinstance(value, bool) or
          kind in _GO_INTS and isinstance(value, int) and not isinstance(value, bool) and
          (0 if kind[0] == "u" else -(1 << _GO_INTS[kind])) <= value < 1 << _GO_INTS[kind])
    if ok:
        return value
    fields = _go_types().get(kind)
    if fields is None or not isinstance(value, dict):
        raise _Unmarshal(value, kind, path, in_struct)
    out = {} if go_struct else dict(value)
    for json_name, go_name, omit, field_kind in fields:
        out[go_name if go_struct else json_name] = _conform(
            value.get(json_name), field_kind, path + "." + json_name, go_struct, True)
    return GoStruct(kind, fields, out) if go_struct else out


def _go_zero(kind, go_struct):
    if kind.startswith("*") or kind == "any":
        return None
    if kind.startswith("[]") or kind.startswith("map["):
        return None if go_struct else [] if kind[0] == "[" else {}
    if kind == "string":
        return ""
    if kind == "bool":
        return False
    if kind in _GO_INTS or kind == "float64":
        return 0
    fields = _go_types()[kind]
    values = dict(((go if go_struct else js), _go_zero(k, go_struct))
                  for js, go, omit, k in fields)
    return GoStruct(kind, fields, values) if go_struct else values


class GoStruct(dict):
    """A Go struct value, as as_go_type(..., go_struct=True) makes it for templates: its
    fields by Go name (fields lists them in declaration order), go_type naming it in
    errors ("can't evaluate field X in type events.Actor"), and json_data(), its fields
    as json.Marshal writes them (by JSON name, omitempty ones left out when empty)."""

    text = None     # what its String() method says, for a type that has one

    def __init__(self, go_type, fields, values):
        super().__init__(values)
        self.go_type = go_type
        self.fields = [go for js, go, omit, kind in fields]
        self._spec = fields

    @property
    def spec(self):
        """Its fields as declared: (JSON name, Go name, omitempty, Go type) each."""
        return list(self._spec)

    def json_data(self):
        out = {}
        for json_name, go_name, omit, kind in self._spec:
            value = self[go_name]
            if omit and (value is None or value is False or value == 0 and
                         not isinstance(value, bool) or value in ("", [], {})):
                continue
            out[json_name] = value
        return out


# An RFC 3339 time as the Engine writes it and as the docker CLI takes one: T or a space,
# the seconds and their fraction optional, a date alone, the zone optional.
_RFC3339 = (r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
            r"(Z|[+-]\d{2}:?\d{2})?\Z")


def parse_rfc3339(text):
    """(datetime, nanoseconds) of an RFC 3339 time, or None when text is not written as
    one: "2024-01-02T03:04:05.5Z", "2024-01-01T22:34:05-04:30", "2024-01-02 03:04",
    "2024-01-02".  The datetime has whole seconds and the text's offset; with none it is
    naive (local time, as the docker CLI reads it).  A time written right that does not
    exist (2024-02-30) raises InvalidArgument naming text."""
    import datetime
    m = re.match(_RFC3339, text)
    if not m:
        return None
    y, mo, d, hh, mm, ss, frac, zone = m.groups()
    try:
        dt = datetime.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0),
                               int(ss or 0))
    except ValueError as e:
        raise InvalidArgument("invalid time value %r: %s" % (text, e))
    if zone:
        offset = 0 if zone == "Z" else (1 if zone[0] == "+" else -1) * (
            int(zone[1:3]) * 3600 + int(zone[-2:]) * 60)
        dt = dt.replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=offset)))
    return dt, int((frac or "0").ljust(9, "0"))


# ==== Endpoint resolution =======================================================
# Pure functions of (environment, files) -> Endpoint.  No sockets are opened here.

class TLSConfig:
    """TLS material for a tcp:// daemon, with the docker CLI's semantics.

    client_cert: (cert.pem, key.pem) or None; ca_cert: a CA bundle path or None;
    verify: check the daemon's certificate (and hostname) against ca_cert.
    """

    def __init__(self, client_cert=None, ca_cert=None, verify=None, assert_hostname=None):
        if client_cert is not None:
            if not (isinstance(client_cert, (tuple, list)) and len(client_cert) == 2):
                raise TLSParameterError(
                    "client_cert must be a (cert.pem, key.pem) pair, got %r" % (client_cert,))
            for path in client_cert:
                if not os.path.isfile(path):
                    raise TLSParameterError("TLS client certificate or key not found: %s" % path)
            client_cert = tuple(client_cert)
        if ca_cert is not None and not os.path.isfile(ca_cert):
            raise TLSParameterError("TLS CA certificate not found: %s" % ca_cert)
        self.client_cert = client_cert
        self.ca_cert = ca_cert
        self.verify = bool(ca_cert) if verify is None else bool(verify)
        self.assert_hostname = assert_hostname

    @classmethod
    def from_dir(cls, path, verify):
        """ca.pem, cert.pem and key.pem from a directory; missing files are skipped, as the CLI does."""
        def f(name):
            p = os.path.join(path, name)
            return p if os.path.isfile(p) else None
        cert, key = f("cert.pem"), f("key.pem")
        return cls(client_cert=(cert, key) if cert and key else None, ca_cert=f("ca.pem"),
                   verify=verify)

    def ssl_context(self):
        import ssl
        if self.verify:
            ctx = ssl.create_default_context(cafile=self.ca_cert)
            ctx.check_hostname = self.assert_hostname is not False
        else:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if self.client_cert:
            try:
                ctx.load_cert_chain(*self.client_cert)
            except ssl.SSLError as e:
                raise TLSParameterError("cannot load TLS client key pair %s: %s"
                                        % (", ".join(self.client_cert), e))
        return ctx

    @property
    def cert(self):
        """docker-py's name for client_cert."""
        return self.client_cert

    def configure_client(self, client):
        """docker-py's hook for a requests Session: sets client.verify (the CA bundle, or
        whether to verify) and client.cert (the client certificate pair)."""
        client.verify = self.ca_cert if self.verify and self.ca_cert else self.verify
        if self.client_cert:
            client.cert = self.client_cert

    def __repr__(self):
        return "TLSConfig(client_cert=%r, ca_cert=%r, verify=%r)" % (
            self.client_cert, self.ca_cert, self.verify)


class Endpoint:
    """Where a daemon is and how to reach it: the result of endpoint resolution.

    scheme: "unix", "tcp" or "ssh".  address: the socket path (unix), (host, port) (tcp),
    or the ssh destination dict (ssh).  base_path: URL prefix from DOCKER_HOST.  tls: a
    TLSConfig or None.  source: how it was chosen ("--host", "DOCKER_HOST", 'context
    "x"', "default").  candidates: extra sockets tried, in order, when the default
    socket is absent.  url: the canonical form, as the CLI prints it.
    """

    __slots__ = ("scheme", "address", "base_path", "tls", "source", "context", "candidates")

    def __init__(self, scheme, address, base_path="", tls=None, source="default",
                 context="default", candidates=()):
        self.scheme = scheme
        self.address = address
        self.base_path = base_path
        self.tls = tls
        self.source = source
        self.context = context
        self.candidates = tuple(candidates)

    @property
    def url(self):
        if self.scheme == "unix":
            return "unix://" + self.address
        if self.scheme == "tcp":
            host, port = self.address
            if ":" in host:
                host = "[%s]" % host
            return "tcp://%s:%d%s" % (host, port, self.base_path)
        a = self.address
        user = a["user"] + "@" if a["user"] else ""
        port = ":%d" % a["port"] if a["port"] else ""
        return "ssh://%s%s%s%s" % (user, a["host"], port, a["path"] or "")

    def __repr__(self):
        return "Endpoint(%r, source=%r)" % (self.url, self.source)


def config_dir(environ=None):
    """The docker CLI's config directory: $DOCKER_CONFIG, else ~/.docker."""
    environ = os.environ if environ is None else environ
    d = environ.get("DOCKER_CONFIG")
    if d:
        return d
    home = environ.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".docker")


def load_config(cfg_dir, path=None):
    """cfg_dir's config.json (or the config file at path) as a dict ({} when absent or
    null).  A file that is not JSON, or whose fields docksock reads have the wrong type
    (credsStore: 5), raises DockerException in the CLI's words ("Error parsing config
    file (PATH): ...").  The CLI then warns and goes on without it, and so do the
    readers here; what writes config.json (login) refuses to overwrite it."""
    path = path or os.path.join(cfg_dir, "config.json")
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise DockerException("Error loading config file: open %s: %s"
                              % (path, (e.strerror or str(e)).lower()))
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
        as_go_type(data, "configfile.ConfigFile")
    except (ValueError, ProtocolError) as e:
        raise DockerException("Error parsing config file (%s): %s" % (path, e))
    return data or {}


def _config(cfg_dir, path=None):
    """config.json for reading: {} when it is broken, as the CLI goes on without it."""
    try:
        return load_config(cfg_dir, path)
    except DockerException:
        return {}


def _write_atomically(path, data, mode=None):
    """Write a file as the docker CLI's atomic writer does: a temporary file beside it,
    synced, then renamed over it; with mode None the old file's mode and owner are kept
    (0600 for a new file)."""
    import tempfile
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            old = os.stat(path) if mode is None else None
        except FileNotFoundError:
            old = None
        if mode is not None:
            os.chmod(tmp, mode)
        elif old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:
                pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _save_config(cfg_dir, cfg):
    """Write config.json as the CLI's ConfigFile.Save: atomically (the directory made
    0700), the old file's mode and owner kept; a symlinked config.json is replaced at its
    target."""
    os.makedirs(cfg_dir, mode=0o700, exist_ok=True)
    path = os.path.join(cfg_dir, "config.json")
    if os.path.islink(path):
        path = os.path.join(cfg_dir, os.readlink(path))
    # docker's ConfigFile always writes "auths", first
    cfg = dict([("auths", cfg.get("auths") or {})] +
               [kv for kv in cfg.items() if kv[0] != "auths"])
    data = _GO_SURROGATE.sub("\ufffd", json.dumps(cfg, indent="\t", ensure_ascii=False))
    _write_atomically(path, data.encode("utf-8"))   # a lone surrogate is U+FFFD, as Go read it


def parse_host(value, tls=False):
    """Parse a DOCKER_HOST / -H value the way the docker CLI does.

    Returns (scheme, address, base_path): "unix" with a path, "tcp" with (host, port),
    or "ssh" with {"user", "host", "port", "path"}.  An empty value is the default
    socket (tcp://localhost:2376 with TLS); a value with no scheme is tcp://; tcp's
    port defaults to 2375 (2376 with TLS); a path after host:port is a base path.
    """
    value = (value or "").strip()
    if not value:
        return ("tcp", ("localhost", DEFAULT_TLS_PORT), "") if tls else \
            ("unix", DEFAULT_UNIX_SOCKET, "")
    if value.startswith("/"):  # a bare socket path: what else could it mean
        return "unix", value, ""
    if "://" not in value:
        value = "tcp://" + value
    scheme, _, rest = value.partition("://")
    scheme = scheme.lower()
    if scheme == "unix":
        # "unix://var/run/docker.sock" (docker-py's spelling) means the absolute path.
        return "unix", "/" + rest.lstrip("/") if rest else DEFAULT_UNIX_SOCKET, ""
    if scheme in ("tcp", "http", "https"):
        return ("tcp",) + _parse_tcp(rest, value, tls or scheme == "https")
    if scheme == "ssh":
        return "ssh", _parse_ssh(rest, value), ""
    if scheme == "npipe":
        raise InvalidArgument("protocol not available: npipe:// is for Windows named pipes")
    raise InvalidArgument("unable to parse docker host '%s'" % value)


def _parse_tcp(rest, original, tls):
    hostport, slash, path = rest.partition("/")
    base_path = ("/" + path).rstrip("/") if slash else ""
    if hostport.startswith("["):
        host, _, tail = hostport[1:].partition("]")
        port = tail[1:] if tail.startswith(":") else ""
    elif hostport.count(":") == 1:
        host, port = hostport.split(":")
    else:
        host, port = hostport, ""
    host = host or "localhost"
    try:   # what the resolver is given: a name of IDNA labels, or an address
        ok = "\x00" not in host and bool(host.encode("idna"))
    except UnicodeError:
        ok = False
    if not ok:
        raise InvalidArgument("invalid bind address format: %s (bad host name %r)"
                              % (original, host))
    if not port:
        return (host, DEFAULT_TLS_PORT if tls else DEFAULT_TCP_PORT), base_path
    if not re.match(r"[0-9]+\Z", port) or not 0 < int(port) < 65536:
        raise InvalidArgument("invalid bind address format: %s (bad port %r)" % (original, port))
    return (host, int(port)), base_path


def _parse_ssh(rest, original):
    hostport, slash, path = rest.partition("/")
    user, at, hostport = hostport.rpartition("@")
    if ":" in user:
        # docker's words; the URL is not repeated, since it holds the password
        raise InvalidArgument("invalid ssh host: plain-text password is not supported")
    if hostport.startswith("["):
        host, _, tail = hostport[1:].partition("]")
        port = tail[1:] if tail.startswith(":") else ""
    else:
        host, _, port = hostport.partition(":")
    if not host:
        raise InvalidArgument("invalid ssh host %r: no host name" % original)
    if port and not re.match(r"[0-9]+\Z", port):
        raise InvalidArgument("invalid ssh host %r: bad port %r" % (original, port))
    return {"user": urllib.parse.unquote(user) if at else None, "host": host,
            "port": int(port) if port else None, "path": "/" + path if slash and path else None}


# Names a context may have (docker's store.restrictedNamePattern).
_CONTEXT_NAME = r"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"
_CONTEXT_TLS_FILES = ("ca.pem", "cert.pem", "key.pem")
_CONTEXT_IMPORT_LIMIT = 10 << 20    # the CLI's cap on a context archive it imports


class ContextStore:
    """The docker CLI's context store under a config directory, shared with docker: each
    context is CFG/contexts/meta/<sha256 of its name>/meta.json, and its TLS files
    CFG/contexts/tls/<sha256>/<endpoint>/{ca,cert,key}.pem.

    A context's metadata is a dict with docker's keys: Name, Metadata ({"Description":
    ...} and any fields other tools added), Endpoints ({"docker": {"Host": ...,
    "SkipTLSVerify": ...}}, other endpoints kept as found).  The context named "default"
    is never stored: it is what --host, DOCKER_HOST and the TLS options say, and the
    methods here refuse it where docker does.  Errors are DockerException (ContextNotFound
    for a missing context, InvalidArgument for a bad name or archive) in docker's words.
    """

    def __init__(self, cfg_dir=None, environ=None):
        self.environ = os.environ if environ is None else environ
        self.cfg_dir = cfg_dir or config_dir(self.environ)
        self.root = os.path.join(self.cfg_dir, "contexts")

    @staticmethod
    def validate_name(name):
        """Raise InvalidArgument unless name may be given to a stored context."""
        if not name:
            raise InvalidArgument("context name cannot be empty")
        if name == "default":
            raise InvalidArgument('"default" is a reserved context name')
        if not re.match(_CONTEXT_NAME, name) or name.endswith("\n"):
            raise InvalidArgument("context name %s is invalid, names are validated against "
                                  "regexp %s" % (json.dumps(name), json.dumps(_CONTEXT_NAME)))

    def storage(self, name):
        """(metadata directory, TLS directory) of a context, whether it exists or not."""
        import hashlib
        # a lone surrogate (JSON's "\ud800") is U+FFFD, as Go's decoder makes it
        name = re.sub("[\ud800-\udfff]", "\ufffd", name)
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
        return (os.path.join(self.root, "meta", digest), os.path.join(self.root, "tls", digest))

    def exists(self, name):
        return os.path.isfile(os.path.join(self.storage(name)[0], "meta.json"))

    def get(self, name):
        """A stored context's metadata.  Raises ContextNotFound when it has none."""
        path = os.path.join(self.storage(name)[0], "meta.json")
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError as e:
            raise ContextNotFound(name, 'context "%s": context not found: %s'
                                  % (name, go_path_error("open", path, e)))
        except OSError as e:
            raise DockerException('context "%s": %s' % (name, go_path_error("open", path, e)))
        try:
            meta = as_go_type(json.loads(raw.decode("utf-8")), "store.untypedContextMetadata")
        except (ValueError, ProtocolError) as e:
            raise DockerException('context "%s": parsing %s: %s' % (name, path, e))
        meta.setdefault("Metadata", None)
        return meta

    def list(self):
        """Every stored context's metadata, in docker's natural order of names."""
        found = []
        for top, dirs, files in os.walk(os.path.join(self.root, "meta")):
            dirs.sort()
            if "meta.json" in files and top != os.path.join(self.root, "meta"):
                with open(os.path.join(top, "meta.json"), "rb") as f:
                    try:
                        meta = as_go_type(json.loads(f.read().decode("utf-8")),
                                          "store.untypedContextMetadata")
                    except (ValueError, ProtocolError) as e:
                        raise DockerException("failed to read metadata: parsing %s: %s"
                                              % (os.path.join(top, "meta.json"), e))
                found.append(meta)
        return sorted(found, key=lambda m: natural_key(m["Name"]))

    def tls_files(self, name):
        """{endpoint: [file names]} of a context's TLS material."""
        tls_dir = self.storage(name)[1]
        try:
            endpoints = sorted(os.listdir(tls_dir))
        except FileNotFoundError:
            return {}
        return {ep: sorted(f for f in os.listdir(os.path.join(tls_dir, ep))
                           if not os.path.isdir(os.path.join(tls_dir, ep, f)))
                for ep in endpoints if os.path.isdir(os.path.join(tls_dir, ep))}

    def tls_data(self, name, endpoint="docker"):
        """{file name: bytes} of one endpoint's TLS material ({} when it has none)."""
        out = {}
        for f in self.tls_files(name).get(endpoint, ()):
            with open(os.path.join(self.storage(name)[1], endpoint, f), "rb") as fh:
                out[f] = fh.read()
        return out

    def save(self, meta, tls=None):
        """Write a context's metadata (meta["Name"] names it) as docker does; with tls
        ({endpoint: {file name: bytes}}), replace its TLS material by that."""
        name = meta.get("Name") or ""
        if name == "default":
            raise InvalidArgument("default context cannot be created nor updated")
        meta_dir, tls_dir = self.storage(name)
        os.makedirs(meta_dir, 0o755, exist_ok=True)
        _write_atomically(os.path.join(meta_dir, "meta.json"), _context_json(meta), 0o644)
        if tls is not None:
            for endpoint in tls:
                self._reset_tls(name, endpoint, tls[endpoint])

    def _reset_tls(self, name, endpoint, files):
        import shutil
        ep_dir = os.path.join(self.storage(name)[1], endpoint)
        shutil.rmtree(ep_dir, ignore_errors=True)
        for fname, data in sorted((files or {}).items()):
            os.makedirs(self.root, 0o755, exist_ok=True)
            for d in (os.path.join(self.root, "tls"), os.path.dirname(ep_dir), ep_dir):
                if not os.path.isdir(d):
                    os.mkdir(d, 0o700)      # as docker's MkdirAll(dir, 0700) makes each
            _write_atomically(os.path.join(ep_dir, fname), data, 0o600)

    def docker_endpoint(self, host=None, ca=None, cert=None, key=None, skip_tls_verify=False,
                        from_context=None):
        """The docker endpoint of a new or updated context, as `--docker` describes it:
        (endpoint metadata, {file name: bytes} of its TLS material).  Files are paths read
        now; from_context copies another context's endpoint (not its TLS files, as docker
        does).  A host must parse as PROTO://ADDRESS."""
        if from_context is not None:
            ep = (self.get(from_context)["Endpoints"] or {}).get("docker")
            if not isinstance(ep, dict):
                raise InvalidArgument('unable to get endpoint from context "%s"' % from_context)
            return {"Host": ep.get("Host") or "",
                    "SkipTLSVerify": bool(ep.get("SkipTLSVerify"))}, {}
        files = {}
        for fname, path in zip(_CONTEXT_TLS_FILES, (ca, cert, key)):
            if path:
                try:
                    with open(path, "rb") as f:
                        files[fname] = f.read()
                except OSError as e:
                    raise InvalidArgument(go_path_error("open", path, e))
        if host:
            proto, sep, address = host.partition("://")
            if not sep or not address:
                raise InvalidArgument("unable to apply docker endpoint options: unable to "
                                      "parse docker host `%s`" % host)
            if proto not in ("unix", "npipe", "fd", "ssh"):
                _check_context_tls(files, cert, key)
        return {"Host": host or "", "SkipTLSVerify": bool(skip_tls_verify)}, files

    def create(self, name, endpoint=None, tls=None, description=None, from_context=None):
        """Create a context as `docker context create` does: from endpoint (metadata
        from docker_endpoint) and its TLS files, or as a copy of from_context (its
        endpoint, TLS files and description unless one is given)."""
        self.validate_name(name)
        if self.exists(name):
            raise InvalidArgument('context "%s" already exists' % name)
        if from_context is not None:
            self.import_archive(name, self.export(from_context, description=description))
            return self.get(name)
        meta = {"Name": name, "Metadata": {"Description": description} if description else {},
                "Endpoints": {"docker": _context_endpoint_json(endpoint or {})}}
        self.save(meta, {"docker": tls or {}})
        return meta

    def update(self, name, endpoint=None, tls=None, description=None):
        """Change a context's description, and with endpoint its docker endpoint and TLS
        files (replaced by tls), as `docker context update` does."""
        self.validate_name(name)
        meta = self.get(name)
        if description:
            meta["Metadata"] = dict(meta.get("Metadata") or {}, Description=description)
        if endpoint is not None:
            meta["Endpoints"]["docker"] = _context_endpoint_json(endpoint)
        self.save(meta, {"docker": tls or {}} if endpoint is not None else None)
        return meta

    def remove(self, name):
        """Delete a context's metadata and TLS files (nothing to do when it has none)."""
        import shutil
        if name == "default":
            raise InvalidArgument("default context cannot be removed")
        for path in self.storage(name):
            shutil.rmtree(path, ignore_errors=True)

    def export(self, name, description=None, meta=None, tls=None):
        """A context as docker's export archive (bytes of a tar: meta.json, tls/ENDPOINT/
        FILE).  meta and tls ({endpoint: {file: bytes}}) stand in for a context that is
        not stored, such as "default"; description replaces the stored one."""
        import io
        import tarfile
        if meta is None:
            meta = self.get(name)
            tls = {ep: self.tls_data(name, ep) for ep in self.tls_files(name)}
        meta = dict(meta)
        if description:
            meta["Metadata"] = dict(meta.get("Metadata") or {}, Description=description)
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            def add(path, data=None, mode=0o600):
                info = tarfile.TarInfo(path)
                info.mode = mode
                if data is None:
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                else:
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            add("meta.json", _context_json(meta), 0o644)
            add("tls", mode=0o700)
            for ep in sorted(tls or {}):
                add("tls/" + ep, mode=0o700)
                for fname in sorted(tls[ep]):
                    add("tls/%s/%s" % (ep, fname), tls[ep][fname])
        return buf.getvalue()

    def import_archive(self, name, source):
        """Store an exported context under name, replacing its TLS files.  source: the
        archive (tar or zip, as docker reads either) as bytes, a binary file object or a
        path."""
        import io
        self.validate_name(name)
        if isinstance(source, str):
            try:
                with open(source, "rb") as f:
                    data = f.read(_CONTEXT_IMPORT_LIMIT + 1)
            except OSError as e:
                raise DockerException(go_path_error("open", source, e))
        elif hasattr(source, "read"):
            data = source.read(_CONTEXT_IMPORT_LIMIT + 1)
        else:
            data = source
        if len(data) > _CONTEXT_IMPORT_LIMIT:
            raise InvalidArgument("context archive is larger than %d bytes"
                                  % _CONTEXT_IMPORT_LIMIT)
        members = []
        if data[:4] == b"PK\x03\x04":
            import zipfile
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    for info in z.infolist():
                        mode = (info.external_attr >> 16) & 0o170000
                        if not info.filename.endswith("/") and mode in (0, stat.S_IFREG):
                            members.append((info.filename, z.read(info)))
            except (zipfile.BadZipFile, OSError, ValueError) as e:
                raise InvalidArgument("zip: %s" % e)
        else:
            import tarfile
            try:
                with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
                    while True:
                        try:
                            info = tar.next()
                        except tarfile.ReadError:
                            if not members:
                                raise
                            # docker's own exports end without the closing blocks (its
                            # writer closes the pipe before the tar): the end, as for docker
                            break
                        if info is None:
                            break
                        if info.isreg():
                            members.append((info.name, tar.extractfile(info).read()))
            except tarfile.TarError as e:
                text = str(e)
                if text != "empty file":    # empty: no metadata, said below
                    raise InvalidArgument("unexpected EOF" if "truncated" in text or
                                          "unexpected end" in text else "archive/tar: " + text)
        meta, tls = None, {}
        import posixpath
        for path, body in members:
            if path != "meta.json" and not path.startswith("tls/"):
                raise InvalidArgument("%s: unexpected context file" % path)
            if posixpath.normpath(path) != path:
                raise InvalidArgument("%s: unexpected path format" % path)
            if "\\" in path:
                raise InvalidArgument("%s: unexpected '\\' in path" % path)
            if path == "meta.json":
                try:
                    meta = json.loads(body.decode("utf-8"))
                    if not isinstance(meta, dict):
                        raise ValueError("not a JSON object")
                except ValueError as e:
                    raise InvalidArgument("meta.json: %s" % e)
                meta["Name"] = name
                self.save(meta)
            else:
                parts = path[4:].split("/", 1)
                if len(parts) != 2:
                    raise InvalidArgument("archive format is invalid")
                tls.setdefault(parts[0], {})[parts[1]] = body
        if meta is None:
            raise InvalidArgument("invalid context: no metadata found")
        import shutil
        shutil.rmtree(self.storage(name)[1], ignore_errors=True)
        self.save(meta, tls)

    def current(self, host=None, context=None):
        """The name of the context in use, chosen as the docker CLI chooses it: context
        (--context), "default" for host (--host) or DOCKER_HOST, then DOCKER_CONTEXT,
        then config.json's currentContext, then "default".  Not checked to exist."""
        if context:
            return context
        if host or self.environ.get("DOCKER_HOST"):
            return "default"
        return self.environ.get("DOCKER_CONTEXT") or \
            load_config(self.cfg_dir).get("currentContext") or "default"

    def use(self, name):
        """Make name the current context in config.json ("default" clears it)."""
        if name != "default":
            self.validate_name(name)
            self.get(name)
        cfg = load_config(self.cfg_dir)
        value = "" if name == "default" else name
        if (cfg.get("currentContext") or "") != value:
            if value:
                cfg["currentContext"] = value
            else:
                cfg.pop("currentContext", None)
            _save_config(self.cfg_dir, cfg)


def _check_context_tls(files, cert, key):
    """What docker checks of a TCP context's TLS files when it is made: a CA that parses,
    and a key pair that matches."""
    import ssl
    prefix = "invalid docker endpoint options: "
    if "ca.pem" in files:
        try:
            ssl.create_default_context(cadata=files["ca.pem"].decode("latin-1"))
        except (ssl.SSLError, ValueError):
            raise InvalidArgument(prefix + "failed to retrieve context tls info: ca.pem seems "
                                  "invalid")
    if "cert.pem" in files and "key.pem" in files:
        blocks = re.findall(rb"-----BEGIN ([A-Z0-9 ]+)-----", files["key.pem"])
        if not blocks:
            raise InvalidArgument(prefix + "no valid private key found")
        if not any(b.endswith(b"PRIVATE KEY") for b in blocks):
            raise InvalidArgument(prefix + "failed to retrieve context tls info: tls: found a "
                                  "certificate rather than a key in the PEM for the private key"
                                  if b"CERTIFICATE" in blocks else "tls: failed to find any "
                                  "PEM data in key input")
        try:
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_cert_chain(cert, key)
        except ssl.SSLError as e:
            reason = "tls: private key does not match public key" \
                if "KEY_VALUES_MISMATCH" in str(e) else str(e)
            raise InvalidArgument(prefix + "failed to retrieve context tls info: " + reason)


def _context_json(meta):
    """meta.json's bytes as docker's json.Marshal writes them: Name, Metadata, Endpoints
    in that order (each left out when absent), the maps inside with sorted keys."""
    parts = ['"%s":%s' % (k, go_json(meta[k], sort_keys=True))
             for k in ("Name", "Metadata", "Endpoints") if meta.get(k) not in (None, "")]
    return ("{%s}" % ",".join(parts)).encode("utf-8")


def _context_endpoint_json(ep):
    """A docker endpoint as docker's EndpointMeta writes it: Host left out when empty."""
    out = {"Host": ep["Host"]} if ep.get("Host") else {}
    out["SkipTLSVerify"] = bool(ep.get("SkipTLSVerify"))
    return out


def load_context(name, cfg_dir):
    """A context's docker endpoint: (host, TLSConfig or None).  Raises ContextNotFound."""
    store = ContextStore(cfg_dir)
    meta = store.get(name)
    ep = meta["Endpoints"].get("docker")
    if ep is None:
        raise DockerException("cannot find docker endpoint in context %s" % go_quote(name))
    try:
        ep = as_go_type(ep, "context.EndpointMetaBase")
    except ProtocolError as e:
        raise DockerException('context "%s": parsing %s: %s' % (
            name, os.path.join(store.storage(name)[0], "meta.json"), e))
    host = ep["Host"]
    skip_verify = ep["SkipTLSVerify"]
    tls_dir = os.path.join(store.storage(name)[1], "docker")
    tls = None
    if os.path.isdir(tls_dir) or skip_verify:
        tls = TLSConfig.from_dir(tls_dir, verify=not skip_verify)
    return host, tls


def _default_socket_candidates(environ):
    """Where other Docker-compatible daemons put their socket, in the order tried."""
    home = environ.get("HOME") or os.path.expanduser("~")
    run = environ.get("XDG_RUNTIME_DIR") or "/run/user/%d" % os.getuid()
    paths = [
        os.path.join(run, "docker.sock"),                              # rootless dockerd
        os.path.join(home, ".docker", "run", "docker.sock"),           # Docker Desktop
        os.path.join(home, ".colima", "default", "docker.sock"),       # Colima (old)
        os.path.join(home, ".config", "colima", "default", "docker.sock"),
        os.path.join(home, ".orbstack", "run", "docker.sock"),         # OrbStack
        "/run/podman/podman.sock",                                     # Podman, rootful
        os.path.join(run, "podman", "podman.sock"),                    # Podman, rootless
    ]
    seen = {DEFAULT_UNIX_SOCKET}
    return tuple(p for p in paths if not (p in seen or seen.add(p)))


def resolve_endpoint(host=None, context=None, environ=None, tls=None, cfg_dir=None):
    """Choose the daemon like the docker CLI: --context, then --host, then DOCKER_HOST,
    then DOCKER_CONTEXT, then config.json's currentContext, then the default socket.

    tls: None (from DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH), False (never),
    True (from the environment, forced on), or a TLSConfig.
    """
    environ = os.environ if environ is None else environ
    if host and context:
        raise InvalidArgument("conflicting options: cannot specify both --host and --context")
    cfg_dir = cfg_dir or config_dir(environ)
    source, ctx_tls = None, None
    if context is None and not host:
        if environ.get("DOCKER_HOST"):
            host, source = environ["DOCKER_HOST"], "DOCKER_HOST"
        else:
            context = environ.get("DOCKER_CONTEXT") or None
            if context:
                source = "DOCKER_CONTEXT"
            else:
                context = _config(cfg_dir).get("currentContext") or None
                if context:
                    source = "currentContext in %s" % os.path.join(cfg_dir, "config.json")
    elif host:
        source = "--host"
    if context and context != "default":
        host, ctx_tls = load_context(context, cfg_dir)
        source = 'context "%s" (%s)' % (context, source or "--context")
    elif context == "default" and environ.get("DOCKER_HOST"):
        host, source = environ["DOCKER_HOST"], "DOCKER_HOST"

    if isinstance(tls, TLSConfig):
        tls_cfg = tls
    elif ctx_tls is not None and tls is None:
        tls_cfg = ctx_tls
    elif tls is False:
        tls_cfg = None
    else:
        verify = bool(environ.get("DOCKER_TLS_VERIFY"))
        if tls or verify or environ.get("DOCKER_TLS"):
            cert_path = environ.get("DOCKER_CERT_PATH") or cfg_dir
            tls_cfg = TLSConfig.from_dir(cert_path, verify=verify)
        else:
            tls_cfg = None

    scheme, address, base_path = parse_host(host, tls=tls_cfg is not None)
    if scheme == "tcp" and address[0] and host and host.lower().startswith("https://") \
            and tls_cfg is None:
        tls_cfg = TLSConfig(verify=True)
    candidates = ()
    if not host:
        source = source or "default"
        if scheme == "unix":
            candidates = _default_socket_candidates(environ)
    return Endpoint(scheme, address, base_path, tls_cfg if scheme == "tcp" else None,
                    source or "default", context or "default", candidates)


# ==== Registry auth =============================================================
#
# config.json's credentials as the docker CLI reads and writes them
# (cli/config/configfile, cli/config/credentials) and the credential-helper protocol
# (docker/docker-credential-helpers client/client.go).

INDEX_SERVER = "https://index.docker.io/v1/"  # Docker Hub's key in config.json
_HUB_NAMES = ("docker.io", "index.docker.io")  # registry names that mean Docker Hub
_TOKEN_USERNAME = "<token>"  # a helper's Username saying Secret is an identity token
_NOT_FOUND = "credentials not found in native keychain"
_HELPER_MESSAGES = ("no credentials server URL", "no credentials username")
_SECRET_KEYS = ("password", "identitytoken", "registrytoken", "auth")


class AuthConfig(dict):
    """Credentials for one registry, as X-Registry-Auth carries them: `username`,
    `password` and `serveraddress`, or `identitytoken` and `serveraddress`.  A plain dict
    (json.dumps takes it) whose repr hides the secrets."""

    def __repr__(self):
        shown = dict((k, "***" if k in _SECRET_KEYS and v else v) for k, v in self.items())
        return "AuthConfig(%r)" % (shown,)

    __str__ = __repr__


def _hostname(url):
    """The CLI's ConvertToHostname: drop an http(s):// scheme and any path."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("http", "https"):
        url = rest
    return url.split("/", 1)[0]


def registry_key(registry):
    """config.json's key for a registry as `docker login` names it (a host, host:port or
    URL): INDEX_SERVER for Docker Hub, else host[:port] ("https://h:5000/v2/" -> "h:5000")."""
    host = _hostname(registry)
    return INDEX_SERVER if host in _HUB_NAMES else host


def registry_of(image):
    """The config.json key of the registry an image reference lives on.

    The first path component is a registry when it has a `.` or `:`, is `localhost`, or
    has capitals (which repositories cannot); anything else is on Docker Hub:
    "busybox" -> INDEX_SERVER, "127.0.0.1:5000/x" -> "127.0.0.1:5000".
    """
    first, sep, _ = image.partition("/")
    if sep and (first == "localhost" or "." in first or ":" in first or first.lower() != first):
        return INDEX_SERVER if first in _HUB_NAMES else first
    return INDEX_SERVER


def _helper_for(cfg, key):
    """The credential helper for a key: credHelpers[key] (even "", meaning config.json
    itself), else credsStore; "" for none."""
    helpers = cfg.get("credHelpers")
    if isinstance(helpers, dict) and key in helpers:
        return helpers[key] or ""
    return cfg.get("credsStore") or ""


def _exit_text(code):
    """How Go's exec.ExitError reads: "exit status 1", "signal: killed"."""
    if code >= 0:
        return "exit status %d" % code
    names = {1: "hangup", 2: "interrupt", 6: "aborted", 9: "killed", 11: "segmentation fault",
             13: "broken pipe", 15: "terminated"}
    return "signal: %s" % names.get(-code, "signal %d" % -code)


class _HelperSaid(DockerException):
    """A helper answered with one of the protocol's standard messages (the message)."""


def _run_helper(helper, action, data, environ, verb, secret=None):
    """Run `docker-credential-<helper> <action>` with data on stdin, found on environ's
    PATH and given environ.  Returns stdout; a failure raises DockerException worded like
    the CLI's ("error getting credentials - err: ..., out: `...`"), never with secret."""
    import shutil
    import subprocess
    program = "docker-credential-" + helper
    exe = shutil.which(program, path=environ.get("PATH", ""))
    if exe is None:
        raise DockerException('error %s credentials - err: exec: "%s": executable file not '
                              'found in $PATH, out: ``' % (verb, program))
    try:
        proc = subprocess.run([program, action], executable=exe, input=data,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env=dict(environ))
    except OSError as e:
        raise DockerException('error %s credentials - err: fork/exec %s: %s, out: ``'
                              % (verb, exe, e.strerror))
    if proc.returncode == 0:
        return proc.stdout
    out = proc.stdout.decode("utf-8", "replace").strip(_GO_SPACE)
    if secret:
        for form in _secret_forms(secret, data):
            out = out.replace(form, "***")
    if out in _HELPER_MESSAGES or (action == "get" and out == _NOT_FOUND):
        raise _HelperSaid(out)
    raise DockerException("error %s credentials - err: %s, out: `%s`"
                          % (verb, _exit_text(proc.returncode), out))


def _secret_forms(secret, data):
    """The spellings of a secret a helper could echo back: verbatim, JSON-escaped as
    docksock writes it (Go's escapes) and as json.dumps does, base64 (standard and URL-safe,
    padded or not) of the secret, of "user:secret" (config.json's "auth") and of the
    whole stdin docksock gave the helper.
    Longest first, so a form that contains another is replaced whole."""
    import base64
    texts = {secret, go_json(secret)[1:-1],
             json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    try:
        user = json.loads(data.decode("utf-8")).get("Username") or ""
    except (ValueError, AttributeError):
        user = ""
    for raw in (secret.encode("utf-8"), (user + ":" + secret).encode("utf-8"), data):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(raw).decode("ascii")
            texts.update((text, text.rstrip("=")))
    return sorted((t for t in texts if t), key=len, reverse=True)


def _helper_json(out, helper, action):
    try:
        return json.loads(out.decode("utf-8"))
    except ValueError:  # never quote the output: it may hold a secret
        raise DockerException("docker-credential-%s %s did not print JSON" % (helper, action))


def _helper_get(helper, key, environ):
    try:
        out = _run_helper(helper, "get", key.encode("utf-8"), environ, "getting")
    except _HelperSaid as e:
        if str(e) == _NOT_FOUND:  # "no creds", which is not an error
            return None
        raise DockerException(str(e))
    creds = _helper_json(out, helper, "get")
    if not isinstance(creds, dict):
        raise DockerException("docker-credential-%s get did not print a JSON object" % helper)
    username, secret = creds.get("Username") or "", creds.get("Secret") or ""
    if username == _TOKEN_USERNAME:
        return AuthConfig(identitytoken=secret, serveraddress=key)
    if not username and not secret:
        return None
    return AuthConfig(username=username, password=secret, serveraddress=key)


def _decode_auth(value, key, path):
    """config.json's "auth": standard base64 of "user:password" (the CLI's decodeAuth)."""
    import base64
    import binascii
    problem = 'invalid auth configuration file %s: the "auth" of %r ' % (path, key)
    try:
        text = base64.b64decode(value.replace("\r", "").replace("\n", ""), validate=True)
        text = text.decode("utf-8")
    except (binascii.Error, ValueError, AttributeError):
        raise DockerException(problem + "is not standard base64 of username:password")
    username, sep, password = text.partition(":")
    if not sep or not username:
        raise DockerException(problem + "has an empty username (want base64 of "
                              "username:password)")
    return username, password.strip("\0")


def _file_entry(cfg, key):
    """(config.json key, entry) of auths for key: the exact key first, else one that names
    the same registry (https://127.0.0.1:5000/v2/, or docker.io for Docker Hub)."""
    auths = cfg.get("auths")
    if not isinstance(auths, dict):
        return None, None
    if isinstance(auths.get(key), dict):
        return key, auths[key]
    for k, entry in auths.items():
        if isinstance(entry, dict) and registry_key(k) == key:
            return k, entry
    return None, None


def _file_auth(k, entry, cfg_path):
    """An auths entry as AuthConfig (serveraddress: its key, as the CLI has it), or None
    when it holds no credentials."""
    username = entry.get("username") or ""
    password = entry.get("password") or ""
    if entry.get("auth"):
        username, password = _decode_auth(entry["auth"], k, cfg_path)
    token = entry.get("identitytoken") or ""
    registry_token = entry.get("registrytoken") or ""
    if token or registry_token:
        auth = AuthConfig()
        if username:
            auth["username"] = username
        if token:
            auth["identitytoken"] = token
        if registry_token:
            auth["registrytoken"] = registry_token
        auth["serveraddress"] = k
        return auth
    if not username:
        return None
    return AuthConfig(username=username, password=password, serveraddress=k)


def _settings(cfg_dir, environ, config_file=None, write=False):
    """(config dir, environment, config.json): a broken config.json is read as empty,
    and refused when it is to be written (write=True; erasing writes only what it read)."""
    environ = os.environ if environ is None else environ
    cfg_dir = config_dir(environ) if cfg_dir is None else cfg_dir
    if write:
        return cfg_dir, environ, load_config(cfg_dir, config_file)
    return cfg_dir, environ, _config(cfg_dir, config_file)


def resolve_auth(registry, cfg_dir=None, environ=None, config_file=None):
    """The credentials docker would use for a registry (a config.json key, a hostname, a
    URL, or "docker.io"), as an AuthConfig, or None when there are none.

    Looked up like the CLI: credHelpers[registry], else credsStore, runs that helper
    (`docker-credential-NAME get`); else config.json's auths.  environ (default os.environ)
    gives DOCKER_CONFIG/HOME when cfg_dir is None, and the helper's PATH and environment.
    config_file reads that file instead of cfg_dir's config.json.
    """
    cfg_dir, environ, cfg = _settings(cfg_dir, environ, config_file)
    key = registry_key(registry)
    helper = _helper_for(cfg, key)
    if helper:
        return _helper_get(helper, key, environ)
    k, entry = _file_entry(cfg, key)
    if entry is None:
        return None
    return _file_auth(k, entry, config_file or os.path.join(cfg_dir, "config.json"))



def store_auth(registry, username, password=None, identitytoken=None, cfg_dir=None,
               environ=None):
    """Save credentials as `docker login` does; returns the config.json key used.

    With a helper for the registry (credHelpers, else credsStore) they go to
    `docker-credential-NAME store` and config.json keeps an empty entry; otherwise
    config.json's auths[key] becomes {"auth": base64("username:password")} (plus
    "identitytoken").  Other keys and entries are kept; see _save_config for the file.
    """
    if not password and not identitytoken:
        raise InvalidArgument("store_auth needs a password or an identitytoken")
    if not username and not identitytoken:
        raise InvalidArgument("store_auth needs a username")
    import base64
    cfg_dir, environ, cfg = _settings(cfg_dir, environ, write=True)
    key = registry_key(registry)
    helper = _helper_for(cfg, key)
    if helper:
        secret = identitytoken or password
        creds = {"ServerURL": key, "Username": _TOKEN_USERNAME if identitytoken else username,
                 "Secret": secret}
        try:
            # As Go's json.Encoder writes it: "<token>" is "\u003ctoken\u003e".
            _run_helper(helper, "store", go_json(creds).encode("utf-8") + b"\n", environ,
                        "storing", secret)
        except _HelperSaid as e:
            raise DockerException(str(e))
        entry = {}  # the CLI keeps the registry listed, with no secret in the file
    else:
        entry = {}
        if username or password:
            plain = ("%s:%s" % (username or "", password or "")).encode("utf-8")
            entry["auth"] = base64.b64encode(plain).decode("ascii")
        if identitytoken:
            entry["identitytoken"] = identitytoken
    auths = cfg.get("auths")
    if not isinstance(auths, dict):
        auths = cfg["auths"] = {}
    auths[key] = entry
    _save_config(cfg_dir, cfg)
    return key


def erase_auth(registry, cfg_dir=None, environ=None):
    """Forget a registry's credentials as `docker logout` does: its key and, for a
    registry other than Docker Hub, the host and http(s)://host keys older CLIs wrote, each
    erased from its helper (`erase`) and from config.json.  Raises DockerException only
    when every one of them failed."""
    cfg_dir, environ, cfg = _settings(cfg_dir, environ)
    key = registry_key(registry)
    candidates = [key]
    if key != INDEX_SERVER:
        candidates += ["http://" + key, "https://" + key]
    failures = []
    erased = []
    for candidate in candidates:
        helper = _helper_for(cfg, candidate)
        if helper:
            try:
                _run_helper(helper, "erase", candidate.encode("utf-8"), environ, "erasing")
            except DockerException as e:
                failures.append("%s: %s" % (candidate, e))
                continue
        erased.append(candidate)
    auths = cfg.get("auths")
    if isinstance(auths, dict) and any(k in auths for k in erased):
        for k in erased:
            auths.pop(k, None)
        _save_config(cfg_dir, cfg)
    if len(failures) == len(candidates):
        raise DockerException("could not erase credentials: " + "; ".join(failures))


def _helper_list(helper, environ):
    try:
        out = _run_helper(helper, "list", b"unused", environ, "listing")
    except _HelperSaid as e:
        raise DockerException(str(e))
    listed = _helper_json(out, helper, "list")
    if not isinstance(listed, dict):
        raise DockerException("docker-credential-%s list did not print a JSON object" % helper)
    return listed


def _all_credentials(cfg_path, environ, cfg):
    """The CLI's GetAllCredentials: {key: AuthConfig} from credsStore (`list`, then `get`
    each) or else from auths, then overridden by every credHelpers registry whose helper
    answers (one that fails is skipped, as the CLI only warns)."""
    found = {}
    store = cfg.get("credsStore")
    if store:
        for url in _helper_list(store, environ):
            found[url] = _helper_get(store, url, environ) or AuthConfig()
    else:
        auths = cfg.get("auths")
        for k, entry in (auths.items() if isinstance(auths, dict) else ()):
            if isinstance(entry, dict):
                found[k] = _file_auth(k, entry, cfg_path) or AuthConfig(serveraddress=k)
    helpers = cfg.get("credHelpers")
    for host in (helpers if isinstance(helpers, dict) else ()):
        helper = _helper_for(cfg, host)
        try:
            if helper:
                auth = _helper_get(helper, host, environ) or AuthConfig()
            else:
                k, entry = _file_entry(cfg, host)
                auth = (_file_auth(k, entry, cfg_path) if entry else None) \
                    or AuthConfig(serveraddress=host)
        except DockerException:
            continue
        found[host] = auth
    return found


def registry_config_header(cfg_dir=None, environ=None, config_file=None):
    """X-Registry-Config for POST /build: padded base64url of the JSON map
    {serveraddress: credentials} of every registry docker knows credentials for ("e30="
    when none).  As with `docker build`, a credsStore helper that fails (missing, or its
    `list` or a `get` failing) leaves the map empty rather than failing the build.
    cfg_dir, environ and config_file as for resolve_auth."""
    import base64
    cfg_dir, environ, cfg = _settings(cfg_dir, environ, config_file)
    try:
        found = _all_credentials(config_file or os.path.join(cfg_dir, "config.json"),
                                 environ, cfg)
    except DockerException:
        found = {}
    payload = _json_dumps(dict((k, dict(found[k])) for k in sorted(found)))
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii")


def registry_auth_header(auth_config):
    """X-Registry-Auth: padded base64url of the credentials' JSON ("e30=", {}, for none)."""
    import base64
    payload = _json_dumps(auth_config or {}).encode("utf-8")
    return base64.urlsafe_b64encode(payload).decode("ascii")


# ==== Transports ================================================================
# http.client connections over each kind of endpoint, and nothing else.

class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP/1.1 over a Unix socket."""

    def __init__(self, path, timeout=None):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self):
        # A Unix socket whose listen backlog is full answers EAGAIN at once when the
        # socket has a timeout (Python connects it non-blocking): wait and try again,
        # within the timeout, as a blocking connect would have waited.
        deadline = time.time() + (self.timeout if self.timeout is not None else 30)
        delay = 0.005
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(self.timeout)
                sock.connect(self.socket_path)
            except BlockingIOError:
                sock.close()
                if time.time() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
                continue
            except BaseException:
                sock.close()
                raise
            self.sock = sock
            return


class SSHHTTPConnection(http.client.HTTPConnection):
    """HTTP/1.1 through `ssh ... docker system dial-stdio`, as the docker CLI connects.

    The ssh process's stdin and stdout are one end of a socketpair, so the connection
    has a real socket (timeouts, half-close) and lives as long as the ssh process:
    kept alive, it carries every request of its client.
    """

    def __init__(self, dest, timeout=None, ssh_options=()):
        super().__init__("localhost", timeout=timeout)
        self.dest = dest
        self.ssh_options = tuple(ssh_options)
        self.process = None

    def ssh_command(self):
        d = self.dest
        cmd = ["ssh", "-o", "ConnectTimeout=30", "-T"] + list(self.ssh_options)
        if d["user"]:
            cmd += ["-l", d["user"]]
        if d["port"]:
            cmd += ["-p", str(d["port"])]
        cmd += ["--", d["host"], "docker"]
        if d["path"]:
            cmd.append("--host=unix://" + d["path"])
        return cmd + ["system", "dial-stdio"]

    def connect(self):
        import subprocess
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(self.ssh_command(), stdin=theirs, stdout=theirs,
                                            stderr=subprocess.PIPE, start_new_session=True)
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.settimeout(self.timeout)
        self.sock = ours

    def close(self):
        super().close()
        proc, self.process = self.process, None
        if proc is None:
            return
        try:
            status = proc.wait(0.05)   # http.client closes us when ssh has just died
        except Exception:
            status = None
        if status is None:
            proc.terminate()
            try:
                proc.wait(5)
            except Exception:
                proc.kill()
                proc.wait()
        elif status != 0:
            self._failure = self._describe(proc, status)
        proc.stderr.close()

    _failure = ""

    def _describe(self, proc, status):
        stderr = proc.stderr.read().decode("utf-8", "replace").strip()
        return ("command [%s] has exited with exit status %d, make sure the URL is valid, and "
                "Docker 18.09 or later is installed on the remote host: stderr=%s"
                % (" ".join(self.ssh_command()), status, stderr))

    def ssh_failure(self):
        """The docker CLI's words for an ssh process that failed, or "" while it runs."""
        proc = self.process
        if proc is None:
            return self._failure
        try:
            status = proc.wait(2)   # its end of the socket just closed: it is exiting
        except Exception:
            return ""
        return self._describe(proc, status) if status else ""


def _connection_factory(endpoint, socket_path, ssh_options):
    """A function making a new, unconnected http.client connection to the endpoint."""
    if endpoint.scheme == "unix":
        return lambda timeout: UnixHTTPConnection(socket_path, timeout)
    if endpoint.scheme == "tcp":
        host, port = endpoint.address
        if endpoint.tls is None:
            return lambda timeout: http.client.HTTPConnection(host, port, timeout=timeout)
        ctx = endpoint.tls.ssl_context()
        return lambda timeout: http.client.HTTPSConnection(host, port, timeout=timeout,
                                                           context=ctx)
    return lambda timeout: SSHHTTPConnection(endpoint.address, timeout, ssh_options)


# ==== Socket diagnostics ========================================================
# What stands at a socket path and why a connection to it failed, in words: for error
# messages and `docksock doctor`.  Opens nothing but the probe's own socket.

def _os_reason(e):
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower() if e.errno else e.strerror
    return str(e) or type(e).__name__


def probe_socket(path, timeout=2):
    """Connect to a Unix socket and hang up at once: None when something accepted the
    connection, else (errno, why in words), e.g. (errno.EACCES, "permission denied")."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(path)
        return None
    except OSError as e:
        return e.errno, _os_reason(e)
    finally:
        sock.close()


def _socket_answers(path):
    return probe_socket(path) is None


def socket_report(path):
    """What is at a socket path, for error messages and `docksock doctor`: a dict with
    path, exists, kind ("socket", "regular file", "directory", ...), mode (ls-style),
    owner, group, and error (why it could not be looked at).  Opens nothing."""
    import grp
    import pwd
    report = {"path": path, "exists": False, "kind": None, "mode": None, "owner": None,
              "group": None, "error": None}
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return report
    except OSError as e:
        report["error"] = _os_reason(e)
        return report
    report["exists"] = True
    report["kind"] = "socket" if stat.S_ISSOCK(st.st_mode) else \
        "directory" if stat.S_ISDIR(st.st_mode) else \
        "regular file" if stat.S_ISREG(st.st_mode) else "special file"
    report["mode"] = stat.filemode(st.st_mode)
    try:
        report["owner"] = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        report["owner"] = str(st.st_uid)
    try:
        report["group"] = grp.getgrgid(st.st_gid).gr_name
    except KeyError:
        report["group"] = str(st.st_gid)
    return report


def _socket_cause(path, e):
    """Why connecting to a Unix socket failed, in words, from a stat after the fact."""
    r = socket_report(path)
    if r["error"]:
        return "%s: %s" % (r["error"], path)
    if not r["exists"]:
        return "no such file or directory: %s" % path
    if r["kind"] != "socket":
        return "%s is not a socket (it is a %s)" % (path, r["kind"])
    if getattr(e, "errno", None) == errno.ECONNREFUSED:
        return "connection refused: nothing is listening on %s" % path
    return "%s: %s" % (_os_reason(e), path)


def _permission_hint(path):
    r = socket_report(path)
    if not r["exists"]:
        return "  (cannot stat %s: %s)" % (path, r["error"] or "no such file")
    return ("  the socket is %s, owned by %s:%s; this process runs as uid %d.\n"
            "  fix: add the user to the '%s' group (then log in again), run as root, or "
            "point DOCKER_HOST at a socket you may open"
            % (r["mode"], r["owner"], r["group"], os.getuid(), r["group"]))


# ==== Wire encoding and decoding ================================================
# Pure functions over bytes and binary reads: path quoting, query encoding, error
# bodies, multiplexed frames, JSON message streams.

def quote_path_part(part, what="path part"):
    """Quote one path segment so that no value can escape it ('/', '?', '#', '%', '..')."""
    if not isinstance(part, str):
        if isinstance(part, int) and not isinstance(part, bool):
            part = str(part)
        else:
            raise InvalidArgument("%s must be a string, got %r" % (what, part))
    if not part:
        raise InvalidArgument("%s must not be empty" % what)
    if part in (".", ".."):
        return part.replace(".", "%2E")
    return urllib.parse.quote(part, safe="", errors="surrogatepass")


def _query_value(value):
    if value is True:
        return "1"
    if value is False:
        return "0"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def encode_query(params):
    """Encode query parameters the Engine's way: booleans as 1/0, dicts and lists as JSON,
    None dropped.  params is a dict, or a list of (key, value) pairs for repeated keys."""
    if not params:
        return ""
    items = params.items() if isinstance(params, dict) else params
    return urllib.parse.urlencode(
        [(k, _query_value(v)) for k, v in items if v is not None], quote_via=urllib.parse.quote)


def _error_message(status, reason, content_type, body, url):
    """The daemon's error message from an error response, verbatim where there is one."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return ("request returned %d %s for API route and version %s, check if the server "
                "supports the requested API version" % (status, reason, url))
    if "json" in (content_type or "") or text.startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return text
        if isinstance(data, dict):
            msg = data.get("message")
            if isinstance(msg, str) and msg.strip():
                # trimmed as the Go client trims it (28.5's swarm leave ends it with a space)
                return msg.strip()
            # Podman puts its text in "cause" and "response"; say what we got otherwise.
            for key in ("cause", "error"):
                if isinstance(data.get(key), str) and data[key]:
                    return data[key]
        return text
    return text


# ---- multiplexed stdout/stderr frames (attach, exec, logs without a TTY) ----

STDIN, STDOUT, STDERR, SYSTEMERR = 0, 1, 2, 3
_FRAME_HEADER = struct.Struct(">BxxxL")   # stream id, 3 zero bytes, big-endian length
_SYSTEMERR_LIMIT = 1 << 20                # a system-error frame is a message, not data


def iter_frames(read, size=65536):
    """Decode the Engine's multiplexed stream into (stream_id, bytes) pieces.

    read(n) returns up to n bytes, b'' at the end (a Response's read1, a socket's recv).
    Frames may be split across reads and a read may hold many frames; a large frame is
    yielded in pieces as it arrives, so memory stays flat.  Stream 3 (the daemon's
    system error) raises StreamError with its text; an unknown stream id, or an end in
    the middle of a frame, raises StreamParseError.  Empty frames are skipped.
    """
    buf, pos = b"", 0
    while True:
        while len(buf) - pos < 8:
            data = read(size)
            if not data:
                if len(buf) > pos:
                    raise StreamParseError("the stream ended in the middle of a frame header "
                                           "(%d of 8 bytes)" % (len(buf) - pos))
                return
            buf, pos = buf[pos:] + data, 0
        stream, length = _FRAME_HEADER.unpack_from(buf, pos)
        if stream > SYSTEMERR:
            raise StreamParseError("unrecognized stream: %d (frame header %r)"
                                   % (stream, buf[pos:pos + 8]))
        pos += 8
        if stream == SYSTEMERR:
            if length > _SYSTEMERR_LIMIT:
                raise StreamParseError("system-error frame of %d bytes: too large" % length)
            while len(buf) - pos < length:
                data = read(size)
                if not data:
                    break
                buf, pos = buf[pos:] + data, 0
            text = buf[pos:pos + length].decode("utf-8", "replace").strip()
            raise StreamError("error from daemon in stream: %s" % text)
        remaining = length
        while remaining:
            if pos == len(buf):
                buf, pos = read(min(size, remaining) if remaining < size else size), 0
                if not buf:
                    raise StreamParseError("the stream ended in the middle of a frame (%d of %d "
                                           "bytes of stream %d)" % (length - remaining, length,
                                                                    stream))
            take = min(len(buf) - pos, remaining)
            yield stream, buf[pos:pos + take]
            pos += take
            remaining -= take


def demux_frames(frames):
    """(stdout, stderr) bytes from (stream_id, bytes) pieces; stdin echoes go to stdout."""
    out, err = [], []
    for stream, data in frames:
        (err if stream == STDERR else out).append(data)
    return b"".join(out), b"".join(err)


def _raw_pieces(read, size=65536):
    """A TTY stream, which has no frames: everything is stdout, as it comes."""
    while True:
        data = read(size)
        if not data:
            return
        yield STDOUT, data


# ---- JSON message streams (pull, push, build, load, events, stats) ----

# One value of a JSON stream is a progress line, an event or a stats sample: a few KiB.
# A daemon that never ends a value must not make the reader buffer without limit.
_MAX_JSON_VALUE = 16 << 20


def iter_json(read, size=65536, max_value=_MAX_JSON_VALUE):
    """Decode a stream of JSON values into Python objects, as they arrive.

    Values may be separated by any whitespace (progress streams use \r\n, events and
    stats \n) or by json-seq's record separator 0x1E, split anywhere across reads, and
    even span lines (pretty-printed).  Bytes are decoded at each newline; a value that
    spans lines is kept aside, its brackets counted as its lines come, and decoded once
    when they close, so time is linear in the stream's size.  Invalid UTF-8 or JSON
    raises StreamParseError naming the offending text; a value (or a line) longer than
    max_value bytes raises StreamParseError naming the limit.
    """
    decoder = _go_json_decoder()
    pending = []          # what came since the last newline
    pending_size = 0
    carry = []            # the lines of a value that continues on the next line
    carry_size = depth = 0
    final = False
    while not final:
        data = read(size)
        final = not data
        last = len(data) - 1 if final else data.rfind(b"\n")
        pending_size += len(data) if last < 0 else last + 1
        if pending_size + carry_size > max_value:
            raise StreamParseError("a value in a JSON stream is larger than the %d-byte "
                                   "limit (max_value)" % max_value)
        if last < 0 and not final:
            pending.append(data)
            continue
        pending.append(data[:last + 1])
        chunk = b"".join(pending)
        pending = [data[last + 1:]]
        pending_size = len(pending[0])
        text, error = _utf8_lines(chunk)
        if carry:
            closed, depth = _json_brackets(text, depth)
            if not closed and error is None and not final:
                carry.append(text)          # still open: nothing to decode yet
                carry_size += len(chunk)
                continue
            text = "".join(carry) + text
            carry, carry_size = [], 0
        values, rest, error = _decode_lines(decoder, text, error, final)
        for value in values:
            yield value
        if error is not None:
            raise error
        if rest:
            carry, carry_size = [rest], len(rest)
            depth = _json_brackets(rest, 0)[1]


def _utf8_lines(chunk):
    """(text, error): chunk decoded, or up to the line before invalid UTF-8 and the
    StreamParseError to raise once the values before it have been delivered."""
    try:
        return chunk.decode("utf-8"), None
    except UnicodeDecodeError as e:
        error = StreamParseError("invalid UTF-8 in a JSON stream at byte %d: %r"
                                 % (e.start, chunk[max(0, e.start - 20):e.start + 20]))
        return chunk[:chunk.rfind(b"\n", 0, e.start) + 1].decode("utf-8"), error


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_brackets(text, depth):
    """(whether the value open depth brackets deep closes in text, the depth after text)."""
    for m in _JSON_TOKENS.finditer(text):
        c = m.group()
        if c[0] != '"':
            depth += 1 if c in "[{" else -1
            if depth <= 0:
                return True, depth
    return False, depth


def _decode_lines(decoder, text, error, final=False):
    """(values, rest, error): every JSON value in text (whole lines), the text of a
    value still incomplete at its end (which is an error when final), and the
    StreamParseError to raise once the values before it have been delivered."""
    values = []
    text = text.replace("\x1e", " ")
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos] in " \t\r\n":
            pos += 1
        if pos == end:
            return values, "", error
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError) as e:
            if not final and error is None and getattr(e, "pos", -1) >= len(text.rstrip()):
                return values, text[pos:], None     # continues on the next line
            return values, "", error or StreamParseError(
                "invalid JSON in a stream: %s: %r" % (e, text[pos:pos + 80]))
        values.append(value)


def check_message(msg):
    """Raise StreamError for a JSON message that reports a failure (errorDetail/error);
    return the message otherwise."""
    if isinstance(msg, dict) and (msg.get("errorDetail") or msg.get("error")):
        detail = msg.get("errorDetail") or {}
        text = detail.get("message") if isinstance(detail, dict) else None
        raise StreamError(text or str(msg.get("error")),
                          detail.get("code") if isinstance(detail, dict) else None, msg)
    return msg


# ---- times: since/until for logs and events ----

_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "\u00b5s": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0,
                   "h": 3600.0}


def parse_duration(text):
    """A Go duration ("10m", "1h30m", "1.5s", "300ms") in seconds, or None if it is not one."""
    parts = re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|ms|s|m|h)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * _DURATION_UNITS[u] for n, u in parts)


def to_timestamp(value, now=None):
    """since/until as the Engine takes them, converted as the docker CLI converts them.

    datetime (naive means local time) -> unix seconds; int/float -> as is; a Go duration
    ("10m") -> now minus it, in whole seconds; an RFC 3339 time or a date -> "%d.%09d";
    a unix timestamp string ("1700000000.5") passes through.  Anything else raises
    InvalidArgument naming the value.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidArgument("invalid time value: %r" % (value,))
    if isinstance(value, (int, float)):
        return value
    import datetime
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if not isinstance(value, str):
        raise InvalidArgument("invalid time value: %r" % (value,))
    seconds = parse_duration(value)
    if seconds is not None:
        return int((time.time() if now is None else now) - seconds)
    if re.match(r"^-?\d+(\.\d{1,9})?$", value):
        return value
    parsed = parse_rfc3339(value)
    if parsed is None:
        raise InvalidArgument("invalid time value %r: expected a duration (10m), RFC 3339 time, "
                              "date or unix timestamp" % value)
    dt, nanoseconds = parsed
    return "%d.%09d" % (int(dt.timestamp()), nanoseconds)   # naive: local time, as the CLI


# ---- docker-py's stream helpers (docksock.utils.socket, docksock.utils.json_stream) ----
# For code written against docker-py's helpers: they read any socket-like object (recv,
# read1 or read: a socket, an AttachSocket, a response) or a file descriptor.

_NPIPE_ENDED = 109   # Windows' ERROR_BROKEN_PIPE, docker-py's end of a named pipe


class _SocketError(DockerException):
    """docker.utils.socket.SocketError: a stream ended in the middle of a frame."""


def _socket_read(socket, n=4096):
    """Up to n bytes from socket as soon as some arrive; b"" at the end."""
    if isinstance(socket, int):
        return os.read(socket, n)
    for name in ("recv", "read1", "read"):
        read = getattr(socket, name, None)
        if read is not None:
            break
    while True:
        try:
            return read(n)
        except (BlockingIOError, InterruptedError):
            select.select([socket], [], [])   # a non-blocking socket: wait for data


def _read_exactly(socket, n):
    """Exactly n bytes from socket; SocketError when it ends first."""
    data = b""
    while len(data) < n:
        piece = _socket_read(socket, n - len(data))
        if not piece:
            raise _SocketError("Unexpected EOF")
        data += piece
    return data


def _next_frame_header(socket):
    """(stream id, payload length) of the next frame, or (-1, -1) at the end."""
    try:
        return _FRAME_HEADER.unpack(_read_exactly(socket, 8))
    except _SocketError:
        return -1, -1


def _frames_iter_no_tty(socket):
    """(stream id, bytes) pieces of a multiplexed stream until its end."""
    while True:
        stream, remaining = _next_frame_header(socket)
        if stream < 0:
            return
        while remaining > 0:
            data = _socket_read(socket, remaining)
            if not data:
                return
            remaining -= len(data)
            yield stream, data


def _frames_iter_tty(socket):
    """A TTY's output, which has no frames: raw pieces until the end."""
    while True:
        data = _socket_read(socket)
        if not data:
            return
        yield data


def _frames_iter(socket, tty):
    """(stream id, bytes) pieces; a TTY's output is all STDOUT."""
    if tty:
        return ((STDOUT, data) for data in _frames_iter_tty(socket))
    return _frames_iter_no_tty(socket)


def _demux_adaptor(stream_id, data):
    """(data, None) for STDOUT, (None, data) for STDERR."""
    if stream_id == STDOUT:
        return data, None
    if stream_id == STDERR:
        return None, data
    raise ValueError("%s is not a valid stream" % stream_id)


def _consume_socket_output(frames, demux=False):
    """Join what frames gives: bytes pieces, or with demux (stdout, stderr) pairs into
    one (stdout, stderr) pair, None for a stream that sent nothing (docker-py's rule)."""
    if not demux:
        return b"".join(frames)
    out, err = [], []
    for o, e in frames:
        if o is not None:
            out.append(o)
        if e is not None:
            err.append(e)
    return b"".join(out) if out else None, b"".join(err) if err else None


_json_decoder = json.JSONDecoder()


def _stream_as_text(stream):
    """Each piece as str (UTF-8, undecodable bytes replaced)."""
    for data in stream:
        yield data if isinstance(data, str) else data.decode("utf-8", "replace")


def _json_splitter(buffer):
    """(the first JSON value of buffer, the rest after it), or None when it holds no
    whole value yet."""
    buffer = buffer.strip()
    try:
        value, end = _json_decoder.raw_decode(buffer)
    except ValueError:
        return None
    return value, buffer[end:].lstrip()


def _line_splitter(buffer, separator="\n"):
    """(the first line of buffer with its separator, the rest), or None."""
    index = buffer.find(separator)
    if index < 0:
        return None
    return buffer[:index + len(separator)], buffer[index + len(separator):]


def _split_buffer(stream, splitter=None, decoder=None):
    """The items splitter (line_splitter by default) cuts out of the text of stream, as
    they complete; what remains at the end goes through decoder (StreamParseError
    when it cannot)."""
    splitter = splitter or _line_splitter
    buffered = ""
    for data in _stream_as_text(stream):
        buffered += data
        while True:
            cut = splitter(buffered)
            if cut is None:
                break
            item, buffered = cut
            yield item
    if buffered:
        try:
            yield decoder(buffered) if decoder is not None else buffered
        except ValueError as e:
            raise StreamParseError("invalid JSON at the end of a stream: %s: %r"
                                   % (e, buffered[:80]))


def _dp_json_stream(stream):
    """The JSON values of a stream of pieces (bytes or str), however they are split."""
    return _split_buffer(stream, _json_splitter, _json_decoder.decode)


# ==== Engine objects: configuration builders and stats ==========================
# docker-py's keyword arguments -> the Engine's JSON (container, host and service configs,
# docker.types), and the figures `docker stats` shows.  Pure functions.

# ---- stats: the figures `docker stats` shows, computed as the CLI computes them ----

def calculate_stats(stats):
    """CPU %, memory usage/limit/%, network and block I/O and PIDs from one stats sample
    (GET /containers/{id}/stats), with the docker CLI's formulas (cli/command/container/
    stats_helpers.go): CPU % from the delta against precpu_stats, memory less the page
    cache (inactive_file on cgroup v2, total_inactive_file on v1).  A sample of another
    shape raises ProtocolError naming the field."""
    stats = as_go_type(stats, "container.StatsResponse")
    cpu, pre = stats.get("cpu_stats") or {}, stats.get("precpu_stats") or {}
    cpu_delta = (cpu.get("cpu_usage") or {}).get("total_usage", 0) - \
        (pre.get("cpu_usage") or {}).get("total_usage", 0)
    system_delta = (cpu.get("system_cpu_usage") or 0) - (pre.get("system_cpu_usage") or 0)
    online = cpu.get("online_cpus") or len((cpu.get("cpu_usage") or {}).get("percpu_usage")
                                           or ()) or 1
    cpu_percent = cpu_delta / system_delta * online * 100.0 \
        if system_delta > 0 and cpu_delta > 0 else 0.0
    mem = stats.get("memory_stats") or {}
    usage, detail = mem.get("usage") or 0, mem.get("stats") or {}
    if "total_inactive_file" in detail and detail["total_inactive_file"] < usage:
        usage -= detail["total_inactive_file"]
    elif detail.get("inactive_file", usage) < usage:
        usage -= detail["inactive_file"]
    limit = mem.get("limit") or 0
    rx = tx = 0
    for net in (stats.get("networks") or {}).values():
        rx += net.get("rx_bytes", 0)
        tx += net.get("tx_bytes", 0)
    blk_read = blk_write = 0
    for entry in (stats.get("blkio_stats") or {}).get("io_service_bytes_recursive") or ():
        op = (entry.get("op") or "").lower()
        if op == "read":
            blk_read += entry.get("value", 0)
        elif op == "write":
            blk_write += entry.get("value", 0)
    return {"cpu_percent": cpu_percent, "memory_usage": usage, "memory_limit": limit,
            "memory_percent": usage / limit * 100.0 if limit else 0.0,
            "net_rx": rx, "net_tx": tx, "block_read": blk_read, "block_write": blk_write,
            "pids": (stats.get("pids_stats") or {}).get("current", 0)}


# ---- docker-py's conversions: keyword arguments -> the Engine's JSON (docksock.utils) ----

_BYTE_UNITS = {"b": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3, "t": 1024 ** 4}


def parse_bytes(value, what="size"):
    """A size as docker-py and the CLI take it: 512, "512", "512m", "1.5g", "100kb"."""
    if isinstance(value, bool):
        raise InvalidArgument("invalid %s: %r" % (what, value))
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip().lower()
    if text.endswith("b") and len(text) > 1 and text[-2] in _BYTE_UNITS:
        text = text[:-1]
    unit = text[-1:] if text[-1:] in _BYTE_UNITS else "b"
    number = text[:-1] if text[-1:] in _BYTE_UNITS else text
    try:
        return int(float(number) * _BYTE_UNITS[unit])
    except ValueError:
        raise InvalidArgument("invalid %s %r: expected a number with an optional unit "
                              "(b, k, m, g)" % (what, value))


def _version_parts(v):
    try:
        return [int(p) for p in str(v).split(".")]
    except ValueError:
        raise InvalidVersion("invalid version %r: expected numbers separated by dots" % (v,))


def _compare_version(v1, v2):
    """docker.utils.compare_version: 1 when v1 < v2, -1 when v1 > v2, 0 when equal
    ("1.2.0" equals "1.2")."""
    a, b = _version_parts(v1), _version_parts(v2)
    width = max(len(a), len(b))
    a, b = a + [0] * (width - len(a)), b + [0] * (width - len(b))
    return (a < b) - (a > b)


def _version_lt(v1, v2):
    return _compare_version(v1, v2) > 0


def _version_gte(v1, v2):
    return not _version_lt(v1, v2)


def _needs_version(version, minimum, what):
    """Raise InvalidVersion when what needs API minimum and version is older.  A version
    of None (not negotiated yet, or docksock's version-free builders) checks nothing:
    the Engine itself refuses what it does not know."""
    if version is not None and _version_lt(version, minimum):
        raise InvalidVersion("%s is not supported in API versions < %s (this client speaks %s)"
                             % (what, minimum, version))


def _parse_repository_tag(repo_name):
    """docker.utils.parse_repository_tag: (repository, tag or digest or None).  The last
    "@" starts a digest; else the last ":" starts a tag unless a "/" follows it."""
    name, at, digest = repo_name.rpartition("@")
    if at:
        return name, digest
    name, colon, tag = repo_name.rpartition(":")
    if colon and "/" not in tag:
        return name, tag
    return repo_name, None


def _split_command(command):
    """docker.utils.split_command: a command string split as a POSIX shell would
    (shlex); a list (or None) is kept."""
    if command is None or isinstance(command, list):
        return command
    if isinstance(command, str):
        import shlex
        return shlex.split(command)
    return list(command)


def _format_environment(environment):
    """docker.utils.format_environment: {"K": "v", "F": None} -> ["K=v", "F"] (bytes
    values decoded); a list is kept."""
    if not isinstance(environment, dict):
        return list(environment)

    def entry(key, value):
        if value is None:
            return key
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        return "%s=%s" % (key, value)
    return [entry(k, v) for k, v in environment.items()]


def _format_extra_hosts(extra_hosts, task=False):
    """docker.utils.format_extra_hosts: {host: ip} -> sorted ["host:ip"], or for a swarm
    task ["ip host"]; a list is kept."""
    if not isinstance(extra_hosts, dict):
        return list(extra_hosts)
    if task:
        return ["%s %s" % (ip, host) for host, ip in sorted(extra_hosts.items())]
    return ["%s:%s" % (host, ip) for host, ip in sorted(extra_hosts.items())]


def _normalize_links(links):
    """docker.utils.normalize_links: {name: alias} or [(name, alias)] -> sorted
    ["name:alias"] ("name" alone without an alias); plain "name[:alias]" strings are kept."""
    items = links.items() if isinstance(links, dict) else \
        [(l, None) if isinstance(l, str) else tuple(l) for l in links]
    return ["%s:%s" % (k, v) if v else k for k, v in sorted(items)]


def _parse_devices(devices):
    """docker.utils.parse_devices: "host[:container[:permissions]]" strings (or dicts,
    kept) -> the Engine's device mappings."""
    out = []
    for device in devices:
        if isinstance(device, dict):
            out.append(device)
            continue
        if not isinstance(device, str):
            raise DockerException("Invalid device type %s" % type(device))
        parts = device.split(":")
        host = parts[0]
        out.append({"PathOnHost": host,
                    "PathInContainer": parts[1] if len(parts) > 1 else host,
                    "CgroupPermissions": parts[2] if len(parts) > 2 else "rwm"})
    return out


def _convert_volume_binds(binds):
    """docker.utils.convert_volume_binds: {host: {"bind": path, "mode": "ro"|"rw"...,
    "ro": bool, "propagation": p}} or {host: path} -> ["host:path:mode[,propagation]"];
    a list is kept."""
    if isinstance(binds, (list, tuple)):
        return list(binds)
    out = []
    for host, spec in binds.items():
        if isinstance(host, bytes):
            host = host.decode("utf-8")
        if isinstance(spec, dict):
            if "ro" in spec and "mode" in spec:
                raise InvalidArgument('Binding cannot contain both "ro" and "mode": %r'
                                      % (spec,))
            if "bind" not in spec:
                raise InvalidArgument("volume binding of %r has no 'bind' (the path in the "
                                      "container): %r" % (host, spec))
            bind = spec["bind"]
            if isinstance(bind, bytes):
                bind = bind.decode("utf-8")
            mode = spec.get("mode") or ("ro" if spec.get("ro") else "rw")
            if spec.get("propagation"):
                mode = "%s,%s" % (mode, spec["propagation"])
            out.append("%s:%s:%s" % (host, bind, mode))
        else:
            if isinstance(spec, bytes):
                spec = spec.decode("utf-8")
            out.append("%s:%s:rw" % (host, spec))
    return out


def _port_key(port):
    if isinstance(port, (tuple, list)):
        return "%s/%s" % (port[0], port[1])
    port = str(port)
    return port if "/" in port else port + "/tcp"


def _port_binding(binding):
    """One host side of a port binding, as docker-py accepts it: a port, (ip, port),
    (ip,), (port,), {"HostIp", "HostPort"} or None."""
    if binding is None:
        return {"HostIp": "", "HostPort": ""}
    if isinstance(binding, dict):
        return {"HostIp": binding.get("HostIp") or "",
                "HostPort": str(binding.get("HostPort") or "")}
    if isinstance(binding, tuple):
        if len(binding) == 2:
            return {"HostIp": binding[0] or "",
                    "HostPort": "" if binding[1] is None else str(binding[1])}
        if len(binding) == 1 and isinstance(binding[0], str):
            return {"HostIp": binding[0], "HostPort": ""}
        if len(binding) == 1:
            return {"HostIp": "", "HostPort": str(binding[0])}
        raise InvalidArgument("invalid port binding %r: expected (host_ip, host_port)"
                              % (binding,))
    return {"HostIp": "", "HostPort": str(binding)}


def _convert_port_bindings(port_bindings):
    """docker.utils.convert_port_bindings: {"80/tcp" or 80: binding or [bindings]} ->
    the Engine's PortBindings (an unqualified port is tcp)."""
    return {_port_key(port): [_port_binding(b) for b in
                              (spec if isinstance(spec, list) else [spec])]
            for port, spec in port_bindings.items()}


def _convert_tmpfs_mounts(tmpfs):
    """docker.utils.utils.convert_tmpfs_mounts: ["/run", "/tmp:size=64m"] -> {path:
    options}; a dict is kept."""
    if isinstance(tmpfs, dict):
        return tmpfs
    if not isinstance(tmpfs, list):
        raise InvalidArgument("Expected tmpfs value to be either a list or a dict, found: %s"
                              % type(tmpfs).__name__)
    out = {}
    for mount in tmpfs:
        if not isinstance(mount, str):
            raise InvalidArgument("Expected item in tmpfs list to be a string, found: %s"
                                  % type(mount).__name__)
        path, _, options = mount.partition(":")
        out[path] = options
    return out


def _convert_service_networks(networks):
    """docker.utils.convert_service_networks: ["name", {"Target": ...}] -> attachment
    dicts."""
    if not networks:
        return networks
    if not isinstance(networks, list):
        raise TypeError("networks parameter must be a list.")
    return [{"Target": n} if isinstance(n, str) else n for n in networks]


def _datetime_to_timestamp(dt):
    """docker.utils.datetime_to_timestamp: whole unix seconds (a naive datetime is
    local time)."""
    return int(dt.timestamp())


def _decode_json_header(header):
    """docker.utils.decode_json_header: base64 (either alphabet) JSON -> an object."""
    import base64
    if isinstance(header, str):
        header = header.encode("ascii")
    return json.loads(base64.urlsafe_b64decode(header.replace(b"+", b"-").replace(b"/", b"_"))
                      .decode("utf-8"))


def _parse_env_file(env_file):
    """docker.utils.parse_env_file: a docker --env-file ("KEY=value" lines; blank lines
    and lines starting with "#" skipped) -> {KEY: value}."""
    environment = {}
    with open(env_file) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise DockerException("Invalid line in environment file %s:\n%s"
                                      % (env_file, line))
            environment[key] = value
    return environment


# -- docker's port specs, "[ip:][host_port[-end]:]port[-end][/proto]" (docksock.utils.ports) --

_PORT_SPEC = re.compile(
    r"^(?:(?:\[?(?P<host>[0-9A-Fa-f.:]+?)\]?:)?(?P<ext>\d*)(?:-(?P<ext_end>\d+))?:)?"
    r"(?P<int>\d+)(?:-(?P<int_end>\d+))?(?P<proto>/(?:udp|tcp|sctp))?$")


def _port_range(start, end, proto, randomly_available_port=False):
    """["80/udp"] for one port, each port of start..end (with proto appended) for a
    range, or the range as one "8000-8010" when it is for one port to pick from."""
    if not start:
        return start
    if not end:
        return [start + proto]
    if randomly_available_port:
        return ["%s-%s%s" % (start, end, proto)]
    return ["%d%s" % (p, proto) for p in range(int(start), int(end) + 1)]


def _split_port(port):
    """A port spec -> (container ports, host ports or None): "127.0.0.1:8080:80/udp" ->
    (["80/udp"], [("127.0.0.1", "8080")]); host ports are (ip, port) when an IP is given."""
    m = _PORT_SPEC.match(str(port))
    if m is None:
        raise InvalidArgument('Invalid port "%s"' % port)
    internal = _port_range(m.group("int"), m.group("int_end"), m.group("proto") or "")
    external = _port_range(m.group("ext"), m.group("ext_end"), "", len(internal) == 1)
    if external and len(internal) != len(external):
        raise InvalidArgument("Port ranges don't match in length")
    if m.group("host") is None:
        return internal, external
    return internal, [(m.group("host"), e) for e in (external or [None] * len(internal))]


def _add_port_mapping(port_bindings, internal_port, external):
    port_bindings.setdefault(internal_port, []).append(external)


def _add_port(port_bindings, internal_port_range, external_range):
    for i, internal in enumerate(internal_port_range):
        _add_port_mapping(port_bindings, internal,
                          None if external_range is None else external_range[i])


def _build_port_bindings(ports):
    """Port specs -> {container port: [host binding, ...]} (containers.run's ports=)."""
    bindings = {}
    for port in ports:
        _add_port(bindings, *_split_port(port))
    return bindings


# ---- docker-py's types: dict subclasses in the Engine's shape (docksock.types) ----
# Each is a dict (json.dumps takes it) with docker-py's constructor, properties and
# checks.  Where docker-py ignores or passes on what the Engine then rejects, docksock
# raises or converts instead; the README lists each such difference.

def _host_config_type_error(param, param_value, expected):
    return TypeError("Invalid type for %s param: expected %s but found %s"
                     % (param, expected, type(param_value)))


def _host_config_version_error(param, version, less_than=True):
    return InvalidVersion("%s param is not supported in API versions %s %s"
                          % (param, "<" if less_than else ">", version))


def _host_config_value_error(param, param_value):
    return InvalidArgument("Invalid value for %s param: %s" % (param, param_value))


def _host_config_incompatible_error(param, param_value, incompatible_param):
    return InvalidArgument('"%s" %s is incompatible with %s'
                           % (param_value, param, incompatible_param))


class _DictType(dict):
    """docker.types.base.DictType: a dict built from a mapping."""

    def __init__(self, init):
        super().__init__()
        for key, value in init.items():
            self[key] = value


def _keywords(kind, kwargs, names):
    """The values of names ("test start_period device_ids:DeviceIDs") from the keyword
    arguments of a docker-py DictType, each given by its own name or its Engine key
    (CamelCase unless spelled after ':'); a keyword that is neither raises TypeError."""
    values = []
    kwargs = dict(kwargs)
    for spec in names.split():
        name, _, key = spec.partition(":")
        key = key or "".join(w.capitalize() for w in name.split("_"))
        values.append(kwargs.pop(name, kwargs.pop(key, None)))
    if kwargs:
        raise _create_unexpected_kwargs_error(kind, kwargs)
    return values


def _item(key, settable=True):
    """A property over one key of the dict."""
    def get(self):
        return self.get(key)

    def put(self, value):
        self[key] = value
    return property(get, put if settable else None, doc="the %r entry" % key)


def _nanoseconds(what, value):
    """A duration in nanoseconds: an int as it is, or a Go duration string ("30s")."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    if isinstance(value, str):
        seconds = parse_duration(value)
        if seconds is not None:
            return int(round(seconds * 1e9))
    raise InvalidArgument("invalid %s %r: expected nanoseconds (an int >= 0) or a duration "
                          "such as \"30s\"" % (what, value))


def _healthcheck_test(test):
    return ["CMD-SHELL", test] if isinstance(test, str) else test


class _Healthcheck(_DictType):
    """docker.types.Healthcheck(test=, interval=, timeout=, retries=, start_period=):
    a str test runs in a shell (["CMD-SHELL", test]); durations are nanoseconds, or
    Go durations such as "30s"."""

    def __init__(self, **kwargs):
        test, interval, timeout, retries, start_period = _keywords(
            "Healthcheck", kwargs, "test interval timeout retries start_period")
        super().__init__({"Test": _healthcheck_test(test),
                          "Interval": _nanoseconds("Healthcheck interval", interval),
                          "Timeout": _nanoseconds("Healthcheck timeout", timeout),
                          "Retries": retries,
                          "StartPeriod": _nanoseconds("Healthcheck start_period",
                                                      start_period)})

    @property
    def test(self):
        return self["Test"]

    @test.setter
    def test(self, value):
        self["Test"] = _healthcheck_test(value)

    interval = _item("Interval")
    timeout = _item("Timeout")
    retries = _item("Retries")
    start_period = _item("StartPeriod")


class _LogConfigTypesEnum:
    """docker.types.LogConfig.types: the usual log driver names."""
    JSON, SYSLOG, JOURNALD, GELF, FLUENTD, NONE = \
        "json-file", "syslog", "journald", "gelf", "fluentd", "none"


class _LogConfig(_DictType):
    """docker.types.LogConfig(type=, config=): a container's log driver and its options."""

    types = _LogConfigTypesEnum

    def __init__(self, **kwargs):
        log_type, config = _keywords("LogConfig", kwargs, "type config")
        config = {} if config is None else config
        if not isinstance(config, dict):
            raise InvalidArgument("LogConfig.config must be a dictionary")
        super().__init__({"Type": log_type, "Config": config})

    type = _item("Type")
    config = _item("Config", settable=False)

    def set_config_value(self, key, value):
        self["Config"][key] = value

    def unset_config(self, key):
        self["Config"].pop(key, None)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


class _Ulimit(_DictType):
    """docker.types.Ulimit(name=, soft=, hard=): a resource limit; hard defaults to soft
    (docker-py leaves it null, which the Engine takes as 0)."""

    def __init__(self, **kwargs):
        name, soft, hard = _keywords("Ulimit", kwargs, "name soft hard")
        if not isinstance(name, str):
            raise InvalidArgument("Ulimit.name must be a string")
        for what, value in (("soft", soft), ("hard", hard)):
            if value and not _is_int(value):
                raise InvalidArgument("Ulimit.%s must be an integer" % what)
        super().__init__({"Name": name, "Soft": soft, "Hard": soft if hard is None else hard})

    name = _item("Name")
    soft = _item("Soft")
    hard = _item("Hard")


class _DeviceRequest(_DictType):
    """docker.types.DeviceRequest(driver=, count=, device_ids=, capabilities=, options=):
    devices (GPUs) for a container, API >= 1.40."""

    def __init__(self, **kwargs):
        driver, count, device_ids, capabilities, options = _keywords(
            "DeviceRequest", kwargs, "driver count device_ids:DeviceIDs capabilities options")
        driver = "" if driver is None else driver
        count = 0 if count is None else count
        for what, value, kind, name in (
                ("driver", driver, str, "a string"), ("count", count, int, "an integer"),
                ("device_ids", device_ids, list, "a list"),
                ("capabilities", capabilities, list, "a list"),
                ("options", options, dict, "a dict")):
            if value is not None and not isinstance(value, kind):
                raise InvalidArgument("DeviceRequest.%s must be %s" % (what, name))
        super().__init__({"Driver": driver, "Count": count, "DeviceIDs": device_ids or [],
                          "Capabilities": capabilities or [], "Options": options or {}})

    driver = _item("Driver")
    count = _item("Count")
    device_ids = _item("DeviceIDs")
    capabilities = _item("Capabilities")
    options = _item("Options")


_MOUNT_TYPES = ("bind", "volume", "tmpfs", "npipe")


class _Mount(dict):
    """docker.types.Mount: a bind, volume or tmpfs mount (HostConfig.Mounts, and a
    service's ContainerSpec); options of another type than the mount's raise."""

    def __init__(self, target, source, type="volume", read_only=False, consistency=None,
                 propagation=None, no_copy=False, labels=None, driver_config=None,
                 tmpfs_size=None, tmpfs_mode=None, subpath=None):
        super().__init__(Target=target, Source=source, Type=type, ReadOnly=read_only)
        if type not in _MOUNT_TYPES:
            raise InvalidArgument('Unsupported mount type: "%s"' % type)
        if consistency:
            self["Consistency"] = consistency
        given = [n for n, v in (
            ("propagation", propagation), ("labels", labels), ("driver_config", driver_config),
            ("no_copy", no_copy), ("tmpfs_size", tmpfs_size), ("tmpfs_mode", tmpfs_mode),
            ("subpath", subpath)) if v]
        allowed = {"bind": ("propagation",), "npipe": (),
                   "volume": ("labels", "driver_config", "no_copy", "subpath"),
                   "tmpfs": ("tmpfs_size", "tmpfs_mode")}[type]
        if set(given) - set(allowed):
            raise InvalidArgument("Incompatible options have been provided for the %s type "
                                  "mount." % type)
        if type == "bind" and propagation is not None:
            self["BindOptions"] = {"Propagation": propagation}
        elif type == "volume":
            options = dict((k, v) for k, v in (
                ("NoCopy", True if no_copy else None), ("Labels", labels),
                ("DriverConfig", driver_config), ("Subpath", subpath)) if v)
            if options:
                self["VolumeOptions"] = options
        elif type == "tmpfs" and given:
            options = {}
            if tmpfs_mode:
                if not _is_int(tmpfs_mode):
                    raise InvalidArgument("tmpfs_mode must be an integer")
                options["Mode"] = tmpfs_mode
            if tmpfs_size:
                options["SizeBytes"] = parse_bytes(tmpfs_size, "tmpfs_size")
            self["TmpfsOptions"] = options

    @classmethod
    def parse_mount_string(cls, string):
        """A Mount from docker's "[source:]target[:mode]": a source starting with "/" is a
        bind, else a volume; any mode but "rw" makes it read-only."""
        parts = string.split(":")
        if len(parts) > 3:
            raise InvalidArgument('Invalid mount format "%s"' % string)
        if len(parts) == 1:
            return cls(target=parts[0], source=None)
        source, target = parts[0], parts[1]
        mode = parts[2] if len(parts) == 3 else "rw"
        mount_type = "bind" if source.startswith("/") or re.match(r"[A-Za-z]:\\", source) \
            else "volume"
        return cls(target, source, type=mount_type, read_only=mode != "rw")


class _RestartConditionTypesEnum:
    """docker.types.RestartPolicy.condition_types."""
    NONE, ON_FAILURE, ANY = "none", "on-failure", "any"


class _RestartPolicy(dict):
    """docker.types.RestartPolicy: when a swarm task's container is restarted (delay and
    window in nanoseconds)."""

    condition_types = _RestartConditionTypesEnum

    def __init__(self, condition="none", delay=0, max_attempts=0, window=0):
        if condition not in ("none", "on-failure", "any"):
            raise TypeError("Invalid RestartPolicy condition %s: expected none, on-failure "
                            "or any" % condition)
        super().__init__(Condition=condition, Delay=delay, MaxAttempts=max_attempts,
                         Window=window)


class _DriverConfig(dict):
    """docker.types.DriverConfig: a driver's name and options (volumes, secrets...)."""

    def __init__(self, name, options=None):
        super().__init__(Name=name)
        if options:
            self["Options"] = options


class _DNSConfig(dict):
    """docker.types.DNSConfig: a service's resolv.conf (nameservers, search, options)."""

    def __init__(self, nameservers=None, search=None, options=None):
        super().__init__(Nameservers=nameservers, Search=search, Options=options)


class _Privileges(dict):
    """docker.types.Privileges: a service container's credential spec (Windows) and
    SELinux context."""

    def __init__(self, credentialspec_file=None, credentialspec_registry=None,
                 selinux_disable=None, selinux_user=None, selinux_role=None, selinux_type=None,
                 selinux_level=None):
        super().__init__()
        if credentialspec_file is not None and credentialspec_registry is not None:
            raise InvalidArgument("credentialspec_file and credentialspec_registry are "
                                  "mutually exclusive")
        if credentialspec_file is not None:
            self["CredentialSpec"] = {"File": credentialspec_file}
        elif credentialspec_registry is not None:
            self["CredentialSpec"] = {"Registry": credentialspec_registry}
        self["SELinuxContext"] = {"Disable": selinux_disable, "User": selinux_user,
                                  "Role": selinux_role, "Type": selinux_type,
                                  "Level": selinux_level}


class _NetworkAttachmentConfig(dict):
    """docker.types.NetworkAttachmentConfig: a service's network, with aliases and
    driver options."""

    def __init__(self, target, aliases=None, options=None):
        super().__init__(Target=target, Aliases=aliases, DriverOpts=options)


class _SwarmExternalCA(dict):
    """docker.types.SwarmExternalCA: a CA the swarm uses to sign node certificates."""

    def __init__(self, url, protocol=None, options=None, ca_cert=None):
        super().__init__(URL=url, Protocol=protocol, Options=options, CACert=ca_cert)


def _resource_id(value, what="Resource"):
    """docker-py's check_resource: a dict's Id (or ID), a model's id, or the string
    given; None or "" raises NullResource."""
    if isinstance(value, dict):
        value = value.get("Id", value.get("ID"))
    elif value is not None and not isinstance(value, str):
        value = getattr(value, "id", value)
    if not value:
        raise NullResource("%s ID was not provided" % what)
    return value


def _file_reference(kind, object_id, name, filename, uid, gid, mode):
    """A secret or config reference: the file it becomes in the task's container.  UID
    and GID are strings, as the Engine takes them (docker-py passes ints on)."""
    return {kind + "Name": name, kind + "ID": _resource_id(object_id),
            "File": {"Name": filename or name, "UID": str(uid or "0"), "GID": str(gid or "0"),
                     "Mode": mode}}


class _SecretReference(dict):
    """docker.types.SecretReference: a secret given to a service, as a file (mode 0o444
    by default) under /run/secrets."""

    def __init__(self, secret_id, secret_name, filename=None, uid=None, gid=None, mode=0o444):
        super().__init__(_file_reference("Secret", secret_id, secret_name, filename, uid, gid,
                                         mode))


class _ConfigReference(dict):
    """docker.types.ConfigReference: a config given to a service, as a file."""

    def __init__(self, config_id, config_name, filename=None, uid=None, gid=None, mode=0o444):
        super().__init__(_file_reference("Config", config_id, config_name, filename, uid, gid,
                                         mode))


def _must_be(what, value, kind, name):
    if value is not None and not isinstance(value, kind):
        raise TypeError("%s must be %s" % (what, name))
    return value


class _ContainerSpec(dict):
    """docker.types.ContainerSpec: what a service's tasks run.  A str command is split
    as a shell would; env as a dict becomes "K=V"; hosts {name: ip}; mounts as Mount,
    dicts or docker's "source:target:mode" strings; user and groups are sent as strings."""

    def __init__(self, image, command=None, args=None, hostname=None, env=None, workdir=None,
                 user=None, labels=None, mounts=None, stop_grace_period=None, secrets=None,
                 tty=None, groups=None, open_stdin=None, read_only=None, stop_signal=None,
                 healthcheck=None, hosts=None, dns_config=None, configs=None, privileges=None,
                 isolation=None, init=None, cap_add=None, cap_drop=None, sysctls=None):
        super().__init__(Image=image, Command=_split_command(command), Args=args)
        _must_be("secrets", secrets, list, "a list")
        _must_be("configs", configs, list, "a list")
        _must_be("cap_add", cap_add, list, "a list")
        _must_be("cap_drop", cap_drop, list, "a list")
        _must_be("sysctls", sysctls, dict, "a dict")
        if isinstance(healthcheck, dict) and not isinstance(healthcheck, _Healthcheck):
            healthcheck = _Healthcheck(**healthcheck)
        for key, value in (
                ("Hostname", hostname),
                ("Env", None if env is None else _format_environment(env)),
                ("Dir", workdir), ("User", None if user is None else str(user)),
                ("Groups", None if groups is None else [str(g) for g in groups]),
                ("StopSignal", stop_signal),
                ("StopGracePeriod", _nanoseconds("stop_grace_period", stop_grace_period)),
                ("Labels", labels),
                ("Hosts", None if hosts is None else _format_extra_hosts(hosts, task=True)),
                ("Mounts", None if mounts is None else [
                    _Mount.parse_mount_string(m) if isinstance(m, str) else m for m in mounts]),
                ("Secrets", secrets), ("Configs", configs), ("DNSConfig", dns_config),
                ("Privileges", privileges), ("Healthcheck", healthcheck), ("TTY", tty),
                ("OpenStdin", open_stdin), ("ReadOnly", read_only), ("Isolation", isolation),
                ("Init", init), ("CapabilityAdd", cap_add), ("CapabilityDrop", cap_drop),
                ("Sysctls", sysctls)):
            if value is not None:
                self[key] = value


class _PlacementPreference(dict):
    """docker.types.PlacementPreference: spread tasks over the values of a node label
    (descriptor, e.g. "node.labels.zone")."""

    def __init__(self, strategy, descriptor):
        if strategy != "spread":
            raise InvalidArgument('PlacementPreference strategy value is invalid (%s): must be '
                                  '"spread".' % strategy)
        super().__init__(Spread={"SpreadDescriptor": descriptor})


class _Placement(dict):
    """docker.types.Placement: where a service's tasks may run: constraints, preferences
    ((strategy, descriptor) tuples or PlacementPreference), platforms ((arch, os)
    tuples) and maxreplicas per node."""

    def __init__(self, constraints=None, preferences=None, platforms=None, maxreplicas=None):
        super().__init__()
        if constraints is not None:
            self["Constraints"] = constraints
        if preferences is not None:
            self["Preferences"] = [_PlacementPreference(*p) if isinstance(p, tuple) else p
                                   for p in preferences]
        if maxreplicas is not None:
            self["MaxReplicas"] = maxreplicas
        if platforms:
            self["Platforms"] = [{"Architecture": p[0], "OS": p[1]} for p in platforms]


class _TaskTemplate(dict):
    """docker.types.TaskTemplate: a service's tasks: container_spec, resources,
    restart_policy, placement (a Placement, or a list of constraints), log_driver
    ({"Name", "Options"}), networks (names or attachment dicts), force_update (an int
    counter that forces an update when changed)."""

    def __init__(self, container_spec, resources=None, restart_policy=None, placement=None,
                 log_driver=None, networks=None, force_update=None):
        super().__init__(ContainerSpec=container_spec)
        if placement and isinstance(placement, list):
            placement = _Placement(constraints=placement)
        for key, value in (("Resources", resources), ("RestartPolicy", restart_policy),
                           ("Placement", placement), ("LogDriver", log_driver)):
            if value:
                self[key] = value
        if networks:
            self["Networks"] = _convert_service_networks(networks)
        if force_update is not None:
            if not _is_int(force_update) and not isinstance(force_update, bool):
                raise TypeError("force_update must be an integer")
            self["ForceUpdate"] = force_update

    container_spec = _item("ContainerSpec", settable=False)
    resources = _item("Resources", settable=False)
    restart_policy = _item("RestartPolicy", settable=False)
    placement = _item("Placement", settable=False)


# docker-py's mode names -> the key ServiceSpec.Mode takes (docker-py's spelling: the
# Engine matches keys without regard to case).
_SERVICE_MODES = {"replicated": "replicated", "global": "global",
                  "replicated-job": "ReplicatedJob", "global-job": "GlobalJob"}


class _ServiceMode(dict):
    """docker.types.ServiceMode(mode, replicas=None, concurrency=None): replicated (with
    replicas), global, replicated-job (replicas: total completions; concurrency: at
    most that many at once) or global-job.  .mode is the key, .replicas the count."""

    def __init__(self, mode, replicas=None, concurrency=None):
        if mode not in _SERVICE_MODES:
            raise InvalidArgument('mode must be either "replicated", "global", '
                                  '"replicated-job" or "global-job"')
        if mode.startswith("global") and replicas is not None:
            raise InvalidArgument('replicas can only be used for "replicated" or '
                                  '"replicated-job" mode')
        if mode != "replicated-job" and concurrency is not None:
            raise InvalidArgument('concurrency can only be used for "replicated-job" mode')
        self.mode = _SERVICE_MODES[mode]
        body = {}
        if mode == "replicated" and replicas is not None:
            body["Replicas"] = replicas
        elif mode == "replicated-job":
            if concurrency is not None or replicas is not None:
                body["MaxConcurrent"] = concurrency or 1
            if replicas is not None:
                body["TotalCompletions"] = replicas
        super().__init__({self.mode: body})

    @property
    def replicas(self):
        body = self[self.mode]
        if self.mode == "replicated":
            return body.get("Replicas")
        if self.mode == "ReplicatedJob":
            return body.get("TotalCompletions")
        return None


def _convert_service_ports(ports):
    """docker.types.services.convert_service_ports: {published: target or (target,
    protocol, publish_mode)} -> the Engine's port configs; a list is kept."""
    if isinstance(ports, list):
        return ports
    if not isinstance(ports, dict):
        raise TypeError("Invalid type for ports, expected dict or list")
    out = []
    for published, target in ports.items():
        port = {"Protocol": "tcp", "PublishedPort": published}
        if isinstance(target, tuple):
            if len(target) > 3:
                raise ValueError("Service port configuration can have at most 3 elements: "
                                 "(target_port, protocol, mode)")
            port["TargetPort"] = target[0]
            if len(target) > 1 and target[1] is not None:
                port["Protocol"] = target[1]
            if len(target) > 2:
                port["PublishMode"] = target[2]
        else:
            port["TargetPort"] = target
        out.append(port)
    return out


class _EndpointSpec(dict):
    """docker.types.EndpointSpec(mode=None, ports=None): "vip" or "dnsrr", and published
    ports ({published: target}, or the Engine's list)."""

    def __init__(self, mode=None, ports=None):
        super().__init__()
        if ports:
            self["Ports"] = _convert_service_ports(ports)
        if mode:
            self["Mode"] = mode


def _generic_resources(resources):
    if isinstance(resources, list):
        return resources
    if not isinstance(resources, dict):
        raise InvalidArgument("Unsupported generic resource reservation type: %r"
                              % (resources,))
    out = []
    for kind, value in resources.items():
        if _is_int(value):
            out.append({"DiscreteResourceSpec": {"Kind": kind, "Value": value}})
        elif isinstance(value, str):
            out.append({"NamedResourceSpec": {"Kind": kind, "Value": value}})
        else:
            raise InvalidArgument("Unsupported generic resource reservation type: %r"
                                  % ({kind: value},))
    return out


class _Resources(dict):
    """docker.types.Resources: a service task's limits and reservations: CPUs in
    nano-CPUs, memory in bytes (or "512m"), generic resources {kind: count or name}."""

    def __init__(self, cpu_limit=None, mem_limit=None, cpu_reservation=None,
                 mem_reservation=None, generic_resources=None):
        super().__init__()
        limits, reservations = {}, {}
        if cpu_limit is not None:
            limits["NanoCPUs"] = cpu_limit
        if mem_limit is not None:
            limits["MemoryBytes"] = parse_bytes(mem_limit, "mem_limit")
        if cpu_reservation is not None:
            reservations["NanoCPUs"] = cpu_reservation
        if mem_reservation is not None:
            reservations["MemoryBytes"] = parse_bytes(mem_reservation, "mem_reservation")
        if generic_resources is not None:
            reservations["GenericResources"] = _generic_resources(generic_resources)
        if limits:
            self["Limits"] = limits
        if reservations:
            self["Reservations"] = reservations


class _UpdateConfig(dict):
    """docker.types.UpdateConfig: how a service's tasks are updated: parallelism, delay
    (nanoseconds), failure_action (pause, continue, rollback), monitor (nanoseconds),
    max_failure_ratio (0 to 1), order (start-first, stop-first)."""

    def __init__(self, parallelism=0, delay=None, failure_action="continue", monitor=None,
                 max_failure_ratio=None, order=None):
        super().__init__(Parallelism=parallelism)
        if delay is not None:
            self["Delay"] = _nanoseconds("delay", delay)
        if failure_action not in ("pause", "continue", "rollback"):
            raise InvalidArgument("failure_action must be one of `pause`, `continue`, "
                                  "`rollback`")
        self["FailureAction"] = failure_action
        if monitor is not None:
            if not _is_int(monitor):
                raise TypeError("monitor must be an integer")
            self["Monitor"] = monitor
        if max_failure_ratio is not None:
            if not isinstance(max_failure_ratio, (float, int)) or \
                    isinstance(max_failure_ratio, bool):
                raise TypeError("max_failure_ratio must be a float")
            if not 0 <= max_failure_ratio <= 1:
                raise InvalidArgument("max_failure_ratio must be a number between 0 and 1")
            self["MaxFailureRatio"] = max_failure_ratio
        if order is not None:
            if order not in ("start-first", "stop-first"):
                raise InvalidArgument("order must be either `start-first` or `stop-first`")
            self["Order"] = order


class _RollbackConfig(_UpdateConfig):
    """docker.types.RollbackConfig: how a service is rolled back (UpdateConfig's
    parameters)."""


class _SwarmSpec(dict):
    """docker.types.SwarmSpec(version, ...): a swarm's settings for init_swarm and
    update_swarm (durations in nanoseconds)."""

    def __init__(self, version, task_history_retention_limit=None, snapshot_interval=None,
                 keep_old_snapshots=None, log_entries_for_slow_followers=None,
                 heartbeat_tick=None, election_tick=None, dispatcher_heartbeat_period=None,
                 node_cert_expiry=None, external_cas=None, name=None, labels=None,
                 signing_ca_cert=None, signing_ca_key=None, ca_force_rotate=None,
                 autolock_managers=None, log_driver=None):
        super().__init__()
        if task_history_retention_limit is not None:
            self["Orchestration"] = {"TaskHistoryRetentionLimit": task_history_retention_limit}
        raft = (snapshot_interval, keep_old_snapshots, log_entries_for_slow_followers,
                heartbeat_tick, election_tick)
        if any(v is not None for v in raft):
            self["Raft"] = dict(zip(("SnapshotInterval", "KeepOldSnapshots",
                                     "LogEntriesForSlowFollowers", "HeartbeatTick",
                                     "ElectionTick"), raft))
        if dispatcher_heartbeat_period is not None:
            self["Dispatcher"] = {"HeartbeatPeriod": dispatcher_heartbeat_period}
        ca = {}
        if node_cert_expiry is not None:
            ca["NodeCertExpiry"] = node_cert_expiry
        if external_cas:
            if version is not None and _version_lt(version, "1.25"):
                if len(external_cas) > 1:
                    raise InvalidVersion("Support for multiple external CAs is not available "
                                         "for API version < 1.25")
                ca["ExternalCA"] = external_cas[0]
            else:
                ca["ExternalCAs"] = external_cas
        for param, key, value in (("signing_ca_key", "SigningCAKey", signing_ca_key),
                                  ("signing_ca_cert", "SigningCACert", signing_ca_cert),
                                  ("ca_force_rotate", "ForceRotate", ca_force_rotate)):
            if value is not None:
                _needs_version(version, "1.30", param)
                ca[key] = value
        if ca:
            self["CAConfig"] = ca
        if autolock_managers is not None:
            _needs_version(version, "1.25", "autolock_managers")
            self["EncryptionConfig"] = {"AutoLockManagers": autolock_managers}
        if log_driver is not None:
            _needs_version(version, "1.25", "log_driver")
            self["TaskDefaults"] = {"LogDriver": log_driver}
        if name is not None:
            self["Name"] = name
        if labels is not None:
            self["Labels"] = labels


# -- containers: HostConfig, ContainerConfig, networking ------------------------------

# HostConfig parameters the Engine takes as given: parameter (with "?": only when it is
# truthy, as docker-py sets it), Engine key, the type the value must have (- for any) and
# the API version it needs (- for any).
_HOST_CONFIG_PLAIN = """
cap_add? CapAdd - -  cap_drop? CapDrop - -  cgroup_parent CgroupParent - -
cgroupns? CgroupnsMode - -  cpu_count? CpuCount int 1.25  cpu_percent? CpuPercent int 1.25
cpu_period? CpuPeriod int -  cpu_quota? CpuQuota int -  cpu_rt_period? CPURealtimePeriod int 1.25
cpu_rt_runtime? CPURealtimeRuntime int 1.25  cpu_shares? CpuShares int -
cpuset_cpus? CpusetCpus - -  cpuset_mems? CpusetMems str -  blkio_weight? BlkioWeight int -
blkio_weight_device? BlkioWeightDevice list -  device_read_bps? BlkioDeviceReadBps list -
device_write_bps? BlkioDeviceWriteBps list -  device_read_iops? BlkioDeviceReadIOps list -
device_write_iops? BlkioDeviceWriteIOps list -  device_cgroup_rules DeviceCgroupRules list 1.28
dns Dns - -  dns_opt DnsOptions - -  dns_search? DnsSearch - -  ipc_mode? IpcMode - -
isolation? Isolation str -  mem_swappiness MemorySwappiness int -  mounts Mounts - 1.30
nano_cpus? NanoCpus int 1.25  oom_score_adj? OomScoreAdj int -  pid_mode? PidMode - -
pids_limit? PidsLimit int -  restart_policy? RestartPolicy dict -  runtime? Runtime - 1.25
security_opt SecurityOpt list -  storage_opt StorageOpt dict -  volume_driver VolumeDriver - -
init Init - 1.25
"""
_HOST_CONFIG_TYPES = {"int": int, "str": str, "list": list, "dict": dict}
_host_config_rows = []


def _host_config_plain():
    if not _host_config_rows:
        words = _HOST_CONFIG_PLAIN.split()
        _host_config_rows.extend(zip(words[0::4], words[1::4], words[2::4], words[3::4]))
    return _host_config_rows


class _HostConfig(dict):
    """docker.types.HostConfig(version, ...): how a container runs (create_container's
    host_config; APIClient.create_host_config fills version in).  Sizes take "512m";
    binds, port_bindings, links, devices, extra_hosts, tmpfs, ulimits and log_config are
    converted as docker-py does; wrong types raise TypeError and parameters the API
    version lacks InvalidVersion.  lxc_conf, which no Engine reads since API 1.24, raises."""

    def __init__(self, version, binds=None, port_bindings=None, lxc_conf=None,
                 publish_all_ports=False, links=None, privileged=False, dns=None,
                 dns_search=None, volumes_from=None, network_mode=None, restart_policy=None,
                 cap_add=None, cap_drop=None, devices=None, extra_hosts=None, read_only=None,
                 pid_mode=None, ipc_mode=None, security_opt=None, ulimits=None,
                 log_config=None, mem_limit=None, memswap_limit=None, mem_reservation=None,
                 kernel_memory=None, mem_swappiness=None, cgroup_parent=None, group_add=None,
                 cpu_quota=None, cpu_period=None, blkio_weight=None, blkio_weight_device=None,
                 device_read_bps=None, device_write_bps=None, device_read_iops=None,
                 device_write_iops=None, oom_kill_disable=False, shm_size=None, sysctls=None,
                 tmpfs=None, oom_score_adj=None, dns_opt=None, cpu_shares=None,
                 cpuset_cpus=None, userns_mode=None, uts_mode=None, pids_limit=None,
                 isolation=None, auto_remove=False, storage_opt=None, init=None,
                 init_path=None, volume_driver=None, cpu_count=None, cpu_percent=None,
                 nano_cpus=None, cpuset_mems=None, runtime=None, mounts=None,
                 cpu_rt_period=None, cpu_rt_runtime=None, device_cgroup_rules=None,
                 device_requests=None, cgroupns=None):
        super().__init__()
        given = locals()
        for param, key, kind, minimum in _host_config_plain():
            value = given[param.rstrip("?")]
            if value is None or (param.endswith("?") and not value):
                continue
            param = param.rstrip("?")
            if kind != "-" and not isinstance(value, _HOST_CONFIG_TYPES[kind]):
                raise _host_config_type_error(param, value, kind)
            if minimum != "-" and version is not None and _version_lt(version, minimum):
                raise _host_config_version_error(param, minimum)
            self[key] = value
        for param, key, value in (("mem_limit", "Memory", mem_limit),
                                  ("memswap_limit", "MemorySwap", memswap_limit),
                                  ("mem_reservation", "MemoryReservation", mem_reservation or None),
                                  ("kernel_memory", "KernelMemory", kernel_memory or None),
                                  ("shm_size", "ShmSize", shm_size)):
            if value is not None:
                if not isinstance(value, (int, str)) or isinstance(value, bool):
                    raise _host_config_type_error(param, value, "int or str")
                self[key] = parse_bytes(value, param) if value != "" else 0
        for param, key, value in (("privileged", "Privileged", privileged),
                                  ("oom_kill_disable", "OomKillDisable", oom_kill_disable),
                                  ("publish_all_ports", "PublishAllPorts", publish_all_ports),
                                  ("auto_remove", "AutoRemove", auto_remove)):
            if value:
                self[key] = value
        if auto_remove and version is not None and _version_lt(version, "1.25"):
            raise _host_config_version_error("auto_remove", "1.25")
        if read_only is not None:
            self["ReadonlyRootfs"] = read_only
        if network_mode:
            self["NetworkMode"] = network_mode
        elif network_mode is None:
            self["NetworkMode"] = "default"
        if devices:
            self["Devices"] = _parse_devices(devices)
        if group_add:
            self["GroupAdd"] = [str(g) for g in group_add]
        if sysctls:
            if not isinstance(sysctls, dict):
                raise _host_config_type_error("sysctls", sysctls, "dict")
            self["Sysctls"] = dict((k, str(v)) for k, v in sysctls.items())
        if volumes_from is not None:
            self["VolumesFrom"] = volumes_from.split(",") if isinstance(volumes_from, str) \
                else volumes_from
        if binds is not None:
            self["Binds"] = _convert_volume_binds(binds)
        if port_bindings is not None:
            if network_mode == "host" and port_bindings:
                raise _host_config_incompatible_error("network_mode", "host", "port_bindings")
            self["PortBindings"] = _convert_port_bindings(port_bindings)
        if extra_hosts is not None:
            self["ExtraHosts"] = _format_extra_hosts(extra_hosts)
        if links is not None:
            self["Links"] = _normalize_links(links)
        if lxc_conf is not None:
            raise InvalidArgument("lxc_conf is not supported by the Engine since API 1.24")
        if ulimits is not None:
            if not isinstance(ulimits, list):
                raise _host_config_type_error("ulimits", ulimits, "list")
            self["Ulimits"] = [u if isinstance(u, _Ulimit) else _Ulimit(**u) for u in ulimits]
        if log_config is not None:
            if not isinstance(log_config, dict):
                raise _host_config_type_error("log_config", log_config, "LogConfig")
            self["LogConfig"] = log_config if isinstance(log_config, _LogConfig) \
                else _LogConfig(**log_config)
        if tmpfs:
            self["Tmpfs"] = _convert_tmpfs_mounts(tmpfs)
        for param, key, value in (("userns_mode", "UsernsMode", userns_mode),
                                  ("uts_mode", "UTSMode", uts_mode)):
            if value:
                if value != "host":
                    raise _host_config_value_error(param, value)
                self[key] = value
        if init_path is not None:
            if version is not None and _version_lt("1.29", version):
                raise _host_config_version_error("init_path", "1.29", less_than=False)
            self["InitPath"] = init_path
        if device_requests is not None:
            if not isinstance(device_requests, list):
                raise _host_config_type_error("device_requests", device_requests, "list")
            _needs_version(version, "1.40", "device_requests")
            self["DeviceRequests"] = [r if isinstance(r, _DeviceRequest) else
                                      _DeviceRequest(**r) for r in device_requests]


def _container_healthcheck(version, healthcheck):
    if healthcheck is None:
        return None
    if not isinstance(healthcheck, _Healthcheck):
        healthcheck = _Healthcheck(**healthcheck)
    if healthcheck.get("StartPeriod") is not None:
        _needs_version(version, "1.29", "Healthcheck start_period")
    return healthcheck


class _ContainerConfig(dict):
    """docker.types.ContainerConfig(version, image, command, ...): the body of POST
    /containers/create (create_container builds it).  user becomes a string, a str
    command or entrypoint is split as a shell would, labels may be a list, ports a list
    of ports or (port, protocol) pairs, and a dict healthcheck a Healthcheck."""

    def __init__(self, version, image, command, hostname=None, user=None, detach=False,
                 stdin_open=False, tty=False, ports=None, environment=None, volumes=None,
                 network_disabled=False, entrypoint=None, working_dir=None, domainname=None,
                 host_config=None, mac_address=None, labels=None, stop_signal=None,
                 networking_config=None, healthcheck=None, stop_timeout=None, runtime=None):
        if stop_timeout is not None:
            _needs_version(version, "1.25", "stop_timeout")
        if runtime is not None:
            # The Engine reads the runtime from HostConfig only (docker-py sends it in the
            # Config, where it has no effect), so it goes there, with host_config.
            if host_config and host_config.get("Runtime") not in (None, runtime):
                raise InvalidArgument("runtime=%r conflicts with host_config's Runtime %r"
                                      % (runtime, host_config["Runtime"]))
            host_config = dict(host_config or {}, Runtime=runtime)
        if isinstance(labels, (list, tuple)):
            labels = dict((k, "") for k in labels)
        if isinstance(volumes, str):
            volumes = [volumes]
        # docker-py's keys in docker-py's order, None where unset (dropped when sent,
        # as docker-py's _post_json drops them); Runtime is in host_config.
        super().__init__([
            ("Hostname", hostname), ("Domainname", domainname),
            ("ExposedPorts", dict((_port_key(p), {}) for p in ports) if ports else None),
            ("User", None if user is None else str(user)), ("Tty", bool(tty)),
            ("OpenStdin", bool(stdin_open)), ("StdinOnce", bool(stdin_open and not detach)),
            ("AttachStdin", bool(stdin_open and not detach)), ("AttachStdout", not detach),
            ("AttachStderr", not detach),
            ("Env", None if environment is None else _format_environment(environment)),
            ("Cmd", _split_command(command)), ("Image", image),
            ("Volumes", dict((v, {}) for v in volumes) if volumes else None),
            ("NetworkDisabled", bool(network_disabled)),
            ("Entrypoint", _split_command(entrypoint)), ("WorkingDir", working_dir),
            ("HostConfig", host_config), ("NetworkingConfig", networking_config),
            ("MacAddress", mac_address), ("Labels", labels), ("StopSignal", stop_signal),
            ("Healthcheck", _container_healthcheck(version, healthcheck)),
            ("StopTimeout", stop_timeout), ("Runtime", None)])


class _EndpointConfig(dict):
    """docker.types.EndpointConfig(version, ...): a container's settings on one network
    (aliases, links, static addresses, driver options, MAC address)."""

    def __init__(self, version, aliases=None, links=None, ipv4_address=None,
                 ipv6_address=None, link_local_ips=None, driver_opt=None, mac_address=None):
        super().__init__()
        if aliases:
            self["Aliases"] = aliases
        if links:
            self["Links"] = _normalize_links(links)
        ipam = dict((k, v) for k, v in (("IPv4Address", ipv4_address),
                                        ("IPv6Address", ipv6_address)) if v)
        if link_local_ips is not None:
            ipam["LinkLocalIPs"] = link_local_ips
        if ipam:
            self["IPAMConfig"] = ipam
        if mac_address:
            _needs_version(version, "1.25", "mac_address")
            self["MacAddress"] = mac_address
        if driver_opt:
            _needs_version(version, "1.32", "driver_opt")
            if not isinstance(driver_opt, dict):
                raise TypeError("driver_opt must be a dictionary")
            self["DriverOpts"] = driver_opt


class _NetworkingConfig(dict):
    """docker.types.NetworkingConfig(endpoints_config): {network: EndpointConfig}."""

    def __init__(self, endpoints_config=None):
        super().__init__()
        if endpoints_config:
            self["EndpointsConfig"] = endpoints_config


class _IPAMConfig(dict):
    """docker.types.IPAMConfig: a network's address management (driver, pools,
    options)."""

    def __init__(self, driver="default", pool_configs=None, options=None):
        super().__init__(Driver=driver, Config=pool_configs or [])
        if options:
            if not isinstance(options, dict):
                raise TypeError("IPAMConfig.options must be a dictionary")
            self["Options"] = options


class _IPAMPool(dict):
    """docker.types.IPAMPool: one address pool of a network (subnet, iprange, gateway,
    aux_addresses)."""

    def __init__(self, subnet=None, iprange=None, gateway=None, aux_addresses=None):
        super().__init__(Subnet=subnet, IPRange=iprange, Gateway=gateway,
                         AuxiliaryAddresses=aux_addresses)


# -- docksock's version-free builders (the CLI's, and for callers without a client) -------

def container_config(image, command=None, hostname=None, user=None, detach=False,
                     stdin_open=False, tty=False, ports=None, environment=None, volumes=None,
                     network_disabled=False, entrypoint=None, working_dir=None,
                     domainname=None, mac_address=None, labels=None, stop_signal=None,
                     healthcheck=None, stop_timeout=None, runtime=None):
    """The Engine's container Config from docker-py's create_container arguments
    (ContainerConfig without an API version, so without version checks)."""
    return _ContainerConfig(None, image, command, hostname=hostname, user=user,
                            detach=detach, stdin_open=stdin_open, tty=tty, ports=ports,
                            environment=environment, volumes=volumes,
                            network_disabled=network_disabled, entrypoint=entrypoint,
                            working_dir=working_dir, domainname=domainname,
                            mac_address=mac_address, labels=labels, stop_signal=stop_signal,
                            healthcheck=healthcheck, stop_timeout=stop_timeout,
                            runtime=runtime)


def host_config(**kwargs):
    """The Engine's HostConfig from docker-py's create_host_config keywords (HostConfig,
    with version checks only when version= is given).  Also console_size=[h, w] and
    restart_policy as a name ("always", "on-failure:3"), as the docker CLI gives them."""
    version = kwargs.pop("version", None)
    console_size = kwargs.pop("console_size", None)
    policy = kwargs.get("restart_policy")
    if isinstance(policy, str):
        name, _, retries = policy.partition(":")
        kwargs["restart_policy"] = dict([("Name", name)] + (
            [("MaximumRetryCount", int(retries))] if retries.isdigit() else []))
    hc = _HostConfig(version, **kwargs)
    if console_size is not None:
        hc["ConsoleSize"] = console_size
    return hc


def endpoint_config(aliases=None, links=None, ipv4_address=None, ipv6_address=None,
                    link_local_ips=None, driver_opt=None, mac_address=None):
    """A network EndpointConfig (for create's networking_config, or connecting a
    container to a network), the fields not given left out: EndpointConfig without an
    API version, so without version checks."""
    return _EndpointConfig(None, aliases, links, ipv4_address, ipv6_address, link_local_ips,
                           driver_opt, mac_address)


def service_spec(task_template, name=None, labels=None, mode=None, update_config=None,
                 networks=None, endpoint_spec=None, rollback_config=None):
    """A ServiceSpec from docker-py's create_service arguments (None fields dropped)."""
    if isinstance(mode, str):
        mode = {"replicated": {"Replicated": {}}, "global": {"Global": {}}}.get(mode, mode)
    if networks and isinstance(networks[0], str):
        networks = [{"Target": n} for n in networks]
    spec = {"Name": name, "Labels": labels or {}, "TaskTemplate": task_template,
            "Mode": mode, "UpdateConfig": update_config, "Networks": networks,
            "EndpointSpec": endpoint_spec, "RollbackConfig": rollback_config}
    return _drop_none(spec)


# ---- config.json's proxies, for containers and builds (docksock.utils.proxy) ----

_PROXY_KEYS = (("http", "httpProxy", "HTTP_PROXY"), ("https", "httpsProxy", "HTTPS_PROXY"),
               ("ftp", "ftpProxy", "FTP_PROXY"), ("no_proxy", "noProxy", "NO_PROXY"))


class _ProxyConfig(dict):
    """docker.utils.proxy.ProxyConfig: config.json's "proxies" for one daemon (keys http,
    https, ftp, no_proxy), given to containers as environment variables and to builds as
    build arguments, both spellings (http_proxy and HTTP_PROXY)."""

    http = _item("http", settable=False)
    https = _item("https", settable=False)
    ftp = _item("ftp", settable=False)
    no_proxy = _item("no_proxy", settable=False)

    @staticmethod
    def from_dict(config):
        """From config.json's {"httpProxy", "httpsProxy", "ftpProxy", "noProxy"}."""
        return _ProxyConfig((key, config.get(field)) for key, field, _ in _PROXY_KEYS)

    def get_environment(self):
        """{"http_proxy": ..., "HTTP_PROXY": ..., ...} for each proxy that is set."""
        env = {}
        for key, _, variable in _PROXY_KEYS:
            if self.get(key):
                env[variable.lower()] = env[variable] = self[key]
        return env

    def inject_proxy_environment(self, environment):
        """environment (a list of "K=V") with the proxy variables put first, so the
        caller's own settings, coming later, win."""
        if not self:
            return environment
        return ["%s=%s" % kv for kv in self.get_environment().items()] + list(environment)

    def __str__(self):
        return "ProxyConfig(%s)" % ", ".join("%s=%s" % (key, self.get(key))
                                             for key, _, _ in _PROXY_KEYS)


def proxy_environment(proxies, host):
    """config.json's "proxies" as the environment variables the docker CLI gives
    containers and builds: the entry for host (the daemon's URL), else "default"; each
    value set as both NAME and name ({"httpProxy": x} -> HTTP_PROXY=x, http_proxy=x),
    allProxy (ALL_PROXY) too, which the CLI sets and docker-py's ProxyConfig lacks."""
    config = proxies.get(host) if isinstance(proxies.get(host), dict) else \
        proxies.get("default")
    config = config if isinstance(config, dict) else {}
    env = _ProxyConfig.from_dict(config).get_environment()
    if config.get("allProxy"):
        env["ALL_PROXY"] = env["all_proxy"] = config["allProxy"]
    return env


def _with_proxies(environment, proxy_env):
    """environment (a dict or a list, or None) as a list with the proxy variables it does
    not set itself put first."""
    if not proxy_env:
        return environment
    env = _format_environment(environment) if environment is not None else []
    given = set(e.split("=", 1)[0] for e in env)
    return ["%s=%s" % (k, proxy_env[k]) for k in sorted(proxy_env) if k not in given] + env


# ==== docker-py's configuration API: config.json, contexts, credentials ==========
# docker.utils.config, kwargs_from_env, docker.context,
# docker.credentials and docker.auth, over the endpoint resolution and registry auth
# above.  Where docker-py and the docker CLI disagree on a file's place or format,
# docksock keeps to the CLI's (the README lists each case).

# ---- config.json, as docker-py finds it (docker.utils.config) ----

_DOCKER_CONFIG_FILENAME = os.path.join(".docker", "config.json")
_LEGACY_DOCKER_CONFIG_FILENAME = ".dockercfg"


def _config_path_from_environment():
    """$DOCKER_CONFIG/config.json, or None when DOCKER_CONFIG is unset."""
    d = os.environ.get("DOCKER_CONFIG")
    return os.path.join(d, "config.json") if d else None


def _home_dir():
    return os.path.expanduser("~")


def _find_config_file(config_path=None):
    """The first of config_path, $DOCKER_CONFIG/config.json, ~/.docker/config.json and
    ~/.dockercfg that exists, or None."""
    for path in (config_path, _config_path_from_environment(),
                 os.path.join(_home_dir(), _DOCKER_CONFIG_FILENAME),
                 os.path.join(_home_dir(), _LEGACY_DOCKER_CONFIG_FILENAME)):
        if path and os.path.exists(path):
            return path
    return None


def _load_general_config(config_path=None):
    """docker-py's load_general_config: the config file as a dict, {} when there is none
    or it is not JSON (docksock's own client reads config.json with load_config, which
    says so when the file is broken)."""
    path = _find_config_file(config_path)
    if path is None:
        return {}
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ---- the environment's daemon (docker.utils.kwargs_from_env, parse_host) ----

def _kwargs_from_env(environment=None):
    """docker.utils.kwargs_from_env: APIClient keywords from DOCKER_HOST (as given),
    DOCKER_TLS_VERIFY (set and not "" means verify, even "0", as the docker CLI reads
    it) and DOCKER_CERT_PATH (default ~/.docker): {"base_url": ..., "tls": TLSConfig}."""
    environment = environment or os.environ
    params = {}
    if environment.get("DOCKER_HOST"):
        params["base_url"] = environment["DOCKER_HOST"]
    cert_path = environment.get("DOCKER_CERT_PATH") or None
    verify = environment.get("DOCKER_TLS_VERIFY")
    verify = verify is not None and verify != ""
    if cert_path or verify:
        cert_path = cert_path or os.path.join(os.path.expanduser("~"), ".docker")
        params["tls"] = TLSConfig(client_cert=(os.path.join(cert_path, "cert.pem"),
                                               os.path.join(cert_path, "key.pem")),
                                  ca_cert=os.path.join(cert_path, "ca.pem"), verify=verify)
    return params


def _dp_parse_host(addr, is_win32=False, tls=False):
    """docker.utils.parse_host: a daemon address as a URL, docker-py's way:
    "http+unix:///path", "http(s)://host:port[/path]", "ssh://[user@]host:port".
    Addresses are read as the docker CLI reads them (tcp's port defaults to 2375)."""
    if not addr and is_win32:
        return "npipe:////./pipe/docker_engine"
    tls = tls or (addr or "").lower().startswith("https://")
    scheme, address, base_path = parse_host(addr, tls=False)
    if scheme == "unix":
        return "http+unix://" + address
    if scheme == "tcp":
        host, port = address
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d%s" % ("https" if tls else "http", host, port, base_path)
    user = address["user"] + "@" if address["user"] else ""
    return "ssh://%s%s:%d" % (user, address["host"], address["port"] or 22)


# ---- contexts (docker.context), in the docker CLI's files ----

_METAFILE = "meta.json"
_IN_MEMORY = "IN MEMORY"


def _get_context_dir():
    """Where contexts live: <config dir>/contexts, as for the docker CLI (docker-py uses
    ./contexts when there is no config file)."""
    return os.path.join(config_dir(), "contexts")


def _get_context_id(name):
    import hashlib
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def _get_meta_dir(name=None):
    meta = os.path.join(_get_context_dir(), "meta")
    return os.path.join(meta, _get_context_id(name)) if name else meta


def _get_meta_file(name):
    return os.path.join(_get_meta_dir(name), _METAFILE)


def _get_tls_dir(name=None, endpoint=""):
    tls = os.path.join(_get_context_dir(), "tls")
    return os.path.join(tls, _get_context_id(name), endpoint) if name else tls


def _get_context_host(path=None, tls=False):
    """A context's Host: as docker.utils.parse_host, but unix sockets as unix:// (the
    form the docker CLI reads)."""
    host = _dp_parse_host(path, False, tls)
    return "unix://" + host[len("http+unix://"):] if host.startswith("http+unix://") else host


def _get_current_context_name():
    """config.json's currentContext, else "default" (DOCKER_CONTEXT is not read)."""
    return load_config(config_dir()).get("currentContext") or "default"


def _write_context_name_to_docker_config(name=None):
    """Make name config.json's currentContext ("default" or None: remove it)."""
    cfg_dir = config_dir()
    cfg = load_config(cfg_dir)
    if name and name != "default":
        cfg["currentContext"] = name
    elif "currentContext" in cfg:
        del cfg["currentContext"]
    else:
        return
    _save_config(cfg_dir, cfg)


class _Context:
    """docker.context.Context: a named daemon endpoint (and its TLS material), kept in
    the docker CLI's context store.  Context(name, orchestrator=None, host=None,
    endpoints=None, tls=False); save(), remove(), inspect(); Name, Host, Metadata,
    TLSConfig, TLSMaterial, Storage."""

    def __init__(self, name, orchestrator=None, host=None, endpoints=None, tls=False):
        if not name:
            raise MissingContextParameter("name")
        self.name = name
        self.context_type = None
        self.orchestrator = orchestrator
        self.endpoints = {}
        self.tls_cfg = {}
        self.meta_path = self.tls_path = _IN_MEMORY
        if not endpoints:
            key = orchestrator if orchestrator and orchestrator != "swarm" else "docker"
            self.endpoints[key] = {"Host": _get_context_host(host, tls),
                                   "SkipTLSVerify": not tls}
            return
        for key, endpoint in endpoints.items():
            if not isinstance(endpoint, dict):
                raise ContextException("Unknown endpoint format for context %s: %s"
                                       % (name, endpoint))
            endpoint = dict(endpoint)
            if key == "docker":
                endpoint.setdefault("Host", _get_context_host(host, tls))
                endpoint["SkipTLSVerify"] = bool(endpoint.get("SkipTLSVerify", not tls))
            self.endpoints[key] = endpoint

    def set_endpoint(self, name="docker", host=None, tls_cfg=None, skip_tls_verify=False,
                     def_namespace=None):
        self.endpoints[name] = {"Host": _get_context_host(host, not skip_tls_verify),
                                "SkipTLSVerify": skip_tls_verify}
        if def_namespace:
            self.endpoints[name]["DefaultNamespace"] = def_namespace
        if tls_cfg:
            self.tls_cfg[name] = tls_cfg

    @classmethod
    def load_context(cls, name):
        """The saved context of that name, or None."""
        path = _get_meta_file(name)
        if not os.path.isfile(path):
            return None
        try:
            with open(path, "rb") as f:
                meta = json.loads(f.read().decode("utf-8"))
        except (OSError, ValueError) as e:
            raise ContextException("Detected corrupted meta file for context %s : %s"
                                   % (name, e))
        metadata = meta.get("Metadata") or {}
        endpoints = meta.get("Endpoints") or {}
        if "docker" in endpoints:
            endpoints["docker"].setdefault("Host", _get_context_host())
            endpoints["docker"].setdefault("SkipTLSVerify", True)
        ctx = cls(meta.get("Name") or name, orchestrator=metadata.get("StackOrchestrator"),
                  endpoints=endpoints)
        ctx.context_type = metadata.get("Type")
        ctx.meta_path = _get_meta_dir(name)
        ctx.tls_path = _get_tls_dir(name)
        ctx._load_certs()
        return ctx

    def _load_certs(self):
        """TLS material of each endpoint: files named ca*, cert* and key* in its
        directory (all three, or none is used)."""
        for endpoint in self.endpoints:
            directory = os.path.join(self.tls_path, endpoint)
            if not os.path.isdir(directory):
                continue
            found = {}
            for filename in sorted(os.listdir(directory)):
                for prefix in ("ca", "cert", "key"):
                    if filename.startswith(prefix):
                        found[prefix] = os.path.join(directory, filename)
            if len(found) == 3:
                verify = endpoint == "docker" and \
                    not self.endpoints[endpoint].get("SkipTLSVerify", False)
                self.tls_cfg[endpoint] = TLSConfig(client_cert=(found["cert"], found["key"]),
                                                   ca_cert=found["ca"], verify=verify or None)

    def save(self):
        """Write the context (meta.json, and copies of its TLS files) to the store."""
        import shutil
        os.makedirs(_get_meta_dir(self.name), exist_ok=True)
        with open(_get_meta_file(self.name), "w") as f:
            f.write(json.dumps(self.Metadata))
        for endpoint, tls in self.tls_cfg.items():
            directory = _get_tls_dir(self.name, endpoint)
            os.makedirs(directory, exist_ok=True)
            for path in (tls.ca_cert,) + tuple(tls.client_cert or ()):
                if path:
                    shutil.copyfile(path, os.path.join(directory, os.path.basename(path)))
        self.meta_path = _get_meta_dir(self.name)
        self.tls_path = _get_tls_dir(self.name)

    def remove(self):
        """Delete the context's files from the store."""
        import shutil
        for path in (self.meta_path, self.tls_path):
            if path != _IN_MEMORY and os.path.isdir(path):
                shutil.rmtree(path)

    def inspect(self):
        return self()

    def is_docker_host(self):
        return self.context_type is None

    def __call__(self):
        result = self.Metadata
        result.update(self.TLSMaterial)
        result.update(self.Storage)
        return result

    def __repr__(self):
        return "<%s: '%s'>" % (self.__class__.__name__, self.name)

    def __str__(self):
        return json.dumps(self(), indent=2)

    @property
    def Name(self):
        return self.name

    @property
    def Host(self):
        key = self.orchestrator if self.orchestrator and self.orchestrator != "swarm" \
            else "docker"
        return (self.endpoints.get(key) or {}).get("Host")

    @property
    def Orchestrator(self):
        return self.orchestrator

    @property
    def Metadata(self):
        meta = {"StackOrchestrator": self.orchestrator} if self.orchestrator else {}
        return {"Name": self.name, "Metadata": meta, "Endpoints": self.endpoints}

    @property
    def TLSConfig(self):
        key = self.orchestrator if self.orchestrator and self.orchestrator != "swarm" \
            else "docker"
        return self.tls_cfg.get(key)

    @property
    def TLSMaterial(self):
        return {"TLSMaterial": dict(
            (endpoint, [os.path.basename(p) for p in (tls.ca_cert,) + tuple(tls.client_cert or ())])
            for endpoint, tls in self.tls_cfg.items())}

    @property
    def Storage(self):
        return {"Storage": {"MetadataPath": self.meta_path, "TLSPath": self.tls_path}}


class _ContextAPI:
    """docker.context.ContextAPI: the docker CLI's context store, as classmethods:
    contexts(), get_context(), create_context(), remove_context(), inspect_context(),
    set_current_context(), get_current_context(), kwargs_from_context()."""

    DEFAULT_CONTEXT = _Context("default", "swarm")

    @classmethod
    def create_context(cls, name, orchestrator=None, host=None, tls_cfg=None,
                       default_namespace=None, skip_tls_verify=False):
        if not name:
            raise MissingContextParameter("name")
        if name == "default":
            raise ContextException('"default" is a reserved context name')
        if _Context.load_context(name) is not None:
            raise ContextAlreadyExists(name)
        endpoint = orchestrator if orchestrator and orchestrator != "swarm" else "docker"
        ctx = _Context(name, orchestrator)
        ctx.set_endpoint(endpoint, host, tls_cfg, skip_tls_verify=skip_tls_verify,
                         def_namespace=default_namespace)
        ctx.save()
        return ctx

    @classmethod
    def get_context(cls, name=None):
        """The named context (None: the current one), or None when there is none."""
        name = name or _get_current_context_name()
        return cls.DEFAULT_CONTEXT if name == "default" else _Context.load_context(name)

    @classmethod
    def contexts(cls):
        """The default context, then every saved one."""
        found = [cls.DEFAULT_CONTEXT]
        root = _get_meta_dir()
        for entry in sorted(os.listdir(root)) if os.path.isdir(root) else ():
            path = os.path.join(root, entry, _METAFILE)
            if os.path.isfile(path):
                try:
                    with open(path, "rb") as f:
                        name = json.loads(f.read().decode("utf-8"))["Name"]
                except (OSError, ValueError, KeyError, TypeError) as e:
                    raise ContextException("Failed to load metafile %s: %s" % (path, e))
                found.append(_Context.load_context(name))
        return found

    @classmethod
    def get_current_context(cls):
        return cls.get_context()

    @classmethod
    def set_current_context(cls, name="default"):
        if cls.get_context(name) is None:
            raise ContextNotFound(name)
        _write_context_name_to_docker_config(name)

    @classmethod
    def remove_context(cls, name):
        if not name:
            raise MissingContextParameter("name")
        if name == "default":
            raise ContextException('context "default" cannot be removed')
        ctx = _Context.load_context(name)
        if ctx is None:
            raise ContextNotFound(name)
        if name == _get_current_context_name():
            _write_context_name_to_docker_config(None)
        ctx.remove()

    @classmethod
    def inspect_context(cls, name="default"):
        if not name:
            raise MissingContextParameter("name")
        ctx = cls.get_context(name)
        if ctx is None:
            raise ContextNotFound(name)
        return ctx()

    @classmethod
    def kwargs_from_context(cls, name=None, environment=None):
        """APIClient keywords for a context (name, else DOCKER_CONTEXT, else config.json's
        currentContext): {"base_url": ..., "tls": ...}; {} when it is unknown or has no
        host."""
        environment = os.environ if environment is None else environment
        ctx = cls.get_context(name or environment.get("DOCKER_CONTEXT") or None)
        if ctx is None or not ctx.Host:
            return {}
        kwargs = {"base_url": ctx.Host}
        if ctx.TLSConfig is not None:
            kwargs["tls"] = ctx.TLSConfig
        return kwargs


# ---- credential helpers (docker.credentials) ----

_PROGRAM_PREFIX = "docker-credential-"
_DEFAULT_LINUX_STORE, _DEFAULT_OSX_STORE, _DEFAULT_WIN32_STORE = \
    "secretservice", "osxkeychain", "wincred"


class _StoreError(DockerException, RuntimeError):
    """A credential helper failed (docker.credentials.StoreError)."""


class _CredentialsNotFound(_StoreError):
    """The credential helper has nothing for that server."""


class _InitializationError(_StoreError):
    """docker-py's docker.credentials.errors.InitializationError (never raised)."""


def _process_store_error(cpe, program):
    """The StoreError for a helper's failed run (a subprocess.CalledProcessError)."""
    out = (cpe.output or b"").decode("utf-8", "replace").strip()
    if _NOT_FOUND in out:
        return _CredentialsNotFound("No matching credentials in %s" % program)
    return _StoreError('Credentials store %s exited with "%s".' % (program, out))


def _create_environment_dict(overrides):
    """os.environ updated with overrides: a helper's environment."""
    env = dict(os.environ)
    env.update(overrides or {})
    return env


class _Store:
    """docker.credentials.Store(program, environment=None): a credential helper,
    docker-credential-<program>, found on PATH: get(server), store(server, username,
    secret), erase(server), list()."""

    def __init__(self, program, environment=None):
        import shutil
        self.program = _PROGRAM_PREFIX + program
        self.exe = shutil.which(self.program)
        self.environment = environment
        if self.exe is None:
            import warnings
            warnings.warn("%s not installed or not available in PATH" % self.program)

    def get(self, server):
        """{"ServerURL", "Username", "Secret"} for server; CredentialsNotFound when none."""
        if not isinstance(server, bytes):
            server = server.encode("utf-8")
        data = json.loads(self._execute("get", server).decode("utf-8"))
        if not data.get("Username") and not data.get("Secret"):
            raise _CredentialsNotFound("No matching credentials in %s" % self.program)
        return data

    def store(self, server, username, secret):
        payload = json.dumps({"ServerURL": server, "Username": username, "Secret": secret})
        return self._execute("store", payload.encode("utf-8"))

    def erase(self, server):
        if not isinstance(server, bytes):
            server = server.encode("utf-8")
        self._execute("erase", server)

    def list(self):
        """{server: username} of every entry."""
        return json.loads(self._execute("list", None).decode("utf-8"))

    def _execute(self, subcommand, data):
        import subprocess
        if self.exe is None:
            raise _StoreError("%s not installed or not available in PATH" % self.program)
        try:
            return subprocess.check_output([self.exe, subcommand], input=data,
                                           env=_create_environment_dict(self.environment))
        except subprocess.CalledProcessError as e:
            raise _process_store_error(e, self.program)
        except OSError as e:
            if e.errno == errno.ENOENT:
                raise _StoreError("%s not installed or not available in PATH" % self.program)
            raise _StoreError('Unexpected OS error "%s", errno=%s' % (e.strerror, e.errno))


# ---- registry credentials, docker-py's way (docker.auth) ----

_INDEX_NAME = "docker.io"


def _dp_decode_auth(auth):
    """config.json's "auth" (base64 of "user:password") -> (user, password)."""
    import base64
    if isinstance(auth, str):
        auth = auth.encode("ascii")
    user, _, password = base64.b64decode(auth).partition(b":")
    return user.decode("utf-8"), password.decode("utf-8")


def _encode_header(auth):
    """X-Registry-Auth as docker-py makes it: urlsafe base64 of the JSON, as bytes."""
    import base64
    return base64.urlsafe_b64encode(json.dumps(auth).encode("ascii"))


def _resolve_index_name(index_name):
    host = _hostname(index_name)
    return _INDEX_NAME if host == "index." + _INDEX_NAME else host


def _split_repo_name(repo_name):
    """(registry, rest): the first component is a registry when it has "." or ":", or is
    localhost; else it is Docker Hub's."""
    first, slash, rest = repo_name.partition("/")
    if not slash or ("." not in first and ":" not in first and first != "localhost"):
        return _INDEX_NAME, repo_name
    return first, rest


def _resolve_repository_name(repo_name):
    if "://" in repo_name:
        raise InvalidRepository("Repository name cannot contain a scheme (%s)" % repo_name)
    index, remote = _split_repo_name(repo_name)
    if index.startswith("-") or index.endswith("-"):
        raise InvalidRepository("Invalid index name (%s). Cannot begin or end with a hyphen."
                                % index)
    return _resolve_index_name(index), remote


class _DpAuthConfig(dict):
    """docker.auth.AuthConfig: config.json's credentials (auths, credsStore,
    credHelpers) and docker-py's lookups over them.  (docksock.AuthConfig, at the top
    level, is one registry's credentials.)"""

    def __init__(self, dct, credstore_env=None):
        super().__init__(dct)
        self.setdefault("auths", {})
        self._credstore_env = credstore_env
        self._stores = {}

    @classmethod
    def parse_auth(cls, entries, raise_on_error=False):
        """config.json's auths -> {registry: credentials}: {"username", "password",
        "email", "serveraddress"}, {"IdentityToken"}, or {} for an entry without auth.
        A malformed entry makes the whole result {} (InvalidConfigFile with
        raise_on_error)."""
        conf = {}
        for registry, entry in entries.items():
            if not isinstance(entry, dict):
                if raise_on_error:
                    raise InvalidConfigFile("Invalid configuration for registry %s" % registry)
                return {}
            if "identitytoken" in entry:
                conf[registry] = {"IdentityToken": entry["identitytoken"]}
            elif "auth" not in entry:
                conf[registry] = {}
            else:
                username, password = _dp_decode_auth(entry["auth"])
                conf[registry] = {"username": username, "password": password,
                                  "email": entry.get("email"), "serveraddress": registry}
        return conf

    @classmethod
    def load_config(cls, config_path, config_dict, credstore_env=None):
        """From config_dict, else from the config file found (a legacy .dockercfg too)."""
        if not config_dict:
            path = _find_config_file(config_path)
            if path is None:
                return cls({}, credstore_env)
            try:
                with open(path, "rb") as f:
                    config_dict = json.loads(f.read().decode("utf-8"))
            except (OSError, ValueError):
                return cls(_legacy_auths(path), credstore_env)
        found = {}
        if config_dict.get("auths"):
            found["auths"] = cls.parse_auth(config_dict["auths"], raise_on_error=True)
        for key in ("credsStore", "credHelpers"):
            if config_dict.get(key):
                found[key] = config_dict[key]
        if not found:   # an old file: the whole of it is the auths
            found["auths"] = cls.parse_auth(config_dict)
        return cls(found, credstore_env)

    @property
    def auths(self):
        return self.get("auths", {})

    @property
    def creds_store(self):
        return self.get("credsStore")

    @property
    def cred_helpers(self):
        return self.get("credHelpers", {})

    @property
    def is_empty(self):
        return not self.auths and not self.creds_store and not self.cred_helpers

    def resolve_authconfig(self, registry=None):
        """The credentials for registry (None: Docker Hub): from its credential helper,
        else from auths (by key, or by the hostname a key names); None when none."""
        if self.creds_store or self.cred_helpers:
            store = self.get_credential_store(registry)
            if store is not None:
                found = self._from_store(registry, store)
                if found is not None:
                    return found
        registry = _resolve_index_name(registry) if registry else _INDEX_NAME
        if registry in self.auths:
            return self.auths[registry]
        for key, conf in self.auths.items():
            if _resolve_index_name(key) == registry:
                return conf
        return None

    def _from_store(self, registry, store_name):
        if not registry or registry == _INDEX_NAME:
            registry = INDEX_SERVER
        store = self._stores.get(store_name)
        if store is None:
            store = self._stores[store_name] = _Store(store_name, self._credstore_env)
        try:
            data = store.get(registry)
        except _CredentialsNotFound:
            return None
        except _StoreError as e:
            raise DockerException("Credentials store error: %r" % (e,))
        if data.get("Username") == _TOKEN_USERNAME:
            return {"ServerAddress": registry, "IdentityToken": data.get("Secret")}
        return {"ServerAddress": registry, "Username": data.get("Username"),
                "Password": data.get("Secret")}

    def get_credential_store(self, registry):
        """The helper for registry: credHelpers' entry, else credsStore (or None)."""
        if not registry or registry == _INDEX_NAME:
            registry = INDEX_SERVER
        return self.cred_helpers.get(registry) or self.creds_store

    def get_all_credentials(self):
        """{registry: credentials} of auths and of every helper's entries (each also
        under its hostname): the payload of X-Registry-Config."""
        found = dict(self.auths)
        registries = []
        if self.creds_store:
            store = self._stores.get(self.creds_store) or _Store(self.creds_store,
                                                                 self._credstore_env)
            self._stores[self.creds_store] = store
            registries += [(r, self.creds_store) for r in store.list()]
        registries += list(self.cred_helpers.items())
        for registry, store_name in registries:
            found[registry] = found[_hostname(registry)] = self._from_store(registry,
                                                                           store_name)
        return found

    def add_auth(self, reg, data):
        self["auths"][reg] = data


def _legacy_auths(path):
    """A legacy .dockercfg ("auth = <base64>" and "email = <address>" lines)."""
    values = {}
    try:
        with open(path) as f:
            for line in f:
                key, sep, value = line.strip().partition(" = ")
                if sep:
                    values[key] = value
        username, password = _dp_decode_auth(values["auth"])
    except (OSError, KeyError, ValueError):
        return {}
    return {"auths": {_INDEX_NAME: {"username": username, "password": password,
                                    "email": values.get("email"),
                                    "serveraddress": INDEX_SERVER}}}


def _dp_load_config(config_path=None, config_dict=None, credstore_env=None):
    """docker.auth.load_config: an auth.AuthConfig from a config file or dict."""
    return _DpAuthConfig.load_config(config_path, config_dict, credstore_env)


def _parse_auth(entries, raise_on_error=False):
    return _DpAuthConfig.parse_auth(entries, raise_on_error)


def _resolve_authconfig(authconfig, registry=None, credstore_env=None):
    """docker.auth.resolve_authconfig over a dict or auth.AuthConfig."""
    if not isinstance(authconfig, _DpAuthConfig):
        authconfig = _DpAuthConfig(authconfig, credstore_env)
    return authconfig.resolve_authconfig(registry)


def _get_credential_store(authconfig, registry):
    if not isinstance(authconfig, _DpAuthConfig):
        authconfig = _DpAuthConfig(authconfig)
    return authconfig.get_credential_store(registry)


def _get_config_header(client, registry):
    """X-Registry-Auth for registry as docker-py's get_config_header: the encoded
    credentials the client would use (login()'s, else the config's), or None."""
    key = registry_key(registry or INDEX_SERVER)
    creds = client._auth_configs.get(key) or resolve_auth(key,
                                                          **client._credential_settings())
    return _encode_header(dict(creds)) if creds else None


# ==== Local files: build contexts and tar archives =============================
#
# What `docker build DIR` sends: the docker CLI reads DIR/.dockerignore with
# moby/patternmatcher's ignorefile.ReadAll, adds exceptions for the Dockerfile and the
# .dockerignore itself (cli/command/image/build.TrimBuildFilesFromExcludes), and tars DIR
# with moby's archive.TarWithOptions(ExcludePatterns, ChownOpts 0:0).  The tar bytes below
# are the ones Go's archive/tar writes for those headers.

# -- .dockerignore ----------------------------------------------------------------

def _clean_path(p):
    """Go's path.Clean: the shortest equivalent slash path ("" -> ".")."""
    rooted = p.startswith("/")
    parts = []
    for part in p.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


def read_dockerignore(text):
    """The patterns of a .dockerignore file (str or bytes), as the docker CLI reads them.

    A UTF-8 BOM is dropped, `#` starts a comment only in column 0, lines are trimmed and
    blank ones skipped, a leading `!` (an exception) is kept, and the rest is cleaned like
    Go's filepath.Clean with a leading `/` removed: "! /a/./b/" -> "!a/b".
    """
    if isinstance(text, bytes):
        # Go strings are bytes: undecodable names must still match, as os.listdir gives them.
        text = text.decode("utf-8", "surrogateescape")
    patterns = []
    for number, line in enumerate(text.split("\n")):
        if line.endswith("\r"):  # bufio.ScanLines drops one CR before the LF
            line = line[:-1]
        if number == 0 and line.startswith("\ufeff"):
            line = line[1:]
        if line.startswith("#"):
            continue
        line = line.strip(_GO_SPACE)
        if not line:
            continue
        invert = line.startswith("!")
        if invert:
            line = line[1:].strip(_GO_SPACE)
        if line:
            line = _clean_path(line)
            if len(line) > 1 and line.startswith("/"):
                line = line[1:]
        patterns.append("!" + line if invert else line)
    return patterns


# -- Go regexp syntax, as far as patternmatcher's regexps use it --------------------

_MAX_RUNE = 0x10FFFF
# Go's Perl classes and POSIX [:names:] are ASCII-only.
_PERL_CLASSES = {
    "d": [(0x30, 0x39)],
    "s": [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)],  # no \v, unlike Python's \s
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
}
_POSIX_CLASSES = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)], "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x00, 0x7F)], "blank": [(0x09, 0x09), (0x20, 0x20)],
    "cntrl": [(0x00, 0x1F), (0x7F, 0x7F)], "digit": [(0x30, 0x39)], "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)], "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x09, 0x0D), (0x20, 0x20)], "upper": [(0x41, 0x5A)],
    "word": _PERL_CLASSES["w"], "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_C_ESCAPES = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
_HEX = "0123456789abcdefABCDEF"


def _complement(ranges):
    out, low = [], 0
    for lo, hi in sorted(ranges):
        if lo > low:
            out.append((low, lo - 1))
        low = max(low, hi + 1)
    if low <= _MAX_RUNE:
        out.append((low, _MAX_RUNE))
    return out


def _perl_class(letter):
    ranges = _PERL_CLASSES[letter.lower()]
    return _complement(ranges) if letter.isupper() else ranges


def _go_escape(src, i):
    """Go's parseEscape for the backslash at src[i]: (code point, next index)."""
    n = len(src)
    t = i + 1
    if t >= n:
        raise ValueError("trailing backslash at end of expression")
    c = src[t]
    t += 1
    if c < "\x80" and not c.isalnum():  # escaped punctuation is itself
        return ord(c), t
    if c in "01234567":
        if c != "0" and not (t < n and src[t] in "01234567"):
            raise ValueError("invalid escape sequence: \\" + c)  # a backreference
        value, digits = ord(c) - 0x30, 1
        while digits < 3 and t < n and src[t] in "01234567":
            value, t, digits = value * 8 + ord(src[t]) - 0x30, t + 1, digits + 1
        return value, t
    if c == "x":
        if src[t:t + 1] == "{":
            close = src.find("}", t + 1)
            digits = src[t + 1:close] if close > 0 else ""
            if digits and all(d in _HEX for d in digits) and int(digits, 16) <= _MAX_RUNE:
                return int(digits, 16), close + 1
        elif len(src[t:t + 2]) == 2 and all(d in _HEX for d in src[t:t + 2]):
            return int(src[t:t + 2], 16), t + 2
    if c in _C_ESCAPES:
        return _C_ESCAPES[c], t
    raise ValueError("invalid escape sequence: \\" + c)


def _go_class(src, i):
    """Go's parseClass for the "[" at src[i]: (ranges, negated, next index)."""
    n = len(src)
    t = i + 1
    negated = src[t:t + 1] == "^"
    if negated:
        t += 1
    ranges = []
    first = True  # "]" first in a class is a literal
    while first or t >= n or src[t] != "]":
        first = False
        if n - t > 2 and src[t:t + 2] == "[:":
            end = src.find(":]", t + 2)
            if end >= 0:
                name = src[t + 2:end]
                group = _POSIX_CLASSES.get(name.lstrip("^"))
                if group is None or name.count("^") > (1 if name.startswith("^") else 0):
                    raise ValueError("invalid character class range: " + src[t:end + 2])
                ranges += _complement(group) if name.startswith("^") else group
                t = end + 2
                continue
        if src[t:t + 2] in ("\\p", "\\P"):
            raise ValueError("Unicode classes (\\p, \\P) are not supported by docksock")
        if n - t >= 2 and src[t] == "\\" and src[t + 1] in "dDsSwW":
            ranges += _perl_class(src[t + 1])
            t += 2
            continue
        lo, t = _go_class_char(src, t)
        hi = lo
        if n - t >= 2 and src[t] == "-" and src[t + 1] != "]":
            hi, t = _go_class_char(src, t + 1)
            if hi < lo:
                raise ValueError("invalid character class range")
        ranges.append((lo, hi))
    return ranges, negated, t + 1


def _go_class_char(src, t):
    if t >= len(src):
        raise ValueError("missing closing ]")
    if src[t] == "\\":
        return _go_escape(src, t)
    return ord(src[t]), t + 1


def _re_class(ranges, negated=False):
    if not ranges:
        return "[\\x00-\\U0010ffff]" if negated else "(?!)"
    body = "".join("\\U%08x" % lo if lo == hi else "\\U%08x-\\U%08x" % (lo, hi)
                   for lo, hi in ranges)
    return "[%s%s]" % ("^" if negated else "", body)


def _go_regexp(src):
    """Python re syntax for a Go regexp of the kind patternmatcher builds (literals,
    escapes, classes, and its own "^", "$", "[^/]*", "(.*/)?", ".*"), with Go's meaning:
    "\\d" and "[[:digit:]]" are ASCII digits, "\\n" a newline, "\\Q...\\E" literal text.
    Raises ValueError where Go's regexp.Compile fails ("\\y", "[z-a]", "[a")."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            letter = src[i + 1:i + 2]
            if letter and letter in "AbBz":  # assertions; \b is ASCII in Go, as with re.ASCII
                out.append("\\Z" if letter == "z" else "\\" + letter)
                i += 2
            elif letter == "Q":
                end = src.find("\\E", i + 2)
                out.append(re.escape(src[i + 2:] if end < 0 else src[i + 2:end]))
                i = n if end < 0 else end + 2
            elif letter and letter in "pP":
                raise ValueError("Unicode classes (\\p, \\P) are not supported by docksock")
            elif letter and letter in "dDsSwW":
                out.append(_re_class(_perl_class(letter)))
                i += 2
            elif letter == "C":
                raise ValueError("invalid escape sequence: \\C")
            else:
                code, i = _go_escape(src, i)
                out.append(re.escape(chr(code)))
        elif c == "[":
            ranges, negated, i = _go_class(src, i)
            out.append(_re_class(ranges, negated))
        elif c == "$":  # Go's $ is the end of the text; Python's also matches before a "\n"
            out.append("\\Z")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


class _BadPattern(Exception):
    """Go's filepath.ErrBadPattern, inside the Match port below."""


def _scan_chunk(pattern):
    """Go's scanChunk: (leading star?, the chunk up to the next unbracketed star, rest)."""
    star = False
    while pattern.startswith("*"):
        pattern = pattern[1:]
        star = True
    in_range = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif c == "[":
            in_range = True
        elif c == "]":
            in_range = False
        elif c == "*" and not in_range:
            break
        i += 1
    return star, pattern[:i], pattern[i:]


def _class_char(chunk, i):
    """Go's getEsc: one character of a [class], possibly escaped; (it, next index)."""
    if i >= len(chunk) or chunk[i] in "-]":
        raise _BadPattern()
    if chunk[i] == "\\":
        i += 1
        if i >= len(chunk):
            raise _BadPattern()
    if i + 1 >= len(chunk):  # the class is never closed
        raise _BadPattern()
    return chunk[i], i + 1


def _match_chunk(chunk, s):
    """Go's matchChunk: the rest of s after chunk, or None; the whole chunk is checked
    for syntax even after a mismatch."""
    failed = False
    i, n = 0, len(chunk)
    while i < n:
        if not failed and not s:
            failed = True
        c = chunk[i]
        if c == "[":
            r = ""
            if not failed:
                r, s = s[0], s[1:]
            i += 1
            negated = i < n and chunk[i] == "^"
            if negated:
                i += 1
            hit, ranges = False, 0
            while True:
                if i < n and chunk[i] == "]" and ranges:
                    i += 1
                    break
                lo, i = _class_char(chunk, i)
                hi = lo
                if chunk[i] == "-":
                    hi, i = _class_char(chunk, i + 1)
                if r and lo <= r <= hi:
                    hit = True
                ranges += 1
            if hit == negated:
                failed = True
        elif c == "?":
            if not failed:
                failed = s[0] == "/"
                s = s[1:]
            i += 1
        else:
            if c == "\\":
                i += 1
                if i >= n:
                    raise _BadPattern()
            if not failed:
                failed = chunk[i] != s[0]
                s = s[1:]
            i += 1
    return None if failed else s


def _go_match_rejects(pattern):
    """Whether Go's filepath.Match(pattern, ".") fails with ErrBadPattern: the one syntax
    check patternmatcher.New makes.  Like Go, it stops at the first piece between stars
    that cannot match ".", so "a*[" passes and "a[" does not."""
    name = "."
    try:
        while pattern:
            star, chunk, pattern = _scan_chunk(pattern)
            if star and not chunk:
                return False
            rest = _match_chunk(chunk, name)
            if rest is not None and (not rest or pattern):
                name = rest
                continue
            skipped = False
            i = 0
            while star and i < len(name) and name[i] != "/":  # let the star eat i+1 chars
                rest = _match_chunk(chunk, name[i + 1:])
                if rest is not None and (pattern or not rest):
                    name, skipped = rest, True
                    break
                i += 1
            if not skipped:
                return False
    except _BadPattern:
        return True
    return False


class _IgnorePattern:
    """One cleaned pattern, compiled the way patternmatcher's Pattern.compile does: an exact
    string, a prefix ("dir/**"), a suffix ("**/name"), or else an anchored regex.  A regex
    that does not compile fails when the pattern is first evaluated, as in Go, where
    patterns compile lazily: a broken pattern that is never reached does no harm."""

    def __init__(self, text, exclusion):
        if _go_match_rejects(text):
            raise InvalidArgument("syntax error in .dockerignore pattern %r" % text)
        self.text = text
        self.exclusion = exclusion
        self.error = None
        kind = "exact"
        go = ["^"]  # the regexp patternmatcher hands to Go's regexp package
        i, n, first = 0, len(text), True
        while i < n:
            c = text[i]
            i += 1
            if c == "*":
                if i < n and text[i] == "*":
                    i += 1
                    if i < n and text[i] == "/":  # "**/" is treated as "**"
                        i += 1
                    if i >= n:  # a trailing "**" matches everything below
                        if kind == "exact":
                            kind = "prefix"
                        else:
                            go.append(".*")
                            kind = "regex"
                    else:  # any number of segments, zero included
                        go.append("(.*/)?")
                        kind = "regex"
                    if first:
                        kind = "suffix"
                else:
                    go.append("[^/]*")
                    kind = "regex"
            elif c == "?":
                go.append("[^/]")
                kind = "regex"
            elif c in ".+()|{}$":
                go.append("\\" + c)
            elif c == "\\":
                # The escaped character goes to Go's regexp engine as it is: "\*" is a
                # star, but "\d" a digit and "\y" an error.  A trailing "\" escapes the
                # closing "$", so the regexp then only anchors the start.
                if i < n:
                    go.append("\\" + text[i])
                    i += 1
                    kind = "regex"
                else:
                    go.append("\\")
            elif c in "[]":
                go.append(c)
                kind = "regex"
            else:
                go.append(c)
            first = False
        self.kind = kind
        if kind == "regex":
            try:
                self.regex = re.compile(_go_regexp("".join(go) + "$"), re.ASCII)
            except (ValueError, re.error) as e:
                self.error = "syntax error in .dockerignore pattern %r: %s" % (text, e)
        elif kind == "prefix":
            self.affix = text[:-2]
        elif kind == "suffix":
            self.affix = text[2:]

    def match(self, path):
        kind = self.kind
        if kind == "exact":
            return path == self.text
        if kind == "prefix":
            return path.startswith(self.affix)
        if kind == "suffix":
            # "**/foo" matches "foo" itself too
            return path.endswith(self.affix) or (self.affix.startswith("/")
                                                 and path == self.affix[1:])
        if self.error:
            raise InvalidArgument(self.error)
        return self.regex.search(path) is not None

    def __repr__(self):
        return "<%s %r>" % (self.kind, ("!" if self.exclusion else "") + self.text)


def _parent_dirs(path):
    """"a/b/c" -> ["a", "a/b"]."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


class IgnoreMatcher:
    """.dockerignore patterns, matched the way the docker CLI matches them.

    Patterns are evaluated in order and the last one that matches wins; `!pattern`
    re-includes.  `*` is any run of non-`/` characters, `?` one non-`/` character, `[...]`
    a class (`[^...]` negated), `\\` escapes, `**` any number of path segments (zero too).
    A pattern that matches a parent directory matches everything below it.

    Attributes: patterns (the cleaned pattern strings), exclusions (True when any
    pattern is an exception).  Raises InvalidArgument for a pattern Go would reject.
    """

    def __init__(self, patterns):
        self._patterns = []
        for p in patterns:
            p = p.strip(_GO_SPACE)
            if not p:
                continue
            p = _clean_path(p)
            exclusion = p.startswith("!")
            if exclusion:
                if len(p) == 1:
                    raise InvalidArgument('illegal exclusion pattern: "!"')
                p = p[1:]
            self._patterns.append(_IgnorePattern(p, exclusion))
        self.patterns = [("!" if p.exclusion else "") + p.text for p in self._patterns]
        self.exclusions = any(p.exclusion for p in self._patterns)
        self._broken = any(p.error for p in self._patterns)

    def matches(self, relpath):
        """True when relpath (relative, `/`-separated) is excluded: patternmatcher's
        MatchesOrParentMatches.  The context root itself is never excluded."""
        path = _clean_path(relpath.replace(os.sep, "/"))
        if path == ".":
            return False
        parents = _parent_dirs(path)
        matched = False
        for pattern in self._patterns:
            # An inclusion cannot change an excluded path, nor an exception an included one.
            if pattern.exclusion != matched:
                continue
            if pattern.match(path) or any(pattern.match(d) for d in parents):
                matched = not pattern.exclusion
        return matched

    def _walk_match(self, path, parent_hits):
        """patternmatcher's MatchesUsingParentResults, which archive.TarWithOptions uses
        while it walks: parent_hits[i] says the parent directory matched pattern i (None at
        the top).  Returns (excluded, hits for path's children).

        It differs from matches(): a pattern skipped at the parent (an exception while the
        parent was included) is tried on the path alone, not on its parents, so
        ["a/b/c", "!a/b"] excludes a/b/c here but not in matches().
        """
        matched = False
        hits = []
        for i, pattern in enumerate(self._patterns):
            hit = parent_hits[i] if parent_hits is not None else False
            if not hit:
                if pattern.exclusion != matched:
                    hits.append(False)
                    continue
                hit = pattern.match(path)
                if not hit and parent_hits is None:
                    hit = any(pattern.match(d) for d in _parent_dirs(path))
            hits.append(hit)
            if hit:
                matched = not pattern.exclusion
        return matched, hits

    def __repr__(self):
        return "IgnoreMatcher(%r)" % (self.patterns,)


# -- The context tar --------------------------------------------------------------

_BLOCK = 512
_CHUNK = 65536          # bytes per chunk of the stream; files are read this much at a time
_OCTAL_12 = 0o77777777777  # the largest size or mtime a 12-byte octal field holds (8 GiB - 1)
_XATTR_CAPS = "security.capability"  # the one xattr moby's archive package copies into tars


def _ascii_only(b):
    """Go's toASCII for a bytes name: drop every non-ASCII byte."""
    return bytes(c for c in b if c < 0x80)


def _split_ustar(name):
    """Go's splitUSTARPath: (prefix, name) for a long ASCII name that fits the 155+100-byte
    USTAR fields, else None."""
    length = len(name)
    if length <= 100 or not all(c < 0x80 for c in name):
        return None
    if length > 156:
        length = 156
    elif name[length - 1:length] == b"/":
        length -= 1
    i = name.rfind(b"/", 0, length)
    suffix_len = len(name) - i - 1
    if i <= 0 or suffix_len > 100 or suffix_len == 0 or i > 155:
        return None
    return name[:i], name[i + 1:]


def _field(value, size):
    """Go's formatString: copy, NUL-terminate when shorter; a cut name keeps no trailing '/'."""
    out = bytearray(value[:size].ljust(size, b"\0"))
    if len(value) > size and out[-1:] == b"/":
        out[len(value[:size - 1].rstrip(b"/"))] = 0
    return bytes(out)


def _octal(value, size):
    """Go's formatOctal: zero-padded octal and a NUL; 0 when it does not fit."""
    if not 0 <= value < 8 ** (size - 1):
        value = 0
    return b"%0*o\0" % (size - 1, value)


def _header_block(name, typeflag, mode=0, size=0, mtime=0, linkname=b"", devmajor=0,
                  devminor=0, prefix=b"", devices=True, owner=(0, 0)):
    """One 512-byte USTAR header block, with empty user and group names (owner is the
    numeric uid and gid).  Go leaves the device numbers blank (devices=False) only in a
    PAX extended header."""
    devices = _octal(devmajor, 8) + _octal(devminor, 8) if devices else b"\0" * 16
    block = b"".join([
        _field(name, 100), _octal(mode, 8), _octal(owner[0], 8), _octal(owner[1], 8),
        _octal(size, 12),
        _octal(mtime, 12), b" " * 8, typeflag, _field(linkname, 100), b"ustar\x0000",
        b"\0" * 32, b"\0" * 32, devices, _field(prefix, 155), b"\0" * 12,
    ])
    checksum = b"%06o\0 " % sum(block)
    return block[:148] + checksum + block[156:]


def _pax_record(key, value):
    """"<length> key=value\\n", where the length counts itself (Go's formatPAXRecord)."""
    body = b" " + key + b"=" + value + b"\n"
    size = len(body) + len(str(len(body)))
    if len(str(size)) + len(body) != size:
        size = len(str(size)) + len(body)
    return str(size).encode("ascii") + body


def _pad(n):
    return b"\0" * (-n % _BLOCK)


def _tar_header(name, typeflag, mode=0, size=0, mtime=0, linkname=b"", devmajor=0,
                devminor=0, xattrs=None, owner=(0, 0)):
    """The header of one entry as Go's archive/tar writes a PAX-format header from moby's
    archive package: plain USTAR when every field fits (a long ASCII name split into
    prefix and name), otherwise a PAX extended header ("x") first, carrying path, linkpath,
    size, mtime or SCHILY.xattr records, sorted by key."""
    records = {}
    ustar = True
    if xattrs:
        for key, value in xattrs.items():
            records[b"SCHILY.xattr." + key] = value
        ustar = False  # only PAX carries xattrs
    long_or_wide = len(name) > 100 or not all(c < 0x80 for c in name)
    if long_or_wide:
        records[b"path"] = name
        if _split_ustar(name) is None:
            ustar = False
    if len(linkname) > 100 or not all(c < 0x80 for c in linkname):
        records[b"linkpath"] = linkname
        ustar = False
    if size > _OCTAL_12:
        records[b"size"] = b"%d" % size
        ustar = False
    if not 0 <= mtime <= _OCTAL_12:
        records[b"mtime"] = b"%d" % mtime
        ustar = False
    if ustar:
        split = _split_ustar(name) if long_or_wide else None
        prefix, name = split if split else (b"", name)
        return _header_block(name, typeflag, mode, size, mtime, linkname, devmajor, devminor,
                             prefix, owner=owner)
    data = b"".join(_pax_record(k, records[k]) for k in sorted(records))
    head, _, tail = name.rpartition(b"/")
    pax_name = (head + b"/" if head else b"") + b"PaxHeaders.0" + (b"/" + tail if tail else b"")
    pax_name = _ascii_only(pax_name)[:100].rstrip(b"/")
    return b"".join([
        _header_block(pax_name, b"x", size=len(data), devices=False), data, _pad(len(data)),
        _header_block(_ascii_only(name), typeflag, mode, size, mtime, _ascii_only(linkname),
                      devmajor, devminor, owner=owner),
    ])


def _sorted_names(path):
    # filepath.WalkDir visits names in byte order; fsencode keeps undecodable names in place.
    return sorted(os.listdir(path), key=os.fsencode)


def _walk_context(root, matcher):
    """(relpath, abspath, lstat) of what archive.TarWithOptions puts in the tar, in its
    order: depth first, names sorted, a directory before its contents.

    An excluded directory is not entered, unless an exception pattern starts with its
    path ("dir" then "!dir/keep"): then its contents are matched one by one, and the
    directory's own entry is still left out.  Exceptions such as "!**/keep" do not open an
    excluded directory: the docker CLI behaves the same.
    """
    exceptions = [p.text + "/" for p in matcher._patterns if p.exclusion]
    stack = [(root, "", None, iter(_sorted_names(root)))]
    while stack:
        dir_path, dir_rel, parent_hits, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        path = os.path.join(dir_path, name)
        rel = dir_rel + name
        try:
            st = os.lstat(path)
        except OSError:  # gone since the listing: the CLI logs it and goes on
            continue
        is_dir = stat.S_ISDIR(st.st_mode)
        excluded, hits = matcher._walk_match(rel, parent_hits)
        if excluded:
            if not is_dir:
                continue
            prefix = rel + "/"
            if not any(e.startswith(prefix) for e in exceptions):
                continue
        else:
            yield rel, path, st
        if is_dir:
            try:
                children = _sorted_names(path)
            except OSError:  # an unreadable directory goes in empty, as with the CLI
                continue
            stack.append((path, rel + "/", hits, iter(children)))


def _entry_header(rel, path, st, hardlinks, owner=(0, 0)):
    """(header bytes, size of the content that follows) for one walked entry, or None for
    what a tar cannot hold (sockets).  hardlinks maps (st_dev, st_ino) -> first name.
    owner is the (uid, gid) written, or None for the file's own."""
    mode = st.st_mode
    name = os.fsencode(rel)
    size, linkname, major, minor = 0, b"", 0, 0
    if stat.S_ISDIR(mode):
        typeflag, name = b"5", name + b"/"
    elif stat.S_ISREG(mode):
        typeflag, size = b"0", st.st_size
    elif stat.S_ISLNK(mode):
        typeflag, linkname = b"2", os.fsencode(os.readlink(path))
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        typeflag = b"3" if stat.S_ISCHR(mode) else b"4"
        major, minor = os.major(st.st_rdev), os.minor(st.st_rdev)
    elif stat.S_ISFIFO(mode):
        typeflag = b"6"
    else:  # archive/tar: "sockets not supported"; moby logs it and leaves the file out
        return None
    if not stat.S_ISDIR(mode) and st.st_nlink > 1:
        # The first name of a hard-linked inode carries the data; later ones point at it.
        key = (st.st_dev, st.st_ino)
        if key in hardlinks:
            typeflag, linkname, size = b"1", hardlinks[key], 0
        else:
            hardlinks[key] = name
    xattrs = None
    try:
        caps = os.getxattr(path, _XATTR_CAPS, follow_symlinks=False)
    except (OSError, AttributeError):
        caps = None
    if caps:
        if len(caps) > 3 and caps[3] == 3:
            # VFS_CAP_REVISION_3 -> 2: the root uid it names is irrelevant for uid 0 (moby).
            caps = caps[:3] + b"\x02" + caps[4:20]
        xattrs = {_XATTR_CAPS.encode("ascii"): caps}
    # moby truncates mtimes to whole seconds (floor, also before 1970).
    header = _tar_header(name, typeflag, stat.S_IMODE(mode), size, st.st_mtime_ns // 10 ** 9,
                         linkname, major, minor, xattrs,
                         (st.st_uid, st.st_gid) if owner is None else owner)
    return header, (size if typeflag == b"0" else 0)


def _tar_chunks(items, owner=(0, 0)):
    """A tar stream in chunks of about _CHUNK bytes, never held whole.  items yields
    (name, path, lstat, content): a walked file (content None: read from path, exactly
    the size its header says), or a made-up regular file (content bytes; lstat gives its
    mode and mtime, or None for mode 0600 and the current time)."""
    out = bytearray()
    hardlinks = {}
    for rel, path, st, content in items:
        if content is not None:
            mode, mtime = (stat.S_IMODE(st.st_mode), st.st_mtime_ns // 10 ** 9) if st else \
                (0o600, int(round(time.time())))
            out += _tar_header(rel.encode("utf-8"), b"0", mode, len(content), mtime,
                               owner=owner or (0, 0))
            out += content + _pad(len(content))
        else:
            entry = _entry_header(rel, path, st, hardlinks, owner)
            if entry is None:
                continue
            header, size = entry
            out += header
            if size:
                try:
                    f = open(path, "rb")
                except OSError as e:
                    raise DockerException("cannot read %s: %s" % (path, e.strerror))
                with f:
                    left = size
                    while left:
                        data = f.read(min(left, _CHUNK))
                        if not data:
                            raise DockerException("%s shrank while it was being sent (%d of "
                                                  "%d bytes)" % (path, size - left, size))
                        left -= len(data)
                        out += data
                        if len(out) >= _CHUNK:
                            yield bytes(out)
                            out = bytearray()
                out += _pad(size)
        if len(out) >= _CHUNK:
            yield bytes(out)
            out = bytearray()
    out += b"\0" * (2 * _BLOCK)  # Go's tar.Writer.Close: two zero blocks, no record padding
    yield bytes(out)


def _context_items(root, matcher, extra):
    """The build context's entries for _tar_chunks.  extra is None, or the (name,
    content) of a Dockerfile from outside the context to append (and list in
    .dockerignore, as the CLI's AddDockerfileToBuildContext does)."""
    dockerignore_seen = False
    for rel, path, st in _walk_context(root, matcher):
        if extra is not None and rel == ".dockerignore" and stat.S_ISREG(st.st_mode):
            dockerignore_seen = True
            with open(path, "rb") as f:
                content = f.read() + b"\n" + extra[0].encode("utf-8") + b"\n"
            yield rel, path, st, content
        else:
            yield rel, path, st, None
    if extra is not None:
        # The CLI adds these after the walk, mode 0600, its clock's time.
        added = [(extra[0], extra[1])]
        if not dockerignore_seen:
            added.append((".dockerignore", b".dockerignore\n" + extra[0].encode("utf-8") + b"\n"))
        for name, content in sorted(added):
            yield name, None, None, content


def _locate_dockerfile(path, dockerfile):
    """(context dir, Dockerfile path, its path relative to the context) with symlinks
    resolved, as the CLI's GetContextFromLocalDir; the relative path starts with "../" for
    a Dockerfile outside the context."""
    given = os.fspath(path)
    try:
        os.stat(given)
    except OSError as e:
        raise InvalidArgument("unable to use build context %s: %s" % (given, e.strerror))
    root = os.path.realpath(os.path.abspath(given))
    if not os.path.isdir(root):
        raise InvalidArgument("context must be a directory: %s" % root)
    if dockerfile is None:
        candidate = os.path.join(root, "Dockerfile")
        lower = os.path.join(root, "dockerfile")
        if not os.path.lexists(candidate) and os.path.lexists(lower):
            candidate = lower  # the CLI's fallback, "just to be nice"
    else:
        # Unlike `docker build -f` (relative to the working directory), a relative name is
        # taken inside the context, as the Engine's `dockerfile` parameter and docker-py do.
        candidate = os.path.join(root, os.fspath(dockerfile))
    real = os.path.realpath(candidate)
    if not os.path.isfile(real):
        raise InvalidArgument("Cannot locate Dockerfile: %r" % candidate)
    return root, real, os.path.relpath(real, root).replace(os.sep, "/")


def _check_context(root, matcher):
    """The CLI's ValidateContextDirectory, for patterns that do not compile: it walks the
    context (not entering excluded directories) and fails when such a pattern is evaluated,
    before a byte is sent."""
    stack = [(root, "", _sorted_names(root))]
    while stack:
        dir_path, dir_rel, names = stack.pop()
        for name in names:
            path, rel = os.path.join(dir_path, name), dir_rel + name
            if matcher.matches(rel):
                continue
            if os.path.isdir(path) and not os.path.islink(path):
                try:
                    stack.append((path, rel + "/", _sorted_names(path)))
                except OSError:
                    pass


def _quiet_match(patterns, path):
    """patternmatcher.MatchesOrParentMatches with its error ignored, as the CLI calls it."""
    try:
        return IgnoreMatcher(patterns).matches(path)
    except InvalidArgument:
        return False


def build_context(path, dockerfile=None, excludes=None):
    """The build context of directory `path` as the docker CLI sends it: returns
    (dockerfile, chunks), where chunks is an iterator of bytes making up an uncompressed tar
    and dockerfile is the value for POST /build's `dockerfile` parameter.

    dockerfile is a path relative to `path` or absolute (default: Dockerfile, else
    dockerfile).  One outside the context goes into the tar as `.dockerfile.<20 hex>`,
    which is also appended to the tar's .dockerignore so the build cannot COPY it.
    excludes replaces the patterns of `path`/.dockerignore.  The Dockerfile and
    .dockerignore are always sent.

    The tar is streamed, never held whole: entries in sorted walk order, names relative
    without "./", directories with a trailing "/", uid and gid 0 with no user or group
    names, modes and whole-second mtimes kept, symlinks and hard links as links.
    Raises InvalidArgument for a missing context or Dockerfile, or for a pattern docker
    rejects, before any byte is produced; DockerException while streaming if a file cannot
    be read.  It leaves out sockets, and reads a file's size when it meets it: a file that
    shrinks meanwhile is an error, one that grows is cut at that size.
    """
    root, dockerfile_path, rel_dockerfile = _locate_dockerfile(path, dockerfile)
    if excludes is None:
        try:
            with open(os.path.join(root, ".dockerignore"), "rb") as f:
                excludes = read_dockerignore(f.read())
        except FileNotFoundError:
            excludes = []
        except OSError as e:
            raise DockerException("error reading .dockerignore: %s" % e.strerror)
    else:
        excludes = list(excludes)
    given = IgnoreMatcher(excludes)
    if given._broken:
        _check_context(root, given)
    # TrimBuildFilesFromExcludes: the Engine needs both files, whatever .dockerignore says.
    if _quiet_match(excludes, ".dockerignore"):
        excludes.append("!.dockerignore")
    if _quiet_match(excludes, rel_dockerfile):
        excludes.append("!" + rel_dockerfile)
    matcher = IgnoreMatcher(excludes)
    extra = None
    name = rel_dockerfile
    if rel_dockerfile.startswith("../"):
        with open(dockerfile_path, "rb") as f:
            content = f.read()
        name = ".dockerfile." + os.urandom(10).hex()
        extra = (name, content)
    return name, _tar_chunks(_context_items(root, matcher, extra))


# ---- tar archives: streamed from and to the local disk (cp, build contexts) ----

def tar_stream(entries, owner=(0, 0)):
    """A tar archive of local files as an iterator of bytes chunks, never held whole.

    entries: (path, arcname) pairs in the order to write them.  Directories, files,
    symlinks, hard links, devices and fifos are written as Go's archive/tar writes them
    (sockets are skipped); modes and whole-second mtimes are kept; owner is the
    (uid, gid) written for every entry, or None for each file's own.
    """
    return _tar_chunks(((arcname, path, os.lstat(path), None) for path, arcname in entries),
                       owner)


def walk_tree(path, arcname):
    """(path, arcname) for path and, for a directory, everything below it, in lexical
    order, directories before their contents, symlinks not followed."""
    yield path, arcname
    if os.path.isdir(path) and not os.path.islink(path):
        for name in sorted(os.listdir(path)):
            child = os.path.join(path, name)
            for item in walk_tree(child, arcname + "/" + name if arcname else name):
                yield item


class _ChunkReader:
    """A file-like reader over an iterator of bytes chunks (for tarfile's stream mode).
    Reads take slices of the current chunk by offset, so no byte is copied twice."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)
        self._buf = b""
        self._pos = 0

    def read(self, n=-1):
        parts, want = [], n
        while want != 0:
            if self._pos >= len(self._buf):
                self._buf, self._pos = next(self._chunks, b""), 0
                if not self._buf:
                    break
            end = len(self._buf) if want < 0 else min(len(self._buf), self._pos + want)
            parts.append(self._buf[self._pos:end])
            if want > 0:
                want -= end - self._pos
            self._pos = end
        return b"".join(parts)


def _cp_destination(src_is_dir, dest):
    """Where docker cp extracts a copy from a container, and the name its top entry takes
    there: (directory, rename_top for extract_tar).  Into an existing directory, the
    archive goes as the Engine named it (the source's base name, trailing dots kept:
    "data." stays "data."); otherwise its top entry becomes dest's base name.  A symlink
    at dest is not followed (docker follows it): it may come from an earlier copy out of
    the same container, which then chose where the next copy writes ("dest/" follows a
    symlink to a directory, as the caller asks for a directory)."""
    if os.path.islink(dest):
        raise InvalidArgument("refusing to copy through the symlink %s (to %s): an earlier "
                              "copy out of a container may have made it; name its target, or "
                              "%s/ for the directory it points to"
                              % (dest, os.readlink(dest), dest))
    if os.path.isdir(dest):
        return dest, None
    if dest.endswith("/"):
        raise InvalidArgument("destination directory %r does not exist" % dest)
    if os.path.lexists(dest) and src_is_dir:
        raise InvalidArgument("cannot copy a directory to a file: %s" % dest)
    parent = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(parent):
        raise InvalidArgument("destination directory %r does not exist" % parent)
    return parent, os.path.basename(dest)


def extract_tar(chunks, dest, rename_top=None, owner=False):
    """Extract a tar stream (an iterator of bytes chunks) into the directory dest.

    rename_top: the archive's top entry (its first path component, or "/" for the
    Engine's copy of a container's root) is renamed to this (as docker cp rebases a
    copied file or directory); "" drops it (copying a directory's contents).  owner=True
    keeps the archive's uid/gid, set-id bits and device modes (without it, files lose
    setuid and setgid and devices all access but their owner's: the owner is then the
    caller, often root, and a container's 0666 disk device must not become everyone's).

    Nothing outside dest is ever written or changed: every path is walked one directory
    at a time without following symlinks (a symlink where a directory is needed stops
    the extraction; a symlink where a directory entry goes is replaced by the directory,
    as docker does), and modes and times are set through descriptors.  Each file,
    symlink, hard link, fifo and device is made under a temporary name and renamed into
    place once complete.  Hard links are made to their target inside dest.  An existing
    directory is never replaced by a non-directory, nor a file by a directory.
    Directories get their mode and times last, so a read-only one can be filled.

    Raises InvalidArgument ("refusing to extract ...") for an entry that would land
    outside dest or outside the archive's top entry, DockerException naming the entry for
    any other failure (a truncated archive, a conflict, a name too long, a full disk),
    with the entry's partial output removed; devices that cannot be made (EPERM without
    root) are reported together at the end, after everything else was extracted.
    Returns the paths written.
    """
    import tarfile
    if rename_top is not None and (rename_top in (".", "..") or "/" in rename_top or
                                   "\x00" in rename_top):
        raise InvalidArgument("rename_top must be a plain file name, not %r" % rename_top)
    damage = []

    class Checked(tarfile.TarInfo):
        # tarfile ends an archive quietly at a header that does not parse; Go's reader
        # (and so docker cp) calls that an error, and so does docksock.
        @classmethod
        def fromtarfile(cls, tf):
            try:
                return super().fromtarfile(tf)
            except (tarfile.InvalidHeaderError, tarfile.TruncatedHeaderError) as e:
                damage.append(e)
                raise
    out = _Extraction(dest, rename_top, owner)
    current = None
    try:
        try:
            tf = tarfile.open(fileobj=_ChunkReader(chunks), mode="r|", tarinfo=Checked)
        except tarfile.TarError as e:
            raise DockerException("the archive is not a tar stream: %s" % e)
        with tf:
            for member in tf:
                current = member.name
                out.add(tf, member)
        current = None
        if damage:
            raise tarfile.ReadError(str(damage[0]))
        out.finish()
    except tarfile.TarError as e:
        if current is None:
            raise DockerException("the archive is damaged after its last complete entry: %s"
                                  % e)
        raise DockerException("cannot extract %r: the archive is damaged or cut short: %s"
                              % (current, e))
    finally:
        out.close()
    return out.written


def _os_text(e):
    return e.strerror or str(e)


class _Extraction:
    """The state of one extract_tar: a descriptor on dest, the archive's top entry, the
    directories whose metadata is set at the end, the devices that could not be made."""

    def __init__(self, dest, rename_top, owner):
        self.dest = dest
        self.rename_top = rename_top
        self.root = os.path.realpath(dest)
        self.owner = owner
        self.written = []
        self.dirs = []           # (parts, member) whose mode and times are set last
        self.failed = []         # devices (and unknown kinds) that could not be made
        self.top = None          # the first entry's first component, or "/"
        self._cached = (None, None)      # (parts of a directory, its descriptor)
        try:
            self.root_fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as e:
            raise DockerException("cannot extract into %s: %s" % (dest, _os_text(e)))

    def close(self):
        parts, fd = self._cached
        if fd is not None:
            os.close(fd)
        self._cached = (None, None)
        os.close(self.root_fd)

    # -- names --

    def _parts(self, name, what):
        """The path components under dest of an archive name (an entry's, or a hard
        link's target); what is the entry's name, for errors."""
        rename_top = self.rename_top
        rooted = name.startswith("/")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if ".." in parts:
            raise InvalidArgument("refusing to extract %r: %s points outside %s" % (
                what, "it" if what == name else "its link target %r" % name, self.dest))
        top = "/" if rooted else (name.split("/")[0] or ".")
        if self.top is None:
            self.top = top
        if top != self.top:
            raise InvalidArgument("refusing to extract %r: %r is not under the archive's top "
                                  "entry %r" % (what, name, self.top))
        if rename_top is not None and self.top != ".":
            body = parts if self.top == "/" else parts[1:]
            parts = ([rename_top] if rename_top else []) + body
        elif rename_top:
            parts = [rename_top] + parts
        return parts

    # -- walking without following symlinks --

    def _dir(self, parts, entry, create=True, cache=True):
        """A descriptor on the directory dest/parts, making missing directories (0755,
        as docker does) when create is true.  With cache, the descriptor is kept for the
        next call (the caller must not close it); without, the caller closes it."""
        parts = tuple(parts)
        cached_parts, cached_fd = self._cached
        if cache and cached_parts == parts:
            return cached_fd
        fd = os.dup(self.root_fd)
        try:
            for i, part in enumerate(parts):
                try:
                    nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        raise
                    os.mkdir(part, 0o755, dir_fd=fd)
                    nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                except OSError as e:
                    if e.errno not in (errno.ELOOP, errno.ENOTDIR):
                        raise
                    where = "/".join(parts[:i + 1])
                    kind = "a symlink" if stat.S_ISLNK(os.stat(
                        part, dir_fd=fd, follow_symlinks=False).st_mode) else "not a directory"
                    raise InvalidArgument("refusing to extract %r: %s in %s is %s"
                                          % (entry, where, self.dest, kind))
                os.close(fd)
                fd = nxt
        except BaseException:
            os.close(fd)
            raise
        if cache:
            if cached_fd is not None:
                os.close(cached_fd)
            self._cached = (parts, fd)
        return fd

    @staticmethod
    def _lstat(name, dir_fd):
        try:
            return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    # -- entries --

    def add(self, tf, member):
        if self.top is None:
            # Absolute names only in the Engine's copy of a container's root, whose first
            # entry is "/" itself (which tarfile reads as "").
            if member.isdir() and not member.name.strip("/"):
                self.top = "/"
                member.name = "/"
            elif member.name.startswith("/"):
                raise InvalidArgument("refusing to extract %r: it points outside %s"
                                      % (member.name, self.dest))
        parts = self._parts(member.name, member.name)
        if not parts:
            return                # dest itself: it keeps its own mode and times
        try:
            self._add(tf, member, parts)
        except DockerException:
            raise
        except OSError as e:
            raise DockerException("cannot extract %r: %s" % (member.name, _os_text(e)))

    def _add(self, tf, member, parts):
        name = parts[-1]
        d = self._dir(parts[:-1], member.name)
        old = self._lstat(name, d)
        target = os.path.join(self.root, *parts)
        if member.isdir():
            if old is not None and not stat.S_ISDIR(old.st_mode):
                if not stat.S_ISLNK(old.st_mode):
                    raise DockerException("cannot extract %r: cannot overwrite non-directory "
                                          "%s with a directory" % (member.name, target))
                os.unlink(name, dir_fd=d)       # never followed: replaced
            if old is None or not stat.S_ISDIR(old.st_mode):
                os.mkdir(name, 0o700, dir_fd=d)
            self.dirs.append((parts, member))
            self.written.append(target)
            return
        if old is not None and stat.S_ISDIR(old.st_mode):
            raise DockerException("cannot extract %r: cannot overwrite directory %s with a "
                                  "non-directory" % (member.name, target))
        tmp = ".%s.docksock-%s" % (name[:40], os.urandom(6).hex())
        try:
            if not self._make(tf, member, tmp, d, parts):
                return
            os.rename(tmp, name, src_dir_fd=d, dst_dir_fd=d)
            if member.islnk() and self._lstat(tmp, d) is not None:
                os.unlink(tmp, dir_fd=d)     # a link to itself: rename(2) left both names
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=d)
            except OSError:
                pass
            raise
        self.written.append(target)

    def _mode(self, member):
        mode = member.mode & 0o7777
        if self.owner:
            return mode
        if member.ischr() or member.isblk():
            mode &= 0o700      # a 0666 disk from a container must not open it to everyone
        return mode & ~(stat.S_ISUID | stat.S_ISGID)

    def _make(self, tf, member, tmp, d, parts):
        """Make the entry under the name tmp in d; False when it was not made (a device
        that needs privileges, recorded for the end)."""
        flags = os.O_NOFOLLOW | os.O_CLOEXEC
        if member.isreg():
            import shutil
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | flags, 0o600, dir_fd=d)
            try:
                with os.fdopen(os.dup(fd), "wb") as f, tf.extractfile(member) as src:
                    shutil.copyfileobj(src, f, _CHUNK)
                self._finish_fd(fd, member)
            finally:
                os.close(fd)
        elif member.issym():
            os.symlink(member.linkname, tmp, dir_fd=d)
            if self.owner:
                os.chown(tmp, member.uid, member.gid, dir_fd=d, follow_symlinks=False)
            os.utime(tmp, (member.mtime, member.mtime), dir_fd=d, follow_symlinks=False)
        elif member.islnk():
            where = self._parts(member.linkname, member.name)
            if not where:
                raise DockerException("cannot extract %r: a hard link to the destination "
                                      "directory itself" % member.name)
            try:
                src_fd = self._dir(where[:-1], member.name, create=False, cache=False)
            except FileNotFoundError:
                src_fd = None
            try:
                if src_fd is None:
                    raise FileNotFoundError
                os.link(where[-1], tmp, src_dir_fd=src_fd, dst_dir_fd=d,
                        follow_symlinks=False)
            except FileNotFoundError:
                raise DockerException("cannot extract %r: its link target %r is not in the "
                                      "archive" % (member.name, member.linkname))
            finally:
                if src_fd is not None:
                    os.close(src_fd)
        elif member.isfifo() or member.ischr() or member.isblk():
            kind = stat.S_IFIFO if member.isfifo() else \
                stat.S_IFCHR if member.ischr() else stat.S_IFBLK
            try:
                os.mknod(tmp, kind | 0o600, os.makedev(member.devmajor, member.devminor)
                         if kind != stat.S_IFIFO else 0, dir_fd=d)
            except PermissionError as e:
                if kind == stat.S_IFIFO:
                    raise
                self.failed.append("%s (%s)" % (member.name, _os_text(e)))
                return False
            if self.owner:
                os.chown(tmp, member.uid, member.gid, dir_fd=d, follow_symlinks=False)
            os.chmod(tmp, self._mode(member), dir_fd=d)     # not a symlink: made just now
            os.utime(tmp, (member.mtime, member.mtime), dir_fd=d, follow_symlinks=False)
        else:
            self.failed.append("%s (an entry of tar type %r, which docksock cannot make)"
                               % (member.name, member.type.decode("latin-1")))
            return False
        return True

    def _finish_fd(self, fd, member):
        if self.owner:
            os.fchown(fd, member.uid, member.gid)
        os.fchmod(fd, self._mode(member) if not member.isdir() else member.mode & 0o7777)
        os.utime(fd, (member.mtime, member.mtime))

    def finish(self):
        """Set the directories' modes and times, deepest last-made first, each through a
        descriptor opened without following symlinks; then report what could not be made."""
        for parts, member in reversed(self.dirs):
            try:
                fd = os.open(parts[-1], os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                             dir_fd=self._dir(parts[:-1], member.name, create=False))
                try:
                    self._finish_fd(fd, member)
                finally:
                    os.close(fd)
            except OSError as e:
                raise DockerException("cannot extract %r: %s" % (member.name, _os_text(e)))
        if self.failed:
            raise DockerException("could not create %d entr%s: %s%s" % (
                len(self.failed), "y" if len(self.failed) == 1 else "ies",
                ", ".join(self.failed[:5]), ", ..." if len(self.failed) > 5 else ""))



# ---- docker-py's build helpers (docksock.utils.build, docksock.utils.fnmatch) ----
# docker-py's names over the .dockerignore matching above (the docker CLI's rules) and
# tarfile, for code that builds contexts itself.

_TAG_REFERENCE = (
    r"^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
    r"[A-Za-z0-9])?)*(?::\d+)?)/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
    r"(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$")


def _match_tag(tag):
    """Whether tag is a valid [registry/]repository[:tag] (no digest)."""
    return re.match(_TAG_REFERENCE, tag) is not None


def _normalize_slashes(p):
    return p.replace(os.sep, "/") if os.sep != "/" else p


def _split_path(p):
    """A path's components, without empty ones and "."."""
    return [part for part in _normalize_slashes(p).split("/") if part and part != "."]


class _Pattern:
    """docker.utils.build.Pattern: one .dockerignore pattern ("!" for an exception)."""

    def __init__(self, pattern_str):
        self.exclusion = pattern_str.startswith("!")
        text = pattern_str[1:] if self.exclusion else pattern_str
        self.dirs = self.normalize(text)
        self.cleaned_pattern = "/".join(self.dirs)
        self._pattern = _IgnorePattern(self.cleaned_pattern, self.exclusion)

    @classmethod
    def normalize(cls, p):
        """p's components, cleaned as the docker CLI cleans a pattern."""
        return _split_path(_clean_path(_normalize_slashes(p).strip("/")))

    def match(self, filepath):
        return self._pattern.match("/".join(_split_path(filepath)))


class _PatternMatcher:
    """docker.utils.build.PatternMatcher: .dockerignore patterns in order, the last that
    matches winning, as the docker CLI matches them; .dockerignore itself is kept."""

    def __init__(self, patterns):
        self.patterns = [_Pattern(p) for p in list(patterns) + ["!.dockerignore"] if p]
        self._matcher = IgnoreMatcher([("!" if p.exclusion else "") + p.cleaned_pattern
                                       for p in self.patterns])

    def matches(self, filepath):
        """Whether filepath (relative to the context) is excluded."""
        return self._matcher.matches(_normalize_slashes(filepath))

    def walk(self, root):
        """The relative paths under root that are not excluded, directories included."""
        for directory, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                rel = os.path.relpath(os.path.join(directory, name), root)
                if not self.matches(rel):
                    yield _normalize_slashes(rel)


def _walk(root, patterns, default=True):
    """PatternMatcher(patterns).walk(root).  default=False (every path excluded unless
    a pattern says otherwise) is not docker's rule and raises."""
    if not default:
        raise InvalidArgument("walk(default=False) is not supported: .dockerignore "
                              "patterns exclude, and what no pattern names is included")
    return _PatternMatcher(patterns).walk(root)


def _exclude_paths(root, patterns, dockerfile=None):
    """The relative paths under root that a context with .dockerignore patterns sends,
    directories included; the Dockerfile is always kept (patterns is not changed)."""
    return set(_PatternMatcher(list(patterns) + ["!" + (dockerfile or "Dockerfile")])
               .walk(root))


def _build_file_list(root):
    """Every path under root, relative, directories included."""
    return list(_PatternMatcher([]).walk(root))


def _create_archive(root, files=None, fileobj=None, gzip=False, extra_files=None):
    """A tar of files (relative to root; default: all of them) and of extra_files
    ((name, text) pairs), in fileobj or a temporary file, rewound: docker-py's
    create_archive.  Owners are 0:0, as docker sends contexts; an extra file replaces
    the file of the same name."""
    import tarfile
    import tempfile
    if fileobj is None:
        fileobj = tempfile.NamedTemporaryFile()
    replaced = set(name for name, _ in extra_files or ())
    with tarfile.open(mode="w:gz" if gzip else "w", fileobj=fileobj) as t:
        for path in sorted(_build_file_list(root) if files is None else files):
            if path in replaced:
                continue
            full = os.path.join(root, path)
            info = t.gettarinfo(full, arcname=path)
            if info is None:   # a socket: tarfile cannot archive it
                continue
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if info.isfile():
                try:
                    with open(full, "rb") as f:
                        t.addfile(info, f)
                except OSError as e:
                    raise InvalidArgument("Can not read file in context: %s (%s)"
                                          % (full, e.strerror))
            else:
                t.addfile(info)
        for name, contents in extra_files or ():
            data = contents.encode("utf-8") if isinstance(contents, str) else contents
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, _bytes_io(data))
    fileobj.seek(0)
    return fileobj


def _tar(path, exclude=None, dockerfile=None, fileobj=None, gzip=False):
    """docker-py's build context: path's files less those exclude (.dockerignore
    patterns) removes, as a rewound tar file.  dockerfile: (name, contents or None);
    with contents it is added, and a .dockerignore of exclude plus its name."""
    root = os.path.abspath(path)
    name, contents = dockerfile or (None, None)
    extra = []
    if contents is not None:
        extra = [(".dockerignore", "\n".join(list(exclude or [".dockerignore"]) + [name])),
                 (name, contents)]
    return _create_archive(root, sorted(_exclude_paths(root, exclude or [], name)),
                           fileobj, gzip, extra)


def _mkbuildcontext(dockerfile):
    """A build context holding only the Dockerfile read from a binary file object."""
    import tarfile
    import tempfile
    if hasattr(dockerfile, "getvalue") and isinstance(dockerfile.getvalue(), str):
        raise TypeError("Please use io.BytesIO to create in-memory Dockerfiles with Python 3")
    data = dockerfile.read()
    if isinstance(data, str):
        raise TypeError("Please give the Dockerfile as a binary file object (io.BytesIO)")
    f = tempfile.NamedTemporaryFile()
    with tarfile.open(mode="w", fileobj=f) as t:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        t.addfile(info, _bytes_io(data))
    f.seek(0)
    return f


def _bytes_io(data):
    import io
    return io.BytesIO(data)


def _fnmatch_translate(pat):
    """A shell pattern as a regex, docker-py's way: "**" any number of path segments,
    "*" and "?" never a "/", "[...]" a class ("[!...]" negated)."""
    out, i, n = ["^"], 0, len(pat)
    while i < n:
        c = pat[i]
        i += 1
        if c == "*":
            if pat[i:i + 1] == "*":
                i += 1
                if pat[i:i + 1] == "/":
                    i += 1
                    out.append("(.*/)?")
                else:
                    out.append(".*")
            else:
                out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + (pat[i:i + 1] == "!")
            j += pat[j:j + 1] == "]"
            end = pat.find("]", j)
            if end < 0:
                out.append("\\[")
            else:
                body = pat[i:end].replace("\\", "\\\\")
                i = end + 1
                out.append("[%s]" % ("^" + body[1:] if body.startswith("!") else
                                     "\\" + body if body.startswith("^") else body))
        else:
            out.append(re.escape(c))
    return "".join(out) + "$"


def _fnmatchcase(name, pat):
    return re.match(_fnmatch_translate(pat), name) is not None


def _dp_fnmatch(name, pat):
    """Whether name matches pat (both case-normalized as the OS does)."""
    return _fnmatchcase(os.path.normcase(name), os.path.normcase(pat))


# ==== Client core ===============================================================
# One request path: every call goes through APIClient._request.

# Bodies read whole are bounded, so a hostile or broken daemon cannot exhaust memory:
# the largest real answers (an inspect of a big image, a long container list) are a few
# MiB.  APIClient(max_body=...) changes the first; error bodies are one JSON message.
DEFAULT_MAX_BODY = 64 << 20
_MAX_ERROR_BODY = 64 << 10


class _BodyTooLarge(ProtocolError):
    """A body read whole was larger than its limit (APIClient(max_body=...))."""

    def __init__(self, method, url, limit, what="answer"):
        super().__init__("%s %s: the daemon's %s is larger than the %d-byte limit (max_body)"
                         % (method, url, what, limit))
        self.limit = limit


class _Redirected(APIError):
    """A 3xx answer (status_code kept); its text is the Go client's, not "Server Error"."""

    def __str__(self):
        return self.explanation


def _redirect_error(method, url, raw):
    """Every redirect is an error, as the Go client has it (ErrRedirect): the Engine
    answers 301 to a path it cleans (/containers//x/kill), and following it, or taking
    the 301 as success, would report an action that never happened.  (304 is no
    redirect: the Engine's "already started".)"""
    where = raw.getheader("Location")
    msg = '%s "%s": unexpected redirect in response (%d %s%s)' % (
        method.title(), url, raw.status, raw.reason, ", to " + where[:200] if where else "")
    return _Redirected(msg, Response(method, url, raw, None, b""), msg)


class _DeadlineReader(io.RawIOBase):
    """A response's socket reader that sets the socket's timeout to what is left of a
    deadline (time.monotonic()) before each read, so that a daemon sending a byte now and
    then cannot stretch a call past it; deadline None reads with the socket's own
    timeout."""

    def __init__(self, raw, sock, deadline):
        super().__init__()
        self._raw, self._sock, self.deadline = raw, sock, deadline

    def readable(self):
        return True

    def readinto(self, b):
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("timed out")
            self._sock.settimeout(left)
        return self._raw.readinto(b)

    def close(self):
        self._raw.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    """http.client's response, read through a _DeadlineReader (the head, and the body
    until the deadline is lifted)."""

    def __init__(self, sock, debuglevel=0, method=None, url=None, deadline=None):
        super().__init__(sock, debuglevel, method=method, url=url)
        self.fp = io.BufferedReader(_DeadlineReader(self.fp.detach(), sock, deadline))

    def lift_deadline(self):
        self.fp.raw.deadline = None


class Response:
    """An answer from the daemon.

    status, reason, headers (case-insensitive), url.  A non-streamed response holds its
    body (content / json() / text); a streamed one is read with iter_content(), read1()
    or read(), and must be closed (it closes itself once read to the end).
    """

    __slots__ = ("status", "reason", "headers", "url", "method", "sock", "_raw", "_done",
                 "_body")

    def __init__(self, method, url, raw, done, body=None, sock=None):
        self.method = method
        self.sock = sock
        self.url = url
        self.status = raw.status
        self.reason = raw.reason
        self.headers = raw.msg
        self._raw = raw
        self._done = done
        self._body = body

    @property
    def status_code(self):
        return self.status

    @property
    def content(self):
        if self._body is None:
            self._body = self.read()
        return self._body

    @property
    def text(self):
        return self.content.decode("utf-8", "replace")

    def json(self):
        try:
            return _go_json_decoder().decode(self.content.decode("utf-8", "replace"))
        except (ValueError, RecursionError) as e:
            raise ProtocolError("%s %s: the daemon's answer is not JSON (%s): %r"
                                % (self.method, self.url, e, self.content[:200]))

    def read(self, limit=None):
        """The rest of a streamed body; more than limit bytes (when given) closes the
        connection and raises ProtocolError naming the limit."""
        if self._body is not None:
            return self._body
        chunks, size = [], 0
        for chunk in self.iter_content():
            size += len(chunk)
            if limit is not None and size > limit:
                self.close(reusable=False)
                raise _BodyTooLarge(self.method, self.url, limit)
            chunks.append(chunk)
        return b"".join(chunks)

    def read1(self, n=65536):
        """Up to n bytes as soon as some arrive; b'' at the end."""
        if self._done is None:
            return b""
        raw = self._raw
        try:
            data = raw.read1(n)
        except BaseException as e:
            self.close(reusable=False)
            raise _stream_error(e, self.method, self.url, raw.chunked)
        if not data and raw.length:
            # http.client reports a Content-Length body cut short as a plain end.
            left = raw.length
            self.close(reusable=False)
            raise ProtocolError("%s %s: the daemon closed the connection in the middle of the "
                                "response (%d more bytes were announced)"
                                % (self.method, self.url, left))
        if not data or raw.length == 0:
            # At the end.  http.client leaves a fully read Content-Length body open, and
            # the connection cannot take another request until it is closed.
            reusable = raw.isclosed() or raw.length == 0
            raw.close()
            self.close(reusable)
        return data

    def iter_content(self, chunk_size=65536):
        """The body as it arrives, in pieces of at most chunk_size bytes."""
        try:
            while True:
                data = self.read1(chunk_size)
                if not data:
                    return
                yield data
        finally:
            self.close()

    def close(self, reusable=False):
        """Release the connection; it goes back to the pool only when the body was read
        to its end (reusable=True, given by the reading methods)."""
        done, self._done = self._done, None
        if done is not None:
            done(reusable)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<Response [%d %s] %s %s>" % (self.status, self.reason, self.method, self.url)


def _stream_error(e, method, url, chunked=False):
    """Map an exception raised while reading a response body."""
    if isinstance(e, DockerException):
        return e
    if isinstance(e, socket.timeout):
        return DockerTimeout("%s %s: the daemon's answer did not come within the timeout"
                             % (method, url))
    if isinstance(e, http.client.IncompleteRead):
        # http.client says the same of a malformed chunk size line as of a cut body
        return ProtocolError("%s %s: the daemon closed the connection in the middle of the "
                             "response (%d bytes read, more expected%s)"
                             % (method, url, len(e.partial),
                                "; or a malformed chunk" if chunked else ""))
    if isinstance(e, (http.client.HTTPException, ValueError)):
        return ProtocolError("%s %s: malformed response body: %s" % (method, url, e))
    if isinstance(e, OSError):
        return DockerConnectionError("%s %s: connection to the daemon lost: %s"
                                     % (method, url, _os_reason(e)), cause=e)
    return e


class CancellableStream:
    """An iterator over a streamed response that any thread may close().

    close() shuts the socket down, which wakes a reader blocked in another thread; that
    iteration then ends quietly (StopIteration) instead of raising, and the thread that
    was reading releases the connection.  Used for logs, events, stats and pull streams.
    """

    def __init__(self, stream, response):
        self._iterator = stream
        self._response = response
        self._closed = False
        self._reading = False
        self._lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self._lock:
            if self._closed:
                raise StopIteration
            self._reading = True
        try:
            return next(self._iterator)
        except Exception:
            if self._closed:     # closed from another thread while we were reading
                raise StopIteration
            raise
        finally:
            with self._lock:
                self._reading = False
                release = self._closed
            if release:
                self._release()

    next = __next__

    def _release(self):
        # The iterator first (a generator's finally blocks close what it holds), then
        # the response; never while another thread is inside next().
        close = getattr(self._iterator, "close", None)
        if close is not None:
            close()
        self._response.close()

    def close(self):
        with self._lock:
            self._closed = True
            reading = self._reading
        sock = self._response.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if not reading:
            self._release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class AttachSocket:
    """A hijacked attach or exec connection: the container's stdin and its output.

    write(data)/send(data)/sendall(data) go to the process's stdin; close_stdin()
    half-closes the connection (the process reads EOF, its output keeps coming).
    recv(n) gives raw output bytes (multiplexed frames unless tty); frames() yields
    (stream_id, bytes), decoded unless tty; demux() reads to the end and returns
    (stdout, stderr).  resize(h, w) resizes the TTY.  close() ends it all.
    """

    def __init__(self, conn, sock, raw, tty, resize=None):
        self._conn = conn
        self._raw = raw
        self.sock = sock
        self.tty = tty
        self._resize = resize
        self._stdin_open = True
        # A 200 whose body is framed (Content-Length or chunked) was not hijacked: its
        # output ends with that body, where the daemon keeps the connection for more.
        framed = raw.status == 200 and (raw.length is not None or raw.chunked)
        self._reader = raw if framed else raw.fp
        sock.settimeout(None)

    def fileno(self):
        return self.sock.fileno()

    def settimeout(self, timeout):
        self.sock.settimeout(timeout)

    def sendall(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.sock.sendall(data)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        return self.sock.send(data)

    def write(self, data):
        self.sendall(data)
        return len(data)

    def close_stdin(self):
        """Half-close: the process's stdin reaches EOF; output still arrives."""
        if self._stdin_open:
            self._stdin_open = False
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def recv(self, n=65536):
        """Raw output bytes as they arrive (frames included unless tty); b'' at the end.
        http.client may have buffered the first bytes with the headers: read through it."""
        reader = self._reader
        if reader is None:
            return b""
        try:
            return reader.read1(n)
        except socket.timeout:
            raise DockerTimeout("no output from the container within the timeout")
        except (OSError, ValueError) as e:
            if self._reader is None:   # closed by us, possibly from another thread
                return b""
            raise DockerConnectionError("connection to the daemon lost: %s" % _os_reason(e),
                                        cause=e)

    read1 = recv

    def read(self, n=-1):
        """n bytes (fewer at the end), or everything up to the end with n < 0."""
        chunks, got = [], 0
        while n < 0 or got < n:
            data = self.recv(65536 if n < 0 else min(65536, n - got))
            if not data:
                break
            chunks.append(data)
            got += len(data)
        return b"".join(chunks)

    def frames(self):
        """(stream_id, bytes) pieces until the end; a TTY's output is all stream 1."""
        return _raw_pieces(self.recv) if self.tty else iter_frames(self.recv)

    def demux(self):
        """(stdout, stderr) bytes, read to the end; never None."""
        return demux_frames(self.frames())

    def resize(self, height, width):
        if self._resize is None:
            raise InvalidArgument("this connection cannot be resized")
        self._resize(height, width)

    def close(self):
        reader, self._reader = self._reader, None
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self._raw.close()    # closes the reader too
        except (OSError, ValueError):
            pass
        self._conn.close()
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<AttachSocket tty=%s>" % self.tty


_REDACT = frozenset(("x-registry-auth", "x-registry-config", "authorization"))
_SECRET_FIELDS = frozenset(("password", "identitytoken", "registrytoken", "auth", "secret"))


def _redacted_json(body):
    """A JSON request body for --trace, secrets replaced (login's password, tokens)."""
    def scrub(value):
        if isinstance(value, dict):
            return {k: "<redacted>" if k.lower() in _SECRET_FIELDS else scrub(v)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value
    try:
        return _json_dumps(scrub(json.loads(body.decode("utf-8"))))[:2000]
    except (ValueError, RecursionError):
        return "<%d bytes, not JSON>" % len(body)


def _time_left(deadline, limit):
    """Seconds left before a deadline (at least a moment), or limit when there is none."""
    if deadline is None:
        return limit
    return max(deadline - time.monotonic(), 0.001)


def _is_stale(conn):
    """Whether an idle kept-alive connection was closed by the daemon (or has stray
    bytes): readable while idle means it cannot carry another request."""
    sock = conn.sock
    if sock is None:
        return True
    try:
        if hasattr(select, "poll"):     # select() fails on descriptors above 1023
            p = select.poll()
            p.register(sock, select.POLLIN)
            return bool(p.poll(0))
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


class _APIBase:
    """What every APIClient call goes through: the endpoint, the connection pool, version
    negotiation, the one request path, error mapping and --trace.  APIClient adds the
    Engine's resources to it, one group of methods per mixin below."""

    def __init__(self, base_url=None, version=None, timeout=DEFAULT_TIMEOUT, tls=None,
                 user_agent=USER_AGENT, num_pools=None, credstore_env=None,
                 use_ssh_client=True, max_pool_size=DEFAULT_MAX_POOL_SIZE,
                 context=None, environment=None, ssh_options=(), trace=None,
                 max_body=DEFAULT_MAX_BODY):
        environ = os.environ if environment is None else environment
        if num_pools is not None:
            raise InvalidArgument("num_pools=%r: docksock keeps one connection pool per client "
                                  "(docker-py kept one per URL); size it with max_pool_size"
                                  % (num_pools,))
        if credstore_env is not None and not isinstance(credstore_env, dict):
            raise InvalidArgument("credstore_env must be a dict of environment variables, "
                                  "got %r" % (credstore_env,))
        asked_tls = tls is True or isinstance(tls, TLSConfig)
        if tls is True and not base_url:
            tls = None if environ.get("DOCKER_TLS_VERIFY") or environ.get("DOCKER_TLS") else True
        self.endpoint = resolve_endpoint(base_url, context, environ, tls)
        if asked_tls and self.endpoint.scheme != "tcp":
            # The docker CLI fails there too (it would speak TLS to a Unix socket).
            raise InvalidArgument("TLS was asked for (tls=, --tls or --tlsverify), but %s is "
                                  "not a tcp:// daemon" % self.endpoint.url)
        if not use_ssh_client and self.endpoint.scheme == "ssh":
            raise InvalidArgument("use_ssh_client=False asks for paramiko, which docksock does "
                                  "not use: it always runs the ssh client for ssh:// hosts")
        self.base_url = self.endpoint.url
        self._base_url_arg = base_url   # config.json's proxies are keyed by it, as given
        self.timeout = timeout
        self.user_agent = user_agent
        self.headers = {"User-Agent": user_agent}   # sent with every request
        self.credstore_env = credstore_env
        self.max_pool_size = max_pool_size
        self.ssh_options = tuple(ssh_options)
        self.trace = trace        # a callable taking one line of text, or None
        self.max_body = max_body  # bytes; a larger answer read whole raises ProtocolError
        self.environ = environ
        self._general = None      # config.json, read on first need
        if isinstance(version, str) and version.lower() == "auto":
            version = None
        if version is not None and not isinstance(version, str):
            raise InvalidVersion("Version parameter must be a string or None. Found %s"
                                 % type(version).__name__)
        if version is None:
            self._version = None
        elif _version_tuple(version) < _version_tuple(MIN_API_VERSION):
            raise InvalidVersion("API version %s is not supported by docksock: the minimum "
                                 "supported API version is %s" % (version, MIN_API_VERSION))
        else:
            self._version = version
        self._prefix = None if self._version is None else "/v" + self._version
        self._ping_headers = None
        self._auth_configs = {}   # registry -> credentials from login(), as docker-py keeps
        self._dockercfg_path = None   # login(dockercfg_path=): the config file to read
        self._lock = threading.Lock()
        self._idle = []
        self._factory = None
        self._socket_path = None
        self._closed = False

    @property
    def socket_path(self):
        """The Unix socket this client talks to: the endpoint's, or the one found in its
        place when the default socket is absent.  Known once the client has connected
        (None before, and for tcp and ssh endpoints)."""
        return self._socket_path

    # -- connections -------------------------------------------------------------

    def _make_factory(self):
        """Pick the socket (discovering one when the default is absent) and make the
        connection factory.  Runs once, on first use."""
        ep = self.endpoint
        path = ep.address if ep.scheme == "unix" else None
        if path and ep.candidates and not os.path.exists(path):
            for cand in ep.candidates:
                if _socket_answers(cand):
                    path = cand
                    self._emit_trace("* default socket %s is absent; using %s" % (ep.address, cand))
                    break
        self._socket_path = path
        return _connection_factory(ep, path, self.ssh_options)

    def _get_connection(self):
        with self._lock:
            if self._closed:
                raise DockerException("this client is closed")
            while self._idle:
                conn = self._idle.pop()
                if _is_stale(conn):
                    conn.close()
                    continue
                return conn, True
            if self._factory is None:
                self._factory = self._make_factory()
        return self._factory(self.timeout), False

    def _put_connection(self, conn):
        with self._lock:
            if not self._closed and len(self._idle) < self.max_pool_size:
                self._idle.append(conn)
                return
        conn.close()

    def close(self):
        """Close the idle connections.  Streams still open keep theirs until closed."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _general_config(self):
        """config.json (of DOCKER_CONFIG, else ~/.docker), read once: its HttpHeaders,
        proxies and detachKeys apply to this client, read as Go's types (a null header
        value is "").  A file that cannot be read counts as empty here, as for docker-py
        (--trace says why)."""
        if self._general is None:
            try:
                self._general = as_go_type(load_config(config_dir(self.environ)),
                                           "configfile.ConfigFile")
            except DockerException as e:
                self._emit_trace("* config.json ignored: %s" % e)
                self._general = {}
        return self._general

    # -- version negotiation ---------------------------------------------------------

    @property
    def api_version(self):
        """The API version in use, negotiated with the daemon on first use."""
        if self._version is None:
            with self._lock:
                negotiated = self._version
            if negotiated is None:
                negotiated = self._negotiate()
                with self._lock:
                    if self._version is None:
                        self._version = negotiated
                        self._prefix = "/v" + negotiated
        return self._version

    def _negotiate(self):
        """HEAD /_ping (GET when HEAD fails, as the Go client does); the version is
        min(MAX_API_VERSION, the daemon's Api-Version)."""
        try:
            resp = self._request("HEAD", "/_ping", versioned=False)
        except APIError:
            resp = self._request("GET", "/_ping", versioned=False)
        self._ping_headers = resp.headers
        server = resp.headers.get("Api-Version") or FALLBACK_API_VERSION
        if _version_tuple(server) < _version_tuple(MIN_API_VERSION):
            raise InvalidVersion(
                "the Docker daemon at %s speaks API %s, older than docksock's minimum %s"
                % (self.base_url, server, MIN_API_VERSION))
        if _version_tuple(server) > _version_tuple(MAX_API_VERSION):
            return MAX_API_VERSION
        return server

    def version_at_least(self, v):
        """Whether the API version in use is v or newer (for gating on Engine changes)."""
        return _version_tuple(self.api_version) >= _version_tuple(v)

    # -- the request path --------------------------------------------------------

    def _path(self, template, *parts):
        """A path from a template with {} per part, each part quoted as one segment."""
        return template.format(*[quote_path_part(p) for p in parts])

    def _post_json(self, path, body, params=None, headers=None, **kwargs):
        """POST body as JSON (Content-Type set, headers added); kwargs go to _request."""
        headers = dict({"Content-Type": "application/json"}, **(headers or {}))
        return self._request("POST", path, params, _json_dumps(body), headers, **kwargs)

    def request(self, method, path, params=None, data=None, json=None, headers=None,
                stream=False, timeout=_DEFAULT, versioned=True):
        """Send any Engine API request; the escape hatch for every endpoint.

        path: "/containers/json" (the version prefix is added; pass versioned=False for
        "/_ping").  params: query dict (booleans as 1/0, dicts/lists as JSON, None
        dropped).  data: bytes, str, a file object or an iterable of bytes (sent chunked);
        json: an object sent as JSON.  stream=True returns the Response unread; close it.
        An error status raises APIError (NotFound for 404, Conflict for 409).
        """
        for name, value in (headers or {}).items():
            if any(c in str(name) + str(value) for c in "\r\n\x00"):
                raise InvalidArgument("header %r has a line break or NUL in its name or value"
                                      % str(name).splitlines()[0])
        if json is not None:
            if data is not None:
                raise InvalidArgument("give either data= or json=, not both")
            data = _json_dumps(json)
            headers = dict(headers or {})
            headers.setdefault("Content-Type", "application/json")
        return self._request(method, path, params, data, headers, stream, timeout, versioned)

    def _request(self, method, path, params=None, body=None, headers=None, stream=False,
                 timeout=_DEFAULT, versioned=True, not_found=NotFound, hijack=False,
                 held_head=False):
        """The one request path.  Returns a Response (read, or streaming with
        stream=True), or for hijack=True the (connection, socket, raw response) of an
        upgraded connection, which never goes back to the pool.

        timeout (the client's by default) bounds the whole call: connecting, sending, the
        answer's head and, unless stream, its body; None leaves it unbounded.  A stream's
        head is bounded by the client's timeout even with timeout=None, its body is read
        with timeout per read (None: as long as it lasts).  An upload (a file or iterable
        body) is sent at the daemon's pace, each write bounded; the deadline starts when it
        has been sent.  held_head: a daemon may hold this stream's head until it has data
        (Podman, a followed log), so it is not bounded there."""
        if not isinstance(path, str) or re.search("[\x00-\x20\x7f]", path):
            raise InvalidArgument("invalid request path %r: it must be a string without "
                                  "spaces, line breaks or other control characters" % (path,))
        if versioned:
            prefix = self._prefix or "/v" + self.api_version
            url = self.endpoint.base_path + prefix + path
        else:
            url = self.endpoint.base_path + path
        query = encode_query(params)
        if query:
            url = url + ("&" if "?" in url else "?") + query
        hdrs = dict(self.headers)
        custom = self._general_config().get("HttpHeaders")
        if isinstance(custom, dict):
            hdrs.update(custom)   # config.json's HttpHeaders, as docker-py and the CLI send
        if headers:
            hdrs.update(headers)
        if hijack:
            hdrs["Connection"] = "Upgrade"
            hdrs["Upgrade"] = "tcp"
        if isinstance(body, str):
            body = body.encode("utf-8")
        if timeout is _DEFAULT:
            timeout = self.timeout
        limit = timeout
        if stream or hijack:
            limit = self.timeout if timeout is None else timeout
            if held_head and (self._ping_headers is None or
                              "Libpod-Api-Version" in self._ping_headers):
                limit = None    # Podman sends a followed log's head with its first line
        upload = body is not None and (not isinstance(body, bytes) or len(body) > _READ_AT_ONCE)
        deadline = None if limit is None or upload else time.monotonic() + limit
        retryable = method in _IDEMPOTENT and (body is None or isinstance(body, bytes))
        while True:
            conn, reused = self._get_connection()
            try:
                if conn.sock is None:
                    conn.timeout = _time_left(deadline, limit)
                    conn.connect()
                sock = conn.sock
                raw = self._exchange(conn, method, url, body, hdrs, deadline, limit)
                if stream or hijack:
                    raw.lift_deadline()
                    sock.settimeout(timeout)
                break
            except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError,
                    http.client.BadStatusLine) as e:
                # A kept-alive connection the daemon closed while idle: send once more.
                if reused and retryable:
                    conn.close()
                    self._emit_trace("* connection was closed by the daemon; retrying %s" % method)
                    continue
                err = self._connection_error(e, conn, method, url, connected=True)
                conn.close()
                raise err
            except BaseException as e:
                if not isinstance(e, (OSError, http.client.HTTPException)) and \
                        type(e).__module__ != "ssl":    # 3.6: CertificateError is a ValueError
                    conn.close()
                    raise
                err = self._connection_error(e, conn, method, url, conn.sock is not None)
                conn.close()
                raise err
        if hijack and (raw.status < 300 or raw.status == 304):
            if raw.status not in (101, 200):
                conn.close()
                raise ProtocolError("%s %s: expected the connection to be upgraded (101), got "
                                    "%d %s" % (method, url, raw.status, raw.reason))
            return conn, sock, raw
        return self._finish(conn, method, url, raw, stream, not_found)

    def _exchange(self, conn, method, url, body, headers, deadline, limit):
        """Send the request and read the answer's head before the deadline (for an
        upload, within limit seconds of having sent it)."""
        conn.timeout = _time_left(deadline, limit)
        conn.sock.settimeout(conn.timeout)
        if self.trace:
            self._trace_request(method, url, headers, body)
        if body is not None and not isinstance(body, bytes):
            headers = dict(headers)
            headers.setdefault("Transfer-Encoding", "chunked")
            conn.request(method, url, body, headers, encode_chunked=True)
        else:
            conn.request(method, url, body, headers)
        if deadline is None and limit is not None:     # an upload: from when it was sent
            deadline = time.monotonic() + limit
        conn.timeout = limit     # for the message, should the head not come in time
        conn.response_class = lambda sock, *args, **kwargs: _DeadlineResponse(
            sock, *args, deadline=deadline, **kwargs)
        raw = conn.getresponse()
        if self.trace:
            self._trace_response(raw)
        return raw

    def _finish(self, conn, method, url, raw, stream, not_found):
        def done(reusable):
            if reusable and not raw.will_close:
                self._put_connection(conn)
            else:
                conn.close()

        status = raw.status
        if 300 <= status < 400 and status != 304:
            conn.close()        # nothing of a redirect is read, and nothing is sent again
            raise _redirect_error(method, url, raw)
        if stream and status < 400:
            return Response(method, url, raw, done, sock=conn.sock)
        limit = self.max_body if status < 400 else _MAX_ERROR_BODY
        too_large = None
        try:
            if raw.length is not None and raw.length > limit:
                raise _BodyTooLarge(method, url, limit)
            if raw.length is not None and raw.length <= _READ_AT_ONCE and not raw.chunked:
                body = raw.read()
            else:
                # A huge announced length or chunk is read as it comes, never allocated at
                # once (http.client would try, and fail with MemoryError).
                body = Response(method, url, raw, lambda reusable: None).read(limit)
                raw.close()
        except BaseException as e:
            conn.close()
            if status >= 400 and isinstance(e, Exception):
                body = b""   # the error status says more than the broken body would
                too_large = e if isinstance(e, _BodyTooLarge) else None
            else:
                raise _stream_error(e, method, url)
        else:
            done(True)
        resp = Response(method, url, raw, None, body)
        if status >= 400:
            if too_large is not None:
                msg = ("the daemon answered %d %s with an error body larger than the %d-byte "
                       "limit for error bodies" % (status, raw.reason, _MAX_ERROR_BODY))
            else:
                msg = _error_message(status, raw.reason, raw.getheader("Content-Type"), body,
                                     url)
            cls = not_found if status == 404 else Conflict if status == 409 else APIError
            raise cls(msg, resp, msg)
        return resp

    def _connection_error(self, e, conn, method, url, connected):
        ep = self.endpoint
        where = ep.url if ep.scheme != "unix" else "unix://" + (self._socket_path or ep.address)
        if isinstance(e, socket.timeout):
            return DockerTimeout("%s %s: the daemon at %s did not answer within %s seconds"
                                 % (method, url, where, conn.timeout))
        ssh = conn.ssh_failure() if isinstance(conn, SSHHTTPConnection) else ""
        if ssh:
            return DockerConnectionError('error during connect: %s "%s": %s'
                                         % (method.title(), where, ssh), where, e)
        if type(e).__module__ == "ssl" or isinstance(e, socket.gaierror):
            # Not "is the daemon running?": the name or the certificate is the problem.
            scheme = "https" if ep.tls else "http"
            host = ep.url.split("://", 1)[1].split("/", 1)[0]
            what = "lookup %s: " % ep.address[0] if isinstance(e, socket.gaierror) else ""
            return DockerConnectionError('error during connect: %s "%s://%s%s": %s%s'
                                         % (method.title(), scheme, host, url, what,
                                            _os_reason(e)), where, e)
        if connected:
            if isinstance(e, http.client.HTTPException) and not isinstance(
                    e, http.client.RemoteDisconnected):
                return ProtocolError("%s %s: the daemon at %s sent a malformed response: %s"
                                     % (method, url, where, e))
            return DockerConnectionError(
                "%s %s: the daemon at %s closed the connection without answering (%s)"
                % (method, url, where, _os_reason(e)), where, e)
        tried = ()
        if ep.scheme == "unix":
            path = self._socket_path or ep.address
            if getattr(e, "errno", None) == errno.EACCES:
                return DockerConnectionError(
                    "permission denied while trying to connect to the Docker daemon socket at "
                    "%s: dial unix %s: connect: permission denied\n%s"
                    % (where, path, _permission_hint(path)), where, e)
            cause = _socket_cause(path, e)
            if ep.candidates and path == ep.address:
                tried = (path,) + ep.candidates
                cause += "\n  also tried (not found or not answering): " + ", ".join(ep.candidates)
        else:
            cause = _os_reason(e)
        return DockerConnectionError(
            "Cannot connect to the Docker daemon at %s. Is the docker daemon running?\n  cause: %s"
            % (where, cause), where, e, tried)

    # -- tracing -------------------------------------------------------------------

    def _emit_trace(self, line):
        if self.trace:
            self.trace(line)

    def _trace_request(self, method, url, headers, body):
        self.trace("> %s %s HTTP/1.1   [%s]" % (method, url, self.endpoint.url))
        for k, v in headers.items():
            self.trace("> %s: %s" % (k, "<redacted>" if k.lower() in _REDACT else v))
        if isinstance(body, bytes) and body:
            shown = _redacted_json(body) if body[:1] in b"{[" else "<%d bytes>" % len(body)
            self.trace("> " + shown)
        elif body is not None:
            self.trace("> <streamed body, chunked>")

    def _trace_response(self, raw):
        self.trace("< HTTP/1.1 %d %s" % (raw.status, raw.reason))
        for k, v in raw.getheaders():
            self.trace("< %s: %s" % (k, "<redacted>" if k.lower() in _REDACT else v))


# ==== Engine API, by resource: the methods of APIClient =========================
# One mixin class per group of the Engine API reference, in its order; APIClient, at the
# end, is the core with every group.  A new endpoint goes into its group.

# ---- what the groups share ----

def _quote_reference(ref):
    """An image or plugin reference in a path, where its '/' separators belong (the
    Engine's routes for /distribution and /plugins take the name as several segments)."""
    ref = getattr(ref, "id", ref)
    if not isinstance(ref, str) or not ref:
        raise InvalidArgument("an image or plugin reference must be a non-empty string")
    return "/".join(quote_path_part(part, "reference part") for part in ref.split("/"))


def _go_mode(mode):
    """A Go os.FileMode (as the archive stat header carries it) as a Unix st_mode."""
    kind = stat.S_IFDIR if mode & (1 << 31) else stat.S_IFLNK if mode & (1 << 27) else \
        stat.S_IFREG
    return kind | (mode & 0o7777)


def _path_stat(resp):
    """X-Docker-Container-Path-Stat: base64 JSON {name, size, mode, mtime, linkTarget}."""
    import base64
    header = resp.headers.get("X-Docker-Container-Path-Stat")
    if not header:
        return {}
    try:
        return json.loads(base64.b64decode(header).decode("utf-8"))
    except ValueError as e:
        raise ProtocolError("undecodable X-Docker-Container-Path-Stat header: %s" % e)


def _output_pieces(read, multiplexed):
    return iter_frames(read) if multiplexed else _raw_pieces(read)


def _output(pieces, closable, stream, demux):
    """Shape container output: bytes, (stdout, stderr), or a closable iterator of either."""
    if stream:
        if demux:
            gen = ((data, b"") if sid != STDERR else (b"", data) for sid, data in pieces)
        else:
            gen = (data for _, data in pieces)
        return CancellableStream(_closing(gen, closable), closable)
    try:
        if demux:
            return demux_frames(pieces)
        return b"".join(data for _, data in pieces)
    finally:
        closable.close()


def _closing(gen, closable):
    """Iterate gen, closing closable when done or abandoned."""
    try:
        for item in gen:
            yield item
    finally:
        closable.close()


def _json_stream(resp, decode, check):
    """A closable iterator of the JSON messages of a streamed response: dicts with
    decode, else each message as compact JSON bytes.  check raises StreamError on an
    in-band error message, after the messages before it."""
    def gen():
        for msg in iter_json(resp.read1):
            if check:
                check_message(msg)
            yield msg if decode else _json_dumps(msg).encode("utf-8")
    return CancellableStream(_closing(gen(), resp), resp)


def gzip_chunks(body):
    """Compress a body (bytes or an iterable of bytes) as gzip, chunk by chunk: an
    iterator of the compressed bytes (docker's build --compress, plugin create --compress)."""
    import zlib
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    for chunk in ([body] if isinstance(body, bytes) else body):
        out = z.compress(chunk)
        if out:
            yield out
    yield z.flush()


def _gunzip_chunks(chunks, size):
    """A gzip body's content as it arrives, in pieces of at most size bytes."""
    import zlib
    z = zlib.decompressobj(31)
    for chunk in chunks:
        while chunk:
            out = z.decompress(chunk, size)
            if out:
                yield out
            chunk = z.unconsumed_tail
    if not z.eof:
        raise ProtocolError("the daemon's gzip stream ended before its end")


def _json_text(resp):
    """A whole progress stream as text, one JSON message a line (docker-py's non-streamed
    pull and push), after raising any in-band error."""
    return "".join(m.decode("utf-8") + "\r\n" for m in _json_stream(resp, False, check=True))


def _filters(filters):
    """docker-py's filters dict -> the Engine's JSON map of lists (None when empty)."""
    if not filters:
        return None
    out = {}
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = ["true" if value else "false"]
        elif not isinstance(value, (list, tuple)):
            value = [value]
        out[key] = [str(v) for v in value]
    return out or None


def _id_of(obj):
    """The id of a model object or of an inspect dict, or the string given (docker-py's
    check_resource: NullResource for None or "")."""
    return _resource_id(obj)


# ---- system ----

class _SystemAPI:
    """The daemon itself: ping, version, info, events, disk usage, and registry
    login (POST /auth), whose credentials pulls and pushes then use."""

    def ping(self):
        """True when the daemon answers GET /_ping with OK."""
        return self._request("GET", "/_ping", versioned=self._version is not None).text == "OK"

    def version(self, api_version=True):
        """GET /version: the daemon's versions and components."""
        return self._request("GET", "/version").json()

    def info(self):
        """GET /info: system-wide information."""
        return self._request("GET", "/info").json()

    def events(self, since=None, until=None, filters=None, decode=None):
        """GET /events: a closable iterator of events (dicts with decode=True, raw JSON
        bytes otherwise).  Without until it runs until closed, from any thread."""
        params = {"since": to_timestamp(since), "until": to_timestamp(until),
                  "filters": _filters(filters)}
        resp = self._request("GET", "/events", params, stream=True, timeout=None)
        return _json_stream(resp, decode, check=False)

    def df(self):
        """GET /system/df: disk usage of images, containers, volumes and build cache."""
        return self._request("GET", "/system/df", timeout=None).json()

    def login(self, username, password=None, email=None, registry=None, reauth=False,
              dockercfg_path=None):
        """POST /auth: check credentials with the registry (through the daemon) and keep
        them for this client's pulls and pushes.  Returns the daemon's answer
        ({"Status": "Login Succeeded", "IdentityToken": ...}).

        Without reauth, a registry this client already has credentials for with the same
        username is not asked again.  dockercfg_path names a docker config file whose
        credentials this client uses from then on, instead of the environment's
        config.json (as docker-py does)."""
        registry = registry or INDEX_SERVER
        key = registry_key(registry)
        if dockercfg_path is not None:
            if not os.path.isfile(dockercfg_path):
                raise InvalidArgument("dockercfg_path %r: no such file" % (dockercfg_path,))
            self._dockercfg_path = dockercfg_path
        known = self._auth_configs.get(key)
        if known is None and self._dockercfg_path is not None:
            try:
                known = resolve_auth(key, **self._credential_settings())
            except DockerException:
                known = None
        if not reauth and known is not None and known.get("username") == username:
            return {"Status": "Login Succeeded"}
        body = {"username": username, "password": password, "serveraddress": key}
        if email:
            body["email"] = email
        resp = self._post_json("/auth", body, timeout=None)
        answer = resp.json() if resp.content else {}
        token = as_go_type(answer, "registry.AuthenticateOKBody")["IdentityToken"]
        creds = AuthConfig(username=username, password=password, serveraddress=key)
        if token:
            creds = AuthConfig(identitytoken=token, serveraddress=key)
        self._auth_configs[key] = creds
        return answer

    def _registry_auth(self, image, auth_config=None):
        """X-Registry-Auth for an image: the given credentials, else those of login(),
        else the docker CLI's config (credential helpers, config.json)."""
        if auth_config is None:
            registry = registry_of(image)
            auth_config = self._auth_configs.get(registry)
            if auth_config is None:
                try:
                    auth_config = resolve_auth(registry, **self._credential_settings())
                except DockerException as e:
                    # The CLI warns and goes on without credentials; so do we, in --trace.
                    self._emit_trace("* no credentials for %s: %s" % (registry, e))
        return registry_auth_header(auth_config)

    def _credential_settings(self):
        """Where this client's credential lookups read (the environment's config
        directory, or login()'s dockercfg_path) and the environment credential helpers
        run in: environ with credstore_env laid over it, as docker-py gives them."""
        environ = dict(self.environ, **self.credstore_env) if self.credstore_env else \
            self.environ
        return {"cfg_dir": config_dir(self.environ), "environ": environ,
                "config_file": self._dockercfg_path}

    def _proxy_environment(self):
        """config.json's proxies for this daemon, as environment variables: the entry
        for base_url as it was given (docker-py's key), else for the endpoint's URL,
        else "default"."""
        proxies = self._general_config().get("proxies") or {}
        host = self._base_url_arg if self._base_url_arg in proxies else self.base_url
        return proxy_environment(proxies, host)

    def reload_config(self, dockercfg_path=None):
        """Forget the credentials of login() and read config.json again (its proxies,
        detachKeys and HttpHeaders too), as docker-py does; with dockercfg_path, that
        file's credentials are used from then on, as login(dockercfg_path=) does."""
        if dockercfg_path is not None and not os.path.isfile(dockercfg_path):
            raise InvalidArgument("dockercfg_path %r: no such file" % (dockercfg_path,))
        self._auth_configs = {}
        self._general = None
        self._dockercfg_path = dockercfg_path


# ---- containers ----

class _ContainersAPI:
    """Containers: create, the lifecycle, logs, attach, stats, archives (cp), changes,
    updates and prune."""

    def containers(self, quiet=False, all=False, trunc=False, latest=False, since=None,
                   before=None, limit=-1, size=False, filters=None):
        """GET /containers/json: the container list (only ids with quiet=True)."""
        params = {"all": all or None, "limit": 1 if latest else (limit if limit != -1 else None),
                  "size": size or None, "since": since, "before": before,
                  "filters": _filters(filters)}
        items = self._request("GET", "/containers/json", params).json()
        if quiet or trunc:
            ids = [c["Id"] for c in as_go_type(items, "[]container.Summary")]
            if quiet:
                return [{"Id": i} for i in ids]
            for c, i in zip(items or (), ids):
                if c is not None:
                    c["Id"] = truncate_id(i)
        return items

    def _cpath(self, container, suffix=""):
        return self._path("/containers/{}" + suffix, _id_of(container))

    def inspect_container(self, container, size=False):
        """GET /containers/{id}/json; size=True adds SizeRw and SizeRootFs."""
        return self._request("GET", self._cpath(container, "/json"),
                             {"size": size or None}).json()

    def create_container(self, image, command=None, hostname=None, user=None, detach=False,
                         stdin_open=False, tty=False, ports=None, environment=None,
                         volumes=None, network_disabled=False, name=None, entrypoint=None,
                         working_dir=None, domainname=None, host_config=None, mac_address=None,
                         labels=None, stop_signal=None, networking_config=None,
                         healthcheck=None, stop_timeout=None, runtime=None,
                         use_config_proxy=True, platform=None, pull_missing=False):
        """POST /containers/create (a ContainerConfig at this client's API version);
        returns {"Id": ..., "Warnings": [...]}.

        use_config_proxy: config.json's proxies for this daemon go into the environment
        (HTTP_PROXY and http_proxy, ...), where environment does not set them, as the
        docker CLI and docker-py do.  runtime sets HostConfig.Runtime.

        A missing image raises ImageNotFound, unless pull_missing: then it is pulled and
        the create made again, as `docker run` and docker-py's run() do.  pull_missing may
        be a callable, given each message of that pull as a dict, the first being
        {"status": "Unable to find image 'IMAGE:latest' locally"}, as the CLI says it."""
        if use_config_proxy:
            environment = _with_proxies(environment, self._proxy_environment())
        config = self.create_container_config(
            image, command, hostname, user, detach, stdin_open, tty, ports, environment,
            volumes, network_disabled, entrypoint, working_dir, domainname, host_config,
            mac_address, labels, stop_signal, networking_config, healthcheck, stop_timeout,
            runtime)
        try:
            return self.create_container_from_config(config, name, platform)
        except ImageNotFound:
            if not pull_missing:
                raise
        report = pull_missing if callable(pull_missing) else lambda message: None
        report({"status": "Unable to find image '%s' locally" % with_default_tag(image)})
        for message in self.pull(image, platform=platform, stream=True, decode=True):
            report(message)
        return self.create_container_from_config(config, name, platform)

    def create_container_config(self, *args, **kwargs):
        """docker-py's create_container_config: ContainerConfig at this client's API
        version."""
        return _ContainerConfig(self.api_version, *args, **kwargs)

    def create_networking_config(self, *args, **kwargs):
        """A NetworkingConfig: {network name: create_endpoint_config(...)}."""
        return _NetworkingConfig(*args, **kwargs)

    def create_endpoint_config(self, *args, **kwargs):
        """An EndpointConfig at this client's API version (aliases, links, addresses)."""
        return _EndpointConfig(self.api_version, *args, **kwargs)

    def create_container_from_config(self, config, name=None, platform=None):
        """POST /containers/create with an Engine-shaped config dict (its None values
        left out, as docker-py leaves them out)."""
        params = {"name": name, "platform": platform}
        if isinstance(config, dict):
            config = _drop_none(config)
        return self._post_json("/containers/create", config, params,
                               not_found=ImageNotFound).json()

    def create_host_config(self, *args, **kwargs):
        """docker-py's create_host_config: a HostConfig at this client's API version."""
        if "version" not in kwargs:
            kwargs["version"] = self.api_version
        return _HostConfig(*args, **kwargs)

    def start(self, container, *args, **kwargs):
        """POST /containers/{id}/start (a running container is not an error)."""
        if args or kwargs:
            raise InvalidArgument("start() takes no options since API 1.24; give them to "
                                  "create_container's host_config")
        self._request("POST", self._cpath(container, "/start"))

    def stop(self, container, timeout=None):
        """POST /containers/{id}/stop; waits up to timeout seconds before killing."""
        t = None if timeout is None else self.timeout + timeout if self.timeout else None
        self._request("POST", self._cpath(container, "/stop"), {"t": timeout}, timeout=t)

    def restart(self, container, timeout=10):
        """POST /containers/{id}/restart."""
        t = self.timeout + (timeout or 0) if self.timeout else None
        self._request("POST", self._cpath(container, "/restart"), {"t": timeout}, timeout=t)

    def kill(self, container, signal=None):
        """POST /containers/{id}/kill, with SIGKILL unless a signal is given."""
        self._request("POST", self._cpath(container, "/kill"), {"signal": signal})

    def pause(self, container):
        """POST /containers/{id}/pause."""
        self._request("POST", self._cpath(container, "/pause"))

    def unpause(self, container):
        """POST /containers/{id}/unpause."""
        self._request("POST", self._cpath(container, "/unpause"))

    def remove_container(self, container, v=False, link=False, force=False):
        """DELETE /containers/{id}."""
        self._request("DELETE", self._cpath(container),
                      {"v": v or None, "link": link or None, "force": force or None})

    def rename(self, container, name):
        """POST /containers/{id}/rename."""
        self._request("POST", self._cpath(container, "/rename"), {"name": name})

    def resize(self, container, height, width):
        """POST /containers/{id}/resize: the TTY's size."""
        self._request("POST", self._cpath(container, "/resize"), {"h": height, "w": width})

    def top(self, container, ps_args=None):
        """GET /containers/{id}/top: {"Titles": [...], "Processes": [[...]]}."""
        return self._request("GET", self._cpath(container, "/top"), {"ps_args": ps_args}).json()

    def wait(self, container, timeout=None, condition=None, stream=False):
        """POST /containers/{id}/wait: blocks until the container stops (condition
        "not-running", "next-exit" or "removed") and returns {"StatusCode": n, ...}.
        timeout is a real limit on the wait; DockerTimeout when it passes.

        stream=True returns at once with the Response unread: from API 1.30 the Engine
        answers the head at once and the body when the container stops, so the wait is
        in place before start() (as `docker run` does it).  Read it with json(), or
        close() it to give up."""
        resp = self._request("POST", self._cpath(container, "/wait"), {"condition": condition},
                             timeout=timeout, stream=stream)
        return resp if stream else resp.json()

    def _container_tty(self, container):
        return as_go_type(self.inspect_container(container),
                      "container.InspectResponse")["Config"]["Tty"]

    def _multiplexed(self, resp, tty):
        """Whether an output stream is framed: from Content-Type on API >= 1.42 (the
        Engine sets it from there on), else from what the caller knows of the TTY."""
        ctype = resp.headers.get("Content-Type") or ""
        if tty is None and self.version_at_least("1.42") and "vnd.docker" in ctype:
            return "multiplexed" in ctype
        return not tty

    def logs(self, container, stdout=True, stderr=True, stream=False, timestamps=False,
             tail="all", since=None, follow=None, until=None, demux=False, tty=None):
        """GET /containers/{id}/logs.

        bytes (both streams in arrival order), or with demux=True (stdout, stderr) bytes,
        never None.  stream=True gives a closable iterator of bytes pieces, or of
        (stdout, stderr) pairs with demux=True.  follow defaults to False (docker-py
        ties it to stream); since/until take datetimes, unix times or durations ("10m").
        tty: whether the container has a TTY, when the caller knows it; otherwise, on
        daemons below API 1.42, one inspect is made first to learn it.
        """
        if tty is None and not self.version_at_least("1.42"):
            tty = self._container_tty(container)
        params = {"stdout": bool(stdout), "stderr": bool(stderr), "follow": bool(follow),
                  "timestamps": bool(timestamps), "tail": tail if tail is not None else "all",
                  "since": to_timestamp(since), "until": to_timestamp(until)}
        resp = self._request("GET", self._cpath(container, "/logs"), params, stream=True,
                             timeout=None if follow else _DEFAULT, held_head=bool(follow))
        pieces = _output_pieces(resp.read1, self._multiplexed(resp, tty))
        return _output(pieces, resp, stream, demux)

    def attach_socket(self, container, params=None, ws=False, tty=None):
        """POST /containers/{id}/attach, hijacked: an AttachSocket that can write stdin,
        half-close it, and read or demux the output.  params default to stdout, stderr
        and stream; add "stdin": True to write.  Make it before start() to miss nothing.
        config.json's detachKeys apply unless params has "detachKeys"."""
        if ws:
            raise InvalidArgument("websocket attach is not supported; use the hijacked socket")
        if params is None:
            params = {"stdout": True, "stderr": True, "stream": True}
        keys = self._general_config().get("detachKeys")
        if keys and "detachKeys" not in params:
            params = dict(params, detachKeys=keys)
        if tty is None and not self.version_at_least("1.42"):
            tty = self._container_tty(container)
        conn, sock, raw = self._request(
            "POST", self._cpath(container, "/attach"), params,
            headers={"Content-Type": "text/plain"}, timeout=None, hijack=True)
        if tty is None:
            tty = "multiplexed" not in (raw.getheader("Content-Type") or "")
        return AttachSocket(conn, sock, raw, tty,
                            resize=lambda h, w: self.resize(container, h, w))

    def attach(self, container, stdout=True, stderr=True, stream=False, logs=False,
               demux=False):
        """Attach to a container's output: with stream=True an iterator of pieces as they
        come, until it stops; otherwise what the Engine sends at once (its logs with
        logs=True) as bytes, or (stdout, stderr) with demux=True."""
        s = self.attach_socket(container, {"stdout": stdout, "stderr": stderr,
                                           "stream": stream, "logs": logs, "detachKeys": None})
        s.close_stdin()
        pieces = s.frames()
        return _output(pieces, s, stream, demux)

    def stats(self, container, decode=None, stream=True, one_shot=None):
        """GET /containers/{id}/stats: one dict with stream=False, else a closable
        iterator of dicts (decode=True) or of raw JSON bytes lines."""
        if decode and not stream:   # a single answer is always decoded: say so, as docker-py
            raise InvalidArgument("decode is only available in conjunction with stream=True")
        params = {"stream": bool(stream),
                  "one-shot": one_shot if one_shot is not None and not stream and
                  self.version_at_least("1.41") else None}
        if not stream:
            return self._request("GET", self._cpath(container, "/stats"), params).json()
        resp = self._request("GET", self._cpath(container, "/stats"), params, stream=True,
                             timeout=None)
        return _json_stream(resp, decode, check=False)

    def get_archive(self, container, path, chunk_size=2 * 1024 * 1024, encode_stream=False):
        """GET /containers/{id}/archive: (iterator of tar chunks, stat of path).  The tar
        is streamed, never held whole in memory.  encode_stream=True asks the Engine to
        gzip it on the wire (as docker-py does); the chunks are the tar all the same."""
        headers = {"Accept-Encoding": "gzip"} if encode_stream else None
        resp = self._request("GET", self._cpath(container, "/archive"), {"path": path},
                             headers=headers, stream=True, timeout=None)
        chunks = resp.iter_content(chunk_size)
        if (resp.headers.get("Content-Encoding") or "").lower() == "gzip":
            chunks = _gunzip_chunks(chunks, chunk_size)
        return CancellableStream(chunks, resp), _path_stat(resp)

    def stat_archive(self, container, path):
        """HEAD /containers/{id}/archive: the stat of a path in the container."""
        return _path_stat(self._request("HEAD", self._cpath(container, "/archive"),
                                        {"path": path}))

    def put_archive(self, container, path, data, no_overwrite_dir_non_dir=None,
                    copy_uid_gid=None):
        """PUT /containers/{id}/archive: extract a tar (bytes, file, or iterable of
        bytes, sent as it is read) into path; True when done."""
        params = {"path": path, "noOverwriteDirNonDir": no_overwrite_dir_non_dir,
                  "copyUIDGID": copy_uid_gid}
        # The client's timeout bounds the answer once the archive is sent (issue 17: a
        # daemon that never answered kept put_archive waiting forever).
        self._request("PUT", self._cpath(container, "/archive"), params, data,
                      {"Content-Type": "application/x-tar"})
        return True

    def export(self, container, chunk_size=2 * 1024 * 1024):
        """GET /containers/{id}/export: the filesystem as a tar, streamed."""
        resp = self._request("GET", self._cpath(container, "/export"), stream=True,
                             timeout=None)
        return CancellableStream(resp.iter_content(chunk_size), resp)

    def port(self, container, private_port):
        """The host bindings of a container's port ("80", 80 or "80/udp"; without a
        protocol the first of tcp, udp, sctp that is bound): [{"HostIp", "HostPort"}],
        or None."""
        ports = (self.inspect_container(container).get("NetworkSettings") or {}).get("Ports")
        if ports is None:
            return None
        private_port = str(private_port)
        if "/" in private_port:
            return ports.get(private_port)
        for proto in ("tcp", "udp", "sctp"):
            if ports.get(private_port + "/" + proto):
                return ports[private_port + "/" + proto]
        return None

    def diff(self, container):
        """GET /containers/{id}/changes: [{"Path": ..., "Kind": 0|1|2}, ...]."""
        return self._request("GET", self._cpath(container, "/changes")).json() or []

    def update_container(self, container, blkio_weight=None, cpu_period=None, cpu_quota=None,
                         cpu_shares=None, cpuset_cpus=None, cpuset_mems=None, mem_limit=None,
                         mem_reservation=None, memswap_limit=None, kernel_memory=None,
                         restart_policy=None):
        """POST /containers/{id}/update: change resources; {"Warnings": [...]}.  Sizes
        take "512m"; restart_policy is {"Name": ..., "MaximumRetryCount": n}."""
        body = dict((key, value) for key, value in (
            ("BlkioWeight", blkio_weight), ("CpuPeriod", cpu_period), ("CpuQuota", cpu_quota),
            ("CpuShares", cpu_shares), ("CpusetCpus", cpuset_cpus),
            ("CpusetMems", cpuset_mems), ("RestartPolicy", restart_policy)) if value)
        for key, what, value in (("Memory", "mem_limit", mem_limit),
                                 ("MemoryReservation", "mem_reservation", mem_reservation),
                                 ("MemorySwap", "memswap_limit", memswap_limit),
                                 ("KernelMemory", "kernel_memory", kernel_memory)):
            if value:
                body[key] = parse_bytes(value, what)
        return self._post_json(self._cpath(container, "/update"), body).json()

    def copy_from(self, container, src, dest, archive=False):
        """docker cp CONTAINER:src dest.  Copies a file or a directory tree out of the
        container with docker's rules (into dest if it is a directory, as dest otherwise;
        "src/." copies a directory's contents), streamed with flat memory.  archive=True
        keeps uid/gid.  Returns the local paths written."""
        chunks, info = self.get_archive(container, src)
        try:
            parent, top = _cp_destination(stat.S_ISDIR(_go_mode(info.get("mode", 0))), dest)
            return extract_tar(chunks, parent, top, owner=archive)
        finally:
            chunks.close()

    def copy_to(self, container, src, dest, archive=False, follow_link=False):
        """docker cp src CONTAINER:dest.  Copies a local file or directory tree (or with
        src "-" a tar read from stdin) into the container with docker's rules, streamed.
        archive=True keeps uid/gid; follow_link follows src if it is a symlink."""
        if src == "-":
            return self.put_archive(container, dest, sys.stdin.buffer)
        if not os.path.lexists(src):
            raise InvalidArgument("could not find the file %s in the local host" % src)
        path = os.path.realpath(src) if follow_link else src
        contents = src.endswith("/.")
        try:
            dest_info = self.stat_archive(container, dest)
        except NotFound:
            dest_info = None
        if dest_info is not None and stat.S_ISDIR(_go_mode(dest_info.get("mode", 0))):
            target, name = dest, os.path.basename(os.path.normpath(src))
        elif dest_info is not None and os.path.isdir(path):
            raise InvalidArgument("cannot copy a directory to a file: %s" % dest)
        else:
            if dest.endswith("/"):
                raise InvalidArgument("destination directory %r does not exist in the "
                                      "container" % dest)
            target, name = os.path.dirname(dest.rstrip("/")) or "/", os.path.basename(dest)
        if contents:
            entries = (item for item in walk_tree(path, "") if item[1])
            if dest_info is None:
                raise InvalidArgument("destination directory %r does not exist in the "
                                      "container" % dest)
            target = dest
        else:
            entries = walk_tree(path, name)
        return self.put_archive(container, target,
                                tar_stream(entries, None if archive else (0, 0)),
                                copy_uid_gid=archive or None)

    def prune_containers(self, filters=None):
        """POST /containers/prune: {"ContainersDeleted": [...], "SpaceReclaimed": n}."""
        return self._request("POST", "/containers/prune", {"filters": _filters(filters)}).json()


# ---- exec ----

class _ExecAPI:
    """Exec instances: a command run in a running container."""

    def exec_create(self, container, cmd, stdout=True, stderr=True, stdin=False, tty=False,
                    privileged=False, user="", environment=None, workdir=None,
                    detach_keys=None):
        """POST /containers/{id}/exec; returns {"Id": ...}.  detach_keys defaults to
        config.json's detachKeys."""
        if isinstance(cmd, str):
            import shlex
            cmd = shlex.split(cmd)
        body = {"AttachStdin": bool(stdin), "AttachStdout": bool(stdout),
                "AttachStderr": bool(stderr), "Tty": bool(tty), "Privileged": bool(privileged),
                "User": user or "", "Cmd": list(cmd)}
        if environment is not None:
            body["Env"] = _format_environment(environment)
        if workdir:
            body["WorkingDir"] = workdir
        detach_keys = detach_keys or self._general_config().get("detachKeys")
        if detach_keys:
            body["DetachKeys"] = detach_keys
        return self._post_json(self._cpath(container, "/exec"), body).json()

    def exec_start(self, exec_id, detach=False, tty=False, stream=False, socket=False,
                   demux=False):
        """POST /exec/{id}/start.  detach=True returns at once (the Engine's answer as
        text: ""); socket=True returns the hijacked AttachSocket (stdin writable);
        otherwise stdin is closed and the output returned as bytes, (stdout, stderr) with
        demux=True, or an iterator with stream=True."""
        path = self._path("/exec/{}/start", _id_of(exec_id))
        body = {"Detach": bool(detach), "Tty": bool(tty)}
        if detach:
            return self._post_json(path, body).text
        conn, sock, raw = self._post_json(path, body, timeout=None, hijack=True)
        s = AttachSocket(conn, sock, raw, bool(tty),
                         resize=lambda h, w: self.exec_resize(exec_id, h, w))
        if socket:
            return s
        s.close_stdin()
        return _output(s.frames(), s, stream, demux)

    def exec_inspect(self, exec_id):
        """GET /exec/{id}/json: Running, ExitCode, ProcessConfig..."""
        return self._request("GET", self._path("/exec/{}/json", _id_of(exec_id))).json()

    def exec_exit_code(self, exec_id, wait=2.0):
        """The exit code of a finished exec.  Its output can end a moment before the Engine
        records the exit, so poll briefly while it still says Running."""
        deadline = time.time() + wait
        while True:
            info = self.exec_inspect(exec_id)
            if not as_go_type(info, "container.ExecInspect")["Running"] or time.time() > deadline:
                return info.get("ExitCode")
            time.sleep(0.01)

    def exec_resize(self, exec_id, height=None, width=None):
        """POST /exec/{id}/resize."""
        self._request("POST", self._path("/exec/{}/resize", _id_of(exec_id)),
                      {"h": height, "w": width})


# ---- images ----

class _ImagesAPI:
    """Images: list, inspect, pull and push (with registry credentials), tag, remove,
    save and load, import, commit, search, prune."""

    def images(self, name=None, quiet=False, all=False, filters=None, manifests=False):
        """GET /images/json: the image list (only ids with quiet=True); manifests=True
        adds each image's platform manifests (API 1.47)."""
        filters = dict(filters or {})
        if name:
            filters["reference"] = [name]
        items = self._request("GET", "/images/json", {
            "all": all or None, "filters": _filters(filters),
            "manifests": manifests and self.version_at_least("1.47") or None}).json()
        return [i["Id"] for i in as_go_type(items, "[]image.Summary")] if quiet else items

    def inspect_image(self, image, platform=None):
        """GET /images/{name}/json; platform (a parse_platform dict, or "os/arch") picks
        one variant of a multi-platform image (API 1.49)."""
        return self._request("GET", self._path("/images/{}/json", _id_of(image)),
                             {"platform": _platform_param(platform)},
                             not_found=ImageNotFound).json()

    def pull(self, repository, tag=None, stream=False, auth_config=None, decode=False,
             platform=None, all_tags=False):
        """POST /images/create?fromImage=: pull an image.

        An error the registry reports after the pull began (HTTP 200, then errorDetail)
        raises StreamError.  stream=True returns an iterator of progress messages (dicts
        with decode=True, JSON bytes otherwise); else the whole progress as text.
        """
        repo, tag = _pull_tag(repository, tag, all_tags)
        params = {"fromImage": repo, "tag": tag, "platform": platform}
        headers = {"X-Registry-Auth": self._registry_auth(repo, auth_config)}
        resp = self._request("POST", "/images/create", params, None, headers, stream=True,
                             timeout=None, not_found=ImageNotFound)
        if stream:
            return _json_stream(resp, decode, check=True)
        return _json_text(resp)

    def push(self, repository, tag=None, stream=False, auth_config=None, decode=False,
             platform=None):
        """POST /images/{name}/push: the tag given (or in repository), every tag of the
        repository without one.  platform pushes one variant of a multi-platform image
        (API 1.46).  In-band errors (HTTP 200 then errorDetail) raise StreamError.
        stream=True returns the progress messages as they come."""
        repo, ref_tag, _ = split_reference(repository)
        headers = {"X-Registry-Auth": self._registry_auth(repo, auth_config)}
        resp = self._request("POST", "/images/" + _quote_reference(repo) + "/push",
                             {"tag": tag or ref_tag, "platform": _platform_param(platform)},
                             None, headers, stream=True, timeout=None, not_found=ImageNotFound)
        if stream:
            return _json_stream(resp, decode, check=True)
        return _json_text(resp)

    def history(self, image, platform=None):
        """GET /images/{name}/history; platform for one variant (API 1.48)."""
        return self._request("GET", self._path("/images/{}/history", _id_of(image)),
                             {"platform": _platform_param(platform)},
                             not_found=ImageNotFound).json()

    def tag(self, image, repository, tag=None, force=False):
        """POST /images/{name}/tag: give image another name; True when done."""
        repo, ref_tag, _ = split_reference(repository)
        self._request("POST", self._path("/images/{}/tag", _id_of(image)),
                      {"repo": repo, "tag": tag or ref_tag, "force": force or None},
                      not_found=ImageNotFound)
        return True

    def remove_image(self, image, force=False, noprune=False, platforms=None):
        """DELETE /images/{name}: the list of untagged and deleted ids; platforms removes
        only those variants of a multi-platform image (API 1.50)."""
        params = [("force", force or None), ("noprune", noprune or None)]
        params += [("platforms", _platform_param(p)) for p in platforms or ()]
        return self._request("DELETE", self._path("/images/{}", _id_of(image)), params,
                             not_found=ImageNotFound).json()

    def prune_images(self, filters=None):
        """POST /images/prune: {"ImagesDeleted": [...], "SpaceReclaimed": n}."""
        return self._request("POST", "/images/prune", {"filters": _filters(filters)}).json()

    def search(self, term, limit=None, filters=None, auth_config=None):
        """GET /images/search on the registry the term names (Docker Hub without one):
        [{"name", "description", "star_count", "is_official", ...}].  filters: stars,
        is-official, is-automated."""
        headers = {"X-Registry-Auth": self._registry_auth(term, auth_config)}
        return self._request("GET", "/images/search", {"term": term, "limit": limit or None,
                                                       "filters": _filters(filters)},
                             headers=headers, timeout=None).json()

    def get_image(self, image, chunk_size=2 * 1024 * 1024):
        """GET /images/{name}/get: the image as a tar, an iterator of chunks (streamed)."""
        resp = self._request("GET", self._path("/images/{}/get", _id_of(image)), stream=True,
                             timeout=None, not_found=ImageNotFound)
        return CancellableStream(resp.iter_content(chunk_size), resp)

    def save_images(self, names, chunk_size=2 * 1024 * 1024, platforms=None):
        """GET /images/get?names=...: several images in one tar, streamed; platforms
        keeps only those variants (API 1.48)."""
        params = [("names", n) for n in names]
        params += [("platform", _platform_param(p)) for p in platforms or ()]
        resp = self._request("GET", "/images/get", params, stream=True, timeout=None,
                             not_found=ImageNotFound)
        return CancellableStream(resp.iter_content(chunk_size), resp)

    def load_image(self, data, quiet=None, platforms=None, stream=False):
        """POST /images/load: data (bytes, file or iterable of bytes) is an image tar;
        returns the decoded messages (an in-band error raises StreamError), with
        stream=True as they come; platforms loads only those variants (API 1.48)."""
        params = [("quiet", quiet)] + [("platform", _platform_param(p)) for p in platforms or ()]
        resp = self._request("POST", "/images/load", params, data,
                             {"Content-Type": "application/x-tar"}, stream=True, timeout=None)
        messages = _json_stream(resp, True, check=True)
        return messages if stream else list(messages)

    def import_image(self, src=None, repository=None, tag=None, image=None, changes=None,
                     stream_src=False, message=None, platform=None, stream=False):
        """POST /images/create: a root filesystem tar becomes an image.  src is the tar as
        bytes, a file object or an iterable of bytes (stream_src=True: a stream), a path
        to a tar file, or else a URL the daemon fetches; image= instead creates it from an
        image the daemon pulls (fromImage).  message is the new image's commit message
        (its history's comment), platform ("os/arch") its platform.  Returns the last
        message as text, or with stream=True the decoded messages as they come."""
        more = (message, platform, stream)
        if src is None and image is not None:
            return self._import_image(("fromImage", image), None, repository, tag, changes,
                                      *more)
        if src is None:
            raise InvalidArgument("import_image needs src (a tar, a tar's path, a URL or a "
                                  "stream) or image")
        if isinstance(src, str) and not stream_src:
            if not os.path.isfile(src):
                return self._import_image(("fromSrc", src), None, repository, tag, changes,
                                          *more)
            with open(src, "rb") as f:
                return self._import_image(("fromSrc", "-"), f, repository, tag, changes,
                                          *more)
        return self._import_image(("fromSrc", "-"), src, repository, tag, changes, *more)

    def import_image_from_data(self, data, repository=None, tag=None, changes=None):
        """import_image from a tar given as bytes, a file object or an iterable of bytes."""
        return self._import_image(("fromSrc", "-"), data, repository, tag, changes)

    def import_image_from_file(self, filename, repository=None, tag=None, changes=None):
        """import_image from a tar file, streamed."""
        with open(filename, "rb") as f:
            return self._import_image(("fromSrc", "-"), f, repository, tag, changes)

    def import_image_from_stream(self, stream, repository=None, tag=None, changes=None):
        """import_image from a stream of the tar (read as it is sent)."""
        return self._import_image(("fromSrc", "-"), stream, repository, tag, changes)

    def import_image_from_url(self, url, repository=None, tag=None, changes=None):
        """import_image from a tar the daemon downloads from url."""
        return self._import_image(("fromSrc", url), None, repository, tag, changes)

    def import_image_from_image(self, image, repository=None, tag=None, changes=None):
        """POST /images/create?fromImage=: as docker-py, the daemon pulls image."""
        return self._import_image(("fromImage", image), None, repository, tag, changes)

    def _import_image(self, source, body, repository, tag, changes, message=None,
                      platform=None, stream=False):
        repo, ref_tag, _ = split_reference(repository) if repository else (None, None, None)
        tag = tag or ref_tag
        # The reference goes whole in repo, as the docker CLI sends it (Podman ignores tag).
        params = [source, ("repo", "%s:%s" % (repo, tag) if repo and tag else repo),
                  ("message", message), ("platform", platform.lower() if platform else None)]
        params += [("changes", c) for c in ([changes] if isinstance(changes, str)
                                            else changes or ())]
        resp = self._request("POST", "/images/create", params, body,
                             {"Content-Type": "application/x-tar"} if body is not None
                             else None, stream=True, timeout=None)
        if stream:
            return _json_stream(resp, True, check=True)
        messages = list(_json_stream(resp, True, check=True))
        return _json_dumps(messages[-1]) if messages else ""

    def commit(self, container, repository=None, tag=None, message=None, author=None,
               pause=True, changes=None, conf=None):
        """POST /commit: a new image from a container's changes; {"Id": ...}."""
        params = [("container", _id_of(container)), ("repo", repository), ("tag", tag),
                  ("comment", message), ("author", author), ("pause", pause)]
        if isinstance(changes, str):
            changes = [changes]
        params += [("changes", c) for c in changes or ()]
        # The container config to apply; {} when none (Podman refuses an empty body).
        return self._post_json("/commit", conf or {}, params).json()


def _platform_param(platform):
    """A platform as the Engine takes it in a query: OCI JSON (from a parse_platform
    dict, or parsed from "os/arch[/variant]"), or None."""
    if not platform:
        return None
    if isinstance(platform, str):
        platform = parse_platform(platform)
    return _json_dumps(platform)


# ---- build ----

def built_image_id(message, found=None):
    """The image id a build reports, given one decoded build message and the id found so
    far: the Engine's aux {"ID": ...} always wins; otherwise an id already found stays;
    otherwise "Successfully built ID" (older Engines) or a bare 64-hex id (Podman with
    q=1, returned as "sha256:..."); else found.  A message of another shape raises
    ProtocolError."""
    message = as_go_type(message, "jsonmessage.JSONMessage")
    aux = message["aux"]
    if isinstance(aux, dict) and isinstance(aux.get("ID"), str) and aux["ID"]:
        return aux["ID"]
    text = message["stream"]
    if found is not None:
        return found
    if text.startswith("Successfully built "):
        return text.split()[-1]
    if re.match(r"(sha256:)?[0-9a-f]{64}\s*\Z", text):
        return "sha256:" + text.strip().split(":")[-1]
    return None


class _BuildAPI:
    """Builds with the classic builder, and the build cache."""

    def build(self, path=None, tag=None, quiet=False, fileobj=None, nocache=False, rm=False,
              timeout=None, custom_context=False, encoding=None, pull=False, forcerm=False,
              dockerfile=None, container_limits=None, decode=False, buildargs=None,
              gzip=False, shmsize=None, labels=None, cache_from=None, target=None,
              network_mode=None, squash=None, extra_hosts=None, platform=None,
              isolation=None, use_config_proxy=True, ulimits=None, security_opt=None,
              cgroup_parent=None):
        """POST /build with the classic builder (version=1, sent explicitly).

        The context is path (a directory, sent as the docker CLI sends it, honouring
        .dockerignore; or a git/http URL the daemon fetches), fileobj (a Dockerfile; or
        with custom_context=True a tar, bytes or iterable of bytes), streamed with
        X-Registry-Config carrying every known credential.  container_limits: memory,
        memswap, cpushares, cpusetcpus, cpusetmems, cpuperiod, cpuquota; extra_hosts a
        {host: ip} dict or "host:ip" list; ulimits [{"Name", "Soft", "Hard"}];
        security_opt and cgroup_parent for the RUN steps.  Returns an iterator of the
        build's messages (dicts with decode=True); an in-band error raises StreamError
        after the messages before it.  extra_hosts: {host: ip} or ["host:ip"];
        cache_from: image names; with use_config_proxy, config.json's proxies are build
        arguments unless buildargs sets them.
        """
        params = [("t", t) for t in ([tag] if isinstance(tag, str) else tag or [])]
        body = None
        if path is not None and (path.startswith(("http://", "https://", "git://",
                                                  "github.com/", "git@"))):
            params.append(("remote", path))
        elif custom_context:
            if fileobj is None:
                raise _InvalidArgumentType("custom_context=True needs fileobj (a tar context)")
            body = fileobj
        elif fileobj is not None:
            data = fileobj.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            dockerfile = dockerfile or "Dockerfile"
            body = _tar_chunks([(dockerfile, None, None, data)])
        elif path is not None:
            if not os.path.isdir(path):
                raise _InvalidArgumentType("build path must be a directory (the build "
                                           "context): %s" % (path,))
            dockerfile, body = build_context(path, dockerfile)
        else:
            raise _InvalidArgumentType("build needs path (a directory) or fileobj")
        limits = container_limits or {}
        unknown = set(limits) - {"memory", "memswap", "cpushares", "cpusetcpus", "cpusetmems",
                                 "cpuperiod", "cpuquota"}
        if unknown:
            raise InvalidArgument("invalid container_limits key(s): %s" % ", ".join(unknown))
        if use_config_proxy:   # build args where buildargs does not set them
            buildargs = dict(self._proxy_environment(), **(buildargs or {}))
        params += [("q", quiet or None), ("nocache", nocache or None), ("rm", rm),
                   ("forcerm", forcerm or None), ("pull", pull or None),
                   ("dockerfile", dockerfile), ("buildargs", buildargs or None),
                   ("labels", labels or None), ("cachefrom", list(cache_from or ()) or None),
                   ("target", target), ("networkmode", network_mode), ("platform", platform),
                   ("shmsize", parse_bytes(shmsize) if shmsize is not None else None),
                   ("squash", squash), ("isolation", isolation),
                   ("ulimits", ulimits or None), ("cgroupparent", cgroup_parent),
                   ("version", "1")]
        # One extrahosts parameter per "host:ip", as the Engine reads them (a JSON list
        # would be taken as one malformed entry: "invalid IP address in add-host").
        params += [("extrahosts", h) for h in _format_extra_hosts(extra_hosts or {})]
        params += [("securityopt", s) for s in security_opt or ()]
        params += [(k, parse_bytes(v) if k in ("memory", "memswap") else v)
                   for k, v in sorted(limits.items())]
        headers = {"Content-Type": "application/x-tar",
                   "X-Registry-Config": registry_config_header(**self._credential_settings())}
        if encoding and custom_context:     # the caller's bytes are encoded so (docker-py)
            headers["Content-Encoding"] = encoding
        elif gzip or encoding == "gzip":
            headers["Content-Encoding"] = "gzip"
            body = gzip_chunks(body)
        resp = self._request("POST", "/build", params, body, headers, stream=True,
                             timeout=timeout)
        return _json_stream(resp, decode, check=True)

    def prune_builds(self, filters=None, keep_storage=None, all=None):
        """POST /build/prune."""
        return self._request("POST", "/build/prune", {"filters": _filters(filters),
                                                      "keep-storage": keep_storage,
                                                      "all": all}, timeout=None).json()


# ---- networks ----

class _NetworksAPI:
    """Networks, and connecting containers to them."""

    def networks(self, names=None, ids=None, filters=None):
        """GET /networks."""
        filters = dict(filters or {})
        if names:
            filters["name"] = names
        if ids:
            filters["id"] = ids
        return self._request("GET", "/networks", {"filters": _filters(filters)}).json()

    def create_network(self, name, driver=None, options=None, ipam=None, check_duplicate=None,
                       internal=False, labels=None, enable_ipv6=None, attachable=None,
                       scope=None, ingress=None, enable_ipv4=None, config_only=None,
                       config_from=None):
        """POST /networks/create: {"Id": ..., "Warning": ...}.  enable_ipv4 (API 1.47)
        and enable_ipv6: True or False as given, None the daemon's default; config_only
        makes a network
        that only holds configuration, config_from (a network name) one that takes it."""
        body = {"Name": name, "Driver": driver, "Options": options, "IPAM": ipam,
                "CheckDuplicate": check_duplicate, "Internal": internal or None,
                "Labels": labels, "EnableIPv4": enable_ipv4, "EnableIPv6": enable_ipv6,
                "Attachable": attachable, "Scope": scope, "Ingress": ingress,
                "ConfigOnly": config_only,
                "ConfigFrom": {"Network": config_from} if config_from else None}
        return self._post_json("/networks/create", _drop_none(body)).json()

    def inspect_network(self, net_id, verbose=None, scope=None):
        """GET /networks/{id}."""
        return self._request("GET", self._path("/networks/{}", _id_of(net_id)),
                             {"verbose": verbose, "scope": scope}).json()

    def remove_network(self, net_id):
        """DELETE /networks/{id}."""
        self._request("DELETE", self._path("/networks/{}", _id_of(net_id)))

    def connect_container_to_network(self, container, net_id, ipv4_address=None,
                                     ipv6_address=None, aliases=None, links=None,
                                     link_local_ips=None, driver_opt=None, mac_address=None,
                                     gw_priority=None):
        """POST /networks/{id}/connect, with an EndpointConfig of the other arguments;
        gw_priority: the highest of a container's networks gives its default gateway
        (API 1.48)."""
        endpoint = self.create_endpoint_config(
            aliases=aliases, links=links, ipv4_address=ipv4_address,
            ipv6_address=ipv6_address, link_local_ips=link_local_ips,
            driver_opt=driver_opt, mac_address=mac_address)
        if gw_priority is not None:
            endpoint["GwPriority"] = gw_priority
        self._post_json(self._path("/networks/{}/connect", _id_of(net_id)),
                        {"Container": _id_of(container), "EndpointConfig": endpoint})

    def disconnect_container_from_network(self, container, net_id, force=False):
        """POST /networks/{id}/disconnect."""
        body = {"Container": _id_of(container), "Force": bool(force)}
        self._post_json(self._path("/networks/{}/disconnect", _id_of(net_id)), body)

    def prune_networks(self, filters=None):
        """POST /networks/prune: {"NetworksDeleted": [...]}."""
        return self._request("POST", "/networks/prune", {"filters": _filters(filters)}).json()


# ---- volumes ----

class _VolumesAPI:
    """Volumes."""

    def volumes(self, filters=None):
        """GET /volumes: {"Volumes": [...], "Warnings": [...]}."""
        return self._request("GET", "/volumes", {"filters": _filters(filters)}).json()

    def create_volume(self, name=None, driver=None, driver_opts=None, labels=None):
        """POST /volumes/create: the new volume's inspect dict."""
        body = {"Name": name, "Driver": driver, "DriverOpts": driver_opts, "Labels": labels}
        return self._post_json("/volumes/create", _drop_none(body)).json()

    def inspect_volume(self, name):
        """GET /volumes/{name}."""
        return self._request("GET", self._path("/volumes/{}", name)).json()

    def remove_volume(self, name, force=False):
        """DELETE /volumes/{name}."""
        self._request("DELETE", self._path("/volumes/{}", name), {"force": force or None})

    def update_volume(self, volume_id, version, spec):
        """PUT /volumes/{id}?version=: a cluster volume's new spec (API 1.42)."""
        self._request("PUT", self._path("/volumes/{}", volume_id), {"version": version},
                      _json_dumps({"Spec": spec}), {"Content-Type": "application/json"})

    def prune_volumes(self, filters=None, all=False):
        """POST /volumes/prune (all=True also removes named volumes, API >= 1.42)."""
        filters = dict(filters or {})
        if all and self.version_at_least("1.42"):
            filters["all"] = ["true"]
        return self._request("POST", "/volumes/prune", {"filters": _filters(filters)}).json()


# ---- swarm ----

# docker-py's defaults when only one of default_addr_pool and subnet_size is given
# (docker.constants DEFAULT_SWARM_ADDR_POOL, DEFAULT_SWARM_SUBNET_SIZE).
_SWARM_ADDR_POOL = ["10.0.0.0/8"]
_SWARM_SUBNET_SIZE = 24


class _SwarmAPI:
    """The swarm: init, join, leave, update, unlock; and what the swarm groups share:
    API version checks and versioned updates."""

    def _require_api(self, minimum, what):
        """InvalidVersion, in docker-py's words, when the API in use is older than minimum."""
        if not self.version_at_least(minimum):
            raise InvalidVersion("%s is not supported in API version < %s (the daemon speaks "
                                 "%s)" % (what, minimum, self.api_version))

    def _update_object(self, path, version, body, params=None, headers=None):
        """POST a whole spec to an object's /update at the version it was read at.  The
        Engine answers a stale version with 500 "update out of sequence" (swarmkit's
        word, not a 409): that answer becomes Conflict, saying what to do."""
        if version is None:
            raise InvalidArgument("version is required: the object's Version.Index as last "
                                  "read (an update at another version is refused)")
        try:
            return self._post_json(path, body, dict(params or {}, version=version),
                                   headers=headers)
        except APIError as e:
            if e.status_code != 500 or "update out of sequence" not in (e.explanation or ""):
                raise
            text = ("%s: version %s is not the current version of the object (it changed "
                    "since it was read); inspect it again and retry with the new version"
                    % (e.explanation, version))
            raise Conflict(text, e.response, text)

    def create_swarm_spec(self, *args, **kwargs):
        """A swarm Spec from docker-py's SwarmSpec keywords (task_history_retention_limit,
        snapshot_interval, dispatcher_heartbeat_period, node_cert_expiry, external_ca or
        external_cas, name, labels, signing_ca_cert, signing_ca_key, ca_force_rotate,
        autolock_managers, log_driver, ...), for init_swarm and update_swarm."""
        if args:
            raise TypeError("create_swarm_spec() takes keyword arguments only")
        external_ca = kwargs.pop("external_ca", None)
        if external_ca:
            kwargs["external_cas"] = [external_ca]
        return _SwarmSpec(self.api_version, **kwargs)

    def inspect_swarm(self):
        """GET /swarm.  A daemon outside a swarm answers 503 (APIError)."""
        return self._request("GET", "/swarm").json()

    def init_swarm(self, advertise_addr=None, listen_addr="0.0.0.0:2377",
                   force_new_cluster=False, swarm_spec=None, default_addr_pool=None,
                   subnet_size=None, data_path_addr=None, data_path_port=None,
                   availability=None):
        """POST /swarm/init: the new node's ID.  default_addr_pool (CIDR strings) and
        subnet_size default each other as docker-py does (["10.0.0.0/8"], 24).
        availability ("active", "pause", "drain") is the docker CLI's --availability."""
        if swarm_spec is not None and not isinstance(swarm_spec, dict):
            raise TypeError("swarm_spec must be a dictionary")
        if default_addr_pool is not None or subnet_size is not None:
            self._require_api("1.39", "default_addr_pool and subnet_size")
            if default_addr_pool is None:
                default_addr_pool = list(_SWARM_ADDR_POOL)
            if subnet_size is None:
                subnet_size = _SWARM_SUBNET_SIZE
        if data_path_addr is not None:
            self._require_api("1.30", "data_path_addr")
        if data_path_port is not None:
            self._require_api("1.40", "data_path_port")
        body = {"AdvertiseAddr": advertise_addr, "ListenAddr": listen_addr,
                "ForceNewCluster": force_new_cluster, "Spec": swarm_spec,
                "DefaultAddrPool": default_addr_pool, "SubnetSize": subnet_size,
                "DataPathAddr": data_path_addr, "DataPathPort": data_path_port,
                "Availability": _swarm_availability(availability)}
        if swarm_spec and (swarm_spec.get("EncryptionConfig") or {}).get("AutoLockManagers"):
            body["AutoLockManagers"] = True     # the Engine reads it here at init
        return self._post_json("/swarm/init", _drop_none(body)).json()

    def join_swarm(self, remote_addrs, join_token, listen_addr="0.0.0.0:2377",
                   advertise_addr=None, data_path_addr=None, availability=None):
        """POST /swarm/join (remote_addrs: the managers' "host:port" list)."""
        if isinstance(remote_addrs, str):
            remote_addrs = [remote_addrs]
        if data_path_addr is not None:
            self._require_api("1.30", "data_path_addr")
        self._post_json("/swarm/join", _drop_none({
            "RemoteAddrs": remote_addrs, "JoinToken": join_token, "ListenAddr": listen_addr,
            "AdvertiseAddr": advertise_addr, "DataPathAddr": data_path_addr,
            "Availability": _swarm_availability(availability)}))
        return True

    def leave_swarm(self, force=False):
        """POST /swarm/leave.  With force, a node in no swarm (503) is no error, as in
        docker-py; without, a manager whose leaving would cost the quorum is refused."""
        try:
            self._request("POST", "/swarm/leave", {"force": force or None})
        except APIError as e:
            if not (force and e.status_code in (406, 503)):
                raise
        return True

    def update_swarm(self, version, swarm_spec=None, rotate_worker_token=False,
                     rotate_manager_token=False, rotate_manager_unlock_key=False):
        """POST /swarm/update with the whole Spec at the swarm's current version
        (inspect_swarm()["Version"]["Index"]); the rotate_* flags rotate join tokens and
        the unlock key.  A stale version raises Conflict."""
        params = {"rotateWorkerToken": rotate_worker_token,
                  "rotateManagerToken": rotate_manager_token}
        if rotate_manager_unlock_key:
            self._require_api("1.25", "rotate_manager_unlock_key")
            params["rotateManagerUnlockKey"] = True
        self._update_object("/swarm/update", version, swarm_spec or {}, params)
        return True

    def get_unlock_key(self):
        """GET /swarm/unlockkey: {"UnlockKey": ...} ("" without autolock)."""
        return self._request("GET", "/swarm/unlockkey").json()

    def unlock_swarm(self, key):
        """POST /swarm/unlock with the key (a str, or {"UnlockKey": ...})."""
        if isinstance(key, dict):
            if "UnlockKey" not in key:
                raise InvalidArgument("Invalid unlock key format: a dict needs an "
                                      "'UnlockKey' entry")
        else:
            key = {"UnlockKey": key}
        self._post_json("/swarm/unlock", key)
        return True


def _swarm_availability(value):
    """A node availability as the Engine takes it; None stays None."""
    if value is None:
        return None
    if str(value).lower() not in ("active", "pause", "drain"):
        raise InvalidArgument('invalid availability "%s", only active, pause and drain are '
                              'supported' % (value,))
    return str(value).lower()


# ---- nodes ----

class _NodesAPI:
    """Swarm nodes: list, inspect, update (role, availability, labels), remove."""

    def nodes(self, filters=None):
        """GET /nodes (filters: id, label, membership, name, node.label, role)."""
        return self._request("GET", "/nodes", {"filters": _filters(filters)}).json()

    def inspect_node(self, node_id):
        """GET /nodes/{id}: by ID, ID prefix or host name (the Engine resolves them)."""
        return self._request("GET", self._path("/nodes/{}", _swarm_id(node_id, "node_id"))
                             ).json()

    def remove_node(self, node_id, force=False):
        """DELETE /nodes/{id}; force removes a node that is not down."""
        self._request("DELETE", self._path("/nodes/{}", _swarm_id(node_id, "node_id")),
                      {"force": force or None})
        return True

    def update_node(self, node_id, version, node_spec=None):
        """POST /nodes/{id}/update with the whole node Spec (Role, Availability, Labels,
        Name) at the node's current version; a stale version raises Conflict."""
        self._update_object(self._path("/nodes/{}/update", _swarm_id(node_id, "node_id")),
                            version, node_spec or {})
        return True


def _swarm_id(value, what):
    """A swarm object's ID or name from a str, an inspect dict or a model; None or ""
    raise (docker-py's check_resource)."""
    value = _id_of(value)
    if not value or not isinstance(value, str):
        raise InvalidArgument("%s is required: an ID, an ID prefix or a name, got %r"
                              % (what, value))
    return value


# ---- services ----

# docker-py's API version checks of a service spec: (minimum, what, test of the spec).
_SERVICE_FEATURES = (
    ("1.25", "UpdateConfig.max_failure_ratio", lambda s: _sub(s, "U").get("MaxFailureRatio")),
    ("1.25", "UpdateConfig.monitor", lambda s: _sub(s, "U").get("Monitor")),
    ("1.28", "UpdateConfig.failure_action rollback",
     lambda s: _sub(s, "U").get("FailureAction") == "rollback"),
    ("1.29", "UpdateConfig.order", lambda s: _sub(s, "U").get("Order")),
    ("1.28", "rollback_config", lambda s: s.get("RollbackConfig") is not None),
    ("1.29", "RollbackConfig.order", lambda s: _sub(s, "R").get("Order")),
    ("1.32", "EndpointSpec.Ports[].mode",
     lambda s: any(p.get("PublishMode") for p in _sub(s, "E").get("Ports") or ())),
    ("1.25", "force_update", lambda s: _sub(s, "T").get("ForceUpdate")),
    ("1.30", "Placement.platforms", lambda s: _sub(s, "P").get("Platforms")),
    ("1.27", "Placement.preferences", lambda s: _sub(s, "P").get("Preferences")),
    ("1.25", "ContainerSpec.tty", lambda s: _sub(s, "C").get("TTY")),
    ("1.25", "ContainerSpec.hostname", lambda s: _sub(s, "C").get("Hostname") is not None),
    ("1.25", "ContainerSpec.hosts", lambda s: _sub(s, "C").get("Hosts") is not None),
    ("1.25", "ContainerSpec.groups", lambda s: _sub(s, "C").get("Groups") is not None),
    ("1.25", "ContainerSpec.dns_config", lambda s: _sub(s, "C").get("DNSConfig") is not None),
    ("1.25", "ContainerSpec.healthcheck",
     lambda s: _sub(s, "C").get("Healthcheck") is not None),
    ("1.28", "ContainerSpec.read_only", lambda s: _sub(s, "C").get("ReadOnly") is not None),
    ("1.28", "ContainerSpec.stop_signal", lambda s: _sub(s, "C").get("StopSignal") is not None),
    ("1.30", "ContainerSpec.configs", lambda s: _sub(s, "C").get("Configs") is not None),
    ("1.30", "ContainerSpec.privileges", lambda s: _sub(s, "C").get("Privileges") is not None),
    ("1.35", "ContainerSpec.isolation", lambda s: _sub(s, "C").get("Isolation") is not None),
    ("1.38", "ContainerSpec.init", lambda s: _sub(s, "C").get("Init") is not None),
    ("1.32", "Resources.generic_resources",
     lambda s: ((_sub(s, "T").get("Resources") or {}).get("Reservations") or {}).get(
         "GenericResources")),
)


def _sub(spec, part):
    """A part of a service spec for _SERVICE_FEATURES, {} when absent."""
    task = spec.get("TaskTemplate") or {}
    found = {"U": spec.get("UpdateConfig"), "R": spec.get("RollbackConfig"),
             "E": spec.get("EndpointSpec"), "T": task, "P": task.get("Placement"),
             "C": task.get("ContainerSpec")}[part]
    return found or {}


def _service_mode(mode):
    """A ServiceSpec.Mode from docker-py's mode: a dict as given, or a mode name."""
    return mode if mode is None or isinstance(mode, dict) else _ServiceMode(mode)


def _service_networks(networks):
    """docker-py's convert_service_networks: names become {"Target": name}."""
    if networks is None:
        return None
    if not isinstance(networks, list):
        raise TypeError("networks parameter must be a list.")
    return [{"Target": n} if isinstance(n, str) else n for n in networks]


class _ServicesAPI:
    """Swarm services: create, inspect, list, update (at a version, from the current
    spec, or back to the previous one), remove, and their logs."""

    def services(self, filters=None, status=None):
        """GET /services (filters: id, label, mode, name); status=True adds each
        service's ServiceStatus (running, desired and completed tasks; API 1.41)."""
        params = {"filters": _filters(filters)}
        if status is not None:
            self._require_api("1.41", "status")
            params["status"] = status
        return self._request("GET", "/services", params).json()

    def _service_spec(self, task_template, name, labels, mode, update_config, networks,
                      endpoint_spec, rollback_config):
        """The ServiceSpec to send, checked against the API version as docker-py checks
        it; networks go to TaskTemplate.Networks (their place since API 1.25; the top-level
        field is deprecated)."""
        task_template = dict(task_template or {})
        networks = _service_networks(networks)
        if networks is not None:
            task_template["Networks"] = networks
        spec = service_spec(task_template, name, labels, _service_mode(mode), update_config,
                            None, endpoint_spec, rollback_config)
        for minimum, what, test in _SERVICE_FEATURES:
            if test(spec):
                self._require_api(minimum, what)
        return spec

    def create_service(self, task_template, name=None, labels=None, mode=None,
                       update_config=None, networks=None, endpoint_config=None,
                       endpoint_spec=None, rollback_config=None, auth_config=None):
        """POST /services/create: {"ID": ..., "Warnings": ...}.  task_template holds the
        ContainerSpec (its Image is required); mode is a ServiceMode dict or a mode name
        ("replicated", "global", "replicated-job", "global-job"); endpoint_config is
        docker-py's old name of endpoint_spec.  The registry credentials of the image go
        along (auth_config, else login() or config.json), for the nodes' pulls."""
        image = (task_template.get("ContainerSpec") or {}).get("Image")
        if image is None:
            raise DockerException("Missing mandatory Image key in ContainerSpec")
        spec = self._service_spec(task_template, name, labels, mode, update_config,
                                  networks, endpoint_spec or endpoint_config, rollback_config)
        headers = {"X-Registry-Auth": self._registry_auth(image, auth_config)}
        return self._post_json("/services/create", spec, headers=headers).json()

    def inspect_service(self, service, insert_defaults=None):
        """GET /services/{id} (ID, ID prefix or name); insert_defaults fills the fields
        the Engine defaults (API 1.29)."""
        params = {}
        if insert_defaults is not None:
            self._require_api("1.29", "insert_defaults")
            params["insertDefaults"] = insert_defaults
        return self._request("GET", self._path("/services/{}", _swarm_id(service, "service")),
                             params).json()

    def remove_service(self, service):
        """DELETE /services/{id}."""
        self._request("DELETE", self._path("/services/{}", _swarm_id(service, "service")))
        return True

    def update_service(self, service, version, task_template=None, name=None, labels=None,
                       mode=None, update_config=None, networks=None, endpoint_config=None,
                       endpoint_spec=None, fetch_current_spec=False, rollback_config=None,
                       auth_config=None):
        """POST /services/{id}/update at the service's version (its Version.Index as last
        read; a stale one raises Conflict): {"Warnings": ...}.  The Engine replaces the
        whole spec: with fetch_current_spec, what is not given is taken from the current
        spec (its ContainerSpec merged key by key), as docker-py does; without it, what is
        not given is unset."""
        current = {}
        if fetch_current_spec:
            current = self.inspect_service(
                service, insert_defaults=True if self.version_at_least("1.29") else None
            )["Spec"]
        template = dict(current.get("TaskTemplate") or {})
        for key, value in (task_template or {}).items():
            if key == "ContainerSpec":
                merged = dict(template.get("ContainerSpec") or {})
                merged.update((k, v) for k, v in (value or {}).items() if v is not None)
                template["ContainerSpec"] = merged
            elif value is not None:
                template[key] = value
        if networks is None and not template.get("Networks") and current.get("Networks"):
            networks = current["Networks"]      # a spec from before API 1.25's move
        pick = lambda given, key: current.get(key) if given is None else given
        spec = self._service_spec(template, pick(name, "Name"), pick(labels, "Labels"),
                                  pick(mode, "Mode"), pick(update_config, "UpdateConfig"),
                                  networks, pick(endpoint_spec or endpoint_config,
                                                 "EndpointSpec"),
                                  pick(rollback_config, "RollbackConfig"))
        image = (template.get("ContainerSpec") or {}).get("Image")
        headers = {"X-Registry-Auth": self._registry_auth(image, auth_config)} if image \
            else None
        resp = self._update_object(self._path("/services/{}/update",
                                              _swarm_id(service, "service")),
                                   version, spec, headers=headers)
        return resp.json() if resp.content else {}

    def rollback_service(self, service, version=None):
        """Roll a service back to its previous spec (POST /services/{id}/update with
        rollback=previous; API 1.28): the Engine swaps the spec and its PreviousSpec and
        rolls the tasks back with the RollbackConfig.  version defaults to the current
        one.  {"Warnings": ...}."""
        self._require_api("1.28", "rollback")
        found = as_go_type(self.inspect_service(service), "swarm.Service")
        resp = self._update_object(self._path("/services/{}/update", found["ID"]),
                                   found["Version"]["Index"] if version is None else version,
                                   found["Spec"], {"rollback": "previous"})
        return resp.json() if resp.content else {}

    def resolve_service_image(self, image, auth_config=None):
        """Pin an image to the digest its registry has for it now, as `docker service
        create` does before it creates a service: (image@digest in its familiar form,
        the platforms it exists for as Placement.Platforms entries).  The daemon asks the
        registry (GET /distribution/NAME/json); an APIError means it could not."""
        info = as_go_type(self.inspect_distribution(image, auth_config=auth_config),
                          "registry.DistributionInspect")
        digest = info["Descriptor"]["digest"]
        pinned = image if "@" in image or not digest else image + "@" + digest
        platforms = [{"Architecture": "" if p["architecture"].lower() == "arm"
                      else p["architecture"], "OS": p["os"]} for p in info["Platforms"]]
        return pinned, platforms

    def service_logs(self, service, details=False, follow=False, stdout=False, stderr=False,
                     since=0, timestamps=False, tail="all", is_tty=None, demux=False):
        """GET /services/{id}/logs: a closable iterator of output pieces from every task
        of the service, in arrival order (API 1.25).  Without is_tty the service is
        inspected first to learn whether its tasks have a TTY (their output is then not
        framed), as docker-py does.  demux=True gives (stdout, stderr) pairs, as
        logs(demux=True) does; details=True prefixes each line with the task's
        com.docker.swarm.* context (node, service and task IDs)."""
        return self._swarm_logs("/services/{}/logs", service, "service", details, follow,
                                stdout, stderr, since, timestamps, tail, is_tty, demux)

    def _swarm_logs(self, template, target, what, details, follow, stdout, stderr, since,
                    timestamps, tail, is_tty, demux):
        self._require_api("1.25", "service logs")
        if is_tty is None:
            spec = self.inspect_service(target)["Spec"]["TaskTemplate"] if what == "service" \
                else self.inspect_task(target)["Spec"]
            is_tty = bool((spec.get("ContainerSpec") or {}).get("TTY"))
        params = {"details": details, "follow": follow, "stdout": stdout, "stderr": stderr,
                  "since": to_timestamp(since) or None, "timestamps": timestamps,
                  "tail": tail}
        resp = self._request("GET", self._path(template, _swarm_id(target, what)), params,
                             stream=True, timeout=None if follow else _DEFAULT)
        pieces = _output_pieces(resp.read1, self._multiplexed(resp, is_tty))
        return _output(pieces, resp, True, demux)


# ---- tasks ----

class _TasksAPI:
    """Swarm tasks: list, inspect, and one task's logs."""

    def tasks(self, filters=None):
        """GET /tasks (filters: desired-state, id, label, name, node, service)."""
        return self._request("GET", "/tasks", {"filters": _filters(filters)}).json()

    def inspect_task(self, task):
        """GET /tasks/{id} (ID or ID prefix)."""
        return self._request("GET", self._path("/tasks/{}", _swarm_id(task, "task"))).json()

    def task_logs(self, task, details=False, follow=False, stdout=False, stderr=False,
                  since=0, timestamps=False, tail="all", is_tty=None, demux=False):
        """GET /tasks/{id}/logs: one task's output, as service_logs gives a service's."""
        return self._swarm_logs("/tasks/{}/logs", task, "task", details, follow, stdout,
                                stderr, since, timestamps, tail, is_tty, demux)


# ---- secrets ----

class _SecretsAPI:
    """Swarm secrets.  Secrets and configs have one shape (list, create with Data sent
    base64, inspect, update of the labels, remove): the helpers here, named by kind,
    serve both."""

    def _list_objects(self, kind, filters):
        return self._request("GET", "/" + kind, {"filters": _filters(filters)}).json()

    def _create_object(self, kind, spec):
        import base64
        data = spec.get("Data")
        if data is None and not spec.get("Driver"):
            raise InvalidArgument("data is required (bytes or str)")
        if data is not None:
            if isinstance(data, str):
                data = data.encode("utf-8")
            if not isinstance(data, (bytes, bytearray)):
                raise InvalidArgument("data must be bytes or str, not %s"
                                      % type(data).__name__)
            spec = dict(spec, Data=base64.b64encode(data).decode("ascii"))
        return self._post_json("/%s/create" % kind, _drop_none(spec)).json()

    def _inspect_object(self, kind, object_id):
        return self._request("GET", self._path("/%s/{}" % kind,
                                               _swarm_id(object_id, kind[:-1]))).json()

    def _remove_object(self, kind, object_id):
        self._request("DELETE", self._path("/%s/{}" % kind, _swarm_id(object_id, kind[:-1])))
        return True

    def _update_labels(self, kind, object_id, version, labels):
        """The Engine takes a secret's or config's whole Spec back with only its Labels
        changed (any other change is refused)."""
        found = as_go_type(self._inspect_object(kind, object_id),
                           "swarm.Secret" if kind == "secrets" else "swarm.Config")
        spec = dict(found["Spec"], Labels=dict(labels or {}))
        self._update_object(self._path("/%s/{}/update" % kind, found["ID"]),
                            found["Version"]["Index"] if version is None else version, spec)
        return True

    def secrets(self, filters=None):
        """GET /secrets (filters: id, label, name, names)."""
        return self._list_objects("secrets", filters)

    def create_secret(self, name, data, labels=None, driver=None, templating=None):
        """POST /secrets/create (data: bytes or str, sent base64; driver: a secret driver
        {"Name": ..., "Options": ...}, with data None; templating: a template driver
        {"Name": "golang"}, API 1.37): {"ID": ...}."""
        if templating is not None:
            self._require_api("1.37", "templating")
        return self._create_object("secrets", {"Name": name, "Data": data,
                                               "Labels": labels or {}, "Driver": driver,
                                               "Templating": templating})

    def inspect_secret(self, id):
        """GET /secrets/{id} (ID, ID prefix or name; the data never comes back)."""
        return self._inspect_object("secrets", id)

    def update_secret(self, id, version=None, labels=None):
        """POST /secrets/{id}/update: a secret's labels (the only thing the Engine lets
        change) replaced by labels, at version (default: the current one)."""
        return self._update_labels("secrets", id, version, labels)

    def remove_secret(self, id):
        """DELETE /secrets/{id}; a secret in use by a service is refused (400)."""
        return self._remove_object("secrets", id)


# ---- configs ----

class _ConfigsAPI:
    """Swarm configs (the helpers are _SecretsAPI's)."""

    def configs(self, filters=None):
        """GET /configs (filters: id, label, name, names)."""
        return self._list_objects("configs", filters)

    def create_config(self, name, data, labels=None, templating=None):
        """POST /configs/create (data: bytes or str, sent base64; templating: a template
        driver {"Name": "golang"}): {"ID": ...}."""
        if templating is not None:
            self._require_api("1.37", "templating")
        return self._create_object("configs", {"Name": name, "Data": data,
                                               "Labels": labels or {}, "Templating": templating})

    def inspect_config(self, id):
        """GET /configs/{id} (ID, ID prefix or name; Spec.Data is the data, base64)."""
        return self._inspect_object("configs", id)

    def update_config(self, id, version=None, labels=None):
        """POST /configs/{id}/update: a config's labels replaced by labels."""
        return self._update_labels("configs", id, version, labels)

    def remove_config(self, id):
        """DELETE /configs/{id}; a config in use by a service is refused (400)."""
        return self._remove_object("configs", id)


# ---- swarm: the docker CLI's service options, as Engine JSON ----
#
# `docker service create|update` turn flags into a ServiceSpec; these functions do the same
# for any caller (docksock's CLI is one): each takes the values as the flags give them
# (strings, lists of strings, numbers, durations in seconds) and returns the Engine's JSON.
# Their errors are the docker CLI's words (InvalidArgument).

def _csv_fields(text):
    """The comma-separated fields of one option value, quoting as Go's encoding/csv."""
    import csv
    try:
        return next(csv.reader([text], skipinitialspace=False), [])
    except csv.Error as e:
        raise InvalidArgument("%s: %s" % (text, e))


def _bool_word(text, what):
    value = {"1": True, "t": True, "T": True, "true": True, "TRUE": True, "True": True,
             "0": False, "f": False, "F": False, "false": False, "FALSE": False,
             "False": False}.get(text)
    if value is None:
        raise InvalidArgument("invalid value for %s: %s" % (what, text))
    return value


def parse_mount(text):
    """A Mount from docker's --mount syntax ("type=bind,source=/a,target=/b,readonly",
    volume-*, bind-*, tmpfs-* and image-* options), as the docker CLI parses it."""
    mount = {"Type": "volume"}
    options = {}

    def section(key):
        if key not in options:
            options[key] = {"Labels": {}, "DriverConfig": {}} if key == "VolumeOptions" \
                else {}
        return options[key]

    def set_pair(target, value):
        k, _, v = value.partition("=")
        if k:
            target[k] = v
    for field in _csv_fields(text):
        key, eq, val = field.partition("=")
        key = key.lower()
        if not eq:
            if key in ("readonly", "ro"):
                mount["ReadOnly"] = True
            elif key == "volume-nocopy":
                section("VolumeOptions")["NoCopy"] = True
            elif key == "bind-nonrecursive":
                section("BindOptions")["NonRecursive"] = True
            else:
                raise InvalidArgument("invalid field '%s' must be a key=value pair" % field)
            continue
        if key == "type":
            mount["Type"] = val.lower()
        elif key in ("source", "src"):
            mount["Source"] = os.path.abspath(val) if val.startswith(".") else val
        elif key in ("target", "dst", "destination"):
            mount["Target"] = val
        elif key in ("readonly", "ro"):
            mount["ReadOnly"] = _bool_word(val, key)
        elif key == "consistency":
            mount["Consistency"] = val.lower()
        elif key == "bind-propagation":
            section("BindOptions")["Propagation"] = val.lower()
        elif key == "bind-nonrecursive":
            section("BindOptions")["NonRecursive"] = _bool_word(val, key)
        elif key == "bind-recursive":
            flag = {"enabled": None, "disabled": "NonRecursive",
                    "writable": "ReadOnlyNonRecursive",
                    "readonly": "ReadOnlyForceRecursive"}.get(val, "?")
            if flag == "?":
                raise InvalidArgument('invalid value for %s: %s (must be "enabled", '
                                      '"disabled", "writable", or "readonly")' % (key, val))
            if flag:
                section("BindOptions")[flag] = True
        elif key == "volume-subpath":
            section("VolumeOptions")["Subpath"] = val
        elif key == "volume-nocopy":
            section("VolumeOptions")["NoCopy"] = _bool_word(val, "volume-nocopy")
        elif key == "volume-label":
            set_pair(section("VolumeOptions")["Labels"], val)
        elif key == "volume-driver":
            section("VolumeOptions")["DriverConfig"]["Name"] = val
        elif key == "volume-opt":
            set_pair(section("VolumeOptions")["DriverConfig"].setdefault("Options", {}), val)
        elif key == "image-subpath":
            section("ImageOptions")["Subpath"] = val
        elif key == "tmpfs-size":
            try:
                section("TmpfsOptions")["SizeBytes"] = parse_bytes(val)
            except InvalidArgument:
                raise InvalidArgument("invalid value for %s: %s" % (key, val))
        elif key == "tmpfs-mode":
            try:
                section("TmpfsOptions")["Mode"] = int(val, 8)
            except ValueError:
                raise InvalidArgument("invalid value for %s: %s" % (key, val))
        else:
            raise InvalidArgument("unexpected key '%s' in '%s'" % (key, field))
    if not mount["Type"]:
        raise InvalidArgument("type is required")
    if not mount.get("Target"):
        raise InvalidArgument("target is required")
    for key, kind, prefix in (("VolumeOptions", "volume", "volume"),
                              ("ImageOptions", "image", "image"),
                              ("BindOptions", "bind", "bind"),
                              ("TmpfsOptions", "tmpfs", "tmpfs")):
        if key in options and mount["Type"] != kind:
            raise InvalidArgument("cannot mix '%s-*' options with mount type '%s'"
                                  % (prefix, mount["Type"]))
    bind = options.get("BindOptions") or {}
    if bind.get("ReadOnlyNonRecursive") and not mount.get("ReadOnly"):
        raise InvalidArgument("option 'bind-recursive=writable' requires 'readonly' to be "
                              "specified in conjunction")
    if bind.get("ReadOnlyForceRecursive"):
        if not mount.get("ReadOnly"):
            raise InvalidArgument("option 'bind-recursive=readonly' requires 'readonly' to be "
                                  "specified in conjunction")
        if bind.get("Propagation") != "rprivate":
            raise InvalidArgument("option 'bind-recursive=readonly' requires "
                                  "'bind-propagation=rprivate' to be specified in conjunction")
    volume = options.get("VolumeOptions")
    if volume is not None:       # the empty parts go, as Go's omitempty drops them
        for key in ("Labels", "DriverConfig"):
            if not volume[key]:
                del volume[key]
    mount.update(options)
    return mount


def _port_number(text, what):
    if not text.isdigit() or int(text) > 65535:
        reason = "value out of range" if text.isdigit() else "invalid syntax"
        raise InvalidArgument("invalid %s port (%s): value must be an integer: %s"
                              % (what, text, reason))
    return int(text)


def parse_port(text):
    """The PortConfigs of one --publish value: "published=8080,target=80,protocol=udp,
    mode=host", or the short "[published:]target[/protocol]" with port ranges."""
    if re.search(r"\w+=\w+(,\w+=\w+)*", text):
        port = {}
        for field in _csv_fields(text):
            key, eq, val = field.lower().partition("=")
            if not eq or not key:
                raise InvalidArgument("invalid field: %s" % field)
            if key == "protocol":
                if val not in ("tcp", "udp", "sctp"):
                    raise InvalidArgument("invalid protocol value '%s'" % val)
                port["Protocol"] = val
            elif key == "mode":
                if val not in ("ingress", "host"):
                    raise InvalidArgument("invalid publish mode value (%s): must be either "
                                          "'ingress' or 'host'" % val)
                port["PublishMode"] = val
            elif key == "target":
                port["TargetPort"] = _port_number(val, "target")
            elif key == "published":
                port["PublishedPort"] = _port_number(val, "published")
            else:
                raise InvalidArgument("invalid field key: %s" % key)
        if not port.get("TargetPort"):
            raise InvalidArgument("missing mandatory field 'target'")
        port.setdefault("Protocol", "tcp")
        port.setdefault("PublishMode", "ingress")
        return [port]
    spec, _, proto = text.partition("/")
    proto = (proto or "tcp").lower()
    parts = spec.split(":")
    if len(parts) > 3:
        raise InvalidArgument("invalid port format for --publish: %s" % text)
    if len(parts) == 3:
        if parts[0]:
            raise InvalidArgument("hostip is not supported")
        parts = parts[1:]
    published, target = (parts if len(parts) == 2 else ["", parts[0]])

    def span(value, what):
        first, dash, last = value.partition("-")
        try:
            low, high = int(first), int(last) if dash else int(first)
        except ValueError:
            raise InvalidArgument("invalid %s: %s" % (what, value))
        if not 0 < low <= high <= 65535:
            raise InvalidArgument("invalid %s: %s" % (what, value))
        return low, high
    t_low, t_high = span(target, "containerPort")
    if not published:
        return [{"Protocol": proto, "TargetPort": t, "PublishMode": "ingress"}
                for t in range(t_low, t_high + 1)]
    p_low, p_high = span(published, "hostPort")
    if t_high - t_low != p_high - p_low and p_high != p_low:
        raise InvalidArgument("invalid ranges specified for container and host Ports: %s and "
                              "%s" % (target, published))
    return [{"Protocol": proto, "TargetPort": t_low + i if t_high > t_low else t_low,
             "PublishedPort": p_low + i, "PublishMode": "ingress"}
            for i in range(p_high - p_low + 1)]


def parse_file_reference(text, kind="secret"):
    """A SecretReference (kind "secret") or ConfigReference ("config") from docker's
    --secret/--config syntax: "NAME" or "source=NAME,target=FILE,uid=0,gid=0,mode=0444".
    The ID is not filled in: service_spec_from_flags looks the name up."""
    key = kind.capitalize()
    ref = {"File": {"Name": "", "UID": "0", "GID": "0", "Mode": 0o444}}
    fields = _csv_fields(text)
    if len(fields) == 1 and "=" not in fields[0]:
        ref["File"]["Name"] = ref[key + "Name"] = fields[0]
        return ref
    for field in fields:
        name, eq, val = field.partition("=")
        if not eq or not name:
            raise InvalidArgument("invalid field '%s' must be a key=value pair" % field)
        name = name.lower()
        if name in ("source", "src"):
            ref[key + "Name"] = val
        elif name == "target":
            ref["File"]["Name"] = val
        elif name in ("uid", "gid"):
            ref["File"][name.upper()] = val
        elif name == "mode":
            mode, error = _go_uint(val, 32)
            if error:
                raise InvalidArgument("invalid mode specified: %s" % error)
            ref["File"]["Mode"] = mode
        else:
            raise InvalidArgument("invalid field in %s request: %s" % (kind, name))
    if not ref.get(key + "Name"):
        raise InvalidArgument("source is required")
    if not ref["File"]["Name"]:
        ref["File"]["Name"] = ref[key + "Name"]
    return ref


def _go_uint(text, bits):
    """Go's strconv.ParseUint(text, 0, bits): (value, None) or (None, Go's error)."""
    try:
        body = text.lower()
        base = 16 if body.startswith("0x") else 8 if body.startswith("0o") else \
            2 if body.startswith("0b") else 8 if len(body) > 1 and body[0] == "0" else 10
        digits = body[2:] if base != 10 and body[1:2] in "xob" else body
        value = int(digits.replace("_", ""), base)
        if value >= 1 << bits:
            raise OverflowError
        return value, None
    except OverflowError:
        return None, 'strconv.ParseUint: parsing "%s": value out of range' % text
    except ValueError:
        return None, 'strconv.ParseUint: parsing "%s": invalid syntax' % text


def parse_placement_preference(text):
    """A PlacementPreference from "spread=node.labels.zone"."""
    strategy, eq, arg = text.partition("=")
    if not eq or not strategy:
        raise InvalidArgument('placement preference must be of the format "<strategy>=<arg>"')
    if strategy != "spread":
        raise InvalidArgument("unsupported placement preference %s (only spread is supported)"
                              % strategy)
    return {"Spread": {"SpreadDescriptor": arg}}


def parse_network_attachment(text):
    """A NetworkAttachmentConfig from --network: a name or ID, or
    "name=NET,alias=A,driver-opt=K=V"."""
    if not re.search(r"\w+=\w+(,\w+=\w+)*", text):
        return {"Target": text}
    net = {"Target": "", "Aliases": []}
    for field in _csv_fields(text):
        key, eq, val = field.lower().partition("=")
        key, val = key.strip(), val.strip()
        if not eq or not key:
            raise InvalidArgument("invalid field %s" % field)
        if key == "name":
            net["Target"] = val
        elif key == "alias":
            net["Aliases"].append(val)
        elif key == "driver-opt":
            k, eq2, v = val.partition("=")
            if not eq2 or not k.strip():
                raise InvalidArgument("invalid key value pair format in driver options")
            net.setdefault("DriverOpts", {})[k.strip()] = v.strip()
        elif key in ("ip", "ip6", "mac-address", "link-local-ip", "gw-priority"):
            raise InvalidArgument("%s= is not supported for a service's network: the "
                                  "Engine assigns task addresses" % key)
        else:
            raise InvalidArgument("invalid field key " + key)
    if not net["Target"]:
        raise InvalidArgument("network name/id is not specified")
    if not net["Aliases"]:
        del net["Aliases"]
    return net


def parse_external_ca(text):
    """An ExternalCA from "protocol=cfssl,url=https://...,cacert=FILE[,OPTION=VALUE]"."""
    ca = {"Options": {}}
    for field in _csv_fields(text):
        key, eq, val = field.partition("=")
        if not eq:
            raise InvalidArgument("invalid field '%s' must be a key=value pair" % field)
        lower = key.lower()
        if lower == "protocol":
            if val.lower() != "cfssl":
                raise InvalidArgument("unrecognized external CA protocol %s" % val)
            ca["Protocol"] = "cfssl"
        elif lower == "url":
            ca["URL"] = val
        elif lower == "cacert":
            try:
                with open(val) as f:
                    pem = f.read()
            except OSError as e:
                raise InvalidArgument("unable to read CA cert for external CA: %s" % e)
            if "-----BEGIN " not in pem:
                raise InvalidArgument("CA cert for external CA must be in PEM format")
            ca["CACert"] = pem
        else:
            ca["Options"][key] = val
    if "Protocol" not in ca:
        raise InvalidArgument("the external-ca option needs a protocol= parameter")
    if "URL" not in ca:
        raise InvalidArgument("the external-ca option needs a url= parameter")
    return ca


def parse_cpus(text):
    """A CPU count ("1.5", "1/2") in nano-CPUs, as --cpus, --limit-cpu and --reserve-cpu
    take it."""
    from fractions import Fraction
    try:
        nano = Fraction(text.strip()) * 1000000000
    except (ValueError, ZeroDivisionError):
        raise InvalidArgument("failed to parse %s as a rational number" % text)
    if nano.denominator != 1:
        raise InvalidArgument("value is too precise")
    return int(nano)


def parse_ulimit(text):
    """A Ulimit from "nofile=1024[:2048]" (soft[:hard])."""
    name, eq, limits = text.partition("=")
    if not eq:
        raise InvalidArgument("invalid ulimit argument: %s" % text)
    soft, colon, hard = limits.partition(":")
    try:
        soft, hard = int(soft), int(hard) if colon else int(soft)
    except ValueError:
        raise InvalidArgument("invalid ulimit argument: %s" % text)
    if soft > hard:
        raise InvalidArgument("ulimit soft limit must be less than or equal to hard limit: "
                              "%d > %d" % (soft, hard))
    return {"Name": name, "Hard": hard, "Soft": soft}


def parse_generic_resources(values):
    """GenericResources from --generic-resource values "kind=count" (discrete only, as
    the docker CLI takes them for services)."""
    out = []
    for value in values or ():
        kind, eq, count = value.partition("=")
        if not eq:
            raise InvalidArgument("invalid generic-resource format `%s` expected `name=value`"
                                  % value)
        if not count.isdigit():
            raise InvalidArgument("invalid generic-resource request `%s`, Named Generic "
                                  "Resources is not supported for service create or update"
                                  % value)
        out.append({"DiscreteResourceSpec": {"Kind": kind, "Value": int(count)}})
    return out


def read_env_file(path, environ=None):
    """The variables of a docker --env-file: "KEY=VALUE" lines, "KEY" alone taken from the
    environment (dropped when unset there), blank lines and # comments skipped."""
    environ = os.environ if environ is None else environ
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidArgument("%s" % e)
    out = []
    for number, line in enumerate(lines, 1):
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.partition("=")
        if not key or key != key.rstrip() or " " in key or "\t" in key:
            raise InvalidArgument("variable '%s' contains whitespaces" % key)
        if eq:
            out.append(line)
        elif key in environ:
            out.append("%s=%s" % (key, environ[key]))
    return out


def _kv_map(values):
    """docker's ConvertKVStringsToMap: ["k=v", "k2"] -> {"k": "v", "k2": ""}."""
    return dict((v.split("=", 1) + [""])[:2] for v in values or ())


def _nanos(seconds):
    return None if seconds is None else int(round(seconds * 1e9))


def _env_value(value, environ):
    """docker's ValidateEnv: "KEY" takes the local environment's value when set there."""
    key, eq, _ = value.partition("=")
    if not key:
        raise InvalidArgument("invalid environment variable: %s" % value)
    if not eq and key in environ:
        return "%s=%s" % (key, environ[key])
    return value


def _capabilities(caps):
    out = set()
    for c in caps or ():
        c = c.strip().upper()
        out.add(c if c in ("ALL", "RESET") or c.startswith("CAP_") else "CAP_" + c)
    return out


def _swarm_defaults():
    """swarmkit's defaults for an UpdateConfig or RollbackConfig the CLI fills in."""
    return {"Parallelism": 1, "Delay": 0, "Monitor": 5000000000,
            "FailureAction": "pause", "MaxFailureRatio": 0, "Order": "stop-first"}


_UPDATE_FLAGS = (("parallelism", "Parallelism", None), ("delay", "Delay", _nanos),
                 ("monitor", "Monitor", _nanos), ("failure-action", "FailureAction", None),
                 ("max-failure-ratio", "MaxFailureRatio", None), ("order", "Order", None))
_RESTART_FLAGS = ("restart-condition", "restart-delay", "restart-max-attempts",
                  "restart-window")


def _update_config(flags, prefix, current=None):
    """An UpdateConfig (prefix "update") or RollbackConfig ("rollback") from the flags
    given, over current or swarmkit's defaults; None when no such flag was given."""
    if not any(prefix + "-" + name in flags for name, _, _ in _UPDATE_FLAGS):
        return current
    config = dict(current) if current is not None else _swarm_defaults()
    for name, key, convert in _UPDATE_FLAGS:
        if prefix + "-" + name in flags:
            value = flags[prefix + "-" + name]
            config[key] = convert(value) if convert else value
    return config


def _restart_policy(flags, current=None):
    if not any(f in flags for f in _RESTART_FLAGS):
        return current
    policy = dict(current) if current is not None else \
        {"Condition": "any", "Delay": 5000000000, "MaxAttempts": 0}
    if "restart-condition" in flags:
        policy["Condition"] = flags["restart-condition"]
    if "restart-delay" in flags:
        policy["Delay"] = _nanos(flags["restart-delay"])
    if "restart-max-attempts" in flags:
        policy["MaxAttempts"] = flags["restart-max-attempts"]
    if "restart-window" in flags:
        policy["Window"] = _nanos(flags["restart-window"])
    return policy


def _healthcheck(flags, current=None):
    """docker's --health-* and --no-healthcheck over a current Healthcheck (update) or
    none (create): None when none of them was given."""
    names = ("health-cmd", "health-interval", "health-timeout", "health-retries",
             "health-start-period", "health-start-interval")
    given = [n for n in names if n in flags]
    if not given and not flags.get("no-healthcheck"):
        return current
    if flags.get("no-healthcheck"):
        if given:
            raise InvalidArgument("--no-healthcheck conflicts with --health-* options")
        return {"Test": ["NONE"]}
    for name in names[1:3] + names[4:]:
        if (flags.get(name) or 0) < 0:
            raise InvalidArgument("duration cannot be negative")
    check = dict(current or {})
    if check.get("Test") == ["NONE"]:
        del check["Test"]
    if "health-cmd" in flags:
        if flags["health-cmd"]:
            check["Test"] = ["CMD-SHELL", flags["health-cmd"]]
        else:
            check.pop("Test", None)
    for name, key in (("health-interval", "Interval"), ("health-timeout", "Timeout"),
                      ("health-start-period", "StartPeriod"),
                      ("health-start-interval", "StartInterval")):
        if name in flags:
            check[key] = _nanos(flags[name])
    if "health-retries" in flags:
        check["Retries"] = flags["health-retries"]
    return check


def _resolve_refs(api, kind, refs):
    """Secret or config references by name -> with their IDs, as the docker CLI resolves
    them (one list call; a name it does not find is an error)."""
    if not refs:
        return []
    key = kind.capitalize() + "Name"
    targets = {}
    for ref in refs:
        if ref["File"]["Name"] in targets:
            raise InvalidArgument("duplicate %s target for %s not allowed" % (kind, ref[key]))
        targets[ref["File"]["Name"]] = ref
    listing = api.secrets if kind == "secret" else api.configs
    found = {o["Spec"]["Name"]: o["ID"]
             for o in listing(filters={"name": sorted({r[key] for r in refs})})}
    out = []
    for ref in targets.values():
        if ref[key] not in found:
            raise InvalidArgument("%s not found: %s" % (kind, ref[key]))
        out.append(dict(ref, **{kind.capitalize() + "ID": found[ref[key]]}))
    return out


def _network_id(api, name):
    return api.inspect_network(name, scope="swarm")["Id"]


def service_spec_from_flags(api, flags, environ=None):
    """The ServiceSpec `docker service create` sends for its flags.

    flags maps the docker flag names given (without "--": "replicas", "env", "mount",
    "update-parallelism", ...) to their values: strings, lists of strings for repeatable
    flags, ints, floats, durations in seconds; plus "image" and "args" (the command line
    after the image).  api (an APIClient) resolves secret, config and network names.
    environ supplies "--env KEY" values (default os.environ)."""
    environ = os.environ if environ is None else environ
    mode_name = flags.get("mode", "replicated")
    replicas = flags.get("replicas")
    concurrent = flags.get("max-concurrent")
    max_per_node = flags.get("replicas-max-per-node", 0)
    if mode_name in ("global", "global-job"):
        if mode_name == "global" and replicas is not None:
            raise InvalidArgument("replicas can only be used with replicated or "
                                  "replicated-job mode")
        if max_per_node:
            raise InvalidArgument("replicas-max-per-node can only be used with replicated or "
                                  "replicated-job mode")
        if concurrent is not None:
            raise InvalidArgument("max-concurrent can only be used with replicated-job mode")
        if replicas is not None:
            raise InvalidArgument("replicas can only be used with replicated or "
                                  "replicated-job mode")
        mode = {"Global": {}} if mode_name == "global" else {"GlobalJob": {}}
    elif mode_name == "replicated":
        if concurrent is not None:
            raise InvalidArgument("max-concurrent can only be used with replicated-job mode")
        mode = {"Replicated": _drop_none({"Replicas": replicas})}
    elif mode_name == "replicated-job":
        mode = {"ReplicatedJob": _drop_none({
            "MaxConcurrent": concurrent if concurrent is not None else replicas,
            "TotalCompletions": replicas})}
    else:
        raise InvalidArgument("Unknown mode: %s, only replicated and global supported"
                              % mode_name)
    update = _update_config(flags, "update")
    rollback = _update_config(flags, "rollback")
    if ("ReplicatedJob" in mode or "GlobalJob" in mode) and (update or rollback):
        raise InvalidArgument("update and rollback configuration is not supported for jobs")
    env = []
    for value in [x for p in flags.get("env-file") or () for x in read_env_file(p, environ)] \
            + [_env_value(v, environ) for v in flags.get("env") or ()]:
        key = value.split("=", 1)[0]
        env = [e for e in env if e == value or not e.startswith(key + "=")] + [value]
    add, drop = _capabilities(flags.get("cap-add")), _capabilities(flags.get("cap-drop"))
    if "ALL" in add:
        add = {"ALL"}
    if "ALL" in drop:
        drop = {"ALL"}
    cap_drop = sorted(c for c in drop if c not in add and c != "RESET")
    cap_add = sorted(c for c in add if c != "RESET")
    ulimits = {}
    for text in flags.get("ulimit") or ():
        limit = parse_ulimit(text)
        ulimits[limit["Name"]] = limit
    dns = _drop_none({"Nameservers": flags.get("dns") or None,
                      "Search": flags.get("dns-search") or None,
                      "Options": flags.get("dns-option") or None})
    entrypoint = flags.get("entrypoint")
    container = {
        "Image": flags["image"], "Args": flags.get("args") or None,
        "Command": _split_command(entrypoint[-1]) if entrypoint else None,
        "Env": env or None, "Hostname": flags.get("hostname") or None,
        "Labels": _kv_map(flags.get("container-label")) or None,
        "Dir": flags.get("workdir") or None,
        "User": flags.get("user") or None, "Groups": flags.get("group") or None,
        "StopSignal": flags.get("stop-signal") or None, "TTY": flags.get("tty") or None,
        "ReadOnly": flags.get("read-only") or None,
        "Mounts": [parse_mount(m) for m in flags.get("mount") or ()] or None,
        "Init": bool(flags.get("init")), "DNSConfig": dns,
        "Hosts": _swarm_hosts(flags.get("host")) or None,
        "StopGracePeriod": _nanos(flags.get("stop-grace-period")),
        "Healthcheck": _healthcheck(flags),
        "Isolation": flags.get("isolation") or None,
        "Sysctls": _kv_map(flags.get("sysctl")) or None,
        "CapabilityAdd": cap_add or None, "CapabilityDrop": cap_drop or None,
        "Ulimits": [ulimits[k] for k in sorted(ulimits)] or None,
        "OomScoreAdj": flags.get("oom-score-adj") or None,
        "Privileges": _credential_spec(flags),
        "Secrets": _resolve_refs(api, "secret", [parse_file_reference(s, "secret")
                                                 for s in flags.get("secret") or ()]) or None,
        "Configs": _resolve_refs(api, "config", [parse_file_reference(c, "config")
                                                 for c in flags.get("config") or ()]) or None,
    }
    limits = _drop_none({"NanoCPUs": _cpus(flags.get("limit-cpu")),
                         "MemoryBytes": _bytes(flags.get("limit-memory")),
                         "Pids": flags.get("limit-pids") or None})
    reservations = _drop_none({
        "NanoCPUs": _cpus(flags.get("reserve-cpu")),
        "MemoryBytes": _bytes(flags.get("reserve-memory")),
        "GenericResources": parse_generic_resources(flags.get("generic-resource")) or None})
    networks = sorted((dict(n, Target=_network_id(api, n["Target"]))
                       for n in map(parse_network_attachment, flags.get("network") or ())),
                      key=lambda n: n["Target"])
    placement = _drop_none({
        "Constraints": flags.get("constraint") or None,
        "Preferences": [parse_placement_preference(p)
                        for p in flags.get("placement-pref") or ()] or None,
        "MaxReplicas": max_per_node or None})
    log_driver = None
    if flags.get("log-driver"):
        log_driver = {"Name": flags["log-driver"], "Options": _kv_map(flags.get("log-opt"))}
    elif flags.get("log-opt"):
        raise InvalidArgument("--log-opt needs --log-driver (the options are the driver's)")
    ports = [p for text in flags.get("publish") or () for p in parse_port(text)]
    task = _drop_none({"ContainerSpec": _drop_none(container),
                       "Resources": {"Limits": limits, "Reservations": reservations},
                       "RestartPolicy": _restart_policy(flags), "Placement": placement,
                       "Networks": networks or None, "LogDriver": log_driver})
    return _drop_none({
        "Name": flags.get("name") or None, "Labels": _kv_map(flags.get("label")),
        "TaskTemplate": task, "Mode": mode, "UpdateConfig": update,
        "RollbackConfig": rollback,
        "EndpointSpec": _drop_none({"Mode": (flags.get("endpoint-mode") or "vip").lower(),
                                    "Ports": ports or None})})


def _cpus(text):
    return parse_cpus(text) if text else None


def _bytes(text):
    return parse_bytes(text) if text else None


def _swarm_hosts(values):
    """--host "name:ip" values as a ContainerSpec's Hosts ("ip name")."""
    out = []
    for value in values or ():
        name, sep, ip = value.partition("=") if "=" in value else value.partition(":")
        if not sep or not name or ":" in name:
            raise InvalidArgument('bad format for add-host: "%s"' % value)
        out.append("%s %s" % (ip, name))
    return out


def _credential_spec(flags):
    value = flags.get("credential-spec")
    if value is None:
        return None
    if value:
        raise InvalidArgument("--credential-spec is not supported: a credential spec is for "
                              "Windows containers (gMSA)")
    return None


def swarm_spec_from_flags(flags, spec=None, trust_root=None):
    """A swarm Spec with `docker swarm init|update|ca`'s flags applied (task-history-limit,
    dispatcher-heartbeat (seconds), max-snapshots, snapshot-interval, autolock,
    cert-expiry (seconds), external-ca): spec (changed in place) or a new one.  An
    external CA without a cacert= gets trust_root, the swarm's current root CA."""
    spec = {} if spec is None else spec
    part = lambda key: _part(spec, key)
    if "task-history-limit" in flags:
        part("Orchestration")["TaskHistoryRetentionLimit"] = flags["task-history-limit"]
    if "dispatcher-heartbeat" in flags:
        part("Dispatcher")["HeartbeatPeriod"] = _nanos(flags["dispatcher-heartbeat"])
    if "max-snapshots" in flags:
        part("Raft")["KeepOldSnapshots"] = flags["max-snapshots"]
    if "snapshot-interval" in flags:
        part("Raft")["SnapshotInterval"] = flags["snapshot-interval"]
    if "autolock" in flags:
        part("EncryptionConfig")["AutoLockManagers"] = flags["autolock"]
    if "cert-expiry" in flags:
        part("CAConfig")["NodeCertExpiry"] = _nanos(flags["cert-expiry"])
    if "external-ca" in flags:
        cas = [parse_external_ca(text) for text in flags["external-ca"]]
        for ca in cas:
            if trust_root and not ca.get("CACert"):
                ca["CACert"] = trust_root
        part("CAConfig")["ExternalCAs"] = cas
    return spec


def _part(mapping, key):
    """mapping[key] as a dict to change, made one when it is missing, null or not a dict
    (answers read through as_go_type have every key, null where Go has a nil pointer)."""
    if not isinstance(mapping.get(key), dict):
        mapping[key] = {}
    return mapping[key]


def _without(items, remove, key=lambda x: x):
    return [i for i in items or () if key(i) not in set(remove or ())]


def _dedupe(items):
    seen, out = set(), []
    for i in items:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _port_text(port):
    return "%s:%s/%s/%s" % (port.get("PublishedPort", 0), port.get("TargetPort", 0),
                            port.get("Protocol", ""), port.get("PublishMode", ""))


def update_service_spec(api, spec, flags, environ=None):
    """A service's Spec changed as `docker service update` changes it for its flags
    (the *-add and *-rm flags, --image, --args, --force, the shared ones of create; the
    names and values as service_spec_from_flags takes them).  Returns a new Spec; spec is
    not changed."""
    environ = os.environ if environ is None else environ
    spec = json.loads(_json_dumps(spec))        # a deep copy
    task = _part(spec, "TaskTemplate")
    cs = _part(task, "ContainerSpec")
    given = lambda *names: any(n in flags for n in names)

    def labels(target, add, rm):
        current = target.get("Labels")
        if current is not None:
            for key in flags.get(rm) or ():
                current.pop(key, None)
        if add in flags:
            current = current if current is not None else {}
            current.update(_kv_map(flags[add]))
        if current is not None:
            target["Labels"] = current
    labels(spec, "label-add", "label-rm")
    labels(cs, "container-label-add", "container-label-rm")
    for flag, key in (("image", "Image"), ("workdir", "Dir"), ("user", "User"),
                      ("hostname", "Hostname"), ("isolation", "Isolation"),
                      ("stop-signal", "StopSignal")):
        if flag in flags:
            cs[key] = flags[flag]
    for flag, key in (("args", "Args"), ("entrypoint", "Command")):
        if flag in flags:
            cs[key] = _split_command(flags[flag][-1]) if flags[flag] else []
    if "init" in flags:
        cs["Init"] = bool(flags["init"])
    for flag, key in (("tty", "TTY"), ("read-only", "ReadOnly")):
        if flag in flags:
            cs[key] = bool(flags[flag])
    env = _without(cs.get("Env"), flags.get("env-rm"), lambda e: e.split("=", 1)[0])
    if "env-add" in flags:
        merged = dict((e.split("=", 1)[0], e) for e in env)
        for value in flags["env-add"]:
            value = _env_value(value, environ)
            merged[value.split("=", 1)[0]] = value
        env = list(merged.values())
    if env or cs.get("Env") is not None:
        cs["Env"] = env
    if given("mount-add", "mount-rm"):
        by_target = dict()
        for mount in map(parse_mount, flags.get("mount-add") or ()):
            if mount["Target"] in by_target:
                raise InvalidArgument("duplicate mount target")
            by_target[mount["Target"]] = mount
        for mount in cs.get("Mounts") or ():
            by_target.setdefault(mount["Target"], mount)
        mounts = [m for t, m in by_target.items() if t not in set(flags.get("mount-rm") or ())]
        cs["Mounts"] = sorted(mounts, key=lambda m: (m.get("Source", ""), m["Target"]))
    if given("sysctl-add", "sysctl-rm"):
        sysctls = cs.get("Sysctls")
        if sysctls is not None:
            for key in _kv_map(flags.get("sysctl-rm")):
                sysctls.pop(key, None)
        if "sysctl-add" in flags:
            sysctls = sysctls if sysctls is not None else {}
            sysctls.update(_kv_map(flags["sysctl-add"]))
        cs["Sysctls"] = sysctls
    if given("ulimit-add", "ulimit-rm"):
        limits = {u["Name"]: u for u in cs.get("Ulimits") or ()}
        for key in _kv_map(flags.get("ulimit-rm")):
            limits.pop(key, None)
        for text in flags.get("ulimit-add") or ():
            limit = parse_ulimit(text)
            limits[limit["Name"]] = limit
        cs["Ulimits"] = [limits[k] for k in sorted(limits)] or None
    resources = task.get("Resources") or {}
    if given("limit-cpu", "limit-memory", "limit-pids"):
        limits = _part(resources, "Limits")
        for flag, key, convert in (("limit-cpu", "NanoCPUs", parse_cpus),
                                   ("limit-memory", "MemoryBytes", parse_bytes),
                                   ("limit-pids", "Pids", None)):
            if flag in flags:
                limits[key] = convert(flags[flag]) if convert else flags[flag]
    if given("reserve-cpu", "reserve-memory", "generic-resource-add", "generic-resource-rm"):
        reservations = _part(resources, "Reservations")
        for flag, key, convert in (("reserve-cpu", "NanoCPUs", parse_cpus),
                                   ("reserve-memory", "MemoryBytes", parse_bytes)):
            if flag in flags:
                reservations[key] = convert(flags[flag])
        if given("generic-resource-add", "generic-resource-rm"):
            kinds = dict()
            for res in reservations.get("GenericResources") or ():
                if "DiscreteResourceSpec" not in res:
                    raise InvalidArgument("invalid generic-resource `%s` for service task" % res)
                kinds[res["DiscreteResourceSpec"]["Kind"]] = res
            for res in parse_generic_resources(flags.get("generic-resource-add")):
                kinds[res["DiscreteResourceSpec"]["Kind"]] = res
            for kind in flags.get("generic-resource-rm") or ():
                if kind not in kinds:
                    raise InvalidArgument("could not find generic-resource `%s` to remove it"
                                          % kind)
                del kinds[kind]
            reservations["GenericResources"] = list(kinds.values())
    if resources:
        task["Resources"] = resources
    if "oom-score-adj" in flags:
        cs["OomScoreAdj"] = flags["oom-score-adj"]
    if "stop-grace-period" in flags:
        cs["StopGracePeriod"] = _nanos(flags["stop-grace-period"])
    if given(*_RESTART_FLAGS):
        task["RestartPolicy"] = _restart_policy(flags, task.get("RestartPolicy"))
    placement = task.get("Placement") or {}
    if given("constraint-add", "constraint-rm"):
        placement["Constraints"] = sorted(_without(
            (placement.get("Constraints") or []) + (flags.get("constraint-add") or []),
            flags.get("constraint-rm")))
    if given("placement-pref-add", "placement-pref-rm"):
        gone = {parse_placement_preference(p)["Spread"]["SpreadDescriptor"]
                for p in flags.get("placement-pref-rm") or ()}
        prefs = [p for p in placement.get("Preferences") or ()
                 if (p.get("Spread") or {}).get("SpreadDescriptor") not in gone]
        placement["Preferences"] = prefs + [parse_placement_preference(p)
                                            for p in flags.get("placement-pref-add") or ()]
    if "replicas-max-per-node" in flags:
        placement["MaxReplicas"] = flags["replicas-max-per-node"]
    if placement or task.get("Placement") is not None:
        task["Placement"] = placement
    if given("network-add", "network-rm"):
        networks = task.get("Networks") or spec.pop("Networks", None) or []
        spec.pop("Networks", None)
        gone = {_network_id(api, n) for n in flags.get("network-rm") or ()}
        networks = [n for n in networks if n["Target"] not in gone]
        attached = {n["Target"] for n in networks}
        for net in map(parse_network_attachment, flags.get("network-add") or ()):
            target = _network_id(api, net["Target"])
            if target in attached:
                raise InvalidArgument("service is already attached to network %s"
                                      % net["Target"])
            attached.add(target)
            networks.append(dict(net, Target=target))
        task["Networks"] = sorted(networks, key=lambda n: n["Target"])
    mode = spec.get("Mode") or {}
    if "replicas" in flags:
        if mode.get("Replicated") is None:
            raise InvalidArgument("replicas can only be used with replicated mode")
        mode["Replicated"]["Replicas"] = flags["replicas"]
    if "max-concurrent" in flags:
        # docker 28 takes --max-concurrent on update and drops it; docksock applies it
        if mode.get("ReplicatedJob") is None:
            raise InvalidArgument("max-concurrent can only be used with replicated-job mode")
        mode["ReplicatedJob"]["MaxConcurrent"] = flags["max-concurrent"]
    for prefix, key in (("update", "UpdateConfig"), ("rollback", "RollbackConfig")):
        config = _update_config(flags, prefix, spec.get(key))
        if config is not None:
            spec[key] = config
    if "endpoint-mode" in flags:
        _part(spec, "EndpointSpec")["Mode"] = flags["endpoint-mode"]
    if given("group-add", "group-rm"):
        cs["Groups"] = sorted(_without((cs.get("Groups") or []) + (flags.get("group-add") or []),
                                       flags.get("group-rm")))
    if given("publish-add", "publish-rm"):
        endpoint = _part(spec, "EndpointSpec")
        ports = dict()
        for port in endpoint.get("Ports") or ():
            ports.setdefault(_port_text(port), port)
        removed = [p for text in flags.get("publish-rm") or () for p in parse_port(text)]

        def matches(port, gone):
            same = lambda a, b, default: a == b or {a or default, b or default} == {default}
            return (same(port.get("Protocol", ""), gone.get("Protocol", ""), "tcp")
                    and port.get("TargetPort") == gone.get("TargetPort")
                    and same(port.get("PublishMode", ""), gone.get("PublishMode", ""),
                             "ingress"))
        kept = [p for p in ports.values() if not any(matches(p, g) for g in removed)]
        for port in (p for text in flags.get("publish-add") or () for p in parse_port(text)):
            if _port_text(port) not in ports:
                kept.append(port)
        endpoint["Ports"] = sorted(kept, key=_port_text)
    if given("dns-add", "dns-rm", "dns-option-add", "dns-option-rm", "dns-search-add",
             "dns-search-rm"):
        dns = cs.get("DNSConfig") or {}
        new = {}
        for key, add, rm in (("Nameservers", "dns-add", "dns-rm"),
                             ("Search", "dns-search-add", "dns-search-rm"),
                             ("Options", "dns-option-add", "dns-option-rm")):
            values = sorted(_without(_dedupe((dns.get(key) or []) + (flags.get(add) or [])),
                                     flags.get(rm)))
            if values:
                new[key] = values
        cs["DNSConfig"] = new
    if given("host-add", "host-rm"):
        removed = [(h.partition(":")[2], h.partition(":")[0]) for h in flags.get("host-rm") or ()]
        hosts = []
        for entry in cs.get("Hosts") or ():
            words = entry.split()
            if not words:
                continue
            names = [n for n in words[1:]
                     if not any(name == n and (not ip or ip == words[0]) for ip, name in removed)]
            if names:
                hosts.append("%s %s" % (words[0], " ".join(names)))
        cs["Hosts"] = _dedupe(hosts + _swarm_hosts(flags.get("host-add")))
    if flags.get("log-driver"):
        task["LogDriver"] = {"Name": flags["log-driver"],
                             "Options": _kv_map(flags.get("log-opt"))}
    elif flags.get("log-opt"):
        raise InvalidArgument("--log-opt needs --log-driver (the options are the driver's)")
    if flags.get("force"):
        task["ForceUpdate"] = task.get("ForceUpdate", 0) + 1
    check = _healthcheck(flags, cs.get("Healthcheck"))
    if check is not None:
        cs["Healthcheck"] = check
    if given("cap-add", "cap-drop"):
        add, drop = _capabilities(cs.get("CapabilityAdd")), _capabilities(cs.get("CapabilityDrop"))
        to_add, to_drop = _capabilities(flags.get("cap-add")), _capabilities(flags.get("cap-drop"))
        if "RESET" in to_add:
            add, to_add = set(), to_add - {"RESET"}
        if "RESET" in to_drop:
            drop, to_drop = set(), to_drop - {"RESET"}
        for c in to_drop - to_add:
            if c in add:
                add.discard(c)
            else:
                drop.add(c)
        for c in to_add:
            if c in drop:
                drop.discard(c)
            else:
                add.add(c)
        for key, caps in (("CapabilityAdd", add), ("CapabilityDrop", drop)):
            cs[key] = ["ALL"] if "ALL" in caps else sorted(caps) or None
    if "credential-spec" in flags:
        _credential_spec(flags)
        if cs.get("Privileges"):
            cs["Privileges"].pop("CredentialSpec", None)
    secrets = [s for s in cs.get("Secrets") or ()
               if s.get("SecretName") not in set(flags.get("secret-rm") or ())]
    secrets += _resolve_refs(api, "secret", [parse_file_reference(s, "secret")
                                             for s in flags.get("secret-add") or ()])
    cs["Secrets"] = secrets
    configs = [c for c in cs.get("Configs") or ()
               if c.get("Runtime") is not None or
               c.get("ConfigName") not in set(flags.get("config-rm") or ())]
    configs += _resolve_refs(api, "config", [parse_file_reference(c, "config")
                                             for c in flags.get("config-add") or ()])
    cs["Configs"] = configs
    return spec


# ---- plugins ----

class _PluginsAPI:
    """Plugins."""

    def plugins(self, filters=None):
        """GET /plugins (filters: capability, enable)."""
        return self._request("GET", "/plugins", {"filters": _filters(filters)}).json()

    def inspect_plugin(self, name):
        """GET /plugins/{name}/json."""
        return self._request("GET", "/plugins/" + _quote_reference(name) + "/json").json()

    def remove_plugin(self, name, force=False):
        """DELETE /plugins/{name}."""
        self._request("DELETE", "/plugins/" + _quote_reference(name), {"force": force or None})
        return True

    def enable_plugin(self, name, timeout=0):
        """POST /plugins/{name}/enable."""
        self._request("POST", "/plugins/" + _quote_reference(name) + "/enable",
                      {"timeout": timeout})
        return True

    def disable_plugin(self, name, force=False):
        """POST /plugins/{name}/disable."""
        self._request("POST", "/plugins/" + _quote_reference(name) + "/disable",
                      {"force": force or None})
        return True

    def plugin_privileges(self, name):
        """GET /plugins/privileges?remote=: what the plugin asks for (with the registry
        credentials for name, as the pull that follows will use)."""
        return self._request("GET", "/plugins/privileges", {"remote": name},
                             headers={"X-Registry-Auth": self._registry_auth(name)},
                             timeout=None).json()

    def configure_plugin(self, name, options):
        """POST /plugins/{name}/set: settings as {"KEY": value} or ["KEY=value"]."""
        if isinstance(options, dict):
            options = ["%s=%s" % kv for kv in options.items()]
        self._post_json("/plugins/" + _quote_reference(name) + "/set", list(options))
        return True

    def create_plugin(self, name, plugin_data_dir, gzip=False):
        """POST /plugins/create: a plugin from a directory holding its config.json and
        rootfs (sent as a tar, gzipped with gzip=True)."""
        body = tar_stream(walk_tree(plugin_data_dir, ""))
        headers = {"Content-Type": "application/x-tar"}
        if gzip:
            headers["Content-Encoding"] = "gzip"
            body = gzip_chunks(body)
        self._request("POST", "/plugins/create", {"name": name}, body, headers, timeout=None)
        return True

    def pull_plugin(self, remote, privileges, name=None):
        """POST /plugins/pull, granting privileges (plugin_privileges(remote)); an
        iterator of the decoded progress messages."""
        return self._plugin_stream("/plugins/pull", {"remote": remote, "name": name},
                                   remote, privileges)

    def push_plugin(self, name):
        """POST /plugins/{name}/push: an iterator of the decoded progress messages."""
        return self._plugin_stream("/plugins/" + _quote_reference(name) + "/push", None,
                                   name, None)

    def upgrade_plugin(self, name, remote, privileges):
        """POST /plugins/{name}/upgrade to remote (the plugin must be disabled): an
        iterator of the decoded progress messages."""
        return self._plugin_stream("/plugins/" + _quote_reference(name) + "/upgrade",
                                   {"remote": remote}, remote, privileges)

    def _plugin_stream(self, path, params, reference, privileges):
        headers = {"X-Registry-Auth": self._registry_auth(reference)}
        if privileges is None:
            resp = self._request("POST", path, params, headers=headers, stream=True,
                                 timeout=None)
        else:
            resp = self._post_json(path, privileges, params, headers, stream=True, timeout=None)
        return _json_stream(resp, True, check=True)

# ---- checkpoints (an experimental daemon's, with CRIU) ----

class _CheckpointsAPI:
    """Checkpoints of a running container's state (a daemon with experimental features
    and CRIU)."""

    def checkpoints(self, container, checkpoint_dir=None):
        """GET /containers/{id}/checkpoints: [{"Name": ...}]."""
        return self._request("GET", self._path("/containers/{}/checkpoints", _id_of(container)),
                             {"dir": checkpoint_dir or None}).json()

    def create_checkpoint(self, container, checkpoint_id, checkpoint_dir=None, exit=True):
        """POST /containers/{id}/checkpoints: checkpoint the container (and stop it unless
        exit=False)."""
        body = {"CheckpointID": checkpoint_id, "CheckpointDir": checkpoint_dir or "",
                "Exit": bool(exit)}
        self._post_json(self._path("/containers/{}/checkpoints", _id_of(container)), body)

    def remove_checkpoint(self, container, checkpoint_id, checkpoint_dir=None):
        """DELETE /containers/{id}/checkpoints/{checkpoint}."""
        self._request("DELETE", self._path("/containers/{}/checkpoints/{}", _id_of(container),
                                           checkpoint_id), {"dir": checkpoint_dir or None})


# ---- distribution ----

class _DistributionAPI:
    """What a registry says of an image, through the daemon."""

    def inspect_distribution(self, image, auth_config=None):
        """GET /distribution/{name}/json: the registry's descriptor and platforms."""
        headers = {"X-Registry-Auth": self._registry_auth(image, auth_config)}
        return self._request("GET", "/distribution/" + _quote_reference(image) + "/json",
                             headers=headers, timeout=None).json()


# ---- session ----
# POST /session (BuildKit's gRPC session) is not implemented: build() uses the classic
# builder, which needs none.


class APIClient(_SystemAPI, _ContainersAPI, _ExecAPI, _ImagesAPI, _BuildAPI, _NetworksAPI,
                _VolumesAPI, _SwarmAPI, _NodesAPI, _ServicesAPI, _TasksAPI, _SecretsAPI,
                _ConfigsAPI, _PluginsAPI, _CheckpointsAPI, _DistributionAPI, _APIBase):
    """The low-level Engine API client: one request path, a keep-alive connection pool.

    APIClient(base_url=None, version=None, timeout=60, tls=None, ...).  base_url is a
    DOCKER_HOST-style URL; None resolves the endpoint like the docker CLI (DOCKER_HOST,
    contexts, config.json).  version "auto"/None negotiates on first use; "1.41" pins it.
    max_body bounds an answer read whole (64 MiB; streams are not bounded).
    No I/O happens until the first call.  Threads may share one client.

    Attributes: endpoint (the resolved Endpoint), base_url, timeout, environ (the
    environment it was configured from, which credential lookups use too), socket_path.
    """


# ==== docker-py's high-level client: models and collections =====================
# DockerClient and what it exposes (client.containers, client.images, ...), thin over APIClient.

class Model:
    """A daemon object: attrs is its inspect (or list) dict; compares and hashes by id."""

    id_attribute = "Id"

    def __init__(self, attrs=None, client=None, collection=None):
        if attrs is not None and not isinstance(attrs, dict):
            raise ProtocolError("the daemon described a %s with %s, not a JSON object"
                                % (type(self).__name__.lower(), _json_dumps(attrs)[:200]))
        self.attrs = attrs or {}
        self.client = client
        self.collection = collection

    def _attr(self, *path, kind="string"):
        """attrs[path...] as Go's type kind reads it, or None where it is absent;
        another type raises ProtocolError naming the field."""
        value = self.attrs
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                return None
        try:
            return as_go_type(value, kind)
        except ProtocolError as e:
            raise ProtocolError("%s (%s of a %s)" % (e, ".".join(path),
                                                     type(self).__name__.lower()))

    @property
    def id(self):
        return self._attr(self.id_attribute)

    @property
    def short_id(self):
        return (self.id or "")[:12]

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.id == other.id

    def __hash__(self):
        return hash("%s:%s" % (self.__class__.__name__, self.id))

    def __repr__(self):
        return "<%s: %s>" % (self.__class__.__name__, self.short_id)

    def reload(self):
        """Fetch attrs again from the daemon."""
        self.attrs = self.collection.get(self.id).attrs


class Container(Model):
    """A container.  name, image, labels, status, attrs; reload()."""

    @property
    def name(self):
        name = self._attr("Name") or (self._attr("Names", kind="[]string") or [""])[0]
        return name.lstrip("/") or None

    @property
    def labels(self):
        if isinstance(self.attrs.get("Config"), dict):
            return self._attr("Config", "Labels", kind="map[string]string") or {}
        return self._attr("Labels", kind="map[string]string") or {}

    @property
    def status(self):
        if isinstance(self.attrs.get("State"), dict):      # inspect; a list item's is a word
            return self._attr("State", "Status")
        return self._attr("State")

    @property
    def image(self):
        image_id = self._attr("ImageID") or self._attr("Image")
        return self.client.images.get(image_id.split(":", 1)[-1]) if image_id else None

    @property
    def health(self):
        if not isinstance(self.attrs.get("State"), dict):
            return "unknown"
        return self._attr("State", "Health", "Status") or "unknown"

    @property
    def ports(self):
        return self._attr("NetworkSettings", "Ports", kind="map[string]any") or {}

    def start(self, **kwargs):
        return self.client.api.start(self.id, **kwargs)

    def stop(self, **kwargs):
        return self.client.api.stop(self.id, **kwargs)

    def restart(self, **kwargs):
        return self.client.api.restart(self.id, **kwargs)

    def kill(self, signal=None):
        return self.client.api.kill(self.id, signal=signal)

    def pause(self):
        return self.client.api.pause(self.id)

    def unpause(self):
        return self.client.api.unpause(self.id)

    def remove(self, **kwargs):
        return self.client.api.remove_container(self.id, **kwargs)

    def rename(self, name):
        return self.client.api.rename(self.id, name)

    def resize(self, height, width):
        return self.client.api.resize(self.id, height, width)

    def top(self, **kwargs):
        return self.client.api.top(self.id, **kwargs)

    def wait(self, **kwargs):
        return self.client.api.wait(self.id, **kwargs)

    def logs(self, **kwargs):
        return self.client.api.logs(self.id, **kwargs)

    def attach(self, **kwargs):
        return self.client.api.attach(self.id, **kwargs)

    def attach_socket(self, **kwargs):
        return self.client.api.attach_socket(self.id, **kwargs)

    def stats(self, **kwargs):
        return self.client.api.stats(self.id, **kwargs)

    def commit(self, repository=None, tag=None, **kwargs):
        resp = self.client.api.commit(self.id, repository=repository, tag=tag, **kwargs)
        return self.client.images.get(resp["Id"])

    def diff(self):
        return self.client.api.diff(self.id)

    def export(self, chunk_size=2 * 1024 * 1024):
        return self.client.api.export(self.id, chunk_size)

    def get_archive(self, path, chunk_size=2 * 1024 * 1024, encode_stream=False):
        return self.client.api.get_archive(self.id, path, chunk_size, encode_stream)

    def put_archive(self, path, data):
        return self.client.api.put_archive(self.id, path, data)

    def update(self, **kwargs):
        return self.client.api.update_container(self.id, **kwargs)

    def exec_run(self, cmd, stdout=True, stderr=True, stdin=False, tty=False, privileged=False,
                 user="", detach=False, stream=False, socket=False, environment=None,
                 workdir=None, demux=False):
        """Run a command in the container: ExecResult(exit_code, output).

        output is bytes, or (stdout, stderr) bytes with demux=True (b'' rather than None
        for an empty stream).  stream=True or socket=True give (None, iterator or
        AttachSocket); detach=True gives (None, b'')."""
        api = self.client.api
        exec_id = api.exec_create(self.id, cmd, stdout=stdout, stderr=stderr, stdin=stdin,
                                  tty=tty, privileged=privileged, user=user,
                                  environment=environment, workdir=workdir)["Id"]
        output = api.exec_start(exec_id, detach=detach, tty=tty, stream=stream, socket=socket,
                                demux=demux)
        if detach or stream or socket:
            return ExecResult(None, output)
        return ExecResult(api.exec_exit_code(exec_id), output)


class Image(Model):
    """An image.  tags, labels, attrs; history(), save(), tag(), reload()."""

    @property
    def short_id(self):
        """The id's first 12 hex digits, after its "sha256:" (which is kept)."""
        i = self.id or ""
        return i[:19] if i.startswith("sha256:") else i[:12]

    def __repr__(self):
        return "<%s: '%s'>" % (self.__class__.__name__, "', '".join(self.tags))

    @property
    def tags(self):
        return [t for t in self._attr("RepoTags", kind="[]string") or ()
                if t != "<none>:<none>"]

    @property
    def labels(self):
        if isinstance(self.attrs.get("Config"), dict):
            return self._attr("Config", "Labels", kind="map[string]string") or {}
        return self._attr("Labels", kind="map[string]string") or {}

    def history(self):
        return self.client.api.history(self.id)

    def save(self, chunk_size=2 * 1024 * 1024, named=False):
        """The image as a tar: an iterator of chunks, streamed (named=True keeps a tag)."""
        name = self.id
        if named:
            tags = self.tags
            name = named if isinstance(named, str) else tags[0] if tags else self.id
            if isinstance(named, str) and named not in tags:
                raise InvalidArgument("%s is not a tag of this image" % named)
        return self.client.api.get_image(name, chunk_size)

    def tag(self, repository, tag=None, **kwargs):
        return self.client.api.tag(self.id, repository, tag=tag, **kwargs)

    def remove(self, force=False, noprune=False):
        return self.client.api.remove_image(self.id, force=force, noprune=noprune)


class RegistryData(Model):
    """An image's registry descriptor: id (the digest), attrs, has_platform(), pull()."""

    def __init__(self, image_name, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.image_name = image_name

    @property
    def id(self):
        return self._attr("Descriptor", "digest")

    @property
    def short_id(self):
        return (self.id or "")[:19]

    def has_platform(self, platform):
        """Whether the image exists for "os[/arch[/variant]]" (or a dict of those)."""
        if isinstance(platform, str):
            platform = dict(zip(("os", "architecture", "variant"), platform.split("/")))
        for p in self._attr("Platforms", kind="[]map[string]any") or ():
            if all(p.get(k) == v for k, v in platform.items() if v):
                return True
        return False

    def pull(self, platform=None):
        repo, _, _ = split_reference(self.image_name)
        return self.client.images.pull(repo + "@" + self.id, platform=platform)


class Network(Model):
    """A network.  name, containers, attrs; connect(), disconnect(), remove()."""

    @property
    def name(self):
        return self._attr("Name")

    @property
    def containers(self):
        return [self.client.containers.get(cid)
                for cid in self._attr("Containers", kind="map[string]any") or {}]

    def connect(self, container, *args, **kwargs):
        return self.client.api.connect_container_to_network(_id_of(container), self.id,
                                                            *args, **kwargs)

    def disconnect(self, container, *args, **kwargs):
        return self.client.api.disconnect_container_from_network(_id_of(container), self.id,
                                                                 *args, **kwargs)

    def remove(self):
        return self.client.api.remove_network(self.id)


class Volume(Model):
    """A volume.  name, attrs; remove()."""

    id_attribute = "Name"

    @property
    def name(self):
        return self._attr("Name")

    @property
    def short_id(self):
        return self.id

    def remove(self, force=False):
        return self.client.api.remove_volume(self.id, force=force)


class SwarmObject(Model):
    """A node, service, task, secret or config: id is "ID", version for updates."""

    id_attribute = "ID"

    @property
    def name(self):
        return self._attr("Spec", "Name")

    @property
    def version(self):
        """Version.Index as last read: an update at another version is refused, so
        reload() after someone else's."""
        return self._attr("Version", "Index", kind="uint64")


class Node(SwarmObject):
    """A swarm node: update(node_spec) at its current version, remove()."""

    def update(self, node_spec):
        """Replace the node's Spec ({"Role", "Availability", "Labels", "Name"})."""
        return self.client.api.update_node(self.id, self.version, node_spec)

    def remove(self, force=False):
        return self.client.api.remove_node(self.id, force=force)


class Service(SwarmObject):
    """A swarm service: tasks(), logs(), update(), scale(), force_update(), remove()."""

    def _container_spec(self):
        return ((self.attrs.get("Spec") or {}).get("TaskTemplate") or {}).get(
            "ContainerSpec") or {}

    def tasks(self, filters=None):
        """The service's tasks (filters: id, name, node, label, desired-state)."""
        return self.client.api.tasks(filters=dict(filters or {}, service=self.id))

    def logs(self, **kwargs):
        """service_logs() of this service (details, follow, stdout, stderr, since,
        timestamps, tail, demux), knowing its TTY from its spec."""
        return self.client.api.service_logs(
            self.id, is_tty=bool(self._container_spec().get("TTY")), **kwargs)

    def update(self, **kwargs):
        """Update the service from ServiceCollection.create's keywords (plus force_update
        and fetch_current_spec, True by default: what is not given stays)."""
        if "image" not in kwargs:
            kwargs["image"] = self._container_spec().get("Image")
        if kwargs.get("force_update") is True:
            current = ((self.attrs.get("Spec") or {}).get("TaskTemplate") or {}).get(
                "ForceUpdate") or 0
            kwargs["force_update"] = int(current) + 1
        return self.client.api.update_service(self.id, self.version,
                                              **_service_call_kwargs("update", kwargs))

    def scale(self, replicas):
        """Run replicas tasks (a replicated service)."""
        if ((self.attrs.get("Spec") or {}).get("Mode") or {}).get("Global") is not None:
            raise InvalidArgument("Cannot scale a global container")
        return self.client.api.update_service(self.id, self.version,
                                              mode=_ServiceMode("replicated", replicas),
                                              fetch_current_spec=True)

    def force_update(self):
        """Replace the tasks although nothing changed (TaskTemplate.ForceUpdate + 1)."""
        return self.update(force_update=True, fetch_current_spec=True)

    def remove(self):
        return self.client.api.remove_service(self.id)


class Secret(SwarmObject):
    """A swarm secret (its data is never returned by the Engine): remove()."""

    def remove(self):
        return self.client.api.remove_secret(self.id)


class Config(SwarmObject):
    """A swarm config: remove()."""

    def remove(self):
        return self.client.api.remove_config(self.id)


class Plugin(Model):
    """An installed plugin: name, enabled, settings; enable(), disable(), remove()."""

    @property
    def name(self):
        return self._attr("Name")

    @property
    def enabled(self):
        return bool(self._attr("Enabled", kind="bool"))

    @property
    def settings(self):
        return self.attrs.get("Settings")

    def enable(self, timeout=0):
        self.client.api.enable_plugin(self.name, timeout)
        self.reload()

    def disable(self, force=False):
        self.client.api.disable_plugin(self.name, force)
        self.reload()

    def remove(self, force=False):
        return self.client.api.remove_plugin(self.name, force=force)

    def configure(self, options):
        """Change the plugin's settings ({"KEY": value}), then reload()."""
        self.client.api.configure_plugin(self.name, options)
        self.reload()

    def push(self):
        """Push the plugin to its registry: the decoded progress messages."""
        return self.client.api.push_plugin(self.name)

    def upgrade(self, remote=None):
        """Upgrade the (disabled) plugin from remote (default: its own name), granting the
        privileges it asks for; yields the progress messages, then reload()s."""
        if self.enabled:
            raise InvalidArgument("Plugin must be disabled before upgrading.")
        remote = remote or self.name
        privileges = self.client.api.plugin_privileges(remote)
        for message in self.client.api.upgrade_plugin(self.name, remote, privileges):
            yield message
        self.reload()


class Collection:
    """A kind of daemon object, as DockerClient exposes it (client.containers, ...):
    prepare_model() wraps an attrs dict in the collection's model class."""

    model = Model

    def __init__(self, client):
        self.client = client

    def __call__(self, *args, **kwargs):
        raise TypeError("'%s' object is not callable. You might be trying to use the old "
                        "(pre-2.0) API - use docker.APIClient if so."
                        % self.__class__.__name__)

    def list(self):
        raise NotImplementedError

    def get(self, key):
        raise NotImplementedError

    def create(self, attrs=None):
        raise NotImplementedError

    def prepare_model(self, attrs):
        return self.model(attrs=attrs, client=self.client, collection=self)


# create_container's keywords, as containers.run and containers.create take them;
# everything else they take goes to the HostConfig.
# docker-py's split of containers.run/create keywords: these go to create_container,
# RUN_HOST_CONFIG_KWARGS to the HostConfig; ports, volumes, network and networking_config
# to both.  docksock also takes stop_timeout (create_container's).
_RUN_CREATE_KWARGS = (
    "command detach domainname entrypoint environment healthcheck hostname image labels "
    "mac_address name network_disabled platform stdin_open stop_signal tty use_config_proxy "
    "user working_dir").split()
_RUN_HOST_CONFIG_KWARGS = (
    "auto_remove blkio_weight_device blkio_weight cap_add cap_drop cgroup_parent cgroupns "
    "cpu_count cpu_percent cpu_period cpu_quota cpu_shares cpuset_cpus cpuset_mems "
    "cpu_rt_period cpu_rt_runtime device_cgroup_rules device_read_bps device_read_iops "
    "device_write_bps device_write_iops devices device_requests dns_opt dns_search dns "
    "extra_hosts group_add init init_path ipc_mode isolation kernel_memory links log_config "
    "lxc_conf mem_limit mem_reservation mem_swappiness memswap_limit mounts nano_cpus "
    "network_mode oom_kill_disable oom_score_adj pid_mode pids_limit privileged "
    "publish_all_ports read_only restart_policy security_opt shm_size storage_opt sysctls "
    "tmpfs ulimits userns_mode uts_mode version volume_driver volumes_from runtime").split()


def _bind_target(bind):
    """The container path of a "host:container[:mode]" bind (or of a bare path)."""
    parts = bind.split(":")
    if len(parts) > 1 and re.match(r"[A-Za-z]\Z", parts[0]):   # a Windows drive letter
        parts = [parts[0] + ":" + parts[1]] + parts[2:]
    if len(parts) == 1 or parts[1] in ("ro", "rw"):
        return parts[0]
    return parts[1]


def _create_container_args(kind, kwargs):
    """docker-py's split of run()/create() keywords into create_container arguments
    with a HostConfig; a keyword neither takes raises TypeError naming kind."""
    kwargs = dict(kwargs)
    create = dict((k, kwargs.pop(k)) for k in _RUN_CREATE_KWARGS + ["stop_timeout"]
                  if k in kwargs)
    host = dict((k, kwargs.pop(k)) for k in _RUN_HOST_CONFIG_KWARGS if k in kwargs)
    ports = kwargs.pop("ports", None)
    if ports:
        host["port_bindings"] = ports
    volumes = kwargs.pop("volumes", None)
    if volumes:
        host["binds"] = volumes
    network = kwargs.pop("network", None)
    networking_config = kwargs.pop("networking_config", None)
    if network:
        # As docker-py: no endpoint settings unless networking_config names the network.
        # An EndpointsConfig entry for "none" makes Podman refuse the container.
        if networking_config and network in networking_config:
            create["networking_config"] = _NetworkingConfig(networking_config)
        else:
            create["networking_config"] = {network: None}
        host["network_mode"] = network
    if kwargs:
        raise _create_unexpected_kwargs_error(kind, kwargs)
    create["host_config"] = _HostConfig(host.pop("version", None), **host)
    bindings = create["host_config"].get("PortBindings")
    if bindings:
        create["ports"] = [tuple(p.split("/", 1)) for p in sorted(bindings)]
    if volumes:
        create["volumes"] = [v.get("bind") for v in volumes.values()] \
            if isinstance(volumes, dict) else [_bind_target(v) for v in volumes]
    return create


class ExecResult(tuple):
    """(exit_code, output) of Container.exec_run, as docker-py returns it."""

    __slots__ = ()

    def __new__(cls, exit_code, output):
        return tuple.__new__(cls, (exit_code, output))

    exit_code = property(lambda self: self[0])
    output = property(lambda self: self[1])

    def __repr__(self):
        return "ExecResult(exit_code=%r, output=%r)" % self


class ContainerCollection(Collection):
    """Containers: create(), run(), get(), list(), prune()."""

    model = Container

    def create(self, image, command=None, **kwargs):
        """Create a container (not started) from docker-py's run() keywords; with
        pull_missing (docksock's), a missing image is pulled first (see
        APIClient.create_container)."""
        return self._create("create", image, command, kwargs)

    def _create(self, kind, image, command, kwargs):
        kwargs = dict(kwargs, image=getattr(image, "id", image), command=command)
        pull_missing = kwargs.pop("pull_missing", False)
        kwargs.setdefault("version", self.client.api.api_version)
        resp = self.client.api.create_container(pull_missing=pull_missing,
                                                **_create_container_args(kind, kwargs))
        return self.get(as_go_type(resp, "container.CreateResponse")["Id"])

    def prune(self, filters=None):
        return self.client.api.prune_containers(filters)

    def run(self, image, command=None, stdout=True, stderr=False, remove=False, **kwargs):
        """Run a container, as docker-py does: create (pulling a missing image), start,
        then with detach=True return the Container; otherwise wait for it and return its
        logs (stdout by default, stderr too with stderr=True; None when its log driver
        keeps none), or with stream=True a CancellableStream of them as they come.  A
        non-zero exit raises ContainerError carrying both stdout and stderr.  remove=True removes
        it afterwards (auto-removal when detached)."""
        image = getattr(image, "id", image)
        stream = kwargs.pop("stream", False)
        detach = kwargs.pop("detach", False)
        if detach and remove:
            kwargs["auto_remove"] = True
        if kwargs.get("network") and kwargs.get("network_mode"):
            raise InvalidArgument('The options "network" and "network_mode" can not be used '
                                  'together.')
        if kwargs.get("networking_config") and not kwargs.get("network"):
            raise InvalidArgument('The option "networking_config" can not be used without '
                                  '"network".')
        kwargs["detach"] = detach
        kwargs.setdefault("pull_missing", True)
        container = self._create("run", image, command, kwargs)
        if detach:
            container.start()
            return container
        api = self.client.api
        # As `docker run` does: the wait and the attach are made before the start (the
        # Engine answers both heads at once), so a short-lived or auto-removed container
        # cannot exit, or be gone, before its output and status are read.
        waiter = api.wait(container.id, condition="next-exit", stream=True)
        attached = None
        try:
            log_type = ((container.attrs.get("HostConfig") or {}).get("LogConfig") or {}) \
                .get("Type")
            if log_type != "none":   # docker-py returns no output then, so neither do we
                attached = api.attach_socket(container.id, {"stdout": True, "stderr": True,
                                                            "stream": True})
            container.start()
        except BaseException:
            waiter.close()
            if attached is not None:
                attached.close()
            raise
        finished = self._finish_run(container, command, image, attached, waiter, remove)
        if attached is None:   # no output to give: wait for the exit (docker-py's None)
            for _ in finished:
                pass
            return None
        if stream:
            # The output as it comes (docker-py waits for the exit first); a non-zero
            # exit raises ContainerError at the end of the iteration.
            pieces = (piece for piece in (
                (o if stdout else b"") + (e if stderr else b"") for o, e in finished) if piece)
            return CancellableStream(_closing(pieces, finished), attached)
        frames = list(finished)
        return b"".join((o if stdout else b"") + (e if stderr else b"") for o, e in frames)

    @staticmethod
    def _finish_run(container, command, image, attached, waiter, remove):
        """(stdout, stderr) pieces of a run's output as they come, then its exit status:
        ContainerError when not 0.  Removes the container at the end when asked."""
        frames = []
        try:
            for sid, data in attached.frames() if attached is not None else ():
                piece = (b"", data) if sid == STDERR else (data, b"")
                frames.append(piece)
                yield piece
            status = as_go_type(waiter.json(), "container.WaitResponse")["StatusCode"]
        finally:
            waiter.close()
            if attached is not None:
                attached.close()
        if remove:
            container.remove()
        if status != 0:
            out = err = None
            if attached is not None:
                out, err = b"".join(o for o, _ in frames), b"".join(e for _, e in frames)
            raise ContainerError(container, status, command, image, err, out)

    def get(self, container_id):
        """The container with this id or name; NotFound otherwise."""
        return self.prepare_model(self.client.api.inspect_container(container_id))

    def list(self, all=False, before=None, filters=None, limit=-1, since=None, sparse=False,
             ignore_removed=False):
        """Containers, as docker-py lists them (each inspected unless sparse=True)."""
        items = self.client.api.containers(all=all, before=before, filters=filters,
                                           limit=limit, since=since)
        typed = as_go_type(items, "[]container.Summary")
        if sparse:
            return [self.prepare_model(c) for c in items or ()]
        out = []
        for c in typed:
            try:
                out.append(self.get(c["Id"]))
            except NotFound:
                if not ignore_removed:
                    raise
        return out


class ImageCollection(Collection):
    """Images: build(), get(), get_registry_data(), list(), load(), pull(),
    push(), remove(), search(), prune()."""

    model = Image

    def get(self, name):
        """The image with this name or id; ImageNotFound otherwise."""
        return self.prepare_model(self.client.api.inspect_image(name))

    def list(self, name=None, all=False, filters=None):
        """Images, optionally only those matching a reference, each inspected as
        docker-py does (so attrs and tags are the whole image's, not the list's
        summary, whose RepoTags a reference filter narrows)."""
        return [self.get(i["Id"]) for i in as_go_type(self.client.api.images(
            name, all=all, filters=filters), "[]image.Summary")]

    def remove(self, *args, **kwargs):
        """remove_image(image, force=False, noprune=False)."""
        return self.client.api.remove_image(*args, **kwargs)

    def build(self, **kwargs):
        """Build an image: (Image, build log), the log being the decoded messages.  A
        failed step raises BuildError carrying the log up to the failure."""
        log = []
        image_id = None
        kwargs["decode"] = True
        try:
            for msg in self.client.api.build(**kwargs):
                log.append(msg)
                image_id = built_image_id(msg, image_id)
        except StreamError as e:
            log.append(e.message or {"error": e.explanation})
            raise BuildError(e.explanation, iter(log))
        if image_id is None:
            raise BuildError("the build ended without an image id", iter(log))
        return self.get(image_id), iter(log)

    def get_registry_data(self, name, auth_config=None):
        """What the registry says of an image (GET /distribution/{name}/json)."""
        return RegistryData(name, self.client.api.inspect_distribution(name, auth_config),
                            self.client, self)

    def prune_builds(self, *args, **kwargs):
        return self.client.api.prune_builds(*args, **kwargs)

    def prune(self, filters=None):
        return self.client.api.prune_images(filters)

    def search(self, *args, **kwargs):
        """search(term, limit=None)."""
        return self.client.api.search(*args, **kwargs)

    def push(self, repository, tag=None, **kwargs):
        return self.client.api.push(repository, tag=tag, **kwargs)

    def load(self, data):
        """Load images from a tar (bytes, file or iterable); the Images loaded."""
        images = []
        for msg in self.client.api.load_image(data):
            text = as_go_type(msg, "jsonmessage.JSONMessage")["stream"]
            for prefix in ("Loaded image: ", "Loaded image ID: "):
                if text.startswith(prefix):
                    images.append(self.get(text[len(prefix):].strip()))
        return images

    def pull(self, repository, tag=None, all_tags=False, **kwargs):
        """Pull an image and return it (a list with all_tags=True).  In-stream registry
        errors raise StreamError."""
        repo, tag = _pull_tag(repository, tag, all_tags)
        for _ in self.client.api.pull(repo, tag, stream=True, all_tags=all_tags, **kwargs):
            pass
        if all_tags:
            return self.list(repo)
        return self.get("%s%s%s" % (repo, "@" if tag.startswith("sha256:") else ":", tag))


class NetworkCollection(Collection):
    """Networks: create(), get(), list(), prune()."""

    model = Network

    def create(self, name, *args, **kwargs):
        """Create a network; the Network."""
        return self.get(as_go_type(self.client.api.create_network(name, *args, **kwargs),
                               "types.IdResponse")["Id"])

    def get(self, network_id, *args, **kwargs):
        """inspect_network(network_id, verbose=None, scope=None) as a Network."""
        return self.prepare_model(self.client.api.inspect_network(network_id, *args, **kwargs))

    def list(self, *args, **kwargs):
        """Networks (networks(names=None, ids=None, filters=None)); greedy=True inspects
        each (to fill containers)."""
        greedy = kwargs.pop("greedy", False)
        items = self.client.api.networks(*args, **kwargs)
        if greedy:
            return [self.get(n["Id"]) for n in as_go_type(items, "[]network.Summary")]
        return [self.prepare_model(n) for n in as_go_type(items, "[]any")]

    def prune(self, filters=None):
        return self.client.api.prune_networks(filters)


class VolumeCollection(Collection):
    """Volumes: create(), get(), list(), prune()."""

    model = Volume

    def create(self, name=None, **kwargs):
        return self.prepare_model(self.client.api.create_volume(name, **kwargs))

    def get(self, volume_id):
        return self.prepare_model(self.client.api.inspect_volume(volume_id))

    def list(self, **kwargs):
        """Volumes (volumes(filters=None))."""
        answer = self.client.api.volumes(**kwargs)
        as_go_type(answer, "volume.ListResponse")
        return [self.prepare_model(v) for v in (answer or {}).get("Volumes") or ()]

    def prune(self, filters=None):
        return self.client.api.prune_volumes(filters)


# docker-py's keywords of ServiceCollection.create and Service.update, by where they go
# (docker.models.services): the service, its ContainerSpec, its TaskTemplate, its Placement.
_CREATE_SERVICE_KWARGS = "name labels mode update_config rollback_config endpoint_spec".split()
_CONTAINER_SPEC_KWARGS = ("args cap_add cap_drop command configs dns_config env groups "
                          "healthcheck hostname hosts image init isolation labels mounts "
                          "open_stdin privileges read_only secrets stop_grace_period "
                          "stop_signal tty user workdir sysctls").split()
_TASK_TEMPLATE_KWARGS = ["networks", "resources", "restart_policy"]
_PLACEMENT_KWARGS = ["constraints", "preferences", "platforms", "maxreplicas"]


def _service_call_kwargs(func, kwargs):
    """create_service/update_service arguments from the models' keywords, sorted as
    docker-py sorts them (labels go to the service; container_labels to the container)."""
    kwargs = dict(kwargs)
    call, container, task, placement = [
        dict((k, kwargs.pop(k)) for k in names if k in kwargs)
        for names in (_CREATE_SERVICE_KWARGS, _CONTAINER_SPEC_KWARGS, _TASK_TEMPLATE_KWARGS,
                      _PLACEMENT_KWARGS)]
    if "container_labels" in kwargs:
        container["labels"] = kwargs.pop("container_labels")
    task["placement"] = _Placement(**placement)
    if "log_driver" in kwargs:
        task["log_driver"] = {"Name": kwargs.pop("log_driver"),
                              "Options": kwargs.pop("log_driver_options", {})}
    if func == "update":
        if "force_update" in kwargs:
            task["force_update"] = kwargs.pop("force_update")
        call["fetch_current_spec"] = kwargs.pop("fetch_current_spec", True)
    if kwargs:
        raise _create_unexpected_kwargs_error(func, kwargs)
    call["task_template"] = _TaskTemplate(_ContainerSpec(**container), **task)
    return call


class NodeCollection(Collection):
    """Swarm nodes: get(), list()."""

    model = Node

    def get(self, node_id):
        """A node by ID, ID prefix or host name."""
        return self.prepare_model(self.client.api.inspect_node(node_id))

    def list(self, *args, **kwargs):
        """The nodes (nodes(filters=None))."""
        return [self.prepare_model(n) for n in self.client.api.nodes(*args, **kwargs)]


class ServiceCollection(Collection):
    """Swarm services: create(), get(), list()."""

    model = Service

    def create(self, image, command=None, **kwargs):
        """Create a service running image, as `docker service create`: docker-py's
        keywords (name, labels, mode, update_config, rollback_config, endpoint_spec; the
        ContainerSpec's args, env, mounts, secrets, configs, user, workdir, init, ...;
        container_labels; networks, resources, restart_policy; constraints, preferences,
        platforms, maxreplicas; log_driver, log_driver_options)."""
        kwargs["image"], kwargs["command"] = image, command
        resp = self.client.api.create_service(**_service_call_kwargs("create", kwargs))
        return self.get(as_go_type(resp, "swarm.IDResponse")["ID"])

    def get(self, service_id, insert_defaults=None):
        """A service by ID, ID prefix or name."""
        return self.prepare_model(self.client.api.inspect_service(service_id,
                                                                  insert_defaults))

    def list(self, **kwargs):
        """The services (services(filters=None, status=None))."""
        return [self.prepare_model(s) for s in self.client.api.services(**kwargs)]


class SecretCollection(Collection):
    """Swarm secrets: create(), get(), list()."""

    model = Secret

    def create(self, **kwargs):
        """Create a secret (create_secret's keywords): the Secret."""
        resp = self.client.api.create_secret(**kwargs)
        return self.get(as_go_type(resp, "swarm.IDResponse")["ID"])

    def get(self, secret_id):
        return self.prepare_model(self.client.api.inspect_secret(secret_id))

    def list(self, **kwargs):
        """The secrets (secrets(filters=None))."""
        return [self.prepare_model(s) for s in self.client.api.secrets(**kwargs)]


class ConfigCollection(Collection):
    """Swarm configs: create(), get(), list()."""

    model = Config

    def create(self, **kwargs):
        """Create a config (create_config's keywords): the Config."""
        resp = self.client.api.create_config(**kwargs)
        return self.get(as_go_type(resp, "swarm.IDResponse")["ID"])

    def get(self, config_id):
        return self.prepare_model(self.client.api.inspect_config(config_id))

    def list(self, **kwargs):
        """The configs (configs(filters=None))."""
        return [self.prepare_model(c) for c in self.client.api.configs(**kwargs)]


class PluginCollection(Collection):
    """Installed plugins: get(), list()."""

    model = Plugin

    def get(self, name):
        return self.prepare_model(self.client.api.inspect_plugin(name))

    def list(self):
        return [self.prepare_model(p) for p in self.client.api.plugins()]

    def install(self, remote_name, local_name=None):
        """Pull a plugin, granting the privileges it asks for; the Plugin."""
        privileges = self.client.api.plugin_privileges(remote_name)
        for _ in self.client.api.pull_plugin(remote_name, privileges, local_name):
            pass
        return self.get(local_name or remote_name)

    def create(self, name, plugin_data_dir, gzip=False):
        """Create a plugin from a directory (config.json and rootfs); the Plugin."""
        self.client.api.create_plugin(name, plugin_data_dir, gzip)
        return self.get(name)


class Swarm(Model):
    """The swarm this daemon belongs to, as docker-py has it: made (by client.swarm) with
    attrs from GET /swarm, empty when the daemon is in no swarm or not a manager."""

    id_attribute = "ID"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.client:
            try:
                self.reload()
            except APIError as e:
                if e.status_code not in (406, 503):     # not a swarm manager
                    raise

    @property
    def version(self):
        return self._attr("Version", "Index", kind="uint64")

    def reload(self):
        self.attrs = self.client.api.inspect_swarm()

    def init(self, advertise_addr=None, listen_addr="0.0.0.0:2377", force_new_cluster=False,
             default_addr_pool=None, subnet_size=None, data_path_addr=None,
             data_path_port=None, **kwargs):
        """Make this daemon the first manager of a new swarm: the node's ID.  kwargs are
        create_swarm_spec's (snapshot_interval, autolock_managers, name, labels, ...)."""
        node_id = self.client.api.init_swarm(
            advertise_addr, listen_addr, force_new_cluster,
            self.client.api.create_swarm_spec(**kwargs), default_addr_pool, subnet_size,
            data_path_addr, data_path_port)
        self.reload()
        return node_id

    def join(self, *args, **kwargs):
        """join_swarm(remote_addrs, join_token, ...)."""
        return self.client.api.join_swarm(*args, **kwargs)

    def leave(self, *args, **kwargs):
        """leave_swarm(force=False)."""
        return self.client.api.leave_swarm(*args, **kwargs)

    def update(self, rotate_worker_token=False, rotate_manager_token=False,
               rotate_manager_unlock_key=False, **kwargs):
        """Change the settings given (create_swarm_spec's keywords) and keep the others
        (docker-py rebuilds the whole spec from the keywords, resetting what they leave
        out); rotate join tokens or the unlock key."""
        self.reload()
        spec = dict(self.attrs.get("Spec") or {})
        for key, value in self.client.api.create_swarm_spec(**kwargs).items():
            if isinstance(value, dict):
                value = dict(spec.get(key) or {}, **_drop_none(value))
            spec[key] = value
        return self.client.api.update_swarm(self.version, spec, rotate_worker_token,
                                            rotate_manager_token, rotate_manager_unlock_key)

    def unlock(self, key):
        return self.client.api.unlock_swarm(key)

    def get_unlock_key(self):
        return self.client.api.get_unlock_key()


class DockerClient:
    """docker-py's high-level client: containers, images, networks, volumes, swarm
    objects, plugins; ping(), version(), info(), df(), events().

    DockerClient(base_url=None, version=None, timeout=60, tls=None, ...) takes the same
    arguments as APIClient.  api is the low-level client.
    """

    def __init__(self, *args, **kwargs):
        self.api = APIClient(*args, **kwargs)
        self.containers = ContainerCollection(self)
        self.images = ImageCollection(self)
        self.networks = NetworkCollection(self)
        self.volumes = VolumeCollection(self)
        self.nodes = NodeCollection(self)
        self.services = ServiceCollection(self)
        self.secrets = SecretCollection(self)
        self.configs = ConfigCollection(self)
        self.plugins = PluginCollection(self)

    @property
    def swarm(self):
        """The daemon's swarm: a Swarm read now (GET /swarm), as docker-py makes one on
        every use (empty outside a swarm)."""
        return Swarm(client=self)

    def df(self):
        return self.api.df()

    def events(self, *args, **kwargs):
        return self.api.events(*args, **kwargs)

    def login(self, *args, **kwargs):
        return self.api.login(*args, **kwargs)

    @classmethod
    def from_env(cls, **kwargs):
        return from_env(**kwargs)

    @classmethod
    def from_context(cls, name=None, **kwargs):
        return from_context(name, **kwargs)

    def ping(self, *args, **kwargs):
        return self.api.ping(*args, **kwargs)

    def version(self, *args, **kwargs):
        return self.api.version(*args, **kwargs)

    def info(self, *args, **kwargs):
        return self.api.info(*args, **kwargs)

    def close(self):
        self.api.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def from_env(version=None, timeout=DEFAULT_TIMEOUT, max_pool_size=DEFAULT_MAX_POOL_SIZE,
             environment=None, use_ssh_client=True, use_context=True, credstore_env=None,
             **kwargs):
    """A DockerClient configured like the docker CLI: DOCKER_HOST, DOCKER_CONTEXT or
    config.json's currentContext, DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, and
    DOCKER_API_VERSION (which pins the version)."""
    environ = os.environ if environment is None else environment
    if version is None:
        version = environ.get("DOCKER_API_VERSION") or None
    if not use_context:
        environ = dict(environ)
        environ.pop("DOCKER_CONTEXT", None)
        environ["DOCKER_CONFIG"] = os.devnull + "-no-config"
    return DockerClient(version=version, timeout=timeout, max_pool_size=max_pool_size,
                        environment=environ, credstore_env=credstore_env, **kwargs)


def from_context(name=None, **kwargs):
    """A DockerClient for a Docker context (its host and TLS material): name, else
    DOCKER_CONTEXT, else config.json's currentContext.  An unknown name raises
    ContextNotFound (docker-py falls back to the default socket)."""
    environ = kwargs.get("environment")
    environ = os.environ if environ is None else environ
    if not name:
        name = environ.get("DOCKER_CONTEXT") or \
            load_config(config_dir(environ)).get("currentContext") or "default"
    return DockerClient(context=name, **kwargs)


# ==== docker-py's module layout: docksock.errors, .types, .utils, ... ==============
# docker-py's modules, made inside this one file: module objects registered in
# sys.modules, so `import docksock as docker` then docker.types.Mount, docker.utils.socket
# or `from docksock.utils import kwargs_from_env` work as with docker-py's packages.  Each
# name is the docksock object that does the job, under docker-py's name.

_MODULES = {}   # the modules made here, by full name


def _namespace(name, doc=None, names="", **members):
    """The module docksock.<name> (made on first use, with doc), given names: each
    "public" token is the global of that name, else "_public"; "public=private" names
    the global.  A private object named _public or _dp_public (docker-py's flavour of a
    docksock name) takes its public name (and this module) as its own.
    Modules attach to their parent, and the parent's existing children to them."""
    full = __name__ + "." + name
    mod = _MODULES.get(full)
    if mod is None:
        mod = _MODULES[full] = sys.modules[full] = type(sys)(full, doc)
        parent, _, leaf = full.rpartition(".")
        if parent in _MODULES:
            setattr(_MODULES[parent], leaf, mod)
        for key, child in _MODULES.items():
            if key.rpartition(".")[0] == full:
                setattr(mod, key.rpartition(".")[2], child)
    for token in names.split():
        public, _, private = token.partition("=")
        key = private or (public if public in globals() else "_" + public)
        obj = globals()[key]
        if key in ("_" + public, "_dp_" + public) and getattr(obj, "__name__", None) == key:
            obj.__name__ = obj.__qualname__ = public
            obj.__module__ = full
        setattr(mod, public, obj)
    mod.__dict__.update(members)
    return mod


# -- helpers that exist only under docker-py's names -----------------------------------

def _dp_parse_bytes(s):
    """docker.utils.parse_bytes: a size in bytes ("512m", "1.5g"); numbers are returned
    as they are and "" is 0."""
    if isinstance(s, (int, float)) and not isinstance(s, bool):
        return s
    return parse_bytes(s, "memory") if s != "" else 0


def _convert_filters(filters):
    """docker.utils.convert_filters: filters as the JSON text of a map of lists."""
    return json.dumps(_filters(filters) or {})


def _removed(what, replacement):
    def removed(*args, **kwargs):
        raise DeprecatedMethod("utils.%s has been removed. Please use a docker.types.%s "
                               "object instead." % (what, replacement))
    removed.__name__ = removed.__qualname__ = what
    removed.__doc__ = "Removed from docker-py: raises DeprecatedMethod (use types.%s)." \
        % replacement
    return removed


def _create_host_config(self, *args, **kwargs):
    """Removed from docker-py: raises DeprecatedMethod (use types.HostConfig)."""
    _removed("create_host_config", "HostConfig")()


class _URLComponents(tuple):
    """docker.utils.utils.URLComponents: (scheme, netloc, url, params, query, fragment)."""

    __slots__ = ()

    def __new__(cls, scheme, netloc, url, params, query, fragment):
        return tuple.__new__(cls, (scheme, netloc, url, params, query, fragment))

    scheme = property(lambda self: self[0])
    netloc = property(lambda self: self[1])
    url = property(lambda self: self[2])
    params = property(lambda self: self[3])
    query = property(lambda self: self[4])
    fragment = property(lambda self: self[5])


def _check_resource(resource_name):
    """docker-py's decorator for a method whose first argument names an object: it may
    also come as the keyword resource_name, a dict gives its Id (or ID), and None or ""
    raises NullResource."""
    def decorate(f):
        import functools

        @functools.wraps(f)
        def wrapper(self, resource_id=None, *args, **kwargs):
            if resource_id is None and resource_name in kwargs:
                resource_id = kwargs.pop(resource_name)
            return f(self, _resource_id(resource_id), *args, **kwargs)
        return wrapper
    return decorate


def _minimum_version(version):
    """docker-py's decorator for an APIClient method that needs API version >= version."""
    def decorate(f):
        import functools

        @functools.wraps(f)
        def wrapper(self, *args, **kwargs):
            if _version_lt(self.api_version, version):
                raise InvalidVersion("%s is not available for version < %s"
                                     % (f.__name__, version))
            return f(self, *args, **kwargs)
        return wrapper
    return decorate


def _update_headers(f):
    """docker-py's decorator for an APIClient method taking headers=: config.json's
    HttpHeaders are added to them."""
    import functools

    @functools.wraps(f)
    def wrapper(self, *args, **kwargs):
        custom = self._general_config().get("HttpHeaders")
        if isinstance(custom, dict):
            kwargs["headers"] = dict(kwargs.get("headers") or {}, **custom)
        return f(self, *args, **kwargs)
    return wrapper


def _normalize_platform(platform, engine_info):
    """docker.models.images.normalize_platform: platform ({"os", "architecture"}) with
    what it lacks from the Engine's /version."""
    platform = dict(platform or {})
    platform.setdefault("os", engine_info["Os"])
    platform.setdefault("architecture", engine_info["Arch"])
    return platform


# -- the modules ---------------------------------------------------------------------------

errors = _namespace(
    "errors", "docker-py's docker.errors: docksock's exception classes.",
    "DockerException APIError NotFound ImageNotFound Conflict DockerConnectionError "
    "DockerTimeout ProtocolError StreamParseError StreamError InvalidVersion InvalidArgument "
    "TLSParameterError ContextNotFound ContainerError BuildError NullResource "
    "InvalidRepository InvalidConfigFile ImageLoadError DeprecatedMethod ContextException "
    "ContextAlreadyExists MissingContextParameter create_api_error_from_http_exception "
    "create_unexpected_kwargs_error")

_namespace("types.base", "docker-py's docker.types.base.", "DictType")
_namespace("types.containers", "docker-py's docker.types.containers: container configuration.",
           "ContainerConfig DeviceRequest HostConfig LogConfig LogConfigTypesEnum Ulimit "
           "host_config_incompatible_error host_config_type_error host_config_value_error "
           "host_config_version_error")
_namespace("types.daemon", "docker-py's docker.types.daemon.", "CancellableStream")
_namespace("types.healthcheck", "docker-py's docker.types.healthcheck.", "Healthcheck")
_namespace("types.networks", "docker-py's docker.types.networks.",
           "EndpointConfig IPAMConfig IPAMPool NetworkingConfig")
_namespace("types.services", "docker-py's docker.types.services: swarm service specs.",
           "ConfigReference ContainerSpec DNSConfig DriverConfig EndpointSpec Mount "
           "NetworkAttachmentConfig Placement PlacementPreference Privileges Resources "
           "RestartConditionTypesEnum RestartPolicy RollbackConfig SecretReference "
           "ServiceMode TaskTemplate UpdateConfig convert_service_ports")
_namespace("types.swarm", "docker-py's docker.types.swarm.", "SwarmExternalCA SwarmSpec")
types = _namespace(
    "types", "docker-py's docker.types: Engine objects as dict subclasses, and "
    "CancellableStream.",
    "CancellableStream ConfigReference ContainerConfig ContainerSpec DNSConfig DeviceRequest "
    "DriverConfig EndpointConfig EndpointSpec Healthcheck HostConfig IPAMConfig IPAMPool "
    "LogConfig Mount NetworkAttachmentConfig NetworkingConfig Placement PlacementPreference "
    "Privileges Resources RestartPolicy RollbackConfig SecretReference ServiceMode "
    "SwarmExternalCA SwarmSpec TaskTemplate Ulimit UpdateConfig")
tls = _namespace("tls", "docker-py's docker.tls: TLSConfig.", "TLSConfig")

_UTILS = ("compare_version convert_filters convert_port_bindings convert_service_networks "
          "convert_volume_binds create_host_config datetime_to_timestamp decode_json_header "
          "format_environment format_extra_hosts "
          "kwargs_from_env normalize_links parse_bytes=_dp_parse_bytes parse_devices "
          "parse_env_file parse_host=_dp_parse_host parse_repository_tag split_command "
          "version_gte version_lt")
_namespace("utils.utils", "docker-py's docker.utils.utils.",
           _UTILS + " URLComponents convert_tmpfs_mounts",
           create_ipam_config=_removed("create_ipam_config", "IPAMConfig"),
           create_ipam_pool=_removed("create_ipam_pool", "IPAMPool"))
_namespace("utils.build", "docker-py's docker.utils.build: build contexts.",
           "Pattern PatternMatcher build_file_list create_archive exclude_paths match_tag "
           "mkbuildcontext normalize_slashes split_path tar walk")
_namespace("utils.config", "docker-py's docker.utils.config: finding config.json.",
           "DOCKER_CONFIG_FILENAME LEGACY_DOCKER_CONFIG_FILENAME config_path_from_environment "
           "find_config_file home_dir load_general_config")
_namespace("utils.decorators", "docker-py's docker.utils.decorators.",
           "check_resource minimum_version update_headers")
_namespace("utils.fnmatch", "docker-py's docker.utils.fnmatch: shell patterns with **.",
           "fnmatch=_dp_fnmatch fnmatchcase translate=_fnmatch_translate")
_namespace("utils.json_stream", "docker-py's docker.utils.json_stream.",
           "json_decoder json_splitter json_stream=_dp_json_stream line_splitter "
           "split_buffer stream_as_text")
_namespace("utils.ports", "docker-py's docker.utils.ports: docker's port specs.",
           "PORT_SPEC add_port add_port_mapping build_port_bindings port_range split_port")
_namespace("utils.proxy", "docker-py's docker.utils.proxy.", "ProxyConfig")
_namespace("utils.socket", "docker-py's docker.utils.socket: reading attach and exec "
           "sockets (an AttachSocket, or any socket).",
           "NPIPE_ENDED STDERR STDOUT SocketError consume_socket_output demux_adaptor "
           "frames_iter frames_iter_no_tty frames_iter_tty next_frame_header "
           "read=_socket_read read_exactly")
utils = _namespace(
    "utils", "docker-py's docker.utils: helpers for configuration, builds and streams.",
    _UTILS + " check_resource create_archive exclude_paths match_tag minimum_version "
    "mkbuildcontext tar update_headers",
    create_ipam_config=sys.modules[__name__ + ".utils.utils"].create_ipam_config,
    create_ipam_pool=sys.modules[__name__ + ".utils.utils"].create_ipam_pool)

constants = _namespace(
    "constants", "docker-py's docker.constants, with docksock's values where docksock "
    "differs (API versions, user agent).",
    BYTE_UNITS={"b": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3},
    CONTAINER_LIMITS_KEYS=["memory", "memswap", "cpushares", "cpusetcpus"],
    DEFAULT_DATA_CHUNK_SIZE=2 * 1024 * 1024, DEFAULT_DOCKER_API_VERSION=MAX_API_VERSION,
    DEFAULT_HTTP_HOST="127.0.0.1", DEFAULT_MAX_POOL_SIZE=DEFAULT_MAX_POOL_SIZE,
    DEFAULT_NPIPE="npipe:////./pipe/docker_engine", DEFAULT_NUM_POOLS=25,
    DEFAULT_NUM_POOLS_SSH=9, DEFAULT_SWARM_ADDR_POOL=["10.0.0.0/8"],
    DEFAULT_SWARM_SUBNET_SIZE=24, DEFAULT_TIMEOUT_SECONDS=DEFAULT_TIMEOUT,
    DEFAULT_UNIX_SOCKET="http+unix://" + DEFAULT_UNIX_SOCKET, DEFAULT_USER_AGENT=USER_AGENT,
    INSECURE_REGISTRY_DEPRECATION_WARNING="The `insecure_registry` argument to {} is "
    "deprecated and non-functional. Please remove it.",
    IS_WINDOWS_PLATFORM=sys.platform == "win32", MINIMUM_DOCKER_API_VERSION=MIN_API_VERSION,
    STREAM_HEADER_SIZE_BYTES=_FRAME_HEADER.size, WINDOWS_LONGPATH_PREFIX="\\\\?\\")

_namespace("context.api", "docker-py's docker.context.api.", "ContextAPI")
_namespace("context.context", "docker-py's docker.context.context.", "Context")
_namespace("context.config", "docker-py's docker.context.config: the context store's files.",
           "METAFILE get_context_dir get_context_host get_context_id get_current_context_name "
           "get_meta_dir get_meta_file get_tls_dir write_context_name_to_docker_config")
context = _namespace("context", "docker-py's docker.context: the docker CLI's contexts.",
                     "Context ContextAPI")
Context, ContextAPI = _Context, _ContextAPI

_namespace("credentials.constants", "docker-py's docker.credentials.constants.",
           "DEFAULT_LINUX_STORE DEFAULT_OSX_STORE DEFAULT_WIN32_STORE PROGRAM_PREFIX")
_namespace("credentials.errors", "docker-py's docker.credentials.errors.",
           "CredentialsNotFound InitializationError StoreError process_store_error")
_namespace("credentials.store", "docker-py's docker.credentials.store.", "Store")
_namespace("credentials.utils", "docker-py's docker.credentials.utils.",
           "create_environment_dict")
credentials = _namespace(
    "credentials", "docker-py's docker.credentials: credential helpers.",
    "CredentialsNotFound DEFAULT_LINUX_STORE DEFAULT_OSX_STORE DEFAULT_WIN32_STORE "
    "PROGRAM_PREFIX Store StoreError")

auth = _namespace(
    "auth", "docker-py's docker.auth: registry credentials, docker-py's way.",
    "AuthConfig=_DpAuthConfig INDEX_NAME INDEX_URL=INDEX_SERVER TOKEN_USERNAME "
    "convert_to_hostname=_hostname decode_auth=_dp_decode_auth encode_header "
    "get_config_header get_credential_store load_config=_dp_load_config parse_auth "
    "resolve_authconfig resolve_index_name resolve_repository_name split_repo_name")

_namespace("api.client", "docker-py's docker.api.client.", "APIClient")
api = _namespace("api", "docker-py's docker.api: APIClient.", "APIClient")
client = _namespace("client", "docker-py's docker.client.",
                    "DockerClient from_env from_context")
version = _namespace("version", "docker-py's docker.version.", __version__=__version__)

_namespace("models.configs", "docker-py's docker.models.configs.", "Config ConfigCollection")
_namespace("models.containers", "docker-py's docker.models.containers.",
           "Container ContainerCollection ExecResult RUN_CREATE_KWARGS "
           "RUN_HOST_CONFIG_KWARGS")
_namespace("models.images", "docker-py's docker.models.images.",
           "Image ImageCollection RegistryData normalize_platform")
_namespace("models.networks", "docker-py's docker.models.networks.",
           "Network NetworkCollection")
_namespace("models.nodes", "docker-py's docker.models.nodes.", "Node NodeCollection")
_namespace("models.plugins", "docker-py's docker.models.plugins.", "Plugin PluginCollection")
_namespace("models.resource", "docker-py's docker.models.resource.", "Collection Model")
_namespace("models.secrets", "docker-py's docker.models.secrets.", "Secret SecretCollection")
_namespace("models.services", "docker-py's docker.models.services.",
           "Service ServiceCollection CONTAINER_SPEC_KWARGS CREATE_SERVICE_KWARGS "
           "PLACEMENT_KWARGS TASK_TEMPLATE_KWARGS")
_namespace("models.swarm", "docker-py's docker.models.swarm.", "Swarm")
_namespace("models.volumes", "docker-py's docker.models.volumes.", "Volume VolumeCollection")
models = _namespace("models", "docker-py's docker.models: the high-level client's objects.")
__title__ = "docksock"


# ==== Proxy: a filtering Engine API socket ======================================
# `docksock proxy` gives a sidecar a socket that reaches only what it may.  Deny by
# default: each request is matched against the Engine's own route table and decided by
# the route's API section and risk class; label scope and a create policy look at the
# objects and bodies the route names; what is forwarded is exactly what was decided on.

# ---- the Engine's routes ----
#
# Every route of Engine API 1.51 (moby v28.5, api/swagger.yaml and the routers under
# api/server/router, which add /session, /grpc, /build/cancel, checkpoints and /debug),
# as "section class: METHOD PATH, ...".  The risk classes:
#   read    no side effect and no input stream (POST .../wait is one; attach is not)
#   write   changes state, runs nothing new
#   exec    runs code or sends input: create/start/restart/update, attach in every
#           form, exec, build, plugin install/enable, service create/update, swarm init/join
#   secret  answers with secret material: swarm join tokens and unlock key, config data,
#           registry credential checks, the daemon's memory and command line (debug)
# A path ending in "!" may be upgraded (hijacked: its connection then carries input);
# "+a+b" names the query parameters the Engine reads as lists (all others: one value).
# Variables match one path segment, except {image} and {plugin}: references have slashes.
# (The Engine's router matches {container}, {exec}, {image}, {plugin}, {network} and
# {volume} as ".*", so a path may route where such a name has slashes; the others as one
# segment.  The proxy matches as the Engine does, then refuses a slash where no name has.)
# /debug/pprof/{name} stands for the Engine's named profiles (cmdline, profile, ...).
_PROXY_ROUTES = """
ping read: GET /_ping, HEAD /_ping
version read: GET /version
info read: GET /info
events read: GET /events
system read: GET /system/df+type
auth secret: POST /auth
containers read: GET /containers/json, GET /containers/{container}/json,
 GET /containers/{container}/top, GET /containers/{container}/logs,
 GET /containers/{container}/changes, GET /containers/{container}/export,
 GET /containers/{container}/stats, GET /containers/{container}/archive,
 HEAD /containers/{container}/archive, POST /containers/{container}/wait,
 GET /containers/{container}/checkpoints
containers write: POST /containers/{container}/resize, POST /containers/{container}/stop,
 POST /containers/{container}/kill, POST /containers/{container}/rename,
 POST /containers/{container}/pause, POST /containers/{container}/unpause,
 DELETE /containers/{container}, PUT /containers/{container}/archive, POST /containers/prune,
 POST /containers/{container}/checkpoints, DELETE /containers/{container}/checkpoints/{checkpoint}
containers exec: POST /containers/create, POST /containers/{container}/start,
 POST /containers/{container}/restart, POST /containers/{container}/update,
 POST /containers/{container}/attach!, GET /containers/{container}/attach/ws!
exec read: GET /exec/{exec}/json
exec write: POST /exec/{exec}/resize
exec exec: POST /containers/{container}/exec, POST /exec/{exec}/start!
images read: GET /images/json, GET /images/search, GET /images/get+names+platform,
 GET /images/{image}/get+names+platform, GET /images/{image}/history, GET /images/{image}/json
images write: POST /images/create+changes, POST /images/load+platform, POST /images/prune,
 POST /images/{image}/push, POST /images/{image}/tag, DELETE /images/{image}+platforms,
 POST /commit+changes
build exec: POST /build+t+extrahosts+securityopt, POST /session!, POST /grpc!
build write: POST /build/prune, POST /build/cancel
networks read: GET /networks, GET /networks/{network}
networks write: POST /networks/create, POST /networks/prune, DELETE /networks/{network},
 POST /networks/{network}/connect, POST /networks/{network}/disconnect
volumes read: GET /volumes, GET /volumes/{volume}
volumes write: POST /volumes/create, POST /volumes/prune, PUT /volumes/{volume},
 DELETE /volumes/{volume}
swarm secret: GET /swarm, GET /swarm/unlockkey
swarm exec: POST /swarm/init, POST /swarm/join
swarm write: POST /swarm/leave, POST /swarm/update, POST /swarm/unlock
nodes read: GET /nodes, GET /nodes/{id}
nodes write: DELETE /nodes/{id}, POST /nodes/{id}/update
services read: GET /services, GET /services/{id}, GET /services/{id}/logs
services exec: POST /services/create, POST /services/{id}/update
services write: DELETE /services/{id}
tasks read: GET /tasks, GET /tasks/{id}, GET /tasks/{id}/logs
secrets read: GET /secrets, GET /secrets/{id}
secrets write: POST /secrets/create, POST /secrets/{id}/update, DELETE /secrets/{id}
configs secret: GET /configs, GET /configs/{id}
configs write: POST /configs/create, POST /configs/{id}/update, DELETE /configs/{id}
plugins read: GET /plugins, GET /plugins/privileges, GET /plugins/{plugin}/json
plugins write: DELETE /plugins/{plugin}, POST /plugins/{plugin}/disable,
 POST /plugins/{plugin}/push, POST /plugins/{plugin}/set
plugins exec: POST /plugins/pull, POST /plugins/create, POST /plugins/{plugin}/enable,
 POST /plugins/{plugin}/upgrade
distribution read: GET /distribution/{image}/json
debug secret: GET /debug/vars, GET /debug/pprof, GET /debug/pprof/{name}
"""

PROXY_SECTIONS = frozenset((
    "ping", "version", "info", "events", "system", "auth", "containers", "exec", "images",
    "build", "networks", "volumes", "swarm", "nodes", "services", "tasks", "secrets",
    "configs", "plugins", "distribution", "debug"))
PROXY_CLASSES = ("read", "write", "exec", "secret")
_REFERENCE_VARS = frozenset(("image", "plugin"))
_ENGINE_LOOSE_VARS = frozenset(("container", "exec", "image", "plugin", "network", "volume"))
# Routes that show or reach containers a label scope cannot check: refused under it.
_UNSCOPED = frozenset(("GET /system/df", "GET /networks/{network}", "POST /containers/prune",
                       "POST /networks/{network}/connect", "POST /networks/{network}/disconnect"))
_VERSION_SEGMENT = re.compile(r"v[0-9]+\.[0-9]+\Z")       # ASCII digits only
_MAX_HEADER_BYTES = 64 * 1024     # request head, as the Engine's own server bounds it
_MAX_HEADERS = 100
_MAX_INSPECTED_BODY = 1 << 20     # a create body the proxy reads to check; real ones are KiB
_MAX_SKIPPED_BODY = 1 << 20       # a denied request's body read and dropped to keep alive
_HOP_HEADERS = frozenset(("x-http-method-override", "x-method-override", "x-http-method",
                          "proxy-connection", "keep-alive", "expect"))


class ProxyDenied(DockerException):
    """A request the proxy refuses; status is the HTTP status to answer with, route the
    ProxyRoute it matched (None when it matched none)."""

    def __init__(self, message, status=403, route=None):
        super().__init__(message)
        self.status = status
        self.route = route


class ProxyRoute:
    """One Engine API route: method, template ("/containers/{container}/json"), section,
    risk ("read", "write", "exec" or "secret"), hijack (the route may be upgraded) and
    multi (the query parameters the Engine reads as lists)."""

    __slots__ = ("method", "template", "section", "risk", "hijack", "multi", "pattern")

    def __init__(self, method, template, section, risk, hijack, multi):
        self.method, self.template, self.section, self.risk = method, template, section, risk
        self.hijack, self.multi = hijack, multi
        # Variables match as the Engine's router matches them (see _PROXY_ROUTES); which
        # values are acceptable is checked after the match.
        pieces = re.split(r"\{(\w+)\}", template)
        self.pattern = re.compile("".join(
            re.escape(p) if i % 2 == 0 else "(?P<%s>%s)" % (
                p, ".+" if p in _ENGINE_LOOSE_VARS else "[^/]+") for i, p in enumerate(pieces))
            + r"\Z")

    def __str__(self):
        return "%s %s" % (self.method, self.template)

    def __repr__(self):
        return "<ProxyRoute %s %s %s>" % (self, self.section, self.risk)


_ROUTES = []


def proxy_routes():
    """The Engine's routes the proxy knows, as ProxyRoute objects (parsed on first use)."""
    if not _ROUTES:
        text = re.sub(r"\n ", " ", _PROXY_ROUTES.strip())
        routes = []
        for line in text.splitlines():
            head, _, entries = line.partition(":")
            section, risk = head.split()
            for entry in entries.split(","):
                method, path = entry.split()
                path, *multi = path.split("+")
                routes.append(ProxyRoute(method, path.rstrip("!"), section, risk,
                                         path.endswith("!"), frozenset(multi)))
        _ROUTES[:] = routes
    return tuple(_ROUTES)


def match_route(method, unversioned):
    """(route, variables) for a request, as the Engine's router would route it.

    ProxyDenied(403) when no route of the table matches (the Engine answers 404 there);
    ProxyDenied(400) when more than one could (the Engine's choice would depend on its
    registration order), or when a variable spans segments where only a reference may:
    /containers/a/b/json reaches the container linked as "b" from "a" (a legacy link
    alias), which no check on "a" covers.
    """
    found = []
    for route in proxy_routes():
        if route.method == method:
            m = route.pattern.match(unversioned)
            if m:
                found.append((route, m.groupdict()))
    if not found:
        raise ProxyDenied("%s %s is denied: not an Engine API endpoint docksock knows"
                          % (method, unversioned))
    if len(found) > 1:
        raise ProxyDenied("%s %s matches more than one Engine route (%s): refused"
                          % (method, unversioned, ", ".join(str(r) for r, _ in found)), 400)
    route, variables = found[0]
    for name, value in variables.items():
        if "/" in value and name not in _REFERENCE_VARS:
            raise ProxyDenied("%s %s: {%s} %r spans path segments (a link alias, or a name "
                              "no %s can have): refused" % (method, unversioned, name, value,
                                                            name), 400)
    return route, variables


def canonical_path(target):
    """(path, query, unversioned path) of a request target, or ProxyDenied(400).

    The path is percent-decoded once; encoded slashes or backslashes, a second layer
    of encoding, NUL, dot segments, empty segments and anything but origin-form are
    refused rather than guessed at, so the path decided on is the path forwarded.
    """
    if not target.startswith("/"):
        raise ProxyDenied("request target %r is not a path (origin-form) " % target[:80], 400)
    path, _, query = target.partition("?")
    if "#" in target:
        raise ProxyDenied("request target carries a fragment", 400)
    lowered = path.lower()
    if "%2f" in lowered or "%5c" in lowered or "%00" in lowered:
        raise ProxyDenied("encoded slash, backslash or NUL in the path", 400)
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise ProxyDenied("the path does not decode as UTF-8", 400)
    if "%" in decoded and decoded != urllib.parse.unquote(decoded):
        raise ProxyDenied("the path is encoded twice", 400)
    if "\\" in decoded or "\x00" in decoded or any(ord(c) < 32 for c in decoded):
        raise ProxyDenied("control character or backslash in the path", 400)
    if decoded != "/" and decoded.endswith("/"):
        decoded = decoded[:-1]      # one trailing slash, as the Engine's router ignores it
    segments = decoded.split("/")[1:]
    if any(seg in ("", ".", "..") for seg in segments) and decoded != "/":
        raise ProxyDenied("empty or dot segment in the path", 400)
    unversioned = decoded
    if segments and _VERSION_SEGMENT.match(segments[0]):
        unversioned = "/" + "/".join(segments[1:])
        if _version_tuple(segments[0][1:]) < _version_tuple(MIN_API_VERSION):
            # Older versions mean older semantics the checks do not know: below 1.24 a
            # start request's body is a HostConfig (binds, privileges) applied at start.
            raise ProxyDenied("API version %s is older than %s, which the proxy refuses"
                              % (segments[0][1:], MIN_API_VERSION), 400)
    return decoded, query, unversioned


def _query_part(text):
    """One key or value of a query, decoded as Go's QueryUnescape does ("+" is a space),
    but refusing what Go would skip quietly (a bad escape) or Python decode otherwise."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        raise ProxyDenied("malformed percent-escape in the query: %r" % text[:80], 400)
    try:
        return urllib.parse.unquote(text.replace("+", " "), errors="strict")
    except UnicodeDecodeError:
        raise ProxyDenied("the query does not decode as UTF-8", 400)


def _parse_query(query, route=None):
    """The (key, value) pairs of a raw query, strictly: ";" (a separator to some parsers,
    refused by Go's) is refused, as is a parameter repeated where the route's handler
    reads one value (the proxy would check one and the Engine act on another).  Keys
    that differ only in case count as repeated: Podman's query decoder matches them
    case-insensitively (/commit?container=IN&Container=OUT committed OUT there)."""
    if ";" in query:
        raise ProxyDenied("a semicolon in the query", 400)
    pairs = []
    for item in query.split("&"):
        if item:
            key, _, value = item.partition("=")
            pairs.append((_query_part(key), _query_part(value)))
    seen = {}
    for key, _ in pairs:
        first = seen.get(key.casefold())
        if first is not None and (first != key or route is None or key not in route.multi):
            raise ProxyDenied("query parameter %r is repeated%s; the Engine reads one value"
                              % (key, "" if first == key else " (as %r)" % first), 400)
        seen[key.casefold()] = key
    return pairs


def _is_param(key, name):
    """Whether a query key names the parameter name, as the most lenient Engine reads
    keys (Podman: in any case)."""
    return key.casefold() == name.casefold()


def _build_query(pairs):
    """A query from (key, value) pairs, every byte that is not unreserved escaped."""
    return "&".join("%s=%s" % (urllib.parse.quote(k, safe=""), urllib.parse.quote(v, safe=""))
                    for k, v in pairs)


# ---- policy: sections, classes, rules, label scope, the create policy ----

def _folded(obj, name, where):
    """obj[name] as Go's encoding/json finds a struct field: any key equal to name under
    case folding.  Two such keys are refused (Go would take the last, a check the first)."""
    if not isinstance(obj, dict):
        return None
    keys = [k for k in obj if k.casefold() == name.casefold()]
    if len(keys) > 1:
        raise ProxyDenied("%s has %s more than once (as %s): refused"
                          % (where, name, ", ".join(repr(k) for k in keys)), 400)
    return obj[keys[0]] if keys else None


# Bodies the proxy decodes at once: a 1 MiB body of small JSON values is some hundred
# MiB of Python objects, so many clients sending them together must wait their turn.
_BODY_CHECKS = threading.BoundedSemaphore(2)


def _json_body(body, what):
    """A request body as JSON, refusing duplicate keys anywhere (decoders disagree on
    which one counts) and anything but an object.  At most two are decoded at once."""
    with _BODY_CHECKS:
        return _decode_body(body, what)


def _decode_body(body, what):
    def pairs_hook(pairs):
        obj = {}
        for key, value in pairs:
            if key in obj:
                raise ProxyDenied("the body of %s has the key %r twice: refused" % (what, key),
                                  400)
            obj[key] = value
        return obj
    try:
        obj = json.loads(body.decode("utf-8") if body else "{}", object_pairs_hook=pairs_hook)
    except (ValueError, RecursionError) as e:
        raise ProxyDenied("the body of %s is not JSON the proxy can check: %s" % (what, e),
                          400)
    if not isinstance(obj, dict):
        raise ProxyDenied("the body of %s is not a JSON object" % what, 400)
    return obj


class ProxyPolicy:
    """What a proxy lets through: deny by default.

    allow: section names (PROXY_SECTIONS) and risk classes (PROXY_CLASSES); a request is
    allowed when its route's section and class are both allowed.  "exec" names both a
    section and a class.  Classes: those named, or read, write and exec when none of read,
    write and secret is named ("secret" is never allowed unless named).  Sections: those
    named, or all of them when only classes are named.  read_only: class read only (plus
    secret if named).  An upgrade is allowed only on the routes that are
    upgraded (attach, exec start, session, grpc), which are never read.
    rules: "METHOD:REGEX" strings (METHOD may be *) allowing matching unversioned paths of
    known routes whatever the sections and classes say.
    label: "key=value" (or "key") scoping containers: lists and events are filtered to it,
    a container (or exec instance) named in a path or a commit is resolved to its ID,
    checked, and the request forwarded with that ID; creates must carry the label.
    The create policy (each off by default) checks container creates (and execs, builds,
    volume creates) and refuses naming the field: deny_privileged, deny_host_namespaces,
    allow_bind (host paths binds may come from), deny_cap_add, deny_devices.
    """

    def __init__(self, allow=(), read_only=False, rules=(), label=None, deny_privileged=False,
                 deny_host_namespaces=False, allow_bind=None, deny_cap_add=False,
                 deny_devices=False):
        import posixpath
        tokens = set(allow)
        unknown = tokens - PROXY_SECTIONS - set(PROXY_CLASSES)
        if unknown:
            raise InvalidArgument("unknown API section(s) or class(es): %s (sections: %s; "
                                  "classes: %s)" % (", ".join(sorted(unknown)),
                                                    ", ".join(sorted(PROXY_SECTIONS)),
                                                    ", ".join(PROXY_CLASSES)))
        sections = tokens & PROXY_SECTIONS
        named = tokens & {"read", "write", "secret"}
        if named and not sections - {"exec"}:
            sections = set(PROXY_SECTIONS)      # only classes named: in every section
        classes = named | (tokens & {"exec"}) if named else {"read", "write", "exec"}
        if read_only:
            if named & {"write"}:
                raise InvalidArgument("--read-only and the class write contradict each other")
            classes = {"read"} | (named & {"secret"})
        self.allow = frozenset(sections)
        self.classes = frozenset(classes)
        self.read_only = read_only
        self.rules = []
        for rule in rules:
            method, sep, pattern = rule.partition(":")
            if not sep or not pattern:
                raise InvalidArgument("a rule is METHOD:REGEX, got %r" % rule)
            try:
                self.rules.append((method.upper(), re.compile(pattern), rule))
            except re.error as e:
                raise InvalidArgument("bad regular expression in rule %r: %s" % (rule, e))
        if label is not None and "=" not in label:
            label += "="
        self.label = label
        self.deny_privileged = deny_privileged
        self.deny_host_namespaces = deny_host_namespaces
        self.allow_bind = None
        if allow_bind is not None:
            self.allow_bind = []
            for path in allow_bind:
                if not path.startswith("/") or ".." in path.split("/"):
                    raise InvalidArgument("--allow-bind takes absolute paths without '..', "
                                          "not %r" % path)
                self.allow_bind.append(posixpath.normpath(path))
        self.deny_cap_add = deny_cap_add
        self.deny_devices = deny_devices

    @property
    def checks_creates(self):
        return bool(self.deny_privileged or self.deny_host_namespaces or self.deny_cap_add or
                    self.deny_devices or self.allow_bind is not None)

    def warnings(self):
        """What the operator should know about this policy (for the CLI to print)."""
        out = []
        if self.checks_creates or self.label is not None:
            blind = sorted(self.allow & {"services", "plugins", "swarm"})
            if blind:
                out.append("the create policy and label scope do not look inside %s: a "
                           "client allowed those can get around them" % ", ".join(blind))
        return out

    def decide(self, method, unversioned, upgrade=False):
        """The rule that allows the request (its text), or ProxyDenied naming why not."""
        return self.check(method, unversioned, upgrade)[2]

    def check(self, method, unversioned, upgrade=False):
        """(route, variables, deciding rule) for an allowed request; else ProxyDenied."""
        route, variables = match_route(method, unversioned)
        what = "%s %s" % (method, unversioned)
        if upgrade and not route.hijack:
            raise ProxyDenied("%s is denied: an upgrade is allowed only on attach, exec "
                              "start, session and grpc" % what, 400, route)
        for rule_method, pattern, text in self.rules:
            if rule_method in ("*", method) and pattern.fullmatch(unversioned):
                return route, variables, "rule %s" % text
        if route.section not in self.allow:
            raise ProxyDenied("%s is denied: section '%s' is not allowed"
                              % (what, route.section), 403, route)
        if route.risk not in self.classes:
            if self.read_only:
                raise ProxyDenied("%s is denied: the proxy is read-only (%s is class %s)"
                                  % (what, route, route.risk), 403, route)
            raise ProxyDenied("%s is denied: class '%s' is not allowed (%s)"
                              % (what, route.risk, route), 403, route)
        return route, variables, "section %s, class %s" % (route.section, route.risk)

    def reads_body(self, route):
        """Whether the decision needs the request's body."""
        key = str(route)
        if key == "POST /containers/create":
            return self.checks_creates or self.label is not None
        if key == "POST /containers/{container}/exec":
            return self.deny_privileged
        if key == "POST /volumes/create":
            return self.allow_bind is not None
        return False

    def check_query(self, route, pairs):
        """A look at a query: an import from a URL is refused (the daemon would fetch any
        URL for the client, its cloud metadata service included, and hand the answer back
        as an image); the create policy's look at a build's network mode and options."""
        if str(route) == "POST /images/create":
            for key, value in pairs:
                if _is_param(key, "fromSrc") and value != "-":
                    raise ProxyDenied("POST /images/create is denied: fromSrc=%r would make "
                                      "the daemon fetch a URL; import from the request body "
                                      "(fromSrc=-)" % value[:100])
        if str(route) == "POST /grpc" and (self.deny_host_namespaces or self.deny_privileged):
            # BuildKit's own API (buildx): a solve names its entitlements inside gRPC, which
            # the proxy does not read; dockerd grants network.host to any that asks unless
            # its configuration says otherwise (moby's builder-next, getEntitlements).
            raise ProxyDenied("POST /grpc is denied: the create policy cannot read BuildKit's "
                              "requests (a build may ask for the host's network); build "
                              "through POST /build")
        if str(route) != "POST /build":
            return
        for key, value in pairs:
            if _is_param(key, "networkmode") and self.deny_host_namespaces and (
                    value.casefold() == "host" or value.casefold().startswith("container:")):
                raise ProxyDenied("POST /build is denied: networkmode=%s "
                                  "(--deny-host-namespaces)" % value)
            if _is_param(key, "securityopt") and self.deny_privileged:
                raise ProxyDenied("POST /build is denied: securityopt %r (--deny-privileged)"
                                  % value)

    def check_body(self, route, obj):
        """The create policy and label scope over a JSON body (see reads_body)."""
        key = str(route)
        if key == "POST /containers/{container}/exec":
            if _folded(obj, "Privileged", "the exec") not in (None, False):
                raise ProxyDenied("%s is denied: Privileged is set (--deny-privileged)" % key)
        elif key == "POST /volumes/create":
            opts = _folded(obj, "DriverOpts", "the volume")
            if opts:
                raise ProxyDenied("%s is denied: DriverOpts can bind any host path "
                                  "(--allow-bind)" % key)
        elif key == "POST /containers/create":
            self._check_create(obj)

    def _check_create(self, obj):
        def deny(field, flag):
            raise ProxyDenied("POST /containers/create is denied: %s (%s)" % (field, flag))
        hc = _folded(obj, "HostConfig", "the create body")
        if hc is not None and not isinstance(hc, dict):
            raise ProxyDenied("HostConfig is not an object", 400)

        def values(name):
            # Docker 20.10 also reads HostConfig's fields from the top level of the body
            # (its deprecated embedded HostConfig, used when "HostConfig" is absent), so
            # both places are checked.
            return [v for v in (_folded(hc, name, "HostConfig"),
                                _folded(obj, name, "the create body")) if v is not None]

        def items(name):
            return [x for v in values(name) for x in (v if isinstance(v, list) else [v])]
        if self.label is not None:
            key, _, value = self.label.partition("=")
            labels = _folded(obj, "Labels", "the create body") or {}
            if not isinstance(labels, dict) or key not in labels or \
                    (value and labels[key] != value):
                raise ProxyDenied("POST /containers/create is denied: under label scoping a "
                                  "new container must carry the label %s (Labels)"
                                  % self.label.rstrip("="))
            for name in ("Links", "VolumesFrom"):
                if any(values(name)):
                    deny("HostConfig.%s reaches other containers" % name, "label scope")
            for name in ("NetworkMode", "PidMode", "IpcMode", "UTSMode", "CgroupnsMode"):
                if any(isinstance(m, str) and m.casefold().startswith("container:")
                       for m in values(name)):
                    deny("HostConfig.%s joins another container" % name, "label scope")
            endpoints = _folded(_folded(obj, "NetworkingConfig", "the create body"),
                                "EndpointsConfig", "NetworkingConfig") or {}
            for endpoint in (endpoints.values() if isinstance(endpoints, dict) else ()):
                if _folded(endpoint, "Links", "an endpoint"):
                    deny("NetworkingConfig.EndpointsConfig.*.Links reaches other containers",
                         "label scope")
        if self.deny_privileged:
            if any(v is not False for v in values("Privileged")):
                deny("HostConfig.Privileged is set", "--deny-privileged")
            for opt in items("SecurityOpt"):
                if not re.match(r"no-new-privileges([:=]true)?\Z", str(opt)):
                    deny("HostConfig.SecurityOpt %r" % opt, "--deny-privileged")
            for name in ("MaskedPaths", "ReadonlyPaths"):
                if values(name):
                    deny("HostConfig.%s is set (it can unmask /proc)" % name,
                         "--deny-privileged")
        if self.deny_host_namespaces:
            for name in ("NetworkMode", "PidMode", "IpcMode", "UTSMode", "UsernsMode",
                         "CgroupnsMode"):
                if any(isinstance(m, str) and m.casefold() == "host" for m in values(name)):
                    deny("HostConfig.%s is host" % name, "--deny-host-namespaces")
                # Joining another container's namespaces joins the host's when that
                # container has them (a monitoring agent with pid and network host).
                if any(isinstance(m, str) and m.casefold().startswith("container:")
                       for m in values(name)):
                    deny("HostConfig.%s joins another container's namespace, which may be "
                         "the host's" % name, "--deny-host-namespaces")
        if self.deny_cap_add:
            for name in ("CapAdd", "Capabilities"):
                if items(name):
                    deny("HostConfig.%s is set" % name, "--deny-cap-add")
        if self.deny_devices:
            for name in ("Devices", "DeviceRequests", "DeviceCgroupRules"):
                if items(name):
                    deny("HostConfig.%s is set" % name, "--deny-devices")
        if self.allow_bind is not None:
            if any(values("VolumesFrom")):
                # The other container's binds come along, whatever their host paths (a
                # sidecar's bind of the Engine's socket, say).
                deny("HostConfig.VolumesFrom copies another container's binds",
                     "--allow-bind")
            volumes = _folded(obj, "Volumes", "the create body")
            # Podman binds a Volumes key "SRC:DEST" as Binds does (Docker makes an anonymous
            # volume at that path), so such keys are checked as binds.
            for bind, field in [(b, "HostConfig.Binds %r" % b) for b in items("Binds")] + [
                    (k, "Volumes %r" % k) for k in (volumes if isinstance(volumes, dict) else ())
                    if ":" in k]:
                source = str(bind).split(":", 1)[0]
                if source.startswith("/"):
                    self._check_bind(source, field)
                elif not re.match(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z", source):
                    # Podman binds a source starting with "." relative to its own working
                    # directory ("../../etc"); Docker takes only volume names here.
                    deny("%s: %r is neither an absolute host path nor a volume name"
                         % (field, source), "--allow-bind")
            for mount in items("Mounts"):
                kind = str(_folded(mount, "Type", "a mount") or "").casefold()
                if kind == "bind":
                    self._check_bind(str(_folded(mount, "Source", "a mount") or ""),
                                     "HostConfig.Mounts bind of %r"
                                     % _folded(mount, "Source", "a mount"))
                elif _folded(_folded(mount, "VolumeOptions", "a mount"), "DriverConfig",
                             "VolumeOptions"):
                    deny("HostConfig.Mounts volume with DriverConfig (it can bind any path)",
                         "--allow-bind")

    def _check_bind(self, source, field):
        """A bind's source must lie under an allowed path, lexically and, where the proxy
        sees the same file system as the daemon, once symlinks are resolved."""
        import posixpath
        for resolved in (posixpath.normpath(source), os.path.realpath(source)):
            if ".." in source.split("/") or not any(
                    resolved == p or resolved.startswith(p.rstrip("/") + "/")
                    for p in self.allow_bind):
                raise ProxyDenied("POST /containers/create is denied: %s is not under an "
                                  "allowed path (--allow-bind %s)"
                                  % (field, " ".join(self.allow_bind) or "none"))


# ---- HTTP/1.1 framing, read as the Engine's Go server reads it ----

class _ClientGone(Exception):
    """The client went away while its response was being relayed."""


class _Peer:
    """One side of a proxied connection: its socket and the bytes read but not used yet.
    Reads wait in poll(), so a wait can also watch the other side going away."""

    __slots__ = ("sock", "buf", "eof")

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.eof = False        # it has shut its sending side (set while watched)

    def ready(self):
        return bool(self.buf) or bool(getattr(self.sock, "pending", lambda: 0)())

    def wait(self, timeout=None, watch=None):
        """Until this side has bytes (True) or timeout seconds pass (False).  watch: the
        client while its response is awaited: bytes it pipelines are kept in watch.buf;
        its EOF (it has sent all it will) is passed on to this side, the daemon, as a
        half-close, so the daemon acts as if the client were connected to it directly
        (it ends a followed stream); its hang-up or reset raises _ClientGone."""
        if self.ready():
            return True
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            poller = select.poll()
            poller.register(self.sock, select.POLLIN)
            if watch is not None:
                poller.register(watch.sock, 0 if watch.buf or watch.eof else select.POLLIN)
            left = None if deadline is None else max(0, deadline - time.monotonic())
            events = poller.poll(None if left is None else left * 1000)
            if not events and left is not None:
                return False
            for fd, ev in events:
                if fd == self.sock.fileno():
                    return True
                if ev & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    raise _ClientGone()
                try:
                    data = watch.sock.recv(65536)
                except OSError:
                    raise _ClientGone()
                watch.buf += data
                if not data:
                    watch.eof = True
                    self.half_close()

    def half_close(self):
        """Shut the sending side (the peer reads EOF).  Not on TLS: Python's SSLSocket
        drops its TLS state on shutdown(), and TLS has no half-close to send."""
        if type(self.sock).__module__ != "ssl":
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def fill(self, timeout=None, watch=None):
        """Read once into the buffer; False at EOF or when timeout passes first."""
        if not self.wait(timeout, watch):
            raise socket.timeout()
        data = self.sock.recv(65536)
        self.buf += data
        return bool(data)

    def take(self, n, timeout=None, watch=None):
        """Up to n bytes as soon as some are there (b"" at EOF)."""
        if not self.buf and not self.fill(timeout, watch):
            return b""
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def readline(self, limit, deadline=None, watch=None):
        """A line (with its newline) of at most limit bytes; shorter only at EOF or when
        the limit is reached (the caller checks for the newline)."""
        while True:
            end = self.buf.find(b"\n", 0, limit)
            if end >= 0 or len(self.buf) >= limit:
                end = end + 1 if end >= 0 else limit
                line, self.buf = self.buf[:end], self.buf[end:]
                return line
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise socket.timeout()
            if not self.fill(left, watch):
                line, self.buf = self.buf, b""
                return line


def _read_head(peer, what, deadline=None, watch=None):
    """Read an HTTP head (start line and headers), bounded in size and, with deadline, in
    time.  (start_line, [(name, value)], raw bytes), or None at a clean EOF."""
    lines, total = [], 0
    while True:
        line = peer.readline(_MAX_HEADER_BYTES + 1, deadline, watch)
        if not line:
            if lines:
                raise ProxyDenied("%s ended in the middle of its head" % what, 400)
            return None
        total += len(line)
        if total > _MAX_HEADER_BYTES or not line.endswith(b"\n"):
            if not line.endswith(b"\n") and total <= _MAX_HEADER_BYTES:
                raise ProxyDenied("%s ended in the middle of its head" % what, 400)
            raise ProxyDenied("%s head is larger than %d bytes" % (what, _MAX_HEADER_BYTES), 431)
        if line in (b"\r\n", b"\n"):
            if not lines:
                continue     # tolerate stray CRLF between requests (RFC 9112 2.2)
            break
        lines.append(line)
        if len(lines) > _MAX_HEADERS + 1:
            raise ProxyDenied("%s has more than %d headers" % (what, _MAX_HEADERS), 431)
    start = lines[0].decode("latin-1").rstrip("\r\n")
    headers = []
    for line in lines[1:]:
        text = line.decode("latin-1").rstrip("\r\n")
        name, sep, value = text.partition(":")
        if not sep or not name or name != name.strip() or line[:1] in b" \t" or \
                re.search(r"[\x00-\x08\x0a-\x1f\x7f]", text):
            # a lone CR, a NUL: a line break to some parsers, so never forwarded
            raise ProxyDenied("malformed header line in %s: %r" % (what, text[:80]), 400)
        headers.append((name, value.strip()))
    return start, headers, b"".join(lines) + b"\r\n"


def _header(headers, name):
    values = [v for k, v in headers if k.lower() == name]
    if len(values) > 1 and name in ("content-length", "transfer-encoding", "host",
                                    "content-type", "upgrade", "expect"):
        raise ProxyDenied("repeated %s header" % name, 400)
    return values[0] if values else None


def _framing(headers, version, what, status=None):
    """How a message's body is delimited (RFC 9112 6.1, 6.3), as ("length", n),
    ("chunked", None) or ("close", None): the one place its headers are checked.
    Refused (400 for a request, 502 for a response): Transfer-Encoding other than exactly
    "chunked", with Content-Length, or on HTTP/1.0; a Content-Length that is not plain
    ASCII digits; repeated framing headers."""
    bad = 400 if status is None else 502
    try:
        te, length = _header(headers, "transfer-encoding"), _header(headers, "content-length")
    except ProxyDenied as e:
        raise ProxyDenied("%s: %s" % (what, e), bad)
    if te is not None:
        if te.strip().lower() != "chunked":
            raise ProxyDenied("unsupported Transfer-Encoding %r in %s" % (te, what),
                              501 if status is None else bad)
        if length is not None:
            raise ProxyDenied("both Content-Length and Transfer-Encoding in %s" % what, bad)
        if version != "HTTP/1.1":
            raise ProxyDenied("Transfer-Encoding on an %s message (%s)" % (version, what), bad)
        return "chunked", None
    if length is not None:
        if not re.match(r"[0-9]{1,18}\Z", length):
            raise ProxyDenied("bad Content-Length %r in %s" % (length, what), bad)
        return "length", int(length)
    return ("length", 0) if status is None else ("close", None)


def _copy_body(reader, writer, framing, what, timeout=None, watch=None, frame=None):
    """Copy a body as it arrives, as framed (see _framing): its data to writer, a chunked
    body's framing (size lines, CRLFs, trailers) to frame, else to writer too.  Returns
    the bytes of data copied."""
    kind, left = framing
    frame = frame or writer
    copied = 0
    if kind == "chunked":
        # As strict as Go's reader, or stricter: CRLF line ends (a bare LF is a line end
        # to some parsers only: CVE-2025-22871), hex digits then an optional extension,
        # CRLF after each chunk's data.
        while True:
            line = reader.readline(1024, None if timeout is None else
                                   time.monotonic() + timeout, watch)
            digits = line[:-2].rstrip(b" \t").split(b";")[0]
            if not line.endswith(b"\r\n") or not re.match(rb"[0-9a-fA-F]{1,15}\Z", digits):
                raise ProxyDenied("bad chunk size line in %s" % what, 400)
            size = int(digits, 16)
            frame(line)
            if size == 0:
                trailers = 0
                while True:        # trailers, then the blank line
                    trailer = reader.readline(_MAX_HEADER_BYTES, None if timeout is None
                                              else time.monotonic() + timeout, watch)
                    trailers += 1
                    if not trailer.endswith(b"\r\n") or trailers > _MAX_HEADERS or \
                            b"\r" in trailer[:-2] or b"\x00" in trailer:
                        raise ProxyDenied("bad trailer in %s" % what, 400)
                    frame(trailer)
                    if trailer == b"\r\n":
                        return copied
            rest = size
            while rest:
                data = reader.take(min(rest, 65536), timeout, watch)
                if not data:
                    raise ProxyDenied("%s ended in the middle of a chunk" % what, 502)
                writer(data)
                rest -= len(data)
            end = reader.take(2, timeout, watch)
            if len(end) == 1:
                end += reader.take(1, timeout, watch)
            if end != b"\r\n":
                raise ProxyDenied("a chunk of %s does not end with CRLF" % what, 400)
            frame(end)
            copied += size
    elif kind == "length":
        while left:
            data = reader.take(min(left, 65536), timeout, watch)
            if not data:
                raise ProxyDenied("%s ended before its Content-Length" % what, 502)
            writer(data)
            left -= len(data)
            copied += len(data)
    else:
        while True:
            data = reader.take(65536, timeout, watch)
            if not data:
                return copied
            writer(data)
            copied += len(data)
    return copied


def _wants_upgrade(headers):
    connection = ",".join(v for k, v in headers if k.lower() == "connection")
    return _header(headers, "upgrade") is not None or \
        "upgrade" in (t.strip().lower() for t in connection.split(","))


def _splice(client, upstream, idle_timeout):
    """Copy bytes both ways between the client and the daemon of an upgraded connection
    (attach, exec), in one thread, until both directions end.  The end of one direction
    half-closes the other, as attach's stdin needs; a client gone for good (its socket
    hung up, not half-closed) ends both at once, so an abandoned attach to a quiet
    container frees its descriptors and thread at once."""
    for src, dst in ((client, upstream), (upstream, client)):
        if src.buf:
            dst.sock.sendall(src.buf)
            src.buf = b""
    open_in, open_out = True, True     # client -> daemon, daemon -> client
    while open_in or open_out:
        poller = select.poll()
        poller.register(client.sock, select.POLLIN if open_in else 0)
        poller.register(upstream.sock, select.POLLIN if open_out else 0)
        timeout = None if open_out else idle_timeout * 1000
        events = poller.poll(timeout) if not (open_out and upstream.ready()) else \
            [(upstream.sock.fileno(), select.POLLIN)]
        if not events:
            return          # the daemon is done and the client lingers
        for fd, ev in events:
            side, other = (client, upstream) if fd == client.sock.fileno() else \
                (upstream, client)
            still = open_in if side is client else open_out
            data = None
            if still and ev & (select.POLLIN | select.POLLHUP | select.POLLERR):
                try:
                    data = side.sock.recv(65536)
                except OSError:
                    return
                if data:
                    other.sock.sendall(data)
                    continue
                if side is client:
                    open_in = False
                else:
                    open_out = False
                other.half_close()
            if not data:
                if ev & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    return      # gone for good: nothing more can be said either way


# ---- the proxy server ----

def _is_loopback(address):
    import ipaddress
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


class Proxy:
    """A filtering proxy in front of an Engine socket.

    Proxy(listen="unix:///run/docker-ro.sock", upstream="unix:///var/run/docker.sock",
    policy=ProxyPolicy(allow={"containers", "info"}, read_only=True)).serve_forever()
    serves until shutdown() (or SIGTERM in the CLI).  upstream: a URL, an Endpoint or an
    APIClient (whose endpoint, socket discovery and TLS are used as they are).  Bodies
    stream both ways; upgrades (attach, exec) are spliced; keep-alive holds on both sides.
    log is a callable taking one access-log line.  listen may be unix://PATH or
    tcp://127.0.0.1:PORT.  Limits: a request head must arrive within header_timeout
    seconds, an idle kept-alive connection closes after idle_timeout, and at most
    max_connections clients are served at once (more are answered 503).
    """

    def __init__(self, listen, upstream=None, policy=None, log=None, mode=None, group=None,
                 header_timeout=10.0, idle_timeout=60.0, max_connections=None):
        import socketserver
        self.policy = policy or ProxyPolicy()
        self.log = log
        if isinstance(upstream, APIClient):
            self._api = upstream
        else:
            endpoint = upstream if isinstance(upstream, Endpoint) else resolve_endpoint(upstream)
            self._api = APIClient(endpoint.url, tls=endpoint.tls or False)
            self._api.endpoint = endpoint     # as resolved: its socket candidates kept
        self.upstream = self._api.endpoint
        self.header_timeout = header_timeout
        self.idle_timeout = idle_timeout
        if max_connections is None:
            import resource
            soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
            # two descriptors per client (its socket and the daemon's), and room to spare
            max_connections = max(1, min(512, (soft - 16) // 3 if soft > 0 else 512))
        self.max_connections = max_connections
        self._clients = 0
        self._connections = set()
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                proxy._serve(self.request)

        scheme, address, _ = parse_host(listen)
        if scheme not in ("unix", "tcp"):
            raise InvalidArgument("the proxy listens on unix:// or tcp:// only, not %s" % listen)
        if scheme == "unix" and os.path.lexists(address):
            if socket_report(address)["kind"] != "socket":
                raise InvalidArgument("refusing to listen on %s: something that is not a "
                                      "socket is there" % address)
            if _socket_answers(address):
                raise InvalidArgument("refusing to listen on %s: a server answers there"
                                      % address)
            os.unlink(address)      # a stale socket file from an earlier run

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer
                     if scheme == "unix" else socketserver.TCPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = socket.SOMAXCONN   # bursts of clients, as dockerd takes

            def get_request(self):
                try:
                    return super().get_request()
                except OSError as e:
                    if e.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                        time.sleep(0.05)    # out of descriptors: wait, never spin
                    raise

            def process_request(self, request, client_address):
                if not proxy._admit(request):
                    self.shutdown_request(request)
                    return
                try:
                    super().process_request(request, client_address)
                except BaseException:
                    with proxy._lock:
                        proxy._clients -= 1     # no thread: the slot is free again
                    raise

        self.server = Server(address, Handler)
        if scheme == "unix":
            if mode is not None:
                os.chmod(address, mode)
            if group is not None:
                import grp
                os.chown(address, -1, grp.getgrnam(group).gr_gid if not str(group).isdigit()
                         else int(group))
        self.listen_url = listen
        self.server_address = self.server.server_address
        # A browser on this machine can reach a loopback listener: Host names are checked
        # there (see _check_not_a_browser).  Elsewhere clients may name the proxy (a
        # compose service name), and the network's reach is the operator's choice.
        self._loopback = scheme == "tcp" and _is_loopback(self.server_address[0])

    def check_upstream(self):
        """Raise DockerConnectionError (the CLI's words) if the upstream does not answer.
        It goes through the same connections the forwarding uses."""
        self._api.ping()

    def serve_forever(self, poll_interval=0.2):
        self._serving = True
        self.server.serve_forever(poll_interval)

    _serving = False

    def shutdown(self):
        """Stop accepting, end the streams in flight, remove the socket file."""
        if self._serving:       # socketserver's shutdown waits for a loop that ran
            self.server.shutdown()
        self.server.server_close()
        with self._lock:
            conns = list(self._connections)
        for sock in conns:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if isinstance(self.server_address, str) and os.path.exists(self.server_address):
            os.unlink(self.server_address)
        self._api.close()

    def _admit(self, sock):
        with self._lock:
            if self._clients < self.max_connections:
                self._clients += 1
                return True
        try:
            sock.settimeout(0.5)
            self._answer(sock, 503, "the proxy serves %d connections at most; try again"
                         % self.max_connections, close=True)
        except OSError:
            pass
        self._log("-", "-", "-", None, "reject: connection limit", 503, 0, time.time())
        return False

    def _track(self, sock, add):
        with self._lock:
            (self._connections.add if add else self._connections.discard)(sock)

    def _connect_upstream(self):
        """A connection to the daemon from the client's own pool and factory (the socket
        discovery and TLS the upstream check used): (connection, _Peer)."""
        conn, _ = self._api._get_connection()
        if conn.sock is None:
            conn.connect()
        conn.sock.settimeout(self.idle_timeout)
        self._track(conn.sock, True)
        return conn, _Peer(conn.sock)

    def _drop_upstream(self, upstream):
        if upstream is not None:
            self._track(upstream[1].sock, False)
            upstream[0].close()

    def _serve(self, sock):
        """One client connection: requests in turn, each decided, forwarded, answered."""
        sock.settimeout(self.idle_timeout)      # a send to a client that never reads
        client = _Peer(sock)
        upstream = None
        self._track(sock, True)
        peer = sock.getpeername() if sock.family != socket.AF_UNIX else "unix"
        first = True
        try:
            while True:
                if not client.wait(self.header_timeout if first else self.idle_timeout):
                    return          # idle: close quietly, as servers do
                first = False
                upstream, keep = self._one(client, upstream, peer)
                if not keep:
                    return
        except (OSError, ProxyDenied, ValueError, _ClientGone):
            return
        finally:
            self._track(sock, False)
            self._drop_upstream(upstream)
            with self._lock:
                self._clients -= 1

    def _one(self, client, upstream, peer):
        """Read, decide and forward one request; (upstream connection or None, whether the
        client connection goes on)."""
        started = time.time()
        try:
            head = _read_head(client, "the request", time.monotonic() + self.header_timeout)
        except socket.timeout:
            self._answer(client.sock, 408, "the request head did not arrive within %g seconds"
                         % self.header_timeout, close=True)
            self._log(peer, "-", "-", None, "reject: head timeout", 408, 0, started)
            return upstream, False
        except ProxyDenied as e:
            self._answer(client.sock, e.status, str(e), close=True)
            self._log(peer, "-", "-", None, "reject: %s" % e, e.status, 0, started)
            return upstream, False
        if head is None:
            return upstream, False
        start, headers, _ = head
        try:
            method, target, version = start.split(" ")
            if version not in ("HTTP/1.1", "HTTP/1.0"):
                raise ValueError(version)
        except ValueError:
            self._answer(client.sock, 400, "malformed request line %r" % start[:80], close=True)
            self._log(peer, "-", start[:80], None, "reject: bad request line", 400, 0, started)
            return upstream, False
        route = body = framing = None
        expect = False
        tokens = [t.strip().lower() for k, v in headers if k.lower() == "connection"
                  for t in v.split(",")]
        # The client's last request on this connection: every answer, a refusal too, ends it
        # (a refusal kept open left a client that waits for the close hanging until timeout).
        last = "close" in tokens or (version == "HTTP/1.0" and "keep-alive" not in tokens)
        try:
            framing = _framing(headers, version, "the request")
            self._check_not_a_browser(headers)
            expectation = _header(headers, "expect")
            expect = expectation is not None and expectation.lower() == "100-continue"
            if expectation is not None and not expect:
                raise ProxyDenied("unsupported Expect %r" % expectation, 417)
            if "form" in (_header(headers, "content-type") or "").lower():
                # The Engine's form parser would read parameters from such a body too,
                # ahead of the query the proxy checked.
                raise ProxyDenied("form-encoded request bodies are refused", 400)
            path, query, unversioned = canonical_path(target)
            upgrade = _wants_upgrade(headers)
            route, variables, rule = self.policy.check(method, unversioned, upgrade)
            pairs = _parse_query(query, route)
            self.policy.check_query(route, pairs)
            if self.policy.reads_body(route):
                if expect:
                    client.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                    expect = False
                body = self._read_body(client, framing)
                self.policy.check_body(route, _json_body(body, str(route)))
            path, pairs = self._scope(route, variables, pairs, path, unversioned)
        except ProxyDenied as e:
            return upstream, self._deny(client, peer, method, target, route or e.route,
                                        e.status, str(e), started, framing, expect, body,
                                        last)
        except APIError as e:      # the scope's look-up: answered as the Engine answered it
            return upstream, self._deny(client, peer, method, target, route,
                                        e.status_code or 502, e.explanation, started, framing,
                                        expect, body, last)
        except DockerException as e:
            return upstream, self._deny(client, peer, method, target, route, 502,
                                        "the proxy cannot check this request: %s" % e,
                                        started, None, False, None)
        if upstream is not None and upstream[1].wait(0):
            self._drop_upstream(upstream)        # closed (or babbling) while idle
            upstream = None
        if upstream is None:
            try:
                upstream = self._connect_upstream()
            except (OSError, DockerException) as e:
                self._deny(client, peer, method, target, route, 502, "the proxy cannot reach "
                           "the daemon: %s" % e, started, None, False, None)
                return None, False
        up = upstream[1]
        quoted = urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~")
        query = _build_query(pairs)
        fwd = ["%s %s%s %s\r\n" % (method, quoted, "?" + query if query else "", version)]
        skip = _HOP_HEADERS | ({"content-length", "transfer-encoding"} if body is not None
                               else frozenset())
        fwd += ["%s: %s\r\n" % (k, v) for k, v in headers if k.lower() not in skip]
        if body is not None:
            fwd.append("Content-Length: %d\r\n" % len(body))
        up.sock.sendall("".join(fwd).encode("latin-1") + b"\r\n")
        if expect:          # taken at once: the daemon never sees the Expect
            client.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        relayed = [None, 0]
        try:
            if body is not None:
                up.sock.sendall(body)
            else:
                _copy_body(client, up.sock.sendall, framing, "the request", self.idle_timeout)
            status, keep_up, keep_client = self._relay(method, route, upgrade, up, client,
                                                       relayed)
        except (OSError, ProxyDenied, ValueError, _ClientGone) as e:
            why = "client went away" if isinstance(e, _ClientGone) else "interrupted"
            if isinstance(e, ProxyDenied) and relayed[0] is None:
                self._answer(client.sock, e.status, str(e), close=True)
                why = str(e)
            self._log(peer, method, target, route, "allow: %s (%s)" % (rule, why),
                      relayed[0] or "-", relayed[1], started)
            self._drop_upstream(upstream)
            return None, False
        self._log(peer, method, target, route, "allow: %s" % rule, status, relayed[1], started)
        if status == 101:
            try:
                _splice(client, up, self.idle_timeout)
            finally:
                self._drop_upstream(upstream)
            return None, False
        if not keep_up or client.eof:       # (a daemon connection half-closed for it)
            self._drop_upstream(upstream)
            upstream = None
        return upstream, keep_client and not client.eof and not last

    def _deny(self, client, peer, method, target, route, status, message, started, framing,
              expect, body, last=False):
        """Answer a refused request; whether the connection goes on.  It does for a plain
        refusal (403, or 404 and 409 from a look-up) once the body is read or skipped,
        unless the client said it was its last (Connection: close); a malformed request,
        or one whose client awaits 100 Continue, is answered at once and the connection
        closed."""
        self._log(peer, method, target, route, "deny: %s" % message, status, 0, started)
        keep = status in (403, 404, 409) and framing is not None and (
            body is not None or not expect and self._skip_body(client, framing)) and not last
        self._answer(client.sock, status, message, close=not keep, head=method == "HEAD")
        return keep

    def _check_not_a_browser(self, headers):
        """Refuse a web page's request: a page the user visits may send requests to a TCP
        listener on 127.0.0.1, open a websocket to it (attach/ws) from any site, and, if it
        re-points its own name there (DNS rebinding), read the answers, the read-only
        routes' secrets included.  Browsers send Sec-Fetch-*, name the page in Origin, and
        its name in Host; Engine clients send no Sec-Fetch-*, an Origin (websocket clients
        must) of the host they connect to, and name a loopback daemon by address or
        localhost."""
        import ipaddress

        def local(hostport):
            name = hostport[1:hostport.find("]")] if hostport.startswith("[") else \
                hostport.rpartition(":")[0] if hostport.count(":") == 1 else hostport
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return name in ("", "localhost", "docker", "api.moby.localhost")
        for name in ("sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest", "sec-fetch-user"):
            if _header(headers, name) is not None:
                raise ProxyDenied("a web browser's request (it sent %s): refused" % name)
        host = (_header(headers, "host") or "").strip().lower()
        origin = _header(headers, "origin")
        if origin is not None:
            _, sep, rest = origin.strip().lower().partition("://")
            if not sep or not (local(rest.split("/")[0]) or rest.split("/")[0] == host):
                raise ProxyDenied("a web page's request (Origin %r): refused" % origin[:100])
        if self._loopback and not local(host):
            raise ProxyDenied("Host %r is refused on a loopback TCP listener: only an IP "
                              "address or localhost (a web page can point any other name "
                              "here)" % host[:100])

    def _read_body(self, client, framing):
        """A request body read whole (for the create policy and label scope), bounded."""
        parts, size = [], [0]

        def keep(data):
            size[0] += len(data)
            if size[0] > _MAX_INSPECTED_BODY + 1024:
                raise ProxyDenied("a request body the proxy checks is limited to %d bytes"
                                  % _MAX_INSPECTED_BODY, 413)
            parts.append(data)
        _copy_body(client, keep, framing, "the request", self.idle_timeout)
        raw = b"".join(parts)
        return _unchunk(raw) if framing[0] == "chunked" else raw   # framing was collected

    def _skip_body(self, client, framing):
        """Read and drop a denied request's body, so the client can read the answer and
        reuse its connection.  False when it is too large or malformed."""
        seen = [0]

        def discard(data):
            seen[0] += len(data)
            if seen[0] > _MAX_SKIPPED_BODY:
                raise ProxyDenied("request body too large to skip", 413)
        try:
            _copy_body(client, discard, framing, "the request", self.idle_timeout)
        except (ProxyDenied, OSError):
            return False
        return True

    def _scope(self, route, variables, pairs, path, unversioned):
        """Apply the label scope: (path, query pairs) to forward."""
        label = self.policy.label
        if label is None:
            return path, pairs
        key = str(route)
        what = "%s %s" % (route.method, unversioned)
        if key in ("GET /containers/json", "GET /events"):
            filters = {}
            for name, value in pairs:
                if _is_param(name, "filters"):
                    try:
                        filters = json.loads(value)
                    except ValueError:
                        raise ProxyDenied("filters is not JSON", 400)
                    if not isinstance(filters, dict):
                        raise ProxyDenied("filters must be a JSON object", 400)
            if any(_is_param(k, "label") and k != "label" for k in filters):
                raise ProxyDenied("filters: a label filter spelled %r (Podman reads filter "
                                  "keys in any case)" % [k for k in filters if k != "label"
                                                         and _is_param(k, "label")][0], 400)
            if isinstance(filters.get("label"), dict):
                filters["label"] = [k for k, v in filters["label"].items() if v]
            if not isinstance(filters.get("label") or [], list):
                raise ProxyDenied("filters.label must be a list or an object", 400)
            theirs = [f for f in filters.get("label") or [] if f != label.rstrip("=")]
            if theirs and key == "GET /events":
                # Podman matches an event that carries any one of the label filters, so
                # a second label (another tenant's "scope=theirs") would widen the scope.
                raise ProxyDenied("%s is denied: under label scoping, events take no label "
                                  "filter of their own (%r); some Engines read several as "
                                  "alternatives" % (what, theirs[0]), 400)
            filters["label"] = theirs + [label.rstrip("=")]
            return path, [(k, v) for k, v in pairs if not _is_param(k, "filters")] + \
                [("filters", _json_dumps(filters))]
        if key in _UNSCOPED:
            raise ProxyDenied("%s is denied: not allowed under label scoping (it shows or "
                              "reaches containers outside the scope)" % what)
        version = path[2:len(path) - len(unversioned)]      # "1.27" of "/v1.27/...", or ""
        if key == "GET /networks" and version and _version_tuple(version) < (1, 28):
            # Below API 1.28 the network list names every container attached to each network.
            raise ProxyDenied("%s is denied: under label scoping, API versions below 1.28 list "
                              "the containers of every network" % what, 403)
        if key == "POST /commit":
            names = [v for k, v in pairs if _is_param(k, "container")]
            full = self._in_scope(what, names[0] if names else "")
            return path, [(k, full if _is_param(k, "container") else v) for k, v in pairs]
        if "container" in variables:
            variables = dict(variables, container=self._in_scope(what,
                                                                  variables["container"]))
        elif "exec" in variables:
            info = self._api.exec_inspect(variables["exec"])
            if not isinstance(info, dict) or not isinstance(info.get("ContainerID"), str) \
                    or not isinstance(info.get("ID"), str):
                raise ProxyDenied("%s is denied: the exec instance's container cannot be "
                                  "checked against the label scope" % what)
            self._in_scope(what, info["ContainerID"])
            variables = dict(variables, exec=info["ID"])
        else:
            return path, pairs
        prefix = path[:len(path) - len(unversioned)]       # "/v1.41", or ""
        return prefix + route.template.format(**variables), pairs

    def _in_scope(self, what, container):
        """The full ID of the container a name or ID prefix names, once it is checked to
        carry the scope label: the request is forwarded with that ID, so a rename racing
        with it cannot point it at another container."""
        if not container:
            raise ProxyDenied("%s is denied: no container named" % what, 400)
        info = self._api.inspect_container(container)
        cid = info.get("Id") if isinstance(info, dict) else None
        config = info.get("Config") if isinstance(info, dict) else None
        labels = (config.get("Labels") if isinstance(config, dict) else None) or {}
        if not isinstance(cid, str) or not re.match(r"[0-9a-f]{64}\Z", cid) or \
                not isinstance(labels, dict):
            raise ProxyDenied("%s is denied: the daemon's answer for %r cannot be checked "
                              "against the label scope" % (what, container), 502)
        key, _, value = self.policy.label.partition("=")
        if key not in labels or (value and labels[key] != value):
            raise ProxyDenied("%s is denied: the container is outside the label scope %s"
                              % (what, self.policy.label.rstrip("=")))
        return cid

    def _relay(self, method, route, upgrade, up, client, relayed):
        """Forward the daemon's response while watching the client; (status, whether the
        daemon connection can be kept, whether the client's can).  relayed [status,
        bytes of the body's data, not of its chunked framing] is kept up to date for the
        access log of a cut stream."""
        while True:
            try:
                head = _read_head(up, "the daemon's response", None, client)
            except ProxyDenied as e:
                raise ProxyDenied(str(e), 502)
            if head is None:
                raise ProxyDenied("the daemon closed the connection without answering", 502)
            start, headers, raw = head
            parts = start.split(" ", 2)
            if len(parts) < 2 or parts[0] not in ("HTTP/1.1", "HTTP/1.0") or \
                    not re.match(r"[1-5][0-9][0-9]\Z", parts[1]):
                raise ProxyDenied("the daemon's status line is malformed: %r" % start[:80], 502)
            status = int(parts[1])
            if status == 101 and not (upgrade and route.hijack):
                raise ProxyDenied("the daemon upgraded a request that asked for no upgrade",
                                  502)
            if status == 101 or not 100 <= status < 200:
                break
            client.sock.sendall(raw)      # an interim answer (100, 102, 103), then the real one
        no_body = method == "HEAD" or status in (101, 204, 304)
        framing = ("length", 0) if no_body else \
            _framing(headers, parts[0], "the daemon's response", status)
        client.sock.sendall(raw)
        relayed[0] = status
        if status == 101:
            return status, False, False

        def send(data):
            client.sock.sendall(data)
            relayed[1] += len(data)
        _copy_body(up, send, framing, "the daemon's response", None, client, client.sock.sendall)
        connection = (_header(headers, "connection") or "").lower()
        keep = framing[0] != "close" and connection != "close" and parts[0] == "HTTP/1.1"
        return status, keep, framing[0] != "close"

    @staticmethod
    def _answer(sock, status, message, close=False, head=False):
        body = _json_dumps({"message": message}).encode("utf-8")
        reason = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 408:
                  "Request Timeout", 409: "Conflict", 413: "Payload Too Large", 417:
                  "Expectation Failed", 431: "Request Header Fields Too Large", 501:
                  "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable"}.get(
                      status, "Error")
        sock.sendall(("HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: "
                      "%d\r\nApi-Version: %s\r\n%s\r\n" % (
                          status, reason, len(body), MAX_API_VERSION,
                          "Connection: close\r\n" if close else "")).encode("ascii") +
                     (b"" if head else body))

    def _log(self, peer, method, target, route, decision, status, sent, started):
        if self.log:
            self.log("client=%s method=%s path=%s route=%s decision=%s status=%s bytes=%d "
                     "duration=%.3fs" % (peer if isinstance(peer, str) else "%s:%s" % peer[:2],
                                         method, json.dumps(target),
                                         json.dumps(str(route) if route else "-"),
                                         json.dumps(decision), status, sent,
                                         time.time() - started))


def _unchunk(raw):
    """The data of a chunked body (its framing already checked by _copy_body)."""
    out, pos = [], 0
    while True:
        end = raw.index(b"\n", pos)
        size = int(raw[pos:end].split(b";")[0].strip(), 16)
        if size == 0:
            return b"".join(out)
        out.append(raw[end + 1:end + 1 + size])
        pos = end + 1 + size + 2


# ==== Command line ==============================================================
# Thin: parse flags, call the library, format like the docker CLI.

# ---- formatting helpers (docker's units and formatter packages) ----

def human_duration(seconds):
    """go-units HumanDuration: "Less than a second", "About a minute", "3 hours"..."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return "%d seconds" % s
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return "%d minutes" % minutes
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return "%d hours" % hours
    if hours < 24 * 7 * 2:
        return "%d days" % (hours // 24)
    if hours < 24 * 30 * 2:
        return "%d weeks" % (hours // 24 // 7)
    if hours < 24 * 365 * 2:
        return "%d months" % (hours // 24 // 30)
    return "%d years" % (int(seconds / 3600) // 24 // 365)


def human_size(size, precision=3, binary=False):
    """go-units HumanSizeWithPrecision (decimal: 1.98MB) or BytesSize (binary: 23.47GiB)."""
    base = 1024.0 if binary else 1000.0
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB") if binary else \
        ("B", "kB", "MB", "GB", "TB", "PB")
    size = float(size)
    i = 0
    while size >= base and i < len(units) - 1:
        size /= base
        i += 1
    return "%.*g%s" % (precision, size, units[i])


def _display_width(s):
    if s.isascii() if hasattr(s, "isascii") else all(ord(c) < 128 for c in s):
        return len(s)
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def ellipsis(s, width):
    """docker's Ellipsis: cut s to width display columns, the last being '…'."""
    if _display_width(s) <= width:
        return s
    out, used = [], 0
    for c in s:
        w = _display_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "\u2026"


def displayable_ports(ports):
    """docker ps's PORTS column: sorted, consecutive ports grouped, mappings last."""
    ports = sorted(ports or (), key=lambda p: (p.get("PrivatePort", 0), p.get("IP", ""),
                                               p.get("PublicPort", 0), p.get("Type", "")))
    groups, order, result, mappings = {}, [], [], []

    def form(key, first, last):
        ip, _, kind = key.rpartition("/")
        text = str(first) if first == last else "%d-%d" % (first, last)
        if ip:
            text = "%s:%s->%s" % (ip, text, text)
        return "%s/%s" % (text, kind)

    for p in ports:
        private, public, ip = p.get("PrivatePort", 0), p.get("PublicPort", 0), p.get("IP", "")
        key = p.get("Type", "")
        if ip:
            if public != private:
                host = "[%s]" % ip if ":" in ip else ip
                mappings.append("%s:%d->%d/%s" % (host, public, private, p.get("Type", "")))
                continue
            key = "%s/%s" % (ip, key)
        g = groups.get(key)
        if g is None:
            groups[key] = [private, private]
            order.append(key)
        elif private == g[1] + 1:
            g[1] = private
        else:
            result.append(form(key, g[0], g[1]))
            groups[key] = [private, private]
    result += [form(k, *groups[k]) for k in order]
    return ", ".join(result + mappings)


def familiar_name(ref):
    """The short form of an image reference: docker.io/library/busybox:1 -> busybox:1."""
    for domain in ("docker.io/", "index.docker.io/"):
        if ref.startswith(domain):
            ref = ref[len(domain):]
            repo = ref.split("@")[0].split(":")[0]
            if repo.startswith("library/") and repo.count("/") == 1:
                ref = ref[len("library/"):]
            break
    return ref


def tabulate(rows, padding=3, minwidth=10):
    """Go's tabwriter as docker uses it: every column but the last padded to its widest
    cell plus padding."""
    if not rows:
        return ""
    widths = [0] * max(len(r) for r in rows)
    for r in rows:
        for i, cell in enumerate(r[:-1]):
            widths[i] = max(widths[i], _display_width(cell))
    lines = []
    for r in rows:
        parts = [c + " " * (max(minwidth, widths[i] + padding) - _display_width(c))
                 for i, c in enumerate(r[:-1])]
        lines.append("".join(parts) + (r[-1] if r else ""))
    return "\n".join(lines) + "\n"


def _engine_time(text):
    """An Engine timestamp (RFC 3339) as a datetime, or None if it is missing or odd."""
    try:
        parsed = parse_rfc3339(text) if isinstance(text, str) else None
    except InvalidArgument:
        return None
    return parsed[0] if parsed else None


def _ansic(ts):
    """An RFC 3339 time as Go's time.ANSIC ("Mon Jan _2 15:04:05 2006") in its own zone;
    as given if odd."""
    d = _engine_time(ts)
    if d is None:
        return ts or ""
    return "%s %2d %s" % (d.strftime("%a %b"), d.day, d.strftime("%H:%M:%S %Y"))


def _ago(ts, now):
    """How long ago an Engine timestamp was, as docker says it ("3 hours ago"); an odd or
    missing one counts as now."""
    d = _engine_time(ts)
    return human_duration(now - (d.timestamp() if d is not None else now)) + " ago"


class _Row(dict):
    """A row of a docker table (a formatter context: ContainerContext, imageContext...):
    its fields by name; go_type names it in errors (an unknown field is one); methods,
    {name: (parameter types, function)}, such as Label "com.example"."""

    go_type = "*formatter.Context"
    methods = None

    def __init__(self, items, go_type=None, methods=None):
        super().__init__(items)
        if go_type:
            self.go_type = go_type
        if methods:
            self.methods = methods


def _label_method(labels):
    """A context's Label method: the value of one label, "" when it has none."""
    return {"Label": (("string",), lambda name: (labels or {}).get(name, ""))}


class _Header(dict):
    """A table's header row (docker's SubHeaderContext): a map of column titles, whose
    Label method titles a label column by its last dotted part."""

    missing = ""
    methods = {"Label": (("string",), lambda name: name.split(".")[-1].replace(
        "-", " ").replace("_", " "))}


# ---- --format: Go's text/template, as docker's --format runs it ----
#
# A lexer, a parser and an evaluator with Go's grammar, semantics and error texts
# (text/template, Go 1.23): actions, pipelines with the value passed last, parentheses,
# variables ($x := ..., $x = ..., range $k, $v := ...), if/else if/with/else with/range/
# break/continue, define/template/block, comments and {{- -}} trimming; Go's builtin
# functions and docker's (json split join title lower upper pad truncate).  Data is JSON
# (maps, lists, strings, numbers), docker's formatter contexts (_Row) and typed structs
# (GoStruct).  Lexing and parsing take time linear in the template; nesting, steps and
# output are bounded, so no template can exhaust the stack, the clock or memory.

_TEMPLATE_MAX_DEPTH = 100        # nested blocks, parentheses and {{template}} calls
_TEMPLATE_MAX_STEPS = 5000000    # nodes evaluated in one rendering
_TEMPLATE_MAX_OUTPUT = 16 << 20  # characters one rendering may write
_MISSING = type("_Missing", (), {"__repr__": lambda self: "<no value>"})()  # Go's invalid Value
_TEMPLATE_KEYWORDS = frozenset(("block", "break", "continue", "define", "else", "end", "if",
                                "nil", "range", "template", "with"))
_TEMPLATE_TOKEN = None           # the lexer's regular expression, compiled on first use


def _template_token_re():
    global _TEMPLATE_TOKEN
    if _TEMPLATE_TOKEN is None:
        _TEMPLATE_TOKEN = re.compile(r"""
          (?P<space>[ \t\r\n]+)
        | (?P<declare>:=) | (?P<colon>:) | (?P<pipe>\|) | (?P<lparen>\() | (?P<rparen>\))
        | (?P<string>"(?:[^"\\\n]|\\[^\n])*") | (?P<badstring>")
        | (?P<raw>`[^`]*`) | (?P<badraw>`)
        | (?P<char>'(?:[^'\\\n]|\\[^\n])*') | (?P<badchar>')
        | (?P<var>\$\w*)
        | (?P<number>[-+0-9]|\.[0-9]) | (?P<field>\.\w+) | (?P<dot>\.) | (?P<word>\w+)
        | (?P<other>.)""", re.X | re.S)
    return _TEMPLATE_TOKEN


class _Node:
    """A node of a parsed template: kind, its source position, and kind's own fields."""

    __slots__ = ("kind", "pos", "a", "b", "c", "d")

    def __init__(self, kind, pos, a=None, b=None, c=None, d=None):
        self.kind, self.pos, self.a, self.b, self.c, self.d = kind, pos, a, b, c, d

    def __str__(self):
        k, a = self.kind, self.a
        if k in ("field", "var"):
            return "".join(a) if k == "var" else "." + ".".join(a)
        if k == "chain":
            return "%s.%s" % (("(%s)" % a) if a.kind == "pipe" else a, ".".join(self.b))
        if k == "command":
            return " ".join(("(%s)" % n) if n.kind == "pipe" else str(n) for n in a)
        if k == "pipe":
            decl = ", ".join(a) + (" = " if self.c else " := ") if a else ""
            return decl + " | ".join(str(c) for c in self.b)
        if k == "action":
            return "{{%s}}" % a
        if k in ("if", "with", "range"):
            return "{{%s %s}}" % (k, a)
        if k == "template":
            return "{{template %s%s}}" % (go_quote(a), " %s" % self.b if self.b else "")
        return {"dot": ".", "nil": "nil", "bool": "true" if a else "false"}.get(k, self.b or a)


class _TemplateError(InvalidArgument):
    """A template that cannot be parsed or run, in Go's words (the message)."""


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _go_type_name(v):
    """The Go type of a value, as text/template's errors name it."""
    if isinstance(v, (_Row, GoStruct, _GoNil)):
        return v.go_type
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, _Strings):
        return "[]string"
    if isinstance(v, (list, tuple)):
        return "[]interface {}"
    if isinstance(v, dict):
        return "map[string]interface {}"
    return "interface {}"


class _GoNil:
    """A nil pointer of a Go type: prints "<nil>", is false, is null in JSON."""

    def __init__(self, go_type):
        self.go_type = go_type


class _Strings(list):
    """A list that is a Go []string (split's result), for join."""


class Template:
    """A Go text/template, as docker's --format runs it.  Template(text) parses (errors
    are InvalidArgument in Go's words: "template: :1: unclosed action"); render(data)
    runs it over JSON data, a formatter context or a typed struct.  missingkey_error
    makes a map's missing key an error, as docker inspect's raw data is run."""

    def __init__(self, text, name=""):
        self.text = text
        self.name = name
        self.defines = {}
        self._tokens = _template_tokens(text, name)
        self._i = 0
        self._vars = ["$"]
        self._depth = 0
        self._range_depth = 0
        self.root = self._parse_top()
        self._tokens = None

    # -- parsing (text/template/parse) -------------------------------------------

    def _error(self, message, token=None):
        token = token or self._tokens[min(self._i, len(self._tokens)) - 1]
        line = self.text.count("\n", 0, token[2]) + 1
        raise _TemplateError("template: %s:%d: %s" % (self.name, line, message))

    def _next(self):
        token = self._tokens[self._i]
        if token[0] != "eof":
            self._i += 1
        return token

    def _peek(self):
        return self._tokens[self._i]

    def _next_non_space(self):
        token = self._next()
        while token[0] == "space":
            token = self._next()
        return token

    def _peek_non_space(self):
        i = self._i
        while self._tokens[i][0] == "space":
            i += 1
        self._i = i
        return self._tokens[i]

    def _unexpected(self, token, context):
        if token[0] == "error":
            self._error(token[1], token)
        self._error("unexpected %s in %s" % (_token_text(token), context), token)

    def _expect(self, kind, context):
        token = self._next_non_space()
        if token[0] != kind:
            self._unexpected(token, context)
        return token

    def _nest(self, token):
        self._depth += 1
        if self._depth > _TEMPLATE_MAX_DEPTH:
            self._error("max nesting depth exceeded (%d levels of blocks and parentheses)"
                        % _TEMPLATE_MAX_DEPTH, token)

    def _parse_top(self):
        nodes = []
        while self._peek()[0] != "eof":
            if self._peek()[0] == "left":
                back = self._i
                self._next()
                word = self._peek_non_space()
                if word[0] == "word" and word[1] == "define":
                    self._next()
                    self._parse_define(word)
                    continue
                self._i = back
            node = self._text_or_action()
            if node.kind in ("end", "else"):
                self._error("unexpected {{%s}}" % node.kind)
            nodes.append(node)
        return nodes

    def _parse_define(self, token):
        name_token = self._next_non_space()
        if name_token[0] not in ("string", "raw"):
            self._unexpected(name_token, "define clause")
        name = _template_unquote(self, name_token)
        self._expect("right", "define clause")
        saved, self._vars = self._vars, ["$"]
        self._nest(token)
        body, end = self._item_list()
        self._depth -= 1
        self._vars = saved
        if end.kind != "end":
            self._error("unexpected {{%s}} in define clause" % end.kind)
        self.defines[name] = body

    def _item_list(self):
        nodes = []
        while self._peek_non_space()[0] != "eof":
            node = self._text_or_action()
            if node.kind in ("end", "else"):
                return nodes, node
            nodes.append(node)
        self._error("unexpected EOF", self._peek())

    def _text_or_action(self):
        token = self._next_non_space()
        if token[0] == "text":
            return _Node("text", token[2], token[1])
        if token[0] == "left":
            return self._action()
        self._unexpected(token, "input")

    def _action(self):
        token = self._next_non_space()
        if token[0] == "word" and token[1] in _TEMPLATE_KEYWORDS and token[1] != "nil":
            word = token[1]
            if word in ("if", "with", "range"):
                return self._control(word, token)
            if word in ("break", "continue"):
                after = self._next_non_space()
                if after[0] != "right":
                    self._unexpected(after, "{{%s}}" % word)
                if not self._range_depth:
                    self._error("{{%s}} outside {{range}}" % word, token)
                return _Node(word, token[2])
            if word == "else":
                peek = self._peek_non_space()
                if not (peek[0] == "word" and peek[1] in ("if", "with")):
                    self._expect("right", "else")
                return _Node("else", token[2])
            if word == "end":
                self._expect("right", "end")
                return _Node("end", token[2])
            if word in ("template", "block"):
                return self._template_call(word, token)
            self._unexpected(token, "command")    # define, not at the top level
        self._i -= 1
        pipe = self._pipeline("command", "right")
        return _Node("action", token[2], pipe)

    def _control(self, word, token):
        marker = len(self._vars)
        self._nest(token)
        pipe = self._pipeline(word, "right")
        if word == "range":
            self._range_depth += 1
        body, end = self._item_list()
        if word == "range":
            self._range_depth -= 1
        alternative = None
        if end.kind == "else":
            peek = self._peek()
            if word in ("if", "with") and peek[0] == "word" and peek[1] == word:
                self._next()
                alternative = [self._control(word, peek)]
            else:
                alternative, end = self._item_list()
                if end.kind != "end":
                    self._error("expected end; found {{%s}}" % end.kind)
        del self._vars[marker:]
        self._depth -= 1
        return _Node(word, pipe.pos, pipe, body, alternative)

    def _template_call(self, word, token):
        context = "%s clause" % ("template" if word == "template" else "block")
        name_token = self._next_non_space()
        if name_token[0] not in ("string", "raw"):
            self._unexpected(name_token, context)
        name = _template_unquote(self, name_token)
        pipe = None
        if word == "block" or self._peek_non_space()[0] != "right":
            pipe = self._pipeline(context, "right")
        else:
            self._next()
        if word == "block":
            saved, self._vars = self._vars, ["$"]
            self._nest(token)
            body, end = self._item_list()
            self._depth -= 1
            self._vars = saved
            if end.kind != "end":
                self._error("unexpected {{%s}} in block clause" % end.kind)
            self.defines[name] = body
        return _Node("template", name_token[2], name, pipe)

    def _pipeline(self, context, end):
        start = self._peek_non_space()
        decls, assign = [], False
        while True:
            back = self._i
            token = self._peek_non_space()
            if token[0] != "var":
                break
            self._next()
            following = self._peek_non_space()
            if following[0] in ("declare", "assign"):
                assign = following[0] == "assign"
                self._next()
                if assign and token[1] not in self._vars:
                    self._error("undefined variable %s" % go_quote(token[1]), token)
                decls.append(token[1])
                self._vars.append(token[1])
                break
            if following[0] == "other" and following[1] == ",":
                self._next()
                decls.append(token[1])
                self._vars.append(token[1])
                if context == "range" and len(decls) < 2:
                    if self._peek_non_space()[0] in ("var", "right", "rparen"):
                        continue
                    self._error("range can only initialize variables", token)
                self._error("too many declarations in %s" % context, token)
            self._i = back
            break
        commands = []
        while True:
            token = self._next_non_space()
            if token[0] == end:
                if not commands:
                    self._error("missing value for %s" % context, token)
                for i, cmd in enumerate(commands[1:]):
                    if cmd.a[0].kind in ("bool", "dot", "nil", "number", "string"):
                        self._error("non executable command in pipeline stage %d" % (i + 2),
                                    token)
                return _Node("pipe", start[2], decls, commands, assign)
            if token[0] in ("dot", "field", "var", "number", "string", "raw", "char",
                            "lparen") or token[0] == "word" and (
                                token[1] == "nil" or token[1] not in _TEMPLATE_KEYWORDS):
                self._i -= 1
                commands.append(self._command())
            else:
                self._unexpected(token, context)

    def _command(self):
        cmd = _Node("command", self._peek_non_space()[2], [])
        while True:
            self._peek_non_space()
            operand = self._operand()
            if operand is not None:
                cmd.a.append(operand)
            token = self._next()
            if token[0] == "space":
                continue
            if token[0] in ("right", "rparen"):
                self._i -= 1
            elif token[0] != "pipe":
                self._unexpected(token, "operand")
            break
        if not cmd.a:
            self._error("empty command")
        return cmd

    def _operand(self):
        node = self._term()
        if node is None or self._peek()[0] != "field":
            return node
        pos, names = self._peek()[2], []
        while self._peek()[0] == "field":
            names.append(self._next()[1][1:])
        if node.kind == "field":
            return _Node("field", pos, tuple(node.a) + tuple(names))
        if node.kind == "var":
            return _Node("var", pos, tuple(node.a) + tuple(names))
        if node.kind in ("bool", "string", "number", "nil", "dot"):
            self._error("unexpected . after term %s" % go_quote(str(node)))
        return _Node("chain", pos, node, tuple(names))

    def _term(self):
        token = self._next_non_space()
        kind, text, pos = token
        if kind == "word":
            if text in ("true", "false"):
                return _Node("bool", pos, text == "true")
            if text == "nil":
                return _Node("nil", pos)
            if text in _TEMPLATE_KEYWORDS:
                self._i -= 1
                return None
            if text not in _template_funcs():
                self._error("function %s not defined" % go_quote(text), token)
            return _Node("identifier", pos, text)
        if kind == "dot":
            return _Node("dot", pos)
        if kind == "var":
            name = text
            if name not in self._vars:
                self._error("undefined variable %s" % go_quote(name), token)
            return _Node("var", pos, (name,))
        if kind == "field":
            return _Node("field", pos, (text[1:],))
        if kind in ("number", "char"):
            return _Node("number", pos, _template_number(self, token), text)
        if kind in ("string", "raw"):
            return _Node("string", pos, _template_unquote(self, token), text)
        if kind == "lparen":
            self._nest(token)
            pipe = self._pipeline("parenthesized pipeline", "rparen")
            self._depth -= 1
            return pipe
        self._i -= 1
        return None

    # -- running (text/template/exec) ---------------------------------------------

    def render(self, data, missingkey_error=False, funcs=None, partial=False):
        """The template's output for data; InvalidArgument in Go's words when it fails
        (with partial, the output written before the failure instead).  missingkey_error
        makes a map's missing key an error (docker inspect's raw data); funcs replaces
        functions by name (a table header's)."""
        run = _TemplateRun(self, data, missingkey_error, funcs or _template_funcs())
        try:
            try:
                run.walk_list(data, self.root)
            except RecursionError:
                run.error("the data is nested too deeply")
        except _TemplateError:
            if not partial:
                raise
        return "".join(run.out)


def _token_text(token):
    """How Go's parser quotes a token in "unexpected ..." errors."""
    kind, text = token[0], token[1]
    if kind == "eof":
        return "EOF"
    if kind == "error":
        return text
    if kind == "word" and text in _TEMPLATE_KEYWORDS or kind == "dot":
        return "<%s>" % text
    if kind == "left":
        text = "{{"
    if kind == "right":
        text = "}}"
    if len(text) > 10:
        return go_quote(text[:10]) + "..."
    return go_quote(text)


def _template_tokens(text, name):
    """The template's tokens (kind, text, position), ending with "eof" or, at the first
    error, an "error" token holding Go's message.  One pass over the text."""
    tokens, pos, n = [], 0, len(text)
    matcher = _template_token_re().match
    while pos < n:
        left = text.find("{{", pos)
        if left < 0:
            tokens.append(("text", text[pos:], pos))
            pos = n
            break
        trim = text.startswith("-", left + 2) and text[left + 3:left + 4] in (" ", "\t", "\r",
                                                                               "\n")
        chunk = text[pos:left].rstrip(" \t\r\n") if trim else text[pos:left]
        if chunk:
            tokens.append(("text", chunk, pos))
        pos = left + (4 if trim else 2)
        if text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                tokens.append(("error", "unclosed comment", pos))
                return tokens
            pos = end + 2
            if text.startswith("}}", pos):
                pos += 2
            elif text.startswith(" -}}", pos) or text[pos:pos + 1] in ("\t", "\r", "\n") \
                    and text.startswith("-}}", pos + 1):
                pos += 4
                while pos < n and text[pos] in " \t\r\n":
                    pos += 1
            else:
                tokens.append(("error", "comment ends before closing delimiter", pos))
                return tokens
            continue
        tokens.append(("left", "{{", left))
        depth = 0
        while True:
            if pos >= n:
                tokens.append(("error", "unclosed action", pos))
                return tokens
            if text.startswith("}}", pos) or (text[pos] in " \t\r\n" and
                                              text.startswith("-}}", pos + 1)):
                if depth:
                    tokens.append(("error", "unclosed left paren", pos))
                    return tokens
                trim = not text.startswith("}}", pos)
                tokens.append(("right", "}}", pos))
                pos += 4 if trim else 2
                if trim:
                    while pos < n and text[pos] in " \t\r\n":
                        pos += 1
                break
            m = matcher(text, pos)
            kind, value, end = m.lastgroup, m.group(), m.end()
            if kind == "number":
                end, ok = _scan_number(text, pos)
                value = text[pos:end]
                if not ok:
                    tokens.append(("error", "bad number syntax: %s" % go_quote(value), pos))
                    return tokens
            if kind == "space":
                end = m.end()
                if text.startswith("-}}", end - 1) and text[end - 2] in " \t\r\n":
                    end -= 1    # the space before a trim marker belongs to it
                    if end == pos:
                        continue
                value = text[pos:end]
                tokens.append(("space", value, pos))
                pos = end
                continue
            if kind in ("badstring", "badraw", "badchar"):
                what = {"badstring": "unterminated quoted string",
                        "badraw": "unterminated raw quoted string",
                        "badchar": "unterminated character constant"}[kind]
                tokens.append(("error", what, pos))
                return tokens
            if kind == "colon":
                tokens.append(("error", "expected :=", pos))
                return tokens
            if kind == "lparen":
                depth += 1
            elif kind == "rparen":
                depth -= 1
                if depth < 0:
                    tokens.append(("error", "unexpected right paren", pos))
                    return tokens
            elif kind in ("var", "field", "word"):
                after = text[end:end + 1]
                if after and after not in " \t\r\n.,|:()" and not text.startswith("}}", end):
                    tokens.append(("error", "bad character %s" % _go_rune(after), pos))
                    return tokens
            elif kind == "other":
                if value == "=":
                    kind = "assign"
                elif not (" " <= value <= "~"):
                    tokens.append(("error", "unrecognized character in action: %s"
                                   % _go_rune(value), pos))
                    return tokens
            tokens.append((kind, value, pos))
            pos = end
    tokens.append(("eof", "", n))
    return tokens


def _scan_number(text, pos):
    """Go's lexer scanNumber: (end, whether what it took can be a number)."""
    n = len(text)

    def run(i, chars):
        while i < n and text[i] in chars:
            i += 1
        return i
    i = pos + (1 if text[pos] in "+-" else 0)
    digits = "0123456789_"
    if text.startswith("0", i):
        i += 1
        prefix = text[i:i + 1].lower()
        if prefix in ("x", "o", "b"):
            i += 1
            digits = {"x": "0123456789abcdefABCDEF_", "o": "01234567_", "b": "01_"}[prefix]
    i = run(i, digits)
    if text.startswith(".", i):
        i = run(i + 1, digits)
    for marks, when in (("eE", 11), ("pP", 23)):
        if len(digits) == when and text[i:i + 1] and text[i] in marks:
            i = run(i + (2 if text[i + 1:i + 2] in ("+", "-") else 1), "0123456789_")
    if text.startswith("i", i):
        i += 1
    if i < n and (text[i].isalnum() or text[i] == "_"):
        return i + 1, False
    return i, True


def _go_rune(c):
    """Go's %#U of a character: U+0041 'A'."""
    return "U+%04X %s" % (ord(c), "'%s'" % c if c.isprintable() else "")


_GO_UNQUOTE = re.compile(r"\\(?:([abfnrtv\\'\"])|([0-7]{3})|x([0-9a-fA-F]{2})|"
                         r"u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)


def _template_unquote(tree, token, problem="invalid syntax"):
    """Go's strconv.Unquote of a string, raw string or character literal token."""
    kind, text = token[0], token[1]
    if kind == "raw":
        return text[1:-1].replace("\r", "")
    body, quote = text[1:-1], text[0]
    simple = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              "\\": "\\", "'": "'", '"': '"'}

    def one(m):
        if m.group(1) is not None:
            if m.group(1) == ("'" if quote == '"' else '"'):
                raise ValueError
            return simple[m.group(1)]
        if m.group(2) is not None:
            value = int(m.group(2), 8)
            if value > 255:
                raise ValueError
            return chr(value) if value < 128 else bytes((value,)).decode("utf-8",
                                                                        "surrogateescape")
        if m.group(3) is not None:
            value = int(m.group(3), 16)
            return chr(value) if value < 128 else bytes((value,)).decode("utf-8",
                                                                        "surrogateescape")
        if m.group(6) is not None:          # not one of Go's escapes
            raise ValueError
        code = int(m.group(4) or m.group(5), 16)
        if 0xD800 <= code < 0xE000 or code > 0x10FFFF:
            raise ValueError
        return chr(code)
    try:
        if quote == "'" and not body:
            raise ValueError
        value = _GO_UNQUOTE.sub(one, body)
        if quote == "'" and len(value) != 1:
            raise ValueError
    except ValueError:
        tree._error(problem, token)
    return value


def _template_number(tree, token):
    """A number literal's value as Go's parser reads it: an int (decimal, 0x, 0o, 0b or
    leading-0 octal, within int64), else a float; a character constant's code point."""
    text = token[1]
    if token[0] == "char":
        try:
            return ord(_template_unquote(tree, token, "malformed character constant: " + text))
        except TypeError:
            tree._error("malformed character constant: %s" % text, token)
    value = None
    try:
        if re.match(r"[+-]?0[0-7_]+\Z", text):
            value = int(text.replace("_", ""), 8)
        else:
            value = int(text, 0)
    except ValueError:
        try:
            value = float.fromhex(text) if "x" in text.lower() else float(text)
        except ValueError:
            tree._error("illegal number syntax: %s" % go_quote(text), token)
        if not any(c in text for c in ".eEpP"):
            tree._error("integer overflow: %s" % go_quote(text), token)
        return value
    if not -(1 << 63) <= value < 1 << 64:
        tree._error("integer overflow: %s" % go_quote(text), token)
    return value


class _TemplateRun:
    """One execution of a template: variables, output, and what bounds it."""

    def __init__(self, tmpl, data, missingkey_error, funcs):
        self.tmpl = tmpl
        self.vars = [("$", data)]
        self.out = []
        self.size = 0
        self.steps = 0
        self.depth = 0
        self.node = None
        self.missingkey_error = missingkey_error
        self.funcs = funcs
        self.dot_iface = False    # dot is an element of a []interface {} or map being ranged

    def error(self, message):
        """Raise Go's execution error, located at the node being run."""
        name = self.tmpl.name
        node = self.node
        if node is None:
            raise _TemplateError("template: %s: %s" % (name, message))
        text = self.tmpl.text
        start = text.rfind("\n", 0, node.pos) + 1
        column = len(text[start:node.pos].encode("utf-8", "surrogateescape"))
        context = str(node)
        raise _TemplateError('template: %s:%d:%d: executing %s at <%s>: %s'
                             % (name, text.count("\n", 0, node.pos) + 1, column,
                                go_quote(name), context, message))

    def at(self, node):
        self.node = node
        self.steps += 1
        if self.steps > _TEMPLATE_MAX_STEPS:
            self.error("the template took more than %d steps" % _TEMPLATE_MAX_STEPS)

    def write(self, text):
        self.size += len(text)
        if self.size > _TEMPLATE_MAX_OUTPUT:
            self.error("the output is larger than %d characters" % _TEMPLATE_MAX_OUTPUT)
        self.out.append(text)

    def budget(self, size):
        """Refuse to build a string of size characters that could not be written."""
        if size > _TEMPLATE_MAX_OUTPUT - self.size:
            raise _TemplateError("the output is larger than %d characters"
                                 % _TEMPLATE_MAX_OUTPUT)

    # -- walking the tree --

    def walk_list(self, dot, nodes):
        for node in nodes:
            self.walk(dot, node)

    def walk(self, dot, node):
        self.at(node)
        kind = node.kind
        if kind == "text":
            self.write(node.a)
        elif kind == "action":
            value = self.pipeline(dot, node.a)
            if not node.a.a:
                self.at(node)
                self.write(_go_print(value, top=True))
        elif kind in ("if", "with"):
            marker = len(self.vars)
            value = self.pipeline(dot, node.a)
            if _go_truth(value):
                if kind == "with":
                    saved, self.dot_iface = self.dot_iface, False
                    self.walk_list(value, node.b)
                    self.dot_iface = saved
                else:
                    self.walk_list(dot, node.b)
            elif node.c is not None:
                self.walk_list(dot, node.c)
            del self.vars[marker:]
        elif kind == "range":
            self.walk_range(dot, node)
        elif kind == "break":
            raise _Break()
        elif kind == "continue":
            raise _Continue()
        elif kind == "template":
            self.walk_template(dot, node)

    def walk_range(self, dot, node):
        marker = len(self.vars)
        value = self.pipeline(dot, node.a)
        pipe = node.a
        if isinstance(value, dict) and not isinstance(value, (_Row, GoStruct)):
            items = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, (list, tuple)):
            items = enumerate(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            if len(pipe.a) > 1:
                self.error("can't use %s to iterate over more than one variable" % value)
            items = ((i, i) for i in range(max(value, 0)))
        elif value is _MISSING or value is None:
            items = ()
        else:
            self.error("range can't iterate over %s" % _go_print(value))
        inner = len(self.vars)
        ran = False
        saved_iface = self.dot_iface
        self.dot_iface = not isinstance(value, (int, _Strings))
        try:
            for index, elem in items:
                ran = True
                self.at(node)
                if pipe.a:
                    self.set_var(pipe.a[-1] if len(pipe.a) > 1 or not pipe.c else pipe.a[0],
                                 elem, pipe.c)
                    if len(pipe.a) > 1:
                        self.set_var(pipe.a[0], index, pipe.c)
                try:
                    self.walk_list(elem, node.b)
                except _Continue:
                    pass
                del self.vars[inner:]
        except _Break:
            pass
        finally:
            self.dot_iface = saved_iface
        del self.vars[inner:]
        if not ran and node.c is not None:
            self.walk_list(dot, node.c)
        del self.vars[marker:]

    def walk_template(self, dot, node):
        body = self.tmpl.defines.get(node.a)
        if body is None:
            self.error("template %s not defined" % go_quote(node.a))
        value = self.pipeline(dot, node.b) if node.b is not None else None
        self.depth += 1
        if self.depth > _TEMPLATE_MAX_DEPTH:
            self.error("exceeded maximum template depth (%d)" % _TEMPLATE_MAX_DEPTH)
        saved, self.vars = self.vars, [("$", value)]
        saved_iface, self.dot_iface = self.dot_iface, False
        self.walk_list(value, body)
        self.vars, self.dot_iface = saved, saved_iface
        self.depth -= 1

    # -- variables --

    def set_var(self, name, value, assign=False):
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                if assign:
                    self.vars[i] = (name, value)
                    return
                break
        if assign:
            self.error("undefined variable: %s" % name)
        self.vars.append((name, value))

    def var(self, name):
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                return self.vars[i][1]
        self.error("undefined variable: %s" % name)

    # -- evaluation --

    def pipeline(self, dot, pipe):
        self.at(pipe)
        value = _MISSING
        for cmd in pipe.b:
            value = self.command(dot, cmd, value)
        if pipe.a and pipe.kind == "pipe":
            for name in pipe.a:
                self.set_var(name, value, pipe.c)
        return value

    def command(self, dot, cmd, final):
        first = cmd.a[0]
        kind = first.kind
        if kind == "field":
            self.at(first)
            return self.field_chain(dot, dot, first, first.a, cmd.a, final, self.dot_iface)
        if kind == "chain":
            self.at(first)
            return self.chain(dot, first, cmd.a, final)
        if kind == "identifier":
            return self.call(dot, first, cmd, cmd.a, final)
        if kind == "var":
            self.at(first)
            value = self.var(first.a[0])
            if len(first.a) == 1:
                self.not_a_function(cmd.a, final)
                return value
            return self.field_chain(dot, value, first, first.a[1:], cmd.a, final)
        self.at(first)
        self.not_a_function(cmd.a, final)
        if kind == "pipe":
            return self.pipeline(dot, first)
        if kind == "nil":
            self.error("nil is not a command")
        if kind == "dot":
            return dot
        return first.a

    def not_a_function(self, args, final):
        if len(args) > 1 or final is not _MISSING:
            self.error("can't give argument to non-function %s" % args[0])

    def chain(self, dot, node, args, final):
        if not node.b:
            self.error("internal error: no fields in evalChainNode")
        if node.a.kind == "nil":
            self.error("indirection through explicit nil in %s" % node)
        pipe = self.arg(dot, node.a)
        return self.field_chain(dot, pipe, node, node.b, args, final)

    def field_chain(self, dot, receiver, node, names, args, final, iface=False):
        for name in names[:-1]:
            receiver = self.field(dot, name, node, (), _MISSING, receiver, iface)
            iface = True
        return self.field(dot, names[-1], node, args, final, receiver, iface)

    def field(self, dot, name, node, args, final, receiver, iface):
        has_args = len(args) > 1 or final is not _MISSING
        if receiver is _MISSING:
            if self.missingkey_error:
                self.error("nil data; no entry for key %s" % go_quote(name))
            return _MISSING
        methods = getattr(receiver, "methods", None)
        if methods and name in methods:
            params, method = methods[name]
            values = [self.typed_arg(dot, a, params[min(i, len(params) - 1)])
                      for i, a in enumerate(args[1:])]
            if final is not _MISSING:
                values.append(self.check_type(final, params[-1]))
            if len(values) != len(params):
                self.error("wrong number of args for %s: want %d got %d"
                           % (name, len(params), len(values)))
            return method(*values)
        if isinstance(receiver, (_Row, GoStruct)):
            if name in receiver:
                if has_args:
                    self.error("%s has arguments but cannot be invoked as function" % name)
                return receiver[name]
            self.error("can't evaluate field %s in type %s" % (name, receiver.go_type))
        if isinstance(receiver, dict):
            if has_args:
                self.error("%s is not a method but has arguments" % name)
            if name in receiver:
                return receiver[name]
            missing = getattr(receiver, "missing", _MISSING)
            if missing is _MISSING and self.missingkey_error:
                self.error("map has no entry for key %s" % go_quote(name))
            return missing
        if receiver is None or isinstance(receiver, _GoNil):
            self.error("nil pointer evaluating %s.%s"
                       % (getattr(receiver, "go_type", "interface {}"), name))
        self.error("can't evaluate field %s in type %s"
                   % (name, "interface {}" if iface else _go_type_name(receiver)))

    def call(self, dot, ident, cmd, args, final):
        self.at(ident)
        name = ident.a
        spec = self.funcs[name]
        if name in ("and", "or"):
            count = len(args) - 1 + (final is not _MISSING)
            if count < 1:
                self.error("wrong number of args for %s: want at least 1 got 0" % name)
            value = _MISSING
            for a in args[1:]:
                value = self.arg(dot, a)
                if _go_truth(value) == (name == "or"):
                    return value
            if final is not _MISSING:
                value = final
            return value
        if name == "call" and len(args) > 1:
            target = self.arg(dot, args[1])
            self.at(cmd)
            self.error("error calling call: %s" % (
                "call of nil" if target is None or target is _MISSING else
                "non-function %s of type %s" % (args[1], _go_type_name(target))))
        params, variadic, fn = spec
        given = len(args) - 1 + (final is not _MISSING)
        fixed = len(params) - (1 if variadic else 0)
        if variadic and given < fixed:
            self.error("wrong number of args for %s: want at least %d got %d"
                       % (name, fixed, len(args) - 1))
        if not variadic and given != len(params):
            self.error("wrong number of args for %s: want %d got %d" % (name, len(params), given))
        values = []
        for i, a in enumerate(args[1:]):
            values.append(self.typed_arg(dot, a, params[min(i, len(params) - 1)]))
        if final is not _MISSING:
            values.append(self.check_type(final, params[-1]))
        try:
            return fn(self, *values)
        except _TemplateError as e:
            self.at(cmd)
            self.error("error calling %s: %s" % (name, str(e)))

    def arg(self, dot, node):
        """An argument's value, for a parameter of any type."""
        return self.typed_arg(dot, node, "any")

    def typed_arg(self, dot, node, want):
        self.at(node)
        kind = node.kind
        if kind == "dot":
            value = dot
        elif kind == "nil":
            if want in ("any", "[]string"):
                return None
            self.error("cannot assign nil to %s" % want)
        elif kind == "field":
            value = self.field_chain(dot, dot, node, node.a, [node], _MISSING, self.dot_iface)
        elif kind == "var":
            value = self.var(node.a[0])
            if len(node.a) > 1:
                value = self.field_chain(dot, value, node, node.a[1:], [node], _MISSING)
        elif kind == "pipe":
            value = self.pipeline(dot, node)
        elif kind == "identifier":
            value = self.call(dot, node, node, [node], _MISSING)
        elif kind == "chain":
            value = self.chain(dot, node, [node], _MISSING)
        else:
            literal = node.a
            if want == "string" and kind != "string":
                self.error("expected string; found %s" % node)
            if want == "int" and not (kind == "number" and isinstance(literal, int)):
                self.error("expected integer; found %s" % node)
            if want == "[]string":
                self.error("can't handle %s for arg of type []string" % node)
            return literal
        return self.check_type(value, want)

    def check_type(self, value, want):
        """Go's validateType: value as a parameter of type want, or an error."""
        if want == "any" or want == "value":
            return value
        if value is _MISSING:
            if want == "[]string":
                return None
            self.error("invalid value; expected %s" % want)
        ok = (want == "string" and isinstance(value, str) or
              want == "int" and isinstance(value, int) and not isinstance(value, bool) or
              want == "[]string" and (isinstance(value, _Strings) or isinstance(value, list)
                                      and all(isinstance(x, str) for x in value)))
        if not ok:
            self.error("wrong type for value; expected %s; got %s"
                       % (want, _go_type_name(value)))
        return value


def _go_truth(value):
    """Go's truth of a value: false, 0, nil, and empty strings, lists and maps are false."""
    if value is _MISSING or value is None or isinstance(value, _GoNil):
        return False
    if isinstance(value, (_Row, GoStruct)):
        return True
    if isinstance(value, (bool, int, float)):
        return value != 0
    return len(value) > 0


def _go_float(f, exp_limit=21):
    """A float64 as Go's %v prints it: the shortest digits that read back the same, with
    an exponent below 1e-4 or from 1e21 (from 10**exp_limit: %g's is 6)."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    text = repr(float(f))
    mantissa, _, exp = text.partition("e")
    sign = "-" if mantissa.startswith("-") else ""
    mantissa = mantissa.lstrip("-")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0") or "0"
    if frac == "0":
        frac = ""
    point = len(whole) + (int(exp) if exp else 0)      # position of the decimal point
    if whole == "0" and frac:
        point = -(len(frac) - len(frac.lstrip("0"))) + (int(exp) if exp else 0)
        digits = frac.lstrip("0")
    digits = digits.rstrip("0") or "0"
    exponent = point - 1
    if digits == "0":
        return sign + "0"
    if exponent < -4 or exponent >= exp_limit:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return "%s%se%s%02d" % (sign, body, "-" if exponent < 0 else "+", abs(exponent))
    if point <= 0:
        return sign + "0." + "0" * -point + digits
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return sign + digits[:point] + "." + digits[point:]


def _go_print(value, top=False):
    """A value as Go's fmt prints it with %v (at the top of an action, a missing or nil
    value is "<no value>", as text/template prints it)."""
    if value is _MISSING or value is None:
        return "<no value>" if top else "<nil>"
    if isinstance(value, str):
        return value
    if isinstance(value, _GoNil):
        return "<nil>"
    if getattr(value, "text", None) is not None:
        return value.text
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, GoStruct):
        return "{%s}" % " ".join(_go_print(value[k]) for k in value.fields)
    if isinstance(value, _Row):
        return "&{%s}" % " ".join(_go_print(value[k]) for k in value)
    if isinstance(value, dict):
        return "map[%s]" % " ".join("%s:%s" % (k, _go_print(value[k])) for k in sorted(value))
    if isinstance(value, (list, tuple)):
        return "[%s]" % " ".join(_go_print(v) for v in value)
    return str(value)


def _go_sprint(args, spaces_always=False):
    """fmt.Sprint (a space between operands when neither is a string) or Sprintln."""
    out = []
    for i, a in enumerate(args):
        if i and (spaces_always or not (isinstance(a, str) or isinstance(args[i - 1], str))):
            out.append(" ")
        out.append(_go_print(a))
    return "".join(out)


def _go_type_of(value):
    """%T of a value."""
    return "<nil>" if value is None or value is _MISSING else _go_type_name(value)


_PRINTF_VERB = re.compile(r"%([-+# 0]*)(\*|\d+)?(?:(\.)(\*|\d+)?)?(?:\[(\d+)\])?(.?)", re.S)


def _go_sprintf(run, fmt, args):
    """fmt.Sprintf for the values a template holds, with Go's in-band error texts
    (%!d(string=x), %!s(MISSING), %!(EXTRA ...)); widths count against the output."""
    out, used, pos, reordered = [], 0, 0, False
    args = [None if a is _MISSING else a for a in args]
    while True:
        at = fmt.find("%", pos)
        if at < 0:
            out.append(fmt[pos:])
            break
        out.append(fmt[pos:at])
        m = _PRINTF_VERB.match(fmt, at)
        flags, width, dot, prec, index, verb = m.groups()
        pos = m.end()
        sizes = []
        for spec, label in ((width, "WIDTH"), (prec, "PREC")):
            if spec == "*":
                value = args[used] if used < len(args) else None
                used += 1
                if not isinstance(value, int) or isinstance(value, bool) or \
                        not -(1 << 20) < value < 1 << 20:
                    out.append("%!(BAD" + label + ")")
                    value = None
                elif value < 0 and label == "WIDTH":
                    flags, value = flags + "-", -value
                sizes.append(value)
            else:
                sizes.append(int(spec) if spec else None)
        width, prec = sizes[0] or 0, sizes[1] if sizes[1] is not None else (0 if dot else None)
        if index is not None:
            reordered = True
            if not 0 < int(index) <= len(args):
                out.append("%!" + (verb or "") + "(BADINDEX)")
                continue
            used = int(index) - 1
        if not verb:
            out.append("%!(NOVERB)")
            break
        if verb == "%":
            out.append("%")
            continue
        if used >= len(args):
            out.append("%!" + verb + "(MISSING)")
            continue
        value = args[used]
        used += 1
        run.budget(width + (prec or 0))
        out.append(_go_format_value(value, verb, flags, width, prec))
        run.budget(sum(len(x) for x in out))
    if used < len(args) and not reordered:
        out.append("%!(EXTRA " + ", ".join("%s=%s" % (_go_type_of(a), _go_print(a))
                                            for a in args[used:]) + ")")
    return "".join(out)


def _go_pad(text, flags, width, numeric=False):
    if len(text) >= width:
        return text
    if "-" in flags:
        return text + " " * (width - len(text))
    if "0" in flags and numeric:
        sign = text[:1] if text[:1] in "+- " else ""
        return sign + "0" * (width - len(text)) + text[len(sign):]
    return " " * (width - len(text)) + text


def _go_format_value(value, verb, flags, width, prec):
    """One %verb of Sprintf."""
    if verb == "T":
        return _go_pad(_go_type_of(value), flags, width)
    if verb == "v" and "#" not in flags:
        if isinstance(value, float) and prec is not None:
            return _go_pad(_go_format_number(value, "g", flags, prec), flags, width, True)
        if isinstance(value, (bool, int, float)) and not isinstance(value, bool):
            return _go_pad(_go_format_number(value, "d" if isinstance(value, int) else "v",
                                             flags, prec), flags, width, True)
        return _go_pad(_go_print(value), flags, width)
    if isinstance(value, (list, tuple)) and verb not in "sxXq" or \
            isinstance(value, (list, tuple)) and value and not isinstance(value[0], str):
        return _go_pad("[%s]" % " ".join("<nil>" if v is None else
                                          _go_format_value(v, verb, flags, 0, prec)
                                          for v in value), flags, width)
    if value is None:
        return "%!" + verb + "(<nil>)"
    if isinstance(value, bool):
        if verb in "tv":
            return _go_pad("true" if value else "false", flags, width)
    elif isinstance(value, int):
        if verb in "dbcoOqxXUv" or verb in "eEfFgG":
            return _go_pad(_go_format_number(value, verb, flags, prec), flags, width,
                           verb not in "cqU")
    elif isinstance(value, float):
        if verb in "eEfFgGvxX" and not (verb in "xX"):
            return _go_pad(_go_format_number(value, verb, flags, prec), flags, width, True)
    elif isinstance(value, str):
        if verb in "sv":
            text = value[:prec] if prec is not None else value
            return _go_pad(text, flags, width)
        if verb == "q":
            text = value[:prec] if prec is not None else value
            return _go_pad(go_quote(text) if "#" not in flags or "`" in text else
                           "`%s`" % text, flags, width)
        if verb in "xX":
            raw = value.encode("utf-8", "surrogateescape")
            if prec is not None:
                raw = raw[:prec]
            sep = " " if " " in flags else ""
            pre = ("0x" if verb == "x" else "0X") if "#" in flags else ""
            text = sep.join(pre + ("%02x" % b if verb == "x" else "%02X" % b) for b in raw) \
                if sep else pre + "".join("%02x" % b if verb == "x" else "%02X" % b
                                          for b in raw)
            return _go_pad(text, flags, width)
    elif isinstance(value, dict):
        if verb == "s" or verb == "d":
            return _go_pad(_go_print(value), flags, width)
    return "%!" + verb + "(" + _go_type_of(value) + "=" + _go_print(value) + ")"


def _go_format_number(value, verb, flags, prec):
    sign = "+" if "+" in flags else " " if " " in flags else ""
    if isinstance(value, int):
        if verb in "eEfFgG":
            return "%!" + verb + "(int=" + str(value) + ")"
        if verb == "c":
            return chr(value) if 0 <= value <= 0x10FFFF and not 0xD800 <= value < 0xE000 \
                else "\ufffd"
        if verb == "q":
            return "'%s'" % go_quote(chr(value) if 0 <= value <= 0x10FFFF else "\ufffd")[1:-1]
        if verb == "U":
            return "U+%04X" % value
        base = {"b": "b", "o": "o", "O": "o", "x": "x", "X": "X"}.get(verb, "d")
        digits = format(abs(value), base)
        if prec is not None:
            digits = digits.rjust(prec, "0")
        if "#" in flags or verb == "O":
            digits = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(base, "") + digits \
                if verb != "O" else "0o" + digits
        return ("-" if value < 0 else sign) + digits
    if verb == "v":
        text = _go_float(value)
    elif verb in "gG":
        text = _go_float(value, 6) if prec is None else "%.*g" % (max(prec, 1), value)
        if verb == "G":
            text = text.upper()
    else:
        text = ("%." + str(6 if prec is None else prec) + verb.lower()) % value
        if verb in "EF":
            text = text.upper()
    if text[:1] != "-" and sign:
        text = sign + text
    return text


def _tf_len(run, item):
    if item is None or item is _MISSING:
        raise _TemplateError("len of nil pointer")
    if isinstance(item, str):
        return len(item.encode("utf-8", "surrogateescape"))
    if isinstance(item, (list, tuple, dict)) and not isinstance(item, (_Row, GoStruct)):
        return len(item)
    raise _TemplateError("len of type %s" % _go_type_name(item))


def _go_index_number(index, size, what="index"):
    if index is None or index is _MISSING:
        raise _TemplateError("cannot index slice/array with nil")
    if not isinstance(index, int) or isinstance(index, bool):
        raise _TemplateError("cannot index slice/array with type %s" % _go_type_name(index))
    if index < 0 or index > size:
        raise _TemplateError("index out of range: %d" % index)
    return index


def _tf_index(run, item, *indexes):
    if item is None or item is _MISSING:
        raise _TemplateError("index of untyped nil")
    for index in indexes:
        if item is None:
            raise _TemplateError("index of nil pointer")
        if isinstance(item, (_Row, GoStruct)):
            raise _TemplateError("can't index item of type %s" % item.go_type)
        if isinstance(item, (list, tuple, str)):
            raw = item.encode("utf-8", "surrogateescape") if isinstance(item, str) else item
            i = _go_index_number(index, len(raw))
            if i == len(raw):
                raise _TemplateError("index out of range: %d" % i)
            item = raw[i]
        elif isinstance(item, dict):
            if index is None or index is _MISSING:
                raise _TemplateError("value is nil; should be of type string")
            if not isinstance(index, str):
                raise _TemplateError("value has type %s; should be string"
                                     % _go_type_name(index))
            item = item.get(index, _MISSING)
        else:
            raise _TemplateError("can't index item of type %s" % _go_type_name(item))
    return item


def _tf_slice(run, item, *indexes):
    if item is None or item is _MISSING:
        raise _TemplateError("slice of untyped nil")
    if len(indexes) > 3:
        raise _TemplateError("too many slice indexes: %d" % len(indexes))
    if isinstance(item, str):
        if len(indexes) == 3:
            raise _TemplateError("cannot 3-index slice a string")
        raw = item.encode("utf-8", "surrogateescape")
    elif isinstance(item, (list, tuple)) and not isinstance(item, (_Row, GoStruct)):
        raw = item
    else:
        raise _TemplateError("can't slice item of type %s" % _go_type_name(item))
    bounds = [0, len(raw)]
    for i, index in enumerate(indexes[:2]):
        bounds[i] = _go_index_number(index, len(raw))
    if bounds[0] > bounds[1]:
        raise _TemplateError("invalid slice index: %d > %d" % tuple(bounds))
    part = raw[bounds[0]:bounds[1]]
    return part.decode("utf-8", "surrogateescape") if isinstance(item, str) else part


def _go_comparable_kind(v):
    if v is None or v is _MISSING:
        return None
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return "other"


def _tf_eq(run, first, *others):
    if not others:
        raise _TemplateError("missing argument for comparison")
    k1 = _go_comparable_kind(first)
    for other in others:
        k2 = _go_comparable_kind(other)
        if k1 != k2:
            if k1 is not None and k2 is not None:
                raise _TemplateError("incompatible types for comparison: %s and %s"
                                     % (_go_type_name(first), _go_type_name(other)))
            continue
        if k1 == "other":
            raise _TemplateError("non-comparable type %s: %s" % (
                _go_format_value(first, "s", "", 0, None), _go_type_name(first)))
        if k1 is None or first == other:
            return True
    return False


def _tf_less(run, a, b):
    ka, kb = _go_comparable_kind(a), _go_comparable_kind(b)
    if ka in (None, "other") or kb in (None, "other"):
        raise _TemplateError("invalid type for comparison")
    if ka != kb:
        raise _TemplateError("incompatible types for comparison: %s and %s"
                             % (_go_type_name(a), _go_type_name(b)))
    if ka == "bool":
        raise _TemplateError("invalid type for comparison")
    return a < b


def _go_title(text):
    """strings.Title: each letter after a separator upper-cased, the rest left alone."""
    def separator(c):
        if c < "\x80":
            return not (c.isalnum() or c == "_")
        return not c.isalnum() and c.isspace()
    out, previous = [], " "
    for c in text:
        out.append(c.upper() if separator(previous) else c)
        previous = c
    return "".join(out)


def _js_escape(text):
    out = []
    for c in text:
        if c in "\\'\"":
            out.append("\\" + c)
        elif c in "<>&=":
            out.append("\\u%04X" % ord(c))
        elif c < " " or not c.isprintable():
            out.append("\\u%04X" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def _escaper_text(args):
    return args[0] if len(args) == 1 and isinstance(args[0], str) else _go_sprint(args)


def _tf_pad(run, text, before, after):
    if text == "":
        return text
    if before < 0 or after < 0:
        raise _TemplateError("strings: negative Repeat count")
    run.budget(before + len(text) + after)
    return " " * before + text + " " * after


def _tf_truncate(run, text, length):
    raw = text.encode("utf-8", "surrogateescape")
    if len(raw) < length:
        return text
    if length < 0:
        raise _TemplateError("runtime error: slice bounds out of range [:%d]" % length)
    return raw[:length].decode("utf-8", "surrogateescape")


def _tf_json(run, value):
    try:
        return go_json(_json_order(value), escape_html=isinstance(value, _Row))
    except ValueError as e:
        raise _TemplateError("json: unsupported value: %s" % e)


def _json_order(value):
    """A template value as json.Marshal orders it: a map's keys sorted, a typed struct's
    fields in declaration order by their JSON names."""
    if value is _MISSING or isinstance(value, _GoNil):
        return None
    if isinstance(value, GoStruct):
        value = value.json_data()
        return dict((k, _json_order(v)) for k, v in value.items())
    if isinstance(value, dict):
        return dict((k, _json_order(value[k])) for k in sorted(value))
    if isinstance(value, (list, tuple)):
        return [_json_order(v) for v in value]
    return value


def _tf_call(run, fn, *args):
    raise _TemplateError("non-function %s of type %s" % (_go_print(fn), _go_type_of(fn)))


_TEMPLATE_FUNCS = {}


def _template_funcs():
    """Name -> (parameter types, variadic, function(run, *values)): Go's builtins and
    docker's (cli/templates), made on first use."""
    if _TEMPLATE_FUNCS:
        return _TEMPLATE_FUNCS
    up = urllib.parse
    _TEMPLATE_FUNCS.update({
        "and": None, "or": None,
        "not": (("any",), False, lambda r, a: not _go_truth(a)),
        "len": (("any",), False, _tf_len),
        "index": (("any", "any"), True, _tf_index),
        "slice": (("any", "any"), True, _tf_slice),
        "print": (("any",), True, lambda r, *a: _go_sprint(a)),
        "println": (("any",), True, lambda r, *a: _go_sprint(a, True) + "\n"),
        "printf": (("string", "any"), True, lambda r, f, *a: _go_sprintf(r, f, a)),
        "html": (("any",), True, lambda r, *a: _escaper_text(a).replace("&", "&amp;").replace(
            "'", "&#39;").replace("<", "&lt;").replace(">", "&gt;").replace(
            '"', "&#34;").replace("\0", "\ufffd")),
        "js": (("any",), True, lambda r, *a: _js_escape(_escaper_text(a))),
        "urlquery": (("any",), True, lambda r, *a: up.quote_plus(_escaper_text(a), safe="")),
        "eq": (("any", "any"), True, _tf_eq),
        "ne": (("any", "any"), False, lambda r, a, b: not _tf_eq(r, a, b)),
        "lt": (("any", "any"), False, _tf_less),
        "le": (("any", "any"), False, lambda r, a, b: _tf_less(r, a, b) or _tf_eq(r, a, b)),
        "gt": (("any", "any"), False, lambda r, a, b: not (_tf_less(r, a, b) or
                                                            _tf_eq(r, a, b))),
        "ge": (("any", "any"), False, lambda r, a, b: not _tf_less(r, a, b)),
        "call": (("any", "any"), True, _tf_call),
        "json": (("any",), False, _tf_json),
        "split": (("string", "string"), False,
                  lambda r, s, sep: _Strings(s.split(sep) if sep else list(s))),
        "join": (("[]string", "string"), False, lambda r, v, sep: sep.join(v or ())),
        "title": (("string",), False, lambda r, s: _go_title(s)),
        "lower": (("string",), False, lambda r, s: s.lower()),
        "upper": (("string",), False, lambda r, s: s.upper()),
        "pad": (("string", "int", "int"), False, _tf_pad),
        "truncate": (("string", "int"), False, _tf_truncate),
    })
    return _TEMPLATE_FUNCS


def render_template(template, obj):
    """Render a Go-template --format string against one object."""
    return Template(template).render(obj)


class _CLIStatus(DockerException):
    """A command's failure with docker's exit status for it (cli_status) and message."""

    def __init__(self, message, cli_status=1):
        super().__init__(message)
        self.cli_status = cli_status


def _quiet_format(args, quiet):
    """The format a list command uses: with -q and no format of its own (or "table"),
    its quiet one."""
    return quiet if args.quiet and args.format in (None, "", "table") else args.format


def _header_funcs():
    """A table header is rendered with these in place of docker's own (cli/templates
    HeaderFunctions): they give the column title back as it is."""
    same = lambda r, v, *rest: v
    return dict(_template_funcs(), **{name: (("string",) * arity, False, same) for name, arity in
                                       (("json", 1), ("split", 2), ("join", 2), ("title", 1),
                                        ("lower", 1), ("upper", 1), ("truncate", 2))})


def _parse_format(text, problem="template parsing error: ", status=1, name=""):
    """A --format template parsed, or _CLIStatus with docker's words and exit status."""
    try:
        return Template(text, name)
    except InvalidArgument as e:
        raise _CLIStatus(problem + str(e), status)


def _render(tmpl, data, problem="template parsing error: ", **options):
    try:
        return tmpl.render(data, **options)
    except InvalidArgument as e:
        raise _CLIStatus(problem + str(e))


def _format_rows(stdio, rows, fmt, default, header, raw=None,
                 problems=("template parsing error: ", "template parsing error: ")):
    """Write rows (each a _Row) as docker's formatter does with --format FMT: "table"
    (or nothing) for the command's default, "table TEMPLATE" for a table under a header
    (header: the column titles by field; a failing header shows what it rendered),
    "json" for {{json .}} a row, "raw" for the command's raw format, or a template a
    row; \\t and \\n in FMT are tab and newline.  problems prefix a parse and an
    execution error."""
    fmt = default if fmt in (None, "", "table") else raw if fmt == "raw" and raw else fmt
    table = fmt.startswith("table")
    body = "{{json .}}" if fmt == "json" else fmt[5:] if table else fmt
    body = body.strip(" ").replace("\\t", "\t").replace("\\n", "\n")
    tmpl = _parse_format(body, problems[0])
    lines = [_render(tmpl, r, problems[1]) + "\n" for r in rows]
    if not table:
        stdio.write("".join(lines))
        return
    title = tmpl.render(_Header(header), funcs=_header_funcs(), partial=True)
    text = title + "\n" + "".join(lines)
    stdio.write(tabulate([line.split("\t") for line in text[:-1].split("\n")]))


class _Stdio:
    """Where CLI commands write: stdout and stderr text streams."""

    def __init__(self, out=None, err=None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def write(self, text):
        _write_text(self.out, text)

    def error(self, text):
        _write_text(self.err, text if text.endswith("\n") else text + "\n")

    def write_bytes(self, data, err=False):
        """Container output, as bytes where the stream takes them, flushed at once."""
        stream = self.err if err else self.out
        buf = getattr(stream, "buffer", None)
        if buf is not None:
            buf.write(data)
            buf.flush()
        else:
            stream.write(data.decode("utf-8", "replace"))
            stream.flush()


def _write_text(stream, text):
    """Write text that may not encode as the stream wants (a C locale's ASCII on Python
    3.6, a lone surrogate from a template's "\\xff" or a daemon's "\\ud800") as UTF-8:
    an escaped byte as itself, any other surrogate as U+FFFD, as Go prints them."""
    try:
        stream.write(text)
        return
    except UnicodeEncodeError:
        pass
    text = re.sub("[\ud800-\udfff]", lambda m: m.group() if "\udc80" <= m.group() <= "\udcff"
                  else "\ufffd", text)
    data = text.encode("utf-8", "surrogateescape")
    buf = getattr(stream, "buffer", None)
    if buf is not None:
        stream.flush()
        buf.write(data)
    else:
        stream.write(data.decode("utf-8", "replace"))


# ---- commands ----

def _version_server(v):
    """The daemon's /version as the docker CLI keeps it (types.Version, JSON names): the
    Engine's component with its build time reformatted, or one made up from the top-level
    fields for a server (Podman) that names none."""
    v = as_go_type(v, "types.Version")
    components = [dict(c, Details=dict(c["Details"])) for c in v["Components"]]
    engine = [c for c in components if c["Name"] == "Engine"]
    for c in engine:
        if "BuildTime" in c["Details"]:
            c["Details"]["BuildTime"] = _ansic(c["Details"]["BuildTime"])
    if not engine:
        components.append({"Name": "Engine", "Version": v["Version"], "Details": {
            "ApiVersion": v["ApiVersion"], "Arch": v["Arch"], "BuildTime": _ansic(v["BuildTime"]),
            "Experimental": str(bool(v["Experimental"])).lower(), "GitCommit": v["GitCommit"],
            "GoVersion": v["GoVersion"], "MinAPIVersion": v["MinAPIVersion"], "Os": v["Os"]}})
    return dict(v, Components=components)


def _client_version(client, api_version=None):
    """docksock as docker's clientVersion describes the CLI (JSON names)."""
    import platform
    out = {"Version": __version__, "DefaultAPIVersion": MAX_API_VERSION,
           "GoVersion": "python" + platform.python_version(), "Os": sys.platform,
           "Arch": _go_arch(), "Context": client.api.endpoint.context}
    if api_version:
        out["ApiVersion"] = api_version
    return out


def _cmd_version(client, args, stdio):
    import platform
    try:
        server, error = _version_server(client.version()), None
    except DockerException as e:
        server, error = None, e
    try:
        api_version = client.api.api_version
    except DockerException:
        api_version = MAX_API_VERSION       # what docker shows when the daemon is away
    client_info = _client_version(client, api_version)
    if args.format:
        # docker's versionInfo, through a tabwriter (cells of 20, padding 1) as docker's
        tmpl = _parse_format("{{json .}}" if args.format == "json" else args.format,
                             status=64, name="version")
        info = as_go_type({"Client": client_info, "Server": server}, "system.versionInfo", True)
        try:
            text = tmpl.render(info)
        except InvalidArgument as e:
            text, error = tmpl.render(info, partial=True), error or _CLIStatus(str(e))
        stdio.write(tabulate([line.split("\t") for line in (text + "\n").split("\n")][:-1],
                             padding=1, minwidth=20))
        if error is not None:
            raise error
        return 0
    lines = ["Client:",
             " Version:\t%s (docksock)" % __version__,
             " API version:\t%s" % api_version
             + ("" if api_version == MAX_API_VERSION
                else " (downgraded from %s)" % MAX_API_VERSION),
             " Python version:\t%s" % platform.python_version(),
             " OS/Arch:\t%s/%s" % (sys.platform, _go_arch()),
             " Context:\t%s" % client.api.endpoint.context]
    stdio.write(_kv_table(lines))
    if error is not None:
        raise error
    name = server["Platform"]["Name"]
    out = ["", "Server:" + (" " + name if name else "")]
    for comp in server["Components"]:
        details = comp["Details"]
        out.append(" %s:" % comp["Name"])
        if comp["Name"] == "Engine":
            out += ["  Version:\t%s" % comp["Version"],
                    "  API version:\t%s (minimum version %s)"
                    % (details.get("ApiVersion", ""), details.get("MinAPIVersion", "")),
                    "  Go version:\t%s" % details.get("GoVersion", ""),
                    "  Git commit:\t%s" % details.get("GitCommit", ""),
                    "  Built:\t%s" % details.get("BuildTime", ""),
                    "  OS/Arch:\t%s/%s" % (details.get("Os", ""), details.get("Arch", "")),
                    "  Experimental:\t%s" % details.get("Experimental", "")]
        else:
            out.append("  Version:\t%s" % comp["Version"])
            out += ["  %s:\t%s" % (key, details[key]) for key in sorted(details)]
    stdio.write(_kv_table(out))
    return 0


def _go_arch():
    import platform
    m = platform.machine().lower()
    return {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "i686": "386"}.get(m, m)


def _kv_table(lines):
    """docker version's layout: tab-separated label cells padded to 20 columns."""
    out = []
    for line in lines:
        if "\t" in line:
            label, value = line.split("\t", 1)
            out.append(label.ljust(max(20, len(label) + 1)) + value)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _struct(go_type, pairs):
    """A GoStruct of docker's own (not the daemon's) made field by field: pairs are
    (JSON name, Go name, omitempty, value)."""
    return GoStruct(go_type, [(j, g, omit, "any") for j, g, omit, _ in pairs],
                    dict((g, v) for _, g, _, v in pairs))


def _cmd_info(client, args, stdio):
    gopts = args.globals
    debug = bool(gopts.debug or gopts.log_level in ("debug", "trace"))
    if args.format:
        fmt = "{{json .}}" if args.format == "json" else args.format
        tmpl = _parse_format(fmt, status=64)
        client_info = as_go_type(dict(_client_version(client), Debug=debug, Plugins=[]),
                                 "system.clientInfo", True)
        needs_server = fmt == "{{json .}}" or not re.search(r"\.[a-zA-Z]", fmt)
        if not needs_server:    # docker asks the daemon only for what the template needs
            try:
                tmpl.render(_struct("system.sparseInfo", [
                    ("ClientInfo", "ClientInfo", True, client_info),
                    ("ClientErrors", "ClientErrors", True, None)]))
            except InvalidArgument:
                needs_server = True
        fields, error = [], None
        if needs_server:
            try:
                info = as_go_type(client.info(), "system.Info", True)
                fields = [(j, g, omit, info[g]) for j, g, omit, _ in info.spec]
            except DockerException as e:
                error = e
        # docker's dockerInfo: the daemon's system.Info embedded (nil when it failed)
        data = _struct("system.dockerInfo", fields + [
            ("ServerErrors", "ServerErrors", True, None),
            ("ClientInfo", "ClientInfo", True, client_info),
            ("ClientErrors", "ClientErrors", True, None)])
        try:
            stdio.write(tmpl.render(data) + "\n")
        except InvalidArgument as e:
            stdio.write(tmpl.render(data, partial=True) + "\n")
            raise _CLIStatus(str(e))
        if error is not None:
            raise error
        return 0
    out = ["Client:", " Version:    " + __version__,
           " Context:    " + client.api.endpoint.context, " Debug Mode: " + _go_print(debug), "",
           "Server:"]
    try:
        info = as_go_type(client.info(), "system.Info")
    except DockerException:
        stdio.write("\n".join(out) + "\n")
        raise
    out += _info_server_lines(info, debug, _hub_username(args.globals.config))
    stdio.write("\n".join(out) + "\n\n")
    for warning in info["Warnings"]:
        stdio.error(warning)
    return 0


def _hub_username(cfg_dir):
    """The Docker Hub user config.json's auths name (docker info's "Username:" line)."""
    import base64
    entry = ((load_config(cfg_dir).get("auths") or {}).get(INDEX_SERVER) or {})
    try:
        return base64.b64decode(entry.get("auth") or "").decode("utf-8").partition(":")[0]
    except (ValueError, UnicodeDecodeError):
        return ""


def _info_server_lines(i, debug, username=""):
    """docker info's Server section (cli/command/system/info.go), line by line, for a
    system.Info as as_go_type reads it."""
    w = []

    def line(label, value, if_set=False):
        if not if_set or value:
            w.append("%s %s" % (label, _go_print(value)))

    def pairs(rows, indent):      # [][2]string: Go pads a short pair, drops the rest
        return ["%s%s: %s" % ((indent,) + tuple((row + ["", ""])[:2])) for row in rows]
    line(" Containers:", i["Containers"])
    for key in ("Running", "Paused", "Stopped"):
        line("  %s:" % key, i["Containers" + key])
    line(" Images:", i["Images"])
    line(" Server Version:", i["ServerVersion"], True)
    line(" Storage Driver:", i["Driver"], True)
    w += pairs(i["DriverStatus"], "  ") + pairs(i["SystemStatus"], " ")
    for label, key in ((" Logging Driver:", "LoggingDriver"), (" Cgroup Driver:", "CgroupDriver"),
                       (" Cgroup Version:", "CgroupVersion")):
        line(label, i[key], True)
    plugins = i["Plugins"]
    w.append(" Plugins:")
    line("  Volume:", " ".join(plugins["Volume"]))
    line("  Network:", " ".join(plugins["Network"]))
    if plugins["Authorization"]:
        line("  Authorization:", " ".join(plugins["Authorization"]))
    line("  Log:", " ".join(plugins["Log"]))
    if i["CDISpecDirs"]:
        w += [" CDI spec directories:"] + ["  " + d for d in i["CDISpecDirs"]]
    if i["DiscoveredDevices"]:
        w += [" Discovered Devices:"] + ["  %s: %s" % (d["Source"], d["ID"])
                                         for d in i["DiscoveredDevices"]]
    swarm = i["Swarm"]
    line(" Swarm:", swarm["LocalNodeState"])
    w += _info_swarm_lines(swarm)
    if i["Runtimes"]:
        line(" Runtimes:", " ".join(sorted(i["Runtimes"])))
        line(" Default Runtime:", i["DefaultRuntime"])
    if i["OSType"] == "linux":
        line(" Init Binary:", i["InitBinary"])
        for label, key in ((" containerd version:", "ContainerdCommit"),
                           (" runc version:", "RuncCommit"), (" init version:", "InitCommit")):
            line(label, i[key]["ID"])
        if i["SecurityOptions"]:
            w.append(" Security Options:")
            for opt in i["SecurityOptions"]:
                fields = dict(kv.split("=", 1) for kv in opt.split(",") if "=" in kv) \
                    if opt.startswith("name=") else {"name": opt}
                w.append("  " + fields.get("name", ""))
                if "profile" in fields:
                    w.append("   Profile: " + fields["profile"])
    if i["OSType"] == "windows":
        line(" Default Isolation:", i["Isolation"])
    for label, key in ((" Kernel Version:", "KernelVersion"),
                       (" Operating System:", "OperatingSystem"), (" OSType:", "OSType"),
                       (" Architecture:", "Architecture")):
        line(label, i[key], True)
    line(" CPUs:", i["NCPU"])
    line(" Total Memory:", human_size(i["MemTotal"], 4, binary=True))
    line(" Name:", i["Name"], True)
    line(" ID:", i["ID"], True)
    line(" Docker Root Dir:", i["DockerRootDir"])
    line(" Debug Mode:", i["Debug"])
    if i["Debug"] or debug:
        line("  File Descriptors:", i["NFd"])
        line("  Goroutines:", i["NGoroutines"])
        line("  System Time:", i["SystemTime"])
        line("  EventsListeners:", i["NEventsListener"])
    for label, key in ((" HTTP Proxy:", "HttpProxy"), (" HTTPS Proxy:", "HttpsProxy"),
                       (" No Proxy:", "NoProxy")):
        line(label, i[key], True)
    line(" Username:", username, True)
    if i["Labels"]:
        w += [" Labels:"] + ["  " + label for label in i["Labels"]]
    line(" Experimental:", i["ExperimentalBuild"])
    registry = i["RegistryConfig"]
    if registry is not None and (registry["InsecureRegistryCIDRs"] or
                                 registry["IndexConfigs"]):
        indexes = registry["IndexConfigs"]
        w.append(" Insecure Registries:")
        w += ["  " + indexes[k]["Name"] for k in sorted(indexes)
              if indexes[k] is not None and not indexes[k]["Secure"]]
        w += ["  " + cidr for cidr in registry["InsecureRegistryCIDRs"]]
    if registry is not None and registry["Mirrors"]:
        w += [" Registry Mirrors:"] + ["  " + m for m in registry["Mirrors"]]
    line(" Live Restore Enabled:", i["LiveRestoreEnabled"])
    line(" Product License:", i["ProductLicense"], True)
    if i["DefaultAddressPools"]:
        w.append(" Default Address Pools:")
        w += ["   Base: %s, Size: %d" % (p["Base"], p["Size"]) for p in i["DefaultAddressPools"]]
    return w


def _info_swarm_lines(s):
    """The swarm's lines of docker info, for a node in a swarm (a swarm.Info)."""
    state = s["LocalNodeState"]
    if state in ("inactive", "locked", ""):
        return []
    w = ["  NodeID: %s" % s["NodeID"]]
    if s["Error"]:
        w.append("  Error: %s" % s["Error"])
    w.append("  Is Manager: %s" % _go_print(s["ControlAvailable"]))
    cluster = s["Cluster"]
    if cluster is not None and s["ControlAvailable"] and not s["Error"] and state != "error":
        spec = cluster["Spec"]
        raft, ca = spec["Raft"], spec["CAConfig"]
        w += ["  ClusterID: %s" % cluster["ID"], "  Managers: %d" % s["Managers"],
              "  Nodes: %d" % s["Nodes"]]
        if cluster["DefaultAddrPool"] is not None:
            w.append("  Default Address Pool: %s" % "".join(p + "  " for p in
                                                           cluster["DefaultAddrPool"]))
            w.append("  SubnetSize: %d" % cluster["SubnetSize"])
        if cluster["DataPathPort"]:
            w.append("  Data Path Port: %d" % cluster["DataPathPort"])
        limit = spec["Orchestration"]["TaskHistoryRetentionLimit"]
        w += ["  Orchestration:", "   Task History Retention Limit: %d" % (limit or 0),
              "  Raft:", "   Snapshot Interval: %d" % raft["SnapshotInterval"]]
        if raft["KeepOldSnapshots"] is not None:
            w.append("   Number of Old Snapshots to Retain: %d" % raft["KeepOldSnapshots"])
        w += ["   Heartbeat Tick: %d" % raft["HeartbeatTick"],
              "   Election Tick: %d" % raft["ElectionTick"], "  Dispatcher:",
              "   Heartbeat Period: %s" % human_duration(
                  spec["Dispatcher"]["HeartbeatPeriod"] / 1e9),
              "  CA Configuration:",
              "   Expiry Duration: %s" % human_duration(ca["NodeCertExpiry"] / 1e9),
              "   Force Rotate: %d" % ca["ForceRotate"]]
        if ca["SigningCACert"].strip():
            w.append("   Signing CA Certificate: \n%s\n" % ca["SigningCACert"].strip())
        if ca["ExternalCAs"]:
            w += ["   External CAs:"] + ["     %s: %s" % (e["Protocol"], e["URL"])
                                         for e in ca["ExternalCAs"] if e is not None]
        w += ["  Autolock Managers: %s" % _go_print(spec["EncryptionConfig"]["AutoLockManagers"]),
              "  Root Rotation In Progress: %s" % _go_print(cluster["RootRotationInProgress"])]
    w.append("  Node Address: %s" % s["NodeAddr"])
    managers = sorted(m["Addr"] for m in s["RemoteManagers"])
    if managers:
        w += ["  Manager Addresses:"] + ["   " + m for m in managers]
    return w


def _go_time(ts, layout="%Y-%m-%d %H:%M:%S %z %Z"):
    """A unix time as Go's time.Time.String() prints it (or another strftime layout),
    in local time; a time beyond the C library's range in UTC, as Go still prints it."""
    try:
        return time.strftime(layout, time.localtime(ts))
    except (OverflowError, OSError, ValueError):
        days, seconds = divmod(int(ts), 86400)
        era, day = divmod(days + 719468, 146097)          # civil date from days (Hinnant)
        year = (day - day // 1460 + day // 36524 - day // 146096) // 365
        day -= 365 * year + year // 4 - year // 100
        month = (5 * day + 2) // 153
        date = (year + era * 400 + (month >= 10), month + 3 if month < 10 else month - 9,
                day - (153 * month + 2) // 5 + 1)
        return layout.replace("%Y", str(date[0])).replace("%m", "%02d" % date[1]).replace(
            "%d", "%02d" % date[2]).replace("%H", "%02d" % (seconds // 3600)).replace(
            "%M", "%02d" % (seconds // 60 % 60)).replace("%S", "%02d" % (seconds % 60)).replace(
            "%z", "+0000").replace("%Z", "UTC")


def _rfc3339(ts):
    """A unix time as Go formats it with time.RFC3339, in local time."""
    text = _go_time(ts, "%Y-%m-%dT%H:%M:%S%z")
    return text[:-5] + "Z" if text.endswith("+0000") else text[:-2] + ":" + text[-2:]


def _ago_seconds(then, now):
    """docker's "N units ago" of a time: Go's time.Sub saturates at 292 years."""
    return human_duration(max(-9223372036.0, min(now - then, 9223372036.0))) + " ago"


def _labels_text(labels):
    """The LABELS column: k=v strings sorted and joined with commas, as docker ps does."""
    return ",".join(sorted("%s=%s" % kv for kv in (labels or {}).items()))


_PS_HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND",
               "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS",
               "State": "STATE", "Status": "STATUS", "Size": "SIZE", "Names": "NAMES",
               "Labels": "LABELS", "Mounts": "MOUNTS", "Networks": "NETWORKS",
               "LocalVolumes": "LOCAL VOLUMES", "Platform": "PLATFORM"}
_PS_TABLE = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t" \
            "{{.Ports}}\\t{{.Names}}"


_PS_RAW = "container_id: {{.ID}}\\nimage: {{.Image}}\\ncommand: {{.Command}}\\ncreated_at: " \
    "{{.CreatedAt}}\\nstate: {{- pad .State 1 0}}\\nstatus: {{- pad .Status 1 0}}\\nnames: " \
    "{{.Names}}\\nlabels: {{- pad .Labels 1 0}}\\nports: {{- pad .Ports 1 0}}\\n"


def _ps_context(c, now, trunc):
    """docker ps's fields for one container (a container.Summary, as as_go_type reads it):
    its ContainerContext (cli/command/formatter/container.go)."""
    image = c["Image"] or "<no image>"
    if trunc and c["Image"]:
        if truncate_id(c["ImageID"]) == truncate_id(image):
            image = truncate_id(image)
        else:
            repo, tag, digest = split_reference(image)
            image = familiar_name(repo + (":" + tag if tag else ""))
    names = [n[1:] for n in c["Names"]]
    if trunc:
        names = [n for n in names if "/" not in n][:1] or names
    mounts = [m["Name"] or m["Source"] for m in c["Mounts"]]
    size = human_size(c["SizeRw"])
    if c["SizeRootFs"] > 0:
        size += " (virtual %s)" % human_size(c["SizeRootFs"])
    platform = as_go_type(c.get("ImageManifestDescriptor"), "*ocispec.Descriptor", True)
    if platform is not None and platform["Platform"] is not None:
        platform = platform["Platform"]
        platform.go_type = "*formatter.Platform"
        platform.text = "/".join(platform[k] for k in ("OS", "Architecture", "Variant")
                                 if platform[k])
    else:
        platform = _GoNil("*formatter.Platform")
    return _Row([
        ("ID", truncate_id(c["Id"]) if trunc else c["Id"]), ("Image", image),
        ("Command", go_quote(ellipsis(c["Command"], 20) if trunc else c["Command"])),
        ("CreatedAt", _go_time(c["Created"])), ("RunningFor", _ago_seconds(c["Created"], now)),
        ("Ports", displayable_ports(c["Ports"])), ("State", c["State"]),
        ("Status", c["Status"]), ("Size", size), ("Names", ",".join(names)),
        ("Labels", _labels_text(c["Labels"])),
        ("Mounts", ",".join(ellipsis(m, 15) if trunc else m for m in mounts)),
        ("Networks", ",".join(sorted(c["NetworkSettings"]["Networks"]))),
        ("LocalVolumes", str(sum(1 for m in c["Mounts"] if m["Driver"] == "local"))),
        ("Platform", platform)],
        "*formatter.ContainerContext", _label_method(c["Labels"]))


class _UsageProbe(_Row):
    """An empty row that records the fields a template reads (docker ps asks the daemon
    for sizes only when the format reads .Size)."""

    def __getitem__(self, name):
        self.used.add(name)
        return super().__getitem__(name)


def _cmd_ps(client, args, stdio):
    fmt, trunc, now = args.format, not args.no_trunc, time.time()
    size = args.size
    if fmt and not args.quiet and not size:
        # As docker: the format as given runs over an empty row; sizes cost the daemon a
        # disk walk, so they are asked for only when it reads .Size.
        empty = as_go_type({}, "container.Summary")
        probe = _UsageProbe(_ps_context(empty, now, trunc), "*formatter.ContainerContext",
                            _label_method({}))
        probe.used = set()
        _render(_parse_format(fmt, "failed to parse template: "), probe,
                "failed to execute template: ")
        size = "Size" in probe.used
    items = as_go_type(client.api.containers(all=args.all, filters=_parse_filters(args.filter),
                                         limit=1 if args.latest else args.last, size=size),
                   "[]container.Summary")
    if args.quiet:
        stdio.write("".join((truncate_id(c["Id"]) if trunc else c["Id"]) + "\n" for c in items))
        return 0
    rows = [_ps_context(c, now, trunc) for c in items]
    _format_rows(stdio, rows, fmt, _PS_TABLE + ("\\t{{.Size}}" if args.size else ""),
                 _PS_HEADERS, _PS_RAW + ("size: {{.Size}}\\n" if args.size else ""),
                 ("failed to parse template: ", "failed to execute template: "))
    return 0


def _image_rows(images, digests=False, need_digest=None):
    """docker images' rows (formatter/image.go): one per repository and tag, and per
    digest where digests are shown; a dangling image is one <none> row."""
    need_digest = digests if need_digest is None else need_digest
    rows = []
    for img in images:
        tags_, dgsts = img["RepoTags"], img["RepoDigests"]
        if not (tags_ or dgsts) or (tags_ == ["<none>:<none>"] and dgsts == ["<none>@<none>"]):
            rows.append((img, "<none>", "<none>", "<none>"))
            continue
        tags, by_repo = _by_repository(tags_, 1), _by_repository(dgsts, 2)
        for repo, tlist in tags.items():
            ds = by_repo.pop(repo, [])
            for tag in tlist:
                for d in (ds if need_digest else ()) or ["<none>"]:
                    rows.append((img, repo, tag, d))
        for repo, ds in by_repo.items():
            for d in (ds if digests else [""]):
                rows.append((img, repo, "<none>", d))
    return rows


def _by_repository(refs, part):
    """{familiar repository: [tags (part 1) or digests (part 2)]} of an image's references;
    the ones that do not parse are left out, as docker leaves them."""
    out = {}
    for ref in refs:
        try:
            parsed = parse_reference(ref)
        except InvalidArgument:
            continue
        if parsed[part]:
            out.setdefault(familiar_name(parsed[0]), []).append(parsed[part])
    return out


_IMAGE_HEADERS = {"Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST",
                  "ID": "IMAGE ID", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT",
                  "Size": "SIZE", "Containers": "CONTAINERS", "VirtualSize": "SIZE",
                  "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE"}
_IMAGE_RAW = "repository: {{ .Repository }}\\ntag: {{.Tag}}\\n%simage_id: {{.ID}}\\n" \
    "created_at: {{.CreatedAt}}\\nvirtual_size: {{.Size}}\\n"


def _image_context(img, repo, tag, digest, now, trunc):
    """docker images' fields for one row of an image.Summary (its imageContext)."""
    size, shared = img["Size"], img["SharedSize"]
    return _Row([
        ("Containers", "N/A" if img["Containers"] == -1 else str(img["Containers"])),
        ("CreatedAt", _go_time(img["Created"])), ("CreatedSince", _ago_seconds(img["Created"], now)),
        ("Digest", digest), ("ID", truncate_id(img["Id"]) if trunc else img["Id"]),
        ("Repository", repo), ("SharedSize", "N/A" if shared == -1 else human_size(shared, 4)),
        ("Size", human_size(size)), ("Tag", tag),
        ("UniqueSize", "N/A" if -1 in (size, shared) else human_size(size - shared, 4)),
        ("VirtualSize", human_size(size, 4))], "*formatter.imageContext")


_IMAGE_TABLE = "table {{.Repository}}\\t{{.Tag}}\\t%s{{.ID}}\\t" \
    "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}"
# The names `docker images NAME` takes for a subcommand of `docker image`, with a hint
_IMAGE_SUBCOMMANDS = "build history import inspect list load ls prune pull push rm save tag"


def _cmd_images(client, args, stdio):
    filters = _parse_filters(args.filter)
    if args.tree:
        for flag, on in (("quiet", args.quiet), ("no-trunc", args.no_trunc),
                         ("show-digest", args.digests), ("format", args.format)):
            if on:
                raise InvalidArgument("--%s is not yet supported with --tree" % flag)
        images = as_go_type(client.api.images(args.reference, all=args.all, filters=filters,
                                              manifests=True), "[]image.Summary")
        return _image_tree(images, args.all, stdio)
    images = as_go_type(client.api.images(args.reference, all=args.all, filters=filters),
                        "[]image.Summary")
    fmt, quiet = args.format or "", args.quiet      # docker: -q only changes table and raw
    if not fmt:
        configured = load_config(args.globals.config).get("imagesFormat")
        fmt = configured if configured and not quiet else "table"
    if fmt == "table":
        fmt = "{{.ID}}" if quiet else _IMAGE_TABLE % ("{{.Digest}}\\t" if args.digests
                                                          else "")
    elif fmt == "raw":
        fmt = "image_id: {{.ID}}" if quiet else _IMAGE_RAW % (
            "digest: {{.Digest}}\\n" if args.digests else "")
    elif fmt.startswith("table") and args.digests and "{{.Digest}}" not in fmt:
        fmt += "\\t{{.Digest}}"
    now = time.time()
    rows = [_image_context(img, repo, tag, digest, now, not args.no_trunc)
            for img, repo, tag, digest in _image_rows(images, args.digests,
                                                      args.digests or "{{.Digest}}" in fmt)]
    _format_rows(stdio, rows, fmt, None, _IMAGE_HEADERS)
    if args.reference and not images and args.called_as == "images" and \
            args.reference in _IMAGE_SUBCOMMANDS.split():
        stdio.error('\nNo images found matching "%s": did you mean "docker image %s"?'
                    % (args.reference, args.reference))
    return 0


def _image_tree(images, show_all, stdio):
    """docker images --tree (cli/command/image/tree.go): each image with its names, and
    under it the platforms of a multi-platform image."""
    out = stdio.out
    tty = hasattr(out, "isatty") and out.isatty()
    width = 80
    if tty:
        try:
            width = max(20, os.get_terminal_size(out.fileno()).columns)
        except (AttributeError, OSError, ValueError):
            pass
    esc = lambda codes: "".join("\x1b[%sm" % c for c in codes)
    color = lambda codes, s: esc(codes) + s + "\x1b[0m" if tty else s
    if not show_all:
        images = [i for i in images if not (
            not (i["RepoTags"] or i["RepoDigests"]) or
            (i["RepoTags"] == ["<none>:<none>"] and i["RepoDigests"] == ["<none>@<none>"]))]
    views, spacing = [], False
    for img in sorted(images, key=lambda i: -i["Created"]):
        details = [img["Id"], human_size(img["Size"]), img["Containers"] > 0]
        content, children = 0, []
        for m in img["Manifests"]:
            size = m["Size"]
            content += size["Content"]
            if m["Kind"] != "image":
                continue
            data = m["ImageData"]
            platform = data["Platform"] if data is not None else None
            child = [m["ID"], human_size(size["Total"]), bool(data and data["Containers"]),
                     human_size(size["Content"])]
            details[2] = details[2] or child[2]
            children.append((format_platform(platform), m["Available"], child))
            spacing = True
        details.append(human_size(content))
        views.append((img["RepoTags"], details, children))
    in_use = any(d[2] for _, d, cs in views for d in [d] + [c[2] for c in cs])
    chip = lambda used: (("\x1b[38;5;0m\x1b[48;5;14m U \x1b[0m" if tty else "U") if used else
                         ("   " if tty else " ")) if in_use else ""
    extra = max(5, (3 if tty else 1) if in_use else 0)
    columns = [["IMAGE", "l", 0], ["ID", "l", 12], ["DISK USAGE", "r", 10],
               ["CONTENT SIZE", "r", 12], ["EXTRA", "l", extra]]
    name_width = width
    for i, column in enumerate(columns[1:], 1):
        if name_width - column[2] - 3 < 12:
            columns = columns[:i]
            break
        name_width -= column[2] + 3
    widest = max([5] + [len(n) for names, _, _ in views for n in names] +
                 [len(p) + 3 for _, _, cs in views for p, _, _ in cs])
    columns[0][2] = min(name_width, widest)

    def cell(column, text, codes, always=False):
        paint = (lambda s: esc(codes) + s + "\x1b[0m") if codes and (tty or always) else \
            (lambda s: s)
        w = _display_width(re.sub("\x1b\\[[0-9;]*m", "", text))
        if w > column[2]:
            return paint(ellipsis(text, column[2]))
        pad = " " * (column[2] - w)
        return paint(text) + pad if column[1] == "l" else pad + paint(text)

    def values(d):
        return [truncate_id(d[0]), d[1], d[3], chip(d[2])]

    def details_line(d, codes):
        return "".join("   " + cell(c, v, codes if c[0] != "EXTRA" else ())
                       for c, v in zip(columns[1:], values(d)))
    lines = [color(("93",), "WARNING: This is an experimental feature. The output may change "
                   "and shouldn't be depended on.")]
    legend = ((esc(("1",)) + esc(("106",)) + esc(("30",)) + "i\x1b[0m\x1b[0m " + esc(("96",)) +
               "Info \u2192 \x1b[0m\x1b[0m") if tty else " Info -> ") + " " + \
        ("\x1b[38;5;0m\x1b[48;5;14m U \x1b[0m" if tty else "U") + " In Use "
    lines += [" " * max(0, width - _display_width(re.sub("\x1b\\[[0-9;]*m", "", legend))) +
              legend, ""]
    # the titles are painted even off a terminal, as docker paints them
    lines.append("   ".join(cell(c, c[0], ("39", "1"), always=True) for c in columns))
    normal = ("39",) if tty else ()
    for names, details, children in views:
        text = ""
        if not names:
            text = cell(columns[0], "<untagged>", ("39", "2") if tty else ())
        ordered = sorted(names, key=len, reverse=True)
        for i, name in enumerate(ordered):
            if i < len(ordered) - 1:
                lines.append(color(("34", "1"), ellipsis(name, width) if tty else name))
            else:
                text = cell(columns[0], name, ("34", "1") if tty else ())
        text += details_line(details, normal)
        if children or spacing:
            lines.append(text)
            text = ""
        for i, (platform, available, child) in enumerate(children):
            codes = normal if available or not tty else ("39", "2")
            lines.append(cell(columns[0], ("\u251c\u2500 " if i < len(children) - 1 else
                                           "\u2514\u2500 ") + platform, codes) +
                         details_line(child, codes))
        lines.append(text)
    stdio.write("\n".join(lines) + "\n")
    return 0


def _inspect_json(items, indent, raw):
    """JSON of inspected objects as docker prints them: raw (objects from the daemon) as
    the daemon encoded them, <, > and & kept; the CLI's own objects (contexts) as Go's
    json.Marshal writes them, those escaped."""
    if not raw:
        return go_json(items, indent=indent)
    text = json.dumps(items, indent=indent, ensure_ascii=False,
                      separators=(",", ": ") if indent else (",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _inspect_template(fmt):
    """docker inspect's --format parsed first, before any request: None for indented
    JSON (no format) or "json"; a template that does not parse exits 64."""
    if not fmt or fmt == "json":
        return None
    return _parse_format(fmt, status=64)


def _write_inspect(stdio, results, fmt, tmpl, raw=True):
    """docker's inspect output of results in the order asked, each (object, None) or
    (None, error message): the objects as an indented JSON list (compact with --format
    json) or tmpl over each (a map's missing key an error: "template parsing error"),
    then the errors on stderr; exit status 1 when anything failed."""
    found = [obj for obj, error in results if error is None]
    errors = []
    if tmpl is None:
        stdio.write(_inspect_json(found, None if fmt else 4, raw) + "\n")
        errors = [error for obj, error in results if error is not None]
    else:
        lines = []
        for obj, error in results:
            if error is None:
                try:
                    lines.append(tmpl.render(obj, missingkey_error=True) + "\n")
                    continue
                except InvalidArgument as e:
                    error = "template parsing error: %s" % e
            errors.append(error)
        stdio.write("".join(lines) or "\n")
    if errors:
        stdio.error("\n".join(errors))
        return 1
    return 0


def _inspect_each(stdio, names, getter, fmt):
    """Inspect each name with getter: docker's `X inspect` for one kind of object."""
    tmpl = _inspect_template(fmt)
    results = []
    for name in names:
        try:
            results.append((getter(name), None))
        except APIError as e:
            results.append((None, "Error response from daemon: %s" % e.explanation))
    return _write_inspect(stdio, results, fmt, tmpl)


_INSPECT_TYPES = ("config", "container", "image", "network", "node", "plugin", "secret",
                  "service", "task", "volume")


def _cmd_inspect(client, args, stdio):
    api = client.api
    kinds = '", "'.join(_INSPECT_TYPES)
    if "type" in args.changed and not args.type:
        raise InvalidArgument('type is empty: must be one of "%s"' % kinds)
    if args.type and args.type not in _INSPECT_TYPES:
        raise InvalidArgument('unknown type: "%s": must be one of "%s"' % (args.type, kinds))
    tmpl = _inspect_template(args.format)
    # docker's order of search; the swarm's kinds only on a swarm manager
    order = [("container", lambda n: api.inspect_container(n, size=args.size), False),
             ("image", api.inspect_image, False), ("network", api.inspect_network, False),
             ("volume", api.inspect_volume, False),
             ("service", lambda n: api.inspect_service(n, insert_defaults=True), True),
             ("task", api.inspect_task, True), ("node", api.inspect_node, True),
             ("plugin", api.inspect_plugin, False), ("secret", api.inspect_secret, True),
             ("config", api.inspect_config, True)]
    results = []
    for name in args.names:
        manager = None
        for kind, getter, swarm in order:
            if args.type and kind != args.type:
                continue
            if not args.type and swarm:
                if manager is None:
                    try:
                        manager = as_go_type(api.info(),
                                             "system.Info")["Swarm"]["ControlAvailable"]
                    except APIError as e:
                        stdio.error("Error response from daemon: %s" % e.explanation)
                        manager = False
                if not manager:
                    continue
            try:
                obj = getter(name)
            except APIError as e:
                if not args.type and (e.status_code == 404 or "not supported" in str(e) or
                                      "invalid reference format" in str(e)):
                    continue
                results.append((None, "Error response from daemon: %s" % e.explanation))
                break
            if args.size and kind != "container":
                stdio.error("WARNING: --size ignored for " + kind)
            results.append((obj, None))
            break
        else:
            results.append((None, "Error: No such object: %s" % name))
    return _write_inspect(stdio, results, args.format, tmpl)


def _cmd_api(client, args, stdio):
    data = args.data
    if data == "-":
        data = sys.stdin.buffer.read()
    elif data is not None and data.startswith("@"):
        with open(data[1:], "rb") as f:
            data = f.read()
    headers = {"Content-Type": "application/json"} if data is not None else None
    path = args.path if args.path.startswith("/") else "/" + args.path
    versioned = not (path.startswith("/v1.") or path == "/_ping")
    resp = client.api.request(args.method.upper(), path, data=data, headers=headers,
                              stream=True, versioned=versioned, timeout=None)
    out = getattr(stdio.out, "buffer", None)
    with resp:
        for chunk in resp.iter_content():
            if out is not None:
                out.write(chunk)
                out.flush()
            else:
                stdio.write(chunk.decode("utf-8", "replace"))
    return 0


# ---- container lifecycle ----

def _each(names, stdio, action):
    """Run action(name) for every name, printing the name (as docker does) or the error;
    exit status 1 if any failed."""
    rc = 0
    for name in names:
        try:
            action(name)
            stdio.write(name + "\n")
        except APIError as e:
            stdio.error("Error response from daemon: %s" % e.explanation)
            rc = 1
    return rc


def _cmd_start(client, args, stdio):
    return _each(args.containers, stdio, client.api.start)


def _cmd_stop(client, args, stdio):
    return _each(args.containers, stdio, lambda c: client.api.stop(c, timeout=args.timeout))


def _cmd_restart(client, args, stdio):
    return _each(args.containers, stdio, lambda c: client.api.restart(c, timeout=args.timeout))


def _cmd_kill(client, args, stdio):
    return _each(args.containers, stdio, lambda c: client.api.kill(c, signal=args.signal))


def _cmd_pause(client, args, stdio):
    return _each(args.containers, stdio, client.api.pause)


def _cmd_unpause(client, args, stdio):
    return _each(args.containers, stdio, client.api.unpause)


def _cmd_rm(client, args, stdio):
    return _each(args.containers, stdio, lambda c: client.api.remove_container(
        c, v=args.volumes, force=args.force))


def _cmd_wait(client, args, stdio):
    rc = 0
    for name in args.containers:
        try:
            stdio.write("%d\n" % as_go_type(client.api.wait(name), "container.WaitResponse")["StatusCode"])
        except APIError as e:
            stdio.error("Error response from daemon: %s" % e.explanation)
            rc = 1
    return rc


def _cmd_top(client, args, stdio):
    top = as_go_type(client.api.top(args.container, " ".join(args.ps_args) or None),
                 "container.TopResponse")
    rows = [top["Titles"]] + top["Processes"]
    stdio.write(tabulate(rows, minwidth=20))
    return 0


def _cmd_logs(client, args, stdio):
    info = as_go_type(client.api.inspect_container(args.container),   # a 404 first, as docker
                  "container.InspectResponse")
    with client.api.logs(info["Id"], stream=True, demux=True, follow=args.follow,
                         timestamps=args.timestamps, tail=args.tail, since=args.since,
                         until=args.until, tty=info["Config"]["Tty"]) as pieces:
        for out, err in pieces:
            stdio.write_bytes(out or err, err=not out)
    return 0


def _cmd_events(client, args, stdio):
    tmpl = None
    if args.format:
        # As docker: the template must run over an empty event before any is read.
        tmpl = _parse_format("{{json .}}" if args.format == "json" else args.format,
                             "Error parsing format: ", 64)
        try:
            tmpl.render(_event_message({}))
        except InvalidArgument as e:
            raise _CLIStatus("Error parsing format: %s" % e, 64)
    filters = _parse_filters(args.filter)
    with client.api.events(args.since, args.until, filters, decode=True) as events:
        for raw in events:
            ev = _event_message(raw)
            if tmpl is not None:
                try:
                    stdio.write(tmpl.render(ev) + "\n")
                except InvalidArgument as e:
                    raise _CLIStatus(str(e))
                stdio.out.flush()
                continue
            line = ""
            if ev["TimeNano"] or ev["Time"]:
                nano = ev["TimeNano"] or ev["Time"] * 10 ** 9
                stamp = _go_time(nano // 10 ** 9, "%Y-%m-%dT%H:%M:%S%z")
                zone = "Z" if stamp.endswith("+0000") else stamp[-5:-2] + ":" + stamp[-2:]
                line = "%s.%09d%s " % (stamp[:-5], nano % 10 ** 9, zone)
            actor = ev["Actor"]
            line += "%s %s %s" % (ev["Type"], ev["Action"], actor["ID"])
            attrs = actor["Attributes"] or {}
            if attrs:
                line += " (%s)" % ", ".join("%s=%s" % (k, attrs[k]) for k in sorted(attrs))
            stdio.write(line + "\n")
            stdio.out.flush()
    return 0


def _event_message(raw):
    """An event as docker's templates see it: an events.Message (.Type, .Action, .Actor,
    .Scope, .Time, .TimeNano and the older .Status, .ID, .From)."""
    ev = as_go_type(raw, "events.Message", True)
    ev.go_type = "*events.Message"
    return ev


def _stats_row(container, stats, trunc=True):
    f = calculate_stats(stats)
    name = (as_go_type(stats, "container.StatsResponse")["name"] or
            (container.get("Names") or [""])[0]).lstrip("/")
    return [truncate_id(container["Id"]) if trunc else container["Id"], name,
            "%.2f%%" % f["cpu_percent"],
            "%s / %s" % (human_size(f["memory_usage"], 4, binary=True),
                         human_size(f["memory_limit"], 4, binary=True)),
            "%.2f%%" % f["memory_percent"],
            "%s / %s" % (human_size(f["net_rx"]), human_size(f["net_tx"])),
            "%s / %s" % (human_size(f["block_read"]), human_size(f["block_write"])),
            str(f["pids"])]


_STATS_HEADER = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O",
                 "BLOCK I/O", "PIDS"]


def _cmd_stats(client, args, stdio):
    api = client.api
    if args.containers:
        containers = [{"Id": as_go_type(api.inspect_container(c), "container.InspectResponse")["Id"],
                       "Names": [c]} for c in args.containers]
    else:
        containers = as_go_type(api.containers(all=args.all), "[]container.Summary")
    while True:
        rows = [_STATS_HEADER]
        for c in containers:
            try:
                rows.append(_stats_row(c, api.stats(c["Id"], stream=False), not args.no_trunc))
            except NotFound:
                continue
        if not args.no_stream:
            stdio.write("\033[2J\033[H")
        stdio.write(tabulate(rows))
        if args.no_stream:
            return 0
        stdio.out.flush()


# ---- interactive sessions: run, exec, attach ----

class _RawTerminal:
    """The local terminal in raw mode for a -t session, restored on every way out."""

    def __init__(self, fd):
        self.fd = fd
        self.saved = None

    def __enter__(self):
        import termios
        import tty
        self.saved = termios.tcgetattr(self.fd)
        tty.setraw(self.fd)
        return self

    def __exit__(self, *exc):
        import termios
        termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)


def _terminal_size():
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
        return size.lines, size.columns
    except (OSError, ValueError):
        return None


def _detach_sequence(spec):
    """docker's --detach-keys ("ctrl-p,ctrl-q", "ctrl-a,x") as the bytes typed."""
    out = bytearray()
    for key in (spec or "ctrl-p,ctrl-q").split(","):
        key = key.strip()
        if key.startswith("ctrl-") and len(key) == 6:
            out.append(ord(key[5].upper()) & 0x1f)
        elif len(key) == 1:
            out += key.encode("utf-8")
        else:
            raise InvalidArgument("invalid detach keys %r: expected ctrl-<key> or single "
                                  "characters, comma separated" % spec)
    return bytes(out)


def _session(sock, stdio, stdin, tty, detach_keys=None):
    """Pump a hijacked connection: stdin (if attached) to the container from a thread,
    its output to our stdout/stderr; raw terminal and window-size sync with tty.
    Returns whether the detach keys were typed (the daemon then ends the stream while
    the process goes on), so the caller does not wait for an exit that will not come."""
    import contextlib
    stdin_fd = sys.stdin.fileno() if stdin else None
    interactive_tty = tty and stdin and os.isatty(stdin_fd)
    detached = []
    if stdin:
        sequence = _detach_sequence(detach_keys)

        def feed():
            tail = b""
            try:
                while True:
                    data = os.read(stdin_fd, 4096)
                    if not data:
                        break
                    if sequence in tail + data:
                        detached.append(True)
                    tail = (tail + data)[-len(sequence):]
                    sock.sendall(data)
            except OSError:
                return
            sock.close_stdin()
        threading.Thread(target=feed, daemon=True).start()
    else:
        sock.close_stdin()
    stack = contextlib.ExitStack()
    with stack:
        if interactive_tty:
            stack.enter_context(_RawTerminal(stdin_fd))
        if tty and _terminal_size():
            import signal
            resize = lambda *_: _resize_quietly(sock, _terminal_size())
            resize()
            if threading.current_thread() is threading.main_thread():
                old = signal.signal(signal.SIGWINCH, resize)
                stack.callback(signal.signal, signal.SIGWINCH, old)
        for stream, data in sock.frames():
            stdio.write_bytes(data, err=stream == STDERR)
    return bool(detached)


def _resize_quietly(sock, size):
    if size:
        try:
            sock.resize(*size)
        except DockerException:
            pass   # the process may be gone already


def _cmd_exec(client, args, stdio):
    api = client.api
    if args.tty and args.interactive and not os.isatty(sys.stdin.fileno()):
        stdio.error("the input device is not a TTY")
        return 1
    info = as_go_type(api.inspect_container(args.container), "container.InspectResponse")
    exec_id = as_go_type(api.exec_create(info["Id"], args.command, stdin=args.interactive,
                                     tty=args.tty, user=args.user or "",
                                     environment=args.env or None, workdir=args.workdir,
                                     privileged=args.privileged, detach_keys=args.detach_keys),
                     "types.IdResponse")["Id"]
    if args.detach:
        api.exec_start(exec_id, detach=True, tty=args.tty)
        return 0
    with api.exec_start(exec_id, tty=args.tty, socket=True) as sock:
        detached = _session(sock, stdio, args.interactive, args.tty, args.detach_keys)
    if detached:
        return 0
    code = api.exec_exit_code(exec_id)
    return 0 if code is None else code


# The signals `docker attach --sig-proxy` passes on to the container (all it can catch,
# but for those about the terminal and the process itself: CHLD, PIPE, URG, WINCH).
_PROXIED_SIGNALS = ("SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGTERM", "SIGALRM")


def _proxy_signals(api, container, enabled=True):
    """Pass the signals this process receives on to the container (POST .../kill) while
    the returned context is open, as docker attach and run do without a TTY."""
    import contextlib
    import signal
    stack = contextlib.ExitStack()
    if not enabled or threading.current_thread() is not threading.main_thread():
        return stack

    def forward(signum, frame):
        try:
            api.kill(container, signal=signal.Signals(signum).name)
        except DockerException:
            pass    # the container may be gone already
    for name in _PROXIED_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            stack.callback(signal.signal, number, signal.signal(number, forward))
    return stack


def _cmd_attach(client, args, stdio):
    api = client.api
    sig_proxy = args.sig_proxy
    info = as_go_type(api.inspect_container(args.container), "container.InspectResponse")
    stdin = info["Config"]["OpenStdin"] and not args.no_stdin
    tty = info["Config"]["Tty"]
    params = {"stdout": True, "stderr": True, "stream": True, "stdin": stdin,
              "detachKeys": args.detach_keys}
    with api.attach_socket(info["Id"], params, tty=tty) as sock:
        with _proxy_signals(api, info["Id"], sig_proxy and not tty):
            detached = _session(sock, stdio, stdin, tty, args.detach_keys)
    if detached:
        return 0
    # The exit status from a wait, not an inspect: Podman may end the stream a moment
    # before it marks the container exited.
    return as_go_type(api.wait(info["Id"]), "container.WaitResponse")["StatusCode"]


def _run_config(args):
    """create_container keywords from run/create flags."""
    labels = dict((l.split("=", 1) + [""])[:2] for l in args.label or ())
    hc = {"binds": args.volume or None, "network_mode": (args.network or [None])[0],
          "auto_remove": args.rm or None, "privileged": args.privileged or None,
          "mem_limit": args.memory, "restart_policy": args.restart,
          "cap_add": args.cap_add, "cap_drop": args.cap_drop,
          "read_only": args.read_only or None, "init": True if args.init else None}
    if args.tty:
        hc["console_size"] = list(_terminal_size() or (24, 80))
    return dict(image=args.image, command=args.command or None, name=args.name,
                environment=args.env or None, working_dir=args.workdir, user=args.user,
                entrypoint=[args.entrypoint] if args.entrypoint is not None else None,
                labels=labels or None, tty=args.tty, stdin_open=args.interactive,
                detach=getattr(args, "detach", False), hostname=args.hostname,
                platform=args.platform, host_config=host_config(**hc))


def _create_pulling(client, config, stdio):
    """create_container, pulling a missing image (progress on stderr), as `docker run` and
    `docker create` do."""
    def progress(msg):
        msg = as_go_type(msg, "jsonmessage.JSONMessage")
        line = " ".join(str(msg[k]) for k in ("id", "status", "progress") if msg.get(k))
        if line and "progressDetail" not in msg or not msg.get("progressDetail"):
            stdio.error(line)
    return as_go_type(client.api.create_container(pull_missing=progress, **config),
                  "container.CreateResponse")["Id"]


def _cmd_create(client, args, stdio):
    stdio.write(_create_pulling(client, _run_config(args), stdio) + "\n")
    return 0


def _run_exit_status(e):
    """docker run's exit status for a daemon error: 127 for a command that is not found,
    126 for one that cannot be executed, 125 otherwise (cli run.go toStatusError)."""
    text = e.explanation if isinstance(e, APIError) else str(e)
    if "executable file not found" in text or "no such file or directory" in text:
        return 127
    if "permission denied" in text or "is a directory" in text:
        return 126
    return 125


def _cmd_run(client, args, stdio):
    api = client.api
    if args.tty and args.interactive and not os.isatty(sys.stdin.fileno()):
        stdio.error("docksock: the input device is not a TTY")
        return 1
    try:
        cid = _create_pulling(client, _run_config(args), stdio)
        if args.detach:
            api.start(cid)
            stdio.write(cid + "\n")
            return 0
        params = {"stdout": True, "stderr": True, "stream": True, "stdin": args.interactive,
                  "detachKeys": args.detach_keys}
        sock = api.attach_socket(cid, params, tty=args.tty)
        waiter = None
        if api.version_at_least("1.30"):   # answers headers at once, the body at exit
            # next-exit even with --rm: Podman's "removed" wait reports status 0.  The
            # removal is waited for afterwards.
            waiter = api.wait(cid, condition="next-exit", stream=True)
        with sock:
            try:
                api.start(cid)
            except APIError:
                if waiter is not None:
                    waiter.close()
                raise
            detached = _session(sock, stdio, args.interactive, args.tty, args.detach_keys)
        if detached:       # the container goes on
            if waiter is not None:
                waiter.close()
            return 0
        if waiter is None:
            return as_go_type(api.wait(cid), "container.WaitResponse")["StatusCode"]
        with waiter:
            status = as_go_type(waiter.json(), "container.WaitResponse")["StatusCode"]
        if args.rm:
            try:     # as docker run --rm: return once the container is gone
                api.wait(cid, condition="removed", timeout=30)
            except (NotFound, DockerTimeout):
                pass
        return status
    except APIError as e:
        stdio.error("docksock: Error response from daemon: %s\n\nRun 'docksock run --help' for "
                    "more information" % e.explanation)
        return _run_exit_status(e)


def _parse_filters(values):
    """--filter key=value (repeatable) -> {"key": [values]}."""
    out = {}
    for item in values or ():
        key, eq, value = item.partition("=")
        if not eq:
            raise InvalidArgument('bad format of filter (expected name=value): %s' % item)
        values = out.setdefault(key.strip().lower(), [])
        if value.strip() not in values:     # a set of values, as docker's filters.Args
            values.append(value.strip())
    return out


# ---- images ----

def _progress_text(detail, width, now=None):
    """docker's JSONProgress.String: a bar (on wide terminals), the counts, the time left."""
    current, total = int(detail.get("current") or 0), int(detail.get("total") or 0)
    units = detail.get("units") or ""
    if current <= 0 and total <= 0:
        return ""
    if total <= 0:
        return "%8s" % human_size(current, 4) if not units else "%d %s" % (current, units)
    percentage = min(int(current / total * 100) // 2, 50)
    bar = "[%s>%s] " % ("=" * percentage, " " * (50 - percentage)) if width > 110 else ""
    if detail.get("hidecounts"):
        numbers = ""
    elif not units:
        numbers = "%8s" % human_size(current, 4) if current > total else \
            "%8s/%s" % (human_size(current, 4), human_size(total, 4))
    else:
        numbers = "%d %s" % (current, units) if current > total else \
            "%d/%d %s" % (current, total, units)
    left = ""
    start = int(detail.get("start") or 0)
    if width > 50 and current > 0 and start > 0 and percentage < 50:
        elapsed = int(((now or time.time()) - start) * 1e9)
        per_entry = elapsed // current
        # whole seconds, as docker rounds the time left
        left = " " + _go_duration(round((total - current) * per_entry / 1e9) * 1000000000)
    return bar + numbers + left


def render_progress(messages, stdio, tty=None, err=False):
    """Show a pull/push/load/import progress stream as docker's jsonmessage does, on
    stdout (stderr with err=True): on a terminal one line per layer, redrawn in place with
    its progress bar; otherwise one plain line per status, without the byte counts.
    Returns the "aux" messages (an image ID, a digest); an error in the stream raises
    StreamError, whose text docker prints alone."""
    out = stdio.err if err else stdio.out
    if tty is None:
        tty = hasattr(out, "isatty") and out.isatty()
    width = 200
    if tty:
        try:
            width = os.get_terminal_size(out.fileno()).columns
        except (AttributeError, OSError, ValueError):
            pass
    ids, aux = {}, []
    write = out.write
    for msg in messages:
        msg = as_go_type(msg, "jsonmessage.JSONMessage")
        if msg["aux"] is not None:
            aux.append(msg["aux"])
            continue
        detail = msg["progressDetail"]
        ident = msg.get("id") or ""
        diff = 0
        if ident and (detail is not None or msg.get("progress")):
            if ident not in ids:
                ids[ident] = len(ids)
                if tty:
                    write("\n")
            diff = len(ids) - ids[ident]
            if tty:
                write("\x1b[%dA" % diff)
        else:
            ids = {}
        endl = ""
        text = _progress_text(detail, width) if detail is not None else ""
        if tty and not msg.get("stream") and detail is not None:
            write("\x1b[2K\r")
            endl = "\r"
        elif detail is not None and text:
            continue        # byte counts only make sense when redrawn in place
        line = ("%s: " % ident) if ident else ""
        if detail is not None and tty:
            line += "%s %s%s" % (msg.get("status", ""), text, endl)
        elif msg.get("progress"):
            line += "%s %s%s" % (msg.get("status", ""), msg["progress"], endl)
        elif msg.get("stream"):
            line += msg["stream"] + endl
        else:
            line += msg.get("status", "") + endl + "\n"
        write(line)
        if ident and tty:
            write("\x1b[%dB" % diff)
        out.flush()
    return aux


def _follow_stream(messages, stdio, quiet=False):
    """Show a progress stream (nothing with quiet); an error inside it is the command's
    error, its text alone as docker prints it.  Returns the stream's aux messages."""
    try:
        if quiet:
            messages = [as_go_type(m, "jsonmessage.JSONMessage") for m in messages]
            return [m["aux"] for m in messages if m["aux"] is not None]
        return render_progress(messages, stdio)
    except StreamError as e:
        raise DockerException(e.explanation)


def _name_with_tag(ref, all_tags, quiet, stdio):
    """(the normalized reference, its familiar form) for pull and push: a tag only
    with --all-tags refused; "latest" added (and said) to a name without one."""
    name, tag, digest = parse_reference(ref)
    if all_tags and (tag or digest):
        raise InvalidArgument("tag can't be used with --all-tags/-a")
    if not all_tags and not tag and not digest:
        tag = "latest"
        if not quiet:
            stdio.write("Using default tag: latest\n")
    full = name + (":" + tag if tag else "") + ("@" + digest if digest else "")
    return full, familiar_name(full)


def _cmd_pull(client, args, stdio):
    full, familiar = _name_with_tag(args.name, args.all_tags, args.quiet, stdio)
    messages = client.api.pull(familiar, platform=args.platform and args.platform.lower(),
                               stream=True, decode=True, all_tags=args.all_tags)
    _follow_stream(messages, stdio, args.quiet)
    stdio.write(full + "\n")
    return 0


def _cmd_push(client, args, stdio):
    platform = None
    if args.platform:
        try:
            platform = parse_platform(args.platform)
        except InvalidArgument:
            stdio.err.write("Invalid platform %s" % args.platform)
            raise
        stdio.write("\n Info -> Using --platform pushes only the specified platform manifest of "
                    "a multi-platform image index.\n         Other components, like attestations, "
                    "will not be included.\n         To push the complete multi-platform image, "
                    "remove the --platform flag.\n         \n")
    full, familiar = _name_with_tag(args.name, args.all_tags, args.quiet, stdio)
    if "@" in full:
        raise InvalidArgument("cannot push a digest reference")
    messages = client.api.push(familiar, stream=True, decode=True, platform=platform)
    _follow_stream(messages, stdio, args.quiet)
    if args.quiet:
        stdio.write(full + "\n")
    return 0


def _sending_context(chunks, out, tty):
    """Count the context's bytes on their way out, docker's classic builder's way: on a
    terminal "Sending build context to Docker daemon  1.23MB" redrawn every 512 KB (at most
    ten times a second), and the total when the last byte is gone."""
    sent, last_shown, last_time = 0, 0, 0.0

    def show(end):
        out.write("Sending build context to Docker daemon %8s\r%s"
                  % (human_size(sent, 4), "\r\n" if end else ""))
        out.flush()
    for chunk in chunks:
        sent += len(chunk)
        if tty and sent - last_shown > 512 * 1024 and time.time() - last_time >= 0.1:
            show(False)
            last_shown, last_time = sent, time.time()
        yield chunk
    show(True)


def _cmd_build(client, args, stdio):
    import io
    import shutil
    import tempfile
    ulimits = {}
    for text in args.ulimit:
        ulimit = _parse_ulimit(text)[0]
        ulimits[ulimit["Name"]] = ulimit        # the last one of a name counts, as in docker
    limits = {"memory": _size_flag(args.memory),
              "memswap": -1 if args.memory_swap == "-1" else _size_flag(args.memory_swap),
              "cpushares": args.cpu_shares or None, "cpusetcpus": args.cpuset_cpus or None,
              "cpusetmems": args.cpuset_mems or None, "cpuperiod": args.cpu_period or None,
              "cpuquota": args.cpu_quota or None}
    kwargs = dict(tag=args.tag or None, nocache=args.no_cache, pull=args.pull, rm=args.rm,
                  forcerm=args.force_rm, target=args.target or None, network_mode=args.network,
                  platform=args.platform or os.environ.get("DOCKER_DEFAULT_PLATFORM") or None,
                  quiet=args.quiet, buildargs=_build_args(args.build_arg), decode=True,
                  labels=_key_values(args.label), cache_from=args.cache_from or None,
                  extra_hosts=[_parse_extra_host(h)[0] for h in args.add_host] or None,
                  shmsize=_size_flag(args.shm_size), isolation=args.isolation or None,
                  squash=args.squash or None, gzip=args.compress,
                  container_limits={k: v for k, v in limits.items() if v is not None} or None,
                  ulimits=list(ulimits.values()) or None,
                  security_opt=args.security_opt or None, cgroup_parent=args.cgroup_parent or None)
    if args.file == "-" and args.path == "-":
        raise InvalidArgument("invalid argument: can't use stdin for both build context and "
                              "dockerfile")
    if args.iidfile:
        try:
            os.remove(args.iidfile)
        except FileNotFoundError:
            pass
        except OSError as e:
            raise DockerException("Removing image ID file: " + go_path_error("remove",
                                                                            args.iidfile, e))
    scratch = tempfile.mkdtemp(prefix="docksock-build-")
    progress = io.StringIO() if args.quiet else stdio.out
    tty = hasattr(stdio.out, "isatty") and stdio.out.isatty()
    try:
        path, dockerfile = args.path, args.file
        if path == "-":
            data = sys.stdin.buffer.read(512)
            rest = iter(lambda: sys.stdin.buffer.read(65536), b"")
            if _is_archive(data):       # a tar (compressed or not): the whole context
                import itertools
                chunks, name = itertools.chain([data], rest), dockerfile or "Dockerfile"
            else:                                               # a Dockerfile alone
                with open(os.path.join(scratch, "Dockerfile"), "wb") as f:
                    f.write(data + b"".join(rest))
                name, chunks = build_context(scratch)
        elif path.startswith(("http://", "https://", "git://", "github.com/", "git@")):
            name, chunks = None, None       # the daemon fetches it
        else:
            if dockerfile == "-":
                dockerfile = os.path.join(scratch, "Dockerfile")
                with open(dockerfile, "wb") as f:
                    f.write(sys.stdin.buffer.read())
            elif dockerfile and not os.path.isabs(dockerfile):
                dockerfile = os.path.abspath(dockerfile)    # -f is relative to where we are
            _check_build_paths(path, dockerfile)
            try:
                name, chunks = build_context(path, dockerfile)
            except InvalidArgument as e:
                raise DockerException("unable to prepare context: %s" % e)
        try:
            if chunks is None:
                messages = client.api.build(path=path, dockerfile=dockerfile, **kwargs)
            else:
                # docker counts what it sends: the compressed bytes with --compress
                kwargs.pop("gzip")
                messages = client.api.build(fileobj=_sending_context(
                    gzip_chunks(chunks) if args.compress else chunks, progress, tty),
                    custom_context=True, encoding="gzip" if args.compress else None,
                    dockerfile=name, **kwargs)
        except APIError:
            if args.quiet:      # the daemon refused the build: what -q kept, as docker
                stdio.err.write(progress.getvalue())
            raise
        return _show_build(messages, args, stdio, progress)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _is_archive(head):
    """docker's IsArchive over the first 512 bytes: compressed (gzip, bzip2, xz, zstd), or
    a tar whose first header reads on its own (a PAX or GNU long-name header does not)."""
    if head.startswith((b"\x1f\x8b\x08", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd")):
        return True
    if len(head) < 512 or head[257:262] != b"ustar" or head[156:157] in (b"x", b"g", b"L", b"K"):
        return False
    try:
        stored = int(head[148:156].strip(b" \x00") or b"0", 8)
    except ValueError:
        return False
    return stored == sum(head[:148]) + 8 * 32 + sum(head[156:512])


def _check_build_paths(path, dockerfile):
    """A missing context or Dockerfile in docker's words (its Go errors)."""
    if not os.path.exists(path):
        raise DockerException('unable to prepare context: path "%s" not found' % path)
    if not os.path.isdir(path):
        return      # build_context says "context must be a directory"
    if dockerfile is None:
        dockerfile = os.path.join(os.path.abspath(path), "Dockerfile")
        if not os.path.lexists(dockerfile) and \
                os.path.lexists(os.path.join(os.path.abspath(path), "dockerfile")):
            return
    if os.path.lexists(dockerfile):
        return
    missing = dockerfile
    while not os.path.lexists(os.path.dirname(missing)) and os.path.dirname(missing) != missing:
        missing = os.path.dirname(missing)      # what Go's EvalSymlinks stumbles on first
    raise DockerException("unable to prepare context: unable to evaluate symlinks in "
                          "Dockerfile path: lstat %s: no such file or directory" % missing)


def _show_build(messages, args, stdio, progress):
    """The build's stream as docker shows it: the steps (the image ID alone with -q), the
    ID written to --iidfile; a failed step's message, its code the exit status."""
    import io
    out = io.StringIO() if args.quiet else stdio.out
    image_id = [None]
    shown = _Stdio(out, stdio.err)
    try:
        for aux in render_progress(messages, shown, tty=False if args.quiet else None):
            if isinstance(aux, dict) and isinstance(aux.get("ID"), str) and aux["ID"]:
                image_id[0] = aux["ID"]
    except StreamError as e:
        if args.quiet:
            stdio.err.write(progress.getvalue() + out.getvalue())
        # docker prints the message and a newline (Podman's end in one already)
        message = e.explanation or ""
        message += "\n" if message.endswith("\n") else ""
        raise _CLIStatus(message, e.code if isinstance(e.code, int) and 0 < e.code < 256 else 1)
    if args.quiet:      # what was printed is the ID (docker writes it to --iidfile so)
        image_id[0] = out.getvalue()
        stdio.write(image_id[0])
    if args.iidfile:
        if not image_id[0]:
            raise DockerException("Server did not provide an image ID. Cannot write %s"
                                  % args.iidfile)
        with open(args.iidfile, "w") as f:
            f.write(image_id[0])
    return 0


def _build_args(items):
    """--build-arg K=V, or K alone to take K from the environment (as docker does)."""
    out = {}
    for item in items or ():
        key, eq, value = item.partition("=")
        if eq:
            out[key] = value
        elif key in os.environ:
            out[key] = os.environ[key]
    return out or None


def _auth_env_refusal():
    if os.environ.get("DOCKER_AUTH_CONFIG"):
        # docker 28 reads credentials from it before config.json; docksock does not
        raise InvalidArgument("docksock: DOCKER_AUTH_CONFIG is not supported: unset it to log "
                              "in or out through config.json and its credential helpers")


def _read_secret(stdio, prompt):
    """A line read from the terminal without echo, docker's way: the prompt and then a
    newline on stdout."""
    import termios
    stdio.write(prompt)
    stdio.out.flush()
    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    new = list(old)
    new[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSANOW, new)
    try:
        line = sys.stdin.readline()
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, old)
    stdio.write("\n")
    return line.rstrip("\r\n").strip()


def _cmd_login(client, args, stdio):
    _auth_env_refusal()
    changed, cfg_dir = args.changed, args.globals.config
    if "password-stdin" in changed:
        if "password" in changed:
            raise InvalidArgument("conflicting options: cannot specify both --password and "
                                  "--password-stdin")
        if "username" not in changed:
            raise InvalidArgument("the --password-stdin option requires --username to be set")
    username, password = args.username, args.password
    if "username" in changed and not username:
        raise InvalidArgument("username is empty")
    if "password" in changed and not password:
        raise InvalidArgument("password is empty")
    if password:
        stdio.error("WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
    if args.password_stdin:
        password = sys.stdin.read()
        password = password[:-1] if password.endswith("\n") else password
        password = password[:-1] if password.endswith("\r") else password
    server = args.server if args.server and args.server != "docker.io" else INDEX_SERVER
    key = registry_key(server) if server != INDEX_SERVER else INDEX_SERVER
    stored = {}
    if not username and not password:
        try:
            stored = resolve_auth(key, cfg_dir=cfg_dir) or {}
        except DockerException:
            stored = {}
    if stored.get("username") and stored.get("password"):
        stdio.err.write("Authenticating with existing credentials... [Username: %s]\n\n Info "
                        "-> To login with a different account, run 'docker logout' followed "
                        "by 'docker login'\n\n\n" % stored["username"])
        try:
            answer = client.api.login(stored["username"], stored["password"], registry=key,
                                      reauth=True)
        except APIError as e:
            stdio.error("Stored credentials invalid or expired" if e.status_code == 401 else
                        "Login did not succeed, error: Error response from daemon: %s"
                        % e.explanation)
            raise
        username, password = stored["username"], stored["password"]
    else:
        if not (username and password) and not sys.stdin.isatty():
            raise DockerException("Error: Cannot perform an interactive login from a non TTY "
                                  "device")
        if key == INDEX_SERVER and not username and not password:
            raise InvalidArgument("docksock: web-based login to Docker Hub is not supported; "
                                  "log in with --username and --password-stdin")
        if not username:
            default = (stored.get("username") or "").strip()
            stdio.write("Username (%s): " % default if default else "Username: ")
            stdio.out.flush()
            username = sys.stdin.readline().strip() or default
            if not username:
                raise InvalidArgument("Error: Non-null Username Required")
        if not password:
            password = _read_secret(stdio, "Password: ")
            if not password:
                raise InvalidArgument("Error: Password Required")
        answer = client.api.login(username, password, registry=key, reauth=True)
    answer = as_go_type(answer, "registry.AuthenticateOKBody")
    token = answer["IdentityToken"]
    before = {}
    try:
        before = resolve_auth(key, cfg_dir=cfg_dir) or {}
    except DockerException:
        pass
    unchanged = not token and before.get("username") == username and \
        before.get("password") == password
    cfg = load_config(cfg_dir)
    helper = cfg.get("credsStore") or (cfg.get("credHelpers") or {}).get(key)
    if not unchanged:
        store_auth(key, username, None if token else password, identitytoken=token or None,
                   cfg_dir=cfg_dir)
        if not helper and not token:
            stdio.err.write("\nWARNING! Your credentials are stored unencrypted in '%s'.\n"
                            "Configure a credential helper to remove this warning. See\n"
                            "https://docs.docker.com/go/credential-store/\n\n"
                            % os.path.join(cfg_dir, "config.json"))
    stdio.write((answer["Status"] or "Login Succeeded") + "\n")
    return 0


def _cmd_logout(client, args, stdio):
    _auth_env_refusal()
    server = args.server or INDEX_SERVER
    host = server if server == INDEX_SERVER else registry_key(server)
    stdio.write("Removing login credentials for %s\n" % (
        "https://index.docker.io/v1/" if host == INDEX_SERVER else host))
    try:
        erase_auth(server, cfg_dir=args.globals.config)
    except DockerException as e:
        stdio.error("WARNING: %s" % e)
    return 0


def _cmd_tag(client, args, stdio):
    try:
        parse_reference(args.target)
    except InvalidArgument as e:
        raise InvalidArgument('Error parsing reference: "%s" is not a valid repository/tag: %s'
                              % (args.target, e))
    client.api.tag(args.source, args.target)
    return 0


def _platforms(values, wrap=True):
    """--platform values as the Engine takes them; a bad one is an error (prefixed
    "invalid platform: " where docker wraps it so)."""
    try:
        return [parse_platform(v) for v in values if v]
    except InvalidArgument as e:
        raise InvalidArgument("invalid platform: %s" % e if wrap else str(e))


def _cmd_rmi(client, args, stdio):
    platforms = _platforms(args.platform, wrap=False)
    errors, fatal = [], False
    for name in args.images:
        try:
            for item in as_go_type(client.api.remove_image(
                    name, force=args.force, noprune=args.no_prune, platforms=platforms),
                    "[]image.DeleteResponse"):
                if item.get("Deleted"):
                    stdio.write("Deleted: %s\n" % item["Deleted"])
                else:
                    stdio.write("Untagged: %s\n" % item.get("Untagged", ""))
        except APIError as e:
            fatal = fatal or e.status_code != 404
            errors.append("Error response from daemon: %s" % e.explanation)
    if errors:
        stdio.error("\n".join(errors))
        return 1 if not args.force or fatal else 0
    return 0


_HISTORY_HEADERS = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT",
                    "CreatedBy": "CREATED BY", "Size": "SIZE", "Comment": "COMMENT"}


def _cmd_history(client, args, stdio):
    platform = _platforms([args.platform])
    now, trunc, human = time.time(), not args.no_trunc, args.human
    rows = []
    for h in as_go_type(client.api.history(args.image, platform=platform[0] if platform
                                           else None), "[]image.HistoryResponseItem"):
        created_by = h["CreatedBy"].replace("\t", " ")
        created_at = _rfc3339(h["Created"])
        rows.append(_Row([
            ("ID", truncate_id(h["Id"]) if trunc else h["Id"]),
            ("CreatedSince", created_at if not human else "N/A"
             if h["Created"] <= 946684800 else _ago_seconds(h["Created"], now)),   # 2000-01-01
            ("CreatedAt", created_at),
            ("CreatedBy", ellipsis(created_by, 45) if trunc else created_by),
            ("Size", human_size(h["Size"]) if human else str(h["Size"])),
            ("Comment", h["Comment"])], "*image.historyContext"))
    _format_rows(stdio, rows, _quiet_format(args, "{{.ID}}"),
                 "table {{.ID}}\\t{{.%s}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}"
                 % ("CreatedSince" if human else "CreatedAt"), _HISTORY_HEADERS)
    return 0


def _check_output(path, what):
    """Refuse an -o path docker's atomic writer refuses, before anything is asked of the
    daemon (moby/sys atomicwriter's validateDestination)."""
    def fail(text):
        raise DockerException("failed to %s: %s" % (what, text))
    folder = os.path.dirname(path)
    if folder not in ("", ".", ".."):
        try:
            if not stat.S_ISDIR(os.stat(folder).st_mode):
                fail("invalid output path: stat %s: not a directory" % folder)
        except OSError as e:
            fail("invalid output path: " + go_path_error("stat", folder, e))
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        fail("failed to stat output path: " + go_path_error("lstat", path, e))
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISLNK, "a symbolic link directly"),
                       (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device file"),
                       (stat.S_ISBLK, "a block device file")):
        if test(mode):
            fail("cannot write to " + kind)


def _copy_chunks(open_stream, stdio, path, what):
    """Write what open_stream() returns (an iterable of bytes) to path, atomically as
    docker does (a temporary file beside it, renamed once something was written; mode
    0600), or to stdout when path is empty.  what names the action in errors."""
    import tempfile
    if not path:
        if hasattr(stdio.out, "isatty") and stdio.out.isatty():
            raise DockerException("cowardly refusing to save to a terminal. Use the -o flag "
                                  "or redirect")
        out = getattr(stdio.out, "buffer", None)
        for chunk in open_stream():
            out.write(chunk) if out is not None else stdio.write(chunk.decode("latin-1"))
        stdio.out.flush()
        return 0
    _check_output(path, what)
    target = os.path.abspath(path)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target),
                               prefix=".tmp-" + os.path.basename(path))
    try:
        written = False
        with os.fdopen(fd, "wb") as f:
            for chunk in open_stream():
                f.write(chunk)
                written = written or bool(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        if written:
            os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return 0


def _cmd_save(client, args, stdio):
    platforms = _platforms([args.platform])
    return _copy_chunks(lambda: client.api.save_images(args.images, platforms=platforms),
                        stdio, args.output, "save image")


def _open_input(path):
    """A file to read, in docker's words when it cannot be opened."""
    try:
        return open(path, "rb")
    except OSError as e:
        raise DockerException(go_path_error("open", path, e))


def _cmd_load(client, args, stdio):
    if args.input:
        source = _open_input(args.input)
    elif sys.stdin.isatty():
        raise DockerException("requested load from stdin, but stdin is empty")
    else:
        source = sys.stdin.buffer
    platforms = _platforms([args.platform])
    tty = hasattr(stdio.out, "isatty") and stdio.out.isatty()
    with source:
        # off a terminal docker asks for no progress at all (quiet), as it could not draw it
        messages = client.api.load_image(source, quiet=bool(args.quiet or not tty),
                                         platforms=platforms, stream=True)
        _follow_stream(messages, stdio)
    return 0


def _cmd_import(client, args, stdio):
    src, url, source = args.file, None, None
    if src == "-":
        source = sys.stdin.buffer
    elif src.startswith(("http://", "https://")):
        url = src
    else:
        source = _open_input(src)
    try:
        messages = client.api.import_image(url or source, repository=args.reference,
                                           changes=args.change, stream_src=url is None,
                                           message=args.message, platform=args.platform,
                                           stream=True)
        _follow_stream(messages, stdio)
    finally:
        if source is not None and source is not sys.stdin.buffer:
            source.close()
    return 0


def _cmd_image_inspect(client, args, stdio):
    platform = _platforms([args.platform], wrap=False)
    return _inspect_each(stdio, args.images, lambda name: client.api.inspect_image(
        name, platform=platform[0] if platform else None), args.format)


def _cmd_commit(client, args, stdio):
    repo, tag, _ = split_reference(args.reference) if args.reference else (None, None, None)
    resp = client.api.commit(args.container, repo, tag, message=args.message,
                             author=args.author, pause=args.pause, changes=args.change)
    stdio.write(as_go_type(resp, "types.IdResponse")["Id"] + "\n")
    return 0


def _cmd_search(client, args, stdio):
    filters = _parse_filters(args.filter)
    if "is-automated" in filters:
        stdio.error('WARNING: the "is-automated" filter is deprecated, and searching for '
                    '"is-automated=true" will not yield any results in future.')
    results = as_go_type(client.api.search(args.term, args.limit, filters),
                         "[]registry.SearchResult")
    fmt = args.format or "table"
    # docker's rows say true/false only when marshalled whole ({{json .}})
    as_json = fmt == "json" or "{{json .}}" in fmt.replace(" ", "")
    ok = lambda value: ("true" if value else "false") if as_json else ("[OK]" if value else "")
    rows = []
    for r in results:
        text = r["description"].replace("\n", " ").replace("\r", " ")
        rows.append(_Row([("Description", ellipsis(text, 45) if not args.no_trunc else text),
                          ("IsOfficial", ok(r["is_official"])), ("Name", r["name"]),
                          ("StarCount", str(r["star_count"]))], "*registry.searchContext"))
    _format_rows(stdio, rows, "table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t"
                 "{{.IsOfficial}}" if fmt == "table" else fmt, None,
                 {"Name": "NAME", "Description": "DESCRIPTION", "StarCount": "STARS",
                  "IsOfficial": "OFFICIAL"})
    return 0


def _prune_report(stdio, title, items, space, key=None):
    """One section of a prune's report, as docker prints it ("Deleted X:", the items, a
    blank line); the space it freed (counted only when something was deleted)."""
    if not items:
        return 0
    lines = ["Deleted %s:" % title]
    for item in items:
        if key is None:
            lines.append(item)
        else:
            lines.append("untagged: %s" % item["Untagged"] if item.get("Untagged") else
                         "deleted: %s" % item.get("Deleted", ""))
    stdio.write("\n".join(lines) + "\n\n")
    return space or 0


def _confirm(stdio, warning, force=False):
    """docker's prompt.Confirm: the question, then one line read from stdin; only "y"
    (any case, spaces around) goes on.  force: no question."""
    if force:
        return True
    stdio.write("%s [y/N] " % warning)
    stdio.out.flush()
    return sys.stdin.readline().strip().lower() == "y"


def _prune_filters(args):
    """--filter values, with config.json's pruneFilters added as docker adds them (a
    "label" the command line negates, or the reverse, is left out)."""
    filters = _parse_filters(args.filter)
    for item in load_config(args.globals.config).get("pruneFilters") or ():
        key, eq, value = str(item).partition("=")
        if not eq:
            continue
        opposite = {"label": "label!", "label!": "label"}.get(key)
        if opposite and value in filters.get(opposite, ()):
            continue
        if value not in filters.setdefault(key, []):
            filters[key].append(value)
    return filters


def _prune(stdio, args, warning, prune, title, deleted, total=True, key=None):
    """One prune command: confirm (unless -f), prune, report like docker."""
    if not _confirm(stdio, warning, args.force):
        return 0
    r = as_go_type(prune(), "types.PruneReport")
    space = _prune_report(stdio, title, r.get(deleted), r.get("SpaceReclaimed"), key)
    if total:
        stdio.write("Total reclaimed space: %s\n" % human_size(space, 4))
    return 0


def _cmd_container_prune(client, args, stdio):
    return _prune(stdio, args, "WARNING! This will remove all stopped containers.\n"
                  "Are you sure you want to continue?",
                  lambda: client.api.prune_containers(_prune_filters(args)),
                  "Containers", "ContainersDeleted")


def _cmd_image_prune(client, args, stdio):
    filters = _prune_filters(args)
    filters.setdefault("dangling", []).append("false" if args.all else "true")
    return _prune(stdio, args, "WARNING! This will remove all images without at least one "
                  "container associated to them.\nAre you sure you want to continue?" if args.all
                  else "WARNING! This will remove all dangling images.\nAre you sure you want "
                  "to continue?", lambda: client.api.prune_images(filters), "Images",
                  "ImagesDeleted", key="x")


def _cmd_volume_prune(client, args, stdio):
    filters = _prune_filters(args)
    if args.all:
        if "all" in filters:
            raise InvalidArgument("conflicting options: cannot specify both --all and --filter "
                                  "all=1")
        filters["all"] = ["true"]
    which = "all" if args.all or not client.api.version_at_least("1.42") else "anonymous"
    return _prune(stdio, args, "WARNING! This will remove %s local volumes not used by at least "
                  "one container.\nAre you sure you want to continue?" % which,
                  lambda: client.api.prune_volumes(filters), "Volumes", "VolumesDeleted")


def _cmd_network_prune(client, args, stdio):
    return _prune(stdio, args, "WARNING! This will remove all custom networks not used by at "
                  "least one container.\nAre you sure you want to continue?",
                  lambda: client.api.prune_networks(_prune_filters(args)),
                  "Networks", "NetworksDeleted", total=False)


def _cmd_builder_prune(client, args, stdio):
    return _prune(stdio, args, "WARNING! This will remove all %s build cache. Are you sure you "
                  "want to continue?" % ("build" if args.all else "dangling"),
                  lambda: client.api.prune_builds(_prune_filters(args) or None,
                                                  keep_storage=_size_flag(args.keep_storage),
                                                  all=args.all or None),
                  "build cache objects", "CachesDeleted")


def _size_flag(text):
    """A size flag (checked as it was parsed) in bytes, or None when not given."""
    return _go_ram_in_bytes(text)[0] if text else None


def _cmd_system_prune(client, args, stdio):
    api, filters = client.api, _prune_filters(args)
    if args.volumes and "until" in filters:
        raise DockerException('ERROR: The "until" filter is not supported with "--volumes"')
    cache = api.version_at_least("1.31")
    what = ["all stopped containers", "all networks not used by at least one container"]
    if args.volumes:
        what.append("all anonymous volumes not used by at least one container")
    what.append("all images without at least one container associated to them" if args.all
                else "all dangling images")
    if cache:
        what.append("all build cache" if args.all else "unused build cache")
    shown = sorted(("%s=%s" % (k, v) for k in ("label", "label!", "until")
                    for v in filters.get(k, ())), key=natural_key)
    question = "WARNING! This will remove:\n" + "".join("  - %s\n" % w for w in what)
    if shown:
        question += "\n  Items to be pruned will be filtered with:\n" + \
            "".join("  - %s\n" % f for f in shown)
    if not _confirm(stdio, question + "\nAre you sure you want to continue?", args.force):
        return 0
    r = as_go_type(api.prune_containers(filters), "types.PruneReport")
    space = _prune_report(stdio, "Containers", r.get("ContainersDeleted"), r.get("SpaceReclaimed"))
    r = as_go_type(api.prune_networks(filters), "types.PruneReport")
    _prune_report(stdio, "Networks", r.get("NetworksDeleted"), 0)
    if args.volumes:
        r = as_go_type(api.prune_volumes(filters), "types.PruneReport")
        space += _prune_report(stdio, "Volumes", r.get("VolumesDeleted"), r.get("SpaceReclaimed"))
    r = as_go_type(api.prune_images(dict(filters, dangling=["false" if args.all else "true"])),
                   "types.PruneReport")
    space += _prune_report(stdio, "Images", r.get("ImagesDeleted"), r.get("SpaceReclaimed"), "x")
    if cache:
        r = as_go_type(api.prune_builds(filters or None, all=args.all or None),
                       "types.PruneReport")
        space += _prune_report(stdio, "build cache objects", r.get("CachesDeleted"),
                               r.get("SpaceReclaimed"))
    stdio.write("Total reclaimed space: %s\n" % human_size(space, 4))
    return 0


def _cmd_system_df(client, args, stdio):
    df = as_go_type(client.api.df(), "types.DiskUsage")
    rows = []
    images = df.get("Images") or []
    total = df.get("LayersSize") or 0
    used = sum(i["Size"] - i.get("SharedSize", 0) for i in images
               if i.get("Containers", 0) > 0 and i.get("Size", -1) != -1 and
               i.get("SharedSize", 0) != -1)
    rows.append(("Images", len(images), sum(1 for i in images if i.get("Containers", 0) > 0),
                 total, total - used, True))
    containers = df.get("Containers") or []
    active = [c for c in containers if c.get("State") in ("running", "paused", "restarting")]
    size = sum(c.get("SizeRw") or 0 for c in containers)
    rows.append(("Containers", len(containers), len(active), size,
                 size - sum(c.get("SizeRw") or 0 for c in active), True))
    volumes = df.get("Volumes") or []
    usage = [(v.get("UsageData") or {}) for v in volumes]
    vsize = sum(u.get("Size", 0) for u in usage if u.get("Size", -1) != -1)
    rows.append(("Local Volumes", len(volumes), sum(1 for u in usage if u.get("RefCount", 0) > 0),
                 vsize, sum(u.get("Size", 0) for u in usage
                            if u.get("RefCount", 0) == 0 and u.get("Size", -1) != -1), True))
    cache = df.get("BuildCache") or []
    csize = sum(b.get("Size", 0) for b in cache if not b.get("Shared"))
    rows.append(("Build Cache", len(cache), sum(1 for b in cache if b.get("InUse")), csize,
                 sum(b.get("Size", 0) for b in cache if not b.get("InUse") and
                     not b.get("Shared")), False))
    fmt = args.format or "table"
    if args.verbose:
        return _system_df_verbose(df, fmt, stdio)
    out = []
    for kind, count, active_count, size, reclaimable, percent in rows:
        text = human_size(reclaimable, 4)
        if percent and size > 0:
            text += " (%d%%)" % (reclaimable * 100 // size)
        context = {"Images": "Images", "Containers": "Containers", "Local Volumes": "Volumes",
                   "Build Cache": "Builder"}[kind]
        out.append(_Row([("Type", kind), ("TotalCount", str(count)),
                         ("Active", str(active_count)), ("Size", human_size(size, 4)),
                         ("Reclaimable", text)], "*formatter.diskUsage%sContext" % context))
    if fmt == "table":
        fmt = "table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}"
    elif fmt == "raw":
        fmt = "type: {{.Type}}\\ntotal: {{.TotalCount}}\\nactive: {{.Active}}\\nsize: {{.Size}}" \
            "\\nreclaimable: {{.Reclaimable}}\\n"
    _format_rows(stdio, out, fmt, None, {"Type": "TYPE", "TotalCount": "TOTAL",
                                         "Active": "ACTIVE", "Size": "SIZE",
                                         "Reclaimable": "RECLAIMABLE"})
    return 0


_BUILD_CACHE_HEADERS = {"ID": "CACHE ID", "Parent": "PARENT", "CacheType": "CACHE TYPE",
                        "Size": "SIZE", "CreatedSince": "CREATED", "LastUsedSince": "LAST USED",
                        "UsageCount": "USAGE", "InUse": "IN USE", "Shared": "SHARED",
                        "Description": "DESCRIPTION"}


def _since(now, text):
    """"3 hours ago" for an Engine time (docker's units.HumanDuration)."""
    when = _engine_time(text)
    return human_duration(now - (when.timestamp() if when else now)) + " ago"


def _build_cache_row(b, now, trunc):
    """docker's buildCacheContext fields for one build cache record (a build.CacheRecord)."""
    ident = truncate_id(b["ID"]) if trunc else b["ID"]
    parent = ", ".join(b["Parents"]) or b["Parent"]
    last = b["LastUsedAt"]
    return _Row([("CacheType", b["Type"]), ("CreatedAt", _go_time_text(b["CreatedAt"])),
                 ("CreatedSince", _since(now, b["CreatedAt"])), ("Description", b["Description"]),
                 ("ID", ident + ("*" if b["InUse"] else "")), ("InUse", _go_print(b["InUse"])),
                 ("LastUsedAt", _go_time_text(last) if last else ""),
                 ("LastUsedSince", _since(now, last) if last else ""),
                 ("Parent", truncate_id(parent) if trunc else parent),
                 ("Shared", _go_print(b["Shared"])), ("Size", human_size(b["Size"])),
                 ("UsageCount", str(b["UsageCount"]))], "*formatter.buildCacheContext")


def _system_df_verbose(df, fmt, stdio):
    """docker system df -v: each kind of object in a table of its own, or with --format
    a template over {Images, Containers, Volumes, BuildCache} (lists of rows)."""
    now, trunc = time.time(), fmt == "table" or fmt.startswith("table")
    images = []
    for img in df.get("Images") or []:
        repo = tag = "<none>"
        tags = img.get("RepoTags") or []
        if tags and tags != ["<none>:<none>"]:
            try:
                name, parsed_tag, _ = parse_reference(tags[0])
            except InvalidArgument:
                continue
            if parsed_tag:
                repo, tag = familiar_name(name), parsed_tag
        images.append(_image_context(img, repo, tag, "<none>", now, trunc))
    containers = [_ps_context(dict(c, SizeRootFs=0), now, trunc)
                  for c in df.get("Containers") or []]
    volumes = [_volume_row(v) for v in df.get("Volumes") or []]
    caches = sorted(df["BuildCache"], key=lambda b: (
        b["LastUsedAt"] is not None, _engine_time(b["LastUsedAt"]).timestamp()
        if _engine_time(b["LastUsedAt"]) else 0, b["ID"]))
    cache_rows = [_build_cache_row(b, now, trunc) for b in caches]
    if fmt != "table":
        if fmt == "raw":
            raise InvalidArgument("docksock's system df -v has no raw format")
        tmpl = _parse_format("{{json .}}" if fmt == "json" else
                             fmt.replace("\\t", "\t").replace("\\n", "\n"), status=64)
        stdio.write(_render(tmpl, {"Images": images, "Containers": containers,
                                   "Volumes": volumes, "BuildCache": cache_rows}))
        return 0
    cache_size = sum(b.get("Size", 0) for b in df.get("BuildCache") or [] if not b.get("Shared"))
    for title, rows, table, headers in (
            ("Images space usage:\n\n", images, "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t"
             "{{.CreatedSince}}\\t{{.Size}}\\t{{.SharedSize}}\\t{{.UniqueSize}}\\t"
             "{{.Containers}}", _IMAGE_HEADERS),
            ("\nContainers space usage:\n\n", containers, "table {{.ID}}\\t{{.Image}}\\t"
             "{{.Command}}\\t{{.LocalVolumes}}\\t{{.Size}}\\t{{.RunningFor}}\\t{{.Status}}\\t"
             "{{.Names}}", _PS_HEADERS),
            ("\nLocal Volumes space usage:\n\n", volumes, "table {{.Name}}\\t{{.Links}}\\t"
             "{{.Size}}", _VOLUME_HEADERS),
            ("\nBuild cache usage: %s\n\n" % human_size(cache_size, 4), cache_rows,
             "table {{.ID}}\\t{{.CacheType}}\\t{{.Size}}\\t{{.CreatedSince}}\\t"
             "{{.LastUsedSince}}\\t{{.UsageCount}}\\t{{.Shared}}", _BUILD_CACHE_HEADERS)):
        stdio.write(title)
        _format_rows(stdio, rows, table, None, headers)
    return 0


# ---- networks and volumes ----

_NETWORK_HEADERS = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE",
                    "IPv4": "IPV4", "IPv6": "IPV6", "Internal": "INTERNAL", "Labels": "LABELS",
                    "CreatedAt": "CREATED AT"}


def _go_time_text(rfc3339):
    """An RFC 3339 time from the daemon as Go's time.Time.String() prints it:
    "2026-12-03 04:52:18.869532202 +0000 UTC" (the zone as given, UTC for "Z")."""
    m = re.match(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)\Z",
                 rfc3339 or "")
    if not m:
        return "0001-01-01 00:00:00 +0000 UTC"
    fraction = (m.group(3) or "").rstrip("0")
    zone = m.group(4)
    zone = "+0000 UTC" if zone == "Z" else "%s %s" % (zone.replace(":", ""),
                                                       zone.replace(":", ""))
    return "%s %s%s %s" % (m.group(1), m.group(2), "." + fraction if fraction else "", zone)


def _list_format(args, config_key, table, raw, quiet_raw, quiet="{{.ID}}"):
    """The format of an ls command as docker picks it: --format, else config.json's (not
    with -q), else the table; "table" and "raw" mean the command's own."""
    fmt, is_quiet = args.format or "", args.quiet
    if not fmt:
        configured = load_config(args.globals.config).get(config_key)
        fmt = configured if configured and not is_quiet else "table"
    if fmt == "table":
        return quiet if is_quiet else table
    if fmt == "raw":
        return quiet_raw if is_quiet else raw
    return fmt


def _cmd_network_ls(client, args, stdio):
    nets = sorted(as_go_type(client.api.networks(filters=_parse_filters(args.filter)),
                             "[]network.Summary"), key=lambda n: natural_key(n["Name"]))
    trunc = not args.no_trunc
    rows = [_Row([("ID", truncate_id(n["Id"]) if trunc else n["Id"]), ("Name", n["Name"]),
                  ("Driver", n["Driver"]), ("Scope", n["Scope"]),
                  ("IPv4", str(n["EnableIPv4"]).lower()), ("IPv6", str(n["EnableIPv6"]).lower()),
                  ("Internal", str(n["Internal"]).lower()), ("Labels", _labels_text(n["Labels"])),
                  ("CreatedAt", _go_time_text(n["Created"]))], "*network.networkContext",
                 _label_method(n["Labels"])) for n in nets]
    fmt = _list_format(args, "networksFormat",
                       "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}",
                       "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\n"
                       "scope: {{.Scope}}\\n", "network_id: {{.ID}}")
    _format_rows(stdio, rows, fmt, None, _NETWORK_HEADERS)
    return 0


def _ipam_config(args):
    """--subnet, --ip-range, --gateway, --aux-address, --ipam-driver and --ipam-opt as
    docker's createIPAMConfig pairs them: each range, gateway and aux address in the
    subnet that holds it."""
    import ipaddress

    def network(cidr, what="invalid subnet: "):
        try:
            return ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            raise InvalidArgument("%sinvalid CIDR address: %s" % (what, cidr))

    def inside(subnet, value):
        net = network(subnet)
        try:
            address = network(value, "").network_address if "/" in value else \
                ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == net.version and address in net
    subnets, ranges, gateways = args.subnet, args.ip_range, args.gateway
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise InvalidArgument("every ip-range or gateway must have a corresponding subnet")
    pools = {}
    for s in subnets:
        for other in pools:
            if inside(s, other) or inside(other, s):
                raise InvalidArgument("multiple overlapping subnet configuration is not "
                                      "supported")
        pools[s] = {"Subnet": s, "AuxiliaryAddresses": {}}
    for key, values, field in (("range", ranges, "IPRange"), ("gateway", gateways, "Gateway")):
        for value in values:
            if field == "IPRange":
                network(value, "")
            match = [s for s in subnets if inside(s, value)]
            if not match:
                raise InvalidArgument("no matching subnet for %s %s" % (key, value))
            for s in match:
                if pools[s].get(field):
                    raise InvalidArgument("cannot configure multiple %ss (%s, %s) %s the same "
                                          "subnet (%s)" % (key if key == "gateway" else "range",
                                                           value, pools[s][field],
                                                           "for" if key == "gateway" else "on",
                                                           s))
                pools[s][field] = value
    for key, value in (_key_values(args.aux_address) or {}).items():
        match = [s for s in subnets if inside(s, value)]
        if not match:
            raise InvalidArgument("no matching subnet for aux-address %s" % value)
        for s in match:
            pools[s]["AuxiliaryAddresses"][key] = value
    return {"Driver": args.ipam_driver, "Config": list(pools.values()),
            "Options": _key_values(args.ipam_opt) or {}}


def _cmd_network_create(client, args, stdio):
    resp = client.api.create_network(
        args.name, driver=args.driver, options=_key_values(args.opt) or {},
        ipam=_ipam_config(args), internal=args.internal, labels=_key_values(args.label) or {},
        enable_ipv4=args.ipv4 if "ipv4" in args.changed else None,
        enable_ipv6=args.ipv6 if "ipv6" in args.changed else None,
        attachable=args.attachable, ingress=args.ingress, scope=args.scope or None,
        config_only=args.config_only, config_from=args.config_from or None)
    stdio.write(as_go_type(resp, "types.IdResponse")["Id"] + "\n")
    return 0


def _key_values(items):
    """["k=v", "flag"] -> {"k": "v", "flag": ""} (None for no items)."""
    if not items:
        return None
    return dict((item.split("=", 1) + [""])[:2] for item in items)


def _cmd_network_rm(client, args, stdio):
    status = 0
    for name in args.networks:
        try:
            net = as_go_type(client.api.inspect_network(name), "network.Inspect")
        except (APIError, ProtocolError):     # docker: no prompt when the inspect fails
            net = {"Ingress": False}
        if net["Ingress"] and not _confirm(stdio, (
                "WARNING! Before removing the routing-mesh network, make sure all the nodes "
                "in your swarm run the same docker engine version. Otherwise, removal may not "
                "be effective and functionality of newly create ingress networks will be "
                "impaired.\nAre you sure you want to continue?")):
            continue
        try:
            client.api.remove_network(name)
        except APIError as e:
            if not (args.force and e.status_code == 404):
                stdio.error("Error response from daemon: %s" % e.explanation)
                status = 1
            continue
        stdio.write(name + "\n")
    if status:
        stdio.error("exit status %d" % status)    # docker's StatusError says so too
    return status


def _cmd_network_connect(client, args, stdio):
    driver_opts = {}
    for item in args.driver_opt:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise InvalidArgument("invalid key/value pair format in driver options")
        driver_opts[key.strip()] = value.strip()
    client.api.connect_container_to_network(
        args.container, args.network, ipv4_address=args.ip or None,
        ipv6_address=args.ip6 or None, aliases=args.alias or None, links=args.link or None,
        link_local_ips=args.link_local_ip or None, driver_opt=driver_opts or None,
        gw_priority=args.gw_priority or None)
    return 0


def _cmd_network_disconnect(client, args, stdio):
    client.api.disconnect_container_from_network(args.container, args.network, args.force)
    return 0


def _cmd_network_inspect(client, args, stdio):
    return _inspect_each(stdio, args.networks, lambda name: client.api.inspect_network(
        name, verbose=args.verbose or None), args.format)


_VOLUME_HEADERS = {"ID": "ID", "Driver": "DRIVER", "Name": "VOLUME NAME", "Scope": "SCOPE",
                   "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Links": "LINKS",
                   "Size": "SIZE", "Group": "GROUP", "Availability": "AVAILABILITY",
                   "Status": "STATUS"}


def _volume_row(v):
    """docker's volumeContext fields for one volume."""
    usage, cluster = v["UsageData"], v["ClusterVolume"]
    spec = cluster["Spec"] if cluster is not None else None
    status = "N/A"
    if cluster is not None:
        nodes = len(cluster["PublishStatus"])
        status = "pending creation" if cluster["Info"] is None or \
            not cluster["Info"]["VolumeID"] else \
            "created" if not nodes else "in use (1 node)" if nodes == 1 else \
            "in use (%d nodes)" % nodes
    return _Row([("Availability", spec["Availability"] if cluster is not None else "N/A"),
                 ("Driver", v["Driver"]),
                 ("Group", spec["Group"] if cluster is not None else "N/A"),
                 ("Labels", _labels_text(v["Labels"])),
                 ("Links", str(usage["RefCount"]) if usage is not None else "N/A"),
                 ("Mountpoint", v["Mountpoint"]), ("Name", v["Name"]), ("Scope", v["Scope"]),
                 ("Size", human_size(usage["Size"], 4) if usage is not None else "N/A"),
                 ("Status", status)], "*formatter.volumeContext", _label_method(v["Labels"]))


def _cmd_volume_ls(client, args, stdio):
    vols = sorted(as_go_type(client.api.volumes(_parse_filters(args.filter)),
                             "volume.ListResponse")["Volumes"], key=lambda v: natural_key(v["Name"]))
    fmt = _list_format(args, "volumesFormat", "table {{.Driver}}\\t{{.Name}}",
                       "name: {{.Name}}\\ndriver: {{.Driver}}\\n", "name: {{.Name}}", "{{.Name}}")
    _format_rows(stdio, [_volume_row(v) for v in vols], fmt, None, _VOLUME_HEADERS)
    return 0


def _cmd_volume_create(client, args, stdio):
    v = client.api.create_volume(args.name, args.driver, _key_values(args.opt) or {},
                                 _key_values(args.label) or {})
    stdio.write(as_go_type(v, "volume.Volume")["Name"] + "\n")
    return 0


def _cmd_volume_rm(client, args, stdio):
    return _each(args.volumes, stdio, lambda v: client.api.remove_volume(v, force=args.force))


def _cmd_volume_inspect(client, args, stdio):
    return _inspect_each(stdio, args.volumes, client.api.inspect_volume, args.format)


def _cmd_volume_update(client, args, stdio):
    cluster = as_go_type(client.api.inspect_volume(args.volume), "volume.Volume")["ClusterVolume"]
    if cluster is None:
        raise InvalidArgument("can only update cluster volumes")
    spec = cluster["Spec"]
    if "availability" in args.changed:
        spec["Availability"] = args.availability
    client.api.update_volume(cluster["ID"], cluster["Version"]["Index"], spec)
    return 0


# ---- containers: export, diff, rename, update ----

def _cmd_export(client, args, stdio):
    return _copy_chunks(lambda: client.api.export(args.container), stdio, args.output,
                        "export container")


def _cmd_diff(client, args, stdio):
    kinds = {0: "C", 1: "A", 2: "D"}
    stdio.write("".join("%s %s\n" % (kinds.get(c.get("Kind"), "?"), c.get("Path"))
                        for c in as_go_type(client.api.diff(args.container),
                                        "[]container.FilesystemChange")))
    return 0


def _cmd_rename(client, args, stdio):
    client.api.rename(args.container, args.new_name)
    return 0


def _cmd_update(client, args, stdio):
    quota = period = None
    if args.cpus:
        period = 100000
        quota = int(float(args.cpus) * period)
    restart = {"Name": args.restart.split(":")[0]} if args.restart else None
    if restart and ":" in args.restart:
        restart["MaximumRetryCount"] = int(args.restart.split(":", 1)[1])
    return _each(args.containers, stdio, lambda c: client.api.update_container(
        c, mem_limit=args.memory, memswap_limit=args.memory_swap, cpu_shares=args.cpu_shares,
        cpu_quota=quota, cpu_period=period, cpuset_cpus=args.cpuset_cpus,
        restart_policy=restart))


def _cmd_cp(client, args, stdio):
    src, dest = args.src, args.dest
    src_in = ":" in src and not src.startswith(("/", "."))
    dest_in = ":" in dest and not dest.startswith(("/", "."))
    if src_in == dest_in:
        stdio.error("copying between containers is not supported" if src_in else
                    "must specify at least one container source")
        return 1
    api = client.api
    if src_in:
        container, path = src.split(":", 1)
        if dest == "-":
            chunks, _ = api.get_archive(container, path)
            return _copy_chunks(chunks, stdio, None)
        api.copy_from(container, path, dest, archive=args.archive)
        if not args.quiet and stdio.err.isatty():
            stdio.error("Successfully copied to %s" % dest)
        return 0
    container, path = dest.split(":", 1)
    api.copy_to(container, src, path, archive=args.archive, follow_link=args.follow_link)
    return 0


def _in_container():
    """Whether this process runs in a container, and the evidence."""
    for path, what in (("/.dockerenv", "Docker"), ("/run/.containerenv", "Podman")):
        if os.path.exists(path):
            return "yes (%s: %s exists)" % (what, path)
    try:
        with open("/proc/1/cgroup") as f:
            cgroup = f.read()
    except OSError:
        cgroup = ""
    for word in ("docker", "kubepods", "containerd", "libpod"):
        if word in cgroup:
            return "yes (/proc/1/cgroup mentions %s)" % word
    return "no"


def _cmd_doctor(client, args, stdio):
    api, ep = client.api, client.api.endpoint
    stdio.write("Endpoint: %s\n  chosen from: %s\n" % (ep.url, ep.source))
    if ep.source == "default":
        stdio.write("  (no --host, no DOCKER_HOST, no DOCKER_CONTEXT, no currentContext in %s)\n"
                    % os.path.join(config_dir(api.environ), "config.json"))
    usable = False
    if ep.scheme == "unix":
        stdio.write("Sockets (in the order tried):\n")
        for path in (ep.address,) + ep.candidates:
            r = socket_report(path)
            if not r["exists"]:
                stdio.write("  %s: %s\n" % (path, r["error"] or "missing"))
                continue
            line = "  %s: %s, %s %s:%s" % (path, r["kind"], r["mode"], r["owner"], r["group"])
            if r["kind"] != "socket":
                stdio.write(line + "\n    problem: a %s stands where the socket should be; it is "
                            "no daemon. Remove it, or point DOCKER_HOST at the real socket\n"
                            % r["kind"])
                continue
            failure = probe_socket(path)
            if failure is None:
                stdio.write(line + ", can open: yes\n")
            elif failure[0] == errno.EACCES:
                stdio.write(line + ", can open: no (permission denied)\n    fix: add user "
                            "uid %d to the '%s' group (then log in again), or run as root\n"
                            % (os.getuid(), r["group"]))
            else:
                stdio.write(line + ", can open: no (%s)\n    problem: nothing is listening; "
                            "the daemon is not running or the socket is stale\n" % failure[1])
    try:
        v = as_go_type(api.version(), "types.Version")
        stdio.write("Daemon: answering at %s\n  %s %s (API %s, minimum %s); docksock speaks API "
                    "%s\n" % (api.socket_path and "unix://" + api.socket_path or ep.url,
                              ((v.get("Platform") or {}).get("Name") or "Engine"),
                              v.get("Version"), v.get("ApiVersion"), v.get("MinAPIVersion"),
                              api.api_version))
        usable = True
    except DockerException as e:
        stdio.write("Daemon: not usable\n  %s\n" % str(e).replace("\n", "\n  "))
        if ep.scheme == "unix" and not os.path.exists(ep.address):
            stdio.write("  fix: start the daemon, set DOCKER_HOST=unix:///path/to/docker.sock, "
                        "or when in a container mount the host's socket: "
                        "-v /var/run/docker.sock:/var/run/docker.sock\n")
    stdio.write("Inside a container: %s\n" % _in_container())
    return 0 if usable else 1


def _cmd_proxy(client, args, stdio):
    import signal
    if not args.listen:
        raise InvalidArgument('required flag(s) "listen" not set')
    allow = [a.strip() for a in ",".join(args.allow or ()).split(",") if a.strip()]
    policy = ProxyPolicy(allow, read_only=args.read_only, rules=args.rule or (),
                         label=args.label, deny_privileged=args.deny_privileged,
                         deny_host_namespaces=args.deny_host_namespaces,
                         allow_bind=args.allow_bind, deny_cap_add=args.deny_cap_add,
                         deny_devices=args.deny_devices)
    log = None
    if not args.quiet:
        log = lambda line: (stdio.err.write(line + "\n"), stdio.err.flush())
    # Without --upstream, the client's own connection: its endpoint as resolved, with
    # socket discovery, TLS and ssh as they are.
    proxy = Proxy(args.listen, args.upstream or client.api, policy, log=log,
                  mode=int(args.mode, 8) if args.mode else None, group=args.group,
                  header_timeout=args.header_timeout, idle_timeout=args.idle_timeout,
                  max_connections=args.max_connections)
    try:
        proxy.check_upstream()
    except DockerException:
        proxy.shutdown()
        raise
    stop = threading.Event()

    def on_term(*_):
        stop.set()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_term)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    stdio.error("docksock proxy: listening on %s, upstream %s, allowing %s (classes %s)" % (
        args.listen, proxy.upstream.url, ", ".join(sorted(policy.allow)) or "nothing",
        ", ".join(c for c in PROXY_CLASSES if c in policy.classes)))
    for warning in policy.warnings():
        stdio.error("docksock proxy: warning: " + warning)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        proxy.shutdown()
        thread.join(5)
    return 0


# ---- contexts: docker's context store, shared with docker ----

class _ContextSession:
    """What the context commands work on in place of a client: the store, the name of
    the context in use, and the default context as --host, DOCKER_HOST and the TLS
    options make it (resolved when asked for)."""

    def __init__(self, store, current, default_endpoint):
        self.store = store
        self.current = current
        self._default_endpoint = default_endpoint    # a callable -> Endpoint

    def _default(self):
        ep = self._default_endpoint()
        tls = {}
        if ep.tls is not None:
            for fname, path in zip(("ca.pem", "cert.pem", "key.pem"),
                                   (ep.tls.ca_cert,) + (ep.tls.client_cert or (None, None))):
                if path:
                    with open(path, "rb") as f:
                        tls[fname] = f.read()
        meta = {"Name": "default", "Metadata": {},
                "Endpoints": {"docker": {"Host": ep.url, "SkipTLSVerify":
                                         ep.tls is not None and not ep.tls.verify}}}
        return meta, {"docker": tls} if tls else {}

    def get(self, name):
        return self._default()[0] if name == "default" else self.store.get(name)

    def tls_files(self, name):
        if name == "default":
            return {ep: sorted(files) for ep, files in self._default()[1].items()}
        return self.store.tls_files(name)

    def export(self, name, description=None):
        if name == "default":
            meta, tls = self._default()
            return self.store.export(name, description, meta, tls)
        return self.store.export(name, description)


def _context_session(gopts, environ, cfg, tls):
    store = ContextStore(cfg, environ)

    def default_endpoint():
        return resolve_endpoint(gopts.host, None if gopts.host else "default", environ, tls,
                                cfg)
    return _ContextSession(store, store.current(gopts.host, gopts.context), default_endpoint)


def _docker_host_warning(stdio, environ, name=None):
    if environ.get("DOCKER_HOST"):
        stdio.error("Warning: DOCKER_HOST environment variable overrides the active context. "
                    "To use %s, either set the global --context flag, or unset DOCKER_HOST "
                    "environment variable." % ('"%s"' % name if name else "a context"))


def _context_description(meta):
    """(description, error) of a context's metadata, as docker's GetDockerContext reads it."""
    if meta.get("Name") == "default":
        return "Current DOCKER_HOST based configuration", ""
    data = meta.get("Metadata")
    if data is not None and not (isinstance(data, dict) and
                                 isinstance(data.get("Description", ""), str)):
        return "", "context metadata is not a valid DockerContext"
    return (data or {}).get("Description", ""), ""


def _cmd_context_ls(session, args, stdio):
    current = session.current
    metas = session.store.list() + [session.get("default")]
    rows = []
    for meta in metas:
        description, error = _context_description(meta)
        endpoint = (meta.get("Endpoints") or {}).get("docker")
        if not error and not isinstance(endpoint, dict):
            error = "cannot find docker endpoint in context"
        rows.append((meta.get("Name") or "", description, (endpoint or {}).get("Host", "")
                     if isinstance(endpoint, dict) else "", error))
    if current not in [r[0] for r in rows]:
        try:
            session.get(current)
            error = ""
        except DockerException as e:
            error = str(e)
        rows.append((current, "", "", error))
    rows.sort(key=lambda r: natural_key(r[0]))
    out = [_Row([("Current", name == current), ("Description", description),
                 ("DockerEndpoint", host), ("Error", ellipsis(error, 45)), ("Name", name)])
           for name, description, host, error in rows]
    fmt = "{{.Name}}" if args.quiet else args.format or "table"
    _format_rows(stdio, out, "table {{.Name}}{{if .Current}} *{{end}}\\t{{.Description}}\\t"
                 "{{.DockerEndpoint}}\\t{{.Error}}" if fmt == "table" else fmt, "",
                 {"Name": "NAME", "Current": "", "Description": "DESCRIPTION",
                  "DockerEndpoint": "DOCKER ENDPOINT", "Error": "ERROR"})
    _docker_host_warning(stdio, session.store.environ)
    return 0


def _cmd_context_show(session, args, stdio):
    stdio.write(session.current + "\n")
    return 0


def _cmd_context_use(session, args, stdio):
    session.store.use(args.context)
    stdio.write(args.context + "\n")
    stdio.error('Current context is now "%s"' % args.context)
    if args.context != "default":
        _docker_host_warning(stdio, session.store.environ, args.context)
    return 0


def _cmd_context_inspect(session, args, stdio):
    tmpl = _inspect_template(args.format)
    results = []
    for name in args.contexts or [session.current]:
        try:
            meta = session.get(name)
            paths = ("<IN MEMORY>", "<IN MEMORY>") if name == "default" else \
                session.store.storage(name)
            results.append((dict(meta, TLSMaterial=session.tls_files(name),
                              Storage={"MetadataPath": paths[0], "TLSPath": paths[1]}), None))
        except DockerException as e:
            results.append((None, str(e)))
    return _write_inspect(stdio, results, args.format, tmpl, raw=False)


def _context_endpoint(store, spec):
    """The docker endpoint (metadata, TLS files) a --docker value describes."""
    try:
        return _context_endpoint_of(store, spec)
    except DockerException as e:
        raise InvalidArgument("unable to create docker endpoint config: %s" % e)


def _context_endpoint_of(store, spec):
    unknown = sorted(set(spec) - {"from", "host", "ca", "cert", "key", "skip-tls-verify"})
    if unknown:
        raise InvalidArgument("\n".join("unrecognized config key: " + k for k in unknown))
    if "from" in spec:
        return store.docker_endpoint(from_context=spec["from"])
    skip = spec.get("skip-tls-verify", "false")
    skip_value = {"1": True, "t": True, "T": True, "true": True, "TRUE": True, "True": True,
                  "0": False, "f": False, "F": False, "false": False, "FALSE": False,
                  "False": False}.get(skip)
    if skip_value is None:
        raise InvalidArgument('skip-tls-verify: parsing %s: invalid syntax' % go_quote(skip))
    return store.docker_endpoint(spec.get("host"), spec.get("ca"), spec.get("cert"),
                                 spec.get("key"), skip_value)


def _cmd_context_create(session, args, stdio):
    store, name = session.store, args.context
    store.validate_name(name)
    if store.exists(name):
        raise InvalidArgument('context "%s" already exists' % name)
    source = getattr(args, "from")
    if "docker" in args.changed and source:
        raise InvalidArgument("cannot use --docker flag when --from is set")
    if "docker" in args.changed:
        endpoint, tls = _context_endpoint(store, args.docker)
        store.create(name, endpoint, tls, args.description)
    else:
        source = source or session.current
        data = session.export(source, args.description or (
            "Current DOCKER_HOST based configuration" if source == "default" else None))
        store.import_archive(name, data)
    stdio.write(name + "\n")
    stdio.error('Successfully created context "%s"' % name)
    return 0


def _cmd_context_update(session, args, stdio):
    store, name = session.store, args.context
    store.validate_name(name)
    meta = store.get(name)
    error = _context_description(meta)[1]
    if error:
        raise InvalidArgument(error)
    endpoint = tls = None
    if "docker" in args.changed:
        endpoint, tls = _context_endpoint(store, args.docker)
    store.update(name, endpoint, tls, args.description)
    stdio.write(name + "\n")
    stdio.error('Successfully updated context "%s"' % name)
    return 0


def _cmd_context_rm(session, args, stdio):
    errors = []
    for name in args.contexts:
        if name == "default":
            errors.append('context "default" cannot be removed')
            continue
        if name == session.current:
            if not args.force:
                errors.append('context "%s" is in use, set -f flag to force remove' % name)
                continue
            session.store.use("default")
        if not args.force and not os.path.isdir(session.store.storage(name)[0]):
            errors.append('context "%s" does not exist' % name)
            continue
        session.store.remove(name)
        stdio.write(name + "\n")
    if errors:
        stdio.error("\n".join(errors))
        return 1
    return 0


def _cmd_context_export(session, args, stdio):
    name = args.context
    if name != "default":
        session.store.validate_name(name)
    dest = args.file or name + ".dockercontext"
    if dest == "-":
        if stdio.out.isatty():
            raise InvalidArgument("cowardly refusing to export to a terminal, specify a file "
                                  "path")
        data = session.export(name)
        stdio.write_bytes(data)
        return 0
    try:
        fd = os.open(dest, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as e:
        raise DockerException(go_path_error("open", dest, e))
    with os.fdopen(fd, "wb") as f:
        f.write(session.export(name))
    stdio.error('Written file "%s"' % dest)
    return 0


def _cmd_context_import(session, args, stdio):
    store, name = session.store, args.context
    store.validate_name(name)
    if store.exists(name):
        raise InvalidArgument('context "%s" already exists' % name)
    store.import_archive(name, sys.stdin.buffer if args.file == "-" else args.file)
    stdio.write(name + "\n")
    stdio.error('Successfully imported context "%s"' % name)
    return 0


# ---- swarm: docker's swarm, node, service, secret and config commands ----

# API versions docker 28 requires for these flags (its "version" annotations): a daemon
# older than that gets docker's refusal, before anything is sent.
_SWARM_FLAG_VERSIONS = dict(pair.split("=") for pair in """
oom-score-adj=1.46 health-start-interval=1.44 cap-add=1.41 cap-drop=1.41 limit-pids=1.41
max-concurrent=1.41 ulimit=1.41 ulimit-add=1.41 ulimit-rm=1.41 sysctl=1.40 sysctl-add=1.40
sysctl-rm=1.40 replicas-max-per-node=1.40 data-path-port=1.40 default-addr-pool=1.39
default-addr-pool-mask-length=1.39 init=1.37 template-driver=1.37 isolation=1.35
generic-resource-add=1.32 generic-resource-rm=1.32 data-path-addr=1.31 driver=1.31
config=1.30 config-add=1.30 config-rm=1.30 no-resolve-image=1.30 raw=1.30 details=1.30
network-add=1.29 network-rm=1.29 credential-spec=1.29 detach=1.29 health-start-period=1.29
update-order=1.29 rollback-order=1.29 placement-pref=1.28 placement-pref-add=1.28
placement-pref-rm=1.28 rollback-parallelism=1.28 rollback-delay=1.28 rollback-monitor=1.28
rollback-failure-action=1.28 rollback-max-failure-ratio=1.28 read-only=1.28 stop-signal=1.28
""".split())
# Whole commands: docker 28's "version" annotations above the floor (1.24).
_SWARM_COMMAND_VERSIONS = {"swarm ca": "1.30", "service rollback": "1.31",
                           "service logs": "1.29"}


def _swarm_flags(client, args, path):
    """The flags given on the command line, {name: value}, after docker's API version
    checks of the command and of each flag."""
    version = client.api.api_version
    below = lambda v: _version_key(version) < _version_key(v)
    need = _SWARM_COMMAND_VERSIONS.get(path)
    if need and below(need):
        raise DockerException("docker %s requires API version %s, but the Docker daemon API "
                              "version is %s" % (path, need, version))
    errors = ['"--%s" requires API version %s, but the Docker daemon API version is %s'
              % (name, _SWARM_FLAG_VERSIONS[name], version) for name in sorted(args.changed)
              if name in _SWARM_FLAG_VERSIONS and below(_SWARM_FLAG_VERSIONS[name])]
    if errors:
        raise DockerException("\n".join(errors))
    return {name: getattr(args, name.replace("-", "_")) for name in args.changed}


def _version_key(v):
    return tuple(int(p) for p in v.split("."))


def _swarm_ago(ts, now):
    return _ago(ts, now) if ts else ""


# ---- swarm ----

def _join_command(client, node_id, worker, manager, stdio):
    node = as_go_type(client.api.inspect_node(node_id), "swarm.Node")
    tokens = as_go_type(client.api.inspect_swarm(), "swarm.Swarm")["JoinTokens"]
    addr = (node.get("ManagerStatus") or {}).get("Addr")
    if addr is None:
        return
    for role, wanted in (("worker", worker), ("manager", manager)):
        if wanted:
            stdio.write("To add a %s to this swarm, run the following command:\n\n    docksock "
                        "swarm join --token %s %s\n\n" % (role, tokens[role.capitalize()], addr))


def _unlock_command(stdio, key):
    if key:
        stdio.write("To unlock a swarm manager after it restarts, run the `docksock swarm unlock`"
                    "\ncommand and provide the following key:\n\n    %s\n\nRemember to store "
                    "this key in a password manager, since without it you\nwill not be able to "
                    "restart the manager.\n" % key)


def _cmd_swarm_init(client, args, stdio):
    flags = _swarm_flags(client, args, "swarm init")
    listen = _node_addr(args.listen_addr)
    node_id = as_go_type(client.api.init_swarm(
        advertise_addr=args.advertise_addr or None, listen_addr=listen,
        force_new_cluster=args.force_new_cluster, swarm_spec=swarm_spec_from_flags(flags, {}),
        default_addr_pool=_address_pools(args.default_addr_pool) if args.default_addr_pool
        or "default-addr-pool-mask-length" in flags else None,
        subnet_size=args.default_addr_pool_mask_length
        if args.default_addr_pool or "default-addr-pool-mask-length" in flags else None,
        data_path_addr=args.data_path_addr or None, data_path_port=args.data_path_port or None,
        availability=flags.get("availability")), "string")
    stdio.write("Swarm initialized: current node (%s) is now a manager.\n\n" % node_id)
    _join_command(client, node_id, True, False, stdio)
    stdio.write("To add a manager to this swarm, run 'docksock swarm join-token manager' and "
                "follow the instructions.\n")
    if args.autolock:
        _unlock_command(stdio, as_go_type(client.api.get_unlock_key(), "swarm.UnlockKeyResponse")["UnlockKey"])
    return 0


def _node_addr(value):
    """docker's --listen-addr: "ip|interface[:port]", the port defaulting to 2377."""
    value = value or "0.0.0.0:2377"
    if value.startswith("tcp://"):
        value = value[6:]
    if "://" in value or not value:
        raise InvalidArgument("invalid proto, expected tcp: %s" % value)
    host, colon, port = value.rpartition(":")
    if not colon or "]" in port:
        host, port = value, "2377"
    return "%s:%s" % (host or "0.0.0.0", port or "2377")


def _address_pools(values):
    """--default-addr-pool CIDRs, as Go's IPNet prints them (the network address)."""
    import ipaddress
    out = []
    for value in values or ():
        try:
            out.append(str(ipaddress.ip_network(value, strict=False)))
        except ValueError:
            raise InvalidArgument('invalid argument "%s" for "--default-addr-pool" flag: '
                                  'invalid CIDR address: %s' % (value, value))
    return out


def _cmd_swarm_join(client, args, stdio):
    flags = _swarm_flags(client, args, "swarm join")
    client.api.join_swarm([args.remote], args.token, listen_addr=_node_addr(args.listen_addr),
                          advertise_addr=args.advertise_addr or None,
                          data_path_addr=args.data_path_addr or None,
                          availability=flags.get("availability"))
    manager = as_go_type(client.info(), "system.Info")["Swarm"].get("ControlAvailable")
    stdio.write("This node joined a swarm as a %s.\n" % ("manager" if manager else "worker"))
    return 0


def _cmd_swarm_join_token(client, args, stdio):
    role = args.role
    if role not in ("worker", "manager"):
        raise DockerException("unknown role " + role)
    if args.rotate:
        swarm = as_go_type(client.api.inspect_swarm(), "swarm.Swarm")
        client.api.update_swarm(swarm["Version"]["Index"], swarm["Spec"],
                                rotate_worker_token=role == "worker",
                                rotate_manager_token=role == "manager")
        if not args.quiet:
            stdio.write("Successfully rotated %s join token.\n\n" % role)
    swarm = as_go_type(client.api.inspect_swarm(), "swarm.Swarm")
    if args.quiet:
        stdio.write(swarm["JoinTokens"][role.capitalize()] + "\n")
        return 0
    _join_command(client, as_go_type(client.info(), "system.Info")["Swarm"]["NodeID"], role == "worker",
                  role == "manager", stdio)
    return 0


def _cmd_swarm_leave(client, args, stdio):
    client.api.leave_swarm(force=args.force)
    stdio.write("Node left the swarm.\n")
    return 0


def _cmd_swarm_update(client, args, stdio):
    if not args.changed:        # docker prints the help, and changes nothing
        table = _command_table()
        stdio.write(_command_help("docksock", "swarm update", table["swarm update"], table,
                                  _help_width(stdio.out)))
        return 0
    flags = _swarm_flags(client, args, "swarm update")
    swarm = as_go_type(client.api.inspect_swarm(), "swarm.Swarm")
    before = (swarm["Spec"].get("EncryptionConfig") or {}).get("AutoLockManagers")
    spec = swarm_spec_from_flags(flags, swarm["Spec"],
                             (swarm.get("TLSInfo") or {}).get("TrustRoot"))
    client.api.update_swarm(swarm["Version"]["Index"], spec)
    stdio.write("Swarm updated.\n")
    if (spec.get("EncryptionConfig") or {}).get("AutoLockManagers") and not before:
        _unlock_command(stdio, as_go_type(client.api.get_unlock_key(), "swarm.UnlockKeyResponse")["UnlockKey"])
    return 0


def _cmd_swarm_unlock(client, args, stdio):
    state = as_go_type(client.info(), "system.Info")["Swarm"].get("LocalNodeState")
    if state == "inactive":
        raise DockerException("Error: This node is not part of a swarm")
    if state != "locked":
        raise DockerException("Error: swarm is not locked")
    if sys.stdin.isatty():
        import getpass
        key = getpass.getpass("Enter unlock key: ")
    else:
        key = sys.stdin.readline().strip()
    client.api.unlock_swarm(key)
    return 0


def _cmd_swarm_unlock_key(client, args, stdio):
    if args.rotate:
        swarm = as_go_type(client.api.inspect_swarm(), "swarm.Swarm")
        if not (swarm["Spec"].get("EncryptionConfig") or {}).get("AutoLockManagers"):
            raise DockerException("cannot rotate because autolock is not turned on")
        client.api.update_swarm(swarm["Version"]["Index"], swarm["Spec"],
                                rotate_manager_unlock_key=True)
        if not args.quiet:
            stdio.write("Successfully rotated manager unlock key.\n")
    try:
        key = as_go_type(client.api.get_unlock_key(), "swarm.UnlockKeyResponse")["UnlockKey"]
    except APIError as e:
        raise DockerException("could not fetch unlock key: Error response from daemon: %s"
                              % e.explanation)
    if not key:
        raise DockerException("no unlock key is set")
    if args.quiet:
        stdio.write(key + "\n")
    else:
        _unlock_command(stdio, key)
    return 0


def _cmd_swarm_ca(client, args, stdio):
    flags = _swarm_flags(client, args, "swarm ca")
    swarm = as_go_type(client.api.inspect_swarm(), "swarm.Swarm")
    if not args.rotate:
        for name in ("ca-cert", "ca-key", "cert-expiry", "external-ca"):
            if name in flags:
                raise DockerException("`--%s` flag requires the `--rotate` flag to update the CA"
                                      % name)
        return _trust_root(swarm, stdio)
    cert, key = _pem_file(args.ca_cert), _pem_file(args.ca_key)
    if "external-ca" in flags and flags["external-ca"] and "ca-cert" not in flags:
        raise DockerException("rotating to an external CA requires the `--ca-cert` flag to "
                              "specify the external CA's cert - to add an external CA with the "
                              "current root CA certificate, use the `update` command instead")
    if "ca-cert" in flags and not flags.get("external-ca") and "ca-key" not in flags:
        raise DockerException("the --ca-cert flag requires that a --ca-key flag and/or "
                              "--external-ca flag be provided as well")
    spec = swarm["Spec"]
    swarm_spec_from_flags({k: v for k, v in flags.items() if k in ("cert-expiry", "external-ca")},
                      spec, cert)
    ca = spec["CAConfig"] = dict(spec.get("CAConfig") or {})
    ca["SigningCACert"], ca["SigningCAKey"] = cert or "", key or ""
    if not cert and not key:
        ca["ForceRotate"] = ca.get("ForceRotate", 0) + 1
    client.api.update_swarm(swarm["Version"]["Index"], spec)
    if args.detach:
        return 0
    _root_rotation(client, stdio, args.quiet)
    return _trust_root(as_go_type(client.api.inspect_swarm(), "swarm.Swarm"), stdio) if not args.quiet else 0


def _pem_file(path):
    if not path:
        return None
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        raise DockerException("%s" % e)
    if "-----BEGIN " not in text:
        raise DockerException("file contents must be in PEM format")
    return text


def _trust_root(swarm, stdio):
    root = (swarm.get("TLSInfo") or {}).get("TrustRoot")
    if not root:
        raise DockerException("No CA information available")
    stdio.write(root.strip() + "\n")
    return 0


def _root_rotation(client, stdio, quiet):
    """docker swarm ca --rotate's wait: until every node has a certificate from the new
    root and trusts it (progress lines, as docker shows them, unless quiet)."""
    import hashlib
    display = _ProgressDisplay(stdio, quiet)
    display.update("desired root digest", "")
    display.update("  rotated TLS certificates", "")
    display.update("  rotated CA certificates", " ")
    done = False
    try:
        while True:
            swarm = as_go_type(client.api.inspect_swarm(), "swarm.Swarm")
            if done:
                return
            tls = swarm.get("TLSInfo") or {}
            nodes = as_go_type(client.api.nodes(), "[]swarm.Node")
            display.update("desired root digest", "sha256:" + hashlib.sha256(
                (tls.get("TrustRoot") or "").encode("utf-8")).hexdigest())
            certs = sum(1 for n in nodes if ((n.get("Description") or {}).get("TLSInfo") or {})
                        .get("CertIssuerPublicKey") == tls.get("CertIssuerPublicKey") and
                        ((n.get("Description") or {}).get("TLSInfo") or {})
                        .get("CertIssuerSubject") == tls.get("CertIssuerSubject"))
            roots = sum(1 for n in nodes if ((n.get("Description") or {}).get("TLSInfo") or {})
                        .get("TrustRoot") == tls.get("TrustRoot"))
            total = len(nodes)
            display.update("  rotated TLS certificates", "", certs, total, units="nodes")
            if certs == total and not swarm.get("RootRotationInProgress"):
                display.update("  rotated CA certificates", " ", roots, total, units="nodes")
                done = roots == total
            else:
                display.update("  rotated CA certificates", " ", 0, total, units="nodes")
            time.sleep(0.2)
    except KeyboardInterrupt:
        if not done:
            display.message("Operation continuing in background.")
            display.message("Use `swarmctl cluster inspect default` to check progress.")


# ---- the converge display: docker's progress lines (jsonmessage) ----

class _ProgressDisplay:
    """docker's JSON progress display, drawn as it draws it: on a terminal each id keeps
    a line, redrawn in place (with a bar where the terminal is wider than 110 columns);
    elsewhere only the updates that carry no bar are printed, one line each."""

    def __init__(self, stdio, quiet=False):
        self.stdio = stdio
        self.quiet = quiet
        self.tty = hasattr(stdio.out, "isatty") and stdio.out.isatty()
        self.lines = {}
        try:
            self.width = os.get_terminal_size(stdio.out.fileno()).columns
        except (AttributeError, OSError, ValueError):
            self.width = 200        # Go's default when the size is unknown

    def _bar(self, current, total, hide_counts, units):
        if current <= 0 and total <= 0:
            return ""
        if total <= 0:
            return "%d %s" % (current, units) if units else "%8s" % human_size(current)
        percent = min(50, int(float(current) / total * 100) // 2)
        box = "[%s>%s] " % ("=" * percent, " " * (50 - percent)) if self.width > 110 else ""
        if hide_counts:
            return box
        if units:
            counts = "%d/%d %s" % (current, total, units) if current <= total else \
                "%d %s" % (current, units)
        else:
            counts = "%8s/%s" % (human_size(current), human_size(total)) if current <= total \
                else "%8s" % human_size(current)
        return box + counts

    def update(self, ident, action, current=0, total=0, hide_counts=False, units=""):
        if self.quiet:
            return
        bar = self._bar(current, total, hide_counts, units)
        if not self.tty:
            if not bar:
                self.stdio.write("%s%s\n" % (ident + ": " if ident else "", action))
            return
        line = self.lines.get(ident)
        if line is None:
            line = self.lines[ident] = len(self.lines)
            self.stdio.write("\n")
        up = len(self.lines) - line
        self.stdio.write("%s\x1b[2K\r%s: %s %s\r%s" % (
            "\x1b[%dA" % up if up else "", ident, action, bar, "\x1b[%dB" % up if up else ""))
        self.stdio.out.flush()

    def message(self, text, ident=""):
        if self.quiet:
            return
        self.lines = {}
        self.stdio.write("%s%s\n" % (ident + ": " if ident else "", text))
        self.stdio.out.flush()


# The task states in the order a task goes through them (swarmkit), as docker numbers
# them for its converge display; longer than "complete" for none but the padding.
_TASK_STATES = ("new allocated pending assigned accepted preparing ready starting running "
                "complete shutdown failed rejected").split()
_STATE_RANK = {s: i + 1 for i, s in enumerate(_TASK_STATES)}
_STATE_WIDTH = max(len(s) for s in _TASK_STATES[:10])


def _terminal_state(state):
    return _STATE_RANK.get(state, 0) > _STATE_RANK["running"]


def _short_error(text):
    text = text.replace("\n", " ")
    return text[:74] + "\u2026" if len(text) > 75 else text


def _best_tasks(tasks, key):
    """Per slot (or node): the task docker's display follows, the one whose desired and
    current states rank lowest."""
    best = {}
    for t in tasks:
        desired, state = _STATE_RANK.get(t.get("DesiredState"), 0), \
            _STATE_RANK.get((t.get("Status") or {}).get("State"), 0)
        if not desired or not state:
            continue
        k = key(t)
        if k in best:
            old = best[k]
            old_desired = _STATE_RANK[old["DesiredState"]]
            if old_desired < desired or (old_desired == desired and
                                         _STATE_RANK[old["Status"]["State"]] <= state):
                continue
        best[k] = t
    return best


def _converge(client, service_id, stdio, quiet):
    """Wait as docker service create|update|rollback|scale wait: until the service's tasks
    run (and stay up for its UpdateConfig's monitor period), showing the converge lines
    unless quiet.  Ctrl-C stops waiting, not the service."""
    display = _ProgressDisplay(stdio, quiet)
    api = client.api
    state = {"init": False, "done": False, "slots": {}}
    converged_at, converged, rollback, message, first = None, False, False, None, None
    try:
        while True:
            service = as_go_type(api.inspect_service(service_id), "swarm.Service")
            first = first or service["ID"]
            if service["ID"] != first or not first:
                raise ProtocolError("while waiting on service %s the daemon answered about "
                                    "service %r, then %r" % (service_id, first, service["ID"]))
            spec = service["Spec"]
            monitor = ((spec.get("UpdateConfig") or {}).get("Monitor") or 5000000000) / 1e9
            status = service.get("UpdateStatus") or {}
            what = status.get("State")
            if what == "updating":
                rollback = False
            elif what == "completed" and not converged:
                return 0
            elif what == "paused":
                raise DockerException("service update paused: %s" % status.get("Message", ""))
            elif what == "rollback_started":
                if not rollback and status.get("Message"):
                    display.update("rollback", status["Message"])
                rollback = True
            elif what == "rollback_paused":
                raise DockerException("service rollback paused: %s" % status.get("Message", ""))
            elif what == "rollback_completed":
                if not converged:
                    message = status.get("Message")
                rollback = True
            if converged and time.time() - converged_at >= monitor:
                display.update("verify", "Service %s converged" % service_id)
                if message:
                    display.message(message, "rollback")
                return 0
            tasks = as_go_type(api.tasks({"service": service["ID"], "_up-to-date": "true"}),
                               "[]swarm.Task")
            active = {n["ID"] for n in as_go_type(api.nodes(), "[]swarm.Node")
                      if (n.get("Status") or {}).get("State") != "down"}
            converged = _converge_step(display, state, service, tasks, active, rollback)
            if converged:
                if service.get("JobStatus") is not None:
                    display.message("job complete")
                    return 0
                converged_at = converged_at or time.time()
                wait = monitor - (time.time() - converged_at)
                if wait >= 0:
                    display.update("verify", "Waiting %d seconds to verify that tasks are "
                                             "stable..." % (int(wait) + 1))
            else:
                if converged_at is not None:
                    display.update("verify", "Detected task failure")
                converged_at = None
            time.sleep(0.2)
    except KeyboardInterrupt:
        if not converged:
            display.message("Operation continuing in background.")
            display.message("Use `docksock service ps %s` to check progress." % service_id)
        return 0


def _converge_step(display, state, service, tasks, active, rollback):
    """One look at the tasks, drawn as docker's updater for the service's mode draws it;
    whether the service has converged."""
    mode = service["Spec"].get("Mode") or {}

    def overall(done, total):
        display.update("overall progress", "rolling back update: %d out of %d tasks"
                       % (done, total) if rollback else "%d out of %d tasks" % (done, total))

    def task_line(ident, t):
        if (t.get("Status") or {}).get("Err"):
            display.update(ident, _short_error(t["Status"]["Err"]))
        elif not _terminal_state(t.get("DesiredState")) and \
                not _terminal_state(t["Status"].get("State")):
            display.update(ident, t["Status"]["State"].ljust(_STATE_WIDTH),
                           _STATE_RANK[t["Status"]["State"]], 9, True)
    if mode.get("Replicated") is not None or mode.get("Global") is not None:
        replicated = mode.get("Replicated") is not None
        if replicated:
            by = _best_tasks([t for t in tasks if not t.get("NodeID") or t["NodeID"] in active],
                             lambda t: t.get("Slot"))
            total = mode["Replicated"].get("Replicas") or 0
        else:
            by = _best_tasks(tasks, lambda t: t.get("NodeID"))
            total = len(by)
        if not state["init"]:
            if not replicated and not by:
                display.update("overall progress", "waiting for new tasks")
                return False
            overall(0, total)
            if replicated and total <= 20:
                for i in range(1, total + 1):
                    display.update("%d/%d" % (i, total), " ")
            state["init"] = True
        if state["done"] and any(t["Status"]["State"] != "running" for t in by.values()):
            state["done"] = False
        running = 0
        for key in sorted(by, key=lambda k: (k is None, k)):
            t = by[key]
            if not replicated and t.get("NodeID") not in active:
                continue
            if not _terminal_state(t.get("DesiredState")) and t["Status"]["State"] == "running":
                running += 1
            if state["done"] or total > 20:
                continue
            if replicated:
                slot = state["slots"].setdefault(key, len(state["slots"]) + 1)
                if slot <= total:
                    task_line("%d/%d" % (slot, total), t)
            else:
                task_line(truncate_id(t.get("NodeID") or ""), t)
        if not state["done"]:
            overall(running, total)
            state["done"] = running == total
        return running == total
    iteration = ((service.get("JobStatus") or {}).get("JobIteration") or {}).get("Index", 0)
    tasks = [t for t in tasks if (t.get("JobIteration") or {}).get("Index", 0) == iteration]
    if mode.get("ReplicatedJob") is not None:
        total = mode["ReplicatedJob"].get("TotalCompletions") or 0
        concurrent = mode["ReplicatedJob"].get("MaxConcurrent") or 0
        digits, active_digits = len(str(total)), len(str(concurrent))

        def job_overall(running, complete):
            display.update("job progress", "%*d out of %d complete" % (digits, complete, total),
                           complete, total, True)
            display.update("active tasks", "%*d out of %*d tasks" % (
                active_digits, running, active_digits, min(total - complete, concurrent)))
        if not state["init"]:
            job_overall(0, 0)
            if total <= 20:
                for i in range(1, total + 1):
                    display.update("%d/%d" % (i, total), " ")
            state["init"] = True
        by = {}
        for t in tasks:
            if not _STATE_RANK.get(t.get("DesiredState")) or \
                    not _STATE_RANK.get(t["Status"].get("State")):
                continue
            old = by.get(t.get("Slot", 0))
            if old is None or _STATE_RANK[old["Status"]["State"]] > \
                    _STATE_RANK[t["Status"]["State"]]:
                by[t.get("Slot", 0)] = t
        running = complete = 0
        for slot in range(len(by)):
            t = by.get(slot)
            if t is None:
                continue
            if total <= 20:
                ident = "%d/%d" % (slot + 1, total)
                if t["Status"].get("Err"):
                    display.update(ident, _short_error(t["Status"]["Err"]))
                else:
                    display.update(ident, t["Status"]["State"].ljust(_STATE_WIDTH),
                                   _STATE_RANK[t["Status"]["State"]], 10, True)
            rank = _STATE_RANK[t["Status"]["State"]]
            running += rank < _STATE_RANK["complete"]
            complete += t["Status"]["State"] == "complete"
        job_overall(running, complete)
        return complete == total
    if not state["init"]:
        if not tasks and active:
            display.update("job progress", "waiting for tasks")
            return False
        state["nodes"] = {t.get("NodeID") for t in tasks}
        state["total"] = len(state["nodes"])
        display.update("job progress", "%*d out of %d complete" % (
            len(str(state["total"])), 0, state["total"]), 0, state["total"], True)
        state["init"] = True
    total = state["total"]
    by = {}
    for t in tasks:
        if t.get("NodeID") not in state["nodes"]:
            continue
        old = by.get(t.get("NodeID"))
        if old is None or _STATE_RANK.get(old["Status"]["State"], 0) > \
                _STATE_RANK.get(t["Status"]["State"], 0):
            by[t.get("NodeID")] = t
    complete = 0
    for node_id in sorted(by, key=lambda k: k or ""):
        t = by[node_id]
        if total <= 20:
            if t["Status"].get("Err"):
                display.update(node_id, _short_error(t["Status"]["Err"]))
            else:
                display.update(node_id, t["Status"]["State"].ljust(_STATE_WIDTH),
                               _STATE_RANK.get(t["Status"]["State"], 0), 10, True)
        complete += t["Status"]["State"] == "complete"
    display.update("job progress", "%*d out of %d complete" % (len(str(total)), complete, total),
                   complete, total, True)
    return complete == total


# ---- services ----

def _service_flags(client, args, path):
    flags = _swarm_flags(client, args, path)
    for name in ("detach", "quiet", "with-registry-auth", "no-resolve-image"):
        flags.pop(name, None)        # the command's own, not the spec's
    return flags


def _registry_auth_for(args):
    """--with-registry-auth sends the image registry's credentials from the CLI's config
    (None: the library looks them up); without it none are sent ({})."""
    return None if args.with_registry_auth else {}


def _pin_image(client, args, task, resolve):
    """The docker client's image handling: the reference tagged (":latest" added) and,
    when resolve, pinned to the digest the registry has (with the platforms it is for);
    the warnings to print, docker's, when the registry cannot be asked."""
    cs = task["ContainerSpec"]
    cs["Image"] = familiar_name(with_default_tag(cs["Image"]))
    if not resolve:
        return []
    try:
        cs["Image"], platforms = client.api.resolve_service_image(
            cs["Image"], auth_config=_registry_auth_for(args))
    except APIError:
        return ["image %s could not be accessed on a registry to record\nits digest. Each "
                "node will access %s independently,\npossibly leading to different nodes "
                "running different\nversions of the image.\n" % (cs["Image"], cs["Image"])]
    if platforms:
        task["Placement"] = dict(task.get("Placement") or {}, Platforms=platforms)
    return []


def _print_warnings(stdio, resp, warnings):
    for warning in (resp.get("Warnings") or []) + warnings:
        stdio.err.write(warning + "\n")


def _cmd_service_create(client, args, stdio):
    flags = _service_flags(client, args, "service create")
    flags["image"], flags["args"] = args.image, args.command or None
    spec = service_spec_from_flags(client.api, flags)
    warnings = _pin_image(client, args, spec["TaskTemplate"], not args.no_resolve_image)
    resp = as_go_type(client.api.create_service(
        spec["TaskTemplate"], name=spec.get("Name"), labels=spec.get("Labels"),
        mode=spec.get("Mode"), update_config=spec.get("UpdateConfig"),
        endpoint_spec=spec.get("EndpointSpec"), rollback_config=spec.get("RollbackConfig"),
        auth_config=_registry_auth_for(args)), "swarm.ServiceCreateResponse")
    _print_warnings(stdio, resp, warnings)
    stdio.write(resp["ID"] + "\n")
    if args.detach:
        return 0
    return _converge(client, resp["ID"], stdio, args.quiet)


def _cmd_service_update(client, args, stdio):
    flags = _service_flags(client, args, "service update")
    api = client.api
    service = as_go_type(api.inspect_service(args.service), "swarm.Service")
    warnings = []
    if flags.pop("rollback", False):
        if flags:
            raise DockerException("other flags may not be combined with --rollback")
        resp = as_go_type(api.rollback_service(service["ID"], service["Version"]["Index"]),
                          "swarm.ServiceUpdateResponse")
    else:
        spec = update_service_spec(api, service["Spec"], flags)
        warnings = _pin_image(client, args, spec["TaskTemplate"],
                              "image" in flags and not args.no_resolve_image)
        resp = as_go_type(api.update_service(
            service["ID"], service["Version"]["Index"], spec["TaskTemplate"],
            name=spec.get("Name"), labels=spec.get("Labels") or {}, mode=spec.get("Mode"),
            update_config=spec.get("UpdateConfig"), endpoint_spec=spec.get("EndpointSpec"),
            rollback_config=spec.get("RollbackConfig"), auth_config=_registry_auth_for(args)),
            "swarm.ServiceUpdateResponse")
    _print_warnings(stdio, resp, warnings)
    stdio.write(args.service + "\n")
    if args.detach:
        return 0
    return _converge(client, args.service, stdio, args.quiet)


def _cmd_service_rollback(client, args, stdio):
    _swarm_flags(client, args, "service rollback")
    service = as_go_type(client.api.inspect_service(args.service), "swarm.Service")
    resp = as_go_type(client.api.rollback_service(service["ID"], service["Version"]["Index"]),
                      "swarm.ServiceUpdateResponse")
    _print_warnings(stdio, resp, [])
    stdio.write(args.service + "\n")
    if args.detach:
        return 0
    return _converge(client, args.service, stdio, args.quiet)


def _cmd_service_scale(client, args, stdio):
    api, detach = client.api, args.detach
    for arg in args.scales:
        name, eq, count = arg.partition("=")
        if not eq or not name or not count:
            raise _CommandUsage("invalid scale specifier '%s'.\nSee 'docksock service scale "
                                "--help'.\n\nUsage:  docksock service scale SERVICE=REPLICAS "
                                "[SERVICE=REPLICAS...]\n\nScale one or multiple replicated "
                                "services" % arg)
    errors, scaled = [], []
    for arg in args.scales:
        name, _, count = arg.partition("=")
        value, error = _go_parse_int(count, unsigned=True)
        if error:
            errors.append("%s: invalid replicas value %s: %s" % (name, count, error))
            continue
        try:
            service = as_go_type(api.inspect_service(name), "swarm.Service")
            mode = service["Spec"].get("Mode") or {}
            if mode.get("Replicated") is not None:
                mode["Replicated"]["Replicas"] = value
            elif mode.get("ReplicatedJob") is not None:
                mode["ReplicatedJob"]["TotalCompletions"] = value
            else:
                raise DockerException("scale can only be used with replicated or "
                                      "replicated-job mode")
            spec = service["Spec"]
            resp = as_go_type(api.update_service(service["ID"], service["Version"]["Index"],
                                      spec["TaskTemplate"], name=spec.get("Name"),
                                      labels=spec.get("Labels") or {}, mode=mode,
                                      update_config=spec.get("UpdateConfig"),
                                      endpoint_spec=spec.get("EndpointSpec"),
                                      rollback_config=spec.get("RollbackConfig")),
                              "swarm.ServiceUpdateResponse")
        except DockerException as e:
            errors.append("%s: %s" % (name, _error_text(e)))
            continue
        _print_warnings(stdio, resp, [])
        stdio.write("%s scaled to %d\n" % (name, value))
        scaled.append(name)
    if scaled and not detach:
        for name in scaled:
            try:
                _converge(client, name, stdio, False)
            except DockerException as e:
                errors.append("%s: %s" % (name, _error_text(e)))
    if errors:
        stdio.error("\n".join(errors))
        return 1
    return 0


class _CommandUsage(DockerException):
    """A usage error a command finds itself (docker's argument validators): exit 1."""


def _error_text(e):
    return "Error response from daemon: %s" % e.explanation if isinstance(e, APIError) \
        else str(e)


def _cmd_service_rm(client, args, stdio):
    return _each_joined(args.services, stdio, client.api.remove_service)


def _each_joined(names, stdio, action):
    """docker's rm commands over swarm objects: each name done is printed, the errors
    printed together at the end (errors.Join); exit status 1 if any failed."""
    errors = []
    for name in names:
        try:
            action(name)
            stdio.write(name + "\n")
        except DockerException as e:
            errors.append(_error_text(e))
    if errors:
        stdio.error("\n".join(errors))
        return 1
    return 0


def _service_mode_name(s):
    mode = (s.get("Spec") or {}).get("Mode") or {}
    for key, name in (("Global", "global"), ("Replicated", "replicated"),
                      ("ReplicatedJob", "replicated job"), ("GlobalJob", "global job")):
        if mode.get(key) is not None:
            return name
    return ""


def _service_replicas(s):
    spec = s.get("Spec") or {}
    mode = spec.get("Mode") or {}
    st = s.get("ServiceStatus") or {}
    running, desired, completed = (st.get("RunningTasks", 0), st.get("DesiredTasks", 0),
                                   st.get("CompletedTasks", 0))
    if mode.get("ReplicatedJob") is not None:
        return "%d/%d (%d/%d completed)" % (running, desired, completed,
                                            mode["ReplicatedJob"].get("TotalCompletions") or 0)
    if mode.get("GlobalJob") is not None:
        return "%d/%d (%d/%d completed)" % (running, desired, completed, desired + completed)
    per_node = ((spec.get("TaskTemplate") or {}).get("Placement") or {}).get("MaxReplicas")
    if mode.get("Replicated") is not None and per_node:
        return "%d/%d (max %d per node)" % (running, desired, per_node)
    return "%d/%d" % (running, desired)


def _tagged_image(image):
    """docker's service/task IMAGE: a tagged reference without its digest, in its
    familiar form; anything else as given."""
    repo, tag, _ = split_reference(image or "")
    return familiar_name("%s:%s" % (repo, tag)) if tag else image or ""


def _service_ports(s):
    ports = sorted(((s.get("Endpoint") or {}).get("Ports") or ()),
                   key=lambda p: (p.get("Protocol", ""), p.get("PublishedPort", 0)))
    out, run = [], None
    for p in ports:
        if p.get("PublishMode", "ingress") != "ingress":
            continue
        pub, tgt, proto = p.get("PublishedPort", 0), p.get("TargetPort", 0), p.get("Protocol")
        if run and proto == run[4] and 0 <= pub - run[1] <= 1 and 0 <= tgt - run[3] <= 1 \
                and not (run[3] != run[2] and tgt <= run[3]):
            run[1], run[3] = pub, tgt
            continue
        if run and run[0] > 0:
            out.append(_port_run(run))
        run = [pub, pub, tgt, tgt, proto]
    if run and run[0] > 0:
        out.append(_port_run(run))
    return ", ".join(out)


def _port_run(run):
    pub = "%d-%d" % (run[0], run[1]) if run[1] > run[0] else str(run[0])
    tgt = "%d-%d" % (run[2], run[3]) if run[3] > run[2] else str(run[2])
    return "*:%s->%s/%s" % (pub, tgt, run[4])


_SERVICE_HEADERS = {"ID": "ID", "Name": "NAME", "Mode": "MODE", "Replicas": "REPLICAS",
                    "Image": "IMAGE", "Ports": "PORTS"}


def _cmd_service_ls(client, args, stdio):
    api = client.api
    services = as_go_type(api.services(_swarm_filters(args.filter),
                                       status=True if not args.quiet and
                                       api.version_at_least("1.41") else None),
                          "[]swarm.Service")
    if not args.quiet:
        _service_status(api, services)
    services.sort(key=lambda s: natural_key((s.get("Spec") or {}).get("Name", "")))
    rows = [_Row([("ID", truncate_id(s["ID"])), ("Name", s["Spec"].get("Name", "")),
                  ("Mode", _service_mode_name(s)), ("Replicas", _service_replicas(s)),
                  ("Image", _tagged_image(((s["Spec"].get("TaskTemplate") or {})
                                           .get("ContainerSpec") or {}).get("Image"))),
                  ("Ports", _service_ports(s))], "*service.serviceContext") for s in services]
    _list_rows(stdio, rows, args, "table {{.ID}}\\t{{.Name}}\\t{{.Mode}}\\t{{.Replicas}}\\t"
               "{{.Image}}\\t{{.Ports}}", _SERVICE_HEADERS,
               "id: {{.ID}}\\nname: {{.Name}}\\nmode: {{.Mode}}\\nreplicas: {{.Replicas}}\\n"
               "image: {{.Image}}\\nports: {{.Ports}}\\n")
    return 0


def _service_status(api, services):
    """docker's AppendServiceStatus: the running and desired task counts for services the
    daemon gave none for (API < 1.41), from the task list."""
    missing = [s for s in services if s.get("ServiceStatus") is None and
               (s["Spec"]["Mode"].get("Replicated") is not None or
                s["Spec"]["Mode"].get("Global") is not None)]
    if not missing:
        return
    counts = {}
    for s in missing:
        replicated = s["Spec"]["Mode"].get("Replicated")
        s["ServiceStatus"] = {"DesiredTasks": (replicated.get("Replicas") or 0)
                              if replicated is not None else 0, "RunningTasks": 0}
        counts[s["ID"]] = {"DesiredTasks": 0, "RunningTasks": 0}
    tasks = as_go_type(api.tasks({"service": list(counts)}), "[]swarm.Task")
    if not tasks:
        return
    active = {n["ID"] for n in as_go_type(api.nodes(), "[]swarm.Node") if (n.get("Status") or {}).get("State") != "down"}
    for t in tasks:
        c = counts.get(t.get("ServiceID"))
        if c is None:
            continue
        if t.get("DesiredState") != "shutdown":
            c["DesiredTasks"] += 1
        if t.get("NodeID") in active and (t.get("Status") or {}).get("State") == "running":
            c["RunningTasks"] += 1
    for s in missing:
        s["ServiceStatus"] = counts[s["ID"]]


def _swarm_filters(values):
    """--filter name=value (repeatable) -> the Engine's filters, names lower-cased and
    both sides trimmed as docker's FilterOpt does."""
    out = {}
    for item in values or ():
        if not item:
            continue
        key, eq, value = item.partition("=")
        if not eq:
            raise InvalidArgument("bad format of filter (expected name=value): %s" % item)
        out.setdefault(key.strip().lower(), []).append(value.strip())
    return out


def _list_rows(stdio, rows, args, table, headers, raw=None):
    """A swarm list command's output: -q (IDs), --format (table, json, raw, a template),
    or the default table."""
    fmt = args.format if getattr(args, "format", None) else "table"
    if args.quiet:
        fmt = {"table": "{{.ID}}", "raw": "id: {{.ID}}"}.get(fmt, fmt)
    elif fmt == "table":
        fmt = table
    elif fmt == "raw" and raw:
        fmt = raw
    _format_rows(stdio, rows, fmt, table, headers)


# ---- tasks: service ps, node ps ----

_TASK_HEADERS = {"ID": "ID", "Name": "NAME", "Image": "IMAGE", "Node": "NODE",
                 "DesiredState": "DESIRED STATE", "CurrentState": "CURRENT STATE",
                 "Error": "ERROR", "Ports": "PORTS"}


class _NameResolver:
    """docker's idresolver: service and node IDs to their names (a node's Spec name, else
    its host name), each looked up once; the ID itself when it cannot be."""

    def __init__(self, api, off):
        self.api, self.off, self.cache = api, off, {}

    def __call__(self, kind, ident):
        if self.off or not ident:
            return ident or ""
        key = (kind, ident)
        if key not in self.cache:
            try:
                if kind == "node":
                    node = as_go_type(self.api.inspect_node(ident), "swarm.Node")
                    name = (node.get("Spec") or {}).get("Name") or \
                        (node.get("Description") or {}).get("Hostname") or ident
                else:
                    name = as_go_type(self.api.inspect_service(ident), "swarm.Service")["Spec"]["Name"]
            except DockerException:
                name = ident
            self.cache[key] = name
        return self.cache[key]


def _print_tasks(client, stdio, tasks, args):
    """docker's task.Print: tasks named service.slot (or service.node), sorted by name then
    newest first, older tasks of a slot indented under the newest in a table."""
    resolve = _NameResolver(client.api, args.no_resolve)
    trunc = not args.no_trunc and not args.quiet
    named = []
    for t in tasks:
        service = resolve("service", t.get("ServiceID"))
        named.append(("%s.%s" % (service, t["Slot"]) if t.get("Slot") else
                      "%s.%s" % (service, t.get("NodeID", "")), t))
    named.sort(key=lambda nt: (natural_key(nt[0]), [-c for c in _time_key(nt[1])]))
    fmt = args.format or ("{{.ID}}" if args.quiet else "table")
    if fmt == "table":
        fmt = ("table {{.ID}}\\t{{.Name}}\\t{{.Image}}\\t{{.Node}}\\t{{.DesiredState}}\\t"
               "{{.CurrentState}}\\t{{.Error}}\\t{{.Ports}}")
    elif fmt == "raw":
        fmt = "id: {{.ID}}" if args.quiet else \
            ("id: {{.ID}}\\nname: {{.Name}}\\nimage: {{.Image}}\\nnode: {{.Node}}\\n"
             "desired_state: {{.DesiredState}}\\ncurrent_state: {{.CurrentState}}\\n"
             "error: {{.Error}}\\nports: {{.Ports}}\\n")
    indent = " \\_ " if fmt.startswith("table") else ""
    now, rows, previous = time.time(), [], None
    for name, t in named:
        status = t.get("Status") or {}
        err = status.get("Err", "")
        if trunc:
            err = ellipsis(err, 30)
        image = ((t.get("Spec") or {}).get("ContainerSpec") or {}).get("Image", "")
        rows.append(_Row([
            ("ID", truncate_id(t["ID"]) if trunc else t["ID"]),
            ("Name", indent + name if name == previous else name),
            ("Image", _tagged_image(image) if trunc else image),
            ("Node", resolve("node", t.get("NodeID"))),
            ("DesiredState", t.get("DesiredState", "").capitalize()),
            ("CurrentState", "%s %s" % (status.get("State", "").capitalize(),
                                        _ago(status.get("Timestamp"), now).lower())),
            ("Error", '"%s"' % err if err else ""),
            ("Ports", ",".join("*:%s->%s/%s" % (p.get("PublishedPort"), p.get("TargetPort"),
                                                p.get("Protocol"))
                               for p in (status.get("PortStatus") or {}).get("Ports") or ()))],
            "*task.taskContext"))
        previous = name
    _format_rows(stdio, rows, fmt, fmt, _TASK_HEADERS)


def _time_key(task):
    d = _engine_time(task.get("CreatedAt"))
    return [d.timestamp()] if d is not None else [0]


def _cmd_service_ps(client, args, stdio):
    api = client.api
    filters = _swarm_filters(args.filter)
    by_id = as_go_type(api.services({"id": args.services}), "[]swarm.Service")
    by_name = as_go_type(api.services({"name": args.services}), "[]swarm.Service")
    missing, found = [], 0
    for name in args.services:
        match = [s["ID"] for s in by_id if s["ID"] == name] or \
            [s["ID"] for s in by_name if s["Spec"].get("Name") == name]
        if not match:
            match = [s["ID"] for s in by_id if s["ID"].startswith(name)]
            if len(match) > 1:
                raise DockerException("multiple services found with provided prefix: " + name)
        if not match:
            missing.append("no such service: " + name)
            continue
        filters.setdefault("service", []).append(match[0])
        found += 1
    if not found:
        raise DockerException("\n".join(missing))
    _node_filter(api, filters)
    _print_tasks(client, stdio, as_go_type(api.tasks(filters), "[]swarm.Task"), args)
    if missing:
        stdio.error("\n".join(missing))
        return 1
    return 0


def _node_reference(api, ref):
    """docker's node reference: "self" is this daemon's node."""
    if ref != "self":
        return ref
    node_id = as_go_type(api.info(), "system.Info")["Swarm"]["NodeID"]
    if not node_id:
        api.nodes()     # a daemon outside a swarm says so here
        raise DockerException("node ID not found in /info")
    return node_id


def _node_filter(api, filters):
    if "node" in filters:
        filters["node"] = [_node_reference(api, n) for n in filters["node"]]


def _cmd_node_ps(client, args, stdio):
    api = client.api
    errors, tasks = [], []
    for ref in args.nodes or ["self"]:
        try:
            node = as_go_type(api.inspect_node(_node_reference(api, ref)), "swarm.Node")
            filters = _swarm_filters(args.filter)
            filters.setdefault("node", []).append(node["ID"])
            tasks += as_go_type(api.tasks(filters), "[]swarm.Task")
        except DockerException as e:
            errors.append(_error_text(e))
    if not errors or tasks:
        _print_tasks(client, stdio, tasks, args)
    if errors:
        stdio.error("\n".join(errors))
        return 1
    return 0


# ---- service logs ----

def _cmd_service_logs(client, args, stdio):
    api = client.api
    _swarm_flags(client, args, "service logs")
    width = 1
    try:
        service = as_go_type(api.inspect_service(args.service), "swarm.Service")
        tty = service["Spec"]["TaskTemplate"]["ContainerSpec"]["TTY"]
        replicas = (service["Spec"]["Mode"]["Replicated"] or {}).get("Replicas")
        if replicas is not None:
            width = len(str(replicas))
        logs = api.service_logs
    except NotFound:
        try:
            task = as_go_type(api.inspect_task(args.service), "swarm.Task")
        except NotFound:
            raise DockerException("no such task or service: %s" % args.service)
        tty = task["Spec"]["ContainerSpec"]["TTY"]
        width = len(str(task.get("Slot", 0)))
        logs = api.task_logs
    if tty and not args.raw:
        raise DockerException("tty service logs only supported with --raw")
    try:
        since = to_timestamp(args.since) or 0
    except InvalidArgument:
        raise DockerException('invalid value for "since": failed to parse value as time or '
                              'duration: "%s"' % args.since)
    stream = logs(args.service, details=args.details or not args.raw, follow=args.follow,
                  stdout=True, stderr=True, since=since, timestamps=args.timestamps,
                  tail=args.tail, is_tty=tty, demux=True)
    prefix = None if args.raw else _LogPrefix(api, args, width)
    with stream:
        for out, err in stream:
            for data, to_err in ((out, False), (err, True)):
                if not data:
                    continue
                if prefix is not None:
                    data = prefix(data)
                stdio.write_bytes(data, err=to_err)
    return 0


class _LogPrefix:
    """docker service logs' line prefix, "name.slot.task@node    | ", from the
    com.docker.swarm.* details the Engine puts before each line."""

    def __init__(self, api, args, width):
        self.api, self.args, self.width = api, args, width
        self.resolve = _NameResolver(api, args.no_resolve)
        self.cache = {}

    def __call__(self, data):
        import urllib.parse
        out = []
        for line in data.splitlines(True):
            parts = line.split(b" ", 2 if self.args.timestamps else 1)
            if len(parts) != (3 if self.args.timestamps else 2):
                raise DockerException("invalid context in log message: %s"
                                      % line.decode("utf-8", "replace"))
            stamp = parts[0] + b" " if self.args.timestamps else b""
            details = {}
            for pair in parts[-2].decode("utf-8", "replace").split(","):
                if pair:
                    k, _, v = pair.partition("=")
                    details[urllib.parse.unquote(k)] = urllib.parse.unquote(v)
            context = tuple(details.pop(k, "") for k in (
                "com.docker.swarm.node.id", "com.docker.swarm.service.id",
                "com.docker.swarm.task.id"))
            if not all(context):
                raise DockerException("missing swarm ids in log details: %s" % details)
            head = stamp + self.head(context).encode("utf-8") + b"    | "
            if self.args.details:
                head += ",".join(sorted("%s=%s" % kv for kv in details.items())).encode(
                    "utf-8") + b" "
            out.append(head + parts[-1])
        return b"".join(out)

    def head(self, context):
        if context not in self.cache:
            node, service, task_id = context
            task = as_go_type(self.api.inspect_task(task_id), "swarm.Task")
            name = "%s.%s" % (self.resolve("service", service), task.get("Slot", 0))
            if not self.args.no_task_ids:
                name += "." + (task["ID"] if self.args.no_trunc else truncate_id(task["ID"]))
            pad = self.width - len(str(task.get("Slot", 0)))
            self.cache[context] = "%s@%s%s" % (name, self.resolve("node", node),
                                              " " * max(pad, 0))
        return self.cache[context]


# ---- inspect, and docker's --pretty layouts ----

def _swarm_inspect(stdio, refs, getter, fmt, pretty=None, missing=None):
    """docker's inspect of swarm objects: every ref looked up, the found ones printed
    (JSON, --format, or the --pretty layout), then the errors; exit status 1 if any.
    missing words a NotFound (services: "Error: no such service: X")."""
    if pretty is not None and fmt:
        raise DockerException("--format is incompatible with human friendly format")
    tmpl = _inspect_template(fmt) if pretty is None else None
    found, errors = [], []
    for ref in refs:
        try:
            found.append(getter(ref))
        except NotFound as e:
            errors.append(missing(ref) if missing else _error_text(e))
            if pretty is not None:
                break
        except APIError as e:
            errors.append(_error_text(e))
            if pretty is not None:
                break
    if pretty is not None:
        if not errors:
            stdio.write("".join(pretty(obj) + "\n" for obj in found))
    elif _write_inspect(stdio, [(obj, None) for obj in found], fmt, tmpl):
        errors.append("")
    if errors:
        stdio.error("\n".join(e for e in errors if e))
        return 1
    return 0


def _go_duration(nanos):
    """Go's time.Duration.String(): "1h2m3.5s", "300ms", "0s"."""
    nanos = int(nanos or 0)
    if nanos == 0:
        return "0s"
    sign, nanos = ("-", -nanos) if nanos < 0 else ("", nanos)
    if nanos < 1000000000:
        for unit, size in (("ms", 1000000), ("\u00b5s", 1000), ("ns", 1)):
            if nanos >= size:
                text = ("%d.%0*d" % (nanos // size, len(str(size)) - 1, nanos % size)) \
                    if size > 1 else str(nanos)
                return sign + text.rstrip("0").rstrip(".") + unit
    seconds, frac = divmod(nanos, 1000000000)
    text = ("%d.%09d" % (seconds % 60, frac)).rstrip("0").rstrip(".") + "s"
    minutes = seconds // 60
    if minutes:
        text = "%dm%s" % (minutes % 60, text)
        if minutes >= 60:
            text = "%dh%s" % (minutes // 60, text)
    return sign + text


def _go_time_string(ts):
    """An Engine timestamp as Go's time.Time.String() prints it (UTC as "+0000 UTC");
    docker's PrettyPrint then lower-cases all but its first letter."""
    m = re.match(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$", ts or "")
    if not m:
        return ts or ""
    frac = (m.group(3) or "").rstrip("0")
    return "%s %s%s +0000 UTC" % (m.group(1), m.group(2), frac if frac != "." else "")


def _pretty_labels(labels, bullet):
    return "".join("\n%s%s%s" % (bullet, k, "=" + labels[k] if labels[k] else "")
                   for k in sorted(labels or {}))


def _service_pretty(client, s):
    """docker service inspect --pretty, line for line (its Go template rendered)."""
    s = as_go_type(s, "swarm.Service")
    spec = s.get("Spec") or {}
    task = spec.get("TaskTemplate") or {}
    cs = task.get("ContainerSpec") or {}
    mode = spec.get("Mode") or {}
    now = time.time()
    out = ["", "ID:\t\t%s" % s["ID"], "Name:\t\t%s" % spec.get("Name", "")]
    if spec.get("Labels"):
        out.append("Labels:" + _pretty_labels(spec["Labels"], " "))
    line = "Service Mode:"
    if mode.get("Global") is not None:
        line += "\tGlobal"
    elif mode.get("Replicated") is not None:
        line += "\tReplicated"
        if mode["Replicated"].get("Replicas") is not None:
            line += "\n Replicas:\t%d" % mode["Replicated"]["Replicas"]
    out.append(line)
    status = s.get("UpdateStatus") or {}
    if status.get("State"):
        out += ["UpdateStatus:", " State:\t\t%s" % status["State"]]
        if status.get("StartedAt"):
            out.append(" Started:\t%s" % _ago(status["StartedAt"], now))
        if status["State"] == "completed" and status.get("CompletedAt"):
            out.append(" Completed:\t%s" % _ago(status["CompletedAt"], now))
        out.append(" Message:\t%s" % status.get("Message", ""))
    placement = task.get("Placement") or {}
    out.append("Placement:")
    if placement.get("Constraints"):
        out.append(" Constraints:\t[%s]" % " ".join(placement["Constraints"]))
    prefs = ["spread=" + p["Spread"].get("SpreadDescriptor", "")
             for p in placement.get("Preferences") or () if p.get("Spread")]
    if prefs:
        out.append(" Preferences:   [%s]" % " ".join(prefs))
    if placement.get("MaxReplicas"):
        out.append(" Max Replicas Per Node:   %d" % placement["MaxReplicas"])
    for key, title, order in (("UpdateConfig", "UpdateConfig", "Update order:     "),
                              ("RollbackConfig", "RollbackConfig", "Rollback order:   ")):
        config = spec.get(key)
        if config is None:
            continue
        out += [title + ":", " Parallelism:\t%d" % config.get("Parallelism", 0)]
        if config.get("Delay", 0) > 0:
            out.append(" Delay:\t\t%s" % _go_duration(config["Delay"]))
        out.append(" On failure:\t%s" % config.get("FailureAction", ""))
        if config.get("Monitor", 0) > 0:
            out.append(" Monitoring Period: %s" % _go_duration(config["Monitor"]))
        out += [" Max failure ratio: %s" % _go_float(config.get("MaxFailureRatio")),
                " %s %s" % (order, config.get("Order", ""))]
    out += ["ContainerSpec:", " Image:\t\t%s" % cs.get("Image", "")]
    tail = ""
    if cs.get("Args"):
        tail += "\n Args:\t\t" + "".join(a + " " for a in cs["Args"])
    if cs.get("Env"):
        tail += "\n Env:\t\t" + "".join(e + " " for e in cs["Env"])
    if cs.get("Dir"):
        tail += "\n Dir:\t\t" + cs["Dir"]
    if "Init" in cs:
        tail += "\n Init:\t\t%s" % ("true" if cs["Init"] else "false")
    if cs.get("User"):
        tail += "\n User: " + cs["User"]
    out[-1] += tail
    if cs.get("CapabilityAdd") or cs.get("CapabilityDrop"):
        out.append("Capabilities:")
        if cs.get("CapabilityAdd"):
            out.append(" Add: " + ", ".join(cs["CapabilityAdd"]))
        if cs.get("CapabilityDrop"):
            out.append(" Drop: " + ", ".join(cs["CapabilityDrop"]))
    if cs.get("Sysctls"):
        out.append("SysCtls:" + "".join("\n %s%s" % (k, ": " + v if v else "")
                                        for k, v in sorted(cs["Sysctls"].items())))
    if cs.get("Ulimits"):
        limits = {u["Name"]: "%d:%d" % (u.get("Soft", 0), u.get("Hard", 0))
                  for u in cs["Ulimits"]}
        out.append("Ulimits:" + "".join("\n %s: %s" % kv for kv in sorted(limits.items())))
    mounts = cs.get("Mounts") or []
    if mounts:
        out.append("Mounts:")
    block = "".join("\n Target:\t%s\n  Source:\t%s\n  ReadOnly:\t%s\n  Type:\t\t%s"
                    % (m.get("Target", ""), m.get("Source", ""),
                       "true" if m.get("ReadOnly") else "false", m.get("Type", ""))
                    for m in mounts)
    if block:
        out[-1] += block
    if cs.get("Configs"):
        out.append("Configs:" + "".join("\n Target:\t%s\n  Source:\t%s"
                                        % ((c.get("File") or {}).get("Name", ""),
                                           c.get("ConfigName", "")) for c in cs["Configs"]))
    if cs.get("Secrets"):
        out.append("Secrets:" + "".join("\n Target:\t%s\n  Source:\t%s"
                                        % ((c.get("File") or {}).get("Name", ""),
                                           c.get("SecretName", "")) for c in cs["Secrets"]))
    text = "\n".join(out)
    driver = task.get("LogDriver")
    if driver is not None:
        text += "\nLog Driver:"
        if driver.get("Name"):
            text += "\n Name:\t\t" + driver["Name"]
        if driver.get("Options"):
            text += "\n LogOpts:" + "".join("\n  %s%s" % (k, ":       " + v if v else "")
                                            for k, v in sorted(driver["Options"].items()))
        text += "\n"
    resources = task.get("Resources")
    lines = []
    if resources is not None:
        lines.append("Resources:")
        res = resources.get("Reservations") or {}
        if res.get("NanoCPUs", 0) > 0 or res.get("MemoryBytes", 0) > 0:
            lines.append(" Reservations:")
            if res.get("NanoCPUs", 0) > 0:
                lines.append("  CPU:\t\t%s" % _go_float(res["NanoCPUs"] / 1e9))
            if res.get("MemoryBytes"):
                lines.append("  Memory:\t%s" % human_size(res["MemoryBytes"], 4, True))
        lim = resources.get("Limits") or {}
        if lim.get("NanoCPUs", 0) > 0 or lim.get("MemoryBytes", 0) > 0 or \
                lim.get("Pids", 0) > 0:
            lines.append(" Limits:")
            if lim.get("NanoCPUs", 0) > 0:
                lines.append("  CPU:\t\t%s" % _go_float(lim["NanoCPUs"] / 1e9))
            if lim.get("MemoryBytes"):
                lines.append("  Memory:\t%s" % human_size(lim["MemoryBytes"], 4, True))
    pids = ((resources or {}).get("Limits") or {}).get("Pids", 0)
    if pids > 0:
        lines.append("  PIDs:\t\t%d" % pids)
    networks = task.get("Networks") or []
    if networks:
        names = []
        for n in networks:
            try:
                names.append(as_go_type(client.api.inspect_network(n["Target"], scope="swarm"),
                                        "network.Summary")["Name"])
            except DockerException:
                names.append(n["Target"])
        lines.append("Networks:" + "".join(" " + n for n in names) + " ")
    lines.append("Endpoint Mode:\t%s" % ((spec.get("EndpointSpec") or {}).get("Mode", "")))
    text += "".join("\n" + l for l in lines)
    ports = (s.get("Endpoint") or {}).get("Ports") or []
    if ports:
        text += "\nPorts:" + "".join(
            "\n PublishedPort = %s\n  Protocol = %s\n  TargetPort = %s\n  PublishMode = %s"
            % (p.get("PublishedPort", 0), p.get("Protocol", ""), p.get("TargetPort", 0),
               p.get("PublishMode", "")) for p in ports) + " "
    check = cs.get("Healthcheck")
    if check:
        text += ("\n Healthcheck:\n  Interval = %s\n  Retries = %d\n  StartPeriod =\t%s\n"
                 "  Timeout =\t%s" % (_go_duration(check.get("Interval")),
                                      check.get("Retries", 0),
                                      _go_duration(check.get("StartPeriod")),
                                      _go_duration(check.get("Timeout"))))
        if check.get("Test"):
            text += "\n  Tests:" + "".join("\n\t Test = %s" % t for t in check["Test"]) + " "
    return text + "\n"


def _cmd_service_inspect(client, args, stdio):
    api = client.api
    pretty = (lambda s: _service_pretty(client, s)) if args.pretty else None
    if args.format.startswith("pretty") if args.format else False:
        if args.format != "pretty":
            raise DockerException("Cannot supply extra formatting options to the pretty "
                                  "template")
        pretty = lambda s: _service_pretty(client, s)
        args.format = ""
    return _swarm_inspect(stdio, args.services,
                          lambda ref: api.inspect_service(ref, insert_defaults=True
                                                          if api.version_at_least("1.29")
                                                          else None),
                          args.format, pretty, lambda ref: "Error: no such service: %s" % ref)


# ---- nodes ----

_NODE_HEADERS = {"ID": "ID", "Self": "", "Hostname": "HOSTNAME", "Status": "STATUS",
                 "Availability": "AVAILABILITY", "ManagerStatus": "MANAGER STATUS",
                 "EngineVersion": "ENGINE VERSION", "TLSStatus": "TLS STATUS"}


def _cmd_node_ls(client, args, stdio):
    api = client.api
    nodes = as_go_type(api.nodes(_swarm_filters(args.filter)), "[]swarm.Node")
    info = as_go_type(api.info() if nodes and not args.quiet else {}, "system.Info")
    me = (info.get("Swarm") or {}).get("NodeID")
    cluster_tls = ((info.get("Swarm") or {}).get("Cluster") or {}).get("TLSInfo")
    nodes.sort(key=lambda n: natural_key((n.get("Description") or {}).get("Hostname", "")))
    rows = []
    for n in nodes:
        manager = n.get("ManagerStatus")
        reach = "" if manager is None else "Leader" if manager.get("Leader") else \
            manager.get("Reachability", "")
        tls = (n.get("Description") or {}).get("TLSInfo")
        tls_status = "Unknown" if not cluster_tls or not tls else \
            "Ready" if tls == cluster_tls else "Needs Rotation"
        rows.append(_Row([
            ("ID", n["ID"]), ("Self", n["ID"] == me),
            ("Hostname", (n.get("Description") or {}).get("Hostname", "")),
            ("Status", (n.get("Status") or {}).get("State", "").capitalize()),
            ("Availability", (n.get("Spec") or {}).get("Availability", "").capitalize()),
            ("ManagerStatus", reach.capitalize()),
            ("EngineVersion", ((n.get("Description") or {}).get("Engine") or {})
             .get("EngineVersion", "")), ("TLSStatus", tls_status)], "*node.nodeContext"))
    _list_rows(stdio, rows, args, "table {{.ID}} {{if .Self}}*{{else}} {{ end }}\\t"
               "{{.Hostname}}\\t{{.Status}}\\t{{.Availability}}\\t{{.ManagerStatus}}\\t"
               "{{.EngineVersion}}", _NODE_HEADERS,
               "node_id: {{.ID}}\\nhostname: {{.Hostname}}\\nstatus: {{.Status}}\\n"
               "availability: {{.Availability}}\\nmanager_status: {{.ManagerStatus}}\\n")
    return 0


def _node_pretty(n):
    """docker node inspect --pretty, line for line."""
    n = as_go_type(n, "swarm.Node")
    spec, desc = n.get("Spec") or {}, n.get("Description") or {}
    status, manager = n.get("Status") or {}, n.get("ManagerStatus")
    out = ["ID:\t\t\t%s" % n["ID"]]
    if spec.get("Name"):
        out.append("Name:\t\t\t%s" % spec["Name"])
    if spec.get("Labels"):
        out.append("Labels:" + _pretty_labels(spec["Labels"], " - "))
    out += ["Hostname:              \t%s" % desc.get("Hostname", ""),
            "Joined at:             \t%s" % _go_time_string(n.get("CreatedAt")).capitalize(),
            "Status:", " State:\t\t\t%s" % status.get("State", "").capitalize()]
    if status.get("Message"):
        out.append(" Message:              \t%s" % status["Message"].capitalize())
    out.append(" Availability:         \t%s" % spec.get("Availability", "").capitalize())
    if status.get("Addr"):
        out.append(" Address:\t\t%s" % status["Addr"])
    if manager is not None:
        out += ["Manager Status:", " Address:\t\t%s" % manager.get("Addr", ""),
                " Raft Status:\t\t%s" % manager.get("Reachability", "").capitalize(),
                " Leader:\t\t%s" % ("Yes" if manager.get("Leader") else "No")]
    res = desc.get("Resources") or {}
    out += ["Platform:", " Operating System:\t%s" % (desc.get("Platform") or {}).get("OS", ""),
            " Architecture:\t\t%s" % (desc.get("Platform") or {}).get("Architecture", ""),
            "Resources:", " CPUs:\t\t\t%d" % (res.get("NanoCPUs", 0) // 1000000000),
            " Memory:\t\t%s" % (human_size(res["MemoryBytes"], 4, True)
                                if res.get("MemoryBytes") else "")]
    engine = desc.get("Engine") or {}
    plugins = dict()
    for p in engine.get("Plugins") or ():
        plugins.setdefault(p.get("Type", ""), []).append(p.get("Name", ""))
    if plugins:
        out.append("Plugins:" + "".join("\n %s:%s" % (k, "\t\t" + ", ".join(v) if v else "")
                                        for k, v in sorted(plugins.items())))
    out.append("Engine Version:\t\t%s" % engine.get("EngineVersion", ""))
    if engine.get("Labels"):
        out.append("Engine Labels:" + _pretty_labels(engine["Labels"], " - "))
    tls = desc.get("TLSInfo") or {}
    if any(tls.values()):
        out += ["TLS Info:", " TrustRoot:", tls.get("TrustRoot", ""),
                " Issuer Subject:\t%s" % (tls.get("CertIssuerSubject") or ""),
                " Issuer Public Key:\t%s" % (tls.get("CertIssuerPublicKey") or "")]
    return "\n".join(out)


def _cmd_node_inspect(client, args, stdio):
    api = client.api
    fmt = args.format
    pretty = _node_pretty if args.pretty or fmt == "pretty" else None
    if fmt.startswith("pretty") if fmt else False:
        if fmt != "pretty":
            raise DockerException("cannot supply extra formatting options to the pretty "
                                  "template")
        fmt = ""
    return _swarm_inspect(stdio, args.nodes,
                          lambda ref: api.inspect_node(_node_reference(api, ref)), fmt, pretty)


def _update_nodes(client, stdio, refs, change, done):
    """docker's updateNodes: each node inspected, changed, updated at its version; the
    first error ends it."""
    api = client.api
    for ref in refs:
        node = as_go_type(api.inspect_node(ref), "swarm.Node")
        spec = node.get("Spec") or {}
        if change(node, spec) is False:
            continue
        api.update_node(node["ID"], node["Version"]["Index"], spec)
        done(ref)
    return 0


def _cmd_node_update(client, args, stdio):
    flags = _swarm_flags(client, args, "node update")

    def change(node, spec):
        if "role" in flags:
            spec["Role"] = flags["role"]
        if "availability" in flags:
            spec["Availability"] = flags["availability"]
        labels = spec.setdefault("Labels", {})
        labels.update(_key_values(flags.get("label-add")) or {})
        for key in flags.get("label-rm") or ():
            if key not in labels:
                raise DockerException("key %s doesn't exist in node's labels" % key)
            del labels[key]
    return _update_nodes(client, stdio, [args.node], change,
                         lambda ref: stdio.write(ref + "\n"))


def _node_role(role, done):
    def command(client, args, stdio):
        def change(node, spec):
            if spec.get("Role") == role:
                stdio.write("Node %s is already a %s.\n" % (node["ID"], role))
                return False
            spec["Role"] = role
        return _update_nodes(client, stdio, args.nodes, change,
                             lambda ref: stdio.write(done % ref + "\n"))
    return command


_cmd_node_promote = _node_role("manager", "Node %s promoted to a manager in the swarm.")
_cmd_node_demote = _node_role("worker", "Manager %s demoted in the swarm.")


def _cmd_node_rm(client, args, stdio):
    return _each_joined(args.nodes, stdio,
                        lambda ref: client.api.remove_node(ref, force=args.force))


# ---- secrets and configs ----

_SECRET_HEADERS = {"ID": "ID", "Name": "NAME", "Driver": "DRIVER", "CreatedAt": "CREATED",
                   "UpdatedAt": "UPDATED", "Labels": "LABELS"}


def _object_data(path, kind, limit):
    """A secret's or config's content: a file, or stdin for "-" (docker's limits)."""
    if path == "-":
        data = sys.stdin.buffer.read(2 * limit)
        if not data:
            raise DockerException("error reading from STDIN: data is empty")
        return data
    try:
        with open(path, "rb") as f:
            data = f.read(2 * limit)
    except OSError as e:
        raise DockerException("error reading from %s: open %s: %s"
                              % (path, path, (e.strerror or str(e)).lower()))
    if not data:
        raise DockerException("error reading from %s: data is empty" % path)
    return data


def _cmd_secret_create(client, args, stdio):
    flags = _swarm_flags(client, args, "secret create")
    if args.driver:
        if args.file:
            raise DockerException("When using secret driver secret data must be empty")
        data = None
    elif not args.file:
        raise DockerException("secret file is required")
    else:
        data = _object_data(args.file, "secret", 500 * 1024)
    resp = as_go_type(client.api.create_secret(
        args.secret, data, labels=_key_values(flags.get("label")) or {},
        driver={"Name": args.driver} if args.driver else None,
        templating={"Name": args.template_driver} if args.template_driver else None),
        "swarm.IDResponse")
    stdio.write(resp["ID"] + "\n")
    return 0


def _cmd_config_create(client, args, stdio):
    flags = _swarm_flags(client, args, "config create")
    try:
        data = _object_data(args.file, "config", 1000 * 1024)
    except DockerException as e:
        raise DockerException('Error reading content from "%s": %s' % (args.file, e))
    resp = as_go_type(client.api.create_config(
        args.config, data, labels=_key_values(flags.get("label")) or {},
        templating={"Name": args.template_driver} if args.template_driver else None),
        "swarm.IDResponse")
    stdio.write(resp["ID"] + "\n")
    return 0


def _object_rows(objects, secret):
    now = time.time()
    objects.sort(key=lambda o: natural_key(o["Spec"].get("Name", "")))
    rows = []
    for o in objects:
        fields = [("ID", o["ID"]), ("Name", o["Spec"].get("Name", ""))]
        if secret:
            fields.append(("Driver", (o["Spec"].get("Driver") or {}).get("Name", "")))
        fields += [("CreatedAt", _ago(o.get("CreatedAt"), now)),
                   ("UpdatedAt", _ago(o.get("UpdatedAt"), now)),
                   ("Labels", ",".join("%s=%s" % kv for kv in
                                       sorted((o["Spec"].get("Labels") or {}).items())))]
        rows.append(_Row(fields, "*secret.secretContext" if secret else "*config.configContext",
                         _label_method(o["Spec"].get("Labels"))))
    return rows


def _cmd_secret_ls(client, args, stdio):
    rows = _object_rows(as_go_type(client.api.secrets(_swarm_filters(args.filter)),
                                   "[]swarm.Secret"), True)
    _list_rows(stdio, rows, args, "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.CreatedAt}}\\t"
               "{{.UpdatedAt}}", _SECRET_HEADERS)
    return 0


def _cmd_config_ls(client, args, stdio):
    rows = _object_rows(as_go_type(client.api.configs(_swarm_filters(args.filter)),
                                   "[]swarm.Config"), False)
    _list_rows(stdio, rows, args, "table {{.ID}}\\t{{.Name}}\\t{{.CreatedAt}}\\t"
               "{{.UpdatedAt}}", _SECRET_HEADERS)
    return 0


def _object_pretty(o, secret):
    o = as_go_type(o, "swarm.Secret" if secret else "swarm.Config")
    import base64
    spec = o.get("Spec") or {}
    if secret:
        out = ["ID:              %s" % o["ID"], "Name:              %s" % spec.get("Name", "")]
    else:
        out = ["ID:\t\t\t%s" % o["ID"], "Name:\t\t\t%s" % spec.get("Name", "")]
    if spec.get("Labels"):
        out.append("Labels:" + _pretty_labels(spec["Labels"], " - "))
    if secret:
        out += ["Driver:            %s" % (spec.get("Driver") or {}).get("Name", ""),
                "Created at:        %s" % _go_time_string(o.get("CreatedAt")).capitalize(),
                "Updated at:        %s" % _go_time_string(o.get("UpdatedAt")).capitalize()]
    else:
        out += ["Created at:            \t%s" % _go_time_string(o.get("CreatedAt")).capitalize(),
                "Updated at:            \t%s" % _go_time_string(o.get("UpdatedAt")).capitalize(),
                "Data:", base64.b64decode(spec.get("Data") or "").decode("utf-8", "replace")]
    return "\n".join(out)


def _object_inspect(getter, secret):
    def command(client, args, stdio):
        fmt = args.format
        pretty = (lambda o: _object_pretty(o, secret)) if args.pretty or fmt == "pretty" \
            else None
        if fmt.startswith("pretty") if fmt else False:
            if fmt != "pretty":
                raise DockerException("cannot supply extra formatting options to the pretty "
                                      "template")
            fmt = ""
        return _swarm_inspect(stdio, args.names, getattr(client.api, getter), fmt, pretty)
    return command


_cmd_secret_inspect = _object_inspect("inspect_secret", True)
_cmd_config_inspect = _object_inspect("inspect_config", False)


def _cmd_secret_rm(client, args, stdio):
    return _each_joined(args.names, stdio, client.api.remove_secret)


def _cmd_config_rm(client, args, stdio):
    return _each_joined(args.names, stdio, client.api.remove_config)


# ---- plugins ----

_PLUGIN_HEADERS = {"ID": "ID", "Name": "NAME", "Description": "DESCRIPTION",
                   "Enabled": "ENABLED", "PluginReference": "IMAGE"}


def _cmd_plugin_ls(client, args, stdio):
    plugins = sorted(as_go_type(client.api.plugins(_parse_filters(args.filter)),
                                "[]types.Plugin"), key=lambda p: natural_key(p["Name"]))
    trunc = not args.no_trunc
    rows = []
    for p in plugins:
        text = p["Config"]["Description"].replace("\n", "").replace("\r", "")
        rows.append(_Row([("Description", ellipsis(text, 45) if trunc else text),
                          ("Enabled", p["Enabled"]),
                          ("ID", truncate_id(p["Id"]) if trunc else p["Id"]),
                          ("Name", p["Name"]), ("PluginReference", p["PluginReference"])],
                         "*plugin.pluginContext"))
    fmt = _list_format(args, "pluginsFormat", "table {{.ID}}\\t{{.Name}}\\t{{.Description}}"
                       "\\t{{.Enabled}}", "plugin_id: {{.ID}}\\nname: {{.Name}}\\ndescription: "
                       "{{.Description}}\\nenabled: {{.Enabled}}\\n", "plugin_id: {{.ID}}")
    _format_rows(stdio, rows, fmt, None, _PLUGIN_HEADERS)
    return 0


def _cmd_plugin_inspect(client, args, stdio):
    return _inspect_each(stdio, args.plugins, client.api.inspect_plugin, args.format)


def _cmd_plugin_create(client, args, stdio):
    if args.extra:      # docker takes and forgets them
        raise InvalidArgument("docksock: plugin create takes one data directory, not also %s"
                              % " ".join(args.extra))
    parse_reference(args.plugin)
    path = os.path.abspath(args.directory)
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            raise InvalidArgument("context must be a directory")
    except OSError as e:
        raise DockerException(go_path_error("lstat", path, e))
    config = os.path.join(args.directory, "config.json")
    try:
        with open(config, "rb") as f:
            json.loads(f.read().decode("utf-8"))
    except OSError as e:
        raise DockerException(go_path_error("open", config, e))
    except ValueError as e:
        raise InvalidArgument("%s: %s" % (config, e))
    client.api.create_plugin(args.plugin, path, gzip=args.compress)
    stdio.write(args.plugin + "\n")
    return 0


def _cmd_plugin_enable(client, args, stdio):
    if args.timeout < 0:
        raise InvalidArgument("negative timeout %d is invalid" % args.timeout)
    client.api.enable_plugin(args.plugin, args.timeout)
    stdio.write(args.plugin + "\n")
    return 0


def _cmd_plugin_disable(client, args, stdio):
    client.api.disable_plugin(args.plugin, args.force)
    stdio.write(args.plugin + "\n")
    return 0


def _cmd_plugin_rm(client, args, stdio):
    return _each(args.plugins, stdio, lambda p: client.api.remove_plugin(p, args.force))


def _cmd_plugin_set(client, args, stdio):
    client.api.configure_plugin(args.plugin, args.settings)
    return 0


def _plugin_grants(client, args, stdio, remote, shown_as):
    """The privileges a plugin asks for, granted with --grant-all-permissions or at a
    prompt, as docker asks."""
    privileges = client.api.plugin_privileges(remote)
    shown = as_go_type(privileges, "[]types.PluginPrivilege")
    if privileges and not args.grant_all_permissions:
        stdio.write('Plugin "%s" is requesting the following privileges:\n' % shown_as)
        for p in shown:
            stdio.write(" - %s: [%s]\n" % (p["Name"], " ".join(p["Value"])))
        if not _confirm(stdio, "Do you grant the above permissions?"):
            raise DockerException("permission denied while installing plugin %s" % remote)
    return privileges


def _cmd_plugin_install(client, args, stdio):
    local = None
    if args.alias:
        name, tag, digest = parse_reference(args.alias)
        if digest:
            raise InvalidArgument("invalid name: %s" % args.alias)
        local = familiar_name("%s:%s" % (name, tag or "latest"))
    name, tag, digest = parse_reference(args.plugin)
    remote = name + (":" + tag if tag else "") + ("@" + digest if digest else "")
    privileges = _plugin_grants(client, args, stdio, remote, args.plugin)
    installed = local or familiar_name(remote if tag or digest else remote + ":latest")
    _follow_stream(client.api.pull_plugin(remote, privileges, name=local), stdio)
    try:
        if args.settings:
            client.api.configure_plugin(installed, args.settings)
        if not args.disable:
            client.api.enable_plugin(installed, 0)
    except APIError:
        client.api.remove_plugin(installed, force=True)     # as docker undoes a failed install
        raise
    stdio.write("Installed plugin %s\n" % args.plugin)
    return 0


def _cmd_plugin_push(client, args, stdio):
    name, tag, digest = parse_reference(args.plugin)
    if digest:
        raise InvalidArgument("invalid name: %s" % args.plugin)
    _follow_stream(client.api.push_plugin(familiar_name("%s:%s" % (name, tag or "latest"))),
                   stdio)
    return 0


def _cmd_plugin_upgrade(client, args, stdio):
    try:
        plugin = as_go_type(client.api.inspect_plugin(args.plugin), "types.Plugin")
    except APIError as e:
        raise DockerException("error reading plugin data: Error response from daemon: %s"
                              % e.explanation)
    if plugin["Enabled"]:
        raise InvalidArgument("the plugin must be disabled before upgrading")
    remote_text = args.remote or plugin["PluginReference"]
    try:
        name, tag, digest = parse_reference(remote_text)
    except InvalidArgument as e:
        raise InvalidArgument("error parsing remote upgrade image reference: %s" % e)
    remote = name + ":" + (tag or "latest") if not digest else name + "@" + digest
    old_name, old_tag, old_digest = parse_reference(plugin["PluginReference"])
    old = old_name + ":" + (old_tag or "latest") if not old_digest else old_name + "@" + old_digest
    stdio.write("Upgrading plugin %s from %s to %s\n" % (plugin["Name"], familiar_name(old),
                                                       familiar_name(remote)))
    if not args.skip_remote_check and remote != old and \
            not _confirm(stdio, "Plugin images do not match, are you sure?"):
        return 0
    privileges = _plugin_grants(client, args, stdio, remote, remote_text)
    _follow_stream(client.api.upgrade_plugin(plugin["Name"], remote, privileges), stdio)
    stdio.write("Upgraded plugin %s to %s\n" % (plugin["Name"], remote_text))
    return 0


# ---- checkpoints ----

def _cmd_checkpoint_create(client, args, stdio):
    client.api.create_checkpoint(args.container, args.checkpoint, args.checkpoint_dir,
                                 exit=not args.leave_running)
    stdio.write(args.checkpoint + "\n")
    return 0


def _cmd_checkpoint_ls(client, args, stdio):
    rows = [_Row([("Name", c["Name"])], "*checkpoint.checkpointContext")
            for c in as_go_type(client.api.checkpoints(args.container, args.checkpoint_dir),
                                "[]checkpoint.Summary")]
    _format_rows(stdio, rows, "table {{.Name}}", None, {"Name": "CHECKPOINT NAME"})
    return 0


def _cmd_checkpoint_rm(client, args, stdio):
    client.api.remove_checkpoint(args.container, args.checkpoint, args.checkpoint_dir)
    return 0


# ---- the command line's grammar: docker's flags (pflag) and arguments (cobra) ----

# How a flag's value is taken, by the type word docker's help shows for it: "" is a
# boolean; these take one value per use and collect them (in the order given); "strings"
# also splits each value on commas; every other word takes one value, converted by
# _flag_value where the word names a number, duration or size.
_LIST_TYPES = frozenset(("list", "filter", "stringArray", "strings", "mount", "port",
                         "ulimit", "pref", "secret", "config", "external-ca", "map",
                         "network", "gpu-request", "command", "weight-device",
                         "throttledevice", "ipNetSlice"))


class _Flag:
    """One flag: long name, short letter ("" for none), type word ("" for a boolean),
    default (as docker's help shows it, "" for none), help text."""

    __slots__ = ("long", "short", "type", "default", "help")

    def __init__(self, long, short, type_, default, help_):
        self.long, self.short, self.type, self.default, self.help = \
            long, short, type_, default, help_

    @property
    def label(self):
        """How pflag names the flag in errors: "-n, --last" or "--since"."""
        return ("-%s, --%s" % (self.short, self.long)) if self.short else "--" + self.long

    def initial(self):
        if not self.type:
            return self.default == "true"
        if self.type in _LIST_TYPES:
            return []
        if self.type == "stringToString":
            return {}
        try:    # some defaults are words: "0 = unlimited", "equal to --replicas"
            return _flag_value(self, self.default.split(" ")[0]) if self.default else None
        except _UsageError:
            return None


class _UsageError(Exception):
    """A command line docksock cannot take, in pflag's or cobra's words (the message)."""

    def __init__(self, message, status=125):
        super().__init__(message)
        self.status = status


def _go_parse_int(text, unsigned=False, bits=64):
    """Go's strconv.ParseInt(text, 0, bits) (ParseUint when unsigned): (value, None), or
    (None, Go's error text)."""
    fn = "ParseUint" if unsigned else "ParseInt"
    body = text[1:] if text[:1] in "+-" and not unsigned else text
    try:
        if body != body.strip() or body[:1] in "+-" or not body:
            raise ValueError(text)
        octal = len(body) > 1 and body[0] == "0" and body[1] not in "xXbBoO"
        value = int(body, 8 if octal else 0) * (-1 if text[:1] == "-" else 1)
    except ValueError:
        return None, "strconv.%s: parsing %s: invalid syntax" % (fn, go_quote(text))
    limit = 1 << (bits if unsigned else bits - 1)
    if not (0 if unsigned else -limit) <= value < limit:
        return None, "strconv.%s: parsing %s: value out of range" % (fn, go_quote(text))
    return value, None


def _go_ram_in_bytes(text):
    """go-units RAMInBytes, as docker's MemBytes flags read a size: (bytes, None), or
    (None, its error text)."""
    cut = max(text.rfind(c) for c in "0123456789. ")
    if cut < 0:
        return None, "invalid size: '%s'" % text
    number, suffix = (text[:cut + 1], text[cut + 1:]) if text[cut] != " " else \
        (text[:cut], text[cut + 1:])
    try:
        size = float(number)
    except ValueError:
        return None, "strconv.ParseFloat: parsing %s: invalid syntax" % go_quote(number)
    if size < 0:
        return None, "invalid size: '%s'" % text
    lower = suffix.lower()
    if not suffix or lower == "b":
        return int(size), None
    scale = " kmgtp".find(lower[0])
    if len(suffix) > 3 or scale < 1 or (len(lower) == 2 and lower[1] not in "bi") or \
            (len(lower) == 3 and lower[1:] != "ib"):
        return None, "invalid suffix: '%s'" % lower
    return int(size * 1024 ** scale), None


def _flag_value(flag, text):
    """A flag's value converted by its type, or _UsageError in pflag's words."""
    kind = flag.type
    error = None
    if kind in ("int", "int64", "int32"):
        value, error = _go_parse_int(text, bits=32 if kind == "int32" else 64)
    elif kind in ("uint", "uint64", "uint16", "uint32"):
        bits = {"uint16": 16, "uint32": 32}.get(kind, 64)
        value, error = _go_parse_int(text, unsigned=True, bits=bits)
    elif kind == "duration":
        value = parse_duration(text) if text not in ("0", "") else 0.0
        if value is None:
            error = "time: invalid duration %s" % go_quote(text)
    elif kind == "bytes" and text != "-1":     # kept as given; -1: --memory-swap's unlimited
        value, error = text, _go_ram_in_bytes(text)[1]
    elif kind in ("float", "float64"):
        try:
            value = float(text)
        except ValueError:
            error = "strconv.ParseFloat: parsing %s: invalid syntax" % go_quote(text)
    else:
        value = text
    if error:
        raise _UsageError('invalid argument %s for %s flag: %s'
                          % (go_quote(text), go_quote(flag.label), error))
    return value


def _check_link(value):
    """docker's ValidateLink: "name" or "name:alias"."""
    if not value:
        return "empty string specified for links"
    return "bad format for links: " + value if value.count(":") > 1 else None


def _check_label(value):
    """docker's ValidateLabel: a name before any "=", without white space."""
    key = value.partition("=")[0].strip()
    if not key:
        return "invalid label '%s': empty name" % value
    return "label '%s' contains whitespaces" % key if re.search(r"\s", key) else None


def _parse_extra_host(value):
    """docker's ValidateExtraHost: ("host:ip", None) for "host:ip" or "host=ip" (the ip
    may be [bracketed] or host-gateway), else (None, the error)."""
    import ipaddress
    key, eq, ip = value.partition("=")
    if not eq:
        key, eq, ip = value.partition(":")
    if not eq or not key or ":" in key:
        return None, "bad format for add-host: %s" % go_quote(value)
    if ip != "host-gateway":
        if len(ip) > 2 and ip[0] == "[" and ip[-1] == "]":
            ip = ip[1:-1]
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            return None, "invalid IP address in add-host: %s" % go_quote(ip)
    return key + ":" + ip, None


def _parse_ulimit(value):
    """go-units ParseUlimit: ({"Name", "Soft", "Hard"}, None) for "name=soft[:hard]", else
    (None, the error)."""
    names = ("core cpu data fsize locks memlock msgqueue nice nofile nproc rss rtprio rttime "
             "sigpending stack").split()
    name, eq, limits = value.partition("=")
    if not eq:
        return None, "invalid ulimit argument: %s" % value
    if name not in names:
        return None, "invalid ulimit type: %s" % name
    parts = limits.split(":")
    if len(parts) > 2:
        return None, "too many limit value arguments - %s, can only have up to two, " \
            "`soft[:hard]`" % limits
    numbers = []
    for part in parts:
        if not re.match(r"[+-]?[0-9]+\Z", part):   # base 10 only, as strconv.ParseInt(s, 10)
            return None, "strconv.ParseInt: parsing %s: invalid syntax" % go_quote(part)
        number, error = _go_parse_int(part.lstrip("+").lstrip("0") or "0" if part[:1] != "-"
                                      else part, bits=64)
        if error:
            return None, error
        numbers.append(number)
    soft, hard = numbers[0], numbers[-1]
    if hard != -1 and soft == -1:
        return None, "ulimit soft limit must be less than or equal to hard limit: soft: -1 " \
            "(unlimited), hard: %d" % hard
    if hard != -1 and soft > hard:
        return None, "ulimit soft limit must be less than or equal to hard limit: %d > %d" \
            % (soft, hard)
    return {"Name": name, "Hard": hard, "Soft": soft}, None


# list flags docker checks as they are parsed, by long name (the same check everywhere)
_LIST_CHECKS = {"link": _check_link, "label": _check_label,
                "add-host": lambda v: _parse_extra_host(v)[1],
                "ulimit": lambda v: _parse_ulimit(v)[1]}


def _string_to_string(flag, text):
    """pflag's stringToString: "k=v" (quotes trimmed), or with more than one "=" a CSV
    record of k=v pairs."""
    if "=" not in text:
        pairs, error = (), "%s must be formatted as key=value" % text
    elif text.count("=") == 1:
        pairs, error = [text.strip('"')], None
    else:
        import csv
        try:
            pairs, error = next(csv.reader([text], strict=True)), None
        except csv.Error as e:
            pairs, error = (), "parse error on line 1: %s" % e
    out = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq:
            error = "%s must be formatted as key=value" % pair
            break
        out[key] = value
    if error:
        raise _UsageError("invalid argument %s for %s flag: %s"
                          % (go_quote(text), go_quote(flag.label), error))
    return out


class _Args:
    """The parsed command line: one attribute per flag (its long name with "_" for "-"),
    one per positional argument, `changed`, the long names given explicitly, and `read`,
    the attributes read so far (so a test can catch a flag that was taken and ignored)."""

    def __init__(self):
        self.changed = set()
        self.read = set()

    def __getattribute__(self, name):
        if name not in ("changed", "read", "__dict__", "__class__"):
            object.__getattribute__(self, "read").add(name)
        return object.__getattribute__(self, name)

    def __repr__(self):
        return "_Args(%r)" % self.__dict__


def _parse_command_line(flags, argv, interspersed=True):
    """Parse argv with pflag's grammar against flags (a list of _Flag) and fill an
    _Args.  interspersed=False stops at the first positional word (docker's
    SetInterspersed(false)).  Returns (args, the positional words); their number is
    checked by the caller, which knows the command."""
    by_long = {f.long: f for f in flags}
    by_short = {f.short: f for f in flags if f.short}
    args = _Args()
    for f in flags:
        setattr(args, f.long.replace("-", "_"), f.initial())
    words = []
    i, n = 0, len(argv)

    def take(flag, value):
        args.changed.add(flag.long)
        attr = flag.long.replace("-", "_")
        if not flag.type:
            if value is None:
                setattr(args, attr, True)
                return
            parsed = {"1": True, "t": True, "T": True, "true": True, "TRUE": True,
                      "True": True, "0": False, "f": False, "F": False, "false": False,
                      "FALSE": False, "False": False}.get(value)
            if parsed is None:
                raise _UsageError('invalid argument %s for %s flag: strconv.ParseBool: '
                                  'parsing %s: invalid syntax'
                                  % (go_quote(value), go_quote(flag.label), go_quote(value)))
            setattr(args, attr, parsed)
        elif flag.type == "filter":     # docker's FilterOpt: name=value, "" skipped
            if value and "=" not in value:
                raise _UsageError('invalid argument %s for %s flag: bad format of filter '
                                  '(expected name=value)'
                                  % (go_quote(value), go_quote(flag.label)))
            if value:
                getattr(args, attr).append(value)
        elif flag.type in _LIST_TYPES:
            values = value.split(",") if flag.type in ("strings", "ipNetSlice") else [value]
            check = _LIST_CHECKS.get(flag.long)
            error = check and check(value)
            if error:
                raise _UsageError("invalid argument %s for %s flag: %s"
                                  % (go_quote(value), go_quote(flag.label), error))
            getattr(args, attr).extend(values)
        elif flag.type == "stringToString":
            getattr(args, attr).update(_string_to_string(flag, value))
        else:
            setattr(args, attr, _flag_value(flag, value))

    while i < n:
        word = argv[i]
        i += 1
        if word == "--":
            words += argv[i:]
            break
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            if not name or name.startswith("-") or name.startswith("="):
                raise _UsageError("bad flag syntax: %s" % word)
            flag = by_long.get(name)
            if flag is None:
                raise _UsageError("unknown flag: --%s" % name)
            if eq:
                take(flag, value)
            elif not flag.type:
                take(flag, None)
            elif i < n:
                take(flag, argv[i])
                i += 1
            else:
                raise _UsageError("flag needs an argument: --%s" % name)
        elif word.startswith("-") and len(word) > 1:
            letters = word[1:]
            while letters:
                c, letters = letters[0], letters[1:]
                flag = by_short.get(c)
                if flag is None:
                    raise _UsageError("unknown shorthand flag: '%s' in -%s" % (c, word[1:]))
                if letters.startswith("="):
                    take(flag, letters[1:])
                    break
                if not flag.type:
                    take(flag, None)
                elif letters:
                    take(flag, letters)
                    break
                elif i < n:
                    take(flag, argv[i])
                    i += 1
                else:
                    raise _UsageError("flag needs an argument: '%s' in -%s" % (c, word[1:]))
        else:
            words.append(word)
            if not interspersed:
                words += argv[i:]
                break
    return args, words


def _wrap_help(indent, width, text):
    """pflag's wrap: text flowed to width columns, continuation lines indented by indent
    (the first line's indent is the caller's); explicit newlines kept."""
    if width == 0:
        return text.replace("\n", "\n" + " " * indent)
    room = width - indent
    out = ""
    if room < 24:
        indent = 16
        room = width - indent
        out = "\n" + " " * indent
    if room < 24:
        return text.replace("\n", out)
    slop = 5
    room -= slop
    pad = "\n" + " " * indent
    first = True
    while first or text:
        if room + slop > len(text):
            line, text = text, ""
        else:
            cut = max(text.rfind(" ", 0, room), text.rfind("\t", 0, room),
                      text.rfind("\n", 0, room))
            if cut <= 0:
                line, text = text, ""
            else:
                nl = text.rfind("\n", 0, room)
                if 0 < nl < cut:
                    cut = nl
                line, text = text[:cut], text[cut + 1:]
        out += ("" if first else pad) + line.replace("\n", pad)
        first = False
    return out


def _flag_usages(flags, width):
    """pflag's FlagUsagesWrapped: the Options block of a help text."""
    lines = []
    for f in flags:
        head = ("  -%s, --%s" % (f.short, f.long)) if f.short else "      --" + f.long
        if f.type:
            head += " " + f.type
        lines.append((head, f.help))
    longest = max(len(h) for h, _ in lines) if lines else 0
    return "".join("%s %s %s\n" % (h, " " * (longest + 1 - len(h)),
                                    _wrap_help(longest + 3, width, t))
                   for h, t in lines)


# ---- the command table: docker 28's commands and flags, as its --help shows them ----
#
# One block a command: a header ">PATH;ARGUMENTS;ALIASES;SUMMARY[;DESCRIPTION]" (aliases
# are full paths, comma separated; \n is a newline; the description, where docker has a
# longer one than the summary, is what --help shows), then one line a flag,
# "S LONG[ TYPE]|HELP", or "<PATH -LONG..." for the flags of the command PATH but
# these (container create's are run's, less three),
# S its short letter or "-", no TYPE for a boolean; a default is the "(default ...)"
# ending HELP, as pflag prints it.  docksock's own commands close the table.
_COMMAND_TABLE = r"""
>container run;[OPTIONS] IMAGE [COMMAND] [ARG...];run;Create and run a new container from an image
- add-host list|Add a custom host-to-IP mapping (host:ip)
- annotation map|Add an annotation to the container (passed through to the OCI runtime) (default map[])
a attach list|Attach to STDIN, STDOUT or STDERR
- blkio-weight uint16|Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)
- blkio-weight-device list|Block IO weight (relative device weight) (default [])
- cap-add list|Add Linux capabilities
- cap-drop list|Drop Linux capabilities
- cgroup-parent string|Optional parent cgroup for the container
- cgroupns string|Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker host's cgroup namespace\n'private': Run the container in its own private cgroup namespace\n'':        Use the cgroup namespace as configured by the\n           default-cgroupns-mode option on the daemon (default)
- cidfile string|Write the container ID to the file
- cpu-count int|CPU count (Windows only)
- cpu-percent int|CPU percent (Windows only)
- cpu-period int|Limit CPU CFS (Completely Fair Scheduler) period
- cpu-quota int|Limit CPU CFS (Completely Fair Scheduler) quota
- cpu-rt-period int|Limit CPU real-time period in microseconds
- cpu-rt-runtime int|Limit CPU real-time runtime in microseconds
c cpu-shares int|CPU shares (relative weight)
- cpus decimal|Number of CPUs
- cpuset-cpus string|CPUs in which to allow execution (0-3, 0,1)
- cpuset-mems string|MEMs in which to allow execution (0-3, 0,1)
d detach|Run container in background and print container ID
- detach-keys string|Override the key sequence for detaching a container
- device list|Add a host device to the container
- device-cgroup-rule list|Add a rule to the cgroup allowed devices list
- device-read-bps list|Limit read rate (bytes per second) from a device (default [])
- device-read-iops list|Limit read rate (IO per second) from a device (default [])
- device-write-bps list|Limit write rate (bytes per second) to a device (default [])
- device-write-iops list|Limit write rate (IO per second) to a device (default [])
- disable-content-trust|Skip image verification (default true)
- dns list|Set custom DNS servers
- dns-option list|Set DNS options
- dns-search list|Set custom DNS search domains
- domainname string|Container NIS domain name
- entrypoint string|Overwrite the default ENTRYPOINT of the image
e env list|Set environment variables
- env-file list|Read in a file of environment variables
- expose list|Expose a port or a range of ports
- gpus gpu-request|GPU devices to add to the container ('all' to pass all GPUs)
- group-add list|Add additional groups to join
- health-cmd string|Command to run to check health
- health-interval duration|Time between running the check (ms|s|m|h) (default 0s)
- health-retries int|Consecutive failures needed to report unhealthy
- health-start-interval duration|Time between running the check during the start period (ms|s|m|h) (default 0s)
- health-start-period duration|Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)
- health-timeout duration|Maximum time to allow one check to run (ms|s|m|h) (default 0s)
- help|Print usage
h hostname string|Container host name
- init|Run an init inside the container that forwards signals and reaps processes
i interactive|Keep STDIN open even if not attached
- io-maxbandwidth bytes|Maximum IO bandwidth limit for the system drive (Windows only)
- io-maxiops uint|Maximum IOps limit for the system drive (Windows only)
- ip string|IPv4 address (e.g., 172.30.100.104)
- ip6 string|IPv6 address (e.g., 2001:db8::33)
- ipc string|IPC mode to use
- isolation string|Container isolation technology
- kernel-memory bytes|Kernel memory limit
l label list|Set meta data on a container
- label-file list|Read in a line delimited file of labels
- link list|Add link to another container
- link-local-ip list|Container IPv4/IPv6 link-local addresses
- log-driver string|Logging driver for the container
- log-opt list|Log driver options
- mac-address string|Container MAC address (e.g., 92:d0:c6:0a:29:33)
m memory bytes|Memory limit
- memory-reservation bytes|Memory soft limit
- memory-swap bytes|Swap limit equal to memory plus swap: '-1' to enable unlimited swap
- memory-swappiness int|Tune container memory swappiness (0 to 100) (default -1)
- mount mount|Attach a filesystem mount to the container
- name string|Assign a name to the container
- network network|Connect a container to a network
- network-alias list|Add network-scoped alias for the container
- no-healthcheck|Disable any container-specified HEALTHCHECK
- oom-kill-disable|Disable OOM Killer
- oom-score-adj int|Tune host's OOM preferences (-1000 to 1000)
- pid string|PID namespace to use
- pids-limit int|Tune container pids limit (set -1 for unlimited)
- platform string|Set platform if server is multi-platform capable
- privileged|Give extended privileges to this container
p publish list|Publish a container's port(s) to the host
P publish-all|Publish all exposed ports to random ports
- pull string|Pull image before running ("always", "missing", "never") (default "missing")
q quiet|Suppress the pull output
- read-only|Mount the container's root filesystem as read only
- restart string|Restart policy to apply when a container exits (default "no")
- rm|Automatically remove the container and its associated anonymous volumes when it exits
- runtime string|Runtime to use for this container
- security-opt list|Security Options
- shm-size bytes|Size of /dev/shm
- sig-proxy|Proxy received signals to the process (default true)
- stop-signal string|Signal to stop the container
- stop-timeout int|Timeout (in seconds) to stop a container
- storage-opt list|Storage driver options for the container
- sysctl map|Sysctl options (default map[])
- tmpfs list|Mount a tmpfs directory
t tty|Allocate a pseudo-TTY
- ulimit ulimit|Ulimit options (default [])
- use-api-socket|Bind mount Docker API socket and required auth
u user string|Username or UID (format: <name|uid>[:<group|gid>])
- userns string|User namespace to use
- uts string|UTS namespace to use
v volume list|Bind mount a volume
- volume-driver string|Optional volume driver for the container
- volumes-from list|Mount volumes from the specified container(s)
w workdir string|Working directory inside the container
>container exec;[OPTIONS] CONTAINER COMMAND [ARG...];exec;Execute a command in a running container
d detach|Detached mode: run command in the background
- detach-keys string|Override the key sequence for detaching a container
e env list|Set environment variables
- env-file list|Read in a file of environment variables
i interactive|Keep STDIN open even if not attached
- privileged|Give extended privileges to the command
t tty|Allocate a pseudo-TTY
u user string|Username or UID (format: "<name|uid>[:<group|gid>]")
w workdir string|Working directory inside the container
>container ls;[OPTIONS];container list,container ps,ps;List containers
a all|Show all containers (default shows just running)
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
n last int|Show n last created containers (includes all states) (default -1)
l latest|Show the latest created container (includes all states)
- no-trunc|Don't truncate output
q quiet|Only display container IDs
s size|Display total file sizes
>image build;[OPTIONS] PATH | URL | -;build,builder build;Build an image from a Dockerfile
- add-host list|Add a custom host-to-IP mapping ("host:ip")
- build-arg list|Set build-time variables
- cache-from strings|Images to consider as cache sources
- cgroup-parent string|Set the parent cgroup for the "RUN" instructions during build
- compress|Compress the build context using gzip
- cpu-period int|Limit the CPU CFS (Completely Fair Scheduler) period
- cpu-quota int|Limit the CPU CFS (Completely Fair Scheduler) quota
c cpu-shares int|CPU shares (relative weight)
- cpuset-cpus string|CPUs in which to allow execution (0-3, 0,1)
- cpuset-mems string|MEMs in which to allow execution (0-3, 0,1)
- disable-content-trust|Skip image verification (default true)
f file string|Name of the Dockerfile (Default is "PATH/Dockerfile")
- force-rm|Always remove intermediate containers
- iidfile string|Write the image ID to the file
- isolation string|Container isolation technology
- label list|Set metadata for an image
m memory bytes|Memory limit
- memory-swap bytes|Swap limit equal to memory plus swap: -1 to enable unlimited swap
- network string|Set the networking mode for the RUN instructions during build (default "default")
- no-cache|Do not use cache when building the image
- platform string|Set platform if server is multi-platform capable
- pull|Always attempt to pull a newer version of the image
q quiet|Suppress the build output and print image ID on success
- rm|Remove intermediate containers after a successful build (default true)
- security-opt strings|Security options
- shm-size bytes|Size of "/dev/shm"
- squash|Squash newly built layers into a single new layer
t tag list|Name and optionally a tag in the "name:tag" format
- target string|Set the target build stage to build.
- ulimit ulimit|Ulimit options (default [])
>image pull;[OPTIONS] NAME[:TAG|@DIGEST];pull;Download an image from a registry
a all-tags|Download all tagged images in the repository
- disable-content-trust|Skip image verification (default true)
- platform string|Set platform if server is multi-platform capable
q quiet|Suppress verbose output
>image push;[OPTIONS] NAME[:TAG];push;Upload an image to a registry
a all-tags|Push all tags of an image to the repository
- disable-content-trust|Skip image signing (default true)
- platform string|Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)
q quiet|Suppress verbose output
>image ls;[OPTIONS] [REPOSITORY[:TAG]];image list,images;List images
a all|Show all images (default hides intermediate images)
- digests|Show digests
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- no-trunc|Don't truncate output
q quiet|Only show image IDs
- tree|List multi-platform images as a tree (EXPERIMENTAL)
>login;[OPTIONS] [SERVER];;Authenticate to a registry;Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.
p password string|Password or Personal Access Token (PAT)
- password-stdin|Take the Password or Personal Access Token (PAT) from stdin
u username string|Username
>logout;[SERVER];;Log out from a registry;Log out from a registry.\nIf no server is specified, the default is defined by the daemon.
>search;[OPTIONS] TERM;;Search Docker Hub for images
f filter filter|Filter output based on conditions provided
- format string|Pretty-print search using a Go template
- limit int|Max number of search results
- no-trunc|Don't truncate output
>version;[OPTIONS];;Show the Docker version information
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
>system info;[OPTIONS];info;Display system-wide information
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
>builder;COMMAND;;Manage builds
>builder prune;;;Remove build cache
a all|Remove all unused build cache, not just dangling ones
- filter filter|Provide filter values (e.g. "until=24h")
f force|Do not prompt for confirmation
- keep-storage bytes|Amount of disk space to keep for cache
>checkpoint;COMMAND;;Manage checkpoints
>checkpoint create;[OPTIONS] CONTAINER CHECKPOINT;;Create a checkpoint from a running container
- checkpoint-dir string|Use a custom checkpoint storage directory
- leave-running|Leave the container running after checkpoint
>checkpoint ls;[OPTIONS] CONTAINER;checkpoint list;List checkpoints for a container
- checkpoint-dir string|Use a custom checkpoint storage directory
>checkpoint rm;[OPTIONS] CONTAINER CHECKPOINT;checkpoint remove;Remove a checkpoint
- checkpoint-dir string|Use a custom checkpoint storage directory
>container;COMMAND;;Manage containers
>container attach;[OPTIONS] CONTAINER;attach;Attach local standard input, output, and error streams to a running container
- detach-keys string|Override the key sequence for detaching a container
- no-stdin|Do not attach STDIN
- sig-proxy|Proxy all received signals to the process (default true)
>container commit;[OPTIONS] CONTAINER [REPOSITORY[:TAG]];commit;Create a new image from a container's changes
a author string|Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")
c change list|Apply Dockerfile instruction to the created image
m message string|Commit message
p pause|Pause container during commit (default true)
>container cp;[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\t{prog} cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH;cp;Copy files/folders between a container and the local filesystem;Copy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.
a archive|Archive mode (copy all uid/gid information)
L follow-link|Always follow symbol link in SRC_PATH
q quiet|Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached
>container create;[OPTIONS] IMAGE [COMMAND] [ARG...];create;Create a new container
<container run -detach -detach-keys -sig-proxy
- pull string|Pull image before creating ("always", "|missing", "never") (default "missing")
>container diff;CONTAINER;diff;Inspect changes to files or directories on a container's filesystem
>container export;[OPTIONS] CONTAINER;export;Export a container's filesystem as a tar archive
o output string|Write to a file, instead of STDOUT
>container inspect;[OPTIONS] CONTAINER [CONTAINER...];;Display detailed information on one or more containers
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
s size|Display total file sizes
>container kill;[OPTIONS] CONTAINER [CONTAINER...];kill;Kill one or more running containers
s signal string|Signal to send to the container
>container logs;[OPTIONS] CONTAINER;logs;Fetch the logs of a container
- details|Show extra details provided to logs
f follow|Follow log output
- since string|Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)
n tail string|Number of lines to show from the end of the logs (default "all")
t timestamps|Show timestamps
- until string|Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)
>container pause;CONTAINER [CONTAINER...];pause;Pause all processes within one or more containers
>container port;CONTAINER [PRIVATE_PORT[/PROTO]];port;List port mappings or a specific mapping for the container
>container prune;[OPTIONS];;Remove all stopped containers
- filter filter|Provide filter values (e.g. "until=<timestamp>")
f force|Do not prompt for confirmation
>container rename;CONTAINER NEW_NAME;rename;Rename a container
>container restart;[OPTIONS] CONTAINER [CONTAINER...];restart;Restart one or more containers
s signal string|Signal to send to the container
t timeout int|Seconds to wait before killing the container
>container rm;[OPTIONS] CONTAINER [CONTAINER...];container remove,rm;Remove one or more containers
f force|Force the removal of a running container (uses SIGKILL)
l link|Remove the specified link
v volumes|Remove anonymous volumes associated with the container
>container start;[OPTIONS] CONTAINER [CONTAINER...];start;Start one or more stopped containers
a attach|Attach STDOUT/STDERR and forward signals
- checkpoint string|Restore from this checkpoint
- checkpoint-dir string|Use a custom checkpoint storage directory
- detach-keys string|Override the key sequence for detaching a container
i interactive|Attach container's STDIN
>container stats;[OPTIONS] [CONTAINER...];stats;Display a live stream of container(s) resource usage statistics
a all|Show all containers (default shows just running)
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- no-stream|Disable streaming stats and only pull the first result
- no-trunc|Do not truncate output
>container stop;[OPTIONS] CONTAINER [CONTAINER...];stop;Stop one or more running containers
s signal string|Signal to send to the container
t timeout int|Seconds to wait before killing the container
>container top;CONTAINER [ps OPTIONS];top;Display the running processes of a container
>container unpause;CONTAINER [CONTAINER...];unpause;Unpause all processes within one or more containers
>container update;[OPTIONS] CONTAINER [CONTAINER...];update;Update configuration of one or more containers
- blkio-weight uint16|Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)
- cpu-period int|Limit CPU CFS (Completely Fair Scheduler) period
- cpu-quota int|Limit CPU CFS (Completely Fair Scheduler) quota
- cpu-rt-period int|Limit the CPU real-time period in microseconds
- cpu-rt-runtime int|Limit the CPU real-time runtime in microseconds
c cpu-shares int|CPU shares (relative weight)
- cpus decimal|Number of CPUs
- cpuset-cpus string|CPUs in which to allow execution (0-3, 0,1)
- cpuset-mems string|MEMs in which to allow execution (0-3, 0,1)
m memory bytes|Memory limit
- memory-reservation bytes|Memory soft limit
- memory-swap bytes|Swap limit equal to memory plus swap: -1 to enable unlimited swap
- pids-limit int|Tune container pids limit (set -1 for unlimited)
- restart string|Restart policy to apply when a container exits
>container wait;CONTAINER [CONTAINER...];wait;Block until one or more containers stop, then print their exit codes
>context;COMMAND;;Manage contexts
>context create;[OPTIONS] CONTEXT;;Create a context;Create a context\n\nDocker endpoint config:\n\nNAME                DESCRIPTION\nfrom                Copy named context's Docker endpoint configuration\nhost                Docker endpoint on which to connect\nca                  Trust certs signed only by this CA\ncert                Path to TLS certificate file\nkey                 Path to TLS key file\nskip-tls-verify     Skip TLS certificate validation\n\nExample:\n\n$ docker context create my-context --description "some description" --docker "host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file"
- description string|Description of the context
- docker stringToString|set the docker endpoint (default [])
- from string|create context from a named context
>context export;[OPTIONS] CONTEXT [FILE|-];;Export a context to a tar archive FILE or a tar stream on STDOUT.
>context import;CONTEXT FILE|-;;Import a context from a tar or zip file
>context inspect;[OPTIONS] [CONTEXT] [CONTEXT...];;Display detailed information on one or more contexts
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
>context ls;[OPTIONS];context list;List contexts
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
q quiet|Only show context names
>context rm;CONTEXT [CONTEXT...];context remove;Remove one or more contexts
f force|Force the removal of a context in use
>context show;;;Print the name of the current context
>context update;[OPTIONS] CONTEXT;;Update a context;Update a context\n\nDocker endpoint config:\n\nNAME                DESCRIPTION\nfrom                Copy named context's Docker endpoint configuration\nhost                Docker endpoint on which to connect\nca                  Trust certs signed only by this CA\ncert                Path to TLS certificate file\nkey                 Path to TLS key file\nskip-tls-verify     Skip TLS certificate validation\n\nExample:\n\n$ docker context update my-context --description "some description" --docker "host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file"
- description string|Description of the context
- docker stringToString|set the docker endpoint (default [])
>context use;CONTEXT;;Set the current docker context
>image;COMMAND;;Manage images
>image history;[OPTIONS] IMAGE;history;Show the history of an image
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
H human|Print sizes and dates in human readable format (default true)
- no-trunc|Don't truncate output
- platform string|Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")
q quiet|Only show image IDs
>image import;[OPTIONS] file|URL|- [REPOSITORY[:TAG]];import;Import the contents from a tarball to create a filesystem image
c change list|Apply Dockerfile instruction to the created image
m message string|Set commit message for imported image
- platform string|Set platform if server is multi-platform capable
>image inspect;[OPTIONS] IMAGE [IMAGE...];;Display detailed information on one or more images
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- platform string|Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)
>image load;[OPTIONS];load;Load an image from a tar archive or STDIN
i input string|Read from tar archive file, instead of STDIN
- platform string|Load only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")
q quiet|Suppress the load output
>image prune;[OPTIONS];;Remove unused images
a all|Remove all unused images, not just dangling ones
- filter filter|Provide filter values (e.g. "until=<timestamp>")
f force|Do not prompt for confirmation
>image rm;[OPTIONS] IMAGE [IMAGE...];image remove,rmi;Remove one or more images
f force|Force removal of the image
- no-prune|Do not delete untagged parents
- platform strings|Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")
>image save;[OPTIONS] IMAGE [IMAGE...];save;Save one or more images to a tar archive (streamed to STDOUT by default)
o output string|Write to a file, instead of STDOUT
- platform string|Save only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")
>image tag;SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG];tag;Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE
>manifest;COMMAND;;Manage Docker image manifests and manifest lists
>manifest annotate;[OPTIONS] MANIFEST_LIST MANIFEST;;Add additional information to a local image manifest
- arch string|Set architecture
- os string|Set operating system
- os-features strings|Set operating system feature
- os-version string|Set operating system version
- variant string|Set architecture variant
>manifest create;MANIFEST_LIST MANIFEST [MANIFEST...];;Create a local manifest list for annotating and pushing to a registry
a amend|Amend an existing manifest list
- insecure|Allow communication with an insecure registry
>manifest inspect;[OPTIONS] [MANIFEST_LIST] MANIFEST;;Display an image manifest, or manifest list
- insecure|Allow communication with an insecure registry
v verbose|Output additional info including layers and platform
>manifest push;[OPTIONS] MANIFEST_LIST;;Push a manifest list to a repository
- insecure|Allow push to an insecure registry
p purge|Remove the local manifest list after push
>manifest rm;MANIFEST_LIST [MANIFEST_LIST...];;Delete one or more manifest lists from local storage
>network;COMMAND;;Manage networks
>network connect;[OPTIONS] NETWORK CONTAINER;;Connect a container to a network
- alias strings|Add network-scoped alias for the container
- driver-opt strings|driver options for the network
- gw-priority int|Highest gw-priority provides the default gateway. Accepts positive and negative values.
- ip string|IPv4 address (e.g., "172.30.100.104")
- ip6 string|IPv6 address (e.g., "2001:db8::33")
- link list|Add link to another container
- link-local-ip strings|Add a link-local address for the container
>network create;[OPTIONS] NETWORK;;Create a network
- attachable|Enable manual container attachment
- aux-address map|Auxiliary IPv4 or IPv6 addresses used by Network driver (default map[])
- config-from string|The network from which to copy the configuration
- config-only|Create a configuration only network
d driver string|Driver to manage the Network (default "bridge")
- gateway strings|IPv4 or IPv6 Gateway for the master subnet
- ingress|Create swarm routing-mesh network
- internal|Restrict external access to the network
- ip-range strings|Allocate container ip from a sub-range
- ipam-driver string|IP Address Management Driver (default "default")
- ipam-opt map|Set IPAM driver specific options (default map[])
- ipv4|Enable or disable IPv4 address assignment (default true)
- ipv6|Enable or disable IPv6 address assignment
- label list|Set metadata on a network
o opt map|Set driver specific options (default map[])
- scope string|Control the network's scope
- subnet strings|Subnet in CIDR format that represents a network segment
>network disconnect;[OPTIONS] NETWORK CONTAINER;;Disconnect a container from a network
f force|Force the container to disconnect from a network
>network inspect;[OPTIONS] NETWORK [NETWORK...];;Display detailed information on one or more networks
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
v verbose|Verbose output for diagnostics
>network ls;[OPTIONS];network list;List networks
f filter filter|Provide filter values (e.g. "driver=bridge")
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- no-trunc|Do not truncate the output
q quiet|Only display network IDs
>network prune;[OPTIONS];;Remove all unused networks
- filter filter|Provide filter values (e.g. "until=<timestamp>")
f force|Do not prompt for confirmation
>network rm;NETWORK [NETWORK...];network remove;Remove one or more networks
f force|Do not error if the network does not exist
>plugin;COMMAND;;Manage plugins
>plugin create;[OPTIONS] PLUGIN PLUGIN-DATA-DIR;;Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.
- compress|Compress the context using gzip
>plugin disable;[OPTIONS] PLUGIN;;Disable a plugin
f force|Force the disable of an active plugin
>plugin enable;[OPTIONS] PLUGIN;;Enable a plugin
- timeout int|HTTP client timeout (in seconds) (default 30)
>plugin inspect;[OPTIONS] PLUGIN [PLUGIN...];;Display detailed information on one or more plugins
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
>plugin install;[OPTIONS] PLUGIN [KEY=VALUE...];;Install a plugin
- alias string|Local name for plugin
- disable|Do not enable the plugin on install
- disable-content-trust|Skip image verification (default true)
- grant-all-permissions|Grant all permissions necessary to run the plugin
>plugin ls;[OPTIONS];plugin list;List plugins
f filter filter|Provide filter values (e.g. "enabled=true")
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- no-trunc|Don't truncate output
q quiet|Only display plugin IDs
>plugin push;[OPTIONS] PLUGIN[:TAG];;Push a plugin to a registry
- disable-content-trust|Skip image signing (default true)
>plugin rm;[OPTIONS] PLUGIN [PLUGIN...];plugin remove;Remove one or more plugins
f force|Force the removal of an active plugin
>plugin set;PLUGIN KEY=VALUE [KEY=VALUE...];;Change settings for a plugin
>plugin upgrade;[OPTIONS] PLUGIN [REMOTE];;Upgrade an existing plugin
- disable-content-trust|Skip image verification (default true)
- grant-all-permissions|Grant all permissions necessary to run the plugin
- skip-remote-check|Do not check if specified remote plugin matches existing plugin image
>system;COMMAND;;Manage Docker
>system df;[OPTIONS];;Show docker disk usage
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
v verbose|Show detailed information on space usage
>system events;[OPTIONS];events;Get real time events from the server
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- since string|Show all events created since timestamp
- until string|Stream events until this timestamp
>system prune;[OPTIONS];;Remove unused data
a all|Remove all unused images not just dangling ones
- filter filter|Provide filter values (e.g. "label=<key>=<value>")
f force|Do not prompt for confirmation
- volumes|Prune anonymous volumes
>trust;COMMAND;;Manage trust on Docker images
>trust key;COMMAND;;Manage keys for signing Docker images
>trust key generate;NAME;;Generate and load a signing key-pair
- dir string|Directory to generate key in, defaults to current directory
>trust key load;[OPTIONS] KEYFILE;;Load a private key file for signing
- name string|Name for the loaded key (default "signer")
>trust signer;COMMAND;;Manage entities who can sign Docker images
>trust signer add;OPTIONS NAME REPOSITORY [REPOSITORY...];;Add a signer
- key list|Path to the signer's public key file
>trust signer remove;[OPTIONS] NAME REPOSITORY [REPOSITORY...];;Remove a signer
f force|Do not prompt for confirmation before removing the most recent signer
>trust inspect;IMAGE[:TAG] [IMAGE[:TAG]...];;Return low-level information about keys and signatures
- pretty|Print the information in a human friendly format
>trust revoke;[OPTIONS] IMAGE[:TAG];;Remove trust for an image
y yes|Do not prompt for confirmation
>trust sign;IMAGE:TAG;;Sign an image
- local|Sign a locally tagged image
>volume;COMMAND;;Manage volumes
>volume create;[OPTIONS] [VOLUME];;Create a volume
- availability string|Cluster Volume availability ("active", "pause", "drain") (default "active")
d driver string|Specify volume driver name (default "local")
- group string|Cluster Volume group (cluster volumes)
- label list|Set metadata for a volume
- limit-bytes bytes|Minimum size of the Cluster Volume in bytes
o opt map|Set driver specific options (default map[])
- required-bytes bytes|Maximum size of the Cluster Volume in bytes
- scope string|Cluster Volume access scope ("single", "multi") (default "single")
- secret map|Cluster Volume secrets (default map[])
- sharing string|Cluster Volume access sharing ("none", "readonly", "onewriter", "all") (default "none")
- topology-preferred list|A topology that the Cluster Volume would be preferred in
- topology-required list|A topology that the Cluster Volume must be accessible from
- type string|Cluster Volume access type ("mount", "block") (default "block")
>volume inspect;[OPTIONS] VOLUME [VOLUME...];;Display detailed information on one or more volumes
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
>volume ls;[OPTIONS];volume list;List volumes
- cluster|Display only cluster volumes, and use cluster volume list formatting
f filter filter|Provide filter values (e.g. "dangling=true")
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
q quiet|Only display volume names
>volume prune;[OPTIONS];;Remove unused local volumes
a all|Remove all unused volumes, not just anonymous ones
- filter filter|Provide filter values (e.g. "label=<label>")
f force|Do not prompt for confirmation
>volume rm;[OPTIONS] VOLUME [VOLUME...];volume remove;Remove one or more volumes;Remove one or more volumes. You cannot remove a volume that is in use by a container.
f force|Force the removal of one or more volumes
>volume update;[OPTIONS] [VOLUME];;Update a volume (cluster volumes only)
- availability string|Cluster Volume availability ("active", "pause", "drain") (default "active")
>config;COMMAND;;Manage Swarm configs
>config create;[OPTIONS] CONFIG file|-;;Create a config from a file or STDIN
l label list|Config labels
- template-driver string|Template driver
>config inspect;[OPTIONS] CONFIG [CONFIG...];;Display detailed information on one or more configs
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- pretty|Print the information in a human friendly format
>config ls;[OPTIONS];config list;List configs
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
q quiet|Only display IDs
>config rm;CONFIG [CONFIG...];config remove;Remove one or more configs
>node;COMMAND;;Manage Swarm nodes
>node demote;NODE [NODE...];;Demote one or more nodes from manager in the swarm
>node inspect;[OPTIONS] self|NODE [NODE...];;Display detailed information on one or more nodes
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- pretty|Print the information in a human friendly format
>node ls;[OPTIONS];node list;List nodes in the swarm
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
q quiet|Only display IDs
>node promote;NODE [NODE...];;Promote one or more nodes to manager in the swarm
>node ps;[OPTIONS] [NODE...];;List tasks running on one or more nodes, defaults to current node
f filter filter|Filter output based on conditions provided
- format string|Pretty-print tasks using a Go template
- no-resolve|Do not map IDs to Names
- no-trunc|Do not truncate output
q quiet|Only display task IDs
>node rm;[OPTIONS] NODE [NODE...];node remove;Remove one or more nodes from the swarm
f force|Force remove a node from the swarm
>node update;[OPTIONS] NODE;;Update a node
- availability string|Availability of the node ("active", "pause", "drain")
- label-add list|Add or update a node label ("key=value")
- label-rm list|Remove a node label if exists
- role string|Role of the node ("worker", "manager")
>secret;COMMAND;;Manage Swarm secrets
>secret create;[OPTIONS] SECRET [file|-];;Create a secret from a file or STDIN as content
d driver string|Secret driver
l label list|Secret labels
- template-driver string|Template driver
>secret inspect;[OPTIONS] SECRET [SECRET...];;Display detailed information on one or more secrets
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- pretty|Print the information in a human friendly format
>secret ls;[OPTIONS];secret list;List secrets
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
q quiet|Only display IDs
>secret rm;SECRET [SECRET...];secret remove;Remove one or more secrets
>service;COMMAND;;Manage Swarm services
>service create;[OPTIONS] IMAGE [COMMAND] [ARG...];;Create a new service
- cap-add list|Add Linux capabilities
- cap-drop list|Drop Linux capabilities
- config config|Specify configurations to expose to the service
- constraint list|Placement constraints
- container-label list|Container labels
- credential-spec credential-spec|Credential spec for managed service account (Windows only)
d detach|Exit immediately instead of waiting for the service to converge
- dns list|Set custom DNS servers
- dns-option list|Set DNS options
- dns-search list|Set custom DNS search domains
- endpoint-mode string|Endpoint mode (vip or dnsrr) (default "vip")
- entrypoint command|Overwrite the default ENTRYPOINT of the image
e env list|Set environment variables
- env-file list|Read in a file of environment variables
- generic-resource list|User defined resources
- group list|Set one or more supplementary user groups for the container
- health-cmd string|Command to run to check health
- health-interval duration|Time between running the check (ms|s|m|h)
- health-retries int|Consecutive failures needed to report unhealthy
- health-start-interval duration|Time between running the check during the start period (ms|s|m|h)
- health-start-period duration|Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)
- health-timeout duration|Maximum time to allow one check to run (ms|s|m|h)
- host list|Set one or more custom host-to-IP mappings (host:ip)
- hostname string|Container hostname
- init|Use an init inside each service container to forward signals and reap processes
- isolation string|Service container isolation mode
l label list|Service labels
- limit-cpu decimal|Limit CPUs
- limit-memory bytes|Limit Memory
- limit-pids int|Limit maximum number of processes (default 0 = unlimited)
- log-driver string|Logging driver for service
- log-opt list|Logging driver options
- max-concurrent uint|Number of job tasks to run concurrently (default equal to --replicas)
- mode string|Service mode ("replicated", "global", "replicated-job", "global-job") (default "replicated")
- mount mount|Attach a filesystem mount to the service
- name string|Service name
- network network|Network attachments
- no-healthcheck|Disable any container-specified HEALTHCHECK
- no-resolve-image|Do not query the registry to resolve image digest and supported platforms
- oom-score-adj int|Tune host's OOM preferences (-1000 to 1000) 
- placement-pref pref|Add a placement preference
p publish port|Publish a port as a node port
q quiet|Suppress progress output
- read-only|Mount the container's root filesystem as read only
- replicas uint|Number of tasks
- replicas-max-per-node uint|Maximum number of tasks per node (default 0 = unlimited)
- reserve-cpu decimal|Reserve CPUs
- reserve-memory bytes|Reserve Memory
- restart-condition string|Restart when condition is met ("none", "on-failure", "any") (default "any")
- restart-delay duration|Delay between restart attempts (ns|us|ms|s|m|h) (default 5s)
- restart-max-attempts uint|Maximum number of restarts before giving up
- restart-window duration|Window used to evaluate the restart policy (ns|us|ms|s|m|h)
- rollback-delay duration|Delay between task rollbacks (ns|us|ms|s|m|h) (default 0s)
- rollback-failure-action string|Action on rollback failure ("pause", "continue") (default "pause")
- rollback-max-failure-ratio float|Failure rate to tolerate during a rollback (default 0)
- rollback-monitor duration|Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h) (default 5s)
- rollback-order string|Rollback order ("start-first", "stop-first") (default "stop-first")
- rollback-parallelism uint|Maximum number of tasks rolled back simultaneously (0 to roll back all at once) (default 1)
- secret secret|Specify secrets to expose to the service
- stop-grace-period duration|Time to wait before force killing a container (ns|us|ms|s|m|h) (default 10s)
- stop-signal string|Signal to stop the container
- sysctl list|Sysctl options
t tty|Allocate a pseudo-TTY
- ulimit ulimit|Ulimit options (default [])
- update-delay duration|Delay between updates (ns|us|ms|s|m|h) (default 0s)
- update-failure-action string|Action on update failure ("pause", "continue", "rollback") (default "pause")
- update-max-failure-ratio float|Failure rate to tolerate during an update (default 0)
- update-monitor duration|Duration after each task update to monitor for failure (ns|us|ms|s|m|h) (default 5s)
- update-order string|Update order ("start-first", "stop-first") (default "stop-first")
- update-parallelism uint|Maximum number of tasks updated simultaneously (0 to update all at once) (default 1)
u user string|Username or UID (format: <name|uid>[:<group|gid>])
- with-registry-auth|Send registry authentication details to swarm agents
w workdir string|Working directory inside the container
>service inspect;[OPTIONS] SERVICE [SERVICE...];;Display detailed information on one or more services
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- pretty|Print the information in a human friendly format
>service logs;[OPTIONS] SERVICE|TASK;;Fetch the logs of a service or task
- details|Show extra details provided to logs
f follow|Follow log output
- no-resolve|Do not map IDs to Names in output
- no-task-ids|Do not include task IDs in output
- no-trunc|Do not truncate output
- raw|Do not neatly format logs
- since string|Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)
n tail string|Number of lines to show from the end of the logs (default "all")
t timestamps|Show timestamps
>service ls;[OPTIONS];service list;List services
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
q quiet|Only display IDs
>service ps;[OPTIONS] SERVICE [SERVICE...];;List the tasks of one or more services
f filter filter|Filter output based on conditions provided
- format string|Pretty-print tasks using a Go template
- no-resolve|Do not map IDs to Names
- no-trunc|Do not truncate output
q quiet|Only display task IDs
>service rm;SERVICE [SERVICE...];service remove;Remove one or more services
>service rollback;[OPTIONS] SERVICE;;Revert changes to a service's configuration
d detach|Exit immediately instead of waiting for the service to converge
q quiet|Suppress progress output
>service scale;SERVICE=REPLICAS [SERVICE=REPLICAS...];;Scale one or multiple replicated services
d detach|Exit immediately instead of waiting for the service to converge
>service update;[OPTIONS] SERVICE;;Update a service
- args command|Service command args
- cap-add list|Add Linux capabilities
- cap-drop list|Drop Linux capabilities
- config-add config|Add or update a config file on a service
- config-rm list|Remove a configuration file
- constraint-add list|Add or update a placement constraint
- constraint-rm list|Remove a constraint
- container-label-add list|Add or update a container label
- container-label-rm list|Remove a container label by its key
- credential-spec credential-spec|Credential spec for managed service account (Windows only)
d detach|Exit immediately instead of waiting for the service to converge
- dns-add list|Add or update a custom DNS server
- dns-option-add list|Add or update a DNS option
- dns-option-rm list|Remove a DNS option
- dns-rm list|Remove a custom DNS server
- dns-search-add list|Add or update a custom DNS search domain
- dns-search-rm list|Remove a DNS search domain
- endpoint-mode string|Endpoint mode (vip or dnsrr)
- entrypoint command|Overwrite the default ENTRYPOINT of the image
- env-add list|Add or update an environment variable
- env-rm list|Remove an environment variable
- force|Force update even if no changes require it
- generic-resource-add list|Add a Generic resource
- generic-resource-rm list|Remove a Generic resource
- group-add list|Add an additional supplementary user group to the container
- group-rm list|Remove a previously added supplementary user group from the container
- health-cmd string|Command to run to check health
- health-interval duration|Time between running the check (ms|s|m|h)
- health-retries int|Consecutive failures needed to report unhealthy
- health-start-interval duration|Time between running the check during the start period (ms|s|m|h)
- health-start-period duration|Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)
- health-timeout duration|Maximum time to allow one check to run (ms|s|m|h)
- host-add list|Add a custom host-to-IP mapping ("host:ip")
- host-rm list|Remove a custom host-to-IP mapping ("host:ip")
- hostname string|Container hostname
- image string|Service image tag
- init|Use an init inside each service container to forward signals and reap processes
- isolation string|Service container isolation mode
- label-add list|Add or update a service label
- label-rm list|Remove a label by its key
- limit-cpu decimal|Limit CPUs
- limit-memory bytes|Limit Memory
- limit-pids int|Limit maximum number of processes (default 0 = unlimited)
- log-driver string|Logging driver for service
- log-opt list|Logging driver options
- max-concurrent uint|Number of job tasks to run concurrently (default equal to --replicas)
- mount-add mount|Add or update a mount on a service
- mount-rm list|Remove a mount by its target path
- network-add network|Add a network
- network-rm list|Remove a network
- no-healthcheck|Disable any container-specified HEALTHCHECK
- no-resolve-image|Do not query the registry to resolve image digest and supported platforms
- oom-score-adj int|Tune host's OOM preferences (-1000 to 1000) 
- placement-pref-add pref|Add a placement preference
- placement-pref-rm pref|Remove a placement preference
- publish-add port|Add or update a published port
- publish-rm port|Remove a published port by its target port
q quiet|Suppress progress output
- read-only|Mount the container's root filesystem as read only
- replicas uint|Number of tasks
- replicas-max-per-node uint|Maximum number of tasks per node (default 0 = unlimited)
- reserve-cpu decimal|Reserve CPUs
- reserve-memory bytes|Reserve Memory
- restart-condition string|Restart when condition is met ("none", "on-failure", "any")
- restart-delay duration|Delay between restart attempts (ns|us|ms|s|m|h)
- restart-max-attempts uint|Maximum number of restarts before giving up
- restart-window duration|Window used to evaluate the restart policy (ns|us|ms|s|m|h)
- rollback|Rollback to previous specification
- rollback-delay duration|Delay between task rollbacks (ns|us|ms|s|m|h)
- rollback-failure-action string|Action on rollback failure ("pause", "continue")
- rollback-max-failure-ratio float|Failure rate to tolerate during a rollback
- rollback-monitor duration|Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h)
- rollback-order string|Rollback order ("start-first", "stop-first")
- rollback-parallelism uint|Maximum number of tasks rolled back simultaneously (0 to roll back all at once)
- secret-add secret|Add or update a secret on a service
- secret-rm list|Remove a secret
- stop-grace-period duration|Time to wait before force killing a container (ns|us|ms|s|m|h)
- stop-signal string|Signal to stop the container
- sysctl-add list|Add or update a Sysctl option
- sysctl-rm list|Remove a Sysctl option
t tty|Allocate a pseudo-TTY
- ulimit-add ulimit|Add or update a ulimit option (default [])
- ulimit-rm list|Remove a ulimit option
- update-delay duration|Delay between updates (ns|us|ms|s|m|h)
- update-failure-action string|Action on update failure ("pause", "continue", "rollback")
- update-max-failure-ratio float|Failure rate to tolerate during an update
- update-monitor duration|Duration after each task update to monitor for failure (ns|us|ms|s|m|h)
- update-order string|Update order ("start-first", "stop-first")
- update-parallelism uint|Maximum number of tasks updated simultaneously (0 to update all at once)
u user string|Username or UID (format: <name|uid>[:<group|gid>])
- with-registry-auth|Send registry authentication details to swarm agents
w workdir string|Working directory inside the container
>stack;COMMAND;;Manage Swarm stacks
>stack config;[OPTIONS];;Outputs the final config file, after doing merges and interpolations
c compose-file strings|Path to a Compose file, or "-" to read from stdin
- skip-interpolation|Skip interpolation and output only merged config
>stack deploy;[OPTIONS] STACK;stack up;Deploy a new stack or update an existing stack
c compose-file strings|Path to a Compose file, or "-" to read from stdin
d detach|Exit immediately instead of waiting for the stack services to converge (default true)
- prune|Prune services that are no longer referenced
q quiet|Suppress progress output
- resolve-image string|Query the registry to resolve image digest and supported platforms ("always", "changed", "never") (default "always")
- with-registry-auth|Send registry authentication details to Swarm agents
>stack ls;[OPTIONS];stack list;List stacks
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
>stack ps;[OPTIONS] STACK;;List the tasks in the stack
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
- no-resolve|Do not map IDs to Names
- no-trunc|Do not truncate output
q quiet|Only display task IDs
>stack rm;[OPTIONS] STACK [STACK...];stack remove,stack down;Remove one or more stacks
d detach|Do not wait for stack removal (default true)
>stack services;[OPTIONS] STACK;;List the services in the stack
f filter filter|Filter output based on conditions provided
- format string|Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
q quiet|Only display IDs
>swarm;COMMAND;;Manage Swarm
>swarm ca;[OPTIONS];;Display and rotate the root CA
- ca-cert pem-file|Path to the PEM-formatted root CA certificate to use for the new cluster
- ca-key pem-file|Path to the PEM-formatted root CA key to use for the new cluster
- cert-expiry duration|Validity period for node certificates (ns|us|ms|s|m|h) (default 2160h0m0s)
d detach|Exit immediately instead of waiting for the root rotation to converge
- external-ca external-ca|Specifications of one or more certificate signing endpoints
q quiet|Suppress progress output
- rotate|Rotate the swarm CA - if no certificate or key are provided, new ones will be generated
>swarm init;[OPTIONS];;Initialize a swarm
- advertise-addr string|Advertised address (format: "<ip|interface>[:port]")
- autolock|Enable manager autolocking (requiring an unlock key to start a stopped manager)
- availability string|Availability of the node ("active", "pause", "drain") (default "active")
- cert-expiry duration|Validity period for node certificates (ns|us|ms|s|m|h) (default 2160h0m0s)
- data-path-addr string|Address or interface to use for data path traffic (format: "<ip|interface>")
- data-path-port uint32|Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.
- default-addr-pool ipNetSlice|default address pool in CIDR format (default [])
- default-addr-pool-mask-length uint32|default address pool subnet mask length (default 24)
- dispatcher-heartbeat duration|Dispatcher heartbeat period (ns|us|ms|s|m|h) (default 5s)
- external-ca external-ca|Specifications of one or more certificate signing endpoints
- force-new-cluster|Force create a new cluster from current state
- listen-addr node-addr|Listen address (format: "<ip|interface>[:port]") (default 0.0.0.0:2377)
- max-snapshots uint|Number of additional Raft snapshots to retain
- snapshot-interval uint|Number of log entries between Raft snapshots (default 10000)
- task-history-limit int|Task history retention limit (default 5)
>swarm join;[OPTIONS] HOST:PORT;;Join a swarm as a node and/or manager
- advertise-addr string|Advertised address (format: "<ip|interface>[:port]")
- availability string|Availability of the node ("active", "pause", "drain") (default "active")
- data-path-addr string|Address or interface to use for data path traffic (format: "<ip|interface>")
- listen-addr node-addr|Listen address (format: "<ip|interface>[:port]") (default 0.0.0.0:2377)
- token string|Token for entry into the swarm
>swarm join-token;[OPTIONS] (worker|manager);;Manage join tokens
q quiet|Only display token
- rotate|Rotate join token
>swarm leave;[OPTIONS];;Leave the swarm
f force|Force this node to leave the swarm, ignoring warnings
>swarm unlock;;;Unlock swarm
>swarm unlock-key;[OPTIONS];;Manage the unlock key
q quiet|Only display token
- rotate|Rotate unlock key
>swarm update;[OPTIONS];;Update the swarm
- autolock|Change manager autolocking setting (true|false)
- cert-expiry duration|Validity period for node certificates (ns|us|ms|s|m|h) (default 2160h0m0s)
- dispatcher-heartbeat duration|Dispatcher heartbeat period (ns|us|ms|s|m|h) (default 5s)
- external-ca external-ca|Specifications of one or more certificate signing endpoints
- max-snapshots uint|Number of additional Raft snapshots to retain
- snapshot-interval uint|Number of log entries between Raft snapshots (default 10000)
- task-history-limit int|Task history retention limit (default 5)
>inspect;[OPTIONS] NAME|ID [NAME|ID...];;Return low-level information on Docker objects
f format string|Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
s size|Display total file sizes if the type is container
- type string|Only inspect objects of the given type
>api;METHOD PATH;;Send a raw Engine API request and print the answer (docksock)
d data string|Request body: JSON text, @FILE, or - for stdin
>doctor;;;Explain how the daemon is found and whether it can be used (docksock)
>proxy;[OPTIONS];;Serve a filtered Engine API socket: deny by default, allow by API section and risk class (docksock)
- allow list|Allowed API sections and risk classes, comma separated (see the README's proxy section)
- allow-bind list|Allow binds of host paths under PATH only (repeatable); without it binds are not checked
- deny-cap-add|Refuse added capabilities
- deny-devices|Refuse devices, device requests and cgroup rules
- deny-host-namespaces|Refuse host network, pid, ipc, uts, userns and cgroupns modes
- deny-privileged|Refuse privileged containers and execs, and security options other than no-new-privileges
- group string|Group owning the Unix socket
- header-timeout float|Seconds a request head may take to arrive (default 10)
- idle-timeout float|Seconds an idle kept-alive connection is kept (default 60)
- label string|Scope containers to those carrying this label (key or key=value); creates must carry it
- listen string|Where to listen: unix:///path or tcp://127.0.0.1:PORT (required)
- max-connections int|Clients served at once; more are answered 503 (default: from the file descriptor limit, at most 512)
- mode string|File mode of the Unix socket, e.g. 0660
q quiet|No access log on stderr
- read-only|Allow only routes of class read (no side effect, no input)
- rule list|Also allow METHOD:REGEX on the unversioned path
- upstream string|The Engine to forward to (default: the resolved endpoint)
"""

# The global options, before the command (docker's, and docksock's --trace).
_GLOBAL_FLAGS = r"""
- config string|Location of client config files (default "{config}")
c context string|Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")
D debug|Enable debug mode
H host string|Daemon socket to connect to
l log-level string|Set the logging level ("debug", "info", "warn", "error", "fatal") (default "info")
- tls|Use TLS; implied by --tlsverify
- tlscacert string|Trust certs signed only by this CA (default "{config}/ca.pem")
- tlscert string|Path to TLS certificate file (default "{config}/cert.pem")
- tlskey string|Path to TLS key file (default "{config}/key.pem")
- tlsverify|Use TLS and verify the remote
- trace|Print each HTTP request and response on stderr (docksock)
v version|Print version information and quit
"""

# The root help's groups of commands, as docker lists them.
_COMMON_COMMANDS = "run exec ps build pull push images login logout search version info"
_SWARM_GROUPS = "config node secret service stack swarm"

# PATH -> (function, positional arguments).  Positional names become attributes of the
# parsed arguments: "x" one, "x?" optional, "x+" one or more, "x*" any number, "x..."
# all the rest (flags no longer parsed: docker's SetInterspersed(false)), "x+..." the
# rest, at least one.  A command of the table that is not here is refused by name.
_HANDLERS = {
    "container attach": (_cmd_attach, "container"),
    "container commit": (_cmd_commit, "container reference?"),
    "container cp": (_cmd_cp, "src dest"),
    "container create": (_cmd_create, "image command..."),
    "container diff": (_cmd_diff, "container"),
    "container exec": (_cmd_exec, "container command+..."),
    "container export": (_cmd_export, "container"),
    "container kill": (_cmd_kill, "containers+"),
    "container logs": (_cmd_logs, "container"),
    "container ls": (_cmd_ps, ""),
    "container pause": (_cmd_pause, "containers+"),
    "container prune": (_cmd_container_prune, ""),
    "container rename": (_cmd_rename, "container new_name"),
    "container restart": (_cmd_restart, "containers+"),
    "container rm": (_cmd_rm, "containers+"),
    "container run": (_cmd_run, "image command..."),
    "container start": (_cmd_start, "containers+"),
    "container stats": (_cmd_stats, "containers*"),
    "container stop": (_cmd_stop, "containers+"),
    "container top": (_cmd_top, "container ps_args..."),
    "container unpause": (_cmd_unpause, "containers+"),
    "container update": (_cmd_update, "containers+"),
    "container wait": (_cmd_wait, "containers+"),
    "context create": (_cmd_context_create, "context"),
    "context export": (_cmd_context_export, "context file?"),
    "context import": (_cmd_context_import, "context file"),
    "context inspect": (_cmd_context_inspect, "contexts*"),
    "context ls": (_cmd_context_ls, ""),
    "context rm": (_cmd_context_rm, "contexts+"),
    "context show": (_cmd_context_show, ""),
    "context update": (_cmd_context_update, "context"),
    "context use": (_cmd_context_use, "context"),
    "builder prune": (_cmd_builder_prune, ""),
    "image build": (_cmd_build, "path"),
    "image history": (_cmd_history, "image"),
    "image inspect": (_cmd_image_inspect, "images+"),
    "image import": (_cmd_import, "file reference?"),
    "image load": (_cmd_load, ""),
    "image ls": (_cmd_images, "reference?"),
    "image prune": (_cmd_image_prune, ""),
    "image pull": (_cmd_pull, "name"),
    "image push": (_cmd_push, "name"),
    "image rm": (_cmd_rmi, "images+"),
    "image save": (_cmd_save, "images+"),
    "image tag": (_cmd_tag, "source target"),
    "inspect": (_cmd_inspect, "names+"),
    "login": (_cmd_login, "server?"),
    "logout": (_cmd_logout, "server?"),
    "network connect": (_cmd_network_connect, "network container"),
    "network create": (_cmd_network_create, "name"),
    "network disconnect": (_cmd_network_disconnect, "network container"),
    "network inspect": (_cmd_network_inspect, "networks+"),
    "network ls": (_cmd_network_ls, ""),
    "network prune": (_cmd_network_prune, ""),
    "network rm": (_cmd_network_rm, "networks+"),
    "search": (_cmd_search, "term"),
    "system df": (_cmd_system_df, ""),
    "system events": (_cmd_events, ""),
    "system info": (_cmd_info, ""),
    "system prune": (_cmd_system_prune, ""),
    "version": (_cmd_version, ""),
    "volume create": (_cmd_volume_create, "name?"),
    "volume inspect": (_cmd_volume_inspect, "volumes+"),
    "volume ls": (_cmd_volume_ls, ""),
    "volume prune": (_cmd_volume_prune, ""),
    "volume rm": (_cmd_volume_rm, "volumes+"),
    "volume update": (_cmd_volume_update, "volume"),
    "swarm ca": (_cmd_swarm_ca, ""),
    "swarm init": (_cmd_swarm_init, ""),
    "swarm join": (_cmd_swarm_join, "remote"),
    "swarm join-token": (_cmd_swarm_join_token, "role"),
    "swarm leave": (_cmd_swarm_leave, ""),
    "swarm unlock": (_cmd_swarm_unlock, ""),
    "swarm unlock-key": (_cmd_swarm_unlock_key, ""),
    "swarm update": (_cmd_swarm_update, ""),
    "service create": (_cmd_service_create, "image command..."),
    "service inspect": (_cmd_service_inspect, "services+"),
    "service logs": (_cmd_service_logs, "service"),
    "service ls": (_cmd_service_ls, ""),
    "service ps": (_cmd_service_ps, "services+"),
    "service rm": (_cmd_service_rm, "services+"),
    "service rollback": (_cmd_service_rollback, "service"),
    "service scale": (_cmd_service_scale, "scales+"),
    "service update": (_cmd_service_update, "service"),
    "node demote": (_cmd_node_demote, "nodes+"),
    "node inspect": (_cmd_node_inspect, "nodes+"),
    "node ls": (_cmd_node_ls, ""),
    "node promote": (_cmd_node_promote, "nodes+"),
    "node ps": (_cmd_node_ps, "nodes*"),
    "node rm": (_cmd_node_rm, "nodes+"),
    "node update": (_cmd_node_update, "node"),
    "secret create": (_cmd_secret_create, "secret file?"),
    "secret inspect": (_cmd_secret_inspect, "names+"),
    "secret ls": (_cmd_secret_ls, ""),
    "secret rm": (_cmd_secret_rm, "names+"),
    "config create": (_cmd_config_create, "config file"),
    "config inspect": (_cmd_config_inspect, "names+"),
    "config ls": (_cmd_config_ls, ""),
    "config rm": (_cmd_config_rm, "names+"),
    "checkpoint create": (_cmd_checkpoint_create, "container checkpoint"),
    "checkpoint ls": (_cmd_checkpoint_ls, "container"),
    "checkpoint rm": (_cmd_checkpoint_rm, "container checkpoint"),
    "plugin create": (_cmd_plugin_create, "plugin directory extra*"),
    "plugin disable": (_cmd_plugin_disable, "plugin"),
    "plugin enable": (_cmd_plugin_enable, "plugin"),
    "plugin inspect": (_cmd_plugin_inspect, "plugins+"),
    "plugin install": (_cmd_plugin_install, "plugin settings*"),
    "plugin ls": (_cmd_plugin_ls, ""),
    "plugin push": (_cmd_plugin_push, "plugin"),
    "plugin rm": (_cmd_plugin_rm, "plugins+"),
    "plugin set": (_cmd_plugin_set, "plugin settings+"),
    "plugin upgrade": (_cmd_plugin_upgrade, "plugin remote?"),
    "api": (_cmd_api, "method path"),
    "doctor": (_cmd_doctor, ""),
    "proxy": (_cmd_proxy, ""),
}

# What docksock refuses, by command ("stack"), flag of any command ("--isolation") or
# flag of one command ("container run --gpus"), with the reason it gives.
_UNSUPPORTED = {
    "stack": "stacks are deployed from compose files, which docksock does not read",
    "trust": "content trust (Notary signatures) is not implemented",
    "manifest": "manifest lists are read from and pushed to registries by the client "
                "itself; docksock speaks only to the Engine",
    "--disable-content-trust": "content trust (Notary signatures) is not implemented",
    "service create --credential-spec": "a credential spec (gMSA) is for Windows containers",
    "service update --credential-spec": "a credential spec (gMSA) is for Windows containers",
}
_UNSUPPORTED.update(dict.fromkeys(
    ["volume ls --cluster"] + ["volume create --" + f for f in "availability group limit-bytes "
     "required-bytes scope secret sharing topology-preferred topology-required type".split()],
    "cluster volumes (swarm's CSI volumes) exist only through a CSI volume plugin on every "
    "node, which the test lab cannot run; docksock offers none of what it cannot test"))
# Flags of implemented commands that docksock does not implement yet: refused by name,
# never ignored.  "PATH: FLAG FLAG ..." a line.
_NOT_YET = """
container commit: pause
container create: add-host annotation attach blkio-weight blkio-weight-device cgroup-parent cgroupns cidfile cpu-count cpu-percent cpu-period cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems device device-cgroup-rule device-read-bps device-read-iops device-write-bps device-write-iops dns dns-option dns-search domainname env-file expose gpus group-add health-cmd health-interval health-retries health-start-interval health-start-period health-timeout io-maxbandwidth io-maxiops ip ip6 ipc isolation kernel-memory label-file link link-local-ip log-driver log-opt mac-address memory-reservation memory-swap memory-swappiness mount network-alias no-healthcheck oom-kill-disable oom-score-adj pid pids-limit publish publish-all pull quiet runtime security-opt shm-size stop-signal stop-timeout storage-opt sysctl tmpfs ulimit use-api-socket userns uts volume-driver volumes-from
container exec: env-file
container logs: details
container restart: signal
container rm: link
container run: add-host annotation attach blkio-weight blkio-weight-device cgroup-parent cgroupns cidfile cpu-count cpu-percent cpu-period cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems device device-cgroup-rule device-read-bps device-read-iops device-write-bps device-write-iops dns dns-option dns-search domainname env-file expose gpus group-add health-cmd health-interval health-retries health-start-interval health-start-period health-timeout io-maxbandwidth io-maxiops ip ip6 ipc isolation kernel-memory label-file link link-local-ip log-driver log-opt mac-address memory-reservation memory-swap memory-swappiness mount network-alias no-healthcheck oom-kill-disable oom-score-adj pid pids-limit publish publish-all pull quiet runtime security-opt shm-size sig-proxy stop-signal stop-timeout storage-opt sysctl tmpfs ulimit use-api-socket userns uts volume-driver volumes-from
container start: attach checkpoint checkpoint-dir detach-keys interactive
container stats: format
container stop: signal
container update: blkio-weight cpu-period cpu-quota cpu-rt-period cpu-rt-runtime cpuset-mems memory-reservation pids-limit
"""


# What a command or flag needs of the daemon, checked (as docker checks its annotations)
# only when the flag is given: "PATH[ --FLAG]: [API version] [experimental]".
_DAEMON_NEEDS = """
builder prune: 1.39
checkpoint: 1.25 experimental
image build --platform: 1.38
image build --squash: 1.25 experimental
image history --platform: 1.48
image import --platform: 1.32
image inspect --platform: 1.49
image load --platform: 1.48
image ls --tree: 1.47
image prune: 1.25
image pull --platform: 1.32
image push --platform: 1.46
image rm --platform: 1.50
image save --platform: 1.48
network create --attachable: 1.25
plugin upgrade: 1.26
network create --config-from: 1.30
network create --config-only: 1.30
network create --ingress: 1.29
network create --scope: 1.30
system prune: 1.25
system prune --filter: 1.28
volume prune --all: 1.42
volume rm --force: 1.25
volume update: 1.42
"""


def _daemon_refusal(prog, client, cmd, args):
    """Why the daemon cannot do this command or one of its flags as given (docker's
    "requires API version" and "experimental" checks), or None."""
    needs = {}
    for line in _DAEMON_NEEDS.replace("\\\n", " ").strip().split("\n"):
        head, _, wants = line.partition(": ")
        words = head.split()
        flags = [w for w in words if w.startswith("--")]
        path = " ".join(w for w in words if not w.startswith("--"))
        for flag in flags or [""]:
            needs[(path, flag)] = wants.split()
    experimental = []

    def is_experimental():
        if not experimental:
            experimental.append(as_go_type(client.info(), "system.Info")["ExperimentalBuild"])
        return experimental[0]
    path = cmd.path
    for prefix in [" ".join(path.split()[:i]) for i in range(len(path.split()), 0, -1)]:
        for want in needs.get((prefix, ""), ()):
            if want == "experimental" and not is_experimental():
                return "%s %s is only supported on a Docker daemon with experimental features " \
                    "enabled" % (prog, path)
            if want != "experimental" and not client.api.version_at_least(want):
                return "%s %s requires API version %s, but the Docker daemon API version is " \
                    "%s" % (prog, path, want, client.api.api_version)
    errors = []
    for flag in cmd.flags:
        wants = needs.get((path, "--" + flag.long))
        if not wants or flag.long not in args.changed:
            continue
        for want in wants:
            if want == "experimental" and not is_experimental():
                errors.append('"--%s" is only supported on a Docker daemon with experimental '
                              'features enabled' % flag.long)
            elif want != "experimental" and not client.api.version_at_least(want):
                errors.append('"--%s" requires API version %s, but the Docker daemon API '
                              'version is %s' % (flag.long, want, client.api.api_version))
                break
    return "\n".join(errors) or None


class _Command:
    """One command of the table: path (canonical), usage arguments, aliases (full
    paths), summary, description, flags (parsed on first use), and its subcommands'
    paths."""

    def __init__(self, path, arguments, aliases, summary, description, flag_text):
        self.path = path
        self.arguments = arguments
        self.aliases = aliases
        self.summary = summary
        self.description = description
        self._flag_text = flag_text
        self._flags = None
        self.subcommands = []

    @property
    def flags(self):
        if self._flags is None:
            self._flags = _parse_flag_table(self._flag_text) if self._flag_text else []
        return self._flags


_TABLE = None


def _command_table():
    """{path: _Command} for every command and alias path, read from _COMMAND_TABLE once."""
    global _TABLE
    if _TABLE is None:
        table = {}
        for block in _COMMAND_TABLE.split("\n>")[1:]:
            head, _, flag_text = block.partition("\n")
            path, arguments, aliases, summary, description = (head.split(";", 4) + [""])[:5]
            cmd = _Command(path, arguments.replace("\\n", "\n").replace("\\t", "\t"),
                           [a for a in aliases.split(",") if a], summary,
                           description.replace("\\n", "\n") or summary, flag_text)
            table[path] = cmd
        for cmd in list(table.values()):
            for alias in cmd.aliases:
                table.setdefault(alias, cmd)
            for path in [cmd.path] + cmd.aliases:
                parent = path.rpartition(" ")[0]
                if parent in table and (path == cmd.path or parent != cmd.path.rpartition(" ")[0]):
                    table[parent].subcommands.append(path)
        _TABLE = table
    return _TABLE


def _parse_flag_table(text):
    """A block's flag lines -> [_Flag].  The default is read off the help's
    "(default X)" ending (X as Go's %q or %v prints it)."""
    flags = []
    for line in text.strip("\n").split("\n"):
        if line.startswith("<"):    # "<PATH -FLAG...": PATH's flags, less these
            path, *less = line[1:].split(" -")
            flags += [f for f in _command_table()[path].flags if f.long not in less]
            continue
        spec, _, help_ = line.partition("|")
        parts = spec.split(" ")
        help_ = help_.replace("\\n", "\n")
        default = ""
        m = re.search(r" \(default (.*)\)\Z", help_)
        if m and not help_.endswith("(default)"):
            default = m.group(1)
            if default.startswith('"'):
                default = json.loads(default)
            elif default in ("[]", "map[]"):
                default = ""
        flag = _Flag(parts[1], "" if parts[0] == "-" else parts[0],
                     parts[2] if len(parts) > 2 else "", default, help_)
        flags = [f for f in flags if f.long != flag.long]
        flags.append(flag)
    return sorted(flags, key=lambda f: f.long)


def _arity(spec):
    """(min, max or None) positional arguments of a _HANDLERS spec."""
    names = spec.split()
    low = sum(1 for n in names if not n.endswith(("?", "*", "...")) or n.endswith("+..."))
    high = None if any(n.endswith(("+", "*", "...")) for n in names) else len(names)
    return low, high


def _arity_error(prog, path, spec, cmd, count):
    """cobra's argument validators, in docker's words, or None when count fits."""
    low, high = _arity(spec)
    if low <= count and (high is None or count <= high):
        return None
    s = lambda n: "" if n == 1 else "s"
    name = "'%s %s'" % (prog, path)
    if high == 0:
        text, verb = "%s accepts no arguments" % name, "Run"
    elif low == high:
        text, verb = "%s requires %d argument%s" % (name, low, s(low)), "Run"
    elif high is None:
        text, verb = "%s requires at least %d argument%s" % (name, low, s(low)), "See"
    elif low == 0:
        text, verb = "%s requires at most %d argument%s" % (name, high, s(high)), "Run"
    else:
        text, verb = "%s requires at least %d and at most %d arguments" % (name, low, high), \
            "Run"
    return "%s: %s\n\nUsage:  %s\n\n%s '%s %s --help' for more information" % (
        prog, text, _use_line(prog, path, cmd), verb, prog, path)


def _use_line(prog, path, cmd):
    return ("%s %s %s" % (prog, path, cmd.arguments.replace("{prog}", prog))).rstrip()


def _assign_positionals(args, spec, words):
    names = spec.split()
    for i, name in enumerate(names):
        if name.endswith("..."):
            setattr(args, name.rstrip(".+"), list(words[i:]))
            return
        if name.endswith(("+", "*")):
            setattr(args, name[:-1], list(words[i:]))
            return
        setattr(args, name.rstrip("?"), words[i] if i < len(words) else None)


def _command_help(prog, path, cmd, table, width):
    """A command's --help, laid out as docker 28 lays it out."""
    out = ["Usage:  %s" % _use_line(prog, path, cmd) if not cmd.subcommands else
           "Usage:  %s %s COMMAND" % (prog, path), "", cmd.description]
    if cmd.aliases:
        out += ["", "Aliases:", "  " + ", ".join("%s %s" % (prog, a)
                                              for a in [cmd.path] + cmd.aliases)]
    flags = cmd.flags
    if flags:
        out += ["", "Options:", _flag_usages(flags, width).rstrip("\n")]
    if cmd.subcommands:
        subs = sorted(cmd.subcommands)
        out += ["", "Commands:"] + _command_list([p[len(cmd.path) + 1:] for p in subs],
                                                 [table[p] for p in subs])
        out += ["", "Run '%s %s COMMAND --help' for more information on a command." % (
            prog, cmd.path)]
    return "\n".join(out) + "\n"


def _command_list(names, cmds):
    """A help's list of commands: each name padded as cobra pads it, and its summary."""
    width = max([11] + [len(n) for n in names])
    return ["  %s %s" % (n.ljust(width), c.summary)
            for n, c in zip(names, cmds)]


def _root_help(prog, table, width, cfg):
    """docksock --help, laid out like docker's."""
    groups = sorted(p for p, c in table.items() if c.subcommands and " " not in p)
    swarm = _SWARM_GROUPS.split()
    top = sorted(p for p, c in table.items() if " " not in p and not c.subcommands)
    common = _COMMON_COMMANDS.split()
    out = ["Usage:  %s [OPTIONS] COMMAND" % prog, "",
           "A self-sufficient runtime for containers (docksock: the Engine API in one Python "
           "file)"]
    for title, names in (("Common Commands", common),
                         ("Management Commands", [g for g in groups if g not in swarm]),
                         ("Swarm Commands", [g for g in groups if g in swarm]),
                         ("Commands", [n for n in top if n not in common])):
        out += ["", title + ":"] + _command_list(names, [table[n] for n in names])
    out += ["", "Global Options:", _flag_usages(_global_flags(cfg), width).rstrip("\n"), "",
            "Run '%s COMMAND --help' for more information on a command." % prog]
    return "\n".join(out) + "\n"


def _global_flags(cfg):
    return _parse_flag_table(_GLOBAL_FLAGS.replace("{config}", cfg))


def _help_width(stream):
    """The width pflag wraps help to: the terminal's, less one; 79 off a terminal."""
    try:
        return os.get_terminal_size(stream.fileno()).columns - 1
    except (AttributeError, OSError, ValueError):
        return 79


def _find_command(table, words):
    """(command, the path it goes by, the words after it), walking down from the root:
    (None, "", words) for a first word that names no command; a group when its next word
    names none of its own.  A top-level alias ("ps") goes by its own name, as docker's
    shortcuts are commands of their own (so is an alias in another group, such as
    "builder build"); any other alias by the command's path."""
    cmd, path, i = None, "", 0
    while i < len(words) and not words[i].startswith("-"):
        typed = (path + " " + words[i]).strip()
        found = table.get(typed)
        if found is None:
            break
        same_group = typed.rpartition(" ")[0] == found.path.rpartition(" ")[0]
        cmd, path, i = found, found.path if same_group else typed, i + 1
        if not found.subcommands:
            break
    return cmd, path, words[i:]


def _refusal(path, args, flags):
    """The reason docksock refuses this command or one of its flags as given, or None."""
    for key in (path.split(" ")[0], path):
        if key in _UNSUPPORTED:
            return "'%s' is not supported: %s" % (path, _UNSUPPORTED[key])
    trust = os.environ.get("DOCKER_CONTENT_TRUST", "")
    if trust.lower() in ("1", "t", "true") and "disable-content-trust" not in args.changed and \
            any(f.long == "disable-content-trust" for f in flags):
        # docker verifies signatures then (its flag's default follows the variable)
        return "DOCKER_CONTENT_TRUST is not supported: " + \
            _UNSUPPORTED["--disable-content-trust"]
    not_yet = re.search("^%s: (.*)$" % re.escape(path), _NOT_YET, re.M)
    not_yet = not_yet.group(1).split() if not_yet else ()
    for f in flags:
        if f.long in args.changed and getattr(args, f.long.replace("-", "_")) != f.initial():
            for key in ("%s --%s" % (path, f.long), "--" + f.long):
                if key in _UNSUPPORTED:
                    return "--%s is not supported: %s" % (f.long, _UNSUPPORTED[key])
            if f.long in not_yet:
                return "--%s is not supported by docksock yet" % f.long
    return None


class _HelpRequested(Exception):
    """--help: the text to print on stdout."""


def _parse_main(argv, stdio, cfg):
    """Parse a whole command line: (global options, command, its parsed arguments)."""
    prog = "docksock"
    table = _command_table()
    width = _help_width(stdio.out)
    gflags = _global_flags(cfg)
    try:
        gopts, words = _parse_command_line(gflags + [_Flag("help", "h", "", "", "")], argv,
                                           interspersed=False)
    except _UsageError as e:
        raise _UsageError("%s\n\nUsage:  %s [OPTIONS] COMMAND [ARG...]\n\nRun '%s --help' for "
                          "more information" % (e, prog, prog))
    if gopts.version:
        raise _HelpRequested("docksock version %s\n" % __version__)
    if words[:1] == ["help"] or not words or gopts.help:
        words = words[1:] if words[:1] == ["help"] else words
        if words:
            cmd, path, rest = _find_command(table, words)
            if cmd is None or rest and cmd.subcommands:
                raise _UsageError("unknown help topic: %s" % " ".join(words), 1)
            raise _HelpRequested(_command_help(prog, path, cmd, table, width))
        raise _HelpRequested(_root_help(prog, table, width, cfg))
    cmd, path, rest = _find_command(table, words)
    if cmd is None:
        raise _UsageError("%s: unknown command: %s %s\n\nRun '%s --help' for more information"
                          % (prog, prog, words[0], prog), 1)
    if cmd.subcommands:
        if not rest or rest[0] in ("--help", "-h"):
            raise _HelpRequested(_command_help(prog, path, cmd, table, width))
        if rest[0].startswith("-"):
            letter = rest[0].lstrip("-")
            text = "unknown flag: %s" % rest[0].split("=")[0] if rest[0].startswith("--") \
                else "unknown shorthand flag: '%s' in %s" % (letter[:1], rest[0])
            raise _UsageError("%s\n\nUsage:  %s %s\n\nRun '%s %s --help' for more information"
                              % (text, prog, cmd.path, prog, cmd.path))
        raise _UsageError("%s: unknown command: %s %s %s\n\nUsage:  %s %s\n\nRun '%s %s --help' "
                          "for more information" % (prog, prog, cmd.path, rest[0], prog,
                                                    cmd.path, prog, cmd.path), 1)
    handler, spec = _HANDLERS.get(cmd.path, (None, "rest*"))
    flags = list(cmd.flags)
    if not any(f.long == "help" for f in flags):
        flags.append(_Flag("help", "" if any(f.short == "h" for f in flags) else "h", "", "",
                           "Print usage"))
    try:
        args, positionals = _parse_command_line(flags, rest, interspersed="..." not in spec)
    except _UsageError as e:
        raise _UsageError("%s\n\nUsage:  %s\n\nRun '%s %s --help' for more information"
                          % (e, _use_line(prog, path, cmd), prog, path))
    if args.help:
        if "-h" in rest and not any(f.short == "h" and f.long != "help" for f in flags):
            stdio.error("Flag shorthand -h has been deprecated, use --help")
        raise _HelpRequested(_command_help(prog, path, cmd, table, width))
    error = _arity_error(prog, path, spec, cmd, len(positionals))
    if error:
        raise _UsageError(error, 1)
    refusal = _refusal(cmd.path, args, cmd.flags)
    if refusal is None and handler is None:
        refusal = "'%s %s' is not supported yet" % (prog, path)
    if refusal:
        raise _UsageError("%s: %s" % (prog, refusal))
    _assign_positionals(args, spec, positionals)
    args.func = handler
    args.globals = gopts    # the global options, for the few commands that show them
    args.called_as = path   # the name the command was given ("images", "image ls")
    args.read.clear()       # what parsing read does not count: the handler must read them
    return gopts, cmd, args


def _audit_flags(cmd, args):
    if os.environ.get("DOCKSOCK_FLAG_AUDIT"):
        ignored = sorted(f for f in args.changed if f.replace("-", "_") not in args.read)
        if ignored:     # a test run's alarm: the command took these and did nothing
            raise AssertionError("'%s' ignored --%s" % (cmd.path, ", --".join(ignored)))


_LOG_LEVELS = ("panic", "fatal", "error", "warn", "warning", "info", "debug", "trace")


def main(argv=None, stdout=None, stderr=None):
    """The docksock command line.  Returns the exit status; never calls sys.exit."""
    stdio = _Stdio(stdout, stderr)
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ
    try:
        cfg = config_dir(environ)
        gopts, cmd, args = _parse_main(argv, stdio, cfg)
    except _HelpRequested as e:
        stdio.write(str(e))
        return 0
    except _UsageError as e:
        stdio.error(str(e))
        return e.status
    if gopts.log_level not in _LOG_LEVELS:
        stdio.error("Unable to parse logging level: %s" % gopts.log_level)
        return 1
    if gopts.config:
        environ = dict(environ, DOCKER_CONFIG=gopts.config)
    try:
        load_config(config_dir(environ))
    except DockerException as e:        # as docker: a warning, and on without the file
        stdio.error("WARNING: %s" % e)
    debug = gopts.debug or gopts.log_level in ("debug", "trace")
    trace = (lambda line: stdio.error(line)) if gopts.trace else \
        (lambda line: stdio.error(line) if line.startswith("*") else None) if debug else None
    try:
        tls = None
        if gopts.tls or gopts.tlsverify or {"tlscacert", "tlscert", "tlskey"} & gopts.changed:
            tls = True
        if gopts.tlsverify:
            environ = dict(environ, DOCKER_TLS_VERIFY="1")
        if gopts.host and gopts.context:
            stdio.error("conflicting options: cannot specify both --host and --context")
            return 1
        if cmd.path.startswith("context "):
            # the context commands work on the store, even when the current context is
            # broken (docker lists it with its error), and need no daemon
            status = args.func(_context_session(gopts, environ, cfg, tls), args, stdio)
            _audit_flags(cmd, args)
            return status
        try:
            client = DockerClient(base_url=gopts.host, context=gopts.context,
                                  environment=environ, tls=tls, trace=trace,
                                  version=environ.get("DOCKER_API_VERSION") or None)
        except (ContextNotFound, InvalidArgument, TLSParameterError) as e:
            stdio.error("Failed to initialize: unable to resolve docker endpoint: %s" % e)
            return 1
        if trace:
            stdio.error("* endpoint %s (from %s)" % (client.api.endpoint.url,
                                                  client.api.endpoint.source))
        refusal = _daemon_refusal("docksock", client, cmd, args)
        if refusal:
            stdio.error(refusal)
            return 1
        with client:
            status = (args.func(client, args, stdio) or 0) & 0xFF   # as os.Exit does on Linux
        _audit_flags(cmd, args)
        return status
    except APIError as e:
        # the Go client trims the daemon's message (Podman's end in blank lines)
        stdio.error("Error response from daemon: %s" % (e.explanation or "").strip())
        return 1
    except DockerException as e:
        stdio.error(str(e))
        return getattr(e, "cli_status", 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (head, grep -q) went away: exit quietly as docker does, and keep
        # the interpreter from complaining when it flushes stdout at exit.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except OSError as e:
        # A local file the command was given (load -i, save -o, an env file...): Go's
        # words, "open /missing.tar: no such file or directory".
        reason = (e.strerror or str(e) or type(e).__name__).lower()
        stdio.error("open %s: %s" % (e.filename, reason) if e.filename is not None
                    else "docksock: %s" % reason)
        return 1


if __name__ == "__main__":
    sys.exit(main())
