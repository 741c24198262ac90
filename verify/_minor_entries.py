r"""The entries of a square submatrix of a tensor train's matricization, for the certificate checker.

An entry of the minor is a product of one matrix of each core, ``G_0[x_0] G_1[x_1] ... G_{T-1}[x_{T-1}]``,
where the letter ``x_t`` of core ``t`` comes from the row multi-index (a core of the row side) or from
the column multi-index (the column side).  The product over the first ``t`` cores depends only on
the row index's letters so far and the column index's letters so far: it is computed once for each
distinct pair of *prefixes* (:func:`plan` counts them), and likewise from the right for each pair of
*suffixes*; each entry is then one dot product of a left and a right state, at the split where that
costs least.  Where many multi-indices share prefixes (small mode sizes, many modes) this is far less
than one product of ``T`` matrices per entry: the certificate of rank 1000 at ``n = 2, r = 10,
d = 20`` takes ``1.0 \cdot 10^7`` products instead of ``2 \cdot 10^9``.

Arithmetic is exact, mod ``p``: for ``p < 2^31`` the residues are carried in float64 for the matrix
products (BLAS), the left factor cut into limbs so that every sum of products stays below ``2^53``
(:func:`_limb_bits`, asserted), and reduced in int64; otherwise in Python integers (object arrays).

A low layer: numpy only, no other module of this package, so that the checker shares no code with
the makers of certificates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["FLOAT_PRIME_LIMIT", "Plan", "minor_entries", "plan"]

#: Below this prime the products run in float64 (exact: see :func:`_limb_bits`); from it on, in
#: Python integers.
FLOAT_PRIME_LIMIT = 2**31


def _ids(letters: np.ndarray, sizes: Sequence[int], reverse: bool) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each step (the cores of one side, in the order they are taken): the id of every index's
    prefix (or suffix) after it, and for each id its parent id and its letter."""
    k = letters.shape[0]
    cur = np.zeros(k, dtype=np.int64)
    out = []
    order = range(letters.shape[1] - 1, -1, -1) if reverse else range(letters.shape[1])
    for j in order:
        key = cur * int(sizes[j]) + letters[:, j]
        _, first, inv = np.unique(key, return_index=True, return_inverse=True)
        out.append((inv.reshape(-1).astype(np.int64), cur[first], letters[first, j]))
        cur = inv.reshape(-1).astype(np.int64)
    return out


@dataclass
class Plan:
    """How :func:`minor_entries` computes a minor: the split ``m`` (cores ``< m`` from the left),
    and ``work``, the number of products it takes (the checker's limit applies to it)."""

    m: int
    work: int
    largest_state: int


def _walk(sides: str, row_ids: list, col_ids: list, reverse: bool) -> list[tuple[int, int]]:
    """The number of distinct (row prefix, column prefix) pairs after each core, from one end."""
    p = q = 1
    ir = ic = 0
    counts = []
    order = range(len(sides) - 1, -1, -1) if reverse else range(len(sides))
    for t in order:
        if sides[t] == "R":
            p = len(row_ids[ir][1])
            ir += 1
        else:
            q = len(col_ids[ic][1])
            ic += 1
        counts.append((p, q))
    return counts


def plan(shapes: Sequence[tuple[int, int, int]], sides: str, row_letters: np.ndarray, col_letters: np.ndarray) -> Plan:
    """The cheapest split for :func:`minor_entries` and its cost in products, from the shapes
    ``(a, n, b)`` of the cores and the letters alone (nothing is multiplied)."""
    T = len(shapes)
    rs = [shapes[t][1] for t in range(T) if sides[t] == "R"]
    cs = [shapes[t][1] for t in range(T) if sides[t] == "C"]
    left = _walk(sides, _ids(row_letters, rs, False), _ids(col_letters, cs, False), False)
    right = _walk(sides, _ids(row_letters, rs, True), _ids(col_letters, cs, True), True)[::-1]
    step_l = [p * q * shapes[t][0] * shapes[t][2] for t, (p, q) in enumerate(left)]
    step_r = [p * q * shapes[t][0] * shapes[t][2] for t, (p, q) in enumerate(right)]
    k2 = row_letters.shape[0] * col_letters.shape[0]
    best = None
    for m in range(T + 1):
        bond = shapes[m][0] if m < T else shapes[T - 1][2]
        work = sum(step_l[:m]) + sum(step_r[m:]) + k2 * bond
        if best is None or work < best[1]:
            best = (m, work)
    assert best is not None
    m, work = best
    largest = max([p * q * shapes[t][2] for t, (p, q) in enumerate(left[:m])] + [0])
    largest = max([largest] + [p * q * shapes[t][0] for t, (p, q) in enumerate(right) if t >= m])
    return Plan(m, work, largest)


def _limb_bits(inner: int) -> int:
    """Bits of each limb of the left factor so that a product of ``inner`` terms, limb times a
    residue below ``2^31``, sums exactly in float64: ``inner * 2^bits * 2^31 <= 2^53``."""
    bits = 53 - 31 - math.ceil(math.log2(max(inner, 1)))
    if bits < 1:
        raise ValueError(f"an inner dimension of {inner} is too large for exact float64 products")
    return bits


