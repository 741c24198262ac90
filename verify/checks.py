"""The checks of the proof as records: one dict per (check, n, r, d), ready for JSON.

Every record carries ``passed`` (``True``/``False``, or ``None`` where the theorem does not
apply), a ``status`` (``"ok"``, ``"failed"``, ``"vacuous"``, ``"not applicable"``) and, for
ranks, what kind of truth the number is (``rank_kind``: ``"exact"`` or ``"modular"``).
"""

from __future__ import annotations

import time
from typing import Any

from ._types import Backend, CoreMode
from .bounds import mincut_bound
from .errors import BadParameterError
from .lemma import BRUTEFORCE_LIMIT, lemma_automaton, lemma_bruteforce, lemma_paths, strong_bound_automaton
from .rank import DEFAULT_PRIME, rank
from .tt import DEFAULT_MAX_WORK, TensorTrain, as_work, matricization, oddeven_partition, sparse_entries
from .witness import odd_d_witness, witness, witness_q

__all__ = [
    "EXACT_RANK_LIMIT",
    "identity_block",
    "lemma_record",
    "matricization_rank",
    "unitriangular_block",
    "witness_record",
]

#: Largest matrix side for which a rank is recomputed exactly over ZZ when the modular rank
#: does not meet the structural upper bound.
EXACT_RANK_LIMIT = 4096


