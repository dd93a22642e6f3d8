"""Protocol plug-ins: the example plug-in's keyword and section in libdoc, and bad ones."""

import sys
from pathlib import Path

import pytest
from robot.libdoc import LibraryDocumentation

from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.protocols import CODECS, Protocols, codec_class
from WsRouteLibrary.protocols.base import Codec
from WsRouteLibrary.protocols.socketio import SocketIOCodec

PLUGINS = Path(__file__).parent.parent / "examples" / "plugins"


@pytest.fixture
def on_path():
    sys.path.insert(0, str(PLUGINS))
    yield
    sys.path.remove(str(PLUGINS))


def test_the_plugin_s_keyword_and_section_are_in_the_library_docs(on_path):
    doc = LibraryDocumentation("WsRouteLibrary::plugins=jsonrpc.JsonRpc")
    assert "Send JSON-RPC Notification" in [kw.name for kw in doc.keywords]
    assert "= Protocol json-rpc =" in doc.doc
    assert "A rule's reply" in doc.doc.split("= Protocol json-rpc =")[1]
    with pytest.raises(InvalidInputError, match="Protocol 'json-rpc' is not supported"):
        codec_class("json-rpc")  # a plug-in is the importing library's, not the process's


def test_a_plugin_that_cannot_be_loaded_fails_the_import_and_leaves_no_loop_behind():
    import threading
    import time

    from WsRouteLibrary import WsRouteLibrary

    def loops():
        return sum(thread.name == "WsRouteLibrary-loop" for thread in threading.enumerate())

    before = loops()
    with pytest.raises(InvalidInputError, match=r"plugins='nosuchmodule.Nothing' could not be "
                                                r"loaded \(Importing"):
        WsRouteLibrary(plugins="nosuchmodule.Nothing")
    deadline = time.monotonic() + 5
    while loops() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert loops() == before


def test_a_codec_without_a_name_is_refused():
    class Nameless(Codec):
        pass

    with pytest.raises(InvalidInputError, match="not a Codec subclass with a name"):
        Protocols().register(Nameless)


def test_a_name_taken_by_another_protocol_is_refused():
    class Impostor(Codec):
        name = "socket.io"

    with pytest.raises(InvalidInputError, match="is already .*SocketIOCodec's"):
        Protocols().register(Impostor)
    assert CODECS["socket.io"] is SocketIOCodec
