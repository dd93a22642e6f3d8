"""AsyncAPI contracts: documents the library refuses, each with the file, the place and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_contract import SHARED, V3, write

from WsRouteLibrary.datatypes import Side
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.model.contracts import load_contract
from WsRouteLibrary.model.contracts.checking import check


@pytest.fixture
def v3(tmp_path: Path) -> Path:
    write(tmp_path, "shared.json", SHARED)
    return write(tmp_path, "chat.json", V3)


# ---------------------------------------------------------- bad documents


def fails(path, message: str, **arguments) -> None:
    with pytest.raises(InvalidInputError) as error:
        load_contract(path, **arguments)
    assert str(error.value) == message


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    fails(path, f"Contract file '{path}' does not exist. Give the path of an existing file "
                "(relative paths are relative to the directory Robot Framework runs in).")


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "asyncapi: 2.6.0\nchannels:\n  a: [1, 2\n")
    fails(path, f"Contract file '{path}' is not valid YAML: expected ',' or ']', but got "
                "'<stream end>' at line 4, column 1. Correct the document there.")


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{"asyncapi": "3.0.0",\n "channels": {,}}')
    fails(path, f"Contract file '{path}' is not valid JSON: Expecting property name enclosed "
                "in double quotes at line 2, column 15. Correct the document there.")


def test_not_asyncapi(tmp_path: Path) -> None:
    path = write(tmp_path, "openapi.yaml", "openapi: 3.1.0\n")
    fails(path, f"Contract file '{path}' is not an AsyncAPI document: it has no 'asyncapi' "
                "field at its top. Give an AsyncAPI 2.x or 3.0 document.")


def test_an_unsupported_version(tmp_path: Path) -> None:
    path = write(tmp_path, "old.yaml", "asyncapi: 1.2.0\n")
    fails(path, f"Contract file '{path}' is AsyncAPI '1.2.0', which the library does not "
                "read. Give an AsyncAPI 2.x or 3.0 document.")


def test_an_unresolved_ref_inside_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message: {$ref: '#/components/messages/Missing'}
        """)
    fails(path, "$ref '#/components/messages/Missing' in 'api.yaml' at /channels/c/publish/"
                "message cannot be resolved: 'api.yaml' has nothing at "
                "/components/messages/Missing. Correct the $ref or add the definition.")


def test_an_unresolved_ref_in_a_payload(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message:
                payload:
                  properties:
                    price: {$ref: '#/components/schemas/Price'}
        """)
    fails(path, "$ref '#/components/schemas/Price' in 'api.yaml' at /channels/c/publish/"
                "message/payload/properties/price cannot be resolved: 'api.yaml' has nothing "
                "at /components/schemas/Price. Correct the $ref or add the definition.")


def test_a_ref_to_a_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message: {$ref: 'messages.yaml#/Order'}
        """)
    fails(path, "Contract file 'messages.yaml' named by a $ref does not exist. Correct the "
                "$ref: other files are found relative to the document's folder.")


def test_no_channel_matches_the_socket(v3: Path) -> None:
    fails(v3, f"Contract file '{v3}' has no channel whose address matches the path of "
              "'ws://127.0.0.1:1/nowhere'. Give the channel with channel=, or add the channel: "
              "its channels are 'room', 'status'.", socket_url="ws://127.0.0.1:1/nowhere")
    fails(v3, f"Contract file '{v3}' has no channel 'lobby'. Use one of: 'room', 'status'.",
          channel="lobby")


def test_other_schema_formats_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "avro.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message:
                name: Order
                schemaFormat: application/vnd.apache.avro;version=1.9.0
                payload: {type: record}
        """)
    fails(path, "The message 'Order' in 'avro.yaml' at /channels/c/publish/message has "
                "schemaFormat 'application/vnd.apache.avro;version=1.9.0'; the library checks "
                "JSON Schema payloads only. Describe the payload in JSON Schema.")


def test_an_operation_without_an_action(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 3.0.0
        channels: {c: {address: /c}}
        operations:
          o: {channel: {$ref: '#/channels/c'}}
        """)
    fails(path, "Operation 'o' in 'api.yaml' at /operations/o has no action 'send' or "
                "'receive'. Add its action.")


def test_a_circular_ref(tmp_path: Path) -> None:
    path = write(tmp_path, "api.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message: {$ref: '#/components/messages/A'}
        components:
          messages:
            A: {$ref: '#/components/messages/B'}
            B: {$ref: '#/components/messages/A'}
        """)
    with pytest.raises(InvalidInputError, match="refers in a circle"):
        load_contract(path)


def test_a_deeply_nested_message_is_a_misfit_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "tree.yaml", """
        asyncapi: 2.6.0
        channels:
          c:
            publish:
              message:
                payload: {$ref: '#/components/schemas/Node'}
        components:
          schemas:
            Node: {type: object, properties: {c: {$ref: '#/components/schemas/Node'}}}
        """)
    definitions = load_contract(path).chosen.directions[Side.server]
    deep = '{"c": ' * 199 + "{}" + "}" * 199  # as deep as the JSON reader allows
    assert check(definitions, deep)[0].name == "c publish"
    assert check(definitions, "[" * 300 + "]" * 300)[1].reason == (
        "it nests arrays and objects more than 200 deep, more than the library reads")

    class Deeper:  # a Python stack shorter than the validator needs
        def is_valid(self, value):
            raise RecursionError

    definitions[0].validator = Deeper()
    assert check(definitions, deep)[1].reason == "it nests too deep to check against the document"


def test_yaml_aliases_that_multiply_a_document_are_refused(tmp_path: Path) -> None:
    levels = ["a0: &a0 {type: string}"] + [
        f"a{n}: &a{n} {{allOf: [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]}}"
        for n in range(1, 12)]
    path = write(tmp_path, "bomb.yaml", "asyncapi: 2.6.0\nx:\n" + "".join(
        f"  {line}\n" for line in levels) + "channels:\n  c:\n    publish:\n      message:\n"
        "        payload: *a11\n")
    with pytest.raises(InvalidInputError) as error:
        load_contract(path)
    assert str(error.value).startswith("'bomb.yaml' is too large to read: past 200,000 schema "
                                       "nodes")
