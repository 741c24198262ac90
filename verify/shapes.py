r"""Any tensor train: the generic rank of a matricization for every shape, partition and core mode.

A *shape* is a train with mode sizes :math:`n_1..n_d`, bond ranks :math:`r_1..r_{d-1}`, a
partition of the modes (the row modes; the rest are columns), and a core mode: ``different``
(independent cores, the family :math:`\mathcal M`) or ``equal`` (one shared internal core, the
family :math:`\mathcal M^{eq}`, which needs the internal modes and all ranks equal; the first and
last modes may differ).  For each shape :func:`shape_record` brackets the generic rank of the
matricization:

* **upper** — the min-cut value and a cut attaining it (:func:`verify.bounds.mincut_bound`), valid
  for every tensor of the family;
* **lower** — the rank mod ``p`` at random integer cores, a proven lower bound of the generic rank
  (through the Kronecker factors of the cut where they certify it, :func:`verify.generic.cut_ranks`,
  else the matricization itself).

``status`` is ``min-cut`` when they meet (the generic rank is then exact), ``gap`` when the point's
rank, computed completely, is below the min-cut, and ``undetermined`` when the point's rank could
not be computed within the work cap.  For a gap the generic rank is *proved* where a proof applies
(the castling law of the bridge graph, :func:`bridge_castling`), else reported as *probabilistic*
with its Schwartz–Zippel bound.

**Reductions** (PROOFS.md §6.9; each leaves the generic rank unchanged):

1. *Generic TT-ranks* (different cores).  Every tensor of the family has :math:`k`-th unfolding of
   rank at most :math:`\rho_k`, where :math:`\rho_0 = \rho_d = 1` and
   :math:`\rho_k = \min(r_k, \rho_{k-1} n_k, n_{k+1} \rho_{k+1})` (a fixpoint, one pass each way:
   :func:`generic_tt_ranks`; this is at most the effective rank
   :math:`\min(r_k, n_1\cdots n_k, n_{k+1}\cdots n_d)`).  By the TT-SVD (Oseledets 2011, Thm 2.1)
   a tensor with those unfolding ranks has a train with bonds :math:`\rho_k`; padding with zeros
   goes back.  So the family with ranks :math:`r` *is* the family with ranks :math:`\rho`.
2. *Mode caps*.  A mode larger than :math:`r_{k-1} r_k` (the rank of core :math:`k`'s mode
   unfolding) can be cut to :math:`r_{k-1} r_k`: :math:`X = U \times_k X'`, and an injective
   :math:`U` changes no matricization rank.  With equal cores the same :math:`U` serves every
   internal mode (caps :math:`r` for the first and last mode, :math:`r^2` inside).
3. *Modes of size 1* (different cores).  After 1, a mode of size 1 has :math:`\rho_{k-1} = \rho_k`
   and its core is a square matrix; multiplied into the next core it leaves a train of ``d - 1``
   modes with the same tensors.  (Kept when it is the last mode of its side of size above 1.)
4. *Symmetries*: reversing the train, and exchanging rows and columns (a transpose).

References
----------
.. [1] S. X. Cui, M. H. Freedman, O. Sattath, R. Stong, G. Minton, "Quantum max-flow/min-cut",
       J. Math. Phys. 57, 062206 (2016).
.. [2] F. Gesmundo, V. Lysikov, V. Steffan, "Quantum max-flow in the bridge graph",
       Transformation Groups (2025), arXiv:2212.09794.
.. [3] I. V. Oseledets, "Tensor-train decomposition", SIAM J. Sci. Comput. 33(5), 2011.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from .bounds import mincut_bound
from .errors import BadParameterError, shown
from .generic import cut_ranks, dense_rank, partition_modes, prefers_cut, shape_cut_plan
from .rank import DEFAULT_PRIME, _check_prime, default_prime
from .tt import DEFAULT_MAX_WORK, TensorTrain, as_work, check_budget

__all__ = [
    "Shape",
    "bridge_castling",
    "bridge_comparison",
    "bridge_parameters",
    "census_case",
    "census_classes",
    "census_summary",
    "generic_tt_ranks",
    "make_shape",
    "normal_form",
    "point_rank",
    "random_train",
    "reduce_shape",
    "shape_mincut",
    "shape_record",
]

#: Largest number of modes a shape may have.
MAX_SHAPE_D = 64


@dataclass(frozen=True, order=True)
class Shape:
    """A train's shape: mode sizes, bond ranks, the row modes (0-based, sorted) and the core mode."""

    modes: tuple[int, ...]
    ranks: tuple[int, ...]
    rows: tuple[int, ...]
    cores: str = "different"

    @property
    def d(self) -> int:
        return len(self.modes)

    @property
    def cols(self) -> tuple[int, ...]:
        return tuple(k for k in range(self.d) if k not in self.rows)

    @property
    def size(self) -> tuple[int, int]:
        """The matricization's number of rows and columns."""
        return math.prod(self.modes[k] for k in self.rows), math.prod(self.modes[k] for k in self.cols)

    def as_dict(self) -> dict[str, Any]:
        return {"modes": list(self.modes), "ranks": list(self.ranks), "rows": list(self.rows), "cores": self.cores}


