"""Hypothesis strategies for TT-network property tests, with explicit size limits.

Import them in your own campaigns::

    from hypothesis import given
    from verify.strategies import witness_params

    @given(witness_params())
    def test_mine(p): ...

Every strategy bounds the number of tensor entries it can lead to (``max_entries``), so a
campaign of any length cannot build a tensor that does not fit in memory.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from .tt import TensorTrain, different_core_tt, equal_core_tt

__all__ = ["integer_tt", "modular_matrices", "small_int_matrices", "tt_shapes", "witness_params"]

#: Default cap on n**d (entries of the full tensor) for dense strategies.
MAX_ENTRIES = 4096


@st.composite
def tt_shapes(
    draw: Any, max_n: int = 4, max_r: int = 4, max_d: int = 8, even_d: bool = False, max_entries: int = MAX_ENTRIES
) -> tuple[int, int, int]:
    """``(n, r, d)`` with ``n**d <= max_entries``."""
    n = draw(st.integers(1, max_n))
    r = draw(st.integers(1, max_r))
    top = max_d
    while top > 2 and n**top > max_entries:
        top -= 1
    d = draw(st.integers(2, top))
    if even_d and d % 2:
        d -= 1 if d > 2 else -1
    return n, r, d


@st.composite
def witness_params(
    draw: Any, max_n: int = 6, max_r: int = 7, max_d: int = 12, max_block: int = 50_000
) -> tuple[int, int, int]:
    """``(n, r, d)`` with even ``d`` and identity block ``q**(d/2) <= max_block`` (sparse checks)."""
    n = draw(st.integers(1, max_n))
    r = draw(st.integers(1, max_r))
    q = max(1, min(n, r - 1))
    ds = [d for d in range(2, max_d + 1, 2) if q ** (d // 2) <= max_block]
    return n, r, draw(st.sampled_from(ds))


@st.composite
def integer_tt(
    draw: Any,
    equal: bool | None = None,
    max_n: int = 3,
    max_r: int = 3,
    max_d: int = 6,
    min_value: int = -3,
    max_value: int = 3,
    max_entries: int = 729,
) -> TensorTrain:
    """A TT tensor with small integer cores (equal internal cores if ``equal``)."""
    n, r, d = draw(tt_shapes(max_n=max_n, max_r=max_r, max_d=max_d, max_entries=max_entries))
    eq = draw(st.booleans()) if equal is None else equal
    ints = st.integers(min_value, max_value)

    def arr(*shape: int) -> np.ndarray:
        size = int(np.prod(shape))
        return np.array(draw(st.lists(ints, min_size=size, max_size=size)), dtype=np.int64).reshape(shape)

    first, last = arr(n, r), arr(r, n)
    if eq:
        return equal_core_tt(first, arr(r, n, r), last, d)
    return different_core_tt(first, [arr(r, n, r) for _ in range(d - 2)], last)


@st.composite
def small_int_matrices(draw: Any, max_side: int = 12, min_value: int = -4, max_value: int = 4) -> np.ndarray:
    """Integer matrices up to ``max_side x max_side``; low rank drawn on purpose half the time."""
    rows, cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    ints = st.integers(min_value, max_value)
    if draw(st.booleans()):
        k = draw(st.integers(1, min(rows, cols)))
        a = np.array(draw(st.lists(ints, min_size=rows * k, max_size=rows * k)), dtype=np.int64).reshape(rows, k)
        b = np.array(draw(st.lists(ints, min_size=k * cols, max_size=k * cols)), dtype=np.int64).reshape(k, cols)
        return a @ b
    return np.array(draw(st.lists(ints, min_size=rows * cols, max_size=rows * cols)), dtype=np.int64).reshape(
        rows, cols
    )


#: Primes at the edges of the float elimination: tiny, word-sized, its default, its largest.
EDGE_PRIMES = (2, 3, 5, 251, 65521, 1048573, 8388593, 33554393, 189812507)


@st.composite
def modular_matrices(draw: Any, max_side: int = 300, max_entries: int = 40_000) -> tuple[np.ndarray, int]:
    """``(matrix, prime)`` of the kinds that break eliminations: random full rank, low rank,
    sparse, zero, duplicated rows and columns, a block of zero columns, entries huge or negative,
    non-square; sides up to ``max_side`` (crossing the float elimination's block widths 16 and
    256) and at most ``max_entries`` entries."""
    prime = draw(st.sampled_from(EDGE_PRIMES))
    rows = draw(st.integers(1, max_side))
    cols = draw(st.integers(1, max(1, min(max_side, max_entries // rows))))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(["full", "low", "sparse", "zero", "dup", "zero-block", "huge"]))
    if kind == "low":
        k = draw(st.integers(1, min(rows, cols)))
        a = rng.integers(-prime, prime, (rows, k)) @ rng.integers(-3, 4, (k, cols))
    elif kind == "sparse":
        a = rng.integers(1, prime, (rows, cols)) * (rng.random((rows, cols)) < 0.02)
    elif kind == "zero":
        a = np.zeros((rows, cols), dtype=np.int64)
    elif kind == "dup":
        a = rng.integers(0, prime, (rows, cols))
        a[rng.integers(0, rows, rows // 2)] = a[0]
        a[:, rng.integers(0, cols, cols // 2)] = a[:, :1]
    elif kind == "zero-block":
        a = rng.integers(0, prime, (rows, cols))
        a[:, cols // 3 : 2 * cols // 3] = 0
    elif kind == "huge":
        a = rng.integers(-(2**62), 2**62, (rows, cols))
    else:
        a = rng.integers(0, prime, (rows, cols))
    return np.asarray(a, dtype=np.int64), prime
