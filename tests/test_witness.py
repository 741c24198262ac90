"""Witness cores against an independent transcription of the paper's 1-based formulas."""

import itertools
import re

import numpy as np
import pytest
from hypothesis import given
from oracles import dense_tensor, rank_q, whole_matricization

from verify.checks import identity_block, witness_record
from verify.errors import BadParameterError
from verify.strategies import witness_params
from verify.tt import contract, matricize, oddeven_partition
from verify.witness import (
    different_core_witness,
    equal_core_witness,
    equal_core_witness_cores,
    witness,
    witness_q,
)


def paper_cores(n, r):
    """The seed's definition, transcribed with 1-based indices and Iverson brackets."""
    q = min(n, r - 1)
    first = {(i, a): int(i == a) for i in range(1, n + 1) for a in range(1, r + 1)}
    core = {}
    for a, i, b in itertools.product(range(1, r + 1), range(1, n + 1), range(1, r + 1)):
        if a <= q:
            core[a, i, b] = int(a == i) * int(b == q + 1)
        elif a == q + 1:
            core[a, i, b] = int(i == b)
        else:
            core[a, i, b] = 0
    last = {(a, i): int(a == i) for a in range(1, r + 1) for i in range(1, n + 1)}
    return first, core, last


@pytest.mark.parametrize("n,r", [(1, 1), (1, 3), (2, 2), (2, 3), (3, 3), (4, 2), (3, 6), (5, 4)], ids=str)
def test_cores_match_paper(n, r):
    f, g, la = equal_core_witness_cores(n, r)
    pf, pg, pl = paper_cores(n, r)
    assert all(f[i - 1, a - 1] == v for (i, a), v in pf.items())
    assert all(g[a - 1, i - 1, b - 1] == v for (a, i, b), v in pg.items())
    assert all(la[a - 1, i - 1] == v for (a, i), v in pl.items())


