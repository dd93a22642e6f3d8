"""The sequence diagram of the log: lanes, arrows, labels, colours, escaping, long runs."""

import re
import xml.etree.ElementTree as ET

import pytest

from WsRouteLibrary.datatypes import EntryKind, Fate, Side
from WsRouteLibrary.model.journal import Entry, TrafficReport
from WsRouteLibrary.report.diagram import (
    HEAD,
    LANE_X,
    LIBRARY,
    MONO_WIDTH,
    PAGE,
    PALETTE,
    SANS_WIDTH,
    SERVER,
    TAIL,
    WIDTH,
    lanes,
    render_diagram,
    text,
)

OPEN, CLOSE, SENT, RECEIVED = EntryKind.open, EntryKind.close, EntryKind.sent, EntryKind.received
TO_SERVER, BLOCKED = EntryKind.to_server, EntryKind.blocked
SVG = "{http://www.w3.org/2000/svg}"


def entry(kind, payload="m", note="mocked", socket=1, connected=False):
    """An entry as the road records it: who sent it, who it was for, whether it
    arrived (the diagram reads those, never the note)."""
    sender, receiver, fate = recorded_as(kind, note, connected)
    return Entry(socket, f"ws://127.0.0.1:9/s{socket}", kind, payload, note, None,
                 sender, receiver, fate)


P, L, S = Side.page, Side.library, Side.server
DELIVERED, HANDLED, BLOCKED_, LOST = Fate.delivered, Fate.handled, Fate.blocked, Fate.lost


def recorded_as(kind, note, connected):
    """(sender, receiver, fate) of an entry with ``note``, as the engine records it."""
    server_side = S if connected else L
    if note.startswith("watched"):
        if kind in (RECEIVED, CLOSE):
            return S, P, DELIVERED
        return P, S, DELIVERED
    if kind is OPEN:
        return P, S if "connected to server" in note else L, DELIVERED
    if kind is SENT:
        if note.startswith("forwarded"):
            return P, S, DELIVERED
        if note.startswith("not forwarded") or "Drop When" in note:
            return P, server_side, BLOCKED_
        if "not delivered" in note or note == "dropped":
            return P, server_side, LOST
        return P, L, HANDLED
    if kind is RECEIVED:
        return S if note.startswith("from server") else L, P, DELIVERED
    if kind is EntryKind.to_server:
        return L, S, DELIVERED
    if kind is EntryKind.blocked:
        if "not delivered" in note:
            return S if note.startswith("from server") else L, P, BLOCKED_
        return S, L, BLOCKED_
    if kind is CLOSE:
        if note.startswith(("closed by page", "page closed")):
            return P, server_side, DELIVERED
        if note.startswith("closed by server"):
            return S, P, DELIVERED
    return L, L, DELIVERED


def report(*entries, dropped=None):
    entries = list(entries)
    return TrafficReport(
        entries=entries,
        routes={e.seq: f"**/s{e.socket_number}" for e in entries},
        started=entries[0].time if entries else 0.0,
        dropped=dropped or {},
    )


def parse(svg: str) -> ET.Element:
    """The diagram as XML: fails unless it is well-formed and encodes as UTF-8."""
    return ET.fromstring(svg.encode("utf-8"))


def rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "wsd-m" in g.get("class", "").split()]


def texts(element: ET.Element, css: str) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text") if t.get("class") == css]


def line_ends(row: ET.Element) -> list[tuple[int, int]]:
    """(from x, to x) of each arrow line of a row, heads included."""
    ends = []
    for path in row.iter(f"{SVG}path"):
        if path.get("class") == "wsd-a":
            x1, x2 = re.fullmatch(r"M(-?\d+) \d+H(-?\d+)", path.get("d")).groups()
            ends.append((int(x1), int(x2)))
    return ends


def lane_at(x: int) -> str:
    return min(LANE_X, key=lambda lane: abs(LANE_X[lane] - x))


def stops(row: ET.Element) -> int:
    return sum(1 for p in row.iter(f"{SVG}path") if p.get("class") == "wsd-stop")


