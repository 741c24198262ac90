"""``python -m verify shape``: the generic rank of one train of any shape — mode sizes, bond ranks,
partition, core mode — against its min-cut value."""

from __future__ import annotations

import argparse
from typing import Any

from ..campaign import Case
from . import _shared as sh

HELP = "one train of any shape: certified lower bound, min-cut and its cut, status (min-cut or gap)"

COLUMNS = {"shape": ["modes", "ranks", "rows", "cores", "lower", "mincut", "cut", "generic", "generic_kind", "status"]}


def table_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The displayed fields: lists as comma lists, the cut as its sides per core."""
    return rec | {
        "modes": ",".join(map(str, rec["modes"])),
        "ranks": ",".join(map(str, rec["ranks"])),
        "rows": ",".join(map(str, rec["rows"])),
        "cut": rec["cut"]["sides"],
    }


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--modes", required=True, help="mode sizes n_1,...,n_d (e.g. 3,4,4,2)")
    p.add_argument("--ranks", required=True, help="bond ranks r_1,...,r_(d-1) (e.g. 2,3,2)")
    p.add_argument("--partition", default="oddeven", help="oddeven (default), half, or the 0-based row modes '0,2,5'")
    sh.cores_arg(p, False, "different")
    p.add_argument(
        "--draws", type=sh.positive_int, default=2, help="random points when the first is below the min-cut (default 2)"
    )
    p.add_argument("--seed", type=sh.seed_value, default=0, help="seed of the random points (default 0)")
    sh.prime_arg(p, ", below 2**31", backends=False)
    sh.max_work_arg(p, "do not eliminate a matrix costing more than this many operations (default 4096^3)")
    sh.run_args(p)
    sh.out_jsonl_arg(p)


def run(args: argparse.Namespace) -> int:
    from ..shapes import make_shape

    make_shape(args.modes, args.ranks, args.partition, args.cores)  # bad input: one line, before anything runs
    kw = {
        "modes": args.modes,
        "ranks": args.ranks,
        "partition": args.partition,
        "cores": args.cores,
        "draws": args.draws,
        "seed": args.seed,
        "prime": sh.prime(args, 2**31),
        "max_work": args.max_work,
    }
    case = Case("verify.shapes:shape_record", kw)
    sink = sh.Sink(args.json, COLUMNS, {"shape": table_row})
    return sh.exit_status(sh.execute(args, [case], "shape", sh.jsonl_store(args.out), sink))
