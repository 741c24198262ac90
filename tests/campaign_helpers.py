"""Case functions for tests/test_campaign.py (imported by Dask workers through PYTHONPATH)."""

import os
import time
from pathlib import Path


def slow_case(k: int, seconds: float, marker: str = "") -> dict:
    """Sleep; the first time case 0 runs it leaves its worker's pid in ``marker`` (so a test can
    kill that worker mid-case)."""
    if marker and k == 0 and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
    time.sleep(seconds)
    return {"check": "slow", "k": k, "square": k * k, "passed": True}


def worker_settings(k: int) -> dict:
    """What the process running a case was started with: its malloc and BLAS environment and the
    Dask settings of its worker."""
    import dask

    return {
        "check": "settings",
        "k": k,
        "malloc_trim": os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        "omp": os.environ.get("OMP_NUM_THREADS"),
        "profile": dask.config.get("distributed.worker.profile.enabled"),
        "gil_monitor": dask.config.get("distributed.admin.system-monitor.gil.enabled"),
        "memory_monitor": dask.config.get("distributed.worker.memory.monitor-interval"),
    }
