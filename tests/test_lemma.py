"""The index lemma: three methods agree on the witness and all detect a broken core."""

import re

import numpy as np
import pytest
from hypothesis import given
from oracles import dense_tensor, whole_matricization

from verify.checks import lemma_record
from verify.errors import BadParameterError
from verify.lemma import (
    LemmaResult,
    lemma_automaton,
    lemma_bruteforce,
    lemma_paths,
    pattern_holds,
    strong_bound_automaton,
)
from verify.strategies import witness_params
from verify.tt import equal_core_tt, nonzero_paths
from verify.witness import equal_core_witness, equal_core_witness_cores


@pytest.mark.parametrize(
    "n,r,d", [(2, 3, 2), (2, 3, 4), (2, 3, 5), (3, 4, 4), (2, 4, 6), (1, 2, 4), (3, 3, 4)], ids=str
)
def test_methods_agree_on_witness(n, r, d):
    tt = equal_core_witness(n, r, d)
    q = min(n, r - 1)
    b, p = lemma_bruteforce(tt, q, q), lemma_paths(tt, q, q)
    assert b.passed and p.passed
    f, g, la = equal_core_witness_cores(n, r)
    a = lemma_automaton(f, g, g, la, q, q)
    assert a.passed and a.identity_all_even_d and a.covers.startswith("all d")


def broken(n, r, where):
    f, g, la = equal_core_witness_cores(n, r)
    q = min(n, r - 1)
    f, g = f.copy(), g.copy()
    if where == "first":
        f[0, 1] = 1  # i = 0 may go to state 1
    elif where == "even":
        g[0, 0, 1] = 1  # data state 0 may go to a data state
    elif where == "odd":
        g[q, 0, q] = 1  # pass state may stay in the pass state
    return f, g, la, q


@pytest.mark.parametrize("where,d", [("first", 4), ("even", 5), ("odd", 5)])
def test_every_method_detects_violation(where, d):
    """Each broken transition lies on a nonzero path at the d given (at other d the last core
    can kill it: only the automaton, which checks every transition, sees it for all d)."""
    f, g, la, q = broken(3, 4, where)
    tt = equal_core_tt(f, g, la, d)
    assert not lemma_bruteforce(tt, q, q).passed
    assert not lemma_paths(tt, q, q).passed
    res = lemma_automaton(f, g, g, la, q, q)
    assert not res.passed and res.counterexample["transition"] == where


def test_pattern_holds():
    assert pattern_holds((1, 1, 0, 0), (1, 9, 0), 9)
    assert not pattern_holds((1, 1, 0, 0), (1, 1, 0), 9)


def test_records():
    rec = lemma_record(3, 4, None, "automaton")
    assert rec["passed"] and rec["covers"] == "all d >= 2" and rec["d"] is None
    assert lemma_record(3, 4, 8, "paths")["checked"] == 3**4  # one nonzero path per block entry
    assert lemma_record(2, 1, 4, "paths")["status"] == "vacuous"
    assert lemma_record(3, 5, None, "automaton", "different")["passed"]


@given(witness_params(max_n=8, max_r=9, max_d=20, max_block=5000))
def test_lemma_property(p):
    """The lemma, by nonzero paths, for arbitrary valid (n, r, even d); and the automaton."""
    n, r, d = p
    q = min(n, r - 1)
    assert lemma_paths(equal_core_witness(n, r, d), q, q).passed
    f, g, la = equal_core_witness_cores(n, r)
    res = lemma_automaton(f, g, g, la, q, q)
    assert res.passed and res.identity_all_even_d


@pytest.mark.parametrize("n,r", [(1, 1), (2, 2), (3, 3), (5, 3), (2, 5), (4, 6), (6, 2)], ids=str)
def test_strong_bound_automaton_on_witness(n, r):

    f, g, la = equal_core_witness_cores(n, r)
    res = strong_bound_automaton(f, g, la, min(n, r), min(n, r - 1))
    assert res.passed and res.covers == "all even d >= 2"


@pytest.mark.parametrize("a", [2**26 - 2, 2**26 - 1, 2**26, 2**26 + 1, 2**31], ids=str)
def test_strong_bound_is_exact_at_the_float_edge(a):
    """M = [[a, 1-a], [a+1, -a]] has M^2 = I, by cancellation of terms near a^2.  Around
    a = 2**26 the bound r*max^2 crosses 2**53, where float64 stops carrying integers exactly;
    the check must hold on both sides, and fail when one entry is off by one."""

    g = np.array([[[a, 1 - a]], [[a + 1, -a]]], dtype=np.int64)  # (r=2, n=1, r=2): M_0 = G[:, 0, :]
    first, last = g[0], g[:, :, 0]
    assert strong_bound_automaton(first, g, last, 1, 0).passed
    bad = g.copy()
    bad[0, 0, 1] -= 1
    assert not strong_bound_automaton(bad[0], bad, bad[:, :, 0], 1, 0).passed