def _ints(values: object, name: str, minimum: int) -> tuple[int, ...]:
    if isinstance(values, str):
        parts = [x.strip() for x in values.split(",")]
        if not all(x.isascii() and x.isdigit() for x in parts):
            raise BadParameterError(f"{name} must be a comma list of integers, got {shown(values, 80)}")
        out = tuple(int(x) for x in parts)
    else:
        try:
            seq = list(cast(Sequence[object], values))
        except TypeError:
            raise BadParameterError(f"{name} must be a list of integers, got {shown(values, 80)}") from None
        if not all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in seq):
            raise BadParameterError(f"{name} must be integers, got {shown(seq, 80)}")
        out = tuple(int(cast(int, x)) for x in seq)
    if any(x < minimum for x in out):
        raise BadParameterError(f"{name} must be integers >= {minimum}, got {list(out)}")
    return out


def make_shape(
    modes: Sequence[int] | str,
    ranks: Sequence[int] | str,
    partition: str | Sequence[int] = "oddeven",
    cores: str = "different",
) -> Shape:
    """Validate a shape: ``d >= 2`` modes of size ``>= 1``, ``d - 1`` ranks ``>= 1``, a partition
    (``"oddeven"``, ``"half"``, or the 0-based row modes, ``"0,2,5"``) and ``cores``; ``equal``
    needs the internal modes equal and every rank equal (first and last modes may differ).

    >>> make_shape([3, 4, 4, 2], [2, 3, 2]).rows
    (0, 2)
    >>> make_shape("2,3,3,3,5", "4,4,4,4", "half", "equal").cols
    (3, 4)
    """
    n = _ints(modes, "modes", 1)
    if not 2 <= len(n) <= MAX_SHAPE_D:
        raise BadParameterError(f"a shape needs 2 to {MAX_SHAPE_D} modes, got {len(n)}")
    r = _ints(ranks, "ranks", 1)
    if len(r) != len(n) - 1:
        raise BadParameterError(f"{len(n)} modes need {len(n) - 1} ranks, got {len(r)}: {list(r)}")
    if cores not in ("different", "equal"):
        raise BadParameterError(f"cores must be 'different' or 'equal', got {shown(cores, 40)}")
    if cores == "equal" and (len(set(n[1:-1])) > 1 or len(set(r)) > 1):
        raise BadParameterError(
            f"equal cores need the internal modes equal and every rank equal (first and last modes may "
            f"differ), got modes {list(n)}, ranks {list(r)}"
        )
    if isinstance(partition, str) and partition not in ("oddeven", "half"):
        partition = list(_ints(partition, "partition (row modes)", 0))
    rows, _ = partition_modes(len(n), partition)
    return Shape(n, r, tuple(sorted(rows)), cores)


