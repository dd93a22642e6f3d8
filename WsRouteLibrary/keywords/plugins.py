"""Protocol plug-ins: a team's own protocol as a keyword class named at import.

A plug-in is a keyword class (a :class:`ProtocolPlugin`, itself a
``LibraryComponent``) named in the library's ``plugins`` import argument as
``module.Class`` (PythonLibCore's plug-in syntax, as SeleniumLibrary's
``plugins=``; ``;`` separates arguments for the class). Its ``codec`` (a
``protocols.base.Codec`` subclass) is registered under the codec's name, so
``Route WebSocket    url    protocol=NAME`` speaks it; its keywords join the
library's; its class docstring becomes a section of the library's
documentation, after the intro.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar

from robotlibcore import PluginParser

from ..errors import InvalidInputError, quote
from ..protocols.base import Codec
from .base import LibraryComponent, LibraryContext


class ProtocolPlugin(LibraryComponent):
    """The base of a protocol plug-in: set ``codec``, add keywords, document the class.

    ``transport`` (optional) is a class answering HTTP side-requests the
    protocol's clients make (see ``protocols/__init__.py``).
    """

    codec: ClassVar[type[Codec] | None] = None
    transport: ClassVar[type[Any] | None] = None

    def needs(self, url: str | None, name: str) -> None:
        """Fails unless the route speaks this plug-in's protocol (keyword ``name``)."""
        protocol = self.codec.name if self.codec is not None else None
        spoken = self.engine.protocol_of(url)
        if spoken != protocol:
            route = self.engine.route_text(url)
            raise InvalidInputError(
                f"'{name}' needs a route that speaks {protocol}, but route {quote(route)} "
                f"speaks {spoken or 'no protocol (raw frames)'}. Route it with "
                f"'Route WebSocket    {route}    protocol={protocol}'."
            )


def load_plugins(library: LibraryContext, plugins: str | None) -> list[LibraryComponent]:
    """The plug-ins ``plugins`` names, made with the library; their protocols registered."""
    if plugins is None or not str(plugins).strip():
        return []
    try:
        made = PluginParser(LibraryComponent, [library]).parse_plugins(plugins)
    except Exception as error:  # noqa: BLE001 - Robot Framework's import errors say why
        raise InvalidInputError(
            f"plugins={plugins!r} could not be loaded ({str(error).splitlines()[0]}). Give "
            "'module.Class' names of LibraryComponent subclasses (see ProtocolPlugin), "
            "separated by commas, with the module on the Python path (e.g. --pythonpath)."
        ) from None
    for plugin in made:
        codec = getattr(plugin, "codec", None)
        if codec is not None:
            library.engine.protocols.register(codec, getattr(plugin, "transport", None))
    return made


def plugin_sections(plugins: list[Any]) -> str:
    """The documentation of plug-ins (classes or instances), one section each."""
    sections = []
    for plugin in plugins:
        kind = plugin if isinstance(plugin, type) else type(plugin)
        doc = inspect.getdoc(kind)
        if doc and doc != inspect.getdoc(ProtocolPlugin):
            codec = getattr(kind, "codec", None)
            title = f"Protocol {codec.name}" if codec is not None else kind.__name__
            sections.append(f"= {title} =\n\n{doc}")
    return "\n\n".join(sections)
