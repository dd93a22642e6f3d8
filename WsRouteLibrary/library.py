"""The library class: import arguments, its keyword classes and its listener.

Its documentation, the intro libdoc shows, is the package ``intro``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robotlibcore import DynamicCore

from . import intro
from .datatypes import AutoCleanup
from .engine import Engine
from .errors import InvalidInputError, LoopError
from .keywords import (
    ActionKeywords,
    ContractKeywords,
    FaultKeywords,
    ObservationKeywords,
    RecordingKeywords,
    RoutingKeywords,
    RuleKeywords,
    SessionKeywords,
    WatchKeywords,
)
from .keywords.base import convert_time, to_seconds
from .keywords.graphqlws import GraphQLWsKeywords
from .keywords.mqtt import MqttKeywords
from .keywords.phoenix import PhoenixKeywords
from .keywords.plugins import load_plugins, plugin_sections
from .keywords.signalr import SignalRKeywords
from .keywords.socketio import SocketIOKeywords
from .keywords.stomp import StompKeywords
from .listener import LibraryListener, join_errors, keep_plain
from .settings import ScopedSetting, fast_path_setting
from .version import __version__

# The built-in protocols' keyword classes: each is shaped as a plug-in is.
PROTOCOLS = (
    SocketIOKeywords,
    GraphQLWsKeywords,
    StompKeywords,
    MqttKeywords,
    SignalRKeywords,
    PhoenixKeywords,
)


class WsRouteLibrary(DynamicCore):
    __doc__ = intro.compose(plugin_sections(list(PROTOCOLS)))

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_CONVERTERS = {timedelta: convert_time}
    ROBOT_LIBRARY_VERSION = __version__

    def __init__(
        self,
        timeout: timedelta = "5 s",  # type: ignore[assignment]  # Robot converts it, as libdoc shows
        headless: bool = True,
        executable_path: str | None = None,
        auto_cleanup: AutoCleanup = AutoCleanup.test,
        message_limit: int | None = 100000,
        plugins: str | None = None,
        fast_path: bool | None = None,
    ):
        """Imports the library.

        ``timeout`` is the default of every wait (a Robot Framework time).
        ``headless`` and ``executable_path`` are used when `Open Page`
        launches a browser by itself; ``executable_path`` is also the default
        of `Launch Browser`. ``auto_cleanup`` is ``test``, ``suite`` or
        ``manual`` (see `Cleanup`). ``message_limit`` is how many messages
        each route keeps (``None``: all). ``plugins`` adds protocols of your
        own, as ``module.Class`` names separated by commas (see `Protocol
        plug-ins`). ``fast_path`` carries the page's sockets that a route
        takes over the library's own connection instead of Playwright's
        routing (see `Fast path`); not given, the environment variable
        ``WSROUTE_FAST_PATH`` decides (``true`` or ``false``), else it is off.

        | Library    WsRouteLibrary    timeout=10 s    auto_cleanup=suite
        | Library    WsRouteLibrary    plugins=myprotocols.JsonRpc
        """
        if message_limit is not None and message_limit < 1:
            raise InvalidInputError(
                f"message_limit={message_limit} would keep no messages. Give 1 or "
                "more, or None to keep all."
            )
        self.timeout = ScopedSetting(to_seconds(timeout))
        self.auto_cleanup = auto_cleanup
        self.engine = Engine(headless, executable_path, message_limit,
                             fast_path_setting(fast_path))
        self.listener = LibraryListener(self.engine, auto_cleanup, [self.timeout])
        try:
            self.plugins = load_plugins(self, plugins)
        except Exception:
            self.engine.shutdown()  # an import that fails leaves no loop thread behind
            raise
        DynamicCore.__init__(
            self,
            [
                *self.plugins,
                SessionKeywords(self),
                RoutingKeywords(self),
                RuleKeywords(self),
                ActionKeywords(self),
                FaultKeywords(self),
                ObservationKeywords(self),
                WatchKeywords(self),
                *(protocol(self) for protocol in PROTOCOLS),
                RecordingKeywords(self),
                ContractKeywords(self),
                self.listener,
            ],
        )

    def get_keyword_documentation(self, name: str) -> str:
        """The intro is followed by a section of each protocol plug-in."""
        documentation = DynamicCore.get_keyword_documentation(self, name)
        if name == "__intro__":
            documentation += plugin_sections(self.plugins)
        return documentation

    def run_keyword(self, name: str, args: tuple, kwargs: dict | None = None) -> Any:
        try:
            self._raise_errors()
            try:
                result = DynamicCore.run_keyword(self, name, args, kwargs)
            except LoopError:  # a wait ended by an error on the loop: report that
                self._raise_errors()
                raise
            self._raise_errors()
        except Exception as error:
            plain = keep_plain(error)
            if plain is error:
                raise
            raise plain from None
        return result

    def _raise_errors(self) -> None:
        errors = self.engine.take_errors()
        if errors:
            self.listener.raised(errors)
            raise AssertionError(join_errors(errors))

