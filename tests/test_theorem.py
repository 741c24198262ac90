"""The generic-rank theorem: closed forms against the DP and against computed ranks, the
witnesses against exact dense ranks, and each finite identity broken to see its check fail."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from oracles import naive_transfer, rank_q

from verify.bounds import mincut_bound
from verify.errors import BadParameterError
from verify.generic import generic_rank
from verify.rank import rank
from verify.theorem import (
    half_formula,
    half_theorem_record,
    oddeven_formula,
    partition_maximum,
    regime,
    seed_even_check,
    seed_odd_check,
    theorem_record,
    theorem_witness,
    transfer_checks,
    witness_name,
)
from verify.tt import contract, half_partition, matricize, oddeven_partition
from verify.witness import (
    equal_core_witness,
    equal_core_witness_cores,
    half_witness,
    odd_d_witness,
    transfer_witness,
    transfer_witness_cores,
)

RESULTS = Path(__file__).resolve().parent.parent / "results" / "generic"


@pytest.mark.parametrize("d", range(2, 15))
def test_closed_forms_equal_the_mincut_dp(d):
    for n in range(1, 8):
        for r in range(1, 8):
            assert oddeven_formula(n, r, d) == mincut_bound([n] * d, [r] * (d - 1), oddeven_partition(d)[0])[0]
            assert half_formula(n, r, d) == mincut_bound([n] * d, [r] * (d - 1), half_partition(d)[0])[0]


def committed_records():
    recs = []
    for name in ("grid", "large", "odd_d", "half", "kronecker"):
        recs += [json.loads(line) for line in (RESULTS / f"{name}.jsonl").read_text().splitlines() if line.strip()]
    return [r for r in recs if "lower" in r]


def test_formula_agrees_with_every_committed_generic_record():
    """Every committed record (results/generic/: 650 computed, the 8 skipped by --max-work left out,
    as PROOFS.md 6.5 says) is exact, and its certified lower bound equals the upper bound and the
    closed form."""
    recs = committed_records()
    assert len(recs) == 650
    for rec in recs:
        f = half_formula if rec["partition"] == "half" else oddeven_formula
        assert rec["exact"] is True, rec
        assert rec["lower"] == rec["upper"] == f(rec["n"], rec["r"], rec["d"]), rec


@pytest.mark.parametrize(
    "n,r,d,cores",
    [(3, 2, 7, "equal"), (4, 3, 6, "equal"), (5, 2, 5, "different"), (6, 3, 4, "equal"), (7, 4, 3, "equal")],
    ids=str,
)
def test_formula_agrees_with_fresh_generic_runs(n, r, d, cores):
    rec = generic_rank(n, r, d, cores, seed=7)
    assert rec["exact"] and rec["lower"] == oddeven_formula(n, r, d)


def dense_rank(tt):
    d = tt.d
    return rank(matricize(contract(tt), *oddeven_partition(d))).rank


@pytest.mark.parametrize("n", range(1, 6))
@pytest.mark.parametrize("r", range(1, 5))
def test_theorem_witness_reaches_the_formula(n, r):
    """Exact dense ranks over Q, independent of the proof, for every d with a small matrix."""
    for d in range(2, 9):
        if n ** ((d + 1) // 2) > 800:
            break
        assert dense_rank(theorem_witness(n, r, d)) == oddeven_formula(n, r, d), (n, r, d)


def test_regimes():
    assert [regime(n, 3) for n in (2, 3, 4, 8, 9, 10)] == ["n <= r"] * 2 + ["r < n < r^2"] * 2 + ["n >= r^2"] * 2


@pytest.mark.parametrize("n", range(1, 13))
def test_every_pair_is_proved(n):
    for r in range(1, 13):
        rec = theorem_record(n, r, ds=range(2, 12))
        assert rec["proved_all_d"] and rec["passed"], rec
        assert rec["formula"] == {str(d): oddeven_formula(n, r, d) for d in range(2, 12)}
        assert all(c["passed"] for c in rec["checks"]) and len(rec["checks"]) >= 2


def test_cross_check_is_recorded():
    rec = theorem_record(5, 3, ds=range(2, 8), cross_check_side=200)
    assert rec["cross_check"] == {str(d): oddeven_formula(5, 3, d) for d in range(2, 7) if 5 ** ((d + 1) // 2) <= 200}


# --- break each identity ------------------------------------------------------------------


def test_seed_even_check_fails_when_broken():
    first, internal, last = equal_core_witness_cores(3, 4)
    assert seed_even_check(first, internal, last, 3, 4)["passed"]
    g = internal.copy()
    g[0, 1, 2] = 1  # a data state that accepts a different symbol: condition B
    assert not seed_even_check(first, g, last, 3, 4)["passed"]
    f = first.copy()
    f[0, 1] = 1  # the first core is no longer the pass-state row
    assert not seed_even_check(f, internal, last, 3, 4)["passed"]


def test_seed_odd_check_fails_when_broken():
    first, internal, _ = equal_core_witness_cores(3, 5)
    last = odd_d_witness(3, 5, 3).cores[-1][..., 0]
    assert seed_odd_check(first, internal, last, 3, 5)["passed"]
    bad = last.copy()
    bad[3, 1] = 1  # the pass state accepts a second symbol
    assert not seed_odd_check(first, internal, bad, 3, 5)["passed"]
    g = internal.copy()
    g[3, 0, 1] = 1  # the pass state stores symbol 0 in the wrong state too
    assert not seed_odd_check(first, g, last, 3, 5)["passed"]


def test_transfer_checks_fail_when_broken():
    first, internal, last = transfer_witness_cores(5, 3)
    assert all(c["passed"] for c in transfer_checks(first, internal, last, 5))
    f = first.copy()
    f[2, 2] = 0  # rank 2 < r
    assert not transfer_checks(f, internal, last, 5)[0]["passed"]
    la = last.copy()
    la[1] = la[0]
    assert not transfer_checks(first, internal, la, 5)[1]["passed"]
    g = internal.copy()
    g[:, 4, :] = g[:, 3, :]  # two equal symbols: the transfer matrix is singular
    assert not transfer_checks(first, g, last, 5)[2]["passed"]
    first9, internal9, last9 = transfer_witness_cores(10, 3)
    g = internal9.copy()
    g[0, 9, 0] = 1  # a dead symbol that is not zero
    assert not transfer_checks(first9, g, last9, 9)[2]["passed"]


def test_broken_witness_really_loses_rank():
    """The checks are not decorative: the broken transfer witness has a smaller rank."""
    first, internal, last = transfer_witness_cores(5, 3)
    g = internal.copy()
    g[:, 4, :] = g[:, 3, :]
    from verify.tt import equal_core_tt

    assert dense_rank(equal_core_tt(first, g, last, 4)) < oddeven_formula(5, 3, 4)


@pytest.mark.parametrize("d", range(2, 11))
def test_oddeven_attains_the_partition_maximum(d):
    for n in range(1, 5):
        for r in range(1, 5):
            rec = partition_maximum(n, r, d)
            assert rec["passed"] and rec["maximum"] == oddeven_formula(n, r, d)
            assert rec["partitions"] == 2 ** (d - 1) - 1


def test_witness_cores_are_integers_in_a_small_range():
    for n, r in [(5, 3), (12, 4), (40, 7)]:
        first, internal, last = transfer_witness_cores(n, r)
        assert internal.dtype == np.int64 and set(np.unique(internal)) <= {-1, 0, 1}


def test_half_witnesses_reach_the_half_formula():
    """Every witness of the half partition, the small random cores of the case gcd(n, r) > 1
    included (with the seed its finite checks chose), has exact rank min(r, n^floor(d/2))."""
    import math

    from verify.theorem import half_formula, half_seed
    from verify.tt import half_partition
    from verify.witness import half_witness

    open_cases = 0
    for n in range(1, 6):
        for r in range(1, 9):
            for d in range(2, 11):
                if n ** ((d + 1) // 2) > 3000:
                    break
                tt = half_witness(n, r, d)
                if tt is None:
                    assert n < r < n ** (d // 2) and math.gcd(n, r) > 1
                    open_cases += 1
                    seed, _ = half_seed(n, r)
                    tt = half_witness(n, r, d, seed)
                assert rank(matricize(contract(tt), *half_partition(d))).rank == half_formula(n, r, d), (n, r, d)
    assert open_cases > 0


def test_half_theorem_proves_every_pair_and_each_check_can_fail():
    """theorem --partition half: every (n, r) proved for all d; breaking an identity of the
    random-core witness (no invertible slice; L_m or R_m of rank < r)
    makes its check fail."""
    import numpy as np

    from verify.theorem import _least_m, half_monotone_checks, half_theorem_record
    from verify.witness import half_monotone_cores

    for n in range(1, 9):
        for r in range(1, 13):
            rec = half_theorem_record(n, r, ds=range(2, 12))
            assert rec["proved_all_d"] and rec["status"] == "proved", (n, r)
    first, internal, last = half_monotone_cores(2, 4, 0)
    m = _least_m(2, 4)
    assert all(c["passed"] for c in half_monotone_checks(first, internal, last, m))
    singular = internal.copy()
    singular[:, :, 0] = 0  # every slice M_x loses its first column
    assert not half_monotone_checks(first, singular, last, m)[2]["passed"]
    assert not half_monotone_checks(np.zeros_like(first), internal, last, m)[0]["passed"]
    rank_one = np.zeros_like(internal)
    rank_one[:, :, 0] = internal[:, :, 0]  # every M_x maps into e_0: L_m has rank 1
    assert half_monotone_checks(first, rank_one, last, m)[0]["value"] == 1
    assert not half_monotone_checks(first, internal, np.zeros_like(last), m)[1]["passed"]


def test_a_small_prime_that_misses_the_transfer_rank_is_inconclusive_not_a_failure():
    """At p = 3 the transfer matrix of (n, r) = (5, 4) has rank 19 of 20 mod p: its rank over Q is
    20 (the default prime shows it), so the record says inconclusive (exit 3), never failed (found
    by the fuzz campaign: `theorem --prime 3` exited 1, "a check failed")."""
    import subprocess
    import sys

    import galois

    low = theorem_record(5, 4, prime=3)
    assert (low["status"], low["passed"], low["proved_all_d"]) == ("inconclusive", None, False)
    # the expected rank mod 3, computed apart: the transfer matrix entry by entry (tests/oracles.py)
    # from the witness's five live symbols, its rank over GF(3) by galois
    _, internal, _ = transfer_witness_cores(5, 4)
    basis = [internal[:, x, :].tolist() for x in range(5)]
    t = naive_transfer(basis)
    gf3 = galois.GF(3)
    mod3 = int(np.linalg.matrix_rank(gf3(np.array(t, dtype=np.int64) % 3)))
    assert mod3 < 20 == rank_q(t)  # short of 4 * 5 mod 3 only; full over Q
    assert [c["passed"] for c in low["checks"]] == [True, True, False] and low["checks"][2]["value"] == mod3
    assert theorem_record(5, 4)["status"] == "proved"
    r = subprocess.run(
        [sys.executable, "-m", "verify", "theorem", "--n", "5", "--r", "4", "--prime", "3", "--no-progress"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 3, r.stderr


# --- records pinned field by field (values by hand) -------------------------------------------


@pytest.mark.parametrize(
    "n,r,parity,name",
    [
        (2, 3, "even", "seed (unitriangular block)"),
        (3, 3, "even", "seed (unitriangular block)"),  # n = r: still the seed for even d
        (2, 3, "odd", "seed, odd-d extension (identity block)"),
        (3, 3, "odd", "transfer"),  # n = r: the transfer witness for odd d
        (4, 3, "even", "transfer"),
        (4, 3, "odd", "transfer"),
        (9, 3, "even", "transfer (copy: matrix units)"),
        (4, 2, "odd", "transfer (copy: matrix units)"),  # n = r^2
    ],
    ids=str,
)
def test_witness_name_table(n, r, parity, name):
    assert witness_name(n, r, parity) == name


def test_witness_name_refuses_a_parity():
    with pytest.raises(BadParameterError, match=re.escape("parity must be 'even' or 'odd', got 'both'")):
        witness_name(4, 3, "both")


def test_theorem_witness_at_the_boundaries():
    """n = r: the seed's witness for even d, the transfer witness for odd d; n = r - 1 and odd d:
    the odd-d extension."""

    def same(a, b):
        return all(np.array_equal(x, y) for x, y in zip(a.cores, b.cores)) and len(a.cores) == len(b.cores)

    assert same(theorem_witness(3, 3, 4), equal_core_witness(3, 3, 4))
    assert same(theorem_witness(3, 3, 5), transfer_witness(3, 3, 5))
    assert same(theorem_witness(2, 3, 5), odd_d_witness(2, 3, 5))
    assert same(theorem_witness(4, 3, 4), transfer_witness(4, 3, 4))


def test_seed_check_records():
    """checked, by hand: the strong-bound automaton reads 2 m boundary rows and m^2 pairs (m =
    min(n, r)); the odd check 3 q transitions and q last entries (q = min(n, r - 1))."""
    name_even = "seed: unitriangular block of size min(n,r)^k (first/last = pass row/column, conditions A, B)"
    name_odd = "seed odd-d extension: index-lemma transitions, identity values, last[pass, i] = [i = 0]"
    assert seed_even_check(*equal_core_witness_cores(3, 4), 3, 4) == {
        "name": name_even,
        "covers": "all even d",
        "passed": True,
        "checked": 2 * 3 + 3 * 3,
    }
    for n, r, q in ((3, 5, 3), (3, 3, 2)):  # n = r too: the extension's block has side q = r - 1
        first, internal, _ = equal_core_witness_cores(n, r)
        last = odd_d_witness(n, r, 3).cores[-1][..., 0]
        rec = seed_odd_check(first, internal, last, n, r)
        assert rec == {"name": name_odd, "covers": "all odd d", "passed": True, "checked": 3 * q + q}


def test_partition_maximum_records():
    """(2, 2, 4) by hand: row sets with mode 0 and their min-cut bounds: {0}: 2, {0,1}: 2,
    {0,2}: 4, {0,3}: 4 (cut both outer bonds, or take both inner legs), {0,1,2}, {0,1,3},
    {0,2,3}: 2.  (1, 2, 5): every one of the 15 bounds is 1; the first 8 row sets are listed."""
    assert partition_maximum(2, 2, 4) == {
        "check": "partitions",
        "n": 2,
        "r": 2,
        "d": 4,
        "partitions": 7,
        "maximum": 4,
        "oddeven": 4,
        "oddeven_attains": True,
        "attained_by": [[0, 2], [0, 3]],
        "passed": True,
    }
    rec = partition_maximum(1, 2, 5)
    assert (rec["partitions"], rec["maximum"], rec["oddeven"], rec["passed"]) == (15, 1, 1, True)
    assert rec["attained_by"] == [[0], [0, 1], [0, 2], [0, 3], [0, 4], [0, 1, 2], [0, 1, 3], [0, 1, 4]]


def _half_record(n, r, **kw):
    rec = half_theorem_record(n, r, **kw)
    assert rec.pop("seconds") >= 0
    return rec


def test_half_theorem_records():
    """The witness of each range of d (PROOFS.md 6.6), by hand: n >= r the transfer witness (n = r
    included); n < r, d < 2m (m the least with n^m > r) the additive register, then Horner's map
    when gcd(n, r) = 1, else small random cores; n = 1 the register for every d."""
    formula = {"2": 2, "3": 2, "4": 2}
    for n in (3, 2):  # n > r, n = r
        rec = _half_record(n, 2, ds=[2, 3, 4])
        assert rec["witness"] == {"all d": "transfer"} and rec["seed"] is None
        assert [c["name"] for c in rec["checks"]] == [
            c["name"] for c in transfer_checks(*transfer_witness_cores(n, 2), n)
        ]
        assert all(c["covers"] == "all d" and c["passed"] for c in rec["checks"]) and len(rec["checks"]) == 3
        assert (rec["check"], rec["n"], rec["r"], rec["formula"]) == ("half-theorem", n, 2, formula)
        assert (rec["proved_all_d"], rec["passed"], rec["status"]) == (
            True,
            True,
            "proved",
        ) and "cross_check" not in rec
    assert _half_record(2, 3, ds=[2, 3, 4]) == {
        "check": "half-theorem",
        "n": 2,
        "r": 3,
        "witness": {"d < 4": "additive register (n^floor(d/2) <= r)", "d >= 4": "Horner's map s -> n s + x mod r"},
        "seed": None,
        "checks": [],
        "proved_all_d": True,
        "formula": {"2": 2, "3": 2, "4": 3},
        "passed": True,
        "status": "proved",
    }
    assert _half_record(1, 3, ds=[2, 5])["witness"] == {"all d": "additive register (n^floor(d/2) <= r)"}
    rec = _half_record(2, 4, ds=[2, 6])
    seed = rec["seed"]
    assert isinstance(seed, int) and 0 <= seed < 32
    assert rec["witness"] == {
        "d < 6": "additive register (n^floor(d/2) <= r)",
        "d >= 6": f"small random cores, seed {seed} (monotone ranks)",
    }
    assert [c["covers"] for c in rec["checks"]] == ["all d >= 6"] * 3 and rec["status"] == "proved"
    # the witness really has the half rank min(r, 2^(d/2)) there: FLINT over Q on the dense tensor
    for d in (6, 7, 8):
        tt = half_witness(2, 4, d, seed)
        assert rank(matricize(contract(tt), *half_partition(d))).rank == half_formula(2, 4, d) == 4


def test_half_theorem_prime_reaches_its_checks():
    """At p = 3 the transfer matrix of (5, 4) has rank 19 < 20 (above): inconclusive; at p = 2 the
    first seed whose small cores pass for (2, 4) is another than at the default prime."""
    low = _half_record(5, 4, ds=[2], prime=3)
    assert (low["status"], low["passed"]) == ("inconclusive", None) and low["checks"][2]["value"] == 19
    assert low["checks"][2]["prime"] == 3
    assert _half_record(2, 4, ds=[2], prime=2)["seed"] != _half_record(2, 4, ds=[2])["seed"]


def test_half_theorem_cross_check_edges():
    """Sides n^ceil(d/2) up to the limit, the limit included: (2, 4) with limit 8 cross-checks
    d = 2..6 (sides 2, 4, 4, 8, 8), not d = 7 (16); with limit 1 and n = 1 every d (side 1);
    with no limit, no cross-check at all."""
    rec = _half_record(2, 4, ds=range(2, 9), cross_check_side=8)
    assert rec["cross_check"] == {"2": 2, "3": 2, "4": 4, "5": 4, "6": 4} and rec["status"] == "proved"
    assert _half_record(1, 3, ds=[2, 3], cross_check_side=1)["cross_check"] == {"2": 1, "3": 1}
    assert "cross_check" not in _half_record(2, 4, ds=[2, 3])
    rec = _half_record(2, 3, ds=range(2, 8), cross_check_side=16)
    assert rec["cross_check"] == {str(d): half_formula(2, 3, d) for d in range(2, 8)}


NAME_EVEN = "seed: unitriangular block of size min(n,r)^k (first/last = pass row/column, conditions A, B)"
NAME_ODD = "seed odd-d extension: index-lemma transitions, identity values, last[pass, i] = [i = 0]"


def transfer_expected(r, m, parity=None, prime=2147483647):
    """The transfer witness's three checks when they hold (values by hand: ranks r, r and r m)."""
    extra = {} if parity is None else {"parity": parity}
    return [
        {"name": "first core has rank r", "covers": "all d", "passed": True, "value": r} | extra,
        {"name": "last core has rank r", "covers": "all d", "passed": True, "value": r} | extra,
        {
            "name": f"transfer matrix of the {m} live symbols is invertible (rank r*m mod p), the others zero",
            "covers": "all d",
            "passed": True,
            "value": r * m,
            "size": r * m,
            "prime": prime,
            "inconclusive": False,
        }
        | extra,
    ]


