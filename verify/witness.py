r"""The witnesses: explicit TT tensors whose odd/even matricization contains an identity block.

Index convention (the one place it is stated)
----------------------------------------------
The paper indexes modes, mode values and bond values from 1; the code from 0.  A paper value
:math:`v \in \{1, \dots, m\}` is the code value ``v - 1``.  So the paper's data states
:math:`\alpha \in [q] = \{1..q\}` are code states ``0..q-1``, the paper's *pass state*
:math:`q+1` is code state ``q``, and the paper's block :math:`[q]^d` is the code box
``range(q) ** d``.  Paper mode :math:`k` (1-based) is code axis ``k - 1``, so the paper's odd
modes :math:`i_1, i_3, \dots` are code axes ``0, 2, ...``.

Equal internal cores (the seed report, Hypothesis 1 of [2])
------------------------------------------------------------
With :math:`q = \min(n, r-1)` and the Iverson bracket :math:`[\cdot]`:

.. math::

    G_1^{i\alpha} = [i = \alpha], \qquad
    G^{\alpha i \beta} = \begin{cases}
        [\alpha = i]\,[\beta = q+1] & \alpha \le q \\
        [i = \beta]                  & \alpha = q+1 \\
        0                            & \alpha > q+1
    \end{cases}, \qquad
    G_d^{\alpha i} = [\alpha = i].

An internal core at an even position reads the data state left by the previous (odd) mode,
compares it with its own index and moves to the pass state; at an odd position it reads the
pass state and stores its own index.  One shared core does both because the pass state is a
bond value of its own, which costs one bond value: hence :math:`q = \min(n, r-1)`.

The transfer witness (the generic-rank theorem, ``n >= r``)
----------------------------------------------------------
First core :math:`[I_r; 0]` (``n x r``), last core :math:`[I_r, 0]` (``r x n``), and an internal
core whose slices :math:`M_x = G[:, x, :]` (``x < m = min(n, r^2)``) are a basis of a
transfer-invertible subspace of dimension ``m`` (:func:`verify.transfer.transfer_subspace`); the
symbols ``x >= m`` get the zero matrix.  By the transfer lemma its odd/even matricization has rank
:math:`r n^{k-1}` (``d = 2k``) and :math:`n^k` (``d = 2k+1``) when ``r <= n <= r^2``, and
:math:`r^{2k-1}`, :math:`r^{2k}` when ``n >= r^2`` (then the basis is the matrix units
:math:`E_{ab}`: the *copy* witness, each symbol a pair ``(a, b)`` moving bond ``a`` to bond ``b``).

Different cores (Theorem 1 of [2])
-----------------------------------
With :math:`q = \min(n, r)` the even and odd internal cores differ, so no pass state is needed:
an even core maps :math:`(\alpha, i) \mapsto [\alpha = i]` into bond value 1, an odd core reads
bond value 1 and stores its index.  Code: the first bond value (code 0) plays the pass state.

References
----------
.. [1] E. Alkin, "Expressive power of recurrent neural networks, II", report, 2024.
.. [2] V. Khrulkov, A. Novikov, I. Oseledets, "Expressive power of recurrent neural
       networks", ICLR 2018, Hypothesis 1 and Theorem 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._types import CoreMode
from .errors import BadParameterError
from .transfer import transfer_subspace
from .tt import TensorTrain, check_budget, different_core_tt, equal_core_tt, unravel

__all__ = [
    "different_core_witness",
    "equal_core_witness",
    "equal_core_witness_cores",
    "half_monotone_cores",
    "half_witness",
    "odd_d_witness",
    "transfer_witness",
    "transfer_witness_cores",
    "witness",
    "witness_q",
]


def _check_nr(n: object, r: object) -> tuple[int, int]:
    for name, v in (("n", n), ("r", r)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise BadParameterError(f"{name} must be an integer >= 1, got {v!r}")
    return int(n), int(r)  # type: ignore[call-overload]


def witness_q(n: int, r: int, cores: CoreMode = "equal") -> int:
    """The side ``q`` of the identity block: ``min(n, r-1)`` (equal) or ``min(n, r)`` (different)."""
    n, r = _check_nr(n, r)
    if cores == "equal":
        return min(n, r - 1)
    if cores == "different":
        return min(n, r)
    raise BadParameterError(f"cores must be 'equal' or 'different', got {cores!r}")


def equal_core_witness_cores(n: int, r: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The seed's three cores ``(first (n, r), internal (r, n, r), last (r, n))``, 0-based.

    Examples
    --------
    >>> f, g, l = equal_core_witness_cores(2, 3)   # q = 2, pass state = code 2
    >>> f.tolist()
    [[1, 0, 0], [0, 1, 0]]
    >>> [tuple(map(int, t)) for t in zip(*g.nonzero())]
    [(0, 0, 2), (1, 1, 2), (2, 0, 0), (2, 1, 1)]
    """
    n, r = _check_nr(n, r)
    check_budget((r, n, r), 8, "the witness's internal core")
    q = min(n, r - 1)
    first = np.zeros((n, r), dtype=np.int64)
    for i in range(min(n, r)):
        first[i, i] = 1  # [i = alpha]
    internal = np.zeros((r, n, r), dtype=np.int64)
    for a in range(q):  # alpha <= q (paper), code 0..q-1; q <= n, so i = a is a symbol
        internal[a, a, q] = 1  # [alpha = i] [beta = q+1]
    for i in range(min(n, r)):  # alpha = q+1 (paper), code q
        internal[q, i, i] = 1  # [i = beta]
    last = np.zeros((r, n), dtype=np.int64)
    for a in range(min(n, r)):
        last[a, a] = 1  # [alpha = i]
    return first, internal, last


