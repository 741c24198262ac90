"""The command line: JSON records, exit codes, one-line errors, the default run."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "verify", *args], capture_output=True, text=True, cwd=cwd)


def records(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_witness_json_keys():
    r = run("witness", "--n", "2,3", "--r", "1..4", "--d", "3,4", "--json")
    assert r.returncode == 0, r.stderr
    recs = records(r.stdout)
    assert len(recs) == 2 * 4 * 2
    for rec in recs:
        assert {"check", "n", "r", "d", "q", "bound", "passed", "rank", "rank_kind", "prime"} <= rec.keys()
        if rec["d"] == 3:
            assert rec["passed"] is None and rec["status"] == "not applicable"
        elif rec["r"] == 1:
            assert rec["status"] == "vacuous"
        else:
            assert rec["passed"] and rec["rank"] >= rec["bound"] == rec["q"] ** 2
            assert rec["rank_kind"] in ("exact", "modular")
            assert (rec["prime"] is None) == (rec["rank_kind"] == "exact")


@pytest.mark.parametrize("backend", ["flint", "galois", "sympy"])
def test_backends_give_same_ranks(backend):
    r = run("witness", "--n", "2..3", "--r", "3..4", "--d", "2,4", "--json", "--backend", backend)
    assert r.returncode == 0, r.stderr
    ref = {
        (x["n"], x["r"], x["d"]): x["rank"]
        for x in records(run("witness", "--n", "2..3", "--r", "3..4", "--d", "2,4", "--json").stdout)
    }
    assert {(x["n"], x["r"], x["d"]): x["rank"] for x in records(r.stdout)} == ref


def test_lemma_methods():
    r = run("lemma", "--n", "2", "--r", "3", "--d", "2,4", "--json")
    recs = records(r.stdout)
    assert r.returncode == 0 and {x["method"] for x in recs} == {"automaton", "paths", "bruteforce"}
    auto = [x for x in recs if x["method"] == "automaton"][0]
    assert auto["covers"] == "all d >= 2" and auto["identity_all_even_d"]


def test_generic_json():
    r = run("generic", "--n", "2", "--r", "3", "--d", "2..6", "--cores", "both", "--json")
    assert r.returncode == 0, r.stderr
    for rec in records(r.stdout):
        assert {
            "check",
            "n",
            "r",
            "d",
            "cores",
            "lower",
            "upper",
            "exact",
            "theorem_bound",
            "khrulkov_bound",
            "seconds",
        } <= rec.keys()
        assert rec["exact"] and rec["lower"] == 2 ** (rec["d"] // 2)


@pytest.mark.parametrize(
    "args",
    [
        ["witness", "--n", "0"],
        ["witness", "--d", "x"],
        ["witness", "--memory-budget", "-1"],
        ["witness", "--d", "6..2"],
        ["generic", "--prime", "15"],
        ["lemma", "--method", "nope"],
        ["--bogus"],
        ["figure", "--n", "2", "--r", "3", "--out", "x.txt"],
        ["check", "/no/such/file.json"],
        ["witness", "--n", "5", "--r", "6", "--d", "10", "--memory-budget", "1K"],
    ],
    ids=lambda a: " ".join(a),
)
def test_bad_input_one_line_exit_2(args):
    r = run(*args)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_help_reads_like_a_man_page():
    r = run("--help")
    assert r.returncode == 0 and "exit status" in r.stdout and "examples" in r.stdout


def test_figure(tmp_path):
    out = tmp_path / "fig.png"
    r = run("figure", "--n", "2", "--r", "3", "--d", "2..8", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_default_run(tmp_path):
    """The README's first command: the whole default grid, exit 0, JSON results written."""
    r = run("--out", str(tmp_path / "res"), "--no-progress")
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert "ALL CHECKS HOLD" in r.stdout
    summary = json.loads((tmp_path / "res" / "summary.json").read_text())
    assert summary["passed"] and summary["failed"] == 0
    assert summary["grid"]["n"] == [1, 2, 3, 4, 5] and summary["grid"]["d"] == [2, 4, 6, 8, 10]
    wit = records((tmp_path / "res" / "witness.jsonl").read_text())
    assert len(wit) == 2 * 5 * 6 * 5 and all(x["passed"] for x in wit)


