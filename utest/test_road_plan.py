"""A socket's plan (road/road.py): only the stages that act on its messages are asked,
and a stage that starts acting on an open socket is asked from its next message on."""

from fakes import Net

from WsRouteLibrary.datatypes import Direction, EntryKind, RuleKind, Side
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Rule
from WsRouteLibrary.road import Passage, Road, Stage

BOTH = (Direction.sent, Direction.received)


class Counting(Stage):
    """Counts what it is asked; acts only while ``on``."""

    def __init__(self, on=False):
        self.on = on
        self.asked = []

    def acts(self, socket, to):
        return self.on

    def toward_server(self, passage):
        self.asked.append(("server", passage.message))
        return passage

    def toward_page(self, passage):
        self.asked.append(("page", passage.message))
        return passage


class Edge(Stage):
    """An end of the road (``side``) that keeps what reaches it."""

    def __init__(self, side):
        self.side = side
        self.reached = []

    def toward_server(self, passage):
        return self._reach(passage) if self.side is Side.server else passage

    def toward_page(self, passage):
        return self._reach(passage) if self.side is Side.page else passage

    def _reach(self, passage):
        self.reached.append(passage.message)


class Plain:
    """The least a socket the road carries needs."""

    def __init__(self):
        self.plan = None
        self.server = object()
        self.server_done = False
        self.road = None


def road_with(middle):
    page, server = Edge(Side.page), Edge(Side.server)
    road = Road(port=None, stages=[page, middle, server])
    socket = Plain()
    socket.road = road
    return road, socket, page, server


def test_a_stage_with_nothing_to_do_is_not_asked():
    middle = Counting(on=False)
    road, socket, page, server = road_with(middle)
    road.from_page(socket, "up")
    road.from_server(socket, "down")
    assert middle.asked == []
    assert server.reached == ["up"] and page.reached == ["down"]


def test_after_a_replan_the_stage_is_asked_again():
    middle = Counting(on=False)
    road, socket, page, server = road_with(middle)
    road.from_page(socket, "before")
    middle.on = True
    road.from_page(socket, "still planned")  # no replan: the plan stands
    road.replan(socket)
    road.from_page(socket, "after")
    road.to_page(socket, "reply", "", after=server)
    assert middle.asked == [("server", "after"), ("page", "reply")]
    assert server.reached == ["before", "still planned", "after"]


def test_a_passage_sent_on_from_a_stage_meets_only_the_stages_beyond_it():
    middle = Counting(on=True)
    road, socket, page, server = road_with(middle)
    road.onward(middle, Passage(socket, Side.server, Side.library, "on"))
    road.onward(middle, Passage(socket, Side.page, Side.library, "back"))
    assert middle.asked == []
    assert server.reached == ["on"] and page.reached == ["back"]


def test_latency_set_while_a_socket_is_open_delays_its_next_message():
    net = Net()
    route = net.route(rules=[Rule(RuleKind.reply, Direction.sent, Matcher("ping", "exact"),
                                  ["pong"])])
    ws, socket, _ = net.opened()
    ws.message("ping")  # the socket's plan is made: no faults on it
    assert ws.sent == ["pong"]
    net.faults.set_latency(route, 0.1, BOTH, net.owner)
    ws.message("ping")
    assert ws.sent == ["pong"]
    net.loop.advance(0.2)
    assert ws.sent == ["pong", "pong"]
    notes = [e.note for e in route.journal.entries if e.kind is EntryKind.sent]
    assert notes == ["rule 1: Reply When Sent 'ping'",
                     "rule 1: Reply When Sent 'ping'; 100 ms latency"]
