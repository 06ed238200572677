"""A local Neo4j Community server assembled from Maven Central jars.

No Docker and no neo4j.com download: Maven copies the jars of `org.neo4j:neo4j` (which pulls
`org.neo4j.app:neo4j-server` and `neo4j-bolt`) into `<home>/lib`, and we run the class that
`neo4j console` runs, `org.neo4j.server.CommunityEntryPoint`, as a detached JVM bound to
127.0.0.1. Everything lives under one home directory (`$POLICYKG_NEO4J_HOME`, default
`~/.cache/policykg/neo4j-<version>`): `lib/`, `conf/neo4j.conf`, `data/`, `logs/`
(`console.log` holds the JVM's stdout and stderr), `run/neo4j.pid`, `plugins/`, `import/`
and, when no password is given, a generated `password` file (mode 600).

Version: Neo4j 5.26.31, the 5.26 LTS line, on Java 17.
- Java 17 is the machine's default `java` (Debian's OpenJDK, also what Maven runs on), and the
  5.x line is the only one that supports it: 2025.01+ needs Java 21, and 2025.10+ Java 21 or 25.
  Running on the default JDK means no JAVA_HOME juggling on developer machines or in CI.
- 5.26 is Neo4j's long-term-support release and still gets patch releases; its Cypher 5 is
  also the default language of the 2025/2026 servers, so queries written now keep working.
- The Python driver 6.x speaks Bolt 5.x, so it works with 5.26 as with any 2025/2026 server.
- 5.26.31 is the newest 5.26 patch that resolves from Maven Central here (its version list,
  maven-metadata.xml, still stops at 5.26.30, but every 5.26.31 artifact is there; a pinned
  version does not need the list).
To try a calendar-versioned server instead, set `POLICYKG_NEO4J_VERSION` (for example
2026.08.1) and `POLICYKG_NEO4J_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java`.

The JVM flags are those of Neo4j's stock `neo4j.conf` (the bootloader that would read
`server.jvm.additional` is bypassed, so they go on the command line), minus
`-XX:+AlwaysPreTouch`, which would touch the whole heap at boot. Memory is sized for a 2-core
24 GB machine shared with the test suite: heap 512m-1g, page cache 256m, transactions 512m.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DEFAULT_VERSION = "5.26.31"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474  # Neo4j's own default; it serves the Browser at /browser/
HTTP_OFF = ("off", "0", "no", "false")
USER = "neo4j"
HOST = "127.0.0.1"
MIN_PASSWORD_LENGTH = 8  # Neo4j's default dbms.security.auth_minimum_password_length

HEAP_INITIAL = "512m"
HEAP_MAX = "1g"
PAGECACHE = "256m"
TRANSACTION_MAX = "512m"

# The class `neo4j console` runs: CommunityEntryPoint in 5.x, Neo4jCommunity in 2026.x.
MAIN_CLASSES = ("org.neo4j.server.CommunityEntryPoint", "org.neo4j.server.Neo4jCommunity")
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
POM_RESOURCE = "neo4j-server.pom.xml"

JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    # Without the java.nio opening, start-up dies with a LinkageError on DirectByteBuffer.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)

# From the 2025-era stock conf, for Java 25: allow Unsafe (used by Netty and JCTools) without
# warnings, and let the shaded Lucene use its vector API on this feature version.
JVM_FLAGS_JAVA_25 = (
    "--sun-misc-unsafe-memory-access=allow",
    "-Dorg.neo4j.shaded.lucene9.vectorization.upperJavaFeatureVersion=25",
)

LOG_TAIL_LINES = 20
# Written after a full copy: the version, then a digest of the pom, so that a changed jar list
# (a new dependency such as the Browser) fetches again even when the version is the same.
_LIB_MARKER = ".complete"
# Popen handles of servers this process launched, kept so stop() can reap them (no zombies).
_LAUNCHED: dict[int, subprocess.Popen[bytes]] = {}


class ServerError(Exception):
    """A start, stop or status failure with a message meant for the user."""


@dataclass(frozen=True, slots=True)
class ServerConfig:
    home: Path
    version: str = DEFAULT_VERSION
    bolt_port: int = DEFAULT_BOLT_PORT
    http_port: int | None = None  # None: the HTTP connector (and the Browser) is off
    password: str | None = None  # None: read or generate `<home>/password`
    java: str | None = None  # None: `java` on PATH

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerConfig:
        env = os.environ if environ is None else environ
        version = env.get("POLICYKG_NEO4J_VERSION") or DEFAULT_VERSION
        home = env.get("POLICYKG_NEO4J_HOME")
        http = env.get("POLICYKG_NEO4J_HTTP_PORT", "").strip()
        return cls(
            home=Path(home).expanduser() if home else default_home(version),
            version=version,
            bolt_port=_port(env.get("POLICYKG_NEO4J_BOLT_PORT"), DEFAULT_BOLT_PORT),
            http_port=None if http.lower() in HTTP_OFF else _port(http, DEFAULT_HTTP_PORT),
            password=env.get("POLICYKG_NEO4J_PASSWORD") or None,
            java=env.get("POLICYKG_NEO4J_JAVA") or None,
        )

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def browser_url(self) -> str | None:
        return f"http://{HOST}:{self.http_port}/browser/" if self.http_port else None

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def pid_file(self) -> Path:
        # The path NeoBootstrapper itself writes (server.directories.run/neo4j.pid).
        return self.home / "run" / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def lib_dir(self) -> Path:
        return self.home / "lib"


@dataclass(frozen=True, slots=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    version: str
    home: Path
    password_file: Path | None  # None when the password comes from the environment
    browser_url: str | None = None  # None when HTTP is off
    started_now: bool = False  # True only from a start() that launched the JVM


def default_home(version: str) -> Path:
    return Path.home() / ".cache" / "policykg" / f"neo4j-{version}"


def _port(value: str | None, default: int) -> int:
    if not value:
        return default
    try:
        port = int(value)
    except ValueError:
        raise ServerError(f"not a port number: {value!r}") from None
    if not 0 < port < 65536:
        raise ServerError(f"port out of range: {port}")
    return port


# --- status --------------------------------------------------------------------------------


def status(config: ServerConfig) -> ServerStatus:
    return _status(config, _running_pid(config))


def _status(config: ServerConfig, pid: int | None, started_now: bool = False) -> ServerStatus:
    installed = _installed_version(config) if pid is not None else None
    return ServerStatus(
        running=pid is not None,
        pid=pid,
        bolt_uri=config.bolt_uri,
        version=installed or config.version,
        home=config.home,
        password_file=None if config.password else config.password_file,
        browser_url=_served_browser_url(config) if pid is not None else config.browser_url,
        started_now=started_now,
    )


def _served_browser_url(config: ServerConfig) -> str | None:
    """The Browser's address as the running server was configured (its conf, not the env)."""
    try:
        conf = (config.home / "conf" / "neo4j.conf").read_text()
    except OSError:
        return None
    m = re.search(r"^server\.http\.listen_address=(\S+)$", conf, re.MULTILINE)
    return f"http://{m.group(1)}/browser/" if m else None


