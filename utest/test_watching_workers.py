"""Watched sockets of shared and service workers: the shim's reports, through the relay,
recorded by the watcher as a watched page socket's are; and the shim's side of it (Node).

The relay is fed the frames a shim would send (relayframes.py) on a link whose connection
is never used: what the relay answers is read from the link's outbox.
"""

import json
import shutil
import subprocess

import pytest
from fakes import relay_told

from WsRouteLibrary.datatypes import EntryKind, Side
from WsRouteLibrary.engine.owners import Owners
from WsRouteLibrary.engine.relay import WorkerLink, WorkerRelay
from WsRouteLibrary.engine.relayframes import decode, encode
from WsRouteLibrary.engine.watching import GOING_AWAY, Watcher
from WsRouteLibrary.engine.workers import Unrouted, script_text
from WsRouteLibrary.model.registry import Registry, Route
from WsRouteLibrary.model.urlpattern import UrlPattern

URL = "ws://127.0.0.1:9/feed"
SHARED = "shared worker http://127.0.0.1:8/sync.js"
OPEN, CLOSE, SENT, RECEIVED = EntryKind.open, EntryKind.close, EntryKind.sent, EntryKind.received
PAGE, SERVER = Side.page, Side.server


async def _no_mark(kind, url):
    return None


class Worker:
    """A relay with the engine's watcher behind it, and one worker's link to it."""

    def __init__(self, kind="shared worker", routed=False):
        self.registry = Registry()
        self.owners = Owners(self.registry)
        self.errors = []
        numbers = iter(range(1, 100))
        self.watcher = Watcher(self.registry, self.owners, None, self.errors.append,
                               number=lambda: next(numbers), base_url=lambda: None)
        self.relay = WorkerRelay(lambda page, _: None, lambda url, page: routed, _no_mark)
        self.relay.on_unrouted = Unrouted(self.watcher)
        self.link = WorkerLink(None)
        self.shim(json.dumps({"op": "hello", "kind": kind,
                              "script": "http://127.0.0.1:8/sync.js"}))

    def watch(self, pattern="**/feed"):
        route = Route(UrlPattern(pattern), owner=self.owners.current, watch=True)
        self.registry.add(route)
        return route

    def shim(self, frame):
        self.relay._handle(self.link, *decode(frame))

    def said(self):
        """What the relay told the shim since last asked: (op, id) pairs."""
        return relay_told(self.link)


def entries(route):
    return [(e.kind, e.payload, e.note, e.sender, e.receiver, e.opener)
            for e in route.journal.entries]


def test_a_watched_worker_socket_is_recorded_as_a_watched_page_socket_is():
    worker = Worker()
    watch = worker.watch()
    worker.shim(encode("open", 1, url=URL))
    assert worker.said() == [("watch", 1)]  # the shim opens it natively and reports
    assert entries(watch) == []  # asked for; not open yet
    worker.shim(encode("watched_open", 1))
    worker.shim(encode("watched_sent", 1, "hello"))
    worker.shim(encode("watched_received", 1, b"\x01\x02"))
    worker.shim(encode("watched_sent", 1, ""))
    worker.shim(encode("watched_close", 1, code=4001, reason="bye"))
    assert entries(watch) == [
        (OPEN, None, "watched", PAGE, SERVER, SHARED),
        (SENT, "hello", "watched", PAGE, SERVER, SHARED),
        (RECEIVED, b"\x01\x02", "watched", SERVER, PAGE, SHARED),
        (SENT, "", "watched", PAGE, SERVER, SHARED),
        (CLOSE, (4001, "bye"), "watched", SERVER, PAGE, SHARED),
    ]
    assert [(s.url, s.opener, s.closed) for s in watch.sockets] == [(URL, SHARED, True)]
    assert worker.relay.open_sockets == 0 and worker.said() == []
    assert worker.errors == []


def test_the_newest_matching_watch_records_it_and_numbers_follow_the_engine():
    worker = Worker()
    worker.watch("**")
    newest = worker.watch("**/feed*")
    worker.shim(encode("open", 1, url=URL))
    worker.shim(encode("watched_open", 1))
    assert [s.number for s in newest.sockets] == [1]


