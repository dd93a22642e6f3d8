"""Benchmarks of protocol routes: a round trip per protocol against raw Playwright.

``bench/run.py`` runs the Socket.IO row as part of ``make bench``; this
module runs every protocol's row on its own (``.venv/bin/python
bench/protocols.py [--quick]``). In each row the page speaks the protocol's
frames on a plain WebSocket, so both variants do the same work in the
browser, and only the Python that handles each frame differs:

- library: ``Route WebSocket    **/lib-<x>/**    protocol=<x>`` and one
  ``Reply When Sent`` rule written as the protocol's JSON document: each
  frame is decoded, matched, answered, encoded and recorded, and the
  library speaks the plumbing (connects, subscriptions, joins);
- baseline: a raw Playwright ``route_web_socket`` handler on the same page
  that does the same plumbing by hand: it parses the frames it needs to and
  answers with hand-made frames.

The rows: Socket.IO (``42["ping"]`` -> ``42["pong"]``); STOMP (CONNECT ->
CONNECTED, SUBSCRIBE kept, SEND /app/ping -> MESSAGE to the /topic/pong
subscription); MQTT 3.1.1 binary packets (CONNECT -> CONNACK, SUBSCRIBE ->
SUBACK, PUBLISH ping -> PUBLISH pong); SignalR's JSON hub protocol with
record separators (handshake, invocation -> completion); Phoenix Channels v2
(join -> ok reply, push -> ok reply).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import (  # noqa: E402
    MOCK,
    Browser,
    Comparison,
    FakeWebSocket,
    Schedule,
    SendsAtOnce,
    interleaved,
    library_cpu,
    load,
    raw_reply,
    row,
    rows,
    us,
)

from WsRouteLibrary.datatypes import Direction, MatchMode, RuleKind  # noqa: E402
from WsRouteLibrary.engine import Engine, speaking  # noqa: E402
from WsRouteLibrary.engine.traffic import Socket  # noqa: E402
from WsRouteLibrary.model.matching import Matcher  # noqa: E402
from WsRouteLibrary.model.registry import Route, Rule  # noqa: E402
from WsRouteLibrary.model.urlpattern import UrlPattern  # noqa: E402
from WsRouteLibrary.protocols import CODECS  # noqa: E402

EVENT, ANSWER = '42["ping"]', '42["pong"]'
SOCKET_IO = "/socket.io/?EIO=4&transport=websocket"

# Opens a socket that speaks Socket.IO frames: Engine.IO's open packet, then
# the default namespace's connect and its answer; bench.roundTrips takes it over.
OPEN_JS = """
async ([name, url]) => {
  const ws = new WebSocket(url);
  const seen = [];
  let wake = null;
  ws.onmessage = (event) => { seen.push(event.data); if (wake) wake(); };
  const next = async () => {
    while (!seen.length) await new Promise((got) => { wake = got; });
    return seen.shift();
  };
  await new Promise((opened, failed) => { ws.onopen = opened; ws.onerror = failed; });
  const open = await next();
  if (!open.startsWith("0")) throw new Error(`no open packet: ${open}`);
  ws.send("40");
  const connected = await next();
  if (!connected.startsWith("40")) throw new Error(`no connect answer: ${connected}`);
  bench.sockets[name] = ws;
}
"""

# Installed in the library's page beside run.py's bench object: a socket that
# goes through a protocol's opening steps ([frame, what the answer starts
# with or null]), then round trips that count only the answers (a frame that
# holds "pong", or a binary one whose first byte is the answer's), so that
# plumbing the library sends on its own (SignalR pings) is not counted.
SPEAKING_JS = """
() => {
  const bytes = (hex) => new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
  const hexOf = (data) => Array.from(new Uint8Array(data))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  bench.answers = {};
  bench.openSpeaking = async (name, url, subprotocol, binary, steps, answer) => {
    const ws = subprotocol ? new WebSocket(url, [subprotocol]) : new WebSocket(url);
    ws.binaryType = "arraybuffer";
    const seen = [];
    let wake = null;
    ws.onmessage = (event) => {
      seen.push(binary ? hexOf(event.data) : event.data);
      if (wake) wake();
    };
    await new Promise((opened, failed) => { ws.onopen = opened; ws.onerror = failed; });
    for (const [frame, expected] of steps) {
      ws.send(binary ? bytes(frame) : frame);
      if (expected === null) continue;
      while (!seen.length) await new Promise((got) => { wake = got; });
      const got = seen.shift();
      if (!got.startsWith(expected)) throw new Error(`${name}: ${got} is no ${expected}`);
    }
    bench.sockets[name] = ws;
    bench.answers[name] = binary ? parseInt(answer.slice(0, 2), 16) : answer;
  };
  bench.speakingTrips = async (name, n, message) => {
    const ws = bench.sockets[name];
    const answer = bench.answers[name];
    const binary = typeof answer === "number";
    const frame = binary ? bytes(message) : message;
    const start = performance.now();
    await Promise.race([new Promise((done) => {
      let left = n;
      ws.onmessage = (event) => {
        const counts = binary ? new Uint8Array(event.data)[0] === answer
                              : event.data.includes(answer);
        if (counts) (--left === 0 ? done() : ws.send(frame));
      };
      ws.send(frame);
    }), new Promise((_, fail) => setTimeout(
      () => fail(new Error(`round trips on ${name} took over five minutes`)), 300000))]);
    return (performance.now() - start) * 1000 / n;
  };
}
"""


@dataclass
class Speaking:
    """One protocol's row: the page's frames, the library's rule, the raw handler."""

    title: str
    protocol: str
    path: str  # the socket's URL below ws://bench.test/lib-<name> (or raw-<name>)
    steps: list[tuple[str, str | None]]  # opening frames and the answers' openings
    trip: str  # the frame of each round trip
    answer: str  # what the answer holds (text) or starts with (binary, hex)
    rule: tuple[str, str]  # Reply When Sent's message and reply, match=json
    raw: Callable[[], Callable]  # makes the hand-written handler
    subprotocol: str = ""
    binary: bool = False


