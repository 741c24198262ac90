"""Certificates: round trip, tampering, malformed files, the CLI."""

import copy
import itertools
import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from oracles import cert_cores, cert_tensor, entry, koszul_dense, rank_mod, rank_q, whole_matricization
from strategies import FORGERIES, any_cut_certificates, forge_core, forged_cut_certificates, forged_minor_certificates

from verify.certificate import check_certificate, make_certificate, make_cut_certificate, make_koszul_certificate
from verify.errors import BadParameterError, CertificateError
from verify.generic import partition_modes, random_tt
from verify.rank import rank
from verify.theorem import half_formula, oddeven_formula
from verify.tt import matricization


@pytest.fixture(scope="module")
def cert():
    return make_certificate(2, 3, 6, "equal", seed=1)


def test_round_trip(cert):
    assert check_certificate(json.loads(json.dumps(cert)))["rank"] == cert["rank"] == 8


def test_different_cores_and_d2():
    c = make_certificate(2, 2, 4, "different", seed=2)
    assert check_certificate(c)["rank"] == c["rank"]
    c2 = make_certificate(3, 2, 2, "equal")
    assert check_certificate(c2)["rank"] == 2


def tamper(cert, path, value):
    c = copy.deepcopy(cert)
    obj = c
    for k in path[:-1]:
        obj = obj[k]
    obj[path[-1]] = value
    return c


def test_singular_minor_rejected(cert):
    c = copy.deepcopy(cert)
    c["cols"][1] = c["cols"][0]
    with pytest.raises(CertificateError, match="repeat"):
        check_certificate(c)
    c = copy.deepcopy(cert)
    c["cores"]["internal"] = [[[0] * 3] * 2] * 3  # zero internal core: every minor vanishes
    with pytest.raises(CertificateError, match="singular"):
        check_certificate(c)


def test_not_an_object():
    with pytest.raises(CertificateError):
        check_certificate([1, 2])
    with pytest.raises(CertificateError, match="missing"):
        check_certificate({"d": 2})


def run(*args):
    return subprocess.run([sys.executable, "-m", "verify", *args], capture_output=True, text=True)


