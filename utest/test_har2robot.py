"""wsroute har2robot: escaping, the plan of rules and waits, each HAR shape, the command line.

The escaping tests write every tricky value into one suite and let Robot
Framework itself read it back: a value passes only if the keyword receives
exactly the recorded text or bytes.
"""

import ast
import base64
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.har2robot import SuiteWriter, convert, detect_protocol, route_pattern
from WsRouteLibrary.model.har import Conversation, RecordedMessage, SocketTraffic, build_har
from WsRouteLibrary.robottext import LINE_LIMIT, cell, rows, split_text
from WsRouteLibrary.suiteplan import plan_route

ROOT = Path(__file__).parent.parent
PYTHON = sys.executable

TRICKY = [
    "plain",
    "",
    " leading",
    "trailing ",
    "   ",
    "two  spaces and   three",
    "${name}",
    "@{list} &{dict} %{ENV}",
    "$${x}}",
    "# not a comment",
    "a # b",
    "back\\slash \\n \\${x}",
    "\\",
    "ends with backslash\\",
    "match=json",
    "url=**/x",
    "a=b=c",
    "...",
    "... and more",
    "tab\there",
    "line\nbreak\r\n",
    "nul\x00 and esc\x1b",
    "zero\u200bwidth and nbsp\u00a0",
    "emoji \U0001f600 and é",
    "{{message}} looks like a template",
    '{"type": "say", "text": "hi  there"}',
    "${SPACE}",
    "x" * 500,
    ("a b  " * 60) + "#${",
]
BINARY = [b"", b"\x00\x01", b"{}$@&%#'\"\\", bytes(range(256)) * 2]


def _library(cases: list) -> str:
    return (
        "CASES = " + repr(cases) + "\n"
        "def value_should_be(number, *values, match='exact', url=None):\n"
        "    expected = CASES[int(number)]\n"
        "    assert match == 'exact' and url is None, (match, url)\n"
        "    assert values == (expected,), f'{values!r} != {expected!r}'\n"
    )


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """Runs one suite that passes each value back to Python; returns each case's status."""
    folder = tmp_path_factory.mktemp("escaping")
    cases = TRICKY + BINARY
    writer = SuiteWriter("cases.har", [])
    tests = []
    for number, value in enumerate(cases):
        call = ["Value Should Be", str(number), writer.value(value)]
        tests.append(f"Case {number}\n" + "\n".join(rows(call)))
    suite = "\n".join([
        "*** Settings ***", "Library    Cases.py", "", "*** Variables ***",
        *writer.variables, "", "*** Test Cases ***", *tests, "",
    ])
    (folder / "Cases.py").write_text(_library(cases), encoding="utf-8")
    (folder / "cases.robot").write_text(suite, encoding="utf-8")
    subprocess.run([PYTHON, "-m", "robot", "--output", "output.xml", "--log", "NONE",
                    "--report", "NONE", "--console", "none", "cases.robot"], cwd=folder,
                   check=False, timeout=120)
    from robot.api import ExecutionResult

    result = ExecutionResult(str(folder / "output.xml"))
    statuses = {test.name: (test.status, test.message) for test in result.suite.all_tests}
    return cases, statuses, suite


@pytest.mark.parametrize("number", range(len(TRICKY) + len(BINARY)))
def test_value_reads_back_as_recorded(round_trip, number):
    cases, statuses, _ = round_trip
    assert statuses[f"Case {number}"] == ("PASS", ""), repr(cases[number])


def test_escaped_suite_lines_stay_within_the_limit(round_trip):
    _, _, suite = round_trip
    assert max(len(line) for line in suite.splitlines()) <= LINE_LIMIT


@pytest.mark.parametrize("text, written", [
    ("", "${EMPTY}"),
    (" a ", "${SPACE}a${SPACE}"),
    ("a  b", "a ${SPACE}b"),
    ("${x}", "\\${x}"),
    ("#x", "\\#x"),
    ("a\\b", "a\\\\b"),
    ("match=json", "match\\=json"),
    ("...", "\\..."),
])
def test_cell_escapes(text, written):
    assert cell(text) == written


