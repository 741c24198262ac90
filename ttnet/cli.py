"""``python -m ttnet``: fetch MNIST, train a TT-network, reproduce the seed's table, benchmark."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .recipes import RECIPE_SEEDS, SWEEP_POINTS, SWEEP_RECIPE

__all__ = ["main"]

DESCRIPTION = """\
A compact PyTorch TT-network (an RNN whose layers are bilinear maps) on MNIST: 16 patches of
7x7 pixels, a shared feature map, then a TT contraction with one shared internal core
(--cores equal) or 14 different ones (--cores different).
"""

EPILOG = """\
recipes: seed = Adam, batch 64, lr 5e-4, 20 epochs, sigmoid features (the seed report's scheme);
         improved = AdamW + one-cycle schedule (peak 3e-3), batch 128, ReLU features with a
         constant feature, random shifts of 2 pixels, label smoothing 0.05; 20 epochs;
         mlp = improved + a hidden ReLU layer (128) in the shared feature map, gradient clipping
         at norm 1 and an average of the weights (decay 0.999), which is evaluated;
         large = mlp with m = 32 features and TT-rank 48.
exit status: 0 success; 1 training failed (NaN loss); 2 bad input, missing or corrupt data or
  checkpoint; 130 interrupted (rerun with --resume); 141 output pipe closed.
examples:
  python -m ttnet fetch --data data/mnist
  python -m ttnet train --recipe improved --cores equal --json
  python -m ttnet train --cores different --epochs 1 --train-limit 5000   # into results/runs
  python -m ttnet reproduce                       # every row of the results table (mlp, large: seeds 0, 1, 2)
  python -m ttnet sweep                           # accuracy against parameters, both core modes
  python -m ttnet table --params-plot results/mnist/params.png
"""


def _say(message: str) -> None:
    """Write one line to stderr: non-printable characters (a newline in an argument) are escaped."""
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(message))
    sys.stderr.write(text + "\n")


def _shown(value: object, width: int = 40) -> str:
    """A value for a message: its ``repr``, or for a long string the first ``width`` characters,
    quoted, and how long it is (as :func:`verify.errors.shown`, without importing verify)."""
    if isinstance(value, str):
        return repr(value) if len(value) <= width else f"{value[:width]!r}... ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= width else text[: max(width - 3, 1)] + "..."


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line, prefixed as every other error (``ttnet: error:``,
    then the command), and exit status 2."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("python -m ttnet").strip()
        _say(f"ttnet: error: {command + ': ' if command else ''}{message}")
        raise SystemExit(2)


def _size(nbytes: float) -> str:
    """A size for a message, in the unit that shows it: ``512 bytes``, ``3.2 MiB``, ``1.5 GiB``."""
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.1f} {unit}"
    return f"{int(nbytes)} bytes"


def _window(text: str) -> int:
    """``--window``: 7 plus an even margin, at most 27 (a window past 27 sees only border)."""
    if not re.fullmatch(r"\s*[0-9]{1,3}\s*", text) or int(text) not in range(7, 28, 2):
        raise argparse.ArgumentTypeError(f"{_shown(text, 40)} is not one of 7, 9, ..., 27 (7 plus an even margin)")
    return int(text)


def _positive(kind: type, top: float, zero: bool = False) -> Callable[[str], Any]:
    """A converter for numbers in ``(0, top]`` (``[0, top]`` with ``zero``, ``[0, top)`` for floats)."""

    def conv(text: str) -> Any:
        pattern = r"\s*[+-]?[0-9]{1,12}\s*" if kind is int else r"\s*[+-]?[0-9.]{1,40}(?:[eE][+-]?[0-9]{1,4})?\s*"
        if not re.fullmatch(pattern, text):  # ASCII digits only (int() would take any script's)
            raise argparse.ArgumentTypeError(f"{_shown(text, 40)} is not {'an integer' if kind is int else 'a number'}")
        try:
            v = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{_shown(text, 40)} is not {'an integer' if kind is int else 'a number'}"
            ) from None
        if not zero:
            ok, where = 0 < v <= top, f"(0, {top:g}]"
        elif kind is float:
            ok, where = 0 <= v < top, f"[0, {top:g})"
        else:
            ok, where = 0 <= v <= top, f"[0, {top:g}]"
        if not ok:  # also refuses nan
            raise argparse.ArgumentTypeError(f"must be in {where}, got {text:.40}")
        return v

    return conv


def _seed(text: str) -> int:
    if not re.fullmatch(r"\s*[+-]?[0-9]{1,40}\s*", text):
        raise argparse.ArgumentTypeError(f"{_shown(text, 40)} is not an integer")
    v = int(text)
    if not 0 <= v < 2**63:
        raise argparse.ArgumentTypeError(f"must be between 0 and 2**63 - 1, got {text:.40}")
    return v


def _bytes(text: str) -> int:
    m = re.fullmatch(r"\s*([0-9]{1,15}(?:\.[0-9]{1,6})?)\s*([kKmMgGtT]?)i?[bB]?\s*", text)
    if not m or float(m.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"{_shown(text, 40)} is not a size such as 4G or 512M")
    return int(float(m.group(1)) * {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[m.group(2).lower()])


def _ranks(text: str) -> list[int]:
    if not re.fullmatch(r"[0-9]{1,6}(,[0-9]{1,6}){0,63}", text):
        raise argparse.ArgumentTypeError(f"{_shown(text, 40)} is not a comma list of integers")
    values = [int(x) for x in text.split(",")]
    if not values or len(values) > 64 or any(not 1 <= v <= 4096 for v in values):
        raise argparse.ArgumentTypeError(f"ranks must be 1..4096, at most 64 of them, got {text:.40}")
    return values


def _recipes(text: str) -> list[str]:
    from .recipes import RECIPES

    names = [x.strip() for x in text.split(",") if x.strip()]
    bad = [x for x in names if x not in RECIPES]
    if not names or bad:
        raise argparse.ArgumentTypeError(
            f"unknown recipe {_shown(bad[0] if bad else text, 40)}; choose from {', '.join(RECIPES)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m ttnet",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    f = sub.add_parser("fetch", help="find or fetch MNIST once, verify sha256, cache it")
    f.add_argument(
        "--data",
        default=None,
        help="directory to hold the IDX files: used if they are there (raw or .gz), else filled once",
    )

    t = sub.add_parser("train", help="train one TT-network")
    t.add_argument("--recipe", choices=list(RECIPE_SEEDS), default="seed", help="hyperparameters (see below)")
    t.add_argument(
        "--cores", choices=["equal", "different"], default="equal", help="one shared internal core, or 14 different"
    )
    t.add_argument("--epochs", type=_positive(int, 10_000), help="epochs (default: the recipe's, 20)")
    t.add_argument("--batch-size", type=_positive(int, 65_536), help="batch size (default: the recipe's)")
    t.add_argument(
        "--lr", type=_positive(float, 10.0), help="learning rate, or the one-cycle peak (default: the recipe's)"
    )
    t.add_argument("--rank", type=_positive(int, 4096), help="TT-rank r, the hidden width (default: the recipe's)")
    t.add_argument("--features", type=_positive(int, 4096), help="features m per patch (default: the recipe's)")
    t.add_argument(
        "--hidden",
        type=_positive(int, 4096, zero=True),
        help="width of a hidden ReLU layer in the feature map, 0 for none (default: the recipe's)",
    )
    t.add_argument(
        "--window",
        type=_window,
        help="each mode reads the WxW pixels around its 7x7 patch: 7 (the patch), 9, 11, ... (default: the recipe's)",
    )
    t.add_argument(
        "--order",
        choices=["rows", "snake"],
        help="the patches along the train: row by row, or snake (every other row reversed) (default: the recipe's)",
    )
    t.add_argument(
        "--rotate",
        type=_positive(float, 45.0, zero=True),
        help="augmentation: random rotations of up to this many degrees either way, 0 for none (default: the recipe's)",
    )
    t.add_argument(
        "--zoom",
        type=_positive(float, 0.5, zero=True),
        help="augmentation: random scaling by a factor in [1 - ZOOM, 1 + ZOOM], 0 for none (default: the recipe's)",
    )
    t.add_argument(
        "--clip",
        type=_positive(float, 1e6, zero=True),
        help="gradient-norm clipping, 0 for none (default: the recipe's)",
    )
    t.add_argument(
        "--ema",
        type=_positive(float, 1.0, zero=True),
        help="decay of the evaluated weight average, in [0, 1), 0 for none (default: the recipe's)",
    )
    t.add_argument(
        "--contraction",
        choices=["auto", "sequential", "tree"],
        default="auto",
        help="contraction order (default auto: tree on CUDA, sequential on the CPU; the same function)",
    )
    t.add_argument("--seed", type=_seed, default=0, help="seed of the initialization and of the data order")
    t.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="default: CUDA when available")
    t.add_argument("--threads", type=_positive(int, 1024), default=None, help="CPU threads (default: the idle cores)")
    t.add_argument("--data", default=None, help="directory with the MNIST IDX files (default: cache, then fetch)")
    t.add_argument("--train-limit", type=_positive(int, 60_000), default=None, help="train on the first N images")
    t.add_argument(
        "--name",
        default=None,
        help="<out-dir>/<name>.json (default: <recipe>-<cores>-m<features>-r<rank>, plus -e<epochs>, "
        "-b<batch>, -lr<lr>, -h<hidden>, -w<window>, -rot<degrees>, -z<zoom>, -snake, -c<clip>, -a<ema>, -n<limit>, "
        "-tree where they differ from the recipe)",
    )
    t.add_argument(
        "--out-dir",
        default="results/runs",
        help="results and checkpoints (default results/runs, not tracked; reproduce writes results/mnist)",
    )
    t.add_argument("--memory-budget", type=_bytes, default="4G", help="refuse runs estimated above this (default 4G)")
    t.add_argument(
        "--resume",
        action="store_true",
        help="continue from the last checkpoint (without it, an existing one is refused)",
    )
    t.add_argument("--dry-run", action="store_true", help="one epoch, nothing written")
    t.add_argument("--json", action="store_true", help="print the results as one JSON object on the last line")
    t.add_argument("--no-progress", action="store_true", help="no progress bar")

    r = sub.add_parser(
        "reproduce", help="every row of the results table (every recipe and its seeds, both core modes), 20 epochs each"
    )
    r.add_argument("--data", default=None, help="directory with the MNIST IDX files")
    r.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="default: CUDA when available")
    r.add_argument("--out-dir", default="results/mnist", help="where the table's runs live (default results/mnist)")
    r.add_argument(
        "--recipes", type=_recipes, default=None, help=f"comma list (default {','.join(RECIPE_SEEDS)}: every table row)"
    )
    r.add_argument(
        "--seeds",
        type=_seeds,
        default=None,
        help="comma list of seeds for every recipe (default: "
        + "; ".join(f"{k} {','.join(map(str, v))}" for k, v in RECIPE_SEEDS.items())
        + ")",
    )
    r.add_argument("--threads", type=_positive(int, 1024), default=None, help="CPU threads (default: the idle cores)")

    w = sub.add_parser("sweep", help="accuracy against parameter count: a grid of (m, r) for both core modes")
    w.add_argument(
        "--points",
        type=_points,
        default=None,
        help="comma list of CORES:MxR, e.g. equal:16x16,different:8x8 (default: the sweep of docs/ttnet.md)",
    )
    w.add_argument("--recipe", choices=list(RECIPE_SEEDS), default=SWEEP_RECIPE, help=f"default {SWEEP_RECIPE}")
    w.add_argument("--data", default=None, help="directory with the MNIST IDX files")
    w.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="default: CUDA when available")
    w.add_argument(
        "--out-dir", default="results/mnist/params", help="where the sweep's runs live (default results/mnist/params)"
    )
    w.add_argument("--threads", type=_positive(int, 1024), default=None, help="CPU threads (default: the idle cores)")

    b = sub.add_parser("bench", help="training images/s, sequential vs tree contraction")
    b.add_argument("--ranks", type=_ranks, default="4,16,64", help="comma list of TT-ranks (default 4,16,64)")
    b.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="default: CUDA when available")
    b.add_argument("--batch-size", type=_positive(int, 65_536), default=128, help="batch size (default 128)")
    b.add_argument("--steps", type=_positive(int, 100_000), default=30, help="timed steps per setting (default 30)")
    b.add_argument(
        "--memory-budget", type=_bytes, default="4G", help="refuse settings estimated above this (default 4G)"
    )

    s = sub.add_parser("table", help="the results table (docs/ttnet.md) from results/mnist/*.json (and the plot)")
    s.add_argument("--out-dir", default="results/mnist", help="folder of run results (default results/mnist)")
    s.add_argument("--plot", default=None, help="write the accuracy curves to this PNG")
    s.add_argument(
        "--params-dir",
        default=None,
        help="folder of the parameter sweep's runs (default <out-dir>/params): adds its table",
    )
    s.add_argument("--params-plot", default=None, help="write test accuracy against parameter count to this PNG")
    return p


def _seeds(text: str) -> list[int]:
    if not re.fullmatch(r"[0-9]{1,18}(,[0-9]{1,18}){0,63}", text):
        raise argparse.ArgumentTypeError(f"{_shown(text, 40)} is not a comma list of seeds")
    return sorted(set(int(x) for x in text.split(",")))


def _points(text: str) -> list[tuple[str, int, int]]:
    out = []
    for part in text.split(","):
        m = re.fullmatch(r"(equal|different):([0-9]{1,4})x([0-9]{1,4})", part.strip())
        if not m or not (2 <= int(m.group(2)) <= 512 and 1 <= int(m.group(3)) <= 512):
            raise argparse.ArgumentTypeError(f"{_shown(part, 40)} is not CORES:MxR (m 2..512, r 1..512)")
        out.append((m.group(1), int(m.group(2)), int(m.group(3))))
    if len(out) > 64:
        raise argparse.ArgumentTypeError("at most 64 points")
    return out


def _config(
    args: argparse.Namespace,
    recipe: str,
    cores: str,
    seed: int | None = None,
    shape: tuple[int, int] | None = None,
):
    from .train import RECIPES, TrainConfig, estimate_bytes

    kw = dict(RECIPES[recipe])
    for key in (
        "epochs",
        "batch_size",
        "lr",
        "rank",
        "features",
        "hidden",
        "window",
        "order",
        "rotate",
        "zoom",
        "clip",
        "ema",
    ):
        v = getattr(args, key, None)
        if v is not None:
            kw[key] = v
    if shape is not None:
        kw["features"], kw["rank"] = shape
    seed = getattr(args, "seed", 0) if seed is None else seed
    defaults = TrainConfig()
    m, r = kw.get("features", defaults.features), kw.get("rank", defaults.rank)
    name = f"{recipe}-{cores}-m{m}-r{r}"
    if kw.get("epochs", defaults.epochs) != RECIPES[recipe].get("epochs", defaults.epochs):
        name += f"-e{kw['epochs']}"
    for key, tag in (
        ("batch_size", "b"),
        ("lr", "lr"),
        ("hidden", "h"),
        ("window", "w"),
        ("rotate", "rot"),
        ("zoom", "z"),
        ("clip", "c"),
        ("ema", "a"),
    ):
        if kw.get(key, getattr(defaults, key)) != RECIPES[recipe].get(key, getattr(defaults, key)):
            name += f"-{tag}{kw[key]:g}"
    if kw.get("order", defaults.order) != RECIPES[recipe].get("order", defaults.order):
        name += f"-{kw['order']}"
    if getattr(args, "train_limit", None):
        name += f"-n{args.train_limit}"
    if getattr(args, "contraction", "auto") not in ("auto", "sequential"):
        name += f"-{args.contraction}"
    if seed and args.command != "train":
        name += f"-s{seed}"
    name = getattr(args, "name", None) or name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", name):
        raise ValueError(
            f"--name {_shown(name, 40)}: use letters, digits, '.', '_' and '-' only (a file name, no folders)"
        )
    cfg = TrainConfig(
        name=name,
        recipe=recipe,
        cores=cores,
        contraction=getattr(args, "contraction", "auto"),
        seed=seed,
        device=args.device,
        data=args.data,
        train_limit=getattr(args, "train_limit", None),
        out_dir=args.out_dir,
        threads=getattr(args, "threads", None),
        **kw,
    )
    need, budget = estimate_bytes(cfg), getattr(args, "memory_budget", 4 * 2**30)
    if need > budget:
        raise ValueError(
            f"this run needs about {_size(need)} (r = {cfg.rank}, m = {cfg.features}, batch "
            f"{cfg.batch_size}), more than --memory-budget {_size(budget)}"
        )
    return cfg


INTERRUPTED = "ttnet: interrupted; the last finished epoch is checkpointed: rerun with --resume\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("data", "out_dir", "plot", "name"):
        if getattr(args, name, None) is not None and not str(getattr(args, name)).strip():
            parser.error(f"--{name.replace('_', '-')}: an empty value")
    try:
        from .data import MnistError  # numpy: a Ctrl-C while it loads is an interrupt like any other
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED)
        return 130

    try:
        if args.command == "fetch":
            from .data import fetch_mnist

            for name, path in fetch_mnist(args.data, into=args.data).items():
                print(f"{name}: {path} (sha256 ok)")
            return 0
        if args.command == "bench":
            from .bench import bench

            bench(args.ranks, args.device, args.batch_size, args.steps, budget=args.memory_budget)
            return 0
        if args.command == "table":
            from .report import table

            print(table(args.out_dir, args.plot, args.params_dir, args.params_plot))
            return 0
        from .data import load_mnist
        from .train import check_outputs, run

        if args.command == "train":
            configs = [_config(args, args.recipe, args.cores)]
        elif args.command == "sweep":
            configs = [_config(args, args.recipe, c, shape=(m, r)) for c, m, r in args.points or SWEEP_POINTS]
        else:
            configs = [
                _config(args, recipe, cores, seed)
                for recipe in args.recipes or RECIPE_SEEDS
                for seed in args.seeds or RECIPE_SEEDS[recipe]
                for cores in ("different", "equal")
            ]  # every setting is checked before the data is loaded
        for cfg in configs:  # before the data is loaded: nothing a run did not make is replaced
            if not (args.command == "train" and args.dry_run):
                check_outputs(cfg, resume=args.command != "train" or args.resume)
        data = load_mnist(args.data)
        if args.command == "train" and args.resume and not configs[0].checkpoint_path.is_file():
            _say(f"ttnet: --resume: no checkpoint at {configs[0].checkpoint_path}; training from epoch 1")
        if args.command == "train":
            res = run(
                configs[0],
                data,
                resume=args.resume,
                show=not args.no_progress and sys.stderr.isatty() or False,
                dry_run=args.dry_run,
            )
            if args.json:
                print(json.dumps(res))
            else:
                where = f"; wrote {res['written']['results']}" if "written" in res else " (dry run: nothing written)"
                print(
                    f"{res['name']}: train {res['train_acc']:.4f}, test {res['test_acc']:.4f}, "
                    f"{res['epochs']} epochs, {res['seconds']:.1f}s on {res['device']}{where}"
                )
            return 0
        for cfg in configs:
            res = run(cfg, data, resume=True, show=sys.stderr.isatty())
            print(f"{res['name']}: train {res['train_acc']:.4f}, test {res['test_acc']:.4f} ({res['seconds']:.0f}s)")
        from .report import table

        if args.command == "sweep":
            print(table(None, params_dir=args.out_dir, params_plot=str(Path(args.out_dir).parent / "params.png")))
        else:
            print(table(args.out_dir, str(Path(args.out_dir) / "curves.png")))
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED)
        return 130
    except BrokenPipeError:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        return 141
    except MnistError as e:
        _say(f"ttnet: error: {e}")
        return 2
    except FloatingPointError as e:
        _say(f"ttnet: {e}")
        return 1
    except (RuntimeError, ValueError) as e:
        _say(f"ttnet: error: {str(e) or type(e).__name__}")
        return 2
    except OSError as e:
        _say(f"ttnet: error: {e.strerror or e}{': ' + str(e.filename) if e.filename else ''}")
        return 2
    except MemoryError:
        sys.stderr.write(
            "ttnet: error: out of memory (this machine's: --memory-budget bounds an estimate); lower the sizes\n"
        )
        return 2
