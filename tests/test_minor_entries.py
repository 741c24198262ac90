"""The checker's minor entries (verify._minor_entries) against a product of matrices taken one
entry at a time in Python integers, at every split, for small and large primes."""

import math
import random

import numpy as np
import pytest

from verify._minor_entries import FLOAT_PRIME_LIMIT, _limb_bits, _matmul, minor_entries, plan

PRIMES = [2, 3, 65521, 2147483647, 2147483659, 2**61 - 1, 18446744073709551557]


def naive(cores, sides, rows, cols, p):
    """Entry (i, j): the product of the matrices G_t[x_t], x_t from row i or column j, in Python ints."""
    out = []
    for u in rows:
        line = []
        for v in cols:
            it_r, it_c = iter(u), iter(v)
            vec = [1]
            for g, s in zip(cores, sides):
                x = next(it_r) if s == "R" else next(it_c)
                vec = [sum(vec[a] * int(g[a][x][b]) for a in range(len(vec))) for b in range(len(g[0][0]))]
            line.append(vec[0] % p)
        out.append(line)
    return out


def random_chain(rng, T, big):
    a = 1
    cores = []
    for t in range(T):
        n, b = rng.randint(1, 4), 1 if t == T - 1 else rng.randint(1, 4)
        top = 10**30 if big else 50
        cores.append(
            np.array([[[rng.randint(-top, top) for _ in range(b)] for _ in range(n)] for _ in range(a)], dtype=object)
        )
        a = b
    return cores


@pytest.mark.parametrize("seed", range(40))
def test_every_split_gives_the_naive_entries(seed):
    rng = random.Random(seed)
    T = rng.randint(1, 7)
    cores = random_chain(rng, T, big=seed % 3 == 0)
    sides = "".join(rng.choice("RC") for _ in range(T))
    sizes = [c.shape[1] for c in cores]
    r_sizes = [sizes[t] for t in range(T) if sides[t] == "R"]
    c_sizes = [sizes[t] for t in range(T) if sides[t] == "C"]
    kr, kc = rng.randint(1, 6), rng.randint(1, 6)
    rows = [[rng.randrange(s) for s in r_sizes] for _ in range(kr)]
    cols = [[rng.randrange(s) for s in c_sizes] for _ in range(kc)]
    rl = np.array(rows, dtype=np.int64).reshape(kr, len(r_sizes))
    cl = np.array(cols, dtype=np.int64).reshape(kc, len(c_sizes))
    p = PRIMES[seed % len(PRIMES)]
    want = naive(cores, sides, rows, cols, p)
    base = plan([c.shape for c in cores], sides, rl, cl)
    for m in range(T + 1):
        base.m = m
        got = minor_entries(cores, sides, rl, cl, p, base)
        assert got.dtype == (np.int64 if p < FLOAT_PRIME_LIMIT else object)
        assert [[int(x) for x in line] for line in got] == want, (m, p)


def test_the_plan_counts_shared_prefixes():
    """n = 2, d = 20, 1000 x 1000: at most 2^5 row and 2^5 column prefixes over the first ten
    cores, so about 10^7 products where one product of 20 matrices an entry would be 2 * 10^9."""
    rng = np.random.default_rng(0)
    idx = rng.permutation(1024)[:1000]
    letters = np.array([[(i >> (9 - b)) & 1 for b in range(10)] for i in idx])
    shapes = [(1, 2, 10)] + [(10, 2, 10)] * 18 + [(10, 2, 1)]
    pl = plan(shapes, "RC" * 10, letters, letters)
    assert pl.work < 1.1 * 10**7 and 1000 * 1000 * 20 * 100 == 2 * 10**9


@pytest.mark.parametrize("inner", [1, 2, 3, 10, 64, 1000, 2**20, 2**21])
def test_limbs_are_exact_at_their_edge(inner):
    """The most bits with inner * 2^bits * 2^31 <= 2^53: every sum of products of a limb and a
    residue below 2^31 is exact in float64, and one more bit could pass 2^53."""
    bits = _limb_bits(inner)
    assert inner * 2**bits * 2**31 <= 2**53 < inner * 2 ** (bits + 1) * 2**31


def test_float_products_at_the_worst_residues():
    """Every residue p - 1 (the largest products), inner dimension 1000: the float path equals the
    product in Python integers."""
    p = 2147483647
    x = np.full((3, 5, 1000), p - 1, dtype=np.int64)
    y = np.full((3, 1000, 4), p - 1, dtype=np.int64)
    want = (1000 * (p - 1) ** 2) % p
    assert (_matmul(x, y, p) == want).all()
    assert math.gcd(want, p) == 1  # (nonzero: the test would not pass with zeros)