def equal_core_witness(n: int, r: int, d: int) -> TensorTrain:
    """The seed's witness in :math:`\\mathcal M^{eq}_{n,r}` with ``d`` modes (equal internal cores).

    For even ``d`` its odd/even matricization restricted to ``range(q) ** d`` is the identity of
    size ``q ** (d // 2)``, ``q = min(n, r-1)`` (checked by
    :func:`verify.checks.identity_block` and, for all even d at once, by
    :func:`verify.lemma.lemma_automaton`).
    """
    first, internal, last = equal_core_witness_cores(n, r)
    return equal_core_tt(first, internal, last, d)


def different_core_witness(n: int, r: int, d: int) -> TensorTrain:
    """The witness of Khrulkov et al.'s Theorem 1 (different cores), ``q = min(n, r)``.

    Code bond value 0 is the pass state.  Cores (0-based, ``[.]`` the Iverson bracket):
    ``G_1[i, a] = [i = a]``; at even paper positions ``G_k[a, i, b] = [a = i][b = 0]``; at
    odd paper positions ``G_k[a, i, b] = [a = 0][i = b]``; ``G_d[a, i] = [a = i]``.
    """
    n, r = _check_nr(n, r)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 2:
        raise BadParameterError(f"d must be an integer >= 2, got {d!r}")
    check_budget((2, r, n, r), 8, "the witness's internal cores")
    q = min(n, r)
    first = np.zeros((n, r), dtype=np.int64)
    last = np.zeros((r, n), dtype=np.int64)
    for i in range(q):
        first[i, i] = 1
        last[i, i] = 1
    even = np.zeros((r, n, r), dtype=np.int64)  # paper positions 2, 4, ...: compare, go to pass
    odd = np.zeros((r, n, r), dtype=np.int64)  # paper positions 3, 5, ...: read pass, store
    for i in range(q):
        even[i, i, 0] = 1
        odd[0, i, i] = 1
    internals = [even if (k + 1) % 2 == 0 else odd for k in range(1, int(d) - 1)]
    return different_core_tt(first, internals, last)


def witness(n: int, r: int, d: int, cores: CoreMode = "equal") -> TensorTrain:
    """The witness for ``cores="equal"`` (the seed) or ``"different"`` (Khrulkov et al.)."""
    if cores == "equal":
        return equal_core_witness(n, r, d)
    if cores == "different":
        return different_core_witness(n, r, d)
    raise BadParameterError(f"cores must be 'equal' or 'different', got {cores!r}")


def odd_d_witness(n: int, r: int, d: int) -> TensorTrain:
    r"""An equal-core witness for **odd** ``d = 2k+1`` (beyond the seed).

    The seed's last core ``[alpha = i]`` reads a data state; for odd ``d`` the state after the
    (even) position ``d-1`` is the pass state, so the seed's block is zero.  The last core is
    not shared, so replace it by ``G_d[alpha, i] = [alpha = q+1][i = 1]`` (paper indices; code:
    ``last[q, 0] = 1``).  On ``range(q)**d`` the tensor is then
    :math:`\prod_{j=1}^{k} [i_{2j-1} = i_{2j}] \cdot [i_d = 1]`, whose odd/even matricization
    (rows: the ``k+1`` odd modes) contains the identity of size ``q**k``: rank at least
    :math:`q^{\lfloor d/2 \rfloor}`.
    """
    n, r = _check_nr(n, r)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 3 or d % 2 == 0:
        raise BadParameterError(f"odd_d_witness needs an odd d >= 3, got {d!r}")
    first, internal, _ = equal_core_witness_cores(n, r)
    q = min(n, r - 1)
    last = np.zeros((r, n), dtype=np.int64)
    last[q, 0] = 1
    return equal_core_tt(first, internal, last, int(d))