def _installed_version(config: ServerConfig) -> str | None:
    """The version whose jars are in `<home>/lib`; a running server is that one."""
    lines = _lib_marker(config)
    return lines[0] if lines else None


def _lib_marker(config: ServerConfig) -> list[str]:
    try:
        return (config.lib_dir / _LIB_MARKER).read_text().split()
    except OSError:
        return []


def _pom_digest() -> str:
    pom = resources.files("policykg.graph") / POM_RESOURCE
    return hashlib.sha256(pom.read_bytes()).hexdigest()[:16]


def _running_pid(config: ServerConfig) -> int | None:
    """The pid in the pid file if that process is alive and is this home's server."""
    try:
        pid = int(config.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    if not _alive(pid):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return pid  # no /proc: trust the pid file
    # A recycled pid belongs to some other program.
    home_arg = f"--home-dir={config.home.resolve()}".encode()
    main = any(name.encode() in cmdline for name in MAIN_CLASSES)
    return pid if main and home_arg in cmdline else None


def _alive(pid: int) -> bool:
    proc = _LAUNCHED.get(pid)
    if proc is not None:
        if proc.poll() is None:
            return True
        del _LAUNCHED[pid]
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- start ---------------------------------------------------------------------------------


def start(config: ServerConfig, timeout: float = 120.0) -> ServerStatus:
    """Start the server unless it runs already; return once Bolt accepts the password."""
    with _home_lock(config):
        pid = _running_pid(config)
        if pid is not None:
            return _status(config, pid)
        config.pid_file.unlink(missing_ok=True)  # stale
        for name, port in (("BOLT", config.bolt_port), ("HTTP", config.http_port)):
            if port is not None:
                _check_port_free(name, port)
        java, java_version = _find_java(config)
        password = _password(config)
        fetch_jars(config)
        _write_conf(config)
        _set_initial_password(config, java, password)
        proc = _launch(config, java, java_version)
        try:
            _wait_for_bolt(config, proc, password, timeout)
        except BaseException:
            _terminate(proc.pid, 30.0)
            config.pid_file.unlink(missing_ok=True)
            raise
        return _status(config, proc.pid, started_now=True)


@contextlib.contextmanager
def _home_lock(config: ServerConfig) -> Iterator[None]:
    # Serialises concurrent start() calls on one home (parallel test workers, two shells).
    config.home.mkdir(parents=True, exist_ok=True)
    with open(config.home / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _check_port_free(name: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Like Netty's server socket, so a port in TIME_WAIT does not count as busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            raise ServerError(
                f"{name.title()} port {port} on {HOST} is busy ({exc.strerror}); stop what "
                f"uses it or choose another port with POLICYKG_NEO4J_{name}_PORT"
            ) from None


_JAVA_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


def java_major(version_output: str) -> int | None:
    """The major version in `java -version` output ("1.8.0" is 8, "17.0.15" is 17)."""
    match = _JAVA_VERSION.search(version_output)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def supported_java(neo4j_version: str) -> tuple[int, ...]:
    """Java majors a Neo4j release runs on (operations manual and upgrade guide)."""
    major, _, rest = neo4j_version.partition(".")
    if int(major) < 2025:
        return (17, 21)
    month = int(rest.split(".")[0])
    return (21,) if (int(major), month) < (2025, 10) else (21, 25)


def _find_java(config: ServerConfig) -> tuple[str, int]:
    """The java executable and its major version, which must suit the Neo4j version."""
    java = shutil.which(config.java or "java")
    if java is None:
        raise ServerError(
            f"no Java found ({config.java or 'java'} is not on PATH); Neo4j "
            f"{config.version} needs Java {' or '.join(map(str, supported_java(config.version)))}"
            " (set POLICYKG_NEO4J_JAVA to a java executable)"
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    major = java_major(result.stderr + result.stdout)
    wanted = supported_java(config.version)
    if major not in wanted:
        raise ServerError(
            f"{java} is Java {major}, but Neo4j {config.version} runs on Java "
            f"{' or '.join(map(str, wanted))}; set POLICYKG_NEO4J_JAVA to a matching java"
        )
    return java, major


def _password(config: ServerConfig) -> str:
    if config.password is not None:
        if len(config.password) < MIN_PASSWORD_LENGTH:
            raise ServerError(
                f"POLICYKG_NEO4J_PASSWORD must have at least {MIN_PASSWORD_LENGTH} characters"
            )
        return config.password
    path = config.password_file
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(18) + "\n")
    return path.read_text().strip()


def fetch_jars(config: ServerConfig) -> None:
    """Copy the server's jars into `<home>/lib` with Maven (cached in ~/.m2) unless done."""
    if _lib_marker(config) == [config.version, _pom_digest()]:
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError("no Maven found (mvn is not on PATH); it fetches the Neo4j jars")
    partial = config.home / "lib.partial"  # renamed into place only when complete
    shutil.rmtree(partial, ignore_errors=True)
    with resources.as_file(resources.files("policykg.graph") / POM_RESOURCE) as pom:
        command = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom),
            f"-Dneo4j.version={config.version}",
            "dependency:copy-dependencies",
            f"-DoutputDirectory={partial}",
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=config.home
        )
    if result.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise ServerError(
            f"Maven could not fetch Neo4j {config.version} (exit {result.returncode}):\n"
            + _tail(result.stdout + result.stderr)
        )
    shutil.rmtree(config.lib_dir, ignore_errors=True)
    (partial / _LIB_MARKER).write_text(f"{config.version}\n{_pom_digest()}\n")
    partial.rename(config.lib_dir)


