r"""The generic-rank theorem: closed forms, the witness of each regime, and its finite checks.

**Theorem** (PROOFS.md §6).  For all ``n, r >= 1`` and ``d >= 2``, the generic rank of the
odd/even matricization on :math:`\mathcal M^{eq}_{n,r}` (equal internal cores) and on
:math:`\mathcal M_{n,r}` (different cores) is

.. math::

    \min(n^k,\; r n^{k-1},\; r^{2k-1}) \quad (d = 2k), \qquad
    \min(n, r^2)^k \quad (d = 2k+1),

the min-cut value of the tensor network (:func:`verify.bounds.mincut_bound` computes it by a
dynamic programme; these are its closed forms).  The upper bound holds on :math:`\mathcal M`
(hence on :math:`\mathcal M^{eq} \subset \mathcal M`); one equal-core witness whose matricization
reaches it proves the lower bound on both families (PROOFS.md §3: the rank at one point is at most
the generic rank).  The witnesses, each proved for **every** ``d`` by finitely many identities
that :func:`theorem_record` checks:

* ``n <= r``, even ``d`` — the seed's witness: its ``min(n, r)^k`` block is unitriangular
  (:func:`verify.lemma.strong_bound_automaton`, PROOFS.md §6.1);
* ``n < r``, odd ``d`` — the seed's odd-d extension: an identity of size ``n^k``
  (:func:`verify.lemma.odd_witness_automaton`);
* ``n >= r`` — the transfer witness (:func:`verify.witness.transfer_witness`): first and last
  cores of rank ``r`` and an invertible two-step transfer matrix
  (:func:`verify.transfer.transfer_rank`); for ``n >= r^2`` its internal core is the copy witness.

References
----------
.. [1] E. Alkin, "Expressive power of recurrent neural networks, II", report, 2024.
.. [2] V. Khrulkov, A. Novikov, I. Oseledets, "Expressive power of recurrent neural
       networks", ICLR 2018.
.. [3] S. X. Cui, M. H. Freedman, O. Sattath, R. Stong, G. Minton, "Quantum max-flow/min-cut",
       J. Math. Phys. 57, 062206 (2016).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from math import gcd
from typing import Any

import numpy as np

from .bounds import mincut_bound
from .errors import BadParameterError
from .lemma import odd_witness_automaton, strong_bound_automaton
from .rank import DEFAULT_PRIME, rank
from .transfer import transfer_rank
from .tt import TensorTrain, matmul_mod
from .witness import (
    _check_nr,
    equal_core_witness,
    equal_core_witness_cores,
    half_monotone_cores,
    half_witness,
    odd_d_witness,
    transfer_witness,
    transfer_witness_cores,
)

__all__ = [
    "DEFAULT_THEOREM_D",
    "half_formula",
    "half_monotone_checks",
    "half_seed",
    "half_theorem_record",
    "oddeven_formula",
    "partition_maximum",
    "regime",
    "seed_even_check",
    "seed_odd_check",
    "theorem_record",
    "theorem_witness",
    "transfer_checks",
    "witness_name",
]

#: The values of d for which :func:`theorem_record` states the formula by default.
DEFAULT_THEOREM_D = tuple(range(2, 21, 2))


def _check_d(d: object) -> int:
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 2:
        raise BadParameterError(f"d must be an integer >= 2, got {d!r}")
    return int(d)


def oddeven_formula(n: int, r: int, d: int) -> int:
    """The generic rank of the odd/even matricization: ``min(n^k, r n^(k-1), r^(2k-1))`` for
    ``d = 2k``, ``min(n, r^2)^k`` for ``d = 2k+1`` (the min-cut value in closed form).

    Examples
    --------
    >>> oddeven_formula(5, 3, 8), oddeven_formula(3, 2, 20), oddeven_formula(2, 5, 7)
    (375, 39366, 8)
    """
    n, r = _check_nr(n, r)
    d = _check_d(d)
    k = d // 2
    if d % 2:
        return min(n, r * r) ** k
    return min(n**k, r * n ** (k - 1), r ** (2 * k - 1))


def half_formula(n: int, r: int, d: int) -> int:
    """The min-cut value of the sequential ("half") partition: ``min(r, n^floor(d/2))``."""
    n, r = _check_nr(n, r)
    d = _check_d(d)
    return min(r, n ** (d // 2))


def regime(n: int, r: int) -> str:
    """Which term of the closed form is active: ``"n <= r"``, ``"r < n < r^2"`` or ``"n >= r^2"``."""
    n, r = _check_nr(n, r)
    if n <= r:
        return "n <= r"
    return "n >= r^2" if n >= r * r else "r < n < r^2"


def witness_name(n: int, r: int, parity: str) -> str:
    """The witness used for ``(n, r)`` and ``parity`` (``"even"`` or ``"odd"`` d)."""
    n, r = _check_nr(n, r)
    if parity == "even" and n <= r:
        return "seed (unitriangular block)"
    if parity == "odd" and n < r:
        return "seed, odd-d extension (identity block)"
    if parity not in ("even", "odd"):
        raise BadParameterError(f"parity must be 'even' or 'odd', got {parity!r}")
    return "transfer (copy: matrix units)" if n >= r * r else "transfer"


def theorem_witness(n: int, r: int, d: int) -> TensorTrain:
    """The equal-core tensor that proves the theorem at ``(n, r, d)``; its odd/even
    matricization has rank :func:`oddeven_formula` ``(n, r, d)``.  Hand it to any check."""
    n, r = _check_nr(n, r)
    d = _check_d(d)
    if d % 2 == 0:
        return equal_core_witness(n, r, d) if n <= r else transfer_witness(n, r, d)
    return odd_d_witness(n, r, d) if n < r and d >= 3 else transfer_witness(n, r, d)


def seed_even_check(first: np.ndarray, internal: np.ndarray, last: np.ndarray, n: int, r: int) -> dict[str, Any]:
    """The finite identities that make the seed's block unitriangular of size ``min(n, r)^k`` for
    every even ``d`` (:func:`verify.lemma.strong_bound_automaton`)."""
    res = strong_bound_automaton(first, internal, last, min(n, r), min(n, r - 1))
    return {
        "name": "seed: unitriangular block of size min(n,r)^k (first/last = pass row/column, conditions A, B)",
        "covers": "all even d",
        "passed": res.passed,
        "checked": res.checked,
    }


def seed_odd_check(first: np.ndarray, internal: np.ndarray, last: np.ndarray, n: int, r: int) -> dict[str, Any]:
    """The finite identities that give the odd-d extension an identity block of size
    ``min(n, r-1)^k`` for every odd ``d`` (:func:`verify.lemma.odd_witness_automaton`)."""
    q = min(n, r - 1)
    res = odd_witness_automaton(first, internal, last, q, q)
    return {
        "name": "seed odd-d extension: index-lemma transitions, identity values, last[pass, i] = [i = 0]",
        "covers": "all odd d",
        "passed": res.passed,
        "checked": res.checked,
    }


def transfer_checks(
    first: np.ndarray, internal: np.ndarray, last: np.ndarray, m: int, prime: int = DEFAULT_PRIME
) -> list[dict[str, Any]]:
    """The finite identities of the transfer lemma: ``first`` (``n x r``) and ``last`` (``r x n``)
    of rank ``r``, and the transfer matrix of the ``m`` live symbols ``internal[:, :m, :]``
    invertible (its other symbols must be zero: then the tensor lives on the live symbols)."""
    r = internal.shape[0]
    basis = np.transpose(np.asarray(internal)[:, :m, :], (1, 0, 2))
    dead_zero = not np.asarray(internal)[:, m:, :].any()
    rf, rl = rank(first).rank, rank(last).rank
    rt = transfer_rank(basis, prime)
    return [
        {"name": "first core has rank r", "covers": "all d", "passed": rf == r, "value": rf},
        {"name": "last core has rank r", "covers": "all d", "passed": rl == r, "value": rl},
        {
            "name": f"transfer matrix of the {m} live symbols is invertible (rank r*m mod p), the others zero",
            "covers": "all d",
            "passed": rt == r * m and dead_zero,
            "value": rt,
            "size": r * m,
            "prime": prime,
            # a rank mod p below r*m leaves the rank over Q open: inconclusive, not false
            "inconclusive": dead_zero and rt < r * m,
        },
    ]


def theorem_record(
    n: int,
    r: int,
    ds: Sequence[int] = DEFAULT_THEOREM_D,
    prime: int = DEFAULT_PRIME,
    cross_check_side: int = 0,
) -> dict[str, Any]:
    """Prove the theorem for one ``(n, r)`` and every ``d``: run the finite checks of the witness
    of each parity, and state the formula at each requested ``d``.

    Returns a record with ``check="theorem"``, ``n``, ``r``, ``regime``, ``witness`` (per
    parity), ``checks`` (each finite identity, what it covers, whether it held), ``proved_all_d``
    (every check held: the formula is proved for every ``d``, both parities), ``formula``
    (``{d: value}``), ``passed`` and ``status``: ``True``/``"proved"``; ``False``/``"failed"`` (an
    exact check failed, or a rank exceeded the formula, which is also an upper bound); or
    ``None``/``"inconclusive"`` (only ranks mod ``prime`` fell short: the rank over Q may still be
    full, another prime may settle it).  With ``cross_check_side > 0`` the rank mod ``prime`` of the
    witness's matricization is also computed for every requested ``d`` whose matrix side is at most
    that (``cross_check``: ``{d: rank}``; sides above 4096 are never cross-checked), an independent
    check of the proof.
    """
    t0 = time.perf_counter()
    n, r = _check_nr(n, r)
    ds = [_check_d(d) for d in ds]
    checks: list[dict[str, Any]] = []
    if n <= r:
        checks.append(seed_even_check(*equal_core_witness_cores(n, r), n, r) | {"parity": "even"})
    if n < r:
        first, internal, _ = equal_core_witness_cores(n, r)
        last = odd_d_witness(n, r, 3).cores[-1][..., 0]
        checks.append(seed_odd_check(first, internal, last, n, r) | {"parity": "odd"})
    if n >= r:  # at n = r the transfer witness serves the odd d only
        parity = "odd" if n == r else "even, odd"
        cores = transfer_witness_cores(n, r)
        checks += [c | {"parity": parity} for c in transfer_checks(*cores, min(n, r * r), prime)]
    proved = all(c["passed"] for c in checks)
    rec: dict[str, Any] = {
        "check": "theorem",
        "n": n,
        "r": r,
        "regime": regime(n, r),
        "witness": {"even": witness_name(n, r, "even"), "odd": witness_name(n, r, "odd")},
        "checks": checks,
        "proved_all_d": proved,
        "formula": {str(d): oddeven_formula(n, r, d) for d in ds},
    }
    cross: dict[str, int] = {}
    if cross_check_side > 0:
        from .checks import matricization_rank

        for d in ds:  # a side of at most 4096 keeps each rank to seconds
            if n ** ((d + 1) // 2) <= min(cross_check_side, 4096):
                cross[str(d)] = matricization_rank(theorem_witness(n, r, d), prime=prime)["rank"]
        rec["cross_check"] = cross
    return _verdict(rec, cross, t0)


def _verdict(rec: dict[str, Any], cross: dict[str, int], t0: float) -> dict[str, Any]:
    """``passed``/``status`` of a theorem record from its ``checks`` and its cross-checked ranks.

    Definite failures: an exact check that fails, or a rank (even mod p) above the formula, which
    is also an upper bound.  A modular rank below what is needed is inconclusive (rank mod p <=
    rank over Q): another prime may settle it."""
    checks = rec["checks"]
    definite = any(not c["passed"] and not c.get("inconclusive") for c in checks) or any(
        v > rec["formula"][d] for d, v in cross.items()
    )
    if rec["proved_all_d"] and all(v == rec["formula"][d] for d, v in cross.items()):
        rec["passed"], rec["status"] = True, "proved"
    elif definite:
        rec["passed"], rec["status"] = False, "failed"
    else:
        rec["passed"], rec["status"] = None, "inconclusive"
    rec["seconds"] = round(time.perf_counter() - t0, 4)
    return rec


def partition_maximum(n: int, r: int, d: int) -> dict[str, Any]:
    """The min-cut bound of **every** matricization of :math:`\\mathcal M_{n,r}` with ``d`` modes
    (row sets containing mode 0: a partition and its transpose have the same rank), its maximum,
    and the row sets attaining it.  PROOFS.md §6.6 proves that the odd/even partition attains it
    for all ``n, r, d``; this enumerates the finite case."""
    n, r = _check_nr(n, r)
    d = _check_d(d)
    best, where = -1, []
    for size in range(1, d):
        for rest in itertools.combinations(range(1, d), size - 1):
            rows = (0, *rest)  # at most d - 1 modes: a proper subset
            b = mincut_bound([n] * d, [r] * (d - 1), rows)[0]
            if b > best:
                best, where = b, [rows]
            elif b == best:
                where.append(rows)
    oddeven = tuple(range(0, d, 2))
    return {
        "check": "partitions",
        "n": n,
        "r": r,
        "d": d,
        "partitions": 2 ** (d - 1) - 1,
        "maximum": best,
        "oddeven": oddeven_formula(n, r, d),
        "oddeven_attains": oddeven in where,
        "attained_by": [list(w) for w in where[:8]],
        "passed": best == oddeven_formula(n, r, d) and oddeven in where,
    }


# --- the half (sequential) partition, every (n, r, d) ---------------------------------------------


def _least_m(n: int, r: int) -> int:
    """The least ``m`` with ``n^m > r`` (``n >= 2``)."""
    m = 1
    while n**m <= r:
        m += 1
    return m


def half_monotone_checks(
    first: np.ndarray, internal: np.ndarray, last: np.ndarray, m: int, prime: int = DEFAULT_PRIME
) -> list[dict[str, Any]]:
    r"""The finite identities that give an equal-core train half-partition rank ``r`` for every
    ``d >= 2m`` (PROOFS.md §6.6).

    With :math:`M_x = G[:, x, :]`, the half matricization at ``d`` is :math:`L_h R_{m'}`
    (``h = ceil(d/2)``, ``m' = floor(d/2)``): :math:`L_h` (``n^h x r``) has rows
    :math:`G_1[u_1] M_{u_2} \cdots M_{u_h}`, :math:`R_{m'}` (``r x n^{m'}``) columns
    :math:`M_{v_1} \cdots M_{v_{m'-1}} G_d[:, v_{m'}]`.  Checks: ``rank L_m = r``, ``rank R_m = r``
    (mod ``prime``: a proof over Q, ``r`` being the most), and some :math:`M_x` invertible.  Then the
    rows of :math:`L_{h+1}` contain those of :math:`L_h M_x`, so ``rank L_h`` never falls as ``h``
    grows, nor ``rank R_{m'}``; Sylvester gives ``rank L_h R_{m'} >= r + r - r = r``."""
    p = int(prime)
    r = internal.shape[0]
    mats = [np.mod(np.asarray(internal[:, x, :], dtype=object), p).astype(np.int64) for x in range(internal.shape[1])]
    left = np.mod(np.asarray(first, dtype=object), p).astype(np.int64)
    right = np.mod(np.asarray(last, dtype=object), p).astype(np.int64)
    for _ in range(m - 1):
        left = np.concatenate([matmul_mod(left, mx, p) for mx in mats], axis=0)
        right = np.concatenate([matmul_mod(mx, right, p) for mx in mats], axis=1)
    rl, rr = rank(left, p).rank, rank(right, p).rank
    unit = next((x for x, mx in enumerate(mats) if rank(mx, p).rank == r), None)
    return [
        {
            "name": f"L_{m} ({left.shape[0]} x {r}) has rank r",
            "covers": f"all d >= {2 * m}",
            "passed": rl == r,
            "value": rl,
            "prime": p,
            "inconclusive": rl < r,
        },
        {
            "name": f"R_{m} ({r} x {right.shape[1]}) has rank r",
            "covers": f"all d >= {2 * m}",
            "passed": rr == r,
            "value": rr,
            "prime": p,
            "inconclusive": rr < r,
        },
        {
            "name": "some slice M_x is invertible (the ranks of L_h and R_m never fall)",
            "covers": f"all d >= {2 * m}",
            "passed": unit is not None,
            "value": unit,
            "prime": p,
            "inconclusive": unit is None,
        },
    ]


def half_seed(n: int, r: int, prime: int = DEFAULT_PRIME, tries: int = 32) -> tuple[int | None, list[dict[str, Any]]]:
    """The first seed ``< tries`` whose :func:`verify.witness.half_monotone_cores` pass
    :func:`half_monotone_checks` at ``m = `` the least with ``n^m > r``, and those checks (of the
    last seed tried when none passes: then the seed is ``None``)."""
    n, r = _check_nr(n, r)
    m = _least_m(n, r)
    checks: list[dict[str, Any]] = []
    for seed in range(tries):
        checks = half_monotone_checks(*half_monotone_cores(n, r, seed), m, prime)
        if all(c["passed"] for c in checks):
            return seed, checks
    return None, checks


def half_theorem_record(
    n: int, r: int, ds: Sequence[int] = DEFAULT_THEOREM_D, prime: int = DEFAULT_PRIME, cross_check_side: int = 0
) -> dict[str, Any]:
    r"""The half (sequential) partition for one ``(n, r)`` and every ``d``: the generic rank on
    :math:`\mathcal M^{eq}_{n,r}` and :math:`\mathcal M_{n,r}` is ``min(r, n^floor(d/2))``
    (:func:`half_formula`, the min-cut value).  The witness of each range of ``d`` and its finite
    checks (PROOFS.md §6.6):

    * ``n >= r``: the transfer witness (first and last cores of rank ``r``, transfer matrix
      invertible), every ``d``;
    * ``n < r``, ``n^floor(d/2) <= r``: the additive register (a proof; these finitely many ``d``);
    * ``n < r``, ``n^floor(d/2) > r``: Horner's map when ``gcd(n, r) = 1`` (a proof), else the
      small random cores of :func:`half_seed`, whose three finite checks prove every such ``d``.

    ``proved_all_d``: every check held.  With ``cross_check_side`` the rank mod ``prime`` of each
    witness's half matricization is computed for each requested ``d`` of side at most that (4096 at
    most) and compared with the formula.
    """
    t0 = time.perf_counter()
    n, r = _check_nr(n, r)
    ds = [_check_d(d) for d in ds]
    checks: list[dict[str, Any]] = []
    seed = None
    if n >= r:
        witness = {"all d": "transfer"}
        found = transfer_checks(*transfer_witness_cores(n, r), min(n, r * r), prime)
        checks += found  # each covers "all d" (transfer_checks)
    else:
        m = _least_m(n, r) if n >= 2 else None
        small = "all d" if m is None else f"d < {2 * m}"
        witness = {small: "additive register (n^floor(d/2) <= r)"}
        if m is not None:
            if gcd(n, r) == 1:
                witness[f"d >= {2 * m}"] = "Horner's map s -> n s + x mod r"
            else:
                seed, found = half_seed(n, r, prime)
                witness[f"d >= {2 * m}"] = f"small random cores, seed {seed} (monotone ranks)"
                checks += found
    proved = all(c["passed"] for c in checks)
    rec: dict[str, Any] = {
        "check": "half-theorem",
        "n": n,
        "r": r,
        "witness": witness,
        "seed": seed,
        "checks": checks,
        "proved_all_d": proved,
        "formula": {str(d): half_formula(n, r, d) for d in ds},
    }
    cross: dict[str, int] = {}
    if cross_check_side > 0:
        from .checks import matricization_rank
        from .tt import half_partition

        for d in ds:
            if n ** ((d + 1) // 2) <= min(cross_check_side, 4096):
                tt = half_witness(n, r, d, seed)
                assert tt is not None
                cross[str(d)] = matricization_rank(tt, half_partition(d)[0], prime=prime)["rank"]
        rec["cross_check"] = cross
    return _verdict(rec, cross, t0)
