"""Replay: greetings, answers, ignored JSON paths, timing, verdicts, completeness, traffic."""

import json

import pytest
from test_traffic import RECEIVED, SENT, Net, log, rule

from WsRouteLibrary.datatypes import MatchMode
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.har import Conversation, RecordedMessage, Recording
from WsRouteLibrary.model.replay import (
    Replay,
    ReplayTiming,
    json_difference,
    parse_ignore,
    parse_match,
    parse_timing,
    text_difference,
    without,
)
from WsRouteLibrary.protocols.graphqlws import GraphQLWsCodec
from WsRouteLibrary.protocols.socketio import SocketIOCodec
from WsRouteLibrary.road import replay as replaying

T0 = 1_790_000_000.0


def conversation(number, *messages, url="ws://h/chat", started=T0):
    """messages: ('>' page sends | '<' page receives, payload, seconds after started)."""
    recorded = [RecordedMessage(i, way == ">", payload, None if at is None else started + at)
                for i, (way, payload, at) in enumerate(messages, 1)]
    return Conversation(number, url, started, recorded)


CHAT = conversation(
    1,
    ("<", '{"type": "hello"}', 0.1),
    ("<", '{"type": "motd", "text": "hi"}', 0.3),
    (">", '{"type": "join", "id": 17, "room": "desk"}', 1.0),
    ("<", '{"type": "joined", "id": 17}', 1.5),
    (">", "ping", 2.0),
    ("<", "pong", 2.2),
    ("<", b"\x00\x01", 2.7),
    (">", '{"type": "leave"}', 3.0),
)


def make(*conversations, mode=MatchMode.exact, ignore=(), timing=ReplayTiming.immediate,
         strict=True):
    recording = Recording("chat.har", list(conversations))
    return Replay(recording, list(conversations), "**/chat", mode, ignore, timing, strict)


def payloads(replies):
    return [r.payload for r in replies]


def test_greetings_then_answers_in_recorded_order():
    player = make(CHAT).start("s1", "#1 ws://h/chat")
    greetings = player.greetings()
    assert payloads(greetings) == ['{"type": "hello"}', '{"type": "motd", "text": "hi"}']
    assert [r.note for r in greetings] == ["replayed from recording, conversation 1, message 1",
                                           "replayed from recording, conversation 1, message 2"]
    verdict = player.on_page('{"type": "join", "id": 17, "room": "desk"}')
    assert verdict.expected
    assert verdict.note == "matched recording, conversation 1, message 3"
    assert payloads(verdict.replies) == ['{"type": "joined", "id": 17}']
    assert payloads(player.on_page("ping").replies) == ["pong", b"\x00\x01"]
    last = player.on_page('{"type": "leave"}')
    assert last.expected and last.replies == []
    assert player.remaining() == []


def test_unexpected_message_names_expected_actual_and_first_difference():
    player = make(CHAT).start("s1", "#1 ws://h/chat")
    player.greetings()
    verdict = player.on_page('{"type": "join", "id": 18, "room": "desk"}')
    assert not verdict.expected
    assert verdict.replies == []
    assert verdict.note == "not in the recording (recording expects conversation 1, message 3)"
    assert verdict.failure == (
        "Unexpected page message on socket #1 ws://h/chat of route '**/chat': the page sent "
        "'{\"type\": \"join\", \"id\": 18, \"room\": \"desk\"}', but the recording ('chat.har', "
        "conversation 1, message 3) expects "
        "'{\"type\": \"join\", \"id\": 17, \"room\": \"desk\"}'; "
        "first difference: at character 25: recorded '... \"join\", \"id\": 17, \"room\": "
        "\"desk\"}', sent '... \"join\", \"id\": 18, \"room\": \"desk\"}'. Answer it with a "
        "rule, replay with "
        "strict=False to skip such messages, or leave out volatile fields with match=json "
        "and ignore.")
    # The replay still expects the recorded message.
    assert player.on_page('{"type": "join", "id": 17, "room": "desk"}').expected


