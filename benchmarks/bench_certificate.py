"""The certificate checker at the old limit: time and peak memory of ``python -m verify check`` on a
certificate of rank 1000 at n = 2, r = 10, d = 20 (1000^2 entries of a product of 20 matrices of
size 10), against a baseline measured in the same run: the naive checker's cost, one product of d
matrices an entry (Python integers mod p), timed on a sample of the same entries and scaled to all
10^6 of them.  Target: the check in under 10 s and 300 MB (the issue's "in seconds"); the naive
checker took 244 s and 1.9 GB.

Usage: python benchmarks/bench_certificate.py [--sample 2000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from verify.certificate import make_certificate
from verify.generic import nonsingular_minor, random_tt
from verify.tt import matricization

P = 2147483647


def ravel(t: list[int], n: int) -> int:
    i = 0
    for v in t:
        i = i * n + v
    return i


def limit_certificate() -> dict:
    """1000 rows of the certified 1024 x 1024 minor and a nonsingular choice of its columns."""
    c = make_certificate(2, 10, 20, "equal", seed=0, prime=P, backend="flint")
    m = matricization(random_tt(2, 10, 20, "equal", seed=0, prime=P), c["row_modes"], prime=P)
    ri = [ravel(t, 2) for t in c["rows"][:1000]]
    ci = [ravel(t, 2) for t in c["cols"]]
    r2, c2 = nonsingular_minor(m[ri][:, ci], P, "flint")
    return c | {"rows": [c["rows"][:1000][i] for i in r2], "cols": [c["cols"][j] for j in c2], "rank": len(r2)}


def naive_seconds_per_entry(c: dict, sample: int) -> float:
    """One product of d matrices for each entry (Python integers, reduced mod p after each step)."""
    cores = c["cores"]
    d = c["d"]
    mats = [np.array(cores["first"], dtype=object)] + [np.array(cores["internal"], dtype=object)] * (d - 2)
    last = np.array(cores["last"], dtype=object)
    row_modes, col_modes = c["row_modes"], c["col_modes"]
    rng = np.random.default_rng(0)
    picks = [(int(rng.integers(len(c["rows"]))), int(rng.integers(len(c["cols"])))) for _ in range(sample)]
    t0 = time.perf_counter()
    for i, j in picks:
        letters = [0] * d
        for mode, v in zip(row_modes, c["rows"][i]):
            letters[mode] = v
        for mode, v in zip(col_modes, c["cols"][j]):
            letters[mode] = v
        v = mats[0][letters[0]]
        for t in range(1, d - 1):
            v = (v @ mats[t][:, letters[t], :]) % P
        (v @ last[:, letters[d - 1]]) % P
    return (time.perf_counter() - t0) / sample


def measured_check(path: Path) -> tuple[int, str, float, float]:
    code = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'verify', 'check', sys.argv[1]], capture_output=True, text=True)\n"
        "print(repr((r.returncode, r.stdout, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))\n"
    )
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    rc, out, kb = eval(r.stdout)
    return rc, out, time.perf_counter() - t0, kb / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=2000, help="entries the naive baseline is timed on")
    args = ap.parse_args()
    c = limit_certificate()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.json"
        path.write_text(json.dumps(c))
        rc, out, seconds, mb = measured_check(path)
    if rc != 0:
        sys.exit(f"the checker rejected the certificate (exit {rc}): {out}")
    entries = len(c["rows"]) * len(c["cols"])
    naive = naive_seconds_per_entry(c, args.sample) * entries
    print(f"certificate: rank {c['rank']}, n = 2, r = 10, d = 20, {entries} entries; checker says: {out.strip()}")
    print(f"checker (whole process): {seconds:.2f} s, peak {mb:.0f} MB   [target: < 10 s, < 300 MB]")
    print(f"naive baseline, one product of d matrices an entry: {naive:.0f} s (timed on {args.sample} entries)")
    print(f"ratio checker / naive: {seconds / naive:.4f}")
    print(f"(this process: peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
