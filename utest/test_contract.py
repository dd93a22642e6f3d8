"""AsyncAPI contracts: reading documents (2.x and 3.0), choosing definitions, misfits."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from WsRouteLibrary.datatypes import Side
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.contracts import SchemaCheck, load_contract
from WsRouteLibrary.model.contracts.checking import check
from WsRouteLibrary.protocols.base import ProtocolMessage

COMMON = """
schemas:
  Price:
    type: number
    minimum: 0
"""

V2 = """
asyncapi: 2.6.0
info: {title: Quotes, version: '1'}
channels:
  /quotes:
    subscribe:
      message:
        oneOf:
          - $ref: '#/components/messages/Quote'
          - $ref: '#/components/messages/Error'
    publish:
      message:
        $ref: '#/components/messages/Subscribe'
  /news:
    subscribe:
      message:
        name: Headline
        payload: {type: string}
components:
  messages:
    Quote:
      payload:
        $ref: '#/components/schemas/Quote'
      examples:
        - name: cheap quote
          payload: {type: quote, symbol: ACME, price: 1.5}
        - payload: {type: quote, symbol: ACME, price: 99}
    Error:
      payload:
        type: object
        required: [type, text]
        properties:
          type: {const: error}
          text: {type: string}
    Subscribe:
      payload:
        type: object
        required: [action, symbol]
        properties:
          action: {enum: [subscribe, unsubscribe]}
          symbol: {type: string, pattern: '^[A-Z]+$'}
  schemas:
    Quote:
      type: object
      required: [type, symbol, price]
      properties:
        type: {const: quote}
        symbol: {type: string}
        price: {$ref: 'common.yaml#/schemas/Price'}
"""

V3 = """
{
  "asyncapi": "3.0.0",
  "info": {"title": "Chat", "version": "1"},
  "channels": {
    "room": {
      "address": "/rooms/{room}",
      "messages": {
        "said": {"$ref": "#/components/messages/said"},
        "join": {"$ref": "#/components/messages/join"},
        "typing": {"payload": {"type": "object", "required": ["typing"],
                               "properties": {"typing": {"type": "boolean"}}}}
      }
    },
    "status": {"address": "/status", "messages": {"up": {"payload": {"const": "up"}}}}
  },
  "operations": {
    "tellRoom": {"action": "send", "channel": {"$ref": "#/channels/room"},
                 "messages": [{"$ref": "#/channels/room/messages/said"}]},
    "hearJoin": {"action": "receive", "channel": {"$ref": "#/channels/room"},
                 "messages": [{"$ref": "#/channels/room/messages/join"},
                              {"$ref": "#/channels/room/messages/typing"}]},
    "status": {"action": "send", "channel": {"$ref": "#/channels/status"}}
  },
  "components": {
    "messages": {
      "said": {"payload": {"$ref": "shared.json#/Said"},
               "examples": [{"name": "hello", "payload": {"from": "ann", "text": "hi"}}]},
      "join": {"name": "Join", "payload": {"type": "object", "required": ["join"],
               "properties": {"join": {"type": "string", "minLength": 1}}}}
    }
  }
}
"""

SHARED = """{"Said": {"type": "object", "required": ["from", "text"],
          "properties": {"from": {"type": "string"}, "text": {"type": "string"},
                         "at": {"type": "string", "format": "date"}}}}"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    write(tmp_path, "common.yaml", COMMON)
    return write(tmp_path, "quotes.yaml", V2)


@pytest.fixture
def v3(tmp_path: Path) -> Path:
    write(tmp_path, "shared.json", SHARED)
    return write(tmp_path, "chat.json", V3)


def names(definitions) -> list[str]:
    return [d.name for d in definitions]


# ----------------------------------------------------------- directions


def test_2x_subscribe_is_what_the_page_receives_publish_what_it_sends(v2: Path) -> None:
    contract = load_contract(v2, socket_url="ws://127.0.0.1:1/quotes")
    assert contract.chosen.key == "/quotes"
    assert names(contract.chosen.directions[Side.page]) == ["Quote", "Error"]
    assert names(contract.chosen.directions[Side.server]) == ["Subscribe"]
    assert len(contract.definitions()) == 3


def test_3x_send_is_what_the_page_receives_receive_what_it_sends(v3: Path) -> None:
    contract = load_contract(v3, channel="room")
    assert names(contract.chosen.directions[Side.page]) == ["said"]
    assert names(contract.chosen.directions[Side.server]) == ["Join", "typing"]


def test_an_operation_without_messages_takes_all_its_channels(v3: Path) -> None:
    contract = load_contract(v3, channel="/status")
    assert names(contract.chosen.directions[Side.page]) == ["up"]
    assert contract.chosen.directions[Side.server] == []