def test_split_text_joins_back_and_keeps_escapes_whole():
    text = "\x00" * 50 + "#" * 50 + "  " * 30
    parts = split_text(text, 40)
    assert "".join(parts) == text
    assert all(len(cell(part, positional=False)) <= 40 for part in parts)


# ------------------------------------------------------------------- the plan


def conversation(*messages, url="ws://127.0.0.1:8123/chat"):
    found = Conversation(1, url, None)
    for number, (sent, payload) in enumerate(messages, 1):
        text = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
        found.messages.append(RecordedMessage(number, sent, text, None))
    return found


PAGE, SERVER = True, False


def test_greetings_are_server_messages_before_the_first_page_message():
    route = plan_route("**/chat", [conversation((SERVER, "hello"), (SERVER, "ready"),
                                                (PAGE, "ping"), (SERVER, "pong"))], [])
    assert route.greetings == ["hello", "ready"]
    assert [(r.message, r.replies) for r in route.rules] == [("ping", ["pong"])]
    assert route.waits == [("ping", "exact")]


def test_fields_that_vary_become_templates_where_the_answer_repeats_them():
    route = plan_route("**/chat", [conversation(
        (PAGE, {"type": "say", "id": 2, "text": "hi there"}),
        (SERVER, {"type": "ack", "id": 2}),
        (SERVER, {"type": "message", "text": "You said: hi there"}),
        (PAGE, {"type": "say", "id": 3, "text": "how are you"}),
        (SERVER, {"type": "ack", "id": 3}),
        (SERVER, {"type": "message", "text": "You said: how are you"}),
    )], [])
    [rule] = route.rules
    assert rule.match == "json"
    assert json.loads(rule.message) == {"type": "say"}
    assert rule.replies == ['{"type": "ack", "id": {{id}}}',
                            '{"type": "message", "text": "You said: {{text}}"}']


def test_ignored_fields_are_left_out_of_matches_and_waits_and_filled_in_answers():
    route = plan_route("**/chat", [conversation(
        (PAGE, {"type": "join", "room": "lobby", "meta": {"ts": 1790000000123}}),
        (SERVER, {"type": "joined", "at": 1790000000123}),
    )], [("meta", "ts")])
    [rule] = route.rules
    assert json.loads(rule.message) == {"type": "join", "room": "lobby"}
    assert rule.replies == ['{"type": "joined", "at": {{meta.ts}}}']
    assert json.loads(route.waits[0][0]) == {"type": "join", "room": "lobby"}


def test_list_items_that_vary_become_templates_and_the_list_leaves_the_match():
    route = plan_route("**/x", [conversation(
        (PAGE, {"event": "chat", "args": ["hi", 1], "namespace": "/"}),
        (SERVER, {"event": "chat", "args": ["echo: hi"], "namespace": "/"}),
        (PAGE, {"event": "chat", "args": ["bye", 1], "namespace": "/"}),
        (SERVER, {"event": "chat", "args": ["echo: bye"], "namespace": "/"}),
    )], [])
    [rule] = route.rules
    assert json.loads(rule.message) == {"event": "chat", "namespace": "/"}
    assert rule.replies == ['{"event": "chat", "args": ["echo: {{args.0}}"], "namespace": "/"}']


def test_a_short_value_is_a_template_only_where_it_stands_as_a_word():
    route = plan_route("**/x", [conversation(
        (PAGE, {"say": "hi", "n": 1}), (SERVER, "this echo: hi"),
        (PAGE, {"say": "ok", "n": 2}), (SERVER, "this echo: ok"),
    )], [])
    [rule] = route.rules
    assert rule.replies == ["this echo: {{say}}"]


def test_a_list_item_that_changes_the_answer_keeps_the_whole_list():
    route = plan_route("**/x", [conversation(
        (PAGE, {"get": ["a", "x"]}), (SERVER, "A"), (PAGE, {"get": ["b", "x"]}), (SERVER, "B"),
    )], [])
    assert sorted((r.message, r.replies) for r in route.rules) == [
        ('{"get": ["a", "x"]}', ["A"]), ('{"get": ["b", "x"]}', ["B"])]


