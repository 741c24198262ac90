"""Min-cut upper bound: the DP against exhaustive assignments, and against ranks of random TTs."""

import itertools
import math
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.bounds import effective_ranks, mincut_bound
from verify.errors import BadParameterError
from verify.rank import rank
from verify.strategies import integer_tt
from verify.tt import matricization


def exhaustive(n, r, rows, effective=True):
    """The least bound over all 2^d assignments, the effective ranks written out here from their
    definition (min of r_k and the sizes of the two sides of bond k), not taken from the code
    (with ``effective=False`` the ranks as given)."""
    d = len(n)
    rk = []
    for k in range(d - 1):
        left = right = 1
        for j in range(d):
            if j <= k:
                left *= n[j]
            else:
                right *= n[j]
        rk.append(min(r[k], left, right) if effective else r[k])
    best = None
    for sides in itertools.product("RC", repeat=len(n)):
        cost = math.prod(n[k] for k in range(len(n)) if (sides[k] == "R") != (k in rows))
        cost *= math.prod(rk[k] for k in range(len(n) - 1) if sides[k] != sides[k + 1])
        best = cost if best is None else min(best, cost)
    return best


@given(
    st.integers(2, 7).flatmap(
        lambda d: st.tuples(
            st.lists(st.integers(1, 4), min_size=d, max_size=d),
            st.lists(st.integers(1, 5), min_size=d - 1, max_size=d - 1),
            st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1),
        )
    )
)
def test_dp_equals_exhaustive(args):
    n, r, rows = args
    assert mincut_bound(n, r, sorted(rows))[0] == exhaustive(n, r, rows)
    assert mincut_bound(n, r, sorted(rows), effective=True) == mincut_bound(n, r, sorted(rows))
    assert mincut_bound(n, r, sorted(rows), effective=False)[0] == exhaustive(n, r, rows, effective=False)


@given(integer_tt(), st.data())
def test_rank_below_bound(tt, data):
    rows = data.draw(st.sets(st.integers(0, tt.d - 1), min_size=1, max_size=tt.d - 1))
    bound, _ = mincut_bound(tt.mode_sizes, tt.ranks, sorted(rows))
    assert rank(matricization(tt, sorted(rows))).rank <= bound


@given(integer_tt())
def test_sequential_unfoldings_rank_le_r(tt):
    for k in range(1, tt.d):
        assert rank(matricization(tt, list(range(k)))).rank <= tt.ranks[k - 1]


def test_known_values():
    assert mincut_bound([3] * 16, [3] * 15, range(0, 16, 2))[0] == 3**8
    # a bond above its sides' sizes: effective ranks cap it, the ranks as given do not
    assert mincut_bound([2, 2], [5], [0]) == (2, ("R", "R")) and mincut_bound([2, 2], [5], [0], effective=False)[0] == 2
    assert mincut_bound([2, 2, 2, 2], [9, 9, 9], [0, 1]) == (4, ("R", "R", "R", "R"))
    assert mincut_bound([2, 2, 2, 2], [9, 9, 9], [0, 1], effective=False)[0] == 4
    assert mincut_bound([3] * 8, [2] * 7, range(0, 8, 2))[0] == 54


def effective_by_definition(n, r):
    """min(r_k, n_1 ... n_k, n_{k+1} ... n_d), written out with loops."""
    out = []
    for k in range(len(n) - 1):
        left = right = 1
        for j, x in enumerate(n):
            if j <= k:
                left *= x
            else:
                right *= x
        out.append(min(r[k], left, right))
    return tuple(out)


def cost(n, r, rows, sides, effective=True):
    """The min-cut bound of one assignment of cores to sides (effective ranks by definition, or the
    ranks as given)."""
    rk = effective_by_definition(n, r) if effective else r
    c = math.prod(n[k] for k in range(len(n)) if (sides[k] == "R") != (k in rows))
    return c * math.prod(rk[k] for k in range(len(n) - 1) if sides[k] != sides[k + 1])


