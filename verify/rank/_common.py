"""What every rank backend shares: prime and matrix validation."""

from __future__ import annotations

import numpy as np

from .._primes import is_prime
from .._types import MatrixLike
from ..errors import BadParameterError, BadShapeError, shown
from ..tt import as_int_array

__all__ = ["_as_matrix", "_check_prime", "is_prime"]


def _check_prime(p: object) -> int:
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or not is_prime(int(p)):
        raise BadParameterError(f"prime must be a prime number, got {shown(p, 60)}")
    if int(p) >= 2**64:
        raise BadParameterError(f"prime must be below 2**64 (one machine word), got {p}")
    return int(p)


def _as_matrix(m: MatrixLike) -> np.ndarray:
    a = as_int_array(m, "matrix")
    if a.ndim != 2:
        raise BadShapeError(f"a matrix must be 2-dimensional, got shape {a.shape}")
    return a
