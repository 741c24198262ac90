"""Cut factors: A @ B is the matricization, for every partition and every assignment of cores."""

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.bounds import mincut_bound
from verify.errors import BadParameterError
from verify.factor import cut_factors, cut_segments, segment_shapes
from verify.generic import random_tt
from verify.rank import rank
from verify.strategies import integer_tt
from verify.tt import matricization

P = 1_000_003


@pytest.mark.parametrize("residues", [False, True], ids=["int64", "float64"])
@given(integer_tt(max_d=6), st.data())
def test_product_is_the_matricization(residues, tt, data):
    d = tt.d
    rows = sorted(data.draw(st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1)))
    sides = data.draw(st.lists(st.sampled_from("RC"), min_size=d, max_size=d))
    a, b = cut_factors(tt, rows, sides, P, residues=residues)
    assert a.dtype == b.dtype == (np.float64 if residues else np.int64)
    if residues:  # centred residues, the float eliminations' input
        assert max(abs(a).max(initial=0), abs(b).max(initial=0)) <= (P - 1) // 2 + 3
        a, b = np.mod(a, P).astype(np.int64), np.mod(b, P).astype(np.int64)
    expected = matricization(tt, rows, prime=P).astype(object)
    assert np.array_equal((a.astype(object) @ b.astype(object)) % P, expected)


def test_float_factors_refused_where_not_exact():
    tt = random_tt(2, 3, 4, seed=0)
    p = 134_217_689  # the prime below 2^27: 3 H^2 > 2^53
    with pytest.raises(BadParameterError, match="would not be exact"):
        cut_factors(tt, [0, 2], "RCRC", p, residues=True)
    a, b = cut_factors(tt, [0, 2], "RCRC", p)  # int64 residues are fine
    assert a.dtype == np.int64


@pytest.mark.parametrize("n,r,d", [(3, 2, 6), (4, 2, 6), (4, 3, 6), (3, 2, 7)], ids=str)
def test_optimal_cut_has_inner_dimension_equal_to_the_bound(n, r, d):
    tt = random_tt(n, r, d, seed=3, prime=P)
    rows = list(range(0, d, 2))
    bound, sides = mincut_bound([n] * d, [r] * (d - 1), rows)
    a, b = cut_factors(tt, rows, sides, P)
    assert a.shape == (n ** len(rows), bound) and b.shape == (bound, n ** (d - len(rows)))


def test_bad_sides():
    tt = random_tt(2, 2, 4, seed=0)
    with pytest.raises(BadParameterError):
        cut_factors(tt, [0, 2], "RRX", P)


@pytest.mark.parametrize("residues", [False, True], ids=["int64", "float64"])
@given(integer_tt(max_d=6), st.data())
def test_segments_are_the_kronecker_factors(residues, tt, data):
    """rank A = the product of its segments' ranks, and K = the product of their columns (A, B^T),
    ranks by FLINT on the whole factors: on low-rank and zero cores as much as on generic ones."""
    d = tt.d
    rows = sorted(data.draw(st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1)))
    sides = data.draw(st.lists(st.sampled_from("RC"), min_size=d, max_size=d))
    a, b = cut_factors(tt, rows, sides, P)
    seg_a, seg_b = cut_segments(tt, rows, sides, P, residues=residues)
    for whole, segs in ((a, seg_a), (b.T, seg_b)):
        assert math.prod(m.shape[1] for m in segs) == whole.shape[1]
        assert math.prod(m.shape[0] for m in segs) == whole.shape[0]
        ranks = [rank(np.mod(m, P).astype(np.int64), P).rank for m in segs]
        assert math.prod(ranks) == rank(whole, P).rank


