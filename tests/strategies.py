"""Hypothesis strategies of the test suite that the package does not export (those it does are in
``verify.strategies``), each with explicit size limits.

Forged certificates: well-formed files whose claims may be false.  The cores and the minors are
drawn so that the claimed minor is nonzero but often singular (rank-deficient tensors, claimed
ranks above the true rank), the case a checker that only tests "not all zero" would accept.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from oracles import cert_tensor, rank_q, whole_matricization

#: Primes for forged certificates: tiny ones (singular mod p although regular over Q) and a large one.
FORGE_PRIMES = (3, 7, 1_000_003)

#: Cut-certificate cases small enough for the dense oracle (n**d <= 4096 entries).
SMALL_CUT_CASES = (
    (4, 2, 6, "equal", "oddeven"),
    (4, 2, 6, "different", "oddeven"),
    (3, 2, 6, "different", "oddeven"),  # one run of five cores
    (3, 2, 7, "different", "half"),
    (4, 3, 5, "different", "oddeven"),
    (5, 2, 5, "equal", "oddeven"),
    (2, 3, 6, "equal", "oddeven"),
)

#: Ways to make a core rank-deficient while keeping it nonzero (``forge_core``).
FORGERIES = ("dup-column", "dup-row", "collapse-left", "collapse-right", "scale-row")


def _unravel(i: int, sizes: list[int]) -> list[int]:
    out = []
    for s in reversed(sizes):
        out.append(i % s)
        i //= s
    return out[::-1]


@st.composite
def small_cores(
    draw: Any,
    max_n: int = 3,
    max_r: int = 3,
    max_d: int = 6,
    max_entries: int = 729,
    min_n: int = 1,
    forge: bool = True,
    min_r: int = 1,
    min_d: int = 2,
) -> dict[str, Any]:
    """``{"d", "cores"}`` as a certificate spells them: integer cores in ``-2..2``, equal or
    different internal cores, ``min_n <= n``, ``n**d <= max_entries``; with ``forge``, half the
    time one core is made rank-deficient on purpose (:func:`forge_core`)."""
    n = draw(st.integers(min_n, max_n))
    r = draw(st.integers(min_r, max_r))
    top = max_d
    while top > min_d and n**top > max_entries:
        top -= 1
    d = draw(st.integers(min_d, top))
    ints = st.integers(-2, 2)

    def arr(*shape: int) -> list:
        flat = draw(st.lists(ints, min_size=math.prod(shape), max_size=math.prod(shape)))
        out: Any = flat
        for s in reversed(shape[1:]):
            out = [out[i : i + s] for i in range(0, len(out), s)]
        return out

    equal = draw(st.booleans())
    first, last = arr(n, r), arr(r, n)
    if d == 2:
        internal: list = []
    elif equal:
        internal = arr(r, n, r)
    else:
        internal = [arr(r, n, r) for _ in range(d - 2)]
    obj = {"d": d, "cores": {"first": first, "internal": internal, "last": last}}
    if forge and draw(st.booleans()):
        forge_core(obj, draw(st.integers(0, d - 1)), draw(st.sampled_from(FORGERIES)))
    return obj


def forge_core(obj: dict[str, Any], k: int, how: str) -> None:
    """Make core ``k`` of a certificate (in place) rank-deficient in one of its matrices, keeping it
    nonzero: ``dup-column`` (bond column (1, 1) := (0, 0)), ``dup-row`` (mode slice 1 := slice 0),
    ``collapse-left``/``collapse-right`` (every left/right bond value := value 0: that bond carries
    rank 1), ``scale-row`` (mode slice 1 := 2 x slice 0).  For equal cores an internal ``k`` changes
    the one shared core.  A core too small for the forgery (size 1 on that axis) is left as it is."""
    c, d = obj["cores"], obj["d"]
    if k == 0:
        g = [[[x for x in row] for row in c["first"]]]  # (1, n, r)
    elif k == d - 1:
        g = [[[x] for x in row] for row in c["last"]]  # (r, n, 1)
    else:
        internal = c["internal"]
        g = copy.deepcopy(internal[k - 1] if isinstance(internal[0][0][0], list) else internal)
    a, n, b = len(g), len(g[0]), len(g[0][0])
    if how == "dup-column" and a > 1 and b > 1:
        for i in range(n):
            g[1][i][1] = g[0][i][0]
    elif how == "dup-column" and (a > 1 or b > 1):
        for i in range(n):
            if a > 1:
                g[1][i][0] = g[0][i][0]
            else:
                g[0][i][1] = g[0][i][0]
    elif how in ("dup-row", "scale-row") and n > 1:
        for x in range(a):
            for y in range(b):
                g[x][1][y] = g[x][0][y] * (2 if how == "scale-row" else 1)
    elif how == "collapse-left" and a > 1:
        g = [copy.deepcopy(g[0]) for _ in range(a)]
    elif how == "collapse-right" and b > 1:
        g = [[[row[0]] * b for row in mat] for mat in g]
    if not any(x for mat in g for row in mat for x in row):
        g[0][0][0] = 1  # keep it nonzero
    if k == 0:
        c["first"] = g[0]
    elif k == d - 1:
        c["last"] = [[x[0] for x in row] for row in g]
    elif isinstance(c["internal"][0][0][0], list):
        c["internal"] = [g if j == k - 1 else core for j, core in enumerate(c["internal"])]
    else:
        c["internal"] = g


@st.composite
def forged_minor_certificates(draw: Any, max_entries: int = 729) -> dict[str, Any]:
    """A well-formed schema-1 certificate over small cores (:func:`small_cores`): a random
    partition, a prime of :data:`FORGE_PRIMES`, a claimed rank ``k`` near the true rank (below,
    at, or one or two above it), and ``k`` distinct row and column multi-indices that contain a
    nonzero entry of the matricization (when it has one): the minor is nonzero, and singular
    whenever ``k`` exceeds the rank."""
    obj = draw(small_cores(max_entries=max_entries))
    d = obj["d"]
    rows_m = sorted(draw(st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1)))
    cols_m = [k for k in range(d) if k not in rows_m]
    t = cert_tensor(obj)
    m = whole_matricization(t, rows_m, cols_m)
    nr, nc = len(m), len(m[0])
    nonzero = [(i, j) for i in range(nr) for j in range(nc) if m[i][j]]
    true_rank = rank_q(m)
    k = draw(st.integers(max(1, true_rank - 1), max(1, min(nr, nc, true_rank + 2))))
    i0, j0 = draw(st.sampled_from(nonzero)) if nonzero else (0, 0)
    others_r = draw(st.permutations([i for i in range(nr) if i != i0]))
    others_c = draw(st.permutations([j for j in range(nc) if j != j0]))
    ri, ci = [i0, *others_r[: k - 1]], [j0, *others_c[: k - 1]]
    rsz, csz = [t.shape[x] for x in rows_m], [t.shape[x] for x in cols_m]
    return {
        "schema_version": 1,
        "d": d,
        "cores": obj["cores"],
        "prime": draw(st.sampled_from(FORGE_PRIMES)),
        "row_modes": rows_m,
        "col_modes": cols_m,
        "rows": [_unravel(i, rsz) for i in ri],
        "cols": [_unravel(j, csz) for j in ci],
        "rank": k,
    }


@st.composite
def forged_cut_certificates(draw: Any) -> dict[str, Any]:
    """An honest cut certificate of :data:`SMALL_CUT_CASES` (made by
    :func:`verify.certificate.make_cut_certificate`) with one core forged (:func:`forge_core`) or,
    a quarter of the time, one minor's rows replaced by other distinct rows of its run."""
    from verify.certificate import make_cut_certificate
    from verify.errors import BadParameterError

    n, r, d, cores, partition = draw(st.sampled_from(SMALL_CUT_CASES))
    seed = draw(st.integers(0, 30))
    try:
        cert = make_cut_certificate(n, r, d, cores, seed=seed, prime=1_000_003, partition=partition)
    except BadParameterError:
        assume(False)
        raise
    if draw(st.integers(0, 3)) == 0:
        mi = draw(st.sampled_from(cert["minors"]))
        own = [k for k in range(mi["first"], mi["last"] + 1) if (k in cert["row_modes"]) == (mi["side"] == "R")]
        sizes = [n] * len(own)
        picks = draw(st.permutations(range(math.prod(sizes))))[: len(mi["rows"])]
        mi["rows"] = [_unravel(i, sizes) for i in picks]
    else:
        forge_core(cert, draw(st.integers(0, d - 1)), draw(st.sampled_from(FORGERIES)))
    return cert