def test_transfer_checks_records():
    assert transfer_checks(*transfer_witness_cores(5, 3), 5) == transfer_expected(3, 5)
    first, internal, last = transfer_witness_cores(5, 3)
    g = internal.copy()
    g[:, 4, :] = g[:, 3, :]  # singular, dead symbols zero: a modular rank below r m leaves it open
    third = transfer_checks(first, g, last, 5)[2]
    expect = rank_q(naive_transfer([g[:, x, :].tolist() for x in range(5)]))  # apart: entry by entry, FLINT
    assert expect < 15
    assert (third["passed"], third["inconclusive"], third["value"], third["size"]) == (False, True, expect, 15)
    first9, internal9, last9 = transfer_witness_cores(10, 3)
    g = internal9.copy()
    g[0, 9, 0] = 1  # a dead symbol not zero: false, not inconclusive
    third = transfer_checks(first9, g, last9, 9)[2]
    assert (third["passed"], third["inconclusive"], third["value"]) == (False, False, 27)


@pytest.mark.parametrize(
    "n,r,checks,witness,regime_",
    [
        (
            2,
            3,
            [
                {"name": NAME_EVEN, "covers": "all even d", "passed": True, "checked": 4 + 4, "parity": "even"},
                {"name": NAME_ODD, "covers": "all odd d", "passed": True, "checked": 6 + 2, "parity": "odd"},
            ],
            {"even": "seed (unitriangular block)", "odd": "seed, odd-d extension (identity block)"},
            "n <= r",
        ),
        (
            3,
            3,
            [{"name": NAME_EVEN, "covers": "all even d", "passed": True, "checked": 6 + 9, "parity": "even"}]
            + transfer_expected(3, 3, "odd"),
            {"even": "seed (unitriangular block)", "odd": "transfer"},
            "n <= r",
        ),
        (4, 3, transfer_expected(3, 4, "even, odd"), {"even": "transfer", "odd": "transfer"}, "r < n < r^2"),
    ],
    ids=["n<r", "n=r", "n>r"],
)
def test_theorem_records(n, r, checks, witness, regime_):
    """Whole records, values by hand (checked: 2m + m^2 boundary rows and pairs, m = min(n, r); 3q + q
    for the odd extension, q = min(n, r - 1)); no cross-check unless asked."""
    rec = theorem_record(n, r, ds=[2, 3])
    seconds = rec.pop("seconds")
    assert isinstance(seconds, float) and 0 <= seconds < 3 and round(seconds, 4) == seconds
    assert rec == {
        "check": "theorem",
        "n": n,
        "r": r,
        "regime": regime_,
        "witness": witness,
        "checks": checks,
        "proved_all_d": True,
        "formula": {"2": oddeven_formula(n, r, 2), "3": oddeven_formula(n, r, 3)},
        "passed": True,
        "status": "proved",
    }


