"""The conversation of a test or suite as a sequence diagram: inline SVG for the log."""

from __future__ import annotations

import re
from html import escape
from itertools import compress, repeat
from operator import attrgetter, is_

from ..datatypes import MESSAGE_KINDS, EntryKind, Side
from ..errors import quote
from ..model.journal import Entry, TrafficReport
from ..model.matching import shorten
from ..model.openers import shown as with_opener

# A long conversation shows its first HEAD and last TAIL entries and says
# how many are left out between, so a 10,000-message test still logs fast.
HEAD = TAIL = 100

PAGE, LIBRARY, SERVER = "page", "library", "server"
_LANE_OF = {Side.page: PAGE, Side.library: LIBRARY, Side.server: SERVER}
_SOCKET, _SENDER, _RECEIVER, _KIND = (attrgetter("socket_number"), attrgetter("sender"),
                                      attrgetter("receiver"), attrgetter("kind"))
LANE_X = {PAGE: 190, LIBRARY: 510, SERVER: 830}
WIDTH = 904
ROW = 40  # height of one entry
GAP = 58  # height of the "left out" band
TEXT_LEFT, TEXT_RIGHT = 84, WIDTH - 6  # labels stay between these
MESSAGE_CHARS, NOTE_CHARS = 72, 100  # labels are cut to these (the table has more)
MONO_WIDTH, SANS_WIDTH = 7.3, 6.1  # estimated width of a character, in pixels
LEGEND_LINES = 8

# Colour-blind safe colours (after Okabe and Ito), dark enough for lines on
# white; red is kept for the mark of a message that did not get through.
PALETTE = ("#0072b2", "#009e73", "#e69f00", "#8e44ad", "#56b4e9", "#cc79a7", "#8c564b",
           "#555555")
STOP_COLOUR = "#d62728"

STYLE = (
    ".wsd text{font:12px sans-serif;fill:#222;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px;stroke-linejoin:round;white-space:pre}"
    ".wsd .wsd-msg{font:12px monospace}"
    ".wsd .wsd-note{font:italic 11.5px sans-serif;fill:#555}"
    ".wsd .wsd-time{font:11px monospace;fill:#777}"
    ".wsd .wsd-sock{font:bold 11px monospace;fill:currentColor}"
    ".wsd .wsd-title{font:bold 14px sans-serif}"
    ".wsd .wsd-lane{font:bold 13px sans-serif}"
    ".wsd .wsd-sub{font:11px sans-serif;fill:#555}"
    ".wsd .wsd-gap text{font:bold 13px sans-serif;fill:#444}"
    ".wsd .wsd-a{stroke:currentColor;stroke-width:2;fill:none}"
    ".wsd .wsd-open .wsd-a{stroke-width:1.5;stroke-dasharray:5 3}"
    ".wsd .wsd-close .wsd-a{stroke-width:3.5}"
    ".wsd .wsd-head{fill:currentColor}"
    f".wsd .wsd-stop{{stroke:{STOP_COLOUR};stroke-width:3;fill:none}}"
    ".wsd .wsd-life{stroke:#bbb;stroke-width:1}"
    ".wsd .wsd-box{fill:#f4f4f4;stroke:#999}"
    ".wsd .wsd-libbox{fill:#eef3fb;stroke:#7d9cc9}"
    ".wsd .wsd-band{fill:#eef3fb}"
)

# Characters that XML cannot hold (lone surrogates cannot even be encoded),
# and line breaks and tabs, shown as escapes instead.
_UNSAFE = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _safe(char: re.Match) -> str:
    text = char.group()
    code = ord(text)
    return _NAMED.get(text) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def text(value: str) -> str:
    """``value`` as SVG text content or attribute: escaped, and always valid XML."""
    return escape(_UNSAFE.sub(_safe, value), quote=True)


