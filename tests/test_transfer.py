"""The transfer matrix and the transfer-invertible subspaces, against independent computations.

The reference for "transfer-invertible" here is not the transfer matrix: it is the equivalent
condition of PROOFS.md §6.3, (V (x) R^r) and (R^r (x) V^perp) meet only in 0, computed as a
dimension count with exact ranks over Q (sympy), so each lemma is checked by a second route.
"""

import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracles import naive_transfer
from sympy import Matrix

from verify.errors import BadParameterError, BadShapeError
from verify.rank import rank
from verify.transfer import transfer_entries, transfer_matrix, transfer_rank, transfer_subspace


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test builds its spaces afresh: verify.transfer caches the recursion (_build), and a
    test must not pass on spaces another test (or an earlier run in the same process) built."""
    import verify.transfer as tr

    tr._build.cache_clear()
    yield


def meets_only_in_zero(basis):
    """Second route: dim((V x R^r) + (R^r x V^perp)) == r^3, exact over Q (sympy)."""
    basis = [np.asarray(b, dtype=object) for b in basis]
    r = basis[0].shape[0]
    flat = Matrix([[int(v) for v in b.ravel()] for b in basis])
    perp = [np.array(list(v), dtype=object).reshape(r, r) for v in flat.nullspace()]
    gens = []
    for b in basis:  # z[beta, gamma, delta] = b[beta, gamma] [delta = e]
        for e in range(r):
            z = np.zeros((r, r, r), dtype=object)
            z[:, :, e] = b
            gens.append(list(z.ravel()))
    for w in perp:  # z[beta, gamma, delta] = [beta = e] w[gamma, delta]
        for e in range(r):
            z = np.zeros((r, r, r), dtype=object)
            z[e] = w
            gens.append(list(z.ravel()))
    if len(gens) != r**3:  # the basis is dependent: V x R^r is smaller than stated
        return False
    return Matrix(gens).rank() == r**3


def is_ti(basis):
    basis = np.asarray(basis)
    return transfer_rank(basis) == basis.shape[0] * basis.shape[1]


def small_bases(max_m=4, max_r=3, lo=-2, hi=2, min_r=1):
    @st.composite
    def strat(draw):
        r = draw(st.integers(min_r, max_r))
        m = draw(st.integers(1, min(max_m, r * r)))
        vals = draw(st.lists(st.integers(lo, hi), min_size=m * r * r, max_size=m * r * r))
        return np.array(vals, dtype=np.int64).reshape(m, r, r)

    return strat()


@given(small_bases())
def test_transfer_matrix_matches_naive(basis):
    t = transfer_matrix(basis)
    assert t.tolist() == naive_transfer(basis.tolist())
    shape, rows = transfer_entries(basis)
    dense = np.zeros(shape, dtype=np.int64)
    for i, row in rows.items():
        for j, v in row.items():
            dense[i, j] = v
    assert np.array_equal(dense, t)


def test_transfer_matrix_is_exact_beyond_int64():
    """Entries near 2**40: products near 2**80 would wrap int64; the exact path is taken."""
    rng = np.random.default_rng(1)
    basis = rng.integers(2**40 - 100, 2**40, size=(2, 3, 3), dtype=np.int64)
    assert transfer_matrix(basis).tolist() == naive_transfer(basis.tolist())


@given(small_bases(max_m=5, max_r=3, lo=-1, hi=1))
def test_transfer_rank_backends_agree(basis):
    """Sparse sympy GF(p), dense FLINT nmod and exact sympy over Q agree on these small cases."""
    import verify.transfer as tr

    t = transfer_matrix(basis)
    exact = Matrix(t.tolist()).rank()
    old = tr.SPARSE_DENSITY
    try:
        tr.SPARSE_DENSITY = 2.0  # force sparse
        sparse = transfer_rank(basis)
        tr.SPARSE_DENSITY = -1.0  # force dense
        dense = transfer_rank(basis)
    finally:
        tr.SPARSE_DENSITY = old
    assert sparse == dense == exact


@given(small_bases(max_m=4, max_r=3, lo=-1, hi=1))
@settings(max_examples=40)
def test_transfer_criterion_equals_intersection_criterion(basis):
    """T invertible <=> (V x R^r) and (R^r x V^perp) meet only in 0 (PROOFS.md §6.3)."""
    assert is_ti(basis) == meets_only_in_zero(basis)


@pytest.mark.parametrize("r", range(1, 9))
def test_every_dimension_is_built(r):
    for m in range(1, r * r + 1):
        s = transfer_subspace(m, r)
        assert s.basis.shape == (m, r, r) and s.dim == m
        assert set(np.unique(s.basis)) <= {-1, 0, 1}
        assert rank(s.basis.reshape(m, r * r)).rank == m  # linearly independent
        assert is_ti(s.basis), (m, r, s.construction)


@pytest.mark.parametrize("m,r", [(m, r) for r in (1, 2, 3) for m in range(1, r * r + 1)], ids=str)
def test_built_spaces_pass_the_second_route(m, r):
    assert meets_only_in_zero(transfer_subspace(m, r).basis)


def test_constructions_use_every_lemma():
    hows = {transfer_subspace(m, r).construction for r in range(1, 7) for m in range(1, r * r + 1)}
    text = " ".join(hows)
    for lemma in ("unit", "full", "star", "sum(", "dual("):
        assert lemma in text


def test_breaking_the_basis_breaks_invertibility():
    s = transfer_subspace(7, 3)
    bad = s.basis.copy()
    bad[-1] = bad[0] + bad[1]  # dependent: T has two proportional block rows
    assert not is_ti(bad)
    bad = s.basis.copy()
    bad[2] = 0
    assert not is_ti(bad)


# --- each lemma of PROOFS.md §6.3 on random inputs, by the second route -------------------


def star_plus(r, w):
    """Star({0}) in M_r plus W placed on the coordinates 1..r-1."""
    out = []
    for b in range(r):
        e = np.zeros((r, r), dtype=np.int64)
        e[0, b] = e[b, 0] = 1
        out.append(e)
    for x in w:
        e = np.zeros((r, r), dtype=np.int64)
        e[1:, 1:] = x
        out.append(e)
    return np.array(out)


@given(st.data())
@settings(max_examples=30)
def test_star_lemma(data):
    r = data.draw(st.integers(2, 4))
    m = data.draw(st.integers(1, (r - 1) ** 2))
    w = np.array(data.draw(st.lists(st.integers(-1, 1), min_size=m * (r - 1) ** 2, max_size=m * (r - 1) ** 2)))
    w = w.reshape(m, r - 1, r - 1)
    assert is_ti(star_plus(r, w)) == is_ti(w)


@given(small_bases(max_m=3, max_r=3, lo=-1, hi=1, min_r=2))  # r = 1: m = r^2, no dual to compare
@settings(max_examples=40)
def test_duality_lemma(basis):
    m, r, _ = basis.shape
    flat = Matrix(basis.reshape(m, r * r).tolist())
    assume(flat.rank() == m and m < r * r)  # a basis of a proper subspace
    dual = np.array([np.array(list(v), dtype=object).reshape(r, r).T for v in flat.nullspace()])
    den = [int(np.lcm.reduce([int(x.q) for x in d.ravel()])) for d in dual]
    dual = np.array([np.array([int(x * c) for x in d.ravel()]).reshape(r, r) for d, c in zip(dual, den)])
    assert is_ti(basis) == is_ti(dual)


@given(small_bases(max_m=3, max_r=2, lo=-1, hi=1), small_bases(max_m=3, max_r=3, lo=-1, hi=1))
@settings(max_examples=40)
def test_direct_sum_lemma(a, b):
    m = min(a.shape[0], b.shape[0])
    a, b = a[:m], b[:m]
    ra, rb = a.shape[1], b.shape[1]
    s = np.zeros((m, ra + rb, ra + rb), dtype=np.int64)
    s[:, :ra, :ra], s[:, ra:, ra:] = a, b
    assert is_ti(s) == (is_ti(a) and is_ti(b))


@pytest.mark.parametrize("k", [[[1, 0], [0, 1]], [[0, 1], [-1, 0]], [[1, 1], [0, 0]], [[0, 0], [0, 0]]])
def test_one_dimensional_spaces(k):
    """span{K} is transfer-invertible iff K is invertible (T = K^2)."""
    assert is_ti([k]) == (rank(k).rank == 2)


# --- the constructions by name, the core layout, guards and edges -----------------------------


@pytest.mark.parametrize(
    "m,r,how",
    [
        (4, 2, "full"),  # m = r^2
        (1, 3, "unit"),
        (3, 3, "star"),  # m = r
        (3, 2, "star+(full)"),  # 2 <= 3 <= r^2 - r + 1: Star({0}) plus dimension 1 for r = 1, all of M_1
        (5, 3, "star+(star)"),  # 5 - 3 = 2 = r - 1
        (2, 3, "dual(star+(full))"),  # m = 2, r = 3: no direct sum (2 > 1^2), dual of 7
        (8, 3, "dual(unit)"),  # r^2 - r + 1 < m < r^2: dual of 1
        (2, 4, "sum(star, star)"),  # m < r, m <= 2^2: the spaces of dimension 2 for r = 2 and 2
        (4, 5, "sum(full, star+(unit))"),  # m = a^2 = 4 < r = 5: for r = 2 (full) and 3 (star + unit)
    ],
    ids=str,
)
def test_constructions_by_hand(m, r, how):
    """Which lemma builds each space (the recursion of transfer_subspace, followed by hand)."""
    s = transfer_subspace(m, r)
    assert (s.construction, s.r, s.dim) == (how, r, m)


def test_core_layout():
    """G[a, x, b] = M_x[a, b] for the m basis matrices, zero for the symbols x >= m; n = m by default."""
    s = transfer_subspace(3, 2)
    g = s.core(5)
    assert g.shape == (2, 5, 2) and g.dtype == np.int64
    assert all(np.array_equal(g[:, x, :], s.basis[x]) for x in range(3)) and not g[:, 3:, :].any()
    assert np.array_equal(s.core(), g[:, :3, :]) and np.array_equal(s.core(3), s.core())
    with pytest.raises(BadParameterError, match=f"^{re.escape('a core with 2 symbols cannot hold 3 basis matrices')}$"):
        s.core(2)


@pytest.mark.parametrize(
    "m,r,message",
    [
        (0, 2, "dimension must be an integer >= 1, got 0"),
        (True, 2, "dimension must be an integer >= 1, got True"),
        (2.0, 2, "dimension must be an integer >= 1, got 2.0"),
        (1, 0, "r must be an integer >= 1, got 0"),
        (1, "2", "r must be an integer >= 1, got '2'"),
        (5, 2, "a subspace of r x r matrices has dimension <= r^2 = 4, got 5"),
        (10, 3, "a subspace of r x r matrices has dimension <= r^2 = 9, got 10"),
    ],
    ids=str,
)
def test_bad_dimensions(m, r, message):
    with pytest.raises(BadParameterError, match=f"^{re.escape(message)}$"):
        transfer_subspace(m, r)


@pytest.mark.parametrize("shape", [(2, 2, 3), (2, 2), (0, 2, 2), (2, 3, 2), (1, 2, 2, 1)], ids=str)
def test_bad_basis_shapes(shape):
    message = f"the basis must have shape (m, r, r) with m >= 1, got {shape}"
    for f in (transfer_matrix, transfer_entries):
        with pytest.raises(BadShapeError, match=f"^{re.escape(message)}$"):
            f(np.zeros(shape, dtype=np.int64))


def test_transfer_budgets_are_exact():
    """The dense matrix: (r m)^2 entries of 8 bytes (m = 3, r = 2: 288 bytes); the sparse products:
    120 bytes a pair of nonzeros (the identity, r = 2: the two pairs (E_00, E_00), (E_11, E_11))."""
    from verify.errors import MemoryBudgetError
    from verify.tt import get_memory_budget, set_memory_budget

    s = transfer_subspace(3, 2)
    old = get_memory_budget()
    try:
        set_memory_budget(288)
        transfer_matrix(s.basis)
        set_memory_budget(287)
        with pytest.raises(MemoryBudgetError, match="^transfer matrix of shape 6x6 "):
            transfer_matrix(s.basis)
        eye = np.eye(2, dtype=np.int64)[None]
        set_memory_budget(240)
        assert transfer_entries(eye) == ((2, 2), {0: {0: 1}, 1: {1: 1}})
        set_memory_budget(239)
        with pytest.raises(MemoryBudgetError, match="^the 2 nonzero products of the transfer matrix "):
            transfer_entries(eye)
    finally:
        set_memory_budget(old)


def test_sparse_rank_of_entries_divisible_by_p():
    """A sparse transfer matrix (a star space) with one basis matrix scaled by p: its entries that
    are nonzero multiples of p vanish mod p; the rank mod p is FLINT's on the naive matrix."""
    from oracles import rank_mod

    import verify.transfer as tr

    s = transfer_subspace(6, 6)
    basis = s.basis.copy()
    basis[2] *= 3
    shape, rows = transfer_entries(basis)
    assert sum(len(row) for row in rows.values()) <= tr.SPARSE_DENSITY * shape[0] * shape[1]  # the sparse path
    assert any(v % 3 == 0 for row in rows.values() for v in row.values())
    assert transfer_rank(basis, 3) == rank_mod(naive_transfer(basis.tolist()), 3) < 36


