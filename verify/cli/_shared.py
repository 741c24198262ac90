"""What every command of ``python -m verify`` shares: the option parsers and the options they add,
the record sink (a table or JSON lines), the exit status, and the one call into the execution
layer (:mod:`verify.campaign`).  A command module (``verify/cli/<name>.py``) describes its options
and its cases with these, nothing more."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from .._types import CoreMode
from ..campaign import Case, Store, check_jobs, check_scheduler, run_cases
from ..errors import BadParameterError, shown
from ..rank import BACKENDS, DEFAULT_PRIME, FLOAT_PRIME, _check_prime
from ..tt import DEFAULT_MAX_WORK

__all__ = [
    "EXIT",
    "MAX_CASES",
    "MAX_D",
    "MAX_N",
    "MAX_R",
    "MAX_VALUES",
    "Sink",
    "exit_status",
    "one_line",
    "parse_int_set",
    "say",
]

#: The exit codes (docs/commands.md documents them).
EXIT = {"ok": 0, "failed": 1, "bad input": 2, "incomplete": 3, "interrupted": 130, "broken pipe": 141}

#: Hard caps on the command line: refused before anything is computed.
MAX_VALUES = 10_000  # values in one --n/--r/--d set
MAX_CASES = 200_000  # cases in one grid
MAX_N = MAX_R = 4096
MAX_D = 1000


# --- messages -------------------------------------------------------------------------------


def one_line(text: object) -> str:
    """``text`` with every non-printable character escaped, so a message is one line.

    >>> one_line("bad value '\\n'\\n")
    "bad value '\\\\n'\\\\n"
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))


def say(message: str) -> None:
    """Write one line to stderr (arguments and file names may hold newlines: they are escaped)."""
    sys.stderr.write(one_line(message) + "\n")


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line, with the prefix of every other error (``verify: error:``,
    then the command), and exit status 2."""

    def error(self, message: str) -> NoReturn:  # one line, exit 2
        command = self.prog.removeprefix("python -m verify").strip()
        say(f"verify: error: {command + ': ' if command else ''}{message}")
        raise SystemExit(2)


# --- option values --------------------------------------------------------------------------


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
            raise BadParameterError(f"--{name}: {shown(text, 80)} is not an integer, a range a..b, or a comma list")
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    if minimum is not None and lo < minimum:
        raise BadParameterError(f"--{name} must be >= {minimum}, got {lo}")
    if maximum is not None and hi > maximum:
        raise BadParameterError(f"--{name} must be <= {maximum}, got {hi}")
    if sum(b - a + 1 for a, b in spans) > MAX_VALUES:
        raise BadParameterError(f"--{name}: more than {MAX_VALUES} values; split the grid")
    return sorted({v for a, b in spans for v in range(a, b + 1)})


def parse_bytes(text: str) -> int:
    """``--memory-budget``: ``2G``, ``512M``, ``1000000`` (bytes)."""
    m = re.fullmatch(r"\s*([0-9]{1,15}(?:\.[0-9]{1,6})?)\s*([kKmMgGtT]?)i?[bB]?\s*", text)
    if not m:
        raise BadParameterError(f"--memory-budget: {shown(text, 40)} is not a size such as 2G, 512M or 1000000")
    scale = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[m.group(2).lower()]
    value = int(float(m.group(1)) * scale)
    if value <= 0:
        raise BadParameterError(f"--memory-budget must be positive, got {text!r}")
    return value


def ascii_int(text: str) -> int:
    """An integer written with ASCII digits (``int()`` would also take other scripts' digits)."""
    if not re.fullmatch(r"\s*[+-]?[0-9]{1,40}\s*", text):
        raise argparse.ArgumentTypeError(f"{shown(text, 40)} is not an integer")
    return int(text)


def seed_value(text: str) -> int:
    v = ascii_int(text)
    if not 0 <= v < 2**63:
        raise argparse.ArgumentTypeError(f"must be between 0 and 2**63 - 1, got {text:.40}")
    return v


def positive_int(text: str) -> int:
    v = ascii_int(text)
    if v < 1 or v > 10**6:
        raise argparse.ArgumentTypeError(f"must be between 1 and 1000000, got {text:.40}")
    return v


def work_value(text: str) -> float:
    if not re.fullmatch(r"\s*[+-]?[0-9.]{1,40}(?:[eE][+-]?[0-9]{1,4})?\s*", text):
        raise argparse.ArgumentTypeError(f"{shown(text, 40)} is not a number")
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text, 40)} is not a number") from None
    if not v > 0 or v == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text:.40}")
    return v


