"""The ttnet command line: help texts, one-line errors for bad input, checkpoints and data."""

import json
import subprocess
import sys

import pytest

from ttnet.cli import build_parser


def ttnet(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ttnet", *args], capture_output=True, text=True, cwd=cwd)


def one_line_error(r):
    return r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_every_option_has_help():
    parser = build_parser()
    for sub in parser._subparsers._group_actions[0].choices.values():
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{sub.prog} {action.option_strings}"


@pytest.mark.parametrize(
    "args",
    [
        ["reproduce", "--recipes", "bogus"],
        ["train", "--epochs", "0"],
        ["train", "--lr", "nan"],
        ["train", "--seed", "-1"],
        ["train", "--rank", "4096", "--features", "4096"],
        ["train", "--name", "../escape"],
        ["bench", "--ranks", "4,x"],
        ["bench", "--ranks", "0"],
        ["bench", "--batch-size", "65536", "--ranks", "4096"],
        ["train", "--data", "/nonexistent-dir"],
        ["train", "--memory-budget", "lots"],
        ["train", "--epochs", "1\n2"],  # argparse echoes the newline
        ["train", "--data", "no\nsuch-dir"],
    ],
    ids=lambda a: " ".join(a)[:40].encode("unicode_escape").decode(),
)
def test_bad_input_is_one_line(args, tmp_path):
    assert one_line_error(ttnet(*args, cwd=tmp_path))


def test_not_gzip_in_data_dir(tmp_path):
    d = tmp_path / "mnist"
    d.mkdir()
    (d / "train-images-idx3-ubyte.gz").write_bytes(b"not gzip at all")
    r = ttnet("fetch", "--data", str(d))
    assert one_line_error(r) and "gzip" in r.stderr.lower()


@pytest.mark.mnist
def test_trial_runs_stay_out_of_the_table_and_checkpoints_follow_out_dir(tmp_path):
    r = ttnet("train", "--epochs", "1", "--train-limit", "512", "--no-progress", "--out-dir", "runs", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "wrote runs/" in r.stdout
    assert list((tmp_path / "runs").glob("*.json")) and list((tmp_path / "runs" / "checkpoints").glob("*.pt"))
    assert not (tmp_path / "results").exists()
    r = ttnet("train", "--epochs", "1", "--train-limit", "512", "--no-progress", cwd=tmp_path)
    assert r.returncode == 0 and list((tmp_path / "results" / "runs").glob("*.json"))
    assert not (tmp_path / "results" / "mnist").exists()


@pytest.mark.mnist
def test_unusable_checkpoints_are_one_line(tmp_path):
    base = ["train", "--recipe", "improved", "--train-limit", "512", "--no-progress", "--out-dir", "o", "--name", "x"]
    assert ttnet(*base, "--epochs", "1", cwd=tmp_path).returncode == 0
    r = ttnet(*base, "--epochs", "2", "--resume", cwd=tmp_path)
    assert one_line_error(r) and "epochs 1 -> 2" in r.stderr
    ck = tmp_path / "o" / "checkpoints" / "x.pt"
    for content in (b"", b"\x00garbage" * 10):
        ck.write_bytes(content)
        assert one_line_error(ttnet(*base, "--epochs", "1", "--resume", cwd=tmp_path))
    import torch

    torch.save({"model": {}}, ck)
    r = ttnet(*base, "--epochs", "1", "--resume", cwd=tmp_path)
    assert one_line_error(r) and "lacks" in r.stderr


@pytest.mark.mnist
def test_constant_schedule_resumes_to_more_epochs(tmp_path):
    """The first epoch is not retrained: its record comes back from the checkpoint.  The record in
    the checkpoint is marked (its seconds set to 1234.5, a time no epoch here takes): a run
    restarted from scratch would measure its own."""
    import torch

    base = ["train", "--train-limit", "512", "--no-progress", "--out-dir", "o", "--name", "s", "--json"]
    assert ttnet(*base, "--epochs", "1", cwd=tmp_path).returncode == 0
    ck = tmp_path / "o" / "checkpoints" / "s.pt"
    state = torch.load(ck, weights_only=True)
    history = json.loads(state["history"])
    history[0]["seconds"] = 1234.5
    state["history"] = json.dumps(history)
    torch.save(state, ck)
    r = ttnet(*base, "--epochs", "2", "--resume", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout.splitlines()[-1])
    assert res["epochs"] == 2 and [h["epoch"] for h in res["history"]] == [1, 2]
    assert res["history"][0]["seconds"] == 1234.5 and res["history"][1]["seconds"] < 1234.5


def test_a_rerun_never_destroys_what_it_did_not_make(tmp_path):
    """Refused before any data is read: a train without --resume over an existing checkpoint of the
    same run (its epochs would be lost; the old code started over and replaced it), and a user's
    file at the results path; both files stay byte for byte."""
    base = ["train", "--epochs", "1", "--out-dir", "o", "--name", "x", "--data", "nowhere"]
    ck = tmp_path / "o" / "checkpoints" / "x.pt"
    ck.parent.mkdir(parents=True)
    ck.write_bytes(b"twenty epochs of training")
    r = ttnet(*base, cwd=tmp_path)
    assert one_line_error(r) and "--resume continues it" in r.stderr, r.stderr
    assert ck.read_bytes() == b"twenty epochs of training"
    ck.unlink()
    mine = tmp_path / "o" / "x.json"
    mine.write_text('{"my": "notes"}\n')
    r = ttnet(*base, cwd=tmp_path)
    assert one_line_error(r) and "is not a run's results" in r.stderr, r.stderr
    assert mine.read_text() == '{"my": "notes"}\n'
    mine.write_text('{"name": "x", "recipe": "seed", "history": []}\n')  # a run's own results may be replaced
    r = ttnet(*base, cwd=tmp_path)
    assert one_line_error(r) and "--data nowhere" in r.stderr, r.stderr  # got past the check, to the data


def test_memory_budget_message_names_real_sizes(tmp_path):
    """The old message: "needs about 0.0 GiB ... more than --memory-budget 0.0 GiB"."""
    r = ttnet("train", "--memory-budget", "1", "--epochs", "1", cwd=tmp_path)
    assert one_line_error(r) and "0.0 GiB" not in r.stderr
    assert "MiB" in r.stderr and "--memory-budget 1 bytes" in r.stderr, r.stderr


def test_an_empty_data_folder_is_not_silently_the_cache(tmp_path):
    """--data names the IDX files' folder: the old code fell back to the cache without a word."""
    (tmp_path / "empty").mkdir()
    r = ttnet("train", "--data", "empty", "--epochs", "1", cwd=tmp_path)
    assert one_line_error(r) and "--data empty" in r.stderr and "fetch --data empty" in r.stderr, r.stderr


@pytest.mark.mnist
def test_resume_without_a_checkpoint_says_so(tmp_path):
    args = ["train", "--epochs", "1", "--train-limit", "64", "--rank", "4", "--features", "4", "--no-progress"]
    r = ttnet(*args, "--resume", "--out-dir", "o", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("ttnet: --resume: no checkpoint at ") and "training from epoch 1" in r.stderr
    r = ttnet(*args, "--resume", "--out-dir", "o", cwd=tmp_path)  # now there is one: nothing to say
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_parse_errors_share_the_prefix_of_every_other_error(tmp_path):
    for args in (["train", "--epochs", "x"], ["--bogus"], ["bench", "--ranks", "0"]):
        r = ttnet(*args, cwd=tmp_path)
        assert r.stderr.startswith("ttnet: error: "), r.stderr
