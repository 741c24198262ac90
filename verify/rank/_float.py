"""``blas`` (numpy) and ``torch`` (CPU or CUDA): Gaussian elimination over F_p with residues
carried exactly in float64 (:mod:`verify.elimination`), primes up to
:func:`verify.elimination.max_prime`."""

from __future__ import annotations

import numpy as np

from ..elimination import EliminationResult, chunk, eliminate, max_prime
from ..errors import BadParameterError

__all__ = ["FLOAT_PRIME", "eliminate_float", "rank_blas", "rank_torch"]

#: The largest prime below 2**23: products of two residues are below 2**44, so matrix products
#: with an inner dimension of 512 stay exact (``chunk(FLOAT_PRIME) == 512``).
FLOAT_PRIME = 8388593


def _device(device: str | None) -> str:
    import torch

    if device in (None, "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise BadParameterError("--device cuda: no CUDA device is available")
    return device


def eliminate_float(a: np.ndarray, p: int, backend: str = "blas", device: str | None = None) -> EliminationResult:
    """Rank and pivots over F_p by the float64 elimination (``backend`` ``blas`` or ``torch``)."""
    if p is None:
        raise BadParameterError(f"the {backend} backend computes ranks over GF(p) only: give a prime")
    if chunk(p) < 1:
        raise BadParameterError(f"the {backend} backend is exact for primes up to {max_prime()}, got {p}")
    if backend == "blas":
        return eliminate(a, p)
    if backend == "torch":
        try:
            import torch  # noqa: F401
        except ImportError:
            raise BadParameterError("the torch backend needs torch (pip install torch)") from None
        return eliminate(a, p, device=_device(device))
    raise BadParameterError(f"unknown float backend {backend!r}")


def rank_blas(a: np.ndarray, p: int | None) -> int:
    return eliminate_float(a, p, "blas").rank  # type: ignore[arg-type]


def rank_torch(a: np.ndarray, p: int | None, device: str | None = None) -> int:
    return eliminate_float(a, p, "torch", device).rank  # type: ignore[arg-type]
