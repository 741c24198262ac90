r"""The index lemma, checked three independent ways.

**Lemma** (seed report).  Let :math:`G_1, G, \dots, G, G_d` be the equal-core witness,
:math:`q = \min(n, r-1)`.  If :math:`i \in [q]^d`, :math:`\alpha \in [r]^{d-1}` and
:math:`G_1^{i_1\alpha_1} G^{\alpha_1 i_2 \alpha_2} \cdots G_d^{\alpha_{d-1} i_d} \ne 0`, then
:math:`\alpha_k = i_k` for odd :math:`k` and :math:`\alpha_k = q+1` for even :math:`k`,
for every :math:`k \in [d-1]`.

In code (0-based, see :mod:`verify.witness`): ``alpha[k] == i[k]`` when ``k`` is even (paper
position ``k+1`` odd) and ``alpha[k] == pass_state`` (``= q``) when ``k`` is odd.

The three checks:

(a) :func:`lemma_bruteforce` — every ``(i, alpha)`` in ``range(q)**d x range(r)**(d-1)``.
(b) :func:`lemma_paths` — only the nonzero paths, enumerated with zero prefixes pruned
    (:func:`verify.tt.nonzero_paths`), so much larger ``d`` is reachable.
(c) :func:`lemma_automaton` — an induction on ``k`` that covers **every d at once**: view the
    cores as transitions of a finite automaton on bond states; check that the first core sends
    every data index ``i`` only to state ``i``, that an internal core at an even paper position
    sends every data state ``a < q`` (with data index ``i < q``) only to the pass state, and that
    an internal core at an odd position sends the pass state with index ``i`` only to state ``i``.
    Then the invariant holds at ``k = 1`` and is carried from ``k-1`` to ``k``, for all
    ``k <= d-1`` and all ``d``.  With the *values* checked on the same transitions
    (``G_1[i,i] = 1``, ``G[a,i,pass] = [a = i]``, ``G[pass,i,i] = 1``, ``G_d[a,i] = [a = i]``)
    the unique nonzero path gives entry :math:`\prod_j [i_{2j-1} = i_{2j}]`: the identity block
    for every even ``d`` at once.

All functions take arbitrary cores, so the tests can show that each check *fails* on cores
that violate the lemma.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import BadParameterError
from .tt import TensorTrain, as_int_array, check_budget, nonzero_paths, path_counts

__all__ = [
    "LemmaResult",
    "lemma_automaton",
    "lemma_bruteforce",
    "lemma_paths",
    "odd_witness_automaton",
    "pattern_holds",
    "strong_bound_automaton",
]

#: Brute force refuses more than this many (i, alpha) pairs.
BRUTEFORCE_LIMIT = 2_000_000


@dataclass(frozen=True)
class LemmaResult:
    """Outcome of one lemma check.

    Attributes
    ----------
    method : ``"bruteforce"``, ``"paths"`` or ``"automaton"``
    passed : whether the lemma (and, for the automaton, the identity values) held
    checked : number of items examined (pairs, nonzero paths, or transitions)
    covers : the range of ``d`` the check proves, e.g. ``"d = 8"`` or ``"all d >= 2"``
    counterexample : a violating ``(i, alpha)`` or transition, if any
    identity_all_even_d : automaton only: the identity block holds for every even d
    """

    method: str
    passed: bool
    checked: int
    covers: str
    counterexample: dict[str, Any] | None = None
    identity_all_even_d: bool | None = field(default=None)


def pattern_holds(i: tuple[int, ...], alpha: tuple[int, ...], pass_state: int) -> bool:
    """The lemma's conclusion for one path (0-based): ``alpha[k] = i[k]`` for even ``k``, else pass."""
    return all(a == (i[k] if k % 2 == 0 else pass_state) for k, a in enumerate(alpha))


def lemma_bruteforce(tt: TensorTrain, q: int, pass_state: int, limit: int = BRUTEFORCE_LIMIT) -> LemmaResult:
    """Check the lemma on every ``(i, alpha) in range(q)**d x product(range(r_k))``."""
    d = tt.d
    work = q**d * math.prod(tt.ranks)
    if work > limit:
        raise BadParameterError(
            f"brute force over {work} (i, alpha) pairs exceeds its limit of {limit}; use method 'paths'"
        )
    cores = [g.tolist() for g in tt.cores]
    checked = 0
    for i in itertools.product(range(q), repeat=d):
        for alpha in itertools.product(*(range(r) for r in tt.ranks)):
            checked += 1
            bonds = (0, *alpha, 0)
            prod = 1
            for k in range(d):
                prod *= cores[k][bonds[k]][i[k]][bonds[k + 1]]
                if not prod:
                    break
            if prod and not pattern_holds(i, alpha, pass_state):
                return LemmaResult("bruteforce", False, checked, f"d = {d}", {"i": list(i), "alpha": list(alpha)})
    return LemmaResult("bruteforce", True, checked, f"d = {d}")


