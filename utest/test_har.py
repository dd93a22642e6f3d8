"""HAR files: reading the WebSocket conversations of DevTools, Playwright and our HARs; writing."""

import base64
import json
import zipfile
from datetime import datetime

import pytest

from WsRouteLibrary.datatypes import EntryKind, Side
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.har import (
    SocketTraffic,
    build_har,
    parse_har,
    read_har,
    sockets_from_journal,
    write_har,
)
from WsRouteLibrary.model.journal import Entry
from WsRouteLibrary.model.urlpattern import UrlPattern

EPOCH = 1_790_000_000.0  # seconds since the epoch, in 2026


def ws_entry(url, messages, started="2026-09-21T12:53:20.000Z", **extra):
    return {
        "startedDateTime": started,
        "time": 10,
        "request": {"method": "GET", "url": url},
        "response": {"status": 101, "content": {"size": 0, "mimeType": "x-unknown"}},
        "_resourceType": "websocket",
        "_webSocketMessages": messages,
        **extra,
    }


def page_entry(url, kind="document"):
    return {"request": {"method": "GET", "url": url}, "response": {"status": 200},
            "_resourceType": kind}


def har(*entries, creator="Test"):
    return {"log": {"version": "1.2", "creator": {"name": creator, "version": "1"},
                    "entries": list(entries)}}


def message(kind, data, time=EPOCH, opcode=1):
    return {"type": kind, "time": time, "opcode": opcode, "data": data}


def save(tmp_path, document, name="x.har"):
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return str(path)


# ---------------------------------------------------------------- reading


def test_devtools_har_seconds_and_binary_frames(tmp_path):
    document = har(
        page_entry("http://127.0.0.1:1/"),
        page_entry("http://127.0.0.1:1/logo.png", "image"),
        ws_entry("ws://127.0.0.1:1/feed", [
            message("receive", "hello", EPOCH + 0.5),
            message("send", "AAEC/w==", EPOCH + 1, opcode=2),
            message("receive", "ok", EPOCH + 1.25),
        ]),
        page_entry("http://127.0.0.1:1/api", "xhr"),
    )
    recording = read_har(save(tmp_path, document))
    [conversation] = recording.conversations
    assert conversation.number == 1
    assert conversation.url == "ws://127.0.0.1:1/feed"
    assert [(m.number, m.sent, m.payload) for m in conversation.messages] == [
        (1, False, "hello"), (2, True, b"\x00\x01\x02\xff"), (3, False, "ok")]
    assert [m.time for m in conversation.messages] == [EPOCH + 0.5, EPOCH + 1, EPOCH + 1.25]
    assert conversation.started == datetime.fromisoformat("2026-09-21T12:53:20+00:00").timestamp()
    assert recording.creator == "Test"


def test_playwright_milliseconds_become_seconds(tmp_path):
    document = har(ws_entry("ws://h/a", [message("send", "hi", EPOCH * 1000 + 250),
                                         message("receive", "yo", EPOCH * 1000 + 750)]))
    [conversation] = read_har(save(tmp_path, document)).conversations
    assert [m.time for m in conversation.messages] == [EPOCH + 0.25, EPOCH + 0.75]


def test_conversations_in_file_order_numbered_among_websockets(tmp_path):
    document = har(page_entry("http://h/"), ws_entry("ws://h/a", []),
                   page_entry("http://h/x.js", "script"), ws_entry("wss://h/b", []),
                   ws_entry("ws://h/a", [message("send", "again")]))
    recording = read_har(save(tmp_path, document))
    assert [(c.number, c.url) for c in recording.conversations] == [
        (1, "ws://h/a"), (2, "wss://h/b"), (3, "ws://h/a")]


def test_entry_without_resource_type_counts_by_its_ws_url(tmp_path):
    entry = ws_entry("ws://h/a", [message("send", "x")])
    del entry["_resourceType"]
    plain = {"request": {"url": "wss://h/plain"}, "response": {}}
    recording = read_har(save(tmp_path, har(entry, plain)))
    assert recording.urls() == ["ws://h/a", "wss://h/plain"]


def test_control_frames_are_skipped_and_missing_fields_tolerated(tmp_path):
    document = har(ws_entry("ws://h/a", [
        {"type": "send", "data": "no time, no opcode"},
        message("receive", "", opcode=9),
        {"type": "receive", "time": EPOCH, "opcode": 8, "data": "", "code": 1000},
        message("receive", "last"),
    ]))
    [conversation] = read_har(save(tmp_path, document)).conversations
    assert [(m.number, m.payload, m.time) for m in conversation.messages] == [
        (1, "no time, no opcode", None), (2, "last", EPOCH)]


def test_playwright_attached_messages_are_read_from_beside_the_har(tmp_path):
    entry = ws_entry("ws://h/a", None)
    del entry["_webSocketMessages"]
    entry["response"]["content"] = {"size": -1, "mimeType": "x-unknown", "_file": "abc.jsonl"}
    lines = [message("send", "hello", EPOCH * 1000), message("receive", "AQI=", opcode=2)]
    (tmp_path / "abc.jsonl").write_text("\n".join(json.dumps(m) for m in lines) + "\n")
    [conversation] = read_har(save(tmp_path, har(entry))).conversations
    assert [m.payload for m in conversation.messages] == ["hello", b"\x01\x02"]