def test_the_channel_is_the_one_whose_address_matches_the_socket_path(v3: Path) -> None:
    contract = load_contract(v3)
    assert contract.chosen is None  # two channels, no URL yet: chosen per socket
    assert contract.channel_for("ws://127.0.0.1:1/rooms/blue?x=1").key == "room"
    assert contract.channel_for("ws://127.0.0.1:1/status").key == "status"
    assert contract.channel_for("ws://127.0.0.1:1/other") is None
    assert len(contract.definitions()) == 4


def test_the_only_channel_is_chosen_whatever_the_path(tmp_path: Path) -> None:
    path = write(tmp_path, "one.yaml", """
        asyncapi: '2.0.0'
        channels:
          anything:
            publish: {message: {payload: {type: integer}}}
        """)
    contract = load_contract(path, socket_url="ws://127.0.0.1:1/elsewhere")
    assert contract.chosen.key == "anything"
    assert names(contract.chosen.directions[Side.server]) == ["anything publish"]


# -------------------------------------------------------------- checking


def test_a_fitting_message_is_seen_for_coverage(v2: Path) -> None:
    contract = load_contract(v2, channel="/quotes")
    fit, misfit = check(contract.chosen.directions[Side.page],
                        '{"type": "error", "text": "down"}')
    assert misfit is None and fit.name == "Error"
    contract.seen.add(fit.name)
    assert contract.coverage() == ("AsyncAPI document 'quotes.yaml': 1 of 3 message definitions "
                                   "seen (Error); not seen: Quote, Subscribe.")
    assert "0 of 3" in contract.coverage()  # what was seen resets


def test_closest_definition_is_the_branch_whose_const_fields_fit(v2: Path) -> None:
    definitions = load_contract(v2, channel="/quotes").chosen.directions[Side.page]
    # Fewer errors against Error (1) than Quote (3), but type says quote.
    _, misfit = check(definitions, '{"type": "quote", "text": "x"}')
    assert misfit.definition == "Quote"
    assert misfit.reason == "$: 'symbol' is a required property"


def test_misfit_names_json_path_and_rule_through_a_ref_to_another_file(v2: Path) -> None:
    definitions = load_contract(v2, channel="/quotes").chosen.directions[Side.page]
    _, misfit = check(definitions, '{"type": "quote", "symbol": "ACME", "price": "abc"}')
    assert (misfit.definition, misfit.reason) == ("Quote", "$.price: 'abc' is not of type 'number'")
    _, misfit = check(definitions, '{"type": "quote", "symbol": "ACME", "price": -1}')
    assert misfit.reason == "$.price: -1 is less than the minimum of 0"


def test_without_const_fields_the_closest_has_fewest_errors(v3: Path) -> None:
    definitions = load_contract(v3, channel="room").chosen.directions[Side.server]
    _, misfit = check(definitions, '{"typing": "yes"}')
    assert (misfit.definition, misfit.reason) == ("typing", "$.typing: 'yes' is not of type "
                                                  "'boolean'")


def test_enum_rules_and_formats_are_checked(v2: Path, v3: Path) -> None:
    sends = load_contract(v2, channel="/quotes").chosen.directions[Side.server]
    _, misfit = check(sends, '{"action": "buy", "symbol": "ACME"}')
    assert misfit.reason == "$.action: 'buy' is not one of ['subscribe', 'unsubscribe']"
    said = load_contract(v3, channel="room").chosen.directions[Side.page]
    _, misfit = check(said, '{"from": "ann", "text": "hi", "at": "yesterday"}')
    assert misfit.reason == "$.at: 'yesterday' is not a 'date'"


def test_a_payload_level_one_of_reports_the_const_branch(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 3.0.0
        channels:
          c:
            address: /c
            messages:
              event:
                payload:
                  oneOf:
                    - $ref: '#/components/schemas/A'
                    - {type: object, properties: {kind: {const: b}, n: {type: integer}}}
        operations:
          o: {action: send, channel: {$ref: '#/channels/c'}}
        components:
          schemas:
            A: {type: object, required: [n], properties: {kind: {const: a}, n: {type: string}}}
        """)
    definitions = load_contract(path).chosen.directions[Side.page]
    _, misfit = check(definitions, '{"kind": "b", "n": "x"}')
    assert misfit.reason == "$.n: 'x' is not of type 'integer'"
    _, misfit = check(definitions, '{"kind": "a", "n": 1}')
    assert misfit.reason == "$.n: 1 is not of type 'string'"


def test_non_json_and_binary_messages_are_misfits_with_a_reason(v2: Path) -> None:
    definitions = load_contract(v2, channel="/quotes").chosen.directions[Side.page]
    assert check(definitions, "hello")[1].reason == (
        "it is not valid JSON (Expecting value: line 1 column 1 (char 0))")
    assert check(definitions, "NaN")[1].reason == (
        "it is not valid JSON: NaN is not a JSON value (JSON.parse refuses it)")
    assert check(definitions, b"\x00")[1].reason == "it is a binary message, not JSON text"
    assert check([], "{}")[1].reason == "no message is defined in this direction"


def test_a_protocol_message_is_checked_by_its_document(v3: Path) -> None:
    definitions = load_contract(v3, channel="room").chosen.directions[Side.server]
    fit, misfit = check(definitions, ProtocolMessage({"join": "blue"}, text="not json"))
    assert misfit is None and fit.name == "Join"


def test_json_paths_quote_keys_that_are_not_names(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message:
                payload:
                  type: object
                  properties:
                    "the list": {type: array, items: {type: integer}}
        """)
    definitions = load_contract(path).chosen.directions[Side.server]
    assert check(definitions, '{"the list": [1, "2"]}')[1].reason == (
        "$['the list'][1]: '2' is not of type 'integer'")


