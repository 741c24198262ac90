"""Mutation testing of the modules that carry the project's claims, one module at a time.

For each module below, ``mutmut`` (3.x, ``pip install mutmut``) mutates it in a scratch copy of the
working tree (operators, constants, comparisons, booleans, arguments, one at a time, inside
functions) and runs that module's own fast test files against each mutant.  A mutant is *killed*
when a test fails; a surviving mutant must be killed by a new test or listed in
``benchmarks/mutation_equivalent.json`` with a one-line reason (matched by function and by the
exact lines the mutant changes, so a stale entry stops matching when the code changes).  The report
(``benchmarks/results/mutation.md``) gives per module: mutants, killed, equivalent, survived
(unexplained, including mutants no test reaches), and the wall time.

The shared mutmut settings are in ``pyproject.toml`` (``[tool.mutmut]``); this script sets, per
module, ``only_mutate`` and the test files.  Mutants run with ``nice -n 15``, one worker at a time,
under the derandomized hypothesis profile ``ci``.  Not part of CI (about 23 minutes on a 2-core machine;
times per module in the report).  Module-level constants and decorated functions are not
mutated by mutmut; the report says so.

Usage::

    python benchmarks/mutation.py                      # every module, writes the report
    python benchmarks/mutation.py --module bounds      # one module (report: that module's rows only)
    python benchmarks/mutation.py --mutmut /path/to/venv/bin/mutmut --keep
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "benchmarks" / "mutation_equivalent.json"
REPORT = ROOT / "benchmarks" / "results" / "mutation.md"

#: module -> its own fast test files (the transfer and half witnesses of verify/witness.py are
#: tested with the theorem they prove, in tests/test_theorem.py)
MODULES: dict[str, list[str]] = {
    "certificate": ["tests/test_certificate.py"],
    "lemma": ["tests/test_lemma.py"],
    "witness": ["tests/test_witness.py", "tests/test_theorem.py"],
    "transfer": ["tests/test_transfer.py"],
    "theorem": ["tests/test_theorem.py"],
    "factor": ["tests/test_factor.py"],
    "bounds": ["tests/test_bounds.py"],
}
#: modules whose mutants are forked from a server that has not run the tests (mutmut's
#: ``forkserver``; the others fork from the process that ran them, several times faster).  None
#: now: the one cache of these modules (``verify.transfer._build``) is cleared before every test
#: of tests/test_transfer.py, so a mutant of its body cannot hide behind the clean run's entries.
FORKSERVER: set[str] = set()


def scratch_copy(dest: Path) -> None:
    """The working tree's tracked and untracked (not ignored) files, as they are now."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in names:
        if not raw:
            continue
        rel = Path(raw.decode())
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def configure(dest: Path, module: str, tests: list[str]) -> None:
    """Set ``only_mutate``, the test selection and the process isolation in the copy's ``[tool.mutmut]``."""
    path = dest / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^\[tool\.mutmut\]\n(.*?)(?=^\[|\Z)", text, flags=re.MULTILINE | re.DOTALL)
    if not m:
        raise SystemExit("pyproject.toml has no [tool.mutmut] section")
    body = [
        line
        for line in m.group(1).splitlines()
        if not line.startswith(("only_mutate", "pytest_add_cli_args_test_selection", "process_isolation"))
    ]
    body += [f'only_mutate = ["verify/{module}.py"]', f"pytest_add_cli_args_test_selection = {json.dumps(tests)}"]
    body += [f'process_isolation = "{"forkserver" if module in FORKSERVER else "fork"}"']
    path.write_text(text[: m.start(1)] + "\n".join(body) + "\n" + text[m.end(1) :], encoding="utf-8")


def function_sources(path: Path) -> dict[str, list[str]]:
    """Every function in mutmut's mutated file (the original ``x_f__mutmut_orig`` and each mutant
    ``x_f__mutmut_N``, methods included), as its source lines."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    return {
        node.name: lines[node.lineno - 1 : node.end_lineno]
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name
    }


def mutant_diff(sources: dict[str, list[str]], name: str) -> str:
    """The lines a mutant changes (what ``mutmut show`` prints, without calling it once per mutant)."""
    fn = name.rsplit(".", 1)[-1]
    orig = fn.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    a = [ln.replace(orig, "") for ln in sources[orig]]
    b = [ln.replace(fn, "") for ln in sources[fn]]
    return "\n".join(difflib.unified_diff(a, b, lineterm="", n=0))


def changed_lines(diff: str) -> tuple[list[str], list[str]]:
    old = [ln[1:].strip() for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    new = [ln[1:].strip() for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    return old, new


def run_module(module: str, tests: list[str], mutmut: str, keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"mutation-{module}-"))
    try:
        scratch_copy(work)
        configure(work, module, tests)
        env = dict(os.environ, HYPOTHESIS_PROFILE="ci", PYTHONPATH="", VERIFY_MUTATION_RUN="1")
        t0 = time.perf_counter()
        run = subprocess.run(
            ["nice", "-n", "15", mutmut, "run", "--max-children", "1"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - t0
        if run.returncode != 0:
            tail = (run.stdout + run.stderr)[-3000:]
            return {"module": module, "tests": tests, "seconds": seconds, "status": {}, "diffs": {}, "error": tail}
        res = subprocess.run([mutmut, "results", "--all", "true"], cwd=work, env=env, capture_output=True, text=True)
        status = {}
        for line in res.stdout.splitlines():
            name, sep, st = line.strip().rpartition(": ")
            if sep and name.startswith("verify."):
                status[name] = st
        sources = function_sources(work / "mutants" / "verify" / f"{module}.py")
        diffs = {name: mutant_diff(sources, name) for name, st in status.items() if st not in ("killed", "timeout")}
        return {"module": module, "tests": tests, "seconds": seconds, "status": status, "diffs": diffs}
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def function_of(name: str) -> str:
    """``verify.bounds.x_mincut_bound__mutmut_12`` -> ``mincut_bound`` (methods: ``Class.method``)."""
    base = name.split(".", 2)[2].rsplit("__mutmut_", 1)[0]
    if base.startswith("x\u01c1"):  # a method: x<sep>Class<sep>method
        return base[2:].replace("\u01c1", ".")
    return base[2:] if base.startswith("x_") else base


def classify(result: dict, equivalent: list[dict]) -> dict:
    module = result["module"]
    known = [e for e in equivalent if e["module"] == module]
    used: set[int] = set()
    rows = {"killed": 0, "timeout": 0, "equivalent": [], "survived": []}
    for name, st in result["status"].items():
        if st in ("killed", "timeout"):  # a mutant that makes a test hang is caught too
            rows[st] += 1
            continue
        old, new = changed_lines(result["diffs"][name])
        fn = function_of(name)
        match = next(
            (
                i
                for i, e in enumerate(known)
                if e["function"] == fn and e["from"] == old and e["to"] == new and st == "survived"
            ),
            None,
        )
        if match is not None:
            used.add(match)
            rows["equivalent"].append((name, st, fn, old, new, known[match]["reason"]))
        else:
            rows["survived"].append((name, st, fn, old, new))
    rows["stale"] = [e for i, e in enumerate(known) if i not in used]
    return rows


def report(results: list[dict], equivalent: list[dict], path: Path, command: str, version: str) -> int:
    lines = [
        "# Mutation testing of the verification core",
        "",
        f"Command: `{command}` (mutmut {version}, hypothesis profile `ci`, one worker, `nice -n 15`).",
        "Each module is mutated alone and run against its own fast test files.  *Killed*: a test failed.",
        "*Equivalent*: the mutant cannot change any result the module claims (reason below; listed in",
        "`benchmarks/mutation_equivalent.json`).  *Survived*: neither; includes mutants that no test reaches,",
        "and mutmut's other statuses.  *Timeout*: the tests ran past mutmut's limit (the mutant hangs them): caught.",
        "mutmut mutates function bodies only: module-level constants and decorated functions are not mutated.",
        "",
        "| module | tests | mutants | killed | timeout | equivalent | survived | minutes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    unexplained = 0
    details: list[str] = []
    for res in results:
        rows = classify(res, equivalent)
        total = len(res["status"])
        unexplained += len(rows["survived"])
        if "error" in res:
            unexplained += 1
            lines.append(f"| verify/{res['module']}.py | {', '.join(res['tests'])} | mutmut failed (below) | | | | | |")
            details += ["", f"## verify/{res['module']}.py: mutmut failed", "", "```", res["error"][-1500:], "```"]
            continue
        lines.append(
            f"| verify/{res['module']}.py | {', '.join(res['tests'])} | {total} | {rows['killed']} | "
            f"{rows['timeout']} | {len(rows['equivalent'])} | {len(rows['survived'])} | {res['seconds'] / 60:.1f} |"
        )
        if rows["equivalent"]:
            details += ["", f"## verify/{res['module']}.py: equivalent mutants", ""]
            for name, _st, fn, old, new, reason in rows["equivalent"]:
                details.append(f"- `{name.split('.', 2)[2]}` (`{fn}`): `{' / '.join(old)}` -> `{' / '.join(new)}`")
                details.append(f"  — {reason}")
        if rows["survived"]:
            details += ["", f"## verify/{res['module']}.py: SURVIVED (unexplained)", ""]
            for name, st, fn, old, new in rows["survived"]:
                short = name.split(".", 2)[2]
                details.append(f"- `{short}` [{st}] (`{fn}`): `{' / '.join(old)}` -> `{' / '.join(new)}`")
        if rows["stale"]:
            details += ["", f"## verify/{res['module']}.py: equivalence entries that matched no survivor", ""]
            details += [f"- `{e['function']}`: `{' / '.join(e['to'])}`" for e in rows["stale"]]
    lines += details
    lines += ["", f"Unexplained survivors: {unexplained}.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return unexplained


def mutmut_version(mutmut: str) -> str:
    try:
        out = subprocess.run([mutmut, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        out = ""
    return out.rsplit(" ", 1)[-1] if out else "(unknown version)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--module", action="append", choices=sorted(MODULES), help="one module (repeatable); default all")
    ap.add_argument("--mutmut", default=shutil.which("mutmut") or "mutmut", help="the mutmut executable")
    ap.add_argument("--report", type=Path, default=REPORT)
    ap.add_argument("--json", type=Path, help="also write the raw statuses and diffs here")
    ap.add_argument("--keep", action="store_true", help="keep the scratch copies (their mutants/ folders)")
    ap.add_argument("--report-from", type=Path, help="the report of an earlier run's --json file (no mutmut)")
    args = ap.parse_args(argv)
    if args.report_from:  # the equivalence list may have changed since that run
        results = json.loads(args.report_from.read_text(encoding="utf-8"))
        equivalent = json.loads(EQUIVALENT.read_text(encoding="utf-8"))
        command = "python benchmarks/mutation.py" + "".join(f" --module {r['module']}" for r in results)
        if {r["module"] for r in results} == set(MODULES):
            command = "python benchmarks/mutation.py"
        version = results[0].get("mutmut") if results else None
        unexplained = report(results, equivalent, args.report, command, version or mutmut_version(args.mutmut))
        print(f"report: {args.report} ({unexplained} unexplained survivors)")
        return 1 if unexplained else 0
    if not shutil.which(args.mutmut) and not Path(args.mutmut).exists():
        print(f"mutation: no mutmut executable {args.mutmut!r} (pip install mutmut)", file=sys.stderr)
        return 2
    equivalent = json.loads(EQUIVALENT.read_text(encoding="utf-8"))
    results = []
    for module in args.module or list(MODULES):
        print(f"mutating verify/{module}.py against {' '.join(MODULES[module])} ...", flush=True)
        res = run_module(module, MODULES[module], args.mutmut, args.keep) | {"mutmut": mutmut_version(args.mutmut)}
        if "error" in res:
            print(f"  mutmut failed (the clean run or the stats):\n{res['error']}", flush=True)
        n_killed = sum(st == "killed" for st in res["status"].values())
        print(f"  {len(res['status'])} mutants, {n_killed} killed, {res['seconds']:.0f} s", flush=True)
        results.append(res)
        if args.json:  # after each module: a long run loses nothing already measured
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    command = "python benchmarks/mutation.py" + "".join(f" --module {m}" for m in args.module or [])
    unexplained = report(results, equivalent, args.report, command, mutmut_version(args.mutmut))
    print(f"report: {args.report} ({unexplained} unexplained survivors)")
    return 1 if unexplained else 0


if __name__ == "__main__":
    raise SystemExit(main())
