"""Helpers of har2robot.robot: the wsroute command, a page that talks as a recording did,
and nested runs of the suites the command writes.

The page is served from 127.0.0.1 on a free port. It opens each recorded
socket (on its own host: no WebSocket server answers there) and talks as the
page did in the recording: it sends its recorded messages in order, each
after the server messages that came before it, and checks each message it
receives against the recording; at the first difference it stops, so the
generated suite's waits fail.
"""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from robot.api import ExecutionResult
from robot.api.deco import keyword, library
from websockets.asyncio.server import serve

from WsRouteLibrary.model.har import SocketTraffic, build_har, read_har, write_har
from WsRouteLibrary.protocols import CODECS, Plumbing, ProtocolMessage
from WsRouteLibrary.protocols.base import TO_PAGE
from WsRouteLibrary.protocols.mqtt import MqttCodec

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>talks as recorded</title></head>
<body><pre id="log"></pre>
<script id="steps" type="application/json">%s</script>
<script>
const conversations = JSON.parse(document.getElementById('steps').textContent);
window.problem = null;
window.done = 0;
const bytes = (b64) => Array.from(atob(b64), (c) => c.charCodeAt(0));
const same = (data, message) => message.binary
  ? data instanceof ArrayBuffer && JSON.stringify(Array.from(new Uint8Array(data)))
      === JSON.stringify(bytes(message.data))
  : data === message.data;
function talk(index) {
  if (index >= conversations.length) return;
  const {path, messages} = conversations[index];
  const ws = new WebSocket(`ws://${location.host}${path}`);
  ws.binaryType = 'arraybuffer';
  let next = 0;
  const pump = () => {
    while (next < messages.length && messages[next].sent) {
      const m = messages[next++];
      ws.send(m.binary ? new Uint8Array(bytes(m.data)) : m.data);
    }
    if (next >= messages.length) { window.done += 1; ws.close(); talk(index + 1); }
  };
  ws.onopen = pump;
  ws.onmessage = (event) => {
    if (window.problem) return;
    const expected = messages[next];
    if (!expected || expected.sent || !same(event.data, expected)) {
      window.problem = `message ${next + 1}: got ${String(event.data)}`;
      document.getElementById('log').textContent = window.problem;
      return;
    }
    next += 1;
    pump();
  };
}
talk(0);
</script></body></html>
"""

NODE_MODULES = Path(__file__).parent.parent.parent / "tools" / "js-clients" / "node_modules"

# The same with a protocol's real client (socket.io-client, @stomp/stompjs, mqtt.js): it
# sends (emits, subscribes, publishes) as recorded (the HAR of a protocol route holds the
# messages decoded) and checks each message it gets; the library plays the server's part.
CLIENT_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>talks as recorded</title>
<script src="/vendor/%s"></script></head>
<body><pre id="log"></pre>
<script id="steps" type="application/json">%s</script>
<script>
const conversations = JSON.parse(document.getElementById('steps').textContent);
window.problem = null;
window.done = 0;
const {path, messages} = conversations[0];
const url = `ws://${location.host}${path}`;
const text = (body) => typeof body === 'string' ? body : JSON.stringify(body);
let next = 0;
let client = null;
const got = (shown, expected) => {
  if (window.problem) return;
  if (!expected || expected.sent || shown !== JSON.stringify(expected.check)) {
    window.problem = `message ${next + 1}: got ${shown}`;
    document.getElementById('log').textContent = window.problem;
    return;
  }
  next += 1;
  pump();
};
const pump = () => {
  while (next < messages.length && messages[next].sent) send(messages[next++].document);
  if (next >= messages.length) { window.done = conversations.length; finish(); }
};
%s
</script></body></html>
"""
SOCKETIO_CLIENT = """
const send = (d) => client.emit(d.event, ...d.args);
const finish = () => client.close();
client = io(location.origin, {transports: ['websocket'], reconnection: false});
client.on('connect', pump);
client.onAny((event, ...args) => got(JSON.stringify([event, ...args]), messages[next]));
"""
STOMP_CLIENT = """
const parsed = (body) => { try { return JSON.parse(body); } catch (e) { return body; } };
const send = (d) => d.command === 'SUBSCRIBE'
  ? client.subscribe(d.destination, (m) => got(JSON.stringify(
      [m.headers.destination, parsed(m.body)]), messages[next]))
  : client.publish({destination: d.destination, body: text(d.body), headers: d.headers || {}});
const finish = () => client.deactivate();
client = new StompJs.Client({brokerURL: url, reconnectDelay: 0, onConnect: pump});
client.activate();
"""
MQTT_CLIENT = """
const parsed = (body) => { try { return JSON.parse(body); } catch (e) { return body; } };
const send = (d) => d.type === 'subscribe'
  ? client.subscribe(Object.fromEntries(d.subscriptions.map((s) => [s.topic, {qos: s.qos}])))
  : client.publish(d.topic, text(d.payload), {qos: d.qos || 0, retain: !!d.retain});
const finish = () => client.end();
client = mqtt.connect(url, {protocolVersion: conversations[0].version, reconnectPeriod: 0,
                            clientId: 'talks-as-recorded'});
client.on('message', (topic, payload) => got(JSON.stringify(
  [topic, parsed(new TextDecoder().decode(payload))]), messages[next]));
client.on('connect', pump);
"""
# Per protocol: the client's script in node_modules, the page's part, the library's own
# messages (left to it), and what the page checks of each message it gets.
CLIENTS = {
    "socket.io": ("socket.io-client/dist/socket.io.min.js", SOCKETIO_CLIENT,
                  lambda d: "event" not in d, lambda d: [d["event"], *d["args"]]),
    "stomp": ("@stomp/stompjs/bundles/stomp.umd.js", STOMP_CLIENT,
              lambda d: d.get("command") in ("CONNECT", "CONNECTED", "DISCONNECT"),
              lambda d: [d.get("destination"), d.get("body")]),
    "mqtt": ("mqtt/dist/mqtt.min.js", MQTT_CLIENT,
             lambda d: d.get("type") in ("connect", "connack", "disconnect"),
             lambda d: [d.get("topic"), d.get("payload")]),
}


