"""Hostile HAR files and targets: each fails at once naming the file, the place in it and the fix.

Never a raw TypeError, BadZipFile, RecursionError, UnicodeDecodeError,
PermissionError, FileExistsError or ValueError.
"""

import json
import os
import zipfile

import pytest

from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.har import build_har, read_har, write_har

EPOCH = 1_790_000_000.0
WS = "ws://h/a"


def ws_entry(messages, url=WS, **extra):
    entry = {"startedDateTime": "2026-09-21T12:53:20.000Z", "time": 10,
             "request": {"method": "GET", "url": url},
             "response": {"status": 101, "content": {"size": 0, "mimeType": "x-unknown"}},
             "_resourceType": "websocket", "_webSocketMessages": messages}
    entry.update(extra)
    return entry


def har(*entries):
    return {"log": {"version": "1.2", "creator": {"name": "T", "version": "1"},
                    "entries": list(entries)}}


def message(**fields):
    return {"type": "send", "time": EPOCH, "opcode": 1, "data": "hi", **fields}


def save(tmp_path, content, name="x.har"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def failure(path):
    with pytest.raises(InvalidInputError) as error:
        read_har(path)
    return str(error.value)


WHERE = f"WebSocket entry 1 ({WS}): message 2 has"
PLACE = "at entries[0]._webSocketMessages[1]"
TYPE = ("; a WebSocket message's type is 'send' (sent by the page) or 'receive' (received "
        "by the page).")
OPCODE = "; a message is a text frame (opcode 1) or a binary frame (opcode 2)."
DATA = ("; a message's data is text: the message itself, or base64 for a binary frame "
        "(opcode 2).")
TIME = ("; a message's time is seconds (DevTools) or milliseconds (Playwright) since the "
        "epoch: a finite number, not negative, before the year 10000.")


@pytest.mark.parametrize(("fields", "problem"), [
    ({"opcode": [1]}, f"opcode [1] (a list) {PLACE}.opcode{OPCODE}"),
    ({"opcode": {"a": 1}}, f'opcode {{"a": 1}} (an object) {PLACE}.opcode{OPCODE}'),
    ({"opcode": True}, f"opcode true {PLACE}.opcode{OPCODE}"),
    ({"opcode": "1"}, f"opcode '1' {PLACE}.opcode{OPCODE}"),
    ({"opcode": 1.5}, f"opcode 1.5 {PLACE}.opcode{OPCODE}"),
    ({"opcode": 5}, f"opcode 5 {PLACE}.opcode{OPCODE}"),
    ({"opcode": None}, f"opcode null {PLACE}.opcode{OPCODE}"),
    ({"type": ["send"]}, f'type ["send"] (a list) {PLACE}.type{TYPE}'),
    ({"type": "sent"}, f"type 'sent' {PLACE}.type{TYPE}"),
    ({"type": None}, f"type null {PLACE}.type{TYPE}"),
    ({"data": 42}, f"data 42 {PLACE}.data{DATA}"),
    ({"data": ["x"]}, f'data ["x"] (a list) {PLACE}.data{DATA}'),
    ({"data": None}, f"data null {PLACE}.data{DATA}"),
    ({"time": "12:00"}, f"time '12:00' {PLACE}.time{TIME}"),
    ({"time": True}, f"time true {PLACE}.time{TIME}"),
    ({"time": -1}, f"time -1 {PLACE}.time{TIME}"),
    ({"time": 1e300}, f"time 1e+300 {PLACE}.time{TIME}"),
    ({"time": [EPOCH]}, f"time [1790000000.0] (a list) {PLACE}.time{TIME}"),
])
def test_wrongly_typed_message_fields_name_the_place(tmp_path, fields, problem):
    path = save(tmp_path, har(ws_entry([message(), message(**fields)])))
    assert failure(path) == f"HAR file '{path}', {WHERE} {problem}"


@pytest.mark.parametrize(("text", "shown"), [
    ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("NaN", "NaN"), ("1e999", "Infinity"),
    ("1" * 5000, "a number of 5000 digits"),
])
def test_times_json_cannot_hold_fail_the_load(tmp_path, text, shown):
    first = json.dumps(message())
    document = (f'{{"log": {{"entries": [{json.dumps(ws_entry([]))[:-3]}'
                f'[{first}, {{"type": "receive", "time": {text}, "data": "x"}}]}}]}}}}')
    path = save(tmp_path, document)
    assert failure(path) == f"HAR file '{path}', {WHERE} time {shown} {PLACE}.time{TIME}"


def test_missing_fields_say_what_is_missing(tmp_path):
    path = save(tmp_path, har(ws_entry([message(), {"time": EPOCH, "data": "x"}])))
    assert failure(path) == f"HAR file '{path}', {WHERE} no type {PLACE}.type{TYPE}"
    path = save(tmp_path, har(ws_entry([message(), {"type": "send"}])))
    assert failure(path) == f"HAR file '{path}', {WHERE} no data {PLACE}.data{DATA}"


def test_a_message_that_is_no_object(tmp_path):
    path = save(tmp_path, har(ws_entry([message(), ["send", "hi"]])))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): message 2 {PLACE} is "
        '["send", "hi"] (a list), not an object such as {"type": "send", "time": 1790000000.5, '
        '"opcode": 1, "data": "hello"}.')


