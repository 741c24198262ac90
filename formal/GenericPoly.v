(** * The polynomial step for odd [d] and for different cores

    PROOFS.md 3 for the families of [OddD.v] and [DifferentCores.v], as [GenericMinor.v] does it
    for even [d] and equal cores: one nonzero polynomial in the parameters off whose zero set the
    odd/even rank is the min-cut value.

    - [rank_poly_of_point]: a matrix [A] of polynomials in [N] variables whose value at one point
      [x0] has rank [>= s]: some [s x s] minor of [A] is a nonzero polynomial ([rank_minorP]), and
      wherever it does not vanish the value has rank [>= s] (evaluation is a ring morphism, so it
      commutes with minors: [det_map_mx]).
    - Odd [d = 2k + 1], equal cores, the [npar n r = n r + r^2 n + r n] parameters of
      [Polynomial.v]: [odd_mpoly k] is the odd matricization of the entry polynomials
      [entry_mpoly] ([odd_mpolyE]: at [x] it is [oddeven_odd_mx (param_tt x) k]);
      [generic_rank_poly_odd] (real fields): off the zero set of one nonzero polynomial the rank
      is [min(n, r ^ 2) ^ k].
    - Different cores, order [d = m + 2]: the [ndpar n r m = n r + m r^2 n + r n] parameters
      ([dpar_index]: [G_1(x)[b]], [G_(p+2)(x)[a, b]] for [p < m], [G_d(x)[a]]).  [ptrain] is the
      train over the polynomial ring whose core entries are the variables (cores at positions
      [>= m] zero); [param_dt x] is its value at [x] ([map_dt]: the cores mapped by a ring
      morphism, [map_dt_entry]).  [flatten_dt D] is the parameter vector of a train [D], and
      [param_dt (flatten_dt D)] has the entries of [D] on the words of length [<= m + 2]
      ([flatten_dt_entry]).  [generic_rank_poly_dt] ([d = 2k], [m = 2k - 2]) and
      [generic_rank_poly_odd_dt] ([d = 2k + 1], [m = 2k - 1]), real fields: off the zero set of
      one nonzero polynomial, the odd/even rank of the different-core train is the min-cut value
      (at most by [mincut_bound_dt], [mincut_bound_odd_dt]; at least by the minor at the
      equal-core witness). *)

From mathcomp Require Import all_ssreflect all_algebra.
From SsrMultinomials Require Import mpoly.
From TTExpr Require Import Matricization TensorTrain GenericRank Minors Polynomial DifferentCores
  OddD.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