def test_theorem_json():
    r = run("theorem", "--n", "2..6", "--r", "2..4", "--d", "2..7", "--json", "--cross-check", "300")
    assert r.returncode == 0, r.stderr
    recs = records(r.stdout)
    assert len(recs) == 5 * 3
    for rec in recs:
        assert {"check", "n", "r", "regime", "witness", "proved_all_d", "formula", "checks"} <= rec.keys()
        assert rec["proved_all_d"] and set(rec["formula"]) == {str(d) for d in range(2, 8)}
        assert all(rec["formula"][d] == v for d, v in rec["cross_check"].items())


def test_theorem_partitions_and_bad_d():
    r = run("theorem", "--n", "3", "--r", "2", "--d", "4..6", "--partitions", "--json")
    assert r.returncode == 0, r.stderr
    assert [x["check"] for x in records(r.stdout)] == ["theorem", "partitions", "partitions", "partitions"]
    r = run("theorem", "--n", "3", "--r", "2", "--d", "16", "--partitions")
    assert r.returncode == 2 and r.stderr.count("\n") == 1


# --- exit codes and one-line errors (issue: hardening) ------------------------------------


def one_line_error(r):
    return r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_modular_rank_below_the_bound_is_inconclusive_not_failed():
    r = run("generic", "--n", "3..4", "--r", "3..4", "--d", "4,6", "--prime", "2", "--json", "--no-progress")
    recs = records(r.stdout)
    assert all(x["passed"] is not False for x in recs)
    low = [x for x in recs if x["theorem_bound"] is not None and x["lower"] < x["theorem_bound"]]
    assert all(x["status"] == "inconclusive" for x in low)
    assert r.returncode == (3 if any(x["status"] == "inconclusive" for x in recs) else 0)


def test_skipped_cases_make_the_run_incomplete():
    r = run("generic", "--n", "3", "--r", "3", "--d", "4,8", "--max-work", "100", "--no-progress")
    assert r.returncode == 3
    assert "skipped" in r.stdout
    # full rank (r >= n): no cut below the side, the 50^20 x 50^20 matrix itself would be eliminated
    r = run("generic", "--n", "50", "--r", "60", "--d", "40", "--no-progress")
    assert r.returncode == 3 and "skipped" in r.stdout and r.stderr == ""


def test_a_huge_case_certified_through_the_kronecker_factors():
    """n = 50, r = 3, d = 40: a 50^20 x 50^20 matricization of rank 3^39, certified from 40 Kronecker
    factors of 50 x 9 (or 50 x 3) by Sylvester's inequality, exactly; no matrix of that side is built."""
    r = run("generic", "--n", "50", "--r", "3", "--d", "40", "--json", "--no-progress")
    assert r.returncode == 0, r.stderr
    (rec,) = records(r.stdout)
    assert rec["lower"] == rec["upper"] == 3**39 and rec["exact"] and rec["rows"] == 50**20
    assert rec["method"] == "cut factors A.B (Sylvester)" and rec["passed"]


