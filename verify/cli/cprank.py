"""``python -m verify cprank``: the generic CP-rank bracketed — certified lower bounds (odd/even
matricization, Koszul flattenings) and proved explicit upper bounds."""

from __future__ import annotations

import argparse
from typing import Any

from .._files import write_whole
from ..tt import as_work
from . import _shared as sh

HELP = "CP-rank: certified lower bounds (matricization, Koszul flattenings) against proved decompositions"

#: The case function of every record this command writes.
FUNCTION = "verify.cprank:cprank_case"

COLUMNS = {"cprank": ["cores", "n", "r", "d", "matricization", "lower", "lower_by", "upper", "upper_by", "status"]}


def table_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The displayed fields: which tool gave each bound, shortly."""
    k = rec.get("koszul")
    if rec["lower_method"] == "koszul" and k is not None:
        how = "family" if k["method"].startswith("family") else "point"
        by = f"koszul p={k['p']} {how} ({rec['lower_kind']})"
    else:
        by = "matricization"
    return rec | {"lower_by": by, "upper_by": f"{rec['upper_method'].split(' (')[0]}"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    sh.grid_args(p, "2..4", "2..4", "3..7")
    sh.cores_arg(p, True, "equal")
    p.add_argument("--seed", type=sh.seed_value, default=0, help="seed of the random integer point (default 0)")
    p.add_argument(
        "--search",
        choices=["family", "all", "none"],
        default="family",
        help="Koszul flattenings tried at the random point: the family grouping (default), every grouping that "
        "can beat the matricization limit and every p, or none (the family theorem's value only)",
    )
    sh.backend_args(p, "auto")
    sh.prime_arg(p, ", below 2**31")
    sh.max_work_arg(p, "skip any Koszul rank that would cost more than this many operations (default 4096^3)")
    sh.out_jsonl_arg(p)
    p.add_argument(
        "--table", default=None, help="also write the gap table (markdown, one column per d) to this .md file"
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..cprank import gap_table, is_gap_table
    from ..errors import BadParameterError, shown

    ns, rs, ds = sh.grid(args)
    sh.check_count(len(sh.cores_list(args.cores)) * len(ns) * len(rs) * len(ds))
    prime = None if args.prime is None else sh.prime(args, 2**31)
    table = None
    if args.table is not None:
        table = Path(args.table)
        if table.suffix != ".md":
            raise BadParameterError(f"--table must name a .md file, got {shown(args.table, 80)}")
        sh.check_writable(table)
        sh.check_replaceable(table, is_gap_table, "a gap table written by this command", "--table")
    common = {
        "seed": args.seed,
        "prime": prime,
        "search": args.search,
        "max_work": args.max_work,
        "backend": args.backend,
    }
    cases = sh.grid_cases(
        FUNCTION, sh.cores_list(args.cores), (ns, rs, ds), lambda n, r, d: min(as_work(n**d), args.max_work), common
    )
    store = sh.jsonl_store(args.out)
    sink = sh.Sink(args.json, COLUMNS, {"cprank": table_row})
    records = sh.execute(args, cases, "cprank", store, sink, (FUNCTION,))
    if table is not None:
        write_whole(table, gap_table(records))
    return sh.exit_status(records)
