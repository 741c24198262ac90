"""Tables and the figure built from :mod:`verify.generic` records (matplotlib only here)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._files import write_whole
from .errors import BadParameterError
from .generic import generic_rank, generic_work
from .tt import DEFAULT_MAX_WORK

__all__ = ["TABLE_COLUMNS", "figure", "is_table", "markdown_table", "write_table"]

TABLE_COLUMNS = [
    "cores",
    "n",
    "r",
    "d",
    "rows",
    "lower",
    "upper",
    "exact",
    "theorem_bound",
    "khrulkov_bound",
    "kind",
    "failure_bound",
    "method",
    "seconds",
    "status",
]


def markdown_table(records: Sequence[dict[str, Any]], columns: Sequence[str] = TABLE_COLUMNS) -> str:
    """A GitHub markdown table of ``records`` (missing values as ``-``)."""
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "".join(
        "| " + " | ".join("-" if r.get(c) is None else str(r.get(c)) for c in columns) + " |\n" for r in records
    )
    return head + body


def _csv(records: Sequence[dict[str, Any]]) -> str:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=TABLE_COLUMNS, extrasaction="ignore")
    w.writeheader()
    w.writerows(records)
    return buf.getvalue()


def is_table(data: bytes) -> bool:
    """Whether ``data`` begins as :func:`write_table` begins its CSV or markdown tables."""
    return data.startswith(_csv([]).encode()) or data.startswith(markdown_table([]).encode())


def write_table(records: Sequence[dict[str, Any]], path: str | Path) -> None:
    """Write ``records`` as CSV (``.csv``) or markdown (``.md``), whole: to a temporary file renamed
    over ``path`` (a device or pipe is written directly)."""
    path = Path(path)
    if path.suffix == ".csv":
        text = _csv(records)
    elif path.suffix == ".md":
        text = markdown_table(records)
    else:
        raise BadParameterError(f"--out must end in .csv or .md, got {str(path)!r}")
    write_whole(path, text)


def figure(
    n: int,
    r: int,
    ds: Sequence[int],
    out: str | Path,
    seed: int = 0,
    prime: int = 2**31 - 1,
    show_progress: bool | None = None,
    max_work: float = DEFAULT_MAX_WORK,
) -> list[dict[str, Any]]:
    """The seed's figure: certified rank of random equal-core points against q^(d/2), min(n,r)^(d/2)
    and the structural upper bound, on a log scale.  Returns the records it plotted."""
    if Path(out).suffix not in (".png", ".pdf", ".svg"):
        raise BadParameterError(f"--out must end in .png, .pdf or .svg, got {str(out)!r}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from tqdm import tqdm

    show = sys.stderr.isatty() if show_progress is None else show_progress
    recs = [
        generic_rank(n, r, d, "equal", seed=seed, prime=prime)
        for d in tqdm(ds, desc="figure", file=sys.stderr, disable=not show, leave=False)
        if generic_work(n, r, d) <= max_work  # the points beyond --max-work are left out
    ]
    if not recs:
        raise BadParameterError("every requested d exceeds --max-work: nothing to plot")
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    dd = [x["d"] for x in recs]
    ax.plot(dd, [x["upper"] for x in recs], "s--", color="0.5", label="structural upper bound (min-cut)")
    ax.plot(dd, [x["lower"] for x in recs], "o-", color="C0", label="certified rank at a random point (mod p)")
    ev = [x for x in recs if x["theorem_bound"] is not None]
    q = min(n, r - 1)
    ax.plot(
        [x["d"] for x in ev],
        [max(x["theorem_bound"], 1e-1) for x in ev],
        "^:",
        color="C3",
        label=f"theorem: q^(d/2), q = min(n, r-1) = {q}",
    )
    ax.plot(
        [x["d"] for x in ev],
        [x["khrulkov_bound"] for x in ev],
        "v:",
        color="C2",
        label=f"min(n, r)^(d/2) = {min(n, r)}^(d/2)",
    )
    ax.set_yscale("log")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("d (number of modes)")
    ax.set_ylabel("rank of the odd/even matricization")
    ax.set_title(f"Equal internal cores, n = {n}, TT-rank r = {r}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return recs
