"""verify.shapes against computations written here: a brute-force min-cut over all 2^d core
assignments, and the rank over Q of the matricization at random integer cores of the shape as
given (no reduction), contracted in Python integers and eliminated with Fractions."""

import itertools
import json
import math
import random
import subprocess
import sys
from fractions import Fraction

import pytest

from verify.errors import BadParameterError
from verify.shapes import (
    Shape,
    bridge_castling,
    bridge_comparison,
    census_classes,
    census_summary,
    generic_tt_ranks,
    make_shape,
    normal_form,
    point_rank,
    reduce_shape,
    shape_mincut,
    shape_record,
)

# --- independent computations -------------------------------------------------------------------


def brute_mincut(modes, ranks, rows):
    """min over all 2^d assignments of the cores of prod(cut legs) * prod(cut bonds), raw ranks."""
    d = len(modes)
    best = None
    for sides in itertools.product("RC", repeat=d):
        cost = 1
        for k in range(d):
            if sides[k] != ("R" if k in rows else "C"):
                cost *= modes[k]
        for k in range(d - 1):
            if sides[k] != sides[k + 1]:
                cost *= ranks[k]
        best = cost if best is None else min(best, cost)
    return best


def random_cores(modes, ranks, equal, rng, lo=-40, hi=40):
    full = [1, *ranks, 1]
    d = len(modes)

    def core(k):
        return [[[rng.randint(lo, hi) for _ in range(full[k + 1])] for _ in range(modes[k])] for _ in range(full[k])]

    if equal and d >= 3:
        inner = core(1)
        return [core(0), *([inner] * (d - 2)), core(d - 1)]
    return [core(k) for k in range(d)]


def entry(cores, index):
    v = [1]
    for g, i in zip(cores, index):
        v = [sum(v[a] * g[a][i][b] for a in range(len(v))) for b in range(len(g[0][0]))]
    return v[0]


def fraction_rank(rows):
    m = [[Fraction(x) for x in row] for row in rows]
    rank, ncol = 0, len(m[0]) if m else 0
    for c in range(ncol):
        piv = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if piv is None:
            continue
        m[rank], m[piv] = m[piv], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c] / m[rank][c]
                m[i] = [x - f * y for x, y in zip(m[i], m[rank])]
        rank += 1
    return rank


def exact_rank(modes, ranks, rows, equal=False, seed=0):
    """The rank over Q of the (rows, rest) matricization at random integer cores of the shape."""
    rng = random.Random(seed)
    cores = random_cores(modes, ranks, equal, rng)
    cols = [k for k in range(len(modes)) if k not in rows]
    mat = []
    for u in itertools.product(*(range(modes[k]) for k in rows)):
        row = []
        for v in itertools.product(*(range(modes[k]) for k in cols)):
            idx = [0] * len(modes)
            for k, x in zip(rows, u):
                idx[k] = x
            for k, x in zip(cols, v):
                idx[k] = x
            row.append(entry(cores, idx))
        mat.append(row)
    return fraction_rank(mat)


# --- min-cut --------------------------------------------------------------------------------------


def _random_shapes(count, dmax, nmax, rmax, seed):
    rng = random.Random(seed)
    for _ in range(count):
        d = rng.randint(2, dmax)
        modes = [rng.randint(1, nmax) for _ in range(d)]
        ranks = [rng.randint(1, rmax) for _ in range(d - 1)]
        rows = [0] + [k for k in range(1, d) if rng.random() < 0.5]
        if len(rows) == d:
            rows.pop()
        yield modes, ranks, rows


def test_mincut_equals_brute_force_over_all_assignments():
    """The DP (over effective ranks) against all 2^d assignments with the ranks as given: the same
    value (the reductions never change the min-cut), and the cut it returns costs that value."""
    for modes, ranks, rows in _random_shapes(400, 7, 6, 7, seed=1):
        s = make_shape(modes, ranks, rows)
        value, sides = shape_mincut(s)
        assert value == brute_mincut(modes, ranks, rows), (modes, ranks, rows)
        rho = generic_tt_ranks(modes, ranks)
        natural = ["R" if k in rows else "C" for k in range(len(modes))]
        cost = 1
        for k in range(len(modes)):
            cost *= modes[k] if sides[k] != natural[k] else 1
        for k in range(len(modes) - 1):
            cost *= rho[k] if sides[k] != sides[k + 1] else 1
        assert cost == value
        red = reduce_shape(s)
        assert brute_mincut(red.modes, red.ranks, red.rows) == value, (s, red)


