"""``python -m verify``: a thin command line over :mod:`verify.checks`, :mod:`verify.generic`
and :mod:`verify.certificate`.

Exit status: 0 when every check holds, 1 when one fails, 2 for bad input (one line on
stderr, never a traceback), 130 when interrupted (records written so far are kept).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from ._types import CoreMode
from .errors import BadParameterError, VerifyError
from .progress import progress
from .rank import BACKENDS, DEFAULT_PRIME
from .tt import set_memory_budget

__all__ = ["main", "parse_int_set"]

DESCRIPTION = """\
Exact checks of the theorem "almost every TT tensor with equal internal cores has CP-rank
>= q^(d/2), q = min(n, r-1)" (Hypothesis 1 of Khrulkov-Novikov-Oseledets, proved in the seed
report) and of what lies around it.

With no command, runs the default verification: the witness (identity block and the rank of
the full odd/even matricization) and the index lemma (brute force, nonzero paths, and the
automaton induction that covers every d) for n = 1..5, r = 1..6, even d = 2..10, equal and
different cores; prints a table, writes JSON lines under --out, exits 0 iff everything holds.

Ranks say what kind of truth they are: exact (over Q), modular (rank mod p, a lower bound
of the rank over Q), or probabilistic (with a stated failure bound).
"""

EPILOG = """\
ranges: --n, --r, --d take an integer (4), an inclusive range (2..6) or a comma list (2,4,6).
exit status: 0 all checks hold; 1 a check failed; 2 bad input; 130 interrupted.
examples:
  python -m verify
  python -m verify witness --n 3 --r 4 --d 2..16 --json
  python -m verify lemma --n 2..5 --r 2..6 --method automaton
  python -m verify theorem --n 2..40 --r 2..40
  python -m verify generic --n 3 --r 3 --d 2..12 --cores equal --draws 2
  python -m verify certify --n 2 --r 3 --d 8 --out cert.json && python -m verify check cert.json
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def parse_int_set(text: str, name: str = "value", minimum: int | None = None) -> list[int]:
    """Parse ``"4"``, ``"2..6"`` (inclusive) or ``"2,4,6"`` into a sorted list of integers.

    Examples
    --------
    >>> parse_int_set("2..5"), parse_int_set("2,4,4,6"), parse_int_set("3")
    ([2, 3, 4, 5], [2, 4, 6], [3])
    """
    values: set[int] = set()
    for part in str(text).split(","):
        part = part.strip()
        m = re.fullmatch(r"(-?\d+)\.\.(-?\d+)", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > b:
                raise BadParameterError(f"--{name}: empty range {part!r} (need a <= b)")
            values.update(range(a, b + 1))
        elif re.fullmatch(r"-?\d+", part):
            values.add(int(part))
        else:
            raise BadParameterError(f"--{name}: {text!r} is not an integer, a range a..b, or a comma list")
    if minimum is not None and min(values) < minimum:
        raise BadParameterError(f"--{name} must be >= {minimum}, got {min(values)}")
    return sorted(values)


def _bytes(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)i?[bB]?\s*", text)
    if not m:
        raise BadParameterError(f"--memory-budget: {text!r} is not a size such as 2G, 512M or 1000000")
    scale = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[m.group(2).lower()]
    value = int(float(m.group(1)) * scale)
    if value <= 0:
        raise BadParameterError(f"--memory-budget must be positive, got {text!r}")
    return value


def _common(p: argparse.ArgumentParser, n: str, r: str, d: str) -> None:
    p.add_argument("--n", default=n, help=f"mode sizes (default {n})")
    p.add_argument("--r", default=r, help=f"TT-ranks (default {r})")
    p.add_argument("--d", default=d, help=f"numbers of modes (default {d})")
    p.add_argument("--json", action="store_true", help="print one JSON object per line instead of a table")
    p.add_argument("--memory-budget", default="2G", help="refuse tensors larger than this (default 2G)")
    p.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always draw the progress bar"
    )
    p.add_argument("--no-progress", dest="progress", action="store_false", help="never draw the progress bar")