def test_segments_of_a_known_cut():
    """n = 3, r = 2, d = 6, odd/even, every core on its own side: six one-core segments (3 x r^2,
    3 x r at the ends), no identities."""
    tt = random_tt(3, 2, 6, seed=1, prime=P)
    seg_a, seg_b = cut_segments(tt, [0, 2, 4], "RCRCRC", P)
    assert [m.shape for m in seg_a] == [(3, 2), (3, 4), (3, 4)]
    assert [m.shape for m in seg_b] == [(3, 4), (3, 4), (3, 2)]
    # one run a side: cores 0-2 hold modes 0, 2 and the leg of mode 1, cut bond 2 (9 x 3*2); mode 4's
    # core is across: an identity 3 x 3; the same on the other side (modes 3, 5, leg 4 | mode 1)
    seg_a, seg_b = cut_segments(tt, [0, 2, 4], "RRRCCC", P)
    assert [m.shape for m in seg_a] == [(9, 6), (3, 3)]
    assert [m.shape for m in seg_b] == [(3, 3), (9, 6)]
    assert np.array_equal(seg_a[1], np.eye(3))


@given(integer_tt(max_d=6), st.data())
def test_segment_shapes_from_the_sizes_alone(tt, data):
    d = tt.d
    rows = sorted(data.draw(st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1)))
    sides = data.draw(st.lists(st.sampled_from("RC"), min_size=d, max_size=d))
    seg_a, seg_b = cut_segments(tt, rows, sides, P)
    assert segment_shapes(tt.mode_sizes, tt.ranks, rows, sides) == ([m.shape for m in seg_a], [m.shape for m in seg_b])


def test_labelled_segments_of_a_known_cut():
    """n = 3, r = 2, d = 6, odd/even, sides RRRCCC (by hand): side R is the run of cores 0-2 (rows:
    modes 0 and 2; columns: the leg of mode 1, then the cut bond after core 2) and the identity of
    mode 4 (its core is on C); side C the identity of mode 1 and the run of cores 3-5 (rows: modes
    3, 5; columns: the bond after core 2, the leg of mode 4).  Each run's matrix is the contraction
    of its cores, recomputed here with einsum in Python integers."""
    tt = random_tt(3, 2, 6, seed=1, prime=P)
    seg_a, seg_b = cut_segments(tt, [0, 2, 4], "RRRCCC", P, labelled=True)
    assert [(m.shape, ra, ca) for m, ra, ca in seg_a] == [
        ((9, 6), [(0, 3), (2, 3)], [("leg", 1, 3), ("bond", 2, 2)]),
        ((3, 3), [(4, 3)], [("leg", 4, 3)]),
    ]
    assert [(m.shape, ra, ca) for m, ra, ca in seg_b] == [
        ((3, 3), [(1, 3)], [("leg", 1, 3)]),
        ((9, 6), [(3, 3), (5, 3)], [("bond", 2, 2), ("leg", 4, 3)]),
    ]
    plain_a, plain_b = cut_segments(tt, [0, 2, 4], "RRRCCC", P)
    assert all(np.array_equal(m, p) for (m, _, _), p in zip(seg_a + seg_b, plain_a + plain_b))
    g = [np.asarray(c, dtype=object) for c in tt.cores]
    left = np.einsum("xia,ajb,bkc->ikjc", g[0], g[1], g[2]).reshape(9, 6) % P  # rows (i0, i2), cols (j1, bond)
    right = np.einsum("cld,dme,enz->lncm", g[3], g[4], g[5]).reshape(9, 6) % P  # rows (i3, i5), cols (bond, j4)
    assert np.array_equal(seg_a[0][0].astype(object), left) and np.array_equal(seg_b[1][0].astype(object), right)
    assert np.array_equal(seg_a[1][0], np.eye(3)) and np.array_equal(seg_b[0][0], np.eye(3))


