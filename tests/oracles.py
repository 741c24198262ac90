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


def wedge(i: int, subset: Sequence[int]) -> tuple[int, tuple[int, ...]]:
    """``e_i ^ e_S`` as ``(sign, sorted S + {i})``, or ``(0, ())`` when ``i`` is in ``S``: the sign
    of the bubble sort that moves ``i`` from the front into place (one swap per smaller element)."""
    seq = [i, *subset]
    if len(set(seq)) != len(seq):
        return 0, ()
    sign = 1
    for a in range(len(seq)):  # bubble sort, counting swaps
        for b in range(len(seq) - 1 - a):
            if seq[b] > seq[b + 1]:
                seq[b], seq[b + 1] = seq[b + 1], seq[b]
                sign = -sign
    return sign, tuple(seq)


def koszul_dense(
    tensor: np.ndarray,
    a_modes: Sequence[int],
    b_modes: Sequence[int],
    c_modes: Sequence[int],
    quotient: Sequence[Sequence[int]],
    p: int,
) -> list[list[int]]:
    """The Koszul flattening ``Lambda^p A' (x) B^* -> Lambda^(p+1) A' (x) C`` of the dense tensor
    read as ``A (x) B (x) C`` (each set of modes in increasing order, multi-indices row-major),
    ``A' = F^(2p+1)`` through ``quotient``: the image of each basis vector ``e_S (x) b^*`` is
    expanded term by term, ``sum_{a, c} T[a, b, c] (pi(e_a) ^ e_S) (x) e_c``, with ``pi(e_a) =
    sum_i quotient[i][a] e_i``.  Rows ``(S, b)``, columns ``(S', c)``, subsets in lexicographic
    order (itertools.combinations)."""
    m = 2 * p + 1
    a_all = list(itertools.product(*(range(tensor.shape[j]) for j in sorted(a_modes))))
    b_all = list(itertools.product(*(range(tensor.shape[j]) for j in sorted(b_modes))))
    c_all = list(itertools.product(*(range(tensor.shape[j]) for j in sorted(c_modes))))
    col_of = {(s, c): y for y, (s, c) in enumerate(itertools.product(itertools.combinations(range(m), p + 1), c_all))}
    rows = list(itertools.product(itertools.combinations(range(m), p), b_all))
    out = [[0] * len(col_of) for _ in rows]

    def value(a: tuple[int, ...], b: tuple[int, ...], c: tuple[int, ...]) -> int:
        full = [0] * tensor.ndim
        for modes, vals in ((sorted(a_modes), a), (sorted(b_modes), b), (sorted(c_modes), c)):
            for k, v in zip(modes, vals):
                full[k] = v
        return int(tensor[tuple(full)])

    for x, (s, b) in enumerate(rows):
        for ai, a in enumerate(a_all):
            for c in c_all:
                t = value(a, b, c)
                if not t:
                    continue
                for i in range(m):
                    sign, sup = wedge(i, s)
                    if sign:
                        out[x][col_of[(sup, c)]] += sign * int(quotient[i][ai]) * t
    return out


def cut_certificate_for(obj: dict[str, Any], rows_m: Sequence[int], sides: str, p: int) -> dict[str, Any] | None:
    """A cut certificate (schema 2) for the cores of ``obj`` (``{"d", "cores"}`` as a certificate
    spells them) and **any** assignment ``sides`` of the cores, made here from the definition (not
    by ``verify``): each run's matrix entry by entry (rows: the run's own modes; columns: its left
    bond, the legs of the other side's modes on its cores, its right bond), rows chosen greedily by
    FLINT's rank mod ``p``, every column kept; the claimed rank the product of the widths and of the
    sizes of the crossed modes on the row side.  ``None`` when a run's matrix is not of full column
    rank mod ``p`` (no certificate for this cut at this point)."""
    d = obj["d"]
    first, internals, last = cert_cores(obj)
    cores = [[first], *internals, [[[x] for x in row] for row in last]]  # each (left bond, mode, right bond)
    n = [len(g[0]) for g in cores]
    bond = [len(g) for g in cores] + [1]  # bond[k]: left of core k
    home = ["R" if k in rows_m else "C" for k in range(d)]
    runs: list[list[Any]] = []
    for k in range(d):
        if runs and runs[-1][0] == sides[k]:
            runs[-1][2] = k
        else:
            runs.append([sides[k], k, k])
    minors, width_of = [], {"R": 1, "C": 1}
    for k in range(d):
        if sides[k] != home[k]:
            width_of[home[k]] *= n[k]
    for side, k0, k1 in runs:
        own = [k for k in range(k0, k1 + 1) if home[k] == side]
        legs = [k for k in range(k0, k1 + 1) if home[k] != side]
        col_sizes = ([bond[k0]] if k0 > 0 else []) + [n[k] for k in legs] + ([bond[k1 + 1]] if k1 < d - 1 else [])
        cols = [list(c) for c in itertools.product(*(range(s) for s in col_sizes))]
        row_idx = [list(u) for u in itertools.product(*(range(n[k]) for k in own))]

        def value(u: list[int], c: list[int]) -> int:
            left = c[0] if k0 > 0 else 0
            right = c[-1] if k1 < d - 1 else 0
            letter = dict(zip(own, u)) | dict(zip(legs, c[1 if k0 > 0 else 0 :]))
            v = [int(x) for x in cores[k0][left][letter[k0]]]
            for k in range(k0 + 1, k1 + 1):
                g = cores[k]
                v = [sum(v[a] * int(g[a][letter[k]][b]) for a in range(len(g))) for b in range(len(g[0][0]))]
            return v[right]

        matrix = [[value(u, c) for c in cols] for u in row_idx]
        chosen: list[int] = []
        for i in range(len(matrix)):
            if rank_mod([matrix[j] for j in chosen + [i]], p) == len(chosen) + 1:
                chosen.append(i)
            if len(chosen) == len(cols):
                break
        if len(chosen) < len(cols):
            return None
        width_of[side] *= len(cols)
        minors.append({"side": side, "first": k0, "last": k1, "rows": [row_idx[i] for i in chosen], "cols": cols})
    assert width_of["R"] == width_of["C"]
    return {
        "schema_version": 2,
        "d": d,
        "cores": obj["cores"],
        "prime": p,
        "row_modes": sorted(rows_m),
        "col_modes": [k for k in range(d) if k not in rows_m],
        "sides": sides,
        "minors": minors,
        "rank": width_of["R"],
    }
