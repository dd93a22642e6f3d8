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
