(** * Hypothesis 1 for almost every choice of cores (PROOFS.md 3, 6.1, 6.4)

    The parameters of an equal-core train (modes of size [n], bond dimension [r]) are a point [x]
    of [R^N], [N = npar n r = n r + r^2 n + r n] ([Polynomial.v]: [G_1], [G], [G_d] flattened),
    with Lebesgue measure [lebesgue_Rm R N] ([Lebesgue.v]); [train x] is the train with these
    cores and [train_tensor k x] its tensor of order [d = 2k].  [cp_rank_geq X s]: every CP
    decomposition of [X] has at least [s] rank-one terms, i.e. CP-rank [>= s].  For almost every
    [x] ([{ae lebesgue_Rm R N, forall x, ...}]: the exceptions lie in a measurable null set):
    - [hypothesis1_ae]: CP-rank [>= min(n, r - 1) ^ k] -- the seed's theorem, Hypothesis 1 of
      Khrulkov, Novikov and Oseledets for even [d];
    - [hypothesis1_strong_ae]: CP-rank [>= min(n, r) ^ k] (PROOFS.md 6.1);
    - [generic_rank_ae]: the odd/even matricization has rank exactly
      [min(n ^ k, r n ^ (k - 1), r ^ (2k - 1))] (PROOFS.md 6.4), hence CP-rank at least that.
    Each combines one nonzero polynomial in the parameters off whose zero set the rank bound holds
    ([seed_rank_poly], [strong_rank_poly], [generic_rank_poly], [GenericMinor.v]), the nullity of
    that zero set ([ae_mpoly_neq0], [ZeroSet.v]) and Lemma 1 ([cp_rank_ge_oddeven_rank]).  The
    first two hold for every [n] and [r] (the bound is 0 when [n = 0] or [r <= 1], the seed's
    [r >= 2] is not needed), the third for [n, r >= 1]; all need [k >= 1].

    The same for odd [d] and for trains with different cores: [GenericAe.v]. *)

From HB Require Import structures.
From mathcomp Require Import all_ssreflect all_algebra.
From mathcomp.classical Require Import boolp classical_sets functions mathcomp_extra.
From mathcomp.analysis Require Import reals ereal signed topology normedtype sequences esum
  measure numfun lebesgue_measure lebesgue_integral.
From SsrMultinomials Require Import mpoly.
From TTExpr Require Import CPRank TensorTrain UpperBound Polynomial GenericMinor Lebesgue ZeroSet.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Hypothesis1.

Variable R : realType.

(** [X] has CP-rank at least [s]. *)
Definition cp_rank_geq (F : fieldType) n d (X : d.-tuple 'I_n -> F) (s : nat) : Prop :=
  forall Rk, cp_rank_le X Rk -> (s <= Rk)%N.

(** The train with the parameter vector [x], and its tensor of order [2k]. *)
Definition train n r (x : Rm R (npar n r)) : ett R n r := param_tt (coord x).

Definition train_tensor n r k (x : Rm R (npar n r)) (w : (k.*2).-tuple 'I_n) : R :=
  tt_entry (train x) w.

Arguments train_tensor {n r} k x w.

(** Lemma 1: the odd/even rank bounds the CP-rank from below. *)
Lemma cp_rank_geq_of_rank n r k (x : Rm R (npar n r)) s :
  (s <= \rank (oddeven_mx (train x) k))%N -> cp_rank_geq (train_tensor k x) s.
Proof. by move=> sr Rk cp; exact: leq_trans sr (cp_rank_ge_oddeven_rank cp). Qed.

(** The seed's theorem: for almost every choice of cores, CP-rank [>= min(n, r - 1) ^ k]. *)
Theorem hypothesis1_ae n r k : (0 < k)%N ->
  {ae lebesgue_Rm R (npar n r), forall x, cp_rank_geq (train_tensor k x) (minn n r.-1 ^ k)}.
Proof.
move=> k0; have [P [P0 PT]] := seed_rank_poly R n r k0.
apply: ae_mono (ae_mpoly_neq0 P0) => x Px.
exact/cp_rank_geq_of_rank/PT.
Qed.

(** PROOFS.md 6.1: for almost every choice of cores, CP-rank [>= min(n, r) ^ k]. *)
Theorem hypothesis1_strong_ae n r k : (0 < k)%N ->
  {ae lebesgue_Rm R (npar n r), forall x, cp_rank_geq (train_tensor k x) (minn n r ^ k)}.
Proof.
move=> k0; have [P [P0 PT]] := strong_rank_poly R n r k0.
apply: ae_mono (ae_mpoly_neq0 P0) => x Px.
exact/cp_rank_geq_of_rank/PT.
Qed.

(** PROOFS.md 6.4: for almost every choice of cores, the odd/even rank is the min-cut value. *)
Theorem generic_rank_ae n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  {ae lebesgue_Rm R (npar n r), forall x,
    \rank (oddeven_mx (train x) k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)) /\
    cp_rank_geq (train_tensor k x) (minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)))}.
Proof.
move=> n0 r0 k0; have [P [P0 PT]] := generic_rank_poly R n0 r0 k0.
apply: ae_mono (ae_mpoly_neq0 P0) => x /PT e; split=> //.
by apply: cp_rank_geq_of_rank; rewrite e.
Qed.

End Hypothesis1.
