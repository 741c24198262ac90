"""The execution layer: every grid command runs its cases here, serially, in local processes, or on
a Dask cluster, with resume and progress.

A command describes its cases (:class:`Case`: a function ``"module:name"`` and JSON-able keyword
arguments) and hands them to :func:`run_cases`, which

* **resumes**: with a :class:`Store` (a JSON Lines file, or a folder of them, one per ``check``),
  the cases whose record is already stored are not run again (and are emitted marked as
  reused); each stored line carries the digest of its record, and a file holding anything else
  (a user's line, an edited record, another command's records) is refused before anything runs,
  untouched; a partial last line left by a killed run is detected and dropped; each new record is
  appended as one line and flushed as soon as it exists, so a crash or Ctrl-C loses at most the
  cases in flight;
* **runs in parallel**: ``jobs > 1`` starts a Dask ``LocalCluster`` of that many single-threaded
  worker processes (memory limit per worker derived from the memory budget); ``scheduler`` connects
  to an existing ``dask scheduler`` (its workers must have this package installed); the largest
  cases are submitted first;
* **keeps the serial result**: records are emitted (printed) in the order of the cases, whatever
  the order of completion, and the store is rewritten in that order at the end; every case is a
  pure function of its arguments (random draws are seeded by the case), so a parallel or resumed
  run gives the serial records;
* **shows progress** with ``tqdm`` on stderr (off when stderr is not a terminal, unless asked),
  clearing the bar before each line it prints on stdout.

A case that raises :class:`verify.errors.VerifyError` (bad input, a size over the memory budget)
stops the whole run: the error propagates to the command line, which prints one line and exits 2;
the records stored so far are kept, so the run can be resumed with other settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

from ._files import write_whole
from ._json import StrictJSONError, strict_loads
from .errors import BadParameterError, shown

__all__ = [
    "DIGEST_KEY",
    "QUIET_WORKERS",
    "Case",
    "RunReport",
    "Store",
    "check_jobs",
    "check_scheduler",
    "execute_case",
    "record_digest",
    "record_line",
    "run_cases",
]


@dataclass(frozen=True)
class Case:
    """One independent unit of work: ``fn`` is ``"module:function"``, ``kwargs`` JSON-able.

    ``work`` estimates the cost (only used to submit large cases first)."""

    fn: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    work: float = 1.0

    @property
    def id(self) -> str:
        """A canonical string naming the case: the record of this case carries it as ``"case"``."""
        return self.fn + json.dumps(self.kwargs, sort_keys=True, separators=(",", ":"))


def _resolve(fn: str) -> Callable[..., dict[str, Any]]:
    module, _, name = fn.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def execute_case(fn: str, kwargs: dict[str, Any], budget: int | None = None) -> dict[str, Any]:
    """Run one case (in this process or a worker): set the memory budget, call, tag the record."""
    if budget is not None:
        from .tt import set_memory_budget

        set_memory_budget(budget)
    rec = _resolve(fn)(**kwargs)
    rec["case"] = Case(fn, kwargs).id
    return rec


def _execute_remote(fn: str, kwargs: dict[str, Any], budget: int | None = None) -> dict[str, Any]:
    """:func:`execute_case` on a worker: our own errors travel back as data (exception classes do
    not always survive the trip) and are raised again by :func:`_reraise`."""
    from .errors import VerifyError

    try:
        return execute_case(fn, kwargs, budget)
    except VerifyError as e:
        return {"__error__": type(e).__name__, "message": str(e)}


def _reraise(rec: dict[str, Any]) -> dict[str, Any]:
    if "__error__" in rec:
        from . import errors

        cls = getattr(errors, str(rec["__error__"]), errors.VerifyError)
        raise cls(rec.get("message", ""))
    return rec


#: The key under which every stored line carries the SHA-256 digest of its record (the record's
#: canonical JSON: sorted keys, no spaces, ASCII).  A line whose digest does not match was edited;
#: a line without one was not written by this version.  It is a check sum, not a signature:
#: anyone can recompute it, so it tells this project's own unedited records from everything
#: else in the file, not a forger from an honest run (a third party re-checks by rerunning, or
#: with a certificate).
DIGEST_KEY = "record_sha256"
_PREFIX = b'{"' + DIGEST_KEY.encode() + b'": "'


def record_digest(rec: dict[str, Any]) -> str:
    """The SHA-256 of ``rec``'s canonical JSON (see :data:`DIGEST_KEY`)."""
    canon = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canon.encode("ascii")).hexdigest()


