r"""CP-rank of tensor trains: explicit upper bounds, Koszul lower bounds past the matricization
limit, and the exact value where they meet.

For :math:`\mathcal X \in \mathcal M_{n,r}` (bond ``r``, mode size ``n``, ``d`` modes; with equal or
with different internal cores) this module brackets the CP-rank (PROOFS.md, "CP-rank"):

**Upper bounds** (every tensor of the family, both core modes): explicit decompositions into
rank-one terms built from the cores, each checked exactly (:func:`check_decomposition`: the terms
sum to the tensor, in exact rationals) and, for small shapes, as an identity in the core entries
(:func:`symbolic_identity`, sympy).  A *plan* cuts the train at some bonds into segments; the
terms are all the products, over every value of the cut bonds, of one term of each segment's own
decomposition (the segments share no index once their bonds are fixed).  The bonds are first
compressed to their effective sizes :math:`\rho_j = \min(r, n^{j+1}, n^{d-1-j})` (exact integer
operations, no division: :func:`compress`), so a plan costs :math:`\prod_{\text{cut}} \rho_j
\cdot \prod_{\text{segments}} c(\text{segment})` terms with, per segment,

* ``vector`` (one mode): 1;
* ``expand`` (expand every inner bond): :math:`\prod_{\text{inner}} \rho_j`;
* ``slices`` (a rank-one term per index of all modes but the last): :math:`n^{L-1}` — with one
  segment, the bound :math:`n^{d-1}` for every tensor;
* ``2x2x2`` (three modes of size 2): 3, the maximal rank of :math:`2\times2\times2` tensors over
  every field (:func:`rank3_222` constructs the three terms; JáJá 1979, Kruskal 1989).

Named plans: ``expand every bond`` (:math:`r^{d-1}` when ``n >= r``), ``slices``
(:math:`n^{d-1}`), ``pairs`` (cut every other bond: :math:`r^{k-1}\min(n, r)^k` for ``d = 2k``, one
more ``vector`` segment for ``d = 2k+1``), and the cheapest plan of all (:func:`upper_plan`, a
dynamic programme over the segments).

**Lower bounds**: the odd/even matricization (generic rank proved in PROOFS.md §6.4) and Koszul
flattenings (:mod:`verify.koszul`): at a random integer point (:func:`cprank_case`), and through
the odd-d family theorem (:func:`family_witness`: one witness whose Koszul rank is known for every
odd ``d``).

**Exact CP-rank for n >= r^2** (:func:`exact_regime`): there the generic odd/even rank is
:math:`r^{d-1}`, the expand-every-bond bound, so the generic CP-rank is exactly :math:`r^{d-1}`.

References
----------
.. [1] J. Ja'Ja', "Optimal evaluation of pairs of bilinear forms", SIAM J. Comput. 8(3), 1979.
.. [2] J. B. Kruskal, "Rank, decomposition, and uniqueness for 3-way and N-way arrays", in
       *Multiway Data Analysis*, North-Holland, 1989 (the maximal rank 3 of 2x2x2 arrays).
.. [3] J. M. Landsberg, G. Ottaviani, "Equations for secant varieties of Veronese and other
       varieties", Ann. Mat. Pura Appl. 192(4), 2013.
"""

from __future__ import annotations

import functools
import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ._types import CoreMode
from .bounds import mincut_bound
from .errors import BadParameterError
from .generic import random_tt
from .koszul import (
    Grouping,
    candidate_groupings,
    family_grouping,
    flattening_cap,
    koszul_bound,
    koszul_limit,
    koszul_rank,
    koszul_record,
    koszul_side,
    max_p,
    random_quotient,
)
from .rank import DEFAULT_PRIME, default_prime, rank
from .theorem import oddeven_formula, theorem_record
from .transfer import transfer_rank
from .tt import DEFAULT_MAX_WORK, TensorTrain, as_work, check_budget, contract, get_memory_budget

__all__ = [
    "Plan",
    "check_decomposition",
    "compress",
    "cprank_case",
    "decompose",
    "effective_bonds",
    "exact_regime",
    "family_bound",
    "family_checks",
    "family_witness",
    "gap_table",
    "is_gap_table",
    "named_plans",
    "plan_value",
    "rank3_222",
    "symbolic_cores",
    "symbolic_identity",
    "terms_are_the_tensor",
    "upper_bound",
    "upper_plan",
]

Segment = tuple[int, str]  # (number of modes, "vector" | "expand" | "slices" | "2x2x2")


