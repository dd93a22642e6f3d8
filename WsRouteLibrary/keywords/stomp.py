"""STOMP's keywords and its section of the library's documentation."""

from __future__ import annotations

from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from ..errors import InvalidInputError, ProtocolError, quote
from ..protocols.base import load_json
from ..protocols.sockjs import SockJS
from ..protocols.stomp import StompCodec
from .plugins import ProtocolPlugin
from .protocols import jsonable


class StompKeywords(ProtocolPlugin):
    """STOMP (``protocol=stomp``): STOMP 1.0-1.2, also over SockJS.

    The library speaks STOMP as ``@stomp/stompjs`` and a broker do, over a
    plain WebSocket and over SockJS's WebSocket transport. On a mocked
    route it plays the broker: it answers ``CONNECT`` (or ``STOMP``) with
    ``CONNECTED`` (the highest version both speak; no heart-beats from the
    library, the page's taken at its rate), keeps the page's subscription
    ids per destination, and answers every frame with a ``receipt`` header
    with its ``RECEIPT`` (also a ``DISCONNECT``'s). Heart-beats, receipts
    and SockJS's own frames are not recorded; ``SUBSCRIBE`` and
    ``UNSUBSCRIBE`` are, so a test can wait for a subscription.

    | =Message= | =Canonical text= |
    | the page sends | ``{"command": "SEND", "destination": "/app/chat", "body": {"text": "hi"}, "headers": {...}}`` |
    | the page subscribes | ``{"command": "SUBSCRIBE", "destination": "/topic/chat", "id": "sub-0"}``, ``{"command": "UNSUBSCRIBE", "destination": "/topic/chat", "id": "sub-0"}`` |
    | the page receives | ``{"command": "MESSAGE", "destination": "/topic/chat", "body": ..., "headers": {"subscription": "sub-0", "message-id": "..."}}`` |
    | handshake, error | ``{"command": "CONNECT", "headers": {"accept-version": "1.2,1.1,1.0", ...}}``, ``{"command": "CONNECTED", "headers": {"version": "1.2", ...}}``, ``{"command": "ERROR", "headers": {"message": "..."}}`` |

    A ``body`` is JSON when the frame's body is JSON, else its text;
    ``headers`` leave out ``destination`` and ``content-length`` and are
    compared by ``match=exact`` only when written (as ``id``). A reply
    (or `Send To Page`) with a ``destination`` and no ``command`` is a
    ``MESSAGE`` to *every* subscription of the page's socket to that
    destination (none: nothing is sent), with ``subscription`` and
    ``message-id`` filled in; a ``body`` that is no text is sent as JSON
    (``content-type: application/json``). ``{"command": "ERROR",
    "headers": {"message": "..."}}`` answers a ``CONNECT`` with a refusal.
    Destinations match exactly (no broker's wildcards).

    | Route WebSocket    **/stomp    protocol=stomp
    | Reply When Sent    {"command": "SEND", "destination": "/app/chat"}    {"destination": "/topic/chat", "body": {"text": "{{body.text}}"}}    match=json
    | Wait For Sent Message    {"command": "SUBSCRIBE", "destination": "/topic/chat"}    match=json
    | ${count} =    Send STOMP Message    /topic/chat    {"text": "hello"}
    | Wait For Sent Message    {"destination": "/app/chat", "body": {"text": "hi"}}    match=json

    *SockJS.* Over SockJS (Spring's ``withSockJS()``), the client GETs
    ``<base>/info`` first and then opens
    ``<base>/<server>/<session>/websocket``: the route's pattern must match
    both, as ``**/sockjs/**`` does for a base ``.../sockjs``. The library
    answers ``info`` on a mocked route and speaks SockJS's framing (``o``,
    ``h`` every 25 seconds, ``a[...]``) itself; the log shows the STOMP
    messages. Only SockJS's WebSocket transport is spoken: make the client
    with ``new SockJS(url, null, {transports: ['websocket']})``, or its
    fallbacks (xhr-streaming, xhr-polling, ...) go to the network.

    | Route WebSocket    url=**/sockjs/**    protocol=stomp
    | Wait For Sent Message    {"command": "CONNECT"}    match=json
    | Send STOMP Message    /topic/news    plain text news    headers={"priority": "9"}

    *Connected mode.* On a connected route (`Connect To Server` to a
    broker) the codec reads the broker's frames too, and the broker does
    the answering: ``CONNECTED`` and ``ERROR`` are recorded, its
    heart-beats and ``RECEIPT`` frames pass unrecorded. Tested against
    RabbitMQ 3.10's ``rabbitmq_web_stomp`` (``ws://host:15674/ws``) with
    ``@stomp/stompjs``: rules drop or rewrite the broker's ``MESSAGE``
    frames by field (a `Reply When Received` with a ``destination`` reaches
    the page's subscriptions of it), `Send STOMP Message` reaches the page
    beside the broker's traffic, heart-beats and receipts pass, and a bad
    login comes back as the broker's ``ERROR`` (``message: Bad CONNECT``;
    RabbitMQ leaves the socket open). A library ``MESSAGE`` to a
    subscription with ``ack: client`` or ``client-individual`` carries the
    ``ack`` header a broker gives it (stompjs's ``message.ack()`` needs
    it); on a connected route the page's ``ACK`` or ``NACK`` of it stays
    with the library and is not recorded (RabbitMQ answers an ``ACK`` of a
    message it never sent with an ``ERROR``). A broker's ``MESSAGE`` of a
    client-ack subscription that a rule drops or replaces never reaches
    the page, so the library ``ACK``s it to the broker itself (else
    RabbitMQ stops delivering at the subscription's ``prefetch-count``
    and gives the message to the queue's next consumer): in
    ``client-individual`` mode at once; in ``client`` mode, whose ``ACK``
    covers every earlier message, once no earlier message is still the
    page's to acknowledge. The page's own ``ACK`` and ``NACK`` of the
    broker's messages it got reach the broker as they came, so a ``NACK``
    keeps its meaning. RabbitMQ 3.10's web_stomp has no SockJS
    endpoint (only ``/ws``), so STOMP over SockJS is tested mocked only.

    | Route WebSocket    **/ws    protocol=stomp
    | Connect To Server
    | Drop When Received    {"command": "MESSAGE", "body": {"text": "secret"}}    match=json
    """

    codec = StompCodec
    transport = SockJS

    @keyword("Send STOMP Message", tags=["Protocol"])
    def send_stomp_message(
        self,
        destination: str,
        body: Any,
        headers: dict | None = None,
        url: str | None = None,
    ) -> int:
        """Sends a ``MESSAGE`` of ``destination`` to every page subscription of it.

        The route must speak STOMP (``protocol=stomp``). ``body`` is JSON
        text or a dictionary or list (sent as JSON, with ``content-type:
        application/json``), or plain text (sent as it is). ``headers`` is a
        dictionary of extra headers (``subscription`` and ``message-id`` are
        filled in). Destinations match exactly.

        Waits up to the library timeout for the page to subscribe to
        ``destination``, so it can run right after the page loads; fails
        when it does not, naming the destinations it subscribed to.
        Returns the number of subscriptions reached (a socket may subscribe
        to a destination more than once). ``url``: see `Common arguments`.

        Example:
        | ${count} =    Send STOMP Message    /topic/chat    {"text": "hello"}
        | Send STOMP Message    /topic/news    plain text    headers={"priority": "9"}
        """
        self.needs(url, "Send STOMP Message")
        if not isinstance(destination, str) or not destination:
            raise InvalidInputError(f"STOMP destination {quote(str(destination))} must be a "
                                    "text such as /topic/chat.")
        value = _body(body)
        if headers is not None and not isinstance(headers, dict):
            raise InvalidInputError(f"headers {quote(str(headers))} of 'Send STOMP Message' "
                                    'must be a dictionary such as {"priority": "9"}.')
        extra = {str(k): str(v) for k, v in jsonable(
            headers or {}, "headers of 'Send STOMP Message'").items()}
        count = self.engine.push_to_operations(
            url, destination,
            lambda codec, identifier: codec.message(identifier, destination, value, extra),
            "Send STOMP Message", self.timeout(None))
        logger.info(f"Sent a STOMP MESSAGE to {count} subscription(s) of {quote(destination)}.")
        return count


def _body(body: Any) -> Any:
    """JSON text as its value, other text as it is, lists and dictionaries as JSON."""
    if isinstance(body, str):
        stripped = body.strip()
        if stripped[:1] in ("{", "["):
            try:
                return load_json(stripped, f"body {quote(body[:80])}")
            except ProtocolError as error:
                raise InvalidInputError(f"{error} of 'Send STOMP Message'. Write JSON such "
                                        'as {"text": "hi"}, or plain text.') from None
        return body
    return jsonable(body, "body of 'Send STOMP Message'")
