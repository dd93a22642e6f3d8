"""The ``wsroute`` command: ``wsroute har2robot RECORDING.har`` writes a readable suite.

Exit codes: 0 done, 1 the conversion failed (the HAR cannot be read or
converted; one line on stderr names the file and the fix), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from .errors import WsRouteError
from .har2robot import parse_ignore, write_suite
from .model.urlpattern import UrlPattern
from .version import __version__

OK, FAILED, USAGE = 0, 1, 2

EXAMPLES = """\
examples:
  wsroute har2robot chat.har
      writes chat.robot beside chat.har
  wsroute har2robot traffic.har --url '**/chat' -o atest/chat.robot
      only the sockets whose URL matches **/chat, routed with that pattern
  wsroute har2robot traffic.har --ignore id,meta.ts
      id and meta.ts vary from run to run: left out of the matches and,
      where an answer repeats them, filled in by templates ({{id}})
  robot --variable "PAGE URL:http://127.0.0.1:8000/" chat.robot
      runs the suite against your page, with no server
"""


class _Parser(argparse.ArgumentParser):
    """Usage errors on one line on stderr, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    """The command line: ``wsroute har2robot ...`` and ``wsroute --version``."""
    main = _Parser(
        prog="wsroute",
        description="WsRouteLibrary's command line tools.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument("--version", action="version", version=f"wsroute {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    convert = commands.add_parser(
        "har2robot",
        help="write a Robot Framework suite from a recorded WebSocket conversation",
        description=textwrap.fill(
            "Writes a readable Robot Framework suite from the WebSocket conversation in a HAR "
            "file (from Save WebSocket Traffic, Playwright's record_har, Browser library's "
            "recordHar or Chrome DevTools): Route WebSocket, Send On Open for the greetings, a "
            "Reply When Sent for each exchange, and a test that opens the page and waits for "
            "its messages in order. The suite runs against the page with no server.", 79),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument("har", metavar="RECORDING.har", help="the HAR file (or Playwright's .zip)")
    convert.add_argument("--url", metavar="PATTERN",
                         help="URL glob of the recorded sockets to use, and their route's "
                         "pattern (default: every socket, each routed as **/its/path)")
    convert.add_argument("--ignore", metavar="PATHS", action="append",
                         help="JSON paths of volatile fields, separated by commas (id,meta.ts); "
                         "may be given more than once. Fields that hold a time (epoch seconds "
                         "or milliseconds, ISO 8601) are volatile without it")
    convert.add_argument("-o", "--output", metavar="SUITE.robot",
                         help="where to write the suite (default: the HAR's name with .robot)")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command; returns its exit code."""
    command = parser()
    arguments = command.parse_args(argv)
    if arguments.command is None:
        command.print_usage(sys.stderr)
        sys.stderr.write("wsroute: error: give a command, e.g. wsroute har2robot "
                         "RECORDING.har (see wsroute --help)\n")
        return USAGE
    try:  # bad options are usage errors, found before the HAR is read
        if arguments.url is not None:
            UrlPattern(arguments.url)
        parse_ignore(arguments.ignore)
    except WsRouteError as error:
        sys.stderr.write(f"wsroute: error: {_one_line(str(error))}\n")
        return USAGE
    output = arguments.output or str(Path(arguments.har).with_suffix(".robot"))
    if Path(output).resolve() == Path(arguments.har).resolve():
        sys.stderr.write(f"wsroute: error: the suite would overwrite the HAR file "
                         f"{arguments.har}; give another name with -o SUITE.robot\n")
        return USAGE
    try:
        written = write_suite(arguments.har, output, arguments.url, arguments.ignore)
    except WsRouteError as error:
        sys.stderr.write(f"wsroute: {_one_line(str(error))}\n")
        return FAILED
    except OSError as error:
        sys.stderr.write(f"wsroute: cannot read or write a file: {_one_line(str(error))}. "
                         "Check the paths and their permissions.\n")
        return FAILED
    except Exception as error:  # a recording the writer did not foresee: still one line
        sys.stderr.write(f"wsroute: HAR file {arguments.har} could not be converted "
                         f"({type(error).__name__}: {_one_line(str(error))}). Please report "
                         "it with the file; meanwhile replay it with Replay WebSocket Traffic.\n")
        return FAILED
    print(f"wsroute: wrote {written}")
    return OK


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
