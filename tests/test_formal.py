"""The Coq development builds; every main theorem is closed under the global context (no axiom,
no Admitted), except the measure theory's, which may use the three classical axioms of
mathcomp-analysis and nothing else; no source file admits anything.  Needs coqc (CI installs Coq,
MathComp, mathcomp-analysis and multinomials from Debian); without it the build tests are skipped,
unless TTEXPR_REQUIRE_COQ=1 (CI sets it) makes that a failure."""

import os
import shutil
import subprocess

import pytest

from verify.formal import (
    CLASSICAL,
    FORMAL_DIR,
    THEOREMS,
    assumptions_in,
    axioms_of,
    build_formal,
    theorem_status,
)

THREE = ["boolp.propositional_extensionality", "boolp.functional_extensionality_dep",
         "boolp.constructive_indefinite_description"]

# What Coq 8.16 prints for Print Assumptions, copied from a real build, types spanning lines.
CLASSICAL_ANSWER = """Axioms:
boolp.propositional_extensionality : forall P Q : Prop, P <-> Q -> P = Q
boolp.functional_extensionality_dep
  : forall (A : Type) (B : A -> Type) (f g : forall x : A, B x),
    (forall x : A, f x = g x) -> f = g
boolp.constructive_indefinite_description
  : forall (A : Type) (P : A -> Prop), (exists x : A, P x) -> {x : A | P x}
"""


PACKAGES = "coq libcoq-mathcomp libcoq-mathcomp-analysis libcoq-mathcomp-multinomials"


def _require_coq():
    if shutil.which("coqc") is None:
        if os.environ.get("TTEXPR_REQUIRE_COQ") == "1":
            pytest.fail(f"coqc is missing but TTEXPR_REQUIRE_COQ=1: apt-get install {PACKAGES}")
        pytest.skip(f"coqc not installed (apt-get install {PACKAGES})")


@pytest.mark.slow
def test_formal_development_is_proved():
    _require_coq()
    rep = build_formal(FORMAL_DIR)
    assert rep["returncode"] == 0, rep["log_tail"]
    for name, status in rep["theorems"].items():
        if name in CLASSICAL:  # the measure theory: at most the three classical axioms, each named
            assert status == "proved" or status.startswith("proved using the classical axioms: "), (name, status)
        else:  # the algebra: no axiom at all
            assert status == "proved", (name, status)
    assert rep["theorems"]["zero_set_null"].startswith("proved using the classical axioms: ")
    assert rep["unlisted"] == []  # every theorem Assumptions.v prints is described (and so reported)
    assert rep["admitted_or_axioms_in"] == []
    assert rep["ok"]


def test_a_fourth_axiom_is_a_failure():
    """On a fabricated log in Coq's format: the three classical axioms pass, named; a fourth one
    (an Admitted lemma or an Axiom shows up as one), or a missing answer, does not."""
    names = list(THEOREMS)
    fourth = CLASSICAL_ANSWER + "TTExpr.ZeroSet.cheat : False\n"
    excluded = "Axioms:\nClassical_Prop.classic : forall P : Prop, P \\/ ~ P\n"
    answers = ["Closed under the global context\n"] * len(names)
    answers[0], answers[1], answers[2] = CLASSICAL_ANSWER, fourth, excluded
    log = "COQC Assumptions.v\n" + "".join(answers) + "make[1]: Leaving directory 'formal'\n"
    assert assumptions_in(log)[:3] == [THREE, THREE + ["TTExpr.ZeroSet.cheat"], ["Classical_Prop.classic"]]
    axioms = axioms_of(log, names)
    status = {name: theorem_status(ax) for name, ax in axioms.items()}
    assert status[names[0]] == ("proved using the classical axioms: propositional_extensionality, "
                                "functional_extensionality_dep, constructive_indefinite_description")
    assert status[names[1]] == "depends on axioms: TTExpr.ZeroSet.cheat"
    assert status[names[2]] == "depends on axioms: Classical_Prop.classic"
    assert all(status[name] == "proved" for name in names[3:])
    # one answer short: no answer is trusted
    assert set(map(theorem_status, axioms_of(log, names + ["extra"]).values())) == {"missing"}


def test_the_parser_reads_real_coq_output(tmp_path):
    """The same verdicts on what coqc itself prints: a theorem resting on boolp's axioms, and one
    resting on a fourth axiom besides them."""
    _require_coq()
    (tmp_path / "X.v").write_text(
        "From mathcomp.classical Require boolp.\n"
        "Axiom cheat : False.\n"
        "Lemma ok (P : Prop) : P \\/ ~ P. Proof. exact (boolp.EM P). Qed.\n"
        "Lemma bad (P : Prop) : P /\\ (P \\/ ~ P). Proof. split; [destruct cheat | exact (boolp.EM P)]. Qed.\n"
        "Lemma closed : True. Proof. exact I. Qed.\n"
        "Print Assumptions ok.\nPrint Assumptions bad.\nPrint Assumptions closed.\n"
    )
    run = subprocess.run(["coqc", "X.v"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    answers = assumptions_in(run.stdout + run.stderr)
    assert len(answers) == 3 and "boolp.propositional_extensionality" in answers[1]
    ok, bad, closed = map(theorem_status, answers)
    assert ok.startswith("proved using the classical axioms: ")
    assert bad == "depends on axioms: cheat"
    assert closed == "proved"


def test_the_detector_sees_an_admitted_proof(tmp_path):
    """The source check is not decorative: a file with Admitted (or an Axiom) is reported."""
    from verify.formal import admits_in

    f = tmp_path / "X.v"
    for body, bad in [
        ("Lemma x : True.\nProof. Admitted.\n", True),
        ("Axiom a : False.\n", True),
        ("(* Admitted in a comment is fine *)\nLemma x : True.\nProof. exact I. Qed.\n", False),
    ]:
        f.write_text(body)
        assert admits_in(f) is bad
