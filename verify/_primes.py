"""Primality, the one arithmetic fact every layer needs (below the rank backends and the
elimination, which both use it)."""

from __future__ import annotations

__all__ = ["is_prime"]


def is_prime(p: int) -> bool:
    """Deterministic primality test (FLINT's ``fmpz.is_prime``).

    >>> [q for q in range(20) if is_prime(q)]
    [2, 3, 5, 7, 11, 13, 17, 19]
    """
    import flint

    return p >= 2 and bool(flint.fmpz(p).is_prime())
