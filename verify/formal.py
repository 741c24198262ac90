"""Build the Coq development in ``formal/`` and report each main theorem's status.

``make -C formal`` compiles the files of ``formal/_CoqProject`` (Coq 8.16, MathComp 1.15,
mathcomp-analysis 0.6.0, multinomials); the last file, ``Assumptions.v``, runs ``Print
Assumptions`` on each main theorem.  A theorem is

- *proved* when the build succeeds and Coq reports it "Closed under the global context": it
  depends on no axiom, and no ``Admitted`` proof (an admitted lemma shows up as an axiom there);
- *proved using the classical axioms* when the axioms Coq lists are among the three that
  mathcomp-analysis' classical base assumes (:data:`CLASSICAL_AXIOMS`): the measure theory
  (``Lebesgue.v``, ``ZeroSet.v``) and the "almost every core" theorems (``Hypothesis1.v``) rest on
  them;
- a failure otherwise: any other axiom, an ``Admitted`` lemma, or no answer at all.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from .errors import BadParameterError

__all__ = [
    "ADMITS",
    "CLASSICAL",
    "CLASSICAL_AXIOMS",
    "FORMAL_DIR",
    "THEOREMS",
    "admits_in",
    "assumptions_in",
    "axioms_of",
    "build_formal",
    "theorem_status",
]

#: What a proof must not contain (outside comments).
ADMITS = re.compile(r"\b(Admitted|admit|Axiom|Axioms|Parameter|Conjecture)\b")

#: The repository's formal development (next to the package).
FORMAL_DIR = Path(__file__).resolve().parent.parent / "formal"

#: Main theorems, in the order ``Assumptions.v`` prints them, with what each states.
THEOREMS = {
    "cp_rank_ge_matricization_rank": "Lemma 1: CP-rank >= the rank of every matricization (any partition)",
    "cp_rank_ge_oddeven_rank": "Lemma 1 for the odd/even matricization of a tensor train (any cores)",
    "seed_rank": "the seed's witness: rank >= min(n, r-1)^k, every n, r, k >= 1 (identity block)",
    "strong_bound": "PROOFS 6.1: the seed's witness has rank exactly min(n, r)^k, every n, r, k >= 1",
    "minor_vanishes": "rank < q^k at any cores => the block minor vanishes there",
    "seed_minor": "the block minor is 1 at the seed's witness (not identically zero)",
    "degenerate_set_in_zero_set": "the degenerate set lies in the zero set of one nonzero minor",
    "copy_rank": "PROOFS 6.4, regime n >= r^2: the copy witness has rank >= r^(2k-1), every k >= 1 (identity block)",
    "transfer_rank": "PROOFS 6.3, transfer lemma (d = 2k): G_1, G_d of rank r and T invertible => rank r n^(k-1)",
    "rank_le_rows": "any tensor train: odd/even rank <= n^k",
    "rank_le_first_cut": "any tensor train: odd/even rank <= r n^(k-1)",
    "rank_le_bonds": "any tensor train: odd/even rank <= r^(2k-1)",
    "mincut_bound": "PROOFS 6.2: any tensor train has odd/even rank <= min(n^k, r n^(k-1), r^(2k-1))",
    "copy_rank_mincut": "PROOFS 6.4, n >= r^2: the copy witness reaches the min-cut value r^(2k-1) exactly",
    "transfer_rank_mincut": "PROOFS 6.4: G_1, G_d of rank r and T invertible => rank = the min-cut value",
    "transfer_spaces": "PROOFS 6.3 (real fields): transfer-invertible cores with n matrices exist, 1 <= n <= r^2",
    "transfer_spaces_rank": "PROOFS 6.4, r <= n <= r^2 (real fields): a train of odd/even rank r n^(k-1) exists",
    "generic_rank_witness": "PROOFS 6.4 (real fields): every n, r, k >= 1, some train attains the min-cut value",
    "rank_minorP": "any matrix over a field: s <= rank iff some s x s minor (injective rows, columns) is nonzero",
    "matricization_entry_poly": "each entry of the equal-core train: a polynomial in its n r + r^2 n + r n parameters",
    "minor_mpolyE": "each minor of the odd/even matricization is a fixed polynomial in the parameters",
    "rank_poly_of_witness": "rank >= s at one train => rank >= s off the zero set of one nonzero polynomial",
    "seed_rank_poly": "PROOFS 3: rank >= min(n, r-1)^k off the zero set of a nonzero polynomial, every n, r, k >= 1",
    "strong_rank_poly": "PROOFS 6.1: rank >= min(n, r)^k off the zero set of a nonzero polynomial, every n, r, k >= 1",
    "generic_rank_poly": (
        "PROOFS 6.4 (real fields): rank = min(n^k, r n^(k-1), r^(2k-1)) off the zero set of one nonzero polynomial"
    ),
    "transfer_spaces_rank_char0": "transfer_spaces_rank over every field of characteristic 0 (witness mapped from Q)",
    "generic_rank_witness_char0": "generic_rank_witness over every field of characteristic 0 (witness mapped from Q)",
    "generic_rank_poly_char0": "generic_rank_poly over every field of characteristic 0",
    "dt_cp_rank": "different internal cores: a train of order d >= 2 has CP-rank <= r^(d-1) (the path sum)",
    "tt_cp_rank": "equal cores: a train of order d >= 2 has CP-rank <= r^(d-1)",
    "mincut_bound_dt": "PROOFS 6.2, different cores, d = 2k: odd/even rank <= min(n^k, r n^(k-1), r^(2k-1))",
    "sharing_loses_nothing": (
        "PROOFS 6.4, d = 2k (real fields): max odd/even rank over different-core trains = over equal-core trains"
    ),
    "cp_rank_ge_odd_rank": "Lemma 1 for the odd/even matricization at d = 2k+1 (any tensor)",
    "mincut_bound_odd_dt": "PROOFS 6.2, different cores, d = 2k+1: odd/even rank <= min(n, r^2)^k",
    "mincut_bound_odd": "PROOFS 6.2, equal cores, d = 2k+1: odd/even rank <= min(n, r^2)^k",
    "transfer_rank_odd": "PROOFS 6.3, transfer lemma (d = 2k+1): G_1, G_d of rank r > 0 and T invertible => rank n^k",
    "seed_odd_rank": "PROOFS 6.4, n < r: the seed's odd-d extension has rank exactly n^k, every k >= 1",
    "generic_rank_witness_odd": (
        "PROOFS 6.4, d = 2k+1 (real fields): every n, r, k >= 1, some train has rank exactly min(n, r^2)^k"
    ),
    "sharing_loses_nothing_odd": (
        "PROOFS 6.4, d = 2k+1, k >= 1 (real fields): max odd/even rank over different-core = over equal-core trains"
    ),
    "lebesgue_Rm_box": "Lebesgue measure on R^m: a box with Borel sides has the product of their measures",
    "lebesgue_Rm_itv": "Lebesgue measure on R^m: the box prod ]a_i, b_i] has measure prod (b_i - a_i)",
    "lebesgue_seq_null": "a finite set of reals is measurable and Lebesgue-null",
    "zero_set_null": "PROOFS 3: every m, the zero set of a nonzero p in R[x_1..x_m] is measurable and Lebesgue-null",
    "ae_mpoly_neq0": "PROOFS 3: every m, p != 0 => for almost every x in R^m, p(x) != 0",
    "ae_mono": "P => Q pointwise and P almost everywhere => Q almost everywhere",
    "ae_and": "P almost everywhere and Q almost everywhere => (P and Q) almost everywhere",
    "rank_poly_of_point": "polynomial matrix of rank >= s at one point: rank >= s off the zero set of a nonzero minor",
    "generic_rank_poly_odd": (
        "PROOFS 6.4, d = 2k+1 (real fields): rank = min(n, r^2)^k off the zero set of one nonzero polynomial"
    ),
    "generic_rank_poly_dt": (
        "PROOFS 6.4, d = 2k, different cores (n r + (d-2) r^2 n + r n parameters, real fields): rank = the min-cut"
        " value off the zero set of one nonzero polynomial"
    ),
    "generic_rank_poly_odd_dt": (
        "PROOFS 6.4, d = 2k+1, different cores (real fields): rank = min(n, r^2)^k off the zero set of one nonzero"
        " polynomial"
    ),
    "hypothesis1_ae": "the seed's theorem: all n, r and k >= 1, for almost every core vector, CP-rank >= min(n, r-1)^k",
    "hypothesis1_strong_ae": "PROOFS 6.1: all n, r and k >= 1, for almost every core vector, CP-rank >= min(n, r)^k",
    "generic_rank_ae": (
        "PROOFS 6.4: every n, r, k >= 1, for almost every core vector, odd/even rank = min(n^k, r n^(k-1), r^(2k-1))"
        " and CP-rank >= it"
    ),
    "generic_rank_ae_odd": (
        "PROOFS 6.4, d = 2k+1, every n, r, k >= 1: for almost every core vector in R^N, rank = min(n, r^2)^k and"
        " CP-rank >= it"
    ),
    "generic_rank_ae_dt": (
        "PROOFS 6.4, d = 2k, different cores, every n, r, k >= 1: for almost every core vector, rank = the min-cut"
        " value and CP-rank >= it"
    ),
    "generic_rank_ae_odd_dt": (
        "PROOFS 6.4, d = 2k+1, different cores, every n, r, k >= 1: for almost every core vector, rank ="
        " min(n, r^2)^k and CP-rank >= it"
    ),
    "generic_rank_witness_odd_char0": "generic_rank_witness_odd over every field of characteristic 0 (mapped from Q)",
    "sharing_loses_nothing_char0": "sharing_loses_nothing (d = 2k) over every field of characteristic 0",
    "sharing_loses_nothing_odd_char0": "sharing_loses_nothing_odd (d = 2k+1) over every field of characteristic 0",
}

#: The axioms of mathcomp-analysis' classical base (``mathcomp.classical.boolp``), the only ones a
#: theorem may use (as Coq prints their names, with what each says).
CLASSICAL_AXIOMS = {
    "boolp.propositional_extensionality": "equivalent propositions are equal",
    "boolp.functional_extensionality_dep": "pointwise equal (dependent) functions are equal",
    "boolp.constructive_indefinite_description": "a proof of (exists x, P x) yields such an x",
}

#: The main theorems that rest on mathcomp-analysis' measure theory, hence on its classical axioms;
#: every other main theorem must stay closed under the global context (no axiom at all).
CLASSICAL = frozenset(
    {
        "lebesgue_Rm_box",
        "lebesgue_Rm_itv",
        "lebesgue_seq_null",
        "zero_set_null",
        "ae_mpoly_neq0",
        "ae_mono",
        "ae_and",
        "hypothesis1_ae",
        "hypothesis1_strong_ae",
        "generic_rank_ae",
        "generic_rank_ae_odd",
        "generic_rank_ae_dt",
        "generic_rank_ae_odd_dt",
    }
)

_AXIOM_LINE = re.compile(r"^([A-Za-z_][\w'.]*)(?:\s+:|\s*$)")


def assumptions_in(log: str) -> list[list[str]]:
    r"""The answers of the ``Print Assumptions`` commands in a Coq log, in order: for each, the
    axioms Coq lists (``[]`` for "Closed under the global context").

    An answer with axioms is the line ``Axioms:`` followed by one entry per axiom: its qualified
    name at the start of a line, then `` : type`` on that line or on indented lines below.  The
    first line that is neither ends the answer.

    >>> assumptions_in("Closed under the global context\nAxioms:\nboolp.a : Prop\nM.b\n  : nat\nmake: done")
    [[], ['boolp.a', 'M.b']]
    """
    answers: list[list[str]] = []
    current: list[str] | None = None
    for line in log.splitlines():
        if line.startswith("Closed under the global context"):
            answers.append([])
            current = None
        elif line.strip() == "Axioms:":
            current = []
            answers.append(current)
        elif current is not None:
            if line[:1].isspace() and line.strip():
                continue  # the type of the axiom above, continued
            m = _AXIOM_LINE.match(line)
            if m:
                current.append(m.group(1))
            else:
                current = None
    return answers


def axioms_of(log: str, printed: list[str]) -> dict[str, list[str] | None]:
    """For each main theorem, the axioms Coq lists for it in ``log``, whose ``Print Assumptions``
    answers come in the order of the names ``printed`` (``None``: no answer; when the number of
    answers is not the number of names, none is trusted)."""
    answers = assumptions_in(log)
    trusted = len(answers) == len(printed)
    return {name: answers[printed.index(name)] if trusted and name in printed else None for name in THEOREMS}


def theorem_status(axioms: list[str] | None) -> str:
    """``"proved"`` (no axiom), ``"proved using the classical axioms: ..."`` (only those of
    :data:`CLASSICAL_AXIOMS`, each named), ``"depends on axioms: ..."`` (any other: a failure), or
    ``"missing"`` (Coq printed no answer for it).

    >>> theorem_status(["boolp.propositional_extensionality"])
    'proved using the classical axioms: propositional_extensionality'
    >>> theorem_status(["boolp.propositional_extensionality", "TTExpr.X.cheat"])
    'depends on axioms: TTExpr.X.cheat'
    """
    if axioms is None:
        return "missing"
    if not axioms:
        return "proved"
    other = [a for a in axioms if _classical_name(a) not in CLASSICAL_AXIOMS]
    if other:
        return "depends on axioms: " + ", ".join(other)
    return "proved using the classical axioms: " + ", ".join(a.split(".")[-1] for a in axioms)


def _classical_name(axiom: str) -> str:
    """Coq prints the shortest qualification that is unambiguous: ``boolp.x`` or, fully,
    ``mathcomp.classical.boolp.x``."""
    return axiom.removeprefix("mathcomp.classical.")


def build_formal(directory: str | Path = FORMAL_DIR, timeout: float = 900) -> dict[str, Any]:
    """Run ``make`` in ``directory``; return ``{"ok", "seconds", "theorems": {name: status}, ...}``.

    Raises
    ------
    BadParameterError
        When ``coqc`` or ``make`` is missing, or the folder has no ``_CoqProject``.
    """
    d = Path(directory)
    if not (d / "_CoqProject").is_file():
        raise BadParameterError(f"no Coq development in {str(d)!r} (no _CoqProject)")
    for tool in ("coqc", "make", "coq_makefile"):
        if shutil.which(tool) is None:
            raise BadParameterError(f"{tool} not found: install Coq and MathComp (apt-get install coq libcoq-mathcomp)")
    for stale in d.glob("Assumptions.vo*"):  # so that Coq prints the assumptions again
        stale.unlink()
    t0 = time.perf_counter()
    run = subprocess.run(["make", "-C", str(d)], capture_output=True, text=True, timeout=timeout)
    out = run.stdout + run.stderr
    printed = re.findall(r"^Print Assumptions ([\w']+)\.", (d / "Assumptions.v").read_text("utf-8"), re.M)
    axioms = axioms_of(out, printed)
    theorems = {name: theorem_status(ax) for name, ax in axioms.items()}
    unlisted = [name for name in printed if name not in THEOREMS]
    sources = sorted(d.glob("*.v"))
    admitted = [p.name for p in sources if admits_in(p)]
    return {
        "check": "formal",
        "ok": run.returncode == 0
        and all(s.startswith("proved") for s in theorems.values())
        and not admitted
        and not unlisted,
        "returncode": run.returncode,
        "seconds": round(time.perf_counter() - t0, 1),
        "theorems": theorems,
        "axioms": axioms,
        "statements": THEOREMS,
        "unlisted": unlisted,  # printed by Assumptions.v but not described in THEOREMS
        "admitted_or_axioms_in": admitted,
        "lines": {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in sources},
        "log_tail": out[-2000:] if run.returncode else "",
    }


def admits_in(path: Path) -> bool:
    """Whether a Coq file admits or assumes anything (``Admitted``, ``admit``, ``Axiom``...),
    comments aside."""
    code = re.sub(r"\(\*.*?\*\)", "", path.read_text(encoding="utf-8"), flags=re.S)
    return bool(ADMITS.search(code))
