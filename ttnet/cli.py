"""``python -m ttnet``: fetch MNIST, train a TT-network, reproduce the seed's table, benchmark."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["main"]

DESCRIPTION = """\
A compact PyTorch TT-network (an RNN whose layers are bilinear maps) on MNIST: 16 patches of
7x7 pixels, a shared feature map, then a TT contraction with one shared internal core
(--cores equal) or 14 different ones (--cores different).
"""

EPILOG = """\
recipes: seed = Adam, batch 64, lr 5e-4, 20 epochs, sigmoid features (the seed report's scheme);
         improved = AdamW + one-cycle schedule (peak 3e-3), batch 128, ReLU features with a
         constant feature, random shifts of 2 pixels, label smoothing 0.05; 20 epochs.
exit status: 0 success; 1 training failed (NaN loss); 2 bad input or missing data.
examples:
  python -m ttnet fetch --data data/mnist
  python -m ttnet train --recipe improved --cores equal --json
  python -m ttnet train --cores different --epochs 1 --train-limit 5000
  python -m ttnet reproduce
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def _positive(kind: type) -> Callable[[str], Any]:
    def conv(text: str) -> Any:
        try:
            v = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        if v <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return v

    return conv


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
    t.add_argument("--recipe", choices=["seed", "improved"], default="seed")
    t.add_argument("--cores", choices=["equal", "different"], default="equal")
    t.add_argument("--epochs", type=_positive(int))
    t.add_argument("--batch-size", type=_positive(int))
    t.add_argument("--lr", type=_positive(float))
    t.add_argument("--rank", type=_positive(int))
    t.add_argument("--features", type=_positive(int))
    t.add_argument(
        "--contraction",
        choices=["auto", "sequential", "tree"],
        default="auto",
        help="contraction order (default auto: tree on CUDA, sequential on the CPU; the same function)",
    )
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    t.add_argument("--data", default=None)
    t.add_argument("--train-limit", type=_positive(int), default=None)
    t.add_argument(
        "--name",
        default=None,
        help="results/mnist/<name>.json (default: <recipe>-<cores>-m<features>-r<rank>, "
        "plus -e<epochs>, -n<limit>, -tree where they differ from the recipe)",
    )
    t.add_argument("--out-dir", default="results/mnist")
    t.add_argument("--resume", action="store_true", help="continue from the last checkpoint")
    t.add_argument("--dry-run", action="store_true", help="one epoch, nothing written")
    t.add_argument("--json", action="store_true", help="print the results as one JSON object on the last line")
    t.add_argument("--no-progress", action="store_true")

    r = sub.add_parser("reproduce", help="the seed table (both recipes, both core modes), 20 epochs each")
    r.add_argument("--data", default=None)
    r.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    r.add_argument("--out-dir", default="results/mnist")
    r.add_argument("--recipes", default="seed,improved")

    b = sub.add_parser("bench", help="training images/s, sequential vs tree contraction")
    b.add_argument("--ranks", default="4,16,64")
    b.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    b.add_argument("--batch-size", type=_positive(int), default=128)
    b.add_argument("--steps", type=_positive(int), default=30)

    s = sub.add_parser("table", help="the README table from results/mnist/*.json (and the plot)")
    s.add_argument("--out-dir", default="results/mnist")
    s.add_argument("--plot", default=None, help="write the accuracy curves to this PNG")
    return p


def _config(args: argparse.Namespace, recipe: str, cores: str):
    from .train import RECIPES, TrainConfig

    kw = dict(RECIPES[recipe])
    for key in ("epochs", "batch_size", "lr", "rank", "features"):
        v = getattr(args, key, None)
        if v is not None:
            kw[key] = v
    defaults = TrainConfig()
    m, r = kw.get("features", defaults.features), kw.get("rank", defaults.rank)
    name = f"{recipe}-{cores}-m{m}-r{r}"
    if kw.get("epochs", defaults.epochs) != RECIPES[recipe].get("epochs", defaults.epochs):
        name += f"-e{kw['epochs']}"
    if getattr(args, "train_limit", None):
        name += f"-n{args.train_limit}"
    if getattr(args, "contraction", "auto") not in ("auto", "sequential"):
        name += f"-{args.contraction}"
    name = getattr(args, "name", None) or name
    return TrainConfig(
        name=name,
        recipe=recipe,
        cores=cores,
        contraction=getattr(args, "contraction", "auto"),
        seed=getattr(args, "seed", 0),
        device=args.device,
        data=args.data,
        train_limit=getattr(args, "train_limit", None),
        out_dir=args.out_dir,
        **kw,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .data import MnistError

    try:
        if args.command == "fetch":
            from .data import fetch_mnist

            for name, path in fetch_mnist(args.data, into=args.data).items():
                print(f"{name}: {path} (sha256 ok)")
            return 0
        if args.command == "bench":
            from .bench import bench

            bench([int(x) for x in args.ranks.split(",")], args.device, args.batch_size, args.steps)
            return 0
        if args.command == "table":
            from .report import table

            print(table(args.out_dir, args.plot))
            return 0
        from .data import load_mnist
        from .train import run

        data = load_mnist(args.data)
        if args.command == "train":
            res = run(
                _config(args, args.recipe, args.cores),
                data,
                resume=args.resume,
                show=not args.no_progress and sys.stderr.isatty() or False,
                dry_run=args.dry_run,
            )
            if args.json:
                print(json.dumps(res))
            else:
                print(
                    f"{res['name']}: train {res['train_acc']:.4f}, test {res['test_acc']:.4f}, "
                    f"{res['epochs']} epochs, {res['seconds']:.1f}s on {res['device']}"
                )
            return 0
        for recipe in args.recipes.split(","):
            for cores in ("different", "equal"):
                res = run(_config(args, recipe, cores), data, resume=True, show=sys.stderr.isatty())
                print(
                    f"{res['name']}: train {res['train_acc']:.4f}, test {res['test_acc']:.4f} ({res['seconds']:.0f}s)"
                )
        from .report import table

        print(table(args.out_dir, str(Path(args.out_dir) / "curves.png")))
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("ttnet: interrupted; the last finished epoch is checkpointed: rerun with --resume\n")
        return 130
    except MnistError as e:
        sys.stderr.write(f"ttnet: error: {e}\n")
        return 2
    except FloatingPointError as e:
        sys.stderr.write(f"ttnet: {e}\n")
        return 1
    except (RuntimeError, ValueError) as e:
        sys.stderr.write(f"ttnet: error: {str(e).splitlines()[0]}\n")
        return 2
