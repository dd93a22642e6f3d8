"""Answers in the page (road/inpage.py): which rules a page may apply itself, the road's
part (the plan, a message the page answered), the relay's offers and the shim's answers.

The page's side runs in Chromium in the acceptance suite with WSROUTE_FAST_PATH=true;
here the shim runs in Node.js over a fake native WebSocket, and the relay over a fake
link, so each step can be read.
"""

import asyncio
import functools
import json
import shutil
import subprocess

import pytest
from fakes import URL, Net
from test_fast_path import Connection, _no_mark

from WsRouteLibrary.datatypes import Direction, EntryKind, Fate, MatchMode, RuleKind
from WsRouteLibrary.engine.relay import WorkerLink, WorkerRelay
from WsRouteLibrary.engine.relayframes import decode, encode
from WsRouteLibrary.engine.workers import script_text
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Registry, Route, Rule
from WsRouteLibrary.model.urlpattern import UrlPattern
from WsRouteLibrary.road.inpage import NO_RULE, page_rules

SENT = Direction.sent


def reply(expected, *replies, mode=MatchMode.exact, **kwargs):
    return Rule(RuleKind.reply, SENT, Matcher(expected, mode), replies, **kwargs)


def numbered(*rules):
    for number, rule in enumerate(rules, 1):
        rule._set_number(number)
    return list(rules)


# ------------------------------------------------------------ which rules


def test_the_page_gets_the_rules_it_can_apply_newest_first():
    rules = numbered(reply("ping", "pong"), reply('{"a": 1}', "json", mode=MatchMode.json),
                     Rule(RuleKind.drop, SENT, Matcher(None)))
    plan = page_rules(rules)
    assert plan["complete"] is True
    assert [(r["number"], r["mode"], r["drop"], r["replies"]) for r in plan["rules"]] == [
        (3, "any", True, []), (2, "json", False, [["json"]]), (1, "exact", False, [["pong"]])]
    assert plan["rules"][1]["document"] == {"a": 1}


@pytest.mark.parametrize("rule", [
    reply("ping", "pong", times=1),
    reply("p.*", "pong", mode=MatchMode.regexp),
    reply("*a" * 101, "pong", mode=MatchMode.glob),
    reply("ping", "you said {{ id }}"),
    reply(b"\x01", "pong"),
    reply('{"id": 12345678901234567890}', "big", mode=MatchMode.json),
], ids=["times shared", "regexp", "many stars", "template", "binary", "big number"])
def test_a_rule_the_page_cannot_apply_ends_its_plan_there(rule):
    older, newer = reply("old", "1"), reply("new", "2")
    plan = page_rules(numbered(older, rule, newer))
    assert plan["complete"] is False
    assert [r["number"] for r in plan["rules"]] == [3]  # the newer one only


def test_a_count_of_times_is_the_pages_while_its_socket_is_the_routes_only_one():
    rules = numbered(reply("old", "1"), reply("ping", "pong", times=3),
                     Rule(RuleKind.drop, SENT, Matcher("x"), times=1))
    plan = page_rules(rules, sole=True)
    assert plan["complete"] is True
    assert [(r["number"], r.get("times")) for r in plan["rules"]] == [(3, 1), (2, 3), (1, None)]


def test_a_delayed_reply_is_the_pages_to_match_and_the_librarys_to_send():
    # Even a reply the page could not fill: the library fills it from its own match.
    rules = numbered(reply("ping", "pong", b"\x01", "{{ 1 }}", delay=0.2))
    [rule] = page_rules(rules)["rules"]
    assert (rule["later"], rule["replies"], rule["text"]) == (True, [], "ping")


def test_a_rule_counts_each_use_and_retires_at_its_last():
    net = Net()
    route = net.route(rules=[reply("ping", "pong", times=2)])
    [rule] = route.rules
    assert route.use(rule) and rule.times == 1 and route.rules == [rule]
    assert route.use(rule) and rule.times == 0 and route.rules == []
    assert not route.use(rule)  # none left: a page that answers now held too many
    assert route.use(reply("x", "y"))  # no count: every use is its own


def test_a_reply_that_only_echoes_the_message_is_the_pages():
    plan = page_rules(numbered(reply("ping", "you said {{message}}", "{{ message }}!")))
    assert plan["rules"][0]["replies"] == [["you said ", None, ""], ["", None, "!"]]


def test_a_json_rule_gives_the_page_its_placeholders_paths():
    plan = page_rules(numbered(reply("{}", '{"id": {{ id }}, "at": "{{a.0}}"} {{x', "{{}}",
                                     mode=MatchMode.json)))
    assert plan["rules"][0]["replies"] == [['{"id": ', ["id"], ', "at": "', ["a", "0"], '"} {{x'],
                                           ["", [""], ""]]


