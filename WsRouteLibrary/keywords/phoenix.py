"""Phoenix Channels' keywords and its section of the library's documentation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from ..errors import InvalidInputError, quote
from ..protocols.phoenix import PhoenixCodec
from .plugins import ProtocolPlugin
from .protocols import json_argument


class PhoenixKeywords(ProtocolPlugin):
    """Phoenix Channels (``protocol=phoenix``): channels of an Elixir app, serializer v2, as the ``phoenix`` client speaks it.

    On a mocked route the library plays the Phoenix endpoint: it answers
    every ``phx_join`` with ``{"status": "ok", "response": {}}`` unless a
    rule replies otherwise, every ``phx_leave`` with ``ok``, and the
    socket's ``heartbeat`` (topic ``phoenix``), so the client stays
    connected. Heart-beats are not recorded; joins, leaves, pushes and
    replies are. The library keeps which channels the page joined.

    | =Message= | =Canonical text= |
    | push, event | ``{"topic": "room:lobby", "event": "new_msg", "payload": {"body": "hi"}, "ref": "3", "join_ref": "1"}`` |
    | join | ``{"topic": "room:lobby", "event": "phx_join", "payload": {...}, "ref": "1", "join_ref": "1"}`` |
    | reply | ``{"topic": "room:lobby", "event": "phx_reply", "payload": {"status": "ok", "response": {...}}, "ref": "3", "join_ref": "1"}`` |

    ``ref`` and ``join_ref`` are the client's (a ref the wire leaves null
    is left out); with ``match=exact`` they are compared only when written,
    and a ``payload`` left out is ``{}``.

    A rule's reply to a page message is one of:
    - ``{"status": "ok", "response": {...}}`` or ``{"status": "error",
      "response": {...}}``: the ``phx_reply`` to the matched join or push,
      under its refs: the page's ``receive("ok", ...)`` or ``receive("error",
      ...)`` callback gets the response. An ``error`` reply to a
      ``phx_join`` is a refused join: the channel is not joined (the client
      tries again later, as it does with a real server);
    - ``{"event": "new_msg", "payload": {...}}``: an event to the page's
      channel of the matched message (``"topic"`` names another), reaching
      its ``channel.on("new_msg", ...)`` handlers.

    | Route WebSocket    url=**/socket/**    protocol=phoenix
    | Reply When Sent    {"topic": "room:vip", "event": "phx_join"}    {"status": "error", "response": {"reason": "unauthorized"}}    match=json
    | Reply When Sent    {"event": "new_msg"}    {"status": "ok", "response": {"id": 1}}    match=json
    | Reply When Sent    {"event": "ping"}    {"event": "pong", "payload": {"n": "{{payload.n}}"}}    match=json
    | Wait For Sent Message    {"topic": "room:lobby", "event": "phx_join"}    match=json
    | ${count} =    Push Phoenix Event    room:lobby    new_msg    {"body": "hi"}

    The client's socket URL is its endpoint with ``/websocket?vsn=2.0.0``
    (``new Phoenix.Socket("/socket")`` opens ``…/socket/websocket?vsn=2.0.0``).
    Only the WebSocket transport is supported: leave the client's long-poll
    fallback off (no ``longPollFallbackMs``, no ``transport: LongPoll``).
    Only serializer v2's JSON frames are read; its binary payloads fail the
    test. No Phoenix server installs here: connected mode and replays are
    not yet tested against a real endpoint.
    """

    codec = PhoenixCodec

    @keyword("Push Phoenix Event", tags=["Protocol"])
    def push_phoenix_event(
        self,
        topic: str,
        event: str,
        payload: Any = None,
        url: str | None = None,
        timeout: timedelta | None = None,
    ) -> int:
        """Pushes ``event`` with ``payload`` to the page's joined channels of ``topic``, as a channel's ``push`` or ``broadcast`` does.

        The route must speak Phoenix (``protocol=phoenix``). ``payload`` is
        JSON text, a dictionary or list (sent as JSON), a plain text (sent as
        a JSON string) or None (``{}``, the default); NaN, infinities and data
        nested deeper than 200 fail at once. The event reaches the page's
        ``channel.on(event, ...)`` handlers of every channel of ``topic`` it
        joined (and not left, nor had refused).

        Waits up to ``timeout`` (default: the library timeout) for such a
        channel to be joined, so it can run right after the page loads;
        fails when none is, naming the joined ones. Returns the number of
        joined channels reached. ``url``: see `Common arguments`.

        Example:
        | ${count} =    Push Phoenix Event    room:lobby    new_msg    {"body": "hi", "user": "bob"}
        | Should Be Equal As Integers    ${count}    1
        | Push Phoenix Event    room:lobby    user_left
        """
        if not isinstance(topic, str) or not topic or not isinstance(event, str) or not event:
            raise InvalidInputError(
                f"topic={topic!r} and event={event!r} must be non-empty texts, e.g. "
                "room:lobby and new_msg."
            )
        self.needs(url, "Push Phoenix Event")
        body = _payload(payload)
        count = self.engine.push_to_operations(
            url, topic, lambda codec, join_ref: codec.event(join_ref, event, body),
            "Push Phoenix Event", self.timeout(timeout))
        logger.info(f"Pushed {event} to {count} joined channel(s) {quote(topic)}.")
        return count


def _payload(payload: Any) -> Any:
    """A payload argument as JSON: JSON text is parsed, other text is a JSON string."""
    if payload is None:
        return {}
    if isinstance(payload, str):
        if not payload.strip().startswith(("{", "[")):
            return payload
        return json_argument(payload.strip(), "payload", '{"body": "hi"}',
                             "payload of 'Push Phoenix Event'")
    return json_argument(payload, "payload", '{"body": "hi"}', "payload of 'Push Phoenix Event'")
