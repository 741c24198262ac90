"""The execution layer: parallel = serial, resume after Ctrl-C or SIGKILL, partial lines, killed
workers, a real `dask scheduler` + `dask worker`, exit codes and one-line errors."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verify.campaign import Case, Store, record_line, run_cases
from verify.errors import BadParameterError

ROOT = Path(__file__).resolve().parent.parent
GRID = ["generic", "--n", "2..3", "--r", "2..3", "--d", "2..9", "--cores", "both", "--no-progress"]


def verify(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "verify", *args], capture_output=True, text=True, cwd=cwd, **kw)


def stable(path):
    """The records of a JSONL file without their timings, in file order."""
    out = []
    for line in Path(path).read_text().splitlines():
        rec = json.loads(line)
        rec.pop("seconds", None)
        rec.pop("record_sha256")  # every stored line carries its digest (over the timings too)
        out.append(rec)
    return out


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    path = tmp_path_factory.mktemp("serial") / "g.jsonl"
    r = verify(*GRID, "--out", str(path))
    assert r.returncode == 0, r.stderr
    return stable(path)


def test_store_drops_a_partial_last_line(tmp_path):
    f = tmp_path / "x.jsonl"
    a, b = record_line({"check": "t", "case": "m:f{}", "v": 1}), record_line({"check": "t", "case": "m:f{1}", "v": 2})
    f.write_text(a + b[:30])
    store = Store(f)
    assert list(store.load()) == ["m:f{}"]
    store.release()
    assert f.read_text() == a
    for cut in (2, 10):  # cut within the digest's key: still this project's form
        f.write_text(a + b[:cut])
        store = Store(f)
        store.load()
        store.release()
        assert f.read_text() == a


def test_resume_skips_stored_cases(tmp_path):
    cases = [Case("campaign_helpers:slow_case", {"k": k, "seconds": 0}) for k in range(6)]
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        store = Store(tmp_path / "s.jsonl")
        first = run_cases(cases[:4], store=store)
        assert first.computed == 4 and first.reused == 0
        second = run_cases(cases, store=Store(tmp_path / "s.jsonl"))
        assert second.reused == 4 and second.computed == 2
        assert [r["k"] for r in second.records] == list(range(6))
        assert [json.loads(x)["k"] for x in (tmp_path / "s.jsonl").read_text().splitlines()] == list(range(6))
    finally:
        sys.path.remove(str(ROOT / "tests"))


def test_killed_run_resumes_to_the_serial_result(tmp_path, serial):
    out = tmp_path / "g.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", *GRID, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or out.read_text().count("\n") < 5):
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open(out, "a") as fh:
        fh.write(Path(out).read_text().splitlines()[0][:70])  # as if killed in the middle of a line
    done = out.read_text().count("\n")
    assert 0 < done < len(serial)
    r = verify(*GRID, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert stable(out) == serial


SLOW = ["generic", "--n", "2..4", "--r", "3", "--d", "2,4,6,8,10,12", "--cores", "equal", "--no-progress"]


def default_sigint():
    """A shell that starts the tests in the background makes them ignore SIGINT, and children
    inherit that; give the child the default handler, as a terminal would."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.cluster)])
def test_ctrl_c_keeps_records_and_the_rerun_finishes(tmp_path, jobs):
    ref = tmp_path / "ref.jsonl"
    assert verify(*SLOW, "--out", str(ref)).returncode == 0
    out = tmp_path / "g.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", *SLOW, "--out", str(out), "--jobs", jobs],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=default_sigint,
    )
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or out.read_text().count("\n") < 3):
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    err = err.decode()
    assert err.strip() == "verify: interrupted; records written so far are kept (rerun to resume)", err
    kept = out.read_text().count("\n")
    assert 3 <= kept < len(stable(ref))
    r = verify(*SLOW, "--out", str(out))
    assert r.returncode == 0 and f"{kept} cases reused" in r.stderr
    assert stable(out) == stable(ref)


