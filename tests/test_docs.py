"""The documents cannot drift from the code: every `python -m verify ...` command quoted in
PROOFS.md, README.md and the pages of docs/ runs (README's and docs/'s at a smaller size where the
written one takes minutes), their `python -m ttnet ...` commands run (train as --dry-run, reproduce
and sweep on small synthetic data), README's Python example is a doctest, every option of both
command lines is in the reference pages, and every page README links to exists."""

import doctest
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


#: README and the reference pages it links to, in the order their commands run (the tour's
#: certify writes the file its check reads)
USER_DOCS = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]


def commands(*paths):
    """The ``python -m verify`` commands quoted in ``paths`` (a shell prompt ``$`` allowed), in order,
    each once."""
    out = []
    for path in paths:
        text = (ROOT / path).read_text(encoding="utf-8")
        found = re.findall(r"^\s*(?:\$ )?(python -m verify[^\n`#]*)", text, flags=re.MULTILINE)
        found += re.findall(r"`(python -m verify[^`]*)`", text)
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


# --- README: every command runs (small sizes where the full one takes minutes) ---------------

#: The README commands whose written size takes minutes, and the command the test runs instead:
#: the same subcommand and options at a smaller size.  Every other command has its --n, --r and
#: --d lists cut to their first two values (``_small``) and runs.
SUBSTITUTES = {
    "python -m verify": "python -m verify --n 1..2 --r 1..3 --d 2..4",
    "python -m verify generic --n 3 --r 2..6 --d 14 --cores both": (
        "python -m verify generic --n 3 --r 2..3 --d 10 --cores both"
    ),
    "python -m verify generic --n 3 --r 3 --d 16 --max-work 1e12": (
        "python -m verify generic --n 3 --r 3 --d 10 --max-work 1e12"
    ),
}

#: Commands with a documented exit status other than 0, and the line they must print
EXPECTED = {
    # nothing listens there: exit 2, one line (tests/test_campaign.py runs --scheduler on a real cluster)
    "--scheduler": (2, "cannot reach the Dask scheduler"),
}


def _small(args):
    """--n, --r, --d: a range a..b cut to a..a+1, a list to its first two values."""
    out = list(args)
    for k, a in enumerate(out[:-1]):
        if a in ("--n", "--r", "--d"):
            v = out[k + 1]
            if ".." in v:
                lo, hi = v.split("..")
                out[k + 1] = f"{lo}..{min(int(hi), int(lo) + 1)}"
            elif "," in v:
                out[k + 1] = ",".join(v.split(",")[:2])
    return out


def _readme_runs():
    runs = []
    for cmd in dict.fromkeys(" ".join(c.split()) for c in commands(*USER_DOCS)):
        cmd = " ".join(cmd.split())  # an inline command broken over two lines
        if "|" in cmd or cmd == "python -m verify formal":
            continue  # tested below, each on its own (formal: with PROOFS.md's commands)
        sub = SUBSTITUTES.get(cmd)
        args = shlex.split(sub) if sub else _small(shlex.split(cmd))
        runs.append(pytest.param(cmd, args[3:], id=cmd[len("python -m verify") :].strip()[:60] or "default"))
    return runs


def test_readme_substitutes_keep_the_options():
    """A substitute changes sizes only: the same subcommand and option names as the README's (but
    --n, --r, --d, which it may add to shrink a default grid)."""
    readme = {" ".join(c.split()) for c in commands(*USER_DOCS)}
    for cmd, sub in SUBSTITUTES.items():
        assert cmd in readme, f"{cmd!r} is no longer in README.md or docs/"
        names = [
            [a for a in shlex.split(c) if (a.startswith("-") or a.isalpha()) and a not in ("--n", "--r", "--d")]
            for c in (cmd, sub)
        ]
        assert names[0] == names[1], (cmd, sub)


@pytest.mark.slow
@pytest.mark.parametrize("cmd,args", _readme_runs())
def test_readme_verify_command_runs(cmd, args, tmp_path_factory):
    """README's ``python -m verify`` commands, run (not only parsed) in order in one folder (certify
    writes the file check reads), with a results/generic/ folder for the commands that write there."""
    cwd = tmp_path_factory.getbasetemp() / "readme"
    (cwd / "results" / "generic").mkdir(parents=True, exist_ok=True)
    expect = next((v for k, v in EXPECTED.items() if k in args), (0, ""))
    if "--scheduler" in args:  # in a folder of its own: in README's it resumes the file the runs above wrote
        args = [f"tcp://127.0.0.1:{_free_port()}" if a.startswith("tcp://") else a for a in args]
        cwd = tmp_path_factory.mktemp("scheduler")
    progress = ["--no-progress"] if not args or args[0] in ("witness", "lemma", "generic", "theorem", "figure") else []
    r = subprocess.run([sys.executable, "-m", "verify", *args, *progress], capture_output=True, text=True, cwd=cwd)
    assert r.returncode == expect[0], f"{cmd}\n{r.stdout[-1500:]}\n{r.stderr[-1500:]}"
    assert expect[1] in r.stderr
    if expect[0] == 0:
        assert r.stdout.strip(), cmd  # it reported something


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_closed_pipe_exits_141(tmp_path):
    """README's exit-status table: ``python -m verify --json | head -1`` gives 141 (the pipe closed
    after the first record), with nothing on stderr."""
    assert any("python -m verify --json \\| head -1" in (ROOT / p).read_text(encoding="utf-8") for p in USER_DOCS)
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", "--json", "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,  # the default run writes results/verify/ in its folder
    )
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141 and json.loads(first)["check"] and not err.strip(), err


