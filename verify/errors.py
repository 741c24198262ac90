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
    "shown",
]


def shown(value: object, width: int = 40) -> str:
    """A value for a message: its ``repr``, or for a long string the first ``width`` characters,
    quoted, and how long it is (never a quote left open, never a 200-digit number in full).

    >>> shown("2..6"), shown("1" * 200)
    ("'2..6'", "'1111111111111111111111111111111111111111'... (200 characters)")
    """
    if isinstance(value, str):
        return repr(value) if len(value) <= width else f"{value[:width]!r}... ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= width else text[: max(width - 3, 1)] + "..."


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
