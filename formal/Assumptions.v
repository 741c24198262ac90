(** * The axioms each main theorem depends on

    [tests/test_formal.py] requires: none for the algebraic development, and at most the three
    classical axioms of mathcomp-analysis ([boolp.propositional_extensionality],
    [boolp.functional_extensionality_dep], [boolp.constructive_indefinite_description]) for the
    measure theory ([Lebesgue.v], [ZeroSet.v]) and the theorems built on it ([Hypothesis1.v]); any
    other axiom, or an [Admitted] proof, fails. *)

From TTExpr Require Import Matricization CPRank TensorTrain SeedWitness StrongBound CopyWitness
  Algebraic Transfer UpperBound TransferSpaces GenericRank
  Minors Polynomial GenericMinor CharZero DifferentCores OddD Lebesgue ZeroSet
  GenericPoly Hypothesis1 GenericAe CharZeroOdd.

Print Assumptions cp_rank_ge_matricization_rank.
Print Assumptions cp_rank_ge_oddeven_rank.
Print Assumptions seed_rank.
Print Assumptions strong_bound.
Print Assumptions minor_vanishes.
Print Assumptions seed_minor.
Print Assumptions degenerate_set_in_zero_set.
Print Assumptions copy_rank.
Print Assumptions transfer_rank.
Print Assumptions rank_le_rows.
Print Assumptions rank_le_first_cut.
Print Assumptions rank_le_bonds.
Print Assumptions mincut_bound.
Print Assumptions copy_rank_mincut.
Print Assumptions transfer_rank_mincut.
Print Assumptions transfer_spaces.
Print Assumptions transfer_spaces_rank.
Print Assumptions generic_rank_witness.
Print Assumptions rank_minorP.
Print Assumptions matricization_entry_poly.
Print Assumptions minor_mpolyE.
Print Assumptions rank_poly_of_witness.
Print Assumptions seed_rank_poly.
Print Assumptions strong_rank_poly.
Print Assumptions generic_rank_poly.
Print Assumptions transfer_spaces_rank_char0.
Print Assumptions generic_rank_witness_char0.
Print Assumptions generic_rank_poly_char0.
Print Assumptions dt_cp_rank.
Print Assumptions tt_cp_rank.
Print Assumptions mincut_bound_dt.
Print Assumptions sharing_loses_nothing.
Print Assumptions cp_rank_ge_odd_rank.
Print Assumptions mincut_bound_odd_dt.
Print Assumptions mincut_bound_odd.
Print Assumptions transfer_rank_odd.
Print Assumptions seed_odd_rank.
Print Assumptions generic_rank_witness_odd.
Print Assumptions sharing_loses_nothing_odd.
Print Assumptions lebesgue_Rm_box.
Print Assumptions lebesgue_Rm_itv.
Print Assumptions lebesgue_seq_null.
Print Assumptions zero_set_null.
Print Assumptions ae_mpoly_neq0.
Print Assumptions ae_mono.
Print Assumptions ae_and.
Print Assumptions rank_poly_of_point.
Print Assumptions generic_rank_poly_odd.
Print Assumptions generic_rank_poly_dt.
Print Assumptions generic_rank_poly_odd_dt.
Print Assumptions hypothesis1_ae.
Print Assumptions hypothesis1_strong_ae.
Print Assumptions generic_rank_ae.
Print Assumptions generic_rank_ae_odd.
Print Assumptions generic_rank_ae_dt.
Print Assumptions generic_rank_ae_odd_dt.
Print Assumptions generic_rank_witness_odd_char0.
Print Assumptions sharing_loses_nothing_char0.
Print Assumptions sharing_loses_nothing_odd_char0.