@pytest.mark.parametrize(
    "n,r,expected",
    [
        ([2, 2, 2, 2], [5, 5, 5], (2, 4, 2)),
        ([3, 1, 4], [2, 9], (2, 3)),  # the left side of bond 1 is 3, the right 4
        ([2, 3, 4], [10, 10], (2, 4)),
        ([5, 2], [1], (1,)),
        ([4, 4, 4], [100, 100], (4, 4)),
    ],
    ids=str,
)
def test_effective_ranks_hand_table(n, r, expected):
    assert effective_ranks(n, r) == expected


def test_effective_ranks_of_one_mode():
    assert effective_ranks([3], []) == ()


@given(
    st.integers(2, 7).flatmap(
        lambda d: st.tuples(
            st.lists(st.integers(1, 4), min_size=d, max_size=d),
            st.lists(st.integers(1, 30), min_size=d - 1, max_size=d - 1),
        )
    )
)
def test_effective_ranks_by_definition(args):
    n, r = args
    assert effective_ranks(n, r) == effective_by_definition(n, r)


@given(
    st.integers(2, 7).flatmap(
        lambda d: st.tuples(
            st.lists(st.integers(1, 4), min_size=d, max_size=d),
            st.lists(st.integers(1, 5), min_size=d - 1, max_size=d - 1),
            st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1),
        )
    )
)
def test_returned_assignment_attains_the_bound(args):
    """The assignment returned is one of the cores (length d, letters R and C) and its own cut
    (computed here) is the bound."""
    n, r, rows = args
    bound, sides = mincut_bound(n, r, sorted(rows))
    assert len(sides) == len(n) and set(sides) <= {"R", "C"}
    assert cost(n, r, rows, sides) == bound
    # effective=False: the assignment's inner dimension with the ranks as given is the bound (with
    # effective ranks the bound's own assignment may cut a bond wider than its sides: in a quarter
    # of random cases its inner dimension is larger)
    plain, plain_sides = mincut_bound(n, r, sorted(rows), effective=False)
    assert cost(n, r, rows, plain_sides, effective=False) == plain


def test_bad_arguments_are_named():
    with pytest.raises(BadParameterError, match=re.escape("need 2 ranks for 3 modes, got 1")):
        effective_ranks([2, 2, 2], [3])
    with pytest.raises(BadParameterError, match=re.escape("need 2 ranks for 3 modes, got 3")):
        effective_ranks([2, 2, 2], [3, 3, 3])
    for effective in (True, False):
        with pytest.raises(BadParameterError, match=re.escape("need 2 ranks for 3 modes, got 1")):
            mincut_bound([2, 2, 2], [3], [0], effective=effective)
    for rows in ([], [0, 1, 2], [0, 5]):
        with pytest.raises(
            BadParameterError,
            match=re.escape(f"row modes {sorted(set(rows))} must be a non-empty proper subset of 0..2"),
        ):
            mincut_bound([2, 2, 2], [2, 2], rows)


def test_effective_ranks_with_ranks_above_the_products():
    """Ranks up to 300 over modes of 1..6 (the products cap the ranks, and the code caps the products)."""
    for seed in range(200):
        rng = random.Random(seed)
        d = rng.randint(2, 9)
        n = [rng.randint(1, 6) for _ in range(d)]
        r = [rng.randint(1, 300) for _ in range(d - 1)]
        assert effective_ranks(n, r) == effective_by_definition(n, r)


def test_a_thousand_modes_in_milliseconds():
    """d = 1000 (the command line's cap): the bound without n^d-digit products (0.4 s before)."""
    import time

    t0 = time.perf_counter()
    bound, _ = mincut_bound([10] * 1000, [10] * 999, range(0, 1000, 2))
    assert bound == 10**500 and time.perf_counter() - t0 < 0.2
