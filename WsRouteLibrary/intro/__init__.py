"""The library intro that libdoc shows: the tester's manual, its sections in reading order.

The text lives in three modules, each a part of the manual; the library
class (``library.py``) takes :data:`INTRO` as its documentation. Sections
link to each other and to keywords by name (```Cleanup```, ```Route
WebSocket```), so a section keeps its title when it moves.
"""

from . import basics, running, traffic

INTRO = "\n".join([basics.TEXT, traffic.TEXT, running.TEXT])