def test_generic_tt_ranks_fixpoint_and_table():
    assert generic_tt_ranks([3, 3, 3, 3], [2, 9, 2]) == (2, 6, 2)
    assert generic_tt_ranks([2, 2, 2, 2], [5, 5, 5]) == (2, 4, 2)
    assert generic_tt_ranks([5, 1, 5], [4, 4]) == (4, 4)
    assert generic_tt_ranks([2, 5, 2], [7, 7]) == (2, 2)
    for modes, ranks, _ in _random_shapes(300, 8, 5, 9, seed=2):
        rho = generic_tt_ranks(modes, ranks)
        full = [1, *rho, 1]
        for k in range(1, len(full) - 1):
            assert full[k] <= min(ranks[k - 1], full[k - 1] * modes[k - 1], modes[k] * full[k + 1])


@pytest.mark.parametrize(
    "modes, ranks",
    [([2, 2, 2], [2, 2]), ([3, 2, 2, 3], [3, 4, 3]), ([2, 3, 2, 2], [2, 3, 2]), ([4, 2, 3, 2], [3, 3, 2])],
    ids=["d3", "d4-big-middle", "d4", "d4-mixed"],
)
def test_generic_tt_ranks_are_the_unfolding_ranks(modes, ranks):
    """A random train reaches the generic TT-ranks in every sequential unfolding (exact ranks)."""
    rho = generic_tt_ranks(modes, ranks)
    for k in range(len(modes) - 1):
        assert exact_rank(modes, ranks, list(range(k + 1)), seed=5) == rho[k]


# --- the generic rank against the dense rank over Q of the shape as given -------------------------

CASES = [
    # modes, ranks, partition, cores, generic (the rank at a random integer point, exact over Q)
    ([3, 4, 4, 2], [2, 3, 2], "oddeven", "different", 8),
    ([3, 5, 5, 3], [3, 2, 3], "oddeven", "different", 14),  # the bridge gap (3, 5, 2, 5, 3): min-cut 15
    ([5, 3, 3, 5], [5, 2, 5], "oddeven", "different", 14),
    ([2, 3, 2, 3, 2], [2, 2, 2, 2], "oddeven", "different", 7),  # min-cut 8
    ([2, 3, 3, 2], [2, 3, 2], "half", "different", 3),
    ([2, 3, 3, 3, 2], [2, 2, 2, 2], "0,4", "equal", 4),
    ([3, 2, 2, 2, 4], [3, 3, 3, 3], "oddeven", "equal", 4),  # the columns: 2 * 2
    ([4, 4, 4, 4], [2, 2, 2], "0,3", "different", 4),
    ([2, 2, 2, 2, 2], [3, 3, 3, 3], "1,2", "equal", 4),
    ([6, 1, 2, 5], [4, 3, 3], "oddeven", "different", 3),  # r_3 = 3
]


