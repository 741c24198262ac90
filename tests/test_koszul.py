"""Koszul flattenings (verify/koszul.py): the matrix against a dense construction written apart
(tests/oracles.py), its rank against a second backend, the bound on tensors whose border rank is
known from the literature, and the caps that say which groupings can beat the matricization limit."""

import itertools
import math

import numpy as np
import pytest
from oracles import koszul_dense, rank_mod, rank_q, wedge

from verify.errors import BadParameterError
from verify.generic import random_tt
from verify.koszul import (
    Grouping,
    candidate_groupings,
    family_grouping,
    flattening_cap,
    koszul_bound,
    koszul_cap,
    koszul_limit,
    koszul_matrix,
    koszul_rank,
    koszul_record,
    max_p,
    parse_grouping,
    projected_slices,
    random_quotient,
    wedge_matrices,
)
from verify.rank import rank
from verify.theorem import oddeven_formula
from verify.tt import contract

P = 1_000_003


def _tensor(shape, seed, lo=-4, hi=5):
    return np.random.default_rng(seed).integers(lo, hi, size=shape).astype(object)


# --- the exterior algebra ------------------------------------------------------------------


def _wedge_oracle(m, p):
    """e_i ^ : Lambda^p F^m -> Lambda^(p+1) F^m from the oracle's bubble-sort signs."""
    rows = list(itertools.combinations(range(m), p))
    col = {s: j for j, s in enumerate(itertools.combinations(range(m), p + 1))}
    out = np.zeros((m, len(rows), len(col)), dtype=np.int64)
    for i in range(m):
        for a, s in enumerate(rows):
            sign, sup = wedge(i, s)
            if sign:
                out[i, a, col[sup]] = sign
    return out


@pytest.mark.parametrize("p", [1, 2, 3])
def test_wedge_matrices_are_the_exterior_product(p):
    """The matrices equal the oracle's (bubble-sort signs); e_i ^ e_j ^ . = - e_j ^ e_i ^ . and
    e_i ^ e_i ^ . = 0 from Lambda^(p-1) through Lambda^p; e_i ^ . has rank binom(2p, p) on
    Lambda^p, the number the bound divides by."""
    m = 2 * p + 1
    hi = wedge_matrices(p)
    assert (hi == _wedge_oracle(m, p)).all()
    lo = _wedge_oracle(m, p - 1)
    for i, j in itertools.product(range(m), repeat=2):
        assert (lo[i] @ hi[j] == -(lo[j] @ hi[i])).all()
    for i in range(m):
        assert rank_q(hi[i].tolist()) == math.comb(2 * p, p)


def test_wedge_matrices_bad_p():
    with pytest.raises(BadParameterError, match="p must be"):
        wedge_matrices(0)


# --- the matrix against the dense oracle, the rank against a second backend --------------------

MATRIX_CASES = [
    # (shape, A, B, C, p)
    ((3, 3, 3), (0,), (1,), (2,), 1),
    ((3, 4, 2), (0,), (1,), (2,), 1),
    ((5, 2, 3), (0,), (2,), (1,), 2),
    ((2, 2, 2, 2), (0, 1), (2,), (3,), 1),
    ((2, 2, 2, 2), (0, 3), (1,), (2,), 1),
    ((3, 2, 2, 3), (3,), (0, 2), (1,), 1),
    ((2, 2, 2, 2, 2), (1, 3), (0, 4), (2,), 1),
    ((4, 2, 2), (0,), (1,), (2,), 1),
]


@pytest.mark.parametrize("case", MATRIX_CASES, ids=[f"{c[0]}-A{c[1]}-B{c[2]}-p{c[4]}" for c in MATRIX_CASES])
def test_matrix_equals_the_dense_oracle(case):
    shape, a, b, c, p = case
    t = _tensor(shape, seed=len(shape) + p)
    g = Grouping(a, b, c)
    q = random_quotient(math.prod(shape[j] for j in a), p, seed=3)
    k = koszul_matrix(projected_slices(t, g, q), p)
    ref = koszul_dense(t, a, b, c, q.tolist(), p)
    assert k.tolist() == ref
    # mod P: the same matrix reduced
    kp = koszul_matrix(projected_slices(t, g, q, P), p, P)
    assert (kp == np.array(ref, dtype=object) % P).all()