# --- the identity values, and conditions A and B, broken one at a time ------------------------


def block_of(first, internal, last, d, q):
    """The odd/even matricization of the equal-core tensor on range(q)^d, from the dense tensor
    computed entry by entry (tests/oracles.py), rows (i_1, i_3, ...) and columns (i_2, i_4, ...)."""
    t = dense_tensor(first.tolist(), [internal.tolist()] * (d - 2), last.tolist())[(slice(0, q),) * d]
    return np.array(whole_matricization(t, range(0, d, 2), range(1, d, 2)), dtype=object)


BROKEN_VALUES = [
    # (which identity value, the entry set to 2 instead of 1): the transitions are unchanged
    ("first", lambda f, g, la, q: f.__setitem__((1, 1), 2)),  # G_1[i, i] = 1
    ("even", lambda f, g, la, q: g.__setitem__((0, 0, q), 2)),  # G[a, i, pass] = [a = i]
    ("odd", lambda f, g, la, q: g.__setitem__((q, 1, 1), 2)),  # G[pass, i, i] = 1
    ("last", lambda f, g, la, q: la.__setitem__((1, 1), 2)),  # G_d[a, i] = [a = i]
    ("odd-minus", lambda f, g, la, q: g.__setitem__((q, 0, 0), -1)),
]


@pytest.mark.parametrize("where,brk", BROKEN_VALUES, ids=[b[0] for b in BROKEN_VALUES])
def test_automaton_identity_false_when_one_value_breaks(where, brk):
    """One identity value 2 (or -1) instead of 1: the index lemma still holds (same nonzero
    transitions: passed), but the identity for every even d does not: ``identity_all_even_d`` is
    False, and the dense block at d = 4 is indeed not the identity (independent oracle)."""
    n, r = 3, 4
    f, g, la = (a.copy() for a in equal_core_witness_cores(n, r))
    q = min(n, r - 1)
    brk(f, g, la, q)
    res = lemma_automaton(f, g, g, la, q, q)
    assert res.passed and res.identity_all_even_d is False
    assert not np.array_equal(block_of(f, g, la, 4, q), np.eye(q**2, dtype=int))
    if where != "last":  # without the last core, the values of first and internal still count
        assert lemma_automaton(f, g, g, None, q, q).identity_all_even_d is False
    else:
        assert lemma_automaton(f, g, g, None, q, q).identity_all_even_d is True