def test_theorem_record_statuses(monkeypatch):
    """proved; inconclusive (a modular rank short of r m; the exact cross-check still meets the
    formula: never 'failed'); failed (an exact check false, or a rank above the formula, which is
    also an upper bound)."""
    import verify.checks as vc
    import verify.theorem as vt

    rec = theorem_record(5, 3, ds=range(2, 6), cross_check_side=200)
    assert (rec["status"], rec["passed"], rec["cross_check"]) == ("proved", True, {"2": 3, "3": 5, "4": 15, "5": 25})
    low = theorem_record(5, 4, ds=[2, 3], prime=3, cross_check_side=64)
    assert (low["status"], low["passed"], low["cross_check"]) == ("inconclusive", None, {"2": 4, "3": 5})
    real = vt.seed_even_check
    monkeypatch.setattr(vt, "seed_even_check", lambda *a: real(*a) | {"passed": False})
    bad = theorem_record(2, 3, ds=[2])
    assert (bad["status"], bad["passed"], bad["proved_all_d"]) == ("failed", False, False)
    monkeypatch.setattr(vt, "seed_even_check", real)
    realrank = vc.matricization_rank
    monkeypatch.setattr(vc, "matricization_rank", lambda *a, **k: realrank(*a, **k) | {"rank": 99})
    above = theorem_record(2, 3, ds=[2], cross_check_side=64)
    assert (above["status"], above["passed"], above["cross_check"]) == ("failed", False, {"2": 99})


