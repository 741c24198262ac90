r"""The two factors of a matricization across a cut of the tensor network, mod p.

For an assignment of the cores to the sides R and C (for instance the optimal one of
:func:`verify.bounds.mincut_bound`), contracting the cores on each side gives matrices
:math:`A` (row multi-indices x cut edges) and :math:`B` (cut edges x column multi-indices) with
:math:`\mathcal X^{(R,C)} = A B`; the inner dimension :math:`K` is the product of the cut edge
sizes (cut bonds, and the mode legs of cores placed on the side other than their mode's, joined
to their mode by a Kronecker delta).

**Certifying rank K without the N x N matrix.**  By Sylvester's inequality
:math:`\operatorname{rank}(AB) \ge \operatorname{rank} A + \operatorname{rank} B - K`, so
``rank A = rank B = K`` (over F_p) gives :math:`\operatorname{rank}_{F_p}(AB) = K`: two eliminations of
``N x K`` matrices (cost :math:`O(N K^2)`) replace one of the ``N x N`` matrix, and the matrix
itself is never built.

**Two arithmetics, the same factors.**  The factors are built either as int64 residues in
``[0, p)`` (products in int64, reduced after each; for FLINT) or, with ``residues=True``, as the
float64 centred residues of the float eliminations (:mod:`verify.elimination`): an outer product
multiplies two residues of absolute value at most ``H = (p-1)/2 + 3`` and a bond contraction sums
``r`` such products, both exact while ``r H^2 + H < 2^53`` (:func:`verify.tt.float_residues_exact`;
refused otherwise).  Both give the same matrices mod ``p``.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from ._types import IntArray
from .errors import BadParameterError
from .tt import TensorTrain, check_budget, float_residues_exact, matmul_mod, validate_partition

__all__ = ["cut_factors", "cut_segments", "segment_shapes"]


Label = tuple[str, int, int]


class _IntMod:
    """int64 residues in ``[0, p)``: each product reduced at once (``p < 2^31``: no wrap)."""

    def __init__(self, p: int) -> None:
        self.p, self.dtype = p, np.int64

    def cores(self, tt: TensorTrain) -> list[np.ndarray]:
        return [np.mod(np.asarray(g, dtype=object), self.p).astype(np.int64) for g in tt.cores]

    def outer(self, t: np.ndarray, g: np.ndarray) -> np.ndarray:
        out = np.multiply.outer(t, g)
        np.remainder(out, self.p, out=out)
        return out

    def matmul(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return matmul_mod(a, b, self.p)


class _FloatMod:
    """float64 centred residues (:class:`verify.elimination._Ops`), products with BLAS."""

    def __init__(self, p: int) -> None:
        from .elimination import _Ops

        self.p, self.dtype, self.ops = p, np.float64, _Ops(p, np)

    def cores(self, tt: TensorTrain) -> list[np.ndarray]:
        return [self.ops.reduce(np.mod(np.asarray(g, dtype=object), self.p).astype(np.float64)) for g in tt.cores]

    def _reduced(self, x: np.ndarray) -> np.ndarray:
        self.ops.reduce_(x.reshape(-1, x.shape[-1]))  # never 0-d: every segment keeps its mode's axis
        return x

    def outer(self, t: np.ndarray, g: np.ndarray) -> np.ndarray:
        return self._reduced(np.multiply.outer(t, g))

    def matmul(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self._reduced(a @ b)


def _runs(d: int, side: str, sides: Sequence[str], natural: Sequence[str]) -> list[tuple[str, list[int]]]:
    """The segments of ``side``, in position order: ``("run", [k0, ..., k1])`` for each maximal run
    of consecutive cores on ``side``, ``("delta", [k])`` for each mode of ``side`` whose core is
    on the other side."""
    out: list[tuple[str, list[int]]] = []
    for k in range(d):
        if sides[k] == side:
            if out and out[-1][0] == "run" and out[-1][1][-1] == k - 1:
                out[-1][1].append(k)
            else:
                out.append(("run", [k]))
        elif natural[k] == side:
            out.append(("delta", [k]))
    return out


def segment_shapes(
    mode_sizes: Sequence[int], ranks: Sequence[int], row_modes: Sequence[int], sides: Sequence[str]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The shapes of :func:`cut_segments`' matrices (rows: the segment's own modes; columns: its
    cut bonds and the legs of the other side's modes on its cores), from the sizes alone."""
    d = len(mode_sizes)
    rows, _ = validate_partition(d, row_modes)
    taken = set(rows)
    natural = ["R" if k in taken else "C" for k in range(d)]
    out = []
    for side in ("R", "C"):
        shapes = []
        for kind, ks in _runs(d, side, sides, natural):
            if kind == "delta":
                shapes.append((mode_sizes[ks[0]], mode_sizes[ks[0]]))
                continue
            own = math.prod(mode_sizes[k] for k in ks if natural[k] == side)
            legs = math.prod(mode_sizes[k] for k in ks if natural[k] != side)
            bonds = (ranks[ks[0] - 1] if ks[0] > 0 else 1) * (ranks[ks[-1]] if ks[-1] < d - 1 else 1)
            shapes.append((own, legs * bonds))
        out.append(shapes)
    return out[0], out[1]


