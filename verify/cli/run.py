"""``python -m verify [run]``: the default verification — the witness and the index lemma on a
grid, both core modes; resumes an interrupted run, writes a summary."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from ..campaign import Store
from . import _shared as sh
from . import lemma, witness

HELP = "the default verification run (also: no command)"

COLUMNS = witness.COLUMNS | lemma.COLUMNS

#: The record files of the --out folder (nothing else there is read or emptied) and the case
#: functions whose records they hold.
NAMES = ("witness", "lemma")
FUNCTIONS = (witness.FUNCTION, lemma.FUNCTION)


def add_arguments(p: argparse.ArgumentParser) -> None:
    sh.grid_args(p, "1..5", "1..6", "2,4,6,8,10")
    sh.backend_args(p, "flint")
    sh.prime_arg(p)
    sh.cores_arg(p, True, "both")
    p.add_argument("--out", default="results/verify", help="folder for the JSON results (default results/verify)")
    p.add_argument("--fresh", action="store_true", help="start over even if the last run was interrupted")
    sh.max_work_arg(p)


def run(args: argparse.Namespace) -> int:
    ns, rs, ds = sh.grid(args)
    cores = sh.cores_list(args.cores)
    sh.check_count(witness.count(ns, rs, ds, cores) + lemma.least(ns, rs, ds, cores, "all"))
    out = Path(args.out)
    store = Store(out, folder=True, names=NAMES)
    summary_path = out / "summary.json"
    if args.fresh or _was_complete(summary_path):
        store.clear(FUNCTIONS)
        store.release()
    if summary_path.exists():
        summary_path.unlink()  # written again only when this run ends
    cases = witness.cases(args, cores, True, False) + lemma.cases(ns, rs, ds, cores, "all")
    sink = sh.Sink(args.json, COLUMNS)
    t0 = time.perf_counter()
    records: list[dict[str, Any]] = []
    complete = False
    try:
        records = sh.execute(args, cases, "verify", store, sink, FUNCTIONS, summary=False)
        complete = True
    finally:
        if not complete:
            done = Store(out, folder=True, names=NAMES)
            records = list(done.load(FUNCTIONS).values())
            done.release()
        summary = {
            "complete": complete,
            "checks": len(records),
            "of": len(cases),
            "failed": sum(rec.get("passed") is False for rec in records),
            "not_applicable": sum(rec.get("status") == "not applicable" for rec in records),
            "vacuous": sum(rec.get("status") == "vacuous" for rec in records),
            "grid": {"n": ns, "r": rs, "d": ds, "cores": cores},
            "seconds": round(time.perf_counter() - t0, 2),
            "passed": complete and sh.exit_status(records) == 0,
        }
        summary_path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    status = sh.exit_status(records)
    if not args.json:
        sink.print(
            f"\n{summary['checks']} checks, {summary['failed']} failed, {summary['vacuous']} vacuous, "
            f"{summary['not_applicable']} not applicable, {summary['seconds']} s; results in {out}/"
        )
        sink.print("ALL CHECKS HOLD" if status == 0 else "SOME CHECK FAILED" if status == 1 else "INCOMPLETE")
    return status


def _was_complete(summary: Path) -> bool:
    try:
        return bool(json.loads(summary.read_text(encoding="utf-8")).get("complete"))
    except (OSError, ValueError, AttributeError):
        return False
