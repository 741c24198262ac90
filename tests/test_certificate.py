"""Certificates: round trip, tampering, malformed files, the CLI."""

import copy
import json
import subprocess
import sys

import pytest

from verify.certificate import check_certificate, make_certificate, make_cut_certificate
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


@pytest.mark.parametrize(
    "path,value,match",
    [
        (("rank",), 9, "needs 9 rows"),
        (("prime",), 2147483646, "not a prime"),
        (("schema_version",), 3, "schema_version"),
        (("schema_version",), 2, "keys wrong"),  # a cut certificate's keys are others
        (("d",), "6", "integer"),
        (("cores", "first", 0, 0), 1.5, "integer"),
        (("cores", "first", 0, 0), True, "integer"),
        (("row_modes",), [0, 1, 2], "split"),
        (("rows", 0), [0, 0, 9], "multi-index"),
        (("cores", "internal"), [[[1]]], "do not form|fit"),
    ],
    ids=["rank", "prime", "schema", "schema-cut", "d-str", "float", "bool", "modes", "index", "shape"],
)
def test_tampered_or_malformed(cert, path, value, match):
    with pytest.raises(CertificateError, match=match):
        check_certificate(tamper(cert, path, value))


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
