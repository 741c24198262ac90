"""Rank backends: one table of hand-derived cases through every backend (sympy's habit)."""

import flint
import numpy as np
import pytest
from hypothesis import given

from verify.elimination import chunk
from verify.errors import BadParameterError
from verify.rank import BACKENDS, DEFAULT_PRIME, rank, to_fmpz_mat, to_nmod_mat
from verify.strategies import small_int_matrices

# (name, matrix, rank over Q, {prime: rank mod prime}) -- ranks derived by hand
CASES = [
    ("zero", [[0, 0], [0, 0]], 0, {2: 0, 7: 0}),
    ("identity3", np.eye(3, dtype=int).tolist(), 3, {2: 3, 7: 3}),
    ("diag2_1", [[2, 0], [0, 1]], 2, {2: 1, 3: 2}),
    ("rank1", [[1, 2, 3], [2, 4, 6], [-1, -2, -3]], 1, {5: 1}),
    ("det7", [[3, 1], [1, 5]], 2, {7: 1, 11: 2}),  # det 14 = 2 * 7
    ("wide", [[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 1, 1]], 2, {2: 2, 3: 2}),
    ("tall_det6", [[2, 0], [0, 3], [0, 0]], 2, {2: 1, 3: 1, 5: 2}),
    ("hilbert_int", [[60 // (i + j + 1) for j in range(3)] for i in range(3)], 3, {DEFAULT_PRIME: 3}),
]


@pytest.mark.parametrize("name,m,exact,modular", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("backend", BACKENDS)
def test_table(name, m, exact, modular, backend):
    for p, expected in modular.items():
        if backend in ("blas", "torch") and chunk(p) < 1:  # outside the float elimination's exact range
            with pytest.raises(BadParameterError, match="exact for primes up to"):
                rank(m, prime=p, backend=backend)
            continue
        res = rank(m, prime=p, backend=backend)
        assert (res.rank, res.kind, res.prime) == (expected, "modular", p)
    if backend not in ("galois", "blas", "torch"):  # modular-only backends
        res = rank(m, backend=backend)
        assert (res.rank, res.kind, res.prime) == (exact, "exact", None)


@given(small_int_matrices())
def test_backends_agree_and_modular_is_lower_bound(m):
    exact = rank(m, backend="sympy").rank
    assert rank(m).rank == exact
    for p in (2, 3, 65521):
        ranks = {rank(m, prime=p, backend=b).rank for b in BACKENDS}
        assert len(ranks) == 1
        assert ranks.pop() <= exact


def test_fast_conversion_equals_list_path():
    rng = np.random.default_rng(0)
    a = rng.integers(-(2**40), 2**40, (37, 23))
    assert to_fmpz_mat(a) == flint.fmpz_mat(a.tolist())
    p = 1_000_003
    assert to_nmod_mat(a, p) == flint.nmod_mat((a % p).tolist(), p)
    big = np.array([[2**70, 1], [3, 2**65]], dtype=object)
    assert to_fmpz_mat(big) == flint.fmpz_mat([[2**70, 1], [3, 2**65]])


def test_errors():
    with pytest.raises(BadParameterError, match="prime"):
        rank([[1]], prime=4)
    with pytest.raises(BadParameterError, match="GF"):
        rank([[1]], backend="galois")
    with pytest.raises(BadParameterError, match="small"):
        rank(np.eye(300, dtype=int), backend="sympy")
    with pytest.raises(BadParameterError, match="unknown"):
        rank([[1]], backend="numpy")
    with pytest.raises(TypeError):
        rank([[1.5]])