def _backend_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", choices=BACKENDS, default="flint", help="rank backend (default flint)")
    p.add_argument(
        "--prime", type=int, default=DEFAULT_PRIME, help=f"prime for modular ranks (default {DEFAULT_PRIME})"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m verify",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="the default verification run (also: no command)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(run, "1..5", "1..6", "2,4,6,8,10")
    _backend_args(run)
    run.add_argument("--cores", choices=["equal", "different", "both"], default="both")
    run.add_argument("--out", default="results/verify", help="folder for the JSON results (default results/verify)")

    w = sub.add_parser("witness", help="identity block and full-matricization rank of the witness")
    _common(w, "2..5", "2..6", "2,4,6,8")
    _backend_args(w)
    w.add_argument("--cores", choices=["equal", "different"], default="equal")
    w.add_argument("--no-rank", action="store_true", help="check the identity block only (no dense matrix)")
    w.add_argument(
        "--odd-witness",
        action="store_true",
        help="for odd d use the odd-d extension of the witness (bound q^((d-1)/2))",
    )

    lm = sub.add_parser("lemma", help="the index lemma: bruteforce, paths, automaton (all d)")
    _common(lm, "2..5", "2..6", "2,4,6,8")
    lm.add_argument("--cores", choices=["equal", "different"], default="equal")
    lm.add_argument("--method", choices=["all", "bruteforce", "paths", "automaton"], default="all")

    g = sub.add_parser("generic", help="certified generic rank at random integer points")
    _common(g, "2", "3", "2..10")
    g.add_argument("--cores", choices=["equal", "different", "both"], default="equal")
    g.add_argument("--draws", type=int, default=1, help="random points per case (default 1)")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--prime", type=int, default=DEFAULT_PRIME, help="a prime below 2**31")
    g.add_argument("--partition", default="oddeven", help="oddeven, half, or 0-based row modes '0,1,4'")
    g.add_argument("--out", default=None, help="also write the records as CSV (.csv) or markdown (.md)")
    g.add_argument(
        "--max-work",
        type=float,
        default=float(4096**3),
        help="skip cases whose elimination would cost more than this many operations: N^3 for a dense "
        "N x N matrix, N K^2 when the upper bound K < N lets the two cut factors be used (default 4096^3)",
    )

    f = sub.add_parser("figure", help="the seed's figure: certified rank vs q^(d/2) and the upper bound")
    _common(f, "2", "3", "2..16")
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--prime", type=int, default=DEFAULT_PRIME)
    f.add_argument("--out", required=True, help="output image (.png, .pdf, .svg)")

    th = sub.add_parser(
        "theorem",
        help="the generic-rank theorem: per (n, r) the witness, its finite checks, the formula for all d",
    )
    _common(th, "2..12", "2..12", "2,4,6,8,10,12,14,16,18,20")
    th.add_argument(
        "--prime", type=int, default=DEFAULT_PRIME, help=f"prime for modular ranks (default {DEFAULT_PRIME})"
    )
    th.add_argument(
        "--cross-check",
        type=int,
        default=0,
        metavar="SIDE",
        help="also compute the exact rank of each witness's matricization where its side is <= SIDE (default 0: off)",
    )
    th.add_argument(
        "--partitions",
        action="store_true",
        help="also bound every matricization (all partitions, d <= 14) and check that odd/even attains the maximum",
    )

    c = sub.add_parser("certify", help="write a re-checkable rank certificate (JSON)")
    c.add_argument("--n", type=int, required=True)
    c.add_argument("--r", type=int, required=True)
    c.add_argument("--d", type=int, required=True)
    c.add_argument("--cores", choices=["equal", "different"], default="equal")
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--prime", type=int, default=DEFAULT_PRIME)
    c.add_argument("--partition", default="oddeven")
    c.add_argument("--memory-budget", default="2G")
    c.add_argument("--out", required=True, help="certificate file to write")

    k = sub.add_parser("check", help="re-check a certificate from its cores alone")
    k.add_argument("certificate", help="certificate JSON file")
    return parser


# --- output ---------------------------------------------------------------------------------

_TABLE = {
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
    ],
    "lemma": ["cores", "method", "n", "r", "d", "q", "checked", "covers", "status"],
    "generic": ["cores", "n", "r", "d", "lower", "upper", "exact", "theorem_bound", "khrulkov_bound", "seconds"],
    "theorem": ["n", "r", "regime", "witness_even", "witness_odd", "checks_held", "proved_all_d", "formula_last"],
    "partitions": ["n", "r", "d", "partitions", "maximum", "oddeven", "oddeven_attains", "passed"],
}