async def _broker(ws) -> None:
    """A real MQTT broker's part on one connection: the library's codec playing the broker
    (acknowledgements, retained messages, delivery to the subscriptions), on raw packets."""
    codec = MqttCodec(mocked=True)
    async for frame in ws:
        for item in codec.from_page(frame if isinstance(frame, bytes) else frame.encode()):
            answers = item.answer if isinstance(item, Plumbing) else []
            if isinstance(item, ProtocolMessage):
                answers = [f for a in codec.default_answer(item) for f in codec.encode(a, TO_PAGE)]
            for answer in answers:
                await ws.send(answer)


async def _started():
    return await serve(_broker, "127.0.0.1", 0, subprotocols=["mqtt"])


@library(scope="SUITE")
class Har2Robot:
    def __init__(self):
        self._server: ThreadingHTTPServer | None = None
        self._pages: dict[str, bytes] = {}
        self._broker_loop: asyncio.AbstractEventLoop | None = None
        self._broker_server = None

    @keyword
    def start_mqtt_broker(self) -> str:
        """Starts an MQTT-over-WebSocket broker on 127.0.0.1; returns its ws:// URL."""
        self._broker_loop = asyncio.new_event_loop()
        threading.Thread(target=self._broker_loop.run_forever, daemon=True).start()
        self._broker_server = asyncio.run_coroutine_threadsafe(
            _started(), self._broker_loop).result(10)
        return f"ws://127.0.0.1:{self._broker_server.sockets[0].getsockname()[1]}/mqtt"

    @keyword
    def stop_mqtt_broker(self) -> None:
        """Stops the broker of `Start MQTT Broker`, if it runs."""
        if self._broker_server is not None and self._broker_loop is not None:
            self._broker_server.close()
            asyncio.run_coroutine_threadsafe(self._broker_server.wait_closed(),
                                             self._broker_loop).result(10)
            self._broker_loop.call_soon_threadsafe(self._broker_loop.stop)
            self._broker_server = self._broker_loop = None

    @keyword
    def serve_page_that_talks_like(self, har: str) -> str:
        """Serves a page that talks as the page did in ``har``; returns its URL."""
        conversations = []
        for conversation in read_har(har).conversations:
            path = urlsplit(conversation.url)
            messages = [{"sent": m.sent, "binary": isinstance(m.payload, bytes),
                         "data": base64.b64encode(m.payload).decode() if isinstance(
                             m.payload, bytes) else m.payload}
                        for m in conversation.messages]
            conversations.append({"path": path.path + (f"?{path.query}" if path.query else ""),
                                  "messages": messages})
        steps = json.dumps(conversations).replace("</", "<\\/")
        name = f"/talk{len(self._pages) + 1}.html"
        self._pages[name] = (PAGE % steps).encode("utf-8")
        return f"{self._start()}{name}"

    @keyword
    def serve_client_page_that_talks_like(self, har: str, protocol: str) -> str:
        """Serves a page whose real Socket.IO, STOMP or MQTT client (``protocol``) talks as in
        ``har`` (its messages as a protocol route saved them, or its raw frames)."""
        script, client, own, check = CLIENTS[protocol]
        vendor = NODE_MODULES / script
        if not vendor.is_file():
            raise AssertionError(f"{vendor} is missing: run 'make js-clients'.")
        self._pages[f"/vendor/{script}"] = vendor.read_bytes()
        [conversation] = read_har(har).conversations
        codec = CODECS[protocol](conversation.url, mocked=False)  # raw frames: decoded
        documents = []
        for m in conversation.messages:
            if isinstance(m.payload, str) and m.payload.startswith("{"):
                documents.append((m.sent, json.loads(m.payload)))
                continue
            items = (codec.from_page if m.sent else codec.from_server)(m.payload)
            documents += [(m.sent, i.document) for i in items if isinstance(i, ProtocolMessage)]
        version = next((d["protocolVersion"] for _, d in documents
                        if d.get("type") == "connect"), 4)
        messages = [{"sent": sent, "document": d, "check": check(d)}
                    for sent, d in documents if not own(d)]
        path = urlsplit(conversation.url).path
        steps = json.dumps([{"path": path, "version": version, "messages": messages}])
        name = f"/{protocol}{len(self._pages) + 1}.html"
        self._pages[name] = (CLIENT_PAGE % (script, steps.replace("</", "<\\/"), client)
                             ).encode("utf-8")
        return f"{self._start()}{name}"

    @keyword
    def write_tricky_har(self, path: str) -> str:
        """A HAR whose messages Robot Framework would misread if written as they are.

        Spaces, ``#``, ``\\``, ``${``, ``name=value``, control characters,
        long and binary values, text that reads as a template, JSON whose
        ids and times vary, and a message answered differently in turn.
        """
        say = [json.dumps({"type": "say", "id": n, "at": 1790000000000 + n, "text": text})
               for n, text in enumerate(["hi there", "how are you"], 1)]
        talk = [
            (False, "  welcome  #1 ${USER} "),
            (True, say[0]), (False, json.dumps({"type": "ack", "id": 1, "at": 1790000000001})),
            (False, "You said: hi there"),
            (True, say[1]), (False, json.dumps({"type": "ack", "id": 2, "at": 1790000000002})),
            (False, "You said: how are you"),
            (True, "match=json"), (False, "url=**/x \\ %{HOME} @{list} &{dict}"),
            (True, "tab\there\nnew line\x00nul"), (False, "..."),
            (True, b"\x00\x01{}$#"), (False, bytes(range(256))),
            (True, "next"), (False, "1"), (True, "next"), (False, "2"), (True, "next"),
            (False, "2"),
            (True, "template?"), (False, "literal {{message}} here"),
            (True, "long " + "x" * 400), (False, "y " * 300),
        ]
        socket = SocketTraffic(1, "ws://127.0.0.1:9/tricky", 0.0,
                               messages=[(sent, payload, n * 0.01)
                                         for n, (sent, payload) in enumerate(talk)])
        write_har(path, build_har([socket], 1_790_000_000.0, "WsRouteLibrary", "test"))
        return path

    def _start(self) -> str:
        if self._server is None:
            pages = self._pages

            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):  # noqa: N802 (http.server's name)
                    body = pages.get(self.path.split("?")[0])
                    self.send_response(200 if body else 404)
                    kind = "text/javascript" if self.path.endswith(".js") else "text/html"
                    self.send_header("Content-Type", f"{kind}; charset=utf-8")
                    self.send_header("Content-Length", str(len(body or b"")))
                    self.end_headers()
                    self.wfile.write(body or b"")

                def log_message(self, *args):
                    pass

            self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @keyword
    def stop_page_server(self) -> None:
        """Stops the page server."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @keyword
    def run_wsroute(self, *arguments: str) -> dict:
        """Runs ``python -m WsRouteLibrary`` with ``arguments``; returns rc, stdout and stderr."""
        process = subprocess.run([sys.executable, "-m", "WsRouteLibrary", *arguments],
                                 capture_output=True, text=True, timeout=120)
        return {"rc": process.returncode, "stdout": process.stdout, "stderr": process.stderr}

    @keyword
    def run_generated_suite(self, suite: str, page_url: str, output_dir: str) -> str:
        """Runs ``suite`` in a robot of its own with ``PAGE URL`` set; returns its tests' statuses.

        Each test as ``NAME: STATUS`` (with the failure message), one a line.
        The suite runs as written, plus one last step in each test
        (TalkedAsRecorded.py): the page must have received every recorded
        server message, the last ones too, before the browser quits.
        """
        output = Path(output_dir) / Path(suite).stem
        modifier = Path(__file__).with_name("TalkedAsRecorded.py")
        subprocess.run([sys.executable, "-m", "robot", "--variable", f"PAGE URL:{page_url}",
                        "--prerunmodifier", str(modifier),
                        "--outputdir", str(output), "--report", "NONE", "--console", "none",
                        suite], capture_output=True, text=True, timeout=300)
        if not (output / "output.xml").exists():
            raise AssertionError(f"The nested run of {suite} wrote no output.xml.")
        result = ExecutionResult(str(output / "output.xml"))
        return "\n".join(f"{t.name}: {t.status}" + (f" {t.message}" if t.message else "")
                         for t in result.suite.all_tests)

    @keyword
    def run_robocop_and_dry_run(self, suite: str) -> str:
        """Robocop's check with its default rules and ``robot --dryrun``; returns what failed."""
        problems = []
        # An empty configuration: Robocop's default rules, not this project's choices.
        config = Path(suite).with_name("robocop-defaults.toml")
        config.write_text("[tool.robocop]\n", encoding="utf-8")
        robocop = subprocess.run([sys.executable, "-m", "robocop", "check", "--ignore-git-dir",
                                  "--config", str(config), suite],
                                 capture_output=True, text=True, timeout=120)
        if robocop.returncode != 0:
            problems.append(robocop.stdout + robocop.stderr)
        dry = subprocess.run([sys.executable, "-m", "robot", "--dryrun", "--output", "NONE",
                              "--log", "NONE", "--report", "NONE", suite],
                             capture_output=True, text=True, timeout=120)
        if dry.returncode != 0:
            problems.append(dry.stdout + dry.stderr)
        return "\n".join(problems)
