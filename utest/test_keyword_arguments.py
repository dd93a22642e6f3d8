"""Keyword arguments that become JSON on the wire or a time: refused at once, by name."""

from __future__ import annotations

import math
from datetime import timedelta
from types import SimpleNamespace

import pytest

from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.keywords.base import convert_time, seconds_of, to_seconds
from WsRouteLibrary.keywords.graphqlws import GraphQLWsKeywords
from WsRouteLibrary.keywords.socketio import SocketIOKeywords

NOT_JSON = ("JSON has no NaN or infinity, and the page's JSON.parse refuses them. Send a "
            "finite number, None or a text such as 'NaN'.")


class Engine:
    """What the protocol keywords ask of the engine: a route's protocol, and sending."""

    def __init__(self, protocol):
        self.protocol = protocol
        self.sent = []

    def protocol_of(self, url):
        return self.protocol

    def route_text(self, url):
        return "**/socket.io/**"

    def send_to_page(self, url, text, timeout):
        self.sent.append(text)
        return 1

    def push_to_operations(self, url, operation, build, note, timeout):
        codec = SimpleNamespace(result=lambda identifier, kind, payload: payload)
        self.sent.append(build(codec, "1"))
        return 1


def keywords(protocol="socket.io"):
    library = SimpleNamespace(engine=Engine(protocol), timeout=SimpleNamespace(value=1.0))
    return (SocketIOKeywords if protocol == "socket.io" else GraphQLWsKeywords)(library)


@pytest.mark.parametrize(("args", "error"), [
    ((math.nan,), f"Argument 1 of 'Emit Socket.IO Event' is nan, which is not JSON: {NOT_JSON}"),
    (("ok", math.inf), f"Argument 2 of 'Emit Socket.IO Event' is inf, which is not JSON: "
                       f"{NOT_JSON}"),
    (({"a": [1, -math.inf]},), f"Argument 1 of 'Emit Socket.IO Event' holds -inf at "
                               f"['a'][1], which is not JSON: {NOT_JSON}"),
])
def test_emit_refuses_nan_and_infinity_naming_the_argument(args, error):
    library = keywords()
    with pytest.raises(InvalidInputError) as raised:
        library.emit_socketio_event("news", *args)
    assert str(raised.value) == error
    assert library.engine.sent == []


def test_emit_refuses_a_list_that_contains_itself():
    looped: list = [1]
    looped.append(looped)
    with pytest.raises(InvalidInputError, match=r"^Argument 1 of 'Emit Socket.IO Event' nests "
                                                r"lists and dictionaries more than 200 deep"):
        keywords().emit_socketio_event("news", looped)


def test_emit_sends_finite_values():
    library = keywords()
    assert library.emit_socketio_event("news", 1.5, {"a": [None, True]}, b"\x01") == 1
    assert library.engine.sent == [
        '{"event": "news", "args": [1.5, {"a": [null, true]}, {"$binary": "AQ=="}], '
        '"namespace": "/"}'
    ]


@pytest.mark.parametrize(("result", "error"), [
    ({"data": {"n": math.nan}}, f"result of 'Send GraphQL Result' holds nan at ['data']['n'], "
                                f"which is not JSON: {NOT_JSON}"),
    ('{"data": {"n": NaN}}', "result '{\"data\": {\"n\": NaN}}' is not valid JSON: NaN is not a "
                             "JSON value (JSON.parse refuses it). Write e.g. "
                             '{"data": {"message": "hi"}}.'),
    ("[" * 100_000, "result '" + "[" * 80 + "...' nests arrays and objects more than 200 deep, "
                    "more than the library reads. Write e.g. {\"data\": {\"message\": \"hi\"}}."),
])
def test_graphql_results_refuse_what_is_not_json(result, error):
    library = keywords("graphql-ws")
    with pytest.raises(InvalidInputError) as raised:
        library.send_graphql_result("OnMessage", result)
    assert str(raised.value) == error
    assert library.engine.sent == []


def test_graphql_errors_refuse_what_is_not_json():
    library = keywords("graphql-ws")
    with pytest.raises(InvalidInputError, match=r"^errors of 'Send GraphQL Error' holds inf at "
                                                r"\[0\]\['extensions'\]\['code'\]"):
        library.send_graphql_error("OnMessage",
                                   [{"message": "x", "extensions": {"code": math.inf}}])
    with pytest.raises(InvalidInputError, match=r"^errors '\[\{\"message\": Infinity\}\]' is not "
                                                r"valid JSON: Infinity"):
        library.send_graphql_error("OnMessage", '[{"message": Infinity}]')


# ------------------------------------------------------------------ times

TOO_LONG = ("is longer than 24 hours, the longest time the library waits or delays. Give a "
            "shorter time, such as '10 s' or '5 min'.")
NOT_A_NUMBER = ("is not a number. Use a Robot Framework time string such as '500 ms', '2 s' or "
                "'1 min'.")


@pytest.mark.parametrize(("value", "error"), [
    ("nan", f"latency='nan' {NOT_A_NUMBER}"),
    ("-nan", f"latency='-nan' {NOT_A_NUMBER}"),
    (math.nan, f"latency='nan' {NOT_A_NUMBER}"),
    ("-inf", "latency='-inf' is negative. Use 0 or more."),
    ("-1e300", "latency='-1e300' is negative. Use 0 or more."),
    ("-2 days", "latency='-2 days' is negative. Use 0 or more."),
    ("inf", f"latency='inf' {TOO_LONG}"),
    ("infinity", f"latency='infinity' {TOO_LONG}"),
    ("1e300", f"latency='1e300' {TOO_LONG}"),
])
def test_unusable_times_say_what_is_wrong(value, error):
    converted = convert_time(value)
    with pytest.raises(InvalidInputError) as raised:
        seconds_of(converted, "latency")
    assert str(raised.value) == error
    with pytest.raises(InvalidInputError) as raised:
        to_seconds(converted, "latency")
    assert str(raised.value) == error
    with pytest.raises(InvalidInputError) as raised:  # not converted: the import's timeout
        to_seconds(value, "latency")
    assert str(raised.value) == error.replace("'nan'", "nan" if value is math.nan else "'nan'")


def test_usable_times():
    assert seconds_of(convert_time("50 ms"), "latency") == 0.05
    assert to_seconds(convert_time("1 day"), "timeout") == 86400
    assert seconds_of(convert_time("-5 s"), "latency") == -5  # check_latency names it
    with pytest.raises(InvalidInputError, match=r"^delay=-5 s is negative\. Use 0 or more\.$"):
        to_seconds(convert_time("-5 s"), "delay")
    assert to_seconds(timedelta(seconds=3)) == 3