def test_playwright_zip_har_with_attachments(tmp_path):
    entry = ws_entry("ws://h/a", None)
    del entry["_webSocketMessages"]
    entry["response"]["content"] = {"size": -1, "mimeType": "x-unknown", "_file": "m.jsonl"}
    path = tmp_path / "rec.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("har.har", json.dumps(har(entry)))
        archive.writestr("m.jsonl", json.dumps(message("send", "zipped")) + "\n")
    [conversation] = read_har(path).conversations
    assert [m.payload for m in conversation.messages] == ["zipped"]


def test_har_without_content_says_how_to_record_it(tmp_path):
    entry = ws_entry("ws://h/a", None)
    del entry["_webSocketMessages"]
    path = save(tmp_path, har(entry))
    with pytest.raises(InvalidInputError) as error:
        read_har(path)
    assert str(error.value) == (
        f"HAR file '{path}' holds WebSocket entries (ws://h/a) but no messages: it was recorded "
        "without content (Playwright's record_har_content='omit', or 'attach' with the attached "
        "files missing). Record with record_har_content='embed', or keep the files Playwright "
        "attached beside the HAR.")


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "is not JSON: Expecting property name enclosed in double quotes: line 1 "
                  "column 2 (char 1). A HAR file is JSON with a 'log' object, as browsers and "
                  "Playwright write it."),
    ("[1, 2]", "is JSON but no HAR: it has no 'log' object with a list of 'entries'. Give a "
               "HAR file as browsers, Playwright or 'Save WebSocket Traffic' write it."),
    ('{"log": {"entries": {}}}', "is JSON but no HAR"),
    (json.dumps(har(page_entry("http://h/"), page_entry("http://h/i.png", "image"))),
     "holds no WebSocket entries (2 entries: document, image). Record it while the page's "
     "WebSockets are open: 'Save WebSocket Traffic', Playwright's record_har_path with "
     "record_har_content='embed', or DevTools' 'Save all as HAR with content'."),
    (json.dumps(har()), "holds no WebSocket entries (no entries)."),
])
def test_bad_files_fail_naming_the_file_and_problem(tmp_path, content, problem):
    path = save(tmp_path, content)
    with pytest.raises(InvalidInputError) as error:
        read_har(path)
    assert str(error.value).startswith(f"HAR file '{path}' {problem}")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InvalidInputError, match=r"^HAR file '.*nope.har' does not exist "
                       r"\(looked for /.*nope.har\)\. Give the path of a HAR file"):
        read_har(tmp_path / "nope.har")
    with pytest.raises(InvalidInputError, match=r"is a folder\. Give the path of a HAR file\.$"):
        read_har(tmp_path)


@pytest.mark.parametrize(("bad", "problem"), [
    (message("send", "not base64!", opcode=2),
     "message 2 is a binary frame (opcode 2) whose data 'not base64!' is not valid base64"),
    ({"type": "sent", "data": "x"},
     "message 2 has type 'sent' at entries[1]._webSocketMessages[1].type; a WebSocket "
     "message's type is 'send' (sent by the page) or 'receive' (received by the page)."),
    (message("send", "x", opcode=5),
     "message 2 has opcode 5 at entries[1]._webSocketMessages[1].opcode; a message is a text "
     "frame (opcode 1) or a binary frame (opcode 2)."),
    ({"type": "send", "data": 42},
     "message 2 has data 42 at entries[1]._webSocketMessages[1].data; a message's data is "
     "text: the message itself, or base64 for a binary frame (opcode 2)."),
    ("text", "message 2 at entries[1]._webSocketMessages[1] is 'text', not an object such as "
             '{"type": "send", "time": 1790000000.5, "opcode": 1, "data": "hello"}.'),
])
def test_unreadable_messages_name_file_entry_and_message(tmp_path, bad, problem):
    path = save(tmp_path, har(page_entry("http://h/"),
                              ws_entry("ws://h/a", [message("send", "ok"), bad])))
    with pytest.raises(InvalidInputError) as error:
        read_har(path)
    where = f"HAR file '{path}', WebSocket entry 1 (ws://h/a)"
    assert str(error.value).startswith(f"{where}: {problem}")


def test_select_lists_the_socket_urls_held(tmp_path):
    document = har(ws_entry("ws://h/a", []), ws_entry("ws://h/a", []), ws_entry("ws://h/b", []))
    recording = parse_har(document, "x.har")
    chosen = recording.select(UrlPattern("**/b").matches, "**/b", "socket_url")
    assert [c.number for c in chosen] == [3]
    with pytest.raises(InvalidInputError) as error:
        recording.select(UrlPattern("**/chat").matches, "**/chat", "the route's pattern")
    assert str(error.value) == (
        "HAR file 'x.har' holds no WebSocket conversation matching '**/chat' (the route's "
        "pattern). Its WebSockets: ws://h/a (2 times), ws://h/b. Give socket_url, a glob such "
        "as '**/chat', to choose among them.")