def _side_segments(
    tt: TensorTrain, side: str, natural: list[str], sides: Sequence[str], arith: _IntMod | _FloatMod, budget: int | None
) -> list[tuple[np.ndarray, list[Label]]]:
    """The cores assigned to ``side``, contracted run by run (:func:`_runs`): a tensor for each run
    of consecutive cores on this side (its inner bonds contracted), and an ``n x n`` identity for
    each mode of this side whose core is on the other side (the Kronecker delta joining the mode
    to its cut leg).  Segments share no index: the side's factor is their outer product.

    Labels: ``("i", k, 0)`` the mode ``k`` (an outer index of this side); ``("c", k, 0)`` the cut
    bond after core ``k``; ``("c", k, 1)`` the cut leg of mode ``k``.  (The boundary bonds, of
    size 1, are left out.)
    """
    d = tt.d
    cores = arith.cores(tt)
    segs: list[tuple[np.ndarray, list[Label]]] = []
    for kind, ks in _runs(d, side, sides, natural):
        if kind == "delta":
            n = tt.mode_sizes[ks[0]]
            segs.append((np.eye(n, dtype=arith.dtype), [("i", ks[0], 0), ("c", ks[0], 1)]))
            continue
        t, labels = None, []
        for k in ks:
            g = cores[k]
            leg: Label = ("i", k, 0) if natural[k] == side else ("c", k, 1)
            if t is None:  # the run's first core: its left bond is cut (or is the left end)
                t, labels = g, [("c", k - 1, 0), leg, ("b", k, 0)]
            else:  # contract the bond with the previous core
                tm = t.reshape(-1, g.shape[0])  # the open bond is the last axis
                check_budget((tm.shape[0], g.shape[1] * g.shape[2]), 8, "cut factor", budget)
                t = arith.matmul(tm, g.reshape(g.shape[0], -1)).reshape(*t.shape[:-1], g.shape[1], g.shape[2])
                labels = labels[:-1] + [leg, ("b", k, 0)]
        assert t is not None
        labels[-1] = ("c", ks[-1], 0)  # the right bond: cut (or the right end)
        keep = [ax for ax, lab in enumerate(labels) if lab not in (("c", -1, 0), ("c", d - 1, 0))]  # size 1
        segs.append((t.reshape([t.shape[ax] for ax in keep]), [labels[ax] for ax in keep]))
    return segs


def _side_factor(
    tt: TensorTrain, side: str, natural: list[str], sides: Sequence[str], arith: _IntMod | _FloatMod, budget: int | None
) -> tuple[np.ndarray, list[Label]]:
    """The side's whole factor: the outer product of its segments, and the labels of its axes."""
    t: np.ndarray = np.ones((), dtype=arith.dtype)
    labels: list[Label] = []
    for seg, lab in _side_segments(tt, side, natural, sides, arith, budget):
        check_budget((t.size, seg.size), 8, "cut factor", budget)
        t = arith.outer(t, seg)
        labels += lab
    return t, labels


def _check_cut(tt: TensorTrain, row_modes: Sequence[int], sides: Sequence[str], p: int, residues: bool) -> tuple:
    rows, cols = validate_partition(tt.d, row_modes)
    if len(sides) != tt.d or set(sides) - {"R", "C"}:
        raise BadParameterError(f"sides must give 'R' or 'C' for each of the {tt.d} cores, got {list(sides)}")
    if residues and not float_residues_exact(tt, p):
        raise BadParameterError(f"float64 cut factors mod {p} with bonds {max(tt.ranks)} would not be exact")
    natural = ["R" if k in rows else "C" for k in range(tt.d)]
    return rows, cols, natural, (_FloatMod(p) if residues else _IntMod(p))


