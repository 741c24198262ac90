"""``python -m verify``: a thin command line over :mod:`verify.checks`, :mod:`verify.generic`,
:mod:`verify.theorem` and :mod:`verify.certificate`; every grid runs through
:mod:`verify.campaign` (serial, ``--jobs N`` processes, or ``--scheduler`` a Dask cluster; resume
with ``--out``).

One module per command (``verify/cli/<name>.py``: its options, its cases, its table), over
:mod:`verify.cli._shared` (option parsing, the record sink, the exit status, the execution call);
:data:`COMMANDS` below lists them all, in the order ``--help`` shows them.  A new command is one
new module and one line here.

Exit status: 0 every check holds; 1 a check failed (a proven failure); 2 bad input (one line on
stderr, never a traceback); 3 incomplete — some result is inconclusive or was skipped, nothing
failed; 130 interrupted (records written so far are kept); 141 the output pipe was closed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import _INTERRUPTED
from ..errors import VerifyError
from ..tt import set_memory_budget
from ._shared import EXIT, Parser, one_line, parse_bytes, parse_int_set, say

__all__ = ["COMMANDS", "EXIT", "build_parser", "main", "one_line", "parse_int_set"]

#: The commands, in the order of ``--help``: each names its module ``verify.cli.<name>``.
COMMANDS = (
    "run",
    "witness",
    "lemma",
    "generic",
    "theorem",
    "shape",
    "census",
    "cprank",
    "figure",
    "certify",
    "formal",
    "check",
)

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
  python -m verify cprank --n 3..6 --r 3..6 --d 3..9
  python -m verify generic --n 2..5 --r 2..6 --d 2..12 --cores both --jobs 2 --out g.jsonl
  python -m verify shape --modes 3,4,4,2 --ranks 2,3,2 --partition oddeven --cores different
  python -m verify census --d 4 --max-mode 6 --max-rank 6 --jobs 2 --out census.jsonl
  python -m verify certify --n 2 --r 3 --d 8 --out cert.json && python -m verify check cert.json
"""


def command(name: str) -> ModuleType:
    """The module of command ``name`` (``HELP``, ``add_arguments(parser)``, ``run(args) -> int``)."""
    return importlib.import_module(f"{__name__}.{name}")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m verify",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for name in COMMANDS:
        mod = command(name)
        mod.add_arguments(sub.add_parser(name, help=mod.HELP))
    return parser


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
            set_memory_budget(parse_bytes(args.memory_budget))
        return int(command(args.command).run(args))
    except KeyboardInterrupt:
        sys.stderr.write(_INTERRUPTED)
        return EXIT["interrupted"]
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT["broken pipe"]
    except (VerifyError, TypeError) as e:
        say(f"verify: error: {str(e) or type(e).__name__}")
        return EXIT["bad input"]
    except MemoryError:
        sys.stderr.write(
            "verify: error: out of memory (this machine's, not --memory-budget's, which bounds one tensor): "
            "lower the sizes or split the grid\n"
        )
        return EXIT["bad input"]
    except OSError as e:
        say(f"verify: error: {e.strerror or e}{': ' + str(e.filename) if e.filename else ''}")
        return EXIT["bad input"]
