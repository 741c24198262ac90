(** * Odd [d] and different cores over every field of characteristic 0

    As [CharZero.v] does for even [d]: the witnesses of [generic_rank_witness_odd] are built over a
    real field; over a field [F] of characteristic 0, build them over the rationals and map their
    cores into [F] by [ratr] ([ratr_char0], a ring morphism), which keeps the odd/even rank
    ([map_oddeven_odd_mx], [mxrank_map]).
    - [generic_rank_witness_odd_char0]: for every [n, r, k >= 1] some equal-core train over [F] has
      rank exactly [min(n, r ^ 2) ^ k] at [d = 2k + 1];
    - [sharing_loses_nothing_char0] ([d = 2k], every [n, r, k]) and
      [sharing_loses_nothing_odd_char0] ([d = 2k + 1], [k >= 1]): over [F], the maximum of the
      odd/even rank over different-core trains equals that over equal-core trains. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain GenericRank CharZero DifferentCores OddD.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Lemma map_oddeven_odd_mx (K F : fieldType) (f : {rmorphism K -> F}) n r (T : ett K n r) k :
  oddeven_odd_mx (map_ett f T) k = map_mx f (oddeven_odd_mx T k).
Proof. by rewrite map_castmx; congr castmx; apply/matrixP=> i j; rewrite !mxE map_tt_entry. Qed.

(** PROOFS 6.4, [d = 2k + 1], witness part, over every field of characteristic 0. *)
Theorem generic_rank_witness_odd_char0 (F : fieldType) n r k : [char F] =i pred0 ->
  (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists T : ett F n r, \rank (oddeven_odd_mx T k) = (minn n (r * r) ^ k)%N.
Proof.
move=> F0 n0 r0 k0; have [T eT] := generic_rank_witness_odd [realFieldType of rat] n0 r0 k0.
by exists (map_ett (ratr_char0 F0) T); rewrite map_oddeven_odd_mx mxrank_map.
Qed.

(** PROOFS 6.4, [d = 2k], over every field of characteristic 0: sharing the core loses nothing. *)
Theorem sharing_loses_nothing_char0 (F : fieldType) n r k : [char F] =i pred0 ->
  (forall T : ett F n r, exists D : dtt F n r,
     \rank (dt_oddeven_mx D k) = \rank (oddeven_mx T k)) /\
  (exists T : ett F n r, forall D : dtt F n r,
     (\rank (dt_oddeven_mx D k) <= \rank (oddeven_mx T k))%N).
Proof. by move=> F0; apply: sharing_of_witness; exact: generic_rank_witness_char0. Qed.

(** PROOFS 6.4, [d = 2k + 1], over every field of characteristic 0: sharing the core loses
    nothing. *)
Theorem sharing_loses_nothing_odd_char0 (F : fieldType) n r k : [char F] =i pred0 -> (0 < k)%N ->
  (forall T : ett F n r, exists D : dtt F n r,
     \rank (dt_oddeven_odd_mx D k) = \rank (oddeven_odd_mx T k)) /\
  (exists T : ett F n r, forall D : dtt F n r,
     (\rank (dt_oddeven_odd_mx D k) <= \rank (oddeven_odd_mx T k))%N).
Proof.
by move=> F0 k0; apply: sharing_of_witness_odd => // n0 r0; exact: generic_rank_witness_odd_char0.
Qed.