def identity_block(tt: TensorTrain, q: int) -> bool:
    """Whether the odd/even matricization restricted to ``range(q)**d`` is the identity.

    Exact, and without the dense tensor: the nonzero entries on the block are enumerated by
    :func:`verify.tt.sparse_entries` and compared with ``{i : 1}`` over the multi-indices with
    ``i[2j] == i[2j+1]`` (rows ``(i_0, i_2, ...)`` equal columns ``(i_1, i_3, ...)``).
    For odd ``d`` (the :func:`verify.witness.odd_d_witness`) the pattern is the same on the first
    ``d-1`` modes with ``i[d-1] == 0``: an identity of size ``q**((d-1)/2)`` inside the block.
    """
    entries = sparse_entries(tt, q)
    d = tt.d
    if len(entries) != q ** (d // 2):
        return False
    return all(
        v == 1 and all(i[k] == i[k + 1] for k in range(0, d - 1, 2)) and (d % 2 == 0 or i[-1] == 0)
        for i, v in entries.items()
    )


def unitriangular_block(tt: TensorTrain, m: int, pass_symbol: int | None) -> bool:
    """Whether the odd/even matricization on ``range(m)**d`` is unitriangular (hence of rank
    ``m**(d/2)``) for the order on ``range(m)`` that puts ``pass_symbol`` first, rows and columns
    compared lexicographically.

    This is the key step of PROOFS.md §6.1 (the seed's witness has rank ``min(n, r)**(d/2)``),
    checked exactly from the sparse entries: every diagonal entry ``(u, u)`` is 1 and every other
    nonzero entry ``(u, v)`` has ``u < v``.  Requires even ``d``.
    """
    if tt.d % 2:
        raise BadParameterError(f"the unitriangular block needs even d, got d = {tt.d}")

    def key(word: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(-1 if x == pass_symbol else x for x in word)

    diagonal = 0
    for i, v in sparse_entries(tt, m).items():
        rows, cols = i[0::2], i[1::2]
        if rows == cols:
            if v != 1:
                return False
            diagonal += 1
        elif not key(rows) < key(cols):
            return False
    return diagonal == m ** (tt.d // 2)


def matricization_rank(
    tt: TensorTrain,
    row_modes: tuple[int, ...] | None = None,
    backend: Backend = "flint",
    prime: int = DEFAULT_PRIME,
    exact_limit: int = EXACT_RANK_LIMIT,
    budget: int | None = None,
) -> dict[str, Any]:
    """Rank of a matricization of ``tt`` with what kind of truth it is.

    The matrix is built exactly (Python ints where int64 could overflow), its rank taken mod
    ``prime``.  That is a lower bound over Q; it is **exact** when it meets the min-cut upper
    bound (:func:`verify.bounds.mincut_bound`), or when the side is at most ``exact_limit`` and
    the rank is recomputed over ZZ.  Otherwise it is reported as modular.

    Returns
    -------
    dict with ``rank``, ``rank_kind``, ``prime`` (``None`` when exact), ``rank_method``,
    ``upper`` (the structural bound), ``rows``, ``cols``.
    """
    rows = oddeven_partition(tt.d)[0] if row_modes is None else tuple(row_modes)
    upper, _ = mincut_bound(tt.mode_sizes, tt.ranks, rows)
    m = matricization(tt, rows, budget=budget)
    out: dict[str, Any] = {"rows": int(m.shape[0]), "cols": int(m.shape[1]), "upper": upper}
    if backend == "sympy" and max(m.shape) <= 200:
        res = rank(m, None, backend="sympy")
        return out | {"rank": res.rank, "rank_kind": "exact", "prime": None, "rank_method": "sympy over QQ"}
    modular = rank(m, prime, backend=backend)
    mod, used = modular.rank, modular.backend
    if mod == upper:
        return out | {
            "rank": mod,
            "rank_kind": "exact",
            "prime": None,
            "rank_method": f"rank mod {prime} ({used}) meets the structural upper bound",
        }
    if max(m.shape) <= exact_limit:  # the modular-only backends hand the exact rank to FLINT
        res = rank(m, None, backend="sympy" if backend == "sympy" else "flint")
        return out | {"rank": res.rank, "rank_kind": "exact", "prime": None, "rank_method": f"{res.backend} over ZZ"}
    return out | {"rank": mod, "rank_kind": "modular", "prime": prime, "rank_method": f"rank mod {prime} ({used})"}


def witness_record(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    backend: Backend = "flint",
    prime: int = DEFAULT_PRIME,
    full_rank: bool = True,
    budget: int | None = None,
    odd_witness: bool = False,
    max_work: float = DEFAULT_MAX_WORK,
) -> dict[str, Any]:
    """Check the witness for one ``(n, r, d)``: identity block and full-matricization rank.

    With ``odd_witness=True`` an odd ``d`` uses :func:`verify.witness.odd_d_witness` (equal
    cores only) and the bound ``q**((d-1)/2)``.

    ``passed`` is ``True`` when the block restricted to ``range(q)**d`` is the identity of size
    ``q**(d/2)`` and the rank of the full odd/even matricization is at least that bound;
    ``None`` with status ``"not applicable"`` for odd ``d`` (the theorem is for even ``d``);
    status ``"vacuous"`` when ``q = 0`` (``r = 1``: the bound is ``0``).  When the rank of the
    ``N x N`` matricization would cost more than ``max_work`` operations (``N^3``) it is not
    computed: ``passed`` is ``None`` and the status says ``"skipped: ..."``.
    """
    t0 = time.perf_counter()
    q = witness_q(n, r, cores)
    odd = odd_witness and d % 2 == 1 and cores == "equal"
    tt = odd_d_witness(n, r, d) if odd else witness(n, r, d, cores)
    rec: dict[str, Any] = {"check": "witness", "n": n, "r": r, "d": d, "q": q, "cores": cores}
    if odd:
        rec["variant"] = "odd-d extension"
    if d % 2 and not odd:
        rec |= {
            "bound": None,
            "identity_block": None,
            "rank": None,
            "rank_kind": None,
            "prime": None,
            "passed": None,
            "status": "not applicable",
            "note": "the theorem and the witness are for even d",
        }
    else:
        bound = q ** (d // 2)
        ident = identity_block(tt, q)
        rec |= {"bound": bound, "identity_block": ident}
        if cores == "equal" and d % 2 == 0:
            m = min(n, r)  # the pass state q is also a symbol exactly when q < m (r <= n)
            rec |= {
                "strong_bound": m ** (d // 2),
                "unitriangular_block": unitriangular_block(tt, m, q if q < m else None),
            }
        side = n ** ((d + 1) // 2)
        if full_rank and as_work(side**3) > max_work:
            rec |= {"rank": None, "rank_kind": None, "prime": None, "passed": None if ident else False}
            rec["status"] = (
                f"skipped: the rank of the n^{(d + 1) // 2}-sided matrix would cost about {as_work(side**3):.1e} "
                "operations > --max-work"
                if ident
                else "failed"
            )
            rec["seconds"] = round(time.perf_counter() - t0, 4)
            return rec
        if full_rank:
            rec |= matricization_rank(tt, backend=backend, prime=prime, budget=budget)
            ok = ident and rec["rank"] >= bound
        else:
            rec |= {"rank": None, "rank_kind": None, "prime": None}
            ok = ident
        rec["passed"] = bool(ok)
        rec["status"] = ("vacuous" if q == 0 else "ok") if ok else "failed"
        if q == 0:
            rec["note"] = "q = 0 (r = 1): the bound q^(d/2) = 0 holds trivially"
    rec["seconds"] = round(time.perf_counter() - t0, 4)
    return rec


def lemma_record(n: int, r: int, d: int | None, method: str = "paths", cores: CoreMode = "equal") -> dict[str, Any]:
    """Check the index lemma for one ``(n, r, d)`` by ``method`` (``bruteforce``, ``paths``,
    ``automaton``; the automaton ignores ``d`` and covers every ``d >= 2``).

    The automaton record also carries ``identity_all_even_d`` (the identity block for every even
    d) and, for equal cores, ``strong_bound_all_even_d`` (the unitriangular block of size
    ``min(n, r)**(d/2)`` for every even d, :func:`verify.lemma.strong_bound_automaton`); ``passed``
    requires all of them."""
    t0 = time.perf_counter()
    q = witness_q(n, r, cores)
    pass_state = q if cores == "equal" else 0
    if method == "automaton":
        probe = witness(n, r, 4, cores)  # the distinct cores: first, even, odd, last
        first, even, odd, last = probe.cores
        res = lemma_automaton(first[0], even, odd, last[..., 0], q, pass_state)
        d_out: int | None = None
    elif method in ("bruteforce", "paths"):
        if d is None:
            raise BadParameterError(f"method {method!r} needs a value of d")
        tt = witness(n, r, d, cores)
        res = lemma_bruteforce(tt, q, pass_state) if method == "bruteforce" else lemma_paths(tt, q, pass_state)
        d_out = d
    else:
        raise BadParameterError(f"unknown lemma method {method!r}; choose bruteforce, paths or automaton")
    rec: dict[str, Any] = {
        "check": "lemma",
        "method": method,
        "n": n,
        "r": r,
        "d": d_out,
        "q": q,
        "cores": cores,
        "bound": (q ** (d_out // 2) if d_out is not None and d_out % 2 == 0 else None),
        "passed": res.passed,
        "checked": res.checked,
        "covers": res.covers,
        "status": ("vacuous" if q == 0 else "ok") if res.passed else "failed",
    }
    if res.counterexample is not None:
        rec["counterexample"] = res.counterexample
    if res.identity_all_even_d is not None:
        rec["identity_all_even_d"] = res.identity_all_even_d
        rec["passed"] = res.passed and res.identity_all_even_d
        if cores == "equal":  # PROOFS.md 6.1: rank min(n, r)^(d/2) for every even d
            strong = strong_bound_automaton(first[0], even, last[..., 0], min(n, r), q)
            rec["strong_bound_all_even_d"] = strong.passed
            rec["passed"] = rec["passed"] and strong.passed
        rec["status"] = rec["status"] if rec["passed"] else "failed"
    rec["seconds"] = round(time.perf_counter() - t0, 4)
    return rec


def bruteforce_fits(n: int, r: int, d: int, cores: CoreMode = "equal") -> bool:
    """Whether brute force over ``(i, alpha)`` is within :data:`verify.lemma.BRUTEFORCE_LIMIT`."""
    return witness_q(n, r, cores) ** d * r ** (d - 1) <= BRUTEFORCE_LIMIT