def test_lenient_verdict_note_says_skipped():
    player = make(CHAT, strict=False).start("s1", "#1 ws://h/chat")
    player.greetings()
    verdict = player.on_page("surprise")
    assert not verdict.expected
    assert verdict.note == ("not in the recording, skipped (strict=False; recording expects "
                            "conversation 1, message 3)")


def test_messages_after_the_end_are_unexpected():
    short = conversation(4, (">", "a", 0), ("<", "b", 0))
    player = make(short).start("s", "#2 ws://h/chat")
    assert player.greetings() == []
    assert player.on_page("a").expected
    verdict = player.on_page("a")
    assert not verdict.expected
    assert "expects no more page messages: it ends with message 2" in verdict.failure
    assert verdict.note == "not in the recording (the recording has ended)"


def test_each_socket_takes_the_next_conversation_then_the_last_again():
    first = conversation(1, ("<", "one", 0))
    second = conversation(2, ("<", "two", 0))
    replay = make(first, second)
    greetings = [payloads(replay.start(n, f"#{n}").greetings()) for n in range(4)]
    assert greetings == [["one"], ["two"], ["two"], ["two"]]
    assert set(replay.players) == {0, 1, 2, 3}


def test_json_match_with_ignored_paths():
    recorded = conversation(1, (">", '{"op": "say", "id": 1, "meta": {"ts": 5, "v": 2}, '
                                     '"items": [{"id": 1, "n": "a"}, {"id": 2, "n": "b"}]}', 0),
                            ("<", "ok", 0))
    ignore = parse_ignore("id, meta.ts, items.*.id", MatchMode.json, "x.har")
    replay = make(recorded, mode=MatchMode.json, ignore=ignore)
    sent = ('{"op": "say", "id": 99, "meta": {"ts": 77, "v": 2}, "extra": true, '
            '"items": [{"id": 8, "n": "a"}, {"id": 9, "n": "b"}]}')
    assert replay.start("s", "#1").on_page(sent).expected
    # Without the id: still fine, it is left out. A wrong value elsewhere is not.
    player = replay.start("t", "#2")
    verdict = player.on_page('{"op": "say", "meta": {"v": 3}, "items": [{"n": "a"}, {"n": "b"}]}')
    assert not verdict.expected
    assert "first difference: at 'meta.v': recorded 2, sent 3" in verdict.failure
    assert replay.unused_ignore_paths() == []


def test_ignored_list_index_keeps_list_length():
    assert without({"a": [1, 2, 3]}, [("a", "1")]) == {"a": [1, None, 3]}
    assert without({"a": [1, 2]}, [("a", "5"), ("b",), ("a", "0", "x")]) == {"a": [1, 2]}
    assert without([{"t": 1}, {"t": 2}], [("*", "t")]) == [{}, {}]
    original = {"a": {"b": 1, "c": 2}}
    assert without(original, [("a", "b")]) == {"a": {"c": 2}}
    assert original == {"a": {"b": 1, "c": 2}}  # not changed in place


def test_json_mode_compares_non_json_recordings_exactly():
    replay = make(conversation(1, (">", "ping", 0), ("<", "pong", 0), (">", b"\x01", 0)),
                  mode=MatchMode.json)
    player = replay.start("s", "#1")
    assert not player.on_page("ping ").expected
    assert player.on_page("ping").expected
    verdict = player.on_page("\x01")
    assert "first difference: the recording has a binary frame, the page sent a text frame" \
        in verdict.failure
    assert player.on_page(b"\x01").expected


def test_json_mode_reports_non_json_page_message():
    player = make(conversation(1, (">", '{"a": 1}', 0)), mode=MatchMode.json).start("s", "#1")
    assert "first difference: the page's message is not JSON" in player.on_page("{a").failure


