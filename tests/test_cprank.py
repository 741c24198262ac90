"""CP-rank of tensor trains (verify/cprank.py): every upper bound is an explicit decomposition
checked exactly (at random integer points, and as an identity in the core entries), the n >= r^2
theorem on a grid, the odd-d family theorem against the Koszul rank of its witness computed
directly, and the cprank command."""

import itertools
import json
import math
import subprocess
import sys

import numpy as np
import pytest
from oracles import koszul_dense, rank_q

from verify.bounds import mincut_bound
from verify.cprank import (
    Plan,
    check_decomposition,
    compress,
    cprank_case,
    decompose,
    effective_bonds,
    exact_regime,
    family_bound,
    family_checks,
    family_witness,
    named_plans,
    plan_value,
    rank3_222,
    symbolic_cores,
    symbolic_identity,
    terms_are_the_tensor,
    upper_bound,
    upper_plan,
)
from verify.errors import BadParameterError
from verify.generic import generic_rank, random_tt
from verify.koszul import family_grouping, koszul_limit, koszul_rank, random_quotient
from verify.theorem import oddeven_formula
from verify.tt import TensorTrain, contract, equal_core_tt

# --- upper bounds: explicit decompositions ------------------------------------------------------

SHAPES = [(n, r, d) for n in (1, 2, 3) for r in (1, 2, 3) for d in (2, 3, 4, 5) if n**d <= 243]


@pytest.mark.parametrize("n,r,d", SHAPES, ids=str)
@pytest.mark.parametrize("cores", ["equal", "different"])
def test_every_plan_decomposes_exactly(n, r, d, cores):
    """Each named plan and the cheapest one: the terms (built from the cores) sum exactly to the
    tensor at a random integer point, and there are at most plan_value of them."""
    tt = random_tt(n, r, d, cores, seed=n + r + d, prime=11)
    for plan in [*named_plans(n, r, d), upper_plan(n, r, d)]:
        terms = decompose(tt, plan)
        assert check_decomposition(tt, terms), plan
        assert len(terms) <= plan_value(n, r, d, plan)


def test_decompositions_of_degenerate_and_negative_cores():
    """Zero cores, rank-one cores and negative entries: still exact (terms may vanish)."""
    for n, r, d in [(2, 2, 3), (2, 3, 4), (3, 2, 3)]:
        rng = np.random.default_rng(n * r * d)
        first, last = rng.integers(-3, 4, (n, r)), rng.integers(-3, 4, (r, n))
        for mid in (
            np.zeros((r, n, r), dtype=np.int64),
            np.ones((r, n, r), dtype=np.int64),
            rng.integers(-3, 4, (r, n, r)),
        ):
            tt = equal_core_tt(first, mid, last, d)
            for plan in [*named_plans(n, r, d), upper_plan(n, r, d)]:
                assert check_decomposition(tt, decompose(tt, plan))


def test_check_decomposition_catches_a_wrong_term():
    tt = random_tt(2, 2, 4, "equal", seed=1, prime=7)
    terms = decompose(tt, upper_plan(2, 2, 4))
    assert check_decomposition(tt, terms)
    bad = list(terms)
    bad[0] = (bad[0][0] * 2, *bad[0][1:])
    assert not check_decomposition(tt, bad)
    assert not check_decomposition(tt, terms[1:])


def _all_plans(n, d):
    """Every plan: compositions of d, each segment with each method that applies to it."""
    for cuts in itertools.product([0, 1], repeat=d - 1):
        lengths, run = [], 1
        for c in cuts:
            if c:
                lengths.append(run)
                run = 1
            else:
                run += 1
        lengths.append(run)
        options = []
        for length in lengths:
            ms = (
                ["expand", "slices"]
                + (["vector"] if length == 1 else [])
                + (["2x2x2"] if length == 3 and n == 2 else [])
            )
            options.append([(length, m) for m in ms])
        for segs in itertools.product(*options):
            yield Plan("any", tuple(segs))


