"""Fuzz suite (marker ``fuzz``): hostile argument vectors for every subcommand of both command
lines, and corrupted certificates, IDX files and checkpoints.

Each example runs in a forked child of ``tests/fuzz_server.py`` under an address-space limit
(``FUZZ_MEMORY``, default 3 GiB) and a timeout (``FUZZ_TIMEOUT``, default 60 s), in a fresh
folder.  Every example must: exit with 0, 1, 2, 3 or 130; print no traceback; print at most one
line on stderr; and change nothing outside the output paths it names (``--out``, ``--out-dir``,
``--plot``, ``--data`` for fetch; the command's default output folder when it names none).
Two targets fuzz the data a run reads back: ``--out`` files with foreign and malformed lines
(refused untouched, or resumed with every line kept) and ``--scheduler`` strings (refused in one
line).

The value strategies mix small valid values with every kind of bad one (empty, negative, huge,
non-numeric, NaN, unicode, long).  Valid values are kept small on purpose: a valid request for
hours of training is not a hang.  Examples per target: ``FUZZ_EXAMPLES`` (default 20; the
campaign profile runs 10,000: ``HYPOTHESIS_PROFILE=campaign FUZZ_EXAMPLES=10000 pytest -m fuzz``).
``FUZZ_LOG=FILE`` appends one JSON line per example (seconds, exit status, argv): where a
campaign's time goes.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracles import cert_tensor, koszul_dense, rank_q, whole_matricization

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
TIMEOUT = float(os.environ.get("FUZZ_TIMEOUT", "60"))
MEMORY = int(os.environ.get("FUZZ_MEMORY", str(3 * 2**30)))
ALLOWED = {0, 1, 2, 3, 130}
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

MNIST_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


class Server:
    def __init__(self, tmp: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "fuzz_server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        self.tmp = tmp
        self.count = 0

    def run(self, module: str, argv: list[str], cwd: Path, env: dict | None = None) -> dict:
        self.count += 1
        io = self.tmp / f"io{self.count}"
        io.mkdir()
        req = {
            "module": module,
            "argv": argv,
            "cwd": str(cwd),
            "io": str(io),
            "timeout": TIMEOUT,
            "memory": MEMORY,
            "env": env or {},
        }
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        if os.environ.get("FUZZ_LOG"):
            with open(os.environ["FUZZ_LOG"], "a") as fh:
                fh.write(json.dumps({"s": reply["seconds"], "rc": reply["rc"], "argv": argv}) + "\n")
        shutil.rmtree(io, ignore_errors=True)
        return reply

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("fuzz-io"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A cache folder of links to the real MNIST files, fetched once (like the mnist tests) if
    they are not cached yet; the fuzzed commands themselves never download."""
    from ttnet.data import fetch_mnist

    paths = fetch_mnist()
    d = tmp_path_factory.mktemp("mnist-cache")
    for f in MNIST_FILES:
        (d / paths[f].name).symlink_to(paths[f].resolve())
    return d


# --- strategies ---------------------------------------------------------------------------

JUNK = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "-0",
        "1e309",
        "nan",
        "inf",
        "-inf",
        "99999999999999999999999999",
        "1..",
        "..2",
        "2..1",
        "1,,2",
        ",",
        "a",
        "٣",
        "x" * 300,
        "0x10",
        " 3 ",
        "1.5",
        "-2G",
        "0G",
        "1T",
        "--json",
        "10**9",
        "1..1000000000000",
        "5000",
        "2" * 40,
    ]
) | st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


def value(valid):
    return st.one_of(valid, JUNK)


SMALL_N = st.sampled_from(["1", "2", "3", "1..3", "2,3", "2..4", "4", "5"])
SMALL_R = st.sampled_from(["1", "2", "3", "4", "2..3", "1,3"])
SMALL_D = st.sampled_from(["2", "3", "4", "2..6", "2,4", "5", "6", "8", "999", "1000"])
OUT_FILE = st.sampled_from(
    ["out.jsonl", "o.csv", "o.md", "o.txt", "missing/x.jsonl", ".", "dir", "", "out.png", "c.json"]
)


