"""Exceptions of :mod:`verify`: one root, a few specific subclasses.

Every message names the offending values and says what would be valid, so that the
command line can print it as a single line.
"""

from __future__ import annotations

__all__ = [
    "BadParameterError",
    "BadShapeError",
    "CertificateError",
    "MemoryBudgetError",
    "VerifyError",
]


class VerifyError(Exception):
    """Root of every error raised on purpose by :mod:`verify`."""


class BadParameterError(VerifyError, ValueError):
    """A parameter (n, r, d, a prime, a budget, a partition...) is out of its valid range."""


class BadShapeError(VerifyError, ValueError):
    """TT cores (or a matrix) have shapes that do not fit together."""


class MemoryBudgetError(VerifyError, MemoryError):
    """A tensor or matrix would exceed the memory budget; raised before allocating."""


class CertificateError(VerifyError):
    """A certificate file is malformed, inconsistent, or its claim does not hold."""
