"""``python -m verify witness``: the identity block and the full-matricization rank of the witness."""

from __future__ import annotations

import argparse

from .._types import CoreMode
from ..campaign import Case
from ..tt import as_work
from . import _shared as sh

HELP = "identity block and full-matricization rank of the witness"

#: The case function of every record this command writes.
FUNCTION = "verify.checks:witness_record"

COLUMNS = {
    "witness": [
        "cores",
        "n",
        "r",
        "d",
        "q",
        "bound",
        "identity_block",
        "strong_bound",
        "rank",
        "rank_kind",
        "upper",
        "status",
    ]
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    sh.grid_args(p, "2..5", "2..6", "2,4,6,8")
    sh.backend_args(p, "flint")
    sh.prime_arg(p)
    sh.cores_arg(p, False, "equal")
    p.add_argument("--no-rank", action="store_true", help="check the identity block only (no dense matrix)")
    p.add_argument(
        "--odd-witness",
        action="store_true",
        help="for odd d use the odd-d extension of the witness (bound q^((d-1)/2))",
    )
    sh.max_work_arg(p)
    sh.out_jsonl_arg(p)


def count(ns: list[int], rs: list[int], ds: list[int], cores: list[CoreMode]) -> int:
    """The number of cases of :func:`cases`, without building them."""
    return len(cores) * len(ns) * len(rs) * len(ds)


def cases(args: argparse.Namespace, cores: list[CoreMode], full_rank: bool, odd: bool) -> list[Case]:
    """One witness check per (cores, n, r, d) of the grid."""
    ns, rs, ds = sh.grid(args)
    sh.check_count(count(ns, rs, ds, cores))
    prime = sh.prime(args)
    common = {
        "backend": args.backend,
        "prime": prime,
        "full_rank": full_rank,
        "odd_witness": odd,
        "max_work": args.max_work,
    }
    return sh.grid_cases(FUNCTION, cores, (ns, rs, ds), lambda n, r, d: as_work(n**d), common)


def run(args: argparse.Namespace) -> int:
    store = sh.jsonl_store(args.out)
    todo = cases(args, [args.cores], not args.no_rank, args.odd_witness)
    return sh.exit_status(sh.execute(args, todo, "witness", store, sh.Sink(args.json, COLUMNS)))
