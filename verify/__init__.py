"""Exact verification of the expressive-power theorems for tensor-train (TT) networks.

The seed report proves Hypothesis 1 of Khrulkov, Novikov, Oseledets (ICLR 2018): for even
``d``, almost every TT tensor with equal internal cores has CP-rank at least ``q^(d/2)``,
``q = min(n, r-1)``.  This package checks each step with exact integer and finite-field
arithmetic.  Every rank says what kind of truth it is: exact (over Q), modular (a lower bound
of the rank over Q), or probabilistic (with its failure bound).

Beyond the seed, :func:`theorem_record` proves (for every ``d``, by finitely many identities of an
explicit witness) that the generic odd/even rank is :func:`oddeven_formula`, with equal and with
different cores (PROOFS.md §6).

>>> from verify import oddeven_formula, theorem_record
>>> oddeven_formula(5, 3, 8), theorem_record(5, 3)["proved_all_d"]
(375, True)

>>> from verify import equal_core_witness, matricization, rank_mod_p
>>> rank_mod_p(matricization(equal_core_witness(2, 3, 4)))
4
"""

import signal
import sys

#: The command line's one line on Ctrl-C (here, so that it is at hand before anything else loads)
_INTERRUPTED = "verify: interrupted; records written so far are kept (rerun to resume)\n"
_loading_cli = sys.argv[:1] == ["-m"] and signal.getsignal(signal.SIGINT) is signal.default_int_handler
_interrupted: list[int] = []  # a Ctrl-C came while the package loaded


def _on_sigint(signum: int, frame: object) -> None:
    _interrupted.append(signum)
    raise KeyboardInterrupt


if _loading_cli:  # ``python -m verify`` (sys.argv[0] is "-m" until the module is located)
    signal.signal(signal.SIGINT, _on_sigint)
try:
    from .bounds import mincut_bound
    from .certificate import check_certificate, make_certificate
    from .checks import identity_block, lemma_record, matricization_rank, witness_record
    from .cprank import cprank_case, family_bound, upper_bound
    from .errors import BadParameterError, BadShapeError, CertificateError, MemoryBudgetError, VerifyError
    from .generic import generic_rank, random_tt
    from .koszul import koszul_limit
    from .lemma import lemma_automaton, lemma_bruteforce, lemma_paths
    from .rank import RankResult, rank, rank_exact, rank_mod_p
    from .theorem import oddeven_formula, theorem_record, theorem_witness
    from .transfer import transfer_rank, transfer_subspace
    from .tt import (
        TensorTrain,
        contract,
        different_core_tt,
        equal_core_tt,
        matricization,
        matricize,
        oddeven_partition,
        sparse_entries,
    )
    from .witness import different_core_witness, equal_core_witness, transfer_witness, witness_q
except (KeyboardInterrupt, ImportError) as e:
    # Ctrl-C while ``python -m verify`` loads: the CLI's one line and status, not a traceback (nor
    # numpy's "bad install" ImportError, which is what a KeyboardInterrupt in its C import becomes)
    if not _loading_cli or (isinstance(e, ImportError) and not _interrupted):
        raise
    sys.stderr.write(_INTERRUPTED)
    raise SystemExit(130) from None
finally:
    if _loading_cli:
        signal.signal(signal.SIGINT, signal.default_int_handler)

__all__ = [
    "BadParameterError",
    "BadShapeError",
    "CertificateError",
    "MemoryBudgetError",
    "RankResult",
    "TensorTrain",
    "VerifyError",
    "check_certificate",
    "contract",
    "cprank_case",
    "different_core_tt",
    "different_core_witness",
    "equal_core_tt",
    "equal_core_witness",
    "family_bound",
    "generic_rank",
    "identity_block",
    "koszul_limit",
    "lemma_automaton",
    "lemma_bruteforce",
    "lemma_paths",
    "lemma_record",
    "make_certificate",
    "matricization",
    "matricization_rank",
    "matricize",
    "mincut_bound",
    "oddeven_formula",
    "oddeven_partition",
    "random_tt",
    "rank",
    "rank_exact",
    "rank_mod_p",
    "sparse_entries",
    "theorem_record",
    "theorem_witness",
    "transfer_rank",
    "transfer_subspace",
    "transfer_witness",
    "upper_bound",
    "witness_q",
    "witness_record",
]
__version__ = "0.1.0"
