"""Rank benchmarks (issue: verify engine).  Prints ratios measured in the same run.

1. The project's rank call (numpy matrix in, rank out) vs raw FLINT (``nmod_mat.rank()`` on a
   matrix already in FLINT), N = 2187.  Target: <= 1.3x.
2. FLINT vs galois vs sympy on odd/even matricizations of random equal-core points, n = 3,
   N = 81, 243, 729, 2187 (sympy and galois only where they finish in reasonable time).
3. Building the odd/even matricization mod p vs its rank, N = 2187.  Target: <= 0.5x.
4. The float64 backends (blas: numpy/BLAS; torch on the CPU) vs FLINT, same prime 8388593, on
   full-rank and rank-deficient random matrices, N = 729, 2187, 4096.  Target: blas <= 0.35x
   FLINT at N = 2187 and 4096, ranks identical.  The times are a long run's (blas's compiled base
   case loaded before; the load is printed on its own).

5. ``auto``'s crossover: FLINT (numpy matrix in, conversion included, as ``auto`` pays it) vs blas
   (compiled base case loaded) on square, tall and wide random matrices mod 8388593, with the
   backend ``auto`` takes for each (``verify.rank.AUTO_FLOAT_SIDE``: floats from the shorter
   side 256 on).  ``--only-crossover`` runs this section alone.

Usage: python benchmarks/bench_rank.py [--repeat 3] [--max-galois 2187] [--max-sympy 729]
                                       [--float-sizes 729,2187,4096] [--only-float] [--only-crossover]
"""

from __future__ import annotations

import argparse
import statistics
import time

import flint

from verify.generic import random_tt
from verify.rank import DEFAULT_PRIME, rank, to_nmod_mat
from verify.tt import matricization

P = DEFAULT_PRIME


def sympy_rank(m) -> int:
    from sympy import GF
    from sympy.polys.matrices import DomainMatrix

    dom = GF(P)
    return int(DomainMatrix([[dom(int(x)) for x in row] for row in m.tolist()], m.shape, dom).rank())


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-galois", type=int, default=2187)
    ap.add_argument("--max-sympy", type=int, default=729)
    ap.add_argument("--float-sizes", default="729,2187,4096")
    ap.add_argument("--only-float", action="store_true", help="run section 4 only")
    ap.add_argument("--only-crossover", action="store_true", help="run section 5 only")
    a = ap.parse_args()
    if a.only_float or a.only_crossover:
        (float_backends if a.only_float else crossover)(a)
        return
    d_of = {81: 8, 243: 10, 729: 12, 2187: 14}
    mats = {n: matricization(random_tt(3, 3, d, "equal", seed=1), prime=P) for n, d in d_of.items()}

    print("1. project rank call vs raw FLINT (median of %d), N = 2187" % a.repeat)
    m = mats[2187]
    pre = to_nmod_mat(m, P)
    t_raw, r_raw = timed(lambda: pre.rank(), a.repeat)
    t_list, _ = timed(lambda: flint.nmod_mat(m.tolist(), P).rank(), 1)
    t_proj, r_proj = timed(lambda: rank(m, prime=P).rank, a.repeat)
    assert r_raw == r_proj
    print(f"   raw FLINT nmod_mat.rank(): {t_raw:.3f}s   (via Python lists incl. conversion: {t_list:.3f}s)")
    print(f"   verify.rank(numpy, prime): {t_proj:.3f}s   ratio {t_proj / t_raw:.3f}  (target <= 1.3)")

    rank(mats[81], prime=P, backend="galois")  # warm-up: galois compiles its kernels on first use
    print("\n2. backends on odd/even matricizations, n = 3, r = 3, equal cores (median of %d)" % a.repeat)
    print(f"   {'N':>5} {'rank':>5} {'flint':>9} {'galois':>9} {'sympy':>9} {'galois/flint':>13} {'sympy/flint':>12}")
    for n, mat in mats.items():
        tf, rf = timed(lambda: rank(mat, prime=P).rank, a.repeat)
        tg = ts = None
        if n <= a.max_galois:
            tg, rg = timed(lambda: rank(mat, prime=P, backend="galois").rank, 1)
            assert rg == rf
        if n <= a.max_sympy:  # direct DomainMatrix call: verify's sympy backend refuses N > 200
            ts, rs = timed(lambda: sympy_rank(mat), 1)
            assert rs == rf

        def fmt(t: float | None) -> str:
            return f"{t:9.3f}" if t is not None else f"{'-':>9}"

        def ratio(t: float | None, base: float = tf) -> str:
            return f"{t / base:13.1f}" if t is not None else f"{'-':>13}"

        print(f"   {n:>5} {rf:>5} {fmt(tf)} {fmt(tg)} {fmt(ts)} {ratio(tg)} {ratio(ts)[1:]}")

    print("\n3. building the odd/even matricization vs its rank, N = 2187 (n = 3, d = 14)")
    tt = random_tt(3, 3, 14, "equal", seed=2)
    t_build, mm = timed(lambda: matricization(tt, prime=P), a.repeat)
    t_rank, _ = timed(lambda: rank(mm, prime=P).rank, a.repeat)
    print(f"   build {t_build:.3f}s   rank {t_rank:.3f}s   ratio {t_build / t_rank:.3f}  (target <= 0.5)")
    float_backends(a)
    crossover(a)


