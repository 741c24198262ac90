"""``python -m verify generic``: certified generic ranks at random integer points."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from ..errors import BadParameterError, shown
from . import _shared as sh

HELP = "certified generic rank at random integer points"

#: The case function of every record this command writes.
FUNCTION = "verify.generic:generic_case"

COLUMNS = {
    "generic": [
        "cores",
        "n",
        "r",
        "d",
        "lower",
        "upper",
        "exact",
        "theorem_bound",
        "khrulkov_bound",
        "seconds",
        "status",
    ]
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    sh.grid_args(p, "2", "3", "2..10")
    sh.cores_arg(p, True, "equal")
    p.add_argument("--draws", type=sh.positive_int, default=1, help="random points per case (default 1)")
    p.add_argument("--seed", type=sh.seed_value, default=0, help="seed of the random points (default 0)")
    sh.backend_args(p, "auto")
    sh.prime_arg(p, ", below 2**31")
    p.add_argument("--partition", default="oddeven", help="oddeven (default), half, or 0-based row modes '0,1,4'")
    p.add_argument(
        "--out",
        default=None,
        help="write the records: .jsonl (appended as they come; a rerun skips the cases already there), "
        ".csv or .md (a table at the end)",
    )
    sh.max_work_arg(
        p,
        "skip cases whose elimination would cost more than this many operations: N^3 for a dense "
        "N x N matrix, N K^2 when the upper bound K < N lets the two cut factors be used (default 4096^3)",
    )


def run(args: argparse.Namespace) -> int:
    from ..generic import partition_modes

    ns, rs, ds = sh.grid(args)
    p = sh.prime(args, 2**31)
    table = None
    store = None
    if args.out is not None:
        suffix = Path(args.out).suffix
        if suffix == ".jsonl":
            store = sh.jsonl_store(args.out)
        elif suffix in (".csv", ".md"):
            from ..report import is_table

            table = Path(args.out)
            sh.check_writable(table)
            sh.check_replaceable(table, is_table, f"a {suffix} table written by this command")
        else:
            raise BadParameterError(f"--out must end in .jsonl, .csv or .md, got {shown(args.out, 80)}")
    cores = sh.cores_list(args.cores)
    sh.check_count(len(cores) * len(ns) * len(rs) * len(ds))
    for d in ds:
        partition_modes(d, args.partition)  # a bad partition is refused before anything runs
    # work: only an order for a cluster (the largest first), so an estimate that costs nothing,
    # the N^3 = (n^d)^1.5 of a dense elimination; the exact plan (verify.generic.generic_work)
    # costs up to 30 ms a case at d = 1000, minutes for a grid before its first case
    common = {
        "draws": args.draws,
        "seed": args.seed,
        "prime": p,
        "partition": args.partition,
        "max_work": args.max_work,
        "backend": args.backend,
        "device": args.device,
    }
    cases = sh.grid_cases(
        FUNCTION,
        cores,
        (ns, rs, ds),
        lambda n, r, d: min(2.0 ** min(1.5 * d * math.log2(n), 1000.0), args.max_work),
        common,
    )
    records = sh.execute(args, cases, "generic", store, sh.Sink(args.json, COLUMNS))
    if table is not None:
        from ..report import write_table

        write_table(records, table)
    return sh.exit_status(records)