@pytest.mark.parametrize(("document", "problem"), [
    ({"log": {"entries": {}}}, "its log.entries is {} (an object), not a list of entries"),
    ({"log": {"entries": "x"}}, "its log.entries is 'x', not a list of entries"),
    ({"log": []}, "its log is [] (a list), not an object with a list of 'entries'"),
])
def test_entries_that_are_no_list(tmp_path, document, problem):
    path = save(tmp_path, document)
    assert failure(path) == (
        f"HAR file '{path}' is JSON but no HAR: {problem}. Give a HAR file as browsers, "
        "Playwright or 'Save WebSocket Traffic' write it.")


def test_an_entry_that_is_no_object(tmp_path):
    path = save(tmp_path, har(ws_entry([]), "entry"))
    assert failure(path) == (
        f"HAR file '{path}': entries[1] is 'entry', not an object. Each entry of a HAR is an "
        "object with a request and a response, as browsers and Playwright write them.")


URL = ("; a WebSocket entry's request.url is the socket's URL, e.g. 'ws://127.0.0.1:8000/chat'.")


@pytest.mark.parametrize(("change", "problem"), [
    ({"request": {"method": "GET"}}, "entries[0].request.url is missing"),
    ({"request": {"url": 5}}, "entries[0].request.url is 5, not text"),
    ({"request": {"url": ["ws://h/a"]}}, 'entries[0].request.url is ["ws://h/a"] (a list), '
                                          "not text"),
    ({"request": {"url": ""}}, "entries[0].request.url is empty"),
    ({"request": "ws://h/a"}, "entries[0].request is 'ws://h/a', not an object"),
    ({"request": None}, "entries[0].request is null, not an object"),
])
def test_websocket_entry_without_a_usable_url(tmp_path, change, problem):
    entry = ws_entry([message()])
    entry.update(change)
    path = save(tmp_path, har(entry))
    assert failure(path) == f"HAR file '{path}', WebSocket entry 1: {problem}{URL}"


def test_web_socket_messages_that_are_no_list(tmp_path):
    path = save(tmp_path, har(ws_entry({"0": message()})))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): entries[0]._webSocketMessages is "
        '{"0": {"type": "send", "time": 179000000 ... (an object), not a list of messages.')


@pytest.mark.parametrize(("started", "shown"), [
    (5, "5"), ("yesterday", "'yesterday'"), ("2026-13-01T00:00:00Z", "'2026-13-01T00:00:00Z'"),
    (["2026"], '["2026"] (a list)'),
])
def test_started_date_time_that_is_no_date(tmp_path, started, shown):
    path = save(tmp_path, har(ws_entry([message()], startedDateTime=started)))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): entries[0].startedDateTime is {shown}, "
        "not a date and time such as '2026-01-02T03:04:05.000Z' (ISO 8601).")


# ------------------------------------------------------------ the JSON