def test_fields_that_hold_a_time_are_volatile_without_being_named():
    route = plan_route("**/x", [conversation(
        (PAGE, {"type": "ping", "at": 1790000000123, "when": "2026-09-21T12:53:20.123Z",
                "count": 1790}), (SERVER, {"type": "pong", "at": 1790000000123}),
    )], [])
    [rule] = route.rules
    assert json.loads(rule.message) == {"type": "ping", "count": 1790}
    assert rule.replies == ['{"type": "pong", "at": {{at}}}']
    assert json.loads(route.waits[0][0]) == {"type": "ping", "count": 1790}


def test_the_field_that_explains_the_answers_with_fewest_rules_is_kept():
    messages = []
    for number in range(12):
        messages += [(PAGE, {"type": "say", "id": number, "kind": number % 3}),
                     (SERVER, {"type": "ack", "id": number, "score": (number % 3) * 10})]
    route = plan_route("**/x", [conversation(*messages)], [])
    assert sorted(r.message for r in route.rules) == [
        '{"type": "say", "kind": 0}', '{"type": "say", "kind": 1}', '{"type": "say", "kind": 2}']
    assert route.rules[0].replies[0].startswith('{"type": "ack", "id": {{id}}, "score": ')


def test_a_field_that_changes_the_answer_stays_in_the_match():
    route = plan_route("**/chat", [conversation(
        (PAGE, {"type": "get", "item": "a"}), (SERVER, "A"),
        (PAGE, {"type": "get", "item": "b"}), (SERVER, "B"),
    )], [])
    assert sorted((json.loads(r.message)["item"], r.replies) for r in route.rules) == [
        ("a", ["A"]), ("b", ["B"])]


def test_a_message_answered_differently_each_time_answers_in_turn():
    route = plan_route("**/x", [conversation(
        (PAGE, "next"), (SERVER, "1"), (PAGE, "next"), (SERVER, "2"), (PAGE, "next"),
        (SERVER, "2"))], [])
    # The newest rule wins until it retires: "1" once, then "2" for good.
    assert [(r.replies, r.times) for r in route.rules] == [(["2"], None), (["1"], 1)]


def test_more_specific_rules_come_last_so_they_win():
    route = plan_route("**/x", [conversation(
        (PAGE, {"a": 1, "b": 2}), (SERVER, "two fields"),
        (PAGE, {"a": 1}), (SERVER, "one field"))], [])
    assert [r.replies for r in route.rules] == [["one field"], ["two fields"]]


def test_an_answer_that_reads_as_a_template_is_sent_by_the_test():
    route = plan_route("**/x", [conversation((PAGE, "tpl"), (SERVER, "literal {{x}}"))], [])
    assert route.rules == []
    assert route.pushes == {0: ["literal {{x}}"]}


def test_page_messages_without_answers_are_waited_for_but_get_no_rule():
    route = plan_route("**/x", [conversation((PAGE, "bye"))], [])
    assert route.rules == [] and route.waits == [("bye", "exact")]


@pytest.mark.parametrize("url, pattern", [
    ("ws://127.0.0.1:8123/chat", "**/chat"),
    ("wss://example.com/socket.io/?EIO=4&transport=websocket", "**/socket.io/?**"),
    ("ws://h/a*b", "**/a\\*b"),
    ("ws://h", "**"),
])
def test_route_pattern(url, pattern):
    assert route_pattern(url) == pattern


@pytest.mark.parametrize("messages, protocol", [
    ([(SERVER, '0{"sid":"x","upgrades":[],"pingInterval":25000}'), (PAGE, "40")], "socket.io"),
    ([(PAGE, '{"event": "chat", "args": ["hi"], "namespace": "/"}')], "socket.io"),
    ([(PAGE, '{"type": "connection_init"}'), (SERVER, '{"type":"connection_ack"}')],
     "graphql-ws"),
    ([(PAGE, '{"type": "subscribe"}'), (PAGE, "40")], "socket.io"),
    ([(PAGE, '{"type": "hello"}'), (SERVER, "ok")], None),
])
def test_detect_protocol(messages, protocol):
    assert detect_protocol([conversation(*messages)]) == protocol


# --------------------------------------------------------------- HAR shapes

EPOCH = 1_790_000_000.0