def generic_tt_ranks(modes: Sequence[int], ranks: Sequence[int]) -> tuple[int, ...]:
    r"""The generic TT-ranks :math:`\rho_k = \min(r_k, \rho_{k-1} n_k, n_{k+1}\rho_{k+1})`,
    :math:`\rho_0 = \rho_d = 1` (one pass forward, one backward reach the fixpoint).

    Every train of these mode sizes and ranks has :math:`k`-th unfolding of rank at most
    :math:`\rho_k` (it factors through :math:`\rho_{k-1} n_k` and through :math:`n_{k+1}\rho_{k+1}`),
    and a generic one has exactly that (PROOFS.md §6.9).

    >>> generic_tt_ranks([3, 3, 3, 3], [2, 9, 2])   # the effective rank min(9, 9, 9) is 9
    (2, 6, 2)
    """
    n = [int(x) for x in modes]
    rho = [int(x) for x in ranks]
    for k in range(len(rho)):  # forward: the left neighbour
        rho[k] = min(rho[k], (rho[k - 1] if k else 1) * n[k])
    for k in reversed(range(len(rho))):  # backward: the right neighbour (the forward bound is kept)
        rho[k] = min(rho[k], n[k + 1] * (rho[k + 1] if k + 1 < len(rho) else 1))
    return tuple(rho)


def reduce_shape(shape: Shape, unit_modes: bool = True) -> Shape:
    """The smallest shape of the same generic rank that reductions 1 and 2 of the module reach:
    with different cores the generic TT-ranks and the mode caps ``n_k <= r_{k-1} r_k``, repeated
    to a fixpoint; with equal cores the caps ``r`` (first and last mode) and ``r^2`` (internal).

    With ``unit_modes`` (the default) modes of size 1 are then left out (reduction 3).

    >>> reduce_shape(make_shape([6, 6, 6, 6], [2, 5, 3])).modes
    (2, 6, 6, 3)
    """
    n, r = list(shape.modes), list(shape.ranks)
    if shape.cores == "equal" and shape.d >= 3:
        q = r[0]
        n = [min(n[0], q), *(min(x, q * q) for x in n[1:-1]), min(n[-1], q)]
        return Shape(tuple(n), tuple(r), shape.rows, shape.cores)
    while True:
        r2 = list(generic_tt_ranks(n, r))
        full = [1, *r2, 1]
        n2 = [min(n[k], full[k] * full[k + 1]) for k in range(len(n))]
        if (n2, r2) == (n, r):
            break
        n, r = n2, r2
    rows = list(shape.rows)
    for k in reversed(range(len(n)) if unit_modes else []):  # reduction 3: a mode of size 1 joins its neighbour
        side = rows if k in rows else [m for m in range(len(n)) if m not in rows]
        if n[k] == 1 and len(n) > 2 and any(m != k and n[m] > 1 for m in side):
            del n[k]
            del r[min(k, len(r) - 1)]
            rows = [m - (m > k) for m in rows if m != k]
    if len(n) < shape.d:
        return reduce_shape(Shape(tuple(n), tuple(r), tuple(rows), shape.cores))
    return Shape(tuple(n), tuple(r), tuple(rows), shape.cores)


def _variants(shape: Shape) -> Iterator[Shape]:
    """The shape and its reversal, each with the side that holds mode 0 as the rows."""
    d = shape.d
    rev = Shape(shape.modes[::-1], shape.ranks[::-1], tuple(sorted(d - 1 - k for k in shape.rows)), shape.cores)
    for s in (shape, rev):
        yield s if 0 in s.rows else Shape(s.modes, s.ranks, s.cols, s.cores)


def normal_form(shape: Shape) -> Shape:
    """The representative of the shape's class: reduced (:func:`reduce_shape`), then the least of
    its reversal and transpose (rows: the side holding mode 0).  Shapes with one normal form have
    one generic rank."""
    return min(_variants(reduce_shape(shape)))


def shape_mincut(shape: Shape) -> tuple[int, tuple[str, ...]]:
    """The min-cut value and a cut attaining it: ``"R"`` or ``"C"`` for each core
    (:func:`verify.bounds.mincut_bound`, over the effective ranks)."""
    return mincut_bound(shape.modes, shape.ranks, shape.rows)


def _cut_edges(shape: Shape, sides: Sequence[str]) -> dict[str, Any]:
    natural = ["R" if k in shape.rows else "C" for k in range(shape.d)]
    return {
        "sides": "".join(sides),
        "bonds": [k for k in range(shape.d - 1) if sides[k] != sides[k + 1]],
        "legs": [k for k in range(shape.d) if sides[k] != natural[k]],
    }