def _runs(d: int, rows_m: list[int], sides: str) -> list[tuple[int, int, int]]:
    """``(first core, last core, own modes)`` of each run of ``sides``."""
    out, k = [], 0
    while k < d:
        k1 = k
        while k1 + 1 < d and sides[k1 + 1] == sides[k]:
            k1 += 1
        out.append((k, k1, sum((j in rows_m) == (sides[k] == "R") for j in range(k, k1 + 1))))
        k = k1 + 1
    return out


def _runs_fit(n: int, r: int, d: int, rows_m: list[int], sides: str) -> bool:
    """Whether no run of ``sides`` is certainly rank-deficient: at least as many rows as columns,
    and no bond inside the run bounds its rank below its width (through bond ``j`` the matrix is a
    sum of ``r`` Kronecker products of the parts left and right of it)."""
    for k0, k1, _ in _runs(d, rows_m, sides):
        own = [(k in rows_m) == (sides[k0] == "R") for k in range(k0, k1 + 1)]
        left_bond, right_bond = (r if k0 > 0 else 1), (r if k1 < d - 1 else 1)
        width = left_bond * n ** own.count(False) * right_bond
        if n ** own.count(True) < width:
            return False
        for j in range(1, len(own)):  # the bond between the run's cores j - 1 and j
            a, b = own[:j], own[j:]
            left = min(n ** a.count(True), left_bond * n ** a.count(False))
            right = min(n ** b.count(True), n ** b.count(False) * right_bond)
            if r * left * right < width:
                return False
    return True


