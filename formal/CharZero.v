(** * The attained ranks over every field of characteristic 0

    The transfer-invertible subspaces of [TransferSpaces.v] are built over a real field (the
    duality lemma uses [W ∩ W^⊥ = 0]), so [transfer_spaces_rank], [generic_rank_witness] and
    [generic_rank_poly] take a [realFieldType].  Over a field [F] of characteristic 0 the same
    ranks are attained: build the witness over the rationals [rat] (a real field), and map its
    cores into [F] through the embedding [ratr : rat -> F].

    - [ratr_char0_is_rmorphism]: [ratr] is a ring morphism into every field of characteristic
      0 (MathComp proves it for number fields; the proof needs only that the denominators
      [(denq x)%:~R] are nonzero in [F], which characteristic 0 gives);
    - [map_ett f T]: the train whose cores are those of [T] mapped by a ring morphism [f];
      its odd/even matricization is that of [T] mapped by [f] ([map_oddeven_mx]), hence of the
      same rank ([rank_map_ett], a field morphism preserves ranks: [mxrank_map]);
    - [transfer_spaces_rank_char0], [generic_rank_witness_char0], [generic_rank_poly_char0]: the
      statements of [TransferSpaces.v], [GenericRank.v] and [GenericMinor.v] over every field of
      characteristic 0. *)

From mathcomp Require Import all_ssreflect all_algebra.
From SsrMultinomials Require Import mpoly.
From TTExpr Require Import Matricization TensorTrain TransferSpaces GenericRank Polynomial
  GenericMinor.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section RatMorphism.

Variable F : fieldType.
Hypothesis F0 : [char F] =i pred0.

Lemma denq_neq0 (x : rat) : (denq x)%:~R != 0 :> F.
Proof.
have := denq_gt0 x; case: (denq x) => [d|//] d0.
by rewrite -pmulrn ((charf0P F).1 F0) -lt0n -ltz_nat.
Qed.

(** The proof of MathComp's [ratr_is_rmorphism], for a field of characteristic 0. *)
Lemma ratr_char0_is_rmorphism : rmorphism (@ratr F).
Proof.
have injZtoQ : @injective rat int intr by apply: intr_inj.
do 2?split; rewrite /ratr ?divr1 // => x y; last first.
  rewrite mulrC mulrAC; apply: canLR (mulKf (denq_neq0 _)) _; rewrite !mulrA.
  do 2!apply: canRL (mulfK (denq_neq0 _)) _; rewrite -!rmorphM; congr _%:~R.
  apply: injZtoQ; rewrite !rmorphM [x * y]lock /= !numqE -lock.
  by rewrite -!mulrA mulrA mulrCA -!mulrA (mulrCA y).
apply: (canLR (mulfK (denq_neq0 _))); apply: (mulIf (denq_neq0 x)).
rewrite mulrAC mulrBl divfK ?denq_neq0 // mulrAC -!rmorphM.
apply: (mulIf (denq_neq0 y)); rewrite mulrAC mulrBl divfK ?denq_neq0 //.
rewrite -!(rmorphM, rmorphB); congr _%:~R; apply: injZtoQ.
rewrite !(rmorphM, rmorphB) [_ - _]lock /= -lock !numqE.
by rewrite (mulrAC y) -!mulrBl -mulrA mulrAC !mulrA.
Qed.

Definition ratr_char0 : {rmorphism rat -> F} := RMorphism ratr_char0_is_rmorphism.

End RatMorphism.

Section MapTrain.

Variables (K F : fieldType) (f : {rmorphism K -> F}) (n r : nat).

Definition map_ett (T : ett K n r) : ett F n r :=
  ETT (fun x => map_mx f (tt_first T x)) (fun x => map_mx f (tt_core T x))
      (fun x => map_mx f (tt_last T x)).

Variable T : ett K n r.

Lemma map_mprod s : mprod (map_ett T) s = map_mx f (mprod T s).
Proof. by elim: s => [|x s IH] /=; rewrite ?map_mx1 // map_mxM IH. Qed.

Lemma map_tt_entry w : tt_entry (map_ett T) w = f (tt_entry T w).
Proof.
case: w => [|x s] /=; first by rewrite rmorph0.
by rewrite map_mprod -!map_mxM mxE.
Qed.

Lemma map_oddeven_mx k : oddeven_mx (map_ett T) k = map_mx f (oddeven_mx T k).
Proof. by rewrite map_castmx; congr castmx; apply/matrixP=> i j; rewrite !mxE map_tt_entry. Qed.

Lemma rank_map_ett k : \rank (oddeven_mx (map_ett T) k) = \rank (oddeven_mx T k).
Proof. by rewrite map_oddeven_mx mxrank_map. Qed.

End MapTrain.

(** PROOFS 6.4, regime [r <= n <= r ^ 2], over every field of characteristic 0. *)
Theorem transfer_spaces_rank_char0 (F : fieldType) r n k : [char F] =i pred0 ->
  (0 < r)%N -> (r <= n)%N -> (n <= r * r)%N -> (0 < k)%N ->
  exists T : ett F n r, \rank (oddeven_mx T k) = (r * n ^ k.-1)%N.
Proof.
move=> F0 r0 rn nr k0; have [T eT] := transfer_spaces_rank [realFieldType of rat] r0 rn nr k0.
by exists (map_ett (ratr_char0 F0) T); rewrite rank_map_ett.
Qed.

(** PROOFS 6.4, witness part, over every field of characteristic 0. *)
Theorem generic_rank_witness_char0 (F : fieldType) n r k : [char F] =i pred0 ->
  (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists T : ett F n r,
    \rank (oddeven_mx T k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)).
Proof.
move=> F0 n0 r0 k0; have [T eT] := generic_rank_witness [realFieldType of rat] n0 r0 k0.
by exists (map_ett (ratr_char0 F0) T); rewrite rank_map_ett.
Qed.

(** PROOFS 6.4 over every field of characteristic 0: off the zero set of one nonzero
    polynomial in the parameters, the odd/even rank is the min-cut value. *)
Theorem generic_rank_poly_char0 (F : fieldType) n r k : [char F] =i pred0 ->
  (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 ->
      \rank (oddeven_mx (param_tt x) k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)).
Proof.
move=> F0 n0 r0 k0; have [T eT] := generic_rank_witness_char0 F0 n0 r0 k0.
exact: mincut_rank_poly eT.
Qed.