def test_a_refused_handshake_is_a_close_without_an_open():
    worker = Worker()
    watch = worker.watch()
    worker.shim(encode("open", 1, url=URL))
    worker.shim(encode("watched_close", 1, code=1006, reason=""))
    assert entries(watch) == [
        (CLOSE, (1006, ""), "watched; the connection failed: no handshake", SERVER, PAGE, SHARED)
    ]
    assert [s.url for s in watch.sockets] == [URL]


def test_a_close_without_a_code_is_no_status():
    worker = Worker()
    watch = worker.watch()
    worker.shim(encode("open", 1, url=URL))
    worker.shim(encode("watched_open", 1))
    worker.shim(encode("watched_close", 1))
    assert entries(watch)[-1][:3] == (CLOSE, (1005, ""), "watched")


def test_a_worker_that_goes_away_ends_its_open_watched_sockets_with_going_away():
    worker = Worker()
    watch = worker.watch()
    worker.shim(encode("open", 1, url=URL))
    worker.shim(encode("watched_open", 1))
    worker.shim(encode("open", 2, url=URL + "?never"))  # not open yet: nothing to end
    worker.link.end()
    assert entries(watch)[-1][:3] == (CLOSE, (GOING_AWAY, ""), "watched; the worker went away")
    assert [e[0] for e in entries(watch)] == [OPEN, CLOSE]
    assert worker.link.watched == {}


def test_a_socket_no_watch_matches_passes_and_is_remembered_for_hints():
    worker = Worker()
    worker.watch("**/other")
    worker.shim(encode("open", 1, url=URL))
    assert worker.said() == [("pass", 1)]
    assert [(s.url, s.opener) for s in worker.watcher.seen] == [(URL, SHARED)]
    assert worker.link.watched == {}


def test_a_dedicated_workers_socket_is_left_to_the_pages_events():
    worker = Worker(kind="dedicated worker")
    watch = worker.watch()
    worker.shim(encode("open", 1, url=URL))
    assert worker.said() == [("pass", 1)]  # Playwright reports it as the page's: once only
    assert list(worker.watcher.seen) == []
    assert entries(watch) == []


def test_a_routed_socket_is_the_routes():
    worker = Worker(routed=True)
    watch = worker.watch()
    worker.shim(encode("open", 1, url=URL))
    assert worker.said()[0] == ("take", 1)
    assert worker.link.watched == {} and entries(watch) == []


def test_a_socket_closed_before_it_connected_is_forgotten():
    worker = Worker()
    worker.watch()
    worker.shim(encode("open", 1, url=URL))
    worker.shim(encode("gone", 1))
    assert worker.relay.open_sockets == 0


def test_a_removed_watch_records_nothing_and_the_shim_stops_reporting_once_it_is_forgotten():
    worker = Worker()
    watch = worker.watch()
    worker.shim(encode("open", 1, url=URL))
    worker.shim(encode("watched_open", 1))
    worker.registry.remove(watch)  # retired: the log has not shown its entries yet
    worker.shim(encode("watched_sent", 1, "after the watch"))
    assert worker.said() == [("watch", 1)]  # a hidden watch may come back: keep reporting
    assert [e[0] for e in entries(watch)] == [OPEN]
    for entry in watch.journal.entries:
        entry.logged = True
    worker.registry.forget_retired()
    worker.shim(encode("watched_received", 1, "still passing"))
    assert worker.said() == [("unwatch", 1)]
    assert worker.link.watched == {} and [e[0] for e in entries(watch)] == [OPEN]
    worker.shim(encode("watched_sent", 1, "late"))  # one the shim sent before it heard
    assert worker.errors == []


def test_a_hidden_watch_that_comes_back_records_again():
    worker = Worker()
    watch = worker.watch()
    worker.owners.start("a test")
    worker.shim(encode("open", 1, url=URL))
    worker.shim(encode("watched_open", 1))
    worker.registry.remove(watch, by=worker.owners.current)  # the test hides the suite's
    worker.shim(encode("watched_sent", 1, "hidden"))
    worker.owners.end(True)
    worker.shim(encode("watched_sent", 1, "back"))
    assert [e[1] for e in entries(watch) if e[0] is SENT] == ["back"]
    assert worker.said() == [("watch", 1)]