def frames(messages, scale):
    out = []
    for position, (sent, payload) in enumerate(messages):
        binary = isinstance(payload, bytes)
        out.append({"type": "send" if sent else "receive", "time": (EPOCH + position) * scale,
                    "opcode": 2 if binary else 1,
                    "data": base64.b64encode(payload).decode() if binary else payload})
    return out


GREET = [(SERVER, "welcome"), (PAGE, "hello"), (SERVER, "hello"), (PAGE, b"\x01\x02\x03"),
         (SERVER, b"\x01\x02\x03")]


def har_document(shape):
    url = "ws://127.0.0.1:8123/greet"
    if shape == "wsroute":
        socket = SocketTraffic(1, url, 0.0, messages=[(s, p, i * 0.1)
                                                       for i, (s, p) in enumerate(GREET)])
        return build_har([socket], EPOCH, "WsRouteLibrary", "0.2.0")
    creator = {"playwright": "Playwright", "browser-library": "Playwright",
               "devtools": "WebInspector"}[shape]
    scale = 1 if shape == "devtools" else 1000
    entry = {"startedDateTime": "2026-09-21T12:53:20.000Z", "time": 5,
             "request": {"method": "GET", "url": url}, "response": {"status": 101},
             "_resourceType": "websocket", "_webSocketMessages": frames(GREET, scale)}
    page = {"startedDateTime": "2026-09-21T12:53:19.000Z", "time": 5,
            "request": {"method": "GET", "url": "http://127.0.0.1:8123/"},
            "response": {"status": 200}, "_resourceType": "document"}
    return {"log": {"version": "1.2", "creator": {"name": creator, "version": "1"},
                    "entries": [page, entry]}}


@pytest.mark.parametrize("shape", ["wsroute", "playwright", "browser-library", "devtools"])
def test_every_har_shape_converts(tmp_path, shape):
    har = tmp_path / f"{shape}.har"
    har.write_text(json.dumps(har_document(shape)), encoding="utf-8")
    text = convert(har)
    assert "    Route WebSocket    **/greet\n" in text
    assert "    Send On Open    welcome\n" in text
    assert "    Reply When Sent    hello    hello\n" in text
    assert ("    Reply When Sent    ${{ bytes.fromhex('01 02 03') }}    "
            "${{ bytes.fromhex('01 02 03') }}\n") in text
    assert "    Wait For Sent Message    hello\n" in text
    assert "${PAGE URL}         http://127.0.0.1:8123/\n" in text


@pytest.mark.parametrize("packing", ["attached", "zipped"])
def test_playwright_attached_and_zipped_hars_convert(tmp_path, packing):
    document = har_document("playwright")
    entry = document["log"]["entries"][1]
    lines = "\n".join(json.dumps(m) for m in entry.pop("_webSocketMessages"))
    entry["response"]["content"] = {"_file": "abc123.txt"}
    if packing == "attached":
        har = tmp_path / "attached.har"
        (tmp_path / "abc123.txt").write_text(lines, encoding="utf-8")
        har.write_text(json.dumps(document), encoding="utf-8")
    else:
        har = tmp_path / "zipped.zip"
        with zipfile.ZipFile(har, "w") as archive:
            archive.writestr("har.har", json.dumps(document))
            archive.writestr("abc123.txt", lines)
    text = convert(har)
    assert "    Send On Open    welcome\n" in text
    assert "    Reply When Sent    hello    hello\n" in text


def test_url_chooses_sockets_and_is_the_route_pattern(tmp_path):
    document = har_document("devtools")
    other = json.loads(json.dumps(document["log"]["entries"][1]))
    other["request"]["url"] = "ws://127.0.0.1:8123/other"
    document["log"]["entries"].append(other)
    har = tmp_path / "two.har"
    har.write_text(json.dumps(document), encoding="utf-8")
    both = convert(har)
    assert "Route WebSocket    **/greet" in both and "Route WebSocket    **/other" in both
    assert "Wait For Sent Message    hello    url=**/other" in both
    one = convert(har, url="**/other")
    assert "Route WebSocket    **/other" in one and "**/greet" not in one
    with pytest.raises(InvalidInputError, match="holds no WebSocket conversation matching"):
        convert(har, url="**/nothing")


