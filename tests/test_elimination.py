"""The float64 elimination over F_p against FLINT, on every kind of matrix that breaks
eliminations, at the edges of its exact range, through numpy and torch."""

import flint
import numpy as np
import pytest
from hypothesis import given, settings

from verify.elimination import chunk, eliminate, max_prime
from verify.errors import BadParameterError
from verify.rank import is_prime, pivots_mod_p, rank
from verify.strategies import modular_matrices


def flint_rank(a, p):
    return flint.nmod_mat(a.shape[0], a.shape[1], [int(x) % p for x in a.ravel()], p).rank()


def check_result(a, p, res):
    assert res.rank == flint_rank(a, p)
    assert len(res.rows) == len(res.cols) == res.rank
    assert len(set(res.rows)) == res.rank and res.cols == sorted(set(res.cols))
    if res.rank:
        assert flint_rank(a[np.ix_(res.rows, res.cols)], p) == res.rank  # the pivots are a nonsingular minor


@given(modular_matrices())
@settings(max_examples=60)
def test_numpy_elimination_equals_flint(case):
    a, p = case
    check_result(a, p, eliminate(a, p))


@given(modular_matrices(max_side=120, max_entries=6000))
@settings(max_examples=25)
def test_torch_elimination_equals_flint(case):
    pytest.importorskip("torch")
    a, p = case
    check_result(a, p, eliminate(a, p, device="cpu"))


def test_exact_range_edge():
    top = max_prime()
    assert is_prime(top) and chunk(top) >= 1
    nxt = top + 1
    while not is_prime(nxt):
        nxt += 1
    assert chunk(nxt) == 0
    rng = np.random.default_rng(1)
    a = rng.integers(0, top, (90, 70))  # every product near 2^55 before reduction: exactness is tested
    check_result(a, top, eliminate(a, top))
    with pytest.raises(BadParameterError, match="exact for primes up to"):
        eliminate(a, nxt)
    with pytest.raises(BadParameterError, match="exact for primes up to"):
        rank(a, prime=2**31 - 1, backend="blas")


@pytest.mark.parametrize("shape", [(1, 1), (1, 300), (300, 1), (17, 16), (16, 17), (257, 260), (520, 300)], ids=str)
def test_block_boundaries(shape):
    rng = np.random.default_rng(shape[0] * 1000 + shape[1])
    p = 8388593
    for a in (rng.integers(0, p, shape), rng.integers(0, 2, shape) * rng.integers(0, p, shape)):
        check_result(a, p, eliminate(a, p))


def test_interrupt_between_blocks():
    calls = []

    def check():
        calls.append(1)
        if len(calls) > 3:
            raise KeyboardInterrupt

    a = np.random.default_rng(0).integers(0, 8388593, (600, 600))
    with pytest.raises(KeyboardInterrupt):
        eliminate(a, 8388593, check=check)
    assert len(calls) == 4


def test_auto_and_pivots():
    a = np.random.default_rng(2).integers(0, 8388593, (400, 350))
    assert rank(np.tile(a, (4, 5)), 8388593, "auto").backend == "blas"
    assert rank(a, 2**31 - 1, "auto").backend == "flint"
    assert rank(a[:20, :20], 8388593, "auto").backend == "flint"
    rows, cols = pivots_mod_p(a, 8388593, "blas")
    assert len(rows) == 350 and flint_rank(a[np.ix_(rows, cols)], 8388593) == 350


@pytest.mark.parametrize("device", [None, "cpu"])
def test_low_rank_at_the_largest_prime(device):
    """At the largest prime a product of two residues is just below 2^53: every inner dimension
    must be cut to one (a regression: the small triangular inverses once summed 15 products)."""
    if device:
        pytest.importorskip("torch")
    p = max_prime()
    rng = np.random.default_rng(5)
    for k in (3, 5, 9):
        a = rng.integers(-p, p, (40, k)) @ rng.integers(-3, 4, (k, 97))
        check_result(a, p, eliminate(a, p, device=device))
