"""Hostile recordings for hostile_recordings.robot, made fresh in a temporary folder.

Each file is written when a test asks for it, from its name, and the
folder goes with the suite; nothing big is kept in the repository.
"""

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

URL = "ws://recorded.test/echo"
EPOCH = 1_790_000_000.0
DAY = 24 * 3600


def _message(kind="send", data="ping", time=EPOCH, opcode=1):
    return {"type": kind, "time": time, "opcode": opcode, "data": data}


def _entry(messages, **extra):
    entry = {"startedDateTime": "2026-09-21T14:13:20.000Z", "time": 1,
             "request": {"method": "GET", "url": URL}, "response": {"status": 101},
             "_resourceType": "websocket", "_webSocketMessages": messages}
    entry.update(extra)
    return entry


def _har(*entries):
    return {"log": {"version": "1.2", "creator": {"name": "hostile", "version": "1"},
                    "entries": list(entries)}}


def _pair(second):
    """A conversation whose second message is ``second`` (a dict of fields to change)."""
    return _har(_entry([_message(), {**_message("receive", "pong"), **second}]))


# name -> the HAR document, or raw text, of a file with one defect
DOCUMENTS = {
    "opcode-list": _pair({"opcode": [1]}),
    "opcode-true": _pair({"opcode": True}),
    "type-list": _pair({"type": ["receive"]}),
    "data-number": _pair({"data": 42}),
    "data-lone-surrogate": _pair({"data": "ab\ud800"}),
    "time-string": _pair({"time": "12:00"}),
    "time-bool": _pair({"time": True}),
    "time-negative": _pair({"time": -1}),
    "time-1e300": _pair({"time": 1e300}),
    "entries-object": {"log": {"entries": {"websocket": 1}}},
    "entry-string": _har("websocket"),
    "url-missing": _har(_entry([_message()], request={"method": "GET"})),
    "url-number": _har(_entry([_message()], request={"url": 8000})),
    "messages-object": _har(_entry({"0": _message()})),
    "started-not-a-date": _har(_entry([_message()], startedDateTime="yesterday")),
    "gap-of-two-days": _har(_entry([_message(), _message("receive", "pong", EPOCH + 2 * DAY)])),
}

def _gql(kind, **fields):
    return json.dumps({"type": kind, **fields})


COUNTDOWN = {"operationName": "Countdown", "query": "subscription Countdown { countdown }"}
# Not hostile: a graphql-ws conversation under the recorded operation id rec-1.
DOCUMENTS["graphql-countdown"] = _har(_entry(
    [_message("send", _gql("connection_init")), _message("receive", _gql("connection_ack")),
     _message("send", _gql("subscribe", id="rec-1", **COUNTDOWN)),
     _message("receive", _gql("next", id="rec-1", operationName="Countdown",
                              payload={"data": {"countdown": 1}})),
     _message("receive", _gql("complete", id="rec-1", operationName="Countdown"))],
    request={"method": "GET", "url": "ws://recorded.test/graphql"}))
# name -> the text of a second message's "time" that JSON (or Python) cannot hold
TIMES = {"time-infinity": "Infinity", "time-nan": "NaN", "time-5000-digits": "9" * 5000}


class HostileRecordings:
    """Writes hostile HAR files and targets into a folder of its own."""

    ROBOT_LIBRARY_SCOPE = "SUITE"

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="wsroute-hostile-"))

    def remove_hostile_files(self) -> None:
        """Removes the folder and everything written into it."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def hostile_har(self, name: str) -> str:
        """Writes the hostile file ``name`` (see the module) and returns its path."""
        path = self.folder / f"{name}.har"
        if name in DOCUMENTS:
            path.write_text(json.dumps(DOCUMENTS[name]), "utf-8")
        elif name in TIMES:
            text = json.dumps(_pair({"time": "TIME"})).replace('"TIME"', TIMES[name])
            path.write_text(text, "utf-8")
        elif name == "nested-100000-deep":
            path.write_text('{"log": {"entries": ' + "[" * 100_000 + "]" * 100_000 + "}}")
        elif name == "not-utf8":
            path.write_bytes(b'{"log": {"entries": ["\xff"]}}')
        elif name == "attached-not-utf8":
            self._attached(path, b'{"type": "send", "data": "caf\xe9"}\n')
        elif name == "attached-outside":
            self._attached(path, None, attached="../../etc/passwd")
        elif name in ("zip-bad-crc", "zip-truncated", "zip-attached-not-utf8"):
            path = path.with_suffix(".zip")
            self._zip(path, name)
        elif name == "named-pipe":
            os.mkfifo(path)
        else:
            raise ValueError(f"No hostile file {name!r}.")
        return str(path)

    def _attached(self, path: Path, content, attached="messages.jsonl"):
        entry = _entry(None)
        del entry["_webSocketMessages"]
        entry["response"]["content"] = {"size": -1, "mimeType": "x-unknown", "_file": attached}
        path.write_text(json.dumps(_har(entry)), "utf-8")
        if content is not None:
            (path.parent / attached).write_bytes(content)

    def _zip(self, path: Path, name: str) -> None:
        entry = _entry([_message(data="z" * 300)])
        if name == "zip-attached-not-utf8":
            entry = _entry(None)
            del entry["_webSocketMessages"]
            entry["response"]["content"] = {"size": -1, "mimeType": "x-unknown",
                                            "_file": "messages.jsonl"}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("recording.har", json.dumps(_har(entry)))
            if name == "zip-attached-not-utf8":
                archive.writestr("messages.jsonl", b'{"type": "send", "data": "\xc3("}\n')
        data = bytearray(path.read_bytes())
        if name == "zip-bad-crc":  # both copies of the CRC-32: the data no longer matches
            data[data.index(b"PK\x03\x04") + 14] ^= 0xFF
            data[data.index(b"PK\x01\x02") + 16] ^= 0xFF
        elif name == "zip-truncated":
            data = data[: len(data) // 2]
        path.write_bytes(bytes(data))

    def hostile_target(self, name: str) -> str:
        """A place 'Save WebSocket Traffic' cannot write: below a plain file, a folder,
        a named pipe; returns its path."""
        if name == "below-a-file":
            (self.folder / "plain.txt").write_text("a file, not a folder")
            return str(self.folder / "plain.txt" / "deeper" / "traffic.har")
        if name == "a-folder":
            (self.folder / "saved").mkdir(exist_ok=True)
            return str(self.folder / "saved")
        if name == "named-pipe":
            path = self.folder / "pipe.har"
            if not path.exists():
                os.mkfifo(path)
            return str(path)
        raise ValueError(f"No hostile target {name!r}.")

    def hostile_folder(self) -> str:
        """The folder the hostile files are written in."""
        return str(self.folder)