# --- the options commands share -------------------------------------------------------------


def grid_args(p: argparse.ArgumentParser, n: str, r: str, d: str) -> None:
    """``--n/--r/--d`` with their defaults, and the run options."""
    p.add_argument("--n", default=n, help=f"mode sizes n (default {n})")
    p.add_argument("--r", default=r, help=f"TT-ranks r (default {r})")
    p.add_argument("--d", default=d, help=f"numbers of modes d (default {d})")
    run_args(p)


def run_args(p: argparse.ArgumentParser) -> None:
    """How a grid runs: output form, memory budget, workers, progress bar."""
    p.add_argument("--json", action="store_true", help="print one JSON object per line instead of a table")
    p.add_argument(
        "--memory-budget", default="2G", help="refuse any tensor or matrix larger than this, per worker (default 2G)"
    )
    p.add_argument(
        "--jobs",
        default="1",
        help="local worker processes: 1 to 4 a core of this machine, or 'auto' (one per core); default 1 "
        "(a larger cluster: --scheduler)",
    )
    p.add_argument(
        "--scheduler", default=None, help="address of a running Dask scheduler: tcp://HOST:PORT or tls://HOST:PORT"
    )
    progress_args(p)


def progress_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always draw the progress bar"
    )
    p.add_argument("--no-progress", dest="progress", action="store_false", help="never draw the progress bar")


def prime_value(text: str) -> int:
    """``--prime``: an integer below 2**64 written in ASCII digits (primality and the command's own
    bound are checked by :func:`prime`)."""
    if not re.fullmatch(r"\s*\+?[0-9]{1,5000}\s*", text):
        raise argparse.ArgumentTypeError(f"{shown(text, 40)} is not an integer")
    digits = text.strip().lstrip("+").lstrip("0") or "0"
    if len(digits) > 20 or int(digits) >= 2**64:
        raise argparse.ArgumentTypeError(
            f"must be a prime below 2**64 (20 digits), got an integer of {len(digits)} digits"
        )
    return int(digits)


def prime_arg(p: argparse.ArgumentParser, note: str = "", backends: bool = True) -> None:
    """``--prime``; ``backends``: the command has ``--backend`` (whose choice sets the default)."""
    default = (
        f"{DEFAULT_PRIME} with flint, galois or sympy, {FLOAT_PRIME} with blas, torch or auto"
        if backends
        else str(DEFAULT_PRIME)
    )
    p.add_argument(
        "--prime", type=prime_value, default=None, help=f"prime of the modular ranks{note} (default {default})"
    )


#: Why the default backend differs between commands (--help says it).
BACKEND_DEFAULT_WHY = {
    "flint": "flint: the witness's ranks are exact over Q where FLINT's fmpz elimination fits",
    "auto": "auto: ranks at random points are modular anyway, so the fastest modular backend for the size",
}


def backend_args(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument(
        "--backend",
        choices=["auto", *BACKENDS],
        default=default,
        help=f"rank backend (default {BACKEND_DEFAULT_WHY[default]}; auto: flint for small matrices, blas for "
        "large ones, torch on CUDA)",
    )
    p.add_argument("--device", default=None, help="torch backend: cpu or cuda (default: cuda when available)")


def max_work_arg(p: argparse.ArgumentParser, text: str | None = None) -> None:
    p.add_argument(
        "--max-work",
        type=work_value,
        default=DEFAULT_MAX_WORK,
        help=text or "skip any rank that would cost more than this many operations, N^3 for N x N (default 4096^3)",
    )


def cores_arg(p: argparse.ArgumentParser, both: bool, default: str) -> None:
    choices = ["equal", "different", "both"] if both else ["equal", "different"]
    p.add_argument(
        "--cores",
        choices=choices,
        default=default,
        help="equal internal cores (an RNN with shared weights), different ones"
        + (", or both" if both else "")
        + f" (default {default})",
    )


def out_jsonl_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default=None, help="also append the records to this JSON Lines file (resumable)")


# --- reading the options --------------------------------------------------------------------


