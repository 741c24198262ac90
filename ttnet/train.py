"""Training and evaluation of :class:`ttnet.model.TTNet` on MNIST (pytorch/examples shape).

Two recipes:

* ``seed`` — the seed report's scheme: Adam, batch 64, learning rate 5e-4, 20 epochs, sigmoid
  features, constant learning rate, no augmentation; m = r = 32 (chosen by a sweep).
* ``improved`` — still 20 epochs and still a TT-network: AdamW (weight decay 1e-4 on the feature
  map), a one-cycle learning-rate schedule peaking at 3e-3, batch 128, ReLU features on
  normalized pixels plus a constant feature, random shifts of up to 2 pixels, label smoothing 0.05.

Every run writes ``<out_dir>/<name>.json`` (hyperparameters, per-epoch accuracies and seconds,
device, torch version) and a checkpoint each epoch in ``<out_dir>/checkpoints`` (``--resume``
continues from it, and refuses a checkpoint made with other settings).  ``python -m ttnet train``
writes into ``results/runs`` (not tracked); ``python -m ttnet reproduce`` into ``results/mnist``,
the runs the results table (docs/ttnet.md) is generated from.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import platform
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .model import TTNet
from .recipes import RECIPES

__all__ = [
    "RECIPES",
    "CheckpointError",
    "TrainConfig",
    "auto_threads",
    "estimate_bytes",
    "evaluate",
    "run",
    "train_epoch",
]

MEAN, STD = 0.1307, 0.3081


@dataclass
class TrainConfig:
    """Everything that defines a run (all of it is written to the results file)."""

    name: str = "run"
    recipe: str = "seed"
    cores: str = "equal"
    epochs: int = 20
    batch_size: int = 64
    lr: float = 5e-4
    rank: int = 16
    features: int = 16
    activation: str = "sigmoid"
    contraction: str = "auto"  # tree on CUDA (1.7-2x faster there), sequential on the CPU
    schedule: str = "constant"  # or "onecycle"
    weight_decay: float = 0.0
    shift: int = 0  # random translation, pixels
    rotate: float = 0.0  # random rotation, up to this many degrees either way (0: none)
    zoom: float = 0.0  # random scaling by a factor in [1 - zoom, 1 + zoom] (0: none)
    label_smoothing: float = 0.0
    hidden: int = 0  # width of a hidden ReLU layer in the shared feature map (0: linear)
    window: int = 7  # each mode reads the window x window pixels centred on its 7x7 patch (7: the patch)
    order: str = "rows"  # the patches row by row, or "snake" (every other row reversed)
    clip: float = 0.0  # gradient-norm clipping (0: none)
    ema: float = 0.0  # decay of an exponential moving average of the weights, evaluated instead (0: none)
    seed: int = 0
    train_limit: int | None = None
    device: str = "auto"
    data: str | None = None
    out_dir: str = "results/runs"
    checkpoint_dir: str | None = None  # default: <out_dir>/checkpoints
    threads: int | None = None  # CPU threads; None: the idle cores (auto_threads)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def checkpoint_path(self) -> Path:
        return Path(self.checkpoint_dir or Path(self.out_dir) / "checkpoints") / f"{self.name}.pt"


class CheckpointError(RuntimeError):
    """A checkpoint cannot be read, or was made by a run with other settings."""


#: The settings a checkpoint must share with the run that resumes it (model shape, data order,
#: and the schedule, which depends on the number of epochs when it is one-cycle).
RESUME_KEYS = ("recipe", "cores", "features", "rank", "activation", "batch_size", "lr", "schedule", "train_limit")


def auto_threads() -> int:
    """CPU threads for training: the cores this process may use, less the ones other processes
    keep busy (the 1-minute load average).  Two threads on two cores with one of them busy are
    several times slower than one."""

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:  # pragma: no cover
        busy = 0.0
    return max(1, min(cores, int(cores - busy + 0.5)))


def estimate_bytes(cfg: "TrainConfig", train_images: int = 60000) -> int:
    """A generous estimate of the memory one training run needs (parameters with their gradients
    and Adam's two moments, the step matrices kept for the backward pass, the data as float32)."""
    d = 16
    n_int = 1 if cfg.cores == "equal" else d - 2
    params = n_int * cfg.rank * cfg.features * cfg.rank + cfg.rank * cfg.features * 11
    params += (cfg.hidden or cfg.window**2) * cfg.features + (cfg.window**2 + 1) * cfg.hidden
    activations = cfg.batch_size * (d - 2) * (cfg.rank * cfg.rank + cfg.features) * 3
    data = (min(train_images, cfg.train_limit or train_images) + 10000) * 28 * 28
    return 4 * ((5 if cfg.ema else 4) * params + activations + data)


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda: no CUDA device is available")
    return torch.device(name)


def _to_tensor(images: np.ndarray, device: torch.device) -> torch.Tensor:
    return ((torch.from_numpy(images.astype(np.float32)) / 255.0 - MEAN) / STD).to(device)


def _shift(x: torch.Tensor, s: int, gen: torch.Generator) -> torch.Tensor:
    """Random translation of each image by up to ``s`` pixels (zero padding, per example)."""
    if s <= 0:
        return x
    b, h, w = x.shape
    pad = F.pad(x, (s, s, s, s), value=-MEAN / STD)
    off = torch.randint(0, 2 * s + 1, (2, b), generator=gen, device="cpu").to(x.device)
    rows = (off[0][:, None] + torch.arange(h, device=x.device))[:, :, None]
    cols = (off[1][:, None] + torch.arange(w, device=x.device))[:, None, :]
    return pad[torch.arange(b, device=x.device)[:, None, None], rows, cols]


def _warp(x: torch.Tensor, angles: torch.Tensor, scales: torch.Tensor) -> torch.Tensor:
    """Rotate image ``i`` by ``angles[i]`` radians and scale it by ``scales[i]`` about its centre
    (bilinear; what falls outside the image is blank)."""
    b, h, w = x.shape
    cos, sin = torch.cos(angles) / scales, torch.sin(angles) / scales
    theta = torch.stack(
        [torch.stack([cos, -sin, torch.zeros_like(cos)], 1), torch.stack([sin, cos, torch.zeros_like(cos)], 1)], 1
    )  # (B, 2, 3), output -> input
    grid = F.affine_grid(theta.to(x.dtype), [b, 1, h, w], align_corners=False)
    blank = -MEAN / STD
    y = F.grid_sample((x - blank).unsqueeze(1), grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return y.squeeze(1) + blank


def _affine(x: torch.Tensor, degrees: float, zoom: float, gen: torch.Generator) -> torch.Tensor:
    """Random rotation by up to ``degrees`` either way and scaling by ``[1 - zoom, 1 + zoom]``,
    drawn per example from ``gen`` (on the CPU, so runs repeat on any device)."""
    if degrees <= 0 and zoom <= 0:
        return x
    u = torch.rand(2, x.shape[0], generator=gen, device="cpu").to(x.device) * 2 - 1  # uniform in [-1, 1)
    return _warp(x, u[0] * math.radians(degrees), 1 + u[1] * zoom)


@torch.no_grad()
def evaluate(model: TTNet, images: torch.Tensor, labels: torch.Tensor, batch_size: int = 2000) -> float:
    """Accuracy (fraction) of ``model`` on the given tensors."""
    model.eval()
    correct = 0
    for i in range(0, images.shape[0], batch_size):
        correct += (model(images[i : i + batch_size]).argmax(1) == labels[i : i + batch_size]).sum().item()
    return correct / max(1, images.shape[0])


def train_epoch(
    model: TTNet,
    opt: torch.optim.Optimizer,
    sched: Any,
    images: torch.Tensor,
    labels: torch.Tensor,
    cfg: TrainConfig,
    gen: torch.Generator,
    show: bool = False,
    epoch: int = 0,
    ema: TTNet | None = None,
) -> float:
    """One epoch; returns the last batch's loss.  Raises ``FloatingPointError`` on a NaN loss.

    With ``ema`` (a copy of ``model``), its weights follow ``model``'s after every step:
    ``ema <- cfg.ema * ema + (1 - cfg.ema) * model``."""
    model.train()
    n = images.shape[0]
    perm = torch.randperm(n, generator=gen).to(images.device)
    steps = math.ceil(n / cfg.batch_size)
    t0 = time.perf_counter()
    for s in range(steps):
        idx = perm[s * cfg.batch_size : (s + 1) * cfg.batch_size]
        x = _shift(_affine(images[idx], cfg.rotate, cfg.zoom, gen), cfg.shift, gen)
        loss = F.cross_entropy(model(x), labels[idx], label_smoothing=cfg.label_smoothing)
        if not torch.isfinite(loss):
            raise FloatingPointError(f"loss became {loss.item()} at epoch {epoch + 1}, step {s + 1}; stopping")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.clip:
            nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
        opt.step()
        if sched is not None:
            sched.step()
        if ema is not None:
            with torch.no_grad():
                for pe, pm in zip(ema.parameters(), model.parameters()):
                    pe.lerp_(pm, 1.0 - cfg.ema)
        if show and (s % 20 == 0 or s == steps - 1):
            fill = 30 * (s + 1) // steps
            sys.stderr.write(
                f"\repoch {epoch + 1}/{cfg.epochs} [{'#' * fill}{' ' * (30 - fill)}] "
                f"{s + 1}/{steps} loss {loss.item():.4f} {time.perf_counter() - t0:5.1f}s"
            )
            sys.stderr.flush()
    if show:
        sys.stderr.write("\n")
    return loss.item()


def build(cfg: TrainConfig) -> TTNet:
    return TTNet(
        d=16,
        in_features=cfg.window * cfg.window,
        features=cfg.features,
        rank=cfg.rank,
        classes=10,
        cores=cfg.cores,  # type: ignore[arg-type]
        activation=cfg.activation,
        contraction=cfg.contraction,  # type: ignore[arg-type]
        feature_mean=None if cfg.activation == "sigmoid" else 0.5,
        constant_feature=cfg.activation != "sigmoid",
        hidden=cfg.hidden,
        window=cfg.window,
        order=cfg.order,  # type: ignore[arg-type]
        fill=-MEAN / STD,  # a blank pixel, normalized: the border of a window past the image's edge
    )


def _write_whole(path: Path, write: Callable[[Path], object]) -> None:
    """``write`` to a fresh temporary file beside ``path`` (a name no other file has), then rename
    it over ``path``: a Ctrl-C or a kill during the write leaves the previous file (the last good
    checkpoint), never half of one, and no other file in the folder is touched."""
    fd, part = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        write(Path(part))
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise


def is_results_file(path: Path) -> bool:
    """Whether ``path`` holds a run's results as :func:`run` writes them (a JSON object with its
    ``name``, ``recipe`` and ``history``)."""
    try:
        obj = json.loads(path.read_bytes()) if path.stat().st_size < 2**26 else None
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and {"name", "recipe", "history"} <= obj.keys()


def check_outputs(cfg: TrainConfig, resume: bool) -> None:
    """Refuse, before anything is trained, a run that would destroy what it did not make or what a
    rerun cannot give back: a file at the results path that is not a run's results, or (without
    ``resume``) an existing checkpoint of a run of the same name, whose epochs would be lost."""
    out = Path(cfg.out_dir) / f"{cfg.name}.json"
    if out.exists() and not (out.is_file() and is_results_file(out)):
        raise CheckpointError(
            f"{out} exists and is not a run's results: it is left as it is (choose another --name or --out-dir)"
        )
    ckpt = cfg.checkpoint_path
    if not resume and ckpt.exists():
        raise CheckpointError(
            f"a checkpoint of run {cfg.name!r} exists at {ckpt}: --resume continues it; another --name or "
            "--out-dir starts a new run (delete the checkpoint to start this one over)"
        )


def _resume_settings(cfg: TrainConfig) -> dict[str, Any]:
    out = {k: getattr(cfg, k) for k in RESUME_KEYS}
    for k in (
        "hidden",
        "clip",
        "ema",
        "rotate",
        "zoom",
    ):  # newer settings: named only when used, so older checkpoints still fit
        if getattr(cfg, k):
            out[k] = getattr(cfg, k)
    for k, plain in (("window", 7), ("order", "rows")):
        if getattr(cfg, k) != plain:
            out[k] = getattr(cfg, k)
    if cfg.schedule == "onecycle":
        out["epochs"] = cfg.epochs
    return out


def _restore(
    ckpt: Path,
    cfg: TrainConfig,
    model: TTNet,
    opt: torch.optim.Optimizer,
    sched: Any,
    gen: torch.Generator,
    device: torch.device,
    ema: TTNet | None = None,
) -> list[dict[str, Any]]:
    """Load a checkpoint into the run; every way it can be unusable is one :class:`CheckpointError`."""
    try:
        with warnings.catch_warnings():  # a corrupt file can make torch warn before it fails
            warnings.simplefilter("ignore")
            state = torch.load(ckpt, map_location=device, weights_only=True)
    except Exception as e:  # unpickling errors, truncated or empty files, torch's own checks
        raise CheckpointError(
            f"checkpoint {ckpt} cannot be read ({type(e).__name__}); delete it or rerun without --resume"
        ) from None
    needed = {"model", "optimizer", "generator", "history"} | ({"ema"} if ema is not None else set())
    have = set(state) if isinstance(state, dict) else set()
    if not needed <= have:
        missing = sorted(needed - have)
        raise CheckpointError(f"checkpoint {ckpt} lacks {missing}; delete it or rerun without --resume")
    try:
        saved = json.loads(state.get("config", "{}"))
    except (TypeError, ValueError):
        saved = None
    mine = _resume_settings(cfg)
    if saved is not None and saved != {} and saved != mine:
        diff = {k: (saved.get(k), v) for k, v in mine.items() if saved.get(k) != v}
        what = ", ".join(f"{k} {a} -> {b}" for k, (a, b) in diff.items())
        raise CheckpointError(
            f"checkpoint {ckpt} was made with other settings ({what}); rerun without --resume or with them"
        )
    try:
        model.load_state_dict(state["model"])
        if ema is not None:
            ema.load_state_dict(state["ema"])
        opt.load_state_dict(state["optimizer"])
        if sched is not None and "scheduler" in state:
            sched.load_state_dict(state["scheduler"])
        gen.set_state(state["generator"])
        history = json.loads(state["history"])
    except (RuntimeError, ValueError, KeyError, TypeError) as e:
        raise CheckpointError(
            f"checkpoint {ckpt} does not fit this run ({type(e).__name__}: {str(e).splitlines()[0][:80]})"
        ) from None
    if not isinstance(history, list) or len(history) > cfg.epochs:
        raise CheckpointError(
            f"checkpoint {ckpt} holds {len(history) if isinstance(history, list) else '?'} epochs, "
            f"this run has {cfg.epochs}"
        )
    return history


def run(
    cfg: TrainConfig, data: dict[str, np.ndarray], resume: bool = False, show: bool = False, dry_run: bool = False
) -> dict[str, Any]:
    """Train per ``cfg``; write the results JSON (and checkpoints); return the results.

    Refused before training (:func:`check_outputs`): a foreign file at the results path, and
    without ``resume`` an existing checkpoint of the same run."""
    if not dry_run:
        check_outputs(cfg, resume)
    device = resolve_device(cfg.device)
    if device.type == "cpu":
        torch.set_num_threads(cfg.threads or auto_threads())
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    tr_x, tr_y = data["train_images"], data["train_labels"]
    if cfg.train_limit:
        tr_x, tr_y = tr_x[: cfg.train_limit], tr_y[: cfg.train_limit]
    train_x, train_y = _to_tensor(tr_x, device), torch.from_numpy(tr_y.astype(np.int64)).to(device)
    test_x, test_y = (
        _to_tensor(data["test_images"], device),
        torch.from_numpy(data["test_labels"].astype(np.int64)).to(device),
    )
    if cfg.contraction == "auto":  # same function either way (tested); pick the faster order
        cfg.contraction = "tree" if device.type == "cuda" else "sequential"
    model = build(cfg).to(device)
    ema = copy.deepcopy(model) if cfg.ema else None  # evaluated (and reported) in place of model
    decayed = ("feature.weight", "embed.0.weight")  # the feature map's weights
    decay = [p for n, p in model.named_parameters() if n.startswith(decayed)]
    rest = [p for n, p in model.named_parameters() if not n.startswith(decayed)]
    opt_cls = torch.optim.AdamW if cfg.weight_decay else torch.optim.Adam
    opt = opt_cls(
        [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": rest, "weight_decay": 0.0}], lr=cfg.lr
    )
    steps = math.ceil(train_x.shape[0] / cfg.batch_size)
    sched = (
        torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.epochs * steps, pct_start=0.15)
        if cfg.schedule == "onecycle"
        else None
    )
    ckpt = cfg.checkpoint_path
    history: list[dict[str, Any]] = []
    start = 0
    if resume and ckpt.is_file():
        history = _restore(ckpt, cfg, model, opt, sched, gen, device, ema)
        start = len(history)
    total_time = sum(h["seconds"] for h in history)
    for epoch in range(start, cfg.epochs):
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        loss = train_epoch(model, opt, sched, train_x, train_y, cfg, gen, show, epoch, ema)
        if device.type == "cuda":
            torch.cuda.synchronize()
        secs = time.perf_counter() - t0
        total_time += secs
        rec = {
            "epoch": epoch + 1,
            "loss": round(loss, 5),
            "train_acc": round(evaluate(ema or model, train_x, train_y), 5),
            "test_acc": round(evaluate(ema or model, test_x, test_y), 5),
            "seconds": round(secs, 2),
        }
        history.append(rec)
        if show:
            sys.stderr.write(
                f"epoch {epoch + 1}: train {rec['train_acc']:.4f} test {rec['test_acc']:.4f} ({secs:.1f}s)\n"
            )
        if not dry_run:
            ckpt.parent.mkdir(parents=True, exist_ok=True)
            state = {
                "model": model.state_dict(),
                "optimizer": opt.state_dict(),
                "generator": gen.get_state(),
                "history": json.dumps(history),
                "config": json.dumps(_resume_settings(cfg)),
            }
            if sched is not None:
                state["scheduler"] = sched.state_dict()
            if ema is not None:
                state["ema"] = ema.state_dict()
            _write_whole(ckpt, lambda f: torch.save(state, f))
        if dry_run:
            break
    result = {
        "name": cfg.name,
        "recipe": cfg.recipe,
        "cores": cfg.cores,
        "hyperparameters": {
            k: v
            for k, v in asdict(cfg).items()
            if k not in ("name", "recipe", "cores", "out_dir", "checkpoint_dir", "data", "device", "threads")
        },
        "history": history,
        "epochs": len(history),
        "test_acc": history[-1]["test_acc"] if history else None,
        "train_acc": history[-1]["train_acc"] if history else None,
        "seconds": round(total_time, 2),
        "device": torch.cuda.get_device_name(device)
        if device.type == "cuda"
        else f"cpu ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads)",
        "torch": torch.__version__,
        "seed": cfg.seed,
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    if not dry_run:
        out = Path(cfg.out_dir) / f"{cfg.name}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_whole(out, lambda f: f.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8"))
        result["written"] = {"results": str(out), "checkpoint": str(ckpt)}
    return result