@pytest.mark.parametrize(
    "args",
    [
        ["generic", "--out", "/nonexistent-dir/x.jsonl"],
        ["generic", "--out", "/"],
        ["generic", "--out", "x.txt"],
        ["generic", "--seed", "-1"],
        ["generic", "--n", "1..1000000000000"],
        ["generic", "--d", "2..100000000"],
        ["witness", "--out", "/nonexistent-dir/w.jsonl"],
        ["theorem", "--n", "5000"],
        ["theorem", "--jobs", "0"],
        ["figure", "--out", "/nonexistent-dir/f.png"],
        ["certify", "--n", "2", "--r", "3", "--d", "4", "--out", "/nonexistent-dir/c.json"],
        ["run", "--memory-budget", "lots"],
        ["generic", "--", "--cores", "\n", "--d", "2"],  # argparse echoes the newline (fuzz)
        ["witness", "--d", "2\n4"],
        ["check", "no\nsuch\rfile.json"],  # an OSError whose file name holds a newline
    ],
    ids=lambda a: " ".join(a)[:40].encode("unicode_escape").decode(),
)
def test_bad_input_is_one_line_and_fast(args, tmp_path):
    t0 = time.perf_counter()
    r = run(*args, cwd=tmp_path)
    assert one_line_error(r), (r.returncode, r.stderr)
    assert time.perf_counter() - t0 < 10


