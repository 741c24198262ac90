r"""Exact and modular matrix rank, with three independent backends.

* ``flint`` — python-flint: ``fmpz_mat.rank`` (exact over :math:`\mathbb Z`, hence over
  :math:`\mathbb Q`) and ``nmod_mat.rank`` (over :math:`\mathbb F_p`).  The fastest we measured.
* ``galois`` — ``galois.GF(p)`` arrays and ``np.linalg.matrix_rank`` over the field
  (primes ``p < 2**31`` only: larger ones are slow there).
* ``sympy`` — ``DomainMatrix`` over ``ZZ`` / ``GF(p)``: slow, small matrices only, used as the
  independent reference in tests.

What each answer means: the rank over :math:`\mathbb F_p` of an integer matrix is a **lower
bound** of its rank over :math:`\mathbb Q` (a nonzero minor mod p is a nonzero integer), so a
modular answer is reported with ``kind="modular"``; ``kind="exact"`` is the rank over
:math:`\mathbb Q`.

Moving a numpy matrix into FLINT through Python lists costs about as much as the rank itself
at N = 2187.  :func:`to_nmod_mat` and :func:`to_fmpz_mat` therefore copy the numpy buffer
straight into a freshly allocated FLINT matrix when the memory layout of the installed
python-flint has been probed and verified on a known matrix (see :func:`_layout`); otherwise
they fall back to the list path.  Both give identical matrices (tested).
"""

from __future__ import annotations

import ctypes
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._types import Backend, MatrixLike, TruthKind
from .errors import BadParameterError, BadShapeError
from .tt import as_int_array

__all__ = [
    "BACKENDS",
    "DEFAULT_PRIME",
    "RankResult",
    "is_prime",
    "rank",
    "rank_exact",
    "rank_mod_p",
    "to_fmpz_mat",
    "to_nmod_mat",
]

#: The Mersenne prime 2**31 - 1: residues fit a machine word, products fit int64.
DEFAULT_PRIME = 2**31 - 1
BACKENDS: tuple[Backend, ...] = ("flint", "galois", "sympy")
_SYMPY_MAX = 200  # sympy is the slow reference: refuse larger matrices
_FMPZ_SMALL = 2**62  # fmpz stores |x| < 2**62 inline in its word


def is_prime(p: int) -> bool:
    """Deterministic primality test (FLINT's ``fmpz.is_prime``)."""
    import flint

    return p >= 2 and bool(flint.fmpz(p).is_prime())


def _check_prime(p: object) -> int:
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or not is_prime(int(p)):
        raise BadParameterError(f"prime must be a prime number, got {p!r}")
    if int(p) >= 2**64:
        raise BadParameterError(f"prime must be below 2**64 (one machine word), got {p}")
    return int(p)


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


def _as_matrix(m: MatrixLike) -> np.ndarray:
    a = as_int_array(m, "matrix")
    if a.ndim != 2:
        raise BadShapeError(f"a matrix must be 2-dimensional, got shape {a.shape}")
    return a


# --- numpy -> FLINT -------------------------------------------------------------------------


@functools.cache
def _layout(kind: str) -> int | None:
    """Word offset of the ``entries`` pointer inside a python-flint matrix object, or None.

    The FLINT 3 matrix struct is ``{entries*, r, c, stride, ...}``.  We locate it in a small
    matrix with known entries and accept the layout only if rows, columns, stride and every
    entry read through the pointer match; a second probe writes through the pointer and
    checks the result with python-flint's own accessors.
    """
    import flint

    try:
        rows, cols = 3, 5
        vals = [[7 * i + j + 1 for j in range(cols)] for i in range(rows)]
        mat = flint.nmod_mat(vals, 1009) if kind == "nmod" else flint.fmpz_mat(vals)
        words = (ctypes.c_uint64 * 12).from_address(id(mat))
        for k in range(2, 9):
            if words[k + 1 : k + 4] == [rows, cols, cols]:
                data = (ctypes.c_uint64 * (rows * cols)).from_address(words[k])
                if list(data) == [v for row in vals for v in row]:
                    break
        else:
            return None
        probe = flint.nmod_mat(rows, cols, 1009) if kind == "nmod" else flint.fmpz_mat(rows, cols)
        src = np.arange(rows * cols, dtype=np.int64) * 3 + 2
        _copy_in(probe, k, src)
        if [int(x) for x in probe.entries()] != src.tolist():
            return None
        return k
    except Exception:  # pragma: no cover - any surprise means: use the list path
        return None


def _copy_in(mat: Any, offset: int, flat: np.ndarray) -> None:
    ptr = ctypes.c_uint64.from_address(id(mat) + 8 * offset).value
    buf = np.ascontiguousarray(flat, dtype=np.int64)
    ctypes.memmove(ptr, buf.ctypes.data, buf.nbytes)