CROSSOVER_SHAPES = [
    (128, 128),
    (200, 200),
    (256, 256),
    (400, 400),
    (512, 512),
    (729, 729),
    (1024, 1024),
    (1024, 128),
    (4096, 64),
    (256, 4096),
    (1024, 256),
    (4096, 1024),
    (15625, 1024),
]


def crossover(a: argparse.Namespace) -> None:
    import numpy as np

    from verify.elimination import load_kernel
    from verify.rank import FLOAT_PRIME, choose_backend

    p = FLOAT_PRIME
    load_kernel()
    print(f"\n5. auto's crossover: FLINT (conversion included) vs blas, p = {p}, median of {a.repeat}")
    print(f"   {'shape':>13} {'flint':>8} {'blas':>8} {'blas/flint':>11} {'auto takes':>11}")
    rng = np.random.default_rng(5)
    for shape in CROSSOVER_SHAPES:
        m = rng.integers(0, p, shape)
        tf, rf = timed(lambda: rank(m, prime=p, backend="flint").rank, a.repeat)
        tb, rb = timed(lambda: rank(m, prime=p, backend="blas").rank, a.repeat)
        assert rf == rb
        label = f"{shape[0]}x{shape[1]}"
        print(f"   {label:>13} {tf:8.4f} {tb:8.4f} {tb / tf:11.2f} {choose_backend(shape, p):>11}")


def float_backends(a: argparse.Namespace) -> None:
    import numpy as np

    from verify.elimination import load_kernel
    from verify.rank import FLOAT_PRIME

    p = FLOAT_PRIME
    print(f"\n4. float64 elimination vs FLINT, p = {p}, median of {a.repeat} (full rank / rank N/2)")
    t0 = time.perf_counter()
    load_kernel()
    print(
        f"   blas's compiled base case loaded first: {time.perf_counter() - t0:.2f} s, once a process (a process"
        " loads it itself once its float eliminations pass verify.elimination.KERNEL_AFTER entries)"
    )
    print(
        f"   {'N':>5} {'kind':>6} {'rank':>5} {'flint':>8} {'blas':>8} {'torch-cpu':>10}"
        f" {'blas/flint':>11} {'torch/flint':>12}"
    )
    rng = np.random.default_rng(0)
    for n in [int(x) for x in a.float_sizes.split(",")]:
        for kind in ("full", "half"):
            if kind == "full":
                m = rng.integers(0, p, (n, n))
            else:
                m = (rng.integers(0, p, (n, n // 2)) @ rng.integers(0, 7, (n // 2, n))) % p
            pre = to_nmod_mat(m, p)
            tf, rf = timed(lambda: pre.rank(), a.repeat)
            tb, rb = timed(lambda: rank(m, prime=p, backend="blas").rank, a.repeat)
            tt_, rt = timed(lambda: rank(m, prime=p, backend="torch", device="cpu").rank, 1 if n > 2187 else a.repeat)
            assert rf == rb == rt, (rf, rb, rt)
            print(f"   {n:>5} {kind:>6} {rf:>5} {tf:8.2f} {tb:8.2f} {tt_:10.2f} {tb / tf:11.2f} {tt_ / tf:12.2f}")


if __name__ == "__main__":
    main()
