"""The conversation of a test or suite as an HTML table for the log."""

from __future__ import annotations

from html import escape

from ..datatypes import EntryKind
from ..errors import quote
from ..model.journal import Entry, TrafficReport
from ..model.matching import shorten
from ..model.openers import shown as with_opener

MAX_ROWS = 500
ARROWS = {
    EntryKind.sent: "page \u2192",
    EntryKind.received: "\u2192 page",
    EntryKind.to_server: "\u2192 server",
    EntryKind.blocked: "\u2715 page",
    EntryKind.open: "open",
    EntryKind.close: "close",
}


def describe(entry: Entry, limit: int = 120) -> str:
    if entry.kind is EntryKind.open:
        return with_opener(entry.url, entry.opener)
    if entry.kind is EntryKind.close:
        code, reason = entry.payload
        return f"code {code}" + (f", reason {reason!r}" if reason else "")
    return shorten(entry.payload, limit)


def render_table(report: TrafficReport) -> str:
    """An HTML table: time since start, socket, direction, message, handling."""
    entries = report.entries
    shown: list[Entry | None] = list(entries)  # None: the rows left out
    if len(entries) > MAX_ROWS:
        half = MAX_ROWS // 2
        shown = [*entries[:half], None, *entries[-half:]]
    rows = []
    for entry in shown:
        if entry is None:
            rows.append(
                f'<tr><td colspan="5"><i>{len(entries) - MAX_ROWS} more entries '
                "not shown</i></td></tr>"
            )
            continue
        cells = (
            f"+{entry.time - report.started:.3f} s",
            f"#{entry.socket_number} {report.routes.get(entry.seq, '')}",
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
        for route, count in report.dropped.items()
    ) + "".join(f"<br><i>{escape(note)}</i>" for note in report.notes)
    return (
        f"<b>WebSocket traffic ({len(entries)} entries)</b>{notes}"
        '<table class="messages"><tr>' + header + "</tr>" + "".join(rows) + "</table>"
    )
