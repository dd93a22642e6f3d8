"""Connect To Server's check: a protocol route with mocked sockets open cannot connect."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from WsRouteLibrary.engine.speaking import check_connectable
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.registry import Route
from WsRouteLibrary.model.urlpattern import UrlPattern
from WsRouteLibrary.protocols import SocketIOCodec


def route(codec, *servers) -> Route:
    made = Route(UrlPattern("**/socket.io/**"))
    made.codec = codec
    made.sockets.extend(SimpleNamespace(closed=False, server=s) for s in servers)
    return made


def test_a_mocked_socket_open_refuses_with_why_and_what_to_do():
    with pytest.raises(InvalidInputError) as error:
        check_connectable(route(SocketIOCodec, None, object()))
    assert str(error.value).startswith(
        "Cannot connect route '**/socket.io/**' to the server: its 1 open socket(s) speak "
        "socket.io with the library's mock, and the library played the server's part of "
        "their handshakes (session id, namespaces), which the server never saw.")
    assert "right after Route WebSocket" in str(error.value)


@pytest.mark.parametrize("codec, servers", [
    (None, (None,)),  # raw frames: open sockets connect
    (SocketIOCodec, ()),  # nothing open yet
    (SocketIOCodec, (object(),)),  # connected already
])
def test_connects(codec, servers):
    check_connectable(route(codec, *servers))