def test_a_close_rule_closes_as_the_librarys_close_reaches_the_page():
    rules = numbered(Rule(RuleKind.close, SENT, Matcher("bye"), code=4000, reason="done"),
                     Rule(RuleKind.close, SENT, Matcher("now"), code=None))
    plan = page_rules(rules)
    assert [(r["close"], r["replies"]) for r in plan["rules"]] == [
        ([1005, ""], []), ([4000, "done"], [])]


def test_a_glob_of_stars_only_is_any_text():
    plan = page_rules(numbered(reply("*", "ack", mode=MatchMode.glob)))
    assert plan["rules"][0]["mode"] == "any" and plan["complete"] is True


def test_rules_of_the_open_and_of_the_server_are_not_the_pages():
    rules = numbered(Rule(RuleKind.on_open, None, None, ["hi"]),
                     Rule(RuleKind.reply, Direction.received, Matcher("x"), ["y"]))
    assert page_rules(rules) == {"rules": [], "complete": True}


# ------------------------------------------------------------- the road


def test_a_mocked_socket_with_only_rules_has_a_plan_and_a_fault_takes_it_away():
    net = Net()
    route = net.route(rules=[reply("ping", "pong")])
    ws, socket = net.open()
    assert socket.road.page_plan(socket)["rules"][0]["text"] == "ping"
    net.faults.set_latency(route, 0.5, (SENT,), net.owner)
    assert socket.road.page_plan(socket) is None


def test_a_connected_socket_has_no_plan():
    net = Net()
    net.route(connected=True, rules=[reply("ping", "pong")])
    ws, socket = net.open()
    assert socket.road.page_plan(socket) is None


def test_a_route_without_rules_lets_the_page_record_its_messages_as_unanswered():
    net = Net()
    net.route()
    ws, socket = net.open()
    assert socket.road.page_plan(socket) == {"rules": [], "complete": True}
    ws.message_handler("hello", NO_RULE)
    [entry] = [e for e in socket.route.journal.entries if e.kind is EntryKind.sent]
    assert entry.note == "no rule (mocked, not forwarded)" and ws.sent == []


def test_a_message_the_page_answered_is_recorded_as_the_road_would_but_not_sent_again():
    net = Net()
    route = net.route(rules=[reply("ping", "pong")])
    ws, socket = net.open()
    [rule] = route.rules
    ws.message_handler("ping", rule)
    assert ws.sent == []  # the page has its reply already
    kinds = [(e.kind, e.payload, e.note, e.fate) for e in route.journal.entries[1:]]
    assert kinds == [
        (EntryKind.sent, "ping", rule.label, Fate.handled),
        (EntryKind.received, "pong", rule.label, Fate.delivered),
    ]


def test_a_count_the_page_spent_is_counted_and_one_it_did_not_hold_fails_the_test():
    net = Net()
    route = net.route(rules=[reply("ping", "pong", times=1)])
    ws, socket = net.open()
    [rule] = route.rules
    assert socket.road.page_plan(socket)["rules"][0]["times"] == 1
    ws.message_handler("ping", rule)
    assert route.rules == [] and net.errors == []
    ws.message_handler("ping", rule)  # a page's word is data: the count was spent
    assert ws.sent == []  # recorded as it happened: the page has its reply
    [error] = net.errors
    assert "count of times it no longer held" in error and "fast_path=${False}" in error


def test_a_count_is_no_pages_while_its_route_has_another_socket():
    net = Net()
    route = net.route(rules=[reply("ping", "pong", times=2)])
    ws, first = net.open()
    other, second = net.open()
    assert first.road.page_plan(first) is None  # nothing left for the page: the library's
    other.closed(1000, "")  # the page closed the other socket
    assert first.road.page_plan(first)["rules"][0]["times"] == 2
    assert route.rules[0].times == 2
    net.loop.discard()  # the close of the other socket's page side


def test_a_delayed_reply_the_page_matched_is_sent_by_the_library_when_due():
    net = Net()
    route = net.route(rules=[reply("ping", "pong {{message}}", delay=0.2)])
    ws, socket = net.open()
    [rule] = route.rules
    ws.message_handler("ping", rule)
    assert ws.sent == [] and len(route.pending) == 1  # work its test owns, on the loop
    net.loop.advance(0.2)
    assert ws.sent == ["pong ping"] and route.pending == []


def test_a_rule_the_page_names_that_does_not_match_leaves_the_message_to_the_rules():
    net = Net()
    route = net.route(rules=[reply("ping", "pong"), reply("other", "no")])
    ws, socket = net.open()
    ws.message_handler("ping", route.rules[1])  # a page's word is data
    assert ws.sent == ["pong"]