@pytest.mark.parametrize("case", MATRIX_CASES, ids=[f"{c[0]}-A{c[1]}-B{c[2]}-p{c[4]}" for c in MATRIX_CASES])
def test_rank_against_a_second_backend(case):
    """koszul_rank (FLINT fmpz / nmod) against sympy's rank of the oracle's matrix."""
    shape, a, b, c, p = case
    t = _tensor(shape, seed=7 + p)
    g = Grouping(a, b, c)
    q = random_quotient(math.prod(shape[j] for j in a), p, seed=5)
    ref = koszul_dense(t, a, b, c, q.tolist(), p)
    exact = rank(ref, None, "sympy").rank
    assert koszul_rank(t, g, p, q, None)[0] == exact
    assert koszul_rank(t, g, p, q, P)[0] == rank(ref, P, "sympy").rank <= exact


def test_swapping_b_and_c_keeps_the_rank():
    """The transpose of T_A^p is T_A^p with B and C exchanged, up to the Hodge star on Lambda A'
    (so candidate_groupings keeps one of each pair): checked on random tensors."""
    for seed, (shape, a, b, c, p) in enumerate(MATRIX_CASES):
        t = _tensor(shape, seed)
        q = random_quotient(math.prod(shape[j] for j in a), p, seed)
        assert koszul_rank(t, Grouping(a, b, c), p, q, None)[0] == koszul_rank(t, Grouping(a, c, b), p, q, None)[0]


# --- known border ranks ---------------------------------------------------------------------


def test_generic_3x3x3_gives_strassens_5():
    """A generic 3x3x3 tensor has border rank 5, detected by Strassen's equation (Strassen 1983):
    the 9 x 9 matrix has full rank, ceil(9/2) = 5."""
    t = _tensor((3, 3, 3), seed=11, lo=-50, hi=51)
    value, _ = koszul_rank(t, Grouping((0,), (1,), (2,)), 1, random_quotient(3, 1, 0), None)
    assert (value, koszul_bound(value, 1)) == (9, 5)


def test_matrix_multiplication_2x2():
    """<2,2,2> (4x4x4): border rank 7 (Landsberg, J. AMS 19, 2006); Strassen's equations (Koszul
    with p = 1) certify 3n^2/2 = 6 (Strassen 1983; Landsberg-Ottaviani's 2n^2 - n = 6 at n = 2),
    never more, whatever the quotient."""
    t = np.zeros((4, 4, 4), dtype=object)
    for i, j, k in itertools.product(range(2), repeat=3):
        t[2 * i + j, 2 * j + k, 2 * k + i] = 1
    bounds = set()
    for seed in range(4):
        value, _ = koszul_rank(t, Grouping((0,), (1,), (2,)), 1, random_quotient(4, 1, seed), None)
        bounds.add(koszul_bound(value, 1))
    assert bounds == {6}


def _w_state(d):
    t = np.zeros((2,) * d, dtype=object)
    for j in range(d):
        idx = [0] * d
        idx[j] = 1
        t[tuple(idx)] = 1
    return t


@pytest.mark.parametrize("d", [4, 5])
def test_w_state_border_rank_2(d):
    """The W state has border rank 2 (and rank d): no grouping, no p certifies more than 2, and
    some certifies 2."""
    t = _w_state(d)
    best = 0
    for labels in itertools.product(range(3), repeat=d):
        a, b, c = (tuple(j for j in range(d) if labels[j] == x) for x in range(3))
        if not (a and b and c) or 2 ** len(a) < 3:
            continue
        for p in range(1, min(2, max_p(2 ** len(a))) + 1):
            value, _ = koszul_rank(t, Grouping(a, b, c), p, random_quotient(2 ** len(a), p, 1), None)
            best = max(best, koszul_bound(value, p))
    assert best == 2


@pytest.mark.parametrize("rank_r", range(1, 11))
def test_sums_of_rank_one_terms(rank_r):
    """R random rank-one terms in C^5 (x) C^5 (x) C^5: p = 2 certifies exactly R up to the cap
    ceil(5/3 * 5) = 9 (each term adds binom(4, 2) = 6 to the rank), and never more than R."""
    rng = np.random.default_rng(rank_r)
    t = np.zeros((5, 5, 5), dtype=object)
    for _ in range(rank_r):
        u, v, w = (rng.integers(-5, 6, 5).astype(object) for _ in range(3))
        t = t + np.multiply.outer(np.multiply.outer(u, v), w)
    value, _ = koszul_rank(t, Grouping((0,), (1,), (2,)), 2, random_quotient(5, 2, 0), None)
    assert koszul_bound(value, 2) == min(rank_r, 9)
    assert value <= 6 * rank_r


# --- caps: what a grouping can certify on a tensor train --------------------------------------


