"""Reference computations that the tests judge the code by, written apart from it.

Nothing here imports ``verify``: a tensor is contracted entry by entry in Python integers from
plain nested lists, a matricization is a transpose and a reshape of that dense tensor, and ranks
are FLINT's (``fmpz_mat``: exact over Q; ``nmod_mat``: mod p).  Sizes stay small (the callers
bound them): every function here is dense and slow on purpose.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import flint
import numpy as np


def cert_cores(obj: dict[str, Any]) -> tuple[list, list[list], list]:
    """``(first, internals, last)`` of a certificate's ``cores`` as nested lists, the equal core
    repeated ``d - 2`` times (the file stores it once)."""
    c, d = obj["cores"], obj["d"]
    internal = c["internal"]
    if d == 2:
        internals: list[list] = []
    elif isinstance(internal[0][0][0], list):  # different cores: a list of d - 2 cores
        internals = list(internal)
    else:
        internals = [internal] * (d - 2)
    return c["first"], internals, c["last"]


def dense_tensor(first: Sequence, internals: Sequence[Sequence], last: Sequence) -> np.ndarray:
    """The full tensor, entry by entry: ``first[i_1, :] G_2[:, i_2, :] ... last[:, i_d]`` in Python ints."""
    f = np.array(first, dtype=object)
    gs = [np.array(g, dtype=object) for g in internals]
    la = np.array(last, dtype=object)
    sizes = [f.shape[0], *(g.shape[1] for g in gs), la.shape[1]]
    out = np.empty(sizes, dtype=object)
    for idx in itertools.product(*(range(s) for s in sizes)):
        v = f[idx[0], :]
        for g, i in zip(gs, idx[1:-1]):
            v = v.dot(g[:, i, :])
        out[idx] = int(v.dot(la[:, idx[-1]]))
    return out


def whole_matricization(tensor: np.ndarray, rows: Sequence[int], cols: Sequence[int]) -> list[list[int]]:
    """Rows: the multi-indices of ``rows`` (row-major, in the order given); columns: of ``cols``."""
    t = np.transpose(tensor, [*rows, *cols])
    nr = math.prod(tensor.shape[k] for k in rows)
    return [[int(x) for x in row] for row in t.reshape(nr, -1)]


def entry(tensor: np.ndarray, rows: Sequence[int], cols: Sequence[int], u: Sequence[int], v: Sequence[int]) -> int:
    """The tensor's entry at row multi-index ``u`` (over ``rows``) and column multi-index ``v``."""
    full = [0] * tensor.ndim
    for k, x in zip(rows, u):
        full[k] = x
    for k, x in zip(cols, v):
        full[k] = x
    return int(tensor[tuple(full)])


def rank_q(matrix: Sequence[Sequence[int]]) -> int:
    """Exact rank over Q (FLINT ``fmpz_mat``)."""
    rows = [list(map(int, r)) for r in matrix]
    return flint.fmpz_mat(rows).rank() if rows and rows[0] else 0


def rank_mod(matrix: Sequence[Sequence[int]], p: int) -> int:
    """Rank over F_p (FLINT ``nmod_mat``)."""
    rows = [[int(x) % p for x in r] for r in matrix]
    return flint.nmod_mat(rows, p).rank() if rows and rows[0] else 0


def cert_tensor(obj: dict[str, Any]) -> np.ndarray:
    """The dense tensor a certificate's cores define."""
    return dense_tensor(*cert_cores(obj))


def naive_transfer(basis: Sequence[Sequence[Sequence[int]]]) -> list[list[int]]:
    """The two-step transfer matrix ``T[(b, y), (x, b')] = (M_x M_y)[b, b']`` of the matrices
    ``basis[x] = M_x``, entry by entry in Python integers."""
    m, r = len(basis), len(basis[0])
    t = [[0] * (m * r) for _ in range(r * m)]
    for b, y, x, b2 in itertools.product(range(r), range(m), range(m), range(r)):
        t[b * m + y][x * r + b2] = sum(int(basis[x][b][c]) * int(basis[y][c][b2]) for c in range(r))
    return t
