r"""Tensor-train (TT) algebra over the integers and over :math:`\mathbb{F}_p`.

A TT tensor :math:`\mathcal X \in \mathbb{Z}^{n_1\times\dots\times n_d}` is given by cores
:math:`G_k \in \mathbb{Z}^{r_{k-1}\times n_k \times r_k}` with :math:`r_0 = r_d = 1`:

.. math::

    \mathcal X^{i_1\dots i_d} = \sum_{\alpha_1,\dots,\alpha_{d-1}}
        G_1^{1 i_1 \alpha_1} G_2^{\alpha_1 i_2 \alpha_2}\cdots G_d^{\alpha_{d-1} i_d 1}.

Indices in code are **0-based** (``i_k \in \{0,\dots,n_k-1\}``); the paper's are 1-based.
:mod:`verify.witness` is the one place where the two are translated.

Everything here is exact: cores are ``int64`` or ``object`` (Python int) arrays, a float is a
``TypeError``; a contraction over :math:`\mathbb{Z}` runs in ``int64`` only when a proven bound
on every partial sum fits, otherwise in Python integers; a contraction mod ``p`` reduces after
every product.  A memory guard refuses, before allocating, anything over a budget.

References
----------
.. [1] I. V. Oseledets, "Tensor-train decomposition", SIAM J. Sci. Comput. 33(5), 2011.
.. [2] V. Khrulkov, A. Novikov, I. Oseledets, "Expressive power of recurrent neural
       networks", ICLR 2018.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ._types import IntArray
from .errors import BadParameterError, BadShapeError, MemoryBudgetError

__all__ = [
    "DEFAULT_MAX_WORK",
    "DEFAULT_MEMORY_BUDGET",
    "as_work",
    "TensorTrain",
    "as_int_array",
    "check_budget",
    "check_bytes",
    "contract",
    "different_core_tt",
    "equal_core_tt",
    "float_residues_exact",
    "get_memory_budget",
    "half_partition",
    "matricization",
    "matricize",
    "matmul_mod",
    "nonzero_paths",
    "oddeven_partition",
    "path_counts",
    "set_memory_budget",
    "sparse_entries",
    "unravel",
    "validate_partition",
]

#: Default memory budget for one tensor or matrix: 2 GiB.
DEFAULT_MEMORY_BUDGET = 2 * 1024**3
_budget = DEFAULT_MEMORY_BUDGET
_INT64_MAX = 2**63 - 1


#: Default cap on the operations of one elimination (a 4096 x 4096 rank: seconds).
DEFAULT_MAX_WORK = float(4096**3)


def as_work(ops: int) -> float:
    """An operation count as a float for comparisons with a work cap: ``inf`` beyond float range
    (a count like ``n**d`` for large ``d`` overflows ``float``)."""
    return float(ops) if ops < 10**300 else math.inf


def set_memory_budget(nbytes: int) -> None:
    """Set the process-wide memory budget (bytes) used when no ``budget=`` is passed."""
    global _budget
    _budget = _check_budget_value(nbytes)


def get_memory_budget() -> int:
    """Return the process-wide memory budget in bytes."""
    return _budget


def _check_budget_value(nbytes: object) -> int:
    if isinstance(nbytes, bool) or not isinstance(nbytes, (int, np.integer)) or nbytes <= 0:
        raise BadParameterError(f"memory budget must be a positive number of bytes, got {nbytes!r}")
    return int(nbytes)


def check_budget(shape: Sequence[int], itemsize: int, what: str, budget: int | None = None) -> None:
    """Raise :class:`MemoryBudgetError` if an array of ``shape`` would exceed the budget.

    Called *before* allocating.  ``itemsize`` is in bytes (use 8 for int64; object arrays of
    small Python ints cost about 36 bytes an entry).
    """
    limit = _budget if budget is None else _check_budget_value(budget)
    entries = math.prod(int(s) for s in shape)
    need = entries * itemsize
    if need > limit:
        dims = "x".join(str(int(s)) for s in shape)
        raise MemoryBudgetError(
            f"{what} of shape {dims} ({_count(entries)} entries, {_human(need)}) exceeds the "
            f"memory budget of {_human(limit)} (raise it with set_memory_budget() or budget=; "
            "on the command line --memory-budget)"
        )


def check_bytes(nbytes: int, what: str, budget: int | None = None) -> None:
    """Raise :class:`MemoryBudgetError` if ``nbytes`` (an estimate made before allocating) exceeds
    the budget."""
    limit = _budget if budget is None else _check_budget_value(budget)
    if nbytes > limit:
        raise MemoryBudgetError(
            f"{what} (about {_human(nbytes)}) exceeds the memory budget of {_human(limit)} "
            "(raise it with set_memory_budget() or budget=; on the command line --memory-budget)"
        )


def _count(x: int) -> str:
    return str(x) if x < 10**12 else f"{x:.3e}"


def _human(nbytes: int) -> str:
    if nbytes >= 2**70:
        return f"{nbytes / 2**60:.3e} EiB"
    for unit, scale in (("EiB", 2**60), ("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.2f} {unit}"
    return f"{nbytes} bytes"


def as_int_array(a: object, name: str = "array") -> IntArray:
    """Return ``a`` as an exact integer array (``int64`` or ``object`` of Python ints).

    Raises
    ------
    TypeError
        If ``a`` holds floats, complex numbers or anything that is not an integer.
    """
    if isinstance(a, np.ndarray):
        arr = a
    else:
        arr = np.array(a, dtype=object)
        if arr.size and all(isinstance(x, (int, np.integer)) for x in arr.flat):
            try:
                return np.array(a, dtype=np.int64)
            except OverflowError:
                pass
    if arr.dtype.kind in "iu":
        if arr.dtype.kind == "u" and arr.dtype.itemsize == 8 and arr.size and arr.max() > _INT64_MAX:
            return np.array(arr.tolist(), dtype=object).reshape(arr.shape)
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind == "b":
        return arr.astype(np.int64)
    if arr.dtype == object:
        for x in arr.flat:
            if not isinstance(x, (int, np.integer)):
                raise TypeError(f"{name} must hold integers only, found {type(x).__name__} {x!r}")
        out = np.empty(arr.shape, dtype=object)
        out.flat[:] = [int(x) for x in arr.flat]
        return out
    raise TypeError(f"{name} must be an integer array, got dtype {arr.dtype} (no floats in exact code)")


@dataclass(frozen=True)
class TensorTrain:
    """A tensor in TT format: cores ``G_k`` of shape ``(r_{k-1}, n_k, r_k)``, ``r_0 = r_d = 1``.

    Parameters
    ----------
    cores
        The ``d`` cores, integer arrays.
    equal_internal
        ``True`` when the cores at positions ``2..d-1`` are one shared core (the family
        :math:`\\mathcal M^{eq}_{n,r}`); informative, and checked.

    Examples
    --------
    >>> import numpy as np
    >>> tt = TensorTrain((np.ones((1, 2, 1), dtype=np.int64), np.ones((1, 2, 1), dtype=np.int64)))
    >>> tt.d, tt.mode_sizes, tt.ranks
    (2, (2, 2), (1,))
    """

    cores: tuple[IntArray, ...]
    equal_internal: bool = False

    def __post_init__(self) -> None:
        cores = tuple(as_int_array(g, f"core {k + 1}") for k, g in enumerate(self.cores))
        object.__setattr__(self, "cores", cores)
        if len(cores) < 1:
            raise BadShapeError("a tensor train needs at least one core, got 0")
        for k, g in enumerate(cores):
            if g.ndim != 3 or min(g.shape) < 1:
                raise BadShapeError(
                    f"core {k + 1} must have shape (r_prev, n, r_next) with positive sizes, got {g.shape}"
                )
        if cores[0].shape[0] != 1 or cores[-1].shape[2] != 1:
            raise BadShapeError(
                f"boundary ranks must be 1: first core has shape {cores[0].shape}, "
                f"last core has shape {cores[-1].shape}"
            )
        for k in range(len(cores) - 1):
            if cores[k].shape[2] != cores[k + 1].shape[0]:
                raise BadShapeError(
                    f"core {k + 1} (shape {cores[k].shape}) does not fit core {k + 2} "
                    f"(shape {cores[k + 1].shape}): r_{k + 1} must match"
                )
        if self.equal_internal:
            for k in range(2, len(cores) - 1):
                if cores[k].shape != cores[1].shape or not np.array_equal(cores[k], cores[1]):
                    raise BadShapeError(f"equal_internal=True but core {k + 1} differs from core 2")

    @property
    def d(self) -> int:
        """Number of modes."""
        return len(self.cores)

    @property
    def mode_sizes(self) -> tuple[int, ...]:
        """``(n_1, ..., n_d)``."""
        return tuple(int(g.shape[1]) for g in self.cores)

    @property
    def ranks(self) -> tuple[int, ...]:
        """Internal TT-ranks ``(r_1, ..., r_{d-1})``."""
        return tuple(int(g.shape[2]) for g in self.cores[:-1])

    def entry_bound(self) -> int:
        """A proven bound on |every entry| and |every partial sum| of the contraction.

        Each entry is a sum of :math:`\\prod_k r_k` products of one entry of each core, so
        :math:`|x| \\le \\prod_k \\max(1, \\max|G_k|) \\cdot \\prod_k r_k`; every partial sum
        formed while contracting left to right obeys the same bound.
        """
        b = 1
        for g in self.cores:
            m = int(np.max(np.abs(g))) if g.size else 0
            b *= max(1, m)
        for r in self.ranks:
            b *= r
        return b


def _first_last(first: object, last: object) -> tuple[IntArray, IntArray]:
    f = as_int_array(first, "first core")
    la = as_int_array(last, "last core")
    if f.ndim == 2:
        f = f.reshape(1, *f.shape)
    if la.ndim == 2:
        la = la.reshape(*la.shape, 1)
    return f, la


def equal_core_tt(first: object, internal: object, last: object, d: int) -> TensorTrain:
    """Build a TT tensor whose internal cores (positions ``2..d-1``) are all ``internal``.

    Parameters
    ----------
    first : array, shape ``(n, r)`` or ``(1, n, r)``
    internal : array, shape ``(r, n, r)``
    last : array, shape ``(r, n)`` or ``(r, n, 1)``
    d : int
        Number of modes, ``d >= 2`` (for ``d = 2`` the internal core is unused).
    """
    d = _check_d(d)
    f, la = _first_last(first, last)
    g = as_int_array(internal, "internal core")
    if g.ndim != 3 or g.shape[0] != g.shape[2]:
        raise BadShapeError(f"internal core must have shape (r, n, r), got {g.shape}")
    if f.shape[2] != g.shape[0] or la.shape[0] != g.shape[2] or not (f.shape[1] == g.shape[1] == la.shape[1]):
        raise BadShapeError(
            f"cores do not fit: first {f.shape}, internal {g.shape}, last {la.shape}; "
            "need first (1, n, r), internal (r, n, r), last (r, n, 1)"
        )
    return TensorTrain((f, *([g] * (d - 2)), la), equal_internal=True)


def different_core_tt(first: object, internals: Sequence[object], last: object) -> TensorTrain:
    """Build a TT tensor from a first core, ``d-2`` internal cores and a last core."""
    f, la = _first_last(first, last)
    return TensorTrain((f, *(as_int_array(g, "internal core") for g in internals), la))


def _check_d(d: object) -> int:
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 2:
        raise BadParameterError(f"d must be an integer >= 2, got {d!r}")
    return int(d)


def _check_prime_arg(p: object) -> int:
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or p < 2:
        raise BadParameterError(f"prime must be an integer >= 2, got {p!r}")
    return int(p)


def _mod_chunk(p: int) -> int:
    """How many products of residues mod ``p`` can be summed, plus a residue, in int64."""
    return max(0, (_INT64_MAX - p) // ((p - 1) ** 2 if p > 1 else 1))


def matmul_mod(a: IntArray, b: IntArray, p: int) -> IntArray:
    """``a @ b mod p`` for residue matrices, never wrapping int64.

    With ``int64`` operands (residues ``< p``) the inner sum is split into chunks small enough
    that a chunk of products plus a residue fits in int64, reducing after each chunk; ``object``
    operands are multiplied in Python integers.
    """
    if a.dtype == object or b.dtype == object or _mod_chunk(p) < 1:
        return (np.asarray(a, dtype=object) @ np.asarray(b, dtype=object)) % p
    chunk = _mod_chunk(p)
    acc = np.zeros((a.shape[0], b.shape[1]), dtype=np.int64)
    for j in range(0, a.shape[1], chunk):
        acc += a[:, j : j + chunk] @ b[j : j + chunk]
        acc %= p
    return acc


def contract(tt: TensorTrain, prime: int | None = None, budget: int | None = None) -> IntArray:
    """Contract ``tt`` to its full tensor, exactly over ZZ or modulo ``prime``.

    Returns an ``int64`` array when every value provably fits (over ZZ: by
    :meth:`TensorTrain.entry_bound`; mod p: values are residues ``0 <= x < p``), else an
    ``object`` array of Python ints.  Mod ``p`` every product is reduced, so nothing wraps.

    Raises
    ------
    MemoryBudgetError
        Before allocating, if the tensor (or an intermediate) exceeds the budget.
    """
    shape = tt.mode_sizes
    if len(shape) > _MAX_NDIM:
        raise BadParameterError(
            f"a tensor of {len(shape)} modes cannot be one numpy array (at most {_MAX_NDIM} modes); "
            "its matricizations can (verify.tt.matricization)"
        )
    return _contract_flat(tt, prime, budget).reshape(shape)


def _contract_flat(tt: TensorTrain, prime: int | None, budget: int | None) -> IntArray:
    """:func:`contract`'s entries in C order over the modes, as one vector."""
    shape = tt.mode_sizes
    if prime is not None:
        p = _check_prime_arg(prime)
        fast = _mod_chunk(p) >= 1
    else:
        p = 0
        fast = tt.entry_bound() <= _INT64_MAX
    itemsize = 8 if fast else 40
    check_budget(shape, itemsize, "tensor", budget)
    dtype = np.int64 if fast else object
    cores = [np.asarray(g, dtype=object) % p if p else g for g in tt.cores]
    cores = [c.astype(dtype) for c in cores]
    t = cores[0].reshape(shape[0], -1)  # (n_1, r_1)
    for g in cores[1:]:
        a, n, b = g.shape
        check_budget((t.shape[0] * n, b), itemsize, "intermediate tensor", budget)
        gm = g.reshape(a, n * b)
        t = t @ gm if not p else matmul_mod(t, gm, p)
        t = t.reshape(-1, b)
    return t.reshape(-1)