def test_json_nested_100000_deep(tmp_path):
    path = save(tmp_path, '{"log": {"entries": ' + "[" * 100_000 + "]" * 100_000 + "}}")
    assert failure(path) == (
        f"HAR file '{path}' nests arrays and objects 100002 levels deep (the deepest at line 1, "
        "column 100020), deeper than the library reads; a HAR nests about 6. Give a HAR file "
        "as browsers, Playwright or 'Save WebSocket Traffic' write it.")


def test_huge_numbers_where_the_library_does_not_look_are_left_alone(tmp_path):
    entry = ws_entry([message()])
    text = json.dumps(har(entry)).replace('"time": 10', '"time": ' + "9" * 5000)
    [conversation] = read_har(save(tmp_path, text)).conversations
    assert conversation.messages[0].payload == "hi"


def test_huge_opcode(tmp_path):
    text = json.dumps(har(ws_entry([message(), message(opcode=7)]))).replace(
        '"opcode": 7', '"opcode": ' + "1" * 5000)
    path = save(tmp_path, text)
    assert failure(path) == (
        f"HAR file '{path}', {WHERE} opcode a number of 5000 digits {PLACE}.opcode{OPCODE}")


@pytest.mark.parametrize(("content", "problem"), [
    (b'{"log": \xff}', "is not UTF-8 text: byte 0xff at offset 8 is not UTF-8 (invalid start "
                       "byte). A HAR file is UTF-8 JSON, as browsers and Playwright write it."),
    (b'{"log": {"entries": [\xe2\x82', "is not UTF-8 text: bytes 0xe2 0x82 at offset 21 are "
                                       "not UTF-8 (unexpected end of data). A HAR file is "
                                       "UTF-8 JSON, as browsers and Playwright write it."),
])
def test_not_utf8(tmp_path, content, problem):
    path = save(tmp_path, content)
    assert failure(path) == f"HAR file '{path}' {problem}"


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = save(tmp_path, json.dumps(har(ws_entry([message()]))).encode("utf-16"))
    assert read_har(path).urls() == [WS]


# ----------------------------------------------------------- attachments


def attached_entry(name):
    entry = ws_entry(None)
    del entry["_webSocketMessages"]
    entry["response"]["content"] = {"size": -1, "mimeType": "x-unknown", "_file": name}
    return entry


def test_attached_file_that_is_not_utf8(tmp_path):
    (tmp_path / "m.jsonl").write_bytes(json.dumps(message()).encode() + b"\n\xff\xfe\n")
    path = save(tmp_path, har(attached_entry("m.jsonl")))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): the attached file 'm.jsonl' "
        "(entries[0].response.content._file) is not UTF-8 text: byte 0xff at offset 66 is not "
        "UTF-8 (invalid start byte). Playwright attaches messages as UTF-8 JSON lines; record "
        "again, or with record_har_content='embed'.")


def test_attached_zip_member_that_is_not_utf8(tmp_path):
    path = tmp_path / "rec.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("har.har", json.dumps(har(attached_entry("m.jsonl"))))
        archive.writestr("m.jsonl", b"\xc3\x28")
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): the attached file 'm.jsonl' "
        "(entries[0].response.content._file) is not UTF-8 text: byte 0xc3 at offset 0 is not "
        "UTF-8 (invalid continuation byte). Playwright attaches messages as UTF-8 JSON lines; "
        "record again, or with record_har_content='embed'.")


def test_attached_line_with_a_wrong_field_names_the_line(tmp_path):
    lines = [message(), message(opcode=[2])]
    (tmp_path / "m.jsonl").write_text("\n".join(json.dumps(m) for m in lines))
    path = save(tmp_path, har(attached_entry("m.jsonl")))
    assert failure(path) == (
        f"HAR file '{path}', {WHERE} opcode [2] (a list) at line 2 of the attached file "
        f"'m.jsonl'{OPCODE}")


