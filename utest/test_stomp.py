"""STOMP codec: frames of STOMP 1.0-1.2 as @stomp/stompjs sends them, plain and over SockJS."""

from __future__ import annotations

import asyncio
import json

import pytest

from WsRouteLibrary.protocols import Invalid, Plumbing, ProtocolError, ProtocolMessage, codec_class
from WsRouteLibrary.protocols.base import TO_PAGE, TO_SERVER
from WsRouteLibrary.protocols.sockjs import SockJS, socket_url
from WsRouteLibrary.protocols.stomp import StompCodec
from WsRouteLibrary.protocols.stomp_frames import parse

CONNECT = "CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:10000,10000\n\n\0"
PLAIN = "ws://127.0.0.1:8000/stomp"
SOCKJS = "ws://127.0.0.1:8000/sockjs/123/abcdefgh/websocket"


def connected(url=PLAIN, mocked=True):
    """A codec whose page connected (1.2 negotiated) and subscribed to /topic/chat."""
    codec = StompCodec(url, mocked)
    items = codec.from_page(wrap(codec, CONNECT))
    [answer] = codec.default_answer(items[0])
    codec.carry(answer, TO_PAGE)
    codec.from_page(wrap(codec, "SUBSCRIBE\nid:sub-0\ndestination:/topic/chat\n\n\0"))
    return codec


def wrap(codec, text):
    return json.dumps([text]) if codec.sockjs else text


def unwrap(codec, frame):
    if codec.sockjs:
        assert frame.startswith("a[")
        [frame] = json.loads(frame[1:])
    return frame


def test_registered():
    assert codec_class("stomp") is StompCodec
    assert StompCodec(PLAIN).sockjs is False
    assert StompCodec(SOCKJS).sockjs is True


@pytest.mark.parametrize("url", [PLAIN, SOCKJS])
def test_connect_is_answered_with_connected(url):
    codec = StompCodec(url)
    assert codec.opening() == (["o"] if codec.sockjs else [])
    [message] = codec.from_page(wrap(codec, CONNECT))
    assert message.document == {"command": "CONNECT", "headers": {
        "accept-version": "1.2,1.1,1.0", "heart-beat": "10000,10000"}}
    [answer] = codec.default_answer(message)
    assert answer.document == {"command": "CONNECTED", "headers": {
        "version": "1.2", "heart-beat": "0,10000", "server": "WsRouteLibrary"}}
    assert codec.starts_session(answer)
    [frame] = codec.carry(answer, TO_PAGE)
    assert unwrap(codec, frame) == ("CONNECTED\nversion:1.2\nheart-beat:0,10000\n"
                                    "server:WsRouteLibrary\n\n\0")
    assert codec.version == "1.2"


def test_version_negotiated():
    codec = StompCodec(PLAIN)
    [message] = codec.from_page("CONNECT\naccept-version:1.0,1.1\n\n\0")
    assert codec.default_answer(message)[0].document["headers"]["version"] == "1.1"
    codec = StompCodec(PLAIN)
    [message] = codec.from_page("CONNECT\n\n\0")
    assert codec.default_answer(message)[0].document["headers"] == {
        "version": "1.0", "server": "WsRouteLibrary"}
    codec = StompCodec(PLAIN)
    [message] = codec.from_page("STOMP\naccept-version:2.0\n\n\0")
    assert codec.default_answer(message)[0].document["command"] == "ERROR"


@pytest.mark.parametrize("url", [PLAIN, SOCKJS])
def test_send_body_json_or_text(url):
    codec = connected(url)
    [message] = codec.from_page(wrap(codec, 'SEND\ndestination:/app/chat\ncontent-type:'
                                            'application/json\ncontent-length:13\n\n'
                                            '{"text":"hi"}\0'))
    assert json.loads(message) == {"command": "SEND", "destination": "/app/chat", "headers": {
        "content-type": "application/json"}, "body": {"text": "hi"}}
    assert message.frames == (wrap(codec, 'SEND\ndestination:/app/chat\ncontent-type:'
                                          'application/json\ncontent-length:13\n\n'
                                          '{"text":"hi"}\0'),)
    [message] = codec.from_page(wrap(codec, "SEND\ndestination:/app/x\n\nplain words\0"))
    assert message.document["body"] == "plain words"


