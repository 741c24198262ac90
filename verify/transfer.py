r"""The two-step transfer matrix of a shared core, and subspaces that make it invertible.

For an internal core :math:`G \in \mathbb Z^{r\times n\times r}` write :math:`M_x = G[:, x, :]`.
Its **two-step transfer matrix** is the :math:`rn \times nr` matrix

.. math::

    T[(\beta, y), (x, \beta')] = (M_x M_y)[\beta, \beta'] .

**Transfer lemma** (PROOFS.md §6.3).  If the first core :math:`G_1` (``n x r``) and the last
core :math:`G_d` (``r x n``) have rank ``r`` and :math:`T` is invertible, then for every
:math:`k \ge 1` the odd/even matricization of the equal-core tensor with :math:`d = 2k` modes has
rank :math:`r n^{k-1}`, and with :math:`d = 2k+1` modes rank :math:`n^k` provided the matrices
:math:`M_x G_d` are linearly independent.  (The left part :math:`Y_k` of the matricization obeys
:math:`Y_{k+1} = (Y_k \otimes I_n)(I \otimes T)`: full column rank propagates.)

Whether :math:`T` is invertible depends only on the span :math:`V = \operatorname{span}\{M_x\}`
when the :math:`M_x` are linearly independent (a change of basis :math:`A` multiplies :math:`T`
by :math:`A \otimes I` on both sides); call such a subspace **transfer-invertible**.
Equivalently, no nonzero 3-tensor :math:`z` has all slices :math:`z[:, :, \delta] \in V` and all
slices :math:`z[\beta, :, :] \in V^\perp` (orthogonal complement for the entrywise inner product).
:func:`transfer_subspace` constructs a transfer-invertible subspace of every dimension
``1 <= m <= r**2`` from four lemmas, each proved in PROOFS.md §6.3:

* **unit** — ``span{I}``; **full** — all of :math:`M_r` (the matrix units: the copy witness);
* **star** — for a coordinate split :math:`[r] = S \sqcup B`, :math:`S \ne \emptyset`, the
  space :math:`\mathrm{Star}(S) \oplus W` (symmetric matrices vanishing on :math:`B \times B`, plus
  any :math:`W \subset \operatorname{End}(\mathbb R^B)`) is transfer-invertible iff :math:`W` is;
* **direct sum** — if :math:`\{A_x\}` and :math:`\{B_x\}` span transfer-invertible spaces of the
  same dimension, so do the block-diagonal :math:`\{A_x \oplus B_x\}`;
* **duality** — :math:`V` is transfer-invertible iff :math:`(V^\perp)^\top` is.

Every matrix produced has entries in ``{-1, 0, 1}`` (checked by the tests up to r = 12);
:func:`transfer_rank` checks invertibility exactly (a rank mod ``p`` equal to ``r m`` proves it
over Q: a nonzero minor mod p is a nonzero integer).

References
----------
.. [1] E. Alkin, "Expressive power of recurrent neural networks, II", report, 2024.
.. [2] V. Khrulkov, A. Novikov, I. Oseledets, "Expressive power of recurrent neural
       networks", ICLR 2018.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ._types import IntArray
from .errors import BadParameterError, BadShapeError
from .rank import DEFAULT_PRIME, _check_prime, to_nmod_mat
from .tt import as_int_array, check_budget, check_bytes

__all__ = [
    "TransferSubspace",
    "transfer_entries",
    "transfer_matrix",
    "transfer_rank",
    "transfer_subspace",
]

_INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class TransferSubspace:
    """A basis of a transfer-invertible subspace of :math:`M_r` and how it was built.

    Attributes
    ----------
    r : size of the matrices
    basis : array of shape ``(m, r, r)``, ``int64``, the basis matrices :math:`M_0..M_{m-1}`
    construction : the lemmas applied, e.g. ``"star+(star+(unit))"``
    """

    r: int
    basis: IntArray
    construction: str

    @property
    def dim(self) -> int:
        """The dimension ``m`` (number of basis matrices)."""
        return int(self.basis.shape[0])

    def core(self, n: int | None = None) -> IntArray:
        """The internal core ``G[a, x, b] = M_x[a, b]`` with ``n`` symbols (``n >= m``;
        the symbols ``x >= m`` get the zero matrix)."""
        n = self.dim if n is None else n
        if n < self.dim:
            raise BadParameterError(f"a core with {n} symbols cannot hold {self.dim} basis matrices")
        g = np.zeros((self.r, n, self.r), dtype=np.int64)
        g[:, : self.dim, :] = np.transpose(self.basis, (1, 0, 2))
        return g


def _check_rm(m: object, r: object) -> tuple[int, int]:
    for name, v in (("dimension", m), ("r", r)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise BadParameterError(f"{name} must be an integer >= 1, got {v!r}")
    mi, ri = int(m), int(r)  # type: ignore[call-overload]
    if mi > ri * ri:
        raise BadParameterError(f"a subspace of r x r matrices has dimension <= r^2 = {ri * ri}, got {mi}")
    return mi, ri


def _unit(r: int) -> list[IntArray]:
    return [np.eye(r, dtype=np.int64)]


def _full(r: int) -> list[IntArray]:
    out: list[IntArray] = []
    for a in range(r):
        for b in range(r):
            e = np.zeros((r, r), dtype=np.int64)
            e[a, b] = 1
            out.append(e)
    return out


def _star0(r: int) -> list[IntArray]:
    """Star({0}): symmetric matrices supported on row 0 and column 0 (dimension r)."""
    out: list[IntArray] = []
    for b in range(r):
        e = np.zeros((r, r), dtype=np.int64)
        e[0, b] = e[b, 0] = 1
        out.append(e)
    return out


def _embed(r: int, mats: list[IntArray]) -> list[IntArray]:
    """Place ``(r-1) x (r-1)`` matrices on the coordinates ``1..r-1``."""
    out: list[IntArray] = []
    for w in mats:
        e = np.zeros((r, r), dtype=np.int64)
        e[1:, 1:] = w
        out.append(e)
    return out


def _direct_sum(a: list[IntArray], b: list[IntArray]) -> list[IntArray]:
    out = []
    for x, y in zip(a, b, strict=True):
        ra, rb = x.shape[0], y.shape[0]
        e = np.zeros((ra + rb, ra + rb), dtype=np.int64)
        e[:ra, :ra] = x
        e[ra:, ra:] = y
        out.append(e)
    return out


def _dual(mats: list[IntArray], r: int) -> list[IntArray]:
    """A basis of :math:`(V^\\perp)^\\top`: an integer basis of the null space of the flattened
    basis (FLINT's exact ``fmpz_mat.nullspace``), each vector reshaped and transposed."""
    import flint

    a = flint.fmpz_mat([[int(v) for v in m.ravel()] for m in mats])
    null, nullity = a.nullspace()
    cols = np.array(null.tolist(), dtype=object)[:, :nullity]
    out = []
    for j in range(nullity):
        v = cols[:, j]
        g = np.gcd.reduce([abs(int(x)) for x in v if x])  # a basis vector is never zero
        w = np.array([int(x) // int(g) for x in v], dtype=object).reshape(r, r).T
        out.append(as_int_array(np.ascontiguousarray(w), "dual basis"))
    return out


def _build_uncached(m: int, r: int) -> tuple[tuple[IntArray, ...], str]:
    """The recursion of :func:`transfer_subspace` (its steps call the cached :func:`_build`)."""
    if m == r * r:
        return tuple(_full(r)), "full"
    if m == 1:
        return tuple(_unit(r)), "unit"
    if r <= m <= r * r - r + 1:
        if m == r:
            return tuple(_star0(r)), "star"
        inner, how = _build(m - r, r - 1)
        return tuple(_star0(r) + _embed(r, list(inner))), f"star+({how})"
    a = r // 2
    if m < r and m <= a * a:
        left, how_a = _build(m, a)
        right, how_b = _build(m, r - a)
        return tuple(_direct_sum(list(left), list(right))), f"sum({how_a}, {how_b})"
    # r^2 - r + 1 < m < r^2, or the one small case without a direct sum (m = 2, r = 3)
    inner, how = _build(r * r - m, r)
    return tuple(_dual(list(inner), r)), f"dual({how})"


#: the recursion, cached (a plain function above, so that its body can be mutation-tested)
_build = functools.lru_cache(maxsize=4096)(_build_uncached)


def transfer_subspace(m: int, r: int) -> TransferSubspace:
    """A transfer-invertible subspace of :math:`M_r` of dimension ``m`` (``1 <= m <= r**2``).

    The recursion (each step a lemma of PROOFS.md §6.3):

    * ``m = r**2``: all matrices (matrix units); ``m = 1``: ``span{I}``;
    * ``r <= m <= r**2 - r + 1``: ``Star({0})`` plus, on the coordinates ``1..r-1``, the space of
      dimension ``m - r`` for ``r - 1`` (nothing when ``m = r``);
    * ``2 <= m < r`` with ``m <= floor(r/2)**2``: the direct sum of the spaces of dimension ``m``
      for ``floor(r/2)`` and ``ceil(r/2)``;
    * otherwise (``r**2 - r + 1 < m < r**2``, and ``m = 2, r = 3``): the dual of the space of
      dimension ``r**2 - m``.

    Examples
    --------
    >>> s = transfer_subspace(3, 2)
    >>> s.construction, s.basis.tolist()
    ('star+(full)', [[[1, 0], [0, 0]], [[0, 1], [1, 0]], [[0, 0], [0, 1]]])
    >>> transfer_rank(s.basis) == 2 * 3
    True
    """
    m, r = _check_rm(m, r)
    mats, how = _build(m, r)
    return TransferSubspace(r, np.stack(mats).astype(np.int64), how)


def transfer_matrix(basis: object) -> IntArray:
    """The exact transfer matrix ``T[(b, y), (x, b')] = (M_x M_y)[b, b']`` of the matrices
    ``basis`` (shape ``(m, r, r)``; ``M_x = basis[x]``), an ``rm x mr`` integer matrix.

    Computed as one product: with ``A[(b, x), c] = M_x[b, c]`` and ``B[c, (y, b')] = M_y[c, b']``,
    ``(A B)[(b, x), (y, b')] = (M_x M_y)[b, b']``, then the axes are permuted.  In ``int64`` when
    ``r * max|M|**2`` provably fits (every entry is a sum of ``r`` products), else in Python ints.

    Examples
    --------
    >>> transfer_matrix([[[0, 1], [1, 0]]]).tolist()   # M = swap: T = M^2 = I
    [[1, 0], [0, 1]]
    """
    b = as_int_array(basis, "transfer basis")
    if b.ndim != 3 or b.shape[1] != b.shape[2] or b.shape[0] < 1:
        raise BadShapeError(f"the basis must have shape (m, r, r) with m >= 1, got {b.shape}")
    m, r, _ = b.shape
    check_budget((r * m, m * r), 8, "transfer matrix")
    big = int(np.max(np.abs(b))) if b.size else 0
    dtype = np.int64 if r * big * big <= _INT64_MAX else object
    a = np.transpose(b, (1, 0, 2)).reshape(r * m, r).astype(dtype)  # rows (beta, x), cols gamma
    c = np.transpose(b, (1, 0, 2)).reshape(r, m * r).astype(dtype)  # rows gamma, cols (y, beta')
    prod = (a @ c).reshape(r, m, m, r)  # [beta, x, y, beta']
    return np.ascontiguousarray(np.transpose(prod, (0, 2, 1, 3))).reshape(r * m, m * r)


def transfer_entries(basis: object) -> tuple[tuple[int, int], dict[int, dict[int, int]]]:
    """The nonzero entries of :func:`transfer_matrix` as ``{row: {col: value}}`` (exact Python
    ints), computed from the nonzero entries of the basis only: the work is the number of pairs
    ``(M_x[b, c], M_y[c, b'])`` of nonzeros, not ``(rm)**2``.  Returns ``(shape, rows)``."""
    b = as_int_array(basis, "transfer basis")
    if b.ndim != 3 or b.shape[1] != b.shape[2] or b.shape[0] < 1:
        raise BadShapeError(f"the basis must have shape (m, r, r) with m >= 1, got {b.shape}")
    m, r, _ = b.shape
    into: dict[int, list[tuple[int, int, int]]] = {}  # gamma -> [(beta, x, value)]: M_x[beta, gamma]
    out: dict[int, list[tuple[int, int, int]]] = {}  # gamma -> [(y, beta', value)]: M_y[gamma, beta']
    for x, a, c in zip(*np.nonzero(b)):
        v = int(b[x, a, c])
        into.setdefault(int(c), []).append((int(a), int(x), v))
        out.setdefault(int(a), []).append((int(x), int(c), v))
    pairs = sum(len(left) * len(out.get(gamma, ())) for gamma, left in into.items())
    check_bytes(pairs * 120, f"the {pairs} nonzero products of the transfer matrix")
    rows: dict[int, dict[int, int]] = {}
    for gamma, left in into.items():
        for beta, x, v in left:
            for y, beta2, w in out.get(gamma, ()):
                row = rows.setdefault(beta * m + y, {})
                col = x * r + beta2
                row[col] = row.get(col, 0) + v * w
    for row in rows.values():
        for col in [c for c, v in row.items() if not v]:
            del row[col]
    return (r * m, m * r), {i: row for i, row in rows.items() if row}


#: Density below which :func:`transfer_rank` eliminates sparsely.
SPARSE_DENSITY = 0.05


def transfer_rank(basis: object, prime: int = DEFAULT_PRIME) -> int:
    r"""Rank over :math:`\mathbb F_p` of :func:`transfer_matrix` (a lower bound of its rank over Q;
    ``r * m`` proves the subspace transfer-invertible).

    Sparse transfer matrices (density below :data:`SPARSE_DENSITY`, the case of every space
    :func:`transfer_subspace` builds from stars) are eliminated by sympy's sparse ``DomainMatrix``
    over ``GF(p)``; dense ones by FLINT's ``nmod_mat``.
    """
    p = _check_prime(prime)
    shape, rows = transfer_entries(basis)
    nnz = sum(len(row) for row in rows.values())
    if nnz <= SPARSE_DENSITY * shape[0] * shape[1]:
        from sympy import GF
        from sympy.polys.matrices import DomainMatrix

        field = GF(p)
        sdm = {i: {j: field(v % p) for j, v in row.items() if v % p} for i, row in rows.items()}
        return int(DomainMatrix({i: row for i, row in sdm.items() if row}, shape, field).rank())
    return int(to_nmod_mat(transfer_matrix(basis), p).rank())
