"""Hints for a route that caught no socket: why it missed each socket, what would catch it."""

import pytest

from WsRouteLibrary.model.hints import MAX_SHOWN, SeenSocket, hint, miss, relevant
from WsRouteLibrary.model.urlpattern import UrlPattern

MADE = 10.0  # when the route was made


def why(pattern, url, opened=MADE + 1, page=None, route_page=None, base_url=None):
    socket = SeenSocket(url, opened, page)
    found = miss(pattern, UrlPattern(pattern, base_url), socket, MADE, route_page,
                 lambda text: UrlPattern(text, base_url))
    return found.why, found.pattern


@pytest.mark.parametrize(("pattern", "url", "better"), [
    ("**/feed", "wss://host/feed?token=abc", "**/feed?*"),
    ("**/feed", "ws://127.0.0.1:8000/feed?next=/home", "**/feed?**"),
    ("ws://127.0.0.1:*/feed", "ws://127.0.0.1:8000/feed?a=1&b=2", "ws://127.0.0.1:*/feed?*"),
])
def test_a_query_the_pattern_does_not_allow_for(pattern, url, better):
    reason, suggested = why(pattern, url)
    query = url[url.index("?"):]
    assert reason == f"its query {query} is part of the URL that the pattern must match"
    assert suggested == better
    assert UrlPattern(suggested).matches(url)


def test_a_regular_expression_missing_the_query_is_explained_without_a_pattern():
    assert why("/feed$/", "ws://h/feed?x=1") == (
        "its query ?x=1 is part of the URL that the pattern must match", None)


@pytest.mark.parametrize(("pattern", "url", "better"), [
    ("ws://localhost:*/feed", "ws://127.0.0.1:8000/feed", "ws://127.0.0.1:*/feed"),
    ("ws://127.0.0.1:*/feed", "ws://localhost:8000/feed", "ws://localhost:*/feed"),
    ("ws://localhost:8000/feed", "ws://[::1]:8000/feed", "ws://[::1]:8000/feed"),
])
def test_the_other_spelling_of_this_machine(pattern, url, better):
    reason, suggested = why(pattern, url)
    host = url.split("//")[1].rsplit(":", 1)[0]
    named = pattern.split("//")[1].rsplit(":", 1)[0]
    assert reason == (f"it connects to {host}, the pattern names {named}: to a URL pattern "
                      "they are different hosts")
    assert suggested == better


def test_a_page_url_instead_of_a_socket_url():
    assert why("http://127.0.0.1:*/feed", "ws://127.0.0.1:8000/feed") == (
        "a WebSocket URL starts with ws://, the pattern with http://", "ws://127.0.0.1:*/feed")
    assert why("ws://host/feed", "wss://host/feed") == (
        "a WebSocket URL starts with wss://, the pattern with ws://", "wss://host/feed")


def test_another_port():
    assert why("ws://127.0.0.1:8000/feed", "ws://127.0.0.1:8001/feed") == (
        "it connects to port 8001, the pattern names port 8000", "ws://127.0.0.1:*/feed")


def test_two_mistakes_at_once():
    reason, suggested = why("ws://localhost:*/feed", "ws://127.0.0.1:9/feed?t=1")
    assert reason == ("its query ?t=1 is part of the URL that the pattern must match and it "
                      "connects to 127.0.0.1, the pattern names localhost: to a URL pattern they "
                      "are different hosts")
    assert suggested == "ws://127.0.0.1:*/feed?*"


def test_a_socket_that_opened_before_the_route_was_made():
    reason, suggested = why("**/feed", "ws://h/feed", opened=MADE - 1)
    assert reason == ("it opened before the route was made, and a route catches only sockets "
                      "opened after it: route first, then open or reload the page")
    assert suggested is None


def test_a_socket_of_another_page_than_a_page_route():
    route_page, other = object(), object()
    assert why("**/feed", "ws://h/feed", page=other, route_page=route_page) == (
        "it opened on another page, and the route has scope=page", None)
    assert why("**/feed", "ws://h/feed", page=route_page, route_page=route_page) == (None, None)


def test_a_socket_nothing_explains():
    assert why("**/feed", "ws://h/chat") == (None, None)
    assert why("ws://example.com/feed", "ws://127.0.0.1/feed") == (None, None)


def test_a_relative_pattern_is_repaired_against_the_base_url():
    reason, suggested = why("/feed", "ws://127.0.0.1:8000/feed?x=1",
                            base_url="http://127.0.0.1:8000")
    assert suggested == "/feed?*"


def test_the_sentence_names_explained_sockets_first_and_counts_the_rest():
    sockets = [SeenSocket(f"ws://h/other{n}", MADE + n) for n in range(MAX_SHOWN)]
    sockets.append(SeenSocket("ws://h/feed?x", MADE + 0.5))
    text = hint("**/feed", sockets, MADE)
    assert text.startswith(f" {MAX_SHOWN + 1} sockets opened that no route caught: ws://h/feed?x "
                           "(its query ?x is part")
    assert text.endswith("; and 1 more.")
    assert "ws://h/other4; ws://h/other3" in text  # newest first


def test_one_socket_and_none():
    assert hint("**/feed", [SeenSocket("ws://h/chat", MADE + 1)], MADE) == (
        " A socket opened that no route caught: ws://h/chat.")
    assert hint("**/feed", [], MADE) == ""


def test_relevant_sockets_opened_in_the_test_or_open_when_the_route_was_made():
    started = 5.0
    earlier_closed = SeenSocket("ws://h/a", 1.0, closed=2.0)
    earlier_open = SeenSocket("ws://h/b", 1.0)
    earlier_closed_after_route = SeenSocket("ws://h/c", 1.0, closed=MADE + 1)
    in_test = SeenSocket("ws://h/d", 6.0, closed=7.0)
    assert relevant([earlier_closed, earlier_open, earlier_closed_after_route, in_test],
                    started, MADE) == [earlier_open, earlier_closed_after_route, in_test]
