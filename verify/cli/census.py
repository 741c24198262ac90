"""``python -m verify census``: every train shape in a range, one record per class of shapes with
the same generic rank (reduced shapes, up to reversal and transposition), against the min-cut."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .._files import write_whole
from ..campaign import Case
from ..errors import BadParameterError
from . import _shared as sh

HELP = "every train shape in a range: generic rank against min-cut, the gaps and their proofs"

COLUMNS = {
    "shape": ["count", "modes", "ranks", "rows", "cores", "lower", "mincut", "generic", "generic_kind", "status"]
}

#: Census limits: the shapes are enumerated one by one before anything runs.
MAX_CENSUS_SHAPES = 20_000_000


def table_row(rec: dict[str, Any]) -> dict[str, Any]:
    return rec | {
        "modes": ",".join(map(str, rec["modes"])),
        "ranks": ",".join(map(str, rec["ranks"])),
        "rows": ",".join(map(str, rec["rows"])),
    }


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--d", default="4", help="numbers of modes (default 4; a range 4..6 or a list)")
    p.add_argument("--max-mode", type=sh.positive_int, required=True, help="largest mode size")
    p.add_argument("--max-rank", type=sh.positive_int, required=True, help="largest bond rank")
    p.add_argument("--min-mode", type=sh.positive_int, default=1, help="smallest mode size (default 1)")
    p.add_argument("--min-rank", type=sh.positive_int, default=1, help="smallest bond rank (default 1)")
    p.add_argument(
        "--partition",
        default="oddeven",
        help="oddeven (default), half, all (every partition), or the 0-based row modes '0,2' (one d only)",
    )
    sh.cores_arg(p, True, "different")
    p.add_argument("--uniform", action="store_true", help="only trains with all modes equal and all ranks equal")
    p.add_argument(
        "--draws", type=sh.positive_int, default=2, help="random points when the first is below the min-cut (default 2)"
    )
    p.add_argument("--seed", type=sh.seed_value, default=0, help="seed of the random points (default 0)")
    sh.prime_arg(p, ", below 2**31", backends=False)
    sh.max_work_arg(p, "do not eliminate a matrix costing more than this many operations (default 4096^3)")
    sh.run_args(p)
    sh.out_jsonl_arg(p)
    p.add_argument("--summary", default=None, help="write a summary (Markdown) to this file at the end")


def run(args: argparse.Namespace) -> int:
    from ..shapes import census_classes, census_summary, census_work, is_census_summary

    ds = sh.parse_int_set(args.d, "d", 2, 64)
    if args.partition not in ("oddeven", "half", "all") and len(ds) > 1:
        raise BadParameterError("explicit row modes need one --d")
    if args.min_mode > args.max_mode or args.min_rank > args.max_rank:
        raise BadParameterError("--min-mode/--min-rank must not exceed --max-mode/--max-rank")
    cores = sh.cores_list(args.cores)
    count = _count(ds, args, cores)
    if count > MAX_CENSUS_SHAPES:
        raise BadParameterError(f"the census has {count} shapes, more than {MAX_CENSUS_SHAPES}; split it")
    summary = None if args.summary is None else Path(args.summary)
    if summary is not None:
        sh.check_writable(summary)
        sh.check_replaceable(summary, is_census_summary, "a census summary written by this command", "--summary")
    prime = sh.prime(args, 2**31)
    classes, total = census_classes(
        ds, args.max_mode, args.max_rank, args.partition, cores, args.uniform, args.min_mode, args.min_rank
    )
    cases = [
        Case(
            "verify.shapes:census_case",
            {
                **key.as_dict(),
                "count": n,
                "example": example.as_dict(),
                "draws": args.draws,
                "seed": args.seed,
                "prime": prime,
                "max_work": args.max_work,
            },
            work=census_work(key),
        )
        for key, (n, example) in sorted(classes.items())
    ]
    sh.say(f"verify census: {total} shapes in {len(cases)} classes")
    records = sh.execute(
        args, cases, "census", sh.jsonl_store(args.out), sh.Sink(args.json, COLUMNS, {"shape": table_row})
    )
    if summary is not None:
        what = (
            f"d = {args.d}, modes {args.min_mode}..{args.max_mode}, ranks {args.min_rank}..{args.max_rank}, "
            f"partition {args.partition}, cores {args.cores}" + (", uniform" if args.uniform else "")
        )
        write_whole(summary, census_summary(records, total, what))
    return sh.exit_status(records)


def _count(ds: list[int], args: argparse.Namespace, cores: Sequence[str]) -> int:
    """The number of shapes, from the sizes alone (checked before any is enumerated)."""
    nm = args.max_mode - args.min_mode + 1
    nr = args.max_rank - args.min_rank + 1
    out = 0
    for d in ds:
        parts = 2 ** (d - 1) - 1 if args.partition == "all" else 1
        for c in cores:
            if args.uniform:
                out += nm * nr * parts
            elif c == "equal" and d >= 3:
                out += nm**3 * nr * parts
            else:
                out += nm**d * nr ** (d - 1) * parts
    return out