(** A rank reached at one point is reached off the zero set of one nonzero polynomial. *)
Theorem rank_poly_of_point (F : fieldType) N m1 m2 (A : 'M[{mpoly F[N]}]_(m1, m2))
    (x0 : 'I_N -> F) s :
  (s <= \rank (map_mx (meval x0) A))%N ->
  exists P : {mpoly F[N]}, P != 0 /\
    forall x, P.@[x] != 0 -> (s <= \rank (map_mx (meval x) A))%N.
Proof.
move=> /rank_minorP [f [g [f_inj g_inj nz]]]; exists (\det (mxsub f g A)); split.
  by apply: contraNneq nz => P0; rewrite -map_mxsub det_map_mx P0 rmorph0.
by move=> x nzx; apply/rank_minorP; exists f, g; rewrite -map_mxsub det_map_mx.
Qed.

Section OddPoly.

Variables (F : fieldType) (n r k : nat).

(** The odd matricization, [d = 2k + 1], of the entry polynomials. *)
Definition odd_mpoly : 'M[{mpoly F[npar n r]}]_(n ^ k.+1, n ^ k) :=
  castmx (card_words n k.+1, card_words n k)
    (\matrix_(i, j) entry_mpoly n r F
       (odd_word (enum_val i : k.+1.-tuple 'I_n) (enum_val j : k.-tuple 'I_n))).

Lemma odd_mpolyE x : map_mx (meval x) odd_mpoly = oddeven_odd_mx (param_tt x) k.
Proof.
by rewrite map_castmx; congr castmx; apply/matrixP=> i j; rewrite !mxE matricization_entry_poly.
Qed.

Lemma flattenK_odd (T : ett F n r) : oddeven_odd_mx (param_tt (flatten T)) k = oddeven_odd_mx T k.
Proof. by congr castmx; apply/matrixP=> i j; rewrite !mxE flattenK_entry. Qed.

Theorem rank_poly_of_witness_odd (T : ett F n r) s :
  (s <= \rank (oddeven_odd_mx T k))%N ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 -> (s <= \rank (oddeven_odd_mx (param_tt x) k))%N.
Proof.
rewrite -flattenK_odd -odd_mpolyE => /rank_poly_of_point [P [P0 PT]].
by exists P; split=> // x; rewrite -odd_mpolyE; exact: PT.
Qed.

End OddPoly.

(** PROOFS 6.4, [d = 2k + 1], equal cores: off the zero set of one nonzero polynomial in the
    parameters, the odd/even rank is [min(n, r ^ 2) ^ k]. *)
Theorem generic_rank_poly_odd (F : realFieldType) n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists P : {mpoly F[npar n r]}, P != 0 /\
    forall x, P.@[x] != 0 -> \rank (oddeven_odd_mx (param_tt x) k) = (minn n (r * r) ^ k)%N.
Proof.
move=> n0 r0 k0; have [T eT] := generic_rank_witness_odd F n0 r0 k0.
have [P [P0 PT]] := rank_poly_of_witness_odd (eq_leq (esym eT)).
by exists P; split=> // x /PT lo; apply/eqP; rewrite eqn_leq lo mincut_bound_odd.
Qed.

Section MapDt.

Variables (R S : ringType) (f : {rmorphism R -> S}) (n r : nat).

(** The train whose cores are those of [D] mapped by [f]. *)
Definition map_dt (D : dtt R n r) : dtt S n r :=
  DTT (fun x => map_mx f (dt_first D x)) (fun p x => map_mx f (dt_core D p x))
      (fun x => map_mx f (dt_last D x)).

Lemma map_dprod D p s : dprod (map_dt D) p s = map_mx f (dprod D p s).
Proof. by elim: s p => [|x s IH] p /=; rewrite ?map_mx1 // map_mxM IH. Qed.

Lemma map_dt_entry D w : dt_entry (map_dt D) w = f (dt_entry D w).
Proof.
case: w => [|x s] /=; first by rewrite rmorph0.
by rewrite map_dprod -!map_mxM mxE.
Qed.

End MapDt.

Section DtParameters.

Variables n r m : nat.

(** The coordinates: [G_1(x)[b]], [G_(p+2)(x)[a, b]] ([p < m]), [G_d(x)[a]]. *)
Definition dpar_index := (('I_n * 'I_r) + ('I_m * ('I_r * 'I_r * 'I_n)) + ('I_r * 'I_n))%type.

Definition ndpar := (n * r + m * (r * r * n) + r * n)%N.

Lemma card_dpar : #|{: dpar_index}| = ndpar.
Proof. by rewrite !card_sum !card_prod !card_ord. Qed.

Definition dpidx (p : dpar_index) : 'I_ndpar := cast_ord card_dpar (enum_rank p).

Definition dpval (i : 'I_ndpar) : dpar_index := enum_val (cast_ord (esym card_dpar) i).

Lemma dpidxK : cancel dpidx dpval.
Proof. by move=> p; rewrite /dpval /dpidx cast_ordK enum_rankK. Qed.

Section Trains.

Variable F : fieldType.

Local Notation P := [ringType of {mpoly F[ndpar]}].

(** The train over the polynomial ring: each core entry is its own variable. *)
Definition ptrain : dtt P n r :=
  DTT (fun y => \row_b 'X_(dpidx (inl (inl (y, b)))))
      (fun p y => oapp (fun p' : 'I_m => \matrix_(a, b) 'X_(dpidx (inl (inr (p', (a, b, y))))))
                       0 (insub p))
      (fun y => \col_a 'X_(dpidx (inr (a, y)))).

Definition param_dt (x : 'I_ndpar -> F) : dtt F n r := map_dt (meval_rmorphism x) ptrain.

Lemma param_dtX (x : 'I_ndpar -> F) i : meval_rmorphism x 'X_i = x i.
Proof. exact: mevalXU. Qed.

Definition flatten_dt (D : dtt F n r) (i : 'I_ndpar) : F :=
  match dpval i with
  | inl (inl (y, b)) => dt_first D y 0 b
  | inl (inr (p, (a, b, y))) => dt_core D p y a b
  | inr (a, y) => dt_last D y a 0
  end.

(** Trains with the same first and last cores, and the same internal cores at the positions
    that the word reads, have the same entry. *)
Lemma eq_dprod (D D' : dtt F n r) p s :
  (forall q y, (p <= q < p + size s)%N -> dt_core D q y = dt_core D' q y) ->
  dprod D p s = dprod D' p s.
Proof.
elim: s p => [|y s IH] p //= eq; rewrite (eq p y) ?leqnn ?addnS ?ltnS ?leq_addr // IH //.
by move=> q z /andP [pq qs]; apply: eq; rewrite (ltnW pq) -addSnnS.
Qed.

Lemma eq_dt_entry (D D' : dtt F n r) w :
  dt_first D =1 dt_first D' -> dt_last D =1 dt_last D' ->
  (forall q y, (q < (size w).-2)%N -> dt_core D q y = dt_core D' q y) ->
  dt_entry D w = dt_entry D' w.
Proof.
case: w => [|x s] //= eF eL eM; rewrite eF eL (@eq_dprod D D') // => q y /andP [_].
by rewrite add0n size_behead size_belast; exact: eM.
Qed.

Lemma flatten_dt_entry (D : dtt F n r) w : (size w <= m.+2)%N ->
  dt_entry (param_dt (flatten_dt D)) w = dt_entry D w.
Proof.
move=> wm; apply: eq_dt_entry => [y|y|q y qw].
- by apply/rowP=> b; rewrite !mxE param_dtX /flatten_dt dpidxK.
- by apply/colP=> a; rewrite !mxE param_dtX /flatten_dt dpidxK.
have qm : (q < m)%N by apply: leq_trans qw _; rewrite -subn2 leq_subLR add2n.
by rewrite /= (insubT (fun q => q < m)%N qm) /=; apply/matrixP=> a b; rewrite !mxE param_dtX
  /flatten_dt dpidxK.
Qed.

(** The odd/even matricizations of the entry polynomials, [d = 2k] and [d = 2k + 1]. *)
Definition dt_oddeven_mpoly k : 'M[P]_(n ^ k) :=
  castmx (card_words n k, card_words n k)
    (\matrix_(i, j) dt_entry ptrain
       (interleave (enum_val i : k.-tuple 'I_n) (enum_val j : k.-tuple 'I_n))).

Definition dt_odd_mpoly k : 'M[P]_(n ^ k.+1, n ^ k) :=
  castmx (card_words n k.+1, card_words n k)
    (\matrix_(i, j) dt_entry ptrain
       (odd_word (enum_val i : k.+1.-tuple 'I_n) (enum_val j : k.-tuple 'I_n))).

Lemma dt_oddeven_mpolyE x k : map_mx (meval x) (dt_oddeven_mpoly k) = dt_oddeven_mx (param_dt x) k.
Proof. by rewrite map_castmx; congr castmx; apply/matrixP=> i j; rewrite !mxE map_dt_entry. Qed.

Lemma dt_odd_mpolyE x k : map_mx (meval x) (dt_odd_mpoly k) = dt_oddeven_odd_mx (param_dt x) k.
Proof. by rewrite map_castmx; congr castmx; apply/matrixP=> i j; rewrite !mxE map_dt_entry. Qed.

Lemma flatten_dt_oddeven (D : dtt F n r) k : (k.*2 <= m.+2)%N ->
  dt_oddeven_mx (param_dt (flatten_dt D)) k = dt_oddeven_mx D k.
Proof.
move=> km; congr castmx; apply/matrixP=> i j; rewrite !mxE flatten_dt_entry //.
by rewrite size_interleave !size_tuple.
Qed.

Lemma flatten_dt_odd (D : dtt F n r) k : (k.*2.+1 <= m.+2)%N ->
  dt_oddeven_odd_mx (param_dt (flatten_dt D)) k = dt_oddeven_odd_mx D k.
Proof.
move=> km; congr castmx; apply/matrixP=> i j; rewrite !mxE flatten_dt_entry //.
by rewrite (eqP (size_oe_odd _ _)).
Qed.

End Trains.

End DtParameters.

(** PROOFS 6.4, [d = 2k], different cores: off the zero set of one nonzero polynomial in the
    [n r + (2k - 2) r^2 n + r n] parameters, the odd/even rank is the min-cut value. *)
Theorem generic_rank_poly_dt (F : realFieldType) n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists P : {mpoly F[ndpar n r (k.*2).-2]}, P != 0 /\
    forall x, P.@[x] != 0 ->
      \rank (dt_oddeven_mx (param_dt x) k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)).
Proof.
move=> n0 r0 k0; have [T eT] := generic_rank_witness F n0 r0 k0.
have km : (k.*2 <= (k.*2).-2.+2)%N by case: (k) k0 => // -[|k'].
have := eq_leq (esym eT); rewrite -dt_oddeven_ett -(flatten_dt_oddeven _ km) -dt_oddeven_mpolyE.
move=> /rank_poly_of_point [P [P0 PT]]; exists P; split=> // x /PT; rewrite dt_oddeven_mpolyE.
by move=> lo; apply/eqP; rewrite eqn_leq lo mincut_bound_dt.
Qed.

(** PROOFS 6.4, [d = 2k + 1], different cores: off the zero set of one nonzero polynomial in the
    [n r + (2k - 1) r^2 n + r n] parameters, the odd/even rank is [min(n, r ^ 2) ^ k]. *)
Theorem generic_rank_poly_odd_dt (F : realFieldType) n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists P : {mpoly F[ndpar n r (k.*2).-1]}, P != 0 /\
    forall x, P.@[x] != 0 -> \rank (dt_oddeven_odd_mx (param_dt x) k) = (minn n (r * r) ^ k)%N.
Proof.
move=> n0 r0 k0; have [T eT] := generic_rank_witness_odd F n0 r0 k0.
have km : (k.*2.+1 <= (k.*2).-1.+2)%N by case: (k) k0.
have := eq_leq (esym eT); rewrite -dt_oddeven_odd_ett -(flatten_dt_odd _ km) -dt_odd_mpolyE.
move=> /rank_poly_of_point [P [P0 PT]]; exists P; split=> // x /PT; rewrite dt_odd_mpolyE.
by move=> lo; apply/eqP; rewrite eqn_leq lo mincut_bound_odd_dt.
Qed.