def test_segment_shapes_with_uneven_ranks():
    """Bonds 2, 3, 4, 2 (d = 5, n = 3): every partition and every cut, shapes from the sizes alone
    equal the segments' (a rank read at the wrong bond shows here, not with equal ranks)."""
    import itertools

    from verify.tt import different_core_tt

    rng = np.random.default_rng(0)
    ranks = [2, 3, 4, 2]
    bonds = [1, *ranks, 1]
    cores = [rng.integers(0, 5, (bonds[k], 3, bonds[k + 1])) for k in range(5)]
    tt = different_core_tt(cores[0][0], cores[1:-1], cores[-1][..., 0])
    assert tt.ranks == (2, 3, 4, 2)
    for size in range(1, 5):
        for rows in itertools.combinations(range(5), size):
            for sides in itertools.product("RC", repeat=5):
                seg_a, seg_b = cut_segments(tt, rows, sides, P)
                shapes = ([m.shape for m in seg_a], [m.shape for m in seg_b])
                assert segment_shapes(tt.mode_sizes, tt.ranks, rows, sides) == shapes, (rows, sides)


@pytest.mark.parametrize("residues", [False, True], ids=["int64", "float64"])
def test_factor_budgets_are_exact(residues):
    """RRRCCC as above: the largest partial contraction of a run is 9 x 6 (432 bytes), the largest
    outer product of a side's segments 54 x 9 (3888 bytes); at those budgets the factors are built,
    one byte below they are refused, naming the array."""
    from verify.errors import MemoryBudgetError

    tt = random_tt(3, 2, 6, seed=1, prime=P)
    for build, need, shape in ((cut_segments, 432, "9x6"), (cut_factors, 3888, "54x9")):
        build(tt, [0, 2, 4], "RRRCCC", P, budget=need, residues=residues)
        with pytest.raises(MemoryBudgetError, match=f"^cut factor of shape {shape} "):
            build(tt, [0, 2, 4], "RRRCCC", P, budget=need - 1, residues=residues)


def test_residues_are_reduced_and_the_default_is_int64():
    """int64 entries lie in [0, p) (every product reduced), float64 ones are the centred residues;
    residues=False is the default."""
    tt = random_tt(3, 2, 6, seed=2, prime=P)
    for sides in ("RRRCCC", "RCRCRC", "RRRRRR", "CRRRCC"):
        a, b = cut_factors(tt, [0, 2, 4], sides, P)
        assert a.dtype == b.dtype == np.int64 and 0 <= min(a.min(), b.min()) and max(a.max(), b.max()) < P
        segs = cut_segments(tt, [0, 2, 4], sides, P)
        assert all(m.dtype == np.int64 and 0 <= m.min() and m.max() < P for m in segs[0] + segs[1])
        fsegs = cut_segments(tt, [0, 2, 4], sides, P, residues=True)
        assert all(m.dtype == np.float64 and abs(m).max() <= (P - 1) // 2 + 3 for m in fsegs[0] + fsegs[1])


@pytest.mark.parametrize("sides", ["RCR", "RCRCR", "RCRX", "rcrc"])
def test_bad_sides_message(sides):
    tt = random_tt(2, 2, 4, seed=0)
    message = f"sides must give 'R' or 'C' for each of the 4 cores, got {list(sides)}"
    for build in (cut_factors, cut_segments):
        with pytest.raises(BadParameterError, match=f"^{re.escape(message)}$"):
            build(tt, [0, 2], sides, P)


def test_a_run_wider_inside_than_at_its_end():
    """Bonds 1, 8, 1 (n = 2, d = 4), rows 0, 1, 2, sides RRRC: the run of cores 0-2 passes through
    the bond of 8 (a partial contraction of 2 x 16 entries, 256 bytes) and ends at a bond of 1 (its
    segment has 8 entries; the largest outer product of the factors 8): the run's own guard is the
    one that binds, in cut_factors as in cut_segments."""
    from verify.errors import MemoryBudgetError
    from verify.tt import different_core_tt

    rng = np.random.default_rng(0)
    tt = different_core_tt(
        rng.integers(1, 5, (2, 1)),
        [rng.integers(1, 5, (1, 2, 8)), rng.integers(1, 5, (8, 2, 1))],
        rng.integers(1, 5, (1, 2)),
    )
    for build in (cut_segments, cut_factors):
        build(tt, [0, 1, 2], "RRRC", P, budget=256)
        with pytest.raises(MemoryBudgetError, match="^cut factor of shape 2x16 "):
            build(tt, [0, 1, 2], "RRRC", P, budget=255)
