"""The index lemma: three methods agree on the witness and all detect a broken core."""

import numpy as np
import pytest
from hypothesis import given
from oracles import dense_tensor, whole_matricization

from verify.checks import lemma_record
from verify.lemma import lemma_automaton, lemma_bruteforce, lemma_paths, pattern_holds, strong_bound_automaton
from verify.strategies import witness_params
from verify.tt import equal_core_tt
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