@pytest.mark.parametrize("n,r,d", [(3, 3, 3), (3, 2, 5), (4, 3, 5), (3, 3, 4), (2, 3, 5), (5, 4, 3)])
def test_caps_bound_every_grouping_at_a_random_point(n, r, d):
    """At a random point, every grouping's Koszul bound is at most its flattening_cap, and, for
    the groupings outside candidate_groupings, at most the odd/even limit (PROOFS, "CP-rank")."""
    tt = random_tt(n, r, d, "equal", seed=3, prime=P)
    x = contract(tt, P)
    limit = oddeven_formula(n, r, d)
    cands = {(g.A, *sorted((g.B, g.C))) for g in candidate_groupings(d)}
    cands |= {(g.mirrored(d).A, *sorted((g.mirrored(d).B, g.mirrored(d).C))) for g in candidate_groupings(d)}
    for labels in itertools.product(range(3), repeat=d):
        a, b, c = (tuple(j for j in range(d) if labels[j] == k) for k in range(3))
        if not (a and b and c) or b > c or n ** len(a) < 3:
            continue
        g = Grouping(a, b, c)
        for p in range(1, min(2, max_p(n ** len(a))) + 1):
            if 10 * n ** max(len(b), len(c)) > 600:
                continue
            got = koszul_bound(koszul_rank(x, g, p, random_quotient(n ** len(a), p, 0), P)[0], p)
            assert got <= flattening_cap(n, r, d, g, p)
            if (a, *sorted((b, c))) not in cands:
                assert got <= limit


def test_candidate_groupings_cover_every_orbit():
    """Every |A| = 1, |B| = |C| grouping is a candidate, its B/C swap, its mirror, or both."""
    for d in (3, 5, 7):
        k = (d - 1) // 2
        cands = candidate_groupings(d)
        keys = set()
        for g in cands:
            for h in (g, g.swapped(), g.mirrored(d), g.mirrored(d).swapped()):
                keys.add((h.A, h.B, h.C))
        for a in range(d):
            rest = [j for j in range(d) if j != a]
            for b in itertools.combinations(rest, k):
                c = tuple(j for j in rest if j not in b)
                assert ((a,), b, c) in keys
        assert len(set((g.A, g.B, g.C) for g in cands)) == len(cands)
    assert candidate_groupings(4) == [] and len(candidate_groupings(5)) == 9


def test_limit_is_the_enumerated_cap():
    """koszul_limit (closed form) bounds the enumerated cap everywhere, and equals it wherever
    n < r^2 (the only place it matters), for n, r <= 6 and odd d <= 9."""
    for d in (3, 5, 7, 9):
        for n, r in itertools.product(range(1, 7), range(1, 7)):
            cap, limit = koszul_cap(n, r, d)["cap"], koszul_limit(n, r, d)
            if limit is None:
                assert cap == 0
                continue
            assert cap <= limit
            if r >= 2 and n < r * r:
                assert cap == limit, (n, r, d)
    assert koszul_limit(4, 4, 8) is None and koszul_limit(2, 5, 9) is None


def test_family_grouping_attains_the_cap():
    for d in (3, 5, 7, 9):
        for n, r in itertools.product(range(3, 7), range(2, 7)):
            if n < r * r:
                fam = max(flattening_cap(n, r, d, family_grouping(d), p) for p in range(1, max_p(n) + 1))
                assert fam == koszul_cap(n, r, d)["cap"]


def test_koszul_record_at_a_point():
    tt = random_tt(3, 3, 5, "different", seed=1, prime=P)
    rec = koszul_record(tt, family_grouping(5), 1, P)
    assert rec["rank"] == 27 and rec["bound"] == 14 and rec["kind"] == "modular" and rec["shape"] == [27, 27]
    exact = koszul_record(tt, family_grouping(5), 1, None)
    assert exact["kind"] == "exact" and exact["rank"] == 27


def test_bad_input():
    with pytest.raises(BadParameterError, match="split"):
        Grouping((0,), (1,), (1, 2)).validate(3)
    with pytest.raises(BadParameterError, match="A\\|B\\|C"):
        parse_grouping("0,1|2", 3)
    with pytest.raises(BadParameterError, match="dim A"):
        random_quotient(2, 1)
    with pytest.raises(BadParameterError, match="odd d"):
        family_grouping(4)
    with pytest.raises(BadParameterError, match="2p\\+1"):
        koszul_matrix(np.zeros((2, 2, 2), dtype=object), 1)
    with pytest.raises(BadParameterError, match="d <= 15"):
        koszul_cap(3, 3, 17)
    assert rank_mod([[1, 2], [2, 4]], 7) == 1  # (the oracle module's helpers in use here)