def test_glob_recordings_are_patterns():
    player = make(conversation(1, (">", "buy *", 0), ("<", "filled", 0)),
                  mode=MatchMode.glob).start("s", "#1")
    verdict = player.on_page("sell 3")
    assert "first difference: it does not match the recorded message as a glob pattern" \
        in verdict.failure
    assert "(match=glob)" in verdict.failure
    assert "ignore" not in verdict.failure.split("Answer it")[1]
    assert payloads(player.on_page("buy 3").replies) == ["filled"]


def test_recorded_timing_keeps_gaps_from_the_trigger():
    player = make(CHAT, timing=ReplayTiming.recorded).start("s", "#1")
    assert [r.delay for r in player.greetings()] == pytest.approx([0.1, 0.3])
    player.on_page('{"type": "join", "id": 17, "room": "desk"}')
    replies = player.on_page("ping").replies
    assert [r.delay for r in replies] == pytest.approx([0.2, 0.7])


def test_recorded_timing_never_goes_back_and_copes_without_times():
    odd = conversation(1, (">", "go", 5.0), ("<", "early", 4.0), ("<", "late", 6.0),
                       ("<", "untimed", None))
    replies = make(odd, timing=ReplayTiming.recorded).start("s", "#1").on_page("go").replies
    assert [r.delay for r in replies] == [0.0, 1.0, 1.0]


def test_immediate_timing_has_no_delays():
    player = make(CHAT).start("s", "#1")
    assert [r.delay for r in player.greetings()] == [0.0, 0.0]


def test_greetings_without_start_time_count_from_the_first_message():
    greeting = conversation(1, ("<", "a", 1.0), ("<", "b", 1.5))
    greeting.started = None
    replies = make(greeting, timing=ReplayTiming.recorded).start("s", "#1").greetings()
    assert [r.delay for r in replies] == [0.0, 0.5]


def test_pass_over_skips_the_recorded_answer_of_a_message_a_rule_answered():
    player = make(CHAT).start("s", "#1")
    player.greetings()
    assert player.pass_over("something else") == ""
    added = player.pass_over('{"type": "join", "id": 17, "room": "desk"}')
    assert added == "instead of recording, conversation 1, message 3 (1 recorded reply not sent)"
    assert payloads(player.on_page("ping").replies) == ["pong", b"\x00\x01"]


def test_incomplete_lists_what_the_page_never_sent():
    other = conversation(2, (">", "x", 0), url="ws://h/chat?2")
    quiet = conversation(3, ("<", "only greetings", 0))
    replay = make(CHAT, other, quiet)
    player = replay.start("s", "#1 ws://h/chat")
    player.greetings()
    player.on_page('{"type": "join", "id": 17, "room": "desk"}')
    assert replay.incomplete() == (
        "Replay of 'chat.har' on route '**/chat' is not complete: conversation 1 on socket "
        "#1 ws://h/chat still expects 2 page messages: message 5 'ping', message 8 "
        "'{\"type\": \"leave\"}'; conversation 2 (ws://h/chat?2) was never opened: 1 page "
        "message not sent.")
    player.on_page("ping")
    player.on_page('{"type": "leave"}')
    replay.start("t", "#2").on_page("x")
    assert replay.incomplete() is None


def test_text_and_byte_differences():
    assert text_difference("hello world", "hello there") == (
        "at character 7: recorded 'hello world', sent 'hello there'")
    assert text_difference("abc", "abcd") == (
        "the page's message goes on after the recorded one ends (character 4)")
    assert text_difference("abcd", "ab") == (
        "the page's message ends at character 3, where the recorded one goes on")
    assert text_difference(b"\x00\x01\x02", b"\x00\x09\x02") == (
        "at byte 2: recorded 00 01 02, sent 00 09 02")


def test_json_differences():
    assert json_difference({"a": 1}, {"a": 1}) is None
    assert json_difference({"a": {"b": [1, 2]}}, {"a": {"b": [1, 3]}}) == (
        "at 'a.b.1': recorded 3, sent 2")
    assert json_difference({}, {"a": "x"}) == 'key \'a\' is missing (recorded "x")'
    assert json_difference([1], [1, 2]) == "at the top level: recorded 2 items, sent 1"
    assert json_difference("s", {"a": 1}) == 'at the top level: recorded an object, sent "s"'
    assert json_difference({"a": 1}, {"a": [1]}) == "at a: recorded a list, sent 1"


