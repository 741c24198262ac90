"""``python -m verify``: a thin command line over :mod:`verify.checks`, :mod:`verify.generic`,
:mod:`verify.theorem` and :mod:`verify.certificate`; every grid runs through
:mod:`verify.campaign` (serial, ``--jobs N`` processes, or ``--scheduler`` a Dask cluster; resume
with ``--out``).

Exit status: 0 every check holds; 1 a check failed (a proven failure); 2 bad input (one line on
stderr, never a traceback); 3 incomplete — some result is inconclusive or was skipped, nothing
failed; 130 interrupted (records written so far are kept); 141 the output pipe was closed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from . import _INTERRUPTED
from ._types import CoreMode
from .campaign import Case, Store, check_jobs, run_cases
from .errors import BadParameterError, VerifyError
from .rank import BACKENDS, DEFAULT_PRIME, FLOAT_PRIME, _check_prime
from .tt import DEFAULT_MAX_WORK, as_work, set_memory_budget

__all__ = ["EXIT", "main", "parse_int_set"]

#: The exit codes (README documents them).
EXIT = {"ok": 0, "failed": 1, "bad input": 2, "incomplete": 3, "interrupted": 130, "broken pipe": 141}

#: Hard caps on the command line: refused before anything is computed.
MAX_VALUES = 10_000  # values in one --n/--r/--d set
MAX_CASES = 200_000  # cases in one grid
MAX_N = MAX_R = 4096
MAX_D = 1000

DESCRIPTION = """\
Exact checks of the theorem "almost every TT tensor with equal internal cores has CP-rank
>= q^(d/2), q = min(n, r-1)" (Hypothesis 1 of Khrulkov-Novikov-Oseledets, proved in the seed
report) and of the project's generic-rank theorem: the odd/even matricization of a generic
equal-core (or different-core) TT tensor has rank min(n^k, r n^(k-1), r^(2k-1)) for d = 2k and
min(n, r^2)^k for d = 2k+1 (command: theorem).

With no command, runs the default verification: the witness (identity block and the rank of
the full odd/even matricization) and the index lemma (brute force, nonzero paths, and the
automaton induction that covers every d) for n = 1..5, r = 1..6, even d = 2..10, equal and
different cores; prints a table, writes JSON lines under --out, exits 0 iff everything holds.
An interrupted default run resumes where it stopped (--fresh starts over).

Ranks say what kind of truth they are: exact (over Q), modular (rank mod p, a lower bound
of the rank over Q), or probabilistic (with a stated failure bound).
"""

EPILOG = """\
ranges: --n, --r, --d take an integer (4), an inclusive range (2..6) or a comma list (2,4,6).
at scale: --jobs N runs N local worker processes (auto: one per core); --scheduler tcp://HOST:8786
  uses a running Dask cluster; with --out FILE.jsonl a rerun skips the cases already in FILE.
exit status: 0 all checks hold; 1 a check failed; 2 bad input; 3 incomplete (inconclusive or
  skipped results, nothing failed); 130 interrupted; 141 output pipe closed.
examples:
  python -m verify
  python -m verify witness --n 3 --r 4 --d 2..16 --json
  python -m verify lemma --n 2..5 --r 2..6 --method automaton
  python -m verify theorem --n 2..40 --r 2..40
  python -m verify generic --n 2..5 --r 2..6 --d 2..12 --cores both --jobs 2 --out g.jsonl
  python -m verify certify --n 2 --r 3 --d 8 --out cert.json && python -m verify check cert.json
"""


def one_line(text: object) -> str:
    """``text`` with every non-printable character escaped, so a message is one line.

    >>> one_line("bad value '\\n'\\n")
    "bad value '\\\\n'\\\\n"
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))


def _say(message: str) -> None:
    """Write one line to stderr (arguments and file names may hold newlines: they are escaped)."""
    sys.stderr.write(one_line(message) + "\n")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        _say(f"{self.prog}: error: {message}")
        raise SystemExit(2)