class _Sink:
    """Prints records (table rows or JSON lines) and appends them to files as they come."""

    def __init__(self, as_json: bool, out_dir: Path | None = None) -> None:
        self.as_json, self.out_dir = as_json, out_dir
        self.headers: set[str] = set()
        self.records: list[dict[str, Any]] = []
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            for f in out_dir.glob("*.jsonl"):
                f.unlink()

    def __call__(self, rec: dict[str, Any]) -> None:
        self.records.append(rec)
        if self.out_dir is not None:
            with open(self.out_dir / f"{rec['check']}.jsonl", "a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec) + "\n")
        if self.as_json:
            print(json.dumps(rec), flush=True)
            return
        cols = _TABLE[rec["check"]]
        if rec["check"] == "theorem":
            last = max(rec["formula"], key=int) if rec["formula"] else None
            rec = rec | {
                "witness_even": rec["witness"]["even"],
                "witness_odd": rec["witness"]["odd"],
                "checks_held": f"{sum(c['passed'] for c in rec['checks'])}/{len(rec['checks'])}",
                "formula_last": None if last is None else f"d={last}: {rec['formula'][last]}",
            }
        if rec["check"] not in self.headers:
            self.headers.add(rec["check"])
            print("  ".join(f"{c:>{_w(c)}}" for c in cols))
        print("  ".join(f"{_fmt(rec.get(c)):>{_w(c)}}" for c in cols), flush=True)


def _w(col: str) -> int:
    widths = {"identity_block": 8, "covers": 26, "rank_kind": 9, "status": 14, "method": 10, "regime": 11}
    return widths.get(col, {"witness_even": 26, "witness_odd": 38, "formula_last": 22}.get(col, max(5, len(col))))


def _fmt(v: Any) -> str:
    return "-" if v is None else (("yes" if v else "NO") if isinstance(v, bool) else str(v))


def _failed(records: Iterable[dict[str, Any]]) -> bool:
    return any(rec.get("passed") is False for rec in records)


# --- commands -------------------------------------------------------------------------------


def _grid(args: argparse.Namespace) -> tuple[list[int], list[int], list[int]]:
    return (parse_int_set(args.n, "n", 1), parse_int_set(args.r, "r", 1), parse_int_set(args.d, "d", 2))


def _cores_list(value: str) -> list[CoreMode]:
    return ["equal", "different"] if value == "both" else [cast(CoreMode, value)]


def _lemma_jobs(ns: list[int], rs: list[int], ds: list[int], cores: list[CoreMode], method: str) -> list[tuple]:
    from .checks import bruteforce_fits

    jobs: list[tuple] = []
    for c in cores:
        for n in ns:
            for r in rs:
                if method in ("all", "automaton"):
                    jobs.append((n, r, None, "automaton", c))
                for d in ds:
                    if method in ("all", "paths"):
                        jobs.append((n, r, d, "paths", c))
                    if method == "bruteforce" or (method == "all" and bruteforce_fits(n, r, d, c)):
                        jobs.append((n, r, d, "bruteforce", c))
    return jobs


def _cmd_run(args: argparse.Namespace) -> int:
    from .checks import lemma_record, witness_record

    ns, rs, ds = _grid(args)
    cores = _cores_list(args.cores)
    out = Path(args.out)
    sink = _Sink(args.json, out)
    t0 = time.perf_counter()
    wjobs = [(n, r, d, c) for c in cores for n in ns for r in rs for d in ds]
    for n, r, d, c in progress(wjobs, len(wjobs), "witness", args.progress):
        sink(witness_record(n, r, d, c, backend=args.backend, prime=args.prime))
    ljobs = _lemma_jobs(ns, rs, ds, cores, "all")
    for n, r, d, m, c in progress(ljobs, len(ljobs), "lemma", args.progress):
        sink(lemma_record(n, r, d, m, c))
    failed = _failed(sink.records)
    summary = {
        "checks": len(sink.records),
        "failed": sum(rec.get("passed") is False for rec in sink.records),
        "not_applicable": sum(rec.get("passed") is None for rec in sink.records),
        "vacuous": sum(rec.get("status") == "vacuous" for rec in sink.records),
        "grid": {"n": ns, "r": rs, "d": ds, "cores": cores},
        "seconds": round(time.perf_counter() - t0, 2),
        "passed": not failed,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if not args.json:
        print(
            f"\n{summary['checks']} checks, {summary['failed']} failed, {summary['vacuous']} vacuous, "
            f"{summary['not_applicable']} not applicable, {summary['seconds']} s; results in {out}/"
        )
        print("ALL CHECKS HOLD" if not failed else "SOME CHECK FAILED")
    return 1 if failed else 0


def _cmd_witness(args: argparse.Namespace) -> int:
    from .checks import witness_record

    ns, rs, ds = _grid(args)
    sink = _Sink(args.json)
    jobs = [(n, r, d) for n in ns for r in rs for d in ds]
    for n, r, d in progress(jobs, len(jobs), "witness", args.progress):
        sink(
            witness_record(
                n,
                r,
                d,
                args.cores,
                backend=args.backend,
                prime=args.prime,
                full_rank=not args.no_rank,
                odd_witness=args.odd_witness,
            )
        )
    return 1 if _failed(sink.records) else 0


def _cmd_lemma(args: argparse.Namespace) -> int:
    from .checks import lemma_record

    ns, rs, ds = _grid(args)
    sink = _Sink(args.json)
    jobs = _lemma_jobs(ns, rs, ds, _cores_list(args.cores), args.method)
    for n, r, d, m, c in progress(jobs, len(jobs), "lemma", args.progress):
        sink(lemma_record(n, r, d, m, c))
    return 1 if _failed(sink.records) else 0


def _cmd_generic(args: argparse.Namespace) -> int:
    from .bounds import mincut_bound
    from .generic import generic_rank, partition_modes

    ns, rs, ds = _grid(args)
    sink = _Sink(args.json)
    jobs = [(n, r, d, c) for c in _cores_list(args.cores) for n in ns for r in rs for d in ds]
    for n, r, d, c in progress(jobs, len(jobs), "generic", args.progress):
        rows, cols = partition_modes(d, args.partition)
        side = max(n ** len(rows), n ** len(cols))
        upper = mincut_bound([n] * d, [r] * (d - 1), rows)[0]
        work = side * upper**2 if upper < n ** min(len(rows), len(cols)) else side**3
        if work > args.max_work:
            skip = f"skipped: about {work:.1e} operations (side {side}, upper bound {upper}) > --max-work"
            sink({"check": "generic", "n": n, "r": r, "d": d, "cores": c, "passed": None, "status": skip})
            continue
        rec = generic_rank(n, r, d, c, draws=args.draws, seed=args.seed, prime=args.prime, partition=args.partition)
        rec["passed"] = None if rec["theorem_bound"] is None else rec["lower"] >= rec["theorem_bound"]
        sink(rec)
    if args.out:
        from .report import write_table

        write_table(sink.records, args.out)
    return 1 if _failed(sink.records) else 0


def _cmd_theorem(args: argparse.Namespace) -> int:
    from .theorem import partition_maximum, theorem_record

    ns, rs, ds = _grid(args)
    if args.partitions and max(ds) > 14:
        raise BadParameterError(f"--partitions enumerates 2^(d-1) partitions: use d <= 14, got {max(ds)}")
    if args.cross_check < 0:
        raise BadParameterError(f"--cross-check must be >= 0, got {args.cross_check}")
    sink = _Sink(args.json)
    jobs = [(n, r) for n in ns for r in rs]
    for n, r in progress(jobs, len(jobs), "theorem", args.progress):
        sink(theorem_record(n, r, ds, prime=args.prime, cross_check_side=args.cross_check))
        if args.partitions:
            for d in ds:
                sink(partition_maximum(n, r, d))
    return 1 if _failed(sink.records) else 0


def _cmd_figure(args: argparse.Namespace) -> int:
    from .report import figure

    ns, rs, ds = _grid(args)
    if len(ns) != 1 or len(rs) != 1:
        raise BadParameterError("figure takes one --n and one --r (a range of --d)")
    figure(ns[0], rs[0], ds, args.out, seed=args.seed, prime=args.prime, show_progress=args.progress)
    print(f"wrote {args.out}")
    return 0


def _cmd_certify(args: argparse.Namespace) -> int:
    from .certificate import make_certificate

    set_memory_budget(_bytes(args.memory_budget))
    cert = make_certificate(
        args.n, args.r, args.d, args.cores, seed=args.seed, prime=args.prime, partition=args.partition
    )
    Path(args.out).write_text(json.dumps(cert) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: rank >= {cert['rank']} certified by a {cert['rank']}x{cert['rank']} minor "
        f"nonsingular mod {cert['prime']}"
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .certificate import check_certificate, load_certificate

    res = check_certificate(load_certificate(args.certificate))
    print(
        f"certificate holds: the matricization (rows: modes {res['row_modes']}) of the tensor with these "
        f"integer cores has rank >= {res['rank']} over Q (a {res['rank']}x{res['rank']} minor is nonzero "
        f"mod {res['prime']})"
    )
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": _cmd_run,
    "witness": _cmd_witness,
    "lemma": _cmd_lemma,
    "generic": _cmd_generic,
    "theorem": _cmd_theorem,
    "figure": _cmd_figure,
    "certify": _cmd_certify,
    "check": _cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m verify``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0].startswith("--") and argv[0] not in ("--help",):
        argv = ["run", *argv]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["run"])
    try:
        if hasattr(args, "memory_budget") and args.command != "certify":
            set_memory_budget(_bytes(args.memory_budget))
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        sys.stderr.write("verify: interrupted; records written so far are kept\n")
        return 130
    except (VerifyError, TypeError) as e:
        sys.stderr.write(f"verify: error: {str(e).splitlines()[0] if str(e) else type(e).__name__}\n")
        return 2
    except BrokenPipeError:
        return 0