def random_train(shape: Shape, seed: int = 0, prime: int = DEFAULT_PRIME) -> TensorTrain:
    """Integer cores of ``shape`` drawn uniformly from ``range(prime)`` (one shared internal core
    when ``shape.cores == "equal"``)."""
    check_budget((max(shape.modes) * max(shape.ranks, default=1) ** 2,), 8, "one random core")
    rng = np.random.default_rng(seed)
    hi = min(int(prime), 2**62)
    full = [1, *shape.ranks, 1]

    def draw(k: int) -> np.ndarray:
        return rng.integers(0, hi, size=(full[k], shape.modes[k], full[k + 1]), dtype=np.int64)

    if shape.cores == "equal" and shape.d >= 3:
        first, inner, last = draw(0), draw(1), draw(shape.d - 1)
        return TensorTrain((first, *([inner] * (shape.d - 2)), last), equal_internal=True)
    return TensorTrain(tuple(draw(k) for k in range(shape.d)))


#: Matrices up to this many entries are eliminated whole (cheaper than planning a cut).
_SMALL = 4096


def point_rank(
    shape: Shape,
    seed: int = 0,
    prime: int = DEFAULT_PRIME,
    budget: int | None = None,
    backend: str = "auto",
    max_work: float = DEFAULT_MAX_WORK,
) -> tuple[int, str, bool]:
    """``(lower, method, complete)`` at the random point :func:`random_train` ``(shape, seed)``:
    ``lower`` a proven lower bound of its rank over Q (a rank mod ``prime``), ``complete`` when it
    is the point's whole rank mod ``prime`` (the cut certified the min-cut value, or the matrix was
    eliminated); otherwise ``lower`` is Sylvester's bound from the cut and the matrix was over
    ``max_work`` operations."""
    nr, nc = shape.size
    tt = random_train(shape, seed, prime)
    chosen: set[str] = set()
    sylvester = 0
    if nr * nc > _SMALL:
        upper, sides, cut_work = shape_cut_plan(shape.modes, shape.ranks, shape.rows)
        if prefers_cut(upper, nr, nc, cut_work):
            ra, rb, width = cut_ranks(tt, shape.rows, sides, prime, budget, backend, None, chosen)
            if width == upper and ra == upper == rb:
                return upper, "cut factors (Kronecker, Sylvester)", True
            sylvester = max(0, ra + rb - width)
        if as_work(max(nr, nc) * min(nr, nc) ** 2) > max_work:
            return sylvester, "cut factors (Sylvester; matrix over the work cap)", False
    return dense_rank(tt, shape.rows, prime, budget, backend, None, chosen), "dense", True


# --- the bridge graph (d = 4, odd/even, different cores) ----------------------------------------


def bridge_parameters(shape: Shape) -> tuple[int, int, int, int, int] | None:
    """``(a, b, w, b', a')`` of the bridge graph that a 4-mode odd/even train with different cores
    is, from its reduced shape (``a = n_1 = r_1``, ``b = n_2``, ``w = r_2``, ``b' = n_3``,
    ``a' = r_3 = n_4``; the reduction makes ``n_1 = r_1`` and ``r_3 = n_4``), or ``None``."""
    if shape.d != 4 or shape.cores != "different" or shape.rows not in ((0, 2), (1, 3)):
        return None
    s = reduce_shape(shape, unit_modes=False)
    if s.rows == (1, 3):
        return s.modes[3], s.modes[2], s.ranks[1], s.modes[1], s.modes[0]
    return s.modes[0], s.modes[1], s.ranks[1], s.modes[2], s.modes[3]


def _bridge_shape(a: int, b: int, w: int, bp: int, ap: int) -> Shape:
    return Shape((a, b, bp, ap), (a, w, ap), (0, 2), "different")


def _bridge_mincut(a: int, b: int, w: int, bp: int, ap: int) -> int:
    return min(a * ap * w, a * bp, ap * b, b * bp * w)