@pytest.mark.parametrize("n,r", [(1, 3), (2, 2), (2, 3), (2, 5), (3, 2), (3, 4), (4, 2), (5, 3)], ids=str)
def test_upper_plan_is_the_cheapest_plan(n, r):
    """The programme's plan costs what the cheapest of all plans costs (exhaustive, exact integers)."""
    for d in range(2, 8):
        best = min(plan_value(n, r, d, p) for p in _all_plans(n, d))
        assert upper_bound(n, r, d)[0] == best, (n, r, d)


@pytest.mark.parametrize("n,r,d", [(n, r, d) for n in range(1, 6) for r in range(1, 6) for d in range(2, 9)])
def test_named_bounds_have_their_closed_forms(n, r, d):
    """expand every bond: prod min(r, n^(j+1), n^(d-1-j)) (r^(d-1) for n >= r); slices: n^(d-1);
    pairs: r^(k-1) min(n, r)^k (d = 2k) and r^k min(n, r)^k (d = 2k+1) when n >= r, at most that
    otherwise; the cheapest is at most each."""
    expand, slices, pairs = (plan_value(n, r, d, p) for p in named_plans(n, r, d))
    assert expand == math.prod(min(r, n ** (j + 1), n ** (d - 1 - j)) for j in range(d - 1))
    assert slices == n ** (d - 1)
    k = d // 2
    closed = r ** (k - 1 + d % 2) * min(n, r) ** k
    assert pairs <= closed and (n < r or pairs == closed)
    if n >= r:
        assert expand == r ** (d - 1)
    best, plan = upper_bound(n, r, d)
    assert best <= min(expand, slices, pairs)
    if best < min(expand, slices):  # only 2x2x2 segments (n = 2) beat the two simple bounds (PROOFS 7.1)
        assert n == 2 and "2x2x2" in plan.describe()


def test_upper_bound_examples():
    assert upper_bound(2, 2, 3) == (3, upper_plan(2, 2, 3))  # the 2x2x2 maximal rank
    assert upper_plan(2, 2, 6).describe() == "3:2x2x2+3:2x2x2"
    assert upper_bound(2, 3, 4)[0] == 6 and upper_bound(2, 4, 6)[0] == 32
    assert upper_bound(4, 2, 9)[0] == 2**8 and upper_plan(4, 2, 9).name == "expand every bond"


COMPRESS_CASES = [(2, 2, 3), (2, 3, 4), (3, 2, 3), (2, 2, 5), (3, 3, 4), (2, 5, 5), (2, 7, 6)]


@pytest.mark.parametrize("n,r,d", COMPRESS_CASES, ids=str)
def test_compress_keeps_the_tensor_and_reaches_the_effective_bonds(n, r, d):
    tt = random_tt(n, r, d, "different", seed=4, prime=13)
    cores = compress(tt)
    assert [int(g.shape[2]) for g in cores[:-1]] == effective_bonds(n, r, d)
    again = TensorTrain(tuple(np.array(g.tolist(), dtype=object) for g in cores))
    assert (contract(again) == contract(tt)).all()


def _outer_sum(terms, shape):
    total = np.zeros(shape, dtype=object)
    for x, y, z in terms:
        total = total + np.multiply.outer(np.multiply.outer(x, y), z)
    return total


def test_rank3_222_on_every_small_array():
    """All 3^8 arrays with entries in {-1, 0, 1}: at most three terms, summing exactly."""
    for flat in itertools.product((-1, 0, 1), repeat=8):
        t = np.array(flat, dtype=object).reshape(2, 2, 2)
        terms = rank3_222(t)
        assert len(terms) <= 3
        assert (_outer_sum(terms, (2, 2, 2)) == t).all(), flat


def test_rank3_222_as_an_identity():
    """On the generic branch (det A != 0, t_2 != 0) the three terms sum to the generic 2x2x2 array
    as an identity of rational functions in its 8 entries (sympy)."""
    import sympy

    t = np.array(sympy.symbols("t0:8"), dtype=object).reshape(2, 2, 2)
    terms = rank3_222(t)
    assert len(terms) == 3
    diff = _outer_sum(terms, (2, 2, 2)) - t
    assert all(sympy.cancel(sympy.together(e)) == 0 for e in diff.flat)