def parse_int_set(text: str, name: str = "value", minimum: int | None = None, maximum: int | None = None) -> list[int]:
    """Parse ``"4"``, ``"2..6"`` (inclusive) or ``"2,4,6"`` into a sorted list of integers.

    At most :data:`MAX_VALUES` values, each within ``[minimum, maximum]``, checked before any list
    is built.

    Examples
    --------
    >>> parse_int_set("2..5"), parse_int_set("2,4,4,6"), parse_int_set("3")
    ([2, 3, 4, 5], [2, 4, 6], [3])
    """
    parts = [part.strip() for part in str(text).split(",")]
    spans: list[tuple[int, int]] = []
    for part in parts:
        m = re.fullmatch(r"(-?[0-9]{1,18})\.\.(-?[0-9]{1,18})", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > b:
                raise BadParameterError(f"--{name}: empty range {part!r} (need a <= b)")
            spans.append((a, b))
        elif re.fullmatch(r"-?[0-9]{1,18}", part):
            spans.append((int(part), int(part)))
        else:
            raise BadParameterError(f"--{name}: {text!r:.80} is not an integer, a range a..b, or a comma list")
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    if minimum is not None and lo < minimum:
        raise BadParameterError(f"--{name} must be >= {minimum}, got {lo}")
    if maximum is not None and hi > maximum:
        raise BadParameterError(f"--{name} must be <= {maximum}, got {hi}")
    if sum(b - a + 1 for a, b in spans) > MAX_VALUES:
        raise BadParameterError(f"--{name}: more than {MAX_VALUES} values; split the grid")
    return sorted({v for a, b in spans for v in range(a, b + 1)})


def _bytes(text: str) -> int:
    m = re.fullmatch(r"\s*([0-9]{1,15}(?:\.[0-9]{1,6})?)\s*([kKmMgGtT]?)i?[bB]?\s*", text)
    if not m:
        raise BadParameterError(f"--memory-budget: {text!r:.40} is not a size such as 2G, 512M or 1000000")
    scale = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[m.group(2).lower()]
    value = int(float(m.group(1)) * scale)
    if value <= 0:
        raise BadParameterError(f"--memory-budget must be positive, got {text!r}")
    return value


def _ascii_int(text: str) -> int:
    """An integer written with ASCII digits (``int()`` would also take other scripts' digits)."""
    if not re.fullmatch(r"\s*[+-]?[0-9]{1,40}\s*", text):
        raise argparse.ArgumentTypeError(f"{text!r:.40} is not an integer")
    return int(text)


def _seed(text: str) -> int:
    v = _ascii_int(text)
    if not 0 <= v < 2**63:
        raise argparse.ArgumentTypeError(f"must be between 0 and 2**63 - 1, got {text:.40}")
    return v


def _positive_int(text: str) -> int:
    v = _ascii_int(text)
    if v < 1 or v > 10**6:
        raise argparse.ArgumentTypeError(f"must be between 1 and 1000000, got {text:.40}")
    return v


def _int_arg(text: str) -> int:
    return _ascii_int(text)


def _grid_args(p: argparse.ArgumentParser, n: str, r: str, d: str) -> None:
    p.add_argument("--n", default=n, help=f"mode sizes n (default {n})")
    p.add_argument("--r", default=r, help=f"TT-ranks r (default {r})")
    p.add_argument("--d", default=d, help=f"numbers of modes d (default {d})")
    _run_args(p)


def _run_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object per line instead of a table")
    p.add_argument(
        "--memory-budget", default="2G", help="refuse any tensor or matrix larger than this, per worker (default 2G)"
    )
    p.add_argument("--jobs", default="1", help="worker processes: an integer or 'auto' (one per core); default 1")
    p.add_argument("--scheduler", default=None, help="address of a running Dask scheduler (tcp://HOST:8786)")
    p.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always draw the progress bar"
    )
    p.add_argument("--no-progress", dest="progress", action="store_false", help="never draw the progress bar")


def _prime_arg(p: argparse.ArgumentParser, note: str = "") -> None:
    p.add_argument(
        "--prime",
        type=_int_arg,
        default=None,
        help=f"prime for modular ranks{note} (default: {DEFAULT_PRIME} with flint, {FLOAT_PRIME} with blas/torch/auto)",
    )


