"""WsRouteLibrary: mock, intercept and script a web page's WebSockets (re-exports only)."""

from .datatypes import AutoCleanup, CloseInfo, MatchMode, RouteScope, SettingScope
from .errors import (
    BrowserError,
    InvalidInputError,
    LoopError,
    NoBrowserError,
    NoPageError,
    NoSuchRouteError,
    PatternTimeoutError,
    ProtocolError,
    ProtocolReplyError,
    TemplateError,
    WsRouteError,
)
from .library import WsRouteLibrary
from .version import __version__

__all__ = [
    "AutoCleanup",
    "BrowserError",
    "CloseInfo",
    "InvalidInputError",
    "LoopError",
    "MatchMode",
    "NoBrowserError",
    "NoPageError",
    "NoSuchRouteError",
    "PatternTimeoutError",
    "ProtocolError",
    "ProtocolReplyError",
    "RouteScope",
    "SettingScope",
    "TemplateError",
    "WsRouteError",
    "WsRouteLibrary",
    "__version__",
]