# ------------------------------------------------------------ the relay


class Page:
    """A relay on the fast path over real traffic (a fake loop), and one page's link."""

    def __init__(self, rules=()):
        self.net = Net()
        self.route = self.net.route(rules=rules)
        self.relay = WorkerRelay(self.net.traffic.on_socket, lambda url, page: True, _no_mark)
        self.relay.page_socket_way = lambda url: "take"
        self.relay.answers = True
        self.link = WorkerLink(Connection())
        self.link.answers = True
        self.relay.links.add(self.link)
        self.shim({"op": "hello", "id": 0, "kind": "page", "script": ""})

    def shim(self, head, data=None):
        frame = json.dumps(head) if data is None else encode(head.pop("op"), head.pop("id"),
                                                             data, **head)
        self.relay._handle(self.link, *decode(frame))

    def answering(self):
        """The page opens socket 1 and takes the plan the relay offers it."""
        self.shim({"op": "open", "id": 1, "url": URL})
        self.shim({"op": "planned", "id": 1, "seq": self.said()[-1][2]["seq"], "taken": True})

    def said(self):
        frames = []
        while not self.link._outbox.empty():
            head, data = decode(self.link._outbox.get_nowait())
            frames.append((head.pop("op"), head.pop("id"), head, data))
        return frames

    def entries(self):
        return [(e.kind.value, e.payload) for e in self.route.journal.entries
                if e.kind is not EntryKind.open]


