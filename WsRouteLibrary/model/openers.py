"""Who opened a socket, when it was not the page itself: a worker, named in the log."""

from __future__ import annotations


class OpenedUrl(str):
    """A socket's URL (it matches and compares as the plain URL) that also names the
    worker that opened it, e.g. ``dedicated worker http://host/feed.js``."""

    opener: str

    def __new__(cls, url: str, opener: str = "") -> OpenedUrl:
        made = super().__new__(cls, url)
        made.opener = opener
        return made


def shown(url: str) -> str:
    """The URL as the log shows it: with the worker that opened the socket, if any."""
    opener = getattr(url, "opener", "")
    return f"{url} (in {opener})" if opener else str(url)