def bridge_castling(
    params: tuple[int, int, int, int, int],
    certify: Callable[[Shape], int | None],
    depth: int = 12,
) -> tuple[int, list[str]] | None:
    r"""The generic rank of the bridge graph ``(a, b, w, b', a')`` proved by the castling law, or
    ``None``.

    **Castling law** (PROOFS.md §6.9; compare Gesmundo–Lysikov–Steffan, Thm 3.1).  Write
    :math:`f(a, b, w, b', a')` for the generic rank of :math:`X = \sum_{\beta \le w} A_\beta \otimes
    B_\beta : F^a \otimes F^{b'} \to F^b \otimes F^{a'}`.  If :math:`b \le aw` and :math:`b' \le a'w`,

    .. math::  f(a, b, w, b', a') = ab' + a'b - aa'w + f(a,\; aw - b,\; w,\; a'w - b',\; a'),

    and, transposing (:math:`f(a, b, w, b', a') = f(b, a, w, a', b')`), if :math:`a \le bw` and
    :math:`a' \le b'w`, :math:`f = ab' + a'b - bb'w + f(bw - a, b, w, b', b'w - a')`.

    Each step goes to a smaller shape (the sum of the four dimensions drops); a shape whose generic
    rank ``certify`` settles exactly (it returns the min-cut value when a random point reaches it,
    else ``None``) ends the chain.  Returns the value and the steps, in words.
    """
    if min(params) == 0:
        return 0, [f"f{params} = 0 (a dimension is 0)"]
    s = reduce_shape(_bridge_shape(*params), unit_modes=False)
    a, b, w, bp, ap = s.modes[0], s.modes[1], s.ranks[1], s.modes[2], s.modes[3]
    name = f"f{params}" + (f" = f{(a, b, w, bp, ap)} (reduced)" if (a, b, w, bp, ap) != params else "")
    value = certify(s)
    if value is not None:
        return value, [f"{name} = {value} (the min-cut value, reached at a random point)"]
    if depth <= 0:
        return None
    moves = []
    if b <= a * w and bp <= ap * w:
        moves.append(((a, a * w - b, w, ap * w - bp, ap), a * bp + ap * b - a * ap * w))
    if a <= b * w and ap <= bp * w:
        moves.append(((b * w - a, b, w, bp, bp * w - ap), a * bp + ap * b - b * bp * w))
    for nxt, shift in moves:
        if sum(nxt) - nxt[2] >= a + b + bp + ap:
            continue
        sub = bridge_castling(nxt, certify, depth - 1)
        if sub is not None:
            step = f"{name} = {shift:+d} + f{nxt} (castling)"
            return shift + sub[0], [step, *sub[1]]
    return None


def _lam(w: int) -> float:
    return (w + math.sqrt(w * w - 4)) / 2 if w >= 2 else 0.0


def bridge_comparison(params: tuple[int, int, int, int, int], generic: int | None, mincut: int) -> dict[str, Any]:
    r"""This shape against the bridge-graph results: the min-cut formula of Gesmundo–Lysikov–Steffan
    (Prop. 2.4: :math:`\min\{aa'w, ab', a'b\}`) and their conjecture (Conj. 1.4/3.14: max-flow
    :math:`= \min\{ab', a'b\}` when :math:`a \le b \le \lambda_w a`,
    :math:`\lambda_w = (w + \sqrt{w^2-4})/2`): ``agree``, ``disagree`` or ``outside`` its range
    (or ``unknown`` where the generic rank is undetermined)."""
    a, b, w, bp, ap = params
    formula = min(a * ap * w, a * bp, ap * b)
    lam = _lam(w)
    # a <= b <= lam * a, decided exactly: b <= lam a  <=>  b^2 - w a b + a^2 <= 0 (b >= a > 0, w >= 2)
    inside = w >= 2 and a <= b and b * b - w * a * b + a * a <= 0
    conj = min(a * bp, ap * b) if inside else None
    verdict = (
        "outside" if conj is None else ("unknown" if generic is None else ("agree" if generic == conj else "disagree"))
    )
    return {
        "a": a,
        "b": b,
        "w": w,
        "b'": bp,
        "a'": ap,
        "lambda_w": round(lam, 6),
        "mincut_formula": formula,
        "mincut_formula_agrees": formula == mincut,
        "conjecture": conj,
        "conjecture_verdict": verdict,
    }


# --- one shape ---------------------------------------------------------------------------------


def _failure(lower: int, d: int, p: int, draws: int) -> float:
    """Schwartz–Zippel: a ``(lower+1)``-minor has degree at most ``(lower+1) d`` in the core entries;
    ``draws`` independent points all miss a nonzero one with probability at most this."""
    return min(1.0, (lower + 1) * d / p) ** draws