@pytest.mark.parametrize("modes, ranks, partition, cores, expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_generic_rank_against_the_dense_rank_over_q(modes, ranks, partition, cores, expected):
    rec = shape_record(modes, ranks, partition, cores)
    rows = list(rec["rows"])
    here = exact_rank(modes, ranks, rows, equal=cores == "equal", seed=11)
    assert here == expected  # the table is the Fraction rank at this point
    assert rec["generic"] == expected
    assert rec["lower"] <= rec["generic"] <= rec["mincut"] == brute_mincut(modes, ranks, rows)
    assert rec["status"] == ("min-cut" if expected == rec["mincut"] else "gap")
    assert (rec["generic_kind"] == "exact") == (expected == rec["mincut"])
    if rec["status"] == "gap":
        assert rec["generic_kind"] in ("proved", "probabilistic")
        assert (rec["proof"] is not None) == (rec["generic_kind"] == "proved")
        assert 0 < rec["failure_bound"] < 1e-6 or rec["generic_kind"] == "proved"


def test_bridge_gaps_are_proved_and_others_probabilistic():
    rec = shape_record([3, 5, 5, 3], [3, 2, 3])
    assert rec["generic_kind"] == "proved" and rec["failure_bound"] == 0.0
    assert "castling" in rec["proof"][0]
    rec = shape_record([2, 3, 2, 3, 2], [2, 2, 2, 2])
    assert rec["generic_kind"] == "probabilistic" and rec["proof"] is None


def test_point_rank_is_at_most_the_rank_over_q():
    for modes, ranks, rows in _random_shapes(25, 5, 3, 3, seed=3):
        s = make_shape(modes, ranks, rows)
        lower, _, complete = point_rank(s, seed=0)
        assert complete and lower <= brute_mincut(modes, ranks, rows)


def test_reductions_and_symmetries_keep_the_rank():
    """Shapes with one normal form: the same rank over Q at random points of each, as given."""
    for modes, ranks, rows in _random_shapes(30, 5, 3, 4, seed=4):
        s = make_shape(modes, ranks, rows)
        red = reduce_shape(s)
        d = len(modes)
        rev = make_shape(modes[::-1], ranks[::-1], [d - 1 - k for k in rows])
        assert normal_form(rev) == normal_form(s)
        cols = [k for k in range(d) if k not in rows]
        assert normal_form(make_shape(modes, ranks, cols)) == normal_form(s)
        want = exact_rank(modes, ranks, rows, seed=9)
        assert exact_rank(list(red.modes), list(red.ranks), list(red.rows), seed=10) == want, (s, red)
        assert exact_rank(modes[::-1], ranks[::-1], [d - 1 - k for k in rows], seed=12) == want


def test_equal_core_reduction_keeps_the_rank():
    s = make_shape([5, 5, 5, 5, 5], [2, 2, 2, 2], "0,1,4", "equal")
    red = reduce_shape(s)
    assert red.modes == (2, 4, 4, 4, 2)
    want = exact_rank(list(s.modes), list(s.ranks), list(s.rows), equal=True, seed=1)
    assert exact_rank(list(red.modes), list(red.ranks), list(red.rows), equal=True, seed=2) == want


# --- the castling law, pointwise and exactly ------------------------------------------------------


def _nullspace(vectors, dim):
    """A basis of the annihilator of the span of ``vectors`` in Q^dim."""
    import sympy

    m = sympy.Matrix(vectors) if vectors else sympy.zeros(0, dim)
    return [list(v) for v in m.nullspace()] if vectors else [list(r) for r in sympy.eye(dim).tolist()]


def _bridge_rank(A, B, a, b, w, bp, ap):
    """rank of sum_beta A_beta (x) B_beta : F^a (x) F^b' -> F^b (x) F^a'; A[beta] is b x a, B[beta] a' x b'."""
    mat = [
        [sum(A[t][i2][al] * B[t][g][i3] for t in range(w)) for i2 in range(b) for g in range(ap)]
        for al in range(a)
        for i3 in range(bp)
    ]
    return fraction_rank(mat)


@pytest.mark.parametrize(
    "a, b, w, bp, ap", [(3, 5, 2, 5, 3), (2, 3, 2, 3, 2), (2, 4, 3, 5, 2), (1, 2, 3, 2, 2), (3, 4, 2, 4, 2)]
)
def test_castling_identity_at_random_points(a, b, w, bp, ap):
    """rank X(A, B) = ab' + a'b - aa'w + rank X(A^c, B^c) at random integer points, where A^c has the
    annihilator of ker(pi_A) as its image and B^c the annihilator of im(B): all exact."""
    rng = random.Random(a * 1000 + b * 100 + w * 10 + bp)
    A = [[[rng.randint(-9, 9) for _ in range(a)] for _ in range(b)] for _ in range(w)]
    B = [[[rng.randint(-9, 9) for _ in range(bp)] for _ in range(ap)] for _ in range(w)]
    # pi: F^a (x) F^w -> F^b, (alpha, beta) -> A[beta][:, alpha]; ker(pi) and its annihilator
    pi_rows = [[A[t][i][al] for al in range(a) for t in range(w)] for i in range(b)]
    kernel = _nullspace(pi_rows, a * w)
    assert len(kernel) == a * w - b  # pi onto (a random point)
    # A^c: F^(aw - b) -> ... its image is the annihilator of the annihilator of ker... built as the map
    # pi^c: F^a (x) F^w -> F^(aw - b) with kernel ker(pi)^perp, i.e. rows spanning ker(pi)
    Ac = [[[kernel[i][al * w + t] for al in range(a)] for i in range(len(kernel))] for t in range(w)]
    # B: F^b' -> F^w (x) F^a', column f -> (beta, gamma) = B[beta][gamma][f]; V^perp of dimension a'w - b'
    v_cols = [[B[t][g][f] for t in range(w) for g in range(ap)] for f in range(bp)]
    vperp = _nullspace(v_cols, w * ap)
    assert len(vperp) == ap * w - bp
    Bc = [[[vperp[f][t * ap + g] for f in range(len(vperp))] for g in range(ap)] for t in range(w)]
    lhs = _bridge_rank(A, B, a, b, w, bp, ap)
    rhs = _bridge_rank(Ac, Bc, a, a * w - b, w, ap * w - bp, ap)
    assert lhs == a * bp + ap * b - a * ap * w + rhs


def test_castling_chain():
    """(3, 5, 2, 5, 3) castles down to a zero dimension: proved with no point certified; the fixed
    point (2, 3, 3, 3, 2) of the first move and growth under the second leaves only certification."""
    value, steps = bridge_castling((3, 5, 2, 5, 3), lambda s: None)
    assert value == 14 and steps[-1].endswith("= 0 (a dimension is 0)")
    asked = []
    assert bridge_castling((2, 3, 3, 3, 2), lambda s: asked.append(s)) is None
    assert len(asked) == 1
    assert bridge_castling((2, 3, 3, 3, 2), lambda s: 6) == (
        6,
        [f"f{(2, 3, 3, 3, 2)} = 6 (the min-cut value, reached at a random point)"],
    )


def test_bridge_comparison_region():
    # lambda_3 = 2.618...: b = 5 <= 2.618 * 2 = 5.236 is inside, b = 6 outside
    assert bridge_comparison((2, 5, 3, 4, 2), 8, 8)["conjecture"] == 8
    assert bridge_comparison((2, 6, 3, 4, 2), 8, 8)["conjecture_verdict"] == "outside"
    assert bridge_comparison((2, 2, 2, 2, 2), 4, 4)["conjecture_verdict"] == "agree"  # lambda_2 = 1: b = a
    assert bridge_comparison((2, 3, 2, 2, 2), 4, 4)["conjecture_verdict"] == "outside"
    assert bridge_comparison((2, 2, 2, 2, 2), 3, 4)["conjecture_verdict"] == "disagree"
    assert bridge_comparison((1, 1, 1, 1, 1), 1, 1)["conjecture_verdict"] == "outside"  # w = 1


# --- input, census, command line -----------------------------------------------------------------


@pytest.mark.parametrize(
    "modes, ranks, partition, cores, message",
    [
        ([3], [], "oddeven", "different", "2 to"),
        ([3, 4, 4], [2, 3, 2], "oddeven", "different", "need 2 ranks"),
        ([3, 4, 5, 2], [2, 2, 2], "oddeven", "equal", "internal modes equal"),
        ([3, 4, 4, 2], [2, 3, 2], "oddeven", "equal", "every rank equal"),
        ([3, 0, 4], [2, 2], "oddeven", "different", ">= 1"),
        ([3, 4], [2], "0,1", "different", "two non-empty"),
        ([3, 4], [2], "x", "different", "comma list"),
        ([3, 4], [2], "oddeven", "same", "cores"),
    ],
)
def test_bad_shapes_are_refused(modes, ranks, partition, cores, message):
    with pytest.raises(BadParameterError, match=message):
        make_shape(modes, ranks, partition, cores)


def test_census_classes_count_every_shape_once():
    classes, total = census_classes([4], 3, 2, "oddeven", ["different"])
    assert total == 3**4 * 2**3 == sum(c for c, _ in classes.values())
    for key, (_, example) in classes.items():
        assert normal_form(example) == key
    classes, total = census_classes([3], 2, 2, "all", ["equal"], uniform=True)
    assert total == 2 * 2 * 3  # (n, r) pairs times the partitions of 3 modes with mode 0 in the rows


def test_census_summary_counts():
    recs = [shape_record([3, 5, 5, 3], [3, 2, 3]) | {"count": 4}, shape_record([2, 2], [2]) | {"count": 3}]
    text = census_summary(recs, 7, "test")
    assert "7 shapes in 2 classes" in text and "| gap | proved | 1 | 4 |" in text


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "verify", *args], capture_output=True, text=True, cwd=cwd)