def test_writing_to_a_full_device_is_one_line(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    r = run("certify", "--n", "2", "--r", "2", "--d", "4", "--out", "/dev/full")
    assert one_line_error(r) and "No space left" in r.stderr, r.stderr


def test_closed_pipe_ends_quietly_with_a_nonzero_status(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", "--json", "--out", str(tmp_path / "v"), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert proc.returncode == 141 and "Traceback" not in err and "Exception" not in err
    assert json.loads((tmp_path / "v" / "summary.json").read_text())["complete"] is False


@pytest.mark.parametrize(
    "args",
    [
        ["--n", "1", "--d", "1000", "--out", "res"],
        ["witness", "--n", "1", "--r", "2,3", "--d", "1000", "--cores", "different", "--json"],
        ["generic", "--n", "1", "--r", "3", "--d", "999,1000", "--cores", "both", "--partition", "half", "--json"],
        ["certify", "--n", "1", "--r", "2", "--d", "1000", "--out", "c.json"],
    ],
    ids=["run", "witness", "generic", "certify"],
)
def test_more_modes_than_numpy_has_axes(args, tmp_path):
    """n = 1 makes d = 1000 a one-entry tensor: every command handles it, though numpy arrays stop
    at 64 axes (found by the fuzz campaign: `--n 1 --d 1000` once ended in a traceback)."""
    r = run(*args, "--no-progress", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    if args[0] == "certify":
        c = run("check", "c.json", cwd=tmp_path)
        assert c.returncode == 0 and "rank >= 1" in c.stdout, c.stdout + c.stderr


def test_unravel_is_numpys_where_numpy_reaches():
    import numpy as np

    from verify.tt import unravel

    rng = np.random.default_rng(0)
    for _ in range(200):
        sizes = [int(x) for x in rng.integers(1, 5, rng.integers(1, 8))]
        i = int(rng.integers(0, int(np.prod(sizes))))
        assert unravel(i, sizes) == [int(x) for x in np.unravel_index(i, sizes)]
    assert unravel(0, [1] * 1000) == [0] * 1000


_INTERRUPT_AT_IMPORT = """
import os, signal, sys

class _Interrupt:  # a Ctrl-C that arrives while the named module is being imported
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["INTERRUPT_AT_IMPORT"]:
            if os.environ.get("INTERRUPT_BY") == "signal":  # a real SIGINT, through the handlers
                os.kill(os.getpid(), signal.SIGINT)
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, _Interrupt())
"""


def _default_sigint():
    """A background job starts with SIGINT ignored, and so would its children (Python then installs
    no KeyboardInterrupt handler at all): give the child the default disposition."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(
    "package, module, args, line",
    [
        ("verify", "numpy", ["run", "--n", "2", "--r", "3", "--d", "4"], "verify: interrupted; records written"),
        ("verify", "_datetime", ["run", "--n", "2", "--r", "3", "--d", "4"], "verify: interrupted; records written"),
        ("verify", "logging", ["run", "--n", "2", "--r", "3", "--d", "4"], "verify: interrupted; records written"),
        ("ttnet", "argparse", ["train", "--epochs", "1"], "ttnet: interrupted before anything was trained"),
        ("ttnet", "numpy", ["train", "--epochs", "1"], "ttnet: interrupted; the last finished epoch"),
        ("ttnet", "torch", ["train", "--epochs", "1"], "ttnet: interrupted; the last finished epoch"),
    ],
)
def test_ctrl_c_while_the_cli_loads(tmp_path, package, module, args, line):
    """numpy, FLINT and torch take a noticeable part of a second to import: a Ctrl-C then gets the
    CLI's one line and 130, not Python's traceback and "killed by SIGINT"."""
    (tmp_path / "sitecustomize.py").write_text(_INTERRUPT_AT_IMPORT)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "INTERRUPT_AT_IMPORT": module, "INTERRUPT_BY": "signal"}
    r = subprocess.run(
        [sys.executable, "-m", package, *args, "--out" if package == "verify" else "--out-dir", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        preexec_fn=_default_sigint,  # as from a terminal, also when the suite runs in a background job
    )
    assert (r.returncode, r.stderr.count("\n")) == (130, 1), r.stderr
    assert r.stderr.startswith(line) and "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_ctrl_c_while_importing_the_library_stays_an_interrupt(tmp_path):
    """The CLI's handling is only for ``python -m verify``: a program that imports the package keeps
    its KeyboardInterrupt."""
    (tmp_path / "sitecustomize.py").write_text(_INTERRUPT_AT_IMPORT)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "INTERRUPT_AT_IMPORT": "numpy"}
    code = "try:\n    import verify\nexcept KeyboardInterrupt:\n    print('caught')\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "caught\n", "")


# --- outputs written whole replace only an earlier output of their kind ----------------------------


@pytest.mark.parametrize(
    "args, name",
    [
        (["generic", "--n", "2", "--r", "3", "--d", "2"], "user.csv"),
        (["generic", "--n", "2", "--r", "3", "--d", "2"], "user.md"),
        (["certify", "--n", "2", "--r", "3", "--d", "4"], "user.json"),
        (["certify", "--n", "2", "--r", "3", "--d", "4", "--cores", "both"], "certs/cert-equal-n2-r3-d4.json"),
        (["figure", "--n", "2", "--r", "3", "--d", "2..4"], "user.png"),
    ],
    ids=["csv", "md", "certificate", "certificate in a grid folder", "figure"],
)
def test_a_users_file_is_never_replaced(tmp_path, args, name):
    f = tmp_path / name
    f.parent.mkdir(exist_ok=True)
    before = b'{"user": "alice", "x": 1}\n' if name.endswith(".json") else b"the user's own data\n"
    f.write_bytes(before)
    out = "certs" if "certs/" in name else name
    r = run(*args, "--out", out, "--no-progress", cwd=tmp_path)
    assert one_line_error(r) and "is left as it is" in r.stderr, r.stderr
    assert f.read_bytes() == before and r.stdout == ""
    f.unlink()
    assert run(*args, "--out", out, "--no-progress", cwd=tmp_path).returncode == 0
    first = f.read_bytes()
    assert first and first != before
    r = run(*args, "--out", out, "--no-progress", cwd=tmp_path)  # its own earlier output: replaced
    assert r.returncode == 0, r.stderr


# --- refusals in seconds and a few hundred MB: grids are counted before they are built -------------

_PEAK = """
import resource, subprocess, sys
r = subprocess.run([sys.executable, "-m", "verify", *sys.argv[1:]], capture_output=True, text=True)
sys.stdout.write(repr((r.returncode, r.stdout, r.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))
"""


def run_measured(*args, cwd=None):
    """Exit status, stdout, stderr, seconds and the peak resident memory (MB) of one command."""
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, cwd=cwd)
    rc, out, err, kb = eval(r.stdout)
    return rc, out, err, time.perf_counter() - t0, kb / 1024


@pytest.mark.parametrize(
    "args",
    [
        ["theorem", "--n", "1..4096", "--r", "1..4096"],
        ["witness", "--n", "1..4096", "--r", "1..4096", "--d", "2..1000", "--no-rank"],
        ["lemma", "--n", "1..4096", "--r", "1..4096", "--method", "automaton"],
        ["generic", "--n", "1..100", "--r", "1..100", "--d", "2..1000"],
        ["run", "--n", "1..100", "--r", "1..100", "--d", "2..10"],
        ["certify", "--n", "1..100", "--r", "1..100", "--d", "2..100", "--out", "certs"],
        ["lemma", "--n", "1..20", "--r", "1..100", "--d", "2..100"],  # brute force pushes it over: counted as built
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_an_oversized_grid_is_refused_in_seconds(tmp_path, args):
    """The old code built every case first: 23-56 s and 2.8 GB (under a 3 GB limit), then "out of
    memory"; generic estimated every case's work first (over 5 minutes)."""
    rc, out, err, seconds, mb = run_measured(*args, "--no-progress", cwd=tmp_path)
    assert rc == 2 and err.count("\n") == 1 and "more than 200000" in err and out == "", err
    assert seconds < 5 and mb < 300, (seconds, mb)
    assert not (tmp_path / "certs").exists() or not any((tmp_path / "certs").iterdir())


def test_a_legal_grid_of_long_cases_starts_at_once(tmp_path):
    """99,900 generic cases up to d = 1000: the first record comes at once (the old code spent over
    three minutes estimating every case's work before running any)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", "generic", "--n", "1..10", "--r", "1..10", "--d", "2..1000", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    try:
        import select

        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready, "no record within 30 s"
        first = json.loads(proc.stdout.readline())
    finally:
        proc.kill()
        proc.wait()
    assert (first["n"], first["r"], first["d"]) == (1, 1, 2)
    assert time.perf_counter() - t0 < 10


# --- the smaller items: messages, help texts, one prefix, the last line ------------------------------


def test_a_200_digit_prime_is_named_for_what_it_is(tmp_path):
    """The old message: "'100000... is not an integer" (a quote left open; it is an integer)."""
    p = str(10**199 + 153)
    for cmd in ("generic", "witness", "theorem"):
        r = run(cmd, "--n", "2", "--r", "3", "--d", "2", "--prime", p, cwd=tmp_path)
        assert one_line_error(r) and "below 2**64" in r.stderr and "200 digits" in r.stderr, r.stderr
    r = run("generic", "--n", "2", "--r", "3", "--d", "2", "--prime", "1" * 300 + "x", cwd=tmp_path)
    assert one_line_error(r) and "(301 characters)" in r.stderr and r.stderr.count("'") % 2 == 0, r.stderr


def test_a_million_digit_integer_and_a_key_twice_in_a_certificate(tmp_path):
    """Python's digit limit: named as such, not "use sys.set_int_max_str_digits()"; a key twice: refused
    (the old checker took the last one)."""
    (tmp_path / "big.json").write_text('{"rank": ' + "1" * 10**6 + "}")
    r = run("check", "big.json", cwd=tmp_path)
    assert one_line_error(r) and "an integer of 1000000 digits" in r.stderr
    assert "set_int_max_str_digits" not in r.stderr
    assert run("certify", "--n", "2", "--r", "3", "--d", "4", "--out", "c.json", cwd=tmp_path).returncode == 0
    text = (tmp_path / "c.json").read_text()
    (tmp_path / "c.json").write_text(text.replace('"rank": 4', '"rank": 4, "rank": 5'))
    r = run("check", "c.json", cwd=tmp_path)
    assert one_line_error(r) and "'rank' appears twice" in r.stderr, r.stderr


def test_out_names_are_printed_escaped(tmp_path):
    r = run("certify", "--n", "2", "--r", "3", "--d", "4", "--out", "bad\nname.json", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.count("\n") == 1 and "bad\\nname.json" in r.stdout, r.stdout
    r = run("figure", "--n", "2", "--r", "3", "--d", "2..4", "--out", "f\tig.png", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.count("\n") == 1 and "f\\tig.png" in r.stdout, r.stdout
    r = run("certify", "--n", "2..3", "--r", "3", "--d", "4", "--out", "c\nd", "--no-progress", cwd=tmp_path)
    assert r.returncode == 0 and "c\\nd/cert-equal-n2-r3-d4.json" in r.stdout, r.stdout


@pytest.mark.parametrize(
    "args",
    [["generic", "--prime", "x"], ["generic", "--bogus"], ["witness", "--d"], ["--bogus"], ["lemma", "--method", "x"]],
    ids=" ".join,
)
def test_one_error_prefix(args, tmp_path):
    """argparse's errors began "python -m verify generic: error:", every other one "verify: error:"."""
    r = run(*args, cwd=tmp_path)
    assert one_line_error(r) and r.stderr.startswith("verify: error: "), r.stderr


def test_every_option_says_what_it_does_and_its_default():
    """Every option has a help text, and one with a default value names it (lemma --method had neither)."""
    from verify.cli import build_parser

    parser = build_parser()
    for name, sub in parser._subparsers._group_actions[0].choices.items():
        for action in sub._actions:
            if not action.option_strings or action.dest == "help":
                continue
            assert action.help, f"{name} {action.option_strings}"
            if action.default not in (None, False, True) and action.dest != "progress":
                assert "default" in action.help, f"{name} {action.option_strings}: {action.help}"
    theorem = parser._subparsers._group_actions[0].choices["theorem"]
    (prime,) = [a for a in theorem._actions if a.dest == "prime"]
    assert "blas" not in prime.help and "flint" not in prime.help  # theorem has no --backend
    witness = parser._subparsers._group_actions[0].choices["witness"]
    (jobs,) = [a for a in witness._actions if a.dest == "jobs"]
    assert "4 a core" in jobs.help
    (backend,) = [a for a in witness._actions if a.dest == "backend"]
    assert "exact" in backend.help  # why witness's default differs from generic's


def test_certify_names_the_file_it_writes_and_refuses_a_file_name_for_a_grid(tmp_path):
    r = run("certify", "--help")
    assert "certificate.jsonl" in r.stdout and "certify.jsonl" not in r.stdout
    r = run("certify", "--n", "2..3", "--r", "3", "--d", "4", "--out", "c.json", cwd=tmp_path)
    assert one_line_error(r) and "name a folder" in r.stderr and not (tmp_path / "c.json").exists()
    r = run("certify", "--n", "2..3", "--r", "3", "--d", "4", "--out", "certs", "--no-progress", cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "certs" / "certificate.jsonl").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["witness", "--n", "2", "--r", "1..3", "--d", "2,3"],
        ["lemma", "--n", "2", "--r", "3", "--d", "2"],
        ["generic", "--n", "2", "--r", "3", "--d", "2..4", "--max-work", "10"],
        ["theorem", "--n", "2", "--r", "3", "--d", "2,4"],
        ["certify", "--n", "2..3", "--r", "3", "--d", "4", "--out", "certs"],
    ],
    ids=lambda a: a[0],
)
def test_every_table_ends_with_what_held(args, tmp_path):
    r = run(*args, "--no-progress", cwd=tmp_path)
    last = r.stdout.splitlines()[-1]
    assert last.startswith(("ALL CHECKS HOLD: ", "INCOMPLETE: ", "SOME CHECK FAILED: ")), r.stdout
    n = len(r.stdout.splitlines()) - 2  # the header and this line
    assert f": {n} records, " in last
    assert last.startswith({0: "ALL CHECKS HOLD", 3: "INCOMPLETE"}[r.returncode])
    json_lines = run(*args, "--no-progress", "--json", cwd=tmp_path).stdout.splitlines()
    assert all(json.loads(x) for x in json_lines)  # --json: records only