def unravel(index: int, sizes: Sequence[int]) -> list[int]:
    """The multi-index of position ``index`` in C order over ``sizes`` (like
    ``numpy.unravel_index``, for any number of modes).

    >>> unravel(5, [2, 3])
    [1, 2]
    """
    out = []
    for size in reversed(sizes):
        index, k = divmod(int(index), int(size))
        out.append(k)
    return out[::-1]


def _numpy_max_ndim() -> int:
    try:
        np.empty((1,) * 64)
    except ValueError:  # numpy 1.x
        return 32
    return 64


_MAX_NDIM = _numpy_max_ndim()  # numpy's limit on the number of axes of an array


def _matricize_flat(flat: np.ndarray, sizes: Sequence[int], rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
    """The matricization of the tensor whose entries ``flat`` lists in C order over modes of
    ``sizes``.  Modes of size 1 change no position, so they are left out before the tensor takes
    its shape: a train of any length ``d`` with mode sizes 1 beyond numpy's 64 axes works."""
    keep = [m for m in range(len(sizes)) if sizes[m] != 1]
    pos = {m: i for i, m in enumerate(keep)}
    tensor = flat.reshape([sizes[m] for m in keep])
    order = [pos[m] for m in rows if m in pos] + [pos[m] for m in cols if m in pos]
    nr = math.prod(sizes[m] for m in rows)
    return np.ascontiguousarray(np.transpose(tensor, order)).reshape(nr, -1)


def validate_partition(
    d: int, row_modes: Sequence[int], col_modes: Sequence[int] | None = None
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Check that ``row_modes`` and ``col_modes`` split ``0..d-1``; return both as tuples."""
    rows = tuple(int(m) for m in row_modes)
    taken = set(rows)
    cols = tuple(int(m) for m in col_modes) if col_modes is not None else tuple(m for m in range(d) if m not in taken)
    if sorted(rows + cols) != list(range(d)) or not rows or not cols:
        raise BadParameterError(
            f"row modes {list(rows)} and column modes {list(cols)} must split the modes 0..{d - 1} "
            "into two non-empty parts"
        )
    return rows, cols


def matricize(tensor: IntArray, row_modes: Sequence[int], col_modes: Sequence[int] | None = None) -> IntArray:
    """Matricization: rows indexed by ``row_modes`` (lexicographically, in the given order).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(8).reshape(2, 2, 2)
    >>> matricize(x, [0, 2]).tolist()
    [[0, 2], [1, 3], [4, 6], [5, 7]]
    """
    rows, cols = validate_partition(tensor.ndim, row_modes, col_modes)
    nr = math.prod(tensor.shape[m] for m in rows)
    return np.ascontiguousarray(np.transpose(tensor, rows + cols)).reshape(nr, -1)


def oddeven_partition(d: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The paper's odd/even partition, 0-based: rows ``(0, 2, ...)``, columns ``(1, 3, ...)``.

    (Paper modes ``i_1, i_3, ...`` are code modes ``0, 2, ...``.)
    """
    d = _check_d(d)
    return tuple(range(0, d, 2)), tuple(range(1, d, 2))


def half_partition(d: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The sequential balanced partition: rows ``0..ceil(d/2)-1``, columns the rest."""
    d = _check_d(d)
    h = (d + 1) // 2
    return tuple(range(h)), tuple(range(h, d))


def matricization(
    tt: TensorTrain,
    row_modes: Sequence[int] | None = None,
    prime: int | None = None,
    budget: int | None = None,
) -> IntArray:
    """Contract ``tt`` and matricize it (default: the odd/even partition)."""
    rows, cols = oddeven_partition(tt.d) if row_modes is None else validate_partition(tt.d, row_modes)
    return _matricize_flat(_contract_flat(tt, prime, budget), tt.mode_sizes, rows, cols)


def float_residues_exact(tt: TensorTrain, p: int) -> bool:
    """Whether contracting ``tt`` in float64 centred residues mod ``p`` is exact: every product
    sums at most one bond's ``r`` products of residues ``|x| <= H = (p-1)/2 + 3``, so it is when
    ``r H^2 + H < 2^53`` (``r`` at least 1: an outer product is one product)."""
    h = (p - 1) // 2 + 3
    return max(max(tt.ranks, default=1), 1) * h * h + h < 2**53


def _limits(tt: TensorTrain, index_limits: Sequence[int] | int | None) -> tuple[int, ...]:
    if index_limits is None:
        return tt.mode_sizes
    if isinstance(index_limits, (int, np.integer)):
        index_limits = [int(index_limits)] * tt.d
    lim = tuple(min(int(m), n) for m, n in zip(index_limits, tt.mode_sizes))
    if len(lim) != tt.d or min(lim, default=0) < 0:
        raise BadParameterError(f"index limits {list(index_limits)} must be {tt.d} non-negative integers")
    return lim


def _nonzero_table(g: IntArray, limit: int) -> list[list[tuple[int, int, int]]]:
    """For each incoming bond ``a``: the nonzero ``(i, b, value)`` of ``g[a, :limit, :]``."""
    table: list[list[tuple[int, int, int]]] = []
    for a in range(g.shape[0]):
        idx = np.argwhere(g[a, :limit, :] != 0)
        table.append([(int(i), int(b), int(g[a, i, b])) for i, b in idx])
    return table


def path_counts(tt: TensorTrain, index_limits: Sequence[int] | int | None = None) -> list[int]:
    """For each ``k``, the number of nonzero partial paths through the first ``k+1`` cores on the
    box (an upper bound on the size of :func:`sparse_entries`' frontier after that core, and, at
    the end, the number of paths :func:`nonzero_paths` yields).  Exact Python integers, from the
    nonzero patterns alone: ``O(d r^2 n)`` work, nothing enumerated."""
    lim = _limits(tt, index_limits)
    counts = [1]
    out = []
    for g, m in zip(tt.cores, lim):
        nz = (np.asarray(g)[:, :m, :] != 0).sum(axis=1)  # (a, b): how many symbols go a -> b
        counts = [sum(counts[a] * int(nz[a, b]) for a in range(len(counts)) if counts[a]) for b in range(g.shape[2])]
        out.append(sum(counts))
    return out


#: Bytes one entry of the sparse frontier costs (dict slot, key tuple of ``k`` small ints, bond,
#: value), measured with tracemalloc: about 160 + 40 k; rounded up.
def _frontier_bytes(k: int) -> int:
    return 200 + 48 * k


def nonzero_paths(
    tt: TensorTrain, index_limits: Sequence[int] | int | None = None
) -> Iterator[tuple[tuple[int, ...], tuple[int, ...], int]]:
    """Yield every ``(i, alpha, product)`` with a nonzero product ``G_1 ... G_d``.

    ``i`` ranges over ``prod(range(index_limits[k]))`` (default: all indices); ``alpha`` are
    the ``d-1`` internal bond indices.  Zero prefixes are pruned, so the cost is proportional
    to the number of nonzero partial paths, not to ``n^d r^(d-1)``.
    """
    lim = _limits(tt, index_limits)
    tables = [_nonzero_table(g, m) for g, m in zip(tt.cores, lim)]
    d = tt.d
    stack: list[tuple[int, int, tuple[int, ...], tuple[int, ...], int]] = [(0, 0, (), (), 1)]
    while stack:
        k, a, i, alpha, v = stack.pop()
        for ik, b, w in tables[k][a]:
            if k == d - 1:
                yield i + (ik,), alpha, v * w
            else:
                stack.append((k + 1, b, i + (ik,), alpha + (b,), v * w))


def sparse_entries(
    tt: TensorTrain, index_limits: Sequence[int] | int | None = None, budget: int | None = None
) -> dict[tuple[int, ...], int]:
    """The nonzero entries of ``tt`` on the box ``prod(range(index_limits[k]))``, exactly.

    Paths are merged by their current bond index, so the work is proportional to the number of
    distinct ``(index prefix, bond)`` states.  Values are Python ints (no overflow).
    """
    lim = _limits(tt, index_limits)
    counts = path_counts(tt, lim)
    for k, c in enumerate(counts):  # refuse before anything is built: frontier k and k-1 coexist
        prev = counts[k - 1] * _frontier_bytes(k) if k else 0
        check_bytes(c * _frontier_bytes(k + 1) + prev, f"the sparse frontier after core {k + 1}", budget)
    frontier: dict[tuple[tuple[int, ...], int], int] = {((), 0): 1}
    for g, m in zip(tt.cores, lim):
        table = _nonzero_table(g, m)
        nxt: dict[tuple[tuple[int, ...], int], int] = {}
        for (i, a), v in frontier.items():
            for ik, b, w in table[a]:
                key = (i + (ik,), b)
                nxt[key] = nxt.get(key, 0) + v * w
        frontier = {k: v for k, v in nxt.items() if v}
    return {i: v for (i, _), v in frontier.items()}