#: ``lemma_paths`` refuses more than this many nonzero paths (counted before enumerating).
PATHS_LIMIT = 5_000_000


def lemma_paths(tt: TensorTrain, q: int, pass_state: int, limit: int = PATHS_LIMIT) -> LemmaResult:
    """Check the lemma on the nonzero paths only (zero prefixes pruned)."""
    total = max(path_counts(tt, q), default=0)
    if total > limit:
        raise BadParameterError(
            f"the {total:.3g} nonzero partial paths exceed the limit of {limit} of method 'paths'; "
            "use method 'automaton' (it covers every d)"
        )
    checked = 0
    for i, alpha, _ in nonzero_paths(tt, q):
        checked += 1
        if not pattern_holds(i, alpha, pass_state):
            return LemmaResult("paths", False, checked, f"d = {tt.d}", {"i": list(i), "alpha": list(alpha)})
    return LemmaResult("paths", True, checked, f"d = {tt.d}")


def lemma_automaton(
    first: np.ndarray,
    even_core: np.ndarray,
    odd_core: np.ndarray,
    last: np.ndarray | None,
    q: int,
    pass_state: int,
) -> LemmaResult:
    """Inductive check for all ``d >= 2`` at once (see the module docstring).

    Parameters
    ----------
    first : ``(n, r)``; even_core, odd_core : ``(r, n, r)``, the internal cores at even and odd
        paper positions (the same array for equal cores); last : ``(r, n)``, or ``None`` to leave
        the last core out of the identity values (the odd-d witness has a last core of its own,
        checked by :func:`odd_witness_automaton`).
    q : the data states and data indices are ``0..q-1``; pass_state : the pass state.
    """
    first = np.asarray(first).reshape(first.shape[-2], first.shape[-1])
    if last is not None:
        last = np.asarray(last).reshape(last.shape[0], last.shape[1])
    if q == 0:
        return LemmaResult("automaton", True, 0, "all d >= 2 (vacuous: q = 0)", None, True)
    # The transitions, vectorized (row-major order, so the counterexample is the first one met):
    # first core, k = 1 (odd): alpha_1 = i_1; even position: data state a < q with index i < q ->
    # the pass state only; odd position: the pass state with index i -> state i only.
    first, even_core, odd_core = np.asarray(first), np.asarray(even_core), np.asarray(odd_core)
    r = first.shape[1]
    states = np.arange(r)
    checks = [
        ("first", first[:q] != 0, states[None, :] != np.arange(q)[:, None], lambda i, b: {"i": i, "to": b}),
        (
            "even",
            (even_core[:q, :q] != 0).reshape(q * q, -1),
            np.broadcast_to(states != pass_state, (q * q, r)),
            lambda ai, b: {"from": ai // q, "i": ai % q, "to": b},
        ),
        (
            "odd",
            odd_core[pass_state, :q] != 0,
            states[None, :] != np.arange(q)[:, None],
            lambda i, b: {"from": pass_state, "i": i, "to": b},
        ),
    ]
    checked = 0
    for name, nonzero, wrong, where in checks:
        bad = np.argwhere(nonzero & wrong)
        if bad.size:
            i, b = (int(x) for x in bad[0])
            checked += int(nonzero[:i].sum() + nonzero[i, : b + 1].sum())
            return LemmaResult("automaton", False, checked, "all d >= 2", {"transition": name, **where(i, b)})
        checked += int(nonzero.sum())
    rq = np.arange(q)
    eye = np.eye(q, dtype=bool)
    identity = (
        bool(np.all(first[rq, rq] == 1))
        and bool(np.all(even_core[:q, :q, pass_state] == eye))
        and bool(np.all(odd_core[pass_state, rq, rq] == 1))
        and (last is None or bool(np.all(last[:q, :q] == eye)))
    )
    return LemmaResult("automaton", True, checked, "all d >= 2", None, bool(identity))


def _exact_carrier(g: np.ndarray) -> Any:
    """The narrowest dtype that carries every entry of the products ``e_P^T M_x M_y`` of the
    ``(r, n, r)`` core ``g`` exactly: each entry is a sum of ``r`` products of two core entries,
    so every partial sum is at most ``bound = r max|G|^2`` in absolute value; float64 (BLAS)
    represents every integer up to ``2**53``, so it is used while ``bound < 2**53``; int64 while
    ``bound < 2**62``; else Python integers (``object``)."""
    r = g.shape[0]
    big = int(np.max(np.abs(g)))  # a core is never empty (n, r >= 1)
    bound = r * big * big
    return np.float64 if bound < 2**53 else np.int64 if bound < 2**62 else object


def strong_bound_automaton(
    first: np.ndarray, internal: np.ndarray, last: np.ndarray, m: int, pass_state: int
) -> LemmaResult:
    r"""Check, for **every even d at once**, that the odd/even matricization of the equal-core
    tensor ``(first, internal, ..., internal, last)`` restricted to ``range(m)**d`` is
    unitriangular when the symbol ``pass_state`` (if ``< m``) is ordered first: rank ``m**(d/2)``.

    Write :math:`M_i = G[:, i, :]` and :math:`P` = ``pass_state``.  The finite conditions:

    * (first) ``first[i, :] == G[P, i, :]`` and (last) ``last[:, i] == G[:, i, P]`` for ``i < m``,
      so that :math:`X[w] = e_P^\top M_{w_1} \cdots M_{w_d} e_P`;
    * (A) :math:`e_P^\top M_x M_x = e_P^\top` for every symbol ``x < m``;
    * (B) :math:`e_P^\top M_x M_y = 0` for ``x != y`` unless ``x`` is the symbol ``P``.

    Then for rows ``u = (w_1, w_3, ...)`` and columns ``v = (w_2, w_4, ...)``: by (A) the diagonal
    entries are 1; if ``u != v`` and ``X[u, v] != 0``, at the first ``j`` with ``u_j != v_j`` the
    state is :math:`e_P^\top` (by (A)) and (B) forces ``u_j = P``, the least symbol: ``u < v``.
    This is the proof of PROOFS.md §6.1 reduced to a finite check.
    """
    g = as_int_array(np.asarray(internal), "internal core")
    first = as_int_array(np.asarray(first).reshape(first.shape[-2], first.shape[-1]), "first core")
    last = as_int_array(np.asarray(last).reshape(last.shape[0], last.shape[1]), "last core")
    r = g.shape[0]
    covers = "all even d >= 2"
    bad_first = np.any(first[:m] != g[pass_state, :m], axis=1) | np.any(last[:, :m].T != g[:, :m, pass_state].T, axis=1)
    if bad_first.any():
        i = int(np.argmax(bad_first))
        return LemmaResult("strong-automaton", False, 2 * (i + 1), covers, {"boundary": "first/last", "i": i})
    checked = 2 * m
    # prod[x, y] = e_P^T M_x M_y, all pairs in one exact product (in the carrier _exact_carrier picks)
    check_budget((m, m, r), 8, "strong-bound products")
    dtype = _exact_carrier(g)
    rows = g[pass_state, :m, :].astype(dtype)  # (m, r): e_P^T M_x
    prod = (rows @ g[:, :m, :].reshape(r, m * r).astype(dtype)).reshape(m, m, r)
    e_p = np.zeros(r, dtype=np.int64)
    e_p[pass_state] = 1
    diag = np.arange(m)
    # (A) e_P^T M_x M_x = e_P^T; (B) e_P^T M_x M_y = 0 for x != y unless x is the symbol P
    bad = np.zeros((m, m), dtype=bool)
    bad[diag, diag] = np.any(prod[diag, diag] != e_p, axis=1)
    off = np.any(prod != 0, axis=2)
    off[diag, diag] = False
    if pass_state < m:
        off[pass_state] = False
    bad |= off
    if bad.any():
        x, y = (int(v) for v in np.argwhere(bad)[0])
        info = {"condition": "A", "x": x} if x == y else {"condition": "B", "x": x, "y": y}
        return LemmaResult("strong-automaton", False, checked + x * m + y + 1, covers, info)
    checked += m * m
    return LemmaResult("strong-automaton", True, checked, covers)


def odd_witness_automaton(
    first: np.ndarray, internal: np.ndarray, last: np.ndarray, q: int, pass_state: int
) -> LemmaResult:
    r"""Check, for **every odd d at once**, that the odd/even matricization of the equal-core
    tensor ``(first, internal, ..., internal, last)`` contains the identity of size ``q**((d-1)/2)``.

    For ``i`` in ``range(q)**d`` with ``d`` odd the index lemma (its transitions and the identity
    values of ``first`` and ``internal``, :func:`lemma_automaton`) forces the path through
    position ``d-1``, an even paper position, so the state before the last core is the pass state
    and :math:`X[i] = \prod_{j \le k} [i_{2j-1} = i_{2j}] \cdot \mathrm{last}[P, i_d]`.  With the
    one further identity ``last[P, i] == [i == 0]`` for ``i < q`` the rows with ``i_d = 0`` carry
    the identity :math:`I_{q^k}` (PROOFS.md §6.4).
    """
    res = lemma_automaton(first, internal, internal, None, q, pass_state)
    covers = "all odd d >= 3"
    if not res.passed or not res.identity_all_even_d:
        return LemmaResult(
            "odd-automaton", False, res.checked, covers, res.counterexample or {"values": "first/internal"}
        )
    last = np.asarray(last).reshape(last.shape[0], last.shape[1])
    for i in range(q):
        if last[pass_state, i] != (i == 0):
            return LemmaResult("odd-automaton", False, res.checked + i + 1, covers, {"last": [pass_state, i]})
    return LemmaResult("odd-automaton", True, res.checked + q, covers)