def transfer_witness_cores(n: int, r: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The transfer witness's cores ``(first (n, r), internal (r, n, r), last (r, n))``, ``n >= r``.

    Examples
    --------
    >>> f, g, l = transfer_witness_cores(3, 2)   # V = Sym_2: E_00, E_01 + E_10, E_11
    >>> f.tolist(), l.tolist()
    ([[1, 0], [0, 1], [0, 0]], [[1, 0, 0], [0, 1, 0]])
    >>> [g[:, x, :].tolist() for x in range(3)]
    [[[1, 0], [0, 0]], [[0, 1], [1, 0]], [[0, 0], [0, 1]]]
    """
    n, r = _check_nr(n, r)
    if n < r:
        raise BadParameterError(f"the transfer witness needs n >= r (a first core of rank r), got n = {n}, r = {r}")
    check_budget((r, n, r), 8, "the witness's internal core")
    first = np.zeros((n, r), dtype=np.int64)
    first[np.arange(r), np.arange(r)] = 1
    internal = transfer_subspace(min(n, r * r), r).core(n)
    return first, internal, np.ascontiguousarray(first.T)


def transfer_witness(n: int, r: int, d: int) -> TensorTrain:
    r"""The transfer witness in :math:`\mathcal M^{eq}_{n,r}` with ``d`` modes (``n >= r``)."""
    first, internal, last = transfer_witness_cores(n, r)
    return equal_core_tt(first, internal, last, d)


def half_witness(n: int, r: int, d: int, seed: int | None = None) -> TensorTrain | None:
    """An equal-core tensor whose sequential ("half") matricization has rank ``min(r, n^m)``,
    ``m = d // 2`` (PROOFS.md §6.6):

    * ``n >= r``: the transfer witness;
    * ``n^m <= r``: an additive register on ``Z_n^m`` (symbol ``x``: ``s -> shift(s) + x e_1``
      mod ``n``; start and accept in ``0``);
    * ``gcd(n, r) = 1``: Horner's map ``s -> n s + x mod r`` (start and accept in ``0``);
    * ``gcd(n, r) > 1``, ``r < n^m``: the small random cores :func:`half_monotone_cores` of
      ``seed`` (``None`` without a seed: which seed works is decided by the finite checks of
      :func:`verify.theorem.half_monotone_checks`, run by :func:`verify.theorem.half_seed`).
    """
    import math

    n, r = _check_nr(n, r)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 2:
        raise BadParameterError(f"d must be an integer >= 2, got {d!r}")
    m = int(d) // 2
    if n >= r:
        return transfer_witness(n, r, int(d))
    states: list[Any]
    if n**m <= r:
        states = [tuple(unravel(k, (n,) * m)) for k in range(n**m)]
        index = {s: k for k, s in enumerate(states)}

        def step(s: tuple[int, ...], x: int) -> int:
            t = (s[-1],) + s[:-1]  # cyclic shift of the coordinates
            return index[((t[0] + x) % n,) + t[1:]]
    elif math.gcd(n, r) == 1:
        states = list(range(r))

        def step(s: int, x: int) -> int:  # type: ignore[misc]
            return (n * s + x) % r
    elif seed is None:
        return None
    else:
        first, internal, last = half_monotone_cores(n, r, seed)
        return equal_core_tt(first, internal, last, int(d))
    internal = np.zeros((r, n, r), dtype=np.int64)
    for k, s in enumerate(states):
        for x in range(n):
            internal[k, x, step(s, x)] = 1
    first = np.ascontiguousarray(internal[0])  # start in state 0: one step
    last = np.zeros((r, n), dtype=np.int64)
    last[:, :] = internal[:, :, 0]  # accept iff one more step lands in state 0
    return equal_core_tt(first, internal, last, int(d))


def half_monotone_cores(n: int, r: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equal-core cores ``(first n x r, internal r x n x r, last r x n)`` with entries drawn from
    ``-2..2`` by a generator seeded with ``(n, r, seed)``: the half partition's witness for
    ``n < r``, ``gcd(n, r) > 1`` once its finite checks hold (PROOFS.md §6.6)."""
    n, r = _check_nr(n, r)
    rng = np.random.default_rng([n, r, int(seed)])
    return (
        rng.integers(-2, 3, size=(n, r), dtype=np.int64),
        rng.integers(-2, 3, size=(r, n, r), dtype=np.int64),
        rng.integers(-2, 3, size=(r, n), dtype=np.int64),
    )