@pytest.mark.parametrize(
    "n,r,d,cores,which",
    [
        (2, 2, 3, "different", 0),
        (2, 2, 3, "equal", 1),
        (3, 2, 3, "different", 0),
        (2, 2, 4, "equal", 2),
        (2, 3, 3, "different", 2),
        (2, 2, 3, "different", "best"),
    ],
    ids=["expand", "slices", "expand-n3", "pairs", "pairs-odd", "2x2x2"],
)
def test_symbolic_identity(n, r, d, cores, which):
    """The terms sum to the tensor as an identity in the core entries (sympy symbols)."""
    plan = upper_plan(n, r, d) if which == "best" else named_plans(n, r, d)[which]
    assert symbolic_identity(n, r, d, plan, cores)


def test_symbolic_check_sees_a_missing_or_wrong_term():
    cs = symbolic_cores(2, 2, 3, "equal")
    terms = decompose(cs, named_plans(2, 2, 3)[0])
    assert terms_are_the_tensor(cs, terms)
    assert not terms_are_the_tensor(cs, terms[1:])
    assert not terms_are_the_tensor(cs, [(terms[0][0], terms[0][1], terms[0][2] * 2), *terms[1:]])
    part = terms[0][0].copy()
    part[1] = 0  # wrong only where the first index is 1: most differences still vanish
    assert not terms_are_the_tensor(cs, [(part, *terms[0][1:]), *terms[1:]])


def test_symbolic_identity_size_guard():
    with pytest.raises(BadParameterError, match="too large"):
        symbolic_identity(3, 3, 6, named_plans(3, 3, 6)[0])


# --- the exact regime n >= r^2 -------------------------------------------------------------------

EXACT_GRID = [(n, r, d) for r in (2, 3) for n in (r * r, r * r + 1, 2 * r * r) for d in range(2, 8)]


@pytest.mark.parametrize("n,r,d", EXACT_GRID, ids=str)
def test_exact_cp_rank_for_n_at_least_r_squared(n, r, d):
    """n >= r^2: the certified generic odd/even rank (generic_rank at a random point, exact by
    the cut factors) is r^(d-1), which the expand-every-bond decomposition reaches: the generic
    CP-rank is exactly r^(d-1), with equal and with different cores."""
    for cores in ("equal", "different"):
        rec = generic_rank(n, r, d, cores, seed=1)
        assert rec["exact"] and rec["lower"] == r ** (d - 1) == oddeven_formula(n, r, d)
    assert upper_bound(n, r, d)[0] == r ** (d - 1) == exact_regime(n, r, d)
    case = cprank_case(n, r, d, search="none")
    assert case["status"] == "exact" and case["lower"] == case["upper"] == r ** (d - 1)


def test_exact_regime_edges():
    assert exact_regime(5, 7, 2) == 5 and exact_regime(1, 4, 6) == 1 and exact_regime(3, 1, 6) == 1
    assert exact_regime(3, 2, 5) is None and exact_regime(4, 2, 3) == 4


# --- the odd-d family theorem --------------------------------------------------------------------


def _padded_witness(n, r, d, w):
    """The witness's cores padded with zeros to bond r: a point of M^eq_{n,r}."""
    rp = w["r_witness"]
    first = np.zeros((n, r), dtype=np.int64)
    first[:, :rp] = w["cores"]["first"]
    mid = np.zeros((r, n, r), dtype=np.int64)
    mid[:rp, :, :rp] = w["cores"]["internal"]
    last = np.zeros((r, n), dtype=np.int64)
    last[:rp] = w["cores"]["last"]
    return equal_core_tt(first, mid, last, d)


@pytest.mark.parametrize("n,r", [(3, 3), (3, 5), (4, 3), (4, 4), (5, 4), (3, 2)], ids=str)
def test_family_theorem_against_the_direct_koszul_rank(n, r):
    """At the witness (padded to bond r), the Koszul matrix of the family grouping at d = 2k+1
    has rank n^(k-1) kappa_p over Q, as the theorem says, for k = 1, 2, 3 (the dense oracle's
    matrix, FLINT's exact rank)."""
    w = family_witness(n, r)
    assert w["proved_all_odd_d"]
    for d in (3, 5, 7):
        if n**d > 3000:
            continue
        k = (d - 1) // 2
        x = contract(_padded_witness(n, r, d, w))
        g = family_grouping(d)
        for ps, kappa in w["kappa"].items():
            p = int(ps)
            q = random_quotient(n, p, w["seed"])
            direct = rank_q(koszul_dense(x, g.A, g.B, g.C, q.tolist(), p))
            assert direct == n ** (k - 1) * kappa, (d, p)