def test_shape_command_json_keys():
    out = _cli("shape", "--modes", "3,5,5,3", "--ranks", "3,2,3", "--json")
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    for key in (
        "check",
        "modes",
        "ranks",
        "rows",
        "cores",
        "lower",
        "lower_kind",
        "mincut",
        "cut",
        "generic",
        "generic_kind",
        "status",
    ):
        assert key in rec
    assert (rec["status"], rec["generic"], rec["mincut"]) == ("gap", 14, 15)


@pytest.mark.parametrize(
    "args",
    [
        ["shape", "--modes", "3,4", "--ranks", "2,2"],
        ["shape", "--modes", "3,a", "--ranks", "2"],
        ["census", "--max-mode", "0", "--max-rank", "2"],
        ["census", "--d", "4..5", "--max-mode", "2", "--max-rank", "2", "--partition", "0,2"],
    ],
    ids=["ranks", "modes", "census-zero", "census-rows"],
)
def test_commands_refuse_bad_input_in_one_line(args):
    out = _cli(*args)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_census_command_resumes(tmp_path):
    out_file = tmp_path / "c.jsonl"
    summary = tmp_path / "c.md"
    args = ["census", "--d", "4", "--max-mode", "3", "--max-rank", "2", "--out", str(out_file), "--json"]
    first = _cli(*args, "--summary", str(summary))
    assert first.returncode == 0, first.stderr
    recs = [json.loads(x) for x in out_file.read_text().splitlines()]
    assert sum(r["count"] for r in recs) == 3**4 * 2**3
    second = _cli(*args)
    assert "resumed" in second.stderr

    def strip(out):
        return [{k: v for k, v in json.loads(x).items() if k not in ("reused", "seconds")} for x in out.splitlines()]

    assert strip(second.stdout) == strip(first.stdout)
    assert "648 shapes" in summary.read_text()