def record_line(rec: dict[str, Any]) -> str:
    """One stored line: the digest first (so a line cut short is recognizable), then the record."""
    if DIGEST_KEY in rec:
        raise ValueError(f"a record may not carry the key {DIGEST_KEY!r}")
    return json.dumps({DIGEST_KEY: record_digest(rec), **rec}) + "\n"


def _function(case_id: str) -> str:
    """The ``module:function`` part of a case id (:attr:`Case.id`)."""
    return case_id.split("{", 1)[0]


class Store:
    """Records on disk, one JSON object per line, each line carrying the digest of its record
    (:data:`DIGEST_KEY`): a single file, or a folder with one ``<check>.jsonl`` per kind of record
    it is told it holds (``names``; nothing else in the folder is read or written).

    The files may hold only this project's records: :meth:`load` reads every line before
    anything is run and refuses (:class:`~verify.errors.BadParameterError`, the file untouched)
    a line that is not JSON, not an object, has a key twice, has no digest or a digest that does
    not match (an edited record), or is a record of another command (``functions``).  So no line
    a user wrote is ever lost: a file with one is refused whole.  Only a partial last line that
    begins as this project's lines begin (a run killed mid-write) is cut off.  While loaded, each
    file is locked (``flock``), so two runs never write one file at once."""

    def __init__(self, path: str | Path, folder: bool = False, names: Sequence[str] = ()) -> None:
        self.path, self.folder = Path(path), folder
        self.names = tuple(names)
        if folder and not self.names:
            raise ValueError("a folder store needs the names of its record files")
        self._handles: dict[Path, Any] = {}
        self._locks: list[int] = []
        try:
            if folder:
                self.path.mkdir(parents=True, exist_ok=True)
                probe = self.path / ".write-test"
                probe.write_text("", encoding="utf-8")
                probe.unlink()
            else:
                if self.path.is_dir():
                    raise BadParameterError(f"--out {str(self.path)!r} is a directory, not a file")
                with open(self.path, "a", encoding="utf-8"):
                    pass
        except OSError as e:
            raise BadParameterError(f"cannot write to {str(self.path)!r}: {e.strerror or e}") from None

    def files(self) -> list[Path]:
        return [self.path / f"{name}.jsonl" for name in self.names] if self.folder else [self.path]

    def _lock(self, f: Path) -> None:
        """Lock ``f`` for this run (refuse if another run holds it); a file replaced meanwhile by
        the other run's final rewrite is locked anew."""
        if fcntl is None:  # pragma: no cover - not POSIX
            return
        while True:
            try:
                fd = os.open(f, os.O_RDONLY | os.O_CREAT, 0o644)
            except OSError as e:
                raise BadParameterError(f"cannot open {str(f)!r}: {e.strerror or e}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise BadParameterError(
                    f"{f} is in use by another run (the same --out twice at once?); wait for it or choose another --out"
                ) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(f).st_ino
            except OSError:
                same = False
            if same:
                self._locks.append(fd)
                return
            os.close(fd)

    def release(self) -> None:
        """Give up the locks taken by :meth:`load` (also when the process ends)."""
        for fd in self._locks:
            os.close(fd)
        self._locks.clear()

    def _scan(self, f: Path, functions: Collection[str] | None, legacy_ok: bool) -> tuple[dict[str, Any], int]:
        """The records of ``f`` by case id, and the length of its whole lines (a partial last
        line of this project's form follows them); refuses anything else (class docstring)."""
        data = f.read_bytes()
        whole = data.rfind(b"\n") + 1
        tail = data[whole:]
        lines = data[:whole].split(b"\n")[:-1]
        out: dict[str, Any] = {}

        def refuse(k: int, why: str) -> NoReturn:
            raise BadParameterError(
                f"{f}: line {k} {why}; --out takes a file that only this command's runs wrote "
                "(nothing was changed: choose another --out, or move the file away)"
            )

        for k, line in enumerate(lines, 1):
            try:
                rec = strict_loads(line)
            except StrictJSONError as e:
                refuse(k, f"is not a record of this project (not JSON: {e})")
            if (
                not isinstance(rec, dict)
                or not isinstance(rec.get("case"), str)
                or not isinstance(rec.get("check"), str)
            ):
                refuse(k, 'is not a record of this project (no "check" and "case")')
            fn = _function(rec["case"])
            if functions is not None and fn not in functions:
                mine = ", ".join(sorted(functions))
                refuse(k, f"is a {rec['check'][:40]!r} record of {fn[:60]}, not of this command ({mine})")
            digest = rec.pop(DIGEST_KEY, None)
            if digest is None:
                if legacy_ok:
                    continue
                refuse(k, "has no digest (written by an older version, or by hand): it cannot be reused as evidence")
            if digest != record_digest(rec):
                refuse(k, "does not match its digest: the record was edited")
            out[rec["case"]] = rec
        if tail and not (tail.startswith(_PREFIX) or _PREFIX.startswith(tail) and len(tail) > 1):
            refuse(len(lines) + 1, "(the last, with no newline) is not a record of this project")
        return out, whole

    def load(self, functions: Collection[str] | None = None, legacy_ok: bool = False) -> dict[str, dict[str, Any]]:
        """Lock the files, check every line (class docstring), cut off a partial last line left by a
        killed run, and return the stored records by case id.

        ``functions``: the case functions whose records may be in the files (``None``: any);
        ``legacy_ok``: accept (and skip) records without a digest, for a store about to be cleared."""
        out: dict[str, dict[str, Any]] = {}
        cuts = []
        for f in self.files():
            if f.exists() and not f.is_file():  # a device or a pipe: nothing to read
                continue
            self._lock(f)
            recs, whole = self._scan(f, functions, legacy_ok)
            out |= recs
            cuts.append((f, whole))
        for f, whole in cuts:  # only once every file passed
            if f.stat().st_size > whole:
                with open(f, "r+b") as fh:
                    fh.truncate(whole)
        return out

    def clear(self, functions: Collection[str] | None = None) -> None:
        """Forget every stored record (a fresh run): the files are checked first, as by :meth:`load`
        (records without a digest are accepted here: they are replaced, not reused)."""
        self.load(functions, legacy_ok=True)
        for f in self.files():
            if f.is_file():
                f.write_text("", encoding="utf-8")

    def _file(self, rec: dict[str, Any]) -> Path:
        if not self.folder:
            return self.path
        if rec.get("check") not in self.names:
            raise ValueError(f"this store holds {self.names} records, not {rec.get('check')!r}")
        return self.path / f"{rec['check']}.jsonl"

    def append(self, rec: dict[str, Any]) -> None:
        f = self._file(rec)
        fh = self._handles.get(f)
        if fh is None:
            fh = self._handles[f] = open(f, "a", encoding="utf-8")
        fh.write(record_line(rec))
        fh.flush()

    def close(self) -> None:
        for fh in self._handles.values():
            fh.close()
        self._handles.clear()

    def finalize(self, order: Sequence[str]) -> None:
        """Put every file's lines in the order of ``order`` (then any others, as they were), each
        file written whole to a temporary name and renamed over the old one.  The lines are moved,
        never re-encoded; a file that holds a line which is not a record with a valid digest
        (written by someone else meanwhile) is left as it is."""
        self.close()
        rank = {cid: k for k, cid in enumerate(order)}
        for f in self.files():
            if not f.is_file():  # absent, or a device or pipe: nothing to reorder, never replace it
                continue
            data = f.read_bytes()
            if data and not data.endswith(b"\n"):
                continue
            keyed: dict[str, bytes] = {}
            for line in data.splitlines(keepends=True):
                try:
                    rec = strict_loads(line)
                    digest = rec.pop(DIGEST_KEY)
                    ok = isinstance(rec["case"], str) and digest == record_digest(rec)
                except (StrictJSONError, KeyError, TypeError, AttributeError):
                    ok = False
                if not ok:
                    break
                keyed.pop(rec["case"], None)  # a case stored twice (two runs, one after the other): its last record
                keyed[rec["case"]] = line
            else:
                ordered = sorted(keyed, key=lambda cid: rank.get(cid, len(rank)))
                text = b"".join(keyed[cid] for cid in ordered)
                if text != data:
                    write_whole(f, text)