def _in_loop(test):
    """Runs an async test on a fresh event loop (the relay's futures need one)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


@_in_loop
async def test_the_relay_offers_a_plan_at_open_and_the_page_answers_by_itself():
    page = Page([reply("ping", "pong")])
    page.shim({"op": "open", "id": 1, "url": URL})
    told = page.said()
    assert [op for op, *_ in told] == ["take", "opened", "plan"]
    plan = told[-1][2]
    assert plan["seen"] == 0 and plan["plan"]["rules"][0]["text"] == "ping"
    page.shim({"op": "planned", "id": 1, "seq": plan["seq"], "taken": True})
    [ws] = page.relay.links.pop().sockets.values()
    assert ws.in_page
    page.shim({"op": "answered", "id": 0, "items": [[1, 1, "ping"], [1, 0, "hello"]]})
    assert page.entries() == [("sent", "ping"), ("received", "pong"), ("sent", "hello")]
    assert page.said() == []  # no reply went to the page: it had it


@_in_loop
async def test_a_message_the_page_sends_back_hands_the_socket_to_the_library_and_it_offers_again():
    page = Page([reply("ping", "pong")])
    page.shim({"op": "open", "id": 1, "url": URL})
    seq = page.said()[-1][2]["seq"]
    page.shim({"op": "planned", "id": 1, "seq": seq, "taken": True})
    page.shim({"op": "send", "id": 1}, "ping")  # the page could not decide it
    told = page.said()
    assert [(op, data) for op, _, _, data in told] == [("message", "pong"), ("plan", None)]
    assert told[-1][2]["seen"] == 1  # it has had every message the page sent


@_in_loop
async def test_a_rule_made_while_the_page_answers_is_offered_and_settle_waits_for_the_page():
    page = Page([reply("ping", "pong")])
    page.answering()
    page.route.add_rule(reply("ping", "newer"))
    settling = asyncio.ensure_future(page.relay.settle())
    await asyncio.sleep(0)
    [(op, _, head, _)] = page.said()
    assert op == "plan" and head["plan"]["rules"][0]["replies"] == [["newer"]]
    assert not settling.done()
    # Answered with the old plan before the page had the new one: recorded as it was.
    page.shim({"op": "answered", "id": 0, "items": [[1, 1, "ping"]]})
    page.shim({"op": "planned", "id": 1, "seq": head["seq"], "taken": True})
    await asyncio.wait_for(settling, 1)
    page.shim({"op": "answered", "id": 0, "items": [[1, 2, "ping"]]})
    assert page.entries() == [("sent", "ping"), ("received", "pong"),
                              ("sent", "ping"), ("received", "newer")]


@_in_loop
async def test_settle_has_pages_forget_the_ways_of_urls_once_the_routes_changed():
    page = Page()
    changes = [0]
    page.relay.ways_changed = lambda: changes[0]
    settling = asyncio.ensure_future(page.relay.settle())
    await asyncio.sleep(0)
    [(op, _, head, _)] = page.said()  # the first settle: what the page may keep is unknown
    assert (op, head.get("ways")) == ("sync", True)
    assert not settling.done()  # a socket the page opens after the keyword must ask again
    page.shim({"op": "synced", "id": 0, "n": head["n"]})
    await asyncio.wait_for(settling, 1)
    await asyncio.wait_for(page.relay.settle(), 0.1)  # nothing changed: nothing said
    assert page.said() == []
    changes[0] += 1
    settling = asyncio.ensure_future(page.relay.settle())
    await asyncio.sleep(0)
    [(op, _, head, _)] = page.said()
    assert (op, head.get("ways")) == ("sync", True)
    page.shim({"op": "synced", "id": 0, "n": head["n"]})
    await asyncio.wait_for(settling, 1)


def test_the_registry_counts_each_change_of_its_routes():
    registry = Registry()
    owner, test = object(), object()
    first = Route(UrlPattern("**/a"), owner=owner)
    registry.add(first)
    second = Route(UrlPattern("**/a"), owner=test)
    registry.add(second)  # replaces the first, hiding it: one out, one in
    assert registry.changes == 3
    registry.remove(second)  # the test ends: its route goes, the first comes back
    registry.end_owner(test, owner, remove=True)
    assert registry.changes == 5 and registry.routes == [first]
    first.add_rule(reply("ping", "pong"))  # rules do not change which way a socket goes
    assert registry.changes == 5


@_in_loop
async def test_a_socket_closed_while_the_page_answered_is_offered_nothing_and_none_awaited():
    page = Page([reply("ping", "pong")])
    page.answering()
    page.shim({"op": "close", "id": 1, "code": 1000, "reason": ""})
    page.route.add_rule(reply("ping", "newer"))
    await asyncio.wait_for(page.relay.settle(), 0.1)
    assert page.said() == []
    page.net.loop.discard()  # the page side's close, which the page made itself


@_in_loop
async def test_sync_asks_only_links_that_answer_and_ends_when_they_said_so():
    page = Page([reply("ping", "pong")])
    await asyncio.wait_for(page.relay.sync(), 1)  # nothing answers yet: nothing asked
    assert page.said() == []
    page.answering()
    syncing = asyncio.ensure_future(page.relay.sync())
    await asyncio.sleep(0)
    [(op, _, head, _)] = page.said()
    assert op == "sync"
    page.shim({"op": "synced", "id": 0, "n": head["n"]})
    await asyncio.wait_for(syncing, 1)
    assert page.link._syncs == {}


@_in_loop
async def test_a_page_that_does_not_answer_holds_sync_only_up_to_its_timeout(monkeypatch):
    monkeypatch.setattr("WsRouteLibrary.engine.relay.PAGE_SYNC_TIMEOUT", 0.05)
    page = Page([reply("ping", "pong")])
    page.answering()
    await asyncio.wait_for(page.relay.sync(), 1)
    assert page.link._syncs == {}
    page.shim({"op": "synced", "id": 0, "n": 1})  # too late: ignored


@pytest.mark.parametrize("items", [
    "not a list", [[1, 1]], [["1", 1, "ping"]], [[1, 1, 5]], [[9, 1, "ping"]], [None],
])
@_in_loop
async def test_hostile_answers_are_ignored(items):
    page = Page([reply("ping", "pong")])
    page.shim({"op": "open", "id": 1, "url": URL})
    page.shim({"op": "answered", "id": 0, "items": items})
    assert page.entries() == []


@_in_loop
async def test_a_plan_the_page_found_stale_is_offered_again_with_what_the_library_has_now():
    page = Page([reply("ping", "pong")])
    page.shim({"op": "open", "id": 1, "url": URL})
    seq = page.said()[-1][2]["seq"]
    page.shim({"op": "send", "id": 1}, "ping")  # sent before the plan came
    page.shim({"op": "planned", "id": 1, "seq": seq, "taken": False, "stale": True})
    told = page.said()
    assert [op for op, *_ in told] == ["message", "plan"]
    assert told[-1][2]["seen"] == 1 and told[-1][2]["seq"] == seq + 1


@_in_loop
async def test_a_socket_joining_the_route_takes_the_count_back_before_its_open_is_told():
    page = Page([reply("ping", "pong", times=2)])
    page.answering()
    page.shim({"op": "answered", "id": 0, "items": [[1, 1, "ping"]]})  # one spent in the page
    assert page.route.rules[0].times == 1
    page.shim({"op": "open", "id": 2, "url": URL})
    told = [(op, number, head.get("plan")) for op, number, head, _ in page.said()]
    # Socket 1's page hears it holds no count any more before socket 2 opens in the page.
    # Socket 2 gets no plan: the library decides its messages.
    assert told == [("take", 2, None), ("plan", 1, None), ("opened", 2, None)]
    page.shim({"op": "send", "id": 2}, "ping")  # the library spends the last one
    page.shim({"op": "send", "id": 2}, "ping")
    assert page.entries() == [("sent", "ping"), ("received", "pong"), ("sent", "ping"),
                              ("received", "pong"), ("sent", "ping")]


@_in_loop
async def test_a_plan_that_changed_while_its_offer_was_out_is_offered_once_taken():
    page = Page([reply("ping", "pong", times=2)])
    page.shim({"op": "open", "id": 1, "url": URL})
    seq = page.said()[-1][2]["seq"]
    page.shim({"op": "open", "id": 2, "url": URL})  # while the first offer is out
    page.said()
    page.shim({"op": "planned", "id": 1, "seq": seq, "taken": True})
    [(op, number, head, _)] = page.said()
    assert (op, number, head["plan"]) == ("plan", 1, None)  # the count is no longer its own


@_in_loop
async def test_answers_from_a_page_the_library_gave_no_plan_go_the_librarys_way():
    page = Page([reply("ping", "pong")])
    page.shim({"op": "open", "id": 1, "url": URL})
    page.said()
    page.shim({"op": "answered", "id": 0, "items": [[1, 1, "ping"]]})
    assert [(op, data) for op, _, _, data in page.said()] == [("message", "pong")]


# ------------------------------------------------------------- the shim

# A page in Node.js: a fake native WebSocket (the relay's connection is the first one made),
# the shim, and a socket the relay took and opened.
_NODE_PAGE = """
globalThis.CloseEvent = globalThis.CloseEvent || class CloseEvent extends Event {
  constructor(type, init) { super(type); Object.assign(this, init); }
};
globalThis.document = {baseURI: 'http://127.0.0.1/page.html'};
const natives = [];
globalThis.WebSocket = class FakeNative {
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; natives.push(this); }
  send(data) { if (this.readyState !== 1) { throw new Error('not open'); } this.sent.push(data); }
  close(code, reason) { this.readyState = 2; }
};
globalThis.asked = [];  /* the URLs the shim asked the relay about, and its answer */
globalThis.way = 'take';
globalThis.XMLHttpRequest = class FakeRequest {
  open(method, url) { asked.push(decodeURIComponent(url.split('url=')[1])); }
  send() {} get responseText() { return way; }
};
%s
const ws = new WebSocket('ws://h/chat');
const relay = natives[0];
relay.readyState = 1;
relay.onopen();
const tell = (head) => relay.onmessage({data: JSON.stringify(head)});
tell({op: 'take', id: 1});
tell({op: 'opened', id: 1});
"""


def _node_page(script, *arguments, given=""):
    """What ``script`` prints (JSON) run after _NODE_PAGE (``given`` on its standard
    input)."""
    shim = script_text("workershim.js").replace(
        "__WSROUTE_CONFIG__", json.dumps({"relay": "ws://127.0.0.1:9/t", "kind": "page"}))
    result = subprocess.run(["node", "-e", _NODE_PAGE % shim + script, *arguments],
                            input=given, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


_NODE = """
const turn = () => new Promise((resolve) => setTimeout(resolve, 5));
(async () => {
  const seen = [];
  ws.onmessage = (e) => seen.push(e.data);
  const rules = [
    {number: 3, mode: 'json', document: {type: 'sub', tags: [1, true]}, drop: false,
     replies: [['subbed']]},
    {number: 2, mode: 'exact', text: 'quiet', drop: true, replies: []},
    {number: 1, mode: 'exact', text: 'ping', drop: false, replies: [['pong'], ['', null, ' {{x']]},
  ];
  tell({op: 'plan', id: 1, seq: 1, seen: 1, plan: {rules: rules, complete: false}});
  tell({op: 'plan', id: 1, seq: 2, seen: 0, plan: {rules: rules, complete: false}});
  const calls = [];
  ws.send('ping'); calls.push(seen.length);
  tell({op: 'message', id: 1, data: 'crossing'});  /* sent before the library had the ping */
  ws.send('quiet');
  ws.send('{"type": "sub", "tags": [1, true], "more": 2}');
  ws.send('{"type": "sub", "tags": [1, 1]}');
  await turn();
  tell({op: 'message', id: 1, data: 'from library'});
  tell({op: 'plan', id: 1, seq: 3, seen: 4, plan: {rules: rules, complete: true}});
  ws.send('{"type": "sub", "id": 12345678901234567}');
  tell({op: 'plan', id: 1, seq: 4, seen: 5, plan: {rules: rules, complete: true}});
  ws.send('NaN');
  tell({op: 'plan', id: 1, seq: 5, seen: 6, plan: {rules: rules, complete: true}});
  ws.send('lone \\ud800');
  tell({op: 'plan', id: 1, seq: 6, seen: 7, plan: {rules: rules, complete: true}});
  ws.send('nothing matches');
  tell({op: 'sync', id: 0, n: 7});
  await turn();
  ws.onclose = (e) => seen.push(['close', e.code, e.reason, e.wasClean]);
  const bye = {number: 4, mode: 'exact', text: 'bye', close: [4000, 'done'], drop: false,
               replies: []};
  tell({op: 'plan', id: 1, seq: 7, seen: 8, plan: {rules: [bye], complete: false}});
  ws.send('bye');
  ws.send('after');
  await turn();
  const frames = relay.sent.map((f) => JSON.parse(f)).filter((f) => f.op !== 'hello');
  console.log(JSON.stringify({frames: frames, seen: seen, calls: calls}));
  process.exit(0);
})();
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_shim_answers_what_its_plan_decides_and_hands_back_the_rest():
    out = _node_page(_NODE)
    frames = [(f.pop("op"), f.pop("id"), f) for f in out["frames"]]
    assert frames == [
        ("open", 1, {"url": "ws://h/chat", "protocols": []}),
        ("planned", 1, {"seq": 1, "taken": False, "stale": True}),  # it had not seen all
        ("planned", 1, {"seq": 2, "taken": True, "stale": False}),
        # One batch: the first rule that matches each, as Python's take_rule chooses.
        ("answered", 0, {"items": [[1, 1, "ping"], [1, 2, "quiet"],
                                   [1, 3, '{"type": "sub", "tags": [1, true], "more": 2}']]}),
        # true is not 1 (Python's containment): no rule of the page's, and the plan is not
        # complete: the library decides, and the socket gives its plan back.
        ("send", 1, {"data": '{"type": "sub", "tags": [1, 1]}'}),
        ("planned", 1, {"seq": 3, "taken": True, "stale": False}),
        ("send", 1, {"data": '{"type": "sub", "id": 12345678901234567}'}),  # too big for JS
        ("planned", 1, {"seq": 4, "taken": True, "stale": False}),
        ("send", 1, {"data": "NaN"}),  # Python's JSON reads it
        ("planned", 1, {"seq": 5, "taken": True, "stale": False}),
        ("send", 1, {"data": "lone \ud800"}),  # the library makes it well-formed
        ("planned", 1, {"seq": 6, "taken": True, "stale": False}),
        ("answered", 0, {"items": [[1, 0, "nothing matches"]]}),  # complete: no rule
        ("synced", 0, {"n": 7}),
        ("planned", 1, {"seq": 7, "taken": True, "stale": False}),
        # The close rule: the page closes as the library would, and what it sends before
        # the close lands is the library's to decide (its plan is gone).
        ("answered", 0, {"items": [[1, 4, "bye"]]}),
        ("send", 1, {"data": "after"}),
        ("gone", 1, {}),
    ]
    # Replies come after the call that sent, in order, each its own event; what the library
    # sent meanwhile comes as it arrives, as its journal has it (before the page's answers).
    assert out["calls"] == [0]
    assert out["seen"] == ["crossing", "pong", "ping {{x", "subbed", "from library",
                           ["close", 4000, "done", True]]


