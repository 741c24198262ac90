"""``python -m verify``."""

import signal
import sys

from . import _INTERRUPTED

try:
    from .cli import main

    status = main()
except KeyboardInterrupt:  # Ctrl-C while the CLI loads or parses its arguments (main handles the rest)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr.write(_INTERRUPTED)
    status = 130
finally:
    # the work is done and reported (or argparse is exiting): a Ctrl-C while the interpreter
    # (and Dask's threads) shut down must not turn the exit status into "killed by SIGINT"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.exit(status)