# ---------------------------------------------------------------- writing


def test_written_har_has_what_devtools_import_requires():
    """The fields Chrome DevTools' HAR import reads as required, with their types."""
    sockets = [SocketTraffic(1, "ws://h/a", 10.0, 12.5, True,
                             [(True, "hi", 10.5), (False, b"\x00\xff", 11.0)])]
    document = json.loads(json.dumps(build_har(sockets, EPOCH, "WsRouteLibrary", "9.9")))
    log = document["log"]
    assert log["version"] == "1.2"
    assert log["creator"] == {"name": "WsRouteLibrary", "version": "9.9"}
    assert isinstance(log["pages"], list)
    [entry] = log["entries"]
    assert datetime.fromisoformat(entry["startedDateTime"].replace("Z", "+00:00")).timestamp() \
        == EPOCH + 10
    assert entry["time"] == 2500
    request, response = entry["request"], entry["response"]
    for key, kind in [("method", str), ("url", str), ("httpVersion", str), ("headersSize", int),
                      ("bodySize", int), ("cookies", list), ("headers", list),
                      ("queryString", list)]:
        assert isinstance(request[key], kind), key
    for key, kind in [("status", int), ("statusText", str), ("httpVersion", str),
                      ("redirectURL", str), ("headersSize", int), ("bodySize", int),
                      ("cookies", list), ("headers", list)]:
        assert isinstance(response[key], kind), key
    assert isinstance(response["content"]["size"], int)
    assert isinstance(response["content"]["mimeType"], str)
    assert all(isinstance(entry["timings"][k], (int, float)) for k in ("send", "wait", "receive"))
    assert entry["cache"] == {}
    assert entry["_resourceType"] == "websocket"
    assert entry["_webSocketMessages"] == [
        {"type": "send", "time": EPOCH + 10.5, "opcode": 1, "data": "hi"},
        {"type": "receive", "time": EPOCH + 11, "opcode": 2,
         "data": base64.b64encode(b"\x00\xff").decode()},
    ]
    assert "mocked" in entry["comment"]


def test_written_har_reads_back(tmp_path):
    sockets = [
        SocketTraffic(1, "ws://h/a", 1.0, None, False, [(False, "welcome", 1.1),
                                                        (True, "ping", 1.2),
                                                        (False, b"\x01", 1.3)]),
        SocketTraffic(2, "ws://h/b", 2.0, 3.0, True, []),
    ]
    path = write_har(tmp_path / "new" / "folder" / "t.har", build_har(sockets, EPOCH, "W", "1"))
    assert path.exists()
    recording = read_har(path)
    assert recording.urls() == ["ws://h/a", "ws://h/b"]
    first = recording.conversations[0]
    assert [(m.sent, m.payload) for m in first.messages] == [
        (False, "welcome"), (True, "ping"), (False, b"\x01")]
    assert first.messages[1].time == pytest.approx(EPOCH + 1.2)
    assert first.started == pytest.approx(EPOCH + 1.0, abs=0.001)
    assert "comment" not in json.loads(path.read_text())["log"]["entries"][0]


def test_write_to_a_folder_fails(tmp_path):
    with pytest.raises(InvalidInputError, match="it is a folder. Give a file name"):
        write_har(tmp_path, build_har([], EPOCH, "W", "1"))


def test_sockets_from_journal_keep_what_the_page_saw():
    def entry(number, kind, payload=None, note="", sender=None, receiver=None):
        return Entry(number, f"ws://h/{number}", kind, payload, note, None, sender, receiver)

    page, server = Side.page, Side.server
    entries = [  # as the road records them: who sent each, and who it was for
        entry(2, EntryKind.open, None, "mocked"),
        entry(1, EntryKind.open, None, "connected to server", page, server),
        entry(1, EntryKind.sent, "ping", "forwarded to server", page, server),
        entry(1, EntryKind.received, "pong", "from server", server, page),
        entry(2, EntryKind.sent, "hi", "rule 1: Reply When Sent 'hi'"),
        entry(2, EntryKind.received, "yo", "rule 1: Reply When Sent 'hi'"),
        entry(2, EntryKind.blocked, "lost", "rule 2: Drop When Received"),
        entry(2, EntryKind.to_server, "upstream", "Send To Server"),
        entry(2, EntryKind.close, (1000, ""), "closed by page"),
    ]
    first, second = sockets_from_journal(entries)
    assert (first.number, first.url, first.mocked) == (1, "ws://h/1", False)
    assert [(s, p) for s, p, _ in first.messages] == [(True, "ping"), (False, "pong")]
    assert (second.number, second.mocked) == (2, True)
    assert [(s, p) for s, p, _ in second.messages] == [(True, "hi"), (False, "yo")]
    assert second.opened == entries[0].time and second.closed == entries[-1].time