def _backend_args(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument(
        "--backend",
        choices=["auto", *BACKENDS],
        default=default,
        help=f"rank backend (default {default}; auto: flint for small matrices, blas for large ones, torch on CUDA)",
    )
    p.add_argument("--device", default=None, help="torch backend: cpu or cuda (default: cuda when available)")


def _prime(args: argparse.Namespace, limit: int | None = None) -> int:
    """The prime a command uses: --prime, or the one its backend works best with."""
    from .rank import default_prime

    p = _check_prime(default_prime(getattr(args, "backend", "flint")) if args.prime is None else args.prime)
    if limit is not None and p >= limit:
        raise BadParameterError(f"this command uses primes below {limit}, got {p}")
    return p


def _work(text: str) -> float:
    if not re.fullmatch(r"\s*[+-]?[0-9.]{1,40}(?:[eE][+-]?[0-9]{1,4})?\s*", text):
        raise argparse.ArgumentTypeError(f"{text!r:.40} is not a number")
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r:.40} is not a number") from None
    if not v > 0 or v == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text:.40}")
    return v


def _max_work_arg(p: argparse.ArgumentParser, text: str | None = None) -> None:
    p.add_argument(
        "--max-work",
        type=_work,
        default=DEFAULT_MAX_WORK,
        help=text or "skip any rank that would cost more than this many operations, N^3 for N x N (default 4096^3)",
    )


def _cores_arg(p: argparse.ArgumentParser, both: bool, default: str) -> None:
    choices = ["equal", "different", "both"] if both else ["equal", "different"]
    p.add_argument(
        "--cores",
        choices=choices,
        default=default,
        help="equal internal cores (an RNN with shared weights), different ones" + (", or both" if both else ""),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m verify",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    run = sub.add_parser("run", help="the default verification run (also: no command)")
    _grid_args(run, "1..5", "1..6", "2,4,6,8,10")
    _backend_args(run, "flint")
    _prime_arg(run)
    _cores_arg(run, True, "both")
    run.add_argument("--out", default="results/verify", help="folder for the JSON results (default results/verify)")
    run.add_argument("--fresh", action="store_true", help="start over even if the last run was interrupted")
    _max_work_arg(run)

    w = sub.add_parser("witness", help="identity block and full-matricization rank of the witness")
    _grid_args(w, "2..5", "2..6", "2,4,6,8")
    _backend_args(w, "flint")
    _prime_arg(w)
    _cores_arg(w, False, "equal")
    w.add_argument("--no-rank", action="store_true", help="check the identity block only (no dense matrix)")
    w.add_argument(
        "--odd-witness",
        action="store_true",
        help="for odd d use the odd-d extension of the witness (bound q^((d-1)/2))",
    )
    _max_work_arg(w)
    w.add_argument("--out", default=None, help="also append the records to this JSON Lines file (resumable)")

    lm = sub.add_parser("lemma", help="the index lemma: bruteforce, paths, automaton (all d)")
    _grid_args(lm, "2..5", "2..6", "2,4,6,8")
    _cores_arg(lm, False, "equal")
    lm.add_argument("--method", choices=["all", "bruteforce", "paths", "automaton"], default="all")
    lm.add_argument("--out", default=None, help="also append the records to this JSON Lines file (resumable)")

    g = sub.add_parser("generic", help="certified generic rank at random integer points")
    _grid_args(g, "2", "3", "2..10")
    _cores_arg(g, True, "equal")
    g.add_argument("--draws", type=_positive_int, default=1, help="random points per case (default 1)")
    g.add_argument("--seed", type=_seed, default=0, help="seed of the random points (default 0)")
    _backend_args(g, "auto")
    _prime_arg(g, ", below 2**31")
    g.add_argument("--partition", default="oddeven", help="oddeven, half, or 0-based row modes '0,1,4'")
    g.add_argument(
        "--out",
        default=None,
        help="write the records: .jsonl (appended as they come; a rerun skips the cases already there), "
        ".csv or .md (a table at the end)",
    )
    _max_work_arg(
        g,
        "skip cases whose elimination would cost more than this many operations: N^3 for a dense "
        "N x N matrix, N K^2 when the upper bound K < N lets the two cut factors be used (default 4096^3)",
    )

    th = sub.add_parser(
        "theorem",
        help="the generic-rank theorem: per (n, r) the witness, its finite checks, the formula for all d",
    )
    _grid_args(th, "2..12", "2..12", "2,4,6,8,10,12,14,16,18,20")
    _prime_arg(th)
    th.add_argument(
        "--cross-check",
        type=_int_arg,
        default=0,
        metavar="SIDE",
        help="also compute the exact rank of each witness's matricization where its side is <= SIDE (default 0: off)",
    )
    th.add_argument(
        "--partitions",
        action="store_true",
        help="also bound every matricization (all partitions, d <= 14) and check that odd/even attains the maximum",
    )
    th.add_argument("--out", default=None, help="also append the records to this JSON Lines file (resumable)")

    f = sub.add_parser("figure", help="the seed's figure: certified rank vs q^(d/2) and the upper bound")
    f.add_argument("--n", default="2", help="one mode size (default 2)")
    f.add_argument("--r", default="3", help="one TT-rank (default 3)")
    f.add_argument("--d", default="2..16", help="numbers of modes (default 2..16)")
    f.add_argument("--seed", type=_seed, default=0, help="seed of the random points (default 0)")
    _prime_arg(f, ", below 2**31")
    f.add_argument("--memory-budget", default="2G", help="refuse any tensor or matrix larger than this (default 2G)")
    f.add_argument("--progress", dest="progress", action="store_true", default=None, help="draw the progress bar")
    f.add_argument("--no-progress", dest="progress", action="store_false", help="never draw the progress bar")
    _max_work_arg(f)
    f.add_argument("--out", required=True, help="output image (.png, .pdf, .svg)")

    c = sub.add_parser("certify", help="write re-checkable rank certificates (JSON)")
    c.add_argument("--n", required=True, help="mode size(s): an integer, a range a..b or a list")
    c.add_argument("--r", required=True, help="TT-rank(s)")
    c.add_argument("--d", required=True, help="number(s) of modes")
    _cores_arg(c, True, "equal")
    c.add_argument("--seed", type=_seed, default=0, help="seed of the random integer point (default 0)")
    _backend_args(c, "auto")
    _prime_arg(c, ", below 2**31")
    c.add_argument("--partition", default="oddeven", help="oddeven, half, or 0-based row modes '0,1,4'")
    c.add_argument(
        "--method",
        choices=["auto", "minor", "cut"],
        default="auto",
        help="minor: one nonsingular minor of the matricization; cut: a minor of each run of cores of the "
        "optimal cut (ranks far beyond a minor's size); auto (default): the cut where it is cheaper",
    )
    c.add_argument(
        "--out",
        required=True,
        help="the certificate file (one case), or a folder for a grid: one certificate per case plus "
        "certify.jsonl (a rerun skips the cases already there)",
    )
    _max_work_arg(c)
    _run_args(c)

    fm = sub.add_parser("formal", help="build the Coq proofs in formal/ and report each theorem (needs coqc)")
    fm.add_argument("--dir", default=None, help="the Coq development (default: the repository's formal/)")
    fm.add_argument("--json", action="store_true", help="print the report as one JSON object")

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
    ],
    "theorem": ["n", "r", "regime", "witness_even", "witness_odd", "checks_held", "proved_all_d", "formula_last"],
    "partitions": ["n", "r", "d", "partitions", "maximum", "oddeven", "oddeven_attains", "passed"],
    "certificate": ["cores", "n", "r", "d", "rank", "method", "prime", "path", "status"],
}


