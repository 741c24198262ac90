"""The training recipes, the seeds of the results table (docs/ttnet.md) and the parameter sweep (no torch import:
the CLI validates its arguments against these before loading torch)."""

from __future__ import annotations

from typing import Any

__all__ = ["RECIPES", "RECIPE_SEEDS", "SWEEP_POINTS", "SWEEP_RECIPE"]

RECIPES: dict[str, dict[str, Any]] = {
    # m = r = 32: the best of the sweep m = r in {8, 16, 32} (docs/ttnet.md, results/mnist/seed-*.json)
    "seed": dict(
        epochs=20,
        batch_size=64,
        lr=5e-4,
        activation="sigmoid",
        schedule="constant",
        weight_decay=0.0,
        shift=0,
        label_smoothing=0.0,
        rank=32,
        features=32,
    ),
    "improved": dict(
        epochs=20,
        batch_size=128,
        lr=3e-3,
        activation="relu",
        schedule="onecycle",
        weight_decay=1e-4,
        shift=2,
        label_smoothing=0.05,
        rank=32,
        features=24,
    ),
}

# improved, plus a hidden ReLU layer in the (shared) feature map, gradient clipping and a weight
# average (docs/ttnet.md: the ablation)
RECIPES["mlp"] = RECIPES["improved"] | dict(hidden=128, clip=1.0, ema=0.999)

# mlp with larger bonds: m = 32, r = 48 (the sweep's largest equal-core point, 101k parameters)
RECIPES["large"] = RECIPES["mlp"] | dict(features=32, rank=48)

#: The seeds ``python -m ttnet reproduce`` trains for each recipe (the results table's rows).
RECIPE_SEEDS: dict[str, list[int]] = {"seed": [0], "improved": [0], "mlp": [0, 1, 2], "large": [0, 1, 2]}

#: The recipe and the ``(cores, m, r)`` points of ``python -m ttnet sweep``: the parameter counts
#: of the two core modes interleave (recipe mlp: equal 8.5k, 15.2k, 42.4k, 101k, 243k, 672k;
#: different 15.2k, 33.6k, 68.5k, 362k).
SWEEP_RECIPE = "mlp"
SWEEP_POINTS: list[tuple[str, int, int]] = [
    ("equal", 8, 8),
    ("equal", 16, 16),
    ("equal", 24, 32),
    ("equal", 32, 48),
    ("equal", 48, 64),
    ("equal", 64, 96),
    ("different", 8, 8),
    ("different", 12, 12),
    ("different", 16, 16),
    ("different", 24, 32),
]