def test_cross_check_edges():
    """Sides up to the limit, the limit included; none without a limit; n = 1 at limit 1."""
    assert theorem_record(2, 3, ds=range(2, 8), cross_check_side=8)["cross_check"] == {
        str(d): oddeven_formula(2, 3, d)
        for d in range(2, 7)  # sides 2, 4, 4, 8, 8; d = 7: 16
    }
    assert theorem_record(1, 3, ds=[2, 3], cross_check_side=1)["cross_check"] == {"2": 1, "3": 1}
    assert "cross_check" not in theorem_record(1, 3, ds=[2, 3])


@pytest.mark.parametrize("bad", [1, 0, -4, True, "4", 4.0])
def test_d_is_checked(bad):
    for f in (oddeven_formula, half_formula):
        with pytest.raises(BadParameterError, match=re.escape(f"d must be an integer >= 2, got {bad!r}")):
            f(2, 2, bad)


@pytest.mark.parametrize(
    "n,r,m", [(2, 3, 2), (2, 4, 3), (2, 6, 3), (2, 7, 3), (2, 8, 4), (3, 8, 2), (3, 9, 3), (5, 6, 2)]
)
def test_least_m_table(n, r, m):
    """The least m with n^m > r, by hand."""
    from verify.theorem import _least_m

    assert _least_m(n, r) == m