def shape_record(
    modes: Sequence[int] | str,
    ranks: Sequence[int] | str,
    partition: str | Sequence[int] = "oddeven",
    cores: str = "different",
    draws: int = 2,
    seed: int = 0,
    prime: int | None = None,
    budget: int | None = None,
    backend: str = "auto",
    max_work: float = DEFAULT_MAX_WORK,
) -> dict[str, Any]:
    """The generic rank of one shape's matricization: lower bound, min-cut, status, and the
    generic rank where it is determined (see the module docstring).

    The random points are drawn for the reduced shape (:func:`reduce_shape`: the same generic rank,
    smaller cores); the min-cut and its cut are the shape's own.  A point below the min-cut is
    followed by up to ``draws - 1`` more (the best is kept).

    Keys: ``check`` (``"shape"``), ``modes``, ``ranks``, ``rows`` (row modes), ``cores``,
    ``size`` (the matrix), ``tt_ranks`` (generic TT-ranks), ``reduced``, ``lower``,
    ``lower_kind``, ``mincut``, ``cut`` (``sides`` per core, cut ``bonds`` ``k`` between cores ``k``
    and ``k+1``, cut ``legs``), ``generic`` (``None`` where undetermined), ``generic_kind``
    (``exact``, ``proved``, ``probabilistic`` or ``None``), ``failure_bound``, ``proof``,
    ``status`` (``min-cut``, ``gap`` or ``undetermined``), ``passed``.
    """
    t0 = time.perf_counter()
    shape = make_shape(modes, ranks, partition, cores)
    p = _check_prime(default_prime(backend) if prime is None else prime)
    if p >= 2**31:
        raise BadParameterError(f"shape ranks use primes below 2**31, got {p}")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise BadParameterError(f"draws must be a positive integer, got {draws!r}")
    red = reduce_shape(shape)
    mincut, sides = shape_mincut(shape)
    lower, method, complete, used = 0, "", False, 0
    for k in range(draws):
        used += 1
        value, m, whole = point_rank(red, seed + k, p, budget, backend, max_work)
        if value >= lower:
            lower, method, complete = value, m, whole or complete
        if lower >= mincut or not whole:
            break
    if lower > mincut:  # a rank mod p above an upper bound: a defect, never a result
        raise AssertionError(f"rank {lower} above the min-cut {mincut} at {shape}")
    generic: int | None
    proof = None
    failure = 0.0
    if lower == mincut:
        generic, kind, status = mincut, "exact", "min-cut"
    elif not complete:
        generic, kind, status = None, None, "undetermined"
    else:
        generic, kind, status = lower, "probabilistic", "gap"
        bridge = bridge_parameters(shape)
        proved = None
        if bridge is not None:

            def certify(s: Shape) -> int | None:
                mc = shape_mincut(s)[0]
                return mc if point_rank(s, seed, p, budget, backend, max_work)[0] == mc else None

            proved = bridge_castling(bridge, certify)
        if proved is not None:
            generic, kind, proof = proved[0], "proved", proved[1]
            status = "gap" if generic < mincut else "min-cut"
        else:
            failure = _failure(lower, shape.d, p, used)
    rec: dict[str, Any] = {
        "check": "shape",
        **shape.as_dict(),
        "partition": partition if isinstance(partition, str) else ",".join(map(str, partition)),
        "size": list(shape.size),
        "tt_ranks": list(generic_tt_ranks(shape.modes, shape.ranks)),
        "reduced": {"modes": list(red.modes), "ranks": list(red.ranks)},
        "lower": lower,
        "lower_kind": "exact" if lower == mincut else "modular",
        "mincut": mincut,
        "cut": _cut_edges(shape, sides),
        "generic": generic,
        "generic_kind": kind,
        "failure_bound": failure,
        "proof": proof,
        "status": status,
        "passed": None if status == "undetermined" else True,
        "prime": p,
        "draws": used,
        "seed": seed,
        "method": method,
        "seconds": round(time.perf_counter() - t0, 4),
    }
    return rec


# --- the census --------------------------------------------------------------------------------


