"""Certificates: round trip, tampering, malformed files, the CLI."""

import copy
import json
import subprocess
import sys

import pytest

from verify.certificate import check_certificate, make_certificate
from verify.errors import CertificateError


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
        (("schema_version",), 2, "schema_version"),
        (("d",), "6", "integer"),
        (("cores", "first", 0, 0), 1.5, "integer"),
        (("cores", "first", 0, 0), True, "integer"),
        (("row_modes",), [0, 1, 2], "split"),
        (("rows", 0), [0, 0, 9], "multi-index"),
        (("cores", "internal"), [[[1]]], "do not form|fit"),
    ],
    ids=["rank", "prime", "schema", "d-str", "float", "bool", "modes", "index", "shape"],
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