def test_content_length_body_may_hold_nul():
    codec = connected()
    [message] = codec.from_page("SEND\ndestination:/a\ncontent-length:3\n\na\0b\0")
    assert message.document["body"] == "a\0b"


def test_header_escapes_in_12_not_in_connect():
    codec = connected()
    [message] = codec.from_page("SEND\ndestination:/a\nx\\cy:a\\nb\\\\c\\r\n\n\0")
    assert message.document["headers"] == {"x:y": "a\nb\\c\r"}
    [frame] = codec.encode(message, TO_SERVER)
    assert "x\\cy:a\\nb\\\\c\\r" in frame
    codec = StompCodec(PLAIN)
    [message] = codec.from_page("CONNECT\nlogin:a\\cb\n\n\0")
    assert message.document["headers"]["login"] == "a\\cb"


def test_repeated_header_first_counts_and_crlf_lines():
    codec = connected()
    [message] = codec.from_page("SEND\r\ndestination:/a\r\ndestination:/b\r\n\r\nhi\0")
    assert message.document["destination"] == "/a"
    assert message.document["body"] == "hi"


def test_several_frames_in_one_message_and_heartbeats():
    codec = connected()
    items = codec.from_page("\nSEND\ndestination:/a\n\n1\0\r\nSEND\ndestination:/b\n\n2\0\n")
    assert [item.document["body"] for item in items] == [1, 2]
    assert items[1].frames == ("SEND\ndestination:/b\n\n2\0",)
    [beat] = codec.from_page("\n")
    assert isinstance(beat, Plumbing) and beat.note == "heart-beat"
    [beat] = codec.from_page("\r\n")
    assert isinstance(beat, Plumbing)


def test_sockjs_array_of_several_frames():
    codec = connected(SOCKJS)
    items = codec.from_page(json.dumps(["SEND\ndestination:/a\n\n1\0", "SEND\ndestination:"
                                        "/b\n\n2\0"]))
    assert [item.document["destination"] for item in items] == ["/a", "/b"]
    assert items[0].frames == (json.dumps(["SEND\ndestination:/a\n\n1\0"],
                                          separators=(",", ":")),)


def test_subscriptions_are_kept_and_recorded():
    codec = connected()
    [message] = codec.from_page("SUBSCRIBE\nid:sub-1\ndestination:/topic/chat\nack:auto\n\n\0")
    assert json.loads(message) == {"command": "SUBSCRIBE", "destination": "/topic/chat",
                                   "id": "sub-1", "headers": {"ack": "auto"}}
    codec.from_page("SUBSCRIBE\nid:sub-2\ndestination:/topic/other\n\n\0")
    assert codec.find("/topic/chat") == ["sub-0", "sub-1"]
    [message] = codec.from_page("UNSUBSCRIBE\nid:sub-0\n\n\0")
    assert message.document == {"command": "UNSUBSCRIBE", "destination": "/topic/chat",
                                "id": "sub-0"}
    assert codec.find("/topic/chat") == ["sub-1"]


@pytest.mark.parametrize("url", [PLAIN, SOCKJS])
def test_a_reply_with_a_destination_reaches_every_subscription(url):
    codec = connected(url)
    codec.from_page(wrap(codec, "SUBSCRIBE\nid:sub-1\ndestination:/topic/chat\n\n\0"))
    codec.from_page(wrap(codec, "SUBSCRIBE\nid:sub-2\ndestination:/topic/other\n\n\0"))
    messages = codec.written('{"destination": "/topic/chat", "body": {"text": "hi"}}', TO_PAGE)
    assert [m.document["headers"]["subscription"] for m in messages] == ["sub-0", "sub-1"]
    frame = unwrap(codec, codec.carry(messages[0], TO_PAGE)[0])
    head, body = frame.split("\n\n")
    assert head.split("\n")[:3] == ["MESSAGE", "destination:/topic/chat", "subscription:sub-0"]
    assert "content-type:application/json" in head and "content-length:13" in head
    assert body == '{"text":"hi"}\0'
    assert codec.written('{"destination": "/topic/none", "body": "x"}', TO_PAGE) == []