@pytest.mark.parametrize("cores", ["equal", "different"])
@pytest.mark.parametrize("n,r,d", [(2, 3, 2), (2, 3, 4), (3, 4, 6), (3, 3, 4), (4, 3, 4), (2, 5, 6)], ids=str)
def test_identity_block_dense(n, r, d, cores):
    """Dense check: the [q]^d block of the odd/even matricization is the identity."""
    tt = equal_core_witness(n, r, d) if cores == "equal" else different_core_witness(n, r, d)
    q = witness_q(n, r, cores)
    block = contract(tt)[(slice(0, q),) * d]
    m = matricize(block, *oddeven_partition(d))
    assert np.array_equal(m, np.eye(q ** (d // 2), dtype=np.int64))
    assert identity_block(tt, q)


def test_identity_block_detects_a_broken_core():
    tt = equal_core_witness(3, 4, 4)
    g = tt.cores[1].copy()
    g[3, 1, 0] = 2  # pass state, index 1, stores 0 with weight 2: breaks the block
    from verify.tt import equal_core_tt

    bad = equal_core_tt(tt.cores[0][0], g, tt.cores[-1][..., 0], 4)
    assert not identity_block(bad, 3)


@given(witness_params(max_n=8, max_r=9, max_d=20, max_block=5000))
def test_witness_identity_block_property(p):
    n, r, d = p
    assert identity_block(equal_core_witness(n, r, d), witness_q(n, r))
    assert identity_block(different_core_witness(n, r, d), witness_q(n, r, "different"))


def test_record_edge_cases():
    odd = witness_record(3, 4, 5)
    assert odd["passed"] is None and odd["status"] == "not applicable"
    vac = witness_record(3, 1, 4)
    assert vac["passed"] is True and vac["status"] == "vacuous" and vac["bound"] == 0
    rec = witness_record(2, 3, 6)
    assert rec["rank"] == 8 and rec["rank_kind"] == "exact" and rec["prime"] is None


def test_full_rank_exceeds_block_when_r_le_n():
    """n = 3, r = 3: q = 2, but the full matricization has rank 3^(d/2) (sympy, exact)."""
    from verify.rank import rank
    from verify.tt import matricization

    m = matricization(equal_core_witness(3, 3, 4))
    assert rank(m, backend="sympy").rank == 9
    assert witness_record(3, 3, 4)["rank"] == 9


def test_big_identity_block():
    """The issue's size: n = 3, r = 4, d = 16 (a 6561 x 6561 identity) without the dense tensor."""
    assert identity_block(equal_core_witness(3, 4, 16), 3)


@pytest.mark.parametrize("n,r,d", [(2, 3, 3), (3, 4, 5), (2, 2, 5), (4, 3, 7)], ids=str)
def test_odd_d_witness_dense(n, r, d):
    """Dense check of the odd-d extension: on range(q)^d the tensor is prod_j [i_2j = i_2j+1] [i_d = 0]."""
    from verify.witness import odd_d_witness

    tt = odd_d_witness(n, r, d)
    q = min(n, r - 1)
    block = contract(tt)[(slice(0, q),) * d]
    for i in itertools.product(range(q), repeat=d):
        expected = int(all(i[k] == i[k + 1] for k in range(0, d - 1, 2)) and i[-1] == 0)
        assert block[i] == expected
    assert identity_block(tt, q)
    rec = witness_record(n, r, d, odd_witness=True)
    assert rec["passed"] and rec["rank"] >= q ** (d // 2) == rec["bound"]
    # the seed's own witness gives a zero block for odd d
    assert not contract(equal_core_witness(n, r, d))[(slice(0, q),) * d].any()


@pytest.mark.parametrize("n,r,d", [(3, 3, 4), (4, 3, 6), (3, 2, 6), (5, 4, 4), (2, 4, 6)], ids=str)
def test_unitriangular_block_and_strong_rank(n, r, d):
    """PROOFS.md §6.1: the seed's witness has rank min(n, r)^(d/2); the block on [min(n,r)]^d is
    unitriangular when the pass symbol r-1 is ordered first (and not in the natural order)."""
    from verify.checks import unitriangular_block
    from verify.rank import rank
    from verify.tt import matricization

    tt = equal_core_witness(n, r, d)
    m = min(n, r)
    pass_symbol = r - 1 if r <= n else None
    assert unitriangular_block(tt, m, pass_symbol)
    if r <= n and r >= 2:
        assert not unitriangular_block(tt, m, None)  # the order matters: a real check
    assert rank(matricization(tt), backend="sympy" if n ** (d // 2) <= 200 else "flint").rank == m ** (d // 2)


# --- q pinned for both core modes against a hand table ---------------------------------------

#: (n, r, q for equal cores = min(n, r-1), q for different cores = min(n, r)), by hand
Q_TABLE = [
    (1, 1, 0, 1),
    (1, 2, 1, 1),
    (2, 1, 0, 1),
    (2, 2, 1, 2),
    (2, 3, 2, 2),
    (3, 2, 1, 2),
    (3, 3, 2, 3),
    (3, 4, 3, 3),
    (4, 3, 2, 3),
    (3, 6, 3, 3),
    (5, 4, 3, 4),
]


@pytest.mark.parametrize("n,r,q_equal,q_different", Q_TABLE, ids=str)
def test_witness_q_hand_table(n, r, q_equal, q_different):
    assert witness_q(n, r) == witness_q(n, r, "equal") == q_equal
    assert witness_q(n, r, "different") == q_different
    for d in (2, 4):
        assert witness_record(n, r, d, cores="different")["bound"] == q_different ** (d // 2)
        assert witness_record(n, r, d)["bound"] == q_equal ** (d // 2)


@pytest.mark.parametrize(
    "n,r,cores,q",
    [(n, r, "equal", qe) for n, r, qe, _ in Q_TABLE if qe > 0 and n <= 5]  # q = 0 (r = 1): a vacuous block
    + [(n, r, "different", qd) for n, r, _, qd in Q_TABLE if n <= 5],
    ids=str,
)
def test_identity_block_has_the_hand_side(n, r, cores, q):
    """On the box range(q)^d, q from the table (not from the code), the dense tensor (computed entry
    by entry, tests/oracles.py) of each witness is the identity of size q^(d/2), and FLINT's rank
    over Q of the whole matricization is at least that: a witness built with a smaller q fails."""
    for d in (2, 4):
        tt = witness(n, r, d, cores)
        t = dense_tensor(tt.cores[0][0].tolist(), [g.tolist() for g in tt.cores[1:-1]], tt.cores[-1][..., 0].tolist())
        block = whole_matricization(t[(slice(0, q),) * d], range(0, d, 2), range(1, d, 2))
        assert block == np.eye(q ** (d // 2), dtype=int).tolist()
        assert rank_q(whole_matricization(t, range(0, d, 2), range(1, d, 2))) >= q ** (d // 2)


# --- arguments and guards: one-line messages, budgets at their edge ---------------------------


@pytest.mark.parametrize(
    "n,r,message",
    [
        (0, 3, "n must be an integer >= 1, got 0"),
        (2.0, 3, "n must be an integer >= 1, got 2.0"),
        (True, 3, "n must be an integer >= 1, got True"),
        (2, 0, "r must be an integer >= 1, got 0"),
        (2, "3", "r must be an integer >= 1, got '3'"),
    ],
    ids=str,
)
def test_bad_n_r(n, r, message):
    for build in (equal_core_witness_cores, lambda n, r: witness_q(n, r), lambda n, r: different_core_witness(n, r, 4)):
        with pytest.raises(BadParameterError, match=f"^{re.escape(message)}$"):
            build(n, r)


def test_numpy_integers_accepted():
    assert witness_q(np.int64(3), np.int64(4)) == 3
    assert np.array_equal(equal_core_witness_cores(np.int32(2), 3)[1], equal_core_witness_cores(2, 3)[1])


@pytest.mark.parametrize("bad", [1, 0, True, "4", 4.0])
def test_bad_d(bad):
    with pytest.raises(BadParameterError, match=f"^{re.escape(f'd must be an integer >= 2, got {bad!r}')}$"):
        different_core_witness(2, 3, bad)


@pytest.mark.parametrize("bad", [2, 4, 1, True, "5", 5.0])
def test_odd_d_witness_refuses(bad):
    from verify.witness import odd_d_witness

    with pytest.raises(BadParameterError, match=f"^{re.escape(f'odd_d_witness needs an odd d >= 3, got {bad!r}')}$"):
        odd_d_witness(2, 3, bad)


def test_cores_argument():
    assert all(np.array_equal(a, b) for a, b in zip(witness(2, 3, 4).cores, equal_core_witness(2, 3, 4).cores))
    for f in (lambda: witness(2, 3, 4, "both"), lambda: witness_q(2, 3, "both")):
        with pytest.raises(BadParameterError, match=re.escape("cores must be 'equal' or 'different', got 'both'")):
            f()


def test_witness_budgets_are_exact():
    """The internal core r x n x r (equal: one; different: the two alternating) of 8-byte entries."""
    from verify.errors import MemoryBudgetError
    from verify.tt import get_memory_budget, set_memory_budget

    old = get_memory_budget()
    try:
        for build, need, shape in (
            (lambda: equal_core_witness_cores(3, 4), 4 * 3 * 4 * 8, "the witness's internal core of shape 4x3x4 "),
            (
                lambda: different_core_witness(3, 4, 4),
                2 * 4 * 3 * 4 * 8,
                "the witness's internal cores of shape 2x4x3x4 ",
            ),
        ):
            set_memory_budget(need)
            build()
            set_memory_budget(need - 1)
            with pytest.raises(MemoryBudgetError, match=f"^{re.escape(shape)}"):
                build()
    finally:
        set_memory_budget(old)


def test_different_core_witness_alternates():
    """Paper positions 2, 4, ... (code cores 1, 3, ...) compare and go to the pass state; 3, 5, ...
    (code 2, 4, ...) read the pass state and store: the two internal cores alternate, by hand."""
    tt = different_core_witness(3, 3, 6)
    even, odd = tt.cores[1], tt.cores[2]
    assert not np.array_equal(even, odd)
    assert all(np.array_equal(tt.cores[k], even if k % 2 else odd) for k in range(1, 5))
    assert even[0, 0, 0] == even[1, 1, 0] == even[2, 2, 0] == 1 and even.sum() == 3
    assert odd[0, 0, 0] == odd[0, 1, 1] == odd[0, 2, 2] == 1 and odd.sum() == 3


def test_transfer_witness_cores_by_hand():
    """First core [I_r; 0], last its transpose, the internal core the transfer subspace's basis
    (n = 3, r = 2: Sym_2, E_00, E_01 + E_10, E_11); n < r refused in one line; its budget at its edge."""
    from verify.errors import MemoryBudgetError
    from verify.tt import get_memory_budget, set_memory_budget
    from verify.witness import transfer_witness_cores

    f, g, la = transfer_witness_cores(3, 2)
    assert f.tolist() == [[1, 0], [0, 1], [0, 0]] and la.tolist() == [[1, 0, 0], [0, 1, 0]]
    assert [g[:, x, :].tolist() for x in range(3)] == [[[1, 0], [0, 0]], [[0, 1], [1, 0]], [[0, 0], [0, 1]]]
    message = "the transfer witness needs n >= r (a first core of rank r), got n = 2, r = 3"
    with pytest.raises(BadParameterError, match=f"^{re.escape(message)}$"):
        transfer_witness_cores(2, 3)
    old = get_memory_budget()
    try:
        set_memory_budget(2 * 3 * 2 * 8)
        transfer_witness_cores(3, 2)
        set_memory_budget(2 * 3 * 2 * 8 - 1)
        with pytest.raises(MemoryBudgetError, match="^the witness's internal core of shape 2x3x2 "):
            transfer_witness_cores(3, 2)
    finally:
        set_memory_budget(old)


def test_half_witness_cores_by_hand():
    """The additive register on Z_3^2 (n = 3, r = 9, d = 4: n^2 <= r): state (a, b) (index 3a + b)
    reading x goes to ((b + x) mod 3, a); Horner's map (n = 2, r = 3, d = 4): s -> 2 s + x mod 3.
    Every entry 0 or 1; d checked in one line."""
    from verify.witness import half_witness

    g = half_witness(3, 9, 4).cores[1]
    assert set(np.unique(g)) == {0, 1} and int(g.sum()) == 9 * 3
    for a, b in itertools.product(range(3), repeat=2):
        for x in range(3):
            assert g[3 * a + b, x, 3 * ((b + x) % 3) + a] == 1
    h = half_witness(2, 3, 4).cores[1]
    assert h.tolist() == [[[1, 0, 0], [0, 1, 0]], [[0, 0, 1], [1, 0, 0]], [[0, 1, 0], [0, 0, 1]]]
    for bad in (1, True, "4", 4.0):
        with pytest.raises(BadParameterError, match=f"^{re.escape(f'd must be an integer >= 2, got {bad!r}')}$"):
            half_witness(2, 3, bad)


def test_half_monotone_cores_range():
    """Entries drawn from -2..2, each value met over a few seeds, none outside."""
    from verify.witness import half_monotone_cores

    seen: list[set] = [set(), set(), set()]
    for seed in range(6):
        for k, core in enumerate(half_monotone_cores(2, 4, seed)):
            assert core.dtype == np.int64
            seen[k] |= set(np.unique(core).tolist())
    assert seen == [{-2, -1, 0, 1, 2}] * 3  # each core's own draws


def test_half_monotone_cores_are_seeded_with_n_r_seed():
    """The docstring's generator, drawn again here: the same (n, r, seed) gives the same cores
    (the proofs of PROOFS.md §6.6 re-check them), and the cores are those of default_rng([n, r, seed])."""
    from verify.witness import half_monotone_cores

    for n, r, seed in [(2, 4, 0), (3, 6, 1), (4, 6, 7)]:
        rng = np.random.default_rng([n, r, seed])
        want = [rng.integers(-2, 3, size=s) for s in [(n, r), (r, n, r), (r, n)]]
        got = half_monotone_cores(n, r, seed)
        assert [g.tolist() for g in got] == [w.tolist() for w in want]
        assert [g.tolist() for g in half_monotone_cores(n, r, seed)] == [g.tolist() for g in got]
    assert half_monotone_cores(2, 4, 0)[1].tolist() != half_monotone_cores(2, 4, 1)[1].tolist()