def speaking_round_trip(browser: Browser, schedule: Schedule, row: Speaking) -> Comparison:
    """A protocol's round trip answered by a rule, against a raw handler's."""
    engine = browser.engine
    lib, raw = f"lib-{row.protocol}", f"raw-{row.protocol}"
    engine.route(f"**/{lib}/**", protocol=row.protocol)
    message, reply = row.rule
    engine.add_rule(f"**/{lib}/**", Rule(RuleKind.reply, Direction.sent,
                                         Matcher(message, MatchMode.json), [reply]))
    browser.route_raw(f"**/{raw}/**", row.raw())
    if not browser.run(browser.page.evaluate("() => !!bench.openSpeaking")):
        browser.run(browser.page.evaluate(SPEAKING_JS))
    for name in (lib, raw):
        browser.run(browser.page.evaluate(
            "([n, u, s, b, steps, a]) => bench.openSpeaking(n, u, s, b, steps, a)",
            [name, f"{MOCK}/{name}{row.path}", row.subprotocol, row.binary,
             [list(step) for step in row.steps], row.answer]))
    figures = interleaved({
        "lib": browser.measure("speakingTrips", lib, row.trip),
        "raw": browser.measure("speakingTrips", raw, row.trip),
    }, schedule)
    # Closed, so that what a route sends on its own (SignalR's pings) stays out of later rows.
    browser.run(browser.page.evaluate("(names) => names.forEach((n) => bench.sockets[n].close())",
                                      [lib, raw]))
    return Comparison(figures["lib"], figures["raw"])


def socketio_round_trip(browser: Browser, schedule: Schedule) -> Comparison:
    """A Socket.IO event answered by a rule, against the same frame answered raw."""
    engine = browser.engine
    engine.route("**/lib-sio/**", protocol="socket.io")
    engine.add_rule(None, Rule(RuleKind.reply, Direction.sent, Matcher('["ping"]'), ['["pong"]']))
    browser.route_raw("**/raw-sio/**", raw_reply(EVENT, ANSWER))
    browser.run(browser.page.evaluate(OPEN_JS, ["lib-sio", f"{MOCK}/lib-sio{SOCKET_IO}"]))
    browser.open("raw-sio", f"{MOCK}/raw-sio{SOCKET_IO}")
    figures = interleaved({
        "lib": browser.measure("roundTrips", "lib-sio", EVENT),
        "raw": browser.measure("roundTrips", "raw-sio", EVENT),
    }, schedule)
    return Comparison(figures["lib"], figures["raw"])


# ------------------------------------------------------------------ STOMP


def _stomp_frame(text: str) -> tuple[str, dict[str, str], str]:
    head, _, body = text.partition("\n\n")
    command, *lines = head.split("\n")
    headers = {}
    for line in lines:
        key, _, value = line.partition(":")
        headers.setdefault(key, value)
    return command, headers, body.rstrip("\0")


