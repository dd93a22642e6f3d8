"""The keyword classes, one per area; thin: arguments, docs and logging over the engine."""

from .actions import ActionKeywords
from .observation import ObservationKeywords
from .routing import RoutingKeywords
from .rules import RuleKeywords
from .session import SessionKeywords

__all__ = [
    "ActionKeywords",
    "ObservationKeywords",
    "RoutingKeywords",
    "RuleKeywords",
    "SessionKeywords",
]
