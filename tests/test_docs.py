"""The documents cannot drift from the code: every `python -m verify ...` command quoted in
PROOFS.md and README.md runs green, and README's Python example is a doctest."""

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def commands(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    found = re.findall(r"^\s*(python -m verify[^\n`#]*)", text, flags=re.MULTILINE)
    found += re.findall(r"`(python -m verify[^`]*)`", text)
    out = []
    for c in found:
        for part in c.split("&&"):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


PROOF_COMMANDS = commands("PROOFS.md")


def test_proofs_quotes_commands():
    assert len(PROOF_COMMANDS) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("cmd", PROOF_COMMANDS)
def test_proofs_command_runs_green(cmd, tmp_path_factory):
    cwd = tmp_path_factory.getbasetemp() / "proofs"  # shared: certify writes, check reads
    cwd.mkdir(exist_ok=True)
    args = shlex.split(cmd)[3:]
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "verify",
            *args,
            *(["--no-progress"] if args and args[0] in ("witness", "lemma", "generic", "run", "figure") else []),
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert r.returncode == 0, f"{cmd}\n{r.stdout[-1500:]}\n{r.stderr[-1500:]}"


def test_readme_commands_parse():
    """README's verify commands are valid (run with --help appended to stay fast)."""
    for cmd in commands("README.md"):
        args = shlex.split(cmd)[3:]
        if args and args[0] in ("check",):
            continue
        r = subprocess.run(
            [sys.executable, "-m", "verify", *[a for a in args[:1] if not a.startswith("-")], "--help"],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, cmd


def test_readme_doctest():
    res = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert res.attempted >= 3 and res.failed == 0