def lanes(entry: Entry) -> tuple[str, str, bool]:
    """Where an entry's arrow starts and ends, and whether it was stopped there.

    Read from the entry's typed fields, never from its note: its sender and
    receiver are the lanes; a message that did not arrive is stopped, and
    one meant for the server that the library did not pass on stops at the
    library.
    """
    start, end, stopped = _LANE_OF[entry.sender], _LANE_OF[entry.receiver], entry.stopped
    if entry.kind is EntryKind.close:
        return start, end, False
    if stopped and end == SERVER:
        end = LIBRARY
    return start, end, stopped


def label(entry: Entry) -> str:
    """What an arrow says the message was."""
    if entry.kind is EntryKind.open:
        return f"open {with_opener(entry.url, entry.opener)}"
    if entry.kind is EntryKind.close:
        code, reason = entry.payload
        return f"close {code}" + (f" {shorten(reason, 60)}" if reason else "")
    payload = entry.payload
    if not isinstance(payload, (str, bytes)):
        payload = str(payload)
    return shorten(payload, MESSAGE_CHARS)


def _placed(middle: float, content: str, char_width: float) -> int:
    """An x for text centred on ``middle``, moved so it stays inside the diagram."""
    half = len(content) * char_width / 2
    return round(max(TEXT_LEFT + half, min(middle, TEXT_RIGHT - half)))


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