def options(spec, junk_options=True):
    """A list of argv tokens: some of the ``spec`` options (flag -> value strategy or None) in
    random order, plus, sometimes, unknown options and stray words."""

    @st.composite
    def strat(draw):
        names = draw(st.lists(st.sampled_from(sorted(spec)), unique=True, max_size=len(spec)))
        argv = []
        for name in names:
            argv.append(name)
            if spec[name] is not None:
                argv.append(draw(spec[name]))
        if junk_options and draw(st.integers(0, 9)) == 0:
            argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(["--bogus", "-x", "extra", "--", "-"])))
        return argv

    return strat()


GRID = {
    "--n": value(SMALL_N),
    "--r": value(SMALL_R),
    "--d": value(SMALL_D),
    "--json": None,
    "--memory-budget": value(st.sampled_from(["2G", "512M", "100M", "1000000", "64K"])),
    "--jobs": value(st.sampled_from(["1"])),
    "--no-progress": None,
}
VERIFY = {
    "run": GRID
    | {
        "--backend": value(st.sampled_from(["flint", "galois", "sympy"])),
        "--prime": value(st.sampled_from(["2", "3", "65521", "2147483647", "4", "18446744073709551629"])),
        "--cores": value(st.sampled_from(["equal", "different", "both"])),
        "--out": value(st.sampled_from(["res", "dir", "res/sub"])),
        "--fresh": None,
        "--max-work": value(st.sampled_from(["1", "1e6", "1e12"])),
    },
    "witness": GRID
    | {
        "--backend": value(st.sampled_from(["flint", "galois", "sympy"])),
        "--prime": value(st.sampled_from(["2", "7", "2147483647", "9"])),
        "--cores": value(st.sampled_from(["equal", "different"])),
        "--no-rank": None,
        "--odd-witness": None,
        "--out": value(OUT_FILE),
        "--max-work": value(st.sampled_from(["1", "1e6", "1e12"])),
    },
    "lemma": GRID
    | {
        "--cores": value(st.sampled_from(["equal", "different"])),
        "--method": value(st.sampled_from(["all", "bruteforce", "paths", "automaton"])),
        "--out": value(OUT_FILE),
    },
    "generic": GRID
    | {
        "--cores": value(st.sampled_from(["equal", "different", "both"])),
        "--draws": value(st.sampled_from(["1", "2"])),
        "--seed": value(st.sampled_from(["0", "1", "7"])),
        "--prime": value(st.sampled_from(["2", "5", "2147483647", "2147483659"])),
        "--partition": value(st.sampled_from(["oddeven", "half", "0", "0,1", "0,2,3", "1,0", "0,0", "5", "9,1"])),
        "--out": value(OUT_FILE),
        "--max-work": value(st.sampled_from(["1", "1e6", "1e12"])),
    },
    "theorem": GRID
    | {
        "--prime": value(st.sampled_from(["3", "2147483647"])),
        # valid values are kept small: --cross-check 4096 is minutes of legitimate ranks
        "--cross-check": st.sampled_from(["0", "50", "300", "-1", "", "x", "1e3", "٣"]),
        "--partitions": None,
        "--out": value(OUT_FILE),
    },
    "figure": {
        "--n": value(st.sampled_from(["2", "3"])),
        "--r": value(st.sampled_from(["2", "3"])),
        "--d": value(st.sampled_from(["2..6", "4", "2,3"])),
        "--seed": value(st.sampled_from(["0", "3"])),
        "--prime": value(st.sampled_from(["2147483647", "5"])),
        "--out": value(st.sampled_from(["f.png", "f.svg", "f.jpg", "missing/f.png", "dir"])),
        "--memory-budget": value(st.sampled_from(["2G"])),
        "--max-work": value(st.sampled_from(["1e9"])),
        "--no-progress": None,
    },
    "certify": {
        "--n": value(st.sampled_from(["2", "3", "2..3"])),
        "--r": value(st.sampled_from(["2", "3"])),
        "--d": value(st.sampled_from(["2", "4", "6"])),
        "--cores": value(st.sampled_from(["equal", "different", "both"])),
        "--seed": value(st.sampled_from(["0", "1"])),
        "--prime": value(st.sampled_from(["2147483647", "65521", "4"])),
        "--partition": value(st.sampled_from(["oddeven", "half", "0,2"])),
        "--method": value(st.sampled_from(["auto", "minor", "cut", "kron"])),
        "--out": value(st.sampled_from(["c.json", "certs", "dir", "missing/c.json"])),
        "--max-work": value(st.sampled_from(["1e9", "1"])),
        "--json": None,
        "--no-progress": None,
    },
}


