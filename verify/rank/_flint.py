"""FLINT (python-flint): ``fmpz_mat.rank`` (exact over Z, hence over Q) and ``nmod_mat.rank``
(over F_p), with a zero-copy path from numpy.

Moving a numpy matrix into FLINT through Python lists costs about as much as the rank itself at
N = 2187.  :func:`to_nmod_mat` and :func:`to_fmpz_mat` therefore copy the numpy buffer straight into
a freshly allocated FLINT matrix when the memory layout of the installed python-flint has been
probed and verified on a known matrix (see :func:`_layout`); otherwise they fall back to the list
path.  Both give identical matrices (tested).
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any

import numpy as np

from .._types import MatrixLike
from ._common import _as_matrix, _check_prime

__all__ = ["rank_flint", "to_fmpz_mat", "to_nmod_mat"]

_FMPZ_SMALL = 2**62  # fmpz stores |x| < 2**62 inline in its word


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


def rank_flint(a: np.ndarray, p: int | None) -> int:
    return int(to_fmpz_mat(a).rank() if p is None else to_nmod_mat(a, p).rank())