def test_dual_basis_is_primitive_and_spans_the_orthogonal():
    """FLINT's integer null space can come with common factors ((4, -2, 0, 0) for 2 v0 + 4 v1 +
    6 v2 = 0): each dual matrix is divided by the gcd of its entries; the transposed matrices span
    the null space of the flattened basis (checked apart: orthogonality by hand, rank by FLINT)."""
    import math

    import flint

    from verify.transfer import _dual

    mats = [np.array([[2, 4], [6, 0]])]
    dual = _dual(mats, 2)
    assert [w.tolist() for w in dual] == [[[2, 0], [-1, 0]], [[3, -1], [0, 0]], [[0, 0], [0, -1]]]
    for w in dual:
        v = np.asarray(w).T.ravel()
        assert int(np.dot(v, mats[0].ravel())) == 0 and math.gcd(*map(int, v)) == 1
    assert flint.fmpz_mat([[int(x) for x in np.asarray(w).T.ravel()] for w in dual]).rank() == 3


def test_float_bases_refused_and_the_empty_basis():
    with pytest.raises(TypeError, match="^transfer basis must be an integer array"):
        transfer_matrix(np.eye(2)[None])
    with pytest.raises(TypeError, match="^transfer basis must be an integer array"):
        transfer_entries(np.eye(2)[None])
    empty = np.zeros((1, 0, 0), dtype=np.int64)  # r = 0: the 0 x 0 transfer matrix
    assert transfer_matrix(empty).shape == (0, 0) and transfer_entries(empty) == ((0, 0), {})
