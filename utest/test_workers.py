"""The pure parts of worker sockets: the relay's frames (Python and the shim's JavaScript
parser agree), the script prefix, the Chromium arguments and the log's worker names."""

import json
import shutil
import subprocess

import pytest

from WsRouteLibrary.engine.relayframes import RelayFrameError, decode, encode
from WsRouteLibrary.engine.workers import chromium_args, prefixed, script_text
from WsRouteLibrary.model.hints import Miss, SeenSocket
from WsRouteLibrary.model.journal import Entry, EntryKind
from WsRouteLibrary.model.openers import shown


def test_text_frame_round_trip():
    frame = encode("send", 3, "héllo")
    assert isinstance(frame, str)
    assert decode(frame) == ({"op": "send", "id": 3}, "héllo")


def test_binary_frame_round_trip_keeps_bytes_and_fields():
    frame = encode("server_message", 7, b"\x00\xff{", code=1000)
    assert isinstance(frame, bytes)
    assert decode(frame) == ({"op": "server_message", "id": 7, "code": 1000}, b"\x00\xff{")


def test_frame_without_payload():
    assert decode(encode("opened", 1)) == ({"op": "opened", "id": 1}, None)


def test_hello_needs_no_id():
    assert decode('{"op":"hello","kind":"dedicated worker"}')[0]["kind"] == "dedicated worker"


@pytest.mark.parametrize("frame", [
    "not json", "[1]", '{"id":1}', '{"op":"send"}', '{"op":"send","id":1,"data":5}',
    b"\x00\x00", b"\x00\x00\x00\x09{}", b"\x00\x00\x00\x02\xff\xfe",
])
def test_malformed_frames_are_refused(frame):
    with pytest.raises(RelayFrameError):
        decode(frame)