def out_paths(argv: list[str], defaults: list[str]) -> list[str]:
    keys = ("--out", "--out-dir", "--plot", "--data")
    found = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in keys]
    return found or defaults


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for p in folder.rglob("*"):
        if p.is_file() or p.is_symlink():
            st_ = p.lstat()
            out[str(p.relative_to(folder))] = (st_.st_size, st_.st_mtime_ns)
    return out


def check(reply: dict, before: dict, after: dict, allowed: list[str], argv: list[str]) -> None:
    where = f"argv = {argv!r}\nstderr = {reply['stderr'][-2000:]!r}"
    assert not reply["timed_out"], f"timed out after {TIMEOUT} s: {where}"
    assert reply["rc"] in ALLOWED, f"exit {reply['rc']}: {where}"
    assert "Traceback" not in reply["stderr"], where
    assert reply["stderr"].count("\n") <= 1, where
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    prefixes = [str(Path(a)) for a in allowed if a not in ("", ".")]
    stray = [c for c in changed if not any(c == p or c.startswith(p) for p in prefixes)]
    assert not stray, f"wrote outside its output paths: {stray[:5]}: {where}"


def fresh_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("case")
    (d / "dir").mkdir()
    return d


# --- verify -------------------------------------------------------------------------------


@st.composite
def verify_argv(draw, command):
    argv = draw(options(VERIFY[command]))
    # the default grids are legitimate work (the full run a minute, lemma's 5 s): keep them small
    if command in ("run", "lemma"):
        for opt, strat in (("--n", SMALL_N), ("--d", st.sampled_from(["2", "2,4", "4"]))):
            if opt not in argv:
                argv += [opt, draw(value(strat))]
    return argv


@pytest.mark.parametrize("command", sorted(VERIFY))
def test_verify_commands(command, server, tmp_path_factory):
    defaults = {"run": ["results/verify"]}.get(command, [])

    @FUZZ
    @given(verify_argv(command))
    def inner(argv):
        cwd = fresh_dir(tmp_path_factory)
        before = snapshot(cwd)
        full = [command, *argv]
        reply = server.run("verify", full, cwd)
        check(reply, before, snapshot(cwd), out_paths(full, defaults), full)
        shutil.rmtree(cwd, ignore_errors=True)

    inner()