def _write_conf(config: ServerConfig) -> None:
    for name in ("conf", "data", "logs", "run", "plugins", "import"):
        (config.home / name).mkdir(exist_ok=True)
    http = config.http_port is not None
    lines = [
        "# Written by policykg.graph.neo4j_server on every start; edits are lost.",
        f"server.default_listen_address={HOST}",
        f"server.default_advertised_address={HOST}",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address={HOST}:{config.bolt_port}",
        f"server.http.enabled={str(http).lower()}",
        *([f"server.http.listen_address={HOST}:{config.http_port}"] if http else []),
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.memory.pagecache.size={PAGECACHE}",
        f"dbms.memory.transaction.total.max={TRANSACTION_MAX}",
        "dbms.usage_report.enabled=false",
        # The Browser reports usage and crashes to third parties unless the server says no.
        "client.allow_telemetry=false",
        # Bolt waits 5 s twice at shutdown by default; a local server has nothing to drain.
        "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
        "internal.server.bolt.connection_shutdown_wait_time=1s",
    ]
    (config.home / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n")


def _classpath(config: ServerConfig) -> str:
    return f"{config.home / 'plugins'}/*{os.pathsep}{config.lib_dir}/*"


def _set_initial_password(config: ServerConfig, java: str, password: str) -> None:
    """Store the password with neo4j-admin before the first start; later it has no effect."""
    data = config.home / "data"
    if (data / "databases" / "system").exists() or (data / "dbms" / "auth.ini").exists():
        return
    env = {**os.environ, "NEO4J_HOME": str(config.home), "NEO4J_CONF": str(config.home / "conf")}
    command = [
        java,
        "-Xmx256m",
        *(flag for flag in JVM_FLAGS if flag.startswith("--add-opens")),
        "-cp",
        _classpath(config),
        ADMIN_CLASS,
        "dbms",
        "set-initial-password",
        "--require-password-change=false",
        "--",  # a password may start with "-" (token_urlsafe makes one in 64): not an option
        password,
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        # The output may echo the command line, so do not show it raw.
        output = (result.stdout + result.stderr).replace(password, "***")
        raise ServerError(f"neo4j-admin set-initial-password failed:\n{_tail(output)}")


def _main_class(config: ServerConfig) -> str:
    jar = config.lib_dir / f"org.neo4j.neo4j-{config.version}.jar"
    try:
        with zipfile.ZipFile(jar) as archive:
            names = set(archive.namelist())
    except OSError as exc:
        raise ServerError(f"cannot read {jar}: {exc}; delete {config.lib_dir} to refetch") from None
    for name in MAIN_CLASSES:
        if name.replace(".", "/") + ".class" in names:
            return name
    raise ServerError(f"no server entry point ({', '.join(MAIN_CLASSES)}) in {jar}")


def _launch(config: ServerConfig, java: str, java_version: int) -> subprocess.Popen[bytes]:
    command = [
        java,
        f"-Xms{HEAP_INITIAL}",
        f"-Xmx{HEAP_MAX}",
        *JVM_FLAGS,
        *(JVM_FLAGS_JAVA_25 if java_version >= 25 else ()),
        "-cp",
        _classpath(config),
        _main_class(config),
        f"--home-dir={config.home.resolve()}",
        f"--config-dir={config.home.resolve() / 'conf'}",
        "--console-mode",  # the foreground mode; we detach it ourselves
    ]
    with open(config.log_file, "wb") as log:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=config.home,
            start_new_session=True,  # survives the shell or test session that started it
        )
    _LAUNCHED[proc.pid] = proc
    # The server writes the same pid itself once booted; write it now so stop() works earlier.
    config.pid_file.write_text(f"{proc.pid}\n")
    return proc


def _wait_for_bolt(
    config: ServerConfig, proc: subprocess.Popen[bytes], password: str, timeout: float
) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    deadline = time.monotonic() + timeout
    while True:
        code = proc.poll()
        if code is not None:
            raise ServerError(
                f"Neo4j exited with code {code} while starting; last lines of "
                f"{config.log_file}:\n{_tail_file(config.log_file)}"
            )
        try:
            with GraphDatabase.driver(
                config.bolt_uri, auth=(USER, password), connection_timeout=1.0
            ) as driver:
                driver.verify_connectivity()
            return
        except AuthError:
            source = "POLICYKG_NEO4J_PASSWORD" if config.password else str(config.password_file)
            raise ServerError(
                f"Neo4j started but refused the password from {source}; the password is "
                "fixed at the first start of a home, so use that one or a fresh "
                "POLICYKG_NEO4J_HOME"
            ) from None
        except Exception:  # not listening yet, or databases still coming online
            if time.monotonic() > deadline:
                raise ServerError(
                    f"Neo4j did not answer on {config.bolt_uri} within {timeout:.0f} s; "
                    f"last lines of {config.log_file}:\n{_tail_file(config.log_file)}"
                ) from None
            time.sleep(0.3)


def _tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _tail_file(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return _tail(path.read_text(errors="replace"), lines)
    except OSError:
        return "(no log)"


# --- stop ----------------------------------------------------------------------------------


def stop(config: ServerConfig, timeout: float = 60.0) -> None:
    """SIGTERM (Neo4j then checkpoints and exits), SIGKILL after `timeout` seconds."""
    pid = _running_pid(config)
    if pid is not None:
        _terminate(pid, timeout)
    config.pid_file.unlink(missing_ok=True)


def _terminate(pid: int, timeout: float) -> None:
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.1)
    raise ServerError(f"Neo4j (pid {pid}) did not exit after SIGKILL")


# --- connection ----------------------------------------------------------------------------


def connection_settings(config: ServerConfig) -> tuple[str, str, str]:
    """(uri, user, password) for `neo4j.GraphDatabase.driver(uri, auth=(user, password))`."""
    if config.password is not None:
        return config.bolt_uri, USER, config.password
    try:
        password = config.password_file.read_text().strip()
    except FileNotFoundError:
        raise ServerError(
            f"no password: set POLICYKG_NEO4J_PASSWORD or start the server once to "
            f"create {config.password_file}"
        ) from None
    return config.bolt_uri, USER, password