_NODE_COUNTS = """
const turn = () => new Promise((resolve) => setTimeout(resolve, 5));
(async () => {
  const seen = [];
  ws.onmessage = (e) => seen.push(e.data);
  const rules = [
    {number: 3, mode: 'exact', text: 'later', drop: false, later: true, replies: []},
    {number: 2, mode: 'exact', text: 'ping', drop: false, times: 2, replies: [['twice']]},
    {number: 1, mode: 'any', drop: false, replies: [['always']]},
  ];
  tell({op: 'plan', id: 1, seq: 1, seen: 0, plan: {rules: rules, complete: true}});
  ws.send('ping'); ws.send('ping'); ws.send('ping'); ws.send('later');
  await turn();
  const frames = relay.sent.map((f) => JSON.parse(f)).filter((f) => f.op === 'answered');
  console.log(JSON.stringify({frames: frames, seen: seen}));
  process.exit(0);
})();
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_shim_spends_a_count_as_the_library_would_and_leaves_a_delayed_reply_to_it():
    out = _node_page(_NODE_COUNTS)
    assert [f["items"] for f in out["frames"]] == [
        [[1, 2, "ping"], [1, 2, "ping"], [1, 1, "ping"], [1, 3, "later"]]]
    assert out["seen"] == ["twice", "twice", "always"]  # the delayed reply: the library's


_NODE_WAYS = """
(async () => {
  const counts = [asked.length];  /* 1: the first socket asked before the link was open */
  new WebSocket('ws://h/chat'); counts.push(asked.length);  /* asked, and kept */
  new WebSocket('ws://h/chat'); counts.push(asked.length);  /* not asked again */
  way = 'pass';
  const other = new WebSocket('/other'); counts.push(asked.length);
  new WebSocket('ws://127.0.0.1/other'); counts.push(asked.length);  /* the same URL */
  tell({op: 'sync', id: 0, n: 1, ways: true});  /* the routes changed */
  new WebSocket('ws://h/chat'); counts.push(asked.length);
  tell({op: 'sync', id: 0, n: 2});  /* a plain sync forgets nothing */
  new WebSocket('ws://h/chat'); counts.push(asked.length);
  relay.onclose();  /* the link is gone: nothing is kept until it is open again */
  new WebSocket('ws://h/chat'); new WebSocket('ws://h/chat'); counts.push(asked.length);
  const synced = relay.sent.map((f) => JSON.parse(f)).filter((f) => f.op === 'synced');
  console.log(JSON.stringify({counts: counts, asked: asked, synced: synced,
                              native: natives.includes(other)}));
  process.exit(0);
})();
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_page_keeps_the_way_of_a_url_until_the_routes_change_or_its_link_closes():
    out = _node_page(_NODE_WAYS)
    assert out["counts"] == [1, 2, 2, 3, 3, 4, 4, 6]
    assert out["asked"][:3] == ["ws://h/chat", "ws://h/chat", "ws://127.0.0.1/other"]
    assert [f["n"] for f in out["synced"]] == [1, 2]  # each sync answered, as before
    assert out["native"] is True  # a kept 'pass' is the browser's own socket too