@pytest.mark.cluster
@pytest.mark.parametrize("delay", [0.9, 1.5, 2.5, 4.0])
def test_ctrl_c_at_any_moment_of_a_cluster_run(tmp_path, delay):
    """Ctrl-C while the cluster starts, while it computes, while it shuts down or while Python
    exits: exit 130 with the one line (or the run's own status if it had finished), never a
    traceback (Dask's exit handler on a half-built cluster, its client's callbacks) and never
    "killed by SIGINT" (a regression: -2 when the signal came after the last record).  A Ctrl-C
    while the modules load is tested deterministically in test_cli.py."""
    out = tmp_path / "g.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "verify", *GRID, "--out", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=default_sigint,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    err = err.decode()
    assert proc.returncode in (0, 130), (proc.returncode, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, err
    if proc.returncode == 130:
        assert err.strip() == "verify: interrupted; records written so far are kept (rerun to resume)"


@pytest.mark.cluster
def test_local_cluster_gives_the_serial_records(tmp_path, serial):
    out = tmp_path / "g.jsonl"
    r = verify(*GRID, "--out", str(out), "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert stable(out) == serial


@pytest.mark.cluster
def test_local_workers_run_quiet(monkeypatch):
    """--jobs workers run with QUIET_WORKERS: glibc's own malloc thresholds, no profiler, no GIL
    monitor (each cost the cases time, see verify.campaign.QUIET_WORKERS)."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "tests") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        rep = run_cases([Case("campaign_helpers:worker_settings", {"k": k}) for k in range(2)], jobs=2)
    finally:
        sys.path.remove(str(ROOT / "tests"))
    for rec in rep.records:
        assert rec["malloc_trim"] is None and rec["omp"] == "1"
        assert rec["profile"] is False and rec["gil_monitor"] is False
        assert rec["memory_monitor"] == "1s"


@pytest.mark.cluster
def test_killed_worker_is_retried(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "tests") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    sys.path.insert(0, str(ROOT / "tests"))
    marker = tmp_path / "pid"
    cases = [
        Case("campaign_helpers:slow_case", {"k": k, "seconds": 3 if k == 0 else 0.2, "marker": str(marker)})
        for k in range(8)
    ]

    import threading

    def killer():
        deadline = time.time() + 60
        while time.time() < deadline and not marker.exists():
            time.sleep(0.05)
        time.sleep(0.3)
        os.kill(int(marker.read_text()), signal.SIGKILL)

    t = threading.Thread(target=killer)
    t.start()
    try:
        rep = run_cases(cases, store=Store(tmp_path / "s.jsonl"), jobs=2)
    finally:
        t.join()
        sys.path.remove(str(ROOT / "tests"))
    assert [r["k"] for r in rep.records] == list(range(8))
    lines = [json.loads(x) for x in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert [x["k"] for x in lines] == list(range(8))  # nothing lost, nothing twice


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.cluster
def test_dask_scheduler_and_workers(tmp_path, serial):
    port = _free_port()
    bindir = Path(sys.executable).parent
    dask = str(bindir / "dask") if (bindir / "dask").exists() else "dask"
    sched = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        time.sleep(2)
        worker = subprocess.Popen(
            [dask, "worker", f"tcp://127.0.0.1:{port}", "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        out = tmp_path / "g.jsonl"
        r = verify(*GRID, "--out", str(out), "--scheduler", f"tcp://127.0.0.1:{port}", timeout=300)
        assert r.returncode == 0, r.stderr
        assert stable(out) == serial
    finally:
        for p in (worker, sched):
            if p is not None:
                p.terminate()
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()


def test_unreachable_scheduler_is_one_line():
    r = verify(*GRID, "--scheduler", f"tcp://127.0.0.1:{_free_port()}", timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_default_run_summary_says_whether_complete(tmp_path):
    out = tmp_path / "v"
    args = ["--n", "2..3", "--r", "2..3", "--d", "2,4", "--out", str(out), "--no-progress"]
    r = verify(*args)
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["complete"] and summary["checks"] == summary["of"] and summary["passed"]
    # an interrupted run: drop half of the witness records and mark the summary incomplete
    lines = (out / "witness.jsonl").read_text().splitlines()
    (out / "witness.jsonl").write_text("\n".join(lines[: len(lines) // 2]) + "\n")
    (out / "summary.json").write_text(json.dumps(summary | {"complete": False}))
    r = verify(*args, "--json")
    assert r.returncode == 0
    again = (out / "witness.jsonl").read_text().splitlines()
    assert again[: len(lines) // 2] == lines[: len(lines) // 2]  # reused as they were
    drop = ("seconds", "record_sha256")
    assert stable(out / "witness.jsonl") == [{k: v for k, v in json.loads(x).items() if k not in drop} for x in lines]
    # a complete run is redone from scratch by the next plain run
    r = verify(*args)
    assert r.returncode == 0 and json.loads((out / "summary.json").read_text())["complete"]


def test_jobs_bounded_by_the_cores(monkeypatch):
    """--jobs 200 on a 2-core machine would start 200 Python processes (memory, no speed)."""
    import verify.campaign as campaign

    monkeypatch.setattr(campaign, "_cores", lambda: 2)
    assert campaign.check_jobs("auto") == 2 and campaign.check_jobs("8") == 8
    for bad in ("9", "200", "0", "-1", "x", "1.5"):
        with pytest.raises(BadParameterError):
            campaign.check_jobs(bad)


# --- an --out file is the user's: refused untouched unless every line is this project's record ------

SMALL = ["generic", "--n", "3", "--r", "3", "--d", "2..3", "--no-progress"]


def refused_untouched(r, path, before, *words):
    """Exit 2, one line on stderr naming the problem, nothing computed, the file byte for byte."""
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stdout == "", r.stdout
    assert Path(path).read_bytes() == before
    for w in words:
        assert w in r.stderr, r.stderr


def test_foreign_lines_are_refused_byte_for_byte(tmp_path):
    """The issue's file: two identical user lines and two lines sharing one "case" value.  The old
    code computed the grid, kept one of the twins and one of the pair, and reordered the file."""
    f = tmp_path / "mydata.jsonl"
    before = b'{"user":"alice","x":1}\n{"user":"alice","x":1}\n{"case":"k","a":1}\n{"case":"k","a":2}\n'
    f.write_bytes(before)
    r = verify(*SMALL, "--out", str(f))
    refused_untouched(r, f, before, "line 1", "not a record")


@pytest.mark.parametrize(
    "line",
    [
        b"[1,2]",
        b'"str"',
        b'{"case": [1]}',
        b'{"case": "verify.generic:generic_case{}"}',
        b'{"check": "generic", "case": [1]}',
        b'{"check": ["generic"], "case": "verify.generic:generic_case{}"}',
        b'{"check": "generic", "case": "verify.generic:generic_case{}", "record_sha256": 5}',
        b"not json",
        b"",
        b"   ",
        b"\xff\xfe",
        b"NaN",
        b"{}",
    ],
    ids=lambda b: b.decode("latin-1") or "empty",
)
def test_malformed_lines_are_refused_before_anything_is_computed(tmp_path, line):
    f = tmp_path / "g.jsonl"
    before = line + b"\n"
    f.write_bytes(before)
    t0 = time.perf_counter()
    r = verify(*SMALL, "--out", str(f))
    refused_untouched(r, f, before, "line 1")
    assert time.perf_counter() - t0 < 10


def test_duplicate_keys_in_a_record_are_refused(tmp_path):
    f = tmp_path / "g.jsonl"
    assert verify(*SMALL, "--out", str(f)).returncode == 0
    lines = f.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"passed": true', b'"passed": true, "passed": false')
    before = b"".join(lines)
    f.write_bytes(before)
    refused_untouched(verify(*SMALL, "--out", str(f)), f, before, "line 2", "twice")


def test_records_of_another_command_are_refused(tmp_path):
    f = tmp_path / "w.jsonl"
    assert verify("witness", "--n", "2", "--r", "3", "--d", "2", "--out", str(f), "--no-progress").returncode == 0
    before = f.read_bytes()
    refused_untouched(verify(*SMALL, "--out", str(f)), f, before, "witness", "generic")


def test_an_edited_record_is_refused_not_reported_as_a_failure(tmp_path):
    """The old code reported an edited "passed": false as FAILED, exit 1."""
    f = tmp_path / "g.jsonl"
    assert verify(*SMALL, "--out", str(f)).returncode == 0
    before = f.read_bytes().replace(b'"passed": true', b'"passed": false', 1)
    f.write_bytes(before)
    refused_untouched(verify(*SMALL, "--out", str(f)), f, before, "line 1", "edited")


def test_a_record_without_a_digest_is_not_evidence(tmp_path):
    """A record as the old code wrote it (no digest): refused, not reused."""
    f = tmp_path / "g.jsonl"
    assert verify(*SMALL, "--out", str(f)).returncode == 0
    recs = [json.loads(x) for x in f.read_text().splitlines()]
    before = "".join(json.dumps({k: v for k, v in rec.items() if k != "record_sha256"}) + "\n" for rec in recs)
    f.write_text(before)
    refused_untouched(verify(*SMALL, "--out", str(f)), f, before.encode(), "line 1", "digest")


def test_a_partial_last_line_that_is_not_a_record_is_refused(tmp_path):
    f = tmp_path / "g.jsonl"
    assert verify(*SMALL, "--out", str(f)).returncode == 0
    before = f.read_bytes() + b'{"user": "alice"'  # the user's last line, no newline
    f.write_bytes(before)
    refused_untouched(verify(*SMALL, "--out", str(f)), f, before, "line 3")


def test_reused_records_are_said_to_be_reused(tmp_path):
    f = tmp_path / "g.jsonl"
    assert verify("generic", "--n", "3", "--r", "3", "--d", "2", "--out", str(f), "--no-progress").returncode == 0
    r = verify(*SMALL, "--out", str(f), "--json")
    assert r.returncode == 0, r.stderr
    assert [json.loads(x).get("reused", False) for x in r.stdout.splitlines()] == [True, False]
    assert "1 cases reused" in r.stderr
    r = verify(*SMALL, "--out", str(f))
    assert r.returncode == 0, r.stderr
    rows = [x for x in r.stdout.splitlines() if x.strip().startswith("equal")]
    assert len(rows) == 2 and all(x.endswith("(reused)") for x in rows), r.stdout


def test_a_run_in_progress_locks_its_out_file(tmp_path):
    import fcntl

    f = tmp_path / "g.jsonl"
    assert verify(*SMALL, "--out", str(f)).returncode == 0
    before = f.read_bytes()
    with open(f, "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # as another run of the same --out would hold it
        refused_untouched(verify(*SMALL, "--out", str(f)), f, before, "in use")
    assert verify(*SMALL, "--out", str(f)).returncode == 0


def test_finalize_never_drops_a_line_it_did_not_write(tmp_path):
    """A line appended by someone else while a run holds the file: the file is left in completion
    order rather than rewritten without it."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        f = tmp_path / "s.jsonl"
        cases = [Case("campaign_helpers:slow_case", {"k": k, "seconds": 0}) for k in range(3)]
        store = Store(f)
        store.load({"campaign_helpers:slow_case"})
        for rec in reversed(run_cases(cases).records):
            store.append(rec)
        store.close()
        with open(f, "a") as fh:
            fh.write('{"user": "bob"}\n')
        before = f.read_bytes()
        store.finalize([c.id for c in cases])
        store.release()
        assert f.read_bytes() == before
    finally:
        sys.path.remove(str(ROOT / "tests"))


def test_default_run_folder_keeps_files_it_does_not_own(tmp_path):
    """--fresh (or a finished run) empties the run's own record files only: a user's jsonl in the
    folder is never touched, and a foreign line in witness.jsonl refuses the run."""
    out = tmp_path / "v"
    out.mkdir()
    mine = out / "notes.jsonl"
    mine.write_bytes(b'{"note": 1}\n')
    args = ["--n", "2", "--r", "3", "--d", "2", "--out", str(out), "--no-progress"]
    assert verify(*args).returncode == 0
    assert verify(*args, "--fresh").returncode == 0
    assert mine.read_bytes() == b'{"note": 1}\n'
    wit = out / "witness.jsonl"
    before = wit.read_bytes() + b'{"note": 2}\n'
    wit.write_bytes(before)
    for extra in ([], ["--fresh"]):
        refused_untouched(verify(*args, *extra), wit, before, "line 3")


MALFORMED = ["bogus://x", "127.0.0.1", "tcp://", "inproc://x", "ucx://127.0.0.1:1", "tcp://127.0.0.1:0", ""]
MALFORMED += ["tcp://h:99999", "bogus://x:1", "inproc://x:1", "ws://127.0.0.1:1", "tcp://a b:1"]


@pytest.mark.parametrize(
    "address", MALFORMED + ["tcp://127.0.0.1:1", "tls://127.0.0.1:1", "localhost:1", "tcp://[::1]:1"]
)  # the last four well formed, with nothing there
def test_bad_scheduler_addresses_are_one_line_and_fast(tmp_path, address):
    """The old code: a traceback and exit 1 (Dask's ValueError) for the first four, "Can't
    instantiate abstract class UCXConnector" for ucx, and 10 s of retries where nothing listens."""
    f = tmp_path / "g.jsonl"
    t0 = time.perf_counter()
    r = verify(*SMALL, "--scheduler", address, "--out", str(f))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "scheduler" in r.stderr and r.stdout == "" and f.read_bytes() == b""
    assert time.perf_counter() - t0 < 5
    # a malformed address is named as such before any connection; a well-formed one is tried
    assert ("must be the address" in r.stderr) == (address in MALFORMED), r.stderr


def test_scheduler_addresses_dask_takes():
    from verify.campaign import check_scheduler

    assert check_scheduler("tcp://10.0.0.5:8786") == ("10.0.0.5", 8786)
    assert check_scheduler("tls://sched.example.org:8786") == ("sched.example.org", 8786)
    assert check_scheduler("host-1:1") == ("host-1", 1)
    assert check_scheduler("tcp://[::1]:8786") == ("::1", 8786)
    assert check_scheduler(None) is None


def test_tls_without_its_configuration_is_one_line(tmp_path):
    """Something listens, but Dask has no TLS context configured: its TypeError is one line, exit 2
    (the old code said "verify: error: TLS expects a `ssl_context` ..." only because TypeError
    happened to be caught by the command line)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = verify(*SMALL, "--scheduler", f"tls://127.0.0.1:{s.getsockname()[1]}", timeout=60)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "cannot reach" in r.stderr, r.stderr


def test_ctrl_c_inside_a_gc_callback_is_not_lost():
    """A SIGINT that arrives while a garbage-collector callback runs (Dask's GC diagnosis installs
    one): raised there, the KeyboardInterrupt is printed as "Exception ignored" and lost (a cluster
    run then printed a traceback); it is delivered again once the callback is done."""
    code = """
import gc, signal, sys, time
from verify import campaign
hit = []
def cb(phase, info):
    if phase == "start" and not hit:
        hit.append(1)
        signal.raise_signal(signal.SIGINT)
gc.callbacks.append(cb)
with campaign._quiet_after_sigint():
    try:
        gc.collect()
        time.sleep(2)
        print("not interrupted")
    except KeyboardInterrupt:
        print("interrupted")
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, preexec_fn=default_sigint)
    assert r.stdout == "interrupted\n" and r.stderr == "", (r.stdout, r.stderr)
