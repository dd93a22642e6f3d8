"""``python -m WsRouteLibrary``: the ``wsroute`` command."""

import sys

from .cli import main

sys.exit(main())
