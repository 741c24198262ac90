"""MNIST loader on tiny synthetic IDX files: checksums, gzip, cache, corruption, no source."""

import gzip
import hashlib
import struct

import numpy as np
import pytest

from ttnet.data import MnistError, fetch_mnist, load_mnist, parse_idx


def idx_bytes(arr):
    arr = np.asarray(arr, dtype=np.uint8)
    return bytes([0, 0, 8, arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape) + arr.tobytes()


@pytest.fixture
def tiny(tmp_path):
    rng = np.random.default_rng(0)
    content = {
        "train-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, (5, 28, 28))),
        "train-labels-idx1-ubyte": idx_bytes(rng.integers(0, 10, 5)),
        "t10k-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, (3, 28, 28))),
        "t10k-labels-idx1-ubyte": idx_bytes(rng.integers(0, 10, 3)),
    }
    d = tmp_path / "mnist"
    d.mkdir()
    for name, data in content.items():
        (d / name).write_bytes(data)
    files = {name: hashlib.sha256(data).hexdigest() for name, data in content.items()}
    return d, files, content


def test_parse_idx_round_trip():
    a = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    assert np.array_equal(parse_idx(idx_bytes(a)), a)
    with pytest.raises(MnistError, match="magic"):
        parse_idx(b"\x00\x00\x09\x01" + b"\x00" * 8)
    with pytest.raises(MnistError):
        parse_idx(idx_bytes(a)[:-1])


def test_directory_source_raw_and_gz(tiny, tmp_path):
    d, files, content = tiny
    paths = fetch_mnist(d, cache_dir=tmp_path / "cache", download=False, files=files)
    assert set(paths) == set(files)
    gz = d.parent / "gz"
    gz.mkdir()
    for name, data in content.items():
        (gz / f"{name}.gz").write_bytes(gzip.compress(data))
    paths = fetch_mnist(gz, cache_dir=tmp_path / "cache", download=False, files=files)
    assert all(str(p).endswith(".gz") for p in paths.values())


def test_corrupted_file_is_rejected(tiny, tmp_path):
    d, files, _ = tiny
    p = d / "train-labels-idx1-ubyte"
    p.write_bytes(p.read_bytes()[:-1] + b"\x07")
    with pytest.raises(MnistError, match="sha256 of train-labels-idx1-ubyte"):
        fetch_mnist(d, cache_dir=tmp_path / "cache", download=False, files=files)


def test_no_source(tmp_path):
    with pytest.raises(MnistError, match="not found"):
        fetch_mnist(None, cache_dir=tmp_path / "cache", download=False)


def test_a_data_folder_without_the_files_is_not_replaced_by_the_cache(tiny, tmp_path):
    """--data DIR reads DIR: the files in the cache are not taken instead (the old code did, silently)."""
    d, files, _ = tiny
    (tmp_path / "empty").mkdir()
    with pytest.raises(MnistError, match="not there"):
        fetch_mnist(tmp_path / "empty", cache_dir=d, download=False, files=files)
    assert fetch_mnist(None, cache_dir=d, download=False, files=files)  # (the cache holds them)


def test_cache_is_used_and_real_checksums_guard_real_names(tiny, tmp_path):
    d, files, _ = tiny
    # synthetic files under the real names fail the real checksums: never silently accepted
    with pytest.raises(MnistError, match="corrupted"):
        load_mnist(d, cache_dir=tmp_path / "cache", download=False)
    # the cache is consulted when no directory is given
    paths = fetch_mnist(None, cache_dir=d, download=False, files=files)
    assert all(p.parent == d for p in paths.values())


def test_fetch_into_directory_copies_once(tiny, tmp_path):
    d, files, _ = tiny
    target = tmp_path / "target"
    paths = fetch_mnist(target, cache_dir=d, download=False, files=files, into=target)
    assert all(p.parent == target for p in paths.values())
    # second call: everything is already in the target, nothing else is consulted
    paths2 = fetch_mnist(target, cache_dir=tmp_path / "nothing-here", download=False, files=files, into=target)
    assert paths2 == paths


def test_missing_data_directory_is_an_error(tmp_path):
    with pytest.raises(MnistError, match="no such directory"):
        fetch_mnist(tmp_path / "nope", cache_dir=tmp_path, download=False)


def test_default_run_names_never_collide_with_recipe_runs():
    from ttnet.cli import _config, build_parser

    args = build_parser().parse_args(["train", "--epochs", "1", "--train-limit", "10"])
    assert _config(args, "seed", "equal").name == "seed-equal-m32-r32-e1-n10"
    args = build_parser().parse_args(["train"])
    assert _config(args, "seed", "equal").name == "seed-equal-m32-r32"