@dataclass(frozen=True)
class Plan:
    """A decomposition plan: segments of consecutive modes, in order, each with its method; the
    bonds between segments are cut (summed over outside)."""

    name: str
    segments: tuple[Segment, ...]

    def cuts(self) -> list[int]:
        """The cut bonds (bond ``j`` joins modes ``j`` and ``j+1``)."""
        out, pos = [], 0
        for length, _ in self.segments[:-1]:
            pos += length
            out.append(pos - 1)
        return out

    def describe(self) -> str:
        return "+".join(f"{length}{'' if m in ('vector',) else ':' + m}" for length, m in self.segments)


def _check(n: object, r: object, d: object) -> tuple[int, int, int]:
    for name, v, lo in (("n", n, 1), ("r", r, 1), ("d", d, 2)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
            raise BadParameterError(f"{name} must be an integer >= {lo}, got {v!r}")
    return int(n), int(r), int(d)  # type: ignore[call-overload]


def effective_bonds(n: int, r: int, d: int) -> list[int]:
    """``rho_j = min(r, n^(j+1), n^(d-1-j))`` for the ``d - 1`` bonds.

    >>> effective_bonds(2, 3, 5)
    [2, 3, 3, 2]
    """
    n, r, d = _check(n, r, d)
    return [min(r, n ** (j + 1), n ** (d - 1 - j)) for j in range(d - 1)]


def _segment_cost(n: int, rho: Sequence[int], start: int, length: int, method: str) -> int:
    if method == "vector":
        return 1 if length == 1 else 0
    if method == "expand":
        return math.prod(rho[start : start + length - 1])
    if method == "slices":
        return n ** (length - 1)
    if method == "2x2x2":
        return 3 if (length == 3 and n == 2) else 0
    raise BadParameterError(f"unknown segment method {method!r}")


def plan_value(n: int, r: int, d: int, plan: Plan) -> int:
    """The number of rank-one terms ``plan`` gives (at most): the product of the cut bonds'
    effective sizes and the segments' costs."""
    n, r, d = _check(n, r, d)
    if sum(length for length, _ in plan.segments) != d:
        raise BadParameterError(f"plan {plan.describe()} does not cover d = {d} modes")
    rho = effective_bonds(n, r, d)
    value, pos = 1, 0
    for t, (length, method) in enumerate(plan.segments):
        cost = _segment_cost(n, rho, pos, length, method)
        if cost == 0:
            raise BadParameterError(f"segment method {method!r} does not apply to {length} modes of size {n}")
        value *= cost
        pos += length
        if t < len(plan.segments) - 1:
            value *= rho[pos - 1]
    return value


def named_plans(n: int, r: int, d: int) -> list[Plan]:
    """The named upper bounds, in order of preference on ties: expand every bond, slices, pairs."""
    n, r, d = _check(n, r, d)
    out = [Plan("expand every bond", ((d, "expand"),)), Plan("slices (any tensor)", ((d, "slices"),))]
    rho = effective_bonds(n, r, d)
    k = d // 2
    pairs: list[Segment] = []
    for t in range(k):
        pairs.append((2, "expand" if rho[2 * t] <= n else "slices"))
    if d % 2:
        pairs.append((1, "vector"))
    out.append(Plan("pairs (cut every other bond)", tuple(pairs)))
    return out


def upper_plan(n: int, r: int, d: int) -> Plan:
    """The cheapest plan: a named one when it is as cheap as any, else the dynamic programme's
    (over segment ends and methods, including the 2x2x2 segments).

    >>> upper_plan(2, 2, 6).describe(), plan_value(2, 2, 6, upper_plan(2, 2, 6))
    ('3:2x2x2+3:2x2x2', 18)
    """
    n, r, d = _check(n, r, d)
    rho = effective_bonds(n, r, d)
    # the programme compares logarithms (exact integers of thousands of digits would make it slow
    # at d ~ 1000); the plan it picks is a valid plan whatever the rounding, and its value is
    # recomputed exactly by plan_value
    log_rho = [math.log(x) for x in rho]
    best: list[tuple[float, tuple[Segment, ...]] | None] = [None] * (d + 1)
    best[0] = (0.0, ())
    for end in range(1, d + 1):
        for start in range(end):
            prev = best[start]
            if prev is None:
                continue
            length = end - start
            # (an "expand" segment costs what cutting each of its inner bonds costs: not needed here)
            for method in ("vector", "slices", "2x2x2"):
                if method == "vector" and length != 1 or method == "2x2x2" and (length != 3 or n != 2):
                    continue
                cost = math.log(3) if method == "2x2x2" else (length - 1) * math.log(n)
                value = prev[0] + cost + (log_rho[start - 1] if start else 0.0)
                if best[end] is None or value < best[end][0] - 1e-9:  # type: ignore[index]
                    best[end] = (value, prev[1] + ((length, method),))
    segs = best[d][1]  # type: ignore[index]
    value = plan_value(n, r, d, Plan("", segs))
    for plan in named_plans(n, r, d):
        if plan_value(n, r, d, plan) <= value:
            return plan
    return Plan("segments (cut bonds chosen by a dynamic programme)", segs)


def upper_bound(n: int, r: int, d: int) -> tuple[int, Plan]:
    """``(value, plan)`` of :func:`upper_plan`: a proved CP-rank bound for every tensor of
    :math:`\\mathcal M_{n,r}` (equal or different cores).

    >>> upper_bound(4, 2, 5)[0], upper_bound(3, 3, 3)[0]
    (16, 9)
    """
    plan = upper_plan(n, r, d)
    return plan_value(n, r, d, plan), plan


# --- the decompositions --------------------------------------------------------------------------


def compress(tt: TensorTrain | Sequence[np.ndarray]) -> list[np.ndarray]:
    """Cores (``object`` arrays of exact numbers) of the same tensor with every bond ``j`` at most
    ``min(r_j, n_0...n_j, n_{j+1}...n_{d-1})``: a left pass replaces a core whose bond exceeds its
    left bond times its mode size by the identity and multiplies the excess into the next core,
    then a right pass does the same from the right (integer products only; any exact entries, e.g.
    sympy symbols, when ``tt`` is a list of cores)."""
    src = tt.cores if isinstance(tt, TensorTrain) else tt
    cores = [np.asarray(g, dtype=object).copy() for g in src]
    d = len(cores)
    for j in range(d - 1):
        a, m, b = cores[j].shape
        if a * m < b:
            c = cores[j].reshape(a * m, b)
            eye = np.zeros((a, m, a * m), dtype=object)
            for x in range(a):
                for i in range(m):
                    eye[x, i, x * m + i] = 1
            nxt = cores[j + 1]
            cores[j] = eye
            cores[j + 1] = (c @ nxt.reshape(b, -1)).reshape(a * m, nxt.shape[1], nxt.shape[2])
    for j in range(d - 1, 0, -1):
        a, m, b = cores[j].shape
        if m * b < a:
            c = cores[j].reshape(a, m * b)
            eye = np.zeros((m * b, m, b), dtype=object)
            for i in range(m):
                for y in range(b):
                    eye[i * b + y, i, y] = 1
            prv = cores[j - 1]
            cores[j] = eye
            cores[j - 1] = (prv.reshape(-1, a) @ c).reshape(prv.shape[0], prv.shape[1], m * b)
    return cores


def _div(a: Any, b: Any) -> Any:
    """Exact division: Fractions for integers and Fractions, the ring's own otherwise (sympy)."""
    if isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction)):
        return Fraction(a) / Fraction(b)
    return a / b


