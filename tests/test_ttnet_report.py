"""The README tables: seeds grouped into one row (mean and spread), the parameter sweep's table
and plot; the CLI's names for seeded and swept runs."""

import json

import pytest

from ttnet.cli import _config, build_parser
from ttnet.report import table


def _run(name, cores, test, train=0.999, params=1000, m=8, r=8, seconds=10.0):
    return {
        "name": name,
        "recipe": "mlp",
        "cores": cores,
        "hyperparameters": {"features": m, "rank": r},
        "history": [{"epoch": 1, "test_acc": test, "train_acc": train}],
        "epochs": 1,
        "test_acc": test,
        "train_acc": train,
        "seconds": seconds,
        "device": "cpu",
        "parameters": params,
    }


def test_seeds_are_one_row_with_mean_and_spread(tmp_path):
    for i, acc in enumerate([0.990, 0.994, 0.992]):
        name = "mlp-equal-m8-r8" + (f"-s{i}" if i else "")
        (tmp_path / f"{name}.json").write_text(json.dumps(_run(name, "equal", acc, seconds=10 + i)))
    (tmp_path / "other.json").write_text(json.dumps(_run("other", "different", 0.9876)))
    rows = [line for line in table(tmp_path).splitlines() if line.startswith("| mlp-") or line.startswith("| other")]
    assert len(rows) == 2
    eq = next(r for r in rows if "mlp-equal" in r).split(" | ")
    # mean of 99.0, 99.4, 99.2 = 99.20, spread 99.00-99.40, mean time 11 s, 3 seeds
    assert eq[5] == "3" and eq[8] == "99.20 (99.00–99.40)" and eq[10] == "11"
    other = next(r for r in rows if "other" in r).split(" | ")
    assert other[5] == "1" and other[8] == "98.76"


def test_parameter_sweep_table_and_plot(tmp_path):
    params = tmp_path / "params"
    params.mkdir()
    for cores, m, r, p, acc in [
        ("equal", 8, 8, 1600, 0.97),
        ("different", 8, 8, 8300, 0.975),
        ("equal", 16, 16, 7700, 0.985),
    ]:
        (params / f"{cores}-{m}-{r}.json").write_text(json.dumps(_run(f"{cores}-{m}", cores, acc, params=p, m=m, r=r)))
    out = table(tmp_path, params_plot=str(tmp_path / "params.png"))
    lines = [line for line in out.splitlines() if line.startswith("| equal") or line.startswith("| different")]
    # sorted by core mode, then parameter count
    assert [line.split(" | ")[3] for line in lines] == ["8,300", "1,600", "7,700"]
    assert (tmp_path / "params.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_reproduce_and_sweep_names():
    args = build_parser().parse_args(["reproduce", "--seeds", "0,2"])
    assert args.seeds == [0, 2]
    assert _config(args, "mlp", "equal", 0).name == "mlp-equal-m24-r32"
    cfg = _config(args, "mlp", "different", 2)
    assert cfg.name == "mlp-different-m24-r32-s2" and cfg.seed == 2 and cfg.hidden > 0 and cfg.ema > 0
    args = build_parser().parse_args(["sweep", "--points", "equal:16x12,different:8x8"])
    assert args.points == [("equal", 16, 12), ("different", 8, 8)]
    cfg = _config(args, args.recipe, "equal", shape=(16, 12))
    assert (cfg.features, cfg.rank, cfg.name) == (16, 12, "mlp-equal-m16-r12")
    assert cfg.out_dir == "results/mnist/params"


def test_ablation_runs_get_their_own_names():
    def name(*argv):
        args = build_parser().parse_args(["train", *argv])
        return _config(args, args.recipe, args.cores).name

    assert name("--recipe", "mlp") == "mlp-equal-m24-r32"
    assert name("--recipe", "mlp", "--hidden", "0") == "mlp-equal-m24-r32-h0"
    assert name("--recipe", "mlp", "--clip", "0", "--ema", "0") == "mlp-equal-m24-r32-c0-a0"
    assert name("--recipe", "improved", "--hidden", "128") == "improved-equal-m24-r32-h128"
    assert name("--recipe", "mlp", "--hidden", "128") == "mlp-equal-m24-r32"  # the recipe's own value
    assert name("--recipe", "mlp", "--window", "11", "--order", "snake") == "mlp-equal-m24-r32-w11-snake"
    assert name("--recipe", "mlp", "--window", "7", "--order", "rows") == "mlp-equal-m24-r32"  # the defaults
    args = build_parser().parse_args(["train", "--recipe", "mlp", "--window", "11"])
    cfg = _config(args, args.recipe, args.cores)
    assert cfg.window == 11 and cfg.order == "rows"
    assert name("--recipe", "mlp", "--rotate", "10", "--zoom", "0.1") == "mlp-equal-m24-r32-rot10-z0.1"
    assert name("--recipe", "mlp", "--rotate", "0", "--zoom", "0") == "mlp-equal-m24-r32"  # the defaults
    args = build_parser().parse_args(["train", "--recipe", "mlp", "--rotate", "7.5"])
    cfg = _config(args, args.recipe, args.cores)
    assert (cfg.rotate, cfg.zoom) == (7.5, 0.0)


@pytest.mark.parametrize(
    "flag, bad", [("--rotate", "45"), ("--rotate", "-1"), ("--rotate", "nan"), ("--zoom", "0.5"), ("--zoom", "x")]
)
def test_augmentation_bounds(flag, bad):
    with pytest.raises(SystemExit) as e:
        build_parser().parse_args(["train", flag, bad])
    assert e.value.code == 2


@pytest.mark.parametrize("bad", ["8", "29", "5", "-3", "x", "１１"])
def test_window_must_be_the_patch_plus_an_even_margin(bad):
    with pytest.raises(SystemExit) as e:
        build_parser().parse_args(["train", "--window", bad])
    assert e.value.code == 2
