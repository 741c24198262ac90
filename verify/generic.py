r"""Certified generic ranks of matricizations at random integer points.

The generic (maximal) rank of a matricization on :math:`\mathcal M_{n,r}` or
:math:`\mathcal M^{eq}_{n,r}` is bracketed from both sides:

* **lower** — draw integer cores uniformly from ``range(p)``; the rank mod ``p`` of the
  matricization at that explicit integer point is a *proven* lower bound of its rank over
  :math:`\mathbb Q` at that point (a nonzero minor mod p is a nonzero integer), hence of the
  generic rank (the rank is lower semicontinuous: the generic value is the maximum).
* **upper** — the min-cut bound of :mod:`verify.bounds`, valid for every tensor of the family.

When ``lower == upper`` the generic rank is known **exactly**, with no probability involved.
Otherwise both are reported with a Schwartz–Zippel bound: a ``(lower+1)``-minor is a
polynomial of degree at most ``(lower+1) * d`` in the core entries, so if it is not the zero
polynomial mod ``p``, one uniform draw makes it vanish with probability at most
``(lower+1) * d / p``, and ``K`` independent draws all do with probability at most its ``K``-th
power.  **The bound assumes** that some ``(lower+1)``-minor is a nonzero polynomial *over*
:math:`\mathbb F_p`: a minor that is nonzero over Q can still vanish identically mod ``p`` (when
``p`` divides all its coefficients), and then no number of draws sees it.  So
``failure_bound`` bounds the chance that the draws missed a rank the family attains mod ``p``;
it is not a certificate that the generic rank over Q is ``lower``.  (In every case computed in
this project ``lower == upper``, and PROOFS.md §6.4 proves the generic rank, so no reported
number depends on this assumption.)

Where the upper bound ``K`` is below the matrix side, :func:`generic_rank` first certifies
``rank = K`` from the two factors of the optimal cut (:func:`verify.factor.cut_factors`):
``rank A = rank B = K`` forces ``rank AB = K`` (Sylvester), at the cost of two ``N x K``
eliminations, without building the ``N x N`` matrix.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._types import CoreMode, IntArray
from .bounds import mincut_bound
from .elimination import eliminate_residues, matricization_residues
from .errors import BadParameterError
from .factor import cut_segments, segment_shapes
from .rank import DEFAULT_PRIME, _check_prime, choose_backend, default_prime, pivots_mod_p, rank
from .tt import (
    DEFAULT_MAX_WORK,
    TensorTrain,
    as_work,
    check_budget,
    different_core_tt,
    equal_core_tt,
    float_residues_exact,
    half_partition,
    matricization,
    oddeven_partition,
    validate_partition,
)

__all__ = [
    "cut_plan",
    "cut_ranks",
    "dense_rank",
    "entries_mod_p",
    "generic_case",
    "generic_rank",
    "nonsingular_minor",
    "partition_modes",
    "prefers_cut",
    "random_tt",
    "shape_cut_plan",
]


_FLOAT = ("blas", "torch")  # the backends that take float64 residues


def random_tt(
    n: int, r: int, d: int, cores: CoreMode = "equal", seed: int = 0, prime: int = DEFAULT_PRIME
) -> TensorTrain:
    """Integer cores drawn uniformly from ``range(prime)`` (one shared internal core if equal)."""
    for name, v in (("n", n), ("r", r), ("d", d)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < (2 if name == "d" else 1):
            raise BadParameterError(f"{name} must be an integer >= {2 if name == 'd' else 1}, got {v!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise BadParameterError(f"seed must be a non-negative integer, got {seed!r}")
    check_budget((1 if cores == "equal" else max(1, d - 2), r, n, r), 8, "random internal cores")
    rng = np.random.default_rng(seed)
    hi = min(int(prime), 2**62)

    def draw(*shape: int) -> np.ndarray:
        return rng.integers(0, hi, size=shape, dtype=np.int64)

    first, last = draw(n, r), draw(r, n)
    if cores == "equal":
        return equal_core_tt(first, draw(r, n, r), last, d)
    if cores == "different":
        return different_core_tt(first, [draw(r, n, r) for _ in range(d - 2)], last)
    raise BadParameterError(f"cores must be 'equal' or 'different', got {cores!r}")


def partition_modes(d: int, partition: str | Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``"oddeven"``, ``"half"``, or an explicit list of 0-based row modes (``"0,1,4"``)."""
    if partition == "oddeven":
        return oddeven_partition(d)
    if partition == "half":
        return half_partition(d)
    if isinstance(partition, str):
        try:
            rows = [int(x) for x in partition.split(",") if x.strip()]
        except ValueError:
            raise BadParameterError(
                f"partition must be 'oddeven', 'half' or a comma list of 0-based row modes, got {partition!r}"
            ) from None
    else:
        rows = list(partition)
    return validate_partition(d, rows)