class TestLanes:
    @pytest.mark.parametrize(
        ("kind", "note", "connected", "expected"),
        [
            (OPEN, "mocked", False, (PAGE, LIBRARY, False)),
            (OPEN, "connected to server", True, (PAGE, SERVER, False)),
            (SENT, "forwarded to server", True, (PAGE, SERVER, False)),
            (SENT, "rule 2: Reply When Sent 'ping'", False, (PAGE, LIBRARY, False)),
            (SENT, "no rule (mocked, not forwarded)", False, (PAGE, LIBRARY, False)),
            (SENT, "rule 3: Drop When Sent 'x'", True, (PAGE, LIBRARY, True)),
            (SENT, "dropped", True, (PAGE, LIBRARY, True)),
            (SENT, "not forwarded: server side closing", True, (PAGE, LIBRARY, True)),
            (SENT, "forwarded to server (the page's text had a lone surrogate \\ud800 ...)",
             True, (PAGE, SERVER, False)),
            (RECEIVED, "from server", True, (SERVER, PAGE, False)),
            (RECEIVED, "rule 1: Send On Open", False, (LIBRARY, PAGE, False)),
            (RECEIVED, "Send To Page", False, (LIBRARY, PAGE, False)),
            (RECEIVED, "replayed from recording, conversation 2, message 7", False,
             (LIBRARY, PAGE, False)),
            (RECEIVED, "from server; held 120 ms", True, (SERVER, PAGE, False)),
            (TO_SERVER, "Send To Server", True, (LIBRARY, SERVER, False)),
            (BLOCKED, "rule 1: Drop When Received 'x'", True, (SERVER, LIBRARY, True)),
            (BLOCKED, "rule 2: Reply When Received 'x'", True, (SERVER, LIBRARY, True)),
            (BLOCKED, "from server; not delivered: socket closing", True, (SERVER, PAGE, True)),
            (BLOCKED, "Send To Page; not delivered: socket closing", False,
             (LIBRARY, PAGE, True)),
            (BLOCKED, "rule 1: Reply When Sent 'a'; not delivered: cancelled, test ended",
             False, (LIBRARY, PAGE, True)),
            (CLOSE, "closed by page", False, (PAGE, LIBRARY, False)),
            (CLOSE, "closed by page", True, (PAGE, SERVER, False)),
            (CLOSE, "page closed", False, (PAGE, LIBRARY, False)),
            (CLOSE, "closed by server", True, (SERVER, PAGE, False)),
            (CLOSE, "Close Socket", False, (LIBRARY, LIBRARY, False)),
            (CLOSE, "rule 4: Close Socket When Sent 'bye'", False, (LIBRARY, LIBRARY, False)),
            # A watch: the page talks to its server directly, past the library.
            (OPEN, "watched", True, (PAGE, SERVER, False)),
            (SENT, "watched", True, (PAGE, SERVER, False)),
            (RECEIVED, "watched", True, (SERVER, PAGE, False)),
            (CLOSE, "watched", True, (SERVER, PAGE, False)),
        ],
    )
    def test_start_end_and_stop(self, kind, note, connected, expected):
        payload = (1000, "") if kind is CLOSE else "m"
        assert lanes(entry(kind, payload, note, connected=connected)) == expected