def test_option_errors_name_the_file():
    with pytest.raises(InvalidInputError, match=r"^Cannot replay 'x.har': timing='slow' is not "
                       r"supported\. Use immediate"):
        parse_timing("slow", "x.har")
    assert parse_timing("Recorded", "x.har") is ReplayTiming.recorded
    with pytest.raises(InvalidInputError, match=r"^Cannot replay 'x.har': Match mode 'fuzzy' is "
                       r"not supported\. Use one of: exact, glob, regexp, json\.$"):
        parse_match("fuzzy", "x.har")
    with pytest.raises(InvalidInputError, match=r"ignore leaves JSON paths out of a JSON "
                       r"comparison, but match=exact\. Add match=json\.$"):
        parse_ignore(["id"], MatchMode.exact, "x.har")
    with pytest.raises(InvalidInputError, match=r"ignore path 'a\.\.b' is not a JSON path"):
        parse_ignore("a..b", MatchMode.json, "x.har")
    with pytest.raises(InvalidInputError, match=r"ignore=42 is no list of JSON paths"):
        parse_ignore(42, MatchMode.json, "x.har")
    assert parse_ignore(None, MatchMode.exact, "x.har") == []
    assert parse_ignore(["a.b", " c "], MatchMode.json, "x.har") == [("a", "b"), ("c",)]


def test_unused_ignore_paths_are_reported():
    replay = make(CHAT, mode=MatchMode.json,
                  ignore=parse_ignore("id, timestamp", MatchMode.json, "x.har"))
    assert replay.unused_ignore_paths() == ["timestamp"]


# ------------------------------------------- on the traffic (fake Playwright)


@pytest.fixture
def net():
    made = Net()
    yield made
    made.tasks.discard()


def replaying_route(net, *conversations, **options):
    route = net.route()
    route.replay = make(*conversations, **options)
    return route


def test_traffic_greets_answers_and_notes_the_recording(net):
    route = replaying_route(net, CHAT)
    ws, _ = net.open()
    assert ws.sent == ['{"type": "hello"}', '{"type": "motd", "text": "hi"}']
    ws.message('{"type": "join", "id": 17, "room": "desk"}')
    ws.message("ping")
    assert ws.sent[2:] == ['{"type": "joined", "id": 17}', "pong", b"\x00\x01"]
    assert log(route)[3:6] == [
        (SENT, '{"type": "join", "id": 17, "room": "desk"}',
         "matched recording, conversation 1, message 3"),
        (RECEIVED, '{"type": "joined", "id": 17}',
         "replayed from recording, conversation 1, message 4"),
        (SENT, "ping", "matched recording, conversation 1, message 5"),
    ]
    assert net.errors == []


def test_traffic_strict_failure_goes_to_the_running_test(net):
    route = replaying_route(net, CHAT)
    ws, _ = net.open()
    ws.message("nonsense")
    assert len(ws.sent) == 2  # the greetings only
    assert len(net.errors) == 1 and net.errors[0].startswith("Unexpected page message on socket #1")
    assert log(route)[-1] == (SENT, "nonsense", "not in the recording (recording expects "
                                                "conversation 1, message 3)")


def test_traffic_lenient_skips_without_failing(net):
    replaying_route(net, CHAT, strict=False)
    ws, _ = net.open()
    ws.message("nonsense")
    assert net.errors == [] and len(ws.sent) == 2


def test_traffic_rule_wins_and_the_replay_moves_on(net):
    route = replaying_route(net, CHAT)
    route.add_rule(rule(expected="ping", replies=("patched",)))
    ws, _ = net.open()
    ws.message('{"type": "join", "id": 17, "room": "desk"}')
    ws.message("ping")
    ws.message('{"type": "leave"}')
    assert ws.sent[3:] == ["patched"]
    assert (SENT, "ping", "rule 1: Reply When Sent 'ping'; instead of recording, conversation 1, "
                          "message 5 (2 recorded replies not sent)") in log(route)
    assert net.errors == [] and route.replay.incomplete() is None


