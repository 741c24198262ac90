"""The results tables and plots (docs/ttnet.md), generated from the results files (``results/mnist/*.json`` and
the parameter sweep's ``results/mnist/params/*.json``)."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

__all__ = ["SEED_TABLE", "group_seeds", "params_table", "table"]

#: The seed report's numbers (20 epochs): (train, test) accuracy in percent.
SEED_TABLE = {"different": (95.9, 95.4), "equal": (75.3, 76.2)}

_SEED_SUFFIX = re.compile(r"-s[0-9]+$")


def _load(out_dir: str | Path) -> list[dict]:
    runs = [json.loads(p.read_text()) for p in sorted(Path(out_dir).glob("*.json"))]
    return [r for r in runs if "history" in r and r.get("epochs")]


def group_seeds(runs: list[dict]) -> list[tuple[str, list[dict]]]:
    """Runs that differ only in their seed (``<name>`` and ``<name>-s<seed>``), grouped by name.

    >>> rs = [{"name": "a"}, {"name": "a-s1"}, {"name": "b"}]
    >>> [(k, len(v)) for k, v in group_seeds(rs)]
    [('a', 2), ('b', 1)]
    """
    groups: dict[str, list[dict]] = {}
    for r in runs:
        groups.setdefault(_SEED_SUFFIX.sub("", r["name"]), []).append(r)
    return list(groups.items())


def _pct(values: list[float]) -> str:
    """Mean in percent, with the spread (min-max) when there are several values."""
    mean = 100 * statistics.fmean(values)
    if len(values) == 1:
        return f"{mean:.2f}"
    return f"{mean:.2f} ({100 * min(values):.2f}–{100 * max(values):.2f})"


def table(
    out_dir: str | Path | None = "results/mnist",
    plot: str | None = None,
    params_dir: str | Path | None = None,
    params_plot: str | None = None,
) -> str:
    """Markdown table of every results file beside the seed's numbers (runs that differ only in
    their seed are one row: the mean, with min–max in brackets); optionally plot the curves.
    With a parameter sweep (``params_dir``, default ``<out_dir>/params`` when it exists) its table
    follows, and ``params_plot`` plots test accuracy against parameter count."""
    parts = []
    runs = _load(out_dir) if out_dir is not None else []
    if out_dir is not None:
        rows = [
            "| run | recipe | cores | m | r | seeds | epochs | train % | test % | seed report (train/test) % "
            "| time (s) | device |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        groups = group_seeds(runs)
        for name, rs in sorted(groups, key=lambda g: (g[1][0]["recipe"], g[1][0]["cores"], g[0])):
            r = rs[0]
            hp = r["hyperparameters"]
            seed = SEED_TABLE[r["cores"]]
            rows.append(
                f"| {name} | {r['recipe']} | {r['cores']} | {hp['features']} | {hp['rank']} | {len(rs)} | "
                f"{r['epochs']} | {_pct([x['train_acc'] for x in rs])} | {_pct([x['test_acc'] for x in rs])} | "
                f"{seed[0]} / {seed[1]} | {statistics.fmean(x['seconds'] for x in rs):.0f} | {r['device']} |"
            )
        parts.append("\n".join(rows))
    if params_dir is None and out_dir is not None and (Path(out_dir) / "params").is_dir():
        params_dir = Path(out_dir) / "params"
    if params_dir is not None:
        parts.append(params_table(_load(params_dir), params_plot))
    if plot and runs:
        _plot_curves(runs, plot)
    return "\n\n".join(parts)


def params_table(runs: list[dict], plot: str | None = None) -> str:
    """Test accuracy against parameter count for both core modes; optionally the plot."""
    rows = ["| cores | m | r | parameters | test % | train % | time (s) |", "|---|---|---|---|---|---|---|"]
    runs = sorted(runs, key=lambda r: (r["cores"], r["parameters"]))
    for r in runs:
        hp = r["hyperparameters"]
        rows.append(
            f"| {r['cores']} | {hp['features']} | {hp['rank']} | {r['parameters']:,} | {100 * r['test_acc']:.2f} | "
            f"{100 * r['train_acc']:.2f} | {r['seconds']:.0f} |"
        )
    if plot and runs:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        for cores, style in (("equal", "o-"), ("different", "s--")):
            pts = [r for r in runs if r["cores"] == cores]
            if pts:
                ax.plot(
                    [r["parameters"] for r in pts], [100 * r["test_acc"] for r in pts], style, label=f"{cores} cores"
                )
                for r in pts:
                    hp = r["hyperparameters"]
                    ax.annotate(
                        f"m{hp['features']} r{hp['rank']}",
                        (r["parameters"], 100 * r["test_acc"]),
                        fontsize=7,
                        textcoords="offset points",
                        xytext=(3, -9),
                    )
        ax.set_xscale("log")
        ax.set_xlabel("parameters")
        ax.set_ylabel("test accuracy (%), 20 epochs")
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="lower right")
        fig.tight_layout()
        fig.savefig(plot, dpi=120)
        plt.close(fig)
    return "\n".join(rows)


def _plot_curves(runs: list[dict], plot: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name, rs in group_seeds(runs):
        r = rs[0]  # one curve per row: its first seed
        ep = [h["epoch"] for h in r["history"]]
        ax.plot(
            ep,
            [100 * h["test_acc"] for h in r["history"]],
            ("-" if r["cores"] == "equal" else "--"),
            label=f"{name} ({_pct([x['test_acc'] for x in rs]).split(' ')[0]}%)",
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
