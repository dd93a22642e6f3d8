"""MQTT's keywords and its section of the library's documentation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api import logger
from robot.api.deco import keyword

from ..engine.traffic import own
from ..errors import InvalidInputError, ProtocolError
from ..protocols.base import canonical
from ..protocols.mqtt import MqttCodec, retain
from ..protocols.mqtt_documents import checked
from ..protocols.mqtt_packets import payload_bytes, payload_value
from .plugins import ProtocolPlugin
from .protocols import jsonable


class MqttKeywords(ProtocolPlugin):
    """MQTT (``protocol=mqtt``): MQTT 3.1.1 and 5 over WebSocket, as ``mqtt.js`` speaks it.

    The route plays the broker for the page's real MQTT client (subprotocol
    ``mqtt``; ``mqtt.connect('ws://host/mqtt', {protocolVersion: 4})`` or
    ``5``). Packets are binary; the library reads them however the
    WebSocket frames split or join them, and shows, records and matches
    each app packet as JSON. On a mocked route it answers CONNECT with
    CONNACK (unless a rule does: a reply ``{"type": "connack",
    "returnCode": 5}`` refuses the connection; ``reasonCode`` in MQTT 5),
    SUBSCRIBE with SUBACK granting the QoS asked, UNSUBSCRIBE with
    UNSUBACK, PINGREQ with PINGRESP, and the QoS 1 and 2 handshakes of
    both directions (PUBACK; PUBREC, PUBREL, PUBCOMP). Those are not
    recorded.

    | =Packet= | =Canonical text= |
    | publish (both ways) | ``{"type": "publish", "topic": "chat/lobby", "payload": {"text": "hi"}, "qos": 0, "retain": false}``, with ``"dup": true`` and MQTT 5 ``"properties": {...}`` when set |
    | subscribe, unsubscribe | ``{"type": "subscribe", "topics": ["chat/+", "news/#"], "subscriptions": [{"topic": "chat/+", "qos": 1}, ...]}``, ``{"type": "unsubscribe", "topics": [...]}`` |
    | connect, connack | ``{"type": "connect", "clientId": "mqttjs_1", "protocolVersion": 4, "clean": true, "keepalive": 60}`` (``will``, ``username``, ``password``, ``properties`` when given), ``{"type": "connack", "sessionPresent": false, "returnCode": 0}`` |
    | disconnect | ``{"type": "disconnect"}`` |

    A ``payload`` is JSON when its bytes are UTF-8 JSON (but a JSON string
    stays its text, quotes and all), else text when they are UTF-8, else
    ``{"$binary": "<base64>"}``. With ``match=exact`` a ``qos`` left out
    is 0 and ``retain`` false, and ``dup``, ``subscriptions`` and
    ``properties`` are compared only when written.

    *Subscriptions, wildcards and QoS.* The library keeps the page's
    subscriptions, with MQTT's wildcards: ``+`` stands for one topic level
    (``sensors/+/temp`` matches ``sensors/kitchen/temp``), ``#`` for any
    number of levels at the end (``sensors/#`` matches ``sensors`` and
    ``sensors/a/b``); neither matches a topic starting with ``$``. A
    message to the page with a ``topic`` (a rule's reply, `Send To Page`,
    `Publish MQTT Message`) becomes a PUBLISH to each matching
    subscription, at the lower of the subscription's granted QoS and the
    message's; a message no subscription matches reaches nobody. A publish
    from the page that no rule takes goes to the page's own matching
    subscriptions, as a broker forwards it (MQTT 5 ``noLocal``
    subscriptions excepted).

    *Retained messages.* A publish with ``"retain": true``, from the page
    or from the library, is kept for its topic (an empty payload clears
    it) and delivered, with ``retain`` set, when the page subscribes to a
    matching filter later, as a broker keeps them for every later
    connection: they belong to the route, so a page that reloads or
    reconnects on it gets them too, and they go with the route when the
    test (or suite) that made it ends, so nothing leaks into the next one.
    `Publish MQTT Message` with ``retain=${True}`` may run before the page
    connects. On a connected route the broker keeps its own retained
    messages; the library's reach only the subscriptions open when sent.
    `Send On Open` messages go right after the CONNACK, before the page
    has subscribed: give them ``"retain": true`` to reach its later
    subscriptions.

    | Route WebSocket    **/mqtt    protocol=mqtt
    | Wait For Sent Message    {"type": "subscribe", "topics": ["chat/+"]}    match=json
    | Reply When Sent    {"type": "publish", "topic": "chat/lobby"}    {"topic": "chat/lobby", "payload": {"text": "echo"}}    match=json
    | ${reached} =    Publish MQTT Message    sensors/kitchen/temp    {"celsius": 21}    qos=1
    | Publish MQTT Message    config/theme    dark    retain=${True}

    *Connected mode.* On a connected route (`Connect To Server` to a real
    broker) the codec reads the broker's packets too, and the broker does
    the answering: its CONNACK and publishes are recorded, SUBACK, PINGRESP
    and the acknowledgements of either side pass unrecorded. Tested against
    RabbitMQ 3.10's ``rabbitmq_web_mqtt`` (``ws://host:15675/ws``) with
    mqtt.js: rules drop or rewrite the broker's publishes by field, pings
    pass, and `Publish MQTT Message` and rules' replies reach the page
    beside the broker's traffic at the QoS the broker's SUBACK granted.
    The library acknowledges each QoS 1 or 2 publish of the broker itself
    as it comes (PUBACK; PUBREC, then PUBCOMP for the broker's PUBREL),
    whatever a rule does with it, so a dropped or replaced publish never
    fills the broker's window of unacknowledged messages (RabbitMQ's
    ``mqtt.prefetch``, 10) and is never sent again. Toward the page the
    library plays the broker for every QoS 1 or 2 publish, the broker's
    and its own: each is numbered when it is sent to the page, and the
    page's PUBACK, PUBREC and PUBCOMP are answered by the library and not
    passed on. The page's own publishes and their acknowledgements pass
    between the page and the broker as they came. RabbitMQ 3.10 speaks MQTT 3.1.1
    only (it closes the socket of an MQTT 5 ``CONNECT``) and closes the
    socket on a bad login without a CONNACK: the page's client sees a
    close, and the journal shows the ``CONNECT`` and the close.

    | Route WebSocket    **/ws    protocol=mqtt
    | Connect To Server
    | Drop When Received    {"type": "publish", "payload": {"text": "secret"}}    match=json
    """

    codec = MqttCodec

    @keyword("Publish MQTT Message", tags=["Protocol"])
    def publish_mqtt_message(
        self,
        topic: str,
        payload: Any,
        qos: int = 0,
        retain: bool = False,
        url: str | None = None,
        timeout: timedelta | None = None,
    ) -> int:
        """Publishes ``payload`` on ``topic`` to the page, as the broker delivers it.

        The route must speak MQTT (``Route WebSocket    **/mqtt    protocol=mqtt``).
        The message reaches each of the page's subscriptions whose filter
        matches ``topic`` (``+`` and ``#`` wildcards), as one PUBLISH each at
        the lower of ``qos`` (0, 1 or 2) and the QoS the subscription was
        granted; the page's acknowledgements are the library's business.
        ``topic`` has no wildcards. ``payload`` is JSON text, a dictionary or
        list (sent as JSON), a number, a plain text, or ``bytes`` for a
        binary payload.

        Without ``retain`` it waits up to ``timeout`` (default: the library
        timeout) for a subscription that matches, so it can run right after
        the page loads, and fails when none comes, naming the page's
        subscriptions. With ``retain=${True}`` the message is also kept for
        the topic by the route (an empty payload clears it) and reaches later
        matching subscriptions of any of its sockets, a reloaded page's too;
        then it waits for nothing: on a route with no socket yet it is kept
        for later and 0 is returned. Returns the number of page
        subscriptions reached. ``url``: see `Common arguments`.

        Example:
        | ${reached} =    Publish MQTT Message    sensors/kitchen/temp    {"celsius": 21}
        | Should Be Equal    ${reached}    ${2}    # sensors/+/temp and sensors/#
        | Publish MQTT Message    alerts/fire    evacuate    qos=2
        | Publish MQTT Message    config/theme    dark    retain=${True}
        """
        name = "Publish MQTT Message"
        self.needs(url, name)
        if isinstance(payload, str):
            value = payload_value(payload.encode("utf-8", "surrogatepass"))
        else:
            value = jsonable(payload, f"payload of '{name}'")
        text = canonical({"type": "publish", "topic": topic, "payload": value, "qos": qos,
                          "retain": retain})
        try:
            document = checked({"type": "publish", "topic": topic,
                                            "payload": value, "qos": qos, "retain": retain},
                                           text)
        except ProtocolError as error:
            raise InvalidInputError(f"{error} ({name})") from None
        seconds = self.timeout(timeout)
        if retain:
            count = self.engine.loop.call(self._retained, url, document, name)
        else:
            count = self.engine.push_to_operations(
                url, topic, lambda codec, topic_filter: codec.delivery(document, topic_filter),
                name, seconds)
        logger.info(f"Published {text} to {count} MQTT subscription(s).")
        return count

    def _retained(self, url: str | None, document: dict[str, Any], name: str) -> int:
        """On the engine's loop: the retained message kept by the route, for its later
        subscriptions, and delivered to the matching ones of its open sockets; how many
        were reached."""
        engine = self.engine
        route = engine.registry.resolve(url, name)
        retain(route.shared, document, payload_bytes(document["payload"]))
        count = 0
        for socket in own(route.open_sockets()):
            codec = engine.traffic.codec_of(socket)
            if not isinstance(codec, MqttCodec):
                continue
            for message in codec.deliveries(document):
                count += bool(engine.traffic.to_page(socket, message, name))
        return count
