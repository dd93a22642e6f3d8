"""The error classes: one base, no class names in Robot's messages, raised where expected."""

import inspect

import pytest

import WsRouteLibrary
from WsRouteLibrary import errors
from WsRouteLibrary.datatypes import RuleKind
from WsRouteLibrary.errors import (
    BrowserError,
    InvalidInputError,
    LoopError,
    NoBrowserError,
    NoPageError,
    NoSuchRouteError,
    WsRouteError,
    quote,
)
from WsRouteLibrary.model.closing import check_close_code
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Registry, Rule
from WsRouteLibrary.model.urlpattern import UrlPattern

NAMES = ["WsRouteError", "InvalidInputError", "NoSuchRouteError", "NoBrowserError",
         "NoPageError", "BrowserError", "LoopError", "PatternTimeoutError", "ProtocolError",
         "ProtocolReplyError", "TemplateError"]


def error_classes():
    return [c for _, c in inspect.getmembers(errors, inspect.isclass)
            if issubclass(c, BaseException)]


class TestHierarchy:
    def test_module_defines_exactly_these_errors(self):
        assert sorted(c.__name__ for c in error_classes()) == sorted(NAMES)

    @pytest.mark.parametrize("cls", error_classes(), ids=lambda c: c.__name__)
    def test_every_error_is_a_ws_route_error_without_its_name(self, cls):
        assert issubclass(cls, WsRouteError)
        assert cls.ROBOT_SUPPRESS_NAME is True
        assert cls.__module__ == "WsRouteLibrary.errors"

    def test_builtin_bases(self):
        assert issubclass(InvalidInputError, ValueError)
        assert issubclass(NoSuchRouteError, LookupError)
        assert issubclass(NoBrowserError, BrowserError)
        assert issubclass(NoPageError, BrowserError)
        assert not issubclass(LoopError, BrowserError)
        assert not issubclass(WsRouteError, (ValueError, LookupError))

    def test_message_is_the_string(self):
        assert str(NoPageError("No page is open.")) == "No page is open."


class TestRaised:
    def test_no_route_yet(self):
        with pytest.raises(NoSuchRouteError, match="^No WebSocket route exists yet"):
            Registry().resolve(None)

    def test_rule_that_never_applies(self):
        with pytest.raises(InvalidInputError) as error:
            Rule(RuleKind.reply, None, times=0)
        assert str(error.value).startswith("times=0 would never handle a message.")

    def test_negative_delay(self):
        with pytest.raises(InvalidInputError, match="is negative"):
            Rule(RuleKind.reply, None, delay=-1)

    def test_invalid_json_message(self):
        with pytest.raises(InvalidInputError) as error:
            Matcher("{", "json")
        assert str(error.value).startswith("Message '{' is not valid JSON")

    def test_empty_url_pattern(self):
        with pytest.raises(InvalidInputError) as error:
            UrlPattern("")
        assert str(error.value).startswith("URL pattern '' is empty.")

    @pytest.mark.parametrize("code", [1005, 1006, 1015, 999, 2999, 5000])
    def test_close_code_a_server_cannot_send(self, code):
        with pytest.raises(InvalidInputError) as error:
            check_close_code(code)
        assert str(error.value).startswith(f"Close code {code} cannot be sent by a server.")

    @pytest.mark.parametrize("code", [1000, 1003, 1007, 1014, 3000, 4999])
    def test_close_code_a_server_can_send(self, code):
        assert check_close_code(code) == code

    def test_caught_as_ws_route_error(self):
        with pytest.raises(WsRouteError):
            UrlPattern("")


class TestPackage:
    def test_errors_are_exported(self):
        from WsRouteLibrary import (  # noqa: F401
            BrowserError,
            InvalidInputError,
            LoopError,
            NoBrowserError,
            NoPageError,
            NoSuchRouteError,
            WsRouteError,
        )

        for name in NAMES:
            assert getattr(WsRouteLibrary, name) is getattr(errors, name)
            assert name in WsRouteLibrary.__all__


class TestQuote:
    def test_backslashes_stay_single(self):
        assert quote(r"\d+") == "'\\d+'"

    def test_line_breaks_and_tabs_show_as_escapes(self):
        assert quote("a\nb\r\tc") == "'a\\nb\\r\\tc'"
