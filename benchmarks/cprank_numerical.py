"""NUMERICAL estimates (never exact, never a proof) of the CP-rank of tensor trains at random real
points, for the smallest cases where the certified lower bound and the proved upper bound of
``python -m verify cprank`` differ.

For each case, a few random points (Gaussian cores, one shared internal core) are contracted in
float64, and for ``R = lower, lower + 1, ...`` alternating least squares (numpy only; several random
starts) looks for ``R`` real rank-one terms.  A fit *counts* when its relative residual is below
``--tol`` and no factor is large (at most ``--max-factor`` times the tensor's norm: a fit that
drives the residual down with diverging factors is a border-rank phenomenon, not a decomposition).
The smallest ``R`` that counts at a point is an *estimate* of that point's real CP-rank from above:
a floating-point fit can be spurious, and a failed search proves nothing.

Usage: python benchmarks/cprank_numerical.py [--points 5] [--starts 8] [--out results/cprank/numerical.md]
"""

from __future__ import annotations

import argparse
import functools
import time

import numpy as np

from verify.cprank import cprank_case

#: The smallest gap cases of the committed grid (n, r, d); --more adds two larger ones, where
#: alternating least squares often stalls (its estimates scatter).
CASES = [(2, 2, 3), (3, 2, 3), (2, 2, 4), (3, 2, 4), (3, 3, 3), (4, 3, 3)]
MORE = [(2, 2, 5), (3, 3, 4)]


def hyperdeterminant(t: np.ndarray) -> float:
    """Cayley's hyperdeterminant of a 2x2x2 array: a real 2x2x2 tensor with Det > 0 has real rank
    <= 2, with Det < 0 real rank 3 (de Silva and Lim, SIAM J. Matrix Anal. Appl. 30(3), 2008) -
    an independent check of the fits at n = 2, d = 3."""
    a = {(i, j, k): t[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)}
    sq = (
        (a[0, 0, 0] * a[1, 1, 1]) ** 2
        + (a[0, 0, 1] * a[1, 1, 0]) ** 2
        + (a[0, 1, 0] * a[1, 0, 1]) ** 2
        + (a[1, 0, 0] * a[0, 1, 1]) ** 2
    )
    pairs = [((0, 0, 0), (1, 1, 1)), ((0, 0, 1), (1, 1, 0)), ((0, 1, 0), (1, 0, 1)), ((1, 0, 0), (0, 1, 1))]
    cross = sum(a[p] * a[q] * a[u] * a[v] for x, (p, q) in enumerate(pairs) for (u, v) in pairs[x + 1 :])
    four = a[0, 0, 0] * a[0, 1, 1] * a[1, 0, 1] * a[1, 1, 0] + a[0, 0, 1] * a[0, 1, 0] * a[1, 0, 0] * a[1, 1, 1]
    return float(sq - 2 * cross + 4 * four)


def gaussian_train(n: int, r: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """The float64 tensor of Gaussian cores (one shared internal core)."""
    first, mid, last = rng.standard_normal((n, r)), rng.standard_normal((r, n, r)), rng.standard_normal((r, n))
    t = first
    for _ in range(d - 2):
        t = np.tensordot(t, mid, axes=([-1], [0]))
    t = np.tensordot(t, last, axes=([-1], [0]))
    return t / np.linalg.norm(t)


def _khatri_rao(mats: list[np.ndarray]) -> np.ndarray:
    return functools.reduce(lambda a, b: np.einsum("ir,jr->ijr", a, b).reshape(-1, a.shape[1]), mats)


def als(
    x: np.ndarray, rank: int, rng: np.random.Generator, sweeps: int = 3000, tol: float = 1e-12
) -> tuple[float, float]:
    """Alternating least squares for ``rank`` real rank-one terms; returns ``(relative residual,
    largest factor entry times the number of modes)``."""
    d = x.ndim
    factors = [rng.standard_normal((s, rank)) for s in x.shape]
    unfold = [np.moveaxis(x, k, 0).reshape(x.shape[k], -1) for k in range(d)]
    norm = np.linalg.norm(x)
    res = np.inf
    for _ in range(sweeps):
        for k in range(d):
            kr = _khatri_rao([factors[j] for j in range(d) if j != k])
            factors[k] = np.linalg.lstsq(kr, unfold[k].T, rcond=None)[0].T
        approx = factors[0] @ _khatri_rao(factors[1:]).T
        res = float(np.linalg.norm(unfold[0] - approx) / norm)
        if res < tol:
            break
    # balance the scales of each term across the modes before measuring the factors
    scale = np.prod([np.linalg.norm(f, axis=0) for f in factors], axis=0) ** (1 / d)
    big = float(np.max(scale)) if rank else 0.0
    return res, big


def estimate(
    x: np.ndarray, lower: int, upper: int, rng: np.random.Generator, starts: int, tol: float, cap: float
) -> int | None:
    """The smallest R in [lower, upper] with a fit that counts (None if none did)."""
    for rank in range(lower, upper + 1):
        for _ in range(starts):
            res, big = als(x, rank, rng)
            if res < tol and big <= cap:
                return rank
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=5)
    ap.add_argument("--starts", type=int, default=8)
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--max-factor", type=float, default=1e3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--more", action="store_true", help="also the two larger cases (minutes)")
    ap.add_argument("--out", default=None, help="also write a markdown table here")
    a = ap.parse_args()
    rows = []
    for n, r, d in CASES + (MORE if a.more else []):
        t0 = time.perf_counter()
        rec = cprank_case(n, r, d, search="none")
        rng = np.random.default_rng([a.seed, n, r, d])
        found, signs = [], []
        for _ in range(a.points):
            x = gaussian_train(n, r, d, rng)
            found.append(estimate(x, rec["lower"], rec["upper"], rng, a.starts, a.tol, a.max_factor))
            signs.append(("2" if hyperdeterminant(x) > 0 else "3") if x.shape == (2, 2, 2) else "")
        rows.append((n, r, d, rec["lower"], rec["upper"], found, signs, time.perf_counter() - t0))
        print(
            f"n={n} r={r} d={d}: certified {rec['lower']}..{rec['upper']}; numerical fits at {a.points} points: "
            f"{found}{'; by the hyperdeterminant: ' + ','.join(signs) if any(signs) else ''} ({rows[-1][-1]:.1f} s)"
        )
    if a.out:
        lines = [
            "| n | r | d | certified lower..upper | smallest R fitted at each point (numerical) "
            "| real rank by the hyperdeterminant (2x2x2) | seconds |",
            "|---|---|---|---|---|---|---|",
        ]
        for n, r, d, lo, up, found, signs, sec in rows:
            shown = ", ".join("-" if f is None else str(f) for f in found)
            lines.append(f"| {n} | {r} | {d} | {lo}..{up} | {shown} | {', '.join(signs) or '-'} | {sec:.1f} |")
        with open(a.out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
