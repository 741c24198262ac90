"""The index lemma: three methods agree on the witness and all detect a broken core."""

import numpy as np
import pytest
from hypothesis import given

from verify.checks import lemma_record
from verify.lemma import lemma_automaton, lemma_bruteforce, lemma_paths, pattern_holds
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
    from verify.lemma import strong_bound_automaton

    f, g, la = equal_core_witness_cores(n, r)
    res = strong_bound_automaton(f, g, la, min(n, r), min(n, r - 1))
    assert res.passed and res.covers == "all even d >= 2"


@pytest.mark.parametrize("where,condition", [("pair", "A"), ("cross", "B"), ("first", "boundary")])
def test_strong_bound_automaton_detects_broken_cores(where, condition):
    """Each finite condition is checked: break one and the check fails, naming it.  (The conditions
    are sufficient, not necessary: a broken core can still have a unitriangular block.)"""
    from verify.lemma import strong_bound_automaton

    n, r = 3, 3
    f, g, la = (a.copy() for a in equal_core_witness_cores(n, r))
    q = min(n, r - 1)
    if where == "pair":
        g[q, 0, 0] = 2  # loading symbol 0 now has weight 2: the pair (0, 0) returns with weight 2
    elif where == "cross":
        g[0, 1, q] = 1  # data state 0 accepts symbol 1: the pair (0, 1) returns to the pass state
    else:
        f[0, 0] = 0  # the first core no longer acts as the pass state
    res = strong_bound_automaton(f, g, la, min(n, r), q)
    assert not res.passed
    assert (res.counterexample.get("condition") or res.counterexample.get("boundary")) in (condition, "first/last")


@pytest.mark.parametrize("a", [2**26 - 2, 2**26 - 1, 2**26, 2**26 + 1, 2**31], ids=str)
def test_strong_bound_is_exact_at_the_float_edge(a):
    """M = [[a, 1-a], [a+1, -a]] has M^2 = I, by cancellation of terms near a^2.  Around
    a = 2**26 the bound r*max^2 crosses 2**53, where float64 stops carrying integers exactly;
    the check must hold on both sides, and fail when one entry is off by one."""
    from verify.lemma import strong_bound_automaton

    g = np.array([[[a, 1 - a]], [[a + 1, -a]]], dtype=np.int64)  # (r=2, n=1, r=2): M_0 = G[:, 0, :]
    first, last = g[0], g[:, :, 0]
    assert strong_bound_automaton(first, g, last, 1, 0).passed
    bad = g.copy()
    bad[0, 0, 1] -= 1
    assert not strong_bound_automaton(bad[0], bad, bad[:, :, 0], 1, 0).passed