def raw_stomp() -> Callable:
    """CONNECT -> CONNECTED; SUBSCRIBE kept; SEND /app/ping -> MESSAGE to /topic/pong."""

    def handler(ws) -> None:
        subscriptions: dict[str, str] = {}  # id -> destination
        ids = iter(range(1, 1 << 62))

        def on_message(message) -> None:
            command, headers, _ = _stomp_frame(message)
            if command in ("CONNECT", "STOMP"):
                ws.send("CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:raw\n\n\0")
            elif command == "SUBSCRIBE":
                subscriptions[headers["id"]] = headers["destination"]
            elif command == "SEND" and headers.get("destination") == "/app/ping":
                for sub, destination in subscriptions.items():
                    if destination == "/topic/pong":
                        ws.send(f"MESSAGE\ndestination:/topic/pong\nsubscription:{sub}\n"
                                f"message-id:{next(ids)}\ncontent-length:4\n\npong\0")

        ws.on_message(on_message)

    return handler


STOMP = Speaking(
    "STOMP SEND -> MESSAGE", "stomp", "/stomp",
    [("CONNECT\naccept-version:1.2\nhost:bench\nheart-beat:0,0\n\n\0", "CONNECTED"),
     ("SUBSCRIBE\nid:sub-0\ndestination:/topic/pong\n\n\0", None)],
    "SEND\ndestination:/app/ping\ncontent-length:4\n\nping\0", "pong",
    ('{"command": "SEND", "destination": "/app/ping"}',
     '{"destination": "/topic/pong", "body": "pong"}'),
    raw_stomp)


# ------------------------------------------------------------------- MQTT


def _mqtt_string(data: bytes, at: int) -> tuple[str, int]:
    size = int.from_bytes(data[at:at + 2], "big")
    return data[at + 2:at + 2 + size].decode(), at + 2 + size


def _mqtt_body(data: bytes) -> int:
    """Where a packet's variable header starts: after its remaining length."""
    at = 1
    while data[at] & 0x80:
        at += 1
    return at + 1


def _mqtt_publish(topic: str, payload: bytes) -> bytes:
    name = topic.encode()
    rest = len(name).to_bytes(2, "big") + name + payload
    return bytes([0x30, len(rest)]) + rest  # QoS 0; a short packet's length is one byte


def raw_mqtt() -> Callable:
    """CONNECT -> CONNACK; SUBSCRIBE -> SUBACK; PUBLISH ping -> PUBLISH pong."""

    def handler(ws) -> None:
        topics: set[str] = set()

        def on_message(message) -> None:
            kind, at = message[0] >> 4, _mqtt_body(message)
            if kind == 1:  # CONNECT
                ws.send(b"\x20\x02\x00\x00")
            elif kind == 8:  # SUBSCRIBE: packet id, then topic filters and their options
                packet_id, at = message[at:at + 2], at + 2
                granted = b""
                while at < len(message):
                    topic, at = _mqtt_string(message, at)
                    topics.add(topic)
                    granted += b"\x00"
                    at += 1
                ws.send(bytes([0x90, 2 + len(granted)]) + packet_id + granted)
            elif kind == 3:  # PUBLISH, QoS 0
                topic, _ = _mqtt_string(message, at)
                if topic == "ping" and "pong" in topics:
                    ws.send(_mqtt_publish("pong", b"pong"))

        ws.on_message(on_message)

    return handler


MQTT = Speaking(
    "MQTT PUBLISH -> PUBLISH", "mqtt", "/mqtt",
    [("100f00044d515454040200000003616263", "2002"),  # CONNECT, keep-alive off -> CONNACK
     ("820900010004706f6e6700", "9003")],  # SUBSCRIBE pong -> SUBACK
    "300a000470696e6770696e67", "300a0004706f6e67",  # PUBLISH ping "ping" / pong "pong"
    ('{"type": "publish", "topic": "ping"}', '{"topic": "pong", "payload": "pong"}'),
    raw_mqtt, subprotocol="mqtt", binary=True)


# ---------------------------------------------------------------- SignalR

RS = "\x1e"


def raw_signalr() -> Callable:
    """The handshake -> {}; an invocation of Ping -> its completion; pings ignored."""

    def handler(ws) -> None:
        shaken = False

        def on_message(message) -> None:
            nonlocal shaken
            for record in message.split(RS)[:-1]:
                document = json.loads(record)
                if not shaken:
                    shaken = True
                    ws.send("{}" + RS)
                elif document.get("type") == 1 and document.get("target") == "Ping":
                    ws.send(json.dumps({"type": 3, "invocationId": document["invocationId"],
                                        "result": "pong"}, separators=(",", ":")) + RS)

        ws.on_message(on_message)

    return handler