def test_attached_line_nested_too_deep(tmp_path):
    (tmp_path / "m.jsonl").write_text(json.dumps(message()) + "\n" + "[" * 5000 + "]" * 5000)
    path = save(tmp_path, har(attached_entry("m.jsonl")))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): line 2 of the attached file 'm.jsonl' "
        "is not JSON: it nests arrays and objects 5000 levels deep (the deepest at line 1, "
        "column 5000), deeper than the library reads.")


@pytest.mark.parametrize("name", ["../outside.jsonl", "/etc/passwd", "a/../../b.jsonl"])
def test_attached_file_outside_the_har_folder(tmp_path, name):
    path = save(tmp_path, har(attached_entry(name)))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): entries[0].response.content._file "
        f"'{name}' names a file outside the HAR's folder; Playwright attaches files beside "
        "the HAR, by plain names such as 'b1946ac9.txt'.")


def test_attached_file_name_that_is_no_text(tmp_path):
    path = save(tmp_path, har(attached_entry(17)))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): entries[0].response.content._file "
        "is 17, not a file name.")


# ------------------------------------------------------------- zip HARs


def zipped(tmp_path, name="rec.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("har.har", json.dumps(har(ws_entry([message(data="z" * 200)]))))
    return path


def test_zip_with_a_bad_crc(tmp_path):
    path = zipped(tmp_path)
    data = bytearray(path.read_bytes())
    header = data.index(b"PK\x01\x02")  # the central directory's copy of the CRC
    crc = data.index(b"PK\x03\x04") + 14
    data[crc] ^= 0xFF
    data[header + 16] ^= 0xFF
    path.write_bytes(bytes(data))
    assert failure(path) == (
        f"HAR file '{path}' is a zip archive that cannot be read: its member 'har.har' is "
        "damaged (Bad CRC-32 for file 'har.har'). Record it again, or give the '.har' file "
        "itself.")


def test_truncated_zip(tmp_path):
    path = zipped(tmp_path)
    path.write_bytes(path.read_bytes()[:60])
    assert failure(path) == (
        f"HAR file '{path}' is a zip archive that cannot be read: it is truncated or damaged "
        "(File is not a zip file). Record it again, or give the '.har' file itself.")


def test_zip_whose_data_is_cut(tmp_path):
    path = zipped(tmp_path)
    data = path.read_bytes()
    start = data.index(b"PK\x01\x02")
    body = bytearray(data)
    body[40:start - 4] = b"\x00" * (start - 44)  # the compressed data zeroed
    path.write_bytes(bytes(body))
    message_ = failure(path)
    assert message_.startswith(
        f"HAR file '{path}' is a zip archive that cannot be read: its member 'har.har' is "
        "damaged (")
    assert message_.endswith("). Record it again, or give the '.har' file itself.")


# ------------------------------------------------------------- the file


def test_har_file_that_may_not_be_read(tmp_path, monkeypatch):
    path = save(tmp_path, har(ws_entry([message()])))

    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(tmp_path), "read_bytes", refused)
    assert failure(path) == (
        f"HAR file '{path}' cannot be read: Permission denied. Give a file you may read, "
        "or change its permissions.")


def test_har_file_that_is_a_fifo(tmp_path):
    path = tmp_path / "pipe.har"
    os.mkfifo(path)
    assert failure(str(path)) == (
        f"HAR file '{path}' is not a regular file (a named pipe). Give the path of a HAR file.")


# -------------------------------------------------------------- writing


def write_failure(path):
    with pytest.raises(InvalidInputError) as error:
        write_har(path, build_har([], EPOCH, "W", "1"))
    return str(error.value)


def test_write_below_a_plain_file(tmp_path):
    (tmp_path / "plain.txt").write_text("x")
    target = tmp_path / "plain.txt" / "deeper" / "t.har"
    assert write_failure(target) == (
        f"Cannot write the HAR file '{target}': '{tmp_path / 'plain.txt'}' is a file, not a "
        f"folder. Give a path whose folders are folders, e.g. '{tmp_path / 't.har'}'.")


def test_write_to_an_existing_folder(tmp_path):
    assert write_failure(tmp_path) == (
        f"Cannot write the HAR file '{tmp_path}': it is a folder. Give a file name in it, e.g. "
        f"'{tmp_path / 'traffic.har'}'.")


