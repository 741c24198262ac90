"""galois: ``GF(p)`` arrays and ``np.linalg.matrix_rank`` over the field (primes below 2**31:
larger ones are slow there)."""

from __future__ import annotations

import numpy as np

from ..errors import BadParameterError

__all__ = ["rank_galois"]


def rank_galois(a: np.ndarray, p: int | None) -> int:
    if p is None:
        raise BadParameterError("the galois backend computes ranks over GF(p) only: give a prime")
    if p >= 2**31:
        raise BadParameterError(f"the galois backend is used for primes below 2**31 only, got {p}")
    import galois

    field = galois.GF(p)
    return int(np.linalg.matrix_rank(field(np.mod(a, p).astype(np.int64))))