def test_half_monotone_check_records():
    """(2, 4) seed cores at m = 3: L_3 is 2^3 x 4 and R_3 4 x 2^3 (by hand), each of rank r = 4, and a
    slice invertible (its index checked against FLINT).  A first core [[1, 2], [2, 1]] (det -3) has
    rank 2 over Q but 1 mod 3: the check is inconclusive at p = 3, not passed."""
    import flint

    from verify.theorem import half_monotone_checks
    from verify.witness import half_monotone_cores

    first, internal, last = half_monotone_cores(2, 4, 0)
    checks = half_monotone_checks(first, internal, last, 3)
    unit = checks[2]["value"]
    assert flint.fmpz_mat(internal[:, unit, :].tolist()).rank() == 4
    assert all(flint.fmpz_mat(internal[:, x, :].tolist()).rank() < 4 for x in range(unit))
    p = 2147483647
    assert checks == [
        {
            "name": "L_3 (8 x 4) has rank r",
            "covers": "all d >= 6",
            "passed": True,
            "value": 4,
            "prime": p,
            "inconclusive": False,
        },
        {
            "name": "R_3 (4 x 8) has rank r",
            "covers": "all d >= 6",
            "passed": True,
            "value": 4,
            "prime": p,
            "inconclusive": False,
        },
        {
            "name": "some slice M_x is invertible (the ranks of L_h and R_m never fall)",
            "covers": "all d >= 6",
            "passed": True,
            "value": unit,
            "prime": p,
            "inconclusive": False,
        },
    ]
    eye = np.eye(2, dtype=np.int64)
    odd = np.array([[1, 2], [2, 1]])
    g = np.stack([eye, eye], axis=1)  # (2, 2, 2): both slices the identity
    lo = half_monotone_checks(odd, g, eye, 1, prime=3)
    assert [(c["passed"], c["value"], c["inconclusive"]) for c in lo] == [
        (False, 1, True),
        (True, 2, False),
        (True, 0, False),
    ]
    lo = half_monotone_checks(eye, g, odd, 1, prime=3)
    assert [(c["passed"], c["value"]) for c in lo[:2]] == [(True, 2), (False, 1)]
    g2 = np.stack([odd, odd], axis=1)
    lo = half_monotone_checks(eye, g2, eye, 1, prime=3)
    assert (lo[2]["passed"], lo[2]["value"], lo[2]["inconclusive"]) == (False, None, True)