def grid(args: argparse.Namespace) -> tuple[list[int], list[int], list[int]]:
    """The ``--n``, ``--r``, ``--d`` sets, within the hard caps."""
    ns = parse_int_set(args.n, "n", 1, MAX_N)
    rs = parse_int_set(args.r, "r", 1, MAX_R)
    ds = parse_int_set(args.d, "d", 2, MAX_D)
    return ns, rs, ds


def grid_cases(
    fn: str,
    cores: Sequence[CoreMode],
    grid: tuple[Sequence[int], Sequence[int], Sequence[int]],
    work: Callable[[int, int, int], float],
    common: Mapping[str, Any],
    per_case: Callable[[CoreMode, int, int, int], Mapping[str, Any]] | None = None,
) -> list[Case]:
    """One case of ``fn`` for each (cores, n, r, d) of the grid, in that order: the arguments ``n, r,
    d, cores``, then ``common`` and ``per_case(c, n, r, d)``; ``work(n, r, d)`` orders a cluster's cases."""
    ns, rs, ds = grid
    return [
        Case(
            fn,
            {"n": n, "r": r, "d": d, "cores": c, **common, **(per_case(c, n, r, d) if per_case else {})},
            work=work(n, r, d),
        )
        for c in cores
        for n in ns
        for r in rs
        for d in ds
    ]


def cores_list(value: str) -> list[CoreMode]:
    return ["equal", "different"] if value == "both" else [cast(CoreMode, value)]


def prime(args: argparse.Namespace, limit: int | None = None) -> int:
    """The prime a command uses: --prime, or the one its backend works best with."""
    from ..rank import default_prime

    try:
        p = _check_prime(default_prime(getattr(args, "backend", "flint")) if args.prime is None else args.prime)
    except BadParameterError as e:
        raise BadParameterError(f"--{e}") from None
    if limit is not None and p >= limit:
        raise BadParameterError(
            f"--prime: this command takes primes below 2**{limit.bit_length() - 1} = {limit}, got {p}"
        )
    return p


def jsonl_store(path: str | None) -> Store | None:
    if path is None:
        return None
    if not path.endswith(".jsonl"):
        raise BadParameterError(f"--out must name a JSON Lines file ending in .jsonl, got {shown(path, 80)}")
    return Store(path)


