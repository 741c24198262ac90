"""Type aliases used across :mod:`verify` (kept in one place)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Union

import numpy as np
import numpy.typing as npt

#: An integer array: ``int64`` (values proven to fit) or ``object`` (Python ints).
IntArray = npt.NDArray[np.int64] | npt.NDArray[np.object_]
#: Anything :func:`verify.rank.rank` accepts as a matrix.
MatrixLike = Union[IntArray, Sequence[Sequence[int]]]
#: What kind of truth a result is.
TruthKind = Literal["exact", "modular", "probabilistic"]
#: Which family of TT tensors.
CoreMode = Literal["equal", "different"]
#: Rank backends.
Backend = Literal["auto", "flint", "blas", "torch", "galois", "sympy"]
