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
from typing import Sequence

import numpy as np

from ._types import IntArray
from .errors import BadParameterError
from .tt import TensorTrain, check_budget, float_residues_exact, matmul_mod, validate_partition

__all__ = ["cut_factors"]


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
        self.ops.reduce_(x.reshape(-1, x.shape[-1]) if x.ndim else x.reshape(1, 1))
        return x

    def outer(self, t: np.ndarray, g: np.ndarray) -> np.ndarray:
        return self._reduced(np.multiply.outer(t, g))

    def matmul(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self._reduced(a @ b)


def _side_factor(
    tt: TensorTrain, side: str, natural: list[str], sides: Sequence[str], arith: _IntMod | _FloatMod, budget: int | None
) -> tuple[IntArray, list[Label]]:
    """Contract the cores assigned to ``side``; return the tensor and the labels of its axes.

    Labels: ``("i", k, 0)`` the mode ``k`` (an outer index of this side); ``("c", k, 0)`` the cut
    bond after core ``k``; ``("c", k, 1)`` the cut leg of mode ``k``.
    """
    d = tt.d
    cores = arith.cores(tt)
    t: np.ndarray = np.ones((), dtype=arith.dtype)
    labels: list[Label] = []  # also ("b", k, 0): a bond still open; ("x", -1, 0): the left boundary
    for k in range(d):
        n = tt.mode_sizes[k]
        if sides[k] == side:
            g = cores[k]
            leg: Label = ("i", k, 0) if natural[k] == side else ("c", k, 1)
            open_left: Label = ("b", k - 1, 0)
            if k > 0 and open_left in labels:  # the previous core is on this side: contract the bond
                ax = labels.index(open_left)
                shape = t.shape[:ax] + t.shape[ax + 1 :]
                tm = np.moveaxis(t, ax, -1).reshape(-1, g.shape[0])
                check_budget((tm.shape[0], n * g.shape[2]), 8, "cut factor", budget)
                t = arith.matmul(tm, g.reshape(g.shape[0], -1)).reshape(*shape, n, g.shape[2])
                labels = [x for x in labels if x != open_left] + [leg, ("b", k, 0)]
            else:  # the left bond is cut (or is the boundary)
                check_budget((t.size, g.size), 8, "cut factor", budget)
                t = arith.outer(t, g)
                labels = labels + [("c", k - 1, 0) if k > 0 else ("x", -1, 0), leg, ("b", k, 0)]
        elif natural[k] == side:  # our mode, its core on the other side: delta(i_k, j_k)
            check_budget((t.size, n * n), 8, "cut factor", budget)
            t = np.multiply.outer(t, np.eye(n, dtype=arith.dtype))  # 0/1: exact, no reduction
            labels = labels + [("i", k, 0), ("c", k, 1)]
        if k < d - 1 and ("b", k, 0) in labels and sides[k + 1] != side:
            labels[labels.index(("b", k, 0))] = ("c", k, 0)  # the next core is across the cut
    boundary = {("x", -1, 0), ("b", d - 1, 0)}  # both of size 1
    keep = [ax for ax, lab in enumerate(labels) if lab not in boundary]
    return t.reshape([t.shape[ax] for ax in keep]), [labels[ax] for ax in keep]


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
    rows, cols = validate_partition(tt.d, row_modes)
    if len(sides) != tt.d or set(sides) - {"R", "C"}:
        raise BadParameterError(f"sides must give 'R' or 'C' for each of the {tt.d} cores, got {list(sides)}")
    if residues and not float_residues_exact(tt, p):
        raise BadParameterError(f"float64 cut factors mod {p} with bonds {max(tt.ranks)} would not be exact")
    arith = _FloatMod(p) if residues else _IntMod(p)
    natural = ["R" if k in rows else "C" for k in range(tt.d)]
    mats = []
    for side, modes in (("R", rows), ("C", cols)):
        t, labels = _side_factor(tt, side, natural, sides, arith, budget)
        inner = sorted(lab for lab in labels if lab[0] == "c")
        axes = [labels.index(lab) for lab in inner] + [labels.index(("i", m, 0)) for m in modes]
        ncol = math.prod(tt.mode_sizes[k] for k in modes)
        mats.append(np.ascontiguousarray(np.transpose(t, axes)).reshape(-1, ncol))  # cut edges x modes
    at, b = mats
    return at.T, b
