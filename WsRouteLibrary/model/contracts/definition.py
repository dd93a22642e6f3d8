"""One message definition of a contract: what a direction of a channel allows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jsonschema.protocols import Validator

from .files import Files


@dataclass
class Definition:
    """One message a direction allows: its name, compiled payload validator, examples."""

    name: str
    validator: Validator = field(repr=False)
    examples: list[tuple[str, Any]] = field(default_factory=list, repr=False)
    schema: Any = field(default=True, repr=False)  # the payload as written (closest choice)
    files: Files | None = field(default=None, repr=False)
    uri: str = field(default="", repr=False)  # the file the payload is in
