(** * One nonzero polynomial in the parameters whose nonvanishing gives the rank

    PROOFS.md 3 and 6.4, the algebraic half of "for almost every choice of cores": for each rank
    bound below there is a polynomial [P] in the [npar n r = n r + r r n + r n] parameters of the
    equal-core train ([Polynomial.v]) with [P != 0] and, at every parameter vector [x] where [P]
    does not vanish, the odd/even matricization of [param_tt x] has at least that rank.

    [rank_poly_of_witness] is the argument once: a train [T] of rank [>= s] has a nonzero
    [s x s] minor ([rank_minorP]); the same minor of the polynomial matricization
    ([minor_mpoly]) takes at [flatten T] the value of that minor, so it is not the zero
    polynomial, and wherever it does not vanish the rank is [>= s] again.  Instances:
    - [seed_rank_poly]: [min(n, r - 1) ^ k], the seed's bound (witness [seed], any field);
    - [strong_rank_poly]: [min(n, r) ^ k], PROOFS 6.1 (the same witness, [strong_bound]);
    - [generic_rank_poly]: the min-cut value [min(n ^ k, r n ^ (k - 1), r ^ (2k - 1))], which is
      then the rank exactly ([mincut_bound]), over a real field (the witness of
      [generic_rank_witness] uses the transfer-invertible subspaces of [TransferSpaces.v]). *)

From mathcomp Require Import all_ssreflect all_algebra.
From SsrMultinomials Require Import mpoly.
From TTExpr Require Import Matricization TensorTrain SeedWitness StrongBound UpperBound
  GenericRank Minors Polynomial.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section GenericMinor.

Variable F : fieldType.

(** A rank reached at one train is reached off the zero set of one nonzero polynomial. *)
Theorem rank_poly_of_witness n r (T : ett F n r) k s :
  (s <= \rank (oddeven_mx T k))%N ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 -> (s <= \rank (oddeven_mx (param_tt x) k))%N.
Proof.
rewrite -(flattenK_oddeven T) => /rank_minorP [f [g [f_inj g_inj nz]]].
exists (minor_mpoly n r F k f g); split.
  by apply: contraNneq nz => P0; rewrite -minor_mpolyE P0 meval0.
by move=> x; rewrite minor_mpolyE => nzx; apply/rank_minorP; exists f, g.
Qed.

(** A bound [0] needs no polynomial: [P = 1]. *)
Lemma rank_poly0 n r k :
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 -> (0 <= \rank (oddeven_mx (param_tt x) k))%N.
Proof. by exists 1; rewrite oner_neq0. Qed.

(** PROOFS 6.1: off the zero set of one nonzero polynomial, rank [>= min(n, r) ^ k]. *)
Theorem strong_rank_poly n r k : (0 < k)%N ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 -> (minn n r ^ k <= \rank (oddeven_mx (param_tt x) k))%N.
Proof.
case: k => // k _; case: r => [|r']; first by rewrite minn0 exp0n //; exact: rank_poly0.
by apply: (@rank_poly_of_witness _ _ (seed F n r')); rewrite strong_bound.
Qed.

(** The seed's bound: rank [>= min(n, r - 1) ^ k] off the zero set of one nonzero polynomial. *)
Theorem seed_rank_poly n r k : (0 < k)%N ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 -> (minn n r.-1 ^ k <= \rank (oddeven_mx (param_tt x) k))%N.
Proof.
case: k => // k _; case: r => [|r']; first by rewrite minn0 exp0n //; exact: rank_poly0.
exact: (@rank_poly_of_witness _ _ (seed F n r')) (seed_rank F n r' k).
Qed.

End GenericMinor.

(** A train attaining the min-cut value gives one nonzero polynomial off whose zero set the
    odd/even rank is that value exactly (at most by [mincut_bound]). *)
Lemma mincut_rank_poly (F : fieldType) n r k (T : ett F n r) :
  \rank (oddeven_mx T k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)) ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 ->
      \rank (oddeven_mx (param_tt x) k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)).
Proof.
move=> eT; have [P [P0 PT]] := @rank_poly_of_witness _ _ _ T k _ (eq_leq (esym eT)).
exists P; split=> // x /PT lo; apply/eqP; rewrite eqn_leq lo andbT.
exact: mincut_bound.
Qed.

(** PROOFS 6.4: off the zero set of one nonzero polynomial, the odd/even rank is the min-cut
    value exactly (at most by [mincut_bound], at least by the minor at the witness). *)
Theorem generic_rank_poly (F : realFieldType) n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 ->
      \rank (oddeven_mx (param_tt x) k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)).
Proof.
by move=> n0 r0 k0; have [T eT] := generic_rank_witness F n0 r0 k0; exact: mincut_rank_poly eT.
Qed.
