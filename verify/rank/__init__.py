r"""Exact and modular matrix rank: one dispatch function, one module per backend.

* ``flint`` — python-flint: ``fmpz_mat.rank`` (exact over :math:`\mathbb Z`, hence over
  :math:`\mathbb Q`) and ``nmod_mat.rank`` (over :math:`\mathbb F_p`).
* ``blas`` — Gaussian elimination over :math:`\mathbb F_p` with residues carried exactly in
  float64, the matrix products on BLAS (:mod:`verify.elimination`; primes up to about
  :math:`2^{27.5}`, the fastest at :data:`FLOAT_PRIME`).
* ``torch`` — the same elimination with torch tensors, on the CPU or a CUDA device.
* ``galois`` — ``galois.GF(p)`` arrays (primes below ``2**31``).
* ``sympy`` — ``DomainMatrix`` over ``ZZ`` / ``GF(p)``: slow, small matrices only, the
  independent reference in the tests.
* ``auto`` — FLINT for exact ranks and for primes the float elimination cannot carry, the
  float elimination otherwise once the matrix is large enough for BLAS to pay (torch on a CUDA
  device when one is present).

What each answer means: the rank over :math:`\mathbb F_p` of an integer matrix is a **lower
bound** of its rank over :math:`\mathbb Q` (a nonzero minor mod p is a nonzero integer), so a
modular answer is reported with ``kind="modular"``; ``kind="exact"`` is the rank over
:math:`\mathbb Q`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._types import MatrixLike, TruthKind
from ..elimination import chunk
from ..errors import BadParameterError
from ._common import _as_matrix, _check_prime, is_prime
from ._flint import rank_flint, to_fmpz_mat, to_nmod_mat
from ._float import FLOAT_PRIME, eliminate_float, rank_blas, rank_torch
from ._galois import rank_galois
from ._sympy import rank_sympy

__all__ = [
    "AUTO_FLOAT_LONG",
    "AUTO_FLOAT_SIDE",
    "AUTO_TORCH_SIDE",
    "BACKENDS",
    "DEFAULT_PRIME",
    "FLOAT_PRIME",
    "RankResult",
    "choose_backend",
    "default_prime",
    "is_prime",
    "pivots_mod_p",
    "rank",
    "rank_exact",
    "rank_mod_p",
    "to_fmpz_mat",
    "to_nmod_mat",
]

#: The Mersenne prime 2**31 - 1: residues fit a machine word, products fit int64 (FLINT's default).
DEFAULT_PRIME = 2**31 - 1
#: Every backend, and ``auto``.
BACKENDS = ("flint", "blas", "torch", "galois", "sympy")
#: ``auto`` uses the float elimination from this shorter side on, or from :data:`AUTO_FLOAT_LONG`
#: on for a matrix at least 4 times longer than wide: below, FLINT is as fast or faster (measured
#: with ``python benchmarks/bench_rank.py --only-crossover`` on a 2-core x86_64 machine, the
#: compiled base case loaded, mod 8388593: blas / FLINT 1.5 at 256 x 256, 0.96 at 300 x 300, 0.45
#: at 729 x 729, 0.90 at 512 x 128, 0.54 at 4096 x 64, 0.12 at 15625 x 1024).
AUTO_FLOAT_SIDE = 300
AUTO_FLOAT_LONG = 100
#: ... and torch on a CUDA device from this shorter side on (torch is imported only then).
AUTO_TORCH_SIDE = 6000


@dataclass(frozen=True)
class RankResult:
    """A rank and what kind of truth it is.

    Attributes
    ----------
    rank : int
    kind : ``"exact"`` (over Q) or ``"modular"`` (over F_p: a lower bound of the rank over Q)
    prime : the prime for a modular rank, else ``None``
    backend : which backend computed it
    """

    rank: int
    kind: TruthKind
    prime: int | None
    backend: str


def _cuda() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:
        return False


def choose_backend(shape: tuple[int, int], prime: int | None, backend: str = "auto") -> str:
    """The backend ``auto`` stands for, for a matrix of ``shape`` and ``prime``."""
    if backend != "auto":
        if backend not in BACKENDS:
            raise BadParameterError(f"unknown rank backend {backend!r}; choose auto or one of {', '.join(BACKENDS)}")
        return backend
    short, long = min(shape), max(shape)
    if prime is None or chunk(prime) < 1 or short < (AUTO_FLOAT_LONG if long >= 4 * short else AUTO_FLOAT_SIDE):
        return "flint"
    return "torch" if min(shape) >= AUTO_TORCH_SIDE and _cuda() else "blas"


def default_prime(backend: str) -> int:
    """The prime a backend works best with: :data:`FLOAT_PRIME` for ``blas``, ``torch`` and
    ``auto``, :data:`DEFAULT_PRIME` otherwise."""
    return FLOAT_PRIME if backend in ("blas", "torch", "auto") else DEFAULT_PRIME


_IMPLS = {"flint": rank_flint, "galois": rank_galois, "sympy": rank_sympy, "blas": rank_blas}


def rank(m: MatrixLike, prime: int | None = None, backend: str = "flint", device: str | None = None) -> RankResult:
    """Rank of an integer matrix over Q (``prime=None``) or over F_p.

    Parameters
    ----------
    m : integer matrix (numpy ``int64``/``object`` array or nested lists); floats are refused
    prime : a prime for a modular rank, or ``None`` for the exact rank over Q
    backend : ``"flint"`` (default), ``"blas"``, ``"torch"`` (F_p only, primes up to about
        ``2**27.5``), ``"galois"`` (F_p only), ``"sympy"`` (small only), or ``"auto"``
    device : for ``torch``: ``"cpu"``, ``"cuda"`` (default: CUDA when available)

    Returns
    -------
    RankResult
        ``kind="exact"`` when ``prime`` is None, else ``kind="modular"`` (a lower bound of the
        rank over Q); ``backend`` names the backend that computed it (what ``auto`` chose).

    Examples
    --------
    >>> rank([[1, 2], [2, 4]]).rank
    1
    >>> r = rank([[2, 0], [0, 1]], prime=2); (r.rank, r.kind)
    (1, 'modular')
    >>> rank([[2, 0], [0, 1]], prime=3, backend="blas").rank
    2
    """
    a = _as_matrix(m)
    p = None if prime is None else _check_prime(prime)
    chosen = choose_backend(a.shape, p, backend)
    kind: TruthKind = "exact" if p is None else "modular"
    if 0 in a.shape:
        return RankResult(0, kind, p, chosen)
    if chosen == "torch":
        value = rank_torch(a, p, device)
    else:
        value = _IMPLS[chosen](a, p)
    return RankResult(value, kind, p, chosen)


def rank_mod_p(m: MatrixLike, p: int = DEFAULT_PRIME, backend: str = "flint") -> int:
    """Rank over F_p (a lower bound of the rank over Q)."""
    return rank(m, prime=p, backend=backend).rank


def rank_exact(m: MatrixLike, backend: str = "flint") -> int:
    """Rank over Q."""
    return rank(m, prime=None, backend=backend).rank


def pivots_mod_p(
    m: MatrixLike, p: int, backend: str = "auto", device: str | None = None
) -> tuple[list[int], list[int]]:
    """Rows and columns of a square submatrix of ``m`` nonsingular mod ``p``, of size ``rank_p(m)``.

    The float elimination returns them directly (its pivot rows and columns); FLINT's path takes
    the pivot columns of the RREF of ``m``, then the pivot rows of those columns."""
    a = _as_matrix(m)
    p = _check_prime(p)
    chosen = choose_backend(a.shape, p, backend)
    if chosen in ("blas", "torch"):
        res = eliminate_float(a, p, chosen, device)
        return res.rows, res.cols
    if chosen != "flint":
        raise BadParameterError(f"pivots come from the flint, blas or torch backend, not {chosen!r}")

    def pivots(x: np.ndarray) -> list[int]:
        red, rk = to_nmod_mat(x, p).rref()
        piv = []
        for i in range(rk):
            row = [int(v) for v in (red[i, j] for j in range(x.shape[1]))]
            piv.append(next(j for j, v in enumerate(row) if v))
        return piv

    if 0 in a.shape:
        return [], []
    cols = pivots(a)
    rows = pivots(np.ascontiguousarray(a[:, cols].T)) if cols else []
    return rows, cols
