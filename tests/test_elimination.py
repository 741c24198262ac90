"""The float64 elimination over F_p against FLINT, on every kind of matrix that breaks
eliminations, at the edges of its exact range, through numpy and torch."""

import flint
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import verify.elimination as elim
from verify.elimination import chunk, eliminate, max_prime
from verify.errors import BadParameterError
from verify.rank import is_prime, pivots_mod_p, rank
from verify.strategies import EDGE_PRIMES, integer_tt, modular_matrices


def flint_rank(a, p):
    return flint.nmod_mat(a.shape[0], a.shape[1], [int(x) % p for x in a.ravel()], p).rank()


def check_result(a, p, res):
    assert res.rank == flint_rank(a, p)
    assert len(res.rows) == len(res.cols) == res.rank
    assert len(set(res.rows)) == res.rank and res.cols == sorted(set(res.cols))
    if res.rank:
        assert flint_rank(a[np.ix_(res.rows, res.cols)], p) == res.rank  # the pivots are a nonsingular minor


@pytest.fixture(params=["compiled", "python"])
def base_case(request, monkeypatch):
    """numpy's base case: the compiled one (loaded at once) or the Python loop."""
    if request.param == "compiled":
        assert elim.load_kernel() is not None
        monkeypatch.setattr(elim, "KERNEL_AFTER", 0)
    else:
        monkeypatch.setattr(elim, "USE_KERNEL", False)
    return request.param


@pytest.fixture(params=["tiles", "whole"])
def tiling(request, monkeypatch):
    """numpy's large in-place operations: through small tiles (most test matrices are cut into
    many, rows and columns, with a one-column tile now and then taller than the buffer), or whole
    (no test matrix reaches a tile's size)."""
    if request.param == "tiles":
        monkeypatch.setattr(elim, "_TILE", 97)
        monkeypatch.setattr(elim, "_TILE_ROWS", 13)
    else:
        monkeypatch.setattr(elim, "_TILE", 1 << 40)
    return request.param


@given(modular_matrices())
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])  # a setting, not state
def test_numpy_elimination_equals_flint(base_case, tiling, case):
    a, p = case
    check_result(a, p, eliminate(a, p))


@st.composite
def blocks(draw):
    """A narrow block of centred residues (the base case's input) and its prime."""
    p = draw(st.sampled_from(EDGE_PRIMES))
    k, w = draw(st.integers(1, 90)), draw(st.integers(1, 64))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["full", "low", "sparse", "dup"]))
    a = rng.integers(0, p, (k, w))
    if kind == "low":
        r = draw(st.integers(1, min(k, w)))
        a = (rng.integers(0, p, (k, r)) @ rng.integers(0, 3, (r, w))) % p
    elif kind == "sparse":
        a *= rng.random((k, w)) < 0.1
    elif kind == "dup":
        a[rng.integers(0, k, k // 2)] = a[0]
    h = (p - 1) // 2
    return np.where(a > h, a - p, a).astype(np.float64), p


@given(blocks())
@settings(max_examples=150)
def test_compiled_base_case_equals_the_python_loop(case):
    """Same pivots, row order, multipliers, inverse and eliminated block, to the last residue."""
    b, p = case
    ops = elim._Ops(p, np)
    one, two = b.copy(), b.copy()
    t1, cols1, perm1, mult1, linv1 = elim._unblocked(ops, one, True)
    ops.kernel = elim.load_kernel()
    t2, cols2, perm2, mult2, linv2 = elim._unblocked(ops, two, True)
    assert (t1, cols1) == (t2, cols2)
    assert np.array_equal(perm1, perm2)
    assert np.array_equal(np.mod(mult1, p), np.mod(mult2, p))
    assert np.array_equal(np.mod(linv1, p), np.mod(linv2, p))
    assert np.array_equal(np.mod(one, p), np.mod(two, p))
    assert np.abs(mult2).max(initial=0) <= (p - 1) // 2 + 3 and np.abs(two).max(initial=0) <= (p - 1) // 2 + 3


def worst_case_panels(p: int, width: int, panels: int, s: int, others: int) -> np.ndarray:
    """A matrix whose elimination meets the delayed reduction's bound with equality in sign: panel
    ``j`` (columns ``j*width ...``) has ``s`` pivot rows with an identity in its first ``s``
    columns and ``H = (p-1)/2`` in every later non-pivot column; ``others`` further rows are ``H``
    times the sum of all pivot rows.  Each top-level update then subtracts exactly ``s H^2`` from
    every entry of those rows in the non-pivot columns ahead, all with one sign; the rank is
    ``s * panels``."""
    h = (p - 1) // 2
    n = width * panels
    u = np.zeros((s * panels, n), dtype=object)
    for j in range(panels):
        for q in range(s):
            u[s * j + q, j * width + q] = 1
            for jj in range(j, panels):
                u[s * j + q, jj * width + s : (jj + 1) * width] = h
    rest = np.tile(h * u.sum(axis=0), (others, 1))
    return np.vstack([u, rest]) % p


@pytest.mark.parametrize("p", [23543347, 29643737, 33554393], ids=lambda p: f"chunk{chunk(p)}")
def test_delayed_reduction_at_its_bound(base_case, tiling, p):
    """The top level leaves the trailing rows unreduced across panels while the products added
    stay within ``chunk(p)``; here every product is ``H^2`` with one sign, so the bound is met
    exactly: letting two products more through breaks the result at each of these primes, one
    more at some of them (checked by mutating the code)."""
    width = max(elim._BASE, min(elim._PANEL, chunk(p)))
    a = worst_case_panels(p, width, panels=70, s=1, others=30).astype(np.int64)
    res = eliminate(a, p)
    assert res.rank == 70
    check_result(a, p, res)


@given(modular_matrices(max_side=120, max_entries=6000))
@settings(max_examples=25)
def test_torch_elimination_equals_flint(case):
    pytest.importorskip("torch")
    a, p = case
    check_result(a, p, eliminate(a, p, device="cpu"))


def test_exact_range_edge(base_case, tiling):
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
def test_block_boundaries(base_case, tiling, shape):
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
def test_low_rank_at_the_largest_prime(base_case, device):
    """At the largest prime a product of two residues is just below 2^53: every inner dimension
    must be cut to one (a regression: the small triangular inverses once summed 15 products)."""
    if device:
        pytest.importorskip("torch")
    p = max_prime()
    rng = np.random.default_rng(5)
    for k in (3, 5, 9):
        a = rng.integers(-p, p, (40, k)) @ rng.integers(-3, 4, (k, 97))
        check_result(a, p, eliminate(a, p, device=device))


@given(integer_tt(max_n=3, max_r=3, max_d=6, min_value=-(2**40), max_value=2**40))
def test_matricization_residues_equal_the_exact_matricization_mod_p(tt):
    from verify.elimination import matricization_residues
    from verify.tt import matricization

    p = 8388593
    rows = tuple(range(0, tt.d, 2))
    exact = np.asarray(matricization(tt, rows), dtype=object) % p
    got = matricization_residues(tt, rows, p)
    assert got.dtype == np.float64 and np.all(np.abs(got) < p)
    assert np.array_equal(np.asarray(np.rint(got).astype(np.int64), dtype=object) % p, exact)
