"""verify._files.write_whole: a whole file or the previous one, never a file beside it."""

import os

import pytest

from verify._files import write_whole


def test_replaces_whole_and_leaves_neighbours(tmp_path):
    target = tmp_path / "t.jsonl"
    target.write_text("old\n")
    for name in ("t.jsonl.tmp", "t.jsonl.part", ".t.jsonl.tmp"):
        (tmp_path / name).write_text("a user's file\n")
    write_whole(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".t.jsonl.tmp", "t.jsonl", "t.jsonl.part", "t.jsonl.tmp"]
    assert all((tmp_path / n).read_text() == "a user's file\n" for n in ("t.jsonl.tmp", "t.jsonl.part", ".t.jsonl.tmp"))


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "t.md"
    target.write_text("old\n")

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_whole(target, "new\n")
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["t.md"]


def test_a_pipe_is_written_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_whole(fifo, "through\n")
        assert os.read(r, 100) == b"through\n"
    finally:
        os.close(r)
    assert not fifo.is_file() and fifo.exists()