def test_traffic_recorded_timing_is_delayed_work_in_order(net):
    route = replaying_route(net, CHAT, timing=ReplayTiming.recorded)
    ws, _ = net.open()
    assert ws.sent == []
    delays = [delay for delay, _, _ in net.tasks.timers]
    assert delays == pytest.approx([0.1, 0.3 + replaying._ORDER_STEP])
    assert delays[0] < delays[1]
    assert len(route.pending) == 2
    net.tasks.fire()
    assert ws.sent == ['{"type": "hello"}', '{"type": "motd", "text": "hi"}']
    assert route.pending == []


def test_traffic_sockets_opened_before_the_replay_are_not_replayed(net):
    route = net.route()
    ws, _ = net.open()
    route.replay = make(CHAT)
    ws.message("ping")
    assert ws.sent == [] and net.errors == []
    assert log(route)[-1] == (SENT, "ping", "no rule (mocked, not forwarded)")


def test_traffic_unrouted_route_replays_no_more(net):
    route = replaying_route(net, CHAT)
    ws, _ = net.open()
    net.registry.remove(route)
    ws.message('{"type": "join", "id": 17, "room": "desk"}')
    assert len(ws.sent) == 2 and net.errors == []


def test_replay_goes_with_the_test_that_loaded_it(net):
    route = net.route()  # made by the suite
    net.owners.start("test t")
    test = net.owners.current
    route.replay = make(CHAT)
    route.replay.owner = test
    replaying.end_owner(net.registry.routes, test, test.parent, remove=True)
    assert route.replay is None
    route.replay = make(CHAT)
    route.replay.owner = test
    replaying.end_owner(net.registry.routes, test, test.parent, remove=False)
    assert route.replay.owner is test.parent


# --------------------------------------- ids the page picks, mapped to the live run


class Opened:
    """A socket as Replay.start sees it: its codec says which field is the page's id."""

    def __init__(self, codec):
        self.codec = codec


def gql(kind, ident=None, **fields):
    document = {"type": kind, **({"id": ident} if ident is not None else {}), **fields}
    return json.dumps(document, ensure_ascii=False)


COUNTDOWN = conversation(
    1,
    (">", gql("connection_init"), 0.0),
    ("<", gql("connection_ack"), 0.1),
    (">", gql("subscribe", "rec-1", operationName="Countdown", query="subscription Countdown "
              "{ countdown }"), 0.2),
    ("<", gql("next", "rec-1", operationName="Countdown", payload={"data": {"countdown": 2}}),
     0.3),
    ("<", gql("next", "rec-1", operationName="Countdown", payload={"data": {"countdown": 1}}),
     0.4),
    ("<", gql("complete", "rec-1", operationName="Countdown"), 0.5),
    (">", gql("subscribe", "rec-2", query="{ now }"), 0.6),
    ("<", gql("next", "rec-2", payload={"data": {"now": 1}}), 0.7),
    ("<", gql("complete", "rec-2"), 0.8),
)


def live(document_text, **changes):
    return json.dumps({**json.loads(document_text), **changes}, ensure_ascii=False)


@pytest.mark.parametrize("options", [{}, {"mode": MatchMode.json,
                                          "ignore": [("id",)]}])