def check_writable(path: Path) -> None:
    if path.is_dir():
        raise BadParameterError(f"--out {str(path)!r} is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise BadParameterError(f"--out {str(path)!r}: no such directory {str(parent)!r}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise BadParameterError(f"--out {str(path)!r}: not writable")


def check_replaceable(path: Path, ours: Callable[[bytes], bool], what: str, option: str = "--out") -> None:
    """Refuse, before anything is computed, to replace an existing file that is not ``what`` (as
    ``ours`` tells from its bytes): a file written whole at the end (a table, a certificate, a
    figure) replaces only an earlier output of its kind, never a user's file."""
    if not path.is_file() or path.stat().st_size == 0:  # absent, empty, or a device or pipe
        return
    if path.stat().st_size > 2**26 or not ours(path.read_bytes()):
        raise BadParameterError(
            f"{option} {str(path)!r} exists and is not {what}: it is left as it is "
            f"(choose another {option}, or move it away)"
        )


def is_certificate(data: bytes) -> bool:
    """A JSON object with a certificate's first keys (``python -m verify certify`` wrote it)."""
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and {"schema_version", "d", "cores", "prime"} <= obj.keys()


# --- output ---------------------------------------------------------------------------------

_WIDTHS = {
    "identity_block": 8,
    "covers": 26,
    "rank_kind": 9,
    "status": 14,
    "method": 10,
    "regime": 11,
    "witness_even": 26,
    "witness_odd": 38,
    "formula_last": 22,
    "witness_last": 40,
    "lower_by": 30,
    "upper_by": 18,
}


def _width(col: str) -> int:
    return _WIDTHS.get(col, max(5, len(col)))


def _fmt(v: Any) -> str:
    return "-" if v is None else (("yes" if v else "NO") if isinstance(v, bool) else one_line(v))


class Sink:
    """Prints records as table rows or JSON lines, clearing the progress bar first; a record
    taken from the ``--out`` file (``"reused": true``) is marked ``(reused)`` in the table.

    ``columns`` maps a record's ``check`` to the columns of its table; ``rows`` may map it to a
    function that derives the displayed fields from the record (JSON lines print the record as
    it is)."""

    def __init__(
        self,
        as_json: bool,
        columns: Mapping[str, Sequence[str]],
        rows: Mapping[str, Callable[[dict[str, Any]], dict[str, Any]]] | None = None,
    ) -> None:
        self.as_json = as_json
        self.columns = columns
        self.rows = rows or {}
        self.headers: set[str] = set()

    def print(self, line: str) -> None:
        from tqdm import tqdm

        tqdm.write(line, file=sys.stdout)
        sys.stdout.flush()

    def __call__(self, rec: dict[str, Any]) -> None:
        if self.as_json:
            self.print(json.dumps(rec))
            return
        check = rec["check"]
        cols = self.columns[check]
        if check in self.rows:
            rec = self.rows[check](rec)
        if check not in self.headers:
            self.headers.add(check)
            self.print("  ".join(f"{c:>{_width(c)}}" for c in cols))
        row = "  ".join(f"{_fmt(rec.get(c)):>{_width(c)}}" for c in cols)
        self.print(row + "  (reused)" if rec.get("reused") else row)


VERDICT = {0: "ALL CHECKS HOLD", 1: "SOME CHECK FAILED", 3: "INCOMPLETE"}


def summary_line(records: Sequence[dict[str, Any]]) -> str:
    """The last line of a table: what held, what failed, what is incomplete, what is vacuous, and
    the verdict of :func:`exit_status`."""
    failed = sum(rec.get("passed") is False for rec in records)
    held = sum(rec.get("passed") is True for rec in records)
    incomplete = sum(str(rec.get("status", "")).startswith(("inconclusive", "skipped")) for rec in records)
    other = len(records) - held - failed - incomplete
    return (
        f"{VERDICT[exit_status(records)]}: {len(records)} records, {held} hold, {failed} failed, "
        f"{incomplete} inconclusive or skipped, {other} vacuous or not applicable"
    )


def exit_status(records: Sequence[dict[str, Any]]) -> int:
    """0 all hold; 1 some check failed; 3 some result inconclusive or skipped (none failed)."""
    if any(rec.get("passed") is False for rec in records):
        return EXIT["failed"]
    incomplete = ("inconclusive", "skipped")
    if any(str(rec.get("status", "")).startswith(incomplete) for rec in records):
        return EXIT["incomplete"]
    return EXIT["ok"]


# --- counting a grid before it is built ------------------------------------------------------


def check_count(count: int) -> None:
    """Refuse a grid of more than :data:`MAX_CASES` cases, counted before any case is built."""
    if count > MAX_CASES:
        raise BadParameterError(f"the grid has {count} cases, more than {MAX_CASES}; split it")


def bounded(cases: Iterable[Case]) -> list[Case]:
    """The cases of a generator, refused as soon as there are more than :data:`MAX_CASES` (for a
    grid whose exact size is only known case by case)."""
    out: list[Case] = []
    for case in cases:
        out.append(case)
        if len(out) > MAX_CASES:
            raise BadParameterError(f"the grid has more than {MAX_CASES} cases; split it")
    return out


# --- running a grid -------------------------------------------------------------------------


def execute(
    args: argparse.Namespace,
    cases: list[Case],
    desc: str,
    store: Store | None,
    sink: Sink,
    functions: Collection[str] | None = None,
    summary: bool = True,
) -> list[dict]:
    """Run ``cases`` through the execution layer with the run options of ``args`` (``functions``:
    every case function the command writes, the records its ``--out`` may hold); a table ends
    with :func:`summary_line` (``summary``)."""
    if len(cases) > MAX_CASES:
        raise BadParameterError(f"the grid has {len(cases)} cases, more than {MAX_CASES}; split it")
    jobs = check_jobs(args.jobs)
    check_scheduler(args.scheduler)
    report = run_cases(
        cases,
        emit=sink,
        store=store,
        jobs=jobs,
        scheduler=args.scheduler,
        budget=parse_bytes(args.memory_budget),
        desc=desc,
        show_progress=args.progress,
        functions=functions,
    )
    if summary and not args.json:
        sink.print(summary_line(report.records))
    if store is not None and report.reused:
        say(
            f"verify: resumed {store.path}: {report.reused} cases reused (records this command wrote there, "
            f"digests checked; marked reused), {report.computed} computed"
        )
    return report.records