# ------------------------------------------- one meaning: Python and the page alike

_NODE_DECIDE = """
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
cases.forEach(([rule, text], sent) => {
  tell({op: 'plan', id: 1, seq: 1, seen: sent, plan: {rules: [rule], complete: true}});
  ws.send(text);
});
setTimeout(() => {
  const items = [];
  relay.sent.map((f) => JSON.parse(f)).forEach((f) => {
    if (f.op === 'answered') { f.items.forEach((item) => items.push(item[1] !== 0)); }
    if (f.op === 'send') { items.push(null); }
  });
  console.log(JSON.stringify(items));
  process.exit(0);
}, 20);
"""


def _page_verdicts(cases):
    """What the shim decides for each (rule shape, text): True (the rule), False (no rule),
    None (the library decides)."""
    return _node_page(_NODE_DECIDE, given=json.dumps(cases))


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_page_matches_globs_and_json_as_python_does():
    import random

    chooser = random.Random(24)
    letters = ["a", "b", ".", "\n", "(", "é", "\U0001d11e", "\\", "$", "-", "^", "]", "!",
               "[", "*", "?"]
    values = [1, 1.0, True, False, None, "a", "", [1], {"a": 1}, [True, None], {"b": [2]}]
    rules, cases = [], []

    def near(pattern):  # a text the glob may well take: its characters, runs for stars
        text = "".join(chooser.choice(["", "a", "é\n", "]["])
                       if char == "*" else chooser.choice(letters[:-2] + [char, char])
                       for char in pattern)
        return text if chooser.random() < 0.7 else text[1:]

    for _ in range(600):
        pattern = "".join(chooser.choice(letters) for _ in range(chooser.randint(0, 7)))
        rules.append(reply(pattern, "r", mode=MatchMode.glob))
        cases.append(near(pattern))
    inside = ["a", "b", "c", "z", "-", "!", "^", "]", "[", "\\", "é", "&", "~", "|", "\n"]
    for _ in range(400):  # sets: ranges, negation, a ] first, reversed and odd ranges
        body = "".join(chooser.choice(inside) for _ in range(chooser.randint(0, 5)))
        rules.append(reply(f"x[{body}]y", "r", mode=MatchMode.glob))
        cases.append(f"x{chooser.choice(inside + ['d', 'B', '0', chr(0x10ffff)])}y")
    # Stars against a long text: the page commits between them, as Python's fnmatch does.
    rules.append(reply("*a*a*a*a*a*a*a*b", "r", mode=MatchMode.glob))
    cases.append("a" * 3000)
    for _ in range(300):
        expected = {chooser.choice("ab"): chooser.choice(values)}
        actual = {key: chooser.choice(values) for key in chooser.sample("abc", 2)}
        rules.append(reply(json.dumps(expected), "r", mode=MatchMode.json))
        cases.append(chooser.choice([json.dumps(actual), "not json", "[1]"]))
    numbered(*rules)
    shapes = [page_rules([rule])["rules"] for rule in rules]
    eligible = [(shape[0], text) for shape, text in zip(shapes, cases, strict=True) if shape]
    assert len(eligible) == len(rules)  # the page applies every one of them
    verdicts = _page_verdicts(eligible)
    python = [rule.matcher.match(text) is not None for rule, shape, text
              in zip(rules, shapes, cases, strict=True) if shape]
    decided = [(p, v) for p, v in zip(python, verdicts, strict=True) if v is not None]
    assert len(decided) == len(python)  # nothing here the page need hand over
    assert [v for _, v in decided] == [p for p, _ in decided]
    assert sum(python[:600]) > 100  # globs that take their text, not only those that do not
    assert 30 < sum(python[600:1000]) < 370  # sets that take their character, and not


