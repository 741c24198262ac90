"""``python -m verify lemma``: the index lemma by brute force, by nonzero paths, and by the
automaton induction that covers every d."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from .._types import CoreMode
from ..campaign import Case
from ..tt import as_work
from . import _shared as sh

HELP = "the index lemma: bruteforce, paths, automaton (all d)"

#: The case function of every record this command writes.
FUNCTION = "verify.checks:lemma_record"

COLUMNS = {"lemma": ["cores", "method", "n", "r", "d", "q", "checked", "covers", "status"]}


def add_arguments(p: argparse.ArgumentParser) -> None:
    sh.grid_args(p, "2..5", "2..6", "2,4,6,8")
    sh.cores_arg(p, False, "equal")
    p.add_argument(
        "--method",
        choices=["all", "bruteforce", "paths", "automaton"],
        default="all",
        help="bruteforce: every (i, alpha) pair; paths: the nonzero partial paths; automaton: the induction that "
        "covers every d at once (one case per n, r); all (default): the three, brute force where it fits",
    )
    sh.out_jsonl_arg(p)


def least(ns: list[int], rs: list[int], ds: list[int], cores: list[CoreMode], method: str) -> int:
    """A lower bound of the number of cases of :func:`cases` (exact but for ``all``'s brute force,
    which runs only where it fits), without building them."""
    per = {"all": 1 + len(ds), "automaton": 1, "paths": len(ds), "bruteforce": len(ds)}[method]
    return len(cores) * len(ns) * len(rs) * per


def cases(ns: list[int], rs: list[int], ds: list[int], cores: list[CoreMode], method: str) -> list[Case]:
    """The lemma checks of ``method`` (``all``: the automaton, the paths, and brute force where it fits)."""
    sh.check_count(least(ns, rs, ds, cores, method))
    return sh.bounded(_cases(ns, rs, ds, cores, method))


def _cases(ns: list[int], rs: list[int], ds: list[int], cores: list[CoreMode], method: str) -> Iterator[Case]:
    from ..checks import bruteforce_fits

    for c in cores:
        for n in ns:
            for r in rs:
                if method in ("all", "automaton"):
                    yield Case(FUNCTION, {"n": n, "r": r, "d": None, "method": "automaton", "cores": c})
                for d in ds:
                    kw = {"n": n, "r": r, "d": d, "cores": c}
                    if method in ("all", "paths"):
                        yield Case(FUNCTION, kw | {"method": "paths"}, work=as_work(n ** (d // 2)))
                    if method == "bruteforce" or (method == "all" and bruteforce_fits(n, r, d, c)):
                        yield Case(FUNCTION, kw | {"method": "bruteforce"})


def run(args: argparse.Namespace) -> int:
    store = sh.jsonl_store(args.out)
    ns, rs, ds = sh.grid(args)
    todo = cases(ns, rs, ds, sh.cores_list(args.cores), args.method)
    return sh.exit_status(sh.execute(args, todo, "lemma", store, sh.Sink(args.json, COLUMNS)))