def test_readme_formal_command_is_run_with_the_proofs():
    """README's ``python -m verify formal`` (a build of formal/) is also quoted in PROOFS.md, whose
    commands test_proofs_command_runs_green runs: it is run there, once."""
    readme = {" ".join(c.split()) for c in commands(*USER_DOCS)}
    assert "python -m verify formal" in readme and "python -m verify formal" in PROOF_COMMANDS


# --- README: the ttnet commands ----------------------------------------------------------------


def ttnet_commands():
    found = []
    for path in USER_DOCS:
        text = (ROOT / path).read_text(encoding="utf-8")
        found += re.findall(r"^(?:\$ )?(python -m ttnet[^\n`#]*)", text, flags=re.MULTILINE)
        found += re.findall(r"`(python -m ttnet[^`]*)`", text)
    return sorted({" ".join(c.split()) for c in found if len(c.split()) > 3})


#: How each ttnet command of the README runs here: train with --dry-run (one epoch, nothing
#: written) on 256 images; bench with one rank (4) and two steps; table with its plots in the
#: test's folder.  fetch runs as written.  reproduce and sweep (20 epochs per row) are run in-process
#: below on a small synthetic data set.
TTNET_EXTRA = {
    "train": ["--dry-run", "--train-limit", "256", "--no-progress"],
    "bench": ["--steps", "2"],
}


def _ttnet_args(cmd, cwd):
    args = shlex.split(cmd)[3:]
    if args[0] == "bench":
        args = [a if a != "4,16,64" else "4" for a in args] + ([] if "--ranks" in args else ["--ranks", "4"])
    if args[0] == "table":
        args = [str(cwd / Path(a).name) if a.endswith(".png") else a for a in args]
    return args + TTNET_EXTRA.get(args[0], [])


@pytest.mark.mnist
@pytest.mark.parametrize(
    "cmd", [c for c in ttnet_commands() if c.split()[3] not in ("reproduce", "sweep")], ids=lambda c: c[16:60]
)
def test_readme_ttnet_command_runs(cmd, tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "ttnet", *_ttnet_args(cmd, tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert r.returncode == 0, f"{cmd}\n{r.stdout[-1500:]}\n{r.stderr[-1500:]}"
    assert r.stdout.strip()
    if cmd.split()[3] == "train":
        assert "dry run: nothing written" in r.stdout or '"epochs": 1' in r.stdout


@pytest.mark.slow
@pytest.mark.parametrize("cmd", ["python -m ttnet reproduce", "python -m ttnet sweep"])
def test_readme_ttnet_long_commands_run_on_small_data(cmd, tmp_path, monkeypatch, capsys):
    """reproduce and sweep as written (every recipe, seed and core mode; every sweep point, 20
    epochs each) but on 64 synthetic training and 32 test images, in-process: each row is trained,
    written and tabulated."""
    import numpy as np

    import ttnet.data
    from ttnet.cli import main
    from ttnet.recipes import RECIPE_SEEDS, SWEEP_POINTS

    assert cmd in ttnet_commands()
    rng = np.random.default_rng(0)
    tiny = {
        "train_images": rng.integers(0, 256, (64, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, 64).astype(np.uint8),
        "test_images": rng.integers(0, 256, (32, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, 32).astype(np.uint8),
    }
    monkeypatch.setattr(ttnet.data, "load_mnist", lambda *a, **k: tiny)
    out = tmp_path / "params" if cmd.endswith("sweep") else tmp_path
    assert main([cmd.split()[3], "--out-dir", str(out), "--device", "cpu", "--threads", "1"]) == 0
    rows = len(SWEEP_POINTS) if cmd.endswith("sweep") else 2 * sum(len(s) for s in RECIPE_SEEDS.values())
    written = sorted(out.glob("*.json"))
    assert len(written) == rows and all(json.loads(p.read_text())["epochs"] == 20 for p in written)
    assert capsys.readouterr().out.count("test ") >= rows


def test_readme_doctest():
    res = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert res.attempted >= 3 and res.failed == 0


def test_readme_links_to_pages_that_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(((?:docs/)?[A-Za-z_./-]+\.md)\)", text)
    assert len(links) >= 8
    for link in links:
        assert (ROOT / link).is_file(), link
    for page in (ROOT / "docs").glob("*.md"):
        for link in re.findall(r"\]\(([A-Za-z_./-]+\.(?:md|png))\)", page.read_text(encoding="utf-8")):
            assert (page.parent / link).is_file(), (page.name, link)


@pytest.mark.parametrize("package, page", [("verify", "docs/commands.md"), ("ttnet", "docs/ttnet.md")])
def test_every_option_is_in_the_reference(package, page):
    """Each command and each of its options has its line in the reference page (a new option
    without one fails here)."""
    import importlib

    parser = importlib.import_module(f"{package}.cli").build_parser()
    text = (ROOT / page).read_text(encoding="utf-8")
    for name, sub in parser._subparsers._group_actions[0].choices.items():
        part = text.split(f"### `{name}`", 1)
        assert len(part) == 2, f"{page} has no section for {name}"
        section = part[1].split("\n### ", 1)[0]
        for action in sub._actions:
            for opt in action.option_strings:
                if opt not in ("-h", "--help"):
                    assert f"`{opt}`" in section, f"{page}: {name} {opt}"
