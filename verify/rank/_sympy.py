"""sympy: ``DomainMatrix`` over ``ZZ`` / ``GF(p)`` -- slow, small matrices only, the independent
reference in the tests."""

from __future__ import annotations

import numpy as np

from ..errors import BadParameterError

__all__ = ["SYMPY_MAX", "rank_sympy"]

SYMPY_MAX = 200  # sympy is the slow reference: refuse larger matrices


def rank_sympy(a: np.ndarray, p: int | None) -> int:
    if max(a.shape) > SYMPY_MAX:
        raise BadParameterError(
            f"the sympy backend is for small matrices (at most {SYMPY_MAX} rows and columns), "
            f"got {a.shape[0]}x{a.shape[1]}"
        )
    from sympy import GF, ZZ
    from sympy.polys.matrices import DomainMatrix

    rows = [[int(x) for x in row] for row in a.tolist()]
    dom = ZZ if p is None else GF(p)
    dm = DomainMatrix([[dom(x) for x in row] for row in rows], a.shape, dom)
    if p is None:
        dm = dm.convert_to(dm.domain.get_field())
    return int(dm.rank())