SYSFS = os.path.isdir("/sys/kernel")


@pytest.mark.skipif(not SYSFS, reason="needs /sys, where nobody may create a file")
@pytest.mark.parametrize(("target", "folder"), [
    ("/sys/t.har", "/sys"), ("/sys/sub/t.har", "/sys"), ("/sys/kernel/t.har", "/sys/kernel")])
def test_write_where_it_may_not(target, folder):
    assert write_failure(target) == (
        f"Cannot write the HAR file '{target}': permission denied in folder '{folder}'. Give a "
        "path you may write, e.g. '${OUTPUT DIR}/t.har', or change the folder's permissions.")


def test_a_save_that_fails_keeps_the_old_file_and_leaves_nothing(tmp_path, monkeypatch):
    (tmp_path / "t.har").write_text("old")

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert write_failure(tmp_path / "t.har") == (
        f"Cannot write the HAR file '{tmp_path / 't.har'}': No space left on device (in folder "
        f"'{tmp_path}'). Give a path in a folder you may write, e.g. '${{OUTPUT DIR}}/t.har'.")
    assert (tmp_path / "t.har").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.har"]


def test_write_to_a_fifo_does_not_hang(tmp_path):
    path = tmp_path / "pipe.har"
    os.mkfifo(path)
    assert write_failure(path) == (
        f"Cannot write the HAR file '{path}': it is not a regular file (a named pipe). Give "
        "the name of a new or a regular file, e.g. traffic.har.")


def test_write_a_path_with_nul(tmp_path):
    target = str(tmp_path / "a\x00b.har")
    assert write_failure(target) == (
        f"Cannot write the HAR file '{str(tmp_path)}/a\\x00b.har': a path cannot hold a NUL "
        "character. Give a file name such as traffic.har.")


def test_write_keeps_a_lone_surrogate_as_json_escape(tmp_path):
    document = build_har([], EPOCH, "W", "1")
    document["log"]["comment"] = "lone \ud800"
    path = write_har(tmp_path / "t.har", document)
    assert json.loads(path.read_text("utf-8"))["log"]["comment"] == "lone \ud800"


def test_zip_whose_attached_member_is_damaged(tmp_path):
    path = tmp_path / "rec.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("har.har", json.dumps(har(attached_entry("m.jsonl"))))
        archive.writestr("m.jsonl", json.dumps(message()) * 20)
    data = bytearray(path.read_bytes())
    local = data.index(b"PK\x03\x04", 1)  # the second member's local header
    central = data.index(b"PK\x01\x02")
    central = data.index(b"PK\x01\x02", central + 1)
    data[local + 14] ^= 0xFF
    data[central + 16] ^= 0xFF
    path.write_bytes(bytes(data))
    assert failure(path) == (
        f"HAR file '{path}' is a zip archive that cannot be read: its member 'm.jsonl' is "
        "damaged (Bad CRC-32 for file 'm.jsonl'). Record it again, or give the '.har' file "
        "itself.")


def test_zip_with_two_hars(tmp_path):
    path = tmp_path / "rec.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.har", "{}")
        archive.writestr("b.har", "{}")
    assert failure(path) == (
        f"HAR file '{path}' is a zip archive but holds 2 '.har' files; Playwright's zipped HAR "
        "holds one.")


def test_text_data_with_a_lone_surrogate(tmp_path):
    path = save(tmp_path, json.dumps(har(ws_entry([message(), message(data="ab\ud800")]))))
    assert failure(path) == (
        f"HAR file '{path}', WebSocket entry 1 ({WS}): message 2 has a lone UTF-16 surrogate "
        "('\\ud800' at index 2) in its data at entries[0]._webSocketMessages[1].data, which a "
        "UTF-8 text frame cannot carry. Write the whole character (an emoji is two surrogates "
        "together).")
    emoji = save(tmp_path, json.dumps(har(ws_entry([message(data="\U0001f600")]))), "ok.har")
    assert read_har(emoji).conversations[0].messages[0].payload == "\U0001f600"