@dataclass
class RunReport:
    """What :func:`run_cases` did: every record in case order, and how many were reused."""

    records: list[dict[str, Any]]
    reused: int
    computed: int
    complete: bool


def _progress(total: int, initial: int, desc: str, show: bool | None) -> Any:
    from tqdm import tqdm

    enabled = sys.stderr.isatty() if show is None else show
    return tqdm(total=total, initial=initial, desc=desc, file=sys.stderr, disable=not enabled, leave=False)


#: Dask settings for the local workers of ``--jobs`` (CPU-bound cases, one thread each, on as many
#: cores as workers).  Measured on the 2-core machine of ``benchmarks/bench_campaign.py`` (the
#: generic grid there, 440 cases): with Dask's defaults the cases' own seconds summed to 47.0 s in
#: two workers against 36.0 s in one plain process; with these, 39.4 s.
#:
#: * ``MALLOC_TRIM_THRESHOLD_``: Dask starts workers with 65536, which also fixes glibc's mmap
#:   threshold at 128 KiB, so every large temporary is mapped, faulted in and unmapped again
#:   (about 15% of a case here); unset, the workers keep glibc's defaults, as a serial run does.
#: * the statistical profiler samples the running task's Python stack every 10 ms, and the GIL
#:   and system monitors poll every 1 ms and 500 ms, all competing with the case for the GIL and
#:   the core: off, or every few seconds (the memory monitor, which enforces the memory limit, every
#:   second).
QUIET_WORKERS: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _serial(todo: Sequence[tuple[int, Case]], budget: int | None) -> Iterator[tuple[int, dict[str, Any]]]:
    for k, case in todo:
        yield k, execute_case(case.fn, case.kwargs, budget)