class TestRows:
    def test_empty_report_draws_nothing(self):
        assert render_diagram(TrafficReport()) == ""

    def test_one_row_per_entry_with_message_and_note(self):
        svg = parse(render_diagram(report(
            entry(OPEN, None, "mocked"),
            entry(SENT, "ping", "rule 2: Reply When Sent 'ping'"),
            entry(RECEIVED, "pong", "rule 2: Reply When Sent 'ping'"),
            entry(SENT, b"\x01\x02\xff", "no rule (mocked, not forwarded)"),
            entry(CLOSE, (4000, "bye"), "Close Socket"),
        )))
        drawn = rows(svg)
        assert [r.get("data-kind") for r in drawn] == ["open", "sent", "received", "sent",
                                                       "close"]
        assert [texts(r, "wsd-msg") for r in drawn] == [
            ["open ws://127.0.0.1:9/s1"], ["'ping'"], ["'pong'"], ["bytes[3] 01 02 ff"],
            ["close 4000 'bye'"],
        ]
        assert [texts(r, "wsd-note") for r in drawn] == [
            ["mocked"], ["rule 2: Reply When Sent 'ping'"], ["rule 2: Reply When Sent 'ping'"],
            ["no rule (mocked, not forwarded)"], ["Close Socket"],
        ]
        assert all(texts(r, "wsd-sock") == ["#1"] for r in drawn)
        assert all(re.fullmatch(r"\+\d+\.\d{3} s", texts(r, "wsd-time")[0]) for r in drawn)

    def test_arrows_run_between_the_lanes_of_the_message(self):
        svg = parse(render_diagram(report(
            entry(OPEN, None, "connected to server"),
            entry(SENT, "up", "forwarded to server"),
            entry(RECEIVED, "down", "from server"),
            entry(SENT, "ping", "rule 1: Reply When Sent 'ping'"),
            entry(RECEIVED, "pong", "rule 1: Reply When Sent 'ping'"),
            entry(TO_SERVER, "hi", "Send To Server"),
        )))
        drawn = [[(lane_at(a), lane_at(b)) for a, b in line_ends(r)] for r in rows(svg)]
        assert drawn == [
            [(PAGE, SERVER)], [(PAGE, SERVER)], [(SERVER, PAGE)], [(PAGE, LIBRARY)],
            [(LIBRARY, PAGE)], [(LIBRARY, SERVER)],
        ]

    def test_what_passes_through_the_library_is_marked_there(self):
        svg = parse(render_diagram(report(
            entry(SENT, "up", "forwarded to server"), entry(SENT, "ping", "no rule"),
        )))
        through, ended = rows(svg)

        def dots(row):
            return [c for c in row.iter(f"{SVG}circle") if c.get("cx") == str(LANE_X[LIBRARY])]

        assert len(dots(through)) == 1
        assert dots(ended) == []

    def test_blocked_and_dropped_messages_are_crossed_out_where_they_stopped(self):
        svg = parse(render_diagram(report(
            entry(BLOCKED, "secret", "rule 1: Drop When Received 'secret'"),
            entry(SENT, "x", "rule 2: Drop When Sent 'x'"),
            entry(BLOCKED, "late", "Send To Page; not delivered: socket closing"),
            entry(SENT, "ok", "no rule (mocked, not forwarded)"),
        )))
        blocked, dropped, late, passed = rows(svg)
        assert [stops(r) for r in (blocked, dropped, late, passed)] == [1, 1, 1, 0]
        assert line_ends(blocked) == [(LANE_X[SERVER], LANE_X[LIBRARY])]
        assert line_ends(dropped) == [(LANE_X[PAGE], LANE_X[LIBRARY])]
        # Meant for the page, it stops short of it.
        [(start, end)] = line_ends(late)
        assert start == LANE_X[LIBRARY] and LANE_X[PAGE] < end < LANE_X[LIBRARY]

    def test_closes_show_code_reason_and_who_closed(self):
        svg = parse(render_diagram(report(
            entry(OPEN, None, "connected to server", socket=1),
            entry(CLOSE, (4000, "bye"), "Close Socket", socket=1),
            entry(OPEN, None, "mocked", socket=2),
            entry(CLOSE, (1005, ""), "closed by page", socket=2),
            entry(OPEN, None, "connected to server", socket=3),
            entry(CLOSE, (1011, "oops"), "closed by server", socket=3),
        )))
        closes = [r for r in rows(svg) if r.get("data-kind") == "close"]
        assert [texts(r, "wsd-msg") for r in closes] == [
            ["close 4000 'bye'"], ["close 1005"], ["close 1011 'oops'"]]
        # The library closes both sides; the page or server closes toward the other end.
        assert [[(lane_at(a), lane_at(b)) for a, b in line_ends(r)] for r in closes] == [
            [(LIBRARY, PAGE), (LIBRARY, SERVER)], [(PAGE, LIBRARY)], [(SERVER, PAGE)]]
        assert all("wsd-close" in r.get("class") for r in closes)

    def test_unknown_payloads_and_empty_notes_still_draw(self):
        svg = parse(render_diagram(report(entry(SENT, None, ""), entry(RECEIVED, 42, ""))))
        assert [texts(r, "wsd-msg") for r in rows(svg)] == [["'None'"], ["'42'"]]
        assert [texts(r, "wsd-note") for r in rows(svg)] == [[], []]

    def test_labels_stay_inside_the_diagram(self):
        svg = parse(render_diagram(report(
            entry(TO_SERVER, "s" * 5000, "n" * 500), entry(SENT, "p" * 5000, "n" * 500))))
        for row in rows(svg):
            for label in row.iter(f"{SVG}text"):
                if label.get("text-anchor") == "middle":
                    character = MONO_WIDTH if label.get("class") == "wsd-msg" else SANS_WIDTH
                    width = len("".join(label.itertext())) * character
                    x = int(label.get("x"))
                    assert 0 <= x - width / 2 and x + width / 2 <= WIDTH
        assert texts(rows(svg)[0], "wsd-msg")[0].endswith("'... (5000 chars)")
        assert texts(rows(svg)[0], "wsd-note") == ["n" * 99 + "\u2026"]