SIGNALR = Speaking(
    "SignalR invocation -> completion", "signalr", "/hub",
    [('{"protocol":"json","version":1}' + RS, "{}")],
    '{"type":1,"invocationId":"1","target":"Ping","arguments":[]}' + RS, "pong",
    ('{"target": "Ping"}', '{"result": "pong"}'),
    raw_signalr)


# ---------------------------------------------------------------- Phoenix


def raw_phoenix() -> Callable:
    """A join -> an ok reply; a push of ping -> an ok reply; heartbeats answered."""

    def handler(ws) -> None:
        def on_message(message) -> None:
            join_ref, ref, topic, event, _ = json.loads(message)
            if event == "phx_join" or topic == "phoenix":
                response: dict = {}
            elif event == "ping":
                response = {"pong": True}
            else:
                return
            ws.send(json.dumps([join_ref, ref, topic, "phx_reply",
                                {"status": "ok", "response": response}], separators=(",", ":")))

        ws.on_message(on_message)

    return handler


PHOENIX = Speaking(
    "Phoenix push -> reply", "phoenix", "/socket/websocket?vsn=2.0.0",
    [('["1","1","room:bench","phx_join",{}]', '["1","1","room:bench","phx_reply"')],
    '["1","2","room:bench","ping",{"n":1}]', "pong",
    ('{"event": "ping"}', '{"status": "ok", "response": {"pong": true}}'),
    raw_phoenix)

SPEAKING = (STOMP, MQTT, SIGNALR, PHOENIX)
NOTE = "<= 1.15 vs raw handler, same frames"


def protocol_round_trips(browser: Browser, schedule: Schedule) -> dict[str, Comparison]:
    """Every protocol's row, by title; the Socket.IO row first."""
    results = {"Socket.IO event round trip": socketio_round_trip(browser, schedule)}
    for each in SPEAKING:
        results[each.title] = speaking_round_trip(browser, schedule, each)
    return results


def protocol_rows(results: dict[str, Comparison]) -> list[str]:
    """The rows bench/run.py's table prints for protocol_round_trips' results."""
    lines = []
    for title, result in results.items():
        lines += rows(f"  {title}", result, us, NOTE, "round trip")
    return lines


def codec_cpu(engine: Engine, speaking_row: Speaking, rounds: int = 5) -> float:
    """CPU µs the library spends on one round trip of the row, no browser: the page's
    frame down the protocol road (decode, rule, reply, encode, journal) to a fake socket."""
    route = Route(UrlPattern("**/in-process/**"), owner=engine.owners.current)
    route.codec = CODECS[speaking_row.protocol]
    message, reply = speaking_row.rule
    rule = Rule(RuleKind.reply, Direction.sent, Matcher(message, MatchMode.json), [reply])
    rule.matcher = speaking.matcher(route, rule.matcher)
    route.add_rule(rule)
    fake = FakeWebSocket()
    fake.url = f"{MOCK}/in-process{speaking_row.path}"
    socket = Socket(0, route, fake, None, engine.traffic.protocol_road)
    socket.road.opened(socket)

    def frame(text: str) -> str | bytes:
        return bytes.fromhex(text) if speaking_row.binary else text

    for step, _ in speaking_row.steps:
        socket.road.from_page(socket, frame(step))
    trip, times = frame(speaking_row.trip), []
    for _ in range(rounds):
        start = time.thread_time()
        for _ in range(2000):
            socket.road.from_page(socket, trip)
        times.append((time.thread_time() - start) / 2000 * 1e6)
        route.journal.entries.clear()
    return statistics.median(times)


def cpu_rows() -> list[str]:
    """The library's CPU per round trip of each protocol row, and of a raw route."""
    engine = Engine()
    try:
        with SendsAtOnce(engine):
            lines = [row("  library CPU, raw route", f"{library_cpu(engine, 1, 5):,.1f} µs",
                         note="per mocked round trip, no browser (bench/run.py's row 5)")]
            for speaking_row in SPEAKING:
                lines.append(row(f"  library CPU, {speaking_row.protocol}",
                                 f"{codec_cpu(engine, speaking_row):,.1f} µs",
                                 note="per round trip of its row above, no browser"))
    finally:
        engine.shutdown()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the time budget")
    quick = parser.parse_args().quick
    schedule = Schedule(50, 4, 3 if quick else 5, 30, 20 * (0.25 if quick else 1.0),
                        warm_up=100)
    load_before = load()
    browser = Browser()
    try:
        results = protocol_round_trips(browser, schedule)
    finally:
        browser.close()
    print(f"Load average (1, 5, 15 min): {load_before} at start, {load()} at end.")
    print("\n".join(protocol_rows(results) + cpu_rows()))


if __name__ == "__main__":
    main()