_NODE_FILL = """
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const seen = [];
ws.onmessage = (e) => seen.push(e.data);
cases.forEach(([rule, text], sent) => {
  tell({op: 'plan', id: 1, seq: 1, seen: sent, plan: {rules: [rule], complete: true}});
  ws.send(text);
});
setTimeout(() => {
  const out = [];
  let next = 0;
  relay.sent.map((f) => JSON.parse(f)).forEach((f) => {
    if (f.op === 'answered') { f.items.forEach(() => out.push(seen[next++])); }
    if (f.op === 'send') { out.push(null); }
  });
  console.log(JSON.stringify(out));
  process.exit(0);
}, 50);
"""


def _documents(chooser, depth=0):
    """A random JSON object of what a page sends: nested values, odd strings, floats."""
    strings = ["", "a", 'q"uote', "back\\slash", "line\nfeed\t\x01\x1f\x7f", "é \u2028",
               "\U0001d11e", "{{message}}"]
    scalars = [0, -0, 7, -12, 2 ** 40, True, False, None, *strings]
    floats = [1.0, 2.5, -0.0, 1e16, 1e-7]  # the page hands those over

    def value(level):
        kind = chooser.random()
        if level < 3 and kind < 0.2:
            return [value(level + 1) for _ in range(chooser.randint(0, 3))]
        if level < 3 and kind < 0.4:
            return {chooser.choice(["a", "b", "x y", "é", "a", "b", "0", "12"]): value(level + 1)
                    for _ in range(chooser.randint(0, 3))}
        return chooser.choice(floats if chooser.random() < 0.03 else scalars)

    return {key: value(depth) for key in chooser.sample(["a", "b", "c", "id"], 3)}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_page_fills_a_json_rules_replies_as_python_does_or_hands_them_over():
    import random

    from WsRouteLibrary.errors import TemplateError
    from WsRouteLibrary.model.matching import render

    chooser = random.Random(24)
    paths = ["a", "b", "c", "id"] * 4 + ["a.0", "a.1", "b.a", "b.0", "c.-1", "a.b.0", "id.x",
                                         "z", "a.00", "b.-3", "message"]
    rules, texts = [], []
    for _ in range(1000):
        document = _documents(chooser)
        text = json.dumps(document, ensure_ascii=chooser.random() < 0.3,
                          separators=chooser.choice([(", ", ": "), (",", ":")]))
        chosen = chooser.sample(paths, chooser.randint(1, 2))
        template = "[" + ", ".join("{{ " + path + " }}" for path in chosen) + "] {{message}}"
        rules.append(reply("{}", template, mode=MatchMode.json))
        texts.append(text)
    numbered(*rules)
    cases = [(page_rules([rule])["rules"][0], text) for rule, text in zip(rules, texts,
                                                                        strict=True)]
    filled = _node_page(_NODE_FILL, given=json.dumps(cases))
    python = []
    for rule, text in zip(rules, texts, strict=True):
        try:
            python.append(render(rule.replies[0], rule.matcher.match(text)))
        except TemplateError:
            python.append(None)
    answered = [(page, mine) for page, mine in zip(filled, python, strict=True)
                if page is not None]
    assert [page for page, _ in answered] == [mine for _, mine in answered]
    # Most that Python fills are the page's; the rest it hands over, and what the message
    # cannot fill, too (the library fails the test).
    fillable = [mine for mine in python if mine is not None]
    assert len(answered) > 0.75 * len(fillable) > 250, (len(answered), len(fillable))


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_a_message_nested_deeper_than_python_reads_is_the_librarys_to_weigh():
    rule = numbered(reply('{"a": {}}', "r", mode=MatchMode.json))[0]
    shape = page_rules([rule])["rules"][0]
    deep = '{"a":' * 5_000 + "1" + "}" * 5_000
    shallow = '{"a":' * 400 + "1" + "}" * 400
    assert rule.matcher.match(deep) is None  # Python's reader runs out of depth: no match
    assert rule.matcher.match(shallow) is not None
    assert _page_verdicts([(shape, deep), (shape, shallow)]) == [None, True]
