"""Generic rank at n = 3, r = 3, d = 16 (N = 6561): total time of ``generic_rank`` vs FLINT's
own rank time on that same matrix (median of --repeat).  Target: total <= 1.3x FLINT.

Usage: python benchmarks/bench_generic.py [--repeat 3] [--n 3 --r 3 --d 16]
"""

from __future__ import annotations

import argparse
import statistics
import time

from verify.generic import generic_rank, random_tt
from verify.rank import DEFAULT_PRIME, to_nmod_mat
from verify.tt import matricization


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("--r", type=int, default=3)
    ap.add_argument("--d", type=int, default=16)
    a = ap.parse_args()
    total, raw, build = [], [], []
    for k in range(a.repeat):
        t0 = time.perf_counter()
        rec = generic_rank(a.n, a.r, a.d, "equal", seed=k)
        total.append(time.perf_counter() - t0)
        tt = random_tt(a.n, a.r, a.d, "equal", seed=k)
        t0 = time.perf_counter()
        m = to_nmod_mat(matricization(tt, prime=DEFAULT_PRIME), DEFAULT_PRIME)
        build.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        r = m.rank()
        raw.append(time.perf_counter() - t0)
        del m
        assert r == rec["lower"], (r, rec)
        print(
            f"run {k}: rank {r} (upper {rec['upper']}, exact {rec['exact']}), total {total[-1]:.2f}s, "
            f"build+convert {build[-1]:.2f}s, FLINT rank {raw[-1]:.2f}s",
            flush=True,
        )
    t, f, b = statistics.median(total), statistics.median(raw), statistics.median(build)
    print(
        f"median: generic_rank total {t:.2f}s, FLINT rank alone {f:.2f}s, ratio {t / f:.3f} (target <= 1.3); "
        f"building the matrix (contraction mod p + transpose + copy into FLINT) {b:.2f}s = {b / f:.3f}x the rank"
    )


if __name__ == "__main__":
    main()
