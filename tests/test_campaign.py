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

from verify.campaign import Case, Store, run_cases
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
    f.write_text('{"case": "a", "v": 1}\n{"case": "b", "v"')
    store = Store(f)
    assert list(store.load()) == ["a"]
    assert f.read_text() == '{"case": "a", "v": 1}\n'


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
        fh.write('{"check": "generic", "n": 2')  # as if killed in the middle of a line
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
    assert stable(out / "witness.jsonl") == [{k: v for k, v in json.loads(x).items() if k != "seconds"} for x in lines]
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
