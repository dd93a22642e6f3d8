"""Replay of hostile recordings: times timing=recorded cannot wait, JSON too deep or too long."""

import json
from datetime import datetime, timezone

import pytest

from WsRouteLibrary.datatypes import MatchMode
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.har import parse_har
from WsRouteLibrary.model.replay import Replay, ReplayTiming

EPOCH = 1_790_000_000.0
STARTED = datetime.fromtimestamp(EPOCH, timezone.utc).isoformat()
DAY = 24 * 3600


def recording(*messages, started=STARTED):
    entry = {"startedDateTime": started, "request": {"url": "ws://h/a"}, "response": {},
             "_resourceType": "websocket",
             "_webSocketMessages": [{"type": kind, "time": time, "opcode": 1, "data": data}
                                    for kind, data, time in messages]}
    if started is None:
        del entry["startedDateTime"]
    return parse_har({"log": {"entries": [{"request": {"url": "http://h/"}}, entry]}}, "x.har")


def replay(found, **options):
    return Replay(found, found.conversations, "**/a", **options)


WHERE = "HAR file 'x.har', WebSocket entry 1 (ws://h/a)"
FIX = ("more than the 24 hours timing=recorded waits between two messages. Correct the times "
       "in the file, or replay with timing=immediate.")


@pytest.mark.parametrize(("times", "problem"), [
    ((EPOCH, EPOCH + 1, EPOCH + 1 + DAY + 1),
     "message 3 at entries[1]._webSocketMessages[2].time comes 86401 s (24.0003 hours) after "
     "message 2"),
    ((EPOCH, EPOCH + 1, (EPOCH + 1) * 1000 + 1e13),  # milliseconds: then the others are 1970
     "message 3 at entries[1]._webSocketMessages[2].time comes 1.17882e+10 s (3.2745e+06 "
     "hours) after message 2"),
    ((EPOCH + 3 * DAY, EPOCH + 3 * DAY, EPOCH + 3 * DAY),
     "message 1 at entries[1]._webSocketMessages[0].time comes 259200 s (72 hours) after the "
     "socket opened (entries[1].startedDateTime)"),
])
def test_recorded_timing_refuses_a_gap_over_a_day(times, problem):
    found = recording(("receive", "hi", times[0]), ("send", "go", times[1]),
                      ("receive", "late", times[2]))
    with pytest.raises(InvalidInputError) as error:
        replay(found, timing=ReplayTiming.recorded)
    assert str(error.value) == f"{WHERE}: {problem}, {FIX}"
    replay(found)  # timing=immediate does not wait: the times do not matter


def test_recorded_timing_takes_times_that_go_back_and_a_day_exactly():
    found = recording(("receive", "hi", EPOCH + 5), ("send", "go", EPOCH),
                      ("receive", "ok", EPOCH + DAY), started=None)
    player = replay(found, timing=ReplayTiming.recorded).start("s", "#1")
    assert [r.delay for r in player.greetings()] == [0.0]
    assert [r.delay for r in player.on_page("go").replies] == [DAY]


def test_a_recorded_page_message_too_deep_for_match_json():
    found = recording(("send", "[" * 300 + "]" * 300, EPOCH))
    with pytest.raises(InvalidInputError) as error:
        replay(found, mode=MatchMode.json)
    assert str(error.value) == (
        f"{WHERE}: message 1 at entries[1]._webSocketMessages[0].data nests arrays and objects "
        "300 levels deep; match=json compares at most 200. Replay with match=exact, which "
        "compares the text as it is.")
    player = replay(found).start("s", "#1")  # exact compares the text
    assert player.on_page("[" * 300 + "]" * 300).expected


@pytest.mark.parametrize("depth", [300, 100_000])
def test_a_page_message_too_deep_for_match_json_is_unexpected(depth):
    found = recording(("send", '{"a": 1}', EPOCH))
    player = replay(found, mode=MatchMode.json).start("s", "#1")
    verdict = player.on_page("[" * depth + "]" * depth)
    assert not verdict.expected
    assert ("first difference: the page's message nests arrays and objects deeper than the "
            "200 levels match=json compares.") in verdict.failure


def test_numbers_of_5000_digits_compare_as_json():
    big = "7" * 5000
    found = recording(("send", f'{{"n": {big}, "id": 1}}', EPOCH), ("receive", "ok", EPOCH))
    player = replay(found, mode=MatchMode.json, ignore=[("id",)]).start("s", "#1")
    other = player.on_page(f'{{"n": {big}8, "id": 2}}')
    assert not other.expected
    assert "first difference: at 'n': recorded " in other.failure
    assert [r.payload for r in player.on_page(f'{{"n": {big}, "id": 2}}').replies] == ["ok"]


def test_a_deep_reply_is_sent_as_recorded_with_ids_mapped():
    class Socket:
        class codec:  # noqa: N801 - stands for a codec class
            correlation = ("id", None)

    deep = "[" * 5000 + "]" * 5000
    found = recording(("send", json.dumps({"type": "subscribe", "id": "1"}), EPOCH),
                      ("receive", deep, EPOCH))
    player = replay(found).start(Socket(), "#1")
    verdict = player.on_page(json.dumps({"type": "subscribe", "id": "live"}))
    assert [r.payload for r in verdict.replies] == [deep]