def test_half_seed_tries(monkeypatch):
    """32 tries by default, each a seed in order; none passing gives (None, the last checks)."""
    import verify.theorem as vt
    from verify.theorem import half_seed

    assert half_seed(2, 4, tries=0) == (None, [])
    seen = []

    def failing(first, internal, last, m, prime):
        seen.append((m, prime))
        return [{"passed": False, "try": len(seen)}]

    monkeypatch.setattr(vt, "half_monotone_checks", failing)
    assert half_seed(2, 4, prime=5) == (None, [{"passed": False, "try": 32}])
    assert seen == [(3, 5)] * 32


# --- guards found by mutation testing (benchmarks/results/mutation.md) ------------------------------


def test_least_m_by_hand():
    """The least m with n^m > r, by hand (n > r included: m = 1)."""
    from verify.theorem import _least_m

    cases = {(2, 1): 1, (2, 2): 2, (2, 3): 2, (2, 4): 3, (3, 8): 2, (3, 9): 3, (5, 3): 1, (4, 64): 4}
    assert {nr: _least_m(*nr) for nr in cases} == cases


def test_partition_maximum_fails_when_the_formula_disagrees(monkeypatch):
    """'passed' needs both: the maximum equals the closed form and odd/even attains it.  With the
    closed form off by one, odd/even still attains the maximum, and the record must fail."""
    import verify.theorem as th

    assert th.partition_maximum(3, 3, 4)["passed"]
    real = th.oddeven_formula
    monkeypatch.setattr(th, "oddeven_formula", lambda n, r, d: real(n, r, d) + 1)
    rec = th.partition_maximum(3, 3, 4)
    assert rec["oddeven_attains"] and not rec["passed"]