def test_graphql_ws_replies_carry_the_live_operation_ids(options):
    player = make(COUNTDOWN, **options).start(Opened(GraphQLWsCodec()), "#1")
    assert player.greetings() == []
    assert payloads(player.on_page(gql("connection_init")).replies) == [gql("connection_ack")]
    verdict = player.on_page(live(COUNTDOWN.messages[2].payload, id="live-7"))
    assert verdict.expected
    assert [json.loads(p)["id"] for p in payloads(verdict.replies)] == ["live-7"] * 3
    assert [json.loads(p)["type"] for p in payloads(verdict.replies)] == [
        "next", "next", "complete"]
    assert verdict.replies[0].note == ("replayed from recording, conversation 1, message 4 "
                                       "(id \"rec-1\" as this run's \"live-7\")")
    second = player.on_page(live(COUNTDOWN.messages[6].payload, id="live-8"))
    assert [json.loads(p)["id"] for p in payloads(second.replies)] == ["live-8"] * 2
    assert player.remaining() == []


def test_graphql_ws_a_differing_operation_still_fails_and_shows_no_id_difference():
    player = make(COUNTDOWN).start(Opened(GraphQLWsCodec()), "#1")
    player.on_page(gql("connection_init"))
    verdict = player.on_page(live(COUNTDOWN.messages[2].payload, id="x",
                                  operationName="Other"))
    assert not verdict.expected
    assert "first difference: at character 56: recorded" in verdict.failure
    assert "rec-1" not in verdict.failure.split("first difference")[1]


def test_without_a_codec_ids_are_compared_as_recorded():
    player = make(COUNTDOWN).start("plain socket", "#1")
    player.on_page(gql("connection_init"))
    assert not player.on_page(live(COUNTDOWN.messages[2].payload, id="live-7")).expected


ADD = conversation(
    1,
    (">", json.dumps({"connect": "/"}), 0.0),
    ("<", json.dumps({"connect": "/", "sid": "s1"}), 0.1),
    (">", json.dumps({"event": "add", "args": [2, 3], "namespace": "/", "ack": 0}), 0.2),
    ("<", json.dumps({"ack": 0, "args": [5], "namespace": "/"}), 0.3),
    ("<", json.dumps({"event": "confirm", "args": [], "namespace": "/", "ack": 0}), 0.4),
    (">", json.dumps({"ack": 0, "args": ["yes"], "namespace": "/"}), 0.5),
)


@pytest.mark.parametrize("options", [{}, {"mode": MatchMode.json, "ignore": [("ack",)]}])
def test_socketio_ack_replies_answer_the_live_ack_id(options):
    player = make(ADD, **options).start(Opened(SocketIOCodec()), "#1")
    player.on_page(json.dumps({"connect": "/"}))
    verdict = player.on_page(json.dumps({"event": "add", "args": [2, 3], "namespace": "/",
                                         "ack": 3}))
    assert verdict.expected
    # The acknowledgement answers the page's id 3; the server's own event keeps its id 0.
    assert [json.loads(p) for p in payloads(verdict.replies)] == [
        {"ack": 3, "args": [5], "namespace": "/"},
        {"event": "confirm", "args": [], "namespace": "/", "ack": 0}]
    # The page's acknowledgement of the server's event carries the server's id, as recorded.
    answer = json.dumps({"ack": 0, "args": ["yes"], "namespace": "/"})
    assert player.on_page(answer).expected


def test_socketio_page_ack_of_a_server_event_is_compared_as_recorded():
    player = make(ADD).start(Opened(SocketIOCodec()), "#1")
    player.on_page(json.dumps({"connect": "/"}))
    player.on_page(json.dumps({"event": "add", "args": [2, 3], "namespace": "/", "ack": 3}))
    assert not player.on_page(json.dumps({"ack": 3, "args": ["yes"], "namespace": "/"})).expected


def test_a_rule_answering_a_page_message_still_maps_its_id():
    player = make(COUNTDOWN).start(Opened(GraphQLWsCodec()), "#1")
    player.on_page(gql("connection_init"))
    assert player.pass_over(live(COUNTDOWN.messages[2].payload, id="live-1")).startswith(
        "instead of recording, conversation 1, message 3")
    replies = player.on_page(live(COUNTDOWN.messages[6].payload, id="live-2")).replies
    assert [json.loads(p)["id"] for p in payloads(replies)] == ["live-2", "live-2"]
