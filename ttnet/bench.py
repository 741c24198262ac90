"""Training throughput (images/s), sequential vs tree contraction, d = 16."""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F

from .model import TTNet
from .train import TrainConfig, estimate_bytes, resolve_device

__all__ = ["bench"]


def bench(
    ranks: list[int],
    device: str = "auto",
    batch_size: int = 128,
    steps: int = 30,
    features: int = 16,
    budget: int = 4 * 2**30,
) -> list[dict]:
    """Time ``steps`` training steps per (rank, contraction); print a table with the ratio
    tree / sequential measured in the same run.  Settings estimated above ``budget`` bytes are
    refused before anything is allocated."""
    for r in ranks:
        cfg = TrainConfig(rank=r, features=features, batch_size=batch_size, train_limit=batch_size)
        need = estimate_bytes(cfg, train_images=batch_size)
        if need > budget:
            raise ValueError(f"rank {r}, batch {batch_size}: about {need / 2**30:.1f} GiB, more than the budget")
    dev = resolve_device(device)
    x = torch.randn(batch_size, 28, 28, device=dev)
    y = torch.randint(0, 10, (batch_size,), device=dev)
    rows = []
    print(
        f"device: {torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'cpu'}, batch {batch_size}, "
        f"m = {features}, d = 16"
    )
    print(f"{'rank':>5} {'sequential img/s':>17} {'tree img/s':>11} {'tree/seq':>9}")
    for r in ranks:
        rate = {}
        for mode in ("sequential", "tree"):
            torch.manual_seed(0)
            model = TTNet(features=features, rank=r, cores="equal", contraction=mode).to(dev)
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)

            def step() -> None:
                loss = F.cross_entropy(model(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()

            for _ in range(3):
                step()
            if dev.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            for _ in range(steps):
                step()
            if dev.type == "cuda":
                torch.cuda.synchronize()
            rate[mode] = steps * batch_size / (time.perf_counter() - t0)
        rows.append({"rank": r, **rate})
        print(f"{r:>5} {rate['sequential']:>17.0f} {rate['tree']:>11.0f} {rate['tree'] / rate['sequential']:>9.2f}")
    return rows