def test_census_summary_never_replaces_a_users_file(tmp_path):
    """--summary replaces only a summary the census wrote: a user's file is refused before anything
    runs and stays byte for byte; the command's own summary is replaced, and no file beside it
    (not even one named like a temporary file) is touched."""
    summary = tmp_path / "notes.md"
    mine = b"# my notes\nkeep me\n"
    summary.write_bytes(mine)
    args = ["census", "--d", "4", "--max-mode", "2", "--max-rank", "2", "--summary", str(summary)]
    refused = _cli(*args)
    assert refused.returncode == 2 and "--summary" in refused.stderr and refused.stderr.count("\n") == 1
    assert summary.read_bytes() == mine
    summary.unlink()
    beside = tmp_path / "notes.md.tmp"
    beside.write_bytes(mine)
    assert _cli(*args).returncode == 0
    first = summary.read_text()
    assert first.startswith("# Census: ")
    again = _cli(*args)
    assert again.returncode == 0 and summary.read_text() == first
    assert beside.read_bytes() == mine and sorted(f.name for f in tmp_path.iterdir()) == ["notes.md", "notes.md.tmp"]


def test_shape_dataclass_views():
    s = Shape((2, 3, 4), (2, 2), (0, 2))
    assert s.cols == (1,) and s.size == (8, 3) and s.as_dict()["rows"] == [0, 2]


# --- the committed census (results/shapes/) ------------------------------------------------------

RESULTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "results" / "shapes"


def _load(name):
    import gzip

    path = RESULTS / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize(
    "name, shapes, gaps", [("d4.jsonl", 281232, 2), ("d5-6.jsonl.gz", 4456960, 34), ("partitions.jsonl.gz", 32416, 0)]
)
def test_committed_census(name, shapes, gaps):
    """Every record: the min-cut against the brute force, the status against lower and min-cut, the
    kind of each gap; the counts add up to the range; a sample re-checked by the Fraction rank at a
    random point of the example shape (the shape of the range, not the reduced one)."""
    recs = _load(name)
    assert sum(r["count"] for r in recs) == shapes
    found = 0
    rng = random.Random(7)
    for r in recs:
        if len(r["modes"]) <= 8:  # (2^d assignments each: d = 9, 10 of the partition census left to the DP)
            assert r["mincut"] == brute_mincut(r["modes"], r["ranks"], r["rows"])
        assert r["lower"] <= r["mincut"]
        if r["status"] == "min-cut":
            assert r["generic"] == r["lower"] == r["mincut"] and r["generic_kind"] in ("exact", "proved")
        else:
            found += 1
            assert r["status"] == "gap" and r["generic"] < r["mincut"]
            assert r["generic_kind"] == "proved" or 0 < r["failure_bound"] < 1e-13
        if "bridge" in r:
            assert r["bridge"]["mincut_formula_agrees"] and r["bridge"]["conjecture_verdict"] != "disagree"
        ex = r["example"]
        if math.prod(ex["modes"]) <= 256 and (r["status"] == "gap" or rng.random() < 0.01):
            here = exact_rank(ex["modes"], ex["ranks"], ex["rows"], equal=ex["cores"] == "equal", seed=3)
            assert here == r["generic"], (r["modes"], r["ranks"], here)
    assert found == gaps