class TestColours:
    def test_each_socket_has_its_own_colour_in_order_of_appearance(self):
        svg = parse(render_diagram(report(
            entry(OPEN, None, socket=7), entry(OPEN, None, socket=3),
            entry(SENT, "a", socket=7), entry(SENT, "b", socket=3),
        )))
        colours = [(r.get("data-socket"), r.get("style")) for r in rows(svg)]
        assert colours == [
            ("7", f"color:{PALETTE[0]}"), ("3", f"color:{PALETTE[1]}"),
            ("7", f"color:{PALETTE[0]}"), ("3", f"color:{PALETTE[1]}"),
        ]

    def test_legend_names_each_socket_with_route_and_url(self):
        svg = parse(render_diagram(report(entry(OPEN, None, socket=7),
                                          entry(OPEN, None, socket=3))))
        keys = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "wsd-key"]
        assert [texts(k, "wsd-msg") for k in keys] == [
            ["#7 **/s7: ws://127.0.0.1:9/s7"], ["#3 **/s3: ws://127.0.0.1:9/s3"]]
        assert [k.get("style") for k in keys] == [f"color:{PALETTE[0]}", f"color:{PALETTE[1]}"]

    def test_a_long_legend_is_cut(self):
        svg = parse(render_diagram(report(*(entry(OPEN, None, socket=n) for n in range(12)))))
        keys = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "wsd-key"]
        assert len(keys) == 8
        assert "and 4 more sockets" in texts(svg, "wsd-note")


class TestTitle:
    def test_counts_entries_and_sockets(self):
        svg = parse(render_diagram(report(entry(OPEN, None, socket=1), entry(SENT, "a"),
                                          entry(OPEN, None, socket=2))))
        assert texts(svg, "wsd-title") == ["Sequence diagram: 3 entries on 2 sockets"]

    def test_one_entry_one_socket(self):
        svg = parse(render_diagram(report(entry(SENT, "a"))))
        assert texts(svg, "wsd-title") == ["Sequence diagram: 1 entry on 1 socket"]

    def test_messages_dropped_for_the_message_limit_are_noted(self):
        svg = parse(render_diagram(report(entry(SENT, "a"), dropped={"**/echo": 15})))
        assert ("Route '**/echo' dropped its 15 oldest messages (message_limit)."
                in texts(svg, "wsd-note"))