@contextlib.contextmanager
def _quiet_after_sigint() -> Iterator[None]:
    """While a Dask run is in progress, Ctrl-C first turns logging off, then raises
    ``KeyboardInterrupt`` as usual: the client's event loop and the in-process scheduler log
    errors about the futures the interrupt abandons (a tornado callback, "Couldn't gather keys"),
    and the command line promises one line on Ctrl-C.  Only in the main thread, and only where
    SIGINT has Python's default handler."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return

    before = logging.root.manager.disable

    def on_sigint(signum: int, frame: Any) -> None:
        logging.disable(logging.CRITICAL)
        if _in_gc_callback(frame):
            # an exception raised in a garbage-collector callback (Dask's GC diagnosis) is printed
            # as "Exception ignored" and lost: deliver the signal again once the callback is done
            threading.Timer(0.05, signal.raise_signal, (signal.SIGINT,)).start()
            return
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:  # (the cluster is shut down by then: its last words are behind us)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        logging.disable(before)


def _in_gc_callback(frame: Any) -> bool:
    """Whether ``frame`` runs inside one of the garbage collector's callbacks (``gc.callbacks``)."""
    import gc

    codes = {getattr(getattr(cb, "__func__", cb), "__code__", None) for cb in gc.callbacks}
    while frame is not None:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