def test_written_commands_checked():
    codec = connected()
    with pytest.raises(ProtocolError, match="cannot be sent to the page"):
        codec.written('{"command": "SEND", "destination": "/a"}', TO_PAGE)
    with pytest.raises(ProtocolError, match="neither"):
        codec.written('{"body": "x"}', TO_PAGE)
    with pytest.raises(ProtocolError, match="headers"):
        codec.written('{"destination": "/a", "headers": [1]}', TO_PAGE)
    [sent] = codec.written('{"destination": "/app/chat", "body": "hi"}', TO_SERVER)
    assert sent.document["command"] == "SEND"
    [error] = codec.written('{"command": "ERROR", "headers": {"message": "no"}}', TO_PAGE)
    assert codec.encode(error, TO_PAGE) == ["ERROR\nmessage:no\n\n\0"]


@pytest.mark.parametrize("url", [PLAIN, SOCKJS])
def test_receipts_answered_on_a_mocked_route(url):
    codec = connected(url)
    message, receipt = codec.from_page(wrap(codec, "SEND\ndestination:/a\nreceipt:r-1\n\nx\0"))
    assert message.document["headers"] == {"receipt": "r-1"}
    assert isinstance(receipt, Plumbing)
    assert [unwrap(codec, f) for f in receipt.answer] == ["RECEIPT\nreceipt-id:r-1\n\n\0"]
    message, receipt = codec.from_page(wrap(codec, "DISCONNECT\nreceipt:r-2\n\n\0"))
    assert message.document == {"command": "DISCONNECT", "headers": {"receipt": "r-2"}}
    assert isinstance(receipt, Plumbing)
    codec = connected(url, mocked=False)
    assert len(codec.from_page(wrap(codec, "SEND\ndestination:/a\nreceipt:r\n\n\0"))) == 1


def test_server_frames_connected_mode():
    codec = StompCodec(SOCKJS, mocked=False)
    assert isinstance(codec.from_server("o")[0], Plumbing)
    assert isinstance(codec.from_server("h")[0], Plumbing)
    assert isinstance(codec.from_server('c[3000,"Go away!"]')[0], Plumbing)
    [message] = codec.from_server(
        "a" + json.dumps(["MESSAGE\ndestination:/t\nsubscription:0\nmessage-id:1\n\n{}\0"]))
    assert message.document == {"command": "MESSAGE", "destination": "/t", "headers": {
        "subscription": "0", "message-id": "1"}, "body": {}}
    [receipt] = codec.from_server("a" + json.dumps(["RECEIPT\nreceipt-id:7\n\n\0"]))
    assert isinstance(receipt, Plumbing)


HOSTILE = [
    ("SEND\ndestination:/a\n\nno nul", "no NUL"),
    ("FROB\n\n\0", "unknown command"),
    ("SEND\ndestination:/a\nbroken\n\n\0", "not name:value"),
    ("SEND\ndestination:/a\ncontent-length:99999999999\n\nx\0", "only 2 octets follow"),
    ("SEND\ndestination:/a\ncontent-length:1e9\n\nx\0", "no number"),
    ("SEND\ndestination:/a\ncontent-length:1\n\nxy\0", "no NUL after its body"),
    (b"SEND\ndestination:/a\n\n\xff\xfe\0", "not in UTF-8"),
    (b"SEND\ndestination:\xff\n\n\0", "not in UTF-8"),
    ("SEND\ndestination:/a\nx:a\\tb\n\n\0", "undefined escape"),
    ("SEND\n\nhi\0", "without a destination"),
    ("SUBSCRIBE\ndestination:/a\n\n\0", "without an id"),
    ("MESSAGE\ndestination:/a\n\n\0", "which the page does not send"),
    ("SEND", "no empty line"),
    ("SEND\ndestination:/a\n\n\ud800\0", "lone surrogate"),
    ("SEND\n" + "h:v\n" * 1001 + "\n\0", "more than 1000 headers"),
]


@pytest.mark.parametrize(("frame", "error"), HOSTILE)
def test_hostile_frames_are_invalid(frame, error):
    codec = connected()
    [item] = codec.from_page(frame)
    assert isinstance(item, Invalid)
    assert error in item.error and item.error.startswith("invalid STOMP frame")


