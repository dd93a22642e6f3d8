"""The engine: Playwright on its own event loop; it knows nothing of Robot Framework."""

from .engine import Engine

__all__ = ["Engine"]
