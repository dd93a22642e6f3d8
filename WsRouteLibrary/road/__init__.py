"""The road every message of a routed socket travels: ordered stages between page and server.

A message enters at the edge of the side that sent it (the page edge for
the page's messages and for what the library sends the server, the server
edge for the server's messages and for what the library sends the page)
and passes the stages in order toward its receiver. Each stage is a small
object with the same narrow interface (see ``stage.py``): a passage in,
the passage on (or nothing: the stage took it), in the manner of
websockets' sans-I/O extensions. Stages touch no Playwright object: they
reach the shell (``engine/traffic.py``) only through its :class:`Port`
(record, send to a side, close a side, run later, fail the test).

From the page edge to the server edge::

    page | faults | codec | rules | replay | codec | end | server

The two codec positions are one protocol state seen from each wire; a
route that speaks no protocol has none.
"""

from .passage import Passage, Port
from .road import Road
from .stage import Stage

__all__ = ["Passage", "Port", "Road", "Stage"]