@pytest.mark.parametrize("frame", ["not json", "[1]", '{"a": 1}', "[" * 500, b"\x00"])
def test_hostile_sockjs_frames_are_invalid(frame):
    codec = connected(SOCKJS)
    [item] = codec.from_page(frame)
    assert isinstance(item, Invalid) and item.error.startswith("invalid SockJS frame")
    [item] = codec.from_page(json.dumps(["FROB\n\n\0"]))
    assert "unknown command" in item.error
    [item] = codec.from_server("x")
    assert isinstance(item, Invalid)


def test_parse_splits_and_keeps_raw():
    frames, beats = parse(b"SEND\ndestination:/a\n\nx\0\nRECEIPT\nreceipt-id:1\n\n\0", "1.2")
    assert [f[0] for f in frames] == ["SEND", "RECEIPT"] and not beats
    assert frames[1][3] == b"RECEIPT\nreceipt-id:1\n\n\0"


def test_document_for_matching():
    assert StompCodec.document('{"destination": "/a"}') == {"destination": "/a"}
    with pytest.raises(ProtocolError, match="JSON object"):
        StompCodec.document("[1]")
    assert StompCodec.exact({"command": "SEND", "destination": "/a", "body": "x"},
                            {"command": "SEND", "destination": "/a", "body": "x",
                             "headers": {"receipt": "1"}})


def test_message_for_a_subscription():
    codec = connected()
    message = codec.message("sub-0", "/topic/chat", "hi", {"priority": "9"})
    assert isinstance(message, ProtocolMessage)
    assert message.document["headers"]["subscription"] == "sub-0"
    assert message.document["headers"]["priority"] == "9"


def test_info_url_as_the_route_sees_it():
    assert socket_url("http://127.0.0.1:8000/sockjs/info?t=1") == "ws://127.0.0.1:8000/sockjs/info"


def test_unescaped_headers_cannot_inject_lines():
    codec = StompCodec(PLAIN)  # STOMP 1.0 until CONNECTED: nothing is escaped
    [reply] = codec.written('{"command": "CONNECTED", "headers": {"server": "x\\ninjected:1"}}',
                            TO_PAGE)
    [frame] = codec.encode(reply, TO_PAGE)
    assert frame == "CONNECTED\nserver:x injected:1\n\n\0"
    [beat] = codec.from_page("\n")
    assert isinstance(beat, Plumbing)


class _Request:
    url = "http://127.0.0.1:8000/sockjs/info?t=1"
    headers = {"origin": "http://127.0.0.1:8000"}
    frame = None


class _Route:
    request = _Request()

    def __init__(self):
        self.done = []

    async def fulfill(self, **answer):
        self.done.append(("fulfill", answer))

    async def fallback(self):
        self.done.append(("fallback", None))


class _Routed:
    def __init__(self, codec, connected=False):
        self.codec, self.connected = codec, connected


class _Shell:
    def __init__(self, routed):
        self.routed, self.asked = routed, []

    def route_for(self, url, page):
        self.asked.append(url)
        return self.routed


@pytest.mark.parametrize(("routed", "answered"), [
    (_Routed(StompCodec), True), (_Routed(StompCodec, connected=True), False),
    (_Routed(None), False), (None, False)])
def test_sockjs_info_answered_only_for_a_mocked_stomp_route(routed, answered):
    shell, route = _Shell(routed), _Route()
    asyncio.run(SockJS(shell).handle(route))
    assert shell.asked == ["ws://127.0.0.1:8000/sockjs/info"]
    [(what, answer)] = route.done
    assert what == ("fulfill" if answered else "fallback")
    if answered:
        info = json.loads(answer["body"])
        assert info["websocket"] is True and info["cookie_needed"] is False
        assert info["origins"] == ["*:*"] and isinstance(info["entropy"], int)
    assert SockJS.pattern.search("http://h/sockjs/info?t=123")
    assert not SockJS.pattern.search("http://h/sockjs/123/abc/websocket")