def _partitions(d: int, partition: str | Sequence[int]) -> list[tuple[int, ...]]:
    if partition == "all":  # every partition once: the side holding mode 0 as the rows
        return [(0, *rest) for size in range(d - 1) for rest in itertools.combinations(range(1, d), size)]
    return [tuple(sorted(partition_modes(d, partition)[0]))]


def census_classes(
    ds: Sequence[int],
    max_mode: int,
    max_rank: int,
    partition: str | Sequence[int] = "oddeven",
    cores: Sequence[str] = ("different",),
    uniform: bool = False,
    min_mode: int = 1,
    min_rank: int = 1,
) -> tuple[dict[Shape, list[Any]], int]:
    """Every shape with ``d`` in ``ds``, modes in ``min_mode..max_mode``, ranks in
    ``min_rank..max_rank`` (with ``uniform``: all modes equal and all ranks equal; with equal cores:
    internal modes equal and all ranks equal), each partition, each core mode — grouped by
    :func:`normal_form`.  Returns ``{normal form: [count, first shape]}`` and the number of shapes."""
    classes: dict[Shape, list[Any]] = {}
    total = 0
    mode_range = range(min_mode, max_mode + 1)
    rank_range = range(min_rank, max_rank + 1)
    for d in ds:
        parts = _partitions(d, partition)
        for c in cores:
            if uniform:
                pairs: Iterator[tuple[tuple[int, ...], tuple[int, ...]]] = (
                    ((n,) * d, (r,) * (d - 1)) for n in mode_range for r in rank_range
                )
            elif c == "equal" and d >= 3:
                pairs = (
                    ((n1, *([n] * (d - 2)), nd), (r,) * (d - 1))
                    for n1 in mode_range
                    for n in mode_range
                    for nd in mode_range
                    for r in rank_range
                )
            else:
                pairs = (
                    (m, rk)
                    for m in itertools.product(mode_range, repeat=d)
                    for rk in itertools.product(rank_range, repeat=d - 1)
                )
            for m, rk in pairs:
                for rows in parts:
                    s = Shape(m, rk, rows, c)
                    key = normal_form(s)
                    total += 1
                    entry = classes.get(key)
                    if entry is None:
                        classes[key] = [1, s]
                    else:
                        entry[0] += 1
    return classes, total


def census_case(
    modes: list[int],
    ranks: list[int],
    rows: list[int],
    cores: str,
    count: int,
    example: dict[str, Any],
    draws: int = 2,
    seed: int = 0,
    prime: int | None = None,
    max_work: float = DEFAULT_MAX_WORK,
    backend: str = "auto",
) -> dict[str, Any]:
    """One class of the census: :func:`shape_record` of its normal form, with ``count`` (the shapes
    of the range in the class), ``example`` (one of them) and, for a 4-mode odd/even train with
    different cores, ``bridge`` (:func:`bridge_comparison`)."""
    rec = shape_record(modes, ranks, list(rows), cores, draws, seed, prime, None, backend, max_work)
    rec["count"], rec["example"] = count, example
    params = bridge_parameters(make_shape(modes, ranks, list(rows), cores))
    if params is not None:
        rec["bridge"] = bridge_comparison(params, rec["generic"], rec["mincut"])
    return rec


def census_work(shape: Shape) -> float:
    """An estimate of a class's cost (to submit large ones first)."""
    nr, nc = shape.size
    return float(min(nr, nc)) ** 2 * max(nr, nc) + 1.0


def _fmt_shape(rec: dict[str, Any]) -> str:
    return (
        f"modes {','.join(map(str, rec['modes']))}, ranks {','.join(map(str, rec['ranks']))}, "
        f"rows {','.join(map(str, rec['rows']))}, {rec['cores']}"
    )


_SUMMARY_HEAD = "# Census: "


def is_census_summary(data: bytes) -> bool:
    """Whether ``data`` is a summary :func:`census_summary` wrote (``census --summary`` replaces only those)."""
    return data.startswith(_SUMMARY_HEAD.encode())


