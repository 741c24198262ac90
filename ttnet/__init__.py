"""A compact PyTorch TT-network (equal or different cores) and its MNIST experiments."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import TTNet, patchify

__all__ = ["TTNet", "patchify"]


def __getattr__(name: str) -> Any:
    # torch loads on first use, not with the package, so that ``python -m ttnet`` reaches its own
    # Ctrl-C handling (and ``--help`` answers) before torch's seconds of import
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(".model", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