def test_recorded_socket_io_frames_become_events_on_a_protocol_route(tmp_path):
    messages = [(SERVER, '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":5000}'),
                (PAGE, "40"), (SERVER, '40{"sid":"b"}'), (SERVER, '42["news","hello"]'),
                (PAGE, '42["chat","hi"]'), (SERVER, '42["chat","echo: hi"]'), (SERVER, "2"),
                (PAGE, "3")]
    entry = {"request": {"url": "ws://h/socket.io/?EIO=4&transport=websocket"},
             "_resourceType": "websocket", "_webSocketMessages": frames(messages, 1000)}
    har = tmp_path / "sio.har"
    har.write_text(json.dumps({"log": {"entries": [entry]}}), encoding="utf-8")
    text = convert(har).replace("\n    ...    ", "    ")  # continued rows as one
    assert "Route WebSocket    **/socket.io/?**    protocol=socket.io" in text
    assert 'Send On Open    {"event": "news", "args": ["hello"], "namespace": "/"}' in text
    assert ('Reply When Sent    {"event": "chat", "args": ["hi"], "namespace": "/"}    '
            '{"event": "chat", "args": ["echo: hi"], "namespace": "/"}    match=json') in text
    assert '"connect"' not in text


def test_recorded_graphql_ws_frames_become_operations_on_a_protocol_route(tmp_path):
    subscribe = {"type": "subscribe", "id": "1",
                 "payload": {"query": "subscription OnMessage { message }"}}
    messages = [(PAGE, '{"type":"connection_init"}'), (SERVER, '{"type":"connection_ack"}'),
                (PAGE, json.dumps(subscribe)),
                (SERVER, '{"type":"next","id":"1","payload":{"data":{"message":"hi"}}}'),
                (PAGE, '{"type":"ping"}'), (SERVER, '{"type":"pong"}')]
    entry = {"request": {"url": "ws://h/graphql"}, "_resourceType": "websocket",
             "_webSocketMessages": frames(messages, 1)}
    har = tmp_path / "gql.har"
    har.write_text(json.dumps({"log": {"entries": [entry]}}), encoding="utf-8")
    text = convert(har).replace("\n    ...    ", "    ")
    assert "Route WebSocket    **/graphql    protocol=graphql-ws" in text
    # The subscribe is long: it is written once in the Variables section.
    assert ('Reply When Sent    ${MESSAGE_1}    {"type": "next", "id": "1", '
            '"operationName": "OnMessage", "payload": {"data": {"message": "hi"}}}    '
            'match=json') in text
    assert ('"type": "subscribe", "id": "1", "operationName": "OnMessage", "query": '
            '"subscription OnMessage { message }"}') in text.replace("\n...                 ", "")
    assert "connection_" not in text and "ping" not in text


