"""The conversation of a test or suite as an HTML table for the log."""

from __future__ import annotations

from html import escape

from .errors import quote
from .journal import BLOCKED, CLOSE, OPEN, RECEIVED, SENT, TO_SERVER, Entry
from .matching import shorten

MAX_ROWS = 500
ARROWS = {
    SENT: "page \u2192",
    RECEIVED: "\u2192 page",
    TO_SERVER: "\u2192 server",
    BLOCKED: "\u2715 page",
    OPEN: "open",
    CLOSE: "close",
}


def describe(entry: Entry, limit: int = 120) -> str:
    if entry.kind == OPEN:
        return entry.url
    if entry.kind == CLOSE:
        code, reason = entry.payload
        return f"code {code}" + (f", reason {reason!r}" if reason else "")
    return shorten(entry.payload, limit)


def render_table(entries: list[Entry], routes_of: dict[int, str], started: float,
                 dropped: dict[str, int] | None = None) -> str:
    """An HTML table: time since start, socket, direction, message, handling."""
    shown = entries
    if len(entries) > MAX_ROWS:
        half = MAX_ROWS // 2
        shown = entries[:half] + [None] + entries[-half:]
    rows = []
    for entry in shown:
        if entry is None:
            rows.append(
                f'<tr><td colspan="5"><i>{len(entries) - MAX_ROWS} more entries '
                "not shown</i></td></tr>"
            )
            continue
        cells = (
            f"+{entry.time - started:.3f} s",
            f"#{entry.socket} {routes_of.get(entry.seq, '')}",
            ARROWS[entry.kind],
            describe(entry),
            entry.note,
        )
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    header = "".join(
        f"<th>{h}</th>" for h in ("time", "socket / route", "direction", "message", "handled by")
    )
    notes = "".join(
        f"<br><i>Route {escape(quote(route))} dropped its {count} oldest messages "
        "(message_limit).</i>"
        for route, count in (dropped or {}).items()
    )
    return (
        f"<b>WebSocket traffic ({len(entries)} entries)</b>{notes}"
        '<table class="messages"><tr>' + header + "</tr>" + "".join(rows) + "</table>"
    )
