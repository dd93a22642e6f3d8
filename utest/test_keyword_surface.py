"""The public keyword surface must not change by accident.

``approved_keywords.txt`` lists the import arguments and every keyword with
its arguments, in the order and with the defaults that Robot Framework
suites rely on::

    Importing | timeout=5 s, headless=True, ...
    Reply When Sent | message, *replies, url=None, match=exact, ...

The test builds the same list from ``python -m robot.libdoc --format JSON
WsRouteLibrary`` and fails with a diff when they differ. The approved list
is the keyword contract kept in the repository (the keyword documentation,
``make docs``, explains each keyword): renaming or reordering keywords or
arguments breaks users' suites; adding keywords or optional arguments is
fine but still needs approval.

To approve an intended change, regenerate the file and review its diff
before committing it::

    APPROVE=1 .venv/bin/python -m pytest -q utest/test_keyword_surface.py
    git diff utest/approved_keywords.txt
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

APPROVED = Path(__file__).with_name("approved_keywords.txt")
IMPORT = "Importing"

MARKERS = {"POSITIONAL_ONLY_MARKER": "/", "NAMED_ONLY_MARKER": "*"}
PREFIXES = {"VAR_POSITIONAL": "*", "VAR_NAMED": "**"}


def format_argument(arg: dict) -> str:
    if arg["kind"] in MARKERS:
        return MARKERS[arg["kind"]]
    text = PREFIXES.get(arg["kind"], "") + arg["name"]
    if arg.get("defaultValue") is not None:
        text += "=" + arg["defaultValue"]
    return text


def format_keyword(name: str, args: list[dict]) -> str:
    return f"{name} | {', '.join(format_argument(a) for a in args)}".rstrip()


def surface(spec: dict) -> list[str]:
    lines = [format_keyword(IMPORT, init["args"]) for init in spec["inits"]]
    keywords = sorted(spec["keywords"], key=lambda kw: kw["name"])
    lines += [format_keyword(kw["name"], kw["args"]) for kw in keywords]
    return lines


def libdoc_spec(tmp_path: Path) -> dict:
    output = tmp_path / "WsRouteLibrary.json"
    result = subprocess.run(
        [sys.executable, "-m", "robot.libdoc", "--format", "JSON", "WsRouteLibrary", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, f"libdoc failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(output.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current(tmp_path_factory) -> list[str]:
    return surface(libdoc_spec(tmp_path_factory.mktemp("libdoc")))


def test_keyword_surface_is_approved(current):
    if os.environ.get("APPROVE") == "1":
        APPROVED.write_text("\n".join(current) + "\n", encoding="utf-8")
    assert APPROVED.exists(), (
        f"{APPROVED} is missing. Create it with: APPROVE=1 python -m pytest {__file__}"
    )
    approved = APPROVED.read_text(encoding="utf-8").splitlines()
    if current != approved:
        diff = "\n".join(
            difflib.unified_diff(approved, current, "approved_keywords.txt", "libdoc", lineterm="")
        )
        pytest.fail(
            "The public keyword surface differs from utest/approved_keywords.txt "
            "(- approved, + now):\n"
            f"{diff}\n\n"
            "If the change is intended, approve it with: APPROVE=1 python -m pytest "
            "utest/test_keyword_surface.py",
            pytrace=False,
        )


def test_library_has_keywords(current):
    # Guards against approving an empty or broken surface.
    assert current[0].startswith(f"{IMPORT} | timeout=5 s, headless=True")
    assert len(current) > 30


class TestFormat:
    """The line format itself, so that a broken formatter cannot pass silently."""

    def test_required_default_and_varargs(self):
        args = [
            {"kind": "POSITIONAL_OR_NAMED", "name": "message", "defaultValue": None},
            {"kind": "VAR_POSITIONAL", "name": "replies", "defaultValue": None},
            {"kind": "NAMED_ONLY", "name": "url", "defaultValue": "None"},
            {"kind": "NAMED_ONLY", "name": "reason", "defaultValue": ""},
            {"kind": "VAR_NAMED", "name": "options", "defaultValue": None},
        ]
        assert format_keyword("Reply When Sent", args) == (
            "Reply When Sent | message, *replies, url=None, reason=, **options"
        )

    def test_markers(self):
        args = [
            {"kind": "POSITIONAL_ONLY", "name": "a", "defaultValue": None},
            {"kind": "POSITIONAL_ONLY_MARKER", "name": "", "defaultValue": None},
            {"kind": "NAMED_ONLY_MARKER", "name": "", "defaultValue": None},
            {"kind": "NAMED_ONLY", "name": "b", "defaultValue": "1"},
        ]
        assert format_keyword("K", args) == "K | a, /, *, b=1"

    def test_no_arguments(self):
        assert format_keyword("Quit Browser", []) == "Quit Browser |"

    def test_keywords_are_sorted_after_the_import(self):
        spec = {
            "inits": [{"args": []}],
            "keywords": [
                {"name": "Close Socket When Sent", "args": []},
                {"name": "Close Socket", "args": []},
                {"name": "Attach", "args": []},
            ],
        }
        assert surface(spec) == [
            f"{IMPORT} |",
            "Attach |",
            "Close Socket |",
            "Close Socket When Sent |",
        ]
