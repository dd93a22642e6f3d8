"""The fast path's relay side: a page's link, the shim's question, how its sockets end.

The relay is fed the frames the page's shim would send (relayframes.py) on a link whose
connection is a stand-in with only a close code: what the relay answers is read from the
link's outbox. The page's side runs in Chromium (atest/core/fast_path.robot, and the
whole acceptance suite with WSROUTE_FAST_PATH=true).
"""

import asyncio
import json

import pytest
from fakes import relay_told
from websockets.datastructures import Headers
from websockets.http11 import Request

from WsRouteLibrary.engine.relay import WorkerLink, WorkerRelay
from WsRouteLibrary.engine.relayframes import decode, encode

URL = "ws://127.0.0.1:9/chat"


async def _no_mark(kind, url):
    return None


class Connection:
    def __init__(self, close_code=None):
        self.close_code = close_code

    def respond(self, status, text):
        return status, text


class Page:
    """A relay whose ``page_socket_way`` answers ``way``, and one page's link to it."""

    def __init__(self, way="take", kind="page", close_code=None):
        self.taken = []
        self.relay = WorkerRelay(lambda ws, _: self.taken.append(ws), lambda url, page: True,
                                 _no_mark)
        self.relay.page_socket_way = lambda url: way
        self.link = WorkerLink(Connection(close_code))
        self.shim(json.dumps({"op": "hello", "kind": kind, "script": ""}))

    def shim(self, frame):
        self.relay._handle(self.link, *decode(frame))

    def said(self):
        """What the relay told the shim since last asked: (op, id) pairs."""
        return relay_told(self.link)


def test_a_taken_page_socket_is_the_pages_own_not_a_workers():
    page = Page()
    page.shim(json.dumps({"op": "open", "id": 1, "url": URL}))
    assert page.said() == [("take", 1), ("opened", 1)]
    [socket] = page.taken
    assert socket.url == URL and socket.opener == ""


@pytest.mark.parametrize("way", ["pass", "page"])
def test_a_page_socket_the_relay_no_longer_takes_goes_back_to_the_page(way):
    page = Page(way=way)
    page.shim(json.dumps({"op": "open", "id": 1, "url": URL}))
    assert page.said() == [("pass", 1)]
    assert page.taken == []


def test_a_close_without_a_code_reaches_the_road_without_one():
    page = Page()
    page.shim(json.dumps({"op": "open", "id": 1, "url": URL}))
    closes = []
    page.taken[0].on_close(lambda code, reason: closes.append((code, reason)))
    page.shim(encode("close", 1, code=1005, reason=""))
    assert closes == [(None, "")]


@pytest.mark.parametrize(("kind", "close_code", "expected"), [
    ("page", 1001, None),  # the page navigated or closed: no code, as Playwright reports
    ("page", 1006, 1006),  # the browser died: no close frame came
    ("page", None, 1006),
    ("dedicated worker", 1001, 1001),  # a worker that ends: going away
])
def test_how_a_links_sockets_end_when_it_goes(kind, close_code, expected):
    page = Page(kind=kind, close_code=close_code)
    page.shim(json.dumps({"op": "open", "id": 1, "url": URL}))
    closes = []
    page.taken[0].on_close(lambda code, reason: closes.append(code))
    page.link.end()
    assert closes == [expected]


def ask(relay, query):
    request = Request(f"/{relay.token}/ask{query}", Headers())
    return asyncio.run(relay._check(Connection(), request))


@pytest.mark.parametrize("way", ["take", "pass", "page"])
def test_the_shims_question_is_answered_with_the_way(way):
    relay = WorkerRelay(lambda ws, _: None, lambda url, page: True, _no_mark)
    asked = []
    relay.page_socket_way = lambda url: asked.append(url) or way
    response = ask(relay, "?url=" + "ws%3A%2F%2F127.0.0.1%3A9%2Fchat%3Fa%3D1")
    assert (response.status_code, response.body) == (200, way.encode())
    assert asked == ["ws://127.0.0.1:9/chat?a=1"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_question_without_a_url_leaves_the_socket_to_playwright():
    relay = WorkerRelay(lambda ws, _: None, lambda url, page: True, _no_mark)
    relay.page_socket_way = lambda url: pytest.fail("not asked")
    assert ask(relay, "").body == b"page"
    assert ask(relay, "?url=").body == b"page"


def test_a_question_to_the_wrong_token_is_refused():
    relay = WorkerRelay(lambda ws, _: None, lambda url, page: True, _no_mark)
    request = Request("/not-the-token/ask?url=x", Headers())
    assert asyncio.run(relay._check(Connection(), request))[0] == 403
