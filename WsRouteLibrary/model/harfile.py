"""HAR files on disk: reading one (plain, or Playwright's ``.zip``) with its attachments,
and writing one; every failure names the path and says the fix.

A HAR is UTF-8 JSON (UTF-16 with a byte order mark is read too). Playwright's
``record_har_path="x.zip"`` writes the HAR and its attached files into one
zip; ``record_har_content="attach"`` writes them beside the HAR.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, quote
from .jsonsafe import JsonError, loads

# The most a member of a zipped HAR may unpack to (a zip bomb stops here).
MAX_MEMBER = 1 << 30
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
               NotImplementedError, ValueError)
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "no regular file")


def not_text(data: bytes, error: UnicodeDecodeError, encoding: str = "UTF-8") -> str:
    """'byte 0xff at offset 8 is not UTF-8 (invalid start byte)'."""
    bad = data[error.start:error.end]
    shown = " ".join(f"0x{b:02x}" for b in bad[:4])
    if len(bad) == 1:
        return f"byte {shown} at offset {error.start} is not {encoding} ({error.reason})"
    return f"bytes {shown} at offset {error.start} are not {encoding} ({error.reason})"


def decode(data: bytes) -> str:
    """UTF-8 text (a UTF-8 or UTF-16 byte order mark is honoured); raises
    ``UnicodeDecodeError`` with the encoding as ``error.encoding``."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _text(data: bytes, shown: str) -> str:
    try:
        return decode(data)
    except UnicodeDecodeError as error:
        encoding = "UTF-16" if "16" in error.encoding else "UTF-8"
        raise InvalidInputError(
            f"HAR file {shown} is not {encoding} text: {not_text(data, error, encoding)}. A HAR "
            "file is UTF-8 JSON, as browsers and Playwright write it."
        ) from None


def load(path: str | Path) -> tuple[Any, Attachments]:
    """The JSON document of a HAR file and where its attached files are."""
    har_path = Path(path)
    shown = quote(str(path))
    try:
        mode = har_path.stat().st_mode
    except FileNotFoundError:
        raise InvalidInputError(
            f"HAR file {shown} does not exist (looked for {har_path.resolve()}). Give the "
            "path of a HAR file, e.g. one that 'Save WebSocket Traffic' wrote."
        ) from None
    except (OSError, ValueError) as error:
        raise InvalidInputError(f"HAR file {shown} cannot be read: {_reason(error)}. Give "
                                "the path of a HAR file.") from None
    if stat.S_ISDIR(mode):
        raise InvalidInputError(f"HAR file {shown} is a folder. Give the path of a HAR file.")
    if not stat.S_ISREG(mode):
        raise InvalidInputError(f"HAR file {shown} is not a regular file ({_kind(mode)}). Give "
                                "the path of a HAR file.")
    try:
        data = har_path.read_bytes()
    except OSError as error:
        raise InvalidInputError(
            f"HAR file {shown} cannot be read: {_reason(error)}. Give a file you may read, or "
            "change its permissions."
        ) from None
    attachments: Attachments
    if data.startswith(b"PK\x03\x04") or zipfile.is_zipfile(io.BytesIO(data)):
        text, attachments = _read_zip(data, shown)
    else:
        text, attachments = _text(data, shown), Folder(har_path.parent)
    try:
        return loads(text), attachments
    except JsonError as error:
        raise InvalidInputError(
            f"HAR file {shown} {str(error).removeprefix('it ')}; a HAR nests about 6. Give a "
            "HAR file as browsers, Playwright or 'Save WebSocket Traffic' write it."
        ) from None
    except ValueError as error:
        raise InvalidInputError(
            f"HAR file {shown} is not JSON: {error}. A HAR file is JSON with a 'log' object, "
            "as browsers and Playwright write it."
        ) from None


def _reason(error: Exception) -> str:
    if isinstance(error, ValueError) and "null" in str(error):
        return "a path cannot hold a NUL character"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


class Attachments:
    """Where Playwright's attached content of a HAR is found."""

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None when it is not there. Raises ``OSError``."""
        raise NotImplementedError


class Folder(Attachments):
    """Files beside the HAR (``record_har_content="attach"``)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def read(self, name: str) -> bytes | None:
        path = self.folder / name
        return path.read_bytes() if path.is_file() else None


