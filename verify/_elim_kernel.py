r"""The base case of :mod:`verify.elimination` for numpy, compiled by numba: a narrow block
eliminated column by column without a Python-level step per column.

Same arithmetic and the same bound as the Python base case it replaces (residues carried exactly in
float64, ``H = (p-1)/2 + 3`` the largest residue :func:`_red` leaves): a product of two reduced
residues is at most ``H^2``, and a reduced entry that receives ``g`` such updates stays below
``H + g H^2 < 2^53`` as long as ``g <= chunk(p)``; the block is reduced whenever the next update
could pass that.  The pivot of a column is the first remaining row where it is nonzero mod ``p``,
as in the Python version, so both give the same rank, pivots and multipliers.

The inverse of a pivot and of the unit lower triangular factor are computed with int64 residues
in ``[0, p)``: ``p < 2^{27.5}`` (the float elimination refuses larger primes), so a product is
below ``2^{55}`` and a sum of ``w <= 64`` of them below ``2^{61}``: no int64 overflow.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["base_eliminate"]


@numba.njit(cache=True, inline="always")
def _red(x: float, p: float, pinv: float) -> float:
    # x - p * nearest(x / p): exact for |x| < 2^53 (see verify.elimination._Ops.reduce)
    return x - p * np.floor(x * pinv + 0.5)


@numba.njit(cache=True)
def _inv_mod(a: int, p: int) -> int:
    """a^-1 mod p for 0 < a < p (extended Euclid)."""
    t, new_t, r, new_r = 0, 1, p, a
    while new_r != 0:
        q = r // new_r
        t, new_t = new_t, t - q * new_t
        r, new_r = new_r, r - q * new_r
    return t % p


@numba.njit(cache=True)
def base_eliminate(b, p, kc):  # type: ignore[no-untyped-def]
    """Eliminate the contiguous float64 block ``b`` (``k x w``, entries of absolute value at most
    ``H``) in place; ``kc = chunk(p)``.  Returns ``(t, cols, perm, mult, linv)``: ``t`` pivots in
    columns ``cols[:t]``; ``b``'s rows reordered by ``perm`` (pivot rows first, holding ``U``; the
    other rows zero); ``mult`` (``k x w``, its first ``t`` columns the multipliers in the new row
    order, ``mult[:t, :t]`` unit lower triangular) and ``linv`` (``t x t``) its inverse mod ``p``,
    all centred residues."""
    k, w = b.shape
    pf = float(p)
    pinv = 1.0 / pf
    half = (p - 1) // 2
    perm = np.arange(k)
    cols = np.zeros(w, dtype=np.int64)
    mult = np.zeros((k, w))
    t = 0
    grown = 0
    for c in range(w):
        if t == k:
            break
        r = -1
        for i in range(t, k):
            v = _red(b[i, c], pf, pinv)
            b[i, c] = v
            if v != 0.0:
                r = i
                break
        if r < 0:
            continue
        if r != t:
            for j in range(w):
                b[r, j], b[t, j] = b[t, j], b[r, j]
            for j in range(t):
                mult[r, j], mult[t, j] = mult[t, j], mult[r, j]
            perm[r], perm[t] = perm[t], perm[r]
        for j in range(c, w):
            b[t, j] = _red(b[t, j], pf, pinv)
        if grown >= kc:  # the next update could pass 2^53: reduce what it touches
            for i in range(t + 1, k):
                for j in range(c, w):
                    b[i, j] = _red(b[i, j], pf, pinv)
            grown = 0
        inv = _inv_mod(int(b[t, c]) % p, p)
        invc = float(inv if inv <= half else inv - p)
        for i in range(t + 1, k):
            f = _red(_red(b[i, c], pf, pinv) * invc, pf, pinv)
            b[i, c] = 0.0
            if f != 0.0:
                mult[i, t] = f
                for j in range(c + 1, w):
                    b[i, j] -= f * b[t, j]
        grown += 1
        mult[t, t] = 1.0
        cols[t] = c
        t += 1
    for i in range(k):
        for j in range(w):
            b[i, j] = _red(b[i, j], pf, pinv)
    # linv = mult[:t, :t]^-1 mod p, row by row: x[s, j] = -sum_{j <= q < s} L[s, q] x[q, j]
    low = np.zeros((t, t), dtype=np.int64)
    for s in range(t):
        for j in range(s):
            low[s, j] = int(mult[s, j]) % p
    x = np.zeros((t, t), dtype=np.int64)
    for s in range(t):
        x[s, s] = 1
        for j in range(s):
            acc = 0
            for q in range(j, s):
                acc += low[s, q] * x[q, j]
            x[s, j] = (-acc) % p
    linv = np.zeros((t, t))
    for s in range(t):
        for j in range(t):
            v = x[s, j]
            linv[s, j] = float(v if v <= half else v - p)
    return t, cols[:t], perm, mult[:, :t].copy(), linv