_NODE_CHECK = """
globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};
Object.setPrototypeOf(globalThis, WorkerGlobalScope.prototype);
globalThis.location = new URL('http://127.0.0.1/w.js');
globalThis.WebSocket = globalThis.WebSocket || function WebSocket() {};
%s
const input = JSON.parse(process.argv[1]);
const out = input.map(([kind, value]) => {
  const frame = kind === 'text' ? value : new Uint8Array(value).buffer;
  const parsed = __wsrouteParseFrame(frame);
  const data = parsed.data instanceof ArrayBuffer ? Array.from(new Uint8Array(parsed.data))
    : parsed.data;
  return [parsed.head.op, parsed.head.id, data];
});
const encoded = __wsrouteEncodeFrame({op: 'send', id: 9}, new Uint8Array([1, 2]).buffer);
out.push(Array.from(new Uint8Array(encoded)));
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_shim_parses_what_the_relay_writes_and_writes_what_it_parses():
    shim = script_text("workershim.js").replace(
        "__WSROUTE_CONFIG__", json.dumps({"relay": "ws://127.0.0.1:9/t", "test": True})
    )
    frames = [encode("message", 1, "hi"), encode("message", 2, b"\x01\x02"), encode("opened", 3)]
    given = [["text", f] if isinstance(f, str) else ["bytes", list(f)] for f in frames]
    result = subprocess.run(["node", "-e", _NODE_CHECK % shim, json.dumps(given)],
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    *parsed, encoded = json.loads(result.stdout)
    assert parsed == [["message", 1, "hi"], ["message", 2, [1, 2]], ["opened", 3, None]]
    assert decode(bytes(encoded)) == ({"op": "send", "id": 9}, b"\x01\x02")


def test_shim_is_one_line_and_has_no_line_comments():
    for name in ("workershim.js", "workermark.js"):
        text = script_text(name)
        assert "\n" not in text
        assert "//" not in text.replace("://", "")


def test_prefix_goes_first():
    assert prefixed("S;", b"postMessage(1);") == b"S;postMessage(1);"


def test_prefix_goes_after_use_strict_and_a_byte_order_mark():
    script = b"\xef\xbb\xbf// head\n'use strict';\nlet a = 1;"
    assert prefixed("S;", script) == b"\xef\xbb\xbf// head\n'use strict';S;\nlet a = 1;"
    assert prefixed("S;", b'"use strict"\nx') == b'"use strict"S;\nx'


def test_chromium_args_keep_the_tests_disabled_features():
    assert chromium_args([]) == ["--disable-features=LocalNetworkAccessChecks"]
    assert chromium_args(["--mute-audio", "--disable-features=Foo"]) == [
        "--mute-audio", "--disable-features=Foo,LocalNetworkAccessChecks"]


def test_log_names_the_worker_and_the_url_stays_the_url():
    worker = "shared worker http://h/w.js"
    entry = Entry(1, "ws://h/feed", EntryKind.open, None, "mocked", None, opener=worker)
    assert entry.url == "ws://h/feed" and type(entry.url) is str
    assert shown(entry.url, entry.opener) == "ws://h/feed (in shared worker http://h/w.js)"
    assert shown("ws://h/feed") == "ws://h/feed"
    assert Entry(2, "ws://h/feed", EntryKind.open, None, "mocked", None).opener == ""


def test_a_hint_names_the_worker_of_a_missed_socket():
    missed = SeenSocket("ws://h/feed", 1.0, opener="service worker http://h/sw.js")
    assert Miss(missed, None).describe() == "ws://h/feed (in service worker http://h/sw.js)"
    assert Miss(SeenSocket("ws://h/feed", 1.0), None).describe() == "ws://h/feed"


def _workers():
    from WsRouteLibrary.engine.workers import Workers
    told = []
    workers = Workers(lambda *a: None, lambda *a: False)
    workers.on_unroutable = lambda *a, surely=True: told.append(a if surely else (*a, False))
    return workers, told


def test_a_data_worker_is_not_routed_and_is_told():
    import asyncio
    workers, told = _workers()
    asyncio.run(workers.mark("dedicated worker", "data:text/javascript,postMessage(1)"))
    assert workers.marks == {}
    [(kind, url, why)] = told
    assert (kind, url) == ("dedicated worker", "data:text/javascript,postMessage(1)")
    assert "opaque origin" in why and "blob:" in why


def test_a_controlling_service_worker_is_told_unless_the_library_served_it():
    import asyncio
    workers, told = _workers()
    workers.served.add("http://h/sw.js")
    asyncio.run(workers.mark("controlling service worker", "http://h/sw.js"))
    assert told == []
    asyncio.run(workers.mark("controlling service worker", "http://h/old.js"))
    [(kind, url, why)] = told
    assert (kind, url) == ("service worker", "http://h/old.js") and "fresh profile" in why
    assert workers.marks == {}  # told, not routed: it keeps its script


def test_script_urls_are_still_marked_and_other_schemes_ignored():
    import asyncio
    workers, told = _workers()
    asyncio.run(workers.mark("dedicated worker", "http://h/w.js"))
    asyncio.run(workers.mark("dedicated worker", "blob:http://h/1234"))
    asyncio.run(workers.mark("no such kind", "data:,x"))
    assert workers.marks == {"http://h/w.js": "dedicated worker"} and told == []


def test_a_service_worker_of_an_attached_browser_is_told_it_may_not_be_routed():
    import asyncio
    workers, told = _workers()
    asyncio.run(workers.mark("service worker", "http://h/sw.js"))
    assert told == []  # the library's own browser: routed
    workers.attached = lambda: True
    asyncio.run(workers.mark("service worker", "http://h/sw.js"))
    asyncio.run(workers.mark("shared worker", "http://h/w.js"))
    [(kind, url, why, surely)] = told
    assert (kind, url, surely) == ("service worker", "http://h/sw.js", False)
    assert "--disable-features=LocalNetworkAccessChecks" in why
    assert workers.marks == {"http://h/sw.js": "service worker", "http://h/w.js": "shared worker"}


def test_a_service_worker_is_not_told_once_one_reached_the_relay():
    import asyncio
    workers, told = _workers()
    workers.attached = lambda: True
    workers.relay._handle(_link(), {"op": "hello", "kind": "service worker"}, None)
    asyncio.run(workers.mark("service worker", "http://h/sw.js"))
    assert told == []
    workers.relay.forget_kinds()  # another browser attached
    asyncio.run(workers.mark("service worker", "http://h/sw.js"))
    assert len(told) == 1


def _link():
    from WsRouteLibrary.engine.relay import WorkerLink
    return WorkerLink.__new__(WorkerLink)


def test_the_maybe_note_says_where_the_sockets_go():
    from WsRouteLibrary.engine.workers import unroutable_note
    note = unroutable_note("service worker", "http://h/sw.js", "why", surely=False)
    assert note == ("The sockets of the service worker 'http://h/sw.js' may not be routed: "
                    "where not, they reach their servers as without the library: why.")


def test_the_unroutable_note_names_kind_and_url_shortened_and_escaped():
    from WsRouteLibrary.engine.workers import unroutable_note
    note = unroutable_note("dedicated worker", "data:," + "x" * 500, "why")
    assert note.startswith("The sockets of the dedicated worker 'data:,xxx")
    assert "x" * 130 not in note and "...'" in note and note.endswith(": why.")
    assert "\\n" in unroutable_note("dedicated worker", "data:,a\nb", "why")


def test_unroutable_is_said_once_per_test_and_worker():
    from types import SimpleNamespace

    from WsRouteLibrary.engine.workers import Unroutable
    watcher = SimpleNamespace(notes=[])
    owner = SimpleNamespace(name="test 1")
    tell = Unroutable(watcher, lambda: owner)
    tell("dedicated worker", "data:,a", "why")
    tell("dedicated worker", "data:,a", "why")
    tell("dedicated worker", "data:,b", "why")
    assert [who for who, _ in watcher.notes] == [owner, owner]
    owner = SimpleNamespace(name="test 2")
    tell("dedicated worker", "data:,a", "why")
    assert len(watcher.notes) == 3
    for n in range(20):
        tell("dedicated worker", f"data:,{n}", "why")
    mine = [note for who, note in watcher.notes if who is owner]
    assert len(mine) == 11 and mine[-1].endswith("the log names the first 10 of each test.")


_NODE_NESTED = r"""
const vm = require('vm');
const {resolveObjectURL} = require('buffer');
const SHIM = process.argv[1];
const log = [];
function scope(href, blobs) {
  const context = {URL, Blob, TextEncoder, TextDecoder, Map, WeakMap, Set, Promise, JSON, Proxy,
    Reflect, DOMException: Error, EventTarget, Event, Array, Object, String, Error};
  context.self = context;
  context.location = new URL(href);
  context.origin = context.location.origin;
  context.WebSocket = function WebSocket() {};
  context.importScripts = function () { log.push(['importScripts', Array.from(arguments)]); };
  context.fetch = function (input) { log.push(['fetch', String(input)]); };
  context.XMLHttpRequest = function () {};
  context.XMLHttpRequest.prototype.open = function (method, url) {
    this.url = url; log.push(['open', url]);
  };
  context.XMLHttpRequest.prototype.send = function () {
    this.status = 200; this.responseText = blobs[this.url] || '';
  };
  context.Worker = function Worker(url, options) {
    const blob = String(url).startsWith('blob:') ? resolveObjectURL(url) : null;
    log.push(['Worker', String(url), options || null, blob]);
  };
  vm.createContext(context);
  vm.runInContext('self = globalThis; WorkerGlobalScope = function WorkerGlobalScope() {};' +
    'Object.setPrototypeOf(globalThis, WorkerGlobalScope.prototype);', context);
  return context;
}
(async () => {
  const outer = scope('http://h:1/dir/outer.js', {'blob:http://h:1/given': 'postMessage(2);'});
  const config = '{"relay":"ws://127.0.0.1:9/t","kind":"dedicated worker"}';
  vm.runInContext(SHIM.replace('__WSROUTE_CONFIG__', config), outer);
  vm.runInContext("new Worker('inner.js', {name: 'n'});" +
    "new Worker('inner.mjs', {type: 'module'});" +
    "new Worker('blob:http://h:1/given'); new Worker('data:text/javascript,1');" +
    "new Worker('http://elsewhere/x.js');", outer);
  const out = [];
  for (const entry of log.splice(0)) {
    if (entry[0] === 'Worker') {
      out.push(['Worker', entry[1].startsWith('blob:') ? 'blob' : entry[1], entry[2],
                entry[3] ? await entry[3].text() : null]);
    } else { out.push(entry); }
  }
  const nested = scope('blob:http://h:1/uuid', {});
  const first = out[0][3];
  vm.runInContext(first.slice(0, first.lastIndexOf('importScripts(')), nested);
  vm.runInContext("importScripts('lib.js', 'http://h:1/abs.js'); fetch('data.json');" +
    "var x = new XMLHttpRequest(); x.open('GET', '../up.txt');" +
    "log = [String(self.location), location.href, location.pathname];", nested);
  out.push(log.splice(0), nested.log);
  console.log(JSON.stringify(out));
})();
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_shim_starts_nested_workers_from_a_blob_with_itself_first():
    shim = script_text("workershim.js")
    result = subprocess.run(["node", "-e", _NODE_NESTED, shim], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    classic, module, read, blob, data_mark, data, elsewhere, nested_calls, where = json.loads(
        result.stdout)
    config = ('({"relay":"ws://127.0.0.1:9/t","kind":"dedicated worker",'
              '"script":"http://h:1/dir/inner.js","base":"http://h:1/dir/inner.js"});')
    assert classic[:3] == ["Worker", "blob", {"name": "n"}]
    assert classic[3].startswith("(function wsrouteShim(CONFIG) {")
    assert classic[3].endswith(config + 'importScripts("http://h:1/dir/inner.js");')
    assert module[2] == {"type": "module"}
    # a module worker imports the shim (a blob of its own), then its script
    assert module[3].startswith('import "blob:') and module[3].endswith(
        '; import "http://h:1/dir/inner.mjs"; URL.revokeObjectURL("' + module[3][8:].split('"')[0]
        + '");')
    # a blob: script is read and copied (the copy revoked once loaded), and has no base
    assert read == ["open", "blob:http://h:1/given"]
    assert blob[:2] == ["Worker", "blob"] and '"base"' not in blob[3]
    assert '"script":"blob:http://h:1/given"});try { importScripts("blob:' in blob[3]
    # a data: worker is named to the relay and started as it was; so is a cross-origin one
    assert data_mark[0] == "open"
    assert "/mark?kind=dedicated%20worker&url=data%3Atext" in data_mark[1]
    assert data == ["Worker", "data:text/javascript,1", None, None]
    assert elsewhere == ["Worker", "http://elsewhere/x.js", None, None]
    # in the nested worker, relative URLs and location mean its own script
    assert nested_calls == [
        ["importScripts", ["http://h:1/dir/lib.js", "http://h:1/abs.js"]],
        ["fetch", "http://h:1/dir/data.json"], ["open", "http://h:1/up.txt"]]
    assert where == ["http://h:1/dir/inner.js", "http://h:1/dir/inner.js", "/dir/inner.js"]


def test_a_mark_that_failed_is_told_unless_the_script_is_routed_already():
    from types import SimpleNamespace
    from urllib.parse import quote as q

    workers, told = _workers()
    workers._address = "ws://127.0.0.1:5/TOKEN"
    mark = "http://127.0.0.1:5/TOKEN/mark?kind=dedicated%20worker&url="
    workers.marks["http://h/old.js"] = "dedicated worker"
    for url, failure in (("http://h/w.js", "csp"), ("http://h/old.js", "csp"),
                         ("blob:http://h/1", None)):
        workers._mark_failed(SimpleNamespace(url=mark + q(url, safe=""), failure=failure))
    workers._mark_failed(SimpleNamespace(url="http://127.0.0.1:5/other/mark?kind=x", failure="x"))
    workers._mark_failed(SimpleNamespace(
        url="http://127.0.0.1:5/TOKEN/mark?kind=controlling%20service%20worker&url=http%3A%2F%2Fh"
            "%2Fsw.js", failure="net::ERR_CONNECTION_REFUSED"))
    assert [(kind, url) for kind, url, _ in told] == [
        ("dedicated worker", "http://h/w.js"), ("dedicated worker", "blob:http://h/1"),
        ("service worker", "http://h/sw.js")]
    assert "(csp): a Content-Security-Policy whose connect-src" in told[0][2]
    assert "(failed)" in told[1][2] and "(net::ERR_CONNECTION_REFUSED)" in told[2][2]