def test_family_theorem_needs_an_invertible_transfer_matrix():
    """Equal slices M_x make the transfer matrix singular: the check fails, and the identity
    rank = n^(k-1) kappa indeed breaks at d = 5 (so the hypothesis is not idle)."""
    n, r = 3, 3
    w = dict(family_witness(n, r))
    mid = np.array(w["cores"]["internal"])
    mid[:, 1, :] = mid[:, 0, :]
    mid[:, 2, :] = mid[:, 0, :]
    checks, _ = family_checks(np.array(w["cores"]["first"]), mid, np.array(w["cores"]["last"]))
    assert [c["passed"] for c in checks] == [True, False]
    low = np.array(w["cores"]["first"])
    low[:, 2] = low[:, 0]  # G_1 of rank 2 < r' = 3
    assert [c["passed"] for c in family_checks(low, np.array(w["cores"]["internal"]), mid[0])[0]] == [False, True]
    w["cores"] = dict(w["cores"], internal=mid.tolist())
    g = family_grouping(5)
    q = random_quotient(n, 1, 0)
    w3 = np.einsum("bag,gc->abc", mid.astype(object), np.array(w["cores"]["last"], dtype=object))
    kappa = koszul_rank(w3, type(g)((0,), (1,), (2,)), 1, q, None)[0]
    x = contract(_padded_witness(n, r, 5, w))
    assert rank_q(koszul_dense(x, g.A, g.B, g.C, q.tolist(), 1)) != n * kappa


@pytest.mark.parametrize("n,r", [(n, r) for n in range(3, 7) for r in range(2, 7) if n < r * r], ids=str)
def test_family_reaches_the_limit(n, r):
    """On the grid the witness's kappa_p is as large as possible (binom(2p+1, p) min(n, r)) for the
    best p, so the family value equals koszul_limit: no Koszul flattening does better, at every
    odd d (both are formulas in k)."""
    w = family_witness(n, r)
    assert w["proved_all_odd_d"]
    for d in (3, 5, 7, 9, 21):
        assert family_bound(n, r, d)["bound"] == koszul_limit(n, r, d)


def test_family_bound_beats_the_matricization_limit():
    # n <= r: the factor (2p+1)/(p+1) with p = (n-1)//2
    assert family_bound(3, 3, 9)["bound"] == 122 > oddeven_formula(3, 3, 9) == 81
    assert family_bound(6, 6, 9)["bound"] == 2160 > oddeven_formula(6, 6, 9) == 1296
    assert family_bound(4, 3, 5)["bound"] == 18 > 16  # r < n < r^2: (2p+1) r > (p+1) n
    assert family_bound(5, 3, 5)["bound"] == 25 == oddeven_formula(5, 3, 5)  # no gain: 5 * 3 = 3 * 5
    assert family_bound(3, 3, 4) is None and family_bound(4, 2, 5) is None


# --- cprank_case and the command ------------------------------------------------------------------


@pytest.mark.parametrize(
    "n,r,d,cores,lower,method,status",
    [
        (3, 3, 3, "equal", 5, "koszul", "gap"),
        (3, 3, 5, "different", 14, "koszul", "gap"),
        (4, 3, 5, "equal", 18, "koszul", "gap"),
        (3, 3, 4, "equal", 9, "matricization (odd/even, PROOFS 6.4)", "gap"),
        (2, 2, 5, "equal", 4, "matricization (odd/even, PROOFS 6.4)", "gap"),
        (4, 2, 5, "different", 16, "matricization (odd/even, PROOFS 6.4)", "exact"),
        (5, 7, 2, "equal", 5, "matricization (odd/even, PROOFS 6.4)", "exact"),
    ],
    ids=str,
)
def test_cprank_case(n, r, d, cores, lower, method, status):
    rec = cprank_case(n, r, d, cores, search="all")
    assert (rec["lower"], rec["lower_method"], rec["status"]) == (lower, method, status)
    assert rec["passed"] and rec["lower"] <= rec["upper"]
    for key in (
        "check",
        "n",
        "r",
        "d",
        "cores",
        "lower",
        "lower_method",
        "lower_kind",
        "upper",
        "upper_method",
        "status",
    ):
        assert key in rec
    if rec["koszul_point"] is not None:  # the direct computation agrees with the family theorem
        assert rec["koszul_point"]["bound"] == rec["koszul_family"]["bound"] <= rec["koszul_limit"]
    json.dumps(rec)


