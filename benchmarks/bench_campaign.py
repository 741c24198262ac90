"""Serial vs ``--jobs 2`` on the generic-rank grid, measured side by side in one run, plus an
interrupted run resumed.

    python benchmarks/bench_campaign.py [--grid small|full] [--repeat 3]

``full`` is the grid of the target: ``generic --n 2..5 --r 2..6 --d 2..12 --cores both``
(target: ``--jobs 2`` takes at most 0.6x the serial time and writes the same records).  Prints the
two wall times, their ratio, the serial time with one BLAS thread (half of it is the least two
single-threaded processes can take), the cases' own seconds in each (where the rest went),
whether the records are equal (timings aside), how much two processes gain over one on this
machine at all, and for the resumed run how many cases the interrupted run left and how many the
rerun computed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GRIDS = {
    "full": ["--n", "2..5", "--r", "2..6", "--d", "2..12", "--cores", "both"],
    "small": ["--n", "2..4", "--r", "2..5", "--d", "2..10", "--cores", "both"],
}


def records(path: Path) -> list[dict]:
    out = []
    for line in path.read_text().splitlines():
        rec = json.loads(line)
        rec.pop("seconds", None)
        out.append(rec)
    return out


def case_seconds(path: Path) -> list[float]:
    return [float(json.loads(line).get("seconds", 0.0)) for line in path.read_text().splitlines()]


SCALING_JOBS = {
    "a Python loop": "sum(i * i for i in range(30_000_000))",
    "one-thread BLAS": "import numpy as np; a = np.random.rand(1500, 1500); [a @ a for _ in range(12)]",
}


ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def two_process_scaling() -> None:
    """How much two processes gain over one on this machine: the same job alone, then two copies at
    once (2.0 = two full cores; the target ratio 0.6 needs about 1.7 in the cases' own work)."""
    env = {**os.environ, **ONE_THREAD}
    for name, code in SCALING_JOBS.items():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(2)]
        for proc in procs:
            proc.wait()
        two = time.perf_counter() - t0
        print(f"two processes at once, {name}: {one:.1f} s alone, {two:.1f} s for two: throughput x{2 * one / two:.2f}")


def timed(args: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "verify", "generic", *args, "--no-progress"], capture_output=True, text=True, env=env
    )
    if r.returncode not in (0, 3):
        sys.exit(f"verify failed ({r.returncode}): {r.stderr}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--grid", choices=sorted(GRIDS), default="full")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of the three runs, interleaved (medians printed)")
    a = ap.parse_args()
    grid = GRIDS[a.grid]
    with tempfile.TemporaryDirectory() as tmp:
        serial, parallel, resumed = Path(tmp, "serial.jsonl"), Path(tmp, "jobs2.jsonl"), Path(tmp, "resumed.jsonl")
        one = Path(tmp, "serial1.jsonl")
        print(f"grid: generic {' '.join(grid)}")
        rounds = []
        same = True
        for k in range(a.repeat):
            for path in (serial, one, parallel):
                path.unlink(missing_ok=True)
            t_serial = timed([*grid, "--out", str(serial)])
            t_one = timed([*grid, "--out", str(one)], env={**os.environ, **ONE_THREAD})
            t_jobs = timed([*grid, "--out", str(parallel), "--jobs", "2"])
            same = same and records(serial) == records(parallel) == records(one)
            rounds.append((t_serial, t_one, t_jobs))
            print(f"round {k + 1}: serial {t_serial:.1f} s, one thread {t_one:.1f} s, --jobs 2 {t_jobs:.1f} s")
            runs = (("serial", serial, t_serial, 1), ("serial, one thread", one, t_one, 1))
            for name, path, wall, procs in (*runs, ("--jobs 2", parallel, t_jobs, 2)):
                secs = sorted(case_seconds(path), reverse=True)
                rest = wall - sum(secs) / procs
                print(
                    f"  {name}: the cases' own seconds sum to {sum(secs):.1f} s (largest {secs[0]:.1f}, "
                    f"{secs[1]:.1f}, {secs[2]:.1f} s); wall time beyond that sum / {procs}: {rest:.1f} s "
                    "(start-up, scheduling, idling)"
                )
        t_serial, t_one, t_jobs = (statistics.median(x) for x in zip(*rounds))
        tag = f"median of {a.repeat} rounds" if a.repeat > 1 else "one round"
        print(f"{tag}: serial {t_serial:.1f} s, --jobs 2 {t_jobs:.1f} s, ratio {t_jobs / t_serial:.2f} (target <= 0.6)")
        print(
            f"  serial with one BLAS thread {t_one:.1f} s: the serial run's threads gain x{t_one / t_serial:.2f}, so "
            f"no two single-threaded processes can go below {t_one / 2:.1f} s, ratio {t_one / (2 * t_serial):.2f} "
            "(half the one-thread time, nothing else)"
        )
        print(f"  ratios by round: {', '.join(f'{j / s_:.2f}' for s_, _, j in rounds)}")
        print(f"records equal: {same} ({len(records(serial))} records)")
        two_process_scaling()
        # Ctrl-C after a third of the serial time, then rerun
        proc = subprocess.Popen(
            [sys.executable, "-m", "verify", "generic", *grid, "--out", str(resumed), "--jobs", "2", "--no-progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            # a shell that starts this script in the background makes it ignore SIGINT, and the
            # child would inherit that: give it the default handler, as a terminal would
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(t_jobs / 3)
        proc.send_signal(signal.SIGINT)
        proc.wait()
        kept = len(resumed.read_text().splitlines()) if resumed.exists() else 0
        total = len(records(serial))
        r = subprocess.run(
            [sys.executable, "-m", "verify", "generic", *grid, "--out", str(resumed), "--json", "--no-progress"],
            capture_output=True,
            text=True,
        )
        print(
            f"interrupted (exit {proc.returncode}) with {kept} of {total} records kept; the rerun says: "
            f"{r.stderr.strip() or 'nothing reused'}; final records equal: {records(resumed) == records(serial)} "
            f"(exit {r.returncode})"
        )


if __name__ == "__main__":
    main()
