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
