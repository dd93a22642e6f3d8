"""The contract stage on the road: it checks, fails the test on a misfit, never blocks."""

import textwrap

import pytest
from fakes import Net

from WsRouteLibrary.datatypes import EntryKind
from WsRouteLibrary.model.contracts import load_contract

DOCUMENT = """
asyncapi: 2.6.0
channels:
  /chat:
    subscribe:
      message:
        name: Said
        payload: {type: object, required: [text], properties: {text: {type: string}}}
    publish:
      message:
        name: Say
        payload: {type: object, required: [say], properties: {say: {type: string}}}
"""
MISFIT = ("Message '{\"say\": 1}' to the server does not fit AsyncAPI document 'api.yaml' "
          "(route '**/chat'): closest message 'Say', $.say: 1 is not of type 'string'.")


@pytest.fixture
def net():
    made = Net()
    yield made
    made.tasks.discard()


@pytest.fixture
def contract(tmp_path):
    path = tmp_path / "api.yaml"
    path.write_text(textwrap.dedent(DOCUMENT), encoding="utf-8")
    return load_contract(path)


def test_a_misfit_fails_the_test_and_still_goes_on(net, contract):
    route = net.route(connected=True)
    net.traffic.contracts.use(route, contract, net.owner)
    ws, socket = net.open()
    ws.message('{"say": 1}')
    assert net.errors == [MISFIT]
    assert ws.server.sent == ['{"say": 1}']  # observed, not blocked
    assert [(e.payload, e.note) for e in route.journal.entries if e.kind is EntryKind.sent] == [
        ('{"say": 1}', "forwarded to server; does not fit 'api.yaml'")]


def test_fitting_messages_both_ways_are_seen_for_coverage(net, contract):
    route = net.route(connected=True)
    net.traffic.contracts.use(route, contract, net.owner)
    ws, socket = net.open()
    ws.message('{"say": "hi"}')
    ws.server.message('{"text": "hi"}')
    assert net.errors == []
    assert ws.sent == ['{"text": "hi"}']
    assert net.traffic.contracts.take_notes() == [
        "Route '**/chat': AsyncAPI document 'api.yaml': 2 of 2 message definitions seen "
        "(Said, Say); not seen: none."]


def test_the_library_s_messages_are_checked(net, contract):
    route = net.route()
    net.traffic.contracts.use(route, contract, net.owner)
    ws, socket = net.open()
    net.traffic.to_page(socket, "[1]", "Send To Page")
    assert ws.sent == ["[1]"]
    assert route.journal.entries[-1].note == "Send To Page; does not fit 'api.yaml'"
    assert net.errors == [
        "Message '[1]' to the page does not fit AsyncAPI document 'api.yaml' (route '**/chat'): "
        "closest message 'Said', $: [1] is not of type 'object'."]


def test_the_contract_ends_with_the_test_that_set_it(net, contract):
    route = net.route()
    net.owners.start("test T")
    net.traffic.contracts.use(route, contract, net.owner)
    assert net.traffic.contracts.contract_of(route) is contract
    owner = net.owner
    notes = net.traffic.end_owner(owner, owner.parent, remove=True)
    assert notes == [
        "Route '**/chat': AsyncAPI document 'api.yaml': 0 of 2 message definitions seen "
        "(none); not seen: Said, Say."]
    assert net.traffic.contracts.contract_of(route) is None
    ws, socket = net.open()
    ws.message('{"say": 1}')
    assert net.errors == []
