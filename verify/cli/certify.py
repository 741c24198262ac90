"""``python -m verify certify``: write re-checkable rank certificates (JSON)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..campaign import Store, run_cases
from ..errors import BadParameterError, shown
from ..tt import as_work
from . import _shared as sh

HELP = "write re-checkable rank certificates (JSON)"

#: The case function of every record this command writes.
FUNCTION = "verify.certificate:certify_case"

COLUMNS = {"certificate": ["cores", "n", "r", "d", "rank", "bound", "method", "prime", "path", "status"]}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n", required=True, help="mode size(s): an integer, a range a..b or a list")
    p.add_argument("--r", required=True, help="TT-rank(s)")
    p.add_argument("--d", required=True, help="number(s) of modes")
    sh.cores_arg(p, True, "equal")
    p.add_argument("--seed", type=sh.seed_value, default=0, help="seed of the random integer point (default 0)")
    sh.backend_args(p, "auto")
    sh.prime_arg(p, ", below 2**31")
    p.add_argument("--partition", default="oddeven", help="oddeven (default), half, or 0-based row modes '0,1,4'")
    p.add_argument(
        "--method",
        choices=["auto", "minor", "cut", "koszul"],
        default="auto",
        help="minor: one nonsingular minor of the matricization; cut: a minor of each run of cores of the "
        "optimal cut (ranks far beyond a minor's size); koszul: a minor of a Koszul flattening (a CP-rank "
        "bound past every matricization; --grouping, --p); auto (default): the cut where it is cheaper",
    )
    p.add_argument(
        "--grouping",
        default=None,
        help="koszul: the modes of A, B, C as 'A|B|C', comma lists of 0-based modes, e.g. '3|0,2|1,4' "
        "(default: the family grouping of odd d)",
    )
    p.add_argument(
        "--p", type=sh.positive_int, default=None, help="koszul: p, with 2p+1 <= dim A (default the largest)"
    )
    p.add_argument(
        "--out",
        required=True,
        help="the certificate file (one case), or a folder for a grid: one certificate per case plus "
        "certificate.jsonl (a rerun skips the cases already there)",
    )
    sh.max_work_arg(p)
    sh.run_args(p)


def run(args: argparse.Namespace) -> int:
    ns, rs, ds = sh.grid(args)
    p = sh.prime(args, 2**31)
    cores = sh.cores_list(args.cores)
    sh.check_count(len(cores) * len(ns) * len(rs) * len(ds))
    grid = [(c, n, r, d) for c in cores for n in ns for r in rs for d in ds]
    out = Path(args.out)
    single = len(grid) == 1 and not out.is_dir()
    if not single and out.suffix in (".json", ".jsonl") and not out.is_dir():
        raise BadParameterError(
            f"--out {shown(args.out, 80)}: a grid of {len(grid)} cases writes a folder (one certificate per case and "
            "certificate.jsonl); name a folder, not a file"
        )
    if single:
        sh.check_writable(out)
        store = None
    else:
        store = Store(out, folder=True, names=("certificate",))
    common = {
        "seed": args.seed,
        "prime": p,
        "partition": args.partition,
        "max_work": args.max_work,
        "backend": args.backend,
        "method": args.method,
        **({"grouping": args.grouping, "p": args.p} if args.method == "koszul" else {}),
    }
    cases = sh.grid_cases(
        FUNCTION,
        cores,
        (ns, rs, ds),
        lambda n, r, d: as_work(n**d),
        common,
        lambda c, n, r, d: {"path": str(out if single else out / f"cert-{c}-n{n}-r{r}-d{d}.json")},
    )
    for case in cases:
        sh.check_replaceable(Path(case.kwargs["path"]), sh.is_certificate, "a certificate")
    if single:
        rec = run_cases(cases, budget=sh.parse_bytes(args.memory_budget), show_progress=False).records[0]
        if rec["method"] == "koszul":
            print(
                f"wrote {sh.one_line(rec['path'])}: CP-rank >= {rec['bound']} certified by a "
                f"{rec['rank']}x{rec['rank']} minor of the Koszul flattening (p = {rec['p']}) nonsingular mod "
                f"{rec['prime']}"
            )
            return 0
        how = (
            f"a {rec['rank']}x{rec['rank']} minor nonsingular mod {rec['prime']}"
            if rec["method"] == "minor"
            else f"the Kronecker factors of a cut, a minor of each run of cores nonsingular mod {rec['prime']}"
        )
        print(f"wrote {sh.one_line(rec['path'])}: rank >= {rec['rank']} certified by {how}")
        return 0
    return sh.exit_status(sh.execute(args, cases, "certify", store, sh.Sink(args.json, COLUMNS)))
