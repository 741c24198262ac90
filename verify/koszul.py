r"""Koszul flattenings: lower bounds of border rank (hence of CP-rank) past every matricization.

Group the ``d`` modes of a tensor into three non-empty sets ``A, B, C`` and read it as
:math:`T \in A \otimes B \otimes C` (:math:`A = \bigotimes_{j \in A} \mathbb F^{n}`, and so on).
Choose a quotient :math:`\pi : A \to A' = \mathbb F^{2p+1}` (an integer ``(2p+1) x dim A`` matrix).
The **Koszul flattening** (Landsberg and Ottaviani [1]_, §4; Strassen's equations [2]_ are
``dim A' = 3``, ``p = 1``) is the linear map

.. math::

    T_{A}^{\wedge p} : \Lambda^p A' \otimes B^* \to \Lambda^{p+1} A' \otimes C, \qquad
    X \otimes \beta \mapsto \sum_i (\pi(a_i) \wedge X) \otimes c_i\,\beta(b_i)
    \quad\text{for } T = \sum_i a_i \otimes b_i \otimes c_i ,

linear in ``T``.  For a rank-one ``a (x) b (x) c`` its rank is that of :math:`\pi(a) \wedge \cdot`
on :math:`\Lambda^p A'`, which is ``binom(2p, p)`` (or 0): its kernel is
:math:`\pi(a) \wedge \Lambda^{p-1} A'`.  Rank is subadditive and lower semicontinuous, so

.. math::

    \underline{R}(T) \;\ge\; \left\lceil \operatorname{rank} T_A^{\wedge p} / \tbinom{2p}{p} \right\rceil

over any field (border rank :math:`\underline R \le` CP-rank).  Its matrix (rows
:math:`(S, b)`, ``S`` a ``p``-subset of ``range(2p+1)``; columns :math:`(S', c)`, ``|S'| = p+1``;
both in lexicographic order) is

.. math::

    K = \sum_{i=0}^{2p} \Omega_i \otimes T'_i, \qquad
    \Omega_i[S, S \cup \{i\}] = (-1)^{\#\{s \in S : s < i\}} \;(i \notin S),

with :math:`T'_i = \sum_a \pi[i, a]\, T[a, :, :]` the ``B x C`` slices of the projected tensor.

**What a rank certifies.**  The rank mod ``p`` of ``K`` at an integer point is a lower bound of its
rank over Q (a nonzero minor mod ``p`` is a nonzero integer), hence of the border rank and the
CP-rank of that tensor.  The minor is a polynomial in the core entries (``K`` is linear in the
tensor, the tensor polynomial in the cores), nonzero at the point, so (PROOFS.md §3) the same
bound holds for almost every choice of cores.

**How far it can go** (:func:`flattening_cap`).  ``K`` factors through the flattening
:math:`B^* \to A' \otimes C` of ``T`` and, transposed, through :math:`C^* \to A' \otimes B`:
:math:`\operatorname{rank} K \le \binom{2p+1}{p} \min(\operatorname{rank} T_B, \operatorname{rank} T_C)`,
so a Koszul flattening never certifies more than
:math:`\lceil \tfrac{2p+1}{p+1} \min(\operatorname{rank} T_B, \operatorname{rank} T_C) \rceil`, less than
twice the smaller flattening.  For a tensor train the flattening ranks are at most their min-cut
values (:func:`verify.bounds.mincut_bound`); PROOFS.md ("CP-rank") derives from this which groupings
can beat the matricization limit at all: only odd ``d``, ``A`` a single mode, ``|B| = |C|``.

References
----------
.. [1] J. M. Landsberg, G. Ottaviani, "Equations for secant varieties of Veronese and other
       varieties", Ann. Mat. Pura Appl. 192(4), 569-606, 2013 (Koszul flattenings, §4).
.. [2] V. Strassen, "Rank and optimal computation of generic tensors", Linear Algebra Appl. 52/53,
       645-685, 1983 (the case ``dim A' = 3``, ``p = 1``).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._types import IntArray
from .bounds import mincut_bound
from .errors import BadParameterError, shown
from .rank import _check_prime, choose_backend, rank
from .tt import TensorTrain, check_budget, contract

__all__ = [
    "Grouping",
    "candidate_groupings",
    "family_grouping",
    "flattening_cap",
    "koszul_bound",
    "koszul_cap",
    "koszul_limit",
    "koszul_matrix",
    "koszul_rank",
    "koszul_record",
    "koszul_side",
    "max_p",
    "parse_grouping",
    "projected_slices",
    "random_quotient",
    "wedge_matrices",
]


@dataclass(frozen=True)
class Grouping:
    """Three disjoint non-empty sets of 0-based modes covering ``range(d)``: the tensor is read
    as an element of ``A (x) B (x) C`` (each set's modes in increasing order)."""

    A: tuple[int, ...]
    B: tuple[int, ...]
    C: tuple[int, ...]

    def __post_init__(self) -> None:
        for name in ("A", "B", "C"):
            object.__setattr__(self, name, tuple(sorted(int(m) for m in getattr(self, name))))

    @property
    def d(self) -> int:
        return len(self.A) + len(self.B) + len(self.C)

    def validate(self, d: int) -> Grouping:
        """Raise :class:`BadParameterError` unless the three sets split ``range(d)``."""
        modes = sorted(self.A + self.B + self.C)
        if modes != list(range(d)) or not (self.A and self.B and self.C):
            raise BadParameterError(
                f"grouping A={list(self.A)} B={list(self.B)} C={list(self.C)} must split the modes "
                f"0..{d - 1} into three non-empty sets"
            )
        return self

    def swapped(self) -> Grouping:
        """``B`` and ``C`` exchanged (the same Koszul rank: PROOFS.md, "CP-rank")."""
        return Grouping(self.A, self.C, self.B)

    def mirrored(self, d: int) -> Grouping:
        """The grouping of the reversed train (mode ``j`` becomes ``d - 1 - j``)."""
        return Grouping(*(tuple(d - 1 - j for j in s) for s in (self.A, self.B, self.C)))

    def as_dict(self) -> dict[str, list[int]]:
        return {"A": list(self.A), "B": list(self.B), "C": list(self.C)}

    def label(self) -> str:
        """``A=4 B=0,2 C=1,3``."""
        return " ".join(f"{k}={','.join(map(str, v))}" for k, v in self.as_dict().items())


def parse_grouping(text: str, d: int) -> Grouping:
    """``"A|B|C"``, each a comma list of 0-based modes: ``"3|0,2|1,4"``.

    >>> parse_grouping("3|0,2|1,4", 5).label()
    'A=3 B=0,2 C=1,4'
    """
    parts = str(text).split("|")
    try:
        if len(parts) != 3:
            raise ValueError
        sets = [tuple(int(x) for x in part.split(",") if x.strip()) for part in parts]
    except ValueError:
        raise BadParameterError(
            f"a grouping is 'A|B|C' with comma lists of 0-based modes, got {shown(text, 60)}"
        ) from None
    return Grouping(*sets).validate(d)


def _check_p(p: object) -> int:
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or p < 1:
        raise BadParameterError(f"p must be an integer >= 1, got {p!r}")
    return int(p)


def wedge_matrices(p: int) -> np.ndarray:
    r"""The ``2p+1`` matrices :math:`\Omega_i` of :math:`e_i \wedge \cdot : \Lambda^p \to \Lambda^{p+1}`
    on :math:`\mathbb F^{2p+1}` (rows: ``p``-subsets, columns: ``(p+1)``-subsets, lexicographic),
    shape ``(2p+1, binom(2p+1, p), binom(2p+1, p+1))``, entries in ``{-1, 0, 1}``.

    >>> wedge_matrices(1)[0].tolist()   # e_0 ^ e_1 = e_01, e_0 ^ e_2 = e_02
    [[0, 0, 0], [1, 0, 0], [0, 1, 0]]
    """
    p = _check_p(p)
    m = 2 * p + 1
    rows = list(itertools.combinations(range(m), p))
    col = {c: j for j, c in enumerate(itertools.combinations(range(m), p + 1))}
    out = np.zeros((m, len(rows), len(col)), dtype=np.int64)
    for s, subset in enumerate(rows):
        for i in range(m):
            if i not in subset:
                sign = -1 if sum(1 for x in subset if x < i) % 2 else 1
                out[i, s, col[tuple(sorted((*subset, i)))]] = sign
    return out


def koszul_side(p: int, dim_b: int, dim_c: int) -> tuple[int, int]:
    """The shape of the Koszul matrix: ``(binom(2p+1, p) dim B, binom(2p+1, p+1) dim C)``."""
    p = _check_p(p)
    return math.comb(2 * p + 1, p) * dim_b, math.comb(2 * p + 1, p + 1) * dim_c


def koszul_matrix(slices: IntArray, p: int, prime: int | None = None) -> IntArray:
    r""":math:`K = \sum_i \Omega_i \otimes T'_i` from the ``2p+1`` projected slices
    (``slices[i]`` is the ``B x C`` matrix :math:`T'_i`).

    Over Q (``prime=None``) the result is an ``object`` array of Python integers; mod ``prime`` an
    ``int64`` array of residues in ``[0, prime)`` (each Kronecker product multiplies a slice by a
    sign, so nothing can wrap).
    """
    p = _check_p(p)
    s = np.asarray(slices)
    if s.ndim != 3 or s.shape[0] != 2 * p + 1:
        raise BadParameterError(f"need 2p+1 = {2 * p + 1} slices of shape (B, C), got an array of shape {s.shape}")
    om = wedge_matrices(p)
    shape = koszul_side(p, s.shape[1], s.shape[2])
    check_budget(shape, 8 if prime is not None else 40, "the Koszul matrix")
    if prime is None:
        k = np.zeros(shape, dtype=object)
        src = s.astype(object)
    else:
        k = np.zeros(shape, dtype=np.int64)
        src = np.mod(s.astype(object), prime).astype(np.int64) if s.dtype == object else np.mod(s, prime)
    nb, nc = s.shape[1], s.shape[2]
    for i in range(2 * p + 1):
        for a, b in zip(*np.nonzero(om[i])):
            block = src[i] if om[i, a, b] > 0 else -src[i]
            k[a * nb : (a + 1) * nb, b * nc : (b + 1) * nc] = block
    if prime is not None:
        np.mod(k, prime, out=k)
    return k


def random_quotient(dim_a: int, p: int, seed: int = 0, size: int = 9) -> np.ndarray:
    """A ``(2p+1) x dim_a`` integer quotient map with entries drawn uniformly from
    ``[-size, size]`` (seeded): generic enough that the rank it gives is a lower bound that is
    almost always the largest one."""
    p = _check_p(p)
    if dim_a < 2 * p + 1:
        raise BadParameterError(f"a quotient of dimension 2p+1 = {2 * p + 1} needs dim A >= {2 * p + 1}, got {dim_a}")
    rng = np.random.default_rng([int(seed), 2 * p + 1, int(dim_a)])
    return rng.integers(-size, size + 1, size=(2 * p + 1, dim_a), dtype=np.int64)


def projected_slices(tensor: IntArray, grouping: Grouping, quotient: np.ndarray, prime: int | None = None) -> IntArray:
    """The ``2p+1`` slices ``T'_i = sum_a quotient[i, a] T[a, :, :]`` of a full tensor (``ndarray``
    with ``d`` axes) read as ``A (x) B (x) C``: shape ``(2p+1, dim B, dim C)``; exact integers
    (``object``) over Q, residues mod ``prime``."""
    d = tensor.ndim
    grouping.validate(d)
    n = tensor.shape
    dims = [math.prod(n[j] for j in s) for s in (grouping.A, grouping.B, grouping.C)]
    q = np.asarray(quotient)
    if q.ndim != 2 or q.shape[1] != dims[0]:
        raise BadParameterError(f"the quotient must be a (2p+1) x {dims[0]} matrix, got shape {q.shape}")
    flat = np.transpose(tensor, grouping.A + grouping.B + grouping.C).reshape(dims[0], dims[1] * dims[2])
    if prime is None:
        out = q.astype(object) @ flat.astype(object)
    else:
        from .tt import matmul_mod

        out = matmul_mod(np.mod(q, prime).astype(np.int64), np.mod(flat.astype(object), prime).astype(np.int64), prime)
    return out.reshape(q.shape[0], dims[1], dims[2])


def koszul_bound(rank_value: int, p: int) -> int:
    """``ceil(rank / binom(2p, p))``: the border-rank lower bound a Koszul rank certifies.

    >>> koszul_bound(9, 1), koszul_bound(50, 2)   # a generic 3x3x3 tensor; a generic 5x5x5 one
    (5, 9)
    """
    return -(-int(rank_value) // math.comb(2 * _check_p(p), _check_p(p)))


def koszul_rank(
    tensor: IntArray,
    grouping: Grouping,
    p: int,
    quotient: np.ndarray,
    prime: int | None = None,
    backend: str = "auto",
) -> tuple[int, str]:
    """The rank of the Koszul matrix of a full integer tensor: over Q (``prime=None``: FLINT's
    ``fmpz_mat``, kind ``exact``) or mod ``prime`` (a lower bound of the rank over Q, kind
    ``modular``; FLINT or the BLAS elimination as ``backend`` chooses).  Returns ``(rank, backend)``."""
    k = koszul_matrix(projected_slices(tensor, grouping, quotient, prime), p, prime)
    if prime is None:
        return rank(k, None, "flint").rank, "flint"
    p_ = _check_prime(prime)
    use = choose_backend(k.shape, p_, backend)
    return rank(k, p_, use).rank, use


# --- what a grouping can certify on a tensor train -------------------------------------------


def _mincut(n: int, r: int, d: int, modes: Sequence[int]) -> int:
    return mincut_bound([n] * d, [r] * (d - 1), list(modes))[0]


def flattening_cap(n: int, r: int, d: int, grouping: Grouping, p: int) -> int:
    r"""The most the Koszul flattening of ``grouping`` with ``p`` can certify on any tensor of
    :math:`\mathcal M_{n,r}` (``d`` modes): :math:`\lceil \binom{2p+1}{p} \min(m_B, m_C) /
    \binom{2p}{p} \rceil`, with :math:`m_B, m_C` the min-cut bounds of the flattenings of ``B`` and
    ``C`` (the Koszul matrix factors through either; module docstring).

    >>> flattening_cap(3, 3, 5, family_grouping(5), 1)   # ceil(3 * 9 / 2)
    14
    """
    grouping.validate(d)
    side = min(_mincut(n, r, d, grouping.B), _mincut(n, r, d, grouping.C))
    return koszul_bound(math.comb(2 * p + 1, p) * side, p)


def candidate_groupings(d: int) -> list[Grouping]:
    """The groupings that can beat the matricization limit at all (PROOFS.md, "CP-rank"): odd
    ``d = 2k+1``, ``A`` one mode, ``|B| = |C| = k``; one of each pair ``(B, C)``, ``(C, B)`` (the
    same rank) and one of each mirror pair (the reversed train: the same generic rank), in a fixed
    order.  Empty for even ``d``.

    >>> [g.label() for g in candidate_groupings(3)]
    ['A=1 B=0 C=2', 'A=0 B=1 C=2']
    """
    if d % 2 == 0 or d < 3:
        return []
    k = (d - 1) // 2
    seen: set[tuple[tuple[int, ...], ...]] = set()
    out = []
    for a in range(d):
        rest = [j for j in range(d) if j != a]
        for b in itertools.combinations(rest, k):
            g = Grouping((a,), b, tuple(j for j in rest if j not in b))
            keys = {
                (x.A, *sorted((x.B, x.C)))  # (B, C) unordered
                for x in (g, g.mirrored(d))
            }
            if keys & seen:
                continue
            seen |= keys
            out.append(g)
    out.sort(key=lambda g: (abs(g.A[0] - (d - 1) / 2), g.A, g.B))
    return out


def family_grouping(d: int) -> Grouping:
    """The grouping of the family theorem (PROOFS.md, "CP-rank"), odd ``d = 2k+1``: ``A`` the
    second-to-last mode, ``B`` the even modes before it, ``C`` the odd modes before it and the last.

    >>> family_grouping(5).label()
    'A=3 B=0,2 C=1,4'
    """
    if d % 2 == 0 or d < 3:
        raise BadParameterError(f"the family grouping is defined for odd d >= 3, got {d}")
    return Grouping((d - 2,), tuple(range(0, d - 2, 2)), (*range(1, d - 2, 2), d - 1))


def max_p(dim_a: int) -> int:
    """The largest ``p`` with ``2p+1 <= dim A`` (0 when there is none)."""
    return max(0, (dim_a - 1) // 2)


def koszul_limit(n: int, r: int, d: int) -> int | None:
    r"""A closed form no Koszul flattening can beat on :math:`\mathcal M_{n,r}` at odd
    ``d = 2k+1`` (``None`` for even ``d``, ``d < 3`` or ``n < 3``, where none beats the odd/even
    limit at all): :math:`\lceil \binom{2p+1}{p} \min(n, r)\, n^{k-1} / \binom{2p}{p} \rceil`,
    ``p = (n-1) // 2``.  *Proof* (PROOFS.md, "CP-rank"): a candidate grouping has ``|A| = 1``, so
    ``B`` or ``C`` holds an end mode, say mode 0 in ``B``; placing core 0 on ``B``'s side and every
    other core on the other side cuts bond 0 and the legs of ``B``'s other ``k - 1`` modes, so
    :math:`m_B \le r n^{k-1}`, and :math:`m_B \le n^k` always; ``p`` is at most ``(n-1)/2``
    (``2p+1 <= dim A = n``) and :func:`flattening_cap` grows with ``p``.

    >>> koszul_limit(3, 3, 5), koszul_limit(6, 4, 7), koszul_limit(3, 3, 6)
    (14, 240, None)
    """
    if d % 2 == 0 or d < 3 or n < 3:
        return None
    p = max_p(n)
    return koszul_bound(math.comb(2 * p + 1, p) * min(n, r) * n ** ((d - 3) // 2), p)


def koszul_cap(n: int, r: int, d: int) -> dict[str, Any]:
    """The most any Koszul flattening can certify on :math:`\\mathcal M_{n,r}` beyond the
    odd/even limit ``L``, by enumeration: the largest :func:`flattening_cap` over
    :func:`candidate_groupings` and ``1 <= p <= (n-1)/2`` (every other grouping certifies at most
    ``L``: PROOFS.md, "CP-rank"); the family grouping first among equals.  Returns
    ``{"cap", "grouping", "p"}`` (``grouping`` ``None`` where no candidate exists).  Enumerates
    ``d binom(d-1, k) / 4`` groupings or so: ``d <= 15``."""
    if d > 15:
        raise BadParameterError(
            f"koszul_cap enumerates the groupings: d <= 15, got {d} (koszul_limit is a closed form)"
        )
    best: dict[str, Any] = {"cap": 0, "grouping": None, "p": None}
    groups = candidate_groupings(d)
    if groups:
        fam = family_grouping(d)
        groups = [fam, *[g for g in groups if g != fam]]
    for g in groups:
        for p in range(1, max_p(n) + 1):
            c = flattening_cap(n, r, d, g, p)
            if c > best["cap"]:
                best = {"cap": c, "grouping": g, "p": p}
    return best


def koszul_record(
    tt: TensorTrain,
    grouping: Grouping,
    p: int,
    prime: int | None,
    seed: int = 0,
    backend: str = "auto",
    tensor: IntArray | None = None,
) -> dict[str, Any]:
    """The Koszul flattening of ``grouping`` with ``p`` at the point ``tt``: its rank (exact over
    Q with ``prime=None``, else mod ``prime``), the bound it certifies, the quotient's seed, the
    matrix shape and the time taken.  ``tensor`` may pass the contraction (mod ``prime``, or over Z)
    when several groupings are tried at one point."""
    t0 = time.perf_counter()
    d = tt.d
    grouping.validate(d)
    p = _check_p(p)
    n = tt.mode_sizes
    dim_a = math.prod(n[j] for j in grouping.A)
    q = random_quotient(dim_a, p, seed)
    x = contract(tt, prime) if tensor is None else tensor
    value, used = koszul_rank(x, grouping, p, q, prime, backend)
    shape = koszul_side(p, math.prod(n[j] for j in grouping.B), math.prod(n[j] for j in grouping.C))
    return {
        "grouping": grouping.as_dict(),
        "p": p,
        "rank": value,
        "bound": koszul_bound(value, p),
        "kind": "exact" if prime is None else "modular",
        "prime": prime,
        "quotient_seed": seed,
        "shape": list(shape),
        "backend": used,
        "seconds": round(time.perf_counter() - t0, 4),
    }
