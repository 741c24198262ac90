"""Min-cut upper bound: the DP against exhaustive assignments, and against ranks of random TTs."""

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from verify.bounds import effective_ranks, mincut_bound
from verify.rank import rank
from verify.strategies import integer_tt
from verify.tt import matricization


def exhaustive(n, r, rows):
    rk = effective_ranks(n, r)
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
    assert mincut_bound([3] * 8, [2] * 7, range(0, 8, 2))[0] == 54