def _matmul(x: np.ndarray, y: np.ndarray, p: int) -> np.ndarray:
    """``x @ y mod p`` (batched), exactly: residues in ``[0, p)``."""
    if x.dtype == object:
        return np.asarray(np.matmul(x, y) % p, dtype=object)
    inner = x.shape[-1]
    bits = _limb_bits(inner)
    assert inner * 2**bits * (p - 1) <= 2**53, "a float64 product would not be exact"
    yf = y.astype(np.float64)
    out = np.zeros(x.shape[:-1] + y.shape[-1:], dtype=np.int64)
    shift, rest = 0, x
    while True:
        limb = rest & ((1 << bits) - 1)
        part = np.matmul(limb.astype(np.float64), yf).astype(np.int64) % p
        out = (out + part * pow(2, shift, p)) % p
        rest = rest >> bits
        shift += bits
        if shift >= 31:
            return out


def minor_entries(
    cores: Sequence[np.ndarray],
    sides: str,
    row_letters: np.ndarray,
    col_letters: np.ndarray,
    p: int,
    the_plan: Plan | None = None,
) -> np.ndarray:
    """The ``kr x kc`` matrix, mod ``p``, of the products ``G_0[x_0] ... G_{T-1}[x_{T-1}]``.

    ``cores``: ``T`` arrays ``(a, n, b)`` of residues mod ``p`` (``a = 1`` for the first, ``b = 1``
    for the last); ``sides``: ``T`` letters ``R``/``C``; ``row_letters``: ``(kr, #R)``, the letters of
    the row side's cores in order, one row per row multi-index; ``col_letters``: ``(kc, #C)``.
    Returns int64 residues for ``p <`` :data:`FLOAT_PRIME_LIMIT`, Python integers otherwise."""
    T = len(cores)
    small = p < FLOAT_PRIME_LIMIT
    dtype = np.int64 if small else object
    g = [(np.asarray(c, dtype=object) % p).astype(dtype) for c in cores]  # (reduced first: any integers)
    rl, cl = np.asarray(row_letters, dtype=np.int64), np.asarray(col_letters, dtype=np.int64)
    kr, kc = rl.shape[0], cl.shape[0]
    rs = [g[t].shape[1] for t in range(T) if sides[t] == "R"]
    cs = [g[t].shape[1] for t in range(T) if sides[t] == "C"]
    pl = the_plan or plan([c.shape for c in g], sides, rl, cl)
    m = pl.m

    def states(reverse: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The states at the split, and each row's and column's id among them."""
        row_ids, col_ids = _ids(rl, rs, reverse), _ids(cl, cs, reverse)
        ir = ic = 0
        s = np.ones((1, 1, 1), dtype=dtype)
        rid, cid = np.zeros(kr, dtype=np.int64), np.zeros(kc, dtype=np.int64)
        steps = range(T - 1, m - 1, -1) if reverse else range(m)
        for t in steps:
            core = g[t] if not reverse else np.transpose(g[t], (2, 1, 0))  # (in, n, out) of the walk
            if sides[t] == "R":
                rid, parent, letter = row_ids[ir]
                ir += 1
                x = s[parent]  # (P', Q, in)
                y = np.transpose(core[:, letter, :], (1, 0, 2))  # (P', in, out)
                s = _matmul(x, y, p)
            else:
                cid, parent, letter = col_ids[ic]
                ic += 1
                x = np.transpose(s[:, parent], (1, 0, 2))  # (Q', P, in)
                y = np.transpose(core[:, letter, :], (1, 0, 2))  # (Q', in, out)
                s = np.transpose(_matmul(x, y, p), (1, 0, 2))
        return s, rid, cid

    left, lr, lc = states(False)
    right, rr, rc = states(True)
    bond = left.shape[2]
    assert right.shape[2] == bond
    out = np.empty((kr, kc), dtype=dtype)
    block = max(1, 2**21 // max(1, kc * bond))
    for i0 in range(0, kr, block):
        i1 = min(kr, i0 + block)
        a = left[lr[i0:i1]][:, lc]  # (B, kc, bond)
        b = right[rr[i0:i1]][:, rc]
        out[i0:i1] = _dot(a, b, p)
    return out


def _dot(a: np.ndarray, b: np.ndarray, p: int) -> np.ndarray:
    """``sum_c a[..., c] b[..., c] mod p``, exactly: one term at a time (each product below
    ``p^2 < 2^62`` in int64, the running sum below ``p``), or in Python integers."""
    if a.dtype == object:
        return np.asarray((a * b).sum(axis=-1) % p, dtype=object)
    acc = np.zeros(a.shape[:-1], dtype=np.int64)
    for c in range(a.shape[-1]):
        acc = (acc + a[..., c] * b[..., c] % p) % p
    return acc
