r"""Certificates of rank lower bounds that anyone can re-check from plain JSON.

A certificate names integer cores, a prime ``p``, a partition of the modes, and the row and
column multi-indices of a square submatrix of that matricization.  :func:`check_certificate`
recomputes those entries **from the cores alone** (exact Python integers, reduced mod ``p``) and
verifies that the submatrix is nonsingular mod ``p``.  A nonzero minor mod ``p`` is a nonzero
integer, so the matricization of the tensor over :math:`\mathbb Q` has rank at least ``rank``
(and, the rank being lower semicontinuous, so does the generic point of the family).

Format (``schema_version`` 1), all integers, 0-based, cores in ``[a][i][b]`` layout::

    {"schema_version": 1, "d": D,
     "cores": {"first": n x r, "internal": r x n x r  (equal) | [d-2 of them] (different),
               "last": r x n},
     "prime": P, "row_modes": [...], "col_modes": [...],
     "rows": [[...], ...], "cols": [[...], ...], "rank": K}

**Cut certificates** (``schema_version`` 2) certify ranks far beyond any minor's reach (a
``K x K`` minor of ``K = 3^39`` is not a file).  They name the cores, the prime, the partition, an
assignment ``sides`` of the cores to the row side ``R`` or the column side ``C``, and for each
*run* of consecutive cores on one side a square minor of that run's matrix (rows: the run's own
modes; columns: its cut bonds and the legs of the other side's modes on its cores)::

    {"schema_version": 2, "d": D, "cores": {...}, "prime": P, "row_modes": [...],
     "col_modes": [...], "sides": "RCRC...",
     "minors": [{"side": "R", "first": k0, "last": k1, "rows": [[...], ...],
                 "cols": [[left bond?, legs..., right bond?], ...]}, ...],
     "rank": K}

The checker derives the runs from ``sides`` itself, recomputes each minor's entries from the
cores (exact integers mod ``P``), and requires each minor to be nonsingular and as wide as its
run's matrix (full column rank), and ``K`` to be the product of the runs' widths and the mode
sizes of the crossed modes on each side.  Why that proves ``rank >= K`` over Q: the
matricization is ``A B`` with ``A`` (``B^T``) the contraction of the cores on side ``R`` (``C``),
which is, up to the order of rows and columns, the Kronecker product of its runs' matrices and an
identity for each of the side's modes whose core is across the cut; ``rank(X (x) Y) = rank X
rank Y``, so ``rank A = rank B = K``, and Sylvester's ``rank AB >= rank A + rank B - K`` gives
``K`` (PROOFS.md section 6.5).

**Koszul certificates** (``schema_version`` 3) certify a lower bound of the *CP-rank* (indeed of
the border rank) beyond every matricization: the cores, the prime, a grouping of the modes into
``A``, ``B``, ``C``, ``p``, the quotient ``A -> F^(2p+1)`` (an integer matrix whose columns follow
the multi-indices over ``A`` in row-major order), and a square minor of the Koszul matrix
(rows ``[S, b]``: ``S`` a ``p``-subset of ``range(2p+1)``, ``b`` a multi-index over ``B``; columns
``[S', c]`` with ``|S'| = p+1``)::

    {"schema_version": 3, "d": D, "cores": {...}, "prime": P,
     "grouping": {"A": [...], "B": [...], "C": [...]}, "p": p, "quotient": [[...], ...],
     "rows": [[[s...], [b...]], ...], "cols": [[[s...], [c...]], ...], "rank": K, "bound": R}

The checker recomputes every entry of the minor from the cores (exact integers mod ``P``): the
entry at ``(S, b), (S', c)`` is 0 unless ``S' = S + {i}``, and then
``(-1)^#{s in S: s < i} sum_a quotient[i][a] X[a, b, c]``; it requires the minor nonsingular
mod ``P`` and ``R = ceil(K / binom(2p, p))``.  Why that proves CP-rank ``>= R`` over Q: the
Koszul matrix has rank ``>= K`` (a nonzero minor mod ``P`` is a nonzero integer), and a tensor of
border rank ``s`` has a Koszul matrix of rank ``<= binom(2p, p) s`` (Landsberg and Ottaviani 2013;
PROOFS.md, "CP-rank").

JSON only: nothing is evaluated or unpickled.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._files import write_whole
from ._json import StrictJSONError, strict_loads
from ._minor_entries import FLOAT_PRIME_LIMIT, minor_entries, plan
from ._types import CoreMode
from .errors import BadParameterError, CertificateError, VerifyError, shown
from .factor import cut_segments
from .generic import cut_plan, nonsingular_minor, partition_modes, prefers_cut, random_tt
from .rank import DEFAULT_PRIME, is_prime, to_nmod_mat
from .tt import (
    DEFAULT_MAX_WORK,
    TensorTrain,
    as_work,
    check_budget,
    different_core_tt,
    equal_core_tt,
    matricization,
    unravel,
)

__all__ = [
    "CUT_SCHEMA_VERSION",
    "KOSZUL_SCHEMA_VERSION",
    "SCHEMA_VERSION",
    "certify_case",
    "check_certificate",
    "load_certificate",
    "make_certificate",
    "make_cut_certificate",
    "make_koszul_certificate",
]

SCHEMA_VERSION = 1
CUT_SCHEMA_VERSION = 2
KOSZUL_SCHEMA_VERSION = 3
_KEYS = {"schema_version", "d", "cores", "prime", "row_modes", "col_modes", "rows", "cols", "rank"}
_CUT_KEYS = {"schema_version", "d", "cores", "prime", "row_modes", "col_modes", "sides", "minors", "rank"}
_KOSZUL_KEYS = {"schema_version", "d", "cores", "prime", "grouping", "p", "quotient", "rows", "cols", "rank", "bound"}


def make_certificate(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    seed: int = 0,
    prime: int = DEFAULT_PRIME,
    partition: str = "oddeven",
    budget: int | None = None,
    backend: str = "auto",
) -> dict[str, Any]:
    """Draw a random integer point and certify the rank of its matricization mod ``prime``
    (the minor from :func:`verify.rank.pivots_mod_p` with ``backend``; the checker recomputes it
    independently, in Python integers and FLINT)."""
    tt = random_tt(n, r, d, cores, seed=seed, prime=prime)
    rows_m, cols_m = partition_modes(d, partition)
    m = matricization(tt, rows_m, prime=prime, budget=budget)
    ri, ci = nonsingular_minor(m, prime, backend)
    rsz = [tt.mode_sizes[k] for k in rows_m]
    csz = [tt.mode_sizes[k] for k in cols_m]
    return _fields(SCHEMA_VERSION, tt, cores, prime, rows_m, cols_m) | {
        "rows": [unravel(i, rsz) for i in ri],
        "cols": [unravel(j, csz) for j in ci],
        "rank": len(ri),
    }


def _fields(
    version: int,
    tt: TensorTrain,
    cores: CoreMode,
    prime: int,
    rows_m: Sequence[int] | None,
    cols_m: Sequence[int] | None,
) -> dict[str, Any]:
    """The fields every schema shares, in the files' order (the point's cores), and the partition
    (schemas 1 and 2)."""
    g, d = tt.cores, tt.d
    core_json: dict[str, Any] = {"first": g[0][0].tolist(), "last": g[-1][..., 0].tolist()}
    # equal cores: the one internal core; different cores (and d = 2, where there is none): the list
    core_json["internal"] = g[1].tolist() if cores == "equal" and d > 2 else [c.tolist() for c in g[1:-1]]
    out = {"schema_version": version, "d": d, "cores": core_json, "prime": prime}
    if rows_m is not None and cols_m is not None:
        out |= {"row_modes": list(rows_m), "col_modes": list(cols_m)}
    return out


def make_cut_certificate(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    seed: int = 0,
    prime: int = DEFAULT_PRIME,
    partition: str = "oddeven",
    budget: int | None = None,
    backend: str = "auto",
) -> dict[str, Any]:
    """Draw a random integer point and certify the min-cut rank of its matricization through the
    Kronecker factors of the cut (:func:`verify.generic.cut_plan`, :func:`verify.factor.cut_segments`;
    a nonsingular minor of each run's matrix from :func:`verify.rank.pivots_mod_p`).

    Raises
    ------
    BadParameterError
        Where no cut reaches the bound with its own bond sizes, or a run's matrix is not of full
        column rank mod ``prime`` at this point (another seed or prime, or a minor certificate).
    """
    tt = random_tt(n, r, d, cores, seed=seed, prime=prime)
    rows_m, cols_m = partition_modes(d, partition)
    upper, sides, work = cut_plan(n, r, d, rows_m)
    if work == float("inf"):
        raise BadParameterError(f"no cut of n = {n}, r = {r}, d = {d} has inner dimension {upper} (the bound)")
    seg_r, seg_c = cut_segments(tt, rows_m, sides, prime, budget, labelled=True)
    natural = ["R" if k in rows_m else "C" for k in range(d)]
    minors = []
    for side, segs in (("R", seg_r), ("C", seg_c)):
        for m, row_axes, col_axes in segs:
            if len(row_axes) == 1 and col_axes == [("leg", row_axes[0][0], row_axes[0][1])]:
                continue  # the identity of a crossed mode: nothing to certify
            ri, ci = nonsingular_minor(m, prime, backend)
            if len(ri) != m.shape[1]:
                raise BadParameterError(
                    f"a segment of the cut has rank {len(ri)} < {m.shape[1]} mod {prime} at seed {seed}: "
                    "no cut certificate here (another --seed or --prime)"
                )
            # every core of the run has its mode among the rows (its own side's) or the legs
            cores_in = sorted({k for k, _ in row_axes} | {k for kind, k, _ in col_axes if kind == "leg"})
            k0, k1 = cores_in[0], cores_in[-1]
            order = [("bond", k0 - 1)] * (k0 > 0) + [("leg", k) for k in range(k0, k1 + 1) if natural[k] != side]
            order += [("bond", k1)] * (k1 < d - 1)
            sizes = [s_ for *_, s_ in col_axes]
            cols = []
            for j in ci:
                val = dict(zip([(kind, k) for kind, k, _ in col_axes], unravel(j, sizes)))
                cols.append([val[key] for key in order])
            rows = [unravel(i, [s_ for _, s_ in row_axes]) for i in ri]
            minors.append({"side": side, "first": k0, "last": k1, "rows": rows, "cols": cols})
    return _fields(CUT_SCHEMA_VERSION, tt, cores, prime, rows_m, cols_m) | {
        "sides": "".join(sides),
        "minors": minors,
        "rank": upper,
    }


def make_koszul_certificate(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    seed: int = 0,
    prime: int = DEFAULT_PRIME,
    grouping: str | None = None,
    p: int | None = None,
    budget: int | None = None,
    backend: str = "auto",
) -> dict[str, Any]:
    """Draw a random integer point and certify a CP-rank lower bound by a Koszul flattening
    (:mod:`verify.koszul`): ``grouping`` ``"A|B|C"`` (0-based modes, comma lists, e.g. ``"3|0,2|1,4"``;
    default :func:`verify.koszul.family_grouping` for odd ``d``), ``p`` (default the largest with
    ``2p+1 <= dim A``), the quotient :func:`verify.koszul.random_quotient` of ``seed``, and a
    nonsingular minor of the Koszul matrix mod ``prime`` of size its rank (pivots of
    :func:`verify.rank.pivots_mod_p`)."""
    from .koszul import (
        family_grouping,
        koszul_bound,
        koszul_matrix,
        max_p,
        parse_grouping,
        projected_slices,
        random_quotient,
    )
    from .tt import contract

    g = family_grouping(d) if grouping is None else parse_grouping(grouping, d)
    tt = random_tt(n, r, d, cores, seed=seed, prime=prime)
    sizes = tt.mode_sizes
    dims = [math.prod(sizes[j] for j in s_) for s_ in (g.A, g.B, g.C)]
    p = max_p(dims[0]) if p is None else p
    if not isinstance(p, int) or isinstance(p, bool) or p < 1 or 2 * p + 1 > dims[0]:
        raise BadParameterError(f"p must be an integer with 1 <= p and 2p+1 <= dim A = {dims[0]}, got {p!r}")
    q = random_quotient(dims[0], p, seed)
    k = koszul_matrix(projected_slices(contract(tt, prime, budget), g, q, prime), p, prime)
    ri, ci = nonsingular_minor(k, prime, backend)
    subsets = list(itertools.combinations(range(2 * p + 1), p))
    supsets = list(itertools.combinations(range(2 * p + 1), p + 1))
    rows = [[list(subsets[i // dims[1]]), unravel(i % dims[1], [sizes[j] for j in g.B])] for i in ri]
    cols = [[list(supsets[j // dims[2]]), unravel(j % dims[2], [sizes[m] for m in g.C])] for j in ci]
    return _fields(KOSZUL_SCHEMA_VERSION, tt, cores, prime, None, None) | {
        "grouping": g.as_dict(),
        "p": p,
        "quotient": q.tolist(),
        "rows": rows,
        "cols": cols,
        "rank": len(ri),
        "bound": koszul_bound(len(ri), p),
    }


def _short(x: Any) -> str:
    """A printable, bounded rendering of a value from the file (huge integers included)."""
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 128:
        return f"<an integer of {x.bit_length()} bits>"
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _int(x: Any, what: str, lo: int | None = None) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise CertificateError(f"{what} must be an integer, got {_short(x)}")
    if lo is not None and x < lo:
        raise CertificateError(f"{what} must be >= {lo}, got {_short(x)}")
    return x


def _int_array(x: Any, ndim: int, what: str) -> np.ndarray:
    def walk(v: Any, depth: int) -> None:
        if depth == ndim:
            _int(v, f"an entry of {what}")
            return
        if not isinstance(v, list) or not v:
            raise CertificateError(f"{what} must be a non-empty {ndim}-dimensional list of integers")
        for e in v:
            walk(e, depth + 1)

    walk(x, 0)
    arr = np.array(x, dtype=object)
    if arr.ndim != ndim:
        raise CertificateError(f"{what} is ragged or not {ndim}-dimensional")
    return arr


def _cores(obj: dict[str, Any], d: int) -> TensorTrain:
    c = obj["cores"]
    if not isinstance(c, dict) or set(c) != {"first", "internal", "last"}:
        raise CertificateError("cores must be an object with exactly the keys first, internal, last")
    first = _int_array(c["first"], 2, "cores.first")
    last = _int_array(c["last"], 2, "cores.last")
    internal = c["internal"]
    try:
        if d == 2:
            if internal not in ([],):
                raise CertificateError("for d = 2 cores.internal must be []")
            return different_core_tt(first, [], last)
        if (
            isinstance(internal, list)
            and internal
            and isinstance(internal[0], list)
            and internal[0]
            and isinstance(internal[0][0], list)
            and internal[0][0]
            and isinstance(internal[0][0][0], list)
        ):
            if len(internal) != d - 2:
                raise CertificateError(f"cores.internal lists {len(internal)} cores, d - 2 = {d - 2} expected")
            return different_core_tt(first, [_int_array(g, 3, "cores.internal[k]") for g in internal], last)
        return equal_core_tt(first, _int_array(internal, 3, "cores.internal"), last, d)
    except CertificateError:
        raise
    except VerifyError as e:
        raise CertificateError(f"cores do not form a tensor train: {e}") from None


#: The checker refuses files larger than this (bytes) and work beyond this many products (as
#: :func:`verify._minor_entries.plan` counts them: about 2 s at the limit on a 2-core machine,
#: 4-6 * 10^7 products a second in float64, 0.8 * 10^7 in Python integers for primes from 2^31).
#: The minor of rank 1000 at n = 2, r = 10, d = 20 takes 1.0 * 10^7 (checked in 0.6-2.1 s and 105 MB in
#: all, against 244 s and 1.9 GB when each entry was a product of d matrices in Python integers).
MAX_FILE_BYTES = 64 * 2**20
MAX_CHECK_WORK = 10**8
MAX_CHECK_WORK_BIG_PRIME = 2 * 10**7


def check_certificate(obj: Any) -> dict[str, Any]:
    """Re-check a certificate; return ``{"rank", "prime", "d", "row_modes", "col_modes"}`` if it holds.

    Every field is validated before it is used, sizes first: ``d`` must equal the number of modes
    the file lists, the rank the number of row and column multi-indices it lists, so nothing is
    allocated beyond what the file itself spells out; the work (the products of
    :func:`verify._minor_entries.plan`, at most :data:`MAX_CHECK_WORK`) and the memory are bounded
    before the entries are computed.  The entries come from :mod:`verify._minor_entries`, code of
    its own (exact, mod ``p``), not the contractions that make certificates.

    Raises
    ------
    CertificateError
        With one line saying what is malformed, inconsistent, too large, or false.
    """
    if not isinstance(obj, dict):
        raise CertificateError("a certificate must be a JSON object")
    if obj.get("schema_version") == CUT_SCHEMA_VERSION and not isinstance(obj.get("schema_version"), bool):
        return _check_cut_certificate(obj)
    if obj.get("schema_version") == KOSZUL_SCHEMA_VERSION and not isinstance(obj.get("schema_version"), bool):
        return _check_koszul_certificate(obj)
    rows_m, cols_m, d, p = _header(obj, _KEYS, SCHEMA_VERSION)
    rows, cols = _list(obj["rows"], "rows"), _list(obj["cols"], "cols")
    k = _int(obj["rank"], "rank", 1)
    if len(rows) != k or len(cols) != k:
        raise CertificateError(
            f"rank {_short(k)} needs {_short(k)} rows and {_short(k)} cols, got {len(rows)} and {len(cols)}"
        )
    tt = _cores(obj, d)
    sizes = tt.mode_sizes
    for name, idx, modes in (("rows", rows, rows_m), ("cols", cols, cols_m)):
        seen = set()
        for t in idx:
            t = _list(t, f"an entry of {name}")
            if len(t) != len(modes) or any(not (0 <= _int(v, f"{name} index") < sizes[m]) for v, m in zip(t, modes)):
                raise CertificateError(
                    f"{name} entry {_short(t)} is not a multi-index over modes {_short(modes)} of sizes "
                    f"{[sizes[m] for m in modes]}"
                )
            seen.add(tuple(t))
        if len(seen) != k:
            raise CertificateError(f"{name} repeat a multi-index")
    rset = set(rows_m)
    sides = "".join("R" if m in rset else "C" for m in range(d))
    rl = np.array(rows, dtype=np.int64).reshape(k, len(rows_m))[:, np.argsort(rows_m)]
    cl = np.array(cols, dtype=np.int64).reshape(k, len(cols_m))[:, np.argsort(cols_m)]
    cores = list(tt.cores)
    pl = plan([c.shape for c in cores], sides, rl, cl)
    _check_work(pl.work, p, f"rank {k}, d = {d}, r = {max(tt.ranks, default=1)}")
    try:
        check_budget((pl.largest_state,), 8, "the minor's partial products")
    except VerifyError as e:
        raise CertificateError(str(e)) from None
    vals = minor_entries(cores, sides, rl, cl, p, pl)
    got = int(to_nmod_mat(vals, p).rank())
    if got != k:
        raise CertificateError(f"the claimed {k}x{k} minor is singular mod {p} (its rank is {got})")
    return {"rank": k, "prime": p, "d": d, "row_modes": rows_m, "col_modes": cols_m, "method": "minor"}


def _check_work(work: int, p: int, what: str) -> None:
    limit = MAX_CHECK_WORK if p < FLOAT_PRIME_LIMIT else MAX_CHECK_WORK_BIG_PRIME
    if work > limit:
        raise CertificateError(
            f"checking this certificate takes {work:.2e} products ({what}), more than this checker's limit of "
            f"{limit:.0e}" + (f" for a prime of {p.bit_length()} bits" if p >= FLOAT_PRIME_LIMIT else "")
        )


def _prelude(obj: dict[str, Any], keys: set[str], version: int) -> None:
    """The keys and the schema version (the first checks of every schema)."""
    missing, extra = keys - set(obj), set(obj) - keys
    if missing or extra:
        raise CertificateError(f"certificate keys wrong: missing {sorted(missing)}, unexpected {sorted(extra)}")
    if _int(obj["schema_version"], "schema_version") != version:
        raise CertificateError(
            f"unsupported schema_version {_short(obj['schema_version'])}; this checker reads {SCHEMA_VERSION} "
            f"(a minor), {CUT_SCHEMA_VERSION} (a cut) and {KOSZUL_SCHEMA_VERSION} (a Koszul flattening)"
        )


def _prime(obj: dict[str, Any]) -> int:
    p = _int(obj["prime"], "prime", 2)
    if p >= 2**64 or not is_prime(p):
        raise CertificateError(f"prime {_short(p)} is not a prime below 2**64")
    return p


def _header(obj: dict[str, Any], keys: set[str], version: int) -> tuple[list[int], list[int], int, int]:
    """The fields schemas 1 and 2 share, validated in this order: the keys, the schema version, row
    and column modes, ``d``, the prime."""
    _prelude(obj, keys, version)
    rows_m = [_int(x, "row_modes entry", 0) for x in _list(obj["row_modes"], "row_modes")]
    cols_m = [_int(x, "col_modes entry", 0) for x in _list(obj["col_modes"], "col_modes")]
    d = _int(obj["d"], "d", 2)
    if d != len(rows_m) + len(cols_m) or sorted(rows_m + cols_m) != list(range(d)) or not rows_m or not cols_m:
        raise CertificateError(
            f"row_modes {_short(rows_m)} and col_modes {_short(cols_m)} must split the modes 0..d-1 (d = {_short(d)})"
        )
    return rows_m, cols_m, d, _prime(obj)


def _check_cut_certificate(obj: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 (module docstring): the runs from ``sides``, each minor recomputed and eliminated,
    the product of the widths compared with the claimed rank.  Written apart from
    :mod:`verify.factor` (which makes the segments), sharing none of its code."""
    rows_m, cols_m, d, p = _header(obj, _CUT_KEYS, CUT_SCHEMA_VERSION)
    sides = obj["sides"]
    if not isinstance(sides, str) or len(sides) != d or set(sides) - {"R", "C"}:
        raise CertificateError(f"sides must be a string of d = {d} letters R or C, got {_short(sides)}")
    k_claim = _int(obj["rank"], "rank", 1)
    tt = _cores(obj, d)
    n, bond = tt.mode_sizes, (1, *tt.ranks, 1)  # bond[k]: the bond left of core k
    home = ["R" if k in set(rows_m) else "C" for k in range(d)]
    runs: list[tuple[str, int, int]] = []
    for k in range(d):
        if k and sides[k] == sides[k - 1]:
            runs[-1] = (runs[-1][0], runs[-1][1], k)
        else:
            runs.append((sides[k], k, k))
    minors = _list(obj["minors"], "minors")
    listed: dict[tuple[str, int, int], dict[str, Any]] = {}
    for mi in minors:
        if not isinstance(mi, dict) or set(mi) != {"side", "first", "last", "rows", "cols"}:
            raise CertificateError("each minor must be an object with exactly side, first, last, rows, cols")
        key = (mi["side"], _int(mi["first"], "a minor's first core", 0), _int(mi["last"], "a minor's last core", 0))
        if key in listed:
            raise CertificateError(f"the run {_short(list(key))} is listed twice")
        listed[key] = mi
    # a run of one core whose mode is across the cut and has no cut bond is a 1 x 1 matrix: it
    # needs its minor like any other run
    if set(listed) != set(runs):
        raise CertificateError(
            f"the minors must be one for each run of sides {_short(sides)}: {[list(x) for x in runs]!s:.120}"
        )
    total = {"R": 1, "C": 1}
    for k in range(d):  # the identity of each mode whose core is across the cut
        if sides[k] != home[k]:
            total[home[k]] *= n[k]
    r = max(max(tt.ranks), 1)
    plans = []
    for side, k0, k1 in runs:
        own = [k for k in range(k0, k1 + 1) if home[k] == side]
        legs = [k for k in range(k0, k1 + 1) if home[k] != side]
        col_sizes = [bond[k0]] * (k0 > 0) + [n[k] for k in legs] + [bond[k1 + 1]] * (k1 < d - 1)
        width = math.prod(col_sizes)
        total[side] *= width
        plans.append((side, k0, k1, own, legs, col_sizes, width))
    if total["R"] != k_claim or total["C"] != k_claim:
        raise CertificateError(
            f"the cut's inner dimension is {_short(total['R'])} on the row side and {_short(total['C'])} on the "
            f"column side; the certificate claims rank {_short(k_claim)}"
        )
    checks = []
    for side, k0, k1, own, _, col_sizes, width in plans:
        mi = listed[(side, k0, k1)]
        rows, cols = _list(mi["rows"], "a minor's rows"), _list(mi["cols"], "a minor's cols")
        where = f"the minor of cores {k0}..{k1} ({side})"
        if len(rows) != width or len(cols) != width:
            raise CertificateError(
                f"{where} must be {width} x {width} (its run's width), got {len(rows)} x {len(cols)}"
            )
        for name, idx, sizes in (("rows", rows, [n[k] for k in own]), ("cols", cols, col_sizes)):
            seen = set()
            for t in idx:
                t = _list(t, f"an entry of {where}'s {name}")
                bad = len(t) != len(sizes) or any(
                    not (0 <= _int(v, f"{where}'s {name} index") < m) for v, m in zip(t, sizes)
                )
                if bad:
                    raise CertificateError(f"{where}: {name} entry {_short(t)} is not a multi-index of sizes {sizes}")
                seen.add(tuple(t))
            if len(seen) != width:
                raise CertificateError(f"{where} repeats a multi-index in its {name}")
        # the run as a chain: a unit vector for the left boundary bond (a letter of the columns), the
        # run's cores (letters of the rows: its own modes; of the columns: the other side's legs),
        # and a unit vector for the right boundary bond
        chain = [np.eye(tt.cores[k0].shape[0], dtype=np.int64)[None]] * (k0 > 0) + list(tt.cores[k0 : k1 + 1])
        chain += [np.eye(tt.cores[k1].shape[2], dtype=np.int64)[:, :, None]] * (k1 < d - 1)
        letters = "C" * (k0 > 0) + "".join("R" if home[k] == side else "C" for k in range(k0, k1 + 1))
        letters += "C" * (k1 < d - 1)
        u = np.array(rows, dtype=np.int64).reshape(width, len(own))
        c = np.array(cols, dtype=np.int64).reshape(width, len(col_sizes))
        pl = plan([g.shape for g in chain], letters, u, c)
        checks.append((where, width, chain, letters, u, c, pl))
    _check_work(sum(check[-1].work for check in checks), p, f"{len(runs)} runs of cores, r = {r}")
    for where, width, chain, letters, u, c, pl in checks:
        try:
            check_budget((pl.largest_state,), 8, "a run's partial products")
        except VerifyError as e:
            raise CertificateError(str(e)) from None
        vals = minor_entries(chain, letters, u, c, p, pl)
        got = int(to_nmod_mat(vals, p).rank())
        if got != width:
            raise CertificateError(f"{where} is singular mod {p} (its rank is {got} of {width})")
    return {
        "rank": k_claim,
        "prime": p,
        "d": d,
        "row_modes": rows_m,
        "col_modes": cols_m,
        "method": "cut",
        "runs": len(runs),
        "largest_minor": max(check[1] for check in checks),
    }


def _check_koszul_certificate(obj: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 (module docstring): every entry of the claimed minor of the Koszul matrix
    recomputed from the cores in exact integers mod ``p``, the minor eliminated with FLINT, the
    claimed bound compared with ``ceil(rank / binom(2p, p))``.  Written apart from
    :mod:`verify.koszul` (which makes the matrix), sharing none of its code."""
    _prelude(obj, _KOSZUL_KEYS, KOSZUL_SCHEMA_VERSION)
    grp = obj["grouping"]
    if not isinstance(grp, dict) or set(grp) != {"A", "B", "C"}:
        raise CertificateError("grouping must be an object with exactly the keys A, B, C")
    parts = {key: [_int(x, f"grouping.{key} entry", 0) for x in _list(grp[key], f"grouping.{key}")] for key in "ABC"}
    d = _int(obj["d"], "d", 3)
    if sorted(parts["A"] + parts["B"] + parts["C"]) != list(range(d)) or not all(parts.values()):
        raise CertificateError(
            f"grouping {_short(grp)} must split the modes 0..d-1 (d = {_short(d)}) into three non-empty sets"
        )
    prime = _prime(obj)
    p = _int(obj["p"], "p", 1)
    m = 2 * p + 1
    tt = _cores(obj, d)
    n = tt.mode_sizes
    a_modes, b_modes, c_modes = (sorted(parts[key]) for key in "ABC")
    dim_a = math.prod(n[j] for j in a_modes)
    if m > dim_a:
        raise CertificateError(f"p = {p} needs a quotient of dimension 2p+1 = {m} <= dim A = {dim_a}")
    quot = _int_array(obj["quotient"], 2, "quotient")
    if quot.shape != (m, dim_a):
        raise CertificateError(
            f"quotient must be a {m} x {dim_a} matrix (2p+1 x dim A), got {quot.shape[0]} x {quot.shape[1]}"
        )
    k = _int(obj["rank"], "rank", 1)
    rows, cols = _list(obj["rows"], "rows"), _list(obj["cols"], "cols")
    if len(rows) != k or len(cols) != k:
        raise CertificateError(
            f"rank {_short(k)} needs {_short(k)} rows and {_short(k)} cols, got {len(rows)} and {len(cols)}"
        )
    parsed: dict[str, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for name, idx, size, modes in (("rows", rows, p, b_modes), ("cols", cols, p + 1, c_modes)):
        seen = set()
        out = []
        for t in idx:
            t = _list(t, f"an entry of {name}")
            if len(t) != 2:
                raise CertificateError(f"{name} entry {_short(t)} must be [wedge subset, multi-index]")
            sub = [_int(v, f"{name} wedge index") for v in _list(t[0], f"{name} wedge subset")]
            ix = [_int(v, f"{name} index") for v in _list(t[1], f"{name} multi-index")]
            if len(sub) != size or any(not 0 <= v < m for v in sub) or sub != sorted(set(sub)):
                raise CertificateError(
                    f"{name} entry {_short(t)}: the wedge part must be {size} increasing indices below {m}"
                )
            if len(ix) != len(modes) or any(not 0 <= v < n[j] for v, j in zip(ix, modes)):
                raise CertificateError(
                    f"{name} entry {_short(t)} is not a multi-index over modes {modes} of sizes {[n[j] for j in modes]}"
                )
            out.append((tuple(sub), tuple(ix)))
            seen.add(out[-1])
        if len(seen) != k:
            raise CertificateError(f"{name} repeat an entry")
        parsed[name] = out
    bound = _int(obj["bound"], "bound", 1)
    if bound != -(-k // math.comb(2 * p, p)):
        raise CertificateError(
            f"a Koszul minor of size {k} with p = {p} proves CP-rank >= ceil({k} / binom({2 * p}, {p})) = "
            f"{-(-k // math.comb(2 * p, p))}, the certificate claims {_short(bound)}"
        )
    # which (b, c) the minor needs: a row (S, b) meets a column (S', c) only where S' = S + {i}
    need: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
    places = []
    for x, (s_, b) in enumerate(parsed["rows"]):
        for y, (t, c) in enumerate(parsed["cols"]):
            extra = [v for v in t if v not in s_]
            if len(extra) == 1:  # |S'| = |S| + 1 (both validated): S is inside S', and i is the new index
                i = extra[0]
                sign = -1 if sum(1 for v in s_ if v < i) % 2 else 1
                places.append((x, y, i, sign, need.setdefault((b, c), len(need))))
    # X[a, b, c] for every a (row-major over A) and every needed (b, c), exactly: the entries of the
    # (A, B + C) matricization at those rows and columns (verify._minor_entries, in core order)
    a_all = np.array(list(itertools.product(*(range(n[j]) for j in a_modes))), dtype=np.int64).reshape(dim_a, -1)
    bc_modes = sorted(b_modes + c_modes)
    bc = np.zeros((len(need), len(bc_modes)), dtype=np.int64)
    where = {j: i for i, j in enumerate(bc_modes)}
    for (b, c), z in need.items():
        for j, v in zip(b_modes, b):
            bc[z, where[j]] = v
        for j, v in zip(c_modes, c):
            bc[z, where[j]] = v
    aset = set(a_modes)
    sides = "".join("R" if j in aset else "C" for j in range(d))
    cores = list(tt.cores)
    pl = plan([g.shape for g in cores], sides, a_all, bc)
    _check_work(pl.work, prime, f"{len(need)} (b, c) pairs, dim A = {dim_a}, d = {d}")
    try:
        check_budget((pl.largest_state,), 8, "the partial products")
    except VerifyError as e:
        raise CertificateError(str(e)) from None
    vals = np.asarray(minor_entries(cores, sides, a_all, bc, prime, pl), dtype=object).T  # (needed pairs, dim A)
    proj = (vals @ (quot.T % prime)) % prime  # (needed pairs, 2p+1): sum_a quotient[i][a] X[a, b, c]
    minor = np.zeros((k, k), dtype=object)
    for x, y, i, sign, z in places:
        minor[x, y] = (sign * proj[z, i]) % prime
    got = int(to_nmod_mat(minor, prime).rank())
    if got != k:
        raise CertificateError(
            f"the claimed {k}x{k} minor of the Koszul matrix is singular mod {prime} (its rank is {got})"
        )
    return {
        "rank": k,
        "bound": bound,
        "prime": prime,
        "d": d,
        "grouping": {key: sorted(v) for key, v in parts.items()},
        "p": p,
        "method": "koszul",
    }


def _list(x: Any, what: str) -> list[Any]:
    if not isinstance(x, list):
        raise CertificateError(f"{what} must be a list")
    return x


def load_certificate(path: str | Path) -> dict[str, Any]:
    """Read a certificate file (JSON only); one clear error for unreadable or non-JSON files."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise CertificateError(f"certificate {str(path)!r} has {size} bytes, more than {MAX_FILE_BYTES}")
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as e:
        raise CertificateError(f"cannot read certificate {str(path)!r}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise CertificateError(f"certificate {str(path)!r} is not UTF-8 text") from None
    try:
        return strict_loads(text)
    except StrictJSONError as e:
        raise CertificateError(f"certificate {str(path)!r} is not valid JSON: {e}") from None


def certify_case(
    n: int,
    r: int,
    d: int,
    cores: CoreMode = "equal",
    seed: int = 0,
    prime: int = DEFAULT_PRIME,
    partition: str = "oddeven",
    path: str = "cert.json",
    max_work: float = DEFAULT_MAX_WORK,
    backend: str = "auto",
    method: str = "auto",
    grouping: str | None = None,
    p: int | None = None,
) -> dict[str, Any]:
    """One case of ``python -m verify certify``: make the certificate, write it to ``path`` whole
    (a temporary file renamed over it; a device or pipe is written directly), re-check it from the
    file, and return a record.

    ``method``: ``"minor"`` (schema 1: a nonsingular minor of the matricization), ``"cut"``
    (schema 2: a minor of each run of the optimal cut, :func:`make_cut_certificate`),
    ``"koszul"`` (schema 3: a minor of the Koszul flattening of ``grouping`` with ``p``,
    :func:`make_koszul_certificate`; ``partition`` unused), or ``"auto"``: the cut where
    :func:`verify.generic.prefers_cut` takes it (the bound is below the side, or the cut is cheaper
    than the matrix), else the minor."""
    if method not in ("auto", "minor", "cut", "koszul"):
        raise BadParameterError(f"method must be auto, minor, cut or koszul, got {shown(method, 40)}")
    if method == "koszul":
        from .koszul import family_grouping, koszul_side, max_p, parse_grouping

        g = family_grouping(d) if grouping is None else parse_grouping(grouping, d)
        dims = [n ** len(x) for x in (g.A, g.B, g.C)]
        kside = koszul_side(max_p(dims[0]) if p is None else max(1, p), dims[1], dims[2])
        if as_work(max(kside) * min(kside) ** 2) > max_work:
            raise BadParameterError(
                f"a Koszul certificate for n = {n}, d = {d} eliminates a {kside[0]} x {kside[1]} matrix > --max-work"
            )
        cert = make_koszul_certificate(n, r, d, cores, seed=seed, prime=prime, grouping=grouping, p=p, backend=backend)
        return _write_and_check(cert, path) | {
            "check": "certificate",
            "n": n,
            "r": r,
            "d": d,
            "cores": cores,
            "grouping": cert["grouping"],
            "p": cert["p"],
            "rank": cert["rank"],
            "bound": cert["bound"],
            "prime": cert["prime"],
            "method": method,
            "passed": True,
            "status": "ok",
        }
    rows_m, cols_m = partition_modes(d, partition)
    nr, nc = n ** len(rows_m), n ** len(cols_m)
    side = max(nr, nc)
    upper, _, cut_work = cut_plan(n, r, d, rows_m)
    if method == "auto":
        method = "cut" if prefers_cut(upper, nr, nc, cut_work) else "minor"
    if method == "cut":
        if cut_work > max_work:
            raise BadParameterError(
                f"a cut certificate for n = {n}, r = {r}, d = {d} costs about {cut_work:.1e} operations > --max-work"
            )
        cert = make_cut_certificate(n, r, d, cores, seed=seed, prime=prime, partition=partition, backend=backend)
    elif as_work(side**3) > max_work:
        raise BadParameterError(
            f"a certificate for n = {n}, d = {d} eliminates a matrix of side n^{len(rows_m)}, about "
            f"{as_work(side**3):.1e} operations > --max-work"
        )
    else:
        cert = make_certificate(n, r, d, cores, seed=seed, prime=prime, partition=partition, backend=backend)
    return _write_and_check(cert, path) | {
        "check": "certificate",
        "n": n,
        "r": r,
        "d": d,
        "cores": cores,
        "partition": partition,
        "rank": cert["rank"],
        "prime": cert["prime"],
        "method": method,
        "passed": True,
        "status": "ok",
    }


def _write_and_check(cert: dict[str, Any], path: str) -> dict[str, Any]:
    """Write ``cert`` to ``path`` whole (a temporary file renamed over it; a device or pipe is
    written directly) and re-check it from the file; ``{"path": ...}``."""
    target = Path(path)
    text = json.dumps(cert) + "\n"
    try:
        write_whole(target, text)
    except OSError as e:
        raise CertificateError(f"cannot write certificate {str(target)!r}: {e.strerror or e}") from None
    check_certificate(load_certificate(target))
    return {"path": str(target)}