def entries_mod_p(tt: TensorTrain, index: np.ndarray, p: int) -> np.ndarray:
    """Entries of ``tt`` at the multi-indices ``index`` (shape ``(m, d)``), reduced mod ``p``.

    ``p < 2**31`` so that every product of two residues fits int64; reduced after each product.
    """
    if p >= 2**31:
        raise BadParameterError(f"entries_mod_p needs a prime below 2**31, got {p}")
    cores = [np.mod(np.asarray(g, dtype=object), p).astype(np.int64) for g in tt.cores]
    v = cores[0][0][index[:, 0]]  # (m, r1)
    for k in range(1, tt.d):
        g = cores[k][:, index[:, k], :]  # (a, m, b)
        acc = np.zeros((index.shape[0], g.shape[2]), dtype=np.int64)
        for a in range(g.shape[0]):
            acc += v[:, a : a + 1] * g[a]
            acc %= p
        v = acc
    return v[:, 0]


def _torch_device(backend: str, device: str | None) -> str | None:
    if backend != "torch":
        return None
    from .rank._float import _device

    return _device(device)


def _kronecker_rank(
    segs: Sequence[np.ndarray], p: int, backend: str, device: str | None, floats: bool, chosen: set[str]
) -> int:
    r"""The rank mod ``p`` of a Kronecker product (up to row and column order) from its factors':
    :math:`\operatorname{rank}(X \otimes Y) = \operatorname{rank} X \cdot \operatorname{rank} Y`
    over any field."""
    total = 1
    for m in segs:
        use = choose_backend(m.shape, p, backend)
        chosen.add(use)
        if floats and use in _FLOAT:  # float64 residues, handed over as they are
            total *= eliminate_residues(m, p, _torch_device(use, device)).rank
        else:
            total *= rank(np.mod(m, p).astype(np.int64) if floats else m, p, use, device).rank
    return total


def cut_ranks(
    tt: TensorTrain,
    rows: Sequence[int],
    sides: Sequence[str],
    p: int,
    budget: int | None,
    backend: str,
    device: str | None,
    chosen: set[str],
) -> tuple[int, int, int]:
    """``(rank A, rank B, K)`` mod ``p`` for the two factors of the cut ``sides`` at ``tt``, from
    their Kronecker factors (:func:`verify.factor.cut_segments`), neither factor built; ``K`` is
    the cut's inner dimension.  ``rank A = rank B = K`` certifies ``rank AB = K`` (Sylvester)."""
    floats = backend in ("auto", *_FLOAT) and float_residues_exact(tt, p)
    seg_a, seg_b = cut_segments(tt, rows, sides, p, budget, residues=floats)
    ra, rb = (_kronecker_rank(segs, p, backend, device, floats, chosen) for segs in (seg_a, seg_b))
    return ra, rb, math.prod(m.shape[1] for m in seg_a)


def dense_rank(
    tt: TensorTrain,
    rows: Sequence[int],
    p: int,
    budget: int | None,
    backend: str,
    device: str | None,
    chosen: set[str],
) -> int:
    """The rank mod ``p`` of the ``(rows, rest)`` matricization of ``tt``, built whole."""
    d = tt.d
    cols = [k for k in range(d) if k not in rows]
    nr = math.prod(tt.mode_sizes[k] for k in rows)
    nc = math.prod(tt.mode_sizes[k] for k in cols)
    use = choose_backend((nr, nc), p, backend)
    chosen.add(use)
    if use in _FLOAT:  # built as float64 residues with BLAS, handed over as they are (and overwritten)
        res = matricization_residues(tt, rows, p, budget)
        value = eliminate_residues(res, p, _torch_device(use, device), overwrite=True).rank
        del res
        return value
    return rank(matricization(tt, rows, prime=p, budget=budget), p, use).rank


def nonsingular_minor(m: IntArray, p: int, backend: str = "flint") -> tuple[list[int], list[int]]:
    """Row and column positions of a square submatrix of ``m`` nonsingular mod ``p`` of size
    ``rank_p(m)`` (:func:`verify.rank.pivots_mod_p`: the float elimination's pivots, or the pivot
    columns of FLINT's RREF and then the pivot rows of those columns)."""
    return pivots_mod_p(m, p, backend)


