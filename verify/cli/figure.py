"""``python -m verify figure``: the seed's figure — certified rank against q^(d/2) and the upper bound."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import BadParameterError, shown
from . import _shared as sh

HELP = "the seed's figure: certified rank vs q^(d/2) and the upper bound"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n", default="2", help="one mode size (default 2)")
    p.add_argument("--r", default="3", help="one TT-rank (default 3)")
    p.add_argument("--d", default="2..16", help="numbers of modes (default 2..16)")
    p.add_argument("--seed", type=sh.seed_value, default=0, help="seed of the random points (default 0)")
    sh.prime_arg(p, ", below 2**31", backends=False)
    p.add_argument("--memory-budget", default="2G", help="refuse any tensor or matrix larger than this (default 2G)")
    sh.progress_args(p)
    sh.max_work_arg(p)
    p.add_argument("--out", required=True, help="output image (.png, .pdf, .svg)")


def run(args: argparse.Namespace) -> int:
    from ..report import figure

    ns, rs, ds = sh.grid(args)
    if len(ns) != 1 or len(rs) != 1:
        raise BadParameterError("figure takes one --n and one --r (a range of --d)")
    if Path(args.out).suffix not in (".png", ".pdf", ".svg"):
        raise BadParameterError(f"--out must end in .png, .pdf or .svg, got {shown(args.out, 80)}")
    sh.check_writable(Path(args.out))
    sh.check_replaceable(Path(args.out), lambda data: b"Matplotlib" in data, "a figure written by matplotlib")
    p = sh.prime(args, 2**31)
    recs = figure(
        ns[0], rs[0], ds, args.out, seed=args.seed, prime=p, show_progress=args.progress, max_work=args.max_work
    )
    exact = sum(bool(rec.get("exact")) for rec in recs)
    print(
        f"wrote {sh.one_line(args.out)}: {len(recs)} points of n = {ns[0]}, r = {rs[0]}, the certified rank equal "
        f"to the upper bound (exact) at {exact}"
    )
    return 0