def test_cli_certify_and_check(tmp_path):
    out = tmp_path / "c.json"
    r = run("certify", "--n", "2", "--r", "3", "--d", "4", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert run("check", str(out)).returncode == 0
    data = json.loads(out.read_text())
    data["cores"]["first"][0][0] += 1
    data["cores"]["internal"] = [[[0] * 3] * 2] * 3
    out.write_text(json.dumps(data))
    r = run("check", str(out))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    out.write_text("{not json")
    r = run("check", str(out))
    assert r.returncode == 2 and "not valid JSON" in r.stderr


# --- cut certificates (schema 2) ------------------------------------------------------------

CUT_CASES = [
    (5, 2, 12, "equal", "oddeven"),
    (4, 2, 7, "different", "oddeven"),
    (3, 2, 8, "equal", "oddeven"),  # r < n < r^2: one run of d - 1 cores
    (4, 3, 6, "different", "oddeven"),
    (9, 3, 9, "equal", "oddeven"),
    (3, 2, 2, "equal", "oddeven"),
    (4, 2, 8, "equal", "half"),
    (3, 2, 7, "different", "half"),
]


@pytest.mark.parametrize("n,r,d,cores,partition", CUT_CASES, ids=str)
def test_cut_certificate_round_trip(n, r, d, cores, partition):
    """Made, written as JSON, re-checked; the rank is the closed form (proved, PROOFS 6.4 and 6.6)."""
    c = make_cut_certificate(n, r, d, cores, seed=3, prime=1_000_003, partition=partition)
    res = check_certificate(json.loads(json.dumps(c)))
    formula = half_formula if partition == "half" else oddeven_formula
    assert res["method"] == "cut" and res["rank"] == c["rank"] == formula(n, r, d)


@pytest.mark.parametrize("n,r,d,cores,partition", [c for c in CUT_CASES if c[0] ** (c[2] // 2) <= 729], ids=str)
def test_cut_certificate_is_sound_against_the_dense_rank(n, r, d, cores, partition):
    """Whatever the checker accepts, FLINT's rank of the whole matricization at the same integer
    point, mod the same prime, is at least the certified rank (here: equal to it)."""
    p = 1_000_003
    c = make_cut_certificate(n, r, d, cores, seed=5, prime=p, partition=partition)
    k = check_certificate(c)["rank"]
    tt = random_tt(n, r, d, cores, seed=5, prime=p)
    assert rank(matricization(tt, partition_modes(d, partition)[0], prime=p), p).rank == k


@pytest.fixture(scope="module")
def cut_cert():
    return make_cut_certificate(4, 2, 6, "equal", seed=1, prime=1_000_003)


@pytest.mark.parametrize(
    "path,value,match",
    [
        (("rank",), 33, "claims rank 33"),
        (("rank",), 31, "claims rank 31"),
        (("sides",), "RRCRCC", "one for each run"),
        (("sides",), "RCRCR", "string of d = 6"),
        (("minors", 0, "side"), "C", "one for each run"),
        (("minors", 0, "rows"), [[0]], "must be 2 x 2"),
        (("minors", 1, "cols", 0), [0, 9], "not a multi-index"),
        (("minors", 1, "cols", 0), [0, 0, 0], "not a multi-index"),
        (("minors", 0, "extra"), 1, "exactly side"),
        (("prime",), 1_000_002, "not a prime"),
    ],
    ids=["rank+1", "rank-1", "sides", "sides-length", "side", "width", "index", "index-length", "key", "prime"],
)
def test_cut_certificate_tampered(cut_cert, path, value, match):
    with pytest.raises(CertificateError, match=match):
        check_certificate(tamper(cut_cert, path, value))


def test_cut_certificate_singular_or_incomplete(cut_cert):
    c = copy.deepcopy(cut_cert)
    c["minors"][1]["rows"][1] = c["minors"][1]["rows"][0]
    with pytest.raises(CertificateError, match="repeats"):
        check_certificate(c)
    c = copy.deepcopy(cut_cert)
    c["cores"]["internal"] = [[[0] * 2] * 4] * 2  # zero internal core: every internal run is singular
    with pytest.raises(CertificateError, match="singular"):
        check_certificate(c)
    c = copy.deepcopy(cut_cert)
    del c["minors"][2]
    with pytest.raises(CertificateError, match="one for each run"):
        check_certificate(c)


def test_cut_certificate_refused_where_a_segment_falls_short():
    """Mod 3 a run of n = 4, r = 2, d = 6 is often rank-deficient: the maker says so in one line."""
    failures = 0
    for seed in range(8):
        try:
            check_certificate(make_cut_certificate(4, 2, 6, "equal", seed=seed, prime=3))
        except BadParameterError as e:
            assert "no cut certificate here" in str(e)
            failures += 1
    assert failures >= 2


def test_cli_cut_certificate_of_a_huge_rank(tmp_path):
    out = tmp_path / "c.json"
    r = run("certify", "--n", "50", "--r", "3", "--d", "40", "--out", str(out))
    assert r.returncode == 0 and "Kronecker factors of a cut" in r.stdout, r.stderr
    r = run("check", str(out))
    assert r.returncode == 0 and f"rank >= {3**39} over Q" in r.stdout and "40 runs" in r.stdout
    r = run("certify", "--n", "2", "--r", "3", "--d", "4", "--method", "cut", "--out", str(out))
    assert r.returncode == 0, r.stderr  # full rank, n <= r: the trivial cut's one run, a minor of it
    assert run("check", str(out)).returncode == 0


# --- soundness against forged certificates (an independent oracle: the dense tensor) --------
#
# The checker's claim is "accepted => the matricization has rank >= K over Q".  These forge
# well-formed certificates whose minor is nonzero but rank-deficient (a checker that only tested
# "not all zero" would accept them) and compare with FLINT's rank of the whole matricization of
# the dense tensor, computed entry by entry from the file's cores (tests/oracles.py).

FORGED_MINORS = [
    # (maker arguments, core to forge, forgery): the claimed minor stays nonzero
    ((2, 3, 6, "equal", 1), 0, "dup-row"),  # a first-core row duplicated: rank 4, claimed 8
    ((2, 3, 6, "equal", 1), 0, "scale-row"),
    ((2, 3, 6, "equal", 1), 3, "collapse-left"),  # the shared core: every bond carries rank 1
    ((2, 3, 6, "equal", 1), 5, "dup-row"),  # the last mode: two equal slices
    ((2, 2, 4, "different", 2), 1, "collapse-left"),  # one internal core of two
    ((2, 2, 4, "different", 2), 2, "collapse-right"),
    ((3, 2, 4, "equal", 0), 3, "collapse-left"),  # the last core of rank 1
    ((3, 2, 2, "equal", 0), 0, "dup-column"),  # d = 2: the first core of rank 1
]


def minor_oracle(c):
    """(the claimed minor, the whole matricization) from the dense tensor of the file's cores."""
    t = cert_tensor(c)
    rows_m, cols_m = c["row_modes"], c["col_modes"]
    minor = [[entry(t, rows_m, cols_m, u, v) for v in c["cols"]] for u in c["rows"]]
    return minor, whole_matricization(t, rows_m, cols_m)


@pytest.mark.parametrize("args,k,how", FORGED_MINORS, ids=[f"{a[:4]}-core{k}-{h}" for a, k, h in FORGED_MINORS])
def test_forged_minor_certificate_rejected(args, k, how):
    """Each forgery leaves the claimed minor nonzero but singular and the tensor's rank below the
    claim (FLINT over Q on the whole matricization): every one is rejected as singular."""
    n, r, d, cores, seed = args
    honest = make_certificate(n, r, d, cores, seed=seed)
    assert check_certificate(honest)["rank"] == honest["rank"]
    c = copy.deepcopy(honest)
    forge_core(c, k, how)
    minor, whole = minor_oracle(c)
    p, claim = c["prime"], c["rank"]
    assert any(x % p for row in minor for x in row), "the forged minor must stay nonzero"
    assert rank_mod(minor, p) < claim and rank_q(whole) < claim
    with pytest.raises(CertificateError, match=rf"claimed {claim}x{claim} minor is singular mod {p} \(its rank is "):
        check_certificate(c)


@given(forged_minor_certificates())
def test_minor_checker_accepts_exactly_the_nonsingular_minors(c):
    """Well-formed certificates with any claim: accepted iff the claimed minor (from the dense
    tensor) is nonsingular mod p, and then FLINT's rank over Q of the whole matricization is at
    least the claim."""
    minor, whole = minor_oracle(c)
    k, p = c["rank"], c["prime"]
    regular = rank_mod(minor, p) == k
    try:
        got = check_certificate(c)["rank"]
    except CertificateError as e:
        assert not regular and "singular" in str(e), str(e)
        nonzero = any(x % p for row in minor for x in row)
        event("rejected: nonzero singular minor" if nonzero else "rejected: zero minor")
        return
    assert regular and got == k
    assert rank_q(whole) >= k
    event("accepted")


def cut_run_minor(c, side, k0):
    """The minor of a one-core run from the file's cores directly (rows: the core's mode; columns:
    its left and right bonds; the end cores have one bond)."""
    mi = next(m for m in c["minors"] if m["side"] == side and m["first"] == m["last"] == k0)
    first, internals, last = cert_cores(c)
    cores = [[first], *internals, [[[x] for x in row] for row in last]]  # each (left bond, mode, right bond)
    g = cores[k0]
    if k0 == 0:
        return [[g[0][u[0]][v[0]] for v in mi["cols"]] for u in mi["rows"]]
    if k0 == c["d"] - 1:
        return [[g[v[0]][u[0]][0] for v in mi["cols"]] for u in mi["rows"]]
    return [[g[v[0]][u[0]][v[1]] for v in mi["cols"]] for u in mi["rows"]]


FORGED_CUTS = [
    # (case, seed, core, forgery): every core on its own side, so each run is one core and its
    # minor is read off the core; the forgery makes exactly that run singular
    ((4, 2, 6, "different", "oddeven"), 1, 2, "dup-column"),
    ((4, 2, 6, "different", "oddeven"), 1, 3, "collapse-right"),
    ((4, 2, 6, "equal", "oddeven"), 1, 0, "dup-column"),  # the first core: a 2 x 2 minor
    ((5, 2, 6, "different", "oddeven"), 4, 5, "collapse-left"),  # the last core
    ((4, 2, 7, "different", "oddeven"), 3, 4, "dup-column"),
]


@pytest.mark.parametrize("case,seed,k,how", FORGED_CUTS, ids=[f"{c[:4]}-core{k}-{h}" for c, _, k, h in FORGED_CUTS])
def test_forged_cut_certificate_with_one_singular_run_rejected(case, seed, k, how):
    n, r, d, cores, partition = case
    p = 1_000_003
    honest = make_cut_certificate(n, r, d, cores, seed=seed, prime=p, partition=partition)
    assert check_certificate(honest)["rank"] == honest["rank"]
    c = copy.deepcopy(honest)
    forge_core(c, k, how)
    side = c["sides"][k]
    forged = cut_run_minor(c, side, k)
    assert any(x % p for row in forged for x in row) and rank_mod(forged, p) < len(forged)
    others = [m for m in c["minors"] if (m["side"], m["first"]) != (side, k)]
    assert all(rank_mod(cut_run_minor(c, m["side"], m["first"]), p) == len(m["rows"]) for m in others)
    whole = whole_matricization(cert_tensor(c), c["row_modes"], c["col_modes"])
    assert rank_q(whole) < c["rank"]
    with pytest.raises(CertificateError, match=rf"the minor of cores {k}\.\.{k} \({side}\) is singular mod {p}"):
        check_certificate(c)


@given(forged_cut_certificates())
def test_cut_checker_is_sound_on_forged_certificates(c):
    """Whatever the cut checker accepts, FLINT's rank over Q of the whole matricization (the dense
    tensor of the file's cores) is at least the claimed rank; forgeries that push the rank below
    the claim are rejected, each by a singular run."""
    whole = whole_matricization(cert_tensor(c), c["row_modes"], c["col_modes"])
    true_rank = rank_q(whole)
    try:
        got = check_certificate(c)["rank"]
    except CertificateError as e:
        assert "singular" in str(e), str(e)
        event("rejected, rank below the claim" if true_rank < c["rank"] else "rejected, rank not below the claim")
        return
    assert true_rank >= got == c["rank"]
    event("accepted")


def test_forgery_strategies_draw_false_claims():
    """The two properties above see false claims with nonzero minors, not only honest files: a
    fixed (derandomized) search of each strategy meets a cut certificate claiming more than the
    rank, and a minor certificate whose minor is nonzero and whose claim exceeds the rank."""
    from hypothesis import Phase, find, settings

    s = settings(database=None, max_examples=400, phases=[Phase.generate], derandomize=True)  # the first one, unshrunk
    find(
        forged_cut_certificates(),
        lambda c: rank_q(whole_matricization(cert_tensor(c), c["row_modes"], c["col_modes"])) < c["rank"],
        settings=s,
    )
    find(
        forged_minor_certificates(),
        lambda c: (lambda m: any(x for row in m[0] for x in row) and rank_q(m[1]) < c["rank"])(minor_oracle(c)),
        settings=s,
    )


# --- Koszul certificates (schema 3) ----------------------------------------------------------

KOSZUL_CASES = [
    # (n, r, d, cores, grouping, p, the CP-rank bound: the family theorem's, PROOFS "CP-rank")
    (3, 3, 3, "equal", None, None, 5),
    (3, 3, 5, "different", None, None, 14),
    (4, 3, 5, "equal", "2|0,3|1,4", 1, 18),
    (5, 4, 3, "equal", "1|0|2", 2, 7),
    (2, 2, 4, "equal", "0,1|2|3", 1, 2),  # a grouping that cannot beat the matricization limit 4
]


@pytest.mark.parametrize("n,r,d,cores,grouping,p,bound", KOSZUL_CASES, ids=str)
def test_koszul_certificate_round_trip(n, r, d, cores, grouping, p, bound):
    c = make_koszul_certificate(n, r, d, cores, seed=2, prime=1_000_003, grouping=grouping, p=p)
    res = check_certificate(json.loads(json.dumps(c)))
    assert res["method"] == "koszul" and res["bound"] == c["bound"] == bound and res["rank"] == c["rank"]


def koszul_oracle(c):
    """(the claimed minor, the whole Koszul matrix) from the dense tensor of the file's cores,
    built by the oracle (tests/oracles.py: nothing from verify)."""
    t = cert_tensor(c)
    g = c["grouping"]
    whole = koszul_dense(t, g["A"], g["B"], g["C"], c["quotient"], c["p"])
    m = 2 * c["p"] + 1
    nb = [t.shape[j] for j in sorted(g["B"])]
    nc = [t.shape[j] for j in sorted(g["C"])]
    pairs_r = itertools.product(itertools.combinations(range(m), c["p"]), itertools.product(*map(range, nb)))
    pairs_c = itertools.product(itertools.combinations(range(m), c["p"] + 1), itertools.product(*map(range, nc)))
    rows = {sb: x for x, sb in enumerate(pairs_r)}
    cols = {sc: x for x, sc in enumerate(pairs_c)}
    ri = [rows[(tuple(s), tuple(b))] for s, b in c["rows"]]
    ci = [cols[(tuple(s), tuple(b))] for s, b in c["cols"]]
    return [[whole[x][y] for y in ci] for x in ri], whole


@pytest.mark.parametrize("n,r,d,cores,grouping,p,bound", KOSZUL_CASES[:3], ids=str)
def test_koszul_certificate_is_sound_against_the_dense_matrix(n, r, d, cores, grouping, p, bound):
    """The claimed minor equals the oracle's, and FLINT's exact rank of the whole Koszul matrix is
    at least (here: equal to) the certified rank."""
    c = make_koszul_certificate(n, r, d, cores, seed=4, prime=1_000_003, grouping=grouping, p=p)
    k = check_certificate(c)["rank"]
    minor, whole = koszul_oracle(c)
    assert rank_mod(minor, c["prime"]) == k == rank_q(whole)


@pytest.fixture(scope="module")
def koszul_cert():
    return make_koszul_certificate(3, 3, 5, "equal", seed=1, prime=1_000_003)


def test_koszul_certificate_repeated_row(koszul_cert):
    c = copy.deepcopy(koszul_cert)
    c["rows"][1] = c["rows"][0]
    with pytest.raises(CertificateError, match="repeat"):
        check_certificate(c)


@pytest.mark.parametrize("how", ["quotient-rows", "quotient-zero-row", "collapse-core", "last-rank-one"])
def test_forged_koszul_certificate_rejected(koszul_cert, how):
    """Forgeries that keep the claimed minor nonzero but make it singular, and push FLINT's rank
    of the whole Koszul matrix (the oracle's, from the file's cores) below the claim: rejected."""
    c = copy.deepcopy(koszul_cert)
    if how == "quotient-rows":  # a quotient of rank 2: A' is really 2-dimensional
        c["quotient"][2] = [a + b for a, b in zip(c["quotient"][0], c["quotient"][1])]
    elif how == "quotient-zero-row":  # the slice of e_0 vanishes
        c["quotient"][0] = [0] * len(c["quotient"][0])
    elif how == "collapse-core":  # the shared core's slices all equal: a singular transfer matrix
        g = c["cores"]["internal"]
        c["cores"]["internal"] = [[list(row[0]) for _ in row] for row in g]
    else:  # the last core of rank one
        last = c["cores"]["last"]
        c["cores"]["last"] = [list(last[0]) for _ in last]
    minor, whole = koszul_oracle(c)
    p, k = c["prime"], c["rank"]
    assert any(x % p for row in minor for x in row), "the forged minor must stay nonzero"
    assert rank_mod(minor, p) < k and rank_q(whole) < k
    with pytest.raises(CertificateError, match=rf"claimed {k}x{k} minor of the Koszul matrix is singular mod {p}"):
        check_certificate(c)


def test_cli_koszul_certificate(tmp_path):
    out = tmp_path / "k.json"
    r = run("certify", "--method", "koszul", "--n", "3", "--r", "3", "--d", "5", "--out", str(out))
    assert r.returncode == 0 and "CP-rank >= 14" in r.stdout, r.stderr
    r = run("check", str(out))
    assert r.returncode == 0 and "CP-rank are >= 14" in r.stdout
    r = run("certify", "--method", "koszul", "--n", "3", "--r", "3", "--d", "5", "--grouping", "0|1", "--out", str(out))
    assert r.returncode == 2 and "A|B|C" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("seed", range(12))
def test_koszul_checker_accepts_exactly_the_nonsingular_minors(koszul_cert, seed):
    """Claims of random size on random rows and columns of the Koszul matrix (the honest file's
    point and quotient): accepted iff the oracle's minor is nonsingular mod p, and then FLINT's
    exact rank of the whole matrix is at least the claim."""
    rng = np.random.default_rng(seed)
    c = copy.deepcopy(koszul_cert)
    _, whole = koszul_oracle(c)
    p = c["prime"]
    m = 2 * c["p"] + 1
    bc = list(itertools.product(range(3), range(3)))
    pairs_r = list(itertools.product(itertools.combinations(range(m), c["p"]), bc))
    pairs_c = list(itertools.product(itertools.combinations(range(m), c["p"] + 1), bc))
    k = int(rng.integers(1, 12))
    ri = sorted(rng.choice(len(pairs_r), k, replace=False).tolist())
    ci = sorted(rng.choice(len(pairs_c), k, replace=False).tolist())
    c["rows"] = [[list(pairs_r[x][0]), list(pairs_r[x][1])] for x in ri]
    c["cols"] = [[list(pairs_c[y][0]), list(pairs_c[y][1])] for y in ci]
    c["rank"], c["bound"] = k, -(-k // 2)
    minor = [[whole[x][y] for y in ci] for x in ri]
    regular = rank_mod(minor, p) == k
    try:
        got = check_certificate(c)["rank"]
    except CertificateError as e:
        assert not regular and "singular" in str(e), str(e)
        return
    assert regular and got == k and rank_q(whole) >= k


def test_koszul_checker_reads_the_slice_of_each_block(koszul_cert):
    """Rows with S = {1} and columns with S' = {0, 1} meet in the block of e_0 ^ e_1 = e_01: the
    slice T'_0 = sum_a quotient[0][a] T[a].  A claim inside that block is nonsingular for the
    honest quotient and must be rejected once quotient row 0 is zero (another slice would do)."""
    c = copy.deepcopy(koszul_cert)
    bc = [list(x) for x in itertools.product(range(3), range(3))]
    c["rows"] = [[[1], b] for b in bc]
    c["cols"] = [[[0, 1], v] for v in bc]
    c["rank"], c["bound"] = 9, 5
    assert check_certificate(c)["rank"] == 9
    c["quotient"][0] = [0, 0, 0]
    with pytest.raises(CertificateError, match="singular"):
        check_certificate(c)


# --- the checker's time at its limit ------------------------------------------------------------------


def _limit_certificate():
    """Rank 1000 at n = 2, r = 10, d = 20 (the issue's certificate "under every limit": 1000^2 d r^2 =
    2 * 10^9, 244 s and 1.9 GB with the checker of one product of d matrices an entry): 1000 rows
    of a certified 1024 x 1024 minor and pivot columns of those rows."""
    from verify.generic import nonsingular_minor

    def ravel_index(t, sizes):
        i = 0
        for v, s in zip(t, sizes):
            i = i * s + v
        return i

    p = 2147483647
    c = make_certificate(2, 10, 20, "equal", seed=0, prime=p, backend="flint")
    rows_m = c["row_modes"]
    m = matricization(random_tt(2, 10, 20, "equal", seed=0, prime=p), rows_m, prime=p)
    ri = [ravel_index(t, [2] * 10) for t in c["rows"][:1000]]
    ci = [ravel_index(t, [2] * 10) for t in c["cols"]]
    r2, c2 = nonsingular_minor(m[ri][:, ci], p, "flint")
    assert len(r2) == 1000
    return c | {"rows": [c["rows"][:1000][i] for i in r2], "cols": [c["cols"][j] for j in c2], "rank": 1000}


#: set by benchmarks/mutation.py: a child process of mutmut's instrumented copy takes some 680 MB
#: whatever it does, so there the refusals are checked and their time and memory are not
UNDER_MUTATION = "VERIFY_MUTATION_RUN" in os.environ


def measured_check(path):
    code = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'verify', 'check', sys.argv[1]], capture_output=True, text=True)\n"
        "print(repr((r.returncode, r.stdout, r.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))\n"
    )
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    rc, out, err, kb = eval(r.stdout)
    return rc, out, err, time.perf_counter() - t0, kb / 1024


def test_the_certificate_at_the_old_limit_is_accepted(tmp_path):
    """Within the checker's limits (its time and memory there: benchmarks/bench_certificate.py)."""
    f = tmp_path / "c.json"
    f.write_text(json.dumps(_limit_certificate()))
    rc, out, err, _seconds, _mb = measured_check(f)
    assert rc == 0 and "rank >= 1000" in out, err


@pytest.mark.parametrize("p, limit", [(2147483647, "1e+08"), (2**61 - 1, "2e+07")])
def test_work_beyond_the_limit_is_refused_in_seconds(tmp_path, p, limit):
    """n = 4096, d = 2, r = 64, rank 2000: 2000^2 * 64 = 2.6 * 10^8 products for the entries (and
    10^7 for p = 2^61 - 1 with rank 400 and r = 128: beyond the Python-integer limit)."""
    n, r, k = (4096, 64, 2000) if p < 2**31 else (4096, 128, 400)
    c = {
        "schema_version": 1,
        "d": 2,
        "cores": {"first": [[1] * r] * n, "internal": [], "last": [[1] * n] * r},
        "prime": p,
        "row_modes": [0],
        "col_modes": [1],
        "rows": [[i] for i in range(k)],
        "cols": [[i] for i in range(k)],
        "rank": k,
    }
    f = tmp_path / "c.json"
    f.write_text(json.dumps(c))
    rc, out, err, seconds, mb = measured_check(f)
    assert rc == 2 and "more than this checker's limit of " + limit in err and err.count("\n") == 1, err
    assert UNDER_MUTATION or (seconds < 5 and mb < 300), (seconds, mb)


@given(st.one_of(any_cut_certificates(), any_cut_certificates(inner=True)))
def test_cut_checker_accepts_honest_certificates_of_any_cut(c):
    """Cut certificates made apart from verify (tests/oracles.py) for random assignments of the
    cores to the sides, runs starting inside the train and carrying legs included: the checker
    accepts each, and the claim is at most FLINT's rank over Q of the whole matricization."""
    got = check_certificate(c)
    assert got["rank"] == c["rank"] and got["runs"] == len(c["minors"])
    assert got["largest_minor"] == max(len(m["cols"]) for m in c["minors"])
    assert rank_q(whole_matricization(cert_tensor(c), c["row_modes"], c["col_modes"])) >= c["rank"]


@given(st.one_of(any_cut_certificates(), any_cut_certificates(inner=True)), st.data())
def test_cut_checker_is_sound_on_forged_certificates_of_any_cut(c, data):
    """The same certificates with one core made rank-deficient: accepted only if the claim holds."""
    forge_core(c, data.draw(st.integers(0, c["d"] - 1)), data.draw(st.sampled_from(FORGERIES)))
    true_rank = rank_q(whole_matricization(cert_tensor(c), c["row_modes"], c["col_modes"]))
    try:
        got = check_certificate(c)["rank"]
    except CertificateError as e:
        assert "singular" in str(e), str(e)
        event("rejected, rank below the claim" if true_rank < c["rank"] else "rejected, rank not below the claim")
        return
    assert true_rank >= got
    event("accepted")


# --- every message exact: the offending value and what would be valid ------------------------


def exactly(message):
    """A pattern matching ``message`` and nothing else."""
    return f"^{re.escape(message)}$"


def exactly_start(message):
    """A pattern matching what starts with ``message``."""
    return f"^{re.escape(message)}"


CUT_MESSAGES = [
    (("rank",), 0, "rank must be >= 1, got 0"),
    (("rank",), "32", "rank must be an integer, got '32'"),
    (
        ("rank",),
        33,
        "the cut's inner dimension is 32 on the row side and 32 on the column side; the certificate claims rank 33",
    ),
    (("minors",), {}, "minors must be a list"),
    (("minors", 0, "first"), -1, "a minor's first core must be >= 0, got -1"),
    (("minors", 0, "first"), "0", "a minor's first core must be an integer, got '0'"),
    (("minors", 0, "last"), -1, "a minor's last core must be >= 0, got -1"),
    (("minors", 0, "last"), 0.0, "a minor's last core must be an integer, got 0.0"),
    (("minors", 0, "extra"), 1, "each minor must be an object with exactly side, first, last, rows, cols"),
    (("sides",), "RXRCRC", "sides must be a string of d = 6 letters R or C, got 'RXRCRC'"),
    (
        ("sides",),
        "RRCRCC",
        "the minors must be one for each run of sides 'RRCRCC': [['R', 0, 1], ['C', 2, 2], ['R', 3, 3], ['C', 4, 5]]",
    ),
    (("minors", 0, "rows"), "x", "a minor's rows must be a list"),
    (("minors", 0, "cols"), "x", "a minor's cols must be a list"),
    (("minors", 0, "rows", 0), 0, "an entry of the minor of cores 0..0 (R)'s rows must be a list"),
    (("minors", 0, "cols", 0), 0, "an entry of the minor of cores 0..0 (R)'s cols must be a list"),
    (("minors", 0, "rows", 0), ["0"], "the minor of cores 0..0 (R)'s rows index must be an integer, got '0'"),
    (("minors", 0, "cols", 0), [True], "the minor of cores 0..0 (R)'s cols index must be an integer, got True"),
    (("minors", 0, "rows", 0), [4], "the minor of cores 0..0 (R): rows entry [4] is not a multi-index of sizes [4]"),
    (("minors", 0, "cols", 0), [2], "the minor of cores 0..0 (R): cols entry [2] is not a multi-index of sizes [2]"),
    (("minors", 0, "rows"), [[0]], "the minor of cores 0..0 (R) must be 2 x 2 (its run's width), got 1 x 2"),
]


@pytest.mark.parametrize("path,value,message", CUT_MESSAGES, ids=[m[:40] for *_, m in CUT_MESSAGES])
def test_cut_certificate_messages_are_exact(cut_cert, path, value, message):
    """The fixture: n = 4, r = 2, d = 6, sides RCRCRC; its first minor is the run of core 0 (R):
    rows over mode 0 (size 4), columns over the bond after core 0 (size 2), width 2."""
    assert (cut_cert["sides"], cut_cert["minors"][0]["side"], cut_cert["minors"][0]["first"]) == ("RCRCRC", "R", 0)
    with pytest.raises(CertificateError, match=exactly(message)):
        check_certificate(tamper(cut_cert, path, value))


def test_cut_certificate_run_listed_twice(cut_cert):
    c = copy.deepcopy(cut_cert)
    c["minors"].append(copy.deepcopy(c["minors"][0]))
    with pytest.raises(CertificateError, match=exactly("the run ['R', 0, 0] is listed twice")):
        check_certificate(c)


def test_cut_certificate_of_rank_one():
    """r = 1: every run is 1 x 1 and the rank is 1 (the least a certificate may claim)."""
    c = make_cut_certificate(2, 1, 4, "equal", seed=0, prime=1_000_003)
    assert (c["rank"], c["sides"]) == (1, "RCRC")
    assert check_certificate(c) == {
        "rank": 1,
        "prime": 1_000_003,
        "d": 4,
        "row_modes": [0, 2],
        "col_modes": [1, 3],
        "method": "cut",
        "runs": 4,
        "largest_minor": 1,
    }


def smallest_passing(accepts, hi):
    """The least x in 1..hi with accepts(x) (accepts is monotone in x)."""
    lo = 1
    assert accepts(hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if accepts(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _passes(c):
    try:
        check_certificate(c)
        return True
    except CertificateError:
        return False


#: (certificate, how the checker describes its size in the refusal, by hand: a pattern)
LIMIT_CASES = [
    (lambda: make_certificate(2, 3, 6, "equal", seed=1), re.escape("rank 8, d = 6, r = 3")),
    (lambda: make_cut_certificate(2, 1, 4, "equal", seed=0, prime=1_000_003), re.escape("4 runs of cores, r = 1")),
    (lambda: make_cut_certificate(4, 2, 6, "different", seed=0, prime=1_000_003), re.escape("6 runs of cores, r = 2")),
    (lambda: make_cut_certificate(3, 2, 6, "different", seed=0, prime=1_000_003), re.escape("2 runs of cores, r = 2")),
    (
        lambda: make_koszul_certificate(3, 3, 5, "equal", seed=1, prime=1_000_003),
        r"\d+ \(b, c\) pairs, dim A = 3, d = 5",
    ),
]
#: the checkers' names for the partial products, by schema
PARTIAL_PRODUCTS = {1: "the minor's partial products", 2: "a run's partial products", 3: "the partial products"}


@pytest.mark.parametrize("make,what", LIMIT_CASES, ids=["minor", "cut-r1", "cut-6-runs", "cut-2-runs", "koszul"])
def test_checker_limits_at_their_edge(make, what, monkeypatch):
    """The work limit: at the least limit that admits the certificate it is checked, one below it is
    refused in one line naming the work and the size; the same for the memory guard of the partial
    products (8 bytes an entry)."""
    import verify.certificate as vc
    from verify.tt import get_memory_budget, set_memory_budget

    c = make()

    def with_work(w):
        monkeypatch.setattr(vc, "MAX_CHECK_WORK", w)
        return _passes(c)

    work = smallest_passing(with_work, 10**8)
    assert work >= 1
    monkeypatch.setattr(vc, "MAX_CHECK_WORK", work - 1)
    message = (
        rf"^checking this certificate takes {re.escape(f'{work:.2e}')} products \({what}\), more than this "
        rf"checker's limit of {re.escape(f'{work - 1:.0e}')}$"
    )
    with pytest.raises(CertificateError, match=message):
        check_certificate(c)
    monkeypatch.setattr(vc, "MAX_CHECK_WORK", 10**8)
    old = get_memory_budget()
    try:

        def with_budget(b):
            set_memory_budget(b)
            return _passes(c)

        need = smallest_passing(with_budget, 2**30)
        assert need % 8 == 0
        set_memory_budget(need - 1)
        name = PARTIAL_PRODUCTS[c["schema_version"]]
        with pytest.raises(CertificateError, match=exactly_start(f"{name} of shape {need // 8} ")):
            check_certificate(c)
    finally:
        set_memory_budget(old)


@pytest.mark.parametrize("p", [2**61 - 1, 18446744073709551557], ids=["2^61-1", "largest-below-2^64"])
def test_certificates_mod_a_large_prime(p):
    """Residues near 2^64: every product in the checkers must be exact (int64 would wrap, and wrong
    entries make a random-looking minor, nonsingular almost surely).  Honest certificates are
    accepted; forged ones (a singular minor, a singular run) rejected."""
    minor = make_certificate(2, 3, 6, "equal", seed=1, prime=p)
    cut = make_cut_certificate(4, 2, 6, "different", seed=1, prime=p)
    for c in (minor, cut):
        assert max(abs(x) for row in c["cores"]["first"] for x in row) > 2**40  # residues, not small ints
        assert check_certificate(c)["rank"] == c["rank"]
    forge_core(minor, 0, "dup-row")
    m, whole = minor_oracle(minor)
    assert 0 < rank_mod(m, p) < 8 and rank_q(whole) < 8
    with pytest.raises(CertificateError, match="minor is singular"):
        check_certificate(minor)
    forge_core(cut, 2, "dup-column")
    assert rank_q(whole_matricization(cert_tensor(cut), cut["row_modes"], cut["col_modes"])) < 32
    with pytest.raises(CertificateError, match=exactly_start("the minor of cores 2..2 (R) is singular")):
        check_certificate(cut)


def test_short_renders_values_boundedly():
    from verify.certificate import _short

    assert _short(2**200) == "<an integer of 201 bits>"
    assert _short(2**128) == "<an integer of 129 bits>"
    assert _short(2**127) == repr(2**127)  # 128 bits: printed
    assert _short(True) == "True" and _short(-(2**200)) == "<an integer of 201 bits>"
    assert _short("x" * 58) == repr("x" * 58)  # 60 characters with the quotes
    assert _short("x" * 59) == repr("x" * 59)[:57] + "..." and len(_short("x" * 59)) == 60


# --- the maker: its arguments reach the point, the partition and the backend -----------------


def test_make_certificate_defaults_and_arguments():
    from verify.rank import DEFAULT_PRIME

    default = make_certificate(2, 3, 4, "equal", seed=0, prime=DEFAULT_PRIME, partition="oddeven")
    assert make_certificate(2, 3, 4) == default
    for cores in ("equal", "different"):
        c = make_certificate(2, 3, 5, cores, seed=4, prime=101)
        tt = random_tt(2, 3, 5, cores, seed=4, prime=101)
        assert c["cores"]["first"] == tt.cores[0][0].tolist() and c["cores"]["last"] == tt.cores[-1][..., 0].tolist()
        internal = tt.cores[1].tolist() if cores == "equal" else [g.tolist() for g in tt.cores[1:-1]]
        assert c["cores"]["internal"] == internal  # equal cores: the one shared core, once
        assert check_certificate(c)["rank"] == c["rank"]
    assert make_certificate(2, 3, 5, seed=4) != make_certificate(2, 3, 5, seed=5)


def test_make_certificate_half_partition_budget_backend():
    from verify.errors import MemoryBudgetError

    c = make_certificate(3, 2, 6, "equal", seed=2, partition="half")
    assert (c["row_modes"], c["col_modes"]) == ([0, 1, 2], [3, 4, 5])
    assert check_certificate(c)["rank"] == half_formula(3, 2, 6) == 2
    with pytest.raises(MemoryBudgetError):
        make_certificate(2, 3, 6, budget=100)  # the 8 x 8 matricization: 512 bytes
    with pytest.raises(BadParameterError, match="not 'galois'"):
        make_certificate(2, 3, 6, backend="galois")


# --- load_certificate and certify_case, in the process ----------------------------------------


def test_load_certificate_errors(tmp_path, monkeypatch):
    import verify.certificate as vc
    from verify.certificate import load_certificate

    good = tmp_path / "c.json"
    good.write_text(json.dumps({"a": 1}))
    assert load_certificate(good) == {"a": 1} and load_certificate(str(good)) == {"a": 1}
    missing = tmp_path / "none.json"
    message = f"cannot read certificate {str(missing)!r}: No such file or directory"
    with pytest.raises(CertificateError, match=exactly(message)):
        load_certificate(missing)
    bad = tmp_path / "b.json"
    bad.write_bytes(b"\xff\xfe{}")
    with pytest.raises(CertificateError, match=exactly(f"certificate {str(bad)!r} is not UTF-8 text")):
        load_certificate(bad)
    bad.write_text("{1: 2}")
    with pytest.raises(
        CertificateError,
        match=exactly_start(f"certificate {str(bad)!r} is not valid JSON: Expecting property name enclosed in double"),
    ):
        load_certificate(bad)
    monkeypatch.setattr(vc, "MAX_FILE_BYTES", 7)
    good.write_text("[1, 2, 3]")  # 9 bytes
    with pytest.raises(CertificateError, match=exactly(f"certificate {str(good)!r} has 9 bytes, more than 7")):
        load_certificate(good)
    good.write_text("[1, 23]")  # 7 bytes: at the limit
    assert load_certificate(good) == [1, 23]


def test_certify_case_records_and_files(tmp_path):
    from verify.certificate import certify_case
    from verify.rank import DEFAULT_PRIME

    base = {"check": "certificate", "cores": "equal", "partition": "oddeven", "prime": DEFAULT_PRIME}
    base |= {"passed": True, "status": "ok"}
    path = tmp_path / "m.json"
    rec = certify_case(2, 3, 6, path=str(path), method="minor")
    assert rec == base | {"n": 2, "r": 3, "d": 6, "rank": 8, "method": "minor", "path": str(path)}
    assert path.read_text() == json.dumps(make_certificate(2, 3, 6)) + "\n"
    path = tmp_path / "c.json"
    rec = certify_case(4, 2, 6, "different", seed=3, prime=1_000_003, path=str(path), method="cut")
    expect = {"n": 4, "r": 2, "d": 6, "cores": "different", "prime": 1_000_003, "rank": 32, "method": "cut"}
    assert rec == base | expect | {"path": str(path)}
    assert json.loads(path.read_text()) == make_cut_certificate(4, 2, 6, "different", seed=3, prime=1_000_003)
    # auto: the cut where the bound (8) is below the side (16); the minor for n = 2, r = 3, d = 2
    # (rank 2 = the side: a 2 x 2 matrix is cheaper than any cut's segments)
    assert certify_case(4, 2, 4, path=str(tmp_path / "a.json"))["method"] == "cut"
    assert certify_case(2, 3, 2, path=str(tmp_path / "b.json"))["method"] == "minor"
    assert certify_case(3, 2, 6, partition="half", path=str(tmp_path / "h.json"), method="minor")["rank"] == 2
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["a.json", "b.json", "c.json", "h.json", "m.json"]  # no .tmp left


def test_certify_case_refusals(tmp_path):
    from verify.certificate import certify_case

    with pytest.raises(BadParameterError, match=exactly("method must be auto, minor, cut or koszul, got 'x'")):
        certify_case(2, 3, 6, path=str(tmp_path / "x.json"), method="x")
    with pytest.raises(
        BadParameterError,
        match=exactly(
            "a certificate for n = 2, d = 6 eliminates a matrix of side n^3, about 5.1e+02 operations > --max-work"
        ),
    ):
        certify_case(2, 3, 6, path=str(tmp_path / "x.json"), method="minor", max_work=511)
    assert certify_case(2, 3, 6, path=str(tmp_path / "x.json"), method="minor", max_work=512)["rank"] == 8
    cost = r"^a cut certificate for n = 4, r = 2, d = 6 costs about .* operations > --max-work$"
    with pytest.raises(BadParameterError, match=cost):
        certify_case(4, 2, 6, path=str(tmp_path / "y.json"), method="cut", max_work=1)
    target = tmp_path / "no" / "such" / "dir" / "c.json"
    message = f"cannot write certificate {str(target)!r}: No such file or directory"
    with pytest.raises(CertificateError, match=exactly(message)):
        certify_case(2, 3, 6, path=str(target), method="minor")


# --- every refusal's exact line, and every record (guards found by mutation testing) -------------

B128, B129 = 2**127, 2**128  # 128 and 129 bits: _short prints integers of more than 128 bits as their size

MINOR_MESSAGES = [
    # the fixture `cert`: n = 2, r = 3, d = 6, rank 8, rows over modes [0, 2, 4], prime 2^31 - 1
    (("rank",), "8", "rank must be an integer, got '8'"),
    (("rank",), 0, "rank must be >= 1, got 0"),
    (("rank",), 9, "rank 9 needs 9 rows and 9 cols, got 8 and 8"),
    (("rank",), B128, f"rank {B128} needs {B128} rows and {B128} cols, got 8 and 8"),
    (("rank",), B129, "rank <an integer of 129 bits> needs <an integer of 129 bits> rows and "
     "<an integer of 129 bits> cols, got 8 and 8"),
    (("rows",), "x", "rows must be a list"),
    (("cols",), 5, "cols must be a list"),
    (("rows", 0), 7, "an entry of rows must be a list"),
    (("cols", 0), "abc", "an entry of cols must be a list"),
    (("rows", 0), [2, 0, 0], "rows entry [2, 0, 0] is not a multi-index over modes [0, 2, 4] of sizes [2, 2, 2]"),
    (("rows", 0), [-1, 0, 0], "rows entry [-1, 0, 0] is not a multi-index over modes [0, 2, 4] of sizes [2, 2, 2]"),
    (("cols", 0), [0, 0], "cols entry [0, 0] is not a multi-index over modes [1, 3, 5] of sizes [2, 2, 2]"),
    (("rows", 0, 1), "a", "rows index must be an integer, got 'a'"),
    (("cols", 0, 0), None, "cols index must be an integer, got None"),
    (("schema_version",), "1", "schema_version must be an integer, got '1'"),
    (("schema_version",), 4, "unsupported schema_version 4; this checker reads 1 (a minor), 2 (a cut) and 3 "
     "(a Koszul flattening)"),
    (("row_modes",), "0", "row_modes must be a list"),
    (("col_modes",), {}, "col_modes must be a list"),
    (("row_modes",), ["0", 2, 4], "row_modes entry must be an integer, got '0'"),
    (("row_modes",), [-1, 2, 4], "row_modes entry must be >= 0, got -1"),
    (("col_modes",), [1, 3, "5"], "col_modes entry must be an integer, got '5'"),
    (("col_modes",), [1, 3, -5], "col_modes entry must be >= 0, got -5"),
    (("d",), "6", "d must be an integer, got '6'"),
    (("d",), 1, "d must be >= 2, got 1"),
    (("row_modes",), [], "row_modes [] and col_modes [1, 3, 5] must split the modes 0..d-1 (d = 6)"),
    (
        ("col_modes",),
        [1, 3, 5, 6],
        "row_modes [0, 2, 4] and col_modes [1, 3, 5, 6] must split the modes 0..d-1 (d = 6)",
    ),
    (("prime",), "p", "prime must be an integer, got 'p'"),
    (("prime",), 1, "prime must be >= 2, got 1"),
    (("prime",), 2**64 + 13, "prime 18446744073709551629 is not a prime below 2**64"),  # the least prime above 2^64
    (("cores",), [], "cores must be an object with exactly the keys first, internal, last"),
    (("cores", "first"), 5, "cores.first must be a non-empty 2-dimensional list of integers"),
    (("cores", "first"), [], "cores.first must be a non-empty 2-dimensional list of integers"),
    (("cores", "first", 0, 0), "x", "an entry of cores.first must be an integer, got 'x'"),
    (("cores", "last"), "x", "cores.last must be a non-empty 2-dimensional list of integers"),
    (("cores", "last"), [[1, 2], [1]], "cores.last is ragged or not 2-dimensional"),
    (("cores", "last", 0, 0), "x", "an entry of cores.last must be an integer, got 'x'"),
    (("cores", "internal"), [[[1, "x"]]], "an entry of cores.internal must be an integer, got 'x'"),
    (("cores", "internal"), [[[[1]]], [[[1]]]], "cores.internal lists 2 cores, d - 2 = 4 expected"),
    (("cores", "internal"), [[[[1]]]] * 3 + [[[["x"]]]], "an entry of cores.internal[k] must be an integer, got 'x'"),
    (("prime",), 2147483646, "prime 2147483646 is not a prime below 2**64"),
    # a cut certificate's keys are others, and a Koszul certificate's
    (("schema_version",), 2, "certificate keys wrong: missing ['minors', 'sides'], unexpected ['cols', 'rows']"),
    (
        ("schema_version",),
        3,
        "certificate keys wrong: missing ['bound', 'grouping', 'p', 'quotient'], unexpected ['col_modes', 'row_modes']",
    ),
    (("cores", "first", 0, 0), 1.5, "an entry of cores.first must be an integer, got 1.5"),
    (("cores", "first", 0, 0), True, "an entry of cores.first must be an integer, got True"),
    (("row_modes",), [0, 1, 2], "row_modes [0, 1, 2] and col_modes [1, 3, 5] must split the modes 0..d-1 (d = 6)"),
    (("rows", 0), [0, 0, 9], "rows entry [0, 0, 9] is not a multi-index over modes [0, 2, 4] of sizes [2, 2, 2]"),
    (
        ("cores", "internal"),
        [[[1]]],
        "cores do not form a tensor train: cores do not fit: first (1, 2, 3), internal (1, 1, 1), last (3, 2, 1); "
        "need first (1, n, r), internal (r, n, r), last (r, n, 1)",
    ),
]


@pytest.mark.parametrize("path,value,message", MINOR_MESSAGES, ids=[m[:40] for *_, m in MINOR_MESSAGES])
def test_minor_certificate_messages_are_exact(cert, path, value, message):
    with pytest.raises(CertificateError, match=exactly(message)):
        check_certificate(tamper(cert, path, value))


def test_minor_certificate_messages_of_lists(cert):
    """Lists of the wrong length, each side on its own; a repeated multi-index; a certificate that
    is not an object; the bound on a printed value (60 characters; longer: 57 and '...')."""
    with pytest.raises(CertificateError, match=exactly("a certificate must be a JSON object")):
        check_certificate([cert])
    with pytest.raises(CertificateError, match=exactly("rank 8 needs 8 rows and 8 cols, got 7 and 8")):
        check_certificate(tamper(cert, ("rows",), cert["rows"][:7]))
    with pytest.raises(CertificateError, match=exactly("rank 8 needs 8 rows and 8 cols, got 8 and 7")):
        check_certificate(tamper(cert, ("cols",), cert["cols"][:7]))
    with pytest.raises(CertificateError, match=exactly("cols repeat a multi-index")):
        check_certificate(tamper(cert, ("cols", 1), cert["cols"][0]))
    sixty, sixty_one = "x" * 58, "x" * 59  # their reprs: 60 and 61 characters
    with pytest.raises(CertificateError, match=exactly(f"rank must be an integer, got '{sixty}'")):
        check_certificate(tamper(cert, ("rank",), sixty))
    with pytest.raises(CertificateError, match=exactly(f"rank must be an integer, got '{'x' * 56}...")):
        check_certificate(tamper(cert, ("rank",), sixty_one))


def test_minor_certificate_record_and_d2(cert):
    assert check_certificate(cert) == {
        "rank": 8, "prime": 2147483647, "d": 6, "row_modes": [0, 2, 4], "col_modes": [1, 3, 5], "method": "minor",
    }
    c2 = make_certificate(2, 3, 2)
    assert c2["cores"]["internal"] == [] and check_certificate(c2)["rank"] == 2
    with pytest.raises(CertificateError, match=exactly("for d = 2 cores.internal must be []")):
        check_certificate(tamper(c2, ("cores", "internal"), [[[1]]]))


def test_makers_draw_the_point_they_are_asked_for():
    """Every maker: the cores of random_tt(n, r, d, cores, seed, prime) (the equal-core file lists
    one internal core, the different-core file each), that prime; defaults: equal cores, seed 0."""
    from verify.rank import DEFAULT_PRIME

    for make, extra in ((make_certificate, {}), (make_cut_certificate, {}), (make_koszul_certificate, {})):
        n, r, d = (3, 2, 5) if make is make_koszul_certificate else (4, 2, 4)
        for cores, seed, p in (("equal", 0, DEFAULT_PRIME), ("different", 5, 1_000_003), ("equal", 2, 1_000_003)):
            c = make(n, r, d, cores, seed=seed, prime=p, **extra)
            g = random_tt(n, r, d, cores, seed=seed, prime=p).cores
            internal = g[1].tolist() if cores == "equal" else [x.tolist() for x in g[1:-1]]
            assert c["prime"] == p and c["d"] == d
            assert c["cores"] == {"first": g[0][0].tolist(), "internal": internal, "last": g[-1][..., 0].tolist()}
            assert check_certificate(c)["rank"] == c["rank"]
        assert make(n, r, d) == make(n, r, d, "equal", seed=0, prime=DEFAULT_PRIME)


KOSZUL_MESSAGES = [
    # the fixture `koszul_cert`: n = r = 3, d = 5, A = [3], B = [0, 2], C = [1, 4], p = 1, rank 27,
    # bound 14, prime 1000003
    (("grouping",), [], "grouping must be an object with exactly the keys A, B, C"),
    (("grouping", "A"), 3, "grouping.A must be a list"),
    (("grouping", "B"), ["0", 2], "grouping.B entry must be an integer, got '0'"),
    (("grouping", "C"), [1, -4], "grouping.C entry must be >= 0, got -4"),
    (("d",), "5", "d must be an integer, got '5'"),
    (("d",), 2, "d must be >= 3, got 2"),
    (("grouping", "A"), [3, 0], "grouping {'A': [3, 0], 'B': [0, 2], 'C': [1, 4]} must split the modes 0..d-1 "
     "(d = 5) into three non-empty sets"),
    (("d",), 6, "grouping {'A': [3], 'B': [0, 2], 'C': [1, 4]} must split the modes 0..d-1 (d = 6) into three "
     "non-empty sets"),
    (("p",), "1", "p must be an integer, got '1'"),
    (("p",), 0, "p must be >= 1, got 0"),
    (("p",), 2, "p = 2 needs a quotient of dimension 2p+1 = 5 <= dim A = 3"),
    (("quotient",), "q", "quotient must be a non-empty 2-dimensional list of integers"),
    (("quotient",), [[1, 0, 0], [0, 1, 0]], "quotient must be a 3 x 3 matrix (2p+1 x dim A), got 2 x 3"),
    (("quotient",), [[1, 0], [0, 1], [1, 1]], "quotient must be a 3 x 3 matrix (2p+1 x dim A), got 3 x 2"),
    (("quotient", 0, 0), 0.5, "an entry of quotient must be an integer, got 0.5"),
    (("rank",), "27", "rank must be an integer, got '27'"),
    (("rank",), 0, "rank must be >= 1, got 0"),
    (("rank",), 28, "rank 28 needs 28 rows and 28 cols, got 27 and 27"),
    (("rows",), "x", "rows must be a list"),
    (("cols",), 1, "cols must be a list"),
    (("rows", 0), 5, "an entry of rows must be a list"),
    (("rows", 0), [[0]], "rows entry [[0]] must be [wedge subset, multi-index]"),
    (("rows", 0, 0), "s", "rows wedge subset must be a list"),
    (("rows", 0, 0), ["0"], "rows wedge index must be an integer, got '0'"),
    (("rows", 0, 1), 0, "rows multi-index must be a list"),
    (("rows", 0, 1), [0, "1"], "rows index must be an integer, got '1'"),
    (("cols", 0, 0), [0, 3], "cols entry [[0, 3], [0, 0]]: the wedge part must be 2 increasing indices below 3"),
    (("cols", 0, 1), [0, 3], "cols entry [[0, 1], [0, 3]] is not a multi-index over modes [1, 4] of sizes [3, 3]"),
    (("bound",), "14", "bound must be an integer, got '14'"),
    (("bound",), 0, "bound must be >= 1, got 0"),
    (("bound",), 15, "a Koszul minor of size 27 with p = 1 proves CP-rank >= ceil(27 / binom(2, 1)) = 14, "
     "the certificate claims 15"),
    (("grouping", "D"), [1], "grouping must be an object with exactly the keys A, B, C"),
    (("rows", 0, 0), [1, 0], "rows entry [[1, 0], [0, 0]]: the wedge part must be 1 increasing indices below 3"),
    (("rows", 0, 0), [3], "rows entry [[3], [0, 0]]: the wedge part must be 1 increasing indices below 3"),
    (("prime",), 1_000_002, "prime 1000002 is not a prime below 2**64"),
    (("cols", 0), [[0, 1]], "cols entry [[0, 1]] must be [wedge subset, multi-index]"),
    (("cols", 0, 1), [0, 9], "cols entry [[0, 1], [0, 9]] is not a multi-index over modes [1, 4] of sizes [3, 3]"),
]


@pytest.mark.parametrize("path,value,message", KOSZUL_MESSAGES, ids=[m[:40] for *_, m in KOSZUL_MESSAGES])
def test_koszul_certificate_messages_are_exact(koszul_cert, path, value, message):
    assert koszul_cert["rows"][0] == [[0], [0, 0]] and koszul_cert["cols"][0] == [[0, 1], [0, 0]]
    with pytest.raises(CertificateError, match=exactly(message)):
        check_certificate(tamper(koszul_cert, path, value))


def test_koszul_certificate_record_lists_and_budget(koszul_cert):
    from verify.tt import get_memory_budget, set_memory_budget

    assert check_certificate(koszul_cert) == {
        "rank": 27, "bound": 14, "prime": 1_000_003, "d": 5, "grouping": {"A": [3], "B": [0, 2], "C": [1, 4]},
        "p": 1, "method": "koszul",
    }
    with pytest.raises(CertificateError, match=exactly("rank 27 needs 27 rows and 27 cols, got 27 and 26")):
        check_certificate(tamper(koszul_cert, ("cols",), koszul_cert["cols"][:26]))
    with pytest.raises(CertificateError, match=exactly("rank 27 needs 27 rows and 27 cols, got 26 and 27")):
        check_certificate(tamper(koszul_cert, ("rows",), koszul_cert["rows"][:26]))
    old = get_memory_budget()
    try:
        set_memory_budget(64)
        budget = r"^the partial products of shape \d+ \(.*exceeds the memory budget of 64 bytes"
        with pytest.raises(CertificateError, match=budget):
            check_certificate(koszul_cert)
    finally:
        set_memory_budget(old)


def test_koszul_bound_message_for_p_2():
    c = make_koszul_certificate(5, 4, 3, "equal", seed=4, prime=1_000_003, grouping="1|0|2", p=2)
    k = c["rank"]
    b = -(-k // 6)  # binom(4, 2) = 6
    assert c["bound"] == b == 7
    with pytest.raises(
        CertificateError,
        match=exactly(
            f"a Koszul minor of size {k} with p = 2 proves CP-rank >= ceil({k} / binom(4, 2)) = {b}, "
            f"the certificate claims {b + 1}"
        ),
    ):
        check_certificate(tamper(c, ("bound",), b + 1))


def test_koszul_checker_rejects_every_claim_above_the_rank_with_p_2():
    """The signs of the wedge products matter from p = 2 on (e_S ^ e_i with i above two members of
    S).  A rank-one train (r = 1) has a Koszul matrix of rank binom(2p, p) = 6 (FLINT's exact rank of
    the oracle's matrix); every claim of a 7 x 7 minor (the honest 6 rows and columns and one more
    of each, 40 draws) must be rejected."""
    c = make_koszul_certificate(5, 1, 3, "equal", seed=4, prime=1_000_003, grouping="0|1|2", p=2)
    assert c["rank"] == 6 and c["bound"] == 1
    _, whole = koszul_oracle(c)
    assert rank_q(whole) == 6
    rows_all = [[list(s), [b]] for s in itertools.combinations(range(5), 2) for b in range(5)]
    cols_all = [[list(s), [x]] for s in itertools.combinations(range(5), 3) for x in range(5)]
    rng = np.random.default_rng(0)
    for _ in range(40):
        extra_r = [x for x in rows_all if x not in c["rows"]][int(rng.integers(44))]
        extra_c = [x for x in cols_all if x not in c["cols"]][int(rng.integers(44))]
        forged = c | {"rows": c["rows"] + [extra_r], "cols": c["cols"] + [extra_c], "rank": 7, "bound": 2}
        with pytest.raises(CertificateError, match="is singular mod 1000003"):
            check_certificate(forged)


def test_certify_case_koszul_records_files_and_cost(tmp_path):
    from verify.certificate import certify_case
    from verify.rank import DEFAULT_PRIME

    path = tmp_path / "k.json"
    rec = certify_case(3, 3, 5, path=str(path), method="koszul")
    cert = make_koszul_certificate(3, 3, 5)
    assert path.read_text() == json.dumps(cert) + "\n"
    assert rec == {
        "path": str(path), "check": "certificate", "n": 3, "r": 3, "d": 5, "cores": "equal",
        "grouping": {"A": [3], "B": [0, 2], "C": [1, 4]}, "p": 1, "rank": cert["rank"], "bound": 14,
        "prime": DEFAULT_PRIME, "method": "koszul", "passed": True, "status": "ok",
    }
    args = dict(seed=2, prime=1_000_003, grouping="0|1|2,3,4", p=1)
    rec = certify_case(3, 2, 5, "different", path=str(path), method="koszul", **args)
    cert = make_koszul_certificate(3, 2, 5, "different", **args)
    assert path.read_text() == json.dumps(cert) + "\n"
    assert (rec["cores"], rec["grouping"], rec["p"], rec["prime"], rec["rank"]) == (
        "different", {"A": [0], "B": [1], "C": [2, 3, 4]}, 1, 1_000_003, cert["rank"])
    # the Koszul matrix of A = [0], B = [1], C = [2, 3, 4], p = 1: binom(3, 1) 3 = 9 rows, binom(3, 2) 27 = 81
    # columns; its elimination costs 81 * 9^2 = 6561
    too_big = exactly("a Koszul certificate for n = 3, d = 5 eliminates a 9 x 81 matrix > --max-work")
    with pytest.raises(BadParameterError, match=too_big):
        certify_case(3, 2, 5, path=str(path), method="koszul", grouping="0|1|2,3,4", max_work=6560)
    assert certify_case(3, 2, 5, path=str(path), method="koszul", grouping="0|1|2,3,4", max_work=6561)["p"] == 1
    # the family grouping of d = 5 (A = [3], B = [0, 2], C = [1, 4]) at n = 3: 27 x 27, 27^3 = 19683
    koszul_cost = "a Koszul certificate for n = 3, d = 5 eliminates a 27 x 27 matrix > --max-work"
    with pytest.raises(BadParameterError, match=exactly(koszul_cost)):
        certify_case(3, 2, 5, path=str(path), method="koszul", max_work=19682)
    # p = 2 needs dim A >= 5: n = 5, d = 3, A = [0]: binom(5, 2) 5 = 50 rows, binom(5, 3) 5 = 50 columns
    koszul_cost = "a Koszul certificate for n = 5, d = 3 eliminates a 50 x 50 matrix > --max-work"
    with pytest.raises(BadParameterError, match=exactly(koszul_cost)):
        certify_case(5, 2, 3, path=str(path), method="koszul", grouping="0|1|2", max_work=50**3 - 1)
    # and with p = 1: binom(3, 1) 5 = 15 rows and columns
    koszul_cost = "a Koszul certificate for n = 5, d = 3 eliminates a 15 x 15 matrix > --max-work"
    with pytest.raises(BadParameterError, match=exactly(koszul_cost)):
        certify_case(5, 2, 3, path=str(path), method="koszul", grouping="0|1|2", p=1, max_work=15**3 - 1)


def test_certify_case_auto_and_minor_use_the_partition_sides(tmp_path):
    """The matrix of n^|rows| x n^|cols| decides auto's choice (generic.prefers_cut) and the minor's
    cost (its larger side cubed): each case refused with max_work = 0 names the method chosen."""
    from verify.certificate import certify_case
    from verify.generic import cut_plan, partition_modes, prefers_cut

    for n, r, d in itertools.product((2, 3, 4), (2, 3, 5, 9), (3, 4, 5)):
        rows_m, cols_m = partition_modes(d, "oddeven")
        upper, _, work = cut_plan(n, r, d, rows_m)
        cut = prefers_cut(upper, n ** len(rows_m), n ** len(cols_m), work)
        with pytest.raises(BadParameterError, match="^a cut certificate" if cut else "^a certificate for"):
            certify_case(n, r, d, path=str(tmp_path / "x.json"), max_work=0)
    # d = 5, n = 2: rows over modes 0, 2, 4 (side 8), columns over 1, 3 (side 4): 8^3 = 512
    message = "a certificate for n = 2, d = 5 eliminates a matrix of side n^3, about 5.1e+02 operations > --max-work"
    with pytest.raises(BadParameterError, match=exactly(message)):
        certify_case(2, 3, 5, path=str(tmp_path / "x.json"), method="minor", max_work=511)
    assert certify_case(2, 3, 5, path=str(tmp_path / "x.json"), method="minor", max_work=512)["rank"] == 4
    with pytest.raises(BadParameterError, match=exactly("method must be auto, minor, cut or koszul, got 'KOSZUL'")):
        certify_case(2, 3, 5, path=str(tmp_path / "x.json"), method="KOSZUL")


def test_makers_details():
    """The equal-core file of d = 3 lists its one internal core; Koszul: an explicit p below the
    largest is kept, the quotient is random_quotient(dim A, p, seed), p is validated in one line;
    each maker honours its memory budget; a degenerate point has no cut certificate."""
    from verify.errors import MemoryBudgetError
    from verify.koszul import random_quotient

    c = make_certificate(4, 2, 3, "equal", seed=2)
    assert c["cores"]["internal"] == random_tt(4, 2, 3, "equal", seed=2).cores[1].tolist()
    k = make_koszul_certificate(5, 2, 3, grouping="0|1|2", p=1, seed=3)
    assert k["p"] == 1 and k["quotient"] == random_quotient(5, 1, 3).tolist()
    assert make_koszul_certificate(5, 2, 3, grouping="0|1|2", seed=3)["p"] == 2
    for p in (2, 0, True, "1"):
        with pytest.raises(
            BadParameterError, match=exactly(f"p must be an integer with 1 <= p and 2p+1 <= dim A = 3, got {p!r}")
        ):
            make_koszul_certificate(3, 2, 5, p=p)
    makers = ((make_certificate, (2, 3, 6)), (make_cut_certificate, (3, 2, 5)), (make_koszul_certificate, (3, 3, 5)))
    for make, args in makers:
        with pytest.raises(MemoryBudgetError, match="exceeds the memory budget of 8 bytes"):
            make(*args, budget=8)
    message = "a segment of the cut has rank 0 < 4 mod 2 at seed 0: no cut certificate here (another --seed or --prime)"
    with pytest.raises(BadParameterError, match=exactly(message)):
        make_cut_certificate(2, 2, 4, prime=2)


def test_checker_header_details(cert):
    with pytest.raises(
        CertificateError, match=exactly("cores must be an object with exactly the keys first, internal, last")
    ):
        check_certificate(tamper(cert, ("cores", "extra"), 1))
    both = tamper(tamper(cert, ("row_modes",), []), ("col_modes",), [0, 1, 2, 3, 4, 5])
    message = "row_modes [] and col_modes [0, 1, 2, 3, 4, 5] must split the modes 0..d-1 (d = 6)"
    with pytest.raises(CertificateError, match=exactly(message)):
        check_certificate(both)


@pytest.mark.parametrize("p, limit", [(2147483647, "1e+08"), (2**61 - 1, "2e+07 for a prime of 61 bits")])
def test_work_beyond_the_limit_is_refused_in_process(p, limit):
    """As test_work_beyond_the_limit_is_refused_in_seconds, in this process: the message names the
    limit for the prime's size."""
    n, r, k = (4096, 64, 2000) if p < 2**31 else (4096, 128, 400)
    c = {
        "schema_version": 1, "d": 2, "cores": {"first": [[1] * r] * n, "internal": [], "last": [[1] * n] * r},
        "prime": p, "row_modes": [0], "col_modes": [1], "rows": [[i] for i in range(k)],
        "cols": [[i] for i in range(k)], "rank": k,
    }
    pattern = rf"^checking this certificate takes \S+ products \(rank {k}, d = 2, r = {r}\), more than this "
    with pytest.raises(CertificateError, match=pattern + rf"checker's limit of {re.escape(limit)}$"):
        check_certificate(c)


def test_certify_case_passes_every_choice_on(tmp_path, monkeypatch):
    """Cores, seed, prime, partition (or grouping and p) and the pivot backend reach the maker: the
    file is the maker's certificate for exactly those, and every pivot search ran on that backend."""
    import verify.certificate as vc

    backends = []
    real = vc.nonsingular_minor

    def spy(m, p, backend="flint"):
        backends.append(backend)
        return real(m, p, backend)

    monkeypatch.setattr(vc, "nonsingular_minor", spy)
    path = tmp_path / "c.json"
    base = dict(seed=3, prime=1_000_003, backend="blas")
    cases = [
        ("minor", vc.make_certificate, (2, 2, 8, "different"), dict(partition="half")),
        ("cut", vc.make_cut_certificate, (3, 2, 5, "different"), dict(partition="half")),
        ("koszul", vc.make_koszul_certificate, (3, 2, 5, "different"), dict(grouping="0|1,2|3,4", p=1)),
    ]
    for method, make, args, extra in cases:
        backends.clear()
        vc.certify_case(*args, path=str(path), method=method, **base, **extra)
        assert backends and set(backends) == {"blas"}, method
        assert json.loads(path.read_text()) == make(*args, **base, **extra), method


def test_core_entries_are_any_integers(cert):
    """The file's integers are read exactly: entries moved by multiples of p into [2^63, 2^64) (where
    numpy would pick float64) and beyond 2^64 give the same verdict."""
    p = cert["prime"]
    for target in (2**63, 2**64 + 5, -(2**63) - 7):
        c = copy.deepcopy(cert)
        x = c["cores"]["first"][0][0]
        c["cores"]["first"][0][0] = x + (target // p + 1) * p
        c["cores"]["last"][1][0] += (target // p + 1) * p
        assert check_certificate(c) == check_certificate(cert)


def test_certify_case_edges(tmp_path, monkeypatch):
    """The default file name; the method shown to 40 characters; an explicit p; the cut at exactly
    --max-work; the Koszul rows of a grouping whose B is larger than C."""
    from verify.certificate import certify_case
    from verify.generic import cut_plan

    monkeypatch.chdir(tmp_path)
    rec = certify_case(2, 3, 4, method="minor")
    assert rec["path"] == "cert.json" and (tmp_path / "cert.json").exists()
    long_method = f"method must be auto, minor, cut or koszul, got {'k' * 40!r}... (41 characters)"
    with pytest.raises(BadParameterError, match=exactly(long_method)):
        certify_case(2, 3, 4, method="k" * 41)
    assert certify_case(5, 2, 3, method="koszul", grouping="0|1|2", p=1)["p"] == 1
    work = cut_plan(4, 2, 6, (0, 2, 4))[2]
    assert certify_case(4, 2, 6, method="cut", max_work=work)["rank"] == 32
    c = make_koszul_certificate(3, 2, 4, grouping="0|1,2|3", p=1)  # dim B = 9 > dim C = 3
    assert check_certificate(c)["rank"] == c["rank"]

