"""Who opened a socket, when it was not the page itself: a worker, named in the log."""

from __future__ import annotations


def shown(url: str, opener: str = "") -> str:
    """A socket's URL as the log shows it: with the worker that opened it (``opener``, e.g.
    ``dedicated worker http://host/feed.js``), if not the page itself."""
    return f"{url} (in {opener})" if opener else url