def to_nmod_mat(m: MatrixLike, p: int) -> Any:
    """Convert an integer matrix to a FLINT ``nmod_mat`` over F_p (entries reduced mod p)."""
    import flint

    a = _as_matrix(m)
    p = _check_prime(p)
    rows, cols = a.shape
    if a.dtype == object:
        a = a % p
        if p < 2**63:
            a = a.astype(np.int64)
    else:
        a = np.mod(a, p) if (a.size and (a.min() < 0 or a.max() >= p)) else a
    off = _layout("nmod") if a.dtype == np.int64 and rows and cols else None
    if off is None:
        return (
            flint.nmod_mat(rows, cols, [int(x) for x in a.ravel().tolist()], p)
            if rows and cols
            else flint.nmod_mat(rows, cols, p)
        )
    mat = flint.nmod_mat(rows, cols, p)
    _copy_in(mat, off, a.ravel())
    return mat


def to_fmpz_mat(m: MatrixLike) -> Any:
    """Convert an integer matrix to a FLINT ``fmpz_mat`` (exact)."""
    import flint

    a = _as_matrix(m)
    rows, cols = a.shape
    small = a.dtype == np.int64 and (not a.size or (int(a.min()) > -_FMPZ_SMALL and int(a.max()) < _FMPZ_SMALL))
    off = _layout("fmpz") if small and rows and cols else None
    if off is None:
        return (
            flint.fmpz_mat(rows, cols, [int(x) for x in a.ravel().tolist()])
            if rows and cols
            else flint.fmpz_mat(rows, cols)
        )
    mat = flint.fmpz_mat(rows, cols)
    _copy_in(mat, off, a.ravel())
    return mat


# --- backends -------------------------------------------------------------------------------


def _rank_flint(a: np.ndarray, p: int | None) -> int:
    return int(to_fmpz_mat(a).rank() if p is None else to_nmod_mat(a, p).rank())


def _rank_galois(a: np.ndarray, p: int | None) -> int:
    if p is None:
        raise BadParameterError("the galois backend computes ranks over GF(p) only: give a prime")
    if p >= 2**31:
        raise BadParameterError(f"the galois backend is used for primes below 2**31 only, got {p}")
    import galois

    field = galois.GF(p)
    return int(np.linalg.matrix_rank(field(np.mod(a, p).astype(np.int64))))


def _rank_sympy(a: np.ndarray, p: int | None) -> int:
    if max(a.shape) > _SYMPY_MAX:
        raise BadParameterError(
            f"the sympy backend is for small matrices (at most {_SYMPY_MAX} rows and columns), "
            f"got {a.shape[0]}x{a.shape[1]}"
        )
    from sympy import GF, ZZ
    from sympy.polys.matrices import DomainMatrix

    rows = [[int(x) for x in row] for row in a.tolist()]
    dom = ZZ if p is None else GF(p)
    dm = DomainMatrix([[dom(x) for x in row] for row in rows], a.shape, dom)
    if p is None:
        dm = dm.convert_to(dm.domain.get_field())
    return int(dm.rank())


_IMPLS = {"flint": _rank_flint, "galois": _rank_galois, "sympy": _rank_sympy}


def rank(m: MatrixLike, prime: int | None = None, backend: Backend = "flint") -> RankResult:
    """Rank of an integer matrix over Q (``prime=None``) or over F_p.

    Parameters
    ----------
    m : integer matrix (numpy ``int64``/``object`` array or nested lists); floats are refused
    prime : a prime for a modular rank, or ``None`` for the exact rank over Q
    backend : ``"flint"`` (default), ``"galois"`` (F_p only), ``"sympy"`` (small only)

    Returns
    -------
    RankResult
        ``kind="exact"`` when ``prime`` is None, else ``kind="modular"`` (a lower bound of the
        rank over Q).

    Examples
    --------
    >>> rank([[1, 2], [2, 4]]).rank
    1
    >>> r = rank([[2, 0], [0, 1]], prime=2); (r.rank, r.kind)
    (1, 'modular')
    """
    if backend not in _IMPLS:
        raise BadParameterError(f"unknown rank backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    a = _as_matrix(m)
    p = None if prime is None else _check_prime(prime)
    if 0 in a.shape:
        return RankResult(0, "exact" if p is None else "modular", p, backend)
    value = _IMPLS[backend](a, p)
    return RankResult(value, "exact" if p is None else "modular", p, backend)


def rank_mod_p(m: MatrixLike, p: int = DEFAULT_PRIME, backend: Backend = "flint") -> int:
    """Rank over F_p (a lower bound of the rank over Q)."""
    return rank(m, prime=p, backend=backend).rank


def rank_exact(m: MatrixLike, backend: Backend = "flint") -> int:
    """Rank over Q."""
    return rank(m, prime=None, backend=backend).rank
