"""A minimal progress bar on stderr (no dependency), shown only when asked or on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

__all__ = ["progress"]


def progress(items: Iterable[T], total: int, desc: str, enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items``, drawing ``desc [#####     ] k/total  12.3s`` on stderr as they pass."""
    show = sys.stderr.isatty() if enabled is None else enabled
    t0 = time.perf_counter()
    width = 30
    k = 0
    for k, item in enumerate(items, 1):
        yield item
        if show:
            fill = width * k // max(total, 1)
            sys.stderr.write(
                f"\r{desc} [{'#' * fill}{' ' * (width - fill)}] {k}/{total} {time.perf_counter() - t0:6.1f}s"
            )
            sys.stderr.flush()
    if show and k:
        sys.stderr.write("\n")
        sys.stderr.flush()
