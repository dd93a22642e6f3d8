"""The library intro that libdoc shows: the tester's manual, its sections in reading order.

The text lives in four modules, each a part of the manual; the library
class (``library.py``) takes :func:`compose` of it, with each protocol's own
section (from its keyword class) after `Protocols`, as its documentation. Sections
link to each other and to keywords by name (```Cleanup```, ```Route
WebSocket```), so a section keeps its title when it moves.
"""

from . import basics, running, traffic, workers

INTRO = "\n".join([basics.TEXT, traffic.TEXT, workers.TEXT, running.TEXT])


def compose(protocol_sections: str) -> str:
    """The intro with the protocols' own sections in their place."""
    return INTRO.replace("%PROTOCOLS%", protocol_sections.strip())
