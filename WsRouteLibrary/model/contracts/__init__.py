"""Contracts: AsyncAPI documents and JSON Schemas the route's messages must fit.

Pure: no Playwright, no Robot Framework. :mod:`.files` reads documents and
follows ``$ref``\\ s, :mod:`.asyncapi` finds a channel's message definitions,
:mod:`.checking` checks messages against them.
"""

from .asyncapi import Contract, load_contract
from .checking import Misfit, SchemaCheck
from .definition import Definition

__all__ = ["Contract", "Definition", "Misfit", "SchemaCheck", "load_contract"]
