(** * Odd [d] and different cores: the generic rank for almost every choice of cores

    The a.e. forms of [GenericPoly.v]'s theorems, as [Hypothesis1.v] states them for even [d] and
    equal cores: "almost every" is for Lebesgue measure on [R^N] ([lebesgue_Rm], [Lebesgue.v]),
    in mathcomp-analysis' sense ([{ae mu, forall x, P x}]: the points where [P] fails lie in a
    measurable set of measure 0); the train at a point [x] of [R^N] is [param_tt (coord x)]
    (equal cores, [N = n r + r^2 n + r n]) or [param_dt (coord x)] (different cores,
    [N = n r + (d - 2) r^2 n + r n]).
    - [generic_rank_ae_odd] ([d = 2k + 1], equal cores), [generic_rank_ae_dt] ([d = 2k],
      different cores), [generic_rank_ae_odd_dt] ([d = 2k + 1], different cores): for every
      [n, r, k >= 1], almost everywhere the odd/even matricization has rank exactly the min-cut
      value ([min(n, r ^ 2) ^ k] for odd [d], [min(n ^ k, r n ^ (k - 1), r ^ (2k - 1))] for even
      [d]), and every CP decomposition of the tensor has at least that many terms (Lemma 1).
    Each is the nonzero polynomial of [GenericPoly.v], whose zero set is null ([ae_mpoly_neq0],
    [ZeroSet.v]).  Axioms: those of mathcomp-analysis' classical base (through [ZeroSet.v]). *)

From HB Require Import structures.
From mathcomp Require Import all_ssreflect all_algebra.
From mathcomp.classical Require Import boolp classical_sets functions mathcomp_extra.
From mathcomp.analysis Require Import reals ereal signed topology normedtype sequences esum
  measure numfun lebesgue_measure lebesgue_integral.
From SsrMultinomials Require Import mpoly.
From TTExpr Require Import CPRank TensorTrain Polynomial DifferentCores OddD GenericPoly Lebesgue
  ZeroSet.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section GenericAe.

Variable R : realType.

(** [d = 2k + 1], equal cores: almost everywhere rank [min(n, r ^ 2) ^ k], and CP-rank at least
    that. *)
Theorem generic_rank_ae_odd n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  {ae lebesgue_Rm R (npar n r), forall x,
     \rank (oddeven_odd_mx (param_tt (coord x)) k) = (minn n (r * r) ^ k)%N /\
     forall D, cp_rank_le (fun w : (k.*2.+1).-tuple 'I_n => tt_entry (param_tt (coord x)) w) D ->
       (minn n (r * r) ^ k <= D)%N}.
Proof.
move=> n0 r0 k0; have [P [P0 PT]] := generic_rank_poly_odd R n0 r0 k0.
apply: ae_mono (ae_mpoly_neq0 P0) => x /PT e; split=> // D cp.
by rewrite -e; exact: cp_rank_ge_odd_rank cp.
Qed.

(** [d = 2k], different cores: almost everywhere the min-cut rank, and CP-rank at least that. *)
Theorem generic_rank_ae_dt n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  {ae lebesgue_Rm R (ndpar n r (k.*2).-2), forall x,
     \rank (dt_oddeven_mx (param_dt (coord x)) k) =
       minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)) /\
     forall D, cp_rank_le (fun w : (k.*2).-tuple 'I_n => dt_entry (param_dt (coord x)) w) D ->
       (minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)) <= D)%N}.
Proof.
move=> n0 r0 k0; have [P [P0 PT]] := generic_rank_poly_dt R n0 r0 k0.
apply: ae_mono (ae_mpoly_neq0 P0) => x /PT e; split=> // D cp.
rewrite -e rank_castmx.
exact: (cp_rank_ge_matricization_rank (oe_word_splits n k) cp).
Qed.

(** [d = 2k + 1], different cores: almost everywhere rank [min(n, r ^ 2) ^ k], and CP-rank at
    least that. *)
Theorem generic_rank_ae_odd_dt n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  {ae lebesgue_Rm R (ndpar n r (k.*2).-1), forall x,
     \rank (dt_oddeven_odd_mx (param_dt (coord x)) k) = (minn n (r * r) ^ k)%N /\
     forall D, cp_rank_le (fun w : (k.*2.+1).-tuple 'I_n => dt_entry (param_dt (coord x)) w) D ->
       (minn n (r * r) ^ k <= D)%N}.
Proof.
move=> n0 r0 k0; have [P [P0 PT]] := generic_rank_poly_odd_dt R n0 r0 k0.
apply: ae_mono (ae_mpoly_neq0 P0) => x /PT e; split=> // D cp.
by rewrite -e; exact: cp_rank_ge_odd_rank cp.
Qed.

End GenericAe.
