"""``python -m verify theorem``: the generic-rank theorem — per (n, r) the witness, its finite
checks, and the formula for every d (``--partition half``: the half partition's); ``--partitions``
bounds every matricization."""

from __future__ import annotations

import argparse
from typing import Any

from ..campaign import Case
from ..errors import BadParameterError
from . import _shared as sh

HELP = "the generic-rank theorem: per (n, r) the witness, its finite checks, the formula for all d"

#: The case functions of the records this command writes (with and without --partitions).
FUNCTIONS = (
    "verify.theorem:theorem_record",
    "verify.theorem:partition_maximum",
    "verify.theorem:half_theorem_record",
)

COLUMNS = {
    "theorem": ["n", "r", "regime", "witness_even", "witness_odd", "checks_held", "proved_all_d", "formula_last"],
    "partitions": ["n", "r", "d", "partitions", "maximum", "oddeven", "oddeven_attains", "passed"],
    "half-theorem": ["n", "r", "witness_last", "checks_held", "proved_all_d", "formula_last"],
}


def table_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The displayed fields of a theorem record: the witnesses, the checks that held, the last formula."""
    last = max(rec["formula"], key=int) if rec["formula"] else None
    return rec | {
        "witness_even": rec["witness"]["even"],
        "witness_odd": rec["witness"]["odd"],
        "checks_held": f"{sum(c['passed'] for c in rec['checks'])}/{len(rec['checks'])}",
        "formula_last": None if last is None else f"d={last}: {rec['formula'][last]}",
    }


def half_row(rec: dict[str, Any]) -> dict[str, Any]:
    """The displayed fields of a half-partition record: the witness of the largest d, the checks."""
    last = max(rec["formula"], key=int) if rec["formula"] else None
    return rec | {
        "witness_last": list(rec["witness"].values())[-1],
        "checks_held": f"{sum(c['passed'] for c in rec['checks'])}/{len(rec['checks'])}",
        "formula_last": None if last is None else f"d={last}: {rec['formula'][last]}",
    }


def add_arguments(p: argparse.ArgumentParser) -> None:
    sh.grid_args(p, "2..12", "2..12", "2,4,6,8,10,12,14,16,18,20")
    p.add_argument(
        "--partition",
        choices=["oddeven", "half"],
        default="oddeven",
        help="the odd/even matricization (default) or the half (sequential) one: min(r, n^floor(d/2))",
    )
    sh.prime_arg(p, backends=False)
    p.add_argument(
        "--cross-check",
        type=sh.ascii_int,
        default=0,
        metavar="SIDE",
        help="also compute the exact rank of each witness's matricization where its side is <= SIDE (default 0: off)",
    )
    p.add_argument(
        "--partitions",
        action="store_true",
        help="also bound every matricization (all partitions, d <= 14) and check that odd/even attains the maximum",
    )
    sh.out_jsonl_arg(p)


def run(args: argparse.Namespace) -> int:
    ns, rs, ds = sh.grid(args)
    prime = sh.prime(args)
    if args.partitions and max(ds) > 14:
        raise BadParameterError(f"--partitions enumerates 2^(d-1) partitions: use d <= 14, got {max(ds)}")
    if args.cross_check < 0:
        raise BadParameterError(f"--cross-check must be >= 0, got {args.cross_check}")
    sh.check_count(len(ns) * len(rs) * (1 + len(ds) * args.partitions))
    cases: list[Case] = []
    for n in ns:
        for r in rs:
            kw = {"n": n, "r": r, "ds": ds, "prime": prime, "cross_check_side": args.cross_check}
            fn = FUNCTIONS[2] if args.partition == "half" else FUNCTIONS[0]
            cases.append(Case(fn, kw, work=float(r * min(n, r * r)) ** 2))
            if args.partitions:
                cases += [Case(FUNCTIONS[1], {"n": n, "r": r, "d": d}) for d in ds]
    store = sh.jsonl_store(args.out)
    sink = sh.Sink(args.json, COLUMNS, {"theorem": table_row, "half-theorem": half_row})
    return sh.exit_status(sh.execute(args, cases, "theorem", store, sink, FUNCTIONS))