def run(*args):
    return subprocess.run([sys.executable, "-m", "verify", "cprank", *args], capture_output=True, text=True)


def test_cli_json_and_resume(tmp_path):
    out = tmp_path / "c.jsonl"
    r = run("--n", "3", "--r", "2..3", "--d", "3,4", "--json", "--out", str(out), "--no-progress")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(x["r"], x["d"], x["lower"]) for x in recs] == [(2, 3, 3), (2, 4, 6), (3, 3, 5), (3, 4, 9)]
    assert len(out.read_text().splitlines()) == 4
    r = run("--n", "3", "--r", "2..3", "--d", "3,4", "--out", str(out), "--no-progress")
    assert r.returncode == 0 and "4 cases reused" in r.stderr
    assert "koszul p=1" in r.stdout and "matricization" in r.stdout


@pytest.mark.parametrize(
    "args,match",
    [(["--n", "0"], "--n must be >= 1"), (["--search", "some"], "invalid choice"), (["--d", "1"], "--d must be >= 2")],
    ids=["n", "search", "d"],
)
def test_cli_bad_input(args, match):
    r = run(*args)
    assert r.returncode == 2 and match in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_mincut_used_by_the_caps_is_the_bounds_module():
    # (the caps of verify.koszul rest on verify.bounds.mincut_bound: a flattening of B has rank at most it)
    tt = random_tt(3, 2, 5, "equal", seed=0, prime=101)
    from verify.rank import rank
    from verify.tt import matricization

    for rows in ([0, 3], [1, 4], [0, 2]):
        assert rank(matricization(tt, rows), None).rank <= mincut_bound([3] * 5, [2] * 4, rows)[0]


def test_point_rank_kind_is_modular_below_the_factorization_bound():
    """Mod 2 the point's Koszul rank falls short of binom(2p+1, p) min(m_B, m_C): the record says
    modular (a lower bound), not exact; at the default prime it meets it: exact."""
    kinds = set()
    for seed in range(6):
        rec = cprank_case(3, 3, 5, "equal", seed=seed, prime=2, search="family")
        pt = rec["koszul_point"]
        if pt is not None:
            kinds.add(pt["kind"])
            assert (pt["kind"] == "exact") == (pt["rank"] == 27)
    assert "modular" in kinds
    assert cprank_case(3, 3, 5)["koszul_point"]["kind"] == "exact"


def test_committed_gap_table():
    """results/cprank/: every record's bounds are the ones the theorems give — upper: the cheapest
    plan; lower: the exact value (n >= r^2, d = 2, n = 1, r = 1), else the Koszul limit where it
    exceeds the matricization limit (odd d, PROOFS 7.4-7.5), else the matricization limit — and
    table.md is the gap table of the records."""
    from pathlib import Path

    from verify.cprank import gap_table
    from verify.koszul import koszul_limit

    root = Path(__file__).resolve().parent.parent / "results" / "cprank"
    recs = [json.loads(line) for line in (root / "cprank.jsonl").read_text().splitlines()]
    assert len(recs) == 576
    for rec in recs:
        n, r, d = rec["n"], rec["r"], rec["d"]
        assert rec["upper"] == upper_bound(n, r, d)[0]
        exact = exact_regime(n, r, d)
        lim = koszul_limit(n, r, d)
        mat = oddeven_formula(n, r, d)
        want = exact if exact is not None else (lim if lim is not None and lim > mat else mat)
        assert rec["lower"] == want, (n, r, d)
        assert rec["status"] == ("exact" if want == rec["upper"] else "gap")
    assert (root / "table.md").read_text() == gap_table(recs)
