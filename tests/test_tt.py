"""TT algebra: contraction against brute force, overflow safety, matricization, validation."""

import itertools
import math

import numpy as np
import pytest

from verify.errors import BadParameterError, BadShapeError, MemoryBudgetError
from verify.tt import (
    TensorTrain,
    check_budget,
    contract,
    different_core_tt,
    equal_core_tt,
    half_partition,
    matricize,
    nonzero_paths,
    oddeven_partition,
    sparse_entries,
)


def brute_entry(cores, i):
    """Independent reference: the defining sum over all bond indices, in Python ints."""
    ranks = [g.shape[2] for g in cores[:-1]]
    total = 0
    for alpha in itertools.product(*(range(r) for r in ranks)):
        b = (0, *alpha, 0)
        total += math.prod(int(cores[k][b[k], i[k], b[k + 1]]) for k in range(len(cores)))
    return total


def random_tt(rng, n, r, d, lo=-3, hi=4, equal=False):
    first, last = rng.integers(lo, hi, (n, r)), rng.integers(lo, hi, (r, n))
    if equal:
        return equal_core_tt(first, rng.integers(lo, hi, (r, n, r)), last, d)
    return different_core_tt(first, [rng.integers(lo, hi, (r, n, r)) for _ in range(d - 2)], last)


@pytest.mark.parametrize("n,r,d", [(2, 2, 2), (2, 3, 3), (3, 2, 4), (2, 2, 5)], ids=str)
@pytest.mark.parametrize("equal", [True, False], ids=["equal", "different"])
def test_contract_matches_bruteforce(n, r, d, equal):
    tt = random_tt(np.random.default_rng(n * 100 + r * 10 + d), n, r, d, equal=equal)
    full = contract(tt)
    for i in itertools.product(range(n), repeat=d):
        assert int(full[i]) == brute_entry(tt.cores, i)


def test_contract_mod_p_matches_exact():
    tt = random_tt(np.random.default_rng(7), 3, 3, 5, lo=-50, hi=50)
    exact = contract(tt)
    for p in (2, 3, 101, 2**31 - 1, 2**61 - 1):
        assert np.array_equal(np.asarray(contract(tt, prime=p), dtype=object), np.mod(exact.astype(object), p))


def test_no_int64_wraparound():
    # entries 2**40 in 4 cores: true values ~2**160 need Python ints; int64 would wrap
    big = 2**40
    g = np.full((1, 2, 1), big, dtype=np.int64)
    tt = TensorTrain((g, g, g, g))
    full = contract(tt)
    assert full.dtype == object
    assert full[0, 0, 0, 0] == big**4
    assert contract(tt, prime=1_000_003)[1, 1, 1, 1] == pow(big, 4, 1_000_003)


def test_sparse_entries_and_paths_match_dense():
    tt = random_tt(np.random.default_rng(3), 3, 2, 4, lo=-1, hi=2)
    full = contract(tt)
    sparse = sparse_entries(tt)
    assert sparse == {i: int(full[i]) for i in itertools.product(range(3), repeat=4) if full[i]}
    sums = {}
    for i, _alpha, v in nonzero_paths(tt):
        sums[i] = sums.get(i, 0) + v
    assert {i: v for i, v in sums.items() if v} == sparse


def test_matricize_layout():
    x = np.arange(2 * 3 * 2 * 3).reshape(2, 3, 2, 3)
    m = matricize(x, [0, 2])
    for a, b, c, e in itertools.product(range(2), range(3), range(2), range(3)):
        assert m[a * 2 + c, b * 3 + e] == x[a, b, c, e]
    assert oddeven_partition(5) == ((0, 2, 4), (1, 3))
    assert half_partition(5) == ((0, 1, 2), (3, 4))


@pytest.mark.parametrize(
    "cores,match",
    [
        ((np.ones((2, 2, 1), dtype=np.int64), np.ones((1, 2, 1), dtype=np.int64)), "boundary ranks"),
        ((np.ones((1, 2, 2), dtype=np.int64), np.ones((3, 2, 1), dtype=np.int64)), "does not fit"),
        ((np.ones((1, 2), dtype=np.int64),), "shape"),
    ],
    ids=["boundary", "mismatch", "ndim"],
)
def test_bad_shapes(cores, match):
    with pytest.raises(BadShapeError, match=match):
        TensorTrain(cores)


def test_floats_refused():
    with pytest.raises(TypeError, match="float|integer"):
        TensorTrain((np.ones((1, 2, 1)), np.ones((1, 2, 1))))
    with pytest.raises(TypeError):
        TensorTrain((np.array([[[1]], [[0.5]]], dtype=object).reshape(1, 2, 1), np.ones((1, 2, 1), dtype=int)))


def test_equal_core_tt_shares_core_and_d_validation():
    tt = equal_core_tt(np.ones((2, 3), int), np.ones((3, 2, 3), int), np.ones((3, 2), int), 5)
    assert tt.equal_internal and len(tt.cores) == 5
    with pytest.raises(BadParameterError):
        equal_core_tt(np.ones((2, 3), int), np.ones((3, 2, 3), int), np.ones((3, 2), int), 1)


def test_memory_guard_before_allocation():
    with pytest.raises(MemoryBudgetError, match="exceeds the memory budget"):
        check_budget((10**6, 10**6), 8, "matrix")
    tt = equal_core_tt(np.ones((4, 2), int), np.ones((2, 4, 2), int), np.ones((2, 4), int), 20)
    with pytest.raises(MemoryBudgetError, match="4x4x4"):  # 4**20 entries: refused at once
        contract(tt, budget=2**30)
    with pytest.raises(BadParameterError):
        check_budget((2,), 8, "x", budget=-1)