class _Sink:
    """Prints records as table rows or JSON lines, clearing the progress bar first."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.headers: set[str] = set()

    def _print(self, line: str) -> None:
        from tqdm import tqdm

        tqdm.write(line, file=sys.stdout)
        sys.stdout.flush()

    def __call__(self, rec: dict[str, Any]) -> None:
        if self.as_json:
            self._print(json.dumps(rec))
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
            self._print("  ".join(f"{c:>{_w(c)}}" for c in cols))
        self._print("  ".join(f"{_fmt(rec.get(c)):>{_w(c)}}" for c in cols))


def _w(col: str) -> int:
    widths = {"identity_block": 8, "covers": 26, "rank_kind": 9, "status": 14, "method": 10, "regime": 11}
    return widths.get(col, {"witness_even": 26, "witness_odd": 38, "formula_last": 22}.get(col, max(5, len(col))))


def _fmt(v: Any) -> str:
    return "-" if v is None else (("yes" if v else "NO") if isinstance(v, bool) else str(v))


def exit_status(records: Sequence[dict[str, Any]]) -> int:
    """0 all hold; 1 some check failed; 3 some result inconclusive or skipped (none failed)."""
    if any(rec.get("passed") is False for rec in records):
        return EXIT["failed"]
    incomplete = ("inconclusive", "skipped")
    if any(str(rec.get("status", "")).startswith(incomplete) for rec in records):
        return EXIT["incomplete"]
    return EXIT["ok"]


# --- commands -------------------------------------------------------------------------------


def _grid(args: argparse.Namespace) -> tuple[list[int], list[int], list[int]]:
    ns = parse_int_set(args.n, "n", 1, MAX_N)
    rs = parse_int_set(args.r, "r", 1, MAX_R)
    ds = parse_int_set(args.d, "d", 2, MAX_D)
    return ns, rs, ds


def _cores_list(value: str) -> list[CoreMode]:
    return ["equal", "different"] if value == "both" else [cast(CoreMode, value)]


def _jsonl_store(path: str | None) -> Store | None:
    if path is None:
        return None
    if not path.endswith(".jsonl"):
        raise BadParameterError(f"--out must name a JSON Lines file ending in .jsonl, got {path!r:.80}")
    return Store(path)


def _execute(args: argparse.Namespace, cases: list[Case], desc: str, store: Store | None, sink: _Sink) -> list[dict]:
    if len(cases) > MAX_CASES:
        raise BadParameterError(f"the grid has {len(cases)} cases, more than {MAX_CASES}; split it")
    report = run_cases(
        cases,
        emit=sink,
        store=store,
        jobs=check_jobs(args.jobs),
        scheduler=args.scheduler,
        budget=_bytes(args.memory_budget),
        desc=desc,
        show_progress=args.progress,
    )
    if store is not None and report.reused:
        _say(f"verify: resumed {store.path}: {report.reused} cases reused, {report.computed} computed")
    return report.records


def _witness_cases(args: argparse.Namespace, cores: list[CoreMode], full_rank: bool, odd: bool) -> list[Case]:
    ns, rs, ds = _grid(args)
    prime = _prime(args)
    return [
        Case(
            "verify.checks:witness_record",
            {
                "n": n,
                "r": r,
                "d": d,
                "cores": c,
                "backend": args.backend,
                "prime": prime,
                "full_rank": full_rank,
                "odd_witness": odd,
                "max_work": args.max_work,
            },
            work=as_work(n**d),
        )
        for c in cores
        for n in ns
        for r in rs
        for d in ds
    ]


def _lemma_cases(ns: list[int], rs: list[int], ds: list[int], cores: list[CoreMode], method: str) -> list[Case]:
    from .checks import bruteforce_fits

    out: list[Case] = []
    for c in cores:
        for n in ns:
            for r in rs:
                if method in ("all", "automaton"):
                    out.append(
                        Case(
                            "verify.checks:lemma_record", {"n": n, "r": r, "d": None, "method": "automaton", "cores": c}
                        )
                    )
                for d in ds:
                    kw = {"n": n, "r": r, "d": d, "cores": c}
                    if method in ("all", "paths"):
                        out.append(
                            Case("verify.checks:lemma_record", kw | {"method": "paths"}, work=as_work(n ** (d // 2)))
                        )
                    if method == "bruteforce" or (method == "all" and bruteforce_fits(n, r, d, c)):
                        out.append(Case("verify.checks:lemma_record", kw | {"method": "bruteforce"}))
    return out


def _cmd_run(args: argparse.Namespace) -> int:
    ns, rs, ds = _grid(args)
    cores = _cores_list(args.cores)
    out = Path(args.out)
    store = Store(out, folder=True)
    summary_path = out / "summary.json"
    if args.fresh or _was_complete(summary_path):
        store.clear()
    if summary_path.exists():
        summary_path.unlink()  # written again only when this run ends
    cases = _witness_cases(args, cores, True, False) + _lemma_cases(ns, rs, ds, cores, "all")
    sink = _Sink(args.json)
    t0 = time.perf_counter()
    records: list[dict[str, Any]] = []
    complete = False
    try:
        records = _execute(args, cases, "verify", store, sink)
        complete = True
    finally:
        if not complete:
            records = list(Store(out, folder=True).load().values())
        summary = {
            "complete": complete,
            "checks": len(records),
            "of": len(cases),
            "failed": sum(rec.get("passed") is False for rec in records),
            "not_applicable": sum(rec.get("status") == "not applicable" for rec in records),
            "vacuous": sum(rec.get("status") == "vacuous" for rec in records),
            "grid": {"n": ns, "r": rs, "d": ds, "cores": cores},
            "seconds": round(time.perf_counter() - t0, 2),
            "passed": complete and exit_status(records) == 0,
        }
        summary_path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    status = exit_status(records)
    if not args.json:
        sink._print(
            f"\n{summary['checks']} checks, {summary['failed']} failed, {summary['vacuous']} vacuous, "
            f"{summary['not_applicable']} not applicable, {summary['seconds']} s; results in {out}/"
        )
        sink._print("ALL CHECKS HOLD" if status == 0 else "SOME CHECK FAILED" if status == 1 else "INCOMPLETE")
    return status


def _was_complete(summary: Path) -> bool:
    try:
        return bool(json.loads(summary.read_text(encoding="utf-8")).get("complete"))
    except (OSError, ValueError, AttributeError):
        return False


def _cmd_witness(args: argparse.Namespace) -> int:
    store = _jsonl_store(args.out)
    cases = _witness_cases(args, [args.cores], not args.no_rank, args.odd_witness)
    return exit_status(_execute(args, cases, "witness", store, _Sink(args.json)))


def _cmd_lemma(args: argparse.Namespace) -> int:
    store = _jsonl_store(args.out)
    ns, rs, ds = _grid(args)
    cases = _lemma_cases(ns, rs, ds, _cores_list(args.cores), args.method)
    return exit_status(_execute(args, cases, "lemma", store, _Sink(args.json)))


def _cmd_generic(args: argparse.Namespace) -> int:
    from .generic import generic_work, partition_modes

    ns, rs, ds = _grid(args)
    p = _prime(args, 2**31)
    table = None
    store = None
    if args.out is not None:
        suffix = Path(args.out).suffix
        if suffix == ".jsonl":
            store = _jsonl_store(args.out)
        elif suffix in (".csv", ".md"):
            table = Path(args.out)
            _check_writable(table)
        else:
            raise BadParameterError(f"--out must end in .jsonl, .csv or .md, got {args.out!r:.80}")
    for d in ds:
        partition_modes(d, args.partition)  # a bad partition is refused before anything runs
    cases = [
        Case(
            "verify.generic:generic_case",
            {
                "n": n,
                "r": r,
                "d": d,
                "cores": c,
                "draws": args.draws,
                "seed": args.seed,
                "prime": p,
                "partition": args.partition,
                "max_work": args.max_work,
                "backend": args.backend,
                "device": args.device,
            },
            work=min(generic_work(n, r, d, args.partition), args.max_work),
        )
        for c in _cores_list(args.cores)
        for n in ns
        for r in rs
        for d in ds
    ]
    records = _execute(args, cases, "generic", store, _Sink(args.json))
    if table is not None:
        from .report import write_table

        write_table(records, table)
    return exit_status(records)


def _cmd_theorem(args: argparse.Namespace) -> int:
    ns, rs, ds = _grid(args)
    prime = _prime(args)
    if args.partitions and max(ds) > 14:
        raise BadParameterError(f"--partitions enumerates 2^(d-1) partitions: use d <= 14, got {max(ds)}")
    if args.cross_check < 0:
        raise BadParameterError(f"--cross-check must be >= 0, got {args.cross_check}")
    cases: list[Case] = []
    for n in ns:
        for r in rs:
            kw = {"n": n, "r": r, "ds": ds, "prime": prime, "cross_check_side": args.cross_check}
            cases.append(Case("verify.theorem:theorem_record", kw, work=float(r * min(n, r * r)) ** 2))
            if args.partitions:
                cases += [Case("verify.theorem:partition_maximum", {"n": n, "r": r, "d": d}) for d in ds]
    store = _jsonl_store(args.out)
    return exit_status(_execute(args, cases, "theorem", store, _Sink(args.json)))


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise BadParameterError(f"--out {str(path)!r} is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise BadParameterError(f"--out {str(path)!r}: no such directory {str(parent)!r}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise BadParameterError(f"--out {str(path)!r}: not writable")


def _cmd_figure(args: argparse.Namespace) -> int:
    from .report import figure

    ns, rs, ds = _grid(args)
    if len(ns) != 1 or len(rs) != 1:
        raise BadParameterError("figure takes one --n and one --r (a range of --d)")
    if Path(args.out).suffix not in (".png", ".pdf", ".svg"):
        raise BadParameterError(f"--out must end in .png, .pdf or .svg, got {args.out!r:.80}")
    _check_writable(Path(args.out))
    p = _prime(args, 2**31)
    figure(ns[0], rs[0], ds, args.out, seed=args.seed, prime=p, show_progress=args.progress, max_work=args.max_work)
    print(f"wrote {args.out}")
    return 0


def _cmd_certify(args: argparse.Namespace) -> int:
    ns, rs, ds = _grid(args)
    p = _prime(args, 2**31)
    cores = _cores_list(args.cores)
    grid = [(c, n, r, d) for c in cores for n in ns for r in rs for d in ds]
    out = Path(args.out)
    single = len(grid) == 1 and not out.is_dir()
    if single:
        _check_writable(out)
        store = None
    else:
        store = Store(out, folder=True)
    cases = [
        Case(
            "verify.certificate:certify_case",
            {
                "n": n,
                "r": r,
                "d": d,
                "cores": c,
                "seed": args.seed,
                "prime": p,
                "partition": args.partition,
                "path": str(out if single else out / f"cert-{c}-n{n}-r{r}-d{d}.json"),
                "max_work": args.max_work,
                "backend": args.backend,
                "method": args.method,
            },
            work=as_work(n**d),
        )
        for c, n, r, d in grid
    ]
    if single:
        rec = run_cases(cases, budget=_bytes(args.memory_budget), show_progress=False).records[0]
        how = (
            f"a {rec['rank']}x{rec['rank']} minor nonsingular mod {rec['prime']}"
            if rec["method"] == "minor"
            else f"the Kronecker factors of a cut, a minor of each run of cores nonsingular mod {rec['prime']}"
        )
        print(f"wrote {rec['path']}: rank >= {rec['rank']} certified by {how}")
        return 0
    return exit_status(_execute(args, cases, "certify", store, _Sink(args.json)))


def _cmd_formal(args: argparse.Namespace) -> int:
    from .formal import FORMAL_DIR, build_formal

    rep = build_formal(args.dir or FORMAL_DIR)
    if args.json:
        print(json.dumps(rep))
    else:
        for name, status in rep["theorems"].items():
            print(f"{status:>18}  {name}: {rep['statements'][name]}")
        print(f"make: exit {rep['returncode']} in {rep['seconds']} s; {sum(rep['lines'].values())} lines of Coq")
        if rep["admitted_or_axioms_in"]:
            print(f"Admitted/Axiom/Parameter found in: {', '.join(rep['admitted_or_axioms_in'])}")
    return 0 if rep["ok"] else 1


def _cmd_check(args: argparse.Namespace) -> int:
    from .certificate import check_certificate, load_certificate

    res = check_certificate(load_certificate(args.certificate))
    modes = res["row_modes"]
    shown = str(modes) if len(modes) <= 12 else f"[{', '.join(map(str, modes[:6]))}, ..., {modes[-1]}] ({len(modes)})"
    why = (
        f"a {res['rank']}x{res['rank']} minor is nonzero mod {res['prime']}"
        if res["method"] == "minor"
        else f"both factors of the cut have full rank: a minor of each of its {res['runs']} runs of cores, "
        f"at most {res['largest_minor']}x{res['largest_minor']}, is nonzero mod {res['prime']}"
    )
    print(
        f"certificate holds: the matricization (rows: modes {shown}) of the tensor with these "
        f"integer cores has rank >= {res['rank']} over Q ({why})"
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
    "formal": _cmd_formal,
    "check": _cmd_check,
}


def _quiet_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so that the interpreter's final flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:  # pragma: no cover
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m verify``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0].startswith("--") and argv[0] not in ("--help", "-h"):
        argv = ["run", *argv]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["run"])
    for name in ("out", "certificate"):
        if getattr(args, name, None) is not None and not str(getattr(args, name)).strip():
            parser.error(f"--{name}: an empty path")
    try:
        if hasattr(args, "memory_budget"):
            set_memory_budget(_bytes(args.memory_budget))
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        sys.stderr.write(_INTERRUPTED)
        return EXIT["interrupted"]
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT["broken pipe"]
    except (VerifyError, TypeError) as e:
        _say(f"verify: error: {str(e) or type(e).__name__}")
        return EXIT["bad input"]
    except MemoryError:
        sys.stderr.write("verify: error: out of memory; lower the sizes or --memory-budget\n")
        return EXIT["bad input"]
    except OSError as e:
        _say(f"verify: error: {e.strerror or e}{': ' + str(e.filename) if e.filename else ''}")
        return EXIT["bad input"]