def generic_rank(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    draws: int = 1,
    seed: int = 0,
    prime: int | None = None,
    partition: str | Sequence[int] = "oddeven",
    budget: int | None = None,
    backend: str = "auto",
    device: str | None = None,
    max_work: float | None = None,
) -> dict[str, Any]:
    """Certified lower bound, structural upper bound and their verdict for one ``(n, r, d)``.

    Where the upper bound ``K`` is below the matrix side, the draw's rank is first certified from
    the two factors of the optimal cut, through their Kronecker factors
    (:func:`verify.factor.cut_segments`); only if that falls short is the matrix itself eliminated,
    and not at all when that would cost more than ``max_work`` operations (then ``lower`` is
    Sylvester's bound ``rank A + rank B - K``).

    ``prime`` defaults to the one ``backend`` works best with (:func:`verify.rank.default_prime`:
    ``2**31 - 1`` for FLINT, ``8388593`` for the float elimination); ``backend`` and ``device``
    go to :func:`verify.rank.rank` (``auto``: FLINT for small matrices, BLAS for large ones).

    Returns a record with ``check="generic"``, ``lower``, ``upper``, ``exact``
    (``lower == upper``), ``theorem_bound`` (``min(n, r-1)^(d/2)``, the seed's, for even d),
    ``khrulkov_bound`` (``min(n, r)^(d/2)``; both ``None`` unless the partition is odd/even and
    ``d`` even: the theorems say nothing else), ``failure_bound`` (``0`` when exact, else the
    Schwartz–Zippel bound), ``method`` and ``seconds``.
    """
    t0 = time.perf_counter()
    p = _check_prime(default_prime(backend) if prime is None else prime)
    if p >= 2**31:
        raise BadParameterError(f"generic ranks use primes below 2**31 (fast exact int64 arithmetic), got {p}")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise BadParameterError(f"draws must be a positive integer, got {draws!r}")
    rows, cols = partition_modes(d, partition)
    upper, sides, cut_work = cut_plan(n, r, d, rows)
    nr, nc = n ** len(rows), n ** len(cols)
    use_cut = prefers_cut(upper, nr, nc, cut_work)
    lower, method = 0, "dense"
    used = 0
    chosen: set[str] = set()
    for k in range(draws):
        used += 1
        tt = random_tt(n, r, d, cores, seed=seed + k, prime=p)
        if use_cut:  # certify rank(AB) = K from the two factors, never building them
            ra, rb, width = cut_ranks(tt, rows, sides, p, budget, backend, device, chosen)
            lower = max(lower, ra + rb - width)  # Sylvester: rank AB >= rank A + rank B - K
            method = "cut factors A.B (Sylvester)"
            if width == upper and ra == upper == rb:
                break
            if max_work is not None and as_work(max(nr, nc) ** 3) > max_work:
                method = "cut factors A.B (Sylvester; no dense elimination within --max-work)"
                continue
        lower, method = max(lower, dense_rank(tt, rows, p, budget, backend, device, chosen)), "dense"
        if lower == upper:
            break
    half = d // 2
    # the theorems bound the odd/even matricization of even d; no claim for other partitions
    claims = d % 2 == 0 and list(rows) == list(range(0, d, 2))
    exact = lower == upper
    return {
        "check": "generic",
        "n": n,
        "r": r,
        "d": d,
        "cores": cores,
        "partition": partition if isinstance(partition, str) else ",".join(map(str, partition)),
        "row_modes": list(rows),
        "rows": nr,
        "cols": nc,
        "lower": lower,
        "upper": upper,
        "exact": exact,
        "theorem_bound": min(n, r - 1) ** half if claims else None,
        "khrulkov_bound": min(n, r) ** half if claims else None,
        "kind": "exact" if exact else "probabilistic",
        "failure_bound": 0.0 if exact else min(1.0, ((lower + 1) * d / p)) ** used,
        "prime": p,
        "draws": used,
        "seed": seed,
        "method": method,
        "backend": ",".join(sorted(chosen)),
        "seconds": round(time.perf_counter() - t0, 4),
    }


def generic_case(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    draws: int = 1,
    seed: int = 0,
    prime: int | None = None,
    partition: str = "oddeven",
    max_work: float = DEFAULT_MAX_WORK,
    backend: str = "auto",
    device: str | None = None,
) -> dict[str, Any]:
    """One case of ``python -m verify generic``: :func:`generic_rank`, or a *skipped* record when
    the elimination would cost more than ``max_work`` operations (``N^3`` for a dense ``N x N``
    matrix, ``N K^2`` when the upper bound ``K < N`` lets the two cut factors be used).

    ``passed``: ``True`` when the certified lower bound reaches the theorem's bound (or, where the
    theorems make no claim, when the rank is exact); ``False`` only when the rank is *exact* and
    below the bound (a counterexample); otherwise ``None`` with ``status`` ``"inconclusive"`` (a
    modular lower bound below the bound proves nothing, e.g. with ``prime = 2``) or ``"skipped"``.
    """
    work, _, upper = _work(n, r, d, partition)
    if work > max_work:
        return {
            "check": "generic",
            "n": n,
            "r": r,
            "d": d,
            "cores": cores,
            "partition": partition,
            "upper": upper,
            "passed": None,
            "status": f"skipped: about {work:.1e} operations (upper bound {upper}) > --max-work"
            if upper < 10**12
            else f"skipped: about {work:.1e} operations > --max-work",
        }
    rec = generic_rank(
        n,
        r,
        d,
        cores,
        draws=draws,
        seed=seed,
        prime=prime,
        partition=partition,
        backend=backend,
        device=device,
        max_work=max_work,
    )
    bound = rec["theorem_bound"]
    if bound is not None and rec["lower"] >= bound:
        rec["passed"], rec["status"] = True, "ok"
    elif rec["exact"]:
        rec["passed"] = bound is None or rec["lower"] >= bound
        rec["status"] = "ok" if rec["passed"] else "failed"
    else:
        rec["passed"], rec["status"] = None, "inconclusive"
    return rec


