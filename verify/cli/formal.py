"""``python -m verify formal``: build the Coq development in formal/ and report each theorem."""

from __future__ import annotations

import argparse
import json

HELP = "build the Coq proofs in formal/ and report each theorem (needs coqc)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", default=None, help="the Coq development (default: the repository's formal/)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")


def run(args: argparse.Namespace) -> int:
    from ..formal import FORMAL_DIR, build_formal

    rep = build_formal(args.dir or FORMAL_DIR)
    if args.json:
        print(json.dumps(rep))
    else:
        for name, status in rep["theorems"].items():
            tag = "proved" if status.startswith("proved") else "NOT PROVED"
            print(f"{tag:>10}  {name}: {rep['statements'][name]}")
            if status != "proved":  # which axioms, or that Coq printed nothing for it
                print(f"{'':>10}  ({status})")
        print(f"make: exit {rep['returncode']} in {rep['seconds']} s; {sum(rep['lines'].values())} lines of Coq")
        if rep["admitted_or_axioms_in"]:
            print(f"Admitted/Axiom/Parameter found in: {', '.join(rep['admitted_or_axioms_in'])}")
        proved = sum(status.startswith("proved") for status in rep["theorems"].values())
        verdict = "ALL THEOREMS PROVED" if rep["ok"] else "NOT ALL PROVED"
        print(f"{verdict}: {proved} of {len(rep['theorems'])} theorems")
    return 0 if rep["ok"] else 1