def census_summary(records: Sequence[dict[str, Any]], total: int, what: str, smallest: int = 15) -> str:
    """A short Markdown summary of census records: shapes and classes, gaps by kind, the smallest
    gaps, equal against different cores where both were run, and the bridge-graph comparison."""
    recs = [r for r in records if r.get("check") == "shape"]
    lines = [f"{_SUMMARY_HEAD}{what}", ""]
    lines.append(f"{total} shapes in {len(recs)} classes (reduced shape, up to reversal and transposition).")
    lines.append("")
    lines.append("| status | generic rank | classes | shapes |")
    lines.append("|---|---|---|---|")
    groups: dict[tuple[str, str], list[int]] = {}
    for r in recs:
        g = groups.setdefault((r["status"], str(r["generic_kind"])), [0, 0])
        g[0] += 1
        g[1] += r.get("count", 1)
    for (status, kind), (nc, ns) in sorted(groups.items()):
        lines.append(f"| {status} | {kind} | {nc} | {ns} |")
    gaps = sorted(
        (r for r in recs if r["status"] == "gap"),
        key=lambda r: (r["mincut"], math.prod(r["modes"]), r["modes"], r["ranks"], r["rows"], r["cores"]),
    )
    lines += ["", f"## The smallest gaps ({len(gaps)} classes, {sum(r.get('count', 1) for r in gaps)} shapes)", ""]
    if gaps:
        lines.append("| class (reduced shape) | shapes | generic | min-cut | kind | failure bound / proof |")
        lines.append("|---|---|---|---|---|---|")
        for r in gaps[:smallest]:
            why = "; ".join(r["proof"]) if r["proof"] else f"{r['failure_bound']:.1e}"
            cells = [_fmt_shape(r), r.get("count", 1), r["generic"], r["mincut"], r["generic_kind"], why]
            lines.append("| " + " | ".join(map(str, cells)) + " |")
    else:
        lines.append("None: every class reaches its min-cut value.")
    by_cores: dict[str, dict[Shape, dict[str, Any]]] = {}
    for r in recs:
        if "example" in r:
            ex = r["example"]
            by_cores.setdefault(r["cores"], {})[
                Shape(tuple(ex["modes"]), tuple(ex["ranks"]), tuple(ex["rows"]), "different")
            ] = r
    if "equal" in by_cores and "different" in by_cores:
        diff = {normal_form(s): r for s, r in by_cores["different"].items()}
        same = differ = unknown = 0
        where = []
        for s, r in by_cores["equal"].items():
            other = diff.get(normal_form(s))
            if other is None or r["generic"] is None or other["generic"] is None:
                unknown += 1
            elif r["generic"] == other["generic"]:
                same += 1
            else:
                differ += 1
                where.append(
                    f"{_fmt_shape(r)}: equal {r['generic']} ({r['generic_kind']}), different {other['generic']}"
                )
        lines += ["", "## Equal against different cores", ""]
        lines.append(
            f"Of {same + differ + unknown} equal-core classes: same generic rank as the different-core family "
            f"{same}, different {differ}, not comparable (undetermined or not run) {unknown}."
        )
        lines += [f"* {w}" for w in where[:smallest]]
    bridge = [r for r in recs if "bridge" in r]
    if bridge:
        verdicts: dict[str, int] = {}
        for r in bridge:
            verdicts[r["bridge"]["conjecture_verdict"]] = verdicts.get(r["bridge"]["conjecture_verdict"], 0) + 1
        agree = sum(r["bridge"]["mincut_formula_agrees"] for r in bridge)
        lines += ["", "## The bridge graph (d = 4, odd/even, different cores)", ""]
        lines.append(
            f"{len(bridge)} classes (a, b, w, b', a').  Min-cut formula min{{aa'w, ab', a'b}} (Prop. 2.4) equals "
            f"our min-cut in {agree}.  Conjecture (max-flow min{{ab', a'b}} when a <= b <= lambda_w a): "
            + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
            + "."
        )
        bad = [
            r
            for r in bridge
            if r["bridge"]["conjecture_verdict"] == "disagree" or not r["bridge"]["mincut_formula_agrees"]
        ]
        for r in bad[:smallest]:
            b = r["bridge"]
            dims = ", ".join(str(b[k]) for k in ("a", "b", "w", "b'", "a'"))
            lines.append(
                f"* (a, b, w, b', a') = ({dims}): generic {r['generic']}, conjecture {b['conjecture']}, "
                f"formula {b['mincut_formula']}, min-cut {r['mincut']}"
            )
    return "\n".join(lines) + "\n"
