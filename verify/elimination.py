r"""Gaussian elimination over :math:`\mathbb F_p` at BLAS speed: residues carried exactly in float64.

The FFLAS-FFPACK idea (Dumas, Giorgi, Pernet, "Dense linear algebra over word-size prime fields:
the FFLAS and FFPACK packages", ACM TOMS 35(3), 2008): a residue mod ``p`` is an integer of
absolute value at most ``(p-1)/2`` (*centred*), stored in a float64; a product of two of them is at
most ``((p-1)/2)^2``, and a sum of ``K`` such products plus one residue stays below
:math:`2^{53}` — where every integer is a float64 and every float64 operation on them is exact —
as long as (with :math:`H = (p-1)/2 + 3`, the largest residue the reduction below leaves)

.. math::  K H^2 + H < 2^{53}.

:func:`chunk` is the largest such ``K`` for a prime; every matrix product here splits its inner
dimension into pieces of at most that size and reduces after each (``fmod`` is exact in IEEE
arithmetic), so **no intermediate ever exceeds** :math:`2^{53}`: the results are exact residues,
not approximations.  A prime with ``K < 1`` (``p > 2^{27.5}`` or so) is refused; the tests run
primes at that edge.

The elimination is a recursive column-blocked LU with row pivoting (the pivot of a column is the
first remaining row where it is nonzero; pivot-free columns are skipped), as in FFPACK's PLUQ:
the left half of a block is eliminated, its row operations are applied to the right half with one
triangular solve and one matrix product, then the right half is eliminated on the remaining rows.
Almost all the work is in the matrix products, which go to BLAS (numpy) or to the device (torch:
CPU or CUDA, the same code).  The top level reduces the trailing rows only when the products
added since their last reduction could pass ``chunk(p)`` (every other panel at the default prime),
and reduces a panel and its pivot rows before they are used.  With numpy the narrow base case
runs compiled (:mod:`verify._elim_kernel`, numba; same pivots and multipliers as the Python loop,
which torch runs), loaded once a process has enough work to repay its load (:func:`_kernel_for`).
It returns the rank and the pivot rows and columns: the pivot rows and columns index a square
submatrix that is nonsingular mod ``p`` (a certificate's minor).
Control returns to Python between blocks, so Ctrl-C stops a large elimination within a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._primes import is_prime
from .errors import BadParameterError
from .tt import TensorTrain, _matricize_flat, check_budget, float_residues_exact, validate_partition

__all__ = [
    "EliminationResult",
    "chunk",
    "eliminate",
    "eliminate_residues",
    "load_kernel",
    "matricization_residues",
    "max_prime",
]

_EXACT = 2**53
_BASE = 32  # columns eliminated one by one below this width (at most 64: the compiled kernel's int64 bound)
_PANEL = 256  # the right-looking panels of the top level
_TILE = 1 << 18  # entries of a numpy tile (2 MiB of float64) for the large in-place operations
_TILE_ROWS = 512  # rows of a tile, at most (a matrix product per tile: (512 x t) @ (t x 512))
#: numpy's base case runs compiled (numba) when this is on (see :func:`_kernel_for`); off, it
#: always runs the Python loop of :func:`_unblocked` (the tests compare both)
USE_KERNEL = True
KERNEL_AFTER = 15_000_000


def chunk(p: int) -> int:
    """The largest inner dimension ``K`` with ``K H^2 + H < 2^53``, ``H = (p-1)/2 + 3`` the largest
    residue :meth:`_Ops.reduce` leaves (0 if none)."""
    h = (p - 1) // 2 + 3
    return max(0, (_EXACT - 1 - h) // (h * h))


def max_prime() -> int:
    """The largest prime these eliminations accept (``chunk(p) >= 1``)."""
    p = int((2 * (_EXACT**0.5))) + 1
    while chunk(p) < 1 or not is_prime(p):
        p -= 1
    return p


@dataclass(frozen=True)
class EliminationResult:
    """``rank`` over :math:`\\mathbb F_p`, and the pivot ``rows`` and ``cols`` (in pivot order):
    ``A[rows][:, cols]`` is nonsingular mod ``p``."""

    rank: int
    rows: list[int]
    cols: list[int]


class _Ops:
    """The few array operations the elimination needs, for numpy or torch."""

    def __init__(self, p: int, xp: Any, device: Any = None) -> None:
        self.p, self.h, self.k = p, (p - 1) // 2, chunk(p)
        self.pinv = 1.0 / p
        self.xp, self.device = xp, device
        self.torch = xp.__name__ == "torch"
        self.kernel: Any = None  # the compiled base case, numpy only
        self._scratch: list[np.ndarray] = []  # numpy: two tile buffers, allocated once per elimination

    # numpy: the large in-place operations go tile by tile through two small buffers allocated
    # once, instead of a fresh temporary of the whole operand each time (on a machine where
    # faulting in fresh memory costs more than the arithmetic, that was a third of the time).
    # Every value is the same: each entry is computed by the same exact operations.

    def _tiles(self, shape: tuple[int, ...]) -> Any:
        rows, cols = shape
        cb = cols if rows * cols <= _TILE else min(cols, max(_TILE // min(rows, _TILE_ROWS), 1))
        rb = max(1, min(rows, _TILE // cb))
        for i0 in range(0, rows, rb):
            for j0 in range(0, cols, cb):
                yield slice(i0, i0 + rb), slice(j0, j0 + cb)

    def _buf(self, which: int, shape: tuple[int, int]) -> np.ndarray:
        need = shape[0] * shape[1]
        if not self._scratch:
            self._scratch = [np.empty(0), np.empty(0)]
        if self._scratch[which].size < need:  # grown to the largest tile (at most _TILE, or one tall column)
            self._scratch[which] = np.empty(need)
        return self._scratch[which][:need].reshape(shape)

    def _reduce_tile(self, x: np.ndarray, out: np.ndarray) -> None:
        """``out = reduce(x)`` for a tile (``out`` may be ``x``), through the second buffer."""
        q = self._buf(1, x.shape)
        np.multiply(x, self.pinv, out=q)
        np.round(q, out=q)
        q *= self.p
        np.subtract(x, q, out=out)

    def reduce(self, x: Any) -> Any:
        """A residue congruent to ``x`` mod ``p`` of absolute value at most ``(p-1)/2 + 3``, exactly.

        ``q = rint(x * fl(1/p))`` is the integer nearest to ``x / p`` unless ``x / p`` lies within
        ``2/p`` of a half-integer (``|x| < 2^53`` bounds the error of the product by ``2/p``), so
        ``x - p q`` is within 2 of ``[-p/2, p/2]``; ``p q`` and the difference are integers below
        ``2^53``, hence exact.  A multiple of ``p`` always gives exactly 0 (the zero test)."""
        q = x * self.pinv
        self.xp.round(q, out=q)
        q *= self.p
        self.xp.subtract(x, q, out=q)
        return q

    def reduce_(self, x: Any) -> None:
        """:meth:`reduce` in place (numpy: tile by tile; torch: one temporary)."""
        if self.torch or x.ndim != 2 or x.size <= _TILE:
            q = x * self.pinv
            self.xp.round(q, out=q)
            q *= self.p
            x -= q
            return
        for ts in self._tiles(x.shape):
            xb = x[ts]
            self._reduce_tile(xb, xb)

    def reduced_copy(self, x: np.ndarray) -> np.ndarray:
        """A new C-contiguous array ``reduce(x)`` (numpy; ``x`` may be a strided view, e.g. a
        transpose), made tile by tile: one allocation, the array itself."""
        out = np.empty(x.shape)
        for ts in self._tiles(x.shape):
            self._reduce_tile(x[ts], out[ts])
        return out

    def sub_product_(self, rest: Any, a: Any, b: Any, reduce: bool) -> None:
        """``rest -= a @ b`` in place (one exact product: the caller keeps the inner dimension
        within ``chunk(p)``), then reduced if ``reduce``; numpy: tile by tile, each tile's product
        written into a buffer and subtracted (and reduced) while it is in cache."""
        if self.torch or rest.size <= _TILE:
            rest -= a @ b
            if reduce:
                self.reduce_(rest)
            return
        for rs, cs in self._tiles(rest.shape):
            blk = rest[rs, cs]
            prod = self._buf(0, blk.shape)
            np.matmul(a[rs], b[:, cs], out=prod)
            blk -= prod
            if reduce:
                self._reduce_tile(blk, blk)

    def product_into(self, a: Any, x: Any) -> None:
        """``x[:] = reduce(a @ x)`` (inner dimension within ``chunk(p)``, reduced operands); numpy:
        a column tile at a time (the tiles of ``x`` are independent columns)."""
        if self.torch or x.size <= _TILE:
            x[:] = self.reduce(a @ x)
            return
        cb = max(1, min(x.shape[1], _TILE // max(1, max(x.shape[0], a.shape[0]))))
        for j0 in range(0, x.shape[1], cb):
            blk = x[:, j0 : j0 + cb]
            prod = self._buf(0, (a.shape[0], blk.shape[1]))
            np.matmul(a, blk, out=prod)
            self._reduce_tile(prod, blk)

    def matmul(self, a: Any, b: Any) -> Any:
        """``a @ b`` mod ``p`` (reduced operands), the inner dimension cut into exact chunks."""
        inner = a.shape[1]
        if inner <= self.k:
            return self.reduce(a @ b)
        out = None
        for j in range(0, inner, self.k):
            part = self.reduce(a[:, j : j + self.k] @ b[j : j + self.k])
            out = part if out is None else self.reduce(out + part)
        return out

    def eye(self, n: int) -> Any:
        if self.torch:
            return self.xp.eye(n, dtype=self.xp.float64, device=self.device)
        return np.eye(n)

    def zeros(self, shape: tuple[int, ...]) -> Any:
        if self.torch:
            return self.xp.zeros(shape, dtype=self.xp.float64, device=self.device)
        return np.zeros(shape, dtype=np.float64)

    def index(self, idx: list[int] | np.ndarray) -> Any:
        if self.torch:
            return self.xp.as_tensor(np.asarray(idx, dtype=np.int64), device=self.device)
        return np.asarray(idx, dtype=np.int64)

    def mask(self, active: np.ndarray) -> Any:
        """``active`` as a 0/1 float vector on the device."""
        m = active.astype(np.float64)
        return self.xp.as_tensor(m, device=self.device) if self.torch else m

    def first_nonzero(self, col: Any) -> int:
        """The first index where ``col`` is nonzero, or -1."""
        if self.torch:
            hit = self.xp.nonzero(col)
            return int(hit[0, 0]) if hit.shape[0] else -1
        hit = np.flatnonzero(col)
        return int(hit[0]) if hit.size else -1

    def scalar(self, x: Any) -> int:
        return int(round(float(x)))


def _unblocked(ops: _Ops, b: Any, need_inv: bool = True) -> tuple[int, list[int], np.ndarray, Any, Any]:
    """Column by column on a narrow block (``w <= _BASE``), rows swapped so that the pivot rows
    come first.  Each step is one rank-one update of the rows below the pivot.  The block is
    reduced only when the next update could pass ``2^53``: entries start at most ``H`` and each
    update adds at most ``H^2`` (a reduced multiplier times a reduced pivot row), so ``chunk(p)``
    updates fit between reductions; the column searched for a pivot and the pivot row are reduced
    before use (the zero test needs residues).

    Returns ``(t, cols, perm, mult, linv)``: ``t`` pivots in the block's columns ``cols``, the row
    order ``perm`` (``b`` is permuted in place), ``mult`` (``k x t``, rows in the new order,
    ``mult[:t]`` unit lower triangular) and ``linv``, the inverse of ``mult[:t]`` mod ``p``."""
    if ops.kernel is not None:
        bc = np.ascontiguousarray(b)
        t, cols_, perm, mult, linv = ops.kernel(bc, ops.p, ops.k)
        if bc is not b:
            b[:] = bc
        return t, cols_.tolist(), perm, mult, linv if need_inv else None
    k, w = b.shape
    perm = np.arange(k)
    mult = ops.zeros((min(k, w), k))  # transposed, like the block: row s holds pivot s's multipliers
    bt = b.T.contiguous() if ops.torch else np.array(b).T  # a compact copy; its columns are its rows
    t = 0
    cols: list[int] = []
    grown = 0
    for c in range(w):
        if t == k:
            break
        col = ops.reduce(bt[c, t:])
        bt[c, t:] = col
        r = ops.first_nonzero(col)
        if r < 0:
            continue
        r += t
        if r != t:  # swap rows r and t of the block, of the multipliers and of the order
            sw, ws = ops.index([r, t]), ops.index([t, r])
            bt[:, ws] = bt[:, sw]
            mult[:, ws] = mult[:, sw]
            perm[[t, r]] = perm[[r, t]]
        row = ops.reduce(bt[:, t])
        bt[:, t] = row
        inv = pow(ops.scalar(row[c]) % ops.p, -1, ops.p)
        f = ops.reduce(bt[c, t + 1 :] * float(inv if inv <= ops.h else inv - ops.p))
        if grown >= ops.k:
            bt[:, t + 1 :] = ops.reduce(bt[:, t + 1 :])
            grown = 0
        bt[:, t + 1 :] -= row[:, None] * f[None, :]
        grown += 1
        mult[t, t + 1 :] = f
        mult[t, t] = 1
        cols.append(c)
        t += 1
    bt[:, t:] = ops.reduce(bt[:, t:])
    b[:] = bt.T
    mult = mult[:t].T
    return t, cols, perm, mult, _inverse_unit_lower(ops, mult[:t]) if need_inv else None


_KERNEL: list[Any] = []  # [the compiled base case or None], once loaded
_SEEN = [0]  # entries of the matrices this process has eliminated with numpy


def load_kernel() -> Any:
    """Load the compiled base case (:mod:`verify._elim_kernel`) now; ``None`` where numba is
    missing.  Loading costs about a second and a half a process (numba's start and its cache)."""
    if not _KERNEL:
        base_eliminate: Any
        try:
            from ._elim_kernel import base_eliminate
        except ImportError:  # pragma: no cover - numba comes with galois
            base_eliminate = None
        else:  # the first call loads the compiled code (or compiles it): do it now
            base_eliminate(np.zeros((1, 1)), 3, 1)
        _KERNEL.append(base_eliminate)
    return _KERNEL[0]


def _kernel_for(entries: int) -> Any:
    """The compiled base case for a numpy elimination of ``entries`` entries, or ``None`` for the
    Python loop.  Rent or buy: the Python base case costs about ``1e-7`` s an entry more than the
    compiled one, and loading the latter about 1.5 s, so it is loaded once this process's numpy
    eliminations reach :data:`KERNEL_AFTER` entries (this one included): never more than twice
    the better choice's cost, and from then on every elimination uses it."""
    if not USE_KERNEL:
        return None
    _SEEN[0] += entries
    if _KERNEL or _SEEN[0] >= KERNEL_AFTER:
        return load_kernel()
    return None


def _inverse_unit_lower(ops: _Ops, low: Any) -> Any:
    """The inverse mod ``p`` of a small unit lower triangular matrix, row by row."""
    n = low.shape[0]
    x = ops.eye(n)
    for s in range(1, n):
        x[s] = ops.reduce(x[s] - ops.matmul(low[s : s + 1, :s], x[:s]))[0]
    return x


def _update(ops: _Ops, right: Any, t: int, mult: Any, linv: Any, reduce_rest: bool = True) -> None:
    """Apply an elimination's row operations to ``right`` (rows already in its order), in place:
    the pivot rows become ``U = L11^-1 right[:t]`` (``linv = L11^-1``), the others lose
    ``mult[t:] @ U``.

    With ``reduce_rest`` off and ``t <= chunk(p)`` the other rows are left unreduced: each entry
    grows by at most ``t H^2``, and the caller keeps the sum of those growths within ``chunk(p)``
    (the top level reduces only every few panels)."""
    if t == 0:
        return
    if t <= ops.k:  # one product each: H + t H^2 < 2^53
        ops.product_into(linv, right[:t])
        if right.shape[0] > t:
            ops.sub_product_(right[t:], mult[t:], right[:t], reduce_rest)
        return
    u = ops.matmul(linv, right[:t])
    right[:t] = u
    if right.shape[0] > t:
        rest = right[t:]
        rest -= ops.matmul(mult[t:], u)
        ops.reduce_(rest)


def _permute_rows(ops: _Ops, a: Any, perm: np.ndarray) -> None:
    """``a[:] = a[perm]`` in place, moving only the rows that change (pivoting moves few)."""
    moved = np.flatnonzero(perm != np.arange(perm.size))
    if moved.size:
        a[ops.index(moved)] = a[ops.index(perm[moved])]


def _eliminate(
    ops: _Ops, b: Any, check: Any = None, need_inv: bool = False
) -> tuple[int, list[int], np.ndarray, Any, Any]:
    """Eliminate the contiguous block ``b`` in place (recursive on columns); returns
    ``(t, cols, perm, mult, linv)`` as :func:`_unblocked` does.  The inverse of the combined
    ``L11 = [[A, 0], [X, D]]`` comes from the halves' inverses:
    ``[[A^-1, 0], [-D^-1 X A^-1, D^-1]]``, two products; formed only when the caller needs it
    (a left half's inverse serves its parent's update; the top level needs none)."""
    k, w = b.shape
    if check is not None:
        check()
    if w <= _BASE:
        return _unblocked(ops, b, need_inv)
    h = w // 2
    t1, cols1, perm1, mult1, linv1 = _eliminate(ops, b[:, :h], check, True)
    right = b[:, h:]
    _permute_rows(ops, right, perm1)
    _update(ops, right, t1, mult1, linv1)
    t2, cols2, perm2, mult2, linv2 = _eliminate(ops, right[t1:], check, need_inv)
    if t2:  # (rows t1: of the left half are zero: nothing to reorder there)
        _permute_rows(ops, mult1[t1:], perm2)
    perm = perm1.copy()
    perm[t1:] = perm1[t1:][perm2]
    t = t1 + t2
    mult = ops.zeros((k, t))
    mult[:, :t1] = mult1
    mult[t1:, t1:] = mult2
    linv = None
    if need_inv:
        linv = ops.zeros((t, t))
        linv[:t1, :t1] = linv1
        linv[t1:, t1:] = linv2
        if t1 and t2:
            linv[t1:, :t1] = ops.reduce(-ops.matmul(linv2, ops.matmul(mult1[t1:t], linv1)))
    return t, cols1 + [h + c for c in cols2], perm, mult, linv


def eliminate(a: np.ndarray, p: int, device: str | None = None, check: Any = None) -> EliminationResult:
    """Rank and pivots of the integer matrix ``a`` over :math:`\\mathbb F_p`, with numpy (BLAS) when
    ``device`` is ``None``, else with torch on that device (``"cpu"``, ``"cuda"``...).

    ``a`` holds integers (any size: it is reduced mod ``p`` exactly first).  ``check`` is called
    between blocks (a place to raise, e.g. on a deadline).

    Examples
    --------
    >>> eliminate(np.array([[1, 2], [2, 4], [0, 3]]), 7)
    EliminationResult(rank=2, rows=[0, 2], cols=[0, 1])
    """
    if chunk(p) < 1:
        raise BadParameterError(f"the float64 elimination is exact for primes up to {max_prime()}, got {p}")
    m = np.asarray(a)
    if m.ndim != 2:
        raise BadParameterError(f"a matrix must be 2-dimensional, got shape {m.shape}")
    if m.dtype == object:
        m = np.array([[int(x) % p for x in row] for row in m.tolist()], dtype=np.int64).reshape(m.shape)
    if m.dtype.kind in "iu" and m.size and m.min() >= 0 and m.max() < p:  # residues already
        res = m.astype(np.float64)
    else:
        res = np.mod(m.astype(np.int64, copy=False), p).astype(np.float64)
    if 0 in res.shape:
        return EliminationResult(0, [], [])
    return eliminate_residues(res, p, device, check)


def eliminate_residues(
    res: np.ndarray, p: int, device: str | None = None, check: Any = None, overwrite: bool = False
) -> EliminationResult:
    """:func:`eliminate` on a float64 matrix whose entries are already integers of absolute value
    below ``p`` (residues made by this package, e.g. :func:`matricization_residues`):
    no integer copy, no conversion.  Anything else is refused.  With ``overwrite`` (numpy) a
    C-contiguous wide ``res`` is itself the working copy (its contents are lost)."""
    if chunk(p) < 1:
        raise BadParameterError(f"the float64 elimination is exact for primes up to {max_prime()}, got {p}")
    if not isinstance(res, np.ndarray) or res.dtype != np.float64 or res.ndim != 2:
        raise TypeError("eliminate_residues takes a 2-dimensional float64 array of residues")
    if 0 in res.shape:
        return EliminationResult(0, [], [])
    tall = res.shape[0] > res.shape[1]  # then eliminate the transpose (fewer, longer rows; same rank)
    src = res.T if tall else res
    if device is None:
        ops = _Ops(p, np)
        ops.kernel = _kernel_for(res.size)
        if overwrite and not tall and src.flags.c_contiguous:
            x = src
            ops.reduce_(x)
        else:
            x = ops.reduced_copy(src)  # the working copy, reduced (and transposed) on the way in
    else:
        import torch

        ops = _Ops(p, torch, torch.device(device))
        x = ops.reduce(torch.as_tensor(np.ascontiguousarray(src), device=ops.device))
    out = _panels(ops, x, check)
    if not tall:
        return out
    pairs = sorted(zip(out.rows, out.cols))  # (column of res, row of res), by column
    return EliminationResult(out.rank, [i for _, i in pairs], [j for j, _ in pairs])


def _panels(ops: _Ops, x: Any, check: Any) -> EliminationResult:
    """Right-looking over column panels of width at most :data:`_PANEL` (and the exact product
    size): each panel is eliminated recursively on the rows not yet used as pivots, then the rest
    of those rows is updated by one triangular product and one matrix product (inner dimension at
    most the panel width, so one reduction)."""
    m, n = x.shape
    width = max(_BASE, min(_PANEL, ops.k))
    order = np.arange(m)
    done = 0
    cols: list[int] = []
    grown = 0  # products added to the trailing rows since they were last reduced (each <= H^2)
    for j0 in range(0, n, width):
        if done == m:
            break
        j1 = min(n, j0 + width)
        panel = x[done:, j0:j1]
        if grown:
            ops.reduce_(panel)
        t, pcols, perm, mult, linv = _eliminate(ops, panel, check, True)
        if t:
            trailing = x[done:, j1:]
            _permute_rows(ops, trailing, perm)
            order[done:] = order[done:][perm]
            if grown:
                ops.reduce_(trailing[:t])
            if grown + t > ops.k:
                ops.reduce_(trailing[t:])
                grown = 0
            _update(ops, trailing, t, mult, linv, reduce_rest=t > ops.k)
            grown = 0 if t > ops.k else grown + t
        cols += [j0 + c for c in pcols]
        done += t
    return EliminationResult(done, [int(i) for i in order[:done]], cols)


def matricization_residues(tt: TensorTrain, row_modes: Sequence[int], p: int, budget: int | None = None) -> np.ndarray:
    """The ``(row_modes, rest)`` matricization mod ``p`` as float64 residues (``|x| < p``), built
    with BLAS: every product has inner dimension one bond ``r`` and entries below ``p/2 + 3``
    (centred, :meth:`_Ops.reduce`), so each stays below ``r (p/2 + 3)^2``;
    refused unless that is below ``2^53`` (``p`` up to about ``2^23`` for ``r`` in the hundreds).
    For the float rank backends (:func:`verify.elimination.eliminate_residues`)."""
    rows, cols = validate_partition(tt.d, row_modes)
    if not float_residues_exact(tt, p):
        raise BadParameterError(f"float64 contraction mod {p} with bonds {max(tt.ranks)} would not be exact")
    check_budget(tt.mode_sizes, 16, "float64 tensor and its matricization", budget)
    ops = _Ops(p, np)
    cores = [ops.reduce(np.mod(np.asarray(g, dtype=object), p).astype(np.float64)) for g in tt.cores]
    t = cores[0].reshape(tt.mode_sizes[0], -1)
    for g in cores[1:]:
        a, n, b = g.shape
        t = t @ g.reshape(a, n * b)
        ops.reduce_(t)  # in place (tile by tile): no second array of the tensor's size
        t = t.reshape(-1, b)
    return _matricize_flat(t.reshape(-1), tt.mode_sizes, rows, cols)