class Zipped(Attachments):
    """Members of a zipped HAR, each unpacked when it is read."""

    def __init__(self, data: bytes, shown: str):
        self.data = data
        self.shown = shown

    def read(self, name: str) -> bytes | None:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            try:
                info = archive.getinfo(name)
            except KeyError:
                return None
            return _member(archive, info, self.shown)


_ZIP_FIX = "Record it again, or give the '.har' file itself."


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> bytes:
    try:
        with archive.open(info) as member:
            content = member.read(MAX_MEMBER + 1)
    except _ZIP_ERRORS as error:
        raise InvalidInputError(
            f"HAR file {shown} is a zip archive that cannot be read: its member "
            f"{quote(info.filename)} is damaged ({error}). {_ZIP_FIX}"
        ) from None
    if len(content) > MAX_MEMBER:
        raise InvalidInputError(
            f"HAR file {shown} is a zip archive whose member {quote(info.filename)} unpacks "
            f"to more than {MAX_MEMBER >> 20} MiB. {_ZIP_FIX}"
        )
    return content


def _read_zip(data: bytes, shown: str) -> tuple[str, Attachments]:
    """Playwright's ``record_har_path="x.zip"``: the HAR and its attachments in one zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            hars = [info for info in archive.infolist()
                    if not info.is_dir() and info.filename.endswith(".har")]
            if len(hars) != 1:
                raise InvalidInputError(
                    f"HAR file {shown} is a zip archive but holds {len(hars)} '.har' files; "
                    "Playwright's zipped HAR holds one."
                )
            text = _text(_member(archive, hars[0], shown), shown)
    except InvalidInputError:
        raise
    except _ZIP_ERRORS as error:
        raise InvalidInputError(
            f"HAR file {shown} is a zip archive that cannot be read: it is truncated or "
            f"damaged ({error}). {_ZIP_FIX}"
        ) from None
    return text, Zipped(data, shown)


# ------------------------------------------------------------------- writing


def write(path: str | Path, document: dict[str, Any]) -> Path:
    """Writes a HAR document as UTF-8 JSON, creating missing folders; returns the path.

    The file is written beside its target and then renamed, so a failure
    leaves an existing file as it was.
    """
    target = Path(path)
    shown = quote(str(path))

    def cannot(problem: str, fix: str) -> InvalidInputError:
        return InvalidInputError(f"Cannot write the HAR file {shown}: {problem}. {fix}")

    if "\x00" in str(path):
        raise cannot("a path cannot hold a NUL character", "Give a file name such as traffic.har.")
    mode = target.stat().st_mode if target.exists() else None
    if mode is not None and stat.S_ISDIR(mode):
        raise cannot("it is a folder",
                     f"Give a file name in it, e.g. {quote(str(target / 'traffic.har'))}.")
    if mode is not None and not stat.S_ISREG(mode):
        raise cannot(f"it is not a regular file ({_kind(mode)})",
                     "Give the name of a new or a regular file, e.g. traffic.har.")
    folder = target.parent
    blocker = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise cannot(f"{quote(str(blocker))} is a file, not a folder",
                     "Give a path whose folders are folders, e.g. "
                     f"{quote(str(blocker.parent / target.name))}.")
    text = _json_text(document)
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with temporary.open("w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, target)
        finally:
            if temporary.exists():
                temporary.unlink()
    except OSError as error:
        raise _write_error(error, target, cannot) from None
    return target


def _json_text(document: dict[str, Any]) -> str:
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: written as its JSON escape
        text = json.dumps(document, ensure_ascii=True, indent=1) + "\n"
    return text


def _write_error(error: OSError, target: Path, cannot: Callable[[str, str], InvalidInputError]
                 ) -> InvalidInputError:
    if isinstance(error, PermissionError):
        failed = Path(error.filename) if error.filename else target
        folder = failed.parent if failed.name.startswith(".") or failed == target else failed
        existing = next((p for p in [folder, *folder.parents] if p.exists()), folder)
        return cannot(f"permission denied in folder {quote(str(existing))}",
                      f"Give a path you may write, e.g. '${{OUTPUT DIR}}/{target.name}', or "
                      "change the folder's permissions.")
    existing = next((p for p in target.parents if p.exists()), target.parent)
    return cannot(f"{_reason(error)} (in folder {quote(str(existing))})",
                  f"Give a path in a folder you may write, e.g. '${{OUTPUT DIR}}/{target.name}'.")
