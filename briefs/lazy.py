"""Public names that load their module on first use (PEP 562), for quick start-up.

The packages ``briefs``, ``store`` and ``store.sync`` list where each public name
lives; importing the package costs nothing until a name is used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def lazy_attributes(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``where`` maps each name to its module.

    A name is imported the first time it is asked for, then kept in the package's
    namespace so that later uses cost a plain lookup.
    """
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