class _Drawing:
    def __init__(self, report: TrafficReport):
        self.report = report
        self.parts: list[str] = []
        self.colours: dict[int, str] = {}
        self._connected: set[int] | None = None

    def connected(self, socket: int) -> bool:
        """Whether the socket has a server side: something of it went to or came from one."""
        if self._connected is None:  # found once, and only when a close needs it
            # Picked in C: a test may have 100,000 entries.
            entries = self.report.entries
            numbers = list(map(_SOCKET, entries))
            self._connected = set(compress(numbers, map(is_, map(_SENDER, entries),
                                                        repeat(Side.server))))
            self._connected.update(compress(numbers, map(is_, map(_RECEIVER, entries),
                                                         repeat(Side.server))))
        return socket in self._connected

    def colour(self, socket: int) -> str:
        if socket not in self.colours:
            self.colours[socket] = PALETTE[len(self.colours) % len(PALETTE)]
        return self.colours[socket]

    # ------------------------------------------------------------ shapes

    def arrow(self, x1: int, x2: int, y: int, head: bool = True) -> str:
        """A line from x1 to x2 with a head at x2."""
        if x1 == x2:
            return f'<circle class="wsd-head" cx="{x1}" cy="{y}" r="5"/>'
        if not head:
            return f'<path class="wsd-a" d="M{x1} {y}H{x2}"/>'
        way = 1 if x2 > x1 else -1
        return (
            f'<path class="wsd-a" d="M{x1} {y}H{x2 - 6 * way}"/>'
            f'<path class="wsd-head" d="M{x2} {y}l{-11 * way} -5v10z"/>'
        )

    def stop(self, x: int, y: int) -> str:
        return f'<path class="wsd-stop" d="M{x - 6} {y - 6}l12 12m0 -12l-12 12"/>'

    # -------------------------------------------------------------- rows

    def row(self, entry: Entry, top: int) -> None:
        y = top + 23
        kind = entry.kind
        start, end, stopped = lanes(entry)
        x1, x2 = LANE_X[start], LANE_X[end]
        css = {EntryKind.open: " wsd-open", EntryKind.close: " wsd-close"}.get(kind, "")
        shapes = []
        if kind is EntryKind.close:
            shapes.append(f'<rect class="wsd-head" x="{x1 - 6}" y="{y - 6}" width="12" '
                          'height="12"/>')
            if start == LIBRARY:
                ends = [LANE_X[PAGE]]
                if self.connected(entry.socket_number):
                    ends.append(LANE_X[SERVER])
            else:
                ends = [x2]
            shapes.extend(self.arrow(x1, end_x, y) for end_x in ends)
            low, high = min([x1, *ends]), max([x1, *ends])
        else:
            if stopped and end == PAGE:
                x2 += 28 if x1 > x2 else -28  # it never reached the page
            if kind is EntryKind.open:
                shapes.append(f'<circle class="wsd-head" cx="{x1}" cy="{y}" r="4"/>')
            shapes.append(self.arrow(x1, x2, y, head=not stopped))
            if stopped:
                shapes.append(self.stop(x2, y))
            library = LANE_X[LIBRARY]
            if min(x1, x2) < library < max(x1, x2):  # passed through the library
                shapes.append(f'<circle class="wsd-head" cx="{library}" cy="{y}" r="3.5"/>')
            low, high = min(x1, x2), max(x1, x2)
        middle = (low + high) / 2 if low != high else low
        message = label(entry)
        note = entry.note if len(entry.note) <= NOTE_CHARS else (
            entry.note[: NOTE_CHARS - 1] + "\u2026")
        seconds = f"+{entry.time - self.report.started:.3f} s"
        self.parts.append(
            f'<g class="wsd-m{css}" data-kind="{text(kind.value)}" '
            f'data-socket="{entry.socket_number}" style="color:{self.colour(entry.socket_number)}">'
            f'<text class="wsd-time" x="6" y="{top + 16}">{seconds}</text>'
            f'<text class="wsd-sock" x="6" y="{top + 31}">#{entry.socket_number}</text>'
            + "".join(shapes)
            + f'<text class="wsd-msg" x="{_placed(middle, message, MONO_WIDTH)}" y="{y - 7}" '
            f'text-anchor="middle">{text(message)}</text>'
            + (f'<text class="wsd-note" x="{_placed(middle, note, SANS_WIDTH)}" y="{y + 15}" '
               f'text-anchor="middle">{text(note)}</text>' if note else "")
            + "</g>"
        )

    def gap(self, left_out: list[Entry], top: int) -> None:
        kinds = list(map(_KIND, left_out))  # enums hash slowly: count them by identity
        messages = sum(kinds.count(kind) for kind in MESSAGE_KINDS)
        events = len(left_out) - messages
        what = _plural(messages, "message")
        if events:
            what += f" and {events:,} " + ("open or close" if events == 1 else "opens and closes")
        words = f"\u22ef {what} left out \u22ef"
        zigzags = "".join(
            f'<path class="wsd-life" d="M{x - 8} {top + 22}l16 -6m-16 18l16 -6" '
            'style="stroke:#888;stroke-width:1.5"/>'
            for x in LANE_X.values()
        )
        pill = round(len(words) * 7.6) + 28
        self.parts.append(
            f'<g class="wsd-gap" data-left-out="{len(left_out)}">'
            f'<rect x="0" y="{top + 6}" width="{WIDTH}" height="{GAP - 12}" fill="#f7f7f7" '
            'stroke="#ccc" stroke-dasharray="4 3"/>'
            + zigzags
            + f'<rect x="{(WIDTH - pill) // 2}" y="{top + GAP // 2 - 12}" width="{pill}" '
            'height="24" rx="12" fill="#fff" stroke="#bbb"/>'
            f'<text x="{WIDTH // 2}" y="{top + GAP // 2 + 5}" text-anchor="middle">'
            f"{text(words)}</text></g>"
        )

    # ------------------------------------------------------------ frame

    def heading(self, shown: list[Entry | None]) -> int:
        """Title, notes of dropped messages and the socket legend; returns their height."""
        entries = self.report.entries
        sockets = set(map(_SOCKET, entries))
        count = len(entries)
        title = (f"Sequence diagram: {count:,} {'entry' if count == 1 else 'entries'} "
                 f"on {_plural(len(sockets), 'socket')}")
        self.parts.append(f'<text class="wsd-title" x="6" y="18">{text(title)}</text>')
        y = 18
        for route, count in self.report.dropped.items():
            y += 17
            self.parts.append(
                f'<text class="wsd-note" x="6" y="{y}">Route {text(quote(route))} dropped its '
                f"{count:,} oldest messages (message_limit).</text>"
            )
        seen: dict[int, Entry] = {}
        for entry in shown:
            if entry is not None and entry.socket_number not in seen:
                seen[entry.socket_number] = entry
        for number, entry in list(seen.items())[:LEGEND_LINES]:
            y += 19
            pattern = self.report.routes.get(entry.seq, "")
            url = with_opener(entry.url, entry.opener)
            words = f"#{number} {pattern}: {url}" if pattern else f"#{number} {url}"
            self.parts.append(
                f'<g class="wsd-key" style="color:{self.colour(number)}">'
                + self.arrow(8, 44, y - 4)
                + f'<text class="wsd-msg" x="54" y="{y}">{text(words)}</text></g>'
            )
        if len(seen) > LEGEND_LINES:
            y += 17
            self.parts.append(
                f'<text class="wsd-note" x="54" y="{y}">and '
                f"{_plural(len(seen) - LEGEND_LINES, 'more socket')}</text>"
            )
        return y + 10

    def lane_heads(self, top: int) -> None:
        for lane, x in LANE_X.items():
            if lane == LIBRARY:
                self.parts.append(
                    f'<rect class="wsd-libbox" x="{x - 95}" y="{top}" width="190" height="40" '
                    f'rx="6"/><text class="wsd-lane" x="{x}" y="{top + 17}" '
                    'text-anchor="middle">WsRouteLibrary</text>'
                    f'<text class="wsd-sub" x="{x}" y="{top + 32}" text-anchor="middle">'
                    "rules \u00b7 replay \u00b7 faults</text>"
                )
            else:
                self.parts.append(
                    f'<rect class="wsd-box" x="{x - 70}" y="{top}" width="140" height="40" '
                    f'rx="6"/><text class="wsd-lane" x="{x}" y="{top + 25}" '
                    f'text-anchor="middle">{lane}</text>'
                )

    def render(self) -> str:
        entries = self.report.entries
        if len(entries) > HEAD + TAIL:
            shown: list[Entry | None] = [*entries[:HEAD], None, *entries[-TAIL:]]
        else:
            shown = list(entries)
        top = self.heading(shown)
        heads = top
        body = heads + 48
        height = body + sum(GAP if e is None else ROW for e in shown) + 8
        footer = len(shown) > 12
        bottom = height + (48 if footer else 0)
        frame = [
            f'<rect class="wsd-band" x="{LANE_X[LIBRARY] - 14}" y="{heads + 40}" width="28" '
            f'height="{height - heads - 40}"/>',
            *(f'<path class="wsd-life" d="M{x} {heads + 40}V{height}"/>'
              for x in LANE_X.values()),
        ]
        self.parts[:0] = frame
        self.lane_heads(heads)
        if footer:
            self.lane_heads(height)
        y = body
        for entry in shown:
            if entry is None:
                self.gap(entries[HEAD:-TAIL], y)
                y += GAP
            else:
                self.row(entry, y)
                y += ROW
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="wsd" width="{WIDTH}" '
            f'height="{bottom}" viewBox="0 0 {WIDTH} {bottom}" role="img" '
            f'aria-label="Sequence diagram of the WebSocket conversation" '
            f'style="display:block;max-width:100%;height:auto;margin:2px 0 10px;background:#fff">'
            f"<style>{STYLE}</style>" + "".join(self.parts) + "</svg>"
        )


def render_diagram(report: TrafficReport) -> str:
    """The conversation as an inline SVG sequence diagram, or ``""`` when it is empty.

    Lanes for the page, the library and the server; one arrow per entry,
    coloured by socket, labelled with the message and what handled it.
    """
    if not report.entries:
        return ""
    return _Drawing(report).render()