def test_automaton_identity_true_matches_the_dense_block():
    """The unbroken witness: identity for every even d, and the dense block is the identity at d = 2, 4, 6."""
    f, g, la = equal_core_witness_cores(3, 4)
    res = lemma_automaton(f, g, g, la, 3, 3)
    assert res.passed and res.identity_all_even_d is True and res.covers == "all d >= 2"
    for d in (2, 4, 6):
        assert np.array_equal(block_of(f, g, la, d, 3), np.eye(3 ** (d // 2), dtype=int))


def consistent(g, m, p):
    """First and last cores that satisfy the boundary conditions for the internal core ``g``:
    first = the pass-state row G[P, :, :], last = the pass-state column G[:, :, P]."""
    return g[p].copy(), g[:, :, p].copy()


def unitriangular(block, m, p, d):
    """The block is unitriangular when the symbol p is ordered first (words compared lexicographically)."""
    import itertools

    words = list(itertools.product(range(m), repeat=d // 2))
    order = sorted(range(len(words)), key=lambda k: tuple(-1 if x == p else x for x in words[k]))
    b = block[np.ix_(order, order)]
    return all(b[i, i] == 1 for i in range(len(words))) and not np.tril(b, -1).any()


@pytest.mark.parametrize(
    "name,brk,condition",
    [
        ("pair", lambda g, q: g.__setitem__((q, 0, 0), 2), {"condition": "A", "x": 0}),
        ("pair-wrong-state", lambda g, q: g.__setitem__((0, 0, 1), 1), {"condition": "A", "x": 0}),
        ("cross", lambda g, q: g.__setitem__((1, 0, q), 1), {"condition": "B", "x": 1, "y": 0}),
    ],
    ids=["A-weight", "A-state", "B"],
)
def test_strong_bound_conditions_a_and_b_fail_with_consistent_boundaries(name, brk, condition):
    """Break condition A or B in the internal core and rebuild first and last from it, so that the
    boundary check holds: the check fails naming exactly that condition and symbol, and the dense
    block at d = 2 and 4 is indeed not unitriangular in the pass-first order (independent oracle)."""
    n, r = 3, 3
    _, g, _ = equal_core_witness_cores(n, r)
    g = g.copy()
    q, m = min(n, r - 1), min(n, r)
    brk(g, q)
    f, la = consistent(g, m, q)
    res = strong_bound_automaton(f, g, la, m, q)
    assert not res.passed and res.counterexample == condition
    assert any(not unitriangular(block_of(f, g, la, d, m), m, q, d) for d in (2, 4))


def test_strong_bound_boundary_conditions_fail_alone():
    """First or last core off the pass row/column, the internal core untouched: 'first/last', with the symbol."""
    f, g, la = (a.copy() for a in equal_core_witness_cores(3, 3))
    ok = strong_bound_automaton(f, g, la, 3, 2)
    assert ok.passed and ok.checked == 2 * 3 + 9
    f[1, 0] = 1
    assert strong_bound_automaton(f, g, la, 3, 2).counterexample == {"boundary": "first/last", "i": 1}
    f, la = equal_core_witness_cores(3, 3)[0], la.copy()
    la[0, 2] = 1
    assert strong_bound_automaton(f, g, la, 3, 2).counterexample == {"boundary": "first/last", "i": 2}


# --- whole results: the counts of what each method examined, by hand -------------------------


def broken_first(n=3, r=4):
    f, g, la = (a.copy() for a in equal_core_witness_cores(n, r))
    f[0, 1] = 1  # i = 0 may also go to state 1
    return f, g, la


def test_bruteforce_results():
    """(3, 4, d = 4): 3^4 indices times 4^3 bond values = 5184 pairs.  With the first core also
    sending 0 to state 1 the first violation in product order is i = (0, 1, 0, 0) (the first i
    with i_1 = 1: state 1 needs symbol 1 next), alpha = (1, 3, 0): pair 9 * 64 + (1*16 + 3*4 + 0) + 1."""
    assert lemma_bruteforce(equal_core_witness(3, 4, 4), 3, 3) == LemmaResult("bruteforce", True, 5184, "d = 4")
    tt = equal_core_tt(*broken_first(), 4)
    assert lemma_bruteforce(tt, 3, 3) == LemmaResult(
        "bruteforce", False, 605, "d = 4", {"i": [0, 1, 0, 0], "alpha": [1, 3, 0]}
    )
    assert lemma_bruteforce(equal_core_witness(3, 4, 4), 3, 3, limit=5184).passed
    message = "brute force over 5184 (i, alpha) pairs exceeds its limit of 5183; use method 'paths'"
    with pytest.raises(BadParameterError, match=f"^{re.escape(message)}$"):
        lemma_bruteforce(equal_core_witness(3, 4, 4), 3, 3, limit=5183)


def test_paths_results():
    """The witness (3, 4, d = 4) has one nonzero path per block entry: 9.  The broken train fails at
    a nonzero path breaking the pattern, counted in the order of verify.tt.nonzero_paths."""
    assert lemma_paths(equal_core_witness(3, 4, 4), 3, 3) == LemmaResult("paths", True, 9, "d = 4")
    tt = equal_core_tt(*broken_first(), 4)
    res = lemma_paths(tt, 3, 3)
    assert (res.method, res.passed, res.covers) == ("paths", False, "d = 4")
    i, alpha = tuple(res.counterexample["i"]), tuple(res.counterexample["alpha"])
    assert not pattern_holds(i, alpha, 3)
    cores = [c.tolist() for c in tt.cores]
    bonds = (0, *alpha, 0)
    assert all(cores[k][bonds[k]][i[k]][bonds[k + 1]] for k in range(4))  # a nonzero path
    order = [(tuple(a), tuple(b)) for a, b, _ in nonzero_paths(tt, 3)]
    assert res.checked == order.index((i, alpha)) + 1


def test_paths_limit_is_exact():
    """(4, 4, d = 4) restricted to q = 3 indices: at most 9 partial paths at any depth (3, 3, 9, 9);
    over all 4 indices there would be 19."""
    tt = equal_core_witness(4, 4, 4)
    assert lemma_paths(tt, 3, 3, limit=9).passed
    message = "the 9 nonzero partial paths exceed the limit of 8 of method 'paths'; "
    message += "use method 'automaton' (it covers every d)"
    with pytest.raises(BadParameterError, match=f"^{re.escape(message)}$"):
        lemma_paths(tt, 3, 3, limit=8)


def test_automaton_results():
    """The witness (3, 4): 3 nonzero transitions each of first, even, odd (q = 3): 9 checked.  A
    violation stops the scan in row-major order: first core row 0, entries 0 and 1 (2 checked);
    even (data state 0, symbol 0): after the 3 of first, entries 1 then 3 of that row (3 + 1);
    odd (pass state, symbol 0): after 3 + 3, entries 0 then 3 (6 + 2)."""
    f, g, la = equal_core_witness_cores(3, 4)
    assert lemma_automaton(f, g, g, la, 3, 3) == LemmaResult("automaton", True, 9, "all d >= 2", None, True)
    assert lemma_automaton(f[None], g, g, la, 3, 3) == lemma_automaton(f, g, g, la, 3, 3)  # a (1, n, r) first core
    cases = {
        "first": (2, {"transition": "first", "i": 0, "to": 1}),
        "even": (4, {"transition": "even", "from": 0, "i": 0, "to": 1}),
        "odd": (8, {"transition": "odd", "from": 3, "i": 0, "to": 3}),
    }
    for where, (checked, counterexample) in cases.items():
        bf, bg, bla, q = broken(3, 4, where)
        assert lemma_automaton(bf, bg, bg, bla, q, q) == LemmaResult(
            "automaton", False, checked, "all d >= 2", counterexample
        )
    f2 = f.copy()
    f2[1, 2] = f2[1, 3] = 1  # row 0: 1 entry; row 1: entries 1 (right), 2 (the violation): 1 + 2 checked
    assert lemma_automaton(f2, g, g, la, 3, 3) == LemmaResult(
        "automaton", False, 3, "all d >= 2", {"transition": "first", "i": 1, "to": 2}
    )
    f1, g1, l1 = equal_core_witness_cores(3, 1)
    assert lemma_automaton(f1, g1, g1, l1, 0, 0) == LemmaResult(
        "automaton", True, 0, "all d >= 2 (vacuous: q = 0)", None, True
    )


def test_odd_witness_automaton_results():
    """(3, 5), q = 3: the lemma's 9 transitions, then last[pass, i] = [i = 0] for i < 3."""
    from verify.lemma import odd_witness_automaton
    from verify.witness import odd_d_witness

    f, g, _ = equal_core_witness_cores(3, 5)
    last = odd_d_witness(3, 5, 3).cores[-1][..., 0]
    assert odd_witness_automaton(f, g, last, 3, 3) == LemmaResult("odd-automaton", True, 12, "all odd d >= 3")
    assert odd_witness_automaton(f, g, last[..., None], 3, 3).passed  # the TT layout (r, n, 1)
    for i, value in ((0, 0), (1, 1), (2, 5)):
        bad = last.copy()
        bad[3, i] = value
        assert odd_witness_automaton(f, g, bad, 3, 3) == LemmaResult(
            "odd-automaton", False, 9 + i + 1, "all odd d >= 3", {"last": [3, i]}
        )
    f2 = f.copy()
    f2[1, 1] = 2  # the transitions hold, an identity value does not
    assert odd_witness_automaton(f2, g, last, 3, 3) == LemmaResult(
        "odd-automaton", False, 9, "all odd d >= 3", {"values": "first/internal"}
    )
    f3 = f.copy()
    f3[0, 1] = 1  # a transition breaks: the lemma's counterexample
    assert odd_witness_automaton(f3, g, last, 3, 3) == LemmaResult(
        "odd-automaton", False, 2, "all odd d >= 3", {"transition": "first", "i": 0, "to": 1}
    )


def test_strong_bound_results():
    """checked: 2 per symbol of the boundary rows up to the failing one; then 2m, plus the pairs in
    row-major order up to the failing one (x m + y + 1); all 2m + m^2 when it holds."""
    f, g, la = equal_core_witness_cores(3, 3)
    covers = "all even d >= 2"
    assert strong_bound_automaton(f, g, la, 3, 2) == LemmaResult("strong-automaton", True, 15, covers)
    bf = f.copy()
    bf[1, 0] = 1
    assert strong_bound_automaton(bf, g, la, 3, 2) == LemmaResult(
        "strong-automaton", False, 4, covers, {"boundary": "first/last", "i": 1}
    )
    for name, brk, condition, checked in (
        ("A-weight", lambda g: g.__setitem__((2, 0, 0), 2), {"condition": "A", "x": 0}, 7),
        ("B", lambda g: g.__setitem__((1, 0, 2), 1), {"condition": "B", "x": 1, "y": 0}, 10),
        ("A-second", lambda g: g.__setitem__((1, 1, 0), 1), {"condition": "A", "x": 1}, 11),
    ):
        bg = g.copy()
        brk(bg)
        first, last = consistent(bg, 3, 2)
        assert strong_bound_automaton(first, bg, last, 3, 2) == LemmaResult(
            "strong-automaton", False, checked, covers, condition
        ), name
    for k, name in ((0, "first core"), (1, "internal core"), (2, "last core")):
        args = [f, g, la]
        args[k] = args[k].astype(float)
        with pytest.raises(TypeError, match=f"^{name} must be an integer array"):
            strong_bound_automaton(*args, 3, 2)


@pytest.mark.parametrize(
    "r,big,carrier",
    [
        (2, 2**26 - 1, np.float64),  # 2 (2^26 - 1)^2 < 2^53
        (2, 2**26, np.int64),  # = 2^53
        (8, 2**25 - 1, np.float64),  # 8 (2^25 - 1)^2 < 2^53
        (8, 2**25, np.int64),  # = 2^53: r counts
        (1, 2**31 - 1, np.int64),  # < 2^62
        (1, 2**31, object),  # = 2^62
        (1, 0, np.float64),
    ],
    ids=str,
)
def test_exact_carrier_edges(r, big, carrier):
    """The carrier of the strong-bound products, by hand: every partial sum is at most r max|G|^2
    (float64 below 2^53, int64 below 2^62, Python integers beyond)."""
    from verify.lemma import _exact_carrier

    g = np.zeros((r, 2, r), dtype=object)
    g[r - 1, 1, 0] = -big  # the largest entry, negative
    assert _exact_carrier(g) is carrier


def test_strong_bound_exact_where_floats_fail():
    """M = Q diag(1, 1, -1) Q^-1 (Q unimodular): M^2 = I exactly, entries up to 2^40; in float64
    the first row of M^2 comes out [0, -96, 0].  With the one symbol M (pass state 0, first and last
    the pass row and column) the conditions hold, and the check must say so: the carrier is exact."""
    m = np.array(
        [[161639633, -6627224912, -1091992], [0, 1, 0], [23926339164, -980979905724, -161639633]], dtype=object
    )
    assert (m.dot(m) == np.eye(3, dtype=object)).all()
    mf = m.astype(np.float64)
    assert (mf[0] @ mf).tolist() != [1.0, 0.0, 0.0]  # why floats will not do here
    g = m[:, None, :]  # (r = 3, n = 1, r = 3)
    assert strong_bound_automaton(g[0], g, g[:, :, 0], 1, 0) == LemmaResult(
        "strong-automaton", True, 3, "all even d >= 2"
    )


def test_strong_bound_other_layouts_and_budget():
    """A (1, n, r) first core with n != r; the (m, m, r) products of 8 bytes at the budget's edge
    (m = 3, r = 4: 288 bytes)."""
    from verify.errors import MemoryBudgetError
    from verify.tt import get_memory_budget, set_memory_budget

    f, g, la = equal_core_witness_cores(3, 4)
    assert strong_bound_automaton(f[None], g, la, 3, 3) == strong_bound_automaton(f, g, la, 3, 3)
    old = get_memory_budget()
    try:
        set_memory_budget(288)
        assert strong_bound_automaton(f, g, la, 3, 3).passed
        set_memory_budget(287)
        with pytest.raises(MemoryBudgetError, match="^strong-bound products of shape 3x3x4 "):
            strong_bound_automaton(f, g, la, 3, 3)
    finally:
        set_memory_budget(old)


def test_automaton_names_a_violation_beyond_the_first_data_state():
    """Data state 1 reading symbol 1 may go to state 0 (not only to the pass state): the violation
    is at row 1 * q + 1 of the even transitions, reported as from 1, i 1, to 0."""
    f, g, la = (a.copy() for a in equal_core_witness_cores(3, 4))
    g[1, 1, 0] = 1
    res = lemma_automaton(f, g, g, la, 3, 3)
    assert res.counterexample == {"transition": "even", "from": 1, "i": 1, "to": 0}
    assert res.checked == 3 + 1 + 1  # first's 3, then row 0's one entry, then (1, 1) -> 0