@pytest.mark.parametrize("mocked", [True, False])
def test_library_messages_to_a_client_ack_subscription_carry_an_ack(mocked):
    # A broker gives each MESSAGE of an ack:client(-individual) subscription an "ack"
    # header, the id stompjs's message.ack() sends back (without it, it sends nothing).
    codec = connected(mocked=mocked)
    codec.from_page("SUBSCRIBE\nid:sub-1\ndestination:/queue/work\nack:client-individual\n\n\0")
    [message] = codec.written('{"destination": "/queue/work", "body": 1}', TO_PAGE)
    headers = message.document["headers"]
    assert headers["ack"] == headers["message-id"]
    [auto] = codec.written('{"destination": "/topic/chat", "body": 1}', TO_PAGE)
    assert "ack" not in auto.document["headers"]
    [ack] = codec.from_page(f"ACK\nid:{headers['ack']}\nsubscription:sub-1\n\n\0")
    if mocked:  # the page's ACK is an app message, as any
        assert ack.document["command"] == "ACK"
    else:  # beside a broker that never sent that message: the library's to keep
        assert isinstance(ack, Plumbing) and list(ack.frames) == []
    [theirs] = codec.from_page("ACK\nid:T_sub-1@@1\nsubscription:sub-1\n\n\0")
    assert theirs.document == {"command": "ACK", "headers": {"id": "T_sub-1@@1",
                                                            "subscription": "sub-1"}}


# ------------------------------------- connected: MESSAGEs the page never got


def broker_subscribed(ack: str) -> StompCodec:
    """A connected codec whose page subscribed to /queue/q acknowledging in mode ``ack``."""
    codec = StompCodec(PLAIN, mocked=False)
    codec.from_page(CONNECT)
    codec.from_server("CONNECTED\nversion:1.2\n\n\0")
    codec.from_page(f"SUBSCRIBE\nid:sub-0\ndestination:/queue/q\nack:{ack}\n\n\0")
    return codec


def broker_message(codec: StompCodec, n: int, got: bool) -> list[str]:
    """The broker's MESSAGE ``n``, carried to the page when ``got``: what the library ACKs."""
    [message] = codec.from_server(f"MESSAGE\nsubscription:sub-0\nmessage-id:m{n}\n"
                                  f"destination:/queue/q\nack:a{n}\n\nbody\0")
    if got:
        codec.carry(message, TO_PAGE)
    return codec.settled(message)


def test_connected_individual_acks_each_message_the_page_never_got():
    codec = broker_subscribed("client-individual")
    assert broker_message(codec, 1, got=True) == []
    assert broker_message(codec, 2, got=False) == ["ACK\nid:a2\n\n\0"]
    [ack] = codec.from_page("ACK\nid:a1\n\n\0")  # the page's own: to the broker
    assert isinstance(ack, ProtocolMessage) and ack.frames == ("ACK\nid:a1\n\n\0",)
    [late] = codec.from_page("ACK\nid:a2\n\n\0")  # acked by the library already: kept
    assert isinstance(late, Plumbing) and late.frames == []
    assert codec.acks.waiting == {}


def test_connected_cumulative_acks_wait_for_the_pages_ack_before_them():
    codec = broker_subscribed("client")
    assert broker_message(codec, 1, got=True) == []
    assert broker_message(codec, 2, got=False) == []  # a1 is still the page's to ACK
    assert broker_message(codec, 3, got=False) == []
    message, after = codec.from_page("NACK\nid:a1\n\n\0")  # the page's NACK keeps its meaning
    assert isinstance(message, ProtocolMessage) and message.document["command"] == "NACK"
    assert isinstance(after, Plumbing) and after.frames == ["ACK\nid:a3\n\n\0"]  # a2 and a3
    assert broker_message(codec, 4, got=False) == ["ACK\nid:a4\n\n\0"]  # nothing before it
    assert broker_message(codec, 5, got=True) == []
    assert broker_message(codec, 6, got=True) == []
    [ack] = codec.from_page("ACK\nid:a6\n\n\0")  # cumulative: a5 too
    assert isinstance(ack, ProtocolMessage) and codec.acks.waiting == {}


def test_connected_auto_subscriptions_need_no_acks():
    codec = broker_subscribed("auto")
    assert broker_message(codec, 1, got=False) == []
    assert codec.acks.waiting == {}
