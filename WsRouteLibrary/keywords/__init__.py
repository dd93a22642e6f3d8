"""The keyword classes, one per area; thin: arguments, docs and logging over the engine."""

from .actions import ActionKeywords
from .contracts import ContractKeywords
from .faults import FaultKeywords
from .observation import ObservationKeywords
from .recording import RecordingKeywords
from .routing import RoutingKeywords
from .rules import RuleKeywords
from .session import SessionKeywords
from .watching import WatchKeywords

__all__ = [
    "ActionKeywords",
    "ContractKeywords",
    "FaultKeywords",
    "ObservationKeywords",
    "RecordingKeywords",
    "RoutingKeywords",
    "RuleKeywords",
    "SessionKeywords",
    "WatchKeywords",
]