@st.composite
def any_cut_certificates(draw: Any, inner: bool = False) -> dict[str, Any]:
    """A cut certificate made by the test oracle (:func:`oracles.cut_certificate_for`) for small
    random cores (``2 <= n <= 4``, ``r <= 2``, ``n**d <= 729``), and a random partition
    and assignment of the cores to the sides among those whose runs are not wider than tall; with
    ``inner``, one with a run that starts inside the train and carries, besides its left bond, a
    leg of the other side's modes and a right bond, or two legs (``d = 6``, ``n <= 3``, ``r = 2``;
    the maker's optimal cuts have no run with a leg inside the train)."""
    import itertools

    from oracles import cut_certificate_for

    # the cores from a seeded generator, entries -9..9: the runs' matrices are almost always of full
    # column rank (hypothesis's shrinking towards 0 would make most of them singular)
    n = draw(st.integers(2, 3 if inner else 4))
    r = 2 if inner else draw(st.integers(1, 2))
    d = 6 if inner else draw(st.integers(2, 5 if n <= 3 else 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    internal: list = [] if d == 2 else rng.integers(-9, 10, (r, n, r)).tolist()
    if d > 2 and draw(st.booleans()):  # different cores
        internal = [rng.integers(-9, 10, (r, n, r)).tolist() for _ in range(d - 2)]
    first, last = rng.integers(-9, 10, (n, r)).tolist(), rng.integers(-9, 10, (r, n)).tolist()
    obj = {"d": d, "cores": {"first": first, "internal": internal, "last": last}}
    pairs = [
        (rows, "".join(s))
        for size in range(1, d)
        for rows in map(list, itertools.combinations(range(d), size))
        for s in itertools.product("RC", repeat=d)
        if _runs_fit(n, r, d, rows, "".join(s))
    ]
    if inner:  # a run inside the train with a leg and a right bond or two legs (the maker never makes one)
        pairs = [
            (rows, s)
            for rows, s in pairs
            if any(k0 > 0 and k1 - k0 + 1 - own >= (1 if k1 < d - 1 else 2) for k0, k1, own in _runs(d, rows, s))
        ]
    assume(pairs)
    rows_m, sides = draw(st.sampled_from(pairs))
    cert = cut_certificate_for(obj, rows_m, sides, draw(st.sampled_from((7, 1_000_003))))
    assume(cert is not None)
    return cert
