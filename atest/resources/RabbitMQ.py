"""A private RabbitMQ node for a suite: the real broker of the STOMP and MQTT connected tests.

``Start RabbitMQ    web_stomp    web_mqtt`` starts Debian's ``rabbitmq-server``
(installed by ``make brokers``, tools/ensure-rabbitmq.sh) as a node of its
own: its own node name, data, logs, configuration, Erlang cookie and plug-ins
file under a temporary directory, and every port on 127.0.0.1 (the web
listeners, epmd, the Erlang distribution port; no AMQP, plain STOMP, plain
MQTT or management listener). It returns the web endpoints, such as
``{"stomp": "ws://127.0.0.1:PORT/ws", "mqtt": "ws://127.0.0.1:PORT/ws"}``.
Enable only the plug-ins a suite needs: web_mqtt's start waits about three
seconds for cluster members that never come.

epmd and the node run in one process group (the library starts epmd itself
in the foreground, so the node starts none that would outlive the group);
``Stop RabbitMQ`` ends the whole group and removes the directory, and so does
the Robot Framework process's exit. Without ``rabbitmq-server`` (Debian's
path, or the one ``WSROUTE_RABBITMQ_SERVER`` names) the keyword skips the
suite, naming the install command. ``RabbitMQ Should Listen Only
On Loopback`` checks, from /proc, that no socket of the group listens on
0.0.0.0 or ::.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from robot.api import SkipExecution, logger
from robot.api.deco import keyword, library
from TestKit import free_port, processes, stop_process
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

# Debian's; WSROUTE_RABBITMQ_SERVER names another install's (its sbin/rabbitmq-server script).
SERVER = Path(os.environ.get("WSROUTE_RABBITMQ_SERVER", "/usr/lib/rabbitmq/bin/rabbitmq-server"))
PLUGINS = {"web_stomp": "stomp", "web_mqtt": "mqtt"}
LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1 in /proc/net


@library(scope="GLOBAL")
class RabbitMQ:
    """Starts and stops one private RabbitMQ node."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._dir: tempfile.TemporaryDirectory | None = None
        self.startup_seconds = 0.0
        atexit.register(self.stop_rabbitmq)

    @keyword
    def start_rabbitmq(self, *plugins: str, timeout: float = 60) -> dict[str, str]:
        """Starts a node with the web plug-ins ``plugins`` (``web_stomp``, ``web_mqtt``);
        returns their endpoints by protocol, once each one greets a client of its
        protocol (a listener takes connections a moment before the node serves them)."""
        unknown = [name for name in plugins if name not in PLUGINS]
        if unknown or not plugins:
            raise ValueError(f"Plug-ins {list(plugins)}: name one or more of {list(PLUGINS)}.")
        if not SERVER.exists():
            raise SkipExecution(
                f"RabbitMQ is not installed ({SERVER} is missing): run 'make brokers' as root "
                "or 'apt-get install rabbitmq-server'.")
        self.stop_rabbitmq()
        self._dir = tempfile.TemporaryDirectory(prefix="wsroute-rabbitmq-")
        base = Path(self._dir.name)
        ports = {name: free_port() for name in plugins}
        epmd, dist = free_port(), free_port()
        self._write_config(base, ports)
        started = time.monotonic()
        with (base / "output.txt").open("w") as output:
            self._process = subprocess.Popen(
                ["sh", "-c", _LAUNCH, "launch", str(epmd), str(SERVER)],
                env=self._environment(base, epmd, dist), cwd=base, stdout=output,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            self._wait_for(ports, started + float(timeout), base / "output.txt")
        except BaseException:
            self.stop_rabbitmq()
            raise
        self.startup_seconds = time.monotonic() - started
        logger.info(f"RabbitMQ answered after {self.startup_seconds:.1f} s on ports {ports}.")
        return {PLUGINS[name]: f"ws://127.0.0.1:{port}/ws" for name, port in ports.items()}

    @keyword
    def stop_rabbitmq(self) -> None:
        """Ends the node's process group (epmd included) and removes its directory;
        safe to call twice."""
        process, self._process = self._process, None
        stop_process(process, timeout=10, group=True)
        if self._dir is not None:
            shutil.rmtree(self._dir.name, ignore_errors=True)
            self._dir.cleanup()
            self._dir = None

    @keyword
    def rabbitmq_should_listen_only_on_loopback(self) -> list[str]:
        """Fails if a process of the node listens on an address other than 127.0.0.1
        or ::1; returns the listening addresses (``127.0.0.1:PORT``)."""
        if self._process is None:
            raise AssertionError("RabbitMQ is not running: call Start RabbitMQ first.")
        inodes = _socket_inodes(self._process.pid)
        listening = [(address, port) for inode, address, port in _listening()
                     if inode in inodes]
        wide = [f"{address}:{port}" for address, port in listening if address not in LOOPBACK]
        if wide or not listening:
            raise AssertionError(f"RabbitMQ listens beyond loopback: {wide or 'nothing found'}.")
        return sorted(f"{_address(address)}:{port}" for address, port in listening)

    def _write_config(self, base: Path, ports: dict[str, int]) -> None:
        lines = ["listeners.tcp = none", "stomp.listeners.tcp = none",
                 "mqtt.listeners.tcp = none", "log.console = true", "log.console.level = info",
                 "log.file = false"]
        for name, port in ports.items():
            lines += [f"{name}.tcp.ip = 127.0.0.1", f"{name}.tcp.port = {port}"]
        (base / "rabbitmq.conf").write_text("\n".join(lines) + "\n")
        (base / "enabled_plugins").write_text(
            "[" + ",".join(f"rabbitmq_{name}" for name in ports) + "].\n")
        (base / "rabbitmq-env.conf").write_text("")
        (base / "home").mkdir()

    def _environment(self, base: Path, epmd: int, dist: int) -> dict[str, str]:
        environment = {key: value for key, value in os.environ.items()
                       if not key.startswith(("RABBITMQ_", "ERL_"))}
        environment.update({
            "HOME": str(base / "home"),  # the node's own Erlang cookie
            "RABBITMQ_CONF_ENV_FILE": str(base / "rabbitmq-env.conf"),
            "RABBITMQ_NODENAME": f"wsroute-{dist}@localhost",
            "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(base / "mnesia"),
            "RABBITMQ_LOG_BASE": str(base / "log"),
            "RABBITMQ_PLUGINS_EXPAND_DIR": str(base / "plugins"),
            "RABBITMQ_PID_FILE": str(base / "rabbitmq.pid"),
            "RABBITMQ_DIST_PORT": str(dist),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "ERL_EPMD_PORT": str(epmd),
        })
        return environment

    def _wait_for(self, ports: dict[str, int], deadline: float, output: Path) -> None:
        waiting = dict(ports)
        while waiting:
            if self._process is None or self._process.poll() is not None:
                raise AssertionError(f"RabbitMQ ended while starting: {_tail(output)}")
            if time.monotonic() > deadline:
                raise AssertionError(f"RabbitMQ did not open ports {sorted(waiting)}: "
                                     f"{_tail(output)}")
            waiting = {name: port for name, port in waiting.items() if not _greets(name, port)}
            if waiting:
                time.sleep(0.1)


# epmd in the foreground, in the node's process group, and the node once it answers.
_LAUNCH = """
epmd -address 127.0.0.1 -port "$1" &
for _ in $(seq 1 100); do epmd -port "$1" -names >/dev/null 2>&1 && break; sleep 0.05; done
exec "$2"
"""


# What a client of each plug-in's protocol says first, its subprotocol, and how the node's
# answer starts once it serves sessions: STOMP 1.2's CONNECT, MQTT 3.1.1's CONNECT (client
# "probe", clean session, keep-alive 60 s) and a CONNACK that accepts it.
_HELLO: dict[str, tuple[str, str | bytes, str | bytes]] = {
    "web_stomp": ("v12.stomp",
                  "CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n\x00",
                  "CONNECTED"),
    "web_mqtt": ("mqtt", b"\x10\x11\x00\x04MQTT\x04\x02\x00\x3c\x00\x05probe",
                 b"\x20\x02\x00\x00"),
}


def _greets(plugin: str, port: int) -> bool:
    """Whether the plug-in's endpoint answers a client's first frame as a ready node does
    (before that, it may take the connection and then close it, code 1006 to a page)."""
    subprotocol, hello, answer = _HELLO[plugin]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            pass
        with connect(f"ws://127.0.0.1:{port}/ws", subprotocols=[subprotocol],  # type: ignore[list-item]
                     open_timeout=2, close_timeout=1) as client:
            client.send(hello)
            reply = client.recv(timeout=2)
    except (OSError, TimeoutError, WebSocketException):
        return False
    return isinstance(reply, type(answer)) and reply.startswith(answer)  # type: ignore[arg-type]


def _tail(output: Path) -> str:
    return output.read_text(errors="replace")[-2000:]


def _socket_inodes(group: int) -> set[str]:
    inodes = set()
    for pid, info in processes().items():
        if info.group != group:
            continue
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    return inodes


def _listening() -> list[tuple[str, str, int]]:
    """(inode, hex address, port) of every TCP socket of the machine in LISTEN state."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, port = fields[1].split(":")
            if fields[3] == "0A":  # LISTEN
                found.append((fields[9], address, int(port, 16)))
    return found


def _address(hex_address: str) -> str:
    if hex_address in LOOPBACK:
        return "127.0.0.1" if hex_address == "0100007F" else "::1"
    return hex_address