def _dask(
    todo: Sequence[tuple[int, Case]], budget: int | None, jobs: int, scheduler: str | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    with _quiet_after_sigint():
        yield from _dask_run(todo, budget, jobs, scheduler)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold SIGINT back in this thread (POSIX, main thread) while the block runs; a Ctrl-C that
    came meanwhile is delivered when it ends.  Starting and stopping a cluster are not cut in
    half: no half-built cluster is left to Dask's exit handler (which then prints a traceback), and
    the worker processes, started with SIGINT blocked, leave a terminal's Ctrl-C to this process,
    which shuts them down."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _dask_run(
    todo: Sequence[tuple[int, Case]], budget: int | None, jobs: int, scheduler: str | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    import dask
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = client = None
    try:
        with _sigint_deferred():
            try:
                if scheduler:
                    _probe(scheduler)
                    client = Client(scheduler, timeout="10s")
                else:
                    limit = None if budget is None else int(budget * 1.5) + 512 * 2**20
                    with warnings.catch_warnings(), dask.config.set(QUIET_WORKERS):
                        # warnings: e.g. "port 8787 in use", not ours to report
                        warnings.simplefilter("ignore")
                        cluster = LocalCluster(
                            n_workers=jobs,
                            threads_per_worker=1,
                            processes=True,
                            memory_limit=limit,
                            dashboard_address=":0",
                            silence_logs=logging.ERROR,
                            env={"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
                        )
                    client = Client(cluster)
            except BadParameterError:
                raise
            except Exception as e:  # OSError, a timeout, or Dask's ValueError/TypeError on a bad address or comm
                where = f"the Dask scheduler {scheduler!r}" if scheduler else "the local Dask cluster"
                first = (str(e).splitlines() or [type(e).__name__])[0]
                raise BadParameterError(f"cannot reach {where}: {first:.200}") from None
        order = sorted(todo, key=lambda kc: -kc[1].work)  # large cases first: a shorter makespan
        futures = {
            client.submit(_execute_remote, case.fn, case.kwargs, budget, key=f"verify-{k}-{case.id}", pure=False): k
            for k, case in order
        }
        for fut in as_completed(futures):
            yield futures[fut], _reraise(fut.result())
    finally:
        with _sigint_deferred():
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()


def run_cases(
    cases: Sequence[Case],
    emit: Callable[[dict[str, Any]], None] = lambda rec: None,
    store: Store | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    budget: int | None = None,
    desc: str = "cases",
    show_progress: bool | None = None,
    functions: Collection[str] | None = None,
) -> RunReport:
    """Run ``cases`` (see the module docstring); call ``emit`` on every record in case order.

    ``functions``: the case functions whose records ``store`` may hold (default: those of
    ``cases``; a command passes all it can write, so that a grid run with fewer options may
    resume in a file that also holds the others).  A record taken from ``store`` is emitted with
    ``"reused": true`` added (the returned records are the stored ones as they are).

    Raises
    ------
    KeyboardInterrupt
        After storing every record finished so far (the caller reports it).
    VerifyError
        The first case that raised it (bad input, memory budget); records so far are kept.
        Before anything runs: a ``store`` that holds anything but this project's records of
        ``functions`` (:class:`Store`).
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise BadParameterError(f"--jobs must be a positive integer or 'auto', got {jobs!r}")
    check_scheduler(scheduler)
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise BadParameterError("the grid lists a case twice")
    try:
        return _run(cases, ids, emit, store, jobs, scheduler, budget, desc, show_progress, functions)
    finally:
        if store is not None:
            store.release()


def _run(
    cases: Sequence[Case],
    ids: list[str],
    emit: Callable[[dict[str, Any]], None],
    store: Store | None,
    jobs: int,
    scheduler: str | None,
    budget: int | None,
    desc: str,
    show_progress: bool | None,
    functions: Collection[str] | None,
) -> RunReport:
    kinds = {c.fn for c in cases} if functions is None else set(functions)
    stored = store.load(kinds) if store is not None else {}
    results: dict[int, dict[str, Any]] = {k: stored[cid] for k, cid in enumerate(ids) if cid in stored}
    was_stored = set(results)
    todo = [(k, c) for k, c in enumerate(cases) if k not in results]
    reused = len(results)
    bar = _progress(len(cases), reused, desc, show_progress)
    nxt = 0

    def flush() -> None:
        nonlocal nxt
        while nxt in results:
            emit(results[nxt] | {"reused": True} if nxt in was_stored else results[nxt])
            nxt += 1

    computed = 0
    runner: Iterator[tuple[int, dict[str, Any]]] = iter(())
    try:
        flush()
        if todo and jobs == 1 and not scheduler:
            runner = _serial(todo, budget)
        elif todo:
            runner = _dask(todo, budget, jobs, scheduler)
        for k, rec in runner:
            results[k] = rec
            computed += 1
            if store is not None:
                store.append(rec)
            bar.update(1)
            flush()
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()  # shuts a Dask cluster down at once, also on Ctrl-C
        bar.close()
        if store is not None:
            store.close()
    if store is not None:
        store.finalize(ids)
    return RunReport([results[k] for k in range(len(cases))], reused, computed, True)


_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])"


def check_scheduler(text: str | None) -> tuple[str, int] | None:
    """Parse ``--scheduler``: ``tcp://HOST:PORT``, ``tls://HOST:PORT`` or ``HOST:PORT`` (TCP), the
    address of a running ``dask scheduler``; returns ``(host, port)`` (``None`` for none).  Anything
    else (another scheme, no port, Dask's in-process ``inproc://``) is refused in one line."""
    if text is None:
        return None
    m = re.fullmatch(rf"(?:(tcp|tls)://)?({_HOST}):([0-9]{{1,5}})", text)
    if not m or not 1 <= int(m.group(3)) <= 65535:
        raise BadParameterError(
            f"--scheduler must be the address of a running Dask scheduler, tcp://HOST:PORT or tls://HOST:PORT "
            f"(e.g. tcp://10.0.0.5:8786), got {shown(text, 80)}"
        )
    return m.group(2).strip("[]"), int(m.group(3))


def _probe(scheduler: str) -> None:
    """Refuse at once an address where nothing listens (Dask retries a refused connection until its
    timeout): one TCP connection, 5 s at most."""
    import socket

    host, port = check_scheduler(scheduler) or ("", 0)
    try:
        with socket.create_connection((host, port), timeout=5):
            pass
    except OSError as e:
        raise BadParameterError(f"cannot reach the Dask scheduler {scheduler!r}: {e.strerror or e}") from None


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


#: local worker processes allowed per core: more only add memory (each worker is a Python process
#: with its own memory budget) and no speed, since every case is CPU-bound
JOBS_PER_CORE = 4


def check_jobs(text: str) -> int:
    """Parse ``--jobs``: a positive integer up to :data:`JOBS_PER_CORE` times the cores this
    process may use, or ``auto`` (one per core).  (A cluster of any size: ``--scheduler``.)"""
    if text == "auto":
        return _cores()
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise BadParameterError(f"--jobs must be a positive integer or 'auto', got {shown(text, 40)}")
    value = int(text)
    top = JOBS_PER_CORE * _cores()
    if value < 1 or value > top:
        raise BadParameterError(
            f"--jobs must be between 1 and {top} ({JOBS_PER_CORE} local processes a core here), got {value}; "
            "a larger cluster: --scheduler"
        )
    return value