# -------------------------------------------------------------- examples


def test_examples_by_their_name_or_by_their_message(v2: Path, v3: Path) -> None:
    contract = load_contract(v2, channel="/quotes")
    assert contract.example("cheap quote")["price"] == 1.5
    assert contract.example("Quote")["price"] == 1.5
    assert contract.example("Quote 2")["price"] == 99
    assert load_contract(v3, channel="room").example("said") == {"from": "ann", "text": "hi"}
    with pytest.raises(InvalidInputError) as error:
        contract.example("nope")
    assert str(error.value) == (
        "'quotes.yaml' has no example or message with an example named 'nope'. "
        "Use one of: 'Quote', 'Quote 2', 'cheap quote'.")


# ---------------------------------------------------------- plain schemas


def test_schema_check_lists_every_violation(tmp_path: Path) -> None:
    check_ = SchemaCheck('{"type": "object", "required": ["a"], '
                         '"properties": {"b": {"type": "integer"}}}')
    assert check_.problems('{"a": 1}') == []
    assert check_.problems('{"b": "x"}') == ["$: 'a' is a required property",
                                             "$.b: 'x' is not of type 'integer'"]
    assert check_.problems("[1") == [
        "it is not valid JSON (Expecting ',' delimiter: line 1 column 3 (char 2))"]


def test_schema_file_with_ref_to_another_file(tmp_path: Path) -> None:
    write(tmp_path, "shared.json", SHARED)
    path = write(tmp_path, "message.yaml", "$ref: 'shared.json#/Said'\n")
    check_ = SchemaCheck(str(path))
    assert check_.shown == "'message.yaml'"
    assert check_.problems('{"from": 1, "text": "x"}') == ["$.from: 1 is not of type 'string'"]


def test_bad_schemas(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as error:
        SchemaCheck('{"type": 12}')
    assert str(error.value).startswith("The schema is not a valid JSON Schema: 12 is not valid")
    with pytest.raises(InvalidInputError) as error:
        SchemaCheck('{"type": ')
    assert str(error.value) == ("Argument 'schema' is not valid JSON: Expecting value at line 1,"
                                " column 9. Correct the document there.")


def test_a_message_of_several_operations_is_one_definition(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 3.0.0
        channels:
          c: {address: /c, messages: {m: {payload: {type: string}}}}
        operations:
          tell: {action: send, channel: {$ref: '#/channels/c'}}
          hear: {action: receive, channel: {$ref: '#/channels/c'}}
        """)
    contract = load_contract(path)
    assert names(contract.definitions()) == ["m"]
    assert contract.chosen.directions[Side.page] == contract.chosen.directions[Side.server]


def test_a_recursive_schema_is_checked_through_its_refs(tmp_path: Path) -> None:
    path = write(tmp_path, "tree.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message:
                payload: {$ref: '#/components/schemas/Node'}
        components:
          schemas:
            Node:
              type: object
              properties:
                children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                name: {type: string}
        """)
    definitions = load_contract(path).chosen.directions[Side.server]
    assert check(definitions, '{"children": [{"children": [{"name": "x"}]}]}')[1] is None
    assert check(definitions, '{"children": [{"children": [{"name": 1}]}]}')[1].reason == (
        "$.children[0].children[0].name: 1 is not of type 'string'")


def test_a_channel_remembers_its_verdicts_on_repeated_texts(v2: Path) -> None:
    channel = load_contract(v2, channel="/quotes").chosen
    first = channel.check(Side.server, '{"action": "buy", "symbol": "ACME"}')
    again = channel.check(Side.server, '{"action": "buy", "symbol": "ACME"}')
    assert again is first and first[1].definition == "Subscribe"
    assert channel.check(Side.page, '{"action": "buy", "symbol": "ACME"}')[1].definition == (
        "Quote")  # per direction
    document = ProtocolMessage({"action": "subscribe", "symbol": "ACME"})
    assert channel.check(Side.server, document)[1] is None
    assert len(channel.memo) == 2  # protocol messages are checked by their document each time