def cut_segments(
    tt: TensorTrain,
    row_modes: Sequence[int],
    sides: Sequence[str],
    p: int,
    budget: int | None = None,
    residues: bool = False,
    labelled: bool = False,
) -> tuple[list[Any], list[Any]]:
    r"""The Kronecker factors of the two cut factors: ``(segments of A, segments of B^T)``.

    Each side's factor is, up to permutations of its rows and columns, the Kronecker product of
    its segments (:func:`_side_segments`: the runs of consecutive cores on that side, and an
    identity for each of its modes whose core is across the cut), so

    .. math::  \operatorname{rank} A = \prod_s \operatorname{rank} M_s, \qquad
               K = \prod_s \#\mathrm{cols}(M_s),

    and ``rank A = K`` exactly when every segment has full column rank: the rank of an
    ``N x K`` factor from matrices of a few rows and columns each, the factor never built.  Each
    matrix here has one row per value of the segment's own modes (in mode order) and one column
    per value of its cut edges (in position order); entries as in :func:`cut_factors`.  With
    ``labelled`` each is ``(matrix, row_axes, col_axes)``: ``row_axes`` the ``(mode, size)`` of
    its rows' multi-index, ``col_axes`` the ``("bond", k, size)`` (the bond after core ``k``) and
    ``("leg", k, size)`` (mode ``k``, its core on this side) of its columns', both in the matrix's
    order (row-major multi-indices).
    """
    rows, cols, natural, arith = _check_cut(tt, row_modes, sides, p, residues)
    out: list[list[Any]] = []
    for side in ("R", "C"):
        mats: list[Any] = []
        for t, labels in _side_segments(tt, side, natural, sides, arith, budget):
            modes = sorted(lab for lab in labels if lab[0] == "i")
            edges = sorted(lab for lab in labels if lab[0] == "c")
            axes = [labels.index(lab) for lab in modes] + [labels.index(lab) for lab in edges]
            nrow = math.prod(t.shape[labels.index(lab)] for lab in modes)
            m = np.ascontiguousarray(np.transpose(t, axes)).reshape(nrow, -1)
            if labelled:  # the axes behind the rows and columns, in the matrix's order
                size = {lab: t.shape[labels.index(lab)] for lab in labels}
                row_axes = [(lab[1], size[lab]) for lab in modes]
                col_axes = [("leg" if lab[2] else "bond", lab[1], size[lab]) for lab in edges]
                mats.append((m, row_axes, col_axes))
            else:
                mats.append(m)
        out.append(mats)
    return out[0], out[1]


def cut_factors(
    tt: TensorTrain,
    row_modes: Sequence[int],
    sides: Sequence[str],
    p: int,
    budget: int | None = None,
    residues: bool = False,
) -> tuple[IntArray, IntArray]:
    """``(A, B)`` mod ``p`` with ``A @ B`` the ``(row_modes, rest)`` matricization mod ``p``.

    ``sides`` assigns each core to ``"R"`` or ``"C"``.  ``A`` has one row per row multi-index
    (modes in the order of ``row_modes``) and one column per value of the cut edges (cut bonds and
    cut legs, ordered by position), ``B`` one row per value of the cut edges.  Entries: int64 in
    ``[0, p)``, or with ``residues`` float64 centred residues (``|x| <= (p-1)/2 + 3``) for
    :func:`verify.elimination.eliminate_residues`.  ``B`` is C-contiguous, ``A`` the transpose of
    a C-contiguous ``K x N`` array (both wide, as the eliminations take them).
    """
    rows, cols, natural, arith = _check_cut(tt, row_modes, sides, p, residues)
    mats = []
    for side, modes in (("R", rows), ("C", cols)):
        t, labels = _side_factor(tt, side, natural, sides, arith, budget)
        inner = sorted(lab for lab in labels if lab[0] == "c")
        axes = [labels.index(lab) for lab in inner] + [labels.index(("i", m, 0)) for m in modes]
        ncol = math.prod(tt.mode_sizes[k] for k in modes)
        mats.append(np.ascontiguousarray(np.transpose(t, axes)).reshape(-1, ncol))  # cut edges x modes
    at, b = mats
    return at.T, b