@pytest.mark.parametrize("record", ["theorem_record", "half_theorem_record"])
def test_cross_check_side_is_capped_at_4096(record):
    """Sides above 4096 are never cross-checked, whatever cross_check_side says (d = 2: the side is n)."""
    import verify.theorem as th

    make = getattr(th, record)
    assert make(4096, 2, ds=[2], cross_check_side=10**6)["cross_check"] == {"2": 2}
    assert make(4097, 2, ds=[2], cross_check_side=10**6)["cross_check"] == {}


@pytest.mark.parametrize("record", ["theorem_record", "half_theorem_record"])
def test_cross_check_ranks_mod_the_requested_prime(record, monkeypatch):
    """The cross-checked ranks are computed mod the record's prime (not the default one)."""
    import verify.checks
    import verify.theorem as th

    seen = []
    real = verify.checks.matricization_rank

    def spy(*args, **kwargs):
        seen.append(kwargs.get("prime"))
        return real(*args, **kwargs)

    monkeypatch.setattr(verify.checks, "matricization_rank", spy)
    getattr(th, record)(2, 3, ds=[2, 4], prime=1000003, cross_check_side=100)
    assert seen == [1000003, 1000003]


def test_half_transfer_checks_cover_all_d():
    """For n >= r the half theorem's checks are the transfer witness's, each covering every d."""
    rec = half_theorem_record(3, 2, ds=[2, 3])
    assert rec["checks"] and all(c["covers"] == "all d" and c["passed"] for c in rec["checks"])
