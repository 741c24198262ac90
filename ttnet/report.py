"""The README table and the accuracy plot, generated from ``results/mnist/*.json``."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["SEED_TABLE", "table"]

#: The seed report's numbers (20 epochs): (train, test) accuracy in percent.
SEED_TABLE = {"different": (95.9, 95.4), "equal": (75.3, 76.2)}


def _load(out_dir: str | Path) -> list[dict]:
    runs = [json.loads(p.read_text()) for p in sorted(Path(out_dir).glob("*.json"))]
    return [r for r in runs if "history" in r and r.get("epochs")]


def table(out_dir: str | Path = "results/mnist", plot: str | None = None) -> str:
    """Markdown table of every results file beside the seed's numbers; optionally plot curves."""
    runs = _load(out_dir)
    rows = [
        "| run | recipe | cores | m | r | epochs | train % | test % | seed report (train/test) % | time (s) | device |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(runs, key=lambda r: (r["recipe"], r["cores"], r["name"])):
        hp = r["hyperparameters"]
        seed = SEED_TABLE[r["cores"]]
        rows.append(
            f"| {r['name']} | {r['recipe']} | {r['cores']} | {hp['features']} | {hp['rank']} | {r['epochs']} | "
            f"{100 * r['train_acc']:.2f} | {100 * r['test_acc']:.2f} | {seed[0]} / {seed[1]} | "
            f"{r['seconds']:.0f} | {r['device']} |"
        )
    if plot and runs:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4.2))
        for r in runs:
            ep = [h["epoch"] for h in r["history"]]
            ax.plot(
                ep,
                [100 * h["test_acc"] for h in r["history"]],
                ("-" if r["cores"] == "equal" else "--"),
                label=f"{r['name']} ({100 * r['test_acc']:.1f}%)",
            )
        for cores, (_, te) in SEED_TABLE.items():
            ax.axhline(te, color="0.6", lw=0.8, ls=":")
            ax.text(1, te + 0.3, f"seed report, {cores} cores: {te}%", fontsize=7, color="0.4")
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy (%)")
        ax.set_ylim(60, 100)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower right")
        fig.tight_layout()
        fig.savefig(plot, dpi=120)
        plt.close(fig)
    return "\n".join(rows)
