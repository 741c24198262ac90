"""Strict JSON for the files the project reads back (certificates, ``--out`` records): a key twice
in one object is an error (``json`` keeps the last silently), and an integer beyond Python's digit
limit is reported as what it is (``json`` suggests a call to ``sys.set_int_max_str_digits``)."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["StrictJSONError", "strict_loads"]


class StrictJSONError(ValueError):
    """Not JSON, a key twice, or an integer too long; the message is one line."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            shown = repr(k) if len(k) <= 40 else f"{k[:40]!r}..."
            raise StrictJSONError(f"the key {shown} appears twice in one object")
        out[k] = v
    return out


def strict_loads(text: str | bytes) -> Any:
    """``json.loads`` with the two refusals above.

    >>> strict_loads('{"rank": 15}')
    {'rank': 15}
    >>> strict_loads('{"rank": 15, "rank": 16}')
    Traceback (most recent call last):
    ...
    verify._json.StrictJSONError: the key 'rank' appears twice in one object
    """
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except StrictJSONError:
        raise
    except RecursionError:
        raise StrictJSONError("nested too deeply") from None
    except ValueError as e:  # JSONDecodeError, UnicodeDecodeError, the digit limit
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        m = re.search(r"limit \((\d+) digits\).*has (\d+) digits", msg)
        if m:
            raise StrictJSONError(f"an integer of {m.group(2)} digits, more than {m.group(1)}") from None
        raise StrictJSONError(msg[:120]) from None
