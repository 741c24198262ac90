r"""Structural upper bounds on the rank of a matricization of any TT tensor.

**Proposition (min-cut bound).**  Let :math:`\mathcal X` have TT cores of mode sizes
:math:`n_1..n_d` and ranks :math:`r_1..r_{d-1}`, and let :math:`(R, C)` split the modes.  For
any assignment :math:`s \in \{R, C\}^d` of the *cores* to two sides,

.. math::

    \operatorname{rank} \mathcal X^{(R,C)} \;\le\;
    \prod_{k:\, s_k \ne \mathrm{side}(k)} n_k \;\cdot \prod_{k:\, s_k \ne s_{k+1}} r_k .

*Proof.*  Contract the cores assigned to side R into one tensor :math:`A` and those assigned to
side C into :math:`B`.  The edges of the tensor network that join the two sides are the bonds
:math:`k` with :math:`s_k \ne s_{k+1}` (dimension :math:`r_k`) and the mode legs of cores placed
on the side other than their mode's (dimension :math:`n_k`; insert a Kronecker delta
:math:`[i_k = j_k]` on the mode's side and let the core use :math:`j_k`).  Grouping the indices of
those edges into one multi-index :math:`\beta`, :math:`\mathcal X^{(R,C)} = A_{R,\beta}
B_{\beta,C}`, a product through an inner dimension equal to the product of the cut edge
dimensions; a product of matrices has rank at most its inner dimension.  :math:`\square`

The bound is minimised exactly by a dynamic programme along the train (the graph is a path).
The ranks may be replaced by the *effective* ranks
:math:`\min(r_k, \prod_{j\le k} n_j, \prod_{j>k} n_j)`, **all bonds at once**: the :math:`k`-th
sequential unfolding has at most that rank, and the TT-SVD (Oseledets 2011, Thm. 2.1) gives one
TT representation of the same tensor whose :math:`k`-th bond equals the rank of the :math:`k`-th
unfolding for every :math:`k` simultaneously (factorising one unfolding alone would change only
one bond).  The proposition applied to that representation gives the bound with effective ranks.
With all cores on one side the bound is :math:`\min(\prod_R n_k, \prod_C n_k)`, the size bound.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import BadParameterError

__all__ = ["effective_ranks", "mincut_bound"]


def effective_ranks(mode_sizes: Sequence[int], ranks: Sequence[int]) -> tuple[int, ...]:
    """``min(r_k, n_1...n_k, n_{k+1}...n_d)`` for each internal bond ``k``.

    Examples
    --------
    >>> effective_ranks([2, 2, 2, 2], [5, 5, 5])
    (2, 4, 2)
    """
    n = [int(x) for x in mode_sizes]
    if len(ranks) != len(n) - 1:
        raise BadParameterError(f"need {len(n) - 1} ranks for {len(n)} modes, got {len(ranks)}")
    rs = [int(r) for r in ranks]
    # the products of the sizes left and right of each bond, capped above every rank: the minimum
    # is the same, and no product grows to n^d digits (d multiplications, not d^2 of huge ones)
    cap = max(rs, default=0) + 1
    left, right = [1] * len(n), [1] * len(n)
    for k in range(len(n)):
        left[k] = min(cap, (left[k - 1] if k else 1) * n[k])
    for k in range(len(n) - 1, -1, -1):
        right[k] = min(cap, (right[k + 1] if k + 1 < len(n) else 1) * n[k])
    return tuple(min(r, left[k], right[k + 1]) for k, r in enumerate(rs))


def mincut_bound(
    mode_sizes: Sequence[int], ranks: Sequence[int], row_modes: Sequence[int], effective: bool = True
) -> tuple[int, tuple[str, ...]]:
    """The least min-cut bound on the rank of the ``(row_modes, rest)`` matricization.

    With ``effective=False`` the bonds cost their ranks as given (the inner dimension of the two
    factors of a train with these ranks), not the effective ranks.

    Returns
    -------
    bound : int
    sides : the optimal assignment, ``"R"`` or ``"C"`` for each core

    Examples
    --------
    >>> mincut_bound([3] * 4, [2] * 3, [0, 2])[0]   # odd/even, n = 3, r = 2: 2 * 3 beats 9
    6
    >>> mincut_bound([2] * 4, [3] * 3, [0, 1])[0]   # sequential: one bond, r = 3 < 4
    3
    """
    n = [int(x) for x in mode_sizes]
    rset = {int(m) for m in row_modes}
    if not rset or not rset < set(range(len(n))):
        raise BadParameterError(f"row modes {sorted(rset)} must be a non-empty proper subset of 0..{len(n) - 1}")
    rk = effective_ranks(n, ranks) if effective else tuple(int(r) for r in ranks)
    if len(rk) != len(n) - 1:
        raise BadParameterError(f"need {len(n) - 1} ranks for {len(n)} modes, got {len(rk)}")
    sides = ("R", "C")
    natural = ["R" if k in rset else "C" for k in range(len(n))]
    # best[s] = the least cost of cores 0..k with core k on side s; back[k][s] = core k-1's side
    # there (the first of R, C on a tie, as a min over them takes it)
    best = {s: (n[0] if s != natural[0] else 1) for s in sides}
    back: list[dict[str, str]] = [{}]
    for k in range(1, len(n)):
        step, new = {}, {}
        for s in sides:
            leg = n[k] if s != natural[k] else 1
            t = min(sides, key=lambda t: best[t] * (rk[k - 1] if t != s else 1))
            step[s], new[s] = t, best[t] * (rk[k - 1] if t != s else 1) * leg
        back.append(step)
        best = new
    last = min(sides, key=lambda s: best[s])
    assign = [last]
    for k in range(len(n) - 1, 0, -1):
        assign.append(back[k][assign[-1]])
    return best[last], tuple(reversed(assign))