@pytest.fixture(scope="module", params=["minor", "cut", "koszul"])
def certificate(request, tmp_path_factory):
    """A certificate of each schema: a minor (n = 2, r = 3, d = 6), a cut (n = 4, r = 2, d = 6) and
    a Koszul flattening (n = 3, r = 3, d = 5)."""
    d = tmp_path_factory.mktemp("cert")
    nrd = {
        "minor": ["--n", "2", "--r", "3", "--d", "6"],
        "cut": ["--n", "4", "--r", "2", "--d", "6"],
        "koszul": ["--n", "3", "--r", "3", "--d", "5"],
    }[request.param]
    r = subprocess.run(
        [sys.executable, "-m", "verify", "certify", *nrd, "--method", request.param, "--out", str(d / "c.json")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    return (d / "c.json").read_bytes()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.sampled_from([10**4000, -1, 0, 2**64, 10**9])
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def mutate_json(draw, obj, depth=0):
    """Replace, delete or insert somewhere inside ``obj`` (a parsed JSON value)."""
    if depth > 6 or not isinstance(obj, (dict, list)) or not obj or draw(st.integers(0, 5)) == 0:
        return draw(JSON_VALUES)
    if isinstance(obj, dict):
        key = draw(st.sampled_from(sorted(obj)))
        action = draw(st.integers(0, 6))
        if action == 0:
            return {k: v for k, v in obj.items() if k != key}
        if action == 1:
            return obj | {draw(st.text(max_size=6)): draw(JSON_VALUES)}
        return obj | {key: mutate_json(draw, obj[key], depth + 1)}
    i = draw(st.integers(0, len(obj) - 1))
    action = draw(st.integers(0, 6))
    if action == 0:
        return obj[:i] + obj[i + 1 :]
    if action == 1:
        return obj + [draw(JSON_VALUES)]
    return obj[:i] + [mutate_json(draw, obj[i], depth + 1)] + obj[i + 1 :]


@st.composite
def mutated_certificate(draw, raw: bytes):
    if draw(st.booleans()):
        obj = json.loads(raw)
        for _ in range(draw(st.integers(1, 3))):
            obj = mutate_json(draw, obj)
        return json.dumps(obj).encode()
    return _corrupt(draw, raw)


def test_verify_check_mutated_certificates(server, certificate, tmp_path_factory):
    @FUZZ
    @given(st.data())
    def inner(data):
        cwd = fresh_dir(tmp_path_factory)
        (cwd / "c.json").write_bytes(data.draw(mutated_certificate(certificate)))
        before = snapshot(cwd)
        full = ["check", "c.json"]
        reply = server.run("verify", full, cwd)
        check(reply, before, snapshot(cwd), [], full)
        assert reply["rc"] in (0, 2), reply
        if reply["rc"] == 0:  # accepted: the claim must hold (FLINT, over Q, on the dense tensor of its cores)
            obj = json.loads((cwd / "c.json").read_bytes())
            if "grouping" in obj:  # a Koszul certificate: the whole Koszul matrix, built by the oracle
                g = obj["grouping"]
                whole = koszul_dense(cert_tensor(obj), g["A"], g["B"], g["C"], obj["quotient"], obj["p"])
            else:
                whole = whole_matricization(cert_tensor(obj), obj["row_modes"], obj["col_modes"])
            assert rank_q(whole) >= obj["rank"], obj
        shutil.rmtree(cwd, ignore_errors=True)

    inner()


# --- --out files that hold more than this project's records; --scheduler strings -------------------

OUT_GRIDS = {
    "generic": ["generic", "--n", "2", "--r", "3", "--d", "2..4", "--no-progress"],
    "witness": ["witness", "--n", "2", "--r", "3", "--d", "2,4", "--no-progress"],
}


@pytest.fixture(scope="module")
def own_lines(tmp_path_factory):
    """The lines each command writes to its --out (generic's and witness's, for a grid a little
    smaller than the fuzzed one, so that a fuzzed run has cases to compute)."""
    d = tmp_path_factory.mktemp("own")
    out = {}
    for name, argv in OUT_GRIDS.items():
        small = [a if a not in ("2..4", "2,4") else "2" for a in argv]
        r = subprocess.run(
            [sys.executable, "-m", "verify", *small, "--out", str(d / f"{name}.jsonl")], capture_output=True, text=True
        )
        assert r.returncode == 0, r.stderr
        out[name] = (d / f"{name}.jsonl").read_bytes().splitlines(keepends=True)
    return out


@st.composite
def hostile_line(draw, own):
    """One line of an --out file that this project did not write (or no longer wrote as it is)."""
    mine = draw(st.sampled_from(own))
    kind = draw(st.sampled_from(["json", "edited", "twice", "bytes", "legacy", "blank", "other command"]))
    if kind == "json":
        return json.dumps(draw(JSON_VALUES)).encode() + b"\n"
    if kind == "edited":
        obj = json.loads(mine)
        key = draw(st.sampled_from(sorted(k for k in obj if k != "record_sha256")))
        return json.dumps(obj | {key: draw(JSON_VALUES.filter(lambda v: v != obj[key]))}).encode() + b"\n"
    if kind == "twice":
        return mine.rstrip(b"}\n") + b', "passed": false}\n'
    if kind == "bytes":
        return _corrupt(draw, mine.rstrip(b"\n")).replace(b"\n", b" ") + b"\n"
    if kind == "legacy":
        obj = json.loads(mine)
        obj.pop("record_sha256")
        return json.dumps(obj).encode() + b"\n"
    if kind == "blank":
        return draw(st.sampled_from([b"\n", b"  \n", b"\t\n"]))
    return b"OTHER"  # replaced by a line of the other command's --out


def _own(line: bytes, command: str) -> bool:
    """Whether ``line`` is a record ``command`` wrote, unedited: checked here from its definition
    (the SHA-256 of the record's canonical JSON, without the digest, next to it; no key twice)."""
    import hashlib

    def pairs(kv):
        keys = [k for k, _ in kv]
        if len(set(keys)) != len(keys):
            raise ValueError("a key twice")
        return dict(kv)

    try:
        obj = json.loads(line, object_pairs_hook=pairs)
        digest = obj.pop("record_sha256")
        canon = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
        fn = {"generic": "verify.generic:generic_case", "witness": "verify.checks:witness_record"}[command]
        return digest == hashlib.sha256(canon).hexdigest() and obj["case"].startswith(fn + "{")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False


def test_verify_out_files_with_foreign_and_malformed_lines(server, own_lines, tmp_path_factory):
    """An --out file of a command's own lines with hostile ones mixed in (a user's JSON, an edited
    record, a key twice, corrupted bytes, a record without a digest, a blank line, another
    command's record, a last line without its newline): the run refuses it before computing
    anything, exit 2, naming the first line that is not its own, the file byte for byte as it was;
    with only its own lines (the last perhaps cut short) it resumes, exit 0, and every whole line
    is still there."""

    @FUZZ
    @given(st.sampled_from(sorted(OUT_GRIDS)), st.data())
    def inner(command, data):
        own = own_lines[command]
        other = own_lines["witness" if command == "generic" else "generic"]
        lines = list(data.draw(st.lists(st.sampled_from(own), max_size=3, unique=True)))
        foreign = data.draw(st.lists(hostile_line(own), max_size=3))
        foreign = [data.draw(st.sampled_from(other)) if x == b"OTHER" else x for x in foreign]
        for x in foreign:
            lines.insert(data.draw(st.integers(0, len(lines))), x)
        tail = data.draw(st.sampled_from([b"", b"", b'{"user": 1}', b'{"record_sha256": "ab', b"\xff"]))
        text = b"".join(lines) + tail
        bad = [k for k, x in enumerate(lines, 1) if not _own(x, command)]
        if tail and not tail.startswith(b'{"record_sha256": "'):
            bad.append(len(lines) + 1)
        cwd = fresh_dir(tmp_path_factory)
        (cwd / "out.jsonl").write_bytes(text)
        before = snapshot(cwd)
        full = [*OUT_GRIDS[command], "--out", "out.jsonl"]
        reply = server.run("verify", full, cwd)
        check(reply, before, snapshot(cwd), ["out.jsonl"], full)
        after = (cwd / "out.jsonl").read_bytes()
        if bad:
            assert reply["rc"] == 2 and after == text and reply["stdout"] == "", reply
            assert re.search(rf"line {bad[0]}\b", reply["stderr"]), (bad, reply)
        else:
            assert reply["rc"] == 0, reply
            kept = after.splitlines(keepends=True)
            assert all(x in kept for x in lines), reply
        shutil.rmtree(cwd, ignore_errors=True)

    inner()


SCHEDULERS = st.one_of(
    st.sampled_from(
        [
            "bogus://x",
            "127.0.0.1",
            "tcp://",
            "inproc://x",
            "ucx://127.0.0.1:1",
            "ws://127.0.0.1:1",
            "tcp://127.0.0.1:0",
            "tcp://127.0.0.1:65536",
            "tcp://127.0.0.1:1",
            "tls://127.0.0.1:1",
            "localhost:1",
            "tcp://[::1]:1",
            "tcp://[::1]",
            "tcp://[zz]:1",
            "tcp://127.0.0.1:1/path",
            " tcp://127.0.0.1:1",
            "",
            ":",
            ":1",
            "tcp://:1",
            "tcp://127.0.0.1:-1",
            "tcp://127.0.0.1:1e3",
            "tcp://" + "a" * 300 + ":1",
        ]
    ),
    st.builds(
        lambda scheme, host, port: f"{scheme}{host}{port}",
        st.sampled_from(["", "tcp://", "tls://", "udp://", "TCP://", "tcp:/", "tcp:///"]),
        st.sampled_from(["127.0.0.1", "localhost", "[::1]", "::1", "", "-x", "a..b", "١٢٧.0.0.1"]),
        st.sampled_from([":1", ":9", "", ":", ":0", ":99999", ":x", ":١"]),
    ),
    JUNK,
)


def test_verify_scheduler_strings(server, tmp_path_factory):
    """--scheduler: every string is refused in one line, exit 2, before anything is computed or
    written (no scheduler listens here)."""

    @FUZZ
    @given(st.sampled_from(["generic", "witness", "theorem"]), SCHEDULERS)
    def inner(command, address):
        cwd = fresh_dir(tmp_path_factory)
        before = snapshot(cwd)
        full = [command, "--n", "2", "--r", "3", "--d", "2", "--scheduler", address, "--no-progress"]
        reply = server.run("verify", full, cwd)
        check(reply, before, snapshot(cwd), [], full)
        assert reply["rc"] == 2 and reply["stdout"] == "" and reply["seconds"] < 10, reply
        shutil.rmtree(cwd, ignore_errors=True)

    inner()


# --- ttnet --------------------------------------------------------------------------------

TRAIN = {
    "--recipe": value(st.sampled_from(["seed", "improved", "mlp"])),
    "--cores": value(st.sampled_from(["equal", "different"])),
    "--batch-size": value(st.sampled_from(["32", "64", "128"])),
    "--lr": value(st.sampled_from(["1e-3", "0.01"])),
    "--rank": value(st.sampled_from(["2", "4", "8", "100000"])),
    "--features": value(st.sampled_from(["2", "4", "8"])),
    "--hidden": value(st.sampled_from(["0", "4", "-1", "5000"])),
    "--window": value(st.sampled_from(["7", "11", "8", "29", "-3", "x"])),
    "--order": value(st.sampled_from(["rows", "snake", "spiral"])),
    "--rotate": value(st.sampled_from(["0", "10", "45", "-5", "nan"])),
    "--zoom": value(st.sampled_from(["0", "0.1", "0.5", "2"])),
    "--clip": value(st.sampled_from(["0", "1.0", "-2"])),
    "--ema": value(st.sampled_from(["0", "0.9", "1", "1.5"])),
    "--contraction": value(st.sampled_from(["auto", "sequential", "tree"])),
    "--seed": value(st.sampled_from(["0", "1"])),
    "--device": value(st.sampled_from(["auto", "cpu", "cuda"])),
    "--threads": value(st.sampled_from(["1", "2"])),
    "--name": value(st.sampled_from(["t1", "a.b", "../x", "x/y", "-rf"])),
    "--out-dir": value(st.sampled_from(["runs", "dir"])),
    "--memory-budget": value(st.sampled_from(["4G", "1M"])),
    "--resume": None,
    "--dry-run": None,
    "--json": None,
    "--no-progress": None,
}
TTNET = {
    # valid training runs are kept short: --epochs and --train-limit are always given
    "train": (["--epochs", "--train-limit"], TRAIN, {"--epochs": ["1", "2"], "--train-limit": ["64", "300"]}),
    "bench": (
        ["--steps"],
        {
            "--ranks": value(st.sampled_from(["2", "4,8", "2,4"])),
            "--device": value(st.sampled_from(["cpu", "cuda", "auto"])),
            "--batch-size": value(st.sampled_from(["8", "16"])),
            "--memory-budget": value(st.sampled_from(["4G", "1K"])),
        },
        {"--steps": ["1", "2"]},
    ),
    "fetch": ([], {"--data": value(st.sampled_from(["mn", "dir", "missing/x"]))}, {}),
    "table": ([], {"--out-dir": value(st.sampled_from(["res", "dir", "missing"])), "--plot": JUNK}, {}),
    # reproduce with valid settings trains four networks for 20 epochs: always give one bad value
    "reproduce": (
        ["--recipes"],
        {
            "--device": value(st.sampled_from(["cpu"])),
            "--out-dir": value(st.sampled_from(["res"])),
            "--data": value(st.sampled_from(["dir"])),
            "--seeds": value(st.sampled_from(["0", "0,1", "x", "-1", "1,,2"])),
        },
        {"--recipes": ["bogus", "", "seed,,x", "improved,nope"]},
    ),
    # sweep with valid points trains eight networks for 20 epochs: always give bad points
    "sweep": (
        ["--points"],
        {
            "--recipe": value(st.sampled_from(["mlp", "seed", "nope"])),
            "--device": value(st.sampled_from(["cpu"])),
            "--out-dir": value(st.sampled_from(["res", "dir"])),
            "--data": value(st.sampled_from(["dir"])),
        },
        {"--points": ["equal:1x4", "equal:8x8,nope:4x4", "", "different:8x0", "equal:8x8;different:4x4"]},
    ),
}


def _long_count(text: str) -> bool:
    """A valid count that asks for minutes of legitimate work (``--steps 5000``, ``--epochs 999``):
    not a hang, so not drawn for the options that set the amount of work."""
    try:
        return int(text) > 10
    except ValueError:
        return False


@st.composite
def ttnet_argv(draw, command):
    forced, spec, forced_values = TTNET[command]
    argv = draw(options(spec))
    for opt in forced:
        good = st.sampled_from(forced_values[opt])
        junk = JUNK.filter(lambda v: not _long_count(v))
        argv += [opt, draw(good if command in ("reproduce", "sweep") else good | junk)]
    return argv


@pytest.mark.parametrize("command", sorted(TTNET))
def test_ttnet_commands(command, server, cache, tmp_path_factory):
    defaults = {"train": ["results/runs"], "reproduce": ["results/mnist"], "sweep": ["results/mnist/params"]}.get(
        command, []
    )

    @FUZZ
    @given(ttnet_argv(command))
    def inner(argv):
        cwd = fresh_dir(tmp_path_factory)
        before = snapshot(cwd)
        full = [command, *argv]
        reply = server.run("ttnet", full, cwd, env={"TTNET_CACHE": str(cache), "HOME": str(cwd)})
        check(
            reply,
            before,
            snapshot(cwd),
            out_paths(full, defaults) + (["results/runs"] if command == "train" else []),
            full,
        )
        shutil.rmtree(cwd, ignore_errors=True)

    inner()


def test_ttnet_corrupted_idx_files(server, cache, tmp_path_factory):
    small = ["t10k-labels-idx1-ubyte", "train-labels-idx1-ubyte"]

    @FUZZ
    @given(st.sampled_from(small), st.data(), st.booleans())
    def inner(name, data, gz):
        import gzip

        cwd = fresh_dir(tmp_path_factory)
        mn = cwd / "mn"
        mn.mkdir()
        from ttnet.data import _find, _read

        for f in MNIST_FILES:
            if f != name:
                src = _find(cache, f)
                (mn / src.name).symlink_to(src)
        raw = _read(_find(cache, name))
        bad = _corrupt(data.draw, raw)
        if gz:
            payload = gzip.compress(bad) if data.draw(st.booleans()) else bad
            (mn / f"{name}.gz").write_bytes(payload)
        else:
            (mn / name).write_bytes(bad)
        before = snapshot(cwd)
        full = ["fetch", "--data", "mn"]
        reply = server.run("ttnet", full, cwd, env={"TTNET_CACHE": str(cwd / "empty-cache"), "HOME": str(cwd)})
        check(reply, before, snapshot(cwd), ["mn", "empty-cache"], full)
        if bad != raw:
            assert reply["rc"] == 2, reply
        shutil.rmtree(cwd, ignore_errors=True)

    inner()


def _corrupt(draw, raw: bytes) -> bytes:
    """Byte-level corruption: changed bytes, truncation, insertion, or a new header."""
    kind = draw(st.sampled_from(["bytes", "truncate", "insert", "header"]))
    out = bytearray(raw)
    if kind == "bytes":
        for _ in range(draw(st.integers(1, 6))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    elif kind == "truncate":
        out = out[: draw(st.integers(0, len(out) - 1))]
    elif kind == "insert":
        pos = draw(st.integers(0, len(out)))
        out[pos:pos] = draw(st.binary(min_size=1, max_size=20))
    else:
        out[:8] = draw(st.binary(min_size=8, max_size=8))
    return bytes(out)


def test_parse_idx_raises_only_mnist_errors():
    from hypothesis import given as given_

    from ttnet.data import MnistError, parse_idx

    @FUZZ
    @given_(
        st.binary(max_size=64)
        | st.builds(lambda h, b: bytes([0, 0, 8]) + h + b, st.binary(min_size=1, max_size=17), st.binary(max_size=40))
    )
    def inner(data):
        try:
            parse_idx(data)
        except MnistError:
            pass

    inner()


@pytest.fixture(scope="module")
def checkpoint(cache, tmp_path_factory):
    d = tmp_path_factory.mktemp("ckpt")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "ttnet",
            "train",
            "--epochs",
            "1",
            "--train-limit",
            "128",
            "--out-dir",
            str(d),
            "--name",
            "c",
            "--no-progress",
            "--rank",
            "4",
            "--features",
            "4",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "TTNET_CACHE": str(cache)},
    )
    assert r.returncode == 0, r.stderr
    return (d / "checkpoints" / "c.pt").read_bytes()


def test_ttnet_corrupted_checkpoints(server, cache, checkpoint, tmp_path_factory):
    @FUZZ
    @given(st.data())
    def inner(data):
        cwd = fresh_dir(tmp_path_factory)
        (cwd / "o" / "checkpoints").mkdir(parents=True)
        (cwd / "o" / "checkpoints" / "c.pt").write_bytes(_corrupt(data.draw, checkpoint))
        before = snapshot(cwd)
        full = [
            "train",
            "--epochs",
            data.draw(st.sampled_from(["1", "2"])),
            "--train-limit",
            "128",
            "--out-dir",
            "o",
            "--name",
            "c",
            "--resume",
            "--no-progress",
            "--rank",
            "4",
            "--features",
            "4",
        ]
        reply = server.run("ttnet", full, cwd, env={"TTNET_CACHE": str(cache), "HOME": str(cwd)})
        check(reply, before, snapshot(cwd), ["o"], full)
        shutil.rmtree(cwd, ignore_errors=True)

    inner()