# The shim's side: a fake native WebSocket stands for the browser's, both for the relay
# connection (the first one made) and for the worker's sockets.
_NODE_WATCH = """
globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};
Object.setPrototypeOf(globalThis, WorkerGlobalScope.prototype);
globalThis.location = new URL('http://127.0.0.1/w.js');
globalThis.CloseEvent = globalThis.CloseEvent || class CloseEvent extends Event {
  constructor(type, init) { super(type); Object.assign(this, init); }
};
const natives = [];
globalThis.WebSocket = class FakeNative {
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; natives.push(this); }
  send(data) { if (this.readyState !== 1) { throw new Error('not open'); } this.sent.push(data); }
  close(code, reason) { this.readyState = 2; }
};
%s
const show = (data) => typeof data === 'string' ? data : Array.from(new Uint8Array(data));
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
(async () => {
  const seen = [];
  const open = (name) => {
    const ws = new WebSocket('ws://h/' + name);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => seen.push([name, 'open']);
    ws.onmessage = (e) => seen.push([name, 'message', show(e.data)]);
    ws.onclose = (e) => seen.push([name, 'close', e.code, e.reason]);
    return ws;
  };
  const a = open('a'), b = open('b'), c = open('c');
  const relay = natives[0];
  relay.readyState = 1;
  relay.onopen();
  const tell = (op, id) => relay.onmessage({data: JSON.stringify({op: op, id: id})});
  tell('watch', 1); tell('watch', 2); tell('pass', 3);
  const [realA, realB, realC] = natives.slice(1);
  for (const real of [realA, realB, realC]) { real.readyState = 1; real.onopen({}); }
  a.send('hi');
  const bytes = new Uint8Array([1, 2, 3]);
  a.send(bytes);
  bytes[0] = 7;
  const buffer = new Uint8Array([9, 8]).buffer;
  realA.onmessage({data: buffer});
  new Uint8Array(buffer)[1] = 0;
  realA.onmessage({data: 'text'});
  c.send('c is not watched');
  await flush();
  tell('unwatch', 2);
  b.send('b is no longer watched');
  realB.onmessage({data: 'nor this'});
  realA.readyState = 3;
  realA.onclose({code: 4000, reason: 'done', wasClean: true});
  await flush();
  const frames = relay.sent.map((f) => typeof f === 'string' ? ['text', f] : ['bytes', show(f)]);
  console.log(JSON.stringify({frames: frames, seen: seen,
    real: [realA.sent.map(show), realB.sent.map(show), realC.sent.map(show)]}));
})();
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_shim_reports_a_watched_sockets_traffic_and_stops_when_told():
    shim = script_text("workershim.js").replace(
        "__WSROUTE_CONFIG__", json.dumps({"relay": "ws://127.0.0.1:9/t", "kind": "shared worker"})
    )
    result = subprocess.run(["node", "-e", _NODE_WATCH % shim], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    frames = [decode(f if kind == "text" else bytes(f)) for kind, f in out["frames"]]
    watched = [(head.pop("op"), head.pop("id"), head, data) for head, data in frames
               if head["op"].startswith("watched_")]
    assert watched == [
        ("watched_open", 1, {}, None),
        ("watched_open", 2, {}, None),
        ("watched_sent", 1, {}, "hi"),
        ("watched_sent", 1, {}, b"\x01\x02\x03"),  # what was sent, not what the worker did after
        ("watched_received", 1, {}, b"\x09\x08"),
        ("watched_received", 1, {}, "text"),
        ("watched_close", 1, {"code": 4000, "reason": "done"}, None),
    ]
    # The worker's sockets work as without a watch: its frames reach its native sockets
    # (the fake keeps the worker's own array, which the worker changed after sending)...
    assert out["real"] == [["hi", [7, 2, 3]], ["b is no longer watched"], ["c is not watched"]]
    # ... and what their servers send reaches the worker's code, as it came.
    assert out["seen"] == [
        ["a", "open"], ["b", "open"], ["c", "open"],
        ["a", "message", [9, 8]], ["a", "message", "text"], ["b", "message", "nor this"],
        ["a", "close", 4000, "done"],
    ]