def test_a_page_that_only_listens_is_waited_for_its_socket(tmp_path):
    entry = {"request": {"url": "ws://h/feed"}, "_resourceType": "websocket",
             "_webSocketMessages": frames([(SERVER, "tick"), (SERVER, "tock")], 1)}
    har = tmp_path / "feed.har"
    har.write_text(json.dumps({"log": {"entries": [entry]}}), encoding="utf-8")
    text = convert(har)
    assert "    Send On Open    tick    tock\n" in text
    assert "    Open Page    ${PAGE URL}\n    Wait For WebSocket\n" in text


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Suites of each shape and of a busy recording, written by the command."""
    folder = tmp_path_factory.mktemp("suites")
    for shape in ("wsroute", "devtools"):
        (folder / f"{shape}.har").write_text(json.dumps(har_document(shape)), encoding="utf-8")
    busy = [(SERVER, {"type": "hello"})]
    for number in range(30):
        busy += [(PAGE, {"type": "say", "id": number, "text": f"message {number}"}),
                 (SERVER, {"type": "ack", "id": number}), (PAGE, f"  odd #{number} ${{x}}"),
                 (SERVER, "x" * 300)]
    # Hostile: JSON nested deeper than Python recurses, and nearly that deep.
    busy += [(PAGE, "[" * 5000 + "]" * 5000), (SERVER, "{" + '"a":{' * 950 + "}" * 951),
             (PAGE, '{"a":' * 950 + "1" + "}" * 950), (SERVER, "[" * 5000 + "]" * 5000)]
    socket = SocketTraffic(1, "ws://127.0.0.1:1/busy", 0.0,
                           messages=[(s, p if isinstance(p, str) else json.dumps(p), i * 0.1)
                                     for i, (s, p) in enumerate(busy)])
    (folder / "busy.har").write_text(json.dumps(build_har([socket], EPOCH, "x", "1")))
    for har in folder.glob("*.har"):
        subprocess.run([PYTHON, "-m", "WsRouteLibrary", "har2robot", str(har), "--ignore",
                        "id"], check=True, capture_output=True, timeout=60)
    return folder


def test_generated_suites_pass_robocop(generated):
    process = subprocess.run([PYTHON, "-m", "robocop", "check", "--ignore-git-dir", "."],
                             cwd=generated, capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stdout + process.stderr


def test_generated_suites_pass_a_dry_run(generated):
    process = subprocess.run([PYTHON, "-m", "robot", "--dryrun", "--output", "NONE", "--log",
                              "NONE", "--report", "NONE", "."], cwd=generated,
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stdout + process.stderr
    assert "3 tests, 3 passed" in process.stdout


# ------------------------------------------------------------ the command


def wsroute(*arguments, cwd=None):
    return subprocess.run([PYTHON, "-m", "WsRouteLibrary", *arguments], capture_output=True,
                          text=True, timeout=60, cwd=cwd)


def test_version_and_help():
    version = wsroute("--version")
    assert version.returncode == 0 and version.stdout.startswith("wsroute 0.")
    helped = wsroute("har2robot", "--help")
    assert helped.returncode == 0
    assert "examples:" in helped.stdout and "--ignore id,meta.ts" in helped.stdout


@pytest.mark.parametrize("arguments", [[], ["nonsense"], ["har2robot"],
                                       ["har2robot", "x.har", "--bogus"],
                                       ["har2robot", "x.har", "--url", "/(/"],
                                       ["har2robot", "x.har", "--ignore", "a..b"]])
def test_usage_errors_exit_2_on_one_line(arguments):
    process = wsroute(*arguments)
    assert process.returncode == 2
    assert process.stderr.strip().splitlines()[-1].startswith("wsroute")
    assert "error" in process.stderr.splitlines()[-1]


@pytest.mark.parametrize("content, says", [
    (None, "does not exist"),
    ("{not json", "is not JSON"),
    ('{"log": {"entries": [{"request": {"url": "ws://h/x"}, "_webSocketMessages": '
     '[{"type": "send", "opcode": 2, "data": "***"}]}]}}', "is not valid base64"),
    ('{"log": {"entries": [{"_resourceType": "document"}]}}', "holds no WebSocket entries"),
    ('[' * 100000 + ']' * 100000, "HAR file"),
])
def test_a_bad_har_exits_1_with_one_line_naming_the_file(tmp_path, content, says):
    har = tmp_path / "bad.har"
    if content is not None:
        har.write_text(content, encoding="utf-8")
    process = wsroute("har2robot", str(har))
    assert process.returncode == 1, process.stderr
    lines = process.stderr.splitlines()
    assert len(lines) == 1 and str(har) in lines[0] and says in lines[0], lines
    assert "Traceback" not in process.stderr
    assert not (tmp_path / "bad.robot").exists()


def test_writes_beside_the_har_or_where_told(tmp_path):
    har = tmp_path / "greet.har"
    har.write_text(json.dumps(har_document("playwright")), encoding="utf-8")
    assert wsroute("har2robot", str(har)).returncode == 0
    assert (tmp_path / "greet.robot").is_file()
    told = tmp_path / "sub" / "mine.robot"
    assert wsroute("har2robot", str(har), "-o", str(told)).returncode == 0
    assert told.read_text(encoding="utf-8") == (tmp_path / "greet.robot").read_text("utf-8")


def test_the_converter_imports_no_engine_playwright_or_robot():
    for name in ("har2robot", "suiteplan", "robottext", "cli"):
        tree = ast.parse((ROOT / "WsRouteLibrary" / f"{name}.py").read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)]
        imported += [a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for a in node.names]
        assert not [m for m in imported if m.split(".")[0] in ("engine", "playwright", "robot")
                    or ".engine" in m or m.startswith("engine")], (name, imported)