def _nonzero(x: Any) -> bool:
    return bool(x != 0)


def _rank_one(m: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """``m`` (a matrix of rank <= 1) as ``[(u, v)]`` with ``m = u v^T`` (``[]`` when zero)."""
    for i, j in itertools.product(range(m.shape[0]), range(m.shape[1])):
        if _nonzero(m[i, j]):
            u = m[:, j].copy()
            v = np.array([_div(x, m[i, j]) for x in m[i, :]], dtype=object)
            return [(u, v)]
    return []


def rank3_222(t: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    r"""At most three rank-one terms summing to the :math:`2\times2\times2` array ``t``, over the
    field of its entries (integers and Fractions give Fractions; sympy expressions work too).

    Write ``t = e_0 (x) A + e_1 (x) B`` (slices along the first mode).  If ``rank A <= 1``: ``A``
    is one term and ``B`` two (its columns).  Otherwise split ``A = R_1 + R_2`` into its columns
    (``R_1 = A[:, 0] e_0^T``, ``R_2 = A[:, 1] e_1^T``); the determinant is multilinear in the
    columns, so :math:`f(a, b) = \det(B - a R_1 - b R_2) = \det B - a\,t_1 - b\,t_2 + ab \det A`
    with :math:`t_1 = \det[A_0, B_1]`, :math:`t_2 = \det[B_0, A_1]`.  For ``a`` in ``{0, 1, 2}``
    with :math:`a \det A \ne t_2` (at most one ``a`` fails, as :math:`\det A \ne 0`),
    :math:`b = (a t_1 - \det B)/(a \det A - t_2)` makes :math:`R_3 = B - a R_1 - b R_2` of rank
    :math:`\le 1`, and

    .. math::  t = (e_0 + a e_1) \otimes R_1 + (e_0 + b e_1) \otimes R_2 + e_1 \otimes R_3 .

    (Rank 3 is also needed: the maximal rank of :math:`2\times2\times2` arrays is 3 over every
    field; JáJá 1979, Kruskal 1989.)

    >>> t = np.zeros((2, 2, 2), dtype=object); t[0, 0, 0] = t[0, 1, 1] = t[1, 0, 1] = 1; t[1, 1, 0] = -1
    >>> terms = rank3_222(t); len(terms)
    3
    >>> bool((sum(np.multiply.outer(np.multiply.outer(x, y), z) for x, y, z in terms) == t).all())
    True
    """
    t = np.asarray(t, dtype=object)
    if t.shape != (2, 2, 2):
        raise BadParameterError(f"rank3_222 needs a 2x2x2 array, got shape {t.shape}")
    e0 = np.array([1, 0], dtype=object)
    e1 = np.array([0, 1], dtype=object)
    a_, b_ = t[0], t[1]

    def det(x0: np.ndarray, x1: np.ndarray) -> Any:  # det of the matrix with columns x0, x1
        return x0[0] * x1[1] - x0[1] * x1[0]

    det_a = det(a_[:, 0], a_[:, 1])
    if not _nonzero(det_a):
        terms = [(e0, u, v) for u, v in _rank_one(a_)]
        for j, ej in ((0, e0), (1, e1)):
            if any(_nonzero(x) for x in b_[:, j]):
                terms.append((e1, b_[:, j].copy(), ej))
        return terms
    t1 = det(a_[:, 0], b_[:, 1])
    t2 = det(b_[:, 0], a_[:, 1])
    det_b = det(b_[:, 0], b_[:, 1])
    a = next(x for x in (0, 1, 2) if _nonzero(x * det_a - t2))
    b = _div(a * t1 - det_b, a * det_a - t2)
    r1 = np.multiply.outer(a_[:, 0], e0)
    r2 = np.multiply.outer(a_[:, 1], e1)
    r3 = b_ - a * r1 - b * r2
    terms = [(e0 + a * e1, a_[:, 0].copy(), e0), (e0 + b * e1, a_[:, 1].copy(), e1)]
    terms += [(e1, u, v) for u, v in _rank_one(r3)]
    return terms


def _contract_segment(cores: Sequence[np.ndarray]) -> np.ndarray:
    """The full array of a segment whose end bonds have size 1 (exact object arithmetic)."""
    t = cores[0].reshape(cores[0].shape[1], cores[0].shape[2])
    for g in cores[1:]:
        a, m, b = g.shape
        t = (t.reshape(-1, a) @ g.reshape(a, m * b)).reshape(-1, b)
    return t.reshape([g.shape[1] for g in cores])


def _segment_terms(cores: Sequence[np.ndarray], method: str) -> list[tuple[np.ndarray, ...]]:
    """Rank-one terms (one vector per mode) summing to a segment (end bonds of size 1)."""
    if method == "vector":
        return [(cores[0][0, :, 0].copy(),)]
    out: list[tuple[np.ndarray, ...]] = []
    if method == "expand":
        for path in itertools.product(*(range(g.shape[2]) for g in cores[:-1])):
            bonds = (0, *path, 0)
            vecs = tuple(g[bonds[k], :, bonds[k + 1]].copy() for k, g in enumerate(cores))
            if all(any(_nonzero(x) for x in v) for v in vecs):
                out.append(vecs)
        return out
    full = _contract_segment(cores)
    if method == "2x2x2":
        return [tuple(x) for x in rank3_222(full)]
    if method == "slices":
        sizes = full.shape
        for idx in itertools.product(*(range(s) for s in sizes[:-1])):
            last = full[idx].copy()
            if not any(_nonzero(x) for x in last):
                continue
            units = []
            for k, i in enumerate(idx):
                e = np.zeros(sizes[k], dtype=object)
                e[i] = 1
                units.append(e)
            out.append((*units, last))
        return out
    raise BadParameterError(f"unknown segment method {method!r}")


def decompose(tt: TensorTrain | Sequence[np.ndarray], plan: Plan) -> list[tuple[np.ndarray, ...]]:
    """The rank-one terms of ``plan`` for the train ``tt`` (a :class:`TensorTrain`, or cores as
    ``object`` arrays of any exact numbers, e.g. sympy symbols): a list of tuples of ``d``
    vectors whose outer products sum to the tensor.  At most :func:`plan_value` terms."""
    cores = compress(tt)
    d = len(cores)
    if sum(length for length, _ in plan.segments) != d:
        raise BadParameterError(f"plan {plan.describe()} does not cover d = {d} modes")
    cuts = plan.cuts()
    starts = [0, *[c + 1 for c in cuts]]
    ends = [*cuts, d - 1]
    terms: list[tuple[np.ndarray, ...]] = []
    for values in itertools.product(*(range(cores[c].shape[2]) for c in cuts)):
        left = (0, *values)
        right = (*values, 0)
        parts = []
        for t, ((_, method), s, e) in enumerate(zip(plan.segments, starts, ends)):
            seg = list(cores[s : e + 1])
            seg[0] = seg[0][left[t] : left[t] + 1]  # the cut bond on its left fixed to its value
            seg[-1] = seg[-1][:, :, right[t] : right[t] + 1]  # and on its right
            parts.append(_segment_terms(seg, method))
        for combo in itertools.product(*parts):
            terms.append(tuple(v for part in combo for v in part))
    return terms


def _tensor_of_terms(terms: Sequence[tuple[np.ndarray, ...]], shape: Sequence[int]) -> np.ndarray:
    total = np.zeros(shape, dtype=object)
    for vecs in terms:
        total = total + functools.reduce(np.multiply.outer, vecs)
    return total


def check_decomposition(tt: TensorTrain, terms: Sequence[tuple[np.ndarray, ...]]) -> bool:
    """Whether the terms' outer products sum **exactly** to the contraction of ``tt`` (Python
    integers and Fractions; the whole tensor, so small shapes only)."""
    check_budget(tt.mode_sizes, 64, "the sum of the rank-one terms")
    x = contract(tt)
    return bool((_tensor_of_terms(terms, tt.mode_sizes) == np.asarray(x, dtype=object)).all())


def symbolic_cores(n: int, r: int, d: int, cores: CoreMode = "different") -> list[np.ndarray]:
    """Cores whose entries are sympy symbols (one shared internal core for ``cores="equal"``)."""
    import sympy

    n, r, d = _check(n, r, d)

    def core(name: str, shape: tuple[int, int, int]) -> np.ndarray:
        syms = sympy.symbols(f"{name}_0:{math.prod(shape)}")
        return np.array(syms, dtype=object).reshape(shape)

    mid = core("g", (r, n, r))
    internal = [mid] * (d - 2) if cores == "equal" else [core(f"g{k}", (r, n, r)) for k in range(d - 2)]
    return [core("f", (1, n, r)), *internal, core("l", (r, n, 1))]


def terms_are_the_tensor(cores: Sequence[np.ndarray], terms: Sequence[tuple[np.ndarray, ...]]) -> bool:
    """Whether the terms' outer products sum to the contraction of ``cores`` (any exact entries):
    every difference brought to a canonical rational function (``sympy.cancel``) must be 0."""
    import sympy

    x = _contract_segment(list(cores))
    diff = _tensor_of_terms(terms, x.shape) - x
    return all(sympy.cancel(sympy.together(e)) == 0 for e in diff.flat)


def symbolic_identity(n: int, r: int, d: int, plan: Plan, cores: CoreMode = "different") -> bool:
    """Whether ``plan``'s terms sum to the tensor **as an identity in the core entries**
    (:func:`symbolic_cores`, :func:`terms_are_the_tensor`).  Small shapes only."""
    n, r, d = _check(n, r, d)
    if n**d * max(1, plan_value(n, r, d, plan)) > 20000:
        raise BadParameterError(f"symbolic identity for n = {n}, r = {r}, d = {d}: too large (n^d * terms > 20000)")
    cs = symbolic_cores(n, r, d, cores)
    return terms_are_the_tensor(cs, decompose(cs, plan))


# --- the exact regime n >= r^2 ------------------------------------------------------------------


def exact_regime(n: int, r: int, d: int) -> int | None:
    """The generic CP-rank where it is known exactly, else ``None``: ``r^(d-1)`` for ``n >= r^2``
    (the generic odd/even rank, PROOFS.md §6.4, meets the expand-every-bond bound; PROOFS.md,
    "CP-rank"), ``min(n, r)`` for ``d = 2`` (a matrix), 1 for ``n = 1`` or ``r = 1``.

    >>> exact_regime(4, 2, 7), exact_regime(3, 2, 7)
    (64, None)
    """
    n, r, d = _check(n, r, d)
    if n == 1 or r == 1:
        return 1
    if d == 2:
        return min(n, r)
    if n >= r * r:
        return r ** (d - 1)
    return None


# --- the odd-d family theorem ------------------------------------------------------------------


def _work(side: tuple[int, int]) -> float:
    """About ``N M min(N, M)`` operations to eliminate an ``N x M`` matrix."""
    return as_work(max(side) * min(side) ** 2)


@functools.lru_cache(maxsize=256)
def family_witness(
    n: int, r: int, seed: int = 0, prime: int = DEFAULT_PRIME, max_work: float = DEFAULT_MAX_WORK
) -> dict[str, Any]:
    r"""The witness of the odd-d Koszul theorem (PROOFS.md, "CP-rank") and its finite checks.

    With ``r' = min(n, r)`` draw integer cores (seeded, entries in ``[-9, 9]``): ``G_1``
    (``n x r'``), one internal core ``M`` (``r' x n x r'``), ``G_d`` (``r' x n``); padded with zeros
    to bond ``r`` they give the same tensor, a point of :math:`\mathcal M^{eq}_{n,r}`.  If ``G_1``
    has rank ``r'`` and the transfer matrix of ``M`` is invertible (``rank T = r' n``, possible for
    ``n <= r'^2``), then for **every** ``k >= 1`` the Koszul matrix of
    :func:`verify.koszul.family_grouping` at ``d = 2k+1`` has rank ``n^(k-1) kappa_p`` over Q, with
    ``kappa_p`` the rank of the Koszul matrix of the 3-mode tensor
    :math:`W[a, \beta, c] = (M_a G_d)[\beta, c]` (``A = a``, ``B = beta``, ``C = c``) under the same
    quotient.  Returns the checks and ``kappa`` (over Q, FLINT's ``fmpz_mat``) for each
    ``1 <= p <= (n-1)/2`` whose matrix costs at most ``max_work`` (``kappa_max``: the most it can be,
    ``binom(2p+1, p) r'``).
    """
    if n < 3 or r < 2:
        raise BadParameterError(f"the family theorem needs n >= 3 and r >= 2, got n = {n}, r = {r}")
    rp = min(n, r)
    if n >= r * r:
        raise BadParameterError(f"the family theorem needs n < r^2 (n = {n}, r = {r}: there the CP-rank is exact)")
    if _work((rp * n, rp * n)) > max_work:
        raise BadParameterError(
            f"the family witness of n = {n}, r = {r}: a transfer matrix of side {rp * n} > --max-work"
        )
    rng = np.random.default_rng([seed, n, rp])
    first = rng.integers(-9, 10, size=(n, rp), dtype=np.int64)
    mid = rng.integers(-9, 10, size=(rp, n, rp), dtype=np.int64)
    last = rng.integers(-9, 10, size=(rp, n), dtype=np.int64)
    checks, kappa = family_checks(first, mid, last, seed, prime, max_work)
    return {
        "n": n,
        "r": r,
        "r_witness": rp,
        "seed": seed,
        "prime": prime,
        "cores": {"first": first.tolist(), "internal": mid.tolist(), "last": last.tolist()},
        "checks": checks,
        "proved_all_odd_d": all(c["passed"] for c in checks),
        "kappa": kappa,
        "kappa_max": {ps: math.comb(2 * int(ps) + 1, int(ps)) * rp for ps in kappa},
    }


def family_checks(
    first: np.ndarray,
    mid: np.ndarray,
    last: np.ndarray,
    seed: int = 0,
    prime: int = DEFAULT_PRIME,
    max_work: float = DEFAULT_MAX_WORK,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The finite checks of the family theorem for cores ``first`` (``n x r'``), ``mid``
    (``r' x n x r'``), ``last`` (``r' x n``) — ``first`` of rank ``r'`` (exact), the transfer matrix
    of ``mid`` invertible (rank ``r' n`` mod ``prime``) — and ``kappa_p`` for each ``p`` (the exact
    rank of the Koszul matrix of ``W[a, beta, c] = (M_a G_d)[beta, c]`` under
    :func:`verify.koszul.random_quotient` of ``seed``; while it costs at most ``max_work``)."""
    n, rp = first.shape
    rank_first = rank(first).rank
    rank_t = transfer_rank(np.transpose(mid, (1, 0, 2)), prime)
    w = np.einsum("bag,gc->abc", np.asarray(mid, dtype=object), np.asarray(last, dtype=object))
    kappa: dict[str, int] = {}
    g3 = Grouping((0,), (1,), (2,))
    for p in range(1, max_p(n) + 1):
        if _work(koszul_side(p, rp, n)) > max_work:
            break
        kappa[str(p)] = koszul_rank(w, g3, p, random_quotient(n, p, seed), None)[0]
    checks = [
        {"name": "G_1 has rank r' (exact)", "passed": rank_first == rp, "value": rank_first},
        {
            "name": "the transfer matrix of M is invertible (rank r'n mod p)",
            "passed": rank_t == rp * n,
            "value": rank_t,
        },
    ]
    return checks, kappa


def family_bound(n: int, r: int, d: int, seed: int = 0, max_work: float = DEFAULT_MAX_WORK) -> dict[str, Any] | None:
    """The Koszul bound the family theorem gives at odd ``d = 2k+1``: the best over ``p`` of
    ``ceil(n^(k-1) kappa_p / binom(2p, p))``, with the rank ``n^(k-1) kappa_p`` it stands for
    (``None`` where the theorem does not apply, costs more than ``max_work``, or its checks fail).

    >>> family_bound(3, 3, 9)["bound"], family_bound(6, 6, 9)["bound"]
    (122, 2160)
    """
    n, r, d = _check(n, r, d)
    if d % 2 == 0 or n < 3 or r < 2 or n >= r * r or _work((min(n, r) * n,) * 2) > max_work:
        return None
    w = family_witness(n, r, seed, DEFAULT_PRIME, max_work)
    if not w["proved_all_odd_d"]:
        return None
    k = (d - 1) // 2
    best: dict[str, Any] | None = None
    for ps, kap in w["kappa"].items():
        p = int(ps)
        value = n ** (k - 1) * kap
        bound = koszul_bound(value, p)
        if best is None or bound > best["bound"]:
            best = {"p": p, "rank": value, "bound": bound, "kappa": kap}
    if best is not None:
        best |= {"grouping": family_grouping(d).as_dict(), "witness_seed": seed}
    return best


# --- one case of python -m verify cprank --------------------------------------------------------


def cprank_case(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    seed: int = 0,
    prime: int | None = None,
    search: str = "family",
    max_work: float = DEFAULT_MAX_WORK,
    backend: str = "auto",
) -> dict[str, Any]:
    """Bracket the generic CP-rank of :math:`\\mathcal M_{n,r}` (``cores`` equal or different) at
    ``d`` modes.

    ``lower``: the best certified bound, kind included — the odd/even matricization's generic rank
    (PROOFS.md §6.4; kind ``proof``, its finite checks rerun by :func:`verify.theorem.theorem_record`
    where the transfer matrix has side at most 4096), or a Koszul flattening: the family theorem's
    value at this ``d`` (kind ``inductive``) or the rank at the random integer point of ``seed``
    (kind ``modular``, or ``exact`` where the rank mod ``p`` meets the factorization bound); the
    point is searched over the family grouping (``search="family"``) or every candidate grouping
    and ``p`` (``"all"``), each only where its elimination costs at most ``max_work`` and the tensor
    fits the memory budget.  ``upper``: the cheapest proved decomposition (:func:`upper_bound`).
    ``status``: ``exact`` (lower = upper) or ``gap``; ``passed`` is ``False`` only on a
    contradiction (a lower bound above the upper one).
    """
    t0 = time.perf_counter()
    n, r, d = _check(n, r, d)
    if cores not in ("equal", "different"):
        raise BadParameterError(f"cores must be 'equal' or 'different', got {cores!r}")
    if search not in ("family", "all", "none"):
        raise BadParameterError(f"search must be family, all or none, got {search!r}")
    upper, plan = upper_bound(n, r, d)
    matricization = oddeven_formula(n, r, d)
    checked = None
    if n > 1 and r > 1 and r * min(n, r * r) <= 4096:
        checked = bool(theorem_record(n, r, [d])["proved_all_d"])
    lower, lower_method, lower_kind = matricization, "matricization (odd/even, PROOFS 6.4)", "proof"
    exact = exact_regime(n, r, d)
    limit = koszul_limit(n, r, d) if exact is None else None
    koszul = fam = point = None
    tried = skipped = 0
    if limit is not None and limit > matricization:
        fam = family_bound(n, r, d, seed, max_work)
        if fam is not None:
            fam |= {"method": "family theorem (every odd d)", "kind": "inductive"}
        if search != "none":
            floor = fam["bound"] if fam is not None else matricization + 1  # what a pair must reach
            point, tried, skipped = _random_point(n, r, d, cores, seed, prime, search, max_work, backend, limit, floor)
        for cand in (point, fam):  # the better; on a tie the direct computation at this d
            if cand is not None and (koszul is None or cand["bound"] > koszul["bound"]):
                koszul = cand
        if koszul is not None and koszul["bound"] > lower:
            lower, lower_method, lower_kind = koszul["bound"], "koszul", koszul["kind"]
    passed = lower <= upper and (exact is None or exact == upper)
    rec = {
        "check": "cprank",
        "n": n,
        "r": r,
        "d": d,
        "cores": cores,
        "lower": lower,
        "lower_method": lower_method,
        "lower_kind": lower_kind,
        "upper": upper,
        "upper_method": plan.name,
        "upper_plan": plan.describe(),
        "status": "exact" if lower == upper else "gap",
        "matricization": matricization,
        "matricization_checks_rerun": checked,
        "koszul_limit": limit,
        "koszul_attains_limit": None if koszul is None else koszul["bound"] == limit,
        "koszul": koszul,
        "koszul_family": fam,
        "koszul_point": point,
        "koszul_tried": tried,
        "koszul_skipped": skipped,
        "passed": passed,
        "seconds": round(time.perf_counter() - t0, 4),
    }
    if not passed:
        rec["status"] = "failed: a lower bound above the upper bound"
    return rec


def _random_point(
    n: int,
    r: int,
    d: int,
    cores: CoreMode,
    seed: int,
    prime: int | None,
    search: str,
    max_work: float,
    backend: str,
    limit: int,
    floor: int,
) -> tuple[dict[str, Any] | None, int, int]:
    """The best Koszul bound at the random integer point of ``seed`` over the pairs of
    :func:`_search_order`: a pair is skipped when its cap is below ``floor`` (it cannot reach the
    bound already known) or cannot improve on the best found, or when it costs more than
    ``max_work`` or its tensor does not fit the memory budget; the search stops at ``limit``.
    Returns ``(best, tried, skipped)``."""
    p_ = default_prime(backend) if prime is None else prime
    best: dict[str, Any] | None = None
    tried = skipped = 0
    if n**d * 8 > get_memory_budget():
        return None, 0, 1
    tt = random_tt(n, r, d, cores, seed=seed, prime=p_)
    tensor = None
    for g, p in _search_order(n, r, d, search):
        top = flattening_cap(n, r, d, g, p)
        if top < floor or (best is not None and (best["bound"] >= limit or top <= best["bound"])):
            continue
        side = koszul_side(p, n ** len(g.B), n ** len(g.C))
        if _work(side) > max_work or side[0] * side[1] * 8 > get_memory_budget():
            skipped += 1
            continue
        if tensor is None:
            tensor = contract(tt, p_)
        got = koszul_record(tt, g, p, p_, seed=seed, backend=backend, tensor=tensor)
        tried += 1
        # a rank mod p meeting the factorization bound binom(2p+1, p) min(m_B, m_C) is the rank over Q
        if got["rank"] == math.comb(2 * p + 1, p) * min(_mincut(n, r, d, g.B), _mincut(n, r, d, g.C)):
            got["kind"] = "exact"
        got |= {"method": "random point", "seed": seed, "cores": cores}
        if best is None or got["bound"] > best["bound"]:
            best = got
    return best, tried, skipped


def _mincut(n: int, r: int, d: int, modes: Sequence[int]) -> int:
    return mincut_bound([n] * d, [r] * (d - 1), list(modes))[0]


def _search_order(n: int, r: int, d: int, search: str) -> list[tuple[Grouping, int]]:
    """The (grouping, p) pairs to try at a random point, the largest cap first (the family grouping
    first among equals); ``family``: the family grouping only."""
    fam = family_grouping(d)
    groups = [fam] if search == "family" else [fam, *[g for g in candidate_groupings(d) if g != fam]]
    pairs = [(g, p) for g in groups for p in range(max_p(n), 0, -1)]
    return sorted(pairs, key=lambda gp: -flattening_cap(n, r, d, gp[0], gp[1]))


# --- the gap table ---------------------------------------------------------------------------------

_GAP_HEAD = "<!-- gap table written by python -m verify cprank --table -->\n"


def gap_table(records: Sequence[dict[str, Any]]) -> str:
    """A markdown gap table of ``cprank`` records: one row per ``(cores, n, r)``, one column per
    ``d``; a cell is ``lower..upper``, the lower bound in bold where a Koszul flattening gave it,
    ``= value`` where they meet."""
    ds = sorted({rec["d"] for rec in records})
    rows: dict[tuple[str, int, int], dict[int, str]] = {}
    for rec in records:
        lo, up = rec["lower"], rec["upper"]
        cell = f"= {lo}" if lo == up else (f"**{lo}**..{up}" if rec["lower_method"] == "koszul" else f"{lo}..{up}")
        rows.setdefault((rec["cores"], rec["n"], rec["r"]), {})[rec["d"]] = cell
    head = "| cores | n | r | " + " | ".join(f"d = {d}" for d in ds) + " |\n"
    head += "|---|---|---|" + "---|" * len(ds) + "\n"
    body = "".join(
        f"| {c} | {n} | {r} | " + " | ".join(cells.get(d, "") for d in ds) + " |\n"
        for (c, n, r), cells in sorted(rows.items())
    )
    return _GAP_HEAD + head + body


def is_gap_table(data: bytes) -> bool:
    """Whether ``data`` is a table :func:`gap_table` wrote (``--table`` replaces only those)."""
    return data.startswith(_GAP_HEAD.encode())