class TestEscaping:
    @pytest.mark.parametrize(
        ("message", "shown"),
        [
            ("<b>not bold</b> & \"q\"", "'<b>not bold</b> & \"q\"'"),
            ("]]><script>alert(1)</script>", "']]><script>alert(1)</script>'"),
            ("lone \ud800 surrogate", "'lone \\ud800 surrogate'"),
            ("\udfff\ud83d", "'\\udfff\\ud83d'"),
            ("nul \x00 bell \x07 esc \x1b del \x7f", "'nul \\x00 bell \\x07 esc \\x1b del \\x7f'"),
            ("not xml \ufffe \uffff", "'not xml \\ufffe \\uffff'"),
            ("line\nbreak\ttab", "'line\\nbreak\\ttab'"),
            ("emoji \U0001f600 ok", "'emoji \U0001f600 ok'"),
        ],
    )
    def test_any_message_gives_valid_xml_showing_it(self, message, shown):
        svg = parse(render_diagram(report(entry(SENT, message, note=message))))
        [row] = rows(svg)
        assert texts(row, "wsd-msg") == [shown]
        assert texts(row, "wsd-note") == [shown[1:-1]]

    def test_urls_and_route_patterns_are_escaped(self):
        item = Entry(1, "ws://h/<x>?a=1&b='\ud800'", OPEN, None, "mocked", None)
        svg = render_diagram(TrafficReport([item], {item.seq: "**/<&>"}, item.time))
        root = parse(svg)
        assert texts(rows(root)[0], "wsd-msg") == ["open ws://h/<x>?a=1&b='\\ud800'"]
        assert "<x>" not in svg and "&b=" not in svg

    def test_text_escapes_attribute_quotes(self):
        assert text("a\"b'c<d>&") == "a&quot;b&#x27;c&lt;d&gt;&amp;"


class TestLongConversations:
    def many(self, count, events=0):
        items = [entry(SENT, f"m {i}", "no rule (mocked, not forwarded)") for i in range(count)]
        for i in range(events):  # opens and closes in the middle
            items.insert(count // 2, entry(OPEN, None, socket=100 + i))
        return report(*items)

    def test_draws_the_first_and_last_entries_and_counts_those_left_out(self):
        svg = render_diagram(self.many(10_000))
        root = parse(svg)
        drawn = rows(root)
        assert len(drawn) == HEAD + TAIL
        labels = [texts(r, "wsd-msg")[0] for r in drawn]
        assert labels[0] == "'m 0'" and labels[HEAD - 1] == f"'m {HEAD - 1}'"
        assert labels[HEAD] == f"'m {10_000 - TAIL}'" and labels[-1] == "'m 9999'"
        [gap] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "wsd-gap"]
        assert gap.get("data-left-out") == "9800"
        assert ["".join(t.itertext()) for t in gap.iter(f"{SVG}text")] == [
            "\u22ef 9,800 messages left out \u22ef"]
        # The gap is drawn between the head and the tail.
        children = list(root)
        assert children.index(drawn[HEAD - 1]) < children.index(gap) < children.index(
            drawn[HEAD])

    def test_size_does_not_grow_with_the_conversation(self):
        small = len(render_diagram(self.many(HEAD + TAIL + 1)).encode())
        large = len(render_diagram(self.many(100_000)).encode())
        assert large - small < 1000
        assert large < 120_000

    def test_left_out_opens_and_closes_are_counted_apart(self):
        root = parse(render_diagram(self.many(1000, events=2)))
        [gap] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "wsd-gap"]
        assert "".join(next(gap.iter(f"{SVG}text")).itertext()) == (
            "\u22ef 800 messages and 2 opens and closes left out \u22ef")

    def test_exactly_head_plus_tail_entries_have_no_gap(self):
        root = parse(render_diagram(self.many(HEAD + TAIL)))
        assert len(rows(root)) == HEAD + TAIL
        assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "wsd-gap"]

    def test_one_left_out(self):
        root = parse(render_diagram(self.many(HEAD + TAIL + 1)))
        [gap] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "wsd-gap"]
        assert "".join(next(gap.iter(f"{SVG}text")).itertext()) == (
            "\u22ef 1 message left out \u22ef")


def test_no_line_breaks_outside_the_svg():
    # The log shows messages with white-space: pre-wrap.
    svg = render_diagram(report(entry(SENT, "a\nb")))
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "\n" not in svg