def _work(n: int, r: int, d: int, partition: str) -> tuple[float, int, int]:
    """Operations of the elimination :func:`generic_rank` will do: the Kronecker factors' (about
    ``N K min(N, K)`` each, ``N K`` to build) when the cut applies, else ``N^3``."""
    rows, cols = partition_modes(d, partition)
    side = max(n ** len(rows), n ** len(cols))
    upper, _, work = cut_plan(n, r, d, rows)
    if prefers_cut(upper, n ** len(rows), n ** len(cols), work):
        return work, side, upper
    return as_work(side**3), side, upper


def prefers_cut(upper: int, nr: int, nc: int, cut_work: float) -> bool:
    """Whether to certify through the cut's Kronecker factors first: where the bound is below the
    matrix side (the matrix cannot show more), or where the factors are cheaper than the matrix
    (a full-rank matricization with a cut of the same value and small segments, e.g. odd ``d``,
    ``n >= r^2``)."""
    return upper < min(nr, nc) or cut_work < as_work(max(nr, nc) * min(nr, nc) ** 2)


def _segment_work(shapes: Sequence[tuple[int, int]], r: int) -> float:
    """About ``a b (min(a, b) + r)`` operations to build and eliminate each ``a x b`` segment."""
    return as_work(sum(a * b * (min(a, b) + r) for a, b in shapes))


def cut_plan(n: int, r: int, d: int, rows: Sequence[int]) -> tuple[int, tuple[str, ...], float]:
    """``(upper, sides, work)``: the min-cut bound and the assignment of cores to sides whose
    Kronecker factors certify it most cheaply — the optimal one of :func:`verify.bounds.mincut_bound`,
    or every core on its own mode's side (every bond cut: one small segment a core) where that cut
    is optimal too (e.g. ``r^(d-1) = r n^(k-1)`` at ``n = r^2``, where the bound's own choice is a
    run of ``d - 1`` cores, one segment as large as the factor).  :func:`shape_cut_plan` for any
    mode sizes and ranks."""
    return shape_cut_plan([n] * d, [r] * (d - 1), rows)


def shape_cut_plan(
    modes: Sequence[int], ranks: Sequence[int], rows: Sequence[int]
) -> tuple[int, tuple[str, ...], float]:
    """:func:`cut_plan` for a train of mode sizes ``modes`` and bond ranks ``ranks``: the min-cut
    value (over the effective ranks), and among the assignments attaining it — the bound's own, the
    one optimal for the ranks as they are (its inner dimension is what the factors of a train with
    these ranks have), every core on its mode's side — the one whose segments are cheapest to
    eliminate; ``work = inf`` when none of them has inner dimension equal to the value."""
    modes, ranks = [int(x) for x in modes], [int(x) for x in ranks]
    d = len(modes)
    upper, best = mincut_bound(modes, ranks, rows)
    _, plain = mincut_bound(modes, ranks, rows, effective=False)
    natural = tuple("R" if k in rows else "C" for k in range(d))
    plans = []
    for sides in dict.fromkeys([tuple(best), tuple(plain), natural]):  # (the bound's first, if equal)
        seg_a, seg_b = segment_shapes(modes, ranks, rows, sides)
        if math.prod(b for _, b in seg_a) == upper:
            plans.append((_segment_work(seg_a + seg_b, max(ranks, default=1)), sides))
    if not plans:  # effective ranks below r: the cut's inner dimension is above the bound
        return upper, tuple(best), math.inf
    work, sides = min(plans, key=lambda w_s: w_s[0])
    return upper, sides, work


def generic_work(n: int, r: int, d: int, partition: str = "oddeven") -> float:
    """The elimination cost :func:`generic_case` estimates (for scheduling large cases first)."""
    return _work(n, r, d, partition)[0]
