"""A fork server for the fuzz suite: imports both command lines once, then runs each request in a
forked child under an address-space limit and a timeout, its stdout and stderr captured.

Protocol: one JSON request per line on stdin, ``{"module": "verify"|"ttnet", "argv": [...],
"cwd": DIR, "timeout": SECONDS, "memory": BYTES, "env": {...}}``; one JSON reply per line on
stdout, ``{"rc": int|null, "stdout": str, "stderr": str, "timed_out": bool, "seconds": float}``.
A child that lets an exception escape ``main`` prints its traceback and exits 99, so the suite
sees it.  The server imports what every child would otherwise import again (both command lines,
which import numpy and torch, and ``torch._dynamo``, which the first ``torch.optim`` optimizer
imports: 2-3 s a training example) and computes nothing before it forks, so no thread pool is
running when it does.
"""

import json
import os
import resource
import signal
import sys
import time
import traceback

import torch._dynamo  # noqa: F401  (imported by torch.optim's first optimizer)

import ttnet.cli
import verify.cli

MAINS = {"verify": verify.cli.main, "ttnet": ttnet.cli.main}


def child(req: dict, out_path: str, err_path: str) -> None:
    try:
        os.chdir(req["cwd"])
        os.environ.update(req.get("env", {}))
        limit = int(req["memory"])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            rc = MAINS[req["module"]](req["argv"])
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
            rc = 99
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(rc if isinstance(rc, int) else 98)
    except BaseException:
        os._exit(97)


def serve() -> None:
    for line in sys.stdin:
        req = json.loads(line)
        out_path = os.path.join(req["io"], "stdout")
        err_path = os.path.join(req["io"], "stderr")
        t0 = time.time()
        pid = os.fork()
        if pid == 0:
            child(req, out_path, err_path)
        rc, timed_out = None, False
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                rc = os.waitstatus_to_exitcode(status)
                break
            if time.time() - t0 > req["timeout"]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                timed_out = True
                break
            time.sleep(0.002)
        read = lambda p: open(p, encoding="utf-8", errors="replace").read() if os.path.exists(p) else ""  # noqa: E731
        reply = {
            "rc": rc,
            "stdout": read(out_path)[-20000:],
            "stderr": read(err_path)[-20000:],
            "timed_out": timed_out,
            "seconds": round(time.time() - t0, 3),
        }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
